//! Checkout: from a cart to an order. [`quote`] prices a cart for a destination (delivery offers,
//! VAT, total) for the pages that let the shopper correct each step; [`place_order`] does it for
//! good, in one transaction: checks and takes the stock, confirms held slots and periods,
//! allocates the shop's next order number, snapshots names, prices and taxes, and queues the
//! confirmation e-mail. A retried request (same idempotency key) gets the same order; a shop's
//! checkouts are serialised on its row, so N buyers of the last unit make exactly one order.

use domain::catalog::product::{ProductKind, VatClass};
use domain::catalog::stock::StockPolicy;
use domain::country::{Country, Destination};
use domain::order::{Fulfilment, OrderStatus, PaymentMethod};
use domain::shipping::{Offer, ParcelLine, ShippingChoice, ShippingTable};
use domain::tax::{EuSales, PriceEntry, TaxBreakdown, TaxInput, TaxLine, TaxProfile, VatRegime};
use domain::ValidationError;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use store::batch::Batch;
use store::id::{ShopId, VariantId};
use store::shop::Shop;
use store::{Conn, Store};

use crate::cart::{self, Cart, Owner};
use crate::gift::{DateFacts, Gift, GiftQuote};
use crate::promotion::{Discount, Offers};
use crate::{Error, Result};

/// Packaging added to every parcel's weight.
pub const PACKAGING_G: u32 = 300;
const FIELD_MAX: usize = 200;

fn refused(code: &'static str) -> Error {
    Error::Refused(ValidationError::new(code))
}

/// A postal address as the shopper typed it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Address {
    pub name: String,
    pub line1: String,
    pub line2: String,
    pub postal_code: String,
    pub city: String,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    pub phone: String,
    /// A business buyer's company name (its invoices then carry the mentions owed to
    /// businesses); empty for a consumer.
    pub company: String,
    /// A business buyer's VAT number ("FR44732829320"), written on its invoices.
    pub vat_number: String,
}

impl Address {
    /// Whether the buyer is a business (it gave its company's name).
    pub fn is_business(&self) -> bool {
        !self.company.trim().is_empty()
    }

    /// The address as kept: fields trimmed, the country code in capitals.
    pub fn tidy(&self) -> Address {
        let t = |s: &str| s.trim().to_string();
        Address {
            name: t(&self.name),
            line1: t(&self.line1),
            line2: t(&self.line2),
            postal_code: t(&self.postal_code),
            city: t(&self.city),
            country: self.country.trim().to_ascii_uppercase(),
            phone: t(&self.phone),
            company: t(&self.company),
            vat_number: self
                .vat_number
                .chars()
                .filter(|c| !c.is_whitespace() && *c != '.' && *c != '-')
                .collect::<String>()
                .to_ascii_uppercase(),
        }
    }
}

/// The checkout form, kept with the cart between the steps.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Draft {
    pub email: String,
    pub address: Address,
    pub shipping_method: Option<String>,
    pub payment_method: Option<String>,
    /// The discount code the shopper entered (in capitals; empty: none).
    pub code: String,
}

/// The fields of a draft that cannot be used, each with its message (field names as the form's).
pub fn check_draft(d: &Draft) -> Vec<(&'static str, ValidationError)> {
    let mut errors = Vec::new();
    if let Err(e) = domain::account::Email::parse(&d.email) {
        errors.push(("email", e));
    }
    errors.extend(check_address(&d.address));
    errors
}

/// The fields of an address that cannot be used, each with its message.
pub fn check_address(a: &Address) -> Vec<(&'static str, ValidationError)> {
    let mut errors = Vec::new();
    let required = [
        ("name", &a.name),
        ("line1", &a.line1),
        ("postal_code", &a.postal_code),
        ("city", &a.city),
    ];
    for (field, value) in required {
        if value.trim().is_empty() {
            errors.push((field, ValidationError::new("checkout-field-required")));
        }
    }
    for (field, value) in [
        ("name", &a.name),
        ("line1", &a.line1),
        ("line2", &a.line2),
        ("postal_code", &a.postal_code),
        ("city", &a.city),
        ("phone", &a.phone),
        ("company", &a.company),
    ] {
        if value.chars().count() > FIELD_MAX || value.chars().any(char::is_control) {
            errors.push((
                field,
                ValidationError::new("checkout-field-too-long").with("max", FIELD_MAX),
            ));
        }
    }
    if let Err(e) = Country::parse(&a.country) {
        errors.push(("country", e));
    }
    if !a.vat_number.trim().is_empty() {
        // Two letters of a country, then 2 to 13 letters and digits (the EU's VIES forms).
        let v = a.tidy().vat_number;
        let ok = v.is_ascii()
            && (4..=15).contains(&v.len())
            && v.chars().take(2).all(|c| c.is_ascii_uppercase())
            && v.chars().skip(2).all(|c| c.is_ascii_alphanumeric());
        if !ok {
            errors.push((
                "vat_number",
                ValidationError::new("checkout-vat-number-invalid"),
            ));
        }
    }
    errors
}

