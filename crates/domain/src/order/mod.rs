//! An order's life after checkout: the statuses it goes through, the moves
//! (events) between them, who may make each move, and the record every
//! change leaves. The store saves the status with `as_str()` and appends a
//! [`StatusChange`] row for each accepted move.
//!
//! Refunds are an amount beside the status rather than a status of their
//! own, because a partial refund (one cheese out of stock) does not stop the
//! rest of the order from being prepared and shipped. The status becomes
//! `refunded` only when everything paid has been given back; "partially
//! refunded" is derived ([`OrderState::refund_state`]) for lists and
//! filters. A cancelled order keeps its status while its payment is
//! returned, so that the reason (cancellation) stays visible.

use serde::{Deserialize, Serialize};

use crate::error::ValidationError;
use crate::money::Money;

pub mod gift;
#[cfg(test)]
mod tests;
pub mod withdrawal;

keyword_enum! {
    /// Where an order is in its life.
    pub enum OrderStatus: "order-status-unknown" {
        /// Placed; waiting for a transfer, a cheque, a card confirmation, or
        /// (cash on pickup) for the shopper to come.
        AwaitingPayment => "awaiting_payment",
        Paid => "paid",
        /// The seller is making or packing it.
        Preparing => "preparing",
        /// Handed to a carrier (or to the seller's own delivery round).
        Shipped => "shipped",
        /// In the buyer's hands: delivered, collected at the shop, or for
        /// downloads and services, made available.
        Delivered => "delivered",
        Cancelled => "cancelled",
        /// Everything paid has been given back.
        Refunded => "refunded",
    }
}

keyword_enum! {
    /// How the shopper pays. Only card payment goes through a provider.
    pub enum PaymentMethod: "payment-method-unknown" {
        BankTransfer => "bank_transfer",
        Cheque => "cheque",
        /// Cash (or card at the counter) when collecting at the shop.
        PickupCash => "pickup_cash",
        Card => "card",
    }
}

keyword_enum! {
    /// How the goods reach the buyer, which decides the moves that make sense.
    pub enum Fulfilment: "fulfilment-unknown" {
        /// A carrier or the seller's own delivery.
        Shipping => "shipping",
        /// The buyer collects at the shop.
        Pickup => "pickup",
        /// Downloads and services only: nothing leaves the shop.
        Nothing => "none",
    }
}

keyword_enum! {
    /// Who made a change, for the order's history.
    pub enum ActorKind: "actor-kind-unknown" {
        /// The shopper, from their order page.
        Customer => "customer",
        /// The seller or one of their staff, from the admin.
        Staff => "staff",
        /// A background job (unpaid orders expiring, digital delivery).
        System => "system",
        /// A payment provider's or carrier's webhook.
        Provider => "provider",
    }
}

keyword_enum! {
    pub enum CancelReason: "cancel-reason-unknown" {
        /// The shopper asked (themselves before paying, or through the seller).
        CustomerRequest => "customer_request",
        /// The seller's decision.
        Seller => "seller",
        /// Not paid within the delay the seller set.
        Unpaid => "unpaid",
        OutOfStock => "out_of_stock",
    }
}

keyword_enum! {
    /// The kind of a move, as stored in the order's history.
    pub enum OrderEventKind: "order-event-unknown" {
        MarkPaid => "mark_paid",
        StartPreparing => "start_preparing",
        Ship => "ship",
        MarkDelivered => "mark_delivered",
        Collect => "collect",
        Cancel => "cancel",
        Refund => "refund",
    }
}

/// A move asked of an order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OrderEvent {
    /// The whole total has been received (partial payments are not
    /// modelled: the seller waits for the rest, or refunds).
    MarkPaid,
    StartPreparing,
    /// Handed to the carrier; carrier and tracking number live beside the
    /// order, not in the state machine.
    Ship,
    /// The carrier reports delivery, or a download or service is made
    /// available.
    MarkDelivered,
    /// The buyer collected it at the shop; for cash on pickup this also
    /// records the payment, so that no delivered order is left unpaid.
    Collect,
    Cancel(CancelReason),
    /// Gives back part or all of what was paid, in minor units.
    Refund {
        amount_minor: i64,
    },
}

impl OrderEvent {
    pub fn kind(&self) -> OrderEventKind {
        match self {
            OrderEvent::MarkPaid => OrderEventKind::MarkPaid,
            OrderEvent::StartPreparing => OrderEventKind::StartPreparing,
            OrderEvent::Ship => OrderEventKind::Ship,
            OrderEvent::MarkDelivered => OrderEventKind::MarkDelivered,
            OrderEvent::Collect => OrderEventKind::Collect,
            OrderEvent::Cancel(_) => OrderEventKind::Cancel,
            OrderEvent::Refund { .. } => OrderEventKind::Refund,
        }
    }
}

