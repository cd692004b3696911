//! The order journey in a real headless Chromium on a phone (390 × 844, a mobile browser's user
//! agent): a shopper puts two products of the demo cheese shop (a tray of cheeses, which the
//! withdrawal right does not cover, and a knife, which it does) in the cart from their pages,
//! makes the order a gift for a Friday (the first one the dispatch rules allow, found with the
//! server's own use case), with a message and the recipient's e-mail, pays by bank transfer,
//! reads the recap and orders; the order's page says how to pay. The seller then marks it paid
//! and ships it with a tracking number in the admin, and the outbox holds, in French, the
//! buyer's confirmation (with the model withdrawal form), the payment received, the shipping
//! with its tracking, and the note to the recipient.
//!
//! No page may be wider than the phone. Screenshots of the key steps go to a folder in the
//! test's temporary directory, and to `$VITRINE_SCREENSHOTS` when it is set.
use crate::browser::*;
use crate::common::*;

use std::path::PathBuf;

use chrono::{Datelike, Days, NaiveDate, Weekday};
use fantoccini::Client as Browser;
use serde_json::json;

const SHOP: &str = "/s/fromagerie";
const BUYER: &str = "lea@example.org";
const RECIPIENT: &str = "paul@example.org";
const MESSAGE: &str = "Bon anniversaire Paul ! Avec toute mon affection.";
const TRACKING: &str = "6A0001234567";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shopper_on_a_phone_sends_a_gift_for_a_friday_and_the_seller_ships_it() {
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
    let friday = match outcome {
        Ok(friday) => friday,
        Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
        Err(e) => panic!("browser journey did not finish: {e}"),
    };
    shots.keep();
    let friday_fr = web::gifts::long_date(domain::locale::Lang::Fr, friday);

    // The outbox: what was queued, in order, in French.
    let mails = outbox(&app).await;
    let to_buyer: Vec<&Queued> = mails.iter().filter(|m| m.to == BUYER).collect();
    let subjects: Vec<&str> = to_buyer.iter().map(|m| m.subject.as_str()).collect();
    assert_eq!(
        subjects,
        [
            "Votre commande n° 00001 chez La Fromagerie d'Émilie",
            "Paiement reçu pour votre commande n° 00001 (La Fromagerie d'Émilie)",
            "Votre commande n° 00001 est en route (La Fromagerie d'Émilie)",
        ],
        "the buyer's e-mails"
    );
    let confirmation = &to_buyer[0].text;
    for want in [
        "Merci pour votre commande n° 00001",
        "Paiement : Virement bancaire.",
        // The gift, as ordered.
        "Paul Lefèvre",
        &format!("Livraison prévue le {friday_fr}"),
        MESSAGE,
        // The withdrawal right, its function and the model form addressed to the seller.
        "« Renoncer au contrat ici »",
        "/withdraw",
        "1 × Plateau découverte : denrée périssable, non concernée",
        "MODÈLE DE FORMULAIRE DE RÉTRACTATION",
        "À l’attention de Émilie Martin EI, 12 rue des Halles, 21000 Dijon, France, \
         contact@fromagerie.example :",
        "ci-dessous : commande n° 00001 du ",
        "(*) Rayez la mention inutile.",
    ] {
        assert!(confirmation.contains(want), "{want:?} in {confirmation}");
    }
    assert!(
        to_buyer[1]
            .text
            .contains("Nous avons bien reçu le paiement"),
        "{}",
        to_buyer[1].text
    );
    let shipped = &to_buyer[2].text;
    assert!(shipped.contains("vient d’être expédiée"), "{shipped}");
    assert!(
        shipped.contains(&format!("Suivi : Chronopost {TRACKING}")),
        "{shipped}"
    );
    // The recipient hears of it when it leaves: who sends it, when, the message; no price.
    let notes: Vec<&Queued> = mails.iter().filter(|m| m.to == RECIPIENT).collect();
    assert_eq!(notes.len(), 1, "one note to the recipient: {mails:#?}");
    assert_eq!(
        notes[0].subject,
        "Un cadeau de Léa Bernard vous attend, envoyé par La Fromagerie d'Émilie"
    );
    let note = &notes[0].text;
    assert!(
        note.contains(&format!("Livraison prévue le {friday_fr}.")),
        "{note}"
    );
    assert!(note.contains(MESSAGE), "{note}");
    assert!(!note.contains('€'), "no price in the note: {note}");
    assert_eq!(mails.len(), 4, "nothing else: {mails:#?}");

    // Delivered by the worker, with the form in the HTML part as well.
    let delivered = app.wait_for_email(BUYER, "MODÈLE DE FORMULAIRE").await;
    let html = delivered
        .split_once("Content-Type: text/html")
        .map(|(_, h)| h)
        .unwrap_or_else(|| panic!("no HTML part: {delivered}"));
    assert!(
        html.contains("MODÈLE DE FORMULAIRE DE RÉTRACTATION"),
        "{html}"
    );
    assert!(html.contains("/withdraw</a>"), "{html}");
    // Designed for a mail program: the order's page and the withdrawal function are buttons,
    // what was bought a table of amounts.
    assert!(html.contains(">Voir ma commande</a>"), "{html}");
    assert!(html.contains(">Renoncer au contrat ici</a>"), "{html}");
    assert!(html.contains("Total à payer"), "{html}");
    // The shipped e-mail links the carrier's tracking page.
    let shipped = app.wait_for_email(BUYER, "vient d’être expédiée").await;
    assert!(
        shipped.contains(&format!("listeNumerosLT={TRACKING}")),
        "{shipped}"
    );
    app.wait_for_email(RECIPIENT, MESSAGE).await;
}

