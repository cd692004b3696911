//! Perishable goods (cheese trays, fresh produce): preparation lead time,
//! the weekdays parcels leave so they do not sit in a depot over a weekend,
//! shelf life, and the withdrawal-right exclusion the product page states.

use chrono::{Datelike, Days, NaiveDate, NaiveTime, TimeZone, Weekday};
use chrono_tz::Tz;

use crate::error::ValidationError;

/// Message id (rendered as `err-perishable-no-withdrawal`, like every
/// domain message) of the notice shown on a perishable product's page: the
/// 14-day withdrawal right does not apply to goods liable to deteriorate or
/// expire rapidly (Code de la consommation, art. L221-28 4°).
pub const WITHDRAWAL_EXCLUDED_MSG: &str = "perishable-no-withdrawal";

pub const MAX_LEAD_DAYS: u32 = 60;
pub const MAX_SHELF_LIFE_DAYS: u32 = 3650;

/// Local time from which an order counts as placed the next day: the
/// morning's orders can still be prepared for today's collection.
pub const CUT_OFF: NaiveTime = match NaiveTime::from_hms_opt(12, 0, 0) {
    Some(t) => t,
    None => panic!("valid time"),
};

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PerishableTerms {
    lead_days: u32,
    /// Sorted Monday first, without repeats.
    dispatch_weekdays: Vec<Weekday>,
    shelf_life_days: u32,
}

impl PerishableTerms {
    pub fn new(
        lead_days: u32,
        dispatch_weekdays: &[Weekday],
        shelf_life_days: u32,
    ) -> Result<PerishableTerms, ValidationError> {
        if lead_days > MAX_LEAD_DAYS {
            return Err(ValidationError::new("perishable-lead-too-long").with("max", MAX_LEAD_DAYS));
        }
        if dispatch_weekdays.is_empty() {
            return Err(ValidationError::new("perishable-no-dispatch-day"));
        }
        if !(1..=MAX_SHELF_LIFE_DAYS).contains(&shelf_life_days) {
            return Err(ValidationError::new("perishable-shelf-life-invalid")
                .with("min", 1)
                .with("max", MAX_SHELF_LIFE_DAYS));
        }
        let mut days = dispatch_weekdays.to_vec();
        days.sort_by_key(|d| d.num_days_from_monday());
        days.dedup();
        Ok(PerishableTerms {
            lead_days,
            dispatch_weekdays: days,
            shelf_life_days,
        })
    }

    /// Days needed to prepare an order before it can leave.
    pub fn lead_days(&self) -> u32 {
        self.lead_days
    }

    pub fn dispatch_weekdays(&self) -> &[Weekday] {
        &self.dispatch_weekdays
    }

    /// How long the product keeps from dispatch, shown to the shopper.
    pub fn shelf_life_days(&self) -> u32 {
        self.shelf_life_days
    }
}

