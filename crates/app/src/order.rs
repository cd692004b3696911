//! An order's life after checkout, as the seller moves it: mark paid, prepare, ship with the
//! carrier's tracking number, mark delivered or collected, cancel. The moves allowed are
//! `domain::order`'s state machine; each one is recorded with who made it and when, in the
//! transaction that changes the order. Cancelling gives the stock back and frees booked slots.

use domain::money::{Currency, Money};
use domain::order::{
    ActorKind, CancelReason, Fulfilment, OrderEvent, OrderEventKind, OrderState, OrderStatus,
    PaymentMethod,
};
use domain::ValidationError;
use store::shop::Shop;
use store::Store;

use crate::{Error, Result};

/// A move the seller asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Move {
    MarkPaid,
    StartPreparing,
    Ship { carrier: String, tracking: String },
    MarkDelivered,
    Collect,
    Cancel,
}

impl Move {
    fn event(&self) -> OrderEvent {
        match self {
            Move::MarkPaid => OrderEvent::MarkPaid,
            Move::StartPreparing => OrderEvent::StartPreparing,
            Move::Ship { .. } => OrderEvent::Ship,
            Move::MarkDelivered => OrderEvent::MarkDelivered,
            Move::Collect => OrderEvent::Collect,
            Move::Cancel => OrderEvent::Cancel(CancelReason::Seller),
        }
    }
}

/// The state machine's view of a stored order.
pub fn state_of(o: &store::order::Order) -> std::result::Result<OrderState, ValidationError> {
    let currency = Currency::parse(&o.currency)?;
    OrderState::from_parts(
        OrderStatus::parse(&o.status)?,
        PaymentMethod::parse(&o.payment_method)?,
        Fulfilment::parse(&o.fulfilment)?,
        Money::new(o.total_minor, currency),
        o.paid_minor,
        o.refunded_minor,
    )
}

/// The moves the seller may make now, for the order page's buttons.
pub fn possible(o: &store::order::Order) -> Vec<OrderEventKind> {
    state_of(o)
        .map(|s| s.possible_events(ActorKind::Staff))
        .unwrap_or_default()
}

/// Makes `mv` on the shop's order `number` for staff member `staff`; refused (with a message id)
/// when the state machine does not allow it.
/// `email` writes the message the customer gets for this change, if any (payment received,
/// shipped, cancelled); it is queued in the same transaction.
pub async fn apply(
    store: &Store,
    shop: &Shop,
    number: &str,
    mv: &Move,
    staff: Option<i64>,
    email: impl FnOnce(&store::order::Order, OrderStatus) -> Option<store::outbox::EmailMessage>,
) -> Result<store::order::Order> {
    let sid = shop.sid();
    let mut tx = store.begin().await?;
    let order = store::order::lock(&mut tx, sid, number)
        .await?
        .ok_or_else(|| Error::Refused(ValidationError::new("order-unknown")))?;
    let state = state_of(&order).map_err(Error::Refused)?;
    let (next, change) = state
        .apply(mv.event(), ActorKind::Staff, store::now())
        .map_err(Error::Refused)?;
    if let Move::Ship { carrier, tracking } = mv {
        let carrier = carrier.trim();
        let tracking = tracking.trim();
        if tracking.chars().count() > 60 || carrier.chars().count() > 60 {
            return Err(Error::Refused(ValidationError::new(
                "tracking-number-invalid",
            )));
        }
        store::order::set_tracking(
            &mut tx,
            sid,
            order.id,
            Some(carrier).filter(|c| !c.is_empty()),
            Some(tracking).filter(|t| !t.is_empty()),
        )
        .await?;
    }
    if next.status() == OrderStatus::Cancelled && order.status != "cancelled" {
        for l in store::order::lines(&mut tx, sid, order.id).await? {
            if l.stock_taken != 0 {
                if let Some(v) = l.variant_id {
                    store::order::restock(&mut tx, sid, v, l.quantity).await?;
                }
            }
            if let Some(b) = l.booking_id {
                store::order::cancel_booking(&mut tx, sid, b).await?;
            }
        }
    }
    store::order::set_state(
        &mut tx,
        sid,
        order.id,
        next.status().as_str(),
        next.paid_minor(),
        next.refunded_minor(),
    )
    .await?;
    store::order::add_event(
        &mut tx,
        sid,
        order.id,
        &store::order::NewEvent {
            from_status: Some(change.from.as_str()),
            to_status: change.to.as_str(),
            event: change.event.as_str(),
            actor_kind: ActorKind::Staff.as_str(),
            actor_id: staff,
            amount_minor: change.amount_minor,
            note: "",
        },
    )
    .await?;
    let after = store::order::by_id(&mut tx, sid, order.id)
        .await?
        .ok_or(store::StoreError::NotFound)?;
    if let Some(msg) = email(&after, change.to) {
        store::outbox::enqueue_email(&mut tx, Some(shop.sid()), &msg).await?;
    }
    tx.commit().await.map_err(store::StoreError::from)?;
    Ok(after)
}
