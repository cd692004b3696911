//! The catalog store on both backends: products, texts, variants, price history, categories,
//! tags, search terms — all kept within their shop.
use crate::common::*;
use store::catalog::{self, ProductFields, ProductText, VariantFields};

fn fields() -> ProductFields {
    ProductFields {
        kind: "perishable".into(),
        status: "active".into(),
        vat_class: "reduced".into(),
        track_stock: true,
        details: r#"{"lead_days":1}"#.into(),
        safety: "{}".into(),
        ..Default::default()
    }
}

fn text(lang: &str, title: &str, slug: &str) -> ProductText {
    ProductText {
        lang: lang.into(),
        title: title.into(),
        slug: slug.into(),
        description_md: "Un **fromage** de Bourgogne.".into(),
        seo_title: String::new(),
        seo_description: String::new(),
    }
}

#[tokio::test]
async fn products_variants_and_price_history_stay_in_their_shop() {
    let app = TestApp::builder().without_worker().start().await;
    app.owner("cheese").await;
    app.owner("books").await;
    let shop = app.shop_id("cheese").await;
    let other = app.shop_id("books").await;
    let mut tx = app.store.begin().await.unwrap();
    let cat = catalog::create_category(&mut tx, shop, None, 0)
        .await
        .unwrap();
    catalog::set_category_text(&mut tx, shop, cat, "fr", "Fromages", "fromages", "")
        .await
        .unwrap();
    catalog::set_category_text(&mut tx, shop, cat, "en", "Cheeses", "cheeses", "")
        .await
        .unwrap();
    let sub = catalog::create_category(&mut tx, shop, Some(cat), 1)
        .await
        .unwrap();
    catalog::set_category_text(&mut tx, shop, sub, "fr", "Pâtes molles", "pates-molles", "")
        .await
        .unwrap();
    assert!(
        matches!(
            catalog::create_category(&mut tx, other, Some(cat), 0).await,
            Err(store::StoreError::NotFound)
        ),
        "no parent from another shop"
    );
    let id = catalog::create_product(
        &mut tx,
        shop,
        &ProductFields {
            category_id: Some(sub),
            ..fields()
        },
    )
    .await
    .unwrap();
    catalog::set_text(
        &mut tx,
        shop,
        id,
        &text("fr", "Époisses AOP", "epoisses-aop"),
    )
    .await
    .unwrap();
    catalog::set_text(
        &mut tx,
        shop,
        id,
        &text("en", "Époisses PDO", "epoisses-pdo"),
    )
    .await
    .unwrap();
    catalog::set_options(
        &mut tx,
        shop,
        id,
        &[
            (1, "fr".into(), "Poids".into()),
            (1, "en".into(), "Weight".into()),
        ],
    )
    .await
    .unwrap();
    let small = VariantFields {
        position: 0,
        sku: Some("EPO-250".into()),
        options: [Some("250 g".into()), None, None],
        price_minor: 1250,
        quantity: 8,
        weight_grams: Some(300),
        ..Default::default()
    };
    let v1 = catalog::add_variant(&mut tx, shop, id, &small)
        .await
        .unwrap();
    let v2 = catalog::add_variant(
        &mut tx,
        shop,
        id,
        &VariantFields {
            position: 1,
            sku: Some("EPO-500".into()),
            options: [Some("500 g".into()), None, None],
            price_minor: 2200,
            ..small.clone()
        },
    )
    .await
    .unwrap();
    catalog::set_tags(
        &mut tx,
        shop,
        id,
        &["Bourgogne".into(), "bourgogne".into(), "AOP".into()],
    )
    .await
    .unwrap();
    catalog::replace_search_terms(
        &mut tx,
        shop,
        id,
        &[("epoiss".into(), 10), ("fromag".into(), 5)],
    )
    .await
    .unwrap();
    store::commit(tx).await.unwrap();

    let mut c = app.store.reader().await.unwrap();
    assert_eq!(
        catalog::product(&mut c, shop, id)
            .await
            .unwrap()
            .category_id,
        Some(sub)
    );
    assert!(
        matches!(
            catalog::product(&mut c, other, id).await,
            Err(store::StoreError::NotFound)
        ),
        "invisible from another shop"
    );
    assert_eq!(
        catalog::product_by_slug(&mut c, shop, "en", "epoisses-pdo")
            .await
            .unwrap(),
        Some(id)
    );
    assert_eq!(
        catalog::product_by_slug(&mut c, other, "en", "epoisses-pdo")
            .await
            .unwrap(),
        None
    );
    assert_eq!(catalog::texts(&mut c, shop, id).await.unwrap().len(), 2);
    assert_eq!(
        catalog::tags(&mut c, shop, id).await.unwrap(),
        vec!["AOP".to_string(), "Bourgogne".to_string()]
    );
    assert_eq!(catalog::categories(&mut c, shop).await.unwrap().len(), 3);
    assert!(catalog::categories(&mut c, other).await.unwrap().is_empty());
    let vs = catalog::variants(&mut c, shop, id).await.unwrap();
    assert_eq!(
        vs.iter()
            .map(|v| v.sku.clone().unwrap())
            .collect::<Vec<_>>(),
        ["EPO-250", "EPO-500"]
    );
    assert!(catalog::variants(&mut c, other, id)
        .await
        .unwrap()
        .is_empty());
    assert_eq!(catalog::count_products(&mut c, shop).await.unwrap(), 1);
    drop(c);

    // A price change (a day later) is remembered; another shop cannot touch the variant.
    let mut tx = app.store.begin().await.unwrap();
    sqlx::query("UPDATE price_history SET at = at - 86400 WHERE shop_id = $1")
        .bind(shop)
        .execute(&mut *tx)
        .await
        .unwrap();
    assert!(matches!(
        catalog::update_variant(&mut tx, other, id, v1, &small).await,
        Err(store::StoreError::NotFound)
    ));
    catalog::update_variant(
        &mut tx,
        shop,
        id,
        v1,
        &VariantFields {
            price_minor: 990,
            compare_at_minor: Some(1250),
            ..small.clone()
        },
    )
    .await
    .unwrap();
    store::commit(tx).await.unwrap();
    let mut c = app.store.reader().await.unwrap();
    let history = catalog::price_history(&mut c, shop, v1).await.unwrap();
    assert_eq!(history.iter().map(|h| h.1).collect::<Vec<_>>(), [1250, 990]);
    assert!(history[1].0 - history[0].0 >= 86400);
    drop(c);

    // Slugs are unique per shop and language; SKUs per shop.
    let mut tx = app.store.begin().await.unwrap();
    let second = catalog::create_product(&mut tx, shop, &fields())
        .await
        .unwrap();
    assert!(matches!(
        catalog::set_text(&mut tx, shop, second, &text("fr", "Autre", "epoisses-aop")).await,
        Err(store::StoreError::Conflict(_))
    ));
    drop(tx);
    let mut tx = app.store.begin().await.unwrap();
    let second = catalog::create_product(&mut tx, shop, &fields())
        .await
        .unwrap();
    assert!(matches!(
        catalog::add_variant(&mut tx, shop, second, &small).await,
        Err(store::StoreError::Conflict(_))
    ));
    drop(tx);
    // The same slug and SKU in another shop are fine.
    let mut tx = app.store.begin().await.unwrap();
    let theirs = catalog::create_product(&mut tx, other, &fields())
        .await
        .unwrap();
    catalog::set_text(
        &mut tx,
        other,
        theirs,
        &text("fr", "Époisses", "epoisses-aop"),
    )
    .await
    .unwrap();
    catalog::add_variant(&mut tx, other, theirs, &small)
        .await
        .unwrap();
    store::commit(tx).await.unwrap();

    // Deleting removes every row of the product, and only of it.
    let mut tx = app.store.begin().await.unwrap();
    catalog::delete_product(&mut tx, shop, id).await.unwrap();
    store::commit(tx).await.unwrap();
    let mut c = app.store.reader().await.unwrap();
    for table in [
        "product_texts",
        "product_tags",
        "product_options",
        "variants",
        "search_terms",
    ] {
        let n: i64 = sqlx::query_scalar(&format!(
            "SELECT COUNT(*) FROM {table} WHERE shop_id = $1 AND product_id = $2"
        ))
        .bind(shop)
        .bind(id)
        .fetch_one(&mut *c)
        .await
        .unwrap();
        assert_eq!(n, 0, "{table}");
    }
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM price_history WHERE shop_id = $1 AND variant_id IN ($2, $3)",
    )
    .bind(shop)
    .bind(v1)
    .bind(v2)
    .fetch_one(&mut *c)
    .await
    .unwrap();
    assert_eq!(n, 0);
    assert_eq!(catalog::count_products(&mut c, other).await.unwrap(), 1);
}