/// Every status change the rules can make, as (from, to). Refunds that do
/// not give everything back leave the status unchanged, hence the loops.
/// Kept as data so that the admin and the tests can read the graph.
pub const TRANSITIONS: &[(OrderStatus, OrderStatus)] = {
    use OrderStatus::*;
    &[
        (AwaitingPayment, Paid),
        (AwaitingPayment, Preparing), // cash on pickup: prepared before payment
        (AwaitingPayment, Delivered), // cash on pickup: collected and paid at once
        (AwaitingPayment, Cancelled),
        (Paid, Preparing),
        (Paid, Shipped),
        (Paid, Delivered), // collected, or a download made available
        (Paid, Cancelled),
        (Paid, Refunded),
        (Paid, Paid),
        (Preparing, Shipped),
        (Preparing, Delivered),
        (Preparing, Cancelled),
        (Preparing, Refunded),
        (Preparing, Preparing),
        (Shipped, Delivered),
        (Shipped, Refunded), // parcel lost
        (Shipped, Shipped),
        (Delivered, Refunded), // returned, withdrawal
        (Delivered, Delivered),
        (Cancelled, Cancelled), // a late payment recorded, or given back
    ]
};

/// Whether a refund has been made, for lists, filters and e-mails.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RefundState {
    None,
    Partial,
    Full,
}

/// What the rules need to know about an order. The store keeps these
/// columns; the lines, addresses and tracking live elsewhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct OrderState {
    status: OrderStatus,
    payment: PaymentMethod,
    fulfilment: Fulfilment,
    total: Money,
    paid_minor: i64,
    refunded_minor: i64,
}

/// One accepted move, as the order's history stores it (plain data).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct StatusChange {
    pub from: OrderStatus,
    pub to: OrderStatus,
    pub event: OrderEventKind,
    pub actor: ActorKind,
    /// Unix seconds, UTC.
    pub at_utc: i64,
    /// The amount received (payment) or given back (refund), in minor units.
    pub amount_minor: Option<i64>,
    pub cancel_reason: Option<CancelReason>,
}

impl OrderState {
    /// A newly placed order, awaiting payment. Cash on pickup needs the
    /// pickup fulfilment: there is nobody to pay a parcel's driver.
    pub fn new(
        payment: PaymentMethod,
        fulfilment: Fulfilment,
        total: Money,
    ) -> Result<OrderState, ValidationError> {
        OrderState::from_parts(
            OrderStatus::AwaitingPayment,
            payment,
            fulfilment,
            total,
            0,
            0,
        )
    }

    /// Rebuilds a stored order, refusing combinations the rules can never
    /// produce (so a hand-edited row cannot reach the state machine).
    pub fn from_parts(
        status: OrderStatus,
        payment: PaymentMethod,
        fulfilment: Fulfilment,
        total: Money,
        paid_minor: i64,
        refunded_minor: i64,
    ) -> Result<OrderState, ValidationError> {
        if total.minor < 0 {
            return Err(ValidationError::new("order-total-negative"));
        }
        if payment == PaymentMethod::PickupCash && fulfilment != Fulfilment::Pickup {
            return Err(ValidationError::new("order-cash-needs-pickup"));
        }
        use OrderStatus::*;
        let paid_ok = paid_minor == 0 || paid_minor == total.minor;
        let refund_ok = (0..=paid_minor).contains(&refunded_minor);
        let fully_refunded = paid_minor > 0 && refunded_minor == paid_minor;
        let status_ok = match status {
            AwaitingPayment => paid_minor == 0,
            Paid | Shipped | Delivered => paid_minor == total.minor && !fully_refunded,
            // Cash-on-pickup orders may be prepared before they are paid.
            Preparing => {
                (paid_minor == total.minor || payment == PaymentMethod::PickupCash)
                    && !(fully_refunded && total.minor > 0)
            }
            Cancelled => true,
            Refunded => fully_refunded,
        };
        if !(paid_ok && refund_ok && status_ok) {
            return Err(ValidationError::new("order-state-invalid"));
        }
        Ok(OrderState {
            status,
            payment,
            fulfilment,
            total,
            paid_minor,
            refunded_minor,
        })
    }

    pub fn status(&self) -> OrderStatus {
        self.status
    }

    pub fn payment(&self) -> PaymentMethod {
        self.payment
    }

    pub fn fulfilment(&self) -> Fulfilment {
        self.fulfilment
    }

    pub fn total(&self) -> Money {
        self.total
    }

    pub fn paid_minor(&self) -> i64 {
        self.paid_minor
    }

    pub fn refunded_minor(&self) -> i64 {
        self.refunded_minor
    }

    pub fn is_paid(&self) -> bool {
        self.paid_minor == self.total.minor && self.status != OrderStatus::AwaitingPayment
    }