async fn journey(
    b: Browser,
    base: String,
    store: store::Store,
    shots: PathBuf,
    owner_email: String,
    owner_password: String,
) -> NaiveDate {
    let url = |path: &str| format!("{base}{SHOP}{path}");
    let shot = |name: &'static str| {
        let (b, dir) = (b.clone(), shots.clone());
        async move { phone_screenshot(&b, &dir, name).await }
    };
    let ua = b
        .execute("return navigator.userAgent", vec![])
        .await
        .unwrap();
    assert!(
        ua.as_str().unwrap_or_default().contains("Mobile"),
        "a phone's browser: {ua}"
    );
    // A cheese tray (perishable: not covered by the withdrawal right) and a knife (covered).
    for product in ["plateau-decouverte", "couteau-a-fromage"] {
        open(&b, &url(&format!("/p/{product}"))).await;
        fits_the_phone(&b).await;
        if product == "plateau-decouverte" {
            shot("gift-1-product").await;
        }
        click_and_load(&b, "form.buy button[type=submit]").await;
        wait_for_url(&b, |u| u.path() == format!("{SHOP}/cart")).await;
    }
    let cart = page_text(&b).await;
    assert!(cart.contains("Plateau découverte"), "{cart}");
    assert!(cart.contains("Couteau à fromage"), "{cart}");
    assert!(
        text_of(&b, ".cart-link").await.contains("(2)"),
        "the cart link counts the items"
    );
    fits_the_phone(&b).await;
    shot("gift-2-cart").await;

    // The buyer's own details, then "this is a gift".
    click_and_load(&b, "a.button").await;
    wait_for_url(&b, |u| u.path() == format!("{SHOP}/checkout")).await;
    type_into(&b, "#email", BUYER).await;
    type_into(&b, "#name", "Léa Bernard").await;
    type_into(&b, "#line1", "8 quai des Chartrons").await;
    type_into(&b, "#postal_code", "33000").await;
    type_into(&b, "#city", "Bordeaux").await;
    fits_the_phone(&b).await;
    click_and_load(&b, "button[name=gift]").await;
    wait_for_url(&b, |u| u.path() == format!("{SHOP}/checkout/gift")).await;

    // The recipient, on a Friday the products can be there by: the first one the server's own
    // rules accept (dispatch days and lead time, Chronopost's transit, no holiday).
    type_into(&b, "#r0_name", "Paul Lefèvre").await;
    type_into(&b, "#r0_line1", "4 rue de la Paix").await;
    type_into(&b, "#r0_postal_code", "75002").await;
    type_into(&b, "#r0_city", "Paris").await;
    click(&b, "#r0-ship-chronopost-fr").await;
    type_into(&b, "#r0_message", MESSAGE).await;
    type_into(&b, "#r0_email", RECIPIENT).await;
    let cart_token = b
        .get_named_cookie("vitrine_cart")
        .await
        .expect("the cart's cookie")
        .value()
        .to_string();
    let friday = first_friday(&store, &cart_token).await;
    // A date picker's value is what choosing a day in it sets.
    b.execute(
        "const d = document.getElementById('r0_date'); d.value = arguments[0]; \
         d.dispatchEvent(new Event('change', {bubbles: true}));",
        vec![json!(friday.format("%Y-%m-%d").to_string())],
    )
    .await
    .expect("choose the date");
    fits_the_phone(&b).await;
    shot("gift-3-recipient").await;
    click_and_load(&b, "button[name=action][value=continue]").await;
    wait_for_url(&b, |u| u.path() == format!("{SHOP}/checkout")).await;
    let friday_fr = web::gifts::long_date(domain::locale::Lang::Fr, friday);
    let checkout = page_text(&b).await;
    assert!(
        checkout.contains("Cette commande est un cadeau"),
        "{checkout}"
    );
    assert!(
        checkout.contains(&format!("Livraison prévue le {friday_fr}")),
        "{checkout}"
    );
    click(&b, "#pay-bank_transfer").await;
    shot("gift-4-checkout").await;
    click_and_load(&b, "main form.stack button[type=submit]:not([name])").await;
    wait_for_url(&b, |u| u.path() == format!("{SHOP}/checkout/review")).await;

    // The recap: the gift, its date and message, the price, the withdrawal right.
    let recap = page_text(&b).await;
    for want in [
        "Paul Lefèvre",
        &format!("Livraison prévue le {friday_fr}"),
        MESSAGE,
        "Chronopost",
        "Virement bancaire",
        "14 jours",
        "denrées périssables",
        "Commander avec obligation de paiement",
    ] {
        assert!(recap.contains(want), "{want:?} on the recap: {recap}");
    }
    fits_the_phone(&b).await;
    shot("gift-5-recap").await;
    click(&b, "#accept_terms").await;
    click_and_load(&b, "form[action$='/checkout/place'] button").await;
    wait_for_url(&b, |u| u.path().starts_with(&format!("{SHOP}/orders/"))).await;
    let page = page_text(&b).await;
    assert!(page.contains("Commande n° 00001"), "{page}");
    assert!(page.contains("FR76 3000 6000 0112 3456 7890 189"), "{page}");
    assert!(page.contains(MESSAGE), "{page}");
    assert!(page.contains("Renoncer au contrat ici"), "{page}");
    fits_the_phone(&b).await;
    shot("gift-6-placed").await;

    // The seller, on her phone too.
    open(&b, &url("/admin/login")).await;
    type_into(&b, "#email", &owner_email).await;
    type_into(&b, "#password", &owner_password).await;
    click_and_load(&b, "main form button[type=submit]").await;
    open(&b, &url("/admin/orders")).await;
    assert!(page_text(&b).await.contains("Léa Bernard"));
    fits_the_phone(&b).await;
    shot("gift-7-admin-orders").await;
    open(&b, &url("/admin/orders/00001")).await;
    let order = page_text(&b).await;
    assert!(order.contains("Paul Lefèvre"), "{order}");
    assert!(order.contains(&friday_fr), "{order}");
    click_and_load(&b, "form:has(input[value=mark_paid]) button").await;
    assert!(page_text(&b).await.contains("payée"), "marked paid");
    // Paid: the invoice is issued, readable on the phone.
    click_and_load(&b, "a[href$='/admin/invoices/F-000001']").await;
    let invoice = page_text(&b).await;
    assert!(invoice.contains("Facture n° F-000001"), "{invoice}");
    assert!(invoice.contains("Prix unitaire HT"), "{invoice}");
    fits_the_phone(&b).await;
    shot("gift-7b-invoice").await;
    open(&b, &url("/admin/orders/00001")).await;
    type_into(&b, "#carrier", "Chronopost").await;
    type_into(&b, "#tracking", TRACKING).await;
    click_and_load(&b, "form:has(input[value=ship]) button").await;
    let order = page_text(&b).await;
    assert!(order.contains("expédiée"), "{order}");
    assert!(order.contains(TRACKING), "{order}");
    fits_the_phone(&b).await;
    shot("gift-8-shipped").await;

    // Every list of the admin fits the phone too (wide tables scroll on their own).
    for (path, name) in [
        ("/admin/", "dashboard"),
        ("/admin/products", "products"),
        ("/admin/products/inventory", "inventory"),
        ("/admin/categories", "categories"),
        ("/admin/collections", "collections"),
        ("/admin/customers", "customers"),
        ("/admin/shipping", "shipping"),
        ("/admin/payments", "payments"),
        ("/admin/payments/list", "payments-list"),
        ("/admin/invoices", "invoices"),
        ("/admin/invoices/vat", "vat-report"),
        ("/admin/currencies", "currencies"),
        ("/admin/staff", "staff"),
        ("/admin/settings", "settings"),
        ("/admin/legal", "legal"),
    ] {
        open(&b, &url(path)).await;
        assert!(!page_text(&b).await.is_empty(), "{path}");
        fits_the_phone(&b).await;
        phone_screenshot(&b, &shots, &format!("gift-9-admin-{name}")).await;
    }
    friday
}

