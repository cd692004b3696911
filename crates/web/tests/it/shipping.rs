//! Each shop's own shipping table, on both backends: a new shop starts from the example table;
//! its seller edits zones and methods from the admin and checkout offers the new prices at once;
//! a refused form comes back in French with a 422 and the table as it was.

use crate::checkout::{add, fill, variant_of, ADDRESS};
use crate::common::*;
use crate::storefront::{product, shop, New};

/// A shop taking bank transfers with one 12,50 € product, and its owner signed in.
pub(crate) async fn seller(app: &TestApp, slug: &str) -> (Client, store::id::ShopId, i64, i64) {
    let owner = app.owner(slug).await;
    let id = app.shop_id(slug).await;
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
    (owner, id, p, v)
}

pub(crate) async fn table(app: &TestApp, id: store::id::ShopId) -> domain::shipping::ShippingTable {
    let mut c = app.store.reader().await.unwrap();
    app::shipping::table(&mut c, id).await.unwrap()
}

/// The revision of the table the shop's shipping page shows (sent back with each change).
pub(crate) async fn rev(owner: &Client, slug: &str) -> String {
    let (_, page) = owner.get_text(&format!("/s/{slug}/admin/shipping")).await;
    page.split("name=\"rev\" value=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .expect("the table's revision")
        .to_string()
}

/// Posts a change of the shipping table as the admin's forms do, from the current table.
pub(crate) async fn edit(owner: &Client, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
    let slug = path.split('/').nth(2).unwrap();
    let rev = rev(owner, slug).await;
    let mut all = vec![("rev", rev.as_str())];
    all.extend_from_slice(fields);
    owner.post_form(path, &all).await
}

fn method_form<'a>(name: &'a str, extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut f = vec![
        ("carrier", "colissimo"),
        ("name", name),
        ("transit_min", "2"),
        ("transit_max", "3"),
    ];
    f.extend_from_slice(extra);
    f
}

#[tokio::test]
async fn a_seller_edits_the_table_and_checkout_offers_the_new_price() {
    let app = TestApp::new().await;
    let (owner, id, _, v) = seller(&app, "expedie").await;
    // Before any edit: the example table, as an editable starting point.
    assert_eq!(table(&app, id).await, domain::shipping::example_table());
    shop(&app, "voisine").await;
    let (status, page) = owner.get_text("/s/expedie/admin/shipping").await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains("Colissimo à domicile"), "{page}");
    assert!(page.contains("Union européenne"), "{page}");
    assert!(
        page.contains("Les animaux vivants ne voyagent jamais par colis ni par la poste"),
        "{page}"
    );
    let (status, form) = owner
        .get_text("/s/expedie/admin/shipping/zones/0/methods/0")
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        form.contains("name=\"w0_limit\" type=\"text\" inputmode=\"numeric\" value=\"250\""),
        "{form}"
    );
    assert!(form.contains("value=\"5,50\""), "{form}");

    // France's Colissimo becomes 4,20 € whatever the weight.
    let r = edit(
        &owner,
        "/s/expedie/admin/shipping/zones/0/methods/0",
        &method_form("Colissimo suivi", &[("pricing", "flat"), ("flat", "4,20")]),
    )
    .await;
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "{}",
        r.text().await.unwrap()
    );
    assert_eq!(location(&r), "/s/expedie/admin/shipping?saved=1");
    let saved = table(&app, id).await;
    let m = saved.zones()[0].methods[0].spec();
    assert_eq!(
        m.key, "colissimo-fr",
        "the key stays: carts and orders name it"
    );
    assert_eq!(m.pricing, domain::shipping::Pricing::Flat(420));
    assert_eq!(m.free_from_minor, None);

    let guest = app.client();
    add(&guest, "expedie", v, 1).await;
    let review = fill(&guest, "expedie", ADDRESS).await;
    assert!(
        review.contains("Livraison : Colissimo suivi</th><td>4,20\u{a0}€"),
        "{review}"
    );

    // A new zone with its own method, chosen by a Swiss shopper.
    let r = edit(
        &owner,
        "/s/expedie/admin/shipping/zones/new",
        &[("name", "Suisse"), ("areas", "ch")],
    )
    .await;
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "{}",
        r.text().await.unwrap()
    );
    let r = edit(
        &owner,
        "/s/expedie/admin/shipping/zones/3/methods/new",
        &method_form(
            "Colissimo Suisse",
            &[
                ("pricing", "weight"),
                ("w0_limit", "500"),
                ("w0_price", "19"),
                ("w1_limit", "2 000"),
                ("w1_price", "24,90"),
            ],
        ),
    )
    .await;
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "{}",
        r.text().await.unwrap()
    );
    let swiss: Vec<(&str, &str)> = ADDRESS
        .iter()
        .map(|&(k, v)| match k {
            "country" => (k, "CH"),
            "postal_code" => (k, "1200"),
            "city" => (k, "Genève"),
            "shipping" => (k, "colissimo-suisse"),
            _ => (k, v),
        })
        .collect();
    let review = fill(&guest, "expedie", &swiss).await;
    // An empty parcel weighs its packaging (300 g): the first band.
    assert!(
        review.contains("Colissimo Suisse — 19,00\u{a0}€"),
        "{review}"
    );

    // The other shop still has the example table.
    let other = app.shop_id("voisine").await;
    assert_eq!(table(&app, other).await, domain::shipping::example_table());

    // Deleting the zone takes its method with it.
    let r = edit(&owner, "/s/expedie/admin/shipping/zones/3/delete", &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(table(&app, id).await.zones().len(), 3);
}