/// What the shop charges VAT as (from its legal identity) and how it types its prices.
pub async fn tax_profile(conn: &mut Conn, shop: &Shop) -> Result<TaxProfile> {
    let legal = store::legal::get(conn, shop.sid()).await?;
    tax_profile_of(conn, shop.sid(), &legal).await
}

/// The same for a legal identity already read.
pub async fn tax_profile_of(
    conn: &mut Conn,
    shop: ShopId,
    legal: &store::legal::LegalIdentity,
) -> Result<TaxProfile> {
    let entry = store::legal::price_entry(conn, shop).await?;
    Ok(profile_of(
        legal,
        PriceEntry::parse(&entry).unwrap_or(PriceEntry::TaxIncluded),
    ))
}

/// The tax profiles of several shops at once (what their prices are shown as), by shop id;
/// a shop that saved no legal identity gets the one `tax_profile` gives it.
pub async fn tax_profiles(
    conn: &mut Conn,
    shops: &[i64],
) -> Result<std::collections::HashMap<i64, TaxProfile>> {
    let mut out: std::collections::HashMap<i64, TaxProfile> = shops
        .iter()
        .map(|id| {
            let legal = store::legal::LegalIdentity {
                status: "ei".into(),
                vat_franchise: 1,
                country: "FR".into(),
                ..Default::default()
            };
            (*id, profile_of(&legal, PriceEntry::TaxIncluded))
        })
        .collect();
    for (id, legal, entry) in store::legal::of_shops(conn, shops).await? {
        let entry = entry
            .as_deref()
            .and_then(|e| PriceEntry::parse(e).ok())
            .unwrap_or(PriceEntry::TaxIncluded);
        out.insert(id, profile_of(&legal, entry));
    }
    Ok(out)
}

/// What a legal identity charges VAT as, for prices typed as `entry`.
fn profile_of(legal: &store::legal::LegalIdentity, entry: PriceEntry) -> TaxProfile {
    let mut p = TaxProfile::french_default();
    p.country = Country::parse(&legal.country).unwrap_or(Country::FR);
    p.regime = match legal.status.as_str() {
        "private" | "association" if legal.vat_number.is_none() => VatRegime::NotSubject,
        _ if legal.vat_franchise != 0 => VatRegime::Franchise,
        _ => VatRegime::Normal,
    };
    p.entry = entry;
    p
}

/// The shop's delivery table (its seller's, or the example table until they save one).
pub async fn shipping_table(conn: &mut Conn, shop: &Shop) -> Result<ShippingTable> {
    crate::shipping::table(conn, shop.sid()).await
}

/// A cart priced for a destination and a delivery method.
#[derive(Debug, Clone)]
pub struct Quote {
    pub cart: Cart,
    /// None: nothing to deliver (downloads, services, rentals collected).
    pub offers: Option<Vec<Offer>>,
    /// Why no method can deliver there (a message id), when none can.
    pub no_delivery: Option<ValidationError>,
    pub chosen: Option<Offer>,
    pub tax: Option<TaxBreakdown>,
    /// What the shopper pays.
    pub total_minor: i64,
    /// The payment methods the shop offers: codes.
    pub payment_methods: Vec<String>,
    /// A gift's parcels, one per recipient (then `offers` and `chosen` are None: each parcel
    /// has its own).
    pub gift: Option<GiftQuote>,
    /// What promotions take off (the lines' prices and `cart.subtotal_minor` are before it).
    pub discount: Discount,
}

impl Quote {
    /// Whether an order can be placed as it is.
    pub fn ready(&self) -> bool {
        self.cart.orderable()
            && self.tax.is_some()
            && (self.offers.is_none() || self.chosen.is_some())
            && self.gift.as_ref().is_none_or(GiftQuote::ready)
    }
}

fn parcel_lines(cart: &Cart, discount: &Discount) -> Vec<ParcelLine> {
    cart.lines
        .iter()
        .enumerate()
        .filter_map(|(i, l)| {
            Some(ParcelLine {
                kind: l.kind?,
                quantity: u32::try_from(l.view.quantity).ok()?,
                unit_weight_g: u32::try_from(l.view.weight_grams.unwrap_or(0)).unwrap_or(0),
                amount_minor: l.total_minor - discount.lines.get(i).copied().unwrap_or(0),
            })
        })
        .collect()
}

/// Delivery offers as a promotion leaves them: free, when one makes it so.
pub(crate) fn free_if(offers: Vec<Offer>, discount: &Discount) -> Vec<Offer> {
    if !discount.free_shipping {
        return offers;
    }
    offers
        .into_iter()
        .map(|o| Offer {
            price_minor: 0,
            ..o
        })
        .collect()
}

