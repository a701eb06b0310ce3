//! One employee of a dataset explained, as `hrrules explain --data ... --employee E004`
//! shows it: the figures' derivations with the cell, record or month each input came from,
//! the employee's attendance month record by record (with records), and each population
//! figure with the employee's group (computed over the whole team first, as `eval` does).
//! The command line and the Python package both call [`DataSources::explain`].

use super::sources::DataSources;
use super::{evaluate_all, Binding, EmployeeError, TeamFigures};
use crate::attendance::Month;
use crate::data::{DataError, Dataset, Record};
use crate::date::Period;
use crate::engine::Policy;
use crate::eval::{EvalError, Explanation, Plan};
use crate::text::escape_controls;
use rust_decimal::Decimal;
use std::io::{self, Write};
use std::path::PathBuf;

/// One employee explained ([`DataSources::explain`]).
#[derive(Debug)]
pub struct Explained {
    /// The employee's row of the data.
    pub record: Record,
    /// How the figures asked for were derived (with the error, when the evaluation failed).
    pub why: Explanation,
    /// With records: the employee's attendance month, each record with what it added.
    pub month: Option<Month>,
    /// For a policy with population figures: the figures over the whole team, and the
    /// employee's own arguments of each (their weight, their KPI).
    pub team: Option<(TeamFigures, Vec<[Decimal; 2]>)>,
}

/// Why there is nothing to explain.
#[derive(Debug, thiserror::Error)]
pub enum ExplainError {
    /// No row of the data has this key.
    #[error("no employee `{}` in column `{}` of the data{}", escape_controls(employee), escape_controls(key), match nearest { Some(n) => format!(" (did you mean `{}`?)", escape_controls(n)), None => String::new() })]
    NoEmployee {
        /// The key asked for.
        employee: String,
        /// The key column.
        key: String,
        /// The nearest key the data has.
        nearest: Option<String>,
    },
    /// A name to explain that the policy does not define.
    #[error("{0}")]
    Names(EvalError),
    /// The employee's own inputs cannot be read (a bad cell, a record that cannot be
    /// classified, a gap in the history): there is nothing to explain but this.
    #[error("{0}")]
    Employee(EmployeeError),
    /// A records file cannot be read again for the employee's month.
    #[error("{0}")]
    Records(DataError),
}

impl DataSources {
    /// Explains `employee` of `dataset` with `plan` (of `policy`) and `binding` (as
    /// [`DataSources::bind`] made it, with the same `records`): the figures `names` (default:
    /// the shown columns). An input's origin is its data cell, its records, or the months of
    /// history it sums.
    #[allow(clippy::too_many_arguments)]
    pub fn explain(
        &self,
        policy: &Policy,
        plan: &Plan,
        (dataset, binding): (Dataset, &Binding),
        records: &[PathBuf],
        employee: &str,
        names: &[&str],
        notices: &mut Vec<super::Notice>,
    ) -> Result<Explained, ExplainError> {
        let (record, figures) = self.find(dataset, plan, binding, employee)?;
        let mut inputs = binding.inputs(&record).map_err(ExplainError::Employee)?;
        if let Some(f) = &figures {
            let ordinal = f.ordinal(&record.key).unwrap_or(usize::MAX);
            (f.fill(0, plan, ordinal, &mut inputs)).map_err(ExplainError::Employee)?;
        }
        let sheets = binding.timesheets();
        let month = match (policy.attendance(), sheets) {
            (Some(att), Some(sheets)) => {
                // The employee's own system was read when their inputs were.
                let system =
                    (binding.hours_system(sheets, &inputs, &record)).unwrap_or(att.hours());
                let opened = (records.iter())
                    .map(|p| self.open(p, notices))
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(ExplainError::Records)?;
                // A bad record is the employee's error already; the tree is shown without it.
                Month::read(att, system, plan.period(), &opened, &record.key).unwrap_or(None)
            }
            _ => None,
        };
        let schema = policy.input_schema();
        let origin = |name: &str| {
            let measure = (schema.position(name)).and_then(|i| schema.measure(i));
            if sheets.is_some() && measure.is_some() {
                let n = month.as_ref().map_or(0, |m| m.punches.len());
                return Some(format!("{n} attendance records, below"));
            }
            if let Some(past) = self.past_origin(policy, name, plan.period()) {
                return Some(past);
            }
            binding.cell(&record, name).map(|c| c.to_string())
        };
        let why = plan
            .explain(&inputs, names, &origin)
            .map_err(ExplainError::Names)?;
        let team = figures.map(|f| {
            let own = match plan.evaluate(&inputs) {
                Ok(e) => crate::report::team::own_args(plan, &e),
                Err(_) => Vec::new(),
            };
            (f, own)
        });
        Ok(Explained {
            record,
            why,
            month,
            team,
        })
    }

