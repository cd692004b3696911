//! Plans: what a shop may use (products, staff accounts, storage), set by the operator.

use serde::Serialize;
use sqlx::FromRow;

use crate::{new_id, now, Conn, Result, StoreError};

#[derive(Debug, Clone, FromRow, Serialize)]
pub struct Plan {
    pub id: i64,
    pub name: String,
    pub max_products: i64,
    pub max_staff: i64,
    pub max_storage_bytes: i64,
    pub is_default: i64,
    /// The rent excluding VAT, in euro cents: by the month, by the year (0: free).
    pub monthly_minor: i64,
    pub yearly_minor: i64,
    /// Days of free trial a new shop gets on this plan.
    pub trial_days: i64,
}

/// What a plan costs: the rent by the month and by the year (excluding VAT, euro cents) and
/// the free trial's days.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Price {
    pub monthly_minor: i64,
    pub yearly_minor: i64,
    pub trial_days: i64,
}

impl Plan {
    pub fn limits(&self) -> domain::plan::PlanLimits {
        domain::plan::PlanLimits {
            max_products: self.max_products,
            max_staff: self.max_staff,
            max_storage_bytes: self.max_storage_bytes,
        }
    }

    /// The rent of one period of `interval` ("month" or "year"): 0 on a free plan, `None` when
    /// the plan is paid but not offered by that interval.
    pub fn price_of(&self, interval: &str) -> Option<i64> {
        if self.is_free() {
            return Some(0);
        }
        let p = if interval == "year" {
            self.yearly_minor
        } else {
            self.monthly_minor
        };
        (p > 0).then_some(p)
    }

    /// `wanted` ("month" or "year") when the plan is offered by it, else the one it is offered
    /// by.
    pub fn interval_for(&self, wanted: &str) -> &'static str {
        let wanted = if wanted == "year" { "year" } else { "month" };
        match (self.price_of(wanted), wanted) {
            (Some(_), w) => w,
            (None, "year") => "month",
            (None, _) => "year",
        }
    }

    pub fn is_free(&self) -> bool {
        self.monthly_minor <= 0 && self.yearly_minor <= 0
    }
}

const COLUMNS: &str = "id, name, max_products, max_staff, max_storage_bytes, is_default, \
     monthly_minor, yearly_minor, trial_days";

pub async fn list(conn: &mut Conn) -> Result<Vec<Plan>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM plans ORDER BY max_products, name"
    ))
    .fetch_all(&mut *conn)
    .await?)
}

pub async fn by_id(conn: &mut Conn, id: i64) -> Result<Plan> {
    Ok(
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM plans WHERE id = $1"))
            .bind(id)
            .fetch_one(&mut *conn)
            .await?,
    )
}

/// The plan new shops get; created on first use so a fresh platform always has one.
pub async fn default_plan(conn: &mut Conn) -> Result<Plan> {
    let found: Option<Plan> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM plans WHERE is_default = 1 ORDER BY id LIMIT 1"
    ))
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(p) = found {
        return Ok(p);
    }
    let id = create(conn, "Starter", 500, 5, 200 * 1024 * 1024).await?;
    sqlx::query("UPDATE plans SET is_default = 1 WHERE id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    by_id(conn, id).await
}

pub async fn create(
    conn: &mut Conn,
    name: &str,
    max_products: i64,
    max_staff: i64,
    max_storage_bytes: i64,
) -> Result<i64> {
    let id = new_id();
    sqlx::query(
        "INSERT INTO plans (id, name, max_products, max_staff, max_storage_bytes, is_default, created_at) \
         VALUES ($1, $2, $3, $4, $5, 0, $6)",
    )
    .bind(id)
    .bind(name)
    .bind(max_products)
    .bind(max_staff)
    .bind(max_storage_bytes)
    .bind(now())
    .execute(&mut *conn)
    .await?;
    Ok(id)
}

pub async fn update(
    conn: &mut Conn,
    id: i64,
    name: &str,
    max_products: i64,
    max_staff: i64,
    max_storage_bytes: i64,
) -> Result<()> {
    let r = sqlx::query(
        "UPDATE plans SET name = $2, max_products = $3, max_staff = $4, max_storage_bytes = $5 WHERE id = $1",
    )
    .bind(id)
    .bind(name)
    .bind(max_products)
    .bind(max_staff)
    .bind(max_storage_bytes)
    .execute(&mut *conn)
    .await?;
    if r.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

/// Sets what the plan costs; the shops on it pay the new price from their next period.
pub async fn set_price(conn: &mut Conn, id: i64, p: Price) -> Result<()> {
    let r = sqlx::query(
        "UPDATE plans SET monthly_minor = $2, yearly_minor = $3, trial_days = $4 WHERE id = $1",
    )
    .bind(id)
    .bind(p.monthly_minor)
    .bind(p.yearly_minor)
    .bind(p.trial_days)
    .execute(&mut *conn)
    .await?;
    if r.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

pub async fn set_default(conn: &mut Conn, id: i64) -> Result<()> {
    by_id(conn, id).await?;
    sqlx::query("UPDATE plans SET is_default = CASE WHEN id = $1 THEN 1 ELSE 0 END")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub async fn shops_on(conn: &mut Conn, id: i64) -> Result<i64> {
    Ok(
        sqlx::query_scalar("SELECT COUNT(*) FROM shops WHERE plan_id = $1")
            .bind(id)
            .fetch_one(&mut *conn)
            .await?,
    )
}