/// The day an order placed at `ordered_at_utc` leaves the shop: the first
/// dispatch weekday on or after the order's day plus the lead time, where an
/// order placed at or after [`CUT_OFF`] (shop time) counts from the next
/// day.
pub fn next_dispatch(terms: &PerishableTerms, ordered_at_utc: i64, tz: Tz) -> NaiveDate {
    let local = tz
        .timestamp_opt(ordered_at_utc, 0)
        .single()
        .map(|dt| dt.naive_local())
        .unwrap_or_default();
    let mut day = local.date();
    if local.time() >= CUT_OFF {
        day = day.succ_opt().unwrap_or(day);
    }
    let earliest = day
        .checked_add_days(Days::new(u64::from(terms.lead_days)))
        .unwrap_or(day);
    // Dispatch weekdays are never empty, so one of the next 7 days matches.
    earliest
        .iter_days()
        .take(7)
        .find(|d| terms.dispatch_weekdays.contains(&d.weekday()))
        .unwrap_or(earliest)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::assert_code;
    use chrono::NaiveDateTime;
    use chrono_tz::America::Martinique;
    use chrono_tz::Europe::Paris;
    use proptest::prelude::*;
    use Weekday::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// Unix time of a wall-clock time in Paris.
    fn paris(y: i32, mo: u32, day: u32, h: u32, mi: u32) -> i64 {
        let local: NaiveDateTime = d(y, mo, day).and_hms_opt(h, mi, 0).unwrap();
        Paris
            .from_local_datetime(&local)
            .single()
            .unwrap()
            .timestamp()
    }

    /// The cheese trays: one day to prepare, parcels leave Monday to
    /// Wednesday so they never spend a weekend in transit.
    fn trays() -> PerishableTerms {
        PerishableTerms::new(1, &[Wed, Mon, Tue, Mon], 10).unwrap()
    }

    #[test]
    fn terms_validation() {
        assert_eq!(trays().dispatch_weekdays(), [Mon, Tue, Wed]);
        assert_eq!((trays().lead_days(), trays().shelf_life_days()), (1, 10));
        assert_code(
            PerishableTerms::new(1, &[], 10),
            "perishable-no-dispatch-day",
        );
        let e = assert_code(
            PerishableTerms::new(61, &[Mon], 10),
            "perishable-lead-too-long",
        );
        assert_eq!(e.arg("max"), Some("60"));
        let e = assert_code(
            PerishableTerms::new(0, &[Mon], 0),
            "perishable-shelf-life-invalid",
        );
        assert_eq!((e.arg("min"), e.arg("max")), (Some("1"), Some("3650")));
    }

    #[test]
    fn dispatch_dates() {
        let t = trays();
        // Monday 2 March 2026, 09:00: ready Tuesday, leaves Tuesday.
        assert_eq!(
            next_dispatch(&t, paris(2026, 3, 2, 9, 0), Paris),
            d(2026, 3, 3)
        );
        // Monday 11:59 still counts as Monday.
        assert_eq!(
            next_dispatch(&t, paris(2026, 3, 2, 11, 59), Paris),
            d(2026, 3, 3)
        );
        // Monday 12:00 counts from Tuesday: ready Wednesday.
        assert_eq!(
            next_dispatch(&t, paris(2026, 3, 2, 12, 0), Paris),
            d(2026, 3, 4)
        );
        // Wednesday afternoon: ready Friday, next dispatch Monday.
        assert_eq!(
            next_dispatch(&t, paris(2026, 3, 4, 15, 0), Paris),
            d(2026, 3, 9)
        );
        // Saturday: ready Sunday, leaves Monday.
        assert_eq!(
            next_dispatch(&t, paris(2026, 3, 7, 10, 0), Paris),
            d(2026, 3, 9)
        );
    }

    #[test]
    fn same_day_dispatch_without_lead_time() {
        let t = PerishableTerms::new(0, &[Fri], 5).unwrap();
        assert_eq!(
            next_dispatch(&t, paris(2026, 3, 6, 8, 0), Paris),
            d(2026, 3, 6)
        );
        assert_eq!(
            next_dispatch(&t, paris(2026, 3, 6, 13, 0), Paris),
            d(2026, 3, 13)
        );
    }

    #[test]
    fn the_shop_clock_decides() {
        let t = PerishableTerms::new(0, &[Mon, Tue, Wed, Thu, Fri, Sat, Sun], 5).unwrap();
        // 23:30 UTC on Monday is already Tuesday 00:30 in Paris (winter)…
        let late = d(2026, 3, 2)
            .and_hms_opt(23, 30, 0)
            .unwrap()
            .and_utc()
            .timestamp();
        assert_eq!(next_dispatch(&t, late, Paris), d(2026, 3, 3));
        // …and Monday 19:30 in Martinique (UTC−4), after the cut-off.
        assert_eq!(next_dispatch(&t, late, Martinique), d(2026, 3, 3));
        // 10:30 UTC is 11:30 in Paris in winter, 12:30 in summer.
        let winter = d(2026, 3, 2)
            .and_hms_opt(10, 30, 0)
            .unwrap()
            .and_utc()
            .timestamp();
        assert_eq!(next_dispatch(&t, winter, Paris), d(2026, 3, 2));
        let summer = d(2026, 6, 1)
            .and_hms_opt(10, 30, 0)
            .unwrap()
            .and_utc()
            .timestamp();
        assert_eq!(next_dispatch(&t, summer, Paris), d(2026, 6, 2));
    }

    #[test]
    fn withdrawal_notice_id() {
        assert_eq!(WITHDRAWAL_EXCLUDED_MSG, "perishable-no-withdrawal");
        assert!(crate::error::CODES
            .iter()
            .any(|(c, args)| *c == WITHDRAWAL_EXCLUDED_MSG && args.is_empty()));
    }

    proptest! {
        #[test]
        fn dispatch_is_a_dispatch_day_after_the_lead_time(
            lead in 0u32..10,
            mask in 1u8..128,
            ts in 1_700_000_000i64..1_900_000_000,
        ) {
            let days: Vec<Weekday> = (0..7u8)
                .filter(|i| mask & (1 << i) != 0)
                .map(|i| Weekday::try_from(i).unwrap())
                .collect();
            let t = PerishableTerms::new(lead, &days, 5).unwrap();
            let local = Paris.timestamp_opt(ts, 0).unwrap().naive_local();
            let out = next_dispatch(&t, ts, Paris);
            prop_assert!(days.contains(&out.weekday()));
            let from = if local.time() >= CUT_OFF { local.date().succ_opt().unwrap() } else { local.date() };
            let gap = (out - from).num_days();
            prop_assert!(gap >= i64::from(lead) && gap < i64::from(lead) + 7, "{gap}");
        }
    }
}
