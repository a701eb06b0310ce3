//! CSV files: a header row, then one row per employee, read as bytes and decoded per cell.
//! A file in another encoding than UTF-8 is decoded to UTF-8 as it streams ([`decode`]), by
//! the encoding named or found ([`encoding`]).

mod decode;
mod encoding;
mod parser;

pub(crate) use decode::Decoded;
pub use encoding::Encoding;
pub(crate) use encoding::{detect, Contradiction, Detected, SNIFF_BYTES};

use super::row::RawRow;
use super::source::Source;
use super::{column_letters, CellRef, DataError, DataLimits, RowRef, Slot};
use crate::text::name_key;
use parser::{Failure, Field, Fields, Parser, RecordLimits};
use std::collections::HashMap;
use std::sync::Arc;

/// A CSV file whose header has been read.
#[derive(Debug)]
pub(crate) struct CsvBody {
    source: Source,
    /// The encoding it is read in.
    detected: Detected,
    limits: DataLimits,
    /// The header's row (1 unless blank lines come first).
    header_row: u64,
    /// Number of cells in the header.
    width: usize,
    /// The header cell of each named column (blank header cells name no column).
    fields: Arc<[usize]>,
}

/// Reads the header of `source`, in the `forced` encoding or the one its first bytes show,
/// returning the column names and the body to stream rows from.
pub(crate) fn read_header(
    name: &Arc<str>,
    source: Source,
    limits: &DataLimits,
    forced: Option<Encoding>,
) -> Result<(Vec<Arc<str>>, CsvBody), DataError> {
    let detected = source.detect(name, forced)?;
    let mut parser = Parser::new(source.reader(name, detected)?);
    let mut record = Fields::default();
    let header_limits = RecordLimits {
        cell: limits.max_header_bytes,
        row: limits.max_header_bytes,
        abort: limits.max_header_bytes as u64,
    };
    loop {
        match parser.read(&mut record, header_limits) {
            Ok(true) if record.is_blank() && !has_nul(&record) => continue,
            Ok(true) => break,
            Ok(false) => {
                return Err(DataError::Empty {
                    file: name.clone(),
                    expected: "a header row naming the columns",
                })
            }
            Err(failure) => return Err(fatal(name, failure, &[], limits)),
        }
    }
    if has_nul(&record) {
        return Err(DataError::Utf16 { file: name.clone() });
    }
    let row = record.row;
    let mut columns: Vec<Arc<str>> = Vec::new();
    let mut fields = Vec::new();
    let mut seen: HashMap<String, (usize, Arc<str>)> = HashMap::new();
    for (i, bytes) in record.iter().enumerate() {
        let Ok(text) = std::str::from_utf8(bytes) else {
            return Err(DataError::HeaderUndecodable {
                file: name.clone(),
                row,
                column: column_letters(i + 1),
                encoding: detected.encoding,
            });
        };
        let text = text.trim();
        if text.is_empty() {
            continue;
        }
        let column: Arc<str> = Arc::from(text);
        let key = name_key(text).into_owned();
        if let Some((first, spelling)) = seen.insert(key, (i, column.clone())) {
            return Err(DataError::DuplicateColumn {
                file: name.clone(),
                name: spelling.to_string(),
                other_spelling: (*spelling != *text).then(|| text.to_string()),
                first: column_letters(first + 1),
                second: column_letters(i + 1),
            });
        }
        columns.push(column);
        fields.push(i);
    }
    let body = CsvBody {
        source,
        detected,
        limits: *limits,
        header_row: row,
        width: record.len(),
        fields: fields.into(),
    };
    Ok((columns, body))
}

fn has_nul(record: &Fields) -> bool {
    record.iter().any(|f| f.contains(&0))
}

/// A failure that stops reading the file: an unclosed quote, a read error, a header too long
/// (only the header's reading stops at a length).
fn fatal(
    name: &Arc<str>,
    failure: Failure,
    columns: &[(usize, Arc<str>)],
    limits: &DataLimits,
) -> DataError {
    match failure {
        Failure::Io(e) => DataError::io(name, e),
        Failure::UnclosedQuote { row, field, lines } => DataError::UnclosedQuote {
            at: CellRef {
                file: name.clone(),
                row,
                column: column_name(columns, field),
            },
            lines,
        },
        Failure::TooLong { row } => DataError::HeaderTooLong {
            file: name.clone(),
            row,
            limit: limits.max_header_bytes,
        },
    }
}

