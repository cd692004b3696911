//! A WooCommerce product export (simple, variable with variations, and the
//! kinds Vitrine leaves aside) imports into the same catalog model.

mod common;

use catalog_csv::{detect, Format, Status};
use common::ok;

/// Written as WooCommerce's exporter writes: byte-order mark, every default
/// column, lists joined with ", ", line breaks in descriptions as `\n`.
const EXPORT: &str = concat!(
    "\u{feff}ID,Type,SKU,Name,Published,\"Is featured?\",\"Visibility in catalog\",\"Short description\",",
    "Description,\"Date sale price starts\",\"Date sale price ends\",\"Tax status\",\"Tax class\",",
    "\"In stock?\",Stock,\"Low stock amount\",\"Backorders allowed?\",\"Sold individually?\",\"Weight (kg)\",",
    "\"Length (cm)\",\"Width (cm)\",\"Height (cm)\",\"Allow customer reviews?\",\"Purchase note\",",
    "\"Sale price\",\"Regular price\",Categories,Tags,\"Shipping class\",Images,\"Download limit\",",
    "\"Download expiry days\",Parent,\"Grouped products\",Upsells,Cross-sells,\"External URL\",",
    "\"Button text\",Position,\"Attribute 1 name\",\"Attribute 1 value(s)\",\"Attribute 1 visible\",",
    "\"Attribute 1 global\",\"Attribute 2 name\",\"Attribute 2 value(s)\",\"Attribute 2 visible\",",
    "\"Attribute 2 global\",\"Attribute 3 name\",\"Attribute 3 value(s)\",\"Attribute 3 visible\",",
    "\"Attribute 3 global\",Fournisseur\n",
    // line 2: a simple product with a descriptive attribute, two categories, two images
    "10,simple,CHV-001,\"Crottin de Chavignol AOP\",1,0,visible,\"Petit chèvre\",",
    "\"Un fromage de chèvre.\\nAffiné 3 semaines.\",,,taxable,,1,40,2,0,0,0.06,,,,1,,",
    "3.90,4.50,\"Fromages > Chèvre, Cadeaux\",\"chèvre, AOP\",,",
    "\"https://example.com/crottin.jpg, https://example.com/crottin-2.jpg\",,,,,,,,,0,",
    "Lait,Cru,1,0,,,,,,,,,Laiterie\n",
    // line 3: a variable product with two option axes
    "20,variable,PLT,\"Plateau de fromages\",1,1,visible,,\"Un plateau, pour les fêtes.\",,,taxable,,1,,,0,0,1.2,",
    ",,,1,,,,Plateaux,,,https://example.com/plateau.jpg,,,,,,,,,0,",
    "Taille,\"S, M\",1,1,Affinage,\"Jeune, Vieux\",1,0,Matière,Bois,1,0,\n",
    // line 4: a variation named by the parent's id, on sale, with its own picture
    "21,variation,PLT-S-J,\"Plateau de fromages - S, Jeune\",1,0,visible,,,,,taxable,parent,1,5,,notify,0,,",
    ",,,0,,24.90,29.90,,,,https://example.com/plateau-s.jpg,,,id:20,,,,,,1,",
    "Taille,S,,1,Affinage,Jeune,,0,,,,,\n",
    // line 5: a variation named by the parent's SKU, out of stock, heavier
    "22,variation,PLT-M-J,\"Plateau de fromages - M, Jeune\",1,0,visible,,,,,taxable,parent,0,0,,0,0,2,",
    ",,,0,,,49.90,,,,,,,PLT,,,,,,2,",
    "Taille,M,,1,Affinage,Jeune,,0,,,,,\n",
    // line 6: a disabled variation is left out
    "23,variation,PLT-M-V,\"Plateau de fromages - M, Vieux\",0,0,visible,,,,,taxable,parent,1,,,0,0,,",
    ",,,0,,,59.90,,,,,,,id:20,,,,,,3,",
    "Taille,M,,1,Affinage,Vieux,,0,,,,,\n",
    // line 7: a variation whose sale is scheduled keeps its regular price
    "24,variation,PLT-S-V,\"Plateau de fromages - S, Vieux\",1,0,visible,,,2031-01-01,2031-01-31,none,parent,1,,,0,0,,",
    ",,,0,,19.90,34.90,,,,,,,id:20,,,,,,4,",
    "Taille,S,,1,Affinage,Vieux,,0,,,,,\n",
    // line 8: grouped products have no Vitrine equivalent
    "30,grouped,,\"Coffret découverte\",1,0,visible,,,,,taxable,,1,,,0,0,,",
    ",,,1,,,,,,,,,,,\"CHV-001,PLT\",,,,,0,,,,,,,,,,,,,\n",
    // line 9: a private virtual product, with a picture from the seller's disk
    "40,\"simple, virtual\",ATELIER,\"Atelier dégustation\",-1,0,visible,\"Deux heures, le samedi\",,,,taxable,,0,,,0,0,,",
    ",,,1,,,35,,,,C:\\photos\\atelier.jpg,,,,,,,,,0,,,,,,,,,,,,,\n",
);

