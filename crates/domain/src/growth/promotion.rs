//! Promotions: what a discount code or an automatic promotion takes off an order, and when it
//! may. Pure arithmetic on an order's lines as typed in the shop's price list (tax included or
//! not, as the shop types its prices), so that the discount is taken off before VAT and each
//! line's tax, a gift's parcels and an invoice's lines follow without special cases.
//!
//! An order gets at most one discount on its goods (the largest of those that apply: the
//! shopper's code or an automatic promotion) and free delivery when one of those that apply
//! gives it. The arithmetic is exact to the cent: a percentage is rounded once on what it
//! applies to, then spread over the lines by largest remainders.

use crate::tax::split_pro_rata;
use crate::ValidationError;

keyword_enum! {
    /// What a promotion gives.
    pub enum Benefit: "promotion-benefit-unknown" {
        /// A percentage off the goods it applies to.
        Percent => "percent",
        /// A fixed amount off the goods it applies to (never more than they cost).
        Amount => "amount",
        /// Delivery costs nothing.
        FreeShipping => "free_shipping",
        /// For every `buy` + `get` items bought, the `get` cheapest are discounted (by
        /// `percent_bp`; 100 %: free).
        BuyXGetY => "buy_x_get_y",
    }
}

/// The longest code a seller may choose.
pub const CODE_MAX: usize = 32;
/// The most a fixed discount or a minimum order may be (a million, in minor units ×100).
const AMOUNT_MAX: i64 = 100_000_000;

/// A promotion's terms, as the seller sets them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Terms {
    pub benefit: Benefit,
    /// Basis points (2000: 20 %): the percentage off, or off the `get` items of a buy X get Y.
    pub percent_bp: u32,
    /// The amount off (a fixed discount).
    pub amount_minor: i64,
    pub buy: u32,
    pub get: u32,
    /// The least the goods must cost (before any discount) for it to apply; 0: no minimum.
    pub min_subtotal_minor: i64,
    /// From when, until when (UTC seconds, the end excluded); none: no limit.
    pub starts_at: Option<i64>,
    pub ends_at: Option<i64>,
    /// How many orders may use it in all, and per customer (by e-mail address).
    pub max_uses: Option<i64>,
    pub per_customer: Option<i64>,
}

impl Terms {
    /// The terms' problems, each with the form field it belongs to.
    pub fn problems(&self) -> Vec<(&'static str, ValidationError)> {
        let mut out = Vec::new();
        let percent_ok = (1..=10_000).contains(&self.percent_bp);
        match self.benefit {
            Benefit::Percent if !percent_ok => {
                out.push(("percent", ValidationError::new("promotion-percent-range")))
            }
            Benefit::Amount if !(1..=AMOUNT_MAX).contains(&self.amount_minor) => {
                out.push(("amount", ValidationError::new("promotion-amount-positive")))
            }
            Benefit::BuyXGetY => {
                if !(1..=99).contains(&self.buy) {
                    out.push(("buy", ValidationError::new("promotion-quantity-range")));
                }
                if !(1..=99).contains(&self.get) {
                    out.push(("get", ValidationError::new("promotion-quantity-range")));
                }
                if !percent_ok {
                    out.push(("percent", ValidationError::new("promotion-percent-range")));
                }
            }
            _ => {}
        }
        if !(0..=AMOUNT_MAX).contains(&self.min_subtotal_minor) {
            out.push((
                "min_subtotal",
                ValidationError::new("promotion-amount-positive"),
            ));
        }
        if let (Some(a), Some(b)) = (self.starts_at, self.ends_at) {
            if b <= a {
                out.push((
                    "ends_on",
                    ValidationError::new("promotion-ends-before-start"),
                ));
            }
        }
        for (field, limit) in [
            ("max_uses", self.max_uses),
            ("per_customer", self.per_customer),
        ] {
            if limit.is_some_and(|n| !(1..=1_000_000_000).contains(&n)) {
                out.push((field, ValidationError::new("promotion-limit-positive")));
            }
        }
        out
    }

    /// Whether it may be used at `now` by a customer who used it `customer_uses` times, when
    /// orders have used it `uses` times; the reason it may not, otherwise.
    pub fn usable(&self, now: i64, uses: i64, customer_uses: i64) -> Result<(), ValidationError> {
        if self.starts_at.is_some_and(|s| now < s) {
            return Err(ValidationError::new("promotion-not-started"));
        }
        if self.ends_at.is_some_and(|e| now >= e) {
            return Err(ValidationError::new("promotion-ended"));
        }
        if self.max_uses.is_some_and(|m| uses >= m) {
            return Err(ValidationError::new("promotion-used-up"));
        }
        if self.per_customer.is_some_and(|m| customer_uses >= m) {
            return Err(ValidationError::new("promotion-customer-limit"));
        }
        Ok(())
    }

