//! Shop admin: where customers come from. Visits, orders and revenue by source (search engines,
//! social networks, the mall, partner shops, affiliates, forums, newsletters, campaigns, other
//! sites, direct) over 7, 30, 90 or 365 days, charts of visits and orders per day drawn by the
//! server, the same figures per day as CSV, and the window within which an order is credited to
//! the source of the shopper's last visit (owner and managers set it).

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use domain::growth::source::{Channel, WINDOW_MAX, WINDOW_MIN};
use domain::locale::Lang;
use serde::Deserialize;

use super::{can_settings, Nav};
use crate::app::shop_path;
use crate::auth::StaffAuth;
use crate::ctx::Ctx;
use crate::error::{AppError, AppResult};
use crate::extract::{Form, Query};
use crate::platform::render;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(&shop_path("/admin/sources"), get(page))
        .route(&shop_path("/admin/sources/export/sources.csv"), get(export))
        .route(&shop_path("/admin/sources/window"), post(set_window))
}

/// A part of a day's bar: what one channel brought that day.
pub struct Segment {
    pub x: String,
    pub y: i64,
    pub width: String,
    pub height: i64,
    pub fill: &'static str,
    /// "07/12 : Moteur de recherche 3".
    pub title: String,
}

/// A chart of one figure per day, each day's bar split by channel, drawn in a 360 × 110 box:
/// the largest day fills the height.
pub struct DayChart {
    pub id: &'static str,
    pub title: String,
    pub segments: Vec<Segment>,
    /// The channels drawn, with their colour.
    pub legend: Vec<(String, &'static str)>,
    pub first: String,
    pub last: String,
}

/// Each channel's colour (Okabe–Ito's colour-blind safe set, then darker tones), readable on the
/// admin's light background.
fn colour(channel: Option<Channel>) -> &'static str {
    match channel {
        Some(Channel::Search) => "#0072b2",
        Some(Channel::Mall) => "#e69f00",
        Some(Channel::Partner) => "#009e73",
        Some(Channel::Social) => "#cc79a7",
        Some(Channel::Newsletter) => "#56b4e9",
        Some(Channel::Forum) => "#d55e00",
        Some(Channel::Affiliate) => "#8a7a00",
        Some(Channel::Ads) => "#000000",
        Some(Channel::Campaign) => "#8c564b",
        Some(Channel::Site) => "#5d4e8c",
        Some(Channel::Direct) => "#8f8f8f",
        None => "#c8c8c8",
    }
}

impl DayChart {
    fn new(
        c: &Ctx,
        id: &'static str,
        title: String,
        days: &[app::attribution::Day],
        value: fn(&app::attribution::Row) -> i64,
    ) -> DayChart {
        // Each day's figure per channel, in one order for every day.
        let mut channels: Vec<Option<Channel>> = Vec::new();
        let per_day: Vec<Vec<(Option<Channel>, i64)>> = days
            .iter()
            .map(|d| {
                let mut by: Vec<(Option<Channel>, i64)> = Vec::new();
                for r in &d.rows {
                    let n = value(r);
                    if n == 0 {
                        continue;
                    }
                    match by.iter_mut().find(|(ch, _)| *ch == r.channel) {
                        Some((_, total)) => *total += n,
                        None => by.push((r.channel, n)),
                    }
                    if !channels.contains(&r.channel) {
                        channels.push(r.channel);
                    }
                }
                by
            })
            .collect();
        channels.sort_by_key(|ch| ch.map_or("~", |c| c.as_str()));
        let most = per_day
            .iter()
            .map(|by| by.iter().map(|(_, n)| n).sum::<i64>())
            .max()
            .unwrap_or(0)
            .max(1);
        let slot = 360.0 / days.len().max(1) as f64;
        let width = if slot >= 3.0 { slot * 0.8 } else { slot };
        let mut segments = Vec::new();
        for (i, (d, by)) in days.iter().zip(&per_day).enumerate() {
            let mut top = 95;
            let mut sum = 0;
            for ch in &channels {
                let Some((_, n)) = by.iter().find(|(c, _)| c == ch) else {
                    continue;
                };
                // Heights from the running sum, so that the parts add up to the day's bar.
                let below = sum * 90 / most;
                sum += n;
                let height = sum * 90 / most - below;
                top -= height;
                segments.push(Segment {
                    x: format!("{:.2}", i as f64 * slot),
                    y: top,
                    width: format!("{width:.2}"),
                    height,
                    fill: colour(*ch),
                    title: format!("{} : {} {n}", day_label(d.day), channel_label(c, *ch)),
                });
            }
        }
        DayChart {
            id,
            title,
            legend: channels
                .iter()
                .map(|ch| (channel_label(c, *ch), colour(*ch)))
                .collect(),
            first: days.first().map(|d| day_label(d.day)).unwrap_or_default(),
            last: days.last().map(|d| day_label(d.day)).unwrap_or_default(),
            segments,
        }
    }
}

