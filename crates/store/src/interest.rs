//! Interest tests: the requests to be told when a "coming soon" product goes on sale, their
//! double opt-in, the seller's goal, and the notices sent once the product is on sale.

use sqlx::FromRow;

use crate::id::ShopId;
use crate::{Conn, Result};

/// A request to be told when a product goes on sale.
#[derive(Debug, Clone, FromRow, PartialEq, Eq)]
pub struct Request {
    pub id: i64,
    pub product_id: i64,
    pub email: String,
    pub lang: String,
    pub created_at: i64,
    /// When its address confirmed it (the consent's record); unconfirmed requests never count.
    pub confirmed_at: Option<i64>,
    pub notified_at: Option<i64>,
    pub cancelled_at: Option<i64>,
}

const COLUMNS: &str =
    "id, product_id, email, lang, created_at, confirmed_at, notified_at, cancelled_at";

/// Records a request (or renews it: a withdrawn request asked again must be confirmed again; a
/// confirmed one stays confirmed, in the language asked last).
pub async fn ask(
    conn: &mut Conn,
    shop: ShopId,
    product: i64,
    email: &str,
    lang: &str,
    now: i64,
) -> Result<Request> {
    Ok(sqlx::query_as(&format!(
        "INSERT INTO interest_requests (shop_id, id, product_id, email, lang, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) \
         ON CONFLICT (shop_id, product_id, email) DO UPDATE SET lang = excluded.lang, \
         confirmed_at = CASE WHEN interest_requests.cancelled_at IS NULL \
           THEN interest_requests.confirmed_at ELSE NULL END, \
         cancelled_at = NULL \
         RETURNING {COLUMNS}"
    ))
    .bind(shop)
    .bind(crate::new_id())
    .bind(product)
    .bind(email)
    .bind(lang)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?)
}

pub async fn by_id(conn: &mut Conn, shop: ShopId, id: i64) -> Result<Option<Request>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM interest_requests WHERE shop_id = $1 AND id = $2"
    ))
    .bind(shop)
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?)
}

/// Confirms a request that is not withdrawn; true when this call confirmed it.
pub async fn confirm(conn: &mut Conn, shop: ShopId, id: i64, now: i64) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE interest_requests SET confirmed_at = $3 \
         WHERE shop_id = $1 AND id = $2 AND confirmed_at IS NULL AND cancelled_at IS NULL",
    )
    .bind(shop)
    .bind(id)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Withdraws a request; true when this call withdrew it.
pub async fn cancel(conn: &mut Conn, shop: ShopId, id: i64, now: i64) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE interest_requests SET cancelled_at = $3 \
         WHERE shop_id = $1 AND id = $2 AND cancelled_at IS NULL",
    )
    .bind(shop)
    .bind(id)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// How a product's interest test stands.
#[derive(Debug, Clone, FromRow, PartialEq, Eq)]
pub struct Demand {
    pub product_id: i64,
    pub status: String,
    pub goal: i64,
    pub reached_at: Option<i64>,
    /// Confirmed and not withdrawn.
    pub confirmed: i64,
    /// Waiting for their address's confirmation.
    pub pending: i64,
    /// Already told the product is on sale.
    pub notified: i64,
}

const DEMAND: &str = "SELECT p.id AS product_id, p.status, p.interest_goal AS goal, \
     p.interest_reached_at AS reached_at, \
     COUNT(CASE WHEN r.confirmed_at IS NOT NULL AND r.cancelled_at IS NULL THEN 1 END) AS confirmed, \
     COUNT(CASE WHEN r.confirmed_at IS NULL AND r.cancelled_at IS NULL THEN 1 END) AS pending, \
     COUNT(r.notified_at) AS notified \
     FROM products p LEFT JOIN interest_requests r ON r.shop_id = p.shop_id AND r.product_id = p.id";

/// Every product that is coming soon or was asked about, newest first.
pub async fn demand(conn: &mut Conn, shop: ShopId) -> Result<Vec<Demand>> {
    Ok(sqlx::query_as(&format!(
        "{DEMAND} WHERE p.shop_id = $1 AND (p.status = 'coming_soon' OR r.id IS NOT NULL) \
         GROUP BY p.id, p.status, p.interest_goal, p.interest_reached_at \
         ORDER BY p.id DESC"
    ))
    .bind(shop)
    .fetch_all(&mut *conn)
    .await?)
}

/// One product's test.
pub async fn demand_of(conn: &mut Conn, shop: ShopId, product: i64) -> Result<Demand> {
    Ok(sqlx::query_as(&format!(
        "{DEMAND} WHERE p.shop_id = $1 AND p.id = $2 \
         GROUP BY p.id, p.status, p.interest_goal, p.interest_reached_at"
    ))
    .bind(shop)
    .bind(product)
    .fetch_one(&mut *conn)
    .await?)
}

/// Confirmations per day (days since the Unix epoch, UTC) since `since`: `(day, count)`.
/// Confirmations of `product` since `since` (seconds), per quarter of an hour
/// (`confirmed_at / 900`): every time zone's offset is a whole number of quarters, so the caller
/// can count them per day of the shop's calendar.
pub async fn confirmed_per_quarter(
    conn: &mut Conn,
    shop: ShopId,
    product: i64,
    since: i64,
) -> Result<Vec<(i64, i64)>> {
    Ok(sqlx::query_as(
        "SELECT confirmed_at / 900 AS quarter, COUNT(*) FROM interest_requests \
         WHERE shop_id = $1 AND product_id = $2 AND confirmed_at >= $3 AND cancelled_at IS NULL \
         GROUP BY confirmed_at / 900 ORDER BY quarter",
    )
    .bind(shop)
    .bind(product)
    .bind(since)
    .fetch_all(&mut *conn)
    .await?)
}

pub async fn set_goal(conn: &mut Conn, shop: ShopId, product: i64, goal: i64) -> Result<()> {
    sqlx::query(
        "UPDATE products SET interest_goal = $3, \
         interest_reached_at = CASE WHEN interest_goal = $3 THEN interest_reached_at END \
         WHERE shop_id = $1 AND id = $2",
    )
    .bind(shop)
    .bind(product)
    .bind(goal)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Marks the goal reached if it was not yet; true when this call did (the seller is told once,
/// however many confirmations arrive at once).
pub async fn mark_reached(conn: &mut Conn, shop: ShopId, product: i64, now: i64) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE products SET interest_reached_at = $3 \
         WHERE shop_id = $1 AND id = $2 AND interest_goal > 0 AND interest_reached_at IS NULL",
    )
    .bind(shop)
    .bind(product)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The confirmed requests of a product not told yet, marked told now, in one statement: two
/// launches at once (a double click, two nodes) share them out and never tell anyone twice.
pub async fn take_untold(
    conn: &mut Conn,
    shop: ShopId,
    product: i64,
    now: i64,
) -> Result<Vec<Request>> {
    Ok(sqlx::query_as(&format!(
        "UPDATE interest_requests SET notified_at = $3 \
         WHERE shop_id = $1 AND product_id = $2 AND confirmed_at IS NOT NULL \
         AND cancelled_at IS NULL AND notified_at IS NULL \
         RETURNING {COLUMNS}"
    ))
    .bind(shop)
    .bind(product)
    .bind(now)
    .fetch_all(&mut *conn)
    .await?)
}
