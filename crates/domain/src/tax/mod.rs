//! VAT on an order: which country's rates apply (France, the destination
//! once EU distance sales pass the OSS threshold, none for exports, the
//! VAT franchise or a private seller), the VAT of each line and the totals
//! per rate with one tested rounding rule, and the warnings a seller gets
//! as their sales approach a threshold.
//!
//! Rounding: VAT is rounded once per rate, on the total of the lines at
//! that rate, to the nearest minor unit, halves away from zero. Rounding per
//! line would let an order of many cheap lines drift by several cents from
//! the VAT of its total, which is what an invoice's per-rate summary
//! (CGI art. 242 nonies A) shows; rounding the order's whole VAT at once
//! would not give a figure per rate. For tax-included prices the VAT is
//! extracted from the rate's total and the net is what remains, so
//! net + VAT = what the shopper pays, to the cent.

use crate::catalog::{ProductKind, VatClass};
use crate::country::{Country, Destination};
use crate::error::ValidationError;

mod rates;
#[cfg(test)]
mod tests;
mod thresholds;

pub use rates::{rates_for, vat_area, VatArea, VatRates, EU_RATES};
pub use thresholds::{
    franchise_check, private_seller_check, FranchiseCheck, FranchiseThresholds, PrivateSellerLevel,
    RegularityThresholds, ThresholdLevel,
};

/// Mention on invoices of goods exported outside the EU by a VAT-registered
/// seller.
pub const EXPORT_MENTION: &str = "Exonération de TVA, art. 262 I du CGI";

/// EU-wide threshold of intra-EU distance sales (goods, and electronic
/// services to consumers), excluding VAT, above which the destination
/// country's VAT applies: €10,000 in EUR cents (Directive 2006/112/EC,
/// art. 59 quater; CGI art. 258 A).
pub const OSS_THRESHOLD_EUR_MINOR: i64 = 1_000_000;

const BASIS: i128 = 10_000;

keyword_enum! {
    /// How the shop's prices are typed.
    pub enum PriceEntry: "price-entry-unknown" {
        /// "Prix TTC", the French default for shops selling to consumers.
        TaxIncluded => "tax_included",
        /// "Prix HT", for shops selling mostly to professionals.
        TaxExcluded => "tax_excluded",
    }
}

keyword_enum! {
    /// The shop's VAT situation.
    pub enum VatRegime: "vat-regime-unknown" {
        /// Charges VAT.
        Normal => "normal",
        /// "Franchise en base" (CGI art. 293 B): charges no VAT and says so.
        Franchise => "franchise",
        /// A private seller (or an association outside VAT): not a taxable
        /// person, charges no VAT and prints no VAT mention.
        NotSubject => "not_subject",
    }
}

keyword_enum! {
    /// What a tax-included price becomes when the rate it was typed with
    /// does not apply (another EU country's rate, or no VAT on an export).
    pub enum ForeignPricing: "foreign-pricing-unknown" {
        /// Shoppers in the EU pay the price shown on the (cached) product
        /// page, the seller absorbing the difference of rates; exports pay
        /// the price without French VAT. The default.
        KeepGrossInEu => "keep_gross_in_eu",
        /// Everyone pays the price shown, exports included.
        KeepGross => "keep_gross",
        /// The price without the shop's VAT is kept and the applicable VAT
        /// added (a German buyer pays the net plus 19 %).
        KeepNet => "keep_net",
    }
}

/// What kind of supply a line is, which decides where it is taxed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Supply {
    /// Goods sent to the buyer: taxed at the destination once EU distance
    /// sales pass the threshold, not at all when they leave the EU.
    ShippedGoods,
    /// Goods collected at the shop: a sale in the shop's country, whoever
    /// the buyer is.
    CollectedGoods,
    /// Downloads: electronic services, taxed where the consumer lives
    /// (same threshold as goods inside the EU, none outside).
    DigitalService,
    /// Services performed at the seller's place and hire of goods: taxed
    /// where the seller is established (CGI art. 259 B general rule).
    LocalService,
}

