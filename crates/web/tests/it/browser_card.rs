//! Paying by card in a real headless Chromium on a phone, with Stripe played by localstripe and
//! its stand-in of stripe.js: the shopper chooses card at checkout, orders, and pays on the
//! order's page in Stripe's field; the bank's 3-D Secure check is passed in Stripe's window;
//! the page then shows the order paid, on Stripe's word (its signed webhook, or our own
//! question to it), and the customer gets the payment e-mail.
//!
//! localstripe's stand-in draws the card field but does not send what is typed in it (its
//! `confirmCardPayment` only completes 3-D Secure on a payment that already has a card). So the
//! test gives Stripe the card the way stripe.js does (its API, with a 3-D Secure test card),
//! and the browser does everything else: loading stripe.js under the page's CSP, mounting the
//! field, confirming, the 3-D Secure window, and coming back to the shop.

use crate::browser::*;
use crate::browser_order::{fits_the_phone, page_text, phone_screenshot, Shots};
use crate::card::{app_with_stripe, card_shop, connect_stripe, SK, WHSEC};
use crate::common::*;

use fantoccini::Client as Browser;

const SHOP: &str = "/s/carte";
const BUYER: &str = "lea@example.org";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shopper_on_a_phone_pays_an_order_by_card_with_stripe_js() {
    let Some(driver) = Driver::start() else {
        return;
    };
    let Some(ls) = localstripe::start().await else {
        return;
    };
    let app = app_with_stripe(&ls).await;
    let (owner, id, _) = card_shop(&app, "carte").await;
    connect_stripe(&owner, "carte").await;
    ls.webhook(&format!("{}{SHOP}/hooks/stripe", app.url), WHSEC)
        .await;
    let shots = Shots::new();
    let browser = driver.phone_session().await;
    let outcome = tokio::spawn(journey(
        browser.clone(),
        app.url.clone(),
        ls.base(),
        shots.dir.clone(),
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

    let mut c = app.store.reader().await.unwrap();
    let (status, paid, total): (String, i64, i64) =
        sqlx::query_as("SELECT status, paid_minor, total_minor FROM orders WHERE shop_id = $1")
            .bind(id)
            .fetch_one(&mut *c)
            .await
            .unwrap();
    assert_eq!((status.as_str(), paid), ("paid", total));
    let provider: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM order_events WHERE shop_id = $1 AND actor_kind = 'provider'",
    )
    .bind(id)
    .fetch_one(&mut *c)
    .await
    .unwrap();
    assert_eq!(provider, 1, "paid once, on the provider's word");
    app.wait_for_email(BUYER, "Paiement reçu").await;
}

async fn journey(b: Browser, base: String, stripe: String, shots: std::path::PathBuf) {
    let url = |path: &str| format!("{base}{SHOP}{path}");
    let shot = |name: &'static str| {
        let (b, dir) = (b.clone(), shots.clone());
        async move { phone_screenshot(&b, &dir, name).await }
    };
    open(&b, &url("/p/comte")).await;
    click_and_load(&b, "form.buy button[type=submit]").await;
    wait_for_url(&b, |u| u.path() == format!("{SHOP}/cart")).await;
    click_and_load(&b, "a.button").await;
    wait_for_url(&b, |u| u.path() == format!("{SHOP}/checkout")).await;
    type_into(&b, "#email", BUYER).await;
    type_into(&b, "#name", "Léa Bernard").await;
    type_into(&b, "#line1", "8 quai des Chartrons").await;
    type_into(&b, "#postal_code", "33000").await;
    type_into(&b, "#city", "Bordeaux").await;
    click(&b, "#ship-colissimo-fr").await;
    click(&b, "#pay-card").await;
    click_and_load(&b, "main form.stack button[type=submit]:not([name])").await;
    wait_for_url(&b, |u| u.path() == format!("{SHOP}/checkout/review")).await;
    let recap = page_text(&b).await;
    assert!(recap.contains("Carte bancaire"), "{recap}");
    click(&b, "#accept_terms").await;
    click_and_load(&b, "form[action$='/checkout/place'] button").await;
    wait_for_url(&b, |u| u.path().starts_with(&format!("{SHOP}/orders/"))).await;
    let order_path = current(&b).await;

    // Stripe's field, drawn by stripe.js (allowed by the page's CSP).
    wait_for(&b, "#card-element input").await;
    let page = page_text(&b).await;
    assert!(page.contains("Payer par carte"), "{page}");
    assert!(!page.contains("a besoin de JavaScript"), "{page}");
    type_card(&b, "4000002760003184").await;
    fits_the_phone(&b).await;
    shot("card-1-pay").await;

    // What stripe.js sends Stripe with the typed card (see the module's note).
    let secret = b
        .execute(
            "return document.getElementById('card-form').dataset.secret",
            vec![],
        )
        .await
        .unwrap();
    let intent = secret
        .as_str()
        .unwrap()
        .split("_secret_")
        .next()
        .unwrap()
        .to_string();
    let confirmed = localstripe::pay_at(&stripe, SK, &intent, "4000002760003184").await;
    assert_eq!(confirmed["status"], "requires_action", "{confirmed}");

    // Pay; the bank asks for 3-D Secure in Stripe's window; passed.
    click(&b, "#card-form button[type=submit]").await;
    let pass = "//button[normalize-space()='Complete authentication']";
    let button = b
        .wait()
        .at_most(WAIT)
        .for_element(fantoccini::Locator::XPath(pass))
        .await
        .expect("Stripe's 3-D Secure window");
    shot("card-2-3ds").await;
    button.click().await.expect("pass 3-D Secure");

    // Back on the order's page (the same address: wait for the new page), paid.
    let mut page = String::new();
    let since = std::time::Instant::now();
    while since.elapsed() < WAIT {
        page = page_text(&b).await;
        if page.contains("État : payée") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(current(&b).await.ends_with(&order_path_of(&order_path)));
    assert!(page.contains("payée"), "{page}");
    assert!(!page.contains("Payer par carte"), "{page}");
    fits_the_phone(&b).await;
    shot("card-3-paid").await;
}

/// Types card `number` (expiring 12/34, code 123) into the card field stripe.js drew.
pub(crate) async fn type_card(b: &Browser, number: &str) {
    for (field, value) in [
        ("number", number),
        ("exp_month", "12"),
        ("exp_year", "34"),
        ("cvc", "123"),
    ] {
        type_into(
            b,
            &format!("#card-element input[placeholder={field}]"),
            value,
        )
        .await;
    }
}

/// The path of a page's address.
fn order_path_of(url: &str) -> String {
    reqwest::Url::parse(url)
        .map(|u| u.path().to_string())
        .unwrap_or_default()
}
