//! The built-in functions: one table of name, arity and typing function, one function per
//! built-in. Adding a built-in is one row here and one `Func` for the evaluator.

use super::error::{ArgumentProblem, CheckError, NameHint, Place};
use super::exprs::{TierSig, Typer};
use super::ir::{Func, Symbol, TExpr, TKind};
use super::types::Ty;
use crate::error::Span;
use crate::syntax::{BinaryOp, Expr, ExprKind};
use crate::vocab::{Rounding, RoundingMode};
use rust_decimal::Decimal;

/// A call being typed: the function's name, its arguments, the whole call's place.
pub(crate) struct Call<'e> {
    /// The function, as in [`BUILTINS`].
    pub func: &'static str,
    /// The arguments as written.
    pub args: &'e [Expr],
    /// `by GROUP`, for a population figure.
    pub by: Option<&'e Expr>,
    /// The whole call.
    pub span: Span,
}

/// One built-in function.
pub(crate) struct Builtin {
    /// Its name in formulas.
    pub name: &'static str,
    /// Whether a number of arguments is right.
    pub arity: fn(usize) -> bool,
    /// What it takes, in words, for the error when the number is wrong.
    pub takes: &'static str,
    /// Types a call with the right number of arguments.
    pub typing: fn(&mut Typer<'_>, &Call<'_>) -> TExpr,
}

/// Every built-in function, by name.
pub(crate) const BUILTINS: [Builtin; 16] = [
    row("abs", one, "1 argument", abs),
    row("ceil", one, "1 argument", ceil),
    row("clamp", three, "3 arguments (x, lo, hi)", clamp),
    row("days_between", two, "2 arguments (from, to)", days_between),
    row("div", three, "3 arguments (a, b, default)", div),
    row("floor", one, "1 argument", floor),
    row("max", some, "at least 1 argument", max),
    row("min", some, "at least 1 argument", min),
    row("month", one, "1 argument", month),
    row(
        "prev",
        one_to_three,
        "1 to 3 arguments (name, months back, default)",
        super::lookback::prev,
    ),
    row(
        "round",
        two_or_three,
        "2 or 3 arguments (x, places, \"mode\")",
        round,
    ),
    row("tier", two, "2 arguments (tier name, base)", tier),
    row("year", one, "1 argument", year),
    row("ytd", one, "1 argument (a name)", super::lookback::ytd),
    row(
        "ytd_before",
        one,
        "1 argument (a name)",
        super::lookback::ytd_before,
    ),
    row(
        "ytd_months",
        none,
        "no arguments",
        super::lookback::ytd_months,
    ),
];

/// A row of [`BUILTINS`].
const fn row(
    name: &'static str,
    arity: fn(usize) -> bool,
    takes: &'static str,
    typing: fn(&mut Typer<'_>, &Call<'_>) -> TExpr,
) -> Builtin {
    Builtin {
        name,
        arity,
        takes,
        typing,
    }
}

fn none(n: usize) -> bool {
    n == 0
}
fn one_to_three(n: usize) -> bool {
    (1..=3).contains(&n)
}
fn one(n: usize) -> bool {
    n == 1
}
fn two(n: usize) -> bool {
    n == 2
}
fn three(n: usize) -> bool {
    n == 3
}
fn two_or_three(n: usize) -> bool {
    n == 2 || n == 3
}
fn some(n: usize) -> bool {
    n >= 1
}

