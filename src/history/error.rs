//! What can go wrong with earlier months: reading history files (the whole read fails, at a
//! file and line) and one employee's lookback (only that employee fails).

use super::LineRef;
use crate::date::{Period, PeriodError};
use crate::text::Quoted;
use crate::vocab::{TextError, ValueType};
use std::fmt;
use std::sync::Arc;

/// Why earlier months could not be read, or could not give one employee's lookback.
#[derive(Clone, Debug, thiserror::Error)]
pub enum HistoryError {
    /// `--history missing.jsonl`, or a folder that cannot be listed: the operating system's
    /// reason.
    #[error("{file}: cannot read it: {source}")]
    Io {
        /// The file or folder as given.
        file: Arc<str>,
        /// The operating system's reason.
        source: Arc<std::io::Error>,
    },
    /// `--history /dev/zero`, a FIFO: history files must be regular files (or folders of
    /// them).
    #[error("{file}: not a history file: it is {kind}")]
    NotRegularFile {
        /// The path as given.
        file: Arc<str>,
        /// What it is, in words: `a FIFO (named pipe)`, `a device`, ...
        kind: &'static str,
    },
    /// `--history months/` where `months/` holds no `*.jsonl` file.
    #[error("{dir}: the folder holds no .jsonl file")]
    EmptyFolder {
        /// The folder as given.
        dir: Arc<str>,
    },
    /// A line of a megabyte (a file that is not JSON lines, or a runaway value).
    #[error(
        "{at}: the line is longer than {} KiB; a history line is one employee's month",
        limit / 1024
    )]
    LineTooLong {
        /// The line.
        at: LineRef,
        /// The longest line read, in bytes.
        limit: usize,
    },
    /// `employee_id,period` (a CSV header), a truncated object, invalid UTF-8, `"values": 3`.
    #[error("{at}:{column}: not a JSON line of hrrules: {reason}")]
    NotJson {
        /// The line.
        at: LineRef,
        /// The column (in bytes, from 1) where reading stopped.
        column: usize,
        /// serde_json's words for what is wrong, without its place.
        reason: String,
    },
    /// `{"period": "2023-07", "values": {...}}` without the key column (`employee_id`), or
    /// with `"employee_id": null` (a key of another type is [`HistoryError::NotJson`]).
    #[error("{at}: the line has no {} (a string naming the employee)", Quoted(key))]
    NoEmployee {
        /// The line.
        at: LineRef,
        /// The key column's name.
        key: String,
    },
    /// `{"employee_id": "E004", "values": {...}}`: no `period`, or `"period": null`.
    #[error("{at}: the line has no \"period\" (the month it is for, like \"2023-07\")")]
    NoPeriod {
        /// The line.
        at: LineRef,
    },
    /// `"period": "2023-7"`.
    #[error("{at}: {source}")]
    BadPeriod {
        /// The line.
        at: LineRef,
        /// Why the text is not a month.
        source: PeriodError,
    },
    /// `{"employee_id": "E004", "period": "2023-07"}`: neither `values` nor `error`.
    #[error("{at}: the line has neither \"values\" nor \"error\"")]
    NoValues {
        /// The line.
        at: LineRef,
    },
    /// A line of July without `gross_pay`, which `ytd_before(gross_pay)` reads (written by a
    /// policy that did not have it, or `null`: an input missing that month).
    #[error(
        "{}employee {} {period}: the line has no value of {} (read by {need})",
        place(at),
        Quoted(employee),
        Quoted(name)
    )]
    MissingName {
        /// Where the line is, when read from a file.
        at: Option<LineRef>,
        /// The employee.
        employee: String,
        /// The month of the line.
        period: Period,
        /// The name missing.
        name: Arc<str>,
        /// The first function that reads it, as written: `ytd_before(gross_pay)`.
        need: String,
    },
    /// `"gross_pay": "abc"` where `ytd_before(gross_pay)` needs money.
    #[error(
        "{}employee {} {period}: {} is not {}: {source}",
        place(at),
        Quoted(employee),
        Quoted(name),
        ty.name()
    )]
    BadValue {
        /// Where the line is, when read from a file.
        at: Option<LineRef>,
        /// The employee.
        employee: String,
        /// The month of the line.
        period: Period,
        /// The name.
        name: Arc<str>,
        /// The type the policy reads it as.
        ty: ValueType,
        /// Why the text is not one.
        source: TextError,
    },
    /// An October run of someone with lines for July and September but not August.
    #[error(
        "employee {}: no history for {missing}, between {first} and {period} (a month \
         missing from the history would make the year's totals wrong)",
        Quoted(employee)
    )]
    Gap {
        /// The employee.
        employee: String,
        /// The first month missing.
        missing: Period,
        /// The employee's first month of the year in the history.
        first: Period,
        /// The period computed.
        period: Period,
    },
    /// The first month given says it came after earlier months of the year that the
    /// history does not have: the March line was computed after a February that no
    /// `--history` file holds (the February file was left out for someone hired then).
    #[error(
        "{}employee {} {first} was computed after {said} earlier month(s) of its year, which the history does not have: give every month of the year",
        place(at),
        Quoted(employee)
    )]
    EarlierMonths {
        /// The employee.
        employee: String,
        /// The first month of the year in the history.
        first: Period,
        /// Its line.
        at: Option<LineRef>,
        /// What its line says (`ytd_months_before`).
        said: u32,
    },
    /// The employee's August line is `{"employee_id": ..., "error": "..."}`: August was not
    /// computed, so its figures cannot be summed.
    #[error(
        "{}employee {} {month} failed, so its figures are unknown: {error}",
        place(at),
        Quoted(employee)
    )]
    FailedMonth {
        /// Where the error line is, when read from a file.
        at: Option<LineRef>,
        /// The employee.
        employee: String,
        /// The month that failed.
        month: Period,
        /// The month's error, as its line gives it.
        error: String,
    },
    /// Two lines for E004's August (in two files, or one file twice after a re-run) whose
    /// figures differ: which one was paid?
    #[error(
        "employee {} {month}: two different lines, {} and {}; keep the one that was paid",
        Quoted(employee),
        Where(first),
        Where(second)
    )]
    Conflict {
        /// The employee.
        employee: String,
        /// The month.
        month: Period,
        /// One line.
        first: Option<LineRef>,
        /// The other.
        second: Option<LineRef>,
    },
    /// `ytd_before(gross_pay)` over months of amounts near 10^28.
    #[error(
        "employee {}: {need} is too large to compute exactly",
        Quoted(employee)
    )]
    SumTooLarge {
        /// The employee.
        employee: String,
        /// The sum, as written: `ytd_before(gross_pay)`.
        need: String,
    },
}

/// `history.jsonl:12: ` before a message, or nothing for a month from another source.
fn place(at: &Option<LineRef>) -> String {
    at.as_ref().map(|a| format!("{a}: ")).unwrap_or_default()
}

/// A line's place, or `a line given by the caller`.
struct Where<'a>(&'a Option<LineRef>);

impl fmt::Display for Where<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(at) => write!(f, "{at}"),
            None => f.write_str("(not from a file)"),
        }
    }
}
