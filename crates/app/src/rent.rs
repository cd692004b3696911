//! The operator's rent: what each shop pays for its plan, collected by card through the
//! operator's own Stripe account, and invoiced in the operator's own series.
//!
//! A shop gets its subscription the first time the rent job sees it: a free trial when its
//! plan has one, else due at once (a free plan just runs from month to month). When a period
//! ends, its rent (less any credit a plan change left) is charged off-session to the card the
//! seller saved; once paid, an invoice is issued (numbered in the platform's continuous series,
//! in the transaction that records the payment: no gap) and the next period begins. A refused
//! payment is tried again with a reminder on days 1, 3 and 7; after the grace period the shop
//! is suspended (its storefront says it is closed, nothing is deleted) and reopens as soon as
//! the rent is paid. A plan change prorates: what was paid for the rest of the period becomes
//! a credit, and the new plan's period starts at once.
//!
//! No transaction is held while the provider is asked: the subscription is leased first (so
//! that two nodes, or a job and the seller's click, never charge it twice), and the idempotency
//! key of each attempt names the period and the attempt.

use chrono::TimeZone as _;
use domain::invoice::{Buyer, Document, Kind, Line, Postal, Rate, Seller};
use domain::legal::{LegalStatus, Siren, VatNumber};
use domain::rent::{Dunning, Interval, RentVat, State};
use domain::ValidationError;
use payments::sealed::{masked, Sealer};
use payments::stripe::billing::Charge;
use payments::stripe::Stripe;
use payments::{ProviderError, State as PayState};
use store::id::ShopId;
use store::outbox::EmailMessage;
use store::rent::{RentInvoice, Subscription};
use store::shop::Shop;
use store::{Conn, Store};

use crate::{Error, Result};

/// The rent's currency.
pub const CURRENCY: &str = "EUR";
/// The series of the operator's invoices.
const SERIES: &str = "rent_invoice";
/// How long a subscription is held while its payment is asked of the provider.
const LEASE_SECONDS: i64 = 300;
/// The clock the operator's invoices are dated on.
const OPERATOR_TZ: &str = "Europe/Paris";

const KEY_PUBLISHABLE: &str = "rent_stripe_publishable";
const KEY_SECRET: &str = "rent_stripe_secret";
const KEY_SECRET_HINT: &str = "rent_stripe_secret_hint";
const SEALED_CONTEXT: &str = "platform:rent:stripe:secret_key";

fn refused(code: &'static str) -> Error {
    Error::Refused(ValidationError::new(code))
}

/// The operator's number for a rent invoice: "L-000042".
pub fn number(seq: i64) -> String {
    format!("L-{seq:06}")
}

/// The operator, as their invoices name them (platform settings).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Identity {
    pub name: String,
    pub siren: String,
    pub vat_number: String,
    pub address: String,
    pub postal_code: String,
    pub city: String,
    pub country: String,
    pub email: String,
}

const IDENTITY_KEYS: [&str; 8] = [
    "rent_seller_name",
    "rent_seller_siren",
    "rent_seller_vat",
    "rent_seller_address",
    "rent_seller_postal_code",
    "rent_seller_city",
    "rent_seller_country",
    "rent_seller_email",
];

impl Identity {
    fn values(&self) -> [&str; 8] {
        [
            &self.name,
            &self.siren,
            &self.vat_number,
            &self.address,
            &self.postal_code,
            &self.city,
            &self.country,
            &self.email,
        ]
    }

    /// Whether invoices can be issued in this name (a name, a SIREN, a VAT number, which a
    /// business's invoices and the reverse charge need, and an address).
    pub fn is_complete(&self) -> bool {
        !self.name.is_empty()
            && !self.siren.is_empty()
            && !self.vat_number.is_empty()
            && !self.city.is_empty()
    }

    fn seller(&self) -> Seller {
        let postal = Postal {
            line1: self.address.clone(),
            line2: String::new(),
            postal_code: self.postal_code.clone(),
            city: self.city.clone(),
            country: self.country.clone(),
        };
        Seller {
            name: self.name.clone(),
            siren: Some(self.siren.clone()).filter(|s| !s.is_empty()),
            vat_number: Some(self.vat_number.clone()).filter(|s| !s.is_empty()),
            address: postal.printed(),
            email: self.email.clone(),
            postal,
        }
    }
}

pub async fn identity(store: &Store) -> Result<Identity> {
    let mut conn = store.reader().await?;
    identity_in(&mut conn).await
}

async fn identity_in(conn: &mut Conn) -> Result<Identity> {
    let mut v = Vec::new();
    for k in IDENTITY_KEYS {
        v.push(
            store::settings::get(&mut *conn, k)
                .await?
                .unwrap_or_default(),
        );
    }
    let [name, siren, vat_number, address, postal_code, city, country, email]: [String; 8] =
        v.try_into().unwrap_or_default();
    Ok(Identity {
        name,
        siren,
        vat_number,
        address,
        postal_code,
        city,
        country: if country.is_empty() {
            "FR".into()
        } else {
            country
        },
        email,
    })
}