fn day_label(day: i64) -> String {
    app::calendar::date_of(day).format("%d/%m").to_string()
}

pub struct RowView {
    pub channel: String,
    pub name: String,
    pub visits: i64,
    pub orders: i64,
    /// Orders per 100 visits ("2,5 %"), when the source brought visits.
    pub conversion: String,
    pub revenue: String,
}

pub struct Period {
    pub days: i64,
    pub label: String,
    pub href: String,
    pub current: bool,
}

#[derive(Template)]
#[template(path = "admin/sources.html")]
struct Page {
    c: Ctx,
    nav: Nav,
    shop_name: String,
    periods: Vec<Period>,
    summary: String,
    rows: Vec<RowView>,
    charts: Vec<DayChart>,
    csv: String,
    window: String,
    window_min: i64,
    window_max: i64,
    can_set: bool,
    error: Option<String>,
}

/// A source as the seller reads it: its channel, and its name and campaign when it has them.
fn channel_label(c: &Ctx, channel: Option<Channel>) -> String {
    match channel {
        Some(ch) => c.t(&format!("source-channel-{}", ch.as_str())),
        None => c.t("source-channel-before"),
    }
}

fn name_of(r: &app::attribution::Row) -> String {
    match (r.name.is_empty(), r.campaign.is_empty()) {
        (true, true) => String::new(),
        (false, true) => r.name.clone(),
        (true, false) => format!("({})", r.campaign),
        (false, false) => format!("{} ({})", r.name, r.campaign),
    }
}

fn percent(c: &Ctx, orders: i64, visits: i64) -> String {
    if visits == 0 {
        return "—".to_string();
    }
    let tenths = (orders * 1000 + visits / 2) / visits;
    let sep = if c.lang == Lang::Fr { "," } else { "." };
    let space = if c.lang == Lang::Fr { "\u{202f}" } else { "" };
    format!("{}{sep}{}{space}%", tenths / 10, tenths % 10)
}

#[derive(Deserialize, Default)]
struct PeriodQuery {
    days: Option<i64>,
    saved: Option<String>,
}

fn period(q: &PeriodQuery) -> i64 {
    q.days
        .filter(|d| app::attribution::PERIODS.contains(d))
        .unwrap_or(app::attribution::PERIODS[0])
}

