//! Tenant isolation and shop resolution: one shop never sees another's data, whatever is guessed.
use crate::common::*;

#[tokio::test]
async fn staff_of_one_shop_get_nothing_from_another() {
    let app = TestApp::new().await;
    let a = app.owner("shop-a").await;
    let _b = app.owner("shop-b").await;
    let b_id = app.shop_id("shop-b").await;
    let mut conn = app.store.reader().await.unwrap();
    let b_owner = store::account::list_staff(&mut conn, b_id)
        .await
        .unwrap()
        .remove(0);

    // B's admin pages: A's owner is not signed in there.
    for p in [
        "/admin/",
        "/admin/settings",
        "/admin/appearance",
        "/admin/legal",
        "/admin/payments",
        "/admin/staff",
        "/admin/account",
    ] {
        let r = a.get(&format!("/s/shop-b{p}")).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{p}");
        assert!(location(&r).starts_with("/s/shop-b/admin/login"), "{p}");
    }
    // B's API: 401 without a session of B.
    for p in [
        "/api/v1/shop",
        "/api/v1/staff",
        &format!("/api/v1/staff/{}", b_owner.id),
    ] {
        let r = a.get(&format!("/s/shop-b{p}")).await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "{p}");
        assert!(!r.text().await.unwrap().contains("owner@shop-b"));
    }
    // A's session cookie presented to B directly does not open B.
    let token = a
        .cookie_at("/s/shop-a/", "vitrine_staff")
        .expect("A's session");
    let r = a
        .http
        .get(a.url("/s/shop-b/api/v1/shop"))
        .header("cookie", format!("vitrine_staff={token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let r = a
        .http
        .get(a.url("/s/shop-b/admin/settings"))
        .header("cookie", format!("vitrine_staff={token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    // B's ids guessed inside A's admin: 404, never B's data.
    let r = a
        .get(&format!("/s/shop-a/api/v1/staff/{}", b_owner.id))
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert!(!r.text().await.unwrap().contains("owner@shop-b"));
    for action in ["remove", "role"] {
        let r = a
            .post_form(
                &format!("/s/shop-a/admin/staff/{}/{action}", b_owner.id),
                &[("role", "staff")],
            )
            .await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{action}");
    }
    assert!(
        store::account::staff_by_id(&mut conn, b_id, b_owner.id)
            .await
            .is_ok(),
        "B's owner is untouched"
    );
    // Writing into B with A's form token and A's cookie does nothing.
    let r = a
        .post_form(
            "/s/shop-b/admin/appearance/colors",
            &[
                ("primary", "#000000"),
                ("background", "#ffffff"),
                ("text", "#000000"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(location(&r).contains("/s/shop-b/admin/login"));
    let b = store::shop::by_id(&mut conn, b_id).await.unwrap();
    assert_eq!(b.color_primary, store::shop::DEFAULT_PRIMARY);
    // A's own API works and shows only A.
    let j: serde_json::Value = a.get("/s/shop-a/api/v1/staff").await.json().await.unwrap();
    assert_eq!(j["staff"].as_array().unwrap().len(), 1);
    assert_eq!(j["staff"][0]["email"], "owner@shop-a.example");
    assert!(j["staff"][0].get("password_hash").is_none());
}

#[tokio::test]
async fn shops_resolve_from_their_subdomain_and_verified_custom_domain() {
    let app = TestApp::builder()
        .platform_domain("shops.test")
        .start()
        .await;
    let owner = app.owner("cheese").await;
    let c = app.client();
    let get = |host: &'static str, path: &'static str| {
        let c = c.clone();
        async move {
            c.http
                .get(c.url(path))
                .header("host", host)
                .send()
                .await
                .unwrap()
        }
    };
    let r = get("cheese.shops.test", "/").await;
    assert_eq!(r.status(), StatusCode::OK);
    let body = r.text().await.unwrap();
    assert!(body.contains("<h1>Boutique cheese</h1>"));
    assert!(
        body.contains("href=\"/mentions-legales\""),
        "links use the host form: {body}"
    );
    assert_eq!(
        get("nobody.shops.test", "/").await.status(),
        StatusCode::NOT_FOUND
    );

    // A custom domain works once the operator verified it.
    let r = owner
        .post_form(
            "/s/cheese/admin/settings/domains",
            &[("host", "www.fromages.example")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = get("www.fromages.example", "/").await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND, "not before verification");
    let mut tx = app.store.begin().await.unwrap();
    let cheese = app.shop_id("cheese").await;
    app::domains::verify(&mut tx, cheese, "www.fromages.example")
        .await
        .unwrap();
    store::commit(tx).await.unwrap();
    let r = get("www.fromages.example", "/mentions-legales").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.text().await.unwrap().contains("Boutique cheese"));
    // Once verified, another shop cannot claim the same domain.
    let other = app.owner("other").await;
    let r = other
        .post_form(
            "/s/other/admin/settings/domains",
            &[("host", "www.fromages.example")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
}
