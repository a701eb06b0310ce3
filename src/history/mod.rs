//! Earlier months (issue 9): what formulas read with `ytd_before`, `prev` and `ytd_months`.
//!
//! Each month's run can write one JSON line per employee (`hrrules eval --format jsonl`):
//! `{"employee_id": "E004", "period": "2023-07", "values": {...}}`, or the month's `error`.
//! [`History::read`] reads such files; [`History::from_months`] takes months from any other
//! source (an HR product's database). Either way only what the policy reads is kept: for each
//! employee and month, the values of the names its [`Lookback`]s need.
//!
//! Problems of a file (not JSON, no employee or period, a needed name missing) stop the
//! read; problems of one employee (a month missing in the middle of the year, a month that
//! failed, two different lines for one month) are that employee's error from
//! [`History::lookback`], and the others are computed.

mod error;
mod read;
mod store;

pub use error::HistoryError;
pub use read::MAX_LINE_BYTES;

use crate::date::Period;
use crate::value::Value;
use crate::vocab::{Lookback, ValueType};
use std::collections::HashMap;
use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;
use store::{Month, Names};

/// One earlier month of one employee, from any source (a JSONL line, an HR product's database).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PastMonth {
    /// The employee (the key column's value).
    pub employee: String,
    /// The month.
    pub period: Period,
    /// The month's named values as text (decimals as written: `6000.00`), or the month's
    /// error when it was not computed.
    pub values: Result<HashMap<String, String>, String>,
    /// The file and line it was read from, when it was read from a file.
    pub at: Option<LineRef>,
}

impl PastMonth {
    /// A month an embedder computed and kept as it came back from the library: every named
    /// value of `evaluation` (what `--format jsonl` writes), or the error of that month.
    ///
    /// ```
    /// use hrrules::history::{History, PastMonth};
    /// use hrrules::{Period, Policy};
    /// let policy = Policy::load("tests/fixtures/tests/cumulative_tax.toml")?;
    /// let january: Period = "2023-01".parse()?;
    /// let mut e = policy.inputs();
    /// e.set_text("wage", "30000")?.set_text("special_deductions", "4500")?
    ///     .set_text("additional_deductions", "2000")?;
    /// // January starts the year: nothing before it.
    /// for (n, _) in policy.lookbacks() {
    ///     if !n.to_string().starts_with("prev") {
    ///         e.set_text(&n.to_string(), "0")?;
    ///     }
    /// }
    /// let figures = policy.plan(january)?.evaluate(&e);
    /// let past = PastMonth::from_evaluation("E001", january, figures.as_ref().map_err(|e| e.to_string()));
    /// let needs = policy.lookbacks();
    /// let february = History::from_months([past], &needs, "2023-02".parse()?)?;
    /// let wage = needs.iter().position(|(n, _)| n.to_string() == "ytd_before(wage)").unwrap();
    /// assert_eq!(february.lookback("E001")?[wage].as_ref().unwrap().to_string(), "30000");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_evaluation(
        employee: &str,
        period: Period,
        evaluation: Result<&crate::eval::Evaluation, String>,
    ) -> PastMonth {
        PastMonth {
            employee: employee.to_string(),
            period,
            values: evaluation.map(|e| {
                (e.all().into_iter())
                    .map(|(n, v)| (n.to_string(), v.to_string()))
                    .collect()
            }),
            at: None,
        }
    }
}

/// A line of a history file: `history.jsonl:12`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct LineRef {
    /// The file, as given.
    pub file: Arc<str>,
    /// The line, from 1.
    pub line: u64,
}

impl fmt::Display for LineRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// Earlier months, kept only for what the policy reads: for each employee, for each month
/// before `period`, the values of the names in `needs` (parsed as the given types via
/// [`crate::vocab::parse_text`]). Lines for `period` itself are ignored (re-running a month);
/// months after `period` too. A line missing a needed name is an error naming file and line
/// (whole-read error); a line that is not JSON or lacks employee_id/period: located error.
#[derive(Debug)]
pub struct History {
    needs: Vec<(Lookback, ValueType)>,
    names: Names,
    /// The period computed, as a month number (see [`store::index`]).
    period: i32,
    employees: HashMap<Box<str>, Vec<Month>>,
}

impl History {
    /// Reads JSON lines files (a path may be a directory: its `*.jsonl` files in name order).
    /// `key` is the name of the key column (`employee_id`).
    pub fn read(
        paths: &[PathBuf],
        key: &str,
        needs: &[(Lookback, ValueType)],
        period: Period,
    ) -> Result<History, HistoryError> {
        let files = read::files(paths)?;
        let threads = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(files.len())
            .max(1);
        let read_part = |part: &[PathBuf]| -> Result<History, HistoryError> {
            let mut history = History::empty(needs, period);
            for path in part {
                read::file(&mut history, path, key)?;
            }
            Ok(history)
        };
        // Parsing is most of the time (a year of a large company is gigabytes of lines), so
        // the files are read on all cores, each thread a run of consecutive files; the parts
        // are joined in file order, so the result and the first error are those of reading
        // the files one after the other.
        let chunk = files.len().div_ceil(threads).max(1);
        let parts: Vec<Result<History, HistoryError>> = if threads == 1 {
            vec![read_part(&files)]
        } else {
            std::thread::scope(|s| {
                let handles: Vec<_> = files
                    .chunks(chunk)
                    .map(|part| s.spawn(move || read_part(part)))
                    .collect();
                handles
                    .into_iter()
                    .map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
                    .collect()
            })
        };
        let mut history = History::empty(needs, period);
        for part in parts {
            history.absorb(part?);
        }
        history.settle();
        Ok(history)
    }

