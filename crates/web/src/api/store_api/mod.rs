//! The store API (`/api/store/v1/` on a shop's host): the catalog, guest carts and checkout as
//! JSON for headless fronts and apps, described by `openapi.json` beside this file and served
//! as it is. It calls the use cases the shop's pages call. Nothing here rides on a cookie (a
//! cart is named by its token in the address), so these routes sit outside the cookie CSRF
//! layer. Errors are problem details (RFC 9457) with a `code` and a `detail` in the request's
//! language (`Accept-Language`, else the shop's default).

mod carts;
mod catalog;
mod checkout;

pub use carts::{cart_limit_key, CARTS_PER_ADDRESS, CART_WINDOW_SECONDS};

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, patch, post};
use axum::Router;
use domain::locale::Lang;
use domain::money::{Currency, Money};
use domain::ValidationError;
use serde::de::DeserializeOwned;
use serde_json::{json, Value};

use crate::app::shop_path;
use crate::error::AppError;
use crate::state::AppState;
use crate::tenant::Tenant;

/// The OpenAPI 3.1 description of this API, written by hand: a test checks that every path it
/// names is routed and answers as it says.
pub const OPENAPI: &str = include_str!("openapi.json");

/// The largest body any of these routes reads (a checkout is well under 2 KB).
const BODY_MAX: usize = 16 * 1024;

/// Where the API lives inside a shop.
pub const PREFIX: &str = "/api/store/v1";

fn path(p: &str) -> String {
    shop_path(&format!("{PREFIX}{p}"))
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(&path("/openapi.json"), get(openapi))
        .route(&path("/products"), get(catalog::products))
        .route(&path("/carts"), post(carts::create))
        .route(&path("/carts/{cart}"), get(carts::show))
        .route(&path("/carts/{cart}/lines"), post(carts::add))
        .route(
            &path("/carts/{cart}/lines/{line}"),
            patch(carts::update).delete(carts::remove),
        )
        .route(
            &path("/carts/{cart}/shipping-methods"),
            get(carts::shipping_methods),
        )
        .route(&path("/carts/{cart}/checkout"), post(checkout::place))
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(BODY_MAX))
}

async fn openapi() -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        OPENAPI,
    )
        .into_response()
}

async fn method_not_allowed(api: Api) -> Response {
    api.problem(
        StatusCode::METHOD_NOT_ALLOWED,
        "method-not-allowed",
        "api-method-not-allowed",
    )
    .into_response()
}

/// What every handler of the API knows of its request: the shop and the language to answer in.
pub(crate) struct Api {
    pub t: Tenant,
    pub lang: Lang,
    pub i18n: crate::i18n::I18n,
}

impl FromRequestParts<AppState> for Api {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, st: &AppState) -> Result<Self, AppError> {
        let t = Tenant::from_request_parts(parts, st).await?;
        let langs = crate::ctx::shop_langs(&t.shop);
        let lang = crate::ctx::request_lang(&parts.extensions, &parts.headers, &langs);
        Ok(Api {
            t,
            lang,
            i18n: st.i18n.clone(),
        })
    }
}

/// An answer other than the one asked for: a problem, or an error of ours.
pub(crate) enum ApiError {
    Problem(Problem),
    App(AppError),
}

impl From<Problem> for ApiError {
    fn from(p: Problem) -> Self {
        ApiError::Problem(p)
    }
}

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        ApiError::App(e)
    }
}

impl From<store::StoreError> for ApiError {
    fn from(e: store::StoreError) -> Self {
        ApiError::App(e.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match self {
            ApiError::Problem(p) => p.into_response(),
            // Answered as problem details by the error renderer (the path is the API's).
            ApiError::App(e) => e.into_response(),
        }
    }
}

pub(crate) type ApiResult = Result<Response, ApiError>;

/// RFC 9457 problem details, with the members this API adds: `code` (stable, for programs),
/// `errors` (a field's problems) and `reason` (why a body could not be read, in English).
pub(crate) struct Problem {
    status: StatusCode,
    code: String,
    detail: String,
    errors: Vec<Value>,
    reason: Option<String>,
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let mut body = json!({
            "type": "about:blank",
            "title": self.status.canonical_reason().unwrap_or(""),
            "status": self.status.as_u16(),
            "code": self.code,
            "detail": self.detail,
        });
        if !self.errors.is_empty() {
            body["errors"] = Value::Array(self.errors);
        }
        if let Some(r) = self.reason {
            body["reason"] = Value::String(r);
        }
        let mut res = (
            self.status,
            [(header::CONTENT_TYPE, "application/problem+json")],
            body.to_string(),
        )
            .into_response();
        if self.status == StatusCode::TOO_MANY_REQUESTS {
            res.headers_mut()
                .insert(header::RETRY_AFTER, header::HeaderValue::from_static("600"));
        }
        res
    }
}

