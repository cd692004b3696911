//! Gifts at checkout: the order goes to someone other than the buyer — or to several people, a
//! company sending trays to its clients — each recipient with an address, a message for the
//! packing slip, a delivery date if one is wanted, a method, and an e-mail address for a note.
//! Each recipient gets a parcel: shipping is quoted per parcel with the shop's table, VAT per
//! parcel for its destination (then added up), and a date is accepted only when the parcel's
//! products can leave and arrive by then (`domain::delivery`).
//!
//! The note to a recipient is written in the shop's language when the order is placed and sent
//! when the order ships, so that nobody hears of a gift whose order is then cancelled unpaid,
//! and the surprise arrives with the parcel rather than days before.

use chrono::NaiveDate;
use chrono_tz::Tz;
use domain::catalog::details::Details;
use domain::catalog::product::{ProductKind, VatClass};
use domain::country::{Country, Destination};
use domain::delivery::{DeliveryContext, DeliveryWindow, DispatchRule};
use domain::order::gift::{check_shares, GiftMessage, MAX_RECIPIENTS};
use domain::order::Fulfilment;
use domain::shipping::{Offer, ParcelLine, ShippingChoice, ShippingTable};
use domain::tax::{EuSales, TaxBreakdown, TaxInput, TaxLine, TaxProfile};
use domain::ValidationError;
use serde::{Deserialize, Serialize};
use store::id::{OrderId, ShopId};
use store::shop::Shop;
use store::{Conn, Store};

use crate::cart::{self, Cart, Owner};
use crate::checkout::{check_address, Address, PACKAGING_G};
use crate::{Error, Result};

/// The gift as typed at checkout, kept with the cart.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Gift {
    pub recipients: Vec<Recipient>,
}

impl Gift {
    /// Where its parcels go, for tax and delivery.
    pub(crate) fn destinations(&self, profile: &TaxProfile) -> Vec<Destination> {
        self.recipients
            .iter()
            .map(|r| crate::checkout::destination_of(&r.address, profile))
            .collect()
    }
}

/// One recipient and their parcel.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Recipient {
    pub address: Address,
    /// Where to send the note when the order ships; empty: no note.
    pub email: String,
    pub message: String,
    /// YYYY-MM-DD, or empty for "as soon as possible".
    pub date: String,
    pub shipping_method: Option<String>,
    /// With several recipients, what each receives of the cart's lines (by cart line id); a
    /// single recipient receives everything.
    pub shares: Vec<Share>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Share {
    pub line: i64,
    pub quantity: i64,
}

impl Recipient {
    fn share_of(&self, line: i64) -> i64 {
        self.shares
            .iter()
            .filter(|s| s.line == line)
            .map(|s| s.quantity)
            .sum()
    }
}

/// What the delivery dates depend on besides the parcel: now, the shop's time zone, and where
/// parcels leave from (its public holidays have no collection).
#[derive(Debug, Clone)]
pub struct DateFacts {
    pub now: i64,
    pub tz: Tz,
    pub origin: Destination,
}

pub async fn date_facts(conn: &mut Conn, shop: &Shop, now: i64) -> Result<DateFacts> {
    let legal = store::legal::get(conn, shop.sid()).await?;
    Ok(facts_of(&legal, shop, now))
}

/// [`date_facts`] from a legal identity already read.
pub(crate) fn facts_of(legal: &store::legal::LegalIdentity, shop: &Shop, now: i64) -> DateFacts {
    let country = Country::parse(&legal.country).unwrap_or(Country::FR);
    DateFacts {
        now,
        tz: crate::calendar::shop_tz(&shop.timezone),
        origin: Destination::new(country, &legal.postal_code),
    }
}

/// A share of one cart line in a parcel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartLine {
    /// The line's index in the cart (its position in the order, less one).
    pub index: usize,
    pub quantity: i64,
    /// Its part of the line's amount (the line's amount split by quantities, to the cent).
    pub amount_minor: i64,
}