/// Saves the operator's identity; refused (with the field) when a value cannot be used.
pub async fn save_identity(store: &Store, i: &Identity) -> Result<(), (&'static str, Error)> {
    let field = |f: &'static str, code: &'static str| (f, refused(code));
    let one_line = |v: &str| v.trim().chars().count() <= 200 && !v.chars().any(char::is_control);
    let mut i = Identity {
        name: i.name.trim().to_string(),
        siren: i.siren.trim().to_string(),
        vat_number: i.vat_number.trim().to_string(),
        address: i.address.trim().to_string(),
        postal_code: i.postal_code.trim().to_string(),
        city: i.city.trim().to_string(),
        country: i.country.trim().to_ascii_uppercase(),
        email: i.email.trim().to_string(),
    };
    for (f, v) in IDENTITY_KEYS.iter().zip(i.values()) {
        if !one_line(v) {
            return Err((f, refused("rent-field-one-line")));
        }
    }
    if i.name.is_empty() {
        return Err(field("rent_seller_name", "rent-field-required"));
    }
    i.siren = Siren::parse(&i.siren)
        .map_err(|e| ("rent_seller_siren", Error::Refused(e)))?
        .as_str()
        .to_string();
    i.vat_number = VatNumber::parse(&i.vat_number)
        .map_err(|e| ("rent_seller_vat", Error::Refused(e)))?
        .as_str()
        .to_string();
    if i.city.is_empty() {
        return Err(field("rent_seller_city", "rent-field-required"));
    }
    i.country = domain::country::Country::parse(&i.country)
        .map_err(|e| ("rent_seller_country", Error::Refused(e)))?
        .as_str()
        .to_string();
    if domain::account::Email::parse(&i.email).is_err() {
        return Err(field("rent_seller_email", "email-invalid"));
    }
    let mut tx = store.begin().await.map_err(|e| ("", e.into()))?;
    for (k, v) in IDENTITY_KEYS.iter().zip(i.values()) {
        store::settings::set_unshown(&mut tx, k, v)
            .await
            .map_err(|e| ("", e.into()))?;
    }
    store::commit(tx).await.map_err(|e| ("", e.into()))?;
    Ok(())
}

/// The operator's Stripe account as the console shows it: the publishable key, the secret
/// key's hint.
#[derive(Debug, Clone, Default)]
pub struct Keys {
    pub publishable_key: String,
    pub secret_hint: String,
}

pub async fn keys(store: &Store) -> Result<Keys> {
    let mut conn = store.reader().await?;
    Ok(Keys {
        publishable_key: store::settings::get(&mut conn, KEY_PUBLISHABLE)
            .await?
            .unwrap_or_default(),
        secret_hint: store::settings::get(&mut conn, KEY_SECRET_HINT)
            .await?
            .unwrap_or_default(),
    })
}

/// Saves the operator's Stripe keys (the secret sealed; empty: keep the one saved).
pub async fn save_keys(
    store: &Store,
    sealer: &Sealer,
    publishable: &str,
    secret: &str,
) -> Result<()> {
    let publishable = publishable.trim();
    let secret = secret.trim();
    if !(publishable.starts_with("pk_test_") || publishable.starts_with("pk_live_"))
        || publishable.len() > 255
        || publishable.chars().any(char::is_whitespace)
    {
        return Err(refused("stripe-publishable-key-invalid"));
    }
    let mut tx = store.begin().await?;
    let saved_hint = store::settings::get(&mut tx, KEY_SECRET_HINT)
        .await?
        .unwrap_or_default();
    let hint = if secret.is_empty() {
        if saved_hint.is_empty() {
            return Err(refused("stripe-secret-key-invalid"));
        }
        saved_hint
    } else {
        if !(secret.starts_with("sk_test_")
            || secret.starts_with("sk_live_")
            || secret.starts_with("rk_"))
            || secret.len() > 255
            || secret.chars().any(char::is_whitespace)
        {
            return Err(refused("stripe-secret-key-invalid"));
        }
        store::settings::set_unshown(&mut tx, KEY_SECRET, &sealer.seal(SEALED_CONTEXT, secret))
            .await?;
        masked(secret)
    };
    if !hint.starts_with("rk_")
        && hint.starts_with("sk_live_") != publishable.starts_with("pk_live_")
    {
        return Err(refused("stripe-keys-mixed"));
    }
    let before = store::settings::get(&mut tx, KEY_PUBLISHABLE)
        .await?
        .unwrap_or_default();
    if !before.is_empty() && before != publishable {
        // Another account (or test keys for live ones): the customers and cards saved in the
        // old one do not exist in it. Sellers add their card again.
        let n = store::rent::forget_cards(&mut tx).await?;
        tracing::warn!(
            count = n,
            "rent: another Stripe account, saved cards forgotten"
        );
    }
    store::settings::set_unshown(&mut tx, KEY_PUBLISHABLE, publishable).await?;
    store::settings::set_unshown(&mut tx, KEY_SECRET_HINT, &hint).await?;
    store::commit(tx).await?;
    Ok(())
}

/// The operator's Stripe account, when its keys are saved.
pub struct Account {
    pub stripe: Stripe,
    pub publishable_key: String,
}

/// The operator's account at `stripe_api`, if configured.
pub async fn account(store: &Store, sealer: &Sealer, stripe_api: &str) -> Result<Option<Account>> {
    let mut conn = store.reader().await?;
    let sealed = store::settings::get(&mut conn, KEY_SECRET).await?;
    let publishable = store::settings::get(&mut conn, KEY_PUBLISHABLE).await?;
    let (Some(sealed), Some(publishable_key)) = (sealed, publishable) else {
        return Ok(None);
    };
    let Ok(secret) = sealer.open(SEALED_CONTEXT, &sealed) else {
        tracing::error!("the operator's Stripe key cannot be opened (server secret changed?)");
        return Ok(None);
    };
    Ok(Some(Account {
        stripe: Stripe::new(stripe_api, &secret),
        publishable_key,
    }))
}

/// What the seller is told of their rent, by e-mail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeKind {
    /// Paid: the invoice is attached.
    Paid,
    /// The payment failed (reminder number `n`).
    Failed { n: i64 },
    /// Unpaid after the grace period: the shop is closed.
    Suspended,
    /// The free trial ends soon (on `suspend_on`) and no card is saved.
    TrialEnding,
}

pub struct Notice<'a> {
    pub kind: NoticeKind,
    pub shop: &'a Shop,
    pub amount_minor: i64,
    pub invoice: Option<&'a str>,
    /// When the shop will be suspended if still unpaid.
    pub suspend_on: i64,
    /// The provider's reason for a refusal, or the absence of a card.
    pub reason: &'a str,
}

