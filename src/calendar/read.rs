//! Reading and checking a calendar file's TOML: every problem collected, never a panic.

use crate::shape;
use toml::de::{DeTable, DeValue};
use toml::Spanned;

use super::error::CalendarError as E;
use super::lists::Seen;
use super::{weekday, WEEKDAYS};
use crate::date::Date;
use crate::error::{nearest, FileId, Span};
use crate::policy::toml_type;

type Item<'i> = Spanned<DeValue<'i>>;

/// A calendar file's content, checked.
pub(super) struct CalendarDef {
    pub name: String,
    pub year: i32,
    pub reference: Option<String>,
    pub weekend: [bool; 7],
    pub holidays: Vec<(Date, String)>,
    pub rest_days: Vec<Date>,
    pub workdays: Vec<Date>,
}

pub(super) struct Reader {
    pub(super) file: FileId,
    pub(super) errors: Vec<E>,
}

/// Reads and checks file `file`, whose text is `text`.
pub(super) fn read(file: FileId, text: &str) -> Result<CalendarDef, Vec<E>> {
    let mut r = Reader {
        file,
        errors: Vec::new(),
    };
    let (doc, toml_errors) = DeTable::parse_recoverable(text);
    if !toml_errors.is_empty() {
        for e in toml_errors {
            let range = e.span().unwrap_or(0..0);
            r.errors.push(E::Toml {
                message: e.message().to_string(),
                span: r.span(range),
            });
        }
        return Err(r.errors);
    }
    let def = r.file_def(doc.get_ref());
    r.errors
        .sort_by_key(|e| e.diagnostic().span.map(|s| s.start));
    match def {
        Some(def) if r.errors.is_empty() => Ok(def),
        _ => Err(r.errors),
    }
}

impl Reader {
    pub(super) fn span(&self, r: std::ops::Range<usize>) -> Span {
        Span::new(self.file, r.start, r.end)
    }

    pub(super) fn at<T>(&self, item: &Spanned<T>) -> Span {
        self.span(item.span())
    }

    pub(super) fn unknown(
        &mut self,
        key: &Spanned<toml::de::DeString<'_>>,
        table: bool,
        known: &shape::Table,
    ) {
        let text: &str = key.get_ref().as_ref();
        self.errors.push(E::UnknownKey {
            key: text.to_string(),
            table,
            suggestion: nearest(text, known.names()),
            span: self.at(key),
        });
    }

    pub(super) fn wrong(&mut self, item: &Item<'_>, key: &'static str, expected: &'static str) {
        self.errors.push(E::WrongType {
            key,
            expected,
            found: toml_type(item.get_ref()),
            span: self.at(item),
        });
    }

    fn file_def(&mut self, doc: &DeTable<'_>) -> Option<CalendarDef> {
        let mut calendar = None;
        for (key, item) in doc.iter() {
            if key.get_ref().as_ref() == "calendar" {
                calendar = Some(item);
            } else {
                self.unknown(key, true, &shape::CALENDAR_FILE);
            }
        }
        let Some(item) = calendar else {
            self.errors.push(E::MissingCalendar {
                span: self.span(0..0),
            });
            return None;
        };
        let DeValue::Table(table) = item.get_ref() else {
            self.wrong(item, "calendar", "a table");
            return None;
        };
        self.calendar(table, self.at(item))
    }

