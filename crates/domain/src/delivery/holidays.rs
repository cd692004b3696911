//! Public holidays on which parcels are neither collected nor delivered.
//!
//! Covered: France (with Alsace-Moselle's Good Friday and St Stephen's Day
//! for postcodes 57, 67 and 68), Germany (the nine nationwide holidays;
//! those of single Länder are not), Austria, Belgium, Switzerland (the days
//! off in most cantons: Good Friday and St Stephen's Day are not kept in a
//! few Catholic ones, Berchtold's Day and Corpus Christi in some are not
//! included), Luxembourg, Italy (St Francis' Day again from 2026; patron
//! saints' days are not), Spain (national days only; the regions add
//! theirs), the Netherlands (Liberation Day only in lustrum years, when it
//! is a general day off), the United Kingdom (England and Wales bank
//! holidays with their substitute days, applied to the whole kingdom;
//! Scotland's and Northern Ireland's own days are not; one-off days such
//! as a coronation must be added by hand). Anywhere else: Sundays only.

use chrono::{Datelike, Days, NaiveDate, Weekday};

use crate::country::Destination;

/// Easter Sunday of `year` in the Gregorian calendar (the anonymous
/// algorithm published by Meeus, after Jones and Butcher), for years 1583
/// onwards.
pub fn easter_sunday(year: i32) -> NaiveDate {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, month as u32, day as u32).expect("computus gives a real date")
}

/// A public holiday: its date and a key for display ("easter_monday").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Holiday {
    pub date: NaiveDate,
    pub key: &'static str,
}

/// Whether this module knows the holidays of the destination's country.
pub fn holidays_known(country: &str) -> bool {
    matches!(
        country,
        "FR" | "DE" | "AT" | "BE" | "CH" | "LU" | "IT" | "ES" | "NL" | "GB"
    )
}

fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).expect("fixed holidays are real dates")
}

fn plus(date: NaiveDate, days: i64) -> NaiveDate {
    if days >= 0 {
        date + Days::new(days as u64)
    } else {
        date - Days::new(days.unsigned_abs())
    }
}

/// The `n`-th (1-based) `weekday` of a month, or the last one for `n` = 0.
fn nth_weekday(year: i32, month: u32, weekday: Weekday, n: u32) -> NaiveDate {
    if n == 0 {
        let next_month = if month == 12 {
            ymd(year + 1, 1, 1)
        } else {
            ymd(year, month + 1, 1)
        };
        let mut d = plus(next_month, -1);
        while d.weekday() != weekday {
            d = plus(d, -1);
        }
        d
    } else {
        NaiveDate::from_weekday_of_month_opt(year, month, weekday, n as u8)
            .expect("the first four weekdays of a month exist")
    }
}