impl Typer<'_> {
    /// Types a call of a built-in function (or reports an unknown one).
    pub(crate) fn call(
        &mut self,
        name: &str,
        name_span: Span,
        args: &[Expr],
        by: Option<&Expr>,
        span: Span,
    ) -> TExpr {
        if let Some(func) = crate::vocab::PopFunc::named(name) {
            let (arity, takes) = super::population::arity(func);
            if !arity(args.len()) {
                self.errors.push(CheckError::ArgumentCount {
                    func: func.name(),
                    expected: takes,
                    found: args.len(),
                    span,
                });
                return Typer::failed(span);
            }
            let call = Call {
                func: func.name(),
                args,
                by,
                span,
            };
            return self.population(func, &call);
        }
        if let Some(b) = by {
            self.errors.push(CheckError::Population {
                problem: super::error::PopulationProblem::ByNotPopulation {
                    func: name.to_string(),
                },
                span: b.span,
            });
        }
        if let Some(a) = args
            .iter()
            .find(|a| matches!(a.kind, ExprKind::Labelled { .. }))
        {
            self.errors.push(CheckError::Population {
                problem: super::error::PopulationProblem::Labelled {
                    func: Some(name.to_string()),
                },
                span: a.span,
            });
            return Typer::failed(span);
        }
        let Some(builtin) = BUILTINS.iter().find(|b| b.name == name) else {
            for a in args {
                self.expr(a);
            }
            let all = || {
                (BUILTINS.iter().map(|b| b.name))
                    .chain(crate::vocab::PopFunc::ALL.iter().map(|(n, _)| *n))
            };
            let suggestion = crate::error::nearest(name, all());
            self.errors.push(CheckError::UnknownFunction {
                name: name.to_string(),
                span: name_span,
                suggestion,
                functions: match suggestion {
                    Some(_) => Vec::new(),
                    None => {
                        let mut v: Vec<&'static str> = all().collect();
                        v.sort_unstable();
                        v
                    }
                },
            });
            return Typer::failed(span);
        };
        if !(builtin.arity)(args.len()) {
            if matches!(builtin.name, "min" | "max" | "clamp") {
                for a in args {
                    self.expr(a);
                }
            }
            self.errors.push(CheckError::ArgumentCount {
                func: builtin.name,
                expected: builtin.takes,
                found: args.len(),
                span,
            });
            return Typer::failed(span);
        }
        let call = Call {
            func: builtin.name,
            args,
            by: None,
            span,
        };
        (builtin.typing)(self, &call)
    }

    /// The common type of the arguments of `min`, `max` or `clamp`.
    fn same_ordered(&mut self, func: &'static str, args: &[TExpr]) -> Ty {
        let mut ty: Option<Ty> = None;
        for a in args {
            let problem = if !a.ty.is_numeric() && a.ty != Ty::Date {
                ArgumentProblem::NotOrdered { func, found: a.ty }
            } else {
                match ty.map_or(Some(a.ty), |t| t.unify(a.ty)) {
                    Some(u) => {
                        ty = Some(u);
                        continue;
                    }
                    None => ArgumentProblem::Mixed {
                        func,
                        this: a.ty,
                        earlier: ty.unwrap_or(Ty::Error),
                    },
                }
            };
            self.errors.push(CheckError::Argument {
                problem,
                span: a.span,
            });
            return Ty::Error;
        }
        ty.unwrap_or(Ty::Error)
    }
}

fn done(call: &Call<'_>, kind: TKind, ty: Ty) -> TExpr {
    TExpr {
        kind,
        ty,
        span: call.span,
    }
}

/// `min`, `max`, `clamp`: money, numbers or dates, all alike.
fn ordered(t: &mut Typer<'_>, call: &Call<'_>, func: Func) -> TExpr {
    let typed: Vec<TExpr> = call.args.iter().map(|a| t.expr(a)).collect();
    let ty = t.same_ordered(call.func, &typed);
    done(call, TKind::Call(func, typed), ty)
}

fn min(t: &mut Typer<'_>, call: &Call<'_>) -> TExpr {
    ordered(t, call, Func::Min)
}

fn max(t: &mut Typer<'_>, call: &Call<'_>) -> TExpr {
    ordered(t, call, Func::Max)
}

fn clamp(t: &mut Typer<'_>, call: &Call<'_>) -> TExpr {
    let e = ordered(t, call, Func::Clamp);
    if e.ty == Ty::Date {
        t.errors.push(CheckError::Argument {
            problem: ArgumentProblem::ClampDates,
            span: call.span,
        });
    }
    e
}

/// `abs`, `floor`, `ceil`: one money or number argument, same type out.
fn numeric(t: &mut Typer<'_>, call: &Call<'_>, func: Func) -> TExpr {
    let x = t.numeric(&call.args[0], Place::Argument { func: call.func });
    let ty = x.ty;
    done(call, TKind::Call(func, vec![x]), ty)
}

fn abs(t: &mut Typer<'_>, call: &Call<'_>) -> TExpr {
    numeric(t, call, Func::Abs)
}

fn floor(t: &mut Typer<'_>, call: &Call<'_>) -> TExpr {
    numeric(t, call, Func::Floor)
}

fn ceil(t: &mut Typer<'_>, call: &Call<'_>) -> TExpr {
    numeric(t, call, Func::Ceil)
}

