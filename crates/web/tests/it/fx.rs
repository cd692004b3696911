//! Prices in a shopper's currency, on both backends: the seller sets a rate; storefront pages
//! stay the same for every visitor (the amount and the rates ride along for `fx.js`, which shows
//! the estimate beside each price); the cart and checkout, never cached, show the estimate in
//! the currency the shopper picked and say plainly that the order is charged in euros.

use crate::checkout::{add, fill, shop_with_transfer, ADDRESS};
use crate::common::*;

fn rates(rows: &[(&str, &str, &str)]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (i, (c, r, d)) in rows.iter().enumerate() {
        out.push((format!("currency_{i}"), c.to_string()));
        out.push((format!("rate_{i}"), r.to_string()));
        out.push((format!("as_of_{i}"), d.to_string()));
    }
    out
}

async fn post(client: &Client, path: &str, fields: &[(String, String)]) -> reqwest::Response {
    let f: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    client.post_form(path, &f).await
}

fn choose(client: &Client, code: &str) {
    let url: reqwest::Url = client.url("/").parse().unwrap();
    client
        .jar
        .add_cookie_str(&format!("vitrine_currency={code}; Path=/"), &url);
}

#[tokio::test]
async fn a_shopper_abroad_sees_estimates_while_the_order_is_charged_in_the_shops_currency() {
    let app = TestApp::new().await;
    let (_, _, comte) = shop_with_transfer(&app, "devises").await;
    let owner = app.client();
    owner
        .post_form(
            "/s/devises/admin/login",
            &[("email", "owner@devises.example"), ("password", PASSWORD)],
        )
        .await;

    // Without rates, no picker and nothing for the script.
    let (_, page) = app.client().get_text("/s/devises/p/comte").await;
    assert!(!page.contains("fx-data"), "{page}");

    // Rates that cannot be used are refused, each with its reason.
    let r = post(
        &owner,
        "/s/devises/admin/currencies",
        &rates(&[
            ("EUR", "1", "2020-03-02"),
            ("GBP", "zéro", "2020-03-02"),
            ("USD", "1.1", "plus tard"),
        ]),
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.text().await.unwrap();
    assert!(body.contains("EUR est la devise de la boutique"), "{body}");
    assert!(
        body.contains("« zéro » n’est pas un taux lisible"),
        "{body}"
    );
    assert!(
        body.contains("« plus tard » n’est pas une date de taux"),
        "{body}"
    );
    assert!(body.contains(r#"value="plus tard""#), "{body}");

    // 1 EUR = 0.85 GBP, read on 2 March 2020.
    let r = post(
        &owner,
        "/s/devises/admin/currencies",
        &rates(&[("gbp", "0,85", "2020-03-02")]),
    )
    .await;
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "{}",
        r.text().await.unwrap()
    );
    let (_, form) = owner.get_text("/s/devises/admin/currencies").await;
    assert!(form.contains(r#"value="GBP""#), "{form}");
    assert!(form.contains(r#"value="0.85""#), "{form}");

    // The product page is the same for a shopper who picked pounds as for anyone: it carries
    // the amount and the rates, and the script does the rest in the browser.
    let picked = app.client();
    choose(&picked, "GBP");
    let (_, first) = picked.get_text("/s/devises/p/comte").await;
    let (_, plain) = app.client().get_text("/s/devises/p/comte").await;
    assert_eq!(first, plain);
    assert!(first.contains(r#"data-fx="1250""#), "{first}");
    assert!(
        first.contains(r#"id="fx-data">{"rates":[["GBP",850000,2,"2020-03-02"]],"units":2}"#)
            || first
                .contains(r#"id="fx-data">{"units":2,"rates":[["GBP",850000,2,"2020-03-02"]]}"#),
        "{first}"
    );
    assert!(first.contains("/assets/fx.js?v="), "{first}");
    assert!(
        first.contains(r#"<option value="GBP">GBP</option>"#),
        "{first}"
    );
    assert!(!first.contains("≈"), "{first}");
    // Rendered afresh without the choice (the rates saved again move the shop's version on),
    // byte for byte the same.
    let r = post(
        &owner,
        "/s/devises/admin/currencies",
        &rates(&[("GBP", "0.85", "2020-03-02")]),
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, fresh) = app.client().get_text("/s/devises/p/comte").await;
    // The theme's address names the shop's version, which moved on.
    let unversioned = |page: &str| {
        let (head, tail) = page.split_once("theme.css?v=").unwrap();
        let rest = tail.trim_start_matches(|c: char| c.is_ascii_digit());
        format!("{head}theme.css?v={rest}")
    };
    assert_ne!(fresh, first, "rendered again for the new version");
    assert_eq!(unversioned(&fresh), unversioned(&first));
    let (_, found) = picked.get_text("/s/devises/search?q=comte").await;
    assert!(found.contains(r#"data-fx="1250""#), "{found}");

    // The cart, never cached: 2 × 12.50 € = 25.00 €, about £21.25, and what is charged.
    add(&picked, "devises", comte, 2).await;
    let (_, cart) = picked.get_text("/s/devises/cart").await;
    assert!(cart.contains("(≈ 21,25\u{a0}£)"), "{cart}");
    assert!(
        cart.contains("Votre commande est facturée en EUR : 25,00\u{a0}€. Le montant en GBP est une estimation au taux du 02/03/2020."),
        "{cart}"
    );
    // Checkout's recap: the total with delivery (32.50 €) is about £27.63 (27.625, half up).
    let review = fill(&picked, "devises", ADDRESS).await;
    assert!(
        review.contains(
            "<strong>32,50\u{a0}€</strong> <span class=\"fx-estimate\">(≈ 27,63\u{a0}£)</span>"
        ),
        "{review}"
    );
    assert!(
        review.contains("Votre commande est facturée en EUR : 32,50\u{a0}€. Le montant en GBP est une estimation au taux du 02/03/2020."),
        "{review}"
    );
    // In English.
    let (_, cart) = picked.get_text("/s/devises/en/cart").await;
    assert!(
        cart.contains("Your order is charged in EUR: €25.00. The amount in GBP is an estimate at the rate of 2 March 2020."),
        "{cart}"
    );
    assert!(cart.contains("(≈ £21.25)"), "{cart}");

    // A shopper who picked nothing (or a currency without a rate) sees euros only.
    let other = app.client();
    choose(&other, "JPY");
    add(&other, "devises", comte, 1).await;
    let (_, cart) = other.get_text("/s/devises/cart").await;
    assert!(!cart.contains("≈"), "{cart}");
    assert!(!cart.contains("facturée en EUR"), "{cart}");
}

#[tokio::test]
async fn a_shop_may_use_the_operators_rates() {
    let app = TestApp::new().await;
    let (_, _, comte) = shop_with_transfer(&app, "plateforme").await;
    let op = app.client();
    let r = op
        .post_form(
            "/operator/login",
            &[("email", OPERATOR_EMAIL), ("password", OPERATOR_PASSWORD)],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = post(
        &op,
        "/operator/currencies",
        &rates(&[("CHF", "-2", "2020-03-02")]),
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = post(
        &op,
        "/operator/currencies",
        &rates(&[("CHF", "0.94", "2020-03-02"), ("USD", "1.05", "2020-03-03")]),
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

    // Until the shop chooses them, the operator's rates are not offered.
    let (_, page) = app.client().get_text("/s/plateforme/p/comte").await;
    assert!(!page.contains("fx-data"), "{page}");
    let owner = app.client();
    owner
        .post_form(
            "/s/plateforme/admin/login",
            &[
                ("email", "owner@plateforme.example"),
                ("password", PASSWORD),
            ],
        )
        .await;
    let (_, form) = owner.get_text("/s/plateforme/admin/currencies").await;
    assert!(form.contains("CHF 0.94 (2020-03-02)"), "{form}");
    let mut fields = rates(&[]);
    fields.push(("use_platform".into(), "1".into()));
    let r = post(&owner, "/s/plateforme/admin/currencies", &fields).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, page) = app.client().get_text("/s/plateforme/p/comte").await;
    assert!(page.contains(r#"["CHF",940000,2,"2020-03-02"]"#), "{page}");
    assert!(page.contains(r#"["USD",1050000,2,"2020-03-03"]"#), "{page}");
    let shopper = app.client();
    choose(&shopper, "USD");
    add(&shopper, "plateforme", comte, 1).await;
    let (_, cart) = shopper.get_text("/s/plateforme/cart").await;
    // 12.50 € × 1.05 = $13.125 → $13.13.
    assert!(cart.contains("(≈ 13,13\u{a0}$)"), "{cart}");
}

/// In a real headless Chromium: the shopper picks pounds on a cached product page and the
/// script shows the estimate beside the price, with the domain's rounding; the choice is kept.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_a_browser_the_picker_shows_the_estimate_beside_the_price() {
    use crate::browser::{open, wait_for, Driver};
    let Some(driver) = Driver::start() else {
        return;
    };
    let app = TestApp::new().await;
    shop_with_transfer(&app, "navigateur").await;
    let owner = app.client();
    owner
        .post_form(
            "/s/navigateur/admin/login",
            &[
                ("email", "owner@navigateur.example"),
                ("password", PASSWORD),
            ],
        )
        .await;
    let r = post(
        &owner,
        "/s/navigateur/admin/currencies",
        &rates(&[("GBP", "0.85", "2020-03-02")]),
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let b = driver.session().await;
    let url = format!("{}/s/navigateur/p/comte", app.url);
    let outcome = tokio::spawn({
        let b = b.clone();
        async move {
            open(&b, &url).await;
            let select = wait_for(&b, "[data-fx-picker]:not([hidden]) #fx-currency").await;
            select.select_by_value("GBP").await.expect("pick GBP");
            // 12.50 € × 0.85 = £10.625, half up: £10.63.
            let shown = wait_for(&b, "p.price .fx-live").await;
            let text = shown.text().await.unwrap();
            assert!(text.contains("10,63") && text.contains('£'), "{text}");
            // The choice is kept for the next pages (and the cart reads it).
            open(&b, &url).await;
            let text = wait_for(&b, "p.price .fx-live").await.text().await.unwrap();
            assert!(text.contains("10,63"), "{text}");
        }
    })
    .await;
    let _ = b.close().await;
    drop(driver);
    if let Err(e) = outcome {
        if e.is_panic() {
            std::panic::resume_unwind(e.into_panic());
        }
        panic!("browser journey did not finish: {e}");
    }
}
