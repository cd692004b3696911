//! Orders, their lines and their history, per shop. The rules (stock, numbering, taxes, the
//! state machine) are `app::checkout`'s and `domain::order`'s; these functions only read and
//! write, inside the caller's transaction.

use sqlx::FromRow;

use crate::batch::Statement;
use crate::id::{CustomerId, OrderId, ShopId, VariantId};
use crate::{new_id, now, Conn, Result};

/// The next number of the shop's `series` ("order", later "invoice", "credit_note"): 1, 2, 3…
/// The counter row is updated in the caller's transaction, so a rolled-back order gives its
/// number back and two transactions never get the same one (the second waits for the row).
pub async fn next_number(conn: &mut Conn, shop: ShopId, series: &str) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO shop_counters (shop_id, series, last) VALUES ($1, $2, 1) \
         ON CONFLICT (shop_id, series) DO UPDATE SET last = shop_counters.last + 1 \
         RETURNING last",
    )
    .bind(shop)
    .bind(series)
    .fetch_one(&mut *conn)
    .await?)
}

/// Takes `quantity` of a variant's stock if it has that much, and says what is left; `None`
/// (and nothing taken) when it has less. One statement, so two orders for the last unit cannot
/// both take it.
pub async fn take_stock(
    conn: &mut Conn,
    shop: ShopId,
    variant: VariantId,
    quantity: i64,
) -> Result<Option<i64>> {
    Ok(sqlx::query_scalar(
        "UPDATE variants SET quantity = quantity - $3 WHERE shop_id = $1 AND id = $2 \
         AND quantity >= $3 RETURNING quantity",
    )
    .bind(shop)
    .bind(variant)
    .bind(quantity)
    .fetch_optional(&mut *conn)
    .await?)
}

/// Takes stock without a floor (a product sold on backorder goes below zero); what is left.
pub async fn take_stock_backorder(
    conn: &mut Conn,
    shop: ShopId,
    variant: VariantId,
    quantity: i64,
) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "UPDATE variants SET quantity = quantity - $3 WHERE shop_id = $1 AND id = $2 \
         RETURNING quantity",
    )
    .bind(shop)
    .bind(variant)
    .bind(quantity)
    .fetch_optional(&mut *conn)
    .await?
    .unwrap_or(0))
}

/// Turns a cart's hold into a confirmed booking; false when the hold has lapsed or is gone.
pub async fn confirm_booking(conn: &mut Conn, shop: ShopId, booking: i64) -> Result<bool> {
    let r = sqlx::query(
        "UPDATE bookings SET status = 'confirmed', expires_at = NULL \
         WHERE shop_id = $1 AND id = $2 AND status = 'held' \
         AND (expires_at IS NULL OR expires_at > $3)",
    )
    .bind(shop)
    .bind(booking)
    .bind(now())
    .execute(&mut *conn)
    .await?;
    Ok(r.rows_affected() == 1)
}

#[derive(Debug, Clone)]
pub struct NewOrder<'a> {
    pub number: &'a str,
    pub token_hash: &'a str,
    pub idempotency_key: &'a str,
    /// The signed-in customer who ordered (none for a guest).
    pub customer_id: Option<CustomerId>,
    pub email: &'a str,
    /// The buyer's name and the country the order goes to, for the seller's list.
    pub name: &'a str,
    pub country: &'a str,
    pub lang: &'a str,
    pub currency: &'a str,
    pub status: &'a str,
    pub payment_method: &'a str,
    pub fulfilment: &'a str,
    pub shipping_method: Option<&'a str>,
    pub shipping_name: &'a str,
    pub subtotal_minor: i64,
    pub shipping_minor: i64,
    pub vat_minor: i64,
    pub total_minor: i64,
    /// JSON.
    pub billing_address: &'a str,
    /// JSON; none when nothing is shipped.
    pub shipping_address: Option<&'a str>,
    /// JSON: the VAT per rate.
    pub taxes: &'a str,
    /// Legal mentions, one per line.
    pub mentions: &'a str,
    /// The rentals' deposit, held apart from the total.
    pub deposit_minor: i64,
    /// What promotions took off the goods (as typed, before VAT), and their names.
    pub discount_minor: i64,
    pub promotions: &'a str,
    /// The source the order is credited to (see `domain::growth::source`).
    pub source_channel: &'a str,
    pub source_name: &'a str,
    pub source_campaign: &'a str,
}

