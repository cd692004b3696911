//! Shop admin: payment methods. Bank transfer (on by default) needs the seller's IBAN and BIC,
//! checked before they are shown to shoppers. Card payment goes through the seller's own Stripe
//! account: its keys are typed here, sealed at rest, and never shown again but masked.

use crate::extract::{Form, Query};
use askama::Template;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
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
    Router::new()
        .route(&shop_path("/admin/payments"), get(page).post(save))
        .route(&shop_path("/admin/payments/stripe"), post(save_stripe))
        .route(
            &shop_path("/admin/payments/stripe/remove"),
            post(remove_stripe),
        )
        .route(&shop_path("/admin/payments/mollie"), post(save_mollie))
        .route(
            &shop_path("/admin/payments/mollie/remove"),
            post(remove_mollie),
        )
}

/// The Mollie part of the page: whether a key is saved (shown masked) and used.
struct MollieBox {
    connected: bool,
    enabled: bool,
    key_hint: String,
    unreadable: bool,
    errors: Errors,
}

async fn mollie_box(st: &AppState, a: &StaffAuth) -> AppResult<MollieBox> {
    let s = app::payment::account_settings(&st.store, &st.payments, a.shop_id(), "mollie").await?;
    Ok(MollieBox {
        connected: s.connected,
        enabled: s.enabled,
        key_hint: s.secret_key_hint,
        unreadable: s.unreadable,
        errors: Errors::default(),
    })
}

/// The Stripe part of the page: what is saved (secrets masked) or what was typed.
struct StripeBox {
    connected: bool,
    enabled: bool,
    publishable_key: String,
    secret_hint: String,
    has_webhook_secret: bool,
    unreadable: bool,
    /// The address to give Stripe for this shop's webhook.
    webhook_url: String,
    errors: Errors,
}

async fn stripe_box(st: &AppState, a: &StaffAuth, headers: &HeaderMap) -> AppResult<StripeBox> {
    let s =
        app::payment::account_settings(&st.store, &st.payments, a.shop_id(), app::payment::STRIPE)
            .await?;
    let origin = crate::storefront::origin(st, &a.tenant, headers);
    Ok(StripeBox {
        connected: s.connected,
        enabled: s.enabled,
        publishable_key: s.publishable_key,
        secret_hint: s.secret_key_hint,
        has_webhook_secret: s.has_webhook_secret,
        unreadable: s.unreadable,
        webhook_url: format!("{origin}{}", a.tenant.url("/hooks/stripe")),
        errors: Errors::default(),
    })
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
    /// Days an unpaid transfer order waits before it is cancelled and its stock comes back.
    cancel_days: String,
    /// Cheques (to the legal name and address of the legal notice) and payment on collection.
    cheque: bool,
    pickup_cash: bool,
    errors: Errors,
    stripe: StripeBox,
    mollie: MollieBox,
}

async fn page(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    headers: HeaderMap,
    Query(q): Query<Saved>,
) -> AppResult<Html<String>> {
    a.require(can_payments)?;
    let flash = q.flash(&c);
    let mut page = saved_page(&st, &a, c, &headers).await?;
    page.nav = page.nav.with_flash(flash);
    render(page)
}

/// The page as saved.
async fn saved_page(st: &AppState, a: &StaffAuth, c: Ctx, headers: &HeaderMap) -> AppResult<Page> {
    let stripe = stripe_box(st, a, headers).await?;
    let mollie = mollie_box(st, a).await?;
    let mut conn = st.store.reader().await?;
    let methods = store::payment::list(&mut conn, a.shop_id()).await?;
    let bank = methods.iter().find(|m| m.code == "bank_transfer");
    let on = |code: &str| methods.iter().any(|m| m.code == code && m.enabled != 0);
    let (cheque, pickup_cash) = (on("cheque"), on("pickup_cash"));
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
    Ok(Page {
        nav: Nav::new(a, "payments"),
        shop_name: a.tenant.shop.name.clone(),
        enabled: bank.is_some_and(|b| b.enabled != 0),
        holder: s("holder"),
        iban: Iban::parse(&s("iban"))
            .map(|i| i.formatted())
            .unwrap_or_else(|_| s("iban")),
        bic: s("bic"),
        cancel_days: settings
            .get("cancel_after_days")
            .and_then(|v| v.as_i64())
            .unwrap_or(app::order::UNPAID_DAYS)
            .to_string(),
        cheque,
        pickup_cash,
        errors: Errors::default(),
        stripe,
        mollie,
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
    #[serde(default)]
    cancel_days: String,
    cheque: Option<String>,
    pickup_cash: Option<String>,
}

async fn save(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    headers: HeaderMap,
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
    let cancel_days = match f.cancel_days.trim() {
        "" => Some(app::order::UNPAID_DAYS),
        d => d.parse::<i64>().ok().filter(|d| (1..=90).contains(d)),
    };
    if cancel_days.is_none() {
        errors.add("cancel_days", c.t("payments-cancel-days-invalid"));
    }
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
            cancel_days: f.cancel_days,
            cheque: f.cheque.is_some(),
            pickup_cash: f.pickup_cash.is_some(),
            errors,
            stripe: stripe_box(&st, &a, &headers).await?,
            mollie: mollie_box(&st, &a).await?,
            c,
        };
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(page)?).into_response());
    }
    let settings = json!({
        "holder": holder,
        "iban": iban.map(|i| i.as_str().to_string()).unwrap_or_default(),
        "bic": bic.unwrap_or_default(),
        "cancel_after_days": cancel_days.unwrap_or(app::order::UNPAID_DAYS),
    });
    let mut tx = st.store.begin().await?;
    store::payment::upsert(&mut tx, a.shop_id(), "bank_transfer", enabled, &settings).await?;
    for (code, on) in [
        ("cheque", f.cheque.is_some()),
        ("pickup_cash", f.pickup_cash.is_some()),
    ] {
        store::payment::upsert(&mut tx, a.shop_id(), code, on, &json!({})).await?;
    }
    store::commit(tx).await?;
    Ok(Redirect::to(&a.tenant.url("/admin/payments?saved=1")).into_response())
}

