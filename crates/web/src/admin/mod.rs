//! The shop admin (`/admin/` on a shop's host): sign-in, dashboard, settings, appearance, legal
//! identity, payments, shipping, staff and the signed-in person's own account.

pub mod account;
pub mod affiliates;
pub mod appearance;
mod billing;
pub mod catalog;
mod coliship;
pub mod currencies;
pub mod hours;
pub mod interest;
mod invoices;
pub mod legal;
pub mod order_list;
pub mod orders;
pub mod packing_slip;
pub mod partners;
mod payment_list;
pub mod payments;
pub mod promotions;
pub mod reviews;
pub mod session;
pub mod settings;
pub mod shipping;
mod shipping_method;
pub mod sources;
pub mod staff;

use crate::extract::Query;
use askama::Template;
use axum::extract::State;
use axum::response::{Html, IntoResponse};
use axum::routing::get;
use axum::Router;
use serde::Deserialize;

use crate::app::shop_path;
use crate::auth::StaffAuth;
use crate::ctx::Ctx;
use crate::error::AppResult;
use crate::platform::render;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            &shop_path("/admin"),
            get(|t: crate::tenant::Tenant| async move {
                axum::response::Redirect::permanent(&t.url("/admin/"))
            }),
        )
        .route(&shop_path("/admin/"), get(dashboard))
        .merge(session::routes())
        .merge(settings::routes())
        .merge(appearance::routes())
        .merge(legal::routes())
        .merge(currencies::routes())
        .merge(hours::routes())
        .merge(interest::routes())
        .merge(promotions::routes())
        .merge(partners::routes())
        .merge(affiliates::routes())
        .merge(sources::routes())
        .merge(reviews::routes())
        .merge(payments::routes())
        .merge(shipping::routes())
        .merge(orders::routes())
        .merge(invoices::routes())
        .merge(billing::routes())
        .merge(payment_list::routes())
        .merge(order_list::routes())
        .merge(packing_slip::routes())
        .merge(coliship::routes())
        .merge(staff::routes())
        .merge(account::routes())
        .merge(catalog::routes())
}

/// What the admin layout needs: who is signed in, what they may see, where they are.
pub struct Nav {
    pub current: &'static str,
    pub staff_name: String,
    pub can_settings: bool,
    pub can_staff: bool,
    pub can_billing: bool,
    pub flash: Option<String>,
}

impl Nav {
    pub fn new(a: &StaffAuth, current: &'static str) -> Nav {
        Nav {
            current,
            staff_name: a.staff.name.clone(),
            can_settings: can_settings(a.role),
            can_staff: can_staff(a.role),
            can_billing: crate::access::can_billing(a.role),
            flash: None,
        }
    }
    pub fn with_flash(mut self, flash: Option<String>) -> Nav {
        self.flash = flash;
        self
    }
}

/// `?saved=1` after a successful form, shown as a confirmation.
#[derive(Deserialize, Default)]
pub struct Saved {
    pub saved: Option<String>,
    pub welcome: Option<String>,
}

impl Saved {
    pub fn flash(&self, c: &Ctx) -> Option<String> {
        self.saved.as_ref().map(|_| c.t("admin-saved"))
    }
}

#[derive(Template)]
#[template(path = "admin/dashboard.html")]
struct Dashboard {
    c: Ctx,
    nav: Nav,
    shop_name: String,
    shop_url: String,
    welcome: bool,
    suspended: bool,
    chart: Option<SalesChart>,
    awaiting: i64,
    /// Tax warnings for the year so far (private seller's regular sales, VAT franchise).
    notices: Vec<String>,
    /// Withdrawal requests waiting: order number and when.
    withdrawals: Vec<(String, String)>,
}

/// A message (a tax notice, a threshold's error) whose euro amounts ("85000.00 EUR") are written for the reader ("85 000,00 €").
pub(crate) fn notice_text(c: &Ctx, e: &domain::ValidationError) -> String {
    let mut e = e.clone();
    for (_, v) in e.args.iter_mut() {
        let Some((units, cents)) = v.strip_suffix(" EUR").and_then(|a| a.split_once('.')) else {
            continue;
        };
        if let (Ok(units), Ok(cents)) = (units.parse::<i64>(), cents.parse::<i64>()) {
            let minor = units * 100 + cents;
            *v = domain::money::Money::new(minor, domain::money::EUR).format(c.lang);
        }
    }
    c.err(&e)
}

/// The dashboard's months of sales, drawn by the server as SVG bars.
struct SalesChart {
    bars: Vec<Bar>,
    this_month_orders: i64,
    this_month_revenue: String,
    /// A table of the same figures, for screen readers and for reading exact numbers.
    rows: Vec<(String, i64, String)>,
}

