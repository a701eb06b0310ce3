//! Official calendars: which days of a year are working days, rest days and statutory
//! holidays, read from a checked calendar file (`rules/calendars/cn-2023.toml`).
//!
//! A calendar file is untrusted input read like a rule file: through a
//! [`RuleSource`] (confined to its folder, bounded in size), every
//! mistake collected as a located [`CalendarError`]. It sits beside [`crate::policy`] in the
//! pipeline: it knows rule sources and dates and nothing of formulas; the attendance rules of a
//! policy will name calendar files and classify records with [`Calendar::day`].
//!
//! ```
//! use hrrules::calendar::{Calendar, DayKind};
//! use hrrules::{Date, Period};
//!
//! let text = r#"
//! [calendar]
//! name = "China 2023 (excerpt)"
//! year = 2023
//! weekend = ["sat", "sun"]
//! holidays = [{ date = 2023-10-02, name = "国庆节 National Day" }]
//! rest_days = [2023-10-04]
//! workdays = [2023-10-07]
//! "#;
//! let cal = Calendar::from_text("cn.toml", text)?;
//! let day = |s: &str| cal.day(s.parse::<Date>().unwrap());
//! assert_eq!(day("2023-10-02"), Some(DayKind::Holiday));
//! assert_eq!(day("2023-10-04"), Some(DayKind::RestDay));
//! assert_eq!(day("2023-10-07"), Some(DayKind::Workday)); // a Saturday worked
//! assert_eq!(day("2024-01-01"), None); // not this calendar's year
//! assert_eq!(cal.holiday_name("2023-10-02".parse()?), Some("国庆节 National Day"));
//! assert_eq!(cal.workdays("2023-10".parse::<Period>()?), Some(21));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod error;
mod lists;
mod read;

use std::path::Path;
use std::sync::Arc;

pub use error::{CalendarError, CalendarErrors};

use crate::date::{Date, Period};
use crate::error::{FileId, Sources, Span};
use crate::limits::Limits;
use crate::policy::{FsSource, RulePath, RuleSource, SourceError};

/// What a day of a calendar is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DayKind {
    /// A working day: a weekday not freed, or a make-up working day (调休上班) on a weekend.
    Workday,
    /// A rest day: a weekend day not worked, or a weekday freed by an adjustment (调休).
    RestDay,
    /// A statutory holiday (法定节假日), whatever day of the week it falls on.
    Holiday,
}

/// The names of the days of the week, Monday first, as written in `weekend`.
pub const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// The day of the week of `date`: 0 for Monday to 6 for Sunday.
pub fn weekday(date: Date) -> usize {
    let epoch = Date::from_ymd(1970, 1, 1).expect("1970-01-01 is a day");
    // 1970-01-01 was a Thursday.
    (epoch.days_until(date) + 3).rem_euclid(7) as usize
}

/// One year's official calendar, checked: every day classified, looked up in O(1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Calendar {
    name: String,
    year: i32,
    reference: Option<String>,
    weekend: [bool; 7],
    first: Date,
    /// The kind of each day, by day of the year (0 for 1 January).
    kinds: Box<[DayKind]>,
    /// Working days before each day of the year, and in the whole year at the end.
    workdays_before: Box<[u16]>,
    /// The statutory holidays and their names, by date.
    holidays: Vec<(Date, String)>,
    /// The make-up working days, by date.
    make_up: Vec<Date>,
}

impl Calendar {
    /// Loads the calendar file at `path`, reading nothing outside its folder and at most
    /// [`Limits::max_file_bytes`] of it.
    pub fn load(path: impl AsRef<Path>) -> Result<Calendar, CalendarErrors> {
        let path = path.as_ref();
        let shown = path.display().to_string();
        let fail = |e: CalendarError| CalendarErrors {
            errors: vec![e],
            sources: Arc::new(Sources::new()),
        };
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        let dir = path.parent().unwrap_or(Path::new(""));
        let source = FsSource::new(dir).map_err(|e| {
            fail(CalendarError::Unreadable {
                path: shown.clone(),
                source: SourceError::Io(e),
            })
        })?;
        let Some(rel) = name.and_then(|n| source.path_in_root(&n).ok()) else {
            return Err(fail(CalendarError::NotCalendarFile { path: shown }));
        };
        Calendar::from_source(&source, rel.as_str())
    }

    /// Loads the calendar file `path` of `source`: a folder on disk, or an HR product's own
    /// store of calendars.
    pub fn from_source(source: &dyn RuleSource, path: &str) -> Result<Calendar, CalendarErrors> {
        let fail = |e: CalendarError| CalendarErrors {
            errors: vec![e],
            sources: Arc::new(Sources::new()),
        };
        let rel = match RulePath::new(path) {
            Ok(p) if p.is_toml() => p,
            _ => {
                return Err(fail(CalendarError::NotCalendarFile {
                    path: path.to_string(),
                }))
            }
        };
        let shown = source.display(&rel);
        match source.read(&rel, Limits::default().max_file_bytes) {
            Ok(bytes) => Calendar::from_bytes(&shown, bytes),
            Err(source) => Err(fail(CalendarError::Unreadable {
                path: shown,
                source,
            })),
        }
    }

    /// Reads a calendar from its text; `name` is the file name shown in messages.
    pub fn from_text(name: &str, text: &str) -> Result<Calendar, CalendarErrors> {
        Calendar::from_bytes(name, text.as_bytes().to_vec())
    }

