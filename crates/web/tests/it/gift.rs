//! Gifts, on both backends: a shopper buys a cheese tray and a Comté as a gift for a Friday in
//! Berlin — a Sunday, a German public holiday and a date too soon for the tray are refused with
//! the earliest possible date; the order keeps the recipient, date and message; the packing
//! slip has the message and no price; the recipient's note leaves when the order ships. A
//! parcel to Switzerland carries the customs data; two recipients make two parcels, each with
//! its own delivery price.

use chrono::{Datelike, Days, NaiveDate, Weekday};
use domain::country::{Country, Destination};

use crate::checkout::{add, fill, key_of, place, variant_of, ADDRESS};
use crate::common::*;
use crate::shipping::seller;
use crate::storefront::{product, New};

const TRAY: &str =
    r#"{"lead_days":1,"dispatch_weekdays":["mon","tue","wed"],"shelf_life_days":10}"#;

fn berlin() -> Destination {
    Destination::new(Country::parse("DE").unwrap(), "10115")
}

fn today() -> NaiveDate {
    chrono::Utc::now()
        .with_timezone(&chrono_tz::Europe::Paris)
        .date_naive()
}

fn is_german_holiday(d: NaiveDate) -> bool {
    domain::delivery::holiday_on(&berlin(), d).is_some()
}

/// A Friday at least two weeks ahead that is not a German public holiday.
fn a_friday() -> NaiveDate {
    today()
        .checked_add_days(Days::new(14))
        .unwrap()
        .iter_days()
        .find(|d| d.weekday() == Weekday::Fri && !is_german_holiday(*d))
        .unwrap()
}

/// The next German public holiday on a weekday other than Saturday, within the year ahead.
fn a_german_holiday() -> NaiveDate {
    let t = today();
    [t.year(), t.year() + 1]
        .into_iter()
        .flat_map(|y| domain::delivery::holidays(&berlin(), y))
        .map(|h| h.date)
        .find(|d| *d > t + Days::new(7) && !matches!(d.weekday(), Weekday::Sat | Weekday::Sun))
        .unwrap()
}

fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn recipient<'a>(p: &str, fields: &[(&'a str, &'a str)]) -> Vec<(String, String)> {
    fields
        .iter()
        .map(|(k, v)| (format!("{p}_{k}"), v.to_string()))
        .collect()
}

const LENA: &[(&str, &str)] = &[
    ("name", "Lena Vogel"),
    ("line1", "Torstraße 12"),
    ("postal_code", "10115"),
    ("city", "Berlin"),
    ("country", "DE"),
    ("shipping", "dhl-express-eu"),
    ("email", "lena@example.de"),
    ("message", "Alles Gute zum Geburtstag,\nLena !"),
];

async fn post_gift(
    client: &Client,
    slug: &str,
    count: usize,
    fields: Vec<(String, String)>,
) -> reqwest::Response {
    let mut all: Vec<(String, String)> = vec![
        ("count".into(), count.to_string()),
        ("action".into(), "continue".into()),
    ];
    all.extend(fields);
    let refs: Vec<(&str, &str)> = all.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    client
        .post_form(&format!("/s/{slug}/checkout/gift"), &refs)
        .await
}

/// Asks for `date` for Lena; returns the status and the page.
async fn ask(client: &Client, slug: &str, date: &str) -> (StatusCode, String) {
    let mut fields = recipient("r0", LENA);
    fields.push(("r0_date".into(), date.into()));
    let r = post_gift(client, slug, 1, fields).await;
    let status = r.status();
    let location = r
        .headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_string());
    (status, location.unwrap_or(r.text().await.unwrap()))
}

async fn order_number(guest: &Client, link: &str) -> (String, String) {
    let (_, page) = guest.get_text(link).await;
    let number = page
        .split("Commande n° ")
        .nth(1)
        .and_then(|s| s.get(..5))
        .expect("order number")
        .to_string();
    (number, page)
}

