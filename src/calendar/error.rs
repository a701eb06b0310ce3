//! Errors found while reading a calendar file: one variant per mistake, each located.

use std::fmt;
use std::sync::Arc;

use crate::date::Date;
use crate::error::{Diagnostic, Report, Sources, Span};
use crate::policy::{DateProblem, SourceError};

/// A problem with a calendar file (`rules/calendars/cn-2023.toml`).
///
/// Each variant's doc names an input that triggers it. Loading collects every one of them;
/// [`CalendarError::diagnostic`] makes each printable with `file:line:col` and a caret.
#[derive(Debug, thiserror::Error)]
pub enum CalendarError {
    /// A calendar file that cannot be read: `Calendar::load("cn-2031.toml")` when there is no
    /// such file, a FIFO, a file over the size limit.
    #[error("cannot read `{path}`: {source}")]
    Unreadable {
        /// The file, as named.
        path: String,
        /// Why not.
        source: SourceError,
    },
    /// A name that is no `.toml` file inside the source: `cn-2023.txt`, `../cn-2023.toml`.
    #[error("`{path}` is not a calendar file: a calendar is a `.toml` file")]
    NotCalendarFile {
        /// The file, as named.
        path: String,
    },
    /// A file that is not UTF-8 text: a calendar saved as GBK.
    #[error("the file is not UTF-8 text: invalid byte at offset {offset}")]
    NotUtf8 {
        /// Byte offset of the first byte that is not UTF-8.
        offset: usize,
        /// Where that byte is.
        span: Span,
    },
    /// TOML that does not parse: `name = "unterminated`, `year` written twice.
    #[error("TOML syntax: {message}")]
    Toml {
        /// The TOML parser's message.
        message: String,
        /// Where.
        span: Span,
    },
    /// A file with no `[calendar]` table: an empty file, or a rule file given as a calendar.
    #[error("missing [calendar] table: a calendar file starts with `[calendar]`")]
    MissingCalendar {
        /// The start of the file.
        span: Span,
    },
    /// A table or key the format does not know: `[calender]`, `holiday = [...]`.
    #[error("unknown {} `{key}`", if *table { "table" } else { "key" })]
    UnknownKey {
        /// The key as written.
        key: String,
        /// Whether it is a top-level table (rather than a key of `[calendar]` or an entry).
        table: bool,
        /// The nearest known key.
        suggestion: Option<&'static str>,
        /// Where.
        span: Span,
    },
    /// A required key left out: `[calendar]` without `year`, a holiday without `name`.
    #[error("missing `{key}`")]
    MissingKey {
        /// The key.
        key: &'static str,
        /// The table that lacks it.
        span: Span,
    },
    /// A value of the wrong TOML type: `year = "2023"`, `holidays = 2023-10-01`.
    #[error("`{key}` must be {expected}, found {found}")]
    WrongType {
        /// The key.
        key: &'static str,
        /// What it must be.
        expected: &'static str,
        /// What it is.
        found: &'static str,
        /// Where.
        span: Span,
    },
    /// A date that is no calendar day: `2023-02-30`, `2023-10-01T08:00:00`, `"Oct 1"`.
    #[error("`{key}` must be a date like 2023-10-01: {problem}")]
    BadDate {
        /// The key.
        key: &'static str,
        /// Why not.
        problem: DateProblem,
        /// Where.
        span: Span,
    },
    /// A year no date can have: `year = 0`, `year = 20230`.
    #[error("`year` must be between 1 and 9999, found {year}")]
    BadYear {
        /// The year as written.
        year: i64,
        /// Where.
        span: Span,
    },
    /// A weekend day that is no day of the week: `weekend = ["sat", "sunday"]`.
    #[error("`{text}` is not a day of the week (mon, tue, wed, thu, fri, sat, sun)")]
    UnknownWeekday {
        /// The text as written.
        text: String,
        /// The nearest day name.
        suggestion: Option<&'static str>,
        /// Where.
        span: Span,
    },
    /// A weekend day listed twice: `weekend = ["sat", "sat"]`.
    #[error("`{day}` is listed twice in `weekend`")]
    WeekendTwice {
        /// The day.
        day: &'static str,
        /// The second mention.
        span: Span,
        /// The first.
        first: Span,
    },
    /// A holiday with an empty name: `{ date = 2023-10-01, name = "" }`.
    #[error("a holiday's `name` cannot be empty")]
    EmptyName {
        /// Where.
        span: Span,
    },
    /// A date of another year: `2024-01-01` in a calendar with `year = 2023`.
    #[error("{date} is not in {year}, the year of this calendar")]
    OutsideYear {
        /// The date.
        date: Date,
        /// The calendar's year.
        year: i32,
        /// Where.
        span: Span,
    },
    /// A date listed twice: `2023-10-04` in `rest_days` twice, or in both `holidays` and
    /// `rest_days`.
    #[error("{date} is listed {}", if first_list == list {
        format!("twice in `{list}`")
    } else {
        format!("twice: in `{first_list}` and again in `{list}`")
    })]
    DuplicateDate {
        /// The date.
        date: Date,
        /// The list of the second mention.
        list: &'static str,
        /// The list of the first mention.
        first_list: &'static str,
        /// The second mention.
        span: Span,
        /// The first mention.
        first: Span,
    },
    /// A statutory holiday that is also a make-up working day: `2023-10-07` in both
    /// `holidays` and `workdays`.
    #[error("{date} is both a statutory holiday and a make-up working day")]
    HolidayOnMakeUpDay {
        /// The date.
        date: Date,
        /// The mention in `holidays` or `workdays`, whichever comes second.
        span: Span,
        /// The other mention.
        first: Span,
    },
    /// A make-up working day (调休上班) that is not a weekend day: `workdays = [2023-10-09]`
    /// (a Monday, a working day anyway).
    #[error("{date} is a {weekday}, not a weekend day: a make-up working day (调休上班) is a weekend day worked")]
    MakeUpNotWeekend {
        /// The date.
        date: Date,
        /// Its day of the week, in words.
        weekday: &'static str,
        /// Where.
        span: Span,
    },
    /// A freed rest day that is a weekend day already: `rest_days = [2023-09-30]` (a
    /// Saturday).
    #[error("{date} is a {weekday}, a weekend day already: list in `rest_days` only the weekdays an adjustment frees")]
    RestDayOnWeekend {
        /// The date.
        date: Date,
        /// Its day of the week, in words.
        weekday: &'static str,
        /// Where.
        span: Span,
    },
}

