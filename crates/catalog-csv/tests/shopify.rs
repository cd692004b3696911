//! Shopify's real product template imports as a seller would expect, and a
//! catalog exported in Shopify's format comes back unchanged.

mod common;

use catalog_csv::{export_shopify, import, Format, Status, TEMPLATE_COLUMNS};
use common::{ok, template_bytes};

#[test]
fn the_template_file_is_where_the_tests_expect_it() {
    assert!(
        common::template_path().is_file(),
        "{}",
        common::template_path().display()
    );
}

#[test]
fn imports_shopifys_template_as_is() {
    let imported = import(template_bytes().as_slice(), 2).expect("template imports");
    assert_eq!(imported.format, Format::Shopify);
    let products = &imported.catalog.products;
    let handles: Vec<&str> = products.iter().map(|p| p.handle.as_str()).collect();
    assert_eq!(handles, ["example-shirt", "example-pants", "example-hat"]);

    let shirt = &products[0];
    assert_eq!(shirt.title, "Example T-Shirt");
    assert_eq!(shirt.line, 2);
    assert!(shirt
        .body_html
        .starts_with("<p>This t-shirt is as simple as it gets."));
    assert_eq!(shirt.vendor.as_deref(), Some("Acme"));
    assert_eq!(shirt.product_type.as_deref(), Some("Shirts"));
    assert_eq!(
        shirt.category.as_deref(),
        Some("Apparel & Accessories > Clothing > Clothing Tops > T-Shirts")
    );
    assert_eq!(shirt.tags, ["Made to Order", "Shirt Tag"]);
    assert_eq!(shirt.status, Status::Active);
    assert_eq!(shirt.options, ["Color", "Size"]);
    assert_eq!(
        shirt.seo_title.as_deref(),
        Some("Example T-Shirt | Test Store")
    );
    assert_eq!(
        shirt.seo_description.as_deref(),
        Some("Cotton shirts from our store.")
    );
    assert_eq!(shirt.variants.len(), 12);
    let combos: Vec<String> = shirt
        .variants
        .iter()
        .map(|v| v.option_values.join("/"))
        .collect();
    assert_eq!(
        combos,
        [
            "Green/S", "Green/M", "Green/L", "Blue/S", "Blue/M", "Blue/L", "Gray/S", "Gray/M",
            "Gray/L", "Purple/S", "Purple/M", "Purple/L"
        ]
    );
    let first = &shirt.variants[0];
    assert_eq!(first.sku.as_deref(), Some("SRT_COT_111"));
    assert_eq!(first.price_minor, 2500);
    assert_eq!(first.compare_at_minor, None);
    assert_eq!(first.grams, Some(145));
    // No inventory tracker in the file: stock is not counted.
    assert!(!first.track_inventory);
    assert_eq!(first.quantity, Some(0));
    assert!(!first.allow_backorder);
    assert!(first.requires_shipping && first.taxable);
    assert_eq!(first.barcode.as_deref(), Some("365275101829"));
    assert_eq!(
        first.image_src.as_deref(),
        Some("https://burst.shopifycdn.com/photos/green-t-shirt.jpg?width=1500")
    );
    assert_eq!(first.line, 2);
    assert_eq!(shirt.variants[11].line, 13);
    assert_eq!(shirt.variants[11].sku.as_deref(), Some("SRT_COT_433"));
    assert_eq!(shirt.images.len(), 6);
    assert_eq!(
        shirt.images[0].src,
        "https://burst.shopifycdn.com/photos/tshirts.jpg?width=1500"
    );
    assert_eq!(shirt.images[0].alt.as_deref(), Some("A rack of T-Shirts"));
    let positions: Vec<Option<i64>> = shirt.images.iter().map(|i| i.position).collect();
    assert_eq!(
        positions,
        [Some(1), Some(2), Some(3), Some(4), Some(5), Some(6)]
    );

    let pants = &products[1];
    assert_eq!(pants.title, "Example Jeans");
    assert_eq!(pants.line, 14);
    assert_eq!(pants.status, Status::Draft);
    assert_eq!(pants.options, ["Size"]);
    let sizes: Vec<&str> = pants
        .variants
        .iter()
        .map(|v| v.option_values[0].as_str())
        .collect();
    assert_eq!(sizes, ["28", "30", "40"]);
    let prices: Vec<(i64, Option<i64>)> = pants
        .variants
        .iter()
        .map(|v| (v.price_minor, v.compare_at_minor))
        .collect();
    assert_eq!(prices, [(9500, Some(6495)); 3]);
    // Shopify writes fractional grams for weights entered in ounces.
    let grams: Vec<Option<i64>> = pants.variants.iter().map(|v| v.grams).collect();
    assert_eq!(grams, [Some(227), Some(283), Some(397)]);
    let stock: Vec<(bool, Option<i64>)> = pants
        .variants
        .iter()
        .map(|v| (v.track_inventory, v.quantity))
        .collect();
    assert_eq!(
        stock,
        [(true, Some(20)), (true, Some(15)), (true, Some(10))]
    );
    // The fourth image comes from a row holding nothing but the image.
    assert_eq!(pants.images.len(), 4);
    assert_eq!(
        pants.images[3].alt.as_deref(),
        Some("Large tapered stone wash jeans")
    );
    assert_eq!(pants.images[3].position, Some(4));

    let hat = &products[2];
    assert_eq!(hat.title, "Example Beanie");
    assert_eq!(hat.status, Status::Archived);
    // Shopify's "Title: Default Title" means a product without options.
    assert!(hat.options.is_empty());
    assert_eq!(hat.variants.len(), 1);
    assert!(hat.variants[0].option_values.is_empty());
    assert_eq!(hat.variants[0].price_minor, 1799);
    assert_eq!(hat.variants[0].compare_at_minor, Some(2299));
    assert_eq!(hat.variants[0].quantity, Some(50));
    assert_eq!(hat.variants[0].image_src, None);
    assert_eq!(hat.images.len(), 1);

    // Google Shopping data and the cost are not kept, and the seller is told.
    let codes: Vec<&str> = imported.warnings.iter().map(|w| w.code).collect();
    assert_eq!(codes, ["csv-columns-not-imported"]);
    let columns = imported.warnings[0].arg("columns").unwrap();
    assert!(columns.contains("Google Shopping / Gender"), "{columns}");
    assert!(columns.contains("Cost per item"), "{columns}");
    assert!(!columns.contains("Gift Card"), "{columns}");
    assert!(
        !columns.contains("Variant Fulfillment Service"),
        "{columns}"
    );
}

