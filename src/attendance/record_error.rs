//! The one error type of attendance records: a records file that cannot be read at all, or
//! one record that cannot be classified (which makes its employee an error row).

use crate::data::{CellRef, DataError, RowRef};
use crate::date::{Date, DateError, Period};
use crate::text::escape_controls;
use crate::vocab::{ClockError, ClockTime};
use std::sync::Arc;

/// What is wrong with attendance records.
///
/// [`RecordError::MissingColumn`], [`RecordError::NoEmployee`] and a [`RecordError::Data`]
/// that [`DataError::is_file_error`] (or that is in the `employee_id` cell) stop a whole
/// file; every other variant is one record's problem, reported for its employee while the others are still
/// computed. Each names the file, the row and (where one cell is wrong) the column.
#[derive(Clone, Debug, thiserror::Error)]
pub enum RecordError {
    /// The file cannot be read, or one of its cells is not text: a missing file, a `.xlsx`,
    /// a cell that is not UTF-8.
    #[error(transparent)]
    Data(#[from] DataError),
    /// A column every records file needs is not there: no `date` column, or `emplyee_id`
    /// written for `employee_id`.
    #[error("{file}: no `{column}` column{}; a records file has employee_id, date, then start and end or hours", did_you_mean(suggestion))]
    MissingColumn {
        /// The file.
        file: Arc<str>,
        /// The column.
        column: &'static str,
        /// The file's column nearest to it.
        suggestion: Option<String>,
    },
    /// A record whose `employee_id` is blank: it belongs to nobody, so nobody's result can
    /// carry it and the whole file stops (`,2023-10-09,08:00,17:00`).
    #[error("{at}: blank; a record must name its employee, and one that names nobody cannot be reported for anybody, so the file is not read")]
    NoEmployee {
        /// The `employee_id` cell.
        at: CellRef,
    },
    /// A leave record with clock times: `kind = annual` with `start = 08:00`. Leave takes
    /// `hours` for part of a day, or nothing for a whole day.
    #[error("{at}: a leave record gives `hours` (or nothing, for a whole day), not clock times")]
    ClockOnLeave {
        /// The `start` or `end` cell.
        at: CellRef,
    },
    /// A required cell is blank: a row without `date`.
    #[error("{at}: blank; every record needs one")]
    Blank {
        /// The cell.
        at: CellRef,
    },
    /// A work record with neither `start`/`end` nor `hours`, or with only one of `start` and
    /// `end`.
    #[error("{at}: a work record needs `start` and `end`, or `hours`")]
    NoTime {
        /// The row.
        at: RowRef,
    },
    /// A record with both `start`/`end` and `hours`: which one counts?
    #[error("{at}: gives both `start`/`end` and `hours`; give one or the other")]
    BothTimes {
        /// The `hours` cell.
        at: CellRef,
    },
    /// A date that is no calendar day: `2023-02-30`, `30/09/2023`.
    #[error(
        "{at}: `{}` is not a date like 2023-10-07: {problem}",
        escape_controls(text)
    )]
    BadDate {
        /// The cell.
        at: CellRef,
        /// Its text.
        text: String,
        /// Why not.
        problem: DateError,
    },
    /// A clock time that is no `HH:MM`: `25:00`, `8:5`.
    #[error(
        "{at}: `{}` is not a time like 08:30: {problem}",
        escape_controls(text)
    )]
    BadClock {
        /// The cell.
        at: CellRef,
        /// Its text.
        text: String,
        /// Why not.
        problem: ClockError,
    },
    /// A number of hours or minutes that is not one, is negative, is more than a day, or is
    /// finer than a minute: `hours = -2`, `hours = 25`, `hours = 0.001`, `break_minutes = x`.
    #[error("{at}: `{}` {expected}", escape_controls(text))]
    BadAmount {
        /// The cell.
        at: CellRef,
        /// Its text.
        text: String,
        /// What it should be, in words.
        expected: &'static str,
    },
    /// `checked_in` that is not `true`/`false` (or `yes`/`no`, `1`/`0`).
    #[error("{at}: `{}` is not true or false", escape_controls(text))]
    BadFlag {
        /// The cell.
        at: CellRef,
        /// Its text.
        text: String,
    },
    /// A `kind` that is neither `work`, `visit` nor a leave kind: `kind = annaul`.
    #[error(
        "{at}: unknown kind `{}`{}",
        escape_controls(text),
        did_you_mean(suggestion)
    )]
    UnknownKind {
        /// The cell.
        at: CellRef,
        /// Its text.
        text: String,
        /// The nearest kind.
        suggestion: Option<String>,
    },
    /// A shift the policy does not declare: `shift = nite`.
    #[error(
        "{at}: unknown shift `{}`{}",
        escape_controls(text),
        did_you_mean(suggestion)
    )]
    UnknownShift {
        /// The cell.
        at: CellRef,
        /// Its text.
        text: String,
        /// The nearest shift.
        suggestion: Option<String>,
    },
    /// A project the policy does not list: `project = knee_gen4`.
    #[error(
        "{at}: unknown project `{}`{}",
        escape_controls(text),
        did_you_mean(suggestion)
    )]
    UnknownProject {
        /// The cell.
        at: CellRef,
        /// Its text.
        text: String,
        /// The nearest project.
        suggestion: Option<String>,
    },
    /// A record dated outside the period evaluated: a September punch in an October run.
    #[error("{at}: {date} is outside the period {period}")]
    OutsidePeriod {
        /// The `date` cell.
        at: CellRef,
        /// The date.
        date: Date,
        /// The period evaluated.
        period: Period,
    },
    /// A date in a year the policy names no calendar for.
    #[error("{at}: the policy names no calendar for {year}; add calendars/cn-{year}.toml to [attendance] calendars")]
    NoCalendar {
        /// The `date` cell.
        at: CellRef,
        /// The year.
        year: i32,
    },
    /// Clock-out before clock-in on a shift that does not cross midnight: `08:00`-`06:30` on
    /// the day shift.
    #[error("{at}: clock-out {end} is before clock-in {start} on shift `{shift}`, which ends the day it starts")]
    ClockOutBeforeClockIn {
        /// The `end` cell.
        at: CellRef,
        /// The shift.
        shift: String,
        /// Clock-in.
        start: ClockTime,
        /// Clock-out.
        end: ClockTime,
    },
    /// Clock-in and clock-out at the same minute: no time, or 24 hours?
    #[error("{at}: clock-out is the same as clock-in ({time})")]
    EmptyPunch {
        /// The `end` cell.
        at: CellRef,
        /// The time.
        time: ClockTime,
    },
    /// Two records of one employee that overlap in time: 08:00-17:00 and 16:00-20:00 the same
    /// day, or a night shift running into the next morning's punch.
    #[error("{at}: overlaps the record at {other} ({employee}, {date})")]
    Overlap {
        /// The later record.
        at: RowRef,
        /// The record it overlaps.
        other: RowRef,
        /// The employee.
        employee: String,
        /// The later record's day.
        date: Date,
    },
    /// More than 24 hours of work on one day: timesheet lines of 10, 8 and 7 hours on
    /// 2023-10-09, or a 06:00-18:00 punch and a 20:00-09:00 night punch the same day.
    #[error(
        "{at}: {} has {minutes} minutes of work on {date}, more than a day (1440)",
        escape_controls(employee)
    )]
    DayTooLong {
        /// The record that took the day over 24 hours.
        at: RowRef,
        /// The employee.
        employee: String,
        /// The day.
        date: Date,
        /// The day's minutes with this record.
        minutes: u64,
    },
    /// Records for an employee who is not in the data: a typo in the id, or someone who left.
    #[error(
        "{at}: records for employee `{}`, who is not in the data",
        escape_controls(employee)
    )]
    UnknownEmployee {
        /// The employee's first record's `employee_id` cell.
        at: CellRef,
        /// The id.
        employee: String,
    },
    /// A period the policy's calendars do not cover: `--period 2022-12` with only
    /// `cn-2023.toml` named.
    #[error("the policy names no calendar for {period}; add it to [attendance] calendars")]
    PeriodWithoutCalendar {
        /// The period.
        period: Period,
    },
    /// An employee with no record in the period, under `records = "required"`.
    #[error("no attendance records for {} in {period}; the policy requires them (records = \"required\")", escape_controls(employee))]
    NoRecords {
        /// The employee.
        employee: String,
        /// The period.
        period: Period,
    },
}

fn did_you_mean(s: &Option<String>) -> String {
    match s {
        Some(s) => format!(" (did you mean `{}`?)", escape_controls(s)),
        None => String::new(),
    }
}
