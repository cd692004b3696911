//! Delivery dates: when an order can leave the shop (the products'
//! dispatch weekdays and lead times, the shop's cut-off), when it arrives
//! (the method's transit days, no Sunday or public-holiday arrival in the
//! destination country), and whether a date asked for a gift can be met.
//!
//! Times come in as Unix seconds plus the shop's time zone; the domain
//! never reads the clock.

use chrono::{Datelike, Days, NaiveDate, TimeZone, Weekday};
use chrono_tz::Tz;

use crate::catalog::details::Details;
use crate::catalog::perishable::{PerishableTerms, CUT_OFF, MAX_LEAD_DAYS};
use crate::catalog::product::ProductKind;
use crate::country::Destination;
use crate::error::ValidationError;

mod holidays;
#[cfg(test)]
mod tests;

pub use holidays::{easter_sunday, holiday_on, holidays, holidays_known, Holiday};

/// The longest transit a method may announce.
pub const MAX_TRANSIT_DAYS: u32 = 60;
/// How far ahead a delivery date may be asked.
pub const MAX_DAYS_AHEAD: u32 = 365;

/// A method's transit time, in delivery days after the day of dispatch (0:
/// the same day, for pickup and the seller's own rounds). Read back from
/// storage through [`Transit::new`], so a stored one is checked too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "TransitDoc")]
pub struct Transit {
    min_days: u32,
    max_days: u32,
    saturday_delivery: bool,
}

#[derive(serde::Deserialize)]
struct TransitDoc {
    min_days: u32,
    max_days: u32,
    #[serde(default)]
    saturday_delivery: bool,
}

impl TryFrom<TransitDoc> for Transit {
    type Error = ValidationError;
    fn try_from(d: TransitDoc) -> Result<Transit, ValidationError> {
        Transit::new(d.min_days, d.max_days, d.saturday_delivery)
    }
}

impl Transit {
    pub fn new(
        min_days: u32,
        max_days: u32,
        saturday_delivery: bool,
    ) -> Result<Transit, ValidationError> {
        if min_days > max_days || max_days > MAX_TRANSIT_DAYS {
            return Err(
                ValidationError::new("delivery-transit-invalid").with("max", MAX_TRANSIT_DAYS)
            );
        }
        Ok(Transit {
            min_days,
            max_days,
            saturday_delivery,
        })
    }

    pub fn min_days(&self) -> u32 {
        self.min_days
    }

    pub fn max_days(&self) -> u32 {
        self.max_days
    }

    /// The carrier delivers on Saturdays (Colissimo does; most express
    /// services only as an option).
    pub fn saturday_delivery(&self) -> bool {
        self.saturday_delivery
    }
}

/// When the products of one line may leave: after `lead_days` of
/// preparation, on one of `weekdays`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DispatchRule {
    lead_days: u32,
    weekdays: Vec<Weekday>,
}

impl DispatchRule {
    pub fn new(lead_days: u32, weekdays: &[Weekday]) -> Result<DispatchRule, ValidationError> {
        if lead_days > MAX_LEAD_DAYS {
            return Err(ValidationError::new("dispatch-lead-too-long").with("max", MAX_LEAD_DAYS));
        }
        if weekdays.is_empty() {
            return Err(ValidationError::new("dispatch-no-weekday"));
        }
        let mut weekdays = weekdays.to_vec();
        weekdays.sort_by_key(|d| d.num_days_from_monday());
        weekdays.dedup();
        Ok(DispatchRule {
            lead_days,
            weekdays,
        })
    }

    /// Ordinary goods: ready after `lead_days`, sent Monday to Friday.
    pub fn working_days(lead_days: u32) -> Result<DispatchRule, ValidationError> {
        use Weekday::*;
        DispatchRule::new(lead_days, &[Mon, Tue, Wed, Thu, Fri])
    }

    pub fn lead_days(&self) -> u32 {
        self.lead_days
    }

    pub fn weekdays(&self) -> &[Weekday] {
        &self.weekdays
    }
}

