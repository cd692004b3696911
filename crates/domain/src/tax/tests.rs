use super::*;
use crate::country::EU_MEMBERS;
use crate::testing::assert_code;
use proptest::prelude::*;
use VatClass::*;

fn country(code: &str) -> Country {
    Country::parse(code).unwrap()
}

fn dest(code: &str, postcode: &str) -> Destination {
    Destination::new(country(code), postcode)
}

fn jurisdiction(d: &Destination) -> Option<&'static str> {
    match vat_area(d) {
        VatArea::Eu(r) => Some(r.code),
        VatArea::Outside => None,
    }
}

#[test]
fn rates_table_covers_the_27_members_and_northern_ireland() {
    assert_eq!(EU_RATES.len(), 28);
    for m in EU_MEMBERS {
        assert!(rates_for(m).is_some(), "{m}");
    }
    assert!(rates_for("XI").is_some());
    assert!(rates_for("GB").is_none() && rates_for("CH").is_none());
    for r in EU_RATES {
        assert!(
            (1500..=2700).contains(&r.standard),
            "{}: the EU minimum standard rate is 15 %",
            r.code
        );
        assert!(r.reduced.windows(2).all(|w| w[0] < w[1]), "{}", r.code);
        assert!(r.reduced.iter().all(|&x| x < r.standard), "{}", r.code);
        if let Some(s) = r.super_reduced {
            assert!(r.reduced.first().is_none_or(|&low| s < low), "{}", r.code);
        }
    }
}

#[test]
fn rates_pinned_for_2026() {
    let std = |c: &str| rates_for(c).unwrap().standard;
    assert_eq!(
        [
            std("DE"),
            std("FR"),
            std("FI"),
            std("EE"),
            std("RO"),
            std("SK"),
            std("HU"),
            std("LU")
        ],
        [1900, 2000, 2550, 2400, 2100, 2300, 2700, 1700]
    );
    let de = rates_for("DE").unwrap();
    assert_eq!((de.rate(Reduced), de.rate(Intermediate)), (700, 700));
    let be = rates_for("BE").unwrap();
    assert_eq!((be.rate(Reduced), be.rate(Intermediate)), (600, 1200));
    let dk = rates_for("DK").unwrap();
    for &c in &[Standard, Intermediate, Reduced, SuperReduced] {
        assert_eq!(dk.rate(c), 2500);
    }
    assert_eq!(dk.rate(Exempt), 0);
    assert_eq!(rates_for("IT").unwrap().rate(SuperReduced), 400);
    assert_eq!(rates_for("NL").unwrap().rate(SuperReduced), 900);
}

#[test]
fn french_row_matches_the_catalog_rates() {
    let fr = rates_for("FR").unwrap();
    for &c in VatClass::all() {
        assert_eq!(fr.rate(c), c.rate_basis_points_fr(), "{c}");
    }
}

#[test]
fn vat_areas() {
    let cases = [
        ("FR", "75011", Some("FR")),
        ("FR", "20000", Some("FR")), // Corsica: French VAT
        ("FR", "97100", None),       // Guadeloupe typed as France
        ("FR", "98000", None),
        ("MC", "98000", Some("FR")), // Monaco is in the French VAT area
        ("GP", "97100", None),
        ("DE", "10115", Some("DE")),
        ("DE", "78266", None), // Büsingen
        ("ES", "28001", Some("ES")),
        ("ES", "35001", None), // Las Palmas
        ("ES", "38001", None),
        ("IT", "23041", None), // Livigno
        ("FI", "22100", None), // Mariehamn
        ("FI", "00100", Some("FI")),
        ("GB", "BT1 5GS", Some("XI")),
        ("GB", "SW1A 1AA", None),
        ("CH", "1200", None),
        ("US", "10001", None),
        ("GR", "10431", Some("GR")),
    ];
    for (c, pc, expected) in cases {
        assert_eq!(jurisdiction(&dest(c, pc)), expected, "{c} {pc}");
    }
}

#[test]
fn rounding_is_half_away_from_zero() {
    assert_eq!(vat_included(12_000, 2000), 2_000);
    assert_eq!(vat_included(100, 2000), 17); // 16.67
    assert_eq!(vat_included(-100, 2000), -17);
    assert_eq!(vat_on(10, 550), 1); // 0.55
    assert_eq!(vat_on(9, 550), 0); // 0.495
    assert_eq!(vat_on(5, 1000), 1); // exactly 0.5
    assert_eq!(vat_on(-5, 1000), -1);
    assert_eq!(vat_on(15, 1000), 2); // 1.5
    assert_eq!(vat_on(25, 1000), 3); // 2.5: away from zero, not to even
    assert_eq!(vat_on(0, 2000), 0);
    assert_eq!(vat_included(0, 0), 0);
    // Absurd amounts saturate instead of overflowing.
    assert_eq!(vat_on(i64::MAX, 20_000), i64::MAX);
    assert_eq!(vat_on(i64::MIN, 20_000), i64::MIN);
    assert_eq!(convert_gross(4_500, 550, 700), 4_564);
    assert_eq!(convert_gross(4_500, 550, 0), 4_265);
    assert_eq!(convert_gross(4_500, 550, 550), 4_500);
}

