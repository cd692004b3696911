//! The files digital products deliver: one per product, stored under a private prefix, counted
//! in the shop's storage (see `media::used_bytes`).

use sqlx::FromRow;

use crate::id::ShopId;
use crate::{now, Conn, Result};

#[derive(Debug, Clone, FromRow)]
pub struct DigitalFile {
    pub product_id: i64,
    pub key: String,
    pub file_name: String,
    pub size: i64,
    pub sha256: String,
    pub content_type: String,
    pub created_at: i64,
}

const COLUMNS: &str = "product_id, key, file_name, size, sha256, content_type, created_at";

pub async fn get(conn: &mut Conn, shop_id: ShopId, product_id: i64) -> Result<Option<DigitalFile>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM digital_files WHERE shop_id = $1 AND product_id = $2"
    ))
    .bind(shop_id)
    .bind(product_id)
    .fetch_optional(&mut *conn)
    .await?)
}

/// Records `file` as the product's file, replacing any previous one; returns the one replaced
/// so the caller can remove its bytes once the transaction is committed.
pub async fn set(
    conn: &mut Conn,
    shop_id: ShopId,
    file: &DigitalFile,
) -> Result<Option<DigitalFile>> {
    let old = get(conn, shop_id, file.product_id).await?;
    sqlx::query("DELETE FROM digital_files WHERE shop_id = $1 AND product_id = $2")
        .bind(shop_id)
        .bind(file.product_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query(&format!(
        "INSERT INTO digital_files (shop_id, {COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
    ))
    .bind(shop_id)
    .bind(file.product_id)
    .bind(&file.key)
    .bind(&file.file_name)
    .bind(file.size)
    .bind(&file.sha256)
    .bind(&file.content_type)
    .bind(now())
    .execute(&mut *conn)
    .await?;
    Ok(old)
}

/// Forgets the product's file; returns it so the caller can remove its bytes after committing.
pub async fn remove(
    conn: &mut Conn,
    shop_id: ShopId,
    product_id: i64,
) -> Result<Option<DigitalFile>> {
    let old = get(conn, shop_id, product_id).await?;
    sqlx::query("DELETE FROM digital_files WHERE shop_id = $1 AND product_id = $2")
        .bind(shop_id)
        .bind(product_id)
        .execute(&mut *conn)
        .await?;
    Ok(old)
}
