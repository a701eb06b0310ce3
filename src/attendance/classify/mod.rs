//! The classifier: one employee's records for a period, in time order, turned into a
//! [`Tally`] under the policy's working-hours system and calendar (docs/rules.md §24.5).
//!
//! One pass over the records sorted by date and clock-in, with O(1) state: the current
//! date's minutes, the period's minutes, the latest clock-out seen (for overlaps). A record
//! that cannot be classified stops the employee with a located [`RecordError`].

mod minutes;
#[cfg(test)]
mod tests;

use std::sync::Arc;

use self::minutes::DAY;
use super::{Attendance, Punch, PunchKind, PunchTime, RecordAt, RecordError, Tally};
use crate::calendar::DayKind;
use crate::data::{CellRef, RowRef};
use crate::date::{Date, Period};
use crate::policy::{HoursSystem, MeasureOf};

/// What one record added to one measure (for `explain`: "which records made a measure").
///
/// Each unit of a measure comes from exactly one record: a day worked from the first work
/// record of that date, overtime from the records that went past the day's (or the period's)
/// regular hours.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Contribution {
    /// The record.
    pub at: RecordAt,
    /// The measure.
    pub of: MeasureOf,
    /// Minutes for an hours measure or leave, 1 for a count.
    pub amount: u64,
}

/// Classifies one employee's records for `period` into a [`Tally`].
///
/// `punches` may be in any order: they are sorted here by date, then clock-in (a day's
/// timesheet lines, leave and visits after its clock records), then file order. `files`
/// names the records files ([`RecordAt::file`] indexes it) for the places in errors. With
/// `trace`, every contribution of every record is pushed there (only when the whole
/// employee classifies). The rules are in docs/rules.md §24.5.
///
/// # Errors
///
/// The first record, in time order, that cannot be classified: dated outside `period`
/// ([`RecordError::OutsidePeriod`]) or in a year without a calendar
/// ([`RecordError::NoCalendar`]), a clock record overlapping an earlier one
/// ([`RecordError::Overlap`]), a day with more than 24 hours of work
/// ([`RecordError::DayTooLong`]).
pub fn classify(
    att: &Attendance,
    period: Period,
    employee: &str,
    punches: &mut [Punch],
    files: &[Arc<str>],
    trace: Option<&mut Vec<Contribution>>,
) -> Result<Tally, RecordError> {
    punches.sort_unstable_by_key(minutes::order);
    let mut run = Run {
        att,
        period,
        last_day: period.end(),
        employee,
        files,
        tally: Tally::new(att.shifts().len(), att.projects().len()),
        trace: trace.is_some().then(Vec::new),
        day: None,
        day_minutes: 0,
        period_minutes: 0,
        last_clock: None,
    };
    for p in punches.iter() {
        run.record(p)?;
    }
    if let (Some(out), Some(mine)) = (trace, run.trace) {
        out.extend(mine);
    }
    Ok(run.tally)
}

/// The state of one employee's pass.
struct Run<'a> {
    att: &'a Attendance,
    period: Period,
    /// The period's last day.
    last_day: Date,
    employee: &'a str,
    files: &'a [Arc<str>],
    tally: Tally,
    /// Contributions so far, when traced.
    trace: Option<Vec<Contribution>>,
    /// The date of the last work record.
    day: Option<Date>,
    /// Minutes worked so far on that date.
    day_minutes: u64,
    /// Minutes worked so far in the period on days that are not statutory holidays.
    period_minutes: u64,
    /// The latest clock-out so far (minutes from the period's first midnight) and its record.
    last_clock: Option<(i64, RecordAt)>,
}

