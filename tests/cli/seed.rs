//! The shop the crash test and the orders benchmark (`benches/orders.rs`, which includes this
//! file) place their orders in, and starting the server they talk to.

use std::process::{Child, Command};
use std::time::Duration;

/// A port free on 127.0.0.1 right now.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Starts `cmd` (a `vitrine` command without `serve`) serving on `port`; returns once `/readyz`
/// answers 200 (a minute at most).
pub async fn serve(mut cmd: Command, port: u16) -> Child {
    let mut child = cmd
        .env("VITRINE_OPERATOR_PASSWORD", "operator-password-123")
        .args(["serve", "--bind", &format!("127.0.0.1:{port}")])
        .spawn()
        .expect("vitrine serve starts");
    let http = reqwest::Client::new();
    for _ in 0..600 {
        if let Ok(r) = http
            .get(format!("http://127.0.0.1:{port}/readyz"))
            .send()
            .await
        {
            if r.status() == 200 {
                return child;
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("the server did not become ready");
}

/// A shop `slug` (French) that sells one product, SKU `COMTE`, at €12.50 with `stock` units, and
/// takes bank transfers: what the crash test and the orders benchmark order from.
pub async fn shop_selling_comte(db_url: &str, slug: &str, stock: i64) {
    let s = store::Store::connect(db_url).await.expect("database");
    s.migrate().await.expect("migrations");
    let mut tx = s.begin().await.unwrap();
    let plan = store::plan::default_plan(&mut tx).await.unwrap().id;
    let shop = store::shop::create(
        &mut tx,
        &store::shop::NewShop {
            slug,
            name: slug,
            plan_id: plan,
            default_lang: "fr",
        },
    )
    .await
    .unwrap();
    let shop = shop.sid();
    let id = store::catalog::create_product(
        &mut tx,
        shop,
        &store::catalog::ProductFields {
            kind: "physical".into(),
            status: "active".into(),
            vat_class: "reduced".into(),
            track_stock: true,
            details: "{}".into(),
            safety: "{}".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    store::catalog::set_text(
        &mut tx,
        shop,
        id,
        &store::catalog::ProductText {
            lang: "fr".into(),
            title: "Comté".into(),
            slug: "comte".into(),
            description_md: String::new(),
            seo_title: String::new(),
            seo_description: String::new(),
        },
    )
    .await
    .unwrap();
    store::catalog::add_variant(
        &mut tx,
        shop,
        id,
        &store::catalog::VariantFields {
            sku: Some("COMTE".into()),
            price_minor: 1250,
            quantity: stock,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    store::payment::upsert(
        &mut tx,
        shop,
        "bank_transfer",
        true,
        &serde_json::json!({"holder": "Fromagerie", "iban": "FR7630006000011234567890189", "bic": "AGRIFRPP"}),
    )
    .await
    .unwrap();
    store::commit(tx).await.unwrap();
    s.close().await;
}
