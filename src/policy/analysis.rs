//! The `[analysis]` table of a rule file: what `hrrules analyze` looks at.
//!
//! ```toml
//! [analysis]
//! period_column = "month"
//! correlate = ["satisfaction", "sales_attainment", "repeat_rate", "complaint_rate"]
//! change = "2023-07"
//! trends = ["complaint_rate", "repeat_rate", "sales_amount"]
//!
//! [[analysis.compare]]
//! name = "satisfaction above 8"
//! where = "satisfaction > 8"
//! against = "everyone"
//! measures = ["sales_amount", "repeat_rate"]
//! ```
//!
//! Read here; the checker makes sure every name is a figure the policy computes and that
//! every `where` is a boolean formula.

use super::error::PolicyError;
use super::model::Named;
use super::toml_read::{Item, Reader};
use crate::error::Span;
use crate::shape;
use crate::syntax::Expr;

/// What a group is compared with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Against {
    /// `everyone`: every row, the group's own included (what "25% above the average" means).
    Everyone,
    /// `rest`: the rows outside the group ("three times the complaints of the others").
    Rest,
}

impl Against {
    /// The word in the rule file.
    pub fn word(self) -> &'static str {
        match self {
            Against::Everyone => "everyone",
            Against::Rest => "rest",
        }
    }
}

/// One `[[analysis.compare]]` entry: a group of rows against a baseline.
#[derive(Clone, Debug)]
pub struct CompareDef {
    /// `name`, shown in the report.
    pub name: String,
    /// `where`: a boolean formula choosing the group's rows.
    pub condition: Expr,
    /// The text of `where` as written.
    pub condition_text: String,
    /// `against`.
    pub against: Against,
    /// `measures`: the figures whose means are compared.
    pub measures: Vec<Named>,
    /// Where the entry is.
    pub span: Span,
}

/// The `[analysis]` table.
#[derive(Clone, Debug, Default)]
pub struct AnalysisDef {
    /// `period_column`: the data column holding each row's month (`YYYY-MM`).
    pub period_column: Option<Named>,
    /// `correlate`: the figures correlated pairwise.
    pub correlate: Vec<Named>,
    /// `change`: the first month under the new policy, with where it is written.
    pub change: Option<(crate::date::Period, Span)>,
    /// `trends`: the figures averaged per month, before and after `change`.
    pub trends: Vec<Named>,
    /// `[[analysis.compare]]`, in the order written.
    pub compare: Vec<CompareDef>,
}

impl AnalysisDef {
    /// Every figure the table names, with where.
    pub fn names(&self) -> impl Iterator<Item = &Named> {
        (self.correlate.iter())
            .chain(&self.trends)
            .chain(self.compare.iter().flat_map(|c| &c.measures))
    }
}

/// A mistake in the `[analysis]` table that TOML types alone do not catch.
///
/// Each variant's doc names an input that triggers it; it reaches the caller as
/// [`PolicyError::Analysis`](super::PolicyError::Analysis).
#[derive(Debug, thiserror::Error)]
pub enum AnalysisRuleError {
    /// `against = "others"`: only `everyone` and `rest` are known.
    #[error("`against` must be \"everyone\" or \"rest\", found {found:?}")]
    Against {
        /// What was written.
        found: String,
        /// Where.
        span: Span,
    },
    /// `change = "2023-13"`, or `change = "July"`.
    #[error("`change` must be a month like \"2023-07\": {problem}")]
    Change {
        /// Why the text is not a month.
        problem: crate::date::PeriodError,
        /// Where.
        span: Span,
    },
    /// Two `[[analysis.compare]]` entries with `name = "top reps"`.
    #[error("two comparisons are named {name:?}")]
    CompareTwice {
        /// The name.
        name: String,
        /// Where the second is.
        span: Span,
        /// Where the first is.
        first: Span,
    },
}

impl AnalysisRuleError {
    /// The error as a located diagnostic.
    pub fn diagnostic(&self) -> crate::error::Diagnostic {
        let d = crate::error::Diagnostic::new(self.span(), self.to_string());
        match self {
            AnalysisRuleError::CompareTwice { first, .. } => {
                d.with_note(*first, "the first comparison of that name")
            }
            _ => d,
        }
    }

