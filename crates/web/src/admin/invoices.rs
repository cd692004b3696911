//! Shop admin: the journal of invoices and credit notes, in the order they were issued, and the
//! same as CSV for the accountant (credit notes negative; semicolons and decimal commas in
//! French, as the orders export).

use askama::Template;
use axum::extract::State;
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use super::Nav;
use crate::app::shop_path;
use crate::auth::StaffAuth;
use crate::ctx::Ctx;
use crate::error::{AppError, AppResult};
use crate::platform::render;
use crate::state::AppState;
use crate::storefront::money;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(&shop_path("/admin/invoices"), get(list))
        .route(
            &shop_path("/admin/invoices/export/journal.csv"),
            get(export),
        )
}

struct Row {
    href: String,
    label: String,
    date: String,
    order: String,
    order_href: String,
    customer: String,
    excl: String,
    vat: String,
    total: String,
}

#[derive(Template)]
#[template(path = "admin/invoices.html")]
struct Page {
    c: Ctx,
    nav: Nav,
    shop_name: String,
    rows: Vec<Row>,
}

async fn list(State(st): State<AppState>, a: StaffAuth, c: Ctx) -> AppResult<Html<String>> {
    let t = &a.tenant;
    let entries = app::invoice::journal(&st.store, a.shop_id()).await?;
    let rows = entries
        .iter()
        .map(|e| {
            let d = &e.document;
            Row {
                href: t.url(&format!("/admin/invoices/{}", d.number)),
                label: c.t1(&format!("invoice-title-{}", d.kind), "number", &d.number),
                date: d.issued_on.clone(),
                order: d.order_number.clone(),
                order_href: t.url(&format!("/admin/orders/{}", d.order_number)),
                customer: d.buyer.name.clone(),
                excl: money(t, &c, e.signed(d.total_excl_minor)),
                vat: money(t, &c, e.signed(d.vat_minor)),
                total: money(t, &c, e.signed(d.total_minor)),
            }
        })
        .collect();
    render(Page {
        nav: Nav::new(&a, "orders"),
        shop_name: t.shop.name.clone(),
        rows,
        c,
    })
}

async fn export(State(st): State<AppState>, a: StaffAuth, c: Ctx) -> AppResult<Response> {
    use domain::locale::Lang;
    let entries = app::invoice::journal(&st.store, a.shop_id()).await?;
    let delimiter = if c.lang == Lang::Fr { b';' } else { b',' };
    let mut w = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .from_writer(Vec::new());
    let csv_err = |e: csv::Error| AppError::Internal(e.into());
    let header: Vec<String> = [
        "date", "number", "kind", "order", "customer", "excl", "vat", "total", "currency",
    ]
    .iter()
    .map(|h| c.t(&format!("invoices-csv-{h}")))
    .collect();
    w.write_record(&header).map_err(csv_err)?;
    let amount = |minor: i64| {
        let sign = if minor < 0 { "-" } else { "" };
        let abs = minor.unsigned_abs();
        let sep = if c.lang == Lang::Fr { ',' } else { '.' };
        format!("{sign}{}{sep}{:02}", abs / 100, abs % 100)
    };
    for e in &entries {
        let d = &e.document;
        w.write_record([
            d.issued_on.clone(),
            d.number.clone(),
            c.t(&format!("invoices-kind-{}", d.kind)),
            d.order_number.clone(),
            d.buyer.name.clone(),
            amount(e.signed(d.total_excl_minor)),
            amount(e.signed(d.vat_minor)),
            amount(e.signed(d.total_minor)),
            d.currency.clone(),
        ])
        .map_err(csv_err)?;
    }
    let mut body = "\u{feff}".as_bytes().to_vec();
    body.extend(
        w.into_inner()
            .map_err(|e| AppError::Internal(anyhow::anyhow!(e.to_string())))?,
    );
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"journal.csv\"",
            ),
            (header::CACHE_CONTROL, "private, no-store"),
        ],
        body,
    )
        .into_response())
}