/// The header's name for field `field`, or its letter for a field without one.
fn column_name(columns: &[(usize, Arc<str>)], field: usize) -> Arc<str> {
    columns
        .iter()
        .find(|(f, _)| *f == field)
        .map(|(_, c)| c.clone())
        .unwrap_or_else(|| Arc::from(column_letters(field + 1)))
}

impl CsvBody {
    /// The encoding the file is read in.
    pub(crate) fn encoding(&self) -> Encoding {
        self.detected.encoding
    }

    /// A fresh pass over the rows after the header. With `only`, just that column is decoded.
    pub(crate) fn rows(
        &self,
        name: &Arc<str>,
        columns: &Arc<[Arc<str>]>,
        only: Option<usize>,
    ) -> Result<CsvRows, DataError> {
        let mut parser = Parser::new(self.source.reader(name, self.detected)?);
        parser.width = Some(self.width);
        Ok(CsvRows {
            file: name.clone(),
            encoding: self.detected.encoding,
            named: self
                .fields
                .iter()
                .copied()
                .zip(columns.iter().cloned())
                .collect(),
            width: self.width,
            header_row: self.header_row,
            only,
            limits: self.limits,
            parser,
            record: Fields::default(),
            done: false,
        })
    }
}

/// The data rows of a CSV file, streamed. A failure that stops the file (a quote never
/// closed, a read error) is the last row, carrying a file error.
pub(crate) struct CsvRows {
    file: Arc<str>,
    /// The encoding the file is read in (for a cell that is not valid in it).
    encoding: Encoding,
    /// Header position and name of each column.
    named: Vec<(usize, Arc<str>)>,
    width: usize,
    header_row: u64,
    only: Option<usize>,
    limits: DataLimits,
    parser: Parser,
    record: Fields,
    done: bool,
}

impl Iterator for CsvRows {
    type Item = RawRow;

    fn next(&mut self) -> Option<RawRow> {
        let mut out = RawRow::default();
        self.next_into(&mut out).then_some(out)
    }
}

impl CsvRows {
    /// Reads the next row into `out`, reusing its buffers (the key pass reads a whole file
    /// this way without allocating per row); `false` at the end.
    pub(crate) fn next_into(&mut self, out: &mut RawRow) -> bool {
        let limits = RecordLimits {
            cell: self.limits.max_cell_bytes,
            row: self.limits.max_row_bytes,
            abort: u64::MAX,
        };
        while !self.done {
            match self.parser.read(&mut self.record, limits) {
                Ok(true) => {}
                Ok(false) => self.done = true,
                Err(failure) => {
                    self.done = true;
                    let error = fatal(&self.file, failure, &self.named, &self.limits);
                    let row = match &error {
                        DataError::UnclosedQuote { at, .. } => at.row,
                        _ => self.record.row,
                    };
                    out.row = row;
                    out.text.clear();
                    out.cells.clear();
                    out.cells.resize(self.named.len(), None);
                    out.error = Some(error);
                    return true;
                }
            }
            if self.done {
                break;
            }
            if self.record.row <= self.header_row || self.record.is_blank() {
                // The header (read again), or an empty spreadsheet row (`,,,,` in Excel
                // exports): no employee.
                continue;
            }
            self.decode(out);
            return true;
        }
        false
    }

    fn decode(&self, out: &mut RawRow) {
        let record = &self.record;
        let row = record.row;
        let at = || RowRef {
            file: self.file.clone(),
            row,
        };
        let cell_at = |i: usize| CellRef {
            file: self.file.clone(),
            row,
            column: column_name(&self.named, i),
        };
        let mut error = None;
        if record.len > self.limits.max_row_bytes as u64 {
            error = Some(DataError::RowTooLong {
                at: at(),
                bytes: record.len,
                limit: self.limits.max_row_bytes,
            });
        } else if let Some(merged) = &record.merged {
            error = Some(DataError::MergedRows {
                at: cell_at(merged.field),
                lines: merged.lines,
                commas: merged.commas,
                second: merged.second.clone(),
            });
        } else if let Some(i) = (0..record.len()).find(|&i| {
            record
                .get(i)
                .is_some_and(|(_, f)| f.stray == Some(true) && f.lines > 0)
        }) {
            // Text after a quote that closed a cell spanning lines: the quote probably
            // closed a cell opened rows earlier.
            error = Some(DataError::StrayQuote {
                at: cell_at(i),
                after_close: true,
            });
        } else if record.len() != self.width {
            error = Some(DataError::FieldCount {
                at: at(),
                found: record.len(),
                expected: self.width,
            });
        }
        out.row = row;
        out.error = error;
        if self.only.is_none() {
            if let Some((text, cells)) = self.plain() {
                out.text = text;
                out.cells = cells;
                return;
            }
        }
        out.text.clear();
        out.cells.clear();
        out.cells.reserve(self.named.len());
        for (i, (field, column)) in self.named.iter().enumerate() {
            if self.only.is_some_and(|only| only != i) {
                out.cells.push(None);
                continue;
            }
            let cell = record
                .get(*field)
                .and_then(|(bytes, info)| self.cell(out, bytes, info, (i, column)));
            out.cells.push(cell);
        }
    }

