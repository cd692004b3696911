//! The mall, on both backends: the platform's home lists the open shops that did not opt out, by
//! the category their seller chose and by the region of their legal address, with the
//! operator's featured shops first; one search finds products of every listed shop (never a
//! closed, opted-out or hidden one), forgives typos ("camembret" finds Camembert), and suggests
//! near words and the directory's categories when it finds nothing. A shop's own search forgives
//! typos the same way, on its pages and in its API. Mall pages are served from the page cache,
//! and a seller's change shows on them at once on the node that made it.

use crate::common::*;
use crate::storefront::{category, product, New};

/// A shop signed up through the form, with its legal address in `postal_code` (France).
async fn shop(app: &TestApp, slug: &str, postal_code: &str) -> (Client, store::id::ShopId) {
    let owner = app.owner(slug).await;
    let id = app.shop_id(slug).await;
    crate::invoice::with_legal_identity(app, id).await;
    let mut tx = app.store.begin().await.unwrap();
    sqlx::query("UPDATE shop_legal SET postal_code = $1 WHERE shop_id = $2")
        .bind(postal_code)
        .bind(id)
        .execute(&mut *tx)
        .await
        .unwrap();
    store::commit(tx).await.unwrap();
    (owner, id)
}

async fn file_under(owner: &Client, slug: &str, category: &str) {
    let r = owner
        .post_form(
            &format!("/s/{slug}/admin/settings/mall"),
            &[("listed", "1"), ("category", category)],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "{slug}");
}

fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

