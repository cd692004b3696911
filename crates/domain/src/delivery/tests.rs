use super::*;
use crate::country::Country;
use crate::testing::assert_code;
use chrono::NaiveDateTime;
use chrono_tz::Europe::Paris;
use proptest::prelude::*;
use Weekday::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn place(code: &str, postcode: &str) -> Destination {
    Destination::new(Country::parse(code).unwrap(), postcode)
}

/// Unix time of a wall-clock time in Paris.
fn paris(y: i32, mo: u32, day: u32, h: u32, mi: u32) -> i64 {
    let local: NaiveDateTime = d(y, mo, day).and_hms_opt(h, mi, 0).unwrap();
    Paris
        .from_local_datetime(&local)
        .single()
        .unwrap()
        .timestamp()
}

/// The cheese trays: a day to prepare, parcels leave Monday to Wednesday.
fn trays() -> DispatchRule {
    let terms = PerishableTerms::new(1, &[Mon, Tue, Wed], 10).unwrap();
    DispatchRule::from(&terms)
}

fn express() -> Transit {
    Transit::new(1, 2, false).unwrap()
}

fn dates(list: Vec<Holiday>) -> Vec<NaiveDate> {
    list.into_iter().map(|h| h.date).collect()
}

#[test]
fn easter_dates() {
    for (year, month, day) in [
        (1818, 3, 22),
        (1961, 4, 2),
        (2000, 4, 23),
        (2019, 4, 21),
        (2024, 3, 31),
        (2025, 4, 20),
        (2026, 4, 5),
        (2027, 3, 28),
        (2028, 4, 16),
        (2030, 4, 21),
        (2038, 4, 25),
        (2285, 3, 22),
    ] {
        assert_eq!(easter_sunday(year), d(year, month, day), "{year}");
    }
}

#[test]
fn french_holidays() {
    let fr = place("FR", "75011");
    let h2027 = holidays(&fr, 2027);
    let find = |key| h2027.iter().find(|h| h.key == key).unwrap().date;
    assert_eq!(find("easter_monday"), d(2027, 3, 29));
    assert_eq!(find("ascension"), d(2027, 5, 6));
    assert_eq!(find("whit_monday"), d(2027, 5, 17));
    assert_eq!(
        dates(holidays(&fr, 2026)),
        [
            d(2026, 1, 1),
            d(2026, 4, 6),
            d(2026, 5, 1),
            d(2026, 5, 8),
            d(2026, 5, 14),
            d(2026, 5, 25),
            d(2026, 7, 14),
            d(2026, 8, 15),
            d(2026, 11, 1),
            d(2026, 11, 11),
            d(2026, 12, 25),
        ]
    );
    // Alsace-Moselle adds Good Friday and St Stephen's Day.
    let strasbourg = holidays(&place("FR", "67000"), 2026);
    assert_eq!(strasbourg.len(), 13);
    assert!(strasbourg
        .iter()
        .any(|h| h.date == d(2026, 4, 3) && h.key == "good_friday"));
    assert!(strasbourg.iter().any(|h| h.date == d(2026, 12, 26)));
    assert_eq!(holiday_on(&fr, d(2026, 4, 3)), None);
    assert_eq!(holiday_on(&fr, d(2026, 7, 14)).unwrap().key, "bastille_day");
}

