//! Every employee's records for one period, read and classified once before evaluation:
//! the totals behind the `attendance.*` measures, by employee.

use super::{Attendance, Punch, RecordError, Tally};
use crate::data::CellRef;
use crate::date::Period;
use crate::policy::{HoursSystem, MeasureOf, RecordsRule};
use crate::value::Value;
use std::collections::HashMap;
use std::sync::Arc;

/// Each employee's tally, or the error of their first bad record.
type Tallies = HashMap<Box<str>, Result<Tally, RecordError>>;

/// The classified records of a period: one [`Tally`] (or the error of a record that could not
/// be classified) per employee who has records. Memory grows with the number of employees,
/// not of records: each employee's records are classified as soon as they are read.
#[derive(Debug)]
pub struct Timesheets {
    period: Period,
    workdays: u32,
    day_hours: u8,
    rule: RecordsRule,
    hours: HoursSystem,
    hours_from: Option<String>,
    shifts: usize,
    projects: usize,
    files: Vec<Arc<str>>,
    by_employee: Tallies,
    /// Where each employee's records start (the `employee_id` cell of the first), in order
    /// of first appearance.
    order: Vec<(Box<str>, CellRef)>,
    grouping: super::Grouping,
}

impl Timesheets {
    /// Reads and classifies every records file for `period`. Whole-file problems (a file that
    /// cannot be read, no `employee_id` or `date` column) are the error; a bad record makes
    /// only its employee's entry an error.
    pub fn read(
        att: &Attendance,
        period: Period,
        files: &[crate::data::DataFile],
    ) -> Result<Timesheets, RecordError> {
        let workdays = att
            .workdays(period)
            .ok_or(RecordError::PeriodWithoutCalendar { period })?;
        let names: Vec<Arc<str>> = files.iter().map(|f| Arc::from(f.name())).collect();
        let mut by_employee = HashMap::new();
        let mut order = Vec::new();
        let grouping = super::read_records(att, period, files, |group| {
            let result = group.punches.and_then(|mut punches| {
                super::classify(att, period, &group.employee, &mut punches, &names, None)
            });
            let key: Box<str> = group.employee.into();
            order.push((key.clone(), group.first));
            by_employee.insert(key, result);
        })?;
        Ok(Timesheets::new(
            att,
            period,
            workdays,
            names,
            (by_employee, order),
            grouping,
        ))
    }

