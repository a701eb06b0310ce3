//! `[analysis]` settings given on the command line (`hrrules analyze --correlate a,b`): each
//! becomes a source of its own (`--correlate`, `--compare`, ...) holding the text as typed, so
//! the checker reports a wrong name in it with a caret, as it would in the rule file.

use super::analysis::{Against, AnalysisDef, AnalysisRuleError, CompareDef};
use super::error::PolicyError;
use super::model::{Named, PolicyDef};
use crate::error::{Sources, Span};
use crate::limits::Limits;
use crate::syntax::parse_expr;

/// What the command line says about the analysis; what it gives replaces the rule file's
/// setting, and `compare` adds comparisons to those of the rule file.
#[derive(Clone, Debug, Default)]
pub struct AnalysisArgs {
    /// `--period-column month`.
    pub period_column: Option<String>,
    /// `--correlate satisfaction,sales_attainment`.
    pub correlate: Vec<String>,
    /// `--trends complaint_rate,repeat_rate`.
    pub trends: Vec<String>,
    /// `--change 2023-07`.
    pub change: Option<String>,
    /// `--compare 'satisfaction > 8'`: one comparison per formula, named by it.
    pub compare: Vec<String>,
    /// `--against rest`: what the `--compare` groups are compared with (default everyone).
    pub against: Option<Against>,
    /// `--measures sales_amount,repeat_rate`: what the `--compare` groups compare (default:
    /// the correlated figures).
    pub measures: Vec<String>,
}

/// Puts `args` into `def.analysis` (creating it), each setting a source added to `sources`.
pub fn apply_analysis_args(
    def: &mut PolicyDef,
    sources: &mut Sources,
    args: &AnalysisArgs,
    limits: &Limits,
) -> Result<(), Vec<PolicyError>> {
    let mut errors = Vec::new();
    let a = def.analysis.get_or_insert_with(AnalysisDef::default);
    if let Some(column) = &args.period_column {
        let mut list = listed(sources, "--period-column", std::slice::from_ref(column));
        a.period_column = list.pop();
    }
    if !args.correlate.is_empty() {
        a.correlate = listed(sources, "--correlate", &args.correlate);
    }
    if !args.trends.is_empty() {
        a.trends = listed(sources, "--trends", &args.trends);
    }
    if let Some(change) = &args.change {
        let file = sources.add("--change", change.clone());
        let span = Span::new(file, 0, change.len());
        match change.trim().parse() {
            Ok(p) => a.change = Some((p, span)),
            Err(problem) => errors.push(AnalysisRuleError::Change { problem, span }.into()),
        }
    }
    let measures = if args.measures.is_empty() {
        a.correlate.clone()
    } else {
        listed(sources, "--measures", &args.measures)
    };
    for formula in &args.compare {
        let file = sources.add("--compare", formula.clone());
        match parse_expr(formula, file, 0, limits) {
            Ok(condition) => a.compare.push(CompareDef {
                name: formula.trim().to_string(),
                condition,
                condition_text: formula.clone(),
                against: args.against.unwrap_or(Against::Everyone),
                measures: measures.clone(),
                span: Span::new(file, 0, formula.len()),
            }),
            Err(e) => errors.push(PolicyError::Syntax(e)),
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// `names` as one source `NAME` holding them joined by commas, each named at its place.
fn listed(sources: &mut Sources, name: &str, names: &[String]) -> Vec<Named> {
    let file = sources.add(name, names.join(","));
    let mut at = 0;
    let mut out = Vec::new();
    for n in names {
        let lead = n.len() - n.trim_start().len();
        let trimmed = n.trim();
        out.push(Named {
            name: trimmed.to_string(),
            span: Span::new(file, at + lead, at + lead + trimmed.len()),
        });
        at += n.len() + 1;
    }
    out
}
