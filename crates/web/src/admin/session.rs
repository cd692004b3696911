//! Signing in and out of a shop's admin, "log out everywhere", and password resets by e-mail.
//! Logins are rate limited per account and per address.

use crate::extract::{Form, Path, Query};
use askama::Template;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use domain::account::{Email, Password};
use serde::Deserialize;

use crate::app::shop_path;
use crate::auth::{self, StaffAuth};
use crate::cookies;
use crate::ctx::Ctx;
use crate::error::{AppError, AppResult};
use crate::forms::Errors;
use crate::limits;
use crate::mail::Mail;
use crate::platform::render;
use crate::state::AppState;
use crate::tenant::Tenant;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(&shop_path("/admin/login"), get(login_form).post(login))
        .route(&shop_path("/admin/logout"), post(logout))
        .route(
            &shop_path("/admin/logout-everywhere"),
            post(logout_everywhere),
        )
        .route(&shop_path("/admin/forgot"), get(forgot_form).post(forgot))
        .route(
            &shop_path("/admin/reset/{token}"),
            get(reset_form).post(reset),
        )
}

/// The name of a staff account for the sign-in limits.
pub fn staff_account(shop_id: store::id::ShopId, email: &str) -> String {
    format!("staff:{shop_id}:{}", email.to_lowercase())
}

/// The account reached its ceiling of attempts: its holder (if it exists) gets a link that
/// lets them in whatever strangers keep trying (a reset link, which signs in).
async fn send_unlock_link(st: &AppState, t: &Tenant, email: &str) -> AppResult<()> {
    let mut tx = st.store.begin().await?;
    if let Some(staff) = store::account::staff_by_email(&mut tx, t.id(), email).await? {
        let link = reset_link(st, t, &mut tx, staff.id).await?;
        let lang =
            domain::locale::Lang::parse(&t.shop.default_lang).unwrap_or(domain::locale::Lang::Fr);
        let msg = Mail {
            i18n: &st.i18n,
            lang,
            brand: &staff_brand(st, t),
        }
        .sign_in_paused(&staff.email, &link);
        store::outbox::enqueue_email(&mut tx, Some(t.id()), &msg).await?;
    }
    store::commit(tx).await?;
    Ok(())
}

/// A fresh password-reset link for this staff member, to put in an e-mail.
async fn reset_link(
    st: &AppState,
    t: &Tenant,
    tx: &mut store::Conn,
    staff_id: i64,
) -> AppResult<String> {
    let token = store::account::create_reset(tx, t.id(), staff_id).await?;
    Ok(format!(
        "{}{}",
        link_root(st, t),
        t.url(&format!("/admin/reset/{token}"))
    ))
}

pub fn session_cookie_path(t: &Tenant) -> String {
    format!("{}/", t.base)
}

/// The answer that signs a staff member in: the session cookie, then a redirect to `to`.
pub fn signed_in(
    st: &AppState,
    headers: &HeaderMap,
    t: &Tenant,
    session: &str,
    to: &str,
) -> Response {
    let cookie = cookies::set(
        cookies::STAFF,
        session,
        &session_cookie_path(t),
        None,
        auth::is_https(headers, st),
    );
    ([(header::SET_COOKIE, cookie)], Redirect::to(to)).into_response()
}

/// Only a path inside this shop may follow a login (no open redirect).
fn safe_next(t: &Tenant, next: Option<&str>) -> String {
    match next {
        Some(n)
            if n.starts_with(&format!("{}/", t.base))
                && !n.starts_with("//")
                && !n.contains('\\') =>
        {
            n.to_string()
        }
        _ => t.url("/admin/"),
    }
}

#[derive(Template)]
#[template(path = "admin/login.html")]
struct LoginPage {
    c: Ctx,
    shop_name: String,
    next: String,
    email: String,
    error: Option<String>,
    info: Option<String>,
}

#[derive(Deserialize, Default)]
struct LoginQuery {
    next: Option<String>,
    reset: Option<String>,
}

async fn login_form(t: Tenant, c: Ctx, Query(q): Query<LoginQuery>) -> AppResult<Html<String>> {
    let info = q.reset.as_ref().map(|_| c.t("reset-done"));
    render(LoginPage {
        shop_name: t.shop.name.clone(),
        next: safe_next(&t, q.next.as_deref()),
        email: String::new(),
        error: None,
        info,
        c,
    })
}

#[derive(Deserialize)]
struct LoginForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    next: Option<String>,
}

