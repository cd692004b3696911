//! Files as the platforms ship them import unchanged (see fixtures/README.md
//! for where each comes from), and so do the same files once a spreadsheet
//! has re-saved them with other number and unit conventions.

mod common;

use std::path::PathBuf;

use catalog_csv::{import, Format, Imported, Status};

fn fixture(path: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(path);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn woocommerce_sample() -> String {
    fixture("woocommerce/sample_products.csv")
}

#[track_caller]
fn ok(csv: &str) -> Imported {
    import(csv.as_bytes(), 2).unwrap_or_else(|errors| panic!("import failed: {errors:#?}"))
}

/// `(SKU, grams)` of every variant, in file order.
fn weights(imported: &Imported) -> Vec<(String, Option<i64>)> {
    imported
        .catalog
        .products
        .iter()
        .flat_map(|p| &p.variants)
        .map(|v| (v.sku.clone().unwrap_or_default(), v.grams))
        .collect()
}

/// The sample's weights in pounds, converted to grams (1 lb = 453.59237 g).
const SAMPLE_GRAMS: [(&str, Option<i64>); 19] = [
    // ".5" lbs, written by WooCommerce without a leading zero.
    ("woo-vneck-tee-red", Some(227)),
    ("woo-vneck-tee-green", Some(227)),
    ("woo-vneck-tee-blue", Some(227)),
    // 1.5 lbs on the parent, inherited by each variation.
    ("woo-hoodie-red", Some(680)),
    ("woo-hoodie-green", Some(680)),
    ("woo-hoodie-blue", Some(680)),
    ("woo-hoodie-blue-logo", Some(680)),
    ("woo-hoodie-with-logo", Some(907)),
    ("woo-tshirt", Some(363)),
    ("woo-beanie", Some(91)),
    ("woo-belt", Some(544)),
    ("woo-cap", Some(272)),
    ("woo-sunglasses", Some(91)),
    ("woo-hoodie-with-pocket", Some(1361)),
    ("woo-hoodie-with-zipper", Some(907)),
    ("woo-long-sleeve-tee", Some(454)),
    ("woo-polo", Some(363)),
    // Downloads weigh nothing.
    ("woo-album", None),
    ("woo-single", None),
];

fn sorted(mut v: Vec<(String, Option<i64>)>) -> Vec<(String, Option<i64>)> {
    v.sort();
    v
}

fn expected_grams(scale: impl Fn(i64) -> i64) -> Vec<(String, Option<i64>)> {
    let mut all: Vec<(String, Option<i64>)> = SAMPLE_GRAMS
        .iter()
        .map(|(sku, g)| (sku.to_string(), g.map(&scale)))
        .collect();
    all.push(("Woo-tshirt-logo".into(), Some(scale(227))));
    all.push(("Woo-beanie-logo".into(), Some(scale(91))));
    sorted(all)
}

#[test]
fn woocommerces_own_sample_file_imports_as_is() {
    let imported = ok(&woocommerce_sample());
    assert_eq!(imported.format, Format::WooCommerce);
    let products = &imported.catalog.products;
    let titles: Vec<&str> = products.iter().map(|p| p.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Awesome V-Neck T-Shirt",
            "Hoodie",
            "Hoodie with Logo",
            "T-Shirt",
            "Beanie",
            "Belt",
            "Cap",
            "Sunglasses",
            "Hoodie with Pocket",
            "Hoodie with Zipper",
            "Long Sleeve Tee",
            "Polo",
            "Album",
            "Single",
            "T-Shirt with Logo",
            "Beanie with Logo",
        ]
    );
    assert_eq!(sorted(weights(&imported)), expected_grams(|g| g));

    let tee = &products[0];
    assert_eq!(tee.handle, "awesome-v-neck-t-shirt");
    assert_eq!(tee.category.as_deref(), Some("Clothing > Tshirts"));
    assert_eq!(tee.status, Status::Active);
    // "Size" is offered on the parent but no variation picks one.
    assert_eq!(tee.options, ["Color"]);
    let colours: Vec<&str> = tee
        .variants
        .iter()
        .map(|v| v.option_values[0].as_str())
        .collect();
    assert_eq!(colours, ["Red", "Green", "Blue"]);
    assert_eq!(tee.variants[2].price_minor, 1500);

    let hoodie = &products[1];
    assert_eq!(hoodie.options, ["Color", "Logo"]);
    let red = &hoodie.variants[0];
    assert_eq!(red.option_values, ["Red", "No"]);
    assert_eq!((red.price_minor, red.compare_at_minor), (4200, Some(4500)));
    assert_eq!(
        hoodie.variants.len(),
        4,
        "the variation listed after others"
    );

    let album = &products[12];
    assert!(!album.variants[0].requires_shipping, "virtual");
    assert_eq!(album.variants[0].price_minor, 1500);
    let belt = &products[5];
    assert_eq!(
        (
            belt.variants[0].price_minor,
            belt.variants[0].compare_at_minor
        ),
        (5500, Some(6500))
    );

    let warnings: Vec<(&str, usize)> = imported.warnings.iter().map(|w| (w.code, w.line)).collect();
    assert_eq!(
        warnings,
        [
            ("csv-columns-not-imported", 1),
            ("csv-unsupported-type", 24),
            ("csv-unsupported-type", 25),
        ]
    );
    assert_eq!(imported.warnings[1].arg("value"), Some("grouped"));
    assert_eq!(imported.warnings[2].arg("value"), Some("external"));
    for warning in &imported.warnings {
        common::assert_contract(warning);
    }
}

