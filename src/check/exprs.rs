//! Typing formulas: resolve each name, check each operator and call, build a [`TExpr`].
//!
//! Recursion here is bounded: the parser rejects formulas nested deeper than
//! `Limits::max_depth`.

use super::error::CheckError;
use super::ir::{Func, Symbol, TExpr, TKind};
use super::names::Names;
use super::types::Ty;
use crate::policy::{Rounding, RoundingMode};
use crate::syntax::{Expr, ExprKind, UnaryOp};
use crate::value::Value;
use rust_decimal::Decimal;
use std::collections::HashMap;

/// The built-in functions, for suggestions.
pub(crate) const FUNCTIONS: [&str; 12] = [
    "abs",
    "ceil",
    "clamp",
    "days_between",
    "div",
    "floor",
    "max",
    "min",
    "month",
    "round",
    "tier",
    "year",
];

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

/// Types expressions against the symbol table.
pub(crate) struct Typer<'a> {
    pub names: &'a Names,
    pub tys: &'a HashMap<Symbol, Ty>,
    pub tiers: &'a [TierSig],
    pub errors: &'a mut Vec<CheckError>,
    /// When typing a param: its name (params may only name params and `period`).
    pub param: Option<&'a str>,
}

impl Typer<'_> {
    fn err(&mut self, message: String, span: crate::error::Span) {
        self.errors.push(CheckError::Type { message, span });
    }

    /// Types `e`, expecting a condition.
    pub(crate) fn condition(&mut self, e: &Expr, what: &str) -> TExpr {
        let t = self.expr(e);
        if !matches!(t.ty, Ty::Bool | Ty::Error) {
            self.err(
                format!("{what} must be a condition, found {}", t.ty),
                e.span,
            );
        }
        t
    }

    /// Types `e`, expecting money or a number.
    pub(crate) fn numeric(&mut self, e: &Expr, what: &str) -> TExpr {
        let t = self.expr(e);
        if !t.ty.is_numeric() {
            self.err(
                format!("{what} must be money or a number, found {}", t.ty),
                e.span,
            );
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
                    UnaryOp::Neg => {
                        self.err(format!("cannot negate {}", x.ty), e.span);
                        Ty::Error
                    }
                    UnaryOp::Not => {
                        self.err(format!("`not` needs a condition, found {}", x.ty), e.span);
                        Ty::Bool
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
                let ty = match Ty::binary(*op, a.ty, b.ty) {
                    Ok(t) => t,
                    Err(message) => {
                        self.err(message, e.span);
                        Ty::Error
                    }
                };
                (TKind::Binary(*op, Box::new(a), Box::new(b)), ty)
            }
            ExprKind::If {
                branches,
                otherwise,
            } => {
                let mut typed = Vec::with_capacity(branches.len());
                let mut ty = Ty::Error;
                let mut first = true;
                for (c, r) in branches {
                    let c = self.condition(c, "an `if` test");
                    let r = self.expr(r);
                    ty = self.join(ty, r.ty, first, r.span);
                    first = false;
                    typed.push((c, r));
                }
                let o = self.expr(otherwise);
                ty = self.join(ty, o.ty, false, o.span);
                (TKind::If(typed, Box::new(o)), ty)
            }
            ExprKind::Call {
                name,
                name_span,
                args,
            } => return self.call(name, *name_span, args, e),
        };
        TExpr {
            kind,
            ty,
            span: e.span,
        }
    }

    fn join(&mut self, acc: Ty, next: Ty, first: bool, span: crate::error::Span) -> Ty {
        if first {
            return next;
        }
        match acc.unify(next) {
            Some(t) => t,
            None => {
                self.err(
                    format!("the branches of this `if` give {acc} and {next}; they must agree"),
                    span,
                );
                Ty::Error
            }
        }
    }

    fn name(&mut self, name: &str, e: &Expr) -> TExpr {
        let error = TExpr {
            kind: TKind::Const(Value::Bool(false)),
            ty: Ty::Error,
            span: e.span,
        };
        let Some(sym) = self.names.get(name) else {
            if self.names.is_broken(name) {
                return error;
            }
            self.errors.push(self.names.unknown(name, e.span));
            return error;
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
                return error;
            }
        }
        let ty = self.tys.get(&sym).copied().unwrap_or(Ty::Error);
        TExpr {
            kind: TKind::Sym(sym),
            ty,
            span: e.span,
        }
    }

    fn call(
        &mut self,
        name: &str,
        name_span: crate::error::Span,
        args: &[Expr],
        e: &Expr,
    ) -> TExpr {
        let span = e.span;
        let count = |this: &mut Self, ok: bool, expected: &'static str| {
            if !ok {
                this.errors.push(CheckError::ArgumentCount {
                    func: name.to_string(),
                    expected,
                    found: args.len(),
                    span,
                });
            }
            ok
        };
        let done = |kind, ty| TExpr { kind, ty, span };
        let failed = || TExpr {
            kind: TKind::Const(Value::Bool(false)),
            ty: Ty::Error,
            span,
        };
        match name {
            "min" | "max" | "clamp" => {
                let ok = if name == "clamp" {
                    count(self, args.len() == 3, "3 arguments (x, lo, hi)")
                } else {
                    count(self, !args.is_empty(), "at least 1 argument")
                };
                let typed: Vec<TExpr> = args.iter().map(|a| self.expr(a)).collect();
                if !ok {
                    return failed();
                }
                let ty = self.same_numeric(name, &typed);
                if name == "clamp" && ty == Ty::Date {
                    self.err(
                        "`clamp` needs money or numbers; use min and max for dates".into(),
                        span,
                    );
                }
                let func = match name {
                    "min" => Func::Min,
                    "max" => Func::Max,
                    _ => Func::Clamp,
                };
                done(TKind::Call(func, typed), ty)
            }
            "abs" | "floor" | "ceil" => {
                if !count(self, args.len() == 1, "1 argument") {
                    return failed();
                }
                let x = self.numeric(&args[0], &format!("the argument of `{name}`"));
                let ty = x.ty;
                let func = match name {
                    "abs" => Func::Abs,
                    "floor" => Func::Floor,
                    _ => Func::Ceil,
                };
                done(TKind::Call(func, vec![x]), ty)
            }
            "round" => {
                if !count(
                    self,
                    args.len() == 2 || args.len() == 3,
                    "2 or 3 arguments (x, places, \"mode\")",
                ) {
                    return failed();
                }
                let x = self.numeric(&args[0], "the value to round");
                let places = match &args[1].kind {
                    ExprKind::Number(d)
                        if d.fract().is_zero()
                            && *d >= Decimal::ZERO
                            && *d <= Decimal::from(28) =>
                    {
                        u32::try_from(d.mantissa() / 10i128.pow(d.scale())).unwrap_or(0)
                    }
                    _ => {
                        self.errors.push(CheckError::NotConstant {
                            message: "the places of `round` must be a whole number from 0 to 28, written as a number".into(),
                            span: args[1].span,
                        });
                        0
                    }
                };
                let mode = match args.get(2).map(|a| &a.kind) {
                    None => RoundingMode::HalfUp,
                    Some(ExprKind::Text(m)) => match RoundingMode::from_name(m) {
                        Some(mode) => mode,
                        None => {
                            let names = RoundingMode::ALL.map(|(n, _)| n);
                            let help = crate::error::nearest(m, names)
                                .map(|s| format!(" (did you mean \"{s}\"?)"))
                                .unwrap_or_default();
                            self.errors.push(CheckError::NotConstant {
                                message: format!(
                                    "unknown rounding mode \"{m}\"{help}; modes are {}",
                                    names.join(", ")
                                ),
                                span: args[2].span,
                            });
                            RoundingMode::HalfUp
                        }
                    },
                    Some(_) => {
                        self.errors.push(CheckError::NotConstant {
                            message:
                                "the mode of `round` must be written as text, like \"half_even\""
                                    .into(),
                            span: args[2].span,
                        });
                        RoundingMode::HalfUp
                    }
                };
                let ty = x.ty;
                done(
                    TKind::Call(Func::Round(Rounding { places, mode }), vec![x]),
                    ty,
                )
            }
            "div" => {
                if !count(self, args.len() == 3, "3 arguments (a, b, default)") {
                    return failed();
                }
                let a = self.expr(&args[0]);
                let b = self.expr(&args[1]);
                let d = self.expr(&args[2]);
                let ty = match Ty::binary(crate::syntax::BinaryOp::Div, a.ty, b.ty) {
                    Ok(t) => t,
                    Err(m) => {
                        self.err(m, span);
                        Ty::Error
                    }
                };
                let ty = match ty.unify(d.ty) {
                    Some(t) => t,
                    None => {
                        self.err(
                            format!("the default of `div` is {} but the quotient is {ty}", d.ty),
                            d.span,
                        );
                        Ty::Error
                    }
                };
                done(TKind::Call(Func::Div, vec![a, b, d]), ty)
            }
            "days_between" => {
                if !count(self, args.len() == 2, "2 arguments (from, to)") {
                    return failed();
                }
                let a = self.date(&args[0], name);
                let b = self.date(&args[1], name);
                done(TKind::Call(Func::DaysBetween, vec![a, b]), Ty::Number)
            }
            "year" | "month" => {
                if !count(self, args.len() == 1, "1 argument") {
                    return failed();
                }
                let d = self.date(&args[0], name);
                let func = if name == "year" {
                    Func::Year
                } else {
                    Func::Month
                };
                done(TKind::Call(func, vec![d]), Ty::Number)
            }
            "tier" => {
                if !count(self, args.len() == 2, "2 arguments (tier name, base)") {
                    return failed();
                }
                let tier = match &args[0].kind {
                    ExprKind::Name(n) => match self.names.get(n) {
                        Some(Symbol::Tier(i)) => Some(i),
                        _ => None,
                    },
                    _ => None,
                };
                let base = self.numeric(&args[1], "the base of `tier`");
                match tier {
                    Some(i) => {
                        let sig = self.tiers.get(i).copied().unwrap_or(TierSig {
                            has_rates: true,
                            declared: None,
                        });
                        let ty = sig.amount_ty(base.ty);
                        done(TKind::TierOn(i, Box::new(base)), ty)
                    }
                    None => {
                        let written = match &args[0].kind {
                            ExprKind::Name(n) => n.clone(),
                            _ => String::from("this"),
                        };
                        let suggestion = self
                            .names
                            .nearest_where(&written, |s| matches!(s, Symbol::Tier(_)));
                        self.errors.push(CheckError::UnknownName {
                            name: written.clone(),
                            span: args[0].span,
                            suggestion,
                            hint: Some(
                                "the first argument of `tier` must name a [tiers] table".into(),
                            ),
                        });
                        failed()
                    }
                }
            }
            _ => {
                for a in args {
                    self.expr(a);
                }
                self.errors.push(CheckError::UnknownFunction {
                    name: name.to_string(),
                    span: name_span,
                    suggestion: crate::error::nearest(name, FUNCTIONS).map(str::to_string),
                });
                failed()
            }
        }
    }

    fn date(&mut self, e: &Expr, func: &str) -> TExpr {
        let t = self.expr(e);
        if !matches!(t.ty, Ty::Date | Ty::Error) {
            self.err(format!("`{func}` needs a date, found {}", t.ty), e.span);
        }
        t
    }

    fn same_numeric(&mut self, func: &str, args: &[TExpr]) -> Ty {
        let mut ty: Option<Ty> = None;
        for a in args {
            if !a.ty.is_numeric() && a.ty != Ty::Date {
                self.err(
                    format!("`{func}` needs money, numbers or dates, found {}", a.ty),
                    a.span,
                );
                return Ty::Error;
            }
            ty = match ty {
                None => Some(a.ty),
                Some(t) => match t.unify(a.ty) {
                    Some(u) => Some(u),
                    None => {
                        self.err(
                            format!("the arguments of `{func}` must all be money or all numbers; this one is {} where an earlier one is {t}", a.ty),
                            a.span,
                        );
                        return Ty::Error;
                    }
                },
            };
        }
        ty.unwrap_or(Ty::Error)
    }
}
