//! THE stored shape of a product's kind-specific terms (`products.details`) and product-safety
//! information (`products.safety`), as JSON. The admin writes these structs and the storefront
//! reads them; both go through the checked domain types (`RentalTerms::new`, …) before use.
//! Unknown or missing fields read as defaults so older rows keep loading.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Details {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rental: Option<RentalDetails>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service: Option<ServiceDetails>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub perishable: Option<PerishableDetails>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub animal: Option<AnimalDetails>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub digital: Option<DigitalDetails>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RentalDetails {
    pub per_day_minor: i64,
    pub per_week_minor: Option<i64>,
    pub deposit_minor: i64,
    pub min_days: u32,
    pub max_days: u32,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ServiceDetails {
    pub duration_minutes: u32,
    pub capacity_per_slot: u32,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PerishableDetails {
    pub lead_days: u32,
    /// ISO weekday numbers: 1 = Monday … 7 = Sunday.
    pub dispatch_weekdays: Vec<u8>,
    pub shelf_life_days: u32,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AnimalDetails {
    pub species: String,
    pub breed: String,
    /// `YYYY-MM-DD`, when known; otherwise `age_months`.
    pub birth_date: Option<String>,
    pub age_months: Option<u32>,
    /// "transponder", "tattoo" or "ring".
    pub identification_kind: String,
    pub identification_number: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DigitalDetails {
    /// Key of the private file in storage, once uploaded.
    pub file_key: Option<String>,
    pub file_name: Option<String>,
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
    fn round_trip_and_leniency() {
        let d = Details {
            rental: Some(RentalDetails {
                per_day_minor: 1500,
                per_week_minor: Some(7000),
                deposit_minor: 20000,
                min_days: 1,
                max_days: 30,
            }),
            perishable: Some(PerishableDetails {
                lead_days: 2,
                dispatch_weekdays: vec![1, 2, 3],
                shelf_life_days: 21,
            }),
            ..Default::default()
        };
        assert_eq!(Details::from_json(&d.to_json()), d);
        assert_eq!(Details::from_json("{}"), Details::default());
        assert_eq!(Details::from_json("not json"), Details::default());
        assert_eq!(
            Details::from_json(r#"{"rental":{"per_day_minor":5},"future":1}"#)
                .rental
                .unwrap()
                .per_day_minor,
            5
        );
        assert!(SafetyDetails::from_json("{}").is_empty());
    }
}
