//! Mollie, through its v2 Payments API (JSON both ways): a payment is made on Mollie's hosted
//! checkout page, where the shopper is sent; Mollie then posts the payment's id alone to the
//! shop's webhook (`id=tr_…`, no signature), and the shop asks Mollie back where it stands;
//! refunds, and manual capture for authorisations. The API's base address is configuration
//! (a stand-in in tests, `https://api.mollie.com` in production).

use std::time::Duration;

use serde::Deserialize;
use serde_json::json;

use crate::{Capture, NewPayment, Payment, ProviderError, Refund, State};

pub const API_BASE: &str = "https://api.mollie.com";

/// A shop's Mollie account, by its API key (`live_…` or `test_…`).
#[derive(Clone)]
pub struct Mollie {
    http: reqwest::Client,
    base: String,
    api_key: String,
}

impl std::fmt::Debug for Mollie {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mollie")
            .field("base", &self.base)
            .field("api_key", &"***")
            .finish()
    }
}

/// An amount as Mollie writes it: the currency and a decimal string ("10.00").
#[derive(Debug, Deserialize)]
struct Amount {
    currency: String,
    value: String,
}

#[derive(Debug, Deserialize)]
struct Links {
    checkout: Option<Link>,
}

#[derive(Debug, Deserialize)]
struct Link {
    href: String,
}

/// A payment as Mollie writes it; only what we read.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawPayment {
    id: String,
    status: String,
    amount: Amount,
    /// What was captured of an authorisation (manual capture), when some was.
    amount_captured: Option<Amount>,
    #[serde(default)]
    metadata: serde_json::Value,
    #[serde(rename = "_links")]
    links: Option<Links>,
}

#[derive(Deserialize)]
struct RawRefund {
    id: String,
    amount: Amount,
}

#[derive(Deserialize)]
struct ErrorBody {
    #[serde(default)]
    detail: String,
}

/// Minor units as Mollie's decimal string, for a currency with `decimals` digits after the
/// point: (1050, 2) → "10.50", (1000, 0) → "1000".
pub fn value_of(minor: i64, decimals: u32) -> String {
    if decimals == 0 {
        return minor.to_string();
    }
    let scale = 10i64.pow(decimals);
    let sign = if minor < 0 { "-" } else { "" };
    let m = minor.abs();
    format!(
        "{sign}{}.{:0width$}",
        m / scale,
        m % scale,
        width = decimals as usize
    )
}

/// Mollie's decimal string as minor units; `None` when it is not one.
pub fn minor_of(value: &str, decimals: u32) -> Option<i64> {
    let (whole, frac) = value.split_once('.').unwrap_or((value, ""));
    if whole.is_empty()
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
        || frac.len() > decimals as usize
    {
        return None;
    }
    let scale = 10i64.checked_pow(decimals)?;
    let whole: i64 = whole.parse().ok()?;
    let frac: i64 = if frac.is_empty() {
        0
    } else {
        format!("{frac:0<width$}", width = decimals as usize)
            .parse()
            .ok()?
    };
    whole.checked_mul(scale)?.checked_add(frac)
}

/// Digits after the point of a currency's amounts at Mollie: ISO 4217's minor units, as the
/// shop's amounts are counted (HUF has two, as Mollie writes it).
fn decimals(currency: &str) -> u32 {
    match currency {
        "JPY" | "ISK" | "KRW" | "CLP" => 0,
        _ => 2,
    }
}

/// Where a Mollie payment stands, in our words.
pub fn state_of(status: &str) -> State {
    match status {
        "paid" => State::Paid,
        "authorized" => State::Authorised,
        "canceled" | "expired" | "failed" => State::Failed,
        // open, pending
        _ => State::Pending,
    }
}

impl RawPayment {
    fn into_payment(self) -> Result<Payment, ProviderError> {
        let currency = self.amount.currency.to_ascii_uppercase();
        let d = decimals(&currency);
        let unreadable = || ProviderError::Unreachable("unreadable amount from Mollie".into());
        let amount_minor = minor_of(&self.amount.value, d).ok_or_else(unreadable)?;
        let state = state_of(&self.status);
        let received_minor = match state {
            State::Paid => match &self.amount_captured {
                Some(c) => minor_of(&c.value, d).ok_or_else(unreadable)?,
                None => amount_minor,
            },
            _ => 0,
        };
        Ok(Payment {
            id: self.id,
            state,
            amount_minor,
            received_minor,
            currency,
            client_secret: None,
            checkout_url: self.links.and_then(|l| l.checkout).map(|c| c.href),
            order: self.metadata["order"].as_str().map(str::to_string),
        })
    }
}

