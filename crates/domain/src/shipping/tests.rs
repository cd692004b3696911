use super::*;
use crate::testing::assert_code;
use proptest::prelude::*;

fn country(code: &str) -> Country {
    Country::parse(code).unwrap()
}

fn dest(code: &str, postcode: &str) -> Destination {
    Destination::new(country(code), postcode)
}

fn line(kind: ProductKind, quantity: u32, unit_weight_g: u32, amount_minor: i64) -> ParcelLine {
    ParcelLine {
        kind,
        quantity,
        unit_weight_g,
        amount_minor,
    }
}

fn spec(key: &str, carrier: CarrierKind, pricing: Pricing) -> MethodSpec {
    MethodSpec {
        key: key.to_owned(),
        name: key.to_owned(),
        carrier,
        pricing,
        free_from_minor: None,
        transit: Transit::new(1, 2, false).unwrap(),
        perishable_ok: false,
        max_weight_g: None,
    }
}

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

fn keys(choice: &ShippingChoice) -> Vec<&str> {
    match choice {
        ShippingChoice::NotNeeded => Vec::new(),
        ShippingChoice::Offers(o) => o.iter().map(|o| o.key.as_str()).collect(),
    }
}

fn offers(choice: ShippingChoice) -> Vec<Offer> {
    match choice {
        ShippingChoice::Offers(o) => o,
        ShippingChoice::NotNeeded => panic!("expected offers"),
    }
}

#[test]
fn carriers() {
    let texts: Vec<&str> = CarrierKind::all().iter().map(|c| c.as_str()).collect();
    assert_eq!(
        texts,
        [
            "colissimo",
            "chronopost",
            "mondial_relay",
            "dhl_express",
            "ups",
            "local_pickup",
            "own_delivery"
        ]
    );
    assert_eq!(
        CarrierKind::parse("Mondial Relay").unwrap(),
        CarrierKind::MondialRelay
    );
    assert_code(CarrierKind::parse("pigeon"), "carrier-kind-unknown");
    let in_person: Vec<CarrierKind> = CarrierKind::all()
        .iter()
        .copied()
        .filter(|c| allowed_shipping(c.travel()))
        .collect();
    assert_eq!(
        in_person,
        [CarrierKind::LocalPickup, CarrierKind::OwnDelivery]
    );
    assert!(CarrierKind::MondialRelay.uses_relay_point());
    assert!(!CarrierKind::Colissimo.uses_relay_point());
    assert_eq!(CarrierKind::LocalPickup.fulfilment(), Fulfilment::Pickup);
    assert_eq!(CarrierKind::Ups.fulfilment(), Fulfilment::Shipping);
}

#[test]
fn tracking_numbers_and_links() {
    let n = TrackingNumber::parse(" 6a 1234 5678 9012 ").unwrap();
    assert_eq!(n.as_str(), "6A123456789012");
    assert_eq!(
        CarrierKind::Colissimo.tracking_url(&n).unwrap(),
        "https://www.laposte.fr/outils/suivre-vos-envois?code=6A123456789012"
    );
    assert!(CarrierKind::Ups
        .tracking_url(&n)
        .unwrap()
        .ends_with("tracknum=6A123456789012"));
    assert_eq!(CarrierKind::LocalPickup.tracking_url(&n), None);
    // The carrier as a seller types it on the order's page.
    assert_eq!(CarrierKind::named("La Poste"), Some(CarrierKind::Colissimo));
    assert_eq!(
        CarrierKind::named(" colissimo "),
        Some(CarrierKind::Colissimo)
    );
    assert_eq!(
        CarrierKind::named("Mondial-Relay"),
        Some(CarrierKind::MondialRelay)
    );
    assert_eq!(CarrierKind::named("DHL"), Some(CarrierKind::DhlExpress));
    assert_eq!(CarrierKind::named("Coursier du coin"), None);
    for bad in ["12345", "6A12&x=1", "6A-123456", &"9".repeat(41)] {
        assert_code(TrackingNumber::parse(bad), "tracking-number-invalid");
    }
}

