//! Checkout, on both backends: a guest orders with a bank transfer through the form, the recap
//! (pre-contract information, terms, the button that obliges to pay) and the order's link; the
//! confirmation e-mail is queued in French; a double click gives one order; buyers of the last
//! unit at the same moment make exactly one order; order numbers follow each other per shop.

use crate::common::*;
use crate::storefront::{product, shop, New};

pub(crate) async fn variant_of(app: &TestApp, shop: store::id::ShopId, product: i64) -> i64 {
    let mut c = app.store.reader().await.unwrap();
    store::catalog::variants(&mut c, shop, product)
        .await
        .unwrap()[0]
        .id
}

pub(crate) async fn set_stock(app: &TestApp, shop: store::id::ShopId, variant: i64, n: i64) {
    let mut tx = app.store.begin().await.unwrap();
    store::catalog::set_variant_quantity(&mut tx, shop, variant, n)
        .await
        .unwrap();
    store::commit(tx).await.unwrap();
}

pub(crate) async fn stock(app: &TestApp, shop: store::id::ShopId, product: i64) -> i64 {
    let mut c = app.store.reader().await.unwrap();
    store::catalog::variants(&mut c, shop, product)
        .await
        .unwrap()[0]
        .quantity
}

/// A shop that takes bank transfers, with one product.
pub(crate) async fn shop_with_transfer(app: &TestApp, slug: &str) -> (store::id::ShopId, i64, i64) {
    let id = shop(app, slug).await;
    let mut tx = app.store.begin().await.unwrap();
    store::payment::upsert(
        &mut tx,
        id,
        "bank_transfer",
        true,
        &serde_json::json!({"holder": "Fromagerie Martin", "iban": "FR7630006000011234567890189", "bic": "AGRIFRPP"}),
    )
    .await
    .unwrap();
    store::commit(tx).await.unwrap();
    let p = product(
        app,
        id,
        New {
            fr: ("Comté 18 mois", "comte"),
            price: 1250,
            ..Default::default()
        },
    )
    .await;
    let v = variant_of(app, id, p).await;
    (id, p, v)
}

