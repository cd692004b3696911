//! Shoppers' carts and their lines. A guest's cart is found by the hash of its cookie's token, a
//! signed-in customer's by its customer, always within its shop. The rules (what may be added,
//! stock, holds, merging at sign-in) are `app::cart`'s.

use sqlx::FromRow;

use crate::id::{CartId, CustomerId, ProductId, ShopId, VariantId};
use crate::{new_id, now, Conn, Result};

/// A new cart for the token whose hash is `token_hash`, the customer's when one is signed in.
pub async fn create(
    conn: &mut Conn,
    shop: ShopId,
    token_hash: &str,
    customer: Option<CustomerId>,
) -> Result<CartId> {
    let id = CartId(new_id());
    let at = now();
    sqlx::query(
        "INSERT INTO carts (shop_id, id, token_hash, customer_id, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $5)",
    )
    .bind(shop)
    .bind(id)
    .bind(token_hash)
    .bind(customer)
    .bind(at)
    .execute(&mut *conn)
    .await?;
    Ok(id)
}

/// The shop's guest cart of the token whose hash is `token_hash`. A cart that became a
/// customer's is not found by its old cookie: signed out, a shared computer shows none.
pub async fn by_token(conn: &mut Conn, shop: ShopId, token_hash: &str) -> Result<Option<CartId>> {
    Ok(sqlx::query_scalar(
        "SELECT id FROM carts WHERE shop_id = $1 AND token_hash = $2 AND customer_id IS NULL",
    )
    .bind(shop)
    .bind(token_hash)
    .fetch_optional(&mut *conn)
    .await?)
}

/// The customer's cart (the latest, should there ever be two).
pub async fn by_customer(
    conn: &mut Conn,
    shop: ShopId,
    customer: CustomerId,
) -> Result<Option<CartId>> {
    Ok(sqlx::query_scalar(
        "SELECT id FROM carts WHERE shop_id = $1 AND customer_id = $2 \
         ORDER BY updated_at DESC, id LIMIT 1",
    )
    .bind(shop)
    .bind(customer)
    .fetch_optional(&mut *conn)
    .await?)
}

