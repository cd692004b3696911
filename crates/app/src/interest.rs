//! Interest tests: before making a product, a seller shows it "coming soon" and collects the
//! addresses of people who want to be told when it is on sale. Each request is confirmed by a
//! link sent to its address (double opt-in: unconfirmed requests never count and are never
//! written to again); the seller sees the demand per product and per day, may set a goal (told
//! once when it is reached), and puts the product on sale in one click, which tells every
//! confirmed request once, in its own language. Every e-mail links a page that withdraws the
//! request.
//!
//! Links name a request by `{id}.{mac}`, the MAC keyed by the server's secret: nothing secret is
//! stored, and a link cannot be guessed from another.

use hmac::{Hmac, Mac};
use sha2::Sha256;

use domain::error::ValidationError;
use store::id::ShopId;
use store::interest::{Demand, Request};
use store::outbox::EmailMessage;
use store::shop::Shop;
use store::Store;

use crate::{Error, Result};

fn refused(code: &'static str) -> Error {
    Error::Refused(ValidationError::new(code))
}

/// The shop's product `id`; one that does not exist is refused as not coming soon.
async fn product_of(
    conn: &mut store::Conn,
    shop: ShopId,
    id: i64,
) -> Result<store::catalog::Product> {
    match store::catalog::product(conn, shop, id).await {
        Ok(p) => Ok(p),
        Err(store::StoreError::NotFound) => Err(refused("interest-not-coming")),
        Err(e) => Err(e.into()),
    }
}

/// The token of request `id`'s links.
pub fn token(key: &[u8; 32], shop: ShopId, id: i64) -> String {
    format!(
        "{id}.{}",
        hex::encode(mac(key, shop, id).finalize().into_bytes())
    )
}

fn mac(key: &[u8; 32], shop: ShopId, id: i64) -> Hmac<Sha256> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(format!("interest:{shop}:{id}").as_bytes());
    mac
}

/// The request a link's token names, when the token is this server's for this shop.
pub fn request_of(key: &[u8; 32], shop: ShopId, token: &str) -> Option<i64> {
    let (id, sig) = token.split_once('.')?;
    let id: i64 = id.parse().ok()?;
    let sig = hex::decode(sig).ok()?;
    mac(key, shop, id).verify_slice(&sig).ok()?;
    Some(id)
}

/// What the confirmation e-mail is written from.
pub struct Asked<'a> {
    pub request: &'a Request,
    /// The product's title in the request's language.
    pub title: &'a str,
}

