//! The functions that read earlier months: `ytd(NAME)`, `ytd_before(NAME)`, `prev(NAME[, n[,
//! default]])` and `ytd_months()`. Each past part is a hidden input of the plan (after the
//! declared inputs and the attendance measures), filled per employee from history; the
//! present part is the figure itself. `ytd_before` and `prev` do not depend on the figure
//! they name (the past is not a cycle: `tax = cumulative_tax - ytd_before(tax)`), `ytd`
//! does.

use super::builtins::Call;
use super::error::{ArgumentProblem, CheckError};
use super::exprs::Typer;
use super::ir::{self, Symbol, TExpr, TKind};
use super::types::Ty;
use crate::error::Span;
use crate::syntax::{BinaryOp, ExprKind};
use crate::value::Value;
use crate::vocab::{Lookback, ValueType};
use rust_decimal::Decimal;
use std::sync::Arc;

/// One hidden input standing for a past figure.
#[derive(Clone, Debug)]
pub(crate) struct Hidden {
    pub lookback: Lookback,
    /// `prev`'s default, used when that month is not in the history.
    pub default: Option<Value>,
    pub ty: ValueType,
    /// Where it is first used.
    pub span: Span,
}

impl Hidden {
    /// The hidden input, as the plan declares it.
    pub(crate) fn input(&self) -> ir::Input {
        let doc = match &self.lookback {
            Lookback::YtdBefore(n) => {
                format!("{n} summed over this year's months before the period, from history")
            }
            Lookback::Prev(n, k) => format!("{n} {k} month(s) before the period, from history"),
            Lookback::MonthsBefore => {
                "months of this year before the period the employee was paid, from history".into()
            }
        };
        ir::Input {
            name: Arc::from(self.lookback.to_string()),
            ty: self.ty,
            span: self.span,
            doc: Some(doc),
            min: None,
            max: None,
            default: self.default.clone(),
            measure: None,
            lookback: Some(self.lookback.clone()),
            population: None,
        }
    }
}

impl Typer<'_> {
    /// The hidden input for `lookback` (with `default`), added on first use.
    fn hidden(
        &mut self,
        lookback: Lookback,
        default: Option<Value>,
        ty: ValueType,
        span: Span,
    ) -> TExpr {
        let at =
            (self.lookbacks.iter()).position(|h| h.lookback == lookback && h.default == default);
        let i = at.unwrap_or_else(|| {
            self.lookbacks.push(Hidden {
                lookback,
                default,
                ty,
                span,
            });
            self.lookbacks.len() - 1
        });
        let sym = Symbol::Input(self.hidden_base + i);
        let t = Ty::of(ty);
        self.tys.insert(sym, t);
        TExpr {
            kind: TKind::Sym(sym),
            ty: t,
            span,
        }
    }

    /// The figure `call` names as its first argument, with its type; `None` after reporting
    /// why it names none.
    fn past_name(&mut self, call: &Call<'_>, summed: bool) -> Option<(String, ValueType)> {
        let arg = &call.args[0];
        let ExprKind::Name(name) = &arg.kind else {
            self.errors.push(CheckError::Argument {
                problem: ArgumentProblem::NotAName { func: call.func },
                span: arg.span,
            });
            return None;
        };
        let Some(sym) = self.names.get(name) else {
            let error = self.names.unknown(name, arg.span);
            self.errors.push(error);
            return None;
        };
        if matches!(
            sym,
            Symbol::PeriodStart | Symbol::PeriodEnd | Symbol::PeriodDays
        ) {
            self.errors.push(CheckError::Argument {
                problem: ArgumentProblem::PeriodPast { func: call.func },
                span: arg.span,
            });
            return None;
        }
        let problem = match self.tys.get(&sym).copied() {
            None => ArgumentProblem::UntypedPast {
                func: call.func,
                name: name.clone(),
            },
            Some(Ty::Error) => return None,
            Some(t) if summed && !t.is_numeric() => ArgumentProblem::NotSummable {
                func: call.func,
                name: name.clone(),
                found: t,
            },
            Some(t) => return Some((name.clone(), value_type(t))),
        };
        self.errors.push(CheckError::Argument {
            problem,
            span: arg.span,
        });
        None
    }
}

