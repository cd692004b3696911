//! Shop admin: the list of orders, narrowed by status, dates, destination country and payment
//! method, and searched by number, e-mail address or name, a page at a time; the same selection
//! as a CSV file for a spreadsheet or the accountant; and the customers (everyone who ordered,
//! guests and account holders) with what they bought.

use askama::Template;
use axum::extract::State;
use axum::response::{Html, Response};
use axum::routing::get;
use axum::Router;
use chrono::{NaiveDate, TimeZone as _};
use domain::locale::Lang;
use serde::Deserialize;

use super::Nav;
use crate::app::shop_path;
use crate::auth::StaffAuth;
use crate::ctx::{urlencode, Ctx};
use crate::error::AppResult;
use crate::extract::Query;
use crate::platform::render;
use crate::state::AppState;
use crate::storefront::money;
use crate::tenant::Tenant;

const PER_PAGE: i64 = 50;
/// The most rows one CSV export holds.
const EXPORT_MAX: i64 = 20_000;
pub(super) const STATUSES: &[&str] = &[
    "awaiting_payment",
    "paid",
    "preparing",
    "shipped",
    "delivered",
    "cancelled",
    "refunded",
];
const PAYMENTS: &[&str] = &["bank_transfer", "cheque", "pickup_cash", "card"];

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(&shop_path("/admin/orders"), get(list))
        .route(&shop_path("/admin/orders/export/orders.csv"), get(export))
        .route(&shop_path("/admin/customers"), get(customers))
}

/// The list's query string: every filter is optional.
#[derive(Deserialize, Default, Clone)]
pub(super) struct ListQuery {
    #[serde(default)]
    status: String,
    /// First day, as a date field sends it (2026-12-01).
    #[serde(default)]
    from: String,
    /// Last day, included.
    #[serde(default)]
    to: String,
    #[serde(default)]
    country: String,
    #[serde(default)]
    payment: String,
    #[serde(default)]
    q: String,
    #[serde(default)]
    page: Option<i64>,
}

impl ListQuery {
    /// The store's filter: unknown values are no filter; days are the shop's.
    fn filter(&self, t: &Tenant) -> store::order::Filter {
        let tz = app::calendar::shop_tz(&t.shop.timezone);
        let day_start = |s: &str, plus: i64| {
            NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
                .ok()
                .and_then(|d| d.checked_add_days(chrono::Days::new(plus as u64)))
                .and_then(|d| {
                    tz.from_local_datetime(&d.and_time(chrono::NaiveTime::MIN))
                        .earliest()
                })
                .map_or(0, |d| d.timestamp())
        };
        let known = |v: &str, list: &[&str]| {
            list.iter()
                .find(|x| **x == v)
                .map(|x| x.to_string())
                .unwrap_or_default()
        };
        let country = self.country.trim().to_ascii_uppercase();
        store::order::Filter {
            status: known(&self.status, STATUSES),
            from: day_start(&self.from, 0),
            to: day_start(&self.to, 1),
            country: if country.len() == 2 && country.bytes().all(|b| b.is_ascii_uppercase()) {
                country
            } else {
                String::new()
            },
            payment_method: known(&self.payment, PAYMENTS),
            text: self.q.trim().chars().take(200).collect(),
        }
    }

    /// The query string of this selection (without the page), for links.
    fn query_string(&self) -> String {
        [
            ("status", &self.status),
            ("from", &self.from),
            ("to", &self.to),
            ("country", &self.country),
            ("payment", &self.payment),
            ("q", &self.q),
        ]
        .iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| format!("{k}={}", urlencode(v.trim())))
        .collect::<Vec<_>>()
        .join("&")
    }
}

pub(super) fn date(t: &Tenant, c: &Ctx, at: i64) -> String {
    let tz = app::calendar::shop_tz(&t.shop.timezone);
    tz.timestamp_opt(at, 0)
        .single()
        .map(|d| match c.lang {
            Lang::Fr => d.format("%d/%m/%Y %H:%M").to_string(),
            Lang::En => d.format("%-d %b %Y %H:%M").to_string(),
        })
        .unwrap_or_default()
}