impl Run<'_> {
    fn record(&mut self, p: &Punch) -> Result<(), RecordError> {
        let day = self.day_kind(p)?;
        match p.kind {
            PunchKind::Work => self.work(p, day)?,
            PunchKind::Leave(k) => {
                let minutes = match p.time {
                    PunchTime::Minutes(m) => u64::from(m),
                    PunchTime::Clock { .. } => minutes::punched(p.time),
                    PunchTime::None => u64::from(self.att.day_hours()) * 60,
                };
                self.add(p.at, MeasureOf::LeaveDays(k), minutes);
            }
            PunchKind::Visit { checked_in } => {
                self.add(p.at, MeasureOf::Visits, 1);
                if checked_in {
                    self.add(p.at, MeasureOf::VisitsCheckedIn, 1);
                }
            }
        }
        Ok(())
    }

    /// What the record's day is; the record must be in the period and its year's calendar.
    fn day_kind(&self, p: &Punch) -> Result<DayKind, RecordError> {
        let at = || self.date_cell(p.at);
        if p.date < self.period.start() || p.date > self.last_day {
            return Err(RecordError::OutsidePeriod {
                at: at(),
                date: p.date,
                period: self.period,
            });
        }
        self.att.day(p.date).ok_or_else(|| RecordError::NoCalendar {
            at: at(),
            year: p.date.year(),
        })
    }

    fn work(&mut self, p: &Punch, day: DayKind) -> Result<(), RecordError> {
        self.check_overlap(p)?;
        let worked = minutes::worked(self.att, p);
        if self.day != Some(p.date) {
            self.day = Some(p.date);
            self.day_minutes = 0;
            self.add(p.at, MeasureOf::DaysWorked, 1);
        }
        let before = self.day_minutes;
        self.day_minutes = before.saturating_add(worked);
        if self.day_minutes > DAY {
            return Err(RecordError::DayTooLong {
                at: self.row(p.at),
                employee: self.employee.to_string(),
                date: p.date,
                minutes: self.day_minutes,
            });
        }
        self.add(p.at, MeasureOf::HoursWorked, worked);
        self.split(p.at, day, before, worked)?;
        if let (Some(window), PunchTime::Clock { start, .. }) = (self.att.night(), p.time) {
            let night = minutes::night(window, start, minutes::punched(p.time));
            self.add(p.at, MeasureOf::NightHours, night.min(worked));
        }
        let shift = p.shift.map(usize::from);
        if let Some((i, shift)) = shift.and_then(|i| Some((i, self.att.shifts().get(i)?))) {
            self.add(p.at, MeasureOf::Shift(i), 1);
            if let PunchTime::Clock { start, .. } = p.time {
                let late = minutes::minutes_late(shift.window.start, start);
                if late > i64::from(self.att.late_tolerance_minutes()) {
                    self.add(p.at, MeasureOf::LateCount, 1);
                }
            }
        }
        if let Some(i) = p.project.map(usize::from) {
            if i < self.tally.projects.len() {
                self.add(p.at, MeasureOf::ProjectHours(i), worked);
            }
        }
        Ok(())
    }

    /// Splits a work record's `worked` minutes into regular and overtime, `before` being the
    /// minutes already worked on its date. Records come in time order, so the first minutes
    /// of a day (standard) or of the period (comprehensive) are regular and the overtime is
    /// the last ones'.
    fn split(
        &mut self,
        at: RecordAt,
        day: DayKind,
        before: u64,
        worked: u64,
    ) -> Result<(), RecordError> {
        use MeasureOf as M;
        let day_hours = u64::from(self.att.day_hours()) * 60;
        let (budget, used) = match (self.att.hours(), day) {
            (_, DayKind::Holiday) => (0, 0),
            (HoursSystem::Flexible, _) => (u64::MAX, 0),
            (HoursSystem::Standard, DayKind::RestDay) => {
                self.add(at, M::OtRestdayHours, worked);
                return Ok(());
            }
            (HoursSystem::Standard, DayKind::Workday) => (day_hours, before),
            (HoursSystem::Comprehensive, _) => {
                let workdays =
                    self.att
                        .workdays(self.period)
                        .ok_or_else(|| RecordError::NoCalendar {
                            at: self.date_cell(at),
                            year: self.period.start().year(),
                        })?;
                let used = self.period_minutes;
                self.period_minutes = used.saturating_add(worked);
                (u64::from(workdays).saturating_mul(day_hours), used)
            }
        };
        let regular = budget.saturating_sub(used).min(worked);
        self.add(at, M::RegularHours, regular);
        let over = if day == DayKind::Holiday {
            M::OtHolidayHours
        } else {
            M::OtWorkdayHours
        };
        self.add(at, over, worked - regular);
        Ok(())
    }

    /// A clock record starting before the latest clock-out so far overlaps that record.
    fn check_overlap(&mut self, p: &Punch) -> Result<(), RecordError> {
        let PunchTime::Clock { start, .. } = p.time else {
            return Ok(());
        };
        let from = self.period.start().days_until(p.date) * DAY as i64 + i64::from(start.minutes());
        let to = from + i64::try_from(minutes::punched(p.time)).unwrap_or(0);
        if let Some((end, other)) = self.last_clock {
            if from < end && from < to {
                return Err(RecordError::Overlap {
                    at: self.row(p.at),
                    other: self.row(other),
                    employee: self.employee.to_string(),
                    date: p.date,
                });
            }
        }
        if self.last_clock.is_none_or(|(end, _)| to > end) {
            self.last_clock = Some((to, p.at));
        }
        Ok(())
    }

    /// Adds `amount` to measure `of`, and notes it when traced; nothing for zero.
    fn add(&mut self, at: RecordAt, of: MeasureOf, amount: u64) {
        if amount == 0 {
            return;
        }
        let t = &mut self.tally;
        let count = |n: &mut u32| *n = n.saturating_add(u32::try_from(amount).unwrap_or(u32::MAX));
        let minutes = |n: &mut u64| *n = n.saturating_add(amount);
        match of {
            MeasureOf::Workdays => {}
            MeasureOf::DaysWorked => count(&mut t.days_worked),
            MeasureOf::HoursWorked => minutes(&mut t.worked),
            MeasureOf::RegularHours => minutes(&mut t.regular),
            MeasureOf::OtWorkdayHours => minutes(&mut t.ot_workday),
            MeasureOf::OtRestdayHours => minutes(&mut t.ot_restday),
            MeasureOf::OtHolidayHours => minutes(&mut t.ot_holiday),
            MeasureOf::NightHours => minutes(&mut t.night),
            MeasureOf::Shift(i) => t.shifts.get_mut(i).map_or((), count),
            MeasureOf::LateCount => count(&mut t.late),
            MeasureOf::LeaveDays(k) => minutes(&mut t.leave[k.index()]),
            MeasureOf::Visits => count(&mut t.visits),
            MeasureOf::VisitsCheckedIn => count(&mut t.visits_checked_in),
            MeasureOf::ProjectHours(i) => t.projects.get_mut(i).map_or((), minutes),
        }
        if let Some(trace) = &mut self.trace {
            trace.push(Contribution { at, of, amount });
        }
    }

    fn file(&self, at: RecordAt) -> Arc<str> {
        match self.files.get(usize::from(at.file)) {
            Some(f) => f.clone(),
            None => Arc::from(format!("records file {}", u32::from(at.file) + 1)),
        }
    }

    fn date_cell(&self, at: RecordAt) -> CellRef {
        CellRef {
            file: self.file(at),
            row: at.row,
            column: Arc::from("date"),
        }
    }

    fn row(&self, at: RecordAt) -> RowRef {
        RowRef {
            file: self.file(at),
            row: at.row,
        }
    }
}
