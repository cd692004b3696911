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
            discount_minor: 0,
            promotions: "",
            source_channel: "direct",
            source_name: "",
            source_campaign: "",
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
    let owner = app.signed_in("option").await;
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

/// The seller's VAT report: a French shop with destination VAT sells cheese to Germany (7 %,
/// through the one-stop shop) and to France (5.5 %), then gives part of the German sale back:
/// the report and its CSV show each country at its rate, the credit note deducted.
#[tokio::test]
async fn the_vat_report_adds_up_invoices_by_destination_and_rate_less_credit_notes() {
    let app = TestApp::new().await;
    let (id, _, v) = shop_with_transfer(&app, "rapport").await;
    vat_registered(&app, id).await;
    let owner = app.signed_in("rapport").await;
    let r = owner
        .post_form(
            "/s/rapport/admin/legal",
            &[
                ("status", "ei"),
                ("legal_name", "Fromages Martin"),
                ("siret", "73282932000074"),
                ("vat_number", "FR44732829320"),
                ("oss_opted", "1"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    for (fields, number) in [(GERMANY, "00001"), (crate::checkout::ADDRESS, "00002")] {
        let shopper = app.client();
        add(&shopper, "rapport", v, 2).await;
        let review = fill(&shopper, "rapport", fields).await;
        let r =
            crate::checkout::place(&shopper, "rapport", &crate::checkout::key_of(&review)).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let r = owner
            .post_form(
                &format!("/s/rapport/admin/orders/{number}/move"),
                &[("action", "mark_paid")],
            )
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
    }
    let mut tx = app.store.begin().await.unwrap();
    let invoices = store::invoice::all_of_kind(&mut tx, id, "invoice")
        .await
        .unwrap();
    drop(tx);
    assert_eq!(invoices.len(), 2);
    // The report's days are the shop's (past 23:00 UTC, Paris is already on the next day).
    let timezone = {
        let mut c = app.store.reader().await.unwrap();
        store::shop::by_id(&mut c, id).await.unwrap().timezone
    };
    let today = chrono::Utc::now()
        .with_timezone(&app::calendar::shop_tz(&timezone))
        .date_naive()
        .to_string();
    let report = app::invoice::vat_report(&app.store, id, &today, &today)
        .await
        .unwrap();
    let de_before = report.iter().find(|l| l.country == "DE").cloned().unwrap();
    assert_eq!(de_before.rate_bp, 700, "{report:?}");
    let fr = report.iter().find(|l| l.country == "FR").cloned().unwrap();
    assert_eq!(fr.rate_bp, 550, "{report:?}");
    // The seller gave 5 € back by transfer and records it: a credit note.
    let r = owner
        .post_form(
            "/s/rapport/admin/orders/00001/refund",
            &[("amount", "5,00")],
        )
        .await;
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "{}",
        r.text().await.unwrap()
    );
    let (_, page) = owner.get_text("/s/rapport/admin/orders/00001").await;
    assert!(page.contains("Avoir n° AV-000001"), "{page}");
    let r = owner
        .post_form("/s/rapport/admin/orders/00001/refund", &[("amount", "999")])
        .await;
    assert_eq!(
        r.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "no more than was paid"
    );
    let report = app::invoice::vat_report(&app.store, id, &today, &today)
        .await
        .unwrap();
    let de = report.iter().find(|l| l.country == "DE").cloned().unwrap();
    assert_eq!(
        de.net_minor + de.vat_minor,
        de_before.net_minor + de_before.vat_minor - 500,
        "the credit note is deducted: {report:?}"
    );

    let (status, page) = owner
        .get_text(&format!(
            "/s/rapport/admin/invoices/vat?from={today}&to={today}"
        ))
        .await;
    assert_eq!(status, StatusCode::OK);
    for want in [
        "Allemagne",
        "guichet unique",
        "7\u{a0}%",
        "France",
        "5,5\u{a0}%",
    ] {
        assert!(page.contains(want), "{want:?} in the report: {page}");
    }
    let r = owner
        .get(&format!(
            "/s/rapport/admin/invoices/export/vat.csv?from={today}&to={today}"
        ))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let csv = r.text().await.unwrap();
    let rows: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(rows.len(), 3, "{csv}");
    assert!(
        rows[0].starts_with("Pays;Code pays;Régime;Taux de TVA (%);Base HT;TVA"),
        "{csv}"
    );
    assert!(
        rows.iter().any(|r| r.contains(";DE;") && r.contains(";7;")),
        "{csv}"
    );
    assert!(
        rows.iter()
            .any(|r| r.contains(";FR;") && r.contains(";5,5;")),
        "{csv}"
    );
    // A period typed wrong is refused in words; nothing before the first sale.
    let r = owner
        .get("/s/rapport/admin/invoices/vat?from=2026-13-01&to=2026-12-31")
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("AAAA-MM-JJ"));
    let (_, empty) = owner
        .get_text("/s/rapport/admin/invoices/vat?from=2020-01-01&to=2020-03-31")
        .await;
    assert!(
        empty.contains("Aucune facture sur cette période"),
        "{empty}"
    );
    // The list of payments: both transfers, each with what is left to give back.
    let (_, list) = owner.get_text("/s/rapport/admin/payments/list").await;
    assert!(list.contains("Virement bancaire"), "{list}");
    assert!(list.contains("Rembourser (commande 00002)"), "{list}");
    assert!(list.contains("Rembourser (commande 00001)"), "{list}");
    // The report and the order with its refund form are valid HTML.
    if let Some(vnu) = vnu::Vnu::find() {
        let dir = tempfile::tempdir().unwrap();
        let (_, order) = owner.get_text("/s/rapport/admin/orders/00002").await;
        assert!(order.contains("Enregistrer le remboursement"), "{order}");
        let files = [
            vnu::save(dir.path(), "report", &page, "VAT report"),
            vnu::save(dir.path(), "order", &order, "order with a refund to record"),
            vnu::save(dir.path(), "payments", &list, "payments"),
        ];
        vnu.assert_valid(&files);
    }
}

/// A sale out of the EU bears no French VAT: its invoice states each line at the price the
/// buyer paid (French VAT taken off), adds up to the order's total, and its Factur-X says why
/// there is no VAT (an export, category G).
#[tokio::test]
async fn an_export_is_invoiced_at_its_price_without_vat_and_adds_up() {
    let app = TestApp::new().await;
    let (id, _, v) = shop_with_transfer(&app, "suisse").await;
    vat_registered(&app, id).await;
    let shopper = app.client();
    add(&shopper, "suisse", v, 2).await;
    let review = fill(
        &shopper,
        "suisse",
        &[
            ("email", "luca@example.ch"),
            ("name", "Luca Meier"),
            ("line1", "Rue du Rhône 5"),
            ("postal_code", "1204"),
            ("city", "Genève"),
            ("country", "CH"),
            ("shipping", "colissimo-world"),
            ("payment", "bank_transfer"),
        ],
    )
    .await;
    let r = crate::checkout::place(&shopper, "suisse", &crate::checkout::key_of(&review)).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let link = location(&r);
    let o = crate::invoice::paid(&app, id, "00001").await;
    assert_eq!(o.vat_minor, 0, "no French VAT on an export");
    let d = app::invoice::document(&app.store, id, "F-000001", None)
        .await
        .unwrap()
        .unwrap();
    let lines: i64 = d
        .lines
        .iter()
        .map(|l| l.total_excl_minor + l.vat_minor)
        .sum();
    assert_eq!(
        lines, o.total_minor,
        "the lines add up to what was paid: {d:?}"
    );
    assert_eq!(d.total_minor, o.total_minor);
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
            xml.contains("<ram:CategoryCode>G</ram:CategoryCode>"),
            "{xml}"
        );
        let total = format!(
            "<ram:GrandTotalAmount>{}.{:02}</ram:GrandTotalAmount>",
            o.total_minor / 100,
            o.total_minor % 100
        );
        assert!(xml.contains(&total), "{total} in {xml}");
    }
}
