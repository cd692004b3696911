//! The booking blocks of a product page: a service's free slots over the next days and a
//! rental's month calendar, both from the shop's opening calendar and the product's bookings.

use chrono::{Datelike, NaiveDate, NaiveTime, TimeZone as _};
use domain::catalog::service::{OpeningHours, ServiceTerms};
use store::id::ShopId;

use crate::ctx::Ctx;
use crate::error::AppResult;

/// Days of slots shown on a service's page.
pub const SLOT_DAYS: u32 = 14;

pub struct SlotDayView {
    pub label: String,
    pub slots: Vec<SlotView>,
}

pub struct SlotView {
    /// The slot's start (UTC seconds): what "add to cart" sends.
    pub start: i64,
    pub time: String,
    pub full: bool,
    /// What a screen reader says: the time and the places left, or that it is full.
    pub label: String,
}

pub struct CalendarView {
    pub caption: String,
    /// Weeks of seven cells, Monday first; `None` pads the days of other months.
    pub weeks: Vec<Vec<Option<DayCell>>>,
    pub prev: Option<String>,
    pub next: String,
    pub weekdays: Vec<(String, String)>,
}

pub struct DayCell {
    pub day: u32,
    /// "free", "booked" or "closed": the CSS class and the text shown.
    pub state: &'static str,
    pub text: String,
}

pub use app::calendar::{shop_tz, weekday};

/// The shop's opening calendar as the domain reads it.
pub async fn opening_hours(conn: &mut store::Conn, shop_id: ShopId) -> AppResult<OpeningHours> {
    Ok(app::calendar::opening_hours(conn, shop_id).await?)
}

fn day_label(c: &Ctx, date: NaiveDate) -> String {
    format!(
        "{} {}",
        c.t(&format!(
            "shop-weekday-{}",
            date.weekday().number_from_monday()
        )),
        match c.lang {
            domain::locale::Lang::Fr => date.format("%d/%m").to_string(),
            domain::locale::Lang::En => date.format("%-d %b").to_string(),
        }
    )
}

/// The free and full slots of the next [`SLOT_DAYS`] days, on the shop's clock.
pub async fn service_slots(
    conn: &mut store::Conn,
    c: &Ctx,
    shop: &store::shop::Shop,
    product_id: i64,
    terms: &ServiceTerms,
    now: i64,
) -> AppResult<Vec<SlotDayView>> {
    let tz = shop_tz(&shop.timezone);
    let hours = opening_hours(conn, shop.sid()).await?;
    let until = now + i64::from(SLOT_DAYS + 1) * 86_400;
    let bookings: Vec<(i64, i64, u32)> =
        store::calendar::active_bookings(conn, shop.sid(), product_id, now - 86_400, until)
            .await?
            .iter()
            .map(|b| {
                (
                    b.starts_at,
                    b.ends_at,
                    u32::try_from(b.quantity).unwrap_or(0),
                )
            })
            .collect();
    let days = domain::catalog::service::upcoming(&hours, terms, now, tz, SLOT_DAYS, &bookings);
    Ok(days
        .into_iter()
        .map(|d| SlotDayView {
            label: day_label(c, d.date),
            slots: d
                .slots
                .iter()
                .map(|s| {
                    let time = s.local.format("%H:%M").to_string();
                    SlotView {
                        start: s.start_utc,
                        full: s.remaining == 0,
                        label: if s.remaining == 0 {
                            c.i18n.ta(c.lang, "slots-taken", &[("time", time.clone())])
                        } else {
                            c.i18n.ta(
                                c.lang,
                                "slots-left",
                                &[("time", time.clone()), ("count", s.remaining.to_string())],
                            )
                        },
                        time,
                    }
                })
                .collect(),
        })
        .collect())
}