#[test]
fn neighbours_holidays() {
    assert_eq!(
        dates(holidays(&place("DE", "10115"), 2026)),
        [
            d(2026, 1, 1),
            d(2026, 4, 3),
            d(2026, 4, 6),
            d(2026, 5, 1),
            d(2026, 5, 14),
            d(2026, 5, 25),
            d(2026, 10, 3),
            d(2026, 12, 25),
            d(2026, 12, 26),
        ]
    );
    let on = |c: &str, date| holiday_on(&place(c, ""), date).map(|h| h.key);
    assert_eq!(on("BE", d(2026, 7, 21)), Some("national_day"));
    assert_eq!(on("BE", d(2026, 4, 3)), None);
    assert_eq!(on("CH", d(2026, 8, 1)), Some("national_day"));
    assert_eq!(on("CH", d(2026, 4, 3)), Some("good_friday"));
    assert_eq!(on("LU", d(2026, 5, 9)), Some("europe_day"));
    assert_eq!(on("LU", d(2026, 6, 23)), Some("national_day"));
    assert_eq!(on("IT", d(2026, 6, 2)), Some("republic_day"));
    assert_eq!(on("IT", d(2026, 10, 4)), Some("st_francis"));
    assert_eq!(on("IT", d(2025, 10, 4)), None);
    assert_eq!(on("ES", d(2026, 10, 12)), Some("national_day"));
    assert_eq!(on("ES", d(2026, 4, 3)), Some("good_friday"));
    assert_eq!(on("ES", d(2026, 4, 6)), None);
    assert_eq!(on("AT", d(2026, 6, 4)), Some("corpus_christi"));
    assert_eq!(on("AT", d(2026, 10, 26)), Some("national_day"));
    // King's Day moves to Saturday when 27 April is a Sunday (2025).
    assert_eq!(on("NL", d(2025, 4, 26)), Some("kings_day"));
    assert_eq!(on("NL", d(2026, 4, 27)), Some("kings_day"));
    assert_eq!(on("NL", d(2025, 5, 5)), Some("liberation_day"));
    assert_eq!(on("NL", d(2026, 5, 5)), None);
    // Japan is not covered: Sundays only.
    assert_eq!(on("JP", d(2026, 1, 1)), None);
    assert!(!holidays_known("JP"));
    for c in ["FR", "DE", "AT", "BE", "CH", "LU", "IT", "ES", "NL", "GB"] {
        assert!(holidays_known(c), "{c}");
        assert!(!holidays(&place(c, ""), 2026).is_empty(), "{c}");
    }
}

#[test]
fn united_kingdom_substitute_days() {
    let uk = place("GB", "SW1A 1AA");
    let list = |y| dates(holidays(&uk, y));
    assert_eq!(
        list(2026),
        [
            d(2026, 1, 1),
            d(2026, 4, 3),
            d(2026, 4, 6),
            d(2026, 5, 4),
            d(2026, 5, 25),
            d(2026, 8, 31),
            d(2026, 12, 25),
            d(2026, 12, 26),
            d(2026, 12, 28),
        ]
    );
    // Christmas on a Sunday: Boxing Day keeps Monday, Christmas moves to Tuesday.
    let y2022 = list(2022);
    assert!(y2022.contains(&d(2022, 1, 3)) && y2022.contains(&d(2022, 12, 27)));
    // Both on the weekend: Monday and Tuesday.
    let y2021 = list(2021);
    assert!(y2021.contains(&d(2021, 12, 27)) && y2021.contains(&d(2021, 12, 28)));
}

#[test]
fn transit_and_rules_are_checked() {
    assert_code(Transit::new(3, 2, false), "delivery-transit-invalid");
    let e = assert_code(Transit::new(0, 61, false), "delivery-transit-invalid");
    assert_eq!(e.arg("max"), Some("60"));
    assert!(Transit::new(0, 0, true).is_ok());
    assert_code(DispatchRule::new(61, &[Mon]), "dispatch-lead-too-long");
    assert_code(DispatchRule::new(0, &[]), "dispatch-no-weekday");
    let r = DispatchRule::new(2, &[Fri, Mon, Fri]).unwrap();
    assert_eq!((r.lead_days(), r.weekdays()), (2, &[Mon, Fri][..]));
    assert_eq!(trays().weekdays(), [Mon, Tue, Wed]);
}

fn ctx<'a>(
    now: i64,
    rules: &'a [DispatchRule],
    transit: Transit,
    origin: &'a Destination,
    to: &'a Destination,
) -> DeliveryContext<'a> {
    DeliveryContext {
        now_utc: now,
        shop_tz: Paris,
        origin,
        rules,
        transit,
        destination: to,
    }
}