impl DispatchRule {
    /// The rule of a product of `kind` with the stored `details`: a perishable leaves on its
    /// dispatch weekdays after its lead time; other shipped goods on working days, after their
    /// lead time if they have one; downloads and services never leave (None).
    pub fn for_product(kind: ProductKind, details: &Details) -> Option<DispatchRule> {
        if !kind.is_shipped() {
            return None;
        }
        let lead = details.lead_days.unwrap_or(0).min(MAX_LEAD_DAYS);
        let days = details.dispatch_days();
        if kind == ProductKind::Perishable && !days.is_empty() {
            return DispatchRule::new(lead, &days).ok();
        }
        DispatchRule::working_days(lead).ok()
    }
}

impl From<&PerishableTerms> for DispatchRule {
    fn from(terms: &PerishableTerms) -> DispatchRule {
        DispatchRule {
            lead_days: terms.lead_days(),
            weekdays: terms.dispatch_weekdays().to_vec(),
        }
    }
}

/// Everything the dates depend on.
#[derive(Debug, Clone, Copy)]
pub struct DeliveryContext<'a> {
    /// Now, Unix seconds (UTC).
    pub now_utc: i64,
    pub shop_tz: Tz,
    /// Where parcels leave from: its public holidays have no collection.
    pub origin: &'a Destination,
    /// One rule per product of the parcel (they leave together).
    pub rules: &'a [DispatchRule],
    pub transit: Transit,
    pub destination: &'a Destination,
}

/// A parcel's dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DeliveryWindow {
    pub dispatch_on: NaiveDate,
    /// Arrival with the method's shortest transit…
    pub earliest: NaiveDate,
    /// …and with its longest: the date the shop can promise.
    pub latest: NaiveDate,
}

fn next_day(d: NaiveDate) -> NaiveDate {
    d.succ_opt().unwrap_or(d)
}

fn is_holiday(place: &Destination, date: NaiveDate) -> bool {
    holiday_on(place, date).is_some()
}

/// Whether a parcel may arrive on `date` at `destination`: never on a
/// Sunday or a public holiday there, on Saturdays only with carriers that
/// deliver then.
pub fn check_delivery_day(
    destination: &Destination,
    date: NaiveDate,
    transit: &Transit,
) -> Result<(), ValidationError> {
    if date.weekday() == Weekday::Sun {
        return Err(ValidationError::new("delivery-date-sunday"));
    }
    if is_holiday(destination, date) {
        return Err(ValidationError::new("delivery-date-holiday").with("date", date));
    }
    if date.weekday() == Weekday::Sat && !transit.saturday_delivery {
        return Err(ValidationError::new("delivery-date-no-saturday"));
    }
    Ok(())
}

