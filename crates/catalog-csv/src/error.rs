//! Import problems as Fluent message ids plus arguments, so the web layer can
//! explain each one to a shop owner in their own language, by line and column.

use std::fmt;

/// One problem found in a CSV file: an error (nothing is imported) or a
/// warning (the import goes on without that piece of data).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvError {
    /// 1-based line of the file where the row starts; the header is line 1.
    pub line: usize,
    /// The column's header exactly as written in the file, when one column is at fault.
    pub column: Option<String>,
    /// Full Fluent message id, e.g. `"csv-bad-price"`; see [`CODES`].
    pub code: &'static str,
    /// Fluent variables other than `line` and `column`, in the order attached.
    pub args: Vec<(&'static str, String)>,
}

impl CsvError {
    pub(crate) fn new(code: &'static str, line: usize) -> Self {
        Self {
            line,
            column: None,
            code,
            args: Vec::new(),
        }
    }

    #[must_use]
    pub(crate) fn column(mut self, name: impl Into<String>) -> Self {
        self.column = Some(name.into());
        self
    }

    #[must_use]
    pub(crate) fn with(mut self, name: &'static str, value: impl ToString) -> Self {
        self.args.push((name, value.to_string()));
        self
    }

    /// The value of the argument called `name`, if any.
    pub fn arg(&self, name: &str) -> Option<&str> {
        self.args
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Every Fluent variable of the message: `line`, `column` when there is
    /// one, then [`CsvError::args`]. Handing this list to Fluent as-is keeps
    /// the web layer from forgetting a variable the `.ftl` text relies on.
    pub fn fluent_args(&self) -> Vec<(&'static str, String)> {
        let mut all = vec![("line", self.line.to_string())];
        if let Some(column) = &self.column {
            all.push(("column", column.clone()));
        }
        all.extend(self.args.iter().cloned());
        all
    }
}

impl fmt::Display for CsvError {
    // Only developers see this (logs, test failures); users get the Fluent text.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}", self.line)?;
        if let Some(column) = &self.column {
            write!(f, ", column {column:?}")?;
        }
        write!(f, ": {}", self.code)?;
        for (name, value) in &self.args {
            write!(f, " {name}={value:?}")?;
        }
        Ok(())
    }
}

impl std::error::Error for CsvError {}

// Message ids, named once so a typo is a compile error rather than a missing
// translation discovered by a seller.
pub(crate) const EMPTY: &str = "csv-empty";
pub(crate) const UNREADABLE: &str = "csv-unreadable";
pub(crate) const UNKNOWN_FORMAT: &str = "csv-unknown-format";
pub(crate) const INVALID_UTF8: &str = "csv-invalid-utf8";
pub(crate) const TOO_MANY_ROWS: &str = "csv-too-many-rows";
pub(crate) const MISSING_COLUMN: &str = "csv-missing-column";
pub(crate) const DUPLICATE_COLUMN: &str = "csv-duplicate-column";
pub(crate) const REQUIRED_VALUE: &str = "csv-required-value";
pub(crate) const EMPTY_TITLE: &str = "csv-empty-title";
pub(crate) const BAD_PRICE: &str = "csv-bad-price";
pub(crate) const NEGATIVE_PRICE: &str = "csv-negative-price";
pub(crate) const PRICE_TOO_PRECISE: &str = "csv-price-too-precise";
pub(crate) const BAD_INTEGER: &str = "csv-bad-integer";
pub(crate) const BAD_WEIGHT: &str = "csv-bad-weight";
pub(crate) const BAD_BOOLEAN: &str = "csv-bad-boolean";
pub(crate) const BAD_CHOICE: &str = "csv-bad-choice";
pub(crate) const UNKNOWN_STATUS: &str = "csv-unknown-status";
pub(crate) const ORPHAN_ROW: &str = "csv-orphan-row";
pub(crate) const DUPLICATE_HANDLE: &str = "csv-duplicate-handle";
pub(crate) const TOO_MANY_OPTIONS: &str = "csv-too-many-options";
pub(crate) const OPTION_VALUES_MISMATCH: &str = "csv-option-values-mismatch";
pub(crate) const OPTION_VALUE_MISSING: &str = "csv-option-value-missing";
pub(crate) const UNKNOWN_OPTION: &str = "csv-unknown-option";
pub(crate) const DUPLICATE_SKU: &str = "csv-duplicate-sku";
pub(crate) const DUPLICATE_OPTIONS: &str = "csv-duplicate-options";
pub(crate) const VARIANTS_WITHOUT_OPTIONS: &str = "csv-variants-without-options";
pub(crate) const NO_VARIANTS: &str = "csv-no-variants";
pub(crate) const IMAGE_NOT_HTTP: &str = "csv-image-not-http";
pub(crate) const UNKNOWN_COLUMNS: &str = "csv-unknown-columns";
pub(crate) const COLUMNS_NOT_IMPORTED: &str = "csv-columns-not-imported";
pub(crate) const UNSUPPORTED_TYPE: &str = "csv-unsupported-type";
pub(crate) const EXTRA_CATEGORIES: &str = "csv-extra-categories";
pub(crate) const VARIATION_DISABLED: &str = "csv-variation-disabled";
pub(crate) const AMBIGUOUS_NUMBER: &str = "csv-ambiguous-number";
pub(crate) const UNKNOWN_UNIT: &str = "csv-unknown-unit";

