//! Comparing two sets of results for the same employees: an old and a new policy (or one
//! policy under changed params, or for two periods).
//!
//! Per employee: every compared figure that changed (old, new, exact delta, percentage),
//! the figures only one side has, and the errors of an employee that fails on either side.
//! Per figure: the sums on both sides, their delta, and how many employees went up, down or
//! stayed. And the employees who gain and lose most by one figure. Decimals stay exact; the
//! only rounding is a percentage's, to 2 places half-up ([`percent_change`]).
//!
//! Feed a [`Comparison`] one employee at a time (from [`crate::evaluate_all`] with two pairs),
//! or let [`compare_all`] run both sides over a dataset.

mod percent;

use crate::batch::{evaluate_all, Binding, EmployeeError};
use crate::data::{Record, RowRef};
use crate::eval::{Evaluation, Plan};
use crate::value::Value;
use rust_decimal::Decimal;

pub use percent::percent_change;

/// How many winners and how many losers a diff names.
pub const MOVERS: usize = 5;

/// Why two plans cannot be compared as asked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DiffError {
    /// `hrrules diff OLD NEW ... gros_pay`: a figure asked for that neither policy computes.
    #[error("neither policy has a figure `{name}`{}", match nearest { Some(n) => format!(" (did you mean `{n}`?)"), None => String::new() })]
    UnknownName {
        /// The name asked for.
        name: String,
        /// The closest name either policy has.
        nearest: Option<String>,
    },
    /// `--by kpi.grade` (a text figure) or `--by kpi.revenue` (only the 2022 policy has it):
    /// winners and losers are ranked by a figure both sides compute as a number.
    #[error("cannot rank winners and losers by `{name}`: it is not among the numeric figures both policies show ({})", shared.join(", "))]
    NotRankable {
        /// The name asked for.
        name: String,
        /// The figures both sides have.
        shared: Vec<String>,
    },
}

/// The figures compared: those both sides have, and those only one side has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Columns {
    /// Figures both plans compute, in the old plan's order (then the new one's).
    pub shared: Vec<String>,
    /// Figures only the old plan computes.
    pub only_old: Vec<String>,
    /// Figures only the new plan computes.
    pub only_new: Vec<String>,
    /// The figures people see as percentages (`0.92` as `92%`): a shared figure both plans
    /// declare `type = "percent"`, a figure one side has that its plan declares so.
    pub percent: Vec<String>,
}

impl Columns {
    /// The figures to compare: `names` if given (each must be a figure of at least one plan),
    /// else the shown outputs of both plans.
    pub fn new(old: &Plan, new: &Plan, names: &[String]) -> Result<Columns, DiffError> {
        let has = |plan: &Plan, n: &str| plan.layout.index.contains_key(n);
        let mut all: Vec<String> = Vec::new();
        if names.is_empty() {
            for n in old.outputs().chain(new.outputs()) {
                if !all.iter().any(|a| a == n) {
                    all.push(n.to_string());
                }
            }
        } else {
            for n in names {
                if !has(old, n) && !has(new, n) {
                    let known = old.layout.names.iter().chain(&new.layout.names);
                    let nearest = crate::error::nearest(n, known.map(|k| &**k));
                    return Err(DiffError::UnknownName {
                        name: n.clone(),
                        nearest: nearest.map(str::to_string),
                    });
                }
                if !all.contains(n) {
                    all.push(n.clone());
                }
            }
        }
        let (mut shared, mut only_old, mut only_new) = (Vec::new(), Vec::new(), Vec::new());
        let mut percent = Vec::new();
        for n in all {
            let (on_old, on_new) = (has(old, &n), has(new, &n));
            if (!on_old || old.is_percent(&n)) && (!on_new || new.is_percent(&n)) {
                percent.push(n.clone());
            }
            match (on_old, on_new) {
                (true, true) => shared.push(n),
                (true, false) => only_old.push(n),
                _ => only_new.push(n),
            }
        }
        Ok(Columns {
            shared,
            only_old,
            only_new,
            percent,
        })
    }

