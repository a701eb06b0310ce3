//! CSV files: a header row, then one row per employee, read as bytes and decoded per cell.

use super::file::RawRow;
use super::{column_letters, CellRef, DataError, RowRef};
use std::collections::{HashMap, VecDeque};
use std::fs::File;
use std::io::{BufRead, BufReader, Cursor, Read};
use std::path::PathBuf;
use std::sync::Arc;

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Where the CSV text comes from; read once for the header and again for each pass.
#[derive(Clone, Debug)]
pub(crate) enum Source {
    /// A file on disk, reopened for each pass.
    Path(PathBuf),
    /// Text held in memory.
    Bytes(Arc<[u8]>),
}

/// A CSV file whose header has been read.
#[derive(Debug)]
pub(crate) struct CsvBody {
    source: Source,
    /// Number of cells in the header.
    width: usize,
    /// The header cell of each named column (blank header cells name no column).
    fields: Arc<[usize]>,
}

/// Reads the header of `source`, returning the column names and the body to stream rows from.
pub(crate) fn read_header(
    name: &Arc<str>,
    source: Source,
) -> Result<(Vec<Arc<str>>, CsvBody), DataError> {
    let mut reader = reader(name, &source)?;
    let mut record = csv::ByteRecord::new();
    match reader.read_byte_record(&mut record) {
        Ok(true) => {}
        Ok(false) => {
            return Err(DataError::Empty {
                file: name.clone(),
                expected: "a header row naming the columns",
            })
        }
        Err(e) => return Err(csv_error(name, e)),
    }
    let row = first_line(&reader, embedded_newlines(&record)).max(1);
    let mut columns: Vec<Arc<str>> = Vec::new();
    let mut fields = Vec::new();
    let mut seen: HashMap<Arc<str>, usize> = HashMap::new();
    for (i, bytes) in record.iter().enumerate() {
        let Ok(text) = std::str::from_utf8(bytes) else {
            return Err(DataError::HeaderNotUtf8 {
                file: name.clone(),
                row,
                column: column_letters(i + 1),
            });
        };
        let text = text.trim();
        if text.is_empty() {
            continue;
        }
        let column: Arc<str> = Arc::from(text);
        if let Some(first) = seen.insert(column.clone(), i) {
            return Err(DataError::DuplicateColumn {
                file: name.clone(),
                name: text.to_string(),
                first: column_letters(first + 1),
                second: column_letters(i + 1),
            });
        }
        columns.push(column);
        fields.push(i);
    }
    let body = CsvBody {
        source,
        width: record.len(),
        fields: fields.into(),
    };
    Ok((columns, body))
}

impl CsvBody {
    /// A fresh reader positioned after the header. With `only`, just that column is decoded.
    pub(crate) fn rows(
        &self,
        name: &Arc<str>,
        columns: &Arc<[Arc<str>]>,
        only: Option<usize>,
    ) -> Result<CsvRows, DataError> {
        let mut reader = reader(name, &self.source)?;
        let mut record = csv::ByteRecord::new();
        let mut embedded = 0;
        match reader.read_byte_record(&mut record) {
            Ok(_) => embedded += embedded_newlines(&record),
            Err(e) => return Err(csv_error(name, e)),
        }
        Ok(CsvRows {
            file: name.clone(),
            columns: columns.clone(),
            fields: self.fields.clone(),
            width: self.width,
            only,
            reader,
            record,
            embedded,
            last_row: 1,
            done: false,
        })
    }
}

/// The data rows of a CSV file, streamed.
pub(crate) struct CsvRows {
    file: Arc<str>,
    columns: Arc<[Arc<str>]>,
    fields: Arc<[usize]>,
    width: usize,
    only: Option<usize>,
    reader: csv::Reader<Tail>,
    record: csv::ByteRecord,
    /// Line breaks inside quoted cells so far: lines that are not rows of their own.
    embedded: u64,
    last_row: u64,
    done: bool,
}

impl Iterator for CsvRows {
    type Item = RawRow;

    fn next(&mut self) -> Option<RawRow> {
        while !self.done {
            match self.reader.read_byte_record(&mut self.record) {
                Ok(true) => {}
                Ok(false) => self.done = true,
                Err(e) => {
                    self.done = true;
                    return Some(RawRow {
                        row: self.last_row + 1,
                        cells: vec![None; self.columns.len()],
                        error: Some(csv_error(&self.file, e)),
                    });
                }
            }
            if self.done {
                break;
            }
            let embedded = embedded_newlines(&self.record);
            let row = first_line(&self.reader, embedded)
                .saturating_sub(self.embedded)
                .max(self.last_row + 1);
            self.embedded += embedded;
            self.last_row = row;
            if is_blank_row(&self.record) {
                // An empty spreadsheet row (`,,,,` in Excel exports): no employee.
                continue;
            }
            return Some(self.decode(row));
        }
        None
    }
}

