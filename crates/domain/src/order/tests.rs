use super::*;
use crate::money::EUR;
use crate::testing::assert_code;
use proptest::prelude::*;
use ActorKind::*;
use OrderStatus::*;

const T: i64 = 1_780_000_000;

fn order(payment: PaymentMethod, fulfilment: Fulfilment, total: i64) -> OrderState {
    OrderState::new(payment, fulfilment, Money::new(total, EUR)).unwrap()
}

fn transfer() -> OrderState {
    order(PaymentMethod::BankTransfer, Fulfilment::Shipping, 4_990)
}

fn step(state: &OrderState, event: OrderEvent, actor: ActorKind) -> OrderState {
    state.apply(event, actor, T).unwrap().0
}

#[test]
fn keywords_round_trip() {
    let statuses: Vec<&str> = OrderStatus::all().iter().map(|s| s.as_str()).collect();
    assert_eq!(
        statuses,
        [
            "awaiting_payment",
            "paid",
            "preparing",
            "shipped",
            "delivered",
            "cancelled",
            "refunded"
        ]
    );
    for &s in OrderStatus::all() {
        assert_eq!(OrderStatus::parse(s.as_str()).unwrap(), s);
    }
    assert_eq!(
        OrderStatus::parse("Awaiting payment").unwrap(),
        AwaitingPayment
    );
    let e = assert_code(OrderStatus::parse("lost"), "order-status-unknown");
    assert_eq!(e.arg("value"), Some("lost"));
    assert_eq!(
        PaymentMethod::parse("pickup_cash").unwrap(),
        PaymentMethod::PickupCash
    );
    assert_code(PaymentMethod::parse("bitcoin"), "payment-method-unknown");
    assert_eq!(Fulfilment::parse("none").unwrap(), Fulfilment::Nothing);
    assert_code(Fulfilment::parse("drone"), "fulfilment-unknown");
    assert_eq!(ActorKind::parse("PROVIDER").unwrap(), Provider);
    assert_code(ActorKind::parse("robot"), "actor-kind-unknown");
    assert_eq!(
        CancelReason::parse("out-of-stock").unwrap(),
        CancelReason::OutOfStock
    );
    assert_code(CancelReason::parse("whim"), "cancel-reason-unknown");
    assert_eq!(
        OrderEventKind::parse("mark_paid").unwrap(),
        OrderEventKind::MarkPaid
    );
    assert_code(OrderEventKind::parse("teleport"), "order-event-unknown");
}

