//! Promotions: discount codes and automatic promotions, and the orders that used them.

use sqlx::FromRow;

use crate::batch::Statement;
use crate::id::{OrderId, ShopId};
use crate::{new_id, Conn, Result};

/// A promotion as kept.
#[derive(Debug, Clone, FromRow, PartialEq, Eq)]
pub struct Promotion {
    pub id: i64,
    /// What the shopper sees ("Soldes d'hiver").
    pub name: String,
    /// In capitals; none for an automatic promotion.
    pub code: Option<String>,
    pub benefit: String,
    pub percent_bp: i64,
    pub amount_minor: i64,
    pub buy_qty: i64,
    pub get_qty: i64,
    /// The category it is limited to (with the ones under it); none: every product.
    pub category_id: Option<i64>,
    pub min_subtotal_minor: i64,
    pub starts_at: Option<i64>,
    pub ends_at: Option<i64>,
    pub max_uses: Option<i64>,
    pub per_customer: Option<i64>,
    pub active: i64,
    pub created_at: i64,
}

/// What a seller saves.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fields {
    pub name: String,
    pub code: Option<String>,
    pub benefit: String,
    pub percent_bp: i64,
    pub amount_minor: i64,
    pub buy_qty: i64,
    pub get_qty: i64,
    pub category_id: Option<i64>,
    pub min_subtotal_minor: i64,
    pub starts_at: Option<i64>,
    pub ends_at: Option<i64>,
    pub max_uses: Option<i64>,
    pub per_customer: Option<i64>,
    pub active: bool,
}

const COLUMNS: &str = "id, name, code, benefit, percent_bp, amount_minor, buy_qty, get_qty, \
     category_id, min_subtotal_minor, starts_at, ends_at, max_uses, per_customer, active, \
     created_at";

/// Adds a promotion; a code the shop already has is a [`crate::StoreError::Conflict`].
pub async fn insert(conn: &mut Conn, shop: ShopId, f: &Fields, now: i64) -> Result<Promotion> {
    Ok(sqlx::query_as(&format!(
        "INSERT INTO promotions (shop_id, id, name, code, benefit, percent_bp, amount_minor, \
         buy_qty, get_qty, category_id, min_subtotal_minor, starts_at, ends_at, max_uses, \
         per_customer, active, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) \
         RETURNING {COLUMNS}"
    ))
    .bind(shop)
    .bind(new_id())
    .bind(&f.name)
    .bind(&f.code)
    .bind(&f.benefit)
    .bind(f.percent_bp)
    .bind(f.amount_minor)
    .bind(f.buy_qty)
    .bind(f.get_qty)
    .bind(f.category_id)
    .bind(f.min_subtotal_minor)
    .bind(f.starts_at)
    .bind(f.ends_at)
    .bind(f.max_uses)
    .bind(f.per_customer)
    .bind(i64::from(f.active))
    .bind(now)
    .fetch_one(&mut *conn)
    .await?)
}

