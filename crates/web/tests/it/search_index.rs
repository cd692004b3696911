//! One search indexer: a product written in the editor, the same product imported from a CSV,
//! and both after their category is renamed, are stored under the same search terms and found
//! by the same words.
use crate::common::*;
use domain::locale::Lang;

async fn shop(app: &TestApp, slug: &str) -> store::shop::Shop {
    let mut c = app.store.reader().await.unwrap();
    store::shop::by_slug(&mut c, slug).await.unwrap().unwrap()
}

async fn category_id(app: &TestApp, slug: &str, name: &str) -> i64 {
    let shop_id = app.shop_id(slug).await;
    let mut c = app.store.reader().await.unwrap();
    store::catalog::categories(&mut c, shop_id)
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.name == name)
        .unwrap_or_else(|| panic!("category {name} in {slug}"))
        .id
}

/// The (term, weight) rows of the shop's only product.
async fn terms(app: &TestApp, slug: &str) -> Vec<(String, i64)> {
    let shop_id = app.shop_id(slug).await;
    let mut c = app.store.reader().await.unwrap();
    let ids = store::transfer::product_ids(&mut c, shop_id).await.unwrap();
    assert_eq!(ids.len(), 1, "{slug} has one product");
    sqlx::query_as(
        "SELECT term, weight FROM search_terms WHERE shop_id = $1 AND product_id = $2 ORDER BY term",
    )
    .bind(shop_id)
    .bind(ids[0])
    .fetch_all(&mut *c)
    .await
    .unwrap()
}

async fn finds(client: &Client, slug: &str, q: &str) -> bool {
    let (status, body) = client.get_text(&format!("/s/{slug}/search?q={q}")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body.contains("Époisses de Bourgogne")
}

const CSV: &str = "Handle,Title,Body (HTML),Vendor,Product Category,Tags,Published,Option1 Name,Option1 Value,Variant SKU,Variant Price,Variant Inventory Qty,Status\n\
epoisses-de-bourgogne,Époisses de Bourgogne,<p>Pâte lavée au marc.</p>,,Fromages,cadeau,true,Title,Default Title,EPO-250,12.50,3,active\n";

#[tokio::test]
async fn edited_imported_and_renamed_category_products_are_found_alike() {
    let app = TestApp::builder().without_worker().start().await;
    let editor = app.owner("par-editeur").await;
    let importer = app.owner("par-import").await;
    for (owner, slug) in [(&editor, "par-editeur"), (&importer, "par-import")] {
        let r = owner
            .post_form(
                &format!("/s/{slug}/admin/categories"),
                &[("parent", ""), ("name_fr", "Fromages")],
            )
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{slug}");
    }

    let cat = category_id(&app, "par-editeur", "Fromages")
        .await
        .to_string();
    let r = editor
        .post_form(
            "/s/par-editeur/admin/products/new",
            &[
                ("kind", "physical"),
                ("title_fr", "Époisses de Bourgogne"),
                ("description_fr", "Pâte lavée au marc."),
                ("status", "active"),
                ("vat_class", "standard"),
                ("category", &cat),
                ("tags", "cadeau"),
                ("track_stock", "1"),
                ("rows", "1"),
                ("v0_sku", "EPO-250"),
                ("v0_price", "12,50"),
                ("v0_qty", "3"),
            ],
        )
        .await;
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "{}",
        r.text().await.unwrap()
    );

    let st = web::AppState::new(app.store.clone(), app.config.clone());
    let s = shop(&app, "par-import").await;
    if let Err(e) = web::transfer::import(&st, &s, CSV.as_bytes(), false, Lang::Fr).await {
        panic!("import refused: {e:?}");
    }
    {
        let mut c = app.store.reader().await.unwrap();
        let cats = store::catalog::categories(&mut c, s.sid()).await.unwrap();
        assert_eq!(
            cats.len(),
            1,
            "the import used the existing category: {cats:?}"
        );
    }

    let edited = terms(&app, "par-editeur").await;
    let imported = terms(&app, "par-import").await;
    assert_eq!(edited, imported, "same product, same terms");
    let shopper = app.client();
    for slug in ["par-editeur", "par-import"] {
        for q in ["fromage", "cadeau", "epo-250", "marc", "epoisses"] {
            assert!(finds(&shopper, slug, q).await, "{slug}: {q}");
        }
        assert!(!finds(&shopper, slug, "molles").await, "{slug}");
    }

    // The seller renames the category: its products are found by the new name, not the old.
    for (owner, slug) in [(&editor, "par-editeur"), (&importer, "par-import")] {
        let id = category_id(&app, slug, "Fromages").await;
        let r = owner
            .post_form(
                &format!("/s/{slug}/admin/categories/{id}"),
                &[("parent", ""), ("name_fr", "Pâtes molles")],
            )
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{slug}");
        assert!(finds(&shopper, slug, "molles").await, "{slug}: renamed");
        assert!(!finds(&shopper, slug, "fromages").await, "{slug}: old name");
    }
    assert_eq!(
        terms(&app, "par-editeur").await,
        terms(&app, "par-import").await
    );
}
