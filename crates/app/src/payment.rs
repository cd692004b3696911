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
/// How a card payment is captured: at once (an order's payment) or later (a rental's deposit,
/// only authorised).
const AUTOMATIC: &str = "automatic";
const MANUAL: &str = "manual";
/// Days a card order whose payment was not made waits before it is cancelled (its stock and
/// booked periods come back); a payment that still arrives afterwards shows as a refund due.
pub const CARD_UNPAID_DAYS: i64 = 1;
/// A deposit's state once the seller released it (the provider calls it cancelled).
pub const RELEASED: &str = "released";

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
        &serde_json::json!({ "cancel_after_days": CARD_UNPAID_DAYS }),
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
#[derive(Clone)]
pub struct CardStart {
    pub publishable_key: String,
    pub client_secret: String,
    pub amount_minor: i64,
    pub currency: String,
}

impl std::fmt::Debug for CardStart {
    // Hand-written: the client secret is never written to a log.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CardStart")
            .field("publishable_key", &self.publishable_key)
            .field("client_secret", &"***")
            .field("amount_minor", &self.amount_minor)
            .field("currency", &self.currency)
            .finish()
    }
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
    let open = started.iter().find(|c| {
        c.provider == STRIPE && c.capture == AUTOMATIC && c.state == State::Pending.as_str()
    });
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
                    capture: AUTOMATIC.into(),
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
    // A deposit the seller captured or released is settled by what our own request to the
    // provider answered (later news of that very capture or release adds nothing); and news
    // older than what is recorded (fetched before another request recorded a later state)
    // never takes a payment back.
    if !moves_forward(&c.state, told.state) {
        return Ok(Outcome::Unchanged);
    }
    store::payment::set_card_state(
        &mut *tx,
        sid,
        c.id,
        told.state.as_str(),
        told.received_minor,
    )
    .await?;
    // A deposit is only held: it never pays the order.
    if c.capture == MANUAL || told.state != State::Paid {
        return Ok(Outcome::Unchanged);
    }
    let order = store::order::by_id(&mut *tx, sid, OrderId(c.order_id))
        .await?
        .ok_or(store::StoreError::NotFound)?;
    let covers = told.currency == order.currency && told.received_minor >= order.total_minor;
    if !covers {
        tracing::warn!(
            shop_id = sid.get(),
            order = %order.number,
            received = told.received_minor,
            total = order.total_minor,
            "card payment does not cover the order"
        );
        return Ok(Outcome::Unchanged);
    }
    let by = Actor {
        kind: ActorKind::Provider,
        id: None,
    };
    if order.status == OrderStatus::AwaitingPayment.as_str() {
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
        return Ok(Outcome::Paid);
    }
    if order.status == OrderStatus::Cancelled.as_str() && order.paid_minor < order.total_minor {
        // Paid after the order was cancelled (a page left open): the money is recorded, so
        // that the seller sees a refund due and can give it back from the order's page.
        tracing::warn!(
            shop_id = sid.get(),
            order = %order.number,
            "card payment arrived after the order was cancelled: refund due"
        );
        apply_in(
            &mut *tx,
            shop,
            &order.number,
            OrderEvent::MarkPaid,
            None,
            by,
            |_, _| None,
        )
        .await?;
    }
    Ok(Outcome::Unchanged)
}

/// Whether the provider's news about a payment recorded as `recorded` moves it forward:
/// pending → authorised → paid, or to failed before being paid; never back.
fn moves_forward(recorded: &str, told: State) -> bool {
    let rank = |s: &str| match s {
        "pending" => 0,
        "authorised" => 1,
        _ => 2, // paid, failed, released: settled
    };
    let now = rank(recorded);
    match told {
        State::Pending => now == 0,
        State::Authorised => now <= 1,
        State::Paid | State::Failed => now <= 1,
    }
}