impl CsvRows {
    fn decode(&self, row: u64) -> RawRow {
        let mut error = None;
        if self.record.len() != self.width {
            error = Some(DataError::FieldCount {
                at: RowRef {
                    file: self.file.clone(),
                    row,
                },
                found: self.record.len(),
                expected: self.width,
            });
        }
        let mut cells = Vec::with_capacity(self.columns.len());
        for (i, &field) in self.fields.iter().enumerate() {
            if self.only.is_some_and(|only| only != i) {
                cells.push(None);
                continue;
            }
            let text = match self.record.get(field).map(std::str::from_utf8) {
                None => None,
                Some(Ok(text)) => Some(text.trim()).filter(|t| !t.is_empty()),
                Some(Err(_)) => {
                    if error.is_none() {
                        error = Some(DataError::NotUtf8 {
                            at: CellRef {
                                file: self.file.clone(),
                                row,
                                column: self.columns.get(i).cloned().unwrap_or_default(),
                            },
                        });
                    }
                    None
                }
            };
            cells.push(text.map(str::to_string));
        }
        RawRow { row, cells, error }
    }
}

/// Opens `source` as a flexible CSV reader with any UTF-8 byte-order mark skipped.
fn reader(name: &Arc<str>, source: &Source) -> Result<csv::Reader<Tail>, DataError> {
    let input: Box<dyn Read + Send> = match source {
        Source::Path(path) => {
            let file = File::open(path).map_err(|e| DataError::io(name, e))?;
            let mut buffered = BufReader::new(file);
            let starts_with_bom = buffered
                .fill_buf()
                .map_err(|e| DataError::io(name, e))?
                .starts_with(BOM);
            if starts_with_bom {
                buffered.consume(BOM.len());
            }
            Box::new(buffered)
        }
        Source::Bytes(bytes) => {
            let mut cursor = Cursor::new(bytes.clone());
            if bytes.starts_with(BOM) {
                cursor.set_position(BOM.len() as u64);
            }
            Box::new(cursor)
        }
    };
    Ok(csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .buffer_capacity(BUFFER)
        .from_reader(Tail::new(input)))
}

fn csv_error(name: &Arc<str>, e: csv::Error) -> DataError {
    match e.into_kind() {
        csv::ErrorKind::Io(io) => DataError::io(name, io),
        other => DataError::io(name, std::io::Error::other(format!("{other:?}"))),
    }
}

fn embedded_newlines(record: &csv::ByteRecord) -> u64 {
    record
        .iter()
        .map(|f| f.iter().filter(|&&b| b == b'\n').count() as u64)
        .sum()
}

fn is_blank_row(record: &csv::ByteRecord) -> bool {
    record
        .iter()
        .all(|f| std::str::from_utf8(f).is_ok_and(|t| t.trim().is_empty()))
}

/// The csv reader's buffer; [`Tail`] keeps more than this, so the end of the record just read
/// is always still in view.
const BUFFER: usize = 8 * 1024;

/// The physical line on which the record just read starts.
///
/// The csv crate skips blank lines before a record and, for CRLF files, leaves a record's
/// `\n` to the next read, so the record's start position is unreliable. Its end is not: the
/// reader's line after the record, less the record's own line breaks, less one if the last
/// byte consumed was the record's `\n`.
fn first_line(reader: &csv::Reader<Tail>, embedded: u64) -> u64 {
    let end = reader.position();
    let ended_by_newline = end
        .byte()
        .checked_sub(1)
        .and_then(|last| reader.get_ref().byte_at(last))
        == Some(b'\n');
    end.line()
        .saturating_sub(embedded)
        .saturating_sub(u64::from(ended_by_newline))
}

/// A reader that remembers the last bytes it passed on, so the CSV reader's position can be
/// checked against the text.
pub(crate) struct Tail {
    inner: Box<dyn Read + Send>,
    /// Bytes passed on so far.
    total: u64,
    recent: VecDeque<u8>,
}

impl Tail {
    const KEEP: usize = 4 * BUFFER;

    fn new(inner: Box<dyn Read + Send>) -> Tail {
        Tail {
            inner,
            total: 0,
            recent: VecDeque::with_capacity(Tail::KEEP),
        }
    }

    /// The byte at `offset` from the start, if it is recent enough to be remembered.
    fn byte_at(&self, offset: u64) -> Option<u8> {
        let back = self.total.checked_sub(offset)?;
        let index = (self.recent.len() as u64).checked_sub(back)?;
        self.recent.get(usize::try_from(index).ok()?).copied()
    }
}

impl Read for Tail {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let read = buf.get(..n).unwrap_or_default();
        let excess = (self.recent.len() + read.len()).saturating_sub(Tail::KEEP);
        self.recent.drain(..excess.min(self.recent.len()));
        let skip = read.len().saturating_sub(Tail::KEEP);
        self.recent.extend(read.iter().skip(skip));
        self.total += n as u64;
        Ok(n)
    }
}
