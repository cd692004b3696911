//! Payment methods a shop offers, with their settings (bank transfer details for now).

use serde::Serialize;
use sqlx::FromRow;

use crate::id::ShopId;
use crate::{now, Conn, Result};

#[derive(Debug, Clone, FromRow, Serialize)]
pub struct PaymentMethod {
    pub code: String,
    pub enabled: i64,
    pub settings: String,
}

pub async fn upsert(
    conn: &mut Conn,
    shop_id: ShopId,
    code: &str,
    enabled: bool,
    settings: &serde_json::Value,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO payment_methods (shop_id, code, enabled, settings, updated_at) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (shop_id, code) DO UPDATE SET enabled = excluded.enabled, settings = excluded.settings, updated_at = excluded.updated_at",
    )
    .bind(shop_id)
    .bind(code)
    .bind(enabled as i64)
    .bind(settings.to_string())
    .bind(now())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn list(conn: &mut Conn, shop_id: ShopId) -> Result<Vec<PaymentMethod>> {
    Ok(sqlx::query_as(
        "SELECT code, enabled, settings FROM payment_methods WHERE shop_id = $1 ORDER BY code",
    )
    .bind(shop_id)
    .fetch_all(&mut *conn)
    .await?)
}

/// A shop's account at a card-payment provider; the secrets stay sealed here (see
/// `payments::sealed`), opened only to call the provider.
#[derive(Debug, Clone, FromRow)]
pub struct Account {
    pub provider: String,
    pub publishable_key: String,
    pub secret_key_sealed: String,
    /// How the secret key is shown once saved ("sk_live_••••Wxyz").
    pub secret_key_hint: String,
    pub webhook_secret_sealed: String,
    pub updated_at: i64,
}

pub async fn save_account(conn: &mut Conn, shop: ShopId, a: &Account) -> Result<()> {
    sqlx::query(
        "INSERT INTO payment_accounts (shop_id, provider, publishable_key, secret_key_sealed, \
         secret_key_hint, webhook_secret_sealed, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7) \
         ON CONFLICT (shop_id, provider) DO UPDATE SET publishable_key = excluded.publishable_key, \
         secret_key_sealed = excluded.secret_key_sealed, secret_key_hint = excluded.secret_key_hint, \
         webhook_secret_sealed = excluded.webhook_secret_sealed, updated_at = excluded.updated_at",
    )
    .bind(shop)
    .bind(&a.provider)
    .bind(&a.publishable_key)
    .bind(&a.secret_key_sealed)
    .bind(&a.secret_key_hint)
    .bind(&a.webhook_secret_sealed)
    .bind(now())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn account(conn: &mut Conn, shop: ShopId, provider: &str) -> Result<Option<Account>> {
    Ok(sqlx::query_as(
        "SELECT provider, publishable_key, secret_key_sealed, secret_key_hint, \
         webhook_secret_sealed, updated_at FROM payment_accounts \
         WHERE shop_id = $1 AND provider = $2",
    )
    .bind(shop)
    .bind(provider)
    .fetch_optional(&mut *conn)
    .await?)
}

pub async fn delete_account(conn: &mut Conn, shop: ShopId, provider: &str) -> Result<()> {
    sqlx::query("DELETE FROM payment_accounts WHERE shop_id = $1 AND provider = $2")
        .bind(shop)
        .bind(provider)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// An order's payment at a provider, as the provider last told it.
#[derive(Debug, Clone, FromRow, PartialEq, Eq)]
pub struct CardPayment {
    pub id: i64,
    pub order_id: i64,
    pub provider: String,
    /// The provider's id of it ("pi_…").
    pub reference: String,
    /// "automatic" or "manual" (an authorisation captured later).
    pub capture: String,
    /// pending, authorised, paid, failed (`payments::State`).
    pub state: String,
    pub amount_minor: i64,
    pub currency: String,
    pub received_minor: i64,
    pub refunded_minor: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

const CARD_COLUMNS: &str = "id, order_id, provider, reference, capture, state, amount_minor, \
    currency, received_minor, refunded_minor, created_at, updated_at";

/// Records a payment made at a provider; one already recorded (two pages started it at once and
/// the provider answered both with the same payment, by the idempotency key) is kept as it is.
pub async fn insert_card_payment(conn: &mut Conn, shop: ShopId, p: &CardPayment) -> Result<()> {
    sqlx::query(&format!(
        "INSERT INTO card_payments (shop_id, {CARD_COLUMNS}) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) \
         ON CONFLICT (shop_id, provider, reference) DO NOTHING"
    ))
    .bind(shop)
    .bind(p.id)
    .bind(p.order_id)
    .bind(&p.provider)
    .bind(&p.reference)
    .bind(&p.capture)
    .bind(&p.state)
    .bind(p.amount_minor)
    .bind(&p.currency)
    .bind(p.received_minor)
    .bind(p.refunded_minor)
    .bind(p.created_at)
    .bind(p.updated_at)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The shop's payment known to `provider` as `reference`, locked on PostgreSQL until the
/// transaction ends (a webhook and the shopper's return may arrive together).
pub async fn lock_card_payment(
    conn: &mut Conn,
    shop: ShopId,
    provider: &str,
    reference: &str,
) -> Result<Option<CardPayment>> {
    let lock = match crate::backend_of(conn) {
        crate::Backend::Postgres => " FOR UPDATE",
        crate::Backend::Sqlite => "",
    };
    Ok(sqlx::query_as(&format!(
        "SELECT {CARD_COLUMNS} FROM card_payments \
         WHERE shop_id = $1 AND provider = $2 AND reference = $3{lock}"
    ))
    .bind(shop)
    .bind(provider)
    .bind(reference)
    .fetch_optional(&mut *conn)
    .await?)
}

/// Whether the shop has a payment known to `provider` as `reference` (a plain read, no lock).
pub async fn has_card_payment(
    conn: &mut Conn,
    shop: ShopId,
    provider: &str,
    reference: &str,
) -> Result<bool> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM card_payments WHERE shop_id = $1 AND provider = $2 AND reference = $3",
    )
    .bind(shop)
    .bind(provider)
    .bind(reference)
    .fetch_one(&mut *conn)
    .await?;
    Ok(n > 0)
}

/// An order's payments at providers, newest first.
pub async fn card_payments_of(
    conn: &mut Conn,
    shop: ShopId,
    order: crate::id::OrderId,
) -> Result<Vec<CardPayment>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {CARD_COLUMNS} FROM card_payments WHERE shop_id = $1 AND order_id = $2 \
         ORDER BY created_at DESC, id DESC"
    ))
    .bind(shop)
    .bind(order)
    .fetch_all(&mut *conn)
    .await?)
}

