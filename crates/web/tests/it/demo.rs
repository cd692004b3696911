//! The demo shops: what a newcomer sees on first start is a real, bilingual catalog.
use crate::common::*;

#[tokio::test]
async fn demo_shops_are_created_once_with_a_bilingual_catalog() {
    let app = TestApp::builder().without_worker().start().await;
    let st = web::AppState::new(app.store.clone(), app.config.clone());
    let made = web::demo::ensure(&st).await.unwrap();
    assert_eq!(
        made.iter().map(|m| m.slug.as_str()).collect::<Vec<_>>(),
        ["fromagerie", "bouquinerie"]
    );
    assert!(
        web::demo::ensure(&st).await.unwrap().is_empty(),
        "harmless on later starts"
    );

    let shop = app.shop_id("fromagerie").await;
    let mut c = app.store.reader().await.unwrap();
    let ids = store::transfer::product_ids(&mut c, shop).await.unwrap();
    assert!(ids.len() >= 30, "{} products", ids.len());
    let mut kinds = std::collections::BTreeSet::new();
    let mut with_variants = 0;
    for id in &ids {
        let p = store::catalog::product(&mut c, shop, *id).await.unwrap();
        kinds.insert(p.kind.clone());
        let texts = store::catalog::texts(&mut c, shop, *id).await.unwrap();
        assert_eq!(
            texts.iter().map(|t| t.lang.as_str()).collect::<Vec<_>>(),
            ["en", "fr"],
            "product {id} in both languages"
        );
        if store::catalog::variants(&mut c, shop, *id)
            .await
            .unwrap()
            .len()
            > 1
        {
            with_variants += 1;
        }
        let details = domain::catalog::details::Details::from_json(&p.details);
        match p.kind.as_str() {
            "perishable" => {
                assert!(details.lead_days.is_some() && !details.dispatch_weekdays.is_empty())
            }
            "rental" => assert!(details.per_day_minor.is_some()),
            "service" => assert!(details.duration_minutes.is_some()),
            _ => {}
        }
    }
    for kind in [
        "physical",
        "unique",
        "digital",
        "service",
        "rental",
        "perishable",
    ] {
        assert!(kinds.contains(kind), "a {kind} product");
    }
    assert!(with_variants >= 20);
    assert!(
        store::catalog::categories(&mut c, shop)
            .await
            .unwrap()
            .iter()
            .any(|c| c.parent_id.is_some()),
        "nested categories"
    );
    let books = app.shop_id("bouquinerie").await;
    assert_eq!(
        store::transfer::product_ids(&mut c, books)
            .await
            .unwrap()
            .len(),
        10
    );
    let (_, page) = app.client().get_text("/s/bouquinerie/").await;
    assert!(page.contains("La Bouquinerie du Marais"));
}
