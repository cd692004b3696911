//! Customer accounts, on both backends: signing up keeps the guest's cart; checkout is filled
//! in from the account; the order is in the account's history and can be ordered again; the cart
//! follows the customer to another device and merges at sign-in; wrong passwords, weak ones,
//! taken addresses and guessing get clear answers; a forgotten password is reset by an e-mailed
//! link; one shop's customers are unknown to another shop and to each other.

use crate::checkout::{add, fill, key_of, place, shop_with_transfer, ADDRESS};
use crate::common::*;
use crate::storefront::{product, New};

const PW: &str = "un mot de passe solide";

async fn sign_up(client: &Client, slug: &str, email: &str) -> reqwest::Response {
    client
        .post_form(
            &format!("/s/{slug}/account/signup"),
            &[
                ("name", "Camille Durand"),
                ("email", email),
                ("password", PW),
            ],
        )
        .await
}

async fn sign_in(client: &Client, slug: &str, email: &str, pw: &str) -> reqwest::Response {
    client
        .post_form(
            &format!("/s/{slug}/account/login"),
            &[("email", email), ("password", pw)],
        )
        .await
}

/// The cart page's lines as (title, quantity) pairs, read from its quantity labels.
async fn cart_lines(client: &Client, slug: &str) -> Vec<(String, String)> {
    let (status, page) = client.get_text(&format!("/s/{slug}/cart")).await;
    assert_eq!(status, StatusCode::OK);
    page.split("<th scope=\"row\"><a href=")
        .skip(1)
        .map(|row| {
            let title = row
                .split('>')
                .nth(1)
                .and_then(|t| t.split('<').next())
                .unwrap_or_default()
                .to_string();
            let qty = row
                .split("name=\"quantity\" value=\"")
                .nth(1)
                .and_then(|q| q.split('"').next())
                .unwrap_or("fixed")
                .to_string();
            (title, qty)
        })
        .collect()
}

#[tokio::test]
async fn a_customer_signs_up_with_their_cart_orders_and_orders_again_from_their_account() {
    let app = TestApp::new().await;
    let (_, _, v) = shop_with_transfer(&app, "chez-camille").await;
    let shopper = app.client();
    add(&shopper, "chez-camille", v, 2).await;

    // The sign-up page is linked from the sign-in page, which every page's header links to.
    let (_, home) = shopper.get_text("/s/chez-camille/").await;
    assert!(home.contains("href=\"/s/chez-camille/account\""), "{home}");
    let r = shopper.get("/s/chez-camille/account").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(location(&r).starts_with("/s/chez-camille/account/login?next="));

    let r = sign_up(&shopper, "chez-camille", "Camille@Example.org").await;
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "{}",
        r.text().await.unwrap()
    );
    assert_eq!(location(&r), "/s/chez-camille/account");
    assert_eq!(
        shopper
            .cookie_at("/s/chez-camille/", "vitrine_cart_n")
            .as_deref(),
        Some("2"),
        "the guest's cart came along"
    );
    assert_eq!(cart_lines(&shopper, "chez-camille").await.len(), 1);

    // Checkout knows the e-mail address; the address typed once is kept for next time.
    let (_, form) = shopper.get_text("/s/chez-camille/checkout").await;
    assert!(form.contains("value=\"camille@example.org\""), "{form}");
    let review = fill(&shopper, "chez-camille", ADDRESS).await;
    let r = place(&shopper, "chez-camille", &key_of(&review)).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let order_link = location(&r);

    let (status, account) = shopper.get_text("/s/chez-camille/account").await;
    assert_eq!(status, StatusCode::OK);
    assert!(account.contains("camille@example.org"), "{account}");
    assert!(
        account.contains(&format!("href=\"{order_link}\"")),
        "{account}"
    );
    assert!(account.contains(">00001</a>"), "{account}");
    assert!(account.contains("en attente de paiement"), "{account}");
    assert!(account.contains("3 rue des Lilas"), "{account}");
    assert!(account.contains("Adresse par défaut"), "{account}");

    // Next time, the form is filled in with the saved address.
    add(&shopper, "chez-camille", v, 1).await;
    let (_, form) = shopper.get_text("/s/chez-camille/checkout").await;
    assert!(form.contains("value=\"3 rue des Lilas\""), "{form}");

    // "Order again" puts the order's lines back in the cart (adding to what is there).
    let r = shopper
        .post_form("/s/chez-camille/account/orders/00001/reorder", &[])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/s/chez-camille/cart");
    assert_eq!(
        cart_lines(&shopper, "chez-camille").await,
        vec![("Comté 18 mois".to_string(), "3".to_string())]
    );

    // Signed out, this device shows no cart; signed in again, the cart is there.
    let r = shopper
        .post_form("/s/chez-camille/account/logout", &[])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(cart_lines(&shopper, "chez-camille").await.is_empty());
    let r = sign_in(&shopper, "chez-camille", "camille@example.org", PW).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(cart_lines(&shopper, "chez-camille").await.len(), 1);
}

