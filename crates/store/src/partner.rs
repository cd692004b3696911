//! Partnerships between shops: each shop's row of a partnership (see migration 0032), the
//! partner's products it shows, and the code each offers to the other's shoppers.

use sqlx::FromRow;

use crate::id::ShopId;
use crate::{Conn, Result};

/// One of a shop's partnerships, with the other shop as the list shows it.
#[derive(Debug, Clone, FromRow, PartialEq, Eq)]
pub struct Partner {
    pub partner_id: i64,
    /// `invited`, `asked`, `active` or `declined` (see `domain::growth::partner::State`).
    pub state: String,
    /// The inviting shop's words.
    pub message: String,
    /// This shop's code the partner advertises.
    pub offer_promotion_id: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
    pub slug: String,
    pub name: String,
    pub status: String,
}

const SELECT: &str = "SELECT x.partner_id, x.state, x.message, x.offer_promotion_id, \
     x.created_at, x.updated_at, s.slug, s.name, s.status \
     FROM partners x JOIN shops s ON s.id = x.partner_id";

/// Every partnership of the shop, newest change first.
pub async fn list(conn: &mut Conn, shop: ShopId) -> Result<Vec<Partner>> {
    Ok(sqlx::query_as(&format!(
        "{SELECT} WHERE x.shop_id = $1 ORDER BY x.updated_at DESC, x.partner_id"
    ))
    .bind(shop)
    .fetch_all(&mut *conn)
    .await?)
}

/// The shop's partnership with `partner`, whatever its state.
pub async fn get(conn: &mut Conn, shop: ShopId, partner: i64) -> Result<Option<Partner>> {
    Ok(sqlx::query_as(&format!(
        "{SELECT} WHERE x.shop_id = $1 AND x.partner_id = $2"
    ))
    .bind(shop)
    .bind(partner)
    .fetch_optional(&mut *conn)
    .await?)
}

/// The partnership with the shop whose address is `slug`.
pub async fn by_slug(conn: &mut Conn, shop: ShopId, slug: &str) -> Result<Option<Partner>> {
    Ok(
        sqlx::query_as(&format!("{SELECT} WHERE x.shop_id = $1 AND s.slug = $2"))
            .bind(shop)
            .bind(slug)
            .fetch_optional(&mut *conn)
            .await?,
    )
}

/// How many partnerships the shop has or has asked for (invitations it received and refusals
/// it was told of left out).
pub async fn count(conn: &mut Conn, shop: ShopId) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "SELECT COUNT(*) FROM partners WHERE shop_id = $1 AND state IN ('invited', 'active')",
    )
    .bind(shop)
    .fetch_one(&mut *conn)
    .await?)
}

/// How many partnerships of the shop are active.
pub async fn count_active(conn: &mut Conn, shop: ShopId) -> Result<i64> {
    Ok(
        sqlx::query_scalar("SELECT COUNT(*) FROM partners WHERE shop_id = $1 AND state = 'active'")
            .bind(shop)
            .fetch_one(&mut *conn)
            .await?,
    )
}

/// Writes an invitation: `shop`'s row (`invited`) and `partner`'s (`asked`, in place of its
/// own invitation that `shop` declined, if any). A row existing already otherwise (an
/// invitation either way, a partnership) is a [`crate::StoreError::Conflict`].
pub async fn invite(
    conn: &mut Conn,
    shop: ShopId,
    partner: ShopId,
    message: &str,
    now: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO partners (shop_id, partner_id, state, message, created_at, updated_at) \
         VALUES ($1, $2, 'invited', $3, $4, $4)",
    )
    .bind(shop)
    .bind(partner)
    .bind(message)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    let done = sqlx::query(
        "INSERT INTO partners (shop_id, partner_id, state, message, created_at, updated_at) \
         VALUES ($1, $2, 'asked', $3, $4, $4) \
         ON CONFLICT (shop_id, partner_id) DO UPDATE SET state = 'asked', \
         message = excluded.message, created_at = excluded.created_at, \
         updated_at = excluded.updated_at WHERE partners.state = 'declined'",
    )
    .bind(partner)
    .bind(shop)
    .bind(message)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() != 1 {
        return Err(crate::StoreError::Conflict("partnership exists".into()));
    }
    Ok(())
}