    /// What may still be given back.
    pub fn refundable_minor(&self) -> i64 {
        self.paid_minor - self.refunded_minor
    }

    pub fn refund_state(&self) -> RefundState {
        match self.refunded_minor {
            0 => RefundState::None,
            r if r == self.paid_minor => RefundState::Full,
            _ => RefundState::Partial,
        }
    }

    /// A cancelled order whose payment has not all been given back: the
    /// admin shows it in a "to refund" list.
    pub fn refund_due(&self) -> bool {
        self.status == OrderStatus::Cancelled && self.refundable_minor() > 0
    }

    /// Applies `event` made by `actor` at `at_utc`, or says why it is
    /// impossible. On success returns the new state and the change to
    /// record.
    pub fn apply(
        &self,
        event: OrderEvent,
        actor: ActorKind,
        at_utc: i64,
    ) -> Result<(OrderState, StatusChange), ValidationError> {
        use OrderStatus::*;
        let from = self.status;
        if from == Refunded {
            return Err(ValidationError::new("order-closed").with("status", from));
        }
        if !actor_may(actor, event, from) {
            return Err(ValidationError::new("order-actor-forbidden"));
        }
        // A card payment is known from the provider alone (its signed event, or its answer to
        // our own request), never from someone's word.
        if event == OrderEvent::MarkPaid
            && self.payment == PaymentMethod::Card
            && actor != ActorKind::Provider
        {
            return Err(ValidationError::new("order-card-paid-by-provider"));
        }
        let mut next = *self;
        let mut amount = None;
        let mut cancel_reason = None;
        match event {
            OrderEvent::MarkPaid => {
                let owed = self.paid_minor < self.total.minor;
                match from {
                    AwaitingPayment => {}
                    Preparing | Cancelled if owed => {}
                    Cancelled => return Err(closed(from)),
                    _ => return Err(ValidationError::new("order-already-paid")),
                }
                // A cash-on-pickup order prepared before payment stays in
                // preparation; a transfer arriving after its order expired
                // leaves it cancelled, with a refund due.
                if from == AwaitingPayment {
                    next.status = Paid;
                }
                next.paid_minor = self.total.minor;
                amount = Some(self.total.minor);
            }
            OrderEvent::StartPreparing => {
                match from {
                    Paid => {}
                    AwaitingPayment if self.payment == PaymentMethod::PickupCash => {}
                    AwaitingPayment => return Err(ValidationError::new("order-unpaid")),
                    Cancelled => return Err(closed(from)),
                    _ => return Err(impossible(from, event)),
                }
                next.status = Preparing;
            }
            OrderEvent::Ship => {
                if self.fulfilment != Fulfilment::Shipping {
                    return Err(wrong_fulfilment(self.fulfilment));
                }
                match from {
                    Paid | Preparing if self.paid_minor == self.total.minor => {}
                    AwaitingPayment => return Err(ValidationError::new("order-unpaid")),
                    Cancelled => return Err(closed(from)),
                    _ => return Err(impossible(from, event)),
                }
                next.status = Shipped;
            }
            OrderEvent::MarkDelivered => {
                match (from, self.fulfilment) {
                    (Shipped, Fulfilment::Shipping) => {}
                    (Paid | Preparing, Fulfilment::Nothing) => {}
                    (AwaitingPayment, _) => return Err(ValidationError::new("order-unpaid")),
                    (Cancelled, _) => return Err(closed(from)),
                    (Paid | Preparing, Fulfilment::Shipping) => {
                        // A parcel is delivered after it has been shipped.
                        return Err(impossible(from, event));
                    }
                    (_, Fulfilment::Pickup) => return Err(wrong_fulfilment(self.fulfilment)),
                    _ => return Err(impossible(from, event)),
                }
                next.status = Delivered;
            }
            OrderEvent::Collect => {
                if self.fulfilment != Fulfilment::Pickup {
                    return Err(wrong_fulfilment(self.fulfilment));
                }
                let cash = self.payment == PaymentMethod::PickupCash;
                match from {
                    Paid | Preparing if self.paid_minor == self.total.minor => {}
                    AwaitingPayment | Preparing if cash => {
                        next.paid_minor = self.total.minor;
                        amount = Some(self.total.minor);
                    }
                    AwaitingPayment | Preparing => {
                        return Err(ValidationError::new("order-unpaid"))
                    }
                    Cancelled => return Err(closed(from)),
                    _ => return Err(impossible(from, event)),
                }
                next.status = Delivered;
            }
            OrderEvent::Cancel(reason) => {
                match from {
                    AwaitingPayment | Paid | Preparing => {}
                    Shipped | Delivered => {
                        return Err(ValidationError::new("order-already-shipped"));
                    }
                    _ => return Err(closed(from)),
                }
                if reason == CancelReason::Unpaid && self.paid_minor > 0 {
                    return Err(ValidationError::new("order-already-paid"));
                }
                next.status = Cancelled;
                cancel_reason = Some(reason);
            }
            OrderEvent::Refund { amount_minor } => {
                if amount_minor <= 0 {
                    return Err(ValidationError::new("order-refund-invalid"));
                }
                if self.paid_minor == 0 {
                    return Err(ValidationError::new("order-unpaid"));
                }
                let left = self.refundable_minor();
                if amount_minor > left {
                    // In minor units: the page writes it as money in the reader's language.
                    return Err(ValidationError::new("order-refund-too-much").with("max", left));
                }
                next.refunded_minor += amount_minor;
                if next.refunded_minor == self.paid_minor && from != Cancelled {
                    next.status = Refunded;
                }
                amount = Some(amount_minor);
            }
        }
        debug_assert!(TRANSITIONS.contains(&(from, next.status)));
        let change = StatusChange {
            from,
            to: next.status,
            event: event.kind(),
            actor,
            at_utc,
            amount_minor: amount,
            cancel_reason,
        };
        Ok((next, change))
    }

