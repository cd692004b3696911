//! Shop admin: the opening calendar (hours per weekday, closures) that service slots and rental
//! calendars are computed from.

use crate::extract::{Form, Path, Query};
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use chrono::{NaiveDate, NaiveTime, Timelike, Weekday};
use domain::catalog::service::OpeningHours;
use serde::Deserialize;

use super::{can_settings, Nav, Saved};
use crate::app::shop_path;
use crate::auth::StaffAuth;
use crate::ctx::Ctx;
use crate::error::{AppError, AppResult};
use crate::forms::Errors;
use crate::platform::render;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(&shop_path("/admin/hours"), get(page).post(save))
        .route(&shop_path("/admin/hours/closures"), post(add_closure))
        .route(
            &shop_path("/admin/hours/closures/{id}/delete"),
            post(delete_closure),
        )
}

pub struct DayField {
    pub field: String,
    pub name: String,
    pub value: String,
}

pub struct ClosureView {
    pub id: i64,
    pub text: String,
}

#[derive(Template)]
#[template(path = "admin/hours.html")]
struct Page {
    c: Ctx,
    nav: Nav,
    shop_name: String,
    days: Vec<DayField>,
    closures: Vec<ClosureView>,
    errors: Errors,
    from: String,
    to: String,
}

fn hhmm(minute: i64) -> String {
    format!("{:02}:{:02}", minute / 60 % 24, minute % 60)
}

/// "09:00-12:00, 14:00-18:00" as time ranges; `None` when a part is not a range.
pub fn parse_ranges(text: &str) -> Option<Vec<(NaiveTime, NaiveTime)>> {
    text.split([',', ';'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|part| {
            let (a, b) = part.split_once(['-', '–'])?;
            let t = |s: &str| {
                let s = s.trim().replace('h', ":");
                let s = if s.ends_with(':') {
                    format!("{s}00")
                } else {
                    s
                };
                NaiveTime::parse_from_str(&s, "%H:%M").ok()
            };
            let close = if b.trim() == "24:00" {
                Some(NaiveTime::MIN)
            } else {
                t(b)
            };
            Some((t(a)?, close?))
        })
        .collect()
}

fn weekday_name(c: &Ctx, n: u32) -> String {
    c.t(&format!("shop-weekday-{}", n + 1))
}

async fn load(
    st: &AppState,
    a: &StaffAuth,
    c: &Ctx,
) -> AppResult<(Vec<DayField>, Vec<ClosureView>)> {
    let mut conn = st.store.reader().await?;
    let rows = store::calendar::hours(&mut conn, a.shop_id()).await?;
    let days = (0..7)
        .map(|n| DayField {
            field: format!("d{n}"),
            name: weekday_name(c, n as u32),
            value: rows
                .iter()
                .filter(|r| r.weekday == n)
                .map(|r| {
                    let close = if r.closes_minute == 0 {
                        "24:00".to_string()
                    } else {
                        hhmm(r.closes_minute)
                    };
                    format!("{}-{close}", hhmm(r.opens_minute))
                })
                .collect::<Vec<_>>()
                .join(", "),
        })
        .collect();
    let closures = store::calendar::closures(&mut conn, a.shop_id())
        .await?
        .into_iter()
        .map(|x| ClosureView {
            id: x.id,
            text: if x.starts_on == x.ends_on {
                x.starts_on
            } else {
                format!("{} → {}", x.starts_on, x.ends_on)
            },
        })
        .collect();
    Ok((days, closures))
}

async fn page(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    Query(q): Query<Saved>,
) -> AppResult<Html<String>> {
    a.require(can_settings)?;
    let (days, closures) = load(&st, &a, &c).await?;
    render(Page {
        nav: Nav::new(&a, "hours").with_flash(q.saved.as_ref().map(|_| c.t("hours-saved"))),
        shop_name: a.tenant.shop.name.clone(),
        days,
        closures,
        errors: Errors::default(),
        from: String::new(),
        to: String::new(),
        c,
    })
}

async fn save(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    Form(form): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    a.require(can_settings)?;
    let mut errors = Errors::default();
    let mut hours = OpeningHours::new();
    let mut rows = Vec::new();
    let mut shown = Vec::new();
    for n in 0..7u32 {
        let field = format!("d{n}");
        let value: String = form
            .iter()
            .find(|(k, _)| *k == field)
            .map(|(_, v)| v.chars().take(200).collect())
            .unwrap_or_default();
        let day = Weekday::try_from(n as u8).map_err(|_| AppError::NotFound)?;
        let ok = parse_ranges(&value).filter(|r| hours.set_day(day, r).is_ok());
        match ok {
            Some(ranges) => rows.extend(ranges.iter().map(|(o, cl)| store::calendar::HoursRow {
                weekday: i64::from(n),
                opens_minute: i64::from(o.num_seconds_from_midnight() / 60),
                closes_minute: i64::from(cl.num_seconds_from_midnight() / 60),
            })),
            None => errors.add(
                &field,
                c.i18n
                    .ta(c.lang, "hours-invalid", &[("day", weekday_name(&c, n))]),
            ),
        }
        shown.push(DayField {
            field,
            name: weekday_name(&c, n),
            value,
        });
    }
    if !errors.is_empty() {
        let (_, closures) = load(&st, &a, &c).await?;
        let page = Page {
            nav: Nav::new(&a, "hours"),
            shop_name: a.tenant.shop.name.clone(),
            days: shown,
            closures,
            errors,
            from: String::new(),
            to: String::new(),
            c,
        };
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(page)?).into_response());
    }
    let mut tx = st.store.begin().await?;
    store::calendar::set_hours(&mut tx, a.shop_id(), &rows).await?;
    store::commit(tx).await?;
    Ok(Redirect::to(&a.tenant.url("/admin/hours?saved=1")).into_response())
}

