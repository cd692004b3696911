//! The operator's rent: each shop's subscription, the operator's invoices (numbered in the
//! platform's own series, kept after a shop is deleted) and the subscriptions' history. The
//! rules are `app::rent`'s.

use sqlx::FromRow;

use crate::id::ShopId;
use crate::{new_id, Conn, Result};

#[derive(Debug, Clone, FromRow, PartialEq, Eq)]
pub struct Subscription {
    pub shop_id: i64,
    /// "month" or "year" (`domain::rent::Interval`).
    pub billing_interval: String,
    /// `domain::rent::State`.
    pub state: String,
    pub period_start: i64,
    pub period_end: i64,
    /// What was paid for the current period (excluding VAT): what a plan change prorates.
    pub paid_minor: i64,
    /// Left by a plan change, taken off the next payments (excluding VAT).
    pub credit_minor: i64,
    /// The shop as a customer of the operator's provider account ("cus_…").
    pub customer_id: String,
    /// The saved card renewals are charged to ("pm_…").
    pub payment_method: String,
    /// How the card is shown ("Visa •••• 4242, 12/2030").
    pub card_label: String,
    /// When the payment of the period first failed (none while paid up).
    pub failed_at: Option<i64>,
    /// Reminders sent since it failed.
    pub reminders: i64,
    /// When a failed payment is tried again (or the shop closed).
    pub next_try_at: i64,
    /// Charges asked of the provider so far (each attempt's idempotency key counts on it).
    pub attempts: i64,
    /// The idempotency key of a charge asked whose answer is not recorded yet.
    pub pending_key: String,
    /// The provider's reason for the last refusal.
    pub last_error: String,
    pub created_at: i64,
}

const COLUMNS: &str = "shop_id, billing_interval, state, period_start, period_end, paid_minor, \
     credit_minor, customer_id, payment_method, card_label, failed_at, reminders, next_try_at, \
     attempts, pending_key, last_error, created_at";

pub async fn get(conn: &mut Conn, shop: ShopId) -> Result<Option<Subscription>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM rent_subscriptions WHERE shop_id = $1"
    ))
    .bind(shop)
    .fetch_optional(&mut *conn)
    .await?)
}