impl Supply {
    /// The supply a product of `kind` makes; `collected` when the order is
    /// picked up at the shop.
    pub fn of(kind: ProductKind, collected: bool) -> Supply {
        match kind {
            ProductKind::Digital => Supply::DigitalService,
            ProductKind::Service | ProductKind::Rental => Supply::LocalService,
            _ if collected => Supply::CollectedGoods,
            _ => Supply::ShippedGoods,
        }
    }
}

/// A shop's VAT settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TaxProfile {
    /// Where the shop is established.
    pub country: Country,
    pub regime: VatRegime,
    pub entry: PriceEntry,
    pub foreign_pricing: ForeignPricing,
}

impl TaxProfile {
    /// A French shop selling to consumers: VAT, prices tax included.
    pub fn french_default() -> TaxProfile {
        TaxProfile {
            country: Country::FR,
            regime: VatRegime::Normal,
            entry: PriceEntry::TaxIncluded,
            foreign_pricing: ForeignPricing::KeepGrossInEu,
        }
    }
}

/// The shop's intra-EU distance sales (goods sent to consumers in other
/// member states, and downloads sold to them), excluding VAT, in EUR cents.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct EuSales {
    pub previous_year_minor: i64,
    /// This calendar year, before the order being priced.
    pub this_year_minor: i64,
    /// The seller chose destination VAT even below the threshold (an
    /// option valid two years, CGI art. 258 A III).
    pub opted_for_destination: bool,
}

impl EuSales {
    /// Destination VAT applies when last year's sales passed the threshold,
    /// or when this year's do with `order_minor` included: the sale that
    /// crosses the threshold is already taxed at destination.
    pub fn destination_applies(&self, order_minor: i64) -> bool {
        self.opted_for_destination
            || self.previous_year_minor > OSS_THRESHOLD_EUR_MINOR
            || self.this_year_minor.saturating_add(order_minor) > OSS_THRESHOLD_EUR_MINOR
    }
}

/// Why a line carries no VAT.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NoVatReason {
    Franchise,
    NotSubject,
    /// Goods leaving the EU VAT area, or a download sold outside the EU.
    Export,
}

/// Which VAT a line is charged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Taxation {
    Charge {
        rates: &'static VatRates,
        /// Taxed in the destination country (declared through the OSS).
        destination: bool,
    },
    NoVat(NoVatReason),
}

impl Taxation {
    pub fn rate(&self, class: VatClass) -> u32 {
        match self {
            Taxation::Charge { rates, .. } => rates.rate(class),
            Taxation::NoVat(_) => 0,
        }
    }

    /// The jurisdiction's code when VAT is charged.
    pub fn jurisdiction(&self) -> Option<&'static str> {
        match self {
            Taxation::Charge { rates, .. } => Some(rates.code),
            Taxation::NoVat(_) => None,
        }
    }
}

/// Decides whose VAT a supply bears.
///
/// - A private seller charges none, ever.
/// - Collected goods and local services: the shop's country (none under
///   the franchise).
/// - Goods shipped or downloads sold outside the EU VAT area: none (an
///   export), whatever the regime.
/// - Inside the shop's own country: the shop's rates, or none under the
///   franchise.
/// - To another member state: the shop's country below the €10,000
///   threshold ([`EuSales::destination_applies`]), the destination's rates
///   above it. That holds under the franchise too: above the threshold the
///   sale is taxable in the destination country, where the French
///   franchise does not reach, and the seller must register for the OSS.
///
/// Only shops established in the EU are supported; `order_minor` is the
/// order's distance-sale amount in EUR cents (tax-included amounts may be
/// passed: they can only switch to destination VAT one order early).
pub fn taxation(
    profile: &TaxProfile,
    eu_sales: &EuSales,
    supply: Supply,
    destination: &Destination,
    order_minor: i64,
) -> Result<Taxation, ValidationError> {
    if profile.regime == VatRegime::NotSubject {
        return Ok(Taxation::NoVat(NoVatReason::NotSubject));
    }
    let home = rates_for(profile.country.as_str()).ok_or_else(|| {
        ValidationError::new("tax-shop-country-unsupported").with("country", profile.country)
    })?;
    let origin = match profile.regime {
        VatRegime::Normal => Taxation::Charge {
            rates: home,
            destination: false,
        },
        _ => Taxation::NoVat(NoVatReason::Franchise),
    };
    match supply {
        Supply::CollectedGoods | Supply::LocalService => Ok(origin),
        Supply::ShippedGoods | Supply::DigitalService => match vat_area(destination) {
            VatArea::Outside => Ok(Taxation::NoVat(NoVatReason::Export)),
            // Northern Ireland is in the EU VAT area for goods only.
            VatArea::Eu(r) if r.code == "XI" && supply == Supply::DigitalService => {
                Ok(Taxation::NoVat(NoVatReason::Export))
            }
            VatArea::Eu(r) if r.code == home.code => Ok(origin),
            VatArea::Eu(r) if eu_sales.destination_applies(order_minor) => Ok(Taxation::Charge {
                rates: r,
                destination: true,
            }),
            VatArea::Eu(_) => Ok(origin),
        },
    }
}