fn export_to_string(catalog: &catalog_csv::Catalog) -> String {
    let mut out = Vec::new();
    export_shopify(catalog, &mut out, 2).expect("export");
    String::from_utf8(out).expect("UTF-8")
}

#[test]
fn template_round_trips_through_export() {
    let first = import(template_bytes().as_slice(), 2).expect("template imports");
    let exported = export_to_string(&first.catalog);
    let again = import(exported.as_bytes(), 2).expect("export imports");
    assert_eq!(again.catalog.without_lines(), first.catalog.without_lines());
    assert!(again.catalog.same_content(&first.catalog));
    // One row per variant or image, as in Shopify's own file.
    assert_eq!(again.catalog.products[1].line, 14);
    assert_eq!(again.catalog.products[2].line, 18);
}

#[test]
fn export_lays_rows_out_like_shopify() {
    let first = import(template_bytes().as_slice(), 2).expect("template imports");
    let exported = export_to_string(&first.catalog);
    let template = String::from_utf8(template_bytes()).unwrap();

    let mut ours = csv::Reader::from_reader(exported.as_bytes());
    let mut theirs = csv::Reader::from_reader(template.as_bytes());
    let header: Vec<String> = ours.headers().unwrap().iter().map(str::to_owned).collect();
    assert_eq!(header, TEMPLATE_COLUMNS);
    assert_eq!(
        &header,
        &theirs.headers().unwrap().iter().collect::<Vec<_>>()
    );
    assert!(exported.starts_with(&TEMPLATE_COLUMNS.join(",")));

    let ours: Vec<csv::StringRecord> = ours.records().map(Result::unwrap).collect();
    let theirs: Vec<csv::StringRecord> = theirs.records().map(Result::unwrap).collect();
    assert_eq!(ours.len(), theirs.len());
    let column = |name: &str| TEMPLATE_COLUMNS.iter().position(|c| *c == name).unwrap();
    // Same cells where Vitrine keeps the data as Shopify wrote it.
    for name in [
        "Handle",
        "Title",
        "Body (HTML)",
        "Vendor",
        "Product Category",
        "Type",
        "Tags",
        "Published",
        "Option1 Name",
        "Option1 Value",
        "Option2 Name",
        "Option2 Value",
        "Variant SKU",
        "Variant Inventory Policy",
        "Variant Requires Shipping",
        "Variant Taxable",
        "Variant Barcode",
        "Image Src",
        "Image Position",
        "Image Alt Text",
        "SEO Title",
        "SEO Description",
        "Variant Image",
        "Status",
    ] {
        let i = column(name);
        for (n, (a, b)) in ours.iter().zip(&theirs).enumerate() {
            assert_eq!(a.get(i), b.get(i), "row {} column {name}", n + 2);
        }
    }
    let price = column("Variant Price");
    assert_eq!(ours[0].get(price), Some("25.00"));
    assert_eq!(
        ours[17 - 2].get(price),
        Some(""),
        "the image-only row has no variant"
    );
    assert_eq!(ours[0].get(column("Variant Grams")), Some("145"));
    assert_eq!(ours[12].get(column("Variant Grams")), Some("227"));
}

