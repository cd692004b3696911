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
