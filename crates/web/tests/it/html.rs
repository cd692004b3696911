//! Every kind of page is valid HTML by the W3C Nu checker (vnu.jar, run with the machine's Java).
//! CI installs the checker; elsewhere the test says it skipped when the checker is missing.
//! Each page is checked for its status too: an error page is valid HTML as well.
use crate::common::*;

#[tokio::test]
async fn pages_are_valid_html() {
    let Some(vnu) = vnu::Vnu::find() else {
        return;
    };
    let app = TestApp::new().await;
    let owner = app.owner("valide").await;
    let shopper = app.client();
    let operator = app.client();
    let r = operator
        .post_form(
            "/operator/login",
            &[("email", OPERATOR_EMAIL), ("password", OPERATOR_PASSWORD)],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let dir = tempfile::tempdir().unwrap();
    let mut files = vec![];
    // The shop nobody signed up for is the one page expected to be a 404.
    let pages: Vec<(&Client, &str)> = vec![
        (&shopper, "/"),
        (&shopper, "/signup"),
        (&shopper, "/s/valide/"),
        (&shopper, "/s/valide/mentions-legales"),
        (&shopper, "/s/valide/pages/cgv"),
        (&shopper, "/s/valide/admin/login"),
        (&shopper, "/s/valide/admin/forgot"),
        (&shopper, "/s/nobody/"),
        (&owner, "/s/valide/admin/"),
        (&owner, "/s/valide/admin/settings"),
        (&owner, "/s/valide/admin/appearance"),
        (&owner, "/s/valide/admin/legal"),
        (&owner, "/s/valide/admin/hours"),
        (&owner, "/s/valide/admin/collections"),
        (&owner, "/s/valide/admin/payments"),
        (&owner, "/s/valide/admin/shipping"),
        (&owner, "/s/valide/admin/shipping/zones/new"),
        (&owner, "/s/valide/admin/shipping/zones/0"),
        (&owner, "/s/valide/admin/shipping/zones/0/methods/new"),
        (&owner, "/s/valide/admin/shipping/zones/1/methods/1"),
        (&owner, "/s/valide/admin/staff"),
        (&owner, "/s/valide/admin/account"),
        (&owner, "/s/valide/admin/billing"),
        (&operator, "/operator/"),
        (&operator, "/operator/shops/valide"),
        (&operator, "/operator/shops/valide/delete"),
        (&operator, "/operator/plans"),
        (&operator, "/operator/settings"),
        (&operator, "/operator/billing"),
        (&operator, "/operator/billing/settings"),
    ];
    let catalog_pages = crate::storefront::seed_for_html(&app, "valide").await;
    let pages: Vec<(&Client, &str)> = pages
        .into_iter()
        .chain(catalog_pages.iter().map(|p| (&shopper, p.as_str())))
        .collect();
    for (i, (client, path)) in pages.iter().enumerate() {
        let (status, body) = client.get_text(path).await;
        let expected = if *path == "/s/nobody/" {
            StatusCode::NOT_FOUND
        } else {
            StatusCode::OK
        };
        assert_eq!(status, expected, "{path}: {body}");
        assert!(
            body.starts_with("<!DOCTYPE html>"),
            "{path} is not a page: {body}"
        );
        files.push(vnu::save(dir.path(), &format!("{i:02}"), &body, path));
    }
    // The shopper's pages: the cart, the checkout form (with and without errors), the recap and
    // the order's page.
    let mut seen = shopper_pages(&app, &shopper).await;
    // The seller's side of that order.
    for path in [
        "/s/valide/admin/orders",
        "/s/valide/admin/orders/00001",
        "/s/valide/admin/orders/00001/packing-slip",
        "/s/valide/admin/customers",
        "/s/valide/admin/",
        "/s/valide/admin/sources",
    ] {
        let (status, body) = owner.get_text(path).await;
        assert_eq!(status, StatusCode::OK, "{path}: {body}");
        seen.push((path.to_string(), body));
    }
    // Partners: an invitation received, the partner's page, the storefront's block, and the
    // invitation form with its error.
    let neighbour = app.owner("voisine-valide").await;
    let neighbour_id = app.shop_id("voisine-valide").await;
    crate::storefront::product(
        &app,
        neighbour_id,
        crate::storefront::New {
            fr: ("Vin jaune", "vin-jaune"),
            ..Default::default()
        },
    )
    .await;
    let r = neighbour
        .post_form(
            "/s/voisine-valide/admin/partners/invite",
            &[("target", "valide"), ("message", "Bonjour,\nvoisins ?")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (status, body) = owner.get_text("/s/valide/admin/partners").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    seen.push(("/s/valide/admin/partners (asked)".into(), body));
    let r = owner
        .post_form("/s/valide/admin/partners/voisine-valide/accept", &[])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, picker) = owner
        .get_text("/s/valide/admin/partners/voisine-valide")
        .await;
    let product_id = picker
        .split("name=\"product\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("a product to pick")
        .to_string();
    let r = owner
        .post_form(
            "/s/valide/admin/partners/voisine-valide/show",
            &[("product", &product_id), ("show", "1")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    for (client, path) in [
        (&owner, "/s/valide/admin/partners"),
        (&owner, "/s/valide/admin/partners/voisine-valide"),
        (&shopper, "/s/valide/"),
    ] {
        let (status, body) = client.get_text(path).await;
        assert_eq!(status, StatusCode::OK, "{path}: {body}");
        let shows_wine = !path.ends_with("/partners");
        assert_eq!(body.contains("Vin jaune"), shows_wine, "{path}: {body}");
        seen.push((format!("{path} (partner)"), body));
    }
    let r = owner
        .post_form(
            "/s/valide/admin/partners/invite",
            &[("target", "personne"), ("message", "")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    seen.push((
        "/s/valide/admin/partners (error)".into(),
        r.text().await.unwrap(),
    ));
    // Affiliates: the list, the form with its errors, an affiliate's page and its own statement.
    let r = owner
        .post_form(
            "/s/valide/admin/affiliates",
            &[
                ("name", "Blog"),
                ("code", "blog"),
                ("rate", "10"),
                ("active", "1"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let affiliate = location(&r);
    let (_, page) = owner.get_text(&affiliate).await;
    let secret = page
        .split("/s/valide/affiliate/")
        .nth(1)
        .and_then(|s| s.split('<').next())
        .expect("the statement's address")
        .to_string();
    for (client, path) in [
        (&owner, "/s/valide/admin/affiliates".to_string()),
        (&owner, "/s/valide/admin/affiliates/new".to_string()),
        (&owner, affiliate),
        (&shopper, format!("/s/valide/affiliate/{secret}")),
    ] {
        let (status, body) = client.get_text(&path).await;
        assert_eq!(status, StatusCode::OK, "{path}: {body}");
        seen.push((
            format!("{} (affiliate)", path.split('?').next().unwrap_or("")),
            body,
        ));
    }
    let r = owner
        .post_form(
            "/s/valide/admin/affiliates",
            &[("name", ""), ("code", "x"), ("rate", "-1")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    seen.push((
        "/s/valide/admin/affiliates (error)".into(),
        r.text().await.unwrap(),
    ));
    for (label, body) in seen {
        files.push(vnu::save(
            dir.path(),
            &label.replace(['/', ' ', '(', ')'], "_"),
            &body,
            &label,
        ));
    }
    // Pages with form errors too.
    let r = shopper
        .post_form(
            "/signup",
            &[
                ("name", ""),
                ("slug", "ab"),
                ("email", "x"),
                ("password", "y"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.text().await.unwrap();
    assert!(body.contains("id=\"name-err\""), "{body}");
    files.push(vnu::save(
        dir.path(),
        "signup-errors",
        &body,
        "/signup (errors)",
    ));
    vnu.assert_valid(&files);
}

/// A shopper orders the Époisses of the `valide` shop; each page seen on the way.
async fn shopper_pages(app: &TestApp, shopper: &Client) -> Vec<(String, String)> {
    let id = app.shop_id("valide").await;
    let mut tx = app.store.begin().await.unwrap();
    store::payment::upsert(
        &mut tx,
        id,
        "bank_transfer",
        true,
        &serde_json::json!({"holder": "Boutique valide", "iban": "FR7630006000011234567890189", "bic": "AGRIFRPP"}),
    )
    .await
    .unwrap();
    store::commit(tx).await.unwrap();
    let (_, product) = shopper.get_text("/s/valide/p/epoisses").await;
    let variant = product
        .split("name=\"variant\" value=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .expect("add-to-cart form")
        .to_string();
    let r = shopper
        .http
        .post(shopper.url("/s/valide/cart/add"))
        .header("sec-fetch-site", "same-origin")
        .form(&[("variant", variant.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let mut pages = Vec::new();
    for path in [
        "/s/valide/cart",
        "/s/valide/checkout",
        "/s/valide/checkout/gift",
    ] {
        let (status, body) = shopper.get_text(path).await;
        assert_eq!(status, StatusCode::OK, "{path}: {body}");
        pages.push((path.to_string(), body));
    }
    let r = shopper
        .post_form("/s/valide/checkout", &[("email", "x"), ("country", "FR")])
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    pages.push((
        "/s/valide/checkout (errors)".into(),
        r.text().await.unwrap(),
    ));
    let r = shopper
        .post_form(
            "/s/valide/checkout",
            &[
                ("email", "camille@example.org"),
                ("name", "Camille Durand"),
                ("line1", "3 rue des Lilas"),
                ("postal_code", "21000"),
                ("city", "Dijon"),
                ("country", "FR"),
                ("shipping", "chronopost-fr"),
                ("payment", "bank_transfer"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (status, review) = shopper.get_text("/s/valide/checkout/review").await;
    assert_eq!(status, StatusCode::OK, "{review}");
    let key = review
        .split("name=\"key\" value=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap()
        .to_string();
    pages.push(("/s/valide/checkout/review".into(), review));
    let r = shopper
        .post_form(
            "/s/valide/checkout/place",
            &[("key", key.as_str()), ("accept_terms", "1")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let link = location(&r);
    let (status, order) = shopper.get_text(&link).await;
    assert_eq!(status, StatusCode::OK, "{order}");
    pages.push(("/s/valide/orders/… (order)".into(), order));
    // Its withdrawal function.
    let (status, withdraw) = shopper.get_text(&format!("{link}/withdraw")).await;
    assert_eq!(status, StatusCode::OK, "{withdraw}");
    pages.push(("/s/valide/orders/…/withdraw".into(), withdraw));
    // The customer account: sign-in, sign-up (and its errors), the account page with the order
    // history and the address book, an address form with errors, the forgotten password, a dead
    // reset link.
    let customer = app.client();
    for path in [
        "/s/valide/account/login",
        "/s/valide/account/signup",
        "/s/valide/account/forgot",
    ] {
        let (status, page) = customer.get_text(path).await;
        assert_eq!(status, StatusCode::OK, "{path}: {page}");
        pages.push((path.into(), page));
    }
    let r = customer
        .post_form(
            "/s/valide/account/signup",
            &[("name", ""), ("email", "x"), ("password", "court")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    pages.push((
        "/s/valide/account/signup (errors)".into(),
        r.text().await.unwrap(),
    ));
    let r = customer
        .post_form(
            "/s/valide/account/signup",
            &[
                ("name", "Camille Durand"),
                ("email", "camille@example.org"),
                ("password", "un mot de passe solide"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = customer
        .post_form(
            "/s/valide/account/addresses/new",
            &[("name", "Camille Durand"), ("country", "FR")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    pages.push((
        "/s/valide/account/addresses/new (errors)".into(),
        r.text().await.unwrap(),
    ));
    let r = customer
        .post_form(
            "/s/valide/account/addresses/new",
            &[
                ("name", "Camille Durand"),
                ("line1", "3 rue des Lilas"),
                ("postal_code", "21000"),
                ("city", "Dijon"),
                ("country", "FR"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (status, account) = customer.get_text("/s/valide/account?saved=address").await;
    assert_eq!(status, StatusCode::OK, "{account}");
    // The address book's forms: a new address, and the one just saved.
    let address = account
        .split("/s/valide/account/addresses/")
        .skip(1)
        .map(|r| {
            r.chars()
                .take_while(char::is_ascii_digit)
                .collect::<String>()
        })
        .find(|id| !id.is_empty())
        .expect("an address in the book");
    pages.push(("/s/valide/account".into(), account));
    for path in [
        "/s/valide/account/addresses/new".to_string(),
        format!("/s/valide/account/addresses/{address}"),
    ] {
        let (status, page) = customer.get_text(&path).await;
        assert_eq!(status, StatusCode::OK, "{path}: {page}");
        pages.push((path, page));
    }
    let dead = format!("/s/valide/account/reset/{}", "0".repeat(64));
    let (status, page) = customer.get_text(&dead).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    pages.push(("/s/valide/account/reset/… (expired)".into(), page));
    pages
}
