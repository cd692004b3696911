//! The operator console (`/operator/`): signing in, the list of shops (search, create, suspend,
//! change plan, verify domains, export, delete), the plans, the host's identity
//! the tax thresholds and the default exchange rates.

mod billing;
mod currencies;
mod plans;
mod session;
mod settings;
mod shop;
mod shops;
mod tax;

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;

use crate::auth::OperatorAuth;
use crate::ctx::Ctx;
use crate::state::AppState;

const MIB: i64 = 1024 * 1024;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/operator",
            get(|| async { Redirect::permanent("/operator/") }),
        )
        .route(
            "/operator/login",
            get(session::login_form).post(session::login),
        )
        .route("/operator/logout", post(session::logout))
        .route("/operator/", get(shops::shops))
        .route("/operator/shops", post(shops::create_shop))
        .route("/operator/shops/{slug}", get(shop::shop_detail))
        .route("/operator/shops/{slug}/plan", post(shop::change_plan))
        .route("/operator/shops/{slug}/suspend", post(shop::suspend))
        .route("/operator/shops/{slug}/resume", post(shop::resume))
        .route("/operator/shops/{slug}/feature", post(shop::feature))
        .route(
            "/operator/shops/{slug}/domains/verify",
            post(shop::verify_domain),
        )
        .route("/operator/shops/{slug}/export", get(shop::export))
        .route(
            "/operator/shops/{slug}/delete",
            get(shop::delete_form).post(shop::delete_shop),
        )
        .route(
            "/operator/plans",
            get(plans::plans).post(plans::create_plan),
        )
        .route(
            "/operator/plans/{id}",
            get(plans::plan_form).post(plans::update_plan),
        )
        .route("/operator/plans/{id}/default", post(plans::make_default))
        .route(
            "/operator/settings",
            get(settings::settings_form).post(settings::save_settings),
        )
        .route("/operator/tax", get(tax::tax_form).post(tax::save_tax))
        .route("/operator/billing", get(billing::billing))
        .route(
            "/operator/billing/settings",
            get(billing::settings_form).post(billing::save_identity),
        )
        .route("/operator/billing/keys", post(billing::save_keys))
        .route("/operator/billing/journal.csv", get(billing::journal_csv))
        .route("/operator/billing/invoices/{number}", get(billing::invoice))
        .route(
            "/operator/currencies",
            get(currencies::rates_form).post(currencies::save_rates),
        )
}

/// What the console layout needs: who is signed in, where they are, a confirmation to show.
pub struct OpNav {
    pub current: &'static str,
    pub email: String,
    pub flash: Option<String>,
}

impl OpNav {
    fn new(op: &OperatorAuth, current: &'static str) -> OpNav {
        OpNav {
            current,
            email: op.email.clone(),
            flash: None,
        }
    }
    fn signed_out() -> OpNav {
        OpNav {
            current: "login",
            email: String::new(),
            flash: None,
        }
    }
    fn flash(mut self, f: Option<String>) -> OpNav {
        self.flash = f;
        self
    }
}

fn unprocessable(html: Html<String>) -> Response {
    (StatusCode::UNPROCESSABLE_ENTITY, html).into_response()
}

fn date(ts: i64) -> String {
    chrono::DateTime::from_timestamp(ts, 0)
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

fn storage_label(c: &Ctx, bytes: i64) -> String {
    if bytes < 0 {
        c.t("op-unlimited")
    } else {
        c.t1("op-size-mb", "size", &(bytes / MIB).to_string())
    }
}

fn status_label(c: &Ctx, status: &str) -> String {
    if status == store::shop::STATUS_SUSPENDED {
        c.t("op-status-suspended")
    } else {
        c.t("op-status-active")
    }
}

pub struct PlanOption {
    pub id: String,
    pub name: String,
    pub selected: bool,
}

fn plan_options(plans: &[store::plan::Plan], selected: &str) -> Vec<PlanOption> {
    plans
        .iter()
        .map(|p| PlanOption {
            id: p.id.to_string(),
            name: p.name.clone(),
            selected: p.id.to_string() == selected,
        })
        .collect()
}
