//! Opening a workbook with calamine, choosing its sheet, and reading that sheet's non-blank
//! cells within the memory budget.

use super::cell::{self, Content};
use super::problem::WorkbookFormat;
use super::{ods, xls, xls_grid};
use crate::data::{DataError, DataLimits};
use calamine::{Data, Ods, Range, Reader, Sheet, SheetType, SheetVisible, Xls, Xlsx};
use std::io::Cursor;
use std::sync::Arc;

/// One cell kept from a sheet: 0-based row and column, and its content.
pub(super) type Placed = (u32, u32, Content);

/// What a kept cell costs in memory besides its text, about, for the budget.
const CELL_BYTES: usize = std::mem::size_of::<Placed>();

/// The non-blank cells of one sheet, in no particular order.
pub(super) struct SheetCells {
    /// The sheet's name.
    pub(super) sheet: Arc<str>,
    pub(super) cells: Vec<Placed>,
}

/// Reads the sheet named `sheet` (or the first visible worksheet) of the workbook in `bytes`.
///
/// Every call into calamine goes through [`guarded`]: its errors, and the panics it has on
/// some damaged files, become [`DataError::Workbook`]. What a panic cannot cover (an abort on
/// a huge allocation, an endless loop) is checked before calamine runs (`xls`, `ods`).
pub(super) fn read_sheet(
    name: &Arc<str>,
    bytes: &[u8],
    format: WorkbookFormat,
    sheet: Option<&str>,
    limits: &DataLimits,
) -> Result<SheetCells, DataError> {
    let guard = Guard { name, format };
    match format {
        WorkbookFormat::Xlsx => {
            // calamine opens a compound file given as `.xlsx` with its own reader (to say it
            // is password-protected), which follows a looping sector chain until memory runs
            // out (found by the fuzz target `excel`): such a file is refused before.
            if xls::is_compound_file(bytes) {
                return Err(DataError::Workbook {
                    file: name.clone(),
                    format,
                    reason: "it is an OLE compound file, not a .xlsx archive: a \
                             password-protected workbook, or an Excel 97-2003 file renamed; \
                             save it as .xlsx without a password (or name it .xls)"
                        .to_string(),
                });
            }
            let mut book: Xlsx<_> = guard.call(|| Xlsx::new(Cursor::new(bytes)))?;
            let chosen = choose(name, book.sheets_metadata(), sheet)?;
            let mut out = Kept::new(name, chosen, limits);
            let mut reader = guard.call(|| book.worksheet_cells_reader(&out.sheet))?;
            while let Some(c) = guard.call(|| reader.next_cell())? {
                let (row, column) = c.get_position();
                out.keep(
                    row,
                    column,
                    cell::from_ref(c.get_value(), keep_bytes(limits)),
                )?;
            }
            Ok(out.done())
        }
        WorkbookFormat::Xls => {
            xls::check_dimensions(name, bytes)?;
            xls_grid::check_grid(name, bytes, limits)?;
            let mut book: Xls<_> = guard.call(|| Xls::new(Cursor::new(bytes)))?;
            let chosen = choose(name, book.sheets_metadata(), sheet)?;
            let range = guard.call(|| book.worksheet_range(&chosen))?;
            from_range(name, chosen, &range, limits)
        }
        WorkbookFormat::Ods => {
            ods::check_content(name, bytes, limits)?;
            let mut book: Ods<_> = guard.call(|| Ods::new(Cursor::new(bytes)))?;
            let chosen = choose(name, book.sheets_metadata(), sheet)?;
            let range = guard.call(|| book.worksheet_range(&chosen))?;
            from_range(name, chosen, &range, limits)
        }
    }
}

/// Calls into calamine for one file.
struct Guard<'a> {
    name: &'a Arc<str>,
    format: WorkbookFormat,
}

