//! Card payments through Stripe, against localstripe (a stateful stand-in of Stripe's API that
//! signs its webhooks), on both backends: the shop's keys are kept sealed; an order is paid
//! only on the provider's word (a webhook it signed, then its own answer), once however often
//! the event comes; forged and stale webhooks are refused before anything changes; refunds
//! never exceed what was received, even asked twice at once.
//!
//! Orders are placed by the HTML checkout (by transfer) and then switched to card in the
//! database: the checkout's card option comes with the admin's Stripe settings.

use std::sync::Arc;

use app::payment::{HookRefusal, Outcome, Providers, StripeKeys};
use axum::body::Bytes;
use axum::http::HeaderMap;
use payments::sealed::Sealer;
use tokio::sync::mpsc;

use crate::checkout::shop_with_transfer;
use crate::common::*;
use crate::withdrawal::order;

pub(crate) const SK: &str = "sk_test_vitrineCardTests0001";
pub(crate) const WHSEC: &str = "whsec_vitrineCardTests0001";

/// Where a provider with its own page would send the shopper back (unused by Stripe).
const BACK: app::payment::Back<'static> = app::payment::Back {
    page: "http://127.0.0.1:9/orders/x/card",
    webhook: "http://127.0.0.1:9/hooks/mollie",
};

/// A webhook as it arrived: its `Stripe-Signature` header and its body.
type Delivery = (String, Vec<u8>);

/// Listens on 127.0.0.1 for the webhooks localstripe posts; returns their address.
async fn hook_listener() -> (String, mpsc::UnboundedReceiver<Delivery>) {
    let (tx, rx) = mpsc::unbounded_channel::<Delivery>();
    let app = axum::Router::new().route(
        "/hook",
        axum::routing::post(move |h: HeaderMap, body: Bytes| {
            let tx = tx.clone();
            async move {
                let sig = h
                    .get("stripe-signature")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("")
                    .to_string();
                let _ = tx.send((sig, body.to_vec()));
                ""
            }
        }),
    );
    let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = l.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(l, app).await });
    (format!("http://{addr}/hook"), rx)
}

/// The next delivery of event `kind`.
async fn next_event(rx: &mut mpsc::UnboundedReceiver<Delivery>, kind: &str) -> Delivery {
    loop {
        let d = tokio::time::timeout(std::time::Duration::from_secs(20), rx.recv())
            .await
            .expect("a webhook within 20 s")
            .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&d.1).unwrap();
        if v["type"] == kind {
            return d;
        }
    }
}

async fn order_row(app: &TestApp, shop: store::id::ShopId) -> store::order::Order {
    let mut c = app.store.reader().await.unwrap();
    let number: String = sqlx::query_scalar("SELECT number FROM orders WHERE shop_id = $1")
        .bind(shop)
        .fetch_one(&mut *c)
        .await
        .unwrap();
    store::order::by_number(&mut c, shop, &number)
        .await
        .unwrap()
        .unwrap()
}

fn code(e: app::Error) -> String {
    match e {
        app::Error::Refused(v) => v.code.to_string(),
        other => panic!("not a refusal: {other:?}"),
    }
}

