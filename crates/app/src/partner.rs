//! Partnerships between shops (see `domain::growth::partner`): invitations and their answers,
//! the partner's products a shop shows in its "our neighbours" block, the code each offers to
//! the other's shoppers, and what the block shows.
//!
//! A partnership is two rows, one per shop, written together. The transactions that change
//! both lock both shops, in the order of their ids (so that two of them never wait on each
//! other), before they count or check anything: the limit on partnerships holds on PostgreSQL
//! as on SQLite's single writer. A partnership that starts or ends bumps both shops' versions;
//! any other change of a partner reaches this shop's cached pages through `Shop::neighbours`.

use std::collections::HashMap;
use std::sync::Arc;

use domain::growth::partner::{self as rules, State, Target, MAX_PARTNERS, MAX_SHOWN};
use domain::tax::TaxProfile;
use domain::ValidationError;
use store::catalog_images::Image;
use store::id::ShopId;
use store::listing::Card;
use store::outbox::EmailMessage;
use store::partner::Partner;
use store::promotion::Promotion;
use store::shop::Shop;
use store::{Conn, Store, StoreError};

use crate::{Error, Result};

/// Invitations a shop may send a day, in all and to the same shop.
const INVITES_PER_DAY: i64 = 20;
const INVITES_PER_DAY_TO_ONE: i64 = 3;

fn refused(code: &'static str) -> Error {
    Error::Refused(ValidationError::new(code))
}

/// Every partnership of the shop, with its state as this shop sees it.
pub async fn list(store: &Store, shop: &Shop) -> Result<Vec<Partner>> {
    let mut conn = store.reader().await?;
    Ok(store::partner::list(&mut conn, shop.sid()).await?)
}

/// The shop's partnership with the shop whose address is `slug` (none: they have none).
pub async fn get(store: &Store, shop: &Shop, slug: &str) -> Result<Option<Partner>> {
    let mut conn = store.reader().await?;
    Ok(store::partner::by_slug(&mut conn, shop.sid(), slug).await?)
}

/// An e-mail about a partnership, to one of the other shop's owners.
pub struct Notice<'a> {
    /// The shop that acted (invited, accepted).
    pub from: &'a Shop,
    /// The shop told, and the owner's address.
    pub to: &'a Shop,
    pub email: &'a str,
    /// The invitation's words (empty for an acceptance and for an invitation without).
    pub message: &'a str,
    /// An acceptance (else an invitation).
    pub accepted: bool,
}

/// Locks both shops, the smaller id first.
async fn lock_pair(conn: &mut Conn, a: ShopId, b: ShopId) -> Result<()> {
    let (first, second) = if a.0 < b.0 { (a, b) } else { (b, a) };
    store::guard::lock_shop(conn, first).await?;
    store::guard::lock_shop(conn, second).await?;
    Ok(())
}