async fn login(
    State(st): State<AppState>,
    t: Tenant,
    c: Ctx,
    headers: HeaderMap,
    peer: auth::Peer,
    Form(f): Form<LoginForm>,
) -> AppResult<Response> {
    let too_long = domain::account::check_sign_in(&f.email, &f.password).err();
    // An over-long address is not echoed back into the page.
    let email = match too_long {
        None => f.email.trim().to_lowercase(),
        Some(_) => String::new(),
    };
    let ip = auth::client_ip(&headers, peer.0, &st.config);
    let account = staff_account(t.id(), &email);
    let attempt = limits::Login::new(&account, &ip, true);
    let next = safe_next(&t, f.next.as_deref());
    let page = |c: Ctx, error: String, status: StatusCode| -> AppResult<Response> {
        Ok((
            status,
            render(LoginPage {
                shop_name: t.shop.name.clone(),
                next: next.clone(),
                email: email.clone(),
                error: Some(error),
                info: None,
                c,
            })?,
        )
            .into_response())
    };
    if let Some(e) = too_long {
        // Longer than any account's: refused before anything is counted, stored or hashed.
        let msg = c.err(&e);
        return page(c, msg, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let verdict = attempt.attempt(&st.store).await?;
    if verdict != limits::Verdict::Allowed {
        if verdict == limits::Verdict::CeilingReached {
            tracing::warn!(
                shop_id = t.id().get(),
                "sign-in paused for an account after too many attempts"
            );
            send_unlock_link(&st, &t, &email).await?;
        } else {
            tracing::warn!(shop_id = t.id().get(), "login rate limited");
        }
        let msg = c.t("login-rate-limited");
        return page(c, msg, StatusCode::TOO_MANY_REQUESTS);
    }
    let staff = {
        let mut conn = st.store.reader().await?;
        store::account::staff_by_email(&mut conn, t.id(), &email).await?
    };
    let ok = crate::password::verify(
        &f.password,
        staff.as_ref().map(|s| s.password_hash.as_str()),
    )
    .await;
    let Some(staff) = staff.filter(|_| ok) else {
        let msg = c.t("login-failed");
        return page(c, msg, StatusCode::UNAUTHORIZED);
    };
    if t.shop.is_suspended() && staff.role != "owner" {
        return Err(AppError::Closed);
    }
    let mut tx = st.store.begin().await?;
    attempt.succeeded(&mut tx).await?;
    let (token, _) = store::account::create_session(&mut tx, t.id(), staff.id).await?;
    store::commit(tx).await?;
    Ok(signed_in(&st, &headers, &t, &token, &next))
}

async fn logout(State(st): State<AppState>, t: Tenant, headers: HeaderMap) -> AppResult<Response> {
    if let Some(token) = cookies::get(&headers, cookies::STAFF) {
        let mut tx = st.store.begin().await?;
        store::account::delete_session(&mut tx, t.id(), &token).await?;
        store::commit(tx).await?;
    }
    let cookie = cookies::clear(
        cookies::STAFF,
        &session_cookie_path(&t),
        auth::is_https(&headers, &st),
    );
    Ok((
        [(header::SET_COOKIE, cookie)],
        Redirect::to(&t.url("/admin/login")),
    )
        .into_response())
}

async fn logout_everywhere(
    State(st): State<AppState>,
    a: StaffAuth,
    headers: HeaderMap,
) -> AppResult<Response> {
    let mut tx = st.store.begin().await?;
    store::account::delete_sessions_of(&mut tx, a.shop_id(), a.staff.id).await?;
    store::commit(tx).await?;
    let cookie = cookies::clear(
        cookies::STAFF,
        &session_cookie_path(&a.tenant),
        auth::is_https(&headers, &st),
    );
    Ok((
        [(header::SET_COOKIE, cookie)],
        Redirect::to(&a.tenant.url("/admin/login")),
    )
        .into_response())
}

#[derive(Template)]
#[template(path = "admin/forgot.html")]
struct ForgotPage {
    c: Ctx,
    shop_name: String,
    sent: bool,
    error: Option<String>,
}

async fn forgot_form(t: Tenant, c: Ctx) -> AppResult<Html<String>> {
    render(ForgotPage {
        shop_name: t.shop.name.clone(),
        sent: false,
        error: None,
        c,
    })
}

#[derive(Deserialize)]
struct ForgotForm {
    #[serde(default)]
    email: String,
}

/// Always answers "if this account exists, we sent a link", so the form cannot be used to find
/// out who has an account.
async fn forgot(
    State(st): State<AppState>,
    t: Tenant,
    c: Ctx,
    headers: HeaderMap,
    peer: auth::Peer,
    Form(f): Form<ForgotForm>,
) -> AppResult<Response> {
    let Ok(email) = Email::parse(&f.email) else {
        let error = Some(c.t("err-email-invalid"));
        return Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            render(ForgotPage {
                shop_name: t.shop.name.clone(),
                sent: false,
                error,
                c,
            })?,
        )
            .into_response());
    };
    let ip = auth::client_ip(&headers, peer.0, &st.config);
    let mut tx = st.store.begin().await?;
    // Past the limit the answer stays the same; only the e-mail is not sent.
    if limits::reset_request(&mut tx, &ip).await? {
        if let Some(staff) = store::account::staff_by_email(&mut tx, t.id(), email.as_str()).await?
        {
            let link = reset_link(&st, &t, &mut tx, staff.id).await?;
            let msg = Mail {
                i18n: &st.i18n,
                lang: c.lang,
                brand: &staff_brand(&st, &t),
            }
            .password_reset(&staff.email, &link);
            store::outbox::enqueue_email(&mut tx, Some(t.id()), &msg).await?;
        }
    }
    store::commit(tx).await?;
    Ok(render(ForgotPage {
        shop_name: t.shop.name.clone(),
        sent: true,
        error: None,
        c,
    })?
    .into_response())
}

