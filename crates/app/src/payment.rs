//! Card payments of orders, through the shop's own account at a provider (Stripe): the shop's
//! keys (sealed at rest), starting an order's payment, learning its outcome from the provider
//! alone (a verified webhook, or our own request to the provider, never the shopper's return
//! to the site), and refunds that never exceed what was received.
//!
//! No database transaction is held while the provider is called: a refund reserves its amount
//! first (so two refunds at once cannot both pass the check), then calls the provider, then
//! records the provider's answer or gives the reservation back.

use domain::order::{ActorKind, OrderEvent, OrderStatus, PaymentMethod};
use domain::ValidationError;
use payments::sealed::{masked, Sealer};
use payments::stripe::Stripe;
use payments::{Capture, NewPayment, Provider, ProviderError, State};
use store::id::{OrderId, ShopId};
use store::payment::{Account, CardPayment};
use store::shop::Shop;
use store::Store;

use crate::order::{apply_in, Actor};
use crate::{Error, Result};

pub const STRIPE: &str = "stripe";

/// Where the platform reaches the providers (configuration: localstripe in tests).
#[derive(Debug)]
pub struct Providers {
    pub stripe_api: String,
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

fn context(shop: ShopId, field: &str) -> String {
    format!("shop:{shop}:{STRIPE}:{field}")
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
            (p.sealer.seal(&context(shop, "secret_key"), s), masked(s))
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
            p.sealer.seal(&context(shop, "webhook_secret"), w)
        }
    };
    if k.enabled && webhook_sealed.is_empty() {
        return Err(refused("stripe-webhook-secret-required"));
    }
    store::payment::upsert(
        &mut tx,
        shop,
        PaymentMethod::Card.as_str(),
        k.enabled,
        &serde_json::json!({}),
    )
    .await?;
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

/// Forgets the shop's Stripe keys; checkout stops offering card payment. Payments made so far
/// stay recorded (their refunds then need the keys again).
pub async fn remove_stripe(store: &Store, shop: ShopId) -> Result<()> {
    let mut tx = store.begin().await?;
    store::payment::upsert(
        &mut tx,
        shop,
        PaymentMethod::Card.as_str(),
        false,
        &serde_json::json!({}),
    )
    .await?;
    store::payment::delete_account(&mut tx, shop, STRIPE).await?;
    store::commit(tx).await?;
    Ok(())
}

/// What the admin shows of the shop's Stripe account: never a secret, only its masked hint.
#[derive(Debug, Clone, Default)]
pub struct StripeSettings {
    pub connected: bool,
    pub enabled: bool,
    pub publishable_key: String,
    pub secret_key_hint: String,
    pub has_webhook_secret: bool,
    /// Saved under another server secret: the seller must enter the keys again.
    pub unreadable: bool,
}

pub async fn stripe_settings(store: &Store, p: &Providers, shop: ShopId) -> Result<StripeSettings> {
    let mut conn = store.reader().await?;
    let enabled = store::payment::list(&mut conn, shop)
        .await?
        .iter()
        .any(|m| m.code == PaymentMethod::Card.as_str() && m.enabled != 0);
    let Some(a) = store::payment::account(&mut conn, shop, STRIPE).await? else {
        return Ok(StripeSettings::default());
    };
    Ok(StripeSettings {
        connected: true,
        enabled,
        unreadable: p
            .sealer
            .open(&context(shop, "secret_key"), &a.secret_key_sealed)
            .is_err(),
        has_webhook_secret: !a.webhook_secret_sealed.is_empty(),
        publishable_key: a.publishable_key,
        secret_key_hint: a.secret_key_hint,
    })
}

/// The shop's Stripe account, opened: the client, the publishable key, the webhook secret.
pub struct StripeAccount {
    pub client: Stripe,
    pub publishable_key: String,
    pub webhook_secret: Option<String>,
}

