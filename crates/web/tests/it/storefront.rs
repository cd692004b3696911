//! The storefront's catalog on both backends: home, category pages with filters and sorting,
//! product pages (prices per locale, variant picker, statuses, each kind's block), JSON-LD,
//! sitemap, robots.txt and search — each shop seeing only its own products.
use crate::common::*;
use store::catalog::{self, ProductFields, ProductText, VariantFields};

/// A shop in French (default) and English, with its id.
pub(crate) async fn shop(app: &TestApp, slug: &str) -> store::id::ShopId {
    app.owner(slug).await;
    let id = app.shop_id(slug).await;
    let mut tx = app.store.begin().await.unwrap();
    store::shop::update_general(
        &mut tx,
        id,
        &store::shop::General {
            name: &format!("Boutique {slug}"),
            default_lang: "fr",
            langs: "fr,en",
            currency: "EUR",
            timezone: "Europe/Paris",
        },
    )
    .await
    .unwrap();
    store::commit(tx).await.unwrap();
    id
}

pub(crate) struct New<'a> {
    pub(crate) kind: &'a str,
    pub(crate) status: &'a str,
    pub(crate) category: Option<i64>,
    pub(crate) fr: (&'a str, &'a str),
    pub(crate) en: Option<(&'a str, &'a str)>,
    pub(crate) price: i64,
    pub(crate) details: &'a str,
    pub(crate) featured: bool,
    pub(crate) condition: Option<&'a str>,
    pub(crate) safety: &'a str,
}

impl Default for New<'_> {
    fn default() -> Self {
        New {
            kind: "physical",
            status: "active",
            category: None,
            fr: ("Produit", "produit"),
            en: None,
            price: 1250,
            details: "{}",
            featured: false,
            condition: None,
            safety: "{}",
        }
    }
}

fn text(lang: &str, title: &str, slug: &str) -> ProductText {
    ProductText {
        lang: lang.into(),
        title: title.into(),
        slug: slug.into(),
        description_md: format!("Le **{title}**, affiné avec soin.\n\nUne merveille."),
        seo_title: String::new(),
        seo_description: String::new(),
    }
}

