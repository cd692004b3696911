//! The language switch: remembers the visitor's choice in a cookie, on the platform and in shops.

use crate::extract::Query;
use axum::extract::State;
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::cookies;
use crate::state::AppState;

#[derive(Deserialize)]
pub(super) struct Next {
    next: Option<String>,
}

pub(super) async fn switch_lang(
    st: State<AppState>,
    crate::extract::Path(code): crate::extract::Path<String>,
    q: Query<Next>,
    h: HeaderMap,
) -> Response {
    lang_redirect(&st, &code, q.0.next, &h)
}

pub(super) async fn switch_lang_shop(
    st: State<AppState>,
    crate::extract::Path((_, code)): crate::extract::Path<(String, String)>,
    q: Query<Next>,
    h: HeaderMap,
) -> Response {
    lang_redirect(&st, &code, q.0.next, &h)
}

/// Remembers the visitor's language choice and goes back where they were (only ever to a path
/// on this site, never elsewhere).
fn lang_redirect(st: &AppState, code: &str, next: Option<String>, headers: &HeaderMap) -> Response {
    let Ok(lang) = domain::locale::Lang::parse(code) else {
        return crate::error::AppError::NotFound.into_response();
    };
    let next = next
        .filter(|n| n.starts_with('/') && !n.starts_with("//") && !n.contains('\\'))
        .unwrap_or_else(|| "/".into());
    let secure = crate::auth::is_https(headers, st);
    let cookie = cookies::set(
        cookies::LANG,
        lang.as_str(),
        "/",
        Some(365 * 24 * 3600),
        secure,
    );
    ([(header::SET_COOKIE, cookie)], Redirect::to(&next)).into_response()
}
