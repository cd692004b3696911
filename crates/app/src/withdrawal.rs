//! The withdrawal function (Code de la consommation, in force since 19 June 2026): from the
//! order's page, "Renoncer au contrat ici", then a confirmation step, and a dated receipt by
//! e-mail. The request is recorded once per order, with the order's history; the seller sees it
//! on the order and on the dashboard, and marks it handled once the goods are back and the money
//! returned. Products the right does not cover (`ProductKind::withdrawal_exception`) cannot be
//! withdrawn; a private seller's buyers have no legal right of withdrawal at all.

use domain::account::{Email, PersonName};
use domain::catalog::product::ProductKind;
use domain::catalog::product::WithdrawalException;
use domain::legal::LegalStatus;
use domain::order::withdrawal::{right, window_open, Right};
use domain::order::OrderStatus;
use domain::ValidationError;
use store::legal::LegalIdentity;
use store::order::{Line, Order};
use store::outbox::EmailMessage;
use store::shop::Shop;
use store::withdrawal::Withdrawal;
use store::{Conn, Store, StoreError};

use crate::{Error, Result};

fn refused(code: &'static str) -> Error {
    Error::Refused(ValidationError::new(code))
}

/// A line of the order as the withdrawal form shows it.
#[derive(Debug, Clone)]
pub struct LineChoice {
    pub line: Line,
    /// Why it cannot be withdrawn, if it cannot.
    pub exception: Option<WithdrawalException>,
}

/// Where an order stands with the right of withdrawal.
#[derive(Debug, Clone)]
pub struct Standing {
    /// The function is offered: the right applies, the period runs, nothing is requested yet,
    /// and at least one line is covered.
    pub open: bool,
    pub lines: Vec<LineChoice>,
    /// The request already made, if any.
    pub request: Option<Withdrawal>,
}

/// Why a line is not covered by the right, if it is not.
pub fn exception_of(line: &Line) -> Option<WithdrawalException> {
    ProductKind::parse(&line.kind)
        .ok()
        .and_then(ProductKind::withdrawal_exception)
}

/// The right of withdrawal from the order of `lines` with the seller of `legal`: what the
/// confirmation e-mail tells (with the model form when the right applies).
pub fn right_of(legal: &LegalIdentity, lines: &[Line]) -> Right {
    let consumer_law =
        LegalStatus::parse(&legal.status).map_or(true, LegalStatus::consumer_law_applies);
    right(consumer_law, lines.iter().map(exception_of))
}

async fn delivered_at(conn: &mut Conn, shop: &Shop, o: &Order) -> Result<Option<i64>> {
    Ok(store::order::events(conn, shop.sid(), o.id)
        .await?
        .iter()
        .find(|e| e.event == "mark_delivered" || e.event == "collect")
        .map(|e| e.at))
}

async fn standing_with(
    conn: &mut Conn,
    shop: &Shop,
    o: &Order,
    lines: Vec<Line>,
    now: i64,
) -> Result<Standing> {
    let sid = shop.sid();
    let legal = store::legal::get(conn, sid).await?;
    let right = right_of(&legal, &lines);
    let request = store::withdrawal::of_order(conn, sid, o.id).await?;
    let status = OrderStatus::parse(&o.status).unwrap_or(OrderStatus::Cancelled);
    let delivered = delivered_at(conn, shop, o).await?;
    let lines: Vec<LineChoice> = lines
        .into_iter()
        .map(|line| LineChoice {
            exception: exception_of(&line),
            line,
        })
        .collect();
    let open = right.applies()
        && !lines.is_empty()
        && request.is_none()
        && window_open(status, o.created_at, delivered, now);
    Ok(Standing {
        open,
        lines,
        request,
    })
}

/// Where the order stands with the right of withdrawal, now.
pub async fn standing(
    store: &Store,
    shop: &Shop,
    o: &Order,
    lines: Vec<Line>,
    now: i64,
) -> Result<Standing> {
    let mut conn = store.reader().await?;
    standing_with(&mut conn, shop, o, lines, now).await
}

/// What the consumer confirms.
pub struct Request<'a> {
    pub name: &'a str,
    pub email: &'a str,
    /// The lines withdrawn (positions); none given: every covered line.
    pub positions: &'a [i64],
}

