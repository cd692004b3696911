//! The storefront's page cache: a change made in the admin shows at once on the node it went
//! through, and within the configured delay on every other node sharing the database; a page is
//! never served in another language or with another visitor's cookies.
use crate::common::*;

/// A French (default) and English shop with one active product at 12.50 € tagged "Fermier",
/// made in the admin.
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
                ("tags", "Fermier"),
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

/// The settings form of `shop_with_brie`'s shop, with a French tagline.
async fn set_tagline(owner: &Client, slug: &str, tagline: &str) {
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
                ("tagline_fr", tagline),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
}

async fn set_legal_name(owner: &Client, slug: &str, name: &str) {
    let r = owner
        .post_form(
            &format!("/s/{slug}/admin/legal"),
            &[
                ("status", "ei"),
                ("legal_name", name),
                ("siret", "732 829 320 00074"),
                ("vat_franchise", "1"),
                ("address", "12 rue des Halles"),
                ("postal_code", "21000"),
                ("city", "Dijon"),
                ("country", "France"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
}

async fn add_category(owner: &Client, slug: &str, fr: &str, en: &str) {
    let r = owner
        .post_form(
            &format!("/s/{slug}/admin/categories"),
            &[("parent", ""), ("name_fr", fr), ("name_en", en)],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
}

/// Names the collection at `edit` (its French address stays `plateaux`) with the product in it.
async fn name_collection(owner: &Client, edit: &str, product_id: &str, name: &str) {
    let pos = format!("pos_{product_id}");
    let r = owner
        .post_form(
            edit,
            &[
                ("name_fr", name),
                ("slug_fr", "plateaux"),
                ("description_fr", ""),
                ("name_en", ""),
                ("slug_en", ""),
                ("description_en", ""),
                (&pos, "1"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn every_storefront_page_is_served_from_memory_until_the_shop_changes() {
    let app = TestApp::builder().shop_cache_ms(1000).start().await;
    let slug = "cache-partout";
    let (owner, id, product) = shop_with_brie(&app, slug).await;
    add_category(&owner, slug, "Fromages", "Cheeses").await;
    set_legal_name(&owner, slug, "Émilie Martin").await;
    set_tagline(&owner, slug, "Le goût des alpages").await;
    let r = owner
        .post_form(
            &format!("/s/{slug}/admin/collections"),
            &[("name", "Plateaux")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let edit = location(&r);
    name_collection(&owner, &edit, &id, "Plateaux").await;

    let fr = [("accept-language", "fr")];
    let s = format!("/s/{slug}");
    let pages = [
        format!("{s}/"),
        format!("{s}/en/"),
        format!("{s}/mentions-legales"),
        format!("{s}/pages/cgv"),
        format!("{s}/pages/confidentialite"),
        format!("{s}/c/fromages"),
        product.clone(),
        format!("{s}/search?q=brie"),
        format!("{s}/collections/plateaux"),
        format!("{s}/t/Fermier"),
        format!("{s}/sitemap.xml"),
        format!("{s}/robots.txt"),
    ];
    for path in &pages {
        let (status, _, first) = get(&app, path, &fr).await;
        assert_eq!(status, StatusCode::OK, "{path}: {first}");
        let (_, h, again) = get(&app, path, &fr).await;
        assert_eq!(cache_state(&h), "hit", "{path} is rendered every time");
        assert_eq!(again, first, "{path}");
    }
    let (_, _, home) = get(&app, &format!("{s}/"), &fr).await;
    assert!(home.contains("Le goût des alpages"), "{home}");
    assert!(home.contains(">Fromages<"), "{home}");

    // Each change made in the admin shows on the next request of the pages that show it.
    let fresh = |path: String, needle: &'static str| {
        let app = &app;
        async move {
            let (status, h, page) = get(app, &path, &[("accept-language", "fr")]).await;
            assert_eq!(status, StatusCode::OK, "{path}");
            assert_ne!(cache_state(&h), "hit", "{path}");
            assert!(
                page.contains(needle),
                "{path} does not show {needle}: {page}"
            );
        }
    };
    set_legal_name(&owner, slug, "Camille Durand").await;
    fresh(format!("{s}/mentions-legales"), "Camille Durand").await;

    name_collection(&owner, &edit, &id, "Plateaux de fête").await;
    fresh(format!("{s}/collections/plateaux"), "Plateaux de fête").await;

    set_tagline(&owner, slug, "Affinés à Dijon").await;
    fresh(format!("{s}/"), "Affinés à Dijon").await;

    add_category(&owner, slug, "Vins", "Wines").await;
    fresh(format!("{s}/"), ">Vins<").await;
    fresh(format!("{s}/sitemap.xml"), "/c/vins").await;

    lower_prices_by_ten_percent(&owner, slug, &id).await;
    fresh(format!("{s}/t/Fermier"), "11,25\u{a0}€").await;
    fresh(format!("{s}/collections/plateaux"), "11,25\u{a0}€").await;
    fresh(format!("{s}/c/fromages"), "Fromages").await;

    // Removing the collection takes its page away at once.
    let r = owner.post_form(&format!("{edit}/delete"), &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (status, _, _) = get(&app, &format!("{s}/collections/plateaux"), &fr).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_etag_says_nothing_about_the_shop() {
    let app = TestApp::builder().shop_cache_ms(1000).start().await;
    let (_, _, path) = shop_with_brie(&app, "cache-etag").await;
    let shop_id = app.shop_id("cache-etag").await.to_string();
    let (_, h, _) = get(&app, &path, &[("accept-language", "fr")]).await;
    let etag = h
        .get("etag")
        .expect("an ETag")
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        !etag.contains(&shop_id),
        "{etag} shows the shop id {shop_id}"
    );
    // Two pages of the shop have unrelated validators.
    let (_, h, _) = get(&app, "/s/cache-etag/", &[("accept-language", "fr")]).await;
    let home = h
        .get("etag")
        .expect("an ETag")
        .to_str()
        .unwrap()
        .to_string();
    assert!(!home.contains(&shop_id), "{home}");
    assert_ne!(home, etag);
}

/// Counts the database statements run while answering each request (by the request's path), from
/// the statement log sqlx writes inside the request's span.
mod statements {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};

    use tracing::field::{Field, Visit};
    use tracing::span::{Attributes, Id};
    use tracing::{Event, Subscriber};
    use tracing_subscriber::filter::filter_fn;
    use tracing_subscriber::layer::{Context, Layer, SubscriberExt};
    use tracing_subscriber::registry::LookupSpan;

    static COUNTS: OnceLock<Mutex<HashMap<String, usize>>> = OnceLock::new();

    fn counts() -> &'static Mutex<HashMap<String, usize>> {
        COUNTS.get_or_init(Default::default)
    }

    struct RequestPath(String);

    struct PathField(Option<String>);

    impl Visit for PathField {
        fn record_str(&mut self, field: &Field, value: &str) {
            if field.name() == "path" {
                self.0 = Some(value.to_string());
            }
        }
        fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
            if field.name() == "path" {
                self.0 = Some(format!("{value:?}"));
            }
        }
    }

    struct Counter;

    impl<S: Subscriber + for<'a> LookupSpan<'a>> Layer<S> for Counter {
        fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, ctx: Context<'_, S>) {
            if attrs.metadata().name() != "request" {
                return;
            }
            let mut path = PathField(None);
            attrs.record(&mut path);
            if let (Some(p), Some(span)) = (path.0, ctx.span(id)) {
                span.extensions_mut().insert(RequestPath(p));
            }
        }

        fn on_event(&self, event: &Event<'_>, ctx: Context<'_, S>) {
            if event.metadata().target() != "sqlx::query" {
                return;
            }
            let Some(scope) = ctx.event_scope(event) else {
                return;
            };
            for span in scope {
                if let Some(p) = span.extensions().get::<RequestPath>() {
                    *counts().lock().unwrap().entry(p.0.clone()).or_default() += 1;
                    return;
                }
            }
        }
    }

    /// Starts counting (once per test binary; nothing else in it installs a subscriber).
    pub fn count() {
        static ONCE: OnceLock<()> = OnceLock::new();
        ONCE.get_or_init(|| {
            let layer = Counter.with_filter(filter_fn(|m| {
                m.name() == "request" || m.target() == "sqlx::query"
            }));
            tracing::subscriber::set_global_default(tracing_subscriber::registry().with(layer))
                .expect("no other subscriber in the test binary");
        });
    }

    /// Statements run so far by requests for `path`.
    pub fn of(path: &str) -> usize {
        counts().lock().unwrap().get(path).copied().unwrap_or(0)
    }
}

#[tokio::test]
async fn a_product_page_rendered_on_a_miss_reads_the_product_in_one_statement() {
    statements::count();
    // No background worker beside the requests counted.
    let app = TestApp::builder()
        .shop_cache_ms(60_000)
        .without_worker()
        .start()
        .await;
    let (_, _, path) = shop_with_brie(&app, "cache-requetes").await;
    let fr = [("accept-language", "fr")];
    // The first visits read the shop and what all its pages show (twice: a shopper's copy of
    // the shop may lag one version behind the staff's who just edited it, see tenant::ShopCache).
    get(&app, &format!("{path}?visit=0"), &fr).await;
    let (s, _, _) = get(&app, &format!("{path}?visit=1"), &fr).await;
    assert_eq!(s, StatusCode::OK);
    let before = statements::of(&path);
    assert!(before > 0, "the statement log is counted");
    // Another address of the same page misses the page cache: only the product is read.
    let (s, h, page) = get(&app, &format!("{path}?visit=2"), &fr).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(cache_state(&h), "miss");
    assert_eq!(price_now(&page), "12,50\u{a0}€");
    let miss = statements::of(&path) - before;
    assert_eq!(miss, 1, "a product page miss ran {miss} statements");
}