/// Whether pricing an order for `destinations` can depend on the shop's EU distance sales (see
/// [`EuSales`]): only a shop that charges VAT, or may have to, sending to another member state's
/// VAT area. A shop selling at home or outside the EU need not add up a year of orders.
pub fn needs_eu_sales<'a>(
    profile: &TaxProfile,
    destinations: impl IntoIterator<Item = &'a Destination>,
) -> bool {
    if profile.regime == VatRegime::NotSubject {
        return false;
    }
    let Some(home) = rates_for(profile.country.as_str()) else {
        return true;
    };
    destinations
        .into_iter()
        .any(|d| matches!(vat_area(d), VatArea::Eu(r) if r.code != home.code))
}

/// Divides and rounds to the nearest integer, halves away from zero
/// (`denominator` > 0).
fn div_round(numerator: i128, denominator: i128) -> i128 {
    debug_assert!(denominator > 0);
    // `/` truncates toward zero and `%` keeps the numerator's sign.
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

/// VAT contained in a tax-included amount: `gross × rate / (1 + rate)`,
/// rounded halves away from zero. `rate_bp` in basis points.
pub fn vat_included(gross_minor: i64, rate_bp: u32) -> i64 {
    let rate = i128::from(rate_bp);
    clamp_i64(div_round(i128::from(gross_minor) * rate, BASIS + rate))
}

/// VAT to add to a tax-excluded amount: `net × rate`, rounded halves away
/// from zero.
pub fn vat_on(net_minor: i64, rate_bp: u32) -> i64 {
    clamp_i64(div_round(
        i128::from(net_minor) * i128::from(rate_bp),
        BASIS,
    ))
}

/// Re-expresses a tax-included amount typed with `from_bp` in `to_bp`
/// (same net, other rate), rounded halves away from zero.
pub fn convert_gross(gross_minor: i64, from_bp: u32, to_bp: u32) -> i64 {
    if from_bp == to_bp {
        return gross_minor;
    }
    clamp_i64(div_round(
        i128::from(gross_minor) * (BASIS + i128::from(to_bp)),
        BASIS + i128::from(from_bp),
    ))
}

/// The price shoppers see for `amount_minor` of goods of `class` as the shop typed it: tax
/// included at the rates of the shop's own country. A shop that types its prices tax excluded
/// ("HT") and charges VAT has its home rate added, rounded as [`compute`] rounds the VAT of a
/// rate's total (halves away from zero), so that for one item sold at home the storefront's
/// price and the checkout's total are the same to the cent. Prices typed tax included, and shops
/// that charge no VAT (franchise, not subject), are shown as typed. Storefront pages are the same
/// for every visitor: this is the home country's price, whatever the visitor's.
pub fn shown_price(profile: &TaxProfile, class: VatClass, amount_minor: i64) -> i64 {
    if profile.entry == PriceEntry::TaxIncluded || profile.regime != VatRegime::Normal {
        return amount_minor;
    }
    match rates_for(profile.country.as_str()) {
        Some(home) => amount_minor.saturating_add(vat_on(amount_minor, home.rate(class))),
        None => amount_minor,
    }
}

/// What [`shown_price`] adds to a stored price, class by class: `(class, rate)` for a shop that
/// types its prices tax excluded and charges VAT, empty when stored prices are shown as they
/// are. For listings that filter and sort by the price shoppers see, in SQL: the VAT of an
/// amount at a rate is `(amount × rate + 5,000) / 10,000` in whole minor units, halves up, as
/// [`vat_on`] rounds non-negative amounts.
pub fn added_rates(profile: &TaxProfile) -> Vec<(VatClass, u32)> {
    if profile.entry == PriceEntry::TaxIncluded || profile.regime != VatRegime::Normal {
        return Vec::new();
    }
    match rates_for(profile.country.as_str()) {
        Some(home) => VatClass::all()
            .iter()
            .map(|&class| (class, home.rate(class)))
            .collect(),
        None => Vec::new(),
    }
}

/// One priced line of an order, as typed in the shop's price list
/// (unit price × quantity − the line's discount), in minor units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TaxLine {
    pub amount_minor: i64,
    pub class: VatClass,
    pub supply: Supply,
}

