//! Affiliates of a shop, and the commissions its orders earned them (see migration 0033).

use sqlx::FromRow;

use crate::id::ShopId;
use crate::{new_id, Conn, Result};

/// An affiliate as kept.
#[derive(Debug, Clone, FromRow, PartialEq, Eq)]
pub struct Affiliate {
    pub id: i64,
    pub name: String,
    pub email: String,
    /// The `utm_source` of its links.
    pub code: String,
    pub rate_bp: i64,
    /// The shop's discount code it gives its audience.
    pub promotion_id: Option<i64>,
    /// Its statement page's secret address.
    pub token: String,
    pub active: i64,
    pub created_at: i64,
}

/// What the seller saves.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fields {
    pub name: String,
    pub email: String,
    pub code: String,
    pub rate_bp: i64,
    pub promotion_id: Option<i64>,
    pub active: bool,
}

const COLUMNS: &str = "id, name, email, code, rate_bp, promotion_id, token, active, created_at";

/// Adds an affiliate; a code or a discount code another one has is a
/// [`crate::StoreError::Conflict`].
pub async fn insert(conn: &mut Conn, shop: ShopId, f: &Fields, now: i64) -> Result<Affiliate> {
    Ok(sqlx::query_as(&format!(
        "INSERT INTO affiliates (shop_id, id, name, email, code, rate_bp, promotion_id, token, \
         active, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING {COLUMNS}"
    ))
    .bind(shop)
    .bind(new_id())
    .bind(&f.name)
    .bind(&f.email)
    .bind(&f.code)
    .bind(f.rate_bp)
    .bind(f.promotion_id)
    .bind(crate::new_token().0)
    .bind(i64::from(f.active))
    .bind(now)
    .fetch_one(&mut *conn)
    .await?)
}

/// Saves an affiliate's fields (its rate counts for the orders placed from now on); false when
/// the shop has no such affiliate.
pub async fn update(conn: &mut Conn, shop: ShopId, id: i64, f: &Fields) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE affiliates SET name = $3, email = $4, code = $5, rate_bp = $6, \
         promotion_id = $7, active = $8 WHERE shop_id = $1 AND id = $2",
    )
    .bind(shop)
    .bind(id)
    .bind(&f.name)
    .bind(&f.email)
    .bind(&f.code)
    .bind(f.rate_bp)
    .bind(f.promotion_id)
    .bind(i64::from(f.active))
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn list(conn: &mut Conn, shop: ShopId) -> Result<Vec<Affiliate>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM affiliates WHERE shop_id = $1 ORDER BY name, id"
    ))
    .bind(shop)
    .fetch_all(&mut *conn)
    .await?)
}

pub async fn by_id(conn: &mut Conn, shop: ShopId, id: i64) -> Result<Option<Affiliate>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM affiliates WHERE shop_id = $1 AND id = $2"
    ))
    .bind(shop)
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?)
}

/// The affiliate whose statement page is `token`.
pub async fn by_token(conn: &mut Conn, shop: ShopId, token: &str) -> Result<Option<Affiliate>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM affiliates WHERE shop_id = $1 AND token = $2"
    ))
    .bind(shop)
    .bind(token)
    .fetch_optional(&mut *conn)
    .await?)
}

/// The active affiliate known by `code` in links.
pub async fn by_code(conn: &mut Conn, shop: ShopId, code: &str) -> Result<Option<Affiliate>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM affiliates WHERE shop_id = $1 AND code = $2 AND active = 1"
    ))
    .bind(shop)
    .bind(code)
    .fetch_optional(&mut *conn)
    .await?)
}

/// The active affiliate that gives discount code `promotion` to its audience.
pub async fn by_promotion(
    conn: &mut Conn,
    shop: ShopId,
    promotion: i64,
) -> Result<Option<Affiliate>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM affiliates WHERE shop_id = $1 AND promotion_id = $2 AND active = 1"
    ))
    .bind(shop)
    .bind(promotion)
    .fetch_optional(&mut *conn)
    .await?)
}

/// What an order earns its affiliate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Commission {
    pub order_id: i64,
    pub affiliate_id: i64,
    pub rate_bp: i64,
    pub base_minor: i64,
    pub commission_minor: i64,
}

/// Records a commission, in its order's transaction.
pub async fn record(conn: &mut Conn, shop: ShopId, c: &Commission, now: i64) -> Result<()> {
    sqlx::query(
        "INSERT INTO affiliate_commissions (shop_id, order_id, affiliate_id, rate_bp, \
         base_minor, commission_minor, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(shop)
    .bind(c.order_id)
    .bind(c.affiliate_id)
    .bind(c.rate_bp)
    .bind(c.base_minor)
    .bind(c.commission_minor)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// An order credited to an affiliate, as its statement shows it.
#[derive(Debug, Clone, FromRow, PartialEq, Eq)]
pub struct Earned {
    pub affiliate_id: i64,
    pub number: String,
    pub created_at: i64,
    pub status: String,
    pub currency: String,
    pub rate_bp: i64,
    pub base_minor: i64,
    pub commission_minor: i64,
}

/// The orders placed from `from` (inclusive) to `to` (exclusive) that earned a commission (to
/// `affiliate`, or to any affiliate), oldest first: those paid. Orders awaiting payment have
/// earned nothing yet; cancelled or refunded ones never will.
pub async fn earned(
    conn: &mut Conn,
    shop: ShopId,
    affiliate: Option<i64>,
    from: i64,
    to: i64,
) -> Result<Vec<Earned>> {
    Ok(sqlx::query_as(
        "SELECT c.affiliate_id, o.number, o.created_at, o.status, o.currency, c.rate_bp, \
         c.base_minor, c.commission_minor \
         FROM affiliate_commissions c \
         JOIN orders o ON o.shop_id = c.shop_id AND o.id = c.order_id \
         WHERE c.shop_id = $1 AND ($2 IS NULL OR c.affiliate_id = $2) \
         AND o.created_at >= $3 AND o.created_at < $4 \
         AND o.status NOT IN ('awaiting_payment', 'cancelled', 'refunded') \
         ORDER BY o.created_at, o.number",
    )
    .bind(shop)
    .bind(affiliate)
    .bind(from)
    .bind(to)
    .fetch_all(&mut *conn)
    .await?)
}