    /// The common row at once: its stored bytes are UTF-8 without a NUL, and no cell is cut
    /// or has a stray quote. Its text is then those bytes as they are, each cell a trimmed
    /// range of it (one copy for the row). `None` for any other row.
    fn plain(&self) -> Option<(String, Vec<Option<Slot>>)> {
        let record = &self.record;
        let all = std::str::from_utf8(record.stored()).ok()?;
        if memchr::memchr(0, all.as_bytes()).is_some() {
            return None;
        }
        let mut cells = Vec::with_capacity(self.named.len());
        for (column, (field, _)) in self.named.iter().enumerate() {
            let Some((start, end, info)) = record.span(*field) else {
                cells.push(None);
                continue;
            };
            if info.len != (end - start) as u64 || info.stray.is_some() {
                return None;
            }
            // A field ends where a comma or a quote was: a character boundary, unless bytes
            // that are not UTF-8 on their own form a character with the next field's.
            let text = all.get(start..end)?;
            let trimmed = trim(text);
            if trimmed.is_empty() {
                cells.push(None);
                continue;
            }
            let start = match trimmed.len() == text.len() {
                true => start,
                false => start + (text.len() - text.trim_start().len()),
            };
            cells.push(Some(Slot {
                start,
                end: start + trimmed.len(),
                file: 0,
                column,
                row: record.row,
                problem: None,
            }));
        }
        Some((all.to_string(), cells))
    }

    /// Decodes one field into `out`'s text; `None` for a blank cell without a problem.
    fn cell(
        &self,
        out: &mut RawRow,
        bytes: &[u8],
        info: &Field,
        (index, column): (usize, &Arc<str>),
    ) -> Option<Slot> {
        let utf8 = std::str::from_utf8(bytes);
        if let Ok(text) = utf8 {
            // The common cell: whole, UTF-8, no NUL, no stray quote.
            if info.len == bytes.len() as u64 && info.stray.is_none() && !bytes.contains(&0) {
                let text = text.trim();
                return (!text.is_empty()).then(|| out.push(index, text, None));
            }
        }
        let at = || CellRef {
            file: self.file.clone(),
            row: out.row,
            column: column.clone(),
        };
        let problem = if info.len > bytes.len() as u64 {
            Some(DataError::CellTooLong {
                at: at(),
                bytes: info.len,
                limit: self.limits.max_cell_bytes,
            })
        } else if utf8.is_err() {
            Some(DataError::Undecodable {
                at: at(),
                encoding: self.encoding,
            })
        } else if bytes.contains(&0) {
            Some(DataError::NulByte { at: at() })
        } else {
            info.stray.map(|after_close| DataError::StrayQuote {
                at: at(),
                after_close,
            })
        };
        let text = match utf8 {
            Ok(text) => std::borrow::Cow::Borrowed(text),
            Err(_) => String::from_utf8_lossy(bytes),
        };
        let text = text.trim();
        if problem.is_none() && text.is_empty() {
            return None;
        }
        Some(out.push(index, text, problem.map(Box::new)))
    }
}

/// `text.trim()`, skipping the Unicode tables when both ends are plain ASCII.
fn trim(text: &str) -> &str {
    let plain =
        |b: Option<&u8>| b.is_some_and(|b| b.is_ascii() && !b.is_ascii_whitespace() && *b != 0x0B);
    let bytes = text.as_bytes();
    if plain(bytes.first()) && plain(bytes.last()) {
        text
    } else {
        text.trim()
    }
}
