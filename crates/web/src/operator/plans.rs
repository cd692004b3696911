//! The plans shops are on: their limits, creating and editing one, the default for new shops.

use crate::extract::{Form, Path, Query};
use askama::Template;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::{storage_label, unprocessable, OpNav, MIB};
use crate::auth::OperatorAuth;
use crate::ctx::Ctx;
use crate::error::{AppError, AppResult};
use crate::forms::Errors;
use crate::platform::render;
use crate::state::AppState;

/// What a plan costs, as the console lists it: "19,00 € / month · 190,00 € / year · 14 days free".
pub(super) fn price_label(c: &Ctx, p: &store::plan::Plan) -> String {
    if p.is_free() {
        return c.t("op-plan-free");
    }
    let m = |minor: i64| domain::money::Money::new(minor, domain::money::EUR).format(c.lang);
    let mut parts = Vec::new();
    if p.monthly_minor > 0 {
        parts.push(c.t1("op-plan-per-month", "price", &m(p.monthly_minor)));
    }
    if p.yearly_minor > 0 {
        parts.push(c.t1("op-plan-per-year", "price", &m(p.yearly_minor)));
    }
    if p.trial_days > 0 {
        parts.push(c.t1("op-plan-trial", "days", &p.trial_days.to_string()));
    }
    parts.join(" · ")
}

fn limit_label(c: &Ctx, n: i64) -> String {
    if n < 0 {
        c.t("op-unlimited")
    } else {
        n.to_string()
    }
}

pub struct PlanRow {
    pub id: i64,
    pub name: String,
    pub products: String,
    pub staff: String,
    pub storage: String,
    pub shops: i64,
    pub is_default: bool,
    /// "19,00 € / 190,00 €", or "free".
    pub price: String,
}

#[derive(Deserialize, Default, Clone)]
pub struct PlanForm {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub max_products: String,
    #[serde(default)]
    pub max_staff: String,
    #[serde(default)]
    pub max_storage_mb: String,
    /// The rent excluding VAT, as typed ("19,90"); empty: free.
    #[serde(default)]
    pub monthly: String,
    #[serde(default)]
    pub yearly: String,
    #[serde(default)]
    pub trial_days: String,
}

impl PlanForm {
    fn of(p: &store::plan::Plan) -> PlanForm {
        let n = |v: i64| if v < 0 { String::new() } else { v.to_string() };
        PlanForm {
            name: p.name.clone(),
            max_products: n(p.max_products),
            max_staff: n(p.max_staff),
            max_storage_mb: if p.max_storage_bytes < 0 {
                String::new()
            } else {
                (p.max_storage_bytes / MIB).to_string()
            },
            monthly: typed_price(p.monthly_minor),
            yearly: typed_price(p.yearly_minor),
            trial_days: if p.trial_days > 0 {
                p.trial_days.to_string()
            } else {
                String::new()
            },
        }
    }
}

struct ValidPlan {
    name: String,
    max_products: i64,
    max_staff: i64,
    max_storage_bytes: i64,
    price: store::plan::Price,
}

/// A price as the form shows it back ("19.90"; empty when free).
fn typed_price(minor: i64) -> String {
    if minor <= 0 {
        String::new()
    } else {
        format!("{}.{:02}", minor / 100, minor % 100)
    }
}

/// The longest free trial a plan may offer, in days.
const MAX_TRIAL_DAYS: i64 = 365;

/// A limit as typed: empty or −1 is "unlimited", otherwise a whole number ≥ 0.
fn parse_limit(raw: &str) -> Option<i64> {
    let s = raw.trim().replace(['\u{2212}', '\u{2013}'], "-");
    if s.is_empty() {
        return Some(-1);
    }
    match s.parse::<i64>() {
        Ok(-1) => Some(-1),
        Ok(n) if n >= 0 => Some(n),
        _ => None,
    }
}

