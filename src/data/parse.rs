//! A data file's cell to a typed value; the text itself is read by [`parse_text`], the
//! vocabulary's reader, and a failure is located at the cell.

use super::{Cell, DataError};
use crate::value::Value;
use crate::vocab::{parse_text, ValueType};

/// Converts a cell's text to a value of type `ty`; the error names the file, row, column
/// and the text.
pub fn parse_cell(cell: &Cell<'_>, ty: ValueType) -> Result<Value, DataError> {
    parse_text(cell.text, ty).map_err(|problem| DataError::BadValue {
        at: cell.at(),
        text: cell.text.to_string(),
        problem,
    })
}
