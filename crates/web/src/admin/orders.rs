//! Shop admin: the orders. A list (by status), and each order's page with what was ordered, where
//! it goes, how it is paid, its history, and the moves the state machine allows now (mark paid,
//! prepare, ship with tracking, delivered or collected, cancel). The rules are `app::order`'s.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use domain::order::OrderEventKind;
use serde::Deserialize;

use super::order_list::date;
use super::Nav;
use crate::app::shop_path;
use crate::auth::StaffAuth;
use crate::ctx::Ctx;
use crate::error::{AppError, AppResult};
use crate::extract::{Form, Path};
use crate::state::AppState;
use crate::storefront::money;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(&shop_path("/admin/orders/{number}"), get(page))
        .route(&shop_path("/admin/orders/{number}/move"), post(move_order))
        .route(
            &shop_path("/admin/orders/{number}/withdrawal"),
            post(handle_withdrawal),
        )
        .route(&shop_path("/admin/orders/{number}/note"), post(add_note))
        .route(&shop_path("/admin/orders/{number}/refund"), post(refund))
        .route(&shop_path("/admin/orders/{number}/deposit"), post(deposit))
}

/// A card payment of the order, as its provider last told us.
struct CardRow {
    /// A payment, or a deposit (only authorised until captured).
    kind: String,
    reference: String,
    state: String,
    received: String,
    refunded: String,
}

/// What may still be given back, as the refund form's default: by card through the provider,
/// or recorded as given back by the seller's own means.
struct RefundBox {
    max: String,
    card: bool,
}

/// A rental's deposit held on the customer's card: captured (all or part) or released.
struct DepositBox {
    held: String,
    /// The capture form's default: all of it.
    amount: String,
}

struct LineRow {
    title: String,
    details: String,
    quantity: i64,
    unit: String,
    total: String,
}

struct EventRow {
    date: String,
    text: String,
    note: String,
}

struct Action {
    value: &'static str,
    label: String,
    /// Shipping asks for the carrier and the tracking number.
    ship: bool,
    danger: bool,
}

#[derive(Template)]
#[template(path = "admin/order.html")]
struct OrderPage {
    c: Ctx,
    nav: Nav,
    shop_name: String,
    error: Option<String>,
    /// Something to know that is not a mistake (a refund still waiting for the provider).
    notice: Option<String>,
    number: String,
    date: String,
    status: String,
    email: String,
    address: Vec<String>,
    delivery: String,
    payment: String,
    lines: Vec<LineRow>,
    subtotal: String,
    /// What promotions took off, with their names.
    discount: Option<(String, String)>,
    shipping: String,
    total: String,
    paid: String,
    tracking: Option<String>,
    events: Vec<EventRow>,
    actions: Vec<Action>,
    /// The customer's withdrawal request: when, what, and whether it still waits.
    withdrawal: Option<WithdrawalBox>,
    /// A gift's recipients.
    gifts: Vec<crate::gifts::GiftBox>,
    cards: Vec<CardRow>,
    refund: Option<RefundBox>,
    deposit: Option<DepositBox>,
    /// The order's invoice and credit notes.
    documents: Vec<crate::invoices::DocLink>,
}

struct WithdrawalBox {
    at: String,
    name: String,
    email: String,
    lines: Vec<String>,
    open: bool,
}

fn action_of(c: &Ctx, k: OrderEventKind) -> Option<Action> {
    let value = match k {
        OrderEventKind::MarkPaid => "mark_paid",
        OrderEventKind::StartPreparing => "start_preparing",
        OrderEventKind::Ship => "ship",
        OrderEventKind::MarkDelivered => "mark_delivered",
        OrderEventKind::Collect => "collect",
        OrderEventKind::Cancel => "cancel",
        // Refunds come with card payments (next issue).
        OrderEventKind::Refund => return None,
    };
    Some(Action {
        value,
        label: c.t(&format!("order-action-{value}")),
        ship: value == "ship",
        danger: value == "cancel",
    })
}

async fn order_page(
    st: &AppState,
    a: &StaffAuth,
    c: Ctx,
    number: &str,
    error: Option<String>,
) -> AppResult<Response> {
    order_page_with(st, a, c, number, error, None).await
}