struct Row {
    number: String,
    date: String,
    email: String,
    name: String,
    country: String,
    total: String,
    status: String,
    payment: String,
}

struct Choice {
    value: String,
    label: String,
    selected: bool,
}

#[derive(Template)]
#[template(path = "admin/orders.html")]
struct ListPage {
    c: Ctx,
    nav: Nav,
    shop_name: String,
    rows: Vec<Row>,
    statuses: Vec<Choice>,
    countries: Vec<Choice>,
    payments: Vec<Choice>,
    from: String,
    to: String,
    q: String,
    total: i64,
    filtered: bool,
    prev: Option<String>,
    next: Option<String>,
    csv: String,
    /// Whether the staff member may see payments (the list's link).
    may_pay: bool,
}

fn choices(values: &[String], selected: &str, label: impl Fn(&str) -> String) -> Vec<Choice> {
    values
        .iter()
        .map(|v| Choice {
            label: label(v),
            selected: v == selected,
            value: v.clone(),
        })
        .collect()
}

async fn list(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    Query(q): Query<ListQuery>,
) -> AppResult<Html<String>> {
    let t = &a.tenant;
    let f = q.filter(t);
    let page = q.page.unwrap_or(1).clamp(1, 10_000);
    let mut conn = st.store.reader().await?;
    let orders =
        store::order::search(&mut conn, a.shop_id(), &f, PER_PAGE, (page - 1) * PER_PAGE).await?;
    let total = store::order::count_matching(&mut conn, a.shop_id(), &f).await?;
    let countries = store::order::countries(&mut conn, a.shop_id()).await?;
    let base = format!("{}/admin/orders", t.base);
    let qs = q.query_string();
    let link = |p: i64| {
        let mut parts = vec![format!("page={p}")];
        if !qs.is_empty() {
            parts.insert(0, qs.clone());
        }
        format!("{base}?{}", parts.join("&"))
    };
    let statuses: Vec<String> = STATUSES.iter().map(|s| s.to_string()).collect();
    let payments: Vec<String> = PAYMENTS.iter().map(|s| s.to_string()).collect();
    render(ListPage {
        may_pay: a.require(super::can_payments).is_ok(),
        rows: orders
            .iter()
            .map(|o| Row {
                number: o.number.clone(),
                date: date(t, &c, o.created_at),
                email: o.email.clone(),
                name: o.name.clone(),
                country: o.country.clone(),
                total: money(t, &c, o.total_minor),
                status: c.t(&format!("order-status-{}", o.status)),
                payment: c.t(&format!("checkout-pay-{}", o.payment_method)),
            })
            .collect(),
        statuses: choices(&statuses, &f.status, |s| c.t(&format!("order-status-{s}"))),
        countries: choices(&countries, &f.country, |s| s.to_string()),
        payments: choices(&payments, &f.payment_method, |s| {
            c.t(&format!("checkout-pay-{s}"))
        }),
        from: q.from.trim().chars().take(10).collect(),
        to: q.to.trim().chars().take(10).collect(),
        q: f.text.clone(),
        total,
        filtered: !qs.is_empty(),
        prev: (page > 1).then(|| link(page - 1)),
        next: (page * PER_PAGE < total).then(|| link(page + 1)),
        csv: if qs.is_empty() {
            format!("{base}/export/orders.csv")
        } else {
            format!("{base}/export/orders.csv?{qs}")
        },
        nav: Nav::new(&a, "orders"),
        shop_name: t.shop.name.clone(),
        c,
    })
}

/// An amount for a spreadsheet in the seller's language: "12,50" in French, "12.50" in English.
pub(super) fn plain_amount(minor: i64, lang: Lang) -> String {
    let sign = if minor < 0 { "-" } else { "" };
    let abs = minor.unsigned_abs();
    let sep = if lang == Lang::Fr { ',' } else { '.' };
    format!("{sign}{}{sep}{:02}", abs / 100, abs % 100)
}

