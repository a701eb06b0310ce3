//! One data file: its columns, and its rows read on demand.

use super::csv::{self as csv_file, CsvBody, CsvRows};
use super::excel::{self, WorkbookFormat};
use super::row::RawRow;
use super::source::{self, Source};
use super::{json, DataError, DataLimits, OpenOptions};
use std::io::Read;
use std::path::Path;
use std::sync::Arc;

/// A data file whose header has been read: its name, its columns, and a way to read its rows.
///
/// A CSV file is opened once and streamed from the start each time its rows are read (it is
/// read twice by [`join`](super::join): once for the keys, once for the records), so it is
/// never held in memory. A JSON file or a workbook is read and parsed whole when opened, within
/// [`DataLimits::max_whole_file_bytes`]; of a workbook, one sheet's rows are kept.
#[derive(Debug)]
pub struct DataFile {
    name: Arc<str>,
    columns: Arc<[Arc<str>]>,
    body: Body,
}

#[derive(Debug)]
enum Body {
    Csv(CsvBody),
    Json(Arc<[RawRow]>),
    /// One sheet of a workbook, read whole.
    Sheet(Arc<[RawRow]>),
}

/// Opens a data file, choosing the format by its extension: `.csv`, `.json`, or a workbook
/// (`.xlsx`, `.xlsm`, `.xls`, `.ods`; see [`WorkbookFormat`]), case-insensitive, with the
/// [default limits](DataLimits::DEFAULT). The header is read now; rows are read when the
/// records are.
///
/// A workbook's first visible worksheet is read, or the sheet named after a `#`:
/// `sales.xlsx#销售明细`. When the whole path names an existing file it is that file (a file
/// may be called `a#b.xlsx`); otherwise it is split at its last `#`, if the part before it
/// ends in a workbook's extension. The name shown in errors is the path as given, `#` and all.
///
/// A CSV file's encoding is found from its first bytes ([`Encoding`](super::Encoding));
/// [`OpenOptions::open`] can name it instead.
///
/// Only a regular file (or a symlink to one) is read: a FIFO or a device such as `/dev/zero`
/// is refused before it is opened ([`DataError::NotRegularFile`]); read a stream with
/// [`read_stream`]. The file is opened once.
pub fn open(path: &Path) -> Result<DataFile, DataError> {
    open_with(path, &DataLimits::DEFAULT)
}

/// [`open`] with other limits.
pub fn open_with(path: &Path, limits: &DataLimits) -> Result<DataFile, DataError> {
    OpenOptions::with_limits(*limits).open(path)
}

/// [`open`] with [`OpenOptions`]: the limits, and a CSV file's encoding.
pub(crate) fn open_with_options(path: &Path, options: &OpenOptions) -> Result<DataFile, DataError> {
    let limits = &options.limits;
    let name: Arc<str> = Arc::from(path.display().to_string());
    let (path, sheet) = split_sheet(path);
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if let Some(format) = WorkbookFormat::from_extension(&extension) {
        let file = source::open_regular(&name, path)?;
        let bytes = source::read_whole(&name, file, limits)?;
        return DataFile::workbook(name, &bytes, format, sheet, limits);
    }
    match extension.as_str() {
        "csv" => {
            let file = source::open_regular(&name, path)?;
            DataFile::csv(name, Source::File(Arc::new(file)), options)
        }
        "json" => {
            let file = source::open_regular(&name, path)?;
            let bytes = source::read_whole(&name, file, limits)?;
            DataFile::json(name, &bytes, limits)
        }
        "" => Err(DataError::UnknownFormat {
            file: name,
            extension: "(no extension)".to_string(),
        }),
        other => Err(DataError::UnknownFormat {
            file: name,
            extension: format!(".{other}"),
        }),
    }
}

/// `sales.xlsx#销售明细` as the file `sales.xlsx` and its sheet `销售明细`, unless a file is
/// called that; any other path as it is.
fn split_sheet(path: &Path) -> (&Path, Option<&str>) {
    if path.exists() {
        return (path, None);
    }
    let Some((file, sheet)) = path.to_str().and_then(|p| p.rsplit_once('#')) else {
        return (path, None);
    };
    let file = Path::new(file);
    let extension = file.extension().and_then(|e| e.to_str()).unwrap_or("");
    match WorkbookFormat::from_extension(extension) {
        Some(_) => (file, Some(sheet)),
        None => (path, None),
    }
}

