//! Operations endpoints and the security headers every response carries.
use crate::common::*;

#[tokio::test]
async fn health_readiness_and_metrics() {
    let app = TestApp::new().await;
    let c = app.client();
    assert_eq!(
        c.get_text("/healthz").await,
        (StatusCode::OK, "ok".to_string())
    );
    assert_eq!(
        c.get_text("/readyz").await,
        (StatusCode::OK, "ready".to_string())
    );
    c.get("/").await;
    c.get("/s/nope/").await;
    let (s, m) = c.get_text("/metrics").await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        m.contains("vitrine_http_requests_total{route=\"/\",method=\"GET\",status=\"200\"} 1"),
        "{m}"
    );
    assert!(m.contains("status=\"404\""), "{m}");
    assert!(
        m.contains("vitrine_http_request_duration_seconds_bucket{route=\"/\",le=\"+Inf\"} 1"),
        "{m}"
    );
    assert!(m.contains("vitrine_outbox_depth "), "{m}");
}

#[tokio::test]
async fn responses_carry_security_headers_and_safe_cookies() {
    let app = TestApp::new().await;
    let c = app.client();
    let r = c.get("/signup").await;
    let h = r.headers();
    let csp = h.get("content-security-policy").unwrap().to_str().unwrap();
    assert!(
        csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
        "{csp}"
    );
    assert!(csp.contains("frame-ancestors 'none'"));
    assert_eq!(h.get("x-content-type-options").unwrap(), "nosniff");
    assert!(h.get("referrer-policy").is_some());
    assert!(h.get("x-request-id").is_some());
    let cookie = h.get("set-cookie").unwrap().to_str().unwrap();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    let body = r.text().await.unwrap();
    assert!(!body.contains("<script>"), "no inline script");
    let r = app.signup(&c, "cookie-shop", "c@example.com").await;
    let session = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|v| v.starts_with("vitrine_staff="))
        .unwrap();
    assert!(
        session.contains("HttpOnly")
            && session.contains("SameSite=Lax")
            && session.contains("Path=/s/cookie-shop/"),
        "{session}"
    );
}

/// `vitrine serve` warns an operator whose PostgreSQL runs without autovacuum (searches slow
/// down after large imports until tables are vacuumed): the store reads the server's setting.
#[tokio::test]
async fn a_postgresql_without_autovacuum_is_told_apart() {
    let app = TestApp::new().await;
    let off = app.store.autovacuum_off().await.unwrap();
    match app.store.backend() {
        store::Backend::Sqlite => assert!(!off, "SQLite has no autovacuum to miss"),
        store::Backend::Postgres => {
            let mut conn = app.store.reader().await.unwrap();
            let setting: String =
                sqlx::query_scalar("SELECT setting FROM pg_settings WHERE name = 'autovacuum'")
                    .fetch_one(&mut *conn)
                    .await
                    .unwrap();
            assert_eq!(off, setting == "off", "{setting}");
        }
    }
}