#[test]
fn a_gift_tray_for_friday_in_berlin() {
    let dijon = place("FR", "21000");
    let berlin = place("DE", "10115");
    let rules = [trays()];
    // Monday 2 March 2026, 9:00 in Dijon.
    let c = ctx(paris(2026, 3, 2, 9, 0), &rules, express(), &dijon, &berlin);
    assert_eq!(c.earliest_dispatch().unwrap(), d(2026, 3, 3));
    assert_eq!(
        c.earliest_delivery().unwrap(),
        DeliveryWindow {
            dispatch_on: d(2026, 3, 3),
            earliest: d(2026, 3, 4),
            latest: d(2026, 3, 5),
        }
    );
    // Friday 6 March: sent Wednesday, the last dispatch day that makes it.
    assert_eq!(
        c.plan_for(d(2026, 3, 6)).unwrap(),
        DeliveryWindow {
            dispatch_on: d(2026, 3, 4),
            earliest: d(2026, 3, 5),
            latest: d(2026, 3, 6),
        }
    );
    // A week later: sent on Wednesday 11.
    assert_eq!(
        c.plan_for(d(2026, 3, 13)).unwrap().dispatch_on,
        d(2026, 3, 11)
    );
    assert_code(c.plan_for(d(2026, 3, 7)), "delivery-date-no-saturday");
    assert_code(c.plan_for(d(2026, 3, 8)), "delivery-date-sunday");
    assert_code(c.plan_for(d(2026, 3, 1)), "delivery-date-past");
    let e = assert_code(c.plan_for(d(2027, 3, 5)), "delivery-date-too-far");
    assert_eq!(e.arg("max_days"), Some("365"));
    // After the noon cut-off, Thursday is out of reach.
    let late = ctx(paris(2026, 3, 2, 13, 0), &rules, express(), &dijon, &berlin);
    let e = assert_code(late.plan_for(d(2026, 3, 5)), "delivery-date-too-early");
    assert_eq!(e.arg("earliest"), Some("2026-03-06"));
    assert!(late.plan_for(d(2026, 3, 6)).is_ok());
}

#[test]
fn no_arrival_on_public_holidays() {
    let dijon = place("FR", "21000");
    let berlin = place("DE", "10115");
    let rules = [DispatchRule::working_days(0).unwrap()];
    let c = ctx(paris(2027, 4, 20, 9, 0), &rules, express(), &dijon, &berlin);
    // Ascension Day 2027.
    let e = assert_code(c.plan_for(d(2027, 5, 6)), "delivery-date-holiday");
    assert_eq!(e.arg("date"), Some("2027-05-06"));
    // Sent on Friday before Whit Monday: Tuesday or Wednesday.
    assert_eq!(
        c.window_from(d(2027, 5, 14)),
        DeliveryWindow {
            dispatch_on: d(2027, 5, 14),
            earliest: d(2027, 5, 18),
            latest: d(2027, 5, 19),
        }
    );
    // Boxing Day's substitute in London.
    let london = place("GB", "SW1A 1AA");
    let c = ctx(paris(2026, 12, 1, 9, 0), &rules, express(), &dijon, &london);
    assert_code(c.plan_for(d(2026, 12, 28)), "delivery-date-holiday");
    // Unknown countries: only Sundays are refused.
    let tokyo = place("JP", "1000001");
    assert!(check_delivery_day(&tokyo, d(2026, 1, 1), &express()).is_ok());
    assert_code(
        check_delivery_day(&tokyo, d(2026, 1, 4), &express()),
        "delivery-date-sunday",
    );
    // Colissimo delivers on Saturdays.
    assert!(check_delivery_day(&berlin, d(2026, 3, 7), &Transit::new(2, 3, true).unwrap()).is_ok());
}

