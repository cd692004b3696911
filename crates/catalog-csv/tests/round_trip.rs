//! Any catalog exported in Shopify's format imports back unchanged, whatever
//! its text holds: commas, quotes, line breaks, accents, emoji.

use catalog_csv::{export_shopify, import, Catalog, Image, Product, Status, Variant};
use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;

/// Text that is hard on a CSV writer, trimmed as the importer trims cells.
fn text() -> impl Strategy<Value = String> {
    "[a-zA-Zé€漢🧀 ,;\"'\n\r\t<>/&=+@-]{0,24}".prop_map(|s| s.trim().to_owned())
}

fn non_empty_text() -> impl Strategy<Value = String> {
    // A leading letter keeps the text non-empty once trimmed.
    text().prop_map(|s| format!("x{s}"))
}

fn optional_text() -> impl Strategy<Value = Option<String>> {
    option::of(non_empty_text())
}

/// Tags are comma-separated in the file, so a tag cannot hold a comma.
fn tag() -> impl Strategy<Value = String> {
    "[a-zA-Zé漢 ]{0,12}".prop_map(|s| format!("t{}", s.trim()))
}

fn url() -> impl Strategy<Value = String> {
    "[a-z0-9é/_-]{1,20}".prop_map(|path| format!("https://cdn.example.com/{path}.jpg?v=1,2"))
}

fn status() -> impl Strategy<Value = Status> {
    prop_oneof![
        Just(Status::Active),
        Just(Status::Draft),
        Just(Status::Archived)
    ]
}

fn variant(options: usize) -> impl Strategy<Value = Variant> {
    (
        (
            vec(non_empty_text(), options),
            0i64..1_000_000_000,
            option::of(0i64..1_000_000_000),
            option::of(0i64..100_000),
            any::<bool>(),
            option::of(-50i64..100_000),
        ),
        (
            any::<bool>(),
            any::<bool>(),
            any::<bool>(),
            option::of("[0-9]{8,13}"),
            option::of(url()),
        ),
    )
        .prop_map(
            |(
                (option_values, price_minor, compare_at_minor, grams, track_inventory, quantity),
                (allow_backorder, requires_shipping, taxable, barcode, image_src),
            )| Variant {
                sku: None,
                option_values,
                price_minor,
                compare_at_minor,
                grams,
                track_inventory,
                quantity,
                allow_backorder,
                requires_shipping,
                taxable,
                barcode,
                image_src,
                line: 0,
            },
        )
}

fn product() -> impl Strategy<Value = Product> {
    (0usize..=3)
        .prop_flat_map(|options| {
            // Without options a product has exactly one variant.
            let variants = if options == 0 { 1..2 } else { 1..5 };
            (
                (
                    non_empty_text(),
                    text(),
                    optional_text(),
                    optional_text(),
                    optional_text(),
                    vec(tag(), 0..4),
                    status(),
                ),
                (
                    vec(non_empty_text(), options),
                    vec(variant(options), variants),
                    vec((url(), option::of(1i64..50), optional_text()), 0..5),
                    optional_text(),
                    optional_text(),
                ),
            )
        })
        .prop_map(
            |(
                (title, body_html, vendor, product_type, category, tags, status),
                (options, variants, images, seo_title, seo_description),
            )| Product {
                handle: String::new(),
                title,
                body_html,
                vendor,
                product_type,
                category,
                tags,
                status,
                options,
                variants,
                images: images
                    .into_iter()
                    .map(|(src, position, alt)| Image { src, position, alt })
                    .collect(),
                seo_title,
                seo_description,
                line: 0,
            },
        )
}

fn catalog() -> impl Strategy<Value = Catalog> {
    (vec(product(), 0..6), vec(option::of("[A-Z0-9_-]{1,8}"), 32)).prop_map(
        |(mut products, skus)| {
            let mut skus = skus.into_iter();
            for (p, product) in products.iter_mut().enumerate() {
                product.handle = format!("produit-{p}");
                for (v, variant) in product.variants.iter_mut().enumerate() {
                    // Unique combinations and SKUs, as a valid catalog has.
                    if let Some(first) = variant.option_values.first_mut() {
                        first.push_str(&format!(" #{v}"));
                    }
                    variant.sku = skus.next().flatten().map(|s| format!("{s}-{p}-{v}"));
                }
            }
            Catalog { products }
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn export_then_import_gives_the_same_catalog(catalog in catalog(), minor_units in prop_oneof![Just(0u8), Just(2), Just(3)]) {
        let mut file = Vec::new();
        export_shopify(&catalog, &mut file, minor_units).unwrap();
        let imported = import(file.as_slice(), minor_units)
            .unwrap_or_else(|e| panic!("{e:#?}\n{}", String::from_utf8_lossy(&file)));
        prop_assert_eq!(imported.catalog.without_lines(), catalog.without_lines());
        prop_assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
    }
}

/// Cells a spreadsheet would run as formulas are written with a leading
/// quote (OWASP's advice) and read back as they were; numbers stay numbers.
#[test]
fn formulas_are_neutralised_in_the_export_and_read_back() {
    let variant = Variant {
        sku: Some("-12".into()),
        price_minor: 2500,
        quantity: Some(-3),
        track_inventory: true,
        requires_shipping: true,
        taxable: true,
        ..Variant::default()
    };
    let catalog = Catalog {
        products: vec![Product {
            handle: "fromage".into(),
            title: "=SUM(A1)".into(),
            body_html: "@cmd".into(),
            vendor: Some("+33 fromager".into()),
            tags: vec!["-20% cheese".into()],
            seo_title: Some("'=déjà cité".into()),
            variants: vec![variant],
            ..Product::default()
        }],
    };
    let mut file = Vec::new();
    export_shopify(&catalog, &mut file, 2).unwrap();
    let mut reader = csv::Reader::from_reader(file.as_slice());
    let headers = reader.headers().unwrap().clone();
    let row = reader.records().next().unwrap().unwrap();
    let cell = |name: &str| {
        row.get(headers.iter().position(|h| h == name).unwrap())
            .unwrap()
    };
    assert_eq!(cell("Title"), "'=SUM(A1)");
    assert_eq!(cell("Body (HTML)"), "'@cmd");
    assert_eq!(cell("Vendor"), "'+33 fromager");
    assert_eq!(cell("Tags"), "'-20% cheese");
    assert_eq!(cell("SEO Title"), "''=déjà cité");
    assert_eq!(cell("Variant SKU"), "'-12");
    assert_eq!(cell("Variant Inventory Qty"), "-3", "a number, not text");
    assert_eq!(cell("Variant Price"), "25.00");

    let imported = import(file.as_slice(), 2).unwrap();
    assert_eq!(imported.catalog.without_lines(), catalog.without_lines());
}