async fn order_page_with(
    st: &AppState,
    a: &StaffAuth,
    c: Ctx,
    number: &str,
    error: Option<String>,
    notice: Option<String>,
) -> AppResult<Response> {
    let sid = a.shop_id();
    let mut conn = st.store.reader().await?;
    let o = store::order::by_number(&mut conn, sid, number)
        .await?
        .ok_or(AppError::NotFound)?;
    let lines = store::order::lines(&mut conn, sid, o.id).await?;
    let events = store::order::events(&mut conn, sid, o.id).await?;
    let t = &a.tenant;
    let withdrawal = store::withdrawal::of_order(&mut conn, sid, o.id)
        .await?
        .map(|w| {
            let p = app::withdrawal::positions(&w);
            WithdrawalBox {
                at: date(t, &c, w.requested_at),
                lines: lines
                    .iter()
                    .filter(|l| p.contains(&l.position))
                    .map(|l| format!("{} × {}", l.quantity, l.title))
                    .collect(),
                open: w.status == "requested",
                name: w.name,
                email: w.email,
            }
        });
    let address: app::checkout::Address =
        serde_json::from_str(&o.billing_address).unwrap_or_default();
    let slips = app::gift::slips(&mut conn, sid, &o).await?;
    let card_payments = store::payment::card_payments_of(&mut conn, sid, o.id).await?;
    let deposit = match app::payment::deposit_of(&o, &card_payments) {
        app::payment::Deposit::Held { amount_minor } => Some(DepositBox {
            held: money(t, &c, amount_minor),
            amount: super::shipping::amount_input(&c, amount_minor, super::shipping::currency(a)),
        }),
        _ => None,
    };
    let card = o.payment_method == domain::order::PaymentMethod::Card.as_str();
    let refundable = app::payment::refundable(&o, &card_payments);
    let refund = (refundable > 0 && app::order::possible(&o).contains(&OrderEventKind::Refund))
        .then(|| RefundBox {
            max: super::shipping::amount_input(&c, refundable, super::shipping::currency(a)),
            card,
        });
    let cards = card_payments
        .iter()
        .map(|p| CardRow {
            kind: c.t(&format!("orders-card-kind-{}", p.capture)),
            reference: p.reference.clone(),
            state: c.t(&format!("card-state-{}", p.state)),
            received: money(t, &c, p.received_minor),
            refunded: money(t, &c, p.refunded_minor),
        })
        .collect();
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let documents = crate::invoices::links(st, &c, sid, o.id, &t.url("/admin/invoices")).await?;
    let page = OrderPage {
        documents,
        gifts: crate::gifts::placed(&c, &slips),
        cards,
        refund,
        deposit,
        number: o.number.clone(),
        date: date(t, &c, o.created_at),
        status: c.t(&format!("order-status-{}", o.status)),
        email: o.email.clone(),
        address: [
            address.name,
            address.line1,
            address.line2,
            format!("{} {}", address.postal_code, address.city),
            address.country,
            address.phone,
        ]
        .into_iter()
        .filter(|l| !l.trim().is_empty())
        .collect(),
        delivery: if o.shipping_name.is_empty() {
            c.t("checkout-no-shipping")
        } else {
            o.shipping_name.clone()
        },
        payment: c.t(&format!("checkout-pay-{}", o.payment_method)),
        lines: lines
            .iter()
            .map(|l| LineRow {
                title: l.title.clone(),
                details: l.options.clone(),
                quantity: l.quantity,
                unit: money(t, &c, l.unit_minor),
                total: money(t, &c, l.total_minor),
            })
            .collect(),
        subtotal: money(t, &c, o.subtotal_minor),
        discount: (!o.promotions.is_empty()).then(|| {
            (
                c.t1(
                    "cart-discount",
                    "name",
                    &o.promotions.lines().collect::<Vec<_>>().join(", "),
                ),
                format!("−{}", money(t, &c, o.discount_minor)),
            )
        }),
        shipping: money(t, &c, o.shipping_minor),
        total: money(t, &c, o.total_minor),
        paid: money(t, &c, o.paid_minor),
        tracking: o.tracking_number.as_ref().map(|n| match &o.carrier {
            Some(carrier) => format!("{carrier} — {n}"),
            None => n.clone(),
        }),
        events: events
            .iter()
            .map(|e| EventRow {
                date: date(t, &c, e.at),
                note: e.note.clone(),
                text: c.i18n.ta(
                    c.lang,
                    "order-event",
                    &[
                        ("event", c.t(&format!("order-event-{}", e.event))),
                        ("status", c.t(&format!("order-status-{}", e.to_status))),
                        ("actor", c.t(&format!("order-actor-{}", e.actor_kind))),
                    ],
                ),
            })
            .collect(),
        actions: app::order::possible(&o)
            .into_iter()
            .filter_map(|k| action_of(&c, k))
            .collect(),
        withdrawal,
        nav: Nav::new(a, "orders"),
        shop_name: t.shop.name.clone(),
        error,
        notice,
        c,
    };
    let html = page.render().map_err(|e| AppError::Internal(e.into()))?;
    Ok((status, Html(html)).into_response())
}