#[test]
fn dispatch_skips_the_shops_holidays_and_needs_a_common_day() {
    let dijon = place("FR", "21000");
    let paris_dest = place("FR", "75011");
    // Friday 3 April 2026: ready Saturday, Monday is Easter Monday: Tuesday.
    let rules = [trays()];
    let c = ctx(
        paris(2026, 4, 3, 9, 0),
        &rules,
        express(),
        &dijon,
        &paris_dest,
    );
    assert_eq!(c.earliest_dispatch().unwrap(), d(2026, 4, 7));
    // A tray and a two-day-lead book leave together, on a tray day.
    let rules = [trays(), DispatchRule::working_days(2).unwrap()];
    let c = ctx(
        paris(2026, 3, 2, 9, 0),
        &rules,
        express(),
        &dijon,
        &paris_dest,
    );
    assert_eq!(c.earliest_dispatch().unwrap(), d(2026, 3, 4));
    // Products that never leave on the same weekday cannot share a parcel.
    let rules = [trays(), DispatchRule::new(0, &[Thu, Fri]).unwrap()];
    let c = ctx(
        paris(2026, 3, 2, 9, 0),
        &rules,
        express(),
        &dijon,
        &paris_dest,
    );
    assert_code(c.earliest_dispatch(), "delivery-no-common-dispatch-day");
    assert_code(
        c.plan_for(d(2026, 3, 20)),
        "delivery-no-common-dispatch-day",
    );
    // Without rules: ordinary goods, Monday to Friday, no lead time.
    let c = ctx(paris(2026, 3, 7, 9, 0), &[], express(), &dijon, &paris_dest);
    assert_eq!(c.earliest_dispatch().unwrap(), d(2026, 3, 9));
}

#[test]
fn pickup_and_own_delivery_on_the_day() {
    let shop = place("FR", "33000");
    let rules = [DispatchRule::working_days(0).unwrap()];
    let same_day = Transit::new(0, 0, true).unwrap();
    let c = ctx(paris(2026, 3, 2, 9, 0), &rules, same_day, &shop, &shop);
    assert_eq!(
        c.earliest_delivery().unwrap(),
        DeliveryWindow {
            dispatch_on: d(2026, 3, 2),
            earliest: d(2026, 3, 2),
            latest: d(2026, 3, 2),
        }
    );
    assert_eq!(
        c.plan_for(d(2026, 3, 5)).unwrap().dispatch_on,
        d(2026, 3, 5)
    );
}

proptest! {
    #[test]
    fn easter_is_a_spring_sunday(year in 1583i32..4000) {
        let e = easter_sunday(year);
        prop_assert_eq!(e.weekday(), Sun);
        prop_assert!(e >= d(year, 3, 22) && e <= d(year, 4, 25), "{e}");
    }

    #[test]
    fn planned_dates_keep_every_rule(
        now in 1_767_225_600i64..1_830_297_600, // 2026 to 2027
        lead in 0u32..5,
        mask in 1u8..128,
        min in 0u32..4,
        extra in 0u32..4,
        saturday in any::<bool>(),
        ahead in 0u64..60,
        to in prop::sample::select(&["FR", "DE", "GB", "IT", "NL", "JP"][..]),
    ) {
        let weekdays: Vec<Weekday> = (0..7u8)
            .filter(|i| mask & (1 << i) != 0)
            .map(|i| Weekday::try_from(i).unwrap())
            .collect();
        let rules = [DispatchRule::new(lead, &weekdays).unwrap()];
        let transit = Transit::new(min, min + extra, saturday).unwrap();
        let origin = place("FR", "21000");
        let dest = place(to, "");
        let c = ctx(now, &rules, transit, &origin, &dest);
        let first = c.earliest_dispatch().unwrap();
        prop_assert!(weekdays.contains(&first.weekday()));
        prop_assert!(holiday_on(&origin, first).is_none());
        let soonest = c.earliest_delivery().unwrap();
        prop_assert!(soonest.dispatch_on <= soonest.earliest && soonest.earliest <= soonest.latest);
        prop_assert!(check_delivery_day(&dest, soonest.latest, &transit).is_ok());
        prop_assert!(check_delivery_day(&dest, soonest.earliest, &transit).is_ok());
        let requested = soonest.dispatch_on + Days::new(ahead);
        match c.plan_for(requested) {
            Ok(w) => {
                prop_assert!(w.latest <= requested);
                prop_assert!(w.dispatch_on >= first);
                prop_assert!(weekdays.contains(&w.dispatch_on.weekday()));
                prop_assert!(check_delivery_day(&dest, requested, &transit).is_ok());
            }
            Err(e) => {
                // Refused only on a non-delivery day or before the soonest date.
                let deliverable = check_delivery_day(&dest, requested, &transit).is_ok();
                prop_assert!(!deliverable || requested < soonest.latest, "{} for {requested}", e.code);
            }
        }
    }
}