#[test]
fn method_validation() {
    let ok = |p| Method::new(spec("m", CarrierKind::Colissimo, p));
    assert!(ok(weights(&[(500, 500), (1_000, 500), (2_000, 800)])).is_ok());
    assert_code(ok(weights(&[])), "shipping-brackets-invalid");
    assert_code(ok(weights(&[(0, 500)])), "shipping-brackets-invalid");
    assert_code(
        ok(weights(&[(500, 500), (500, 600)])),
        "shipping-brackets-invalid",
    );
    assert_code(
        ok(weights(&[(1_000, 500), (500, 600)])),
        "shipping-brackets-invalid",
    );
    assert_code(
        ok(weights(&[(500, 800), (1_000, 700)])),
        "shipping-weight-price-decreasing",
    );
    assert_code(ok(weights(&[(500, -1)])), "shipping-price-negative");
    assert_code(ok(Pricing::Flat(-1)), "shipping-price-negative");
    let value = |b: &[(i64, i64)]| {
        Pricing::ByValue(
            b.iter()
                .map(|&(from_minor, price_minor)| ValueBracket {
                    from_minor,
                    price_minor,
                })
                .collect(),
        )
    };
    // Cheaper shipping for bigger orders is fine.
    assert!(ok(value(&[(0, 900), (5_000, 500), (10_000, 0)])).is_ok());
    assert_code(ok(value(&[(100, 900)])), "shipping-brackets-invalid");
    assert_code(ok(value(&[])), "shipping-brackets-invalid");
    assert_code(
        ok(value(&[(0, 900), (0, 500)])),
        "shipping-brackets-invalid",
    );
    let mut s = spec("Bad Key", CarrierKind::Ups, Pricing::Flat(0));
    assert_code(Method::new(s.clone()), "shipping-method-key-invalid");
    s.key = "ups".to_owned();
    s.name = "  ".to_owned();
    let e = assert_code(Method::new(s.clone()), "shipping-method-name-invalid");
    assert_eq!(e.arg("max"), Some("80"));
    s.name = " UPS Standard ".to_owned();
    assert_eq!(Method::new(s.clone()).unwrap().spec().name, "UPS Standard");
    s.free_from_minor = Some(-5);
    assert_code(Method::new(s), "shipping-price-negative");
}

#[test]
fn prices_by_weight_value_and_free_threshold() {
    let mut s = spec(
        "colissimo",
        CarrierKind::Colissimo,
        weights(&[(500, 750), (1_000, 950), (5_000, 1_700)]),
    );
    s.free_from_minor = Some(8_000);
    let m = Method::new(s).unwrap();
    assert_eq!(m.price(0, 0), Some(750));
    assert_eq!(m.price(500, 0), Some(750));
    assert_eq!(m.price(501, 0), Some(950));
    assert_eq!(m.price(5_000, 7_999), Some(1_700));
    assert_eq!(m.price(5_000, 8_000), Some(0));
    assert_eq!(m.price(5_001, 100_000), None, "too heavy even when free");
    assert_eq!(m.max_weight_g(), Some(5_000));
    let value = Pricing::ByValue(vec![
        ValueBracket {
            from_minor: 0,
            price_minor: 900,
        },
        ValueBracket {
            from_minor: 5_000,
            price_minor: 500,
        },
    ]);
    let mut s = spec("own", CarrierKind::OwnDelivery, value);
    s.max_weight_g = Some(20_000);
    let m = Method::new(s).unwrap();
    assert_eq!(m.price(100, 4_999), Some(900));
    assert_eq!(m.price(100, 5_000), Some(500));
    assert_eq!(m.price(20_001, 5_000), None);
}

