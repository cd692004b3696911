//! Every problem the importer can report, each triggered by a small broken
//! file and checked for its line and column, plus the all-or-nothing rule:
//! a file with errors lists them all and imports nothing.

mod common;

use std::collections::HashSet;
use std::io::Read;

use catalog_csv::{import, CsvError, CODES, MAX_ROWS, WARNING_CODES};
use common::{assert_contract, errors};

/// Header of the small Shopify files below.
const SHOPIFY: &str = "Handle,Title,Option1 Name,Option1 Value,Variant SKU,Variant Price,\
                       Variant Grams,Variant Inventory Qty,Variant Inventory Policy,Variant Taxable,\
                       Image Src,Image Position,Status\n";

/// Header of the small WooCommerce files below.
const WOO: &str = "ID,Type,SKU,Name,Published,Regular price,Categories,Images,Parent,\
                   Attribute 1 name,Attribute 1 value(s),Attribute 2 name,Attribute 2 value(s),\
                   Attribute 3 name,Attribute 3 value(s),Attribute 4 name,Attribute 4 value(s)\n";

struct Case {
    code: &'static str,
    file: Vec<u8>,
    line: usize,
    column: Option<&'static str>,
}

fn case(
    code: &'static str,
    file: impl Into<Vec<u8>>,
    line: usize,
    column: Option<&'static str>,
) -> Case {
    Case {
        code,
        file: file.into(),
        line,
        column,
    }
}

fn shopify(rows: &str) -> Vec<u8> {
    format!("{SHOPIFY}{rows}").into_bytes()
}

fn woo(rows: &str) -> Vec<u8> {
    format!("{WOO}{rows}").into_bytes()
}