pub async fn stripe_account(
    store: &Store,
    p: &Providers,
    shop: ShopId,
) -> Result<Option<StripeAccount>> {
    let mut conn = store.reader().await?;
    let Some(a) = store::payment::account(&mut conn, shop, STRIPE).await? else {
        return Ok(None);
    };
    let Ok(secret) = p
        .sealer
        .open(&context(shop, "secret_key"), &a.secret_key_sealed)
    else {
        // Sealed under another server secret: the seller must enter the keys again.
        tracing::warn!(shop_id = shop.get(), "Stripe keys cannot be opened");
        return Ok(None);
    };
    let webhook_secret = p
        .sealer
        .open(&context(shop, "webhook_secret"), &a.webhook_secret_sealed)
        .ok();
    Ok(Some(StripeAccount {
        client: Stripe::new(&p.stripe_api, &secret),
        publishable_key: a.publishable_key,
        webhook_secret,
    }))
}

/// What the shopper's browser needs to pay an order by card with stripe.js.
#[derive(Debug, Clone)]
pub struct CardStart {
    pub publishable_key: String,
    pub client_secret: String,
    pub amount_minor: i64,
    pub currency: String,
}

/// Starts the card payment of an order awaiting it, or gives back the one started (a reload
/// of the page, a second tab): one payment at the provider per order, whatever the clicks.
pub async fn start_card(
    store: &Store,
    p: &Providers,
    shop: &Shop,
    number: &str,
) -> Result<CardStart> {
    let sid = shop.sid();
    let account = stripe_account(store, p, sid)
        .await?
        .ok_or_else(|| refused("payment-card-unavailable"))?;
    let (order, started) = {
        let mut conn = store.reader().await?;
        let o = store::order::by_number(&mut conn, sid, number)
            .await?
            .ok_or_else(|| refused("order-unknown"))?;
        let started = store::payment::card_payments_of(&mut conn, sid, o.id).await?;
        (o, started)
    };
    if order.payment_method != PaymentMethod::Card.as_str() {
        return Err(refused("payment-not-card"));
    }
    if order.status != OrderStatus::AwaitingPayment.as_str() {
        return Err(refused("payment-not-due"));
    }
    let open = started
        .iter()
        .find(|c| c.provider == STRIPE && c.state == State::Pending.as_str());
    let payment = match open {
        Some(c) => account
            .client
            .fetch(&c.reference)
            .await
            .map_err(provider_error)?,
        None => {
            let attempt = started.len() + 1;
            let key = format!("vitrine-{sid}-{}-{attempt}", order.id.0);
            let made = account
                .client
                .create(&NewPayment {
                    amount_minor: order.total_minor,
                    currency: &order.currency,
                    capture: Capture::Automatic,
                    idempotency_key: &key,
                    shop: &shop.slug,
                    order: &order.number,
                })
                .await
                .map_err(provider_error)?;
            let now = store::now();
            let mut tx = store.begin().await?;
            store::payment::insert_card_payment(
                &mut tx,
                sid,
                &CardPayment {
                    id: store::new_id(),
                    order_id: order.id.0,
                    provider: STRIPE.into(),
                    reference: made.id.clone(),
                    capture: "automatic".into(),
                    state: made.state.as_str().into(),
                    amount_minor: made.amount_minor,
                    currency: made.currency.clone(),
                    received_minor: made.received_minor,
                    refunded_minor: 0,
                    created_at: now,
                    updated_at: now,
                },
            )
            .await?;
            store::commit(tx).await?;
            made
        }
    };
    Ok(CardStart {
        publishable_key: account.publishable_key,
        client_secret: payment
            .client_secret
            .ok_or_else(|| refused("payment-provider-refused"))?,
        amount_minor: payment.amount_minor,
        currency: payment.currency,
    })
}

/// What became of a payment once the provider's word was recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Not a payment of this shop's orders (another integration's, or unknown).
    Unknown,
    /// Recorded; the order is as it was (still pending, or already paid).
    Unchanged,
    /// The order is now paid.
    Paid,
}

