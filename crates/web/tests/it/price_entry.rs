//! Prices typed tax excluded ("HT"), on both backends: a VAT-registered shop that types its
//! prices without VAT shows them with the VAT of its own country everywhere a shopper looks
//! (product page, its JSON-LD, listings, the store API, the cart), the cached pages follow the
//! change of setting, and checkout adds the VAT rate by rate.

use crate::checkout::{add, fill, key_of, shop_with_transfer, variant_of, ADDRESS};
use crate::common::*;
use crate::storefront::{product, New};

/// The seller's legal form, VAT registered, with prices typed as `entry`.
async fn legal_form(owner: &Client, slug: &str, entry: &str) -> reqwest::Response {
    owner
        .post_form(
            &format!("/s/{slug}/admin/legal"),
            &[
                ("status", "ei"),
                ("legal_name", "Atelier Martin"),
                ("siret", "73282932000074"),
                ("vat_number", "FR44732829320"),
                ("price_entry", entry),
            ],
        )
        .await
}

#[tokio::test]
async fn a_shop_typing_prices_without_vat_shows_them_with_it_and_charges_it_rate_by_rate() {
    let app = TestApp::new().await;
    // A cheese at 12.50 (5.5 %), and a wooden tray at 10.00 (20 %).
    let (id, _, comte) = shop_with_transfer(&app, "atelier").await;
    let tray = product(
        &app,
        id,
        New {
            fr: ("Plateau en bois", "plateau"),
            price: 1000,
            ..Default::default()
        },
    )
    .await;
    {
        let mut tx = app.store.begin().await.unwrap();
        sqlx::query("UPDATE products SET vat_class = 'standard' WHERE shop_id = $1 AND id = $2")
            .bind(id)
            .bind(tray)
            .execute(&mut *tx)
            .await
            .unwrap();
        store::commit(tx).await.unwrap();
    }
    let tray_v = variant_of(&app, id, tray).await;
    let owner = app.client();
    owner
        .post_form(
            "/s/atelier/admin/login",
            &[("email", "owner@atelier.example"), ("password", PASSWORD)],
        )
        .await;
    let r = legal_form(&owner, "atelier", "tax_included").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

    // Typed tax included (the default): shown as typed, and the page is cached so.
    let shopper = app.client();
    let (_, page) = shopper.get_text("/s/atelier/p/plateau").await;
    assert!(page.contains("10,00\u{a0}€"), "{page}");
    assert!(page.contains(r#""price":"10.00""#), "{page}");

    // The form says what the choice means, and keeps it.
    let (_, form) = owner.get_text("/s/atelier/admin/legal").await;
    assert!(form.contains("Je saisis mes prix HT"), "{form}");
    assert!(
        form.contains(r#"value="tax_included" checked"#),
        "TTC by default: {form}"
    );
    let r = legal_form(&owner, "atelier", "tva-comprise").await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = legal_form(&owner, "atelier", "tax_excluded").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, form) = owner.get_text("/s/atelier/admin/legal").await;
    assert!(form.contains(r#"value="tax_excluded" checked"#), "{form}");

    // Typed tax excluded: every page shows the price with French VAT, the cached page too.
    let (_, page) = shopper.get_text("/s/atelier/p/plateau").await;
    assert!(page.contains("12,00\u{a0}€"), "{page}");
    assert!(!page.contains("10,00\u{a0}€"), "{page}");
    assert!(page.contains(r#""price":"12.00""#), "{page}");
    let (_, page) = shopper.get_text("/s/atelier/p/comte").await;
    // 12.50 + 5.5 % = 13.1875.
    assert!(page.contains("13,19\u{a0}€"), "{page}");
    assert!(page.contains(r#""price":"13.19""#), "{page}");
    let (_, found) = shopper.get_text("/s/atelier/search?q=plateau").await;
    assert!(found.contains("12,00\u{a0}€"), "{found}");
    let (_, found) = shopper.get_text("/s/atelier/search?q=comte").await;
    assert!(found.contains("13,19\u{a0}€"), "{found}");
    let (_, api) = shopper.get_text("/s/atelier/api/store/v1/products").await;
    let api: serde_json::Value = serde_json::from_str(&api).unwrap();
    let price_of = |slug: &str| {
        api["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["slug"] == slug)
            .map(|i| i["variants"][0]["price"].clone())
            .unwrap()
    };
    assert_eq!(price_of("plateau"), "12.00");
    assert_eq!(price_of("comte"), "13.19");

    // The cart shows the same prices, and the VAT of each rate in its total.
    add(&shopper, "atelier", tray_v, 1).await;
    add(&shopper, "atelier", comte, 1).await;
    let (_, cart) = shopper.get_text("/s/atelier/cart").await;
    assert!(cart.contains("12,00\u{a0}€"), "{cart}");
    assert!(cart.contains("13,19\u{a0}€"), "{cart}");
    // 10.00 + 2.00 and 12.50 + 0.69 (0.6875 rounded).
    assert!(cart.contains("25,19\u{a0}€"), "{cart}");

    // Delivery is priced alike on the checkout form and in the store API, VAT included.
    let (_, form) = shopper.get_text("/s/atelier/checkout").await;
    let on_form = form
        .split("Colissimo à domicile — ")
        .nth(1)
        .and_then(|s| s.split('\u{a0}').next())
        .unwrap_or_else(|| panic!("{form}"))
        .replace(',', ".");
    assert_ne!(on_form, "7.50", "7.50 is the price typed without VAT");
    let http = reqwest::Client::new();
    let base = format!("{}/s/atelier/api/store/v1", app.url);
    let cart: serde_json::Value = http
        .post(format!("{base}/carts"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = cart["id"].as_str().unwrap_or_else(|| panic!("{cart}"));
    for v in [tray_v, comte] {
        let r = http
            .post(format!("{base}/carts/{token}/lines"))
            .json(&serde_json::json!({"variant_id": v.to_string(), "quantity": 1}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
    }
    let methods: serde_json::Value = http
        .get(format!("{base}/carts/{token}/shipping-methods?country=FR"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let colissimo = methods
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == "colissimo-fr")
        .unwrap_or_else(|| panic!("{methods}"));
    assert_eq!(colissimo["price"], on_form.as_str(), "{methods}");

    // The recap: amounts without VAT, then the VAT of each rate. Delivery (7.50) bears the
    // rates of the goods it carries, split in proportion: 3.33 at 20 %, 4.17 at 5.5 %.
    let review = fill(&shopper, "atelier", ADDRESS).await;
    assert!(
        review.contains("Sous-total HT</th><td>22,50\u{a0}€"),
        "{review}"
    );
    assert!(review.contains("7,50\u{a0}€"), "{review}");
    let vat_row = |rate: &str, amount: &str| {
        review.contains(&format!("TVA à {rate} %</th><td>{amount}\u{a0}€"))
            || review.contains(&format!("TVA à {rate}\u{a0}%</th><td>{amount}\u{a0}€"))
    };
    // 13.33 × 20 % = 2.666; 16.67 × 5.5 % = 0.91685.
    assert!(vat_row("20", "2,67"), "{review}");
    assert!(vat_row("5,5", "0,92"), "{review}");
    assert!(!review.contains("dont TVA"), "{review}");
    assert!(review.contains("<strong>33,59\u{a0}€</strong>"), "{review}");

    let key = key_of(&review);
    let r = shopper
        .post_form(
            "/s/atelier/checkout/place",
            &[("key", key.as_str()), ("accept_terms", "1")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let link = location(&r);
    let mut conn = app.store.reader().await.unwrap();
    let order = store::order::by_number(&mut conn, id, "00001")
        .await
        .unwrap()
        .unwrap();
    drop(conn);
    assert_eq!(order.subtotal_minor, 2_250);
    assert_eq!(order.shipping_minor, 750);
    assert_eq!(order.vat_minor, 267 + 92);
    assert_eq!(order.total_minor, 3_359);
    let taxes: serde_json::Value = serde_json::from_str(&order.taxes).unwrap();
    let rate = |bp: i64| {
        taxes
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["rate_bp"] == bp)
            .cloned()
            .unwrap_or_else(|| panic!("{taxes}"))
    };
    assert_eq!(rate(2000)["net"], 1_333);
    assert_eq!(rate(2000)["vat"], 267);
    assert_eq!(rate(550)["net"], 1_667);
    assert_eq!(rate(550)["vat"], 92);
    // The order's page shows the same breakdown.
    let (_, page) = app.client().get_text(&link).await;
    assert!(page.contains("Sous-total HT"), "{page}");
    assert!(page.contains("<strong>33,59\u{a0}€</strong>"), "{page}");

    // A shop under the VAT franchise charges none: its prices are shown as typed.
    let mut tx = app.store.begin().await.unwrap();
    let mut l = store::legal::get(&mut tx, id).await.unwrap();
    l.vat_number = None;
    l.vat_franchise = 1;
    store::legal::save(&mut tx, id, &l).await.unwrap();
    store::commit(tx).await.unwrap();
    let (_, page) = shopper.get_text("/s/atelier/p/plateau").await;
    assert!(page.contains("10,00\u{a0}€"), "{page}");
    assert!(page.contains(r#""price":"10.00""#), "{page}");
}

#[tokio::test]
async fn a_category_filters_and_sorts_tax_excluded_prices_as_shoppers_see_them() {
    let app = TestApp::new().await;
    let (id, _, _) = shop_with_transfer(&app, "rayon").await;
    let cat = crate::storefront::category(&app, id, None, ("Plateaux", "plateaux")).await;
    // Typed tax excluded: a cheese at 12.50 (5.5 %: 13.19 shown) and a tray at 11.00 (20 %:
    // 13.20 shown). Stored, the tray is the cheaper; shown, the cheese is.
    let cheese = product(
        &app,
        id,
        New {
            category: Some(cat),
            fr: ("Comté affiné", "comte-affine"),
            price: 1250,
            ..Default::default()
        },
    )
    .await;
    let tray = product(
        &app,
        id,
        New {
            category: Some(cat),
            fr: ("Plateau en chêne", "plateau-chene"),
            price: 1100,
            ..Default::default()
        },
    )
    .await;
    {
        let mut tx = app.store.begin().await.unwrap();
        for (p, class) in [(cheese, "reduced"), (tray, "standard")] {
            sqlx::query("UPDATE products SET vat_class = $3 WHERE shop_id = $1 AND id = $2")
                .bind(id)
                .bind(p)
                .bind(class)
                .execute(&mut *tx)
                .await
                .unwrap();
        }
        store::commit(tx).await.unwrap();
    }
    let owner = app.client();
    owner
        .post_form(
            "/s/rayon/admin/login",
            &[("email", "owner@rayon.example"), ("password", PASSWORD)],
        )
        .await;
    let r = legal_form(&owner, "rayon", "tax_excluded").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

    let shopper = app.client();
    let titles = |page: &str| -> Vec<&'static str> {
        let mut found: Vec<(usize, &'static str)> = ["Comté affiné", "Plateau en chêne"]
            .into_iter()
            .filter_map(|t| page.find(t).map(|at| (at, t)))
            .collect();
        found.sort();
        found.into_iter().map(|(_, t)| t).collect()
    };
    let (_, page) = shopper.get_text("/s/rayon/c/plateaux?sort=price_asc").await;
    assert!(page.contains("13,19\u{a0}€"), "{page}");
    assert!(page.contains("13,20\u{a0}€"), "{page}");
    assert_eq!(titles(&page), ["Comté affiné", "Plateau en chêne"]);
    let (_, page) = shopper
        .get_text("/s/rayon/c/plateaux?sort=price_desc")
        .await;
    assert_eq!(titles(&page), ["Plateau en chêne", "Comté affiné"]);
    // Up to 13.19 as shown: the cheese alone (both are under it as typed).
    let (_, page) = shopper.get_text("/s/rayon/c/plateaux?max=13,19").await;
    assert_eq!(titles(&page), ["Comté affiné"]);
    let (_, page) = shopper.get_text("/s/rayon/c/plateaux?min=13,20").await;
    assert_eq!(titles(&page), ["Plateau en chêne"]);
}