/// The form's fields that cannot be used, each with its message.
pub fn check(r: &Request<'_>) -> Vec<(&'static str, ValidationError)> {
    let mut errors = Vec::new();
    if let Err(e) = PersonName::parse(r.name) {
        errors.push(("name", e));
    }
    if let Err(e) = Email::parse(r.email) {
        errors.push(("email", e));
    }
    errors
}

/// Records the withdrawal from the order of the link `link` and queues its dated receipt
/// (`receipt` writes it from the order, the request and the lines withdrawn). A second
/// confirmation (a double click, a retried request) finds the first: one request per order.
pub async fn request(
    store: &Store,
    shop: &Shop,
    o: &Order,
    r: &Request<'_>,
    now: i64,
    receipt: impl FnOnce(&Order, &Withdrawal, &[Line]) -> EmailMessage,
) -> Result<Withdrawal> {
    if let Some((_, e)) = check(r).into_iter().next() {
        return Err(Error::Refused(e));
    }
    let sid = shop.sid();
    let mut tx = store.begin().await?;
    let Some(o) = store::order::lock(&mut tx, sid, &o.number).await? else {
        return Err(refused("order-unknown"));
    };
    let lines = store::order::lines(&mut tx, sid, o.id).await?;
    let st = standing_with(&mut tx, shop, &o, lines, now).await?;
    if let Some(w) = st.request {
        return Ok(w);
    }
    if !st.open {
        return Err(refused("withdrawal-closed"));
    }
    let covered: Vec<&Line> = st
        .lines
        .iter()
        .filter(|l| l.exception.is_none())
        .map(|l| &l.line)
        .collect();
    let chosen: Vec<Line> = if r.positions.is_empty() {
        covered.into_iter().cloned().collect()
    } else {
        if r.positions
            .iter()
            .any(|p| !covered.iter().any(|l| l.position == *p))
        {
            return Err(refused("withdrawal-line-not-covered"));
        }
        covered
            .into_iter()
            .filter(|l| r.positions.contains(&l.position))
            .cloned()
            .collect()
    };
    let positions: Vec<i64> = chosen.iter().map(|l| l.position).collect();
    let name = PersonName::parse(r.name).map_err(Error::Refused)?;
    let email = Email::parse(r.email).map_err(Error::Refused)?;
    let inserted = store::withdrawal::insert(
        &mut tx,
        sid,
        o.id,
        name.as_str(),
        email.as_str(),
        &serde_json::to_string(&positions).unwrap_or_else(|_| "[]".into()),
        now,
    )
    .await;
    match inserted {
        Ok(_) => {}
        // Confirmed twice at the same moment: the first one stands.
        Err(StoreError::Conflict(_)) => {
            drop(tx);
            let mut conn = store.reader().await?;
            return store::withdrawal::of_order(&mut conn, sid, o.id)
                .await?
                .ok_or_else(|| refused("withdrawal-closed"));
        }
        Err(e) => return Err(e.into()),
    }
    store::order::add_event(
        &mut tx,
        sid,
        o.id,
        &store::order::NewEvent {
            from_status: Some(&o.status),
            to_status: &o.status,
            event: "withdrawal_requested",
            actor_kind: "customer",
            actor_id: o.customer_id.map(|c| c.get()),
            amount_minor: None,
            note: "",
        },
    )
    .await?;
    let w = store::withdrawal::of_order(&mut tx, sid, o.id)
        .await?
        .ok_or(StoreError::NotFound)?;
    store::outbox::enqueue_email(&mut tx, Some(sid), &receipt(&o, &w, &chosen)).await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(w)
}

/// The positions a request covers.
pub fn positions(w: &Withdrawal) -> Vec<i64> {
    serde_json::from_str(&w.positions).unwrap_or_default()
}

/// The seller marks the order's request handled (goods back, money returned).
pub async fn handle(store: &Store, shop: &Shop, number: &str, staff: i64) -> Result<()> {
    let sid = shop.sid();
    let mut tx = store.begin().await?;
    let Some(o) = store::order::lock(&mut tx, sid, number).await? else {
        return Err(refused("order-unknown"));
    };
    if !store::withdrawal::handle(&mut tx, sid, o.id, staff).await? {
        return Err(refused("withdrawal-not-open"));
    }
    store::order::add_event(
        &mut tx,
        sid,
        o.id,
        &store::order::NewEvent {
            from_status: Some(&o.status),
            to_status: &o.status,
            event: "withdrawal_handled",
            actor_kind: "staff",
            actor_id: Some(staff),
            amount_minor: None,
            note: "",
        },
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(())
}
