//! The seller's reviews page, on both backends: the owner sees every review of the shop with
//! its stars, text and dates; answers one publicly (the answer is kept, an answer too long comes
//! back as typed with its message, 422) and takes the answer away; refuses one only for a reason
//! of the policy, its author being told by e-mail in their language which (an unknown reason is
//! a 422, a second refusal says it is refused already); another shop's review is not found; a
//! plain staff member may not open the page.

use crate::checkout::shop_with_transfer;
use crate::common::*;
use store::review::Review;

/// A delivered order of the shop by `email`, in `lang`, and its review of `product` written
/// `ago` seconds ago.
async fn reviewed(
    app: &TestApp,
    shop: store::id::ShopId,
    product: i64,
    (number, email, lang): (&str, &str, &str),
    (rating, body, ago): (i64, &str, i64),
) -> Review {
    let mut tx = app.store.begin().await.unwrap();
    let key = format!("k-{number}");
    let order = store::order::insert(
        &mut tx,
        shop,
        &store::order::NewOrder {
            number,
            token_hash: &store::hash_token(&key),
            idempotency_key: &key,
            customer_id: None,
            email,
            name: "Camille Durand",
            country: "FR",
            lang,
            currency: "EUR",
            status: "delivered",
            payment_method: "bank_transfer",
            fulfilment: "shipping",
            shipping_method: None,
            shipping_name: "Colissimo",
            subtotal_minor: 1250,
            shipping_minor: 0,
            vat_minor: 0,
            total_minor: 1250,
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
    let review = store::review::insert(
        &mut tx,
        shop,
        &store::review::NewReview {
            product_id: product,
            order_id: order.id,
            email,
            name: "Camille D.",
            lang,
            rating,
            body,
            experienced_at: order.created_at - 10 * 86_400,
        },
        store::now() - ago,
    )
    .await
    .unwrap();
    store::commit(tx).await.unwrap();
    review
}

/// The pages are valid HTML, when the W3C checker is installed.
fn valid_html(pages: Vec<(&str, String)>) {
    let Some(vnu) = vnu::Vnu::find() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let files: Vec<_> = pages
        .iter()
        .enumerate()
        .map(|(i, (label, body))| vnu::save(dir.path(), &format!("{i:02}"), body, label))
        .collect();
    vnu.assert_valid(&files);
}

async fn kept(app: &TestApp, shop: store::id::ShopId, id: i64) -> Review {
    let mut conn = app.store.reader().await.unwrap();
    store::review::by_id(&mut conn, shop, id)
        .await
        .unwrap()
        .unwrap()
}

#[tokio::test]
async fn the_owner_answers_a_review_and_refuses_one_for_a_reason_of_the_policy() {
    let app = TestApp::new().await;
    let (shop, product, _) = shop_with_transfer(&app, "avis").await;
    let owner = app.signed_in("avis").await;

    let (status, empty) = owner.get_text("/s/avis/admin/reviews").await;
    assert_eq!(status, StatusCode::OK, "{empty}");
    assert!(empty.contains("Aucun avis pour l’instant"), "{empty}");
    assert!(
        empty.contains("href=\"/s/avis/admin/reviews\" aria-current=\"page\""),
        "the admin's menu leads here: {empty}"
    );
    assert!(
        empty.contains("jamais parce qu’il est négatif"),
        "the policy is stated: {empty}"
    );
    let mut pages = vec![("empty", empty)];

    let r = reviewed(
        &app,
        shop,
        product,
        ("A-1", "camille@example.org", "fr"),
        (4, "Très bon, <b>fondant</b>.\nÀ refaire", 3_600),
    )
    .await;
    let other = reviewed(
        &app,
        shop,
        product,
        ("A-2", "sam@example.org", "en"),
        (1, "Arrived late, not good.", 0),
    )
    .await;

    let (status, list) = owner.get_text("/s/avis/admin/reviews").await;
    assert_eq!(status, StatusCode::OK, "{list}");
    for seen in [
        "Comté 18 mois",
        "<span aria-hidden=\"true\">★★★★☆</span> <strong>4 sur 5</strong>",
        "<span aria-hidden=\"true\">★☆☆☆☆</span> <strong>1 sur 5</strong>",
        "Signé Camille D.",
        "Très bon, &lt;b&gt;fondant&lt;/b&gt;.\nÀ refaire",
        "Arrived late, not good.",
        "Achat du ",
        "Publié",
        "Publier la réponse",
        "<option value=\"personal_data\">Données personnelles",
        &format!("action=\"/s/avis/admin/reviews/{}/reject\"", r.id),
    ] {
        assert!(list.contains(seen), "{seen:?} in {list}");
    }
    // Newest first.
    assert!(
        list.find(&format!("id=\"review-{}\"", other.id)).unwrap()
            < list.find(&format!("id=\"review-{}\"", r.id)).unwrap(),
        "{list}"
    );
    pages.push(("list", list));

    // An answer, kept and shown.
    let reply = format!("/s/avis/admin/reviews/{}/reply", r.id);
    let res = owner
        .post_form(&reply, &[("reply", "  Merci Camille !\nÀ bientôt. ")])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        location(&res),
        format!("/s/avis/admin/reviews?replied=1#review-{}", r.id)
    );
    let k = kept(&app, shop, r.id).await;
    assert_eq!(k.reply.as_deref(), Some("Merci Camille !\nÀ bientôt."));
    assert!(k.replied_at.is_some());
    let (_, list) = owner.get_text("/s/avis/admin/reviews?replied=1").await;
    assert!(list.contains("Réponse publiée."), "{list}");
    assert!(list.contains("Merci Camille !\nÀ bientôt."), "{list}");
    pages.push(("answered", list));

    // Too long: refused with its message, the typed text kept in its field, nothing changed.
    let long = "é".repeat(2_001);
    let res = owner.post_form(&reply, &[("reply", &long)]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = res.text().await.unwrap();
    assert!(
        page.contains("Votre réponse ne peut pas dépasser 2000 caractères."),
        "{page}"
    );
    assert!(page.contains(&format!(">{long}</textarea>")), "{page}");
    pages.push(("answer too long", page));
    assert_eq!(kept(&app, shop, r.id).await, k);

    // An empty answer takes it away.
    let res = owner.post_form(&reply, &[("reply", "  ")]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        location(&res),
        format!("/s/avis/admin/reviews?removed=1#review-{}", r.id)
    );
    let k = kept(&app, shop, r.id).await;
    assert_eq!((k.reply, k.replied_at), (None, None));

    // A reason that is not the policy's is refused.
    let reject = format!("/s/avis/admin/reviews/{}/reject", r.id);
    let res = owner.post_form(&reject, &[("reason", "negative")]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = res.text().await.unwrap();
    assert!(
        page.contains("«\u{a0}negative\u{a0}» n’est pas un motif de refus"),
        "{page}"
    );
    assert_eq!(kept(&app, shop, r.id).await.status, "published");

    // Refused as abusive: kept with its reason, the author told in French.
    let res = owner.post_form(&reject, &[("reason", "abusive")]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        location(&res),
        format!("/s/avis/admin/reviews?refused=1#review-{}", r.id)
    );
    let k = kept(&app, shop, r.id).await;
    assert_eq!(
        (k.status.as_str(), k.reject_reason.as_deref()),
        ("rejected", Some("abusive"))
    );
    let mail = app
        .wait_for_email("camille@example.org", "ne publie pas votre avis")
        .await;
    assert!(mail.contains("Comté 18 mois"), "{mail}");
    assert!(
        mail.contains("Propos injurieux, menaçants, haineux ou illicites"),
        "{mail}"
    );
    let (_, list) = owner.get_text("/s/avis/admin/reviews?refused=1").await;
    assert!(
        list.contains("Avis refusé\u{202f}; son auteur en est prévenu par e-mail."),
        "{list}"
    );
    assert!(
        list.contains("Refusé\u{202f}: Propos injurieux, menaçants, haineux ou illicites"),
        "{list}"
    );
    assert!(
        !list.contains(&format!("action=\"{reject}\"")),
        "no forms for a refused review: {list}"
    );
    pages.push(("refused", list));

    // Twice: it is refused already, and its author is not written to again.
    let res = owner.post_form(&reject, &[("reason", "spam")]).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let page = res.text().await.unwrap();
    assert!(page.contains("Cet avis est déjà refusé."), "{page}");
    pages.push(("refused already", page));
    valid_html(pages);
    assert_eq!(
        kept(&app, shop, r.id).await.reject_reason.as_deref(),
        Some("abusive")
    );

    // The English author is told in English.
    let res = owner
        .post_form(
            &format!("/s/avis/admin/reviews/{}/reject", other.id),
            &[("reason", "off_topic")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let mail = app
        .wait_for_email("sam@example.org", "does not publish your review")
        .await;
    assert!(mail.contains("Comté 18 mois"), "{mail}");
    assert!(
        mail.contains("Not about the product or the purchase"),
        "{mail}"
    );
    let to_camille = app
        .emails()
        .iter()
        .filter(|m| m.contains("To: camille@example.org"))
        .count();
    assert_eq!(to_camille, 1, "one e-mail for one refusal");
}

#[tokio::test]
async fn another_shops_review_is_not_found_and_staff_may_not_moderate() {
    use crate::operator::{add_staff, staff_login};
    let app = TestApp::new().await;
    let (mine, product, _) = shop_with_transfer(&app, "chez-moi").await;
    let (theirs, their_product, _) = shop_with_transfer(&app, "chez-eux").await;
    let r = reviewed(
        &app,
        mine,
        product,
        ("M-1", "camille@example.org", "fr"),
        (5, "Parfait.", 0),
    )
    .await;
    let their = reviewed(
        &app,
        theirs,
        their_product,
        ("E-1", "dom@example.org", "fr"),
        (2, "Bof.", 0),
    )
    .await;
    let owner = app.signed_in("chez-moi").await;

    let (_, list) = owner.get_text("/s/chez-moi/admin/reviews").await;
    assert!(list.contains("Parfait."), "{list}");
    assert!(!list.contains("Bof."), "{list}");
    for id in [their.id, 999_999] {
        let res = owner
            .post_form(
                &format!("/s/chez-moi/admin/reviews/{id}/reply"),
                &[("reply", "Volée")],
            )
            .await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND);
        let res = owner
            .post_form(
                &format!("/s/chez-moi/admin/reviews/{id}/reject"),
                &[("reason", "spam")],
            )
            .await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND);
    }
    assert_eq!(kept(&app, theirs, their.id).await, their);

    add_staff(&app, "chez-moi", "aide@chez-moi.example", "staff").await;
    let (employee, status) = staff_login(&app, "chez-moi", "aide@chez-moi.example", PASSWORD).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, dash) = employee.get_text("/s/chez-moi/admin/").await;
    assert!(!dash.contains("/admin/reviews\""), "{dash}");
    let (status, _) = employee.get_text("/s/chez-moi/admin/reviews").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let res = employee
        .post_form(
            &format!("/s/chez-moi/admin/reviews/{}/reply", r.id),
            &[("reply", "Moi")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = employee
        .post_form(
            &format!("/s/chez-moi/admin/reviews/{}/reject", r.id),
            &[("reason", "spam")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(kept(&app, mine, r.id).await, r);
}