/// The VAT of one line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct LineTax {
    /// What the line costs: tax included when the breakdown's prices
    /// include tax, excluded otherwise.
    pub amount_minor: i64,
    pub rate_bp: u32,
    pub taxation: Taxation,
}

/// Totals of the lines taxed at one rate of one jurisdiction (no
/// jurisdiction: the lines without VAT).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RateTotal {
    pub jurisdiction: Option<&'static str>,
    pub rate_bp: u32,
    pub net_minor: i64,
    pub vat_minor: i64,
    pub gross_minor: i64,
}

/// An order's VAT: per line, per rate, and in total.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaxBreakdown {
    /// Whether line amounts include tax (tax-included shops).
    pub amounts_include_tax: bool,
    pub lines: Vec<LineTax>,
    /// The shipping cost split over the rates of the goods it carries.
    pub shipping: Vec<LineTax>,
    /// Sorted by jurisdiction, then rate from highest to lowest.
    pub per_rate: Vec<RateTotal>,
    pub net_minor: i64,
    pub vat_minor: i64,
    /// What the shopper pays for goods and shipping.
    pub gross_minor: i64,
    /// Legal mentions the invoice and the recap must print.
    pub mentions: Vec<&'static str>,
}

/// Everything [`compute`] needs.
#[derive(Debug, Clone, Copy)]
pub struct TaxInput<'a> {
    pub profile: &'a TaxProfile,
    pub eu_sales: &'a EuSales,
    pub destination: &'a Destination,
    pub lines: &'a [TaxLine],
    /// The shipping price as the shop lists it (same convention as the
    /// product prices).
    pub shipping_minor: i64,
}

