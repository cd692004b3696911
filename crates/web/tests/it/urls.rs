//! Clean per-language addresses (default language at the root, others under `/{lang}`), their
//! redirects, canonical/hreflang/sitemap; collections and tag pages; the opening calendar, service
//! slots and rental calendar; and each shop seeing only its own collections, hours and bookings.
use chrono::Datelike;

use crate::common::*;
use crate::storefront::{category, get_lang, parse_sitemap, product, shop, New};
use store::calendar::{BookingStatus, NewBooking};

/// A French and English shop with its owner signed in.
async fn shop_with_owner(app: &TestApp, slug: &str) -> (store::id::ShopId, Client) {
    let owner = app.owner(slug).await;
    let id = app.shop_id(slug).await;
    let mut tx = app.store.begin().await.unwrap();
    store::shop::update_general(
        &mut tx,
        id,
        &store::shop::General {
            name: &format!("Boutique {slug}"),
            default_lang: "fr",
            langs: "fr,en",
            currency: "EUR",
            timezone: "Europe/Paris",
        },
    )
    .await
    .unwrap();
    store::commit(tx).await.unwrap();
    (id, owner)
}

async fn raw(app: &TestApp, path: &str) -> reqwest::Response {
    app.client().get(path).await
}

#[tokio::test]
async fn each_language_has_its_own_clean_addresses() {
    let app = TestApp::builder().without_worker().start().await;
    let id = shop(&app, "propre").await;
    let cat = category(&app, id, None, ("Fromages", "fromages")).await;
    let mut tx = app.store.begin().await.unwrap();
    store::catalog::set_category_text(&mut tx, id, cat, "en", "Cheeses", "cheeses", "")
        .await
        .unwrap();
    store::commit(tx).await.unwrap();
    product(
        &app,
        id,
        New {
            fr: ("Époisses", "epoisses"),
            en: Some(("Epoisses cheese", "epoisses-cheese")),
            category: Some(cat),
            featured: true,
            ..Default::default()
        },
    )
    .await;
    product(
        &app,
        id,
        New {
            fr: ("Beaufort", "beaufort"),
            category: Some(cat),
            ..Default::default()
        },
    )
    .await;
    let base = format!("{}/s/propre", app.url);

    // English under /en, whatever the browser prefers; links on the page stay in English.
    let (status, en) = get_lang(&app, "/s/propre/en/", "fr").await;
    assert_eq!(status, 200);
    assert!(en.contains("<html lang=\"en\">"));
    assert!(
        en.contains("href=\"/s/propre/en/p/epoisses-cheese\""),
        "{en}"
    );
    assert!(en.contains("href=\"/s/propre/en/c/cheeses\""));
    assert!(en.contains("action=\"/s/propre/en/search\""));
    assert!(en.contains("href=\"/s/propre/en/mentions-legales\""));
    assert!(en.contains(&format!("<link rel=\"canonical\" href=\"{base}/en/\">")));
    assert!(en.contains(&format!(
        "<link rel=\"alternate\" hreflang=\"x-default\" href=\"{base}/\">"
    )));
    // French at the root, even for an English browser.
    let (_, fr) = get_lang(&app, "/s/propre/", "en").await;
    assert!(fr.contains("<html lang=\"fr\">"));
    assert!(fr.contains("href=\"/s/propre/p/epoisses\""));

    // The product in each language, with its own slug; the switcher goes to the other one.
    let r = raw(&app, "/s/propre/en/p/epoisses-cheese").await;
    assert_eq!(r.status(), 200);
    let page = r.text().await.unwrap();
    assert!(page.contains("<h1 lang=\"en\">Epoisses cheese</h1>"));
    assert!(page.contains(&format!(
        "<link rel=\"canonical\" href=\"{base}/en/p/epoisses-cheese\">"
    )));
    assert!(page.contains(&format!(
        "<link rel=\"alternate\" hreflang=\"fr\" href=\"{base}/p/epoisses\">"
    )));
    assert!(
        page.contains("<a href=\"/s/propre/p/epoisses\" lang=\"fr\" hreflang=\"fr\">"),
        "switcher to the French page: {page}"
    );
    // Another language's slug moves permanently to the right one, keeping the query.
    let r = raw(&app, "/s/propre/en/p/epoisses?o1=x").await;
    assert_eq!(r.status(), 301);
    assert_eq!(location(&r), "/s/propre/en/p/epoisses-cheese?o1=x");
    let r = raw(&app, "/s/propre/p/epoisses-cheese").await;
    assert_eq!(r.status(), 301);
    assert_eq!(location(&r), "/s/propre/p/epoisses");
    let r = raw(&app, "/s/propre/en/c/fromages").await;
    assert_eq!(r.status(), 301);
    assert_eq!(location(&r), "/s/propre/en/c/cheeses");
    // Old ?lang= addresses and a prefix for the default language move to the clean ones.
    let r = raw(&app, "/s/propre/p/epoisses-cheese?lang=en").await;
    assert_eq!(r.status(), 301);
    assert_eq!(location(&r), "/s/propre/en/p/epoisses-cheese");
    let r = raw(&app, "/s/propre/search?lang=en&q=fromage").await;
    assert_eq!(r.status(), 301);
    assert_eq!(location(&r), "/s/propre/en/search?q=fromage");
    let r = raw(&app, "/s/propre/fr/c/fromages").await;
    assert_eq!(r.status(), 301);
    assert_eq!(location(&r), "/s/propre/c/fromages");
    let r = raw(&app, "/s/propre/en").await;
    assert_eq!(r.status(), 301);
    assert_eq!(location(&r), "/s/propre/en/");
    // A language the shop does not offer is no prefix: not found.
    assert_eq!(raw(&app, "/s/propre/de/p/epoisses").await.status(), 404);

    // Without an English text, the English page shows the French one under the French slug.
    let (status, page) = get_lang(&app, "/s/propre/en/p/beaufort", "fr").await;
    assert_eq!(status, 200);
    assert!(page.contains("<html lang=\"en\">") && page.contains("<h1 lang=\"fr\">Beaufort</h1>"));
    // Search, legal notice and content pages in English too.
    let (_, page) = get_lang(&app, "/s/propre/en/search?q=epoisses", "fr").await;
    assert!(page.contains("<html lang=\"en\">") && page.contains("/s/propre/en/p/epoisses-cheese"));
    let (status, page) = get_lang(&app, "/s/propre/en/mentions-legales", "fr").await;
    assert_eq!(status, 200);
    assert!(page.contains("<html lang=\"en\">") && page.contains("Legal notice"));

    // The sitemap lists the clean addresses with their alternates.
    let urls = parse_sitemap(
        &raw(&app, "/s/propre/sitemap.xml")
            .await
            .text()
            .await
            .unwrap(),
    );
    let en_url = format!("{base}/en/p/epoisses-cheese");
    let (_, alts) = urls
        .iter()
        .find(|(l, _)| *l == en_url)
        .expect("English product");
    assert!(alts.contains(&("fr".to_string(), format!("{base}/p/epoisses"))));
    assert!(urls
        .iter()
        .any(|(l, _)| *l == format!("{base}/en/c/cheeses")));
    assert!(!urls.iter().any(|(l, _)| l.contains("lang=")));
    // The admin keeps its own language choice (no prefix there).
    let r = raw(&app, "/s/propre/admin/login").await;
    assert_eq!(r.status(), 200);
}

