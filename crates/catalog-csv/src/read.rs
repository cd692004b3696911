//! Raw CSV reading shared by every format: byte-order mark, separator,
//! encoding, row limit, and which header is which column.

use std::cell::RefCell;
use std::collections::{HashMap, VecDeque};
use std::io::{Chain, Cursor, ErrorKind, Read};
use std::rc::Rc;

use csv::{ByteRecord, StringRecord};

use crate::error::{
    CsvError, Report, COLUMNS_NOT_IMPORTED, DUPLICATE_COLUMN, EMPTY, INVALID_UTF8, TOO_MANY_ROWS,
    UNKNOWN_COLUMNS, UNREADABLE,
};
use crate::MAX_ROWS;

const BOM: &[u8] = b"\xEF\xBB\xBF";
/// How much of the file is looked at to guess the separator: the header
/// line, which is all that is needed, fits many times over.
const SNIFF_LIMIT: usize = 64 * 1024;

pub(crate) type Input<R> = CountLines<Chain<Cursor<Vec<u8>>, R>>;

/// Where the line feeds are in the bytes handed to the CSV parser.
///
/// The `csv` crate's record positions are where it started looking for a
/// record, which is the line before after a CRLF or a blank line; a seller
/// must be sent to the right line, so lines are counted here instead.
#[derive(Default)]
struct Newlines {
    /// Offsets read but not yet passed by the parser; the parser reads ahead
    /// by one buffer at most, so this stays small.
    pending: VecDeque<u64>,
    passed: usize,
    last_passed: Option<u64>,
}

impl Newlines {
    /// The 1-based line of the last byte before `end`, not counting a line
    /// feed that ends exactly there (it terminates that line).
    fn line_ending_at(&mut self, end: u64) -> usize {
        while let Some(&offset) = self.pending.front() {
            if offset >= end {
                break;
            }
            self.passed += 1;
            self.last_passed = Some(offset);
            self.pending.pop_front();
        }
        let terminated = end > 0 && self.last_passed == Some(end - 1);
        self.passed + usize::from(!terminated)
    }
}

/// Passes bytes through, noting where each line feed is.
pub(crate) struct CountLines<R> {
    inner: R,
    offset: u64,
    newlines: Rc<RefCell<Newlines>>,
}

impl<R: Read> Read for CountLines<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let mut newlines = self.newlines.borrow_mut();
        for (i, _) in buf[..n].iter().enumerate().filter(|(_, &b)| b == b'\n') {
            newlines.pending.push_back(self.offset + i as u64);
        }
        self.offset += n as u64;
        Ok(n)
    }
}

/// A CSV file whose header has been read, handing out its rows one by one.
pub(crate) struct Sheet<R> {
    reader: csv::Reader<R>,
    newlines: Rc<RefCell<Newlines>>,
    pub headers: Vec<String>,
    /// The cell separator: `,`, or `;` or a tab from a spreadsheet.
    pub delimiter: u8,
    rows: usize,
    last_line: usize,
}

/// One data row, already known to be valid UTF-8.
pub(crate) struct Row {
    pub line: usize,
    record: StringRecord,
}

impl Row {
    /// The trimmed cell of column `index`, or `""` for an absent column or a
    /// short row (spreadsheets drop trailing empty cells), without the quote
    /// an export puts before what would start a formula.
    pub(crate) fn get(&self, index: Option<usize>) -> &str {
        index
            .and_then(|i| self.record.get(i))
            .map_or("", |cell| crate::value::unprotect(cell.trim()))
    }

    pub(crate) fn is_blank(&self) -> bool {
        self.record.iter().all(|cell| cell.trim().is_empty())
    }
}