/// Prices the cart of `token` for the draft's address and method.
pub async fn quote(
    store: &Store,
    shop: &Shop,
    owner: Owner<'_>,
    draft: &Draft,
    lang: &str,
) -> Result<Option<Quote>> {
    let Some(cart) = cart::view(store, shop, owner, lang).await? else {
        return Ok(None);
    };
    let mut conn = store.reader().await?;
    let legal = store::legal::get(&mut conn, shop.sid()).await?;
    let profile = tax_profile_of(&mut conn, shop.sid(), &legal).await?;
    let methods = offered_payments(&mut conn, shop.sid()).await?;
    let table = shipping_table(&mut conn, shop).await?;
    let gift = crate::gift::of_owner(&mut conn, shop.sid(), owner).await?;
    let to = destinations(draft, gift.as_ref(), &profile);
    let eu = eu_sales(&mut conn, shop, &profile, &to, store::now()).await?;
    let facts = crate::gift::facts_of(&legal, shop, store::now());
    let gift = gift.as_ref().map(|g| (g, &facts));
    let offers = crate::promotion::offers(
        &mut conn,
        shop.sid(),
        &draft.code,
        &draft.email,
        store::now(),
    )
    .await?;
    Ok(Some(price(
        cart, &profile, &eu, &table, draft, methods, gift, &offers,
    )))
}

/// The shop's distance sales to other EU countries this year and last, which decide when its
/// sales there are taxed at the destination's rates (over €10,000, or from the first euro when
/// it opted for it). The threshold is in euros: a shop in another currency counts none.
///
/// The year's orders are added up only when one of `destinations` can need them (another
/// member state's VAT area, see [`domain::tax::needs_eu_sales`]): a sale at home or outside the
/// EU costs no sum.
pub async fn eu_sales(
    conn: &mut Conn,
    shop: &Shop,
    profile: &TaxProfile,
    destinations: &[Destination],
    now: i64,
) -> Result<EuSales> {
    use chrono::{Datelike, TimeZone as _};
    let sid = shop.sid();
    if !domain::tax::needs_eu_sales(profile, destinations) {
        return Ok(EuSales::default());
    }
    let opted = store::legal::oss_opted(conn, sid).await?;
    if opted {
        return Ok(EuSales {
            opted_for_destination: true,
            ..EuSales::default()
        });
    }
    if shop.currency != "EUR" {
        return Ok(EuSales {
            opted_for_destination: opted,
            ..EuSales::default()
        });
    }
    let tz = crate::calendar::shop_tz(&shop.timezone);
    let year = tz.timestamp_opt(now, 0).single().map_or(1970, |d| d.year());
    let start = crate::order::year_start(tz, year);
    let last = crate::order::year_start(tz, year - 1);
    let home = profile.country.as_str();
    let eu = domain::country::EU_MEMBERS;
    Ok(EuSales {
        previous_year_minor: store::order::eu_distance_sales(conn, sid, last, start, home, &eu)
            .await?,
        this_year_minor: store::order::eu_distance_sales(conn, sid, start, i64::MAX, home, &eu)
            .await?,
        opted_for_destination: opted,
    })
}

/// Where an address is, for tax and delivery (an unknown country counts as the shop's own, the
/// address form refuses it anyway).
pub(crate) fn destination_of(a: &Address, profile: &TaxProfile) -> Destination {
    let country = Country::parse(&a.country).unwrap_or(profile.country);
    Destination::new(country, &a.postal_code)
}

/// Where an order goes: the gift's recipients, or the buyer's address.
pub(crate) fn destinations(
    d: &Draft,
    gift: Option<&Gift>,
    profile: &TaxProfile,
) -> Vec<Destination> {
    match gift {
        Some(g) => g.destinations(profile),
        None => vec![destination_of(&d.address, profile)],
    }
}

#[allow(clippy::too_many_arguments)]
fn price(
    cart: Cart,
    profile: &TaxProfile,
    eu: &EuSales,
    table: &ShippingTable,
    draft: &Draft,
    payment_methods: Vec<String>,
    gift: Option<(&Gift, &DateFacts)>,
    offers: &Offers,
) -> Quote {
    let discount = crate::promotion::apply(&cart, &draft.code, offers);
    let goods_minor = cart.subtotal_minor - discount.goods_minor();
    if let Some((g, facts)) = gift {
        let q = crate::gift::price(&cart, &discount, profile, eu, table, g, facts);
        let total_minor = q
            .tax
            .as_ref()
            .map_or(goods_minor + q.shipping_minor, |t| t.gross_minor);
        return Quote {
            tax: q.tax.clone(),
            cart,
            offers: None,
            no_delivery: None,
            chosen: None,
            total_minor,
            // A gift goes to its recipients: nobody pays at the shop's counter.
            payment_methods: payable(payment_methods, false),
            gift: Some(q),
            discount,
        };
    }
    let dest = destination_of(&draft.address, profile);
    let mut discount = discount;
    let parcels = parcel_lines(&cart, &discount);
    let (offers, no_delivery) = match domain::shipping::quote(table, &parcels, &dest, PACKAGING_G) {
        Ok(ShippingChoice::NotNeeded) => (None, None),
        Ok(ShippingChoice::Offers(o)) => (Some(o), None),
        Err(e) => (Some(Vec::new()), Some(e)),
    };
    let chosen = offers.as_ref().and_then(|o| {
        draft
            .shipping_method
            .as_deref()
            .and_then(|k| o.iter().find(|x| x.key == k))
            .cloned()
    });
    // Free delivery waives nothing when nothing is delivered, or the method chosen costs
    // nothing anyway: the order does not use the promotion (nor one of its uses).
    let waives = match (&offers, &chosen) {
        (None, _) => false,
        (Some(_), Some(o)) => o.price_minor > 0,
        (Some(_), None) => true,
    };
    if !waives {
        discount.drop_free_shipping();
    }
    let offers = offers.map(|o| free_if(o, &discount));
    let chosen = chosen.map(|o| Offer {
        price_minor: if discount.free_shipping {
            0
        } else {
            o.price_minor
        },
        ..o
    });
    let collected = chosen
        .as_ref()
        .is_some_and(|o| o.carrier.fulfilment() == Fulfilment::Pickup);
    // Cash on collection while collecting at the shop is chosen, or still may be.
    let may_collect = match (&offers, &chosen) {
        (_, Some(_)) => collected,
        (Some(all), None) => all
            .iter()
            .any(|o| o.carrier.fulfilment() == Fulfilment::Pickup),
        (None, None) => false,
    };
    let lines: Vec<TaxLine> = cart
        .lines
        .iter()
        .zip(&discount.lines)
        .map(|(l, off)| TaxLine {
            amount_minor: l.total_minor - off,
            class: VatClass::parse(&l.view.vat_class).unwrap_or(VatClass::Standard),
            supply: domain::tax::Supply::of(l.kind.unwrap_or(ProductKind::Physical), collected),
        })
        .collect();
    let shipping_minor = chosen.as_ref().map_or(0, |o| o.price_minor);
    let tax = domain::tax::compute(TaxInput {
        profile,
        eu_sales: eu,
        destination: &dest,
        lines: &lines,
        shipping_minor,
    })
    .ok();
    let total_minor = tax
        .as_ref()
        .map_or(goods_minor + shipping_minor, |t| t.gross_minor);
    Quote {
        cart,
        offers,
        no_delivery,
        chosen,
        tax,
        total_minor,
        payment_methods: payable(payment_methods, may_collect),
        gift: None,
        discount,
    }
}