/// Every code the importer can produce, with the Fluent variables its
/// message uses. `line` is always supplied and not listed; `column` is listed
/// for the codes that always carry one (other codes may still set
/// [`CsvError::column`] so a screen can highlight the cell).
///
/// Public so the web layer can check at start-up that each locale defines
/// every message; the crate's tests check this table against the `.ftl`
/// files and against the errors actually returned.
pub const CODES: &[(&str, &[&str])] = &[
    // The file as a whole.
    (EMPTY, &[]),
    (UNREADABLE, &[]),
    (UNKNOWN_FORMAT, &["shopify", "woocommerce", "found"]),
    (INVALID_UTF8, &[]),
    (TOO_MANY_ROWS, &["max"]),
    (MISSING_COLUMN, &["column"]),
    (DUPLICATE_COLUMN, &["column"]),
    // One cell.
    (REQUIRED_VALUE, &["column"]),
    (EMPTY_TITLE, &["column"]),
    (BAD_PRICE, &["column", "value"]),
    (NEGATIVE_PRICE, &["column", "value"]),
    (PRICE_TOO_PRECISE, &["column", "value", "decimals"]),
    (BAD_INTEGER, &["column", "value"]),
    (BAD_WEIGHT, &["column", "value"]),
    (BAD_BOOLEAN, &["column", "value"]),
    (BAD_CHOICE, &["column", "value", "expected"]),
    (UNKNOWN_STATUS, &["column", "value", "expected"]),
    (AMBIGUOUS_NUMBER, &["column", "value", "decimal", "whole"]),
    (UNKNOWN_UNIT, &["column", "value", "expected"]),
    // How rows fit together.
    (ORPHAN_ROW, &["column", "value"]),
    (DUPLICATE_HANDLE, &["column", "value", "first_line"]),
    (TOO_MANY_OPTIONS, &["column", "value", "max"]),
    (OPTION_VALUES_MISMATCH, &["column", "expected", "found"]),
    (OPTION_VALUE_MISSING, &["column", "option"]),
    (UNKNOWN_OPTION, &["column", "value"]),
    (DUPLICATE_SKU, &["column", "value", "first_line"]),
    (DUPLICATE_OPTIONS, &["column", "value", "first_line"]),
    (VARIANTS_WITHOUT_OPTIONS, &["first_line"]),
    (NO_VARIANTS, &[]),
    // Warnings: the import goes on.
    (IMAGE_NOT_HTTP, &["column", "value"]),
    (UNKNOWN_COLUMNS, &["columns"]),
    (COLUMNS_NOT_IMPORTED, &["columns"]),
    (UNSUPPORTED_TYPE, &["column", "value"]),
    (EXTRA_CATEGORIES, &["column", "value"]),
    (VARIATION_DISABLED, &[]),
];

/// Codes that never stop an import: they are returned in
/// [`crate::Imported::warnings`].
pub const WARNING_CODES: &[&str] = &[
    IMAGE_NOT_HTTP,
    UNKNOWN_COLUMNS,
    COLUMNS_NOT_IMPORTED,
    UNSUPPORTED_TYPE,
    EXTRA_CATEGORIES,
    VARIATION_DISABLED,
];

/// The file is not one of the formats we read; the message names the
/// columns each format needs and how the file's header starts.
pub(crate) fn unknown_format(found: &[&str]) -> CsvError {
    let found: Vec<&str> = found
        .iter()
        .copied()
        .filter(|h| !h.is_empty())
        .take(6)
        .collect();
    CsvError::new(UNKNOWN_FORMAT, 1)
        .with("shopify", crate::shopify::REQUIRED.join(", "))
        .with("woocommerce", crate::woocommerce::REQUIRED.join(", "))
        .with("found", found.join(", "))
}

/// A value that could not be read, before it is placed at a line and column.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Problem {
    pub code: &'static str,
    pub extra: Vec<(&'static str, String)>,
}

impl Problem {
    pub(crate) fn new(code: &'static str) -> Self {
        Self {
            code,
            extra: Vec::new(),
        }
    }
}

/// Errors and warnings gathered over a whole file, so a seller sees every
/// problem at once instead of fixing them one upload at a time.
#[derive(Debug, Default)]
pub(crate) struct Report {
    pub errors: Vec<CsvError>,
    pub warnings: Vec<CsvError>,
}

impl Report {
    pub(crate) fn error(&mut self, error: CsvError) {
        self.errors.push(error);
    }

    pub(crate) fn warn(&mut self, warning: CsvError) {
        self.warnings.push(warning);
    }

    /// Reads a cell that may be empty: `None` when it is, or when it could not
    /// be parsed (that problem is then reported against the cell).
    pub(crate) fn optional<T>(
        &mut self,
        line: usize,
        column: &str,
        raw: &str,
        parse: impl FnOnce(&str) -> Result<T, Problem>,
    ) -> Option<T> {
        if raw.is_empty() {
            return None;
        }
        match parse(raw) {
            Ok(value) => Some(value),
            Err(problem) => {
                let mut error = CsvError::new(problem.code, line)
                    .column(column)
                    .with("value", raw);
                error.args.extend(problem.extra);
                self.error(error);
                None
            }
        }
    }

    /// Reads a cell that must hold a value; an empty one is reported too.
    pub(crate) fn required<T>(
        &mut self,
        line: usize,
        column: &str,
        raw: &str,
        parse: impl FnOnce(&str) -> Result<T, Problem>,
    ) -> Option<T> {
        if raw.is_empty() {
            self.error(CsvError::new(REQUIRED_VALUE, line).column(column));
            return None;
        }
        self.optional(line, column, raw, parse)
    }
}
