//! Shipping: zones (countries, or regions of them by postcode), the
//! methods each zone offers with their rates, and which methods a cart may
//! use: live animals travel only in person, perishables only by methods the
//! seller marks as suitable, downloads and services need no shipping.
//!
//! A table is stored as JSON (see `stored`): deserialising goes through
//! [`Method::new`] and [`ShippingTable::new`], so a table read back is as
//! valid as one built in code.

use crate::catalog::animal::{allowed_shipping, ShippingKind};
use crate::catalog::ProductKind;
use crate::country::{Country, Destination};
use crate::delivery::Transit;
use crate::error::ValidationError;
use crate::order::Fulfilment;
use crate::text::{char_count, has_control, str_value};
use serde::{Deserialize, Serialize};

mod examples;
mod keys;
mod stored;
#[cfg(test)]
mod tests;

pub use examples::example_table;
pub use keys::method_key;

keyword_enum! {
    /// Who carries the parcel.
    pub enum CarrierKind: "carrier-kind-unknown" {
        Colissimo => "colissimo",
        Chronopost => "chronopost",
        /// Delivered to a relay point the shopper chooses.
        MondialRelay => "mondial_relay",
        DhlExpress => "dhl_express",
        Ups => "ups",
        /// The shopper collects at the shop.
        LocalPickup => "local_pickup",
        /// The seller delivers in person.
        OwnDelivery => "own_delivery",
    }
}

impl CarrierKind {
    /// How the goods travel, in the terms of the live-animal rules:
    /// Colissimo is La Poste's, the postal network; the others parcel
    /// networks; then pickup and the seller's own delivery.
    pub fn travel(self) -> ShippingKind {
        match self {
            CarrierKind::Colissimo => ShippingKind::Postal,
            CarrierKind::Chronopost
            | CarrierKind::MondialRelay
            | CarrierKind::DhlExpress
            | CarrierKind::Ups => ShippingKind::Parcel,
            CarrierKind::LocalPickup => ShippingKind::Pickup,
            CarrierKind::OwnDelivery => ShippingKind::Delivery,
        }
    }

    /// The shopper picks a relay point at checkout.
    pub fn uses_relay_point(self) -> bool {
        self == CarrierKind::MondialRelay
    }

    /// The order's fulfilment when this carrier is chosen.
    pub fn fulfilment(self) -> Fulfilment {
        match self {
            CarrierKind::LocalPickup => Fulfilment::Pickup,
            _ => Fulfilment::Shipping,
        }
    }

    /// The carrier a seller named in their own words ("Colissimo", "La Poste", "DHL",
    /// "Mondial Relay"…), if it is one whose tracking page we know.
    pub fn named(name: &str) -> Option<CarrierKind> {
        let key: String = name
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect();
        Some(match key.as_str() {
            "colissimo" | "laposte" | "lapostecolissimo" => CarrierKind::Colissimo,
            "chronopost" => CarrierKind::Chronopost,
            "mondialrelay" | "mondialrelaypointrelais" => CarrierKind::MondialRelay,
            "dhl" | "dhlexpress" => CarrierKind::DhlExpress,
            "ups" => CarrierKind::Ups,
            _ => return None,
        })
    }

    /// The public tracking page of a parcel, for the "shipped" e-mail.
    pub fn tracking_url(self, number: &TrackingNumber) -> Option<String> {
        let n = number.as_str();
        Some(match self {
            CarrierKind::Colissimo => {
                format!("https://www.laposte.fr/outils/suivre-vos-envois?code={n}")
            }
            CarrierKind::Chronopost => {
                format!("https://www.chronopost.fr/tracking-no-cms/suivi-page?listeNumerosLT={n}")
            }
            CarrierKind::MondialRelay => {
                format!("https://www.mondialrelay.fr/suivi-de-colis/?NumeroExpedition={n}")
            }
            CarrierKind::DhlExpress => {
                format!("https://www.dhl.com/fr-fr/home/tracking.html?tracking-id={n}")
            }
            CarrierKind::Ups => format!("https://www.ups.com/track?tracknum={n}"),
            CarrierKind::LocalPickup | CarrierKind::OwnDelivery => return None,
        })
    }
}

/// A carrier's tracking number: 6 to 40 ASCII letters and digits, stored
/// uppercase without the spaces people copy with it, so that it can go in
/// a tracking link as it is.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TrackingNumber(String);

