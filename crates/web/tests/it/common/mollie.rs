//! A stand-in of Mollie's v2 Payments API, written from Mollie's documentation
//! (docs.mollie.com, "Payments API", "Refunds API", "Captures API", "Webhooks"), for the tests:
//! no Mollie emulator exists in any registry we can reach. It keeps payments in memory and
//! behaves as the documentation says:
//!
//! - `POST /v2/payments` (JSON: `amount {currency, value}` with the currency's decimals,
//!   `description`, `redirectUrl`, `webhookUrl`, `metadata`, `captureMode`), bearer `live_…` or
//!   `test_…` key, `Idempotency-Key` honoured; the answer links the hosted checkout;
//! - `GET /v2/payments/{id}`, `DELETE /v2/payments/{id}` (cancel an open or authorised one);
//! - `POST /v2/payments/{id}/refunds` (never more than what remains), `…/captures`;
//! - errors as `application/hal+json` with `status`, `title`, `detail`;
//! - the hosted checkout page: paying there (a form, as the shopper would) makes the payment
//!   `paid` (`authorized` for manual capture), posts `id=tr_…` to the webhook, form-encoded
//!   and unsigned, then sends the shopper to `redirectUrl`.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};

#[derive(Debug, Clone)]
struct Payment {
    id: String,
    currency: String,
    amount_minor: i64,
    description: String,
    status: &'static str,
    redirect_url: Option<String>,
    webhook_url: Option<String>,
    metadata: Value,
    manual: bool,
    captured_minor: Option<i64>,
    refunded_minor: i64,
}

#[derive(Default)]
struct Inner {
    payments: HashMap<String, Payment>,
    /// Idempotency keys already answered, and the payment each made.
    keys: HashMap<String, String>,
    refunds: Vec<(String, String, i64)>,
    next: u64,
}

#[derive(Clone)]
struct Stand {
    base: String,
    inner: Arc<Mutex<Inner>>,
}

/// A running stand-in.
pub struct MollieStandIn {
    pub base: String,
    inner: Arc<Mutex<Inner>>,
}

impl MollieStandIn {
    /// The refunds made of payment `id`, in minor units.
    pub fn refunds_of(&self, id: &str) -> Vec<i64> {
        let inner = self.inner.lock().unwrap();
        inner
            .refunds
            .iter()
            .filter(|(_, p, _)| p == id)
            .map(|(_, _, a)| *a)
            .collect()
    }

    /// The status of payment `id`.
    pub fn status_of(&self, id: &str) -> Option<&'static str> {
        self.inner
            .lock()
            .unwrap()
            .payments
            .get(id)
            .map(|p| p.status)
    }
}

fn error(status: StatusCode, detail: &str) -> Response {
    let title = status.canonical_reason().unwrap_or("Error");
    (
        status,
        [("content-type", "application/hal+json")],
        Json(json!({"status": status.as_u16(), "title": title, "detail": detail})),
    )
        .into_response()
}

fn authorised(headers: &HeaderMap) -> bool {
    headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .is_some_and(|k| k.starts_with("test_") || k.starts_with("live_"))
}

/// "10.00" in a currency with two decimals → 1000; `None` unless exactly two decimals.
fn minor(value: &str) -> Option<i64> {
    let (w, f) = value.split_once('.')?;
    if f.len() != 2 || w.is_empty() {
        return None;
    }
    Some(w.parse::<i64>().ok()? * 100 + f.parse::<i64>().ok()?)
}

fn value(minor: i64) -> String {
    format!("{}.{:02}", minor / 100, minor % 100)
}

impl Stand {
    fn json(&self, p: &Payment) -> Value {
        let amount = |m: i64| json!({"currency": p.currency, "value": value(m)});
        let mut v = json!({
            "resource": "payment",
            "id": p.id,
            "mode": "test",
            "status": p.status,
            "amount": amount(p.amount_minor),
            "amountRefunded": amount(p.refunded_minor),
            "amountRemaining": amount(p.captured_minor.unwrap_or(p.amount_minor) - p.refunded_minor),
            "description": p.description,
            "metadata": p.metadata,
            "redirectUrl": p.redirect_url,
            "webhookUrl": p.webhook_url,
            "_links": {"self": {"href": format!("{}/v2/payments/{}", self.base, p.id), "type": "application/hal+json"}},
        });
        if p.manual {
            v["captureMode"] = json!("manual");
        }
        if let Some(c) = p.captured_minor {
            v["amountCaptured"] = amount(c);
        }
        if p.status == "open" {
            v["_links"]["checkout"] = json!({
                "href": format!("{}/checkout/{}", self.base, p.id),
                "type": "text/html",
            });
        }
        v
    }
}