/// What may still be refunded by card on an order: what its card payment took, less what was
/// given back. The admin's form and [`refund`] read it the same way.
pub fn refundable_of(payments: &[CardPayment]) -> Option<&CardPayment> {
    payments
        .iter()
        .rfind(|c| c.capture == AUTOMATIC && c.state == State::Paid.as_str())
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
    // 0. Refunds asked earlier whose answer never came are asked again first, under their
    //    own names: the provider makes each once, and what is left is known.
    settle_pending(store, &account.client, shop, number).await?;
    // 1. Reserve the amount under the order's lock.
    let reservation = format!("pending-{}", store::new_id());
    let (order, payment) = {
        let mut tx = store.begin().await?;
        let order = store::order::lock(&mut tx, sid, number)
            .await?
            .ok_or_else(|| refused("order-unknown"))?;
        let all = store::payment::card_payments_of(&mut tx, sid, order.id).await?;
        let paid = refundable_of(&all)
            .cloned()
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
    let pending = store::payment::PendingRefund {
        payment_id: payment.id,
        payment_reference: payment.reference,
        reservation,
        amount_minor,
        staff_id: staff,
    };
    let done = account
        .client
        .refund(
            &pending.payment_reference,
            amount_minor,
            &pending.reservation,
        )
        .await;
    // 3. Record its answer.
    finish_refund(store, shop, &order.number, &pending, done).await
}

/// Seconds after which a refund reserved and not confirmed has surely had its request to the
/// provider end (the client gives up after 30 s): only then is it asked again. Sooner, it may
/// be a request still under way in another task.
const UNANSWERED_AFTER: i64 = 60;

/// Asks the provider again for the order's refunds whose answer never came (a timeout, a
/// broken connection), each under its own idempotency key so that none is made twice; records
/// the answers. Refused with `refund-unconfirmed` while the provider still does not answer.
async fn settle_pending(store: &Store, client: &Stripe, shop: &Shop, number: &str) -> Result<()> {
    let sid = shop.sid();
    let pending = {
        let mut conn = store.reader().await?;
        let Some(order) = store::order::by_number(&mut conn, sid, number).await? else {
            return Ok(());
        };
        let settled = store::now() - UNANSWERED_AFTER;
        store::payment::pending_card_refunds(&mut conn, sid, order.id, settled).await?
    };
    for r in pending {
        let done = client
            .refund(&r.payment_reference, r.amount_minor, &r.reservation)
            .await;
        finish_refund(store, shop, number, &r, done).await?;
    }
    Ok(())
}

/// The order's refunds whose answer never came, asked again (see [`refund`]): for the order's
/// admin page. Returns whether some still wait for the provider.
pub async fn check_refunds(
    store: &Store,
    p: &Providers,
    shop: &Shop,
    number: &str,
) -> Result<bool> {
    let sid = shop.sid();
    let waiting = {
        let mut conn = store.reader().await?;
        let Some(order) = store::order::by_number(&mut conn, sid, number).await? else {
            return Ok(false);
        };
        !store::payment::pending_card_refunds(&mut conn, sid, order.id, i64::MAX)
            .await?
            .is_empty()
    };
    if !waiting {
        return Ok(false);
    }
    let Some(account) = stripe_account(store, p, sid).await? else {
        return Ok(true);
    };
    match settle_pending(store, &account.client, shop, number).await {
        Ok(()) => {}
        Err(Error::Refused(_)) => return Ok(true),
        Err(e) => return Err(e),
    }
    // Those too recent to ask again still wait.
    let mut conn = store.reader().await?;
    let Some(order) = store::order::by_number(&mut conn, sid, number).await? else {
        return Ok(false);
    };
    Ok(
        !store::payment::pending_card_refunds(&mut conn, sid, order.id, i64::MAX)
            .await?
            .is_empty(),
    )
}

/// Records the provider's answer to a reserved refund: made (the order's refunded total grows,
/// once however many requests learn it), refused (the reservation is given back), or unknown
/// (the reservation stays, counted, so that nothing more than was paid can be refunded while
/// its fate is open; it is asked again later).
async fn finish_refund(
    store: &Store,
    shop: &Shop,
    number: &str,
    r: &store::payment::PendingRefund,
    done: std::result::Result<payments::Refund, ProviderError>,
) -> Result<store::order::Order> {
    let sid = shop.sid();
    match done {
        Ok(made) => {
            let mut tx = store.begin().await?;
            let first = store::payment::confirm_card_refund(
                &mut tx,
                sid,
                r.payment_id,
                &r.reservation,
                &made.id,
            )
            .await?;
            let after = if first {
                let by = Actor {
                    kind: ActorKind::Staff,
                    id: r.staff_id,
                };
                let event = OrderEvent::Refund {
                    amount_minor: r.amount_minor,
                };
                apply_in(&mut tx, shop, number, event, None, by, |_, _| None).await?
            } else {
                store::order::by_number(&mut tx, sid, number)
                    .await?
                    .ok_or_else(|| refused("order-unknown"))?
            };
            store::commit(tx).await?;
            Ok(after)
        }
        Err(e @ ProviderError::Refused { .. }) => {
            let mut tx = store.begin().await?;
            store::payment::drop_card_refund(
                &mut tx,
                sid,
                r.payment_id,
                &r.reservation,
                r.amount_minor,
            )
            .await?;
            store::commit(tx).await?;
            Err(provider_error(e))
        }
        Err(e @ ProviderError::Unreachable(_)) => {
            tracing::warn!(error = %e, order = number, "refund not confirmed by the provider");
            Err(refused("refund-unconfirmed"))
        }
    }
}

/// The deposit of an order's rentals, held on the customer's card, as it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Deposit {
    /// The order asks none, or is not paid by card.
    None,
    /// To be authorised by the customer (on the order's page), once the order is paid.
    Due { amount_minor: i64 },
    /// Authorised: the seller captures it (all or part) or releases it.
    Held { amount_minor: i64 },
    /// Captured (`taken_minor`) or released (0).
    Settled { taken_minor: i64 },
}