async fn view(
    st: &AppState,
    a: &StaffAuth,
    c: Ctx,
    days: i64,
    window: Option<String>,
    error: Option<String>,
) -> AppResult<Page> {
    let t = &a.tenant;
    let r = app::attribution::report(&st.store, &st.visits, &t.shop, days, store::now()).await?;
    let money = |m: i64| crate::storefront::money(t, &c, m);
    let rows = r
        .rows
        .iter()
        .map(|row| RowView {
            channel: channel_label(&c, row.channel),
            name: name_of(row),
            visits: row.visits,
            orders: row.orders,
            conversion: if row.channel.is_none() {
                "—".to_string()
            } else {
                percent(&c, row.orders, row.visits)
            },
            revenue: money(row.revenue_minor),
        })
        .collect();
    let charts = vec![
        DayChart::new(
            &c,
            "chart-visits",
            c.t("sources-chart-visits"),
            &r.days,
            |row| row.visits,
        ),
        DayChart::new(
            &c,
            "chart-orders",
            c.t("sources-chart-orders"),
            &r.days,
            |row| row.orders,
        ),
    ];
    let summary = c.ta(
        "sources-summary",
        &[
            ("visits", r.visits.to_string()),
            ("orders", r.orders.to_string()),
            ("revenue", money(r.revenue_minor)),
            ("conversion", percent(&c, r.orders, r.visits)),
        ],
    );
    let periods = app::attribution::PERIODS
        .iter()
        .copied()
        .map(|d| Period {
            days: d,
            label: c.ta("sources-period", &[("count", d.to_string())]),
            href: t.url(&format!("/admin/sources?days={d}")),
            current: d == days,
        })
        .collect::<Vec<_>>();
    let mut periods = periods;
    periods.sort_by_key(|p| p.days);
    Ok(Page {
        nav: Nav::new(a, "sources"),
        shop_name: t.shop.name.clone(),
        periods,
        summary,
        rows,
        charts,
        csv: t.url(&format!("/admin/sources/export/sources.csv?days={days}")),
        window: window.unwrap_or_else(|| r.window_days.to_string()),
        window_min: WINDOW_MIN,
        window_max: WINDOW_MAX,
        can_set: can_settings(a.role),
        error,
        c,
    })
}

async fn page(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    Query(q): Query<PeriodQuery>,
) -> AppResult<Html<String>> {
    let flash = q.saved.is_some().then(|| c.t("admin-saved"));
    let mut p = view(&st, &a, c, period(&q), None, None).await?;
    p.nav = p.nav.with_flash(flash);
    render(p)
}

#[derive(Deserialize)]
struct WindowForm {
    #[serde(default)]
    days: String,
}

async fn set_window(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    Form(f): Form<WindowForm>,
) -> AppResult<Response> {
    if !can_settings(a.role) {
        return Err(AppError::Forbidden);
    }
    let refused = |e: &domain::ValidationError| c.err(e);
    match app::attribution::set_window(&st.store, &a.tenant.shop, &f.days).await {
        Ok(()) => Ok(Redirect::to(&a.tenant.url("/admin/sources?saved=1")).into_response()),
        Err(app::Error::Refused(e)) => {
            let msg = refused(&e);
            let days = app::attribution::PERIODS[0];
            let p = view(&st, &a, c, days, Some(f.days.clone()), Some(msg)).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(p)?).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// The period's figures per day and source, one row each (days with nothing left out): for a
/// spreadsheet, with the orders CSV's conventions (semicolons and decimal commas in French, a
/// byte-order mark, names kept from running as formulas).
async fn export(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    Query(q): Query<PeriodQuery>,
) -> AppResult<Response> {
    let t = &a.tenant;
    let days = period(&q);
    let r = app::attribution::report(&st.store, &st.visits, &t.shop, days, store::now()).await?;
    let mut w = super::csv_writer(
        &c,
        "sources-csv",
        &[
            "date", "channel", "name", "campaign", "visits", "orders", "revenue",
        ],
    )?;
    let csv_err = |e: csv::Error| AppError::Internal(e.into());
    let text = |s: &str| catalog_csv::protect_cell(s).into_owned();
    for d in &r.days {
        let date = app::calendar::date_of(d.day).to_string();
        for row in &d.rows {
            w.write_record([
                date.clone(),
                channel_label(&c, row.channel),
                text(&row.name),
                text(&row.campaign),
                row.visits.to_string(),
                row.orders.to_string(),
                super::order_list::plain_amount(row.revenue_minor, c.lang),
            ])
            .map_err(csv_err)?;
        }
    }
    super::csv_file(w, "sources.csv")
}
