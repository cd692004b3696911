//! Card payments through a provider, so that no card number ever reaches Vitrine: the shopper's
//! browser hands the card to the provider's own script, and we only ever see the provider's
//! payment id and its state. One interface, [`Provider`], with two implementations: Stripe
//! ([`stripe`], the card typed into stripe.js on the shop's page) and Mollie ([`mollie`], the
//! card typed on Mollie's own checkout page); [`Any`] is either. Shops' provider secrets are
//! kept sealed ([`sealed`]).
#![forbid(unsafe_code)]

use std::future::Future;

pub mod mollie;
pub mod sealed;
pub mod stripe;

/// When the money is taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Capture {
    /// As soon as the card is accepted (a sale).
    Automatic,
    /// Only authorised now; captured or released later (a rental's deposit).
    Manual,
}

/// A payment to start.
#[derive(Debug, Clone)]
pub struct NewPayment<'a> {
    pub amount_minor: i64,
    /// ISO 4217, as the shop writes it ("EUR").
    pub currency: &'a str,
    pub capture: Capture,
    /// The same key for a retried request: the provider makes one payment of it.
    pub idempotency_key: &'a str,
    /// Written on the payment at the provider, to find it from either side.
    pub shop: &'a str,
    pub order: &'a str,
    /// Where a provider with its own checkout page sends the shopper back (Mollie).
    pub return_url: Option<&'a str>,
    /// Where a provider that calls back without a signature posts the payment's id (Mollie).
    pub webhook_url: Option<&'a str>,
}

/// Where a payment stands, as the provider tells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// Waiting for the shopper (card to enter, 3-D Secure to pass).
    Pending,
    /// Authorised, waiting to be captured (manual capture).
    Authorised,
    /// The money is taken.
    Paid,
    /// Refused, cancelled or released: nothing is taken.
    Failed,
}

impl State {
    pub fn as_str(self) -> &'static str {
        match self {
            State::Pending => "pending",
            State::Authorised => "authorised",
            State::Paid => "paid",
            State::Failed => "failed",
        }
    }
}

/// A payment at the provider.
#[derive(Clone, PartialEq, Eq)]
pub struct Payment {
    /// The provider's id ("pi_…").
    pub id: String,
    pub state: State,
    pub amount_minor: i64,
    /// What was actually taken (less than the amount after a partial capture).
    pub received_minor: i64,
    pub currency: String,
    /// What the shopper's browser needs to confirm the payment with the provider's script.
    pub client_secret: Option<String>,
    /// The provider's own page where the shopper pays, for a provider that has one.
    pub checkout_url: Option<String>,
    /// The order number written on it when it was made.
    pub order: Option<String>,
}

impl std::fmt::Debug for Payment {
    // Hand-written: the client secret lets whoever holds it confirm the payment; it is never
    // written to a log.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Payment")
            .field("id", &self.id)
            .field("state", &self.state)
            .field("amount_minor", &self.amount_minor)
            .field("received_minor", &self.received_minor)
            .field("currency", &self.currency)
            .field("client_secret", &self.client_secret.as_ref().map(|_| "***"))
            .field("checkout_url", &self.checkout_url)
            .field("order", &self.order)
            .finish()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refund {
    pub id: String,
    pub amount_minor: i64,
}

#[derive(Debug, thiserror::Error)]
pub enum ProviderError {
    /// The provider could not be reached or answered something unreadable: worth retrying.
    #[error("payment provider unreachable: {0}")]
    Unreachable(String),
    /// The provider refused the request (bad key, unknown payment, nothing left to refund).
    #[error("payment provider refused ({status}): {message}")]
    Refused { status: u16, message: String },
}

/// What a payment provider does for us.
pub trait Provider {
    fn create(
        &self,
        p: &NewPayment<'_>,
    ) -> impl Future<Output = Result<Payment, ProviderError>> + Send;
    fn fetch(&self, id: &str) -> impl Future<Output = Result<Payment, ProviderError>> + Send;
    /// Refunds `amount_minor` of a paid payment.
    fn refund(
        &self,
        id: &str,
        amount_minor: i64,
        idempotency_key: &str,
    ) -> impl Future<Output = Result<Refund, ProviderError>> + Send;
    /// Takes `amount_minor` (at most what was authorised) of an authorised payment.
    fn capture(
        &self,
        id: &str,
        amount_minor: i64,
    ) -> impl Future<Output = Result<Payment, ProviderError>> + Send;
    /// Releases an authorisation (or abandons a payment not made).
    fn cancel(&self, id: &str) -> impl Future<Output = Result<Payment, ProviderError>> + Send;
}

/// One of the providers, as a shop's account names it.
#[derive(Debug, Clone)]
pub enum Any {
    Stripe(stripe::Stripe),
    Mollie(mollie::Mollie),
}

impl Provider for Any {
    async fn create(&self, p: &NewPayment<'_>) -> Result<Payment, ProviderError> {
        match self {
            Any::Stripe(c) => c.create(p).await,
            Any::Mollie(c) => c.create(p).await,
        }
    }
    async fn fetch(&self, id: &str) -> Result<Payment, ProviderError> {
        match self {
            Any::Stripe(c) => c.fetch(id).await,
            Any::Mollie(c) => c.fetch(id).await,
        }
    }
    async fn refund(
        &self,
        id: &str,
        amount_minor: i64,
        idempotency_key: &str,
    ) -> Result<Refund, ProviderError> {
        match self {
            Any::Stripe(c) => c.refund(id, amount_minor, idempotency_key).await,
            Any::Mollie(c) => c.refund(id, amount_minor, idempotency_key).await,
        }
    }
    async fn capture(&self, id: &str, amount_minor: i64) -> Result<Payment, ProviderError> {
        match self {
            Any::Stripe(c) => c.capture(id, amount_minor).await,
            Any::Mollie(c) => c.capture(id, amount_minor).await,
        }
    }
    async fn cancel(&self, id: &str) -> Result<Payment, ProviderError> {
        match self {
            Any::Stripe(c) => c.cancel(id).await,
            Any::Mollie(c) => c.cancel(id).await,
        }
    }
}
