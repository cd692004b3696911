//! The customer account: sign up, sign in (rate limited like the admin's), sign out, forgotten
//! password, and the account page (orders with "order again", addresses, name, language and
//! password). The rules are `app::customer`'s; a signed-in customer's cart is theirs on every
//! device (see `app::cart::Owner`).

use askama::Template;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use domain::locale::Lang;
use serde::Deserialize;
use store::customer::Customer;

use super::cart::{count_cookie, internal};
use super::Who;
use crate::app::shop_path;
use crate::ctx::Ctx;
use crate::error::{AppError, AppResult};
use crate::extract::{Form, Path, Query};
use crate::forms::Errors;
use crate::mail::Mail;
use crate::state::AppState;
use crate::storefront::origin;
use crate::tenant::Tenant;
use crate::{auth, cookies, limits};

/// The customer's session cookie: HttpOnly, for this shop's pages only.
pub(super) const SESSION_COOKIE: &str = "vitrine_customer";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(&shop_path("/account"), get(super::account_page::home))
        .route(&shop_path("/account/signup"), get(signup_form).post(signup))
        .route(&shop_path("/account/login"), get(login_form).post(login))
        .route(&shop_path("/account/logout"), post(logout))
        .route(&shop_path("/account/forgot"), get(forgot_form).post(forgot))
        .route(
            &shop_path("/account/reset/{token}"),
            get(reset_form).post(reset),
        )
        .route(
            &shop_path("/account/profile"),
            post(super::account_page::profile),
        )
        .route(
            &shop_path("/account/password"),
            post(super::account_page::password),
        )
        .route(
            &shop_path("/account/addresses/new"),
            get(super::account_page::new_address).post(super::account_page::create_address),
        )
        .route(
            &shop_path("/account/addresses/{id}"),
            get(super::account_page::edit_address).post(super::account_page::update_address),
        )
        .route(
            &shop_path("/account/addresses/{id}/delete"),
            post(super::account_page::delete_address),
        )
        .route(
            &shop_path("/account/addresses/{id}/default"),
            post(super::account_page::default_address),
        )
        .route(
            &shop_path("/account/orders/{number}/reorder"),
            post(super::account_page::reorder),
        )
}

pub(super) fn private() -> [(header::HeaderName, &'static str); 2] {
    [
        (header::CACHE_CONTROL, "private, no-store"),
        (header::HeaderName::from_static("x-robots-tag"), "noindex"),
    ]
}

pub(super) fn page(status: StatusCode, t: impl Template) -> AppResult<Response> {
    let html = t.render().map_err(|e| AppError::Internal(e.into()))?;
    Ok((status, private(), Html(html)).into_response())
}

fn cookie_path(t: &Tenant) -> String {
    format!("{}/", t.base)
}

/// Only a path inside this shop may follow a sign-in (no open redirect).
fn safe_next(c: &Ctx, next: Option<&str>) -> String {
    let root = c.shop_root();
    match next {
        Some(n)
            if n.starts_with(&format!("{root}/"))
                && n.starts_with('/')
                && !n.starts_with("//")
                && !n.contains('\\') =>
        {
            n.to_string()
        }
        _ => format!("{root}/account"),
    }
}

/// The answer that signs a customer in: the session cookie, the cart count (their cart may
/// have grown by the one they had as a guest), then a redirect.
async fn signed_in(
    st: &AppState,
    t: &Tenant,
    headers: &HeaderMap,
    done: &app::customer::SignedIn,
    to: &str,
) -> AppResult<Response> {
    let owner = app::cart::Owner {
        token: None,
        customer: Some(done.customer),
    };
    let count = app::cart::view(&st.store, &t.shop, owner, "")
        .await
        .map_err(internal)?
        .map_or(0, |c| c.count);
    let secure = auth::is_https(headers, st);
    let mut res = Redirect::to(to).into_response();
    res.headers_mut().append(
        header::SET_COOKIE,
        cookies::set(
            SESSION_COOKIE,
            &done.session,
            &cookie_path(t),
            Some(store::customer::SESSION_SECONDS),
            secure,
        ),
    );
    res.headers_mut()
        .append(header::SET_COOKIE, count_cookie(st, headers, t, count));
    Ok(res)
}

/// The signed-in customer, or the sign-in page that comes back here afterwards.
pub(super) fn require(c: &Ctx, who: Who, back: &str) -> Result<Customer, Redirect> {
    match who.customer {
        Some(cu) => Ok(cu),
        None => Err(Redirect::to(&format!(
            "{}/account/login?next={}",
            c.shop_root(),
            crate::ctx::urlencode(&format!("{}{back}", c.shop_root()))
        ))),
    }
}

// ---- sign up / sign in / sign out -------------------------------------------------------------

#[derive(Template)]
#[template(path = "shopper/account_signup.html")]
struct SignupPage {
    c: Ctx,
    next: String,
    email: String,
    name: String,
    errors: Errors,
    error: Option<String>,
}

#[derive(Deserialize, Default)]
struct NextQuery {
    next: Option<String>,
}

async fn signup_form(c: Ctx, Query(q): Query<NextQuery>) -> AppResult<Response> {
    page(
        StatusCode::OK,
        SignupPage {
            next: safe_next(&c, q.next.as_deref()),
            email: String::new(),
            name: String::new(),
            errors: Errors::default(),
            error: None,
            c,
        },
    )
}

#[derive(Deserialize)]
struct SignupForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    password: String,
    next: Option<String>,
}

