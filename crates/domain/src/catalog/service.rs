//! Services booked by time slot (a photo session, a tasting): the shop's
//! weekly opening hours, the dates it is closed, and the slots a shopper can
//! pick on a given day with the places left in each.
//!
//! Opening hours are wall-clock times in the shop's time zone; slots are
//! real instants (UTC), so a slot lasts its full duration even on the night
//! clocks change.

use std::collections::BTreeSet;

use chrono::{Datelike, LocalResult, Timelike};
use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone, Weekday};
use chrono_tz::Tz;

use crate::error::ValidationError;

pub const MIN_DURATION_MINUTES: u32 = 5;
pub const MAX_DURATION_MINUTES: u32 = 24 * 60;
pub const MAX_CAPACITY: u32 = 1000;

/// How long one booking lasts and how many people a slot takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ServiceTerms {
    duration_minutes: u32,
    capacity_per_slot: u32,
}

impl ServiceTerms {
    pub fn new(
        duration_minutes: u32,
        capacity_per_slot: u32,
    ) -> Result<ServiceTerms, ValidationError> {
        if !(MIN_DURATION_MINUTES..=MAX_DURATION_MINUTES).contains(&duration_minutes) {
            return Err(ValidationError::new("service-duration-invalid")
                .with("min", MIN_DURATION_MINUTES)
                .with("max", MAX_DURATION_MINUTES));
        }
        if !(1..=MAX_CAPACITY).contains(&capacity_per_slot) {
            return Err(ValidationError::new("service-capacity-invalid")
                .with("min", 1)
                .with("max", MAX_CAPACITY));
        }
        Ok(ServiceTerms {
            duration_minutes,
            capacity_per_slot,
        })
    }

    pub fn duration_minutes(&self) -> u32 {
        self.duration_minutes
    }

    pub fn capacity_per_slot(&self) -> u32 {
        self.capacity_per_slot
    }
}

/// When the shop takes bookings: for each weekday a list of (open, close)
/// wall-clock intervals, sorted and disjoint, plus dates it is closed
/// (holidays). A close time of 00:00 means midnight at the end of the day.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OpeningHours {
    /// Indexed by `Weekday::num_days_from_monday`.
    weekly: [Vec<(NaiveTime, NaiveTime)>; 7],
    closed: BTreeSet<NaiveDate>,
}

fn minutes(t: NaiveTime) -> u32 {
    t.num_seconds_from_midnight() / 60
}

/// End of an interval in minutes, 00:00 counting as 24:00.
fn end_minutes(close: NaiveTime) -> u32 {
    match minutes(close) {
        0 => 24 * 60,
        m => m,
    }
}

impl OpeningHours {
    /// Closed every day until days are set.
    pub fn new() -> OpeningHours {
        OpeningHours::default()
    }

    /// Replaces a weekday's intervals (an empty list closes that weekday).
    pub fn set_day(
        &mut self,
        day: Weekday,
        intervals: &[(NaiveTime, NaiveTime)],
    ) -> Result<(), ValidationError> {
        let mut sorted = intervals.to_vec();
        sorted.sort_by_key(|&(open, _)| open);
        for &(open, close) in &sorted {
            if minutes(open) >= end_minutes(close) {
                return Err(ValidationError::new("opening-hours-invalid"));
            }
        }
        for pair in sorted.windows(2) {
            if minutes(pair[1].0) < end_minutes(pair[0].1) {
                return Err(ValidationError::new("opening-hours-overlap"));
            }
        }
        self.weekly[day.num_days_from_monday() as usize] = sorted;
        Ok(())
    }

    /// [`OpeningHours::set_day`] for building a value in one expression.
    pub fn with_day(
        mut self,
        day: Weekday,
        intervals: &[(NaiveTime, NaiveTime)],
    ) -> Result<OpeningHours, ValidationError> {
        self.set_day(day, intervals)?;
        Ok(self)
    }

