//! What product pages tell search engines about delivery and returns, on both backends: each
//! offer's shippingDetails come from the shop's own table (and change, cached page or not, when
//! the seller saves it), its return policy is the 14-day right or none for the kinds the law
//! excepts, and a product with variants is a ProductGroup with each variant's own offer.

use crate::common::*;
use crate::shipping::{edit, seller};
use crate::storefront::{get_lang, json_ld, of_type, product, New};
use serde_json::json;
use store::catalog::{self, ProductFields, ProductText, VariantFields};

fn details_for<'a>(offer: &'a serde_json::Value, country: &str) -> &'a serde_json::Value {
    offer["shippingDetails"]
        .as_array()
        .unwrap_or_else(|| panic!("no shippingDetails in {offer}"))
        .iter()
        .find(|d| {
            d["shippingDestination"]
                .as_array()
                .unwrap()
                .iter()
                .any(|r| r["addressCountry"] == country)
        })
        .unwrap_or_else(|| panic!("no shipping to {country} in {offer}"))
}

#[tokio::test]
async fn offers_tell_delivery_from_the_shops_table_and_the_return_window() {
    let app = TestApp::new().await;
    let (owner, _, _, _) = seller(&app, "livre").await;
    let (status, page) = get_lang(&app, "/s/livre/p/comte", "fr").await;
    assert_eq!(status, StatusCode::OK);
    let ld = json_ld(&page);
    let offer = &of_type(&ld, "Product")["offers"];
    // 300 g of packaging: Mondial Relay's first band is France's cheapest delivery (collecting
    // at the shop is no delivery); the EU's is Colissimo International; the rest of the world
    // has no country list to give.
    let fr = details_for(offer, "FR");
    assert_eq!(fr["@type"], "OfferShippingDetails");
    assert_eq!(
        fr["shippingRate"],
        json!({"@type": "MonetaryAmount", "value": "4.50", "currency": "EUR"})
    );
    assert_eq!(fr["deliveryTime"]["transitTime"]["minValue"], 3);
    assert_eq!(fr["deliveryTime"]["transitTime"]["maxValue"], 5);
    assert_eq!(fr["deliveryTime"]["transitTime"]["unitCode"], "DAY");
    assert!(fr["shippingDestination"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["addressCountry"] == "MC"));
    assert_eq!(details_for(offer, "DE")["shippingRate"]["value"], "14.00");
    assert_eq!(offer["shippingDetails"].as_array().unwrap().len(), 2);
    assert_eq!(
        offer["hasMerchantReturnPolicy"],
        json!({
            "@type": "MerchantReturnPolicy",
            "applicableCountry": "FR",
            "returnPolicyCategory": "https://schema.org/MerchantReturnFiniteReturnWindow",
            "merchantReturnDays": 14,
            "returnMethod": "https://schema.org/ReturnByMail",
            "returnFees": "https://schema.org/ReturnFeesCustomerResponsibility",
        })
    );

    // The seller lowers Mondial Relay: the (cached) page says so at once.
    let r = edit(
        &owner,
        "/s/livre/admin/shipping/zones/0/methods/1",
        &[
            ("carrier", "mondial_relay"),
            ("name", "Point relais"),
            ("pricing", "flat"),
            ("flat", "2,90"),
            ("transit_min", "2"),
            ("transit_max", "4"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, page) = get_lang(&app, "/s/livre/p/comte", "fr").await;
    let ld = json_ld(&page);
    let fr = details_for(&of_type(&ld, "Product")["offers"], "FR");
    assert_eq!(fr["shippingRate"]["value"], "2.90");
    assert_eq!(fr["deliveryTime"]["transitTime"]["maxValue"], 4);
}

#[tokio::test]
async fn excepted_kinds_say_no_return_and_downloads_no_delivery() {
    let app = TestApp::new().await;
    let (_, id, _, _) = seller(&app, "frais").await;
    product(
        &app,
        id,
        New {
            kind: "perishable",
            fr: ("Époisses", "epoisses"),
            ..Default::default()
        },
    )
    .await;
    product(
        &app,
        id,
        New {
            kind: "digital",
            fr: ("Recettes (PDF)", "recettes"),
            ..Default::default()
        },
    )
    .await;
    let (status, page) = get_lang(&app, "/s/frais/p/epoisses", "fr").await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let ld = json_ld(&page);
    let offer = &of_type(&ld, "Product")["offers"];
    assert_eq!(
        offer["hasMerchantReturnPolicy"]["returnPolicyCategory"],
        "https://schema.org/MerchantReturnNotPermitted"
    );
    assert!(offer["hasMerchantReturnPolicy"]["merchantReturnDays"].is_null());
    // Perishables go only by the methods marked for them: Chronopost in France.
    assert_eq!(details_for(offer, "FR")["shippingRate"]["value"], "16.00");

    let (_, page) = get_lang(&app, "/s/frais/p/recettes", "fr").await;
    let ld = json_ld(&page);
    let offer = &of_type(&ld, "Product")["offers"];
    assert!(offer["shippingDetails"].is_null(), "{offer}");
    assert_eq!(
        offer["hasMerchantReturnPolicy"]["returnPolicyCategory"],
        "https://schema.org/MerchantReturnNotPermitted"
    );
}

#[tokio::test]
async fn a_product_with_variants_is_a_product_group() {
    let app = TestApp::new().await;
    let (_, id, _, _) = seller(&app, "tailles").await;
    let mut tx = app.store.begin().await.unwrap();
    let p = catalog::create_product(
        &mut tx,
        id,
        &ProductFields {
            kind: "physical".into(),
            status: "active".into(),
            vat_class: "standard".into(),
            track_stock: true,
            details: "{}".into(),
            safety: "{}".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    catalog::set_text(
        &mut tx,
        id,
        p,
        &ProductText {
            lang: "fr".into(),
            title: "Tablier de fromager".into(),
            slug: "tablier".into(),
            description_md: "En lin.".into(),
            seo_title: String::new(),
            seo_description: String::new(),
        },
    )
    .await
    .unwrap();
    catalog::set_options(
        &mut tx,
        id,
        p,
        &[
            (1, "fr".into(), "Taille".into()),
            (2, "fr".into(), "Lin".into()),
        ],
    )
    .await
    .unwrap();
    for (i, (size, linen, sku, price, grams)) in [
        ("S", "naturel", "TAB-S", 3_500, 200),
        ("XL", "naturel", "TAB-XL", 3_900, 1_900),
        ("M", "naturel", "TAB-M", 3_500, 200),
    ]
    .into_iter()
    .enumerate()
    {
        catalog::add_variant(
            &mut tx,
            id,
            p,
            &VariantFields {
                position: i as i64,
                sku: Some(sku.into()),
                options: [Some(size.into()), Some(linen.into()), None],
                price_minor: price,
                quantity: 5,
                weight_grams: Some(grams),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    }
    store::commit(tx).await.unwrap();

    let (status, page) = get_lang(&app, "/s/tailles/p/tablier", "fr").await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let ld = json_ld(&page);
    assert!(
        !ld.iter().any(|d| d["@type"] == "Product"),
        "no lone Offer at one price: {ld:?}"
    );
    let group = of_type(&ld, "ProductGroup");
    assert_eq!(group["name"], "Tablier de fromager");
    assert_eq!(group["productGroupID"], "tablier");
    assert_eq!(group["variesBy"], json!(["https://schema.org/size", "Lin"]));
    let v = group["hasVariant"].as_array().unwrap();
    assert_eq!(v.len(), 3);
    assert_eq!(v[0]["@type"], "Product");
    assert_eq!(v[0]["sku"], "TAB-S");
    assert_eq!(v[0]["size"], "S");
    assert_eq!(v[0]["additionalProperty"][0]["name"], "Lin");
    assert_eq!(v[0]["additionalProperty"][0]["value"], "naturel");
    assert_eq!(v[0]["inProductGroupWithID"], "tablier");
    assert!(v[0]["url"]
        .as_str()
        .unwrap()
        .ends_with("/s/tailles/p/tablier?o1=S&o2=naturel"));
    assert_eq!(v[0]["offers"]["price"], "35.00");
    assert_eq!(v[1]["sku"], "TAB-XL");
    assert_eq!(v[1]["offers"]["price"], "39.00");
    // Each variant's delivery is priced for its own weight: 500 g and 2.2 kg with packaging.
    assert_eq!(
        details_for(&v[0]["offers"], "FR")["shippingRate"]["value"],
        "4.50"
    );
    assert_eq!(
        details_for(&v[1]["offers"], "FR")["shippingRate"]["value"],
        "10.00"
    );
    assert_eq!(
        v[1]["offers"]["hasMerchantReturnPolicy"]["merchantReturnDays"],
        14
    );
    assert_eq!(
        details_for(&v[2]["offers"], "DE"),
        details_for(&v[0]["offers"], "DE")
    );

    // As written, what variants share is told once and referred to by its @id: the return
    // policy, and the M's deliveries (the S's weight and price) — the EU's 27 countries once.
    let raw = crate::storefront::json_ld_raw(&page);
    let written = &of_type(&raw, "ProductGroup")["hasVariant"];
    assert_eq!(
        written[0]["offers"]["hasMerchantReturnPolicy"]["@id"],
        "#return-policy"
    );
    assert_eq!(
        written[1]["offers"]["hasMerchantReturnPolicy"],
        json!({"@id": "#return-policy"})
    );
    let shared = written[2]["offers"]["shippingDetails"].as_array().unwrap();
    assert_eq!(shared.len(), 2);
    for (d, first) in shared
        .iter()
        .zip(written[0]["offers"]["shippingDetails"].as_array().unwrap())
    {
        assert_eq!(d, &json!({"@id": first["@id"]}), "{d}");
    }
    // Two weights, so at most two lists of the EU's countries (one per variant before).
    assert!(page.matches("\"addressCountry\":\"DE\"").count() <= 2);
}
