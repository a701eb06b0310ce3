//! Errors in a policy's `[attendance]` table: one variant per mistake, each located.

use super::source::{PathError, SourceError};
use crate::error::{Diagnostic, Span};
use crate::text::escape_controls;
use crate::vocab::{ClockError, ClockTime};

/// A problem with the `[attendance]` table of a rule file.
///
/// Each variant's doc names an input that triggers it; it reaches the caller as
/// [`PolicyError::Attendance`](super::PolicyError::Attendance).
#[derive(Debug, thiserror::Error)]
pub enum AttendanceRuleError {
    /// A clock time that is no `HH:MM` of a day: `start = "25:00"`, `end = "8:5"`.
    #[error(
        "`{key}` must be a time like \"08:30\", found \"{}\": {problem}",
        escape_controls(text)
    )]
    BadClock {
        /// The key (`start`, `end`).
        key: &'static str,
        /// The text as written.
        text: String,
        /// Why it is no time.
        problem: ClockError,
        /// Where.
        span: Span,
    },
    /// A working-hours system the law does not have: `hours = "standart"`.
    #[error(
        "unknown working-hours system `{}`: it is \"standard\", \"comprehensive\" or \"flexible\"",
        escape_controls(text)
    )]
    UnknownHours {
        /// The text as written.
        text: String,
        /// The nearest system.
        suggestion: Option<&'static str>,
        /// Where.
        span: Span,
    },
    /// A `records` rule other than the two: `records = "sometimes"`.
    #[error(
        "unknown `records` rule `{}`: it is \"required\" or \"optional\"",
        escape_controls(text)
    )]
    UnknownRecordsRule {
        /// The text as written.
        text: String,
        /// The nearest rule.
        suggestion: Option<&'static str>,
        /// Where.
        span: Span,
    },
    /// A project that cannot be part of a measure's name: `projects = ["knee-gen3"]`.
    #[error("project `{}` cannot be used: {reason}", escape_controls(name))]
    BadProject {
        /// The project as written.
        name: String,
        /// What is wrong with it.
        reason: &'static str,
        /// Where.
        span: Span,
    },
    /// A project listed twice: `projects = ["hip_stem", "hip_stem"]`.
    #[error("project `{}` is listed twice", escape_controls(name))]
    ProjectTwice {
        /// The project.
        name: String,
        /// The second entry.
        span: Span,
        /// The first.
        first: Span,
    },
    /// A whole number outside what its key allows: `day_hours = 0`, `day_hours = 25`,
    /// `late_tolerance_minutes = -5`, `break_minutes = 2000`.
    #[error("`{key}` must be a whole number from {min} to {max}, found {value}")]
    OutOfRange {
        /// The key.
        key: &'static str,
        /// The value as written (saturated at the bounds of i64).
        value: i64,
        /// The least allowed.
        min: i64,
        /// The most allowed.
        max: i64,
        /// Where.
        span: Span,
    },
    /// Punch rounding to a step that does not divide an hour: `punch_rounding = { minutes = 7 }`.
    #[error("`punch_rounding.minutes` must divide 60 (1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60), found {minutes}")]
    RoundingNotDividing {
        /// The minutes as written.
        minutes: i64,
        /// Where.
        span: Span,
    },
    /// A punch-rounding direction that does not exist: `mode = "floor"`.
    #[error(
        "unknown punch rounding mode `{}`: it is \"down\", \"up\" or \"nearest\"",
        escape_controls(text)
    )]
    UnknownPunchMode {
        /// The text as written.
        text: String,
        /// The nearest mode.
        suggestion: Option<&'static str>,
        /// Where.
        span: Span,
    },
    /// A shift that starts when it ends: `[attendance.shifts.day] start = "08:00", end = "08:00"`.
    #[error("shift `{shift}` starts and ends at {time}: a shift cannot be empty (nor 24 hours)")]
    EmptyShift {
        /// The shift.
        shift: String,
        /// Its start and end.
        time: ClockTime,
        /// Where `end` is written.
        span: Span,
    },
    /// Unpaid breaks as long as the shift or longer: `break_minutes = 480` on an 8-hour shift.
    #[error("shift `{shift}` lasts {shift_minutes} minutes, and its break of {break_minutes} minutes leaves no time worked")]
    BreakTooLong {
        /// The shift.
        shift: String,
        /// The break, in minutes.
        break_minutes: u16,
        /// The shift from start to end, in minutes.
        shift_minutes: u16,
        /// Where `break_minutes` is written.
        span: Span,
    },
    /// A night window that starts when it ends: `night = { start = "22:00", end = "22:00" }`.
    #[error("the night window starts and ends at {time}: it cannot be empty (nor the whole day)")]
    EmptyNight {
        /// Its start and end.
        time: ClockTime,
        /// Where `end` is written.
        span: Span,
    },
    /// An `[attendance]` table in a file that is included: attendance rules belong to the
    /// policy itself, in its root file.
    #[error("`[attendance]` belongs in the policy's own file, not in a file it includes")]
    InInclude {
        /// The table.
        span: Span,
    },
    /// A calendar path that names no file in the policy's tree: `calendars =
    /// ["/etc/cn-2023.toml"]`, `["../../cn-2023.toml"]` from the top of the tree.
    #[error("cannot use calendar `{}`: {reason}", escape_controls(path))]
    CalendarRefused {
        /// The path as written.
        path: String,
        /// Why it names no file in the tree.
        reason: PathError,
        /// The entry.
        span: Span,
    },
    /// A calendar named in a rule file given as text with no folder to read it from
    /// (`Policy::from_source` with `calendars = ["cn-2023.toml"]`).
    #[error(
        "cannot read calendar `{}`: the rule file has no folder to read it from",
        escape_controls(path)
    )]
    CalendarWithoutBase {
        /// The path as written.
        path: String,
        /// The entry.
        span: Span,
    },
    /// A calendar path that names no `.toml` file: `calendars = ["cn-2023.txt"]`.
    #[error(
        "`{}` is not a calendar file: a calendar is a `.toml` file",
        escape_controls(path)
    )]
    CalendarNotToml {
        /// The file, as shown.
        path: String,
        /// The entry.
        span: Span,
    },
    /// A calendar file that cannot be read: missing, a link leading outside the tree, a
    /// folder, too large (`calendars = ["cn-2031.toml"]` when there is none).
    #[error("cannot read calendar `{}`: {reason}", escape_controls(path))]
    CalendarUnreadable {
        /// The file, as shown.
        path: String,
        /// Why not.
        reason: SourceError,
        /// The entry.
        span: Span,
    },
}