/// Writes the subscription: a new one, or every field of an existing one but its customer and
/// card, which only [`set_customer`] and [`set_card`] change (a card saved while a renewal is
/// being charged is not lost when the renewal is recorded).
pub async fn save(conn: &mut Conn, s: &Subscription, now: i64) -> Result<()> {
    sqlx::query(
        "INSERT INTO rent_subscriptions (shop_id, billing_interval, state, period_start, \
         period_end, paid_minor, credit_minor, customer_id, payment_method, card_label, \
         failed_at, reminders, next_try_at, attempts, pending_key, last_error, created_at, \
         updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18) \
         ON CONFLICT (shop_id) DO UPDATE SET billing_interval = excluded.billing_interval, \
         state = excluded.state, period_start = excluded.period_start, \
         period_end = excluded.period_end, paid_minor = excluded.paid_minor, \
         credit_minor = excluded.credit_minor, failed_at = excluded.failed_at, \
         reminders = excluded.reminders, next_try_at = excluded.next_try_at, \
         attempts = excluded.attempts, pending_key = excluded.pending_key, \
         last_error = excluded.last_error, updated_at = excluded.updated_at",
    )
    .bind(s.shop_id)
    .bind(&s.billing_interval)
    .bind(&s.state)
    .bind(s.period_start)
    .bind(s.period_end)
    .bind(s.paid_minor)
    .bind(s.credit_minor)
    .bind(&s.customer_id)
    .bind(&s.payment_method)
    .bind(&s.card_label)
    .bind(s.failed_at)
    .bind(s.reminders)
    .bind(s.next_try_at)
    .bind(s.attempts)
    .bind(&s.pending_key)
    .bind(&s.last_error)
    .bind(s.created_at)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Creates the shop's subscription unless it has one; true when this call created it. One
/// statement: two requests at once (the Billing page and the rent job) make one subscription.
pub async fn create(conn: &mut Conn, s: &Subscription, now: i64) -> Result<bool> {
    let r = sqlx::query(
        "INSERT INTO rent_subscriptions (shop_id, billing_interval, state, period_start, \
         period_end, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6) \
         ON CONFLICT (shop_id) DO NOTHING",
    )
    .bind(s.shop_id)
    .bind(&s.billing_interval)
    .bind(&s.state)
    .bind(s.period_start)
    .bind(s.period_end)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// Sets the shop's customer at the provider, unless it has one already; returns the one kept.
pub async fn set_customer(conn: &mut Conn, shop: ShopId, customer: &str) -> Result<String> {
    sqlx::query(
        "UPDATE rent_subscriptions SET customer_id = $2 WHERE shop_id = $1 AND customer_id = ''",
    )
    .bind(shop)
    .bind(customer)
    .execute(&mut *conn)
    .await?;
    Ok(
        sqlx::query_scalar("SELECT customer_id FROM rent_subscriptions WHERE shop_id = $1")
            .bind(shop)
            .fetch_one(&mut *conn)
            .await?,
    )
}

/// Sets the card renewals are charged to.
pub async fn set_card(
    conn: &mut Conn,
    shop: ShopId,
    payment_method: &str,
    label: &str,
) -> Result<()> {
    sqlx::query(
        "UPDATE rent_subscriptions SET payment_method = $2, card_label = $3 WHERE shop_id = $1",
    )
    .bind(shop)
    .bind(payment_method)
    .bind(label)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Records the charge about to be asked (its idempotency key, the attempts' count), or that
/// its answer is recorded (`key` empty).
pub async fn set_pending(conn: &mut Conn, shop: ShopId, attempts: i64, key: &str) -> Result<()> {
    sqlx::query("UPDATE rent_subscriptions SET attempts = $2, pending_key = $3 WHERE shop_id = $1")
        .bind(shop)
        .bind(attempts)
        .bind(key)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Trials ending by `until` whose shop has saved no card and was not told yet.
pub async fn trials_ending_untold(conn: &mut Conn, now: i64, until: i64) -> Result<Vec<ShopId>> {
    Ok(sqlx::query_scalar(
        "SELECT r.shop_id FROM rent_subscriptions r WHERE r.state = 'trialing' \
         AND r.payment_method = '' AND r.period_end > $1 AND r.period_end <= $2 \
         AND NOT EXISTS (SELECT 1 FROM rent_events e WHERE e.shop_id = r.shop_id \
         AND e.event = 'trial_ending') ORDER BY r.period_end LIMIT 200",
    )
    .bind(now)
    .bind(until)
    .fetch_all(&mut *conn)
    .await?)
}

/// Forgets every shop's customer and card (the operator moved to another account, or from test
/// to live keys: those ids mean nothing there).
pub async fn forget_cards(conn: &mut Conn) -> Result<u64> {
    Ok(sqlx::query(
        "UPDATE rent_subscriptions SET customer_id = '', payment_method = '', card_label = '', \
         pending_key = ''",
    )
    .execute(&mut *conn)
    .await?
    .rows_affected())
}

/// Shops that have no subscription yet (created before the rent existed, or just now), with
/// their plan.
pub async fn without_subscription(conn: &mut Conn, limit: i64) -> Result<Vec<(i64, i64)>> {
    Ok(sqlx::query_as(
        "SELECT s.id, s.plan_id FROM shops s WHERE NOT EXISTS \
         (SELECT 1 FROM rent_subscriptions r WHERE r.shop_id = s.id) ORDER BY s.id LIMIT $1",
    )
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?)
}

/// Shops whose rent needs work at `now`: a period (or trial) that has ended, or a failed
/// payment due to be tried again (or the shop closed), not being worked on by another node.
pub async fn needing_work(conn: &mut Conn, now: i64, limit: i64) -> Result<Vec<ShopId>> {
    Ok(sqlx::query_scalar(
        "SELECT shop_id FROM rent_subscriptions WHERE lease_until <= $1 AND \
         ((state IN ('trialing', 'active') AND period_end <= $1) \
          OR (state = 'past_due' AND next_try_at <= $1)) \
         ORDER BY period_end LIMIT $2",
    )
    .bind(now)
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?)
}

/// Takes the shop's subscription for `seconds` (while its payment is asked of the provider,
/// outside any transaction): false when another node or request holds it.
pub async fn lease(conn: &mut Conn, shop: ShopId, now: i64, seconds: i64) -> Result<bool> {
    let r = sqlx::query(
        "UPDATE rent_subscriptions SET lease_until = $3 WHERE shop_id = $1 AND lease_until <= $2",
    )
    .bind(shop)
    .bind(now)
    .bind(now + seconds)
    .execute(&mut *conn)
    .await?;
    Ok(r.rows_affected() == 1)
}

pub async fn release(conn: &mut Conn, shop: ShopId) -> Result<()> {
    sqlx::query("UPDATE rent_subscriptions SET lease_until = 0 WHERE shop_id = $1")
        .bind(shop)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The next number of the platform's `series`, in the caller's transaction: a transaction
/// that rolls back gives it back, and two at once wait for each other (no gap, no repeat).
pub async fn next_number(conn: &mut Conn, series: &str) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO platform_counters (series, last) VALUES ($1, 1) \
         ON CONFLICT (series) DO UPDATE SET last = platform_counters.last + 1 RETURNING last",
    )
    .bind(series)
    .fetch_one(&mut *conn)
    .await?)
}

#[derive(Debug, Clone, FromRow, PartialEq, Eq)]
pub struct RentInvoice {
    pub id: i64,
    pub kind: String,
    pub seq: i64,
    pub number: String,
    pub shop_id: i64,
    pub issued_at: i64,
    pub currency: String,
    pub total_minor: i64,
    pub vat_minor: i64,
    /// The provider's payment it was paid by.
    pub payment_id: String,
    /// The document as issued (JSON, `domain::invoice::Document`).
    pub document: String,
}

const INVOICE_COLUMNS: &str =
    "id, kind, seq, number, shop_id, issued_at, currency, total_minor, vat_minor, payment_id, document";

pub async fn insert_invoice(conn: &mut Conn, i: &RentInvoice) -> Result<()> {
    sqlx::query(&format!(
        "INSERT INTO rent_invoices ({INVOICE_COLUMNS}) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
    ))
    .bind(i.id)
    .bind(&i.kind)
    .bind(i.seq)
    .bind(&i.number)
    .bind(i.shop_id)
    .bind(i.issued_at)
    .bind(&i.currency)
    .bind(i.total_minor)
    .bind(i.vat_minor)
    .bind(&i.payment_id)
    .bind(&i.document)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The shop's rent invoices, newest first.
pub async fn invoices_of(conn: &mut Conn, shop: ShopId) -> Result<Vec<RentInvoice>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {INVOICE_COLUMNS} FROM rent_invoices WHERE shop_id = $1 \
         ORDER BY issued_at DESC, seq DESC"
    ))
    .bind(shop)
    .fetch_all(&mut *conn)
    .await?)
}