impl TrackingNumber {
    pub fn parse(input: &str) -> Result<TrackingNumber, ValidationError> {
        let compact: String = input
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_uppercase();
        if !(6..=40).contains(&compact.len()) || !compact.bytes().all(|b| b.is_ascii_alphanumeric())
        {
            return Err(ValidationError::new("tracking-number-invalid"));
        }
        Ok(TrackingNumber(compact))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

str_value!(TrackingNumber);

/// A weight band: parcels up to `up_to_g` grams (inclusive) cost `price_minor`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct WeightBracket {
    pub up_to_g: u32,
    pub price_minor: i64,
}

/// An order-value band: orders from `from_minor` (inclusive) up to the
/// next band pay `price_minor`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ValueBracket {
    pub from_minor: i64,
    pub price_minor: i64,
}

/// How a method is priced.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Pricing {
    Flat(i64),
    /// Ascending bands; a parcel above the last one cannot go this way.
    ByWeight(Vec<WeightBracket>),
    /// Ascending bands from 0; the last one has no upper end.
    ByValue(Vec<ValueBracket>),
}

/// A method as the seller describes it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct MethodSpec {
    /// Stable identifier within the shop ("colissimo-fr"): lowercase
    /// letters, digits and hyphens.
    pub key: String,
    /// Shown to shoppers ("Colissimo à domicile").
    pub name: String,
    pub carrier: CarrierKind,
    pub pricing: Pricing,
    /// Orders whose subtotal reaches this amount ship free.
    pub free_from_minor: Option<i64>,
    pub transit: Transit,
    /// The seller vouches that perishables arrive in good condition this way.
    #[serde(default)]
    pub perishable_ok: bool,
    /// A limit besides the last weight band (flat and value pricing).
    #[serde(default)]
    pub max_weight_g: Option<u32>,
}

/// A validated shipping method.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "MethodSpec", into = "MethodSpec")]
pub struct Method(MethodSpec);

impl TryFrom<MethodSpec> for Method {
    type Error = ValidationError;
    fn try_from(spec: MethodSpec) -> Result<Method, ValidationError> {
        Method::new(spec)
    }
}

impl From<Method> for MethodSpec {
    fn from(m: Method) -> MethodSpec {
        m.0
    }
}

const NAME_MAX: usize = 80;
/// Bands a method may have: enough for any carrier's grid, few enough to
/// keep the stored table and the editor small.
pub const MAX_BRACKETS: usize = 40;

impl Method {
    pub fn new(spec: MethodSpec) -> Result<Method, ValidationError> {
        let key_ok = !spec.key.is_empty()
            && spec.key.len() <= 40
            && spec
                .key
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !key_ok {
            return Err(ValidationError::new("shipping-method-key-invalid"));
        }
        let name = spec.name.trim();
        if name.is_empty() || char_count(name) > NAME_MAX || has_control(name) {
            return Err(ValidationError::new("shipping-method-name-invalid").with("max", NAME_MAX));
        }
        let negative = || ValidationError::new("shipping-price-negative");
        let bands = || ValidationError::new("shipping-brackets-invalid");
        let count = match &spec.pricing {
            Pricing::Flat(_) => 1,
            Pricing::ByWeight(b) => b.len(),
            Pricing::ByValue(b) => b.len(),
        };
        if count > MAX_BRACKETS {
            return Err(
                ValidationError::new("shipping-brackets-too-many").with("max", MAX_BRACKETS)
            );
        }
        match &spec.pricing {
            Pricing::Flat(p) if *p < 0 => return Err(negative()),
            Pricing::Flat(_) => {}
            Pricing::ByWeight(b) => {
                if b.is_empty()
                    || b[0].up_to_g == 0
                    || b.windows(2).any(|w| w[0].up_to_g >= w[1].up_to_g)
                {
                    return Err(bands());
                }
                if b.iter().any(|x| x.price_minor < 0) {
                    return Err(negative());
                }
                // A heavier parcel never costs less: a decreasing table is
                // a typo, and would let shoppers pad their parcels.
                if b.windows(2).any(|w| w[0].price_minor > w[1].price_minor) {
                    return Err(ValidationError::new("shipping-weight-price-decreasing"));
                }
            }
            Pricing::ByValue(b) => {
                if b.first().map(|x| x.from_minor) != Some(0)
                    || b.windows(2).any(|w| w[0].from_minor >= w[1].from_minor)
                {
                    return Err(bands());
                }
                if b.iter().any(|x| x.price_minor < 0) {
                    return Err(negative());
                }
            }
        }
        if spec.free_from_minor.is_some_and(|f| f < 0) {
            return Err(negative());
        }
        if spec.max_weight_g == Some(0) {
            return Err(bands());
        }
        Ok(Method(MethodSpec {
            name: name.to_owned(),
            ..spec
        }))
    }

