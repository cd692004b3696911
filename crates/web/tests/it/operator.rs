//! The operator console: signing in, shops (search, create, suspend, export, delete), plans and
//! the host's identity.
use crate::common::*;

/// A client signed in to the operator console.
pub(crate) async fn operator(app: &TestApp) -> Client {
    let c = app.client();
    let r = c
        .post_form(
            "/operator/login",
            &[("email", OPERATOR_EMAIL), ("password", OPERATOR_PASSWORD)],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/operator/");
    c
}

async fn default_plan_id(app: &TestApp) -> i64 {
    let mut c = app.store.reader().await.unwrap();
    store::plan::list(&mut c)
        .await
        .unwrap()
        .into_iter()
        .find(|p| p.is_default != 0)
        .expect("a default plan")
        .id
}

/// Adds a team member with `role` straight into the shop.
pub(crate) async fn add_staff(app: &TestApp, slug: &str, email: &str, role: &str) {
    let shop_id = app.shop_id(slug).await;
    let hash = web::password::hash(PASSWORD).await.unwrap();
    let mut tx = app.store.begin().await.unwrap();
    store::account::create_staff(&mut tx, shop_id, email, "Aide", &hash, role)
        .await
        .unwrap();
    store::commit(tx).await.unwrap();
}

pub(crate) async fn staff_login(
    app: &TestApp,
    slug: &str,
    email: &str,
    password: &str,
) -> (Client, StatusCode) {
    let c = app.client();
    let r = c
        .post_form(
            &format!("/s/{slug}/admin/login"),
            &[("email", email), ("password", password)],
        )
        .await;
    let s = r.status();
    (c, s)
}

#[tokio::test]
async fn console_requires_an_operator_login() {
    let app = TestApp::new().await;
    let anonymous = app.client();
    for path in [
        "/operator/",
        "/operator/plans",
        "/operator/settings",
        "/operator/shops/anything",
        "/operator/shops/anything/export",
    ] {
        let r = anonymous.get(path).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{path}");
        assert!(
            location(&r).starts_with("/operator/login?next="),
            "{path} → {}",
            location(&r)
        );
    }
    let r = anonymous
        .post_form("/operator/settings", &[("host_name", "Intrus")])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (s, login) = anonymous
        .get_text("/operator/login?next=/operator/plans")
        .await;
    assert_eq!(s, StatusCode::OK);
    assert!(login.contains(r#"<meta name="robots" content="noindex">"#));
    assert!(login.contains(r#"name="next" value="/operator/plans""#));

    // A shop owner's session opens their shop's admin, never the console.
    let owner = app.owner("fromagerie").await;
    let (s, _) = owner.get_text("/s/fromagerie/admin/").await;
    assert_eq!(s, StatusCode::OK);
    let r = owner.get("/operator/").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(location(&r).starts_with("/operator/login"));

    // Signing in leads back where the operator was going, and never off the console.
    let c = app.client();
    let r = c
        .post_form(
            "/operator/login",
            &[
                ("email", OPERATOR_EMAIL),
                ("password", OPERATOR_PASSWORD),
                ("next", "/operator/plans"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/operator/plans");
    let cookie = r
        .headers()
        .get("set-cookie")
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    assert!(cookie.contains("Path=/operator") && cookie.contains("HttpOnly"));
    let (s, page) = c.get_text("/operator/").await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("fromagerie"));

    let r = c.post_form("/operator/logout", &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/operator/login");
    assert_eq!(c.get("/operator/").await.status(), StatusCode::SEE_OTHER);

    let r = app
        .client()
        .post_form(
            "/operator/login",
            &[
                ("email", OPERATOR_EMAIL),
                ("password", OPERATOR_PASSWORD),
                ("next", "https://evil.example/"),
            ],
        )
        .await;
    assert_eq!(location(&r), "/operator/");
}

#[tokio::test]
async fn wrong_passwords_get_a_message_then_a_pause() {
    let app = TestApp::new().await;
    let english = app.client();
    english.get("/lang/en?next=/operator/login").await;
    let r = english
        .post_form(
            "/operator/login",
            &[("email", OPERATOR_EMAIL), ("password", "not the password")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert!(r
        .text()
        .await
        .unwrap()
        .contains("Wrong email address or password."));

    let c = app.client();
    for _ in 0..4 {
        let r = c
            .post_form(
                "/operator/login",
                &[("email", OPERATOR_EMAIL), ("password", "pas le bon")],
            )
            .await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
        let body = r.text().await.unwrap();
        assert!(body.contains("Adresse e-mail ou mot de passe incorrect."));
        assert!(body.contains("aria-invalid=\"true\""));
    }
    // Five failures for this account: even the right password now waits.
    let r = c
        .post_form(
            "/operator/login",
            &[("email", OPERATOR_EMAIL), ("password", OPERATOR_PASSWORD)],
        )
        .await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(r.text().await.unwrap().contains("Trop de tentatives"));
    assert_eq!(c.get("/operator/").await.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn search_finds_shops_by_name_or_address() {
    let app = TestApp::new().await;
    app.owner("fromagerie-emilie").await;
    app.owner("perroquets-paul").await;
    let op = operator(&app).await;

    let (s, all) = op.get_text("/operator/").await;
    assert_eq!(s, StatusCode::OK);
    assert!(all.contains("2 boutiques"), "{all}");
    assert!(all.contains(r#"href="/s/fromagerie-emilie/""#));
    assert!(all.contains("Starter"), "the plan is shown");

    let (_, found) = op.get_text("/operator/?q=FROMAG").await;
    assert!(found.contains(r#"href="/s/fromagerie-emilie/""#));
    assert!(!found.contains(r#"href="/s/perroquets-paul/""#));
    assert!(found.contains("1 boutique"));

    let (_, by_name) = op.get_text("/operator/?q=Boutique%20perroquets").await;
    assert!(by_name.contains(r#"href="/s/perroquets-paul/""#));
    assert!(!by_name.contains(r#"href="/s/fromagerie-emilie/""#));

    let (s, none) = op.get_text("/operator/?q=zzz&page=abc").await;
    assert_eq!(s, StatusCode::OK);
    assert!(none.contains("Aucune boutique ne correspond"));
}

#[tokio::test]
async fn a_shop_created_by_the_operator_lets_its_owner_choose_a_password() {
    let app = TestApp::new().await;
    let op = operator(&app).await;
    let plan = default_plan_id(&app).await.to_string();

    let r = op
        .post_form(
            "/operator/shops",
            &[
                ("name", "La Cave à Paul"),
                ("slug", "cave-paul"),
                ("email", "paul@cave.example"),
                ("plan", &plan),
                ("lang", "fr"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/operator/shops/cave-paul?created=1");
    let (s, page) = op.get_text(&location(&r)).await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("La Cave à Paul"));
    assert!(page.contains("Un e-mail a été envoyé"));

    // The same address again, and a bad e-mail: both said beside their field, nothing created.
    let r = op
        .post_form(
            "/operator/shops",
            &[
                ("name", "Autre cave"),
                ("slug", "cave-paul"),
                ("email", "pas-une-adresse"),
                ("plan", &plan),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.text().await.unwrap();
    assert!(
        body.contains(r#"id="slug-err">Cette adresse est déjà utilisée"#),
        "{body}"
    );
    assert!(body.contains(r#"id="email-err""#));
    assert!(
        body.contains(r#"value="Autre cave""#),
        "what was typed is kept"
    );
    let r = op
        .post_form(
            "/operator/shops",
            &[
                ("name", "Sans formule"),
                ("slug", "sans-formule"),
                ("email", "a@b.example"),
                ("plan", "12345"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let mut conn = app.store.reader().await.unwrap();
    assert!(!store::shop::slug_taken(&mut conn, "sans-formule")
        .await
        .unwrap());
    drop(conn);

    // The owner cannot sign in before choosing a password…
    let (_, s) = staff_login(&app, "cave-paul", "paul@cave.example", PASSWORD).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    // …which the e-mail lets them do.
    let mail = app
        .wait_for_email("paul@cave.example", "/s/cave-paul/admin/reset/")
        .await;
    assert!(mail.contains("La Cave à Paul"));
    let link = link_in(&mail, "/admin/reset/");
    assert!(link.starts_with(&app.url));
    let owner = app.client();
    let (s, _) = owner.get_text(&path_of(&link)).await;
    assert_eq!(s, StatusCode::OK);
    let r = owner
        .post_form(&path_of(&link), &[("password", PASSWORD)])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (owner, s) = staff_login(&app, "cave-paul", "paul@cave.example", PASSWORD).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let (s, admin) = owner.get_text("/s/cave-paul/admin/").await;
    assert_eq!(s, StatusCode::OK);
    assert!(admin.contains("La Cave à Paul"));
}

#[tokio::test]
async fn a_suspended_shop_is_closed_to_shoppers_and_staff_but_not_its_owner() {
    // The production setting: the node keeps shops in memory for shoppers for a second.
    let app = TestApp::builder().shop_cache_ms(1000).start().await;
    app.owner("fromagerie").await;
    add_staff(&app, "fromagerie", "aide@fromagerie.example", "staff").await;
    let (helper, s) = staff_login(&app, "fromagerie", "aide@fromagerie.example", PASSWORD).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let op = operator(&app).await;
    let shopper = app.client();
    let (s, _) = shopper.get_text("/s/fromagerie/").await;
    assert_eq!(
        s,
        StatusCode::OK,
        "open before, and now in the node's memory"
    );

    let r = op
        .post_form("/operator/shops/fromagerie/suspend", &[])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, page) = op.get_text(&location(&r)).await;
    assert!(page.contains("Suspendue"));
    assert!(page.contains("/operator/shops/fromagerie/resume"));

    let (s, closed) = shopper.get_text("/s/fromagerie/").await;
    assert_eq!(s, StatusCode::SERVICE_UNAVAILABLE);
    assert!(closed.contains("temporairement fermée"), "{closed}");

    let (owner, s) = staff_login(&app, "fromagerie", "owner@fromagerie.example", PASSWORD).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let (s, _) = owner.get_text("/s/fromagerie/admin/").await;
    assert_eq!(s, StatusCode::OK);

    let (s, _) = helper.get_text("/s/fromagerie/admin/").await;
    assert_eq!(
        s,
        StatusCode::SERVICE_UNAVAILABLE,
        "an open session is closed too"
    );
    let (_, s) = staff_login(&app, "fromagerie", "aide@fromagerie.example", PASSWORD).await;
    assert_eq!(s, StatusCode::SERVICE_UNAVAILABLE);

    let r = op.post_form("/operator/shops/fromagerie/resume", &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (s, _) = shopper.get_text("/s/fromagerie/").await;
    assert_eq!(s, StatusCode::OK);
    let (s, _) = helper.get_text("/s/fromagerie/admin/").await;
    assert_eq!(s, StatusCode::OK);
}

#[tokio::test]
async fn domains_are_verified_from_their_own_shop_page() {
    let app = TestApp::new().await;
    app.owner("bouquiniste").await;
    app.owner("autre").await;
    let id = app.shop_id("bouquiniste").await;
    let mut tx = app.store.begin().await.unwrap();
    store::shop::add_domain(&mut tx, id, "livres.example")
        .await
        .unwrap();
    store::commit(tx).await.unwrap();
    let op = operator(&app).await;

    let (_, page) = op.get_text("/operator/shops/bouquiniste").await;
    assert!(page.contains("livres.example"), "{page}");
    assert!(page.contains("Non vérifié"));

    let r = op
        .post_form(
            "/operator/shops/autre/domains/verify",
            &[("host", "livres.example")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND, "not that shop's domain");
    let r = op
        .post_form(
            "/operator/shops/bouquiniste/domains/verify",
            &[("host", "livres.example")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, page) = op.get_text(&location(&r)).await;
    assert!(page.contains("Vérifié le"));
    let mut c = app.store.reader().await.unwrap();
    let d = store::shop::domains(&mut c, id).await.unwrap();
    assert!(d[0].verified_at.is_some());
}

#[tokio::test]
async fn an_unverified_claim_blocks_nobody_and_the_first_verified_claim_wins() {
    let app = TestApp::new().await;
    let squatter = app.owner("squat").await;
    let owner = app.owner("fromagerie").await;
    let host = "www.fromages.example";
    // A stranger claims the domain first: the real owner can still add it.
    for (client, slug) in [(&squatter, "squat"), (&owner, "fromagerie")] {
        let r = client
            .post_form(
                &format!("/s/{slug}/admin/settings/domains"),
                &[("host", host)],
            )
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{slug} may claim it");
    }
    let r = owner
        .post_form("/s/fromagerie/admin/settings/domains", &[("host", host)])
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("déjà ajouté ce domaine"));

    // The operator checks the DNS and verifies the owner's claim: it wins.
    let op = operator(&app).await;
    let r = op
        .post_form(
            "/operator/shops/fromagerie/domains/verify",
            &[("host", host)],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    // The stranger's claim can no longer be verified, and the page says why.
    let r = op
        .post_form("/operator/shops/squat/domains/verify", &[("host", host)])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, page) = op.get_text(&location(&r)).await;
    assert!(
        page.contains("a d’abord été vérifié pour une autre boutique"),
        "{page}"
    );
    assert!(page.contains("Vérifié pour une autre boutique."), "{page}");
    let mut c = app.store.reader().await.unwrap();
    let squat_id = app.shop_id("squat").await;
    let d = store::shop::domains(&mut c, squat_id).await.unwrap();
    assert!(d[0].verified_at.is_none() && d[0].taken, "{d:?}");
    let owner_id = app.shop_id("fromagerie").await;
    assert_eq!(
        store::shop::verified_owner(&mut c, host).await.unwrap(),
        Some(owner_id)
    );
    drop(c);
    let (_, settings) = squatter.get_text("/s/squat/admin/settings").await;
    assert!(
        settings.contains("Relié à une autre boutique"),
        "{settings}"
    );

    // A third shop is now refused at once.
    let third = app.owner("troisieme").await;
    let r = third
        .post_form("/s/troisieme/admin/settings/domains", &[("host", host)])
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r
        .text()
        .await
        .unwrap()
        .contains("déjà relié à une autre boutique"));
}

#[tokio::test]
async fn two_verifications_at_once_give_the_domain_to_one_shop() {
    let app = TestApp::new().await;
    let mut ids = Vec::new();
    for slug in ["premier", "second", "troisieme", "quatrieme"] {
        app.owner(slug).await;
        let id = app.shop_id(slug).await;
        let mut tx = app.store.begin().await.unwrap();
        app::domains::claim(&mut tx, id, "disputed.example")
            .await
            .unwrap();
        store::commit(tx).await.unwrap();
        ids.push(id);
    }
    let tasks: Vec<_> = ids
        .iter()
        .map(|&id| {
            let st = app.store.clone();
            tokio::spawn(async move {
                let mut tx = st.begin().await.unwrap();
                match app::domains::verify(&mut tx, id, "disputed.example").await {
                    Ok(()) => {
                        store::commit(tx).await.unwrap();
                        true
                    }
                    Err(app::domains::DomainError::Taken) => false,
                    Err(e) => panic!("{e}"),
                }
            })
        })
        .collect();
    let mut won = 0;
    for t in tasks {
        won += usize::from(t.await.unwrap());
    }
    assert_eq!(won, 1, "exactly one shop gets the domain");
    let mut c = app.store.reader().await.unwrap();
    let verified: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM custom_domains WHERE host = 'disputed.example' AND verified_at IS NOT NULL",
    )
    .fetch_one(&mut *c)
    .await
    .unwrap();
    assert_eq!(verified, 1);
}

#[tokio::test]
async fn deleting_a_shop_asks_for_its_address_and_leaves_nothing_behind() {
    let app = TestApp::new().await;
    app.owner("a-supprimer").await;
    app.owner("a-garder").await;
    add_staff(&app, "a-supprimer", "aide@a-supprimer.example", "staff").await;
    let id = app.shop_id("a-supprimer").await;
    let key = format!("shops/{id}/logo-test.png");
    let file = app.config.media_dir().join(&key);
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(&file, b"not really a png").unwrap();
    let mut tx = app.store.begin().await.unwrap();
    store::media::record(&mut tx, id, &key, 16, "image/png")
        .await
        .unwrap();
    store::shop::add_domain(&mut tx, id, "supprimer.example")
        .await
        .unwrap();
    store::shop::set_tagline(&mut tx, id, "fr", Some("Tout doit disparaître"))
        .await
        .unwrap();
    store::commit(tx).await.unwrap();
    let op = operator(&app).await;

    // The export first: everything the owner entered, never a password hash.
    let r = op.get("/operator/shops/a-supprimer/export").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        r.headers()["content-disposition"],
        r#"attachment; filename="a-supprimer-export.json""#
    );
    assert!(r.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("application/json"));
    let text = r.text().await.unwrap();
    assert!(!text.contains("password_hash"), "{text}");
    assert!(!text.contains("$argon2"));
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(json["shop"]["slug"], "a-supprimer");
    assert_eq!(json["taglines"]["fr"], "Tout doit disparaître");
    let staff = json["staff"].as_array().unwrap();
    assert_eq!(staff.len(), 2);
    assert!(staff
        .iter()
        .any(|s| s["email"] == "owner@a-supprimer.example" && s["role"] == "owner"));
    assert!(staff
        .iter()
        .all(|s| s["id"].is_i64() && s["name"].is_string()));
    assert!(!json["pages"].as_array().unwrap().is_empty());
    assert!(json["legal_identity"].is_object());
    assert_eq!(json["payment_methods"][0]["code"], "bank_transfer");
    assert!(json["payment_methods"][0]["settings"].is_object());
    assert_eq!(json["shipping_table"]["zones"][0]["name"], "France");
    assert_eq!(json["custom_domains"][0]["host"], "supprimer.example");
    assert_eq!(json["media_files"][0]["key"], key);

    let (s, confirm) = op.get_text("/operator/shops/a-supprimer/delete").await;
    assert_eq!(s, StatusCode::OK);
    assert!(confirm.contains(r#"href="/operator/shops/a-supprimer/export""#));
    assert!(confirm.contains("définitive"));

    let r = op
        .post_form(
            "/operator/shops/a-supprimer/delete",
            &[("confirm", "a-garder")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.text().await.unwrap();
    assert!(body.contains("rien n’a été supprimé"), "{body}");
    assert!(body.contains(r#"aria-invalid="true""#));
    let shopper = app.client();
    assert_eq!(
        shopper.get("/s/a-supprimer/").await.status(),
        StatusCode::OK
    );
    assert!(file.exists());

    let r = op
        .post_form(
            "/operator/shops/a-supprimer/delete",
            &[("confirm", "a-supprimer")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/operator/?deleted=a-supprimer");
    let (_, list) = op.get_text(&location(&r)).await;
    assert!(list.contains("La boutique « a-supprimer » a été supprimée."));
    assert!(list.contains("a-garder"));

    assert_eq!(
        shopper.get("/s/a-supprimer/").await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(shopper.get("/s/a-garder/").await.status(), StatusCode::OK);
    let mut c = app.store.reader().await.unwrap();
    for table in store::schema::TENANT_TABLES_DELETE_ORDER
        .iter()
        .chain(["custom_domains"].iter())
    {
        let n: i64 =
            sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table} WHERE shop_id = $1"))
                .bind(id)
                .fetch_one(&mut *c)
                .await
                .unwrap();
        assert_eq!(n, 0, "rows of the deleted shop remain in {table}");
    }
    let kept = app.shop_id("a-garder").await;
    assert_eq!(store::account::count_staff(&mut c, kept).await.unwrap(), 1);
    assert!(!file.exists());
    assert!(!app.config.media_dir().join(format!("shops/{id}")).exists());
}

#[tokio::test]
async fn plans_are_validated_and_given_to_shops() {
    let app = TestApp::new().await;
    app.owner("atelier").await;
    let op = operator(&app).await;

    let r = op
        .post_form(
            "/operator/plans",
            &[
                ("name", "Solo"),
                ("max_products", "beaucoup"),
                ("max_staff", "-3"),
                ("max_storage_mb", ""),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.text().await.unwrap();
    assert!(
        body.contains(r#"id="max_products-err">Saisissez un nombre entier"#),
        "{body}"
    );
    assert!(body.contains(r#"id="max_staff-err""#));
    assert!(
        !body.contains(r#"id="max_storage_mb-err""#),
        "empty is unlimited"
    );
    assert!(body.contains(r#"value="beaucoup""#));
    let r = op
        .post_form(
            "/operator/plans",
            &[("name", " "), ("max_products", "10"), ("max_staff", "1")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r
        .text()
        .await
        .unwrap()
        .contains("Donnez un nom à la formule."));

    let r = op
        .post_form(
            "/operator/plans",
            &[
                ("name", "Solo"),
                ("max_products", ""),
                ("max_staff", "1"),
                ("max_storage_mb", "50"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = op
        .post_form("/operator/plans", &[("name", "Solo"), ("max_staff", "2")])
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("porte déjà ce nom"));

    let solo = {
        let mut c = app.store.reader().await.unwrap();
        store::plan::list(&mut c)
            .await
            .unwrap()
            .into_iter()
            .find(|p| p.name == "Solo")
            .unwrap()
    };
    assert_eq!(
        (solo.max_products, solo.max_staff, solo.max_storage_bytes),
        (-1, 1, 50 * 1024 * 1024)
    );
    let (_, list) = op.get_text("/operator/plans").await;
    assert!(list.contains("Solo") && list.contains("Illimité") && list.contains("50 Mo"));

    let r = op
        .post_form(
            "/operator/shops/atelier/plan",
            &[("plan", &solo.id.to_string())],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, page) = op.get_text("/operator/shops/atelier").await;
    assert!(page.contains("<dd>Solo</dd>"), "{page}");
    let mut c = app.store.reader().await.unwrap();
    let shop = store::shop::by_slug(&mut c, "atelier")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(shop.plan_id, solo.id);
    drop(c);

    // Editing keeps the same checks; "-1" also means unlimited.
    let (s, edit) = op.get_text(&format!("/operator/plans/{}", solo.id)).await;
    assert_eq!(s, StatusCode::OK);
    assert!(edit.contains("1 boutique a cette formule."));
    let r = op
        .post_form(
            &format!("/operator/plans/{}", solo.id),
            &[
                ("name", "Solo"),
                ("max_products", "1.5"),
                ("max_staff", "1"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = op
        .post_form(
            &format!("/operator/plans/{}", solo.id),
            &[
                ("name", "Solo+"),
                ("max_products", "100"),
                ("max_staff", "1"),
                ("max_storage_mb", "-1"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

    let r = op
        .post_form(&format!("/operator/plans/{}/default", solo.id), &[])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let mut c = app.store.reader().await.unwrap();
    let p = store::plan::by_id(&mut c, solo.id).await.unwrap();
    assert_eq!(
        (
            p.name.as_str(),
            p.max_products,
            p.max_storage_bytes,
            p.is_default
        ),
        ("Solo+", 100, -1, 1)
    );
    assert_eq!(default_plan_id(&app).await, solo.id);
}

#[tokio::test]
async fn the_hosts_identity_appears_in_every_legal_notice() {
    let app = TestApp::new().await;
    app.owner("librairie").await;
    let op = operator(&app).await;

    let r = op
        .post_form(
            "/operator/settings",
            &[
                ("host_name", "Hébergeur Exemple SAS"),
                ("host_address", ""),
                ("host_phone", "appelez-nous"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.text().await.unwrap();
    assert!(
        body.contains(r#"id="host_address-err">Ce champ est obligatoire."#),
        "{body}"
    );
    assert!(body.contains(r#"id="host_phone-err""#));

    let r = op
        .post_form(
            "/operator/settings",
            &[
                ("host_name", "Hébergeur Exemple SAS"),
                ("host_address", "1 rue du Test, 75001 Paris, France"),
                ("host_phone", "+33 1 23 45 67 89"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, form) = op.get_text("/operator/settings").await;
    assert!(form.contains(r#"value="Hébergeur Exemple SAS""#));

    let (s, legal) = app.client().get_text("/s/librairie/mentions-legales").await;
    assert_eq!(s, StatusCode::OK);
    assert!(legal.contains("Hébergeur Exemple SAS"));
    assert!(legal.contains("1 rue du Test, 75001 Paris, France"));
    assert!(legal.contains("+33 1 23 45 67 89"));
}
