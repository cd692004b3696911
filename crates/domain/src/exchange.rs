//! Exchange rates for showing a shop's prices in a shopper's currency. The order is always
//! charged and invoiced in the shop's currency: a converted amount is an estimate shown beside
//! it, never a price.
//!
//! A rate is the number of units of the target currency one unit of the shop's currency buys,
//! in millionths (1 EUR = 0.85 GBP is 850_000), an integer like every amount. Converting rounds
//! once, to the target's minor unit, halves away from zero (0.5 penny becomes 1 penny), the
//! rounding of the VAT functions ([`crate::tax`]).

use crate::error::ValidationError;
use crate::money::Currency;

/// Millionths of a unit: the precision of a rate.
pub const RATE_SCALE: i64 = 1_000_000;
/// The largest rate a seller may type: 1 unit of the shop's currency for a million of another
/// (rates of weak currencies run to tens of thousands).
pub const RATE_MAX: i64 = 1_000_000 * RATE_SCALE;

fn div_round(numerator: i128, denominator: i128) -> i128 {
    debug_assert!(denominator > 0);
    let (q, r) = (numerator / denominator, numerator % denominator);
    if 2 * r.abs() >= denominator {
        q + numerator.signum()
    } else {
        q
    }
}

fn clamp_i64(v: i128) -> i64 {
    v.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64
}

/// `amount_minor` of `from` in `to` at `rate_micro` (units of `to` per unit of `from`, in
/// millionths), in `to`'s minor unit, rounded halves away from zero. Minor units are taken
/// into account (EUR cents to JPY yen, to KWD fils).
pub fn convert(amount_minor: i64, from: Currency, to: Currency, rate_micro: i64) -> i64 {
    let up = 10i128.pow(u32::from(to.minor_units()));
    let down = i128::from(RATE_SCALE) * 10i128.pow(u32::from(from.minor_units()));
    clamp_i64(div_round(
        i128::from(amount_minor) * i128::from(rate_micro) * up,
        down,
    ))
}

/// The rate from a shop's currency to a target through a common base (the operator's rates are
/// given per euro): `base_to_target / base_to_shop`, in millionths, rounded halves away from
/// zero. None when the shop's rate is not positive.
pub fn cross_rate(base_to_shop_micro: i64, base_to_target_micro: i64) -> Option<i64> {
    (base_to_shop_micro > 0).then(|| {
        clamp_i64(div_round(
            i128::from(base_to_target_micro) * i128::from(RATE_SCALE),
            i128::from(base_to_shop_micro),
        ))
    })
}

/// A rate as a seller types it ("0.85", "0,85", "156.2"): a positive decimal with at most six
/// decimals, in millionths.
pub fn parse_rate(text: &str) -> Result<i64, ValidationError> {
    let raw = text.trim().replace(',', ".");
    let invalid = || ValidationError::new("fx-rate-invalid").with("value", text.trim());
    let (whole, frac) = raw.split_once('.').unwrap_or((&raw, ""));
    if (whole.is_empty() && frac.is_empty())
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
        || frac.len() > 6
        || whole.len() > 7
    {
        return Err(invalid());
    }
    let whole: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().map_err(|_| invalid())?
    };
    let frac: i64 = format!("{frac:0<6}").parse().map_err(|_| invalid())?;
    let micro = whole * RATE_SCALE + frac;
    if micro <= 0 {
        return Err(ValidationError::new("fx-rate-not-positive"));
    }
    if micro > RATE_MAX {
        return Err(invalid());
    }
    Ok(micro)
}

/// A rate written back for a form ("0.85", "156.2"): no trailing zeros.
pub fn rate_text(rate_micro: i64) -> String {
    let whole = rate_micro / RATE_SCALE;
    let frac = rate_micro % RATE_SCALE;
    if frac == 0 {
        return whole.to_string();
    }
    let f = format!("{frac:06}");
    format!("{whole}.{}", f.trim_end_matches('0'))
}

/// The most rates a shop (or the operator) keeps: a short list of its shoppers' currencies.
pub const RATES_MAX: usize = 12;

/// One rate as typed: the currency, the rate, the date it was read (YYYY-MM-DD).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rate {
    pub currency: Currency,
    pub rate_micro: i64,
    pub as_of: chrono::NaiveDate,
}

