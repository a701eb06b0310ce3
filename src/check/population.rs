//! The population figures: `sum(x)`, `count()`, `avg(x)`, `min_of(x)`, `max_of(x)`,
//! `median(x)`, `rank(x)`, `percentile(x)`, `allocate(pool, weight)` and
//! `distribute(x, "A" = 20%, ...)`, each optionally `by GROUP`. Each distinct call is a
//! hidden input of the plan (after the declared inputs, the measures and the past), filled
//! by the batch driver from a pass over every employee; its arguments are per-employee
//! expressions the plan computes first (a `Unit::Gather`). This file types the calls and
//! orders the passes: a figure is computed in the pass after everything its arguments read.

use super::builtins::Call;
use super::error::{CheckError, PopulationProblem};
use super::exprs::Typer;
use super::ir::{self, Symbol, TExpr, TKind, Unit};
use super::kinds::Node;
use super::names::Names;
use super::types::Ty;
use crate::error::Span;
use crate::policy::PolicyDef;
use crate::syntax::{Expr, ExprKind};
use crate::value::Value;
use crate::vocab::{PopFunc, ValueType};
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::sync::Arc;

impl ir::Population {
    /// The hidden input standing for this figure.
    pub(crate) fn input(&self) -> ir::Input {
        let over = match &self.by {
            Some(_) => "each group",
            None => "everyone in the run",
        };
        ir::Input {
            name: self.text.clone(),
            ty: self.ty,
            span: self.span,
            doc: Some(format!(
                "{} over {over}, computed before this employee's figures",
                self.func
            )),
            min: None,
            max: None,
            default: None,
            measure: None,
            lookback: None,
            population: None,
        }
    }
}

/// Every population function's row in the table of built-ins: name, arity, what it takes.
pub(crate) fn arity(func: PopFunc) -> (fn(usize) -> bool, &'static str) {
    match func {
        PopFunc::Count => (|n| n == 0, "no arguments"),
        PopFunc::Allocate => (|n| n == 2, "2 arguments (pool, weight)"),
        PopFunc::Distribute => (
            |n| n >= 2,
            "a value and its grades (x, \"A\" = 20%, \"B\" = 70%, ...)",
        ),
        _ => (|n| n == 1, "1 argument"),
    }
}

