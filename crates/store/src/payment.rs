//! Payment methods a shop offers, with their settings (bank transfer details for now).

use serde::Serialize;
use sqlx::FromRow;

use crate::id::ShopId;
use crate::{now, Conn, Result};

#[derive(Debug, Clone, FromRow, Serialize)]
pub struct PaymentMethod {
    pub code: String,
    pub enabled: i64,
    pub settings: String,
}

pub async fn upsert(
    conn: &mut Conn,
    shop_id: ShopId,
    code: &str,
    enabled: bool,
    settings: &serde_json::Value,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO payment_methods (shop_id, code, enabled, settings, updated_at) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (shop_id, code) DO UPDATE SET enabled = excluded.enabled, settings = excluded.settings, updated_at = excluded.updated_at",
    )
    .bind(shop_id)
    .bind(code)
    .bind(enabled as i64)
    .bind(settings.to_string())
    .bind(now())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn list(conn: &mut Conn, shop_id: ShopId) -> Result<Vec<PaymentMethod>> {
    Ok(sqlx::query_as(
        "SELECT code, enabled, settings FROM payment_methods WHERE shop_id = $1 ORDER BY code",
    )
    .bind(shop_id)
    .fetch_all(&mut *conn)
    .await?)
}
