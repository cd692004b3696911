//! The tables a new French shop starts with, for the seller to edit:
//! France (with Monaco), the rest of the European Union, the world.
//!
//! Prices are in euro cents, in the order of 2026 counter prices for
//! parcels; they are examples, not the carriers' tariffs — a seller with a
//! contract types their own.

use super::{Area, CarrierKind, Method, MethodSpec, Pricing, ShippingTable, WeightBracket, Zone};
use crate::country::{Country, EU_MEMBERS};
use crate::delivery::Transit;

fn weights(bands: &[(u32, i64)]) -> Pricing {
    Pricing::ByWeight(
        bands
            .iter()
            .map(|&(up_to_g, price_minor)| WeightBracket {
                up_to_g,
                price_minor,
            })
            .collect(),
    )
}

struct Example {
    key: &'static str,
    name: &'static str,
    carrier: CarrierKind,
    pricing: Pricing,
    free_from_minor: Option<i64>,
    transit: (u32, u32, bool),
    perishable_ok: bool,
}

fn method(e: Example) -> Method {
    let (min, max, saturday) = e.transit;
    Method::new(MethodSpec {
        key: e.key.to_owned(),
        name: e.name.to_owned(),
        carrier: e.carrier,
        pricing: e.pricing,
        free_from_minor: e.free_from_minor,
        transit: Transit::new(min, max, saturday).expect("example transit is valid"),
        perishable_ok: e.perishable_ok,
        max_weight_g: None,
    })
    .expect("example methods are valid")
}

fn country(code: &str) -> Country {
    Country::parse(code).expect("example countries exist")
}

/// France, Monaco and Corsica at home prices; Colissimo, Mondial Relay,
/// Chronopost (marked for perishables: next-day, as cheese-tray makers use
/// it), and pickup at the shop (free; for perishables and live animals
/// too). The EU and the world get Colissimo International and DHL Express
/// (express only marked for perishables inside the EU, where there are no
/// customs to wait at). Live animals have no method but pickup until the
/// seller adds their own delivery.
pub fn example_table() -> ShippingTable {
    let france = Zone {
        name: "France".to_owned(),
        areas: vec![Area::country(Country::FR), Area::country(country("MC"))],
        rest_of_world: false,
        methods: vec![
            method(Example {
                key: "colissimo-fr",
                name: "Colissimo à domicile",
                carrier: CarrierKind::Colissimo,
                pricing: weights(&[
                    (250, 550),
                    (500, 750),
                    (1_000, 950),
                    (2_000, 1_100),
                    (5_000, 1_700),
                    (10_000, 2_500),
                    (30_000, 4_300),
                ]),
                free_from_minor: Some(8_000),
                transit: (2, 3, true),
                perishable_ok: false,
            }),
            method(Example {
                key: "mondial-relay-fr",
                name: "Mondial Relay (point relais)",
                carrier: CarrierKind::MondialRelay,
                pricing: weights(&[
                    (500, 450),
                    (1_000, 500),
                    (2_000, 650),
                    (5_000, 1_000),
                    (10_000, 1_400),
                    (30_000, 2_200),
                ]),
                free_from_minor: Some(6_000),
                transit: (3, 5, false),
                perishable_ok: false,
            }),
            method(Example {
                key: "chronopost-fr",
                name: "Chronopost, livraison le lendemain",
                carrier: CarrierKind::Chronopost,
                pricing: weights(&[
                    (1_000, 1_600),
                    (2_000, 1_800),
                    (5_000, 2_200),
                    (10_000, 3_000),
                    (30_000, 4_500),
                ]),
                free_from_minor: None,
                transit: (1, 1, false),
                perishable_ok: true,
            }),
            method(Example {
                key: "pickup",
                name: "Retrait à la boutique",
                carrier: CarrierKind::LocalPickup,
                pricing: Pricing::Flat(0),
                free_from_minor: None,
                transit: (0, 0, true),
                perishable_ok: true,
            }),
        ],
    };
    let eu = Zone {
        name: "Union européenne".to_owned(),
        areas: EU_MEMBERS
            .iter()
            .filter(|c| **c != "FR")
            .map(|c| Area::country(country(c)))
            .collect(),
        rest_of_world: false,
        methods: vec![
            method(Example {
                key: "colissimo-eu",
                name: "Colissimo International",
                carrier: CarrierKind::Colissimo,
                pricing: weights(&[
                    (500, 1_400),
                    (1_000, 1_700),
                    (2_000, 1_900),
                    (5_000, 2_500),
                    (10_000, 4_000),
                    (30_000, 6_500),
                ]),
                free_from_minor: Some(15_000),
                transit: (3, 8, false),
                perishable_ok: false,
            }),
            method(Example {
                key: "dhl-express-eu",
                name: "DHL Express",
                carrier: CarrierKind::DhlExpress,
                pricing: weights(&[
                    (1_000, 3_500),
                    (5_000, 5_000),
                    (10_000, 7_000),
                    (30_000, 12_000),
                ]),
                free_from_minor: None,
                transit: (1, 2, false),
                perishable_ok: true,
            }),
        ],
    };
    let world = Zone {
        name: "Monde".to_owned(),
        areas: Vec::new(),
        rest_of_world: true,
        methods: vec![
            method(Example {
                key: "colissimo-world",
                name: "Colissimo International",
                carrier: CarrierKind::Colissimo,
                pricing: weights(&[
                    (500, 2_500),
                    (1_000, 3_000),
                    (2_000, 4_200),
                    (5_000, 6_000),
                    (10_000, 10_000),
                    (30_000, 20_000),
                ]),
                free_from_minor: None,
                transit: (5, 15, false),
                perishable_ok: false,
            }),
            method(Example {
                key: "dhl-express-world",
                name: "DHL Express",
                carrier: CarrierKind::DhlExpress,
                pricing: weights(&[
                    (1_000, 6_000),
                    (5_000, 9_000),
                    (10_000, 13_000),
                    (30_000, 25_000),
                ]),
                free_from_minor: None,
                transit: (2, 4, false),
                perishable_ok: false,
            }),
        ],
    };
    ShippingTable::new(vec![france, eu, world]).expect("example zones do not overlap")
}