/// The shop's payment methods a cart may use: paying cash on collection only when it may be
/// collected at the shop (the rule `place_order` holds to, told before the recap).
fn payable(methods: Vec<String>, may_collect: bool) -> Vec<String> {
    methods
        .into_iter()
        .filter(|m| may_collect || m != PaymentMethod::PickupCash.as_str())
        .collect()
}

/// The payment methods the shop has turned on, in a fixed order: card first (when its
/// provider account is there), then the offline ones.
pub async fn offered_payments(conn: &mut Conn, shop_id: ShopId) -> Result<Vec<String>> {
    let mut enabled: Vec<String> = store::payment::list(conn, shop_id)
        .await?
        .into_iter()
        .filter(|m| m.enabled != 0)
        .map(|m| m.code)
        .collect();
    if enabled.iter().any(|m| m == PaymentMethod::Card.as_str()) {
        let provider = crate::payment::card_provider(conn, shop_id).await?;
        let account = match provider {
            Some(name) => store::payment::account(conn, shop_id, &name).await?,
            None => None,
        };
        if account.is_none() {
            enabled.retain(|m| m != PaymentMethod::Card.as_str());
        }
    }
    Ok(["card", "bank_transfer", "cheque", "pickup_cash"]
        .iter()
        .filter(|c| enabled.iter().any(|e| e == *c))
        .map(|c| c.to_string())
        .collect())
}

/// Keeps the draft with the cart of `owner` (nothing happens without a cart).
pub async fn save_draft(store: &Store, shop: &Shop, owner: Owner<'_>, d: &Draft) -> Result<()> {
    let sid = shop.sid();
    let mut tx = store.begin().await?;
    let Some(cart) = cart::find_cart(&mut tx, sid, owner).await? else {
        return Err(refused("checkout-cart-empty"));
    };
    let json = serde_json::to_string(d).unwrap_or_else(|_| "{}".into());
    store::cart::set_checkout(&mut tx, sid, cart, &json).await?;
    tx.commit().await.map_err(store::StoreError::from)?;
    Ok(())
}

/// The draft kept with the cart of `owner`. A customer who has not started one finds their
/// e-mail address and default address already filled in.
pub async fn draft(store: &Store, shop: &Shop, owner: Owner<'_>) -> Result<Draft> {
    let sid = shop.sid();
    let mut conn = store.reader().await?;
    let kept = match cart::find_cart(&mut conn, sid, owner).await? {
        Some(cart) => store::cart::checkout(&mut conn, sid, cart)
            .await?
            .and_then(|j| serde_json::from_str::<Draft>(&j).ok()),
        None => None,
    };
    if let Some(d) = kept {
        return Ok(d);
    }
    let mut d = Draft::default();
    if let Some(id) = owner.customer {
        if let Some(c) = store::customer::by_id(&mut conn, sid, id).await? {
            d.email = c.email;
        }
        if let Some(a) = store::customer::addresses(&mut conn, sid, id)
            .await?
            .into_iter()
            .next()
        {
            d.address = crate::customer::address_of(&a);
        }
    }
    Ok(d)
}