#[tokio::test]
async fn the_cart_follows_the_customer_to_another_device_and_merges_at_sign_in() {
    let app = TestApp::new().await;
    let (id, _, comte) = shop_with_transfer(&app, "appareils").await;
    let p = product(
        &app,
        id,
        New {
            fr: ("Brillat-Savarin", "brillat"),
            price: 900,
            ..Default::default()
        },
    )
    .await;
    let brillat = crate::checkout::variant_of(&app, id, p).await;

    let phone = app.client();
    let r = sign_up(&phone, "appareils", "dominique@example.org").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    add(&phone, "appareils", comte, 1).await;

    // On the laptop, as a guest, then signing in: the two carts become one.
    let laptop = app.client();
    add(&laptop, "appareils", comte, 2).await;
    add(&laptop, "appareils", brillat, 1).await;
    let r = sign_in(&laptop, "appareils", "dominique@example.org", PW).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        laptop
            .cookie_at("/s/appareils/", "vitrine_cart_n")
            .as_deref(),
        Some("4")
    );
    let expected = vec![
        ("Brillat-Savarin".to_string(), "1".to_string()),
        ("Comté 18 mois".to_string(), "3".to_string()),
    ];
    let mut lines = cart_lines(&laptop, "appareils").await;
    lines.sort();
    assert_eq!(lines, expected);
    // The phone sees the same cart.
    let mut lines = cart_lines(&phone, "appareils").await;
    lines.sort();
    assert_eq!(lines, expected);
}