    /// Where the problem is.
    pub fn span(&self) -> Span {
        match self {
            AnalysisRuleError::Against { span, .. }
            | AnalysisRuleError::Change { span, .. }
            | AnalysisRuleError::CompareTwice { span, .. } => *span,
        }
    }
}

/// Reads `[analysis]`; `None` when it is unusable (every problem is reported).
pub(crate) fn analysis(r: &mut Reader<'_>, item: &Item<'_>) -> Option<AnalysisDef> {
    let t = r.table(item, "analysis")?;
    let before = r.mark();
    r.check_keys(t, &shape::ANALYSIS, "[analysis]");
    let mut def = AnalysisDef {
        period_column: t
            .get("period_column")
            .and_then(|i| named(r, i, "period_column")),
        ..AnalysisDef::default()
    };
    if let Some(list) = t.get("correlate") {
        def.correlate = names(r, list, "correlate");
    }
    if let Some(list) = t.get("trends") {
        def.trends = names(r, list, "trends");
    }
    if let Some(c) = t.get("change") {
        def.change = change(r, c);
    }
    if let Some(a) = t.get("attrition") {
        // Read by `hrrules attrition --rules`; here only its keys are checked.
        if let Some(a) = r.table(a, "attrition") {
            r.check_keys(a, &shape::ATTRITION, "[analysis.attrition]");
        }
    }
    if let Some(list) = t.get("compare") {
        let expected = "a list of tables: [[analysis.compare]]";
        for entry in r.array(list, "compare", expected).into_iter().flatten() {
            if let Some(c) = compare(r, entry, &def.compare) {
                def.compare.push(c);
            }
        }
    }
    r.clean_since(before).then_some(def)
}

fn change(r: &mut Reader<'_>, item: &Item<'_>) -> Option<(crate::date::Period, Span)> {
    let text = r.string(item, "change")?;
    let span = r.at(item);
    match text.trim().parse() {
        Ok(p) => Some((p, span)),
        Err(problem) => {
            r.error(PolicyError::Analysis(AnalysisRuleError::Change {
                problem,
                span,
            }));
            None
        }
    }
}

fn named(r: &mut Reader<'_>, item: &Item<'_>, key: &str) -> Option<Named> {
    let name = r.string(item, key)?;
    Some(Named {
        name,
        span: r.at(item),
    })
}

/// `["satisfaction", "sales_attainment"]`.
fn names(r: &mut Reader<'_>, item: &Item<'_>, key: &str) -> Vec<Named> {
    let expected = "a list of names like [\"satisfaction\", \"sales_amount\"]";
    let Some(list) = r.array(item, key, expected) else {
        return Vec::new();
    };
    list.iter().filter_map(|i| named(r, i, key)).collect()
}

/// One `[[analysis.compare]]`.
fn compare(r: &mut Reader<'_>, item: &Item<'_>, earlier: &[CompareDef]) -> Option<CompareDef> {
    let t = r.table(item, "compare")?;
    let span = r.at(item);
    r.check_keys(t, &shape::COMPARE, "[[analysis.compare]]");
    let place = "[[analysis.compare]]";
    let name_item = r.required(t, "name", place, span);
    let name = name_item.and_then(|i| r.string(i, "name"));
    let where_item = r.required(t, "where", place, span)?;
    let condition_text = r.string(where_item, "where")?;
    let condition = r.formula(where_item, "where");
    let against = match t.get("against") {
        None => Some(Against::Everyone),
        Some(a) => match r.string(a, "against")?.as_str() {
            "everyone" => Some(Against::Everyone),
            "rest" => Some(Against::Rest),
            other => {
                let e = AnalysisRuleError::Against {
                    found: other.to_string(),
                    span: r.at(a),
                };
                r.error(PolicyError::Analysis(e));
                None
            }
        },
    };
    let measures = match r.required(t, "measures", place, span) {
        Some(m) => names(r, m, "measures"),
        None => Vec::new(),
    };
    let name = name?;
    if let Some(first) = earlier.iter().find(|c| c.name == name) {
        let e = AnalysisRuleError::CompareTwice {
            name,
            span: name_item.map_or(span, |i| r.at(i)),
            first: first.span,
        };
        r.error(PolicyError::Analysis(e));
        return None;
    }
    Some(CompareDef {
        name,
        condition: condition?,
        condition_text,
        against: against?,
        measures,
        span,
    })
}
