//! The JSON API (`/api/v1/` on a shop's host): the same store calls as the pages, problem
//! details for errors. The store API for shoppers' fronts is [`store_api`].

pub mod store_api;

use crate::extract::{Json, Path};
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde_json::json;

use crate::access::{can_settings, can_staff};
use crate::app::shop_path;
use crate::auth::ApiStaff;
use crate::error::AppError;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(&shop_path("/api/v1/shop"), get(shop))
        .route(&shop_path("/api/v1/staff"), get(staff_list))
        .route(&shop_path("/api/v1/staff/{id}"), get(staff_one))
}

/// RFC 9457 problem details.
pub fn problem(status: StatusCode, detail: &str) -> Response {
    let body = json!({ "type": "about:blank", "title": status.canonical_reason().unwrap_or(""), "status": status.as_u16(), "detail": detail });
    (
        status,
        [(header::CONTENT_TYPE, "application/problem+json")],
        body.to_string(),
    )
        .into_response()
}

async fn shop(
    State(st): State<AppState>,
    ApiStaff(a): ApiStaff,
) -> Result<Json<serde_json::Value>, AppError> {
    a.require(can_settings)?;
    let mut c = st.store.reader().await?;
    let legal = store::legal::get(&mut c, a.shop_id()).await?;
    let s = &a.tenant.shop;
    Ok(Json(json!({
        "slug": s.slug, "name": s.name, "status": s.status, "default_lang": s.default_lang,
        "languages": s.lang_list(), "currency": s.currency, "timezone": s.timezone,
        "colors": { "primary": s.color_primary, "background": s.color_background, "text": s.color_text },
        "legal": legal,
    })))
}

async fn staff_list(
    State(st): State<AppState>,
    ApiStaff(a): ApiStaff,
) -> Result<Json<serde_json::Value>, AppError> {
    a.require(can_staff)?;
    let mut c = st.store.reader().await?;
    let list = store::account::list_staff(&mut c, a.shop_id()).await?;
    Ok(Json(json!({ "staff": list })))
}

async fn staff_one(
    State(st): State<AppState>,
    ApiStaff(a): ApiStaff,
    Path((_, id)): Path<(String, String)>,
) -> Response {
    if let Err(e) = a.require(can_staff) {
        return e.into_response();
    }
    let Ok(id) = id.parse::<i64>() else {
        return problem(StatusCode::NOT_FOUND, "not found");
    };
    let mut c = match st.store.reader().await {
        Ok(c) => c,
        Err(e) => return AppError::from(e).into_response(),
    };
    match store::account::staff_by_id(&mut c, a.shop_id(), id).await {
        Ok(s) => Json(json!(s)).into_response(),
        Err(store::StoreError::NotFound) => problem(StatusCode::NOT_FOUND, "not found"),
        Err(e) => AppError::from(e).into_response(),
    }
}