impl Typer<'_> {
    fn pop_error(&mut self, problem: PopulationProblem, span: Span) {
        self.errors.push(CheckError::Population { problem, span });
    }

    /// Types the call of a population function.
    pub(crate) fn population(&mut self, func: PopFunc, call: &Call<'_>) -> TExpr {
        if self.param.is_some() {
            self.pop_error(PopulationProblem::InParam { func: func.name() }, call.span);
            return Typer::failed(call.span);
        }
        if func != PopFunc::Distribute {
            if let Some(a) =
                (call.args.iter()).find(|a| matches!(a.kind, ExprKind::Labelled { .. }))
            {
                let func = Some(func.name().to_string());
                self.pop_error(PopulationProblem::Labelled { func }, a.span);
                return Typer::failed(call.span);
            }
        }
        let mut ok = true;
        let (args, grades) = match func {
            PopFunc::Distribute => {
                let (x, grades) = self.grades(&call.args[0], &call.args[1..]);
                ok &= grades.is_some();
                (vec![x], grades.unwrap_or_default())
            }
            _ => (call.args.iter().map(|a| self.expr(a)).collect(), Vec::new()),
        };
        for (k, a) in args.iter().enumerate() {
            let problem = match (func, k) {
                _ if a.ty == Ty::Error => {
                    ok = false;
                    continue;
                }
                (PopFunc::Allocate, 0) if !a.ty.fits(Ty::Money) => {
                    PopulationProblem::PoolNotMoney { found: a.ty }
                }
                _ if !a.ty.is_numeric() => PopulationProblem::NotNumeric {
                    func: func.name(),
                    found: a.ty,
                },
                _ => continue,
            };
            ok = false;
            self.pop_error(problem, a.span);
        }
        let by = call.by.and_then(|b| self.group(b));
        ok &= call.by.is_none() || by.is_some();
        if !ok {
            return Typer::failed(call.span);
        }
        let ty = match func {
            PopFunc::Count | PopFunc::Rank => ValueType::Integer,
            PopFunc::Percentile => ValueType::Percent,
            PopFunc::Allocate => ValueType::Money,
            PopFunc::Distribute => ValueType::Text,
            _ if args.first().is_some_and(|a| a.ty == Ty::Money) => ValueType::Money,
            _ => ValueType::Number,
        };
        let text = Arc::from(written(func, call));
        let exclude_failed = self.exclude_failed;
        let at = (self.populations.iter())
            .position(|p| p.text == text && p.exclude_failed == exclude_failed);
        let i = at.unwrap_or_else(|| {
            self.populations.push(ir::Population {
                func,
                args,
                grades,
                by,
                exclude_failed,
                ty,
                text,
                span: call.span,
                input: 0,
                pass: 0,
            });
            self.populations.len() - 1
        });
        let t = Ty::of(ty);
        self.tys.insert(Symbol::Pop(i), t);
        TExpr {
            kind: TKind::Sym(Symbol::Pop(i)),
            ty: t,
            span: call.span,
        }
    }

    /// `by GROUP`: a text input or value.
    fn group(&mut self, by: &Expr) -> Option<(Symbol, Span)> {
        let t = self.expr(by);
        match (t.kind, t.ty) {
            (_, Ty::Error) => None,
            (TKind::Sym(sym), Ty::Text) => Some((sym, by.span)),
            (_, found) => {
                let name = by.to_string();
                self.pop_error(PopulationProblem::GroupNotText { name, found }, by.span);
                None
            }
        }
    }

    /// `distribute`'s value and grades; `None` for the grades after reporting what is wrong.
    fn grades(&mut self, x: &Expr, rest: &[Expr]) -> (TExpr, Option<Grades>) {
        let x = self.expr(x);
        let mut grades: Vec<(Arc<str>, Decimal)> = Vec::new();
        let mut ok = true;
        for g in rest {
            let ExprKind::Labelled {
                label,
                label_span,
                value,
            } = &g.kind
            else {
                self.expr(g);
                self.pop_error(PopulationProblem::GradeNotLabelled, g.span);
                ok = false;
                continue;
            };
            let share = self.expr(value);
            let problem = match &share.kind {
                _ if label.trim().is_empty() => PopulationProblem::GradeEmpty,
                _ if grades.iter().any(|(l, _)| **l == **label) => PopulationProblem::GradeTwice {
                    grade: label.clone(),
                },
                TKind::Const(Value::Number(d)) if *d >= Decimal::ZERO && *d <= Decimal::ONE => {
                    grades.push((Arc::from(label.as_str()), *d));
                    continue;
                }
                _ => PopulationProblem::GradeShare {
                    grade: label.clone(),
                },
            };
            let span = if matches!(problem, PopulationProblem::GradeShare { .. }) {
                value.span
            } else {
                *label_span
            };
            self.pop_error(problem, span);
            ok = false;
        }
        let total: Decimal = grades.iter().map(|(_, s)| *s).sum();
        if ok && total != Decimal::ONE {
            let span = rest
                .first()
                .map_or(x.span, |f| f.span)
                .to(rest.last().map_or(x.span, |l| l.span));
            self.pop_error(PopulationProblem::SharesSum { total }, span);
            ok = false;
        }
        (x, ok.then_some(grades))
    }
}

/// `distribute`'s grades, best first, with their shares.
type Grades = Vec<(Arc<str>, Decimal)>;

/// The call as written, normalized: `allocate(team_pool, kpi) by team`.
fn written(func: PopFunc, call: &Call<'_>) -> String {
    let args: Vec<String> = call.args.iter().map(ToString::to_string).collect();
    let mut s = format!("{}({})", func.name(), args.join(", "));
    if let Some(b) = call.by {
        s.push_str(&format!(" by {b}"));
    }
    s
}

/// The passes: each definition's pass (0 for one computed from the employee's own data
/// alone; 1 for one that uses a figure computed over everyone from pass-0 figures; ...), and
/// each population call's (the pass after the one its arguments and group are computed in).
pub(crate) struct Passes {
    pub node: HashMap<Node, usize>,
    pub call: Vec<usize>,
}

/// Finds the pass of every definition, taking them in dependency order.
pub(crate) fn passes(
    def: &PolicyDef,
    names: &Names,
    order: &[Node],
    calls: &[ir::Population],
) -> Passes {
    let mut p = Passes {
        node: HashMap::new(),
        call: vec![0; calls.len()],
    };
    // The calls' passes from their typed arguments; a call's nested calls come before it.
    let mut call_done = vec![false; calls.len()];
    for n in order {
        let mut pass = 0;
        for e in n.kind().formulas(def, n.index) {
            pass = pass.max(expr_pass(e, names, &p));
        }
        p.node.insert(*n, pass);
        // Calls whose arguments are now all placed.
        for (i, c) in calls.iter().enumerate() {
            if call_done[i] {
                continue;
            }
            if let Some(k) = call_pass(c, &p) {
                p.call[i] = k;
                call_done[i] = true;
            }
        }
    }
    for (i, c) in calls.iter().enumerate() {
        if !call_done[i] {
            p.call[i] = call_pass(c, &p).unwrap_or(1);
        }
    }
    p
}