/// Inserts the order; returns it as stored (one statement: no read after the write).
pub async fn insert(conn: &mut Conn, shop: ShopId, o: &NewOrder<'_>) -> Result<Order> {
    let id = OrderId(new_id());
    let at = now();
    Ok(sqlx::query_as(&format!(
        "INSERT INTO orders (shop_id, id, number, token_hash, idempotency_key, email, lang, \
         currency, status, payment_method, fulfilment, shipping_method, shipping_name, \
         subtotal_minor, shipping_minor, vat_minor, total_minor, billing_address, \
         shipping_address, taxes, mentions, terms_accepted_at, created_at, updated_at, \
         customer_id, name, country, deposit_minor, discount_minor, promotions, source_channel, \
         source_name, source_campaign) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, \
         $18, $19, $20, $21, $22, $22, $22, $23, $24, $25, $26, $27, $28, $29, $30, $31) \
         RETURNING {ORDER_COLUMNS}"
    ))
    .bind(shop)
    .bind(id)
    .bind(o.number)
    .bind(o.token_hash)
    .bind(o.idempotency_key)
    .bind(o.email)
    .bind(o.lang)
    .bind(o.currency)
    .bind(o.status)
    .bind(o.payment_method)
    .bind(o.fulfilment)
    .bind(o.shipping_method)
    .bind(o.shipping_name)
    .bind(o.subtotal_minor)
    .bind(o.shipping_minor)
    .bind(o.vat_minor)
    .bind(o.total_minor)
    .bind(o.billing_address)
    .bind(o.shipping_address)
    .bind(o.taxes)
    .bind(o.mentions)
    .bind(at)
    .bind(o.customer_id)
    .bind(o.name)
    .bind(o.country)
    .bind(o.deposit_minor)
    .bind(o.discount_minor)
    .bind(o.promotions)
    .bind(o.source_channel)
    .bind(o.source_name)
    .bind(o.source_campaign)
    .fetch_one(&mut *conn)
    .await?)
}

#[derive(Debug, Clone, FromRow, PartialEq, Eq)]
pub struct Line {
    pub position: i64,
    pub product_id: Option<i64>,
    pub variant_id: Option<VariantId>,
    pub kind: String,
    pub sku: Option<String>,
    pub title: String,
    pub options: String,
    pub quantity: i64,
    pub unit_minor: i64,
    pub total_minor: i64,
    pub vat_rate_bp: i64,
    pub vat_minor: i64,
    pub starts_at: Option<i64>,
    pub ends_at: Option<i64>,
    pub booking_id: Option<i64>,
    /// Whether placing the order took this line from the stock (given back if it is cancelled).
    pub stock_taken: i64,
    /// What its VAT was computed on (the amount the buyer pays for it, converted for an export
    /// or a foreign rate; tax included or not as `total_minor`); `None` on older lines.
    pub taxed_minor: Option<i64>,
    /// What promotions took off it (as typed, before VAT): `total_minor` is before it.
    pub discount_minor: i64,
}

