//! Currencies and amounts: which ISO 4217 codes a shop may price in, and how
//! an amount is written for a French or English reader.

use std::fmt;

use crate::error::ValidationError;
use crate::locale::Lang;
use crate::text::str_value;

/// Active ISO 4217 codes (SIX "List One", edition of 1 January 2026) with
/// their minor units, sorted by code for binary search.
///
/// Left out on purpose: entries whose minor unit is "N.A." (precious metals,
/// bond-market units, SDR, XUA, XSU, XTS, XXX), which cannot price goods.
/// Recently withdrawn codes are absent too: ANG (replaced by XCG), BGN
/// (Bulgaria joined the euro), HRK, SLL, ZWL, CUC.
#[rustfmt::skip]
static CURRENCIES: &[(&str, u8)] = &[
    ("AED", 2), ("AFN", 2), ("ALL", 2), ("AMD", 2), ("AOA", 2), ("ARS", 2), ("AUD", 2),
    ("AWG", 2), ("AZN", 2), ("BAM", 2), ("BBD", 2), ("BDT", 2), ("BHD", 3), ("BIF", 0),
    ("BMD", 2), ("BND", 2), ("BOB", 2), ("BOV", 2), ("BRL", 2), ("BSD", 2), ("BTN", 2),
    ("BWP", 2), ("BYN", 2), ("BZD", 2), ("CAD", 2), ("CDF", 2), ("CHE", 2), ("CHF", 2),
    ("CHW", 2), ("CLF", 4), ("CLP", 0), ("CNY", 2), ("COP", 2), ("COU", 2), ("CRC", 2),
    ("CUP", 2), ("CVE", 2), ("CZK", 2), ("DJF", 0), ("DKK", 2), ("DOP", 2), ("DZD", 2),
    ("EGP", 2), ("ERN", 2), ("ETB", 2), ("EUR", 2), ("FJD", 2), ("FKP", 2), ("GBP", 2),
    ("GEL", 2), ("GHS", 2), ("GIP", 2), ("GMD", 2), ("GNF", 0), ("GTQ", 2), ("GYD", 2),
    ("HKD", 2), ("HNL", 2), ("HTG", 2), ("HUF", 2), ("IDR", 2), ("ILS", 2), ("INR", 2),
    ("IQD", 3), ("IRR", 2), ("ISK", 0), ("JMD", 2), ("JOD", 3), ("JPY", 0), ("KES", 2),
    ("KGS", 2), ("KHR", 2), ("KMF", 0), ("KPW", 2), ("KRW", 0), ("KWD", 3), ("KYD", 2),
    ("KZT", 2), ("LAK", 2), ("LBP", 2), ("LKR", 2), ("LRD", 2), ("LSL", 2), ("LYD", 3),
    ("MAD", 2), ("MDL", 2), ("MGA", 2), ("MKD", 2), ("MMK", 2), ("MNT", 2), ("MOP", 2),
    ("MRU", 2), ("MUR", 2), ("MVR", 2), ("MWK", 2), ("MXN", 2), ("MXV", 2), ("MYR", 2),
    ("MZN", 2), ("NAD", 2), ("NGN", 2), ("NIO", 2), ("NOK", 2), ("NPR", 2), ("NZD", 2),
    ("OMR", 3), ("PAB", 2), ("PEN", 2), ("PGK", 2), ("PHP", 2), ("PKR", 2), ("PLN", 2),
    ("PYG", 0), ("QAR", 2), ("RON", 2), ("RSD", 2), ("RUB", 2), ("RWF", 0), ("SAR", 2),
    ("SBD", 2), ("SCR", 2), ("SDG", 2), ("SEK", 2), ("SGD", 2), ("SHP", 2), ("SLE", 2),
    ("SOS", 2), ("SRD", 2), ("SSP", 2), ("STN", 2), ("SVC", 2), ("SYP", 2), ("SZL", 2),
    ("THB", 2), ("TJS", 2), ("TMT", 2), ("TND", 3), ("TOP", 2), ("TRY", 2), ("TTD", 2),
    ("TWD", 2), ("TZS", 2), ("UAH", 2), ("UGX", 0), ("USD", 2), ("USN", 2), ("UYI", 0),
    ("UYU", 2), ("UYW", 4), ("UZS", 2), ("VED", 2), ("VES", 2), ("VND", 0), ("VUV", 0),
    ("WST", 2), ("XAD", 2), ("XAF", 0), ("XCD", 2), ("XCG", 2), ("XOF", 0), ("XPF", 0),
    ("YER", 2), ("ZAR", 2), ("ZMW", 2), ("ZWG", 2),
];

/// An active ISO 4217 currency, stored as its three uppercase ASCII letters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Currency([u8; 3]);

/// The euro, the default currency of a French shop.
pub const EUR: Currency = Currency::EUR;

