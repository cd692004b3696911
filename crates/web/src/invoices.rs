//! An invoice or credit note as a page, printable: for the customer through their order's link
//! (`/orders/{link}/invoices/{number}`, their own documents only) and for the seller in the
//! admin (`/admin/invoices/{number}`). The document is shown as it was issued.

use askama::Template;
use axum::extract::State;
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use domain::invoice::{Document, Kind};
use domain::money::{Currency, Money};

use crate::app::shop_path;
use crate::auth::StaffAuth;
use crate::ctx::Ctx;
use crate::error::{AppError, AppResult};
use crate::extract::Path;
use crate::state::AppState;
use crate::tenant::Tenant;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            &shop_path("/orders/{link}/invoices/{number}"),
            get(for_customer),
        )
        .route(&shop_path("/admin/invoices/{number}"), get(for_seller))
}

struct LineRow {
    title: String,
    details: String,
    quantity: i64,
    unit: String,
    rate: String,
    total: String,
}

struct RateRow {
    rate: String,
    base: String,
    vat: String,
}

#[derive(Template)]
#[template(path = "invoices/document.html")]
struct Page<'a> {
    c: Ctx,
    d: &'a Document,
    title: String,
    issued: String,
    lines: Vec<LineRow>,
    rates: Vec<RateRow>,
    total_excl: String,
    vat: String,
    total: String,
    paid: Option<String>,
    back: String,
}

/// A rate in basis points as people write it: "20 %", "5,5 %".
fn rate(c: &Ctx, bp: i64) -> String {
    let whole = bp / 100;
    let frac = bp % 100;
    let sep = match c.lang {
        domain::locale::Lang::Fr => ",",
        domain::locale::Lang::En => ".",
    };
    let n = if frac == 0 {
        whole.to_string()
    } else if frac % 10 == 0 {
        format!("{whole}{sep}{}", frac / 10)
    } else {
        format!("{whole}{sep}{frac:02}")
    };
    format!("{n}\u{a0}%")
}

fn date(c: &Ctx, ymd: &str) -> String {
    chrono::NaiveDate::parse_from_str(ymd, "%Y-%m-%d")
        .map(|d| crate::gifts::long_date(c.lang, d))
        .unwrap_or_else(|_| ymd.to_string())
}

/// The page of document `d`, with a link `back` (the order's page).
pub(crate) fn page(c: Ctx, d: &Document, back: String) -> AppResult<Response> {
    let cur = Currency::parse(&d.currency).unwrap_or(Currency::EUR);
    let m = |minor: i64| Money::new(minor, cur).format(c.lang);
    let kind = Kind::parse(&d.kind).unwrap_or(Kind::Invoice);
    let title = c.t1(
        &format!("invoice-title-{}", kind.as_str()),
        "number",
        &d.number,
    );
    let lines = d
        .lines
        .iter()
        .map(|l| LineRow {
            title: match kind {
                Kind::CreditNote => c.t1("invoice-credit-line", "number", &l.title),
                Kind::Invoice => l.title.clone(),
            },
            details: l.details.clone(),
            quantity: l.quantity,
            unit: m(l.unit_excl_minor),
            rate: rate(&c, l.vat_rate_bp),
            total: m(l.total_excl_minor),
        })
        .collect();
    let rates = d
        .rates
        .iter()
        .filter(|r| r.vat_minor != 0)
        .map(|r| RateRow {
            rate: rate(&c, r.rate_bp),
            base: m(r.net_minor),
            vat: m(r.vat_minor),
        })
        .collect();
    let paid = d.paid_on.as_deref().map(|p| {
        let method = c.t(&format!("checkout-pay-{}", d.payment_method));
        let key = match kind {
            Kind::Invoice => "invoice-paid-on",
            Kind::CreditNote => "invoice-refunded-on",
        };
        c.i18n
            .ta(c.lang, key, &[("date", date(&c, p)), ("method", method)])
    });
    let html = Page {
        title,
        issued: date(&c, &d.issued_on),
        lines,
        rates,
        total_excl: m(d.total_excl_minor),
        vat: m(d.vat_minor),
        total: m(d.total_minor),
        paid,
        back,
        d,
        c,
    }
    .render()
    .map_err(|e| AppError::Internal(e.into()))?;
    Ok((
        [
            (header::CACHE_CONTROL, "private, no-store"),
            (header::HeaderName::from_static("x-robots-tag"), "noindex"),
        ],
        Html(html),
    )
        .into_response())
}

async fn for_customer(
    State(st): State<AppState>,
    t: Tenant,
    c: Ctx,
    Path((_, link, number)): Path<(String, String, String)>,
) -> AppResult<Response> {
    let Some((o, _)) = app::checkout::order_by_link(&st.store, &t.shop, &link).await? else {
        return Err(AppError::NotFound);
    };
    let Some(d) = app::invoice::document(&st.store, t.id(), &number, Some(o.id)).await? else {
        return Err(AppError::NotFound);
    };
    let back = format!("{}/orders/{link}", c.shop_root());
    page(c, &d, back)
}

async fn for_seller(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    Path((_, number)): Path<(String, String)>,
) -> AppResult<Response> {
    let Some(d) = app::invoice::document(&st.store, a.shop_id(), &number, None).await? else {
        return Err(AppError::NotFound);
    };
    let back = a.tenant.url(&format!("/admin/orders/{}", d.order_number));
    page(c, &d, back)
}

/// A link to one of an order's documents.
pub(crate) struct DocLink {
    pub href: String,
    pub label: String,
}

/// Links to the order's invoice and credit notes, under `base` (the order's page for the
/// customer, the admin's invoices for the seller).
pub(crate) async fn links(
    st: &AppState,
    c: &Ctx,
    shop: store::id::ShopId,
    order: store::id::OrderId,
    base: &str,
) -> AppResult<Vec<DocLink>> {
    Ok(app::invoice::of_order(&st.store, shop, order)
        .await?
        .into_iter()
        .map(|i| DocLink {
            href: format!("{base}/{}", i.number),
            label: c.t1(&format!("invoice-title-{}", i.kind), "number", &i.number),
        })
        .collect())
}
