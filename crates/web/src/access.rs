//! Which role may use which part of a shop's back office. The admin pages and the admin API
//! call these same rules, so a route cannot let through what its page refuses.

use domain::account::Role;

/// Settings, appearance, legal identity, opening hours, custom domains (pages and `/api/v1/shop`).
pub fn can_settings(r: Role) -> bool {
    r.can_manage_settings()
}

/// The team: who works here and their e-mails (pages and `/api/v1/staff`).
pub fn can_staff(r: Role) -> bool {
    r.can_manage_staff()
}

/// Payment methods.
pub fn can_payments(r: Role) -> bool {
    r.can_manage_payments()
}

/// The shop's plan, its rent and the card it is paid with: the owner only.
pub fn can_billing(r: Role) -> bool {
    r == Role::Owner
}
