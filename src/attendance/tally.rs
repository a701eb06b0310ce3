//! One employee's classified month: the totals behind every `attendance.*` measure, kept as
//! whole minutes and counts so that adding records up is exact and cheap.

use crate::policy::{HoursSystem, MeasureOf};
use crate::value::Value;
use crate::vocab::LeaveKind;
use rust_decimal::Decimal;

/// Regular and overtime minutes of one employee's work under one working-hours system.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Split {
    /// Minutes that are not overtime.
    pub regular: u64,
    /// Overtime minutes on working days.
    pub ot_workday: u64,
    /// Minutes worked on rest days (as overtime).
    pub ot_restday: u64,
    /// Minutes worked on statutory holidays.
    pub ot_holiday: u64,
}

/// The totals of one employee's records for a period. Hours are kept as whole minutes and
/// shown in hours (minutes / 60, exact to 2 places when the minutes are a multiple of 3,
/// else rounded half-up to 4 places).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    /// Distinct days with a work record.
    pub days_worked: u32,
    /// Every minute worked.
    pub worked: u64,
    /// Minutes that are not overtime.
    pub regular: u64,
    /// Overtime minutes on working days.
    pub ot_workday: u64,
    /// Minutes worked on rest days (as overtime).
    pub ot_restday: u64,
    /// Minutes worked on statutory holidays.
    pub ot_holiday: u64,
    /// Minutes worked inside the night window.
    pub night: u64,
    /// Shifts started late beyond the tolerance.
    pub late: u32,
    /// Shifts worked, by position in the policy's shifts.
    pub shifts: Vec<u32>,
    /// Leave, in minutes (a whole day counts `day_hours` hours), by [`LeaveKind::index`].
    pub leave: [u64; LeaveKind::ALL.len()],
    /// Client visits.
    pub visits: u32,
    /// Client visits checked in.
    pub visits_checked_in: u32,
    /// Minutes booked to each project, by position in the policy's projects.
    pub projects: Vec<u64>,
    /// The same work split under each working-hours system, by [`HoursSystem::index`]: for
    /// an employee whose own system (`hours_from`) is not the policy's. The fields
    /// `regular` to `ot_holiday` above are the split under the policy's `hours`.
    pub splits: [Split; 3],
}

impl Tally {
    /// An empty tally for a policy with `shifts` shifts and `projects` projects.
    pub fn new(shifts: usize, projects: usize) -> Tally {
        Tally {
            shifts: vec![0; shifts],
            projects: vec![0; projects],
            ..Tally::default()
        }
    }

    /// The value of measure `of` for an employee on working-hours system `system`: the
    /// regular and overtime measures from [`Tally::splits`], the others as [`Tally::value`].
    pub fn value_under(
        &self,
        of: MeasureOf,
        system: HoursSystem,
        workdays: u32,
        day_hours: u8,
    ) -> Value {
        let s = &self.splits[system.index()];
        match of {
            MeasureOf::RegularHours => hours(s.regular),
            MeasureOf::OtWorkdayHours => hours(s.ot_workday),
            MeasureOf::OtRestdayHours => hours(s.ot_restday),
            MeasureOf::OtHolidayHours => hours(s.ot_holiday),
            _ => self.value(of, workdays, day_hours),
        }
    }

    /// The value of measure `of`, given the period's working days and the policy's
    /// `day_hours` (for days of leave).
    pub fn value(&self, of: MeasureOf, workdays: u32, day_hours: u8) -> Value {
        use MeasureOf as M;
        let count = |n: u32| Value::Number(Decimal::from(n));
        match of {
            M::Workdays => count(workdays),
            M::DaysWorked => count(self.days_worked),
            M::HoursWorked => hours(self.worked),
            M::RegularHours => hours(self.regular),
            M::OtWorkdayHours => hours(self.ot_workday),
            M::OtRestdayHours => hours(self.ot_restday),
            M::OtHolidayHours => hours(self.ot_holiday),
            M::NightHours => hours(self.night),
            M::Shift(i) => count(self.shifts.get(i).copied().unwrap_or(0)),
            M::LateCount => count(self.late),
            M::LeaveDays(k) => {
                Value::Number(ratio(self.leave[k.index()], u64::from(day_hours) * 60))
            }
            M::Visits => count(self.visits),
            M::VisitsCheckedIn => count(self.visits_checked_in),
            M::ProjectHours(i) => hours(self.projects.get(i).copied().unwrap_or(0)),
        }
    }
}

/// Minutes as hours (see [`Tally`]).
pub fn hours(minutes: u64) -> Value {
    Value::Number(ratio(minutes, 60))
}

/// `n / d` exactly when it has at most 4 decimal places, else rounded half-up to 4.
fn ratio(n: u64, d: u64) -> Decimal {
    let q = Decimal::from(n) / Decimal::from(d.max(1));
    q.round_dp_with_strategy(4, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
        .normalize()
}

#[cfg(test)]
mod tests {
    use super::ratio;

    #[test]
    fn hours_are_exact_or_rounded_to_four_places() {
        assert_eq!(ratio(90, 60).to_string(), "1.5");
        assert_eq!(ratio(3, 60).to_string(), "0.05");
        assert_eq!(ratio(7, 60).to_string(), "0.1167");
        assert_eq!(ratio(0, 60).to_string(), "0");
        assert_eq!(ratio(240, 480).to_string(), "0.5");
    }
}
