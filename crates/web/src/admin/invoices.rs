//! Shop admin: the journal of invoices and credit notes, in the order they were issued, and the
//! same as CSV for the accountant (credit notes negative; semicolons and decimal commas in
//! French, as the orders export); the VAT invoiced over a period by destination country and
//! rate (the VAT return, and the EU one-stop shop's for sales to other member states), as a page
//! and as CSV.

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use super::{csv_file, csv_writer, Nav};
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
        .route(&shop_path("/admin/invoices/vat"), get(vat))
        .route(
            &shop_path("/admin/invoices/moment"),
            axum::routing::post(set_moment),
        )
        .route(&shop_path("/admin/invoices/export/vat.csv"), get(vat_csv))
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
    /// When invoices are issued ("payment" or "shipment"); the form only for who may change it.
    moment: String,
    may_set: bool,
    error: Option<String>,
}

async fn list(State(st): State<AppState>, a: StaffAuth, c: Ctx) -> AppResult<Response> {
    journal_page(&st, &a, c, None).await
}

async fn journal_page(
    st: &AppState,
    a: &StaffAuth,
    c: Ctx,
    error: Option<String>,
) -> AppResult<Response> {
    let t = &a.tenant;
    let entries = app::invoice::journal(&st.store, a.shop_id()).await?;
    let rows: Vec<Row> = entries
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
    let status = if error.is_some() {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    } else {
        axum::http::StatusCode::OK
    };
    let html = render(Page {
        nav: Nav::new(a, "orders"),
        shop_name: t.shop.name.clone(),
        rows,
        moment: app::invoice::moment(&st.store, a.shop_id()).await?,
        may_set: a.require(super::can_payments).is_ok(),
        error,
        c,
    })?;
    Ok((status, html).into_response())
}

#[derive(serde::Deserialize)]
struct MomentForm {
    #[serde(default)]
    moment: String,
}

/// Sets when the shop issues its invoices (at payment, or at shipment).
async fn set_moment(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    crate::extract::Form(f): crate::extract::Form<MomentForm>,
) -> AppResult<Response> {
    a.require(super::can_payments)?;
    match app::invoice::set_moment(&st.store, a.shop_id(), &f.moment).await {
        Ok(()) => {
            Ok(axum::response::Redirect::to(&a.tenant.url("/admin/invoices")).into_response())
        }
        Err(app::Error::Refused(e)) => {
            let text = c.err(&e);
            journal_page(&st, &a, c, Some(text)).await
        }
        Err(e) => Err(e.into()),
    }
}

async fn export(State(st): State<AppState>, a: StaffAuth, c: Ctx) -> AppResult<Response> {
    let entries = app::invoice::journal(&st.store, a.shop_id()).await?;
    let mut w = csv_writer(
        &c,
        "invoices-csv",
        &[
            "date", "number", "kind", "order", "customer", "excl", "vat", "total", "currency",
        ],
    )?;
    let csv_err = |e: csv::Error| AppError::Internal(e.into());
    let currency = super::shipping::currency(&a);
    let amount = |minor: i64| csv_amount(c.lang, currency, minor);
    for e in &entries {
        let d = &e.document;
        w.write_record([
            d.issued_on.clone(),
            d.number.clone(),
            c.t(&format!("invoices-kind-{}", d.kind)),
            d.order_number.clone(),
            catalog_csv::protect_cell(&d.buyer.name).into_owned(),
            amount(e.signed(d.total_excl_minor)),
            amount(e.signed(d.vat_minor)),
            amount(e.signed(d.total_minor)),
            d.currency.clone(),
        ])
        .map_err(csv_err)?;
    }
    csv_file(w, "journal.csv")
}

/// An amount as spreadsheets read it in `lang`: "-12,50" (French), "-12.50"; the currency's own
/// decimals.
fn csv_amount(lang: domain::locale::Lang, currency: domain::money::Currency, minor: i64) -> String {
    let units = u32::from(currency.minor_units());
    let sign = if minor < 0 { "-" } else { "" };
    let abs = minor.unsigned_abs();
    if units == 0 {
        return format!("{sign}{abs}");
    }
    let scale = 10u64.pow(units);
    let sep = if lang == domain::locale::Lang::Fr {
        ','
    } else {
        '.'
    };
    format!(
        "{sign}{}{sep}{:0width$}",
        abs / scale,
        abs % scale,
        width = units as usize
    )
}

/// The period of a VAT report, as typed: from and to, days (YYYY-MM-DD).
#[derive(serde::Deserialize, Default)]
struct Period {
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
}

