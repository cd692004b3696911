//! Errors of the web layer, mapped to responses in one place: a friendly page in the visitor's
//! language for HTML, problem details for the API. A visitor never sees a stack trace.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("forbidden")]
    Forbidden,
    /// The shop is suspended: shoppers see "temporarily closed".
    #[error("closed")]
    Closed,
    /// A message id (already translated text is passed as `BadRequestText`).
    #[error("bad request: {0}")]
    BadRequest(&'static str),
    #[error("bad request: {0}")]
    BadRequestText(String),
    /// A request whose query, form, body or path could not be read (the message id says which).
    #[error("rejected request: {1}")]
    Rejected(StatusCode, &'static str),
    #[error("too many requests")]
    TooManyRequests,
    /// The body is larger than any form of ours accepts.
    #[error("payload too large")]
    TooLarge,
    /// A form's body is larger than the form can hold (see `csrf::body_limit`).
    #[error("form too large")]
    FormTooLarge,
    #[error("csrf")]
    Csrf,
    #[error("internal error: {0}")]
    Internal(#[from] anyhow::Error),
}

impl From<store::StoreError> for AppError {
    fn from(e: store::StoreError) -> Self {
        match e {
            store::StoreError::NotFound => AppError::NotFound,
            other => AppError::Internal(other.into()),
        }
    }
}

impl From<app::Error> for AppError {
    fn from(e: app::Error) -> Self {
        match e {
            app::Error::Store(e) => e.into(),
            // A refusal its handler did not expect: a bug of ours, not the visitor's doing.
            app::Error::Refused(v) => AppError::Internal(anyhow::anyhow!("refused: {}", v.code)),
        }
    }
}

/// What the error renderer needs to draw the page; carried as a response extension.
#[derive(Debug, Clone)]
pub struct ErrorPage {
    pub title_id: &'static str,
    pub message_id: &'static str,
    pub text: Option<String>,
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, title_id, message_id, text) = match &self {
            AppError::NotFound => (
                StatusCode::NOT_FOUND,
                "error-404-title",
                "error-404-text",
                None,
            ),
            AppError::Forbidden => (
                StatusCode::FORBIDDEN,
                "error-403-title",
                "error-403-text",
                None,
            ),
            AppError::Closed => (
                StatusCode::SERVICE_UNAVAILABLE,
                "closed-title",
                "closed-text",
                None,
            ),
            AppError::BadRequest(id) => (StatusCode::BAD_REQUEST, "error-400-title", *id, None),
            AppError::Rejected(status, id) => (*status, "error-400-title", *id, None),
            AppError::BadRequestText(t) => (
                StatusCode::BAD_REQUEST,
                "error-400-title",
                "error-400-text",
                Some(t.clone()),
            ),
            AppError::TooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "error-413-title",
                "error-too-large",
                None,
            ),
            AppError::FormTooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "error-413-title",
                "error-form-too-large",
                None,
            ),
            AppError::TooManyRequests => (
                StatusCode::TOO_MANY_REQUESTS,
                "error-429-title",
                "error-429-text",
                None,
            ),
            AppError::Csrf => (
                StatusCode::FORBIDDEN,
                "error-csrf-title",
                "error-csrf-text",
                None,
            ),
            AppError::Internal(e) => {
                tracing::error!(error = %e, "internal error");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "error-500-title",
                    "error-500-text",
                    None,
                )
            }
        };
        let mut res = status.into_response();
        res.extensions_mut().insert(ErrorPage {
            title_id,
            message_id,
            text,
        });
        res
    }
}

pub type AppResult<T> = Result<T, AppError>;
