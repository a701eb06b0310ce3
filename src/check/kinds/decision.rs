//! `[tables.NAME]`: a decision table. Its inputs are typed like formulas, its conditions and
//! outputs against them; overlaps, gaps and rows that never fire are found in
//! `decision_gaps.rs`.

use super::decision_gaps::analyse;
use super::{Built, Kind};
use crate::check::error::{CheckError, TableProblem};
use crate::check::exprs::Typer;
use crate::check::ir::{self, Cond, Symbol, Unit};
use crate::check::types::Ty;
use crate::error::{nearest, Span};
use crate::policy::{Condition, DecisionDef, Literal, Named, PolicyDef, RowDef};
use crate::syntax::Expr;
use crate::value::Value;
use crate::vocab::ValueType;
use std::sync::Arc;

/// The decision-table kind.
pub(crate) struct Decision;

impl Kind for Decision {
    fn count(&self, def: &PolicyDef) -> usize {
        def.decisions.len()
    }

    fn name<'d>(&self, def: &'d PolicyDef, i: usize) -> &'d Named {
        &def.decisions[i].name
    }

    /// One name per output: `approval_route.approvers`.
    fn symbols(&self, def: &PolicyDef, i: usize, out: &mut Vec<(String, Symbol)>) {
        let d = &def.decisions[i];
        for (j, (o, _)) in d.outputs.iter().enumerate() {
            out.push((
                format!("{}.{}", d.name.name, o.name),
                Symbol::TableOut(i, j),
            ));
        }
    }

    fn owner(&self, sym: Symbol) -> Option<usize> {
        match sym {
            Symbol::TableOut(i, _) => Some(i),
            _ => None,
        }
    }

    fn formulas<'d>(&self, def: &'d PolicyDef, i: usize) -> Vec<&'d Expr> {
        def.decisions[i].inputs.iter().map(|(_, e)| e).collect()
    }

    /// Types the inputs, conditions and outputs; then looks for overlaps, gaps and rows
    /// that never fire.
    fn check<'d>(&self, def: &'d PolicyDef, i: usize, typer: &mut Typer<'d>, out: &mut Built) {
        let d = &def.decisions[i];
        let mut errs = Vec::new();
        let inputs: Vec<(Arc<str>, ir::TExpr)> = d
            .inputs
            .iter()
            .map(|(n, e)| (Arc::from(n.name.as_str()), typer.expr(e)))
            .collect();
        for (n, t) in &inputs {
            if matches!(t.ty, Ty::Date) {
                let problem = TableProblem::InputType {
                    input: n.to_string(),
                    ty: t.ty,
                };
                errs.push((problem, t.span));
            }
        }
        for (j, (_, ty)) in d.outputs.iter().enumerate() {
            typer.tys.insert(Symbol::TableOut(i, j), Ty::of(*ty));
        }
        if d.rows.is_empty() {
            errs.push((TableProblem::NoRows, d.name.span));
        }
        let types: Vec<Ty> = inputs.iter().map(|(_, t)| t.ty).collect();
        let mut rows = Vec::new();
        for (k, row) in d.rows.iter().enumerate() {
            let when = conditions(d, k + 1, row, &types, &mut errs);
            let then = outputs(d, k + 1, row, &mut errs);
            if let (Some(when), Some(then)) = (when, then) {
                rows.push(ir::Row {
                    when,
                    then,
                    span: row.span,
                });
            }
        }
        let default = d.default.as_ref().and_then(|r| outputs(d, 0, r, &mut errs));
        if errs.is_empty() && !types.contains(&Ty::Error) {
            let names: Vec<&str> = d.inputs.iter().map(|(n, _)| n.name.as_str()).collect();
            let table = (default.is_some(), d.name.span);
            analyse(d.hit, &names, &types, &rows, table, &mut errs);
        }
        let ok = errs.is_empty();
        for (problem, span) in errs {
            typer.errors.push(CheckError::Table {
                table: d.name.name.clone(),
                problem,
                span,
            });
        }
        if ok {
            out.decisions[i] = Some(ir::Decision {
                name: Arc::from(d.name.name.as_str()),
                span: d.name.span,
                inputs,
                outputs: d
                    .outputs
                    .iter()
                    .map(|(n, _)| Arc::from(n.name.as_str()))
                    .collect(),
                rows,
                default,
                collect: d.hit == crate::policy::HitPolicy::Collect,
                docs: d.docs.clone(),
            });
            out.order.push(Unit::Decision(i));
        }
    }
}

