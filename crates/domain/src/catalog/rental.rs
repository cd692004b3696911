//! Rentals: a product lent by the day, priced per day and per week, with a
//! deposit, a minimum and maximum duration and a calendar of booked periods.
//!
//! Periods are half-open date ranges `[start, end)`: `end` is the return
//! day, free for the next customer, so a rental from Monday to Wednesday
//! lasts two days.

use chrono::{Datelike, NaiveDate};

use crate::error::ValidationError;

/// Longest rental a seller may allow.
pub const MAX_RENTAL_DAYS: u32 = 365;

/// A rental product's terms, in the shop's currency's minor units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RentalTerms {
    per_day_minor: i64,
    per_week_minor: Option<i64>,
    deposit_minor: i64,
    min_days: u32,
    max_days: u32,
}

/// What a rental costs, shown before the shopper books.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RentalQuote {
    pub days: u32,
    pub price_minor: i64,
    /// Held, then returned with the item; not part of the price.
    pub deposit_minor: i64,
}

impl RentalTerms {
    /// Prices come from [`crate::catalog::price::Price::parse`], which
    /// already bounds them; these checks are the rental's own.
    pub fn new(
        per_day_minor: i64,
        per_week_minor: Option<i64>,
        deposit_minor: i64,
        min_days: u32,
        max_days: u32,
    ) -> Result<RentalTerms, ValidationError> {
        if per_day_minor <= 0 {
            return Err(ValidationError::new("rental-day-price-invalid"));
        }
        if per_week_minor.is_some_and(|w| w <= 0) {
            return Err(ValidationError::new("rental-week-price-invalid"));
        }
        if deposit_minor < 0 {
            return Err(ValidationError::new("rental-deposit-negative"));
        }
        if min_days == 0 {
            return Err(ValidationError::new("rental-min-days-invalid"));
        }
        if max_days > MAX_RENTAL_DAYS {
            return Err(ValidationError::new("rental-max-too-long").with("max", MAX_RENTAL_DAYS));
        }
        if max_days < min_days {
            return Err(ValidationError::new("rental-max-below-min"));
        }
        Ok(RentalTerms {
            per_day_minor,
            per_week_minor,
            deposit_minor,
            min_days,
            max_days,
        })
    }

    pub fn per_day_minor(&self) -> i64 {
        self.per_day_minor
    }

    pub fn per_week_minor(&self) -> Option<i64> {
        self.per_week_minor
    }

    pub fn deposit_minor(&self) -> i64 {
        self.deposit_minor
    }

    pub fn min_days(&self) -> u32 {
        self.min_days
    }

    pub fn max_days(&self) -> u32 {
        self.max_days
    }

    /// Price of `days` days: whole weeks at the weekly rate when it is
    /// cheaper than seven days, the remaining days at the daily rate, but
    /// never more than one more week would cost. Without that cap six days
    /// could cost more than seven, and shoppers would book the extra day.
    pub fn price_for_days(&self, days: u32) -> i64 {
        let day = self.per_day_minor;
        let week = self
            .per_week_minor
            .map_or(day.saturating_mul(7), |w| w.min(day.saturating_mul(7)));
        let weeks = i64::from(days / 7);
        let rest = i64::from(days % 7);
        weeks
            .saturating_mul(week)
            .saturating_add(rest.saturating_mul(day).min(week))
    }
}

/// Prices a rental from `start` to the return day `end_exclusive`.
pub fn quote(
    terms: &RentalTerms,
    start: NaiveDate,
    end_exclusive: NaiveDate,
) -> Result<RentalQuote, ValidationError> {
    let days = (end_exclusive - start).num_days();
    if days <= 0 {
        return Err(ValidationError::new("rental-dates-invalid"));
    }
    if days < i64::from(terms.min_days) {
        return Err(ValidationError::new("rental-too-short").with("min", terms.min_days));
    }
    if days > i64::from(terms.max_days) {
        return Err(ValidationError::new("rental-too-long").with("max", terms.max_days));
    }
    // Bounded by max_days above.
    let days = days as u32;
    Ok(RentalQuote {
        days,
        price_minor: terms.price_for_days(days),
        deposit_minor: terms.deposit_minor,
    })
}

