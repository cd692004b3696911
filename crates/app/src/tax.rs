//! The platform's tax thresholds, which the operator may follow a change of law with (no
//! release needed): the VAT franchise's (CGI art. 293 B) and the private sellers' regularity
//! thresholds (DAC7). Kept in the platform settings; the amounts of law apply until the
//! operator saves others.

use domain::tax::{FranchiseThresholds, RegularityThresholds};
use domain::ValidationError;
use store::{Conn, Store};

use crate::{Error, Result};

const GOODS: &str = "tax_franchise_goods_minor";
const GOODS_TOLERANCE: &str = "tax_franchise_goods_tolerance_minor";
const SERVICES: &str = "tax_franchise_services_minor";
const SERVICES_TOLERANCE: &str = "tax_franchise_services_tolerance_minor";
const PRIVATE_SALES: &str = "tax_private_sales";
const PRIVATE_AMOUNT: &str = "tax_private_amount_minor";

/// The thresholds in force on the platform.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Thresholds {
    pub franchise: FranchiseThresholds,
    pub regularity: RegularityThresholds,
}

impl Thresholds {
    /// The problems of thresholds as typed, by form field (`goods`, `goods_tolerance`,
    /// `services`, `services_tolerance`, `private_sales`, `private_amount`).
    pub fn problems(&self) -> Vec<(&'static str, ValidationError)> {
        let mut out = self.franchise.problems();
        out.extend(self.regularity.problems().into_iter().map(|(f, e)| {
            let field = match f {
                "sales" => "private_sales",
                _ => "private_amount",
            };
            (field, e)
        }));
        out
    }
}

async fn number(conn: &mut Conn, key: &str) -> Result<Option<i64>> {
    Ok(store::settings::get(conn, key)
        .await?
        .and_then(|v| v.trim().parse::<i64>().ok()))
}

/// The thresholds in force: the operator's, else the law's (each value on its own).
pub async fn thresholds(conn: &mut Conn) -> Result<Thresholds> {
    let mut t = Thresholds::default();
    let f = &mut t.franchise;
    for (key, slot) in [
        (GOODS, &mut f.goods_minor),
        (GOODS_TOLERANCE, &mut f.goods_tolerance_minor),
        (SERVICES, &mut f.services_minor),
        (SERVICES_TOLERANCE, &mut f.services_tolerance_minor),
        (PRIVATE_AMOUNT, &mut t.regularity.amount_minor),
    ] {
        if let Some(v) = number(conn, key).await? {
            *slot = v;
        }
    }
    if let Some(v) = number(conn, PRIVATE_SALES).await? {
        t.regularity.sales = u32::try_from(v).unwrap_or(t.regularity.sales);
    }
    // Values that do not hold together (edited by hand) give way to the law's.
    if !t.franchise.problems().is_empty() {
        t.franchise = FranchiseThresholds::default();
    }
    if !t.regularity.problems().is_empty() {
        t.regularity = RegularityThresholds::default();
    }
    Ok(t)
}

/// Saves the operator's thresholds; refuses (first problem) thresholds that do not hold.
pub async fn save_thresholds(store: &Store, t: &Thresholds) -> Result<()> {
    if let Some((_, e)) = t.problems().into_iter().next() {
        return Err(Error::Refused(e));
    }
    let mut tx = store.begin().await?;
    let f = &t.franchise;
    for (key, value) in [
        (GOODS, f.goods_minor),
        (GOODS_TOLERANCE, f.goods_tolerance_minor),
        (SERVICES, f.services_minor),
        (SERVICES_TOLERANCE, f.services_tolerance_minor),
        (PRIVATE_SALES, i64::from(t.regularity.sales)),
        (PRIVATE_AMOUNT, t.regularity.amount_minor),
    ] {
        // Only the sellers' dashboards read these: no storefront page changes.
        store::settings::set_unshown(&mut tx, key, &value.to_string()).await?;
    }
    store::commit(tx).await?;
    Ok(())
}