/// Asks the provider where payment `reference` stands and records it: the order becomes paid
/// once the provider says the whole total was received. `email` writes the customer's
/// "payment received" message.
pub async fn sync(
    store: &Store,
    shop: &Shop,
    client: &Stripe,
    reference: &str,
    email: impl FnOnce(&store::order::Order, OrderStatus) -> Option<store::outbox::EmailMessage>,
) -> Result<Outcome> {
    let told = client.fetch(reference).await.map_err(provider_error)?;
    let mut tx = store.begin().await?;
    let outcome = record(&mut tx, shop, &told, email).await?;
    store::commit(tx).await?;
    Ok(outcome)
}

async fn record(
    tx: &mut store::Conn,
    shop: &Shop,
    told: &payments::Payment,
    email: impl FnOnce(&store::order::Order, OrderStatus) -> Option<store::outbox::EmailMessage>,
) -> Result<Outcome> {
    let sid = shop.sid();
    let Some(c) = store::payment::lock_card_payment(&mut *tx, sid, STRIPE, &told.id).await? else {
        return Ok(Outcome::Unknown);
    };
    store::payment::set_card_state(
        &mut *tx,
        sid,
        c.id,
        told.state.as_str(),
        told.received_minor,
    )
    .await?;
    if told.state != State::Paid {
        return Ok(Outcome::Unchanged);
    }
    let order = store::order::by_id(&mut *tx, sid, OrderId(c.order_id))
        .await?
        .ok_or(store::StoreError::NotFound)?;
    // Paid in full, in the order's currency, and the order still waits for it.
    if order.status != OrderStatus::AwaitingPayment.as_str()
        || told.currency != order.currency
        || told.received_minor < order.total_minor
    {
        if order.status == OrderStatus::AwaitingPayment.as_str() {
            tracing::warn!(
                shop_id = sid.get(),
                order = %order.number,
                received = told.received_minor,
                total = order.total_minor,
                "card payment does not cover the order"
            );
        }
        return Ok(Outcome::Unchanged);
    }
    let by = Actor {
        kind: ActorKind::Provider,
        id: None,
    };
    apply_in(
        &mut *tx,
        shop,
        &order.number,
        OrderEvent::MarkPaid,
        None,
        by,
        email,
    )
    .await?;
    Ok(Outcome::Paid)
}

/// The shopper is back from paying (stripe.js has had Stripe's answer): asks Stripe where the
/// order's open card payment stands and records it. The browser's word counts for nothing:
/// only Stripe's answer to our own request.
pub async fn check_order(
    store: &Store,
    p: &Providers,
    shop: &Shop,
    order: OrderId,
    email: impl FnOnce(&store::order::Order, OrderStatus) -> Option<store::outbox::EmailMessage>,
) -> Result<Outcome> {
    let sid = shop.sid();
    let open = {
        let mut conn = store.reader().await?;
        store::payment::card_payments_of(&mut conn, sid, order)
            .await?
            .into_iter()
            .rfind(|c| c.provider == STRIPE && c.state == State::Pending.as_str())
    };
    let Some(open) = open else {
        return Ok(Outcome::Unchanged);
    };
    let account = stripe_account(store, p, sid)
        .await?
        .ok_or_else(|| refused("payment-card-unavailable"))?;
    sync(store, shop, &account.client, &open.reference, email).await
}

/// Why a webhook was not taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HookRefusal {
    /// The shop has no Stripe account with a webhook secret.
    NotConfigured,
    /// Forged, altered, stale or malformed.
    BadSignature,
}