/// Whether `[start, end)` shares a day with any booked period. An empty or
/// reversed range overlaps nothing.
pub fn overlaps(booked: &[(NaiveDate, NaiveDate)], start: NaiveDate, end: NaiveDate) -> bool {
    start < end && booked.iter().any(|&(s, e)| s < end && start < e)
}

/// [`overlaps`] as a rule, for the booking form.
pub fn check_available(
    booked: &[(NaiveDate, NaiveDate)],
    start: NaiveDate,
    end: NaiveDate,
) -> Result<(), ValidationError> {
    if overlaps(booked, start, end) {
        Err(ValidationError::new("rental-dates-booked"))
    } else {
        Ok(())
    }
}

/// Every day of a month with whether it is free, for the availability
/// calendar on the product page. Empty for a month that does not exist.
pub fn calendar_month(
    year: i32,
    month: u32,
    booked: &[(NaiveDate, NaiveDate)],
) -> Vec<(NaiveDate, bool)> {
    let Some(first) = NaiveDate::from_ymd_opt(year, month, 1) else {
        return Vec::new();
    };
    first
        .iter_days()
        .take_while(|d| d.month() == month)
        .map(|day| {
            let free = !booked.iter().any(|&(s, e)| s <= day && day < e);
            (day, free)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::assert_code;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// A DVD shop: 3 € a day, 15 € a week, 20 € deposit, 1 to 21 days.
    fn dvd() -> RentalTerms {
        RentalTerms::new(300, Some(1500), 2000, 1, 21).unwrap()
    }

    #[test]
    fn terms_validation() {
        assert_code(
            RentalTerms::new(0, None, 0, 1, 7),
            "rental-day-price-invalid",
        );
        assert_code(
            RentalTerms::new(100, Some(0), 0, 1, 7),
            "rental-week-price-invalid",
        );
        assert_code(
            RentalTerms::new(100, None, -1, 1, 7),
            "rental-deposit-negative",
        );
        assert_code(
            RentalTerms::new(100, None, 0, 0, 7),
            "rental-min-days-invalid",
        );
        assert_code(RentalTerms::new(100, None, 0, 5, 4), "rental-max-below-min");
        let e = assert_code(
            RentalTerms::new(100, None, 0, 1, 366),
            "rental-max-too-long",
        );
        assert_eq!(e.arg("max"), Some("365"));
        let t = RentalTerms::new(100, None, 0, 3, 3).unwrap();
        assert_eq!(
            (t.min_days(), t.max_days(), t.per_week_minor()),
            (3, 3, None)
        );
    }

    #[test]
    fn quotes() {
        let t = dvd();
        let q = quote(&t, d(2026, 3, 2), d(2026, 3, 4)).unwrap();
        assert_eq!(
            q,
            RentalQuote {
                days: 2,
                price_minor: 600,
                deposit_minor: 2000
            }
        );
        // A week at the weekly rate, plus two days.
        assert_eq!(
            quote(&t, d(2026, 3, 2), d(2026, 3, 11))
                .unwrap()
                .price_minor,
            1500 + 600
        );
        // Two weeks.
        assert_eq!(
            quote(&t, d(2026, 3, 2), d(2026, 3, 16))
                .unwrap()
                .price_minor,
            3000
        );
        // Six days would be 18 €: capped at the 15 € week.
        assert_eq!(
            quote(&t, d(2026, 3, 2), d(2026, 3, 8)).unwrap().price_minor,
            1500
        );
        // Days are calendar dates: a leap day counts, a clock change does not.
        assert_eq!(quote(&t, d(2028, 2, 28), d(2028, 3, 1)).unwrap().days, 2);
        assert_eq!(quote(&t, d(2026, 3, 28), d(2026, 3, 30)).unwrap().days, 2);
    }

    #[test]
    fn weekly_rate_only_when_cheaper() {
        // A "weekly" price above seven days is ignored.
        let t = RentalTerms::new(300, Some(5000), 0, 1, 30).unwrap();
        assert_eq!(t.price_for_days(7), 2100);
        assert_eq!(t.price_for_days(9), 2700);
        // No weekly price at all.
        let t = RentalTerms::new(300, None, 0, 1, 30).unwrap();
        assert_eq!(t.price_for_days(10), 3000);
    }

    #[test]
    fn duration_limits() {
        let t = RentalTerms::new(1000, None, 0, 2, 5).unwrap();
        let e = assert_code(quote(&t, d(2026, 3, 2), d(2026, 3, 3)), "rental-too-short");
        assert_eq!(e.arg("min"), Some("2"));
        let e = assert_code(quote(&t, d(2026, 3, 2), d(2026, 3, 8)), "rental-too-long");
        assert_eq!(e.arg("max"), Some("5"));
        assert!(quote(&t, d(2026, 3, 2), d(2026, 3, 7)).is_ok());
        assert_code(
            quote(&t, d(2026, 3, 2), d(2026, 3, 2)),
            "rental-dates-invalid",
        );
        assert_code(
            quote(&t, d(2026, 3, 5), d(2026, 3, 2)),
            "rental-dates-invalid",
        );
    }

    #[test]
    fn overlap_is_half_open() {
        let booked = [(d(2026, 3, 10), d(2026, 3, 15))];
        // Returned on the 15th: a rental can start that day.
        assert!(!overlaps(&booked, d(2026, 3, 15), d(2026, 3, 20)));
        assert!(!overlaps(&booked, d(2026, 3, 5), d(2026, 3, 10)));
        assert!(overlaps(&booked, d(2026, 3, 14), d(2026, 3, 16)));
        assert!(overlaps(&booked, d(2026, 3, 1), d(2026, 3, 31)));
        assert!(overlaps(&booked, d(2026, 3, 11), d(2026, 3, 12)));
        assert!(!overlaps(&booked, d(2026, 3, 12), d(2026, 3, 12)));
        assert!(!overlaps(&[], d(2026, 3, 1), d(2026, 3, 31)));
        assert_code(
            check_available(&booked, d(2026, 3, 9), d(2026, 3, 11)),
            "rental-dates-booked",
        );
        assert_eq!(
            check_available(&booked, d(2026, 3, 1), d(2026, 3, 10)),
            Ok(())
        );
    }

    #[test]
    fn month_calendar() {
        let booked = [
            (d(2026, 1, 30), d(2026, 2, 3)),
            (d(2026, 2, 27), d(2026, 3, 2)),
        ];
        let cal = calendar_month(2026, 2, &booked);
        assert_eq!(cal.len(), 28);
        assert_eq!(cal[0], (d(2026, 2, 1), false));
        assert_eq!(cal[1], (d(2026, 2, 2), false));
        assert_eq!(cal[2], (d(2026, 2, 3), true));
        assert_eq!(cal[26], (d(2026, 2, 27), false));
        assert_eq!(cal[27], (d(2026, 2, 28), false));
        assert_eq!(cal.iter().filter(|(_, free)| *free).count(), 24);
        assert_eq!(calendar_month(2028, 2, &[]).len(), 29);
        assert_eq!(
            calendar_month(2026, 12, &[]).last().unwrap().0,
            d(2026, 12, 31)
        );
        assert!(calendar_month(2026, 13, &[]).is_empty());
        assert!(calendar_month(2026, 0, &[]).is_empty());
    }

    proptest! {
        #[test]
        fn longer_rentals_never_cost_less(
            day in 1i64..10_000,
            week in prop::option::of(1i64..100_000),
            days in 1u32..364,
        ) {
            let t = RentalTerms::new(day, week, 0, 1, 365).unwrap();
            let (a, b) = (t.price_for_days(days), t.price_for_days(days + 1));
            prop_assert!(a <= b, "{days} days {a} > {} days {b}", days + 1);
            prop_assert!(a <= day * i64::from(days));
        }

        #[test]
        fn calendar_agrees_with_overlaps(
            bookings in prop::collection::vec((0i64..60, 1i64..10), 0..5),
            probe in 0i64..60,
        ) {
            let base = d(2026, 2, 1);
            let booked: Vec<(NaiveDate, NaiveDate)> = bookings
                .iter()
                .map(|&(s, len)| (base + chrono::Days::new(s as u64), base + chrono::Days::new((s + len) as u64)))
                .collect();
            let day = base + chrono::Days::new(probe as u64);
            let cal = calendar_month(day.year(), day.month(), &booked);
            let (_, free) = cal.iter().find(|(x, _)| *x == day).copied().unwrap();
            prop_assert_eq!(free, !overlaps(&booked, day, day.succ_opt().unwrap()));
        }
    }
}
