//! One row of a records file checked against the policy's `[attendance]` table and turned
//! into a [`Punch`]. Nothing here allocates for a good row: cells are read in place from the
//! data layer's row, and a [`CellRef`] is built only for an error.

use super::columns::Columns;
use crate::attendance::{Attendance, Punch, PunchKind, PunchTime, RecordAt, RecordError};
use crate::data::{CellRef, DataFile, RawRow, RowRef};
use crate::date::{Date, Period};
use crate::vocab::{ClockTime, LeaveKind, DAY_MINUTES};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use std::str::FromStr;

/// Reads the rows of one records file.
pub(super) struct Reader<'a> {
    att: &'a Attendance,
    period: Period,
    file: &'a DataFile,
    /// The file's position among the records files.
    index: u16,
    pub(super) cols: Columns,
}

/// A non-blank cell: its text and column.
type Text<'r> = Option<(&'r str, usize)>;

impl<'a> Reader<'a> {
    /// A reader of `file`, the `index`th records file; fails when a required column is missing.
    pub(super) fn new(
        att: &'a Attendance,
        period: Period,
        file: &'a DataFile,
        index: usize,
    ) -> Result<Reader<'a>, RecordError> {
        Ok(Reader {
            att,
            period,
            file,
            index: u16::try_from(index).unwrap_or(u16::MAX),
            cols: Columns::find(file)?,
        })
    }

    /// The cell of `column` in `row`.
    pub(super) fn cell_at(&self, row: u64, column: usize) -> CellRef {
        CellRef {
            file: self.file.shared_name().clone(),
            row,
            column: self.file.columns()[column].clone(),
        }
    }

    /// The row's employee id. Errors here stop the whole file: a file error (a quote never
    /// closed), or a row whose `employee_id` is blank or unreadable, which no employee can
    /// be blamed for.
    pub(super) fn key<'r>(&self, row: &'r RawRow) -> Result<&'r str, RecordError> {
        if let Some(e) = row.error.as_ref().filter(|e| e.is_file_error()) {
            return Err(RecordError::Data(e.clone()));
        }
        match row.cells.get(self.cols.employee) {
            Some(Some(cell)) => match &cell.problem {
                Some(problem) => Err(RecordError::Data((**problem).clone())),
                None => Ok(row.text_of(cell)),
            },
            _ => Err(match &row.error {
                Some(e) => RecordError::Data(e.clone()),
                None => RecordError::NoEmployee {
                    at: self.cell_at(row.row, self.cols.employee),
                },
            }),
        }
    }

    /// The record of `row`, checked.
    pub(super) fn punch(&self, row: &RawRow) -> Result<Punch, RecordError> {
        if let Some(e) = &row.error {
            return Err(RecordError::Data(e.clone()));
        }
        let date = self.date(row)?;
        let kind = self.kind(row)?;
        let shift = self.shift(row)?;
        let project = self.project(row)?;
        let break_minutes = match self.text(row, self.cols.break_minutes)? {
            None => None,
            Some((text, col)) => match text.parse::<u16>() {
                Ok(m) if m < DAY_MINUTES => Some(m),
                _ => return Err(self.bad_amount(row, text, col, BREAK)),
            },
        };
        let time = self.time(row, kind, shift)?;
        Ok(Punch {
            date,
            time,
            kind,
            shift,
            project,
            break_minutes,
            at: RecordAt {
                file: self.index,
                row: row.row,
            },
        })
    }

    /// A cell's trimmed text, `None` when the file has no such column or the cell is blank;
    /// a cell the data layer could not read (not UTF-8) is an error.
    fn text<'r>(&self, row: &'r RawRow, column: Option<usize>) -> Result<Text<'r>, RecordError> {
        let Some(col) = column else { return Ok(None) };
        match row.cells.get(col) {
            Some(Some(cell)) => match &cell.problem {
                Some(problem) => Err(RecordError::Data((**problem).clone())),
                None => Ok(Some((row.text_of(cell), col))),
            },
            _ => Ok(None),
        }
    }

    fn date(&self, row: &RawRow) -> Result<Date, RecordError> {
        let col = self.cols.date;
        let Some((text, _)) = self.text(row, Some(col))? else {
            return Err(RecordError::Blank {
                at: self.cell_at(row.row, col),
            });
        };
        let date = Date::from_str(text).map_err(|problem| RecordError::BadDate {
            at: self.cell_at(row.row, col),
            text: text.to_string(),
            problem,
        })?;
        if date < self.period.start() || date > self.period.end() {
            return Err(RecordError::OutsidePeriod {
                at: self.cell_at(row.row, col),
                date,
                period: self.period,
            });
        }
        if self.att.calendar(date.year()).is_none() {
            return Err(RecordError::NoCalendar {
                at: self.cell_at(row.row, col),
                year: date.year(),
            });
        }
        Ok(date)
    }

    fn kind(&self, row: &RawRow) -> Result<PunchKind, RecordError> {
        let Some((text, col)) = self.text(row, self.cols.kind)? else {
            return Ok(PunchKind::Work);
        };
        match text {
            "work" => Ok(PunchKind::Work),
            "visit" => Ok(PunchKind::Visit {
                checked_in: self.checked_in(row)?,
            }),
            _ => match LeaveKind::from_name(text) {
                Some(k) => Ok(PunchKind::Leave(k)),
                None => {
                    let names = ["work", "visit"]
                        .into_iter()
                        .chain(LeaveKind::ALL.iter().map(|(n, _)| *n));
                    Err(RecordError::UnknownKind {
                        at: self.cell_at(row.row, col),
                        text: text.to_string(),
                        suggestion: crate::error::nearest(text, names).map(str::to_string),
                    })
                }
            },
        }
    }

    /// `checked_in` of a visit: blank is false.
    fn checked_in(&self, row: &RawRow) -> Result<bool, RecordError> {
        let Some((text, col)) = self.text(row, self.cols.checked_in)? else {
            return Ok(false);
        };
        let is = |w: &str| text.eq_ignore_ascii_case(w);
        if is("true") || is("yes") || text == "1" {
            Ok(true)
        } else if is("false") || is("no") || text == "0" {
            Ok(false)
        } else {
            Err(RecordError::BadFlag {
                at: self.cell_at(row.row, col),
                text: text.to_string(),
            })
        }
    }

    fn shift(&self, row: &RawRow) -> Result<Option<u16>, RecordError> {
        let Some((text, col)) = self.text(row, self.cols.shift)? else {
            return Ok(None);
        };
        let shifts = self.att.shifts();
        match shifts.iter().position(|s| s.name.name == text) {
            Some(i) => Ok(Some(i as u16)),
            None => Err(RecordError::UnknownShift {
                at: self.cell_at(row.row, col),
                text: text.to_string(),
                suggestion: crate::error::nearest(text, shifts.iter().map(|s| &*s.name.name))
                    .map(str::to_string),
            }),
        }
    }

    fn project(&self, row: &RawRow) -> Result<Option<u16>, RecordError> {
        let Some((text, col)) = self.text(row, self.cols.project)? else {
            return Ok(None);
        };
        match self.att.projects().position(|p| p == text) {
            Some(i) => Ok(Some(i as u16)),
            None => Err(RecordError::UnknownProject {
                at: self.cell_at(row.row, col),
                text: text.to_string(),
                suggestion: crate::error::nearest(text, self.att.projects()).map(str::to_string),
            }),
        }
    }

    /// When the record was: clock times, hours, or neither, as its kind allows.
    fn time(
        &self,
        row: &RawRow,
        kind: PunchKind,
        shift: Option<u16>,
    ) -> Result<PunchTime, RecordError> {
        let start = self.text(row, self.cols.start)?;
        let end = self.text(row, self.cols.end)?;
        let hours = self.text(row, self.cols.hours)?;
        if let PunchKind::Leave(_) = kind {
            if let Some((_, col)) = start.or(end) {
                return Err(RecordError::ClockOnLeave {
                    at: self.cell_at(row.row, col),
                });
            }
        }
        match (start, end, hours) {
            (None, None, None) if !matches!(kind, PunchKind::Work) => Ok(PunchTime::None),
            (None, None, Some((text, col))) => match minutes_of_hours(text) {
                Some(m) => Ok(PunchTime::Minutes(m)),
                None => Err(self.bad_amount(row, text, col, HOURS)),
            },
            (Some(_), _, Some((_, col))) | (_, Some(_), Some((_, col))) => {
                Err(RecordError::BothTimes {
                    at: self.cell_at(row.row, col),
                })
            }
            (Some(s), Some(e), None) => self.clock(row, s, e, shift),
            _ => Err(RecordError::NoTime {
                at: RowRef {
                    file: self.file.shared_name().clone(),
                    row: row.row,
                },
            }),
        }
    }

    /// A `start`,`end` pair: `end` before `start` is the next day, unless the record names a
    /// shift that ends the day it starts.
    fn clock(
        &self,
        row: &RawRow,
        (start, start_col): (&str, usize),
        (end, end_col): (&str, usize),
        shift: Option<u16>,
    ) -> Result<PunchTime, RecordError> {
        let parse = |text: &str, col: usize| {
            ClockTime::from_str(text).map_err(|problem| RecordError::BadClock {
                at: self.cell_at(row.row, col),
                text: text.to_string(),
                problem,
            })
        };
        let (start, end) = (parse(start, start_col)?, parse(end, end_col)?);
        if start == end {
            return Err(RecordError::EmptyPunch {
                at: self.cell_at(row.row, end_col),
                time: end,
            });
        }
        if end < start {
            let shift = shift.and_then(|i| self.att.shifts().get(usize::from(i)));
            if let Some(s) = shift.filter(|s| !s.window.crosses_midnight()) {
                return Err(RecordError::ClockOutBeforeClockIn {
                    at: self.cell_at(row.row, end_col),
                    shift: s.name.name.to_string(),
                    start,
                    end,
                });
            }
        }
        Ok(PunchTime::Clock { start, end })
    }

    fn bad_amount(
        &self,
        row: &RawRow,
        text: &str,
        col: usize,
        expected: &'static str,
    ) -> RecordError {
        RecordError::BadAmount {
            at: self.cell_at(row.row, col),
            text: text.to_string(),
            expected,
        }
    }
}

