//! A sheet's cells to a table: the header row found below any title rows, then one row per
//! employee in the shape the CSV reader gives ([`RawRow`]), so that joining and reading
//! cells work unchanged.

use super::cell::Content;
use super::workbook::{Placed, SheetCells};
use crate::data::row::RawRow;
use crate::data::{column_letters, CellRef, DataError, DataLimits, RowRef, Slot};
use crate::text::name_key;
use std::collections::HashMap;
use std::sync::Arc;

/// The sheet's columns (named by its header row) and its employee rows.
pub(super) fn table(
    name: &Arc<str>,
    sheet: SheetCells,
    limits: &DataLimits,
) -> Result<(Vec<Arc<str>>, Vec<RawRow>), DataError> {
    let SheetCells { sheet, mut cells } = sheet;
    cells.sort_by_key(|(row, column, _)| (*row, *column));
    let rows: Vec<&[Placed]> = cells.chunk_by(|a, b| a.0 == b.0).collect();
    let Some(header_at) = rows.iter().position(|r| is_header(r)) else {
        return Err(DataError::NoHeaderRow {
            file: name.clone(),
            sheet: sheet.to_string(),
        });
    };
    let header = rows[header_at];
    let (columns, index) = read_header(name, header, limits)?;
    let columns: Arc<[Arc<str>]> = columns.into();
    let mut reader = RowReader {
        file: name.clone(),
        sheet,
        columns: columns.clone(),
        index,
        limits: *limits,
        bytes: 0,
    };
    let mut out = Vec::new();
    for cells in &rows[header_at + 1..] {
        if let Some(row) = reader.row(cells)? {
            out.push(row);
        }
    }
    Ok((columns.to_vec(), out))
}

/// Whether a row can be the header: two or more non-blank cells, all text.
fn is_header(cells: &[Placed]) -> bool {
    cells.len() >= 2
        && cells
            .iter()
            .all(|(_, _, c)| matches!(c, Content::Text(_) | Content::TooLong(_)))
}

/// Each named column's index among the columns, by its sheet column (0-based).
type ColumnIndex = HashMap<u32, usize>;

/// The header's column names, and each named column's index by sheet column.
fn read_header(
    name: &Arc<str>,
    header: &[Placed],
    limits: &DataLimits,
) -> Result<(Vec<Arc<str>>, ColumnIndex), DataError> {
    let row = header.first().map_or(1, |(r, _, _)| u64::from(*r) + 1);
    let bytes: usize = header.iter().map(|(_, _, c)| c.text_len()).sum();
    let too_long = header
        .iter()
        .any(|(_, _, c)| matches!(c, Content::TooLong(_)));
    if too_long || bytes > limits.max_header_bytes {
        return Err(DataError::HeaderTooLong {
            file: name.clone(),
            row,
            limit: limits.max_header_bytes,
        });
    }
    let mut columns: Vec<Arc<str>> = Vec::new();
    let mut index = HashMap::new();
    let mut seen: HashMap<String, (u32, Arc<str>)> = HashMap::new();
    for (_, column, content) in header {
        let Content::Text(text) = content else {
            continue;
        };
        let name_of_column: Arc<str> = Arc::from(text.as_str());
        if let Some((first, spelling)) = seen.insert(
            name_key(text).into_owned(),
            (*column, name_of_column.clone()),
        ) {
            return Err(DataError::DuplicateColumn {
                file: name.clone(),
                name: spelling.to_string(),
                other_spelling: (*spelling != **text).then(|| text.clone()),
                first: letters(first),
                second: letters(*column),
            });
        }
        index.insert(*column, columns.len());
        columns.push(name_of_column);
    }
    Ok((columns, index))
}

/// `C` for the 0-based column 2.
fn letters(column: u32) -> String {
    column_letters(column as usize + 1)
}

/// Turns the sheet's rows below the header into [`RawRow`]s.
struct RowReader {
    file: Arc<str>,
    sheet: Arc<str>,
    columns: Arc<[Arc<str>]>,
    index: ColumnIndex,
    limits: DataLimits,
    /// Memory the rows read so far take, about.
    bytes: usize,
}

impl RowReader {
    /// One row; `None` when no named column has a value in it.
    fn row(&mut self, cells: &[Placed]) -> Result<Option<RawRow>, DataError> {
        let Some(&(sheet_row, _, _)) = cells.first() else {
            return Ok(None);
        };
        let mut out = RawRow {
            row: u64::from(sheet_row) + 1,
            ..RawRow::default()
        };
        for (_, column, content) in cells {
            let Some(&i) = self.index.get(column) else {
                continue;
            };
            let slot = self.cell(&mut out, *column, i, content);
            if out.cells.len() <= i {
                out.cells.resize(i + 1, None);
            }
            out.cells[i] = slot;
        }
        if out.cells.iter().all(Option::is_none) {
            return Ok(None);
        }
        if out.text.len() > self.limits.max_row_bytes {
            out.error = Some(DataError::RowTooLong {
                at: RowRef {
                    file: self.file.clone(),
                    row: out.row,
                },
                bytes: out.text.len() as u64,
                limit: self.limits.max_row_bytes,
            });
            out.text = String::new();
            out.cells = Vec::new();
        }
        let cost = out.text.len() + out.cells.len() * std::mem::size_of::<Option<Slot>>() + 64;
        self.bytes = self.bytes.saturating_add(cost);
        if self.bytes > self.limits.max_whole_file_bytes {
            return Err(DataError::SheetTooLarge {
                file: self.file.clone(),
                sheet: self.sheet.to_string(),
                limit: self.limits.max_whole_file_bytes,
            });
        }
        Ok(Some(out))
    }

    /// The slot of one cell of column `i` (sheet column `column`).
    fn cell(&self, out: &mut RawRow, column: u32, i: usize, content: &Content) -> Option<Slot> {
        let at = || CellRef {
            file: self.file.clone(),
            row: out.row,
            column: self
                .columns
                .get(i)
                .cloned()
                .unwrap_or_else(|| Arc::from("")),
        };
        match content {
            Content::Blank => None,
            Content::Text(text) if text.len() > self.limits.max_cell_bytes => {
                let error = DataError::CellTooLong {
                    at: at(),
                    bytes: text.len() as u64,
                    limit: self.limits.max_cell_bytes,
                };
                Some(out.push(i, "", Some(Box::new(error))))
            }
            Content::Text(text) | Content::Value(text) => Some(out.push(i, text, None)),
            Content::Problem(text, problem) => {
                let error = DataError::SheetCell {
                    at: at(),
                    sheet: self.sheet.clone(),
                    address: format!("{}{}", letters(column), out.row),
                    problem: problem.clone(),
                };
                Some(out.push(i, text, Some(Box::new(error))))
            }
            Content::TooLong(bytes) => {
                let error = DataError::CellTooLong {
                    at: at(),
                    bytes: *bytes,
                    limit: self.limits.max_cell_bytes,
                };
                Some(out.push(i, "", Some(Box::new(error))))
            }
        }
    }
}
