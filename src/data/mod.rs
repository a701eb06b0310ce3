//! Employee data: CSV and JSON files, and sheets of workbooks (`.xlsx`, `.xls`, `.ods`: see
//! [`WorkbookFormat`]), read into records, joined on a key, and cell text converted to typed
//! [`Value`](crate::value::Value)s.
//!
//! The pipeline is `open` each file → [`join`] them on the key column → iterate
//! [`Dataset::records`]. The first file is streamed row by row (a million-row CSV is never
//! held in memory: only its keys are, once, to find duplicates); every further file is read
//! whole and indexed by key. Each file is opened once, and only a regular file is opened
//! (a FIFO or `/dev/zero` is refused; [`read_stream`] reads standard input); every cell, row,
//! header and whole-read file is bounded by [`DataLimits`].
//!
//! Every row of the first file yields exactly one [`Record`], in input order; a key found only
//! in a later file yields an extra record at the end. Problems with one row (a malformed row,
//! a blank or duplicate key, files that disagree) are that record's [`Record::error`], never a
//! failure of the whole file, so one bad row cannot hide the others.
//!
//! Rules worth knowing:
//! - Keys match by their trimmed text: `17` (a JSON number) matches `17` in a CSV, but
//!   `17.0` and `017` are other keys.
//! - Cells are trimmed; a blank cell (or JSON `null`) is missing, never zero, and never
//!   disagrees with another file's value for the same column. Two files giving different
//!   text for a column of one employee is an error, even if the texts mean the same number.
//! - A CSV row whose cells are all blank (`,,,,` below an Excel export) is not an employee
//!   and is skipped. Columns with a blank header are ignored. Column names are compared
//!   after Unicode normalization (NFKC, [`crate::text::name_key`]).
//! - No row is merged into another or dropped silently: a quote never closed fails the file
//!   (from [`join`]), a quoted cell that swallowed rows fails its row.
//! - A problem of one cell (not valid in the file's encoding, a stray quote, too long, a
//!   nested JSON value) stays
//!   with the cell ([`Cell::problem`]) and fails the employee only where the column is used.
//! - A record keeps the first problem found: the row's own (malformed row, a key cell with a
//!   problem, blank key), then a duplicate key in the first file, then the joined rows' own
//!   problems and duplicates, then keys missing from other files, then disagreements.
//!
//! ```
//! use hrrules::data::{join, parse_cell, DataFile};
//! use hrrules::vocab::ValueType;
//!
//! let sales = DataFile::from_csv_str("sales.csv", "employee_id,name,sales_amount\nE001,王芳,\"215,000.00\"\n")?;
//! let crm = DataFile::from_json_str("crm.json", r#"[{"employee_id": "E001", "satisfaction": 9.2}]"#)?;
//! let data = join(vec![sales, crm], "employee_id")?;
//! let amount = data.column_index("sales_amount").unwrap();
//! for record in data.records() {
//!     assert_eq!(record.key, "E001");
//!     let cell = record.cell(amount).unwrap();
//!     assert_eq!(parse_cell(&cell, ValueType::Money)?.to_string(), "215000.00");
//! }
//! # Ok::<(), hrrules::data::DataError>(())
//! ```

mod csv;
mod error;
mod excel;
mod file;
mod join;
mod json;
mod limits;
mod mapping;
mod mapping_error;
mod options;
mod parse;
mod row;
mod source;

pub use crate::vocab::parse_text;
pub use csv::Encoding;
pub use error::{ColumnRef, DataError, MappingProblem};
pub use excel::{ErrorValue, SheetProblem, WorkbookFormat};
/// For the attendance records reader, which streams rows the way the joiner does.
pub(crate) use file::Rows;
pub use file::{open, open_with, read_stream, DataFile};
pub use join::{join, Dataset, Records};
pub use limits::DataLimits;
pub use mapping::{Mapping, MappingWarning};
pub use options::OpenOptions;
pub use parse::parse_cell;
pub(crate) use row::RawRow;

use crate::text::Quoted;
use std::fmt;
use std::sync::Arc;

/// A row of a data file: the file's name and the row number a user sees.
///
/// For CSV the header is row 1 and the first data row is row 2, as Excel shows them (a
/// quoted cell spanning several lines is still one row). For JSON it is the 1-based index
/// of the object in the top-level array.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct RowRef {
    /// The file's display name, e.g. `examples/data/sales.csv`.
    pub file: Arc<str>,
    /// The row number.
    pub row: u64,
}

/// `sales.csv:5`.
impl fmt::Display for RowRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file, self.row)
    }
}

/// A cell of a data file: file, row and column.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct CellRef {
    /// The file's display name.
    pub file: Arc<str>,
    /// The row number, as in [`RowRef`].
    pub row: u64,
    /// The column's name as written in the header (or the JSON key).
    pub column: Arc<str>,
}

impl CellRef {
    /// The row this cell is in.
    pub fn row_ref(&self) -> RowRef {
        RowRef {
            file: self.file.clone(),
            row: self.row,
        }
    }
}

/// ``sales.csv:5: column `sales_target` ``.
impl fmt::Display for CellRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.column.chars().count() > crate::text::QUOTE_CHARS {
            write!(
                f,
                "{}:{}: column {}",
                self.file,
                self.row,
                Quoted(&self.column)
            )
        } else {
            let column = crate::text::escape_controls(&self.column);
            write!(f, "{}:{}: column `{column}`", self.file, self.row)
        }
    }
}