/// A list of rates from `base` as typed in a form, one row per `(currency, rate, date)`; blank
/// rows are skipped. The problems come by row and field (`currency`, `rate`, `as_of`): an
/// unknown currency, the base itself, a currency twice, a rate that is not a positive decimal,
/// a date that is not one (or more than a day ahead of `today`, which rates cannot be).
pub fn parse_rates(
    base: Currency,
    rows: &[(String, String, String)],
    today: chrono::NaiveDate,
) -> Result<Vec<Rate>, Vec<(usize, &'static str, ValidationError)>> {
    let mut out: Vec<Rate> = Vec::new();
    let mut problems = Vec::new();
    for (i, (currency, rate, as_of)) in rows.iter().enumerate() {
        if currency.trim().is_empty() && rate.trim().is_empty() && as_of.trim().is_empty() {
            continue;
        }
        let currency = match Currency::parse(currency) {
            Ok(c) if c == base => {
                problems.push((
                    i,
                    "currency",
                    ValidationError::new("fx-same-currency").with("currency", c),
                ));
                None
            }
            Ok(c) if out.iter().any(|r| r.currency == c) => {
                problems.push((
                    i,
                    "currency",
                    ValidationError::new("fx-currency-twice").with("currency", c),
                ));
                None
            }
            Ok(c) => Some(c),
            Err(e) => {
                problems.push((i, "currency", e));
                None
            }
        };
        let rate = parse_rate(rate)
            .map_err(|e| problems.push((i, "rate", e)))
            .ok();
        let date = chrono::NaiveDate::parse_from_str(as_of.trim(), "%Y-%m-%d")
            .ok()
            .filter(|d| *d <= today + chrono::Days::new(1));
        if date.is_none() {
            problems.push((
                i,
                "as_of",
                ValidationError::new("fx-date-invalid").with("value", as_of.trim()),
            ));
        }
        if let (Some(currency), Some(rate_micro), Some(as_of)) = (currency, rate, date) {
            out.push(Rate {
                currency,
                rate_micro,
                as_of,
            });
        }
    }
    if out.len() > RATES_MAX && problems.is_empty() {
        problems.push((
            RATES_MAX,
            "currency",
            ValidationError::new("fx-too-many").with("max", RATES_MAX),
        ));
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

/// Message ids this module can produce, with their arguments.
pub const CODES: &[(&str, &[&str])] = &[
    ("fx-rate-invalid", &["value"]),
    ("fx-rate-not-positive", &[]),
    ("fx-same-currency", &["currency"]),
    ("fx-currency-twice", &["currency"]),
    ("fx-date-invalid", &["value"]),
    ("fx-too-many", &["max"]),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::assert_code;
    use proptest::prelude::*;

    fn cur(code: &str) -> Currency {
        Currency::parse(code).unwrap()
    }

    #[test]
    fn converts_with_minor_units_and_rounds_halves_away_from_zero() {
        let (eur, gbp, jpy, kwd) = (cur("EUR"), cur("GBP"), cur("JPY"), cur("KWD"));
        // €12.00 at 0.85: £10.20.
        assert_eq!(convert(1200, eur, gbp, 850_000), 1020);
        // €0.01 at 0.85 is 0.85 penny: 1 penny; €0.03 is 2.55: 3 pence (half up).
        assert_eq!(convert(1, eur, gbp, 850_000), 1);
        assert_eq!(convert(3, eur, gbp, 850_000), 3);
        // 2.5 pence rounds away from zero, 2.49 down.
        assert_eq!(convert(5, eur, gbp, 500_000), 3);
        assert_eq!(convert(249, eur, gbp, 10_000), 2);
        // Cents to yen (no minor unit): €12.00 at 162.35 = ¥1,948.2 → ¥1,948.
        assert_eq!(convert(1200, eur, jpy, 162_350_000), 1948);
        // ¥1,000 to EUR at 0.00616: €6.16.
        assert_eq!(convert(1000, jpy, eur, 6_160), 616);
        // Three decimals: €12.00 at 0.33 KWD = 3.960 KWD.
        assert_eq!(convert(1200, eur, kwd, 330_000), 3960);
        // Negative amounts (refunds) mirror positive ones.
        assert_eq!(convert(-3, eur, gbp, 850_000), -3);
        assert_eq!(convert(0, eur, gbp, 850_000), 0);
        assert_eq!(convert(i64::MAX, eur, jpy, RATE_MAX), i64::MAX);
    }

    #[test]
    fn cross_rates_go_through_the_base() {
        // Per euro: 0.85 GBP, 0.94 CHF. A Swiss shop's franc in pounds: 0.85 / 0.94.
        assert_eq!(cross_rate(940_000, 850_000), Some(904_255));
        assert_eq!(cross_rate(RATE_SCALE, 850_000), Some(850_000));
        assert_eq!(cross_rate(0, 850_000), None);
    }

    #[test]
    fn rates_typed_by_a_seller() {
        assert_eq!(parse_rate("0.85"), Ok(850_000));
        assert_eq!(parse_rate(" 0,85 "), Ok(850_000));
        assert_eq!(parse_rate("162.35"), Ok(162_350_000));
        assert_eq!(parse_rate("1"), Ok(1_000_000));
        assert_eq!(parse_rate(".5"), Ok(500_000));
        assert_eq!(parse_rate("0.000001"), Ok(1));
        assert_code(parse_rate("0"), "fx-rate-not-positive");
        assert_code(parse_rate("0.0000001"), "fx-rate-invalid");
        assert_code(parse_rate("-1"), "fx-rate-invalid");
        assert_code(parse_rate("abc"), "fx-rate-invalid");
        assert_code(parse_rate(""), "fx-rate-invalid");
        assert_code(parse_rate("1.2.3"), "fx-rate-invalid");
        assert_code(parse_rate("1 000"), "fx-rate-invalid");
        assert_code(parse_rate("99999999"), "fx-rate-invalid");
        assert_eq!(rate_text(850_000), "0.85");
        assert_eq!(rate_text(162_350_000), "162.35");
        assert_eq!(rate_text(2_000_000), "2");
        assert_eq!(rate_text(1), "0.000001");
    }

    #[test]
    fn rate_lists_as_typed() {
        let eur = cur("EUR");
        let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 6).unwrap();
        let row = |c: &str, r: &str, d: &str| (c.to_string(), r.to_string(), d.to_string());
        let ok = parse_rates(
            eur,
            &[
                row("gbp", "0,85", "2026-12-01"),
                row("", "", ""),
                row("CHF", "0.94", "2026-12-06"),
            ],
            today,
        )
        .unwrap();
        assert_eq!(ok.len(), 2);
        assert_eq!(ok[0].currency, cur("GBP"));
        assert_eq!(ok[0].rate_micro, 850_000);
        assert_eq!(ok[0].as_of.to_string(), "2026-12-01");
        let bad = parse_rates(
            eur,
            &[
                row("EUR", "1", "2026-12-01"),
                row("GBP", "0.85", "2026-12-01"),
                row("GBP", "0.86", "2026-12-01"),
                row("XYZ", "zéro", "demain"),
                row("USD", "1.05", "2027-01-01"),
            ],
            today,
        )
        .unwrap_err();
        let codes: Vec<(usize, &str, &str)> = bad.iter().map(|p| (p.0, p.1, p.2.code)).collect();
        assert_eq!(
            codes,
            [
                (0, "currency", "fx-same-currency"),
                (2, "currency", "fx-currency-twice"),
                (3, "currency", "currency-unknown"),
                (3, "rate", "fx-rate-invalid"),
                (3, "as_of", "fx-date-invalid"),
                (4, "as_of", "fx-date-invalid"),
            ]
        );
        for (_, _, e) in bad {
            assert_code(Err::<(), _>(e.clone()), e.code);
        }
        let many: Vec<_> = Currency::all()
            .filter(|c| *c != eur)
            .take(RATES_MAX + 1)
            .map(|c| row(c.as_str(), "2", "2026-12-01"))
            .collect();
        let e = parse_rates(eur, &many, today).unwrap_err();
        assert_eq!(e[0].2.code, "fx-too-many");
    }

    proptest! {
        #[test]
        fn conversion_is_within_half_a_minor_unit_of_the_exact_figure(
            amount in -100_000_000i64..100_000_000,
            rate in 1i64..RATE_MAX,
            from in prop::sample::select(&["EUR", "JPY", "KWD"][..]),
            to in prop::sample::select(&["GBP", "JPY", "KWD", "CLF"][..]),
        ) {
            let (from, to) = (cur(from), cur(to));
            let got = convert(amount, from, to, rate);
            // Exactly: amount × rate × 10^to / (10^6 × 10^from), compared doubled.
            let up = 10i128.pow(u32::from(to.minor_units()));
            let down = i128::from(RATE_SCALE) * 10i128.pow(u32::from(from.minor_units()));
            let exact = i128::from(amount) * i128::from(rate) * up;
            let diff = 2 * (i128::from(got) * down - exact);
            prop_assert!(diff.abs() <= down, "{amount} × {rate}: {got}");
            // A tie goes away from zero.
            if diff.abs() == down {
                prop_assert_eq!(diff.signum(), i128::from(amount.signum()));
            }
        }

        #[test]
        fn conversion_keeps_order_and_sign(
            a in -1_000_000_000i64..1_000_000_000,
            b in -1_000_000_000i64..1_000_000_000,
            rate in 1i64..1_000_000_000,
        ) {
            let (eur, gbp) = (cur("EUR"), cur("GBP"));
            let (ca, cb) = (convert(a, eur, gbp, rate), convert(b, eur, gbp, rate));
            if a <= b { prop_assert!(ca <= cb) } else { prop_assert!(ca >= cb) }
            prop_assert_eq!(convert(-a, eur, gbp, rate), -ca);
            // At a rate of one between currencies of the same minor unit, nothing changes.
            prop_assert_eq!(convert(a, eur, gbp, RATE_SCALE), a);
        }

        #[test]
        fn typed_rates_read_back(rate in 1i64..RATE_MAX) {
            prop_assert_eq!(parse_rate(&rate_text(rate)), Ok(rate));
        }
    }
}