    /// The moves `actor` could make now, for the buttons of the order page
    /// (a refund is offered while something is left to give back).
    pub fn possible_events(&self, actor: ActorKind) -> Vec<OrderEventKind> {
        let candidates = [
            OrderEvent::MarkPaid,
            OrderEvent::StartPreparing,
            OrderEvent::Ship,
            OrderEvent::MarkDelivered,
            OrderEvent::Collect,
            OrderEvent::Cancel(CancelReason::Seller),
            OrderEvent::Cancel(CancelReason::CustomerRequest),
            OrderEvent::Cancel(CancelReason::Unpaid),
            OrderEvent::Refund { amount_minor: 1 },
        ];
        let mut out: Vec<OrderEventKind> = Vec::new();
        for event in candidates {
            if self.apply(event, actor, 0).is_ok() && !out.contains(&event.kind()) {
                out.push(event.kind());
            }
        }
        out
    }
}

/// Who may make which move. Shoppers only cancel their own unpaid order;
/// payment and delivery news may come from providers' webhooks; only staff
/// hand goods over the counter or give money back on their own initiative
/// (a provider may report a refund made on its side).
fn actor_may(actor: ActorKind, event: OrderEvent, from: OrderStatus) -> bool {
    use ActorKind::*;
    match event {
        OrderEvent::MarkPaid => matches!(actor, Staff | System | Provider),
        OrderEvent::StartPreparing | OrderEvent::Ship => matches!(actor, Staff | System),
        OrderEvent::MarkDelivered => matches!(actor, Staff | System | Provider),
        OrderEvent::Collect => actor == Staff,
        OrderEvent::Cancel(reason) => match actor {
            Customer => {
                reason == CancelReason::CustomerRequest && from == OrderStatus::AwaitingPayment
            }
            Staff => true,
            System | Provider => matches!(reason, CancelReason::Unpaid | CancelReason::OutOfStock),
        },
        OrderEvent::Refund { .. } => matches!(actor, Staff | Provider),
    }
}

fn closed(status: OrderStatus) -> ValidationError {
    ValidationError::new("order-closed").with("status", status)
}

fn impossible(from: OrderStatus, event: OrderEvent) -> ValidationError {
    ValidationError::new("order-move-impossible")
        .with("status", from)
        .with("event", event.kind())
}

fn wrong_fulfilment(fulfilment: Fulfilment) -> ValidationError {
    ValidationError::new("order-wrong-fulfilment").with("fulfilment", fulfilment)
}

/// Message ids this module can produce, with their arguments (to be merged
/// into [`crate::error::CODES`] once the web layer has the texts).
pub const CODES: &[(&str, &[&str])] = &[
    ("order-status-unknown", &["value"]),
    ("payment-method-unknown", &["value"]),
    ("fulfilment-unknown", &["value"]),
    ("actor-kind-unknown", &["value"]),
    ("cancel-reason-unknown", &["value"]),
    ("order-event-unknown", &["value"]),
    ("order-total-negative", &[]),
    ("order-cash-needs-pickup", &[]),
    ("order-state-invalid", &[]),
    ("order-closed", &["status"]),
    ("order-actor-forbidden", &[]),
    ("order-card-paid-by-provider", &[]),
    ("order-already-paid", &[]),
    ("order-unpaid", &[]),
    ("order-already-shipped", &[]),
    ("order-wrong-fulfilment", &["fulfilment"]),
    ("order-move-impossible", &["status", "event"]),
    ("order-refund-invalid", &[]),
    ("order-refund-too-much", &["max"]),
];