/// Where the order's deposit stands.
pub fn deposit_of(order: &store::order::Order, payments: &[CardPayment]) -> Deposit {
    if order.deposit_minor <= 0 || order.payment_method != PaymentMethod::Card.as_str() {
        return Deposit::None;
    }
    let deposits: Vec<&CardPayment> = payments.iter().filter(|c| c.capture == MANUAL).collect();
    let with = |state: &str| deposits.iter().find(|c| c.state == state);
    if let Some(c) = with(State::Authorised.as_str()) {
        return Deposit::Held {
            amount_minor: c.amount_minor,
        };
    }
    if let Some(c) = with(State::Paid.as_str()) {
        return Deposit::Settled {
            taken_minor: c.received_minor,
        };
    }
    if with(RELEASED).is_some() {
        return Deposit::Settled { taken_minor: 0 };
    }
    // None yet, or refused by the bank: to authorise while the rental is ahead.
    match OrderStatus::parse(&order.status) {
        Ok(OrderStatus::Paid | OrderStatus::Preparing | OrderStatus::Shipped) => Deposit::Due {
            amount_minor: order.deposit_minor,
        },
        _ => Deposit::None,
    }
}

/// Where the deposit of `order` stands, from its recorded card payments.
pub async fn order_deposit(
    store: &Store,
    shop: ShopId,
    order: &store::order::Order,
) -> Result<Deposit> {
    if order.deposit_minor <= 0 {
        return Ok(Deposit::None);
    }
    let mut conn = store.reader().await?;
    let payments = store::payment::card_payments_of(&mut conn, shop, order.id).await?;
    Ok(deposit_of(order, &payments))
}

/// Starts the authorisation of the order's deposit (manual capture), or gives back the one
/// started: the customer confirms it with stripe.js as for a payment, nothing is taken.
pub async fn start_deposit(
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
    let Deposit::Due { amount_minor } = deposit_of(&order, &started) else {
        return Err(refused("deposit-not-due"));
    };
    let open = started.iter().find(|c| {
        c.provider == STRIPE && c.capture == MANUAL && c.state == State::Pending.as_str()
    });
    let payment = match open {
        Some(c) => account
            .client
            .fetch(&c.reference)
            .await
            .map_err(provider_error)?,
        None => {
            let attempt = started.len() + 1;
            let key = format!("vitrine-{sid}-{}-deposit-{attempt}", order.id.0);
            let made = account
                .client
                .create(&NewPayment {
                    amount_minor,
                    currency: &order.currency,
                    capture: Capture::Manual,
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
                    capture: MANUAL.into(),
                    state: made.state.as_str().into(),
                    amount_minor: made.amount_minor,
                    currency: made.currency.clone(),
                    received_minor: 0,
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

/// What the seller does with a held deposit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Settle {
    /// Gives it all back (the rental came back as lent).
    Release,
    /// Keeps `amount_minor` of it (damage, late return); the rest is released by the bank.
    Capture { amount_minor: i64 },
}

/// Captures part or all of the order's held deposit, or releases it, at the provider; then
/// records what the provider says. Refused when nothing is held or when more than was held
/// is asked.
pub async fn settle_deposit(
    store: &Store,
    p: &Providers,
    shop: &Shop,
    number: &str,
    how: Settle,
) -> Result<Deposit> {
    let sid = shop.sid();
    let account = stripe_account(store, p, sid)
        .await?
        .ok_or_else(|| refused("payment-card-unavailable"))?;
    let (order, held) = {
        let mut conn = store.reader().await?;
        let o = store::order::by_number(&mut conn, sid, number)
            .await?
            .ok_or_else(|| refused("order-unknown"))?;
        let held = store::payment::card_payments_of(&mut conn, sid, o.id)
            .await?
            .into_iter()
            .find(|c| c.capture == MANUAL && c.state == State::Authorised.as_str())
            .ok_or_else(|| refused("deposit-not-held"))?;
        (o, held)
    };
    let told = match how {
        Settle::Release => account.client.cancel(&held.reference).await,
        Settle::Capture { amount_minor } => {
            if amount_minor <= 0 {
                return Err(refused("deposit-amount-invalid"));
            }
            if amount_minor > held.amount_minor {
                return Err(Error::Refused(
                    ValidationError::new("deposit-too-much").with("max", held.amount_minor),
                ));
            }
            account
                .client
                .capture(&held.reference, amount_minor)
                .await
                .map(|mut t| {
                    // What was asked is what was taken (some answers give the authorised sum).
                    t.received_minor = t.received_minor.min(amount_minor);
                    t
                })
        }
    }
    .map_err(provider_error)?;
    let state = match (how, told.state) {
        (Settle::Release, State::Failed) => RELEASED,
        (_, s) => s.as_str(),
    };
    let mut tx = store.begin().await?;
    store::payment::set_card_state(&mut tx, sid, held.id, state, told.received_minor).await?;
    store::commit(tx).await?;
    let mut conn = store.reader().await?;
    let now = store::payment::card_payments_of(&mut conn, sid, order.id).await?;
    Ok(deposit_of(&order, &now))
}