/// The pass of a formula as written: the latest pass of what it names, with each population
/// call one pass after its own arguments.
fn expr_pass(e: &Expr, names: &Names, p: &Passes) -> usize {
    match &e.kind {
        ExprKind::Name(n) => names
            .get(n)
            .and_then(Node::of)
            .and_then(|node| p.node.get(&node).copied())
            .unwrap_or(0),
        ExprKind::Call { name, args, by, .. } => {
            let inner = args
                .iter()
                .chain(by.as_deref())
                .map(|a| expr_pass(a, names, p))
                .max()
                .unwrap_or(0);
            if PopFunc::named(name).is_some() {
                inner + 1
            } else {
                inner
            }
        }
        ExprKind::Unary(_, x) => expr_pass(x, names, p),
        ExprKind::Labelled { value, .. } => expr_pass(value, names, p),
        ExprKind::Binary(_, a, b) => expr_pass(a, names, p).max(expr_pass(b, names, p)),
        ExprKind::If {
            branches,
            otherwise,
        } => branches
            .iter()
            .flat_map(|(c, r)| [c, r])
            .map(|x| expr_pass(x, names, p))
            .max()
            .unwrap_or(0)
            .max(expr_pass(otherwise, names, p)),
        _ => 0,
    }
}

/// A call's pass from its typed arguments, once every definition they read has a pass.
fn call_pass(c: &ir::Population, p: &Passes) -> Option<usize> {
    let mut syms = Vec::new();
    for a in &c.args {
        symbols(a, &mut syms);
    }
    syms.extend(c.by.map(|(s, _)| s));
    let mut pass = 0;
    for s in syms {
        let k = match s {
            Symbol::Pop(j) => *p.call.get(j)?,
            s => match Node::of(s) {
                Some(n) => *p.node.get(&n)?,
                None => 0,
            },
        };
        pass = pass.max(k);
    }
    Some(pass + 1)
}

/// The symbols a typed expression reads.
pub(crate) fn symbols(e: &TExpr, out: &mut Vec<Symbol>) {
    let mut stack = vec![e];
    while let Some(e) = stack.pop() {
        match &e.kind {
            TKind::Const(_) => {}
            TKind::Sym(s) => out.push(*s),
            TKind::Neg(x) | TKind::Not(x) | TKind::TierOn(_, x) => stack.push(x),
            TKind::Binary(_, a, b) => stack.extend([&**a, &**b]),
            TKind::If(branches, otherwise) => {
                stack.push(otherwise);
                stack.extend(branches.iter().flat_map(|(c, r)| [c, r]));
            }
            TKind::Call(_, args) => stack.extend(args.iter()),
        }
    }
}

/// The order of computation with the passes: every unit of pass 0, then the gathering of
/// the arguments of the calls computed in pass 1, then the units of pass 1, and so on.
/// Returns the order and where each pass ends in it.
pub(crate) fn arrange(order: &[Unit], passes: &Passes) -> (Vec<Unit>, Vec<usize>) {
    let pass_of = |u: &Unit| {
        unit_node(*u)
            .and_then(|n| passes.node.get(&n).copied())
            .unwrap_or(0)
    };
    let last = order
        .iter()
        .map(pass_of)
        .chain(passes.call.iter().copied())
        .max()
        .unwrap_or(0);
    let mut out = Vec::with_capacity(order.len() + passes.call.len());
    let mut ends = Vec::with_capacity(last + 1);
    for k in 0..=last {
        out.extend(order.iter().filter(|u| pass_of(u) == k));
        out.extend(
            (0..passes.call.len())
                .filter(|&i| passes.call[i] == k + 1)
                .map(Unit::Gather),
        );
        ends.push(out.len());
    }
    (out, ends)
}

/// The definition a unit computes.
fn unit_node(u: Unit) -> Option<Node> {
    Node::of(match u {
        Unit::Value(i) => Symbol::Value(i),
        Unit::Scorecard(i) => Symbol::Score(i),
        Unit::Tier(i) => Symbol::Tier(i),
        Unit::Curve(i) => Symbol::Curve(i),
        Unit::Decision(i) => Symbol::TableOut(i, 0),
        Unit::Gather(_) => return None,
    })
}

/// The population call in `user`'s formulas through which it reads `used`, as written, if
/// it reads it through one: why `share = allocate(pool, kpi)` with `pool = sum(share)` is
/// a cycle.
pub(crate) fn through(def: &PolicyDef, names: &Names, user: Node, used: Node) -> Option<String> {
    let mut found = None;
    for e in user.kind().formulas(def, user.index) {
        e.walk(|x| {
            let ExprKind::Call { name, args, by, .. } = &x.kind else {
                return;
            };
            if found.is_some() || PopFunc::named(name).is_none() {
                return;
            }
            let mut reads = false;
            for a in args.iter().chain(by.as_deref()) {
                a.walk(|y| {
                    if let ExprKind::Name(n) = &y.kind {
                        reads |= names.get(n).and_then(Node::of) == Some(used);
                    }
                });
            }
            if reads {
                found = Some(x.to_string());
            }
        });
    }
    found
}