impl CalendarError {
    /// The error as a located diagnostic (unlocated only for files that could not be read).
    pub fn diagnostic(&self) -> Diagnostic {
        use CalendarError as E;
        let message = self.to_string();
        let did_you_mean = |s: &Option<&'static str>| s.map(|s| format!("did you mean `{s}`?"));
        match self {
            E::Unreadable { .. } | E::NotCalendarFile { .. } => Diagnostic::unlocated(message),
            E::UnknownKey {
                suggestion, span, ..
            }
            | E::UnknownWeekday {
                suggestion, span, ..
            } => Diagnostic::new(*span, message).with_help(did_you_mean(suggestion)),
            E::WeekendTwice { span, first, .. }
            | E::DuplicateDate { span, first, .. }
            | E::HolidayOnMakeUpDay { span, first, .. } => {
                Diagnostic::new(*span, message).with_note(*first, "first listed here")
            }
            E::MissingCalendar { span } => Diagnostic::new(*span, message).with_help(Some(
                "see \"Calendars\" in docs/rules.md: `[calendar]` with name, year, reference, \
                 weekend, holidays, rest_days and workdays"
                    .into(),
            )),
            E::NotUtf8 { span, .. }
            | E::Toml { span, .. }
            | E::MissingKey { span, .. }
            | E::WrongType { span, .. }
            | E::BadDate { span, .. }
            | E::BadYear { span, .. }
            | E::EmptyName { span }
            | E::OutsideYear { span, .. }
            | E::MakeUpNotWeekend { span, .. }
            | E::RestDayOnWeekend { span, .. } => Diagnostic::new(*span, message),
        }
    }
}

/// Every problem found in a calendar file, with the file to show them against.
///
/// `Display` renders them as a [`Report`] does: each with its place and caret, then a count.
#[derive(Debug)]
pub struct CalendarErrors {
    /// The problems, in the order of the file.
    pub errors: Vec<CalendarError>,
    /// The file they point into.
    pub sources: Arc<Sources>,
}

impl CalendarErrors {
    /// The problems as a [`Report`], the form every layer's errors are rendered in.
    pub fn report(&self) -> Report {
        Report {
            diagnostics: self.errors.iter().map(CalendarError::diagnostic).collect(),
            sources: Arc::clone(&self.sources),
        }
    }
}

impl fmt::Display for CalendarErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.report(), f)
    }
}

impl std::error::Error for CalendarErrors {}