/// Writes the e-mails of the rent (the web layer has the messages and templates).
pub trait Notices: Send + Sync {
    fn write(&self, to: &str, n: &Notice<'_>) -> EmailMessage;
}

/// Where a subscription stands, with what its page shows.
#[derive(Debug, Clone)]
pub struct Overview {
    pub sub: Subscription,
    pub plan: store::plan::Plan,
    pub interval: Interval,
    pub state: State,
    /// What the next period costs, excluding VAT and with VAT, once the credit is taken off.
    pub next_net_minor: i64,
    pub next_total_minor: i64,
    pub vat: RentVat,
    /// When an unpaid shop will be suspended.
    pub suspend_on: Option<i64>,
}

async fn ensure(conn: &mut Conn, shop: &Shop, now: i64) -> Result<Subscription> {
    if let Some(s) = store::rent::get(conn, shop.sid()).await? {
        return Ok(s);
    }
    let plan = store::plan::by_id(conn, shop.plan_id).await?;
    let trial = plan.trial_days.max(0) * 86_400;
    let (state, end) = if plan.is_free() {
        (State::Active, Interval::Month.end_of(now))
    } else if trial > 0 {
        (State::Trialing, now + trial)
    } else {
        // Due at once: the first payment starts the first period.
        (State::Active, now)
    };
    let s = Subscription {
        shop_id: shop.id,
        billing_interval: plan.interval_for("month").into(),
        state: state.as_str().into(),
        period_start: now,
        period_end: end,
        paid_minor: 0,
        credit_minor: 0,
        customer_id: String::new(),
        payment_method: String::new(),
        card_label: String::new(),
        failed_at: None,
        reminders: 0,
        next_try_at: 0,
        attempts: 0,
        pending_key: String::new(),
        last_error: String::new(),
        created_at: now,
    };
    if !store::rent::create(conn, &s, now).await? {
        // Made meanwhile by another request: that one stands.
        return store::rent::get(conn, shop.sid())
            .await?
            .ok_or(crate::Error::Store(store::StoreError::NotFound));
    }
    store::rent::record(conn, shop.sid(), now, "started", 0).await?;
    Ok(s)
}

async fn buyer_vat(conn: &mut Conn, shop: ShopId) -> Result<RentVat> {
    let legal = store::legal::get(conn, shop).await?;
    Ok(RentVat::of(&legal.country, legal.vat_number.as_deref()))
}

/// The shop's rent as its Billing page shows it (the subscription made if it had none).
pub async fn overview(store: &Store, shop: &Shop, now: i64) -> Result<Overview> {
    let mut tx = store.begin().await?;
    let sub = ensure(&mut tx, shop, now).await?;
    let plan = store::plan::by_id(&mut tx, shop.plan_id).await?;
    let vat = buyer_vat(&mut tx, shop.sid()).await?;
    store::commit(tx).await?;
    let interval =
        Interval::parse(plan.interval_for(&sub.billing_interval)).unwrap_or(Interval::Month);
    let state = State::parse(&sub.state).unwrap_or(State::Active);
    let price = plan.price_of(interval.as_str()).unwrap_or(0);
    let net = price - sub.credit_minor.clamp(0, price);
    Ok(Overview {
        suspend_on: sub
            .failed_at
            .filter(|_| state == State::PastDue)
            .map(domain::rent::suspension_at),
        next_net_minor: net,
        next_total_minor: net + vat.vat_on(net),
        vat,
        interval,
        state,
        plan,
        sub,
    })
}

/// The shop's owner, who the rent's e-mails go to.
async fn billing_email(conn: &mut Conn, shop: ShopId) -> Result<String> {
    let staff = store::account::list_staff(conn, shop).await?;
    Ok(staff
        .iter()
        .find(|s| s.role == "owner")
        .or(staff.first())
        .map(|s| s.email.clone())
        .unwrap_or_default())
}

fn day(at: i64) -> String {
    crate::calendar::shop_tz(OPERATOR_TZ)
        .timestamp_opt(at, 0)
        .single()
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// What a payment attempt ended in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Paid (the invoice's number; none when a credit covered it all, or nothing was due).
    Paid(Option<String>),
    /// Refused: why.
    Failed(String),
    /// Another node or request is working on it.
    Busy,
}

/// Runs the rent's due work at `now`: subscriptions for shops that have none, renewals of
/// ended periods and trials, retries and reminders of failed payments, suspensions at the end
/// of the grace period. Returns how many shops were suspended or reopened (whose cached pages
/// must go).
pub async fn run_due(
    store: &Store,
    account: Option<&Account>,
    notices: &dyn Notices,
    now: i64,
) -> Result<usize> {
    loop {
        let mut tx = store.begin().await?;
        let missing = store::rent::without_subscription(&mut tx, 200).await?;
        for (id, _) in &missing {
            let shop = store::shop::by_id(&mut tx, ShopId(*id)).await?;
            ensure(&mut tx, &shop, now).await?;
        }
        store::commit(tx).await?;
        if missing.len() < 200 {
            break;
        }
    }
    tell_trials_ending(store, notices, now).await?;
    if account.is_none() {
        // The operator has not given their provider's keys: nothing can be charged, and no
        // shop is reminded or closed for what is not its fault.
        return Ok(0);
    }
    let due = {
        let mut conn = store.reader().await?;
        store::rent::needing_work(&mut conn, now, 100).await?
    };
    let mut changed = 0;
    for shop in due {
        match work(store, account, notices, shop, now).await {
            Ok(true) => changed += 1,
            Ok(false) => {}
            Err(e) => tracing::error!(shop_id = shop.0, error = %e, "rent"),
        }
    }
    Ok(changed)
}

/// Days before a trial's end when a seller who saved no card is told.
const TRIAL_NOTICE_DAYS: i64 = 3;

/// Tells the sellers whose trial ends within [`TRIAL_NOTICE_DAYS`] without a card saved, once.
async fn tell_trials_ending(store: &Store, notices: &dyn Notices, now: i64) -> Result<()> {
    let ending = {
        let mut conn = store.reader().await?;
        store::rent::trials_ending_untold(&mut conn, now, now + TRIAL_NOTICE_DAYS * 86_400).await?
    };
    for shop_id in ending {
        let mut tx = store.begin().await?;
        let shop = store::shop::by_id(&mut tx, shop_id).await?;
        let Some(sub) = store::rent::get(&mut tx, shop_id).await? else {
            continue;
        };
        let plan = store::plan::by_id(&mut tx, shop.plan_id).await?;
        let vat = buyer_vat(&mut tx, shop_id).await?;
        let price = plan
            .price_of(plan.interval_for(&sub.billing_interval))
            .unwrap_or(0);
        store::rent::record(&mut tx, shop_id, now, "trial_ending", 0).await?;
        let email = billing_email(&mut tx, shop_id).await?;
        if !email.is_empty() && price > 0 {
            let msg = notices.write(
                &email,
                &Notice {
                    kind: NoticeKind::TrialEnding,
                    shop: &shop,
                    amount_minor: price + vat.vat_on(price),
                    invoice: None,
                    suspend_on: sub.period_end,
                    reason: "",
                },
            );
            store::outbox::enqueue_email(&mut tx, Some(shop_id), &msg).await?;
        }
        store::commit(tx).await?;
    }
    Ok(())
}

/// The operator reopened a shop by hand: if it was closed for its rent, the rent is unpaid
/// again with a new grace period (reminded from the next run), not forgotten.
pub async fn operator_reopened(tx: &mut Conn, shop: ShopId, now: i64) -> Result<()> {
    let Some(mut sub) = store::rent::get(&mut *tx, shop).await? else {
        return Ok(());
    };
    if sub.state != State::Suspended.as_str() {
        return Ok(());
    }
    sub.state = State::PastDue.as_str().into();
    sub.failed_at = Some(now);
    sub.reminders = 0;
    sub.next_try_at = now;
    store::rent::save(&mut *tx, &sub, now).await?;
    store::rent::record(&mut *tx, shop, now, "reopened_by_operator", 0).await?;
    Ok(())
}

/// One shop's due work; true when its shop was suspended.
async fn work(
    store: &Store,
    account: Option<&Account>,
    notices: &dyn Notices,
    shop: ShopId,
    now: i64,
) -> Result<bool> {
    let Some(sub) = lease(store, shop, now).await? else {
        return Ok(false);
    };
    let state = State::parse(&sub.state).unwrap_or(State::Active);
    let result = match state {
        State::Trialing | State::Active if sub.period_end <= now => {
            attempt(store, account, notices, shop, sub, None, now, Why::Due)
                .await
                .map(|_| false)
        }
        State::PastDue => {
            match domain::rent::dunning(sub.failed_at.unwrap_or(now), sub.reminders, now) {
                Dunning::Retry { n } => {
                    attempt(store, account, notices, shop, sub, None, now, Why::Retry(n))
                        .await
                        .map(|_| false)
                }
                Dunning::Suspend => suspend(store, notices, shop, now).await,
                Dunning::Wait => Ok(false),
            }
        }
        _ => Ok(false),
    };
    release(store, shop).await?;
    result
}

/// Takes the subscription for an attempt; `None` when another holds it.
async fn lease(store: &Store, shop: ShopId, now: i64) -> Result<Option<Subscription>> {
    let mut tx = store.begin().await?;
    if !store::rent::lease(&mut tx, shop, now, LEASE_SECONDS).await? {
        return Ok(None);
    }
    let sub = store::rent::get(&mut tx, shop).await?;
    store::commit(tx).await?;
    Ok(sub)
}

async fn release(store: &Store, shop: ShopId) -> Result<()> {
    let mut tx = store.begin().await?;
    store::rent::release(&mut tx, shop).await?;
    store::commit(tx).await?;
    Ok(())
}

/// Why a payment is attempted, which says what a refusal does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Why {
    /// A period (or the trial) has ended: a refusal starts the reminders.
    Due,
    /// A retry of a refused payment (or the seller's "pay now"): a refusal sends reminder `n`.
    Retry(i64),
    /// A plan change: a refusal changes nothing (the shop keeps the plan it paid for).
    Change,
}

