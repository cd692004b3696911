//! Interface languages, browser language negotiation and shop time zones.

use std::str::FromStr;

use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::error::ValidationError;
use crate::text::str_value;

/// A language the platform is translated into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Fr,
    En,
}

impl Lang {
    /// Accepts a bare code or a full tag ("fr", "FR", "fr-FR", "en_GB"): a
    /// regional variant gets the same translation as its language.
    pub fn parse(input: &str) -> Result<Lang, ValidationError> {
        let raw = input.trim();
        Lang::from_primary(primary_subtag(raw))
            .ok_or_else(|| ValidationError::new("lang-unknown").with("value", raw))
    }

    fn from_primary(primary: &str) -> Option<Lang> {
        Lang::all()
            .iter()
            .copied()
            .find(|l| l.as_str().eq_ignore_ascii_case(primary))
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }

    pub fn all() -> &'static [Lang] {
        &[Lang::Fr, Lang::En]
    }

    /// The language's name in itself, for a language switcher that every
    /// visitor can read whatever the current language.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::Fr => "Français",
            Lang::En => "English",
        }
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Lang {
    type Err = ValidationError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Lang::parse(s)
    }
}

fn primary_subtag(tag: &str) -> &str {
    tag.split(['-', '_']).next().unwrap_or("")
}

/// One entry of an Accept-Language header, q in thousandths so that
/// ordering is exact.
struct LanguageRange<'a> {
    tag: &'a str,
    q: u16,
}

fn parse_range(item: &str) -> Option<LanguageRange<'_>> {
    let mut parts = item.split(';');
    let tag = parts.next()?.trim();
    if tag.is_empty() {
        return None;
    }
    let mut q = 1000;
    for param in parts {
        let (name, value) = param.split_once('=')?;
        if name.trim().eq_ignore_ascii_case("q") {
            let value: f64 = value.trim().parse().ok()?;
            if !(0.0..=1.0).contains(&value) {
                return None;
            }
            // In 0..=1000 after the range check above.
            q = (value * 1000.0).round() as u16;
        }
    }
    Some(LanguageRange { tag, q })
}

/// Picks the language to answer in from an `Accept-Language` header, or
/// `None` when the visitor accepts none of `offered` (the caller then falls
/// back to the shop's default).
///
/// Follows the header's preferences (q-values, then order), compares only
/// the primary subtag ("fr-CA" gets French), honours `*`, and treats `q=0`
/// on a bare language ("en;q=0") as "never this one".
pub fn negotiate(accept_language: &str, offered: &[Lang]) -> Option<Lang> {
    let mut ranges: Vec<LanguageRange<'_>> =
        accept_language.split(',').filter_map(parse_range).collect();
    let refused = |lang: Lang| {
        ranges
            .iter()
            .any(|r| r.q == 0 && r.tag.eq_ignore_ascii_case(lang.as_str()))
    };
    let mentioned = |lang: Lang| {
        ranges
            .iter()
            .any(|r| Lang::from_primary(primary_subtag(r.tag)) == Some(lang))
    };
    let acceptable: Vec<Lang> = offered.iter().copied().filter(|&l| !refused(l)).collect();
    let wildcard_pick = acceptable.iter().copied().find(|&l| !mentioned(l));

    // Stable sort: equal q-values keep the visitor's order.
    ranges.sort_by_key(|r| std::cmp::Reverse(r.q));
    for range in ranges.iter().filter(|r| r.q > 0) {
        if range.tag == "*" {
            if wildcard_pick.is_some() {
                return wildcard_pick;
            }
            continue;
        }
        if let Some(lang) = Lang::from_primary(primary_subtag(range.tag)) {
            if acceptable.contains(&lang) {
                return Some(lang);
            }
        }
    }
    None
}