/// The selection as CSV: semicolons and decimal commas in French (what a French spreadsheet
/// opens as numbers), commas and points in English; UTF-8 with a byte-order mark so that
/// accents survive a double click.
async fn export(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    Query(q): Query<ListQuery>,
) -> AppResult<Response> {
    let t = &a.tenant;
    let f = q.filter(t);
    let orders = {
        let mut conn = st.store.reader().await?;
        store::order::search(&mut conn, a.shop_id(), &f, EXPORT_MAX, 0).await?
    };
    let mut w = super::csv_writer(
        &c,
        "orders-csv",
        &[
            "number",
            "date",
            "status",
            "name",
            "email",
            "country",
            "payment",
            "shipping-method",
            "subtotal",
            "discount",
            "promotions",
            "shipping",
            "vat",
            "total",
            "paid",
            "refunded",
            "currency",
            "carrier",
            "tracking",
        ],
    )?;
    let csv_err = |e: csv::Error| crate::error::AppError::Internal(e.into());
    let tz = app::calendar::shop_tz(&t.shop.timezone);
    for o in &orders {
        let at = tz
            .timestamp_opt(o.created_at, 0)
            .single()
            .map(|d| d.format("%Y-%m-%d %H:%M").to_string())
            .unwrap_or_default();
        let amount = |m: i64| plain_amount(m, c.lang);
        // What shoppers typed (names, addresses) never runs as a formula in a spreadsheet.
        let text = |s: &str| catalog_csv::protect_cell(s).into_owned();
        w.write_record([
            o.number.clone(),
            at,
            c.t(&format!("order-status-{}", o.status)),
            text(&o.name),
            text(&o.email),
            o.country.clone(),
            c.t(&format!("checkout-pay-{}", o.payment_method)),
            o.shipping_name.clone(),
            amount(o.subtotal_minor),
            amount(o.discount_minor),
            text(&o.promotions.lines().collect::<Vec<_>>().join(", ")),
            amount(o.shipping_minor),
            amount(o.vat_minor),
            amount(o.total_minor),
            amount(o.paid_minor),
            amount(o.refunded_minor),
            o.currency.clone(),
            text(o.carrier.as_deref().unwrap_or_default()),
            text(o.tracking_number.as_deref().unwrap_or_default()),
        ])
        .map_err(csv_err)?;
    }
    super::csv_file(w, "orders.csv")
}

struct BuyerRow {
    name: String,
    email: String,
    orders: i64,
    spent: String,
    last: String,
    account: bool,
    href: String,
}

#[derive(Template)]
#[template(path = "admin/customers.html")]
struct CustomersPage {
    c: Ctx,
    nav: Nav,
    shop_name: String,
    rows: Vec<BuyerRow>,
    prev: Option<String>,
    next: Option<String>,
}

#[derive(Deserialize, Default)]
struct PageQuery {
    page: Option<i64>,
}

/// Everyone who ordered, most recent first, with their orders and what they spent.
async fn customers(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    Query(q): Query<PageQuery>,
) -> AppResult<Html<String>> {
    let t = &a.tenant;
    let page = q.page.unwrap_or(1).clamp(1, 10_000);
    let buyers = {
        let mut conn = st.store.reader().await?;
        store::order::buyers(&mut conn, a.shop_id(), PER_PAGE + 1, (page - 1) * PER_PAGE).await?
    };
    let more = buyers.len() as i64 > PER_PAGE;
    let base = format!("{}/admin/customers", t.base);
    render(CustomersPage {
        rows: buyers
            .iter()
            .take(PER_PAGE as usize)
            .map(|b| BuyerRow {
                name: b.name.clone(),
                email: b.email.clone(),
                orders: b.orders,
                spent: money(t, &c, b.spent_minor),
                last: date(t, &c, b.last_at),
                account: b.account != 0,
                href: format!("{}/admin/orders?q={}", t.base, urlencode(&b.email)),
            })
            .collect(),
        prev: (page > 1).then(|| format!("{base}?page={}", page - 1)),
        next: more.then(|| format!("{base}?page={}", page + 1)),
        nav: Nav::new(&a, "customers"),
        shop_name: t.shop.name.clone(),
        c,
    })
}