#[test]
fn zones_match_the_most_precise_area() {
    let flat =
        |key: &str, p| Method::new(spec(key, CarrierKind::Colissimo, Pricing::Flat(p))).unwrap();
    let table = ShippingTable::new(vec![
        Zone {
            name: "France".into(),
            areas: vec![Area::country(Country::FR)],
            rest_of_world: false,
            methods: vec![flat("fr", 700)],
        },
        Zone {
            name: "Corse".into(),
            areas: vec![Area {
                country: Country::FR,
                postcode_prefixes: vec!["20".into()],
            }],
            rest_of_world: false,
            methods: vec![flat("corse", 1_500)],
        },
        Zone {
            name: "Monde".into(),
            areas: vec![],
            rest_of_world: true,
            methods: vec![flat("world", 3_000)],
        },
    ])
    .unwrap();
    let zone = |c, pc| table.zone_for(&dest(c, pc)).map(|z| z.name.as_str());
    assert_eq!(zone("FR", "75011"), Some("France"));
    assert_eq!(zone("FR", "20000"), Some("Corse"));
    assert_eq!(zone("FR", "2 0090"), Some("Corse"));
    assert_eq!(zone("JP", "100-0001"), Some("Monde"));
    let overlap = ShippingTable::new(vec![
        Zone {
            name: "A".into(),
            areas: vec![Area::country(Country::FR)],
            rest_of_world: false,
            methods: vec![],
        },
        Zone {
            name: "B".into(),
            areas: vec![Area::country(Country::FR)],
            rest_of_world: false,
            methods: vec![],
        },
    ]);
    let e = assert_code(overlap, "shipping-zone-overlap");
    assert_eq!(e.arg("country"), Some("FR"));
    let twice = ShippingTable::new(vec![
        Zone {
            name: "A".into(),
            areas: vec![],
            rest_of_world: true,
            methods: vec![],
        },
        Zone {
            name: "B".into(),
            areas: vec![],
            rest_of_world: true,
            methods: vec![],
        },
    ]);
    assert_code(twice, "shipping-zone-rest-twice");
    let nameless = ShippingTable::new(vec![Zone {
        name: " ".into(),
        areas: vec![],
        rest_of_world: false,
        methods: vec![],
    }]);
    assert_code(nameless, "shipping-zone-name-empty");
    let same_key = ShippingTable::new(vec![Zone {
        name: "A".into(),
        areas: vec![Area::country(Country::FR)],
        rest_of_world: false,
        methods: vec![flat("x", 1), flat("x", 2)],
    }]);
    let e = assert_code(same_key, "shipping-method-key-taken");
    assert_eq!(e.arg("key"), Some("x"));
    // Without a rest-of-the-world zone, far countries are not served.
    let home_only = ShippingTable::new(vec![Zone {
        name: "France".into(),
        areas: vec![Area::country(Country::FR)],
        rest_of_world: false,
        methods: vec![flat("fr", 700)],
    }])
    .unwrap();
    let e = assert_code(
        quote(
            &home_only,
            &[line(ProductKind::Physical, 1, 300, 2_000)],
            &dest("US", "10001"),
            0,
        ),
        "shipping-no-zone",
    );
    assert_eq!(e.arg("country"), Some("US"));
}

#[test]
fn example_tables_for_new_shops() {
    let table = example_table();
    let names: Vec<&str> = table.zones().iter().map(|z| z.name.as_str()).collect();
    assert_eq!(names, ["France", "Union européenne", "Monde"]);
    let book = [line(ProductKind::Unique, 1, 400, 1_200)];
    let paris = offers(quote(&table, &book, &dest("FR", "75011"), 100).unwrap());
    let listed: Vec<(&str, i64)> = paris
        .iter()
        .map(|o| (o.key.as_str(), o.price_minor))
        .collect();
    assert_eq!(
        listed,
        [
            ("pickup", 0),
            ("mondial-relay-fr", 450),
            ("colissimo-fr", 750),
            ("chronopost-fr", 1_600)
        ]
    );
    assert!(
        !paris[0].free,
        "pickup costs nothing but is not a free-shipping offer"
    );
    let monaco = quote(&table, &book, &dest("MC", "98000"), 100).unwrap();
    assert_eq!(keys(&monaco).len(), 4);
    let berlin = quote(&table, &book, &dest("DE", "10115"), 100).unwrap();
    assert_eq!(keys(&berlin), ["colissimo-eu", "dhl-express-eu"]);
    let tokyo = quote(&table, &book, &dest("JP", "1000001"), 100).unwrap();
    assert_eq!(keys(&tokyo), ["colissimo-world", "dhl-express-world"]);
    // Reaching a threshold makes that method free.
    let big = [line(ProductKind::Physical, 2, 800, 8_000)];
    let o = offers(quote(&table, &big, &dest("FR", "69001"), 0).unwrap());
    let colissimo = o.iter().find(|o| o.key == "colissimo-fr").unwrap();
    assert_eq!((colissimo.price_minor, colissimo.free), (0, true));
}

