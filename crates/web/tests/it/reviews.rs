//! Reviews, on both backends, as a buyer and a shopper meet them: a product may be reviewed only
//! from its own order's page once the order reached its buyer, once, with what to correct said
//! beside each field; the product's page then shows the review (signed with a first name and
//! an initial, with the dates it was written and bought), its average and the policy, and tells
//! search engines (schema.org `AggregateRating` and `Review`); the seller's answer shows under it.

use crate::checkout::{add, fill, key_of, place, shop_with_transfer, ADDRESS};
use crate::common::*;

async fn moved(app: &TestApp, id: store::id::ShopId, mv: app::order::Move) {
    let shop = {
        let mut c = app.store.reader().await.unwrap();
        store::shop::by_id(&mut c, id).await.unwrap()
    };
    app::order::apply(&app.store, &shop, "00001", &mv, None, |_, _| None)
        .await
        .unwrap();
}

#[tokio::test]
async fn a_buyer_reviews_a_delivered_product_and_its_page_shows_it() {
    let app = TestApp::new().await;
    let (id, product, comte) = shop_with_transfer(&app, "avis").await;
    let buyer = app.client();
    add(&buyer, "avis", comte, 1).await;
    let review = fill(&buyer, "avis", ADDRESS).await;
    let r = place(&buyer, "avis", &key_of(&review)).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let link = location(&r);
    let form = format!("{link}/review/{product}");

    // Not delivered yet: nothing to review.
    let (_, page) = buyer.get_text(&link).await;
    assert!(!page.contains("Donner mon avis"), "{page}");
    let r = buyer
        .post_form(&form, &[("rating", "5"), ("body", "Trop tôt.")])
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);

    moved(&app, id, app::order::Move::MarkPaid).await;
    moved(
        &app,
        id,
        app::order::Move::Ship {
            carrier: "Colissimo".into(),
            tracking: "6A1".into(),
        },
    )
    .await;
    moved(&app, id, app::order::Move::MarkDelivered).await;
    let (_, page) = buyer.get_text(&link).await;
    assert!(page.contains(&format!("href=\"{form}\"")), "{page}");

    // What to correct, beside each field, the text kept.
    let r = buyer
        .post_form(
            &form,
            &[("rating", "0"), ("body", "Fruité, long en bouche.")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(page.contains("id=\"rating-err\""), "{page}");
    assert!(page.contains("Fruité, long en bouche."), "{page}");
    let r = buyer
        .post_form(
            &form,
            &[
                ("rating", "4"),
                ("body", "Fruité, long en bouche.\nParfait."),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, page) = buyer.get_text(&location(&r)).await;
    assert!(
        !page.contains(&format!("href=\"{form}\"")),
        "reviewed once: {page}"
    );
    // Once per order and product.
    let r = buyer
        .post_form(&form, &[("rating", "1"), ("body", "Encore.")])
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // Another buyer's order does not hold the product: no review of it from there.
    let other = app.client();
    add(&other, "avis", comte, 1).await;
    let review = fill(&other, "avis", ADDRESS).await;
    let r = place(&other, "avis", &key_of(&review)).await;
    let other_link = location(&r);
    let r = other
        .post_form(
            &format!("{other_link}/review/{}", product + 1),
            &[("rating", "5"), ("body", "x")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);

    // The product's page: the review, its signature and dates, the average, the policy.
    let (status, page) = app.client().get_text("/s/avis/p/comte").await;
    assert_eq!(status, StatusCode::OK);
    for want in [
        "Camille D.",
        "Fruité, long en bouche.",
        "Parfait.",
        "4 sur 5",
        "Achat du ",
        "\"aggregateRating\":{\"@type\":\"AggregateRating\",\"ratingValue\":4.0,\"reviewCount\":1",
        "\"reviewBody\":\"Fruité, long en bouche.\\nParfait.\"",
    ] {
        assert!(page.contains(want), "{want:?} on the product page: {page}");
    }
    assert!(
        !page.contains("Camille Durand"),
        "no full name published: {page}"
    );

    // The seller's answer shows under it.
    let shop = {
        let mut c = app.store.reader().await.unwrap();
        store::shop::by_id(&mut c, id).await.unwrap()
    };
    let list = app::review::list(&app.store, &shop, "fr").await.unwrap();
    assert_eq!(list.len(), 1);
    app::review::reply(&app.store, &shop, list[0].0.id, "Merci Camille !")
        .await
        .unwrap();
    let (_, page) = app.client().get_text("/s/avis/p/comte").await;
    assert!(page.contains("Merci Camille !"), "{page}");
}
