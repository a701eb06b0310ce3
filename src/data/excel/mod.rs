//! Workbooks: `.xlsx`, `.xlsm`, `.xls` and `.ods` files read through calamine into the same
//! rows a CSV file gives.
//!
//! A workbook is read whole (within [`DataLimits::max_whole_file_bytes`], checked before it is
//! parsed), one sheet of it: the one named (`sales.xlsx#销售明细`) or the first visible
//! worksheet. Its header is the first row with two or more non-blank cells, all text; title
//! rows and blank rows above it are skipped. Below it, each row with a value under a named
//! column is an employee, numbered as the spreadsheet numbers its rows. Cells become the text
//! a CSV cell would hold:
//! - text trimmed, blank cells missing (never zero);
//! - numbers with the 15 significant digits a spreadsheet shows ([`number`]): the double
//!   nearest 0.1 is `0.1`, exactly;
//! - dates as `2023-09-30` (`2023-09-30 14:30` with a time, `08:30` for a time alone), from
//!   the serial number in the workbook's 1900 or 1904 system ([`date`]);
//! - booleans as `true`/`false`;
//! - an error value (`#DIV/0!`, `#N/A`, ...) a problem of the cell, located as
//!   `销售明细!C7` ([`DataError::SheetCell`]).

mod cell;
mod date;
mod number;
mod ods;
mod problem;
mod table;
mod workbook;
mod xls;
mod xls_cfb;
mod xls_grid;

pub use problem::{ErrorValue, SheetProblem, WorkbookFormat};

use super::row::RawRow;
use super::{DataError, DataLimits};
use std::sync::Arc;

/// Reads one sheet of the workbook in `bytes` into its columns and employee rows.
pub(crate) fn read(
    name: &Arc<str>,
    bytes: &[u8],
    format: WorkbookFormat,
    sheet: Option<&str>,
    limits: &DataLimits,
) -> Result<(Vec<Arc<str>>, Vec<RawRow>), DataError> {
    let cells = workbook::read_sheet(name, bytes, format, sheet, limits)?;
    table::table(name, cells, limits)
}
