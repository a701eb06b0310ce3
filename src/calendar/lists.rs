//! Reading the day lists of a calendar file (`holidays`, `rest_days`, `workdays`): each date
//! in the calendar's year, none listed twice.

use crate::shape;
use std::collections::HashMap;

use toml::de::DeValue;
use toml::Spanned;

use super::error::CalendarError as E;
use super::read::Reader;
use crate::date::Date;
use crate::error::{nearest, Span};
use crate::policy::DateProblem;

type Item<'i> = Spanned<DeValue<'i>>;

/// Where each date was first listed, and in which list.
pub(super) type Seen = HashMap<Date, (&'static str, Span)>;

impl Reader {
    /// The entries of `holidays`: `{ date = 2023-10-01, name = "国庆节 National Day" }`.
    pub(super) fn holidays(
        &mut self,
        item: Option<&Item<'_>>,
        year: Option<i32>,
        seen: &mut Seen,
    ) -> Vec<(Date, String)> {
        const EXPECTED: &str = "a list of holidays like [{ date = 2023-10-01, name = \"国庆节\" }]";
        let mut out = Vec::new();
        let Some(item) = item else { return out };
        let DeValue::Array(list) = item.get_ref() else {
            self.wrong(item, "holidays", EXPECTED);
            return out;
        };
        for entry in list.iter() {
            let DeValue::Table(t) = entry.get_ref() else {
                self.wrong(entry, "holidays", EXPECTED);
                continue;
            };
            // A key left out because it is misspelt is reported once, as the misspelling.
            let mut misspelt = Vec::new();
            for key in t.keys() {
                let text: &str = key.get_ref().as_ref();
                if !shape::HOLIDAY.has(text) {
                    misspelt.extend(nearest(text, shape::HOLIDAY.names()));
                    self.unknown(key, false, &shape::HOLIDAY);
                }
            }
            let at = self.at(entry);
            let get = |r: &mut Reader, key: &'static str| match t.get(key) {
                None if misspelt.contains(&key) => None,
                item => r.required(item, key, at),
            };
            let date = get(self, "date").and_then(|d| self.date(d, "date", year));
            let name = get(self, "name").and_then(|n| self.string(n, "name"));
            if let Some(n) = t
                .get("name")
                .filter(|_| name.as_deref().is_some_and(|s| s.trim().is_empty()))
            {
                self.errors.push(E::EmptyName { span: self.at(n) });
            }
            if let (Some((date, span)), Some(name)) = (date, name) {
                if self.first_time(date, "holidays", span, seen) {
                    out.push((date, name));
                }
            }
        }
        out
    }

    /// The dates of `rest_days` or `workdays`, each with its place.
    pub(super) fn dates(
        &mut self,
        item: Option<&Item<'_>>,
        key: &'static str,
        year: Option<i32>,
        seen: &mut Seen,
    ) -> Vec<(Date, Span)> {
        let mut out = Vec::new();
        let Some(item) = item else { return out };
        let DeValue::Array(list) = item.get_ref() else {
            self.wrong(item, key, "a list of dates like [2023-10-04, 2023-10-05]");
            return out;
        };
        for entry in list.iter() {
            if let Some((date, span)) = self.date(entry, key, year) {
                if self.first_time(date, key, span, seen) {
                    out.push((date, span));
                }
            }
        }
        out
    }

    /// Whether `date` is listed for the first time; if not, the error saying so.
    fn first_time(&mut self, date: Date, list: &'static str, span: Span, seen: &mut Seen) -> bool {
        let Some(&(first_list, first)) = seen.get(&date) else {
            seen.insert(date, (list, span));
            return true;
        };
        let pair = [first_list, list];
        self.errors.push(
            if pair.contains(&"holidays") && pair.contains(&"workdays") {
                E::HolidayOnMakeUpDay { date, span, first }
            } else {
                E::DuplicateDate {
                    date,
                    list,
                    first_list,
                    span,
                    first,
                }
            },
        );
        false
    }

    /// A date of the calendar's year: a TOML date (`2023-10-01`).
    fn date(
        &mut self,
        item: &Item<'_>,
        key: &'static str,
        year: Option<i32>,
    ) -> Option<(Date, Span)> {
        let span = self.at(item);
        let problem = match item.get_ref() {
            DeValue::Datetime(dt) => match (dt.date, dt.time, dt.offset) {
                (Some(d), None, None) => {
                    match Date::from_ymd(i32::from(d.year), u32::from(d.month), u32::from(d.day)) {
                        Some(date) => return self.in_year(date, year, span),
                        None => DateProblem::NoSuchDay,
                    }
                }
                (Some(_), _, _) => DateProblem::WithTime,
                (None, _, _) => DateProblem::TimeOnly,
            },
            DeValue::String(s) => match s.parse::<Date>() {
                Ok(date) => return self.in_year(date, year, span),
                Err(e) => DateProblem::Text(e),
            },
            _ => {
                self.wrong(item, key, "a date like 2023-10-01");
                return None;
            }
        };
        self.errors.push(E::BadDate { key, problem, span });
        None
    }

    /// `date` if it is in the calendar's `year` (or the year is unknown, already reported).
    fn in_year(&mut self, date: Date, year: Option<i32>, span: Span) -> Option<(Date, Span)> {
        let Some(year) = year.filter(|&y| y != date.year()) else {
            return Some((date, span));
        };
        self.errors.push(E::OutsideYear { date, year, span });
        None
    }
}