/// The idempotency key of the next charge of `sub`: the one of a charge asked but never
/// answered (a node stopped mid-way: asked again with the same key, the provider charges once)
/// if it was for the same card, else a new one. Returns the key and the attempts' count.
fn charge_key(shop: ShopId, sub: &Subscription) -> (String, i64) {
    if !sub.pending_key.is_empty()
        && sub
            .pending_key
            .ends_with(&format!("-{}", sub.payment_method))
    {
        return (sub.pending_key.clone(), sub.attempts);
    }
    let n = sub.attempts + 1;
    (format!("rent-{shop}-{n}-{}", sub.payment_method), n)
}

/// A refusal's reason as the seller reads it: our codes ("rent-no-card") are translated by the
/// pages and e-mails, the provider's message is kept as it is.
fn refusal(p: &payments::Payment) -> String {
    match p.state {
        // 3-D Secure asked for a payment made without the seller: only a card saved again,
        // with its check passed in their browser, can pay.
        PayState::Pending => "rent-card-authentication".into(),
        _ => "rent-card-refused".into(),
    }
}

/// Charges the period that is due (the next one after `sub.period_end`, or, for a suspended
/// shop, one from now) of `plan` (the shop's, or the one it moves to), the subscription
/// leased. Nothing is charged, and no refusal recorded, while the operator's account or
/// identity is missing, while the operator has closed the shop by hand, or when the provider
/// cannot be reached or refuses the request itself (not the card): `Busy`, to try again later.
#[allow(clippy::too_many_arguments)]
async fn attempt(
    store: &Store,
    account: Option<&Account>,
    notices: &dyn Notices,
    shop_id: ShopId,
    sub: Subscription,
    plan: Option<&store::plan::Plan>,
    now: i64,
    why: Why,
) -> Result<Outcome> {
    let (shop, own_plan, vat, legal, email) = {
        let mut conn = store.reader().await?;
        let shop = store::shop::by_id(&mut conn, shop_id).await?;
        let plan = store::plan::by_id(&mut conn, shop.plan_id).await?;
        let legal = store::legal::get(&mut conn, shop_id).await?;
        let vat = RentVat::of(&legal.country, legal.vat_number.as_deref());
        let email = billing_email(&mut conn, shop_id).await?;
        (shop, plan, vat, legal, email)
    };
    let plan = plan.unwrap_or(&own_plan);
    let state = State::parse(&sub.state).unwrap_or(State::Active);
    if shop.is_suspended() && state != State::Suspended {
        // Closed by the operator: no rent is taken from a closed shop.
        return Ok(Outcome::Busy);
    }
    let interval =
        Interval::parse(plan.interval_for(&sub.billing_interval)).unwrap_or(Interval::Month);
    let start = if state == State::Suspended {
        now
    } else {
        sub.period_end
    };
    let end = interval.end_of(start);
    let price = plan.price_of(interval.as_str()).unwrap_or(0);
    let credit_used = sub.credit_minor.clamp(0, price.max(0));
    let net = price - credit_used;
    let credit_left = sub.credit_minor - credit_used;
    let paid = move |mut next: Subscription| {
        next.billing_interval = interval.as_str().into();
        next.state = State::Active.as_str().into();
        next.period_start = start;
        next.period_end = end;
        next.paid_minor = price;
        next.credit_minor = credit_left;
        next.failed_at = None;
        next.reminders = 0;
        next.next_try_at = 0;
        next.pending_key.clear();
        next.last_error.clear();
        next
    };
    if net <= 0 {
        let mut tx = store.begin().await?;
        store::rent::save(&mut tx, &paid(sub.clone()), now).await?;
        after_payment(&mut tx, shop_id, state, why, plan, now).await?;
        store::commit(tx).await?;
        return Ok(Outcome::Paid(None));
    }
    let Some(account) = account else {
        return Ok(Outcome::Busy);
    };
    if !identity(store).await?.is_complete() {
        // An invoice must name its seller: nothing is charged before the operator says who
        // they are (the console says what is missing).
        tracing::error!(
            shop_id = shop_id.0,
            "rent: the operator's identity is incomplete"
        );
        return Ok(Outcome::Busy);
    }
    let total = net + vat.vat_on(net);
    let mut sub = sub;
    let charged = if sub.payment_method.is_empty() {
        Err("rent-no-card".to_string())
    } else {
        let (key, attempts) = charge_key(shop_id, &sub);
        {
            // Written before asking: a node that stops before the answer is recorded leaves the
            // key for the next attempt.
            let mut tx = store.begin().await?;
            store::rent::set_pending(&mut tx, shop_id, attempts, &key).await?;
            store::commit(tx).await?;
        }
        sub.attempts = attempts;
        sub.pending_key = key.clone();
        let shop_ref = shop_id.to_string();
        match account
            .stripe
            .charge_saved_card(&Charge {
                customer: &sub.customer_id,
                payment_method: &sub.payment_method,
                amount_minor: total,
                currency: CURRENCY,
                idempotency_key: &key,
                shop: &shop_ref,
                description: &plan.name,
            })
            .await
        {
            Ok(p) if p.state == PayState::Paid && p.received_minor >= total => Ok(p.id),
            Ok(p) => Err(refusal(&p)),
            // 402: the card was refused (declined, expired, insufficient funds).
            Err(ProviderError::Refused {
                status: 402,
                message,
            }) => Err(if message.is_empty() {
                "rent-card-refused".to_string()
            } else {
                message
            }),
            Err(e) => {
                // Not the card's fault (the provider unreachable, our key refused, a limit):
                // tried again at the next run, the seller not reminded for it.
                tracing::error!(shop_id = shop_id.0, error = %e, "rent: the charge could not be asked");
                return Ok(Outcome::Busy);
            }
        }
    };
    let mut tx = store.begin().await?;
    let outcome = match charged {
        Ok(payment_id) => {
            let doc = document(
                &shop,
                plan,
                &legal,
                &email,
                vat,
                interval,
                (start, end),
                (net, credit_used),
            );
            let number = issue(&mut tx, shop_id, &payment_id, doc, now).await?;
            store::rent::save(&mut tx, &paid(sub.clone()), now).await?;
            store::rent::record(&mut tx, shop_id, now, "paid", net).await?;
            after_payment(&mut tx, shop_id, state, why, plan, now).await?;
            if !email.is_empty() {
                let mut msg = notices.write(
                    &email,
                    &Notice {
                        kind: NoticeKind::Paid,
                        shop: &shop,
                        amount_minor: total,
                        invoice: Some(&number),
                        suspend_on: 0,
                        reason: "",
                    },
                );
                msg.attachments
                    .push(store::outbox::Attachment::RentInvoice {
                        number: number.clone(),
                        lang: shop.default_lang.clone(),
                    });
                store::outbox::enqueue_email(&mut tx, Some(shop_id), &msg).await?;
            }
            Outcome::Paid(Some(number))
        }
        Err(reason) if why == Why::Change => {
            // The plan stays as it was, paid for.
            store::rent::set_pending(&mut tx, shop_id, sub.attempts, "").await?;
            Outcome::Failed(reason)
        }
        Err(reason) => {
            let failed_at = sub.failed_at.unwrap_or(now);
            let n = match why {
                Why::Retry(n) => n.max(sub.reminders),
                _ => sub.reminders.max(1),
            };
            let mut next = sub.clone();
            if state != State::Suspended {
                next.state = State::PastDue.as_str().into();
            }
            next.failed_at = Some(failed_at);
            next.reminders = n;
            next.next_try_at = domain::rent::next_try_at(failed_at, n);
            next.pending_key.clear();
            next.last_error = reason.chars().take(300).collect();
            store::rent::save(&mut tx, &next, now).await?;
            if sub.failed_at.is_none() {
                store::rent::record(&mut tx, shop_id, now, "failed", total).await?;
            }
            if !email.is_empty() && state != State::Suspended && n > sub.reminders {
                let msg = notices.write(
                    &email,
                    &Notice {
                        kind: NoticeKind::Failed { n },
                        shop: &shop,
                        amount_minor: total,
                        invoice: None,
                        suspend_on: domain::rent::suspension_at(failed_at),
                        reason: &next.last_error,
                    },
                );
                store::outbox::enqueue_email(&mut tx, Some(shop_id), &msg).await?;
            }
            Outcome::Failed(next.last_error)
        }
    };
    store::commit(tx).await?;
    Ok(outcome)
}