    pub fn close_on(&mut self, date: NaiveDate) {
        self.closed.insert(date);
    }

    pub fn reopen_on(&mut self, date: NaiveDate) {
        self.closed.remove(&date);
    }

    pub fn intervals(&self, day: Weekday) -> &[(NaiveTime, NaiveTime)] {
        &self.weekly[day.num_days_from_monday() as usize]
    }

    pub fn closed_dates(&self) -> impl Iterator<Item = NaiveDate> + '_ {
        self.closed.iter().copied()
    }

    /// Closes every date from `first` to `last`, both included (at most a year of them).
    pub fn close_range(&mut self, first: NaiveDate, last: NaiveDate) {
        for date in first.iter_days().take_while(|d| *d <= last).take(366) {
            self.closed.insert(date);
        }
    }

    pub fn is_open_on(&self, date: NaiveDate) -> bool {
        !self.closed.contains(&date) && !self.intervals(date.weekday()).is_empty()
    }
}

/// One bookable slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Slot {
    /// Start as a Unix timestamp, the key bookings are stored under.
    pub start_utc: i64,
    /// Start on the shop's clock, for display.
    pub local: NaiveTime,
    /// Places left (0 when full: the page shows it as taken).
    pub remaining: u32,
}

/// The slots of `date`: back to back from each opening time, each ending
/// no later than the interval's close, with the places left given the
/// existing bookings (`booked` pairs a slot's `start_utc` with a number of
/// places taken). Slots already past are the caller's to hide.
///
/// On the nights clocks change, intervals are measured in real time: a
/// wall-clock time skipped in spring is read as the same time after the
/// jump (02:30 is 03:30), an opening time repeated in autumn starts at its
/// first occurrence and a closing time at its second, so two slots may show
/// the same local time with different `start_utc`.
pub fn slots(
    hours: &OpeningHours,
    terms: &ServiceTerms,
    date: NaiveDate,
    tz: Tz,
    booked: &[(i64, u32)],
) -> Vec<Slot> {
    if hours.closed.contains(&date) {
        return Vec::new();
    }
    let step = i64::from(terms.duration_minutes) * 60;
    let mut out = Vec::new();
    for &(open, close) in hours.intervals(date.weekday()) {
        let open_utc = to_utc(tz, date.and_time(open), false);
        let close_local = if minutes(close) == 0 {
            date.succ_opt().map(|next| next.and_time(close))
        } else {
            Some(date.and_time(close))
        };
        let Some(close_local) = close_local else {
            continue;
        };
        let close_utc = to_utc(tz, close_local, true);
        let mut start = open_utc;
        while start + step <= close_utc {
            let taken: u32 = booked
                .iter()
                .filter(|&&(t, _)| t == start)
                .map(|&(_, n)| n)
                .fold(0, u32::saturating_add);
            let local = tz
                .timestamp_opt(start, 0)
                .single()
                .map_or(open, |dt| dt.time());
            out.push(Slot {
                start_utc: start,
                local,
                remaining: terms.capacity_per_slot.saturating_sub(taken),
            });
            start += step;
        }
    }
    out
}

/// One day of the coming days with the slots a shopper can still book or see taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DaySlots {
    pub date: NaiveDate,
    pub slots: Vec<Slot>,
}

/// The slots of the `days` days starting today on the shop's clock (`now_utc` read in `tz`),
/// without those already started and without closed days. A booking (`start`, `end`, places)
/// takes its places in every slot it overlaps, so a booking made under other hours still counts.
pub fn upcoming(
    hours: &OpeningHours,
    terms: &ServiceTerms,
    now_utc: i64,
    tz: Tz,
    days: u32,
    bookings: &[(i64, i64, u32)],
) -> Vec<DaySlots> {
    let Some(today) = tz
        .timestamp_opt(now_utc, 0)
        .single()
        .map(|t| t.date_naive())
    else {
        return Vec::new();
    };
    let step = i64::from(terms.duration_minutes) * 60;
    today
        .iter_days()
        .take(days as usize)
        .filter_map(|date| {
            let slots: Vec<Slot> = slots(hours, terms, date, tz, &[])
                .into_iter()
                .filter(|s| s.start_utc >= now_utc)
                .map(|mut s| {
                    let taken = bookings
                        .iter()
                        .filter(|&&(b, e, _)| b < s.start_utc + step && e > s.start_utc)
                        .map(|&(_, _, n)| n)
                        .fold(0, u32::saturating_add);
                    s.remaining = s.remaining.saturating_sub(taken);
                    s
                })
                .collect();
            (!slots.is_empty()).then_some(DaySlots { date, slots })
        })
        .collect()
}

