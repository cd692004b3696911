//! The kind-specific terms (rental, service, perishable, live animal) kept in
//! `products.details`, and product safety (GPSR) kept in `products.safety`: each domain refusal
//! is put beside the field it concerns.
//!
//! `details` keys (read by the storefront): rental `per_day_minor`, `per_week_minor` (or null),
//! `deposit_minor`, `min_days`, `max_days`; service `duration_minutes`, `capacity_per_slot`;
//! perishable `lead_days`, `dispatch_weekdays` (["mon", …]), `shelf_life_days`; live animal
//! `species`, `breed`, `age_months` or `birth_date` (YYYY-MM-DD), `identification_kind`,
//! `identification_number` (the SIREN comes from the shop's legal identity, not stored here).
//! A unique item's condition is the `condition` column. `safety` keys: `manufacturer_name`,
//! `manufacturer_address`, `manufacturer_email`, `warnings`.

use chrono::{NaiveDate, Weekday};
use domain::catalog::animal::{AnimalAge, AnimalMentions, Identification, IdentificationKind};
use domain::catalog::details::{Details, SafetyDetails, WEEKDAYS};
use domain::catalog::gpsr::SafetyInfo;
use domain::catalog::perishable::PerishableTerms;
use domain::catalog::rental::RentalTerms;
use domain::catalog::service::ServiceTerms;
use domain::catalog::Price;
use domain::money::Currency;
use domain::ValidationError;

use super::{num, FieldErrors, Message, ProductInput};

/// Which field a domain error of the kind terms belongs beside.
fn term_field(code: &str) -> &'static str {
    match code {
        "rental-day-price-invalid" => "rent_day",
        "rental-week-price-invalid" => "rent_week",
        "rental-deposit-negative" => "deposit",
        "rental-min-days-invalid" => "min_days",
        "rental-max-below-min" | "rental-max-too-long" => "max_days",
        "service-duration-invalid" => "duration",
        "service-capacity-invalid" => "capacity",
        "perishable-lead-too-long" => "lead_days",
        "perishable-no-dispatch-day" => "dispatch",
        "perishable-shelf-life-invalid" => "shelf_life",
        "animal-species-empty" => "species",
        "animal-breed-empty" | "animal-text-invalid" => "breed",
        "animal-birth-date-future" => "birth_date",
        "animal-age-invalid" => "age_months",
        "gpsr-name-missing" => "gpsr_name",
        "gpsr-address-missing" => "gpsr_address",
        "gpsr-text-invalid" => "gpsr_warnings",
        c if c.starts_with("gpsr-email") || c.starts_with("email") => "gpsr_email",
        _ => "id_number",
    }
}

fn term_err(e: &mut FieldErrors, err: ValidationError) {
    e.add(term_field(err.code), Message::Rule(err));
}

pub(super) fn rental_details(e: &mut FieldErrors, input: &ProductInput, cur: Currency) -> Details {
    let day = e.check("rent_day", Price::parse(&input.rent_day, cur));
    let week = if input.rent_week.trim().is_empty() {
        Some(None)
    } else {
        e.check("rent_week", Price::parse(&input.rent_week, cur))
            .map(Some)
    };
    let deposit = if input.deposit.trim().is_empty() {
        Some(0)
    } else {
        e.check("deposit", Price::parse(&input.deposit, cur))
    };
    let min = num::<u32>(e, "min_days", &input.min_days);
    let max = num::<u32>(e, "max_days", &input.max_days);
    match (day, week, deposit, min, max) {
        (Some(d), Some(w), Some(dep), Some(min), Some(max)) => {
            match RentalTerms::new(d, w, dep, min, max) {
                Ok(t) => Details {
                    per_day_minor: Some(t.per_day_minor()),
                    per_week_minor: t.per_week_minor(),
                    deposit_minor: Some(t.deposit_minor()),
                    min_days: Some(t.min_days()),
                    max_days: Some(t.max_days()),
                    ..Default::default()
                },
                Err(err) => {
                    term_err(e, err);
                    Details::default()
                }
            }
        }
        _ => Details::default(),
    }
}

pub(super) fn service_details(e: &mut FieldErrors, input: &ProductInput) -> Details {
    let d = num::<u32>(e, "duration", &input.duration);
    let cap = num::<u32>(e, "capacity", &input.capacity);
    match (d, cap) {
        (Some(d), Some(cap)) => match ServiceTerms::new(d, cap) {
            Ok(t) => Details {
                duration_minutes: Some(t.duration_minutes()),
                capacity_per_slot: Some(t.capacity_per_slot()),
                ..Default::default()
            },
            Err(err) => {
                term_err(e, err);
                Details::default()
            }
        },
        _ => Details::default(),
    }
}

