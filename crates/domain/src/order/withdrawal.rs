//! The consumer's right of withdrawal from a distance contract (Code de la consommation,
//! art. L221-18 and following): 14 days, counted from receipt of the goods (from the order for
//! services), and the products it does not cover (art. L221-28). Since 19 June 2026 an online
//! shop offers a "withdrawal function" to exercise it; this module says when it is open and for
//! which products.

use super::OrderStatus;
#[cfg(doc)]
use crate::catalog::product::ProductKind;
use crate::catalog::product::WithdrawalException;

/// Days the consumer has to withdraw.
pub const DAYS: i64 = 14;
const DAY_SECONDS: i64 = 86_400;

/// The message id that explains to the buyer why a product is not covered (which products
/// are not is [`ProductKind::withdrawal_exception`]'s rule).
pub fn message_id(e: WithdrawalException) -> &'static str {
    match e {
        WithdrawalException::Perishable => "withdrawal-exception-perishable",
        WithdrawalException::DigitalContent => "withdrawal-exception-digital",
        WithdrawalException::Service => "withdrawal-exception-service",
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

/// Whether a contract carries the right of withdrawal, as the buyer is told when ordering
/// and in the confirmation (with the model form when it does).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Right {
    /// It covers at least one product; the others fall under `excepted` (each reason once).
    Applies { excepted: Vec<WithdrawalException> },
    /// The seller is a private individual: no legal right at all.
    PrivateSeller,
    /// Every product is excepted, for these reasons (each once).
    AllExcepted(Vec<WithdrawalException>),
}

impl Right {
    pub fn applies(&self) -> bool {
        matches!(self, Right::Applies { .. })
    }
}

/// The right of a contract with a trader (`consumer_law`, see
/// [`crate::legal::LegalStatus::consumer_law_applies`]) for products with these exceptions
/// (None: covered).
pub fn right(
    consumer_law: bool,
    products: impl IntoIterator<Item = Option<WithdrawalException>>,
) -> Right {
    if !consumer_law {
        return Right::PrivateSeller;
    }
    let mut covered = false;
    let mut excepted = Vec::new();
    for p in products {
        match p {
            None => covered = true,
            Some(e) if !excepted.contains(&e) => excepted.push(e),
            Some(_) => {}
        }
    }
    if covered || excepted.is_empty() {
        Right::Applies { excepted }
    } else {
        Right::AllExcepted(excepted)
    }
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
    fn the_right_applies_unless_a_private_seller_or_every_product_is_excepted() {
        use WithdrawalException as W;
        assert_eq!(
            right(true, [None, Some(W::Perishable), Some(W::Perishable)]),
            Right::Applies {
                excepted: vec![W::Perishable]
            }
        );
        assert!(right(true, [None]).applies());
        assert_eq!(right(false, [None]), Right::PrivateSeller);
        assert_eq!(
            right(
                true,
                [Some(W::Perishable), Some(W::Service), Some(W::Perishable)]
            ),
            Right::AllExcepted(vec![W::Perishable, W::Service])
        );
        // Nothing bought yet (an empty contract) is not an exception.
        assert!(right(true, []).applies());
    }
}
