//! Promotions at checkout, on both backends: a code entered with the cart lowers the cart, the
//! recap, the order, its VAT and its invoice (a line allowance in the Factur-X XML); an unknown
//! code is told beside its field; a code for one use is used once when buyers order at the same
//! moment, and the others are told before they pay; a customer's cap holds; an automatic free
//! delivery applies from its minimum; the store API takes a code and shows what it gave.

use crate::checkout::{add, fill, key_of, place, shop_with_transfer, ADDRESS};
use crate::common::*;

/// A shop charging VAT (prices typed tax included), which takes bank transfers.
async fn vat_shop(app: &TestApp, slug: &str) -> (store::id::ShopId, i64) {
    let (id, _, comte) = shop_with_transfer(app, slug).await;
    let mut tx = app.store.begin().await.unwrap();
    store::legal::save(
        &mut tx,
        id,
        &store::legal::LegalIdentity {
            status: "sarl".into(),
            legal_name: "Fromagerie Martin SARL".into(),
            siret: Some("73282932000074".into()),
            vat_number: Some("FR44732829320".into()),
            vat_franchise: 0,
            address: "5 rue du Lac".into(),
            postal_code: "74000".into(),
            city: "Annecy".into(),
            country: "FR".into(),
            email: "contact@fromagerie-martin.example".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    store::commit(tx).await.unwrap();
    (id, comte)
}

async fn shop_row(app: &TestApp, id: store::id::ShopId) -> store::shop::Shop {
    let mut c = app.store.reader().await.unwrap();
    store::shop::by_id(&mut c, id).await.unwrap()
}

/// Saves a promotion through the seller's use case; its id.
async fn promotion(app: &TestApp, id: store::id::ShopId, input: app::promotion::Input) -> i64 {
    let shop = shop_row(app, id).await;
    app::promotion::save(&app.store, &shop, None, &input)
        .await
        .unwrap()
        .unwrap_or_else(|p| panic!("refused: {p:?}"))
        .id
}

fn percent_code(code: &str, percent: &str) -> app::promotion::Input {
    app::promotion::Input {
        name: "Bienvenue".into(),
        code: code.into(),
        benefit: "percent".into(),
        percent: percent.into(),
        active: true,
        ..Default::default()
    }
}

async fn enter_code(client: &Client, slug: &str, code: &str) -> reqwest::Response {
    client
        .post_form(&format!("/s/{slug}/cart/code"), &[("code", code)])
        .await
}

async fn last_order(
    app: &TestApp,
    id: store::id::ShopId,
) -> (store::order::Order, Vec<store::order::Line>) {
    let mut c = app.store.reader().await.unwrap();
    let order = store::order::by_number(&mut c, id, "00001")
        .await
        .unwrap()
        .expect("order 00001");
    let lines = store::order::lines(&mut c, id, order.id).await.unwrap();
    (order, lines)
}

async fn uses(app: &TestApp, id: store::id::ShopId, promotion: i64) -> i64 {
    let mut c = app.store.reader().await.unwrap();
    store::promotion::uses(&mut c, id, promotion, "")
        .await
        .unwrap()
        .0
}

#[tokio::test]
async fn a_code_entered_with_the_cart_lowers_the_order_its_vat_and_its_invoice() {
    let app = TestApp::new().await;
    let (id, comte) = vat_shop(&app, "remise").await;
    let promo = promotion(&app, id, percent_code("BIENVENUE", "20")).await;
    let shopper = app.client();
    add(&shopper, "remise", comte, 2).await;

    // Typed in small letters: the code is found, and the cart says what it gives.
    let r = enter_code(&shopper, "remise", " bienvenue ").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, cart) = shopper.get_text("/s/remise/cart").await;
    for want in [
        "Total avant remise",
        "25,00\u{a0}€",
        "Remise : Bienvenue (BIENVENUE)",
        "−5,00\u{a0}€",
        "20,00\u{a0}€",
        "value=\"BIENVENUE\"",
    ] {
        assert!(cart.contains(want), "{want:?} in the cart: {cart}");
    }

    // The code stays through the checkout form, and the recap counts it.
    let review = fill(&shopper, "remise", ADDRESS).await;
    assert!(
        review.contains("Remise : Bienvenue (BIENVENUE)"),
        "{review}"
    );
    assert!(review.contains("−5,00\u{a0}€"), "{review}");
    let r = place(&shopper, "remise", &key_of(&review)).await;
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "{}",
        r.text().await.unwrap()
    );
    let link = location(&r);

    let (order, lines) = last_order(&app, id).await;
    assert_eq!(order.subtotal_minor, 2_500, "the lines before the discount");
    assert_eq!(order.discount_minor, 500);
    assert_eq!(order.promotions, "Bienvenue (BIENVENUE)");
    assert_eq!(lines[0].total_minor, 2_500);
    assert_eq!(lines[0].discount_minor, 500);
    // VAT on what is paid for the cheese: 20.00 € tax included at 5.5 %.
    assert_eq!(lines[0].taxed_minor, Some(2_000));
    assert_eq!(lines[0].vat_rate_bp, 550);
    assert_eq!(lines[0].vat_minor, 104);
    assert_eq!(order.total_minor, 2_000 + order.shipping_minor);
    assert_eq!(uses(&app, id, promo).await, 1);

    // The buyer's page and e-mail say it.
    let (_, page) = shopper.get_text(&link).await;
    assert!(page.contains("Remise : Bienvenue (BIENVENUE)"), "{page}");
    let mail = app
        .wait_for_email("camille@example.org", "Remise : Bienvenue (BIENVENUE)")
        .await;
    assert!(mail.contains("5,00"), "{mail}");

    // The invoice shows the price before the discount and the discount, excluding tax:
    // 5.00 € tax included at 5.5 % is 4.74 € excluding tax, the line 18.96 € after it.
    crate::invoice::paid(&app, id, "00001").await;
    let (_, invoice) = shopper.get_text(&format!("{link}/invoices/F-000001")).await;
    assert!(
        invoice.contains("Remise de 4,74\u{a0}€ HT déduite"),
        "{invoice}"
    );
    let pdf = shopper
        .get(&format!("{link}/invoices/F-000001.pdf"))
        .await
        .bytes()
        .await
        .unwrap();
    if let Some(found) = skip::need(&skip::FACTURX, facturx::check(&pdf)) {
        facturx::assert_valid(&found);
        let xml = found["xml"].as_str().unwrap();
        assert!(
            xml.contains("<ram:ActualAmount>4.74</ram:ActualAmount>"),
            "{xml}"
        );
        assert!(
            xml.contains("<ram:LineTotalAmount>18.96</ram:LineTotalAmount>"),
            "{xml}"
        );
    }
}