impl Currency {
    pub const EUR: Currency = Currency(*b"EUR");

    pub fn parse(input: &str) -> Result<Currency, ValidationError> {
        let code = input.trim().to_ascii_uppercase();
        match CURRENCIES.binary_search_by(|(c, _)| (*c).cmp(code.as_str())) {
            Ok(i) => Ok(Currency::from_table(i)),
            Err(_) => Err(ValidationError::new("currency-unknown").with("value", input.trim())),
        }
    }

    fn from_table(index: usize) -> Currency {
        let b = CURRENCIES[index].0.as_bytes();
        Currency([b[0], b[1], b[2]])
    }

    fn table_entry(self) -> &'static (&'static str, u8) {
        let i = CURRENCIES
            .binary_search_by(|(c, _)| c.as_bytes().cmp(&self.0[..]))
            .expect("a Currency can only be built from the table");
        &CURRENCIES[i]
    }

    pub fn as_str(&self) -> &'static str {
        self.table_entry().0
    }

    /// Number of digits after the decimal separator (EUR 2, JPY 0, KWD 3).
    pub fn minor_units(&self) -> u8 {
        self.table_entry().1
    }

    /// Every accepted currency, in alphabetical order of code.
    pub fn all() -> impl Iterator<Item = Currency> {
        (0..CURRENCIES.len()).map(Currency::from_table)
    }

    /// The sign written next to amounts, where one is unambiguous enough for
    /// a European audience; otherwise the ISO code itself.
    fn symbol(self) -> &'static str {
        match &self.0 {
            b"EUR" => "€",
            b"USD" => "$",
            b"GBP" => "£",
            b"JPY" => "¥",
            _ => self.as_str(),
        }
    }
}

str_value!(Currency);

/// An amount in a currency's minor unit (cents for EUR), so that arithmetic
/// is exact; formatting is the only place decimals appear.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Money {
    pub minor: i64,
    pub currency: Currency,
}

/// U+00A0, between a French amount and its currency sign.
const NBSP: char = '\u{a0}';
/// U+202F, the French thousands separator (CLDR), which never wraps.
const NNBSP: char = '\u{202f}';

impl Money {
    pub fn new(minor: i64, currency: Currency) -> Money {
        Money { minor, currency }
    }

    /// Writes the amount as a reader of `lang` expects it:
    /// French "1 234,50 €" (narrow no-break space between thousands, no-break
    /// space before the sign), English "€1,234.50". Codes without a symbol
    /// read "1 234,50 CAD" and "CAD 1,234.50".
    pub fn format(&self, lang: Lang) -> String {
        let units = u32::from(self.currency.minor_units());
        let abs = self.minor.unsigned_abs();
        let scale = 10u64.pow(units);
        let (whole, fraction) = (abs / scale, abs % scale);
        let (group_sep, decimal_sep) = match lang {
            Lang::Fr => (NNBSP, ','),
            Lang::En => (',', '.'),
        };
        let mut number = group_thousands(whole, group_sep);
        if units > 0 {
            number.push(decimal_sep);
            number.push_str(&format!("{fraction:0width$}", width = units as usize));
        }
        let sign = if self.minor < 0 { "-" } else { "" };
        let symbol = self.currency.symbol();
        match lang {
            Lang::Fr => format!("{sign}{number}{NBSP}{symbol}"),
            // A code needs a space to stay legible ("CHF 12.00"); a sign hugs
            // the digits ("€12.00").
            Lang::En if symbol.bytes().all(|b| b.is_ascii_alphabetic()) => {
                format!("{sign}{symbol}{NBSP}{number}")
            }
            Lang::En => format!("{sign}{symbol}{number}"),
        }
    }
}

fn group_thousands(n: u64, sep: char) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * sep.len_utf8());
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(d);
    }
    out
}

impl fmt::Display for Money {
    // Locale-neutral form for logs and CSV exports: "1234.50 EUR".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let units = u32::from(self.currency.minor_units());
        let sign = if self.minor < 0 { "-" } else { "" };
        let abs = self.minor.unsigned_abs();
        let scale = 10u64.pow(units);
        write!(f, "{sign}{}", abs / scale)?;
        if units > 0 {
            write!(f, ".{:0width$}", abs % scale, width = units as usize)?;
        }
        write!(f, " {}", self.currency)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::assert_code;

    fn cur(code: &str) -> Currency {
        Currency::parse(code).unwrap()
    }

    fn fr(minor: i64, code: &str) -> String {
        Money::new(minor, cur(code)).format(Lang::Fr)
    }

    fn en(minor: i64, code: &str) -> String {
        Money::new(minor, cur(code)).format(Lang::En)
    }