fn eu(previous: i64, this_year: i64) -> EuSales {
    EuSales {
        previous_year_minor: previous,
        this_year_minor: this_year,
        opted_for_destination: false,
    }
}

fn code_of(t: Taxation) -> Option<&'static str> {
    t.jurisdiction()
}

#[test]
fn whose_vat_applies() {
    let fr = TaxProfile::french_default();
    let goods = Supply::ShippedGoods;
    let tax = |p: &TaxProfile, s: &EuSales, supply, d: &Destination, order| {
        taxation(p, s, supply, d, order).unwrap()
    };
    let berlin = dest("DE", "10115");
    // Small exporter: French VAT on EU sales.
    let t = tax(&fr, &eu(0, 500_000), goods, &berlin, 5_000);
    assert_eq!(
        t,
        Taxation::Charge {
            rates: rates_for("FR").unwrap(),
            destination: false
        }
    );
    // Last year above €10,000: destination VAT from the first sale.
    let t = tax(&fr, &eu(1_000_001, 0), goods, &berlin, 5_000);
    assert_eq!(
        t,
        Taxation::Charge {
            rates: rates_for("DE").unwrap(),
            destination: true
        }
    );
    // The sale that crosses the threshold is already taxed in Germany…
    assert_eq!(
        code_of(tax(&fr, &eu(0, 999_000), goods, &berlin, 1_001)),
        Some("DE")
    );
    // …reaching it exactly is not passing it.
    assert_eq!(
        code_of(tax(&fr, &eu(1_000_000, 999_000), goods, &berlin, 1_000)),
        Some("FR")
    );
    let opted = EuSales {
        opted_for_destination: true,
        ..EuSales::default()
    };
    assert_eq!(code_of(tax(&fr, &opted, goods, &berlin, 1)), Some("DE"));
    // At home, the home rates whatever the EU sales.
    let paris = dest("FR", "75011");
    assert_eq!(
        code_of(tax(&fr, &eu(9_000_000, 9_000_000), goods, &paris, 1)),
        Some("FR")
    );
    // Exports: no VAT.
    for (c, pc) in [
        ("US", "10001"),
        ("CH", "1200"),
        ("GB", "SW1A1AA"),
        ("ES", "35001"),
        ("GP", "97100"),
    ] {
        assert_eq!(
            tax(&fr, &eu(0, 0), goods, &dest(c, pc), 1),
            Taxation::NoVat(NoVatReason::Export),
            "{c}"
        );
    }
    // Collected at the shop, or a service performed there: French VAT.
    let nyc = dest("US", "10001");
    assert_eq!(
        code_of(tax(&fr, &eu(0, 0), Supply::CollectedGoods, &nyc, 1)),
        Some("FR")
    );
    assert_eq!(
        code_of(tax(
            &fr,
            &eu(2_000_000, 0),
            Supply::LocalService,
            &berlin,
            1
        )),
        Some("FR")
    );
    // Downloads follow the consumer, like goods.
    assert_eq!(
        tax(&fr, &eu(0, 0), Supply::DigitalService, &nyc, 1),
        Taxation::NoVat(NoVatReason::Export)
    );
    assert_eq!(
        code_of(tax(
            &fr,
            &eu(2_000_000, 0),
            Supply::DigitalService,
            &berlin,
            1
        )),
        Some("DE")
    );
    // Northern Ireland: EU VAT area for goods only.
    let belfast = dest("GB", "BT1 5GS");
    let t = tax(&fr, &eu(2_000_000, 0), goods, &belfast, 1);
    assert_eq!((t.jurisdiction(), t.rate(Standard)), (Some("XI"), 2000));
    assert_eq!(
        tax(&fr, &eu(2_000_000, 0), Supply::DigitalService, &belfast, 1),
        Taxation::NoVat(NoVatReason::Export)
    );
}

