//! A shop's product feeds, on both backends. The Google Merchant Center feed is checked field
//! by field against Google's own definition of a product's attributes
//! (`../shared/data/google-merchant/product_attributes.json`, from Merchant API's
//! `products_common.proto`): every attribute it writes exists there, with a value of the shape
//! Google documents (prices "12.50 EUR", its availability and condition values); only buyable
//! products of kinds Google takes are listed, at the price a shopper of the feed's country pays,
//! with the delivery there; its links open the product. The Atom feed lists the newest
//! products, in the address's language.

use std::collections::HashSet;

use store::catalog::{self, VariantFields};

use crate::common::*;
use crate::storefront::{product, New};

const G: &str = "http://base.google.com/ns/1.0";

/// The attributes Google documents: Merchant API's names, and for the feed's names that differ
/// (its `id` is the API's `offer_id`, one `additional_image_link` per picture), theirs.
fn google_attributes() -> HashSet<String> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/google-merchant/product_attributes.json");
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).expect("Google's attributes"))
            .unwrap();
    let mut names: HashSet<String> = doc["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap().to_string())
        .collect();
    assert!(names.contains("additional_image_links") && names.contains("identifier_exists"));
    names.insert("id".into());
    names.insert("additional_image_link".into());
    names
}

/// Google's `Shipping` message (products_common.proto): the fields a `g:shipping` may hold.
const SHIPPING_FIELDS: [&str; 3] = ["country", "service", "price"];

struct Item {
    fields: Vec<(String, String)>,
    shipping: Vec<(String, String)>,
}

