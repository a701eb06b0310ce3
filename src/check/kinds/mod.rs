//! The kinds of definition computed from formulas: params, scorecards, tiers, curves and
//! values. Each kind says, in its own file, which names it defines, which formulas it
//! depends on and how it is checked; [`KINDS`] is the one list the checker loops over.
//!
//! Adding a kind (a calendar, a decision table) is one file here, one row in [`KINDS`], a
//! field in [`Built`] and [`super::ir::Checked`], and its steps in the evaluator.

mod curve;
mod decision;
mod decision_gaps;
mod param;
mod scorecard;
mod tier;
mod value;

use super::error::{CheckError, Definition, MoneyHint};
use super::exprs::Typer;
use super::ir::{self, Symbol, Unit};
use super::types::Ty;
use crate::error::Span;
use crate::policy::{Named, PolicyDef};
use crate::syntax::{BinaryOp, Expr, ExprKind};
use crate::vocab::ValueType;

/// Every name a policy defines, in declaration order: inputs, then the names of each kind
/// of definition in the order of [`KINDS`] (params, scorecards with their metrics and grade,
/// tiers with their rate and amount, curves, values), then the period. The one list from
/// which the symbol table, the default outputs and the plan's slots derive.
pub(crate) fn declared(def: &PolicyDef) -> Vec<(String, Symbol)> {
    let mut out = Vec::new();
    for (i, d) in def.inputs.iter().enumerate() {
        out.push((d.name.name.clone(), Symbol::Input(i)));
    }
    if let Some(att) = &def.attendance {
        let n = def.inputs.len();
        for (k, m) in att.measures().into_iter().enumerate() {
            out.push((m.name, Symbol::Input(n + k)));
        }
    }
    for kind in KINDS {
        for i in 0..kind.count(def) {
            kind.symbols(def, i, &mut out);
        }
    }
    out.push(("period.start".into(), Symbol::PeriodStart));
    out.push(("period.end".into(), Symbol::PeriodEnd));
    out.push(("period.days".into(), Symbol::PeriodDays));
    out
}

/// One kind of definition.
pub(crate) trait Kind: Sync {
    /// How many definitions of this kind the policy has.
    fn count(&self, def: &PolicyDef) -> usize;
    /// The name of definition `i`.
    fn name<'d>(&self, def: &'d PolicyDef, i: usize) -> &'d Named;
    /// The names definition `i` defines, with their symbols, in the order shown.
    fn symbols(&self, def: &PolicyDef, i: usize, out: &mut Vec<(String, Symbol)>);
    /// The definition that computes `sym`, if it is of this kind.
    fn owner(&self, sym: Symbol) -> Option<usize>;
    /// Every formula of definition `i`: what it depends on.
    fn formulas<'d>(&self, def: &'d PolicyDef, i: usize) -> Vec<&'d Expr>;
    /// What the typer must know of definition `i` before any formula is typed (the types
    /// of names fixed by the kind, what `tier(NAME, base)` needs).
    fn prepare(&self, _def: &PolicyDef, _i: usize, _typer: &mut Typer<'_>) {}
    /// Types and checks definition `i`, records the types of its names and stores it.
    fn check<'d>(&self, def: &'d PolicyDef, i: usize, typer: &mut Typer<'d>, out: &mut Built);
}

/// Every kind, in the order their names are listed (and shown by default).
pub(crate) static KINDS: [&dyn Kind; 6] = [
    &param::Param,
    &scorecard::Scorecard,
    &tier::Tier,
    &curve::Curve,
    &value::Value,
    &decision::Decision,
];

/// One definition computed from formulas: its kind (an index into [`KINDS`]) and its index
/// among the definitions of that kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct Node {
    /// Index into [`KINDS`].
    pub kind: usize,
    /// Index among the definitions of the kind.
    pub index: usize,
}

impl Node {
    /// The node that computes `sym`, if `sym` is computed.
    pub(crate) fn of(sym: Symbol) -> Option<Node> {
        KINDS
            .iter()
            .enumerate()
            .find_map(|(kind, k)| k.owner(sym).map(|index| Node { kind, index }))
    }

    /// Its kind.
    pub(crate) fn kind(self) -> &'static dyn Kind {
        KINDS[self.kind]
    }

    /// Its name and where it is declared, for cycle messages.
    pub(crate) fn name(self, def: &PolicyDef) -> (String, Span) {
        let n = self.kind().name(def, self.index);
        (n.name.clone(), n.span)
    }
}

/// The order in which definitions are taken when several are ready to compute (indices into
/// [`KINDS`]): params, values, scorecards, tiers, curves, each in the order written. The
/// plan's order, and so which formula an evaluation error names first, follows it.
const READY_ORDER: [usize; 6] = [0, 4, 1, 2, 3, 5];

