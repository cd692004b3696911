//! Card payment through Mollie, the second provider, against a stand-in of Mollie's v2 API kept
//! in the test code (`common::mollie`), on both backends: the seller connects Mollie with its
//! API key (kept sealed, shown masked); the shopper orders by card and pays on Mollie's own page
//! (no card field, no provider script on the shop's pages); Mollie's webhook names the payment
//! alone and the shop asks Mollie back: paid, once; a webhook naming an unknown payment changes
//! nothing; the seller refunds part, never more than was paid.

use crate::card::card_shop;
use crate::common::*;

const KEY: &str = "test_vitrineMollieTests0001";

/// The address a page's `href` leads to, the first one starting with `prefix`.
fn link_to(page: &str, prefix: &str) -> String {
    page.split("href=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .find(|h| h.starts_with(prefix))
        .unwrap_or_else(|| panic!("no link to {prefix}: {page}"))
        .replace("&amp;", "&")
}

#[tokio::test]
async fn a_shopper_pays_on_mollies_page_and_the_seller_refunds_part() {
    let mollie = mollie::start().await;
    let base = mollie.base.clone();
    let app = TestApp::builder()
        .configure(move |c| c.mollie_api = base)
        .start()
        .await;
    let (owner, id, comte) = card_shop(&app, "mollie").await;

    // The key: refused when not one, saved sealed, shown masked.
    let r = owner
        .post_form(
            "/s/mollie/admin/payments/mollie",
            &[("enabled", "1"), ("api_key", "sk_test_notmollie")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("« live_ »"));
    let r = owner
        .post_form(
            "/s/mollie/admin/payments/mollie",
            &[("enabled", "1"), ("api_key", KEY)],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, page) = owner.get_text("/s/mollie/admin/payments").await;
    assert!(page.contains("test_••••0001"), "{page}");
    assert!(!page.contains(KEY), "never in full");

    // The shopper orders by card; the order's page leads to Mollie's checkout, no script.
    let shopper = app.client();
    crate::checkout::add(&shopper, "mollie", comte, 1).await;
    let fields: Vec<(&str, &str)> = crate::checkout::ADDRESS
        .iter()
        .map(|&(k, v)| if k == "payment" { (k, "card") } else { (k, v) })
        .collect();
    let review = crate::checkout::fill(&shopper, "mollie", &fields).await;
    let r = crate::checkout::place(&shopper, "mollie", &crate::checkout::key_of(&review)).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let link = location(&r);
    let r = shopper.get(&link).await;
    let csp = r.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    let page = r.text().await.unwrap();
    assert!(page.contains("Payer par carte"), "{page}");
    assert!(page.contains("Paiement sécurisé par Mollie"), "{page}");
    assert!(
        !page.contains("data-secret") && !page.contains("stripe"),
        "{page}"
    );
    assert!(csp.contains("script-src 'self';"), "{csp}");
    let checkout = link_to(&page, &mollie.base);
    // A reload gives the same payment.
    let (_, again) = shopper.get_text(&link).await;
    assert_eq!(link_to(&again, &mollie.base), checkout);
    let payment = checkout.rsplit('/').next().unwrap().to_string();

    // Webhooks that name no payment of this shop's change nothing.
    let hook = format!("{}/s/mollie/hooks/mollie", app.url);
    let http = reqwest::Client::new();
    for body in ["id=tr_unknown1", "nothing", "id=tr_%2F..%2F"] {
        let r = http
            .post(&hook)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{body}");
    }
    let o = crate::card::order_numbered(&app, id, "00001").await;
    assert_eq!(o.status, "awaiting_payment");

    // The shopper pays on Mollie's page; Mollie posts the id and sends the shopper back.
    let browser = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let pay = browser.post(&checkout).send().await.unwrap();
    assert_eq!(pay.status(), StatusCode::SEE_OTHER);
    let back = location(&pay);
    assert_eq!(path_of(&back), format!("{link}/card"));
    let r = shopper.get(&path_of(&back)).await;
    assert_eq!(location(&r), link, "paid: straight to the order's page");
    let o = crate::card::order_numbered(&app, id, "00001").await;
    assert_eq!((o.status.as_str(), o.paid_minor), ("paid", o.total_minor));
    let (_, page) = shopper.get_text(&link).await;
    assert!(page.contains("État : payée"), "{page}");
    // The webhook again (Mollie retries): paid once.
    let r = http
        .post(&hook)
        .form(&[("id", payment.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    {
        let mut c = app.store.reader().await.unwrap();
        let by_provider: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM order_events WHERE shop_id = $1 AND actor_kind = 'provider'",
        )
        .bind(id)
        .fetch_one(&mut *c)
        .await
        .unwrap();
        assert_eq!(by_provider, 1, "paid once");
    }
    app.wait_for_email("camille@example.org", "Paiement reçu")
        .await;

    // The seller refunds part; more than the rest is refused by the shop itself.
    let admin = "/s/mollie/admin/orders/00001";
    let r = owner
        .post_form(&format!("{admin}/refund"), &[("amount", "5,00")])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = owner
        .post_form(&format!("{admin}/refund"), &[("amount", "999")])
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(mollie.refunds_of(&payment), [500]);
    let o = crate::card::order_numbered(&app, id, "00001").await;
    assert_eq!(o.refunded_minor, 500);
    assert_eq!(mollie.status_of(&payment), Some("paid"));
}