/// The INSERT of an order's line, for a [`crate::batch::Batch`]; it keeps its own copy of the
/// line's texts.
pub fn insert_line_statement(shop: ShopId, order: OrderId, l: &Line) -> Statement<'static> {
    sqlx::query(
        "INSERT INTO order_lines (shop_id, order_id, position, product_id, variant_id, kind, sku, \
         title, options, quantity, unit_minor, total_minor, vat_rate_bp, vat_minor, starts_at, \
         ends_at, booking_id, stock_taken, taxed_minor, discount_minor) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, \
         $19, $20)",
    )
    .bind(shop)
    .bind(order)
    .bind(l.position)
    .bind(l.product_id)
    .bind(l.variant_id)
    .bind(l.kind.clone())
    .bind(l.sku.clone())
    .bind(l.title.clone())
    .bind(l.options.clone())
    .bind(l.quantity)
    .bind(l.unit_minor)
    .bind(l.total_minor)
    .bind(l.vat_rate_bp)
    .bind(l.vat_minor)
    .bind(l.starts_at)
    .bind(l.ends_at)
    .bind(l.booking_id)
    .bind(l.stock_taken)
    .bind(l.taxed_minor)
    .bind(l.discount_minor)
}

pub async fn lines(conn: &mut Conn, shop: ShopId, order: OrderId) -> Result<Vec<Line>> {
    Ok(sqlx::query_as(
        "SELECT position, product_id, variant_id, kind, sku, title, options, quantity, unit_minor, \
         total_minor, vat_rate_bp, vat_minor, starts_at, ends_at, booking_id, stock_taken, \
         taxed_minor, discount_minor FROM order_lines \
         WHERE shop_id = $1 AND order_id = $2 ORDER BY position",
    )
    .bind(shop)
    .bind(order)
    .fetch_all(&mut *conn)
    .await?)
}

/// A change of an order's status, as the history shows it.
#[derive(Debug, Clone)]
pub struct NewEvent<'a> {
    pub from_status: Option<&'a str>,
    pub to_status: &'a str,
    pub event: &'a str,
    pub actor_kind: &'a str,
    pub actor_id: Option<i64>,
    pub amount_minor: Option<i64>,
    pub note: &'a str,
}

/// Event ids grow with time (microseconds, then a random tail), so that the history of moves
/// made within one second still reads in order.
fn event_id() -> i64 {
    let micros = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_micros() as i64)
        .unwrap_or(0);
    micros * 1000 + new_id() % 1000
}

pub async fn add_event(
    conn: &mut Conn,
    shop: ShopId,
    order: OrderId,
    e: &NewEvent<'_>,
) -> Result<()> {
    add_event_statement(shop, order, e)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// [`add_event`] as a statement of a [`crate::batch::Batch`].
pub fn add_event_statement<'q>(shop: ShopId, order: OrderId, e: &NewEvent<'q>) -> Statement<'q> {
    sqlx::query(
        "INSERT INTO order_events (shop_id, order_id, id, from_status, to_status, event, \
         actor_kind, actor_id, amount_minor, note, at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(shop)
    .bind(order)
    .bind(event_id())
    .bind(e.from_status)
    .bind(e.to_status)
    .bind(e.event)
    .bind(e.actor_kind)
    .bind(e.actor_id)
    .bind(e.amount_minor)
    .bind(e.note)
    .bind(now())
}

#[derive(Debug, Clone, FromRow, PartialEq, Eq)]
pub struct Order {
    pub id: OrderId,
    pub number: String,
    /// Names the order for retried requests; the guest's link is derived from it.
    pub idempotency_key: String,
    pub email: String,
    pub lang: String,
    pub currency: String,
    pub status: String,
    pub payment_method: String,
    pub fulfilment: String,
    pub shipping_method: Option<String>,
    pub shipping_name: String,
    pub subtotal_minor: i64,
    pub shipping_minor: i64,
    pub vat_minor: i64,
    pub total_minor: i64,
    pub paid_minor: i64,
    pub refunded_minor: i64,
    pub billing_address: String,
    pub shipping_address: Option<String>,
    pub taxes: String,
    pub mentions: String,
    pub carrier: Option<String>,
    pub tracking_number: Option<String>,
    pub customer_id: Option<CustomerId>,
    /// The buyer's name, and the country the order goes to.
    pub name: String,
    pub country: String,
    pub created_at: i64,
    /// The rentals' deposit, held apart from the total.
    pub deposit_minor: i64,
    /// What promotions took off the goods (as typed, before VAT), and their names, one per
    /// line of text.
    pub discount_minor: i64,
    pub promotions: String,
}

