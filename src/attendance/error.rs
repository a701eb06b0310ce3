//! Errors found joining a policy's attendance rules with their calendar files.

use crate::calendar::CalendarError;
use crate::error::{Diagnostic, Span};

/// A problem with the calendars a policy's `[attendance]` names.
///
/// Each variant's doc names an input that triggers it.
#[derive(Debug, thiserror::Error)]
pub enum AttendanceError {
    /// A calendar file with a mistake of its own: a rule file named in `calendars`
    /// (no `[calendar]` table), a make-up day on a Monday.
    #[error("{error}")]
    Calendar {
        /// The calendar file's error, located in that file.
        error: CalendarError,
        /// The `calendars` entry naming the file.
        entry: Span,
    },
    /// Two calendars for one year: `calendars = ["cn-2023.toml", "cn-2023-copy.toml"]`.
    #[error("two calendars for {year}: a year has one official calendar")]
    YearTwice {
        /// The year.
        year: i32,
        /// The second entry.
        span: Span,
        /// The first.
        first: Span,
    },
}

impl AttendanceError {
    /// The error as a located diagnostic.
    pub fn diagnostic(&self) -> Diagnostic {
        match self {
            AttendanceError::Calendar { error, entry } => {
                let d = error.diagnostic();
                if d.span.is_some() {
                    d.with_note(*entry, "calendar named here")
                } else {
                    Diagnostic::new(*entry, d.message)
                }
            }
            AttendanceError::YearTwice { span, first, .. } => {
                Diagnostic::new(*span, self.to_string())
                    .with_note(*first, "first calendar for that year")
            }
        }
    }
}
