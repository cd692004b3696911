//! Reviews of products by their buyers, the shop's answers and refusals.

use sqlx::FromRow;

use crate::id::{OrderId, ShopId};
use crate::{new_id, Conn, Result};

/// A review as kept.
#[derive(Debug, Clone, FromRow, PartialEq, Eq)]
pub struct Review {
    pub id: i64,
    pub product_id: i64,
    pub order_id: i64,
    pub email: String,
    pub name: String,
    pub lang: String,
    pub rating: i64,
    pub body: String,
    /// When the reviewer bought the product.
    pub experienced_at: i64,
    pub created_at: i64,
    /// `published` or `rejected`.
    pub status: String,
    pub reject_reason: Option<String>,
    pub reply: Option<String>,
    pub replied_at: Option<i64>,
}

const COLUMNS: &str = "id, product_id, order_id, email, name, lang, rating, body, \
     experienced_at, created_at, status, reject_reason, reply, replied_at";

/// A review to keep.
#[derive(Debug, Clone)]
pub struct NewReview<'a> {
    pub product_id: i64,
    pub order_id: OrderId,
    pub email: &'a str,
    pub name: &'a str,
    pub lang: &'a str,
    pub rating: i64,
    pub body: &'a str,
    pub experienced_at: i64,
}

/// Keeps a published review; the order's product reviewed already is a
/// [`crate::StoreError::Conflict`].
pub async fn insert(conn: &mut Conn, shop: ShopId, r: &NewReview<'_>, now: i64) -> Result<Review> {
    Ok(sqlx::query_as(&format!(
        "INSERT INTO reviews (shop_id, id, product_id, order_id, email, name, lang, rating, body, \
         experienced_at, created_at, status) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'published') RETURNING {COLUMNS}"
    ))
    .bind(shop)
    .bind(new_id())
    .bind(r.product_id)
    .bind(r.order_id)
    .bind(r.email)
    .bind(r.name)
    .bind(r.lang)
    .bind(r.rating)
    .bind(r.body)
    .bind(r.experienced_at)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?)
}

/// The products of an order its buyer reviewed.
pub async fn reviewed(conn: &mut Conn, shop: ShopId, order: OrderId) -> Result<Vec<i64>> {
    Ok(
        sqlx::query_scalar("SELECT product_id FROM reviews WHERE shop_id = $1 AND order_id = $2")
            .bind(shop)
            .bind(order)
            .fetch_all(&mut *conn)
            .await?,
    )
}

/// A published review as the product's page shows it (read with the page, see
/// [`crate::product_page`]).
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
pub struct Published {
    pub id: i64,
    pub name: String,
    pub rating: i64,
    pub body: String,
    pub experienced_at: i64,
    pub created_at: i64,
    pub reply: Option<String>,
}

/// The most reviews a product's page shows (the newest).
pub const SHOWN: i64 = 20;

/// Every review of the shop, newest first, with its product's title in `lang` (else any).
pub async fn list(conn: &mut Conn, shop: ShopId, lang: &str) -> Result<Vec<(Review, String)>> {
    #[derive(FromRow)]
    struct Row {
        #[sqlx(flatten)]
        r: Review,
        title: String,
    }
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "SELECT {}, COALESCE((SELECT t.title FROM product_texts t WHERE t.shop_id = r.shop_id \
         AND t.product_id = r.product_id ORDER BY CASE WHEN t.lang = $2 THEN 0 ELSE 1 END, \
         t.lang LIMIT 1), '') AS title FROM reviews r WHERE r.shop_id = $1 \
         ORDER BY r.created_at DESC, r.id DESC",
        COLUMNS
            .split(", ")
            .map(|c| format!("r.{c}"))
            .collect::<Vec<_>>()
            .join(", ")
    ))
    .bind(shop)
    .bind(lang)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows.into_iter().map(|r| (r.r, r.title)).collect())
}

pub async fn by_id(conn: &mut Conn, shop: ShopId, id: i64) -> Result<Option<Review>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM reviews WHERE shop_id = $1 AND id = $2"
    ))
    .bind(shop)
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?)
}

/// The shop's public answer (empty: none); false when there is no such review.
pub async fn reply(
    conn: &mut Conn,
    shop: ShopId,
    id: i64,
    text: Option<&str>,
    now: i64,
) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE reviews SET reply = $3, replied_at = $4 WHERE shop_id = $1 AND id = $2",
    )
    .bind(shop)
    .bind(id)
    .bind(text)
    .bind(text.map(|_| now))
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Refuses a published review for `reason`; false when there is no such published review.
pub async fn reject(conn: &mut Conn, shop: ShopId, id: i64, reason: &str) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE reviews SET status = 'rejected', reject_reason = $3 \
         WHERE shop_id = $1 AND id = $2 AND status = 'published'",
    )
    .bind(shop)
    .bind(id)
    .bind(reason)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}
