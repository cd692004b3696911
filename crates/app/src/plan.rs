//! Plan limits (products, staff, storage), checked inside the transaction that adds what they
//! count, after [`store::guard::lock_shop`]: two requests at once cannot both take the last
//! free place, on PostgreSQL as on SQLite.

use domain::plan::PlanLimits;
use store::account::Invitation;
use store::id::ShopId;
use store::Conn;

use crate::{Error, Result};

async fn locked_limits(tx: &mut Conn, shop_id: ShopId) -> Result<PlanLimits> {
    let plan_id = store::guard::lock_shop(tx, shop_id).await?;
    Ok(store::plan::by_id(tx, plan_id).await?.limits())
}

/// Before creating `adding` products (an import creates many at once).
pub async fn check_products(tx: &mut Conn, shop_id: ShopId, adding: i64) -> Result<()> {
    if adding <= 0 {
        return Ok(());
    }
    let limits = locked_limits(tx, shop_id).await?;
    let current = store::catalog::count_products(tx, shop_id).await?;
    limits
        .check_products(current + adding - 1)
        .map_err(Error::Refused)
}

/// Before inviting `email` to the team. Members and pending invitations both take a place; a
/// new invitation to an address already invited replaces the earlier one, which is returned so
/// that the caller revokes it in the same transaction.
pub async fn check_staff(
    tx: &mut Conn,
    shop_id: ShopId,
    email: &str,
) -> Result<Option<Invitation>> {
    let limits = locked_limits(tx, shop_id).await?;
    let pending = store::account::pending_invitations(tx, shop_id).await?;
    let members = store::account::count_staff(tx, shop_id).await?;
    let pending_count = pending.len() as i64;
    let earlier = pending.into_iter().find(|i| i.email == email);
    let counted = members + pending_count - i64::from(earlier.is_some());
    limits.check_staff(counted).map_err(Error::Refused)?;
    Ok(earlier)
}

/// Before storing `adding` bytes that replace `replacing` bytes already counted (a new version
/// of a digital file).
pub async fn check_storage(
    tx: &mut Conn,
    shop_id: ShopId,
    adding: i64,
    replacing: i64,
) -> Result<()> {
    let limits = locked_limits(tx, shop_id).await?;
    let used = store::media::used_bytes(tx, shop_id).await?;
    limits
        .check_storage(used - replacing, adding)
        .map_err(Error::Refused)
}