#[test]
fn detects_woocommerce_exports() {
    assert_eq!(
        detect(&["ID", "Type", "SKU", "Name", "Regular price"]),
        Some(Format::WooCommerce)
    );
    assert_eq!(
        detect(&["Nom", "Type", "UGS", "Tarif régulier"]),
        Some(Format::WooCommerce)
    );
    assert_eq!(
        detect(&["\u{feff}Handle", "Title", "Type"]),
        Some(Format::Shopify)
    );
    assert_eq!(detect(&["Name", "Email"]), None);
}

#[test]
fn imports_simple_and_variable_products() {
    let imported = ok(EXPORT);
    assert_eq!(imported.format, Format::WooCommerce);
    let products = &imported.catalog.products;
    let titles: Vec<&str> = products.iter().map(|p| p.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Crottin de Chavignol AOP",
            "Plateau de fromages",
            "Atelier dégustation"
        ]
    );

    let crottin = &products[0];
    assert_eq!(crottin.handle, "crottin-de-chavignol-aop");
    assert_eq!(crottin.line, 2);
    assert_eq!(
        crottin.body_html,
        "Un fromage de chèvre.\nAffiné 3 semaines."
    );
    assert_eq!(crottin.category.as_deref(), Some("Fromages > Chèvre"));
    assert_eq!(crottin.tags, ["chèvre", "AOP"]);
    assert_eq!(crottin.status, Status::Active);
    // "Lait: Cru" describes the product; it is not an option to choose.
    assert!(crottin.options.is_empty());
    let images: Vec<(&str, Option<i64>)> = crottin
        .images
        .iter()
        .map(|i| (i.src.as_str(), i.position))
        .collect();
    assert_eq!(
        images,
        [
            ("https://example.com/crottin.jpg", Some(1)),
            ("https://example.com/crottin-2.jpg", Some(2))
        ]
    );
    assert_eq!(crottin.variants.len(), 1);
    let v = &crottin.variants[0];
    assert_eq!(v.sku.as_deref(), Some("CHV-001"));
    // On sale: the sale price is the price, the regular one the former price.
    assert_eq!((v.price_minor, v.compare_at_minor), (390, Some(450)));
    assert_eq!(v.grams, Some(60));
    assert_eq!((v.track_inventory, v.quantity), (true, Some(40)));
    assert!(!v.allow_backorder && v.requires_shipping && v.taxable);
    assert!(v.option_values.is_empty());

    let plateau = &products[1];
    assert_eq!(plateau.handle, "plateau-de-fromages");
    assert_eq!(plateau.body_html, "Un plateau, pour les fêtes.");
    // "Matière" is on the parent but no variation sets it.
    assert_eq!(plateau.options, ["Taille", "Affinage"]);
    let variants: Vec<(&str, Vec<&str>, i64, Option<i64>)> = plateau
        .variants
        .iter()
        .map(|v| {
            (
                v.sku.as_deref().unwrap(),
                v.option_values.iter().map(String::as_str).collect(),
                v.price_minor,
                v.compare_at_minor,
            )
        })
        .collect();
    assert_eq!(
        variants,
        [
            ("PLT-S-J", vec!["S", "Jeune"], 2490, Some(2990)),
            ("PLT-M-J", vec!["M", "Jeune"], 4990, None),
            ("PLT-S-V", vec!["S", "Vieux"], 3490, None),
        ]
    );
    let s_jeune = &plateau.variants[0];
    assert_eq!(s_jeune.line, 4);
    // No weight of its own: the parent's.
    assert_eq!(s_jeune.grams, Some(1200));
    assert_eq!((s_jeune.track_inventory, s_jeune.quantity), (true, Some(5)));
    assert!(s_jeune.allow_backorder, "backorders: notify");
    assert_eq!(
        s_jeune.image_src.as_deref(),
        Some("https://example.com/plateau-s.jpg")
    );
    let m_jeune = &plateau.variants[1];
    assert_eq!(m_jeune.grams, Some(2000));
    assert_eq!((m_jeune.track_inventory, m_jeune.quantity), (true, Some(0)));
    assert!(!m_jeune.allow_backorder);
    let s_vieux = &plateau.variants[2];
    assert!(!s_vieux.taxable, "tax status none");
    assert!(!s_vieux.track_inventory);
    let srcs: Vec<&str> = plateau.images.iter().map(|i| i.src.as_str()).collect();
    assert_eq!(
        srcs,
        [
            "https://example.com/plateau.jpg",
            "https://example.com/plateau-s.jpg"
        ]
    );

    let atelier = &products[2];
    assert_eq!(
        atelier.status,
        Status::Draft,
        "private products stay hidden"
    );
    assert_eq!(atelier.body_html, "Deux heures, le samedi");
    assert!(atelier.images.is_empty());
    let v = &atelier.variants[0];
    assert!(!v.requires_shipping, "virtual");
    assert_eq!(v.price_minor, 3500);
    // Out of stock without stock management: counted as zero left.
    assert_eq!((v.track_inventory, v.quantity), (true, Some(0)));

    let warnings: Vec<(&str, usize, Option<&str>)> = imported
        .warnings
        .iter()
        .map(|w| (w.code, w.line, w.column.as_deref()))
        .collect();
    assert_eq!(
        warnings,
        [
            ("csv-unknown-columns", 1, None),
            ("csv-columns-not-imported", 1, None),
            ("csv-extra-categories", 2, Some("Categories")),
            ("csv-variation-disabled", 6, Some("Published")),
            ("csv-unsupported-type", 8, Some("Type")),
            ("csv-image-not-http", 9, Some("Images")),
        ]
    );
    let w = &imported.warnings;
    assert_eq!(w[0].arg("columns"), Some("Fournisseur"));
    assert_eq!(
        w[1].arg("columns"),
        Some("Is featured?, Date sale price starts, Date sale price ends, Low stock amount, Grouped products")
    );
    assert_eq!(w[2].arg("value"), Some("Cadeaux"));
    assert_eq!(w[4].arg("value"), Some("grouped"));
    assert_eq!(w[5].arg("value"), Some("C:\\photos\\atelier.jpg"));
    for warning in w {
        common::assert_contract(warning);
    }
}