#[test]
fn weights_follow_the_unit_named_in_the_header() {
    let sample = woocommerce_sample();
    let in_unit = |header: &str| ok(&sample.replacen("\"Weight (lbs)\"", header, 1));
    let of = |imported: &Imported, sku: &str| {
        weights(imported)
            .into_iter()
            .find(|(s, _)| s == sku)
            .and_then(|(_, g)| g)
    };
    let kilos = in_unit("\"Weight (kg)\"");
    assert_eq!(of(&kilos, "woo-beanie"), Some(200));
    let ounces = in_unit("\"Weight (oz)\"");
    // 1.5 oz = 42.52 g.
    assert_eq!(of(&ounces, "woo-hoodie-blue"), Some(43));
    let grams = in_unit("\"Weight (g)\"");
    assert_eq!(of(&grams, "woo-beanie"), Some(0));
    assert_eq!(of(&grams, "woo-hoodie-with-pocket"), Some(3));
    // A column that names no unit is in WooCommerce's default, the kilogram.
    let default = in_unit("Weight");
    assert_eq!(weights(&default), weights(&kilos));
    let french = in_unit("\"Poids (lbs)\"");
    assert_eq!(weights(&french), weights(&ok(&sample)));

    let errors = import(sample.replacen("(lbs)", "(st)", 1).as_bytes(), 2).unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0].code, "csv-unknown-unit");
    assert_eq!(errors[0].column.as_deref(), Some("Weight (st)"));
}

/// The sample as a French spreadsheet saves it: `;` between cells, decimal
/// commas, and a price above a thousand grouped with a space.
fn as_french_spreadsheet(csv: &str) -> String {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(csv.as_bytes());
    let mut out = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(vec![]);
    for record in reader.records() {
        let record = record.unwrap();
        let cells: Vec<String> = record
            .iter()
            .map(|cell| {
                let numeric =
                    !cell.is_empty() && cell.chars().all(|c| c.is_ascii_digit() || c == '.');
                if numeric {
                    let cell = cell.replace('.', ",");
                    if cell.starts_with(',') {
                        format!("0{cell}")
                    } else {
                        cell
                    }
                } else {
                    cell.to_owned()
                }
            })
            .collect();
        out.write_record(&cells).unwrap();
    }
    String::from_utf8(out.into_inner().unwrap()).unwrap()
}