#[test]
fn franchise_and_private_sellers() {
    let franchise = TaxProfile {
        regime: VatRegime::Franchise,
        ..TaxProfile::french_default()
    };
    let goods = Supply::ShippedGoods;
    let paris = dest("FR", "75011");
    let berlin = dest("DE", "10115");
    assert_eq!(
        taxation(&franchise, &eu(0, 0), goods, &paris, 1).unwrap(),
        Taxation::NoVat(NoVatReason::Franchise)
    );
    assert_eq!(
        taxation(&franchise, &eu(0, 0), goods, &berlin, 1).unwrap(),
        Taxation::NoVat(NoVatReason::Franchise)
    );
    // Above the EU threshold, the German sale is taxable in Germany.
    let t = taxation(&franchise, &eu(2_000_000, 0), goods, &berlin, 1).unwrap();
    assert_eq!(t.jurisdiction(), Some("DE"));
    let private = TaxProfile {
        regime: VatRegime::NotSubject,
        ..TaxProfile::french_default()
    };
    for d in [&paris, &berlin, &dest("US", "")] {
        assert_eq!(
            taxation(&private, &eu(9_000_000, 0), goods, d, 1).unwrap(),
            Taxation::NoVat(NoVatReason::NotSubject)
        );
    }
    let swiss = TaxProfile {
        country: country("CH"),
        ..TaxProfile::french_default()
    };
    let e = assert_code(
        taxation(&swiss, &eu(0, 0), goods, &paris, 1),
        "tax-shop-country-unsupported",
    );
    assert_eq!(e.arg("country"), Some("CH"));
}

#[test]
fn keywords() {
    assert_eq!(
        PriceEntry::parse("tax-included").unwrap(),
        PriceEntry::TaxIncluded
    );
    assert_code(PriceEntry::parse("ttc"), "price-entry-unknown");
    assert_eq!(VatRegime::parse("franchise").unwrap(), VatRegime::Franchise);
    assert_code(VatRegime::parse("micro"), "vat-regime-unknown");
    assert_eq!(
        ForeignPricing::parse("keep_net").unwrap(),
        ForeignPricing::KeepNet
    );
    assert_code(ForeignPricing::parse("auto"), "foreign-pricing-unknown");
    assert_eq!(
        Supply::of(ProductKind::Perishable, false),
        Supply::ShippedGoods
    );
    assert_eq!(
        Supply::of(ProductKind::LiveAnimal, true),
        Supply::CollectedGoods
    );
    assert_eq!(
        Supply::of(ProductKind::Digital, true),
        Supply::DigitalService
    );
    assert_eq!(Supply::of(ProductKind::Rental, false), Supply::LocalService);
    assert_eq!(
        Supply::of(ProductKind::Service, false),
        Supply::LocalService
    );
}

fn line(amount_minor: i64, class: VatClass) -> TaxLine {
    TaxLine {
        amount_minor,
        class,
        supply: Supply::ShippedGoods,
    }
}

/// A cheese tray (5.5 %) and a bottle of wine (20 %), €12 shipping.
fn tray_and_wine() -> Vec<TaxLine> {
    vec![line(4_500, Reduced), line(1_800, Standard)]
}

fn run(
    profile: &TaxProfile,
    sales: &EuSales,
    d: &Destination,
    lines: &[TaxLine],
    shipping: i64,
) -> TaxBreakdown {
    compute(TaxInput {
        profile,
        eu_sales: sales,
        destination: d,
        lines,
        shipping_minor: shipping,
    })
    .unwrap()
}

#[test]
fn french_order_with_shipping_split_over_the_rates() {
    let b = run(
        &TaxProfile::french_default(),
        &eu(0, 0),
        &dest("FR", "21000"),
        &tray_and_wine(),
        1_200,
    );
    assert!(b.amounts_include_tax);
    // €12 split 45:18 → 8.57 and 3.43 (the larger remainder gets the cent).
    let parts: Vec<(i64, u32)> = b
        .shipping
        .iter()
        .map(|l| (l.amount_minor, l.rate_bp))
        .collect();
    assert_eq!(parts, [(857, 550), (343, 2000)]);
    let totals: Vec<(Option<&str>, u32, i64, i64, i64)> = b
        .per_rate
        .iter()
        .map(|t| {
            (
                t.jurisdiction,
                t.rate_bp,
                t.net_minor,
                t.vat_minor,
                t.gross_minor,
            )
        })
        .collect();
    assert_eq!(
        totals,
        [
            (Some("FR"), 2000, 1_786, 357, 2_143),
            (Some("FR"), 550, 5_078, 279, 5_357)
        ]
    );
    assert_eq!(
        (b.net_minor, b.vat_minor, b.gross_minor),
        (6_864, 636, 7_500)
    );
    assert!(b.mentions.is_empty());
}