/// `YYYY-MM` of a `month=` parameter, else the current month on the shop's clock.
pub fn month_of(param: Option<&str>, today: NaiveDate) -> (i32, u32) {
    param
        .and_then(|m| NaiveDate::parse_from_str(&format!("{}-01", m.trim()), "%Y-%m-%d").ok())
        .filter(|d| (1900..=9999).contains(&d.year()))
        .map(|d| (d.year(), d.month()))
        .unwrap_or((today.year(), today.month()))
}

/// A rental's month: booked days (a booking's days on the shop's clock, the return day free)
/// and the days the shop is closed. `link` builds the address of another month's page.
pub async fn rental_calendar(
    conn: &mut store::Conn,
    c: &Ctx,
    shop: &store::shop::Shop,
    product_id: i64,
    month: Option<&str>,
    now: i64,
    link: impl Fn(&str) -> String,
) -> AppResult<CalendarView> {
    let tz = shop_tz(&shop.timezone);
    let today = tz
        .timestamp_opt(now, 0)
        .single()
        .map(|t| t.date_naive())
        .unwrap_or_default();
    let (year, mon) = month_of(month, today);
    let first = NaiveDate::from_ymd_opt(year, mon, 1).unwrap_or(today);
    let next_first = first
        .checked_add_months(chrono::Months::new(1))
        .unwrap_or(first);
    let start = tz
        .from_local_datetime(&first.and_time(NaiveTime::MIN))
        .earliest()
        .map(|t| t.timestamp())
        .unwrap_or(now);
    let end = start + 32 * 86_400;
    let local_day = |ts: i64| {
        tz.timestamp_opt(ts, 0)
            .single()
            .map(|t| t.date_naive())
            .unwrap_or_default()
    };
    let booked: Vec<(NaiveDate, NaiveDate)> =
        store::calendar::active_bookings(conn, shop.sid(), product_id, start - 86_400, end)
            .await?
            .iter()
            .map(|b| {
                let a = local_day(b.starts_at);
                // A booking ending at midnight leaves that day free; one ending later keeps it.
                let e = local_day(b.ends_at - 1).succ_opt().unwrap_or(a);
                (a, e)
            })
            .collect();
    let hours = opening_hours(conn, shop.sid()).await?;
    let has_hours = (0..7).any(|n| weekday(n).is_some_and(|d| !hours.intervals(d).is_empty()));
    let days = domain::catalog::rental::calendar_month(year, mon, &booked);
    let mut weeks: Vec<Vec<Option<DayCell>>> = Vec::new();
    let mut week: Vec<Option<DayCell>> = (0..first.weekday().num_days_from_monday())
        .map(|_| None)
        .collect();
    for (date, free) in days {
        let closed = if has_hours {
            !hours.is_open_on(date)
        } else {
            hours.closed_dates().any(|d| d == date)
        };
        let state = if date < today {
            "past"
        } else if !free {
            "booked"
        } else if closed {
            "closed"
        } else {
            "free"
        };
        week.push(Some(DayCell {
            day: date.day(),
            state,
            text: c.t(&format!("rental-{state}")),
        }));
        if week.len() == 7 {
            weeks.push(std::mem::take(&mut week));
        }
    }
    if !week.is_empty() {
        while week.len() < 7 {
            week.push(None);
        }
        weeks.push(week);
    }
    let prev_first = first.checked_sub_months(chrono::Months::new(1));
    let current = (today.year(), today.month());
    Ok(CalendarView {
        caption: c.i18n.ta(
            c.lang,
            "rental-calendar-caption",
            &[("month", format!("{} {year}", c.t(&format!("month-{mon}"))))],
        ),
        weeks,
        // Past months have nothing to book.
        prev: prev_first
            .filter(|_| (year, mon) > current)
            .map(|d| link(&d.format("%Y-%m").to_string())),
        next: link(&next_first.format("%Y-%m").to_string()),
        weekdays: (1..=7)
            .map(|n| {
                (
                    c.t(&format!("weekday-short-{n}")),
                    c.t(&format!("shop-weekday-{n}")),
                )
            })
            .collect(),
    })
}
