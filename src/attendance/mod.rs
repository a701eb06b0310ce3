//! A policy's attendance rules joined with the official calendars they name: the checked
//! `[attendance]` table ([`AttendanceDef`]) and one [`Calendar`] per year.
//!
//! This stage sits after [`crate::policy`] and [`crate::calendar`] and before evaluation:
//! [`read_records`] turns records files into validated [`Punch`]es, one [`Group`] per
//! employee; [`classify`] turns an employee's punches into a [`Tally`]; [`Timesheets`] holds
//! every employee's tally for a period, and `Binding::with_timesheets` fills the
//! `attendance.*` measures from it. [`Month`] is one employee's month with the trace, for
//! `explain`. [`split`] and [`CostSplit`] allocate an amount over the projects by the hours
//! booked to them (R&D cost accounting).

mod classify;
mod error;
mod month;
mod punch;
mod record_error;
mod records;
mod sheet;
mod split;
mod tally;

pub use classify::{classify, Contribution};
pub use error::AttendanceError;
pub use month::Month;
pub use punch::{Punch, PunchKind, PunchTime, RecordAt};
pub use record_error::RecordError;
pub use records::{read_records, Group, Grouping};
pub use sheet::Timesheets;
pub use split::{split, CostSplit, ProjectShare, SplitError};
pub use tally::{hours, Tally};

use crate::calendar::{Calendar, DayKind};
use crate::date::{Date, Period};
use crate::error::{Sources, Span};
use crate::policy::{
    AttendanceDef, ClockWindow, HoursSystem, Measure, PunchRounding, RecordsRule, Shift,
};

/// A policy's attendance rules, checked, with their calendars loaded.
#[derive(Clone, Debug)]
pub struct Attendance {
    def: AttendanceDef,
    /// One calendar per year, by year.
    calendars: Vec<Calendar>,
}

impl Attendance {
    /// Parses the calendar files of `def` (already read into `sources`) and checks that no
    /// year repeats. Every problem is returned, located.
    pub(crate) fn build(
        def: AttendanceDef,
        sources: &Sources,
    ) -> Result<Attendance, Vec<AttendanceError>> {
        let mut errors = Vec::new();
        let mut calendars: Vec<(Calendar, Span)> = Vec::new();
        for cal in &def.calendars {
            let Some(id) = cal.file else { continue };
            match Calendar::read_in(id, sources.file(id).text()) {
                Ok(c) => {
                    if let Some((_, first)) = calendars.iter().find(|(k, _)| k.year() == c.year()) {
                        errors.push(AttendanceError::YearTwice {
                            year: c.year(),
                            span: cal.span,
                            first: *first,
                        });
                    } else {
                        calendars.push((c, cal.span));
                    }
                }
                Err(es) => errors.extend(es.into_iter().map(|error| AttendanceError::Calendar {
                    error,
                    entry: cal.span,
                })),
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut calendars: Vec<Calendar> = calendars.into_iter().map(|(c, _)| c).collect();
        calendars.sort_by_key(Calendar::year);
        Ok(Attendance { def, calendars })
    }

    /// The calendars, by year.
    pub fn calendars(&self) -> &[Calendar] {
        &self.calendars
    }

    /// The calendar of `year`, if the policy names one.
    pub fn calendar(&self, year: i32) -> Option<&Calendar> {
        self.calendars
            .binary_search_by_key(&year, Calendar::year)
            .ok()
            .map(|i| &self.calendars[i])
    }

    /// What `date` is by the calendar of its year; `None` when the policy names no
    /// calendar for that year.
    pub fn day(&self, date: Date) -> Option<DayKind> {
        self.calendar(date.year())?.day(date)
    }

    /// The working days of `period` by the calendar of its year (`attendance.workdays`);
    /// `None` when the policy names no calendar for that year.
    pub fn workdays(&self, period: Period) -> Option<u32> {
        self.calendar(period.start().year())?.workdays(period)
    }

    /// The working-hours system (`hours`).
    pub fn hours(&self) -> HoursSystem {
        self.def.hours
    }

    /// The standard hours of a working day (`day_hours`, 1 to 24, default 8).
    pub fn day_hours(&self) -> u8 {
        self.def.day_hours
    }

    /// The night window (`night`), if the policy sets one.
    pub fn night(&self) -> Option<ClockWindow> {
        self.def.night
    }

    /// How punches are rounded (`punch_rounding`), if at all.
    pub fn punch_rounding(&self) -> Option<PunchRounding> {
        self.def.punch_rounding
    }

    /// Minutes late that are not counted as late (`late_tolerance_minutes`, default 0).
    pub fn late_tolerance_minutes(&self) -> u16 {
        self.def.late_tolerance_minutes
    }

    /// The shifts, in the order written.
    pub fn shifts(&self) -> &[Shift] {
        &self.def.shifts
    }

    /// The shift called `name`.
    pub fn shift(&self, name: &str) -> Option<&Shift> {
        self.def.shifts.iter().find(|s| s.name.name == name)
    }

    /// The projects time may be booked to (`projects`), in the order written.
    pub fn projects(&self) -> impl ExactSizeIterator<Item = &str> {
        self.def.projects.iter().map(|p| p.name.as_str())
    }

    /// Whether every employee must have records (`records`).
    pub fn records(&self) -> RecordsRule {
        self.def.records
    }

    /// Every `attendance.*` measure the policy can use (see [`AttendanceDef::measures`]).
    pub fn measures(&self) -> Vec<Measure> {
        self.def.measures()
    }

    /// The table as read.
    pub fn def(&self) -> &AttendanceDef {
        &self.def
    }
}
