//! French legal identity of a seller: SIREN/SIRET, VAT number, phone, legal
//! status and the mentions the law requires on invoices and legal pages.

use crate::error::ValidationError;
use crate::text::str_value;

/// Mention required on invoices of sellers under the VAT exemption scheme
/// ("franchise en base de TVA").
pub const VAT_FRANCHISE_MENTION: &str = "TVA non applicable, art. 293 B du CGI";

/// Mention of an order from a private seller: what the buyer does not get from a trader.
pub const PRIVATE_SALE_MENTION: &str =
    "Vente entre particuliers : ni TVA, ni droit de rétractation légal (vendeur non professionnel)";

/// SIREN of La Poste, whose establishments (SIRET) do not follow Luhn.
const LA_POSTE_SIREN: &str = "356000000";

/// Removes the separators people copy from Kbis extracts and letterheads
/// (spaces, no-break spaces, dots, and for VAT numbers hyphens).
fn compact(input: &str, also_hyphens: bool) -> String {
    input
        .chars()
        .filter(|&c| !(c.is_whitespace() || c == '.' || (also_hyphens && c == '-')))
        .collect()
}

fn all_digits(s: &str, len: usize) -> bool {
    s.len() == len && s.bytes().all(|b| b.is_ascii_digit())
}

/// Luhn check over ASCII digits (callers have verified they are digits).
fn luhn_valid(digits: &str) -> bool {
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 1 {
                let doubled = d * 2;
                if doubled > 9 {
                    doubled - 9
                } else {
                    doubled
                }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

fn digit_sum(digits: &str) -> u32 {
    digits.bytes().map(|b| u32::from(b - b'0')).sum()
}

/// Groups digits in threes for display, as INSEE prints them.
fn group_siren(siren: &str) -> String {
    format!("{} {} {}", &siren[0..3], &siren[3..6], &siren[6..9])
}

/// A company's 9-digit identifier in the French business register.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Siren(String);

impl Siren {
    pub fn parse(input: &str) -> Result<Siren, ValidationError> {
        let digits = compact(input, false);
        if !all_digits(&digits, 9) {
            return Err(ValidationError::new("siren-format"));
        }
        if !luhn_valid(&digits) {
            return Err(ValidationError::new("siren-checksum"));
        }
        Ok(Siren(digits))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// "732 829 320".
    pub fn formatted(&self) -> String {
        group_siren(&self.0)
    }
}

str_value!(Siren);

/// An establishment's 14-digit identifier: SIREN followed by a 5-digit NIC.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Siret(String);

impl Siret {
    pub fn parse(input: &str) -> Result<Siret, ValidationError> {
        let digits = compact(input, false);
        if !all_digits(&digits, 14) {
            return Err(ValidationError::new("siret-format"));
        }
        let siren_ok = luhn_valid(&digits[..9]);
        // La Poste numbered its establishments before checksums were
        // enforced; INSEE documents "sum of digits divisible by 5" for them.
        // Its head office (…00048) does pass Luhn, hence the "or".
        let siret_ok = luhn_valid(&digits)
            || (&digits[..9] == LA_POSTE_SIREN && digit_sum(&digits).is_multiple_of(5));
        if !(siren_ok && siret_ok) {
            return Err(ValidationError::new("siret-checksum"));
        }
        Ok(Siret(digits))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn siren(&self) -> Siren {
        // The first nine digits were Luhn-checked in `parse`.
        Siren(self.0[..9].to_owned())
    }

    /// "732 829 320 00074".
    pub fn formatted(&self) -> String {
        format!("{} {}", group_siren(&self.0[..9]), &self.0[9..])
    }
}

str_value!(Siret);

/// Prefixes of intra-community VAT numbers other than France's. Greece uses
/// "EL", and "XI" covers Northern Ireland, still inside the EU VAT area.
const EU_VAT_PREFIXES: &[&str] = &[
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "EL", "ES", "FI", "HR", "HU", "IE", "IT", "LT",
    "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK", "XI",
];

/// An intra-community VAT number, normalised to uppercase without separators
/// ("FR44732829320"). French numbers are fully checked; other countries only
/// for shape, since each has its own checksum and VIES is the real authority.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct VatNumber(String);

impl VatNumber {
    pub fn parse(input: &str) -> Result<VatNumber, ValidationError> {
        let vat = compact(input, true).to_uppercase();
        let format_err = || ValidationError::new("vat-format");
        let (prefix, rest) = vat.split_at_checked(2).ok_or_else(format_err)?;
        if prefix == "FR" {
            check_french_vat(rest)?;
        } else if EU_VAT_PREFIXES.contains(&prefix) {
            let shape_ok =
                (2..=13).contains(&rest.len()) && rest.bytes().all(|b| b.is_ascii_alphanumeric());
            if !shape_ok {
                return Err(format_err());
            }
        } else {
            return Err(format_err());
        }
        Ok(VatNumber(vat))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The two-letter prefix ("FR", "DE", "EL"…), which is not always the
    /// ISO country code.
    pub fn prefix(&self) -> &str {
        &self.0[..2]
    }
}

str_value!(VatNumber);

/// `rest` is what follows "FR": a 2-character key then a SIREN.
fn check_french_vat(rest: &str) -> Result<(), ValidationError> {
    let format_err = || ValidationError::new("vat-format");
    let (key, siren) = rest.split_at_checked(2).ok_or_else(format_err)?;
    // Newer keys may contain letters; their alphabet leaves out O and I.
    let key_ok = key
        .bytes()
        .all(|b| b.is_ascii_digit() || (b.is_ascii_uppercase() && b != b'O' && b != b'I'));
    if !key_ok || !all_digits(siren, 9) {
        return Err(format_err());
    }
    // Monaco companies get French VAT numbers built on a pseudo-SIREN that
    // starts with 000 and carries no Luhn digit.
    let monaco = siren.starts_with("000");
    if !monaco && !luhn_valid(siren) {
        return Err(ValidationError::new("vat-fr-siren"));
    }
    if let Ok(key) = key.parse::<u64>() {
        let siren: u64 = siren.parse().map_err(|_| format_err())?;
        if key != (12 + 3 * (siren % 97)) % 97 {
            return Err(ValidationError::new("vat-fr-key"));
        }
    }
    Ok(())
}

const PHONE_MIN_DIGITS: usize = 6;
const PHONE_MAX_DIGITS: usize = 20;

/// A contact phone number, kept as the owner typed it (trimmed) because it
/// is shown on the legal page in their preferred layout.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Phone(String);

impl Phone {
    pub fn parse(input: &str) -> Result<Phone, ValidationError> {
        let phone = input.trim();
        let mut digits = 0;
        for (i, c) in phone.char_indices() {
            match c {
                '0'..='9' => digits += 1,
                '+' if i == 0 => {}
                ' ' | '\u{a0}' | '\u{202f}' | '.' | '-' | '(' | ')' => {}
                _ => return Err(ValidationError::new("phone-invalid-chars")),
            }
        }
        if !(PHONE_MIN_DIGITS..=PHONE_MAX_DIGITS).contains(&digits) {
            return Err(ValidationError::new("phone-length")
                .with("min", PHONE_MIN_DIGITS)
                .with("max", PHONE_MAX_DIGITS));
        }
        Ok(Phone(phone.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

str_value!(Phone);

/// The seller's legal form, which changes the mentions shown to buyers and what consumer law
/// applies to their sales.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LegalStatus {
    /// Entrepreneur individuel (including micro-entrepreneurs).
    IndividualEntrepreneur,
    /// Any registered company (SAS, SARL, EURL…).
    Company,
    /// A private individual selling occasionally (extra income, clearing out): not a trader, so
    /// no legal withdrawal right or consumer guarantees, no VAT, no registration number; the
    /// buyer must be told so plainly (Code de la consommation, art. L111-7).
    PrivateSeller,
    /// An association (loi 1901). Treated as a trader towards buyers (withdrawal right and
    /// guarantees apply, the cautious reading of case law for associations that sell), with an
    /// optional SIRET; no VAT unless it has a VAT number.
    Association,
}

impl LegalStatus {
    pub fn all() -> [LegalStatus; 4] {
        [
            LegalStatus::IndividualEntrepreneur,
            LegalStatus::Company,
            LegalStatus::PrivateSeller,
            LegalStatus::Association,
        ]
    }

    pub fn parse(input: &str) -> Result<LegalStatus, ValidationError> {
        let raw = input.trim();
        LegalStatus::all()
            .into_iter()
            .find(|s| s.as_str().eq_ignore_ascii_case(raw))
            .ok_or_else(|| ValidationError::new("legal-status-unknown").with("value", raw))
    }

    pub fn as_str(self) -> &'static str {
        match self {
            LegalStatus::IndividualEntrepreneur => "ei",
            LegalStatus::Company => "company",
            LegalStatus::PrivateSeller => "private",
            LegalStatus::Association => "association",
        }
    }

    /// Whether buyers deal with a trader: the 14-day withdrawal right and the legal guarantees
    /// of the Code de la consommation apply to the sale.
    pub fn consumer_law_applies(self) -> bool {
        self != LegalStatus::PrivateSeller
    }

    /// Whether the legal page is incomplete without a SIRET (a registered business).
    pub fn requires_siret(self) -> bool {
        matches!(
            self,
            LegalStatus::IndividualEntrepreneur | LegalStatus::Company
        )
    }

    /// Whether the seller must say how it charges VAT (franchise or a VAT number): businesses.
    /// A private seller never charges VAT; an association may have a VAT number.
    pub fn must_state_vat(self) -> bool {
        self.requires_siret()
    }
}

str_value!(LegalStatus);

/// The seller's name as it must appear on invoices and legal pages.
///
/// Since 15 May 2022 an individual entrepreneur must show "EI" or
/// "entrepreneur individuel" right next to their name (Code de commerce,
/// art. R. 526-26); owners often type it themselves, so it is only added
/// when missing.
pub fn legal_name_with_mention(name: &str, status: LegalStatus) -> String {
    let name = name.trim();
    match status {
        LegalStatus::IndividualEntrepreneur if !name.is_empty() && !has_ei_mention(name) => {
            format!("{name} EI")
        }
        _ => name.to_owned(),
    }
}

fn has_ei_mention(name: &str) -> bool {
    if name.to_lowercase().contains("entrepreneur individuel") {
        return true;
    }
    // Compare the whole last word: "Marie Lei" ends with "ei" but has no
    // mention, while "Jean Dupont (E.I.)" has one.
    let last_word = name
        .rsplit(|c: char| c.is_whitespace() || c == ',' || c == '-')
        .next()
        .unwrap_or("");
    let letters: String = last_word
        .chars()
        .filter(|c| !matches!(c, '.' | '(' | ')' | '[' | ']'))
        .collect();
    letters.eq_ignore_ascii_case("ei")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::assert_code;

    /// French VAT key as defined by the tax administration.
    fn fr_key(siren: u64) -> u64 {
        (12 + 3 * (siren % 97)) % 97
    }

    #[test]
    fn luhn_matches_known_numbers() {
        assert!(luhn_valid("732829320"));
        assert!(!luhn_valid("732829321"));
        assert!(luhn_valid("73282932000074"));
        assert!(luhn_valid("79927398713")); // textbook Luhn example
    }

    #[test]
    fn siren_parsing() {
        let s = Siren::parse(" 732 829 320 ").unwrap();
        assert_eq!(s.as_str(), "732829320");
        assert_eq!(s.formatted(), "732 829 320");
        assert_eq!(Siren::parse("732.829.320").unwrap(), s);
        assert_eq!(Siren::parse("732\u{a0}829\u{202f}320").unwrap(), s);
        assert_code(Siren::parse("732829321"), "siren-checksum");
        for bad in ["", "73282932", "7328293200", "73282932O", "732-829-320"] {
            assert_code(Siren::parse(bad), "siren-format");
        }
    }

    #[test]
    fn siret_parsing() {
        let s = Siret::parse("732 829 320 00074").unwrap();
        assert_eq!(s.as_str(), "73282932000074");
        assert_eq!(s.formatted(), "732 829 320 00074");
        assert_eq!(s.siren().as_str(), "732829320");
        assert_code(Siret::parse("73282932000075"), "siret-checksum");
        assert_code(Siret::parse("7328293200007"), "siret-format");
        assert_code(Siret::parse("7328293200007A"), "siret-format");
    }

    #[test]
    fn siret_needs_a_valid_siren_too() {
        // Luhn over 14 digits can pass while the SIREN part fails.
        let fake = "73282932100007";
        assert!(luhn_valid(fake) && !luhn_valid(&fake[..9]));
        assert_code(Siret::parse(fake), "siret-checksum");
    }

    #[test]
    fn la_poste_sirets() {
        // Head office: passes Luhn, digit sum 26.
        let hq = Siret::parse("35600000000048").unwrap();
        assert_eq!(hq.siren().as_str(), LA_POSTE_SIREN);
        // An establishment: fails Luhn, digit sum 3+5+6+1+5 = 20.
        assert!(!luhn_valid("35600000000015"));
        assert!(Siret::parse("35600000000015").is_ok());
        // Neither rule: digit sum 16, Luhn fails.
        assert!(!luhn_valid("35600000000002"));
        assert_code(Siret::parse("35600000000002"), "siret-checksum");
        // The digit-sum rule is La Poste's alone.
        assert_code(Siret::parse("73282932000004"), "siret-checksum");
    }

    #[test]
    fn french_vat_numbers() {
        assert_eq!(fr_key(732829320), 44);
        let v = VatNumber::parse("fr 44 732.829.320").unwrap();
        assert_eq!(v.as_str(), "FR44732829320");
        assert_eq!(v.prefix(), "FR");
        assert_eq!(VatNumber::parse("FR-44-732829320").unwrap(), v);
        assert_code(VatNumber::parse("FR45732829320"), "vat-fr-key");
        let bad_siren = format!("FR{:02}732829321", fr_key(732829321));
        assert_code(VatNumber::parse(&bad_siren), "vat-fr-siren");
        for bad in [
            "FR",
            "FR44",
            "FR4473282932",
            "FR447328293200",
            "FR4473282932X",
        ] {
            assert_code(VatNumber::parse(bad), "vat-format");
        }
    }

    #[test]
    fn french_vat_special_cases() {
        // Letter keys cannot be recomputed here; shape only.
        assert!(VatNumber::parse("FRK7732829320").is_ok());
        assert_code(VatNumber::parse("FRO7732829320"), "vat-format");
        // Monaco pseudo-SIREN: no Luhn, but the numeric key still applies.
        let monaco = 47372_u64;
        assert!(!luhn_valid("000047372"));
        let ok = format!("FR{:02}000047372", fr_key(monaco));
        assert!(VatNumber::parse(&ok).is_ok(), "{ok}");
        let wrong = format!("FR{:02}000047372", (fr_key(monaco) + 1) % 97);
        assert_code(VatNumber::parse(&wrong), "vat-fr-key");
    }

    #[test]
    fn other_eu_vat_numbers_are_checked_for_shape() {
        for ok in [
            "DE 123 456 789",
            "EL123456789",
            "XI123456789",
            "NL123456789B01",
            "be0123456789",
        ] {
            assert!(VatNumber::parse(ok).is_ok(), "{ok}");
        }
        assert_eq!(VatNumber::parse("el 123456789").unwrap().prefix(), "EL");
        for bad in [
            "DE1",
            "DE12345678901234",
            "GR123456789",
            "GB123456789",
            "US12",
            "D",
            "",
            "DE12_34",
        ] {
            assert_code(VatNumber::parse(bad), "vat-format");
        }
    }

    #[test]
    fn vat_franchise_mention_is_the_legal_wording() {
        assert_eq!(
            VAT_FRANCHISE_MENTION,
            "TVA non applicable, art. 293 B du CGI"
        );
    }

    #[test]
    fn phone_numbers() {
        for ok in [
            "01 23 45 67 89",
            "+33 1 23 45 67 89",
            "+33 (0)1.23.45.67.89",
            "06-12-34-56-78",
            "123456",
            " +41\u{a0}22\u{202f}555 12 12 ",
        ] {
            assert!(Phone::parse(ok).is_ok(), "{ok}");
        }
        assert_eq!(
            Phone::parse(" 01 23 45 67 89 ").unwrap().as_str(),
            "01 23 45 67 89"
        );
        for bad in [
            "01 23 45 67 89 ext. 12",
            "33+1 23 45 67 89",
            "++33123456789",
            "01/23/45/67/89",
        ] {
            assert_code(Phone::parse(bad), "phone-invalid-chars");
        }
        let e = assert_code(Phone::parse("12345"), "phone-length");
        assert_eq!((e.arg("min"), e.arg("max")), (Some("6"), Some("20")));
        assert_code(Phone::parse(&"1".repeat(21)), "phone-length");
        assert_code(Phone::parse("+"), "phone-length");
    }

    #[test]
    fn only_a_private_seller_escapes_consumer_law_and_only_businesses_need_a_siret() {
        use LegalStatus::*;
        assert!(!PrivateSeller.consumer_law_applies());
        for s in [IndividualEntrepreneur, Company, Association] {
            assert!(s.consumer_law_applies(), "{s:?}");
        }
        assert!(IndividualEntrepreneur.requires_siret() && Company.requires_siret());
        assert!(!PrivateSeller.requires_siret() && !Association.requires_siret());
        assert_eq!(
            legal_name_with_mention("Camille Durand", PrivateSeller),
            "Camille Durand"
        );
    }

    #[test]
    fn legal_status_round_trip() {
        for s in LegalStatus::all() {
            assert_eq!(LegalStatus::parse(s.as_str()).unwrap(), s);
        }
        assert_eq!(
            LegalStatus::parse("EI").unwrap(),
            LegalStatus::IndividualEntrepreneur
        );
        let e = assert_code(LegalStatus::parse("sarl"), "legal-status-unknown");
        assert_eq!(e.arg("value"), Some("sarl"));
    }

    #[test]
    fn ei_mention_is_added_once() {
        use LegalStatus::*;
        let cases = [
            ("Émilie Martin", "Émilie Martin EI"),
            ("  Émilie Martin  ", "Émilie Martin EI"),
            ("Émilie Martin EI", "Émilie Martin EI"),
            ("Émilie Martin ei", "Émilie Martin ei"),
            ("Émilie Martin (EI)", "Émilie Martin (EI)"),
            ("Émilie Martin E.I.", "Émilie Martin E.I."),
            (
                "Émilie Martin, Entrepreneur Individuel",
                "Émilie Martin, Entrepreneur Individuel",
            ),
            ("Marie Lei", "Marie Lei EI"),
            ("Fromagerie Dubreuil", "Fromagerie Dubreuil EI"),
            ("", ""),
        ];
        for (name, expected) in cases {
            assert_eq!(
                legal_name_with_mention(name, IndividualEntrepreneur),
                expected
            );
        }
        assert_eq!(
            legal_name_with_mention(" Fromages SAS ", Company),
            "Fromages SAS"
        );
    }
}
