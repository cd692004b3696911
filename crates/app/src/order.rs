//! An order's life after checkout, as the seller moves it: mark paid, prepare, ship with the
//! carrier's tracking number, mark delivered or collected, cancel. The moves allowed are
//! `domain::order`'s state machine; each one is recorded with who made it and when, in the
//! transaction that changes the order. Cancelling gives the stock back and frees booked slots.

use domain::money::{Currency, Money};
use domain::order::{
    ActorKind, CancelReason, Fulfilment, OrderEvent, OrderEventKind, OrderState, OrderStatus,
    PaymentMethod, StatusChange,
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
    email: impl FnOnce(&store::order::Order, &StatusChange) -> Option<store::outbox::EmailMessage>,
) -> Result<store::order::Order> {
    let by = Actor {
        kind: ActorKind::Staff,
        id: staff,
    };
    apply_as(store, shop, number, mv.event(), mv, by, email).await
}

/// Who makes a move.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Actor {
    pub kind: ActorKind,
    pub id: Option<i64>,
}

async fn apply_as(
    store: &Store,
    shop: &Shop,
    number: &str,
    event: OrderEvent,
    mv: &Move,
    by: Actor,
    email: impl FnOnce(&store::order::Order, &StatusChange) -> Option<store::outbox::EmailMessage>,
) -> Result<store::order::Order> {
    let mut tx = store.begin().await?;
    let after = apply_in(&mut tx, shop, number, event, Some(mv), by, email).await?;
    tx.commit().await.map_err(store::StoreError::from)?;
    Ok(after)
}

/// [`apply`] within the caller's transaction (a payment provider's news, recorded with the
/// payment it is about).
pub(crate) async fn apply_in(
    tx: &mut store::Conn,
    shop: &Shop,
    number: &str,
    event: OrderEvent,
    mv: Option<&Move>,
    by: Actor,
    email: impl FnOnce(&store::order::Order, &StatusChange) -> Option<store::outbox::EmailMessage>,
) -> Result<store::order::Order> {
    let sid = shop.sid();
    let order = store::order::lock(&mut *tx, sid, number)
        .await?
        .ok_or_else(|| Error::Refused(ValidationError::new("order-unknown")))?;
    let state = state_of(&order).map_err(Error::Refused)?;
    let (next, change) = state
        .apply(event, by.kind, store::now())
        .map_err(Error::Refused)?;
    if let Some(Move::Ship { carrier, tracking }) = mv {
        let carrier = carrier.trim();
        let tracking = tracking.trim();
        if tracking.chars().count() > 60 || carrier.chars().count() > 60 {
            return Err(Error::Refused(ValidationError::new(
                "tracking-number-invalid",
            )));
        }
        store::order::set_tracking(
            &mut *tx,
            sid,
            order.id,
            Some(carrier).filter(|c| !c.is_empty()),
            Some(tracking).filter(|t| !t.is_empty()),
        )
        .await?;
    }
    if next.status() == OrderStatus::Cancelled && order.status != "cancelled" {
        for l in store::order::lines(&mut *tx, sid, order.id).await? {
            if l.stock_taken != 0 {
                if let Some(v) = l.variant_id {
                    store::order::restock(&mut *tx, sid, v, l.quantity).await?;
                }
            }
            if let Some(b) = l.booking_id {
                store::order::cancel_booking(&mut *tx, sid, b).await?;
            }
        }
        // Stock and slots are back: the shop's cached pages show them again.
        store::shop::bump_version(&mut *tx, sid).await?;
    }
    store::order::set_state(
        &mut *tx,
        sid,
        order.id,
        next.status().as_str(),
        next.paid_minor(),
        next.refunded_minor(),
    )
    .await?;
    store::order::add_event(
        &mut *tx,
        sid,
        order.id,
        &store::order::NewEvent {
            from_status: Some(change.from.as_str()),
            to_status: change.to.as_str(),
            event: change.event.as_str(),
            actor_kind: by.kind.as_str(),
            actor_id: by.id,
            amount_minor: change.amount_minor,
            note: "",
        },
    )
    .await?;
    let after = store::order::by_id(&mut *tx, sid, order.id)
        .await?
        .ok_or(store::StoreError::NotFound)?;
    // The invoice once paid in full (or, as the shop chose, once also shipped or handed over);
    // a credit note for money given back after it. (Paid in full by any move: marked paid, or
    // cash taken when collected at the shop.)
    let mut issued = None;
    if crate::invoice::due(&mut *tx, sid, &order, &after, &change).await? {
        issued = crate::invoice::on_paid(&mut *tx, shop, &after).await?;
        if issued.is_some() && after.refunded_minor > 0 {
            // Money given back before the invoice (issued at shipment): its credit note.
            crate::invoice::on_refund(&mut *tx, shop, &after, after.refunded_minor).await?;
        }
    }
    if let OrderEvent::Refund { amount_minor } = event {
        issued = crate::invoice::on_refund(&mut *tx, shop, &after, amount_minor).await?;
    }
    if let Some(mut msg) = email(&after, &change) {
        // The e-mail that tells of the payment (or the refund) carries its invoice (or credit
        // note), in the order's language.
        if let Some(number) = issued {
            msg.attachments.push(store::outbox::Attachment::Invoice {
                number,
                lang: after.lang.clone(),
            });
        }
        store::outbox::enqueue_email(&mut *tx, Some(shop.sid()), &msg).await?;
    }
    if change.to == OrderStatus::Shipped {
        // A gift's recipients hear of it as it leaves.
        crate::gift::send_notes(&mut *tx, sid, order.id).await?;
    }
    Ok(after)
}

