//! CSRF protection for every state-changing request: the form (or the `X-CSRF-Token` header)
//! must carry the token of the visitor's `vitrine_csrf` cookie, and a browser's Origin must be
//! this host. Done once, before any handler, so no form can forget it.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};

use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::{header, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::cookies;
use crate::error::AppError;
use crate::state::AppState;

/// The visitor's token, for templates to put in forms (`{{ c.csrf }}`). A visitor without a
/// token cookie gets one only once a page actually shows a form: pages without forms set no
/// cookie, so they stay the same for every visitor (and cacheable).
#[derive(Clone)]
pub struct CsrfToken(Arc<Slot>);

struct Slot {
    /// The token of the visitor's cookie, if it carried a well-formed one.
    known: Option<String>,
    /// Made on first use for a visitor without one.
    minted: OnceLock<String>,
    /// Whether a page has shown the token (a page showing it must not be shared).
    shown: AtomicBool,
}

impl CsrfToken {
    fn new(known: Option<String>) -> CsrfToken {
        CsrfToken(Arc::new(Slot {
            known,
            minted: OnceLock::new(),
            shown: AtomicBool::new(false),
        }))
    }

    /// The token for a page to show (minted now if the visitor had none).
    pub fn value(&self) -> &str {
        self.0.shown.store(true, Ordering::Relaxed);
        self.current()
    }

    fn current(&self) -> &str {
        match &self.0.known {
            Some(t) => t,
            None => self.0.minted.get_or_init(|| store::new_token().0),
        }
    }

    /// Whether the response being made has shown the token.
    pub fn shown(&self) -> bool {
        self.0.shown.load(Ordering::Relaxed)
    }
}

impl Default for CsrfToken {
    fn default() -> Self {
        CsrfToken::new(None)
    }
}

impl std::fmt::Display for CsrfToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.value())
    }
}

pub const FIELD: &str = "_csrf";
/// An ordinary form: names, e-mail addresses, a few sentences.
pub const FORM_MAX: usize = 64 * 1024;
/// Forms with long texts in each of a shop's languages (product descriptions).
pub const LONG_FORM_MAX: usize = 1024 * 1024;
/// Uploads (pictures, CSV imports): their handlers check the file's own limit.
pub const UPLOAD_MAX: usize = 12 * 1024 * 1024;

/// Routes whose forms carry long texts.
const LONG_FORMS: &[&str] = &[
    "/s/{slug}/admin/products/new",
    "/s/{slug}/admin/products/{id}",
    "/s/{slug}/admin/collections/{id}",
];
/// Routes that receive files (multipart), whose token is read ahead of the file.
const UPLOADS: &[&str] = &[
    "/s/{slug}/admin/products/{id}/images",
    "/s/{slug}/admin/products/{id}/file",
    "/s/{slug}/admin/products/import",
    "/s/{slug}/admin/appearance/logo",
];

/// How much of a body may be read for this route: every byte read is held in memory, so a
/// form that takes names and e-mail addresses does not read megabytes.
fn body_limit(route: Option<&str>, multipart: bool) -> usize {
    match route {
        Some(r) if multipart && UPLOADS.contains(&r) => UPLOAD_MAX,
        Some(r) if !multipart && LONG_FORMS.contains(&r) => LONG_FORM_MAX,
        _ => FORM_MAX,
    }
}

pub async fn protect(State(st): State<AppState>, req: Request, next: Next) -> Response {
    let (mut parts, body) = req.into_parts();
    // Like the session cookie: Secure behind an https proxy too, not only with `secure_cookies`.
    let secure = crate::auth::is_https(&parts.headers, &st);
    let existing = cookies::get(&parts.headers, cookies::CSRF)
        .filter(|t| t.len() == 64 && t.bytes().all(|b| b.is_ascii_hexdigit()));
    let fresh = existing.is_none();
    let token = CsrfToken::new(existing);
    parts.extensions.insert(token.clone());

    let unsafe_method = !matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS);
    let route = parts
        .extensions
        .get::<axum::extract::MatchedPath>()
        .map(|p| p.as_str().to_string());
    let req = if unsafe_method && route.as_deref().is_some_and(|r| TOKENLESS.contains(&r)) {
        // Posted from pages that are the same for every visitor (cached): no token to compare,
        // so a browser must say the form is this site's own.
        if !same_site_browser(&parts) {
            return AppError::Csrf.into_response();
        }
        match to_bytes(body, FORM_MAX).await {
            Ok(b) => Request::from_parts(parts, Body::from(b)),
            Err(_) => return AppError::FormTooLarge.into_response(),
        }
    } else if unsafe_method {
        if !origin_ok(&parts) {
            return AppError::Csrf.into_response();
        }
        let header_token = parts
            .headers
            .get("x-csrf-token")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let multipart = parts
            .headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|ct| ct.starts_with("multipart/form-data"));
        let route = parts
            .extensions
            .get::<axum::extract::MatchedPath>()
            .map(|p| p.as_str());
        let limit = body_limit(route, multipart);
        let (submitted, body) = if multipart && header_token.is_none() {
            // Uploads may be larger than any form (digital products' files): read only as far
            // as the token, which our forms send first, and pass the rest on as it streams.
            match token_ahead(&parts.headers, body, limit).await {
                Ok(found) => found,
                Err(()) => return AppError::TooLarge.into_response(),
            }
        } else if multipart {
            // The token came in a header: the body streams on, up to the handler's limit.
            (header_token, body)
        } else {
            let bytes = match to_bytes(body, limit).await {
                Ok(b) => b,
                Err(_) => return AppError::FormTooLarge.into_response(),
            };
            let submitted = header_token.or_else(|| submitted_token(&parts.headers, &bytes));
            (submitted, Body::from(bytes))
        };
        // A visitor without a token cookie cannot have submitted its token.
        if fresh || submitted.as_deref() != Some(token.current()) {
            return AppError::Csrf.into_response();
        }
        Request::from_parts(parts, body)
    } else {
        Request::from_parts(parts, body)
    };
    let mut res = next.run(req).await;
    if let Some(minted) = token.0.minted.get() {
        res.headers_mut().append(
            header::SET_COOKIE,
            cookies::set(cookies::CSRF, minted, "/", None, secure),
        );
    }
    res
}

