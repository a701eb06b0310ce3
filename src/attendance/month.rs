//! One employee's month as `explain` shows it: their records, each with what it added to
//! which measure, and the totals.

use super::{Attendance, Contribution, Punch, RecordError, Tally};
use crate::data::DataFile;
use crate::date::Period;
use crate::policy::Measure;
use std::sync::Arc;

/// One employee's records classified with the trace on.
#[derive(Clone, Debug)]
pub struct Month {
    /// The employee.
    pub employee: String,
    /// The period.
    pub period: Period,
    /// Working days of the period by the calendar.
    pub workdays: u32,
    /// Their records, in the order classified (by date, then clock-in).
    pub punches: Vec<Punch>,
    /// What each record added to each measure.
    pub contributions: Vec<Contribution>,
    /// The totals.
    pub tally: Tally,
    /// The records files, by position ([`super::RecordAt::file`]).
    pub files: Vec<Arc<str>>,
    /// The measures, to name what a contribution went to.
    pub measures: Vec<Measure>,
}

impl Month {
    /// Reads `files` again for `employee` alone and classifies their records with the trace
    /// on. `Ok(None)` when they have no record in the files; the error of their first bad
    /// record, or of a file that cannot be read.
    pub fn read(
        att: &Attendance,
        period: Period,
        files: &[DataFile],
        employee: &str,
    ) -> Result<Option<Month>, RecordError> {
        let workdays = att
            .workdays(period)
            .ok_or(RecordError::PeriodWithoutCalendar { period })?;
        let names: Vec<Arc<str>> = files.iter().map(|f| Arc::from(f.name())).collect();
        let mut found = None;
        super::read_records(att, period, files, |group| {
            if group.employee == employee {
                found = Some(group.punches);
            }
        })?;
        let Some(punches) = found else {
            return Ok(None);
        };
        let mut punches = punches?;
        let mut contributions = Vec::new();
        let tally = super::classify(
            att,
            period,
            employee,
            &mut punches,
            &names,
            Some(&mut contributions),
        )?;
        Ok(Some(Month {
            employee: employee.to_string(),
            period,
            workdays,
            punches,
            contributions,
            tally,
            files: names,
            measures: att.measures(),
        }))
    }
}