pub(crate) const ORDER_COLUMNS: &str =
    "id, number, idempotency_key, email, lang, currency, status, payment_method, \
    fulfilment, shipping_method, shipping_name, subtotal_minor, shipping_minor, vat_minor, \
    total_minor, paid_minor, refunded_minor, billing_address, shipping_address, taxes, mentions, \
    carrier, tracking_number, customer_id, name, country, created_at, deposit_minor, \
    discount_minor, promotions";

/// The order placed under `key`, if any (a retried request finds the first one).
pub async fn by_idempotency_key(conn: &mut Conn, shop: ShopId, key: &str) -> Result<Option<Order>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {ORDER_COLUMNS} FROM orders WHERE shop_id = $1 AND idempotency_key = $2"
    ))
    .bind(shop)
    .bind(key)
    .fetch_optional(&mut *conn)
    .await?)
}

/// The order a guest's link names.
pub async fn by_token(conn: &mut Conn, shop: ShopId, token_hash: &str) -> Result<Option<Order>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {ORDER_COLUMNS} FROM orders WHERE shop_id = $1 AND token_hash = $2"
    ))
    .bind(shop)
    .bind(token_hash)
    .fetch_optional(&mut *conn)
    .await?)
}

pub async fn by_id(conn: &mut Conn, shop: ShopId, id: OrderId) -> Result<Option<Order>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {ORDER_COLUMNS} FROM orders WHERE shop_id = $1 AND id = $2"
    ))
    .bind(shop)
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?)
}

/// How many of the shop's orders are in `status` (all of them when empty).
pub async fn count(conn: &mut Conn, shop: ShopId, status: &str) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "SELECT COUNT(*) FROM orders WHERE shop_id = $1 AND ($2 = '' OR status = $2)",
    )
    .bind(shop)
    .bind(status)
    .fetch_one(&mut *conn)
    .await?)
}

/// Locks one of the shop's orders until the end of the transaction (PostgreSQL; SQLite's write
/// transaction already excludes other writers), so two moves of the same order happen one after
/// the other; `None` if the shop has no such order.
pub async fn lock(conn: &mut Conn, shop: ShopId, number: &str) -> Result<Option<Order>> {
    let lock = match crate::backend_of(conn) {
        crate::Backend::Postgres => " FOR UPDATE",
        crate::Backend::Sqlite => "",
    };
    Ok(sqlx::query_as(&format!(
        "SELECT {ORDER_COLUMNS} FROM orders WHERE shop_id = $1 AND number = $2{lock}"
    ))
    .bind(shop)
    .bind(number)
    .fetch_optional(&mut *conn)
    .await?)
}

/// The shop's order numbered `number`.
pub async fn by_number(conn: &mut Conn, shop: ShopId, number: &str) -> Result<Option<Order>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {ORDER_COLUMNS} FROM orders WHERE shop_id = $1 AND number = $2"
    ))
    .bind(shop)
    .bind(number)
    .fetch_optional(&mut *conn)
    .await?)
}

