//! The seller's order list, on both backends: filters by status, payment method, destination
//! country and dates, search by number, e-mail address or name, pages; the same selection as a
//! CSV file a French spreadsheet opens; the customers page; internal notes; never another shop's
//! orders.

use crate::common::*;

struct O<'a> {
    number: &'a str,
    name: &'a str,
    email: &'a str,
    country: &'a str,
    status: &'a str,
    payment: &'a str,
    total: i64,
    days_ago: i64,
}

async fn insert(app: &TestApp, shop: store::id::ShopId, o: &O<'_>) {
    let mut tx = app.store.begin().await.unwrap();
    let key = format!("k-{}", o.number);
    let id = store::order::insert(
        &mut tx,
        shop,
        &store::order::NewOrder {
            number: o.number,
            token_hash: &store::hash_token(&key),
            idempotency_key: &key,
            customer_id: None,
            email: o.email,
            name: o.name,
            country: o.country,
            lang: "fr",
            currency: "EUR",
            status: o.status,
            payment_method: o.payment,
            fulfilment: "shipping",
            shipping_method: None,
            shipping_name: "Colissimo",
            subtotal_minor: o.total,
            shipping_minor: 0,
            vat_minor: 0,
            total_minor: o.total,
            billing_address: "{}",
            shipping_address: None,
            taxes: "[]",
            mentions: "",
            deposit_minor: 0,
            discount_minor: 0,
            promotions: "",
            source_channel: "direct",
            source_name: "",
            source_campaign: "",
        },
    )
    .await
    .unwrap()
    .id;
    sqlx::query("UPDATE orders SET created_at = created_at - $3 WHERE shop_id = $1 AND id = $2")
        .bind(shop)
        .bind(id)
        .bind(o.days_ago * 86_400)
        .execute(&mut *tx)
        .await
        .unwrap();
    store::commit(tx).await.unwrap();
}

fn numbers(page: &str) -> Vec<String> {
    page.split("<th scope=\"row\"><a href=\"")
        .skip(1)
        .filter_map(|r| r.split('>').nth(1)?.split('<').next().map(str::to_string))
        .collect()
}

