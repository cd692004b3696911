//! The operator's rent: what a shop pays for its plan, by the month or the year, after an
//! optional free trial. Pure rules: the end of a period, what a plan change leaves to pay or
//! to credit (prorated to the second), the VAT of a B2B rent invoice (the operator is in
//! France: French VAT, reverse charge for a business of another EU member state that gives its
//! VAT number, none outside the EU), and the steps after a failed payment (reminders, then the
//! shop's suspension at the end of the grace period).

use chrono::{DateTime, Datelike, Months};

use crate::country::EU_MEMBERS;

keyword_enum! {
    /// How often a shop pays its rent.
    pub enum Interval: "rent-interval-unknown" {
        Month => "month",
        Year => "year",
    }
}

impl Interval {
    /// The end of a period that starts at `start` (seconds since the epoch, UTC): the same
    /// day of the next month or year, the month's last day when it has no such day (31 January
    /// → 28 or 29 February).
    pub fn end_of(self, start: i64) -> i64 {
        let Some(d) = DateTime::from_timestamp(start, 0) else {
            return start;
        };
        let months = match self {
            Interval::Month => 1,
            Interval::Year => 12,
        };
        d.checked_add_months(Months::new(months))
            .map(|e| e.timestamp())
            .unwrap_or(start + 31 * 86_400)
    }
}

keyword_enum! {
    /// Where a shop's rent stands.
    pub enum State: "rent-state-unknown" {
        /// In its free trial: nothing charged before the trial's end.
        Trialing => "trialing",
        /// Paid up to the end of its period (or on a free plan).
        Active => "active",
        /// A payment failed: reminders go out, the shop stays open for the grace period.
        PastDue => "past_due",
        /// Unpaid after the grace period: the shop is closed, nothing deleted, until paid.
        Suspended => "suspended",
    }
}

/// Days between a failed payment and the shop's suspension.
pub const GRACE_DAYS: i64 = 14;
/// Days after the first failure when the payment is tried again and a reminder goes out
/// (the first one the day it fails).
pub const REMINDER_DAYS: [i64; 4] = [0, 1, 3, 7];

/// What to do with a shop whose payment failed at `failed_at`, `reminders` reminders sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dunning {
    /// Try the payment again; if it fails, send reminder number `n` (1-based).
    Retry { n: i64 },
    /// The grace period is over: suspend the shop.
    Suspend,
    /// Nothing to do yet.
    Wait,
}

pub fn dunning(failed_at: i64, reminders: i64, now: i64) -> Dunning {
    let days = (now - failed_at).div_euclid(86_400);
    if days >= GRACE_DAYS {
        return Dunning::Suspend;
    }
    let due = REMINDER_DAYS.iter().filter(|d| **d <= days).count() as i64;
    if due > reminders {
        Dunning::Retry { n: due }
    } else {
        Dunning::Wait
    }
}

/// When a payment that failed at `failed_at`, `reminders` reminders sent, is next worked on: its
/// next retry, or the end of the grace period.
pub fn next_try_at(failed_at: i64, reminders: i64) -> i64 {
    usize::try_from(reminders)
        .ok()
        .and_then(|n| REMINDER_DAYS.get(n))
        .map(|d| failed_at + d * 86_400)
        .unwrap_or_else(|| suspension_at(failed_at))
}

/// The day (seconds since the epoch) the shop will be suspended if still unpaid.
pub fn suspension_at(failed_at: i64) -> i64 {
    failed_at + GRACE_DAYS * 86_400
}

/// What is left unused of `price_minor` paid for the period `start..end` at `now`, in
/// proportion to the seconds left (rounded down: the credit never exceeds what was paid).
pub fn unused(price_minor: i64, start: i64, end: i64, now: i64) -> i64 {
    let total = end - start;
    if total <= 0 || now >= end || price_minor <= 0 {
        return 0;
    }
    let left = (end - now.max(start)) as i128;
    (i128::from(price_minor) * left / total as i128) as i64
}

/// How VAT applies to a rent invoice, from the buyer's (the shop's) legal identity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RentVat {
    /// French VAT at the standard rate (French buyers, and EU buyers without a VAT number).
    French,
    /// A business of another EU member state, with its VAT number: it accounts for the VAT
    /// itself (art. 196 of Directive 2006/112/EC; CGI art. 283-2).
    ReverseCharge,
    /// A buyer outside the EU: the service is not taxable in France (CGI art. 259-1).
    OutOfScope,
}

/// French VAT's standard rate, in basis points.
pub const FRENCH_RATE_BP: i64 = 2000;
/// The mention a reverse-charged invoice carries.
pub const REVERSE_CHARGE_MENTION: &str =
    "Autoliquidation : TVA due par le preneur, art. 196 de la directive 2006/112/CE et art. 283-2 du CGI";
/// The mention of an invoice to a buyer outside the EU.
pub const OUT_OF_SCOPE_MENTION: &str = "TVA non applicable, art. 259-1 du CGI";

impl RentVat {
    /// `country`: the buyer's (ISO 3166-1 alpha-2; empty: France); `vat_number`: theirs. Monaco
    /// is in the French VAT territory; a VAT number counts only when it is of the buyer's
    /// country (Greece's start with EL).
    pub fn of(country: &str, vat_number: Option<&str>) -> RentVat {
        let c = country.trim().to_ascii_uppercase();
        if c.is_empty() || c == "FR" || c == "MC" {
            return RentVat::French;
        }
        if !EU_MEMBERS.contains(&c.as_str()) {
            return RentVat::OutOfScope;
        }
        let prefix = if c == "GR" { "EL" } else { c.as_str() };
        let own = vat_number
            .and_then(|v| crate::legal::VatNumber::parse(v).ok())
            .is_some_and(|v| v.prefix() == prefix);
        if own {
            RentVat::ReverseCharge
        } else {
            RentVat::French
        }
    }

