//! Live animals (a parrot breeder's birds, a cattery's kittens): the mentions
//! French law requires in any offer to sell a pet, the awareness message
//! shown with it, and the shipping methods an animal may travel by.
//!
//! Sources: Code rural et de la pêche maritime, art. L214-8 (an offer of a
//! pet states the seller's SIREN, the animals' age, their identification
//! number, whether they belong to a breed), R214-32-1 (the wording
//! « n’appartient pas à une race »), L214-8 as amended by the law of
//! 30 November 2021 against animal mistreatment (online offers come with a
//! message raising awareness of what owning an animal commits to), L212-10
//! (identification before any transfer).

use chrono::{Datelike, NaiveDate};

use crate::error::ValidationError;
use crate::legal::Siren;
use crate::text::{char_count, has_control};

/// Message id (rendered as `err-animal-awareness`, like every domain
/// message) of the awareness note shown with every animal for sale.
pub const AWARENESS_MSG: &str = "animal-awareness";

/// Wording the law reserves for animals not registered in a recognised
/// studbook (R214-32-1), suggested in the breed field.
pub const NO_BREED_FR: &str = "n’appartient pas à une race";

const TEXT_MAX: usize = 120;
/// 100 years: large parrots and tortoises outlive their first owners.
const AGE_MONTHS_MAX: u32 = 1200;

keyword_enum! {
    /// How an order reaches the buyer, as far as animal welfare is concerned.
    pub enum ShippingKind: "shipping-kind-unknown" {
        /// A parcel carrier's network (sorted by machines, days in transit).
        Parcel => "parcel",
        /// The postal service; live vertebrates are excluded from the post
        /// (Universal Postal Convention, art. 19).
        Postal => "postal",
        /// A specialised courier travelling with the animal.
        Courier => "courier",
        /// The buyer collects in person.
        Pickup => "pickup",
        /// The seller or a specialised carrier delivers in person.
        Delivery => "delivery",
    }
}

/// Whether an animal may be sent by `method`: only in person (collection,
/// the seller's or a specialised carrier's delivery, a specialised
/// courier), never in a parcel or by post, where it would travel as goods
/// (Regulation (EC) No 1/2005 on the protection of animals during
/// transport).
pub fn allowed_shipping(method: ShippingKind) -> bool {
    matches!(
        method,
        ShippingKind::Pickup | ShippingKind::Delivery | ShippingKind::Courier
    )
}

keyword_enum! {
    /// The identification an animal carries (L212-10 for dogs, cats and
    /// ferrets, registered in the I-CAD file; closed rings or transponders
    /// for birds).
    pub enum IdentificationKind: "animal-identification-kind-unknown" {
        /// An ISO 11784 microchip: 15 digits (250… in France).
        Transponder => "transponder",
        /// An I-CAD tattoo, letters and digits.
        Tattoo => "tattoo",
        /// A bird's closed ring, as engraved.
        Ring => "ring",
    }
}

/// An identification number, normalised to uppercase without spaces.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Identification {
    kind: IdentificationKind,
    number: String,
}

impl Identification {
    pub fn parse(
        kind: IdentificationKind,
        number: &str,
    ) -> Result<Identification, ValidationError> {
        let compact: String = number
            .chars()
            .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
            .flat_map(char::to_uppercase)
            .collect();
        let ok = match kind {
            IdentificationKind::Transponder => {
                compact.len() == 15 && compact.bytes().all(|b| b.is_ascii_digit())
            }
            IdentificationKind::Tattoo => {
                let compact = compact.replace('-', "");
                (5..=8).contains(&compact.len())
                    && compact.bytes().all(|b| b.is_ascii_alphanumeric())
                    && compact.bytes().any(|b| b.is_ascii_digit())
                    && compact.bytes().any(|b| b.is_ascii_uppercase())
            }
            IdentificationKind::Ring => {
                (2..=30).contains(&compact.len())
                    && compact
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'/' | b'-'))
                    && compact.bytes().any(|b| b.is_ascii_digit())
            }
        };
        if !ok {
            let code = match kind {
                IdentificationKind::Transponder => "animal-transponder-invalid",
                IdentificationKind::Tattoo => "animal-tattoo-invalid",
                IdentificationKind::Ring => "animal-ring-invalid",
            };
            return Err(ValidationError::new(code));
        }
        let number = if kind == IdentificationKind::Tattoo {
            compact.replace('-', "")
        } else {
            compact
        };
        Ok(Identification { kind, number })
    }

    pub fn kind(&self) -> IdentificationKind {
        self.kind
    }

    pub fn number(&self) -> &str {
        &self.number
    }
}