/// The first Friday from tomorrow that the gift's parcel can be delivered on, by the same use
/// case that checks the date the shopper asks for.
async fn first_friday(store: &store::Store, cart_token: &str) -> NaiveDate {
    let shop = {
        let mut conn = store.reader().await.unwrap();
        store::shop::by_slug(&mut conn, "fromagerie")
            .await
            .unwrap()
            .expect("the demo cheese shop")
    };
    let owner = app::cart::Owner::guest(Some(cart_token));
    let tomorrow = chrono::Utc::now().date_naive() + Days::new(1);
    let fridays = (0..120u64)
        .map(|n| tomorrow + Days::new(n))
        .filter(|d| d.weekday() == Weekday::Fri);
    for day in fridays {
        let gift = app::gift::Gift {
            recipients: vec![app::gift::Recipient {
                address: app::checkout::Address {
                    name: "Paul Lefèvre".into(),
                    line1: "4 rue de la Paix".into(),
                    postal_code: "75002".into(),
                    city: "Paris".into(),
                    country: "FR".into(),
                    ..Default::default()
                },
                date: day.format("%Y-%m-%d").to_string(),
                shipping_method: Some("chronopost-fr".into()),
                ..Default::default()
            }],
        };
        let (_, q) = app::gift::quote(store, &shop, owner, &gift, "fr")
            .await
            .expect("quote the gift")
            .expect("the shopper's cart");
        let parcel = &q.parcels[0];
        assert!(parcel.no_delivery.is_none(), "{:?}", parcel.no_delivery);
        if parcel.errors.iter().all(|(field, _)| *field != "date") {
            return day;
        }
    }
    panic!("no Friday in the next four months");
}

