//! The one error type of the data layer.

use super::excel::{SheetProblem, WorkbookFormat};
use super::limits::size;
use super::mapping_error::mapping_message;
pub use super::mapping_error::{ColumnRef, MappingProblem};
use super::{CellRef, CellText, Encoding, RowRef};
use crate::error::{Location, Sources, Span};
use crate::text::{escape_controls, Quoted};
use crate::vocab::TextError;
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
    /// The file's extension is none of `.csv`, `.json`, `.xlsx`, `.xlsm`, `.xls`, `.ods`,
    /// e.g. `sales.numbers`.
    #[error("{file}: cannot read `{extension}` files; save the data as CSV (UTF-8), JSON, .xlsx or .ods")]
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
    /// A header cell of a CSV file is not valid text in the encoding it is read in, e.g. a
    /// GBK header in a file whose first 64 KiB were UTF-8, or `--encoding utf-8` on a GBK
    /// export.
    #[error("{file}:{row}: column {column}: the header is not {encoding} text{}", other_encoding(*.encoding))]
    HeaderUndecodable {
        /// The file.
        file: Arc<str>,
        /// The header's row (1 unless blank lines come first).
        row: u64,
        /// The column's letter (`C`).
        column: String,
        /// The encoding the file was read in.
        encoding: Encoding,
    },
    /// A CSV file starts with the byte-order mark of another encoding than the one it was
    /// to be read in, e.g. `FF FE` (UTF-16LE) with `--encoding gbk`.
    #[error("{file}: the file starts with the byte-order mark of {bom}, but was to be read as {forced}; leave out its encoding to read it as {bom}")]
    BomMismatch {
        /// The file.
        file: Arc<str>,
        /// The encoding its byte-order mark shows.
        bom: Encoding,
        /// The encoding asked for.
        forced: Encoding,
    },
    /// A CSV file is plainly UTF-8 (its first 64 KiB are, with Chinese or other characters
    /// beyond ASCII) but was to be read in another encoding, which would garble it without an
    /// error: an HR export in UTF-8 read with `--encoding gbk` meant for a GBK attendance
    /// export.
    #[error("{file}: the file is UTF-8 text (its start is, with characters beyond ASCII), but was to be read as {forced}, which would garble it; leave out its encoding (`--encoding FILE={}` names one file's)", .forced.label())]
    Utf8Mismatch {
        /// The file.
        file: Arc<str>,
        /// The encoding asked for.
        forced: Encoding,
    },
    /// Two header cells have the same name, e.g. `sales_target` in columns C and F, or names
    /// that are one after Unicode normalization (NFKC), e.g. `Ω` (U+2126) and `Ω` (U+03A9).
    #[error("{file}: {}", duplicate_column(.name, .other_spelling, .first, .second))]
    DuplicateColumn {
        /// The file.
        file: Arc<str>,
        /// The repeated name, as first written.
        name: String,
        /// The second spelling, when it differs from the first (`Ω` and `Ω`).
        other_spelling: Option<String>,
        /// The first column's letter (or, for JSON, the row where the key first appears).
        first: String,
        /// The second column's letter (or JSON row).
        second: String,
    },
    /// A file has no column named like the key, e.g. `工号` where `employee_id` was expected.
    #[error("{file}: there is no key column {}{}", Quoted(.key), did_you_mean(.suggestion))]
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
    /// The path is not a regular file: a FIFO, a device such as `/dev/zero` (or a symlink to
    /// one), a directory. Such a stream is read from standard input instead (`--data -`).
    #[error("{file}: it is {kind}, not a regular file; to read a stream, pipe it to standard input (`--data -`)")]
    NotRegularFile {
        /// The file.
        file: Arc<str>,
        /// What it is instead (`a FIFO`, `a device`, `a directory`).
        kind: &'static str,
    },
    /// A file read whole (JSON, or standard input) is larger than
    /// [`DataLimits::max_whole_file_bytes`](super::DataLimits).
    #[error("{file}: the file is larger than {}, the most read at once; split it or use CSV", size(*.limit))]
    FileTooLarge {
        /// The file.
        file: Arc<str>,
        /// The limit, in bytes.
        limit: usize,
    },
    /// The CSV header row is longer than [`DataLimits::max_header_bytes`](super::DataLimits),
    /// e.g. a binary file or a file with no line breaks.
    #[error("{file}:{row}: the header row is longer than {}; is this a CSV file?", size(*.limit))]
    HeaderTooLong {
        /// The file.
        file: Arc<str>,
        /// The header's row.
        row: u64,
        /// The limit, in bytes.
        limit: usize,
    },
    /// The file looks like UTF-16 text: a CSV file without a byte-order mark (NUL bytes in
    /// its header), or a JSON file (JSON is read as UTF-8 only).
    #[error("{file}: the file looks like UTF-16 text (or binary); read a CSV file with `--encoding utf-16le` (or `utf-16be`), or save it as \"CSV UTF-8\" (JSON must be UTF-8)")]
    Utf16 {
        /// The file.
        file: Arc<str>,
    },
    /// A quote opens a CSV cell and is never closed, so the rest of the file would be one
    /// cell: `E1,1000,"oops` followed by more rows.
    #[error("{at}: the quote that opens this cell is never closed, so the {lines} line{} after it, to the end of the file, would all be one cell", plural(*.lines))]
    UnclosedQuote {
        /// The cell where the quote opens.
        at: CellRef,
        /// Lines after the one where it opens, to the end of the file.
        lines: u64,
    },

    /// A CSV row has more or fewer cells than the header, e.g. an unquoted `1,234.00`.
    #[error("{at}: the row has {found} cell{} but the header has {expected}", plural(*.found as u64))]
    FieldCount {
        /// The row.
        at: RowRef,
        /// Cells in the row.
        found: usize,
        /// Cells in the header.
        expected: usize,
    },
    /// A JSON string is no text (a lone surrogate, `"\ud800"`). A problem of the cell only.
    #[error("{at}: the cell is not UTF-8 text; save the file as UTF-8")]
    NotUtf8 {
        /// The cell.
        at: CellRef,
    },
    /// A CSV cell is not valid text in the encoding the file is read in, e.g. `王芳` saved as
    /// GBK in a file whose first 64 KiB were UTF-8, or a byte `81` before a comma in a GBK
    /// file. Its text shows `�` for the bad bytes. A problem of the cell only: it fails the
    /// employee only if the column feeds an input.
    #[error("{at}: the cell is not {encoding} text{}", other_encoding(*.encoding))]
    Undecodable {
        /// The cell.
        at: CellRef,
        /// The encoding the file was read in.
        encoding: Encoding,
    },
    /// A CSV cell holds a NUL byte (binary data, or a UTF-16 fragment). A problem of the cell.
    #[error("{at}: the cell holds a NUL byte; is the file UTF-16 or binary?")]
    NulByte {
        /// The cell.
        at: CellRef,
    },
    /// A CSV cell with a stray quote: `5" screen` (a quote inside an unquoted cell) or
    /// `"ab"cd` (text after the closing quote). A problem of the cell; the text is kept as
    /// written.
    #[error("{at}: {}; quote the whole cell and double the quotes inside it (\"5\"\" screen\")", if *.after_close { "text follows the closing quote" } else { "a quote inside a cell that does not start with one" })]
    StrayQuote {
        /// The cell.
        at: CellRef,
        /// Whether text follows a closing quote (`"ab"cd`) rather than a quote in an
        /// unquoted cell.
        after_close: bool,
    },
    /// A CSV cell or JSON value longer than [`DataLimits::max_cell_bytes`](super::DataLimits).
    /// A problem of the cell; the rest of the cell is skipped, not stored.
    #[error("{at}: the cell is {bytes} bytes long, more than the limit of {}", size(*.limit))]
    CellTooLong {
        /// The cell.
        at: CellRef,
        /// Its length, in bytes.
        bytes: u64,
        /// The limit, in bytes.
        limit: usize,
    },
    /// A CSV row longer than [`DataLimits::max_row_bytes`](super::DataLimits).
    #[error("{at}: the row holds {bytes} bytes of text, more than the limit of {}", size(*.limit))]
    RowTooLong {
        /// The row.
        at: RowRef,
        /// Its length, in bytes.
        bytes: u64,
        /// The limit, in bytes.
        limit: usize,
    },
    /// A quoted CSV cell spans lines and holds as many commas as the header has separators,
    /// so a quote is probably missing and rows were merged into it: `E1,1000,"oops` then
    /// `E2,2000,x`, `E3,3000,",y`.
    #[error("{at}: the quoted cell spans {lines} lines and holds {commas} commas, as many as a whole row (its second line: {}): is a quote missing? Rows may have been merged into it", Quoted(.second))]
    MergedRows {
        /// The cell where the quote opens.
        at: CellRef,
        /// Lines the cell spans.
        lines: u64,
        /// Commas in it.
        commas: usize,
        /// Its second line.
        second: String,
    },
    /// One JSON object has the same key twice (or two keys that are one after Unicode
    /// normalization): `{"employee_id": "E2", "employee_id": "E3"}`.
    #[error("{at}: the object has the key {} twice{}", Quoted(.key), also_written(.other_spelling))]
    DuplicateField {
        /// The object.
        at: RowRef,
        /// The key, as first written.
        key: String,
        /// The second spelling, when it differs.
        other_spelling: Option<String>,
    },
    /// An element of the JSON array is not an object, e.g. `"E001"` or `["E001", 1]`.
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
    #[error("{at}: the key {} is blank", Quoted(.key_column))]
    BlankKey {
        /// The row.
        at: RowRef,
        /// The key column's name.
        key_column: Arc<str>,
    },
    /// Several rows of one file have the same key; each of them carries this error.
    #[error("{file}: rows {} have the same {} {}", and_list(.rows), escape_controls(.key_column), Quoted(.key))]
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
    #[error("{at}: {} is not in {}", Quoted(.key), or_list(.files))]
    MissingFrom {
        /// The row of the first file.
        at: RowRef,
        /// The key.
        key: String,
        /// The files without it.
        files: Vec<Arc<str>>,
    },
    /// A key of a later file is not in the first file.
    #[error("{at}: {} is in {} but not in {first}", Quoted(.key), .at.file)]
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
        "column {} of {} differs between files: {} in {} but {} in {}",
        Quoted(&.first.at.column), Quoted(.key), Quoted(&.first.text), .first.at.row_ref(),
        Quoted(&.second.text), .second.at.row_ref()
    )]
    Conflict {
        /// The key.
        key: String,
        /// The cell read first.
        first: Box<CellText>,
        /// The cell that disagrees with it.
        second: Box<CellText>,
    },
    /// A cell's text is not a value of the expected type, e.g. `"abc"` for a money input.
    #[error("{at}: {problem}")]
    BadValue {
        /// The cell.
        at: CellRef,
        /// The cell's text.
        text: String,
        /// What is wrong, naming the text: `"abc" is not a number`.
        problem: TextError,
    },

    // Column names as people write them: an input's `columns` and mapping files
    // (src/data/mapping.rs, `Binding::new`).
    /// A mapping file that cannot be used: TOML that does not parse (`"客户满意度"
    /// satisfaction`), a table other than `[columns]`, a target that is no name
    /// (`"投诉次数" = 3`), one column mapped to two names by two mapping files. Shown with
    /// `file:line:col` and a caret.
    #[error("{}", mapping_message(problem, *at, sources))]
    Mapping {
        /// What is wrong.
        problem: Box<MappingProblem>,
        /// Where.
        at: Span,
        /// The mapping files read so far, to show the place.
        sources: Arc<Sources>,
    },
    /// A mapping that gives two columns of one file the same name: `"客户满意度" =
    /// "satisfaction"` for a file that also has a column `satisfaction`, or two columns of
    /// a file mapped to one name.
    #[error(
        "{file}: columns {} and {} would both be named {}{}; a file names a column once: \
         drop one of the columns or the mapping entry",
        Quoted(.column), Quoted(.other), Quoted(.target),
        .entry.as_ref().map(|e| format!(" (mapped at {e})")).unwrap_or_default()
    )]
    MappingCollision {
        /// The data file.
        file: Arc<str>,
        /// The column the mapping renames, as the file writes it.
        column: String,
        /// The name it is given.
        target: String,
        /// The other column with that name (as written), renamed or not.
        other: String,
        /// Where the mapping entry is.
        entry: Option<Box<Location>>,
    },
    /// An input two data columns could feed, neither named like the input:
    /// `sales_amount = { type = "money", columns = ["销售额", "Sales amount"] }` with
    /// `销售额` in `sales.csv` and `Sales amount` in `crm.csv` (or both in one file).
    #[error(
        "input `{}` could be read from two columns: {} and {}; keep one of them, or rename \
         one with a mapping file",
        escape_controls(.input), .first, .second
    )]
    AmbiguousColumns {
        /// The input.
        input: String,
        /// The column listed first in the input's `columns`.
        first: ColumnRef,
        /// The other.
        second: ColumnRef,
    },
    // Workbooks (`.xlsx`, `.xlsm`, `.xls`, `.ods`): src/data/excel/.
    /// The file is not a workbook of the format its extension names, or is damaged: a CSV
    /// file renamed `sales.xlsx`, a truncated download.
    #[error("{file}: cannot read the file as {format} workbook: {reason}; is it damaged, or saved in another format?")]
    Workbook {
        /// The file.
        file: Arc<str>,
        /// The format its extension names.
        format: WorkbookFormat,
        /// The spreadsheet reader's explanation.
        reason: String,
    },
    /// The workbook has no worksheet (only chart sheets, or none at all).
    #[error("{file}: the workbook has no worksheet")]
    NoSheet {
        /// The file.
        file: Arc<str>,
    },
    /// `--data 'sales.xlsx#销售明细'` names a sheet the workbook does not have.
    #[error("{file}: there is no sheet {} (the workbook's sheets are {}){}", Quoted(.sheet), quoted_list(.sheets), did_you_mean(.suggestion))]
    SheetNotFound {
        /// The file.
        file: Arc<str>,
        /// The sheet asked for.
        sheet: String,
        /// The workbook's sheets, in order.
        sheets: Vec<String>,
        /// The sheet whose name is nearest, if any is near.
        suggestion: Option<String>,
    },
    /// No row of the sheet can be its header: none has two or more cells, all of them text
    /// (an empty sheet, or one holding only numbers).
    #[error("{file}: sheet {} has no header row (a row of two or more cells, all text, naming the columns)", Quoted(.sheet))]
    NoHeaderRow {
        /// The file.
        file: Arc<str>,
        /// The sheet.
        sheet: String,
    },
    /// The sheet's cells need more memory than [`DataLimits::max_whole_file_bytes`](super::DataLimits)
    /// (a sheet of millions of long texts, or a small file that unpacks to far more).
    #[error("{file}: sheet {} holds more than {} of cells, the most read at once; split it or save it as CSV", Quoted(.sheet), size(*.limit))]
    SheetTooLarge {
        /// The file.
        file: Arc<str>,
        /// The sheet.
        sheet: String,
        /// The limit, in bytes.
        limit: usize,
    },
    /// A workbook cell holds an error value (`#DIV/0!`, `#N/A`, ...) or a number that is no
    /// value (a date past 9999-12-31). A problem of the cell: it fails the employee only if
    /// the column feeds an input.
    #[error("{}: {}!{address}: column {}: {problem}", .at.file, sheet_name(.sheet), column_name(&.at.column))]
    SheetCell {
        /// The cell; its row is the sheet's row number.
        at: CellRef,
        /// The sheet.
        sheet: Arc<str>,
        /// The cell's address in the sheet: `C7`.
        address: String,
        /// What is wrong.
        problem: SheetProblem,
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
                | DataError::HeaderUndecodable { .. }
                | DataError::BomMismatch { .. }
                | DataError::Utf8Mismatch { .. }
                | DataError::DuplicateColumn { .. }
                | DataError::MissingKeyColumn { .. }
                | DataError::InvalidJson { .. }
                | DataError::NotAnArray { .. }
                | DataError::NoFiles
                | DataError::NotRegularFile { .. }
                | DataError::FileTooLarge { .. }
                | DataError::HeaderTooLong { .. }
                | DataError::Utf16 { .. }
                | DataError::UnclosedQuote { .. }
                | DataError::Workbook { .. }
                | DataError::NoSheet { .. }
                | DataError::SheetNotFound { .. }
                | DataError::NoHeaderRow { .. }
                | DataError::SheetTooLarge { .. }
        )
    }

    pub(crate) fn io(file: &Arc<str>, source: std::io::Error) -> DataError {
        DataError::Io {
            file: file.clone(),
            source: Arc::new(source),
        }
    }
}

