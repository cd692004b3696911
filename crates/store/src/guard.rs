//! Serialising the transactions that check a per-shop rule before they write.
//!
//! A rule such as "at most 50 products" is a count followed by an insert. On SQLite a write
//! transaction starts with `BEGIN IMMEDIATE` and so holds the database's only write lock from its
//! first statement: two such transactions never interleave. PostgreSQL's READ COMMITTED lets two
//! transactions both count 49 and both insert. Every rule of that shape (plan limits today;
//! stock, order and invoice numbers next) takes [`lock_shop`] first, in the transaction that
//! writes, so that the second one counts after the first has committed.

use crate::id::ShopId;
use crate::{backend_of, Backend, Conn, Result};

/// Locks the shop's row until the end of the transaction and returns its plan id, read under
/// the lock. On PostgreSQL `FOR NO KEY UPDATE`: it queues the other rule checks of the same shop
/// but not the foreign-key checks of ordinary writes to it (they take `FOR KEY SHARE`). On
/// SQLite the write transaction already excludes every other writer.
pub async fn lock_shop(conn: &mut Conn, shop_id: ShopId) -> Result<i64> {
    let sql = match backend_of(conn) {
        Backend::Postgres => "SELECT plan_id FROM shops WHERE id = $1 FOR NO KEY UPDATE",
        Backend::Sqlite => "SELECT plan_id FROM shops WHERE id = $1",
    };
    Ok(sqlx::query_scalar(sql)
        .bind(shop_id)
        .fetch_one(&mut *conn)
        .await?)
}

/// As [`lock_shop`] for a transaction that needs no plan: on SQLite no statement at all (its
/// `BEGIN IMMEDIATE` already holds the only write lock), one fewer for the single writer.
pub async fn queue_on_shop(conn: &mut Conn, shop_id: ShopId) -> Result<()> {
    if backend_of(conn) == Backend::Postgres {
        lock_shop(conn, shop_id).await?;
    }
    Ok(())
}

/// Locks one of the shop's products until the end of the transaction, for the rules that count
/// what it has left before taking some (a service's places in a slot, a rental's days): two carts
/// cannot both take the last place. False when the shop has no such product.
pub async fn lock_product(conn: &mut Conn, shop_id: ShopId, product_id: i64) -> Result<bool> {
    let sql = match backend_of(conn) {
        Backend::Postgres => {
            "SELECT id FROM products WHERE shop_id = $1 AND id = $2 FOR NO KEY UPDATE"
        }
        Backend::Sqlite => "SELECT id FROM products WHERE shop_id = $1 AND id = $2",
    };
    let found: Option<i64> = sqlx::query_scalar(sql)
        .bind(shop_id)
        .bind(product_id)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(found.is_some())
}
