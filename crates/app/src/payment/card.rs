//! An order's card payment: started once at the provider, and learnt from the provider alone
//! (its webhook, or our own question to it).

use domain::order::{ActorKind, OrderEvent, OrderStatus, PaymentMethod, StatusChange};
use payments::{Any, Capture, NewPayment, Provider, State};
use store::id::OrderId;
use store::payment::CardPayment;
use store::shop::Shop;
use store::Store;

use super::*;
use crate::order::{apply_in, Actor};
use crate::Result;

/// What the shopper needs to pay an order by card: with stripe.js (the publishable key and the
/// payment's client secret), or on the provider's own page (its address, Mollie's).
#[derive(Clone)]
pub struct CardStart {
    pub provider: &'static str,
    pub publishable_key: String,
    /// Empty for a provider with its own checkout page.
    pub client_secret: String,
    pub checkout_url: Option<String>,
    pub amount_minor: i64,
    pub currency: String,
}

impl std::fmt::Debug for CardStart {
    // Hand-written: the client secret is never written to a log.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CardStart")
            .field("provider", &self.provider)
            .field("publishable_key", &self.publishable_key)
            .field("client_secret", &"***")
            .field("checkout_url", &self.checkout_url)
            .field("amount_minor", &self.amount_minor)
            .field("currency", &self.currency)
            .finish()
    }
}

/// Where a provider with its own checkout page sends the shopper back (the order's check
/// address), and where it posts its news (the shop's webhook for it): full addresses.
#[derive(Debug, Clone, Copy)]
pub struct Back<'a> {
    pub page: &'a str,
    pub webhook: &'a str,
}

/// What starting a payment of order `number` needs: the account that takes the shop's card
/// payments, the order, and its payments started so far.
pub(super) async fn opening(
    store: &Store,
    p: &Providers,
    shop: &Shop,
    number: &str,
) -> Result<(CardAccount, store::order::Order, Vec<CardPayment>)> {
    let sid = shop.sid();
    let account = active_account(store, p, sid)
        .await?
        .ok_or_else(|| refused("payment-card-unavailable"))?;
    let mut conn = store.reader().await?;
    let order = store::order::by_number(&mut conn, sid, number)
        .await?
        .ok_or_else(|| refused("order-unknown"))?;
    let started = store::payment::card_payments_of(&mut conn, sid, order.id).await?;
    Ok((account, order, started))
}

/// Starts the card payment of an order awaiting it, or gives back the one started (a reload
/// of the page, a second tab): one payment at the provider per order, whatever the clicks.
pub async fn start_card(
    store: &Store,
    p: &Providers,
    shop: &Shop,
    number: &str,
    back: Back<'_>,
) -> Result<CardStart> {
    let (account, order, started) = opening(store, p, shop, number).await?;
    if order.payment_method != PaymentMethod::Card.as_str() {
        return Err(refused("payment-not-card"));
    }
    if order.status != OrderStatus::AwaitingPayment.as_str() {
        return Err(refused("payment-not-due"));
    }
    let payment = open_or_make(
        store,
        shop,
        &account,
        Want {
            order: &order,
            started: &started,
            capture: Capture::Automatic,
            amount_minor: order.total_minor,
            back,
        },
    )
    .await?;
    card_start(account, payment)
}

/// A payment wanted for an order: its capture and amount, and those already started.
pub(super) struct Want<'a> {
    pub order: &'a store::order::Order,
    pub started: &'a [CardPayment],
    pub capture: Capture,
    pub amount_minor: i64,
    pub back: Back<'a>,
}

