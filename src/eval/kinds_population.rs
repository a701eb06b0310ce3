//! Compiling population figures: each figure's hidden input is a slot like any input's; its
//! arguments are read from their slots (a name), kept as constants, or computed into a slot
//! of their own by a step (a formula such as `kpi * base_salary`), so that the batch driver
//! can read them after the pass before the figure's.

use super::super::plan::{SlotKind, Step};
use super::super::population::{Arg, PopPlan};
use super::{formula_text, Builder, Slots};
use crate::check::ir::{Checked, Symbol, TExpr, TKind};
use crate::vocab::Docs;
use std::sync::Arc;

/// Whether argument `e` needs a slot of its own (a formula, not a name or a constant).
fn computed(e: &TExpr) -> bool {
    !matches!(e.kind, TKind::Sym(_) | TKind::Const(_))
}

/// The slots a `Gather(i)` unit fills: one per argument that is a formula.
pub(super) fn gathered(c: &Checked, i: usize) -> Vec<Symbol> {
    c.populations[i]
        .args
        .iter()
        .enumerate()
        .filter(|(_, a)| computed(a))
        .map(|(k, _)| Symbol::PopArg(i, k))
        .collect()
}

/// The names of the gathered arguments' slots: the formula as written.
pub(super) fn arg_names(c: &Checked) -> Vec<(Symbol, Arc<str>)> {
    let mut out = Vec::new();
    for (i, p) in c.populations.iter().enumerate() {
        for (k, a) in p.args.iter().enumerate() {
            if computed(a) {
                out.push((Symbol::PopArg(i, k), formula_text(c, a.span)));
            }
        }
    }
    out
}

impl Builder<'_> {
    /// The steps computing population figure `i`'s arguments that are formulas.
    pub(super) fn gather(&mut self, i: usize) {
        let p = &self.c.populations[i];
        for (k, a) in p.args.iter().enumerate() {
            if !computed(a) {
                continue;
            }
            let sym = Symbol::PopArg(i, k);
            let slot = self.slots.slot(sym);
            let doc = format!("given to `{}`, for each employee", p.text);
            let docs = Docs {
                doc: Some(doc),
                reference: None,
            };
            self.describe_formula(sym, SlotKind::Gathered, a.span, docs, a);
            let node = self.comp.expr(a);
            if self.comp.is_rounded(node) {
                self.comp.rounded.insert(sym);
            }
            self.steps.push(Step::Value {
                slot,
                node,
                rounding: None,
                whole: false,
                numeric: a.ty.is_numeric(),
            });
        }
    }
}

/// What the driver needs of each population figure.
pub(super) fn plans(c: &Checked, slots: &Slots) -> Vec<PopPlan> {
    c.populations
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let args = p
                .args
                .iter()
                .enumerate()
                .map(|(k, a)| match &a.kind {
                    TKind::Const(v) => Arg::Const(v.clone()),
                    TKind::Sym(s) => Arg::Slot(slots.slot(*s)),
                    _ => Arg::Slot(slots.slot(Symbol::PopArg(i, k))),
                })
                .collect();
            let by = p.by.map(|(s, _)| slots.slot(s));
            let by_input = match p.by {
                Some((Symbol::Input(j), _)) => Some(j),
                _ => None,
            };
            PopPlan {
                func: p.func,
                args,
                grades: p.grades.iter().cloned().collect(),
                by,
                by_input,
                by_name: p
                    .by
                    .and_then(|(s, _)| c.names.iter().find(|(_, x)| *x == s))
                    .map(|(n, _)| n.clone()),
                exclude_failed: p.exclude_failed,
                input: p.input,
                pass: p.pass,
                text: p.text.clone(),
                span: p.span,
                unit: rust_decimal::Decimal::new(1, c.meta.rounding.places.min(28)),
            }
        })
        .collect()
}
