//! Invoices and credit notes, on both backends: an order paid in full gets its invoice, with
//! every mention the law asks of a micro-entrepreneur (name with "EI", SIREN, address, unit
//! prices excluding tax, the art. 293 B mention, the date of payment); numbers follow each
//! other with no gap even when many orders are paid at the same moment; a customer sees their
//! own documents only. (Credit notes, which come with refunds, are tested with card refunds in
//! `card`.)

use std::sync::Arc;

use crate::checkout::shop_with_transfer;
use crate::common::*;
use crate::withdrawal::order;

async fn numbers(app: &TestApp, shop: store::id::ShopId, kind: &str) -> Vec<(i64, String)> {
    let mut c = app.store.reader().await.unwrap();
    store::invoice::all_of_kind(&mut c, shop, kind)
        .await
        .unwrap()
        .into_iter()
        .map(|i| (i.seq, i.number))
        .collect()
}

pub(crate) async fn with_legal_identity(app: &TestApp, id: store::id::ShopId) {
    let mut tx = app.store.begin().await.unwrap();
    store::legal::save(
        &mut tx,
        id,
        &store::legal::LegalIdentity {
            status: "ei".into(),
            legal_name: "Émilie Martin".into(),
            siret: Some("73282932000074".into()),
            vat_franchise: 1,
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
}

/// The seller marks order `number` of shop `id` paid (no e-mail written); the order after it.
pub(crate) async fn paid(
    app: &TestApp,
    id: store::id::ShopId,
    number: &str,
) -> store::order::Order {
    let shop = {
        let mut c = app.store.reader().await.unwrap();
        store::shop::by_id(&mut c, id).await.unwrap()
    };
    app::order::apply(
        &app.store,
        &shop,
        number,
        &app::order::Move::MarkPaid,
        None,
        |_, _| None,
    )
    .await
    .unwrap()
}

#[tokio::test]
async fn a_paid_order_gets_its_invoice_with_every_mention() {
    let app = TestApp::new().await;
    let (id, _, comte) = shop_with_transfer(&app, "facture").await;
    with_legal_identity(&app, id).await;
    let (shopper, link) = order(&app, "facture", comte, &[]).await;
    let (other, other_link) = order(&app, "facture", comte, &[]).await;
    let shop = {
        let mut c = app.store.reader().await.unwrap();
        store::shop::by_id(&mut c, id).await.unwrap()
    };
    // Not paid: no invoice yet.
    assert!(numbers(&app, id, "invoice").await.is_empty());
    let (_, page) = shopper.get_text(&link).await;
    assert!(!page.contains("F-000001"), "{page}");

    app::order::apply(
        &app.store,
        &shop,
        "00001",
        &app::order::Move::MarkPaid,
        None,
        |_, _| None,
    )
    .await
    .unwrap();
    assert_eq!(numbers(&app, id, "invoice").await, [(1, "F-000001".into())]);
    let (_, page) = shopper.get_text(&link).await;
    assert!(page.contains("Facture n° F-000001"), "{page}");
    let (status, invoice) = shopper.get_text(&format!("{link}/invoices/F-000001")).await;
    assert_eq!(status, StatusCode::OK);
    for want in [
        "Facture n° F-000001",
        "Émilie Martin EI",
        "SIREN : 732829320",
        "5 rue du Lac",
        "74000 Annecy",
        "Camille Durand",
        "3 rue des Lilas",
        "Comté 18 mois",
        "Prix unitaire HT",
        "12,50\u{a0}€",
        "TVA non applicable, art. 293 B du CGI",
        "Payée le",
        "Virement bancaire",
        "commande n° 00001",
    ] {
        assert!(invoice.contains(want), "{want:?} on the invoice: {invoice}");
    }
    // Another customer's link does not open it.
    let (status, _) = other
        .get_text(&format!("{other_link}/invoices/F-000001"))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // Paid again by mistake: still one invoice.
    let again = app::order::apply(
        &app.store,
        &shop,
        "00001",
        &app::order::Move::MarkPaid,
        None,
        |_, _| None,
    )
    .await;
    assert!(again.is_err());
    assert_eq!(numbers(&app, id, "invoice").await.len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invoice_numbers_follow_each_other_with_no_gap_when_orders_are_paid_at_once() {
    let app = TestApp::new().await;
    let (id, _, comte) = shop_with_transfer(&app, "serie").await;
    with_legal_identity(&app, id).await;
    const N: usize = 8;
    let mut numbers_of_orders = Vec::new();
    for _ in 0..N {
        order(&app, "serie", comte, &[]).await;
    }
    for i in 1..=N {
        numbers_of_orders.push(format!("{i:05}"));
    }
    let shop = Arc::new({
        let mut c = app.store.reader().await.unwrap();
        store::shop::by_id(&mut c, id).await.unwrap()
    });
    let tasks: Vec<_> = numbers_of_orders
        .iter()
        .map(|n| {
            let (store, shop, n) = (app.store.clone(), shop.clone(), n.clone());
            tokio::spawn(async move {
                app::order::apply(
                    &store,
                    &shop,
                    &n,
                    &app::order::Move::MarkPaid,
                    None,
                    |_, _| None,
                )
                .await
            })
        })
        .collect();
    for t in tasks {
        t.await.unwrap().unwrap();
    }
    let got = numbers(&app, id, "invoice").await;
    let want: Vec<(i64, String)> = (1..=N as i64).map(|i| (i, format!("F-{i:06}"))).collect();
    assert_eq!(got, want, "one invoice each, numbered 1 to {N} with no gap");
}

#[tokio::test]
async fn cash_taken_when_collecting_at_the_shop_is_invoiced_too() {
    let app = TestApp::new().await;
    let (id, _, _) = shop_with_transfer(&app, "comptoir").await;
    with_legal_identity(&app, id).await;
    let mut tx = app.store.begin().await.unwrap();
    store::order::insert(
        &mut tx,
        id,
        &store::order::NewOrder {
            number: "00001",
            token_hash: &store::hash_token("k-comptoir"),
            idempotency_key: "k-comptoir",
            customer_id: None,
            email: "paul@example.org",
            name: "Paul Lefèvre",
            country: "FR",
            lang: "fr",
            currency: "EUR",
            status: "awaiting_payment",
            payment_method: "pickup_cash",
            fulfilment: "pickup",
            shipping_method: None,
            shipping_name: "",
            subtotal_minor: 1250,
            shipping_minor: 0,
            vat_minor: 0,
            total_minor: 1250,
            billing_address: "{}",
            shipping_address: None,
            taxes: "[]",
            mentions: "TVA non applicable, art. 293 B du CGI",
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
    let shop = {
        let mut c = app.store.reader().await.unwrap();
        store::shop::by_id(&mut c, id).await.unwrap()
    };
    app::order::apply(
        &app.store,
        &shop,
        "00001",
        &app::order::Move::Collect,
        None,
        |_, _| None,
    )
    .await
    .unwrap();
    assert_eq!(numbers(&app, id, "invoice").await, [(1, "F-000001".into())]);
    let d = app::invoice::document(&app.store, id, "F-000001", None)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (d.total_minor, d.payment_method.as_str()),
        (1250, "pickup_cash")
    );
    assert_eq!(d.mentions, ["TVA non applicable, art. 293 B du CGI"]);
}

/// A shop that invoices at shipment: paying issues nothing yet; shipping issues the invoice,
/// dated of the payment, and the shipping e-mail carries it. A moment typed wrong is refused.
#[tokio::test]
async fn a_shop_may_invoice_when_it_ships_rather_than_when_paid() {
    let app = TestApp::new().await;
    let (id, _, comte) = shop_with_transfer(&app, "expedie").await;
    with_legal_identity(&app, id).await;
    let owner = app.signed_in("expedie").await;
    let (_, page) = owner.get_text("/s/expedie/admin/invoices").await;
    assert!(
        page.contains("id=\"moment-payment\" name=\"moment\" value=\"payment\" checked"),
        "at payment by default: {page}"
    );
    let r = owner
        .post_form("/s/expedie/admin/invoices/moment", &[("moment", "demain")])
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r
        .text()
        .await
        .unwrap()
        .contains("Choisissez quand émettre les factures"));
    let r = owner
        .post_form(
            "/s/expedie/admin/invoices/moment",
            &[("moment", "shipment")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, page) = owner.get_text("/s/expedie/admin/invoices").await;
    assert!(
        page.contains("value=\"shipment\" checked"),
        "the choice is kept: {page}"
    );

    let (shopper, link) = order(&app, "expedie", comte, &[]).await;
    let act = |action: &'static str, extra: Vec<(&'static str, &'static str)>| {
        let owner = owner.clone();
        async move {
            let mut fields = vec![("action", action)];
            fields.extend(extra);
            owner
                .post_form("/s/expedie/admin/orders/00001/move", &fields)
                .await
        }
    };
    assert_eq!(
        act("mark_paid", vec![]).await.status(),
        StatusCode::SEE_OTHER
    );
    assert!(
        numbers(&app, id, "invoice").await.is_empty(),
        "not shipped yet"
    );
    let r = act(
        "ship",
        vec![("carrier", "Colissimo"), ("tracking", "6A12345678901")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(numbers(&app, id, "invoice").await, [(1, "F-000001".into())]);
    let (_, invoice) = shopper.get_text(&format!("{link}/invoices/F-000001")).await;
    assert!(invoice.contains("Payée le"), "{invoice}");
    let mail = app
        .wait_for_email("camille@example.org", "F-000001.pdf")
        .await;
    assert!(
        mail.contains("6A12345678901"),
        "the shipping e-mail: {mail}"
    );
}

/// A business buys: the checkout takes its company and VAT number (refusing one of the wrong
/// form, in words), and its invoice names the company, its VAT number and the late-payment
/// terms owed to businesses; a consumer's invoice has none of them.
#[tokio::test]
async fn a_business_buyer_gets_an_invoice_with_its_company_and_the_late_payment_terms() {
    let app = TestApp::new().await;
    let (id, _, comte) = shop_with_transfer(&app, "pro").await;
    with_legal_identity(&app, id).await;
    let shopper = app.client();
    crate::checkout::add(&shopper, "pro", comte, 1).await;
    let mut fields = crate::checkout::ADDRESS.to_vec();
    fields.push(("company", "Hôtel du Lac SARL"));
    fields.push(("vat_number", "12345"));
    let r = shopper.post_form("/s/pro/checkout", &fields).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let form = r.text().await.unwrap();
    assert!(
        form.contains("Ce numéro de TVA n’a pas la bonne forme"),
        "{form}"
    );
    assert!(form.contains("value=\"Hôtel du Lac SARL\""), "kept: {form}");
    fields.pop();
    fields.push(("vat_number", "fr 44 732 829 320"));
    let review = crate::checkout::fill(&shopper, "pro", &fields).await;
    let r = crate::checkout::place(&shopper, "pro", &crate::checkout::key_of(&review)).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let link = location(&r);
    paid(&app, id, "00001").await;
    let (_, invoice) = shopper.get_text(&format!("{link}/invoices/F-000001")).await;
    for want in [
        "Hôtel du Lac SARL",
        "Camille Durand",
        "N° de TVA intracommunautaire : FR44732829320",
        "indemnité forfaitaire pour frais de recouvrement de 40 €",
    ] {
        assert!(invoice.contains(want), "{want:?} on the invoice: {invoice}");
    }
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
            xml.contains("<ram:Name>Hôtel du Lac SARL</ram:Name>"),
            "{xml}"
        );
        assert!(xml.contains(">FR44732829320</ram:ID>"), "{xml}");
    }
    // A consumer: no company, no late-payment terms.
    let (consumer, other) = order(&app, "pro", comte, &[]).await;
    paid(&app, id, "00002").await;
    let (_, invoice) = consumer
        .get_text(&format!("{other}/invoices/F-000002"))
        .await;
    assert!(!invoice.contains("recouvrement"), "{invoice}");
}
