//! The shop the crash test and the orders benchmark (`benches/orders.rs`, which includes this
//! file) place their orders in.

/// A shop `slug` (French) that sells one product, SKU `COMTE`, at €12.50 with `stock` units, and
/// takes bank transfers: what the crash test and the orders benchmark order from.
pub async fn shop_selling_comte(db_url: &str, slug: &str, stock: i64) {
    let s = store::Store::connect(db_url).await.expect("database");
    s.migrate().await.expect("migrations");
    let mut tx = s.begin().await.unwrap();
    let plan = store::plan::default_plan(&mut tx).await.unwrap().id;
    let shop = store::shop::create(
        &mut tx,
        &store::shop::NewShop {
            slug,
            name: slug,
            plan_id: plan,
            default_lang: "fr",
        },
    )
    .await
    .unwrap();
    let shop = shop.sid();
    let id = store::catalog::create_product(
        &mut tx,
        shop,
        &store::catalog::ProductFields {
            kind: "physical".into(),
            status: "active".into(),
            vat_class: "reduced".into(),
            track_stock: true,
            details: "{}".into(),
            safety: "{}".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    store::catalog::set_text(
        &mut tx,
        shop,
        id,
        &store::catalog::ProductText {
            lang: "fr".into(),
            title: "Comté".into(),
            slug: "comte".into(),
            description_md: String::new(),
            seo_title: String::new(),
            seo_description: String::new(),
        },
    )
    .await
    .unwrap();
    store::catalog::add_variant(
        &mut tx,
        shop,
        id,
        &store::catalog::VariantFields {
            sku: Some("COMTE".into()),
            price_minor: 1250,
            quantity: stock,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    store::payment::upsert(
        &mut tx,
        shop,
        "bank_transfer",
        true,
        &serde_json::json!({"holder": "Fromagerie", "iban": "FR7630006000011234567890189", "bic": "AGRIFRPP"}),
    )
    .await
    .unwrap();
    store::commit(tx).await.unwrap();
    s.close().await;
}