async fn create(State(s): State<Stand>, headers: HeaderMap, Json(body): Json<Value>) -> Response {
    if !authorised(&headers) {
        return error(
            StatusCode::UNAUTHORIZED,
            "Missing authentication, or failed to authenticate",
        );
    }
    let key = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let mut inner = s.inner.lock().unwrap();
    if let Some(id) = key.as_ref().and_then(|k| inner.keys.get(k)).cloned() {
        let p = inner.payments[&id].clone();
        return (StatusCode::CREATED, Json(s.json(&p))).into_response();
    }
    let currency = body["amount"]["currency"].as_str().unwrap_or("");
    let Some(amount_minor) = body["amount"]["value"].as_str().and_then(minor) else {
        return error(
            StatusCode::UNPROCESSABLE_ENTITY,
            "The amount contains an invalid value",
        );
    };
    let Some(description) = body["description"].as_str().filter(|d| !d.is_empty()) else {
        return error(
            StatusCode::UNPROCESSABLE_ENTITY,
            "The description is invalid",
        );
    };
    if currency.len() != 3 || amount_minor < 1 {
        return error(StatusCode::UNPROCESSABLE_ENTITY, "The amount is invalid");
    }
    inner.next += 1;
    let id = format!("tr_stand{:06}", inner.next);
    let p = Payment {
        id: id.clone(),
        currency: currency.to_string(),
        amount_minor,
        description: description.to_string(),
        status: "open",
        redirect_url: body["redirectUrl"].as_str().map(str::to_string),
        webhook_url: body["webhookUrl"].as_str().map(str::to_string),
        metadata: body["metadata"].clone(),
        manual: body["captureMode"] == "manual",
        captured_minor: None,
        refunded_minor: 0,
    };
    inner.payments.insert(id.clone(), p.clone());
    if let Some(k) = key {
        inner.keys.insert(k, id);
    }
    (StatusCode::CREATED, Json(s.json(&p))).into_response()
}

async fn show(State(s): State<Stand>, headers: HeaderMap, Path(id): Path<String>) -> Response {
    if !authorised(&headers) {
        return error(
            StatusCode::UNAUTHORIZED,
            "Missing authentication, or failed to authenticate",
        );
    }
    let inner = s.inner.lock().unwrap();
    match inner.payments.get(&id) {
        Some(p) => Json(s.json(p)).into_response(),
        None => error(
            StatusCode::NOT_FOUND,
            &format!("No payment exists with token {id}."),
        ),
    }
}

async fn cancel(State(s): State<Stand>, headers: HeaderMap, Path(id): Path<String>) -> Response {
    if !authorised(&headers) {
        return error(
            StatusCode::UNAUTHORIZED,
            "Missing authentication, or failed to authenticate",
        );
    }
    let mut inner = s.inner.lock().unwrap();
    let Some(p) = inner.payments.get_mut(&id) else {
        return error(
            StatusCode::NOT_FOUND,
            &format!("No payment exists with token {id}."),
        );
    };
    if !matches!(p.status, "open" | "authorized") {
        return error(
            StatusCode::UNPROCESSABLE_ENTITY,
            "The payment cannot be canceled",
        );
    }
    p.status = "canceled";
    let p = p.clone();
    Json(s.json(&p)).into_response()
}