/// The holidays of `year` at `destination`, sorted by date.
pub fn holidays(destination: &Destination, year: i32) -> Vec<Holiday> {
    let easter = easter_sunday(year);
    let e = |offset: i64, key| Holiday {
        date: plus(easter, offset),
        key,
    };
    let f = |month, day, key| Holiday {
        date: ymd(year, month, day),
        key,
    };
    let mut out = match destination.country.as_str() {
        "FR" => {
            let mut v = vec![
                f(1, 1, "new_year"),
                e(1, "easter_monday"),
                f(5, 1, "labour_day"),
                f(5, 8, "victory_day"),
                e(39, "ascension"),
                e(50, "whit_monday"),
                f(7, 14, "bastille_day"),
                f(8, 15, "assumption"),
                f(11, 1, "all_saints"),
                f(11, 11, "armistice_day"),
                f(12, 25, "christmas"),
            ];
            let alsace_moselle = ["57", "67", "68"]
                .iter()
                .any(|p| destination.postcode_starts_with(p));
            if alsace_moselle {
                v.push(e(-2, "good_friday"));
                v.push(f(12, 26, "st_stephen"));
            }
            v
        }
        "DE" => vec![
            f(1, 1, "new_year"),
            e(-2, "good_friday"),
            e(1, "easter_monday"),
            f(5, 1, "labour_day"),
            e(39, "ascension"),
            e(50, "whit_monday"),
            f(10, 3, "german_unity_day"),
            f(12, 25, "christmas"),
            f(12, 26, "st_stephen"),
        ],
        "AT" => vec![
            f(1, 1, "new_year"),
            f(1, 6, "epiphany"),
            e(1, "easter_monday"),
            f(5, 1, "labour_day"),
            e(39, "ascension"),
            e(50, "whit_monday"),
            e(60, "corpus_christi"),
            f(8, 15, "assumption"),
            f(10, 26, "national_day"),
            f(11, 1, "all_saints"),
            f(12, 8, "immaculate_conception"),
            f(12, 25, "christmas"),
            f(12, 26, "st_stephen"),
        ],
        "BE" => vec![
            f(1, 1, "new_year"),
            e(1, "easter_monday"),
            f(5, 1, "labour_day"),
            e(39, "ascension"),
            e(50, "whit_monday"),
            f(7, 21, "national_day"),
            f(8, 15, "assumption"),
            f(11, 1, "all_saints"),
            f(11, 11, "armistice_day"),
            f(12, 25, "christmas"),
        ],
        "CH" => vec![
            f(1, 1, "new_year"),
            e(-2, "good_friday"),
            e(1, "easter_monday"),
            e(39, "ascension"),
            e(50, "whit_monday"),
            f(8, 1, "national_day"),
            f(12, 25, "christmas"),
            f(12, 26, "st_stephen"),
        ],
        "LU" => {
            let mut v = vec![
                f(1, 1, "new_year"),
                e(1, "easter_monday"),
                f(5, 1, "labour_day"),
                e(39, "ascension"),
                e(50, "whit_monday"),
                f(6, 23, "national_day"),
                f(8, 15, "assumption"),
                f(11, 1, "all_saints"),
                f(12, 25, "christmas"),
                f(12, 26, "st_stephen"),
            ];
            if year >= 2019 {
                v.push(f(5, 9, "europe_day"));
            }
            v
        }
        "IT" => {
            let mut v = vec![
                f(1, 1, "new_year"),
                f(1, 6, "epiphany"),
                e(1, "easter_monday"),
                f(4, 25, "liberation_day"),
                f(5, 1, "labour_day"),
                f(6, 2, "republic_day"),
                f(8, 15, "assumption"),
                f(11, 1, "all_saints"),
                f(12, 8, "immaculate_conception"),
                f(12, 25, "christmas"),
                f(12, 26, "st_stephen"),
            ];
            // Restored as a national holiday by the law of October 2025.
            if year >= 2026 {
                v.push(f(10, 4, "st_francis"));
            }
            v
        }
        "ES" => vec![
            f(1, 1, "new_year"),
            f(1, 6, "epiphany"),
            e(-2, "good_friday"),
            f(5, 1, "labour_day"),
            f(8, 15, "assumption"),
            f(10, 12, "national_day"),
            f(11, 1, "all_saints"),
            f(12, 6, "constitution_day"),
            f(12, 8, "immaculate_conception"),
            f(12, 25, "christmas"),
        ],
        "NL" => {
            let kings = ymd(year, 4, 27);
            let kings = if kings.weekday() == Weekday::Sun {
                plus(kings, -1)
            } else {
                kings
            };
            let mut v = vec![
                f(1, 1, "new_year"),
                e(1, "easter_monday"),
                Holiday {
                    date: kings,
                    key: "kings_day",
                },
                e(39, "ascension"),
                e(50, "whit_monday"),
                f(12, 25, "christmas"),
                f(12, 26, "st_stephen"),
            ];
            if year % 5 == 0 {
                v.push(f(5, 5, "liberation_day"));
            }
            v
        }
        "GB" => united_kingdom(year, easter),
        _ => Vec::new(),
    };
    out.sort();
    out.dedup();
    out
}

/// England and Wales: bank holidays falling on a weekend are replaced by
/// the next weekday that is not already one.
fn united_kingdom(year: i32, easter: NaiveDate) -> Vec<Holiday> {
    let h = |date, key| Holiday { date, key };
    let weekend = |d: NaiveDate| matches!(d.weekday(), Weekday::Sat | Weekday::Sun);
    let mut v = vec![
        h(plus(easter, -2), "good_friday"),
        h(plus(easter, 1), "easter_monday"),
        h(nth_weekday(year, 5, Weekday::Mon, 1), "early_may"),
        h(nth_weekday(year, 5, Weekday::Mon, 0), "spring_bank_holiday"),
        h(nth_weekday(year, 8, Weekday::Mon, 0), "summer_bank_holiday"),
    ];
    let fixed = [
        h(ymd(year, 1, 1), "new_year"),
        h(ymd(year, 12, 25), "christmas"),
        h(ymd(year, 12, 26), "boxing_day"),
    ];
    // All actual days first: Christmas on a Sunday is replaced on the
    // Tuesday, as Boxing Day already holds the Monday.
    v.extend(fixed);
    for holiday in fixed.into_iter().filter(|x| weekend(x.date)) {
        let mut sub = plus(holiday.date, 1);
        while weekend(sub) || v.iter().any(|x| x.date == sub) {
            sub = plus(sub, 1);
        }
        v.push(h(sub, holiday.key));
    }
    v
}

/// The holiday falling on `date` at `destination`, if any.
pub fn holiday_on(destination: &Destination, date: NaiveDate) -> Option<Holiday> {
    holidays(destination, date.year())
        .into_iter()
        .find(|h| h.date == date)
}
