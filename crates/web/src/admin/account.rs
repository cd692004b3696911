//! Shop admin: the signed-in person's own account — their name, their password (changing it ends
//! their other sessions) and their open sessions ("log out everywhere" lives in session.rs).

use crate::extract::{Form, Query};
use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use domain::account::{Password, PersonName};
use serde::Deserialize;

use super::staff::role_label;
use super::Nav;
use crate::app::shop_path;
use crate::auth::{self, StaffAuth};
use crate::ctx::Ctx;
use crate::error::AppResult;
use crate::forms::Errors;
use crate::limits;
use crate::platform::render;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(&shop_path("/admin/account"), get(page))
        .route(&shop_path("/admin/account/name"), post(save_name))
        .route(&shop_path("/admin/account/password"), post(change_password))
}

#[derive(Template)]
#[template(path = "admin/account.html")]
struct Page {
    c: Ctx,
    nav: Nav,
    shop_name: String,
    name: String,
    email: String,
    role_label: String,
    sessions_text: String,
    errors: Errors,
}

#[derive(Deserialize, Default)]
struct Flash {
    saved: Option<String>,
    password: Option<String>,
}

async fn view(st: &AppState, a: &StaffAuth, c: Ctx, flash: Option<String>) -> AppResult<Page> {
    let sessions = {
        let mut conn = st.store.reader().await?;
        store::account::count_sessions_of(&mut conn, a.shop_id(), a.staff.id).await?
    };
    Ok(Page {
        nav: Nav::new(a, "account").with_flash(flash),
        shop_name: a.tenant.shop.name.clone(),
        name: a.staff.name.clone(),
        email: a.staff.email.clone(),
        role_label: role_label(&c, &a.staff.role),
        sessions_text: c.t1("account-sessions-count", "count", &sessions.to_string()),
        errors: Errors::default(),
        c,
    })
}

async fn page(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    Query(q): Query<Flash>,
) -> AppResult<Response> {
    let flash = if q.password.is_some() {
        Some(c.t("account-password-changed"))
    } else {
        q.saved.as_ref().map(|_| c.t("admin-saved"))
    };
    Ok(render(view(&st, &a, c, flash).await?)?.into_response())
}

#[derive(Deserialize)]
struct NameForm {
    #[serde(default)]
    name: String,
}

async fn save_name(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    Form(f): Form<NameForm>,
) -> AppResult<Response> {
    let mut errors = Errors::default();
    let Some(name) = errors.check(&c, "name", PersonName::parse(&f.name)) else {
        let mut p = view(&st, &a, c, None).await?;
        p.name = f.name;
        p.errors = errors;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(p)?).into_response());
    };
    let mut tx = st.store.begin().await?;
    store::account::set_staff_name(&mut tx, a.shop_id(), a.staff.id, name.as_str()).await?;
    store::commit(tx).await?;
    Ok(Redirect::to(&a.tenant.url("/admin/account?saved=1")).into_response())
}

#[derive(Deserialize)]
struct PasswordForm {
    #[serde(default)]
    current: String,
    #[serde(default)]
    password: String,
}

/// Needs the current password, so that someone who finds a session open cannot take the
/// account over. Wrong guesses count against the same limit as wrong logins.
async fn change_password(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    headers: HeaderMap,
    peer: auth::Peer,
    Form(f): Form<PasswordForm>,
) -> AppResult<Response> {
    let shop_id = a.shop_id();
    let ip = auth::client_ip(&headers, peer.0, &st.config);
    // Same counters as the sign-in form, without the account's ceiling: the person is
    // signed in, pausing sign-in would only lock them out.
    let attempt = limits::Login::new(
        &crate::admin::session::staff_account(shop_id, &a.staff.email),
        &ip,
        false,
    );
    let mut errors = Errors::default();
    let mut status = StatusCode::UNPROCESSABLE_ENTITY;
    if attempt.attempt(&st.store).await? != limits::Verdict::Allowed {
        errors.add("current", c.t("account-rate-limited"));
        status = StatusCode::TOO_MANY_REQUESTS;
    } else if !crate::password::verify(&f.current, Some(&a.staff.password_hash)).await {
        errors.add("current", c.t("account-password-wrong"));
    } else {
        let mut tx = st.store.begin().await?;
        attempt.succeeded(&mut tx).await?;
        store::commit(tx).await?;
    }
    let new = errors.check(&c, "password", Password::parse(&f.password));
    let (Some(new), true) = (new, errors.is_empty()) else {
        let mut p = view(&st, &a, c, None).await?;
        p.errors = errors;
        return Ok((status, render(p)?).into_response());
    };
    let hash = crate::password::hash(new.expose()).await?;
    let mut tx = st.store.begin().await?;
    store::account::set_password(&mut tx, shop_id, a.staff.id, &hash).await?;
    let ended =
        store::account::delete_other_sessions(&mut tx, shop_id, a.staff.id, &a.token).await?;
    store::commit(tx).await?;
    tracing::info!(
        shop_id = shop_id.get(),
        staff_id = a.staff.id,
        ended,
        "password changed, other sessions ended"
    );
    Ok(Redirect::to(&a.tenant.url("/admin/account?password=1")).into_response())
}