/// Every definition of every kind, in [`READY_ORDER`].
pub(crate) fn nodes(def: &PolicyDef) -> Vec<Node> {
    READY_ORDER
        .iter()
        .flat_map(|&kind| (0..KINDS[kind].count(def)).map(move |index| Node { kind, index }))
        .collect()
}

/// The checked definitions, filled in dependency order.
#[derive(Default)]
pub(crate) struct Built {
    /// Params by index.
    pub params: Vec<Option<ir::Param>>,
    /// Param indices in dependency order.
    pub param_order: Vec<usize>,
    /// Values by index.
    pub values: Vec<Option<ir::NamedValue>>,
    /// Scorecards by index.
    pub scorecards: Vec<Option<ir::Scorecard>>,
    /// Tiers by index.
    pub tiers: Vec<Option<ir::Tier>>,
    /// Curves by index.
    pub curves: Vec<Option<ir::Curve>>,
    /// Decision tables by index.
    pub decisions: Vec<Option<ir::Decision>>,
    /// What to compute per employee, in order.
    pub order: Vec<Unit>,
}

impl Built {
    /// Room for every definition of `def`.
    pub(crate) fn new(def: &PolicyDef) -> Built {
        Built {
            params: vec![None; def.params.len()],
            values: vec![None; def.values.len()],
            scorecards: vec![None; def.scorecards.len()],
            tiers: vec![None; def.tiers.len()],
            curves: vec![None; def.curves.len()],
            decisions: vec![None; def.decisions.len()],
            ..Built::default()
        }
    }
}

/// Checks a formula's type against a declared type; returns the type to use.
pub(crate) fn declared_type(
    typer: &mut Typer<'_>,
    (kind, name): (Definition, &str),
    (declared, span): (ValueType, Span),
    (found, expr): (Ty, Option<&Expr>),
) -> Ty {
    let want = Ty::of(declared);
    if !found.fits(want) {
        typer.errors.push(CheckError::Declared {
            kind,
            name: name.to_string(),
            declared,
            found,
            hint: (want == Ty::Money && found == Ty::Number)
                .then(|| expr.and_then(|e| money_hint(e, typer)))
                .flatten(),
            span,
        });
    }
    want
}

/// For a formula `count * 50` (or `50 * count`) that gives a number where money is declared:
/// the bare number is a rate per unit, so it belongs in a money param. `None` for any other
/// shape, where the hint could be wrong.
fn money_hint(expr: &Expr, typer: &Typer<'_>) -> Option<MoneyHint> {
    let ExprKind::Binary(BinaryOp::Mul, a, b) = &expr.kind else {
        return None;
    };
    let (literal, count) = match (&a.kind, &b.kind) {
        (ExprKind::Number(n), ExprKind::Name(c)) | (ExprKind::Name(c), ExprKind::Number(n)) => {
            (n, c)
        }
        _ => return None,
    };
    // The count must be a number that varies per employee or period (an input, a value,
    // `period.days`): then the bare number is a rate per unit and has to become money. A
    // score, a tier rate or a param times a number is some other mistake.
    let sym = typer.names.get(count)?;
    let counts = matches!(
        sym,
        Symbol::Input(_) | Symbol::Value(_) | Symbol::PeriodDays
    );
    if !counts || typer.tys.get(&sym) != Some(&Ty::Number) {
        return None;
    }
    // `night_shifts` -> `night_shift_rate`; `period.days` -> `daily_rate`.
    let param = if sym == Symbol::PeriodDays {
        "daily_rate".to_string()
    } else {
        let unit = count.strip_suffix('s').filter(|u| !u.ends_with('s'));
        format!("{}_rate", unit.unwrap_or(count))
    };
    Some(MoneyHint {
        literal: literal.to_string(),
        count: count.clone(),
        param,
    })
}

/// The rounding of a stored amount: its own, else the policy's for money.
pub(crate) fn rounding(
    own: Option<(crate::vocab::Rounding, Span)>,
    ty: Ty,
    policy: crate::vocab::Rounding,
) -> Option<crate::vocab::Rounding> {
    match own {
        Some((r, _)) => Some(r),
        None if ty == Ty::Money => Some(policy),
        None => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ready_order_names_every_kind_once() {
        let mut seen = READY_ORDER.to_vec();
        seen.sort_unstable();
        assert_eq!(seen, (0..KINDS.len()).collect::<Vec<_>>());
        // params first, values second, as the plan has always been ordered
        assert_eq!(KINDS[READY_ORDER[0]].owner(Symbol::Param(7)), Some(7));
        assert_eq!(KINDS[READY_ORDER[1]].owner(Symbol::Value(7)), Some(7));
    }
}