/// Computes an order's VAT.
///
/// Shipping follows the goods it carries (it is an accessory of their
/// supply): its price is split over the shipped lines in proportion to
/// their amounts, so that each part bears the rate of its goods
/// (BOI-TVA-LIQ-10-10, § 30); the split is exact to the cent (largest
/// remainders).
pub fn compute(input: TaxInput<'_>) -> Result<TaxBreakdown, ValidationError> {
    let profile = input.profile;
    if input.shipping_minor < 0 || input.lines.iter().any(|l| l.amount_minor < 0) {
        return Err(ValidationError::new("tax-amount-negative"));
    }
    let home = match profile.regime {
        VatRegime::Normal => Some(rates_for(profile.country.as_str()).ok_or_else(|| {
            ValidationError::new("tax-shop-country-unsupported").with("country", profile.country)
        })?),
        _ => None,
    };
    let distance_minor: i64 = input
        .lines
        .iter()
        .filter(|l| matches!(l.supply, Supply::ShippedGoods | Supply::DigitalService))
        .map(|l| l.amount_minor)
        .fold(input.shipping_minor, i64::saturating_add);
    let gross_mode = profile.entry == PriceEntry::TaxIncluded;

    let price =
        |amount: i64, class: VatClass, supply: Supply| -> Result<LineTax, ValidationError> {
            let taxation = taxation(
                profile,
                input.eu_sales,
                supply,
                input.destination,
                distance_minor,
            )?;
            let rate_bp = taxation.rate(class);
            let typed_bp = home.map_or(0, |h| h.rate(class));
            let amount_minor = if !gross_mode {
                amount
            } else {
                let export = taxation == Taxation::NoVat(NoVatReason::Export);
                match profile.foreign_pricing {
                    ForeignPricing::KeepGross => amount,
                    ForeignPricing::KeepGrossInEu if !export => amount,
                    _ => convert_gross(amount, typed_bp, rate_bp),
                }
            };
            Ok(LineTax {
                amount_minor,
                rate_bp,
                taxation,
            })
        };

    let lines = input
        .lines
        .iter()
        .map(|l| price(l.amount_minor, l.class, l.supply))
        .collect::<Result<Vec<_>, _>>()?;

    let mut carriers: Vec<&TaxLine> = input
        .lines
        .iter()
        .filter(|l| l.supply == Supply::ShippedGoods)
        .collect();
    if carriers.is_empty() {
        carriers = input.lines.iter().collect();
    }
    let fallback = TaxLine {
        amount_minor: 1,
        class: VatClass::Standard,
        supply: Supply::ShippedGoods,
    };
    if carriers.is_empty() {
        carriers.push(&fallback);
    }
    let weights: Vec<i64> = carriers.iter().map(|l| l.amount_minor).collect();
    let mut shipping = Vec::new();
    if input.shipping_minor > 0 {
        for (part, line) in split_pro_rata(input.shipping_minor, &weights)
            .into_iter()
            .zip(&carriers)
        {
            if part > 0 {
                shipping.push(price(part, line.class, line.supply)?);
            }
        }
    }

    let mut per_rate: Vec<RateTotal> = Vec::new();
    for l in lines.iter().chain(&shipping) {
        let key = (l.taxation.jurisdiction(), l.rate_bp);
        match per_rate
            .iter_mut()
            .find(|t| (t.jurisdiction, t.rate_bp) == key)
        {
            Some(t) => t.gross_minor += l.amount_minor,
            None => per_rate.push(RateTotal {
                jurisdiction: key.0,
                rate_bp: key.1,
                net_minor: 0,
                vat_minor: 0,
                // Holds the sum of the amounts until the VAT is worked out.
                gross_minor: l.amount_minor,
            }),
        }
    }
    for t in &mut per_rate {
        let sum = t.gross_minor;
        if gross_mode {
            t.vat_minor = vat_included(sum, t.rate_bp);
            t.net_minor = sum - t.vat_minor;
        } else {
            t.vat_minor = vat_on(sum, t.rate_bp);
            t.net_minor = sum;
            t.gross_minor = sum + t.vat_minor;
        }
    }
    per_rate.sort_by(|a, b| {
        a.jurisdiction
            .cmp(&b.jurisdiction)
            .then(b.rate_bp.cmp(&a.rate_bp))
    });

    let mut mentions = Vec::new();
    if profile.regime == VatRegime::Franchise {
        mentions.push(crate::legal::VAT_FRANCHISE_MENTION);
    }
    let exported_goods = lines.iter().zip(input.lines).any(|(t, l)| {
        l.supply == Supply::ShippedGoods && t.taxation == Taxation::NoVat(NoVatReason::Export)
    });
    if profile.regime == VatRegime::Normal && exported_goods {
        mentions.push(EXPORT_MENTION);
    }
    Ok(TaxBreakdown {
        amounts_include_tax: gross_mode,
        net_minor: per_rate.iter().map(|t| t.net_minor).sum(),
        vat_minor: per_rate.iter().map(|t| t.vat_minor).sum(),
        gross_minor: per_rate.iter().map(|t| t.gross_minor).sum(),
        lines,
        shipping,
        per_rate,
        mentions,
    })
}