#[tokio::test]
async fn the_mall_lists_open_shops_and_searches_them_all() {
    let app = TestApp::new().await;
    let (fromagerie, f_id) = shop(&app, "fromagerie", "14140").await;
    let (librairie, l_id) = shop(&app, "librairie", "75011").await;
    let (cachee, c_id) = shop(&app, "cachee", "21000").await;
    let (_, s_id) = shop(&app, "fermee", "69001").await;
    file_under(&fromagerie, "fromagerie", "food").await;
    file_under(&librairie, "librairie", "books").await;

    let camembert = product(
        &app,
        f_id,
        New {
            fr: ("Camembert de Normandie", "camembert-de-normandie"),
            price: 890,
            ..Default::default()
        },
    )
    .await;
    product(
        &app,
        f_id,
        New {
            fr: ("Camembert affiné au calvados", "camembert-calvados"),
            status: "draft",
            ..Default::default()
        },
    )
    .await;
    product(
        &app,
        l_id,
        New {
            fr: (
                "Le Camembert, une histoire normande",
                "histoire-du-camembert",
            ),
            price: 2200,
            condition: Some("used"),
            ..Default::default()
        },
    )
    .await;
    product(
        &app,
        c_id,
        New {
            fr: ("Camembert caché", "camembert-cache"),
            ..Default::default()
        },
    )
    .await;
    product(
        &app,
        s_id,
        New {
            fr: ("Camembert d'une boutique fermée", "camembert-ferme"),
            ..Default::default()
        },
    )
    .await;

    let mut pages: Vec<(String, String)> = Vec::new();
    let shopper = app.client();

    // One seller leaves the mall; a bad category is refused with the field's message.
    let r = cachee
        .post_form(
            "/s/cachee/admin/settings/mall",
            &[("listed", "1"), ("category", "weapons")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r
        .text()
        .await
        .unwrap()
        .contains("Choisissez une catégorie de la liste."));
    let r = cachee
        .post_form("/s/cachee/admin/settings/mall", &[("category", "food")])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let page = cachee.get_text("/s/cachee/admin/settings").await.1;
    pages.push(("settings".into(), page.clone()));
    assert!(
        !page.contains("name=\"listed\" type=\"checkbox\" value=\"1\" checked"),
        "the box shows the choice"
    );
    // The operator closes another.
    let op = crate::operator::operator(&app).await;
    let r = op.post_form("/operator/shops/fermee/suspend", &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

    // The home: the open, listed shops, by category and region.
    let (status, home) = shopper.get_text("/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(home.contains("Boutique fromagerie"));
    assert!(home.contains("href=\"/s/fromagerie/\""));
    assert!(home.contains("href=\"/s/librairie/\""));
    assert!(!home.contains("href=\"/s/cachee/\""), "opted out");
    assert!(!home.contains("href=\"/s/fermee/\""), "suspended");
    assert!(home.contains("Épicerie fine et produits du terroir <span class=\"count\">(1)</span>"));
    assert!(home.contains("Livres <span class=\"count\">(1)</span>"));
    assert!(home.contains("href=\"/shops?region=FR-NOR\">Normandie"));
    assert!(home.contains("href=\"/shops?region=FR-IDF\">Île-de-France"));
    assert!(
        !home.contains("Bourgogne"),
        "the opted-out shop's region is not counted"
    );
    pages.push(("home".into(), home.clone()));

    // The directory, by category and by region.
    let (status, food) = shopper.get_text("/shops?category=food").await;
    assert_eq!(status, StatusCode::OK);
    assert!(food.contains("href=\"/s/fromagerie/\"") && !food.contains("href=\"/s/librairie/\""));
    let (_, paris) = shopper.get_text("/shops?region=FR-IDF").await;
    assert!(paris.contains("href=\"/s/librairie/\"") && !paris.contains("href=\"/s/fromagerie/\""));
    let (status, unknown) = shopper
        .get_text("/shops?category=%3Cscript%3E&page=x")
        .await;
    assert_eq!(status, StatusCode::OK, "an unknown filter is no filter");
    assert!(
        unknown.contains("href=\"/s/librairie/\"") && unknown.contains("href=\"/s/fromagerie/\"")
    );
    pages.push(("directory".into(), food));

    // One search across shops: both listed shops' products, never the others'.
    let (status, found) = shopper.get_text("/search?q=camembert").await;
    assert_eq!(status, StatusCode::OK);
    assert!(found.contains("Camembert de Normandie"), "{found}");
    assert!(found.contains("Le Camembert, une histoire normande"));
    for hidden in ["caché", "fermée", "calvados"] {
        assert!(!found.contains(hidden), "{hidden} is not shown");
    }
    assert!(found.contains("2 résultats pour « camembert »"), "{found}");
    assert!(found.contains("8,90"), "each shop's price as it shows it");
    assert_eq!(count(&found, "Vendu par"), 2);
    // Each card links to the product in its own shop, which opens.
    let link = "/s/fromagerie/p/camembert-de-normandie";
    assert!(found.contains(&format!("href=\"{link}\"")), "{found}");
    assert_eq!(shopper.get(link).await.status(), StatusCode::OK);
    assert!(found.contains("href=\"/s/librairie/\""));
    pages.push(("search".into(), found));

    // Typos are forgiven: one from 5 letters, two from 9, and the shopper is told.
    for typed in ["camembret", "Camenbert", "camembrt", "KAMEMBER"] {
        let (status, page) = shopper.get_text(&format!("/search?q={typed}")).await;
        assert_eq!(status, StatusCode::OK);
        assert!(page.contains("Camembert de Normandie"), "{typed}: {page}");
        assert!(
            page.contains("voici les résultats pour « camembert »"),
            "{typed}"
        );
        if typed == "camembret" {
            pages.push(("corrected".into(), page));
        }
    }
    // Four letters are never corrected; a word too far is suggested, with the categories.
    let (_, page) = shopper.get_text("/search?q=briz").await;
    assert!(page.contains("0 résultat pour") && !page.contains("voici les résultats"));
    let (_, page) = shopper.get_text("/search?q=kamenbret").await;
    assert!(
        !page.contains("Camembert de Normandie"),
        "three edits: not forgiven"
    );
    assert!(
        page.contains("href=\"/search?q=camembert\">camembert</a>"),
        "suggested: {page}"
    );
    assert!(page.contains("href=\"/shops?category=food\""), "{page}");
    pages.push(("nothing".into(), page));
    // A draft's words are never proposed (they would tell of an unreleased product).
    let (_, page) = shopper.get_text("/search?q=calvadoss").await;
    assert!(page.contains("0 résultat pour « calvadoss »"), "{page}");
    assert!(!page.contains("q=calvados\""), "{page}");

    // Served from the page cache the second time (asked twice in a row: the generation the
    // pages are kept under changes every minute).
    for path in ["/search?q=camembert", "/", "/shops?category=food"] {
        shopper.get(path).await;
        let r = shopper.get(path).await;
        assert_eq!(
            r.headers().get("x-page-cache").unwrap(),
            "hit",
            "{path}: the second ask is answered from memory"
        );
    }

    // A seller leaving the mall is gone from its pages at once on this node.
    let (_, found) = shopper.get_text("/search?q=camembert+histoire").await;
    assert!(found.contains("une histoire normande"), "before: {found}");
    let r = librairie
        .post_form("/s/librairie/admin/settings/mall", &[("category", "books")])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, home) = shopper.get_text("/").await;
    assert!(!home.contains("href=\"/s/librairie/\""));
    let (_, found) = shopper.get_text("/search?q=camembert+histoire").await;
    assert!(!found.contains("une histoire normande"));
    file_under(&librairie, "librairie", "books").await;

    // The operator features a shop: first on the home.
    let r = op
        .post_form("/operator/shops/librairie/feature", &[("featured", "1")])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, home) = shopper.get_text("/").await;
    let featured = home.find("À la une").expect("a featured section");
    let newest = home.find("Nouvelles boutiques").unwrap();
    let lib = home.find("href=\"/s/librairie/\"").unwrap();
    assert!(featured < lib && lib < newest, "featured first");
    let (_, op_page) = op.get_text("/operator/shops/librairie").await;
    assert!(op_page.contains("La boutique est à la une de la galerie."));

    // The page in English.
    let en = app.client();
    let r = en.get("/lang/en?next=/").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, home_en) = en.get_text("/").await;
    assert!(home_en.contains("Fine food and local produce"));
    assert!(home_en.contains("Normandy"));

    let _ = camembert;
    if let Some(vnu) = vnu::Vnu::find() {
        let dir = tempfile::tempdir().unwrap();
        let files: Vec<_> = pages
            .iter()
            .enumerate()
            .map(|(i, (label, body))| vnu::save(dir.path(), &format!("{i:02}"), body, label))
            .collect();
        vnu.assert_valid(&files);
    }
}

