//! Reads for moving a whole catalog in and out (CSV export, re-import): every product of a shop
//! in a stable order.

use crate::id::ShopId;
use crate::{Conn, Result};

/// Ids of every product of the shop, oldest first.
pub async fn product_ids(conn: &mut Conn, shop_id: ShopId) -> Result<Vec<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT id FROM products WHERE shop_id = $1 AND import_id IS NULL ORDER BY created_at, id",
    )
    .bind(shop_id)
    .fetch_all(&mut *conn)
    .await?)
}