/// Someone asks to be told when `product` (coming soon) is on sale. A new request (or one
/// withdrawn before) is sent `confirmation` to confirm it; a confirmed one is left as it is
/// and sent nothing (the page says the same either way: an address's state is nobody's to
/// learn).
pub async fn ask(
    store: &Store,
    shop: &Shop,
    product: i64,
    email: &str,
    lang: &str,
    now: i64,
    confirmation: impl FnOnce(&Asked<'_>) -> EmailMessage,
) -> Result<()> {
    let email = domain::account::Email::parse(email).map_err(Error::Refused)?;
    let sid = shop.sid();
    let mut tx = store.begin().await?;
    let p = product_of(&mut tx, sid, product).await?;
    if p.status != "coming_soon" {
        return Err(refused("interest-not-coming"));
    }
    let request = store::interest::ask(&mut tx, sid, product, email.as_str(), lang, now).await?;
    if request.confirmed_at.is_none() {
        let title = title_in(&mut tx, shop, product, lang).await?;
        let msg = confirmation(&Asked {
            request: &request,
            title: &title,
        });
        store::outbox::enqueue_email(&mut tx, Some(sid), &msg).await?;
    }
    tx.commit().await.map_err(store::StoreError::from)?;
    Ok(())
}

/// The product's title and slug in `lang`, else in the shop's default language.
async fn text_in(
    conn: &mut store::Conn,
    shop: &Shop,
    product: i64,
    lang: &str,
) -> Result<(String, String)> {
    let texts = store::catalog::texts(conn, shop.sid(), product).await?;
    Ok(texts
        .iter()
        .find(|t| t.lang == lang)
        .or_else(|| texts.iter().find(|t| t.lang == shop.default_lang))
        .or(texts.first())
        .map(|t| (t.title.clone(), t.slug.clone()))
        .unwrap_or_default())
}

async fn title_in(conn: &mut store::Conn, shop: &Shop, product: i64, lang: &str) -> Result<String> {
    Ok(text_in(conn, shop, product, lang).await?.0)
}

/// A request as its links show it: what it is about.
pub struct Shown {
    pub request: Request,
    pub title: String,
    /// The product's slug in the request's language (for a link once it is on sale).
    pub slug: String,
    /// The product's status now (a launched product's page can be linked).
    pub status: String,
}

/// The request `id` of `shop`, with its product's title in its language.
pub async fn show(store: &Store, shop: &Shop, id: i64) -> Result<Option<Shown>> {
    let mut conn = store.reader().await?;
    let Some(request) = store::interest::by_id(&mut conn, shop.sid(), id).await? else {
        return Ok(None);
    };
    let (title, slug) = text_in(&mut conn, shop, request.product_id, &request.lang).await?;
    let status = store::catalog::product(&mut conn, shop.sid(), request.product_id)
        .await?
        .status;
    Ok(Some(Shown {
        request,
        title,
        slug,
        status,
    }))
}

/// The seller's e-mail when a test reaches its goal, to each of the shop's owners.
pub struct Reached<'a> {
    pub demand: &'a Demand,
    pub title: &'a str,
    pub to: &'a str,
}

/// Confirms request `id` (its address's owner followed the link). When the product's
/// confirmed requests reach the seller's goal for the first time, `reached` is written to
/// the seller, once. False when the request was withdrawn or already confirmed.
pub async fn confirm(
    store: &Store,
    shop: &Shop,
    id: i64,
    now: i64,
    reached: impl Fn(&Reached<'_>) -> EmailMessage,
) -> Result<bool> {
    let sid = shop.sid();
    let mut tx = store.begin().await?;
    // Confirmations of one shop one at a time: two at once on PostgreSQL would each count the
    // other's as not yet made, and neither would see the goal reached.
    store::guard::lock_shop(&mut tx, sid).await?;
    let Some(request) = store::interest::by_id(&mut tx, sid, id).await? else {
        return Ok(false);
    };
    if !store::interest::confirm(&mut tx, sid, id, now).await? {
        return Ok(false);
    }
    let demand = store::interest::demand_of(&mut tx, sid, request.product_id).await?;
    if demand.goal > 0
        && demand.confirmed >= demand.goal
        && store::interest::mark_reached(&mut tx, sid, request.product_id, now).await?
    {
        let title = title_in(&mut tx, shop, request.product_id, &shop.default_lang).await?;
        let owners = store::account::list_staff(&mut tx, sid).await?;
        for owner in owners.iter().filter(|s| s.role == "owner") {
            let msg = reached(&Reached {
                demand: &demand,
                title: &title,
                to: &owner.email,
            });
            store::outbox::enqueue_email(&mut tx, Some(sid), &msg).await?;
        }
    }
    tx.commit().await.map_err(store::StoreError::from)?;
    Ok(true)
}

/// Withdraws request `id`; false when it already was.
pub async fn cancel(store: &Store, shop: &Shop, id: i64, now: i64) -> Result<bool> {
    let mut tx = store.begin().await?;
    let done = store::interest::cancel(&mut tx, shop.sid(), id, now).await?;
    tx.commit().await.map_err(store::StoreError::from)?;
    Ok(done)
}

/// A product's test, as the seller sees it.
#[derive(Debug, Clone)]
pub struct Test {
    pub demand: Demand,
    pub title: String,
    /// Confirmations per day of the shop's calendar over the last [`DAYS`] days, oldest first:
    /// `(days since 1970-01-01, count)`, every day present.
    pub days: Vec<(i64, i64)>,
}

/// Days of demand the seller is shown.
pub const DAYS: i64 = 30;

/// Every product of the shop that is coming soon or was asked about.
pub async fn tests(store: &Store, shop: &Shop, now: i64) -> Result<Vec<Test>> {
    let mut conn = store.reader().await?;
    let sid = shop.sid();
    let mut out = Vec::new();
    for demand in store::interest::demand(&mut conn, sid).await? {
        let title = title_in(&mut conn, shop, demand.product_id, &shop.default_lang).await?;
        let tz = crate::calendar::shop_tz(&shop.timezone);
        let today = crate::calendar::day_of(now, tz);
        let first = today - (DAYS - 1);
        let since = crate::calendar::day_start(first, tz);
        let mut days: Vec<(i64, i64)> = (first..=today).map(|d| (d, 0)).collect();
        for (quarter, n) in
            store::interest::confirmed_per_quarter(&mut conn, sid, demand.product_id, since).await?
        {
            let day = crate::calendar::day_of(quarter * 900, tz);
            if let Some(slot) = days.get_mut((day - first) as usize) {
                slot.1 += n;
            }
        }
        out.push(Test {
            demand,
            title,
            days,
        });
    }
    Ok(out)
}

/// The seller's goal for `product`'s test (0: none; at most a million).
pub async fn set_goal(store: &Store, shop: &Shop, product: i64, goal: i64) -> Result<()> {
    if !(0..=1_000_000).contains(&goal) {
        return Err(refused("interest-goal"));
    }
    let sid = shop.sid();
    let mut tx = store.begin().await?;
    product_of(&mut tx, sid, product).await?;
    store::interest::set_goal(&mut tx, sid, product, goal).await?;
    tx.commit().await.map_err(store::StoreError::from)?;
    Ok(())
}

/// What a notice that a product is on sale is written from.
pub struct OnSale<'a> {
    pub request: &'a Request,
    /// The product's title and slug in the request's language.
    pub title: &'a str,
    pub slug: &'a str,
}

