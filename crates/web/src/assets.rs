//! Static assets embedded in the binary, served under a content-hashed query so browsers may
//! keep them for a year.

use crate::extract::Path;
use std::sync::OnceLock;

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use sha2::{Digest, Sha256};

use crate::state::AppState;

const FILES: &[(&str, &str, &str)] = &[
    (
        "app.css",
        "text/css; charset=utf-8",
        include_str!("../assets/app.css"),
    ),
    (
        "cart.js",
        "text/javascript; charset=utf-8",
        include_str!("../assets/cart.js"),
    ),
    (
        "fx.js",
        "text/javascript; charset=utf-8",
        include_str!("../assets/fx.js"),
    ),
    (
        "pay.js",
        "text/javascript; charset=utf-8",
        include_str!("../assets/pay.js"),
    ),
    (
        "signup.js",
        "text/javascript; charset=utf-8",
        include_str!("../assets/signup.js"),
    ),
];

fn hashes() -> &'static Vec<String> {
    static H: OnceLock<Vec<String>> = OnceLock::new();
    H.get_or_init(|| {
        FILES
            .iter()
            .map(|(_, _, body)| hex::encode(&Sha256::digest(body.as_bytes())[..6]))
            .collect()
    })
}

/// The address of an asset, with its content hash.
pub fn url(name: &str) -> String {
    match FILES.iter().position(|(n, _, _)| *n == name) {
        Some(i) => format!("/assets/{name}?v={}", hashes()[i]),
        None => format!("/assets/{name}"),
    }
}

pub fn routes() -> Router<AppState> {
    Router::new().route("/assets/{name}", get(serve))
}

async fn serve(Path(name): Path<String>) -> Response {
    match FILES.iter().find(|(n, _, _)| *n == name) {
        Some((_, ct, body)) => (
            [
                (header::CONTENT_TYPE, *ct),
                (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
            ],
            *body,
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}