fn cases() -> Vec<Case> {
    let mut latin1 = shopify("tomme,Tomme,,,,5,,,,,,,\n");
    latin1.extend_from_slice(b"brie,Brie de Meaux \xE9t\xE9,,,,6,,,,,,,\n");
    let mut too_many = String::from("Handle,Title,Variant Price\n");
    for i in 0..=MAX_ROWS {
        too_many.push_str(&format!("p{i},P,1\n"));
    }
    vec![
        case("csv-empty", "", 1, None),
        case("csv-empty", "\u{feff}", 1, None),
        case("csv-unknown-format", "Nom,Prix\nTomme,5\n", 1, None),
        // A spreadsheet saved as .xlsx is a zip archive, not a CSV.
        case(
            "csv-unknown-format",
            &b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xb5U\n"[..],
            1,
            None,
        ),
        case("csv-invalid-utf8", latin1, 3, Some("Title")),
        case("csv-too-many-rows", too_many, MAX_ROWS + 2, None),
        case(
            "csv-missing-column",
            "Handle,Title,Cost\nx,X,1\n",
            1,
            Some("Variant Price"),
        ),
        case(
            "csv-missing-column",
            "Type,Name,SKU\nsimple,X,A\n",
            1,
            Some("Regular price"),
        ),
        case(
            "csv-duplicate-column",
            "Handle,Title,Variant Price,title\nx,X,1,Y\n",
            1,
            Some("title"),
        ),
        case(
            "csv-required-value",
            shopify(",Tomme,,,,5,,,,,,,\n"),
            2,
            Some("Handle"),
        ),
        case(
            "csv-required-value",
            shopify("tomme,Tomme,,,,,,,,,,,\n"),
            2,
            Some("Variant Price"),
        ),
        case(
            "csv-required-value",
            woo("1,variation,A,A,1,5,,,,,,,,,,,\n"),
            2,
            Some("Parent"),
        ),
        case(
            "csv-empty-title",
            "Handle,Title,Vendor,Variant Price\nx,,Ferme,1\n",
            2,
            Some("Title"),
        ),
        case(
            "csv-empty-title",
            woo("1,simple,A,,1,5,,,,,,,,,,,\n"),
            2,
            Some("Name"),
        ),
        case(
            "csv-bad-price",
            shopify("tomme,Tomme,,,,\"12,5x\",,,,,,,\n"),
            2,
            Some("Variant Price"),
        ),
        case(
            "csv-negative-price",
            shopify("tomme,Tomme,,,,-3,,,,,,,\n"),
            2,
            Some("Variant Price"),
        ),
        case(
            "csv-price-too-precise",
            shopify("tomme,Tomme,,,,12.505,,,,,,,\n"),
            2,
            Some("Variant Price"),
        ),
        case(
            "csv-bad-price",
            woo("1,simple,A,A,1,douze,,,,,,,,,,,\n"),
            2,
            Some("Regular price"),
        ),
        case(
            "csv-bad-integer",
            shopify("tomme,Tomme,,,,5,,3.5,,,,,\n"),
            2,
            Some("Variant Inventory Qty"),
        ),
        case(
            "csv-bad-integer",
            shopify("tomme,Tomme,,,,5,,,,,https://x.example/t.jpg,first,\n"),
            2,
            Some("Image Position"),
        ),
        case(
            "csv-bad-weight",
            shopify("tomme,Tomme,,,,5,250 g,,,,,,\n"),
            2,
            Some("Variant Grams"),
        ),
        case(
            "csv-ambiguous-number",
            shopify("tomme,Tomme,,,,5,\"1,250\",,,,,,\n"),
            2,
            Some("Variant Grams"),
        ),
        case(
            "csv-unknown-unit",
            "Type,Name,Regular price,Weight (st)\nsimple,Tomme,5,1\n",
            1,
            Some("Weight (st)"),
        ),
        case(
            "csv-bad-boolean",
            shopify("tomme,Tomme,,,,5,,,,maybe,,,\n"),
            2,
            Some("Variant Taxable"),
        ),
        case(
            "csv-bad-choice",
            shopify("tomme,Tomme,,,,5,,,sometimes,,,,\n"),
            2,
            Some("Variant Inventory Policy"),
        ),
        case(
            "csv-unknown-status",
            shopify("tomme,Tomme,,,,5,,,,,,,published\n"),
            2,
            Some("Status"),
        ),
        case(
            "csv-unknown-status",
            woo("1,simple,A,A,yes,5,,,,,,,,,,,\n"),
            2,
            Some("Published"),
        ),
        case(
            "csv-orphan-row",
            shopify("tomme,Tomme,,,,5,,,,,,,\nbrie,,,,BRIE-2,6,,,,,,,\n"),
            3,
            Some("Handle"),
        ),
        case(
            "csv-orphan-row",
            woo("2,variation,B,B,1,5,,,id:99,,,,,,,,\n"),
            2,
            Some("Parent"),
        ),
        case(
            "csv-duplicate-handle",
            shopify("tomme,Tomme,,,,5,,,,,,,\ntomme,Tomme de chèvre,,,,6,,,,,,,\n"),
            3,
            Some("Handle"),
        ),
        case(
            "csv-too-many-options",
            "Handle,Title,Option1 Name,Option1 Value,Option2 Name,Option2 Value,Option3 Name,\
             Option3 Value,Option4 Name,Option4 Value,Variant Price\n\
             t,T,Taille,S,Lait,Cru,Affinage,Jeune,Forme,Ronde,5\n",
            2,
            Some("Option4 Name"),
        ),
        case(
            "csv-too-many-options",
            woo(
                "1,variable,P,P,1,,,,,A,\"1, 2\",B,\"1, 2\",C,\"1, 2\",D,\"1, 2\"\n\
                 2,variation,P1,P1,1,5,,,id:1,A,1,B,1,C,1,D,1\n",
            ),
            2,
            Some("Attribute 4 name"),
        ),
        case(
            "csv-option-values-mismatch",
            shopify("tomme,Tomme,Poids,250 g,,5,,,,,,,\ntomme,,,,T-500,9,,,,,,,\n"),
            3,
            Some("Option1 Value"),
        ),
        case(
            "csv-option-value-missing",
            // An "any size" variation, next to one with a size.
            woo("1,variable,P,P,1,,,,,Taille,\"S, M\",,,,,,\n\
                 2,variation,P-S,P-S,1,5,,,id:1,Taille,S,,,,,,\n\
                 3,variation,P-X,P-X,1,5,,,id:1,Taille,,,,,,,\n"),
            4,
            Some("Attribute 1 value(s)"),
        ),
        case(
            "csv-unknown-option",
            woo("1,variable,P,P,1,,,,,Taille,\"S, M\",,,,,,\n\
                 2,variation,P-S,P-S,1,5,,,id:1,Taille,S,Couleur,Bleu,,,,\n"),
            3,
            Some("Attribute 2 name"),
        ),
        case(
            "csv-duplicate-sku",
            shopify("tomme,Tomme,,,TOM,5,,,,,,,\nbrie,Brie,,,TOM,6,,,,,,,\n"),
            3,
            Some("Variant SKU"),
        ),
        case(
            "csv-duplicate-sku",
            woo("1,simple,TOM,Tomme,1,5,,,,,,,,,,,\n2,simple,TOM,Brie,1,6,,,,,,,,,,,\n"),
            3,
            Some("SKU"),
        ),
        case(
            "csv-duplicate-options",
            shopify("tomme,Tomme,Poids,250 g,,5,,,,,,,\ntomme,,,250 g,,9,,,,,,,\n"),
            3,
            Some("Option1 Value"),
        ),
        case(
            "csv-variants-without-options",
            shopify("tomme,Tomme,,,,5,,,,,,,\ntomme,,,,T-2,9,,,,,,,\n"),
            3,
            None,
        ),
        case(
            "csv-no-variants",
            woo("1,variable,P,P,1,,,,,Taille,\"S, M\",,,,,,\n"),
            2,
            None,
        ),
    ]
}