async fn page(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    Path((_, number)): Path<(String, String)>,
) -> AppResult<Response> {
    // A refund whose answer never came is asked again (under its own name) when the order is
    // looked at.
    // (By staff who may refund only.)
    let waiting = a.require(super::can_payments).is_ok()
        && app::payment::check_refunds(&st.store, &st.payments, &a.tenant.shop, &number).await?;
    let notice = waiting.then(|| c.t("err-refund-unconfirmed"));
    order_page_with(&st, &a, c, &number, None, notice).await
}

#[derive(Deserialize)]
struct MoveForm {
    action: String,
    #[serde(default)]
    carrier: String,
    #[serde(default)]
    tracking: String,
}

async fn move_order(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    headers: axum::http::HeaderMap,
    Path((_, number)): Path<(String, String)>,
    Form(f): Form<MoveForm>,
) -> AppResult<Response> {
    let mv = match f.action.as_str() {
        "mark_paid" => app::order::Move::MarkPaid,
        "start_preparing" => app::order::Move::StartPreparing,
        "ship" => app::order::Move::Ship {
            carrier: f.carrier,
            tracking: f.tracking,
        },
        "mark_delivered" => app::order::Move::MarkDelivered,
        "collect" => app::order::Move::Collect,
        "cancel" => app::order::Move::Cancel,
        _ => return Err(AppError::BadRequest("error-bad-form")),
    };
    let shop = a.tenant.shop.clone();
    let origin = crate::storefront::origin(&st, &a.tenant, &headers);
    let mail = crate::mail::order_change(&st, &a.tenant, &origin);
    match app::order::apply(&st.store, &shop, &number, &mv, Some(a.staff.id), mail).await {
        Ok(_) => {
            Ok(Redirect::to(&format!("{}/admin/orders/{number}", a.tenant.base)).into_response())
        }
        Err(app::Error::Refused(e)) if e.code == "order-unknown" => Err(AppError::NotFound),
        Err(app::Error::Refused(e)) => {
            let text = c.err(&e);
            order_page(&st, &a, c, &number, Some(text)).await
        }
        Err(e) => Err(e.into()),
    }
}