#[tokio::test]
async fn sign_up_and_sign_in_say_clearly_what_is_wrong_and_slow_guessing_down() {
    let app = TestApp::new().await;
    shop_with_transfer(&app, "erreurs").await;
    let c = app.client();

    // A short password and a bad address: both said, what was typed is kept, no account.
    let r = c
        .post_form(
            "/s/erreurs/account/signup",
            &[
                ("name", "Camille Durand"),
                ("email", "camille@"),
                ("password", "court"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(
        page.contains("Cette adresse e-mail ne semble pas valide"),
        "{page}"
    );
    assert!(page.contains("au moins 10 caractères"), "{page}");
    assert!(page.contains("value=\"Camille Durand\""), "{page}");

    assert_eq!(
        sign_up(&c, "erreurs", "camille@example.org").await.status(),
        StatusCode::SEE_OTHER
    );
    let other = app.client();
    let r = sign_up(&other, "erreurs", "CAMILLE@example.org").await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r
        .text()
        .await
        .unwrap()
        .contains("Un compte existe déjà avec cette adresse"));

    // Wrong password and unknown address: the same message.
    for email in ["camille@example.org", "personne@example.org"] {
        let r = sign_in(&other, "erreurs", email, "pas le bon mot de passe").await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
        assert!(r
            .text()
            .await
            .unwrap()
            .contains("Adresse e-mail ou mot de passe incorrect."));
    }
    // Guessing one account from one address is stopped after 5 tries, even the right one.
    for _ in 0..4 {
        sign_in(&other, "erreurs", "camille@example.org", "encore raté !!").await;
    }
    let r = sign_in(&other, "erreurs", "camille@example.org", PW).await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(r.text().await.unwrap().contains("Trop de tentatives"));
}

#[tokio::test]
async fn concurrent_sign_ups_with_one_address_make_one_account() {
    let app = TestApp::new().await;
    shop_with_transfer(&app, "course").await;
    let mut tasks = Vec::new();
    for _ in 0..5 {
        let c = app.client();
        c.csrf().await;
        tasks.push(tokio::spawn(async move {
            sign_up(&c, "course", "meme@example.org").await.status()
        }));
    }
    let mut created = 0;
    for t in tasks {
        match t.await.unwrap() {
            StatusCode::SEE_OTHER => created += 1,
            s => assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY),
        }
    }
    assert_eq!(created, 1);
}

#[tokio::test]
async fn a_forgotten_password_is_reset_once_by_an_emailed_link() {
    let app = TestApp::new().await;
    shop_with_transfer(&app, "oubli").await;
    let first = app.client();
    sign_up(&first, "oubli", "alix@example.org").await;

    let c = app.client();
    let r = c
        .post_form("/s/oubli/account/forgot", &[("email", "alix@example.org")])
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.text().await.unwrap().contains("Si un compte existe"));
    // An unknown address gets the same answer and no e-mail.
    let r = c
        .post_form(
            "/s/oubli/account/forgot",
            &[("email", "inconnu@example.org")],
        )
        .await;
    assert!(r.text().await.unwrap().contains("Si un compte existe"));

    let mail = app
        .wait_for_email("alix@example.org", "/account/reset/")
        .await;
    let link = path_of(&link_in(&mail, "/account/reset/"));
    let (status, _) = c.get_text(&link).await;
    assert_eq!(status, StatusCode::OK);
    let r = c.post_form(&link, &[("password", "court")]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = c
        .post_form(&link, &[("password", "un tout nouveau mot de passe")])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/s/oubli/account");
    let (status, _) = c.get_text("/s/oubli/account").await;
    assert_eq!(status, StatusCode::OK, "signed in by the reset");

    // The link worked once; the other device's session ended; the new password works.
    let (status, page) = c.get_text(&link).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(page.contains("n’est plus valable"), "{page}");
    assert_eq!(
        first.get("/s/oubli/account").await.status(),
        StatusCode::SEE_OTHER
    );
    let r = sign_in(
        &app.client(),
        "oubli",
        "alix@example.org",
        "un tout nouveau mot de passe",
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(app
        .emails()
        .iter()
        .all(|m| !m.contains("To: inconnu@example.org")));
}

#[tokio::test]
async fn the_address_book_checks_what_is_typed_and_stays_the_customers_own() {
    let app = TestApp::new().await;
    shop_with_transfer(&app, "carnet").await;
    let c = app.client();
    sign_up(&c, "carnet", "lou@example.org").await;

    let r = c
        .post_form(
            "/s/carnet/account/addresses/new",
            &[("name", "Lou Martin"), ("line1", ""), ("country", "ZZ")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(page.contains("Ce champ est à remplir."), "{page}");
    assert!(page.contains("value=\"Lou Martin\""), "{page}");

    for (line1, city) in [
        ("1 place du Marché", "Beaune"),
        ("8 quai Voltaire", "Paris"),
    ] {
        let r = c
            .post_form(
                "/s/carnet/account/addresses/new",
                &[
                    ("name", "Lou Martin"),
                    ("line1", line1),
                    ("postal_code", "21200"),
                    ("city", city),
                    ("country", "FR"),
                ],
            )
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
    }
    let id = app.shop_id("carnet").await;
    let book = {
        let mut conn = app.store.reader().await.unwrap();
        let cu = store::customer::by_email(&mut conn, id, "lou@example.org")
            .await
            .unwrap()
            .unwrap();
        store::customer::addresses(&mut conn, id, cu.id)
            .await
            .unwrap()
    };
    assert_eq!(book.len(), 2);
    assert_eq!(book[0].city, "Beaune", "the first address is the default");
    let paris = book[1].id;
    let r = c
        .post_form(&format!("/s/carnet/account/addresses/{paris}/default"), &[])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, account) = c.get_text("/s/carnet/account").await;
    let default_at = account.find("Adresse par défaut").unwrap();
    assert!(
        account.find("8 quai Voltaire").unwrap() < default_at,
        "{account}"
    );

    // Another customer of the shop cannot see, change or order from Lou's account.
    let other = app.client();
    sign_up(&other, "carnet", "sam@example.org").await;
    let (status, _) = other
        .get_text(&format!("/s/carnet/account/addresses/{paris}"))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let r = other
        .post_form(&format!("/s/carnet/account/addresses/{paris}/delete"), &[])
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let r = other
        .post_form("/s/carnet/account/orders/00001/reorder", &[])
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    // And Lou's account does not exist in another shop.
    shop_with_transfer(&app, "ailleurs").await;
    let r = sign_in(&app.client(), "ailleurs", "lou@example.org", PW).await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);

    let r = c
        .post_form(&format!("/s/carnet/account/addresses/{paris}/delete"), &[])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, account) = c.get_text("/s/carnet/account").await;
    assert!(!account.contains("8 quai Voltaire"), "{account}");
    assert!(
        account.contains("Adresse par défaut"),
        "Beaune is the default again"
    );
}

#[tokio::test]
async fn an_address_book_never_holds_more_than_its_limit_even_filled_at_once() {
    let app = TestApp::new().await;
    shop_with_transfer(&app, "plein").await;
    let c = app.client();
    sign_up(&c, "plein", "max@example.org").await;
    let max = app::customer::MAX_ADDRESSES;
    let mut tasks = Vec::new();
    for i in 0..max + 5 {
        let c = c.clone();
        tasks.push(tokio::spawn(async move {
            let line1 = format!("{i} rue des Lilas");
            c.post_form(
                "/s/plein/account/addresses/new",
                &[
                    ("name", "Max Martin"),
                    ("line1", &line1),
                    ("postal_code", "21000"),
                    ("city", "Dijon"),
                    ("country", "FR"),
                ],
            )
            .await
            .status()
        }));
    }
    let mut saved = 0;
    for t in tasks {
        match t.await.unwrap() {
            StatusCode::SEE_OTHER => saved += 1,
            s => assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY),
        }
    }
    assert_eq!(saved, max);
    let id = app.shop_id("plein").await;
    let mut conn = app.store.reader().await.unwrap();
    let cu = store::customer::by_email(&mut conn, id, "max@example.org")
        .await
        .unwrap()
        .unwrap();
    let book = store::customer::addresses(&mut conn, id, cu.id)
        .await
        .unwrap();
    assert_eq!(book.len(), max);
    assert_eq!(book.iter().filter(|a| a.is_default == 1).count(), 1);
}

