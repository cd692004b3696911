//! The files a shop stores (logo now, product images later), counted against its plan.

use crate::id::ShopId;
use crate::{now, Conn, Result};

pub async fn record(
    conn: &mut Conn,
    shop_id: ShopId,
    key: &str,
    bytes: i64,
    content_type: &str,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO media_files (shop_id, key, bytes, content_type, created_at) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (shop_id, key) DO NOTHING",
    )
    .bind(shop_id)
    .bind(key)
    .bind(bytes)
    .bind(content_type)
    .bind(now())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn forget(conn: &mut Conn, shop_id: ShopId, key: &str) -> Result<()> {
    sqlx::query("DELETE FROM media_files WHERE shop_id = $1 AND key = $2")
        .bind(shop_id)
        .bind(key)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Bytes stored by a shop: its media and its digital products' files. The cast matters: PostgreSQL sums BIGINTs into NUMERIC, which the
/// `Any` driver cannot decode.
pub async fn used_bytes(conn: &mut Conn, shop_id: ShopId) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "SELECT CAST(COALESCE((SELECT SUM(bytes) FROM media_files WHERE shop_id = $1), 0) \
         + COALESCE((SELECT SUM(size) FROM digital_files WHERE shop_id = $1), 0) AS BIGINT)",
    )
    .bind(shop_id)
    .fetch_one(&mut *conn)
    .await?)
}

/// The content type of a stored file of this shop, if the shop owns it.
pub async fn content_type(conn: &mut Conn, shop_id: ShopId, key: &str) -> Result<Option<String>> {
    Ok(
        sqlx::query_scalar("SELECT content_type FROM media_files WHERE shop_id = $1 AND key = $2")
            .bind(shop_id)
            .bind(key)
            .fetch_optional(&mut *conn)
            .await?,
    )
}