impl Mollie {
    /// `base`: the API's address (`API_BASE`, or a stand-in's).
    pub fn new(base: &str, api_key: &str) -> Mollie {
        Mollie {
            http: reqwest::Client::builder()
                .timeout(Duration::from_secs(30))
                .connect_timeout(Duration::from_secs(5))
                .build()
                .expect("an HTTP client"),
            base: base.trim_end_matches('/').to_string(),
            api_key: api_key.to_string(),
        }
    }

    async fn call<T: serde::de::DeserializeOwned>(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<serde_json::Value>,
        idempotency_key: Option<&str>,
    ) -> Result<T, ProviderError> {
        let mut req = self
            .http
            .request(method, format!("{}{path}", self.base))
            .bearer_auth(&self.api_key);
        if let Some(b) = body {
            req = req.json(&b);
        }
        if let Some(k) = idempotency_key {
            req = req.header("Idempotency-Key", k);
        }
        let res = req
            .send()
            .await
            .map_err(|e| ProviderError::Unreachable(e.without_url().to_string()))?;
        let status = res.status();
        let bytes = res
            .bytes()
            .await
            .map_err(|e| ProviderError::Unreachable(e.without_url().to_string()))?;
        if !status.is_success() {
            let message = serde_json::from_slice::<ErrorBody>(&bytes)
                .map(|b| b.detail)
                .unwrap_or_else(|_| String::from_utf8_lossy(&bytes).chars().take(200).collect());
            return Err(if status.is_server_error() {
                ProviderError::Unreachable(format!("{status}: {message}"))
            } else {
                ProviderError::Refused {
                    status: status.as_u16(),
                    message,
                }
            });
        }
        // A cancelled payment may come back empty (204): read as JSON null.
        let body: &[u8] = if bytes.is_empty() { b"null" } else { &bytes };
        serde_json::from_slice(body).map_err(|e| ProviderError::Unreachable(e.to_string()))
    }

    async fn payment(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<serde_json::Value>,
        key: Option<&str>,
    ) -> Result<Payment, ProviderError> {
        let raw: RawPayment = self.call(method, path, body, key).await?;
        raw.into_payment()
    }
}

impl crate::Provider for Mollie {
    async fn create(&self, p: &NewPayment<'_>) -> Result<Payment, ProviderError> {
        let currency = p.currency.to_ascii_uppercase();
        // Cards only: the shop offered "card", and other methods (a bank transfer on
        // Mollie's page) would stay open for days, past the order's expiry.
        let mut body = json!({
            "amount": {"currency": currency, "value": value_of(p.amount_minor, decimals(&currency))},
            "description": format!("{} {}", p.shop, p.order),
            "method": "creditcard",
            "metadata": {"shop": p.shop, "order": p.order},
        });
        if let Some(u) = p.return_url {
            body["redirectUrl"] = json!(u);
        }
        if let Some(u) = p.webhook_url {
            body["webhookUrl"] = json!(u);
        }
        if p.capture == Capture::Manual {
            body["captureMode"] = json!("manual");
        }
        self.payment(
            reqwest::Method::POST,
            "/v2/payments",
            Some(body),
            Some(p.idempotency_key),
        )
        .await
    }

    async fn fetch(&self, id: &str) -> Result<Payment, ProviderError> {
        self.payment(
            reqwest::Method::GET,
            &format!("/v2/payments/{}", path_part(id)?),
            None,
            None,
        )
        .await
    }

    async fn refund(
        &self,
        id: &str,
        amount_minor: i64,
        idempotency_key: &str,
    ) -> Result<Refund, ProviderError> {
        let paid = self.fetch(id).await?;
        let body = json!({"amount": {
            "currency": paid.currency,
            "value": value_of(amount_minor, decimals(&paid.currency)),
        }});
        let r: RawRefund = self
            .call(
                reqwest::Method::POST,
                &format!("/v2/payments/{}/refunds", path_part(id)?),
                Some(body),
                Some(idempotency_key),
            )
            .await?;
        let d = decimals(&r.amount.currency.to_ascii_uppercase());
        Ok(Refund {
            id: r.id,
            amount_minor: minor_of(&r.amount.value, d).unwrap_or(amount_minor),
        })
    }

