//! The withdrawal function, on both backends: the order's page offers "Renoncer au contrat ici"
//! while the right applies; the form says what is not covered, confirming records one request
//! (even confirmed five times at once) and e-mails a dated receipt; the seller sees it on the
//! dashboard and the order, and marks it handled. No function for a private seller's orders,
//! for orders of uncovered products only, or 14 days after delivery.

use crate::checkout::{add, fill, key_of, place, shop_with_transfer, variant_of, ADDRESS};
use crate::common::*;
use crate::storefront::{product, New};

/// A guest's order of the shop's Comté (and of `extra` variants); returns the order's link.
pub(crate) async fn order(app: &TestApp, slug: &str, v: i64, extra: &[i64]) -> (Client, String) {
    let shopper = app.client();
    add(&shopper, slug, v, 1).await;
    for e in extra {
        add(&shopper, slug, *e, 1).await;
    }
    // Chronopost carries perishables too.
    let fields: Vec<(&str, &str)> = ADDRESS
        .iter()
        .map(|&(k, v)| {
            if k == "shipping" {
                (k, "chronopost-fr")
            } else {
                (k, v)
            }
        })
        .collect();
    let review = fill(&shopper, slug, &fields).await;
    let r = place(&shopper, slug, &key_of(&review)).await;
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "{}",
        r.text().await.unwrap()
    );
    let link = location(&r);
    (shopper, link)
}

/// The text and HTML parts of a delivered e-mail.
fn parts(mail: &str) -> (String, String) {
    let (text, html) = mail
        .split_once("Content-Type: text/html")
        .unwrap_or_else(|| panic!("no HTML part: {mail}"));
    (text.to_string(), html.to_string())
}

