//! A shop's legal identity may be a private seller's or an association's, on both backends: the
//! admin form takes them without a SIRET; the legal page and checkout tell buyers plainly what
//! follows (a private seller owes no withdrawal right and charges no VAT); the dashboard warns a
//! private seller whose sales become regular, and a VAT-franchise shop nearing its threshold.

use crate::checkout::{add, fill, shop_with_transfer, ADDRESS};
use crate::common::*;

async fn set_legal(app: &TestApp, shop: store::id::ShopId, status: &str, franchise: bool) {
    let mut tx = app.store.begin().await.unwrap();
    store::legal::save(
        &mut tx,
        shop,
        &store::legal::LegalIdentity {
            status: status.into(),
            legal_name: "Camille Durand".into(),
            siret: None,
            vat_number: None,
            vat_franchise: i64::from(franchise),
            address: "3 rue des Lilas".into(),
            postal_code: "21000".into(),
            city: "Dijon".into(),
            country: "France".into(),
            email: "camille@example.org".into(),
            phone: String::new(),
            publication_director: String::new(),
            mediator_name: String::new(),
            mediator_url: String::new(),
        },
    )
    .await
    .unwrap();
    store::commit(tx).await.unwrap();
}

/// `n` paid orders of `total_minor` each, placed now.
async fn paid_orders(app: &TestApp, shop: store::id::ShopId, n: usize, total_minor: i64) {
    paid_orders_from(app, shop, 0, n, total_minor).await;
}

#[tokio::test]
async fn a_private_seller_needs_no_siret_and_tells_buyers_what_follows() {
    let app = TestApp::new().await;
    let owner = app.owner("grenier").await;
    let r = owner
        .post_form(
            "/s/grenier/admin/legal",
            &[
                ("status", "private"),
                ("legal_name", "Camille Durand"),
                ("siret", ""),
                ("vat_number", ""),
            ],
        )
        .await;
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "{}",
        r.text().await.unwrap()
    );
    let (_, notice) = app.client().get_text("/s/grenier/mentions-legales").await;
    assert!(
        notice.contains("Particulier (vendeur non professionnel)"),
        "{notice}"
    );
    assert!(notice.contains("non assujetti à la TVA"), "{notice}");
    assert!(
        notice.contains("ne s’appliquent pas à ses ventes"),
        "{notice}"
    );
    assert!(!notice.contains("Camille Durand EI"), "{notice}");
    assert!(!notice.contains("pas encore complété"), "{notice}");
    assert!(!notice.contains("293 B"), "{notice}");

    // An association too, without SIRET nor VAT number.
    let r = owner
        .post_form(
            "/s/grenier/admin/legal",
            &[
                ("status", "association"),
                ("legal_name", "Les Amis du Livre"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, notice) = app.client().get_text("/s/grenier/mentions-legales").await;
    assert!(
        notice.contains("Association non assujettie à la TVA"),
        "{notice}"
    );
}

#[tokio::test]
async fn checkout_says_plainly_that_a_private_seller_owes_no_withdrawal_right_nor_vat() {
    let app = TestApp::new().await;
    let (id, _, v) = shop_with_transfer(&app, "vide-grenier").await;
    set_legal(&app, id, "private", false).await;
    let shopper = app.client();
    add(&shopper, "vide-grenier", v, 1).await;
    let review = fill(&shopper, "vide-grenier", ADDRESS).await;
    assert!(review.contains("Vente entre particuliers"), "{review}");
    assert!(!review.contains("Vous disposez de 14 jours"), "{review}");
    assert!(!review.contains("293 B"), "{review}");
    assert!(!review.contains("dont TVA"), "{review}");
    // 12,50 € and 7,50 € of delivery, nothing more.
    assert!(review.contains("<strong>20,00\u{a0}€</strong>"), "{review}");
    assert!(review.contains("Commander avec obligation de paiement"));
    // Search engines are told too: no returns.
    let (_, page) = shopper.get_text("/s/vide-grenier/p/comte").await;
    assert!(page.contains("MerchantReturnNotPermitted"), "{page}");
    assert!(!page.contains("MerchantReturnFiniteReturnWindow"), "{page}");
    // The order and its e-mail say so.
    let r =
        crate::checkout::place(&shopper, "vide-grenier", &crate::checkout::key_of(&review)).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, order) = shopper.get_text(&location(&r)).await;
    assert!(order.contains("Vente entre particuliers"), "{order}");
    assert!(!order.contains("Renoncer au contrat ici"), "{order}");
    let mail = app
        .wait_for_email("camille@example.org", "tenue par un particulier")
        .await;
    assert!(!mail.contains("14 jours"), "{mail}");

    // A business (the default) keeps the withdrawal right.
    let (other, _, v2) = shop_with_transfer(&app, "pro").await;
    set_legal(&app, other, "ei", true).await;
    add(&shopper, "pro", v2, 1).await;
    let review = fill(&shopper, "pro", ADDRESS).await;
    assert!(review.contains("Vous disposez de 14 jours"), "{review}");
    assert!(!review.contains("Vente entre particuliers"), "{review}");
}