#[test]
fn live_animals_never_travel_by_parcel_or_post() {
    let table = example_table();
    let parrot = [line(ProductKind::LiveAnimal, 1, 500, 150_000)];
    let o = quote(&table, &parrot, &dest("FR", "33000"), 0).unwrap();
    assert_eq!(keys(&o), ["pickup"]);
    // Abroad the example table has no in-person method: refused, and why.
    assert_code(
        quote(&table, &parrot, &dest("DE", "10115"), 0),
        "shipping-animal-in-person",
    );
    // A parrot and its cage ordered together: the cage follows the parrot.
    let with_cage = [parrot[0], line(ProductKind::Physical, 1, 4_000, 9_000)];
    assert_eq!(
        keys(&quote(&table, &with_cage, &dest("FR", "33000"), 0).unwrap()),
        ["pickup"]
    );
    // The breeder's own round is allowed.
    let own = Method::new(spec("own", CarrierKind::OwnDelivery, Pricing::Flat(2_500))).unwrap();
    let table = ShippingTable::new(vec![Zone {
        name: "Gironde".into(),
        areas: vec![Area {
            country: Country::FR,
            postcode_prefixes: vec!["33".into()],
        }],
        rest_of_world: false,
        methods: vec![
            own,
            Method::new(spec("ups", CarrierKind::Ups, Pricing::Flat(900))).unwrap(),
        ],
    }])
    .unwrap();
    assert_eq!(
        keys(&quote(&table, &parrot, &dest("FR", "33000"), 0).unwrap()),
        ["own"]
    );
    let each = quote_each(&table, &parrot, &dest("FR", "33000"), 0).unwrap();
    assert_code(each[1].1.clone(), "shipping-animal-in-person");
}

#[test]
fn perishables_only_by_suitable_methods() {
    let table = example_table();
    let tray = [line(ProductKind::Perishable, 1, 1_500, 4_500)];
    let o = quote(&table, &tray, &dest("FR", "21000"), 200).unwrap();
    assert_eq!(keys(&o), ["pickup", "chronopost-fr"]);
    let o = quote(&table, &tray, &dest("DE", "80331"), 200).unwrap();
    assert_eq!(keys(&o), ["dhl-express-eu"]);
    assert_code(
        quote(&table, &tray, &dest("US", "10001"), 200),
        "shipping-not-for-perishables",
    );
}

#[test]
fn downloads_and_services_need_no_shipping() {
    let table = example_table();
    let cart = [
        line(ProductKind::Digital, 1, 0, 900),
        line(ProductKind::Service, 1, 0, 6_000),
    ];
    assert_eq!(
        quote(&table, &cart, &dest("US", "10001"), 300).unwrap(),
        ShippingChoice::NotNeeded
    );
    // Their weight is ignored, but their amount counts towards free shipping.
    let mixed = [
        line(ProductKind::Digital, 1, 9_999, 5_000),
        line(ProductKind::Physical, 1, 300, 3_000),
    ];
    assert_eq!(parcel_weight_g(&mixed, 100), 400);
    let o = offers(quote(&table, &mixed, &dest("FR", "75011"), 100).unwrap());
    assert!(o.iter().find(|o| o.key == "colissimo-fr").unwrap().free);
}

#[test]
fn too_heavy_for_every_method() {
    let table = example_table();
    let anvil = [line(ProductKind::Physical, 2, 20_000, 30_000)];
    let e = assert_code(
        quote(&table, &anvil, &dest("DE", "10115"), 0),
        "shipping-too-heavy",
    );
    assert_eq!(e.arg("max_grams"), Some("30000"));
    let empty = ShippingTable::new(vec![Zone {
        name: "France".into(),
        areas: vec![Area::country(Country::FR)],
        rest_of_world: false,
        methods: vec![],
    }])
    .unwrap();
    assert_code(
        quote(
            &empty,
            &[line(ProductKind::Physical, 1, 1, 1)],
            &dest("FR", "75011"),
            0,
        ),
        "shipping-no-method",
    );
}

fn weight_table() -> impl Strategy<Value = Vec<(u32, i64)>> {
    prop::collection::vec((1u32..5_000, 0i64..2_000), 1..8).prop_map(|steps| {
        let mut up_to = 0u32;
        let mut price = 0i64;
        steps
            .into_iter()
            .map(|(dw, dp)| {
                up_to += dw;
                price += dp;
                (up_to, price)
            })
            .collect()
    })
}

