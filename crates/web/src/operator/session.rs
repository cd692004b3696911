//! Signing in to the operator console and out of it.

use crate::extract::{Form, Query};
use askama::Template;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::OpNav;
use crate::auth;
use crate::cookies;
use crate::ctx::Ctx;
use crate::error::AppResult;
use crate::limits;
use crate::platform::render;
use crate::state::AppState;

const COOKIE_PATH: &str = "/operator";

/// Only a path inside the console may follow a login (no open redirect).
fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with("/operator/") && !n.contains('\\') && !n.contains("//") => {
            n.to_string()
        }
        _ => "/operator/".to_string(),
    }
}

#[derive(Template)]
#[template(path = "operator/login.html")]
struct LoginPage {
    c: Ctx,
    nav: OpNav,
    next: String,
    email: String,
    error: Option<String>,
}

#[derive(Deserialize, Default)]
pub(super) struct LoginQuery {
    next: Option<String>,
}

pub(super) async fn login_form(c: Ctx, Query(q): Query<LoginQuery>) -> AppResult<Html<String>> {
    render(LoginPage {
        c,
        nav: OpNav::signed_out(),
        next: safe_next(q.next.as_deref()),
        email: String::new(),
        error: None,
    })
}

#[derive(Deserialize)]
pub(super) struct LoginForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    next: Option<String>,
}

pub(super) async fn login(
    State(st): State<AppState>,
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
    // No ceiling per account here: the operator has no e-mail link to get back in with, so
    // strangers spread over many addresses must not be able to lock the console.
    let attempt = limits::Login::new(&format!("op:{email}"), &ip, false);
    let next = safe_next(f.next.as_deref());
    let page = |c: Ctx, error: String, status: StatusCode| -> AppResult<Response> {
        Ok((
            status,
            render(LoginPage {
                c,
                nav: OpNav::signed_out(),
                next: next.clone(),
                email: email.clone(),
                error: Some(error),
            })?,
        )
            .into_response())
    };
    if let Some(e) = too_long {
        // Longer than any account's: refused before anything is counted, stored or hashed.
        let msg = c.err(&e);
        return page(c, msg, StatusCode::UNPROCESSABLE_ENTITY);
    }
    if attempt.attempt(&st.store).await? != limits::Verdict::Allowed {
        tracing::warn!("operator login rate limited");
        let msg = c.t("op-login-rate-limited");
        return page(c, msg, StatusCode::TOO_MANY_REQUESTS);
    }
    let operator = {
        let mut conn = st.store.reader().await?;
        store::operator::by_email(&mut conn, &email).await?
    };
    let ok = crate::password::verify(
        &f.password,
        operator.as_ref().map(|o| o.password_hash.as_str()),
    )
    .await;
    let Some(operator) = operator.filter(|_| ok) else {
        let msg = c.t("op-login-failed");
        return page(c, msg, StatusCode::UNAUTHORIZED);
    };
    let mut tx = st.store.begin().await?;
    attempt.succeeded(&mut tx).await?;
    let (token, _) = store::operator::create_session(&mut tx, operator.id).await?;
    store::commit(tx).await?;
    tracing::info!(operator_id = operator.id, "operator signed in");
    let cookie = cookies::set(
        cookies::OPERATOR,
        &token,
        COOKIE_PATH,
        None,
        auth::is_https(&headers, &st),
    );
    Ok(([(header::SET_COOKIE, cookie)], Redirect::to(&next)).into_response())
}

pub(super) async fn logout(State(st): State<AppState>, headers: HeaderMap) -> AppResult<Response> {
    if let Some(token) = cookies::get(&headers, cookies::OPERATOR) {
        let mut tx = st.store.begin().await?;
        store::operator::delete_session(&mut tx, &token).await?;
        store::commit(tx).await?;
    }
    let cookie = cookies::clear(
        cookies::OPERATOR,
        COOKIE_PATH,
        auth::is_https(&headers, &st),
    );
    Ok((
        [(header::SET_COOKIE, cookie)],
        Redirect::to("/operator/login"),
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_console_paths_follow_a_login() {
        assert_eq!(safe_next(Some("/operator/plans")), "/operator/plans");
        assert_eq!(safe_next(Some("https://evil.example/")), "/operator/");
        assert_eq!(safe_next(Some("/operator//evil.example")), "/operator/");
        assert_eq!(safe_next(Some("/s/shop/admin/")), "/operator/");
        assert_eq!(safe_next(None), "/operator/");
    }
}