/// Files that import, with a warning.
fn warning_cases() -> Vec<Case> {
    vec![
        case(
            "csv-image-not-http",
            shopify("tomme,Tomme,,,,5,,,,,C:\\photos\\tomme.jpg,1,\n"),
            2,
            Some("Image Src"),
        ),
        case(
            "csv-unknown-columns",
            "Handle,Title,Variant Price,Fournisseur\nx,X,1,Ferme\n",
            1,
            None,
        ),
        case(
            "csv-columns-not-imported",
            "Handle,Title,Variant Price,Cost per item\nx,X,5,2\n",
            1,
            None,
        ),
        case(
            "csv-unsupported-type",
            woo("1,external,E,E,1,5,,,,,,,,,,,\n"),
            2,
            Some("Type"),
        ),
        case(
            "csv-extra-categories",
            woo("1,simple,A,A,1,5,\"A > B, C\",,,,,,,,,,\n"),
            2,
            Some("Categories"),
        ),
        case(
            "csv-variation-disabled",
            woo(
                "1,variable,P,P,1,,,,,T,\"S, M\",,,,,,\n2,variation,P-S,P-S,1,5,,,id:1,T,S,,,,,,\n\
                 3,variation,P-M,P-M,0,5,,,id:1,T,M,,,,,,\n",
            ),
            4,
            Some("Published"),
        ),
    ]
}

#[track_caller]
fn check(found: &[CsvError], case: &Case) {
    let matching: Vec<&CsvError> = found.iter().filter(|e| e.code == case.code).collect();
    assert_eq!(
        matching.len(),
        1,
        "{}: expected one, got {found:#?}",
        case.code
    );
    let problem = matching[0];
    assert_eq!(problem.line, case.line, "{problem}");
    assert_eq!(problem.column.as_deref(), case.column, "{problem}");
    assert_contract(problem);
}

#[test]
fn each_error_is_reported_at_its_line_and_column() {
    for case in cases() {
        let found = errors(&case.file);
        check(&found, &case);
        assert!(
            found.iter().all(|e| !WARNING_CODES.contains(&e.code)),
            "warnings are not errors: {found:#?}"
        );
    }
}

#[test]
fn each_warning_lets_the_import_through() {
    for case in warning_cases() {
        let imported = import(case.file.as_slice(), 2)
            .unwrap_or_else(|e| panic!("{} should import: {e:#?}", case.code));
        check(&imported.warnings, &case);
    }
}

#[test]
fn every_code_is_exercised_here() {
    let tested: HashSet<&str> = cases()
        .iter()
        .chain(&warning_cases())
        .map(|c| c.code)
        .chain(["csv-unreadable"])
        .collect();
    for (code, _) in CODES {
        assert!(tested.contains(code), "{code} has no test");
    }
}

#[test]
fn details_of_the_messages() {
    let found = errors(&shopify("tomme,Tomme,,,,12.505,,,,,,,\n"));
    assert_eq!(found[0].arg("value"), Some("12.505"));
    assert_eq!(found[0].arg("decimals"), Some("2"));
    let found = errors(&shopify(
        "tomme,Tomme,,,TOM,5,,,,,,,\nbrie,Brie,,,TOM,6,,,,,,,\n",
    ));
    assert_eq!(found[0].arg("first_line"), Some("2"));
    assert_eq!(
        found[0].fluent_args(),
        [
            ("line", "3".to_owned()),
            ("column", "Variant SKU".to_owned()),
            ("value", "TOM".to_owned()),
            ("first_line", "2".to_owned())
        ]
    );
    let found = errors(b"Nom,Prix\nTomme,5\n");
    assert_eq!(found[0].arg("found"), Some("Nom, Prix"));
    assert_eq!(
        found[0].arg("shopify"),
        Some("Handle, Title, Variant Price")
    );
}

#[test]
fn every_error_of_a_file_is_listed_in_line_order() {
    let file = shopify(
        "brie,,,,BRIE-2,6,,,,,,,\n\
         tomme,Tomme,,,TOM,12.505,,,,,,,\n\
         comte,Comté,,,TOM,abc,,x,,,,,active\n\
         morbier,Morbier,,,,-1,,,,,,,dormant\n",
    );
    let found = errors(&file);
    let summary: Vec<(usize, &str)> = found.iter().map(|e| (e.line, e.code)).collect();
    assert_eq!(
        summary,
        [
            (2, "csv-orphan-row"),
            (3, "csv-price-too-precise"),
            (4, "csv-bad-price"),
            (4, "csv-bad-integer"),
            (4, "csv-duplicate-sku"),
            (5, "csv-unknown-status"),
            (5, "csv-negative-price"),
        ]
    );
}

/// A reader whose connection drops after the header.
struct Broken {
    sent: bool,
}

impl Read for Broken {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.sent {
            return Err(std::io::Error::other("connection reset"));
        }
        self.sent = true;
        let header = b"Handle,Title,Variant Price\nx,X,1\n";
        buf[..header.len()].copy_from_slice(header);
        Ok(header.len())
    }
}

#[test]
fn a_read_failure_is_reported_not_panicked() {
    let found = import(Broken { sent: false }, 2).unwrap_err();
    assert_eq!(
        found.last().map(|e| (e.code, e.line)),
        Some(("csv-unreadable", 3))
    );
    assert_contract(&found[0]);
}
