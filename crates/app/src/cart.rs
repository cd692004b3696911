//! The cart: what a shopper may put in it and keep there. Goods are checked against stock (and
//! taken only when the order is placed); a rental's period and a service's slot are held by a
//! booking from the moment they are added, for [`HOLD_SECONDS`] after the cart was last changed,
//! so two carts cannot hold the same period or the last place of a slot. The HTML pages and the
//! store API call these functions; a cart is found by its [`Owner`]: a guest's token (the
//! shopper's cookie, or the API's cart id) or a signed-in customer (the same cart on every
//! device), always within its shop.

use chrono::{NaiveDate, NaiveTime, TimeZone as _};
use domain::catalog::details::Details;
use domain::catalog::product::ProductKind;
use domain::catalog::rental::RentalTerms;
use domain::catalog::service::ServiceTerms;
use domain::catalog::stock::StockPolicy;
use domain::ValidationError;
use store::cart::{CartOwner, LineView, NewLine, Offer};
use store::id::{CartId, CustomerId, ShopId, VariantId};
use store::shop::Shop;
use store::{Conn, Store};

use crate::calendar::{opening_hours, shop_tz};
use crate::{Error, Result};

/// How long a held period or slot stays the cart's after its last change.
pub const HOLD_SECONDS: i64 = 30 * 60;
/// The most of one thing a line may hold.
pub const MAX_QUANTITY: i64 = 99;
/// How far ahead a service slot may be booked (the days the product page shows).
pub const SLOT_DAYS: u32 = 14;

fn refused(code: &'static str) -> Error {
    Error::Refused(ValidationError::new(code))
}

/// What a shopper asks to add.
#[derive(Debug, Clone, Default)]
pub struct Adding {
    pub variant: VariantId,
    pub quantity: i64,
    /// A rental's first day and return day (the return day is free for the next renter).
    pub rental: Option<(NaiveDate, NaiveDate)>,
    /// A service slot's start (UTC seconds, as the product page lists them).
    pub slot: Option<i64>,
}

/// The cart a change went to: a new token when a cart had to be made (the caller keeps it).
#[derive(Debug, Clone)]
pub struct Changed {
    pub cart: CartId,
    pub new_token: Option<String>,
}

/// Whose cart: a guest's, known by its token, or a signed-in customer's (whose token, if any,
/// names the guest cart merged at sign-in and is otherwise ignored).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Owner<'a> {
    pub token: Option<&'a str>,
    pub customer: Option<CustomerId>,
}

