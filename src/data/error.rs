//! The one error type of the data layer.

use super::{Cell, CellRef, RowRef};
use std::sync::Arc;

/// What went wrong reading employee data.
///
/// The first group stops a whole file ([`open`](super::open) or [`join`](super::join) fails);
/// the second is one row's problem, carried in [`Record::error`](super::Record::error) while
/// the other rows go on. Every message names the file, and the row and column where known.
#[derive(Clone, Debug, thiserror::Error)]
pub enum DataError {
    /// The file cannot be read: it does not exist, or reading failed midway.
    #[error("{file}: cannot read the file: {source}")]
    Io {
        /// The file.
        file: Arc<str>,
        /// The operating system's reason.
        #[source]
        source: Arc<std::io::Error>,
    },
    /// The file is neither `.csv` nor `.json`, e.g. `sales.xlsx`.
    #[error("{file}: cannot read `{extension}` files; save the data as CSV (UTF-8) or JSON")]
    UnknownFormat {
        /// The file.
        file: Arc<str>,
        /// Its extension, with the dot (`.xlsx`), or `(none)`.
        extension: String,
    },
    /// The file holds nothing (or only whitespace), so there is no header row.
    #[error("{file}: the file is empty; expected {expected}")]
    Empty {
        /// The file.
        file: Arc<str>,
        /// What a file of this format starts with.
        expected: &'static str,
    },
    /// A header cell of a CSV file is not UTF-8, e.g. a GBK export from an older Excel.
    #[error("{file}:{row}: column {column}: the header is not UTF-8 text; save the file as \"CSV UTF-8\"")]
    HeaderNotUtf8 {
        /// The file.
        file: Arc<str>,
        /// The header's row (1 unless blank lines come first).
        row: u64,
        /// The column's letter (`C`).
        column: String,
    },
    /// Two header cells have the same name, e.g. `sales_target` in columns C and F.
    #[error("{file}: columns {first} and {second} are both named `{name}`")]
    DuplicateColumn {
        /// The file.
        file: Arc<str>,
        /// The repeated name.
        name: String,
        /// The first column's letter (or the JSON key's position).
        first: String,
        /// The second column's letter.
        second: String,
    },
    /// A file has no column named like the key, e.g. `工号` where `employee_id` was expected.
    #[error("{file}: there is no key column `{key}`{}", did_you_mean(.suggestion))]
    MissingKeyColumn {
        /// The file.
        file: Arc<str>,
        /// The key column's name.
        key: String,
        /// A similarly named column of the file, if any.
        suggestion: Option<String>,
    },
    /// The JSON text is not well formed, e.g. a trailing comma.
    #[error("{file}:{line}:{column}: invalid JSON: {message}")]
    InvalidJson {
        /// The file.
        file: Arc<str>,
        /// 1-based line of the problem.
        line: usize,
        /// 1-based column of the problem.
        column: usize,
        /// The parser's explanation.
        message: String,
    },
    /// The JSON file is not an array, e.g. `{"employees": [...]}`.
    #[error("{file}: expected a JSON array of objects, one per employee, but found {found}")]
    NotAnArray {
        /// The file.
        file: Arc<str>,
        /// What was found instead (`an object`).
        found: &'static str,
    },
    /// [`join`](super::join) was given no files.
    #[error("no data files given")]
    NoFiles,