#[tokio::test]
async fn a_gift_for_a_friday_in_berlin() {
    let app = TestApp::new().await;
    let (owner, id, _, comte) = seller(&app, "cadeau").await;
    let tray = product(
        &app,
        id,
        New {
            kind: "perishable",
            fr: ("Plateau de fromages", "plateau"),
            price: 4500,
            details: TRAY,
            ..Default::default()
        },
    )
    .await;
    let tray = variant_of(&app, id, tray).await;
    let guest = app.client();
    add(&guest, "cadeau", tray, 1).await;
    add(&guest, "cadeau", comte, 2).await;

    // "This is a gift" from the checkout form leads to the recipients' form.
    let r = guest
        .post_form("/s/cadeau/checkout", &[("gift", "1")])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/s/cadeau/checkout/gift");
    let (status, form) = guest.get_text("/s/cadeau/checkout/gift").await;
    assert_eq!(status, StatusCode::OK);
    assert!(form.contains("Date de livraison souhaitée"), "{form}");

    // With the address and the method, the date picker starts at the earliest possible date.
    let (status, page) = ask(&guest, "cadeau", "").await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{page}");
    let (_, form) = guest.get_text("/s/cadeau/checkout/gift").await;
    let min = form
        .split("type=\"date\" min=\"")
        .nth(1)
        .and_then(|s| s.get(..10))
        .expect("the date picker's minimum");
    let earliest = NaiveDate::parse_from_str(min, "%Y-%m-%d").unwrap();
    let earliest_fr = web::gifts::long_date(domain::locale::Lang::Fr, earliest);
    assert!(
        form.contains(&format!("Au plus tôt le {earliest_fr}")),
        "{form}"
    );
    // A Colissimo parcel cannot carry the tray: DHL Express only.
    assert!(!form.contains("colissimo-eu"), "{form}");

    let friday = a_friday();
    let sunday = friday + Days::new(2);
    let (status, page) = ask(&guest, "cadeau", &iso(sunday)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("Pas de livraison le dimanche."), "{page}");
    assert!(
        page.contains(&format!("La première date possible est le {earliest_fr}.")),
        "{page}"
    );
    assert!(
        page.contains("Alles Gute zum Geburtstag"),
        "nothing typed is lost"
    );

    let holiday = a_german_holiday();
    let (status, page) = ask(&guest, "cadeau", &iso(holiday)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("est un jour férié"), "{holiday}: {page}");
    assert!(page.contains("La première date possible est le"), "{page}");

    // Too soon for the tray's dispatch days and the transit: a weekday before the earliest.
    let soon = today()
        .iter_days()
        .take_while(|d| *d < earliest)
        .find(|d| d.weekday().num_days_from_monday() < 5 && !is_german_holiday(*d))
        .expect("a weekday before the earliest date");
    let (status, page) = ask(&guest, "cadeau", &iso(soon)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains(&format!(
            "Trop tôt pour ces produits et ce mode de livraison : la première date possible est le {earliest_fr}."
        )),
        "{soon}: {page}"
    );

    // The Friday is accepted; on to the buyer's own details and the recap.
    let (status, to) = ask(&guest, "cadeau", &iso(friday)).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{to}");
    assert_eq!(to, "/s/cadeau/checkout");
    // The shop also takes cash at its counter, which nobody reaches for a parcel sent to
    // someone: not offered for the gift.
    let mut tx = app.store.begin().await.unwrap();
    store::payment::upsert(&mut tx, id, "pickup_cash", true, &serde_json::json!({}))
        .await
        .unwrap();
    store::commit(tx).await.unwrap();
    let (_, form) = guest.get_text("/s/cadeau/checkout").await;
    assert!(form.contains(r#"value="bank_transfer""#), "{form}");
    assert!(!form.contains(r#"value="pickup_cash""#), "{form}");
    let friday_fr = web::gifts::long_date(domain::locale::Lang::Fr, friday);
    let review = fill(&guest, "cadeau", ADDRESS).await;
    assert!(review.contains("Lena Vogel"), "{review}");
    assert!(review.contains("Camille Durand"), "{review}");
    assert!(
        review.contains(&format!("Livraison prévue le {friday_fr}")),
        "{review}"
    );
    assert!(review.contains("DHL Express"), "{review}");
    let r = place(&guest, "cadeau", &key_of(&review)).await;
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "{}",
        r.text().await.unwrap()
    );
    let link = location(&r);
    let (number, page) = order_number(&guest, &link).await;
    assert!(page.contains("Lena Vogel"), "{page}");
    assert!(page.contains("Torstraße 12"), "{page}");
    assert!(page.contains("Alles Gute zum Geburtstag"), "{page}");
    assert!(
        page.contains(&format!("Livraison prévue le {friday_fr}")),
        "{page}"
    );

    // The buyer's confirmation names the recipient and the date.
    let mail = app
        .wait_for_email("camille@example.org", &format!("commande n° {number}"))
        .await;
    assert!(mail.contains("Lena Vogel"), "{mail}");
    assert!(mail.contains(&friday_fr), "{mail}");

    // The seller's order page shows the recipient and links to the packing slip.
    let url = format!("/s/cadeau/admin/orders/{number}");
    let (_, admin) = owner.get_text(&url).await;
    assert!(admin.contains("Lena Vogel"), "{admin}");
    assert!(admin.contains("Alles Gute zum Geburtstag"), "{admin}");
    assert!(
        admin.contains(&format!("href=\"{url}/packing-slip\"")),
        "{admin}"
    );
    let (status, slip) = owner.get_text(&format!("{url}/packing-slip")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(slip.contains("Lena Vogel"), "{slip}");
    assert!(
        slip.contains("Alles Gute zum Geburtstag,<br>Lena !"),
        "{slip}"
    );
    assert!(slip.contains("Plateau de fromages"), "{slip}");
    assert!(!slip.contains('€'), "no price on a packing slip: {slip}");
    assert!(
        !slip.contains("CN23"),
        "Germany needs no customs declaration"
    );
    // Another shop's owner does not reach it.
    let other = app.owner("voisin").await;
    let (status, _) = other
        .get_text(&format!("/s/voisin/admin/orders/{number}/packing-slip"))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // The note to the recipient waits for the parcel to leave, then goes out in French.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert!(
        !app.emails()
            .iter()
            .any(|m| m.contains("To: lena@example.de")),
        "no note before the order ships"
    );
    for (action, extra) in [
        ("mark_paid", None),
        ("ship", Some(("tracking", "JD014600006123456789"))),
    ] {
        let mut fields = vec![("action", action)];
        fields.extend(extra);
        let r = owner.post_form(&format!("{url}/move"), &fields).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{action}");
    }
    let note = app
        .wait_for_email("lena@example.de", "Camille Durand")
        .await;
    assert!(
        note.contains("Boutique cadeau") || note.contains("cadeau"),
        "{note}"
    );
    assert!(note.contains(&friday_fr), "{note}");
    assert!(note.contains("Alles Gute zum Geburtstag"), "{note}");
    assert!(!note.contains('€'), "no price in the note: {note}");
}

#[tokio::test]
async fn a_parcel_to_switzerland_carries_customs_data() {
    let app = TestApp::new().await;
    let (owner, id, p, comte) = seller(&app, "douane").await;
    let mut tx = app.store.begin().await.unwrap();
    sqlx::query("UPDATE products SET details = $3 WHERE shop_id = $1 AND id = $2")
        .bind(id)
        .bind(p)
        .bind(r#"{"hs_code":"04069021","origin_country":"FR"}"#)
        .execute(&mut *tx)
        .await
        .unwrap();
    sqlx::query("UPDATE variants SET weight_grams = 500 WHERE shop_id = $1 AND id = $2")
        .bind(id)
        .bind(comte)
        .execute(&mut *tx)
        .await
        .unwrap();
    store::commit(tx).await.unwrap();
    let guest = app.client();
    add(&guest, "douane", comte, 2).await;
    let fields = recipient(
        "r0",
        &[
            ("name", "Luca Meier"),
            ("line1", "Rue du Rhône 5"),
            ("postal_code", "1204"),
            ("city", "Genève"),
            ("country", "CH"),
            ("shipping", "colissimo-world"),
            ("message", "Pour toi"),
        ],
    );
    let r = post_gift(&guest, "douane", 1, fields).await;
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "{}",
        r.text().await.unwrap()
    );
    let review = fill(&guest, "douane", ADDRESS).await;
    let r = place(&guest, "douane", &key_of(&review)).await;
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "{}",
        r.text().await.unwrap()
    );
    let (number, _) = order_number(&guest, &location(&r)).await;
    let (status, slip) = owner
        .get_text(&format!("/s/douane/admin/orders/{number}/packing-slip"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(slip.contains("CN23"), "{slip}");
    assert!(
        slip.contains("<td>04069021</td><td>FR</td><td>1,000 kg</td>"),
        "{slip}"
    );
    assert!(slip.contains("Pour toi"), "{slip}");

    // The HS code and origin are the product editor's fields.
    let (_, editor) = owner
        .get_text(&format!("/s/douane/admin/products/{p}"))
        .await;
    assert!(editor.contains("name=\"hs_code\""), "{editor}");
    assert!(editor.contains("value=\"04069021\""), "{editor}");
}

#[tokio::test]
async fn two_recipients_get_two_parcels_each_with_its_delivery() {
    let app = TestApp::new().await;
    let (owner, _, _, comte) = seller(&app, "societe").await;
    let guest = app.client();
    add(&guest, "societe", comte, 5).await;
    let r = guest
        .post_form("/s/societe/checkout", &[("gift", "1")])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    // A second recipient is added with the form's button.
    let r = guest
        .post_form(
            "/s/societe/checkout/gift",
            &[("count", "1"), ("action", "add"), ("r0_country", "FR")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, form) = guest.get_text("/s/societe/checkout/gift").await;
    assert!(form.contains("Destinataire 2"), "{form}");
    let line: String = form
        .split("name=\"r0_q")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("a quantity field per line")
        .to_string();
    let client_a = recipient(
        "r0",
        &[
            ("name", "Client A"),
            ("line1", "1 place Bellecour"),
            ("postal_code", "69002"),
            ("city", "Lyon"),
            ("country", "FR"),
            ("shipping", "colissimo-fr"),
            ("message", "Merci pour cette année"),
        ],
    );
    let client_b = recipient(
        "r1",
        &[
            ("name", "Kunde B"),
            ("line1", "Marienplatz 1"),
            ("postal_code", "80331"),
            ("city", "München"),
            ("country", "DE"),
            ("shipping", "colissimo-eu"),
            ("message", "Danke"),
        ],
    );
    // Quantities that do not add up to the five ordered are refused.
    let mut fields: Vec<(String, String)> = client_a.iter().chain(&client_b).cloned().collect();
    fields.push((format!("r0_q{line}"), "2".into()));
    fields.push((format!("r1_q{line}"), "2".into()));
    let r = post_gift(&guest, "societe", 2, fields.clone()).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(
        page.contains("5 commandé(s), mais 4 réparti(s) entre les destinataires"),
        "{page}"
    );
    fields.retain(|(k, _)| k != &format!("r1_q{line}"));
    fields.push((format!("r1_q{line}"), "3".into()));
    let r = post_gift(&guest, "societe", 2, fields).await;
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "{}",
        r.text().await.unwrap()
    );

    // Each parcel is priced with the shop's table for its destination.
    let review = fill(&guest, "societe", ADDRESS).await;
    assert!(review.contains("2 colis"), "{review}");
    assert!(
        review.contains("Colis 1 sur 2") && review.contains("Colis 2 sur 2"),
        "{review}"
    );
    let r = place(&guest, "societe", &key_of(&review)).await;
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "{}",
        r.text().await.unwrap()
    );
    let (number, _) = order_number(&guest, &location(&r)).await;
    let sid = app.shop_id("societe").await;
    let mut conn = app.store.reader().await.unwrap();
    let order = store::order::by_number(&mut conn, sid, &number)
        .await
        .unwrap()
        .unwrap();
    let parcels = store::gift::parcels(&mut conn, sid, order.id)
        .await
        .unwrap();
    assert_eq!(parcels.len(), 2);
    assert_eq!(parcels[0].shipping_method.as_deref(), Some("colissimo-fr"));
    assert_eq!(parcels[1].shipping_method.as_deref(), Some("colissimo-eu"));
    assert!(parcels.iter().all(|p| p.shipping_minor > 0));
    assert_eq!(
        order.shipping_minor,
        parcels[0].shipping_minor + parcels[1].shipping_minor
    );
    assert_eq!(order.total_minor, 5 * 1250 + order.shipping_minor);
    let shares = store::gift::shares(&mut conn, sid, order.id).await.unwrap();
    assert_eq!(shares, vec![(1, 1, 2), (2, 1, 3)]);

    let (_, slip) = owner
        .get_text(&format!("/s/societe/admin/orders/{number}/packing-slip"))
        .await;
    assert_eq!(slip.matches("<article class=\"slip\"").count(), 2, "{slip}");
    assert!(
        slip.contains("Client A") && slip.contains("Kunde B"),
        "{slip}"
    );
    assert!(
        slip.contains("Merci pour cette année") && slip.contains("Danke"),
        "{slip}"
    );
    assert!(!slip.contains('€'), "{slip}");
}
