//! A large import writes in short batches, hidden until it is published: shoppers and the seller
//! see nothing of it until then, other shops keep writing meanwhile, and an import that fails
//! (or whose process stops) leaves the catalog as it was.
use std::sync::Arc;

use crate::common::*;
use domain::locale::Lang;
use web::transfer::{ImportError, ImportOptions, Pause};

/// A Shopify CSV of single-variant products: (handle, title, category path, price).
fn csv(products: &[(&str, &str, &str, &str)]) -> Vec<u8> {
    let mut out = String::from(
        "Handle,Title,Body (HTML),Vendor,Product Category,Tags,Variant SKU,Variant Price,Status\n",
    );
    for (handle, title, category, price) in products {
        out.push_str(&format!(
            "{handle},{title},<p>Au lait cru.</p>,Ferme,{category},fromage,{},{price},active\n",
            handle.to_uppercase()
        ));
    }
    out.into_bytes()
}

async fn shop(app: &TestApp, slug: &str) -> store::shop::Shop {
    let mut c = app.store.reader().await.unwrap();
    store::shop::by_slug(&mut c, slug).await.unwrap().unwrap()
}

/// Rows an import wrote but did not publish, and imports still registered as running.
async fn staged(app: &TestApp, shop_id: store::id::ShopId) -> (i64, i64) {
    let mut c = app.store.reader().await.unwrap();
    let products: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM products WHERE shop_id = $1 AND import_id IS NOT NULL",
    )
    .bind(shop_id)
    .fetch_one(&mut *c)
    .await
    .unwrap();
    let imports: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM import_stagings WHERE shop_id = $1")
            .bind(shop_id)
            .fetch_one(&mut *c)
            .await
            .unwrap();
    (products, imports)
}

/// What the seller would compare: each product's address, title, status and variants' prices,
/// with the price history of each, and the category names.
async fn catalog_of(app: &TestApp, shop_id: store::id::ShopId) -> (Vec<String>, Vec<String>) {
    let mut c = app.store.reader().await.unwrap();
    let mut products = vec![];
    for id in store::transfer::product_ids(&mut c, shop_id).await.unwrap() {
        let p = store::catalog::product(&mut c, shop_id, id).await.unwrap();
        let t = store::catalog::texts(&mut c, shop_id, id).await.unwrap();
        let mut prices = vec![];
        for v in store::catalog::variants(&mut c, shop_id, id).await.unwrap() {
            let history = store::catalog::price_history(&mut c, shop_id, v.id)
                .await
                .unwrap();
            prices.push(format!("{:?} {} {history:?}", v.sku, v.price_minor));
        }
        products.push(format!(
            "{} | {} | {} | {prices:?}",
            t[0].slug, t[0].title, p.status
        ));
    }
    products.sort();
    let mut categories: Vec<String> = store::catalog::categories(&mut c, shop_id)
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .collect();
    categories.sort();
    (products, categories)
}

/// Runs an import in the background, one new product per batch, held after its first batch.
fn start_paused(
    app: &TestApp,
    shop: store::shop::Shop,
    file: Vec<u8>,
) -> (
    Arc<Pause>,
    tokio::task::JoinHandle<Result<web::transfer::Report, ImportError>>,
) {
    let st = web::AppState::new(app.store.clone(), app.config.clone());
    let pause = Arc::new(Pause {
        after_batches: 1,
        ..Default::default()
    });
    let held = pause.clone();
    let task = tokio::spawn(async move {
        let opts = ImportOptions {
            pause: Some(held),
            batch_max: Some(1),
            ..Default::default()
        };
        web::transfer::import_opts(&st, &shop, &file, Lang::Fr, &opts).await
    });
    (pause, task)
}