/// Records an order's new status and money received or given back.
pub async fn set_state(
    conn: &mut Conn,
    shop: ShopId,
    order: OrderId,
    status: &str,
    paid_minor: i64,
    refunded_minor: i64,
) -> Result<()> {
    sqlx::query(
        "UPDATE orders SET status = $3, paid_minor = $4, refunded_minor = $5, updated_at = $6 \
         WHERE shop_id = $1 AND id = $2",
    )
    .bind(shop)
    .bind(order)
    .bind(status)
    .bind(paid_minor)
    .bind(refunded_minor)
    .bind(now())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The carrier and tracking number of a shipped order.
pub async fn set_tracking(
    conn: &mut Conn,
    shop: ShopId,
    order: OrderId,
    carrier: Option<&str>,
    tracking: Option<&str>,
) -> Result<()> {
    sqlx::query(
        "UPDATE orders SET carrier = $3, tracking_number = $4 WHERE shop_id = $1 AND id = $2",
    )
    .bind(shop)
    .bind(order)
    .bind(carrier)
    .bind(tracking)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Gives back to the stock what a cancelled order had taken.
pub async fn restock(
    conn: &mut Conn,
    shop: ShopId,
    variant: VariantId,
    quantity: i64,
) -> Result<()> {
    sqlx::query("UPDATE variants SET quantity = quantity + $3 WHERE shop_id = $1 AND id = $2")
        .bind(shop)
        .bind(variant)
        .bind(quantity)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Frees the slot or period a cancelled order had booked.
pub async fn cancel_booking(conn: &mut Conn, shop: ShopId, booking: i64) -> Result<()> {
    sqlx::query("UPDATE bookings SET status = 'cancelled' WHERE shop_id = $1 AND id = $2")
        .bind(shop)
        .bind(booking)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// One change of an order, as its history shows it.
#[derive(Debug, Clone, FromRow, PartialEq, Eq)]
pub struct Event {
    pub from_status: Option<String>,
    pub to_status: String,
    pub event: String,
    pub actor_kind: String,
    pub actor_id: Option<i64>,
    pub amount_minor: Option<i64>,
    pub note: String,
    pub at: i64,
}

/// The order's history, oldest first.
pub async fn events(conn: &mut Conn, shop: ShopId, order: OrderId) -> Result<Vec<Event>> {
    Ok(sqlx::query_as(
        "SELECT from_status, to_status, event, actor_kind, actor_id, amount_minor, note, at \
         FROM order_events WHERE shop_id = $1 AND order_id = $2 ORDER BY at, id",
    )
    .bind(shop)
    .bind(order)
    .fetch_all(&mut *conn)
    .await?)
}

/// The shop's orders in `status` (any when empty), newest first.
pub async fn list_by_status(
    conn: &mut Conn,
    shop: ShopId,
    status: &str,
    limit: i64,
    offset: i64,
) -> Result<Vec<Order>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {ORDER_COLUMNS} FROM orders WHERE shop_id = $1 AND ($2 = '' OR status = $2) \
         ORDER BY created_at DESC, number DESC LIMIT $3 OFFSET $4"
    ))
    .bind(shop)
    .bind(status)
    .bind(limit)
    .bind(offset)
    .fetch_all(&mut *conn)
    .await?)
}

/// The customer's orders in this shop, newest first.
pub async fn list_by_customer(
    conn: &mut Conn,
    shop: ShopId,
    customer: CustomerId,
    limit: i64,
) -> Result<Vec<Order>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {ORDER_COLUMNS} FROM orders WHERE shop_id = $1 AND customer_id = $2 \
         ORDER BY created_at DESC, number DESC LIMIT $3"
    ))
    .bind(shop)
    .bind(customer)
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?)
}

/// An order waiting for a transfer or a cheque, with its payment method's settings.
#[derive(Debug, Clone, FromRow)]
pub struct Unpaid {
    pub shop_id: ShopId,
    pub number: String,
    pub created_at: i64,
    pub settings: Option<String>,
}

/// Orders of every shop still awaiting a transfer or a cheque, placed before `before`, oldest
/// first (at most `limit`).
pub async fn unpaid_candidates(conn: &mut Conn, before: i64, limit: i64) -> Result<Vec<Unpaid>> {
    Ok(sqlx::query_as(
        "SELECT o.shop_id, o.number, o.created_at, m.settings FROM orders o \
         LEFT JOIN payment_methods m ON m.shop_id = o.shop_id AND m.code = o.payment_method \
         WHERE o.status = 'awaiting_payment' AND o.payment_method IN ('bank_transfer', 'cheque', 'card') \
         AND o.created_at < $1 ORDER BY o.created_at LIMIT $2",
    )
    .bind(before)
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?)
}