#[tokio::test]
async fn a_shop_search_forgives_typos_and_suggests_words_and_categories() {
    let app = TestApp::new().await;
    app.owner("fromages").await;
    let id = app.shop_id("fromages").await;
    let cheeses = category(&app, id, None, ("Fromages", "fromages")).await;
    product(
        &app,
        id,
        New {
            fr: ("Camembert fermier", "camembert-fermier"),
            category: Some(cheeses),
            ..Default::default()
        },
    )
    .await;
    product(
        &app,
        id,
        New {
            fr: ("Poivre de Kampot", "poivre"),
            ..Default::default()
        },
    )
    .await;

    let shopper = app.client();
    // Exact words find as before, and nothing is said about corrections.
    let (_, page) = shopper.get_text("/s/fromages/search?q=camembert").await;
    assert!(page.contains("Camembert fermier") && !page.contains("voici les résultats"));
    // A typo is forgiven and said.
    let (_, page) = shopper
        .get_text("/s/fromages/search?q=camembret+fermier")
        .await;
    assert!(page.contains("Camembert fermier"), "{page}");
    assert!(page.contains("voici les résultats pour « camembert fermier »"));
    // A correct word never brings its neighbours: "poire" is one edit from "poivre", but only
    // a search that finds nothing is corrected, and pears are not sold here… so it is.
    let (_, page) = shopper.get_text("/s/fromages/search?q=poire").await;
    assert!(page.contains("Poivre de Kampot"));
    // Too far: near words and the shop's categories are proposed.
    let (_, page) = shopper.get_text("/s/fromages/search?q=fermyyr").await;
    assert!(page.contains("Aucun produit ne correspond"));
    assert!(
        page.contains("href=\"/s/fromages/search?q=fermier\">fermier</a>"),
        "{page}"
    );
    assert!(page.contains("href=\"/s/fromages/c/fromages\">Fromages</a>"));

    // The store API says the same.
    let v: serde_json::Value = app
        .client()
        .get("/s/fromages/api/store/v1/products?q=camembret")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["corrected"], "camembert");
    assert_eq!(v["items"][0]["title"], "Camembert fermier");
    let v: serde_json::Value = app
        .client()
        .get("/s/fromages/api/store/v1/products?q=fermyyr")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["total"], 0);
    assert_eq!(v["suggestions"][0], "fermier");
    assert!(v["corrected"].is_null());

    // A product added since the shop's words were read is a correction at once.
    product(
        &app,
        id,
        New {
            fr: ("Reblochon de Savoie", "reblochon"),
            ..Default::default()
        },
    )
    .await;
    let (_, page) = shopper.get_text("/s/fromages/search?q=reblochin").await;
    assert!(page.contains("Reblochon de Savoie"), "{page}");
}

