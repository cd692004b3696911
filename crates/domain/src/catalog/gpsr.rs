//! Product-safety information shown on the product page, as the General
//! Product Safety Regulation (EU) 2023/988, art. 19, requires of distance
//! sales: the manufacturer's name, postal address and electronic address,
//! and the warnings or safety information for the product.

use crate::account::Email;
use crate::error::ValidationError;
use crate::text::char_count;

const NAME_MAX: usize = 200;
const ADDRESS_MAX: usize = 500;
const WARNINGS_MAX: usize = 5000;

/// Who made the product and how to reach them.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Manufacturer {
    name: String,
    address: String,
    email: Email,
}

impl Manufacturer {
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Postal address, possibly on several lines.
    pub fn address(&self) -> &str {
        &self.address
    }

    pub fn email(&self) -> &Email {
        &self.email
    }
}

/// A product's safety block. Either part may be absent: a seller who makes
/// the product themselves is its manufacturer, and the page can show the
/// shop's legal identity instead.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SafetyInfo {
    manufacturer: Option<Manufacturer>,
    warnings: Option<String>,
}

impl SafetyInfo {
    /// The four fields of the product editor. All blank gives `None`. Once
    /// any manufacturer field is filled, name, address and e-mail are all
    /// required, since a manufacturer who cannot be reached is no use to a
    /// buyer or an authority. Warnings may stand alone.
    pub fn parse(
        manufacturer_name: &str,
        manufacturer_address: &str,
        manufacturer_email: &str,
        warnings: &str,
    ) -> Result<Option<SafetyInfo>, ValidationError> {
        let name = manufacturer_name.trim();
        let address = manufacturer_address.trim();
        let email = manufacturer_email.trim();
        let warnings = warnings.trim();
        let manufacturer = if name.is_empty() && address.is_empty() && email.is_empty() {
            None
        } else {
            if name.is_empty() {
                return Err(ValidationError::new("gpsr-name-missing"));
            }
            if address.is_empty() {
                return Err(ValidationError::new("gpsr-address-missing"));
            }
            if email.is_empty() {
                return Err(ValidationError::new("gpsr-email-missing"));
            }
            check_text(name, NAME_MAX, false)?;
            check_text(address, ADDRESS_MAX, true)?;
            Some(Manufacturer {
                name: name.to_owned(),
                address: normalise_lines(address),
                email: Email::parse(email)?,
            })
        };
        let warnings = if warnings.is_empty() {
            None
        } else {
            check_text(warnings, WARNINGS_MAX, true)?;
            Some(normalise_lines(warnings))
        };
        if manufacturer.is_none() && warnings.is_none() {
            return Ok(None);
        }
        Ok(Some(SafetyInfo {
            manufacturer,
            warnings,
        }))
    }

    pub fn manufacturer(&self) -> Option<&Manufacturer> {
        self.manufacturer.as_ref()
    }

    /// Warnings as the seller wrote them, line breaks kept (`\n`).
    pub fn warnings(&self) -> Option<&str> {
        self.warnings.as_deref()
    }
}

/// Length, and no control character except line breaks where several lines
/// make sense.
fn check_text(text: &str, max: usize, multiline: bool) -> Result<(), ValidationError> {
    let bad_char = text
        .chars()
        .any(|c| c.is_control() && !(multiline && matches!(c, '\n' | '\r')));
    if char_count(text) > max || bad_char {
        return Err(ValidationError::new("gpsr-text-invalid").with("max", max));
    }
    Ok(())
}

/// Browsers post textarea line breaks as CRLF.
fn normalise_lines(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::assert_code;

    #[test]
    fn complete_block() {
        let info = SafetyInfo::parse(
            " Jouets Martin SAS ",
            "12 rue des Lilas\r\n75011 Paris\r\nFrance",
            "Securite@Jouets-Martin.fr",
            "Ne convient pas aux enfants de moins de 36 mois.\r\nPetites pièces.",
        )
        .unwrap()
        .unwrap();
        let m = info.manufacturer().unwrap();
        assert_eq!(m.name(), "Jouets Martin SAS");
        assert_eq!(m.address(), "12 rue des Lilas\n75011 Paris\nFrance");
        assert_eq!(m.email().as_str(), "securite@jouets-martin.fr");
        assert_eq!(
            info.warnings(),
            Some("Ne convient pas aux enfants de moins de 36 mois.\nPetites pièces.")
        );
    }

    #[test]
    fn all_blank_is_none_and_warnings_may_stand_alone() {
        assert_eq!(SafetyInfo::parse(" ", "", "\n", "").unwrap(), None);
        let info = SafetyInfo::parse("", "", "", "Tenir au frais.")
            .unwrap()
            .unwrap();
        assert!(info.manufacturer().is_none());
        assert_eq!(info.warnings(), Some("Tenir au frais."));
    }

    #[test]
    fn manufacturer_is_all_or_nothing() {
        let addr = "1 rue X, Paris";
        let mail = "a@b.fr";
        assert_code(SafetyInfo::parse("", addr, mail, ""), "gpsr-name-missing");
        assert_code(
            SafetyInfo::parse("Martin", "", mail, ""),
            "gpsr-address-missing",
        );
        assert_code(
            SafetyInfo::parse("Martin", addr, "", ""),
            "gpsr-email-missing",
        );
        assert_code(
            SafetyInfo::parse("", "", mail, "Attention"),
            "gpsr-name-missing",
        );
        assert_code(
            SafetyInfo::parse("Martin", addr, "pas-un-email", ""),
            "email-invalid",
        );
    }

    #[test]
    fn text_limits() {
        let addr = "1 rue X, Paris";
        let mail = "a@b.fr";
        let e = assert_code(
            SafetyInfo::parse(&"n".repeat(201), addr, mail, ""),
            "gpsr-text-invalid",
        );
        assert_eq!(e.arg("max"), Some("200"));
        assert_code(
            SafetyInfo::parse("Mar\ntin", addr, mail, ""),
            "gpsr-text-invalid",
        );
        assert_code(
            SafetyInfo::parse("Martin", "1 rue\u{0}X", mail, ""),
            "gpsr-text-invalid",
        );
        let e = assert_code(
            SafetyInfo::parse("", "", "", &"w".repeat(5001)),
            "gpsr-text-invalid",
        );
        assert_eq!(e.arg("max"), Some("5000"));
        assert!(SafetyInfo::parse("", "", "", &"w".repeat(5000)).is_ok());
    }
}
