//! The order journey in a real headless Chromium: a shopper on a phone puts two products of the
//! demo cheese shop in the cart from their pages, checks out (address, delivery, bank transfer),
//! reads the recap, accepts the terms and orders; the order's page says how to pay. The seller
//! then marks it paid and ships it with a tracking number in the admin, and the outbox holds the
//! customer's e-mails in French. Screenshots go to `target/screenshots/`.
use crate::browser::*;
use crate::common::*;

use fantoccini::Client as Browser;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shopper_on_a_phone_orders_by_transfer_and_the_seller_ships_it() {
    let Some(driver) = Driver::start() else {
        return;
    };
    let app = TestApp::builder().start().await;
    let st = web::AppState::new(app.store.clone(), app.config.clone());
    let demo = web::demo::ensure(&st).await.expect("demo shops");
    let cheese = demo
        .iter()
        .find(|d| d.slug == "fromagerie")
        .expect("the demo cheese shop");
    let browser = driver.session().await;
    let outcome = tokio::spawn(journey(
        browser.clone(),
        app.url.clone(),
        cheese.email.clone(),
        cheese.password.clone(),
    ))
    .await;
    let _ = browser.close().await;
    drop(driver);
    if let Err(e) = outcome {
        if e.is_panic() {
            std::panic::resume_unwind(e.into_panic());
        }
        panic!("browser journey did not finish: {e}");
    }
    // The customer's e-mails, in French: the confirmation, then payment and shipping.
    let placed = app.wait_for_email("lea@example.org", "orders/").await;
    assert!(decode_quoted_printable(&placed).contains("Merci pour votre commande"));
    let shipped =
        decode_quoted_printable(&app.wait_for_email("lea@example.org", "6A0001234567").await);
    assert!(shipped.contains("vient d’être expédiée"), "{shipped}");
}

async fn journey(b: Browser, base: String, owner_email: String, owner_password: String) {
    let url = |path: &str| format!("{base}{path}");
    b.set_window_size(412, 915).await.expect("phone viewport");
    for product in ["plateau-decouverte", "comte-18-mois"] {
        open(&b, &url(&format!("/s/fromagerie/p/{product}"))).await;
        click_and_load(&b, "form.buy button[type=submit]").await;
        wait_for_url(&b, |u| u.path() == "/s/fromagerie/cart").await;
    }
    let cart = body_text(&b).await;
    assert!(cart.contains("Plateau découverte"), "{cart}");
    assert!(cart.contains("Comté 18 mois"), "{cart}");
    assert!(
        text_of(&b, ".cart-link").await.contains("(2)"),
        "the cart link counts the items"
    );
    screenshot(&b, "order-1-cart").await;
    click_and_load(&b, "a.button").await;
    wait_for_url(&b, |u| u.path() == "/s/fromagerie/checkout").await;
    type_into(&b, "#email", "lea@example.org").await;
    type_into(&b, "#name", "Léa Bernard").await;
    type_into(&b, "#line1", "8 quai des Chartrons").await;
    type_into(&b, "#postal_code", "33000").await;
    type_into(&b, "#city", "Bordeaux").await;
    // The perishable tray travels by Chronopost only: it is the choice offered with pickup.
    click(&b, "#ship-chronopost-fr").await;
    click(&b, "#pay-bank_transfer").await;
    screenshot(&b, "order-2-checkout").await;
    click_and_load(&b, "main form.stack button[type=submit]").await;
    wait_for_url(&b, |u| u.path() == "/s/fromagerie/checkout/review").await;
    let recap = body_text(&b).await;
    assert!(recap.contains("Chronopost"), "{recap}");
    assert!(recap.contains("14 jours"), "{recap}");
    assert!(recap.contains("denrées périssables"), "{recap}");
    screenshot(&b, "order-3-recap").await;
    click(&b, "#accept_terms").await;
    click_and_load(&b, "form[action$='/checkout/place'] button").await;
    wait_for_url(&b, |u| u.path().starts_with("/s/fromagerie/orders/")).await;
    let page = body_text(&b).await;
    assert!(page.contains("Commande n° 00001"), "{page}");
    assert!(page.contains("FR76 3000 6000 0112 3456 7890 189"), "{page}");
    screenshot(&b, "order-4-placed").await;

    // The seller, in the admin.
    open(&b, &url("/s/fromagerie/admin/login")).await;
    type_into(&b, "#email", &owner_email).await;
    type_into(&b, "#password", &owner_password).await;
    click_and_load(&b, "main form button[type=submit]").await;
    open(&b, &url("/s/fromagerie/admin/orders")).await;
    assert!(body_text(&b).await.contains("Léa Bernard"));
    open(&b, &url("/s/fromagerie/admin/orders/00001")).await;
    click_and_load(&b, "form:has(input[value=mark_paid]) button").await;
    type_into(&b, "#carrier", "Chronopost").await;
    type_into(&b, "#tracking", "6A0001234567").await;
    click_and_load(&b, "form:has(input[value=ship]) button").await;
    let order = body_text(&b).await;
    assert!(
        order.contains("expédiée") || order.contains("shipped"),
        "{order}"
    );
    assert!(order.contains("6A0001234567"), "{order}");
    screenshot(&b, "order-5-shipped").await;
}
