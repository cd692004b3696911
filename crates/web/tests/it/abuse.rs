//! Abuse limits: sign-in and signup limits keyed on the real client address, an owner whom
//! strangers cannot lock out, counters that hold under parallel requests, metrics for insiders
//! only, slow clients that cannot hold the server, and form bodies of a sensible size.

use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::common::*;

/// An app behind one trusted proxy (which appends the address it saw to X-Forwarded-For).
async fn behind_proxy() -> TestApp {
    TestApp::builder()
        .configure(|c| c.trust_proxy = true)
        .start()
        .await
}

/// Posts the login form of `slug` as if through the proxy with this X-Forwarded-For.
async fn login_via(c: &Client, slug: &str, xff: &str, email: &str, password: &str) -> StatusCode {
    let token = c.csrf().await;
    c.http
        .post(c.url(&format!("/s/{slug}/admin/login")))
        .header("x-forwarded-for", xff)
        .form(&[
            ("_csrf", token.as_str()),
            ("email", email),
            ("password", password),
        ])
        .send()
        .await
        .unwrap()
        .status()
}

#[tokio::test]
async fn the_address_limit_keys_on_what_the_proxy_saw_not_on_what_the_client_wrote() {
    let app = behind_proxy().await;
    app.owner("mandataire").await;
    let c = app.client();
    // The client writes a new address of its own in front each time; the proxy appends the
    // one it saw, always the same.
    for i in 0..20 {
        let xff = format!("10.9.{i}.1, 203.0.113.7");
        let email = format!("guess{i}@mandataire.example");
        let s = login_via(&c, "mandataire", &xff, &email, "wrong password!").await;
        assert_eq!(s, StatusCode::UNAUTHORIZED, "attempt {i}");
    }
    let s = login_via(
        &c,
        "mandataire",
        "10.9.99.1, 203.0.113.7",
        "owner@mandataire.example",
        PASSWORD,
    )
    .await;
    assert_eq!(s, StatusCode::TOO_MANY_REQUESTS, "the address is spent");
    // Someone else behind the same proxy is not.
    let s = login_via(
        &c,
        "mandataire",
        "10.9.99.1, 198.51.100.4",
        "owner@mandataire.example",
        PASSWORD,
    )
    .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn strangers_cannot_lock_the_owner_out_and_the_owner_gets_a_way_in() {
    let app = behind_proxy().await;
    app.owner("forteresse").await;
    let owner = "owner@forteresse.example";
    let c = app.client();
    // One stranger: five guesses, then refused.
    for _ in 0..5 {
        let s = login_via(&c, "forteresse", "203.0.113.1", owner, "wrong password!").await;
        assert_eq!(s, StatusCode::UNAUTHORIZED);
    }
    let s = login_via(&c, "forteresse", "203.0.113.1", owner, "wrong password!").await;
    assert_eq!(s, StatusCode::TOO_MANY_REQUESTS);
    // The owner, from their own address, still gets in.
    let s = login_via(&app.client(), "forteresse", "198.51.100.9", owner, PASSWORD).await;
    assert_eq!(s, StatusCode::SEE_OTHER, "a stranger locked the owner out");

    // Strangers over many addresses: 45 more guesses reach the account's ceiling of 50.
    for n in 2..=10 {
        let ip = format!("203.0.113.{n}");
        for _ in 0..5 {
            let s = login_via(&c, "forteresse", &ip, owner, "wrong password!").await;
            assert_eq!(s, StatusCode::UNAUTHORIZED, "from {ip}");
        }
    }
    let s = login_via(&c, "forteresse", "203.0.113.50", owner, "wrong password!").await;
    assert_eq!(s, StatusCode::TOO_MANY_REQUESTS, "the ceiling holds");
    // Password sign-in is paused, for the owner too; they got a link by e-mail, once.
    let s = login_via(&app.client(), "forteresse", "198.51.100.9", owner, PASSWORD).await;
    assert_eq!(s, StatusCode::TOO_MANY_REQUESTS);
    let mail = app.wait_for_email(owner, "/admin/reset/").await;
    assert!(mail.contains("suspendue"), "{mail}");
    let _ = login_via(&c, "forteresse", "203.0.113.51", owner, "wrong password!").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let sent = app
        .emails()
        .iter()
        .filter(|m| m.contains(&format!("To: {owner}")) && m.contains("suspendue"))
        .count();
    assert_eq!(
        sent, 1,
        "one e-mail per pause, however long the guessing goes on"
    );

    // The link gets the owner in, strangers or not.
    let path = path_of(&link_in(&mail, "/admin/reset/"));
    let visitor = app.client();
    let (s, _) = visitor.get_text(&path).await;
    assert_eq!(s, StatusCode::OK);
    let r = visitor
        .post_form(&path, &[("password", "a brand new password")])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/s/forteresse/admin/");
    let (s, _) = visitor.get_text("/s/forteresse/admin/").await;
    assert_eq!(s, StatusCode::OK);
    // And password sign-in is open again.
    let s = login_via(
        &app.client(),
        "forteresse",
        "198.51.100.9",
        owner,
        "a brand new password",
    )
    .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
}

/// Posts the same wrong login `n` times at once; returns how many were not refused.
async fn parallel_wrong_logins(app: &TestApp, path: &str, email: &str, n: usize) -> usize {
    let c = app.client();
    let token = c.csrf().await;
    let mut set = tokio::task::JoinSet::new();
    for _ in 0..n {
        let (c, token, url, email) = (c.clone(), token.clone(), c.url(path), email.to_string());
        set.spawn(async move {
            c.http
                .post(url)
                .form(&[
                    ("_csrf", token.as_str()),
                    ("email", email.as_str()),
                    ("password", "wrong password!"),
                ])
                .send()
                .await
                .unwrap()
                .status()
        });
    }
    let mut checked = 0;
    while let Some(s) = set.join_next().await {
        match s.unwrap() {
            StatusCode::TOO_MANY_REQUESTS => {}
            StatusCode::UNAUTHORIZED => checked += 1,
            other => panic!("unexpected {other}"),
        }
    }
    checked
}

#[tokio::test]
async fn parallel_guesses_get_no_more_password_checks_than_the_limit() {
    let app = TestApp::new().await;
    app.owner("rafale").await;
    let checked =
        parallel_wrong_logins(&app, "/s/rafale/admin/login", "owner@rafale.example", 60).await;
    assert!(
        (1..=5).contains(&checked),
        "{checked} of 60 parallel guesses had their password checked"
    );
    let checked = parallel_wrong_logins(&app, "/operator/login", OPERATOR_EMAIL, 40).await;
    assert!(
        (1..=5).contains(&checked),
        "{checked} of 40 parallel operator guesses had their password checked"
    );
}

#[tokio::test]
async fn signups_are_limited_per_address() {
    let app = TestApp::new().await;
    let c = app.client();
    for i in 0..10 {
        let r = app
            .signup(&c, &format!("serie-{i}"), &format!("o@serie-{i}.example"))
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "signup {i}");
    }
    let r = app.signup(&c, "serie-trop", "o@serie-trop.example").await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    let body = r.text().await.unwrap();
    assert!(body.contains("Trop de boutiques"), "{body}");
    assert!(body.contains("value=\"serie-trop\""), "the form is kept");
    let mut conn = app.store.reader().await.unwrap();
    assert!(store::shop::by_slug(&mut conn, "serie-trop")
        .await
        .unwrap()
        .is_none());
}

