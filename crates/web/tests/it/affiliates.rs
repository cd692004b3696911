//! Affiliates, on both backends: the seller makes an account for a cheese blog (its link code,
//! 10 % of the goods, a discount code for its readers); a reader follows the blog's link and
//! orders days later, another only types the code, a third comes on her own: the first two
//! orders are the blog's, each earning 10 % of its goods without VAT and delivery, and show on
//! the month's statement (the seller's page, its CSV, and the blog's own secret page), until
//! one is cancelled. Refused forms say why beside each field; one shop never sees another's
//! affiliates.

use crate::checkout::{add, fill, key_of, place, shop_with_transfer, ADDRESS};
use crate::common::*;

async fn order(client: &Client, slug: &str, variant: i64, code: Option<&str>) {
    add(client, slug, variant, 1).await;
    if let Some(code) = code {
        let r = client
            .post_form(&format!("/s/{slug}/cart/code"), &[("code", code)])
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
    }
    let review = fill(client, slug, ADDRESS).await;
    let r = place(client, slug, &key_of(&review)).await;
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "{}",
        r.text().await.unwrap()
    );
}

fn affiliate_form<'a>(
    name: &'a str,
    code: &'a str,
    rate: &'a str,
    promotion: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("name", name),
        ("email", "blog@example.org"),
        ("code", code),
        ("rate", rate),
        ("promotion", promotion),
        ("active", "1"),
    ]
}