/// Puts `product` on sale (it must be coming soon, or already on sale after a launch cut
/// short) and tells every confirmed request not told yet, each in its language: `notice`
/// writes each e-mail, queued in the same transaction. Returns how many were told. Two
/// launches at once tell each person once.
pub async fn launch(
    store: &Store,
    shop: &Shop,
    product: i64,
    now: i64,
    notice: impl Fn(&OnSale<'_>) -> EmailMessage,
) -> Result<usize> {
    let sid = shop.sid();
    let mut tx = store.begin().await?;
    let p = product_of(&mut tx, sid, product).await?;
    match p.status.as_str() {
        "coming_soon" => {
            // The rule of a product on sale the editor checks: a title in the shop's language.
            // (Its other rules, a seller's SIRET for animals and described pictures, already
            // held for it to be shown coming soon.)
            let texts = store::catalog::texts(&mut tx, sid, product).await?;
            if !texts
                .iter()
                .any(|t| t.lang == shop.default_lang && !t.title.trim().is_empty())
            {
                return Err(refused("interest-needs-title"));
            }
            store::catalog::set_status(&mut tx, sid, &[product], "active").await?;
        }
        "active" => {}
        _ => return Err(refused("interest-not-coming")),
    }
    let told = store::interest::take_untold(&mut tx, sid, product, now).await?;
    let mut texts: Vec<(String, (String, String))> = Vec::new();
    for request in &told {
        let (title, slug) = match texts.iter().find(|(l, _)| *l == request.lang) {
            Some((_, t)) => t.clone(),
            None => {
                let t = text_in(&mut tx, shop, product, &request.lang).await?;
                texts.push((request.lang.clone(), t.clone()));
                t
            }
        };
        let msg = notice(&OnSale {
            request,
            title: &title,
            slug: &slug,
        });
        store::outbox::enqueue_email(&mut tx, Some(sid), &msg).await?;
    }
    tx.commit().await.map_err(store::StoreError::from)?;
    Ok(told.len())
}
