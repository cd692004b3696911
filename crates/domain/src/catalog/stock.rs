//! Stock of a product or variant: what the page says about availability and
//! whether an order of a given quantity may go through.

use crate::catalog::product::ProductKind;
use crate::error::ValidationError;

/// Below or at this quantity the storefront says "only n left" and the
/// admin's inventory view warns the seller.
pub const LOW_STOCK_THRESHOLD: i64 = 5;

/// Largest quantity a seller may enter; beyond it is a typo.
pub const MAX_QUANTITY: i64 = 1_000_000;

/// How one product or variant is stocked. `quantity` may be negative when
/// backorders were taken beyond the stock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct StockPolicy {
    /// Off for things that never run out (made to order, services).
    pub track: bool,
    pub quantity: i64,
    /// Keep selling at zero; the order ships when stock comes back.
    pub allow_backorder: bool,
}

/// What the product page shows about stock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Availability {
    InStock(i64),
    /// Few left: at most the threshold, at least one.
    LowStock(i64),
    OutOfStock,
    /// None in stock, but orders are taken.
    Backorder,
    NotTracked,
}

impl Availability {
    /// Whether a page showing `self` may go on being served once stock is `other`: "in stock"
    /// says no count, every other state does (or is a different state).
    pub fn same_on_page(self, other: Availability) -> bool {
        match (self, other) {
            (Availability::InStock(_), Availability::InStock(_)) => true,
            (a, b) => a == b,
        }
    }

    /// Schema.org `availability` for the Offer in JSON-LD.
    pub fn schema_org(self) -> &'static str {
        match self {
            Availability::InStock(_) | Availability::LowStock(_) | Availability::NotTracked => {
                "https://schema.org/InStock"
            }
            Availability::OutOfStock => "https://schema.org/OutOfStock",
            Availability::Backorder => "https://schema.org/BackOrder",
        }
    }
}

impl StockPolicy {
    /// A one-off piece: tracked, never backordered, 1 until sold, then 0.
    pub fn unique(sold: bool) -> StockPolicy {
        StockPolicy {
            track: true,
            quantity: if sold { 0 } else { 1 },
            allow_backorder: false,
        }
    }

    /// Checks a policy entered for a product of `kind`: quantities between 0
    /// and [`MAX_QUANTITY`], and for unique items the only shapes that make
    /// sense (see [`StockPolicy::unique`]).
    pub fn check(&self, kind: ProductKind) -> Result<(), ValidationError> {
        if kind == ProductKind::Unique {
            if !self.track || !(0..=1).contains(&self.quantity) {
                return Err(ValidationError::new("stock-unique-quantity"));
            }
            if self.allow_backorder {
                return Err(ValidationError::new("stock-unique-backorder"));
            }
        }
        if self.quantity < 0 {
            return Err(ValidationError::new("stock-negative"));
        }
        if self.quantity > MAX_QUANTITY {
            return Err(ValidationError::new("stock-too-large").with("max", MAX_QUANTITY));
        }
        Ok(())
    }

