//! The team: invitations by e-mail, roles and what each role may reach, the plan's team size, and
//! removing someone.
use crate::common::*;

async fn staff_id(app: &TestApp, slug: &str, email: &str) -> i64 {
    let shop = app.shop_id(slug).await;
    let mut c = app.store.reader().await.unwrap();
    store::account::staff_by_email(&mut c, shop, email)
        .await
        .unwrap()
        .expect("staff member")
        .id
}

async fn role_of(app: &TestApp, slug: &str, email: &str) -> String {
    let shop = app.shop_id(slug).await;
    let mut c = app.store.reader().await.unwrap();
    store::account::staff_by_email(&mut c, shop, email)
        .await
        .unwrap()
        .expect("staff member")
        .role
}

async fn pending(app: &TestApp, slug: &str) -> Vec<store::account::Invitation> {
    let shop = app.shop_id(slug).await;
    let mut c = app.store.reader().await.unwrap();
    store::account::pending_invitations(&mut c, shop)
        .await
        .unwrap()
}

async fn invite(by: &Client, slug: &str, email: &str, role: &str) -> reqwest::Response {
    by.post_form(
        &format!("/s/{slug}/admin/staff/invite"),
        &[("email", email), ("role", role)],
    )
    .await
}

/// Path of the invitation link e-mailed to `email`.
async fn invitation_path(app: &TestApp, email: &str) -> String {
    let mail = app.wait_for_email(email, "/admin/invite/").await;
    path_of(&link_in(&mail, "/admin/invite/"))
}

/// Invites `email` with `role`, accepts through the e-mailed link, and returns the newcomer's
/// client, signed in.
async fn join(app: &TestApp, by: &Client, slug: &str, email: &str, role: &str) -> Client {
    let r = invite(by, slug, email, role).await;
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "{}",
        r.text().await.unwrap()
    );
    let path = invitation_path(app, email).await;
    let newcomer = app.client();
    let r = newcomer
        .post_form(&path, &[("name", "Camille"), ("password", PASSWORD)])
        .await;
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "{}",
        r.text().await.unwrap()
    );
    newcomer
}