/// The open payment of this capture at the account's provider (asked again), or a new one made
/// there and recorded: one per order and capture, whatever the reloads.
pub(super) async fn open_or_make(
    store: &Store,
    shop: &Shop,
    account: &CardAccount,
    w: Want<'_>,
) -> Result<payments::Payment> {
    let sid = shop.sid();
    let (capture, tag) = match w.capture {
        Capture::Automatic => (AUTOMATIC, ""),
        Capture::Manual => (MANUAL, "deposit-"),
    };
    let open = w.started.iter().find(|c| {
        c.provider == account.provider && c.capture == capture && c.state == State::Pending.as_str()
    });
    if let Some(c) = open {
        return account
            .client
            .fetch(&c.reference)
            .await
            .map_err(provider_error);
    }
    let attempt = w.started.len() + 1;
    let key = format!("vitrine-{sid}-{}-{tag}{attempt}", w.order.id.0);
    let made = account
        .client
        .create(&NewPayment {
            amount_minor: w.amount_minor,
            currency: &w.order.currency,
            capture: w.capture,
            idempotency_key: &key,
            shop: &shop.slug,
            order: &w.order.number,
            return_url: Some(w.back.page),
            webhook_url: Some(w.back.webhook),
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
            order_id: w.order.id.0,
            provider: account.provider.into(),
            reference: made.id.clone(),
            capture: capture.into(),
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
    Ok(made)
}

/// What the shopper needs, from the provider's answer: a client secret for stripe.js, or the
/// provider's checkout page.
pub(super) fn card_start(account: CardAccount, payment: payments::Payment) -> Result<CardStart> {
    let usable = match account.provider {
        STRIPE => payment.client_secret.is_some(),
        _ => payment.checkout_url.is_some(),
    };
    if !usable {
        return Err(refused("payment-provider-refused"));
    }
    Ok(CardStart {
        provider: account.provider,
        publishable_key: account.publishable_key,
        client_secret: payment.client_secret.unwrap_or_default(),
        checkout_url: payment.checkout_url,
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
    client: &Any,
    reference: &str,
    email: impl FnOnce(&store::order::Order, &StatusChange) -> Option<store::outbox::EmailMessage>,
) -> Result<Outcome> {
    let told = client.fetch(reference).await.map_err(provider_error)?;
    let provider = match client {
        Any::Stripe(_) => STRIPE,
        Any::Mollie(_) => MOLLIE,
    };
    let mut tx = store.begin().await?;
    let outcome = record(&mut tx, shop, provider, &told, email).await?;
    store::commit(tx).await?;
    Ok(outcome)
}

async fn record(
    tx: &mut store::Conn,
    shop: &Shop,
    provider: &str,
    told: &payments::Payment,
    email: impl FnOnce(&store::order::Order, &StatusChange) -> Option<store::outbox::EmailMessage>,
) -> Result<Outcome> {
    let sid = shop.sid();
    let Some(c) = store::payment::lock_card_payment(&mut *tx, sid, provider, &told.id).await?
    else {
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
    } else if order.paid_minor >= order.total_minor {
        // A second payment of an order already paid (an old page of another provider left
        // open): recorded, to be given back from the order's page.
        tracing::warn!(
            shop_id = sid.get(),
            order = %order.number,
            payment = %told.id,
            "a second card payment of a paid order: to refund"
        );
    }
    Ok(Outcome::Unchanged)
}

/// Whether the provider's news about a payment recorded as `recorded` moves it forward:
/// pending → authorised → paid, or to failed before being paid; never back.
fn moves_forward(recorded: &str, told: State) -> bool {
    let rank = |s: &str| match s {
        "pending" => 0,
        "authorised" | "settling" => 1,
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
        .filter(|c| c.capture == AUTOMATIC && c.state == State::Paid.as_str())
        .max_by_key(|c| c.received_minor - c.refunded_minor)
}

/// The shopper is back from paying (stripe.js has had Stripe's answer): asks Stripe where the
/// order's open card payment stands and records it. The browser's word counts for nothing:
/// only Stripe's answer to our own request.
pub async fn check_order(
    store: &Store,
    p: &Providers,
    shop: &Shop,
    order: OrderId,
    email: impl FnOnce(&store::order::Order, &StatusChange) -> Option<store::outbox::EmailMessage>,
) -> Result<Outcome> {
    let sid = shop.sid();
    let open = {
        let mut conn = store.reader().await?;
        store::payment::card_payments_of(&mut conn, sid, order)
            .await?
            .into_iter()
            // Newest first: the payment the shopper just made.
            .find(|c| c.state == State::Pending.as_str())
    };
    let Some(open) = open else {
        return Ok(Outcome::Unchanged);
    };
    let account = account_of(store, p, sid, &open.provider)
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
    email: impl FnOnce(&store::order::Order, &StatusChange) -> Option<store::outbox::EmailMessage>,
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
    let outcome = record(&mut tx, shop, STRIPE, &told, email).await?;
    store::commit(tx).await?;
    Ok(Ok(outcome))
}

/// A Mollie webhook to the shop: it carries a payment id alone (`id=tr_…`) and no signature,
/// so nothing in it is believed: a payment of this shop's orders is asked of Mollie with the
/// shop's own key, and what Mollie answers is recorded. Anything else is taken and ignored (an
/// unknown id says nothing about which ids exist).
pub async fn mollie_webhook(
    store: &Store,
    p: &Providers,
    shop: &Shop,
    body: &[u8],
    email: impl FnOnce(&store::order::Order, &StatusChange) -> Option<store::outbox::EmailMessage>,
) -> Result<Outcome> {
    let sid = shop.sid();
    let Some(id) = payments::mollie::webhook_id(body) else {
        return Ok(Outcome::Unknown);
    };
    {
        let mut conn = store.reader().await?;
        if !store::payment::has_card_payment(&mut conn, sid, MOLLIE, &id).await? {
            return Ok(Outcome::Unknown);
        }
    }
    let Some(account) = account_of(store, p, sid, MOLLIE).await? else {
        return Ok(Outcome::Unknown);
    };
    sync(store, shop, &account.client, &id, email).await
}
