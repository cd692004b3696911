//! Product CSV import and export: Shopify's own file comes in as it is, goes out in the same
//! format, and comes back the same; broken files are refused whole with every error by line.
use crate::common::*;
use domain::locale::Lang;
use store::catalog;

fn sample() -> Vec<u8> {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/shopify/product_template.csv");
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// What a seller would compare: per product (by address), title, category path, tags, options
/// and variants (SKU, options, price, compare-at, stock, weight).
async fn snapshot(app: &TestApp, slug: &str) -> Vec<String> {
    let shop_id = app.shop_id(slug).await;
    let mut c = app.store.reader().await.unwrap();
    let cats = catalog::categories(&mut c, shop_id).await.unwrap();
    let mut out = vec![];
    for id in store::transfer::product_ids(&mut c, shop_id).await.unwrap() {
        let p = catalog::product(&mut c, shop_id, id).await.unwrap();
        let t = catalog::texts(&mut c, shop_id, id).await.unwrap().remove(0);
        let cat = p
            .category_id
            .and_then(|cid| cats.iter().find(|c| c.id == cid))
            .map(|c| c.name.clone());
        let vs: Vec<String> = catalog::variants(&mut c, shop_id, id)
            .await
            .unwrap()
            .iter()
            .map(|v| {
                format!(
                    "{:?} {:?}/{:?}/{:?} {} {:?} {} {:?}",
                    v.sku,
                    v.option1,
                    v.option2,
                    v.option3,
                    v.price_minor,
                    v.compare_at_minor,
                    v.quantity,
                    v.weight_grams
                )
            })
            .collect();
        out.push(format!(
            "{} | {} | {} | {:?} | {:?} | {:?} | {:?} | {}",
            t.slug,
            t.title,
            p.status,
            cat,
            catalog::tags(&mut c, shop_id, id).await.unwrap(),
            catalog::options(&mut c, shop_id, id)
                .await
                .unwrap()
                .iter()
                .map(|o| o.2.clone())
                .collect::<Vec<_>>(),
            vs,
            t.description_md
        ));
    }
    out.sort();
    out
}

async fn shop(app: &TestApp, slug: &str) -> store::shop::Shop {
    let mut c = app.store.reader().await.unwrap();
    store::shop::by_slug(&mut c, slug).await.unwrap().unwrap()
}

#[tokio::test]
async fn shopify_file_round_trips_through_import_and_export() {
    let app = TestApp::builder().without_worker().start().await;
    app.owner("import-a").await;
    app.owner("import-b").await;
    let st = web::AppState::new(app.store.clone(), app.config.clone());
    let a = shop(&app, "import-a").await;

    // A dry run saves nothing but says what would happen.
    let r = web::transfer::import(&st, &a, &sample(), true, Lang::Fr)
        .await
        .unwrap();
    assert!(r.created >= 2, "{r:?}");
    assert!(snapshot(&app, "import-a").await.is_empty());

    let r = web::transfer::import(&st, &a, &sample(), false, Lang::Fr)
        .await
        .unwrap();
    assert!(r.created >= 2 && r.variants >= r.created, "{r:?}");
    assert!(
        r.warnings.iter().any(|w| w.message.contains("photos")),
        "images are reported, not fetched: {:?}",
        r.warnings
    );
    let first = snapshot(&app, "import-a").await;
    assert_eq!(first.len(), r.created);
    assert!(
        first
            .iter()
            .any(|p| p.starts_with("example-shirt | Example T-Shirt | active")),
        "{first:#?}"
    );

    // Export, then import the export into another shop: the same catalog.
    let csv = web::transfer::export(&st, &a).await.unwrap();
    let text = String::from_utf8(csv.clone()).unwrap();
    assert!(text.starts_with("Handle,Title,Body (HTML)"), "{text}");
    let b = shop(&app, "import-b").await;
    web::transfer::import(&st, &b, &csv, false, Lang::Fr)
        .await
        .unwrap();
    assert_eq!(snapshot(&app, "import-b").await, first);

    // Importing the same file again updates, it does not duplicate.
    let r = web::transfer::import(&st, &a, &sample(), false, Lang::Fr)
        .await
        .unwrap();
    assert_eq!((r.created, r.updated), (0, first.len()));
    assert_eq!(snapshot(&app, "import-a").await, first);

    // Imported products are found by search, accents and case folded.
    let mut c = app.store.reader().await.unwrap();
    let q = search::parse_query(
        "T-SHIRT",
        &[search::Language::French, search::Language::English],
    );
    let (sql, args) = search::sql(&q);
    let mut query = sqlx::query_as::<_, (i64, i64)>(&sql)
        .bind(a.id)
        .bind(10i64)
        .bind(0i64);
    for arg in args {
        query = match arg {
            search::SqlArg::Text(t) => query.bind(t),
            search::SqlArg::Int(i) => query.bind(i),
        };
    }
    let hits = query.fetch_all(&mut *c).await.unwrap();
    assert!(!hits.is_empty(), "the imported shirt is searchable");
}

#[tokio::test]
async fn broken_files_are_refused_whole_with_line_numbers() {
    let app = TestApp::builder().without_worker().start().await;
    app.owner("broken").await;
    let st = web::AppState::new(app.store.clone(), app.config.clone());
    let s = shop(&app, "broken").await;
    let csv = String::from_utf8(sample()).unwrap();
    // Line 3 gets a price that is not one; the good product rows around it must not be saved either.
    let mut lines: Vec<String> = csv.lines().map(str::to_string).collect();
    assert!(lines[2].contains("deny,manual,25,"));
    lines[2] = lines[2].replacen("deny,manual,25,", "deny,manual,12.5x,", 1);
    let csv = lines.join("\n");
    match web::transfer::import(&st, &s, csv.as_bytes(), false, Lang::En).await {
        Err(web::transfer::ImportError::Invalid(problems)) => {
            assert!(
                problems
                    .iter()
                    .any(|p| p.line == 3 && p.column.as_deref() == Some("Variant Price")),
                "{problems:?}"
            );
            assert!(
                problems.iter().all(|p| !p.message.starts_with("csv-")),
                "messages are translated: {problems:?}"
            );
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert!(
        snapshot(&app, "broken").await.is_empty(),
        "nothing imported"
    );
    match web::transfer::import(&st, &s, b"not,a,product,file\n1,2,3,4\n", false, Lang::Fr).await {
        Err(web::transfer::ImportError::Invalid(problems)) => assert!(!problems.is_empty()),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[tokio::test]
async fn the_plan_limits_how_many_products_an_import_adds() {
    let app = TestApp::builder().without_worker().start().await;
    app.owner("petit-plan").await;
    let id = app.shop_id("petit-plan").await;
    let mut tx = app.store.begin().await.unwrap();
    let plan = store::plan::create(&mut tx, "Un produit", 1, 2, 1_000_000)
        .await
        .unwrap();
    store::shop::set_plan(&mut tx, id, plan).await.unwrap();
    store::commit(tx).await.unwrap();
    let st = web::AppState::new(app.store.clone(), app.config.clone());
    let s = shop(&app, "petit-plan").await;
    match web::transfer::import(&st, &s, &sample(), false, Lang::Fr).await {
        Err(web::transfer::ImportError::Invalid(problems)) => {
            assert_eq!(problems.len(), 1, "{problems:?}");
            assert!(
                problems[0]
                    .message
                    .contains("nombre maximal de produits de votre formule (1 au maximum)"),
                "{problems:?}"
            )
        }
        other => panic!("expected the plan limit, got {other:?}"),
    }
    assert!(snapshot(&app, "petit-plan").await.is_empty());
}
