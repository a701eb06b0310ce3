//! `[tables.NAME]`: decision tables. Rows of conditions over named inputs and values, each
//! with the outputs it gives; a hit policy says which row wins.
//!
//! Only the shape is read here: condition syntax, output literals. Names, types, overlaps,
//! gaps and rows that never fire are the checker's.

use crate::shape;
use rust_decimal::Decimal;
use toml::de::{DeTable, DeValue};

use super::error::PolicyError;
use super::model::{Literal, Named};
use super::tables::docs;
use super::toml_read::{bare_number, Item, Reader};
use crate::error::{Diagnostic, Span};
use crate::syntax::{parse_number, Expr};
use crate::text::escape_controls;
use crate::vocab::{Docs, ValueType};

/// How a decision table picks among the rows that match.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HitPolicy {
    /// The first matching row, in the order written.
    First,
    /// Exactly one row may match; the checker proves no two rows overlap.
    Unique,
    /// Every matching row, in order: text outputs joined with ", ", numbers summed,
    /// true/false outputs true when any row gives true.
    Collect,
}

/// One end of a numeric range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Bound {
    /// The number.
    pub at: Decimal,
    /// Whether the number itself is inside the range.
    pub inclusive: bool,
}

/// What a row asks of one input.
#[derive(Clone, Debug, PartialEq)]
pub enum Condition {
    /// `"any"` or the input left out: every value.
    Any,
    /// A numeric range: `"< 5000"`, `">= 5000"`, `"5000 .. 20000"`, `"= 0"`; `None` is open.
    Range {
        /// Lower end.
        lo: Option<Bound>,
        /// Upper end.
        hi: Option<Bound>,
    },
    /// One of these values: `"sales"`, `["travel", "meal"]`, `true`.
    Set(Vec<Literal>),
}

/// One row of a decision table.
#[derive(Clone, Debug)]
pub struct RowDef {
    /// `when`: (input name, condition, where the condition is written); absent inputs are any.
    pub when: Vec<(Named, Condition, Span)>,
    /// `then`: (output name, value, where the value is written).
    pub then: Vec<(Named, Literal, Span)>,
    /// Where the row is written.
    pub span: Span,
}

/// `[tables.NAME]`.
#[derive(Clone, Debug)]
pub struct DecisionDef {
    /// The table's name and where it is declared.
    pub name: Named,
    /// `hit`, default `first`.
    pub hit: HitPolicy,
    /// `inputs`: the names the rows test, each parsed as a formula.
    pub inputs: Vec<(Named, Expr)>,
    /// `outputs`: name and type of each output.
    pub outputs: Vec<(Named, ValueType)>,
    /// `rows`, in the order written.
    pub rows: Vec<RowDef>,
    /// `default`: the outputs when no row matches (otherwise that is an error).
    pub default: Option<RowDef>,
    /// `doc` and `reference`.
    pub docs: Docs,
}

/// A mistake in a `[tables.NAME]` table found while reading it.
///
/// Each variant's doc names an input that triggers it; it reaches the caller as
/// [`PolicyError::Decision`](super::PolicyError::Decision).
#[derive(Debug, thiserror::Error)]
pub enum DecisionRuleError {
    /// A hit policy that does not exist: `hit = "any"`.
    #[error(
        "unknown hit policy `{}`: it is \"first\", \"unique\" or \"collect\"",
        escape_controls(text)
    )]
    UnknownHit {
        /// As written.
        text: String,
        /// Where.
        span: Span,
    },
    /// A numeric condition that cannot be read: `claim_amount = "< five"`, `"9 .. 3"`.
    #[error(
        "condition \"{}\" is no range: write \"< 5000\", \"<= 5000\", \">= 5000\", \"> 5000\", \
         \"= 5000\", \"5000 .. 20000\" or \"any\"",
        escape_controls(text)
    )]
    BadCondition {
        /// As written.
        text: String,
        /// Where.
        span: Span,
    },
}

impl DecisionRuleError {
    /// The error with its place.
    pub fn diagnostic(&self) -> Diagnostic {
        match self {
            DecisionRuleError::UnknownHit { span, .. }
            | DecisionRuleError::BadCondition { span, .. } => {
                Diagnostic::new(*span, self.to_string())
            }
        }
    }
}

/// `[tables]`.
pub(crate) fn decisions(r: &mut Reader<'_>, table: &DeTable<'_>, out: &mut Vec<DecisionDef>) {
    for (key, item) in table.iter() {
        let Some(name) = r.name(key) else { continue };
        let Some(t) = r.table(item, &name.name) else {
            r.broken(&name);
            continue;
        };
        let before = r.mark();
        match decision(r, name.clone(), item, t) {
            Some(def) if r.clean_since(before) => out.push(def),
            _ => r.broken(&name),
        }
    }
}