/// A row's conditions, one per input in the table's order (absent ones are any).
fn conditions(
    d: &DecisionDef,
    row: usize,
    r: &RowDef,
    types: &[Ty],
    errs: &mut Vec<(TableProblem, Span)>,
) -> Option<Vec<Cond>> {
    let mut when = vec![Cond::Any; d.inputs.len()];
    let mut ok = true;
    for (name, c, span) in &r.when {
        let Some(k) = position(&d.inputs, name, errs, |name, suggestion| {
            TableProblem::UnknownWhen {
                row,
                name,
                suggestion,
            }
        }) else {
            ok = false;
            continue;
        };
        match condition(c, types[k]) {
            Some(cond) => when[k] = cond,
            None => {
                let problem = TableProblem::ConditionType {
                    row,
                    input: name.name.clone(),
                    ty: types[k],
                };
                errs.push((problem, *span));
                ok = false;
            }
        }
    }
    ok.then_some(when)
}

/// A condition as the input's type reads it; `None` when it does not fit.
fn condition(c: &Condition, ty: Ty) -> Option<Cond> {
    match (c, ty) {
        (Condition::Any, _) | (_, Ty::Error) => Some(Cond::Any),
        (Condition::Range { lo, hi }, t) if t.is_numeric() => Some(Cond::Range(*lo, *hi)),
        (Condition::Set(set), t) => set
            .iter()
            .map(|l| literal(l, t))
            .collect::<Option<Vec<_>>>()
            .map(Cond::Set),
        _ => None,
    }
}

/// A literal read as a value of type `ty`; `None` when it is not one.
fn literal(l: &Literal, ty: Ty) -> Option<Value> {
    match (l, ty) {
        (Literal::Number(n), t) if t.is_numeric() => Some(Value::Number(*n)),
        (Literal::Text(s), t) if t.is_numeric() => {
            crate::syntax::parse_number(s).map(|(d, _)| Value::Number(d))
        }
        (Literal::Text(s), Ty::Text) => Some(Value::from(s.as_str())),
        (Literal::Bool(b), Ty::Bool) => Some(Value::Bool(*b)),
        _ => None,
    }
}

/// A row's outputs in the table's order; every output must be given, with its type.
fn outputs(
    d: &DecisionDef,
    row: usize,
    r: &RowDef,
    errs: &mut Vec<(TableProblem, Span)>,
) -> Option<Vec<Value>> {
    let mut then: Vec<Option<Value>> = vec![None; d.outputs.len()];
    let mut ok = true;
    for (name, lit, span) in &r.then {
        let Some(k) = position(&d.outputs, name, errs, |name, suggestion| {
            TableProblem::UnknownThen {
                row,
                name,
                suggestion,
            }
        }) else {
            ok = false;
            continue;
        };
        let declared = d.outputs[k].1;
        let v = literal(lit, Ty::of(declared)).filter(|v| {
            declared != ValueType::Integer || v.as_decimal().is_some_and(|d| d.fract().is_zero())
        });
        match v {
            Some(v) => then[k] = Some(v),
            None => {
                let problem = TableProblem::OutputType {
                    row,
                    output: name.name.clone(),
                    declared,
                };
                errs.push((problem, *span));
                ok = false;
            }
        }
    }
    for (k, v) in then.iter().enumerate() {
        if v.is_none() && ok {
            let problem = TableProblem::MissingThen {
                row,
                output: d.outputs[k].0.name.clone(),
            };
            errs.push((problem, r.span));
            ok = false;
        }
    }
    if ok {
        then.into_iter().collect()
    } else {
        None
    }
}

/// The position of `name` among the table's `columns` (its inputs or outputs), or the
/// problem `unknown` makes of it (the name and the nearest column), pushed on `errs`.
fn position<T>(
    columns: &[(Named, T)],
    name: &Named,
    errs: &mut Vec<(TableProblem, Span)>,
    unknown: impl FnOnce(String, Option<String>) -> TableProblem,
) -> Option<usize> {
    let found = columns.iter().position(|(n, _)| n.name == name.name);
    if found.is_none() {
        let names = columns.iter().map(|(n, _)| n.name.as_str());
        let suggestion = nearest(&name.name, names).map(str::to_string);
        errs.push((unknown(name.name.clone(), suggestion), name.span));
    }
    found
}