    /// Whether people see figure `name` as a percentage (see [`Columns::percent`]).
    pub fn is_percent(&self, name: &str) -> bool {
        self.percent.iter().any(|p| p == name)
    }
}

/// One compared figure of one employee.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The figure (`commission`).
    pub name: String,
    /// Its old value (`None`: an input the data does not give).
    pub old: Option<Value>,
    /// Its new value.
    pub new: Option<Value>,
    /// `new - old`, exact, when both are numbers.
    pub delta: Option<Decimal>,
    /// The delta in percent of `old`, 2 places half-up; `None` when `old` is zero or not a
    /// number.
    pub percent: Option<Decimal>,
}

/// An employee who failed on one side or both: each side's error (`None` where it computed).
#[derive(Debug, Clone)]
pub struct Failure {
    /// Why the old side has no figures.
    pub old: Option<EmployeeError>,
    /// Why the new side has no figures.
    pub new: Option<EmployeeError>,
}

/// What changed for one employee.
#[derive(Debug, Clone)]
pub struct EmployeeDiff {
    /// The employee's key (`E004`).
    pub employee: String,
    /// Where the employee's row is in the data.
    pub origin: RowRef,
    /// Shared figures that changed, in column order; empty when nothing changed (or a side
    /// failed).
    pub changes: Vec<Change>,
    /// Shared figures that did not change, with their value, in column order.
    pub same: Vec<(String, Option<Value>)>,
    /// Figures only the old side has, with their values (empty if the old side failed).
    pub only_old: Vec<(String, Option<Value>)>,
    /// Figures only the new side has, with their values (empty if the new side failed).
    pub only_new: Vec<(String, Option<Value>)>,
    /// Each side's error, when the employee failed on either side.
    pub error: Option<Failure>,
}

/// One shared numeric figure summed over the employees computed on both sides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Total {
    /// The figure.
    pub name: String,
    /// The sum of the old values; `None` if it is beyond an exact decimal.
    pub old: Option<Decimal>,
    /// The sum of the new values.
    pub new: Option<Decimal>,
    /// `new - old`.
    pub delta: Option<Decimal>,
    /// The delta in percent of the old sum (2 places half-up; `None` when that is zero).
    pub percent: Option<Decimal>,
    /// Employees whose value went up.
    pub up: usize,
    /// Employees whose value went down.
    pub down: usize,
    /// Employees whose value stayed.
    pub same: usize,
}

/// An employee who gains or loses by the ranking figure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mover {
    /// The employee's key.
    pub employee: String,
    /// The old value.
    pub old: Decimal,
    /// The new value.
    pub new: Decimal,
    /// `new - old`.
    pub delta: Decimal,
    /// The delta in percent of `old`.
    pub percent: Option<Decimal>,
}

/// A whole diff: every employee in input order, the totals, the winners and losers.
#[derive(Debug, Clone)]
pub struct Diff {
    /// The figures compared.
    pub columns: Columns,
    /// Every employee, in input order, unchanged ones included (with no changes).
    pub employees: Vec<EmployeeDiff>,
    /// One total per shared figure that is a number, in column order.
    pub totals: Vec<Total>,
    /// The figure winners and losers are ranked by, if there is one.
    pub by: Option<String>,
    /// Up to [`MOVERS`] employees with the largest gain by `by`, largest first.
    pub winners: Vec<Mover>,
    /// Up to [`MOVERS`] employees with the largest loss by `by`, largest first.
    pub losers: Vec<Mover>,
}

impl Diff {
    /// How many employees failed on the old side, on the new side.
    pub fn failed(&self) -> (usize, usize) {
        let fail = |f: fn(&Failure) -> bool| {
            let errors = self.employees.iter().filter_map(|e| e.error.as_ref());
            errors.filter(|e| f(e)).count()
        };
        (fail(|e| e.old.is_some()), fail(|e| e.new.is_some()))
    }
}

/// A running sum: `None` once beyond an exact decimal.
#[derive(Debug, Clone)]
struct Sum {
    name: String,
    old: Option<Decimal>,
    new: Option<Decimal>,
    numeric: bool,
    up: usize,
    down: usize,
    same: usize,
}