/// The seller marks the customer's withdrawal handled (goods back, money returned).
async fn handle_withdrawal(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    Path((_, number)): Path<(String, String)>,
) -> AppResult<Response> {
    match app::withdrawal::handle(&st.store, &a.tenant.shop, &number, a.staff.id).await {
        Ok(()) => {
            Ok(Redirect::to(&format!("{}/admin/orders/{number}", a.tenant.base)).into_response())
        }
        Err(app::Error::Refused(e)) if e.code == "order-unknown" => Err(AppError::NotFound),
        Err(app::Error::Refused(e)) => {
            let text = c.err(&e);
            order_page(&st, &a, c, &number, Some(text)).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
struct NoteForm {
    #[serde(default)]
    note: String,
}

/// An internal note on the order, kept in its history.
async fn add_note(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    Path((_, number)): Path<(String, String)>,
    Form(f): Form<NoteForm>,
) -> AppResult<Response> {
    match app::order::add_note(&st.store, &a.tenant.shop, &number, a.staff.id, &f.note).await {
        Ok(()) => {
            Ok(Redirect::to(&format!("{}/admin/orders/{number}", a.tenant.base)).into_response())
        }
        Err(app::Error::Refused(e)) if e.code == "order-unknown" => Err(AppError::NotFound),
        Err(app::Error::Refused(e)) => {
            let text = c.err(&e);
            order_page(&st, &a, c, &number, Some(text)).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
struct RefundForm {
    #[serde(default)]
    amount: String,
}

/// Gives back part or all of what the customer paid: by card through the provider, or (other
/// means of payment) records what the seller gave back themselves.
async fn refund(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    headers: axum::http::HeaderMap,
    Path((_, number)): Path<(String, String)>,
    Form(f): Form<RefundForm>,
) -> AppResult<Response> {
    a.require(super::can_payments)?;
    let t = &a.tenant;
    let currency = super::shipping::currency(&a);
    let amount = match domain::catalog::price::Price::parse(&f.amount, currency) {
        Ok(a) => a,
        Err(_) => {
            let text = c.t("err-refund-amount-invalid");
            return order_page(&st, &a, c, &number, Some(text)).await;
        }
    };
    let shop = t.shop.clone();
    let origin = crate::storefront::origin(&st, t, &headers);
    let mail = crate::mail::order_change(&st, t, &origin);
    match app::payment::refund(
        &st.store,
        &st.payments,
        &shop,
        &number,
        amount,
        Some(a.staff.id),
        &mail,
    )
    .await
    {
        Ok(_) => Ok(Redirect::to(&format!("{}/admin/orders/{number}", t.base)).into_response()),
        Err(app::Error::Refused(e)) if e.code == "order-unknown" => Err(AppError::NotFound),
        Err(app::Error::Refused(e)) => {
            // The most that may be refunded, as money rather than minor units.
            let text = c.err(&money_max(t, &c, e));
            order_page(&st, &a, c, &number, Some(text)).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
struct DepositForm {
    #[serde(default)]
    action: String,
    #[serde(default)]
    amount: String,
}

/// Captures part or all of a rental's deposit held on the customer's card, or releases it.
async fn deposit(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    Path((_, number)): Path<(String, String)>,
    Form(f): Form<DepositForm>,
) -> AppResult<Response> {
    a.require(super::can_payments)?;
    let t = &a.tenant;
    let how = match f.action.as_str() {
        "release" => app::payment::Settle::Release,
        "capture" => {
            let currency = super::shipping::currency(&a);
            match domain::catalog::price::Price::parse(&f.amount, currency) {
                Ok(amount_minor) => app::payment::Settle::Capture { amount_minor },
                Err(_) => {
                    let text = c.t("err-deposit-amount-invalid");
                    return order_page(&st, &a, c, &number, Some(text)).await;
                }
            }
        }
        _ => return Err(AppError::BadRequest("error-bad-form")),
    };
    let shop = t.shop.clone();
    match app::payment::settle_deposit(&st.store, &st.payments, &shop, &number, how).await {
        Ok(_) => Ok(Redirect::to(&format!("{}/admin/orders/{number}", t.base)).into_response()),
        Err(app::Error::Refused(e)) if e.code == "order-unknown" => Err(AppError::NotFound),
        Err(app::Error::Refused(e)) => {
            let text = c.err(&money_max(t, &c, e));
            order_page(&st, &a, c, &number, Some(text)).await
        }
        Err(e) => Err(e.into()),
    }
}

/// A refusal whose `max` is in minor units, with `max` written as money for the reader.
fn money_max(
    t: &crate::tenant::Tenant,
    c: &Ctx,
    e: domain::ValidationError,
) -> domain::ValidationError {
    match e.arg("max").and_then(|m| m.parse::<i64>().ok()) {
        Some(max) => domain::ValidationError::new(e.code).with("max", money(t, c, max)),
        None => e,
    }
}
