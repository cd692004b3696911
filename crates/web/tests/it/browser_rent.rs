//! The seller pays their shop's rent in a real headless Chromium on a phone, with the operator's
//! Stripe account played by localstripe and its stand-in of stripe.js: the shop, on a paid plan
//! without a card, is past due; its owner opens Plan and billing, adds a card in Stripe's field
//! (typed in the browser, sent by stripe.js to Stripe, never to us), and comes back to the page
//! with the rent paid and its invoice listed; the storefront stays open. The operator then sees
//! the payment in the console's Rent page.

use crate::browser::*;
use crate::browser_card::type_card;
use crate::browser_order::{fits_the_phone, page_text, phone_screenshot, Shots};
use crate::common::*;
use crate::rent::{platform, run, state};

use fantoccini::Client as Browser;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_seller_on_a_phone_adds_a_card_and_pays_the_rent_with_stripe_js() {
    let Some(driver) = Driver::start() else {
        return;
    };
    let Some((app, _ls, _op)) = platform().await else {
        return;
    };
    app.owner("loyer-mobile").await;
    let st = state(&app);
    run(&app, &st, store::now()).await;
    let shots = Shots::new();
    let browser = driver.phone_session().await;
    let outcome = tokio::spawn(journey(browser.clone(), app.url.clone(), shots.dir.clone())).await;
    let _ = browser.close().await;
    drop(driver);
    match outcome {
        Ok(()) => {}
        Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
        Err(e) => panic!("browser journey did not finish: {e}"),
    }
    shots.keep();
    let id = app.shop_id("loyer-mobile").await;
    let mut c = app.store.reader().await.unwrap();
    let s = store::rent::get(&mut c, id).await.unwrap().unwrap();
    assert_eq!(s.state, "active");
    assert!(s.card_label.contains("4242"), "{}", s.card_label);
    app.wait_for_email("owner@loyer-mobile.example", "L-000001")
        .await;
}

async fn journey(b: Browser, base: String, shots: std::path::PathBuf) {
    let url = |path: &str| format!("{base}/s/loyer-mobile{path}");
    let shot = |name: &'static str| {
        let (b, dir) = (b.clone(), shots.clone());
        async move { phone_screenshot(&b, &dir, name).await }
    };
    open(&b, &url("/admin/login")).await;
    type_into(&b, "#email", "owner@loyer-mobile.example").await;
    type_into(&b, "#password", PASSWORD).await;
    click_and_load(&b, "main form button[type=submit]").await;
    open(&b, &url("/admin/billing")).await;
    let page = page_text(&b).await;
    assert!(page.contains("a échoué"), "{page}");
    fits_the_phone(&b).await;
    shot("rent-1-past-due").await;

    click_and_load(&b, "#b-card ~ p a.button").await;
    wait_for_url(&b, |u| u.path().ends_with("/admin/billing/card")).await;
    // Stripe's field, drawn by stripe.js (allowed by the page's CSP).
    wait_for(&b, "#card-element input").await;
    type_card(&b, "4242424242424242").await;
    fits_the_phone(&b).await;
    shot("rent-2-card").await;
    click(&b, "#card-form button[type=submit]").await;
    wait_for_url(&b, |u| {
        u.path().ends_with("/admin/billing") && u.query().is_some_and(|q| q.contains("paid="))
    })
    .await;
    let page = page_text(&b).await;
    assert!(page.contains("votre paiement est reçu"), "{page}");
    assert!(page.contains("L-000001"), "{page}");
    assert!(page.contains("4242"), "{page}");
    fits_the_phone(&b).await;
    shot("rent-3-paid").await;

    // The operator sees the shop paying, its invoice, and the revenue of the month.
    open(&b, &format!("{base}/operator/login")).await;
    type_into(&b, "#email", OPERATOR_EMAIL).await;
    type_into(&b, "#password", OPERATOR_PASSWORD).await;
    click_and_load(&b, "main form button[type=submit]").await;
    open(&b, &format!("{base}/operator/billing")).await;
    let page = page_text(&b).await;
    assert!(page.contains("L-000001"), "{page}");
    assert!(page.contains("19,00"), "{page}");
    fits_the_phone(&b).await;
    shot("rent-4-operator").await;
}
