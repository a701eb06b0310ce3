//! The checker: names, dependency order and cycles, types, tables. Reports every error at once.
//!
//! Input: a [`PolicyDef`] as loaded. Output: a [`Checked`] policy whose names are resolved to
//! [`Symbol`]s and whose formulas are typed, or every [`CheckError`] found. Each kind of
//! definition (param, scorecard, tier, curve, value) is checked by its own file under
//! `kinds/`; [`fold`] joins the loader's errors and the checker's into one report.

mod analysis;
mod builtins;
mod error;
mod exprs;
mod fold;
pub mod ir;
mod kinds;
mod lookback;
mod names;
mod order;
mod population;
mod tables;
pub mod types;

pub(crate) use analysis::compare_value;

/// Every formula of every definition of `def`, kind by kind (for the editor's references).
pub(crate) fn formulas(def: &PolicyDef) -> Vec<&crate::syntax::Expr> {
    let mut out = Vec::new();
    for kind in kinds::KINDS {
        for i in 0..kind.count(def) {
            out.extend(kind.formulas(def, i));
        }
    }
    out
}

/// The names of the functions the checker types (the population functions are
/// `vocab::PopFunc::ALL`).
#[cfg(test)]
pub(crate) fn builtin_names() -> impl Iterator<Item = &'static str> {
    builtins::BUILTINS.iter().map(|b| b.name)
}
pub use error::CheckError;
pub use fold::{fold, Causes};
pub use ir::{Checked, Symbol};
pub use types::Ty;

use crate::error::Sources;
use crate::policy::PolicyDef;
use exprs::Typer;
use kinds::{Built, Node};
use names::Names;
use std::sync::Arc;

/// Checks a loaded policy. Returns the checked policy, or every error found.
///
/// `broken` names definitions the loader already reported and left out; an error about a
/// name that is missing only because of them is a [`CheckError::FollowsFrom`], which
/// [`fold`] shows under the loader's error.
pub fn check(
    def: &PolicyDef,
    broken: &[String],
    sources: Arc<Sources>,
) -> Result<Checked, Vec<CheckError>> {
    let names = Names::build(kinds::declared(def), broken);
    let mut typer = Typer::new(&names);
    let mut inputs: Vec<ir::Input> = (def.inputs.iter())
        .map(|d| tables::input(d, &mut typer.errors))
        .collect();
    inputs.extend(tables::measures(def));
    typer.hidden_base = inputs.len();
    for (i, input) in inputs.iter().enumerate() {
        typer.tys.insert(Symbol::Input(i), Ty::of(input.ty));
    }

    // What each definition depends on, its order, and the cycles that prevent one.
    let nodes = kinds::nodes(def);
    let deps: Vec<Vec<Node>> = (nodes.iter())
        .map(|n| {
            let mut d = Vec::new();
            for e in n.kind().formulas(def, n.index) {
                order::deps_of(e, &names, &mut d);
            }
            d
        })
        .collect();
    let ordering = order::order(&nodes, &deps);
    for cycle in &ordering.cycles {
        let through = (0..cycle.len())
            .find_map(|k| population::through(def, &names, cycle[k], cycle[(k + 1) % cycle.len()]));
        typer.errors.push(CheckError::Cycle {
            cycle: cycle.iter().map(|n| n.name(def)).collect(),
            through,
        });
    }

    // Types, in dependency order.
    for n in &nodes {
        n.kind().prepare(def, n.index, &mut typer);
    }
    let mut built = Built::new(def);
    for n in &ordering.order {
        n.kind().check(def, n.index, &mut typer, &mut built);
    }

    inputs.extend(typer.lookbacks.iter().map(lookback::Hidden::input));
    // The population figures' hidden inputs come last; their passes order the plan.
    let passes = population::passes(def, &names, &ordering.order, &typer.populations);
    let (order, pass_ends) = population::arrange(&built.order, &passes);
    let mut populations = std::mem::take(&mut typer.populations);
    for (i, p) in populations.iter_mut().enumerate() {
        p.input = inputs.len();
        p.pass = passes.call[i];
        let mut input = p.input();
        input.population = Some(i);
        inputs.push(input);
    }
    analysis::analysis(def, &names, &mut typer);
    let types = std::mem::take(&mut typer.tys);
    let mut errors = typer.errors;
    let outputs = tables::outputs(def, &names, &mut errors);
    tables::tests(def, &names, &inputs, &mut errors);
    tables::hours_from(def, &mut errors);
    tables::payslip(def, &names, &mut errors);
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
        params: flatten(built.params),
        param_order: built.param_order,
        values: flatten(built.values),
        scorecards: flatten(built.scorecards),
        tiers: flatten(built.tiers),
        curves: flatten(built.curves),
        decisions: flatten(built.decisions),
        order,
        pass_ends,
        populations,
        outputs,
        names: kinds::declared(def)
            .into_iter()
            .filter(|(n, s)| names.get(n) == Some(*s))
            .map(|(n, s)| (Arc::from(n.as_str()), s))
            .collect(),
        types,
        tests: def.tests.clone(),
        payslip: def.payslip.clone(),
        analysis: def.analysis.clone(),
        sources,
    })
}

fn flatten<T>(v: Vec<Option<T>>) -> Vec<T> {
    v.into_iter().flatten().collect()
}