pub async fn set_card_state(
    conn: &mut Conn,
    shop: ShopId,
    id: i64,
    state: &str,
    received_minor: i64,
) -> Result<()> {
    sqlx::query(
        "UPDATE card_payments SET state = $3, received_minor = $4, updated_at = $5 \
         WHERE shop_id = $1 AND id = $2",
    )
    .bind(shop)
    .bind(id)
    .bind(state)
    .bind(received_minor)
    .bind(now())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Records a refund made at the provider and adds it to the payment's refunded total.
pub async fn add_card_refund(
    conn: &mut Conn,
    shop: ShopId,
    payment: i64,
    reference: &str,
    amount_minor: i64,
    staff: Option<i64>,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO card_refunds (shop_id, payment_id, reference, amount_minor, staff_id, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(shop)
    .bind(payment)
    .bind(reference)
    .bind(amount_minor)
    .bind(staff)
    .bind(now())
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "UPDATE card_payments SET refunded_minor = refunded_minor + $3, updated_at = $4 \
         WHERE shop_id = $1 AND id = $2",
    )
    .bind(shop)
    .bind(payment)
    .bind(amount_minor)
    .bind(now())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Notes that the shop's provider event `event_id` is being handled; false when it was
/// already (a delivery sent again): the caller then does nothing.
pub async fn first_event(
    conn: &mut Conn,
    shop: ShopId,
    provider: &str,
    event_id: &str,
) -> Result<bool> {
    let done = sqlx::query(
        "INSERT INTO payment_events (shop_id, provider, event_id, received_at) \
         VALUES ($1, $2, $3, $4) ON CONFLICT (shop_id, provider, event_id) DO NOTHING",
    )
    .bind(shop)
    .bind(provider)
    .bind(event_id)
    .bind(now())
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A refund reserved but not yet confirmed by the provider (its answer never came).
#[derive(Debug, Clone, FromRow, PartialEq, Eq)]
pub struct PendingRefund {
    pub payment_id: i64,
    pub provider: String,
    /// The provider's id of the payment ("pi_…").
    pub payment_reference: String,
    /// The reservation's name, also the idempotency key of the request to the provider.
    pub reservation: String,
    pub amount_minor: i64,
    pub staff_id: Option<i64>,
}

/// The order's refunds reserved from `since` to before `before` and not confirmed, oldest
/// first.
pub async fn pending_card_refunds(
    conn: &mut Conn,
    shop: ShopId,
    order: crate::id::OrderId,
    since: i64,
    before: i64,
) -> Result<Vec<PendingRefund>> {
    Ok(sqlx::query_as(
        "SELECT r.payment_id, p.provider, p.reference AS payment_reference, r.reference AS reservation, \
         r.amount_minor, r.staff_id FROM card_refunds r JOIN card_payments p \
         ON p.shop_id = r.shop_id AND p.id = r.payment_id \
         WHERE r.shop_id = $1 AND p.order_id = $2 AND r.reference LIKE 'pending-%' \
         AND r.created_at < $3 AND r.created_at >= $4 ORDER BY r.created_at, r.reference",
    )
    .bind(shop)
    .bind(order)
    .bind(before)
    .bind(since)
    .fetch_all(&mut *conn)
    .await?)
}

/// Moves a card payment from state `from` to `to`, if it is still in `from`: true when this
/// call did (of two at once, one does).
pub async fn claim_card_state(
    conn: &mut Conn,
    shop: ShopId,
    id: i64,
    from: &str,
    to: &str,
) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE card_payments SET state = $4, updated_at = $5 \
         WHERE shop_id = $1 AND id = $2 AND state = $3",
    )
    .bind(shop)
    .bind(id)
    .bind(from)
    .bind(to)
    .bind(now())
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A reserved refund (see [`add_card_refund`]) made at the provider: it takes the provider's
/// id. False when it was confirmed already (by a request asking again at the same moment).
pub async fn confirm_card_refund(
    conn: &mut Conn,
    shop: ShopId,
    payment: i64,
    reservation: &str,
    reference: &str,
) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE card_refunds SET reference = $4 \
         WHERE shop_id = $1 AND payment_id = $2 AND reference = $3",
    )
    .bind(shop)
    .bind(payment)
    .bind(reservation)
    .bind(reference)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A reserved refund the provider did not make: its amount is refundable again.
pub async fn drop_card_refund(
    conn: &mut Conn,
    shop: ShopId,
    payment: i64,
    reservation: &str,
    amount_minor: i64,
) -> Result<()> {
    let gone = sqlx::query(
        "DELETE FROM card_refunds WHERE shop_id = $1 AND payment_id = $2 AND reference = $3",
    )
    .bind(shop)
    .bind(payment)
    .bind(reservation)
    .execute(&mut *conn)
    .await?;
    if gone.rows_affected() == 1 {
        sqlx::query(
            "UPDATE card_payments SET refunded_minor = refunded_minor - $3, updated_at = $4 \
             WHERE shop_id = $1 AND id = $2",
        )
        .bind(shop)
        .bind(payment)
        .bind(amount_minor)
        .bind(now())
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// A payment as the shop's list of payments shows it: a card payment at a provider, or the
/// money an order paid otherwise (transfer, cheque, cash) received.
#[derive(Debug, Clone, FromRow, PartialEq, Eq)]
pub struct PaymentLine {
    pub order_number: String,
    /// "card", or the order's other means of payment.
    pub method: String,
    pub provider: String,
    pub reference: String,
    /// "automatic", or "manual" for a deposit's authorisation.
    pub capture: String,
    /// The card payment's state, or the order's status for other means.
    pub state: String,
    pub received_minor: i64,
    pub refunded_minor: i64,
    pub at: i64,
}

/// The shop's `limit` latest payments, newest first.
pub async fn recent(conn: &mut Conn, shop: ShopId, limit: i64) -> Result<Vec<PaymentLine>> {
    Ok(sqlx::query_as(
        "SELECT o.number AS order_number, 'card' AS method, c.provider, c.reference, c.capture, \
         c.state, c.received_minor, c.refunded_minor, c.created_at AS at \
         FROM card_payments c JOIN orders o ON o.shop_id = c.shop_id AND o.id = c.order_id \
         WHERE c.shop_id = $1 \
         UNION ALL \
         SELECT o.number AS order_number, o.payment_method AS method, '' AS provider, \
         '' AS reference, 'automatic' AS capture, o.status AS state, \
         o.paid_minor AS received_minor, o.refunded_minor, o.created_at AS at \
         FROM orders o WHERE o.shop_id = $1 AND o.payment_method <> 'card' AND o.paid_minor > 0 \
         ORDER BY at DESC, order_number DESC LIMIT $2",
    )
    .bind(shop)
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?)
}
