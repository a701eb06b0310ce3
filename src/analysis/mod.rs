//! What the data tells: correlations, group comparisons and months before and after a
//! policy change, over the inputs and computed figures of a policy (`hrrules analyze`).
//!
//! The stage after `eval`: every row of the data (an employee in a month) is computed with
//! the policy by the one evaluation driver, then the figures named in `[analysis]` become
//! `f64` for the statistics. This module is the only one allowed `f64`: nothing here feeds
//! pay. Distributions (Student's t, the normal) come from `statrs`; the charts of the HTML
//! report are drawn by `plotters` as SVG.
//!
//! ```
//! use hrrules::analysis::{analyze, Input};
//! use hrrules::data::DataFile;
//! use hrrules::policy::AnalysisArgs;
//! use hrrules::Policy;
//!
//! let policy = Policy::from_source("a.toml", r#"
//! [policy]
//! name = "CRM"
//! effective = 2023-07-01
//! [inputs]
//! satisfaction = "number"
//! sales_amount = "money"
//! [analysis]
//! correlate = ["satisfaction", "sales_amount"]
//! "#)?;
//! let crm = DataFile::from_csv_str("crm.csv", "employee_id,satisfaction,sales_amount\n\
//!     E001,9,300000\nE002,7,210000\nE003,8,260000\nE004,6,150000\n")?;
//! let findings = analyze(&policy, &AnalysisArgs::default(), Input::new(vec![crm], "employee_id"))?;
//! let r = findings.correlations[0].stats.pearson.unwrap();
//! assert!(r > 0.99, "{r}");
//! assert!(findings.correlations[0].few); // 4 pairs: fewer than 10
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod attrition;
mod error;
mod findings;
mod frame;
mod model;
mod panel;
pub mod report;
mod stats;

pub use error::AnalysisError;
pub use findings::{
    Comparison, CorrelationRow, CorrelationStats, MeasureComparison, Month, Span, Trends, FEW_PAIRS,
};
pub use frame::{Failed, Frame, Row};

use crate::data::DataFile;
use crate::date::Period;
use crate::engine::Policy;
use crate::policy::AnalysisArgs;
use serde::Serialize;
use std::collections::BTreeMap;

/// The data an analysis reads.
pub struct Input<'k> {
    /// The data files: joined on the key, month by month when `[analysis] period_column`
    /// is set (each file then has that column).
    pub files: Vec<DataFile>,
    /// The key column (`employee_id`).
    pub key: &'k str,
    /// The month of data without a period column (default: the policy's `effective` month).
    pub period: Option<Period>,
    /// Who left when: the key column and `left` (a month, `2023-04`).
    pub leavers: Option<DataFile>,
}

impl<'k> Input<'k> {
    /// `files` joined on `key`, no period, no leavers.
    pub fn new(files: Vec<DataFile>, key: &'k str) -> Input<'k> {
        Input {
            files,
            key,
            period: None,
            leavers: None,
        }
    }
}

/// Everything an analysis found.
#[derive(Clone, Debug, Serialize)]
pub struct Findings {
    /// The policy's name.
    pub policy: String,
    /// Rows computed.
    pub rows: usize,
    /// Rows whose figures failed (left out of every statistic).
    pub failed: usize,
    /// Each pair of the correlated figures.
    pub correlations: Vec<CorrelationRow>,
    /// Each comparison.
    pub comparisons: Vec<Comparison>,
    /// Month by month, before and after the change.
    pub trends: Option<Trends>,
    /// What the reader should know: few pairs, failed rows, inputs no column feeds.
    pub warnings: Vec<String>,
    /// The rows themselves, for the charts.
    #[serde(skip)]
    pub frame: Frame,
}

/// Analyses `input` with `policy` and the command line's settings `args` (which replace or
/// add to the policy's `[analysis]`).
pub fn analyze(
    policy: &Policy,
    args: &AnalysisArgs,
    input: Input<'_>,
) -> Result<Findings, AnalysisError> {
    let policy = policy.for_analysis(args).map_err(Box::new)?;
    let def = policy.analysis().cloned().unwrap_or_default();
    let months: BTreeMap<Period, Vec<DataFile>> = match &def.period_column {
        Some(column) => panel::by_month(&input.files, &column.name)?,
        None => {
            let period =
                (input.period.or(policy.default_period())).ok_or(AnalysisError::NoPeriod)?;
            BTreeMap::from([(period, input.files)])
        }
    };
    let leavers = match input.leavers {
        Some(f) => Some(panel::leavers(f, input.key)?),
        None => None,
    };
    let mut columns: Vec<String> = Vec::new();
    for n in def.names() {
        if !columns.contains(&n.name) {
            columns.push(n.name.clone());
        }
    }
    let frame = frame::evaluate(&policy, months, input.key, columns, def.compare.len())?;
    if frame.rows.len() < 2 {
        return Err(AnalysisError::TooFewRows {
            rows: frame.rows.len(),
            failed: frame.failed.len(),
        });
    }
    let correlations = findings::correlations(&frame, &def);
    let warnings = warnings(&frame, &correlations);
    Ok(Findings {
        policy: policy.meta().name.clone(),
        rows: frame.rows.len(),
        failed: frame.failed.len(),
        comparisons: findings::comparisons(&frame, &def),
        trends: findings::trends(&frame, &def, leavers.as_ref()),
        correlations,
        warnings,
        frame,
    })
}

fn warnings(frame: &Frame, correlations: &[CorrelationRow]) -> Vec<String> {
    let mut out = Vec::new();
    let few: Vec<String> = (correlations.iter())
        .filter(|c| c.few)
        .map(|c| format!("`{}` and `{}` ({})", c.a, c.b, c.stats.n))
        .collect();
    if !few.is_empty() {
        out.push(format!(
            "fewer than {FEW_PAIRS} pairs: {}; a correlation over so few means little (its 95% interval spans most of -1..1)",
            few.join(", ")
        ));
    }
    if let Some(first) = frame.failed.first() {
        out.push(format!(
            "{} row{} failed and {} left out; the first, {} in {}: {}",
            frame.failed.len(),
            if frame.failed.len() == 1 { "" } else { "s" },
            if frame.failed.len() == 1 { "is" } else { "are" },
            first.employee,
            first.period,
            first.error
        ));
    }
    if !frame.unbound.is_empty() {
        let names: Vec<String> = frame.unbound.iter().map(|n| format!("`{n}`")).collect();
        out.push(format!(
            "no data column feeds {}: missing for every row",
            names.join(", ")
        ));
    }
    out
}