fn validate_plan(c: &Ctx, f: &PlanForm) -> Result<ValidPlan, Errors> {
    let mut errors = Errors::default();
    let name = f.name.trim().to_string();
    if name.is_empty() {
        errors.add("name", c.t("op-plan-name-empty"));
    } else if name.chars().count() > 60 {
        errors.add("name", c.t("op-plan-name-too-long"));
    } else if name.chars().any(char::is_control) {
        errors.add("name", c.t("op-plan-name-control"));
    }
    let mut limit = |field: &str, raw: &str| {
        let v = parse_limit(raw);
        if v.is_none() {
            errors.add(field, c.t("op-plan-limit-invalid"));
        }
        v
    };
    let products = limit("max_products", &f.max_products);
    let staff = limit("max_staff", &f.max_staff);
    let storage = limit("max_storage_mb", &f.max_storage_mb);
    let storage = match storage {
        Some(mb) if mb >= 0 => match mb.checked_mul(MIB) {
            Some(b) => Some(b),
            None => {
                errors.add("max_storage_mb", c.t("op-plan-storage-too-large"));
                None
            }
        },
        other => other,
    };
    let mut price = |field: &str, raw: &str| {
        if raw.trim().is_empty() {
            return 0;
        }
        match domain::catalog::Price::parse(raw, domain::money::EUR) {
            Ok(p) => p,
            Err(e) => {
                errors.add(field, c.err(&e));
                0
            }
        }
    };
    let monthly_minor = price("monthly", &f.monthly);
    let yearly_minor = price("yearly", &f.yearly);
    let trial_days = match f.trial_days.trim() {
        "" => 0,
        t => match t.parse::<i64>() {
            Ok(d) if (0..=MAX_TRIAL_DAYS).contains(&d) => d,
            _ => {
                errors.add("trial_days", c.t("op-plan-trial-invalid"));
                0
            }
        },
    };
    match (products, staff, storage, errors.is_empty()) {
        (Some(max_products), Some(max_staff), Some(max_storage_bytes), true) => Ok(ValidPlan {
            name,
            max_products,
            max_staff,
            max_storage_bytes,
            price: store::plan::Price {
                monthly_minor,
                yearly_minor,
                trial_days,
            },
        }),
        _ => Err(errors),
    }
}

#[derive(Template)]
#[template(path = "operator/plans.html")]
struct PlansPage {
    c: Ctx,
    nav: OpNav,
    rows: Vec<PlanRow>,
    form: PlanForm,
    errors: Errors,
}

#[derive(Deserialize, Default)]
pub(super) struct PlansQuery {
    saved: Option<String>,
    default: Option<String>,
}

async fn plans_page(
    st: &AppState,
    op: &OperatorAuth,
    c: Ctx,
    flash: Option<String>,
) -> AppResult<PlansPage> {
    let mut conn = st.store.reader().await?;
    let mut rows = vec![];
    for p in store::plan::list(&mut conn).await? {
        rows.push(PlanRow {
            id: p.id,
            products: limit_label(&c, p.max_products),
            staff: limit_label(&c, p.max_staff),
            storage: storage_label(&c, p.max_storage_bytes),
            shops: store::plan::shops_on(&mut conn, p.id).await?,
            is_default: p.is_default != 0,
            price: price_label(&c, &p),
            name: p.name,
        });
    }
    Ok(PlansPage {
        nav: OpNav::new(op, "plans").flash(flash),
        rows,
        form: PlanForm::default(),
        errors: Errors::default(),
        c,
    })
}

pub(super) async fn plans(
    State(st): State<AppState>,
    op: OperatorAuth,
    c: Ctx,
    Query(q): Query<PlansQuery>,
) -> AppResult<Html<String>> {
    let flash = if q.default.is_some() {
        Some(c.t("op-plan-default-set"))
    } else {
        q.saved.as_ref().map(|_| c.t("op-saved"))
    };
    render(plans_page(&st, &op, c, flash).await?)
}

