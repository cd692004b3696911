//! Operations endpoints: liveness, readiness (database reachable, migrations applied), metrics.

use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;

use sha2::{Digest, Sha256};

use crate::error::AppError;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics))
}

async fn readyz(State(st): State<AppState>) -> impl IntoResponse {
    if !st.store.ping().await {
        return (StatusCode::SERVICE_UNAVAILABLE, "database unreachable");
    }
    if !store::migrate::is_up_to_date(&st.store).await {
        return (StatusCode::SERVICE_UNAVAILABLE, "migrations pending");
    }
    (StatusCode::OK, "ready")
}

/// Who may read the metrics: a request made on this machine that came through no proxy, or
/// one carrying the configured bearer token. They tell load, routes and queue depths, which are
/// nobody else's business.
fn may_read_metrics(
    st: &AppState,
    headers: &HeaderMap,
    peer: Option<std::net::SocketAddr>,
) -> bool {
    if let Some(expected) = &st.config.metrics_token {
        let given = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim);
        if let Some(given) = given {
            // Compared as digests: the time taken says nothing about how much of it matched.
            return Sha256::digest(given.as_bytes()) == Sha256::digest(expected.as_bytes());
        }
    }
    // A proxy on this machine passes the public's requests on from loopback, adding this header.
    peer.is_some_and(|p| p.ip().is_loopback()) && !headers.contains_key("x-forwarded-for")
}

async fn metrics(
    State(st): State<AppState>,
    headers: HeaderMap,
    peer: crate::auth::Peer,
) -> Result<impl IntoResponse, AppError> {
    if !may_read_metrics(&st, &headers, peer.0) {
        return Err(AppError::Forbidden);
    }
    let (depth, failed, shops) = match st.store.reader().await {
        Ok(mut c) => (
            store::outbox::depth(&mut c).await.unwrap_or(-1),
            store::outbox::failed_count(&mut c).await.unwrap_or(-1),
            store::shop::count(&mut c).await.unwrap_or(-1),
        ),
        Err(_) => (-1, -1, -1),
    };
    let body = st.metrics.render(&[
        (
            "vitrine_outbox_depth",
            "Outbox jobs waiting to be done.",
            depth,
        ),
        (
            "vitrine_outbox_failed",
            "Outbox jobs given up after every retry.",
            failed,
        ),
        ("vitrine_shops", "Shops on this platform.", shops),
    ]);
    Ok(([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], body))
}
