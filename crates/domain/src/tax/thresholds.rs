//! Warnings a seller gets as the year's sales grow: the end of the VAT
//! franchise, and for private sellers, sales regular enough to be a
//! business.

use crate::error::ValidationError;
use crate::money::{Money, EUR};

/// The French VAT franchise thresholds (CGI art. 293 B), turnover excluding
/// VAT in EUR cents. Fields are public so the operator can follow a change
/// of law without a release; `Default` gives the thresholds in force in
/// 2026 (the 2025 reform that would have lowered them was abandoned).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FranchiseThresholds {
    /// Sales of goods (and lodging): €85,000. Applies to the whole
    /// turnover of a shop that also sells services.
    pub goods_minor: i64,
    /// Above this the franchise ends at once: €93,500.
    pub goods_tolerance_minor: i64,
    /// Services: €37,500.
    pub services_minor: i64,
    /// €41,250.
    pub services_tolerance_minor: i64,
    /// Warn from this share of a threshold, in percent.
    pub warn_percent: u8,
}

impl Default for FranchiseThresholds {
    fn default() -> Self {
        FranchiseThresholds {
            goods_minor: 8_500_000,
            goods_tolerance_minor: 9_350_000,
            services_minor: 3_750_000,
            services_tolerance_minor: 4_125_000,
            warn_percent: 80,
        }
    }
}

impl FranchiseThresholds {
    /// The problems of thresholds an operator typed, by field (`goods`, `goods_tolerance`,
    /// `services`, `services_tolerance`): every amount above zero, each tolerance at least its
    /// threshold. Empty when they can be used.
    pub fn problems(&self) -> Vec<(&'static str, ValidationError)> {
        let mut out = Vec::new();
        for (base_field, base, tol_field, tol) in [
            (
                "goods",
                self.goods_minor,
                "goods_tolerance",
                self.goods_tolerance_minor,
            ),
            (
                "services",
                self.services_minor,
                "services_tolerance",
                self.services_tolerance_minor,
            ),
        ] {
            if base <= 0 {
                out.push((
                    base_field,
                    ValidationError::new("tax-threshold-not-positive"),
                ));
            }
            if tol <= 0 {
                out.push((
                    tol_field,
                    ValidationError::new("tax-threshold-not-positive"),
                ));
            } else if base > 0 && tol < base {
                out.push((
                    tol_field,
                    ValidationError::new("tax-tolerance-below-threshold")
                        .with("threshold", Money::new(base, EUR)),
                ));
            }
        }
        out
    }
}

/// Where a turnover stands against a threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ThresholdLevel {
    Below,
    /// Past the warning share of the threshold.
    Approaching,
    /// Above the threshold, not above the tolerance: the franchise holds
    /// this year, and ends on 1 January if last year was above too.
    OverBase,
    /// Above the tolerance: VAT is due from the sale that crossed it.
    OverTolerance,
}

fn level(turnover: i64, base: i64, tolerance: i64, warn_percent: u8) -> ThresholdLevel {
    if turnover > tolerance {
        ThresholdLevel::OverTolerance
    } else if turnover > base {
        ThresholdLevel::OverBase
    } else if i128::from(turnover) * 100 >= i128::from(base) * i128::from(warn_percent) {
        ThresholdLevel::Approaching
    } else {
        ThresholdLevel::Below
    }
}

/// The franchise's standing for the year so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FranchiseCheck {
    /// The whole turnover against the goods threshold.
    pub goods: ThresholdLevel,
    /// The services part against the services threshold.
    pub services: ThresholdLevel,
    previous_year_over: bool,
    thresholds: FranchiseThresholds,
}

/// Checks the year's turnover of a shop under the franchise.
/// `previous_year_over_base` says whether last year's turnover was above
/// a base threshold (then a second year above ends the franchise).
pub fn franchise_check(
    goods_minor: i64,
    services_minor: i64,
    previous_year_over_base: bool,
    thresholds: &FranchiseThresholds,
) -> FranchiseCheck {
    let t = thresholds;
    FranchiseCheck {
        goods: level(
            goods_minor.saturating_add(services_minor),
            t.goods_minor,
            t.goods_tolerance_minor,
            t.warn_percent,
        ),
        services: level(
            services_minor,
            t.services_minor,
            t.services_tolerance_minor,
            t.warn_percent,
        ),
        previous_year_over: previous_year_over_base,
        thresholds: *t,
    }
}