    pub fn rate_bp(self) -> i64 {
        match self {
            RentVat::French => FRENCH_RATE_BP,
            RentVat::ReverseCharge | RentVat::OutOfScope => 0,
        }
    }

    /// The VAT on `net_minor`, rounded to the nearest cent (half up).
    pub fn vat_on(self, net_minor: i64) -> i64 {
        let r = self.rate_bp();
        (net_minor * r + 5_000).div_euclid(10_000)
    }

    pub fn mention(self) -> Option<&'static str> {
        match self {
            RentVat::French => None,
            RentVat::ReverseCharge => Some(REVERSE_CHARGE_MENTION),
            RentVat::OutOfScope => Some(OUT_OF_SCOPE_MENTION),
        }
    }
}

/// The first day of the month of `at` (UTC), for monthly revenue.
pub fn month_of(at: i64) -> String {
    DateTime::from_timestamp(at, 0)
        .map(|d| format!("{:04}-{:02}", d.year(), d.month()))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(s: &str) -> i64 {
        DateTime::parse_from_rfc3339(s).unwrap().timestamp()
    }

    #[test]
    fn a_period_ends_the_same_day_of_the_next_month_or_year() {
        assert_eq!(
            Interval::Month.end_of(ts("2026-01-15T10:00:00Z")),
            ts("2026-02-15T10:00:00Z")
        );
        // No 31 February: the month's last day.
        assert_eq!(
            Interval::Month.end_of(ts("2026-01-31T00:00:00Z")),
            ts("2026-02-28T00:00:00Z")
        );
        assert_eq!(
            Interval::Year.end_of(ts("2028-02-29T00:00:00Z")),
            ts("2029-02-28T00:00:00Z")
        );
    }

    #[test]
    fn the_unused_part_is_prorated_and_never_more_than_paid() {
        let (s, e) = (0, 30 * 86_400);
        assert_eq!(unused(3000, s, e, 0), 3000);
        assert_eq!(unused(3000, s, e, 15 * 86_400), 1500);
        assert_eq!(unused(3000, s, e, 10 * 86_400), 2000);
        assert_eq!(unused(1000, s, e, 1), 999);
        assert_eq!(unused(3000, s, e, e), 0);
        assert_eq!(unused(3000, s, e, e + 5), 0);
        assert_eq!(unused(0, s, e, 5), 0);
    }

    #[test]
    fn vat_follows_the_buyer() {
        assert_eq!(RentVat::of("FR", Some("FR40303265045")), RentVat::French);
        assert_eq!(RentVat::of("", None), RentVat::French);
        assert_eq!(
            RentVat::of("be", Some("BE0477472701")),
            RentVat::ReverseCharge
        );
        // A consumer (or a business that gave no number) in another member state: French VAT.
        assert_eq!(RentVat::of("DE", None), RentVat::French);
        assert_eq!(RentVat::of("DE", Some(" ")), RentVat::French);
        assert_eq!(RentVat::of("CH", None), RentVat::OutOfScope);
        assert_eq!(RentVat::of("MC", None), RentVat::French);
        // A number of another country, or one that is no VAT number, is not the buyer's.
        assert_eq!(RentVat::of("BE", Some("DE136695976")), RentVat::French);
        assert_eq!(RentVat::of("BE", Some("BE")), RentVat::French);
        assert_eq!(
            RentVat::of("GR", Some("EL094014201")),
            RentVat::ReverseCharge
        );
        assert_eq!(RentVat::French.vat_on(1990), 398);
        assert_eq!(RentVat::French.vat_on(2500), 500);
        assert_eq!(RentVat::ReverseCharge.vat_on(2500), 0);
        assert!(RentVat::ReverseCharge
            .mention()
            .unwrap()
            .contains("Autoliquidation"));
    }

    #[test]
    fn dunning_reminds_retries_then_suspends() {
        let f = 1_000_000;
        let day = 86_400;
        assert_eq!(dunning(f, 0, f), Dunning::Retry { n: 1 });
        assert_eq!(dunning(f, 1, f + 3600), Dunning::Wait);
        assert_eq!(dunning(f, 1, f + day), Dunning::Retry { n: 2 });
        assert_eq!(dunning(f, 2, f + 2 * day), Dunning::Wait);
        assert_eq!(dunning(f, 2, f + 3 * day), Dunning::Retry { n: 3 });
        assert_eq!(dunning(f, 3, f + 7 * day), Dunning::Retry { n: 4 });
        // A job that did not run for days sends one reminder, not each one it missed.
        assert_eq!(dunning(f, 1, f + 8 * day), Dunning::Retry { n: 4 });
        assert_eq!(dunning(f, 4, f + 13 * day), Dunning::Wait);
        assert_eq!(dunning(f, 4, f + 14 * day), Dunning::Suspend);
        assert_eq!(suspension_at(f), f + 14 * day);
        assert_eq!(next_try_at(f, 0), f);
        assert_eq!(next_try_at(f, 1), f + day);
        assert_eq!(next_try_at(f, 3), f + 7 * day);
        assert_eq!(next_try_at(f, 4), f + 14 * day);
    }
}