/// A diff being built, one employee at a time. Its memory does not grow with the employees:
/// the running totals and the [`MOVERS`] largest gains and losses so far.
#[derive(Debug, Clone)]
pub struct Comparison {
    columns: Columns,
    sums: Vec<Sum>,
    by: Option<String>,
    /// Whether the default ranking figure has been chosen (at the first employee computed on
    /// both sides).
    by_seen: bool,
    /// The largest gains so far, largest first (at most [`MOVERS`]).
    winners: Vec<Mover>,
    /// The largest losses so far, largest first (at most [`MOVERS`]).
    losers: Vec<Mover>,
}

impl Comparison {
    /// Compares `columns`, ranking winners and losers by `by`, which must be a shared figure
    /// (default: the last shared figure, in column order, that is a number for the first
    /// employee computed on both sides: with the shipped policies, `gross_pay`; a grade is
    /// skipped). A text `by` ranks no one.
    pub fn new(columns: Columns, by: Option<&str>) -> Result<Comparison, DiffError> {
        if let Some(b) = by {
            if !columns.shared.iter().any(|s| s == b) {
                return Err(DiffError::NotRankable {
                    name: b.to_string(),
                    shared: columns.shared.clone(),
                });
            }
        }
        let sums = columns
            .shared
            .iter()
            .map(|n| Sum {
                name: n.clone(),
                old: Some(Decimal::ZERO),
                new: Some(Decimal::ZERO),
                numeric: false,
                up: 0,
                down: 0,
                same: 0,
            })
            .collect();
        Ok(Comparison {
            columns,
            sums,
            by: by.map(str::to_string),
            by_seen: false,
            winners: Vec::new(),
            losers: Vec::new(),
        })
    }

    /// The figures compared.
    pub fn columns(&self) -> &Columns {
        &self.columns
    }

    /// Compares one employee's two results and counts them into the totals.
    pub fn employee(
        &mut self,
        employee: &str,
        origin: &RowRef,
        old: &Result<Evaluation, EmployeeError>,
        new: &Result<Evaluation, EmployeeError>,
    ) -> EmployeeDiff {
        let only = |side: &Result<Evaluation, EmployeeError>, names: &[String]| match side {
            Ok(e) => names
                .iter()
                .map(|n| (n.clone(), e.get(n).cloned()))
                .collect(),
            Err(_) => Vec::new(),
        };
        let mut diff = EmployeeDiff {
            employee: employee.to_string(),
            origin: origin.clone(),
            changes: Vec::new(),
            same: Vec::new(),
            only_old: only(old, &self.columns.only_old),
            only_new: only(new, &self.columns.only_new),
            error: None,
        };
        let (o, n) = match (old, new) {
            (Ok(o), Ok(n)) => (o, n),
            _ => {
                diff.error = Some(Failure {
                    old: old.as_ref().err().cloned(),
                    new: new.as_ref().err().cloned(),
                });
                return diff;
            }
        };
        if self.by.is_none() && !self.by_seen {
            // The default ranking figure: the last shared one that is a number (not a grade).
            self.by_seen = true;
            let number = |e: &Evaluation, n: &str| matches!(e.get(n), Some(Value::Number(_)));
            let last = self
                .sums
                .iter()
                .rev()
                .find(|s| number(o, &s.name) && number(n, &s.name));
            self.by = last.map(|s| s.name.clone());
        }
        for sum in &mut self.sums {
            let change = compare(&sum.name, o.get(&sum.name), n.get(&sum.name));
            count(sum, &change);
            if self.by.as_deref() == Some(&*sum.name) {
                if let (Some(Value::Number(a)), Some(Value::Number(b)), Some(d)) =
                    (&change.old, &change.new, change.delta)
                {
                    let mover = || Mover {
                        employee: employee.to_string(),
                        old: *a,
                        new: *b,
                        delta: d,
                        percent: change.percent,
                    };
                    if d > Decimal::ZERO {
                        // After every equal gain: the earlier employee ranks first on a tie.
                        let at = self.winners.partition_point(|m| m.delta >= d);
                        if at < MOVERS {
                            self.winners.insert(at, mover());
                            self.winners.truncate(MOVERS);
                        }
                    } else if d < Decimal::ZERO {
                        let at = self.losers.partition_point(|m| m.delta <= d);
                        if at < MOVERS {
                            self.losers.insert(at, mover());
                            self.losers.truncate(MOVERS);
                        }
                    }
                }
            }
            if change.old != change.new {
                diff.changes.push(change);
            } else {
                diff.same.push((change.name, change.new));
            }
        }
        diff
    }