#[tokio::test]
async fn the_confirmation_of_a_company_carries_the_model_withdrawal_form_filled_in() {
    let app = TestApp::new().await;
    let (id, _, comte) = shop_with_transfer(&app, "societe").await;
    let mut tx = app.store.begin().await.unwrap();
    store::legal::save(
        &mut tx,
        id,
        &store::legal::LegalIdentity {
            status: "company".into(),
            legal_name: "Fromagerie Martin SAS".into(),
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
    let p = product(
        &app,
        id,
        New {
            kind: "perishable",
            fr: ("Brillat-Savarin", "brillat"),
            price: 900,
            ..Default::default()
        },
    )
    .await;
    let brillat = variant_of(&app, id, p).await;
    let (_, link) = order(&app, "societe", comte, &[brillat]).await;

    let mail = app
        .wait_for_email("camille@example.org", "Merci pour votre commande")
        .await;
    let (text, html) = parts(&mail);
    for part in [&text, &html] {
        assert!(
            part.contains("MODÈLE DE FORMULAIRE DE RÉTRACTATION"),
            "{part}"
        );
        assert!(
            part.contains(
                "À l’attention de Fromagerie Martin SAS, 5 rue du Lac, 74000 Annecy, France, \
                 contact@fromagerie-martin.example :"
            ),
            "{part}"
        );
        assert!(
            part.contains("vous notifie/notifions (*) par la présente ma/notre (*) rétractation"),
            "{part}"
        );
        assert!(
            part.contains("ci-dessous : commande n° 00001 du "),
            "{part}"
        );
        assert!(part.contains("Commandé le (*)/reçu le (*) :"), "{part}");
        assert!(
            part.contains("Signature du (des) consommateur(s)"),
            "{part}"
        );
        assert!(part.contains("(*) Rayez la mention inutile."), "{part}");
        // The online function first, and what the right does not cover.
        assert!(part.contains("« Renoncer au contrat ici »"), "{part}");
        assert!(
            part.contains("1 × Brillat-Savarin : denrée périssable, non concernée"),
            "{part}"
        );
    }
    assert!(text.contains(&format!("{link}/withdraw")), "{text}");
    assert!(
        html.contains(&format!("{link}/withdraw</a>")),
        "the HTML part links the withdrawal function: {html}"
    );
    // The link leads to the function.
    let withdraw = text
        .split_whitespace()
        .find(|w| w.ends_with("/withdraw"))
        .expect("the withdrawal link");
    let (status, form) = app.client().get_text(&path_of(withdraw)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(form.contains("Confirmer la rétractation"), "{form}");
}

#[tokio::test]
async fn a_buyer_withdraws_from_the_order_page_and_gets_a_dated_receipt() {
    let app = TestApp::new().await;
    let (id, _, comte) = shop_with_transfer(&app, "retour").await;
    let p = product(
        &app,
        id,
        New {
            kind: "perishable",
            fr: ("Brillat-Savarin", "brillat"),
            price: 900,
            ..Default::default()
        },
    )
    .await;
    let brillat = variant_of(&app, id, p).await;
    let (shopper, link) = order(&app, "retour", comte, &[brillat]).await;

    let (_, page) = shopper.get_text(&link).await;
    assert!(page.contains("Renoncer au contrat ici"), "{page}");
    let (status, form) = shopper.get_text(&format!("{link}/withdraw")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(form.contains("Confirmer la rétractation"), "{form}");
    assert!(form.contains("denrée périssable, non concernée"), "{form}");
    assert!(form.contains("value=\"Camille Durand\""), "{form}");
    // The Comté can be returned, the cheese that spoils cannot (lines are in the cart's order).
    let comte_pos = form
        .split("name=\"line-")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .expect("one line to tick")
        .to_string();
    assert_eq!(form.matches("type=\"checkbox\"").count(), 1, "{form}");
    assert!(
        form.contains(&format!("for=\"line-{comte_pos}\">1 × Comté 18 mois")),
        "{form}"
    );
    let brillat_line = if comte_pos == "1" { "line-2" } else { "line-1" };
    let comte_line = format!("line-{comte_pos}");

    // The perishable cheese cannot be chosen, a name is needed.
    let r = shopper
        .post_form(
            &format!("{link}/withdraw"),
            &[
                ("name", "Camille Durand"),
                ("email", "camille@example.org"),
                (brillat_line, "1"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("n’est pas concerné"));
    let r = shopper
        .post_form(
            &format!("{link}/withdraw"),
            &[("name", ""), ("email", "camille@example.org")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // Confirmed five times at once: one request, one receipt.
    let mut tasks = Vec::new();
    for _ in 0..5 {
        let (c, l, line) = (shopper.clone(), link.clone(), comte_line.clone());
        tasks.push(tokio::spawn(async move {
            c.post_form(
                &format!("{l}/withdraw"),
                &[
                    ("name", "Camille Durand"),
                    ("email", "camille@example.org"),
                    (line.as_str(), "1"),
                ],
            )
            .await
            .status()
        }));
    }
    for t in tasks {
        assert_eq!(t.await.unwrap(), StatusCode::OK);
    }
    let (_, receipt) = shopper.get_text(&format!("{link}/withdraw")).await;
    assert!(receipt.contains("a été reçue le"), "{receipt}");
    assert!(receipt.contains("1 × Comté 18 mois"), "{receipt}");
    let mail = app
        .wait_for_email("camille@example.org", "votre demande de rétractation")
        .await;
    assert!(mail.contains("1 × Comté 18 mois"), "{mail}");
    assert!(!mail.contains("Brillat"), "{mail}");
    let receipts = app
        .emails()
        .iter()
        .filter(|m| m.contains("votre demande de rétractation"))
        .count();
    assert_eq!(receipts, 1);
    let (_, page) = shopper.get_text(&link).await;
    assert!(!page.contains("Renoncer au contrat ici"), "{page}");
    assert!(page.contains("a été reçue le"), "{page}");

    // The seller sees it, and marks it handled once.
    let owner = app.client();
    let r = owner
        .post_form(
            "/s/retour/admin/login",
            &[("email", "owner@retour.example"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, dash) = owner.get_text("/s/retour/admin/").await;
    assert!(
        dash.contains("Demandes de rétractation à traiter"),
        "{dash}"
    );
    assert!(dash.contains("/s/retour/admin/orders/00001"), "{dash}");
    let (_, admin_order) = owner.get_text("/s/retour/admin/orders/00001").await;
    assert!(
        admin_order.contains("Rétractation demandée"),
        "{admin_order}"
    );
    assert!(
        admin_order.contains("Demande de rétractation reçue"),
        "{admin_order}"
    );
    let r = owner
        .post_form("/s/retour/admin/orders/00001/withdrawal", &[])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, admin_order) = owner.get_text("/s/retour/admin/orders/00001").await;
    assert!(admin_order.contains("Traitée."), "{admin_order}");
    let r = owner
        .post_form("/s/retour/admin/orders/00001/withdrawal", &[])
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let (_, dash) = owner.get_text("/s/retour/admin/").await;
    assert!(
        !dash.contains("Demandes de rétractation à traiter"),
        "{dash}"
    );
}

#[tokio::test]
async fn no_withdrawal_function_where_the_right_does_not_apply() {
    let app = TestApp::new().await;
    // Only perishables: nothing to withdraw from.
    let (id, _, _) = shop_with_transfer(&app, "frais").await;
    let p = product(
        &app,
        id,
        New {
            kind: "perishable",
            fr: ("Saint-Marcellin", "saint-marcellin"),
            ..Default::default()
        },
    )
    .await;
    let v = variant_of(&app, id, p).await;
    // The recap says so before the order.
    let look = app.client();
    add(&look, "frais", v, 1).await;
    let fields: Vec<(&str, &str)> = ADDRESS
        .iter()
        .map(|&(k, v)| {
            if k == "shipping" {
                (k, "chronopost-fr")
            } else {
                (k, v)
            }
        })
        .collect();
    let review = fill(&look, "frais", &fields).await;
    assert!(
        review
            .contains("Les articles de cette commande ne bénéficient pas du droit de rétractation"),
        "{review}"
    );
    assert!(!review.contains("Vous disposez de 14 jours"), "{review}");
    let (shopper, link) = order(&app, "frais", v, &[]).await;
    let (_, page) = shopper.get_text(&link).await;
    assert!(!page.contains("Renoncer au contrat ici"), "{page}");
    // The confirmation says why, and has no form to send.
    let mail = app
        .wait_for_email("camille@example.org", "/s/frais/orders/")
        .await;
    assert!(
        mail.contains("les articles de cette commande n’en bénéficient pas"),
        "{mail}"
    );
    assert!(mail.contains("Les denrées périssables"), "{mail}");
    assert!(!mail.contains("FORMULAIRE DE RÉTRACTATION"), "{mail}");
    assert!(!mail.contains("/withdraw"), "{mail}");
    let r = shopper
        .post_form(
            &format!("{link}/withdraw"),
            &[("name", "Camille Durand"), ("email", "camille@example.org")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // A private seller's buyers have no legal right of withdrawal.
    let (id, _, v) = shop_with_transfer(&app, "particulier").await;
    let mut tx = app.store.begin().await.unwrap();
    let mut l = store::legal::get(&mut tx, id).await.unwrap();
    l.status = "private".into();
    store::legal::save(&mut tx, id, &l).await.unwrap();
    store::commit(tx).await.unwrap();
    let (shopper, link) = order(&app, "particulier", v, &[]).await;
    let (_, page) = shopper.get_text(&link).await;
    assert!(!page.contains("Renoncer au contrat ici"), "{page}");
    let mail = app
        .wait_for_email("camille@example.org", "/s/particulier/orders/")
        .await;
    assert!(mail.contains("tenue par un particulier"), "{mail}");
    assert!(!mail.contains("FORMULAIRE DE RÉTRACTATION"), "{mail}");
    assert!(!mail.contains("/withdraw"), "{mail}");
    let (_, form) = shopper.get_text(&format!("{link}/withdraw")).await;
    assert!(form.contains("n’est pas possible"), "{form}");

    // Delivered 15 days ago: the period is over.
    let (id, _, v) = shop_with_transfer(&app, "tard").await;
    let (shopper, link) = order(&app, "tard", v, &[]).await;
    let owner = app.client();
    owner
        .post_form(
            "/s/tard/admin/login",
            &[("email", "owner@tard.example"), ("password", PASSWORD)],
        )
        .await;
    for action in ["mark_paid", "ship", "mark_delivered"] {
        let r = owner
            .post_form(
                "/s/tard/admin/orders/00001/move",
                &[
                    ("action", action),
                    ("carrier", "Colissimo"),
                    ("tracking", "6A12345678901"),
                ],
            )
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{action}");
    }
    let (_, page) = shopper.get_text(&link).await;
    assert!(
        page.contains("Renoncer au contrat ici"),
        "open right after delivery: {page}"
    );
    let mut tx = app.store.begin().await.unwrap();
    sqlx::query("UPDATE order_events SET at = at - 15 * 86400 WHERE shop_id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await
        .unwrap();
    sqlx::query("UPDATE orders SET created_at = created_at - 20 * 86400 WHERE shop_id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await
        .unwrap();
    store::commit(tx).await.unwrap();
    let (_, page) = shopper.get_text(&link).await;
    assert!(!page.contains("Renoncer au contrat ici"), "{page}");
}