#[test]
fn the_sample_resaved_by_a_french_spreadsheet_gives_the_same_catalog() {
    let original = ok(&woocommerce_sample());
    let french = as_french_spreadsheet(&woocommerce_sample());
    assert!(french.contains(";0,5;24;"), "{french}");
    let resaved = ok(&french);
    assert!(resaved.catalog.same_content(&original.catalog));
}

/// A small WooCommerce file with one weight in kilograms and one price.
fn weight_and_price(weight: &str, price: &str) -> String {
    format!("Type,SKU,Name,\"Weight (kg)\",\"Regular price\"\nsimple,A,Tomme,{weight},{price}\n")
}

#[test]
fn a_number_that_could_be_read_two_ways_is_refused_unless_the_file_tells() {
    let errors = import(weight_and_price("\"1,250\"", "12").as_bytes(), 2).unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    let e = &errors[0];
    assert_eq!(
        (e.code, e.line, e.column.as_deref()),
        ("csv-ambiguous-number", 2, Some("Weight (kg)"))
    );
    assert_eq!(e.arg("decimal"), Some("1.250"));
    assert_eq!(e.arg("whole"), Some("1250"));
    common::assert_contract(e);

    let grams = |csv: String| ok(&csv).catalog.products[0].variants[0].grams;
    // A price written "12,50" shows the comma is this file's decimal mark...
    assert_eq!(
        grams(weight_and_price("\"1,250\"", "\"12,50\"")),
        Some(1250)
    );
    // ...and "1,234.50" that it groups thousands.
    assert_eq!(
        grams(weight_and_price("\"1,250\"", "\"1,234.50\"")),
        Some(1_250_000)
    );
    // A spreadsheet that separates cells with ";" writes decimal commas.
    let semicolons = "Type;SKU;Name;Weight (kg);Regular price\nsimple;A;Tomme;1,250;12\n";
    assert_eq!(grams(semicolons.to_owned()), Some(1250));
    // Dots used to group thousands elsewhere make "1.250" a whole number too.
    assert_eq!(
        grams(weight_and_price("1.250", "\"1.234,50\"")),
        Some(1_250_000)
    );
    // A file that says both cannot decide.
    let mixed = "Type,SKU,Name,\"Weight (kg)\",\"Regular price\",\"Sale price\"\n\
                 simple,A,Tomme,\"1,250\",\"1,234.50\",\"12,50\"\n";
    let errors = import(mixed.as_bytes(), 2).unwrap_err();
    assert_eq!(errors[0].code, "csv-ambiguous-number", "{errors:#?}");
}

#[test]
fn values_woocommerce_writes_or_accepts() {
    // Its export puts a quote before a value starting with "-"; its importer
    // takes true/false for published and tax status; a variation marked -1
    // (draft) is published by its importer.
    let csv = "ID,Type,SKU,Name,Published,\"Tax status\",\"In stock?\",Stock,\"Regular price\",\
               \"Download limit\",Parent,\"Attribute 1 name\",\"Attribute 1 value(s)\"\n\
               1,simple,A,'-20% Tomme,true,false,1,'-3,5,'-1,,,\n\
               2,variable,B,Brie,false,true,1,,,,,Taille,\"S, M\"\n\
               3,variation,B-S,Brie S,-1,,1,,6,,id:2,Taille,S\n";
    let imported = ok(csv);
    let tomme = &imported.catalog.products[0];
    assert_eq!(tomme.title, "-20% Tomme");
    assert_eq!(tomme.status, Status::Active);
    let v = &tomme.variants[0];
    assert_eq!((v.quantity, v.taxable), (Some(-3), false));
    let brie = &imported.catalog.products[1];
    assert_eq!(brie.status, Status::Draft);
    assert_eq!(brie.variants.len(), 1);
    assert!(brie.variants[0].taxable);
    assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
}