#[tokio::test]
async fn the_seller_narrows_searches_exports_and_annotates_orders() {
    let app = TestApp::new().await;
    let owner = app.owner("liste").await;
    let id = app.shop_id("liste").await;
    let orders = [
        O {
            number: "00001",
            name: "Élodie Martin",
            email: "elodie@example.org",
            country: "FR",
            status: "paid",
            payment: "bank_transfer",
            total: 1250,
            days_ago: 40,
        },
        O {
            number: "00002",
            name: "Hans Müller",
            email: "hans@example.de",
            country: "DE",
            status: "awaiting_payment",
            payment: "cheque",
            total: 4990,
            days_ago: 10,
        },
        O {
            number: "00003",
            name: "Jean 100% Dupont",
            email: "jean@example.fr",
            country: "FR",
            status: "shipped",
            payment: "bank_transfer",
            total: 800,
            days_ago: 1,
        },
        O {
            number: "00004",
            name: "Elodie Martin",
            email: "elodie@example.org",
            country: "FR",
            status: "cancelled",
            payment: "pickup_cash",
            total: 300,
            days_ago: 0,
        },
    ];
    for o in &orders {
        insert(&app, id, o).await;
    }
    // Another shop's order never shows.
    app.owner("autre").await;
    let other = app.shop_id("autre").await;
    insert(
        &app,
        other,
        &O {
            number: "00001",
            name: "Intrus",
            email: "intrus@example.org",
            country: "FR",
            status: "paid",
            payment: "cheque",
            total: 100,
            days_ago: 0,
        },
    )
    .await;

    let list = |q: &'static str| {
        let owner = owner.clone();
        async move {
            let (status, page) = owner.get_text(&format!("/s/liste/admin/orders{q}")).await;
            assert_eq!(status, StatusCode::OK, "{page}");
            (numbers(&page), page)
        }
    };
    let (all, page) = list("").await;
    assert_eq!(all, ["00004", "00003", "00002", "00001"]);
    assert!(page.contains("4 commandes"), "{page}");
    assert!(!page.contains("Intrus"));
    assert_eq!(list("?status=paid").await.0, ["00001"]);
    assert_eq!(list("?payment=bank_transfer").await.0, ["00003", "00001"]);
    assert_eq!(list("?country=DE").await.0, ["00002"]);
    assert_eq!(list("?q=00003").await.0, ["00003"]);
    assert_eq!(list("?q=ELODIE%40example").await.0, ["00004", "00001"]);
    assert_eq!(list("?q=m%C3%BCller").await.0, ["00002"]);
    // A wildcard typed in the search is a character, not "anything".
    assert_eq!(list("?q=100%25").await.0, ["00003"]);
    assert_eq!(list("?q=%25").await.0, ["00003"]);
    // Unknown values are no filter, never an error.
    assert_eq!(
        list("?status=nonsense&country=12&from=hier").await.0.len(),
        4
    );
    // Dates: the last 15 days, both ends included.
    let today = chrono::Utc::now().date_naive();
    let from = today - chrono::Days::new(15);
    let (recent, _) = {
        let owner = owner.clone();
        let (_, page) = owner
            .get_text(&format!(
                "/s/liste/admin/orders?from={from}&to={today}&status=shipped"
            ))
            .await;
        (numbers(&page), page)
    };
    assert_eq!(recent, ["00003"]);

    // The CSV of a selection: what a French spreadsheet opens.
    let r = owner
        .get("/s/liste/admin/orders/export/orders.csv?country=FR&status=paid")
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let csv = r.text().await.unwrap();
    assert!(csv.starts_with('\u{feff}'), "a BOM for spreadsheets");
    let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(lines.len(), 2, "{csv}");
    assert!(
        lines[0].starts_with("N° de commande;Date;État;Nom;E-mail;Pays"),
        "{csv}"
    );
    assert!(lines[1].starts_with("00001;"), "{csv}");
    assert!(lines[1].contains(";Élodie Martin;elodie@example.org;FR;Virement bancaire;Colissimo;12,50;0,00;;0,00;0,00;12,50;"), "{csv}");

    // Customers: everyone who ordered, by e-mail address, cancelled orders left out.
    let (status, customers) = owner.get_text("/s/liste/admin/customers").await;
    assert_eq!(status, StatusCode::OK);
    assert!(customers.contains("hans@example.de"), "{customers}");
    assert!(customers.contains("Sans compte"), "{customers}");
    assert!(!customers.contains("intrus@example.org"), "{customers}");
    assert!(
        customers.contains("/s/liste/admin/orders?q=elodie%40example.org"),
        "{customers}"
    );

    // An internal note joins the order's history; an empty one is refused.
    let r = owner
        .post_form(
            "/s/liste/admin/orders/00002/note",
            &[("note", "Appeler avant d’expédier")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, order) = owner.get_text("/s/liste/admin/orders/00002").await;
    assert!(order.contains("Appeler avant d’expédier"), "{order}");
    let r = owner
        .post_form("/s/liste/admin/orders/00002/note", &[("note", "  ")])
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("La note est vide."));
}

#[tokio::test]
async fn a_long_list_comes_a_page_at_a_time() {
    let app = TestApp::new().await;
    let owner = app.owner("longue").await;
    let id = app.shop_id("longue").await;
    for i in 1..=55 {
        let number = format!("{i:05}");
        insert(
            &app,
            id,
            &O {
                number: &number,
                name: "Client",
                email: "c@example.org",
                country: "FR",
                status: "paid",
                payment: "cheque",
                total: 100,
                days_ago: 0,
            },
        )
        .await;
    }
    let (_, first) = owner.get_text("/s/longue/admin/orders?status=paid").await;
    assert_eq!(numbers(&first).len(), 50);
    assert!(
        first.contains("href=\"/s/longue/admin/orders?status=paid&amp;page=2\""),
        "{first}"
    );
    let (_, second) = owner
        .get_text("/s/longue/admin/orders?status=paid&page=2")
        .await;
    assert_eq!(numbers(&second).len(), 5);
    assert!(!second.contains("rel=\"next\""), "{second}");
}

/// What a shopper typed as their name cannot run as a formula in the seller's spreadsheet:
/// the orders' CSV writes it as text (a quote before it), as the catalog's export does.
#[tokio::test]
async fn a_shoppers_formula_reaches_the_orders_csv_as_text() {
    let app = TestApp::new().await;
    let owner = app.owner("formule").await;
    let id = app.shop_id("formule").await;
    insert(
        &app,
        id,
        &O {
            number: "00001",
            name: "=HYPERLINK(\"http://example.com\";\"x\")",
            email: "@camille@example.org",
            country: "FR",
            status: "paid",
            payment: "bank_transfer",
            total: 1250,
            days_ago: 1,
        },
    )
    .await;
    let csv = owner
        .get("/s/formule/admin/orders/export/orders.csv")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        csv.contains(
            ";\"'=HYPERLINK(\"\"http://example.com\"\";\"\"x\"\")\";'@camille@example.org;"
        ),
        "{csv}"
    );
}