/// The status a refusal of a use case is answered with: something that is not there is 404,
/// what the cart's or the stock's state forbids now is 409, anything else is 422.
fn status_of(code: &str) -> StatusCode {
    match code {
        "cart-variant-unknown" | "cart-line-unknown" => StatusCode::NOT_FOUND,
        "cart-sold-out"
        | "cart-stock-short"
        | "cart-unique-once"
        | "cart-digital-once"
        | "cart-hold-lapsed"
        | "cart-slot-full"
        | "cart-slot-short"
        | "cart-not-for-sale"
        | "cart-booking-fixed"
        | "rental-dates-booked" => StatusCode::CONFLICT,
        _ => StatusCode::UNPROCESSABLE_ENTITY,
    }
}

impl Api {
    pub fn shop(&self) -> &store::shop::Shop {
        &self.t.shop
    }

    pub fn currency(&self) -> Currency {
        Currency::parse(&self.t.shop.currency).unwrap_or(Currency::EUR)
    }

    /// An amount in the shop's currency as this API writes it: a decimal string ("12.50").
    pub fn amount(&self, minor: i64) -> String {
        amount(minor, self.currency())
    }

    /// A problem whose detail is the message `message_id`.
    pub fn problem(&self, status: StatusCode, code: &str, message_id: &str) -> Problem {
        Problem {
            status,
            code: code.to_string(),
            detail: self.i18n.t(self.lang, message_id),
            errors: Vec::new(),
            reason: None,
        }
    }

    /// A use case's refusal, with its message.
    pub fn refused(&self, e: &ValidationError) -> Problem {
        // A promotion's minimum is an amount of the shop's currency, said as one.
        let shown;
        let e = match e.arg("min").and_then(|m| m.parse::<i64>().ok()) {
            Some(min) if e.code == "promotion-min-subtotal" => {
                let amount = format!("{} {}", self.amount(min), self.currency().as_str());
                shown = ValidationError::new(e.code).with("min", amount);
                &shown
            }
            _ => e,
        };
        Problem {
            status: status_of(e.code),
            code: e.code.to_string(),
            detail: self.i18n.error(self.lang, e),
            errors: Vec::new(),
            reason: None,
        }
    }

    /// Fields that cannot be used (`field` as the body names it), in one 422.
    pub fn invalid(&self, fields: &[(String, ValidationError)]) -> Problem {
        let mut p = self.problem(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid-fields",
            "api-invalid-fields",
        );
        p.errors = fields
            .iter()
            .map(|(f, e)| json!({ "field": f, "code": e.code, "detail": self.i18n.error(self.lang, e) }))
            .collect();
        p
    }

    /// A use case's failure: a refusal is the client's to fix, anything else is ours.
    pub fn fail(&self, e: app::Error) -> ApiError {
        match e {
            app::Error::Refused(v) => ApiError::Problem(self.refused(&v)),
            app::Error::Store(e) => e.into(),
        }
    }

    /// No cart of this shop has this id.
    pub fn no_cart(&self) -> ApiError {
        self.problem(StatusCode::NOT_FOUND, "cart-unknown", "api-cart-unknown")
            .into()
    }