/// The animal's age as the seller knows it: a birth date when there is one
/// (the page then shows an age that stays true), otherwise months.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AnimalAge {
    BirthDate(NaiveDate),
    Months(u32),
}

impl AnimalAge {
    /// Age in whole months on `today`, for display.
    pub fn months_on(self, today: NaiveDate) -> u32 {
        match self {
            AnimalAge::Months(m) => m,
            AnimalAge::BirthDate(born) => {
                let mut months =
                    (today.year() - born.year()) * 12 + today.month() as i32 - born.month() as i32;
                if today.day() < born.day() {
                    months -= 1;
                }
                months.max(0) as u32
            }
        }
    }
}

/// The mentions an offer to sell an animal must carry.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AnimalMentions {
    species: String,
    breed: String,
    age: AnimalAge,
    identification: Identification,
    seller_siren: Siren,
}

impl AnimalMentions {
    /// `breed` is required: a breed, or for an animal outside any
    /// recognised studbook « n’appartient pas à une race » / « croisé »
    /// (the seller must say which). `today` is the shop's date, to refuse a
    /// birth date in the future.
    pub fn new(
        species: &str,
        breed: &str,
        age: AnimalAge,
        identification: Identification,
        seller_siren: Siren,
        today: NaiveDate,
    ) -> Result<AnimalMentions, ValidationError> {
        let species = required_text(species, "animal-species-empty")?;
        let breed = required_text(breed, "animal-breed-empty")?;
        match age {
            AnimalAge::BirthDate(born) if born > today => {
                return Err(ValidationError::new("animal-birth-date-future"));
            }
            AnimalAge::Months(m) if m > AGE_MONTHS_MAX => {
                return Err(ValidationError::new("animal-age-invalid").with("max", AGE_MONTHS_MAX));
            }
            _ => {}
        }
        Ok(AnimalMentions {
            species,
            breed,
            age,
            identification,
            seller_siren,
        })
    }

    pub fn species(&self) -> &str {
        &self.species
    }

    pub fn breed(&self) -> &str {
        &self.breed
    }

    pub fn age(&self) -> AnimalAge {
        self.age
    }

    pub fn identification(&self) -> &Identification {
        &self.identification
    }

    pub fn seller_siren(&self) -> &Siren {
        &self.seller_siren
    }

    /// The awareness message to show next to these mentions.
    pub fn awareness_message_id(&self) -> &'static str {
        AWARENESS_MSG
    }
}