/// The mall ranks the products matching every word strongly (title, tag, SKU) before those
/// matching a word only in passing (a description), and reads a common word's strong postings
/// first: whatever the page size, what it shows is the head of the whole ranking, never a
/// hidden product.
#[tokio::test]
async fn the_mall_reads_strong_matches_first_and_shows_the_head_of_the_whole_ranking() {
    let app = TestApp::new().await;
    let (_, open) = shop(&app, "ouverte", "14140").await;
    let (retiree, closed) = shop(&app, "retiree", "75011").await;
    // Every product's description (the test helper's) says "affiné avec soin" and "merveille".
    let titles = [
        ("Tomme merveille", "active"),
        ("Merveille de brebis affinée", "active"),
        ("Chèvre frais", "active"),
        ("Bleu doux", "active"),
        ("Merveille cachée", "draft"),
        ("Comté", "active"),
        ("Brie merveille affiné", "active"),
        ("Munster", "coming_soon"),
    ];
    let mut ids = Vec::new();
    for (i, &(title, status)) in titles.iter().enumerate() {
        let slug = format!("p{i}");
        let id = product(
            &app,
            open,
            New {
                fr: (title, slug.as_str()),
                status,
                ..Default::default()
            },
        )
        .await;
        ids.push(id);
    }
    let hidden = product(
        &app,
        closed,
        New {
            fr: ("Merveille d'une boutique retirée", "retiree"),
            ..Default::default()
        },
    )
    .await;
    // Its seller leaves the mall (the form without "listed").
    let r = retiree
        .post_form("/s/retiree/admin/settings/mall", &[("category", "food")])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

    let langs = [search::Language::French, search::Language::English];
    let mut conn = app.store.reader().await.unwrap();
    for text in ["merveille", "merveille affine", "soin", "affin"] {
        let query = search::parse_query(text, &langs);
        let (all, args) = search::sql_across(&query);
        let args = app::search::store_args(args);
        let tiers = [search::sql_across_strong(&query).0, all.clone()];
        let whole = store::mall::search(&mut conn, &[all], &args, 1000)
            .await
            .unwrap();
        assert!(
            whole
                .iter()
                .all(|(s, p)| *s == open.get() && *p != ids[4] && *p != hidden),
            "{text}: never a draft nor an unlisted shop's: {whole:?}"
        );
        for limit in 1..=whole.len() as i64 + 1 {
            let head = store::mall::search(&mut conn, &tiers, &args, limit)
                .await
                .unwrap();
            let expected: Vec<(i64, i64)> = whole.iter().take(limit as usize).copied().collect();
            assert_eq!(head, expected, "{text}, {limit} shown");
        }
        if text == "merveille" {
            // Titled "merveille" first (the draft left out), then the descriptions' mentions.
            let first: Vec<i64> = whole.iter().take(3).map(|(_, p)| *p).collect();
            let mut strong = vec![ids[0], ids[1], ids[6]];
            strong.sort_unstable();
            let mut got = first.clone();
            got.sort_unstable();
            assert_eq!(got, strong, "{whole:?}");
            assert_eq!(whole.len(), 7, "every visible product says it: {whole:?}");
        }
        if text == "merveille affine" {
            // Both words strong only in "Merveille de brebis affinée" and "Brie merveille affiné".
            let mut first: Vec<i64> = whole.iter().take(2).map(|(_, p)| *p).collect();
            first.sort_unstable();
            let mut strong = vec![ids[1], ids[6]];
            strong.sort_unstable();
            assert_eq!(first, strong, "{whole:?}");
        }
    }
}
