//! Countries as ISO 3166-1 alpha-2 codes: where a shop is established,
//! where an order goes, and which of them belong to the European Union.

use crate::error::ValidationError;
use crate::text::str_value;

/// Officially assigned ISO 3166-1 alpha-2 codes (Debian's iso-codes list,
/// 249 entries) plus "XK", the user-assigned code carriers and the European
/// Commission use for Kosovo. Sorted for binary search.
#[rustfmt::skip]
static CODES_3166: &[&str] = &[
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ",
    "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS",
    "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN",
    "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE",
    "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF",
    "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK", "HM",
    "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", "JE", "JM",
    "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC",
    "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK",
    "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA",
    "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG",
    "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW",
    "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS",
    "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO",
    "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI",
    "VN", "VU", "WF", "WS", "XK", "YE", "YT", "ZA", "ZM", "ZW",
];

/// The 27 member states of the European Union (2026), by ISO code. Greece
/// is "GR" here even though its VAT numbers start with "EL".
pub const EU_MEMBERS: [&str; 27] = [
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT",
    "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
];

/// A country, stored as its two uppercase ASCII letters ("FR", "DE").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Country([u8; 2]);

impl Country {
    pub const FR: Country = Country(*b"FR");

    /// Accepts any case and surrounding spaces; "UK" is read as "GB", the
    /// code ISO gives the United Kingdom, because shoppers type it.
    pub fn parse(input: &str) -> Result<Country, ValidationError> {
        let raw = input.trim();
        let mut code = raw.to_ascii_uppercase();
        if code == "UK" {
            code = "GB".to_owned();
        }
        match CODES_3166.binary_search(&code.as_str()) {
            Ok(i) => {
                let b = CODES_3166[i].as_bytes();
                Ok(Country([b[0], b[1]]))
            }
            Err(_) => Err(ValidationError::new("country-unknown").with("value", raw)),
        }
    }

    pub fn as_str(&self) -> &'static str {
        let i = CODES_3166
            .binary_search_by(|c| c.as_bytes().cmp(&self.0[..]))
            .expect("a Country can only be built from the table");
        CODES_3166[i]
    }

    /// Member of the European Union (not the same as the EU VAT area: see
    /// [`crate::tax::vat_area`] for Monaco, the Canary Islands and others).
    pub fn is_eu(&self) -> bool {
        EU_MEMBERS.contains(&self.as_str())
    }

    /// Every known country, in alphabetical order of code.
    pub fn all() -> impl Iterator<Item = Country> {
        CODES_3166.iter().map(|c| {
            let b = c.as_bytes();
            Country([b[0], b[1]])
        })
    }
}

str_value!(Country);

/// Where an order goes, as far as tax, zones and holidays are concerned:
/// the country and the postcode (which picks out regions such as Corsica,
/// the Canary Islands or Northern Ireland).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Destination {
    pub country: Country,
    /// Uppercase, without spaces or hyphens ("BT1 5GS" → "BT15GS").
    postcode: String,
}

impl Destination {
    pub fn new(country: Country, postcode: &str) -> Destination {
        let postcode = postcode
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .flat_map(char::to_uppercase)
            .collect();
        Destination { country, postcode }
    }

    pub fn postcode(&self) -> &str {
        &self.postcode
    }

    /// Whether the postcode starts with `prefix` (compared the way
    /// postcodes are stored: uppercase, no spaces or hyphens).
    pub fn postcode_starts_with(&self, prefix: &str) -> bool {
        let prefix: String = prefix
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .flat_map(char::to_uppercase)
            .collect();
        self.postcode.starts_with(&prefix)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::assert_code;

    #[test]
    fn table_is_sorted_and_well_formed() {
        for pair in CODES_3166.windows(2) {
            assert!(pair[0] < pair[1], "{} then {}", pair[0], pair[1]);
        }
        assert!(CODES_3166
            .iter()
            .all(|c| c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase())));
        assert_eq!(CODES_3166.len(), 250);
        for m in EU_MEMBERS {
            assert!(Country::parse(m).unwrap().is_eu(), "{m}");
        }
    }

    #[test]
    fn parse_and_membership() {
        let fr = Country::parse(" fr ").unwrap();
        assert_eq!(fr, Country::FR);
        assert_eq!(fr.as_str(), "FR");
        assert_eq!(fr.to_string(), "FR");
        assert_eq!(Country::parse("uk").unwrap().as_str(), "GB");
        assert!(Country::parse("XK").is_ok());
        for not_eu in ["GB", "CH", "MC", "NO", "US", "GP", "AX", "AD"] {
            assert!(!Country::parse(not_eu).unwrap().is_eu(), "{not_eu}");
        }
        for bad in ["", "F", "FRA", "EL", "ZZ", "EU", "É"] {
            let e = assert_code(Country::parse(bad), "country-unknown");
            assert_eq!(e.arg("value"), Some(bad.trim()));
        }
        assert_eq!(Country::all().count(), 250);
    }

    #[test]
    fn destination_postcodes_are_compacted() {
        let gb = Country::parse("GB").unwrap();
        let d = Destination::new(gb, " bt1 5gs ");
        assert_eq!(d.postcode(), "BT15GS");
        assert!(d.postcode_starts_with("bt"));
        assert!(d.postcode_starts_with("BT1 5"));
        assert!(!d.postcode_starts_with("BS"));
        assert!(Destination::new(Country::FR, "").postcode_starts_with(""));
    }

    #[test]
    fn serde_as_code() {
        assert_eq!(serde_json::to_string(&Country::FR).unwrap(), r#""FR""#);
        assert_eq!(
            serde_json::from_str::<Country>(r#""de""#).unwrap().as_str(),
            "DE"
        );
        assert!(serde_json::from_str::<Country>(r#""XX""#).is_err());
    }
}
