//! Shop admin: interest tests. Each product shown "coming soon" (or asked about) with how many
//! confirmed people wait for it, those still to confirm, the seller's goal and a chart of the
//! confirmations per day; a button puts it on sale and tells everyone who asked.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;

use super::Nav;
use crate::app::shop_path;
use crate::auth::StaffAuth;
use crate::ctx::Ctx;
use crate::error::AppResult;
use crate::extract::{Form, Path, Query};
use crate::platform::render;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(&shop_path("/admin/interest"), get(page))
        .route(&shop_path("/admin/interest/{product}/goal"), post(set_goal))
        .route(&shop_path("/admin/interest/{product}/launch"), post(launch))
}

pub struct Bar {
    pub x: i64,
    pub y: i64,
    pub height: i64,
    pub label: String,
    pub value: i64,
}

pub struct TestView {
    pub product_id: i64,
    pub title: String,
    pub coming_soon: bool,
    pub confirmed: i64,
    pub pending: i64,
    pub notified: i64,
    pub goal: i64,
    /// "23 of 50 (46 %)", when there is a goal.
    pub progress: Option<String>,
    /// Percent of the goal, capped at 100 (for the meter).
    pub percent: i64,
    pub bars: Vec<Bar>,
    /// The days with confirmations, for screen readers and exact figures: (day, count).
    pub rows: Vec<(String, i64)>,
    pub edit_href: String,
    /// "12 people wait for it — 3 to confirm — 4 told".
    pub summary: String,
    /// "Put on sale and tell the 12 people".
    pub launch_label: String,
    /// The product's status when it is no longer coming soon ("Active", "Draft"…).
    pub status_label: String,
}

#[derive(Template)]
#[template(path = "admin/interest.html")]
struct Page {
    c: Ctx,
    nav: Nav,
    shop_name: String,
    tests: Vec<TestView>,
    error: Option<String>,
}

/// Bars 12 units wide in a 360 × 100 box, one per day: the busiest day fills the height.
fn bars(days: &[(i64, i64)]) -> Vec<Bar> {
    let most = days.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
    days.iter()
        .enumerate()
        .map(|(i, (day, n))| {
            let height = n * 90 / most;
            Bar {
                x: i as i64 * 12,
                y: 95 - height,
                height,
                label: day_label(*day),
                value: *n,
            }
        })
        .collect()
}

fn day_label(day: i64) -> String {
    chrono::DateTime::from_timestamp(day * 86_400, 0)
        .map(|d| d.format("%d/%m").to_string())
        .unwrap_or_default()
}

async fn view(st: &AppState, a: &StaffAuth, c: Ctx, error: Option<String>) -> AppResult<Page> {
    let tests = app::interest::tests(&st.store, &a.tenant.shop, store::now()).await?;
    let tests = tests
        .into_iter()
        .map(|t| {
            let d = &t.demand;
            let percent = if d.goal > 0 {
                (d.confirmed * 100 / d.goal).min(100)
            } else {
                0
            };
            let count = |id: &str, n: i64| c.ta(id, &[("count", n.to_string())]);
            let waiting = (d.confirmed - d.notified).max(0);
            let mut summary = if d.status == "coming_soon" || d.notified == 0 {
                count("interest-confirmed", waiting)
            } else {
                count("interest-notified", d.notified)
            };
            if d.status != "coming_soon" && d.notified > 0 && waiting > 0 {
                summary = format!("{summary} — {}", count("interest-confirmed", waiting));
            }
            if d.pending > 0 {
                summary = format!("{summary} — {}", count("interest-pending", d.pending));
            }
            TestView {
                summary,
                launch_label: count("interest-launch", d.confirmed),
                status_label: c.t(&format!("cat-status-{}", d.status.replace('_', "-"))),
                product_id: d.product_id,
                coming_soon: d.status == "coming_soon",
                confirmed: d.confirmed,
                pending: d.pending,
                notified: d.notified,
                goal: d.goal,
                progress: (d.goal > 0).then(|| {
                    c.ta(
                        "interest-progress",
                        &[
                            ("count", d.confirmed.to_string()),
                            ("goal", d.goal.to_string()),
                            ("percent", (d.confirmed * 100 / d.goal).to_string()),
                        ],
                    )
                }),
                percent,
                bars: bars(&t.days),
                rows: t
                    .days
                    .iter()
                    .filter(|(_, n)| *n > 0)
                    .map(|(day, n)| (day_label(*day), *n))
                    .collect(),
                edit_href: a.tenant.url(&format!("/admin/products/{}", d.product_id)),
                title: t.title,
            }
        })
        .collect();
    Ok(Page {
        nav: Nav::new(a, "interest"),
        shop_name: a.tenant.shop.name.clone(),
        tests,
        error,
        c,
    })
}

#[derive(Deserialize, Default)]
struct Flash {
    saved: Option<String>,
    /// How many people a launch told.
    launched: Option<i64>,
}

async fn page(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    Query(q): Query<Flash>,
) -> AppResult<Html<String>> {
    let flash = match (q.launched, q.saved) {
        (Some(n), _) => Some(c.ta("interest-launched", &[("count", n.to_string())])),
        (None, Some(_)) => Some(c.t("admin-saved")),
        (None, None) => None,
    };
    let mut p = view(&st, &a, c, None).await?;
    p.nav = p.nav.with_flash(flash);
    render(p)
}

#[derive(Deserialize)]
struct GoalForm {
    #[serde(default)]
    goal: String,
}

async fn refused(
    st: &AppState,
    a: &StaffAuth,
    c: Ctx,
    e: &domain::ValidationError,
) -> AppResult<Response> {
    let msg = c.err(e);
    let p = view(st, a, c, Some(msg)).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(p)?).into_response())
}

async fn set_goal(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    Path((_, product)): Path<(String, i64)>,
    Form(f): Form<GoalForm>,
) -> AppResult<Response> {
    let goal = match f.goal.trim() {
        "" => 0,
        g => match g.parse::<i64>() {
            Ok(n) => n,
            Err(_) => {
                return refused(&st, &a, c, &domain::ValidationError::new("interest-goal")).await
            }
        },
    };
    match app::interest::set_goal(&st.store, &a.tenant.shop, product, goal).await {
        Ok(()) => Ok(Redirect::to(&a.tenant.url("/admin/interest?saved=1")).into_response()),
        Err(app::Error::Refused(e)) => refused(&st, &a, c, &e).await,
        Err(e) => Err(e.into()),
    }
}

async fn launch(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    headers: axum::http::HeaderMap,
    Path((_, product)): Path<(String, i64)>,
) -> AppResult<Response> {
    let root = format!(
        "{}{}",
        crate::storefront::origin(&st, &a.tenant, &headers),
        a.tenant.base
    );
    let notice = crate::mail::interest_notice(&st, &a.tenant, &root);
    match app::interest::launch(&st.store, &a.tenant.shop, product, store::now(), notice).await {
        Ok(n) => {
            tracing::info!(
                shop_id = a.tenant.shop.id,
                product,
                told = n,
                "interest test launched"
            );
            Ok(
                Redirect::to(&a.tenant.url(&format!("/admin/interest?launched={n}")))
                    .into_response(),
            )
        }
        Err(app::Error::Refused(e)) => refused(&st, &a, c, &e).await,
        Err(e) => Err(e.into()),
    }
}