#[tokio::test]
async fn a_family_member_joins_through_the_invitation() {
    let app = TestApp::new().await;
    let owner = app.owner("famille").await;
    let (s, page) = owner.get_text("/s/famille/admin/staff").await;
    assert_eq!(s, StatusCode::OK, "{page}");
    assert!(page.contains("owner@famille.example"));
    assert!(page.contains("Propriétaire"));
    assert!(page.contains("Aucune invitation en attente"));

    let r = invite(&owner, "famille", "Cousin@Famille.example", "staff").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/s/famille/admin/staff?invited=1");
    let (_, page) = owner.get_text(&location(&r)).await;
    assert!(page.contains("Invitation envoyée"), "{page}");
    assert!(page.contains("cousin@famille.example"), "{page}");

    let mail = app
        .wait_for_email("cousin@famille.example", "/admin/invite/")
        .await;
    assert!(mail.contains("Boutique famille"), "{mail}");
    assert!(mail.contains("Employé·e"), "the role, translated: {mail}");
    let path = path_of(&link_in(&mail, "/admin/invite/"));

    let cousin = app.client();
    let (s, form) = cousin.get_text(&path).await;
    assert_eq!(s, StatusCode::OK, "{form}");
    assert!(form.contains("Rejoindre Boutique famille"), "{form}");
    assert!(form.contains("cousin@famille.example"), "{form}");
    assert!(form.contains("for=\"name\""));
    assert!(form.contains("for=\"password\""));

    // Mistakes are shown beside the fields and what was typed is kept.
    let r = cousin
        .post_form(&path, &[("name", "Paul"), ("password", "short")])
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.text().await.unwrap();
    assert!(body.contains("value=\"Paul\""), "{body}");
    assert!(body.contains("au moins 10 caractères"), "{body}");

    let r = cousin
        .post_form(&path, &[("name", "Cousin Paul"), ("password", PASSWORD)])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/s/famille/admin/");
    let (s, dash) = cousin.get_text("/s/famille/admin/").await;
    assert_eq!(s, StatusCode::OK, "{dash}");
    assert!(dash.contains("Cousin Paul"));
    let (s, _) = cousin.get_text("/s/famille/admin/account").await;
    assert_eq!(s, StatusCode::OK);

    // The link served once.
    let (s, again) = app.client().get_text(&path).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(again.contains("n’est plus valable"), "{again}");

    // The owner sees the new member, and no pending invitation any more.
    let (_, page) = owner.get_text("/s/famille/admin/staff").await;
    assert!(page.contains("Cousin Paul"));
    assert!(page.contains("Employé·e"));
    assert!(page.contains("Aucune invitation en attente"), "{page}");
    assert_eq!(
        role_of(&app, "famille", "cousin@famille.example").await,
        "staff"
    );

    // And the new member can sign in again later with the password they chose.
    let later = app.client();
    let r = later
        .post_form(
            "/s/famille/admin/login",
            &[("email", "cousin@famille.example"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn expired_or_unknown_invitations_are_refused_with_a_message() {
    let app = TestApp::new().await;
    let owner = app.owner("atelier").await;
    let r = invite(&owner, "atelier", "late@atelier.example", "manager").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let path = invitation_path(&app, "late@atelier.example").await;

    let shop = app.shop_id("atelier").await;
    let mut tx = app.store.begin().await.unwrap();
    sqlx::query("UPDATE invitations SET expires_at = $1 WHERE shop_id = $2")
        .bind(store::now() - 60)
        .bind(shop)
        .execute(&mut *tx)
        .await
        .unwrap();
    store::commit(tx).await.unwrap();

    let late = app.client();
    let (s, page) = late.get_text(&path).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(page.contains("n’est plus valable"), "{page}");
    let r = late
        .post_form(&path, &[("name", "Late"), ("password", PASSWORD)])
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(late.cookie("vitrine_staff").is_none());
    let mut c = app.store.reader().await.unwrap();
    assert!(
        store::account::staff_by_email(&mut c, shop, "late@atelier.example")
            .await
            .unwrap()
            .is_none(),
        "no account was created"
    );
    drop(c);
    // An expired invitation no longer counts as pending.
    assert!(pending(&app, "atelier").await.is_empty());

    let (s, page) = late
        .get_text("/s/atelier/admin/invite/0123456789abcdef")
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(page.contains("n’est plus valable"), "{page}");
}

#[tokio::test]
async fn an_employee_reaches_the_dashboard_but_not_the_settings() {
    let app = TestApp::new().await;
    let owner = app.owner("epicerie").await;
    let employee = join(&app, &owner, "epicerie", "emp@epicerie.example", "staff").await;
    let owner_id = staff_id(&app, "epicerie", "owner@epicerie.example").await;

    let (s, dash) = employee.get_text("/s/epicerie/admin/").await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        !dash.contains("/admin/settings\"") && !dash.contains("/admin/staff\""),
        "no links to pages they cannot open: {dash}"
    );
    let (s, _) = employee.get_text("/s/epicerie/admin/account").await;
    assert_eq!(s, StatusCode::OK);

    for page in ["settings", "appearance", "legal", "payments", "staff"] {
        let path = format!("/s/epicerie/admin/{page}");
        let (s, body) = employee.get_text(&path).await;
        assert_eq!(s, StatusCode::FORBIDDEN, "GET {path}");
        assert!(body.contains("Accès refusé") || body.contains("Access denied"));
        // The owner does reach it (so the 403 is about the role, not a missing page).
        let (s, _) = owner.get_text(&path).await;
        assert_eq!(s, StatusCode::OK, "owner GET {path}");
    }
    let owner_role = format!("/s/epicerie/admin/staff/{owner_id}/role");
    let owner_remove = format!("/s/epicerie/admin/staff/{owner_id}/remove");
    let posts: Vec<(&str, Vec<(&str, &str)>)> = vec![
        ("/s/epicerie/admin/settings", vec![("name", "Pirate")]),
        (
            "/s/epicerie/admin/settings/domains",
            vec![("domain", "pirate.example")],
        ),
        (
            "/s/epicerie/admin/appearance/colors",
            vec![
                ("primary", "#000000"),
                ("background", "#ffffff"),
                ("text", "#000000"),
            ],
        ),
        ("/s/epicerie/admin/appearance/logo/remove", vec![]),
        ("/s/epicerie/admin/legal", vec![("legal_name", "Pirate")]),
        ("/s/epicerie/admin/payments", vec![("holder", "Pirate")]),
        (
            "/s/epicerie/admin/staff/invite",
            vec![("email", "friend@pirate.example"), ("role", "staff")],
        ),
        (&owner_role, vec![("role", "staff")]),
        (&owner_remove, vec![]),
    ];
    for (path, fields) in &posts {
        let r = employee.post_form(path, fields).await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "POST {path}");
    }
    assert_eq!(
        role_of(&app, "epicerie", "owner@epicerie.example").await,
        "owner"
    );
    assert!(pending(&app, "epicerie").await.is_empty());
    let (_, home) = app.client().get_text("/s/epicerie/").await;
    assert!(!home.contains("Pirate"));
}

#[tokio::test]
async fn the_api_follows_the_roles_of_the_pages() {
    let app = TestApp::new().await;
    let owner = app.owner("bazar").await;
    let employee = join(&app, &owner, "bazar", "emp@bazar.example", "staff").await;
    let manager = join(&app, &owner, "bazar", "boss@bazar.example", "manager").await;
    let owner_id = staff_id(&app, "bazar", "owner@bazar.example").await;
    // Every /api/v1 route, with the page that shows the same data.
    let routes = [
        (
            "/s/bazar/api/v1/shop".to_string(),
            "/s/bazar/admin/settings",
        ),
        ("/s/bazar/api/v1/staff".to_string(), "/s/bazar/admin/staff"),
        (
            format!("/s/bazar/api/v1/staff/{owner_id}"),
            "/s/bazar/admin/staff",
        ),
    ];
    for (api, page) in &routes {
        for (who, client) in [("employee", &employee), ("manager", &manager)] {
            let (page_status, _) = client.get_text(page).await;
            let r = client.get(api).await;
            assert_eq!(r.status(), page_status, "{who}: {api} answers as {page}");
            let body = r.text().await.unwrap();
            if page_status == StatusCode::FORBIDDEN {
                assert!(
                    !body.contains("owner@bazar.example"),
                    "{who} reads no e-mail through {api}: {body}"
                );
                let j: serde_json::Value = serde_json::from_str(&body).unwrap();
                assert_eq!(j["status"], 403, "{body}");
            }
        }
    }
    let (s, _) = employee.get_text("/s/bazar/admin/staff").await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, _) = manager.get_text("/s/bazar/admin/staff").await;
    assert_eq!(s, StatusCode::OK);
}

#[tokio::test]
async fn a_manager_cannot_invite_an_owner_nor_demote_the_owner() {
    let app = TestApp::new().await;
    let owner = app.owner("maison").await;
    let manager = join(&app, &owner, "maison", "gerant@maison.example", "manager").await;
    let owner_id = staff_id(&app, "maison", "owner@maison.example").await;

    let (s, page) = manager.get_text("/s/maison/admin/staff").await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        !page.contains("value=\"owner\""),
        "owner is not offered: {page}"
    );
    assert!(
        !page.contains(&format!("/admin/staff/{owner_id}/")),
        "{page}"
    );

    let r = invite(&manager, "maison", "boss@maison.example", "owner").await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(pending(&app, "maison").await.is_empty());

    for (path, fields) in [
        (
            format!("/s/maison/admin/staff/{owner_id}/role"),
            vec![("role", "staff")],
        ),
        (
            format!("/s/maison/admin/staff/{owner_id}/role"),
            vec![("role", "manager")],
        ),
        (format!("/s/maison/admin/staff/{owner_id}/remove"), vec![]),
    ] {
        let r = manager.post_form(&path, &fields).await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "POST {path}");
    }
    assert_eq!(
        role_of(&app, "maison", "owner@maison.example").await,
        "owner"
    );

    // Nor promote themselves to owner.
    let me = staff_id(&app, "maison", "gerant@maison.example").await;
    let r = manager
        .post_form(
            &format!("/s/maison/admin/staff/{me}/role"),
            &[("role", "owner")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);

    // What a manager may do: invite staff and managers.
    let r = invite(&manager, "maison", "aide@maison.example", "staff").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(pending(&app, "maison").await.len(), 1);

    // The last owner can neither step down nor leave.
    let r = owner
        .post_form(
            &format!("/s/maison/admin/staff/{owner_id}/role"),
            &[("role", "manager")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.text().await.unwrap();
    assert!(body.contains("toujours garder"), "{body}");
    let r = owner
        .post_form(&format!("/s/maison/admin/staff/{owner_id}/remove"), &[])
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        role_of(&app, "maison", "owner@maison.example").await,
        "owner"
    );

    // Once there is a second owner, the first may step down.
    let r = owner
        .post_form(
            &format!("/s/maison/admin/staff/{me}/role"),
            &[("role", "owner")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = owner
        .post_form(
            &format!("/s/maison/admin/staff/{owner_id}/role"),
            &[("role", "manager")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        role_of(&app, "maison", "owner@maison.example").await,
        "manager"
    );
}

#[tokio::test]
async fn the_plan_limits_the_team_pending_invitations_included() {
    let app = TestApp::new().await;
    let owner = app.owner("duo").await;
    let shop = app.shop_id("duo").await;
    let mut tx = app.store.begin().await.unwrap();
    let plan = store::plan::create(&mut tx, "Duo", 100, 2, 100 * 1024 * 1024)
        .await
        .unwrap();
    store::shop::set_plan(&mut tx, shop, plan).await.unwrap();
    store::commit(tx).await.unwrap();

    let (_, page) = owner.get_text("/s/duo/admin/staff").await;
    assert!(page.contains("1 place(s) occupée(s) sur 2"), "{page}");

    let r = invite(&owner, "duo", "first@duo.example", "staff").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

    let r = invite(&owner, "duo", "second@duo.example", "staff").await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.text().await.unwrap();
    assert!(
        body.contains("nombre maximal de membres d’équipe") && body.contains("2 au maximum"),
        "{body}"
    );
    assert!(
        body.contains("value=\"second@duo.example\""),
        "kept: {body}"
    );
    let p = pending(&app, "duo").await;
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].email, "first@duo.example");

    // Sending the same invitation again replaces it rather than taking another place.
    let r = invite(&owner, "duo", "first@duo.example", "manager").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let p = pending(&app, "duo").await;
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].role, "manager");

    // Revoking frees the place.
    let r = owner
        .post_form(
            &format!("/s/duo/admin/staff/invitations/{}/revoke", p[0].id),
            &[],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(pending(&app, "duo").await.is_empty());
    let r = invite(&owner, "duo", "second@duo.example", "staff").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

    // Someone already on the team is not invited again.
    let r = invite(&owner, "duo", "owner@duo.example", "staff").await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.text().await.unwrap();
    assert!(body.contains("fait déjà partie de l’équipe"), "{body}");
    assert!(body.contains("aria-invalid=\"true\""), "{body}");
}

#[tokio::test]
async fn removing_a_member_ends_their_session() {
    let app = TestApp::new().await;
    let owner = app.owner("equipe").await;
    let member = join(&app, &owner, "equipe", "temp@equipe.example", "manager").await;
    let (s, _) = member.get_text("/s/equipe/admin/").await;
    assert_eq!(s, StatusCode::OK);
    let id = staff_id(&app, "equipe", "temp@equipe.example").await;

    // Nobody can remove themselves.
    let r = member
        .post_form(&format!("/s/equipe/admin/staff/{id}/remove"), &[])
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("vous retirer vous-même"));

    let r = owner
        .post_form(&format!("/s/equipe/admin/staff/{id}/remove"), &[])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, page) = owner.get_text(&location(&r)).await;
    assert!(page.contains("retirée de l’équipe"), "{page}");
    assert!(!page.contains("temp@equipe.example"), "{page}");

    let r = member.get("/s/equipe/admin/").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(location(&r).starts_with("/s/equipe/admin/login"));
    let r = member
        .post_form(
            "/s/equipe/admin/login",
            &[("email", "temp@equipe.example"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn ids_of_another_shop_are_not_found() {
    let app = TestApp::new().await;
    let a = app.owner("shop-a").await;
    let b = app.owner("shop-b").await;
    let r = invite(&a, "shop-a", "x@shop-a.example", "staff").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let inv = pending(&app, "shop-a").await[0].id;
    let a_owner = staff_id(&app, "shop-a", "owner@shop-a.example").await;

    for (path, fields) in [
        (
            format!("/s/shop-b/admin/staff/{a_owner}/role"),
            vec![("role", "staff")],
        ),
        (format!("/s/shop-b/admin/staff/{a_owner}/remove"), vec![]),
        (
            format!("/s/shop-b/admin/staff/invitations/{inv}/revoke"),
            vec![],
        ),
        (
            "/s/shop-b/admin/staff/not-a-number/remove".to_string(),
            vec![],
        ),
    ] {
        let r = b.post_form(&path, &fields).await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "POST {path}");
    }
    assert_eq!(
        role_of(&app, "shop-a", "owner@shop-a.example").await,
        "owner"
    );
    assert_eq!(pending(&app, "shop-a").await.len(), 1);

    // The invitation link only works in its own shop.
    let path = invitation_path(&app, "x@shop-a.example").await;
    let (s, _) = app
        .client()
        .get_text(&path.replace("/s/shop-a/", "/s/shop-b/"))
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
}
