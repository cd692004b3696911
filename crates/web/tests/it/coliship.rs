//! The ColiShip file of the orders to ship, on both backends: a paid order going by Colissimo is
//! one line of the columns the import profile names; orders not paid yet, or going another way,
//! are not in it.

use crate::checkout::{add, fill, key_of, place, ADDRESS};
use crate::common::*;
use crate::shipping::seller;

/// Places an order of one unit of `variant` delivered by `method`, with a phone number; returns
/// its number.
async fn order(app: &TestApp, slug: &str, variant: i64, method: &str, phone: &str) -> String {
    let guest = app.client();
    add(&guest, slug, variant, 2).await;
    let mut fields: Vec<(&str, &str)> = ADDRESS
        .iter()
        .map(|&(k, v)| if k == "shipping" { (k, method) } else { (k, v) })
        .collect();
    fields.push(("phone", phone));
    fields.push(("line2", "Bâtiment B"));
    let review = fill(&guest, slug, &fields).await;
    let r = place(&guest, slug, &key_of(&review)).await;
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "{}",
        r.text().await.unwrap()
    );
    let (_, page) = guest.get_text(&location(&r)).await;
    page.split("Commande n° ")
        .nth(1)
        .and_then(|s| s.get(..5))
        .expect("order number")
        .to_string()
}

async fn mark_paid(owner: &Client, slug: &str, number: &str) {
    let r = owner
        .post_form(
            &format!("/s/{slug}/admin/orders/{number}/move"),
            &[("action", "mark_paid")],
        )
        .await;
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "{}",
        r.text().await.unwrap()
    );
}

#[tokio::test]
async fn the_coliship_file_lists_the_paid_colissimo_orders() {
    let app = TestApp::new().await;
    let (owner, id, _, v) = seller(&app, "colis").await;
    let mut tx = app.store.begin().await.unwrap();
    sqlx::query("UPDATE variants SET weight_grams = 450 WHERE shop_id = $1 AND id = $2")
        .bind(id)
        .bind(v)
        .execute(&mut *tx)
        .await
        .unwrap();
    store::commit(tx).await.unwrap();
    let paid = order(&app, "colis", v, "colissimo-fr", "06 12 34 56 78").await;
    let relay = order(&app, "colis", v, "mondial-relay-fr", "").await;
    let unpaid = order(&app, "colis", v, "colissimo-fr", "").await;
    mark_paid(&owner, "colis", &paid).await;
    mark_paid(&owner, "colis", &relay).await;

    let (status, list) = owner.get_text("/s/colis/admin/orders").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        list.contains("href=\"/s/colis/admin/orders/export/coliship.csv\""),
        "{list}"
    );

    let r = owner.get("/s/colis/admin/orders/export/coliship.csv").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        r.headers()["content-type"],
        "text/csv; charset=windows-1252"
    );
    assert!(r.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .starts_with("attachment; filename=\"coliship-colis-"));
    let bytes = r.bytes().await.unwrap();
    // Windows-1252: "â" is one byte.
    assert!(bytes.contains(&0xE2));
    let text: String = bytes.iter().map(|&b| b as char).collect();
    let lines: Vec<&str> = text.split_terminator("\r\n").collect();
    assert_eq!(lines.len(), 1, "only the paid Colissimo order: {text}");
    let fields: Vec<String> = lines[0]
        .split(';')
        .map(|f| f.trim_matches('"').to_string())
        .collect();
    let profile = owner.get("/s/colis/admin/orders/export/coliship.fmt").await;
    assert_eq!(profile.status(), StatusCode::OK);
    let profile = profile.text().await.unwrap();
    assert!(profile.starts_with("[GENERAL]\r\nDELIMITE=O\r\nSEPARATEUR=59\r\nDELIMITEUR=34\r\n"));
    // Each column is where the profile says ColiShip finds its field.
    let column = |name: &str| -> &str {
        let n: usize = profile
            .lines()
            .find_map(|l| l.strip_prefix(&format!("{name}=")))
            .unwrap_or_else(|| panic!("{name} not in the profile"))
            .parse()
            .unwrap();
        &fields[n - 1]
    };
    assert_eq!(fields.len(), 13, "{fields:?}");
    assert_eq!(column("ReferenceExpedition"), paid);
    assert_eq!(column("NomDestinataire"), "Camille Durand");
    assert_eq!(column("Adresse1"), "3 rue des Lilas");
    assert_eq!(column("Adresse2"), "B\u{e2}timent B");
    assert_eq!(column("CodePostal"), "21000");
    assert_eq!(column("Commune"), "Dijon");
    assert_eq!(column("CodePays"), "FR");
    assert_eq!(column("Portable"), "06 12 34 56 78");
    assert_eq!(column("Telephone"), "");
    assert_eq!(column("Mail"), "camille@example.org");
    // Two of 450 g, and the packaging.
    assert_eq!(column("Poids"), "1200");
    assert_eq!(column("CodeProduit"), "DOM");
    assert_eq!(column("NomCommercialChargeur"), "Boutique colis");
    assert!(!text.contains(&relay) && !text.contains(&unpaid));
}