async fn signup(
    State(st): State<AppState>,
    t: Tenant,
    c: Ctx,
    headers: HeaderMap,
    peer: auth::Peer,
    who: Who,
    Form(f): Form<SignupForm>,
) -> AppResult<Response> {
    let next = safe_next(&c, f.next.as_deref());
    let s = app::customer::SignUp {
        email: &f.email,
        name: &f.name,
        password: &f.password,
        lang: c.lang,
    };
    let mut errors = Errors::default();
    for (field, e) in app::customer::check_sign_up(&s) {
        errors.add(field, c.err(&e));
    }
    let again = |c: Ctx, errors: Errors, error: Option<String>, status| {
        page(
            status,
            SignupPage {
                next: next.clone(),
                email: f.email.trim().chars().take(200).collect(),
                name: f.name.trim().chars().take(200).collect(),
                errors,
                error,
                c,
            },
        )
    };
    if !errors.is_empty() {
        return again(c, errors, None, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let ip = auth::client_ip(&headers, peer.0, &st.config);
    if !limits::customer_signup(&st.store, &ip).await? {
        let msg = c.t("account-signup-rate-limited");
        return again(c, errors, Some(msg), StatusCode::TOO_MANY_REQUESTS);
    }
    match app::customer::sign_up(&st.store, &t.shop, &s, who.cart_token.as_deref()).await {
        Ok(done) => signed_in(&st, &t, &headers, &done, &next).await,
        Err(app::Error::Refused(e)) => {
            let field = if e.code == "customer-email-taken" {
                "email"
            } else {
                "password"
            };
            errors.add(field, c.err(&e));
            again(c, errors, None, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(e) => Err(internal(e)),
    }
}

#[derive(Template)]
#[template(path = "shopper/account_login.html")]
struct LoginPage {
    c: Ctx,
    next: String,
    email: String,
    error: Option<String>,
    info: Option<String>,
}

async fn login_form(c: Ctx, who: Who, Query(q): Query<NextQuery>) -> AppResult<Response> {
    let next = safe_next(&c, q.next.as_deref());
    if who.customer.is_some() {
        return Ok(Redirect::to(&next).into_response());
    }
    page(
        StatusCode::OK,
        LoginPage {
            next,
            email: String::new(),
            error: None,
            info: None,
            c,
        },
    )
}

#[derive(Deserialize)]
struct LoginForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    next: Option<String>,
}

/// The name of a customer account for the sign-in limits.
pub(super) fn customer_account(t: &Tenant, email: &str) -> String {
    format!("customer:{}:{}", t.id(), email.trim().to_lowercase())
}

async fn login(
    State(st): State<AppState>,
    t: Tenant,
    c: Ctx,
    headers: HeaderMap,
    peer: auth::Peer,
    who: Who,
    Form(f): Form<LoginForm>,
) -> AppResult<Response> {
    let next = safe_next(&c, f.next.as_deref());
    let too_long = domain::account::check_sign_in(&f.email, &f.password).err();
    let email = match too_long {
        None => f.email.trim().to_lowercase(),
        Some(_) => String::new(),
    };
    let again = |c: Ctx, error: String, status| {
        page(
            status,
            LoginPage {
                next: next.clone(),
                email: email.clone(),
                error: Some(error),
                info: None,
                c,
            },
        )
    };
    if let Some(e) = too_long {
        let msg = c.err(&e);
        return again(c, msg, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let ip = auth::client_ip(&headers, peer.0, &st.config);
    let attempt = limits::Login::new(&customer_account(&t, &email), &ip, false);
    if attempt.attempt(&st.store).await? != limits::Verdict::Allowed {
        tracing::warn!(shop_id = t.id().get(), "customer sign-in rate limited");
        let msg = c.t("login-rate-limited");
        return again(c, msg, StatusCode::TOO_MANY_REQUESTS);
    }
    let done = app::customer::sign_in(
        &st.store,
        &t.shop,
        &email,
        &f.password,
        who.cart_token.as_deref(),
    )
    .await;
    match done {
        Ok(done) => {
            let mut conn = st.store.begin().await?;
            attempt.succeeded(&mut conn).await?;
            store::commit(conn).await?;
            signed_in(&st, &t, &headers, &done, &next).await
        }
        Err(app::Error::Refused(e)) => {
            let msg = c.err(&e);
            again(c, msg, StatusCode::UNAUTHORIZED)
        }
        Err(e) => Err(internal(e)),
    }
}

async fn logout(
    State(st): State<AppState>,
    t: Tenant,
    c: Ctx,
    headers: HeaderMap,
    who: Who,
) -> AppResult<Response> {
    if let Some(tok) = &who.session {
        app::customer::sign_out(&st.store, t.id(), tok)
            .await
            .map_err(internal)?;
    }
    let secure = auth::is_https(&headers, &st);
    let mut res = Redirect::to(&format!("{}/", c.shop_root())).into_response();
    res.headers_mut().append(
        header::SET_COOKIE,
        cookies::clear(SESSION_COOKIE, &cookie_path(&t), secure),
    );
    // Their cart stays theirs: this device shows an empty one.
    res.headers_mut()
        .append(header::SET_COOKIE, count_cookie(&st, &headers, &t, 0));
    Ok(res)
}

// ---- forgotten password ------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "shopper/account_forgot.html")]
struct ForgotPage {
    c: Ctx,
    sent: bool,
    error: Option<String>,
}

async fn forgot_form(c: Ctx) -> AppResult<Response> {
    page(
        StatusCode::OK,
        ForgotPage {
            sent: false,
            error: None,
            c,
        },
    )
}

#[derive(Deserialize)]
struct ForgotForm {
    #[serde(default)]
    email: String,
}

async fn forgot(
    State(st): State<AppState>,
    t: Tenant,
    c: Ctx,
    headers: HeaderMap,
    peer: auth::Peer,
    Form(f): Form<ForgotForm>,
) -> AppResult<Response> {
    let ip = auth::client_ip(&headers, peer.0, &st.config);
    let allowed = {
        let mut conn = st.store.begin().await?;
        let ok = limits::reset_request(&mut conn, &ip).await?;
        store::commit(conn).await?;
        ok
    };
    if !allowed {
        let msg = c.t("login-rate-limited");
        return page(
            StatusCode::TOO_MANY_REQUESTS,
            ForgotPage {
                sent: false,
                error: Some(msg),
                c,
            },
        );
    }
    let origin = origin(&st, &t, &headers);
    let base = format!("{origin}{}", c.shop_root());
    let brand = crate::mail::Brand::of(&t.shop, &format!("{origin}{}", t.base));
    let i18n = st.i18n.clone();
    app::customer::request_reset(&st.store, &t.shop, &f.email, |cu, token| {
        let lang = Lang::parse(&cu.lang).unwrap_or(c.lang);
        Mail {
            i18n: &i18n,
            lang,
            brand: &brand,
        }
        .password_reset(&cu.email, &format!("{base}/account/reset/{token}"))
    })
    .await
    .map_err(internal)?;
    page(
        StatusCode::OK,
        ForgotPage {
            sent: true,
            error: None,
            c,
        },
    )
}

#[derive(Template)]
#[template(path = "shopper/account_reset.html")]
struct ResetPage {
    c: Ctx,
    token: String,
    valid: bool,
    error: Option<String>,
}

async fn reset_form(
    State(st): State<AppState>,
    t: Tenant,
    c: Ctx,
    Path((_, token)): Path<(String, String)>,
) -> AppResult<Response> {
    let valid = app::customer::reset_valid(&st.store, t.id(), &token)
        .await
        .map_err(internal)?;
    page(
        if valid {
            StatusCode::OK
        } else {
            StatusCode::NOT_FOUND
        },
        ResetPage {
            token: if valid { token } else { String::new() },
            valid,
            error: None,
            c,
        },
    )
}

#[derive(Deserialize)]
struct ResetForm {
    #[serde(default)]
    password: String,
}

async fn reset(
    State(st): State<AppState>,
    t: Tenant,
    c: Ctx,
    headers: HeaderMap,
    Path((_, token)): Path<(String, String)>,
    Form(f): Form<ResetForm>,
) -> AppResult<Response> {
    match app::customer::reset_password(&st.store, &t.shop, &token, &f.password).await {
        Ok(done) => {
            let to = format!("{}/account", c.shop_root());
            signed_in(&st, &t, &headers, &done, &to).await
        }
        Err(app::Error::Refused(e)) => {
            let valid = e.code != "customer-reset-invalid";
            let msg = c.err(&e);
            page(
                StatusCode::UNPROCESSABLE_ENTITY,
                ResetPage {
                    token: if valid { token } else { String::new() },
                    valid,
                    error: Some(msg),
                    c,
                },
            )
        }
        Err(e) => Err(internal(e)),
    }
}