/// What a payment changes besides the subscription: a shop closed for its rent reopens, a
/// plan change takes effect.
async fn after_payment(
    tx: &mut Conn,
    shop: ShopId,
    state: State,
    why: Why,
    plan: &store::plan::Plan,
    now: i64,
) -> Result<()> {
    if state == State::Suspended {
        store::shop::set_status(&mut *tx, shop, store::shop::STATUS_ACTIVE).await?;
        store::rent::record(&mut *tx, shop, now, "reopened", 0).await?;
    }
    if why == Why::Change {
        store::shop::set_plan(&mut *tx, shop, plan.id).await?;
        store::rent::record(&mut *tx, shop, now, "changed", plan.monthly_minor).await?;
    }
    Ok(())
}

/// Closes a shop whose rent is still unpaid at the end of the grace period; true when it did.
async fn suspend(store: &Store, notices: &dyn Notices, shop_id: ShopId, now: i64) -> Result<bool> {
    let mut tx = store.begin().await?;
    let Some(mut sub) = store::rent::get(&mut tx, shop_id).await? else {
        return Ok(false);
    };
    sub.state = State::Suspended.as_str().into();
    store::rent::save(&mut tx, &sub, now).await?;
    store::shop::set_status(&mut tx, shop_id, store::shop::STATUS_SUSPENDED).await?;
    store::rent::record(&mut tx, shop_id, now, "suspended", 0).await?;
    let shop = store::shop::by_id(&mut tx, shop_id).await?;
    let email = billing_email(&mut tx, shop_id).await?;
    if !email.is_empty() {
        let msg = notices.write(
            &email,
            &Notice {
                kind: NoticeKind::Suspended,
                shop: &shop,
                amount_minor: 0,
                invoice: None,
                suspend_on: now,
                reason: &sub.last_error,
            },
        );
        store::outbox::enqueue_email(&mut tx, Some(shop_id), &msg).await?;
    }
    store::commit(tx).await?;
    tracing::info!(shop_id = shop_id.0, "shop suspended: rent unpaid");
    Ok(true)
}

