//! Every row of the data evaluated with the policy: the figures analysed, as numbers.
//!
//! Each month's rows are joined on the key and computed with that month's plan by the one
//! evaluation driver (`evaluate_all`), population figures included; only then are the
//! figures turned into `f64` for the statistics.

use super::error::AnalysisError;
use crate::data::DataFile;
use crate::date::Period;
use crate::engine::Policy;
use crate::history::{History, PastMonth};
use crate::value::Value;
use rust_decimal::prelude::ToPrimitive;
use std::collections::BTreeMap;

/// One employee in one month: the figures analysed and the groups the row is in.
#[derive(Clone, Debug)]
pub struct Row {
    /// The key (`employee_id`).
    pub employee: String,
    /// The month.
    pub period: Period,
    /// One per [`Frame::columns`]: the figure as a number (a condition as 0 or 1), `None`
    /// where it is missing.
    pub values: Vec<Option<f64>>,
    /// One per comparison: whether the row is in its group.
    pub groups: Vec<bool>,
}

/// A row whose figures failed: it is left out of every statistic, and counted.
#[derive(Clone, Debug)]
pub struct Failed {
    /// The key.
    pub employee: String,
    /// The month.
    pub period: Period,
    /// What went wrong, as the error says it.
    pub error: String,
}

/// The rows computed, in month order and, within a month, in the order of the data.
#[derive(Clone, Debug, Default)]
pub struct Frame {
    /// The figures analysed, in the order `[analysis]` first names them.
    pub columns: Vec<String>,
    /// The rows whose figures were computed.
    pub rows: Vec<Row>,
    /// The rows whose figures failed.
    pub failed: Vec<Failed>,
    /// Rows per month, failed ones included: the headcount of the month.
    pub headcount: BTreeMap<Period, usize>,
    /// Inputs no data column feeds.
    pub unbound: Vec<String>,
}

impl Frame {
    /// The column `name`'s values, one per row.
    pub fn column(&self, name: &str) -> Vec<Option<f64>> {
        let Some(i) = self.columns.iter().position(|c| c == name) else {
            return vec![None; self.rows.len()];
        };
        self.rows.iter().map(|r| r.values[i]).collect()
    }
}

/// Evaluates each month's files (`months`) with `policy` (already made for analysis: its
/// comparisons are the values `compare(1)`, ...).
pub(crate) fn evaluate(
    policy: &Policy,
    months: BTreeMap<Period, Vec<DataFile>>,
    key: &str,
    columns: Vec<String>,
    groups: usize,
) -> Result<Frame, AnalysisError> {
    let mut frame = Frame {
        columns,
        ..Frame::default()
    };
    let group_names: Vec<String> = (0..groups).map(crate::check::compare_value).collect();
    // The earlier months of the data are the history `prev` and `ytd` read.
    let needs = policy.lookbacks();
    let mut past: Vec<PastMonth> = Vec::new();
    for (period, files) in months {
        let dataset = crate::data::join(files, key)?;
        let mut binding = crate::batch::Binding::new(policy, &dataset)?;
        if !needs.is_empty() {
            let history = History::from_months(past.iter().cloned(), &needs, period)?;
            binding = binding.with_history(std::sync::Arc::new(history));
        }
        for name in binding.unbound(policy) {
            if !frame.unbound.iter().any(|u| u == name) {
                frame.unbound.push(name.to_string());
            }
        }
        let plan = policy.plan(period).map_err(Box::new)?;
        let mut problem = None;
        let mut count = 0;
        crate::batch::evaluate_all((&plan, &binding), dataset.records(), |o| {
            count += 1;
            if !needs.is_empty() {
                let kept = o.result.as_ref().map_err(|e| e.to_string());
                past.push(PastMonth::from_evaluation(&o.employee, period, kept));
            }
            match o.result {
                Ok(e) => match row(&e, &frame.columns, &group_names) {
                    Ok((values, groups)) => frame.rows.push(Row {
                        employee: o.employee,
                        period,
                        values,
                        groups,
                    }),
                    Err(e) => problem = problem.take().or(Some(e)),
                },
                Err(e) => frame.failed.push(Failed {
                    employee: o.employee,
                    period,
                    error: crate::text::escape_controls(&e.to_string()).into_owned(),
                }),
            }
        });
        if let Some(e) = problem {
            return Err(e);
        }
        frame.headcount.insert(period, count);
    }
    Ok(frame)
}

/// One evaluation's figures and groups.
type Figures = (Vec<Option<f64>>, Vec<bool>);

fn row(
    e: &crate::eval::Evaluation,
    columns: &[String],
    groups: &[String],
) -> Result<Figures, AnalysisError> {
    let mut values = Vec::with_capacity(columns.len());
    for name in columns {
        values.push(match e.get(name) {
            None => None,
            Some(v) => number(name, v)?,
        });
    }
    let groups = (groups.iter())
        .map(|g| matches!(e.get(g), Some(Value::Bool(true))))
        .collect();
    Ok((values, groups))
}

fn number(name: &str, v: &Value) -> Result<Option<f64>, AnalysisError> {
    let not = |found| AnalysisError::NotNumeric {
        name: name.to_string(),
        found,
    };
    match v {
        Value::Number(d) => Ok(d.to_f64()),
        Value::Bool(b) => Ok(Some(if *b { 1.0 } else { 0.0 })),
        Value::Date(_) => Err(not("a date")),
        Value::Text(_) => Err(not("text")),
    }
}