    /// Appends `later`'s months (read from files after this history's) to this one's.
    fn absorb(&mut self, later: History) {
        if self.employees.is_empty() {
            self.employees = later.employees;
            return;
        }
        for (employee, months) in later.employees {
            match self.employees.get_mut(&employee) {
                Some(mine) => mine.extend(months),
                None => {
                    self.employees.insert(employee, months);
                }
            }
        }
    }

    /// Earlier months from any source; the same rules as [`History::read`].
    pub fn from_months(
        months: impl IntoIterator<Item = PastMonth>,
        needs: &[(Lookback, ValueType)],
        period: Period,
    ) -> Result<History, HistoryError> {
        let mut history = History::empty(needs, period);
        for m in months {
            let month = store::index(m.period);
            if !history.keeps(month) {
                continue;
            }
            let months_before = match &m.values {
                Ok(texts) => texts
                    .get(store::MONTHS_BEFORE)
                    .and_then(|t| t.trim().parse().ok()),
                Err(_) => None,
            };
            let values = match &m.values {
                Ok(texts) => Ok(history.names.parse(
                    |i| Some(texts.get(history.names.name(i)?)?.as_str()),
                    &m.employee,
                    m.period,
                    &m.at,
                )?),
                Err(e) => Err(Box::from(e.as_str())),
            };
            history.add(&m.employee, month, values, m.at, months_before);
        }
        history.settle();
        Ok(history)
    }

    /// One employee's value of each need, in the order of `needs`: YtdBefore = sum over this
    /// calendar year's months before the period (0 when none: a new hire starts the year);
    /// Prev(name, n) = the value n months before (None when that month is absent: the caller
    /// applies `prev`'s default or reports); MonthsBefore = number of this year's months before
    /// the period. Errors: a GAP (months of this year before the period that are not contiguous
    /// up to period-1, e.g. July and September but not August for an October run -> names
    /// 2023-08), a month whose line is an error line (names it and where), two lines for one
    /// employee and month that differ (where both are).
    pub fn lookback(&self, employee: &str) -> Result<Vec<Option<Value>>, HistoryError> {
        let months = self.employees.get(employee).map_or(&[][..], Vec::as_slice);
        store::lookback(self, employee, months)
    }

    /// Sets the past parts of `ytd`, `ytd_before`, `prev` and `ytd_months` in `inputs` from
    /// `employee`'s months, as a binding with this history does for a row of data: for an
    /// embedder that builds each employee's [`Inputs`](crate::Inputs) itself. An employee
    /// with no months kept starts the year; a gap, a failed month or two different lines for
    /// one month is the error.
    ///
    /// ```
    /// use hrrules::history::{History, PastMonth};
    /// use hrrules::{Period, Policy};
    /// let policy = Policy::load("tests/fixtures/tests/cumulative_tax.toml")?;
    /// let (january, february): (Period, Period) = ("2023-01".parse()?, "2023-02".parse()?);
    /// let mut e = policy.inputs();
    /// e.set_text("wage", "30000")?.set_text("special_deductions", "4500")?
    ///     .set_text("additional_deductions", "2000")?;
    /// let needs = policy.lookbacks();
    /// // January starts the year: no months before it.
    /// History::from_months([], &needs, january)?.fill("E001", &mut e)?;
    /// let paid = policy.plan(january)?.evaluate(&e)?;
    /// let past = PastMonth::from_evaluation("E001", january, Ok(&paid));
    /// History::from_months([past], &needs, february)?.fill("E001", &mut e)?;
    /// let february_pay = policy.plan(february)?.evaluate(&e)?;
    /// // The State Taxation Administration's example: 555 in January, 625 in February.
    /// assert_eq!(paid.get("tax_this_month").unwrap().to_string(), "555.00");
    /// assert_eq!(february_pay.get("tax_this_month").unwrap().to_string(), "625.00");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn fill(&self, employee: &str, inputs: &mut crate::Inputs) -> Result<(), HistoryError> {
        let slots = self.slots(inputs.schema());
        self.fill_slots(employee, &slots, inputs)
    }

    /// The inputs of `schema` that are past parts of what this history was read for: (the
    /// input's position, the position of its need in [`History::needs`]).
    pub(crate) fn slots(&self, schema: &crate::eval::InputSchema) -> Vec<(usize, usize)> {
        (0..schema.len())
            .filter_map(|i| {
                let l = schema.lookback(i)?;
                Some((i, self.needs.iter().position(|(n, _)| n == l)?))
            })
            .collect()
    }

    /// [`History::fill`] with the `slots` worked out once ([`History::slots`]).
    pub(crate) fn fill_slots(
        &self,
        employee: &str,
        slots: &[(usize, usize)],
        inputs: &mut crate::Inputs,
    ) -> Result<(), HistoryError> {
        let past = self.lookback(employee)?;
        for &(i, k) in slots {
            if let Some(Some(v)) = past.get(k) {
                inputs.set_at(i, Some(v.clone()));
            }
        }
        Ok(())
    }

    /// How many employees have at least one month kept.
    pub fn employees(&self) -> usize {
        self.employees.len()
    }

    /// What the history was read for, in order.
    pub fn needs(&self) -> &[(Lookback, ValueType)] {
        &self.needs
    }

    fn empty(needs: &[(Lookback, ValueType)], period: Period) -> History {
        History {
            needs: needs.to_vec(),
            names: Names::new(needs),
            period: store::index(period),
            employees: HashMap::new(),
        }
    }
}