    pub fn spec(&self) -> &MethodSpec {
        &self.0
    }

    /// The heaviest parcel this method takes, if limited.
    pub fn max_weight_g(&self) -> Option<u32> {
        let by_band = match &self.0.pricing {
            Pricing::ByWeight(b) => b.last().map(|x| x.up_to_g),
            _ => None,
        };
        match (by_band, self.0.max_weight_g) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// The price of a parcel of `weight_g` for an order of `subtotal_minor`,
    /// or `None` when the parcel is too heavy for this method.
    pub fn price(&self, weight_g: u64, subtotal_minor: i64) -> Option<i64> {
        if self
            .max_weight_g()
            .is_some_and(|max| weight_g > u64::from(max))
        {
            return None;
        }
        if self.0.free_from_minor.is_some_and(|f| subtotal_minor >= f) {
            return Some(0);
        }
        Some(match &self.0.pricing {
            Pricing::Flat(p) => *p,
            Pricing::ByWeight(b) => {
                b.iter()
                    .find(|x| weight_g <= u64::from(x.up_to_g))?
                    .price_minor
            }
            Pricing::ByValue(b) => {
                b.iter()
                    .rev()
                    .find(|x| subtotal_minor >= x.from_minor)
                    .unwrap_or(&b[0])
                    .price_minor
            }
        })
    }
}

/// Part of a zone: a whole country, or the parts of it whose postcodes
/// start with one of the prefixes ("20" for Corsica).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Area {
    pub country: Country,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub postcode_prefixes: Vec<String>,
}

impl Area {
    pub fn country(country: Country) -> Area {
        Area {
            country,
            postcode_prefixes: Vec::new(),
        }
    }

    /// How precisely this area matches, or `None` when it does not: the
    /// length of the matching prefix, 0 for a whole country.
    fn matches(&self, destination: &Destination) -> Option<usize> {
        if self.country != destination.country {
            return None;
        }
        if self.postcode_prefixes.is_empty() {
            return Some(0);
        }
        self.postcode_prefixes
            .iter()
            .filter(|p| destination.postcode_starts_with(p))
            .map(|p| p.len())
            .max()
    }
}

/// Places served alike, with the methods offered there.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Zone {
    pub name: String,
    #[serde(default)]
    pub areas: Vec<Area>,
    /// Serves every destination no other zone covers.
    #[serde(default)]
    pub rest_of_world: bool,
    #[serde(default)]
    pub methods: Vec<Method>,
}

/// A shop's zones, checked so that a destination never falls in two
/// zones by the same rule. Stored as `{"version": 1, "zones": [...]}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "stored::TableDoc", into = "stored::TableDoc")]
pub struct ShippingTable {
    zones: Vec<Zone>,
}

impl ShippingTable {
    pub fn new(mut zones: Vec<Zone>) -> Result<ShippingTable, ValidationError> {
        for zone in &mut zones {
            let name = zone.name.trim();
            if name.is_empty() {
                return Err(ValidationError::new("shipping-zone-name-empty"));
            }
            if char_count(name) > NAME_MAX || has_control(name) {
                return Err(
                    ValidationError::new("shipping-zone-name-too-long").with("max", NAME_MAX)
                );
            }
            zone.name = name.to_owned();
            // A zone that names no place and is not the rest of the world serves nobody.
            if zone.areas.is_empty() && !zone.rest_of_world {
                return Err(ValidationError::new("shipping-zone-no-area"));
            }
        }
        let mut seen: Vec<(Country, String)> = Vec::new();
        let mut keys: Vec<&str> = Vec::new();
        for zone in &zones {
            for area in &zone.areas {
                let prefixes: Vec<String> = if area.postcode_prefixes.is_empty() {
                    vec![String::new()]
                } else {
                    area.postcode_prefixes
                        .iter()
                        .map(|p| Destination::new(area.country, p).postcode().to_owned())
                        .collect()
                };
                for p in prefixes {
                    let entry = (area.country, p);
                    if seen.contains(&entry) {
                        return Err(ValidationError::new("shipping-zone-overlap")
                            .with("country", area.country));
                    }
                    seen.push(entry);
                }
            }
            for m in &zone.methods {
                if keys.contains(&m.spec().key.as_str()) {
                    return Err(ValidationError::new("shipping-method-key-taken")
                        .with("key", &m.spec().key));
                }
                keys.push(&m.spec().key);
            }
        }
        if zones.iter().filter(|z| z.rest_of_world).count() > 1 {
            return Err(ValidationError::new("shipping-zone-rest-twice"));
        }
        Ok(ShippingTable { zones })
    }