#[test]
fn german_order_above_the_threshold() {
    let sales = eu(1_500_000, 0);
    let berlin = dest("DE", "10115");
    // Default: the German shopper pays the price on the page; VAT at 7 and 19 %.
    let b = run(
        &TaxProfile::french_default(),
        &sales,
        &berlin,
        &tray_and_wine(),
        1_200,
    );
    assert_eq!(b.gross_minor, 7_500);
    let vat: Vec<(u32, i64)> = b
        .per_rate
        .iter()
        .map(|t| (t.rate_bp, t.vat_minor))
        .collect();
    assert_eq!(vat, [(1900, 342), (700, 350)]);
    assert!(b.per_rate.iter().all(|t| t.jurisdiction == Some("DE")));
    // Keeping the net instead: the tray costs 45.00 / 1.055 × 1.07.
    let keep_net = TaxProfile {
        foreign_pricing: ForeignPricing::KeepNet,
        ..TaxProfile::french_default()
    };
    let b = run(&keep_net, &sales, &berlin, &tray_and_wine(), 0);
    assert_eq!(b.lines[0].amount_minor, 4_564);
    assert_eq!(b.lines[1].amount_minor, 1_785); // 18.00 / 1.20 × 1.19
}

#[test]
fn exports_drop_the_french_vat() {
    let nyc = dest("US", "10001");
    let b = run(
        &TaxProfile::french_default(),
        &eu(0, 0),
        &nyc,
        &tray_and_wine(),
        0,
    );
    let amounts: Vec<i64> = b.lines.iter().map(|l| l.amount_minor).collect();
    assert_eq!(amounts, [4_265, 1_500]);
    assert_eq!((b.vat_minor, b.gross_minor, b.net_minor), (0, 5_765, 5_765));
    assert_eq!(b.mentions, [EXPORT_MENTION]);
    assert_eq!(b.per_rate.len(), 1);
    assert_eq!(b.per_rate[0].jurisdiction, None);
    let keep = TaxProfile {
        foreign_pricing: ForeignPricing::KeepGross,
        ..TaxProfile::french_default()
    };
    let b = run(&keep, &eu(0, 0), &nyc, &tray_and_wine(), 0);
    assert_eq!((b.vat_minor, b.gross_minor), (0, 6_300));
}

#[test]
fn franchise_shop_prints_the_mention_and_charges_nothing() {
    let franchise = TaxProfile {
        regime: VatRegime::Franchise,
        ..TaxProfile::french_default()
    };
    let b = run(
        &franchise,
        &eu(0, 0),
        &dest("FR", "75011"),
        &tray_and_wine(),
        690,
    );
    assert_eq!((b.vat_minor, b.gross_minor), (0, 6_990));
    assert_eq!(b.mentions, [crate::legal::VAT_FRANCHISE_MENTION]);
    let private = TaxProfile {
        regime: VatRegime::NotSubject,
        ..TaxProfile::french_default()
    };
    let b = run(
        &private,
        &eu(0, 0),
        &dest("FR", "75011"),
        &tray_and_wine(),
        690,
    );
    assert_eq!((b.vat_minor, b.gross_minor), (0, 6_990));
    assert!(b.mentions.is_empty());
}

#[test]
fn tax_excluded_prices_add_vat_per_rate() {
    let ht = TaxProfile {
        entry: PriceEntry::TaxExcluded,
        ..TaxProfile::french_default()
    };
    let b = run(
        &ht,
        &eu(0, 0),
        &dest("FR", "75011"),
        &[line(10_000, Standard), line(999, Reduced)],
        0,
    );
    assert!(!b.amounts_include_tax);
    assert_eq!(
        (b.net_minor, b.vat_minor, b.gross_minor),
        (10_999, 2_055, 13_054)
    );
}

#[test]
fn rounding_per_rate_not_per_line() {
    // A hundred 0.99 € items at 5.5 %: 5.16 cents each, 5.00 € if rounded
    // per line, 5.16 € on the total.
    let lines = vec![line(99, Reduced); 100];
    let b = run(
        &TaxProfile::french_default(),
        &eu(0, 0),
        &dest("FR", "75011"),
        &lines,
        0,
    );
    assert_eq!(b.vat_minor, 516);
    assert_eq!(
        lines
            .iter()
            .map(|l| vat_included(l.amount_minor, 550))
            .sum::<i64>(),
        500
    );
}