/// The invoice of a period's rent (numbered and dated when issued).
#[allow(clippy::too_many_arguments)]
fn document(
    shop: &Shop,
    plan: &store::plan::Plan,
    legal: &store::legal::LegalIdentity,
    email: &str,
    vat: RentVat,
    interval: Interval,
    (start, end): (i64, i64),
    (net, credit_used): (i64, i64),
) -> Document {
    Document {
        kind: Kind::Invoice.as_str().into(),
        number: String::new(),
        issued_on: String::new(),
        order_number: String::new(),
        currency: CURRENCY.into(),
        seller: Seller::default(),
        buyer: rent_buyer(shop, legal, email),
        lines: vec![Line {
            title: format!("Vitrine — {}", plan.name),
            details: format!(
                "{} {} → {}{}",
                match interval {
                    Interval::Month => "1 mois",
                    Interval::Year => "1 an",
                },
                day(start),
                day(end),
                if credit_used > 0 {
                    format!(
                        " (avoir de changement d’offre déduit : {},{:02} €)",
                        credit_used / 100,
                        credit_used % 100
                    )
                } else {
                    String::new()
                }
            ),
            quantity: 1,
            unit_excl_minor: net,
            total_excl_minor: net,
            vat_rate_bp: vat.rate_bp(),
            vat_minor: vat.vat_on(net),
            discount_excl_minor: 0,
        }],
        rates: vec![Rate {
            rate_bp: vat.rate_bp(),
            net_minor: net,
            vat_minor: vat.vat_on(net),
            jurisdiction: (vat == RentVat::French).then(|| "FR".to_string()),
        }],
        total_excl_minor: net,
        vat_minor: vat.vat_on(net),
        total_minor: net + vat.vat_on(net),
        paid_on: None,
        payment_method: "card".into(),
        credits: None,
        mentions: vat
            .mention()
            .into_iter()
            .chain(domain::invoice::BUSINESS_MENTIONS)
            .map(str::to_string)
            .collect(),
        destination: legal.country.trim().to_ascii_uppercase(),
    }
}

fn rent_buyer(shop: &Shop, legal: &store::legal::LegalIdentity, email: &str) -> Buyer {
    let status = LegalStatus::parse(&legal.status).unwrap_or(LegalStatus::IndividualEntrepreneur);
    let name = if legal.legal_name.trim().is_empty() {
        shop.name.clone()
    } else {
        legal.legal_name.trim().to_string()
    };
    let country = legal.country.trim().to_ascii_uppercase();
    let postal = Postal {
        line1: legal.address.trim().to_string(),
        line2: String::new(),
        postal_code: legal.postal_code.trim().to_string(),
        city: legal.city.trim().to_string(),
        country: if country.is_empty() {
            "FR".into()
        } else {
            country
        },
    };
    Buyer {
        name: shop.name.clone(),
        company: Seller::name_of(&name, status),
        vat_number: legal.vat_number.clone().filter(|v| !v.trim().is_empty()),
        address: postal.printed(),
        postal,
        email: email.to_string(),
    }
}

/// Numbers the invoice in the operator's series, in `tx` (the one that records the payment),
/// and writes it, paid: its seller is the operator as their settings say today.
async fn issue(
    tx: &mut Conn,
    shop: ShopId,
    payment_id: &str,
    mut doc: Document,
    now: i64,
) -> Result<String> {
    let seller = identity_in(&mut *tx).await?.seller();
    let seq = store::rent::next_number(&mut *tx, SERIES).await?;
    doc.seller = seller;
    doc.number = number(seq);
    doc.issued_on = day(now);
    doc.paid_on = Some(day(now));
    let json = serde_json::to_string(&doc).expect("a document serialises");
    store::rent::insert_invoice(
        &mut *tx,
        &RentInvoice {
            id: store::new_id(),
            kind: Kind::Invoice.as_str().into(),
            seq,
            number: doc.number.clone(),
            shop_id: shop.0,
            issued_at: now,
            currency: CURRENCY.into(),
            total_minor: doc.total_minor,
            vat_minor: doc.vat_minor,
            payment_id: payment_id.into(),
            document: json,
        },
    )
    .await?;
    Ok(doc.number)
}