/// The scheme and host for links in e-mails: the platform's public address locally, the shop's
/// own host when it has one.
/// How the shop's e-mails to its staff look, their links on [`link_root`].
pub fn staff_brand(st: &AppState, t: &Tenant) -> crate::mail::Brand {
    crate::mail::Brand::of(&t.shop, &format!("{}{}", link_root(st, t), t.base))
}

pub fn link_root(st: &AppState, t: &Tenant) -> String {
    if t.base.is_empty() {
        match &st.config.platform_domain {
            Some(d) => format!(
                "{}://{}.{}",
                if st.config.secure_cookies {
                    "https"
                } else {
                    "http"
                },
                t.shop.slug,
                d
            ),
            None => st.config.public_url.clone(),
        }
    } else {
        st.config.public_url.clone()
    }
}

#[derive(Template)]
#[template(path = "admin/set_password.html")]
pub struct SetPasswordPage {
    pub c: Ctx,
    pub shop_name: String,
    pub heading: String,
    pub lead: Option<String>,
    pub action: String,
    pub submit: String,
    pub ask_name: bool,
    pub name: String,
    pub errors: Errors,
}

async fn reset_form(
    State(st): State<AppState>,
    t: Tenant,
    c: Ctx,
    Path((_, token)): Path<(String, String)>,
) -> AppResult<Response> {
    let mut conn = st.store.reader().await?;
    if store::account::reset_staff(&mut conn, t.id(), &token)
        .await?
        .is_none()
    {
        return Err(AppError::BadRequest("reset-invalid"));
    }
    Ok(render(reset_page(&t, c, &token, Errors::default()))?.into_response())
}

fn reset_page(t: &Tenant, c: Ctx, token: &str, errors: Errors) -> SetPasswordPage {
    SetPasswordPage {
        shop_name: t.shop.name.clone(),
        heading: c.t("reset-title"),
        lead: None,
        action: t.url(&format!("/admin/reset/{token}")),
        submit: c.t("reset-submit"),
        ask_name: false,
        name: String::new(),
        errors,
        c,
    }
}

#[derive(Deserialize)]
struct ResetForm {
    #[serde(default)]
    password: String,
}

/// A new password ends every open session of the account, opens password sign-in again if
/// strangers had paused it, and signs its holder in (the link proved who they are, and the
/// link must get them in even while strangers keep guessing).
async fn reset(
    State(st): State<AppState>,
    t: Tenant,
    c: Ctx,
    headers: HeaderMap,
    Path((_, token)): Path<(String, String)>,
    Form(f): Form<ResetForm>,
) -> AppResult<Response> {
    let mut errors = Errors::default();
    let Some(pw) = errors.check(&c, "password", Password::parse(&f.password)) else {
        return Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            render(reset_page(&t, c, &token, errors))?,
        )
            .into_response());
    };
    let hash = crate::password::hash(pw.expose()).await?;
    let mut tx = st.store.begin().await?;
    let Some(staff_id) = store::account::reset_staff(&mut tx, t.id(), &token).await? else {
        return Err(AppError::BadRequest("reset-invalid"));
    };
    store::account::set_password(&mut tx, t.id(), staff_id, &hash).await?;
    store::account::use_reset(&mut tx, t.id(), &token).await?;
    store::account::delete_sessions_of(&mut tx, t.id(), staff_id).await?;
    let staff = store::account::staff_by_id(&mut tx, t.id(), staff_id).await?;
    limits::release_account(&mut tx, &staff_account(t.id(), &staff.email)).await?;
    if t.shop.is_suspended() && staff.role != "owner" {
        store::commit(tx).await?;
        return Ok(Redirect::to(&t.url("/admin/login?reset=1")).into_response());
    }
    let (session, _) = store::account::create_session(&mut tx, t.id(), staff_id).await?;
    store::commit(tx).await?;
    Ok(signed_in(&st, &headers, &t, &session, &t.url("/admin/")))
}