#[tokio::test]
async fn an_unknown_code_is_told_beside_its_field_and_changes_nothing() {
    let app = TestApp::new().await;
    let (id, comte) = vat_shop(&app, "inconnu").await;
    promotion(&app, id, percent_code("BIENVENUE", "10")).await;
    let shopper = app.client();
    add(&shopper, "inconnu", comte, 1).await;
    let r = enter_code(&shopper, "inconnu", "NOEL").await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(page.contains("id=\"code-err\""), "{page}");
    assert!(!page.contains("Remise :"), "{page}");
    // A code switched off is not a code any more.
    let shop = shop_row(&app, id).await;
    let mut off = percent_code("SOLDES", "10");
    off.active = false;
    app::promotion::save(&app.store, &shop, None, &off)
        .await
        .unwrap()
        .unwrap();
    let r = enter_code(&shopper, "inconnu", "soldes").await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn a_code_for_one_use_is_used_once_when_buyers_order_at_the_same_moment() {
    let app = TestApp::new().await;
    let (id, comte) = vat_shop(&app, "unique").await;
    let mut input = percent_code("PREMIER", "50");
    input.max_uses = "1".into();
    let promo = promotion(&app, id, input).await;
    let buyers: Vec<Client> = (0..5).map(|_| app.client()).collect();
    let mut keys = Vec::new();
    for (i, b) in buyers.iter().enumerate() {
        add(b, "unique", comte, 1).await;
        assert_eq!(
            enter_code(b, "unique", "PREMIER").await.status(),
            StatusCode::SEE_OTHER
        );
        let email = format!("client{i}@example.org");
        let mut fields = ADDRESS.to_vec();
        fields[0] = ("email", &email);
        let review = fill(b, "unique", &fields).await;
        assert!(review.contains("Remise : Bienvenue (PREMIER)"), "{review}");
        keys.push(key_of(&review));
    }
    let answers = futures_util::future::join_all(
        buyers.iter().zip(&keys).map(|(b, k)| place(b, "unique", k)),
    )
    .await;
    let placed = answers
        .iter()
        .filter(|r| r.status() == StatusCode::SEE_OTHER)
        .count();
    assert_eq!(placed, 1, "one order gets the code");
    for r in answers {
        if r.status() != StatusCode::SEE_OTHER {
            assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
            // Back to the cart, which says why and shows the full price again.
            let page = r.text().await.unwrap();
            assert!(page.contains("role=\"alert\""), "{page}");
            assert!(page.contains("id=\"code-err\""), "{page}");
            assert!(!page.contains("Remise : Bienvenue (PREMIER)"), "{page}");
        }
    }
    assert_eq!(uses(&app, id, promo).await, 1);
    let mut c = app.store.reader().await.unwrap();
    assert_eq!(store::order::count(&mut c, id, "").await.unwrap(), 1);
}

#[tokio::test]
async fn a_customer_uses_a_code_as_often_as_the_seller_allows() {
    let app = TestApp::new().await;
    let (id, comte) = vat_shop(&app, "fidele").await;
    let mut input = percent_code("MERCI", "10");
    input.per_customer = "1".into();
    promotion(&app, id, input).await;
    let first = app.client();
    add(&first, "fidele", comte, 1).await;
    enter_code(&first, "fidele", "MERCI").await;
    let review = fill(&first, "fidele", ADDRESS).await;
    assert_eq!(
        place(&first, "fidele", &key_of(&review)).await.status(),
        StatusCode::SEE_OTHER
    );
    // The same address again: the recap says the code no longer applies, and so does placing.
    let again = app.client();
    add(&again, "fidele", comte, 1).await;
    enter_code(&again, "fidele", "MERCI").await;
    let r = again.post_form("/s/fidele/checkout", ADDRESS).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (status, review) = again.get_text("/s/fidele/checkout/review").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(!review.contains("Remise : Bienvenue (MERCI)"), "{review}");
    assert!(review.contains("role=\"alert\""), "{review}");
    let r = place(&again, "fidele", &key_of(&review)).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // Without the code, the order goes through at the full price.
    let r = again
        .post_form("/s/fidele/cart/code", &[("code", ""), ("remove", "1")])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let review = fill(&again, "fidele", ADDRESS).await;
    assert!(!review.contains("role=\"alert\""), "{review}");
    assert_eq!(
        place(&again, "fidele", &key_of(&review)).await.status(),
        StatusCode::SEE_OTHER
    );
    let mut c = app.store.reader().await.unwrap();
    let second = store::order::by_number(&mut c, id, "00002")
        .await
        .unwrap()
        .unwrap();
    assert_eq!((second.discount_minor, second.promotions.as_str()), (0, ""));
}

#[tokio::test]
async fn free_delivery_from_a_minimum_applies_by_itself() {
    let app = TestApp::new().await;
    let (id, comte) = vat_shop(&app, "port").await;
    promotion(
        &app,
        id,
        app::promotion::Input {
            name: "Livraison offerte dès 30 €".into(),
            benefit: "free_shipping".into(),
            min_subtotal: "30".into(),
            active: true,
            ..Default::default()
        },
    )
    .await;
    // 2 × 12.50 €: under the minimum, delivery is paid.
    let under = app.client();
    add(&under, "port", comte, 2).await;
    let review = fill(&under, "port", ADDRESS).await;
    assert!(!review.contains("Livraison offerte :"), "{review}");
    assert_eq!(
        place(&under, "port", &key_of(&review)).await.status(),
        StatusCode::SEE_OTHER
    );
    // 3 × 12.50 €: free.
    let over = app.client();
    add(&over, "port", comte, 3).await;
    let (_, cart) = over.get_text("/s/port/cart").await;
    assert!(
        cart.contains("Livraison offerte : Livraison offerte dès 30"),
        "{cart}"
    );
    let review = fill(&over, "port", ADDRESS).await;
    assert_eq!(
        place(&over, "port", &key_of(&review)).await.status(),
        StatusCode::SEE_OTHER
    );
    let mut c = app.store.reader().await.unwrap();
    let paid_delivery = store::order::by_number(&mut c, id, "00001")
        .await
        .unwrap()
        .unwrap();
    let free = store::order::by_number(&mut c, id, "00002")
        .await
        .unwrap()
        .unwrap();
    assert!(paid_delivery.shipping_minor > 0);
    assert_eq!(free.shipping_minor, 0);
    assert_eq!(free.total_minor, 3_750);
    assert_eq!(free.promotions, "Livraison offerte dès 30 €");
}

/// Free delivery waives nothing for an order collected at the shop: the order does not use the
/// promotion, whose only use is left for an order that is delivered.
#[tokio::test]
async fn free_delivery_is_not_used_up_by_an_order_collected_at_the_shop() {
    let app = TestApp::new().await;
    let (id, comte) = vat_shop(&app, "retrait").await;
    let promo = promotion(
        &app,
        id,
        app::promotion::Input {
            name: "Port offert".into(),
            code: "PORT".into(),
            benefit: "free_shipping".into(),
            max_uses: "1".into(),
            active: true,
            ..Default::default()
        },
    )
    .await;
    let collector = app.client();
    add(&collector, "retrait", comte, 1).await;
    enter_code(&collector, "retrait", "PORT").await;
    let mut fields = ADDRESS.to_vec();
    fields[6] = ("shipping", "pickup");
    let review = fill(&collector, "retrait", &fields).await;
    assert!(!review.contains("Livraison offerte"), "{review}");
    assert_eq!(
        place(&collector, "retrait", &key_of(&review))
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(uses(&app, id, promo).await, 0);
    let mut c = app.store.reader().await.unwrap();
    let first = store::order::by_number(&mut c, id, "00001")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(first.promotions, "");
    drop(c);
    // Delivered by Colissimo: the code waives the delivery and is used.
    let shipped = app.client();
    add(&shipped, "retrait", comte, 1).await;
    enter_code(&shipped, "retrait", "PORT").await;
    let review = fill(&shipped, "retrait", ADDRESS).await;
    assert!(
        review.contains("Livraison offerte : Port offert (PORT)"),
        "{review}"
    );
    assert_eq!(
        place(&shipped, "retrait", &key_of(&review)).await.status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(uses(&app, id, promo).await, 1);
    let mut c = app.store.reader().await.unwrap();
    let second = store::order::by_number(&mut c, id, "00002")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(second.shipping_minor, 0);
}