#[tokio::test]
async fn the_dashboard_warns_a_private_seller_whose_sales_become_regular() {
    let app = TestApp::new().await;
    let owner = app.owner("brocante").await;
    let id = app.shop_id("brocante").await;
    set_legal(&app, id, "private", false).await;
    let (_, dash) = owner.get_text("/s/brocante/admin/").await;
    assert!(!dash.contains("alert warning"), "{dash}");

    // 25 sales of 20 €: 25 is past 80 % of 30 sales.
    paid_orders(&app, id, 25, 2_000).await;
    let (_, dash) = owner.get_text("/s/brocante/admin/").await;
    assert!(dash.contains("approchent des seuils"), "{dash}");
    assert!(
        dash.contains("30 ventes ou 2\u{202f}000,00\u{a0}€"),
        "{dash}"
    );

    // 5 more: 30 sales, regular: registering as a business is due.
    paid_orders_from(&app, id, 25, 5, 2_000).await;
    let (_, dash) = owner.get_text("/s/brocante/admin/").await;
    assert!(dash.contains("Inscrivez-vous comme entreprise"), "{dash}");
}

/// Paid orders numbered from `from`, of `total_minor` each, placed now.
async fn paid_orders_from(
    app: &TestApp,
    shop: store::id::ShopId,
    from: usize,
    n: usize,
    total_minor: i64,
) {
    let mut tx = app.store.begin().await.unwrap();
    for i in from..from + n {
        let number = format!("P{i:05}");
        let key = format!("test-{i}");
        store::order::insert(
            &mut tx,
            shop,
            &store::order::NewOrder {
                number: &number,
                token_hash: &store::hash_token(&key),
                idempotency_key: &key,
                customer_id: None,
                email: "client@example.org",
                name: "Client",
                country: "FR",
                lang: "fr",
                currency: "EUR",
                status: "paid",
                payment_method: "bank_transfer",
                fulfilment: "shipping",
                shipping_method: None,
                shipping_name: "",
                subtotal_minor: total_minor,
                shipping_minor: 0,
                vat_minor: 0,
                total_minor,
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
    }
    store::commit(tx).await.unwrap();
}

#[tokio::test]
async fn the_dashboard_warns_a_franchise_shop_nearing_its_vat_threshold() {
    let app = TestApp::new().await;
    let owner = app.owner("franchise").await;
    let id = app.shop_id("franchise").await;
    set_legal(&app, id, "ei", true).await;
    // 70,000 € of goods this year: past 80 % of 85,000 €.
    paid_orders(&app, id, 7, 1_000_000).await;
    let (_, dash) = owner.get_text("/s/franchise/admin/").await;
    assert!(dash.contains("approche du seuil de la franchise"), "{dash}");
    assert!(dash.contains("85\u{202f}000,00\u{a0}€"), "{dash}");
    // Under a VAT number, no franchise, no warning.
    let mut tx = app.store.begin().await.unwrap();
    let mut l = store::legal::get(&mut tx, id).await.unwrap();
    l.vat_franchise = 0;
    l.vat_number = Some("FR44732829320".into());
    store::legal::save(&mut tx, id, &l).await.unwrap();
    store::commit(tx).await.unwrap();
    let (_, dash) = owner.get_text("/s/franchise/admin/").await;
    assert!(!dash.contains("franchise en base"), "{dash}");
}

#[tokio::test]
async fn the_operator_sets_the_thresholds_and_the_dashboards_follow() {
    let app = TestApp::new().await;
    let owner = app.owner("seuils").await;
    let id = app.shop_id("seuils").await;
    set_legal(&app, id, "ei", true).await;
    // 40,000 € of goods this year: below 80 % of 85,000 €.
    paid_orders(&app, id, 4, 1_000_000).await;
    let (_, dash) = owner.get_text("/s/seuils/admin/").await;
    assert!(!dash.contains("franchise en base"), "{dash}");

    let op = app.client();
    let r = op
        .post_form(
            "/operator/login",
            &[("email", OPERATOR_EMAIL), ("password", OPERATOR_PASSWORD)],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (status, form) = op.get_text("/operator/tax").await;
    assert_eq!(status, StatusCode::OK);
    // The law's amounts until the operator changes them.
    assert!(form.contains(r#"id="goods" name="goods""#), "{form}");
    assert!(form.contains(r#"value="85000""#), "{form}");
    assert!(form.contains(r#"value="93500""#), "{form}");
    assert!(form.contains(r#"value="30""#), "{form}");

    let fields = |goods: &'static str, tolerance: &'static str, sales: &'static str| {
        vec![
            ("goods", goods),
            ("goods_tolerance", tolerance),
            ("services", "37500"),
            ("services_tolerance", "41250"),
            ("private_sales", sales),
            ("private_amount", "2000"),
        ]
    };
    // Amounts that cannot hold: each field says why, nothing is saved.
    let r = op
        .post_form("/operator/tax", &fields("0", "40000", "trente"))
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.text().await.unwrap();
    assert!(
        body.contains(r#"id="goods-err">Un seuil doit être supérieur à zéro."#),
        "{body}"
    );
    assert!(
        body.contains(r#"id="private_sales-err">Indiquez un nombre entier"#),
        "{body}"
    );
    assert!(body.contains(r#"value="trente""#), "{body}");
    let r = op
        .post_form("/operator/tax", &fields("45000", "40000", "30"))
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.text().await.unwrap();
    assert!(
        body.contains(
            "Le seuil majoré ne peut pas être inférieur au seuil (45\u{202f}000,00\u{a0}€)"
        ),
        "{body}"
    );
    let r = op
        .post_form("/operator/tax", &fields("abc", "", "30"))
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.text().await.unwrap();
    assert!(
        body.contains(r#"id="goods-err">Ce montant n’est pas lisible"#),
        "{body}"
    );
    assert!(
        body.contains(r#"id="goods_tolerance-err">Ce champ est obligatoire."#),
        "{body}"
    );
    let (_, dash) = owner.get_text("/s/seuils/admin/").await;
    assert!(!dash.contains("franchise en base"), "{dash}");

    // The operator lowers the goods threshold to 45,000 €: 40,000 € is past 80 % of it.
    let r = op
        .post_form("/operator/tax", &fields("45000", "50000", "30"))
        .await;
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "{}",
        r.text().await.unwrap()
    );
    assert_eq!(location(&r), "/operator/tax?saved=1");
    let (_, form) = op.get_text("/operator/tax").await;
    assert!(form.contains(r#"value="45000""#), "{form}");
    let (_, dash) = owner.get_text("/s/seuils/admin/").await;
    assert!(dash.contains("approche du seuil de la franchise"), "{dash}");
    assert!(dash.contains("45\u{202f}000,00\u{a0}€"), "{dash}");

    // Below the year's sales, tolerance included: the franchise ends at once.
    let r = op
        .post_form("/operator/tax", &fields("30000", "35000,50", "30"))
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, dash) = owner.get_text("/s/seuils/admin/").await;
    assert!(dash.contains("prend fin dès maintenant"), "{dash}");
    assert!(dash.contains("35\u{202f}000,50\u{a0}€"), "{dash}");

    // A private seller's 4 sales (40,000 €) are occasional under thresholds of 30 sales or
    // 100,000 €, and regular once the operator sets the bar at 4 sales.
    set_legal(&app, id, "private", false).await;
    let private = |sales: &'static str| {
        let mut f = fields("85000", "93500", sales);
        f.retain(|(k, _)| *k != "private_amount");
        f.push(("private_amount", "100000"));
        f
    };
    let r = op.post_form("/operator/tax", &private("30")).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, dash) = owner.get_text("/s/seuils/admin/").await;
    assert!(!dash.contains("Inscrivez-vous comme entreprise"), "{dash}");
    let r = op.post_form("/operator/tax", &private("4")).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, dash) = owner.get_text("/s/seuils/admin/").await;
    assert!(dash.contains("Inscrivez-vous comme entreprise"), "{dash}");
    assert!(
        dash.contains("4 ventes ou 100\u{202f}000,00\u{a0}€"),
        "{dash}"
    );
}