#[tokio::test]
async fn clean_addresses_on_the_shop_host() {
    let app = TestApp::builder()
        .without_worker()
        .platform_domain("shops.test")
        .start()
        .await;
    let id = shop(&app, "hote").await;
    product(
        &app,
        id,
        New {
            fr: ("Époisses", "epoisses"),
            en: Some(("Epoisses cheese", "epoisses-cheese")),
            ..Default::default()
        },
    )
    .await;
    let c = app.client();
    let get = |path: &str| {
        c.http
            .get(c.url(path))
            .header("host", "hote.shops.test")
            .send()
    };
    let r = get("/en/p/epoisses-cheese").await.unwrap();
    assert_eq!(r.status(), 200);
    let page = r.text().await.unwrap();
    assert!(page.contains("<html lang=\"en\">"));
    assert!(page
        .contains("<link rel=\"canonical\" href=\"http://hote.shops.test/en/p/epoisses-cheese\">"));
    assert!(page.contains(
        "<link rel=\"alternate\" hreflang=\"fr\" href=\"http://hote.shops.test/p/epoisses\">"
    ));
    assert!(
        page.contains("href=\"/en/\""),
        "home link in English: {page}"
    );
    let r = get("/p/epoisses?lang=en").await.unwrap();
    assert_eq!(r.status(), 301);
    assert_eq!(location(&r), "/en/p/epoisses");
    let r = get("/en/p/epoisses").await.unwrap();
    assert_eq!(r.status(), 301);
    assert_eq!(location(&r), "/en/p/epoisses-cheese");
    let urls = parse_sitemap(&get("/sitemap.xml").await.unwrap().text().await.unwrap());
    assert!(urls
        .iter()
        .any(|(l, _)| l == "http://hote.shops.test/en/p/epoisses-cheese"));
}