/// One non-blank cell of a [`Record`]: its text and where it was read, borrowed from the
/// record. Its [`CellRef`] is built only when asked for ([`Cell::at`]), for a message.
#[derive(Clone, Copy, Debug)]
pub struct Cell<'r> {
    /// The cell's text, trimmed of surrounding whitespace. JSON numbers keep their exact
    /// source text (`1234.50` stays `1234.50`, `1e+400` stays `1e+400`); JSON booleans are
    /// `true`/`false`. For a cell with a [`problem`](Cell::problem), the text as far as it
    /// could be read (not valid in the file's encoding: with `�` for the bad bytes).
    pub text: &'r str,
    /// The file's display name.
    pub file: &'r Arc<str>,
    /// The row number, as in [`RowRef`].
    pub row: u64,
    /// The column's name as written in this file's header (or the JSON key).
    pub column: &'r Arc<str>,
    problem: Option<&'r DataError>,
}

impl<'r> Cell<'r> {
    /// Where the cell is: file, row and column.
    pub fn at(&self) -> CellRef {
        CellRef {
            file: self.file.clone(),
            row: self.row,
            column: self.column.clone(),
        }
    }

    /// A problem with this cell alone (not valid in the file's encoding, a NUL byte, a stray quote, too long, a
    /// nested JSON value). It fails the employee only when the column is used: a column
    /// that feeds no input is ignored, problems and all. [`Cell::checked`] returns it.
    pub fn problem(&self) -> Option<&'r DataError> {
        self.problem
    }

    /// The cell, or its problem as an error.
    pub fn checked(self) -> Result<Cell<'r>, DataError> {
        match self.problem {
            Some(problem) => Err(problem.clone()),
            None => Ok(self),
        }
    }

    /// The text and place, owned (as a [`DataError::Conflict`] keeps them).
    pub fn to_text(&self) -> CellText {
        CellText {
            text: self.text.to_string(),
            at: self.at(),
        }
    }
}

/// A cell's text and where it was read, owned: what an error keeps of a cell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CellText {
    /// The cell's text, trimmed.
    pub text: String,
    /// Where the cell is.
    pub at: CellRef,
}

/// One employee: the first file's row joined with the matching rows of the other files.
///
/// The cells' texts are kept one after another in one buffer, each cell a range of it with
/// its file's row: reading a record costs a few allocations, not a string and two shared
/// names per cell. [`Record::cell`] and [`Record::cells`] lend them out as [`Cell`]s.
#[derive(Clone, Debug)]
pub struct Record {
    /// The key (employee id), trimmed; `""` when the row has none (then `error` says so).
    pub key: String,
    /// A problem with this row; the cells should not be used when it is set.
    pub error: Option<DataError>,
    /// The row this record comes from: a row of the first file, or for a key found only in a
    /// later file, that file's row.
    pub origin: RowRef,
    /// Every cell's text, one after another.
    text: String,
    /// The cells, indexed like [`Dataset::columns`]; `None` where the employee has no such
    /// column or the cell is blank.
    cells: Vec<Option<Slot>>,
    /// The names of the files and of their columns, shared by every record of a dataset.
    places: Arc<[Place]>,
}

/// A file's name and its columns, as a [`Slot`] points into them.
#[derive(Debug)]
pub(crate) struct Place {
    pub(crate) file: Arc<str>,
    pub(crate) columns: Arc<[Arc<str>]>,
}

/// Where one cell of a [`Record`] is: its text's range, its file (index into the places) and
/// that file's column and row.
#[derive(Clone, Debug)]
pub(crate) struct Slot {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) file: usize,
    pub(crate) column: usize,
    pub(crate) row: u64,
    pub(crate) problem: Option<Box<DataError>>,
}

impl Record {
    /// A record from its parts (the data layer's joiner builds them).
    pub(crate) fn new(
        key: String,
        origin: RowRef,
        places: Arc<[Place]>,
        text: String,
        cells: Vec<Option<Slot>>,
        error: Option<DataError>,
    ) -> Record {
        Record {
            key,
            error,
            origin,
            text,
            cells,
            places,
        }
    }

    /// Number of columns, as [`Dataset::columns`].
    pub fn width(&self) -> usize {
        self.cells.len()
    }

    /// The cell of column `i` (as in [`Dataset::columns`]); `None` where the employee has no
    /// such column or the cell is blank (blank is missing, never zero).
    pub fn cell(&self, i: usize) -> Option<Cell<'_>> {
        self.view(self.cells.get(i)?.as_ref()?)
    }

    /// Every column's cell, in the order of [`Dataset::columns`].
    pub fn cells(&self) -> impl ExactSizeIterator<Item = Option<Cell<'_>>> + '_ {
        self.cells
            .iter()
            .map(|s| s.as_ref().and_then(|s| self.view(s)))
    }

    /// Bytes this record holds on the heap, about (for sizing chunks of records).
    pub fn heap_bytes(&self) -> usize {
        self.key.capacity()
            + self.text.capacity()
            + self.cells.capacity() * std::mem::size_of::<Option<Slot>>()
    }

    fn view<'r>(&'r self, slot: &'r Slot) -> Option<Cell<'r>> {
        let place = self.places.get(slot.file)?;
        Some(Cell {
            text: self.text.get(slot.start..slot.end)?,
            file: &place.file,
            row: slot.row,
            column: place.columns.get(slot.column)?,
            problem: slot.problem.as_deref(),
        })
    }
}

/// Excel's name for a 1-based column number: 1 → `A`, 27 → `AA`.
pub(crate) fn column_letters(mut n: usize) -> String {
    let mut out = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        out.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    out.iter().rev().collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn column_letters() {
        assert_eq!(super::column_letters(1), "A");
        assert_eq!(super::column_letters(26), "Z");
        assert_eq!(super::column_letters(27), "AA");
        assert_eq!(super::column_letters(703), "AAA");
    }
}