    /// A CSV row has more or fewer cells than the header, e.g. an unquoted `1,234.00`.
    #[error("{at}: the row has {found} cells but the header has {expected}")]
    FieldCount {
        /// The row.
        at: RowRef,
        /// Cells in the row.
        found: usize,
        /// Cells in the header.
        expected: usize,
    },
    /// A CSV cell is not UTF-8 text.
    #[error("{at}: the cell is not UTF-8 text; save the file as \"CSV UTF-8\"")]
    NotUtf8 {
        /// The cell.
        at: CellRef,
    },
    /// An element of the JSON array is not an object, e.g. `"E001"`.
    #[error("{at}: expected an object with the employee's fields, but found {found}")]
    NotAnObject {
        /// The element.
        at: RowRef,
        /// What was found (`a string`).
        found: &'static str,
    },
    /// A JSON field holds an array or object instead of a single value.
    #[error("{at}: expected a single value, but found {found}")]
    NestedValue {
        /// The field.
        at: CellRef,
        /// What was found (`an array`).
        found: &'static str,
    },
    /// The row's key cell is blank or absent.
    #[error("{at}: the key `{key_column}` is blank")]
    BlankKey {
        /// The row.
        at: RowRef,
        /// The key column's name.
        key_column: Arc<str>,
    },
    /// Several rows of one file have the same key; each of them carries this error.
    #[error("{file}: rows {} have the same {key_column} `{key}`", and_list(.rows))]
    DuplicateKey {
        /// The file.
        file: Arc<str>,
        /// The key column's name.
        key_column: Arc<str>,
        /// The repeated key.
        key: String,
        /// Every row with this key, ascending.
        rows: Vec<u64>,
    },
    /// A key of the first file is missing from other files.
    #[error("{at}: `{key}` is not in {}", or_list(.files))]
    MissingFrom {
        /// The row of the first file.
        at: RowRef,
        /// The key.
        key: String,
        /// The files without it.
        files: Vec<Arc<str>>,
    },
    /// A key of a later file is not in the first file.
    #[error("{at}: `{key}` is in {} but not in {first}", .at.file)]
    NotInFirst {
        /// The row of the later file.
        at: RowRef,
        /// The key.
        key: String,
        /// The first file.
        first: Arc<str>,
    },
    /// Two files give different text for the same employee and column.
    #[error(
        "column `{}` of `{key}` differs between files: {:?} in {} but {:?} in {}",
        .first.at.column, .first.text, .first.at.row_ref(), .second.text, .second.at.row_ref()
    )]
    Conflict {
        /// The key.
        key: String,
        /// The cell read first.
        first: Box<Cell>,
        /// The cell that disagrees with it.
        second: Box<Cell>,
    },
    /// A cell's text is not a value of the expected type, e.g. `"abc"` for a money input.
    #[error("{at}: {message}")]
    BadValue {
        /// The cell.
        at: CellRef,
        /// The cell's text.
        text: String,
        /// What is wrong, naming the text: `"abc" is not a number`.
        message: String,
    },
}

impl DataError {
    /// Whether this error stops the whole file rather than one row.
    pub fn is_file_error(&self) -> bool {
        matches!(
            self,
            DataError::Io { .. }
                | DataError::UnknownFormat { .. }
                | DataError::Empty { .. }
                | DataError::HeaderNotUtf8 { .. }
                | DataError::DuplicateColumn { .. }
                | DataError::MissingKeyColumn { .. }
                | DataError::InvalidJson { .. }
                | DataError::NotAnArray { .. }
                | DataError::NoFiles
        )
    }

    pub(crate) fn io(file: &Arc<str>, source: std::io::Error) -> DataError {
        DataError::Io {
            file: file.clone(),
            source: Arc::new(source),
        }
    }
}

fn did_you_mean(suggestion: &Option<String>) -> String {
    match suggestion {
        Some(s) => format!("; did you mean `{s}`?"),
        None => String::new(),
    }
}

/// `3`, `3 and 7`, `3, 7 and 9`.
fn and_list(rows: &[u64]) -> String {
    join_words(rows.iter().map(|r| r.to_string()).collect(), "and")
}

/// `crm.csv`, `crm.csv or bonus.json`.
fn or_list(files: &[Arc<str>]) -> String {
    join_words(files.iter().map(|f| f.to_string()).collect(), "or")
}

fn join_words(mut words: Vec<String>, conj: &str) -> String {
    match words.pop() {
        None => String::new(),
        Some(last) if words.is_empty() => last,
        Some(last) => format!("{} {conj} {last}", words.join(", ")),
    }
}
