//! Typing formulas: resolve each name, check each operator, build a [`TExpr`]. Calls of
//! built-in functions are typed by the table in [`super::builtins`].
//!
//! Recursion here is bounded: the parser rejects formulas nested deeper than
//! `Limits::max_depth`.

use super::error::{CheckError, Place};
use super::ir::{Symbol, TExpr, TKind};
use super::names::Names;
use super::types::Ty;
use crate::error::Span;
use crate::syntax::{Expr, ExprKind, UnaryOp};
use crate::value::Value;
use std::collections::HashMap;

/// What a `tier(NAME, base)` call needs to know of tier NAME.
#[derive(Clone, Copy, Debug)]
pub(crate) struct TierSig {
    /// Whether any bracket has a rate (then a declared type must agree with the base).
    pub has_rates: bool,
    /// The declared amount type, if any.
    pub declared: Option<Ty>,
}

impl TierSig {
    /// The type of the tier's amount on a base of type `base`: the base's type, whether the
    /// brackets give rates, amounts or both (a quick-deduction table on `annual_bonus / 12`
    /// pays money), unless a `type` is declared (a step bonus by KPI says `type = "money"`).
    pub(crate) fn amount_ty(self, base: Ty) -> Ty {
        self.declared.unwrap_or(base)
    }
}

/// Types expressions against the symbol table, and collects every error found.
pub(crate) struct Typer<'a> {
    /// The symbol table.
    pub names: &'a Names,
    /// The type of every symbol typed so far.
    pub tys: HashMap<Symbol, Ty>,
    /// What `tier(NAME, base)` needs of each tier, by tier index.
    pub tiers: HashMap<usize, TierSig>,
    /// Every error found so far.
    pub errors: Vec<CheckError>,
    /// When typing a param: its name (params may only name params and `period`).
    pub param: Option<&'a str>,
    /// What formulas read from earlier months, each a hidden input (see `super::lookback`).
    pub lookbacks: Vec<super::lookback::Hidden>,
    /// The position of the first hidden input: after the declared inputs and the measures.
    pub hidden_base: usize,
    /// The population figures called so far (see `super::population`).
    pub populations: Vec<super::ir::Population>,
    /// Whether the value being typed says `exclude_failed = true`.
    pub exclude_failed: bool,
}

