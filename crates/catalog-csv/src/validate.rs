//! Checks that need the whole catalog: duplicate SKUs across the file and
//! duplicate option combinations within a product, whatever the format.

use std::collections::HashMap;

use crate::error::{CsvError, Report, DUPLICATE_OPTIONS, DUPLICATE_SKU, VARIANTS_WITHOUT_OPTIONS};
use crate::model::Catalog;

/// `sku_column` names the SKU header as written in the file;
/// `option_column(i)` the first option value column of product `i`.
pub(crate) fn check(
    catalog: &Catalog,
    sku_column: &str,
    option_column: impl Fn(usize) -> String,
    report: &mut Report,
) {
    let mut skus: HashMap<&str, usize> = HashMap::new();
    for (index, product) in catalog.products.iter().enumerate() {
        let mut combinations: HashMap<&[String], usize> = HashMap::new();
        for variant in &product.variants {
            if let Some(sku) = variant.sku.as_deref() {
                if let Some(&first) = skus.get(sku) {
                    report.error(
                        CsvError::new(DUPLICATE_SKU, variant.line)
                            .column(sku_column)
                            .with("value", sku)
                            .with("first_line", first),
                    );
                } else {
                    skus.insert(sku, variant.line);
                }
            }
            match combinations.get(variant.option_values.as_slice()) {
                Some(&first) if product.options.is_empty() => report.error(
                    CsvError::new(VARIANTS_WITHOUT_OPTIONS, variant.line).with("first_line", first),
                ),
                Some(&first) => report.error(
                    CsvError::new(DUPLICATE_OPTIONS, variant.line)
                        .column(option_column(index))
                        .with("value", variant.option_values.join(" / "))
                        .with("first_line", first),
                ),
                None => {
                    combinations.insert(&variant.option_values, variant.line);
                }
            }
        }
    }
}
