//! The single error type returned by every rule in this crate.
//!
//! Errors carry a Fluent message id (without its `err-` prefix) plus named
//! arguments rather than English prose, so the web layer can explain the
//! problem to a shop owner in their own language.

use std::fmt;

/// A broken business rule, ready to be rendered as `err-{code}` by Fluent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationError {
    /// Fluent message id without the `err-` prefix, e.g. `"slug-too-short"`.
    pub code: &'static str,
    /// Fluent variables, in the order they were attached.
    pub args: Vec<(&'static str, String)>,
}

impl ValidationError {
    pub fn new(code: &'static str) -> Self {
        Self {
            code,
            args: Vec::new(),
        }
    }

    /// Attaches a Fluent variable; consuming `self` keeps construction a
    /// single expression at the call site.
    #[must_use]
    pub fn with(mut self, name: &'static str, value: impl ToString) -> Self {
        self.args.push((name, value.to_string()));
        self
    }

    /// The value of the argument called `name`, if any.
    pub fn arg(&self, name: &str) -> Option<&str> {
        self.args
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }
}

impl fmt::Display for ValidationError {
    // Only developers see this (logs, test failures); users get the Fluent text.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code)?;
        for (i, (name, value)) in self.args.iter().enumerate() {
            let sep = if i == 0 { " (" } else { ", " };
            write!(f, "{sep}{name}={value:?}")?;
        }
        if !self.args.is_empty() {
            f.write_str(")")?;
        }
        Ok(())
    }
}

impl std::error::Error for ValidationError {}

/// Every code this crate can produce, with the arguments it attaches.
///
/// Kept public so the web layer can check at start-up that each locale
/// defines `err-{code}`; the crate's own tests check this table against the
/// `.ftl` files and against the errors actually returned.
pub const CODES: &[(&str, &[&str])] = &[
    // shop
    ("slug-too-short", &["min"]),
    ("slug-too-long", &["max"]),
    ("slug-invalid-chars", &[]),
    ("slug-hyphens", &[]),
    ("slug-reserved", &["slug"]),
    ("shop-name-too-short", &["min"]),
    ("shop-name-too-long", &["max"]),
    ("shop-name-control-chars", &[]),
    ("tagline-too-long", &["max"]),
    ("tagline-control-chars", &[]),
    // account
    ("email-invalid", &[]),
    ("email-too-long", &["max"]),
    ("password-too-short", &["min"]),
    ("password-too-long", &["max"]),
    ("role-unknown", &["value"]),
    ("person-name-empty", &[]),
    ("person-name-too-long", &["max"]),
    ("person-name-control-chars", &[]),
    // legal
    ("siren-format", &[]),
    ("siren-checksum", &[]),
    ("siret-format", &[]),
    ("siret-checksum", &[]),
    ("vat-format", &[]),
    // addresses (domain::country)
    ("country-unknown", &["value"]),
    ("vat-fr-key", &[]),
    ("vat-fr-siren", &[]),
    ("phone-invalid-chars", &[]),
    ("phone-length", &["min", "max"]),
    ("legal-status-unknown", &["value"]),
    // theme
    ("color-invalid", &["value"]),
    ("contrast-too-low", &["ratio", "min"]),
    // money
    ("currency-unknown", &["value"]),
    // locale
    ("lang-unknown", &["value"]),
    ("timezone-unknown", &["value"]),
    // payment
    ("iban-format", &[]),
    ("iban-checksum", &[]),
    ("bic-format", &[]),
    // plan
    ("plan-staff-limit", &["max"]),
    ("plan-product-limit", &["max"]),
    ("plan-storage-limit", &["max_mb"]),
    // catalog: products
    ("product-kind-unknown", &["value"]),
    ("product-status-unknown", &["value"]),
    ("vat-class-unknown", &["value"]),
    ("condition-unknown", &["value"]),
    ("product-title-empty", &[]),
    ("product-title-too-long", &["max"]),
    ("product-title-control-chars", &[]),
    ("product-slug-empty", &[]),
    ("product-slug-too-long", &["max"]),
    ("product-slug-invalid-chars", &[]),
    ("product-slug-hyphens", &[]),
    ("sku-empty", &[]),
    ("sku-too-long", &["max"]),
    ("sku-invalid", &[]),
    // catalog: prices
    ("price-invalid", &[]),
    ("price-negative", &[]),
    ("price-too-many-decimals", &["max"]),
    ("price-ambiguous", &["value"]),
    ("price-too-high", &[]),
    ("compare-at-not-higher", &[]),
    // catalog: variants
    ("variant-axes-too-many", &["max"]),
    ("variant-axis-empty", &[]),
    ("variant-axis-invalid", &["max"]),
    ("variant-axis-duplicate", &["name"]),
    ("variant-none", &[]),
    ("variant-too-many", &["max"]),
    ("variant-values-count", &["variant", "expected"]),
    ("variant-value-empty", &["variant", "axis"]),
    ("variant-value-invalid", &["variant", "max"]),
    ("variant-duplicate", &["variant", "values"]),
    // catalog: stock
    ("stock-unique-quantity", &[]),
    ("stock-unique-backorder", &[]),
    ("stock-negative", &[]),
    ("stock-too-large", &["max"]),
    ("stock-quantity-invalid", &[]),
    // catalog: rentals
    ("rental-day-price-invalid", &[]),
    ("rental-week-price-invalid", &[]),
    ("rental-deposit-negative", &[]),
    ("rental-min-days-invalid", &[]),
    ("rental-max-below-min", &[]),
    ("rental-max-too-long", &["max"]),
    ("rental-dates-invalid", &[]),
    ("rental-too-short", &["min"]),
    ("rental-too-long", &["max"]),
    ("rental-dates-booked", &[]),
    // catalog: services
    ("service-duration-invalid", &["min", "max"]),
    ("service-capacity-invalid", &["min", "max"]),
    ("opening-hours-invalid", &[]),
    ("opening-hours-overlap", &[]),
    // catalog: perishables
    ("perishable-lead-too-long", &["max"]),
    ("perishable-no-dispatch-day", &[]),
    ("perishable-shelf-life-invalid", &["min", "max"]),
    // catalog: live animals
    ("shipping-kind-unknown", &["value"]),
    ("animal-identification-kind-unknown", &["value"]),
    ("animal-species-empty", &[]),
    ("animal-breed-empty", &[]),
    ("animal-text-invalid", &["max"]),
    ("animal-birth-date-future", &[]),
    ("animal-age-invalid", &["max"]),
    ("animal-transponder-invalid", &[]),
    ("animal-tattoo-invalid", &[]),
    ("animal-ring-invalid", &[]),
    // catalog: product safety (GPSR)
    ("gpsr-name-missing", &[]),
    ("gpsr-address-missing", &[]),
    ("gpsr-email-missing", &[]),
    ("gpsr-text-invalid", &["max"]),
    // catalog: legal notices shown on product pages rather than refusals;
    // listed here so they live and are checked with the other messages.
    ("perishable-no-withdrawal", &[]),
    ("animal-awareness", &[]),
];

