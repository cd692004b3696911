//! Shop admin: the list of payments, newest first: card payments as the provider last told
//! them (a sale or a deposit's authorisation, its reference, what was received and given back),
//! and the money of orders paid by other means; each links its order, where it is refunded.

use askama::Template;
use axum::extract::State;
use axum::response::Html;
use axum::routing::get;
use axum::Router;

use super::{can_payments, Nav};
use crate::app::shop_path;
use crate::auth::StaffAuth;
use crate::ctx::Ctx;
use crate::error::AppResult;
use crate::platform::render;
use crate::state::AppState;
use crate::storefront::money;

pub fn routes() -> Router<AppState> {
    Router::new().route(&shop_path("/admin/payments/list"), get(list))
}

struct Row {
    date: String,
    order: String,
    order_href: String,
    method: String,
    reference: String,
    state: String,
    received: String,
    refunded: String,
    /// Something left to give back: the order's refund form.
    refund_href: Option<String>,
}

#[derive(Template)]
#[template(path = "admin/payment_list.html")]
struct Page {
    c: Ctx,
    nav: Nav,
    shop_name: String,
    rows: Vec<Row>,
    limit: i64,
}

async fn list(State(st): State<AppState>, a: StaffAuth, c: Ctx) -> AppResult<Html<String>> {
    a.require(can_payments)?;
    let t = &a.tenant;
    let lines = app::payment::recent(&st.store, a.shop_id()).await?;
    let rows = lines
        .iter()
        .map(|p| {
            let card = p.method == "card";
            let order_href = t.url(&format!("/admin/orders/{}", p.order_number));
            let left = p.received_minor - p.refunded_minor;
            Row {
                date: super::order_list::date(t, &c, p.at),
                order: p.order_number.clone(),
                method: if card && p.capture == "manual" {
                    c.t("orders-card-kind-manual")
                } else {
                    c.t(&format!("checkout-pay-{}", p.method))
                },
                reference: p.reference.clone(),
                state: if card {
                    c.t(&format!("card-state-{}", p.state))
                } else {
                    c.t(&format!("order-status-{}", p.state))
                },
                received: money(t, &c, p.received_minor),
                refunded: money(t, &c, p.refunded_minor),
                refund_href: (left > 0 && p.capture != "manual")
                    .then(|| format!("{order_href}#o-refund")),
                order_href,
            }
        })
        .collect();
    render(Page {
        nav: Nav::new(&a, "orders"),
        shop_name: t.shop.name.clone(),
        rows,
        limit: app::payment::LIST_LIMIT,
        c,
    })
}