fn required_text(input: &str, empty_code: &'static str) -> Result<String, ValidationError> {
    let text = input.trim();
    if text.is_empty() {
        return Err(ValidationError::new(empty_code));
    }
    if char_count(text) > TEXT_MAX || has_control(text) {
        return Err(ValidationError::new("animal-text-invalid").with("max", TEXT_MAX));
    }
    Ok(text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::assert_code;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn siren() -> Siren {
        Siren::parse("732 829 320").unwrap()
    }

    fn chip() -> Identification {
        Identification::parse(IdentificationKind::Transponder, "250 26 9812345678").unwrap()
    }

    #[test]
    fn shipping_methods() {
        use ShippingKind::*;
        let allowed: Vec<&str> = ShippingKind::all()
            .iter()
            .filter(|&&m| allowed_shipping(m))
            .map(|m| m.as_str())
            .collect();
        assert_eq!(allowed, ["courier", "pickup", "delivery"]);
        assert!(!allowed_shipping(Parcel));
        assert!(!allowed_shipping(Postal));
        assert_eq!(ShippingKind::parse("Pickup").unwrap(), Pickup);
        assert_code(ShippingKind::parse("drone"), "shipping-kind-unknown");
    }

    #[test]
    fn identification_numbers() {
        use IdentificationKind::*;
        assert_eq!(chip().number(), "250269812345678");
        assert_eq!(chip().kind(), Transponder);
        for bad in ["25026981234567", "2502698123456789", "25026981234567A", ""] {
            assert_code(
                Identification::parse(Transponder, bad),
                "animal-transponder-invalid",
            );
        }
        assert_eq!(
            Identification::parse(Tattoo, "2ab-123").unwrap().number(),
            "2AB123"
        );
        assert_eq!(
            Identification::parse(Tattoo, "ABC 123").unwrap().number(),
            "ABC123"
        );
        for bad in ["123456", "ABCDEF", "AB1", "ABC#123", "ABC1234567"] {
            assert_code(Identification::parse(Tattoo, bad), "animal-tattoo-invalid");
        }
        assert_eq!(
            Identification::parse(Ring, "fr 12/4.5-2024")
                .unwrap()
                .number(),
            "FR12/4.5-2024"
        );
        for bad in ["", "X", "ABC", "FR_12"] {
            assert_code(Identification::parse(Ring, bad), "animal-ring-invalid");
        }
        assert_eq!(IdentificationKind::parse("RING").unwrap(), Ring);
        assert_code(
            IdentificationKind::parse("collar"),
            "animal-identification-kind-unknown",
        );
    }

    #[test]
    fn mentions_of_a_parrot() {
        let ring = Identification::parse(IdentificationKind::Ring, "FR-ABC-2025-0042").unwrap();
        let m = AnimalMentions::new(
            " Perroquet gris du Gabon (Psittacus erithacus) ",
            NO_BREED_FR,
            AnimalAge::BirthDate(d(2025, 11, 20)),
            ring,
            siren(),
            d(2026, 3, 1),
        )
        .unwrap();
        assert_eq!(m.species(), "Perroquet gris du Gabon (Psittacus erithacus)");
        assert_eq!(m.breed(), "n’appartient pas à une race");
        assert_eq!(m.age().months_on(d(2026, 3, 1)), 3);
        assert_eq!(m.identification().number(), "FR-ABC-2025-0042");
        assert_eq!(m.seller_siren().as_str(), "732829320");
        assert_eq!(m.awareness_message_id(), "animal-awareness");
    }

    #[test]
    fn required_mentions() {
        let today = d(2026, 3, 1);
        let make = |species: &str, breed: &str, age| {
            AnimalMentions::new(species, breed, age, chip(), siren(), today)
        };
        let age = AnimalAge::Months(3);
        assert_code(make(" ", "Maine coon", age), "animal-species-empty");
        assert_code(make("Chat", "", age), "animal-breed-empty");
        assert!(make("Chat", "croisé", age).is_ok());
        let e = assert_code(make(&"x".repeat(121), "croisé", age), "animal-text-invalid");
        assert_eq!(e.arg("max"), Some("120"));
        assert_code(make("Chat\n", "croisé\tx", age), "animal-text-invalid");
        assert_code(
            make("Chat", "croisé", AnimalAge::BirthDate(d(2026, 3, 2))),
            "animal-birth-date-future",
        );
        assert!(make("Chat", "croisé", AnimalAge::BirthDate(today)).is_ok());
        let e = assert_code(
            make("Chat", "croisé", AnimalAge::Months(1201)),
            "animal-age-invalid",
        );
        assert_eq!(e.arg("max"), Some("1200"));
    }

    #[test]
    fn age_in_months() {
        let born = AnimalAge::BirthDate(d(2024, 1, 31));
        assert_eq!(born.months_on(d(2024, 1, 31)), 0);
        assert_eq!(born.months_on(d(2024, 2, 29)), 0);
        assert_eq!(born.months_on(d(2024, 3, 31)), 2);
        assert_eq!(born.months_on(d(2026, 2, 1)), 24);
        assert_eq!(born.months_on(d(2023, 1, 1)), 0);
        assert_eq!(AnimalAge::Months(7).months_on(d(2000, 1, 1)), 7);
    }

    #[test]
    fn awareness_message_exists() {
        assert!(crate::error::CODES
            .iter()
            .any(|(c, args)| *c == AWARENESS_MSG && args.is_empty()));
    }
}
