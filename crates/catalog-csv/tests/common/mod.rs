//! Helpers shared by the integration tests: importing strings and checking
//! errors against the contract in `CODES`.

// Each test binary uses only some of these helpers.
#![allow(dead_code)]

use std::path::PathBuf;

use catalog_csv::{import, CsvError, Imported, CODES};

/// Shopify's own sample file, kept in the shared data folder.
pub fn template_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/shopify/product_template.csv")
}

pub fn template_bytes() -> Vec<u8> {
    let path = template_path();
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[track_caller]
pub fn ok(csv: &str) -> Imported {
    import(csv.as_bytes(), 2).unwrap_or_else(|errors| panic!("import failed: {errors:#?}"))
}

#[track_caller]
pub fn errors(csv: &[u8]) -> Vec<CsvError> {
    match import(csv, 2) {
        Ok(imported) => panic!("import should fail, got {:#?}", imported.catalog),
        Err(errors) => errors,
    }
}

/// Checks that a problem carries exactly the Fluent variables `CODES`
/// promises the translators.
#[track_caller]
pub fn assert_contract(problem: &CsvError) {
    let (_, names) = CODES
        .iter()
        .find(|(code, _)| *code == problem.code)
        .unwrap_or_else(|| panic!("{} missing from CODES", problem.code));
    let mut expected: Vec<&str> = names.to_vec();
    expected.sort_unstable();
    let mut actual: Vec<&str> = problem.fluent_args().iter().map(|(n, _)| *n).collect();
    actual.retain(|n| *n != "line" && (*n != "column" || names.contains(&"column")));
    actual.sort_unstable();
    assert_eq!(actual, expected, "variables of {problem}");
}