    /// The totals, and the winners and losers by the ranking figure.
    pub fn finish(self) -> Summary {
        let totals: Vec<Total> = self
            .sums
            .iter()
            .filter(|s| s.numeric)
            .map(|s| {
                let delta = match (s.old, s.new) {
                    (Some(a), Some(b)) => b.checked_sub(a),
                    _ => None,
                };
                Total {
                    name: s.name.clone(),
                    old: s.old,
                    new: s.new,
                    delta,
                    percent: s.old.zip(delta).and_then(|(a, d)| percent_change(a, d)),
                    up: s.up,
                    down: s.down,
                    same: s.same,
                }
            })
            .collect();
        Summary {
            totals,
            by: self.by,
            winners: self.winners,
            losers: self.losers,
        }
    }
}

/// What [`Comparison::finish`] gives: everything of a [`Diff`] but the employees.
#[derive(Debug, Clone)]
pub struct Summary {
    /// One total per shared numeric figure.
    pub totals: Vec<Total>,
    /// The ranking figure.
    pub by: Option<String>,
    /// The largest gains, largest first.
    pub winners: Vec<Mover>,
    /// The largest losses, largest first.
    pub losers: Vec<Mover>,
}

/// One figure on both sides.
fn compare(name: &str, old: Option<&Value>, new: Option<&Value>) -> Change {
    let numbers = match (old, new) {
        (Some(Value::Number(a)), Some(Value::Number(b))) => Some((*a, *b)),
        _ => None,
    };
    let delta = numbers.and_then(|(a, b)| b.checked_sub(a));
    Change {
        name: name.to_string(),
        old: old.cloned(),
        new: new.cloned(),
        delta,
        percent: numbers
            .zip(delta)
            .and_then(|((a, _), d)| percent_change(a, d)),
    }
}

/// Counts one change into its figure's total.
fn count(sum: &mut Sum, change: &Change) {
    let (Some(Value::Number(a)), Some(Value::Number(b))) = (&change.old, &change.new) else {
        return;
    };
    sum.numeric = true;
    sum.old = sum.old.and_then(|s| s.checked_add(*a));
    sum.new = sum.new.and_then(|s| s.checked_add(*b));
    match b.cmp(a) {
        std::cmp::Ordering::Greater => sum.up += 1,
        std::cmp::Ordering::Less => sum.down += 1,
        std::cmp::Ordering::Equal => sum.same += 1,
    }
}

/// Evaluates every record with both sides (one pass, the batch driver) and compares them.
/// Winners and losers are ranked by `by` (see [`Comparison::new`]).
pub fn compare_all(
    old: (&Plan, &Binding),
    new: (&Plan, &Binding),
    names: &[String],
    by: Option<&str>,
    records: impl Iterator<Item = Record>,
) -> Result<Diff, DiffError> {
    let columns = Columns::new(old.0, new.0, names)?;
    let mut comparison = Comparison::new(columns, by)?;
    let mut employees = Vec::new();
    evaluate_all([old, new], records, |o| {
        let [a, b] = &o.result;
        employees.push(comparison.employee(&o.employee, &o.origin, a, b));
    });
    let columns = comparison.columns().clone();
    let Summary {
        totals,
        by,
        winners,
        losers,
    } = comparison.finish();
    Ok(Diff {
        columns,
        employees,
        totals,
        by,
        winners,
        losers,
    })
}
