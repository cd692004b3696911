//! Where customers come from, on both backends: visits counted by source as shoppers arrive
//! (from a search engine, a partner's link with its UTM parameters, a bookmark; a cached page
//! included; not a step inside the shop, nor a robot); the order placed after coming back
//! directly credited to the partner link that brought the shopper; the seller's page of
//! visits, orders and revenue by source with its charts, its CSV, and the attribution window;
//! a forged source cookie is worth nothing; the store API credits what a headless storefront
//! reports.

use crate::checkout::{add, fill, key_of, place, shop_with_transfer, ADDRESS};
use crate::common::*;
use domain::growth::source::{Channel, Source, Touch};

async fn visit(client: &Client, path: &str, referrer: Option<&str>) -> reqwest::Response {
    let mut r = client.http.get(client.url(path));
    if let Some(from) = referrer {
        r = r.header("referer", from);
    }
    let r = r.send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK, "{path}");
    r
}

fn set_cookie(r: &reqwest::Response) -> Option<String> {
    r.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("vitrine_src="))
        .map(str::to_string)
}

async fn order(client: &Client, slug: &str, variant: i64) {
    add(client, slug, variant, 1).await;
    let review = fill(client, slug, ADDRESS).await;
    let r = place(client, slug, &key_of(&review)).await;
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "{}",
        r.text().await.unwrap()
    );
}

/// The sources the shop's orders are credited to, sorted.
async fn order_sources(app: &TestApp, id: store::id::ShopId) -> Vec<(String, String, String)> {
    let mut c = app.store.reader().await.unwrap();
    let mut v: Vec<_> = store::attribution::orders(&mut c, id, 0, i64::MAX)
        .await
        .unwrap()
        .into_iter()
        .map(|o| {
            (
                o.source_channel.unwrap_or_default(),
                o.source_name,
                o.source_campaign,
            )
        })
        .collect();
    v.sort();
    v
}

fn source(channel: &str, name: &str, campaign: &str) -> (String, String, String) {
    (channel.into(), name.into(), campaign.into())
}

async fn shop_row(app: &TestApp, id: store::id::ShopId) -> store::shop::Shop {
    let mut c = app.store.reader().await.unwrap();
    store::shop::by_id(&mut c, id).await.unwrap()
}

fn today(shop: &store::shop::Shop) -> i64 {
    app::calendar::day_of(store::now(), app::calendar::shop_tz(&shop.timezone))
}