/// When and for how much each of the shop's orders since `since` was placed, cancelled ones
/// left out (for the dashboard's months).
pub async fn sales_since(conn: &mut Conn, shop: ShopId, since: i64) -> Result<Vec<(i64, i64)>> {
    Ok(sqlx::query_as(
        "SELECT created_at, total_minor FROM orders WHERE shop_id = $1 AND created_at >= $2 \
         AND status <> 'cancelled' ORDER BY created_at",
    )
    .bind(shop)
    .bind(since)
    .fetch_all(&mut *conn)
    .await?)
}

/// A period's sales as the tax thresholds count them: paid (or later) orders, less what was
/// refunded; cancelled, unpaid and wholly refunded orders do not count.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, FromRow)]
pub struct Figures {
    pub orders: i64,
    pub total_minor: i64,
    /// The part of the total that pays for services and rentals.
    pub services_minor: i64,
}

pub async fn figures(conn: &mut Conn, shop: ShopId, from: i64, to: i64) -> Result<Figures> {
    const COUNTED: &str = "o.status NOT IN ('cancelled', 'awaiting_payment', 'refunded')";
    let (orders, total_minor): (i64, i64) = sqlx::query_as(&format!(
        "SELECT COUNT(*), CAST(COALESCE(SUM(o.total_minor - o.refunded_minor), 0) AS BIGINT) FROM orders o \
         WHERE o.shop_id = $1 AND o.created_at >= $2 AND o.created_at < $3 AND {COUNTED}"
    ))
    .bind(shop)
    .bind(from)
    .bind(to)
    .fetch_one(&mut *conn)
    .await?;
    let services_minor: i64 = sqlx::query_scalar(&format!(
        "SELECT CAST(COALESCE(SUM(l.total_minor), 0) AS BIGINT) FROM order_lines l \
         JOIN orders o ON o.shop_id = l.shop_id AND o.id = l.order_id \
         WHERE o.shop_id = $1 AND o.created_at >= $2 AND o.created_at < $3 AND {COUNTED} \
         AND l.kind IN ('service', 'rental')"
    ))
    .bind(shop)
    .bind(from)
    .bind(to)
    .fetch_one(&mut *conn)
    .await?;
    Ok(Figures {
        orders,
        total_minor,
        services_minor,
    })
}

/// What the seller's order list is narrowed to (empty or zero: no filter).
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub status: String,
    /// Placed at or after (UTC seconds).
    pub from: i64,
    /// Placed before (UTC seconds).
    pub to: i64,
    /// ISO country the order goes to.
    pub country: String,
    pub payment_method: String,
    /// An order number, or part of the buyer's e-mail address or name.
    pub text: String,
}

/// The LIKE pattern that finds `text` anywhere, its wildcards taken literally.
fn contains_pattern(text: &str) -> String {
    let escaped: String = text
        .to_lowercase()
        .chars()
        .flat_map(|c| match c {
            '%' | '_' | '\\' => vec!['\\', c],
            c => vec![c],
        })
        .collect();
    format!("%{escaped}%")
}

const FILTERED: &str = "shop_id = $1 AND ($2 = '' OR status = $2) \
     AND ($3 = 0 OR created_at >= $3) AND ($4 = 0 OR created_at < $4) \
     AND ($5 = '' OR country = $5) AND ($6 = '' OR payment_method = $6) \
     AND ($7 = '' OR number = $7 OR LOWER(email) LIKE $8 ESCAPE '\\' \
          OR LOWER(name) LIKE $8 ESCAPE '\\')";

/// The shop's orders that pass `f`, newest first, a page at a time.
pub async fn search(
    conn: &mut Conn,
    shop: ShopId,
    f: &Filter,
    limit: i64,
    offset: i64,
) -> Result<Vec<Order>> {
    let text = f.text.trim();
    Ok(sqlx::query_as(&format!(
        "SELECT {ORDER_COLUMNS} FROM orders WHERE {FILTERED} \
         ORDER BY created_at DESC, number DESC LIMIT $9 OFFSET $10"
    ))
    .bind(shop)
    .bind(&f.status)
    .bind(f.from)
    .bind(f.to)
    .bind(&f.country)
    .bind(&f.payment_method)
    .bind(text)
    .bind(contains_pattern(text))
    .bind(limit)
    .bind(offset)
    .fetch_all(&mut *conn)
    .await?)
}

