//! Withdrawal requests, one per order, within its shop. The rules (when the function is open,
//! which lines it covers) are `app::withdrawal`'s.

use sqlx::FromRow;

use crate::id::{OrderId, ShopId};
use crate::{new_id, now, Conn, Result};

#[derive(Debug, Clone, FromRow, PartialEq, Eq)]
pub struct Withdrawal {
    pub id: i64,
    pub order_id: OrderId,
    pub name: String,
    pub email: String,
    /// JSON: the order lines' positions withdrawn.
    pub positions: String,
    pub requested_at: i64,
    /// "requested", then "handled".
    pub status: String,
    pub handled_at: Option<i64>,
}

const COLUMNS: &str = "id, order_id, name, email, positions, requested_at, status, handled_at";

/// Records a request; `Conflict` when the order already has one.
pub async fn insert(
    conn: &mut Conn,
    shop: ShopId,
    order: OrderId,
    name: &str,
    email: &str,
    positions: &str,
    at: i64,
) -> Result<i64> {
    let id = new_id();
    sqlx::query(
        "INSERT INTO withdrawals (shop_id, order_id, id, name, email, positions, requested_at, \
         status) VALUES ($1, $2, $3, $4, $5, $6, $7, 'requested')",
    )
    .bind(shop)
    .bind(order)
    .bind(id)
    .bind(name)
    .bind(email)
    .bind(positions)
    .bind(at)
    .execute(&mut *conn)
    .await?;
    Ok(id)
}

pub async fn of_order(conn: &mut Conn, shop: ShopId, order: OrderId) -> Result<Option<Withdrawal>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM withdrawals WHERE shop_id = $1 AND order_id = $2"
    ))
    .bind(shop)
    .bind(order)
    .fetch_optional(&mut *conn)
    .await?)
}

/// The requests the seller has not handled yet, oldest first, with their order's number.
pub async fn open(conn: &mut Conn, shop: ShopId) -> Result<Vec<(String, i64)>> {
    Ok(sqlx::query_as(
        "SELECT o.number, w.requested_at FROM withdrawals w \
         JOIN orders o ON o.shop_id = w.shop_id AND o.id = w.order_id \
         WHERE w.shop_id = $1 AND w.status = 'requested' ORDER BY w.requested_at",
    )
    .bind(shop)
    .fetch_all(&mut *conn)
    .await?)
}

/// Marks the order's request handled; false when there was no open one.
pub async fn handle(conn: &mut Conn, shop: ShopId, order: OrderId, staff: i64) -> Result<bool> {
    let r = sqlx::query(
        "UPDATE withdrawals SET status = 'handled', handled_at = $3, handled_by = $4 \
         WHERE shop_id = $1 AND order_id = $2 AND status = 'requested'",
    )
    .bind(shop)
    .bind(order)
    .bind(now())
    .bind(staff)
    .execute(&mut *conn)
    .await?;
    Ok(r.rows_affected() > 0)
}