/// One recipient's parcel, priced and dated.
#[derive(Debug, Clone)]
pub struct ParcelQuote {
    /// 1, 2…
    pub position: usize,
    pub recipient: Recipient,
    pub lines: Vec<PartLine>,
    /// The methods that can deliver this parcel there, cheapest first.
    pub offers: Vec<Offer>,
    pub no_delivery: Option<ValidationError>,
    pub chosen: Option<Offer>,
    pub tax: Option<TaxBreakdown>,
    /// The first date the buyer may ask for, with the chosen method (else the first offered).
    pub earliest: Option<NaiveDate>,
    /// When to send it so that it arrives on the date asked for.
    pub plan: Option<DeliveryWindow>,
    /// What cannot be used of what was typed for this recipient, by field.
    pub errors: Vec<(&'static str, ValidationError)>,
}

/// A gift order's parcels.
#[derive(Debug, Clone)]
pub struct GiftQuote {
    pub parcels: Vec<ParcelQuote>,
    /// The quantities given to the recipients do not add up to the cart's.
    pub shares_error: Option<ValidationError>,
    /// The parcels' VAT added up, when every parcel could be taxed.
    pub tax: Option<TaxBreakdown>,
    pub shipping_minor: i64,
}

impl GiftQuote {
    /// Every parcel can leave as asked.
    pub fn ready(&self) -> bool {
        self.first_problem().is_none()
    }

    /// The first reason the gift cannot be ordered as it is.
    pub fn first_problem(&self) -> Option<ValidationError> {
        if let Some(e) = &self.shares_error {
            return Some(e.clone());
        }
        for p in &self.parcels {
            if let Some((_, e)) = p.errors.first() {
                return Some(e.clone());
            }
            if let Some(e) = &p.no_delivery {
                return Some(e.clone());
            }
            if p.chosen.is_none() {
                return Some(ValidationError::new("checkout-shipping-required"));
            }
        }
        if self.tax.is_none() {
            return Some(ValidationError::new("checkout-tax-unavailable"));
        }
        None
    }

    /// Each order line's VAT rate and amount, from its parts in the parcels.
    pub fn line_taxes(&self, lines: usize) -> Vec<(u32, i64, i64)> {
        let mut out = vec![(0u32, 0i64, 0i64); lines];
        for p in &self.parcels {
            let Some(tax) = &p.tax else { continue };
            for (part, t) in p.lines.iter().zip(&tax.lines) {
                let vat = if tax.amounts_include_tax {
                    domain::tax::vat_included(t.amount_minor, t.rate_bp)
                } else {
                    domain::tax::vat_on(t.amount_minor, t.rate_bp)
                };
                if let Some(o) = out.get_mut(part.index) {
                    o.0 = t.rate_bp;
                    o.1 += vat;
                    o.2 += t.amount_minor;
                }
            }
        }
        out
    }
}

/// The fields of a recipient that cannot be used, each with its message (field names as the
/// checkout's address form, plus `email`, `message` and `date`).
pub fn check_recipient(r: &Recipient) -> Vec<(&'static str, ValidationError)> {
    let mut errors = check_address(&r.address);
    if !r.email.trim().is_empty() {
        if let Err(e) = domain::account::Email::parse(&r.email) {
            errors.push(("email", e));
        }
    }
    if let Err(e) = GiftMessage::parse(&r.message) {
        errors.push(("message", e));
    }
    errors
}

fn parse_date(s: &str) -> std::result::Result<Option<NaiveDate>, ValidationError> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| ValidationError::new("gift-date-invalid"))
}

/// Prices and dates the gift's parcels for the cart, with what promotions take off it (each
/// line's discount shared between the recipients as its price is; free delivery for each).
pub fn price(
    cart: &Cart,
    discount: &crate::promotion::Discount,
    profile: &TaxProfile,
    eu: &EuSales,
    table: &ShippingTable,
    gift: &Gift,
    facts: &DateFacts,
) -> GiftQuote {
    let n = gift.recipients.len();
    // matrix[r][i]: what recipient r receives of cart line i.
    let matrix: Vec<Vec<i64>> = if n == 1 {
        vec![cart.lines.iter().map(|l| l.view.quantity).collect()]
    } else {
        gift.recipients
            .iter()
            .map(|r| {
                cart.lines
                    .iter()
                    .map(|l| r.share_of(l.view.line_id))
                    .collect()
            })
            .collect()
    };
    let ordered: Vec<i64> = cart.lines.iter().map(|l| l.view.quantity).collect();
    let shares_error = check_shares(&ordered, &matrix).err();
    // Each line's amount split between the recipients in proportion to their quantities.
    let amounts: Vec<Vec<i64>> = cart
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let weights: Vec<i64> = matrix.iter().map(|m| m[i].max(0)).collect();
            if weights.iter().all(|w| *w == 0) {
                vec![0; weights.len()]
            } else {
                let off = discount.lines.get(i).copied().unwrap_or(0);
                domain::tax::split_pro_rata(l.total_minor - off, &weights)
            }
        })
        .collect();
    let parcels: Vec<ParcelQuote> = gift
        .recipients
        .iter()
        .enumerate()
        .map(|(r, recipient)| {
            let lines: Vec<PartLine> = cart
                .lines
                .iter()
                .enumerate()
                .filter(|(i, _)| matrix[r][*i] > 0)
                .map(|(i, _)| PartLine {
                    index: i,
                    quantity: matrix[r][i],
                    amount_minor: amounts[i][r],
                })
                .collect();
            parcel(
                cart,
                profile,
                eu,
                table,
                facts,
                r + 1,
                recipient,
                lines,
                discount,
            )
        })
        .collect();
    let taxes: Option<Vec<TaxBreakdown>> = parcels.iter().map(|p| p.tax.clone()).collect();
    GiftQuote {
        tax: taxes.and_then(|t| domain::tax::combine(&t)),
        shipping_minor: parcels
            .iter()
            .filter_map(|p| p.chosen.as_ref())
            .map(|o| o.price_minor)
            .sum(),
        shares_error,
        parcels,
    }
}