/// Saves a promotion's fields; false when the shop has no such promotion.
pub async fn update(conn: &mut Conn, shop: ShopId, id: i64, f: &Fields) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE promotions SET name = $3, code = $4, benefit = $5, percent_bp = $6, \
         amount_minor = $7, buy_qty = $8, get_qty = $9, category_id = $10, \
         min_subtotal_minor = $11, starts_at = $12, ends_at = $13, max_uses = $14, \
         per_customer = $15, active = $16 WHERE shop_id = $1 AND id = $2",
    )
    .bind(shop)
    .bind(id)
    .bind(&f.name)
    .bind(&f.code)
    .bind(&f.benefit)
    .bind(f.percent_bp)
    .bind(f.amount_minor)
    .bind(f.buy_qty)
    .bind(f.get_qty)
    .bind(f.category_id)
    .bind(f.min_subtotal_minor)
    .bind(f.starts_at)
    .bind(f.ends_at)
    .bind(f.max_uses)
    .bind(f.per_customer)
    .bind(i64::from(f.active))
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Deletes a promotion no order used; false when there is none such. A partner that
/// advertised it no longer does.
pub async fn delete_unused(conn: &mut Conn, shop: ShopId, id: i64) -> Result<bool> {
    sqlx::query(
        "UPDATE partners SET offer_promotion_id = NULL WHERE shop_id = $1 AND offer_promotion_id = $2 \
         AND NOT EXISTS (SELECT 1 FROM promotion_uses u WHERE u.shop_id = $1 AND u.promotion_id = $2)",
    )
    .bind(shop)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    let done = sqlx::query(
        "DELETE FROM promotions WHERE shop_id = $1 AND id = $2 AND NOT EXISTS \
         (SELECT 1 FROM promotion_uses u WHERE u.shop_id = $1 AND u.promotion_id = $2)",
    )
    .bind(shop)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn by_id(conn: &mut Conn, shop: ShopId, id: i64) -> Result<Option<Promotion>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM promotions WHERE shop_id = $1 AND id = $2"
    ))
    .bind(shop)
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?)
}

/// The promotion of a code (in capitals), switched on or not.
pub async fn by_code(conn: &mut Conn, shop: ShopId, code: &str) -> Result<Option<Promotion>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM promotions WHERE shop_id = $1 AND code = $2"
    ))
    .bind(shop)
    .bind(code)
    .fetch_optional(&mut *conn)
    .await?)
}

/// The automatic promotions switched on whose dates hold `now`, oldest first.
pub async fn automatic(conn: &mut Conn, shop: ShopId, now: i64) -> Result<Vec<Promotion>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM promotions WHERE shop_id = $1 AND code IS NULL AND active = 1 \
         AND (starts_at IS NULL OR starts_at <= $2) AND (ends_at IS NULL OR ends_at > $2) \
         ORDER BY created_at, id"
    ))
    .bind(shop)
    .bind(now)
    .fetch_all(&mut *conn)
    .await?)
}

/// Every promotion of the shop with the orders that used it, newest first.
pub async fn list(conn: &mut Conn, shop: ShopId) -> Result<Vec<(Promotion, i64)>> {
    #[derive(FromRow)]
    struct Row {
        #[sqlx(flatten)]
        p: Promotion,
        uses: i64,
    }
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "SELECT {COLUMNS}, (SELECT COUNT(*) FROM promotion_uses u WHERE u.shop_id = p.shop_id \
         AND u.promotion_id = p.id) AS uses FROM promotions p WHERE p.shop_id = $1 \
         ORDER BY p.created_at DESC, p.id DESC"
    ))
    .bind(shop)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows.into_iter().map(|r| (r.p, r.uses)).collect())
}

/// How many orders used a promotion, in all and by the e-mail address `email`.
pub async fn uses(
    conn: &mut Conn,
    shop: ShopId,
    promotion: i64,
    email: &str,
) -> Result<(i64, i64)> {
    let (all, mine): (i64, i64) = sqlx::query_as(
        "SELECT COUNT(*), COALESCE(SUM(CASE WHEN email = $3 THEN 1 ELSE 0 END), 0) \
         FROM promotion_uses WHERE shop_id = $1 AND promotion_id = $2",
    )
    .bind(shop)
    .bind(promotion)
    .bind(email)
    .fetch_one(&mut *conn)
    .await?;
    Ok((all, mine))
}

/// Records that an order used a promotion, for a [`crate::batch::Batch`].
pub fn use_statement(
    shop: ShopId,
    promotion: i64,
    order: OrderId,
    email: &str,
    discount_minor: i64,
    now: i64,
) -> Statement<'static> {
    sqlx::query(
        "INSERT INTO promotion_uses (shop_id, promotion_id, order_id, email, discount_minor, \
         created_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(shop)
    .bind(promotion)
    .bind(order)
    .bind(email.to_string())
    .bind(discount_minor)
    .bind(now)
}
