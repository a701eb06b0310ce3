//! Reading a table of employee-months into what the model fits: each row's employee, period,
//! features (as `f64`: statistics, never pay) and outcome.

use super::AttritionError;
use crate::analysis::attrition::AttritionSpec;
use crate::forecast::sheet::{Sheet, SheetRow};
use crate::vocab::{parse_text, ValueType};
use crate::Period;
use rust_decimal::prelude::ToPrimitive;
use std::path::Path;

/// The rows of the table, column by column.
#[derive(Debug, Default)]
pub(crate) struct Observations {
    /// Each row's employee.
    pub(crate) employees: Vec<String>,
    /// Each row's period.
    pub(crate) periods: Vec<Period>,
    /// Each row's features, in the order of the spec.
    pub(crate) x: Vec<Vec<f64>>,
    /// Each row's outcome: `Some(true)` left within the horizon, `Some(false)` stayed,
    /// `None` not known yet (the current months).
    pub(crate) left: Vec<Option<bool>>,
}

struct Columns {
    key: usize,
    period: usize,
    left: usize,
    features: Vec<usize>,
}

/// Reads `path` by `spec`.
pub(crate) fn read(path: &Path, spec: &AttritionSpec) -> Result<Observations, AttritionError> {
    let sheet = Sheet::read(path)?;
    let columns = columns(&sheet, spec)?;
    let mut obs = Observations::default();
    for row in &sheet.rows {
        let key = cell(&sheet, row, columns.key, "the employee id")?;
        let period_text = cell(&sheet, row, columns.period, "the period (YYYY-MM)")?;
        let period = period_text
            .parse()
            .map_err(|_| AttritionError::NotAPeriod {
                at: sheet.at(row.row, columns.period),
                text: period_text.to_string(),
            })?;
        let left = match row.cells[columns.left].as_deref() {
            None => None,
            Some(text) => match parse_text(text, ValueType::Bool) {
                Ok(v) => v.as_bool(),
                Err(source) => {
                    return Err(AttritionError::Cell {
                        at: sheet.at(row.row, columns.left),
                        source,
                    })
                }
            },
        };
        let mut x = Vec::with_capacity(columns.features.len());
        for &c in &columns.features {
            x.push(number(&sheet, row, c)?);
        }
        obs.employees.push(key.to_string());
        obs.periods.push(period);
        obs.x.push(x);
        obs.left.push(left);
    }
    Ok(obs)
}

fn columns(sheet: &Sheet, spec: &AttritionSpec) -> Result<Columns, AttritionError> {
    let find = |name: &str, role: &'static str| {
        sheet
            .column(name)
            .ok_or_else(|| AttritionError::MissingColumn {
                file: sheet.name.clone(),
                column: name.to_string(),
                role,
                nearest: sheet.nearest(name),
            })
    };
    let mut features = Vec::new();
    for f in &spec.features {
        features.push(find(f, "a feature")?);
    }
    Ok(Columns {
        key: find(&spec.key, "the employee id")?,
        period: find(&spec.period, "the period, YYYY-MM")?,
        left: find(&spec.left, "the outcome: 1 if the employee left within the horizon, 0 if not, blank if not known yet")?,
        features,
    })
}

fn cell<'r>(
    sheet: &Sheet,
    row: &'r SheetRow,
    column: usize,
    expected: &'static str,
) -> Result<&'r str, AttritionError> {
    row.cells[column]
        .as_deref()
        .ok_or_else(|| AttritionError::Blank {
            at: sheet.at(row.row, column),
            expected,
        })
}

/// A feature cell: a number or a percentage (`85%` is 0.85), as `f64`.
fn number(sheet: &Sheet, row: &SheetRow, column: usize) -> Result<f64, AttritionError> {
    let text = cell(sheet, row, column, "every feature")?;
    let ty = if text.ends_with('%') {
        ValueType::Percent
    } else {
        ValueType::Number
    };
    let value = parse_text(text, ty).map_err(|source| AttritionError::Cell {
        at: sheet.at(row.row, column),
        source,
    })?;
    // A decimal of at most 28 digits always has an f64 nearest to it.
    Ok(value.as_decimal().and_then(|d| d.to_f64()).unwrap_or(0.0))
}