#[derive(Deserialize)]
struct StripeForm {
    enabled: Option<String>,
    #[serde(default)]
    publishable_key: String,
    #[serde(default)]
    secret_key: String,
    #[serde(default)]
    webhook_secret: String,
}

/// The form field a refusal of the Stripe keys is about.
fn stripe_field(code: &str) -> &'static str {
    match code {
        "stripe-publishable-key-invalid" => "publishable_key",
        "stripe-secret-key-invalid" | "stripe-keys-mixed" => "secret_key",
        _ => "webhook_secret",
    }
}

async fn save_stripe(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    headers: HeaderMap,
    Form(f): Form<StripeForm>,
) -> AppResult<Response> {
    a.require(can_payments)?;
    let keys = app::payment::StripeKeys {
        publishable_key: &f.publishable_key,
        secret_key: &f.secret_key,
        webhook_secret: &f.webhook_secret,
        enabled: f.enabled.is_some(),
    };
    match app::payment::save_stripe_keys(&st.store, &st.payments, a.shop_id(), &keys).await {
        Ok(()) => Ok(Redirect::to(&a.tenant.url("/admin/payments?saved=1")).into_response()),
        Err(app::Error::Refused(e)) => {
            let mut stripe = stripe_box(&st, &a, &headers).await?;
            // What was typed comes back, except the secrets (never written into a page).
            stripe.publishable_key = f.publishable_key.trim().to_string();
            stripe.enabled = f.enabled.is_some();
            stripe.errors.add(stripe_field(e.code), c.err(&e));
            let mut page = saved_page(&st, &a, c, &headers).await?;
            page.stripe = stripe;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(page)?).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

async fn remove_stripe(State(st): State<AppState>, a: StaffAuth) -> AppResult<Response> {
    a.require(can_payments)?;
    app::payment::remove_account(&st.store, a.shop_id(), app::payment::STRIPE).await?;
    Ok(Redirect::to(&a.tenant.url("/admin/payments?saved=1")).into_response())
}

#[derive(Deserialize)]
struct MollieForm {
    enabled: Option<String>,
    #[serde(default)]
    api_key: String,
}

async fn save_mollie(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    headers: HeaderMap,
    Form(f): Form<MollieForm>,
) -> AppResult<Response> {
    a.require(can_payments)?;
    let enabled = f.enabled.is_some();
    match app::payment::save_mollie_key(&st.store, &st.payments, a.shop_id(), &f.api_key, enabled)
        .await
    {
        Ok(()) => Ok(Redirect::to(&a.tenant.url("/admin/payments?saved=1")).into_response()),
        Err(app::Error::Refused(e)) => {
            let mut mollie = mollie_box(&st, &a).await?;
            mollie.enabled = enabled;
            mollie.errors.add("api_key", c.err(&e));
            let mut page = saved_page(&st, &a, c, &headers).await?;
            page.mollie = mollie;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(page)?).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

async fn remove_mollie(State(st): State<AppState>, a: StaffAuth) -> AppResult<Response> {
    a.require(can_payments)?;
    app::payment::remove_account(&st.store, a.shop_id(), app::payment::MOLLIE).await?;
    Ok(Redirect::to(&a.tenant.url("/admin/payments?saved=1")).into_response())
}
