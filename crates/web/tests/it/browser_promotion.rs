//! Promotions in a real headless Chromium on a phone: the seller of the demo cheese shop creates
//! a discount code in the admin (15 % off) and sees it listed; a shopper puts a cheese tray in
//! the cart, types the code in small letters, sees the discount on the cart, the checkout and
//! the recap, and orders; the order's page says what the code took off. Once the order is
//! delivered, the shopper reviews the tray from the order's page and finds the review on the
//! product's page; the seller's Sources page credits the order to the newsletter whose link
//! brought the shopper. No page is wider than the phone; screenshots go where the other journeys'
//! go (`$VITRINE_SCREENSHOTS`).
use crate::browser::*;
use crate::browser_order::{fits_the_phone, page_text, phone_screenshot, Shots};
use crate::common::*;

use std::path::PathBuf;

use fantoccini::Client as Browser;

const SHOP: &str = "/s/fromagerie";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_seller_makes_a_code_and_a_shopper_on_a_phone_orders_with_it() {
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
    let shots = Shots::new();
    let browser = driver.phone_session().await;
    let outcome = tokio::spawn(journey(
        browser.clone(),
        app.url.clone(),
        app.store.clone(),
        shots.dir.clone(),
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
    shots.keep();
    // The order keeps what the code took off, and the code counts one use.
    let mut c = app.store.reader().await.unwrap();
    let shop = store::shop::by_slug(&mut c, "fromagerie")
        .await
        .unwrap()
        .expect("the demo shop");
    let order = store::order::by_number(&mut c, shop.sid(), "00001")
        .await
        .unwrap()
        .expect("the order");
    assert_eq!(order.promotions, "Bienvenue (BIENVENUE15)");
    assert_eq!(order.discount_minor, (order.subtotal_minor * 15 + 50) / 100);
}

async fn journey(
    b: Browser,
    base: String,
    store: store::Store,
    shots: PathBuf,
    email: String,
    password: String,
) {
    let url = |path: &str| format!("{base}{SHOP}{path}");
    let shot = |name: &'static str| {
        let (b, dir) = (b.clone(), shots.clone());
        async move { phone_screenshot(&b, &dir, name).await }
    };

    // The seller makes a code.
    open(&b, &url("/admin/login")).await;
    type_into(&b, "#email", &email).await;
    type_into(&b, "#password", &password).await;
    click_and_load(&b, "main form button[type=submit]").await;
    open(&b, &url("/admin/promotions")).await;
    fits_the_phone(&b).await;
    shot("promo-1-empty").await;
    click_and_load(&b, "main a.button").await;
    wait_for_url(&b, |u| u.path() == format!("{SHOP}/admin/promotions/new")).await;
    type_into(&b, "#name", "Bienvenue").await;
    type_into(&b, "#code", "BIENVENUE15").await;
    type_into(&b, "#percent", "15").await;
    fits_the_phone(&b).await;
    shot("promo-2-form").await;
    click_and_load(&b, "main form.stack button[type=submit]").await;
    wait_for_url(&b, |u| u.path() == format!("{SHOP}/admin/promotions")).await;
    let list = page_text(&b).await;
    assert!(list.contains("BIENVENUE15"), "{list}");
    assert!(list.contains("15"), "{list}");
    fits_the_phone(&b).await;
    shot("promo-3-list").await;
    b.delete_all_cookies().await.expect("sign out");

    // A shopper arrives from the shop's newsletter and uses it.
    open(
        &b,
        &url("/p/plateau-decouverte?utm_source=lettre&utm_medium=email&utm_campaign=bienvenue"),
    )
    .await;
    click_and_load(&b, "form.buy button[type=submit]").await;
    wait_for_url(&b, |u| u.path() == format!("{SHOP}/cart")).await;
    type_into(&b, "#code", "bienvenue15").await;
    click_and_load(&b, "form.cart-code button[type=submit]:not([name])").await;
    wait_for_url(&b, |u| u.path() == format!("{SHOP}/cart")).await;
    let cart = page_text(&b).await;
    assert!(cart.contains("Remise : Bienvenue (BIENVENUE15)"), "{cart}");
    assert!(cart.contains("Total avant remise"), "{cart}");
    fits_the_phone(&b).await;
    shot("promo-4-cart").await;
    click_and_load(&b, "a.button[href$='/checkout']").await;
    wait_for_url(&b, |u| u.path() == format!("{SHOP}/checkout")).await;
    type_into(&b, "#email", "lea@example.org").await;
    type_into(&b, "#name", "Léa Bernard").await;
    type_into(&b, "#line1", "8 quai des Chartrons").await;
    type_into(&b, "#postal_code", "33000").await;
    type_into(&b, "#city", "Bordeaux").await;
    click(&b, "input[name=shipping]").await;
    click(&b, "#pay-bank_transfer").await;
    let checkout = page_text(&b).await;
    assert!(
        checkout.contains("Remise : Bienvenue (BIENVENUE15)"),
        "{checkout}"
    );
    fits_the_phone(&b).await;
    click_and_load(&b, "main form.stack button[type=submit]:not([name])").await;
    wait_for_url(&b, |u| u.path() == format!("{SHOP}/checkout/review")).await;
    let recap = page_text(&b).await;
    assert!(
        recap.contains("Remise : Bienvenue (BIENVENUE15)"),
        "{recap}"
    );
    fits_the_phone(&b).await;
    shot("promo-5-recap").await;
    click(&b, "#accept_terms").await;
    click_and_load(&b, "form[action$='/checkout/place'] button").await;
    wait_for_url(&b, |u| u.path().starts_with(&format!("{SHOP}/orders/"))).await;
    let page = page_text(&b).await;
    assert!(page.contains("Commande n° 00001"), "{page}");
    assert!(page.contains("Remise : Bienvenue (BIENVENUE15)"), "{page}");
    fits_the_phone(&b).await;
    shot("promo-6-placed").await;

    // Collected: the tray can be reviewed from the order's page.
    let order_url = current(&b).await;
    let shop = {
        let mut c = store.reader().await.unwrap();
        store::shop::by_slug(&mut c, "fromagerie")
            .await
            .unwrap()
            .unwrap()
    };
    // The first delivery offered is collecting at the shop: paid, then collected.
    for mv in [app::order::Move::MarkPaid, app::order::Move::Collect] {
        app::order::apply(&store, &shop, "00001", &mv, None, |_, _| None)
            .await
            .unwrap();
    }
    open(&b, &order_url).await;
    click_and_load(
        &b,
        "#o-reviews ~ ul a, section[aria-labelledby=o-reviews] a",
    )
    .await;
    wait_for_url(&b, |u| u.path().contains("/review/")).await;
    click(&b, "#rating-5").await;
    type_into(&b, "#body", "Un plateau généreux, des fromages à point.").await;
    fits_the_phone(&b).await;
    shot("promo-7-review-form").await;
    click_and_load(&b, "main form.stack button[type=submit]").await;
    wait_for_url(&b, |u| u.path().starts_with(&format!("{SHOP}/orders/"))).await;
    assert!(page_text(&b).await.contains("Avis publié"));
    open(&b, &url("/p/plateau-decouverte")).await;
    let product = page_text(&b).await;
    assert!(product.contains("Un plateau généreux"), "{product}");
    assert!(product.contains("Léa B."), "{product}");
    b.execute(
        "document.getElementById('reviews').scrollIntoView()",
        vec![],
    )
    .await
    .unwrap();
    fits_the_phone(&b).await;
    shot("promo-8-product-reviews").await;

    // The seller sees that the newsletter brought the order.
    b.delete_all_cookies().await.expect("sign out");
    open(&b, &url("/admin/login")).await;
    type_into(&b, "#email", &email).await;
    type_into(&b, "#password", &password).await;
    click_and_load(&b, "main form button[type=submit]").await;
    open(&b, &url("/admin/sources")).await;
    let sources = page_text(&b).await;
    assert!(sources.contains("Lettre d’information"), "{sources}");
    assert!(sources.contains("lettre (bienvenue)"), "{sources}");
    assert!(sources.contains("1 commande"), "{sources}");
    fits_the_phone(&b).await;
    // The summary and the charts, between the top of the page and its end.
    b.execute(
        "document.querySelector('.sources-summary').scrollIntoView()",
        vec![],
    )
    .await
    .unwrap();
    let png = b.screenshot().await.expect("screenshot");
    std::fs::write(shots.join("promo-9-sources-charts.png"), png).expect("save screenshot");
    shot("promo-9-sources").await;
}