#[test]
fn mixed_orders_are_taxed_line_by_line() {
    // A download and a shipped book to New York, a workshop booked in France.
    let lines = [
        TaxLine {
            amount_minor: 1_200,
            class: Standard,
            supply: Supply::DigitalService,
        },
        TaxLine {
            amount_minor: 2_110,
            class: Reduced,
            supply: Supply::ShippedGoods,
        },
        TaxLine {
            amount_minor: 6_000,
            class: Standard,
            supply: Supply::LocalService,
        },
    ];
    let b = run(
        &TaxProfile::french_default(),
        &eu(0, 0),
        &dest("US", "10001"),
        &lines,
        1_500,
    );
    let per_line: Vec<Option<&str>> = b.lines.iter().map(|l| l.taxation.jurisdiction()).collect();
    assert_eq!(per_line, [None, None, Some("FR")]);
    // Shipping rides with the book only, and is exported with it.
    assert_eq!(b.shipping.len(), 1);
    assert_eq!(b.shipping[0].taxation, Taxation::NoVat(NoVatReason::Export));
    assert_eq!(b.vat_minor, 1_000);
}

#[test]
fn refuses_negative_amounts() {
    let input = |lines: &'static [TaxLine], shipping| {
        compute(TaxInput {
            profile: &TaxProfile::french_default(),
            eu_sales: &EuSales::default(),
            destination: &dest("FR", "75011"),
            lines,
            shipping_minor: shipping,
        })
    };
    static NEG: [TaxLine; 1] = [TaxLine {
        amount_minor: -1,
        class: Standard,
        supply: Supply::ShippedGoods,
    }];
    assert_code(input(&NEG, 0), "tax-amount-negative");
    assert_code(input(&[], -1), "tax-amount-negative");
    let b = input(&[], 500).unwrap();
    assert_eq!((b.gross_minor, b.vat_minor), (500, 83));
}

#[test]
fn pro_rata_split() {
    assert_eq!(split_pro_rata(1_200, &[4_500, 1_800]), [857, 343]);
    assert_eq!(split_pro_rata(100, &[1, 1, 1]), [34, 33, 33]);
    assert_eq!(split_pro_rata(5, &[0, 0]), [3, 2]);
    assert_eq!(split_pro_rata(0, &[3, 4]), [0, 0]);
    assert!(split_pro_rata(10, &[]).is_empty());
}

#[test]
fn franchise_thresholds() {
    let t = FranchiseThresholds::default();
    assert_eq!((t.goods_minor, t.services_minor), (8_500_000, 3_750_000));
    let goods = |g| franchise_check(g, 0, false, &t).goods;
    assert_eq!(goods(6_799_999), ThresholdLevel::Below);
    assert_eq!(goods(6_800_000), ThresholdLevel::Approaching);
    assert_eq!(goods(8_500_000), ThresholdLevel::Approaching);
    assert_eq!(goods(8_500_001), ThresholdLevel::OverBase);
    assert_eq!(goods(9_350_000), ThresholdLevel::OverBase);
    assert_eq!(goods(9_350_001), ThresholdLevel::OverTolerance);
    // A shop selling both: the services part has its own, lower threshold.
    let c = franchise_check(3_000_000, 3_800_000, false, &t);
    assert_eq!(
        (c.goods, c.services),
        (ThresholdLevel::Approaching, ThresholdLevel::OverBase)
    );
    assert_eq!(c.level(), ThresholdLevel::OverBase);
    let notices = c.notices();
    assert_eq!(notices.len(), 2);
    let first = assert_code(Err::<(), _>(notices[0].clone()), "tax-franchise-over-base");
    assert_eq!(
        (
            first.arg("kind"),
            first.arg("threshold"),
            first.arg("tolerance")
        ),
        (Some("services"), Some("37500.00 EUR"), Some("41250.00 EUR"))
    );
    assert_code(
        Err::<(), _>(notices[1].clone()),
        "tax-franchise-approaching",
    );
    // A second year above the threshold ends the franchise next January.
    let c = franchise_check(8_600_000, 0, true, &t);
    assert_code(
        Err::<(), _>(c.notices()[0].clone()),
        "tax-franchise-ends-next-year",
    );
    let c = franchise_check(9_400_000, 0, false, &t);
    let lost = assert_code(Err::<(), _>(c.notices()[0].clone()), "tax-franchise-lost");
    assert_eq!(lost.arg("tolerance"), Some("93500.00 EUR"));
    assert!(franchise_check(100, 100, true, &t).notices().is_empty());
    // Configurable, for a change of law.
    let single = FranchiseThresholds {
        goods_minor: 2_500_000,
        goods_tolerance_minor: 2_750_000,
        services_minor: 2_500_000,
        services_tolerance_minor: 2_750_000,
        warn_percent: 90,
    };
    assert_eq!(
        franchise_check(2_600_000, 0, false, &single).goods,
        ThresholdLevel::OverBase
    );
    assert_eq!(
        franchise_check(2_200_000, 0, false, &single).goods,
        ThresholdLevel::Below
    );
}

