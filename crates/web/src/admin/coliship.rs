//! Shop admin: the orders to ship by Colissimo as a ColiShip import file, and the import profile
//! that tells ColiShip how to read it (see `app::coliship` for the layout and what it is based
//! on). Linked from the orders list.

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use crate::app::shop_path;
use crate::auth::StaffAuth;
use crate::error::AppResult;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(&shop_path("/admin/orders/export/coliship.csv"), get(orders))
        .route(
            &shop_path("/admin/orders/export/coliship.fmt"),
            get(profile),
        )
}

fn download(content_type: &str, name: String, body: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        body,
    )
        .into_response()
}

async fn orders(State(st): State<AppState>, a: StaffAuth) -> AppResult<Response> {
    let parcels = app::coliship::to_ship(&st.store, &a.tenant.shop)
        .await
        .map_err(super::shipping::app_error)?;
    let date = chrono::Utc::now().format("%Y-%m-%d");
    Ok(download(
        "text/csv; charset=windows-1252",
        format!("coliship-{}-{date}.csv", a.tenant.shop.slug),
        app::coliship::csv(&parcels),
    ))
}

async fn profile(a: StaffAuth) -> AppResult<Response> {
    Ok(download(
        "text/plain; charset=windows-1252",
        format!("vitrine-{}.fmt", a.tenant.shop.slug),
        app::coliship::windows_1252(&app::coliship::profile()),
    ))
}