#[tokio::test]
async fn a_customers_order_sent_twice_at_once_is_placed_once_even_with_another_cart_waiting() {
    let app = TestApp::new().await;
    let (id, _, v) = shop_with_transfer(&app, "deux-paniers").await;
    let shopper = app.client();
    add(&shopper, "deux-paniers", v, 1).await;
    let r = sign_up(&shopper, "deux-paniers", "camille@example.org").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let review = fill(&shopper, "deux-paniers", ADDRESS).await;
    let key = key_of(&review);
    // An older cart of the same customer (from another device, before a merge), with a line.
    let customer = {
        let mut c = app.store.reader().await.unwrap();
        store::customer::by_email(&mut c, id, "camille@example.org")
            .await
            .unwrap()
            .unwrap()
            .id
    };
    let older = {
        let mut tx = app.store.begin().await.unwrap();
        let (_, hash) = store::new_token();
        let cart = store::cart::create(&mut tx, id, &hash, Some(customer))
            .await
            .unwrap();
        store::cart::add_line(
            &mut tx,
            id,
            cart,
            &store::cart::NewLine {
                variant_id: store::id::VariantId(v),
                quantity: 3,
                starts_at: None,
                ends_at: None,
                booking_id: None,
            },
        )
        .await
        .unwrap();
        sqlx::query("UPDATE carts SET updated_at = 0 WHERE shop_id = $1 AND id = $2")
            .bind(id)
            .bind(cart)
            .execute(&mut *tx)
            .await
            .unwrap();
        store::commit(tx).await.unwrap();
        cart
    };
    // The second copy finds the order placed, or the older cart and the key already taken:
    // either way it answers with the first order and orders nothing else.
    let (a, b) = tokio::join!(
        place(&shopper, "deux-paniers", &key),
        place(&shopper, "deux-paniers", &key)
    );
    assert_eq!(a.status(), StatusCode::SEE_OTHER);
    assert_eq!(b.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&a), location(&b));
    let mut c = app.store.reader().await.unwrap();
    assert_eq!(store::order::count(&mut c, id, "").await.unwrap(), 1);
    let left = store::cart::lines(&mut c, id, older).await.unwrap();
    assert_eq!(left.len(), 1, "the older cart is untouched");
    assert_eq!(left[0].quantity, 3);
}