/// Gives a guest's cart to a customer who just signed in.
pub async fn adopt(
    conn: &mut Conn,
    shop: ShopId,
    cart: CartId,
    customer: CustomerId,
) -> Result<()> {
    sqlx::query(
        "UPDATE carts SET customer_id = $3, updated_at = $4 WHERE shop_id = $1 AND id = $2",
    )
    .bind(shop)
    .bind(cart)
    .bind(customer)
    .bind(now())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Moves one line (and the hold it carries) from one cart of the shop to another.
pub async fn move_line(
    conn: &mut Conn,
    shop: ShopId,
    from: CartId,
    line: i64,
    to: CartId,
) -> Result<()> {
    sqlx::query(
        "UPDATE cart_lines SET cart_id = $4 WHERE shop_id = $1 AND cart_id = $2 AND id = $3",
    )
    .bind(shop)
    .bind(from)
    .bind(line)
    .bind(to)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Marks the cart as used now (carts nobody touched for long are purged).
pub async fn touch(conn: &mut Conn, shop: ShopId, cart: CartId) -> Result<()> {
    touch_statement(shop, cart).execute(&mut *conn).await?;
    Ok(())
}

fn touch_statement(shop: ShopId, cart: CartId) -> crate::batch::Statement<'static> {
    sqlx::query("UPDATE carts SET updated_at = $3 WHERE shop_id = $1 AND id = $2")
        .bind(shop)
        .bind(cart)
        .bind(now())
}

/// What the cart rules need to know of a variant offered for sale.
#[derive(Debug, Clone, FromRow)]
pub struct Offer {
    pub variant_id: VariantId,
    pub product_id: ProductId,
    pub kind: String,
    pub status: String,
    pub details: String,
    pub track_stock: i64,
    pub allow_backorder: i64,
    pub quantity: i64,
    pub price_minor: i64,
}

/// The shop's variant `variant` with its product's terms; `None` if the shop has no such variant.
pub async fn offer(conn: &mut Conn, shop: ShopId, variant: VariantId) -> Result<Option<Offer>> {
    Ok(sqlx::query_as(
        "SELECT v.id AS variant_id, p.id AS product_id, p.kind, p.status, p.details, \
         p.track_stock, p.allow_backorder, v.quantity, v.price_minor \
         FROM variants v JOIN products p ON p.shop_id = v.shop_id AND p.id = v.product_id \
         WHERE v.shop_id = $1 AND v.id = $2",
    )
    .bind(shop)
    .bind(variant)
    .fetch_optional(&mut *conn)
    .await?)
}

/// One line of a cart as stored.
#[derive(Debug, Clone, FromRow, PartialEq, Eq)]
pub struct Line {
    pub id: i64,
    pub variant_id: VariantId,
    pub quantity: i64,
    /// A rental's first day or a service's start (UTC seconds).
    pub starts_at: Option<i64>,
    /// A rental's return day or a service's end (UTC seconds).
    pub ends_at: Option<i64>,
    /// The booking that holds the period or slot.
    pub booking_id: Option<i64>,
}

pub struct NewLine {
    pub variant_id: VariantId,
    pub quantity: i64,
    pub starts_at: Option<i64>,
    pub ends_at: Option<i64>,
    pub booking_id: Option<i64>,
}

/// Adds a line; returns its id.
pub async fn add_line(conn: &mut Conn, shop: ShopId, cart: CartId, l: &NewLine) -> Result<i64> {
    let id = new_id();
    let mut batch = crate::batch::Batch::new();
    batch.push(
        sqlx::query(
            "INSERT INTO cart_lines (shop_id, cart_id, id, variant_id, quantity, starts_at, \
             ends_at, booking_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(shop)
        .bind(cart)
        .bind(id)
        .bind(l.variant_id)
        .bind(l.quantity)
        .bind(l.starts_at)
        .bind(l.ends_at)
        .bind(l.booking_id)
        .bind(now()),
    );
    batch.push(touch_statement(shop, cart));
    batch.run(conn).await?;
    Ok(id)
}

/// The cart's lines, oldest first.
pub async fn lines(conn: &mut Conn, shop: ShopId, cart: CartId) -> Result<Vec<Line>> {
    Ok(sqlx::query_as(
        "SELECT id, variant_id, quantity, starts_at, ends_at, booking_id FROM cart_lines \
         WHERE shop_id = $1 AND cart_id = $2 ORDER BY created_at, id",
    )
    .bind(shop)
    .bind(cart)
    .fetch_all(&mut *conn)
    .await?)
}

/// Sets a line's quantity; false when the cart has no such line.
pub async fn set_quantity(
    conn: &mut Conn,
    shop: ShopId,
    cart: CartId,
    line: i64,
    quantity: i64,
) -> Result<bool> {
    let r = sqlx::query(
        "UPDATE cart_lines SET quantity = $4 WHERE shop_id = $1 AND cart_id = $2 AND id = $3",
    )
    .bind(shop)
    .bind(cart)
    .bind(line)
    .bind(quantity)
    .execute(&mut *conn)
    .await?;
    touch(conn, shop, cart).await?;
    Ok(r.rows_affected() > 0)
}

/// Removes a line; false when the cart has no such line.
pub async fn remove_line(conn: &mut Conn, shop: ShopId, cart: CartId, line: i64) -> Result<bool> {
    let r = sqlx::query("DELETE FROM cart_lines WHERE shop_id = $1 AND cart_id = $2 AND id = $3")
        .bind(shop)
        .bind(cart)
        .bind(line)
        .execute(&mut *conn)
        .await?;
    touch(conn, shop, cart).await?;
    Ok(r.rows_affected() > 0)
}

/// What a cart page shows of a line's variant, in one language (else the shop's default one).
#[derive(Debug, Clone, FromRow)]
pub struct LineView {
    pub line_id: i64,
    pub cart_id: CartId,
    pub variant_id: VariantId,
    pub product_id: ProductId,
    pub quantity: i64,
    pub starts_at: Option<i64>,
    pub ends_at: Option<i64>,
    pub kind: String,
    pub status: String,
    pub details: String,
    pub track_stock: i64,
    pub allow_backorder: i64,
    pub stock: i64,
    pub price_minor: i64,
    pub sku: Option<String>,
    pub option1: Option<String>,
    pub option2: Option<String>,
    pub option3: Option<String>,
    pub weight_grams: Option<i64>,
    pub vat_class: String,
    /// The product's category (what a promotion may be limited to).
    pub category_id: Option<i64>,
    pub title: String,
    pub slug: String,
    /// When the line's hold lapses (a held booking), if it has one.
    pub hold_expires_at: Option<i64>,
    /// The hold's status: "held", "confirmed"; `None` once lapsed and purged.
    pub hold_status: Option<String>,
}

/// The cart's lines with their variants' names and prices, in `lang` (else `fallback`).
pub async fn line_views(
    conn: &mut Conn,
    shop: ShopId,
    cart: CartId,
    lang: &str,
    fallback: &str,
) -> Result<Vec<LineView>> {
    Ok(sqlx::query_as(&format!(
        "{LINE_VIEWS} WHERE l.shop_id = $1 AND l.cart_id = $2 {LINE_ORDER}"
    ))
    .bind(shop)
    .bind(cart)
    .bind(lang)
    .bind(fallback)
    .fetch_all(&mut *conn)
    .await?)
}

/// The lines of a customer's cart, or of the guest cart whose token hash is given, as
/// [`line_views`] gives them: finding the cart and reading its lines in one statement, for the
/// checkout's write transaction. Empty when there is no such cart or it has no line.
pub async fn owner_line_views(
    conn: &mut Conn,
    shop: ShopId,
    owner: &CartOwner,
    lang: &str,
    fallback: &str,
) -> Result<Vec<LineView>> {
    let cart = match owner {
        // The customer's newest cart, as `by_customer` finds it.
        CartOwner::Customer(_) => {
            "c.id = (SELECT id FROM carts WHERE shop_id = $1 AND customer_id = $2 \
             ORDER BY updated_at DESC, id LIMIT 1)"
        }
        CartOwner::Guest(_) => "c.token_hash = $2 AND c.customer_id IS NULL",
    };
    let sql = format!(
        "{LINE_VIEWS} JOIN carts c ON c.shop_id = l.shop_id AND c.id = l.cart_id \
         WHERE l.shop_id = $1 AND {cart} {LINE_ORDER}"
    );
    let q = sqlx::query_as(&sql).bind(shop);
    let q = match owner {
        CartOwner::Customer(c) => q.bind(*c),
        CartOwner::Guest(hash) => q.bind(hash.as_str()),
    };
    Ok(q.bind(lang).bind(fallback).fetch_all(&mut *conn).await?)
}

/// Whose cart: a customer's, or a guest's by the hash of its token.
#[derive(Debug, Clone)]
pub enum CartOwner {
    Customer(CustomerId),
    Guest(String),
}

/// A cart line with its variant, product, texts (`$3`, else `$4`) and hold.
const LINE_VIEWS: &str = "SELECT l.id AS line_id, l.cart_id, l.variant_id, v.product_id, \
     l.quantity, l.starts_at, l.ends_at, p.kind, p.status, p.details, p.track_stock, \
     p.allow_backorder, v.quantity AS stock, v.price_minor, v.sku, v.option1, v.option2, \
     v.option3, v.weight_grams, p.vat_class, p.category_id, COALESCE(t.title, d.title, '') AS title, \
     COALESCE(t.slug, d.slug, '') AS slug, b.expires_at AS hold_expires_at, \
     b.status AS hold_status \
     FROM cart_lines l \
     JOIN variants v ON v.shop_id = l.shop_id AND v.id = l.variant_id \
     JOIN products p ON p.shop_id = v.shop_id AND p.id = v.product_id \
     LEFT JOIN product_texts t ON t.shop_id = p.shop_id AND t.product_id = p.id AND t.lang = $3 \
     LEFT JOIN product_texts d ON d.shop_id = p.shop_id AND d.product_id = p.id AND d.lang = $4 \
     LEFT JOIN bookings b ON b.shop_id = l.shop_id AND b.id = l.booking_id";

const LINE_ORDER: &str = "ORDER BY l.created_at, l.id";

/// The checkout form as the shopper left it (JSON), kept with the cart between the steps.
pub async fn checkout(conn: &mut Conn, shop: ShopId, cart: CartId) -> Result<Option<String>> {
    Ok(sqlx::query_scalar::<_, Option<String>>(
        "SELECT checkout FROM carts WHERE shop_id = $1 AND id = $2",
    )
    .bind(shop)
    .bind(cart)
    .fetch_optional(&mut *conn)
    .await?
    .flatten())
}

pub async fn set_checkout(conn: &mut Conn, shop: ShopId, cart: CartId, json: &str) -> Result<()> {
    sqlx::query("UPDATE carts SET checkout = $3, updated_at = $4 WHERE shop_id = $1 AND id = $2")
        .bind(shop)
        .bind(cart)
        .bind(json)
        .bind(now())
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Deletes a cart and its lines (once ordered).
pub async fn delete(conn: &mut Conn, shop: ShopId, cart: CartId) -> Result<()> {
    delete_statement(shop, cart).execute(&mut *conn).await?;
    Ok(())
}

/// [`delete`] as a statement of a [`crate::batch::Batch`].
pub fn delete_statement(shop: ShopId, cart: CartId) -> crate::batch::Statement<'static> {
    // Its lines go with it (ON DELETE CASCADE, on both databases).
    sqlx::query("DELETE FROM carts WHERE shop_id = $1 AND id = $2")
        .bind(shop)
        .bind(cart)
}