    /// The employee's record and, for a policy with population figures, the figures computed
    /// over everyone (they need the whole team).
    fn find(
        &self,
        dataset: Dataset,
        plan: &Plan,
        binding: &Binding,
        employee: &str,
    ) -> Result<(Record, Option<TeamFigures>), ExplainError> {
        let mut keys = Vec::new();
        let team = plan.passes() > 0;
        let mut all: Vec<Record> = Vec::new();
        let mut rows = dataset.records();
        let Some(record) = rows.by_ref().find_map(|r| {
            keys.push(r.key.clone());
            let found = (r.key == employee).then(|| r.clone());
            if team {
                all.push(r);
            }
            found
        }) else {
            let nearest = crate::error::nearest(employee, keys.iter().map(String::as_str));
            return Err(ExplainError::NoEmployee {
                employee: employee.to_string(),
                key: self.key.clone(),
                nearest: nearest.map(str::to_string),
            });
        };
        let figures = team.then(|| {
            all.extend(rows);
            evaluate_all((plan, binding), all.into_iter(), |_| {})
        });
        Ok((record, figures))
    }

    /// Where the past part of `ytd`, `prev`, ... named `name` came from: the months of the
    /// history it reads (or none given).
    fn past_origin(&self, policy: &Policy, name: &str, month: Period) -> Option<String> {
        use crate::vocab::Lookback;
        let schema = policy.input_schema();
        let lookback = schema.lookback(schema.position(name)?)?;
        let files: Vec<String> = (self.history.iter())
            .map(|p| p.display().to_string())
            .collect();
        let s = &self.spelling;
        let source = if !files.is_empty() {
            format!("{} {}", s.history, files.join(", "))
        } else if self.past.as_ref().is_some_and(|p| p.employees() > 0) {
            format!("{} (the months given)", s.history)
        } else {
            format!("no {}: the year starts in this month", s.history)
        };
        let (y, m, _) = month.start().ymd();
        let what = match lookback {
            Lookback::YtdBefore(_) if m == 1 => "no earlier month this year".to_string(),
            Lookback::YtdBefore(_) => format!("{y}'s months before {month}, summed"),
            Lookback::Prev(_, n) => format!("{n} month(s) before {month}"),
            Lookback::MonthsBefore => format!("months paid in {y} before {month}"),
        };
        Some(escape_controls(&format!("{source} ({what})")).into_owned())
    }
}

/// The document `hrrules explain --format json` writes ([`Explained::json`]).
#[derive(Debug, serde::Serialize)]
pub struct ExplainedJson<'a> {
    /// The employee's key.
    pub employee_id: &'a str,
    /// Their row: `sales.csv:5`.
    pub row: String,
    /// The explanation's `period`, `figures` and `error`.
    #[serde(flatten)]
    pub explanation: &'a Explanation,
    /// With records: the employee's classified month.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attendance: Option<serde_json::Value>,
    /// For a policy with population figures: each figure with the employee's group.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub population: Option<serde_json::Value>,
}

impl Explained {
    /// The employee's place in the team's figures.
    fn ordinal(&self, f: &TeamFigures) -> usize {
        f.ordinal(&self.record.key).unwrap_or(usize::MAX)
    }

    /// The document `hrrules explain --format json` writes: `employee_id`, `row`, the
    /// explanation's `period`, `figures` and `error`, then `attendance` and `population`
    /// where there are any (`policy`: the policy explained, for its attendance rules).
    pub fn json(&self, policy: &Policy) -> ExplainedJson<'_> {
        ExplainedJson {
            employee_id: &self.record.key,
            row: self.record.origin.to_string(),
            explanation: &self.why,
            attendance: (self.month.as_ref().zip(policy.attendance()))
                .map(|(m, att)| crate::report::attendance::month_json(att, m)),
            population: (self.team.as_ref())
                .map(|(f, own)| crate::report::team::member_json(f, (0, self.ordinal(f)), own)),
        }
    }

    /// The indented tree `hrrules explain` prints.
    pub fn write_text(&self, out: &mut dyn Write, policy: &Policy) -> io::Result<()> {
        let record = &self.record;
        write!(
            out,
            "{} ({}), period {}\n{}",
            escape_controls(&record.key),
            escape_controls(&record.origin.to_string()),
            self.why.period,
            self.why
        )?;
        if let (Some(m), Some(att)) = (&self.month, policy.attendance()) {
            writeln!(out)?;
            crate::report::attendance::write_month(&mut *out, att, m)?;
        }
        match &self.team {
            Some((f, own)) => {
                crate::report::team::write_member(&mut *out, f, (0, self.ordinal(f)), own)
            }
            None => Ok(()),
        }
    }
}