#[tokio::test]
async fn visits_are_counted_by_source_and_the_order_is_credited_to_the_last_link_that_brought_the_shopper(
) {
    let app = TestApp::new().await;
    let (id, _, v) = shop_with_transfer(&app, "provenance").await;
    let product = "/s/provenance/p/comte";

    // Camille finds the cheese on a search engine: a visit from Google, kept by her browser.
    let camille = app.client();
    let r = visit(&camille, product, Some("https://www.google.fr/")).await;
    let cookie = set_cookie(&r).expect("the source is kept");
    assert!(cookie.contains("vitrine_src=search|google||"), "{cookie}");
    assert!(
        cookie.contains("Max-Age=7776000"),
        "90 days at most: {cookie}"
    );
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("Path=/s/provenance/"),
        "{cookie}"
    );
    // A step inside the shop is no new visit and keeps the source.
    let inside = visit(
        &camille,
        "/s/provenance/",
        Some(&format!("{}{product}", app.url)),
    )
    .await;
    assert_eq!(set_cookie(&inside), None);
    // Then a partner's link with its campaign: the last touch replaces Google's.
    let r = visit(
        &camille,
        &format!("{product}?utm_source=Cave+%C3%A0+vins&utm_medium=partner&utm_campaign=No%C3%ABl"),
        Some("https://cave-a-vins.example/nos-voisins"),
    )
    .await;
    let cookie = set_cookie(&r).expect("a new source");
    assert!(cookie.contains("partner|cave-vins|no-l|"), "{cookie}");
    // Dominique arrives from Qwant on a page served from the cache: a visit too.
    let dominique = app.client();
    let r = visit(&dominique, product, Some("https://www.qwant.com/?q=comte")).await;
    assert_eq!(
        r.headers()
            .get("x-page-cache")
            .and_then(|h| h.to_str().ok()),
        Some("hit")
    );
    // Days later Camille comes back from a bookmark (a direct visit takes no credit) and orders.
    let r = visit(&camille, "/s/provenance/", None).await;
    assert_eq!(
        set_cookie(&r),
        None,
        "a direct visit keeps the partner's credit"
    );
    order(&camille, "provenance", v).await;

    // A robot's page views are no visits.
    let robot = app.client();
    let r = robot
        .http
        .get(robot.url(product))
        .header("user-agent", "Mozilla/5.0 (compatible; Googlebot/2.1)")
        .header("referer", "https://www.bing.com/")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(set_cookie(&r), None);
    // Alix never visited a page: her order is direct.
    let alix = app.client();
    order(&alix, "provenance", v).await;

    assert_eq!(
        order_sources(&app, id).await,
        vec![
            source("direct", "", ""),
            source("partner", "cave-vins", "no-l"),
        ]
    );

    // The seller reads it all.
    let owner = app.signed_in("provenance").await;
    let (status, page) = owner.get_text("/s/provenance/admin/sources").await;
    assert_eq!(status, StatusCode::OK);
    // Visits: Google, the partner, the bookmark (direct), Qwant.
    assert!(
        page.contains(
            "4 visites, 2 commandes (50,0\u{202f}% des visites), 40,00\u{a0}€ de commandes"
        ),
        "{page}"
    );
    for row in [
        "<th scope=\"row\">Boutique partenaire<span class=\"source-name\">cave-vins (no-l)</span></th><td class=\"num\">1</td><td class=\"num\">1</td><td class=\"num\">100,0\u{202f}%</td><td class=\"num\">20,00\u{a0}€</td>",
        "<th scope=\"row\">Accès direct</th><td class=\"num\">1</td><td class=\"num\">1</td>",
        "<th scope=\"row\">Moteur de recherche<span class=\"source-name\">google</span></th><td class=\"num\">1</td><td class=\"num\">0</td>",
        "<th scope=\"row\">Moteur de recherche<span class=\"source-name\">qwant</span></th><td class=\"num\">1</td><td class=\"num\">0</td>",
    ] {
        assert!(page.contains(row), "{row} not in {page}");
    }
    assert!(!page.contains("bing"), "a robot is no visit");
    assert!(page.contains("<title>Visites par jour</title>"), "{page}");
    assert!(page.contains("<title>Commandes par jour</title>"), "{page}");
    assert!(
        page.contains("aria-current=\"page\">30 jours</a>"),
        "{page}"
    );

    // The same per day, as CSV.
    let r = owner
        .get("/s/provenance/admin/sources/export/sources.csv?days=7")
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        r.headers().get("content-type").unwrap(),
        "text/csv; charset=utf-8"
    );
    let csv = r.text().await.unwrap();
    let date = app::calendar::date_of(today(&shop_row(&app, id).await)).to_string();
    let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(
        lines[0],
        "Date;Source;Origine;Campagne;Visites;Commandes;Montant des commandes"
    );
    for line in [
        format!("{date};Boutique partenaire;cave-vins;no-l;1;1;20,00"),
        format!("{date};Moteur de recherche;qwant;;1;0;0,00"),
    ] {
        assert!(lines.contains(&line.as_str()), "{line} not in {csv}");
    }
}