    /// Classifies records a program already holds as typed values (from its own time
    /// system, say), one list per employee: the same rules as [`Timesheets::read`], with
    /// `source` as the file name in messages and [`super::RecordAt::file`] 0 for every punch.
    /// An employee given twice is one employee, their lists classified together.
    ///
    /// ```
    /// use hrrules::attendance::{Punch, PunchKind, PunchTime, RecordAt, Timesheets};
    /// use hrrules::{LoadOptions, Period};
    /// let policy = LoadOptions::new()
    ///     .allow_root("rules/calendars")
    ///     .load("tests/fixtures/records_eval/pay.toml")?;
    /// let att = policy.attendance().unwrap();
    /// let night = att.shifts().iter().position(|s| s.name.name == "night").map(|i| i as u16);
    /// let punch = Punch {
    ///     date: "2023-10-01".parse()?, // National Day: a statutory holiday
    ///     time: PunchTime::Clock { start: "22:00".parse()?, end: "06:00".parse()? },
    ///     kind: PunchKind::Work,
    ///     shift: night,
    ///     project: None,
    ///     break_minutes: None, // the shift's 45 minutes
    ///     at: RecordAt { file: 0, row: 1 },
    /// };
    /// let period: Period = "2023-10".parse()?;
    /// let sheets = Timesheets::from_punches(att, period, "mes", [("E102".to_string(), vec![punch])])?;
    /// let tally = sheets.tally("E102")?.unwrap();
    /// assert_eq!((tally.worked, tally.ot_holiday, tally.night), (435, 435, 435));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_punches(
        att: &Attendance,
        period: Period,
        source: &str,
        employees: impl IntoIterator<Item = (String, Vec<Punch>)>,
    ) -> Result<Timesheets, RecordError> {
        let workdays = att
            .workdays(period)
            .ok_or(RecordError::PeriodWithoutCalendar { period })?;
        let names: Vec<Arc<str>> = vec![Arc::from(source)];
        // An employee given twice is one employee: their lists are classified together.
        let mut lists: Vec<(String, Vec<Punch>)> = Vec::new();
        let mut at: HashMap<String, usize> = HashMap::new();
        for (employee, punches) in employees {
            match at.get(&employee) {
                Some(&i) => lists[i].1.extend(punches),
                None => {
                    at.insert(employee.clone(), lists.len());
                    lists.push((employee, punches));
                }
            }
        }
        let mut by_employee = HashMap::new();
        let mut order = Vec::new();
        for (employee, mut punches) in lists {
            let first = CellRef {
                file: names[0].clone(),
                row: punches.first().map_or(0, |p| p.at.row),
                column: Arc::from("employee_id"),
            };
            let result = super::classify(att, period, &employee, &mut punches, &names, None);
            let key: Box<str> = employee.into();
            order.push((key.clone(), first));
            by_employee.insert(key, result);
        }
        let streamed = super::Grouping::Streamed;
        Ok(Timesheets::new(
            att,
            period,
            workdays,
            names,
            (by_employee, order),
            streamed,
        ))
    }

    /// The timesheets of `att`'s rules for `period`, with every employee's result and the
    /// order they were first seen in.
    fn new(
        att: &Attendance,
        period: Period,
        workdays: u32,
        files: Vec<Arc<str>>,
        (by_employee, order): (Tallies, Vec<(Box<str>, CellRef)>),
        grouping: super::Grouping,
    ) -> Timesheets {
        Timesheets {
            period,
            workdays,
            day_hours: att.day_hours(),
            rule: att.records(),
            hours: att.hours(),
            hours_from: att.def().hours_from.as_ref().map(|n| n.name.clone()),
            shifts: att.shifts().len(),
            projects: att.projects().len(),
            files,
            by_employee,
            order,
            grouping,
        }
    }

    /// The period classified.
    pub fn period(&self) -> Period {
        self.period
    }

    /// Working days of the period by the calendar (`attendance.workdays`).
    pub fn workdays(&self) -> u32 {
        self.workdays
    }

    /// Whether the records were streamed one employee at a time or held in memory.
    pub fn grouping(&self) -> super::Grouping {
        self.grouping
    }

    /// The records files, by position ([`super::RecordAt::file`]).
    pub fn files(&self) -> &[Arc<str>] {
        &self.files
    }

    /// One employee's tally: `Ok(None)` when the employee has no records and the policy lets
    /// them have none (every measure but `workdays` is then zero); the record's error when one
    /// of theirs could not be classified; [`RecordError::NoRecords`] when they have none and
    /// the policy requires them.
    pub fn tally(&self, employee: &str) -> Result<Option<&Tally>, RecordError> {
        match self.by_employee.get(employee) {
            Some(Ok(t)) => Ok(Some(t)),
            Some(Err(e)) => Err(e.clone()),
            None => match self.rule {
                RecordsRule::Optional => Ok(None),
                RecordsRule::Required => Err(RecordError::NoRecords {
                    employee: employee.to_string(),
                    period: self.period,
                }),
            },
        }
    }

    /// The value of measure `of` for `tally` (`None`: an employee without records) of an
    /// employee on working-hours system `system`.
    pub fn value(&self, tally: Option<&Tally>, of: MeasureOf, system: HoursSystem) -> Value {
        let (w, d) = (self.workdays, self.day_hours);
        match tally {
            Some(t) => t.value_under(of, system, w, d),
            None => Tally::new(self.shifts, self.projects).value_under(of, system, w, d),
        }
    }

    /// The policy's working-hours system (`hours`).
    pub fn hours(&self) -> HoursSystem {
        self.hours
    }

    /// The text input naming each employee's own system (`hours_from`), if any.
    pub fn hours_from(&self) -> Option<&str> {
        self.hours_from.as_deref()
    }

    /// Employees with records whom `known` does not know (not in the data), each with the
    /// `employee_id` cell of their first record, in order of first appearance (each is a
    /// [`RecordError::UnknownEmployee`]).
    pub fn strangers(&self, known: impl Fn(&str) -> bool) -> Vec<(String, CellRef)> {
        (self.order.iter())
            .filter(|(e, _)| !known(e))
            .map(|(e, at)| (e.to_string(), at.clone()))
            .collect()
    }
}