impl<'a> Owner<'a> {
    pub fn guest(token: Option<&'a str>) -> Owner<'a> {
        Owner {
            token,
            customer: None,
        }
    }
}

/// A cart token as a cookie or a URL carries it: 64 hexadecimal characters, nothing else.
pub fn well_formed(token: &str) -> bool {
    token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Whose cart `owner` may have: the customer's, else the guest's whose well-formed token it
/// holds; `None` for a guest without one.
pub fn cart_owner(owner: Owner<'_>) -> Option<CartOwner> {
    match (owner.customer, owner.token.filter(|t| well_formed(t))) {
        (Some(customer), _) => Some(CartOwner::Customer(customer)),
        (None, Some(token)) => Some(CartOwner::Guest(store::hash_token(token))),
        (None, None) => None,
    }
}

/// The shop's cart of `owner`: the customer's, or the guest cart its well-formed token names.
pub async fn find_cart(conn: &mut Conn, shop: ShopId, owner: Owner<'_>) -> Result<Option<CartId>> {
    Ok(match cart_owner(owner) {
        Some(CartOwner::Customer(customer)) => {
            store::cart::by_customer(conn, shop, customer).await?
        }
        Some(CartOwner::Guest(hash)) => store::cart::by_token(conn, shop, &hash).await?,
        None => None,
    })
}

/// Whether `owner` has a cart in the shop (without reading its lines).
pub async fn exists(store: &Store, shop: &Shop, owner: Owner<'_>) -> Result<bool> {
    let mut conn = store.reader().await?;
    Ok(find_cart(&mut conn, shop.sid(), owner).await?.is_some())
}

async fn guest_cart(conn: &mut Conn, shop: ShopId, token: Option<&str>) -> Result<Option<CartId>> {
    find_cart(conn, shop, Owner::guest(token)).await
}

/// A customer just signed in with the guest cart of `token`: it becomes theirs, or its lines
/// join the cart they already had (one line per thing: quantities add up, to the most a line
/// may hold; held periods and slots move with their holds). Stock is checked where it always
/// is, on the cart page and when ordering.
pub async fn merge_at_sign_in(
    conn: &mut Conn,
    shop: ShopId,
    token: Option<&str>,
    customer: CustomerId,
) -> Result<()> {
    let Some(guest) = guest_cart(conn, shop, token).await? else {
        return Ok(());
    };
    let Some(mine) = store::cart::by_customer(conn, shop, customer).await? else {
        store::cart::adopt(conn, shop, guest, customer).await?;
        return Ok(());
    };
    let theirs = store::cart::lines(conn, shop, mine).await?;
    for l in store::cart::lines(conn, shop, guest).await? {
        let same = theirs
            .iter()
            .find(|t| t.variant_id == l.variant_id && t.booking_id.is_none());
        match same {
            Some(t) if l.booking_id.is_none() => {
                let q = (t.quantity + l.quantity).min(MAX_QUANTITY);
                store::cart::set_quantity(conn, shop, mine, t.id, q).await?;
            }
            _ => store::cart::move_line(conn, shop, guest, l.id, mine).await?,
        }
    }
    if store::cart::checkout(conn, shop, mine).await?.is_none() {
        if let Some(d) = store::cart::checkout(conn, shop, guest).await? {
            store::cart::set_checkout(conn, shop, mine, &d).await?;
        }
    }
    store::cart::delete(conn, shop, guest).await?;
    keep_holds(conn, shop, mine).await?;
    Ok(())
}

/// Adds to the cart of `owner` (a new cart when there is none); refused with a message id when
/// the variant is not for sale, the stock is short, or the period or slot is not free.
pub async fn add(store: &Store, shop: &Shop, owner: Owner<'_>, a: &Adding) -> Result<Changed> {
    if !(1..=MAX_QUANTITY).contains(&a.quantity) {
        return Err(Error::Refused(
            ValidationError::new("cart-quantity-invalid").with("max", MAX_QUANTITY),
        ));
    }
    let sid = shop.sid();
    // What is offered is read before the write transaction: the stock it shows is a first
    // check (the order takes the stock under the shop's lock), and a period or a slot is
    // checked against the bookings inside the transaction.
    let offer = store::cart::offer(&mut *store.reader().await?, sid, a.variant)
        .await?
        .ok_or_else(|| refused("cart-variant-unknown"))?;
    if offer.status != "active" {
        return Err(refused("cart-not-for-sale"));
    }
    let kind = ProductKind::parse(&offer.kind).map_err(Error::Refused)?;
    let mut tx = store.begin().await?;
    let (cart, new_token) = match find_cart(&mut tx, sid, owner).await? {
        Some(cart) => (cart, None),
        None => {
            let (token, hash) = store::new_token();
            let cart = store::cart::create(&mut tx, sid, &hash, owner.customer).await?;
            // A customer's cart is found by its customer: no cookie to give.
            (cart, owner.customer.is_none().then_some(token))
        }
    };
    let lines = store::cart::lines(&mut tx, sid, cart).await?;
    match kind {
        ProductKind::Rental => {
            let (start, end) = a
                .rental
                .ok_or_else(|| refused("cart-rental-dates-missing"))?;
            let (starts_at, ends_at) = rental_hold(&mut tx, shop, &offer, start, end).await?;
            hold_line(&mut tx, sid, cart, &offer, 1, starts_at, ends_at).await?;
        }
        ProductKind::Service => {
            let slot = a.slot.ok_or_else(|| refused("cart-slot-missing"))?;
            let ends_at = slot_hold(&mut tx, shop, &offer, slot, a.quantity).await?;
            hold_line(&mut tx, sid, cart, &offer, a.quantity, slot, ends_at).await?;
        }
        _ => {
            let existing = lines
                .iter()
                .find(|l| l.variant_id == a.variant && l.booking_id.is_none());
            let total = existing.map_or(0, |l| l.quantity) + a.quantity;
            check_stock(kind, &offer, total)?;
            match existing {
                Some(l) => {
                    store::cart::set_quantity(&mut tx, sid, cart, l.id, total).await?;
                }
                None => {
                    let line = NewLine {
                        variant_id: a.variant,
                        quantity: a.quantity,
                        starts_at: None,
                        ends_at: None,
                        booking_id: None,
                    };
                    store::cart::add_line(&mut tx, sid, cart, &line).await?;
                }
            }
        }
    }
    // A cart of goods alone holds nothing: no need to read its lines again.
    let holds = matches!(kind, ProductKind::Rental | ProductKind::Service)
        || lines.iter().any(|l| l.booking_id.is_some());
    if holds {
        keep_holds(&mut tx, sid, cart).await?;
    }
    tx.commit().await.map_err(store::StoreError::from)?;
    Ok(Changed { cart, new_token })
}

/// Goods: a quantity the stock can give (a unique piece or a download once per cart).
fn check_stock(kind: ProductKind, offer: &Offer, total: i64) -> Result<()> {
    if total > MAX_QUANTITY {
        return Err(Error::Refused(
            ValidationError::new("cart-quantity-invalid").with("max", MAX_QUANTITY),
        ));
    }
    match kind {
        ProductKind::Digital if total > 1 => return Err(refused("cart-digital-once")),
        ProductKind::Unique if total > 1 && offer.quantity > 0 => {
            return Err(refused("cart-unique-once"))
        }
        _ => {}
    }
    let policy = StockPolicy {
        track: offer.track_stock != 0,
        quantity: offer.quantity,
        allow_backorder: offer.allow_backorder != 0 && kind != ProductKind::Unique,
    };
    if policy.can_sell(total) {
        Ok(())
    } else if offer.quantity <= 0 {
        Err(refused("cart-sold-out"))
    } else {
        Err(Error::Refused(
            ValidationError::new("cart-stock-short").with("count", offer.quantity),
        ))
    }
}

async fn hold_line(
    tx: &mut Conn,
    shop: ShopId,
    cart: CartId,
    offer: &Offer,
    quantity: i64,
    starts_at: i64,
    ends_at: i64,
) -> Result<()> {
    let booking = store::calendar::hold(
        tx,
        shop,
        &store::calendar::NewBooking {
            product_id: offer.product_id.get(),
            variant_id: Some(offer.variant_id.get()),
            starts_at,
            ends_at,
            quantity,
            status: store::calendar::BookingStatus::Held,
        },
        store::now() + HOLD_SECONDS,
    )
    .await?;
    let line = NewLine {
        variant_id: offer.variant_id,
        quantity,
        starts_at: Some(starts_at),
        ends_at: Some(ends_at),
        booking_id: Some(booking),
    };
    store::cart::add_line(tx, shop, cart, &line).await?;
    // The held slot or period no longer shows as free on the shop's cached pages.
    store::shop::bump_version(tx, shop).await?;
    Ok(())
}

/// Checks a rental period under the product's lock: terms, not in the past, free. Returns the
/// period as instants (midnight to midnight on the shop's clock).
async fn rental_hold(
    tx: &mut Conn,
    shop: &Shop,
    offer: &Offer,
    start: NaiveDate,
    end: NaiveDate,
) -> Result<(i64, i64)> {
    let d = Details::from_json(&offer.details);
    let terms = RentalTerms::new(
        d.per_day_minor.unwrap_or(0),
        d.per_week_minor,
        d.deposit_minor.unwrap_or(0),
        d.min_days.unwrap_or(1),
        d.max_days
            .unwrap_or(domain::catalog::rental::MAX_RENTAL_DAYS),
    )
    .map_err(|_| refused("cart-not-for-sale"))?;
    domain::catalog::rental::quote(&terms, start, end).map_err(Error::Refused)?;
    let tz = shop_tz(&shop.timezone);
    let now = store::now();
    let today = tz
        .timestamp_opt(now, 0)
        .single()
        .map(|t| t.date_naive())
        .unwrap_or_default();
    if start < today {
        return Err(refused("cart-rental-past"));
    }
    let midnight = |d: NaiveDate| {
        tz.from_local_datetime(&d.and_time(NaiveTime::MIN))
            .earliest()
            .map(|t| t.timestamp())
            .ok_or_else(|| refused("rental-dates-invalid"))
    };
    let (starts_at, ends_at) = (midnight(start)?, midnight(end)?);
    lock(tx, shop, offer).await?;
    let taken = store::calendar::active_bookings(
        tx,
        shop.sid(),
        offer.product_id.get(),
        starts_at,
        ends_at,
    )
    .await?;
    if !taken.is_empty() {
        return Err(refused("rental-dates-booked"));
    }
    Ok((starts_at, ends_at))
}

/// Checks a service slot under the product's lock: one of the coming slots, with `places` left.
/// Returns the slot's end.
async fn slot_hold(
    tx: &mut Conn,
    shop: &Shop,
    offer: &Offer,
    slot: i64,
    places: i64,
) -> Result<i64> {
    let d = Details::from_json(&offer.details);
    let terms = ServiceTerms::new(
        d.duration_minutes.unwrap_or(0),
        d.capacity_per_slot.unwrap_or(0),
    )
    .map_err(|_| refused("cart-not-for-sale"))?;
    lock(tx, shop, offer).await?;
    let now = store::now();
    let until = now + i64::from(SLOT_DAYS + 1) * 86_400;
    let bookings: Vec<(i64, i64, u32)> = store::calendar::active_bookings(
        tx,
        shop.sid(),
        offer.product_id.get(),
        now - 86_400,
        until,
    )
    .await?
    .iter()
    .map(|b| {
        (
            b.starts_at,
            b.ends_at,
            u32::try_from(b.quantity).unwrap_or(0),
        )
    })
    .collect();
    let hours = opening_hours(tx, shop.sid()).await?;
    let tz = shop_tz(&shop.timezone);
    let days = domain::catalog::service::upcoming(&hours, &terms, now, tz, SLOT_DAYS, &bookings);
    let found = days
        .iter()
        .flat_map(|d| d.slots.iter())
        .find(|s| s.start_utc == slot)
        .ok_or_else(|| refused("cart-slot-unknown"))?;
    if i64::from(found.remaining) < places {
        return Err(if found.remaining == 0 {
            refused("cart-slot-full")
        } else {
            Error::Refused(ValidationError::new("cart-slot-short").with("count", found.remaining))
        });
    }
    Ok(slot + i64::from(terms.duration_minutes()) * 60)
}

async fn lock(tx: &mut Conn, shop: &Shop, offer: &Offer) -> Result<()> {
    if store::guard::lock_product(tx, shop.sid(), offer.product_id.get()).await? {
        Ok(())
    } else {
        Err(refused("cart-variant-unknown"))
    }
}

/// A cart in use keeps its holds: each change starts their time again.
async fn keep_holds(tx: &mut Conn, shop: ShopId, cart: CartId) -> Result<()> {
    let held: Vec<i64> = store::cart::lines(tx, shop, cart)
        .await?
        .iter()
        .filter_map(|l| l.booking_id)
        .collect();
    store::calendar::extend_holds(tx, shop, &held, store::now() + HOLD_SECONDS).await?;
    Ok(())
}

/// Sets a line's quantity (0 removes it). A held period or slot cannot change: the shopper
/// removes it and picks another.
pub async fn set_quantity(
    store: &Store,
    shop: &Shop,
    owner: Owner<'_>,
    line: i64,
    quantity: i64,
) -> Result<()> {
    if quantity == 0 {
        return remove(store, shop, owner, line).await;
    }
    if !(1..=MAX_QUANTITY).contains(&quantity) {
        return Err(Error::Refused(
            ValidationError::new("cart-quantity-invalid").with("max", MAX_QUANTITY),
        ));
    }
    let sid = shop.sid();
    let mut tx = store.begin().await?;
    let cart = find_cart(&mut tx, sid, owner)
        .await?
        .ok_or_else(|| refused("cart-line-unknown"))?;
    let lines = store::cart::lines(&mut tx, sid, cart).await?;
    let l = lines
        .iter()
        .find(|l| l.id == line)
        .ok_or_else(|| refused("cart-line-unknown"))?;
    if l.booking_id.is_some() {
        if l.quantity == quantity {
            return Ok(());
        }
        return Err(refused("cart-booking-fixed"));
    }
    let offer = store::cart::offer(&mut tx, sid, l.variant_id)
        .await?
        .ok_or_else(|| refused("cart-line-unknown"))?;
    let kind = ProductKind::parse(&offer.kind).map_err(Error::Refused)?;
    // Lowering a quantity is always possible, even when the stock fell below it meanwhile.
    if quantity > l.quantity {
        check_stock(kind, &offer, quantity)?;
    }
    store::cart::set_quantity(&mut tx, sid, cart, line, quantity).await?;
    keep_holds(&mut tx, sid, cart).await?;
    tx.commit().await.map_err(store::StoreError::from)?;
    Ok(())
}

/// Removes a line and lets go of its hold.
pub async fn remove(store: &Store, shop: &Shop, owner: Owner<'_>, line: i64) -> Result<()> {
    let sid = shop.sid();
    let mut tx = store.begin().await?;
    let cart = find_cart(&mut tx, sid, owner)
        .await?
        .ok_or_else(|| refused("cart-line-unknown"))?;
    let lines = store::cart::lines(&mut tx, sid, cart).await?;
    let l = lines
        .iter()
        .find(|l| l.id == line)
        .ok_or_else(|| refused("cart-line-unknown"))?;
    if let Some(b) = l.booking_id {
        store::calendar::release(&mut tx, shop.sid(), b).await?;
        store::shop::bump_version(&mut tx, sid).await?;
    }
    store::cart::remove_line(&mut tx, sid, cart, line).await?;
    keep_holds(&mut tx, sid, cart).await?;
    tx.commit().await.map_err(store::StoreError::from)?;
    Ok(())
}

/// Why a line cannot be ordered as it is (a message id and its count, if any).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub code: &'static str,
    pub count: Option<i64>,
}

/// A line as the cart page and the API show it.
#[derive(Debug, Clone)]
pub struct Line {
    pub view: LineView,
    pub kind: Option<ProductKind>,
    /// Price of one (a rental: the whole period).
    pub unit_minor: i64,
    pub total_minor: i64,
    /// The rental's deposit, paid back on return (not part of the total).
    pub deposit_minor: i64,
    pub problem: Option<Problem>,
}

/// A cart with its lines and total, in the shop's currency.
#[derive(Debug, Clone)]
pub struct Cart {
    pub id: CartId,
    pub lines: Vec<Line>,
    pub subtotal_minor: i64,
    /// Items in the cart (what the cart link counts).
    pub count: i64,
}

impl Cart {
    /// Whether every line can be ordered as it is.
    /// A cart just made, with nothing in it.
    pub fn empty(id: CartId) -> Cart {
        Cart {
            id,
            lines: Vec::new(),
            subtotal_minor: 0,
            count: 0,
        }
    }