#[test]
fn separators_line_endings_and_bom_of_spreadsheets_are_tolerated() {
    // Excel in French saves with semicolons, CRLF and a byte-order mark.
    let csv = "\u{feff}Handle;Title;Option1 Name;Option1 Value;Variant Price;Status\r\n\
               tomme;\"Tomme; de Savoie\";Poids;250 g;\"12,50\";active\r\n\
               tomme;;;500 g;\"1 234,50\";\r\n";
    let imported = ok(csv);
    let tomme = &imported.catalog.products[0];
    assert_eq!(tomme.title, "Tomme; de Savoie");
    assert_eq!(tomme.variants[0].price_minor, 1250);
    assert_eq!(tomme.variants[1].price_minor, 123_450);
    assert_eq!(tomme.variants[1].line, 3);
    assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
}

#[test]
fn quoted_cells_spanning_lines_keep_line_numbers_right() {
    let csv = "Handle,Title,Body (HTML),Variant Price\n\
               a,A,\"<p>one</p>\n<p>two</p>\",1\n\
               b,B,,2\n";
    let imported = ok(csv);
    assert_eq!(
        imported.catalog.products[0].body_html,
        "<p>one</p>\n<p>two</p>"
    );
    assert_eq!(imported.catalog.products[1].line, 4);
}

#[test]
fn columns_may_come_in_any_order_and_case() {
    let csv = "variant price,STATUS,title,handle,Extra\n\
               9.90,draft,Brie,brie,x\n";
    let imported = ok(csv);
    let brie = &imported.catalog.products[0];
    assert_eq!((brie.handle.as_str(), brie.status), ("brie", Status::Draft));
    assert_eq!(brie.variants[0].price_minor, 990);
    assert_eq!(imported.warnings[0].code, "csv-unknown-columns");
    assert_eq!(imported.warnings[0].arg("columns"), Some("Extra"));
}

#[test]
fn shopifys_newer_column_names_are_understood() {
    let csv = "Title,URL handle,Description,Option1 name,Option1 value,SKU,Price,Compare-at price,\
               Inventory quantity,Continue selling when out of stock,Product image URL,Status\n\
               Comté,comte,<p>18 mois</p>,Poids,250 g,CMT-250,8.50,9.00,12,DENY,https://x.example/c.jpg,Active\n";
    let product = &ok(csv).catalog.products[0];
    assert_eq!(product.handle, "comte");
    assert_eq!(product.body_html, "<p>18 mois</p>");
    assert_eq!(product.options, ["Poids"]);
    let v = &product.variants[0];
    assert_eq!(
        (v.sku.as_deref(), v.price_minor, v.compare_at_minor),
        (Some("CMT-250"), 850, Some(900))
    );
    assert_eq!(v.quantity, Some(12));
    assert!(!v.allow_backorder);
    assert_eq!(product.images[0].src, "https://x.example/c.jpg");
}

#[test]
fn published_decides_when_there_is_no_status_column() {
    let csv = "Handle,Title,Published,Variant Price\na,A,TRUE,1\nb,B,FALSE,1\n";
    let statuses: Vec<Status> = ok(csv).catalog.products.iter().map(|p| p.status).collect();
    assert_eq!(statuses, [Status::Active, Status::Draft]);
}

#[test]
fn currencies_without_decimals_export_whole_numbers() {
    let csv = "Handle,Title,Variant Price\nsencha,Sencha,1 200\n";
    let imported = import(csv.as_bytes(), 0).unwrap();
    assert_eq!(imported.catalog.products[0].variants[0].price_minor, 1200);
    let mut out = Vec::new();
    export_shopify(&imported.catalog, &mut out, 0).unwrap();
    assert!(String::from_utf8(out).unwrap().contains(",1200,"));
}
