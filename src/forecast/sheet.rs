//! A small CSV (or JSON) table read whole, row by row, with where each cell is: what the
//! forecast's plan and capacity files and the attrition model's employee-months are. Unlike
//! [`crate::data::join`] it has no key: a plan holds many rows per project, a table of
//! employee-months many rows per employee.

use crate::data::{open, CellRef, DataError, RawRow};
use crate::text::name_key;
use std::path::Path;
use std::sync::Arc;

/// A file's columns and rows, each row's non-blank cells trimmed.
#[derive(Debug)]
pub(crate) struct Sheet {
    /// The file's name as shown in errors.
    pub(crate) name: Arc<str>,
    /// The header's column names.
    pub(crate) columns: Arc<[Arc<str>]>,
    /// The rows, in file order.
    pub(crate) rows: Vec<SheetRow>,
}

/// One row: the row number a user sees (header = 1) and each column's cell, `None` when blank.
#[derive(Debug)]
pub(crate) struct SheetRow {
    pub(crate) row: u64,
    pub(crate) cells: Vec<Option<String>>,
}

impl Sheet {
    /// Reads the whole file; the first row with a problem (a stray quote, a wrong number of
    /// cells, a cell that is not UTF-8) fails the read with its place.
    pub(crate) fn read(path: &Path) -> Result<Sheet, DataError> {
        let file = open(path)?;
        let name: Arc<str> = Arc::from(file.name());
        let columns: Arc<[Arc<str>]> = file.columns().to_vec().into();
        let mut rows = Vec::new();
        let mut raw = RawRow::default();
        let mut reader = file.rows(None)?;
        while reader.next_into(&mut raw) {
            if let Some(e) = raw.error.take() {
                return Err(e);
            }
            let mut cells = vec![None; columns.len()];
            for slot in raw.cells.iter().flatten() {
                if let Some(problem) = &slot.problem {
                    return Err((**problem).clone());
                }
                let text = raw.text_of(slot).trim();
                if !text.is_empty() && slot.column < cells.len() {
                    cells[slot.column] = Some(text.to_string());
                }
            }
            if cells.iter().any(Option::is_some) {
                rows.push(SheetRow {
                    row: raw.row,
                    cells,
                });
            }
        }
        Ok(Sheet {
            name,
            columns,
            rows,
        })
    }

    /// The index of the column named `name` (compared as data columns are, after NFKC).
    pub(crate) fn column(&self, name: &str) -> Option<usize> {
        let key = name_key(name);
        self.columns.iter().position(|c| name_key(c) == key)
    }

    /// The column nearest to `name`, for a "did you mean" when it is missing.
    pub(crate) fn nearest(&self, name: &str) -> Option<String> {
        crate::error::nearest(name, self.columns.iter().map(|c| &**c)).map(str::to_string)
    }

    /// Where the cell of `row` and column `column` is.
    pub(crate) fn at(&self, row: u64, column: usize) -> CellRef {
        CellRef {
            file: self.name.clone(),
            row,
            column: self.columns[column].clone(),
        }
    }
}
