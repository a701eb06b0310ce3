//! The `attendance.*` measures a policy with `[attendance]` can use in its formulas: a fixed
//! set, one `attendance.shifts.NAME` per shift, one `attendance.leave_days.KIND` per leave
//! kind and one `attendance.project_hours.NAME` per project.
//!
//! The checker declares them as inputs (so an unknown measure is a located error with the
//! nearest one suggested); the attendance stage fills them from an employee's records.

use super::attendance::AttendanceDef;
use crate::error::Span;
use crate::vocab::{LeaveKind, ValueType};

/// What a measure counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MeasureOf {
    /// `attendance.workdays`: working days of the period by the calendar.
    Workdays,
    /// `attendance.days_worked`: days with at least one work record.
    DaysWorked,
    /// `attendance.hours_worked`: every hour worked (regular plus all overtime).
    HoursWorked,
    /// `attendance.regular_hours`.
    RegularHours,
    /// `attendance.ot_workday_hours`: overtime on working days (150%).
    OtWorkdayHours,
    /// `attendance.ot_restday_hours`: work on rest days (200%).
    OtRestdayHours,
    /// `attendance.ot_holiday_hours`: work on statutory holidays (300%).
    OtHolidayHours,
    /// `attendance.night_hours`: hours worked inside the night window.
    NightHours,
    /// `attendance.shifts.NAME`: shifts worked, by position in `[attendance.shifts]`.
    Shift(usize),
    /// `attendance.late_count`: shifts started later than the tolerance allows.
    LateCount,
    /// `attendance.leave_days.KIND`.
    LeaveDays(LeaveKind),
    /// `attendance.visits`: client visits.
    Visits,
    /// `attendance.visits_checked_in`: client visits with a check-in.
    VisitsCheckedIn,
    /// `attendance.project_hours.NAME`, by position in `projects`.
    ProjectHours(usize),
}

/// One measure: its name in formulas, its type, what it counts and where it comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Measure {
    /// `attendance.ot_workday_hours`.
    pub name: String,
    /// `number` for hours and days of leave, `integer` for counts.
    pub ty: ValueType,
    /// What it counts, in words (shown by `explain` and `--show`).
    pub doc: String,
    /// What it counts.
    pub of: MeasureOf,
    /// Where it is declared: the `[attendance]` table, the shift, the project.
    pub span: Span,
}

impl AttendanceDef {
    /// Every measure the policy can use, in a fixed order: the fixed ones, then shifts,
    /// leave kinds and projects in the order written.
    pub fn measures(&self) -> Vec<Measure> {
        let at = self.span;
        let fixed = |of, name: &str, ty, doc: &str| Measure {
            name: format!("attendance.{name}"),
            ty,
            doc: doc.to_string(),
            of,
            span: at,
        };
        use MeasureOf as M;
        use ValueType::{Integer, Number};
        let mut out = vec![
            fixed(
                M::Workdays,
                "workdays",
                Integer,
                "working days of the period by the calendar",
            ),
            fixed(
                M::DaysWorked,
                "days_worked",
                Integer,
                "days with work recorded",
            ),
            fixed(
                M::HoursWorked,
                "hours_worked",
                Number,
                "hours worked, regular and overtime",
            ),
            fixed(
                M::RegularHours,
                "regular_hours",
                Number,
                "hours worked that are not overtime",
            ),
            fixed(
                M::OtWorkdayHours,
                "ot_workday_hours",
                Number,
                "overtime hours on working days",
            ),
            fixed(
                M::OtRestdayHours,
                "ot_restday_hours",
                Number,
                "hours worked on rest days",
            ),
            fixed(
                M::OtHolidayHours,
                "ot_holiday_hours",
                Number,
                "hours worked on statutory holidays",
            ),
            fixed(
                M::NightHours,
                "night_hours",
                Number,
                "hours worked inside the night window",
            ),
            fixed(
                M::LateCount,
                "late_count",
                Integer,
                "shifts started late, beyond the tolerance",
            ),
            fixed(M::Visits, "visits", Integer, "client visits"),
            fixed(
                M::VisitsCheckedIn,
                "visits_checked_in",
                Integer,
                "client visits checked in on site",
            ),
        ];
        for (i, s) in self.shifts.iter().enumerate() {
            out.push(Measure {
                name: format!("attendance.shifts.{}", s.name.name),
                ty: Integer,
                doc: format!("`{}` shifts worked", s.name.name),
                of: M::Shift(i),
                span: s.name.span,
            });
        }
        for (name, kind) in LeaveKind::ALL {
            out.push(fixed(
                M::LeaveDays(kind),
                &format!("leave_days.{name}"),
                Number,
                &format!("days of {name} leave"),
            ));
        }
        for (i, p) in self.projects.iter().enumerate() {
            out.push(Measure {
                name: format!("attendance.project_hours.{}", p.name),
                ty: Number,
                doc: format!("hours booked to project `{}`", p.name),
                of: M::ProjectHours(i),
                span: p.span,
            });
        }
        out
    }
}
