//! THE stored shape of a product's kind-specific terms and customs data (`products.details`) and product-safety
//! information (`products.safety`), as JSON: the keys the admin editor writes and the storefront
//! reads; both go through the checked domain types (`RentalTerms::new`, …) before use.
//! Unknown or missing fields read as defaults so older rows keep loading.

use chrono::Weekday;
use serde::{Deserialize, Serialize};

/// One flat object: each kind uses its own keys (they never clash), the others are absent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Details {
    // rental
    #[serde(skip_serializing_if = "Option::is_none")]
    pub per_day_minor: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub per_week_minor: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deposit_minor: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_days: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_days: Option<u32>,
    // service
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration_minutes: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub capacity_per_slot: Option<u32>,
    // perishable
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lead_days: Option<u32>,
    /// "mon" … "sun" (ISO numbers, 1 = Monday and 0 or 7 = Sunday, read as those names).
    #[serde(
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "weekday_names"
    )]
    pub dispatch_weekdays: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shelf_life_days: Option<u32>,
    // live animal (the seller's SIREN comes from the shop's legal identity)
    #[serde(skip_serializing_if = "Option::is_none")]
    pub species: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub breed: Option<String>,
    /// `YYYY-MM-DD`, when known; otherwise `age_months`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub birth_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub age_months: Option<u32>,
    /// "transponder", "tattoo" or "ring".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub identification_kind: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub identification_number: Option<String>,
    // customs, for any shipped kind (parcels leaving the EU): digits of the HS code, ISO country
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hs_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub origin_country: Option<String>,
}

/// How a dispatch day is stored, Monday first.
pub const WEEKDAYS: [(&str, Weekday); 7] = [
    ("mon", Weekday::Mon),
    ("tue", Weekday::Tue),
    ("wed", Weekday::Wed),
    ("thu", Weekday::Thu),
    ("fri", Weekday::Fri),
    ("sat", Weekday::Sat),
    ("sun", Weekday::Sun),
];

/// Dispatch days as names, whether stored as names or as ISO day numbers.
fn weekday_names<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Day {
        Name(String),
        Number(u64),
    }
    let days = Vec::<Day>::deserialize(d)?;
    Ok(days
        .into_iter()
        .filter_map(|day| match day {
            Day::Name(n) => Some(n.trim().to_lowercase()),
            Day::Number(0) => Some("sun".to_string()),
            Day::Number(n @ 1..=7) => Some(WEEKDAYS[n as usize - 1].0.to_string()),
            Day::Number(_) => None,
        })
        .collect())
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SafetyDetails {
    pub manufacturer_name: String,
    pub manufacturer_address: String,
    pub manufacturer_email: String,
    pub warnings: String,
}

impl Details {
    /// The dispatch days, Monday first, each once; names that are no day ("monday" reads as
    /// Monday) are left out.
    pub fn dispatch_days(&self) -> Vec<Weekday> {
        WEEKDAYS
            .iter()
            .filter(|(key, _)| self.dispatch_weekdays.iter().any(|d| d.starts_with(key)))
            .map(|(_, day)| *day)
            .collect()
    }

    /// Lenient read: a row that cannot be read gives empty details rather than a failed page.
    pub fn from_json(json: &str) -> Details {
        serde_json::from_str(json).unwrap_or_default()
    }
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "{}".into())
    }
}

impl SafetyDetails {
    pub fn from_json(json: &str) -> SafetyDetails {
        serde_json::from_str(json).unwrap_or_default()
    }
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "{}".into())
    }
    pub fn is_empty(&self) -> bool {
        self == &SafetyDetails::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dispatch_days_read_as_names_or_iso_numbers() {
        let d = Details::from_json(r#"{"dispatch_weekdays":[1,5,0,"Sat",9]}"#);
        assert_eq!(d.dispatch_weekdays, ["mon", "fri", "sun", "sat"]);
        assert_eq!(
            d.dispatch_days(),
            [Weekday::Mon, Weekday::Fri, Weekday::Sat, Weekday::Sun]
        );
        assert_eq!(
            Details::from_json(&d.to_json()).dispatch_weekdays,
            d.dispatch_weekdays
        );
    }

    #[test]
    fn round_trip_and_leniency() {
        let d = Details {
            per_day_minor: Some(1500),
            per_week_minor: Some(7000),
            deposit_minor: Some(20000),
            min_days: Some(1),
            max_days: Some(30),
            ..Default::default()
        };
        assert_eq!(Details::from_json(&d.to_json()), d);
        assert_eq!(
            d.to_json(),
            r#"{"per_day_minor":1500,"per_week_minor":7000,"deposit_minor":20000,"min_days":1,"max_days":30}"#
        );
        assert_eq!(Details::from_json("{}"), Details::default());
        assert_eq!(Details::from_json("not json"), Details::default());
        assert_eq!(
            Details::from_json(r#"{"lead_days":2,"dispatch_weekdays":["mon"],"future":1}"#)
                .lead_days,
            Some(2)
        );
        assert!(SafetyDetails::from_json("{}").is_empty());
    }
}
