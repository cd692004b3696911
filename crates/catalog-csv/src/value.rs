//! Cell values both formats share: prices, weights, counts, yes/no, lists
//! and image URLs, read the way sellers and their spreadsheets write them.

use crate::error::{
    Problem, BAD_BOOLEAN, BAD_INTEGER, BAD_PRICE, BAD_WEIGHT, NEGATIVE_PRICE, PRICE_TOO_PRECISE,
};

/// A non-negative decimal number as written, split at its decimal separator.
struct Decimal<'a> {
    /// Digits only, grouping separators removed.
    int: String,
    frac: &'a str,
}

/// Characters that group thousands in the locales our sellers use:
/// "1 234" (French, often with a no-break space), "1'234" (Swiss).
fn is_group_space(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}' | '\'')
}

/// Reads "12", "12.50", "12,50", "1 234,50", "1,234.50" or "1.234,50".
///
/// A lone `.` or `,` is the decimal separator, so "1,234" means 1.234: for a
/// two-decimal currency that is then rejected as too precise rather than
/// silently read as a thousand times the price.
fn decimal(s: &str) -> Option<Decimal<'_>> {
    let dots = s.matches('.').count();
    let commas = s.matches(',').count();
    let separator = match (dots, commas) {
        (0, 0) => None,
        (1, 0) => Some('.'),
        (0, 1) => Some(','),
        // Several of the same mark and nothing else: they group thousands.
        (_, 0) | (0, _) => None,
        // Both marks: the last one is the decimal separator, once.
        _ => {
            let last = s.rfind(['.', ','])?;
            let sep = s[last..].chars().next()?;
            if s.matches(sep).count() != 1 {
                return None;
            }
            Some(sep)
        }
    };
    let (int_part, frac) = match separator {
        Some(sep) => {
            let at = s.rfind(sep)?;
            (&s[..at], &s[at + 1..])
        }
        None => (s, ""),
    };
    if separator.is_some() && (frac.is_empty() || !frac.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    let mut groups = Vec::new();
    let mut group_mark = None;
    let mut current = String::new();
    for c in int_part.chars() {
        if c.is_ascii_digit() {
            current.push(c);
        } else if is_group_space(c) || c == '.' || c == ',' {
            // One kind of grouping mark per number: "1 234.567" is not a number.
            let kind = if is_group_space(c) { ' ' } else { c };
            if *group_mark.get_or_insert(kind) != kind {
                return None;
            }
            groups.push(std::mem::take(&mut current));
        } else {
            return None;
        }
    }
    groups.push(current);
    let grouped = groups.len() > 1;
    if groups[0].is_empty()
        || (grouped && groups[0].len() > 3)
        || groups[1..].iter().any(|g| g.len() != 3)
    {
        return None;
    }
    Some(Decimal {
        int: groups.concat(),
        frac,
    })
}

fn scale(minor_units: u8) -> Option<i64> {
    10i64.checked_pow(u32::from(minor_units))
}

/// A price in minor units for a currency with `minor_units` decimals.
pub(crate) fn price(s: &str, minor_units: u8) -> Result<i64, Problem> {
    let (negative, body) = match s.strip_prefix(['-', '\u{2212}']) {
        Some(rest) => (true, rest.trim_start()),
        None => (false, s),
    };
    let number = decimal(body).ok_or(Problem::new(BAD_PRICE))?;
    if negative {
        return Err(Problem::new(NEGATIVE_PRICE));
    }
    if number.frac.len() > usize::from(minor_units) {
        let mut problem = Problem::new(PRICE_TOO_PRECISE);
        problem.extra.push(("decimals", minor_units.to_string()));
        return Err(problem);
    }
    let overflow = || Problem::new(BAD_PRICE);
    let scale = scale(minor_units).ok_or_else(overflow)?;
    let int: i64 = number.int.parse().map_err(|_| overflow())?;
    let frac_scale = scale / 10i64.pow(number.frac.len() as u32);
    let frac: i64 = if number.frac.is_empty() {
        0
    } else {
        number.frac.parse::<i64>().map_err(|_| overflow())? * frac_scale
    };
    int.checked_mul(scale)
        .and_then(|v| v.checked_add(frac))
        .ok_or_else(overflow)
}

/// Conversion of a weight unit to grams, as an exact fraction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ToGrams {
    pub num: i128,
    pub den: i128,
}

impl ToGrams {
    pub(crate) const GRAM: ToGrams = ToGrams { num: 1, den: 1 };

    /// The unit WooCommerce writes in its weight header, e.g. `Weight (kg)`.
    pub(crate) fn from_unit(unit: &str) -> Option<ToGrams> {
        let (num, den) = match unit {
            "g" => (1, 1),
            "kg" => (1000, 1),
            // The international pound and ounce are defined exactly in grams.
            "lbs" | "lb" => (45_359_237, 100_000),
            "oz" => (28_349_523_125, 1_000_000_000),
            _ => return None,
        };
        Some(ToGrams { num, den })
    }
}