#[tokio::test]
async fn the_window_decides_how_long_a_source_is_credited_and_a_forged_source_is_worth_nothing() {
    let app = TestApp::new().await;
    let (id, _, v) = shop_with_transfer(&app, "fenetre").await;
    let shop = shop_row(&app, id).await;
    let now = store::now();
    let touch = |days_ago: i64| Touch {
        source: Source {
            channel: Channel::Newsletter,
            name: "lettre".into(),
            campaign: String::new(),
        },
        day: today(&shop) - days_ago,
    };
    let credited = |days_ago: i64| {
        let app = &app;
        let shop = shop.clone();
        let t = touch(days_ago);
        async move {
            let mut c = app.store.reader().await.unwrap();
            app::attribution::credited(&mut c, &shop, Some(&t), now)
                .await
                .unwrap()
                .channel
        }
    };
    // 30 days by default.
    assert_eq!(credited(20).await, Channel::Newsletter);
    assert_eq!(credited(30).await, Channel::Newsletter);
    assert_eq!(credited(31).await, Channel::Direct);

    // The owner narrows it to a week.
    let owner = app.signed_in("fenetre").await;
    let (_, page) = owner.get_text("/s/fenetre/admin/sources").await;
    assert!(page.contains("name=\"days\""), "{page}");
    assert!(page.contains("value=\"30\""), "{page}");
    let r = owner
        .post_form("/s/fenetre/admin/sources/window", &[("days", "0")])
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(
        page.contains("La fenêtre doit compter de 1 à 90 jours."),
        "{page}"
    );
    assert!(page.contains("value=\"0\""), "what was typed stays: {page}");
    let r = owner
        .post_form("/s/fenetre/admin/sources/window", &[("days", "sept")])
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = owner
        .post_form("/s/fenetre/admin/sources/window", &[("days", "7")])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/s/fenetre/admin/sources?saved=1");
    assert_eq!(credited(7).await, Channel::Newsletter);
    assert_eq!(credited(8).await, Channel::Direct);

    // A cookie not signed by the server (made up, or changed by hand) credits nothing.
    let forger = app.client();
    let url: reqwest::Url = format!("{}/s/fenetre/", app.url).parse().unwrap();
    forger.jar.add_cookie_str(
        &format!(
            "vitrine_src=affiliate|moi||{}~00112233445566778899aabb; Path=/s/fenetre/",
            today(&shop)
        ),
        &url,
    );
    order(&forger, "fenetre", v).await;
    assert_eq!(
        order_sources(&app, id).await,
        vec![source("direct", "", "")]
    );
}

#[tokio::test]
async fn the_store_api_credits_the_source_a_headless_storefront_reports() {
    let app = TestApp::new().await;
    let (id, _, v) = shop_with_transfer(&app, "entete").await;
    let http = reqwest::Client::new();
    let base = format!("{}/s/entete/api/store/v1", app.url);
    let cart: serde_json::Value = http
        .post(format!("{base}/carts"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = cart["id"].as_str().expect("a cart").to_string();
    let r = http
        .post(format!("{base}/carts/{token}/lines"))
        .json(&serde_json::json!({"variant_id": v, "quantity": 1}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let r = http
        .post(format!(
            "{}/s/entete/api/store/v1/carts/{token}/checkout",
            app.url
        ))
        .header("idempotency-key", "commande-1")
        .json(&serde_json::json!({
            "email": "camille@example.org",
            "shipping_address": {"name": "Camille Durand", "line1": "3 rue des Lilas",
                "postal_code": "21000", "city": "Dijon", "country": "FR"},
            "shipping_method": "colissimo-fr",
            "payment_method": "bank_transfer",
            "accept_terms": true,
            "source": {"utm_source": "Lettre d'hiver", "utm_medium": "email",
                "utm_campaign": "noel", "referrer": "https://mail.example/"}
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        StatusCode::CREATED,
        "{}",
        r.text().await.unwrap()
    );
    assert_eq!(
        order_sources(&app, id).await,
        vec![source("newsletter", "lettre-d-hiver", "noel")]
    );
}

#[tokio::test]
async fn visits_of_a_shop_deleted_meanwhile_do_not_hold_back_the_others() {
    let app = TestApp::new().await;
    let (id, _, _) = shop_with_transfer(&app, "restante").await;
    let day = today(&shop_row(&app, id).await);
    let tally = app::attribution::Tally::default();
    tally.record(store::id::ShopId(1), day, Source::direct());
    tally.record(id, day, Source::direct());
    tally.record(id, day, Source::direct());
    assert_eq!(
        app::attribution::flush(&app.store, &tally).await.unwrap(),
        3
    );
    assert_eq!(tally.pending(), 0);
    let mut c = app.store.reader().await.unwrap();
    let counted = store::attribution::visits(&mut c, id, day, day)
        .await
        .unwrap();
    assert_eq!(counted.len(), 1);
    assert_eq!(
        (counted[0].channel.as_str(), counted[0].visits),
        ("direct", 2)
    );
    let orphans = store::attribution::visits(&mut c, store::id::ShopId(1), day, day)
        .await
        .unwrap();
    assert!(orphans.is_empty());
}
