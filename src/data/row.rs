//! One row as a format reader (CSV, JSON) hands it over, before joining: the type both
//! readers build and the dispatcher (`file.rs`) and the joiner consume, so that no reader
//! needs the dispatcher above it.

use super::{DataError, Slot};

/// One row as read from one file, before joining.
#[derive(Clone, Debug, Default)]
pub(crate) struct RawRow {
    /// The row number a user sees.
    pub(crate) row: u64,
    /// The texts of the cells, one after another.
    pub(crate) text: String,
    /// The non-blank cells of each of the file's columns: ranges of `text`, of file 0 (the
    /// joiner sets a later file's index), in this row.
    pub(crate) cells: Vec<Option<Slot>>,
    /// A problem with the row (wrong number of cells, too long, ...), or with the whole file
    /// when [`DataError::is_file_error`] (then it is the last row).
    pub(crate) error: Option<DataError>,
}

impl RawRow {
    /// Adds the text of a cell of `column`, returning the cell.
    pub(crate) fn push(
        &mut self,
        column: usize,
        text: &str,
        problem: Option<Box<DataError>>,
    ) -> Slot {
        let start = self.text.len();
        self.text.push_str(text);
        Slot {
            start,
            end: self.text.len(),
            file: 0,
            column,
            row: self.row,
            problem,
        }
    }

    /// A cell's text.
    pub(crate) fn text_of(&self, cell: &Slot) -> &str {
        self.text.get(cell.start..cell.end).unwrap_or_default()
    }
}