/// All the page's text (`body_text` keeps the start, for messages).
pub(crate) async fn page_text(b: &Browser) -> String {
    b.execute("return document.body.innerText", vec![])
        .await
        .expect("read the page")
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// Fails when the page is wider than the phone's screen (a sideways scroll, or a zoomed-out
/// page), naming the elements that stick out.
pub(crate) async fn fits_the_phone(b: &Browser) {
    let sizes = b
        .execute(
            "const w = document.documentElement.clientWidth; \
             const out = Array.from(document.querySelectorAll('body *')) \
               .filter(e => e.getBoundingClientRect().right > w + 1 \
                 && !e.closest('.table-scroll, .calendar-scroll, .visually-hidden')) \
               .slice(0, 8).map(e => e.tagName.toLowerCase() + \
                 (e.id ? '#' + e.id : '') + (e.className ? '.' + e.className : '')); \
             return [document.documentElement.scrollWidth, w, screen.width, out];",
            vec![],
        )
        .await
        .expect("measure the page");
    let (scroll, width) = (sizes[0].as_i64().unwrap(), sizes[1].as_i64().unwrap());
    let screen = sizes[2].as_i64().unwrap();
    let out = sizes[3].as_array().cloned().unwrap_or_default();
    assert!(
        scroll <= screen && width <= screen && out.is_empty(),
        "{} is {scroll} px wide ({width} px laid out) on a {screen} px screen; too wide: {out:?}",
        current(b).await,
    );
}

/// An e-mail as queued in the outbox.
#[derive(Debug, serde::Deserialize)]
struct Queued {
    to: String,
    subject: String,
    text: String,
}

async fn outbox(app: &TestApp) -> Vec<Queued> {
    let mut conn = app.store.reader().await.unwrap();
    let rows: Vec<(String,)> =
        sqlx::query_as("SELECT payload FROM outbox WHERE kind = 'email' ORDER BY id")
            .fetch_all(&mut *conn)
            .await
            .unwrap();
    rows.iter()
        .map(|(p,)| serde_json::from_str(p).expect("an e-mail"))
        .collect::<Vec<Queued>>()
        .into_iter()
        // The shop's own welcome e-mails of the demo are not the shopper's.
        .filter(|m| m.to == BUYER || m.to == RECIPIENT)
        .collect()
}

/// Where the journey's screenshots go: the test's temporary folder, copied to
/// `$VITRINE_SCREENSHOTS` (when set) once the journey passed or failed.
pub(crate) struct Shots {
    /// Removed with the test (after `keep`).
    _tmp: tempfile::TempDir,
    pub(crate) dir: PathBuf,
}

impl Shots {
    pub(crate) fn new() -> Shots {
        let tmp = tempfile::tempdir().expect("tempdir");
        let dir = tmp.path().join("screenshots");
        std::fs::create_dir_all(&dir).expect("screenshots folder");
        Shots { _tmp: tmp, dir }
    }

    pub(crate) fn keep(&self) {
        let Some(to) = std::env::var_os("VITRINE_SCREENSHOTS") else {
            return;
        };
        let to = PathBuf::from(to);
        std::fs::create_dir_all(&to).expect("create $VITRINE_SCREENSHOTS");
        for e in std::fs::read_dir(&self.dir).expect("screenshots").flatten() {
            std::fs::copy(e.path(), to.join(e.file_name())).expect("copy a screenshot");
        }
        say(&format!("phone screenshots in {}", to.display()));
    }
}

impl Drop for Shots {
    fn drop(&mut self) {
        // A failed journey's screenshots are the first thing to look at.
        if std::thread::panicking() {
            self.keep();
        }
    }
}

/// The phone's screen at the top of the page, then scrolled to its end when it is longer.
pub(crate) async fn phone_screenshot(b: &Browser, dir: &std::path::Path, name: &str) {
    let save = |png: Vec<u8>, suffix: &str| {
        std::fs::write(dir.join(format!("{name}{suffix}.png")), png).expect("save screenshot")
    };
    b.execute("window.scrollTo(0, 0)", vec![]).await.unwrap();
    save(b.screenshot().await.expect("screenshot"), "");
    let longer = b
        .execute(
            "const h = document.documentElement.scrollHeight; \
             if (h <= window.innerHeight) return false; window.scrollTo(0, h); return true;",
            vec![],
        )
        .await
        .unwrap();
    if longer == json!(true) {
        save(b.screenshot().await.expect("screenshot"), "-end");
        b.execute("window.scrollTo(0, 0)", vec![]).await.unwrap();
    }
}