#[test]
fn a_products_dispatch_rule_comes_from_its_kind_and_details() {
    use crate::catalog::details::Details;
    use crate::catalog::product::ProductKind as K;
    let tray = Details {
        lead_days: Some(1),
        dispatch_weekdays: vec!["mon".into(), "tue".into(), "wed".into()],
        shelf_life_days: Some(10),
        ..Default::default()
    };
    assert_eq!(
        DispatchRule::for_product(K::Perishable, &tray),
        Some(trays())
    );
    let book = Details::default();
    assert_eq!(
        DispatchRule::for_product(K::Unique, &book),
        Some(DispatchRule::working_days(0).unwrap())
    );
    // A perishable whose days were never set leaves on working days rather than never.
    let bare = Details {
        lead_days: Some(2),
        ..Default::default()
    };
    assert_eq!(
        DispatchRule::for_product(K::Perishable, &bare),
        Some(DispatchRule::working_days(2).unwrap())
    );
    assert_eq!(DispatchRule::for_product(K::Digital, &book), None);
    assert_eq!(DispatchRule::for_product(K::Service, &book), None);
}

#[test]
fn the_earliest_date_is_the_first_one_plan_for_accepts() {
    let dijon = place("FR", "21000");
    let berlin = place("DE", "10115");
    let rules = [trays()];
    // Thursday 30 April 2026 after the cut-off: the trays leave on Monday 4 May, and with
    // one to two days of transit arrive by Wednesday 6.
    let c = ctx(
        paris(2026, 4, 30, 15, 0),
        &rules,
        express(),
        &dijon,
        &berlin,
    );
    assert_eq!(c.earliest_date().unwrap(), d(2026, 5, 6));
    assert!(c.plan_for(d(2026, 5, 6)).is_ok());
    let e = assert_code(c.plan_for(d(2026, 5, 5)), "delivery-date-too-early");
    assert_eq!(e.arg("earliest"), Some("2026-05-06"));
    // Ascension Day, Thursday 14 May 2026, is a holiday in Germany.
    assert_code(c.plan_for(d(2026, 5, 14)), "delivery-date-holiday");
}

proptest! {
    #[test]
    fn the_earliest_date_can_always_be_asked_for(
        now in 1_767_225_600i64..1_830_297_600,
        lead in 0u32..5,
        mask in 1u8..128,
        min in 0u32..4,
        extra in 0u32..4,
        saturday in any::<bool>(),
        to in prop::sample::select(&["FR", "DE", "AT", "CH", "GB", "ES", "US"][..]),
    ) {
        let weekdays: Vec<Weekday> = (0..7u8)
            .filter(|i| mask & (1 << i) != 0)
            .map(|i| Weekday::try_from(i).unwrap())
            .collect();
        let rules = [DispatchRule::new(lead, &weekdays).unwrap()];
        let transit = Transit::new(min, min + extra, saturday).unwrap();
        let origin = place("FR", "21000");
        let dest = place(to, "");
        let c = ctx(now, &rules, transit, &origin, &dest);
        let earliest = c.earliest_date().unwrap();
        prop_assert!(c.plan_for(earliest).is_ok());
        // Every day before it is refused.
        let mut day = earliest.pred_opt().unwrap();
        for _ in 0..10 {
            prop_assert!(c.plan_for(day).is_err(), "{day} before {earliest}");
            day = day.pred_opt().unwrap();
        }
    }
}