/// Asserts that `result` failed with `code`, and that the error carries
/// exactly the arguments [`CODES`] promises to the translators.
#[cfg(test)]
#[track_caller]
pub(crate) fn assert_code<T: std::fmt::Debug>(
    result: Result<T, ValidationError>,
    code: &str,
) -> ValidationError {
    let err = result.expect_err(&format!("expected error {code}"));
    assert_eq!(err.code, code, "wrong code: {err}");
    let (_, names) = CODES
        .iter()
        .find(|(c, _)| *c == code)
        .unwrap_or_else(|| panic!("{code} missing from error::CODES"));
    let actual: Vec<&str> = err.args.iter().map(|(n, _)| *n).collect();
    assert_eq!(&actual[..], *names, "arguments of {code}");
    err
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn builder_keeps_arguments_in_order() {
        let e = ValidationError::new("phone-length")
            .with("min", 6)
            .with("max", "20");
        assert_eq!(e.code, "phone-length");
        assert_eq!(
            e.args,
            vec![("min", "6".to_string()), ("max", "20".to_string())]
        );
        assert_eq!(e.arg("max"), Some("20"));
        assert_eq!(e.arg("nope"), None);
    }

    #[test]
    fn display_is_code_then_arguments() {
        assert_eq!(
            ValidationError::new("email-invalid").to_string(),
            "email-invalid"
        );
        let e = ValidationError::new("contrast-too-low")
            .with("ratio", "2.3")
            .with("min", "4.5");
        assert_eq!(
            e.to_string(),
            r#"contrast-too-low (ratio="2.3", min="4.5")"#
        );
    }

    #[test]
    fn is_a_std_error() {
        fn takes(_: &dyn std::error::Error) {}
        takes(&ValidationError::new("x"));
    }

    #[test]
    fn code_table_has_no_duplicates_and_no_prefix() {
        let mut seen = HashSet::new();
        for (code, _) in CODES {
            assert!(seen.insert(code), "duplicate {code}");
            assert!(
                !code.starts_with("err-"),
                "{code} must not carry the prefix"
            );
            assert!(
                code.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'),
                "{code} is not a valid Fluent id fragment"
            );
        }
    }
}