#[tokio::test]
async fn signups_are_limited_per_email_address_in_english_too() {
    let app = TestApp::builder()
        .configure(|c| c.signup_per_ip_hour = 0)
        .start()
        .await;
    let c = app.client();
    for i in 0..3 {
        let r = app
            .signup(&c, &format!("meme-{i}"), "same@person.example")
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "signup {i}");
    }
    let token = c.csrf().await;
    let r = c
        .http
        .post(c.url("/signup"))
        .header("accept-language", "en")
        .form(&[
            ("_csrf", token.as_str()),
            ("name", "Fourth"),
            ("slug", "meme-3"),
            ("email", "Same@Person.example"),
            ("password", PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(r.text().await.unwrap().contains("Too many shops"));
    // Another address is welcome.
    let r = app.signup(&c, "autre", "other@person.example").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn metrics_are_for_this_machine_or_the_token_holder_with_bounded_labels() {
    let app = TestApp::builder()
        .configure(|c| c.metrics_token = Some("scrape-token-0123456789".into()))
        .start()
        .await;
    let c = app.client();
    // Any method name is valid HTTP: the ones we do not serve share one label.
    let brew = reqwest::Method::from_bytes(b"BREW").unwrap();
    c.http
        .request(brew, c.url("/healthz"))
        .send()
        .await
        .unwrap();
    let (s, m) = c.get_text("/metrics").await;
    assert_eq!(s, StatusCode::OK, "loopback reads the metrics");
    assert!(m.contains("method=\"other\""), "{m}");
    assert!(!m.contains("BREW"), "{m}");

    // Through a proxy on this machine (the public's requests): refused, unless with the token.
    let via_proxy = |auth: Option<&str>| {
        let mut r = c
            .http
            .get(c.url("/metrics"))
            .header("x-forwarded-for", "203.0.113.7");
        if let Some(a) = auth {
            r = r.header("authorization", a);
        }
        r.send()
    };
    assert_eq!(
        via_proxy(None).await.unwrap().status(),
        StatusCode::FORBIDDEN
    );
    let r = via_proxy(Some("Bearer not-the-token")).await.unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = via_proxy(Some("Bearer scrape-token-0123456789"))
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r
        .text()
        .await
        .unwrap()
        .contains("vitrine_http_requests_total"));
}

/// Opens a connection and sends half a request's headers, never the rest.
async fn half_a_request(app: &TestApp) -> tokio::net::TcpStream {
    let mut s = tokio::net::TcpStream::connect(app.addr).await.unwrap();
    s.write_all(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        .await
        .unwrap();
    s
}

/// Whether the server closed this connection within `within`.
async fn closed_within(s: &mut tokio::net::TcpStream, within: Duration) -> bool {
    let mut buf = [0u8; 256];
    loop {
        match tokio::time::timeout(within, s.read(&mut buf)).await {
            Err(_) => return false,
            Ok(Ok(0)) | Ok(Err(_)) => return true,
            // A 408 or similar before closing is fine: keep reading until the end.
            Ok(Ok(_)) => continue,
        }
    }
}

#[tokio::test]
async fn slow_clients_cannot_hold_the_server() {
    let app = TestApp::builder()
        .without_worker()
        .configure(|c| c.header_read_timeout = Duration::from_secs(1))
        .start()
        .await;
    let mut slow = Vec::new();
    for _ in 0..300 {
        slow.push(half_a_request(&app).await);
    }
    let c = app.client();
    let started = Instant::now();
    let r = tokio::time::timeout(Duration::from_secs(5), c.get("/healthz"))
        .await
        .expect("/healthz answers while 300 slow clients hold on");
    assert_eq!(r.status(), StatusCode::OK);
    assert!(started.elapsed() < Duration::from_secs(2));
    // Each slow client is let go once its headers are overdue.
    for s in slow.iter_mut().take(3) {
        assert!(
            closed_within(s, Duration::from_secs(4)).await,
            "a connection that never finished its headers stayed open"
        );
    }
}

#[tokio::test]
async fn connections_beyond_the_cap_wait_until_idle_ones_are_let_go() {
    let app = TestApp::builder()
        .without_worker()
        .configure(|c| {
            c.header_read_timeout = Duration::from_secs(2);
            c.max_connections = 10;
        })
        .start()
        .await;
    let mut slow = Vec::new();
    for _ in 0..10 {
        slow.push(half_a_request(&app).await);
    }
    tokio::time::sleep(Duration::from_millis(200)).await;
    let c = app.client();
    // The eleventh waits in the listen queue (the server holds no more than its cap)...
    let early = tokio::time::timeout(Duration::from_millis(700), c.get("/healthz")).await;
    assert!(early.is_err(), "the cap let an eleventh connection in");
    // ... and is served once the idle ones have been let go.
    let r = tokio::time::timeout(Duration::from_secs(6), app.client().get("/healthz"))
        .await
        .expect("served after the idle connections were closed");
    assert_eq!(r.status(), StatusCode::OK);
}

#[tokio::test]
async fn forms_take_small_bodies_and_uploads_keep_their_limit() {
    let app = TestApp::new().await;
    let c = app.client();
    // A shop name of 100 KiB is no shop name: refused before it is read whole, kindly.
    let huge = "n".repeat(100 * 1024);
    let r = c
        .post_form(
            "/signup",
            &[
                ("name", huge.as_str()),
                ("slug", "enorme"),
                ("email", "o@enorme.example"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let body = r.text().await.unwrap();
    assert!(body.contains("trop long pour ce formulaire"), "{body}");
    assert!(body.len() < 20_000, "nothing of it is echoed back");

    // A long product description (in a form made for them) is still read, and judged on its
    // length with a message beside the field.
    let owner = app.owner("bavarde").await;
    let long = "é".repeat(20_001);
    let r = owner
        .post_form(
            "/s/bavarde/admin/products/new",
            &[
                ("kind", "physical"),
                ("title_fr", "Pavé"),
                ("description_fr", long.as_str()),
                ("status", "draft"),
                ("vat_class", "standard"),
                ("rows", "1"),
                ("v0_sku", "PAVE"),
                ("v0_price", "12,50"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.text().await.unwrap();
    assert!(body.contains("La description dépasse"), "{body}");
}

#[tokio::test]
async fn sign_in_fields_longer_than_any_account_are_refused_before_anything_is_stored() {
    let app = TestApp::new().await;
    app.owner("longue").await;
    let c = app.client();
    let rows = |app: &TestApp| {
        let st = app.store.clone();
        async move {
            let mut conn = st.reader().await.unwrap();
            sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM rate_counters")
                .fetch_one(&mut *conn)
                .await
                .unwrap()
        }
    };
    let before = rows(&app).await;
    // 40 KiB fit in a form body, but no account has such an address or password.
    let huge_email = format!("{}@longue.example", "x".repeat(40 * 1024));
    let huge_password = "p".repeat(40 * 1024);
    for (path, email, password) in [
        ("/s/longue/admin/login", huge_email.as_str(), PASSWORD),
        (
            "/s/longue/admin/login",
            "o@longue.example",
            huge_password.as_str(),
        ),
        ("/operator/login", huge_email.as_str(), PASSWORD),
    ] {
        let r = c
            .post_form(path, &[("email", email), ("password", password)])
            .await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{path}");
        let body = r.text().await.unwrap();
        assert!(
            body.contains("est trop longue") || body.contains("ne peut pas dépasser"),
            "a message says why: {body}"
        );
        assert!(
            !body.contains("xxxxxxxxxxxxxxxx"),
            "the address is not echoed"
        );
        assert!(body.len() < 20_000);
    }
    assert_eq!(rows(&app).await, before, "no counter row per giant key");
}