/// Forms posted without a token: "add to cart" on product pages (see `shopper::cart`).
const TOKENLESS: &[&str] = &[
    crate::shopper::ADD_ROUTE,
    crate::storefront::interest::ASK_ROUTE,
];

/// Whether the request comes from a page of this site, as the browser tells: `Sec-Fetch-Site:
/// same-origin`, else an Origin of this host. A request that says neither is refused (every
/// browser of the last years sends one of them with a form; scripts use the API).
fn same_site_browser(parts: &axum::http::request::Parts) -> bool {
    match parts
        .headers
        .get("sec-fetch-site")
        .and_then(|v| v.to_str().ok())
    {
        Some("same-origin") => return true,
        Some(_) => return false,
        None => {}
    }
    parts.headers.contains_key(header::ORIGIN) && origin_ok(parts)
}

fn origin_ok(parts: &axum::http::request::Parts) -> bool {
    let Some(origin) = parts
        .headers
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
    else {
        return true; // Non-browser clients send none; the token still has to match.
    };
    if origin == "null" {
        return false;
    }
    let host = parts
        .headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    origin.split("://").nth(1) == Some(host)
}

/// Reads a multipart body until its `_csrf` field is complete (at most `limit` bytes), and
/// gives back the token with a body that replays what was read, then streams the rest.
async fn token_ahead(
    headers: &axum::http::HeaderMap,
    body: Body,
    limit: usize,
) -> Result<(Option<String>, Body), ()> {
    use futures_util::StreamExt;
    let mut stream = body.into_data_stream();
    let mut head: Vec<u8> = Vec::new();
    let needle = format!("name=\"{FIELD}\"");
    // Where to look next, so that a long body is scanned once, not once per chunk.
    let mut from = 0;
    let found = loop {
        match find(&head[from..], needle.as_bytes()) {
            Some(at) => {
                from += at;
                if let Some(t) = submitted_token(headers, &head[from..]) {
                    break Some(t);
                }
            }
            None => from = head.len().saturating_sub(needle.len()),
        }
        if head.len() > limit {
            return Err(());
        }
        match stream.next().await {
            Some(Ok(chunk)) => head.extend_from_slice(&chunk),
            Some(Err(_)) => return Err(()),
            None => break None,
        }
    };
    let first =
        futures_util::stream::once(
            async move { Ok::<_, axum::Error>(axum::body::Bytes::from(head)) },
        );
    Ok((found, Body::from_stream(first.chain(stream))))
}

/// The `_csrf` field of a urlencoded or multipart body.
fn submitted_token(headers: &axum::http::HeaderMap, body: &[u8]) -> Option<String> {
    let ct = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if ct.starts_with("application/x-www-form-urlencoded") {
        return form_urlencoded_field(body, FIELD);
    }
    if ct.starts_with("multipart/form-data") {
        let needle = format!("name=\"{FIELD}\"");
        let pos = find(body, needle.as_bytes())?;
        let after = &body[pos..];
        let start = find(after, b"\r\n\r\n")? + 4;
        let value = &after[start..];
        let end = find(value, b"\r\n")?;
        return std::str::from_utf8(&value[..end]).ok().map(str::to_string);
    }
    None
}

fn form_urlencoded_field(body: &[u8], name: &str) -> Option<String> {
    let s = std::str::from_utf8(body).ok()?;
    s.split('&')
        .filter_map(|kv| kv.split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}