impl AttendanceRuleError {
    /// The error as a located diagnostic.
    pub fn diagnostic(&self) -> Diagnostic {
        use AttendanceRuleError as E;
        let message = self.to_string();
        let did_you_mean = |s: &Option<&'static str>| s.map(|s| format!("did you mean `{s}`?"));
        match self {
            E::UnknownHours {
                suggestion, span, ..
            }
            | E::UnknownPunchMode {
                suggestion, span, ..
            }
            | E::UnknownRecordsRule {
                suggestion, span, ..
            } => Diagnostic::new(*span, message).with_help(did_you_mean(suggestion)),
            E::CalendarRefused { span, .. } => Diagnostic::new(*span, message).with_help(Some(
                "name a calendar relative to the rule file, like \"calendars/cn-2023.toml\"; \
                 a calendar outside the policy's folder needs --include-root (LoadOptions::allow_root)"
                    .into(),
            )),
            E::ProjectTwice { span, first, .. } => {
                Diagnostic::new(*span, message).with_note(*first, "first listed here")
            }
            E::BadProject { span, .. } => Diagnostic::new(*span, message)
                .with_help(Some("a project name is letters, digits and `_`, like \"knee_gen3\"".into())),
            E::BadClock { span, .. }
            | E::OutOfRange { span, .. }
            | E::RoundingNotDividing { span, .. }
            | E::EmptyShift { span, .. }
            | E::BreakTooLong { span, .. }
            | E::EmptyNight { span, .. }
            | E::InInclude { span }
            | E::CalendarWithoutBase { span, .. }
            | E::CalendarNotToml { span, .. }
            | E::CalendarUnreadable { span, .. } => Diagnostic::new(*span, message),
        }
    }
}
