//! Stripe, through its HTTP API (form-encoded requests, JSON answers): Payment Intents confirmed
//! in the shopper's browser by Stripe's own stripe.js, refunds, manual capture, and the signed
//! webhooks ([`signature`]). The API's base address is configuration, so that the tests talk to
//! localstripe and production to `https://api.stripe.com` with the same code.

use std::time::Duration;

use serde::Deserialize;

use crate::{Capture, NewPayment, Payment, ProviderError, Refund, State};

pub mod billing;
pub mod signature;

pub const API_BASE: &str = "https://api.stripe.com";
pub const JS_URL: &str = "https://js.stripe.com/v3/";

/// A shop's Stripe account, by its secret key.
#[derive(Clone)]
pub struct Stripe {
    http: reqwest::Client,
    base: String,
    secret_key: String,
}

impl std::fmt::Debug for Stripe {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Stripe")
            .field("base", &self.base)
            .field("secret_key", &"***")
            .finish()
    }
}

/// A Payment Intent as Stripe (and localstripe) write it; only what we read.
#[derive(Debug, Deserialize)]
struct Intent {
    id: String,
    status: String,
    amount: i64,
    /// Absent from localstripe's answers.
    amount_received: Option<i64>,
    currency: String,
    client_secret: Option<String>,
    #[serde(default)]
    metadata: std::collections::HashMap<String, serde_json::Value>,
}

impl From<Intent> for Payment {
    fn from(i: Intent) -> Payment {
        let state = state_of(&i.status);
        Payment {
            received_minor: match state {
                State::Paid => i.amount_received.unwrap_or(i.amount),
                _ => 0,
            },
            state,
            amount_minor: i.amount,
            currency: i.currency.to_ascii_uppercase(),
            client_secret: i.client_secret,
            checkout_url: None,
            order: i
                .metadata
                .get("order")
                .and_then(|v| v.as_str())
                .map(str::to_string),
            id: i.id,
        }
    }
}

/// A Payment Intent's `status` in our terms.
pub fn state_of(status: &str) -> State {
    match status {
        "succeeded" => State::Paid,
        "requires_capture" => State::Authorised,
        "canceled" => State::Failed,
        // requires_payment_method (new, or after a refusal), requires_confirmation,
        // requires_action (3-D Secure), processing.
        _ => State::Pending,
    }
}

#[derive(Deserialize)]
struct ErrorBody {
    error: ErrorDetail,
}

#[derive(Deserialize)]
struct ErrorDetail {
    #[serde(default)]
    message: String,
}

#[derive(Deserialize)]
struct RefundBody {
    id: String,
    amount: i64,
}

impl Stripe {
    /// `base`: the API's address (`API_BASE`, or a stand-in's).
    pub fn new(base: &str, secret_key: &str) -> Stripe {
        Stripe {
            http: reqwest::Client::builder()
                .timeout(Duration::from_secs(30))
                .connect_timeout(Duration::from_secs(5))
                .build()
                .expect("an HTTP client"),
            base: base.trim_end_matches('/').to_string(),
            secret_key: secret_key.to_string(),
        }
    }

    async fn call<T: serde::de::DeserializeOwned>(
        &self,
        method: reqwest::Method,
        path: &str,
        form: &[(&str, String)],
        idempotency_key: Option<&str>,
    ) -> Result<T, ProviderError> {
        let mut req = self
            .http
            .request(method.clone(), format!("{}{path}", self.base))
            .bearer_auth(&self.secret_key);
        if method != reqwest::Method::GET {
            req = req.form(form);
        }
        if let Some(k) = idempotency_key {
            req = req.header("Idempotency-Key", k);
        }
        let res = req
            .send()
            .await
            .map_err(|e| ProviderError::Unreachable(e.without_url().to_string()))?;
        let status = res.status();
        let body = res
            .bytes()
            .await
            .map_err(|e| ProviderError::Unreachable(e.without_url().to_string()))?;
        if !status.is_success() {
            let message = serde_json::from_slice::<ErrorBody>(&body)
                .map(|b| b.error.message)
                .unwrap_or_else(|_| String::from_utf8_lossy(&body).chars().take(200).collect());
            return Err(if status.is_server_error() {
                ProviderError::Unreachable(format!("{status}: {message}"))
            } else {
                ProviderError::Refused {
                    status: status.as_u16(),
                    message,
                }
            });
        }
        serde_json::from_slice(&body).map_err(|e| ProviderError::Unreachable(e.to_string()))
    }
}