#[test]
fn private_seller_regularity() {
    let t = RegularityThresholds::default();
    let lvl = |n, amount| private_seller_check(n, amount, &t).0;
    assert_eq!(lvl(0, 0), PrivateSellerLevel::Occasional);
    assert_eq!(lvl(23, 150_000), PrivateSellerLevel::Occasional);
    assert_eq!(lvl(24, 0), PrivateSellerLevel::Approaching);
    assert_eq!(lvl(1, 160_000), PrivateSellerLevel::Approaching);
    assert_eq!(lvl(29, 199_999), PrivateSellerLevel::Approaching);
    assert_eq!(lvl(30, 0), PrivateSellerLevel::Regular);
    assert_eq!(lvl(2, 200_000), PrivateSellerLevel::Regular);
    let (_, notice) = private_seller_check(30, 0, &t);
    let n = assert_code(Err::<(), _>(notice.unwrap()), "private-seller-regular");
    assert_eq!(
        (n.arg("sales"), n.arg("amount")),
        (Some("30"), Some("2000.00 EUR"))
    );
    let (_, notice) = private_seller_check(25, 0, &t);
    assert_code(Err::<(), _>(notice.unwrap()), "private-seller-approaching");
    assert!(private_seller_check(1, 1, &t).1.is_none());
}

fn any_rate() -> impl Strategy<Value = u32> {
    prop_oneof![
        Just(0u32),
        Just(210),
        Just(550),
        Just(1000),
        Just(2000),
        Just(700),
        Just(1900),
        Just(2550),
        Just(2700),
        0u32..3000,
    ]
}

fn any_line() -> impl Strategy<Value = TaxLine> {
    (0i64..2_000_000, prop::sample::select(VatClass::all()))
        .prop_map(|(amount_minor, class)| line(amount_minor, class))
}

#[test]
fn thresholds_an_operator_types_must_be_positive_with_tolerances_above_them() {
    assert!(FranchiseThresholds::default().problems().is_empty());
    assert!(RegularityThresholds::default().problems().is_empty());
    let lowered = FranchiseThresholds {
        goods_minor: 5_000_000,
        ..FranchiseThresholds::default()
    };
    assert!(lowered.problems().is_empty());
    let bad = FranchiseThresholds {
        goods_minor: 0,
        goods_tolerance_minor: -1,
        services_minor: 3_750_000,
        services_tolerance_minor: 3_000_000,
        warn_percent: 80,
    };
    let problems = bad.problems();
    let fields: Vec<&str> = problems.iter().map(|p| p.0).collect();
    assert_eq!(fields, ["goods", "goods_tolerance", "services_tolerance"]);
    let at = |field: &str| {
        problems
            .iter()
            .find(|p| p.0 == field)
            .map(|p| Err::<(), _>(p.1.clone()))
            .unwrap()
    };
    assert_code(at("goods"), "tax-threshold-not-positive");
    assert_code(at("goods_tolerance"), "tax-threshold-not-positive");
    let e = assert_code(at("services_tolerance"), "tax-tolerance-below-threshold");
    assert_eq!(e.args[0].1.to_string(), "37500.00 EUR");
    // A tolerance equal to its threshold is allowed (no tolerance at all).
    let equal = FranchiseThresholds {
        goods_tolerance_minor: 8_500_000,
        ..FranchiseThresholds::default()
    };
    assert!(equal.problems().is_empty());
    let none = RegularityThresholds {
        sales: 0,
        amount_minor: 0,
        warn_percent: 80,
    };
    let fields: Vec<&str> = none.problems().iter().map(|p| p.0).collect();
    assert_eq!(fields, ["sales", "amount"]);
}

#[test]
fn a_price_typed_tax_excluded_is_shown_with_the_home_rate() {
    let ht = TaxProfile {
        entry: PriceEntry::TaxExcluded,
        ..TaxProfile::french_default()
    };
    assert_eq!(shown_price(&ht, Standard, 1000), 1200);
    assert_eq!(shown_price(&ht, Reduced, 1000), 1055);
    assert_eq!(shown_price(&ht, Intermediate, 1000), 1100);
    assert_eq!(shown_price(&ht, SuperReduced, 1000), 1021);
    assert_eq!(shown_price(&ht, Exempt, 1000), 1000);
    // VAT rounded to the cent, halves away from zero: 10 × 5.5 % = 0.55 → 1, 9 × 5.5 % = 0.495 → 0.
    assert_eq!(shown_price(&ht, Reduced, 10), 11);
    assert_eq!(shown_price(&ht, Reduced, 9), 9);
    // Typed tax included, or no VAT charged: shown as typed.
    assert_eq!(
        shown_price(&TaxProfile::french_default(), Standard, 1000),
        1000
    );
    for regime in [VatRegime::Franchise, VatRegime::NotSubject] {
        let p = TaxProfile { regime, ..ht };
        assert_eq!(shown_price(&p, Standard, 1000), 1000);
    }
    // A shop in Germany shows its own rates.
    let de = TaxProfile {
        country: country("DE"),
        ..ht
    };
    assert_eq!(shown_price(&de, Standard, 1000), 1190);
}