impl DeliveryContext<'_> {
    /// The shop's date now, and the day the order counts from (the next
    /// one after the cut-off, as for perishables).
    fn today_and_start(&self) -> (NaiveDate, NaiveDate) {
        let local = self
            .shop_tz
            .timestamp_opt(self.now_utc, 0)
            .single()
            .map(|dt| dt.naive_local())
            .unwrap_or_default();
        let today = local.date();
        let start = if local.time() >= CUT_OFF {
            next_day(today)
        } else {
            today
        };
        (today, start)
    }

    /// The weekdays every product of the parcel may leave on.
    fn common_weekdays(&self) -> Result<Vec<Weekday>, ValidationError> {
        let fallback = [DispatchRule::working_days(0)?];
        let rules = if self.rules.is_empty() {
            &fallback[..]
        } else {
            self.rules
        };
        let days: Vec<Weekday> = rules[0]
            .weekdays
            .iter()
            .copied()
            .filter(|d| rules.iter().all(|r| r.weekdays.contains(d)))
            .collect();
        if days.is_empty() {
            return Err(ValidationError::new("delivery-no-common-dispatch-day"));
        }
        Ok(days)
    }

    fn is_dispatch_day(&self, weekdays: &[Weekday], d: NaiveDate) -> bool {
        weekdays.contains(&d.weekday()) && !is_holiday(self.origin, d)
    }

    /// The first day the parcel can leave: every product ready (its lead
    /// time counted from today, or tomorrow after the cut-off), on a
    /// dispatch weekday of all of them, not a public holiday where the
    /// shop is.
    pub fn earliest_dispatch(&self) -> Result<NaiveDate, ValidationError> {
        let weekdays = self.common_weekdays()?;
        let (_, start) = self.today_and_start();
        let lead = self.rules.iter().map(|r| r.lead_days).max().unwrap_or(0);
        let ready = start
            .checked_add_days(Days::new(u64::from(lead)))
            .unwrap_or(start);
        // A whole year always holds a usable weekday (holidays are few).
        ready
            .iter_days()
            .take(366)
            .find(|d| self.is_dispatch_day(&weekdays, *d))
            .ok_or_else(|| ValidationError::new("delivery-no-common-dispatch-day"))
    }

    /// The day a parcel sent on `dispatch` arrives after `days` delivery
    /// days (0: the same day if it is a delivery day, else the next one).
    fn arrival(&self, dispatch: NaiveDate, days: u32) -> NaiveDate {
        let deliverable =
            |d: NaiveDate| check_delivery_day(self.destination, d, &self.transit).is_ok();
        let mut d = dispatch;
        let mut left = days;
        if left == 0 {
            while !deliverable(d) {
                d = next_day(d);
            }
            return d;
        }
        while left > 0 {
            d = next_day(d);
            if deliverable(d) {
                left -= 1;
            }
        }
        d
    }

    /// Dispatch and arrival dates of a parcel sent on `dispatch`.
    pub fn window_from(&self, dispatch: NaiveDate) -> DeliveryWindow {
        DeliveryWindow {
            dispatch_on: dispatch,
            earliest: self.arrival(dispatch, self.transit.min_days),
            latest: self.arrival(dispatch, self.transit.max_days),
        }
    }

    /// The soonest the order can arrive, when sent as early as possible.
    pub fn earliest_delivery(&self) -> Result<DeliveryWindow, ValidationError> {
        Ok(self.window_from(self.earliest_dispatch()?))
    }

    /// The first date a buyer may ask for: the longest transit from the earliest dispatch,
    /// the date the shop can promise (a date picker's minimum).
    pub fn earliest_date(&self) -> Result<NaiveDate, ValidationError> {
        Ok(self.earliest_delivery()?.latest)
    }

    /// Whether the order can arrive on `requested` (a gift's date), and if
    /// so when to send it: on the last dispatch day whose longest transit
    /// still arrives by then, so that perishables leave as fresh as they
    /// can and gifts do not wait days at the recipient's. With a transit
    /// shorter than the longest, the parcel may arrive up to
    /// `window.earliest` before the date.
    pub fn plan_for(&self, requested: NaiveDate) -> Result<DeliveryWindow, ValidationError> {
        let (today, _) = self.today_and_start();
        if requested < today {
            return Err(ValidationError::new("delivery-date-past"));
        }
        let horizon = today
            .checked_add_days(Days::new(u64::from(MAX_DAYS_AHEAD)))
            .unwrap_or(today);
        if requested > horizon {
            return Err(
                ValidationError::new("delivery-date-too-far").with("max_days", MAX_DAYS_AHEAD)
            );
        }
        check_delivery_day(self.destination, requested, &self.transit)?;
        let first = self.earliest_dispatch()?;
        let too_early = || {
            ValidationError::new("delivery-date-too-early")
                .with("earliest", self.window_from(first).latest)
        };
        if requested < first {
            return Err(too_early());
        }
        let weekdays = self.common_weekdays()?;
        let mut best = None;
        for d in first.iter_days().take_while(|d| *d <= requested) {
            if !self.is_dispatch_day(&weekdays, d) {
                continue;
            }
            let window = self.window_from(d);
            if window.latest > requested {
                // Later dispatch days only arrive later.
                break;
            }
            best = Some(window);
        }
        best.ok_or_else(too_early)
    }
}

/// Message ids this module can produce, with their arguments (to be merged
/// into [`crate::error::CODES`] once the web layer has the texts). Dates
/// are given as `YYYY-MM-DD`, for the web layer to write in the reader's
/// language.
pub const CODES: &[(&str, &[&str])] = &[
    ("delivery-transit-invalid", &["max"]),
    ("dispatch-lead-too-long", &["max"]),
    ("dispatch-no-weekday", &[]),
    ("delivery-no-common-dispatch-day", &[]),
    ("delivery-date-past", &[]),
    ("delivery-date-too-far", &["max_days"]),
    ("delivery-date-sunday", &[]),
    ("delivery-date-holiday", &["date"]),
    ("delivery-date-no-saturday", &[]),
    ("delivery-date-too-early", &["earliest"]),
];