pub(super) fn perishable_details(e: &mut FieldErrors, input: &ProductInput) -> Details {
    let lead = num::<u32>(e, "lead_days", &input.lead_days);
    let shelf = num::<u32>(e, "shelf_life", &input.shelf_life);
    let days: Vec<Weekday> = WEEKDAYS
        .iter()
        .filter(|(k, _)| input.weekdays.iter().any(|w| w == k))
        .map(|(_, d)| *d)
        .collect();
    match (lead, shelf) {
        (Some(lead), Some(shelf)) => match PerishableTerms::new(lead, &days, shelf) {
            Ok(t) => Details {
                lead_days: Some(t.lead_days()),
                dispatch_weekdays: WEEKDAYS
                    .iter()
                    .filter(|(_, d)| t.dispatch_weekdays().contains(d))
                    .map(|(k, _)| k.to_string())
                    .collect(),
                shelf_life_days: Some(t.shelf_life_days()),
                ..Default::default()
            },
            Err(err) => {
                term_err(e, err);
                Details::default()
            }
        },
        _ => Details::default(),
    }
}

pub(super) fn animal_details(
    e: &mut FieldErrors,
    input: &ProductInput,
    siret: Option<&str>,
    today: NaiveDate,
) -> Details {
    let age = match (input.birth_date.trim(), input.age_months.trim()) {
        ("", "") => {
            e.add("age_months", Message::text("cat-animal-age-required"));
            None
        }
        ("", m) => num::<u32>(e, "age_months", m).map(AnimalAge::Months),
        (d, _) => match NaiveDate::parse_from_str(d, "%Y-%m-%d") {
            Ok(d) => Some(AnimalAge::BirthDate(d)),
            Err(_) => {
                e.add("birth_date", Message::text("cat-date-invalid"));
                None
            }
        },
    };
    let kind = e.check("id_kind", IdentificationKind::parse(&input.id_kind));
    let ident = kind.and_then(|k| e.check("id_number", Identification::parse(k, &input.id_number)));
    let siren = siret.and_then(|s| domain::legal::Siret::parse(s).ok().map(|s| s.siren()));
    let (Some(age), Some(ident)) = (age, ident) else {
        return Details::default();
    };
    let mut v = Details {
        species: Some(input.species.trim().to_string()),
        breed: Some(input.breed.trim().to_string()),
        identification_kind: Some(ident.kind().as_str().to_string()),
        identification_number: Some(ident.number().to_string()),
        ..Default::default()
    };
    match age {
        AnimalAge::Months(m) => v.age_months = Some(m),
        AnimalAge::BirthDate(d) => v.birth_date = Some(d.format("%Y-%m-%d").to_string()),
    }
    match siren {
        // The full mentions (species, breed, age) are checked with the seller's SIREN.
        Some(siren) => {
            if let Err(err) =
                AnimalMentions::new(&input.species, &input.breed, age, ident, siren, today)
            {
                term_err(e, err);
            }
        }
        // Without a SIRET the product stays a draft; its texts are still checked.
        None => {
            if input.species.trim().is_empty() {
                term_err(e, ValidationError::new("animal-species-empty"));
            }
            if input.breed.trim().is_empty() {
                term_err(e, ValidationError::new("animal-breed-empty"));
            }
            if let AnimalAge::BirthDate(d) = age {
                if d > today {
                    term_err(e, ValidationError::new("animal-birth-date-future"));
                }
            }
        }
    }
    v
}

/// The optional customs data of a shipped product, beside its kind's terms.
pub(super) fn customs(e: &mut FieldErrors, input: &ProductInput, details: &mut Details) {
    let (hs, origin) =
        domain::catalog::customs::parse_optional(&input.hs_code, &input.origin_country);
    details.hs_code = e
        .check("hs_code", hs)
        .flatten()
        .map(|h| h.as_str().to_string());
    details.origin_country = e
        .check("origin_country", origin)
        .flatten()
        .map(|c| c.as_str().to_string());
}

pub(super) fn safety(e: &mut FieldErrors, input: &ProductInput) -> SafetyDetails {
    match SafetyInfo::parse(
        &input.gpsr_name,
        &input.gpsr_address,
        &input.gpsr_email,
        &input.gpsr_warnings,
    ) {
        Ok(Some(s)) => {
            let mut v = SafetyDetails::default();
            if let Some(m) = s.manufacturer() {
                v.manufacturer_name = m.name().to_string();
                v.manufacturer_address = m.address().to_string();
                v.manufacturer_email = m.email().as_str().to_string();
            }
            if let Some(w) = s.warnings() {
                v.warnings = w.to_string();
            }
            v
        }
        Ok(None) => SafetyDetails::default(),
        Err(err) => {
            term_err(e, err);
            SafetyDetails::default()
        }
    }
}