impl FranchiseCheck {
    /// The most serious of the two levels.
    pub fn level(&self) -> ThresholdLevel {
        self.goods.max(self.services)
    }

    /// The notices to show on the admin dashboard, most serious first
    /// (message ids `tax-franchise-…`, with `kind` "goods" or "services"
    /// and amounts as "85000.00 EUR").
    pub fn notices(&self) -> Vec<ValidationError> {
        let t = &self.thresholds;
        let mut out: Vec<(ThresholdLevel, ValidationError)> = Vec::new();
        for (kind, lvl, base, tolerance) in [
            ("goods", self.goods, t.goods_minor, t.goods_tolerance_minor),
            (
                "services",
                self.services,
                t.services_minor,
                t.services_tolerance_minor,
            ),
        ] {
            let base = Money::new(base, EUR);
            let tolerance = Money::new(tolerance, EUR);
            let notice = match lvl {
                ThresholdLevel::Below => continue,
                ThresholdLevel::Approaching => ValidationError::new("tax-franchise-approaching")
                    .with("kind", kind)
                    .with("threshold", base),
                ThresholdLevel::OverBase if self.previous_year_over => {
                    ValidationError::new("tax-franchise-ends-next-year")
                        .with("kind", kind)
                        .with("threshold", base)
                }
                ThresholdLevel::OverBase => ValidationError::new("tax-franchise-over-base")
                    .with("kind", kind)
                    .with("threshold", base)
                    .with("tolerance", tolerance),
                ThresholdLevel::OverTolerance => ValidationError::new("tax-franchise-lost")
                    .with("kind", kind)
                    .with("tolerance", tolerance),
            };
            out.push((lvl, notice));
        }
        out.sort_by_key(|n| std::cmp::Reverse(n.0));
        out.into_iter().map(|(_, n)| n).collect()
    }
}

/// When a private seller's sales look regular: the thresholds above which
/// platforms report a seller to the tax office (Directive 2021/514 "DAC7",
/// CGI art. 1649 ter A): 30 sales or €2,000 in a calendar year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RegularityThresholds {
    pub sales: u32,
    pub amount_minor: i64,
    pub warn_percent: u8,
}

impl Default for RegularityThresholds {
    fn default() -> Self {
        RegularityThresholds {
            sales: 30,
            amount_minor: 200_000,
            warn_percent: 80,
        }
    }
}

impl RegularityThresholds {
    /// The problems of thresholds an operator typed, by field (`sales`, `amount`): both above
    /// zero. Empty when they can be used.
    pub fn problems(&self) -> Vec<(&'static str, ValidationError)> {
        let mut out = Vec::new();
        if self.sales == 0 {
            out.push(("sales", ValidationError::new("tax-threshold-not-positive")));
        }
        if self.amount_minor <= 0 {
            out.push(("amount", ValidationError::new("tax-threshold-not-positive")));
        }
        out
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PrivateSellerLevel {
    Occasional,
    Approaching,
    /// Either threshold reached: registering as a business is due.
    Regular,
}

/// A private seller's standing for the year, with the notice to show
/// (`private-seller-approaching` or `private-seller-regular`, whose
/// arguments are the thresholds), if any.
pub fn private_seller_check(
    sales: u32,
    amount_minor: i64,
    thresholds: &RegularityThresholds,
) -> (PrivateSellerLevel, Option<ValidationError>) {
    let t = thresholds;
    let warn = |value: i128, limit: i128| value * 100 >= limit * i128::from(t.warn_percent);
    let lvl = if sales >= t.sales || amount_minor >= t.amount_minor {
        PrivateSellerLevel::Regular
    } else if warn(sales.into(), t.sales.into()) || warn(amount_minor.into(), t.amount_minor.into())
    {
        PrivateSellerLevel::Approaching
    } else {
        PrivateSellerLevel::Occasional
    };
    let notice = |code| {
        ValidationError::new(code)
            .with("sales", t.sales)
            .with("amount", Money::new(t.amount_minor, EUR))
    };
    let notice = match lvl {
        PrivateSellerLevel::Occasional => None,
        PrivateSellerLevel::Approaching => Some(notice("private-seller-approaching")),
        PrivateSellerLevel::Regular => Some(notice("private-seller-regular")),
    };
    (lvl, notice)
}