pub(crate) async fn add(client: &Client, slug: &str, variant: i64, quantity: i64) {
    let r = client
        .http
        .post(client.url(&format!("/s/{slug}/cart/add")))
        .header("sec-fetch-site", "same-origin")
        .form(&[
            ("variant", variant.to_string()),
            ("quantity", quantity.to_string()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "{}",
        r.text().await.unwrap()
    );
}

pub(crate) const ADDRESS: &[(&str, &str)] = &[
    ("email", "camille@example.org"),
    ("name", "Camille Durand"),
    ("line1", "3 rue des Lilas"),
    ("postal_code", "21000"),
    ("city", "Dijon"),
    ("country", "FR"),
    ("shipping", "colissimo-fr"),
    ("payment", "bank_transfer"),
];

/// Fills the checkout form; returns the recap page.
pub(crate) async fn fill(client: &Client, slug: &str, fields: &[(&str, &str)]) -> String {
    let r = client
        .post_form(&format!("/s/{slug}/checkout"), fields)
        .await;
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "{}",
        r.text().await.unwrap()
    );
    assert_eq!(location(&r), format!("/s/{slug}/checkout/review"));
    let (status, page) = client.get_text(&format!("/s/{slug}/checkout/review")).await;
    assert_eq!(status, StatusCode::OK);
    page
}

pub(crate) async fn place(client: &Client, slug: &str, key: &str) -> reqwest::Response {
    client
        .post_form(
            &format!("/s/{slug}/checkout/place"),
            &[("key", key), ("accept_terms", "1")],
        )
        .await
}

pub(crate) fn key_of(review: &str) -> String {
    review
        .split("name=\"key\" value=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .expect("the recap's one-time key")
        .to_string()
}

#[tokio::test]
async fn a_guest_orders_by_bank_transfer_and_follows_the_order_by_its_link() {
    let app = TestApp::new().await;
    let (id, p, v) = shop_with_transfer(&app, "commande").await;
    let guest = app.client();
    add(&guest, "commande", v, 2).await;
    let (_, cart) = guest.get_text("/s/commande/cart").await;
    assert!(cart.contains("href=\"/s/commande/checkout\""), "{cart}");

    // Missing fields come back with their messages, nothing typed is lost.
    let r = guest
        .post_form(
            "/s/commande/checkout",
            &[("email", "pas-une-adresse"), ("name", "Camille Durand")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(page.contains("Ce champ est à remplir."), "{page}");
    assert!(page.contains("value=\"Camille Durand\""), "{page}");
    assert!(page.contains("Choisissez un moyen de paiement."), "{page}");

    let review = fill(&guest, "commande", ADDRESS).await;
    assert!(
        review.contains("Commander avec obligation de paiement"),
        "{review}"
    );
    assert!(review.contains("14 jours"), "{review}");
    assert!(review.contains("Colissimo"), "{review}");
    assert!(review.contains("3 rue des Lilas"), "{review}");
    assert!(
        review.contains("href=\"/s/commande/pages/cgv\""),
        "{review}"
    );
    // 2 × 12,50 € and the delivery; a new shop is under the VAT franchise and says so.
    assert!(
        review.contains("Livraison : Colissimo à domicile</th><td>7,50\u{a0}€"),
        "{review}"
    );
    assert!(review.contains("<strong>32,50\u{a0}€</strong>"), "{review}");
    assert!(
        review.contains("TVA non applicable, art. 293 B du CGI"),
        "{review}"
    );
    let key = key_of(&review);

    // Without accepting the terms: refused, the recap again.
    let r = guest
        .post_form("/s/commande/checkout/place", &[("key", &key)])
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r
        .text()
        .await
        .unwrap()
        .contains("acceptez les conditions générales de vente"));

    let r = guest
        .post_form(
            "/s/commande/checkout/place",
            &[("key", &key), ("accept_terms", "1")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let link = location(&r);
    assert!(link.starts_with("/s/commande/orders/"), "{link}");
    assert_eq!(stock(&app, id, p).await, 8, "the stock is taken");

    // A double click (the same form again) finds the same order.
    let again = guest
        .post_form(
            "/s/commande/checkout/place",
            &[("key", &key), ("accept_terms", "1")],
        )
        .await;
    assert_eq!(again.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&again), link);
    assert_eq!(stock(&app, id, p).await, 8);

    // The order's page, for whoever has the link (no session needed).
    let (status, page) = app.client().get_text(&link).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Commande n° 00001"), "{page}");
    assert!(page.contains("en attente de paiement"), "{page}");
    assert!(page.contains("FR76 3000 6000 0112 3456 7890 189"), "{page}");
    assert!(page.contains("référence 00001"), "{page}");
    // A made-up link finds nothing.
    let (status, _) = app
        .client()
        .get_text(&format!("/s/commande/orders/{}", "a".repeat(64)))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // The cart is emptied; the confirmation e-mail is in French with the link.
    let (_, cart) = guest.get_text("/s/commande/cart").await;
    assert!(cart.contains("Votre panier est vide"), "{cart}");
    let mail = decode_quoted_printable(
        &app.wait_for_email("camille@example.org", "/s/commande/orders/")
            .await,
    );
    assert!(
        mail.contains("Merci pour votre commande n° 00001"),
        "{mail}"
    );
    assert!(mail.contains("32,50\u{a0}€"), "{mail}");
    assert!(mail.contains("Paiement : Virement bancaire."), "{mail}");
    assert!(mail.contains(&link), "{mail}");

    // The next order of the shop is number 2.
    let other = app.client();
    add(&other, "commande", v, 1).await;
    let review = fill(&other, "commande", ADDRESS).await;
    let r = other
        .post_form(
            "/s/commande/checkout/place",
            &[("key", &key_of(&review)), ("accept_terms", "1")],
        )
        .await;
    let (_, page) = other.get_text(&location(&r)).await;
    assert!(page.contains("Commande n° 00002"), "{page}");
}

#[tokio::test]
async fn buyers_of_the_last_unit_at_the_same_moment_make_one_order() {
    let app = TestApp::new().await;
    let (id, p, v) = shop_with_transfer(&app, "dernier").await;
    set_stock(&app, id, v, 1).await;
    let buyers: Vec<Client> = (0..6).map(|_| app.client()).collect();
    let mut keys = Vec::new();
    for b in &buyers {
        add(b, "dernier", v, 1).await;
        keys.push(key_of(&fill(b, "dernier", ADDRESS).await));
    }
    let answers = futures_util::future::join_all(
        buyers
            .iter()
            .zip(&keys)
            .map(|(b, k)| place(b, "dernier", k)),
    )
    .await;
    let placed = answers
        .iter()
        .filter(|r| r.status() == StatusCode::SEE_OTHER)
        .count();
    assert_eq!(placed, 1, "one order for the last unit");
    for r in answers {
        if r.status() != StatusCode::SEE_OTHER {
            assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
            let page = r.text().await.unwrap();
            assert!(page.contains("Ce produit est épuisé."), "{page}");
        }
    }
    assert_eq!(stock(&app, id, p).await, 0, "never below zero");
    let mut c = app.store.reader().await.unwrap();
    assert_eq!(store::order::count(&mut c, id, "").await.unwrap(), 1);
}

#[tokio::test]
async fn cash_on_collection_is_offered_only_while_collecting_at_the_shop_is() {
    let app = TestApp::new().await;
    let (id, _, v) = shop_with_transfer(&app, "comptoir").await;
    let mut tx = app.store.begin().await.unwrap();
    store::payment::upsert(&mut tx, id, "pickup_cash", true, &serde_json::json!({}))
        .await
        .unwrap();
    store::commit(tx).await.unwrap();
    let guest = app.client();
    add(&guest, "comptoir", v, 1).await;
    // Nothing chosen yet: collecting at the shop may be, so paying there may be too.
    let (_, form) = guest.get_text("/s/comptoir/checkout").await;
    assert!(form.contains(r#"value="pickup_cash""#), "{form}");

    // Sent by Colissimo and paid at the counter: told on the form, not after the recap.
    let mut fields: Vec<(&str, &str)> = ADDRESS
        .iter()
        .copied()
        .filter(|(k, _)| *k != "payment")
        .collect();
    fields.push(("payment", "pickup_cash"));
    let r = guest.post_form("/s/comptoir/checkout", &fields).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(
        page.contains("Le paiement au retrait n’est possible qu’avec le retrait en boutique."),
        "{page}"
    );
    assert!(!page.contains(r#"value="pickup_cash""#), "{page}");

    // Collected at the shop: paid there, and ordered.
    for f in fields.iter_mut() {
        if f.0 == "shipping" {
            f.1 = "pickup";
        }
    }
    let review = fill(&guest, "comptoir", &fields).await;
    let r = place(&guest, "comptoir", &key_of(&review)).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, page) = guest.get_text(&location(&r)).await;
    assert!(page.contains("Commande n° 00001"), "{page}");
}

#[tokio::test]
async fn the_same_order_sent_twice_at_once_is_placed_once() {
    let app = TestApp::new().await;
    let (id, p, v) = shop_with_transfer(&app, "doublon").await;
    let guest = app.client();
    add(&guest, "doublon", v, 2).await;
    let key = key_of(&fill(&guest, "doublon", ADDRESS).await);
    // A double click whose two requests arrive together: the second finds the cart gone with
    // the first's order, and answers with that order.
    let (a, b) = tokio::join!(
        place(&guest, "doublon", &key),
        place(&guest, "doublon", &key)
    );
    assert_eq!(a.status(), StatusCode::SEE_OTHER);
    assert_eq!(b.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&a), location(&b));
    assert_eq!(stock(&app, id, p).await, 8, "the stock is taken once");
    let mut c = app.store.reader().await.unwrap();
    assert_eq!(store::order::count(&mut c, id, "").await.unwrap(), 1);
}

#[tokio::test]
async fn orders_at_the_same_moment_get_consecutive_numbers() {
    let app = TestApp::new().await;
    let (_, _, v) = shop_with_transfer(&app, "numeros").await;
    let buyers: Vec<Client> = (0..5).map(|_| app.client()).collect();
    let mut keys = Vec::new();
    for b in &buyers {
        add(b, "numeros", v, 1).await;
        keys.push(key_of(&fill(b, "numeros", ADDRESS).await));
    }
    let answers = futures_util::future::join_all(
        buyers
            .iter()
            .zip(&keys)
            .map(|(b, k)| place(b, "numeros", k)),
    )
    .await;
    assert!(answers.iter().all(|r| r.status() == StatusCode::SEE_OTHER));
    let id = app.shop_id("numeros").await;
    let mut c = app.store.reader().await.unwrap();
    let mut numbers: Vec<String> = store::order::list_by_status(&mut c, id, "", 10, 0)
        .await
        .unwrap()
        .into_iter()
        .map(|o| o.number)
        .collect();
    numbers.sort();
    assert_eq!(numbers, ["00001", "00002", "00003", "00004", "00005"]);
}

/// Places an order of `quantity` of `variant` as a new guest; returns the order's number.
async fn order(app: &TestApp, slug: &str, variant: i64, quantity: i64) -> String {
    let guest = app.client();
    add(&guest, slug, variant, quantity).await;
    let key = key_of(&fill(&guest, slug, ADDRESS).await);
    let r = place(&guest, slug, &key).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, page) = guest.get_text(&location(&r)).await;
    page.split("Commande n° ")
        .nth(1)
        .and_then(|r| r.split('<').next())
        .unwrap()
        .to_string()
}

#[tokio::test]
async fn the_seller_marks_an_order_paid_ships_it_and_cancels_another() {
    let app = TestApp::new().await;
    let owner = app.owner("suivi").await;
    let id = app.shop_id("suivi").await;
    let mut tx = app.store.begin().await.unwrap();
    store::payment::upsert(
        &mut tx,
        id,
        "bank_transfer",
        true,
        &serde_json::json!({"holder": "Suivi", "iban": "FR7630006000011234567890189", "bic": "AGRIFRPP"}),
    )
    .await
    .unwrap();
    store::commit(tx).await.unwrap();
    let p = product(
        &app,
        id,
        New {
            fr: ("Comté 18 mois", "comte"),
            ..Default::default()
        },
    )
    .await;
    let v = variant_of(&app, id, p).await;
    let first = order(&app, "suivi", v, 2).await;
    let second = order(&app, "suivi", v, 3).await;
    assert_eq!(stock(&app, id, p).await, 5);

    let (status, list) = owner.get_text("/s/suivi/admin/orders").await;
    assert_eq!(status, StatusCode::OK);
    assert!(list.contains(&format!(">{first}</a>")), "{list}");
    assert!(list.contains("Camille Durand"), "{list}");
    assert!(list.contains("en attente de paiement"), "{list}");

    let url = format!("/s/suivi/admin/orders/{first}");
    let act = |action: &'static str, extra: Vec<(&'static str, &'static str)>| {
        let owner = &owner;
        let url = format!("{url}/move");
        async move {
            let mut fields = vec![("action", action)];
            fields.extend(extra);
            owner.post_form(&url, &fields).await
        }
    };
    // A transfer not received yet: shipping is refused, with the reason.
    let r = act("ship", vec![("tracking", "6A12345678901")]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r
        .text()
        .await
        .unwrap()
        .contains("marquez-la payée avant de l’expédier"));
    let r = act("mark_paid", vec![]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = act(
        "ship",
        vec![("carrier", "Colissimo"), ("tracking", "6A12345678901")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, page) = owner.get_text(&url).await;
    assert!(page.contains("<strong>expédiée</strong>"), "{page}");
    assert!(page.contains("Colissimo — 6A12345678901"), "{page}");
    assert!(
        page.contains("Paiement reçu (payée), par la boutique"),
        "{page}"
    );
    assert!(
        page.contains("Expédiée (expédiée), par la boutique"),
        "{page}"
    );
    // The customer hears of it, with the tracking number and the order's link.
    let mail = decode_quoted_printable(
        &app.wait_for_email("camille@example.org", "6A12345678901")
            .await,
    );
    assert!(mail.contains("vient d’être expédiée"), "{mail}");
    assert!(mail.contains("Colissimo 6A12345678901"), "{mail}");
    let link = mail
        .split(&app.url)
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .expect("the order's link")
        .to_string();
    let (status, page) = app.client().get_text(&link).await;
    assert_eq!(status, StatusCode::OK, "{link}");
    assert!(page.contains(&format!("Commande n° {first}")), "{page}");
    // Shipped: it can no longer be cancelled.
    let r = act("cancel", vec![]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // Cancelling the unpaid second order gives its stock back.
    let r = owner
        .post_form(
            &format!("/s/suivi/admin/orders/{second}/move"),
            &[("action", "cancel")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(stock(&app, id, p).await, 8);
    // Cancelling twice gives nothing back twice.
    let r = owner
        .post_form(
            &format!("/s/suivi/admin/orders/{second}/move"),
            &[("action", "cancel")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(stock(&app, id, p).await, 8);

    // The dashboard counts this month's order that was not cancelled, and draws the months.
    let (_, dash) = owner.get_text("/s/suivi/admin/").await;
    assert!(dash.contains("Ce mois-ci : 1 commande(s)"), "{dash}");
    assert!(dash.contains("<svg"), "{dash}");
    // Another shop's owner does not reach these orders.
    let other = app.owner("voisin").await;
    let (status, _) = other
        .get_text(&format!("/s/voisin/admin/orders/{first}"))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let r = other
        .post_form(
            &format!("/s/voisin/admin/orders/{first}/move"),
            &[("action", "cancel")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn unpaid_transfers_are_cancelled_after_the_sellers_delay_and_the_stock_comes_back() {
    let app = TestApp::new().await;
    let (id, p, v) = shop_with_transfer(&app, "impayes").await;
    let late = order(&app, "impayes", v, 2).await;
    let recent = order(&app, "impayes", v, 1).await;
    assert_eq!(stock(&app, id, p).await, 7);
    // The first order is 15 days old, the second 3 days.
    let mut tx = app.store.begin().await.unwrap();
    for (number, days) in [(&late, 15), (&recent, 3)] {
        sqlx::query(
            "UPDATE orders SET created_at = created_at - $3 WHERE shop_id = $1 AND number = $2",
        )
        .bind(id)
        .bind(number)
        .bind(days * 86_400_i64)
        .execute(&mut *tx)
        .await
        .unwrap();
    }
    store::commit(tx).await.unwrap();
    let st = web::AppState::new(app.store.clone(), app.config.clone());
    let n = web::jobs::cancel_unpaid(&st, store::now()).await.unwrap();
    assert_eq!(n, 1, "only the order past 14 days");
    assert_eq!(stock(&app, id, p).await, 9, "its two units are back");
    let mut c = app.store.reader().await.unwrap();
    let sid = id;
    let o = store::order::by_number(&mut c, sid, &late)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(o.status, "cancelled");
    let events = store::order::events(&mut c, sid, o.id).await.unwrap();
    assert_eq!(events.last().unwrap().actor_kind, "system");
    let r = store::order::by_number(&mut c, sid, &recent)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(r.status, "awaiting_payment");
    drop(c);
    let mail = decode_quoted_printable(&app.wait_for_email("camille@example.org", "annul").await);
    assert!(
        mail.contains(&format!("Votre commande n° {late} a été annulée")),
        "{mail}"
    );
    // Run again: nothing more to do.
    assert_eq!(
        web::jobs::cancel_unpaid(&st, store::now()).await.unwrap(),
        0
    );

    // A seller who waits 2 days: the 3-day-old order goes too.
    let mut tx = app.store.begin().await.unwrap();
    store::payment::upsert(
        &mut tx,
        id,
        "bank_transfer",
        true,
        &serde_json::json!({"holder": "X", "iban": "FR7630006000011234567890189", "bic": "AGRIFRPP", "cancel_after_days": 2}),
    )
    .await
    .unwrap();
    store::commit(tx).await.unwrap();
    assert_eq!(
        web::jobs::cancel_unpaid(&st, store::now()).await.unwrap(),
        1
    );
    assert_eq!(stock(&app, id, p).await, 10);
}

#[tokio::test]
async fn an_order_paid_by_cheque_is_its_own_printable_order_form() {
    let app = TestApp::new().await;
    let (id, _, v) = shop_with_transfer(&app, "cheque").await;
    let mut tx = app.store.begin().await.unwrap();
    store::payment::upsert(&mut tx, id, "cheque", true, &serde_json::json!({}))
        .await
        .unwrap();
    let mut legal = store::legal::get(&mut tx, id).await.unwrap();
    legal.legal_name = "Émilie Martin".into();
    legal.address = "12 rue des Halles".into();
    legal.postal_code = "21000".into();
    legal.city = "Dijon".into();
    store::legal::save(&mut tx, id, &legal).await.unwrap();
    store::commit(tx).await.unwrap();
    let guest = app.client();
    add(&guest, "cheque", v, 1).await;
    let mut fields = ADDRESS.to_vec();
    fields.retain(|(k, _)| *k != "payment");
    fields.push(("payment", "cheque"));
    let key = key_of(&fill(&guest, "cheque", &fields).await);
    let r = place(&guest, "cheque", &key).await;
    let (_, page) = guest.get_text(&location(&r)).await;
    assert!(page.contains("à l’ordre de Émilie Martin"), "{page}");
    assert!(page.contains("12 rue des Halles, 21000 Dijon"), "{page}");
    assert!(page.contains("c’est votre bon de commande"), "{page}");
}

/// The product page as a new visitor gets it: its stock words and whether it came from the cache.
async fn product_page(app: &TestApp, path: &str) -> (String, String) {
    let r = app
        .client()
        .http
        .get(format!("{}{path}", app.url))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let cache = r
        .headers()
        .get("x-page-cache")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    (r.text().await.unwrap(), cache)
}

#[tokio::test]
async fn the_cached_product_page_follows_the_stock_that_orders_take_and_give_back() {
    // A shop cache as in production: shoppers' pages come from memory between changes.
    let app = TestApp::builder().shop_cache_ms(60_000).start().await;
    let (id, _, v) = shop_with_transfer(&app, "stock-vu").await;
    set_stock(&app, id, v, 7).await;
    let page = "/s/stock-vu/p/comte";
    let (html, _) = product_page(&app, page).await;
    assert!(html.contains("En stock"), "{html}");
    assert_eq!(product_page(&app, page).await.1, "hit");

    // 7 → 6: still "in stock", the cached page is still right and still served.
    order(&app, "stock-vu", v, 1).await;
    let (html, cache) = product_page(&app, page).await;
    assert!(html.contains("En stock"), "{html}");
    assert_eq!(cache, "hit");

    // 6 → 5: the page now says how many are left, and its quantity field stops at them.
    let five = order(&app, "stock-vu", v, 1).await;
    let (html, _) = product_page(&app, page).await;
    assert!(html.contains("Plus que 5 en stock"), "{html}");
    assert!(html.contains("min=\"1\" max=\"5\""), "{html}");
    // 5 → 0: sold out, said at once.
    order(&app, "stock-vu", v, 5).await;
    let (html, _) = product_page(&app, page).await;
    assert!(html.contains("Épuisé"), "{html}");

    // The seller cancels an order: its unit is back on the page.
    let owner = app.client();
    let r = owner
        .post_form(
            "/s/stock-vu/admin/login",
            &[("email", "owner@stock-vu.example"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = owner
        .post_form(
            &format!("/s/stock-vu/admin/orders/{five}/move"),
            &[("action", "cancel")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (html, _) = product_page(&app, page).await;
    assert!(html.contains("Plus qu’un seul en stock"), "{html}");
}