    /// A JSON body read as `T`: 415 when it is not JSON, 400 when it does not parse, 422 when
    /// its values do not fit (a wrong type, a number out of range), 413 when it is too large.
    pub fn body<T: DeserializeOwned>(
        &self,
        headers: &HeaderMap,
        body: Result<Bytes, BytesRejection>,
    ) -> Result<T, ApiError> {
        let body = match body {
            Ok(b) => b,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                return Err(self
                    .problem(
                        StatusCode::PAYLOAD_TOO_LARGE,
                        "body-too-large",
                        "api-body-too-large",
                    )
                    .into())
            }
            Err(_) => {
                return Err(self
                    .problem(StatusCode::BAD_REQUEST, "body-unreadable", "error-bad-json")
                    .into())
            }
        };
        let json = headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .map(|m| m.trim().to_ascii_lowercase())
            .is_some_and(|m| m == "application/json" || m.ends_with("+json"));
        if !json {
            return Err(self
                .problem(
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    "not-json",
                    "api-not-json",
                )
                .into());
        }
        serde_json::from_slice(&body).map_err(|e| {
            let (status, code) = match e.classify() {
                serde_json::error::Category::Data => {
                    (StatusCode::UNPROCESSABLE_ENTITY, "json-unfit")
                }
                _ => (StatusCode::BAD_REQUEST, "json-malformed"),
            };
            let mut p = self.problem(status, code, "error-bad-json");
            p.reason = Some(e.to_string());
            ApiError::Problem(p)
        })
    }
}

/// An amount as a decimal string in the currency's minor units ("12.50", "1200" in yen).
pub(crate) fn amount(minor: i64, cur: Currency) -> String {
    // `Money`'s neutral form is "12.50 EUR": the number is its first word.
    let s = Money::new(minor, cur).to_string();
    match s.split_once(' ') {
        Some((n, _)) => n.to_string(),
        None => s,
    }
}

/// Ids are written as strings: 64-bit integers lose digits as JavaScript numbers.
pub(crate) fn id(n: i64) -> String {
    n.to_string()
}

/// A whole number a client sends: `2`, or `2.0` (which JSON Schema counts as an integer too).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Whole(pub i64);

impl<'de> serde::Deserialize<'de> for Whole {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let n = serde_json::Number::deserialize(d)?;
        if let Some(i) = n.as_i64() {
            return Ok(Whole(i));
        }
        match n.as_f64() {
            // Past 2^53 a float no longer names one integer.
            Some(f) if f.fract() == 0.0 && f.abs() <= 9_007_199_254_740_992.0 => {
                Ok(Whole(f as i64))
            }
            _ => Err(D::Error::custom(format!(
                "invalid value: {n}, expected a whole number"
            ))),
        }
    }
}

/// An id a client sends, as a string or a number.
#[derive(serde::Deserialize, Debug, Clone)]
#[serde(untagged)]
pub(crate) enum IdIn {
    Number(i64),
    Text(String),
}

impl IdIn {
    pub fn get(&self) -> Option<i64> {
        match self {
            IdIn::Number(n) => Some(*n),
            IdIn::Text(s) => s.trim().parse().ok(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_decimal_strings_in_the_currency_s_units() {
        assert_eq!(amount(1250, Currency::EUR), "12.50");
        assert_eq!(amount(5, Currency::EUR), "0.05");
        assert_eq!(amount(-120, Currency::EUR), "-1.20");
        assert_eq!(amount(0, Currency::EUR), "0.00");
    }

    #[test]
    fn whole_numbers_may_be_written_as_floats() {
        let w = |s: &str| serde_json::from_str::<Whole>(s).map(|w| w.0).ok();
        assert_eq!(w("2"), Some(2));
        assert_eq!(w("2.0"), Some(2));
        assert_eq!(w("-3"), Some(-3));
        assert_eq!(w("2.5"), None);
        assert_eq!(w("1e30"), None);
        assert_eq!(w("\"2\""), None);
    }

    #[test]
    fn the_document_is_openapi_3_1() {
        let doc: Value = serde_json::from_str(OPENAPI).expect("openapi.json is JSON");
        assert!(doc["openapi"].as_str().unwrap().starts_with("3.1."));
        // The countries it offers are those the checkout takes.
        let codes = doc["components"]["schemas"]["CountryCode"]["enum"]
            .as_array()
            .unwrap();
        assert!(codes.len() > 240);
        for c in codes {
            let c = c.as_str().unwrap();
            assert!(domain::country::Country::parse(c).is_ok(), "{c}");
        }
    }
}