/// Reads a data file from a stream (standard input, a pipe), once and whole, within
/// [`DataLimits::max_whole_file_bytes`]. The format is sniffed: a workbook by its signature
/// (a ZIP archive is `.xlsx`, or `.ods` when it says so; an OLE compound file is `.xls`, and
/// its first visible worksheet is read), JSON when the first character (after a byte-order
/// mark and whitespace) is `[` or `{`, CSV otherwise. A CSV stream's encoding is found as a file's is;
/// [`OpenOptions::read_stream`] can name it.
///
/// ```
/// let data = hrrules::data::read_stream("-", &b"[{\"employee_id\": \"E001\"}]"[..], &Default::default())?;
/// assert_eq!(data.columns().len(), 1);
/// # Ok::<(), hrrules::data::DataError>(())
/// ```
pub fn read_stream(
    name: &str,
    reader: impl Read,
    limits: &DataLimits,
) -> Result<DataFile, DataError> {
    OpenOptions::with_limits(*limits).read_stream(name, reader)
}

/// [`read_stream`] with [`OpenOptions`].
pub(crate) fn read_stream_with_options(
    name: &str,
    reader: impl Read,
    options: &OpenOptions,
) -> Result<DataFile, DataError> {
    let name: Arc<str> = Arc::from(name);
    let bytes = source::read_whole(&name, reader, &options.limits)?;
    if let Some(format) = sniff_workbook(&bytes) {
        DataFile::workbook(name, &bytes, format, None, &options.limits)
    } else if source::looks_like_json(&bytes) {
        DataFile::json(name, &bytes, &options.limits)
    } else {
        DataFile::csv(name, Source::Bytes(Arc::from(bytes)), options)
    }
}

/// The workbook format of bytes that start like one.
fn sniff_workbook(bytes: &[u8]) -> Option<WorkbookFormat> {
    if bytes.starts_with(b"PK\x03\x04") {
        // An OpenDocument file starts with its uncompressed `mimetype` entry.
        let head = bytes.get(..100).unwrap_or(bytes);
        let ods = memchr::memmem::find(head, b"opendocument.spreadsheet").is_some();
        Some(if ods {
            WorkbookFormat::Ods
        } else {
            WorkbookFormat::Xlsx
        })
    } else if bytes.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
        Some(WorkbookFormat::Xls)
    } else {
        None
    }
}

impl DataFile {
    /// A CSV file held in a string; `name` is shown in errors.
    pub fn from_csv_str(name: &str, text: &str) -> Result<DataFile, DataError> {
        DataFile::from_csv_bytes(name, text.as_bytes())
    }

    /// A CSV file held in memory as bytes (cells that are not UTF-8 are row errors).
    pub fn from_csv_bytes(name: &str, bytes: &[u8]) -> Result<DataFile, DataError> {
        DataFile::csv(
            Arc::from(name),
            Source::Bytes(Arc::from(bytes)),
            &OpenOptions::default(),
        )
    }

    /// A JSON file (an array of objects) held in a string; `name` is shown in errors.
    pub fn from_json_str(name: &str, text: &str) -> Result<DataFile, DataError> {
        DataFile::json(Arc::from(name), text.as_bytes(), &DataLimits::DEFAULT)
    }

    /// One sheet of a workbook held in memory: the sheet named `sheet`, or the first visible
    /// worksheet; `name` is shown in errors.
    ///
    /// ```
    /// use hrrules::data::{DataFile, WorkbookFormat};
    ///
    /// let err = DataFile::from_workbook_bytes("sales.xlsx", b"not a zip", WorkbookFormat::Xlsx, None)
    ///     .unwrap_err();
    /// assert!(err.to_string().starts_with("sales.xlsx: cannot read the file as an Excel (.xlsx) workbook"));
    /// ```
    pub fn from_workbook_bytes(
        name: &str,
        bytes: &[u8],
        format: WorkbookFormat,
        sheet: Option<&str>,
    ) -> Result<DataFile, DataError> {
        DataFile::workbook(Arc::from(name), bytes, format, sheet, &DataLimits::DEFAULT)
    }

    /// The name shown in errors: the path as given, or the name passed in.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The text encoding a CSV file is read in (named, or found from its first bytes);
    /// `None` for JSON, which is always UTF-8, and for a workbook, whose format says.
    pub fn encoding(&self) -> Option<super::Encoding> {
        match &self.body {
            Body::Csv(body) => Some(body.encoding()),
            Body::Json(_) | Body::Sheet(_) => None,
        }
    }