/// Starts saving a card for the shop's rent: the shop made a customer of the operator's
/// account if it is not one yet, and a Setup Intent its browser confirms with stripe.js.
/// Returns its client secret.
pub async fn start_card(
    store: &Store,
    account: Option<&Account>,
    shop: &Shop,
    now: i64,
) -> Result<String> {
    let Some(a) = account else {
        return Err(refused("rent-no-account"));
    };
    let mut sub = {
        let mut tx = store.begin().await?;
        let s = ensure(&mut tx, shop, now).await?;
        store::commit(tx).await?;
        s
    };
    if sub.customer_id.is_empty() {
        let email = {
            let mut conn = store.reader().await?;
            billing_email(&mut conn, shop.sid()).await?
        };
        let id = a
            .stripe
            .create_customer(&email, &shop.name, &shop.id.to_string())
            .await
            .map_err(provider_error)?;
        let mut tx = store.begin().await?;
        // Only the customer is written: a renewal being recorded meanwhile is not undone.
        sub.customer_id = store::rent::set_customer(&mut tx, shop.sid(), &id).await?;
        store::commit(tx).await?;
    }
    let si = a
        .stripe
        .create_setup_intent(&sub.customer_id)
        .await
        .map_err(provider_error)?;
    si.client_secret
        .ok_or_else(|| refused("payment-provider-refused"))
}

fn provider_error(e: ProviderError) -> Error {
    tracing::warn!(error = %e, "rent: payment provider");
    match e {
        ProviderError::Unreachable(_) => refused("payment-provider-unreachable"),
        ProviderError::Refused { .. } => refused("payment-provider-refused"),
    }
}

