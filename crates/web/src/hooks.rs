//! Webhooks in: what payment providers post to a shop (`/hooks/{provider}` on the shop's host,
//! `/s/{shop}/hooks/{provider}` locally). They carry no cookie and are not forms: they sit
//! outside the CSRF layer. Stripe's are trusted only once their signature checks out against
//! the shop's own secret; Mollie's carry a payment id alone, which is asked of Mollie with the
//! shop's key (`app::payment`).
//!
//! Answers follow what providers expect: 2xx once taken (or when there is nothing to do, so
//! that the provider stops sending it), 400 for a forged, altered or stale message, 503 when the
//! provider could not be asked back (it retries later).

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;

use crate::app::shop_path;
use crate::state::AppState;
use crate::tenant::Tenant;

/// Stripe's events are a few kilobytes; nothing legitimate comes near this.
const BODY_MAX: usize = 256 * 1024;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(&shop_path("/hooks/stripe"), post(stripe))
        .route(&shop_path("/hooks/mollie"), post(mollie))
        .layer(DefaultBodyLimit::max(BODY_MAX))
}

async fn stripe(
    State(st): State<AppState>,
    t: Tenant,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let signature = headers
        .get("stripe-signature")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let origin = crate::storefront::origin(&st, &t, &headers);
    let mail = crate::mail::order_change(&st, &t, &origin);
    let done = app::payment::stripe_webhook(
        &st.store,
        &st.payments,
        &t.shop,
        signature,
        &body,
        store::now(),
        mail,
    )
    .await;
    match done {
        Ok(Ok(outcome)) => {
            tracing::info!(?outcome, "Stripe webhook");
            (StatusCode::OK, "ok").into_response()
        }
        Ok(Err(refusal)) => {
            tracing::warn!(?refusal, "Stripe webhook refused");
            (StatusCode::BAD_REQUEST, "refused").into_response()
        }
        Err(app::Error::Refused(e)) => {
            // Stripe could not be asked back: it sends the event again later.
            tracing::warn!(code = e.code, "Stripe webhook not handled now");
            (StatusCode::SERVICE_UNAVAILABLE, "retry later").into_response()
        }
        Err(e) => {
            tracing::error!(error = %e, "Stripe webhook");
            (StatusCode::SERVICE_UNAVAILABLE, "retry later").into_response()
        }
    }
}

async fn mollie(
    State(st): State<AppState>,
    t: Tenant,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let origin = crate::storefront::origin(&st, &t, &headers);
    let mail = crate::mail::order_change(&st, &t, &origin);
    match app::payment::mollie_webhook(&st.store, &st.payments, &t.shop, &body, mail).await {
        Ok(outcome) => {
            tracing::info!(?outcome, "Mollie webhook");
            (StatusCode::OK, "ok").into_response()
        }
        Err(e) => {
            // Mollie could not be asked back: it calls again later.
            tracing::warn!(error = %e, "Mollie webhook not handled now");
            (StatusCode::SERVICE_UNAVAILABLE, "retry later").into_response()
        }
    }
}
