//! Operations endpoints: liveness, readiness (database reachable, migrations applied), metrics.

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;

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

async fn metrics(State(st): State<AppState>) -> impl IntoResponse {
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
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], body)
}
