//! Reading the project plan and the team's capacity, every problem located by file, row and
//! column.

use super::sheet::{Sheet, SheetRow};
use super::{Capacity, Engineer, ForecastError, PlanRow};
use crate::vocab::{parse_text, ValueType};
use crate::{Date, Period};
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::path::Path;

/// Reads a project plan: columns `project`, `month` (YYYY-MM) and `hours_needed` (0 or more);
/// other columns are ignored. Each project's month may be given once.
pub fn read_plan(path: &Path) -> Result<Vec<PlanRow>, ForecastError> {
    let sheet = Sheet::read(path)?;
    let project = require(&sheet, "project", "the project's name")?;
    let month = require(&sheet, "month", "the month, YYYY-MM")?;
    let hours = require(
        &sheet,
        "hours_needed",
        "the hours the project needs that month",
    )?;
    let mut seen: HashMap<(String, Period), u64> = HashMap::new();
    let mut out = Vec::new();
    for row in &sheet.rows {
        let name = text(&sheet, row, project, "the project's name")?.to_string();
        let period = period(&sheet, row, month)?;
        let needed = number(&sheet, row, hours, "the hours needed")?;
        if needed < Decimal::ZERO {
            return Err(out_of_range(
                &sheet,
                row,
                hours,
                needed,
                "hours needed are 0 or more",
            ));
        }
        if let Some(&first_row) = seen.get(&(name.clone(), period)) {
            return Err(ForecastError::DuplicatePlan {
                at: sheet.at(row.row, month),
                project: name,
                month: period,
                first_row,
            });
        }
        seen.insert((name.clone(), period), row.row);
        out.push(PlanRow {
            project: name,
            month: period,
            hours_needed: needed,
        });
    }
    Ok(out)
}

/// Reads the team: `employee_id`, then `fte` (0 to 1) or `hours_per_month`, and optionally
/// `available_from`, `available_until` (dates; blank = open) and `allocation` (a percentage
/// of the capacity given to the projects; blank = 100%).
pub fn read_capacity(path: &Path) -> Result<Vec<Engineer>, ForecastError> {
    let sheet = Sheet::read(path)?;
    let id = require(&sheet, "employee_id", "the engineer's id")?;
    let fte = sheet.column("fte");
    let hours = sheet.column("hours_per_month");
    if fte.is_some() == hours.is_some() {
        return Err(ForecastError::CapacityColumns {
            file: sheet.name.clone(),
            both: fte.is_some(),
        });
    }
    let from = sheet.column("available_from");
    let until = sheet.column("available_until");
    let allocation = sheet.column("allocation");
    let mut seen: HashMap<String, u64> = HashMap::new();
    let mut out = Vec::new();
    for row in &sheet.rows {
        let employee = text(&sheet, row, id, "the engineer's id")?.to_string();
        if let Some(&first_row) = seen.get(&employee) {
            return Err(ForecastError::DuplicateEngineer {
                at: sheet.at(row.row, id),
                employee,
                first_row,
            });
        }
        seen.insert(employee.clone(), row.row);
        let capacity = match (fte, hours) {
            (Some(c), _) => {
                let v = number(&sheet, row, c, "the FTE (1 = full time)")?;
                if v < Decimal::ZERO || v > Decimal::ONE {
                    return Err(out_of_range(
                        &sheet,
                        row,
                        c,
                        v,
                        "an FTE is from 0 to 1 (1 = full time)",
                    ));
                }
                Capacity::Fte(v)
            }
            (None, Some(c)) => {
                let v = number(&sheet, row, c, "the hours per month")?;
                if v < Decimal::ZERO || v > Decimal::from(744) {
                    return Err(out_of_range(
                        &sheet,
                        row,
                        c,
                        v,
                        "hours per month are from 0 to 744 (a month of 31 days)",
                    ));
                }
                Capacity::Hours(v)
            }
            (None, None) => unreachable!("checked above"),
        };
        let share = match allocation.filter(|&c| row.cells[c].is_some()) {
            Some(c) => {
                let v = typed(&sheet, row, c, ValueType::Percent)?;
                if v < Decimal::ZERO || v > Decimal::ONE {
                    return Err(out_of_range(
                        &sheet,
                        row,
                        c,
                        v,
                        "an allocation is from 0% to 100%",
                    ));
                }
                v
            }
            None => Decimal::ONE,
        };
        let first = optional_date(&sheet, row, from)?;
        let last = optional_date(&sheet, row, until)?;
        if let (Some(a), Some(b), Some(c)) = (first, last, until) {
            if b < a {
                return Err(ForecastError::BackwardsAvailability {
                    at: sheet.at(row.row, c),
                    from: a,
                    until: b,
                });
            }
        }
        out.push(Engineer {
            employee,
            capacity,
            allocation: share,
            available_from: first,
            available_until: last,
        });
    }
    Ok(out)
}

fn require(
    sheet: &Sheet,
    column: &'static str,
    what: &'static str,
) -> Result<usize, ForecastError> {
    sheet
        .column(column)
        .ok_or_else(|| ForecastError::MissingColumn {
            file: sheet.name.clone(),
            column,
            what,
            nearest: sheet.nearest(column),
        })
}

fn text<'r>(
    sheet: &Sheet,
    row: &'r SheetRow,
    column: usize,
    expected: &'static str,
) -> Result<&'r str, ForecastError> {
    row.cells[column]
        .as_deref()
        .ok_or_else(|| ForecastError::Blank {
            at: sheet.at(row.row, column),
            expected,
        })
}

fn typed(
    sheet: &Sheet,
    row: &SheetRow,
    column: usize,
    ty: ValueType,
) -> Result<Decimal, ForecastError> {
    let cell = text(sheet, row, column, "a number")?;
    let value = parse_text(cell, ty).map_err(|source| ForecastError::Cell {
        at: sheet.at(row.row, column),
        source,
    })?;
    Ok(value.as_decimal().unwrap_or_default())
}

fn number(
    sheet: &Sheet,
    row: &SheetRow,
    column: usize,
    expected: &'static str,
) -> Result<Decimal, ForecastError> {
    text(sheet, row, column, expected)?;
    typed(sheet, row, column, ValueType::Number)
}

fn period(sheet: &Sheet, row: &SheetRow, column: usize) -> Result<Period, ForecastError> {
    let cell = text(sheet, row, column, "the month, YYYY-MM")?;
    cell.parse().map_err(|_| ForecastError::NotAMonth {
        at: sheet.at(row.row, column),
        text: cell.to_string(),
    })
}

fn optional_date(
    sheet: &Sheet,
    row: &SheetRow,
    column: Option<usize>,
) -> Result<Option<Date>, ForecastError> {
    let Some(c) = column else { return Ok(None) };
    let Some(cell) = row.cells[c].as_deref() else {
        return Ok(None);
    };
    match parse_text(cell, ValueType::Date) {
        Ok(crate::Value::Date(d)) => Ok(Some(d)),
        Ok(_) => unreachable!("a date cell reads as a date"),
        Err(source) => Err(ForecastError::Cell {
            at: sheet.at(row.row, c),
            source,
        }),
    }
}

fn out_of_range(
    sheet: &Sheet,
    row: &SheetRow,
    column: usize,
    value: Decimal,
    range: &'static str,
) -> ForecastError {
    ForecastError::OutOfRange {
        at: sheet.at(row.row, column),
        value: value.normalize().to_string(),
        range,
    }
}
