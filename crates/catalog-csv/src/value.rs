//! Cell values both formats share: yes/no, lists, image URLs and text, and
//! the quote that keeps a text cell from being run as a formula. Numbers are
//! in `number.rs`.

use std::borrow::Cow;

use crate::error::{Problem, BAD_BOOLEAN};

/// What a spreadsheet takes for the start of a formula (OWASP's list for CSV
/// injection): "=SUM(A1)" as a title would be run when the export is opened.
fn starts_formula(s: &str) -> bool {
    s.trim_start_matches('\'')
        .starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// A text cell made safe to open in a spreadsheet: one quote before what
/// would start a formula, as OWASP advises and WooCommerce's export does.
/// Text already starting with quotes before such a character gets one more,
/// so that [`unprotect`] gives back exactly what was written.
pub fn protect(s: &str) -> Cow<'_, str> {
    if starts_formula(s) {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

/// The text a [`protect`]ed cell stands for; also undoes the quote
/// WooCommerce's export puts before "-1" or "=...".
pub(crate) fn unprotect(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(rest) if starts_formula(rest) => rest,
        _ => s,
    }
}

/// Yes or no, as exports and spreadsheets write it.
pub(crate) fn boolean(s: &str) -> Result<bool, Problem> {
    match s.to_lowercase().as_str() {
        "true" | "yes" | "y" | "1" | "oui" | "vrai" => Ok(true),
        "false" | "no" | "n" | "0" | "non" | "faux" => Ok(false),
        _ => Err(Problem::new(BAD_BOOLEAN)),
    }
}

/// Whether an image can be fetched later: a local path or a `data:` URL
/// from someone's computer never can.
pub(crate) fn is_http_url(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    ["http://", "https://"].iter().any(|scheme| {
        lower.strip_prefix(scheme).is_some_and(|rest| {
            rest.chars()
                .next()
                .is_some_and(|c| c.is_alphanumeric() || c == '[')
        })
    })
}

/// A comma-separated list, trimmed, without empty entries ("a, b,,c").
pub(crate) fn list(s: &str) -> Vec<String> {
    s.split(',')
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(str::to_owned)
        .collect()
}

/// `Some` of a non-empty cell.
pub(crate) fn text(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_owned())
}

/// Minor units written the way Shopify exports prices: "25.00", "1234".
pub(crate) fn format_price(minor: i64, minor_units: u8) -> String {
    let units = u32::from(minor_units);
    let sign = if minor < 0 { "-" } else { "" };
    let abs = i128::from(minor).unsigned_abs();
    if units == 0 {
        return format!("{sign}{abs}");
    }
    let scale = 10u128.checked_pow(units).unwrap_or(u128::MAX);
    let width = units as usize;
    format!("{sign}{}.{:0width$}", abs / scale, abs % scale)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn booleans() {
        assert_eq!(boolean("TRUE"), Ok(true));
        assert_eq!(boolean("non"), Ok(false));
        assert_eq!(
            boolean("maybe").expect_err("not a boolean").code,
            BAD_BOOLEAN
        );
    }

    #[test]
    fn formulas_are_neutralised_and_read_back() {
        for (text, cell) in [
            ("=SUM(A1)", "'=SUM(A1)"),
            ("-20% cheese", "'-20% cheese"),
            ("+33 6 12", "'+33 6 12"),
            ("@cmd", "'@cmd"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("'=x", "''=x"),
            ("''-x", "'''-x"),
            ("'Tis the season", "'Tis the season"),
            ("Comté = bon", "Comté = bon"),
            ("", ""),
        ] {
            assert_eq!(protect(text), cell, "{text:?}");
            assert_eq!(unprotect(cell), text, "{cell:?}");
        }
        // WooCommerce's export of a stock of -3 and of a download limit.
        assert_eq!(unprotect("'-3"), "-3");
        assert_eq!(unprotect("'-1"), "-1");
        assert_eq!(unprotect("'"), "'");
    }

    #[test]
    fn urls_and_prices_written_back() {
        assert!(is_http_url("https://burst.shopifycdn.com/a.jpg"));
        assert!(is_http_url("HTTP://example.com"));
        assert!(!is_http_url("file:///C:/photos/a.jpg"));
        assert!(!is_http_url("photos/a.jpg"));
        assert!(!is_http_url("https://"));
        assert_eq!(format_price(2500, 2), "25.00");
        assert_eq!(format_price(5, 2), "0.05");
        assert_eq!(format_price(1234, 0), "1234");
        assert_eq!(format_price(-1250, 2), "-12.50");
        assert_eq!(format_price(1, 3), "0.001");
    }
}
