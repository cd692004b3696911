//! Shop admin: payment methods. Bank transfer (on by default) needs the seller's IBAN and BIC,
//! checked before they are shown to shoppers.

use crate::extract::{Form, Query};
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use domain::payment::{parse_bic, Iban};
use serde::Deserialize;
use serde_json::json;

use super::{can_payments, Nav, Saved};
use crate::app::shop_path;
use crate::auth::StaffAuth;
use crate::ctx::Ctx;
use crate::error::AppResult;
use crate::forms::Errors;
use crate::platform::render;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new().route(&shop_path("/admin/payments"), get(page).post(save))
}

#[derive(Template)]
#[template(path = "admin/payments.html")]
struct Page {
    c: Ctx,
    nav: Nav,
    shop_name: String,
    enabled: bool,
    holder: String,
    iban: String,
    bic: String,
    errors: Errors,
}

async fn page(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    Query(q): Query<Saved>,
) -> AppResult<Html<String>> {
    a.require(can_payments)?;
    let mut conn = st.store.reader().await?;
    let methods = store::payment::list(&mut conn, a.shop_id()).await?;
    let bank = methods.iter().find(|m| m.code == "bank_transfer");
    let settings: serde_json::Value = bank
        .and_then(|b| serde_json::from_str(&b.settings).ok())
        .unwrap_or_default();
    let s = |k: &str| {
        settings
            .get(k)
            .and_then(|v| v.as_str())
            .unwrap_or("")
            .to_string()
    };
    let flash = q.flash(&c);
    render(Page {
        nav: Nav::new(&a, "payments").with_flash(flash),
        shop_name: a.tenant.shop.name.clone(),
        enabled: bank.is_some_and(|b| b.enabled != 0),
        holder: s("holder"),
        iban: Iban::parse(&s("iban"))
            .map(|i| i.formatted())
            .unwrap_or_else(|_| s("iban")),
        bic: s("bic"),
        errors: Errors::default(),
        c,
    })
}

#[derive(Deserialize)]
struct BankForm {
    enabled: Option<String>,
    #[serde(default)]
    holder: String,
    #[serde(default)]
    iban: String,
    #[serde(default)]
    bic: String,
}

async fn save(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    Form(f): Form<BankForm>,
) -> AppResult<Response> {
    a.require(can_payments)?;
    let mut errors = Errors::default();
    let enabled = f.enabled.is_some();
    let iban = if f.iban.trim().is_empty() {
        None
    } else {
        errors.check(&c, "iban", Iban::parse(&f.iban))
    };
    let bic = if f.bic.trim().is_empty() {
        None
    } else {
        errors.check(&c, "bic", parse_bic(&f.bic))
    };
    let holder = f.holder.trim();
    if holder.chars().count() > 140 || holder.chars().any(char::is_control) {
        errors.add("holder", c.t("legal-form-too-long"));
    }
    if enabled && errors.is_empty() {
        if holder.is_empty() {
            errors.add("holder", c.t("payments-required"));
        }
        if iban.is_none() {
            errors.add("iban", c.t("payments-required"));
        }
    }
    if !errors.is_empty() {
        let page = Page {
            nav: Nav::new(&a, "payments"),
            shop_name: a.tenant.shop.name.clone(),
            enabled,
            holder: f.holder,
            iban: f.iban,
            bic: f.bic,
            errors,
            c,
        };
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(page)?).into_response());
    }
    let settings = json!({
        "holder": holder,
        "iban": iban.map(|i| i.as_str().to_string()).unwrap_or_default(),
        "bic": bic.unwrap_or_default(),
    });
    let mut tx = st.store.begin().await?;
    store::payment::upsert(&mut tx, a.shop_id(), "bank_transfer", enabled, &settings).await?;
    store::commit(tx).await?;
    Ok(Redirect::to(&a.tenant.url("/admin/payments?saved=1")).into_response())
}
