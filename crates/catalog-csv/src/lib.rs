//! Product catalogs in and out of CSV: a Shopify or WooCommerce export is
//! imported as-is, and any catalog is exported in Shopify's format, so a
//! seller leaves Vitrine as freely as they came.
//!
//! The crate is pure: it reads from an [`std::io::Read`] and writes to an
//! [`std::io::Write`], and never touches the network (image URLs are only
//! collected), the database or the clock. Every problem in a file is
//! reported at once, by line and column, as a Fluent message id with its
//! arguments ([`CsvError`]); the messages live in
//! `crates/web/i18n/{fr,en}/csv.ftl`.
#![forbid(unsafe_code)]

mod error;
mod model;
mod number;
mod read;
mod shopify;
mod slug;
mod validate;
mod value;
mod woocommerce;

use std::io::{Read, Write};

pub use error::{CsvError, CODES, WARNING_CODES};
pub use model::{Catalog, Image, Product, Status, Variant};
pub use shopify::TEMPLATE_COLUMNS;
/// A text cell made safe to open in a spreadsheet (for every CSV the platform writes).
pub use value::protect as protect_cell;

/// The most data rows one file may have. A bigger catalog is split into
/// several files, which keeps one import's memory and duration bounded.
pub const MAX_ROWS: usize = 50_000;

/// Where a CSV file comes from, told by its header line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Shopify,
    WooCommerce,
}

/// Recognises a header line (column names in any order, any case).
pub fn detect(header: &[&str]) -> Option<Format> {
    let normalized: Vec<String> = header.iter().map(|h| read::normalize_header(h)).collect();
    if shopify::matches(&normalized) {
        Some(Format::Shopify)
    } else if woocommerce::matches(&normalized) {
        Some(Format::WooCommerce)
    } else {
        None
    }
}

/// A file that imported: the whole catalog, and what was left behind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    pub format: Format,
    pub catalog: Catalog,
    /// Problems that did not stop the import (an image path that is not a
    /// URL, columns Vitrine does not keep), in line order.
    pub warnings: Vec<CsvError>,
}

/// Reads a Shopify or WooCommerce product CSV, telling which by its header.
///
/// Prices are read for a currency with `currency_minor_units` decimals (2
/// for EUR). Either the whole catalog comes back, or every error found in
/// the file, sorted by line: an import is all or nothing.
pub fn import(reader: impl Read, currency_minor_units: u8) -> Result<Imported, Vec<CsvError>> {
    let mut recorder = Recorder {
        inner: reader,
        bytes: Vec::new(),
        ended: false,
    };
    let first = import_once(&mut recorder, currency_minor_units, None);
    // A number such as "1,234" is read again once the whole file has shown
    // what its marks mean ("12,50" elsewhere makes the comma a decimal mark).
    if first.undecided && recorder.ended && first.known != first.known.and(first.seen) {
        let known = first.known.and(first.seen);
        return import_once(recorder.bytes.as_slice(), currency_minor_units, Some(known)).result;
    }
    first.result
}

/// One reading of a file, with what its numbers showed.
struct Pass {
    result: Result<Imported, Vec<CsvError>>,
    known: number::Marks,
    seen: number::Marks,
    undecided: bool,
}

fn import_once(reader: impl Read, minor_units: u8, known: Option<number::Marks>) -> Pass {
    let failed = |errors: Vec<CsvError>| Pass {
        result: Err(errors),
        known: number::Marks::default(),
        seen: number::Marks::default(),
        undecided: false,
    };
    let mut sheet = match read::open(reader) {
        Ok(sheet) => sheet,
        Err(e) => return failed(vec![e]),
    };
    let header: Vec<&str> = sheet.headers.iter().map(String::as_str).collect();
    let Some(format) = detect(&header) else {
        return failed(vec![error::unknown_format(&header)]);
    };
    let known = known.unwrap_or_else(|| number::Marks::for_delimiter(sheet.delimiter));
    let numbers = number::Numbers::new(minor_units, known);
    let mut report = error::Report::default();
    let catalog = match format {
        Format::Shopify => shopify::import(&mut sheet, &numbers, &mut report),
        Format::WooCommerce => woocommerce::import(&mut sheet, &numbers, &mut report),
    };
    // Stable sorts: problems on one line stay in column order.
    report.errors.sort_by_key(|e| e.line);
    report.warnings.sort_by_key(|w| w.line);
    let result = if report.errors.is_empty() {
        Ok(Imported {
            format,
            catalog,
            warnings: report.warnings,
        })
    } else {
        Err(report.errors)
    };
    Pass {
        result,
        known,
        seen: numbers.seen(),
        undecided: numbers.undecided(),
    }
}

/// Keeps a copy of what is read, for a second reading of the same file.
struct Recorder<R> {
    inner: R,
    bytes: Vec<u8>,
    ended: bool,
}

impl<R: Read> Read for Recorder<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.ended |= n == 0 && !buf.is_empty();
        self.bytes.extend_from_slice(&buf[..n]);
        Ok(n)
    }
}

/// Writes `catalog` in Shopify's product CSV format: exactly the 48 columns
/// of Shopify's template ([`TEMPLATE_COLUMNS`]) in its order, the first
/// variant and first image on the product's row, further variants and
/// images on the rows after it. Prices are written with
/// `currency_minor_units` decimals ("25.00").
///
/// A product without options is written with Shopify's "Title" /
/// "Default Title" option, which [`import`] reads back as no options. Tags
/// are joined with commas, so a tag containing a comma comes back split.
pub fn export_shopify(
    catalog: &Catalog,
    writer: impl Write,
    currency_minor_units: u8,
) -> std::io::Result<()> {
    shopify::export(catalog, writer, currency_minor_units)
}
