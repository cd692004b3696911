//! Each shop's shipping table, kept whole as the JSON document the domain reads and checks
//! (see migration 0014 for why it is one row per shop).

use crate::id::ShopId;
use crate::{now, Conn, Result};

/// The shop's saved table document, or `None` when its seller never saved one.
pub async fn get(conn: &mut Conn, shop_id: ShopId) -> Result<Option<String>> {
    Ok(
        sqlx::query_scalar("SELECT doc FROM shop_shipping WHERE shop_id = $1")
            .bind(shop_id)
            .fetch_optional(&mut *conn)
            .await?,
    )
}

/// Replaces the shop's table and bumps its version: product pages show delivery prices.
pub async fn save(conn: &mut Conn, shop_id: ShopId, doc: &str) -> Result<()> {
    sqlx::query(
        "INSERT INTO shop_shipping (shop_id, doc, updated_at) VALUES ($1, $2, $3) \
         ON CONFLICT (shop_id) DO UPDATE SET doc = excluded.doc, updated_at = excluded.updated_at",
    )
    .bind(shop_id)
    .bind(doc)
    .bind(now())
    .execute(&mut *conn)
    .await?;
    crate::shop::bump_version(conn, shop_id).await
}
