//! One data file: its columns, and its rows read on demand.

use super::csv::{self as csv_file, CsvBody, CsvRows, Source};
use super::{json, DataError};
use std::path::Path;
use std::sync::Arc;

/// A data file whose header has been read: its name, its columns, and a way to read its rows.
///
/// A CSV file is streamed from disk each time its rows are read (it is read twice by
/// [`join`](super::join): once for the keys, once for the records), so it is never held in
/// memory. A JSON file is parsed whole when opened.
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
}

/// One row as read from one file, before joining.
#[derive(Clone, Debug)]
pub(crate) struct RawRow {
    /// The row number a user sees.
    pub(crate) row: u64,
    /// The trimmed non-blank text of each of the file's columns.
    pub(crate) cells: Vec<Option<String>>,
    /// A problem with the row (wrong number of cells, a cell that is not UTF-8, ...).
    pub(crate) error: Option<DataError>,
}

/// Opens a data file, choosing the format by its extension: `.csv` or `.json`
/// (case-insensitive). The header is read now; rows are read when the records are.
pub fn open(path: &Path) -> Result<DataFile, DataError> {
    let name: Arc<str> = Arc::from(path.display().to_string());
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "csv" => DataFile::csv(name, Source::Path(path.to_path_buf())),
        "json" => {
            let bytes = std::fs::read(path).map_err(|e| DataError::io(&name, e))?;
            DataFile::json(name, &bytes)
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

impl DataFile {
    /// A CSV file held in a string; `name` is shown in errors.
    pub fn from_csv_str(name: &str, text: &str) -> Result<DataFile, DataError> {
        DataFile::from_csv_bytes(name, text.as_bytes())
    }

    /// A CSV file held in memory as bytes (cells that are not UTF-8 are row errors).
    pub fn from_csv_bytes(name: &str, bytes: &[u8]) -> Result<DataFile, DataError> {
        DataFile::csv(Arc::from(name), Source::Bytes(Arc::from(bytes)))
    }

    /// A JSON file (an array of objects) held in a string; `name` is shown in errors.
    pub fn from_json_str(name: &str, text: &str) -> Result<DataFile, DataError> {
        DataFile::json(Arc::from(name), text.as_bytes())
    }

    /// The name shown in errors: the path as given, or the name passed in.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The column names, in file order (for JSON, in order of first appearance). Blank header
    /// cells name no column.
    pub fn columns(&self) -> &[Arc<str>] {
        &self.columns
    }

    fn csv(name: Arc<str>, source: Source) -> Result<DataFile, DataError> {
        let (columns, body) = csv_file::read_header(&name, source)?;
        Ok(DataFile {
            name,
            columns: columns.into(),
            body: Body::Csv(body),
        })
    }

    fn json(name: Arc<str>, bytes: &[u8]) -> Result<DataFile, DataError> {
        let (columns, rows) = json::read(&name, bytes)?;
        Ok(DataFile {
            name,
            columns: columns.into(),
            body: Body::Json(rows.into()),
        })
    }

    pub(crate) fn shared_name(&self) -> &Arc<str> {
        &self.name
    }

    pub(crate) fn shared_columns(&self) -> &Arc<[Arc<str>]> {
        &self.columns
    }

    /// Whether the file has no data rows at all (only JSON can know without reading).
    pub(crate) fn is_empty_json(&self) -> bool {
        matches!(&self.body, Body::Json(rows) if rows.is_empty())
    }

    /// Reads the rows from the start. With `only`, just that column's cells are decoded
    /// (the others are `None`), which is all the key pass needs.
    pub(crate) fn rows(&self, only: Option<usize>) -> Result<Rows, DataError> {
        Ok(match &self.body {
            Body::Csv(body) => Rows::Csv(Box::new(body.rows(&self.name, &self.columns, only)?)),
            Body::Json(rows) => Rows::Json(rows.clone(), 0),
        })
    }
}

/// The rows of a file, in order.
pub(crate) enum Rows {
    Csv(Box<CsvRows>),
    Json(Arc<[RawRow]>, usize),
}

impl Iterator for Rows {
    type Item = RawRow;

    fn next(&mut self) -> Option<RawRow> {
        match self {
            Rows::Csv(rows) => rows.next(),
            Rows::Json(rows, next) => {
                let row = rows.get(*next).cloned();
                *next += 1;
                row
            }
        }
    }
}