const HOURS: &str = "is not a number of hours above 0 and at most 24, in whole minutes (like 7.5)";
const BREAK: &str = "is not a whole number of minutes from 0 to 1439";

/// `hours` as whole minutes: above 0, at most 24, no finer than a minute (`7.5` is 450;
/// `0.001` is refused).
fn minutes_of_hours(text: &str) -> Option<u32> {
    let hours = Decimal::from_str(text).ok()?;
    if hours <= Decimal::ZERO || hours > Decimal::from(24) {
        return None;
    }
    let minutes = hours * Decimal::from(60);
    if !minutes.fract().is_zero() {
        return None;
    }
    minutes.to_u32()
}

#[cfg(test)]
mod tests {
    use super::minutes_of_hours;

    #[test]
    fn hours_are_whole_minutes_within_a_day() {
        assert_eq!(minutes_of_hours("7.5"), Some(450));
        assert_eq!(minutes_of_hours("24"), Some(1440));
        assert_eq!(minutes_of_hours("0.25"), Some(15));
        assert_eq!(minutes_of_hours("0.001"), None);
        assert_eq!(minutes_of_hours("0"), None);
        assert_eq!(minutes_of_hours("-2"), None);
        assert_eq!(minutes_of_hours("24.5"), None);
        assert_eq!(minutes_of_hours("seven"), None);
    }
}