#[tokio::test]
async fn a_bad_bracket_comes_back_in_french_and_changes_nothing() {
    let app = TestApp::new().await;
    let (owner, id, _, _) = seller(&app, "tranches").await;
    let before = table(&app, id).await;
    let r = edit(
        &owner,
        "/s/tranches/admin/shipping/zones/0/methods/0",
        &method_form(
            "Colissimo à domicile",
            &[
                ("pricing", "weight"),
                ("w0_limit", "500"),
                ("w0_price", "8,00"),
                ("w1_limit", "1000"),
                ("w1_price", "5,00"),
                ("free_from", "80"),
            ],
        ),
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(
        page.contains("Un colis plus lourd ne peut pas coûter moins cher"),
        "{page}"
    );
    // Nothing typed is lost.
    assert!(
        page.contains("value=\"8,00\"") && page.contains("value=\"1000\""),
        "{page}"
    );
    assert!(page.contains("value=\"80\""), "{page}");
    assert_eq!(table(&app, id).await, before);

    // Half a row, an unknown country, a country already in a zone, an unreadable price.
    let r = edit(
        &owner,
        "/s/tranches/admin/shipping/zones/0/methods/0",
        &method_form("X", &[("pricing", "weight"), ("w0_limit", "500")]),
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r
        .text()
        .await
        .unwrap()
        .contains("a besoin de ses deux cases"));
    let r = edit(
        &owner,
        "/s/tranches/admin/shipping/zones/new",
        &[("name", "Ailleurs"), ("areas", "DE, XX")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(
        page.contains("« XX » n’est pas un code pays connu"),
        "{page}"
    );
    assert!(page.contains("DE, XX</textarea>"), "{page}");
    let r = edit(
        &owner,
        "/s/tranches/admin/shipping/zones/new",
        &[("name", "Doublon"), ("areas", "BE")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r
        .text()
        .await
        .unwrap()
        .contains("Le pays BE (ou l’un de ses codes postaux) figure déjà dans une zone"));
    let r = edit(
        &owner,
        "/s/tranches/admin/shipping/zones/0/methods/0",
        &method_form("X", &[("pricing", "flat"), ("flat", "quatre")]),
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(table(&app, id).await, before);

    // "More rows" without JavaScript: the same form, longer, nothing saved.
    let r = edit(
        &owner,
        "/s/tranches/admin/shipping/zones/0/methods/0",
        &method_form(
            "Colissimo à domicile",
            &[
                ("pricing", "weight"),
                ("w0_limit", "500"),
                ("w0_price", "5"),
                ("more", "1"),
            ],
        ),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let page = r.text().await.unwrap();
    assert!(page.contains("name=\"w8_limit\""), "{page}");
    assert!(!page.contains("name=\"w9_limit\""), "{page}");
    assert_eq!(table(&app, id).await, before);

    // A zone or method that is not there.
    let (status, _) = owner
        .get_text("/s/tranches/admin/shipping/zones/9/methods/0")
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let r = edit(&owner, "/s/tranches/admin/shipping/zones/9/delete", &[]).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_change_made_meanwhile_is_not_overwritten() {
    let app = TestApp::new().await;
    let (owner, id, _, _) = seller(&app, "ensemble").await;
    let seen = rev(&owner, "ensemble").await;
    // Someone else deletes the first zone: the zone at place 0 is now the EU.
    let r = edit(&owner, "/s/ensemble/admin/shipping/zones/0/delete", &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let after = table(&app, id).await;
    assert_eq!(after.zones()[0].name, "Union européenne");
    // A change from the page opened before that is refused, with what was typed.
    let mut fields = vec![("rev", seen.as_str())];
    fields.extend(method_form(
        "Colissimo",
        &[("pricing", "flat"), ("flat", "3")],
    ));
    let r = owner
        .post_form("/s/ensemble/admin/shipping/zones/0/methods/0", &fields)
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let page = r.text().await.unwrap();
    assert!(page.contains("Le tableau de livraison a changé"), "{page}");
    assert!(page.contains("value=\"3\""), "{page}");
    let r = owner
        .post_form(
            "/s/ensemble/admin/shipping/zones/0/delete",
            &[("rev", seen.as_str())],
        )
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert_eq!(table(&app, id).await, after);
}

#[tokio::test]
async fn only_the_shops_managers_edit_its_shipping() {
    let app = TestApp::new().await;
    seller(&app, "gardee").await;
    let stranger = app.owner("autre").await;
    let (status, _) = stranger.get_text("/s/gardee/admin/shipping").await;
    assert!(
        status == StatusCode::SEE_OTHER
            || status == StatusCode::FORBIDDEN
            || status == StatusCode::NOT_FOUND,
        "{status}"
    );
    let (status, _) = app.client().get_text("/s/gardee/admin/shipping").await;
    assert_ne!(status, StatusCode::OK);
}
