//! Affiliates: outside sites that send a shop its customers (a blogger, an association, a
//! forum) for a commission. Each has a code that names it in its links
//! (`utm_source={code}&utm_medium=affiliate`) and, if the seller wishes, one of the shop's
//! discount codes to give its audience. An order credited to it (its link was the last thing
//! that brought the shopper within the shop's window, or its discount code was used) earns it
//! its rate of the order's goods, VAT and delivery left out, fixed when the order is placed.

use super::source::{clean, Channel, Source};
use crate::tax::{vat_included, TaxBreakdown};
use crate::ValidationError;

/// The shortest and longest code.
pub const CODE_MIN: usize = 3;
pub const CODE_MAX: usize = 40;
/// The highest commission rate, in basis points (50 %).
pub const RATE_MAX_BP: i64 = 5_000;
/// The longest name.
pub const NAME_MAX: usize = 80;

/// The code an affiliate is known by in its links: lower-case letters, digits, `.`, `_`, `-`,
/// as the sources keep names (`source::clean`), so that the visits its links bring are counted
/// under exactly this code.
pub fn code(input: &str) -> Result<String, ValidationError> {
    let c = clean(input);
    let n = c.chars().count();
    if !(CODE_MIN..=CODE_MAX).contains(&n) || c != input.trim().to_lowercase() {
        return Err(ValidationError::new("affiliate-code-invalid")
            .with("min", CODE_MIN)
            .with("max", CODE_MAX));
    }
    Ok(c)
}

/// A commission rate as typed ("10", "7,5", "7.5 %"): basis points, from 0 to [`RATE_MAX_BP`].
pub fn rate(input: &str) -> Result<i64, ValidationError> {
    let t = input.trim().trim_end_matches('%').trim().replace(',', ".");
    let refused = || ValidationError::new("affiliate-rate-invalid").with("max", RATE_MAX_BP / 100);
    let (whole, frac) = t.split_once('.').unwrap_or((t.as_str(), ""));
    if whole.is_empty()
        || frac.len() > 2
        || !whole
            .bytes()
            .chain(frac.bytes())
            .all(|b| b.is_ascii_digit())
    {
        return Err(refused());
    }
    let whole: i64 = whole.parse().map_err(|_| refused())?;
    let frac: i64 = format!("{frac:0<2}").parse().map_err(|_| refused())?;
    let bp = whole
        .checked_mul(100)
        .and_then(|w| w.checked_add(frac))
        .ok_or_else(refused)?;
    if bp > RATE_MAX_BP {
        return Err(refused());
    }
    Ok(bp)
}

/// The query of an affiliate's links.
pub fn link_query(code: &str) -> String {
    format!("utm_source={code}&utm_medium=affiliate")
}

/// What an order that uses an affiliate's discount `discount` is credited to: the affiliate,
/// the code as campaign.
pub fn code_source(affiliate_code: &str, discount: &str) -> Source {
    Source::new(Channel::Affiliate, affiliate_code, discount)
}

/// What a commission is computed on: the order's goods after any discount, VAT left out (each
/// line's VAT as included in its amount when the shop's prices include it), delivery left out.
pub fn base(tax: &TaxBreakdown) -> i64 {
    tax.lines
        .iter()
        .map(|l| {
            if tax.amounts_include_tax {
                l.amount_minor - vat_included(l.amount_minor, l.rate_bp)
            } else {
                l.amount_minor
            }
        })
        .sum()
}

/// The commission at `rate_bp` on `base_minor`, rounded half up to the minor unit.
pub fn commission(base_minor: i64, rate_bp: i64) -> i64 {
    super::promotion::percent_of(
        base_minor.max(0),
        u32::try_from(rate_bp.max(0)).unwrap_or(0),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_the_words_the_sources_keep() {
        assert_eq!(code(" blog-fromage ").unwrap(), "blog-fromage");
        assert_eq!(code("Blog.Fromage_2").unwrap(), "blog.fromage_2");
        for bad in [
            "ab",
            "blog fromage",
            "fromagé",
            "a/b",
            &"x".repeat(CODE_MAX + 1),
        ] {
            assert!(code(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn rates_read_as_people_type_them() {
        assert_eq!(rate("10"), Ok(1000));
        assert_eq!(rate("7,5"), Ok(750));
        assert_eq!(rate("7.25 %"), Ok(725));
        assert_eq!(rate("0"), Ok(0));
        assert_eq!(rate("50"), Ok(5000));
        for bad in [
            "",
            "-1",
            "50,01",
            "abc",
            "1,234",
            "1e3",
            "99999999999999999999",
        ] {
            assert!(rate(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn a_commission_is_its_rate_of_the_goods_without_vat() {
        use crate::tax::{LineTax, NoVatReason, Taxation};
        // The rates are the lines' own; how they were chosen does not matter here.
        let line = |amount_minor, rate_bp| LineTax {
            amount_minor,
            rate_bp,
            taxation: Taxation::NoVat(NoVatReason::Franchise),
        };
        let tax = TaxBreakdown {
            amounts_include_tax: true,
            lines: vec![line(1200, 2000), line(1055, 550)],
            shipping: vec![line(750, 2000)],
            per_rate: Vec::new(),
            net_minor: 0,
            vat_minor: 0,
            gross_minor: 0,
            mentions: Vec::new(),
        };
        // 12,00 with 20 % VAT is 10,00 net; 10,55 with 5,5 % is 10,00 net; delivery left out.
        assert_eq!(base(&tax), 2000);
        assert_eq!(commission(2000, 750), 150);
        assert_eq!(commission(1999, 1000), 200);
        assert_eq!(commission(-5, 1000), 0);
    }

    #[test]
    fn links_and_codes_credit_the_affiliate() {
        assert_eq!(
            link_query("blog-fromage"),
            "utm_source=blog-fromage&utm_medium=affiliate"
        );
        let s = code_source("blog-fromage", "BLOG10");
        assert_eq!(
            (s.channel, s.name.as_str(), s.campaign.as_str()),
            (Channel::Affiliate, "blog-fromage", "blog10")
        );
    }
}