pub(super) async fn create_plan(
    State(st): State<AppState>,
    op: OperatorAuth,
    c: Ctx,
    Form(f): Form<PlanForm>,
) -> AppResult<Response> {
    let errors = match validate_plan(&c, &f) {
        Ok(v) => {
            let mut tx = st.store.begin().await?;
            match store::plan::create(
                &mut tx,
                &v.name,
                v.max_products,
                v.max_staff,
                v.max_storage_bytes,
            )
            .await
            {
                Ok(id) => {
                    store::plan::set_price(&mut tx, id, v.price).await?;
                    store::commit(tx).await?;
                    tracing::info!(plan_id = id, operator_id = op.id, "plan created");
                    return Ok(Redirect::to("/operator/plans?saved=1").into_response());
                }
                Err(store::StoreError::Conflict(_)) => {
                    let mut e = Errors::default();
                    e.add("name", c.t("op-plan-name-taken"));
                    e
                }
                Err(e) => return Err(e.into()),
            }
        }
        Err(e) => e,
    };
    let mut p = plans_page(&st, &op, c, None).await?;
    p.form = f;
    p.errors = errors;
    Ok(unprocessable(render(p)?))
}

#[derive(Template)]
#[template(path = "operator/plan.html")]
struct PlanPage {
    c: Ctx,
    nav: OpNav,
    id: i64,
    shops: i64,
    form: PlanForm,
    errors: Errors,
}

async fn plan_by_id(st: &AppState, id: &str) -> AppResult<store::plan::Plan> {
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let mut conn = st.store.reader().await?;
    Ok(store::plan::by_id(&mut conn, id).await?)
}

pub(super) async fn plan_form(
    State(st): State<AppState>,
    op: OperatorAuth,
    c: Ctx,
    Path(id): Path<String>,
) -> AppResult<Html<String>> {
    let plan = plan_by_id(&st, &id).await?;
    let mut conn = st.store.reader().await?;
    let shops = store::plan::shops_on(&mut conn, plan.id).await?;
    render(PlanPage {
        c,
        nav: OpNav::new(&op, "plans"),
        id: plan.id,
        shops,
        form: PlanForm::of(&plan),
        errors: Errors::default(),
    })
}

pub(super) async fn update_plan(
    State(st): State<AppState>,
    op: OperatorAuth,
    c: Ctx,
    Path(id): Path<String>,
    Form(f): Form<PlanForm>,
) -> AppResult<Response> {
    let plan = plan_by_id(&st, &id).await?;
    let errors = match validate_plan(&c, &f) {
        Ok(v) => {
            let mut tx = st.store.begin().await?;
            match store::plan::update(
                &mut tx,
                plan.id,
                &v.name,
                v.max_products,
                v.max_staff,
                v.max_storage_bytes,
            )
            .await
            {
                Ok(()) => {
                    store::plan::set_price(&mut tx, plan.id, v.price).await?;
                    store::commit(tx).await?;
                    tracing::info!(plan_id = plan.id, operator_id = op.id, "plan updated");
                    return Ok(Redirect::to("/operator/plans?saved=1").into_response());
                }
                Err(store::StoreError::Conflict(_)) => {
                    let mut e = Errors::default();
                    e.add("name", c.t("op-plan-name-taken"));
                    e
                }
                Err(e) => return Err(e.into()),
            }
        }
        Err(e) => e,
    };
    let mut conn = st.store.reader().await?;
    let shops = store::plan::shops_on(&mut conn, plan.id).await?;
    Ok(unprocessable(render(PlanPage {
        c,
        nav: OpNav::new(&op, "plans"),
        id: plan.id,
        shops,
        form: f,
        errors,
    })?))
}

pub(super) async fn make_default(
    State(st): State<AppState>,
    op: OperatorAuth,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let plan = plan_by_id(&st, &id).await?;
    let mut tx = st.store.begin().await?;
    store::plan::set_default(&mut tx, plan.id).await?;
    store::commit(tx).await?;
    tracing::info!(plan_id = plan.id, operator_id = op.id, "default plan set");
    Ok(Redirect::to("/operator/plans?default=1").into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_accept_empty_minus_one_and_whole_numbers() {
        assert_eq!(parse_limit(""), Some(-1));
        assert_eq!(parse_limit("  -1 "), Some(-1));
        assert_eq!(parse_limit("\u{2212}1"), Some(-1));
        assert_eq!(parse_limit("0"), Some(0));
        assert_eq!(parse_limit("12"), Some(12));
        assert_eq!(parse_limit("-2"), None);
        assert_eq!(parse_limit("1.5"), None);
        assert_eq!(parse_limit("abc"), None);
    }
}