#[derive(Deserialize)]
struct ClosureForm {
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
}

async fn add_closure(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    Form(form): Form<ClosureForm>,
) -> AppResult<Response> {
    a.require(can_settings)?;
    let date = |s: &str| NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok();
    let from = date(&form.from);
    let to = date(&form.to).or(from);
    let (Some(from), Some(to)) = (from, to) else {
        return closure_error(&st, &a, c, &form).await;
    };
    if to < from || (to - from).num_days() > 365 {
        return closure_error(&st, &a, c, &form).await;
    }
    let mut tx = st.store.begin().await?;
    store::calendar::add_closure(
        &mut tx,
        a.shop_id(),
        &from.format("%Y-%m-%d").to_string(),
        &to.format("%Y-%m-%d").to_string(),
    )
    .await?;
    store::commit(tx).await?;
    Ok(Redirect::to(&a.tenant.url("/admin/hours?saved=1")).into_response())
}

async fn closure_error(
    st: &AppState,
    a: &StaffAuth,
    c: Ctx,
    form: &ClosureForm,
) -> AppResult<Response> {
    let (days, closures) = load(st, a, &c).await?;
    let mut errors = Errors::default();
    errors.add("from", c.t("hours-closure-invalid"));
    let page = Page {
        nav: Nav::new(a, "hours"),
        shop_name: a.tenant.shop.name.clone(),
        days,
        closures,
        errors,
        from: form.from.chars().take(20).collect(),
        to: form.to.chars().take(20).collect(),
        c,
    };
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(page)?).into_response())
}

async fn delete_closure(
    State(st): State<AppState>,
    a: StaffAuth,
    Path((_, id)): Path<(String, i64)>,
) -> AppResult<Response> {
    a.require(can_settings)?;
    let mut tx = st.store.begin().await?;
    let found = store::calendar::delete_closure(&mut tx, a.shop_id(), id).await?;
    store::commit(tx).await?;
    if !found {
        return Err(AppError::NotFound);
    }
    Ok(Redirect::to(&a.tenant.url("/admin/hours?saved=1")).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_are_read_as_written_by_hand() {
        let t = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap();
        assert_eq!(
            parse_ranges("09:00-12:00, 14h-18h30").unwrap(),
            [(t(9, 0), t(12, 0)), (t(14, 0), t(18, 30))]
        );
        assert_eq!(parse_ranges("").unwrap(), []);
        assert_eq!(parse_ranges("20:00-24:00").unwrap(), [(t(20, 0), t(0, 0))]);
        assert!(parse_ranges("9 to 12").is_none());
    }
}