async fn refund(
    State(s): State<Stand>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Json(body): Json<Value>,
) -> Response {
    if !authorised(&headers) {
        return error(
            StatusCode::UNAUTHORIZED,
            "Missing authentication, or failed to authenticate",
        );
    }
    let mut inner = s.inner.lock().unwrap();
    let Some(p) = inner.payments.get_mut(&id) else {
        return error(
            StatusCode::NOT_FOUND,
            &format!("No payment exists with token {id}."),
        );
    };
    let Some(amount) = body["amount"]["value"].as_str().and_then(minor) else {
        return error(
            StatusCode::UNPROCESSABLE_ENTITY,
            "The amount contains an invalid value",
        );
    };
    let remaining = p.captured_minor.unwrap_or(p.amount_minor) - p.refunded_minor;
    if p.status != "paid" || amount < 1 || amount > remaining {
        return error(
            StatusCode::UNPROCESSABLE_ENTITY,
            "The amount is higher than the amount that remains to be refunded",
        );
    }
    p.refunded_minor += amount;
    let currency = p.currency.clone();
    inner.next += 1;
    let rid = format!("re_stand{:06}", inner.next);
    inner.refunds.push((rid.clone(), id.clone(), amount));
    (
        StatusCode::CREATED,
        Json(json!({
            "resource": "refund", "id": rid, "paymentId": id, "status": "pending",
            "amount": {"currency": currency, "value": value(amount)},
        })),
    )
        .into_response()
}

async fn capture(
    State(s): State<Stand>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Json(body): Json<Value>,
) -> Response {
    if !authorised(&headers) {
        return error(
            StatusCode::UNAUTHORIZED,
            "Missing authentication, or failed to authenticate",
        );
    }
    let mut inner = s.inner.lock().unwrap();
    let Some(p) = inner.payments.get_mut(&id) else {
        return error(
            StatusCode::NOT_FOUND,
            &format!("No payment exists with token {id}."),
        );
    };
    let amount = body["amount"]["value"]
        .as_str()
        .and_then(minor)
        .unwrap_or(p.amount_minor);
    if p.status != "authorized" || amount < 1 || amount > p.amount_minor {
        return error(
            StatusCode::UNPROCESSABLE_ENTITY,
            "The payment cannot be captured",
        );
    }
    p.status = "paid";
    p.captured_minor = Some(amount);
    let currency = p.currency.clone();
    (
        StatusCode::CREATED,
        Json(json!({
            "resource": "capture", "id": format!("cpt_{id}"), "paymentId": id,
            "amount": {"currency": currency, "value": value(amount)},
        })),
    )
        .into_response()
}

/// Mollie's hosted checkout: the amount and a button, as the shopper sees it.
async fn checkout_page(State(s): State<Stand>, Path(id): Path<String>) -> Response {
    let inner = s.inner.lock().unwrap();
    let Some(p) = inner.payments.get(&id) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    Html(format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Mollie checkout</title></head>\
         <body><h1>{} {}</h1><form method=\"post\"><button type=\"submit\">Pay</button></form></body></html>",
        p.currency,
        value(p.amount_minor)
    ))
    .into_response()
}

/// The shopper pays on the checkout page: paid (or authorised), the webhook posted, the
/// shopper sent back.
async fn checkout_pay(State(s): State<Stand>, Path(id): Path<String>) -> Response {
    let (webhook, redirect) = {
        let mut inner = s.inner.lock().unwrap();
        let Some(p) = inner.payments.get_mut(&id) else {
            return StatusCode::NOT_FOUND.into_response();
        };
        if p.status != "open" {
            return (StatusCode::CONFLICT, "not open").into_response();
        }
        p.status = if p.manual { "authorized" } else { "paid" };
        (p.webhook_url.clone(), p.redirect_url.clone())
    };
    if let Some(url) = webhook {
        // As Mollie does: the id alone, form-encoded, unsigned; the answer does not matter.
        let _ = reqwest::Client::new()
            .post(url)
            .form(&[("id", id.as_str())])
            .send()
            .await;
    }
    match redirect {
        Some(r) => Redirect::to(&r).into_response(),
        None => "paid".into_response(),
    }
}

/// Starts the stand-in on a free port of 127.0.0.1.
pub async fn start() -> MollieStandIn {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let inner = Arc::new(Mutex::new(Inner::default()));
    let stand = Stand {
        base: base.clone(),
        inner: inner.clone(),
    };
    let app = Router::new()
        .route("/v2/payments", post(create))
        .route("/v2/payments/{id}", get(show).delete(cancel))
        .route("/v2/payments/{id}/refunds", post(refund))
        .route("/v2/payments/{id}/captures", post(capture))
        .route("/checkout/{id}", get(checkout_page).post(checkout_pay))
        .with_state(stand);
    tokio::spawn(async move { axum::serve(listener, app).await });
    MollieStandIn { base, inner }
}