pub async fn invoice_by_number(conn: &mut Conn, number: &str) -> Result<Option<RentInvoice>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {INVOICE_COLUMNS} FROM rent_invoices WHERE number = $1"
    ))
    .bind(number)
    .fetch_optional(&mut *conn)
    .await?)
}

/// Every rent invoice issued from `from` on, in the order they were issued.
pub async fn invoices_since(conn: &mut Conn, from: i64) -> Result<Vec<RentInvoice>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {INVOICE_COLUMNS} FROM rent_invoices WHERE issued_at >= $1 \
         ORDER BY kind, seq"
    ))
    .bind(from)
    .fetch_all(&mut *conn)
    .await?)
}

pub async fn record(
    conn: &mut Conn,
    shop: ShopId,
    at: i64,
    event: &str,
    amount: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO rent_events (id, shop_id, at, event, amount_minor) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(new_id())
    .bind(shop)
    .bind(at)
    .bind(event)
    .bind(amount)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// How many distinct shops had `event` from `from` on.
pub async fn shops_with_event(conn: &mut Conn, event: &str, from: i64) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "SELECT COUNT(DISTINCT shop_id) FROM rent_events WHERE event = $1 AND at >= $2",
    )
    .bind(event)
    .bind(from)
    .fetch_one(&mut *conn)
    .await?)
}

/// A shop whose rent is not paid: who, its state, since when, how much is due.
#[derive(Debug, Clone, FromRow)]
pub struct Unpaid {
    pub shop_id: i64,
    pub slug: String,
    pub name: String,
    pub state: String,
    pub failed_at: Option<i64>,
    pub reminders: i64,
    pub last_error: String,
    pub plan_id: i64,
    pub billing_interval: String,
}

pub async fn unpaid(conn: &mut Conn) -> Result<Vec<Unpaid>> {
    Ok(sqlx::query_as(
        "SELECT r.shop_id, s.slug, s.name, r.state, r.failed_at, r.reminders, r.last_error, \
         s.plan_id, r.billing_interval FROM rent_subscriptions r JOIN shops s ON s.id = r.shop_id \
         WHERE r.state IN ('past_due', 'suspended') ORDER BY r.failed_at",
    )
    .fetch_all(&mut *conn)
    .await?)
}

/// Subscriptions by state, with their plan and interval: what the operator's figures add up.
pub async fn all(conn: &mut Conn) -> Result<Vec<(String, i64, String)>> {
    Ok(sqlx::query_as(
        "SELECT r.state, s.plan_id, r.billing_interval FROM rent_subscriptions r \
         JOIN shops s ON s.id = r.shop_id",
    )
    .fetch_all(&mut *conn)
    .await?)
}