/// What placing an order needs besides the draft.
pub struct Placing<'a> {
    pub owner: Owner<'a>,
    /// One order per key: a double click or a retried request finds the first order.
    pub idempotency_key: &'a str,
    pub accept_terms: bool,
    pub lang: &'a str,
    /// Keys the guest's link to the order (derived from the server secret).
    pub link_key: &'a [u8; 32],
    /// The last source that brought the shopper, as their browser kept it (none: direct).
    pub touch: Option<&'a domain::growth::source::Touch>,
}

/// An order placed (or found again under its idempotency key).
#[derive(Debug, Clone)]
pub struct Placed {
    pub order: store::order::Order,
    pub lines: Vec<store::order::Line>,
    /// The guest's link token (the same for a retried request).
    pub link_token: String,
    /// False when the key named an order already placed.
    pub new: bool,
    /// A gift's parcels, one per recipient (none for an ordinary order).
    pub parcels: Vec<store::gift::Parcel>,
    /// The seller's legal identity: who the model withdrawal form is addressed to.
    pub seller: store::legal::LegalIdentity,
    /// The right of withdrawal from this order, as the confirmation tells it.
    pub withdrawal: domain::order::withdrawal::Right,
}

/// The e-mails of a new order: the confirmation to the buyer, queued now, and for a gift the
/// notes to its recipients by parcel position, kept until the order ships.
pub struct PlacedMail {
    pub confirmation: store::outbox::EmailMessage,
    pub notes: Vec<(i64, store::outbox::EmailMessage)>,
}

impl From<store::outbox::EmailMessage> for PlacedMail {
    fn from(confirmation: store::outbox::EmailMessage) -> PlacedMail {
        PlacedMail {
            confirmation,
            notes: Vec::new(),
        }
    }
}

/// The order placed before under the request's key, as [`place_order`] answers it again.
async fn placed_before(
    conn: &mut Conn,
    shop: ShopId,
    order: store::order::Order,
    seller: store::legal::LegalIdentity,
    link_token: String,
) -> Result<Placed> {
    let lines = store::order::lines(conn, shop, order.id).await?;
    let parcels = store::gift::parcels(conn, shop, order.id).await?;
    Ok(Placed {
        withdrawal: crate::withdrawal::right_of(&seller, &lines),
        order,
        lines,
        link_token,
        new: false,
        parcels,
        seller,
    })
}

