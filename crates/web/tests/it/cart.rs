//! The cart, on both backends: a guest adds from a product page that stays cached, sees the
//! cart, changes quantities and removes lines; stock, unique pieces, bad input and forms from
//! other sites are refused with a message; rental periods and service slots are held so that
//! carts asking at the same moment never get the same period or more places than a slot has.

use crate::common::*;
use crate::storefront::{product, shop, New};

/// The form of "add to cart" as the product page posts it (no token; the browser says it comes
/// from this site).
async fn add(client: &Client, slug: &str, fields: &[(&str, &str)]) -> reqwest::Response {
    client
        .http
        .post(client.url(&format!("/s/{slug}/cart/add")))
        .header("origin", client.base.clone())
        .header("sec-fetch-site", "same-origin")
        .form(fields)
        .send()
        .await
        .unwrap()
}

async fn variant_of(app: &TestApp, shop: store::id::ShopId, product: i64) -> i64 {
    let mut c = app.store.reader().await.unwrap();
    store::catalog::variants(&mut c, shop, product)
        .await
        .unwrap()[0]
        .id
}

async fn set_stock(app: &TestApp, shop: store::id::ShopId, variant: i64, n: i64) {
    let mut tx = app.store.begin().await.unwrap();
    store::catalog::set_variant_quantity(&mut tx, shop, variant, n)
        .await
        .unwrap();
    store::commit(tx).await.unwrap();
}