#[tokio::test]
async fn an_affiliates_link_and_code_bring_orders_that_earn_its_commission_on_its_statement() {
    let app = TestApp::new().await;
    let (id, _, variant) = shop_with_transfer(&app, "affilies").await;
    let owner = app.signed_in("affilies").await;
    let blog5 = crate::partners::code(&app, id, "BLOG5", "5").await;

    // The seller makes the blog's account, with its readers' code.
    let r = owner
        .post_form(
            "/s/affilies/admin/affiliates",
            &affiliate_form(
                "Le blog du fromage",
                "blog-fromage",
                "10",
                &blog5.to_string(),
            ),
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let page_path = location(&r);
    assert!(page_path.ends_with("?saved=1"), "{page_path}");
    let (status, page) = owner.get_text(&page_path).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Affilié enregistré."), "{page}");
    assert!(
        page.contains("/s/affilies/?utm_source=blog-fromage&amp;utm_medium=affiliate</code>"),
        "{page}"
    );
    let secret = page
        .split("/s/affilies/affiliate/")
        .nth(1)
        .and_then(|s| s.split('<').next())
        .expect("the statement's address")
        .to_string();

    // Camille follows the blog's link, then comes back by herself and orders.
    let camille = app.client();
    let r = camille
        .http
        .get(camille.url("/s/affilies/p/comte?utm_source=blog-fromage&utm_medium=affiliate"))
        .header("referer", "https://blog-fromage.example/comte")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(camille.get("/s/affilies/").await.status(), StatusCode::OK);
    order(&camille, "affilies", variant, None).await;
    // Dominique only types the blog's code; Alix comes on her own.
    order(&app.client(), "affilies", variant, Some("blog5")).await;
    order(&app.client(), "affilies", variant, None).await;

    // Transfers not received yet have earned nothing.
    let (_, page) = owner.get_text(&page_path).await;
    assert!(page.contains("Aucune commande ce mois-ci."), "{page}");
    let mut c = app.store.reader().await.unwrap();
    let shop = store::shop::by_id(&mut c, id).await.unwrap();
    drop(c);
    for number in ["00001", "00002", "00003"] {
        app::order::apply(
            &app.store,
            &shop,
            number,
            &app::order::Move::MarkPaid,
            None,
            |_, _| None,
        )
        .await
        .unwrap();
    }

    // The shop's prices carry no VAT (a micro-entrepreneur): 10 % of 12,50 € is 1,25 €; of
    // 12,50 € less 5 % (11,87 €), 1,19 €. Delivery (7,50 €) earns nothing.
    let (_, list) = owner.get_text("/s/affilies/admin/affiliates").await;
    assert!(
        list.contains("<td class=\"num\">2</td>\n<td class=\"num\">2,44\u{a0}€</td>"),
        "{list}"
    );
    let (_, page) = owner.get_text(&page_path.replace("?saved=1", "")).await;
    for row in [
        "<th scope=\"row\">00001</th>",
        "<td class=\"num\">12,50\u{a0}€</td><td class=\"num\">10\u{202f}%</td><td class=\"num\">1,25\u{a0}€</td>",
        "<th scope=\"row\">00002</th>",
        "<td class=\"num\">11,87\u{a0}€</td><td class=\"num\">10\u{202f}%</td><td class=\"num\">1,19\u{a0}€</td>",
        "<td class=\"num\">24,37\u{a0}€</td><td></td><td class=\"num\"><strong>2,44\u{a0}€</strong>",
    ] {
        assert!(page.contains(row), "{row} not in {page}");
    }
    assert!(!page.contains("00003"), "Alix's order is nobody's");
    // The Sources page says the same.
    let (_, sources) = owner.get_text("/s/affilies/admin/sources").await;
    assert!(sources.contains("blog-fromage (blog5)"), "{sources}");

    // The CSV of the month.
    let csv_path = page
        .split("href=\"")
        .find(|s| s.starts_with("/s/affilies/admin/affiliates/") && s.contains("statement.csv"))
        .and_then(|s| s.split('"').next())
        .expect("the CSV link")
        .replace("&amp;", "&");
    let r = owner.get(&csv_path).await;
    assert_eq!(r.status(), StatusCode::OK);
    let csv = r.text().await.unwrap();
    let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(
        lines[0],
        "Affilié;Commande;Date;Montant HT hors livraison;Taux en\u{202f}%;Commission"
    );
    assert!(lines[1].starts_with("Le blog du fromage;00001;"), "{csv}");
    assert!(lines[1].ends_with(";12,50;10;1,25"), "{csv}");
    assert!(lines[2].ends_with(";11,87;10;1,19"), "{csv}");
    assert_eq!(lines[3], "Le blog du fromage;Total;;24,37;;2,44");

    // The blog reads its statement at its secret address, and nothing of the buyers.
    let blog = app.client();
    let (status, mine) = blog
        .get_text(&format!("/s/affilies/affiliate/{secret}"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(mine.contains("Commissions de Le blog du fromage"), "{mine}");
    assert!(mine.contains("noindex"), "{mine}");
    assert!(mine.contains("<strong>2,44\u{a0}€</strong>"), "{mine}");
    assert!(mine.contains("BLOG5"), "its readers' code: {mine}");
    assert!(!mine.contains("statement.csv"), "{mine}");
    assert!(!mine.contains(ADDRESS[0].1), "no buyer's data: {mine}");
    for wrong in [
        "/s/affilies/affiliate/not-a-token".to_string(),
        format!("/s/affilies/affiliate/{}", "a".repeat(secret.len())),
    ] {
        assert_eq!(blog.get(&wrong).await.status(), StatusCode::NOT_FOUND);
    }
    // Another month: nothing; a month that does not exist: a 400 that says so.
    let (_, before) = blog
        .get_text(&format!("/s/affilies/affiliate/{secret}?month=2020-01"))
        .await;
    assert!(before.contains("Aucune commande ce mois-ci."), "{before}");
    let (status, bad) = blog
        .get_text(&format!("/s/affilies/affiliate/{secret}?month=2026-13"))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(bad.contains("Ce mois n’existe pas."), "{bad}");

    // Camille's order is cancelled: it earns nothing any more.
    app::order::apply(
        &app.store,
        &shop,
        "00001",
        &app::order::Move::Cancel,
        None,
        |_, _| None,
    )
    .await
    .unwrap();
    let (_, mine) = blog
        .get_text(&format!("/s/affilies/affiliate/{secret}"))
        .await;
    assert!(!mine.contains("00001"), "{mine}");
    assert!(mine.contains("<strong>1,19\u{a0}€</strong>"), "{mine}");
}

#[tokio::test]
async fn a_refused_affiliate_says_why_and_one_shop_never_sees_anothers() {
    let app = TestApp::new().await;
    let (id, _, _) = shop_with_transfer(&app, "refus").await;
    let (other, _, _) = shop_with_transfer(&app, "ailleurs").await;
    let theirs = crate::partners::code(&app, other, "AILLEURS", "5").await;
    let owner = app.signed_in("refus").await;
    let r = owner
        .post_form(
            "/s/refus/admin/affiliates",
            &affiliate_form("", "Blog Fromage", "60", &theirs.to_string()),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    for (field, said) in [
        ("name", "Donnez un nom"),
        ("code", "Le code de lien doit compter de 3 à 40"),
        ("rate", "Le taux doit être un nombre de 0 à 50"),
        ("promotion", "Choisissez un de vos codes de réduction."),
    ] {
        assert!(
            page.contains(&format!("id=\"{field}-err\"")),
            "{field}: {page}"
        );
        assert!(page.contains(said), "{said}: {page}");
    }
    assert!(page.contains("value=\"Blog Fromage\""), "typed values kept");
    let r = owner
        .post_form(
            "/s/refus/admin/affiliates",
            &affiliate_form("Blog", "blog", "7,5", ""),
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let mine = location(&r).replace("?saved=1", "");
    let (_, page) = owner.get_text(&mine).await;
    assert!(page.contains("value=\"7,5\""), "{page}");
    // A second affiliate may not take the same link code.
    let r = owner
        .post_form(
            "/s/refus/admin/affiliates",
            &affiliate_form("Autre", "blog", "5", ""),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r
        .text()
        .await
        .unwrap()
        .contains("Un autre affilié a déjà ce code de lien."));
    // The other shop's owner does not find it.
    let stranger = app.signed_in("ailleurs").await;
    let path = mine.replace("/s/refus/", "/s/ailleurs/");
    assert_eq!(stranger.get(&path).await.status(), StatusCode::NOT_FOUND);
    let r = stranger
        .post_form(&path, &affiliate_form("Volé", "vole", "50", ""))
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let mut c = app.store.reader().await.unwrap();
    let kept = store::affiliate::list(&mut c, id).await.unwrap();
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].name, "Blog");
}
