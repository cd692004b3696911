//! Invoices and credit notes as files: the PDF a customer downloads and the seller keeps, and
//! inside it the XML of the same document, so that it is a Factur-X invoice (profile EN 16931)
//! that accounting software reads without typing anything again.
//!
//! [`pdf`] lays out a [`Sheet`] (what the page says, in the reader's language, written by the
//! caller from the issued document) with Typst as PDF/A-3b, fonts embedded, attaches
//! [`cii::xml`] of the document as `factur-x.xml` (relationship "Alternative") and adds the
//! Factur-X description to the PDF's XMP metadata. The same document gives the same bytes.
#![forbid(unsafe_code)]

use serde::Serialize;

pub mod cii;
mod typeset;
mod xmp;

/// A party as the page prints it: the name, then its lines (address, numbers, e-mail).
#[derive(Debug, Clone, Serialize, Default)]
pub struct Party {
    pub heading: String,
    pub name: String,
    pub lines: Vec<String>,
}

/// A table: its caption, column headings and rows (the first cell of a row heads it; a cell
/// may hold several lines).
#[derive(Debug, Clone, Serialize, Default)]
pub struct Table {
    pub caption: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// What an invoice's page says, every text already in the reader's language and every amount
/// already written as that language writes money.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Sheet {
    /// BCP 47 ("fr", "en"), for hyphenation and the PDF's language.
    pub lang: String,
    /// "Facture n° F-000001".
    pub title: String,
    /// "Date : 7 décembre 2026 — commande n° 1001".
    pub dated: String,
    /// "Avoir sur la facture n° F-000001", on a credit note.
    pub credits: Option<String>,
    pub seller: Party,
    pub buyer: Party,
    pub lines: Table,
    /// Empty when no VAT is charged.
    pub rates: Table,
    /// (label, amount), the last one the total to pay.
    pub totals: Vec<(String, String)>,
    /// "Payée le 7 décembre 2026 (Carte bancaire)."
    pub paid: Option<String>,
    pub mentions: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("the invoice could not be laid out: {0}")]
    Layout(String),
    #[error("the invoice's PDF could not be completed: {0}")]
    Pdf(String),
}

/// The PDF/A-3b of `doc` as `sheet` writes it, with its Factur-X XML attached.
pub fn pdf(doc: &domain::invoice::Document, sheet: &Sheet) -> Result<Vec<u8>, Error> {
    let xml = cii::xml(doc);
    let bytes = typeset::pdf(sheet, &xml, &doc.issued_on, &doc.number)?;
    xmp::add_facturx(bytes)
}