#[allow(clippy::too_many_arguments)]
fn parcel(
    cart: &Cart,
    profile: &TaxProfile,
    eu: &EuSales,
    table: &ShippingTable,
    facts: &DateFacts,
    position: usize,
    recipient: &Recipient,
    lines: Vec<PartLine>,
    discount: &crate::promotion::Discount,
) -> ParcelQuote {
    let mut errors = check_recipient(recipient);
    let dest = crate::checkout::destination_of(&recipient.address, profile);
    let kind = |i: usize| cart.lines[i].kind.unwrap_or(ProductKind::Physical);
    let parcel_lines: Vec<ParcelLine> = lines
        .iter()
        .map(|p| {
            let v = &cart.lines[p.index].view;
            ParcelLine {
                kind: kind(p.index),
                quantity: u32::try_from(p.quantity).unwrap_or(0),
                unit_weight_g: u32::try_from(v.weight_grams.unwrap_or(0)).unwrap_or(0),
                amount_minor: p.amount_minor,
            }
        })
        .collect();
    let (offers, mut no_delivery) =
        match domain::shipping::quote(table, &parcel_lines, &dest, PACKAGING_G) {
            Ok(ShippingChoice::Offers(o)) => (crate::checkout::free_if(o, discount), None),
            // A gift of downloads or services only: nothing to send.
            Ok(ShippingChoice::NotNeeded) => (
                Vec::new(),
                Some(ValidationError::new("gift-nothing-to-send")),
            ),
            Err(e) => (Vec::new(), Some(e)),
        };
    // A gift goes to its recipient: collecting it at the shop is not a delivery.
    let delivered: Vec<Offer> = offers
        .iter()
        .filter(|o| o.carrier.fulfilment() == Fulfilment::Shipping)
        .cloned()
        .collect();
    if no_delivery.is_none() && delivered.is_empty() {
        no_delivery = Some(ValidationError::new("gift-needs-delivery"));
    }
    let chosen = recipient
        .shipping_method
        .as_deref()
        .and_then(|k| delivered.iter().find(|o| o.key == k))
        .cloned();
    if chosen.is_none() && no_delivery.is_none() {
        errors.push((
            "shipping",
            ValidationError::new("checkout-shipping-required"),
        ));
    }
    let tax_lines: Vec<TaxLine> = lines
        .iter()
        .map(|p| TaxLine {
            amount_minor: p.amount_minor,
            class: VatClass::parse(&cart.lines[p.index].view.vat_class)
                .unwrap_or(VatClass::Standard),
            supply: domain::tax::Supply::of(kind(p.index), false),
        })
        .collect();
    let tax = domain::tax::compute(TaxInput {
        profile,
        eu_sales: eu,
        destination: &dest,
        lines: &tax_lines,
        shipping_minor: chosen.as_ref().map_or(0, |o| o.price_minor),
    })
    .ok();
    // Dates: every product of the parcel leaves together, by the chosen method (or, until one
    // is chosen, the first offered, for the date picker's minimum).
    let rules: Vec<DispatchRule> = lines
        .iter()
        .filter_map(|p| {
            let v = &cart.lines[p.index].view;
            DispatchRule::for_product(kind(p.index), &Details::from_json(&v.details))
        })
        .collect();
    let by = chosen.as_ref().or(delivered.first());
    let mut earliest = None;
    let mut plan = None;
    if let Some(method) = by {
        let ctx = DeliveryContext {
            now_utc: facts.now,
            shop_tz: facts.tz,
            origin: &facts.origin,
            rules: &rules,
            transit: method.transit,
            destination: &dest,
        };
        earliest = ctx.earliest_date().ok();
        match parse_date(&recipient.date) {
            Ok(None) => {}
            Ok(Some(date)) if chosen.is_some() => match ctx.plan_for(date) {
                Ok(w) => plan = Some(w),
                Err(e) => errors.push(("date", e)),
            },
            Ok(Some(_)) => {}
            Err(e) => errors.push(("date", e)),
        }
    }
    ParcelQuote {
        position,
        recipient: recipient.clone(),
        lines,
        offers: delivered,
        no_delivery,
        chosen,
        tax,
        earliest,
        plan,
        errors,
    }
}