/// Reads the header of `input`. The first chunk is read ahead so that a
/// byte-order mark can be dropped and the separator guessed: spreadsheets
/// saved with a French locale write `;` instead of `,`.
pub(crate) fn open<R: Read>(mut input: R) -> Result<Sheet<Input<R>>, CsvError> {
    let mut head = Vec::new();
    let mut chunk = [0u8; 8192];
    loop {
        let n = match input.read(&mut chunk) {
            Ok(n) => n,
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(_) => return Err(CsvError::new(UNREADABLE, 1)),
        };
        if n == 0 {
            break;
        }
        head.extend_from_slice(&chunk[..n]);
        if head.contains(&b'\n') || head.len() >= SNIFF_LIMIT {
            break;
        }
    }
    if head.starts_with(BOM) {
        head.drain(..BOM.len());
    }
    let delimiter = sniff_delimiter(&head);
    let newlines = Rc::new(RefCell::new(Newlines::default()));
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(CountLines {
            inner: Cursor::new(head).chain(input),
            offset: 0,
            newlines: Rc::clone(&newlines),
        });
    let mut record = ByteRecord::new();
    match reader.read_byte_record(&mut record) {
        Ok(true) => {}
        Ok(false) => return Err(CsvError::new(EMPTY, 1)),
        Err(_) => return Err(CsvError::new(UNREADABLE, 1)),
    }
    // Control characters mean a binary file (a spreadsheet's .xlsx, a
    // picture) rather than a CSV in the wrong encoding.
    if record
        .iter()
        .flatten()
        .any(|&b| b < 0x20 && !matches!(b, b'\t' | b'\r' | b'\n'))
    {
        return Err(crate::error::unknown_format(&[]));
    }
    let headers = StringRecord::from_byte_record(record)
        .map_err(|_| CsvError::new(INVALID_UTF8, 1))?
        .iter()
        .map(|h| h.trim().to_owned())
        .collect::<Vec<_>>();
    if headers.iter().all(String::is_empty) {
        return Err(CsvError::new(EMPTY, 1));
    }
    let last_line = newlines
        .borrow_mut()
        .line_ending_at(reader.position().byte());
    Ok(Sheet {
        reader,
        newlines,
        headers,
        delimiter,
        rows: 0,
        last_line,
    })
}

/// The separator used most often on the first line outside quotes.
fn sniff_delimiter(head: &[u8]) -> u8 {
    let mut counts = [(b',', 0usize), (b';', 0), (b'\t', 0)];
    let mut quoted = false;
    for &byte in head {
        match byte {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => break,
            _ if !quoted => {
                if let Some(entry) = counts.iter_mut().find(|(d, _)| *d == byte) {
                    entry.1 += 1;
                }
            }
            _ => {}
        }
    }
    // Ties keep the comma, which comes first: it is the standard.
    counts
        .iter()
        .fold(
            (b',', 0),
            |best, &(d, n)| if n > best.1 { (d, n) } else { best },
        )
        .0
}

impl<R: Read> Sheet<R> {
    /// The next data row. An error here is fatal to the import: past an
    /// encoding problem or the row limit, nothing further can be trusted or
    /// is worth reading.
    pub(crate) fn next_row(&mut self) -> Result<Option<Row>, CsvError> {
        let mut record = ByteRecord::new();
        match self.reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => return Ok(None),
            Err(_) => {
                // Reading failed somewhere after the last row read.
                return Err(CsvError::new(UNREADABLE, self.last_line + 1));
            }
        }
        let last_line = self
            .newlines
            .borrow_mut()
            .line_ending_at(self.reader.position().byte());
        let inner_newlines: usize = record
            .iter()
            .map(|f| f.iter().filter(|&&b| b == b'\n').count())
            .sum();
        let line = last_line - inner_newlines;
        self.last_line = last_line;
        self.rows += 1;
        if self.rows > MAX_ROWS {
            return Err(CsvError::new(TOO_MANY_ROWS, line).with("max", MAX_ROWS));
        }
        match StringRecord::from_byte_record(record) {
            Ok(record) => Ok(Some(Row { line, record })),
            Err(e) => {
                let mut error = CsvError::new(INVALID_UTF8, line);
                if let Some(name) = self.headers.get(e.utf8_error().field()) {
                    error = error.column(name.clone());
                }
                Err(error)
            }
        }
    }
}

/// Header text reduced to what identifies a column: case, runs of spaces,
/// no-break spaces and curly apostrophes vary between exports and
/// spreadsheets that re-save them.
pub(crate) fn normalize_header(header: &str) -> String {
    let mut out = String::with_capacity(header.len());
    // A byte-order mark glued to the first header by a caller of `detect`.
    let header = header.trim_start_matches('\u{feff}');
    for word in header
        .split(|c: char| c.is_whitespace())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().flat_map(char::to_lowercase).map(|c| match c {
            '’' | '‘' => '\'',
            c => c,
        }));
    }
    out
}

