//! What-if: params replaced from outside the rule files (`--set commission_cap=40000`).
//!
//! Each replacement is its own source, `NAME=EXPR` as the user typed it, named `--set`, so
//! that an error in it is shown with a caret under what was typed. The replaced param keeps
//! the type it has in the policy: the checker then refuses a formula of another type at the
//! `--set` text, as it would a wrong formula in the rule file.

use super::model::{ParamDef, ParamValue, PolicyDef};
use super::ValueType;
use crate::error::{nearest, Diagnostic, FileId, Sources, Span};
use crate::limits::Limits;
use crate::syntax::{parse_expr, SyntaxError};
use crate::text::name_key;

/// The name of the source that holds one replacement.
pub const SET_SOURCE: &str = "--set";

/// A replacement that cannot be applied.
///
/// Each variant's doc names an input that triggers it.
#[derive(Debug, thiserror::Error)]
pub enum SetError {
    /// `--set comission_cap=40000` (a typo), or `--set sales_amount=1` (an input, not a
    /// param): only `[params]` can be replaced.
    #[error("`{name}` is not a param of this policy")]
    NotAParam {
        /// The name as given.
        name: String,
        /// The nearest param's name, if one is close.
        suggestion: Option<String>,
        /// Every param of the policy, in declaration order, for the help line.
        params: Vec<String>,
        /// Where the name is written in the `--set` text.
        span: Span,
    },
    /// `--set commission_cap=40000 --set commission_cap=50000`.
    #[error("param `{name}` is set twice")]
    Twice {
        /// The param.
        name: String,
        /// Where it is set first.
        first: Span,
        /// Where it is set again.
        span: Span,
    },
    /// `--set commission_cap=40000*`: the formula does not parse.
    #[error(transparent)]
    Syntax(#[from] SyntaxError),
}

impl SetError {
    /// The error as a located diagnostic.
    pub fn diagnostic(&self) -> Diagnostic {
        match self {
            SetError::NotAParam {
                suggestion,
                params,
                span,
                ..
            } => {
                let help = match (suggestion, params.is_empty()) {
                    (Some(s), _) => format!("did you mean `{s}`?"),
                    (None, true) => "the policy has no params".to_string(),
                    (None, false) => format!("the params are {}", list(params)),
                };
                Diagnostic::new(*span, self.to_string()).with_help(Some(help))
            }
            SetError::Twice { first, span, .. } => {
                Diagnostic::new(*span, self.to_string()).with_note(*first, "first set here")
            }
            SetError::Syntax(e) => e.diagnostic(),
        }
    }
}

fn list(names: &[String]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    quoted.join(", ")
}

/// One applied replacement: where it is written and which param it replaced.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SetParam {
    /// The `--set` source holding `NAME=EXPR`.
    pub file: FileId,
    /// Index of the param in [`PolicyDef::params`].
    pub param: usize,
    /// Where the formula is, after `NAME=`.
    pub formula: Span,
}

/// Replaces params of `def` by the formulas of `sets` (`(name, formula)` pairs), each added
/// to `sources` as `NAME=EXPR` named [`SET_SOURCE`]. A dated param becomes a constant: the
/// one value for every period.
///
/// `ty_of(i)` is the type param `i` has in the checked policy; the replacement is declared
/// that type, so that the checker refuses a formula of another type at the `--set` text.
/// Returns the replacements made, or every error found.
pub fn set_params(
    def: &mut PolicyDef,
    sources: &mut Sources,
    sets: &[(String, String)],
    ty_of: impl Fn(usize) -> Option<ValueType>,
    limits: &Limits,
) -> Result<Vec<SetParam>, Vec<SetError>> {
    let mut done: Vec<(SetParam, Span)> = Vec::new();
    let mut errors = Vec::new();
    for (name, formula) in sets {
        let file = sources.add(SET_SOURCE, format!("{name}={formula}"));
        let name_span = Span::new(file, 0, name.len());
        let Some(param) = find(def, name) else {
            errors.push(not_a_param(def, name, name_span));
            continue;
        };
        if let Some((_, first)) = done.iter().find(|(s, _)| s.param == param) {
            errors.push(SetError::Twice {
                name: def.params[param].name.name.clone(),
                first: *first,
                span: name_span,
            });
            continue;
        }
        match parse_expr(formula, file, name.len() + 1, limits) {
            Ok(expr) => {
                let formula = Span::new(file, name.len() + 1, name.len() + 1 + formula.len());
                let p = &mut def.params[param];
                let ty = p.ty.map(|(vt, _)| vt).or_else(|| ty_of(param));
                p.ty = ty.map(|vt| (vt, formula));
                p.value = ParamValue::Constant(expr);
                let set = SetParam {
                    file,
                    param,
                    formula,
                };
                done.push((set, name_span));
            }
            Err(e) => errors.push(e.into()),
        }
    }
    if errors.is_empty() {
        Ok(done.into_iter().map(|(s, _)| s).collect())
    } else {
        Err(errors)
    }
}

/// The param named `name`, by its NFKC key as the checker resolves names.
fn find(def: &PolicyDef, name: &str) -> Option<usize> {
    let key = name_key(name);
    def.params
        .iter()
        .position(|p: &ParamDef| name_key(&p.name.name) == key)
}

fn not_a_param(def: &PolicyDef, name: &str, span: Span) -> SetError {
    let params: Vec<String> = def.params.iter().map(|p| p.name.name.clone()).collect();
    let suggestion = nearest(name, params.iter().map(String::as_str)).map(str::to_string);
    SetError::NotAParam {
        name: name.to_string(),
        suggestion,
        params,
        span,
    }
}