/// The declared type a past figure of static type `t` is read as.
fn value_type(t: Ty) -> ValueType {
    match t {
        Ty::Money => ValueType::Money,
        Ty::Bool => ValueType::Bool,
        Ty::Date => ValueType::Date,
        Ty::Text => ValueType::Text,
        Ty::Number | Ty::Flex | Ty::Error => ValueType::Number,
    }
}

/// `ytd_before(NAME)`: NAME summed over this year's earlier months.
pub(crate) fn ytd_before(t: &mut Typer<'_>, call: &Call<'_>) -> TExpr {
    let Some((name, ty)) = t.past_name(call, true) else {
        return Typer::failed(call.span);
    };
    t.hidden(Lookback::YtdBefore(Arc::from(name)), None, ty, call.span)
}

/// `ytd(NAME)`: NAME this month plus `ytd_before(NAME)`.
pub(crate) fn ytd(t: &mut Typer<'_>, call: &Call<'_>) -> TExpr {
    let Some((name, ty)) = t.past_name(call, true) else {
        return Typer::failed(call.span);
    };
    let now = t.expr(&call.args[0]);
    let past = t.hidden(Lookback::YtdBefore(Arc::from(name)), None, ty, call.span);
    let result = now.ty;
    TExpr {
        kind: TKind::Binary(BinaryOp::Add, Box::new(now), Box::new(past)),
        ty: result,
        span: call.span,
    }
}

/// `ytd_months()`: this year's earlier months paid, plus this one.
pub(crate) fn ytd_months(t: &mut Typer<'_>, call: &Call<'_>) -> TExpr {
    let past = t.hidden(Lookback::MonthsBefore, None, ValueType::Integer, call.span);
    let one = TExpr {
        kind: TKind::Const(Value::Number(Decimal::ONE)),
        ty: Ty::Number,
        span: call.span,
    };
    TExpr {
        kind: TKind::Binary(BinaryOp::Add, Box::new(past), Box::new(one)),
        ty: Ty::Number,
        span: call.span,
    }
}

/// `prev(NAME)`, `prev(NAME, n)`, `prev(NAME, n, default)`.
pub(crate) fn prev(t: &mut Typer<'_>, call: &Call<'_>) -> TExpr {
    let named = t.past_name(call, false);
    let back = match call.args.get(1) {
        None => Some(1),
        Some(a) => match &a.kind {
            ExprKind::Number(n)
                if n.fract().is_zero() && *n >= Decimal::ONE && *n <= Decimal::from(120) =>
            {
                u32::try_from(n.mantissa() / 10i128.pow(n.scale())).ok()
            }
            _ => {
                t.errors.push(CheckError::Argument {
                    problem: ArgumentProblem::MonthsBack,
                    span: a.span,
                });
                None
            }
        },
    };
    let default = match (call.args.get(2), &named) {
        (Some(a), Some((_, ty))) => {
            let d = t.expr(a);
            match (&d.kind, d.ty.fits(Ty::of(*ty))) {
                (TKind::Const(v), true) => Some(Some(v.clone())),
                _ => {
                    t.errors.push(CheckError::Argument {
                        problem: ArgumentProblem::PrevDefault {
                            default: if matches!(d.kind, TKind::Const(_)) {
                                d.ty
                            } else {
                                Ty::Error
                            },
                            figure: Ty::of(*ty),
                        },
                        span: a.span,
                    });
                    None
                }
            }
        }
        _ => Some(None),
    };
    match (named, back, default) {
        (Some((name, ty)), Some(n), Some(default)) => {
            t.hidden(Lookback::Prev(Arc::from(name), n), default, ty, call.span)
        }
        _ => Typer::failed(call.span),
    }
}
