//! Refunds by card: never more than was received, even asked twice at once or when the
//! provider's answer never comes.

use domain::order::{ActorKind, OrderEvent, PaymentMethod};
use domain::ValidationError;
use payments::{Provider, ProviderError};
use store::shop::Shop;
use store::Store;

use super::*;
use crate::order::{apply_in, Actor};
use crate::{Error, Result};

/// Writes the customer's e-mail about a change of their order (see `order::apply`).
pub type Email = dyn Fn(&store::order::Order, &domain::order::StatusChange) -> Option<store::outbox::EmailMessage>
    + Sync;

/// Refunds `amount_minor` of the order's card payment at the provider, never more than was
/// received less what was already given back, even when two refunds are asked at once.
pub async fn refund(
    store: &Store,
    p: &Providers,
    shop: &Shop,
    number: &str,
    amount_minor: i64,
    staff: Option<i64>,
    email: &Email,
) -> Result<store::order::Order> {
    let sid = shop.sid();
    if amount_minor <= 0 {
        return Err(refused("refund-amount-invalid"));
    }
    let by_card = {
        let mut conn = store.reader().await?;
        store::order::by_number(&mut conn, sid, number)
            .await?
            .ok_or_else(|| refused("order-unknown"))?
            .payment_method
            == PaymentMethod::Card.as_str()
    };
    if !by_card {
        return record_refund(store, shop, number, amount_minor, staff, email).await;
    }
    // 0. Refunds asked earlier whose answer never came are asked again first, under their
    //    own names: the provider makes each once, and what is left is known.
    settle_pending(store, p, shop, number).await?;
    let provider = {
        let mut conn = store.reader().await?;
        let order = store::order::by_number(&mut conn, sid, number)
            .await?
            .ok_or_else(|| refused("order-unknown"))?;
        let all = store::payment::card_payments_of(&mut conn, sid, order.id).await?;
        refundable_of(&all)
            .map(|c| c.provider.clone())
            .ok_or_else(|| refused("refund-nothing-paid"))?
    };
    let account = account_of(store, p, sid, &provider)
        .await?
        .ok_or_else(|| refused("payment-card-unavailable"))?;
    // 1. Reserve the amount under the order's lock.
    let reservation = format!("pending-{}", store::new_id());
    let (order, payment) = {
        let mut tx = store.begin().await?;
        let order = store::order::lock(&mut tx, sid, number)
            .await?
            .ok_or_else(|| refused("order-unknown"))?;
        let all = store::payment::card_payments_of(&mut tx, sid, order.id).await?;
        let paid = refundable_of(&all)
            .filter(|c| c.provider == account.provider)
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
        provider: payment.provider,
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
    finish_refund(store, shop, &order.number, &pending, done, false, email).await
}

/// What may still be given back on `order`: of its card payment when paid by card (refunded
/// through the provider), else of what it received (given back by the seller's own means).
pub fn refundable(
    order: &store::order::Order,
    card_payments: &[store::payment::CardPayment],
) -> i64 {
    if order.payment_method == PaymentMethod::Card.as_str() {
        refundable_of(card_payments).map_or(0, |p| p.received_minor - p.refunded_minor)
    } else {
        order.paid_minor - order.refunded_minor
    }
}

/// Records money the seller gave back by their own means (a transfer, a cheque, cash) on an
/// order not paid by card: within what was paid and not yet given back (checked under the
/// order's lock), with its credit note and the customer's e-mail.
async fn record_refund(
    store: &Store,
    shop: &Shop,
    number: &str,
    amount_minor: i64,
    staff: Option<i64>,
    email: &Email,
) -> Result<store::order::Order> {
    let mut tx = store.begin().await?;
    let by = Actor {
        kind: ActorKind::Staff,
        id: staff,
    };
    let event = OrderEvent::Refund { amount_minor };
    let after = apply_in(&mut tx, shop, number, event, None, by, |o, c| email(o, c)).await?;
    store::commit(tx).await?;
    Ok(after)
}

/// Seconds after which a refund reserved and not confirmed has surely had its request to the
/// provider end (the client gives up after 30 s): only then is it asked again. Sooner, it may
/// be a request still under way in another task.
const UNANSWERED_AFTER: i64 = 120;

/// How long a provider remembers an idempotency key (Stripe: 24 hours), less a margin: a
/// reservation older than this is never asked again (it could be made a second time); it stays
/// reserved, for the seller to check at the provider.
const KEY_REMEMBERED: i64 = 20 * 3600;

/// Asks the provider again for the order's refunds whose answer never came (a timeout, a
/// broken connection), each under its own idempotency key so that none is made twice; records
/// the answers. Refused with `refund-unconfirmed` while the provider still does not answer.
async fn settle_pending(store: &Store, p: &Providers, shop: &Shop, number: &str) -> Result<()> {
    let sid = shop.sid();
    let pending = {
        let mut conn = store.reader().await?;
        let Some(order) = store::order::by_number(&mut conn, sid, number).await? else {
            return Ok(());
        };
        let now = store::now();
        store::payment::pending_card_refunds(
            &mut conn,
            sid,
            order.id,
            now - KEY_REMEMBERED,
            now - UNANSWERED_AFTER,
        )
        .await?
    };
    for r in pending {
        let Some(account) = account_of(store, p, sid, &r.provider).await? else {
            return Err(refused("refund-unconfirmed"));
        };
        let done = account
            .client
            .refund(&r.payment_reference, r.amount_minor, &r.reservation)
            .await;
        // Settled later, out of any request that could write the customer's e-mail.
        finish_refund(store, shop, number, &r, done, true, &|_, _| None).await?;
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
        !store::payment::pending_card_refunds(&mut conn, sid, order.id, 0, i64::MAX)
            .await?
            .is_empty()
    };
    if !waiting {
        return Ok(false);
    }
    match settle_pending(store, p, shop, number).await {
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
        !store::payment::pending_card_refunds(&mut conn, sid, order.id, 0, i64::MAX)
            .await?
            .is_empty(),
    )
}

/// Records the provider's answer to a reserved refund: made (the order's refunded total grows,
/// once however many requests learn it), refused the first time it was asked (the reservation
/// is given back), or unknown (the reservation stays, counted, so that nothing more than was
/// paid can be refunded while its fate is open; it is asked again later). A refusal of a
/// request asked again proves nothing (the first may have been made): it stays reserved.
async fn finish_refund(
    store: &Store,
    shop: &Shop,
    number: &str,
    r: &store::payment::PendingRefund,
    done: std::result::Result<payments::Refund, ProviderError>,
    retry: bool,
    email: &Email,
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
                apply_in(&mut tx, shop, number, event, None, by, |o, c| email(o, c)).await?
            } else {
                store::order::by_number(&mut tx, sid, number)
                    .await?
                    .ok_or_else(|| refused("order-unknown"))?
            };
            store::commit(tx).await?;
            Ok(after)
        }
        Err(e @ ProviderError::Refused { .. }) if !retry => {
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
        Err(e) => {
            tracing::warn!(error = %e, order = number, "refund not confirmed by the provider");
            Err(refused("refund-unconfirmed"))
        }
    }
}