/// Prices and dates `gift` for the cart of `owner` (the recipients' form, before it is kept).
pub async fn quote(
    store: &Store,
    shop: &Shop,
    owner: Owner<'_>,
    gift: &Gift,
    lang: &str,
) -> Result<Option<(Cart, GiftQuote)>> {
    let Some(cart) = cart::view(store, shop, owner, lang).await? else {
        return Ok(None);
    };
    let mut conn = store.reader().await?;
    let legal = store::legal::get(&mut conn, shop.sid()).await?;
    let profile = crate::checkout::tax_profile_of(&mut conn, shop.sid(), &legal).await?;
    let table = crate::checkout::shipping_table(&mut conn, shop).await?;
    let facts = facts_of(&legal, shop, store::now());
    let to = gift.destinations(&profile);
    let eu = crate::checkout::eu_sales(&mut conn, shop, &profile, &to, store::now()).await?;
    let discount = crate::promotion::of_cart(store, shop, owner, &cart).await?;
    let q = price(&cart, &discount, &profile, &eu, &table, gift, &facts);
    Ok(Some((cart, q)))
}

/// The gift kept with the cart of `owner`, if the buyer made the order a gift.
pub async fn load(store: &Store, shop: &Shop, owner: Owner<'_>) -> Result<Option<Gift>> {
    let mut conn = store.reader().await?;
    of_owner(&mut conn, shop.sid(), owner).await
}

pub(crate) async fn of_owner(
    conn: &mut Conn,
    shop: ShopId,
    owner: Owner<'_>,
) -> Result<Option<Gift>> {
    let Some(cart) = cart::find_cart(conn, shop, owner).await? else {
        return Ok(None);
    };
    Ok(store::gift::of_cart(conn, shop, cart)
        .await?
        .and_then(|j| serde_json::from_str::<Gift>(&j).ok())
        .filter(|g| !g.recipients.is_empty()))
}

/// Keeps the gift with the cart of `owner`; None (or no recipient) makes the order an
/// ordinary one again. Refused without a cart, or with too many recipients.
pub async fn save(store: &Store, shop: &Shop, owner: Owner<'_>, gift: Option<&Gift>) -> Result<()> {
    let sid = shop.sid();
    if gift.is_some_and(|g| g.recipients.len() > MAX_RECIPIENTS) {
        return Err(Error::Refused(
            ValidationError::new("gift-too-many-recipients").with("max", MAX_RECIPIENTS),
        ));
    }
    let mut tx = store.begin().await?;
    let Some(cart) = cart::find_cart(&mut tx, sid, owner).await? else {
        return Err(Error::Refused(ValidationError::new("checkout-cart-empty")));
    };
    let json = gift
        .filter(|g| !g.recipients.is_empty())
        .map(|g| serde_json::to_string(g).unwrap_or_else(|_| "{}".into()));
    store::gift::set_for_cart(&mut tx, sid, cart, json.as_deref()).await?;
    tx.commit().await.map_err(store::StoreError::from)?;
    Ok(())
}