/// Creates a product with one variant (SKU from the French slug, stock 10) and indexes it for
/// search as the admin will.
pub(crate) async fn product(app: &TestApp, shop: store::id::ShopId, n: New<'_>) -> i64 {
    let mut tx = app.store.begin().await.unwrap();
    let id = catalog::create_product(
        &mut tx,
        shop,
        &ProductFields {
            kind: n.kind.into(),
            status: n.status.into(),
            category_id: n.category,
            vat_class: "reduced".into(),
            track_stock: true,
            featured: n.featured,
            details: n.details.into(),
            safety: n.safety.into(),
            condition: n.condition.map(Into::into),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let mut docs_texts = vec![text("fr", n.fr.0, n.fr.1)];
    if let Some((title, slug)) = n.en {
        docs_texts.push(text("en", title, slug));
    }
    for t in &docs_texts {
        catalog::set_text(&mut tx, shop, id, t).await.unwrap();
    }
    let sku = n.fr.1.to_uppercase();
    catalog::add_variant(
        &mut tx,
        shop,
        id,
        &VariantFields {
            sku: Some(sku.clone()),
            price_minor: n.price,
            quantity: 10,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let langs = [search::Language::French, search::Language::English];
    let skus = [sku.as_str()];
    let docs: Vec<search::Document> = docs_texts
        .iter()
        .map(|t| search::Document {
            title: &t.title,
            tags: &[],
            sku: &skus,
            description: &t.description_md,
        })
        .collect();
    let terms = search::index_terms(&docs, &langs);
    catalog::replace_search_terms(&mut tx, shop, id, &terms)
        .await
        .unwrap();
    store::commit(tx).await.unwrap();
    id
}

pub(crate) async fn category(
    app: &TestApp,
    shop: store::id::ShopId,
    parent: Option<i64>,
    fr: (&str, &str),
) -> i64 {
    let mut tx = app.store.begin().await.unwrap();
    let id = catalog::create_category(&mut tx, shop, parent, 0)
        .await
        .unwrap();
    catalog::set_category_text(&mut tx, shop, id, "fr", fr.0, fr.1, "")
        .await
        .unwrap();
    store::commit(tx).await.unwrap();
    id
}

/// A page as a browser preferring `lang` gets it, following redirects (a page asked for with
/// another language's slug moves to its own address). The page's language is the address's:
/// `lang` only shows that the browser's preference does not change it.
pub(crate) async fn get_lang(app: &TestApp, path: &str, lang: &str) -> (StatusCode, String) {
    let mut path = path.to_string();
    for _ in 0..3 {
        let r = app
            .client()
            .http
            .get(app.client().url(&path))
            .header("accept-language", lang)
            .send()
            .await
            .unwrap();
        let status = r.status();
        if status.is_redirection() {
            path = location(&r);
            continue;
        }
        return (status, r.text().await.unwrap());
    }
    panic!("too many redirects from {path}");
}

/// The JSON-LD documents of a page.
/// The page's JSON-LD documents, each read as a consumer does: a node given only as a reference
/// (`{"@id": "#shipping-1"}`) is the node of that `@id` written elsewhere in the document.
pub(crate) fn json_ld(html: &str) -> Vec<serde_json::Value> {
    json_ld_raw(html)
        .into_iter()
        .map(|mut doc| {
            let mut nodes = std::collections::HashMap::new();
            collect_nodes(&doc, &mut nodes);
            resolve_refs(&mut doc, &nodes);
            doc
        })
        .collect()
}

/// The page's JSON-LD documents as written.
pub(crate) fn json_ld_raw(html: &str) -> Vec<serde_json::Value> {
    html.split("<script type=\"application/ld+json\">")
        .skip(1)
        .map(|s| {
            let json = s.split("</script>").next().unwrap();
            serde_json::from_str(json).unwrap_or_else(|e| panic!("{e}: {json}"))
        })
        .collect()
}

fn collect_nodes(
    v: &serde_json::Value,
    nodes: &mut std::collections::HashMap<String, serde_json::Value>,
) {
    match v {
        serde_json::Value::Object(m) => {
            if let (Some(id), true) = (m.get("@id").and_then(|i| i.as_str()), m.len() > 1) {
                nodes.insert(id.to_string(), v.clone());
            }
            m.values().for_each(|x| collect_nodes(x, nodes));
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| collect_nodes(x, nodes)),
        _ => {}
    }
}

fn resolve_refs(
    v: &mut serde_json::Value,
    nodes: &std::collections::HashMap<String, serde_json::Value>,
) {
    if let Some(m) = v.as_object() {
        if m.len() == 1 {
            if let Some(node) = m
                .get("@id")
                .and_then(|i| i.as_str())
                .and_then(|i| nodes.get(i))
            {
                *v = node.clone();
                return;
            }
        }
    }
    match v {
        serde_json::Value::Object(m) => m.values_mut().for_each(|x| resolve_refs(x, nodes)),
        serde_json::Value::Array(a) => a.iter_mut().for_each(|x| resolve_refs(x, nodes)),
        _ => {}
    }
}

pub(crate) fn of_type<'a>(docs: &'a [serde_json::Value], t: &str) -> &'a serde_json::Value {
    docs.iter()
        .find(|d| d["@type"] == t)
        .unwrap_or_else(|| panic!("no {t} in {docs:?}"))
}

#[tokio::test]
async fn product_page_prices_per_locale_with_json_ld_and_alternates() {
    let app = TestApp::builder().without_worker().start().await;
    let cheese = shop(&app, "fromagerie").await;
    shop(&app, "librairie").await;
    let cat = category(&app, cheese, None, ("Fromages", "fromages")).await;
    product(
        &app,
        cheese,
        New {
            category: Some(cat),
            fr: ("Époisses </script> affiné", "epoisses"),
            en: Some(("Aged Époisses", "aged-epoisses")),
            ..Default::default()
        },
    )
    .await;

    let (status, fr) = get_lang(&app, "/s/fromagerie/p/epoisses", "fr-FR,fr;q=0.9").await;
    assert_eq!(status, StatusCode::OK, "{fr}");
    assert!(fr.contains("12,50\u{a0}€"), "French price: {fr}");
    assert!(
        fr.contains(
            "<p>Le <strong>Époisses &lt;/script&gt; affiné</strong>, affiné avec soin.</p>"
        ),
        "rendered Markdown, escaped: {fr}"
    );
    assert!(fr.contains("aria-label=\"Fil d’Ariane\""), "breadcrumbs");
    assert!(fr.contains(">Fromages</a>"), "category in the breadcrumbs");
    assert!(
        fr.contains("<input type=\"search\""),
        "search box in the header"
    );
    let docs = json_ld(&fr);
    let p = of_type(&docs, "Product");
    assert_eq!(p["name"], "Époisses </script> affiné");
    assert_eq!(p["offers"]["@type"], "Offer");
    assert_eq!(p["offers"]["price"], "12.50");
    assert_eq!(p["offers"]["priceCurrency"], "EUR");
    assert_eq!(p["offers"]["availability"], "https://schema.org/InStock");
    assert_eq!(p["sku"], "EPOISSES");
    let crumbs = of_type(&docs, "BreadcrumbList");
    let items = crumbs["itemListElement"].as_array().unwrap();
    assert_eq!(items.len(), 3);
    assert_eq!(items[1]["name"], "Fromages");
    assert!(items[2]["item"]
        .as_str()
        .unwrap()
        .ends_with("/s/fromagerie/p/epoisses"));
    assert!(
        !fr.contains("</script> affiné"),
        "no raw </script> inside the JSON-LD"
    );
    let canonical = format!("{}/s/fromagerie/p/epoisses", app.url);
    assert!(
        fr.contains(&format!("<link rel=\"canonical\" href=\"{canonical}\">")),
        "{fr}"
    );
    assert!(fr.contains(&format!(
        "<link rel=\"alternate\" hreflang=\"en\" href=\"{}/s/fromagerie/en/p/aged-epoisses\">",
        app.url
    )));
    assert!(fr.contains(&format!(
        "<link rel=\"alternate\" hreflang=\"x-default\" href=\"{canonical}\">"
    )));
    assert!(fr.contains("<meta property=\"og:type\" content=\"product\">"));
    assert!(fr.contains("<meta name=\"description\" content=\"Le Époisses"));

    // The address decides the language, whatever the browser prefers.
    let (_, fr2) = get_lang(&app, "/s/fromagerie/p/epoisses", "en-GB,en;q=0.9").await;
    assert!(fr2.contains("12,50\u{a0}€") && fr2.contains("<html lang=\"fr\">"));
    let (_, en) = get_lang(&app, "/s/fromagerie/en/p/aged-epoisses", "fr").await;
    assert!(en.contains("€12.50"), "English price: {en}");
    assert!(en.contains("Aged Époisses"));
    assert!(en.contains("<html lang=\"en\">"));

    // Another shop's product slug is not found in this shop.
    let (status, _) = get_lang(&app, "/s/librairie/p/epoisses", "fr").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = get_lang(&app, "/s/fromagerie/p/nothing-here", "fr").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn variant_picker_selects_the_variant_without_javascript() {
    let app = TestApp::builder().without_worker().start().await;
    let id = shop(&app, "picker").await;
    let mut tx = app.store.begin().await.unwrap();
    let p = catalog::create_product(
        &mut tx,
        id,
        &ProductFields {
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
    catalog::set_text(&mut tx, id, p, &text("fr", "Comté", "comte"))
        .await
        .unwrap();
    catalog::set_options(
        &mut tx,
        id,
        p,
        &[
            (1, "fr".into(), "Affinage".into()),
            (2, "fr".into(), "Poids".into()),
        ],
    )
    .await
    .unwrap();
    for (i, (age, weight, sku, price, qty)) in [
        ("12 mois", "250 g", "CMT-12-250", 650, 10),
        ("12 mois", "500 g", "CMT-12-500", 1200, 3),
        ("24 mois", "250 g", "CMT-24-250", 900, 0),
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
                options: [Some(age.into()), Some(weight.into()), None],
                price_minor: price,
                quantity: qty,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    }
    store::commit(tx).await.unwrap();

    let (_, page) = get_lang(&app, "/s/picker/p/comte", "fr").await;
    assert!(
        page.contains("<form class=\"picker\" method=\"get\""),
        "{page}"
    );
    assert!(page.contains("<label for=\"pick-o1\">Affinage</label>"));
    assert!(page.contains("<label for=\"pick-o2\">Poids</label>"));
    assert!(page.contains("CMT-12-250"), "first variant by default");
    assert!(page.contains("6,50\u{a0}€"));

    let (_, page) = get_lang(&app, "/s/picker/p/comte?o1=12+mois&o2=500+g", "fr").await;
    assert!(page.contains("CMT-12-500"), "{page}");
    assert!(page.contains("12,00\u{a0}€"));
    assert!(page.contains("Plus que 3 en stock"));
    assert!(page.contains("<option value=\"500 g\" selected>500 g</option>"));
    // Search engines see the product group, each variant with its own price and stock.
    let ld = json_ld(&page);
    let group = of_type(&ld, "ProductGroup");
    assert_eq!(group["variesBy"], serde_json::json!(["Affinage", "Poids"]));
    let variants = group["hasVariant"].as_array().unwrap();
    assert_eq!(variants.len(), 3);
    assert_eq!(variants[1]["sku"], "CMT-12-500");
    assert_eq!(variants[1]["offers"]["price"], "12.00");
    assert_eq!(variants[0]["offers"]["price"], "6.50");

    let (_, page) = get_lang(&app, "/s/picker/p/comte?o1=24+mois&o2=250+g", "fr").await;
    assert!(page.contains("CMT-24-250"));
    assert!(page.contains("Épuisé"));
    assert!(!page.contains("class=\"buy\""), "sold out: no buy button");
    assert_eq!(
        of_type(&json_ld(&page), "ProductGroup")["hasVariant"][2]["offers"]["availability"],
        "https://schema.org/OutOfStock"
    );

    let (_, page) = get_lang(&app, "/s/picker/p/comte?o1=24+mois&o2=500+g", "fr").await;
    assert!(
        page.contains("Cette combinaison n’est pas proposée"),
        "{page}"
    );
    assert!(!page.contains("class=\"buy\""));
}

#[tokio::test]
async fn statuses_decide_what_shoppers_see() {
    let app = TestApp::builder().without_worker().start().await;
    let id = shop(&app, "statuts").await;
    for (status, slug) in [
        ("draft", "brouillon"),
        ("archived", "archive"),
        ("coming_soon", "bientot"),
        ("active", "actif"),
    ] {
        product(
            &app,
            id,
            New {
                status,
                fr: (slug, slug),
                ..Default::default()
            },
        )
        .await;
    }
    for slug in ["brouillon", "archive"] {
        let (status, _) = get_lang(&app, &format!("/s/statuts/p/{slug}"), "fr").await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{slug}");
    }
    let (status, soon) = get_lang(&app, "/s/statuts/p/bientot", "fr").await;
    assert_eq!(status, StatusCode::OK);
    assert!(soon.contains("Bientôt disponible"));
    assert!(
        !soon.contains("class=\"buy\""),
        "coming soon: no buy button"
    );
    assert!(!soon.contains("Ajouter au panier"));
    let (_, active) = get_lang(&app, "/s/statuts/p/actif", "fr").await;
    assert!(active.contains("En stock"));
}

#[tokio::test]
async fn kind_blocks_perishable_animal_rental_service_unique() {
    let app = TestApp::builder().without_worker().start().await;
    let id = shop(&app, "especes").await;
    let mut tx = app.store.begin().await.unwrap();
    let mut legal = store::legal::get(&mut tx, id).await.unwrap();
    legal.legal_name = "Élevage des Aras".into();
    legal.siret = Some("73282932000009".into());
    store::legal::save(&mut tx, id, &legal).await.unwrap();
    store::commit(tx).await.unwrap();
    product(
        &app,
        id,
        New {
            kind: "perishable",
            fr: ("Brillat-Savarin", "brillat"),
            details: r#"{"lead_days":1,"dispatch_weekdays":["mon","wed"],"shelf_life_days":21}"#,
            ..Default::default()
        },
    )
    .await;
    product(
        &app,
        id,
        New {
            kind: "live_animal",
            fr: ("Ara bleu", "ara"),
            details: r#"{"species":"Ara ararauna","breed":"n’appartient pas à une race","age_months":30,"identification_kind":"ring","identification_number":"FR-ABC-2023-0042"}"#,
            ..Default::default()
        },
    )
    .await;
    product(
        &app,
        id,
        New {
            kind: "rental",
            fr: ("Projecteur", "projecteur"),
            details: r#"{"per_day_minor":1500,"per_week_minor":6000,"deposit_minor":20000,"min_days":2,"max_days":30}"#,
            ..Default::default()
        },
    )
    .await;
    product(
        &app,
        id,
        New {
            kind: "service",
            fr: ("Séance photo", "seance"),
            details: r#"{"duration_minutes":90,"capacity_per_slot":4}"#,
            ..Default::default()
        },
    )
    .await;

    product(
        &app,
        id,
        New {
            kind: "unique",
            fr: ("Vase ancien", "vase"),
            condition: Some("like_new"),
            safety: r#"{"manufacturer_name":"Atelier Martin","manufacturer_address":"1 rue Haute\n21000 Dijon","manufacturer_email":"atelier@example.com","warnings":"Fragile."}"#,
            ..Default::default()
        },
    )
    .await;
    product(
        &app,
        id,
        New {
            kind: "digital",
            fr: ("Photo en haute définition", "photo-hd"),
            ..Default::default()
        },
    )
    .await;
    let (_, page) = get_lang(&app, "/s/especes/p/vase", "fr").await;
    assert!(page.contains("État : Comme neuf"), "{page}");
    assert!(page.contains("<h2 id=\"kind-safety\">Sécurité du produit</h2>"));
    assert!(page.contains("Atelier Martin<br>1 rue Haute<br>21000 Dijon<br>"));
    assert!(page.contains("mailto:atelier@example.com"));
    assert!(page.contains("<p>Fragile.</p>"));
    let (_, page) = get_lang(&app, "/s/especes/p/brillat", "fr").await;
    assert!(
        !page.contains("kind-safety"),
        "no safety block without data"
    );
    let (_, page) = get_lang(&app, "/s/especes/en/p/photo-hd", "en").await;
    assert!(page.contains("A file to download, sent as a link after payment."));
    let (_, page) = get_lang(&app, "/s/especes/p/brillat", "fr").await;
    assert!(
        page.contains("Jours d’expédition : lundi, mercredi"),
        "{page}"
    );
    assert!(page.contains("Se conserve 21 jours après expédition"));
    assert!(
        page.contains("Commandé maintenant, expédié le lundi ")
            || page.contains("Commandé maintenant, expédié le mercredi "),
        "next dispatch day is a dispatch weekday: {page}"
    );
    assert!(page.contains("le droit de rétractation ne s’applique pas"));
    let (_, page) = get_lang(&app, "/s/especes/en/p/brillat", "en").await;
    assert!(page.contains("Dispatch days: Monday, Wednesday"), "{page}");
    assert!(page.contains("the right of withdrawal does not apply"));

    let (_, page) = get_lang(&app, "/s/especes/p/ara", "fr").await;
    assert!(
        page.contains("<dt>Espèce</dt><dd>Ara ararauna</dd>"),
        "{page}"
    );
    assert!(page.contains("<dd>2 ans</dd>"));
    assert!(page.contains("Bague FR-ABC-2023-0042"));
    assert!(page.contains("<dt>SIREN du vendeur</dt><dd>732 829 320</dd>"));
    assert!(page.contains("Acquérir un animal est un engagement"));
    assert!(page.contains("jamais expédié par colis ni par la poste"));

    let (_, page) = get_lang(&app, "/s/especes/p/projecteur", "fr").await;
    assert!(page.contains("Prix par jour : 15,00\u{a0}€"), "{page}");
    assert!(page.contains("Prix par semaine : 60,00\u{a0}€"));
    assert!(page.contains("Dépôt de garantie : 200,00\u{a0}€"));
    assert!(page.contains("de 2 à 30 jours"));

    let (_, page) = get_lang(&app, "/s/especes/en/p/seance", "en").await;
    assert!(page.contains("Duration: 90 minutes"), "{page}");
    assert!(page.contains("4 places per slot"));
}

#[tokio::test]
async fn category_page_filters_sorts_and_lists_subcategories() {
    let app = TestApp::builder().without_worker().start().await;
    let id = shop(&app, "rayons").await;
    let top = category(&app, id, None, ("Fromages", "fromages")).await;
    let sub = category(&app, id, Some(top), ("Pâtes molles", "pates-molles")).await;
    let other = category(&app, id, None, ("Vins", "vins")).await;
    for (title, slug, price, cat) in [
        ("Cancoillotte", "cancoillotte", 500, top),
        ("Époisses", "epoisses", 1250, sub),
        ("Beaufort", "beaufort", 3000, top),
        ("Chablis", "chablis", 1800, other),
    ] {
        product(
            &app,
            id,
            New {
                category: Some(cat),
                fr: (title, slug),
                price,
                featured: slug == "beaufort",
                ..Default::default()
            },
        )
        .await;
    }
    let order = |page: &str, names: &[&str]| -> Vec<usize> {
        names
            .iter()
            .map(|n| page.find(&format!(">{n}</span>")).unwrap_or(usize::MAX))
            .collect()
    };
    let (status, page) = get_lang(&app, "/s/rayons/c/fromages", "fr").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("3 produits"), "{page}");
    assert!(page.contains(">Pâtes molles</a>"), "subcategory listed");
    assert!(!page.contains(">Chablis</span>"));
    let (_, page) = get_lang(
        &app,
        "/s/rayons/c/fromages?min=10&max=&sort=price_desc",
        "fr",
    )
    .await;
    let pos = order(&page, &["Beaufort", "Époisses", "Cancoillotte"]);
    assert!(pos[0] < pos[1], "price descending: {page}");
    assert_eq!(pos[2], usize::MAX, "below the minimum price");
    assert!(page.contains("2 produits"));
    assert!(page.contains("<option value=\"price_desc\" selected>"));
    let (_, page) = get_lang(&app, "/s/rayons/c/fromages?sort=price_asc&max=20", "fr").await;
    let pos = order(&page, &["Cancoillotte", "Époisses", "Beaufort"]);
    assert!(pos[0] < pos[1] && pos[2] == usize::MAX, "{page}");
    let (_, page) = get_lang(&app, "/s/rayons/c/fromages?sort=title", "fr").await;
    let pos = order(&page, &["Beaufort", "Cancoillotte", "Époisses"]);
    assert!(pos[0] < pos[1] && pos[1] < pos[2], "{page}");

    // Option filters: one select per axis, from the products of the category.
    for (slug, aging) in [("beaufort", "24 mois"), ("epoisses", "6 semaines")] {
        let mut tx = app.store.begin().await.unwrap();
        let (p, _) = store::listing::visible_product_by_slug(&mut tx, id, slug, "fr")
            .await
            .unwrap()
            .unwrap();
        catalog::set_options(&mut tx, id, p, &[(1, "fr".into(), "Affinage".into())])
            .await
            .unwrap();
        let v = catalog::variants(&mut tx, id, p).await.unwrap().remove(0);
        catalog::update_variant(
            &mut tx,
            id,
            p,
            v.id,
            &VariantFields {
                sku: v.sku.clone(),
                options: [Some(aging.into()), None, None],
                price_minor: v.price_minor,
                quantity: v.quantity,
                ..Default::default()
            },
        )
        .await
        .unwrap();
        store::commit(tx).await.unwrap();
    }
    let (_, page) = get_lang(&app, "/s/rayons/c/fromages", "fr").await;
    assert!(
        page.contains("<label for=\"f-opt-1\">Affinage</label>"),
        "{page}"
    );
    assert!(page.contains("<option value=\"Affinage=24 mois\">24 mois</option>"));
    let (_, page) = get_lang(&app, "/s/rayons/c/fromages?opt=Affinage%3D24+mois", "fr").await;
    assert!(page.contains("1 produit"), "{page}");
    assert!(page.contains(">Beaufort</span>"));
    assert!(!page.contains(">Époisses</span>"));
    assert!(page.contains("<option value=\"Affinage=24 mois\" selected>"));

    let (_, page) = get_lang(&app, "/s/rayons/c/pates-molles", "fr").await;
    let docs = json_ld(&page);
    let crumbs = of_type(&docs, "BreadcrumbList");
    let names: Vec<&str> = crumbs["itemListElement"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Accueil", "Fromages", "Pâtes molles"]);
    // Category texts per language, with alternates; a missing translation falls back to French.
    let mut tx = app.store.begin().await.unwrap();
    catalog::set_category_text(&mut tx, id, top, "en", "Cheeses", "cheeses", "")
        .await
        .unwrap();
    store::commit(tx).await.unwrap();
    let (status, page) = get_lang(&app, "/s/rayons/en/c/cheeses", "en").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("<h1>Cheeses</h1>"), "{page}");
    assert!(page.contains("3 products"));
    assert!(
        page.contains(">Pâtes molles</a>"),
        "untranslated subcategory falls back"
    );
    assert!(page.contains(&format!(
        "<link rel=\"alternate\" hreflang=\"fr\" href=\"{}/s/rayons/c/fromages\">",
        app.url
    )));
    assert!(page.contains(&format!(
        "<link rel=\"canonical\" href=\"{}/s/rayons/en/c/cheeses\">",
        app.url
    )));
    let (_, page) = get_lang(&app, "/s/rayons/en/p/beaufort", "en").await;
    assert!(
        page.contains("<h1 lang=\"fr\">Beaufort</h1>"),
        "French text shown, marked as French: {page}"
    );
    assert!(page.contains("<html lang=\"en\">"));
    let (status, _) = get_lang(&app, "/s/rayons/c/nope", "fr").await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let (_, home) = get_lang(&app, "/s/rayons/", "fr").await;
    assert!(
        home.contains(">Beaufort</span>"),
        "featured on the home: {home}"
    );
    assert!(!home.contains(">Chablis</span>"), "not featured");
    assert!(home.contains(">Fromages</a>") && home.contains(">Vins</a>"));
    assert!(
        !home.contains(">Pâtes molles</a>"),
        "top-level categories only"
    );
    let org = json_ld(&home);
    assert_eq!(of_type(&org, "Organization")["name"], "Boutique rayons");
}

/// The `<url>` entries of a sitemap: (loc, [(hreflang, href)]).
pub(crate) fn parse_sitemap(xml: &str) -> Vec<(String, Vec<(String, String)>)> {
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
    assert!(xml.contains("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\""));
    let attr = |tag: &str, name: &str| -> String {
        tag.split(&format!("{name}=\""))
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .replace("&amp;", "&")
    };
    xml.split("<url>")
        .skip(1)
        .map(|u| {
            let body = u.split("</url>").next().unwrap();
            let loc = body
                .split("<loc>")
                .nth(1)
                .unwrap()
                .split("</loc>")
                .next()
                .unwrap()
                .replace("&amp;", "&");
            let alts = body
                .split("<xhtml:link ")
                .skip(1)
                .map(|l| {
                    let tag = l.split("/>").next().unwrap();
                    assert_eq!(attr(tag, "rel"), "alternate");
                    (attr(tag, "hreflang"), attr(tag, "href"))
                })
                .collect();
            (loc, alts)
        })
        .collect()
}

#[tokio::test]
async fn sitemap_and_robots() {
    let app = TestApp::builder().without_worker().start().await;
    let id = shop(&app, "plan").await;
    let other = shop(&app, "ailleurs").await;
    let cat = category(&app, id, None, ("Fromages", "fromages")).await;
    product(
        &app,
        id,
        New {
            category: Some(cat),
            fr: ("Époisses", "epoisses"),
            en: Some(("Époisses cheese", "epoisses-cheese")),
            ..Default::default()
        },
    )
    .await;
    product(
        &app,
        id,
        New {
            status: "draft",
            fr: ("Secret", "secret"),
            ..Default::default()
        },
    )
    .await;
    product(
        &app,
        other,
        New {
            fr: ("Ailleurs", "ailleurs-produit"),
            ..Default::default()
        },
    )
    .await;
    let r = app.client().get("/s/plan/sitemap.xml").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("application/xml"));
    let urls = parse_sitemap(&r.text().await.unwrap());
    let base = format!("{}/s/plan", app.url);
    let locs: Vec<&str> = urls.iter().map(|(l, _)| l.as_str()).collect();
    assert!(locs.contains(&format!("{base}/").as_str()), "{locs:?}");
    assert!(locs.contains(&format!("{base}/en/").as_str()));
    assert!(locs.contains(&format!("{base}/c/fromages").as_str()));
    let fr = format!("{base}/p/epoisses");
    let en = format!("{base}/en/p/epoisses-cheese");
    assert!(locs.contains(&fr.as_str()) && locs.contains(&en.as_str()));
    assert!(!locs.iter().any(|l| l.contains("secret")), "no draft");
    assert!(
        !locs.iter().any(|l| l.contains("ailleurs")),
        "no other shop"
    );
    let (_, alts) = urls.iter().find(|(l, _)| *l == en).unwrap();
    assert_eq!(
        alts,
        &vec![
            ("en".to_string(), en.clone()),
            ("fr".to_string(), fr.clone())
        ]
    );

    let r = app.client().get("/s/plan/robots.txt").await;
    assert_eq!(r.status(), StatusCode::OK);
    let body = r.text().await.unwrap();
    let lines: Vec<&str> = body.lines().collect();
    assert_eq!(
        lines,
        [
            "User-agent: *",
            "Allow: /s/plan/",
            "Disallow: /s/plan/admin/",
            "Disallow: /s/plan/api/",
            &format!("Sitemap: {base}/sitemap.xml"),
        ]
    );
}

#[tokio::test]
async fn search_folds_accents_and_stems() {
    let app = TestApp::builder().without_worker().start().await;
    let id = shop(&app, "cherche").await;
    let other = shop(&app, "autre").await;
    product(
        &app,
        id,
        New {
            fr: ("Époisses de Bourgogne", "epoisses"),
            ..Default::default()
        },
    )
    .await;
    product(
        &app,
        id,
        New {
            fr: ("Plateau Fromages du Jura", "plateau"),
            ..Default::default()
        },
    )
    .await;
    product(
        &app,
        id,
        New {
            status: "draft",
            fr: ("Époisses secret", "epoisses-secret"),
            ..Default::default()
        },
    )
    .await;
    product(
        &app,
        other,
        New {
            fr: ("Époisses d’ailleurs", "epoisses-ailleurs"),
            ..Default::default()
        },
    )
    .await;
    let (status, page) = get_lang(&app, "/s/cherche/search?q=epoisses", "fr").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(">Époisses de Bourgogne</span>"), "{page}");
    assert!(page.contains("1 résultat pour « epoisses »"), "{page}");
    assert!(!page.contains("secret"), "drafts are not found");
    assert!(!page.contains("ailleurs"), "other shops are not searched");
    assert!(page.contains(&format!(
        "<link rel=\"canonical\" href=\"{}/s/cherche/search?q=epoisses\">",
        app.url
    )));
    let (_, page) = get_lang(&app, "/s/cherche/search?q=fromage", "fr").await;
    assert!(page.contains(">Plateau Fromages du Jura</span>"), "{page}");
    assert!(!page.contains(">Époisses de Bourgogne</span>"));
    product(
        &app,
        id,
        New {
            fr: ("Livre de recettes", "livre"),
            ..Default::default()
        },
    )
    .await;
    let (_, page) = get_lang(&app, "/s/cherche/search?q=livres", "fr").await;
    assert!(
        page.contains(">Livre de recettes</span>"),
        "stemmed: {page}"
    );
    let (_, page) = get_lang(&app, "/s/cherche/en/search?q=zzzz", "en").await;
    assert!(page.contains("No product matches your search."), "{page}");
    let (status, page) = get_lang(&app, "/s/cherche/search", "fr").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Tapez le nom d’un produit"));
}

/// Catalog pages for the HTML checker (`html.rs`): a category with a subcategory, products of
/// several kinds with variants and a discount, and a search; returns their paths.
pub async fn seed_for_html(app: &TestApp, slug: &str) -> Vec<String> {
    let id = app.shop_id(slug).await;
    let mut tx = app.store.begin().await.unwrap();
    store::shop::update_general(
        &mut tx,
        id,
        &store::shop::General {
            name: &format!("Boutique {slug}"),
            default_lang: "fr",
            langs: "fr,en",
            currency: "EUR",
            timezone: "Europe/Paris",
        },
    )
    .await
    .unwrap();
    store::commit(tx).await.unwrap();
    let top = category(app, id, None, ("Fromages", "fromages")).await;
    let sub = category(app, id, Some(top), ("Pâtes molles", "pates-molles")).await;
    let p = product(
        app,
        id,
        New {
            kind: "perishable",
            category: Some(sub),
            fr: ("Époisses", "epoisses"),
            en: Some(("Époisses cheese", "epoisses-cheese")),
            details: r#"{"lead_days":1,"dispatch_weekdays":["mon","wed"],"shelf_life_days":21}"#,
            featured: true,
            ..Default::default()
        },
    )
    .await;
    let mut tx = app.store.begin().await.unwrap();
    catalog::set_options(&mut tx, id, p, &[(1, "fr".into(), "Poids".into())])
        .await
        .unwrap();
    let v = catalog::variants(&mut tx, id, p).await.unwrap();
    catalog::update_variant(
        &mut tx,
        id,
        p,
        v[0].id,
        &VariantFields {
            sku: v[0].sku.clone(),
            options: [Some("250 g".into()), None, None],
            price_minor: 1250,
            compare_at_minor: Some(1500),
            quantity: 3,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    catalog::add_variant(
        &mut tx,
        id,
        p,
        &VariantFields {
            position: 1,
            sku: Some("EPO-500".into()),
            options: [Some("500 g".into()), None, None],
            price_minor: 2200,
            quantity: 0,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let mut f = catalog::product(&mut tx, id, p).await.unwrap();
    f.safety = r#"{"manufacturer_name":"Fromagerie Berthaut","manufacturer_address":"Place du Champ de Foire\n21460 Époisses","manufacturer_email":"contact@example.com","warnings":"Lait cru : déconseillé aux femmes enceintes."}"#.into();
    catalog::update_product(
        &mut tx,
        id,
        p,
        &ProductFields {
            kind: f.kind,
            status: f.status,
            category_id: f.category_id,
            vat_class: f.vat_class,
            condition: f.condition,
            vendor: f.vendor,
            track_stock: true,
            allow_backorder: false,
            featured: true,
            details: f.details,
            safety: f.safety,
        },
    )
    .await
    .unwrap();
    store::commit(tx).await.unwrap();
    product(
        app,
        id,
        New {
            kind: "live_animal",
            status: "coming_soon",
            category: Some(top),
            fr: ("Ara bleu", "ara"),
            details: r#"{"species":"Ara ararauna","breed":"croisé","age_months":8,"identification_kind":"ring","identification_number":"FR-1"}"#,
            ..Default::default()
        },
    )
    .await;
    product(
        app,
        id,
        New {
            kind: "rental",
            fr: ("Projecteur", "projecteur"),
            details: r#"{"per_day_minor":1500,"deposit_minor":20000,"min_days":1,"max_days":30}"#,
            ..Default::default()
        },
    )
    .await;
    let base = format!("/s/{slug}");
    [
        "/",
        "/c/fromages",
        "/c/fromages?min=5&sort=price_desc&available=1",
        "/p/epoisses",
        "/p/epoisses?o1=500+g",
        "/p/epoisses?o1=1+kg",
        "/en/p/epoisses-cheese",
        "/p/ara",
        "/p/projecteur",
        "/search",
        "/search?q=epoisses",
        "/search?q=zzz",
    ]
    .iter()
    .map(|p| format!("{base}{p}"))
    .collect()
}
#[tokio::test]
async fn a_discount_shows_the_reference_price_of_the_last_30_days() {
    let app = TestApp::builder().without_worker().start().await;
    let id = shop(&app, "soldes").await;
    let p = product(
        &app,
        id,
        New {
            fr: ("Comté", "comte"),
            price: 1250,
            ..Default::default()
        },
    )
    .await;
    let (_, page) = get_lang(&app, "/s/soldes/p/comte", "fr").await;
    assert!(
        !page.contains("<del>"),
        "no history, no struck price: {page}"
    );
    assert!(!page.contains("Prix de référence"));
    let mut tx = app.store.begin().await.unwrap();
    let v = catalog::variants(&mut tx, id, p).await.unwrap().remove(0);
    // Ten days ago the price was 15 €; today it is 12.50 €, with a "compare at" of 18 €.
    sqlx::query(
        "INSERT INTO price_history (shop_id, variant_id, at, price_minor) VALUES ($1, $2, $3, $4)",
    )
    .bind(id)
    .bind(v.id)
    .bind(store::now() - 10 * 86_400)
    .bind(1500i64)
    .execute(&mut *tx)
    .await
    .unwrap();
    catalog::update_variant(
        &mut tx,
        id,
        p,
        v.id,
        &VariantFields {
            sku: v.sku.clone(),
            price_minor: 1250,
            compare_at_minor: Some(1800),
            quantity: 10,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    store::commit(tx).await.unwrap();
    let (_, page) = get_lang(&app, "/s/soldes/p/comte", "fr").await;
    assert!(page.contains("18,00\u{a0}€</del>"), "{page}");
    assert!(
        page.contains("Prix de référence (prix le plus bas des 30 derniers jours) : 15,00\u{a0}€")
    );
    assert!(
        page.contains("−16\u{a0}%") || page.contains("−16 %"),
        "{page}"
    );
    let (_, page) = get_lang(&app, "/s/soldes/en/p/comte", "en").await;
    assert!(page.contains("Reference price (lowest price of the last 30 days): €15.00"));
    assert!(page.contains("16% off"));
}

#[tokio::test]
async fn category_pages_are_paginated() {
    let app = TestApp::builder().without_worker().start().await;
    let id = shop(&app, "pages").await;
    let cat = category(&app, id, None, ("Livres", "livres")).await;
    for i in 0..26 {
        let slug = format!("livre-{i:02}");
        let title = format!("Livre {i:02}");
        product(
            &app,
            id,
            New {
                category: Some(cat),
                fr: (&title, &slug),
                price: 100 + i,
                ..Default::default()
            },
        )
        .await;
    }
    let (_, page) = get_lang(&app, "/s/pages/c/livres?sort=price_asc", "fr").await;
    assert_eq!(page.matches("<li class=\"card\">").count(), 24, "{page}");
    assert!(page.contains("26 produits"));
    assert!(page.contains("Page 1 sur 2"));
    assert!(page.contains("href=\"/s/pages/c/livres?sort=price_asc&amp;page=2\" rel=\"next\""));
    assert!(!page.contains("rel=\"prev\""));
    let (status, _) = get_lang(
        &app,
        "/s/pages/c/livres?page=9223372036854775807&min=abc&sort=%00",
        "fr",
    )
    .await;
    assert_eq!(status, StatusCode::OK, "odd queries are no error");
    let (status, _) = get_lang(
        &app,
        "/s/pages/search?q=livre&page=9223372036854775807",
        "fr",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (_, page) = get_lang(&app, "/s/pages/c/livres?sort=price_asc&page=2", "fr").await;
    assert_eq!(page.matches("<li class=\"card\">").count(), 2);
    assert!(page.contains(">Livre 25</span>") && page.contains(">Livre 24</span>"));
    assert!(page.contains("href=\"/s/pages/c/livres?sort=price_asc\" rel=\"prev\""));
    assert!(page.contains(&format!(
        "<link rel=\"canonical\" href=\"{}/s/pages/c/livres?page=2\">",
        app.url
    )));
}

#[tokio::test]
async fn on_its_own_host_a_shop_links_and_robots_use_that_host() {
    let app = TestApp::builder()
        .without_worker()
        .platform_domain("shops.test")
        .start()
        .await;
    let id = shop(&app, "hote").await;
    product(
        &app,
        id,
        New {
            fr: ("Époisses", "epoisses"),
            ..Default::default()
        },
    )
    .await;
    let c = app.client();
    let get = |path: &str| {
        c.http
            .get(c.url(path))
            .header("host", "hote.shops.test")
            .send()
    };
    let robots = get("/robots.txt").await.unwrap().text().await.unwrap();
    assert_eq!(
        robots.lines().collect::<Vec<_>>(),
        [
            "User-agent: *",
            "Allow: /",
            "Disallow: /admin/",
            "Disallow: /api/",
            "Sitemap: http://hote.shops.test/sitemap.xml",
        ]
    );
    let urls = parse_sitemap(&get("/sitemap.xml").await.unwrap().text().await.unwrap());
    assert!(
        urls.iter()
            .any(|(l, _)| l == "http://hote.shops.test/p/epoisses"),
        "{urls:?}"
    );
    let page = get("/p/epoisses").await.unwrap().text().await.unwrap();
    assert!(page.contains("<link rel=\"canonical\" href=\"http://hote.shops.test/p/epoisses\">"));
    assert!(
        page.contains("action=\"/search\""),
        "search box in host form"
    );
}