    fn calendar(&mut self, t: &DeTable<'_>, at: Span) -> Option<CalendarDef> {
        let get = |k: &str| t.get(k);
        // A key left out because it is misspelt is reported once, as the misspelling.
        let mut misspelt = Vec::new();
        for key in t.keys() {
            let text: &str = key.get_ref().as_ref();
            if !shape::CALENDAR_TABLE.has(text) {
                misspelt.extend(nearest(text, shape::CALENDAR_TABLE.names()));
                self.unknown(key, false, &shape::CALENDAR_TABLE);
            }
        }
        let required = |r: &mut Reader, key: &'static str| match get(key) {
            None if misspelt.contains(&key) => None,
            item => r.required(item, key, at),
        };
        let name = required(self, "name").and_then(|i| self.string(i, "name"));
        let year = required(self, "year").and_then(|i| self.year(i));
        let reference = get("reference").and_then(|i| self.string(i, "reference"));
        let weekend = match get("weekend") {
            Some(item) => self.weekend(item),
            None => [false, false, false, false, false, true, true],
        };
        let mut seen = Seen::new();
        let holidays = self.holidays(get("holidays"), year, &mut seen);
        let mut rest_days = Vec::new();
        for (date, span) in self.dates(get("rest_days"), "rest_days", year, &mut seen) {
            if weekend[weekday(date)] {
                self.errors.push(E::RestDayOnWeekend {
                    date,
                    weekday: long_name(date),
                    span,
                });
            }
            rest_days.push(date);
        }
        let mut workdays = Vec::new();
        for (date, span) in self.dates(get("workdays"), "workdays", year, &mut seen) {
            if !weekend[weekday(date)] {
                self.errors.push(E::MakeUpNotWeekend {
                    date,
                    weekday: long_name(date),
                    span,
                });
            }
            workdays.push(date);
        }
        Some(CalendarDef {
            name: name?,
            year: year?,
            reference,
            weekend,
            holidays,
            rest_days,
            workdays,
        })
    }

    pub(super) fn required<'a, 'i>(
        &mut self,
        item: Option<&'a Item<'i>>,
        key: &'static str,
        at: Span,
    ) -> Option<&'a Item<'i>> {
        if item.is_none() {
            self.errors.push(E::MissingKey { key, span: at });
        }
        item
    }

    pub(super) fn string(&mut self, item: &Item<'_>, key: &'static str) -> Option<String> {
        match item.get_ref() {
            DeValue::String(s) => Some(s.to_string()),
            _ => {
                self.wrong(item, key, "a string");
                None
            }
        }
    }

    fn year(&mut self, item: &Item<'_>) -> Option<i32> {
        let DeValue::Integer(i) = item.get_ref() else {
            self.wrong(item, "year", "a whole number like 2023");
            return None;
        };
        let year = i64::from_str_radix(i.as_str(), i.radix()).unwrap_or(i64::MAX);
        match i32::try_from(year) {
            Ok(y) if (1..=9999).contains(&y) => Some(y),
            _ => {
                self.errors.push(E::BadYear {
                    year,
                    span: self.at(item),
                });
                None
            }
        }
    }

    fn weekend(&mut self, item: &Item<'_>) -> [bool; 7] {
        let mut days = [false; 7];
        let DeValue::Array(list) = item.get_ref() else {
            self.wrong(item, "weekend", "a list of days like [\"sat\", \"sun\"]");
            return days;
        };
        let mut first: [Option<Span>; 7] = [None; 7];
        for entry in list.iter() {
            let DeValue::String(s) = entry.get_ref() else {
                self.wrong(entry, "weekend", "a list of days like [\"sat\", \"sun\"]");
                continue;
            };
            let text: &str = s.as_ref();
            let span = self.at(entry);
            match WEEKDAYS.iter().position(|d| *d == text) {
                Some(i) => {
                    if let Some(f) = first[i] {
                        self.errors.push(E::WeekendTwice {
                            day: WEEKDAYS[i],
                            span,
                            first: f,
                        });
                    }
                    first[i] = first[i].or(Some(span));
                    days[i] = true;
                }
                None => self.errors.push(E::UnknownWeekday {
                    text: text.to_string(),
                    suggestion: nearest(&text.to_lowercase(), WEEKDAYS).or_else(|| {
                        WEEKDAYS
                            .iter()
                            .copied()
                            .find(|d| text.to_lowercase().starts_with(d))
                    }),
                    span,
                }),
            }
        }
        days
    }
}

/// The day of the week of `date`, in words.
fn long_name(date: Date) -> &'static str {
    [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ][weekday(date)]
}