/// How many of the shop's orders pass `f`.
pub async fn count_matching(conn: &mut Conn, shop: ShopId, f: &Filter) -> Result<i64> {
    let text = f.text.trim();
    Ok(
        sqlx::query_scalar(&format!("SELECT COUNT(*) FROM orders WHERE {FILTERED}"))
            .bind(shop)
            .bind(&f.status)
            .bind(f.from)
            .bind(f.to)
            .bind(&f.country)
            .bind(&f.payment_method)
            .bind(text)
            .bind(contains_pattern(text))
            .fetch_one(&mut *conn)
            .await?,
    )
}

/// A buyer as the seller's customer list shows them: everyone who ordered, by e-mail address
/// (guests and account holders alike), cancelled orders left out.
#[derive(Debug, Clone, FromRow, PartialEq, Eq)]
pub struct Buyer {
    pub email: String,
    pub name: String,
    pub orders: i64,
    pub spent_minor: i64,
    pub last_at: i64,
    /// Whether they have a customer account in the shop.
    pub account: i64,
}

pub async fn buyers(conn: &mut Conn, shop: ShopId, limit: i64, offset: i64) -> Result<Vec<Buyer>> {
    Ok(sqlx::query_as(
        "SELECT o.email, MAX(o.name) AS name, COUNT(*) AS orders, \
         CAST(SUM(o.total_minor - o.refunded_minor) AS BIGINT) AS spent_minor, \
         MAX(o.created_at) AS last_at, \
         CAST(CASE WHEN EXISTS (SELECT 1 FROM customers c WHERE c.shop_id = o.shop_id \
           AND c.email = o.email) THEN 1 ELSE 0 END AS BIGINT) AS account \
         FROM orders o WHERE o.shop_id = $1 AND o.status <> 'cancelled' \
         GROUP BY o.shop_id, o.email ORDER BY MAX(o.created_at) DESC LIMIT $2 OFFSET $3",
    )
    .bind(shop)
    .bind(limit)
    .bind(offset)
    .fetch_all(&mut *conn)
    .await?)
}

/// The countries the shop's orders went to, for the list's filter.
pub async fn countries(conn: &mut Conn, shop: ShopId) -> Result<Vec<String>> {
    Ok(sqlx::query_scalar(
        "SELECT DISTINCT country FROM orders WHERE shop_id = $1 AND country <> '' ORDER BY country",
    )
    .bind(shop)
    .fetch_all(&mut *conn)
    .await?)
}

/// The shop's distance sales to consumers in other EU countries over a period, excluding VAT
/// (what the €10,000 OSS threshold counts): orders to an EU country other than `home`, less
/// refunds; cancelled and refunded orders do not count.
pub async fn eu_distance_sales(
    conn: &mut Conn,
    shop: ShopId,
    from: i64,
    to: i64,
    home: &str,
    eu: &[&str],
) -> Result<i64> {
    // The member states are our own constants: written into the query, not bound.
    let list = eu
        .iter()
        .filter(|c| c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase()))
        .map(|c| format!("'{c}'"))
        .collect::<Vec<_>>()
        .join(", ");
    if list.is_empty() {
        return Ok(0);
    }
    Ok(sqlx::query_scalar(&format!(
        "SELECT CAST(COALESCE(SUM(total_minor - vat_minor - refunded_minor), 0) AS BIGINT) \
         FROM orders WHERE shop_id = $1 AND created_at >= $2 AND created_at < $3 \
         AND country <> $4 AND country IN ({list}) AND status NOT IN ('cancelled', 'refunded')"
    ))
    .bind(shop)
    .bind(from)
    .bind(to)
    .bind(home)
    .fetch_one(&mut *conn)
    .await?)
}