/// What to try when a file is not valid text in the encoding it was read in.
fn other_encoding(encoding: Encoding) -> &'static str {
    match encoding {
        Encoding::Utf8 => {
            "; if the file is GBK (Chinese Excel's \"CSV\"), read it with `--encoding gbk`, or save it as \"CSV UTF-8\""
        }
        _ => "; is the file in another encoding? Name it with `--encoding`, or save it as \"CSV UTF-8\"",
    }
}

fn did_you_mean(suggestion: &Option<String>) -> String {
    match suggestion {
        Some(s) => format!("; did you mean {}?", Quoted(s)),
        None => String::new(),
    }
}

fn plural(n: u64) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn also_written(other: &Option<String>) -> String {
    match other {
        Some(s) => format!(
            " (also written {}; names are compared after Unicode normalization)",
            Quoted(s)
        ),
        None => String::new(),
    }
}

fn duplicate_column(name: &str, other: &Option<String>, first: &str, second: &str) -> String {
    match other {
        None => format!("columns {first} and {second} are both named {}", Quoted(name)),
        Some(o) => format!(
            "columns {first} ({}) and {second} ({}) have the same name after Unicode normalization (NFKC)",
            Quoted(name),
            Quoted(o)
        ),
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

/// `"A", "B" and "C"`.
fn quoted_list(names: &[String]) -> String {
    join_words(names.iter().map(|n| Quoted(n).to_string()).collect(), "and")
}

/// A sheet's name as a cell address writes it: `销售明细`, or quoted when it holds spaces or
/// punctuation, `'Sales 2023'`.
fn sheet_name(sheet: &str) -> String {
    let plain = !sheet.is_empty() && sheet.chars().all(|c| c.is_alphanumeric() || c == '_');
    if plain {
        escape_controls(sheet).to_string()
    } else {
        format!("'{}'", escape_controls(&sheet.replace('\'', "''")))
    }
}

/// `` `sales_amount` ``, or a long name quoted and cut, as [`CellRef`] shows it.
fn column_name(column: &str) -> String {
    if column.chars().count() > crate::text::QUOTE_CHARS {
        Quoted(column).to_string()
    } else {
        format!("`{}`", escape_controls(column))
    }
}