#[tokio::test]
async fn an_import_under_way_shows_nothing_yet_and_other_shops_keep_writing() {
    let app = TestApp::builder().without_worker().start().await;
    let seller = app.owner("grande-fromagerie").await;
    let other = app.owner("petite-epicerie").await;
    let a = shop(&app, "grande-fromagerie").await;
    let file = csv(&[
        ("tomme-de-brebis", "Tomme de brebis", "Fromages", "12.50"),
        (
            "crottin-de-chavignol",
            "Crottin de Chavignol",
            "Fromages",
            "4.20",
        ),
        ("bleu-d-auvergne", "Bleu d'Auvergne", "Fromages", "9.90"),
    ]);

    // A dry run writes nothing, not even the shop's page version.
    let st = web::AppState::new(app.store.clone(), app.config.clone());
    let r = web::transfer::import(&st, &a, &file, true, Lang::Fr)
        .await
        .unwrap();
    assert_eq!(r.created, 3);
    assert_eq!(shop(&app, "grande-fromagerie").await.version, a.version);
    assert_eq!(staged(&app, a.sid()).await, (0, 0));

    let (pause, task) = start_paused(&app, a.clone(), file);
    pause.reached.notified().await;
    assert_eq!(
        staged(&app, a.sid()).await,
        (1, 1),
        "the first batch is written"
    );

    // Neither shoppers nor the seller see a product of an unfinished import.
    let shopper = app.client();
    let (status, _) = shopper
        .get_text("/s/grande-fromagerie/p/tomme-de-brebis")
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, html) = shopper
        .get_text("/s/grande-fromagerie/search?q=tomme")
        .await;
    assert!(!html.contains("Tomme de brebis"), "{html}");
    let (_, html) = shopper.get_text("/s/grande-fromagerie/").await;
    assert!(!html.contains("Tomme de brebis"), "{html}");
    let (_, html) = seller.get_text("/s/grande-fromagerie/admin/products").await;
    assert!(!html.contains("Tomme de brebis"), "{html}");

    // Another shop's write goes through while the import is under way.
    let r = other
        .post_form(
            "/s/petite-epicerie/admin/categories",
            &[("name_fr", "Épicerie fine"), ("name_en", "Delicatessen")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(!task.is_finished(), "the import is still under way");

    pause.resume.notify_one();
    let r = task.await.unwrap().unwrap();
    assert_eq!((r.created, r.updated), (3, 0));
    assert_eq!(staged(&app, a.sid()).await, (0, 0));
    let (status, html) = shopper
        .get_text("/s/grande-fromagerie/p/tomme-de-brebis")
        .await;
    assert_eq!(status, StatusCode::OK, "{html}");
    let (_, html) = seller.get_text("/s/grande-fromagerie/admin/products").await;
    assert!(html.contains("Tomme de brebis") && html.contains("Crottin de Chavignol"));
}

#[tokio::test]
async fn an_import_failing_in_its_last_batch_leaves_the_catalog_as_it_was() {
    let app = TestApp::builder().without_worker().start().await;
    app.owner("affineur").await;
    let s = shop(&app, "affineur").await;
    let st = web::AppState::new(app.store.clone(), app.config.clone());
    web::transfer::import(
        &st,
        &s,
        &csv(&[("tomme", "Tomme", "Fromages", "9.00")]),
        false,
        Lang::Fr,
    )
    .await
    .unwrap();
    let before = catalog_of(&app, s.sid()).await;

    // An update of the tomme (applied last), a new brie in new categories (first batch), and a
    // comté whose address another product takes while the import runs (last batch).
    let file = csv(&[
        ("tomme", "Tomme affinée", "Fromages", "11.00"),
        ("brie", "Brie de Meaux", "Nouveautés > Pâtes molles", "8.00"),
        ("comte", "Comté 18 mois", "Fromages", "15.00"),
    ]);
    let (pause, task) = start_paused(&app, s.clone(), file);
    pause.reached.notified().await;
    let mut tx = app.store.begin().await.unwrap();
    let fields = store::catalog::ProductFields {
        kind: "physical".into(),
        status: "draft".into(),
        vat_class: "standard".into(),
        details: "{}".into(),
        safety: "{}".into(),
        ..Default::default()
    };
    let id = store::catalog::create_product(&mut tx, s.sid(), &fields)
        .await
        .unwrap();
    let text = store::catalog::ProductText {
        lang: s.default_lang.clone(),
        title: "Comté du voisin".into(),
        slug: "comte".into(),
        description_md: String::new(),
        seo_title: String::new(),
        seo_description: String::new(),
    };
    store::catalog::set_text(&mut tx, s.sid(), id, &text)
        .await
        .unwrap();
    store::commit(tx).await.unwrap();
    pause.resume.notify_one();

    match task.await.unwrap() {
        Err(ImportError::Invalid(problems)) => {
            assert_eq!(problems.len(), 1, "{problems:?}");
            assert_eq!(problems[0].line, 4);
            assert_eq!(problems[0].column.as_deref(), Some("Handle"));
        }
        other => panic!("expected the handle to be refused, got {other:?}"),
    }
    assert_eq!(
        staged(&app, s.sid()).await,
        (0, 0),
        "nothing staged is left"
    );
    let (products, categories) = catalog_of(&app, s.sid()).await;
    assert_eq!(categories, before.1, "the import's new categories are gone");
    let mut expected = before.0.clone();
    expected.push("comte | Comté du voisin | draft | []".into());
    expected.sort();
    assert_eq!(products, expected, "the tomme is unchanged, no brie");
}

#[tokio::test]
async fn what_a_stopped_import_staged_is_removed_once_its_lease_runs_out() {
    let app = TestApp::builder().without_worker().start().await;
    app.owner("interrompue").await;
    let s = shop(&app, "interrompue").await;
    let (pause, task) = start_paused(
        &app,
        s.clone(),
        csv(&[
            ("brie", "Brie", "Fromages", "8.00"),
            ("comte", "Comté", "Fromages", "15.00"),
        ]),
    );
    pause.reached.notified().await;
    // The process stops mid-way: nothing removes what it staged but its lease running out.
    task.abort();
    let _ = task.await;
    assert_eq!(staged(&app, s.sid()).await, (1, 1));
    let mut tx = app.store.begin().await.unwrap();
    sqlx::query("UPDATE import_stagings SET locked_until = 0 WHERE shop_id = $1")
        .bind(s.id)
        .execute(&mut *tx)
        .await
        .unwrap();
    store::commit(tx).await.unwrap();

    // The next import (or the job loop) cleans it up first.
    let st = web::AppState::new(app.store.clone(), app.config.clone());
    web::transfer::import(
        &st,
        &s,
        &csv(&[("tomme", "Tomme", "Fromages", "9.00")]),
        false,
        Lang::Fr,
    )
    .await
    .unwrap();
    assert_eq!(staged(&app, s.sid()).await, (0, 0));
    let (products, _) = catalog_of(&app, s.sid()).await;
    assert_eq!(products.len(), 1, "{products:?}");
    assert!(
        products[0].starts_with("tomme | Tomme | active"),
        "{products:?}"
    );
}
