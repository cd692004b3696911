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
        }
    }
}

struct ValidPlan {
    name: String,
    max_products: i64,
    max_staff: i64,
    max_storage_bytes: i64,
}

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
    match (products, staff, storage, errors.is_empty()) {
        (Some(max_products), Some(max_staff), Some(max_storage_bytes), true) => Ok(ValidPlan {
            name,
            max_products,
            max_staff,
            max_storage_bytes,
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
