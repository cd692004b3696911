//! The consumer's right of withdrawal from a distance contract (Code de la consommation,
//! art. L221-18 and following): 14 days, counted from receipt of the goods (from the order for
//! services), and the products it does not cover (art. L221-28). Since 19 June 2026 an online
//! shop offers a "withdrawal function" to exercise it; this module says when it is open and for
//! which products.

use super::OrderStatus;
use crate::catalog::product::ProductKind;

/// Days the consumer has to withdraw.
pub const DAYS: i64 = 14;
const DAY_SECONDS: i64 = 86_400;

/// Why a product is not covered by the right of withdrawal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Exception {
    /// Goods liable to deteriorate or expire rapidly (art. L221-28, 4°).
    Perishable,
    /// Digital content supplied without a tangible medium, once the download began with the
    /// consumer's consent (13°).
    Digital,
    /// Services fully performed before the end of the period, leisure services and rentals for
    /// a set date (1° and 12°).
    Service,
}

impl Exception {
    /// The message id that explains it to the buyer.
    pub fn code(self) -> &'static str {
        match self {
            Exception::Perishable => "withdrawal-exception-perishable",
            Exception::Digital => "withdrawal-exception-digital",
            Exception::Service => "withdrawal-exception-service",
        }
    }
}

/// The exception a product of this kind falls under, if any. Live animals and unique pieces
/// are goods like any other: the right applies.
pub fn exception(kind: ProductKind) -> Option<Exception> {
    match kind {
        ProductKind::Perishable => Some(Exception::Perishable),
        ProductKind::Digital => Some(Exception::Digital),
        ProductKind::Service | ProductKind::Rental => Some(Exception::Service),
        ProductKind::Physical | ProductKind::Unique | ProductKind::LiveAnimal => None,
    }
}

/// Whether the period is still running for an order in `status`, placed at `placed_at` and
/// received at `delivered_at` (None: not received yet, so the period has not even started).
/// A cancelled or refunded order has nothing left to withdraw from.
pub fn window_open(
    status: OrderStatus,
    placed_at: i64,
    delivered_at: Option<i64>,
    now: i64,
) -> bool {
    if matches!(status, OrderStatus::Cancelled | OrderStatus::Refunded) {
        return false;
    }
    let from = delivered_at.unwrap_or(now).max(placed_at);
    now <= from + DAYS * DAY_SECONDS
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: i64 = 86_400;

    #[test]
    fn the_fourteen_days_run_from_receipt_and_not_before() {
        let placed = 1_000 * DAY;
        // Not received yet, even long after the order: open.
        assert!(window_open(
            OrderStatus::Shipped,
            placed,
            None,
            placed + 40 * DAY
        ));
        let received = placed + 3 * DAY;
        assert!(window_open(
            OrderStatus::Delivered,
            placed,
            Some(received),
            received + 14 * DAY
        ));
        assert!(!window_open(
            OrderStatus::Delivered,
            placed,
            Some(received),
            received + 14 * DAY + 1
        ));
        assert!(!window_open(OrderStatus::Cancelled, placed, None, placed));
        assert!(!window_open(
            OrderStatus::Refunded,
            placed,
            Some(received),
            received
        ));
    }

    #[test]
    fn perishables_downloads_and_dated_services_are_not_covered() {
        assert_eq!(
            exception(ProductKind::Perishable),
            Some(Exception::Perishable)
        );
        assert_eq!(exception(ProductKind::Digital), Some(Exception::Digital));
        assert_eq!(exception(ProductKind::Rental), Some(Exception::Service));
        assert_eq!(exception(ProductKind::LiveAnimal), None);
        assert_eq!(exception(ProductKind::Unique), None);
    }
}
