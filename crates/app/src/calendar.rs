//! The shop's clock and opening calendar as the domain reads them, for the product page's
//! booking blocks and for the rules that take a slot or a period (the cart, then orders).

use chrono::{NaiveDate, NaiveTime, Weekday};
use chrono_tz::Tz;
use domain::catalog::service::OpeningHours;
use store::id::ShopId;
use store::Conn;

/// The shop's time zone (Paris when the stored name cannot be read).
pub fn shop_tz(tz: &str) -> Tz {
    domain::locale::TimeZone::parse(tz)
        .map(|z| z.tz())
        .unwrap_or(chrono_tz::Europe::Paris)
}

/// The day of `at` (seconds) on the shop's calendar, as days since 1970-01-01.
pub fn day_of(at: i64, tz: Tz) -> i64 {
    use chrono::TimeZone;
    let date = tz
        .timestamp_opt(at, 0)
        .single()
        .map(|d| d.date_naive())
        .unwrap_or_else(|| {
            chrono::DateTime::from_timestamp(at, 0)
                .unwrap_or_default()
                .date_naive()
        });
    (date - NaiveDate::from_ymd_opt(1970, 1, 1).expect("a date")).num_days()
}

/// The date of a day number, for labels ("2026-12-07").
pub fn date_of(day: i64) -> NaiveDate {
    NaiveDate::from_ymd_opt(1970, 1, 1).expect("a date") + chrono::Duration::days(day)
}

/// When day `day` (days since 1970-01-01 on the shop's calendar) starts, in seconds.
pub fn day_start(day: i64, tz: Tz) -> i64 {
    use chrono::TimeZone;
    tz.from_local_datetime(&date_of(day).and_hms_opt(0, 0, 0).expect("midnight"))
        .earliest()
        .map_or(day * 86_400, |d| d.timestamp())
}

/// Weekday `n`, 0 = Monday.
pub fn weekday(n: i64) -> Option<Weekday> {
    Weekday::try_from(u8::try_from(n).ok()?).ok()
}

fn time_of(minute: i64) -> Option<NaiveTime> {
    let m = u32::try_from(minute.rem_euclid(24 * 60)).ok()?;
    NaiveTime::from_hms_opt(m / 60, m % 60, 0)
}

/// The shop's opening calendar: weekly hours and closures.
pub async fn opening_hours(conn: &mut Conn, shop_id: ShopId) -> store::Result<OpeningHours> {
    let rows = store::calendar::hours(conn, shop_id).await?;
    let mut h = OpeningHours::new();
    for n in 0..7 {
        let Some(day) = weekday(n) else { continue };
        let ranges: Vec<(NaiveTime, NaiveTime)> = rows
            .iter()
            .filter(|r| r.weekday == n)
            .filter_map(|r| Some((time_of(r.opens_minute)?, time_of(r.closes_minute)?)))
            .collect();
        // Rows were checked when saved; a bad one closes that day rather than the page.
        let _ = h.set_day(day, &ranges);
    }
    for c in store::calendar::closures(conn, shop_id).await? {
        if let (Ok(a), Ok(b)) = (
            NaiveDate::parse_from_str(&c.starts_on, "%Y-%m-%d"),
            NaiveDate::parse_from_str(&c.ends_on, "%Y-%m-%d"),
        ) {
            h.close_range(a, b);
        }
    }
    Ok(h)
}