    pub fn orderable(&self) -> bool {
        !self.lines.is_empty() && self.lines.iter().all(|l| l.problem.is_none())
    }
}

/// A cart's prices as the shopper sees them before a destination is known: tax included at the
/// shop's home rates, as the storefront shows them (`domain::tax::shown_price`), whatever way
/// the shop types its prices.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shown {
    /// Each line's (unit price, total), in the cart's order, before any discount.
    pub lines: Vec<(i64, i64)>,
    /// What promotions take off the lines, as shown.
    pub discount_minor: i64,
    /// The lines' total at home once discounted, VAT rounded per rate as checkout rounds it.
    pub subtotal_minor: i64,
}

/// The prices of `cart` as shown to shoppers of a shop charging VAT as `profile` says, with
/// what promotions take off each line (`discount`, as typed; empty: nothing).
pub fn shown(cart: &Cart, profile: &domain::tax::TaxProfile, discount: &[i64]) -> Shown {
    use domain::catalog::VatClass;
    use domain::tax::{shown_price, TaxInput, TaxLine};
    let class = |l: &Line| VatClass::parse(&l.view.vat_class).unwrap_or(VatClass::Standard);
    let lines: Vec<(i64, i64)> = cart
        .lines
        .iter()
        .map(|l| {
            (
                shown_price(profile, class(l), l.unit_minor),
                shown_price(profile, class(l), l.total_minor),
            )
        })
        .collect();
    let home = domain::country::Destination::new(profile.country, "");
    let total = |off: &dyn Fn(usize) -> i64| {
        let taxed: Vec<TaxLine> = cart
            .lines
            .iter()
            .enumerate()
            .map(|(i, l)| TaxLine {
                amount_minor: l.total_minor - off(i),
                class: class(l),
                supply: domain::tax::Supply::CollectedGoods,
            })
            .collect();
        domain::tax::compute(TaxInput {
            profile,
            eu_sales: &domain::tax::EuSales::default(),
            destination: &home,
            lines: &taxed,
            shipping_minor: 0,
        })
        .map_or_else(
            |_| taxed.iter().map(|l| l.amount_minor).sum(),
            |b| b.gross_minor,
        )
    };
    let before = total(&|_| 0);
    let subtotal_minor = if discount.iter().all(|d| *d == 0) {
        before
    } else {
        total(&|i| discount.get(i).copied().unwrap_or(0))
    };
    Shown {
        lines,
        discount_minor: before - subtotal_minor,
        subtotal_minor,
    }
}