#[tokio::test]
async fn a_card_order_is_paid_on_the_providers_signed_word_once_and_refunded_within_what_was_paid()
{
    let app = TestApp::new().await;
    let Some(ls) = localstripe::start().await else {
        return;
    };
    let (hook_url, mut hooks) = hook_listener().await;
    ls.webhook(&hook_url, WHSEC).await;
    let p = Arc::new(Providers {
        stripe_api: ls.base(),
        mollie_api: "http://127.0.0.1:9".into(),
        sealer: Sealer::new(b"the server secret of the card tests, 32+ bytes"),
    });
    let (id, _, comte) = shop_with_transfer(&app, "carte").await;
    order(&app, "carte", comte, &[]).await;
    {
        let mut tx = app.store.begin().await.unwrap();
        sqlx::query("UPDATE orders SET payment_method = 'card' WHERE shop_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await
            .unwrap();
        store::commit(tx).await.unwrap();
    }
    let o = order_row(&app, id).await;
    let shop = {
        let mut c = app.store.reader().await.unwrap();
        store::shop::by_id(&mut c, id).await.unwrap()
    };

    // The keys: refused when of the wrong kind or mixed; saved sealed, never in clear.
    let keys = |pk: &'static str, sk: &'static str, wh: &'static str| StripeKeys {
        publishable_key: pk,
        secret_key: sk,
        webhook_secret: wh,
        enabled: true,
    };
    for (k, want) in [
        (
            keys("pk_test_x", "pk_test_x", ""),
            "stripe-secret-key-invalid",
        ),
        (keys("sk_test_x", SK, ""), "stripe-publishable-key-invalid"),
        (keys("pk_live_x", SK, ""), "stripe-keys-mixed"),
        (
            keys("pk_test_x", SK, "secret"),
            "stripe-webhook-secret-invalid",
        ),
        // Card payment needs Stripe's signed word to mark orders paid.
        (keys("pk_test_x", SK, ""), "stripe-webhook-secret-required"),
    ] {
        let e = app::payment::save_stripe_keys(&app.store, &p, id, &k)
            .await
            .unwrap_err();
        assert_eq!(code(e), want);
    }
    app::payment::save_stripe_keys(&app.store, &p, id, &keys("pk_test_vitrine", SK, WHSEC))
        .await
        .unwrap();
    // Saved again without secrets: the saved ones stay.
    app::payment::save_stripe_keys(&app.store, &p, id, &keys("pk_test_vitrine", "", ""))
        .await
        .unwrap();
    {
        let mut c = app.store.reader().await.unwrap();
        let a = store::payment::account(&mut c, id, "stripe")
            .await
            .unwrap()
            .unwrap();
        assert!(!a.secret_key_sealed.contains("sk_test"), "sealed");
        assert!(!a.webhook_secret_sealed.contains("whsec_"), "sealed");
        assert_eq!(a.secret_key_hint, "sk_test_••••0001");
    }

    // The payment starts once per order, however often the page asks.
    let start = app::payment::start_card(&app.store, &p, &shop, &o.number, BACK)
        .await
        .unwrap();
    assert_eq!(start.publishable_key, "pk_test_vitrine");
    assert_eq!(
        (start.amount_minor, start.currency.as_str()),
        (o.total_minor, "EUR")
    );
    let again = app::payment::start_card(&app.store, &p, &shop, &o.number, BACK)
        .await
        .unwrap();
    assert_eq!(again.client_secret, start.client_secret);
    let intent = start
        .client_secret
        .split("_secret_")
        .next()
        .unwrap()
        .to_string();

    // Nobody's word but the provider's: not the seller's, not a question asked too early.
    let e = app::order::apply(
        &app.store,
        &shop,
        &o.number,
        &app::order::Move::MarkPaid,
        None,
        |_, _| None,
    )
    .await
    .unwrap_err();
    assert_eq!(code(e), "order-card-paid-by-provider");
    let stripe = app::payment::stripe_account(&app.store, &p, id)
        .await
        .unwrap()
        .unwrap()
        .client;
    let asked = app::payment::sync(&app.store, &shop, &stripe, &intent, |_, _| None)
        .await
        .unwrap();
    assert_eq!(asked, Outcome::Unchanged);
    assert_eq!(order_row(&app, id).await.status, "awaiting_payment");

    // The shopper pays in Stripe's page; Stripe signs and posts the event.
    let paid = ls.pay(SK, &intent, "4242424242424242").await;
    assert_eq!(paid["status"], "succeeded", "{paid}");
    let (sig, body) = next_event(&mut hooks, "payment_intent.succeeded").await;
    let now = store::now();

    // Forged (another secret), altered, stale: refused, nothing changes.
    let forged = payments::stripe::signature::sign(&body, "whsec_someone_else", now);
    let mut altered = body.clone();
    altered.extend_from_slice(b" ");
    let stale = payments::stripe::signature::sign(&body, WHSEC, now - 301);
    for (h, b) in [(&forged, &body), (&sig, &altered), (&stale, &body)] {
        let r = app::payment::stripe_webhook(&app.store, &p, &shop, h, b, now, |_, _| None)
            .await
            .unwrap();
        assert_eq!(r, Err(HookRefusal::BadSignature));
    }
    assert_eq!(order_row(&app, id).await.status, "awaiting_payment");

    // Stripe's own delivery: paid, with the customer's e-mail; delivered again: nothing more.
    let mail = |o: &store::order::Order, _: &domain::order::StatusChange| {
        Some(store::outbox::EmailMessage {
            to: o.email.clone(),
            subject: format!("paid {}", o.number),
            text: String::new(),
            html: None,
            attachments: Vec::new(),
            unsubscribe: None,
        })
    };
    let r = app::payment::stripe_webhook(&app.store, &p, &shop, &sig, &body, now, mail)
        .await
        .unwrap();
    assert_eq!(r, Ok(Outcome::Paid));
    let r = app::payment::stripe_webhook(&app.store, &p, &shop, &sig, &body, now, mail)
        .await
        .unwrap();
    assert_eq!(r, Ok(Outcome::Unchanged));
    let after = order_row(&app, id).await;
    assert_eq!(after.status, "paid");
    assert_eq!(after.paid_minor, o.total_minor);
    {
        let mut c = app.store.reader().await.unwrap();
        let sent: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE payload LIKE '%paid 0%'")
                .fetch_one(&mut *c)
                .await
                .unwrap();
        assert_eq!(sent, 1, "one payment e-mail");
        let events: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM order_events e JOIN orders o ON o.shop_id = e.shop_id \
             AND o.id = e.order_id WHERE o.shop_id = $1 AND e.actor_kind = 'provider'",
        )
        .bind(id)
        .fetch_one(&mut *c)
        .await
        .unwrap();
        assert_eq!(events, 1, "paid once, by the provider");
    }

    // Refunds: never more than was paid, even two at once.
    let total = o.total_minor;
    let e = app::payment::refund(
        &app.store,
        &p,
        &shop,
        &o.number,
        total + 1,
        None,
        &|_, _| None,
    )
    .await
    .unwrap_err();
    assert_eq!(code(e), "order-refund-too-much");
    let part = total / 2;
    app::payment::refund(&app.store, &p, &shop, &o.number, part, None, &|_, _| None)
        .await
        .unwrap();
    // A refund whose answer never comes (Stripe out of reach) stays reserved: nothing more
    // than was paid can be asked meanwhile. Asked again later under its own name, it is made
    // once.
    let dead = Providers {
        stripe_api: format!(
            "http://127.0.0.1:{}",
            std::net::TcpListener::bind("127.0.0.1:0")
                .unwrap()
                .local_addr()
                .unwrap()
                .port()
        ),
        mollie_api: "http://127.0.0.1:9".into(),
        sealer: Sealer::new(b"the server secret of the card tests, 32+ bytes"),
    };
    let lost = 100;
    let e = app::payment::refund(&app.store, &dead, &shop, &o.number, lost, None, &|_, _| {
        None
    })
    .await
    .unwrap_err();
    assert_eq!(code(e), "refund-unconfirmed");
    // Meanwhile it counts: the whole rest cannot be refunded on top of it.
    let e = app::payment::refund(
        &app.store,
        &p,
        &shop,
        &o.number,
        total - part,
        None,
        &|_, _| None,
    )
    .await
    .unwrap_err();
    assert_eq!(code(e), "refund-too-much");
    assert!(
        app::payment::check_refunds(&app.store, &p, &shop, &o.number)
            .await
            .unwrap(),
        "still waiting: its request may still be under way"
    );
    assert_eq!(order_row(&app, id).await.refunded_minor, part);
    // A minute later (its request surely over), it is asked again.
    {
        let mut tx = app.store.begin().await.unwrap();
        sqlx::query("UPDATE card_refunds SET created_at = created_at - 180 WHERE shop_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await
            .unwrap();
        store::commit(tx).await.unwrap();
    }
    assert!(
        !app::payment::check_refunds(&app.store, &p, &shop, &o.number)
            .await
            .unwrap(),
        "made once Stripe answers"
    );
    assert_eq!(order_row(&app, id).await.refunded_minor, part + lost);
    let rest = total - part - lost;
    let (a, b) = tokio::join!(
        app::payment::refund(&app.store, &p, &shop, &o.number, rest, None, &|_, _| None),
        app::payment::refund(&app.store, &p, &shop, &o.number, rest, None, &|_, _| None),
    );
    assert_eq!(
        [a.is_ok(), b.is_ok()].iter().filter(|ok| **ok).count(),
        1,
        "one of two refunds of the rest: {a:?} {b:?}"
    );
    let after = order_row(&app, id).await;
    assert_eq!(after.refunded_minor, total);
    assert_eq!(after.status, "refunded");
    // Stripe agrees: the whole payment was given back, once.
    let refunds: serde_json::Value = reqwest::Client::new()
        .get(format!("{}/v1/refunds?payment_intent={intent}", ls.base()))
        .bearer_auth(SK)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let given: i64 = refunds["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["amount"].as_i64().unwrap())
        .sum();
    assert_eq!(given, total, "{refunds}");
}

/// The subjects of the e-mails queued for `to`, in order.
async fn subjects_to(app: &TestApp, to: &str) -> Vec<String> {
    let mut c = app.store.reader().await.unwrap();
    let rows: Vec<(String,)> =
        sqlx::query_as("SELECT payload FROM outbox WHERE kind = 'email' ORDER BY id")
            .fetch_all(&mut *c)
            .await
            .unwrap();
    rows.iter()
        .filter_map(|(p,)| serde_json::from_str::<serde_json::Value>(p).ok())
        .filter(|m| m["to"] == to)
        .map(|m| m["subject"].as_str().unwrap_or("").to_string())
        .collect()
}

/// A Vitrine whose Stripe is the given localstripe.
pub(crate) async fn app_with_stripe(ls: &localstripe::LocalStripe) -> TestApp {
    let base = ls.base();
    TestApp::builder()
        .configure(move |c| {
            c.stripe_js = format!("{base}/js.stripe.com/v3/");
            c.stripe_api = base;
        })
        .start()
        .await
}

/// A seller's shop with one product, its owner signed in to the admin.
pub(crate) async fn card_shop(app: &TestApp, slug: &str) -> (Client, store::id::ShopId, i64) {
    let owner = app.owner(slug).await;
    let id = app.shop_id(slug).await;
    let p = crate::storefront::product(
        app,
        id,
        crate::storefront::New {
            fr: ("Comté 18 mois", "comte"),
            price: 1250,
            ..Default::default()
        },
    )
    .await;
    let v = crate::checkout::variant_of(app, id, p).await;
    (owner, id, v)
}

/// The owner connects the shop's Stripe account in the admin and offers card payment.
pub(crate) async fn connect_stripe(owner: &Client, slug: &str) {
    let url = format!("/s/{slug}/admin/payments/stripe");
    let r = owner
        .post_form(
            &url,
            &[
                ("enabled", "1"),
                ("publishable_key", "pk_test_vitrine"),
                ("secret_key", SK),
                ("webhook_secret", WHSEC),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn a_seller_connects_stripe_and_a_shopper_pays_by_card_on_the_order_page() {
    let Some(ls) = localstripe::start().await else {
        return;
    };
    let app = app_with_stripe(&ls).await;
    let (owner, id, comte) = card_shop(&app, "carte").await;
    crate::invoice::with_legal_identity(&app, id).await;

    // The admin: keys typed wrong are refused in words, the secrets never written back.
    let (status, page) = owner.get_text("/s/carte/admin/payments").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Carte bancaire (Stripe)"), "{page}");
    assert!(
        page.contains("/s/carte/hooks/stripe"),
        "the webhook's address"
    );
    let r = owner
        .post_form(
            "/s/carte/admin/payments/stripe",
            &[
                ("enabled", "1"),
                ("publishable_key", "pk_test_vitrine"),
                ("secret_key", SK),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(
        page.contains("collez le secret de signature du webhook"),
        "{page}"
    );
    assert!(!page.contains(SK), "the secret key is not written back");
    let r = owner
        .post_form(
            "/s/carte/admin/payments/stripe",
            &[
                ("enabled", "1"),
                ("publishable_key", "sk_test_oops"),
                ("secret_key", SK),
                ("webhook_secret", WHSEC),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("« pk_test_ »"));
    connect_stripe(&owner, "carte").await;
    let mut pages: Vec<(&str, String)> = Vec::new();
    let (_, page) = owner.get_text("/s/carte/admin/payments").await;
    assert!(page.contains("sk_test_••••0001"), "masked: {page}");
    pages.push(("admin payments", page.clone()));
    assert!(!page.contains(SK) && !page.contains(WHSEC), "never in full");
    ls.webhook(&format!("{}/s/carte/hooks/stripe", app.url), WHSEC)
        .await;

    // The shopper chooses card at checkout and lands on the order's page, with Stripe's field.
    let shopper = app.client();
    crate::checkout::add(&shopper, "carte", comte, 1).await;
    let fields: Vec<(&str, &str)> = crate::checkout::ADDRESS
        .iter()
        .map(|&(k, v)| if k == "payment" { (k, "card") } else { (k, v) })
        .collect();
    let (_, form) = shopper.get_text("/s/carte/checkout").await;
    assert!(form.contains("value=\"card\""), "card offered: {form}");
    let review = crate::checkout::fill(&shopper, "carte", &fields).await;
    assert!(review.contains("Carte bancaire"), "{review}");
    let r = crate::checkout::place(&shopper, "carte", &crate::checkout::key_of(&review)).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let link = location(&r);
    let r = shopper.get(&link).await;
    assert_eq!(r.status(), StatusCode::OK);
    let csp = r.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    let page = r.text().await.unwrap();
    assert!(
        csp.contains(&format!("script-src 'self' {}", ls.base())),
        "{csp}"
    );
    assert!(page.contains("Payer par carte"), "{page}");
    assert!(page.contains("data-key=\"pk_test_vitrine\""));
    pages.push(("order to pay by card", page.clone()));
    assert!(page.contains(&format!("src=\"{}/js.stripe.com/v3/\"", ls.base())));
    let secret = page
        .split("data-secret=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap()
        .to_string();
    let intent = secret.split("_secret_").next().unwrap().to_string();
    let o = order_row(&app, id).await;
    assert_eq!(
        (o.payment_method.as_str(), o.status.as_str()),
        ("card", "awaiting_payment")
    );

    // Back from stripe.js before paying: the page says it waits for Stripe's word.
    let r = shopper.get(&format!("{link}/card")).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, page) = shopper.get_text(&location(&r)).await;
    assert!(page.contains("pas encore la confirmation"), "{page}");
    assert_eq!(order_row(&app, id).await.status, "awaiting_payment");

    // A forged webhook is refused at the door.
    let forged = payments::stripe::signature::sign(b"{}", "whsec_forged", store::now());
    let r = app
        .client()
        .http
        .post(format!("{}/s/carte/hooks/stripe", app.url))
        .header("stripe-signature", forged)
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);

    // The card is paid at Stripe; Stripe posts its signed event to the shop: paid.
    let paid = ls.pay(SK, &intent, "4242424242424242").await;
    assert_eq!(paid["status"], "succeeded", "{paid}");
    let mut status = String::new();
    for _ in 0..100 {
        status = order_row(&app, id).await.status;
        if status == "paid" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(status, "paid", "the webhook marks the order paid");
    assert_eq!(
        subjects_to(&app, "camille@example.org").await,
        [
            format!("Votre commande n° {} chez Boutique carte", o.number),
            format!(
                "Paiement reçu pour votre commande n° {} (Boutique carte)",
                o.number
            ),
        ]
    );
    let r = shopper.get(&link).await;
    let csp = r.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    let page = r.text().await.unwrap();
    assert!(!page.contains("data-secret"), "nothing left to pay");
    assert!(
        !csp.contains(&ls.base()),
        "Stripe's script only where it pays"
    );

    // The seller refunds part, is refused more than the rest (in money), then the rest.
    let admin = format!("/s/carte/admin/orders/{}", o.number);
    let (_, page) = owner.get_text(&admin).await;
    assert!(page.contains(&intent) && page.contains("payé"), "{page}");
    pages.push(("admin order paid by card", page.clone()));
    let r = owner
        .post_form(&format!("{admin}/refund"), &[("amount", "5,00")])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    // Paid, then 5 € given back: the invoice, then a credit note in its own series.
    let (_, page) = owner.get_text(&admin).await;
    assert!(page.contains("Facture n° F-000001"), "{page}");
    assert!(page.contains("Avoir n° AV-000001"), "{page}");
    let (status, note) = owner.get_text("/s/carte/admin/invoices/AV-000001").await;
    assert_eq!(status, StatusCode::OK);
    for want in [
        "Avoir n° AV-000001",
        "Avoir sur la facture n° F-000001",
        "5,00\u{a0}€",
        "Remboursé le",
    ] {
        assert!(note.contains(want), "{want:?} on the credit note: {note}");
    }
    pages.push(("credit note", note));
    let (_, invoice) = shopper.get_text(&format!("{link}/invoices/F-000001")).await;
    pages.push(("invoice", invoice));

    // Both as Factur-X PDFs: the invoice for the customer, the credit note for the seller, the
    // same files the e-mails about the payment and the refund carry.
    let pdf_of = |client: &Client, path: String| {
        let client = client.clone();
        async move {
            let r = client.get(&path).await;
            assert_eq!(r.status(), StatusCode::OK, "{path}");
            assert_eq!(r.headers()["content-type"], "application/pdf");
            let name = path.rsplit('/').next().unwrap().to_string();
            assert_eq!(
                r.headers()["content-disposition"],
                format!("attachment; filename=\"{name}\"").as_str()
            );
            r.bytes().await.unwrap().to_vec()
        }
    };
    let invoice_pdf = pdf_of(&shopper, format!("{link}/invoices/F-000001.pdf")).await;
    let note_pdf = pdf_of(&owner, "/s/carte/admin/invoices/AV-000001.pdf".into()).await;
    assert_eq!(
        owner
            .get("/s/carte/admin/invoices/F-000001.pdf")
            .await
            .bytes()
            .await
            .unwrap(),
        invoice_pdf,
        "the seller's copy is the customer's"
    );
    let paid_mail = app.wait_for_email(&o.email, "F-000001.pdf").await;
    assert!(
        paid_mail.contains("Content-Type: application/pdf"),
        "{paid_mail}"
    );
    app.wait_for_email(&o.email, "AV-000001.pdf").await;
    let raw = app.raw_emails();
    let attached = |name: &str| {
        raw.iter()
            .find_map(|m| attachment_in(m, name))
            .unwrap_or_else(|| panic!("no e-mail carries {name}"))
    };
    assert_eq!(attached("F-000001.pdf"), invoice_pdf);
    assert_eq!(attached("AV-000001.pdf"), note_pdf);
    for (pdf, wants) in [
        (
            &invoice_pdf,
            &[
                "Facture n° F-000001",
                "Émilie Martin EI",
                "SIREN : 732829320",
                "art. 293 B",
            ][..],
        ),
        (
            &note_pdf,
            &["Avoir n° AV-000001", "Avoir sur la facture n° F-000001"][..],
        ),
    ] {
        if let Some(found) = skip::need(&skip::FACTURX, facturx::check(pdf)) {
            facturx::assert_valid(&found);
            let text = facturx::text(&found);
            for want in wants {
                assert!(text.contains(want), "{want:?} in the PDF: {text}");
            }
        }
    }
    let rest = o.total_minor - 500;
    for (typed, want) in [
        ("beaucoup", "Indiquez un montant à rembourser".to_string()),
        (
            "999",
            format!(
                "{} au plus",
                domain::money::Money::new(rest, domain::money::Currency::EUR)
                    .format(domain::locale::Lang::Fr)
            ),
        ),
    ] {
        let r = owner
            .post_form(&format!("{admin}/refund"), &[("amount", typed)])
            .await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let page = r.text().await.unwrap();
        assert!(page.contains(&want), "{want}: {page}");
    }
    let (_, page) = owner.get_text(&admin).await;
    let default = page
        .split("name=\"amount\" type=\"text\" inputmode=\"decimal\" autocomplete=\"off\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap()
        .to_string();
    let r = owner
        .post_form(&format!("{admin}/refund"), &[("amount", &default)])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let after = order_row(&app, id).await;
    assert_eq!(
        (after.status.as_str(), after.refunded_minor),
        ("refunded", o.total_minor)
    );

    // The journal: the invoice, then a credit note per refund, for the accountant too.
    let (status, journal) = owner.get_text("/s/carte/admin/invoices").await;
    assert_eq!(status, StatusCode::OK);
    for want in [
        "Facture n° F-000001",
        "Avoir n° AV-000001",
        "Avoir n° AV-000002",
        "-5,00",
    ] {
        assert!(journal.contains(want), "{want:?} in the journal: {journal}");
    }
    pages.push(("journal", journal));
    // The list of payments: the card payment, all given back (nothing left to refund).
    let (status, list) = owner.get_text("/s/carte/admin/payments/list").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        list.contains(&intent) && list.contains("Carte bancaire"),
        "{list}"
    );
    assert!(!list.contains("Rembourser (commande"), "{list}");
    pages.push(("payments", list));
    let r = owner
        .get("/s/carte/admin/invoices/export/journal.csv")
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let csv = r.text().await.unwrap();
    let rows: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(rows.len(), 4, "{csv}");
    assert!(
        rows[0].starts_with("Date;Numéro;Type;Commande;Client;Total HT"),
        "{csv}"
    );
    assert!(rows[1].contains(";F-000001;Facture;"), "{csv}");
    assert!(
        rows[2].contains(";AV-000001;Avoir;") && rows[2].contains(";-5,00;"),
        "{csv}"
    );
    let sum: i64 = rows[1..]
        .iter()
        .map(|r| {
            let total = r.split(';').nth(7).unwrap().replace(',', "");
            total.parse::<i64>().unwrap()
        })
        .sum();
    assert_eq!(sum, 0, "all given back: the journal balances");

    // Every page of the journey is valid HTML.
    if let Some(vnu) = vnu::Vnu::find() {
        let dir = tempfile::tempdir().unwrap();
        let files: Vec<_> = pages
            .iter()
            .enumerate()
            .map(|(i, (label, body))| vnu::save(dir.path(), &format!("{i:02}"), body, label))
            .collect();
        vnu.assert_valid(&files);
    }
}

/// The shop's order `number`.
pub(crate) async fn order_numbered(
    app: &TestApp,
    shop: store::id::ShopId,
    number: &str,
) -> store::order::Order {
    let mut c = app.store.reader().await.unwrap();
    store::order::by_number(&mut c, shop, number)
        .await
        .unwrap()
        .unwrap()
}

/// The client secret the page gives stripe.js, and the payment it names.
fn secret_on(page: &str) -> (String, String) {
    let secret = page
        .split("data-secret=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap_or_else(|| panic!("no card form: {page}"))
        .to_string();
    let intent = secret.split("_secret_").next().unwrap().to_string();
    (secret, intent)
}

/// A payment intent as localstripe has it.
async fn intent_at(ls: &localstripe::LocalStripe, id: &str) -> serde_json::Value {
    reqwest::Client::new()
        .get(format!("{}/v1/payment_intents/{id}", ls.base()))
        .bearer_auth(SK)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_rental_deposit_is_held_on_the_card_then_kept_in_part_or_released() {
    let Some(ls) = localstripe::start().await else {
        return;
    };
    let app = app_with_stripe(&ls).await;
    let owner = app.owner("location").await;
    let id = app.shop_id("location").await;
    let p = crate::storefront::product(
        &app,
        id,
        crate::storefront::New {
            kind: "rental",
            fr: ("Vidéoprojecteur", "projecteur"),
            details: r#"{"per_day_minor":1500,"deposit_minor":20000,"min_days":1,"max_days":14}"#,
            ..Default::default()
        },
    )
    .await;
    let v = crate::checkout::variant_of(&app, id, p).await.to_string();
    connect_stripe(&owner, "location").await;
    ls.webhook(&format!("{}/s/location/hooks/stripe", app.url), WHSEC)
        .await;

    for (n, settle) in [(0u64, "capture"), (1, "release")] {
        // A rental of three days (€45, and its delivery), paid by card; the deposit is not part
        // of the total.
        let shopper = app.client();
        let start = (chrono::Utc::now().date_naive() + chrono::Days::new(10 + 5 * n)).to_string();
        let end = (chrono::Utc::now().date_naive() + chrono::Days::new(13 + 5 * n)).to_string();
        let r = shopper
            .http
            .post(shopper.url("/s/location/cart/add"))
            .header("sec-fetch-site", "same-origin")
            .form(&[
                ("variant", v.as_str()),
                ("start", start.as_str()),
                ("end", end.as_str()),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let fields: Vec<(&str, &str)> = crate::checkout::ADDRESS
            .iter()
            .map(|&(k, v)| if k == "payment" { (k, "card") } else { (k, v) })
            .collect();
        let review = crate::checkout::fill(&shopper, "location", &fields).await;
        let r =
            crate::checkout::place(&shopper, "location", &crate::checkout::key_of(&review)).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let link = location(&r);
        let (_, page) = shopper.get_text(&link).await;
        let (_, intent) = secret_on(&page);
        let number = format!("{:05}", n + 1);
        let o = order_numbered(&app, id, &number).await;
        assert_eq!((o.subtotal_minor, o.deposit_minor), (4500, 20000));
        let total = o.total_minor;
        let paid = ls.pay(SK, &intent, "4242424242424242").await;
        assert_eq!(paid["status"], "succeeded", "{paid}");
        let r = shopper.get(&format!("{link}/card")).await;
        assert_eq!(location(&r), link, "paid, on Stripe's answer");

        // Then the deposit: authorised on the card, nothing taken.
        let (_, page) = shopper.get_text(&link).await;
        assert!(page.contains("Autoriser la caution"), "{page}");
        assert!(page.contains("Autoriser 200,00\u{a0}€"), "{page}");
        let (_, hold) = secret_on(&page);
        assert_ne!(hold, intent, "a payment of its own");
        let held = ls.pay(SK, &hold, "4242424242424242").await;
        assert_eq!(held["status"], "requires_capture", "{held}");
        shopper.get(&format!("{link}/card")).await;
        let (_, page) = shopper.get_text(&link).await;
        assert!(
            page.contains("Caution de 200,00\u{a0}€ autorisée sur votre carte"),
            "{page}"
        );
        assert!(!page.contains("data-secret"), "{page}");
        let o = order_numbered(&app, id, &number).await;
        assert_eq!(
            (o.status.as_str(), o.paid_minor),
            ("paid", total),
            "the deposit pays nothing"
        );

        // The seller keeps part of it, or releases it.
        let admin = format!("/s/location/admin/orders/{number}");
        let (_, page) = owner.get_text(&admin).await;
        assert!(
            page.contains("Caution de 200,00\u{a0}€ autorisée sur la carte du client"),
            "{page}"
        );
        let deposit = format!("{admin}/deposit");
        if settle == "capture" {
            for (typed, want) in [
                ("300", "200,00\u{a0}€ au plus"),
                ("rien", "Indiquez un montant à retenir"),
            ] {
                let r = owner
                    .post_form(&deposit, &[("action", "capture"), ("amount", typed)])
                    .await;
                assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
                let page = r.text().await.unwrap();
                assert!(page.contains(want), "{want}: {page}");
            }
            let r = owner
                .post_form(&deposit, &[("action", "capture"), ("amount", "50,00")])
                .await;
            assert_eq!(r.status(), StatusCode::SEE_OTHER);
            let (_, page) = shopper.get_text(&link).await;
            assert!(page.contains("50,00\u{a0}€ ont été retenus"), "{page}");
            assert_eq!(intent_at(&ls, &hold).await["status"], "succeeded");
        } else {
            let r = owner.post_form(&deposit, &[("action", "release")]).await;
            assert_eq!(r.status(), StatusCode::SEE_OTHER);
            let (_, page) = shopper.get_text(&link).await;
            assert!(page.contains("La caution a été libérée"), "{page}");
            assert_eq!(intent_at(&ls, &hold).await["status"], "canceled");
            // Nothing more to settle.
            let r = owner.post_form(&deposit, &[("action", "release")]).await;
            assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        }
        // A webhook about that very capture or release changes nothing afterwards.
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        let (_, after) = shopper.get_text(&link).await;
        assert!(!after.contains("data-secret"), "{after}");
        let o = order_numbered(&app, id, &number).await;
        assert_eq!((o.paid_minor, o.refunded_minor), (total, 0));
    }
}

#[tokio::test]
async fn a_headless_front_has_an_order_paid_by_card_through_the_store_api() {
    let Some(ls) = localstripe::start().await else {
        return;
    };
    let app = app_with_stripe(&ls).await;
    let (owner, id, _) = card_shop(&app, "tetes").await;
    connect_stripe(&owner, "tetes").await;
    ls.webhook(&format!("{}/s/tetes/hooks/stripe", app.url), WHSEC)
        .await;
    let api = format!("{}/s/tetes/api/store/v1", app.url);
    let http = reqwest::Client::new();
    let cart: serde_json::Value = http
        .post(format!("{api}/carts"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let cart = cart["id"].as_str().unwrap().to_string();
    let r = http
        .post(format!("{api}/carts/{cart}/lines"))
        .json(&serde_json::json!({"sku": "COMTE"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK, "{}", r.text().await.unwrap());
    let body = serde_json::json!({
        "email": "camille@example.org",
        "shipping_address": {
            "name": "Camille Durand", "line1": "3 rue des Lilas", "postal_code": "21000",
            "city": "Dijon", "country": "FR"
        },
        "shipping_method": "colissimo-fr",
        "payment_method": "card",
        "accept_terms": true
    });
    let checkout = |key: &'static str| {
        http.post(format!("{api}/carts/{cart}/checkout"))
            .header("idempotency-key", key)
            .json(&body)
            .send()
    };
    let r = checkout("order-1").await.unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let order: serde_json::Value = r.json().await.unwrap();
    let pay = &order["payment"];
    assert_eq!(pay["provider"], "stripe", "{order}");
    assert_eq!(pay["publishable_key"], "pk_test_vitrine");
    assert_eq!(pay["amount"], order["total"]);
    assert_eq!(pay["stripe_js"], format!("{}/js.stripe.com/v3/", ls.base()));
    let secret = pay["client_secret"].as_str().unwrap().to_string();
    let return_url = pay["return_url"].as_str().unwrap().to_string();
    assert!(return_url.ends_with("/card"), "{return_url}");
    // The same request again: the same order, the same payment.
    let again: serde_json::Value = checkout("order-1").await.unwrap().json().await.unwrap();
    assert_eq!(again["number"], order["number"]);
    assert_eq!(again["payment"]["client_secret"], secret.as_str());

    // The front confirms with stripe.js, Stripe tells the shop: paid.
    let intent = secret.split("_secret_").next().unwrap();
    let paid = ls.pay(SK, intent, "4242424242424242").await;
    assert_eq!(paid["status"], "succeeded", "{paid}");
    let number = order["number"].as_str().unwrap();
    let mut status = String::new();
    for _ in 0..100 {
        status = order_numbered(&app, id, number).await.status;
        if status == "paid" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(status, "paid");
    let after: serde_json::Value = checkout("order-1").await.unwrap().json().await.unwrap();
    assert_eq!(after["payment"], serde_json::json!({"status": "paid"}));
}