    /// What it takes off each of `items` (in their order), or why it gives nothing to them.
    /// Free delivery takes nothing off the goods: its lines are all zero.
    pub fn discount(&self, items: &[Item]) -> Result<Vec<i64>, ValidationError> {
        let goods: i64 = items.iter().map(|i| i.amount_minor.max(0)).sum();
        if goods < self.min_subtotal_minor {
            return Err(
                ValidationError::new("promotion-min-subtotal").with("min", self.min_subtotal_minor)
            );
        }
        let eligible: Vec<i64> = items
            .iter()
            .map(|i| if i.eligible { i.amount_minor.max(0) } else { 0 })
            .collect();
        let base: i64 = eligible.iter().sum();
        if base == 0 {
            return Err(ValidationError::new("promotion-nothing-eligible"));
        }
        let spread = |off: i64| -> Vec<i64> { split_pro_rata(off.clamp(0, base), &eligible) };
        Ok(match self.benefit {
            Benefit::FreeShipping => vec![0; items.len()],
            Benefit::Percent => spread(percent_of(base, self.percent_bp)),
            Benefit::Amount => spread(self.amount_minor),
            Benefit::BuyXGetY => {
                let off = buy_x_get_y(items, self.buy, self.get, self.percent_bp);
                if off.iter().all(|o| *o == 0) {
                    return Err(ValidationError::new("promotion-buy-more")
                        .with("count", self.buy + self.get));
                }
                off
            }
        })
    }
}

/// `bp` basis points of `amount`, rounded half up.
pub fn percent_of(amount: i64, bp: u32) -> i64 {
    let exact = i128::from(amount) * i128::from(bp);
    i64::try_from((exact + 5_000) / 10_000).unwrap_or(i64::MAX)
}

/// For every `buy` + `get` eligible units, the `get` cheapest of them discounted by `bp`:
/// units taken from the dearest down, so the discounted ones are the cheapest of the order.
fn buy_x_get_y(items: &[Item], buy: u32, get: u32, bp: u32) -> Vec<i64> {
    let mut off = vec![0i64; items.len()];
    let group = i64::from(buy) + i64::from(get);
    if group == 0 || get == 0 {
        return off;
    }
    // (unit price, line) for every eligible unit; a line's last unit takes what division left.
    let mut units: Vec<(i64, usize)> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        if !item.eligible || item.units <= 0 || item.amount_minor <= 0 {
            continue;
        }
        let unit = item.amount_minor / item.units;
        units.extend(std::iter::repeat_n((unit, i), item.units as usize));
    }
    units.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let free = (units.len() as i64 / group) * i64::from(get);
    for &(unit, i) in units.iter().rev().take(free as usize) {
        off[i] += percent_of(unit, bp);
    }
    for (o, item) in off.iter_mut().zip(items) {
        *o = (*o).min(item.amount_minor.max(0));
    }
    off
}

/// One of an order's lines, as a promotion sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Item {
    /// What the line costs before any discount.
    pub amount_minor: i64,
    /// How many of the thing (a rental period counts as one).
    pub units: i64,
    /// Whether the promotion applies to it (its products or category).
    pub eligible: bool,
}

/// A promotion the order may get: its terms and what it applies to.
#[derive(Debug, Clone)]
pub struct Candidate<'a> {
    pub terms: &'a Terms,
    /// Whether the shopper typed its code (an automatic promotion needs none).
    pub by_code: bool,
    /// Whether each line of the order is one it applies to.
    pub eligible: Vec<bool>,
    /// Whether it may be used now (dates, limits), as [`Terms::usable`] says.
    pub usable: Result<(), ValidationError>,
}

/// What promotions give an order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Applied {
    /// Off each line, in the order's order.
    pub lines: Vec<i64>,
    /// The candidate whose discount the goods get, if any.
    pub goods_by: Option<usize>,
    /// The candidate that makes delivery free, if any.
    pub shipping_by: Option<usize>,
    /// Why the shopper's code gives nothing, when it does not.
    pub code_refused: Option<ValidationError>,
}

impl Applied {
    pub fn goods_minor(&self) -> i64 {
        self.lines.iter().sum()
    }