impl Guard<'_> {
    /// Runs `call`; its error, or a panic in it, is an error for the file. calamine 0.38
    /// panics on some damaged files: an overflowing cell reference (`<c r="AAAAAAAAA1">`,
    /// in a build with overflow checks), a record shorter than it says. The panic's message
    /// is still printed by the program's panic hook.
    fn call<T, E: std::fmt::Display>(
        &self,
        call: impl FnOnce() -> Result<T, E>,
    ) -> Result<T, DataError> {
        let reason = match std::panic::catch_unwind(std::panic::AssertUnwindSafe(call)) {
            Ok(Ok(value)) => return Ok(value),
            Ok(Err(e)) => e.to_string(),
            Err(_) => "the spreadsheet reader failed on a damaged part of the file".to_string(),
        };
        Err(DataError::Workbook {
            file: self.name.clone(),
            format: self.format,
            reason,
        })
    }
}

/// The cells of a sheet calamine has read whole (`.xls`, `.ods`).
fn from_range(
    name: &Arc<str>,
    sheet: String,
    range: &Range<Data>,
    limits: &DataLimits,
) -> Result<SheetCells, DataError> {
    let mut out = Kept::new(name, sheet, limits);
    let (top, left) = range.start().unwrap_or((0, 0));
    for (row, column, value) in range.used_cells() {
        let (Ok(row), Ok(column)) = (u32::try_from(row), u32::try_from(column)) else {
            continue;
        };
        let content = cell::from_data(value, keep_bytes(limits));
        out.keep(
            top.saturating_add(row),
            left.saturating_add(column),
            content,
        )?;
    }
    Ok(out.done())
}

/// The longest text kept of a cell: the cell limit, or the header limit for a header's cells
/// (which row is the header is known only once all are read).
fn keep_bytes(limits: &DataLimits) -> usize {
    limits.max_cell_bytes.max(limits.max_header_bytes)
}

/// The sheet to read: the one named, or the first visible worksheet (the first worksheet
/// when all are hidden).
fn choose(name: &Arc<str>, sheets: &[Sheet], wanted: Option<&str>) -> Result<String, DataError> {
    let worksheets: Vec<&Sheet> = sheets
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet)
        .collect();
    if worksheets.is_empty() {
        return Err(DataError::NoSheet { file: name.clone() });
    }
    match wanted {
        Some(wanted) => match worksheets.iter().find(|s| s.name == wanted) {
            Some(s) => Ok(s.name.clone()),
            None => Err(DataError::SheetNotFound {
                file: name.clone(),
                sheet: wanted.to_string(),
                suggestion: crate::error::nearest(
                    wanted,
                    worksheets.iter().map(|s| s.name.as_str()),
                )
                .map(str::to_string),
                sheets: worksheets.iter().map(|s| s.name.clone()).collect(),
            }),
        },
        None => worksheets
            .iter()
            .find(|s| s.visible == SheetVisible::Visible)
            .or(worksheets.first())
            .map(|s| s.name.clone())
            .ok_or(DataError::NoSheet { file: name.clone() }),
    }
}

/// The cells kept so far, and the memory they take.
struct Kept {
    file: Arc<str>,
    sheet: String,
    cells: Vec<Placed>,
    bytes: usize,
    limit: usize,
}

impl Kept {
    fn new(file: &Arc<str>, sheet: String, limits: &DataLimits) -> Kept {
        Kept {
            file: file.clone(),
            sheet,
            cells: Vec::new(),
            bytes: 0,
            limit: limits.max_whole_file_bytes,
        }
    }

    /// Keeps a non-blank cell, failing once the sheet's cells pass the memory budget.
    fn keep(&mut self, row: u32, column: u32, content: Content) -> Result<(), DataError> {
        if matches!(content, Content::Blank) {
            return Ok(());
        }
        self.bytes = self.bytes.saturating_add(CELL_BYTES + content.text_len());
        if self.bytes > self.limit {
            return Err(DataError::SheetTooLarge {
                file: self.file.clone(),
                sheet: self.sheet.clone(),
                limit: self.limit,
            });
        }
        self.cells.push((row, column, content));
        Ok(())
    }

    fn done(self) -> SheetCells {
        SheetCells {
            sheet: Arc::from(self.sheet),
            cells: self.cells,
        }
    }
}