/// Writes the order's parcels and what each holds (order lines are the cart's, in order).
pub(crate) async fn record(
    tx: &mut Conn,
    shop: ShopId,
    order: OrderId,
    g: &GiftQuote,
) -> Result<Vec<store::gift::Parcel>> {
    let mut out = Vec::new();
    for p in &g.parcels {
        let r = &p.recipient;
        let message = GiftMessage::parse(&r.message).map_err(Error::Refused)?;
        let email = r.email.trim().to_lowercase();
        let row = store::gift::Parcel {
            position: p.position as i64,
            address: serde_json::to_string(&r.address).unwrap_or_default(),
            message: message.as_str().to_string(),
            deliver_on: p.plan.map(|_| r.date.trim().to_string()),
            dispatch_on: p.plan.map(|w| w.dispatch_on.format("%Y-%m-%d").to_string()),
            shipping_method: p.chosen.as_ref().map(|o| o.key.clone()),
            shipping_name: p
                .chosen
                .as_ref()
                .map(|o| o.name.clone())
                .unwrap_or_default(),
            shipping_minor: p.chosen.as_ref().map_or(0, |o| o.price_minor),
            notify_email: Some(email).filter(|e| !e.is_empty()),
            ..Default::default()
        };
        store::gift::insert_parcel(tx, shop, order, &row).await?;
        for l in &p.lines {
            store::gift::insert_share(
                tx,
                shop,
                order,
                row.position,
                l.index as i64 + 1,
                l.quantity,
            )
            .await?;
        }
        out.push(row);
    }
    Ok(out)
}

/// Keeps the note to the recipient of parcel `position`, written when the order is placed, to
/// send when it ships.
pub(crate) async fn keep_note(
    tx: &mut Conn,
    shop: ShopId,
    order: OrderId,
    position: i64,
    msg: &store::outbox::EmailMessage,
) -> Result<()> {
    store::gift::set_note(
        tx,
        shop,
        order,
        position,
        &msg.subject,
        &msg.text,
        msg.html.as_deref(),
    )
    .await?;
    Ok(())
}

/// Queues the notes to the order's recipients that are still due (the order ships).
pub(crate) async fn send_notes(tx: &mut Conn, shop: ShopId, order: OrderId) -> Result<()> {
    for p in store::gift::take_due_notes(tx, shop, order, store::now()).await? {
        let (Some(to), Some(subject), Some(text)) = (p.notify_email, p.note_subject, p.note_text)
        else {
            continue;
        };
        let msg = store::outbox::EmailMessage {
            to,
            subject,
            text,
            html: p.note_html,
            attachments: Vec::new(),
            unsubscribe: None,
        };
        store::outbox::enqueue_email(tx, Some(shop), &msg).await?;
    }
    Ok(())
}

/// An order's parcels with what each holds: for a gift, its recipients; otherwise one parcel
/// to the shipping address with every line (none when nothing is shipped).
#[derive(Debug, Clone)]
pub struct Slip {
    pub parcel: store::gift::Parcel,
    /// (order line, quantity in this parcel).
    pub lines: Vec<(store::order::Line, i64)>,
    /// The recipient's (or buyer's) address.
    pub address: Address,
    pub is_gift: bool,
}

/// The parcels of the shop's order `number`, for the packing slips and the order pages.
pub async fn slips(
    conn: &mut Conn,
    shop: ShopId,
    order: &store::order::Order,
) -> Result<Vec<Slip>> {
    let lines = store::order::lines(conn, shop, order.id).await?;
    let parcels = store::gift::parcels(conn, shop, order.id).await?;
    if parcels.is_empty() {
        let Some(address) = order.shipping_address.as_deref() else {
            return Ok(Vec::new());
        };
        let parcel = store::gift::Parcel {
            position: 1,
            address: address.to_string(),
            shipping_method: order.shipping_method.clone(),
            shipping_name: order.shipping_name.clone(),
            shipping_minor: order.shipping_minor,
            ..Default::default()
        };
        return Ok(vec![Slip {
            address: serde_json::from_str(address).unwrap_or_default(),
            lines: lines
                .into_iter()
                .filter(|l| ProductKind::parse(&l.kind).map_or(true, |k| k.is_shipped()))
                .map(|l| {
                    let q = l.quantity;
                    (l, q)
                })
                .collect(),
            parcel,
            is_gift: false,
        }]);
    }
    let shares = store::gift::shares(conn, shop, order.id).await?;
    Ok(parcels
        .into_iter()
        .map(|p| Slip {
            address: serde_json::from_str(&p.address).unwrap_or_default(),
            lines: shares
                .iter()
                .filter(|(parcel, _, _)| *parcel == p.position)
                .filter_map(|(_, line, q)| {
                    lines
                        .iter()
                        .find(|l| l.position == *line)
                        .map(|l| (l.clone(), *q))
                })
                .collect(),
            parcel: p,
            is_gift: true,
        })
        .collect())
}

/// Message ids of this module, with their arguments.
pub const CODES: &[(&str, &[&str])] = &[
    ("gift-date-invalid", &[]),
    ("gift-nothing-to-send", &[]),
    ("gift-needs-delivery", &[]),
];