    /// The column names, in file order (for JSON, in order of first appearance). Blank header
    /// cells name no column.
    pub fn columns(&self) -> &[Arc<str>] {
        &self.columns
    }

    fn csv(name: Arc<str>, source: Source, options: &OpenOptions) -> Result<DataFile, DataError> {
        let (columns, body) =
            csv_file::read_header(&name, source, &options.limits, options.encoding)?;
        Ok(DataFile {
            name,
            columns: columns.into(),
            body: Body::Csv(body),
        })
    }

    fn json(name: Arc<str>, bytes: &[u8], limits: &DataLimits) -> Result<DataFile, DataError> {
        let (columns, rows) = json::read(&name, bytes, limits)?;
        Ok(DataFile {
            name,
            columns: columns.into(),
            body: Body::Json(rows.into()),
        })
    }

    /// A file of rows already read (`hrrules analyze` splits a file by its period column
    /// into one such file per month).
    pub(crate) fn from_rows(name: Arc<str>, columns: Arc<[Arc<str>]>, rows: Vec<RawRow>) -> Self {
        DataFile {
            name,
            columns,
            body: Body::Json(rows.into()),
        }
    }

    fn workbook(
        name: Arc<str>,
        bytes: &[u8],
        format: WorkbookFormat,
        sheet: Option<&str>,
        limits: &DataLimits,
    ) -> Result<DataFile, DataError> {
        if bytes.len() > limits.max_whole_file_bytes {
            return Err(DataError::FileTooLarge {
                file: name,
                limit: limits.max_whole_file_bytes,
            });
        }
        let (columns, rows) = excel::read(&name, bytes, format, sheet, limits)?;
        Ok(DataFile {
            name,
            columns: columns.into(),
            body: Body::Sheet(rows.into()),
        })
    }

    pub(crate) fn shared_name(&self) -> &Arc<str> {
        &self.name
    }

    /// The same file with its columns renamed by `mapping` (as [`Mapping::join`] renames
    /// them), for a reader that looks at one file's columns before any join (`hrrules
    /// analyze` splits files by their month column). Errors about its cells then name the
    /// column by its new name.
    ///
    /// [`Mapping::join`]: super::Mapping::join
    pub fn renamed(mut self, mapping: &super::Mapping) -> Result<DataFile, DataError> {
        self.columns = mapping.rename(&self.name, &self.columns)?;
        Ok(self)
    }

    pub(crate) fn shared_columns(&self) -> &Arc<[Arc<str>]> {
        &self.columns
    }

    /// Whether the file is JSON without a single key: an empty array, or an array of things
    /// that are not objects (each row then says what it holds instead).
    pub(crate) fn is_keyless_json(&self) -> bool {
        matches!(&self.body, Body::Json(_)) && self.columns.is_empty()
    }

    /// Reads the rows from the start. With `only`, just that column's cells are decoded
    /// (the others are `None`), which is all the key pass needs.
    pub(crate) fn rows(&self, only: Option<usize>) -> Result<Rows, DataError> {
        Ok(match &self.body {
            Body::Csv(body) => Rows::Csv(Box::new(body.rows(&self.name, &self.columns, only)?)),
            Body::Json(rows) | Body::Sheet(rows) => Rows::Held(rows.clone(), 0),
        })
    }
}

/// The rows of a file, in order.
pub(crate) enum Rows {
    Csv(Box<CsvRows>),
    /// Rows held in memory (a JSON file, a workbook's sheet), and the next one's index.
    Held(Arc<[RawRow]>, usize),
}

impl Rows {
    /// Reads the next row into `out`, reusing its buffers where the format allows; `false`
    /// at the end.
    pub(crate) fn next_into(&mut self, out: &mut RawRow) -> bool {
        match self {
            Rows::Csv(rows) => rows.next_into(out),
            Rows::Held(..) => match self.next() {
                Some(row) => {
                    *out = row;
                    true
                }
                None => false,
            },
        }
    }
}

impl Iterator for Rows {
    type Item = RawRow;

    fn next(&mut self) -> Option<RawRow> {
        match self {
            Rows::Csv(rows) => rows.next(),
            Rows::Held(rows, next) => {
                let row = rows.get(*next).cloned();
                *next += 1;
                row
            }
        }
    }
}
