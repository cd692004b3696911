//! Subscription plan quotas, checked before a shop grows past what it pays for.

use crate::error::ValidationError;

const BYTES_PER_MB: i64 = 1024 * 1024;

/// What a plan allows. A negative limit means "unlimited", so a limit fits
/// in one integer wherever it is stored or configured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PlanLimits {
    pub max_products: i64,
    pub max_staff: i64,
    pub max_storage_bytes: i64,
}

impl PlanLimits {
    pub const UNLIMITED: PlanLimits = PlanLimits {
        max_products: -1,
        max_staff: -1,
        max_storage_bytes: -1,
    };

    /// Before inviting one more team member. Pending invitations count: an
    /// owner could otherwise send ten invitations on a three-seat plan.
    pub fn check_staff(&self, current_including_pending: i64) -> Result<(), ValidationError> {
        if room_for_one_more(self.max_staff, current_including_pending) {
            Ok(())
        } else {
            Err(ValidationError::new("plan-staff-limit").with("max", self.max_staff))
        }
    }

    /// Before creating one more product.
    pub fn check_products(&self, current: i64) -> Result<(), ValidationError> {
        if room_for_one_more(self.max_products, current) {
            Ok(())
        } else {
            Err(ValidationError::new("plan-product-limit").with("max", self.max_products))
        }
    }

    /// Before storing `adding` more bytes on top of `used`. The limit is
    /// reported in MB (MiB, rounded to the nearest) because that is the unit
    /// owners see for their photos.
    pub fn check_storage(&self, used: i64, adding: i64) -> Result<(), ValidationError> {
        let max = self.max_storage_bytes;
        if max < 0 || used.saturating_add(adding) <= max {
            Ok(())
        } else {
            let max_mb = (max + BYTES_PER_MB / 2) / BYTES_PER_MB;
            Err(ValidationError::new("plan-storage-limit").with("max_mb", max_mb))
        }
    }
}

fn room_for_one_more(max: i64, current: i64) -> bool {
    max < 0 || current < max
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::assert_code;

    const STARTER: PlanLimits = PlanLimits {
        max_products: 50,
        max_staff: 3,
        max_storage_bytes: 500 * BYTES_PER_MB,
    };

    #[test]
    fn staff_limit_counts_the_next_invitation() {
        assert!(STARTER.check_staff(0).is_ok());
        assert!(STARTER.check_staff(2).is_ok());
        let e = assert_code(STARTER.check_staff(3), "plan-staff-limit");
        assert_eq!(e.arg("max"), Some("3"));
        // After a downgrade the shop may already be over the limit.
        assert_code(STARTER.check_staff(7), "plan-staff-limit");
    }

    #[test]
    fn product_limit() {
        assert!(STARTER.check_products(49).is_ok());
        let e = assert_code(STARTER.check_products(50), "plan-product-limit");
        assert_eq!(e.arg("max"), Some("50"));
    }

    #[test]
    fn zero_means_none_allowed() {
        let none = PlanLimits {
            max_products: 0,
            max_staff: 0,
            max_storage_bytes: 0,
        };
        assert_code(none.check_products(0), "plan-product-limit");
        assert_code(none.check_staff(0), "plan-staff-limit");
        assert!(none.check_storage(0, 0).is_ok());
        assert_code(none.check_storage(0, 1), "plan-storage-limit");
    }

    #[test]
    fn storage_limit_is_inclusive() {
        let max = STARTER.max_storage_bytes;
        assert!(STARTER.check_storage(0, max).is_ok());
        assert!(STARTER.check_storage(max - 10, 10).is_ok());
        let e = assert_code(STARTER.check_storage(max - 10, 11), "plan-storage-limit");
        assert_eq!(e.arg("max_mb"), Some("500"));
        // Overflow must not wrap around into "plenty of room".
        assert_code(
            STARTER.check_storage(i64::MAX, i64::MAX),
            "plan-storage-limit",
        );
    }

    #[test]
    fn storage_limit_in_mb_is_rounded() {
        let odd = PlanLimits {
            max_storage_bytes: 1_500_000,
            ..STARTER
        };
        let e = assert_code(odd.check_storage(1_500_000, 1), "plan-storage-limit");
        assert_eq!(e.arg("max_mb"), Some("1"));
    }

    #[test]
    fn negative_limits_are_unlimited() {
        let u = PlanLimits::UNLIMITED;
        assert!(u.check_staff(1_000_000).is_ok());
        assert!(u.check_products(i64::MAX).is_ok());
        assert!(u.check_storage(i64::MAX, i64::MAX).is_ok());
        let mixed = PlanLimits {
            max_products: -5,
            ..STARTER
        };
        assert!(mixed.check_products(10_000).is_ok());
        assert_code(mixed.check_staff(3), "plan-staff-limit");
    }
}
