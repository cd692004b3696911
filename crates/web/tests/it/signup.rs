//! Self-service signup: a would-be seller gets a working shop, logged into its admin.
use crate::common::*;

#[tokio::test]
async fn signup_gives_a_ready_shop_with_the_owner_logged_in() {
    let app = TestApp::new().await;
    let c = app.client();
    let (s, home) = c.get_text("/").await;
    assert_eq!(s, StatusCode::OK);
    assert!(home.contains("href=\"/signup\""));

    let r = app
        .signup(&c, "fromagerie-emilie", "emilie@example.com")
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/s/fromagerie-emilie/admin/?welcome=1");

    let (s, admin) = c.get_text("/s/fromagerie-emilie/admin/").await;
    assert_eq!(s, StatusCode::OK, "{admin}");
    assert!(admin.contains("Boutique fromagerie-emilie"));

    // The storefront is live, with default legal pages and the shop in the platform's list.
    let shopper = app.client();
    let (s, page) = shopper.get_text("/s/fromagerie-emilie/").await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("<h1>Boutique fromagerie-emilie</h1>"));
    let (s, cgv) = shopper.get_text("/s/fromagerie-emilie/pages/cgv").await;
    assert_eq!(s, StatusCode::OK);
    assert!(cgv.contains("Conditions générales de vente"));
    let (s, legal) = shopper
        .get_text("/s/fromagerie-emilie/mentions-legales")
        .await;
    assert_eq!(s, StatusCode::OK);
    assert!(legal.contains("Mentions légales"));
    let (_, home) = shopper.get_text("/").await;
    assert!(home.contains("/s/fromagerie-emilie/"));

    // Bank transfer is offered from the start, and a welcome e-mail went out.
    let mut conn = app.store.reader().await.unwrap();
    let id = app.shop_id("fromagerie-emilie").await;
    let methods = store::payment::list(&mut conn, id).await.unwrap();
    assert!(methods
        .iter()
        .any(|m| m.code == "bank_transfer" && m.enabled == 1));
    app.wait_for_email("emilie@example.com", "fromagerie-emilie/admin/")
        .await;
}

#[tokio::test]
async fn signup_refuses_bad_and_taken_addresses_with_messages() {
    let app = TestApp::new().await;
    app.owner("atelier").await;
    let c = app.client();
    let r = app.signup(&c, "atelier", "x@example.com").await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.text().await.unwrap();
    assert!(
        body.contains("déjà prise") || body.contains("already taken"),
        "{body}"
    );

    let r = c
        .post_form(
            "/signup",
            &[
                ("name", "A"),
                ("slug", "admin"),
                ("email", "not-an-email"),
                ("password", "short"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.text().await.unwrap();
    assert_eq!(
        body.matches("class=\"error\"").count(),
        4,
        "one message per bad field: {body}"
    );
    assert!(
        body.contains("value=\"not-an-email\""),
        "what was typed is kept"
    );

    // As-you-type check.
    let j: serde_json::Value = c
        .get("/signup/slug?slug=atelier")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(j["available"], false);
    let j: serde_json::Value = c
        .get("/signup/slug?slug=new-shop")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(j["available"], true);
    let j: serde_json::Value = c
        .get("/signup/slug?suggest=Fromagerie%20%C3%89milie")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(j["slug"], "fromagerie-emilie");
}

#[tokio::test]
async fn unknown_shop_is_a_friendly_404() {
    let app = TestApp::new().await;
    let c = app.client();
    let r = c
        .http
        .get(c.url("/s/nobody-here/"))
        .header("accept-language", "en")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let body = r.text().await.unwrap();
    assert!(body.contains("Page not found"), "{body}");
}

#[tokio::test]
async fn forms_without_the_csrf_token_are_refused() {
    let app = TestApp::new().await;
    let c = app.client();
    c.csrf().await;
    let r = c
        .http
        .post(c.url("/signup"))
        .form(&[
            ("name", "Shop"),
            ("slug", "csrf-shop"),
            ("email", "a@b.example"),
            ("password", PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let other = app.client();
    let foreign = other.csrf().await;
    let r = c
        .http
        .post(c.url("/signup"))
        .form(&[
            ("_csrf", foreign.as_str()),
            ("name", "Shop"),
            ("slug", "csrf-shop"),
            ("email", "a@b.example"),
            ("password", PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        StatusCode::FORBIDDEN,
        "another visitor's token does not work"
    );
    let r = c
        .http
        .post(c.url("/signup"))
        .header("origin", "https://evil.example")
        .form(&[
            ("_csrf", c.csrf().await.as_str()),
            ("name", "Shop"),
            ("slug", "csrf-shop"),
            ("email", "a@b.example"),
            ("password", PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        StatusCode::FORBIDDEN,
        "a cross-site origin is refused"
    );
    let mut conn = app.store.reader().await.unwrap();
    assert!(!store::shop::slug_taken(&mut conn, "csrf-shop")
        .await
        .unwrap());
}
