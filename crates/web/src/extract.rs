//! The request extractors handlers use: axum's, except that a rejection (a query string, form,
//! JSON body or path that does not parse) becomes an [`AppError`], so it is answered like any
//! other error: a translated page, or a JSON problem on the API, never the framework's text.

use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::error::AppError;

/// A query string (`?page=2`).
pub struct Query<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Query<T> {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, st: &S) -> Result<Self, AppError> {
        match axum::extract::Query::<T>::from_request_parts(parts, st).await {
            Ok(q) => Ok(Query(q.0)),
            Err(e) => Err(AppError::Rejected(e.status(), "error-bad-query")),
        }
    }
}

/// Parameters in the address (`/admin/products/{id}`).
pub struct Path<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for Path<T> {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, st: &S) -> Result<Self, AppError> {
        match axum::extract::Path::<T>::from_request_parts(parts, st).await {
            Ok(p) => Ok(Path(p.0)),
            // An address that does not fit the route's parameters names nothing here.
            Err(_) => Err(AppError::NotFound),
        }
    }
}

/// A urlencoded form body.
pub struct Form<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Form<T> {
    type Rejection = AppError;
    async fn from_request(req: Request, st: &S) -> Result<Self, AppError> {
        match axum::Form::<T>::from_request(req, st).await {
            Ok(f) => Ok(Form(f.0)),
            Err(e) => Err(AppError::Rejected(e.status(), "error-bad-form")),
        }
    }
}

/// A JSON body, or a JSON answer.
pub struct Json<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Json<T> {
    type Rejection = AppError;
    async fn from_request(req: Request, st: &S) -> Result<Self, AppError> {
        match axum::Json::<T>::from_request(req, st).await {
            Ok(j) => Ok(Json(j.0)),
            Err(e) => Err(AppError::Rejected(e.status(), "error-bad-json")),
        }
    }
}

impl<T: Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

/// A multipart body (uploads).
pub struct Multipart(pub axum::extract::Multipart);

impl<S: Send + Sync> FromRequest<S> for Multipart {
    type Rejection = AppError;
    async fn from_request(req: Request, st: &S) -> Result<Self, AppError> {
        match axum::extract::Multipart::from_request(req, st).await {
            Ok(m) => Ok(Multipart(m)),
            Err(e) => Err(AppError::Rejected(e.status(), "error-bad-form")),
        }
    }
}

impl std::ops::Deref for Multipart {
    type Target = axum::extract::Multipart;
    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl std::ops::DerefMut for Multipart {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.0
    }
}
