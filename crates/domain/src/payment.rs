//! Payment details a seller publishes: the IBAN and BIC for bank transfers.

use crate::ValidationError;

/// An IBAN, validated by its country length and ISO 7064 mod-97 checksum; stored without spaces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Iban(String);

impl Iban {
    pub fn parse(raw: &str) -> Result<Iban, ValidationError> {
        let s: String = raw
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .collect::<String>()
            .to_ascii_uppercase();
        if s.len() < 15
            || s.len() > 34
            || !s.chars().all(|c| c.is_ascii_alphanumeric())
            || !s[..2].chars().all(|c| c.is_ascii_alphabetic())
            || !s[2..4].chars().all(|c| c.is_ascii_digit())
        {
            return Err(ValidationError::new("iban-format"));
        }
        if let Some(len) = country_length(&s[..2]) {
            if s.len() != len {
                return Err(ValidationError::new("iban-format"));
            }
        }
        let rearranged = format!("{}{}", &s[4..], &s[..4]);
        let mut rem: u32 = 0;
        for ch in rearranged.chars() {
            let v = ch.to_digit(36).expect("alphanumeric checked above");
            rem = if v >= 10 {
                (rem * 100 + v) % 97
            } else {
                (rem * 10 + v) % 97
            };
        }
        if rem != 1 {
            return Err(ValidationError::new("iban-checksum"));
        }
        Ok(Iban(s))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    /// Grouped by four for reading: "FR76 3000 6000 0112 3456 7890 189".
    pub fn formatted(&self) -> String {
        self.0
            .as_bytes()
            .chunks(4)
            .map(|c| std::str::from_utf8(c).unwrap_or(""))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

fn country_length(cc: &str) -> Option<usize> {
    Some(match cc {
        "FR" | "MC" | "IT" | "SM" => 27,
        "DE" => 22,
        "BE" => 16,
        "ES" | "SE" | "SK" | "CZ" | "PT" => {
            if cc == "PT" {
                25
            } else {
                24
            }
        }
        "NL" => 18,
        "LU" => 20,
        "CH" | "LI" => 21,
        "GB" | "IE" => 22,
        "AT" => 20,
        "DK" | "FI" => 18,
        "PL" | "HU" => 28,
        _ => return None,
    })
}

/// A BIC (SWIFT code): 8 or 11 characters.
pub fn parse_bic(raw: &str) -> Result<String, ValidationError> {
    let s: String = raw
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_uppercase();
    let ok = (s.len() == 8 || s.len() == 11)
        && s[..6].chars().all(|c| c.is_ascii_alphabetic())
        && s[6..].chars().all(|c| c.is_ascii_alphanumeric());
    if ok {
        Ok(s)
    } else {
        Err(ValidationError::new("bic-format"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_ibans_pass_and_typos_fail() {
        let i = Iban::parse("fr76 3000 6000 0112 3456 7890 189").unwrap();
        assert_eq!(i.as_str(), "FR7630006000011234567890189");
        assert_eq!(i.formatted(), "FR76 3000 6000 0112 3456 7890 189");
        assert!(Iban::parse("DE89 3704 0044 0532 0130 00").is_ok());
        assert_eq!(
            Iban::parse("FR76 3000 6000 0112 3456 7890 188")
                .unwrap_err()
                .code,
            "iban-checksum"
        );
        assert_eq!(Iban::parse("FR76 3000").unwrap_err().code, "iban-format");
        assert_eq!(
            Iban::parse("DE89 3704 0044 0532 0130 0").unwrap_err().code,
            "iban-format"
        );
    }

    #[test]
    fn bic_shape() {
        assert_eq!(parse_bic("bnpafrpp").unwrap(), "BNPAFRPP");
        assert!(parse_bic("BNPAFRPPXXX").is_ok());
        assert!(parse_bic("BNP").is_err());
    }
}
