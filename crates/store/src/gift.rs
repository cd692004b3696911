//! An order's parcels when it is a gift (one per recipient), the share of the order's lines
//! each holds, the notes to recipients waiting for the order to ship, and the facts a packing
//! slip's customs declaration reads from the catalog. The rules are `app::gift`'s.

use sqlx::FromRow;

use crate::id::{CartId, OrderId, ShopId};
use crate::{Conn, Result};

#[derive(Debug, Clone, Default, FromRow, PartialEq, Eq)]
pub struct Parcel {
    /// 1, 2… in the order the buyer listed the recipients.
    pub position: i64,
    /// JSON: the recipient's postal address.
    pub address: String,
    pub message: String,
    /// YYYY-MM-DD: the date asked for, and the day to send it to arrive then.
    pub deliver_on: Option<String>,
    pub dispatch_on: Option<String>,
    pub shipping_method: Option<String>,
    pub shipping_name: String,
    pub shipping_minor: i64,
    /// Where the note to the recipient goes, if the buyer asked for one.
    pub notify_email: Option<String>,
    pub note_subject: Option<String>,
    pub note_text: Option<String>,
    pub note_html: Option<String>,
    pub notified_at: Option<i64>,
}

const COLUMNS: &str = "position, address, message, deliver_on, dispatch_on, shipping_method, \
    shipping_name, shipping_minor, notify_email, note_subject, note_text, note_html, notified_at";

pub async fn insert_parcel(
    conn: &mut Conn,
    shop: ShopId,
    order: OrderId,
    p: &Parcel,
) -> Result<()> {
    sqlx::query(&format!(
        "INSERT INTO order_parcels (shop_id, order_id, {COLUMNS}) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)"
    ))
    .bind(shop)
    .bind(order)
    .bind(p.position)
    .bind(&p.address)
    .bind(&p.message)
    .bind(&p.deliver_on)
    .bind(&p.dispatch_on)
    .bind(&p.shipping_method)
    .bind(&p.shipping_name)
    .bind(p.shipping_minor)
    .bind(&p.notify_email)
    .bind(&p.note_subject)
    .bind(&p.note_text)
    .bind(&p.note_html)
    .bind(p.notified_at)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Puts `quantity` of the order's line at `line` (its position) in parcel `parcel`.
pub async fn insert_share(
    conn: &mut Conn,
    shop: ShopId,
    order: OrderId,
    parcel: i64,
    line: i64,
    quantity: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO order_parcel_lines (shop_id, order_id, parcel, line, quantity) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(shop)
    .bind(order)
    .bind(parcel)
    .bind(line)
    .bind(quantity)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The order's parcels, in order; none for an order that is not a gift.
pub async fn parcels(conn: &mut Conn, shop: ShopId, order: OrderId) -> Result<Vec<Parcel>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM order_parcels WHERE shop_id = $1 AND order_id = $2 \
         ORDER BY position"
    ))
    .bind(shop)
    .bind(order)
    .fetch_all(&mut *conn)
    .await?)
}

/// What each parcel holds: (parcel, line position, quantity).
pub async fn shares(conn: &mut Conn, shop: ShopId, order: OrderId) -> Result<Vec<(i64, i64, i64)>> {
    Ok(sqlx::query_as(
        "SELECT parcel, line, quantity FROM order_parcel_lines \
         WHERE shop_id = $1 AND order_id = $2 ORDER BY parcel, line",
    )
    .bind(shop)
    .bind(order)
    .fetch_all(&mut *conn)
    .await?)
}

/// Marks the notes of the order's parcels sent at `at`; returns the ones that were still due.
pub async fn take_due_notes(
    conn: &mut Conn,
    shop: ShopId,
    order: OrderId,
    at: i64,
) -> Result<Vec<Parcel>> {
    let due: Vec<Parcel> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM order_parcels WHERE shop_id = $1 AND order_id = $2 \
         AND notify_email IS NOT NULL AND notified_at IS NULL ORDER BY position"
    ))
    .bind(shop)
    .bind(order)
    .fetch_all(&mut *conn)
    .await?;
    sqlx::query(
        "UPDATE order_parcels SET notified_at = $3 WHERE shop_id = $1 AND order_id = $2 \
         AND notify_email IS NOT NULL AND notified_at IS NULL",
    )
    .bind(shop)
    .bind(order)
    .bind(at)
    .execute(&mut *conn)
    .await?;
    Ok(due)
}

/// What the catalog says today of an order line's product, for a customs declaration.
#[derive(Debug, Clone, FromRow, PartialEq, Eq)]
pub struct LineFacts {
    pub position: i64,
    /// The product's `details` JSON (HS code, origin), if the product still exists.
    pub details: Option<String>,
    pub weight_grams: Option<i64>,
}

pub async fn line_facts(conn: &mut Conn, shop: ShopId, order: OrderId) -> Result<Vec<LineFacts>> {
    Ok(sqlx::query_as(
        "SELECT l.position, p.details, v.weight_grams FROM order_lines l \
         LEFT JOIN products p ON p.shop_id = l.shop_id AND p.id = l.product_id \
         LEFT JOIN variants v ON v.shop_id = l.shop_id AND v.id = l.variant_id \
         WHERE l.shop_id = $1 AND l.order_id = $2 ORDER BY l.position",
    )
    .bind(shop)
    .bind(order)
    .fetch_all(&mut *conn)
    .await?)
}

/// The gift being typed at checkout, kept with the cart (JSON).
pub async fn of_cart(conn: &mut Conn, shop: ShopId, cart: CartId) -> Result<Option<String>> {
    Ok(sqlx::query_scalar::<_, Option<String>>(
        "SELECT gift FROM carts WHERE shop_id = $1 AND id = $2",
    )
    .bind(shop)
    .bind(cart)
    .fetch_optional(&mut *conn)
    .await?
    .flatten())
}

/// Keeps (or, with None, forgets) the gift typed at checkout with the cart.
pub async fn set_for_cart(
    conn: &mut Conn,
    shop: ShopId,
    cart: CartId,
    json: Option<&str>,
) -> Result<()> {
    sqlx::query("UPDATE carts SET gift = $3, updated_at = $4 WHERE shop_id = $1 AND id = $2")
        .bind(shop)
        .bind(cart)
        .bind(json)
        .bind(crate::now())
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Keeps the note to parcel `position`'s recipient, to send when the order ships.
pub async fn set_note(
    conn: &mut Conn,
    shop: ShopId,
    order: OrderId,
    position: i64,
    subject: &str,
    text: &str,
    html: Option<&str>,
) -> Result<()> {
    sqlx::query(
        "UPDATE order_parcels SET note_subject = $4, note_text = $5, note_html = $6 \
         WHERE shop_id = $1 AND order_id = $2 AND position = $3",
    )
    .bind(shop)
    .bind(order)
    .bind(position)
    .bind(subject)
    .bind(text)
    .bind(html)
    .execute(&mut *conn)
    .await?;
    Ok(())
}