/// One breakdown for an order sent as several parcels (gifts to several recipients), each
/// taxed for its own destination by [`compute`]: the rates' totals add up, each parcel keeping
/// its own rounding (each is a supply of its own); lines and shipping parts follow each other
/// in the parts' order. None for no parts.
pub fn combine(parts: &[TaxBreakdown]) -> Option<TaxBreakdown> {
    let first = parts.first()?;
    let mut per_rate: Vec<RateTotal> = Vec::new();
    let mut mentions = Vec::new();
    for p in parts {
        for r in &p.per_rate {
            match per_rate
                .iter_mut()
                .find(|t| (t.jurisdiction, t.rate_bp) == (r.jurisdiction, r.rate_bp))
            {
                Some(t) => {
                    t.net_minor += r.net_minor;
                    t.vat_minor += r.vat_minor;
                    t.gross_minor += r.gross_minor;
                }
                None => per_rate.push(*r),
            }
        }
        for m in &p.mentions {
            if !mentions.contains(m) {
                mentions.push(*m);
            }
        }
    }
    per_rate.sort_by(|a, b| {
        a.jurisdiction
            .cmp(&b.jurisdiction)
            .then(b.rate_bp.cmp(&a.rate_bp))
    });
    Some(TaxBreakdown {
        amounts_include_tax: first.amounts_include_tax,
        lines: parts.iter().flat_map(|p| p.lines.iter().copied()).collect(),
        shipping: parts
            .iter()
            .flat_map(|p| p.shipping.iter().copied())
            .collect(),
        net_minor: parts.iter().map(|p| p.net_minor).sum(),
        vat_minor: parts.iter().map(|p| p.vat_minor).sum(),
        gross_minor: parts.iter().map(|p| p.gross_minor).sum(),
        per_rate,
        mentions,
    })
}

/// Splits `amount` in proportion to `weights` (non-negative), so that the
/// parts add up to `amount` exactly: each part is rounded down, and the
/// cents left over go to the largest remainders (earlier lines first on a
/// tie). With all weights zero, the split is even.
pub fn split_pro_rata(amount: i64, weights: &[i64]) -> Vec<i64> {
    if weights.is_empty() {
        return Vec::new();
    }
    let total: i128 = weights.iter().map(|&w| i128::from(w.max(0))).sum();
    let (weights, total): (Vec<i128>, i128) = if total == 0 {
        (vec![1; weights.len()], weights.len() as i128)
    } else {
        (
            weights.iter().map(|&w| i128::from(w.max(0))).collect(),
            total,
        )
    };
    let amount = i128::from(amount);
    let mut parts: Vec<i128> = weights.iter().map(|w| amount * w / total).collect();
    let mut left = amount - parts.iter().sum::<i128>();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse((amount * weights[i]).rem_euclid(total)));
    for &i in order.iter().cycle() {
        if left <= 0 {
            break;
        }
        parts[i] += 1;
        left -= 1;
    }
    parts.into_iter().map(clamp_i64).collect()
}

/// Message ids this module can produce, with their arguments (to be merged
/// into [`crate::error::CODES`] once the web layer has the texts).
pub const CODES: &[(&str, &[&str])] = &[
    ("price-entry-unknown", &["value"]),
    ("vat-regime-unknown", &["value"]),
    ("foreign-pricing-unknown", &["value"]),
    ("tax-shop-country-unsupported", &["country"]),
    ("tax-amount-negative", &[]),
    // Thresholds an operator sets.
    ("tax-threshold-not-positive", &[]),
    ("tax-tolerance-below-threshold", &["threshold"]),
    // Notices for the admin dashboard rather than refusals.
    ("tax-franchise-approaching", &["kind", "threshold"]),
    (
        "tax-franchise-over-base",
        &["kind", "threshold", "tolerance"],
    ),
    ("tax-franchise-ends-next-year", &["kind", "threshold"]),
    ("tax-franchise-lost", &["kind", "tolerance"]),
    ("private-seller-approaching", &["sales", "amount"]),
    ("private-seller-regular", &["sales", "amount"]),
];