    /// Reads a quantity typed in the stock field ("12", " 1 000 ").
    pub fn parse_quantity(text: &str) -> Result<i64, ValidationError> {
        let compact: String = text
            .chars()
            .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
            .collect();
        let unsigned = compact.strip_prefix(['-', '\u{2212}']);
        let negative = unsigned.is_some();
        let digits = unsigned.unwrap_or_else(|| compact.strip_prefix('+').unwrap_or(&compact));
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(ValidationError::new("stock-quantity-invalid"));
        }
        if negative {
            return Err(ValidationError::new("stock-negative"));
        }
        match digits.trim_start_matches('0') {
            "" => Ok(0),
            d if d.len() <= 7 && d.parse::<i64>().is_ok_and(|n| n <= MAX_QUANTITY) => {
                Ok(d.parse().unwrap_or(0))
            }
            _ => Err(ValidationError::new("stock-too-large").with("max", MAX_QUANTITY)),
        }
    }

    pub fn availability(&self) -> Availability {
        self.availability_with_threshold(LOW_STOCK_THRESHOLD)
    }

    /// As [`StockPolicy::availability`], with a seller-chosen threshold.
    pub fn availability_with_threshold(&self, threshold: i64) -> Availability {
        match (self.track, self.quantity, self.allow_backorder) {
            (false, _, _) => Availability::NotTracked,
            (true, q, true) if q <= 0 => Availability::Backorder,
            (true, q, false) if q <= 0 => Availability::OutOfStock,
            (true, q, _) if q <= threshold => Availability::LowStock(q),
            (true, q, _) => Availability::InStock(q),
        }
    }

    /// Whether `qty` more can be ordered now.
    pub fn can_sell(&self, qty: i64) -> bool {
        qty > 0 && (!self.track || self.allow_backorder || qty <= self.quantity)
    }

    /// The policy after selling `qty`, or `None` when that sale is not
    /// allowed. Untracked stock does not move.
    pub fn after_sale(&self, qty: i64) -> Option<StockPolicy> {
        if !self.can_sell(qty) {
            return None;
        }
        if !self.track {
            return Some(*self);
        }
        Some(StockPolicy {
            quantity: self.quantity.checked_sub(qty)?,
            ..*self
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::assert_code;
    use proptest::prelude::*;

    fn tracked(quantity: i64, allow_backorder: bool) -> StockPolicy {
        StockPolicy {
            track: true,
            quantity,
            allow_backorder,
        }
    }

    #[test]
    fn a_page_changes_when_its_stock_words_do() {
        let shown = |q: i64| tracked(q, false).availability();
        assert!(shown(40).same_on_page(shown(39)));
        assert!(shown(6).same_on_page(shown(100)));
        assert!(!shown(6).same_on_page(shown(5)));
        assert!(!shown(5).same_on_page(shown(4)));
        assert!(!shown(1).same_on_page(shown(0)));
        assert!(shown(0).same_on_page(shown(0)));
        let backorder = |q: i64| tracked(q, true).availability();
        assert!(backorder(0).same_on_page(backorder(-3)));
        assert!(!backorder(1).same_on_page(backorder(0)));
    }

    #[test]
    fn availability() {
        use Availability::*;
        assert_eq!(tracked(50, false).availability(), InStock(50));
        assert_eq!(tracked(6, false).availability(), InStock(6));
        assert_eq!(tracked(5, false).availability(), LowStock(5));
        assert_eq!(tracked(1, true).availability(), LowStock(1));
        assert_eq!(tracked(0, false).availability(), OutOfStock);
        assert_eq!(tracked(0, true).availability(), Backorder);
        assert_eq!(tracked(-3, true).availability(), Backorder);
        let untracked = StockPolicy {
            track: false,
            quantity: 0,
            allow_backorder: false,
        };
        assert_eq!(untracked.availability(), NotTracked);
        assert_eq!(
            tracked(10, false).availability_with_threshold(10),
            LowStock(10)
        );
        assert_eq!(tracked(3, false).availability_with_threshold(0), InStock(3));
        assert_eq!(OutOfStock.schema_org(), "https://schema.org/OutOfStock");
        assert_eq!(Backorder.schema_org(), "https://schema.org/BackOrder");
        assert_eq!(LowStock(2).schema_org(), "https://schema.org/InStock");
    }

    #[test]
    fn selling() {
        assert!(tracked(3, false).can_sell(3));
        assert!(!tracked(3, false).can_sell(4));
        assert!(tracked(3, true).can_sell(40));
        assert!(!tracked(3, false).can_sell(0));
        assert!(!tracked(3, false).can_sell(-1));
        let untracked = StockPolicy {
            track: false,
            quantity: 0,
            allow_backorder: false,
        };
        assert!(untracked.can_sell(1000));
        assert_eq!(untracked.after_sale(5), Some(untracked));
        assert_eq!(tracked(3, false).after_sale(2), Some(tracked(1, false)));
        assert_eq!(tracked(1, true).after_sale(3), Some(tracked(-2, true)));
        assert_eq!(tracked(1, false).after_sale(2), None);
    }

    #[test]
    fn unique_items_sell_once() {
        let piece = StockPolicy::unique(false);
        assert_eq!(piece.check(ProductKind::Unique), Ok(()));
        assert_eq!(piece.availability(), Availability::LowStock(1));
        assert!(!piece.can_sell(2));
        let sold = piece.after_sale(1).unwrap();
        assert_eq!(sold, StockPolicy::unique(true));
        assert_eq!(sold.availability(), Availability::OutOfStock);
        assert!(!sold.can_sell(1));
        assert_eq!(sold.check(ProductKind::Unique), Ok(()));
    }

    #[test]
    fn checks_per_kind() {
        assert_code(
            tracked(2, false).check(ProductKind::Unique),
            "stock-unique-quantity",
        );
        let untracked = StockPolicy {
            track: false,
            quantity: 1,
            allow_backorder: false,
        };
        assert_code(
            untracked.check(ProductKind::Unique),
            "stock-unique-quantity",
        );
        assert_code(
            tracked(1, true).check(ProductKind::Unique),
            "stock-unique-backorder",
        );
        assert_eq!(tracked(2, true).check(ProductKind::Physical), Ok(()));
        assert_code(
            tracked(-1, true).check(ProductKind::Physical),
            "stock-negative",
        );
        let e = assert_code(
            tracked(MAX_QUANTITY + 1, false).check(ProductKind::Physical),
            "stock-too-large",
        );
        assert_eq!(e.arg("max"), Some("1000000"));
    }

    #[test]
    fn quantity_parsing() {
        assert_eq!(StockPolicy::parse_quantity(" 12 "), Ok(12));
        assert_eq!(StockPolicy::parse_quantity("1 000"), Ok(1000));
        assert_eq!(StockPolicy::parse_quantity("+0"), Ok(0));
        assert_eq!(StockPolicy::parse_quantity("0001000000"), Ok(1_000_000));
        assert_code(StockPolicy::parse_quantity("-2"), "stock-negative");
        for bad in ["", "douze", "1.5", "1,5", "--2", "2-"] {
            assert_code(StockPolicy::parse_quantity(bad), "stock-quantity-invalid");
        }
        assert_code(StockPolicy::parse_quantity("1000001"), "stock-too-large");
        assert_code(
            StockPolicy::parse_quantity(&"9".repeat(30)),
            "stock-too-large",
        );
    }

    proptest! {
        #[test]
        fn without_backorders_stock_never_goes_below_zero(
            start in 0i64..50,
            orders in prop::collection::vec(-2i64..10, 0..30),
        ) {
            let mut stock = tracked(start, false);
            let mut sold = 0;
            for qty in orders {
                if let Some(next) = stock.after_sale(qty) {
                    prop_assert!(qty > 0);
                    sold += qty;
                    stock = next;
                }
                prop_assert!(stock.quantity >= 0);
                prop_assert_eq!(stock.quantity, start - sold);
                let out = stock.availability() == Availability::OutOfStock;
                prop_assert_eq!(out, stock.quantity == 0);
                prop_assert_eq!(stock.can_sell(1), !out);
            }
        }
    }
}
