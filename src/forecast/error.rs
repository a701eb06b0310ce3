//! The one error type of the headcount forecast.

use crate::calendar::CalendarErrors;
use crate::data::{CellRef, DataError};
use crate::vocab::TextError;
use crate::Period;
use std::sync::Arc;

/// What stops a forecast: a file that cannot be read, a cell that does not say what its
/// column needs (named by file, row and column), or a month no calendar covers.
#[derive(Debug, thiserror::Error)]
pub enum ForecastError {
    /// The plan or capacity file cannot be read: missing, not CSV/JSON, a malformed row.
    #[error(transparent)]
    Data(#[from] DataError),
    /// A required column is not in the header, e.g. a plan without `hours_needed`.
    #[error("{file}: no column `{column}` ({what}){}", did_you_mean(.nearest))]
    MissingColumn {
        /// The file.
        file: Arc<str>,
        /// The column looked for.
        column: &'static str,
        /// What the column holds.
        what: &'static str,
        /// A column of the file with a near name (`hours`), if any.
        nearest: Option<String>,
    },
    /// A capacity file with neither `fte` nor `hours_per_month`, or with both.
    #[error("{file}: give each engineer's capacity in one column, `fte` (1 = full time) or `hours_per_month`{}", if *.both { ", not both" } else { "" })]
    CapacityColumns {
        /// The file.
        file: Arc<str>,
        /// Both columns are there.
        both: bool,
    },
    /// A blank cell where a value is needed: a plan row without its month.
    #[error("{at}: the cell is blank; it should hold {expected}")]
    Blank {
        /// The cell.
        at: CellRef,
        /// What it should hold.
        expected: &'static str,
    },
    /// A cell that does not read as its column's type: `2024-13` as a month, `abc` as hours,
    /// `85 percent` as an allocation.
    #[error("{at}: {source}")]
    Cell {
        /// The cell.
        at: CellRef,
        /// Why it does not read.
        source: TextError,
    },
    /// A month cell that is not `YYYY-MM`: `2024/1`, `一月`.
    #[error("{at}: `{text}` is not a month (expected YYYY-MM, like 2024-01)")]
    NotAMonth {
        /// The cell.
        at: CellRef,
        /// The text as written.
        text: String,
    },
    /// A number outside what its column allows: hours below 0, an FTE of 1.5, an allocation
    /// of 120%.
    #[error("{at}: {value} is not allowed: {range}")]
    OutOfRange {
        /// The cell.
        at: CellRef,
        /// The value as read.
        value: String,
        /// The allowed range, in words.
        range: &'static str,
    },
    /// The same project and month on two rows of the plan (a row copied by mistake).
    #[error("{at}: project `{project}` {month} is already planned on row {first_row}; give each project's month once")]
    DuplicatePlan {
        /// The second row's month cell.
        at: CellRef,
        /// The project.
        project: String,
        /// The month.
        month: Period,
        /// The row of the first.
        first_row: u64,
    },
    /// The same engineer on two rows of the capacity file.
    #[error("{at}: `{employee}` is already on row {first_row}; give each engineer once")]
    DuplicateEngineer {
        /// The second row's id cell.
        at: CellRef,
        /// The employee id.
        employee: String,
        /// The row of the first.
        first_row: u64,
    },
    /// `available_until` before `available_from` on one row.
    #[error("{at}: available until {until}, before available from {from}")]
    BackwardsAvailability {
        /// The `available_until` cell.
        at: CellRef,
        /// The first day available.
        from: crate::Date,
        /// The last day available.
        until: crate::Date,
    },
    /// `--months 0`, or more than 120.
    #[error("--months {months}: a forecast covers 1 to 120 months")]
    Months {
        /// The number asked for.
        months: u32,
    },
    /// A month of the forecast that no `--calendar` covers: `--from 2024-10 --months 6` with
    /// only the 2024 calendar.
    #[error("no calendar given covers {period}; give the calendar of {year} too (rules/calendars/cn-{year}.toml), or none to use 174 hours a month")]
    NoCalendar {
        /// The month.
        period: Period,
        /// Its year.
        year: i32,
    },
    /// A calendar file that does not load.
    #[error(transparent)]
    Calendar(#[from] CalendarErrors),
}

fn did_you_mean(nearest: &Option<String>) -> String {
    match nearest {
        Some(n) => format!("; did you mean `{n}`?"),
        None => String::new(),
    }
}