    async fn capture(&self, id: &str, amount_minor: i64) -> Result<Payment, ProviderError> {
        let held = self.fetch(id).await?;
        let body = json!({"amount": {
            "currency": held.currency,
            "value": value_of(amount_minor, decimals(&held.currency)),
        }});
        // Named after the payment: a capture asked twice is made once.
        let key = format!("capture-{id}");
        let _: serde_json::Value = self
            .call(
                reqwest::Method::POST,
                &format!("/v2/payments/{}/captures", path_part(id)?),
                Some(body),
                Some(&key),
            )
            .await?;
        self.fetch(id).await
    }

    async fn cancel(&self, id: &str) -> Result<Payment, ProviderError> {
        let _: serde_json::Value = self
            .call(
                reqwest::Method::DELETE,
                &format!("/v2/payments/{}", path_part(id)?),
                None,
                None,
            )
            .await?;
        self.fetch(id).await
    }
}

/// A Mollie id put in a path: letters, digits and underscores only.
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

/// The payment id a Mollie webhook posts (`id=tr_…`, form-encoded); `None` when the body is
/// not that.
pub fn webhook_id(body: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(body).ok()?;
    text.split('&')
        .filter_map(|kv| kv.split_once('='))
        .find(|(k, _)| *k == "id")
        .map(|(_, v)| v.to_string())
        .filter(|v| path_part(v).is_ok() && v.len() <= 64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_written_as_mollie_wants_them() {
        assert_eq!(value_of(1050, 2), "10.50");
        assert_eq!(value_of(5, 2), "0.05");
        assert_eq!(value_of(1000, 0), "1000");
        assert_eq!(minor_of("10.50", 2), Some(1050));
        assert_eq!(minor_of("10.5", 2), Some(1050));
        assert_eq!(minor_of("10", 2), Some(1000));
        assert_eq!(minor_of("1000", 0), Some(1000));
        assert_eq!(minor_of("10.505", 2), None);
        assert_eq!(minor_of("-1.00", 2), None);
        assert_eq!(minor_of("", 2), None);
    }

    #[test]
    fn states_webhooks_and_secrets() {
        assert_eq!(state_of("paid"), State::Paid);
        assert_eq!(state_of("authorized"), State::Authorised);
        assert_eq!(state_of("open"), State::Pending);
        assert_eq!(state_of("expired"), State::Failed);
        assert_eq!(
            webhook_id(b"id=tr_WDqYK6vllg"),
            Some("tr_WDqYK6vllg".into())
        );
        assert_eq!(webhook_id(b"id=tr_1%2F..%2F"), None);
        assert_eq!(webhook_id(b"nothing"), None);
        assert!(format!("{:?}", Mollie::new(API_BASE, "test_abc")).contains("***"));
    }

    #[test]
    fn a_payment_reads_its_checkout_and_captured_amount() {
        let raw: RawPayment = serde_json::from_str(
            r#"{"resource":"payment","id":"tr_7UhSN1zuXS","mode":"test","status":"open",
                "amount":{"currency":"EUR","value":"20.00"},"description":"x",
                "metadata":{"order":"00001"},
                "_links":{"checkout":{"href":"https://www.mollie.com/checkout/select-method/7UhSN1zuXS","type":"text/html"}}}"#,
        )
        .unwrap();
        let p = raw.into_payment().unwrap();
        assert_eq!(
            (p.state, p.amount_minor, p.received_minor),
            (State::Pending, 2000, 0)
        );
        assert_eq!(p.order.as_deref(), Some("00001"));
        assert!(p
            .checkout_url
            .unwrap()
            .starts_with("https://www.mollie.com/checkout/"));
        let raw: RawPayment = serde_json::from_str(
            r#"{"id":"tr_1","status":"paid","amount":{"currency":"EUR","value":"200.00"},
                "amountCaptured":{"currency":"EUR","value":"50.00"}}"#,
        )
        .unwrap();
        let p = raw.into_payment().unwrap();
        assert_eq!((p.state, p.received_minor), (State::Paid, 5000));
    }
}