/// Days an order to be paid by transfer or cheque waits for its payment before it is cancelled,
/// unless the seller set another delay.
pub const UNPAID_DAYS: i64 = 14;

/// Cancels the orders whose transfer or cheque did not come within their shop's delay: their
/// stock comes back, their slots are freed, and `email` tells the customer. Returns how many.
pub async fn cancel_unpaid(
    store: &Store,
    now: i64,
    email: impl Fn(&Shop, &store::order::Order, &StatusChange) -> Option<store::outbox::EmailMessage>,
) -> Result<usize> {
    let due = {
        let mut conn = store.reader().await?;
        store::order::unpaid_candidates(&mut conn, now - 86_400, 200).await?
    };
    let mut done = 0;
    for c in due {
        let days = serde_json::from_str::<serde_json::Value>(c.settings.as_deref().unwrap_or("{}"))
            .ok()
            .and_then(|v| v.get("cancel_after_days").and_then(|d| d.as_i64()))
            .unwrap_or(UNPAID_DAYS);
        if c.created_at > now - days * 86_400 {
            continue;
        }
        let shop = {
            let mut conn = store.reader().await?;
            store::shop::by_id(&mut conn, c.shop_id).await?
        };
        let by = Actor {
            kind: ActorKind::System,
            id: None,
        };
        let cancel = OrderEvent::Cancel(CancelReason::Unpaid);
        match apply_as(
            store,
            &shop,
            &c.number,
            cancel,
            &Move::Cancel,
            by,
            |o, c| email(&shop, o, c),
        )
        .await
        {
            Ok(_) => done += 1,
            // Paid or cancelled by the seller meanwhile: nothing to do.
            Err(Error::Refused(_)) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(done)
}

/// One month of a shop's sales.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Month {
    pub year: i32,
    pub month: u32,
    pub orders: i64,
    pub revenue_minor: i64,
}

/// The last `months` months of the shop's orders (cancelled ones left out), oldest first, on the
/// shop's clock; months without an order are there with zeros.
pub async fn monthly(store: &Store, shop: &Shop, now: i64, months: u32) -> Result<Vec<Month>> {
    use chrono::{Datelike, TimeZone as _};
    let tz = crate::calendar::shop_tz(&shop.timezone);
    let today = tz
        .timestamp_opt(now, 0)
        .single()
        .map(|d| d.date_naive())
        .unwrap_or_default();
    let first = chrono::NaiveDate::from_ymd_opt(today.year(), today.month(), 1)
        .and_then(|d| d.checked_sub_months(chrono::Months::new(months.saturating_sub(1))))
        .unwrap_or(today);
    let since = tz
        .from_local_datetime(&first.and_time(chrono::NaiveTime::MIN))
        .earliest()
        .map_or(0, |d| d.timestamp());
    let mut out: Vec<Month> = (0..months)
        .filter_map(|i| first.checked_add_months(chrono::Months::new(i)))
        .map(|d| Month {
            year: d.year(),
            month: d.month(),
            orders: 0,
            revenue_minor: 0,
        })
        .collect();
    let mut conn = store.reader().await?;
    for (at, total) in store::order::sales_since(&mut conn, shop.sid(), since).await? {
        let Some(d) = tz.timestamp_opt(at, 0).single() else {
            continue;
        };
        if let Some(m) = out
            .iter_mut()
            .find(|m| m.year == d.year() && m.month == d.month())
        {
            m.orders += 1;
            m.revenue_minor += total;
        }
    }
    Ok(out)
}

/// The start of the calendar year `year` on the shop's clock (UTC seconds).
pub(crate) fn year_start(tz: chrono_tz::Tz, year: i32) -> i64 {
    use chrono::TimeZone as _;
    chrono::NaiveDate::from_ymd_opt(year, 1, 1)
        .and_then(|d| {
            tz.from_local_datetime(&d.and_time(chrono::NaiveTime::MIN))
                .earliest()
        })
        .map_or(0, |d| d.timestamp())
}

/// What the seller should know about the year's sales so far, most serious first: a private
/// seller whose sales became regular (30 sales or €2,000 by default: registering as a business
/// is due), a shop under the VAT franchise nearing or past its thresholds — the thresholds the
/// operator set (`crate::tax::thresholds`). Message ids with their arguments. The thresholds
/// are in euros: a shop selling in another currency gets none.
pub async fn tax_notices(store: &Store, shop: &Shop, now: i64) -> Result<Vec<ValidationError>> {
    use chrono::{Datelike, TimeZone as _};
    use domain::legal::LegalStatus;
    use domain::tax::{franchise_check, private_seller_check};
    if shop.currency != "EUR" {
        return Ok(Vec::new());
    }
    let sid = shop.sid();
    let tz = crate::calendar::shop_tz(&shop.timezone);
    let year = tz.timestamp_opt(now, 0).single().map_or(1970, |d| d.year());
    let start = year_start(tz, year);
    let mut conn = store.reader().await?;
    let legal = store::legal::get(&mut conn, sid).await?;
    let thresholds = crate::tax::thresholds(&mut conn).await?;
    let status = LegalStatus::parse(&legal.status).unwrap_or(LegalStatus::IndividualEntrepreneur);
    let this = store::order::figures(&mut conn, sid, start, i64::MAX).await?;
    if status == LegalStatus::PrivateSeller {
        let sales = u32::try_from(this.orders).unwrap_or(u32::MAX);
        let (_, notice) = private_seller_check(sales, this.total_minor, &thresholds.regularity);
        return Ok(notice.into_iter().collect());
    }
    if legal.vat_franchise == 0 || legal.vat_number.is_some() {
        return Ok(Vec::new());
    }
    let t = thresholds.franchise;
    let last = store::order::figures(&mut conn, sid, year_start(tz, year - 1), start).await?;
    let last_over = last.total_minor > t.goods_minor || last.services_minor > t.services_minor;
    let check = franchise_check(
        this.total_minor - this.services_minor,
        this.services_minor,
        last_over,
        &t,
    );
    Ok(check.notices())
}

/// The most a note may hold.
pub const NOTE_MAX: usize = 2000;

/// A staff member's internal note on an order, kept in its history with who and when.
pub async fn add_note(
    store: &Store,
    shop: &Shop,
    number: &str,
    staff: i64,
    note: &str,
) -> Result<()> {
    let note = note.trim();
    if note.is_empty() {
        return Err(Error::Refused(ValidationError::new("order-note-empty")));
    }
    if note.chars().count() > NOTE_MAX {
        return Err(Error::Refused(
            ValidationError::new("order-note-too-long").with("max", NOTE_MAX),
        ));
    }
    let sid = shop.sid();
    let mut tx = store.begin().await?;
    let Some(o) = store::order::lock(&mut tx, sid, number).await? else {
        return Err(Error::Refused(ValidationError::new("order-unknown")));
    };
    store::order::add_event(
        &mut tx,
        sid,
        o.id,
        &store::order::NewEvent {
            from_status: Some(&o.status),
            to_status: &o.status,
            event: "note",
            actor_kind: "staff",
            actor_id: Some(staff),
            amount_minor: None,
            note,
        },
    )
    .await?;
    tx.commit().await.map_err(store::StoreError::from)?;
    Ok(())
}