    #[test]
    fn table_is_sorted_unique_and_well_formed() {
        for pair in CURRENCIES.windows(2) {
            assert!(pair[0].0 < pair[1].0, "{} then {}", pair[0].0, pair[1].0);
        }
        for (code, units) in CURRENCIES {
            assert!(code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase()));
            assert!(*units <= 4, "{code}");
        }
        assert_eq!(Currency::all().count(), CURRENCIES.len());
    }

    #[test]
    fn parse_is_case_insensitive() {
        assert_eq!(cur(" eur "), Currency::EUR);
        assert_eq!(cur("Eur"), EUR);
        assert_eq!(EUR.as_str(), "EUR");
        assert_eq!(EUR.to_string(), "EUR");
        for bad in [
            "", "EU", "EURO", "XXX", "XAU", "FRF", "HRK", "ANG", "BGN", "€",
        ] {
            let e = assert_code(Currency::parse(bad), "currency-unknown");
            assert_eq!(e.arg("value"), Some(bad));
        }
    }

    #[test]
    fn minor_units() {
        for (code, units) in [
            ("EUR", 2),
            ("USD", 2),
            ("CHF", 2),
            ("JPY", 0),
            ("KRW", 0),
            ("XOF", 0),
            ("XPF", 0),
            ("KWD", 3),
            ("TND", 3),
            ("CLF", 4),
            ("XCG", 2),
        ] {
            assert_eq!(cur(code).minor_units(), units, "{code}");
        }
    }

    #[test]
    fn all_round_trips_through_parse() {
        for c in Currency::all() {
            assert_eq!(Currency::parse(c.as_str()).unwrap(), c);
        }
        assert!(Currency::all().any(|c| c == EUR));
        assert!(Currency::all().count() > 150);
    }

    #[test]
    fn serde_as_code() {
        assert_eq!(serde_json::to_string(&EUR).unwrap(), r#""EUR""#);
        assert_eq!(
            serde_json::from_str::<Currency>(r#""chf""#).unwrap(),
            cur("CHF")
        );
        assert!(serde_json::from_str::<Currency>(r#""ABC""#).is_err());
    }

    #[test]
    fn french_formatting() {
        assert_eq!(fr(123_450, "EUR"), "1\u{202f}234,50\u{a0}€");
        assert_eq!(fr(5, "EUR"), "0,05\u{a0}€");
        assert_eq!(fr(0, "EUR"), "0,00\u{a0}€");
        assert_eq!(fr(-123_450, "EUR"), "-1\u{202f}234,50\u{a0}€");
        assert_eq!(fr(123_450, "CAD"), "1\u{202f}234,50\u{a0}CAD");
        assert_eq!(fr(123_450, "CHF"), "1\u{202f}234,50\u{a0}CHF");
        assert_eq!(fr(1_234, "JPY"), "1\u{202f}234\u{a0}¥");
        assert_eq!(fr(1_234_567, "KWD"), "1\u{202f}234,567\u{a0}KWD");
        assert_eq!(fr(100_000_000, "USD"), "1\u{202f}000\u{202f}000,00\u{a0}$");
        assert_eq!(fr(99_900, "GBP"), "999,00\u{a0}£");
    }

    #[test]
    fn english_formatting() {
        assert_eq!(en(123_450, "EUR"), "€1,234.50");
        assert_eq!(en(-123_450, "EUR"), "-€1,234.50");
        assert_eq!(en(0, "USD"), "$0.00");
        assert_eq!(en(99, "GBP"), "£0.99");
        assert_eq!(en(1_234, "JPY"), "¥1,234");
        assert_eq!(en(-1, "JPY"), "-¥1");
        assert_eq!(en(123_450, "CHF"), "CHF\u{a0}1,234.50");
        assert_eq!(en(1_234_567, "KWD"), "KWD\u{a0}1,234.567");
        assert_eq!(en(500, "XOF"), "XOF\u{a0}500");
    }

    #[test]
    fn extreme_amounts_do_not_overflow() {
        let min = Money::new(i64::MIN, EUR).format(Lang::En);
        assert_eq!(min, "-€92,233,720,368,547,758.08");
        let max = Money::new(i64::MAX, cur("CLF")).format(Lang::Fr);
        assert!(max.starts_with("922\u{202f}337"), "{max}");
    }

    #[test]
    fn display_is_locale_neutral() {
        assert_eq!(Money::new(-123_450, EUR).to_string(), "-1234.50 EUR");
        assert_eq!(Money::new(7, cur("JPY")).to_string(), "7 JPY");
        assert_eq!(Money::new(1, cur("KWD")).to_string(), "0.001 KWD");
    }

    #[test]
    fn grouping() {
        assert_eq!(group_thousands(0, ','), "0");
        assert_eq!(group_thousands(999, ','), "999");
        assert_eq!(group_thousands(1_000, ','), "1,000");
        assert_eq!(group_thousands(12_345_678, ','), "12,345,678");
    }
}