proptest! {
    /// What the storefront shows for one item is what checkout charges a shopper at home, for
    /// every way of typing prices and every VAT regime.
    #[test]
    fn the_price_shown_is_the_total_charged_for_one_item_at_home(
        amount in 0i64..100_000_000,
        class in prop::sample::select(VatClass::all()),
        entry in prop::sample::select(PriceEntry::all()),
        regime in prop::sample::select(VatRegime::all()),
        supply in prop::sample::select(&[Supply::ShippedGoods, Supply::CollectedGoods, Supply::DigitalService, Supply::LocalService][..]),
        home in prop::sample::select(&["FR", "DE", "IT", "FI"][..]),
    ) {
        let profile = TaxProfile { country: country(home), regime, entry, ..TaxProfile::french_default() };
        let lines = [TaxLine { amount_minor: amount, class, supply }];
        let b = run(&profile, &eu(0, 0), &dest(home, "75011"), &lines, 0);
        prop_assert_eq!(b.gross_minor, shown_price(&profile, class, amount));
    }

    #[test]
    fn tax_included_totals_add_up(
        lines in prop::collection::vec(any_line(), 0..20),
        shipping in 0i64..10_000,
    ) {
        let b = run(&TaxProfile::french_default(), &eu(0, 0), &dest("FR", "75011"), &lines, shipping);
        let entered: i64 = lines.iter().map(|l| l.amount_minor).sum::<i64>() + shipping;
        prop_assert_eq!(b.gross_minor, entered);
        prop_assert_eq!(b.net_minor + b.vat_minor, b.gross_minor);
        let shipped: i64 = b.shipping.iter().map(|l| l.amount_minor).sum();
        prop_assert_eq!(shipped, shipping);
        for t in &b.per_rate {
            prop_assert_eq!(t.net_minor + t.vat_minor, t.gross_minor);
            // The VAT is within half a cent of the exact figure.
            let exact_x2 = 2 * i128::from(t.gross_minor) * i128::from(t.rate_bp);
            let got_x2 = 2 * i128::from(t.vat_minor) * (10_000 + i128::from(t.rate_bp));
            prop_assert!((exact_x2 - got_x2).abs() <= 10_000 + i128::from(t.rate_bp));
        }
    }

    #[test]
    fn foreign_totals_add_up_too(
        lines in prop::collection::vec(any_line(), 0..10),
        shipping in 0i64..10_000,
        to in prop::sample::select(&["DE", "IT", "US", "CH", "BE"][..]),
        pricing in prop::sample::select(ForeignPricing::all()),
    ) {
        let profile = TaxProfile { foreign_pricing: pricing, ..TaxProfile::french_default() };
        let b = run(&profile, &eu(2_000_000, 0), &dest(to, "1000"), &lines, shipping);
        prop_assert_eq!(b.net_minor + b.vat_minor, b.gross_minor);
        let charged: i64 = b.lines.iter().chain(&b.shipping).map(|l| l.amount_minor).sum();
        prop_assert_eq!(charged, b.gross_minor);
    }

    #[test]
    fn excluded_to_included_and_back_is_exact(net in -10_000_000_000i64..10_000_000_000, rate in any_rate()) {
        let gross = net + vat_on(net, rate);
        prop_assert_eq!(gross - vat_included(gross, rate), net);
    }

    #[test]
    fn included_to_excluded_and_back_is_within_a_cent(gross in 0i64..10_000_000_000, rate in 0u32..=10_000) {
        let net = gross - vat_included(gross, rate);
        let back = net + vat_on(net, rate);
        prop_assert!((back - gross).abs() <= 1, "{gross} -> {net} -> {back}");
    }

    #[test]
    fn converting_between_rates_and_back_is_within_a_cent(
        gross in 0i64..10_000_000_000, a in 0u32..=2700, b in 0u32..=2700,
    ) {
        let there = convert_gross(gross, a, b);
        let back = convert_gross(there, b, a);
        prop_assert!((back - gross).abs() <= 1, "{gross} -> {there} -> {back}");
    }

    #[test]
    fn pro_rata_parts_add_up_and_stay_fair(
        amount in 0i64..1_000_000,
        weights in prop::collection::vec(0i64..1_000_000, 1..12),
    ) {
        let parts = split_pro_rata(amount, &weights);
        prop_assert_eq!(parts.iter().sum::<i64>(), amount);
        let total: i128 = weights.iter().map(|&w| i128::from(w)).sum();
        if total > 0 {
            for (p, w) in parts.iter().zip(&weights) {
                let exact = i128::from(amount) * i128::from(*w);
                let diff = i128::from(*p) * total - exact;
                prop_assert!(diff.abs() < total, "{p} vs {amount}×{w}/{total}");
            }
        }
    }
}