/// Time zones offered first in the shop settings: France and its overseas
/// territories, then the neighbours and places French-speaking sellers
/// commonly ship from. Any other IANA zone is still accepted by
/// [`TimeZone::parse`].
const COMMON_TIME_ZONES: &[&str] = &[
    "Europe/Paris",
    "America/Guadeloupe",
    "America/Martinique",
    "America/Cayenne",
    "Indian/Reunion",
    "Indian/Mayotte",
    "America/Miquelon",
    "Pacific/Noumea",
    "Pacific/Tahiti",
    "Pacific/Wallis",
    "Europe/Brussels",
    "Europe/Luxembourg",
    "Europe/Zurich",
    "Europe/Monaco",
    "Europe/London",
    "Europe/Dublin",
    "Europe/Lisbon",
    "Europe/Madrid",
    "Europe/Rome",
    "Europe/Berlin",
    "Europe/Amsterdam",
    "Europe/Vienna",
    "Europe/Stockholm",
    "Europe/Warsaw",
    "Europe/Athens",
    "Europe/Helsinki",
    "Europe/Bucharest",
    "Africa/Casablanca",
    "Africa/Algiers",
    "Africa/Tunis",
    "Africa/Dakar",
    "Africa/Abidjan",
    "America/Toronto",
    "America/New_York",
    "America/Chicago",
    "America/Los_Angeles",
    "America/Sao_Paulo",
    "Asia/Dubai",
    "Asia/Singapore",
    "Asia/Tokyo",
    "Australia/Sydney",
    "UTC",
];

/// A shop's IANA time zone, which decides the dates printed on orders and
/// invoices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TimeZone(Tz);

impl TimeZone {
    pub fn parse(input: &str) -> Result<TimeZone, ValidationError> {
        let raw = input.trim();
        let exact = raw.parse::<Tz>().ok();
        // Hand-typed or imported values are often miscased ("europe/paris").
        let found = exact.or_else(|| {
            chrono_tz::TZ_VARIANTS
                .iter()
                .copied()
                .find(|tz| tz.name().eq_ignore_ascii_case(raw))
        });
        found
            .map(TimeZone)
            .ok_or_else(|| ValidationError::new("timezone-unknown").with("value", raw))
    }

    /// The IANA name, e.g. "Europe/Paris".
    pub fn as_str(&self) -> &'static str {
        self.0.name()
    }

    /// The zone itself, for date arithmetic with `chrono`.
    pub fn tz(&self) -> Tz {
        self.0
    }

    /// About forty zones for a select box, Europe/Paris first.
    pub fn common() -> &'static [&'static str] {
        COMMON_TIME_ZONES
    }
}