/// The instant a wall-clock time designates in `tz`; `late` picks the second
/// of two when clocks went back.
fn to_utc(tz: Tz, local: NaiveDateTime, late: bool) -> i64 {
    match tz.from_local_datetime(&local) {
        LocalResult::Single(t) => t.timestamp(),
        LocalResult::Ambiguous(a, b) => {
            let (first, second) = if a <= b { (a, b) } else { (b, a) };
            if late { second } else { first }.timestamp()
        }
        LocalResult::None => {
            // In the gap of a jump forward: read the time with the offset in
            // force just before it. The offset a day earlier is that one, as
            // no zone changes its clocks twice in a day.
            let earlier = local - Duration::days(1);
            let offset = tz
                .offset_from_utc_datetime(&earlier)
                .fix()
                .local_minus_utc();
            local.and_utc().timestamp() - i64::from(offset)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::assert_code;
    use chrono_tz::Europe::Paris;
    use chrono_tz::Pacific::Apia;

    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn utc(y: i32, mo: u32, day: u32, h: u32, mi: u32) -> i64 {
        d(y, mo, day).and_time(t(h, mi)).and_utc().timestamp()
    }

    fn locals(s: &[Slot]) -> Vec<String> {
        s.iter()
            .map(|s| s.local.format("%H:%M").to_string())
            .collect()
    }

    /// A photographer: sessions on Tuesday 9–12 and 14–18, closed otherwise.
    fn studio() -> OpeningHours {
        OpeningHours::new()
            .with_day(Weekday::Tue, &[(t(14, 0), t(18, 0)), (t(9, 0), t(12, 0))])
            .unwrap()
    }

    #[test]
    fn terms_validation() {
        assert!(ServiceTerms::new(60, 1).is_ok());
        let e = assert_code(ServiceTerms::new(4, 1), "service-duration-invalid");
        assert_eq!((e.arg("min"), e.arg("max")), (Some("5"), Some("1440")));
        assert_code(ServiceTerms::new(1441, 1), "service-duration-invalid");
        let e = assert_code(ServiceTerms::new(60, 0), "service-capacity-invalid");
        assert_eq!((e.arg("min"), e.arg("max")), (Some("1"), Some("1000")));
        assert_code(ServiceTerms::new(60, 1001), "service-capacity-invalid");
    }

    #[test]
    fn opening_hours_validation() {
        let mut h = OpeningHours::new();
        assert_code(
            h.set_day(Weekday::Mon, &[(t(12, 0), t(9, 0))]),
            "opening-hours-invalid",
        );
        assert_code(
            h.set_day(Weekday::Mon, &[(t(9, 0), t(9, 0))]),
            "opening-hours-invalid",
        );
        assert_code(
            h.set_day(Weekday::Mon, &[(t(9, 0), t(12, 0)), (t(11, 0), t(14, 0))]),
            "opening-hours-overlap",
        );
        // Touching intervals are fine; 00:00 closes at midnight.
        assert!(h
            .set_day(Weekday::Fri, &[(t(18, 0), t(0, 0)), (t(9, 0), t(18, 0))])
            .is_ok());
        assert_eq!(h.intervals(Weekday::Fri)[0], (t(9, 0), t(18, 0)));
        // 00:00 to 00:00 is the whole day.
        assert!(h.set_day(Weekday::Sun, &[(t(0, 0), t(0, 0))]).is_ok());
        assert!(h.is_open_on(d(2026, 3, 6)));
        assert!(!h.is_open_on(d(2026, 3, 7)));
        h.close_on(d(2026, 3, 6));
        assert!(!h.is_open_on(d(2026, 3, 6)));
        assert_eq!(h.closed_dates().collect::<Vec<_>>(), [d(2026, 3, 6)]);
        h.reopen_on(d(2026, 3, 6));
        assert!(h.is_open_on(d(2026, 3, 6)));
    }

    #[test]
    fn slots_fit_inside_opening_hours() {
        let terms = ServiceTerms::new(90, 2).unwrap();
        // Tuesday 3 March 2026, Paris is UTC+1.
        let s = slots(&studio(), &terms, d(2026, 3, 3), Paris, &[]);
        assert_eq!(locals(&s), ["09:00", "10:30", "14:00", "15:30"]);
        assert_eq!(s[0].start_utc, utc(2026, 3, 3, 8, 0));
        assert!(s.iter().all(|s| s.remaining == 2));
        // Summer time: UTC+2.
        let s = slots(&studio(), &terms, d(2026, 7, 7), Paris, &[]);
        assert_eq!(s[0].start_utc, utc(2026, 7, 7, 7, 0));
        // Closed weekday, closed date.
        assert!(slots(&studio(), &terms, d(2026, 3, 4), Paris, &[]).is_empty());
        let mut h = studio();
        h.close_on(d(2026, 3, 3));
        assert!(slots(&h, &terms, d(2026, 3, 3), Paris, &[]).is_empty());
    }

    #[test]
    fn bookings_reduce_remaining_places() {
        let terms = ServiceTerms::new(60, 3).unwrap();
        let nine = utc(2026, 3, 3, 8, 0);
        let ten = utc(2026, 3, 3, 9, 0);
        let booked = [(nine, 1), (nine, 1), (ten, 5), (utc(2026, 3, 2, 8, 0), 3)];
        let s = slots(&studio(), &terms, d(2026, 3, 3), Paris, &booked);
        assert_eq!(s[0].remaining, 1);
        assert_eq!(s[1].remaining, 0);
        assert_eq!(s[2].remaining, 3);
    }

    #[test]
    fn midnight_close() {
        let h = OpeningHours::new()
            .with_day(Weekday::Sat, &[(t(22, 0), t(0, 0))])
            .unwrap();
        let terms = ServiceTerms::new(60, 1).unwrap();
        let s = slots(&h, &terms, d(2026, 3, 7), Paris, &[]);
        assert_eq!(locals(&s), ["22:00", "23:00"]);
    }

    #[test]
    fn spring_forward_night() {
        // 29 March 2026: Paris jumps from 02:00 to 03:00.
        let h = OpeningHours::new()
            .with_day(Weekday::Sun, &[(t(1, 0), t(5, 0))])
            .unwrap();
        let terms = ServiceTerms::new(60, 1).unwrap();
        let s = slots(&h, &terms, d(2026, 3, 29), Paris, &[]);
        // Three real hours between 01:00 CET and 05:00 CEST.
        assert_eq!(locals(&s), ["01:00", "03:00", "04:00"]);
        assert_eq!(s[1].start_utc - s[0].start_utc, 3600);
        // Opening inside the gap: 02:30 is read as 03:30.
        let h = OpeningHours::new()
            .with_day(Weekday::Sun, &[(t(2, 30), t(5, 0))])
            .unwrap();
        let s = slots(&h, &terms, d(2026, 3, 29), Paris, &[]);
        assert_eq!(locals(&s), ["03:30"]);
        assert_eq!(s[0].start_utc, utc(2026, 3, 29, 1, 30));
    }

    #[test]
    fn fall_back_night() {
        // 25 October 2026: Paris goes back from 03:00 to 02:00.
        let h = OpeningHours::new()
            .with_day(Weekday::Sun, &[(t(1, 0), t(5, 0))])
            .unwrap();
        let terms = ServiceTerms::new(60, 1).unwrap();
        let s = slots(&h, &terms, d(2026, 10, 25), Paris, &[]);
        // Five real hours; 02:00 happens twice.
        assert_eq!(locals(&s), ["01:00", "02:00", "02:00", "03:00", "04:00"]);
        let starts: BTreeSet<i64> = s.iter().map(|s| s.start_utc).collect();
        assert_eq!(starts.len(), 5);
        // A day interval is unaffected.
        let s = slots(&studio(), &terms, d(2026, 10, 27), Paris, &[]);
        assert_eq!(s[0].start_utc, utc(2026, 10, 27, 8, 0));
    }

    #[test]
    fn upcoming_days_hide_the_past_closures_and_show_full_slots() {
        let terms = ServiceTerms::new(90, 2).unwrap();
        let mut h = studio();
        // Closed for the week of 10 March (a Tuesday inside the range).
        h.close_range(d(2026, 3, 9), d(2026, 3, 13));
        // Tuesday 3 March 2026 at 10:00 in Paris (09:00 UTC): the 09:00 slot has started.
        let now = utc(2026, 3, 3, 9, 0);
        let ten_thirty = utc(2026, 3, 3, 9, 30);
        // One booking of both places at 10:30, one place at 14:00 taken by a longer booking.
        let bookings = [
            (ten_thirty, ten_thirty + 5400, 2),
            (utc(2026, 3, 3, 12, 30), utc(2026, 3, 3, 13, 30), 1),
        ];
        let days = upcoming(&h, &terms, now, Paris, 15, &bookings);
        let dates: Vec<NaiveDate> = days.iter().map(|x| x.date).collect();
        // Fifteen days from Tuesday 3 March: Tuesdays only, the closed one left out.
        assert_eq!(dates, [d(2026, 3, 3), d(2026, 3, 17)]);
        assert_eq!(locals(&days[0].slots), ["10:30", "14:00", "15:30"]);
        assert_eq!(days[0].slots[0].remaining, 0, "full slot");
        assert_eq!(days[0].slots[1].remaining, 1);
        assert_eq!(days[0].slots[2].remaining, 2);
        assert_eq!(days[1].slots.len(), 4);
    }

    #[test]
    fn upcoming_over_the_spring_change() {
        // Sunday mornings 09:00–11:00; the week of 29 March 2026 crosses the change to CEST.
        let h = OpeningHours::new()
            .with_day(Weekday::Sun, &[(t(9, 0), t(11, 0))])
            .unwrap();
        let terms = ServiceTerms::new(60, 1).unwrap();
        let now = utc(2026, 3, 27, 12, 0);
        let days = upcoming(&h, &terms, now, Paris, 14, &[]);
        assert_eq!(days[0].date, d(2026, 3, 29));
        assert_eq!(locals(&days[0].slots), ["09:00", "10:00"]);
        // 09:00 is 07:00 UTC once summer time has begun, 08:00 the week before.
        assert_eq!(days[0].slots[0].start_utc, utc(2026, 3, 29, 7, 0));
        assert_eq!(days[1].date, d(2026, 4, 5));
    }

    #[test]
    fn a_day_that_does_not_exist() {
        // Samoa skipped 30 December 2011 entirely.
        let h = OpeningHours::new()
            .with_day(Weekday::Fri, &[(t(9, 0), t(11, 0))])
            .unwrap();
        let terms = ServiceTerms::new(60, 1).unwrap();
        let s = slots(&h, &terms, d(2011, 12, 30), Apia, &[]);
        // Read with the day before's offset, which lands on the 31st: no
        // panic, and the slots still last their hour.
        assert!(s.len() <= 2);
        for pair in s.windows(2) {
            assert_eq!(pair[1].start_utc - pair[0].start_utc, 3600);
        }
    }
}
