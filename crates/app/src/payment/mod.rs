//! Card payments of orders, through the shop's own account at a provider (Stripe, or Mollie):
//! the shop's keys (sealed at rest), starting an order's payment, learning its outcome from the
//! provider alone (a verified webhook, or our own request to the provider, never the shopper's
//! return to the site), refunds that never exceed what was received, and rental deposits.
//!
//! No database transaction is held while the provider is called: a refund reserves its amount
//! first (so two refunds at once cannot both pass the check), then calls the provider, then
//! records the provider's answer or gives the reservation back.

use domain::order::PaymentMethod;
use domain::ValidationError;
use payments::mollie::Mollie;
use payments::sealed::{masked, Sealer};
use payments::stripe::Stripe;
use payments::{Any, ProviderError};
use store::id::ShopId;
use store::payment::Account;
use store::Store;

use crate::{Error, Result};

pub const STRIPE: &str = "stripe";
pub const MOLLIE: &str = "mollie";
/// How a card payment is captured: at once (an order's payment) or later (a rental's deposit,
/// only authorised).
const AUTOMATIC: &str = "automatic";
const MANUAL: &str = "manual";
/// Days a card order whose payment was not made waits before it is cancelled (its stock and
/// booked periods come back); a payment that still arrives afterwards shows as a refund due.
pub const CARD_UNPAID_DAYS: i64 = 1;
/// A deposit's state once the seller released it (the provider calls it cancelled).
pub const RELEASED: &str = "released";
/// A deposit's state while the seller's capture or release is asked of the provider.
pub const SETTLING: &str = "settling";

/// Where the platform reaches the providers (configuration: stand-ins in tests).
#[derive(Debug)]
pub struct Providers {
    pub stripe_api: String,
    pub mollie_api: String,
    pub sealer: Sealer,
}

fn refused(code: &'static str) -> Error {
    Error::Refused(ValidationError::new(code))
}

fn provider_error(e: ProviderError) -> Error {
    tracing::warn!(error = %e, "payment provider");
    match e {
        ProviderError::Unreachable(_) => refused("payment-provider-unreachable"),
        ProviderError::Refused { .. } => refused("payment-provider-refused"),
    }
}

/// What a sealed secret is bound to: its shop, provider and field.
fn context(shop: ShopId, provider: &str, field: &str) -> String {
    format!("shop:{shop}:{provider}:{field}")
}

/// What the seller types to connect their Stripe account.
pub struct StripeKeys<'a> {
    pub publishable_key: &'a str,
    /// Empty: keep the one saved.
    pub secret_key: &'a str,
    /// Empty: keep the one saved.
    pub webhook_secret: &'a str,
    /// Offer card payment at checkout (needs the webhook secret: the order becomes paid on
    /// Stripe's signed word, even when the shopper closes the page).
    pub enabled: bool,
}

/// Saves the shop's Stripe keys, the secrets sealed, and whether checkout offers card payment;
/// refused when a key is not of its kind.
pub async fn save_stripe_keys(
    store: &Store,
    p: &Providers,
    shop: ShopId,
    k: &StripeKeys<'_>,
) -> Result<()> {
    let publishable = k.publishable_key.trim();
    let secret = k.secret_key.trim();
    let webhook = k.webhook_secret.trim();
    if !(publishable.starts_with("pk_test_") || publishable.starts_with("pk_live_"))
        || publishable.len() > 255
    {
        return Err(refused("stripe-publishable-key-invalid"));
    }
    let mut tx = store.begin().await?;
    let saved = store::payment::account(&mut tx, shop, STRIPE).await?;
    let (secret_sealed, hint) = match (secret, &saved) {
        ("", Some(a)) => (a.secret_key_sealed.clone(), a.secret_key_hint.clone()),
        ("", None) => return Err(refused("stripe-secret-key-invalid")),
        (s, _) => {
            if !(s.starts_with("sk_test_") || s.starts_with("sk_live_") || s.starts_with("rk_"))
                || s.len() > 255
                || s.chars().any(char::is_whitespace)
            {
                return Err(refused("stripe-secret-key-invalid"));
            }
            (
                p.sealer.seal(&context(shop, STRIPE, "secret_key"), s),
                masked(s),
            )
        }
    };
    // Test keys go with test keys, live with live.
    let live = publishable.starts_with("pk_live_");
    if !hint.starts_with("rk_") && hint.starts_with("sk_live_") != live {
        return Err(refused("stripe-keys-mixed"));
    }
    let webhook_sealed = match (webhook, &saved) {
        ("", Some(a)) => a.webhook_secret_sealed.clone(),
        ("", None) => String::new(),
        (w, _) => {
            if !w.starts_with("whsec_") || w.len() > 255 {
                return Err(refused("stripe-webhook-secret-invalid"));
            }
            p.sealer.seal(&context(shop, STRIPE, "webhook_secret"), w)
        }
    };
    if k.enabled && webhook_sealed.is_empty() {
        return Err(refused("stripe-webhook-secret-required"));
    }
    set_card_method(&mut tx, shop, STRIPE, k.enabled).await?;
    store::payment::save_account(
        &mut tx,
        shop,
        &Account {
            provider: STRIPE.into(),
            publishable_key: publishable.into(),
            secret_key_sealed: secret_sealed,
            secret_key_hint: hint,
            webhook_secret_sealed: webhook_sealed,
            updated_at: 0,
        },
    )
    .await?;
    store::commit(tx).await?;
    Ok(())
}

