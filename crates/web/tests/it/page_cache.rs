//! The storefront's page cache: a change made in the admin shows at once on the node it went
//! through, and within the configured delay on every other node sharing the database; a page is
//! never served in another language or with another visitor's cookies.
use crate::common::*;

/// A French (default) and English shop with one active product at 12.50 €, made in the admin.
/// Returns the owner and the product's id and address.
async fn shop_with_brie(app: &TestApp, slug: &str) -> (Client, String, String) {
    let owner = app.owner(slug).await;
    let r = owner
        .post_form(
            &format!("/s/{slug}/admin/settings"),
            &[
                ("name", "Fromages d'Émilie"),
                ("langs", "fr"),
                ("langs", "en"),
                ("default_lang", "fr"),
                ("currency", "eur"),
                ("timezone", "Europe/Paris"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = owner
        .post_form(
            &format!("/s/{slug}/admin/products/new"),
            &[
                ("kind", "physical"),
                ("title_fr", "Brie de Meaux"),
                ("description_fr", "Un brie **fermier**."),
                ("title_en", "Meaux Brie"),
                ("description_en", "A farmhouse brie."),
                ("status", "active"),
                ("vat_class", "reduced"),
                ("rows", "1"),
                ("v0_price", "12,50"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let loc = location(&r);
    let id = loc
        .split("/admin/products/")
        .nth(1)
        .and_then(|t| t.split('?').next())
        .expect(&loc)
        .to_string();
    let shop_id = app.shop_id(slug).await;
    let mut c = app.store.reader().await.unwrap();
    let texts = store::catalog::texts(&mut c, shop_id, id.parse().unwrap())
        .await
        .unwrap();
    let fr = texts.iter().find(|t| t.lang == "fr").unwrap();
    (owner, id, format!("/s/{slug}/p/{}", fr.slug))
}

async fn get(
    app: &TestApp,
    path: &str,
    headers: &[(&str, &str)],
) -> (StatusCode, reqwest::header::HeaderMap, String) {
    let mut rq = reqwest::Client::new().get(format!("{}{path}", app.url));
    for (k, v) in headers {
        rq = rq.header(*k, *v);
    }
    let r = rq.send().await.unwrap();
    let status = r.status();
    let h = r.headers().clone();
    (status, h, r.text().await.unwrap())
}

/// The price a product page asks for now.
fn price_now(page: &str) -> &str {
    page.split("<strong class=\"price-now\">")
        .nth(1)
        .and_then(|r| r.split("</strong>").next())
        .unwrap_or_else(|| panic!("no price on {page}"))
}

fn cache_state(h: &reqwest::header::HeaderMap) -> &str {
    h.get("x-page-cache")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("none")
}

async fn lower_prices_by_ten_percent(owner: &Client, slug: &str, id: &str) {
    let r = owner
        .post_form(
            &format!("/s/{slug}/admin/products/bulk"),
            &[("ids", id), ("action", "price"), ("percent", "-10")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn a_price_changed_in_the_admin_shows_at_once() {
    let app = TestApp::builder().shop_cache_ms(1000).start().await;
    let (owner, id, path) = shop_with_brie(&app, "cache-prix").await;
    let fr = [("accept-language", "fr")];

    let (s, h, first) = get(&app, &path, &fr).await;
    assert_eq!(s, StatusCode::OK);
    assert!(first.contains("12,50\u{a0}€"), "{first}");
    let (_, h2, again) = get(&app, &path, &fr).await;
    assert_eq!(
        cache_state(&h2),
        "hit",
        "the second visit is served from memory"
    );
    assert_eq!(again, first);
    // A browser revalidating its copy gets a 304 while nothing changed.
    let etag = h
        .get("etag")
        .expect("an ETag")
        .to_str()
        .unwrap()
        .to_string();
    let (s, _, body) = get(
        &app,
        &path,
        &[("accept-language", "fr"), ("if-none-match", &etag)],
    )
    .await;
    assert_eq!(s, StatusCode::NOT_MODIFIED);
    assert!(body.is_empty());

    lower_prices_by_ten_percent(&owner, "cache-prix", &id).await;

    let (s, h, after) = get(&app, &path, &fr).await;
    assert_eq!(s, StatusCode::OK);
    // The new price is the price (the old one may show struck through as the reference).
    assert_eq!(price_now(&after), "11,25\u{a0}€", "{after}");
    assert_ne!(cache_state(&h), "hit");
    // The old ETag no longer matches: the browser gets the new page.
    let (s, _, body) = get(
        &app,
        &path,
        &[("accept-language", "fr"), ("if-none-match", &etag)],
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert!(body.contains("11,25\u{a0}€"));
    // The home page and search, cached before or not, show it too.
    let (_, _, search) = get(&app, "/s/cache-prix/search?q=brie", &fr).await;
    assert!(search.contains("11,25\u{a0}€"), "{search}");
}

#[tokio::test]
async fn a_page_cached_in_french_is_not_served_in_english_nor_with_anothers_token() {
    let app = TestApp::builder().shop_cache_ms(1000).start().await;
    let (_, _, path) = shop_with_brie(&app, "cache-langue").await;

    let (_, hfr, fr) = get(&app, &path, &[("accept-language", "fr-FR,fr;q=0.9")]).await;
    assert!(fr.contains("<html lang=\"fr\""), "{fr}");
    assert!(fr.contains("12,50\u{a0}€"));
    let (_, _, fr_again) = get(&app, &path, &[("accept-language", "fr")]).await;
    assert_eq!(fr_again, fr);

    // The address decides the language: an English browser or cookie on the French address
    // gets the French page (cached), and the English address gets the English one.
    let (_, _, fr_for_english) = get(
        &app,
        &path,
        &[
            ("accept-language", "en-GB,en;q=0.8"),
            ("cookie", "vitrine_lang=en"),
        ],
    )
    .await;
    assert_eq!(fr_for_english, fr);
    let en_path = path.replace("/p/brie-de-meaux", "/en/p/meaux-brie");
    let (s, _, en) = get(&app, &en_path, &[("accept-language", "fr")]).await;
    assert_eq!(s, StatusCode::OK, "{en_path}");
    assert!(en.contains("<html lang=\"en\""), "{en}");
    assert!(en.contains("€12.50"), "{en}");
    assert!(en.contains("Meaux Brie"), "{en}");
    assert!(!en.contains("12,50\u{a0}€"), "{en}");
    let (_, _, en_again) = get(&app, &en_path, &[("accept-language", "en")]).await;
    assert_eq!(en_again, en);
    let (_, _, fr_again) = get(&app, &path, &[("accept-language", "en")]).await;
    assert!(fr_again.contains("12,50\u{a0}€"), "{fr_again}");

    // A storefront page shows no form token and sets no cookie: it is the same page for every
    // visitor, cached or not.
    let (_, h, page) = get(&app, &path, &[("accept-language", "fr")]).await;
    assert_eq!(cache_state(&h), "hit");
    for headers in [&hfr, &h] {
        assert!(headers.get("set-cookie").is_none(), "{headers:?}");
    }
    assert!(!page.contains("vitrine_csrf") && !page.contains("name=\"_csrf\""));
    // A page with a form gives the visitor a token of their own, in the form and in a cookie,
    // and a form of the storefront cannot be replayed without it.
    let visitor = app.client();
    let (s, login) = visitor.get_text("/s/cache-langue/admin/login").await;
    assert_eq!(s, StatusCode::OK);
    let token = visitor
        .cookie("vitrine_csrf")
        .expect("a CSRF cookie with the form");
    assert!(
        login.contains(&token),
        "the form carries the cookie's token"
    );
    let other = app.client();
    other.get_text("/s/cache-langue/admin/login").await;
    assert_ne!(other.cookie("vitrine_csrf"), Some(token));
}

#[tokio::test]
async fn two_nodes_on_one_database_both_see_a_change_made_through_one() {
    let app = TestApp::builder().shop_cache_ms(200).start().await;
    let (owner, id, path) = shop_with_brie(&app, "cache-noeuds").await;
    let other = TestApp::builder()
        .without_worker()
        .shop_cache_ms(200)
        .sharing(&app)
        .start()
        .await;
    let fr = [("accept-language", "fr")];
    for node in [&app, &other] {
        for _ in 0..2 {
            let (s, _, page) = get(node, &path, &fr).await;
            assert_eq!(s, StatusCode::OK);
            assert!(page.contains("12,50\u{a0}€"));
        }
        let (_, h, _) = get(node, &path, &fr).await;
        assert_eq!(cache_state(&h), "hit");
    }

    // The change goes through the first node: its shoppers see it at once. The second has the
    // old page in memory; the owner, signed in there (sessions live in the database), sees the
    // change at once, and its shoppers once it reads the shop's version again (200 ms here).
    lower_prices_by_ten_percent(&owner, "cache-noeuds", &id).await;
    let (_, _, page) = get(&app, &path, &fr).await;
    assert_eq!(price_now(&page), "11,25\u{a0}€");
    let owner_on_other = Client {
        base: other.url.clone(),
        ..owner.clone()
    };
    let (_, page) = owner_on_other.get_text(&path).await;
    assert_eq!(price_now(&page), "11,25\u{a0}€");
    eventually(&other, &path, |p| price_now(p) == "11,25\u{a0}€").await;

    // And the other way round: the owner archives the product through the second node; the
    // first stops showing it.
    let r = owner_on_other
        .post_form(
            "/s/cache-noeuds/admin/products/bulk",
            &[("ids", id.as_str()), ("action", "archive")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (s, _, _) = get(&other, &path, &fr).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let (s, _, _) = get(&app, &path, &fr).await;
        if s == StatusCode::NOT_FOUND {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the first node still shows an archived product"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

/// The page at `path` on `node` once `ok` holds for it (a node reads a shop again within its
/// configured delay; ten seconds is far beyond it).
async fn eventually(node: &TestApp, path: &str, ok: impl Fn(&str) -> bool) -> String {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let (_, _, page) = get(node, path, &[("accept-language", "fr")]).await;
        if ok(&page) {
            return page;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{path} never changed: {page}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}
