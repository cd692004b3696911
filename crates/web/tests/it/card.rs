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

const SK: &str = "sk_test_vitrineCardTests0001";
const WHSEC: &str = "whsec_vitrineCardTests0001";

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
    let start = app::payment::start_card(&app.store, &p, &shop, &o.number)
        .await
        .unwrap();
    assert_eq!(start.publishable_key, "pk_test_vitrine");
    assert_eq!(
        (start.amount_minor, start.currency.as_str()),
        (o.total_minor, "EUR")
    );
    let again = app::payment::start_card(&app.store, &p, &shop, &o.number)
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
    let mail = |o: &store::order::Order, _| {
        Some(store::outbox::EmailMessage {
            to: o.email.clone(),
            subject: format!("paid {}", o.number),
            text: String::new(),
            html: None,
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
    let e = app::payment::refund(&app.store, &p, &shop, &o.number, total + 1, None)
        .await
        .unwrap_err();
    assert_eq!(code(e), "order-refund-too-much");
    let part = total / 2;
    app::payment::refund(&app.store, &p, &shop, &o.number, part, None)
        .await
        .unwrap();
    let rest = total - part;
    let (a, b) = tokio::join!(
        app::payment::refund(&app.store, &p, &shop, &o.number, rest, None),
        app::payment::refund(&app.store, &p, &shop, &o.number, rest, None),
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
