//! Customs data of a product, for parcels that leave the EU's VAT and customs territory: its
//! Harmonised System code and its country of origin, which the CN22/CN23 declaration asks for
//! beside the content's description, weight and value.

use crate::country::{Country, Destination};
use crate::error::ValidationError;
use crate::tax::{vat_area, VatArea};

/// A Harmonised System code: 6 digits worldwide, up to 10 in national tariffs (the EU's CN
/// has 8, TARIC 10). Typed with dots or spaces ("0406.90.21"), kept as digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct HsCode(String);

impl HsCode {
    pub fn parse(input: &str) -> Result<HsCode, ValidationError> {
        let digits: String = input
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '.')
            .collect();
        if !(6..=10).contains(&digits.len()) || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(ValidationError::new("hs-code-invalid").with("value", input.trim()));
        }
        Ok(HsCode(digits))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An optional HS code and country of origin, as the product editor takes them (empty: none).
pub fn parse_optional(
    hs_code: &str,
    origin: &str,
) -> (
    Result<Option<HsCode>, ValidationError>,
    Result<Option<Country>, ValidationError>,
) {
    let hs = Some(hs_code.trim())
        .filter(|s| !s.is_empty())
        .map(HsCode::parse)
        .transpose();
    let origin = Some(origin.trim())
        .filter(|s| !s.is_empty())
        .map(Country::parse)
        .transpose();
    (hs, origin)
}

/// Whether a parcel to `destination` needs a customs declaration (CN22/CN23): it leaves the
/// EU's VAT territory — Switzerland, the United Kingdom (not Northern Ireland), the United
/// States, but also the Canary Islands or the French overseas departments.
pub fn needs_declaration(destination: &Destination) -> bool {
    matches!(vat_area(destination), VatArea::Outside)
}

/// Message ids of this module, with their arguments.
pub const CODES: &[(&str, &[&str])] = &[("hs-code-invalid", &["value"])];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::assert_code;

    fn to(country: &str, postcode: &str) -> Destination {
        Destination::new(Country::parse(country).unwrap(), postcode)
    }

    #[test]
    fn hs_codes_are_6_to_10_digits() {
        assert_eq!(HsCode::parse("0406.90.21").unwrap().as_str(), "04069021");
        assert_eq!(HsCode::parse(" 040690 ").unwrap().as_str(), "040690");
        assert_code(HsCode::parse("0406"), "hs-code-invalid");
        assert_code(HsCode::parse("04069021001"), "hs-code-invalid");
        assert_code(HsCode::parse("04A690"), "hs-code-invalid");
        let (hs, origin) = parse_optional("", " ");
        assert_eq!((hs, origin), (Ok(None), Ok(None)));
        let (hs, origin) = parse_optional("040690", "fr");
        assert!(hs.unwrap().is_some());
        assert_eq!(origin.unwrap(), Some(Country::FR));
        assert_code(parse_optional("", "XX").1, "country-unknown");
    }

    #[test]
    fn declarations_outside_the_eu_vat_territory_only() {
        assert!(!needs_declaration(&to("DE", "10115")));
        assert!(!needs_declaration(&to("FR", "75011")));
        assert!(!needs_declaration(&to("MC", "98000")));
        assert!(!needs_declaration(&to("GB", "BT1 5GS")));
        assert!(needs_declaration(&to("CH", "1200")));
        assert!(needs_declaration(&to("GB", "SW1A 1AA")));
        assert!(needs_declaration(&to("US", "10001")));
        assert!(needs_declaration(&to("ES", "35001")));
    }
}