    fn from_bytes(name: &str, bytes: Vec<u8>) -> Result<Calendar, CalendarErrors> {
        let limit = Limits::default().max_file_bytes;
        if bytes.len() > limit {
            return Err(CalendarErrors {
                errors: vec![CalendarError::Unreadable {
                    path: name.to_string(),
                    source: SourceError::TooLarge {
                        size: bytes.len() as u64,
                        limit,
                    },
                }],
                sources: Arc::new(Sources::new()),
            });
        }
        let mut sources = Sources::new();
        let (text, bad) = match String::from_utf8(bytes) {
            Ok(text) => (text, None),
            Err(e) => {
                let offset = e.utf8_error().valid_up_to();
                (
                    String::from_utf8_lossy(e.as_bytes()).into_owned(),
                    Some(offset),
                )
            }
        };
        let id = sources.add(name, text);
        let result = match bad {
            Some(offset) => Err(vec![CalendarError::NotUtf8 {
                offset,
                span: Span::new(id, offset, offset + '\u{FFFD}'.len_utf8()),
            }]),
            None => read::read(id, sources.file(id).text()),
        };
        result
            .map(Calendar::build)
            .map_err(|errors| CalendarErrors {
                errors,
                sources: Arc::new(sources),
            })
    }

    /// Builds the day table from checked lists.
    fn build(def: read::CalendarDef) -> Calendar {
        let first = Date::from_ymd(def.year, 1, 1).expect("a checked year");
        let len = if Date::from_ymd(def.year, 12, 31).is_some_and(|d| first.days_until(d) == 365) {
            366
        } else {
            365
        };
        let mut kinds: Vec<DayKind> = (0..len)
            .map(|i| {
                let wd = (weekday(first) + i) % 7;
                if def.weekend[wd] {
                    DayKind::RestDay
                } else {
                    DayKind::Workday
                }
            })
            .collect();
        let index = |d: Date| first.days_until(d) as usize;
        for d in &def.rest_days {
            kinds[index(*d)] = DayKind::RestDay;
        }
        for d in &def.workdays {
            kinds[index(*d)] = DayKind::Workday;
        }
        for (d, _) in &def.holidays {
            kinds[index(*d)] = DayKind::Holiday;
        }
        let mut workdays_before = Vec::with_capacity(len + 1);
        let mut n = 0u16;
        for k in &kinds {
            workdays_before.push(n);
            n += u16::from(*k == DayKind::Workday);
        }
        workdays_before.push(n);
        let mut holidays = def.holidays;
        holidays.sort();
        let mut make_up = def.workdays;
        make_up.sort();
        Calendar {
            name: def.name,
            year: def.year,
            reference: def.reference,
            weekend: def.weekend,
            first,
            kinds: kinds.into_boxed_slice(),
            workdays_before: workdays_before.into_boxed_slice(),
            holidays,
            make_up,
        }
    }

    /// Reads a calendar from file `id` of a policy's sources, whose text is `text`: for the
    /// calendars a rule file names, so their errors point into the same sources.
    pub(crate) fn read_in(id: FileId, text: &str) -> Result<Calendar, Vec<CalendarError>> {
        read::read(id, text).map(Calendar::build)
    }

    /// The calendar's `name`, e.g. "China 2023".
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The year it covers.
    pub fn year(&self) -> i32 {
        self.year
    }

    /// The notice it follows (`reference`), e.g. "国办发明电〔2022〕16号".
    pub fn reference(&self) -> Option<&str> {
        self.reference.as_deref()
    }

    /// Whether `date` is a weekend day by the calendar's `weekend` (before any adjustment).
    pub fn is_weekend(&self, date: Date) -> bool {
        self.weekend[weekday(date)]
    }

    /// The day of the year of `date` (0 for 1 January), if it is in the calendar's year.
    fn index(&self, date: Date) -> Option<usize> {
        let i = self.first.days_until(date);
        usize::try_from(i).ok().filter(|&i| i < self.kinds.len())
    }

    /// What `date` is, in O(1); `None` for a date outside the calendar's year, which this
    /// calendar cannot tell.
    pub fn day(&self, date: Date) -> Option<DayKind> {
        self.index(date).map(|i| self.kinds[i])
    }

    /// The name of the statutory holiday on `date` ("国庆节 National Day"), if it is one.
    pub fn holiday_name(&self, date: Date) -> Option<&str> {
        let i = self.holidays.binary_search_by_key(&date, |h| h.0).ok()?;
        Some(&self.holidays[i].1)
    }

    /// Whether `date` is a make-up working day (调休上班): a weekend day worked.
    pub fn is_make_up_day(&self, date: Date) -> bool {
        self.make_up.binary_search(&date).is_ok()
    }

    /// The statutory holidays of the year and their names, by date.
    pub fn holidays(&self) -> impl Iterator<Item = (Date, &str)> {
        self.holidays.iter().map(|(d, n)| (*d, n.as_str()))
    }

    /// The number of working days in `period`, in O(1); `None` for a period outside the
    /// calendar's year.
    pub fn workdays(&self, period: Period) -> Option<u32> {
        let start = self.index(period.start())?;
        let end = self.index(period.end())?;
        Some(u32::from(
            self.workdays_before[end + 1] - self.workdays_before[start],
        ))
    }

    /// The number of working days in the whole year.
    pub fn workdays_in_year(&self) -> u32 {
        u32::from(self.workdays_before[self.kinds.len()])
    }
}