/// Turns card payment at checkout on with `provider`'s account, or off when that provider
/// was the one used (turning off the other provider's form leaves the active one alone).
async fn set_card_method(
    tx: &mut store::Conn,
    shop: ShopId,
    provider: &str,
    enabled: bool,
) -> Result<()> {
    let active = card_provider(&mut *tx, shop).await?;
    if !enabled && active.as_deref().is_some_and(|a| a != provider) {
        return Ok(());
    }
    store::payment::upsert(
        &mut *tx,
        shop,
        PaymentMethod::Card.as_str(),
        enabled,
        &serde_json::json!({ "cancel_after_days": CARD_UNPAID_DAYS, "provider": provider }),
    )
    .await?;
    Ok(())
}

/// The provider whose account takes the shop's card payments, when card payment is on.
pub(crate) async fn card_provider(conn: &mut store::Conn, shop: ShopId) -> Result<Option<String>> {
    let card = store::payment::list(conn, shop)
        .await?
        .into_iter()
        .find(|m| m.code == PaymentMethod::Card.as_str() && m.enabled != 0);
    Ok(card.map(|m| {
        serde_json::from_str::<serde_json::Value>(&m.settings)
            .ok()
            .and_then(|v| v["provider"].as_str().map(str::to_string))
            .unwrap_or_else(|| STRIPE.to_string())
    }))
}

/// Saves the shop's Mollie API key (sealed), and whether checkout offers card payment through
/// Mollie; refused when the key is not one.
pub async fn save_mollie_key(
    store: &Store,
    p: &Providers,
    shop: ShopId,
    api_key: &str,
    enabled: bool,
) -> Result<()> {
    let key = api_key.trim();
    let mut tx = store.begin().await?;
    let saved = store::payment::account(&mut tx, shop, MOLLIE).await?;
    let (sealed, hint) = match (key, &saved) {
        ("", Some(a)) => (a.secret_key_sealed.clone(), a.secret_key_hint.clone()),
        ("", None) => return Err(refused("mollie-key-invalid")),
        (k, _) => {
            if !(k.starts_with("live_") || k.starts_with("test_"))
                || k.len() > 255
                || !k.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
            {
                return Err(refused("mollie-key-invalid"));
            }
            (
                p.sealer.seal(&context(shop, MOLLIE, "secret_key"), k),
                masked(k),
            )
        }
    };
    set_card_method(&mut tx, shop, MOLLIE, enabled).await?;
    store::payment::save_account(
        &mut tx,
        shop,
        &Account {
            provider: MOLLIE.into(),
            publishable_key: String::new(),
            secret_key_sealed: sealed,
            secret_key_hint: hint,
            webhook_secret_sealed: String::new(),
            updated_at: 0,
        },
    )
    .await?;
    store::commit(tx).await?;
    Ok(())
}

/// Forgets the shop's keys at `provider`; checkout stops offering card payment if it went
/// through it. Payments made so far stay recorded (their refunds then need the keys again).
pub async fn remove_account(store: &Store, shop: ShopId, provider: &str) -> Result<()> {
    let mut tx = store.begin().await?;
    set_card_method(&mut tx, shop, provider, false).await?;
    store::payment::delete_account(&mut tx, shop, provider).await?;
    store::commit(tx).await?;
    Ok(())
}

