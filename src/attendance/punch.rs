//! One attendance record as read from a records file, validated against the policy's rules:
//! a punch pair, a timesheet line, a day of leave or a client visit.

use crate::date::Date;
use crate::vocab::{ClockTime, LeaveKind};

/// One record of one employee, its names resolved to positions in the policy's
/// `[attendance]` table. Built by the records reader; the classifier turns an employee's
/// punches into a [`super::Tally`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Punch {
    /// The day the record belongs to (a shift belongs to the day it starts).
    pub date: Date,
    /// When, or how long.
    pub time: PunchTime,
    /// What kind of record.
    pub kind: PunchKind,
    /// The shift, by position in [`super::Attendance::shifts`].
    pub shift: Option<u16>,
    /// The project, by position in [`super::Attendance::projects`].
    pub project: Option<u16>,
    /// Unpaid break in minutes, when the record gives one (else the shift's, else none).
    pub break_minutes: Option<u16>,
    /// Where it was read.
    pub at: RecordAt,
}

/// When a record's time was.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PunchTime {
    /// `start`,`end` clock times; `end` before `start` means the next day.
    Clock {
        /// Clock-in.
        start: ClockTime,
        /// Clock-out.
        end: ClockTime,
    },
    /// A timesheet line: `hours`, as whole minutes.
    Minutes(u32),
    /// Neither (a whole day of leave, a visit).
    None,
}

/// What a record is (`kind`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PunchKind {
    /// `work` (the default).
    Work,
    /// A kind of leave.
    Leave(LeaveKind),
    /// `visit`: a sales visit to a client; `checked_in` when the check-in was recorded on
    /// site.
    Visit {
        /// `checked_in`.
        checked_in: bool,
    },
}

/// Where a record was read: a records file (by position in the list given) and its row as
/// a user sees it (CSV: the header is row 1; JSON: the 1-based object).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RecordAt {
    /// The file, by position among the records files.
    pub file: u16,
    /// The row.
    pub row: u64,
}