/// A Stripe webhook to the shop: verified against the shop's webhook secret, handled once per
/// event id; the payment's state is then asked of Stripe (the event's copy may be stale or come
/// out of order) and recorded.
pub async fn stripe_webhook(
    store: &Store,
    p: &Providers,
    shop: &Shop,
    signature: &str,
    body: &[u8],
    now: i64,
    email: impl FnOnce(&store::order::Order, OrderStatus) -> Option<store::outbox::EmailMessage>,
) -> Result<std::result::Result<Outcome, HookRefusal>> {
    let sid = shop.sid();
    let Some(account) = stripe_account(store, p, sid).await? else {
        return Ok(Err(HookRefusal::NotConfigured));
    };
    let Some(secret) = &account.webhook_secret else {
        return Ok(Err(HookRefusal::NotConfigured));
    };
    if payments::stripe::signature::verify(
        signature,
        body,
        secret,
        now,
        payments::stripe::signature::TOLERANCE_SECONDS,
    )
    .is_err()
    {
        return Ok(Err(HookRefusal::BadSignature));
    }
    let Some(event) = payments::stripe::event(body) else {
        return Ok(Err(HookRefusal::BadSignature));
    };
    let Some(intent) = &event.intent else {
        // Not about a payment (an account update…): taken, nothing to do.
        return Ok(Ok(Outcome::Unknown));
    };
    {
        let mut conn = store.reader().await?;
        if !store::payment::has_card_payment(&mut conn, sid, STRIPE, intent).await? {
            return Ok(Ok(Outcome::Unknown));
        }
    }
    let told = account.client.fetch(intent).await.map_err(provider_error)?;
    let mut tx = store.begin().await?;
    if !store::payment::first_event(&mut tx, sid, STRIPE, &event.id).await? {
        return Ok(Ok(Outcome::Unchanged));
    }
    let outcome = record(&mut tx, shop, &told, email).await?;
    store::commit(tx).await?;
    Ok(Ok(outcome))
}

/// Refunds `amount_minor` of the order's card payment at the provider, never more than was
/// received less what was already given back, even when two refunds are asked at once.
pub async fn refund(
    store: &Store,
    p: &Providers,
    shop: &Shop,
    number: &str,
    amount_minor: i64,
    staff: Option<i64>,
) -> Result<store::order::Order> {
    let sid = shop.sid();
    if amount_minor <= 0 {
        return Err(refused("refund-amount-invalid"));
    }
    let account = stripe_account(store, p, sid)
        .await?
        .ok_or_else(|| refused("payment-card-unavailable"))?;
    // 1. Reserve the amount under the order's lock.
    let reservation = format!("pending-{}", store::new_id());
    let (order, payment) = {
        let mut tx = store.begin().await?;
        let order = store::order::lock(&mut tx, sid, number)
            .await?
            .ok_or_else(|| refused("order-unknown"))?;
        let paid = store::payment::card_payments_of(&mut tx, sid, order.id)
            .await?
            .into_iter()
            .find(|c| c.state == State::Paid.as_str())
            .ok_or_else(|| refused("refund-nothing-paid"))?;
        crate::order::state_of(&order)
            .and_then(|s| s.apply(OrderEvent::Refund { amount_minor }, ActorKind::Staff, 0))
            .map_err(Error::Refused)?;
        if amount_minor > paid.received_minor - paid.refunded_minor {
            return Err(Error::Refused(
                ValidationError::new("refund-too-much")
                    .with("max", paid.received_minor - paid.refunded_minor),
            ));
        }
        store::payment::add_card_refund(&mut tx, sid, paid.id, &reservation, amount_minor, staff)
            .await?;
        store::commit(tx).await?;
        (order, paid)
    };
    // 2. Ask the provider, the reservation naming the request (a retry makes one refund).
    let done = account
        .client
        .refund(&payment.reference, amount_minor, &reservation)
        .await;
    // 3. Record its answer, or give the reservation back.
    let mut tx = store.begin().await?;
    match done {
        Ok(r) => {
            store::payment::confirm_card_refund(&mut tx, sid, payment.id, &reservation, &r.id)
                .await?;
            let by = Actor {
                kind: ActorKind::Staff,
                id: staff,
            };
            let event = OrderEvent::Refund { amount_minor };
            let after =
                apply_in(&mut tx, shop, &order.number, event, None, by, |_, _| None).await?;
            store::commit(tx).await?;
            Ok(after)
        }
        Err(e) => {
            store::payment::drop_card_refund(&mut tx, sid, payment.id, &reservation, amount_minor)
                .await?;
            store::commit(tx).await?;
            Err(provider_error(e))
        }
    }
}