proptest! {
    #[test]
    fn price_is_monotonic_in_weight(
        bands in weight_table(),
        w1 in 0u64..45_000,
        w2 in 0u64..45_000,
        subtotal in 0i64..20_000,
    ) {
        let m = Method::new(spec("m", CarrierKind::Colissimo, weights(&bands))).unwrap();
        let (light, heavy) = (w1.min(w2), w1.max(w2));
        match (m.price(light, subtotal), m.price(heavy, subtotal)) {
            (Some(a), Some(b)) => prop_assert!(a <= b, "{light} g: {a}, {heavy} g: {b}"),
            (None, Some(_)) => prop_assert!(false, "a lighter parcel refused"),
            (_, None) => prop_assert!(heavy > u64::from(bands.last().unwrap().0)),
        }
    }

    #[test]
    fn free_threshold_is_respected(
        bands in weight_table(),
        threshold in 0i64..20_000,
        subtotal in 0i64..40_000,
        weight in 0u64..1_000,
    ) {
        let mut s = spec("m", CarrierKind::Colissimo, weights(&bands));
        s.free_from_minor = Some(threshold);
        let free = Method::new(s.clone()).unwrap();
        s.free_from_minor = None;
        let paid = Method::new(s).unwrap();
        let (with, without) = (free.price(weight, subtotal), paid.price(weight, subtotal));
        prop_assert_eq!(with.is_some(), without.is_some());
        if let (Some(with), Some(without)) = (with, without) {
            if subtotal >= threshold {
                prop_assert_eq!(with, 0);
            } else {
                prop_assert_eq!(with, without);
            }
        }
    }

    #[test]
    fn offers_never_break_the_kind_rules(
        kinds in prop::collection::vec(prop::sample::select(ProductKind::all()), 1..5),
        to in prop::sample::select(&["FR", "DE", "US", "MC", "JP"][..]),
    ) {
        let lines: Vec<ParcelLine> = kinds.iter().map(|&k| line(k, 1, 500, 2_000)).collect();
        match quote(&example_table(), &lines, &dest(to, "75011"), 0) {
            Ok(ShippingChoice::NotNeeded) => prop_assert!(kinds.iter().all(|k| !k.is_shipped())),
            Ok(ShippingChoice::Offers(offers)) => {
                prop_assert!(!offers.is_empty());
                for o in offers {
                    if kinds.contains(&ProductKind::LiveAnimal) {
                        prop_assert!(allowed_shipping(o.carrier.travel()), "{}", o.key);
                    }
                    if kinds.contains(&ProductKind::Perishable) {
                        prop_assert!(["pickup", "chronopost-fr", "dhl-express-eu"].contains(&o.key.as_str()));
                    }
                }
            }
            Err(e) => prop_assert!(CODES.iter().any(|(c, _)| *c == e.code)),
        }
    }
}

#[test]
fn a_stored_table_reads_back_the_same() {
    let table = example_table();
    let json = serde_json::to_string(&table).unwrap();
    assert!(json.starts_with("{\"version\":1,\"zones\":["), "{json}");
    assert!(json.contains("\"carrier\":\"colissimo\""), "{json}");
    assert!(json.contains("\"by_weight\":[{\"up_to_g\":250,\"price_minor\":550}"));
    let back: ShippingTable = serde_json::from_str(&json).unwrap();
    assert_eq!(back, table);
}

#[test]
fn a_stored_table_is_checked_when_read() {
    let json = serde_json::to_string(&example_table()).unwrap();
    // A heavier parcel cheaper than a lighter one: refused on the way in.
    let decreasing = json.replacen(
        "{\"up_to_g\":500,\"price_minor\":750}",
        "{\"up_to_g\":500,\"price_minor\":50}",
        1,
    );
    assert_ne!(decreasing, json);
    let e = serde_json::from_str::<ShippingTable>(&decreasing).unwrap_err();
    assert!(
        e.to_string().contains("shipping-weight-price-decreasing"),
        "{e}"
    );
    // Two zones for France.
    let overlap = json.replacen("\"MC\"", "\"FR\"", 1);
    let e = serde_json::from_str::<ShippingTable>(&overlap).unwrap_err();
    assert!(e.to_string().contains("shipping-zone-overlap"), "{e}");
    let transit = json.replacen("\"max_days\":3", "\"max_days\":99", 1);
    let e = serde_json::from_str::<ShippingTable>(&transit).unwrap_err();
    assert!(e.to_string().contains("delivery-transit-invalid"), "{e}");
    let later = json.replacen("\"version\":1", "\"version\":2", 1);
    let e = serde_json::from_str::<ShippingTable>(&later).unwrap_err();
    assert!(e.to_string().contains("shipping-table-version"), "{e}");
}

#[test]
fn too_many_brackets() {
    let bands: Vec<(u32, i64)> = (1..=MAX_BRACKETS as u32 + 1)
        .map(|i| (i * 100, 500))
        .collect();
    let e = assert_code(
        Method::new(spec("m", CarrierKind::Colissimo, weights(&bands))),
        "shipping-brackets-too-many",
    );
    assert_eq!(e.arg("max"), Some("40"));
    assert!(Method::new(spec(
        "m",
        CarrierKind::Colissimo,
        weights(&bands[..MAX_BRACKETS])
    ))
    .is_ok());
}