/// The seller's browser saved a card (Setup Intent `setup_intent`): the provider is asked
/// whether it did, and for which customer; the card becomes the one the rent is charged to.
/// An unpaid rent is then charged at once. Returns the outcome of that charge, if any.
pub async fn card_saved(
    store: &Store,
    account: Option<&Account>,
    notices: &dyn Notices,
    shop: &Shop,
    setup_intent: &str,
    now: i64,
) -> Result<Option<Outcome>> {
    let Some(a) = account else {
        return Err(refused("rent-no-account"));
    };
    let si = a
        .stripe
        .fetch_setup_intent(setup_intent)
        .await
        .map_err(provider_error)?;
    let sub = {
        let mut conn = store.reader().await?;
        store::rent::get(&mut conn, shop.sid()).await?
    };
    let Some(sub) = sub else {
        return Err(refused("rent-card-not-saved"));
    };
    let (Some(pm), Some(customer)) = (si.payment_method.clone(), si.customer.clone()) else {
        return Err(refused("rent-card-not-saved"));
    };
    if si.status != "succeeded" || customer != sub.customer_id || sub.customer_id.is_empty() {
        return Err(refused("rent-card-not-saved"));
    }
    let label = match a.stripe.card_of(&pm).await.map_err(provider_error)? {
        Some(c) => format!(
            "{} •••• {}, {:02}/{}",
            capitalised(&c.brand),
            c.last4,
            c.exp_month,
            c.exp_year
        ),
        None => String::new(),
    };
    let mut tx = store.begin().await?;
    store::rent::set_card(&mut tx, shop.sid(), &pm, &label).await?;
    store::rent::record(&mut tx, shop.sid(), now, "card", 0).await?;
    store::commit(tx).await?;
    let s = sub;
    let state = State::parse(&s.state).unwrap_or(State::Active);
    if matches!(state, State::PastDue | State::Suspended) {
        return pay_now(store, account, notices, shop.sid(), now)
            .await
            .map(Some);
    }
    Ok(None)
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Charges an unpaid rent now (the seller's click, or a new card): nothing when it is paid up.
pub async fn pay_now(
    store: &Store,
    account: Option<&Account>,
    notices: &dyn Notices,
    shop: ShopId,
    now: i64,
) -> Result<Outcome> {
    let Some(sub) = lease(store, shop, now).await? else {
        return Ok(Outcome::Busy);
    };
    let state = State::parse(&sub.state).unwrap_or(State::Active);
    let unpaid = matches!(state, State::PastDue | State::Suspended)
        || (state == State::Active && sub.period_end <= now);
    let r = if unpaid {
        let n = sub.reminders.max(1);
        attempt(store, account, notices, shop, sub, None, now, Why::Retry(n)).await
    } else {
        Ok(Outcome::Paid(None))
    };
    release(store, shop).await?;
    r
}

/// Moves the shop to plan `plan_id`, paid by `interval`, at `now`, as its seller asks. In a
/// trial, only the plan changes. Otherwise what was paid for the rest of the current period
/// becomes a credit and the new plan's period starts at once, charged less that credit (an
/// upgrade pays the difference, a downgrade keeps a credit for the next periods). Refused
/// without a saved card when the new plan is paid, and while the rent is unpaid.
pub async fn change_plan(
    store: &Store,
    account: Option<&Account>,
    notices: &dyn Notices,
    shop: &Shop,
    plan_id: i64,
    interval: &str,
    now: i64,
) -> Result<Outcome> {
    let interval = Interval::parse(interval).map_err(Error::Refused)?;
    {
        let mut tx = store.begin().await?;
        ensure(&mut tx, shop, now).await?;
        store::commit(tx).await?;
    }
    let plan = {
        let mut conn = store.reader().await?;
        store::plan::by_id(&mut conn, plan_id)
            .await
            .map_err(|_| refused("rent-plan-unknown"))?
    };
    let Some(sub) = lease(store, shop.sid(), now).await? else {
        return Err(refused("rent-busy"));
    };
    let result = change_leased(store, account, notices, shop, &plan, interval, sub, now).await;
    release(store, shop.sid()).await?;
    result
}

#[allow(clippy::too_many_arguments)]
async fn change_leased(
    store: &Store,
    account: Option<&Account>,
    notices: &dyn Notices,
    shop: &Shop,
    plan: &store::plan::Plan,
    interval: Interval,
    sub: Subscription,
    now: i64,
) -> Result<Outcome> {
    let state = State::parse(&sub.state).unwrap_or(State::Active);
    if matches!(state, State::PastDue | State::Suspended) {
        return Err(refused("rent-pay-first"));
    }
    let Some(price) = plan.price_of(interval.as_str()) else {
        return Err(refused("rent-interval-not-offered"));
    };
    if state == State::Trialing {
        // Nothing is charged before the trial ends: the plan and interval only.
        let mut tx = store.begin().await?;
        store::shop::set_plan(&mut tx, shop.sid(), plan.id).await?;
        let mut next = sub.clone();
        next.billing_interval = interval.as_str().into();
        store::rent::save(&mut tx, &next, now).await?;
        store::rent::record(&mut tx, shop.sid(), now, "changed", price).await?;
        store::commit(tx).await?;
        return Ok(Outcome::Paid(None));
    }
    if price > 0 && sub.payment_method.is_empty() {
        return Err(refused("rent-card-needed"));
    }
    if account.is_none() && price > 0 {
        return Err(refused("rent-no-account"));
    }
    // What was paid for the rest of the period is credited; the new period starts now (the
    // payment starts it from the end of the one before). Written only once paid.
    let mut next = sub.clone();
    next.billing_interval = interval.as_str().into();
    next.credit_minor +=
        domain::rent::unused(sub.paid_minor, sub.period_start, sub.period_end, now);
    next.period_end = now;
    next.paid_minor = 0;
    match attempt(
        store,
        account,
        notices,
        shop.sid(),
        next,
        Some(plan),
        now,
        Why::Change,
    )
    .await?
    {
        // The provider not reached, or the operator's settings missing: nothing changed.
        Outcome::Busy => Err(refused("payment-provider-unreachable")),
        o => Ok(o),
    }
}

/// The shop's rent invoices, newest first.
pub async fn invoices(store: &Store, shop: ShopId) -> Result<Vec<(RentInvoice, Document)>> {
    let mut conn = store.reader().await?;
    Ok(store::rent::invoices_of(&mut conn, shop)
        .await?
        .into_iter()
        .filter_map(|i| {
            let d = serde_json::from_str(&i.document).ok()?;
            Some((i, d))
        })
        .collect())
}

/// The operator's invoices of the last `days` days at `now`, in the order they were issued.
pub async fn journal(store: &Store, now: i64, days: i64) -> Result<Vec<(RentInvoice, Document)>> {
    let mut conn = store.reader().await?;
    Ok(store::rent::invoices_since(&mut conn, now - days * 86_400)
        .await?
        .into_iter()
        .filter_map(|i| {
            let d = serde_json::from_str(&i.document).ok()?;
            Some((i, d))
        })
        .collect())
}

/// Where a shop's rent stands, if it has a subscription yet (the operator's view).
pub async fn subscription(store: &Store, shop: ShopId) -> Result<Option<Subscription>> {
    let mut conn = store.reader().await?;
    Ok(store::rent::get(&mut conn, shop).await?)
}

/// A rent invoice by number; `shop`: only if it is that shop's.
pub async fn invoice(
    store: &Store,
    shop: Option<ShopId>,
    number: &str,
) -> Result<Option<Document>> {
    let mut conn = store.reader().await?;
    let Some(i) = store::rent::invoice_by_number(&mut conn, number).await? else {
        return Ok(None);
    };
    if shop.is_some_and(|s| s.0 != i.shop_id) {
        return Ok(None);
    }
    Ok(serde_json::from_str(&i.document).ok())
}

/// The operator's figures: revenue by month, what the paying shops bring each month, the
/// shops by state, the unpaid ones, and churn over the last 30 days.
#[derive(Debug, Clone, Default)]
pub struct Figures {
    /// Months ("2026-12"), oldest first, with the rent invoiced excluding VAT.
    pub revenue: Vec<(String, i64)>,
    /// Monthly recurring revenue: each paying shop's rent by the month (a year's divided by 12).
    pub mrr_minor: i64,
    pub paying: i64,
    pub trialing: i64,
    pub free: i64,
    pub past_due: i64,
    pub suspended: i64,
    /// Shops suspended for unpaid rent in the last 30 days.
    pub churned_30d: i64,
    pub unpaid: Vec<store::rent::Unpaid>,
}

impl Figures {
    /// Churn over 30 days in basis points of the shops that were paying.
    pub fn churn_bp(&self) -> Option<i64> {
        let base = self.paying + self.past_due + self.churned_30d;
        (base > 0).then(|| self.churned_30d * 10_000 / base)
    }
}

pub async fn figures(store: &Store, now: i64) -> Result<Figures> {
    let mut conn = store.reader().await?;
    let plans = store::plan::list(&mut conn).await?;
    let mut f = Figures::default();
    for (state, plan_id, interval) in store::rent::all(&mut conn).await? {
        let Some(plan) = plans.iter().find(|p| p.id == plan_id) else {
            continue;
        };
        match State::parse(&state).unwrap_or(State::Active) {
            State::Trialing => f.trialing += 1,
            State::PastDue => f.past_due += 1,
            State::Suspended => f.suspended += 1,
            State::Active if plan.is_free() => f.free += 1,
            State::Active => {
                f.paying += 1;
                f.mrr_minor += if interval == "year" {
                    plan.yearly_minor / 12
                } else {
                    plan.monthly_minor
                };
            }
        }
    }
    // The last twelve months, this one included.
    let mut months: Vec<(String, i64)> = Vec::new();
    let mut at = now;
    while months.len() < 12 {
        let m = domain::rent::month_of(at);
        if !months.iter().any(|(x, _)| *x == m) {
            months.push((m, 0));
        }
        at -= 10 * 86_400;
    }
    months.reverse();
    let from = now - 366 * 86_400;
    for i in store::rent::invoices_since(&mut conn, from).await? {
        let m = domain::rent::month_of(i.issued_at);
        if let Some(slot) = months.iter_mut().find(|(x, _)| *x == m) {
            slot.1 += i.total_minor - i.vat_minor;
        }
    }
    f.revenue = months;
    f.churned_30d =
        store::rent::shops_with_event(&mut conn, "suspended", now - 30 * 86_400).await?;
    f.unpaid = store::rent::unpaid(&mut conn).await?;
    Ok(f)
}