    pub fn free_shipping(&self) -> bool {
        self.shipping_by.is_some()
    }
}

/// The promotions an order with `lines` (amounts before discount, units) gets of `candidates`:
/// the largest discount on the goods (a code before an automatic promotion on a tie, then the
/// first listed), and free delivery when one that applies gives it.
pub fn apply(lines: &[(i64, i64)], candidates: &[Candidate<'_>]) -> Applied {
    let mut applied = Applied {
        lines: vec![0; lines.len()],
        ..Applied::default()
    };
    let mut best: Option<(usize, i64, Vec<i64>)> = None;
    let mut code_gives: Option<(usize, Result<i64, ValidationError>)> = None;
    for (c_i, c) in candidates.iter().enumerate() {
        let items: Vec<Item> = lines
            .iter()
            .enumerate()
            .map(|(i, &(amount_minor, units))| Item {
                amount_minor,
                units,
                eligible: c.eligible.get(i).copied().unwrap_or(false),
            })
            .collect();
        let result = c.usable.clone().and_then(|()| c.terms.discount(&items));
        if c.by_code {
            code_gives = Some((
                c_i,
                result
                    .as_ref()
                    .map(|o| o.iter().sum())
                    .map_err(Clone::clone),
            ));
        }
        let Ok(off) = result else { continue };
        if c.terms.benefit == Benefit::FreeShipping {
            let better = match applied.shipping_by {
                None => true,
                Some(s) => c.by_code && !candidates[s].by_code,
            };
            if better {
                applied.shipping_by = Some(c_i);
            }
            continue;
        }
        let total: i64 = off.iter().sum();
        let better = match &best {
            None => total > 0,
            Some((b, t, _)) => total > *t || (total == *t && c.by_code && !candidates[*b].by_code),
        };
        if better {
            best = Some((c_i, total, off));
        }
    }
    if let Some((c_i, _, off)) = best {
        applied.goods_by = Some(c_i);
        applied.lines = off;
    }
    if let Some((c_i, result)) = code_gives {
        let used = applied.goods_by == Some(c_i) || applied.shipping_by == Some(c_i);
        applied.code_refused = match result {
            Err(e) => Some(e),
            Ok(_) if !used => Some(ValidationError::new("promotion-better-applied")),
            Ok(_) => None,
        };
    }
    applied
}

/// A code as kept and compared: trimmed, in capitals; refused when it is not 3 to
/// [`CODE_MAX`] letters, digits, dashes or underscores.
pub fn normalise_code(input: &str) -> Result<String, ValidationError> {
    let code = input.trim().to_uppercase();
    let ok = (3..=CODE_MAX).contains(&code.chars().count())
        && code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if ok {
        Ok(code)
    } else {
        Err(ValidationError::new("promotion-code-invalid").with("max", CODE_MAX))
    }
}

/// Message ids this module can produce, with their arguments.
pub const CODES: &[(&str, &[&str])] = &[
    ("promotion-benefit-unknown", &["value"]),
    ("promotion-percent-range", &[]),
    ("promotion-amount-positive", &[]),
    ("promotion-quantity-range", &[]),
    ("promotion-ends-before-start", &[]),
    ("promotion-limit-positive", &[]),
    ("promotion-not-started", &[]),
    ("promotion-ended", &[]),
    ("promotion-used-up", &[]),
    ("promotion-customer-limit", &[]),
    ("promotion-min-subtotal", &["min"]),
    ("promotion-nothing-eligible", &[]),
    ("promotion-buy-more", &["count"]),
    ("promotion-better-applied", &[]),
    ("promotion-code-invalid", &["max"]),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::assert_code;
    use proptest::prelude::*;

    fn terms(benefit: Benefit) -> Terms {
        Terms {
            benefit,
            percent_bp: 2_000,
            amount_minor: 500,
            buy: 2,
            get: 1,
            min_subtotal_minor: 0,
            starts_at: None,
            ends_at: None,
            max_uses: None,
            per_customer: None,
        }
    }

    fn items(lines: &[(i64, i64)]) -> Vec<Item> {
        lines
            .iter()
            .map(|&(amount_minor, units)| Item {
                amount_minor,
                units,
                eligible: true,
            })
            .collect()
    }

    #[test]
    fn twenty_percent_is_rounded_once_and_spread_to_the_cent() {
        // 3 × 3.33 € at 20 %: 1.998 € rounds to 2.00 €, not 3 × 0.67 €.
        let off = terms(Benefit::Percent)
            .discount(&items(&[(333, 1), (333, 1), (333, 1)]))
            .unwrap();
        assert_eq!(off.iter().sum::<i64>(), 200);
        assert!(off.iter().all(|o| (66..=67).contains(o)), "{off:?}");
    }

    #[test]
    fn a_fixed_amount_never_exceeds_the_goods() {
        let mut t = terms(Benefit::Amount);
        t.amount_minor = 10_000;
        let off = t.discount(&items(&[(1_500, 1), (2_500, 5)])).unwrap();
        assert_eq!(off, vec![1_500, 2_500]);
    }

    #[test]
    fn buy_two_get_one_gives_the_cheapest_of_each_three() {
        let t = terms(Benefit::BuyXGetY);
        let mut full = t.clone();
        full.percent_bp = 10_000;
        // 7 units: 2 groups of three, so the 2 cheapest units (one at 4, one at 6) are free.
        let off = full
            .discount(&items(&[(3_000, 3), (1_200, 2), (400, 1), (600, 1)]))
            .unwrap();
        assert_eq!(off, vec![0, 0, 400, 600]);
        // At 20 % off instead of free.
        let off = t.discount(&items(&[(3_000, 3)])).unwrap();
        assert_eq!(off, vec![200]);
        assert_code(full.discount(&items(&[(3_000, 2)])), "promotion-buy-more");
    }

    #[test]
    fn dates_and_limits_say_why() {
        let mut t = terms(Benefit::Percent);
        t.starts_at = Some(100);
        t.ends_at = Some(200);
        t.max_uses = Some(10);
        t.per_customer = Some(1);
        assert_code(t.usable(99, 0, 0), "promotion-not-started");
        assert!(t.usable(100, 9, 0).is_ok());
        assert_code(t.usable(200, 0, 0), "promotion-ended");
        assert_code(t.usable(150, 10, 0), "promotion-used-up");
        assert_code(t.usable(150, 3, 1), "promotion-customer-limit");
        t.min_subtotal_minor = 5_000;
        let e = assert_code(t.discount(&items(&[(4_999, 1)])), "promotion-min-subtotal");
        assert_eq!(e.arg("min"), Some("5000"));
        assert!(t.discount(&items(&[(5_000, 1)])).is_ok());
    }

    #[test]
    fn the_form_is_checked_field_by_field() {
        let mut t = terms(Benefit::Percent);
        t.percent_bp = 10_001;
        t.starts_at = Some(10);
        t.ends_at = Some(10);
        t.max_uses = Some(0);
        let fields: Vec<&str> = t.problems().iter().map(|p| p.0).collect();
        assert_eq!(fields, ["percent", "ends_on", "max_uses"]);
        assert!(terms(Benefit::FreeShipping).problems().is_empty());
        let mut b = terms(Benefit::BuyXGetY);
        b.get = 0;
        assert_eq!(b.problems()[0].0, "get");
    }

    #[test]
    fn codes_are_kept_in_capitals() {
        assert_eq!(normalise_code("  bienvenue-10 ").unwrap(), "BIENVENUE-10");
        for bad in ["ab", "é-promo", "a b c", &"X".repeat(33)] {
            assert_code(normalise_code(bad), "promotion-code-invalid");
        }
    }

    #[test]
    fn the_best_discount_wins_and_the_code_is_told_why_not() {
        let ten = {
            let mut t = terms(Benefit::Percent);
            t.percent_bp = 1_000;
            t
        };
        let twenty = terms(Benefit::Percent);
        let ship = terms(Benefit::FreeShipping);
        let cand = |t, by_code| Candidate {
            terms: t,
            by_code,
            eligible: vec![true],
            usable: Ok(()),
        };
        let lines = [(10_000, 1)];
        // The code gives 10 %, an automatic promotion 20 %: the 20 % and the code is told.
        let a = apply(&lines, &[cand(&ten, true), cand(&twenty, false)]);
        assert_eq!(a.goods_minor(), 2_000);
        assert_eq!(a.goods_by, Some(1));
        assert_eq!(a.code_refused.unwrap().code, "promotion-better-applied");
        // Free delivery combines with a discount on the goods.
        let a = apply(&lines, &[cand(&ship, true), cand(&ten, false)]);
        assert_eq!(
            (a.goods_minor(), a.shipping_by, a.code_refused),
            (1_000, Some(0), None)
        );
        // A code refused says why, and gives nothing.
        let mut used_up = cand(&twenty, true);
        used_up.usable = Err(ValidationError::new("promotion-used-up"));
        let a = apply(&lines, &[used_up]);
        assert_eq!(a.goods_minor(), 0);
        assert_eq!(a.code_refused.unwrap().code, "promotion-used-up");
    }

    fn any_benefit() -> impl Strategy<Value = Terms> {
        (
            prop_oneof![
                Just(Benefit::Percent),
                Just(Benefit::Amount),
                Just(Benefit::FreeShipping),
                Just(Benefit::BuyXGetY)
            ],
            1u32..=10_000,
            1i64..200_000,
            1u32..5,
            1u32..5,
            0i64..50_000,
        )
            .prop_map(|(benefit, percent_bp, amount_minor, buy, get, min)| Terms {
                benefit,
                percent_bp,
                amount_minor,
                buy,
                get,
                min_subtotal_minor: min,
                ..terms(benefit)
            })
    }

    fn any_lines() -> impl Strategy<Value = Vec<(i64, bool)>> {
        // (unit price, quantity, eligible) → (amount, units) kept with eligibility.
        proptest::collection::vec((0i64..50_000, 1i64..10, any::<bool>()), 1..8)
            .prop_map(|v| v.into_iter().map(|(unit, q, e)| (unit * q, e)).collect())
    }

    proptest! {
        /// A discount never takes more than a line costs, never touches a line it does not
        /// apply to, never goes below zero, and its lines add up to what it says.
        #[test]
        fn discounts_stay_within_the_lines(t in any_benefit(), lines in proptest::collection::vec((1i64..50_000, 1i64..10, any::<bool>()), 1..8)) {
            let items: Vec<Item> = lines.iter().map(|&(unit, units, eligible)| Item {
                amount_minor: unit * units, units, eligible,
            }).collect();
            if let Ok(off) = t.discount(&items) {
                prop_assert_eq!(off.len(), items.len());
                let base: i64 = items.iter().filter(|i| i.eligible).map(|i| i.amount_minor).sum();
                for (o, i) in off.iter().zip(&items) {
                    prop_assert!(*o >= 0);
                    prop_assert!(*o <= i.amount_minor);
                    if !i.eligible { prop_assert_eq!(*o, 0); }
                }
                let sum: i64 = off.iter().sum();
                match t.benefit {
                    Benefit::Percent => prop_assert_eq!(sum, percent_of(base, t.percent_bp).min(base)),
                    Benefit::Amount => prop_assert_eq!(sum, t.amount_minor.min(base)),
                    Benefit::FreeShipping => prop_assert_eq!(sum, 0),
                    Benefit::BuyXGetY => {
                        // Never more than the `get` share of the units, at the dearest price.
                        let units: i64 = items.iter().filter(|i| i.eligible).map(|i| i.units).sum();
                        let free = units / i64::from(t.buy + t.get) * i64::from(t.get);
                        let dearest = items.iter().filter(|i| i.eligible).map(|i| i.amount_minor / i.units).max().unwrap_or(0);
                        prop_assert!(sum <= free * dearest);
                        prop_assert!(sum > 0);
                    }
                }
            }
        }

        /// The order gets the largest discount of those that apply: none of them alone would
        /// have taken more off its goods.
        #[test]
        fn the_order_gets_the_largest_discount(ts in proptest::collection::vec(any_benefit(), 1..4), lines in any_lines()) {
            let amounts: Vec<(i64, i64)> = lines.iter().map(|&(a, _)| (a, 1)).collect();
            let eligible: Vec<bool> = lines.iter().map(|&(_, e)| e).collect();
            let cands: Vec<Candidate> = ts.iter().enumerate().map(|(i, t)| Candidate {
                terms: t, by_code: i == 0, eligible: eligible.clone(), usable: Ok(()),
            }).collect();
            let applied = apply(&amounts, &cands);
            for c in &cands {
                let items: Vec<Item> = amounts.iter().zip(&eligible).map(|(&(a, u), &e)| Item { amount_minor: a, units: u, eligible: e }).collect();
                if let Ok(off) = c.terms.discount(&items) {
                    prop_assert!(applied.goods_minor() >= off.iter().sum::<i64>());
                    if c.terms.benefit == Benefit::FreeShipping {
                        prop_assert!(applied.free_shipping());
                    }
                }
            }
            let total: i64 = amounts.iter().map(|a| a.0).sum();
            prop_assert!(applied.goods_minor() <= total);
        }
    }
}