/// A weight rounded to the nearest gram. Shopify itself exports fractional
/// grams ("226.796185" for 8 oz), so decimals are welcome here.
pub(crate) fn grams(s: &str, unit: ToGrams) -> Result<i64, Problem> {
    let bad = || Problem::new(BAD_WEIGHT);
    let number = decimal(s).ok_or_else(bad)?;
    // Past 18 decimals the digits cannot change a whole gram but could overflow.
    let frac = &number.frac[..number.frac.len().min(18)];
    let int: i128 = number.int.parse().map_err(|_| bad())?;
    let frac_value: i128 = if frac.is_empty() {
        0
    } else {
        frac.parse().map_err(|_| bad())?
    };
    let den = 10i128.pow(frac.len() as u32);
    let num = int
        .checked_mul(den)
        .and_then(|v| v.checked_add(frac_value))
        .and_then(|v| v.checked_mul(unit.num))
        .ok_or_else(bad)?;
    let den = den * unit.den;
    // Round half up: both sides are non-negative.
    let rounded = (2 * num + den) / (2 * den);
    i64::try_from(rounded).map_err(|_| bad())
}

/// A whole number, possibly negative: stock can be below zero when a
/// platform sold more than it had.
pub(crate) fn integer(s: &str) -> Result<i64, Problem> {
    let digits = s.strip_prefix('-').unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Problem::new(BAD_INTEGER));
    }
    s.parse().map_err(|_| Problem::new(BAD_INTEGER))
}

/// A whole number of at least 1, such as an image position.
pub(crate) fn position(s: &str) -> Result<i64, Problem> {
    match integer(s) {
        Ok(n) if n >= 1 => Ok(n),
        _ => Err(Problem::new(BAD_INTEGER)),
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

    fn code<T: std::fmt::Debug>(r: Result<T, Problem>) -> &'static str {
        r.expect_err("should fail").code
    }

    #[test]
    fn prices_in_the_ways_sellers_write_them() {
        assert_eq!(price("12.50", 2), Ok(1250));
        assert_eq!(price("12,50", 2), Ok(1250));
        assert_eq!(price("12", 2), Ok(1200));
        assert_eq!(price("25", 2), Ok(2500));
        assert_eq!(price("17.9", 2), Ok(1790));
        assert_eq!(price("1 234,50", 2), Ok(123_450));
        assert_eq!(price("1\u{202f}234,50", 2), Ok(123_450));
        assert_eq!(price("1\u{a0}234\u{a0}567", 2), Ok(123_456_700));
        assert_eq!(price("1,234.50", 2), Ok(123_450));
        assert_eq!(price("1.234,50", 2), Ok(123_450));
        assert_eq!(price("1.234.567", 0), Ok(1_234_567));
        assert_eq!(price("0", 2), Ok(0));
        assert_eq!(price("1234", 0), Ok(1234));
        assert_eq!(price("1.234", 3), Ok(1234));
    }

    #[test]
    fn prices_that_are_refused() {
        assert_eq!(code(price("-5", 2)), NEGATIVE_PRICE);
        assert_eq!(code(price("- 5,00", 2)), NEGATIVE_PRICE);
        assert_eq!(code(price("12.505", 2)), PRICE_TOO_PRECISE);
        assert_eq!(code(price("1,234", 2)), PRICE_TOO_PRECISE);
        assert_eq!(code(price("12.5", 0)), PRICE_TOO_PRECISE);
        for garbage in [
            "12,5x",
            "abc",
            "12.",
            ".50",
            "1 23,00",
            "12 345 6",
            "1.2.3,4,5",
            "€12",
            "12 €",
            "1e3",
            "--5",
            "1 234.567,00",
            "99999999999999999999",
        ] {
            assert_eq!(code(price(garbage, 2)), BAD_PRICE, "{garbage}");
        }
        assert_eq!(code(price("-abc", 2)), BAD_PRICE);
    }

    #[test]
    fn weights_round_to_the_gram() {
        assert_eq!(grams("145", ToGrams::GRAM), Ok(145));
        assert_eq!(grams("226.796185", ToGrams::GRAM), Ok(227));
        assert_eq!(grams("0,5", ToGrams::GRAM), Ok(1));
        assert_eq!(grams("0.25", ToGrams::from_unit("kg").unwrap()), Ok(250));
        assert_eq!(grams("1", ToGrams::from_unit("lbs").unwrap()), Ok(454));
        assert_eq!(grams("8", ToGrams::from_unit("oz").unwrap()), Ok(227));
        assert_eq!(code(grams("-3", ToGrams::GRAM)), BAD_WEIGHT);
        assert_eq!(code(grams("12 g", ToGrams::GRAM)), BAD_WEIGHT);
    }

    #[test]
    fn integers_and_booleans() {
        assert_eq!(integer("-3"), Ok(-3));
        assert_eq!(integer("20"), Ok(20));
        assert_eq!(code(integer("2.5")), BAD_INTEGER);
        assert_eq!(code(integer("-")), BAD_INTEGER);
        assert_eq!(code(position("0")), BAD_INTEGER);
        assert_eq!(boolean("TRUE"), Ok(true));
        assert_eq!(boolean("non"), Ok(false));
        assert_eq!(code(boolean("maybe")), BAD_BOOLEAN);
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