/// What a format makes of one header.
pub(crate) enum Kind {
    /// A column the importer reads, under its canonical name.
    Key(&'static str),
    /// Understood and consciously not kept, with nothing worth telling.
    Silent,
    /// Understood but its data is not kept: the seller is told when a row has
    /// a value other than these defaults (compared case-insensitively).
    Dropped(&'static [&'static str]),
    /// Not recognised; the seller gets one warning listing all such columns.
    Unknown,
}

/// Which column holds what, for one file.
pub(crate) struct Layout {
    pub headers: Vec<String>,
    keys: HashMap<&'static str, usize>,
    dropped: Vec<(usize, &'static [&'static str], bool)>,
}

impl Layout {
    /// Classifies every header; a column named twice is an error because
    /// either copy could be the one the seller edited.
    pub(crate) fn new(
        headers: &[String],
        report: &mut Report,
        mut classify: impl FnMut(usize, &str) -> Kind,
    ) -> Layout {
        let mut layout = Layout {
            headers: headers.to_vec(),
            keys: HashMap::new(),
            dropped: Vec::new(),
        };
        let mut unknown = Vec::new();
        for (index, header) in headers.iter().enumerate() {
            match classify(index, &normalize_header(header)) {
                Kind::Key(key) => {
                    if layout.keys.insert(key, index).is_some() {
                        report.error(CsvError::new(DUPLICATE_COLUMN, 1).column(header.clone()));
                    }
                }
                Kind::Silent => {}
                Kind::Dropped(defaults) => layout.dropped.push((index, defaults, false)),
                // Trailing separators make nameless columns; they hold nothing to warn about.
                Kind::Unknown if header.is_empty() => {}
                Kind::Unknown => unknown.push(header.clone()),
            }
        }
        if !unknown.is_empty() {
            report.warn(CsvError::new(UNKNOWN_COLUMNS, 1).with("columns", unknown.join(", ")));
        }
        layout
    }

    pub(crate) fn index(&self, key: &'static str) -> Option<usize> {
        self.keys.get(key).copied()
    }

    /// The header as the seller wrote it, for messages; the canonical name
    /// when the column is absent.
    pub(crate) fn name(&self, key: &'static str) -> String {
        self.index(key)
            .map_or_else(|| key.to_owned(), |i| self.headers[i].clone())
    }

    /// Notes which dropped columns hold real data in `row`.
    pub(crate) fn observe(&mut self, row: &Row) {
        for (index, defaults, seen) in &mut self.dropped {
            if !*seen {
                let value = row.get(Some(*index));
                *seen =
                    !value.is_empty() && !defaults.iter().any(|d| d.eq_ignore_ascii_case(value));
            }
        }
    }

    /// Marks a column as holding data that was not imported.
    pub(crate) fn mark_dropped(&mut self, index: usize) {
        match self.dropped.iter_mut().find(|(i, _, _)| *i == index) {
            Some(entry) => entry.2 = true,
            None => self.dropped.push((index, &[], true)),
        }
    }

    /// One warning naming every column whose data was left behind.
    pub(crate) fn report_dropped(&self, report: &mut Report) {
        let mut seen: Vec<_> = self.dropped.iter().filter(|(_, _, s)| *s).collect();
        seen.sort_by_key(|(i, _, _)| *i);
        if !seen.is_empty() {
            let names: Vec<&str> = seen
                .iter()
                .map(|(i, _, _)| self.headers[*i].as_str())
                .collect();
            report.warn(CsvError::new(COLUMNS_NOT_IMPORTED, 1).with("columns", names.join(", ")));
        }
    }
}

/// Reports the required columns missing from `layout`, by canonical name.
pub(crate) fn require(layout: &Layout, keys: &[&'static str], report: &mut Report) -> bool {
    let mut complete = true;
    for key in keys {
        if layout.index(key).is_none() {
            report.error(CsvError::new(crate::error::MISSING_COLUMN, 1).column(*key));
            complete = false;
        }
    }
    complete
}

/// Reads every row into `each`, stopping at the first fatal problem, which is
/// reported too. Blank rows (spreadsheets leave some at the end) are skipped.
pub(crate) fn for_each_row<R: Read>(
    sheet: &mut Sheet<R>,
    report: &mut Report,
    mut each: impl FnMut(&Row, &mut Report),
) {
    loop {
        match sheet.next_row() {
            Ok(Some(row)) if row.is_blank() => {}
            Ok(Some(row)) => each(&row, report),
            Ok(None) => break,
            Err(fatal) => {
                report.error(fatal);
                break;
            }
        }
    }
}
