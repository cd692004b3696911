//! A shop's exchange rates, for showing shoppers abroad an estimate of its prices in their
//! currency, and whether it uses the operator's rates for the others.

use serde::{Deserialize, Serialize};
use sqlx::FromRow;

use crate::id::ShopId;
use crate::{now, Conn, Result};

/// Units of `currency` for one unit of the shop's currency, in millionths, as of `as_of`
/// (YYYY-MM-DD).
#[derive(Debug, Clone, PartialEq, Eq, FromRow, Serialize, Deserialize)]
pub struct Rate {
    pub currency: String,
    pub rate_micro: i64,
    pub as_of: String,
}

/// The shop's own rates, by currency code.
pub async fn rates(conn: &mut Conn, shop_id: ShopId) -> Result<Vec<Rate>> {
    Ok(sqlx::query_as(
        "SELECT currency, rate_micro, as_of FROM shop_currency_rates WHERE shop_id = $1 \
         ORDER BY currency",
    )
    .bind(shop_id)
    .fetch_all(&mut *conn)
    .await?)
}

/// Replaces the shop's rates. Storefront pages carry them (for the shopper's currency picker):
/// the shop's version moves on so that no cached page keeps the old ones.
pub async fn replace(conn: &mut Conn, shop_id: ShopId, rates: &[Rate]) -> Result<()> {
    sqlx::query("DELETE FROM shop_currency_rates WHERE shop_id = $1")
        .bind(shop_id)
        .execute(&mut *conn)
        .await?;
    for r in rates {
        sqlx::query(
            "INSERT INTO shop_currency_rates (shop_id, currency, rate_micro, as_of) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(shop_id)
        .bind(&r.currency)
        .bind(r.rate_micro)
        .bind(&r.as_of)
        .execute(&mut *conn)
        .await?;
    }
    crate::shop::bump_version(conn, shop_id).await
}

/// Whether the shop shows estimates at the operator's rates for currencies it has no rate of.
pub async fn uses_platform_rates(conn: &mut Conn, shop_id: ShopId) -> Result<bool> {
    let v: Option<i64> =
        sqlx::query_scalar("SELECT platform_rates FROM shop_tax WHERE shop_id = $1")
            .bind(shop_id)
            .fetch_optional(&mut *conn)
            .await?;
    Ok(v.unwrap_or(0) != 0)
}

pub async fn set_uses_platform_rates(conn: &mut Conn, shop_id: ShopId, on: bool) -> Result<()> {
    sqlx::query(
        "INSERT INTO shop_tax (shop_id, platform_rates, updated_at) VALUES ($1, $2, $3) \
         ON CONFLICT (shop_id) DO UPDATE SET platform_rates = excluded.platform_rates, \
         updated_at = excluded.updated_at",
    )
    .bind(shop_id)
    .bind(i64::from(on))
    .bind(now())
    .execute(&mut *conn)
    .await?;
    crate::shop::bump_version(conn, shop_id).await
}
