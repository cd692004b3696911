//! The platform's tax thresholds: the VAT franchise's and the private sellers' regularity
//! thresholds the sellers' dashboards warn against, which the operator follows a change of law
//! with.

use crate::extract::{Form, Query};
use app::tax::Thresholds;
use askama::Template;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Redirect, Response};
use domain::catalog::Price;
use domain::money::Currency;
use serde::Deserialize;

use super::settings::SavedQuery;
use super::{unprocessable, OpNav};
use crate::auth::OperatorAuth;
use crate::ctx::Ctx;
use crate::error::{AppError, AppResult};
use crate::forms::Errors;
use crate::platform::render;
use crate::state::AppState;

/// The form as typed: amounts in euros, the number of sales as a whole number.
#[derive(Deserialize, Default, Clone)]
pub struct TaxForm {
    #[serde(default)]
    pub goods: String,
    #[serde(default)]
    pub goods_tolerance: String,
    #[serde(default)]
    pub services: String,
    #[serde(default)]
    pub services_tolerance: String,
    #[serde(default)]
    pub private_sales: String,
    #[serde(default)]
    pub private_amount: String,
}

#[derive(Template)]
#[template(path = "operator/tax.html")]
struct TaxPage {
    c: Ctx,
    nav: OpNav,
    form: TaxForm,
    errors: Errors,
}

/// An amount in euros as the operator types it back ("85000" or "85000,50").
fn euros(c: &Ctx, minor: i64) -> String {
    let (whole, cents) = (minor / 100, (minor % 100).abs());
    if cents == 0 {
        whole.to_string()
    } else {
        let sep = match c.lang {
            domain::locale::Lang::Fr => ',',
            domain::locale::Lang::En => '.',
        };
        format!("{whole}{sep}{cents:02}")
    }
}

fn form_of(c: &Ctx, t: &Thresholds) -> TaxForm {
    let f = &t.franchise;
    TaxForm {
        goods: euros(c, f.goods_minor),
        goods_tolerance: euros(c, f.goods_tolerance_minor),
        services: euros(c, f.services_minor),
        services_tolerance: euros(c, f.services_tolerance_minor),
        private_sales: t.regularity.sales.to_string(),
        private_amount: euros(c, t.regularity.amount_minor),
    }
}

pub(super) async fn tax_form(
    State(st): State<AppState>,
    op: OperatorAuth,
    c: Ctx,
    Query(q): Query<SavedQuery>,
) -> AppResult<Html<String>> {
    let mut conn = st.store.reader().await?;
    let t = app::tax::thresholds(&mut conn)
        .await
        .map_err(AppError::from)?;
    let flash = q.saved.as_ref().map(|_| c.t("op-saved"));
    render(TaxPage {
        form: form_of(&c, &t),
        nav: OpNav::new(&op, "tax").flash(flash),
        errors: Errors::default(),
        c,
    })
}

pub(super) async fn save_tax(
    State(st): State<AppState>,
    op: OperatorAuth,
    c: Ctx,
    Form(f): Form<TaxForm>,
) -> AppResult<Response> {
    let mut errors = Errors::default();
    let amount = |field: &str, raw: &str, errors: &mut Errors| -> i64 {
        if raw.trim().is_empty() {
            errors.add(field, c.t("op-field-required"));
            return 0;
        }
        match Price::parse(raw, Currency::EUR) {
            Ok(v) => v,
            Err(_) => {
                errors.add(field, c.t("op-tax-amount-invalid"));
                0
            }
        }
    };
    let mut t = Thresholds::default();
    t.franchise.goods_minor = amount("goods", &f.goods, &mut errors);
    t.franchise.goods_tolerance_minor = amount("goods_tolerance", &f.goods_tolerance, &mut errors);
    t.franchise.services_minor = amount("services", &f.services, &mut errors);
    t.franchise.services_tolerance_minor =
        amount("services_tolerance", &f.services_tolerance, &mut errors);
    t.regularity.amount_minor = amount("private_amount", &f.private_amount, &mut errors);
    match f.private_sales.trim().parse::<u32>() {
        Ok(n) => t.regularity.sales = n,
        Err(_) if f.private_sales.trim().is_empty() => {
            errors.add("private_sales", c.t("op-field-required"))
        }
        Err(_) => errors.add("private_sales", c.t("op-tax-sales-invalid")),
    }
    for (field, e) in t.problems() {
        if !errors.has(field) {
            errors.add(field, crate::admin::notice_text(&c, &e));
        }
    }
    if !errors.is_empty() {
        return Ok(unprocessable(render(TaxPage {
            nav: OpNav::new(&op, "tax"),
            form: f,
            errors,
            c,
        })?));
    }
    app::tax::save_thresholds(&st.store, &t)
        .await
        .map_err(AppError::from)?;
    tracing::info!(operator_id = op.id, "tax thresholds saved");
    Ok(Redirect::to("/operator/tax?saved=1").into_response())
}