struct Bar {
    x: i64,
    y: i64,
    height: i64,
    label: String,
    value: i64,
}

async fn dashboard(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    Query(q): Query<Saved>,
) -> AppResult<Html<String>> {
    let shop_url = if a.tenant.base.is_empty() {
        "/".to_string()
    } else {
        format!("{}{}/", st.config.public_url, a.tenant.base)
    };
    let months = app::order::monthly(&st.store, &a.tenant.shop, store::now(), 12).await?;
    let (awaiting, withdrawals) = {
        let mut conn = st.store.reader().await?;
        (
            store::order::count(&mut conn, a.shop_id(), "awaiting_payment").await?,
            store::withdrawal::open(&mut conn, a.shop_id()).await?,
        )
    };
    let tz = app::calendar::shop_tz(&a.tenant.shop.timezone);
    let withdrawals = withdrawals
        .into_iter()
        .map(|(number, at)| {
            let day = chrono::TimeZone::timestamp_opt(&tz, at, 0)
                .single()
                .map(|d| d.format("%d/%m/%Y").to_string())
                .unwrap_or_default();
            (number, day)
        })
        .collect();
    let chart = sales_chart(&a.tenant, &c, &months);
    let notices = app::order::tax_notices(&st.store, &a.tenant.shop, store::now())
        .await?
        .iter()
        .map(|e| notice_text(&c, e))
        .collect();
    render(Dashboard {
        notices,
        withdrawals,
        chart,
        awaiting,
        nav: Nav::new(&a, "dashboard").with_flash(q.flash(&c)),
        shop_name: a.tenant.shop.name.clone(),
        shop_url,
        welcome: q.welcome.is_some(),
        suspended: a.tenant.shop.is_suspended(),
        c,
    })
}

/// Bars 30 units wide in a 360 × 120 box: the month with the most orders fills the height.
fn sales_chart(
    t: &crate::tenant::Tenant,
    c: &Ctx,
    months: &[app::order::Month],
) -> Option<SalesChart> {
    let most = months.iter().map(|m| m.orders).max().unwrap_or(0);
    if most == 0 {
        return None;
    }
    let label = |m: &app::order::Month| {
        format!(
            "{} {}",
            c.t(&format!("month-{}", m.month))
                .chars()
                .take(3)
                .collect::<String>(),
            m.year % 100
        )
    };
    let last = months.last()?;
    Some(SalesChart {
        bars: months
            .iter()
            .enumerate()
            .map(|(i, m)| {
                let height = m.orders * 100 / most;
                Bar {
                    x: i as i64 * 30 + 2,
                    y: 105 - height,
                    height,
                    label: label(m),
                    value: m.orders,
                }
            })
            .collect(),
        this_month_orders: last.orders,
        this_month_revenue: crate::storefront::money(t, c, last.revenue_minor),
        rows: months
            .iter()
            .map(|m| {
                (
                    label(m),
                    m.orders,
                    crate::storefront::money(t, c, m.revenue_minor),
                )
            })
            .collect(),
    })
}

pub use crate::access::{can_payments, can_settings, can_staff};

/// A CSV as spreadsheets open it in the reader's language (semicolons in French, commas in
/// English), its header the messages `{prefix}-{column}`.
pub(crate) fn csv_writer(
    c: &Ctx,
    prefix: &str,
    columns: &[&str],
) -> AppResult<csv::Writer<Vec<u8>>> {
    let delimiter = if c.lang == domain::locale::Lang::Fr {
        b';'
    } else {
        b','
    };
    let mut w = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .from_writer(Vec::new());
    let header: Vec<String> = columns
        .iter()
        .map(|h| c.t(&format!("{prefix}-{h}")))
        .collect();
    w.write_record(&header)
        .map_err(|e| crate::error::AppError::Internal(e.into()))?;
    Ok(w)
}

/// The CSV written by `w` as a download named `name` (with a byte-order mark, for Excel).
pub(crate) fn csv_file(w: csv::Writer<Vec<u8>>, name: &str) -> AppResult<axum::response::Response> {
    let mut body = "\u{feff}".as_bytes().to_vec();
    body.extend(
        w.into_inner()
            .map_err(|e| crate::error::AppError::Internal(anyhow::anyhow!(e.to_string())))?,
    );
    Ok((
        [
            (
                axum::http::header::CONTENT_TYPE,
                "text/csv; charset=utf-8".to_string(),
            ),
            (
                axum::http::header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
            (
                axum::http::header::CACHE_CONTROL,
                "private, no-store".to_string(),
            ),
        ],
        body,
    )
        .into_response())
}
