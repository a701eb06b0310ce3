//! Data of many months in one file: rows split by their period column, one file per month,
//! so each month is joined on the key and evaluated with that month's plan like any other.

use super::error::AnalysisError;
use crate::data::{CellRef, DataFile, Dataset};
use crate::date::Period;
use crate::text::name_key;
use std::collections::{BTreeMap, BTreeSet};

/// Splits `file` by the month in its `column`, keeping each row's number (errors still name
/// the row of the file as written). A file without the column, or a cell that is not a month
/// (`YYYY-MM`), is an error naming it.
pub(crate) fn split(
    file: &DataFile,
    column: &str,
) -> Result<BTreeMap<Period, DataFile>, AnalysisError> {
    let index = position(file, column).ok_or_else(|| AnalysisError::NoPeriodColumn {
        file: file.shared_name().clone(),
        column: column.to_string(),
        suggestion: nearest(file, column),
    })?;
    let mut months: BTreeMap<Period, Vec<_>> = BTreeMap::new();
    for row in file.rows(None)? {
        if let Some(e) = &row.error {
            if e.is_file_error() {
                return Err(e.clone().into());
            }
        }
        let cell = row.cells.get(index).and_then(Option::as_ref);
        let text = cell.map_or("", |c| row.text_of(c)).trim().to_string();
        let at = || CellRef {
            file: file.shared_name().clone(),
            row: row.row,
            column: file.shared_columns()[index].clone(),
        };
        let period = text
            .parse::<Period>()
            .map_err(|problem| AnalysisError::BadPeriod {
                at: at(),
                text: text.clone(),
                problem,
            })?;
        months.entry(period).or_default().push(row);
    }
    let (name, columns) = (file.shared_name(), file.shared_columns());
    Ok(months
        .into_iter()
        .map(|(p, rows)| (p, DataFile::from_rows(name.clone(), columns.clone(), rows)))
        .collect())
}

/// The month each employee left, from a leavers file (the key column and `left`).
pub(crate) fn leavers(
    file: DataFile,
    key: &str,
) -> Result<BTreeMap<String, Period>, AnalysisError> {
    for column in [key, "left"] {
        if position(&file, column).is_none() {
            return Err(AnalysisError::LeaversColumn {
                file: file.shared_name().clone(),
                column: column.to_string(),
                suggestion: nearest(&file, column),
            });
        }
    }
    let data: Dataset = crate::data::join(vec![file], key)?;
    let left = data.column_index("left").unwrap_or_default();
    let mut out = BTreeMap::new();
    for record in data.records() {
        if let Some(e) = record.error {
            return Err(e.into());
        }
        let Some(cell) = record.cell(left) else {
            continue;
        };
        let text = cell.text.trim();
        // `2023-04` or a day of that month, `2023-04-18`.
        let month = text.get(..7).unwrap_or(text);
        let period = month
            .parse::<Period>()
            .map_err(|problem| AnalysisError::BadPeriod {
                at: cell.at(),
                text: text.to_string(),
                problem,
            })?;
        out.insert(record.key, period);
    }
    Ok(out)
}

fn position(file: &DataFile, column: &str) -> Option<usize> {
    let wanted = name_key(column);
    file.columns().iter().position(|c| name_key(c) == wanted)
}

fn nearest(file: &DataFile, column: &str) -> Option<String> {
    let columns = file.columns().iter().map(|c| &**c);
    crate::error::nearest(column, columns).map(str::to_string)
}

/// Each month's files: every file's rows of that month (a file with none that month gives
/// an empty file, so the month's join says whose rows are missing).
pub(crate) fn by_month(
    files: &[DataFile],
    column: &str,
) -> Result<BTreeMap<Period, Vec<DataFile>>, AnalysisError> {
    let mut split: Vec<_> = (files.iter().map(|f| split(f, column))).collect::<Result<_, _>>()?;
    let all: BTreeSet<Period> = split.iter().flat_map(|m| m.keys().copied()).collect();
    let mut months = BTreeMap::new();
    for period in all {
        let parts = (files.iter().zip(&mut split))
            .map(|(f, m)| {
                m.remove(&period).unwrap_or_else(|| {
                    let (name, columns) = (f.shared_name().clone(), f.shared_columns().clone());
                    DataFile::from_rows(name, columns, Vec::new())
                })
            })
            .collect();
        months.insert(period, parts);
    }
    Ok(months)
}
