//! Wiring: the router of every face, and the middleware every request goes through
//! (request id and logs, metrics, security headers, tenant resolution, CSRF, error pages).

use std::time::Instant;

use askama::Template;
use axum::extract::{DefaultBodyLimit, MatchedPath, Request, State};
use axum::http::{header, HeaderValue};
use axum::middleware::{from_fn, from_fn_with_state, Next};
use axum::response::{Html, IntoResponse, Response};
use axum::Router;
use tower::ServiceBuilder;
use tracing::Instrument;

use crate::error::ErrorPage;
use crate::state::AppState;
use crate::{admin, api, assets, csrf, operator, ops, page_cache, platform, storefront, tenant};

/// Prefix of every shop route; host-based requests are rewritten to it before routing.
pub const SHOP: &str = "/s/{slug}";

pub fn shop_path(p: &str) -> String {
    format!("{SHOP}{p}")
}

/// The whole application as a service, ready for `axum::serve`.
pub fn service(
    state: AppState,
) -> impl tower::Service<
    Request,
    Response = Response,
    Error = std::convert::Infallible,
    Future = impl Send,
> + Clone
       + Send
       + 'static {
    let router = Router::new()
        .merge(ops::routes())
        .merge(assets::routes())
        .merge(
            platform::routes()
                .route_layer(from_fn_with_state(state.clone(), page_cache::serve_mall)),
        )
        .merge(operator::routes())
        .merge(
            storefront::routes().route_layer(from_fn_with_state(state.clone(), page_cache::serve)),
        )
        .merge(crate::shopper::routes())
        .merge(crate::download::routes())
        .merge(crate::invoices::routes())
        .merge(admin::routes())
        .merge(api::routes())
        .fallback(|| async { crate::error::AppError::NotFound })
        .layer(from_fn(tag_route))
        .layer(from_fn_with_state(state.clone(), csrf::protect))
        // The csrf layer has read (and bounded) every form's body; uploads raise this limit on
        // their own routes.
        .layer(DefaultBodyLimit::max(csrf::LONG_FORM_MAX))
        // The store API reads no cookie (a cart is named by its token in the address): no
        // ambient authority for a forged request to ride on, so it sits outside the CSRF layer.
        .merge(api::store_api::routes().layer(from_fn(tag_route)))
        // Providers' webhooks carry no cookie either, and are trusted on their signature alone.
        .merge(crate::hooks::routes().layer(from_fn(tag_route)))
        .merge(storefront::one_click_routes().layer(from_fn(tag_route)))
        .with_state(state.clone());
    ServiceBuilder::new()
        .layer(from_fn_with_state(state.clone(), observe))
        .layer(from_fn(security_headers))
        .layer(from_fn_with_state(state.clone(), render_errors))
        .layer(from_fn_with_state(state, tenant::resolve))
        .service(router)
}

/// The route that answered, for metrics and logs (set on the response).
#[derive(Clone)]
pub(crate) struct RouteName(pub(crate) MatchedPath);

async fn tag_route(req: Request, next: Next) -> Response {
    let route = req.extensions().get::<MatchedPath>().cloned();
    let mut res = next.run(req).await;
    if let Some(r) = route {
        res.extensions_mut().insert(RouteName(r));
    }
    res
}