/// A delivery price as shown beside the cart before the recap: what it adds to the cart's total
/// at home (delivery bears the VAT of the goods it carries).
pub fn shown_shipping(cart: &Cart, profile: &domain::tax::TaxProfile, shipping_minor: i64) -> i64 {
    use domain::tax::{TaxInput, TaxLine};
    if profile.entry == domain::tax::PriceEntry::TaxIncluded {
        return shipping_minor;
    }
    let taxed: Vec<TaxLine> = cart
        .lines
        .iter()
        .map(|l| TaxLine {
            amount_minor: l.total_minor,
            class: domain::catalog::VatClass::parse(&l.view.vat_class)
                .unwrap_or(domain::catalog::VatClass::Standard),
            supply: domain::tax::Supply::ShippedGoods,
        })
        .collect();
    let home = domain::country::Destination::new(profile.country, "");
    let total = |shipping_minor| {
        domain::tax::compute(TaxInput {
            profile,
            eu_sales: &domain::tax::EuSales::default(),
            destination: &home,
            lines: &taxed,
            shipping_minor,
        })
        .map(|b| b.gross_minor)
    };
    match (total(shipping_minor), total(0)) {
        (Ok(with), Ok(without)) => with - without,
        _ => shipping_minor,
    }
}

/// The cart of `owner` in `lang` (else the shop's language); `None` when there is none.
pub async fn view(
    store: &Store,
    shop: &Shop,
    owner: Owner<'_>,
    lang: &str,
) -> Result<Option<Cart>> {
    let sid = shop.sid();
    let mut conn = store.reader().await?;
    let Some(cart) = find_cart(&mut conn, sid, owner).await? else {
        return Ok(None);
    };
    let now = store::now();
    let rows = store::cart::line_views(&mut conn, sid, cart, lang, &shop.default_lang).await?;
    let lines: Vec<Line> = rows.into_iter().map(|v| line_of(v, now)).collect();
    Ok(Some(Cart {
        id: cart,
        subtotal_minor: lines.iter().map(|l| l.total_minor).sum(),
        count: lines.iter().map(|l| l.view.quantity).sum(),
        lines,
    }))
}

