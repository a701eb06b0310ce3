//! Errors found by the checker: every one is reported, each located in the rule file.

use crate::error::{Diagnostic, Span};

/// A mistake in a policy found before any employee is evaluated.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CheckError {
    /// A formula names something not defined: `sales_amout * 2%`.
    #[error("unknown name `{name}`")]
    UnknownName {
        /// The name as written.
        name: String,
        /// Where.
        span: Span,
        /// The nearest defined name.
        suggestion: Option<String>,
        /// Extra help (e.g. "scorecard `kpi` has no ratings").
        hint: Option<String>,
    },
    /// A call to a function that does not exist: `maximum(a, b)`.
    #[error("unknown function `{name}`")]
    UnknownFunction {
        /// The name as written.
        name: String,
        /// Where.
        span: Span,
        /// The nearest built-in function.
        suggestion: Option<String>,
    },
    /// A function called with the wrong number of arguments: `clamp(x, 0)`.
    #[error("`{func}` takes {expected}, found {found}")]
    ArgumentCount {
        /// The function.
        func: String,
        /// What it takes, in words.
        expected: &'static str,
        /// How many were given.
        found: usize,
        /// Where.
        span: Span,
    },
    /// Names that depend on each other in a circle: `a = "b + 1"`, `b = "a * 2"`.
    #[error("dependency cycle: {}", cycle.iter().map(|(n, _)| n.as_str()).chain(cycle.first().map(|(n, _)| n.as_str())).collect::<Vec<_>>().join(" -> "))]
    Cycle {
        /// Each name in the cycle with where it is defined, in order.
        cycle: Vec<(String, Span)>,
    },
    /// Types that do not fit: `base_salary + satisfaction` (money + number).
    #[error("{message}")]
    Type {
        /// What is wrong.
        message: String,
        /// Where.
        span: Span,
    },
    /// Scorecard weights that do not add up to exactly 100%: 60% + 20% + 10% + 5%.
    #[error("weights of scorecard `{scorecard}` add up to {total}, not 100%: {listed}")]
    Weights {
        /// The scorecard.
        scorecard: String,
        /// The sum, as a percentage.
        total: String,
        /// Each metric's weight, `sales 60% + satisfaction 20% + ...`.
        listed: String,
        /// Where the scorecard is declared.
        span: Span,
    },
    /// Tier brackets, curve points or rating bands out of order.
    #[error("{what} out of order: {detail}")]
    Order {
        /// "brackets of tier `commission`", "points of curve `payout`", ...
        what: String,
        /// What should come before what.
        detail: String,
        /// Where the offending entry is.
        span: Span,
    },
    /// A param whose formula names something that is not a param: `cap = "base_salary * 3"`.
    #[error("param `{param}` uses `{name}`: params may only use other params and `period`")]
    ParamNotConstant {
        /// The param.
        param: String,
        /// What it names.
        name: String,
        /// Where the name is written.
        span: Span,
    },
    /// An argument that must be written as a constant: `round(x, places)` with `places` a formula.
    #[error("{message}")]
    NotConstant {
        /// What must be constant.
        message: String,
        /// Where.
        span: Span,
    },
    /// Something required is empty: a scorecard without metrics, a tier without brackets.
    #[error("{message}")]
    Empty {
        /// What is empty.
        message: String,
        /// Where.
        span: Span,
    },
    /// A `[[tests]]` entry that names no input or value of the policy, or has a bad period.
    #[error("{message}")]
    BadTest {
        /// What is wrong.
        message: String,
        /// Where.
        span: Span,
        /// The nearest name, if any.
        suggestion: Option<String>,
    },
    /// An input's bounds or default that cannot hold: `min = 10, max = 0`.
    #[error("{message}")]
    BadInput {
        /// What is wrong.
        message: String,
        /// Where.
        span: Span,
    },
}

impl CheckError {
    /// Where the error is.
    pub fn span(&self) -> Span {
        match self {
            CheckError::UnknownName { span, .. }
            | CheckError::UnknownFunction { span, .. }
            | CheckError::ArgumentCount { span, .. }
            | CheckError::Type { span, .. }
            | CheckError::Weights { span, .. }
            | CheckError::Order { span, .. }
            | CheckError::ParamNotConstant { span, .. }
            | CheckError::NotConstant { span, .. }
            | CheckError::Empty { span, .. }
            | CheckError::BadInput { span, .. }
            | CheckError::BadTest { span, .. } => *span,
            CheckError::Cycle { cycle } => cycle.first().map(|(_, s)| *s).unwrap_or_default(),
        }
    }

    /// The error as a located diagnostic with notes and help.
    pub fn diagnostic(&self) -> Diagnostic {
        let d = Diagnostic::new(self.span(), self.to_string());
        match self {
            CheckError::UnknownName {
                suggestion, hint, ..
            } => d.with_help(match (suggestion, hint) {
                (Some(s), Some(h)) => Some(format!("did you mean `{s}`? ({h})")),
                (Some(s), None) => Some(format!("did you mean `{s}`?")),
                (None, h) => h.clone(),
            }),
            CheckError::BadTest { suggestion, .. } => {
                d.with_help(suggestion.as_ref().map(|s| format!("did you mean `{s}`?")))
            }
            CheckError::UnknownFunction { suggestion, .. } => d.with_help(Some(match suggestion {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("functions are: {}", super::exprs::FUNCTIONS.join(", ")),
            })),
            CheckError::Cycle { cycle } => {
                let mut d = d;
                for (i, (name, span)) in cycle.iter().enumerate().skip(1) {
                    let next = &cycle[(i + 1) % cycle.len()].0;
                    d = d.with_note(*span, format!("`{name}` uses `{next}`"));
                }
                d
            }
            _ => d,
        }
    }
}

/// Formats a fraction as a percentage: the vocabulary's one formatter.
pub(crate) use crate::vocab::percent;