/// Moves the shop's row from state `from` to `to`; false when it was not in `from`.
pub async fn set_state(
    conn: &mut Conn,
    shop: ShopId,
    partner: i64,
    from: &str,
    to: &str,
    now: i64,
) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE partners SET state = $4, updated_at = $5 \
         WHERE shop_id = $1 AND partner_id = $2 AND state = $3",
    )
    .bind(shop)
    .bind(partner)
    .bind(from)
    .bind(to)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Deletes the shop's row (and the partner's products it showed); false when there was none.
pub async fn delete(conn: &mut Conn, shop: ShopId, partner: i64) -> Result<bool> {
    sqlx::query("DELETE FROM partner_products WHERE shop_id = $1 AND partner_id = $2")
        .bind(shop)
        .bind(partner)
        .execute(&mut *conn)
        .await?;
    let done = sqlx::query("DELETE FROM partners WHERE shop_id = $1 AND partner_id = $2")
        .bind(shop)
        .bind(partner)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Sets the code the shop offers to `partner`'s shoppers (none: no offer). A code offered to
/// another partner already is a [`crate::StoreError::Conflict`].
pub async fn set_offer(
    conn: &mut Conn,
    shop: ShopId,
    partner: i64,
    promotion: Option<i64>,
) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE partners SET offer_promotion_id = $3 \
         WHERE shop_id = $1 AND partner_id = $2 AND state = 'active'",
    )
    .bind(shop)
    .bind(partner)
    .bind(promotion)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The active partner the shop offers `promotion` to, by its address: `(id, slug)`.
pub async fn offered_to(
    conn: &mut Conn,
    shop: ShopId,
    promotion: i64,
) -> Result<Option<(i64, String)>> {
    Ok(sqlx::query_as(
        "SELECT x.partner_id, s.slug FROM partners x JOIN shops s ON s.id = x.partner_id \
         WHERE x.shop_id = $1 AND x.offer_promotion_id = $2 AND x.state = 'active'",
    )
    .bind(shop)
    .bind(promotion)
    .fetch_optional(&mut *conn)
    .await?)
}

/// The partner's products the shop shows, in its order.
pub async fn products(conn: &mut Conn, shop: ShopId, partner: i64) -> Result<Vec<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT product_id FROM partner_products WHERE shop_id = $1 AND partner_id = $2 \
         ORDER BY position, product_id",
    )
    .bind(shop)
    .bind(partner)
    .fetch_all(&mut *conn)
    .await?)
}

/// Shows one more of the partner's products, last; false when it was shown already.
pub async fn add_product(
    conn: &mut Conn,
    shop: ShopId,
    partner: i64,
    product: i64,
) -> Result<bool> {
    let done = sqlx::query(
        "INSERT INTO partner_products (shop_id, partner_id, product_id, position) \
         VALUES ($1, $2, $3, (SELECT COALESCE(MAX(position), 0) + 1 FROM partner_products \
           WHERE shop_id = $1 AND partner_id = $2)) \
         ON CONFLICT DO NOTHING",
    )
    .bind(shop)
    .bind(partner)
    .bind(product)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Stops showing one of the partner's products; false when it was not shown.
pub async fn remove_product(
    conn: &mut Conn,
    shop: ShopId,
    partner: i64,
    product: i64,
) -> Result<bool> {
    let done = sqlx::query(
        "DELETE FROM partner_products WHERE shop_id = $1 AND partner_id = $2 AND product_id = $3",
    )
    .bind(shop)
    .bind(partner)
    .bind(product)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A partner as the shop's "our neighbours" block shows it: an open shop the partnership is
/// active with, the code it offers to this shop's shoppers (its promotion, switched on), and
/// the products of it this shop chose.
#[derive(Debug, Clone, FromRow, PartialEq, Eq)]
pub struct Neighbour {
    pub partner_id: i64,
    pub offer_promotion_id: Option<i64>,
}

/// The shop's neighbours, oldest partnership first.
pub async fn neighbours(conn: &mut Conn, shop: ShopId) -> Result<Vec<Neighbour>> {
    Ok(sqlx::query_as(
        "SELECT x.partner_id, o.offer_promotion_id FROM partners x \
         JOIN shops s ON s.id = x.partner_id \
         JOIN partners o ON o.shop_id = x.partner_id AND o.partner_id = x.shop_id \
         WHERE x.shop_id = $1 AND x.state = 'active' AND s.status = 'active' \
         ORDER BY x.created_at, x.partner_id",
    )
    .bind(shop)
    .fetch_all(&mut *conn)
    .await?)
}