    pub fn zones(&self) -> &[Zone] {
        &self.zones
    }

    /// The zones, to edit and build a new table from.
    pub fn into_zones(self) -> Vec<Zone> {
        self.zones
    }

    /// The zone serving `destination`: the one whose area matches it most
    /// precisely (a postcode prefix beats a whole country), else the
    /// rest-of-the-world zone.
    pub fn zone_for(&self, destination: &Destination) -> Option<&Zone> {
        let best = self
            .zones
            .iter()
            .filter_map(|z| {
                z.areas
                    .iter()
                    .filter_map(|a| a.matches(destination))
                    .max()
                    .map(|score| (score, z))
            })
            // `max_by_key` keeps the last of equals; zones are disjoint by
            // construction, so equal scores cannot happen.
            .max_by_key(|(score, _)| *score)
            .map(|(_, z)| z);
        best.or_else(|| self.zones.iter().find(|z| z.rest_of_world))
    }
}

/// A cart line, as far as shipping is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ParcelLine {
    pub kind: ProductKind,
    pub quantity: u32,
    pub unit_weight_g: u32,
    /// The line's total as the shopper sees it.
    pub amount_minor: i64,
}

/// A method the shopper may choose, priced.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Offer {
    pub key: String,
    pub name: String,
    pub carrier: CarrierKind,
    pub price_minor: i64,
    /// Free because the order reached the method's threshold.
    pub free: bool,
    pub transit: Transit,
}

/// What a cart needs.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ShippingChoice {
    /// Downloads and services only.
    NotNeeded,
    /// At least one offer, cheapest first.
    Offers(Vec<Offer>),
}

/// The parcel's weight: every shipped line plus the packaging.
pub fn parcel_weight_g(lines: &[ParcelLine], packaging_g: u32) -> u64 {
    lines
        .iter()
        .filter(|l| l.kind.is_shipped())
        .map(|l| u64::from(l.unit_weight_g) * u64::from(l.quantity))
        .sum::<u64>()
        + u64::from(packaging_g)
}

/// A method of the destination's zone with its offer, or the reason it
/// cannot carry the cart.
pub type MethodQuote<'t> = (&'t Method, Result<Offer, ValidationError>);

/// Each method of the destination's zone, with its offer or the reason it
/// cannot carry this cart (for the admin's preview and for [`quote`]).
/// Fails when no zone serves the destination.
pub fn quote_each<'t>(
    table: &'t ShippingTable,
    lines: &[ParcelLine],
    destination: &Destination,
    packaging_g: u32,
) -> Result<Vec<MethodQuote<'t>>, ValidationError> {
    let zone = table.zone_for(destination).ok_or_else(|| {
        ValidationError::new("shipping-no-zone").with("country", destination.country)
    })?;
    Ok(zone_quotes(zone, lines, packaging_g))
}

/// Each method of `zone` with its offer for `lines`, or why it cannot
/// carry them.
fn zone_quotes<'t>(zone: &'t Zone, lines: &[ParcelLine], packaging_g: u32) -> Vec<MethodQuote<'t>> {
    let shipped: Vec<&ParcelLine> = lines.iter().filter(|l| l.kind.is_shipped()).collect();
    let animals = shipped.iter().any(|l| l.kind == ProductKind::LiveAnimal);
    let perishables = shipped.iter().any(|l| l.kind == ProductKind::Perishable);
    let weight = parcel_weight_g(lines, packaging_g);
    let subtotal: i64 = lines.iter().map(|l| l.amount_minor).sum();
    zone.methods
        .iter()
        .map(|m| {
            let s = m.spec();
            let offer = if animals && !allowed_shipping(s.carrier.travel()) {
                Err(ValidationError::new("shipping-animal-in-person"))
            } else if perishables && !s.perishable_ok {
                Err(ValidationError::new("shipping-not-for-perishables"))
            } else {
                match m.price(weight, subtotal) {
                    None => Err(ValidationError::new("shipping-too-heavy")
                        .with("max_grams", m.max_weight_g().unwrap_or(0))),
                    Some(price_minor) => Ok(Offer {
                        key: s.key.clone(),
                        name: s.name.clone(),
                        carrier: s.carrier,
                        price_minor,
                        free: price_minor == 0 && s.free_from_minor.is_some_and(|f| subtotal >= f),
                        transit: s.transit,
                    }),
                }
            };
            (m, offer)
        })
        .collect()
}