#[tokio::test]
async fn collections_and_tag_pages() {
    let app = TestApp::builder().without_worker().start().await;
    let (id, owner) = shop_with_owner(&app, "coll").await;
    let (other, neighbour) = shop_with_owner(&app, "autre").await;
    let a = product(
        &app,
        id,
        New {
            fr: ("Comté", "comte"),
            ..Default::default()
        },
    )
    .await;
    let b = product(
        &app,
        id,
        New {
            fr: ("Morbier", "morbier"),
            ..Default::default()
        },
    )
    .await;
    let hidden = product(
        &app,
        id,
        New {
            fr: ("Brouillon", "brouillon"),
            status: "draft",
            ..Default::default()
        },
    )
    .await;
    let foreign = product(
        &app,
        other,
        New {
            fr: ("Étranger", "etranger"),
            ..Default::default()
        },
    )
    .await;
    let mut tx = app.store.begin().await.unwrap();
    store::catalog::set_tags(&mut tx, id, a, &["Jura".to_string()])
        .await
        .unwrap();
    store::catalog::set_tags(&mut tx, id, hidden, &["Jura".to_string()])
        .await
        .unwrap();
    store::catalog::set_tags(&mut tx, other, foreign, &["Jura".to_string()])
        .await
        .unwrap();
    store::commit(tx).await.unwrap();

    // The seller makes a collection in the admin: Morbier first, then Comté.
    let r = owner
        .post_form("/s/coll/admin/collections", &[("name", "Fromages d’hiver")])
        .await;
    assert_eq!(r.status(), 303, "{}", r.text().await.unwrap());
    let edit = location(&r);
    let (_, form) = owner.get_text(&edit).await;
    assert!(form.contains("Comté") && form.contains("Morbier"));
    assert!(
        !form.contains("Étranger"),
        "another shop's product is not offered"
    );
    let pos_a = format!("pos_{a}");
    let pos_b = format!("pos_{b}");
    let pos_f = format!("pos_{foreign}");
    let r = owner
        .post_form(
            &edit,
            &[
                ("name_fr", "Fromages d’hiver"),
                ("slug_fr", ""),
                ("description_fr", "Pour les **soirs** froids."),
                ("name_en", "Winter cheeses"),
                ("slug_en", "winter-cheeses"),
                ("description_en", ""),
                (&pos_a, "2"),
                (&pos_b, "1"),
                (&pos_f, "3"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    // A bad position is refused with a message, nothing changed.
    let r = owner
        .post_form(&edit, &[("name_fr", "X"), (&pos_a, "abc")])
        .await;
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("nombre entier"));

    let (status, page) = get_lang(&app, "/s/coll/collections/fromages-d-hiver", "fr").await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("<strong>soirs</strong>"));
    let m = page.find(">Morbier<").unwrap();
    let c = page.find(">Comté<").unwrap();
    assert!(m < c, "the seller's order");
    assert!(!page.contains("Étranger"));
    let (status, page) = get_lang(&app, "/s/coll/en/collections/winter-cheeses", "fr").await;
    assert_eq!(status, 200);
    assert!(page.contains("Winter cheeses"));
    // A missing page under the English addresses says so in English, whatever the browser.
    let (status, page) = get_lang(&app, "/s/coll/en/collections/summer", "fr").await;
    assert_eq!(status, 404);
    assert!(page.contains("Page not found"), "{page}");
    let (_, page) = get_lang(&app, "/s/coll/collections/ete", "en").await;
    assert!(
        page.contains("Page not found"),
        "the browser's language elsewhere"
    );
    // Another shop has no such collection, on its storefront or in its admin.
    let (status, _) = get_lang(&app, "/s/autre/collections/fromages-d-hiver", "fr").await;
    assert_eq!(status, 404);
    let (_, theirs) = neighbour.get_text("/s/autre/admin/collections").await;
    assert!(!theirs.contains("Fromages d’hiver"));
    let coll_id = edit.rsplit('/').next().unwrap();
    let (status, _) = neighbour
        .get_text(&format!("/s/autre/admin/collections/{coll_id}"))
        .await;
    assert_eq!(status, 404);
    let r = neighbour
        .post_form(&format!("/s/autre/admin/collections/{coll_id}/delete"), &[])
        .await;
    assert_eq!(r.status(), 404);

    // The tag page lists this shop's visible products with the tag; the product links to it.
    let (status, page) = get_lang(&app, "/s/coll/t/Jura", "fr").await;
    assert_eq!(status, 200);
    assert!(page.contains(">Comté<"));
    assert!(!page.contains("Brouillon") && !page.contains("Étranger"));
    let (_, page) = get_lang(&app, "/s/coll/p/comte", "fr").await;
    assert!(
        page.contains("<a href=\"/s/coll/t/Jura\" rel=\"tag\">Jura</a>"),
        "{page}"
    );
    let (status, _) = get_lang(&app, "/s/coll/t/nothing", "fr").await;
    assert_eq!(status, 404);

    let urls = parse_sitemap(&raw(&app, "/s/coll/sitemap.xml").await.text().await.unwrap());
    let base = format!("{}/s/coll", app.url);
    let locs: Vec<&str> = urls.iter().map(|(l, _)| l.as_str()).collect();
    assert!(locs.contains(&format!("{base}/collections/fromages-d-hiver").as_str()));
    assert!(locs.contains(&format!("{base}/en/collections/winter-cheeses").as_str()));
    assert!(
        locs.contains(&format!("{base}/t/Jura").as_str()),
        "{locs:?}"
    );
    let other_urls = raw(&app, "/s/autre/sitemap.xml")
        .await
        .text()
        .await
        .unwrap();
    assert!(!other_urls.contains("collections/"));
}

#[tokio::test]
async fn opening_hours_slots_and_rental_calendar() {
    let app = TestApp::builder().without_worker().start().await;
    let (id, owner) = shop_with_owner(&app, "agenda").await;
    let (other, neighbour) = shop_with_owner(&app, "voisin").await;
    let seance = product(
        &app,
        id,
        New {
            kind: "service",
            fr: ("Séance photo", "seance"),
            details: r#"{"duration_minutes":60,"capacity_per_slot":1}"#,
            ..Default::default()
        },
    )
    .await;
    let projo = product(
        &app,
        id,
        New {
            kind: "rental",
            fr: ("Projecteur", "projecteur"),
            details: r#"{"per_day_minor":1500,"deposit_minor":20000,"min_days":1,"max_days":30}"#,
            ..Default::default()
        },
    )
    .await;

    // The seller opens every day 10:00–12:00 in the admin; bad input is refused, nothing lost.
    let mut week: Vec<(String, String)> = (0..7)
        .map(|n| (format!("d{n}"), "10:00-12:00".to_string()))
        .collect();
    let fields: Vec<(&str, &str)> = week.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let r = owner.post_form("/s/agenda/admin/hours", &fields).await;
    assert_eq!(r.status(), 303);
    week[2].1 = "12:00-10:00".into();
    let fields: Vec<(&str, &str)> = week.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let r = owner.post_form("/s/agenda/admin/hours", &fields).await;
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("mercredi"));
    let (_, page) = owner.get_text("/s/agenda/admin/hours").await;
    assert!(page.contains("value=\"10:00-12:00\""));
    let r = owner
        .post_form(
            "/s/agenda/admin/hours/closures",
            &[("from", "2031-01-10"), ("to", "2031-01-01")],
        )
        .await;
    assert_eq!(r.status(), 422);

    // Tomorrow's 10:00 slot is fully booked; the day after tomorrow the shop is closed.
    let mut conn = app.store.reader().await.unwrap();
    let hours = store::calendar::hours(&mut conn, id).await.unwrap();
    assert_eq!(hours.len(), 7);
    assert!(store::calendar::hours(&mut conn, other)
        .await
        .unwrap()
        .is_empty());
    drop(conn);
    let paris = chrono_tz::Europe::Paris;
    let today = chrono::Utc::now().with_timezone(&paris).date_naive();
    let tomorrow = today.succ_opt().unwrap();
    let closed = tomorrow.succ_opt().unwrap();
    let at = |d: chrono::NaiveDate, h: u32| {
        use chrono::TimeZone;
        paris
            .from_local_datetime(&d.and_hms_opt(h, 0, 0).unwrap())
            .earliest()
            .unwrap()
            .timestamp()
    };
    let r = owner
        .post_form(
            "/s/agenda/admin/hours/closures",
            &[
                ("from", &closed.format("%Y-%m-%d").to_string()),
                ("to", &closed.format("%Y-%m-%d").to_string()),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    // Another shop's owner can neither see nor delete this shop's closure.
    let mut conn = app.store.reader().await.unwrap();
    let closure = store::calendar::closures(&mut conn, id).await.unwrap()[0].id;
    drop(conn);
    let (_, theirs) = neighbour.get_text("/s/voisin/admin/hours").await;
    assert!(theirs.contains("Aucune fermeture prévue"), "{theirs}");
    let r = neighbour
        .post_form(
            &format!("/s/voisin/admin/hours/closures/{closure}/delete"),
            &[],
        )
        .await;
    assert_eq!(r.status(), 404);
    let mut tx = app.store.begin().await.unwrap();
    store::calendar::create_booking(
        &mut tx,
        id,
        &NewBooking {
            product_id: seance,
            variant_id: None,
            starts_at: at(tomorrow, 10),
            ends_at: at(tomorrow, 11),
            quantity: 1,
            status: BookingStatus::Confirmed,
        },
    )
    .await
    .unwrap();
    // A rental booked from the 10th to the 13th of next month (returned on the 13th).
    let next_month = today
        .with_day(1)
        .unwrap()
        .checked_add_months(chrono::Months::new(1))
        .unwrap();
    let d = |n: u32| next_month.with_day(n).unwrap();
    store::calendar::create_booking(
        &mut tx,
        id,
        &NewBooking {
            product_id: projo,
            variant_id: None,
            starts_at: at(d(10), 0),
            ends_at: at(d(13), 0),
            quantity: 1,
            status: BookingStatus::Confirmed,
        },
    )
    .await
    .unwrap();
    // A cancelled booking frees its days; another shop cannot book this shop's product.
    let cancelled = store::calendar::create_booking(
        &mut tx,
        id,
        &NewBooking {
            product_id: projo,
            variant_id: None,
            starts_at: at(d(20), 0),
            ends_at: at(d(22), 0),
            quantity: 1,
            status: BookingStatus::Held,
        },
    )
    .await
    .unwrap();
    assert!(
        store::calendar::set_booking_status(&mut tx, id, cancelled, BookingStatus::Cancelled)
            .await
            .unwrap()
    );
    assert!(!store::calendar::set_booking_status(
        &mut tx,
        other,
        cancelled,
        BookingStatus::Confirmed
    )
    .await
    .unwrap());
    store::calendar::create_booking(
        &mut tx,
        other,
        &NewBooking {
            product_id: projo,
            variant_id: None,
            starts_at: at(d(1), 0),
            ends_at: at(d(5), 0),
            quantity: 1,
            status: BookingStatus::Confirmed,
        },
    )
    .await
    .unwrap();
    store::commit(tx).await.unwrap();
    let mut conn = app.store.reader().await.unwrap();
    assert!(
        store::calendar::active_bookings(&mut conn, other, projo, 0, i64::MAX)
            .await
            .unwrap()
            .is_empty()
    );
    drop(conn);

    let (_, page) = get_lang(&app, "/s/agenda/p/seance", "fr").await;
    assert!(page.contains("Créneaux disponibles"), "{page}");
    assert!(
        page.contains("10:00, complet"),
        "tomorrow's full slot: {page}"
    );
    assert!(page.contains("11:00, 1 place restante"));
    let closed_label = closed.format("%d/%m").to_string();
    assert!(!page.contains(&closed_label), "closed day not listed");

    let month = next_month.format("%Y-%m").to_string();
    let (_, page) = get_lang(&app, &format!("/s/agenda/p/projecteur?month={month}"), "fr").await;
    assert!(
        page.contains("<caption id=\"calendar-caption\">Disponibilités en "),
        "{page}"
    );
    assert!(page.contains("<th scope=\"col\">"));
    let cell = |n: u32| {
        let marker = format!("<span class=\"day-n\">{n}</span> <span class=\"day-state\">");
        let at = page
            .find(&marker)
            .unwrap_or_else(|| panic!("day {n}: {page}"));
        page[at + marker.len()..]
            .split('<')
            .next()
            .unwrap()
            .to_string()
    };
    assert_eq!(cell(10), "réservé");
    assert_eq!(cell(12), "réservé");
    assert_eq!(cell(13), "disponible", "return day free");
    assert_eq!(cell(21), "disponible", "cancelled booking frees the days");
    assert_eq!(
        cell(2),
        "disponible",
        "another shop's booking is not this one's"
    );
    assert!(page.contains("Mois suivant"));
    // Days gone by are past, whatever was booked then.
    let last_month = (today - chrono::Duration::days(i64::from(today.day())))
        .format("%Y-%m")
        .to_string();
    let (_, page) = get_lang(
        &app,
        &format!("/s/agenda/p/projecteur?month={last_month}"),
        "fr",
    )
    .await;
    let marker = "<span class=\"day-n\">15</span> <span class=\"day-state\">passé</span>";
    assert!(page.contains(marker), "{page}");
    assert!(!page.contains(">disponible<"), "{page}");
    // In English, under its prefix, the month links stay in English.
    let (_, page) = get_lang(
        &app,
        &format!("/s/agenda/en/p/projecteur?month={month}"),
        "fr",
    )
    .await;
    assert!(page.contains("booked"));
    assert!(page.contains("href=\"/s/agenda/en/p/projecteur?month="));
}

#[tokio::test]
async fn the_demo_shows_real_slots_and_a_booked_period() {
    let app = TestApp::builder().without_worker().start().await;
    let st = web::AppState::new(app.store.clone(), app.config.clone());
    web::demo::ensure(&st).await.unwrap();
    let (status, page) = get_lang(&app, "/s/fromagerie/p/atelier-degustation", "fr").await;
    assert_eq!(status, 200);
    assert!(page.contains("11:00, complet"), "a full slot: {page}");
    assert!(page.contains("15:00, 5 places restantes"));
    assert!(page.contains("09:30, 8 places restantes"));
    let (status, page) = get_lang(&app, "/s/fromagerie/en/p/raclette-machine-rental", "fr").await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("<caption id=\"calendar-caption\">Availability in "));
    // The booked days may start next month when the demo is made at a month's end.
    if !page.contains(">booked<") {
        let next = page
            .split("href=\"")
            .find(|s| s.starts_with("/s/fromagerie/en/p/raclette-machine-rental?month="))
            .and_then(|s| s.split('"').next())
            .unwrap()
            .to_string();
        let (_, page) = get_lang(&app, &next, "fr").await;
        assert!(page.contains(">booked<"), "{page}");
    }
}
