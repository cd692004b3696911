//! One's own account: sessions (logout, "log out everywhere"), the password (change, reset by
//! e-mail) and the login rate limits.
use reqwest::cookie::CookieStore;

use crate::common::*;

const NEW_PASSWORD: &str = "a brand new sentence";

/// The staff session cookie a client holds for a shop (it is scoped to `/s/{slug}/`).
fn staff_cookie(c: &Client, slug: &str) -> Option<String> {
    let url: reqwest::Url = format!("{}/s/{slug}/admin/", c.base).parse().unwrap();
    let all = c.jar.cookies(&url)?;
    all.to_str()
        .ok()?
        .split("; ")
        .filter_map(|kv| kv.split_once('='))
        .find(|(k, _)| *k == "vitrine_staff")
        .map(|(_, v)| v.to_string())
}

/// A request carrying only this session cookie, as someone who copied it would send.
async fn get_with_session(app: &TestApp, path: &str, token: &str) -> reqwest::Response {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .get(format!("{}{path}", app.url))
        .header("cookie", format!("vitrine_staff={token}"))
        .send()
        .await
        .unwrap()
}

async fn login(app: &TestApp, slug: &str, email: &str, password: &str) -> (Client, StatusCode) {
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

fn goes_to_login(r: &reqwest::Response, slug: &str) -> bool {
    r.status() == StatusCode::SEE_OTHER
        && location(r).starts_with(&format!("/s/{slug}/admin/login"))
}

#[tokio::test]
async fn logout_revokes_the_session_on_the_server() {
    let app = TestApp::new().await;
    let owner = app.owner("sortie").await;
    let token = staff_cookie(&owner, "sortie").expect("signed in");
    let r = get_with_session(&app, "/s/sortie/admin/", &token).await;
    assert_eq!(r.status(), StatusCode::OK);

    let r = owner.post_form("/s/sortie/admin/logout", &[]).await;
    assert!(goes_to_login(&r, "sortie"));
    assert!(staff_cookie(&owner, "sortie").is_none(), "cookie cleared");

    // A copy of the old cookie is worthless now.
    let r = get_with_session(&app, "/s/sortie/admin/", &token).await;
    assert!(goes_to_login(&r, "sortie"), "{:?}", r.status());
}

#[tokio::test]
async fn log_out_everywhere_ends_every_session() {
    let app = TestApp::new().await;
    let first = app.owner("partout").await;
    let (second, s) = login(&app, "partout", "owner@partout.example", PASSWORD).await;
    assert_eq!(s, StatusCode::SEE_OTHER);

    let (s, page) = first.get_text("/s/partout/admin/account").await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("sur 2 appareils"), "{page}");
    assert!(page.contains("/admin/logout-everywhere"));

    let r = second
        .post_form("/s/partout/admin/logout-everywhere", &[])
        .await;
    assert!(goes_to_login(&r, "partout"));
    for c in [&first, &second] {
        let r = c.get("/s/partout/admin/").await;
        assert!(goes_to_login(&r, "partout"));
    }

    let (third, _) = login(&app, "partout", "owner@partout.example", PASSWORD).await;
    let (_, page) = third.get_text("/s/partout/admin/account").await;
    assert!(page.contains("sur un seul appareil"), "{page}");
}

#[tokio::test]
async fn the_name_can_be_changed() {
    let app = TestApp::new().await;
    let owner = app.owner("nom").await;
    let r = owner
        .post_form("/s/nom/admin/account/name", &[("name", "   ")])
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.text().await.unwrap();
    assert!(body.contains("Merci d’indiquer un nom"), "{body}");
    assert!(body.contains("aria-invalid=\"true\""), "{body}");

    let r = owner
        .post_form("/s/nom/admin/account/name", &[("name", "Émilie Martin")])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, page) = owner.get_text(&location(&r)).await;
    assert!(page.contains("value=\"Émilie Martin\""), "{page}");
    assert!(page.contains("Modifications enregistrées"), "{page}");
    assert!(
        page.contains(">Émilie Martin</a>"),
        "the header shows the new name: {page}"
    );
}