pub(crate) fn line_of(v: LineView, now: i64) -> Line {
    let kind = ProductKind::parse(&v.kind).ok();
    let mut unit = v.price_minor;
    let mut deposit = 0;
    let mut problem = None;
    let problem_of = |code| Some(Problem { code, count: None });
    if v.status != "active" {
        problem = problem_of("cart-not-for-sale");
    }
    match kind {
        Some(ProductKind::Rental) => {
            let d = Details::from_json(&v.details);
            let terms = RentalTerms::new(
                d.per_day_minor.unwrap_or(0),
                d.per_week_minor,
                d.deposit_minor.unwrap_or(0),
                d.min_days.unwrap_or(1),
                d.max_days
                    .unwrap_or(domain::catalog::rental::MAX_RENTAL_DAYS),
            );
            let days = match (v.starts_at, v.ends_at) {
                (Some(a), Some(b)) => u32::try_from((b - a + 43_200) / 86_400).unwrap_or(0),
                _ => 0,
            };
            match terms {
                Ok(t) => {
                    unit = t.price_for_days(days);
                    deposit = t.deposit_minor();
                }
                Err(_) => problem = problem.or(problem_of("cart-not-for-sale")),
            }
        }
        Some(ProductKind::Service) | None => {}
        Some(_) => {
            if problem.is_none() {
                let policy = StockPolicy {
                    track: v.track_stock != 0,
                    quantity: v.stock,
                    allow_backorder: v.allow_backorder != 0,
                };
                if !policy.can_sell(v.quantity) {
                    problem = Some(if v.stock <= 0 {
                        Problem {
                            code: "cart-sold-out",
                            count: None,
                        }
                    } else {
                        Problem {
                            code: "cart-stock-short",
                            count: Some(v.stock),
                        }
                    });
                }
            }
        }
    }
    let held = matches!(kind, Some(ProductKind::Rental | ProductKind::Service));
    if held && problem.is_none() {
        let lapsed = match (v.hold_status.as_deref(), v.hold_expires_at) {
            (Some("confirmed"), _) => false,
            (Some("held"), Some(at)) => at <= now,
            (Some("held"), None) => false,
            _ => true,
        };
        if lapsed {
            problem = problem_of("cart-hold-lapsed");
        }
    }
    let total = unit.saturating_mul(if held && kind == Some(ProductKind::Rental) {
        1
    } else {
        v.quantity
    });
    Line {
        kind,
        unit_minor: unit,
        total_minor: total,
        deposit_minor: deposit,
        problem,
        view: v,
    }
}