impl<'a> Typer<'a> {
    /// A typer knowing only the period's names.
    pub(crate) fn new(names: &'a Names) -> Typer<'a> {
        let tys = HashMap::from([
            (Symbol::PeriodStart, Ty::Date),
            (Symbol::PeriodEnd, Ty::Date),
            (Symbol::PeriodDays, Ty::Number),
        ]);
        Typer {
            names,
            tys,
            tiers: HashMap::new(),
            errors: Vec::new(),
            param: None,
            lookbacks: Vec::new(),
            hidden_base: 0,
            populations: Vec::new(),
            exclude_failed: false,
        }
    }

    /// An expression standing for something already reported as wrong.
    pub(crate) fn failed(span: Span) -> TExpr {
        TExpr {
            kind: TKind::Const(Value::Bool(false)),
            ty: Ty::Error,
            span,
        }
    }

    /// Types `e`, expecting a condition.
    pub(crate) fn condition(&mut self, e: &Expr, place: Place) -> TExpr {
        let t = self.expr(e);
        if !matches!(t.ty, Ty::Bool | Ty::Error) {
            self.errors.push(CheckError::NotCondition {
                place,
                found: t.ty,
                span: e.span,
            });
        }
        t
    }

    /// Types `e`, expecting money or a number.
    pub(crate) fn numeric(&mut self, e: &Expr, place: Place) -> TExpr {
        let t = self.expr(e);
        if !t.ty.is_numeric() {
            self.errors.push(CheckError::NotNumeric {
                place,
                found: t.ty,
                span: e.span,
            });
        }
        t
    }

    /// Types `e`, expecting a date (an argument of `func`).
    pub(crate) fn date(&mut self, e: &Expr, func: &'static str) -> TExpr {
        let t = self.expr(e);
        if !matches!(t.ty, Ty::Date | Ty::Error) {
            self.errors.push(CheckError::Argument {
                problem: super::error::ArgumentProblem::NotDate { func, found: t.ty },
                span: e.span,
            });
        }
        t
    }

    /// Types one expression.
    pub(crate) fn expr(&mut self, e: &Expr) -> TExpr {
        let (kind, ty) = match &e.kind {
            ExprKind::Number(d) => (TKind::Const(Value::Number(*d)), Ty::Flex),
            ExprKind::Percent(d) => (TKind::Const(Value::Number(*d)), Ty::Number),
            ExprKind::Bool(b) => (TKind::Const(Value::Bool(*b)), Ty::Bool),
            ExprKind::Text(s) => (TKind::Const(Value::from(s.as_str())), Ty::Text),
            ExprKind::Date(d) => (TKind::Const(Value::Date(*d)), Ty::Date),
            ExprKind::Name(name) => return self.name(name, e),
            ExprKind::Unary(op, x) => {
                let x = self.expr(x);
                let ty = match op {
                    UnaryOp::Neg if x.ty.is_numeric() => x.ty,
                    UnaryOp::Not if matches!(x.ty, Ty::Bool | Ty::Error) => Ty::Bool,
                    _ => {
                        self.errors.push(CheckError::Unary {
                            op: *op,
                            found: x.ty,
                            span: e.span,
                        });
                        if *op == UnaryOp::Not {
                            Ty::Bool
                        } else {
                            Ty::Error
                        }
                    }
                };
                let kind = match op {
                    UnaryOp::Neg => TKind::Neg(Box::new(x)),
                    UnaryOp::Not => TKind::Not(Box::new(x)),
                };
                (kind, ty)
            }
            ExprKind::Binary(op, a, b) => {
                let a = self.expr(a);
                let b = self.expr(b);
                let ty = Ty::binary(*op, a.ty, b.ty).unwrap_or_else(|| {
                    let untyped_tier = self.untyped_tier(&a, &b).or(self.untyped_tier(&b, &a));
                    self.errors.push(CheckError::Operands {
                        op: *op,
                        left: a.ty,
                        right: b.ty,
                        untyped_tier,
                        span: e.span,
                    });
                    Ty::Error
                });
                (TKind::Binary(*op, Box::new(a), Box::new(b)), ty)
            }
            ExprKind::If {
                branches,
                otherwise,
            } => {
                let mut typed = Vec::with_capacity(branches.len());
                let mut ty = None;
                for (c, r) in branches {
                    let c = self.condition(c, Place::IfTest);
                    let r = self.expr(r);
                    ty = Some(self.join(ty, r.ty, r.span));
                    typed.push((c, r));
                }
                let o = self.expr(otherwise);
                let ty = self.join(ty, o.ty, o.span);
                (TKind::If(typed, Box::new(o)), ty)
            }
            ExprKind::Call {
                name,
                name_span,
                args,
                by,
            } => return self.call(name, *name_span, args, by.as_deref(), e.span),
            ExprKind::Labelled { value, .. } => {
                self.expr(value);
                self.errors.push(CheckError::Population {
                    problem: super::error::PopulationProblem::Labelled { func: None },
                    span: e.span,
                });
                return Typer::failed(e.span);
            }
        };
        TExpr {
            kind,
            ty,
            span: e.span,
        }
    }

    /// The type of the branches so far (`None` before the first) joined with one more.
    fn join(&mut self, acc: Option<Ty>, next: Ty, span: Span) -> Ty {
        let Some(acc) = acc else {
            return next;
        };
        acc.unify(next).unwrap_or_else(|| {
            self.errors.push(CheckError::Branches {
                first: acc,
                other: next,
                span,
            });
            Ty::Error
        })
    }

    /// The name of tier `x`, when `x` is a tier of amounts on a number base with no declared
    /// type (so a number) and `other` is money: the tier was most likely meant to pay money.
    fn untyped_tier(&self, x: &TExpr, other: &TExpr) -> Option<String> {
        let TKind::Sym(Symbol::Tier(i) | Symbol::TierAmount(i)) = x.kind else {
            return None;
        };
        let sig = self.tiers.get(&i)?;
        let untyped = sig.declared.is_none() && !sig.has_rates;
        (untyped && x.ty == Ty::Number && other.ty == Ty::Money)
            .then(|| self.names.name_of(Symbol::Tier(i)))
            .flatten()
    }

    fn name(&mut self, name: &str, e: &Expr) -> TExpr {
        let Some(sym) = self.names.get(name) else {
            let error = self.names.unknown(name, e.span);
            self.errors.push(error);
            return Typer::failed(e.span);
        };
        if let Some(param) = self.param {
            if !matches!(
                sym,
                Symbol::Param(_) | Symbol::PeriodStart | Symbol::PeriodEnd | Symbol::PeriodDays
            ) {
                self.errors.push(CheckError::ParamNotConstant {
                    param: param.to_string(),
                    name: name.to_string(),
                    span: e.span,
                });
                return Typer::failed(e.span);
            }
        }
        let ty = self.tys.get(&sym).copied().unwrap_or(Ty::Error);
        TExpr {
            kind: TKind::Sym(sym),
            ty,
            span: e.span,
        }
    }
}