/// `round(x, places)` / `round(x, places, "mode")`: places and mode are constants.
fn round(t: &mut Typer<'_>, call: &Call<'_>) -> TExpr {
    let x = t.numeric(&call.args[0], Place::RoundValue);
    let places = match &call.args[1].kind {
        ExprKind::Number(d)
            if d.fract().is_zero() && *d >= Decimal::ZERO && *d <= Decimal::from(28) =>
        {
            u32::try_from(d.mantissa() / 10i128.pow(d.scale())).unwrap_or(0)
        }
        _ => {
            t.errors.push(CheckError::RoundPlaces {
                span: call.args[1].span,
            });
            0
        }
    };
    let mode = call.args.get(2).map_or(RoundingMode::HalfUp, |arg| {
        let written = match &arg.kind {
            ExprKind::Text(m) => match RoundingMode::from_name(m) {
                Some(mode) => return mode,
                None => Some(m.clone()),
            },
            _ => None,
        };
        let modes = RoundingMode::ALL.map(|(n, _)| n);
        t.errors.push(CheckError::RoundMode {
            suggestion: written
                .as_deref()
                .and_then(|m| crate::error::nearest(m, modes)),
            written,
            modes: modes.to_vec(),
            span: arg.span,
        });
        RoundingMode::HalfUp
    });
    let ty = x.ty;
    let func = Func::Round(Rounding { places, mode });
    done(call, TKind::Call(func, vec![x]), ty)
}

/// `div(a, b, default)`: `a / b`, or `default` when `b` is zero.
fn div(t: &mut Typer<'_>, call: &Call<'_>) -> TExpr {
    let a = t.expr(&call.args[0]);
    let b = t.expr(&call.args[1]);
    let d = t.expr(&call.args[2]);
    let quotient = Ty::binary(BinaryOp::Div, a.ty, b.ty).unwrap_or_else(|| {
        t.errors.push(CheckError::Operands {
            op: BinaryOp::Div,
            left: a.ty,
            right: b.ty,
            untyped_tier: None,
            span: call.span,
        });
        Ty::Error
    });
    let ty = quotient.unify(d.ty).unwrap_or_else(|| {
        t.errors.push(CheckError::Argument {
            problem: ArgumentProblem::DivDefault {
                default: d.ty,
                quotient,
            },
            span: d.span,
        });
        Ty::Error
    });
    done(call, TKind::Call(Func::Div, vec![a, b, d]), ty)
}

fn days_between(t: &mut Typer<'_>, call: &Call<'_>) -> TExpr {
    let a = t.date(&call.args[0], call.func);
    let b = t.date(&call.args[1], call.func);
    done(call, TKind::Call(Func::DaysBetween, vec![a, b]), Ty::Number)
}

fn year(t: &mut Typer<'_>, call: &Call<'_>) -> TExpr {
    let d = t.date(&call.args[0], call.func);
    done(call, TKind::Call(Func::Year, vec![d]), Ty::Number)
}

fn month(t: &mut Typer<'_>, call: &Call<'_>) -> TExpr {
    let d = t.date(&call.args[0], call.func);
    done(call, TKind::Call(Func::Month, vec![d]), Ty::Number)
}

/// `tier(NAME, base)`: tier NAME's brackets on another base.
fn tier(t: &mut Typer<'_>, call: &Call<'_>) -> TExpr {
    let (name_arg, base_arg) = (&call.args[0], &call.args[1]);
    let written = match &name_arg.kind {
        ExprKind::Name(n) => Some(n.as_str()),
        _ => None,
    };
    let index = written.and_then(|n| match t.names.get(n) {
        Some(Symbol::Tier(i)) => Some(i),
        _ => None,
    });
    let base = t.numeric(base_arg, Place::TierCallBase);
    let Some(i) = index else {
        let written = written.unwrap_or("this").to_string();
        let suggestion = t
            .names
            .nearest_where(&written, |s| matches!(s, Symbol::Tier(_)));
        t.errors.push(CheckError::UnknownName {
            name: written,
            span: name_arg.span,
            suggestion,
            hint: Some(NameHint::NotATier),
        });
        return Typer::failed(call.span);
    };
    let sig = t.tiers.get(&i).copied().unwrap_or(TierSig {
        has_rates: true,
        declared: None,
    });
    let ty = sig.amount_ty(base.ty);
    done(call, TKind::TierOn(i, Box::new(base)), ty)
}

#[cfg(test)]
mod tests {
    #[test]
    fn builtins_are_sorted_for_the_help_list() {
        let names: Vec<&str> = super::BUILTINS.iter().map(|b| b.name).collect();
        let mut sorted = names.clone();
        sorted.sort_unstable();
        assert_eq!(names, sorted);
    }
}