#[tokio::test]
async fn changing_the_password_needs_the_current_one_and_ends_other_sessions() {
    let app = TestApp::new().await;
    let here = app.owner("motdepasse").await;
    let (elsewhere, _) = login(&app, "motdepasse", "owner@motdepasse.example", PASSWORD).await;

    let path = "/s/motdepasse/admin/account/password";
    let r = here
        .post_form(
            path,
            &[("current", "not my password"), ("password", NEW_PASSWORD)],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.text().await.unwrap();
    assert!(body.contains("pas votre mot de passe actuel"), "{body}");
    assert!(body.contains("id=\"current-err\""), "{body}");

    let r = here
        .post_form(path, &[("current", PASSWORD), ("password", "short")])
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.text().await.unwrap();
    assert!(body.contains("au moins 10 caractères"), "{body}");

    // Nothing changed so far.
    let (_, s) = login(&app, "motdepasse", "owner@motdepasse.example", PASSWORD).await;
    assert_eq!(s, StatusCode::SEE_OTHER);

    let r = here
        .post_form(path, &[("current", PASSWORD), ("password", NEW_PASSWORD)])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (s, page) = here.get_text(&location(&r)).await;
    assert_eq!(s, StatusCode::OK, "this session stays open");
    assert!(page.contains("Mot de passe changé"), "{page}");
    assert!(page.contains("sur un seul appareil"), "{page}");

    let r = elsewhere.get("/s/motdepasse/admin/").await;
    assert!(goes_to_login(&r, "motdepasse"));
    let (_, s) = login(&app, "motdepasse", "owner@motdepasse.example", PASSWORD).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    let (_, s) = login(&app, "motdepasse", "owner@motdepasse.example", NEW_PASSWORD).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn a_forgotten_password_is_reset_by_email() {
    let app = TestApp::new().await;
    let before = app.owner("oubli").await;
    let visitor = app.client();
    let (s, form) = visitor.get_text("/s/oubli/admin/forgot").await;
    assert_eq!(s, StatusCode::OK);
    assert!(form.contains("for=\"email\""));

    let r = visitor
        .post_form("/s/oubli/admin/forgot", &[("email", "Owner@Oubli.example")])
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.text().await.unwrap().contains("Si un compte existe"));

    let mail = app
        .wait_for_email("owner@oubli.example", "/admin/reset/")
        .await;
    let path = path_of(&link_in(&mail, "/admin/reset/"));
    let (s, page) = visitor.get_text(&path).await;
    assert_eq!(s, StatusCode::OK, "{page}");

    let r = visitor.post_form(&path, &[("password", "short")]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = visitor
        .post_form(&path, &[("password", NEW_PASSWORD)])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    // The link proved who the visitor is: they are signed in.
    assert_eq!(location(&r), "/s/oubli/admin/");
    let (s, _) = visitor.get_text("/s/oubli/admin/").await;
    assert_eq!(s, StatusCode::OK);

    // Sessions opened with the old password are over; the link served once.
    let r = before.get("/s/oubli/admin/").await;
    assert!(goes_to_login(&r, "oubli"));
    let (s, _) = visitor.get_text(&path).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);

    let (_, s) = login(&app, "oubli", "owner@oubli.example", PASSWORD).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    let (after, s) = login(&app, "oubli", "owner@oubli.example", NEW_PASSWORD).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let (s, _) = after.get_text("/s/oubli/admin/").await;
    assert_eq!(s, StatusCode::OK);
}

#[tokio::test]
async fn forgot_with_an_unknown_address_says_the_same_and_sends_nothing() {
    let app = TestApp::new().await;
    app.owner("discret").await;
    let visitor = app.client();
    let known = visitor
        .post_form(
            "/s/discret/admin/forgot",
            &[("email", "owner@discret.example")],
        )
        .await;
    let unknown = visitor
        .post_form(
            "/s/discret/admin/forgot",
            &[("email", "nobody@discret.example")],
        )
        .await;
    assert_eq!(known.status(), StatusCode::OK);
    assert_eq!(unknown.status(), StatusCode::OK);
    let (known, unknown) = (known.text().await.unwrap(), unknown.text().await.unwrap());
    assert!(unknown.contains("Si un compte existe"), "{unknown}");
    assert_eq!(
        known.replace(char::is_whitespace, ""),
        unknown.replace(char::is_whitespace, ""),
        "the two answers cannot be told apart"
    );

    // The reset for the known address goes out; by then the worker has seen the queue.
    app.wait_for_email("owner@discret.example", "/admin/reset/")
        .await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert!(
        !app.emails()
            .iter()
            .any(|m| m.contains("nobody@discret.example")),
        "nothing was sent to the unknown address"
    );
    let mut c = app.store.reader().await.unwrap();
    assert_eq!(store::outbox::depth(&mut c).await.unwrap(), 0);
}

#[tokio::test]
async fn logins_are_rate_limited_per_account_then_per_address() {
    let app = TestApp::new().await;
    app.owner("verrou").await;
    app.owner("voisin").await;
    let c = app.client();
    let attempt = |slug: &'static str, email: String, password: &'static str| {
        let c = c.clone();
        async move {
            let r = c
                .post_form(
                    &format!("/s/{slug}/admin/login"),
                    &[("email", email.as_str()), ("password", password)],
                )
                .await;
            let s = r.status();
            (s, r.text().await.unwrap_or_default())
        }
    };

    for _ in 0..5 {
        let (s, _) = attempt("verrou", "owner@verrou.example".into(), "wrong password!").await;
        assert_eq!(s, StatusCode::UNAUTHORIZED);
    }
    // The sixth attempt is refused even with the right password.
    let (s, body) = attempt("verrou", "owner@verrou.example".into(), PASSWORD).await;
    assert_eq!(s, StatusCode::TOO_MANY_REQUESTS);
    assert!(body.contains("Trop de tentatives"), "{body}");

    // Another account from the same address still gets in...
    let (s, _) = attempt("voisin", "owner@voisin.example".into(), PASSWORD).await;
    assert_eq!(s, StatusCode::SEE_OTHER);

    // ... until the address itself has failed too often (20 failures in the window).
    for i in 0..15 {
        let (s, _) = attempt(
            "voisin",
            format!("guess{i}@voisin.example"),
            "wrong password!",
        )
        .await;
        assert_eq!(s, StatusCode::UNAUTHORIZED, "attempt {i}");
    }
    let (s, body) = attempt("voisin", "owner@voisin.example".into(), PASSWORD).await;
    assert_eq!(s, StatusCode::TOO_MANY_REQUESTS);
    assert!(body.contains("Trop de tentatives"), "{body}");
}