impl Period {
    /// The period asked, or by default the current quarter up to today on the shop's clock
    /// (`timezone`); `Err` with the message id when a day cannot be read or the period ends
    /// before it starts.
    fn days(&self, timezone: &str) -> Result<(String, String), &'static str> {
        use chrono::Datelike as _;
        let today = chrono::Utc::now()
            .with_timezone(&app::calendar::shop_tz(timezone))
            .date_naive();
        let quarter =
            chrono::NaiveDate::from_ymd_opt(today.year(), (today.month0() / 3) * 3 + 1, 1)
                .unwrap_or(today);
        let read = |s: &str, default: chrono::NaiveDate| {
            if s.trim().is_empty() {
                Ok(default)
            } else {
                chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
                    .map_err(|_| "vat-report-date-invalid")
            }
        };
        let (from, to) = (read(&self.from, quarter)?, read(&self.to, today)?);
        if to < from {
            return Err("vat-report-period-invalid");
        }
        Ok((from.to_string(), to.to_string()))
    }
}

struct VatRow {
    country: String,
    regime: String,
    rate: String,
    net: String,
    vat: String,
}

#[derive(Template)]
#[template(path = "admin/vat_report.html")]
struct VatPage {
    c: Ctx,
    nav: Nav,
    shop_name: String,
    from: String,
    to: String,
    error: Option<String>,
    rows: Vec<VatRow>,
    net: String,
    vat: String,
    csv: String,
}

async fn vat(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    axum::extract::Query(p): axum::extract::Query<Period>,
) -> AppResult<Response> {
    a.require(super::can_payments)?;
    let t = &a.tenant;
    let (days, error) = match p.days(&t.shop.timezone) {
        Ok(d) => (Some(d), None),
        Err(e) => (None, Some(c.t(&format!("err-{e}")))),
    };
    let (from, to) = days.clone().unwrap_or((p.from.clone(), p.to.clone()));
    let lines = match &days {
        Some((from, to)) => app::invoice::vat_report(&st.store, a.shop_id(), from, to).await?,
        None => Vec::new(),
    };
    let rows = lines
        .iter()
        .map(|l| VatRow {
            country: crate::shopper::checkout::country_name(&c, &l.country),
            regime: c.t(&format!("vat-regime-{}", l.regime)),
            rate: crate::invoices::rate(c.lang, l.rate_bp),
            net: money(t, &c, l.net_minor),
            vat: money(t, &c, l.vat_minor),
        })
        .collect();
    let page = VatPage {
        nav: Nav::new(&a, "orders"),
        shop_name: t.shop.name.clone(),
        net: money(t, &c, lines.iter().map(|l| l.net_minor).sum()),
        vat: money(t, &c, lines.iter().map(|l| l.vat_minor).sum()),
        csv: t.url(&format!(
            "/admin/invoices/export/vat.csv?from={from}&to={to}"
        )),
        from,
        to,
        rows,
        error: error.clone(),
        c,
    };
    let html = render(page)?;
    let status = if error.is_some() {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    } else {
        axum::http::StatusCode::OK
    };
    Ok((status, html).into_response())
}

async fn vat_csv(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    axum::extract::Query(p): axum::extract::Query<Period>,
) -> AppResult<Response> {
    use domain::locale::Lang;
    a.require(super::can_payments)?;
    let (from, to) = p
        .days(&a.tenant.shop.timezone)
        .map_err(|_| AppError::BadRequest("error-bad-form"))?;
    let lines = app::invoice::vat_report(&st.store, a.shop_id(), &from, &to).await?;
    let currency = super::shipping::currency(&a);
    let mut w = csv_writer(
        &c,
        "vat-report-csv",
        &[
            "country", "code", "regime", "rate", "net", "vat", "currency",
        ],
    )?;
    let csv_err = |e: csv::Error| AppError::Internal(e.into());
    for l in &lines {
        let rate = format!("{}", l.rate_bp as f64 / 100.0);
        w.write_record([
            crate::shopper::checkout::country_name(&c, &l.country),
            l.country.clone(),
            c.t(&format!("vat-regime-{}", l.regime)),
            if c.lang == Lang::Fr {
                rate.replace('.', ",")
            } else {
                rate
            },
            csv_amount(c.lang, currency, l.net_minor),
            csv_amount(c.lang, currency, l.vat_minor),
            currency.as_str().to_string(),
        ])
        .map_err(csv_err)?;
    }
    csv_file(w, &format!("tva-{from}-{to}.csv"))
}
