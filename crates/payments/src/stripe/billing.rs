//! The operator's own Stripe account, collecting the shops' rent: each shop a customer, its
//! card saved through a Setup Intent confirmed in the seller's browser by stripe.js (the card
//! never reaches us), then charged off-session at each renewal.

use serde::Deserialize;

use super::{path_part, Intent, Stripe};
use crate::{Payment, ProviderError};

/// A Setup Intent: what the seller's browser confirms to save a card.
#[derive(Clone, Deserialize)]
pub struct SetupIntent {
    pub id: String,
    pub status: String,
    /// Who the card is saved for.
    #[serde(default)]
    pub customer: Option<String>,
    /// The saved card, once confirmed.
    #[serde(default)]
    pub payment_method: Option<String>,
    /// What stripe.js needs to confirm it; never logged.
    #[serde(default)]
    pub client_secret: Option<String>,
}

impl std::fmt::Debug for SetupIntent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SetupIntent")
            .field("id", &self.id)
            .field("status", &self.status)
            .field("customer", &self.customer)
            .field("payment_method", &self.payment_method)
            .finish()
    }
}

/// A saved card as it is shown: its brand, last four digits and expiry.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Card {
    #[serde(default)]
    pub brand: String,
    #[serde(default)]
    pub last4: String,
    #[serde(default)]
    pub exp_month: i64,
    #[serde(default)]
    pub exp_year: i64,
}

/// A renewal to charge to a saved card.
#[derive(Debug, Clone)]
pub struct Charge<'a> {
    pub customer: &'a str,
    pub payment_method: &'a str,
    pub amount_minor: i64,
    pub currency: &'a str,
    /// The same key for a retried attempt: the provider charges it once.
    pub idempotency_key: &'a str,
    pub shop: &'a str,
    /// What is paid (the plan), written on the payment.
    pub description: &'a str,
}

#[derive(Deserialize)]
struct PaymentMethod {
    card: Option<Card>,
}

#[derive(Deserialize)]
struct Customer {
    id: String,
}

impl Stripe {
    /// Makes the shop a customer of the account; `shop` is written on it to find it back.
    pub async fn create_customer(
        &self,
        email: &str,
        name: &str,
        shop: &str,
    ) -> Result<String, ProviderError> {
        let c: Customer = self
            .call(
                reqwest::Method::POST,
                "/v1/customers",
                &[
                    ("email", email.to_string()),
                    ("name", name.to_string()),
                    ("metadata[shop]", shop.to_string()),
                ],
                Some(&format!("customer-{shop}")),
            )
            .await?;
        Ok(c.id)
    }

    /// Starts saving a card for `customer`, to be charged later without them.
    pub async fn create_setup_intent(&self, customer: &str) -> Result<SetupIntent, ProviderError> {
        self.call(
            reqwest::Method::POST,
            "/v1/setup_intents",
            &[
                ("customer", path_part(customer)?.to_string()),
                ("usage", "off_session".to_string()),
                ("payment_method_types[]", "card".to_string()),
            ],
            None,
        )
        .await
    }

    pub async fn fetch_setup_intent(&self, id: &str) -> Result<SetupIntent, ProviderError> {
        self.call(
            reqwest::Method::GET,
            &format!("/v1/setup_intents/{}", path_part(id)?),
            &[],
            None,
        )
        .await
    }

    /// The card of a saved payment method.
    pub async fn card_of(&self, payment_method: &str) -> Result<Option<Card>, ProviderError> {
        let pm: PaymentMethod = self
            .call(
                reqwest::Method::GET,
                &format!("/v1/payment_methods/{}", path_part(payment_method)?),
                &[],
                None,
            )
            .await?;
        Ok(pm.card)
    }

    /// Charges `amount_minor` to the customer's saved card, without them (a renewal). A
    /// refused card is `ProviderError::Refused` (402) or a payment that is not paid.
    pub async fn charge_saved_card(&self, c: &Charge<'_>) -> Result<Payment, ProviderError> {
        let i: Intent = self
            .call(
                reqwest::Method::POST,
                "/v1/payment_intents",
                &[
                    ("amount", c.amount_minor.to_string()),
                    ("currency", c.currency.to_ascii_lowercase()),
                    ("customer", path_part(c.customer)?.to_string()),
                    ("payment_method", path_part(c.payment_method)?.to_string()),
                    ("payment_method_types[]", "card".to_string()),
                    ("off_session", "true".to_string()),
                    ("confirm", "true".to_string()),
                    ("metadata[shop]", c.shop.to_string()),
                    ("metadata[plan]", c.description.to_string()),
                    ("metadata[rent]", "1".to_string()),
                ],
                Some(c.idempotency_key),
            )
            .await?;
        Ok(i.into())
    }
}
