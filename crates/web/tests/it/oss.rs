//! EU distance sales and destination VAT (OSS), on both backends: a French shop's sale to a
//! consumer in Germany carries French VAT until its EU distance sales of the year pass €10,000,
//! then Germany's; a shop that opted for destination VAT charges Germany's from the first euro.

use crate::checkout::{add, fill, shop_with_transfer};
use crate::common::*;

const GERMANY: &[(&str, &str)] = &[
    ("email", "jonas@example.de"),
    ("name", "Jonas Weber"),
    ("line1", "Hauptstraße 5"),
    ("postal_code", "10115"),
    ("city", "Berlin"),
    ("country", "DE"),
    ("shipping", "colissimo-eu"),
    ("payment", "bank_transfer"),
];

async fn vat_registered(app: &TestApp, shop: store::id::ShopId) {
    let mut tx = app.store.begin().await.unwrap();
    let mut l = store::legal::get(&mut tx, shop).await.unwrap();
    l.status = "ei".into();
    l.vat_franchise = 0;
    l.vat_number = Some("FR44732829320".into());
    store::legal::save(&mut tx, shop, &l).await.unwrap();
    store::commit(tx).await.unwrap();
}

/// Sales to Germany this year, excluding VAT.
async fn german_sales(app: &TestApp, shop: store::id::ShopId, net_minor: i64) {
    let mut tx = app.store.begin().await.unwrap();
    store::order::insert(
        &mut tx,
        shop,
        &store::order::NewOrder {
            number: "P0001",
            token_hash: &store::hash_token("p1"),
            idempotency_key: "p1",
            customer_id: None,
            email: "kunde@example.de",
            name: "Kunde",
            country: "DE",
            lang: "fr",
            currency: "EUR",
            status: "paid",
            payment_method: "bank_transfer",
            fulfilment: "shipping",
            shipping_method: None,
            shipping_name: "",
            subtotal_minor: net_minor,
            shipping_minor: 0,
            vat_minor: 0,
            total_minor: net_minor,
            billing_address: "{}",
            shipping_address: None,
            taxes: "[]",
            mentions: "",
            deposit_minor: 0,
        },
    )
    .await
    .unwrap();
    store::commit(tx).await.unwrap();
}

#[tokio::test]
async fn german_vat_applies_once_eu_sales_pass_the_threshold_or_by_option() {
    let app = TestApp::new().await;
    let (id, _, v) = shop_with_transfer(&app, "export").await;
    vat_registered(&app, id).await;
    let shopper = app.client();
    add(&shopper, "export", v, 1).await;
    // Below the threshold: French VAT (5.5 % on cheese).
    let review = fill(&shopper, "export", GERMANY).await;
    assert!(
        review.contains("dont TVA à 5,5\u{a0}%") || review.contains("dont TVA à 5,5 %"),
        "{review}"
    );
    // €10,000 of sales to Germany this year already: Germany's reduced rate, 7 %.
    german_sales(&app, id, 1_000_000).await;
    let review = fill(&shopper, "export", GERMANY).await;
    assert!(review.contains("dont TVA à 7"), "{review}");
    assert!(!review.contains("dont TVA à 5,5"), "{review}");

    // Another shop that opted for destination VAT: Germany's from the first euro.
    let (other, _, v2) = shop_with_transfer(&app, "option").await;
    vat_registered(&app, other).await;
    let owner = app.client();
    owner
        .post_form(
            "/s/option/admin/login",
            &[("email", "owner@option.example"), ("password", PASSWORD)],
        )
        .await;
    let r = owner
        .post_form(
            "/s/option/admin/legal",
            &[
                ("status", "ei"),
                ("legal_name", "Fromages Martin"),
                ("siret", "73282932000074"),
                ("vat_number", "FR44732829320"),
                ("oss_opted", "1"),
            ],
        )
        .await;
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "{}",
        r.text().await.unwrap()
    );
    let (_, form) = owner.get_text("/s/option/admin/legal").await;
    assert!(
        form.contains("id=\"oss_opted\" name=\"oss_opted\" type=\"checkbox\" value=\"1\" checked"),
        "{form}"
    );
    add(&shopper, "option", v2, 1).await;
    let review = fill(&shopper, "option", GERMANY).await;
    assert!(review.contains("dont TVA à 7"), "{review}");
}