/// The value of the product page's hidden `variant` field.
fn variant_field(page: &str) -> String {
    page.split("name=\"variant\" value=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap_or_else(|| panic!("no add-to-cart form on {page}"))
        .to_string()
}

#[tokio::test]
async fn a_guest_fills_a_cart_from_cached_product_pages() {
    let app = TestApp::new().await;
    let id = shop(&app, "panier").await;
    product(
        &app,
        id,
        New {
            fr: ("Comté 18 mois", "comte"),
            price: 1250,
            ..Default::default()
        },
    )
    .await;
    let guest = app.client();

    // The product page has the form, is the same for everyone, and is served from the cache.
    let r = guest.get("/s/panier/p/comte").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.headers().get("set-cookie").is_none());
    let page = r.text().await.unwrap();
    assert!(page.contains("Ajouter au panier"), "{page}");
    assert!(
        page.contains("href=\"/s/panier/cart\""),
        "cart link: {page}"
    );
    assert!(!page.contains("_csrf"), "a cached page carries no token");
    let variant = variant_field(&page);
    let again = guest.get("/s/panier/p/comte").await;
    assert_eq!(again.headers()["x-page-cache"], "hit");

    let r = add(
        &guest,
        "panier",
        &[("variant", &variant), ("quantity", "2")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/s/panier/cart");
    assert!(guest.cookie_at("/s/panier/", "vitrine_cart").is_some());
    assert_eq!(
        guest.cookie_at("/s/panier/", "vitrine_cart_n").as_deref(),
        Some("2")
    );
    // Adding the same variant again adds to its line.
    add(&guest, "panier", &[("variant", &variant)]).await;
    let (status, cart) = guest.get_text("/s/panier/cart").await;
    assert_eq!(status, StatusCode::OK);
    assert!(cart.contains("Comté 18 mois"), "{cart}");
    assert!(cart.contains("value=\"3\""), "{cart}");
    assert!(cart.contains("37,50\u{a0}€"), "subtotal: {cart}");
    // The product page is still the cached one: the cart changed nothing in it.
    let after = guest.get("/s/panier/p/comte").await;
    assert_eq!(after.headers()["x-page-cache"], "hit");

    // Another visitor has an empty cart.
    let (_, other) = app.client().get_text("/s/panier/cart").await;
    assert!(other.contains("Votre panier est vide"), "{other}");

    // Change the quantity, then remove the line (the cart's own forms carry the token).
    let line = cart
        .split("/cart/lines/")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap()
        .to_string();
    let r = guest
        .post_form(
            &format!("/s/panier/cart/lines/{line}"),
            &[("quantity", "1")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, cart) = guest.get_text("/s/panier/cart").await;
    assert!(cart.contains("12,50\u{a0}€"), "{cart}");
    assert_eq!(
        guest.cookie_at("/s/panier/", "vitrine_cart_n").as_deref(),
        Some("1")
    );
    let r = guest
        .post_form(&format!("/s/panier/cart/lines/{line}/remove"), &[])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, cart) = guest.get_text("/s/panier/cart").await;
    assert!(cart.contains("Votre panier est vide"), "{cart}");

    // A token-carrying form cannot be posted without the token.
    let r = guest
        .http
        .post(guest.url(&format!("/s/panier/cart/lines/{line}/remove")))
        .form(&[("x", "y")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn add_to_cart_is_refused_from_other_sites_and_for_bad_input() {
    let app = TestApp::new().await;
    let id = shop(&app, "panier-garde").await;
    let p = product(
        &app,
        id,
        New {
            fr: ("Brie", "brie"),
            ..Default::default()
        },
    )
    .await;
    let variant = variant_of(&app, id, p).await.to_string();
    let url = app.client().url("/s/panier-garde/cart/add");
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    // Another site's page, or a request that says nothing of where it comes from.
    for headers in [
        vec![("origin", "https://evil.example")],
        vec![("sec-fetch-site", "cross-site")],
        vec![],
    ] {
        let mut rq = http.post(&url).form(&[("variant", variant.as_str())]);
        for (k, v) in &headers {
            rq = rq.header(*k, *v);
        }
        let r = rq.send().await.unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{headers:?}");
    }

    let guest = app.client();
    for (fields, message) in [
        (
            vec![("variant", variant.as_str()), ("quantity", "beaucoup")],
            "Indiquez une quantité entière entre 1 et 99.",
        ),
        (
            vec![("variant", variant.as_str()), ("quantity", "0")],
            "Indiquez une quantité entière entre 1 et 99.",
        ),
        (
            vec![("variant", "12x")],
            "Ce produit n’existe plus dans la boutique.",
        ),
        (
            vec![("variant", "42")],
            "Ce produit n’existe plus dans la boutique.",
        ),
    ] {
        let r = add(&guest, "panier-garde", &fields).await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{fields:?}");
        let page = r.text().await.unwrap();
        assert!(page.contains(message), "{fields:?}: {page}");
    }
    // Another shop's variant is unknown here.
    let other = shop(&app, "voisine").await;
    let theirs = product(
        &app,
        other,
        New {
            fr: ("Tomme", "tomme"),
            ..Default::default()
        },
    )
    .await;
    let theirs = variant_of(&app, other, theirs).await.to_string();
    let r = add(&guest, "panier-garde", &[("variant", &theirs)]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn stock_and_unique_pieces_limit_what_a_cart_takes() {
    let app = TestApp::new().await;
    let id = shop(&app, "stock-panier").await;
    let p = product(
        &app,
        id,
        New {
            fr: ("Saint-Nectaire", "saint-nectaire"),
            ..Default::default()
        },
    )
    .await;
    let variant = variant_of(&app, id, p).await;
    set_stock(&app, id, variant, 2).await;
    let v = variant.to_string();
    let guest = app.client();
    let r = add(
        &guest,
        "stock-panier",
        &[("variant", &v), ("quantity", "3")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r
        .text()
        .await
        .unwrap()
        .contains("Il n’en reste que 2 exemplaires."));
    let r = add(
        &guest,
        "stock-panier",
        &[("variant", &v), ("quantity", "2")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = add(&guest, "stock-panier", &[("variant", &v)]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // What was in the cart is still there.
    let (_, cart_here) = guest.get_text("/s/stock-panier/cart").await;
    assert!(cart_here.contains("value=\"2\""), "{cart_here}");

    // Stock that falls after the cart was filled is shown on the line.
    set_stock(&app, id, variant, 1).await;
    let (_, cart_here) = guest.get_text("/s/stock-panier/cart").await;
    assert!(
        cart_here.contains("Il n’en reste qu’un seul exemplaire."),
        "{cart_here}"
    );
    // Sold out: the product page says so and offers no form.
    set_stock(&app, id, variant, 0).await;
    let (_, page) = guest.get_text("/s/stock-panier/p/saint-nectaire").await;
    assert!(page.contains("Épuisé"), "{page}");
    assert!(!page.contains("class=\"buy\""), "{page}");

    // A unique piece goes into a cart once.
    let book = product(
        &app,
        id,
        New {
            kind: "unique",
            fr: ("Les Misérables, édition originale", "miserables"),
            ..Default::default()
        },
    )
    .await;
    let book_variant = variant_of(&app, id, book).await;
    set_stock(&app, id, book_variant, 1).await;
    let b = book_variant.to_string();
    let r = add(&guest, "stock-panier", &[("variant", &b)]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = add(&guest, "stock-panier", &[("variant", &b)]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("Cette pièce est unique"));
}

/// Opening hours every day 08:00–20:00, so that tomorrow always has slots.
async fn open_every_day(app: &TestApp, shop: store::id::ShopId) {
    let mut tx = app.store.begin().await.unwrap();
    let rows: Vec<store::calendar::HoursRow> = (0..7)
        .map(|weekday| store::calendar::HoursRow {
            weekday,
            opens_minute: 8 * 60,
            closes_minute: 20 * 60,
        })
        .collect();
    store::calendar::set_hours(&mut tx, shop, &rows)
        .await
        .unwrap();
    store::commit(tx).await.unwrap();
}

#[tokio::test]
async fn carts_at_the_same_moment_never_hold_the_same_rental_period() {
    let app = TestApp::new().await;
    let id = shop(&app, "location").await;
    open_every_day(&app, id).await;
    let p = product(
        &app,
        id,
        New {
            kind: "rental",
            fr: ("Vidéoprojecteur", "projecteur"),
            details: r#"{"per_day_minor":1500,"deposit_minor":20000,"min_days":1,"max_days":14}"#,
            ..Default::default()
        },
    )
    .await;
    let v = variant_of(&app, id, p).await.to_string();
    let start = (chrono::Utc::now().date_naive() + chrono::Days::new(10)).to_string();
    let end = (chrono::Utc::now().date_naive() + chrono::Days::new(13)).to_string();
    let fields = [
        ("variant", v.as_str()),
        ("start", start.as_str()),
        ("end", end.as_str()),
    ];
    let clients: Vec<Client> = (0..6).map(|_| app.client()).collect();
    let answers =
        futures_util::future::join_all(clients.iter().map(|c| add(c, "location", &fields))).await;
    let ok = answers
        .iter()
        .filter(|r| r.status() == StatusCode::SEE_OTHER)
        .count();
    let refused = answers
        .iter()
        .filter(|r| r.status() == StatusCode::UNPROCESSABLE_ENTITY)
        .count();
    assert_eq!((ok, refused), (1, 5), "one cart holds the period");
    let winner = clients
        .iter()
        .zip(&answers)
        .find(|(_, r)| r.status() == StatusCode::SEE_OTHER)
        .map(|(c, _)| c)
        .unwrap();
    let (_, cart) = winner.get_text("/s/location/cart").await;
    // Three days at €15, the deposit said apart.
    assert!(cart.contains("45,00\u{a0}€"), "{cart}");
    assert!(cart.contains("Caution de 200,00\u{a0}€"), "{cart}");
    let (_, loser) = clients
        .iter()
        .find(|c| !std::ptr::eq(*c, winner))
        .unwrap()
        .get_text("/s/location/cart")
        .await;
    assert!(!loser.contains("Vidéoprojecteur"), "{loser}");

    // Removing the line frees the period for the next cart.
    let line = cart
        .split("/cart/lines/")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .unwrap()
        .to_string();
    let r = winner
        .post_form(&format!("/s/location/cart/lines/{line}/remove"), &[])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = add(&app.client(), "location", &fields).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

    // Dates in the past, or missing, are refused with a message.
    let past = (chrono::Utc::now().date_naive() - chrono::Days::new(3)).to_string();
    let r = add(
        &app.client(),
        "location",
        &[("variant", &v), ("start", &past), ("end", &start)],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = add(&app.client(), "location", &[("variant", &v)]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r
        .text()
        .await
        .unwrap()
        .contains("Choisissez le premier jour de location et le jour du retour."));
}

#[tokio::test]
async fn a_service_slot_never_takes_more_carts_than_it_has_places() {
    let app = TestApp::new().await;
    let id = shop(&app, "atelier").await;
    open_every_day(&app, id).await;
    let p = product(
        &app,
        id,
        New {
            kind: "service",
            fr: ("Atelier fromage", "atelier-fromage"),
            details: r#"{"duration_minutes":60,"capacity_per_slot":2}"#,
            ..Default::default()
        },
    )
    .await;
    let v = variant_of(&app, id, p).await.to_string();
    // The product page lists the free slots as the form's choices.
    let (_, page) = app.client().get_text("/s/atelier/p/atelier-fromage").await;
    let slots: Vec<String> = page
        .split("<option value=\"")
        .skip(1)
        .filter_map(|r| r.split('"').next())
        .map(str::to_string)
        .collect();
    assert!(!slots.is_empty(), "{page}");
    let slot = slots.last().unwrap().clone();
    let fields = [
        ("variant", v.as_str()),
        ("slot", slot.as_str()),
        ("quantity", "1"),
    ];
    let clients: Vec<Client> = (0..5).map(|_| app.client()).collect();
    let answers =
        futures_util::future::join_all(clients.iter().map(|c| add(c, "atelier", &fields))).await;
    let ok = answers
        .iter()
        .filter(|r| r.status() == StatusCode::SEE_OTHER)
        .count();
    assert_eq!(ok, 2, "two places, two carts");
    let mut full = 0;
    for r in answers {
        if r.status() == StatusCode::UNPROCESSABLE_ENTITY {
            let text = r.text().await.unwrap();
            assert!(text.contains("Ce créneau est complet."), "{text}");
            full += 1;
        }
    }
    assert_eq!(full, 3);
    // A slot that is not offered is refused.
    let r = add(
        &app.client(),
        "atelier",
        &[("variant", &v), ("slot", "12345")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
}