/// What the admin shows of the shop's account at a provider: never a secret, only its masked
/// hint.
#[derive(Debug, Clone, Default)]
pub struct AccountSettings {
    pub connected: bool,
    /// Card payment at checkout goes through this account.
    pub enabled: bool,
    pub publishable_key: String,
    pub secret_key_hint: String,
    pub has_webhook_secret: bool,
    /// Saved under another server secret: the seller must enter the keys again.
    pub unreadable: bool,
}

pub async fn account_settings(
    store: &Store,
    p: &Providers,
    shop: ShopId,
    provider: &str,
) -> Result<AccountSettings> {
    let mut conn = store.reader().await?;
    let enabled = card_provider(&mut conn, shop).await?.as_deref() == Some(provider);
    let Some(a) = store::payment::account(&mut conn, shop, provider).await? else {
        return Ok(AccountSettings::default());
    };
    Ok(AccountSettings {
        connected: true,
        enabled,
        unreadable: p
            .sealer
            .open(&context(shop, provider, "secret_key"), &a.secret_key_sealed)
            .is_err(),
        has_webhook_secret: !a.webhook_secret_sealed.is_empty(),
        publishable_key: a.publishable_key,
        secret_key_hint: a.secret_key_hint,
    })
}

/// The shop's account at a provider, opened: the client, the publishable key, the webhook
/// secret (Stripe's).
pub struct CardAccount {
    pub provider: &'static str,
    pub client: Any,
    pub publishable_key: String,
    pub webhook_secret: Option<String>,
}

/// The shop's account at `provider` ("stripe", "mollie"), if it has one that opens.
pub async fn account_of(
    store: &Store,
    p: &Providers,
    shop: ShopId,
    provider: &str,
) -> Result<Option<CardAccount>> {
    let name = match provider {
        STRIPE => STRIPE,
        MOLLIE => MOLLIE,
        _ => return Ok(None),
    };
    let mut conn = store.reader().await?;
    let Some(a) = store::payment::account(&mut conn, shop, name).await? else {
        return Ok(None);
    };
    let Ok(secret) = p
        .sealer
        .open(&context(shop, name, "secret_key"), &a.secret_key_sealed)
    else {
        // Sealed under another server secret: the seller must enter the keys again.
        tracing::warn!(
            shop_id = shop.get(),
            provider = name,
            "keys cannot be opened"
        );
        return Ok(None);
    };
    let webhook_secret = p
        .sealer
        .open(
            &context(shop, name, "webhook_secret"),
            &a.webhook_secret_sealed,
        )
        .ok();
    let client = match name {
        STRIPE => Any::Stripe(Stripe::new(&p.stripe_api, &secret)),
        _ => Any::Mollie(Mollie::new(&p.mollie_api, &secret)),
    };
    Ok(Some(CardAccount {
        provider: name,
        client,
        publishable_key: a.publishable_key,
        webhook_secret,
    }))
}

/// The shop's Stripe account (see [`account_of`]).
pub async fn stripe_account(
    store: &Store,
    p: &Providers,
    shop: ShopId,
) -> Result<Option<CardAccount>> {
    account_of(store, p, shop, STRIPE).await
}

/// The account that takes the shop's card payments now, if card payment is on.
pub async fn active_account(
    store: &Store,
    p: &Providers,
    shop: ShopId,
) -> Result<Option<CardAccount>> {
    let provider = {
        let mut conn = store.reader().await?;
        card_provider(&mut conn, shop).await?
    };
    match provider {
        Some(name) => account_of(store, p, shop, &name).await,
        None => Ok(None),
    }
}

mod card;
mod deposit;
mod refund;

pub use card::*;
pub use deposit::*;
pub use refund::*;

/// How many payments the shop's list shows (the newest).
pub const LIST_LIMIT: i64 = 200;

/// The shop's latest payments (card payments and the money of orders paid otherwise), newest
/// first.
pub async fn recent(store: &Store, shop: ShopId) -> Result<Vec<store::payment::PaymentLine>> {
    let mut conn = store.reader().await?;
    Ok(store::payment::recent(&mut conn, shop, LIST_LIMIT).await?)
}