/// For each zone, the cheapest way to deliver `lines` there (collecting
/// at the shop is not a delivery and is left out), for what a product page
/// tells search engines. Zones that cannot deliver them are left out; so is
/// everything when nothing needs shipping.
pub fn cheapest_delivery_per_zone<'t>(
    table: &'t ShippingTable,
    lines: &[ParcelLine],
    packaging_g: u32,
) -> Vec<(&'t Zone, Offer)> {
    if !lines.iter().any(|l| l.kind.is_shipped()) {
        return Vec::new();
    }
    table
        .zones
        .iter()
        .filter_map(|z| {
            zone_quotes(z, lines, packaging_g)
                .into_iter()
                .filter_map(|(_, o)| o.ok())
                .filter(|o| o.carrier != CarrierKind::LocalPickup)
                .min_by_key(|o| (o.price_minor, o.transit.max_days()))
                .map(|o| (z, o))
        })
        .collect()
}

/// The methods a cart may use to reach `destination`, cheapest first, or
/// why none can: no zone serves the country, the zone has no method, or
/// the most telling refusal (live animals, then perishables, then weight).
pub fn quote(
    table: &ShippingTable,
    lines: &[ParcelLine],
    destination: &Destination,
    packaging_g: u32,
) -> Result<ShippingChoice, ValidationError> {
    if !lines.iter().any(|l| l.kind.is_shipped()) {
        return Ok(ShippingChoice::NotNeeded);
    }
    let each = quote_each(table, lines, destination, packaging_g)?;
    let mut offers = Vec::new();
    let mut refusals = Vec::new();
    for (_, result) in each {
        match result {
            Ok(o) => offers.push(o),
            Err(e) => refusals.push(e),
        }
    }
    if !offers.is_empty() {
        offers.sort_by_key(|o| (o.price_minor, o.transit.max_days()));
        return Ok(ShippingChoice::Offers(offers));
    }
    const PRIORITY: [&str; 3] = [
        "shipping-animal-in-person",
        "shipping-not-for-perishables",
        "shipping-too-heavy",
    ];
    refusals.sort_by_key(|e| {
        PRIORITY
            .iter()
            .position(|c| *c == e.code)
            .unwrap_or(usize::MAX)
    });
    Err(refusals
        .into_iter()
        .next()
        .unwrap_or_else(|| ValidationError::new("shipping-no-method")))
}

/// Message ids this module can produce, with their arguments. Their texts
/// are in the web layer's `shipping.ftl` (a test there checks each renders).
pub const CODES: &[(&str, &[&str])] = &[
    ("carrier-kind-unknown", &["value"]),
    ("tracking-number-invalid", &[]),
    ("shipping-method-key-invalid", &[]),
    ("shipping-method-key-taken", &["key"]),
    ("shipping-method-name-invalid", &["max"]),
    ("shipping-price-negative", &[]),
    ("shipping-brackets-invalid", &[]),
    ("shipping-brackets-too-many", &["max"]),
    ("shipping-weight-price-decreasing", &[]),
    ("shipping-zone-name-empty", &[]),
    ("shipping-zone-name-too-long", &["max"]),
    ("shipping-zone-no-area", &[]),
    ("shipping-zone-overlap", &["country"]),
    ("shipping-zone-rest-twice", &[]),
    ("shipping-table-version", &["version"]),
    ("shipping-no-zone", &["country"]),
    ("shipping-no-method", &[]),
    ("shipping-animal-in-person", &[]),
    ("shipping-not-for-perishables", &[]),
    ("shipping-too-heavy", &["max_grams"]),
];
