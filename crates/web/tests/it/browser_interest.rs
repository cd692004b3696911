//! An interest test in a real headless Chromium on a phone: a shopper finds a coming-soon
//! product, leaves her address, confirms by the e-mailed link; the seller sees her on the
//! Interest tests page, puts the product on sale in one click, and the shopper is told.
//! Screenshots of every step.

use crate::browser::*;
use crate::browser_order::{fits_the_phone, page_text, phone_screenshot, Shots};
use crate::common::*;
use crate::storefront::{product, New};

use fantoccini::Client as Browser;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shopper_asks_to_be_told_and_the_seller_launches_on_a_phone() {
    let Some(driver) = Driver::start() else {
        return;
    };
    let app = TestApp::new().await;
    app.owner("atelier-mobile").await;
    let id = app.shop_id("atelier-mobile").await;
    product(
        &app,
        id,
        New {
            fr: ("Plateau de Noël", "plateau-noel"),
            status: "coming_soon",
            price: 4500,
            ..Default::default()
        },
    )
    .await;
    let shots = Shots::new();
    let browser = driver.phone_session().await;
    let outcome = tokio::spawn(journey(
        browser.clone(),
        app.url.clone(),
        shots.dir.clone(),
        app.config.outbox_dir(),
    ))
    .await;
    let _ = browser.close().await;
    drop(driver);
    match outcome {
        Ok(()) => {}
        Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
        Err(e) => panic!("browser journey did not finish: {e}"),
    }
    shots.keep();
    app.wait_for_email("lea@example.com", "est en vente").await;
}

/// The link to a request's page in the e-mail to `to` in the outbox folder `dir`.
async fn request_link(dir: &std::path::Path, to: &str) -> String {
    for _ in 0..200 {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let raw = std::fs::read_to_string(entry.path()).unwrap_or_default();
            let text = decode_quoted_printable(&raw);
            if !text.contains(&format!("To: {to}")) {
                continue;
            }
            if let Some(at) = text.find("/interest/") {
                let start = text[..at].rfind("http").expect("an absolute link");
                let end = at + text[at..].find(char::is_whitespace).unwrap();
                return text[start..end].to_string();
            }
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("no e-mail to {to}");
}

async fn journey(b: Browser, base: String, shots: std::path::PathBuf, outbox: std::path::PathBuf) {
    let shot = |name: &'static str| {
        let (b, dir) = (b.clone(), shots.clone());
        async move { phone_screenshot(&b, &dir, name).await }
    };
    let shop = format!("{base}/s/atelier-mobile");
    open(&b, &format!("{shop}/p/plateau-noel")).await;
    let page = page_text(&b).await;
    assert!(page.contains("Bientôt disponible"), "{page}");
    fits_the_phone(&b).await;
    type_into(&b, "#interest-email", "lea@example.com").await;
    shot("interest-product").await;
    click_and_load(&b, "form.interest-ask button[type=submit]").await;
    let page = page_text(&b).await;
    assert!(page.contains("Vérifiez votre boîte mail"), "{page}");
    shot("interest-asked").await;

    let link = request_link(&outbox, "lea@example.com").await;
    open(&b, &link).await;
    assert!(page_text(&b).await.contains("Confirmez votre demande"));
    click_and_load(&b, "main form button[type=submit]").await;
    let page = page_text(&b).await;
    assert!(page.contains("Demande confirmée"), "{page}");
    shot("interest-confirmed").await;

    // The seller, on the same phone.
    open(&b, &format!("{shop}/admin/login")).await;
    type_into(&b, "#email", "owner@atelier-mobile.example").await;
    type_into(&b, "#password", PASSWORD).await;
    click_and_load(&b, "main form button[type=submit]").await;
    open(&b, &format!("{shop}/admin/interest")).await;
    let page = page_text(&b).await;
    assert!(page.contains("1 personne attend ce produit"), "{page}");
    fits_the_phone(&b).await;
    shot("interest-admin").await;
    click_and_load(&b, "form[action$='/launch'] button[type=submit]").await;
    let page = page_text(&b).await;
    assert!(page.contains("1 personne est prévenue"), "{page}");
    shot("interest-launched").await;
}