impl Item {
    fn get(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

fn items(xml: &str) -> Vec<Item> {
    let doc = roxmltree::Document::parse(xml).expect("well-formed XML");
    let rss = doc.root_element();
    assert_eq!(rss.tag_name().name(), "rss");
    assert_eq!(rss.attribute("version"), Some("2.0"));
    rss.descendants()
        .filter(|n| n.has_tag_name("item"))
        .map(|item| {
            let mut fields = vec![];
            let mut shipping = vec![];
            for f in item.children().filter(|n| n.is_element()) {
                assert_eq!(f.tag_name().namespace(), Some(G), "{:?}", f.tag_name());
                let name = f.tag_name().name().to_string();
                if name == "shipping" {
                    for s in f.children().filter(|n| n.is_element()) {
                        shipping.push((
                            s.tag_name().name().to_string(),
                            s.text().unwrap_or("").to_string(),
                        ));
                    }
                }
                fields.push((name, f.text().unwrap_or("").trim().to_string()));
            }
            Item { fields, shipping }
        })
        .collect()
}

/// "12.50 EUR": digits, a point, two decimals, the currency.
fn is_price(v: &str) -> bool {
    let Some((amount, cur)) = v.split_once(' ') else {
        return false;
    };
    let Some((units, cents)) = amount.split_once('.') else {
        return false;
    };
    !units.is_empty()
        && units.bytes().all(|b| b.is_ascii_digit())
        && cents.len() == 2
        && cents.bytes().all(|b| b.is_ascii_digit())
        && cur == "EUR"
}

fn amount(v: &str) -> i64 {
    let (a, _) = v.split_once(' ').unwrap();
    let (u, c) = a.split_once('.').unwrap();
    u.parse::<i64>().unwrap() * 100 + c.parse::<i64>().unwrap()
}

/// A picture of the product (its row: the feed names its address, not its file).
async fn picture(app: &TestApp, shop: store::id::ShopId, product: i64) {
    let mut tx = app.store.begin().await.unwrap();
    store::catalog_images::add(
        &mut tx,
        shop,
        product,
        &format!("{shop}/p{product}"),
        1200,
        900,
    )
    .await
    .unwrap();
    store::commit(tx).await.unwrap();
}

async fn shop(app: &TestApp) -> store::id::ShopId {
    app.owner("flux").await;
    let id = app.shop_id("flux").await;
    crate::invoice::with_legal_identity(app, id).await;
    {
        // Prices typed tax included, French VAT charged (no franchise).
        let mut tx = app.store.begin().await.unwrap();
        sqlx::query("UPDATE shop_legal SET vat_franchise = 0 WHERE shop_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await
            .unwrap();
        sqlx::query("UPDATE shops SET langs = 'fr,en' WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await
            .unwrap();
        store::commit(tx).await.unwrap();
    }
    // A cheese in two sizes, the large one reduced; a second-hand book; a parrot (no animals
    // on Google Shopping); one coming soon; one sold out.
    let comte = product(
        app,
        id,
        New {
            fr: ("Comté 18 mois", "comte"),
            en: Some(("Comté, 18 months", "comte-18-months")),
            price: 1250,
            ..Default::default()
        },
    )
    .await;
    let mut tx = app.store.begin().await.unwrap();
    sqlx::query("UPDATE variants SET option1 = '250 g', weight_grams = 250 WHERE shop_id = $1 AND product_id = $2")
        .bind(id)
        .bind(comte)
        .execute(&mut *tx)
        .await
        .unwrap();
    let large = catalog::add_variant(
        &mut tx,
        id,
        comte,
        &VariantFields {
            position: 1,
            sku: Some("COMTE-1KG".into()),
            options: [Some("1 kg".into()), None, None],
            price_minor: 3900,
            compare_at_minor: Some(4500),
            quantity: 5,
            weight_grams: Some(1000),
            image_id: None,
        },
    )
    .await
    .unwrap();
    // The kilo was sold 45 € until two days ago: a real reduction. The 250 g says it was
    // 15 €, but its price never changed: no reduction may be announced.
    let now = store::now();
    for (at, price) in [(now - 10 * 86_400, 4500), (now - 2 * 86_400, 3900)] {
        sqlx::query(
            "INSERT INTO price_history (shop_id, variant_id, at, price_minor) VALUES ($1, $2, $3, $4)",
        )
        .bind(id)
        .bind(large)
        .bind(at)
        .bind(price)
        .execute(&mut *tx)
        .await
        .unwrap();
    }
    sqlx::query("UPDATE variants SET compare_at_minor = 1500 WHERE shop_id = $1 AND product_id = $2 AND option1 = '250 g'")
        .bind(id)
        .bind(comte)
        .execute(&mut *tx)
        .await
        .unwrap();
    store::commit(tx).await.unwrap();
    picture(app, id, comte).await;
    let book = product(
        app,
        id,
        New {
            fr: ("Les Misérables, édition de 1862", "miserables"),
            condition: Some("good"),
            kind: "unique",
            price: 8000,
            ..Default::default()
        },
    )
    .await;
    picture(app, id, book).await;
    // No picture yet: Google requires one.
    product(
        app,
        id,
        New {
            fr: ("Morbier", "morbier"),
            ..Default::default()
        },
    )
    .await;
    product(
        app,
        id,
        New {
            fr: ("Perruche ondulée", "perruche"),
            kind: "live_animal",
            price: 3500,
            ..Default::default()
        },
    )
    .await;
    product(
        app,
        id,
        New {
            fr: ("Tomme de printemps", "tomme"),
            status: "coming_soon",
            ..Default::default()
        },
    )
    .await;
    let epuise = product(
        app,
        id,
        New {
            fr: ("Bleu de Gex", "bleu"),
            ..Default::default()
        },
    )
    .await;
    let mut tx = app.store.begin().await.unwrap();
    sqlx::query("UPDATE variants SET quantity = 0 WHERE shop_id = $1 AND product_id = $2")
        .bind(id)
        .bind(epuise)
        .execute(&mut *tx)
        .await
        .unwrap();
    store::commit(tx).await.unwrap();
    picture(app, id, epuise).await;
    id
}

#[tokio::test]
async fn the_merchant_feed_follows_googles_attributes_and_the_shoppers_country() {
    let app = TestApp::new().await;
    shop(&app).await;
    let known = google_attributes();
    let shopper = app.client();
    let r = shopper.get("/s/flux/feeds/google.xml").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.headers()[reqwest::header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("application/xml"));
    let xml = r.text().await.unwrap();
    let fr = items(&xml);
    // Two sizes of Comté, the book, the sold-out cheese; no parrot, nothing coming soon,
    // nothing without a picture.
    assert_eq!(fr.len(), 4, "{xml}");
    for absent in ["Perruche", "Tomme", "Morbier"] {
        assert!(!xml.contains(absent), "{absent}: {xml}");
    }
    for i in &fr {
        for (name, value) in &i.fields {
            assert!(known.contains(name), "g:{name} is no Google attribute");
            assert!(!value.is_empty() || name == "shipping", "g:{name} is empty");
        }
        for required in [
            "id",
            "title",
            "description",
            "link",
            "image_link",
            "availability",
            "price",
            "condition",
        ] {
            assert!(
                i.get(required).is_some(),
                "no g:{required} in {:?}",
                i.fields
            );
        }
        assert!(is_price(i.get("price").unwrap()), "{:?}", i.get("price"));
        // "preorder" and "backorder" would need a date Vitrine does not know.
        assert!(["in_stock", "out_of_stock"].contains(&i.get("availability").unwrap()));
        let image = i.get("image_link").unwrap();
        assert!(
            image.starts_with(&format!("{}/s/flux/media/", app.url)) && image.ends_with(".jpg"),
            "{image}"
        );
        assert!(["new", "refurbished", "used"].contains(&i.get("condition").unwrap()));
        assert_eq!(i.get("identifier_exists"), Some("no"));
        // Its link opens the product's page.
        let link = i.get("link").unwrap();
        let (code, page) = shopper.get_text(&path_of(link)).await;
        assert_eq!(code, StatusCode::OK, "{link}");
        assert!(page.contains(i.get("title").unwrap().split(" – ").next().unwrap()));
        // Delivered in France: the cheapest way there, priced.
        assert_eq!(i.shipping.len(), 3, "{:?}", i.shipping);
        for (name, value) in &i.shipping {
            assert!(
                SHIPPING_FIELDS.contains(&name.as_str()),
                "g:shipping/{name}"
            );
            if name == "price" {
                assert!(is_price(value), "{value}");
            }
        }
        assert!(i.shipping.contains(&("country".into(), "FR".into())));
    }
    let by_title = |t: &str| fr.iter().find(|i| i.get("title") == Some(t)).unwrap();
    let small = by_title("Comté 18 mois – 250 g");
    let large = by_title("Comté 18 mois – 1 kg");
    assert_eq!(small.get("price"), Some("12.50 EUR"));
    assert_eq!(small.get("sale_price"), None, "no reduction to announce");
    assert_ne!(small.get("id"), large.get("id"));
    assert_eq!(small.get("shipping_weight"), Some("250 g"));
    assert!(small.get("link").unwrap().contains("o1=250"));
    // A real reduction: the struck-through price the page shows, and the sale price.
    assert_eq!(large.get("price"), Some("45.00 EUR"));
    assert_eq!(large.get("sale_price"), Some("39.00 EUR"));
    assert_eq!(
        by_title("Les Misérables, édition de 1862").get("condition"),
        Some("used")
    );
    assert_eq!(
        by_title("Bleu de Gex").get("availability"),
        Some("out_of_stock")
    );
    assert_eq!(small.get("availability"), Some("in_stock"));

    // In English, for Switzerland: English titles and links, the price the page shows, the
    // delivery there.
    let (code, xml) = shopper
        .get_text("/s/flux/en/feeds/google.xml?country=CH")
        .await;
    assert_eq!(code, StatusCode::OK);
    let ch = items(&xml);
    let small_ch = ch
        .iter()
        .find(|i| i.get("title") == Some("Comté, 18 months – 250 g"))
        .expect("the English title");
    assert!(small_ch
        .get("link")
        .unwrap()
        .contains("/en/p/comte-18-months"));
    assert_eq!(small_ch.get("price"), Some("12.50 EUR"));
    assert!(small_ch.shipping.contains(&("country".into(), "CH".into())));
    let to_fr = small.shipping.iter().find(|s| s.0 == "price").unwrap();
    let to_ch = small_ch.shipping.iter().find(|s| s.0 == "price").unwrap();
    assert!(amount(&to_ch.1) > amount(&to_fr.1), "{to_ch:?} {to_fr:?}");

    // One address per feed: other spellings of the query are sent there.
    for (asked, to) in [
        ("?country=ch", "/s/flux/en/feeds/google.xml?country=CH"),
        ("?country=CH&x=1", "/s/flux/en/feeds/google.xml?country=CH"),
        ("?x=1", "/s/flux/en/feeds/google.xml"),
    ] {
        let r = shopper
            .get(&format!("/s/flux/en/feeds/google.xml{asked}"))
            .await;
        assert_eq!(r.status(), StatusCode::PERMANENT_REDIRECT, "{asked}");
        assert_eq!(location(&r), to);
    }

    // A country that does not exist: a message, not a feed.
    let (code, body) = shopper
        .get_text("/s/flux/feeds/google.xml?country=ZZ")
        .await;
    assert_eq!(code, StatusCode::BAD_REQUEST);
    assert!(body.contains("ZZ"), "{body}");
}

#[tokio::test]
async fn the_atom_feed_lists_the_newest_products_in_the_addresss_language() {
    let app = TestApp::new().await;
    let id = shop(&app).await;
    // Made in the same second: the sold-out cheese is made the newest.
    let mut tx = app.store.begin().await.unwrap();
    sqlx::query(
        "UPDATE products SET created_at = created_at + 3600 WHERE shop_id = $1 AND id = \
         (SELECT product_id FROM product_texts WHERE shop_id = $1 AND slug = 'bleu')",
    )
    .bind(id)
    .execute(&mut *tx)
    .await
    .unwrap();
    store::shop::bump_version(&mut tx, id).await.unwrap();
    store::commit(tx).await.unwrap();
    let shopper = app.client();
    let r = shopper.get("/s/flux/en/feeds/new.atom").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.headers()[reqwest::header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("application/atom+xml"));
    let etag = r.headers().get(reqwest::header::ETAG).cloned();
    let xml = r.text().await.unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let feed = doc.root_element();
    let atom = "http://www.w3.org/2005/Atom";
    assert_eq!(feed.tag_name().namespace(), Some(atom));
    for required in ["id", "title", "updated", "author"] {
        assert!(
            feed.children().any(|n| n.has_tag_name((atom, required))),
            "no {required}"
        );
    }
    let entries: Vec<_> = feed
        .children()
        .filter(|n| n.has_tag_name((atom, "entry")))
        .collect();
    // Every visible product, the coming-soon one, the parrot and the one without a picture
    // included, newest first.
    assert_eq!(entries.len(), 6, "{xml}");
    let title = |e: &roxmltree::Node| {
        e.children()
            .find(|n| n.has_tag_name((atom, "title")))
            .and_then(|n| n.text())
            .unwrap_or("")
            .to_string()
    };
    assert_eq!(title(&entries[0]), "Bleu de Gex");
    assert!(entries.iter().any(|e| title(e) == "Comté, 18 months"));
    for e in &entries {
        for required in ["id", "title", "updated", "link"] {
            assert!(e.children().any(|n| n.has_tag_name((atom, required))));
        }
        // A permanent id, whatever becomes of the product's address; the text's language.
        let id = e
            .children()
            .find(|n| n.has_tag_name((atom, "id")))
            .and_then(|n| n.text())
            .unwrap();
        assert!(id.starts_with("tag:127.0.0.1,20"), "{id}");
        assert!(id.contains(":flux/product/"), "{id}");
        let lang = e.attribute(("http://www.w3.org/XML/1998/namespace", "lang"));
        if title(e) == "Comté, 18 months" {
            assert_eq!(lang, Some("en"));
        } else {
            assert_eq!(lang, Some("fr"), "no English text: the French one, said so");
        }
        let href = e
            .children()
            .find(|n| n.has_tag_name((atom, "link")))
            .and_then(|n| n.attribute("href"))
            .unwrap();
        let (code, _) = shopper.get_text(&path_of(href)).await;
        assert_eq!(code, StatusCode::OK, "{href}");
    }
    // The same for every reader: served again from the page cache, with its ETag.
    assert!(etag.is_some());
    let again = shopper.get("/s/flux/en/feeds/new.atom").await;
    assert_eq!(again.headers().get(reqwest::header::ETAG).cloned(), etag);
}
