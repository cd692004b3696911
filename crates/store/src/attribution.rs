//! Where customers come from: visits counted per shop, day and source; the source each order is
//! credited to (kept on the order, see `order::NewOrder`); the shop's attribution window.

use sqlx::FromRow;

use crate::id::ShopId;
use crate::{Conn, Result};

/// Visits of one shop on one day from one source, to add to what is counted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Visits {
    pub shop: ShopId,
    /// Days since 1970-01-01 on the shop's calendar.
    pub day: i64,
    pub channel: String,
    pub name: String,
    pub campaign: String,
    pub visits: i64,
}

/// Adds visits to the counts (a row per shop, day and source). Visits of a shop deleted since
/// they were counted are dropped.
pub async fn add_visits(conn: &mut Conn, rows: &[Visits]) -> Result<()> {
    for v in rows {
        sqlx::query(
            "INSERT INTO visits (shop_id, day, channel, name, campaign, visits) \
             SELECT $1, $2, $3, $4, $5, $6 WHERE EXISTS (SELECT 1 FROM shops WHERE id = $1) \
             ON CONFLICT (shop_id, day, channel, name, campaign) \
             DO UPDATE SET visits = visits.visits + excluded.visits",
        )
        .bind(v.shop)
        .bind(v.day)
        .bind(&v.channel)
        .bind(&v.name)
        .bind(&v.campaign)
        .bind(v.visits)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// A day's visits from one source.
#[derive(Debug, Clone, FromRow, PartialEq, Eq)]
pub struct DayVisits {
    pub day: i64,
    pub channel: String,
    pub name: String,
    pub campaign: String,
    pub visits: i64,
}

/// The shop's visits from day `from` to day `to` (inclusive).
pub async fn visits(conn: &mut Conn, shop: ShopId, from: i64, to: i64) -> Result<Vec<DayVisits>> {
    Ok(sqlx::query_as(
        "SELECT day, channel, name, campaign, visits FROM visits \
         WHERE shop_id = $1 AND day >= $2 AND day <= $3 ORDER BY day, channel, name, campaign",
    )
    .bind(shop)
    .bind(from)
    .bind(to)
    .fetch_all(&mut *conn)
    .await?)
}

/// An order, as the statistics of sources read it.
#[derive(Debug, Clone, FromRow, PartialEq, Eq)]
pub struct OrderSource {
    pub created_at: i64,
    /// None for orders placed before sources were counted.
    pub source_channel: Option<String>,
    pub source_name: String,
    pub source_campaign: String,
    pub total_minor: i64,
}

/// The shop's orders placed from `from` (inclusive) to `to` (exclusive), in seconds, leaving out
/// those cancelled or refunded: they brought nothing.
pub async fn orders(conn: &mut Conn, shop: ShopId, from: i64, to: i64) -> Result<Vec<OrderSource>> {
    Ok(sqlx::query_as(
        "SELECT created_at, source_channel, source_name, source_campaign, total_minor \
         FROM orders WHERE shop_id = $1 AND created_at >= $2 AND created_at < $3 \
         AND status NOT IN ('cancelled', 'refunded') ORDER BY created_at",
    )
    .bind(shop)
    .bind(from)
    .bind(to)
    .fetch_all(&mut *conn)
    .await?)
}

/// How many days after a visit its source is credited with the shopper's order.
pub async fn window(conn: &mut Conn, shop: ShopId) -> Result<i64> {
    Ok(
        sqlx::query_scalar("SELECT attribution_days FROM shops WHERE id = $1")
            .bind(shop)
            .fetch_optional(&mut *conn)
            .await?
            .unwrap_or(30),
    )
}

pub async fn set_window(conn: &mut Conn, shop: ShopId, days: i64) -> Result<()> {
    sqlx::query("UPDATE shops SET attribution_days = $2 WHERE id = $1")
        .bind(shop)
        .bind(days)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
