//! Faults found by probing a running server: cookies behind an https proxy, bad requests that
//! must get our error pages rather than the framework's text.
use crate::common::*;

/// The `Set-Cookie` of the CSRF cookie on a page with a form, with or without the proxy's https.
async fn csrf_cookie(app: &TestApp, forwarded_https: bool) -> String {
    let mut req = reqwest::Client::new().get(format!("{}/signup", app.url));
    if forwarded_https {
        req = req.header("x-forwarded-proto", "https");
    }
    let r = req.send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    r.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("vitrine_csrf="))
        .expect("a page with a form sets the CSRF cookie")
        .to_string()
}

#[tokio::test]
async fn the_csrf_cookie_is_secure_behind_an_https_proxy() {
    let app = TestApp::builder().trust_proxy().start().await;
    let c = csrf_cookie(&app, true).await;
    assert!(c.contains("; Secure"), "{c}");
    // Plain http (local use) keeps working: no Secure there.
    let c = csrf_cookie(&app, false).await;
    assert!(!c.contains("Secure"), "{c}");

    // A proxy that is not trusted cannot make it Secure (nor anything else).
    let app = TestApp::new().await;
    let c = csrf_cookie(&app, true).await;
    assert!(!c.contains("Secure"), "{c}");
}

#[tokio::test]
async fn unreadable_requests_get_our_translated_error_page() {
    let app = TestApp::new().await;
    let owner = app.owner("lisible").await;

    // A query string that does not fit the page's parameters, on a storefront page.
    let (s, body) = app
        .client()
        .get_text("/s/lisible/search?q=fromage&q=chevre")
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(body.contains("paramètre illisible"), "{body}");
    assert!(!body.contains("Failed to deserialize"), "{body}");

    // The admin keeps working for well-formed requests.
    let (s, _) = owner.get_text("/s/lisible/admin/account").await;
    assert_eq!(s, StatusCode::OK);
}