/// The guest's link token of the order placed under `key` in `shop`.
pub fn link_token(link_key: &[u8; 32], shop: ShopId, key: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(link_key).expect("HMAC takes any key length");
    mac.update(format!("{shop}:{key}").as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

/// Places the order of the cart of `p.owner` with the draft `d` (and the gift kept with the
/// cart, if any). `email` renders the confirmation for the outbox, written in the same
/// transaction (and a gift's notes to its recipients).
pub async fn place_order<M: Into<PlacedMail>>(
    store: &Store,
    shop: &Shop,
    d: &Draft,
    p: &Placing<'_>,
    email: impl FnOnce(&Placed) -> M,
) -> Result<Placed> {
    let sid = shop.sid();
    let key = p.idempotency_key.trim();
    if key.is_empty() || key.len() > 200 {
        return Err(refused("checkout-key-invalid"));
    }
    let link = link_token(p.link_key, sid, key);
    let now = store::now();
    // The seller's settings and the gift kept with the cart, read before the write transaction:
    // nothing the shop's lock guards (stock, numbers, the cart's lines) is among them, and on
    // SQLite every statement inside it keeps all other shops' writes waiting.
    let (legal, profile, methods, table, gift, source) = {
        let mut conn = store.reader().await?;
        let legal = store::legal::get(&mut conn, sid).await?;
        // A retried request whose order is placed is answered without writing.
        if let Some(order) = store::order::by_idempotency_key(&mut conn, sid, key).await? {
            return placed_before(&mut conn, sid, order, legal, link).await;
        }
        let profile = tax_profile_of(&mut conn, sid, &legal).await?;
        (
            legal,
            profile,
            offered_payments(&mut conn, sid).await?,
            shipping_table(&mut conn, shop).await?,
            crate::gift::of_owner(&mut conn, sid, p.owner).await?,
            crate::attribution::credited(&mut conn, shop, p.touch, now).await?,
        )
    };
    if !p.accept_terms {
        return Err(refused("checkout-terms-required"));
    }
    if let Some((_, e)) = check_draft(d).into_iter().next() {
        return Err(Error::Refused(e));
    }
    let facts = crate::gift::facts_of(&legal, shop, now);
    let whose = cart::cart_owner(p.owner);
    let mut tx = store.begin().await?;
    // Every check below happens after this lock: on PostgreSQL too, one checkout of the shop
    // at a time, so stock, holds and numbers are read after the previous order committed.
    store::guard::queue_on_shop(&mut tx, shop.sid()).await?;
    let rows = match &whose {
        Some(w) => {
            store::cart::owner_line_views(&mut tx, sid, w, p.lang, &shop.default_lang).await?
        }
        None => Vec::new(),
    };
    let Some(cart_id) = rows.first().map(|r| r.cart_id) else {
        // No cart: or this very request's order, placed (and its cart gone) since the look
        // above, by a copy of the request sent twice.
        if let Some(order) = store::order::by_idempotency_key(&mut tx, sid, key).await? {
            return placed_before(&mut tx, sid, order, legal, link).await;
        }
        return Err(refused("checkout-cart-empty"));
    };
    let lines: Vec<cart::Line> = rows.into_iter().map(|v| cart::line_of(v, now)).collect();
    let cart = Cart {
        id: cart_id,
        subtotal_minor: lines.iter().map(|l| l.total_minor).sum(),
        count: lines.iter().map(|l| l.view.quantity).sum(),
        lines,
    };
    // One read of the legal identity: how VAT is charged, and whether a private seller sells.
    let private_seller = legal.status == domain::legal::LegalStatus::PrivateSeller.as_str();
    let payment = d
        .payment_method
        .as_deref()
        .filter(|m| methods.iter().any(|x| x == m))
        .ok_or_else(|| refused("checkout-payment-required"))?;
    let payment_kind = PaymentMethod::parse(payment).map_err(Error::Refused)?;
    let to = destinations(d, gift.as_ref(), &profile);
    let eu = eu_sales(&mut tx, shop, &profile, &to, now).await?;
    let email_addr = d.email.trim().to_lowercase();
    // Read after the lock: a promotion's uses are those of the orders placed before this one.
    let offers = crate::promotion::offers(&mut tx, sid, &d.code, &email_addr, now).await?;
    let q = price(
        cart,
        &profile,
        &eu,
        &table,
        d,
        methods.clone(),
        gift.as_ref().map(|g| (g, &facts)),
        &offers,
    );
    if let Some(e) = q.discount.code_blocks() {
        // The code the recap counted no longer gives anything (used up, ended, taken off):
        // the shopper sees the new total before ordering.
        return Err(Error::Refused(e.clone()));
    }
    if let Some(e) = &q.no_delivery {
        return Err(Error::Refused(e.clone()));
    }
    if let Some(e) = q.gift.as_ref().and_then(GiftQuote::first_problem) {
        return Err(Error::Refused(e));
    }
    if q.offers.is_some() && q.chosen.is_none() {
        return Err(refused("checkout-shipping-required"));
    }
    let tax = q
        .tax
        .clone()
        .ok_or_else(|| refused("checkout-tax-unavailable"))?;
    let fulfilment = match &q.chosen {
        None if q.gift.is_some() => Fulfilment::Shipping,
        None => Fulfilment::Nothing,
        Some(o) => o.carrier.fulfilment(),
    };
    if payment_kind == PaymentMethod::PickupCash && fulfilment != Fulfilment::Pickup {
        return Err(refused("order-cash-needs-pickup"));
    }

    // Stock and holds, line by line: the first short line refuses the whole order. The shop's
    // cached pages are renewed when what they show changes: a confirmed booking (slots,
    // calendars), or a stock count that changes the words of the page ("only 3 left").
    let mut taken: Vec<(Option<i64>, bool)> = Vec::new();
    let mut pages_change = false;
    for l in &q.cart.lines {
        if let Some(problem) = &l.problem {
            let mut e = ValidationError::new(problem.code);
            if let Some(n) = problem.count {
                e = e.with("count", n);
            }
            return Err(Error::Refused(e));
        }
        let v = &l.view;
        match l.kind {
            Some(ProductKind::Rental | ProductKind::Service) => {
                let Some(b) = v_booking(&mut tx, sid, v.line_id, cart_id).await? else {
                    return Err(refused("cart-hold-lapsed"));
                };
                if !store::order::confirm_booking(&mut tx, sid, b).await? {
                    return Err(refused("cart-hold-lapsed"));
                }
                pages_change = true;
                taken.push((Some(b), false));
            }
            _ if v.track_stock != 0 => {
                let backorder = v.allow_backorder != 0 && l.kind != Some(ProductKind::Unique);
                let left = if backorder {
                    store::order::take_stock_backorder(&mut tx, sid, v.variant_id, v.quantity)
                        .await?
                } else {
                    match store::order::take_stock(&mut tx, sid, v.variant_id, v.quantity).await? {
                        Some(left) => left,
                        None => return Err(stock_short(&mut tx, sid, v.variant_id).await?),
                    }
                };
                let shown = |quantity: i64| {
                    StockPolicy {
                        track: true,
                        quantity,
                        allow_backorder: v.allow_backorder != 0,
                    }
                    .availability()
                };
                pages_change |= !shown(left + v.quantity).same_on_page(shown(left));
                taken.push((None, true));
            }
            _ => taken.push((None, false)),
        }
    }
    if pages_change {
        store::shop::bump_version(&mut tx, sid).await?;
    }

    let n = store::order::next_number(&mut tx, sid, "order").await?;
    let number = format!("{n:05}");
    let status = OrderStatus::AwaitingPayment;
    let billing = serde_json::to_string(&d.address).unwrap_or_default();
    // A gift's (first) recipient is where the order goes, for carriers' files and lists.
    let shipping_address = match q.gift.as_ref().and_then(|g| g.parcels.first()) {
        Some(first) => Some(serde_json::to_string(&first.recipient.address).unwrap_or_default()),
        None => (fulfilment == Fulfilment::Shipping).then(|| billing.clone()),
    };
    let taxes = serde_json::to_string(
        &tax.per_rate
            .iter()
            .map(|r| {
                serde_json::json!({
                    "jurisdiction": r.jurisdiction,
                    "rate_bp": r.rate_bp,
                    "net": r.net_minor,
                    "vat": r.vat_minor,
                    "gross": r.gross_minor,
                    // The amounts were typed tax excluded: the VAT came on top.
                    "added": !tax.amounts_include_tax,
                })
            })
            .collect::<Vec<_>>(),
    )
    .unwrap_or_default();
    let (chosen_key, chosen_name, shipping_minor) = match &q.gift {
        Some(g) => {
            let mut names: Vec<&str> = Vec::new();
            for o in g.parcels.iter().filter_map(|p| p.chosen.as_ref()) {
                if !names.contains(&o.name.as_str()) {
                    names.push(&o.name);
                }
            }
            let key = g.parcels.first().and_then(|p| p.chosen.as_ref());
            (
                key.map(|o| o.key.clone()),
                names.join(", "),
                g.shipping_minor,
            )
        }
        None => (
            q.chosen.as_ref().map(|o| o.key.clone()),
            q.chosen
                .as_ref()
                .map(|o| o.name.clone())
                .unwrap_or_default(),
            q.chosen.as_ref().map_or(0, |o| o.price_minor),
        ),
    };
    let mut mentions: Vec<&str> = tax.mentions.iter().map(|m| m.as_ref()).collect();
    if private_seller {
        mentions.push(domain::legal::PRIVATE_SALE_MENTION);
    }
    // A partner's co-offer is the last thing that brought the shopper: the order is the
    // partner's that advertised the code.
    let mut source = source;
    for (promotion, _) in &q.discount.used {
        if let (Some(code), Some(partner)) = (
            promotion.code.as_deref(),
            crate::partner::credited_partner(&mut tx, sid, promotion.id).await?,
        ) {
            source = domain::growth::partner::co_offer_source(&partner, code);
        }
    }
    // An affiliate's discount code or link: the order is the affiliate's, and earns it its
    // commission, written with the order.
    let codes: Vec<(i64, &str)> = q
        .discount
        .used
        .iter()
        .filter_map(|(p, _)| p.code.as_deref().map(|c| (p.id, c)))
        .collect();
    let (source, affiliate) = crate::affiliate::credited(&mut tx, sid, source, &codes).await?;
    let inserted = store::order::insert(
        &mut tx,
        sid,
        &store::order::NewOrder {
            number: &number,
            token_hash: &store::hash_token(&link),
            idempotency_key: key,
            customer_id: p.owner.customer,
            email: &email_addr,
            name: d.address.name.trim(),
            country: &d.address.country,
            lang: p.lang,
            currency: &shop.currency,
            status: status.as_str(),
            payment_method: payment_kind.as_str(),
            fulfilment: fulfilment.as_str(),
            shipping_method: chosen_key.as_deref(),
            shipping_name: &chosen_name,
            subtotal_minor: q.cart.subtotal_minor,
            shipping_minor,
            vat_minor: tax.vat_minor,
            total_minor: tax.gross_minor,
            billing_address: &billing,
            shipping_address: shipping_address.as_deref(),
            taxes: &taxes,
            mentions: &mentions.join("\n"),
            deposit_minor: q
                .cart
                .lines
                .iter()
                .map(|l| l.deposit_minor * l.view.quantity)
                .sum(),
            discount_minor: q.discount.goods_minor(),
            promotions: &q.discount.names().join("\n"),
            source_channel: source.channel.as_str(),
            source_name: &source.name,
            source_campaign: &source.campaign,
        },
    )
    .await;
    let order = match inserted {
        Ok(order) => order,
        // The key is taken: a copy of this request placed the order from another cart (a
        // customer's new one) meanwhile. Its order is the answer.
        Err(store::StoreError::Conflict(c)) => {
            tx.rollback().await.map_err(store::StoreError::from)?;
            let mut conn = store.reader().await?;
            return match store::order::by_idempotency_key(&mut conn, sid, key).await? {
                Some(order) => placed_before(&mut conn, sid, order, legal, link).await,
                None => Err(store::StoreError::Conflict(c).into()),
            };
        }
        Err(e) => return Err(e.into()),
    };
    let order_id = order.id;
    if let Some(a) = &affiliate {
        crate::affiliate::record(&mut tx, sid, order_id.get(), a, &tax, now).await?;
    }
    // Each line's rate, VAT and the amount it was computed on: from the breakdown, or for a
    // gift from its parts in the parcels.
    let line_taxes: Vec<(u32, i64, i64)> = match &q.gift {
        Some(g) => g.line_taxes(q.cart.lines.len()),
        None => tax
            .lines
            .iter()
            .map(|t| {
                let vat = if tax.amounts_include_tax {
                    domain::tax::vat_included(t.amount_minor, t.rate_bp)
                } else {
                    domain::tax::vat_on(t.amount_minor, t.rate_bp)
                };
                (t.rate_bp, vat, t.amount_minor)
            })
            .collect(),
    };
    let mut lines = Vec::with_capacity(q.cart.lines.len());
    for (i, l) in q.cart.lines.iter().enumerate() {
        let v = &l.view;
        let t = line_taxes.get(i);
        let options: Vec<&str> = [&v.option1, &v.option2, &v.option3]
            .iter()
            .filter_map(|o| o.as_deref())
            .filter(|o| !o.trim().is_empty())
            .collect();
        let line = store::order::Line {
            position: i as i64 + 1,
            product_id: Some(v.product_id.get()),
            variant_id: Some(v.variant_id),
            kind: v.kind.clone(),
            sku: v.sku.clone(),
            title: v.title.clone(),
            options: options.join(" / "),
            quantity: v.quantity,
            unit_minor: l.unit_minor,
            total_minor: l.total_minor,
            vat_rate_bp: t.map_or(0, |t| i64::from(t.0)),
            vat_minor: t.map_or(0, |t| t.1),
            starts_at: v.starts_at,
            ends_at: v.ends_at,
            booking_id: taken.get(i).and_then(|t| t.0),
            stock_taken: i64::from(taken.get(i).is_some_and(|t| t.1)),
            taxed_minor: t.map(|t| t.2),
            discount_minor: q.discount.lines.get(i).copied().unwrap_or(0),
        };
        lines.push(line);
    }
    // What follows is written and never read back: one batch (one call on SQLite).
    let mut batch = Batch::new();
    for line in &lines {
        batch.push(store::order::insert_line_statement(sid, order_id, line));
    }
    batch.push(store::order::add_event_statement(
        sid,
        order_id,
        &store::order::NewEvent {
            from_status: None,
            to_status: status.as_str(),
            event: "placed",
            actor_kind: "customer",
            actor_id: p.owner.customer.map(|c| c.get()),
            amount_minor: Some(tax.gross_minor),
            note: "",
        },
    ));
    batch.push(store::cart::delete_statement(sid, cart_id));
    for (promotion, off) in &q.discount.used {
        batch.push(store::promotion::use_statement(
            sid,
            promotion.id,
            order_id,
            &email_addr,
            *off,
            now,
        ));
    }
    if let Some(customer) = p.owner.customer {
        crate::customer::remember_address(&mut tx, sid, customer, &d.address).await?;
    }
    let parcels = match &q.gift {
        Some(g) => {
            // A gift's parcels name the order's lines: those are written first.
            std::mem::take(&mut batch).run(&mut tx).await?;
            crate::gift::record(&mut tx, sid, order_id, g).await?
        }
        None => Vec::new(),
    };
    let placed = Placed {
        withdrawal: crate::withdrawal::right_of(&legal, &lines),
        order,
        lines,
        link_token: link,
        new: true,
        parcels,
        seller: legal,
    };
    let mail: PlacedMail = email(&placed).into();
    batch.push(store::outbox::enqueue_email_statement(
        Some(shop.sid()),
        &mail.confirmation,
    )?);
    batch.run(&mut tx).await?;
    for (position, note) in &mail.notes {
        crate::gift::keep_note(&mut tx, sid, order_id, *position, note).await?;
    }
    tx.commit().await.map_err(store::StoreError::from)?;
    Ok(placed)
}

async fn v_booking(
    tx: &mut Conn,
    shop: ShopId,
    line: i64,
    cart: store::id::CartId,
) -> Result<Option<i64>> {
    Ok(store::cart::lines(tx, shop, cart)
        .await?
        .into_iter()
        .find(|l| l.id == line)
        .and_then(|l| l.booking_id))
}

async fn stock_short(tx: &mut Conn, shop: ShopId, variant: VariantId) -> Result<Error> {
    let left = store::cart::offer(tx, shop, variant)
        .await?
        .map_or(0, |o| o.quantity);
    Ok(if left <= 0 {
        refused("cart-sold-out")
    } else {
        Error::Refused(ValidationError::new("cart-stock-short").with("count", left))
    })
}

/// The order a guest's link names.
pub async fn order_by_link(
    store: &Store,
    shop: &Shop,
    token: &str,
) -> Result<Option<(store::order::Order, Vec<store::order::Line>)>> {
    if !cart::well_formed(token) {
        return Ok(None);
    }
    let sid = shop.sid();
    let mut conn = store.reader().await?;
    let Some(order) = store::order::by_token(&mut conn, sid, &store::hash_token(token)).await?
    else {
        return Ok(None);
    };
    let lines = store::order::lines(&mut conn, sid, order.id).await?;
    Ok(Some((order, lines)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(vat: &str) -> Vec<&'static str> {
        let a = Address {
            name: "A".into(),
            line1: "1 rue".into(),
            postal_code: "75001".into(),
            city: "Paris".into(),
            country: "FR".into(),
            company: "SARL".into(),
            vat_number: vat.into(),
            ..Default::default()
        };
        check_address(&a).into_iter().map(|(f, _)| f).collect()
    }

    #[test]
    fn a_vat_number_of_any_text_is_checked_without_failing() {
        assert!(with("FR 44 732.829.320").is_empty());
        assert!(with("").is_empty());
        for bad in ["1É23", "É", "FR", "12345678", "FR44_73"] {
            assert_eq!(with(bad), ["vat_number"], "{bad}");
        }
    }
}
