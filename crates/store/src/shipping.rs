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

/// The shop's orders waiting to leave by parcel (paid or being prepared, to be shipped), oldest
/// first, for a carrier's bulk-label file.
pub async fn orders_to_ship(conn: &mut Conn, shop_id: ShopId) -> Result<Vec<crate::order::Order>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {} FROM orders WHERE shop_id = $1 AND status IN ('paid', 'preparing') \
         AND fulfilment = 'shipping' ORDER BY created_at, number",
        crate::order::ORDER_COLUMNS
    ))
    .bind(shop_id)
    .fetch_all(&mut *conn)
    .await?)
}

/// What the goods of each of the shop's paid or preparing orders weigh, in grams, by order id: the
/// variants' weights today (orders do not keep one) times the quantities, for the lines that
/// travel (not downloads nor services).
pub async fn goods_weights(
    conn: &mut Conn,
    shop_id: ShopId,
) -> Result<Vec<(crate::id::OrderId, i64)>> {
    Ok(sqlx::query_as(
        "SELECT l.order_id, CAST(COALESCE(SUM(COALESCE(v.weight_grams, 0) * l.quantity), 0) AS BIGINT) \
         FROM order_lines l JOIN orders o ON o.shop_id = l.shop_id AND o.id = l.order_id \
         LEFT JOIN variants v ON v.shop_id = l.shop_id AND v.id = l.variant_id \
         WHERE l.shop_id = $1 AND o.status IN ('paid', 'preparing') \
         AND l.kind NOT IN ('digital', 'service') GROUP BY l.order_id",
    )
    .bind(shop_id)
    .fetch_all(&mut *conn)
    .await?)
}