/// Request id, a span carrying it (and the shop id once known), one log line per request, metrics.
async fn observe(State(st): State<AppState>, mut req: Request, next: Next) -> Response {
    let start = Instant::now();
    let incoming = req
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .filter(|v| {
            st.config.trust_proxy
                && v.len() <= 64
                && v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
        .map(str::to_string);
    let id = incoming.unwrap_or_else(|| format!("{:016x}", rand::random::<u64>()));
    let id = HeaderValue::from_str(&id).expect("hex or checked above");
    let method = req.method().clone();
    let uri = req.uri().clone();
    let span = tracing::info_span!("request", request_id = %id.to_str().unwrap_or_default(), %method, path = uri.path(), shop_id = tracing::field::Empty, staff_id = tracing::field::Empty);
    req.headers_mut().insert("x-request-id", id.clone());
    let mut res = next.run(req).instrument(span.clone()).await;
    let elapsed = start.elapsed();
    let status = res.status().as_u16();
    let route = res
        .extensions()
        .get::<RouteName>()
        .map(|r| r.0.as_str())
        .unwrap_or("unmatched");
    st.metrics.observe(
        route,
        crate::metrics::method_label(&method),
        status,
        elapsed,
    );
    span.in_scope(|| {
        tracing::info!(status, route = %route, ms = elapsed.as_secs_f64() * 1000.0, "request");
    });
    res.headers_mut().insert("x-request-id", id);
    res
}

/// Every page's Content-Security-Policy: nothing but our own scripts, styles and fonts.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; \
     connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

/// A card payment page's: ours, plus Stripe's script, its frames (the card field, 3-D Secure)
/// and its API, from the configured addresses.
pub(crate) fn pay_csp(config: &crate::config::Config) -> HeaderValue {
    let js = crate::config::Config::origin_of(&config.stripe_js);
    let api = crate::config::Config::origin_of(&config.stripe_api);
    let csp = format!(
        "default-src 'self'; script-src 'self' {js}; style-src 'self'; img-src 'self' data:; font-src 'self'; \
         connect-src 'self' {api}; frame-src {js} https://hooks.stripe.com; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    );
    // The addresses were checked when the configuration was read (no spaces, quotes or ';').
    HeaderValue::from_str(&csp).unwrap_or_else(|_| HeaderValue::from_static(CSP))
}

async fn security_headers(req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    // A page that needs more (the card payment page) sets its own.
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP),
        );
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        "permissions-policy",
        HeaderValue::from_static("camera=(), microphone=(), geolocation=()"),
    );
    res
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorTemplate {
    lang: &'static str,
    title: String,
    message: String,
    home: String,
    home_label: String,
    css: String,
}

/// Turns an [`ErrorPage`] marker into a page in the visitor's language (or JSON on the API).
async fn render_errors(State(st): State<AppState>, req: Request, next: Next) -> Response {
    // Kept for an error page only: header values and the URI are shared, not copied (the
    // cookie is copied only when the visitor has one).
    let accept = req.headers().get(header::ACCEPT_LANGUAGE).cloned();
    let cookie = crate::cookies::get(req.headers(), crate::cookies::LANG);
    let uri = req.uri().clone();
    let res = next.run(req).await;
    let Some(page) = res.extensions().get::<ErrorPage>().cloned() else {
        return res;
    };
    let path = uri.path();
    let status = res.status();
    // A storefront address in a language (`/en/p/…`) is answered in it, as its page would be.
    let lang = lang_in_path(path).unwrap_or_else(|| {
        crate::i18n::choose(
            cookie.as_deref(),
            accept.as_ref().and_then(|v| v.to_str().ok()),
            domain::locale::Lang::all(),
            domain::locale::Lang::Fr,
        )
    });
    let message = page
        .text
        .clone()
        .unwrap_or_else(|| st.i18n.t(lang, page.message_id));
    let title = st.i18n.t(lang, page.title_id);
    if path.contains("/api/") {
        return api::problem(status, &message);
    }
    // Inside a shop that exists, "back" leads to its home; otherwise to the platform home.
    let home = match (
        status.as_u16(),
        path.strip_prefix("/s/").and_then(|r| r.split('/').next()),
    ) {
        (503 | 403 | 400 | 429, Some(slug)) => format!("/s/{slug}/"),
        _ => "/".to_string(),
    };
    let body = ErrorTemplate {
        lang: lang.as_str(),
        title,
        message,
        home,
        home_label: st.i18n.t(lang, "error-back-home"),
        css: assets::url("app.css"),
    }
    .render()
    .unwrap_or_else(|_| "error".into());
    let mut out = (status, Html(body)).into_response();
    for (k, v) in res.headers() {
        if k == header::SET_COOKIE || k == header::RETRY_AFTER {
            out.headers_mut().append(k.clone(), v.clone());
        }
    }
    out
}

/// The language part of a storefront address: `/en/…` on a shop's own host, `/s/{slug}/en/…`.
fn lang_in_path(path: &str) -> Option<domain::locale::Lang> {
    let mut segments = path.split('/').filter(|s| !s.is_empty());
    let mut first = segments.next()?;
    if first == "s" {
        segments.next()?;
        first = segments.next()?;
    }
    domain::locale::Lang::all()
        .iter()
        .copied()
        .find(|l| l.as_str() == first)
}

/// Serves until `shutdown` resolves, then finishes the requests in flight (see `server`).
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    crate::server::serve(listener, state, shutdown).await
}