#[test]
fn variations_may_come_before_their_parent() {
    let csv = "ID,Type,SKU,Name,Regular price,Parent,Attribute 1 name,Attribute 1 value(s)\n\
               2,variation,T-S,\"T - S\",10,id:1,Taille,S\n\
               1,variable,T,T,,,Taille,\"S, M\"\n";
    let product = &ok(csv).catalog.products[0];
    assert_eq!(product.options, ["Taille"]);
    assert_eq!(product.variants[0].line, 2);
    assert_eq!(product.line, 3);
}

#[test]
fn french_woocommerce_headers() {
    let csv = "ID;Type;UGS;Nom;Publié;\"En stock ?\";Stock;\"Poids (g)\";\"Tarif promo\";\"Tarif régulier\";\
               Catégories;Étiquettes;Images;Parent\n\
               5;simple;EPO-250;\"Époisses AOP\";1;1;12;250;;\"9,80\";Fromages > Vache;\"lavée, Bourgogne\";\
               https://example.com/epoisses.jpg;\n";
    let imported = ok(csv);
    let p = &imported.catalog.products[0];
    assert_eq!(
        (p.handle.as_str(), p.title.as_str()),
        ("epoisses-aop", "Époisses AOP")
    );
    assert_eq!(p.tags, ["lavée", "Bourgogne"]);
    let v = &p.variants[0];
    assert_eq!(
        (v.sku.as_deref(), v.price_minor, v.grams, v.quantity),
        (Some("EPO-250"), 980, Some(250), Some(12))
    );
    assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
}

#[test]
fn products_with_the_same_name_get_distinct_handles() {
    let csv = "Type,Name,Regular price\nsimple,Tomme,5\nsimple,Tomme,6\nsimple,東京,7\n";
    let handles: Vec<String> = ok(csv)
        .catalog
        .products
        .into_iter()
        .map(|p| p.handle)
        .collect();
    assert_eq!(handles, ["tomme", "tomme-2", "product-4"]);
}