async fn tell_owners(
    conn: &mut Conn,
    from: &Shop,
    to: &Shop,
    message: &str,
    accepted: bool,
    mail: &impl Fn(&Notice<'_>) -> EmailMessage,
) -> Result<()> {
    let staff = store::account::list_staff(conn, to.sid()).await?;
    for owner in staff.iter().filter(|s| s.role == "owner") {
        let msg = mail(&Notice {
            from,
            to,
            email: &owner.email,
            message,
            accepted,
        });
        store::outbox::enqueue_email(conn, Some(to.sid()), &msg).await?;
    }
    Ok(())
}

/// Invites the shop named by `target` (its address, its own domain or its slug) to partner
/// with `shop`; its owners are told by e-mail (`mail`). Returns the shop invited.
pub async fn invite(
    store: &Store,
    shop: &Shop,
    target: &str,
    message: &str,
    platform_domain: Option<&str>,
    mail: impl Fn(&Notice<'_>) -> EmailMessage,
) -> Result<Shop> {
    let message = rules::message(message).map_err(Error::Refused)?;
    let target = rules::target(target, platform_domain).map_err(Error::Refused)?;
    let other = {
        let mut conn = store.reader().await?;
        let slug = match target {
            Target::Slug(s) => Some(s),
            Target::Domain(host) => store::shop::slug_for_domain(&mut conn, &host).await?,
        };
        match slug {
            Some(s) => store::shop::by_slug(&mut conn, &s).await?,
            None => None,
        }
    };
    let Some(other) = other.filter(|o| !o.is_suspended()) else {
        return Err(refused("partner-target-unknown"));
    };
    if other.id == shop.id {
        return Err(refused("partner-self"));
    }
    let now = store::now();
    let mut tx = store.begin().await?;
    match lock_pair(&mut tx, shop.sid(), other.sid()).await {
        Ok(()) => {}
        // Deleted since it was read.
        Err(Error::Store(StoreError::NotFound)) => return Err(refused("partner-target-unknown")),
        Err(e) => return Err(e),
    }
    if let Some(p) = store::partner::get(&mut tx, shop.sid(), other.id).await? {
        return Err(refused(match State::parse(&p.state) {
            Ok(State::Active) => "partner-already",
            Ok(State::Asked) => "partner-asked-already",
            Ok(State::Declined) => "partner-declined",
            _ => "partner-invited-already",
        }));
    }
    if store::partner::count(&mut tx, shop.sid()).await? >= MAX_PARTNERS {
        return Err(Error::Refused(
            ValidationError::new("partner-limit").with("max", MAX_PARTNERS),
        ));
    }
    // Each invitation is an e-mail to the other shop's owners: withdrawing and inviting again
    // must not make a mailing list of the platform.
    let day = 24 * 3600;
    let sent = store::limits::hit(&mut tx, &format!("partner-invite:{}", shop.id), day).await?;
    let to_them = store::limits::hit(
        &mut tx,
        &format!("partner-invite:{}:{}", shop.id, other.id),
        day,
    )
    .await?;
    if sent > INVITES_PER_DAY || to_them > INVITES_PER_DAY_TO_ONE {
        return Err(refused("partner-invite-limit"));
    }
    match store::partner::invite(&mut tx, shop.sid(), other.sid(), &message, now).await {
        Ok(()) => {}
        Err(StoreError::Conflict(_)) => return Err(refused("partner-invited-already")),
        Err(e) => return Err(e.into()),
    }
    tell_owners(&mut tx, shop, &other, &message, false, &mail).await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(other)
}

/// Accepts the invitation of partner `partner`: both shops show each other from now on, and
/// the inviting shop's owners are told.
pub async fn accept(
    store: &Store,
    shop: &Shop,
    partner: i64,
    mail: impl Fn(&Notice<'_>) -> EmailMessage,
) -> Result<()> {
    let now = store::now();
    let mut tx = store.begin().await?;
    lock_pair(&mut tx, shop.sid(), ShopId(partner)).await?;
    let other = store::shop::by_id(&mut tx, ShopId(partner)).await;
    let other = match other {
        Ok(o) => o,
        Err(StoreError::NotFound) => return Err(refused("partner-invitation-gone")),
        Err(e) => return Err(e.into()),
    };
    if store::partner::count_active(&mut tx, shop.sid()).await? >= MAX_PARTNERS {
        return Err(Error::Refused(
            ValidationError::new("partner-limit").with("max", MAX_PARTNERS),
        ));
    }
    if store::partner::count_active(&mut tx, other.sid()).await? >= MAX_PARTNERS {
        return Err(refused("partner-their-limit"));
    }
    if !store::partner::set_state(&mut tx, shop.sid(), partner, "asked", "active", now).await?
        || !store::partner::set_state(&mut tx, other.sid(), shop.id, "invited", "active", now)
            .await?
    {
        return Err(refused("partner-invitation-gone"));
    }
    bump_pair(&mut tx, shop.sid(), other.sid()).await?;
    tell_owners(&mut tx, shop, &other, "", true, &mail).await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(())
}

async fn bump_pair(conn: &mut Conn, a: ShopId, b: ShopId) -> Result<()> {
    let (first, second) = if a.0 < b.0 { (a, b) } else { (b, a) };
    store::shop::bump_version(conn, first).await?;
    store::shop::bump_version(conn, second).await?;
    Ok(())
}

/// Leaves the partnership with `partner`, whatever its state: withdraws this shop's
/// invitation, declines the other's (it sees that it was declined), ends an active
/// partnership (both blocks go, and the codes offered stay valid but credit nobody), or
/// forgets a declined invitation. False when there was none.
pub async fn leave(store: &Store, shop: &Shop, partner: i64) -> Result<bool> {
    let now = store::now();
    let mut tx = store.begin().await?;
    lock_pair(&mut tx, shop.sid(), ShopId(partner)).await?;
    let Some(mine) = store::partner::get(&mut tx, shop.sid(), partner).await? else {
        return Ok(false);
    };
    store::partner::delete(&mut tx, shop.sid(), partner).await?;
    match State::parse(&mine.state) {
        Ok(State::Asked) => {
            store::partner::set_state(
                &mut tx,
                ShopId(partner),
                shop.id,
                "invited",
                "declined",
                now,
            )
            .await?;
        }
        Ok(State::Declined) => {}
        Ok(State::Active) => {
            store::partner::delete(&mut tx, ShopId(partner), shop.id).await?;
            bump_pair(&mut tx, shop.sid(), ShopId(partner)).await?;
        }
        _ => {
            store::partner::delete(&mut tx, ShopId(partner), shop.id).await?;
        }
    }
    tx.commit().await.map_err(StoreError::from)?;
    Ok(true)
}

async fn active_partner(conn: &mut Conn, shop: &Shop, partner: i64) -> Result<Partner> {
    match store::partner::get(conn, shop.sid(), partner).await? {
        Some(p) if p.state == State::Active.as_str() => Ok(p),
        _ => Err(StoreError::NotFound.into()),
    }
}

/// Shows (`show`) or stops showing one of partner `partner`'s products in the shop's block. A
/// product the partner does not sell openly is not found; at most [`MAX_SHOWN`] are shown.
pub async fn choose(
    store: &Store,
    shop: &Shop,
    partner: i64,
    product: i64,
    show: bool,
) -> Result<()> {
    let mut tx = store.begin().await?;
    store::guard::queue_on_shop(&mut tx, shop.sid()).await?;
    active_partner(&mut tx, shop, partner).await?;
    if show {
        let visible =
            store::mall::cards(&mut tx, &[(partner, product)], &shop.default_lang).await?;
        if visible.is_empty() {
            return Err(StoreError::NotFound.into());
        }
        let shown = store::partner::products(&mut tx, shop.sid(), partner).await?;
        if shown.contains(&product) {
            return Ok(());
        }
        // Those the partner took off sale since show nothing and take no place.
        let pairs: Vec<(i64, i64)> = shown.iter().map(|p| (partner, *p)).collect();
        let on_sale = store::mall::cards(&mut tx, &pairs, &shop.default_lang).await?;
        if on_sale.len() >= MAX_SHOWN {
            return Err(Error::Refused(
                ValidationError::new("partner-shown-limit").with("max", MAX_SHOWN),
            ));
        }
        store::partner::add_product(&mut tx, shop.sid(), partner, product).await?;
    } else if !store::partner::remove_product(&mut tx, shop.sid(), partner, product).await? {
        return Ok(());
    }
    store::shop::bump_version(&mut tx, shop.sid()).await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(())
}

/// Offers one of the shop's discount codes (`promotion`; none: no offer) to partner
/// `partner`'s shoppers: its block shows it, and the orders that use it are credited to it.
pub async fn set_offer(
    store: &Store,
    shop: &Shop,
    partner: i64,
    promotion: Option<i64>,
) -> Result<()> {
    let mut tx = store.begin().await?;
    store::guard::queue_on_shop(&mut tx, shop.sid()).await?;
    let current = active_partner(&mut tx, shop, partner).await?;
    if current.offer_promotion_id == promotion {
        return Ok(());
    }
    if let Some(id) = promotion {
        let p = store::promotion::by_id(&mut tx, shop.sid(), id).await?;
        if p.is_none_or(|p| p.code.is_none()) {
            return Err(refused("partner-offer-code"));
        }
        let affiliates = store::affiliate::list(&mut tx, shop.sid()).await?;
        if affiliates.iter().any(|a| a.promotion_id == Some(id)) {
            return Err(refused("partner-offer-taken"));
        }
    }
    match store::partner::set_offer(&mut tx, shop.sid(), partner, promotion).await {
        Ok(_) => {}
        Err(StoreError::Conflict(_)) => return Err(refused("partner-offer-taken")),
        Err(e) => return Err(e.into()),
    }
    // The partner's pages show it: they follow this shop's version.
    store::shop::bump_version(&mut tx, shop.sid()).await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(())
}

/// The shop's codes it may offer a partner: those with a code, switched on.
pub async fn offerable(store: &Store, shop: &Shop) -> Result<Vec<Promotion>> {
    let mut conn = store.reader().await?;
    Ok(store::promotion::list(&mut conn, shop.sid())
        .await?
        .into_iter()
        .map(|(p, _)| p)
        .filter(|p| p.code.is_some() && p.active != 0)
        .collect())
}

/// The partner an order using `promotion` is credited to, by its address: the active partner
/// the shop offers that code to.
pub async fn credited_partner(
    conn: &mut Conn,
    shop: ShopId,
    promotion: i64,
) -> Result<Option<String>> {
    Ok(store::partner::offered_to(conn, shop, promotion)
        .await?
        .map(|(_, slug)| slug))
}

/// A partner as the shop's "our neighbours" block shows it.
#[derive(Debug, Clone)]
pub struct Neighbour {
    pub shop: Arc<Shop>,
    /// Its own verified domain, when it has one.
    pub domain: Option<String>,
    /// How it shows prices.
    pub tax: TaxProfile,
    /// The products of it the shop chose, in its order, in each of the shop's languages (the
    /// partner's own language when it lacks one): `(lang, cards)`.
    pub cards: Vec<(String, Vec<Card>)>,
    pub images: HashMap<i64, Vec<Image>>,
    /// The code it offers this shop's shoppers, when it offers one that is switched on.
    pub offer: Option<Promotion>,
}

impl Neighbour {
    /// Its cards in `lang` (the shop's default language's when `lang` is not the shop's).
    pub fn cards_in(&self, lang: &str) -> &[Card] {
        self.cards
            .iter()
            .find(|(l, _)| l == lang)
            .or_else(|| self.cards.first())
            .map(|(_, c)| c.as_slice())
            .unwrap_or(&[])
    }
}

/// The shop's neighbours (its active partners that are open), oldest partnership first, in
/// a few queries whatever their number.
pub async fn neighbours(conn: &mut Conn, shop: &Shop) -> Result<Vec<Neighbour>> {
    let rows = store::partner::neighbours(conn, shop.sid()).await?;
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<i64> = rows.iter().map(|r| r.partner_id).collect();
    let shops: HashMap<i64, Arc<Shop>> = store::shop::by_ids(conn, &ids)
        .await?
        .into_iter()
        .map(|s| (s.id, Arc::new(s)))
        .collect();
    let domains: HashMap<i64, String> = store::mall::domains(conn, &ids)
        .await?
        .into_iter()
        .collect();
    let taxes = crate::checkout::tax_profiles(conn, &ids).await?;
    let mut chosen: Vec<(i64, Vec<i64>)> = Vec::with_capacity(rows.len());
    for r in &rows {
        chosen.push((
            r.partner_id,
            store::partner::products(conn, shop.sid(), r.partner_id).await?,
        ));
    }
    let pairs: Vec<(i64, i64)> = chosen
        .iter()
        .flat_map(|(s, ps)| ps.iter().map(move |p| (*s, *p)))
        .collect();
    let mut by_lang: Vec<(String, Vec<store::mall::FoundCard>)> = Vec::new();
    for lang in shop.lang_list() {
        let cards = store::mall::cards(conn, &pairs, &lang).await?;
        by_lang.push((lang, cards));
    }
    let image_keys: Vec<(ShopId, i64)> = pairs.iter().map(|(s, p)| (ShopId(*s), *p)).collect();
    let images = store::catalog_images::for_products_of_shops(conn, &image_keys).await?;
    let now = store::now();
    let mut out = Vec::with_capacity(rows.len());
    for (r, (_, products)) in rows.iter().zip(&chosen) {
        let (Some(s), Some(tax)) = (shops.get(&r.partner_id), taxes.get(&r.partner_id)) else {
            continue;
        };
        let offer = match r.offer_promotion_id {
            Some(id) => store::promotion::by_id(conn, ShopId(r.partner_id), id)
                .await?
                .filter(|p| {
                    p.active != 0
                        && p.code.is_some()
                        && crate::promotion::terms_of(p).usable(now, 0, 0).is_ok()
                }),
            None => None,
        };
        let cards = by_lang
            .iter()
            .map(|(lang, found)| {
                let ordered = products
                    .iter()
                    .filter_map(|p| {
                        found
                            .iter()
                            .find(|f| f.shop_id == r.partner_id && f.card.id == *p)
                            .map(|f| f.card.clone())
                    })
                    .collect();
                (lang.clone(), ordered)
            })
            .collect();
        out.push(Neighbour {
            shop: s.clone(),
            domain: domains.get(&r.partner_id).cloned(),
            tax: *tax,
            cards,
            images: products
                .iter()
                .filter_map(|p| images.get(&(r.partner_id, *p)).map(|i| (*p, i.clone())))
                .collect(),
            offer,
        });
    }
    Ok(out)
}
