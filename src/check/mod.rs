//! The checker: names, dependency order and cycles, types, tables. Reports every error at once.
//!
//! Input: a [`PolicyDef`] as loaded. Output: a [`Checked`] policy whose names are resolved to
//! [`Symbol`]s and whose formulas are typed, or every [`CheckError`] found.

mod error;
pub(crate) mod exprs;
// Names, spans and docs of the IR are kept for the explainable plan (issue 7); nothing reads
// some of them yet now that `check` is private.
#[allow(dead_code)]
pub mod ir;
mod names;
mod order;
mod tables;
pub mod types;

pub use error::CheckError;
pub use ir::{Checked, Symbol};
pub use types::Ty;

use crate::error::Sources;
use crate::policy::PolicyDef;
use exprs::{TierSig, Typer};
use names::Names;
use order::Node;
use std::collections::HashMap;
use std::sync::Arc;

/// Checks a loaded policy. Returns the checked policy, or every error found.
///
/// `broken` names definitions the loader already reported and left out; formulas that use
/// them are not reported again.
pub fn check(
    def: &PolicyDef,
    broken: &[String],
    sources: Arc<Sources>,
) -> Result<Checked, Vec<CheckError>> {
    let names = Names::build(def, broken);
    let mut errors = Vec::new();

    let inputs: Vec<ir::Input> = def
        .inputs
        .iter()
        .map(|d| tables::input(d, &mut errors))
        .collect();

    let sigs: Vec<TierSig> = def
        .tiers
        .iter()
        .map(|t| TierSig {
            has_rates: t.brackets.iter().any(|b| b.rate.is_some()),
            declared: t.ty.map(|(vt, _)| Ty::of(vt)),
        })
        .collect();

    // Dependencies of every computed thing.
    let mut nodes = Vec::new();
    let mut deps = Vec::new();
    let mut add = |node: Node, exprs: Vec<&crate::syntax::Expr>| {
        let mut d = Vec::new();
        for e in exprs {
            order::deps_of(e, &names, &mut d);
        }
        nodes.push(node);
        deps.push(d);
    };
    for (i, p) in def.params.iter().enumerate() {
        add(Node::Param(i), tables::param_exprs(p));
    }
    for (i, v) in def.values.iter().enumerate() {
        add(Node::Value(i), vec![&v.expr]);
    }
    for (i, s) in def.scorecards.iter().enumerate() {
        let mut es = Vec::new();
        for m in &s.metrics {
            es.push(&m.score);
            es.extend(m.cap.iter());
            es.extend(m.floor.iter());
            es.extend(m.gate.iter());
        }
        add(Node::Scorecard(i), es);
    }
    for (i, t) in def.tiers.iter().enumerate() {
        let mut es = vec![&t.on];
        es.extend(t.cap.iter());
        add(Node::Tier(i), es);
    }
    for (i, c) in def.curves.iter().enumerate() {
        add(Node::Curve(i), vec![&c.on]);
    }
    let ordering = order::order(&nodes, &deps);
    for cycle in &ordering.cycles {
        errors.push(CheckError::Cycle {
            cycle: cycle.iter().map(|n| tables::node_name(def, *n)).collect(),
        });
    }

    // Types, in dependency order.
    let mut tys: HashMap<Symbol, Ty> = HashMap::new();
    tys.insert(Symbol::PeriodStart, Ty::Date);
    tys.insert(Symbol::PeriodEnd, Ty::Date);
    tys.insert(Symbol::PeriodDays, Ty::Number);
    for (i, input) in inputs.iter().enumerate() {
        tys.insert(Symbol::Input(i), Ty::of(input.ty));
    }
    for (i, s) in def.scorecards.iter().enumerate() {
        tys.insert(Symbol::Score(i), Ty::Number);
        tys.insert(Symbol::Grade(i), Ty::Text);
        for m in 0..s.metrics.len() {
            tys.insert(Symbol::Metric(i, m), Ty::Number);
        }
    }
    let mut params = vec![None; def.params.len()];
    let mut values = vec![None; def.values.len()];
    let mut scorecards = vec![None; def.scorecards.len()];
    let mut tiers = vec![None; def.tiers.len()];
    let mut curves = vec![None; def.curves.len()];
    let mut param_order = Vec::new();
    let mut order_units = Vec::new();
    let rounding = def.meta.rounding;
    for node in &ordering.order {
        let mut typer = Typer {
            names: &names,
            tys: &tys,
            tiers: &sigs,
            errors: &mut errors,
            param: None,
        };
        match *node {
            Node::Param(i) => {
                let p = tables::param(&def.params[i], &mut typer);
                tys.insert(Symbol::Param(i), p.ty);
                params[i] = Some(p);
                param_order.push(i);
            }
            Node::Value(i) => {
                let v = tables::value(&def.values[i], rounding, &mut typer);
                tys.insert(Symbol::Value(i), v.ty);
                values[i] = Some(v);
                order_units.push(ir::Unit::Value(i));
            }
            Node::Scorecard(i) => {
                scorecards[i] = Some(tables::scorecard(&def.scorecards[i], &mut typer));
                order_units.push(ir::Unit::Scorecard(i));
            }
            Node::Tier(i) => {
                let t = tables::tier(&def.tiers[i], sigs[i], rounding, &mut typer);
                tys.insert(Symbol::Tier(i), t.ty);
                tys.insert(Symbol::TierRate(i), Ty::Number);
                tys.insert(Symbol::TierAmount(i), t.ty);
                tiers[i] = Some(t);
                order_units.push(ir::Unit::Tier(i));
            }
            Node::Curve(i) => {
                let c = tables::curve(&def.curves[i], rounding, &mut typer);
                tys.insert(Symbol::Curve(i), c.ty);
                curves[i] = Some(c);
                order_units.push(ir::Unit::Curve(i));
            }
        }
    }

    let outputs = tables::outputs(def, &names, &mut errors);
    tables::tests(def, &names, &mut errors);

    if !errors.is_empty() {
        errors.sort_by_key(|e| {
            let s = e.span();
            (s.file, s.start)
        });
        return Err(errors);
    }
    Ok(Checked {
        meta: def.meta.clone(),
        inputs,
        params: flatten(params),
        param_order,
        values: flatten(values),
        scorecards: flatten(scorecards),
        tiers: flatten(tiers),
        curves: flatten(curves),
        order: order_units,
        outputs,
        names: names::declared(def)
            .into_iter()
            .filter(|(n, s)| names.get(n) == Some(*s))
            .map(|(n, s)| (Arc::from(n.as_str()), s))
            .collect(),
        tests: def.tests.clone(),
        sources,
    })
}

fn flatten<T>(v: Vec<Option<T>>) -> Vec<T> {
    v.into_iter().flatten().collect()
}