#[test]
fn parcels_to_several_recipients_add_up_rate_by_rate() {
    let fr = TaxProfile::french_default();
    let sales = eu(0, 0);
    let dijon = run(&fr, &sales, &dest("FR", "21000"), &tray_and_wine(), 1_200);
    let geneva = run(&fr, &sales, &dest("CH", "1200"), &tray_and_wine(), 2_500);
    let both = combine(&[dijon.clone(), geneva.clone()]).unwrap();
    assert_eq!(both.vat_minor, dijon.vat_minor + geneva.vat_minor);
    assert_eq!(both.gross_minor, dijon.gross_minor + geneva.gross_minor);
    assert_eq!(both.net_minor, dijon.net_minor + geneva.net_minor);
    assert_eq!(both.lines.len(), dijon.lines.len() + geneva.lines.len());
    // The French rates keep their totals; the export bears no VAT and says why.
    let fr_rates: Vec<&RateTotal> = both
        .per_rate
        .iter()
        .filter(|t| t.jurisdiction == Some("FR"))
        .collect();
    assert_eq!(fr_rates.len(), 2);
    assert_eq!(fr_rates[0].vat_minor, 357);
    assert!(both
        .per_rate
        .iter()
        .filter(|t| t.jurisdiction.is_none())
        .all(|t| t.vat_minor == 0));
    assert_eq!(both.mentions, geneva.mentions);
    // Two parcels to France: the same rates, summed.
    let twice = combine(&[dijon.clone(), dijon.clone()]).unwrap();
    assert_eq!(twice.per_rate.len(), 2);
    assert_eq!(
        twice.per_rate[0].gross_minor,
        2 * dijon.per_rate[0].gross_minor
    );
    assert_eq!(combine(&[]), None);
    assert_eq!(combine(std::slice::from_ref(&dijon)).unwrap(), dijon);
}

#[test]
fn only_sales_to_other_member_states_need_the_years_eu_sales() {
    let fr = TaxProfile::french_default();
    assert!(!needs_eu_sales(&fr, &[dest("FR", "21000")]));
    assert!(!needs_eu_sales(
        &fr,
        &[dest("MC", "98000"), dest("US", "10001")]
    ));
    assert!(!needs_eu_sales(&fr, &[dest("FR", "97100")]));
    assert!(needs_eu_sales(
        &fr,
        &[dest("FR", "21000"), dest("DE", "10115")]
    ));
    assert!(needs_eu_sales(&fr, &[dest("GB", "BT1 5GS")]));
    let franchise = TaxProfile {
        regime: VatRegime::Franchise,
        ..fr
    };
    assert!(needs_eu_sales(&franchise, &[dest("BE", "1000")]));
    let private = TaxProfile {
        regime: VatRegime::NotSubject,
        ..fr
    };
    assert!(!needs_eu_sales(&private, &[dest("BE", "1000")]));
}

proptest! {
    /// Skipping the year's sums when they are not needed never changes what an order costs.
    #[test]
    fn skipping_eu_sales_never_changes_the_vat(
        lines in prop::collection::vec(any_line(), 1..6),
        shipping in 0i64..10_000,
        to in prop::sample::select(&["FR", "MC", "DE", "IT", "US", "CH", "GP", "ES"][..]),
        previous in 0i64..3_000_000,
        this_year in 0i64..3_000_000,
        regime in prop::sample::select(VatRegime::all()),
    ) {
        let profile = TaxProfile { regime, ..TaxProfile::french_default() };
        let d = dest(to, "35000");
        if !needs_eu_sales(&profile, [&d]) {
            let with = run(&profile, &eu(previous, this_year), &d, &lines, shipping);
            let without = run(&profile, &EuSales::default(), &d, &lines, shipping);
            prop_assert_eq!(with, without);
        }
    }
}