str_value!(TimeZone);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::assert_code;
    use std::collections::HashSet;
    use Lang::{En, Fr};

    #[test]
    fn lang_parse_accepts_tags() {
        for (input, lang) in [
            ("fr", Fr),
            ("FR", Fr),
            ("fr-FR", Fr),
            ("fr-ca", Fr),
            (" fr_BE ", Fr),
            ("en", En),
            ("en-GB", En),
            ("EN-us", En),
        ] {
            assert_eq!(Lang::parse(input).unwrap(), lang, "{input}");
        }
        for bad in ["", "de", "fra", "french", "-fr", "*"] {
            assert_code(Lang::parse(bad), "lang-unknown");
        }
    }

    #[test]
    fn lang_basics() {
        assert_eq!(Lang::all(), &[Fr, En]);
        for &l in Lang::all() {
            assert_eq!(Lang::parse(l.as_str()).unwrap(), l);
            assert_eq!(l.to_string(), l.as_str());
        }
        assert_eq!(Fr.native_name(), "Français");
        assert_eq!(En.native_name(), "English");
        assert!(Fr < En);
    }

    #[test]
    fn lang_serde_uses_codes() {
        assert_eq!(serde_json::to_string(&Fr).unwrap(), r#""fr""#);
        assert_eq!(serde_json::to_string(&En).unwrap(), r#""en""#);
        assert_eq!(serde_json::from_str::<Lang>(r#""en""#).unwrap(), En);
        assert!(serde_json::from_str::<Lang>(r#""de""#).is_err());
    }

    #[test]
    fn negotiate_follows_q_values_then_order() {
        let both = &[Fr, En];
        assert_eq!(
            negotiate("fr-FR,fr;q=0.9,en-US;q=0.8,en;q=0.7", both),
            Some(Fr)
        );
        assert_eq!(negotiate("en-GB,en;q=0.9,fr;q=0.8", both), Some(En));
        assert_eq!(negotiate("fr;q=0.5, en;q=0.8", both), Some(En));
        assert_eq!(negotiate("en, fr", both), Some(En));
        assert_eq!(negotiate("fr, en", both), Some(Fr));
        assert_eq!(negotiate("de-DE, de;q=0.9, en;q=0.5", both), Some(En));
        assert_eq!(negotiate("FR-ca", both), Some(Fr));
        assert_eq!(negotiate("fr;Q=0.2, en;q=0.1", both), Some(Fr));
    }

    #[test]
    fn negotiate_respects_offer() {
        assert_eq!(negotiate("fr, en;q=0.5", &[En]), Some(En));
        assert_eq!(negotiate("fr", &[En]), None);
        assert_eq!(negotiate("fr", &[]), None);
    }

    #[test]
    fn negotiate_q_zero_excludes() {
        let both = &[Fr, En];
        assert_eq!(negotiate("fr;q=0, en;q=0.1", both), Some(En));
        assert_eq!(negotiate("fr;q=0", both), None);
        assert_eq!(negotiate("*, fr;q=0", both), Some(En));
        assert_eq!(negotiate("en;q=0, *;q=0.5", both), Some(Fr));
        // q=0 on a regional tag refuses only that region.
        assert_eq!(negotiate("fr-CA;q=0, fr;q=0.5", both), Some(Fr));
    }

    #[test]
    fn negotiate_wildcard_prefers_unlisted_languages() {
        let both = &[Fr, En];
        assert_eq!(negotiate("*", both), Some(Fr));
        assert_eq!(negotiate("de, *;q=0.5", &[En, Fr]), Some(En));
        // "*" outranks the low-rated French, so English wins.
        assert_eq!(negotiate("*;q=0.9, fr;q=0.1", both), Some(En));
        // Everything offered is listed: "*" adds nothing, French still comes.
        assert_eq!(negotiate("*, fr;q=0.1, en;q=0.05", both), Some(Fr));
    }

    #[test]
    fn negotiate_tolerates_garbage() {
        let both = &[Fr, En];
        assert_eq!(negotiate("", both), None);
        assert_eq!(negotiate(" , ;q=1, ", both), None);
        assert_eq!(negotiate("fr;q=abc, en;q=0.3", both), Some(En));
        assert_eq!(negotiate("fr;q=2, en;q=0.3", both), Some(En));
        assert_eq!(negotiate("fr;q=-1, en;q=0.3", both), Some(En));
        assert_eq!(negotiate("fr;level=1;q=0.4, en;q=0.3", both), Some(Fr));
        assert_eq!(negotiate("fr;broken, en;q=0.3", both), Some(En));
    }

    #[test]
    fn time_zone_parsing() {
        let paris = TimeZone::parse("Europe/Paris").unwrap();
        assert_eq!(paris.as_str(), "Europe/Paris");
        assert_eq!(paris.tz(), chrono_tz::Europe::Paris);
        assert_eq!(TimeZone::parse(" europe/paris ").unwrap(), paris);
        assert_eq!(paris.to_string(), "Europe/Paris");
        for bad in ["", "Paris", "Europe/Lyon", "CET+1"] {
            let e = assert_code(TimeZone::parse(bad), "timezone-unknown");
            assert_eq!(e.arg("value"), Some(bad));
        }
    }

    #[test]
    fn time_zone_serde() {
        let tz: TimeZone = serde_json::from_str(r#""America/Martinique""#).unwrap();
        assert_eq!(
            serde_json::to_string(&tz).unwrap(),
            r#""America/Martinique""#
        );
        assert!(serde_json::from_str::<TimeZone>(r#""Mars/Olympus""#).is_err());
    }

    #[test]
    fn common_time_zones_are_valid_and_unique() {
        let common = TimeZone::common();
        assert_eq!(common[0], "Europe/Paris");
        assert!((35..=45).contains(&common.len()), "{}", common.len());
        let mut seen = HashSet::new();
        for name in common {
            assert!(seen.insert(name), "duplicate {name}");
            // Canonical spelling, so the select box shows what gets stored.
            assert_eq!(TimeZone::parse(name).unwrap().as_str(), *name);
        }
    }
}