#[test]
fn bank_transfer_journey_records_every_change() {
    let o = transfer();
    assert_eq!(o.status(), AwaitingPayment);
    assert!(!o.is_paid());
    let (o, c) = o.apply(OrderEvent::MarkPaid, Staff, T).unwrap();
    assert_eq!(
        c,
        StatusChange {
            from: AwaitingPayment,
            to: Paid,
            event: OrderEventKind::MarkPaid,
            actor: Staff,
            at_utc: T,
            amount_minor: Some(4_990),
            cancel_reason: None,
        }
    );
    assert!(o.is_paid());
    let (o, c) = o.apply(OrderEvent::StartPreparing, Staff, T + 60).unwrap();
    assert_eq!((c.from, c.to, c.at_utc), (Paid, Preparing, T + 60));
    let (o, c) = o.apply(OrderEvent::Ship, Staff, T + 120).unwrap();
    assert_eq!((c.from, c.to), (Preparing, Shipped));
    let (o, c) = o
        .apply(OrderEvent::MarkDelivered, Provider, T + 180)
        .unwrap();
    assert_eq!((c.from, c.to, c.actor), (Shipped, Delivered, Provider));
    assert_eq!(o.status(), Delivered);
    assert_eq!(o.refund_state(), RefundState::None);
    let json = serde_json::to_string(&c).unwrap();
    assert!(json.contains(r#""from":"shipped""#), "{json}");
    assert_eq!(serde_json::from_str::<StatusChange>(&json).unwrap(), c);
}

#[test]
fn unpaid_orders_cannot_be_prepared_shipped_or_delivered() {
    let o = transfer();
    assert_code(o.apply(OrderEvent::Ship, Staff, T), "order-unpaid");
    assert_code(
        o.apply(OrderEvent::StartPreparing, Staff, T),
        "order-unpaid",
    );
    assert_code(o.apply(OrderEvent::MarkDelivered, Staff, T), "order-unpaid");
    let cheque = order(PaymentMethod::Cheque, Fulfilment::Pickup, 1_000);
    assert_code(cheque.apply(OrderEvent::Collect, Staff, T), "order-unpaid");
    assert_code(
        cheque.apply(OrderEvent::StartPreparing, Staff, T),
        "order-unpaid",
    );
}

#[test]
fn paid_orders_may_ship_without_a_preparing_step() {
    let o = step(&transfer(), OrderEvent::MarkPaid, Staff);
    let (o, c) = o.apply(OrderEvent::Ship, Staff, T).unwrap();
    assert_eq!((c.from, c.to), (Paid, Shipped));
    // A parcel is delivered only after it has been shipped, and only once.
    assert_code(o.apply(OrderEvent::Ship, Staff, T), "order-move-impossible");
    let paid = step(&transfer(), OrderEvent::MarkPaid, Staff);
    let e = assert_code(
        paid.apply(OrderEvent::MarkDelivered, Staff, T),
        "order-move-impossible",
    );
    assert_eq!(
        (e.arg("status"), e.arg("event")),
        (Some("paid"), Some("mark_delivered"))
    );
    assert_code(
        paid.apply(OrderEvent::MarkPaid, Staff, T),
        "order-already-paid",
    );
}

#[test]
fn shipped_orders_cannot_be_cancelled_only_refunded() {
    let shipped = step(
        &step(&transfer(), OrderEvent::MarkPaid, Staff),
        OrderEvent::Ship,
        Staff,
    );
    for reason in CancelReason::all() {
        let r = shipped.apply(OrderEvent::Cancel(*reason), Staff, T);
        if *reason == CancelReason::Unpaid {
            assert!(r.is_err());
        } else {
            assert_code(r, "order-already-shipped");
        }
    }
    let delivered = step(&shipped, OrderEvent::MarkDelivered, Staff);
    assert_code(
        delivered.apply(OrderEvent::Cancel(CancelReason::Seller), Staff, T),
        "order-already-shipped",
    );
    let (refunded, c) = delivered
        .apply(
            OrderEvent::Refund {
                amount_minor: 4_990,
            },
            Staff,
            T,
        )
        .unwrap();
    assert_eq!(
        (c.from, c.to, c.amount_minor),
        (Delivered, Refunded, Some(4_990))
    );
    assert_eq!(refunded.refund_state(), RefundState::Full);
    let e = assert_code(
        refunded.apply(OrderEvent::Refund { amount_minor: 1 }, Staff, T),
        "order-closed",
    );
    assert_eq!(e.arg("status"), Some("refunded"));
}

#[test]
fn partial_refunds_keep_the_order_going() {
    let paid = step(&transfer(), OrderEvent::MarkPaid, Staff);
    let (o, c) = paid
        .apply(
            OrderEvent::Refund {
                amount_minor: 1_200,
            },
            Staff,
            T,
        )
        .unwrap();
    assert_eq!((c.from, c.to), (Paid, Paid));
    assert_eq!(o.refund_state(), RefundState::Partial);
    assert_eq!(o.refundable_minor(), 3_790);
    let o = step(&o, OrderEvent::Ship, Staff);
    let e = assert_code(
        o.apply(
            OrderEvent::Refund {
                amount_minor: 3_791,
            },
            Staff,
            T,
        ),
        "order-refund-too-much",
    );
    assert_eq!(e.arg("max"), Some("3790"));
    assert_code(
        o.apply(OrderEvent::Refund { amount_minor: 0 }, Staff, T),
        "order-refund-invalid",
    );
    assert_code(
        o.apply(OrderEvent::Refund { amount_minor: -5 }, Staff, T),
        "order-refund-invalid",
    );
    let (o, c) = o
        .apply(
            OrderEvent::Refund {
                amount_minor: 3_790,
            },
            Provider,
            T,
        )
        .unwrap();
    assert_eq!((c.from, c.to), (Shipped, Refunded));
    assert_eq!(o.refunded_minor(), 4_990);
    assert_code(
        transfer().apply(OrderEvent::Refund { amount_minor: 1 }, Staff, T),
        "order-unpaid",
    );
}

#[test]
fn cancelling_before_shipping() {
    // The shopper may cancel their own unpaid order…
    let (o, c) = transfer()
        .apply(
            OrderEvent::Cancel(CancelReason::CustomerRequest),
            Customer,
            T,
        )
        .unwrap();
    assert_eq!(
        (c.to, c.cancel_reason),
        (Cancelled, Some(CancelReason::CustomerRequest))
    );
    assert!(!o.refund_due());
    // …but once paid, they ask the seller.
    let paid = step(&transfer(), OrderEvent::MarkPaid, Staff);
    assert_code(
        paid.apply(
            OrderEvent::Cancel(CancelReason::CustomerRequest),
            Customer,
            T,
        ),
        "order-actor-forbidden",
    );
    let cancelled = step(&paid, OrderEvent::Cancel(CancelReason::OutOfStock), Staff);
    assert!(cancelled.refund_due());
    // Giving the money back keeps the order cancelled.
    let back = step(
        &cancelled,
        OrderEvent::Refund {
            amount_minor: 4_990,
        },
        Staff,
    );
    assert_eq!(back.status(), Cancelled);
    assert!(!back.refund_due());
    assert_eq!(back.refund_state(), RefundState::Full);
    assert_code(back.apply(OrderEvent::Ship, Staff, T), "order-closed");
    assert_code(
        back.apply(OrderEvent::Cancel(CancelReason::Seller), Staff, T),
        "order-closed",
    );
    // "Unpaid" cannot be the reason for cancelling a paid order.
    assert_code(
        paid.apply(OrderEvent::Cancel(CancelReason::Unpaid), System, T),
        "order-already-paid",
    );
}

#[test]
fn unpaid_orders_expire_and_late_payments_are_owed_back() {
    let (expired, c) = transfer()
        .apply(OrderEvent::Cancel(CancelReason::Unpaid), System, T)
        .unwrap();
    assert_eq!((c.actor, c.to), (System, Cancelled));
    // The transfer arrives the day after: recorded, refund due.
    let (late, c) = expired.apply(OrderEvent::MarkPaid, Staff, T).unwrap();
    assert_eq!(
        (c.from, c.to, c.amount_minor),
        (Cancelled, Cancelled, Some(4_990))
    );
    assert!(late.refund_due());
    assert_code(late.apply(OrderEvent::MarkPaid, Staff, T), "order-closed");
    // A job may not cancel for the seller's own reasons.
    assert_code(
        transfer().apply(OrderEvent::Cancel(CancelReason::Seller), System, T),
        "order-actor-forbidden",
    );
}

#[test]
fn cash_on_pickup_is_paid_when_collected() {
    let o = order(PaymentMethod::PickupCash, Fulfilment::Pickup, 2_500);
    // Prepared before payment, then collected and paid at the counter.
    let o = step(&o, OrderEvent::StartPreparing, Staff);
    assert_eq!((o.status(), o.paid_minor()), (Preparing, 0));
    assert_code(
        o.apply(OrderEvent::Ship, Staff, T),
        "order-wrong-fulfilment",
    );
    let (o, c) = o.apply(OrderEvent::Collect, Staff, T).unwrap();
    assert_eq!(
        (c.from, c.to, c.amount_minor),
        (Preparing, Delivered, Some(2_500))
    );
    assert!(o.is_paid());
    // Straight from awaiting payment to delivered, never delivered unpaid.
    let quick = order(PaymentMethod::PickupCash, Fulfilment::Pickup, 2_500);
    let (o, c) = quick.apply(OrderEvent::Collect, Staff, T).unwrap();
    assert_eq!((c.from, c.to), (AwaitingPayment, Delivered));
    assert_eq!(o.paid_minor(), 2_500);
    // Only staff hand goods over the counter.
    assert_code(
        quick.apply(OrderEvent::Collect, Customer, T),
        "order-actor-forbidden",
    );
    assert_code(
        quick.apply(OrderEvent::Collect, System, T),
        "order-actor-forbidden",
    );
    // Cash on pickup needs pickup.
    assert_code(
        OrderState::new(
            PaymentMethod::PickupCash,
            Fulfilment::Shipping,
            Money::new(100, EUR),
        ),
        "order-cash-needs-pickup",
    );
    // Paid ahead at the counter by transfer, collected later.
    let prepaid = order(PaymentMethod::BankTransfer, Fulfilment::Pickup, 900);
    let prepaid = step(&prepaid, OrderEvent::MarkPaid, Staff);
    assert_code(
        prepaid.apply(OrderEvent::Ship, Staff, T),
        "order-wrong-fulfilment",
    );
    assert_code(
        prepaid.apply(OrderEvent::MarkDelivered, Staff, T),
        "order-wrong-fulfilment",
    );
    let (_, c) = prepaid.apply(OrderEvent::Collect, Staff, T).unwrap();
    assert_eq!((c.from, c.to, c.amount_minor), (Paid, Delivered, None));
}

#[test]
fn downloads_are_delivered_once_paid() {
    let o = order(PaymentMethod::Card, Fulfilment::Nothing, 1_500);
    // Paid by card: only the provider says so.
    for who in [Staff, System, Customer] {
        assert!(o.apply(OrderEvent::MarkPaid, who, T).is_err(), "{who:?}");
    }
    assert_code(
        o.apply(OrderEvent::MarkPaid, Staff, T),
        "order-card-paid-by-provider",
    );
    let (o, c) = o.apply(OrderEvent::MarkPaid, Provider, T).unwrap();
    assert_eq!(c.actor, Provider);
    assert_code(
        o.apply(OrderEvent::Ship, System, T),
        "order-wrong-fulfilment",
    );
    assert_code(
        o.apply(OrderEvent::Collect, Staff, T),
        "order-wrong-fulfilment",
    );
    let (o, c) = o.apply(OrderEvent::MarkDelivered, System, T).unwrap();
    assert_eq!((c.from, c.to), (Paid, Delivered));
    assert_eq!(o.status(), Delivered);
}

#[test]
fn who_may_do_what() {
    let o = transfer();
    assert_code(
        o.apply(OrderEvent::MarkPaid, Customer, T),
        "order-actor-forbidden",
    );
    assert!(o.apply(OrderEvent::MarkPaid, Provider, T).is_ok());
    let paid = step(&o, OrderEvent::MarkPaid, Staff);
    assert_code(
        paid.apply(OrderEvent::Ship, Customer, T),
        "order-actor-forbidden",
    );
    assert_code(
        paid.apply(OrderEvent::Ship, Provider, T),
        "order-actor-forbidden",
    );
    assert_code(
        paid.apply(OrderEvent::Refund { amount_minor: 1 }, Customer, T),
        "order-actor-forbidden",
    );
    assert_code(
        paid.apply(OrderEvent::Refund { amount_minor: 1 }, System, T),
        "order-actor-forbidden",
    );
    use OrderEventKind as K;
    assert_eq!(o.possible_events(Staff), [K::MarkPaid, K::Cancel],);
    assert_eq!(o.possible_events(Customer), [K::Cancel]);
    assert_eq!(
        paid.possible_events(Staff),
        [K::StartPreparing, K::Ship, K::Cancel, K::Refund]
    );
    assert!(paid.possible_events(Customer).is_empty());
}

#[test]
fn stored_states_are_checked() {
    let eur = |m| Money::new(m, EUR);
    let parts = |status, paid, refunded| {
        OrderState::from_parts(
            status,
            PaymentMethod::BankTransfer,
            Fulfilment::Shipping,
            eur(1_000),
            paid,
            refunded,
        )
    };
    assert!(parts(Paid, 1_000, 0).is_ok());
    assert!(parts(Shipped, 1_000, 400).is_ok());
    assert!(parts(Refunded, 1_000, 1_000).is_ok());
    assert!(parts(Cancelled, 1_000, 300).is_ok());
    for (status, paid, refunded) in [
        (AwaitingPayment, 1_000, 0),
        (Paid, 0, 0),
        (Shipped, 500, 0),
        (Delivered, 1_000, 1_000),
        (Refunded, 1_000, 999),
        (Paid, 1_000, 1_001),
        (Paid, 1_000, -1),
        (Preparing, 0, 0),
    ] {
        assert_code(parts(status, paid, refunded), "order-state-invalid");
    }
    assert_code(
        OrderState::new(PaymentMethod::Card, Fulfilment::Shipping, eur(-1)),
        "order-total-negative",
    );
}

fn any_event() -> impl Strategy<Value = OrderEvent> {
    prop_oneof![
        Just(OrderEvent::MarkPaid),
        Just(OrderEvent::StartPreparing),
        Just(OrderEvent::Ship),
        Just(OrderEvent::MarkDelivered),
        Just(OrderEvent::Collect),
        prop::sample::select(CancelReason::all()).prop_map(OrderEvent::Cancel),
        (-100i64..6_000).prop_map(|amount_minor| OrderEvent::Refund { amount_minor }),
    ]
}

proptest! {
    #[test]
    fn no_sequence_leaves_the_graph_or_overspends_refunds(
        payment in prop::sample::select(PaymentMethod::all()),
        fulfilment in prop::sample::select(Fulfilment::all()),
        total in 0i64..5_000,
        moves in prop::collection::vec(
            (
                any_event(),
                prop::sample::select(ActorKind::all()),
                // Refunds close to what is left, where an off-by-one hides.
                prop::option::of(-2i64..=2),
            ),
            0..40,
        ),
    ) {
        // Cash on pickup only exists with pickup (checked in its own test).
        let fulfilment = if payment == PaymentMethod::PickupCash {
            Fulfilment::Pickup
        } else {
            fulfilment
        };
        let mut state = OrderState::new(payment, fulfilment, Money::new(total, EUR)).unwrap();
        for (event, actor, near_left) in moves {
            let event = match (event, near_left) {
                (OrderEvent::Refund { .. }, Some(delta)) => OrderEvent::Refund {
                    amount_minor: state.refundable_minor() + delta,
                },
                _ => event,
            };
            match state.apply(event, actor, T) {
                Ok((next, change)) => {
                    prop_assert!(
                        TRANSITIONS.contains(&(change.from, change.to)),
                        "{:?} -> {:?} by {:?}", change.from, change.to, event
                    );
                    prop_assert_eq!(change.from, state.status());
                    prop_assert_eq!(change.to, next.status());
                    prop_assert!(next.refunded_minor() <= next.paid_minor());
                    prop_assert!(next.paid_minor() <= total);
                    prop_assert!(next.refunded_minor() >= state.refunded_minor());
                    if matches!(next.status(), Shipped | Delivered | Refunded) {
                        prop_assert_eq!(next.paid_minor(), total);
                    }
                    if state.status() == Cancelled {
                        prop_assert_eq!(next.status(), Cancelled);
                    }
                    // Every reachable state is one the store may reload.
                    let reloaded = OrderState::from_parts(
                        next.status(), payment, fulfilment, next.total(),
                        next.paid_minor(), next.refunded_minor(),
                    );
                    prop_assert_eq!(reloaded, Ok(next));
                    state = next;
                }
                Err(e) => {
                    prop_assert!(
                        CODES.iter().any(|(c, _)| *c == e.code),
                        "undeclared code {}", e.code
                    );
                }
            }
        }
    }
}
