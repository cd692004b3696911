//! Typst, run as a library on a world of three files that live in memory: the template
//! (`invoice.typ`, built in), the sheet as JSON and the Factur-X XML. No file of the machine is
//! read and no package is fetched; the fonts are Typst's own (Libertinus Serif).

use std::sync::LazyLock;

use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Smart};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use crate::{Error, Sheet};

const TEMPLATE: &str = include_str!("invoice.typ");

struct Fonts {
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

/// Typst's fonts, read once. Only the text family the template uses is kept, with the math
/// font Typst falls back on.
static FONTS: LazyLock<Fonts> = LazyLock::new(|| {
    let fonts: Vec<Font> = typst_assets::fonts()
        .flat_map(|data| Font::iter(Bytes::new(data)))
        .filter(|f| {
            let family = f.info().family.as_str();
            family == "Libertinus Serif" || family == "New Computer Modern Math"
        })
        .collect();
    Fonts {
        book: LazyHash::new(FontBook::from_fonts(&fonts)),
        fonts,
    }
});

static LIBRARY: LazyLock<LazyHash<Library>> = LazyLock::new(|| LazyHash::new(Library::default()));

fn id(path: &str) -> FileId {
    FileId::new(RootedPath::new(
        VirtualRoot::Project,
        VirtualPath::new(path).expect("a plain path"),
    ))
}

struct Invoice {
    main: Source,
    sheet: (FileId, Bytes),
    xml: (FileId, Bytes),
    today: Option<Datetime>,
}

impl World for Invoice {
    fn library(&self) -> &LazyHash<Library> {
        &LIBRARY
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &FONTS.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::NotSource)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        [&self.sheet, &self.xml]
            .into_iter()
            .find(|(i, _)| *i == id)
            .map(|(_, b)| b.clone())
            .ok_or_else(|| FileError::NotFound(id.vpath().get_with_slash().into()))
    }

    fn font(&self, index: usize) -> Option<Font> {
        FONTS.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        self.today
    }
}

/// Whether the fonts draw `c` (PDF/A forbids a character drawn as the font's empty box).
fn drawn(c: char) -> bool {
    c == '\n'
        || FONTS
            .fonts
            .iter()
            .any(|f| f.info().coverage.contains(c as u32))
}

/// Every text of the sheet with what the fonts cannot draw (an emoji, a script they lack)
/// written as "?": the page stays readable and valid; the attached XML keeps the text as is.
fn printable(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::String(s) if !s.chars().all(drawn) => {
            *s = s.chars().map(|c| if drawn(c) { c } else { '?' }).collect();
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(printable),
        serde_json::Value::Object(map) => map.values_mut().for_each(printable),
        _ => {}
    }
}

/// "2026-12-07" as a date.
fn date(ymd: &str) -> Option<Datetime> {
    let mut parts = ymd.splitn(3, '-').map(|p| p.parse::<u32>().ok());
    let (y, m, d) = (parts.next()??, parts.next()??, parts.next()??);
    Datetime::from_ymd(
        i32::try_from(y).ok()?,
        u8::try_from(m).ok()?,
        u8::try_from(d).ok()?,
    )
}

fn messages(diags: &[SourceDiagnostic]) -> String {
    diags
        .iter()
        .map(|d| d.message.as_str())
        .collect::<Vec<_>>()
        .join("; ")
}

/// Lays `sheet` out and writes it as PDF/A-3b with `xml` attached, dated `issued_on`
/// (YYYY-MM-DD) and identified by the document's `number` (the same number, the same PDF).
pub(crate) fn pdf(
    sheet: &Sheet,
    xml: &str,
    issued_on: &str,
    number: &str,
) -> Result<Vec<u8>, Error> {
    let mut data = serde_json::to_value(sheet).map_err(|e| Error::Layout(e.to_string()))?;
    printable(&mut data);
    let json = serde_json::to_vec(&data).map_err(|e| Error::Layout(e.to_string()))?;
    let today = date(issued_on);
    let world = Invoice {
        main: Source::new(id("/invoice.typ"), TEMPLATE.to_string()),
        sheet: (id("/sheet.json"), Bytes::new(json)),
        xml: (id("/factur-x.xml"), Bytes::new(xml.as_bytes().to_vec())),
        today,
    };
    let doc: PagedDocument = typst::compile(&world)
        .output
        .map_err(|e| Error::Layout(messages(&e)))?;
    let standards =
        PdfStandards::new(&[PdfStandard::A_3b]).map_err(|e| Error::Pdf(e.message().to_string()))?;
    let options = PdfOptions {
        ident: Smart::Custom(format!("vitrine-invoice-{number}")),
        creator: Smart::Custom(Some("Vitrine".into())),
        timestamp: today.map(Timestamp::new_utc),
        standards,
        ..PdfOptions::default()
    };
    typst_pdf::pdf(&doc, &options).map_err(|e| Error::Pdf(messages(&e)))
}