#[test]
fn method_keys_from_names() {
    assert_eq!(
        method_key("Retrait à la boutique", &[]),
        "retrait-a-la-boutique"
    );
    assert_eq!(
        method_key("  Colissimo — Œuvres ", &[]),
        "colissimo-oeuvres"
    );
    assert_eq!(method_key("???", &[]), "method");
    assert_eq!(
        method_key("Colissimo", &["colissimo", "colissimo-2"]),
        "colissimo-3"
    );
    assert!(method_key(&"x".repeat(100), &[]).len() <= 32);
}

#[test]
fn cheapest_delivery_per_zone_for_search_engines() {
    let table = example_table();
    let cheese = [line(ProductKind::Perishable, 1, 500, 1_250)];
    let cheapest = cheapest_delivery_per_zone(&table, &cheese, 300);
    let per_zone: Vec<(&str, &str, i64)> = cheapest
        .iter()
        .map(|(z, o)| (z.name.as_str(), o.key.as_str(), o.price_minor))
        .collect();
    // Pickup is no delivery; perishables only by the methods marked for them; the world
    // has none for them.
    assert_eq!(
        per_zone,
        [
            ("France", "chronopost-fr", 1_600),
            ("Union européenne", "dhl-express-eu", 3_500)
        ]
    );
    let book = [line(ProductKind::Physical, 1, 400, 1_250)];
    let first = &cheapest_delivery_per_zone(&table, &book, 300)[0];
    assert_eq!(
        (first.1.key.as_str(), first.1.price_minor),
        ("mondial-relay-fr", 500)
    );
    // A parrot: pickup only in the example table, so nothing to tell.
    let parrot = [line(ProductKind::LiveAnimal, 1, 400, 90_000)];
    assert!(cheapest_delivery_per_zone(&table, &parrot, 300).is_empty());
    let file = [line(ProductKind::Digital, 1, 0, 900)];
    assert!(cheapest_delivery_per_zone(&table, &file, 300).is_empty());
}

proptest! {
    #[test]
    fn method_keys_are_valid_and_free(name in "\\PC{0,60}", taken in proptest::collection::vec("[a-z0-9-]{1,12}", 0..6)) {
        let taken: Vec<&str> = taken.iter().map(String::as_str).collect();
        let key = method_key(&name, &taken);
        prop_assert!(!taken.contains(&key.as_str()));
        prop_assert!(Method::new(MethodSpec { key: key.clone(), ..spec("x", CarrierKind::Ups, Pricing::Flat(0)) }).is_ok(), "{}", key);
    }

    #[test]
    fn stored_tables_round_trip(bands in weight_table(), free in proptest::option::of(0i64..100_000), perishable_ok: bool) {
        let m = Method::new(MethodSpec {
            free_from_minor: free,
            perishable_ok,
            ..spec("m", CarrierKind::Colissimo, weights(&bands))
        });
        prop_assume!(m.is_ok());
        let table = ShippingTable::new(vec![Zone {
            name: "Z".into(),
            areas: vec![Area { country: country("FR"), postcode_prefixes: vec!["20".into()] }],
            rest_of_world: false,
            methods: vec![m.unwrap()],
        }]).unwrap();
        let back: ShippingTable = serde_json::from_str(&serde_json::to_string(&table).unwrap()).unwrap();
        prop_assert_eq!(back, table);
    }
}

#[test]
fn zones_need_a_name_and_a_place() {
    let zone = |name: &str, areas: Vec<Area>, rest_of_world: bool| Zone {
        name: name.to_owned(),
        areas,
        rest_of_world,
        methods: Vec::new(),
    };
    let fr = || vec![Area::country(country("FR"))];
    let t = ShippingTable::new(vec![zone("  France ", fr(), false)]).unwrap();
    assert_eq!(t.zones()[0].name, "France");
    assert_code(
        ShippingTable::new(vec![zone(" ", fr(), false)]),
        "shipping-zone-name-empty",
    );
    let e = assert_code(
        ShippingTable::new(vec![zone(&"z".repeat(81), fr(), false)]),
        "shipping-zone-name-too-long",
    );
    assert_eq!(e.arg("max"), Some("80"));
    assert_code(
        ShippingTable::new(vec![zone("Fr\nance", fr(), false)]),
        "shipping-zone-name-too-long",
    );
    assert_code(
        ShippingTable::new(vec![zone("Nulle part", Vec::new(), false)]),
        "shipping-zone-no-area",
    );
    assert!(ShippingTable::new(vec![zone("Monde", Vec::new(), true)]).is_ok());
}