impl crate::Provider for Stripe {
    async fn create(&self, p: &NewPayment<'_>) -> Result<Payment, ProviderError> {
        let form = [
            ("amount", p.amount_minor.to_string()),
            ("currency", p.currency.to_ascii_lowercase()),
            (
                "capture_method",
                match p.capture {
                    Capture::Automatic => "automatic",
                    Capture::Manual => "manual",
                }
                .to_string(),
            ),
            ("metadata[shop]", p.shop.to_string()),
            ("metadata[order]", p.order.to_string()),
        ];
        let i: Intent = self
            .call(
                reqwest::Method::POST,
                "/v1/payment_intents",
                &form,
                Some(p.idempotency_key),
            )
            .await?;
        Ok(i.into())
    }

    async fn fetch(&self, id: &str) -> Result<Payment, ProviderError> {
        let i: Intent = self
            .call(
                reqwest::Method::GET,
                &format!("/v1/payment_intents/{}", path_part(id)?),
                &[],
                None,
            )
            .await?;
        Ok(i.into())
    }

    async fn refund(
        &self,
        id: &str,
        amount_minor: i64,
        idempotency_key: &str,
    ) -> Result<Refund, ProviderError> {
        let r: RefundBody = self
            .call(
                reqwest::Method::POST,
                "/v1/refunds",
                &[
                    ("payment_intent", path_part(id)?.to_string()),
                    ("amount", amount_minor.to_string()),
                ],
                Some(idempotency_key),
            )
            .await?;
        Ok(Refund {
            id: r.id,
            amount_minor: r.amount,
        })
    }

    async fn capture(&self, id: &str, amount_minor: i64) -> Result<Payment, ProviderError> {
        let i: Intent = self
            .call(
                reqwest::Method::POST,
                &format!("/v1/payment_intents/{}/capture", path_part(id)?),
                &[("amount_to_capture", amount_minor.to_string())],
                // Named after the payment: a capture asked twice is made once.
                Some(&format!("capture-{id}")),
            )
            .await?;
        Ok(i.into())
    }

    async fn cancel(&self, id: &str) -> Result<Payment, ProviderError> {
        let i: Intent = self
            .call(
                reqwest::Method::POST,
                &format!("/v1/payment_intents/{}/cancel", path_part(id)?),
                &[],
                None,
            )
            .await?;
        Ok(i.into())
    }
}

/// A provider id put in a path: letters, digits and underscores only.
fn path_part(id: &str) -> Result<&str, ProviderError> {
    if !id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
        Ok(id)
    } else {
        Err(ProviderError::Refused {
            status: 400,
            message: "malformed payment id".into(),
        })
    }
}

/// A webhook event, once its signature is verified: its id (to handle it once) and the
/// Payment Intent it is about, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub id: String,
    pub kind: String,
    /// The Payment Intent of a `payment_intent.*` event, or of a `charge.*` one.
    pub intent: Option<String>,
}

#[derive(Deserialize)]
struct RawEvent {
    id: String,
    #[serde(rename = "type")]
    kind: String,
    data: RawData,
}

#[derive(Deserialize)]
struct RawData {
    object: serde_json::Value,
}

/// Reads a verified event's body; `None` when it is not an event.
pub fn event(body: &[u8]) -> Option<Event> {
    let e: RawEvent = serde_json::from_slice(body).ok()?;
    let o = &e.data.object;
    let intent = match o["object"].as_str() {
        Some("payment_intent") => o["id"].as_str(),
        Some("charge") | Some("refund") => o["payment_intent"].as_str(),
        _ => None,
    }
    .map(str::to_string);
    Some(Event {
        id: e.id,
        kind: e.kind,
        intent,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_name_their_payment_intent() {
        let e = event(
            br#"{"id":"evt_1","object":"event","type":"payment_intent.succeeded",
                "data":{"object":{"id":"pi_9","object":"payment_intent","status":"succeeded"}}}"#,
        )
        .unwrap();
        assert_eq!(e.id, "evt_1");
        assert_eq!(e.kind, "payment_intent.succeeded");
        assert_eq!(e.intent.as_deref(), Some("pi_9"));
        let e = event(
            br#"{"id":"evt_2","type":"charge.refunded",
                "data":{"object":{"id":"ch_1","object":"charge","payment_intent":"pi_9"}}}"#,
        )
        .unwrap();
        assert_eq!(e.intent.as_deref(), Some("pi_9"));
        assert_eq!(event(b"not json"), None);
    }

    #[test]
    fn intent_states_and_ids_in_paths() {
        assert_eq!(state_of("succeeded"), State::Paid);
        assert_eq!(state_of("requires_capture"), State::Authorised);
        assert_eq!(state_of("requires_action"), State::Pending);
        assert_eq!(state_of("canceled"), State::Failed);
        assert!(path_part("pi_3Abc").is_ok());
        assert!(path_part("pi_1/../../v1/refunds").is_err());
        assert!(format!("{:?}", Stripe::new(API_BASE, "sk_test_x")).contains("***"));
    }
}