fn decision(
    r: &mut Reader<'_>,
    name: Named,
    item: &Item<'_>,
    t: &DeTable<'_>,
) -> Option<DecisionDef> {
    let place = format!("table `{}`", name.name);
    r.check_keys(t, &shape::DECISION, &place);
    let span = r.at(item);
    let hit = match t.get("hit") {
        None => HitPolicy::First,
        Some(h) => match r.string(h, "hit")?.as_str() {
            "first" => HitPolicy::First,
            "unique" => HitPolicy::Unique,
            "collect" => HitPolicy::Collect,
            other => {
                r.error(PolicyError::Decision(DecisionRuleError::UnknownHit {
                    text: other.to_string(),
                    span: r.at(h),
                }));
                return None;
            }
        },
    };
    let list = r.required(t, "inputs", &place, span)?;
    let list = r.array(
        list,
        "inputs",
        "a list of names like [\"claim_amount\", \"department\"]",
    )?;
    let mut inputs = Vec::new();
    for i in list.iter() {
        let text = r.string(i, "inputs")?;
        let expr = r.formula(i, "inputs")?;
        inputs.push((
            Named {
                name: text,
                span: r.at(i),
            },
            expr,
        ));
    }
    let outs = r.required(t, "outputs", &place, span)?;
    let outs = r.table(outs, "outputs")?;
    let mut outputs = Vec::new();
    for (k, v) in outs.iter() {
        let n = r.name(k)?;
        let (ty, _) = r.value_type(v)?;
        outputs.push((n, ty));
    }
    let rows_item = r.required(t, "rows", &place, span)?;
    let rows_list = r.array(
        rows_item,
        "rows",
        "a list of { when = {...}, then = {...} }",
    )?;
    let mut rows = Vec::new();
    for row in rows_list.iter() {
        if let Some(row) = read_row(r, row) {
            rows.push(row);
        }
    }
    let default = match t.get("default") {
        Some(d) => {
            let then = r.table(d, "default")?;
            Some(RowDef {
                when: Vec::new(),
                then: outputs_of(r, then)?,
                span: r.at(d),
            })
        }
        None => None,
    };
    Some(DecisionDef {
        name,
        hit,
        inputs,
        outputs,
        rows,
        default,
        docs: docs(r, t),
    })
}

fn read_row(r: &mut Reader<'_>, row: &Item<'_>) -> Option<RowDef> {
    let t = r.table(row, "rows")?;
    r.check_keys(t, &shape::DECISION_ROW, "a row");
    let span = r.at(row);
    let mut when = Vec::new();
    if let Some(w) = t.get("when") {
        for (k, v) in r.table(w, "when")?.iter() {
            let n = r.name(k)?;
            let c = condition(r, v)?;
            when.push((n, c, r.at(v)));
        }
    }
    let then = r.required(t, "then", "a row", span)?;
    let then = r.table(then, "then")?;
    Some(RowDef {
        when,
        then: outputs_of(r, then)?,
        span,
    })
}

fn outputs_of(r: &mut Reader<'_>, t: &DeTable<'_>) -> Option<Vec<(Named, Literal, Span)>> {
    let mut out = Vec::new();
    for (k, v) in t.iter() {
        let n = r.name(k)?;
        let lit = literal(r, v)?;
        out.push((n, lit, r.at(v)));
    }
    Some(out)
}

/// A value as written: a number, a boolean or text (a quoted number stays text here; the
/// checker reads it as the output's type).
fn literal(r: &mut Reader<'_>, v: &Item<'_>) -> Option<Literal> {
    match v.get_ref() {
        DeValue::Boolean(b) => Some(Literal::Bool(*b)),
        DeValue::String(s) => Some(Literal::Text(s.to_string())),
        n @ (DeValue::Integer(_) | DeValue::Float(_)) => match bare_number(n) {
            Some(d) => Some(Literal::Number(d)),
            None => {
                r.wrong_type(v, "value", "a number, a boolean or text");
                None
            }
        },
        _ => {
            r.wrong_type(v, "value", "a number, a boolean or text");
            None
        }
    }
}

fn condition(r: &mut Reader<'_>, v: &Item<'_>) -> Option<Condition> {
    match v.get_ref() {
        DeValue::String(s) if s.trim() == "any" => Some(Condition::Any),
        DeValue::String(s) => match range(s) {
            Some(c) => Some(c),
            None if looks_numeric(s) => {
                r.error(PolicyError::Decision(DecisionRuleError::BadCondition {
                    text: s.to_string(),
                    span: r.at(v),
                }));
                None
            }
            None => Some(Condition::Set(vec![Literal::Text(s.to_string())])),
        },
        DeValue::Array(a) => {
            let mut set = Vec::new();
            for x in a.iter() {
                set.push(literal(r, x)?);
            }
            Some(Condition::Set(set))
        }
        _ => Some(Condition::Set(vec![literal(r, v)?])),
    }
}

/// Whether text was meant as a numeric condition (starts with a comparison or a digit).
fn looks_numeric(s: &str) -> bool {
    let s = s.trim_start();
    s.starts_with(['<', '>', '=', '-']) || s.starts_with(|c: char| c.is_ascii_digit())
}

/// `"< 5000"`, `"<= 5000"`, `"> 5000"`, `">= 5000"`, `"= 5000"`, `"5000 .. 20000"` (lower end
/// included, upper end excluded), or a bare number (`"5000"`, equality).
pub(crate) fn range(s: &str) -> Option<Condition> {
    let s = s.trim();
    let num = |t: &str| parse_number(t.trim()).map(|(d, _)| d);
    let at = |t: &str, inclusive| num(t).map(|at| Bound { at, inclusive });
    let (lo, hi) = if let Some(t) = s.strip_prefix("<=") {
        (None, Some(at(t, true)?))
    } else if let Some(t) = s.strip_prefix(">=") {
        (Some(at(t, true)?), None)
    } else if let Some(t) = s.strip_prefix('<') {
        (None, Some(at(t, false)?))
    } else if let Some(t) = s.strip_prefix('>') {
        (Some(at(t, false)?), None)
    } else if let Some(t) = s.strip_prefix('=') {
        let b = at(t, true)?;
        (Some(b), Some(b))
    } else if let Some((a, b)) = s.split_once("..") {
        let (a, b) = (at(a, true)?, at(b, false)?);
        if a.at >= b.at {
            return None;
        }
        (Some(a), Some(b))
    } else {
        let b = at(s, true)?;
        (Some(b), Some(b))
    };
    Some(Condition::Range { lo, hi })
}
