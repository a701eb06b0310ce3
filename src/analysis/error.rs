//! What can stop an analysis.

use crate::data::{CellRef, DataError};
use crate::date::PeriodError;
use std::sync::Arc;

/// Why `hrrules analyze` cannot give its findings.
///
/// Each variant's doc names an input that triggers it.
#[derive(Debug, thiserror::Error)]
pub enum AnalysisError {
    /// The policy is wrong, or cannot be planned for a month of the data (a param with no
    /// value dated before 2021-12), or a `--compare` formula is wrong.
    #[error(transparent)]
    Rules(#[from] Box<crate::Error>),
    /// The earlier months of the data cannot be the history of a later one: an employee
    /// with two different rows for one month.
    #[error(transparent)]
    History(#[from] crate::history::HistoryError),
    /// No month to analyse: no period column, no `--period` and no `effective` date.
    #[error("no month to analyse: give the data's period column ([analysis] period_column = \"month\") or --period YYYY-MM")]
    NoPeriod,
    /// A data file cannot be read, or the files cannot be joined (`--data missing.csv`).
    #[error(transparent)]
    Data(#[from] DataError),
    /// `[analysis] period_column = "month"` and `sales.csv` has no `month` column.
    #[error("{file} has no column `{column}` (the [analysis] period_column){}", suggest(.suggestion))]
    NoPeriodColumn {
        /// The data file.
        file: Arc<str>,
        /// The period column asked for.
        column: String,
        /// The nearest column the file has.
        suggestion: Option<String>,
    },
    /// A period cell that is not a month: `2023-7`, `July`, or blank.
    #[error("{at}: {text:?} is not a month like 2023-07: {problem}")]
    BadPeriod {
        /// The cell.
        at: CellRef,
        /// Its text.
        text: String,
        /// Why it is not a month.
        problem: PeriodError,
    },
    /// A leavers file without the key column or the `left` column.
    #[error("{file} has no column `{column}`: a leavers file has the key column and `left` (the month each employee left, 2023-04){}", suggest(.suggestion))]
    LeaversColumn {
        /// The leavers file.
        file: Arc<str>,
        /// The column missing.
        column: String,
        /// The nearest column the file has.
        suggestion: Option<String>,
    },
    /// Fewer than 2 rows could be computed: one employee in one month, or every row failed.
    #[error("{rows} row{} could be computed ({failed} failed): an analysis needs at least 2", if *.rows == 1 { "" } else { "s" })]
    TooFewRows {
        /// Rows computed.
        rows: usize,
        /// Rows whose figures failed.
        failed: usize,
    },
    /// A figure named for analysis that is not a number: a text input (`region`), a date.
    #[error("`{name}` is {found}, not a number: only numbers, money, percentages and conditions (as 0 or 1) can be analysed")]
    NotNumeric {
        /// The figure.
        name: String,
        /// What it is, in words: `text`, `a date`.
        found: &'static str,
    },
}

fn suggest(s: &Option<String>) -> String {
    match s {
        Some(s) => format!(" (did you mean `{s}`?)"),
        None => String::new(),
    }
}
