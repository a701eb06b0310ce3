//! Checking each kind of table entry: inputs, params, values, scorecards, tiers, curves, outputs.

use super::error::{percent, CheckError};
use super::exprs::{TierSig, Typer};
use super::ir::{self, Symbol, TExpr};
use super::names::Names;
use super::order::Node;
use super::types::Ty;
use crate::error::Span;
use crate::policy::{
    InputDef, Literal, ParamDef, ParamValue, PolicyDef, Rounding, ScorecardDef, TierDef, ValueDef,
    ValueType,
};
use crate::syntax::Expr;
use crate::value::Value;
use rust_decimal::Decimal;
use std::sync::Arc;

/// The name and place of a computed thing, for cycle messages.
pub(crate) fn node_name(def: &PolicyDef, node: Node) -> (String, Span) {
    let n = match node {
        Node::Param(i) => &def.params[i].name,
        Node::Value(i) => &def.values[i].name,
        Node::Scorecard(i) => &def.scorecards[i].name,
        Node::Tier(i) => &def.tiers[i].name,
        Node::Curve(i) => &def.curves[i].name,
    };
    (n.name.clone(), n.span)
}

/// Checks an input's bounds and default.
pub(crate) fn input(d: &InputDef, errors: &mut Vec<CheckError>) -> ir::Input {
    let numeric = matches!(
        d.ty,
        ValueType::Money | ValueType::Number | ValueType::Percent | ValueType::Integer
    );
    let mut bad = |message: String, span: Span| errors.push(CheckError::BadInput { message, span });
    for (what, bound) in [("min", &d.min), ("max", &d.max)] {
        if let (Some((_, span)), false) = (bound, numeric) {
            bad(
                format!(
                    "input `{}` is {}; only numeric inputs have a `{what}`",
                    d.name.name,
                    d.ty.name()
                ),
                *span,
            );
        }
    }
    if let (Some((lo, _)), Some((hi, span))) = (&d.min, &d.max) {
        if lo > hi {
            bad(
                format!("input `{}` has min {lo} above its max {hi}", d.name.name),
                *span,
            );
        }
    }
    let default = d.default.as_ref().and_then(|(lit, span)| {
        let v = literal_as(lit, d.ty);
        if v.is_none() {
            bad(
                format!(
                    "the default of input `{}` is not {}",
                    d.name.name,
                    article(d.ty)
                ),
                *span,
            );
        }
        if let Some(Value::Number(x)) = &v {
            let below = d.min.as_ref().is_some_and(|(lo, _)| x < lo);
            let above = d.max.as_ref().is_some_and(|(hi, _)| x > hi);
            if below || above {
                bad(
                    format!(
                        "the default of input `{}` is outside its min/max",
                        d.name.name
                    ),
                    *span,
                );
            }
        }
        v
    });
    ir::Input {
        name: Arc::from(d.name.name.as_str()),
        ty: d.ty,
        span: d.name.span,
        doc: d.doc.clone(),
        min: d.min,
        max: d.max,
        default,
    }
}

fn article(ty: ValueType) -> &'static str {
    match ty {
        ValueType::Money => "money",
        ValueType::Number => "a number",
        ValueType::Percent => "a percentage",
        ValueType::Integer => "a whole number",
        ValueType::Bool => "true or false",
        ValueType::Date => "a date",
        ValueType::Text => "text",
    }
}

/// A table constant as a value of `ty`, if it is one.
fn literal_as(lit: &Literal, ty: ValueType) -> Option<Value> {
    use ValueType as T;
    match (lit, ty) {
        (Literal::Number(d), T::Money | T::Number | T::Percent) => Some(Value::Number(*d)),
        (Literal::Number(d), T::Integer) if d.fract().is_zero() => Some(Value::Number(*d)),
        (Literal::Percent(d), T::Number | T::Percent) => Some(Value::Number(*d)),
        (Literal::Bool(b), T::Bool) => Some(Value::Bool(*b)),
        (Literal::Date(d), T::Date) => Some(Value::Date(*d)),
        (Literal::Text(s), T::Text) => Some(Value::from(s.as_str())),
        _ => None,
    }
}

/// Every formula of a param.
pub(crate) fn param_exprs(p: &ParamDef) -> Vec<&Expr> {
    match &p.value {
        ParamValue::Constant(e) => vec![e],
        ParamValue::Dated(vs) => vs.iter().map(|v| &v.value).collect(),
    }
}

/// Types a param's versions, latest first.
pub(crate) fn param<'a>(p: &'a ParamDef, typer: &mut Typer<'a>) -> ir::Param {
    typer.param = Some(&p.name.name);
    let mut versions: Vec<(Option<crate::date::Date>, TExpr, Option<String>)> = match &p.value {
        ParamValue::Constant(e) => vec![(None, typer.expr(e), None)],
        ParamValue::Dated(vs) => vs
            .iter()
            .map(|v| (Some(v.from), typer.expr(&v.value), v.reference.clone()))
            .collect(),
    };
    typer.param = None;
    versions.sort_by_key(|v| std::cmp::Reverse(v.0));
    let mut ty: Option<Ty> = None;
    for (_, e, _) in &versions {
        ty = match ty {
            None => Some(e.ty),
            Some(t) => match t.unify(e.ty) {
                Some(u) => Some(u),
                None => {
                    typer.errors.push(CheckError::Type {
                        message: format!(
                            "the dated values of param `{}` disagree: {t} and {}",
                            p.name.name, e.ty
                        ),
                        span: e.span,
                    });
                    Some(Ty::Error)
                }
            },
        };
    }
    let mut ty = ty.unwrap_or(Ty::Error);
    if let Some((vt, span)) = p.ty {
        ty = declared(&p.name.name, "param", vt, ty, span, typer);
    }
    ir::Param {
        name: Arc::from(p.name.name.as_str()),
        span: p.name.span,
        ty,
        percent: matches!(p.ty, Some((ValueType::Percent, _))),
        versions,
        docs: p.docs.clone(),
    }
}

/// Checks a formula's type against a declared type; returns the type to use.
fn declared(
    name: &str,
    what: &str,
    vt: ValueType,
    found: Ty,
    span: Span,
    typer: &mut Typer<'_>,
) -> Ty {
    let want = Ty::of(vt);
    if !found.fits(want) {
        typer.errors.push(CheckError::Type {
            message: format!(
                "{what} `{name}` is declared {} but its formula gives {found}",
                vt.name()
            ),
            span,
        });
    }
    want
}

/// Types a named value.
pub(crate) fn value(v: &ValueDef, policy: Rounding, typer: &mut Typer<'_>) -> ir::NamedValue {
    let expr = typer.expr(&v.expr);
    let mut ty = expr.ty;
    if let Some((vt, span)) = v.ty {
        ty = declared(&v.name.name, "value", vt, ty, span, typer);
    }
    let rounding = match v.rounding {
        Some((r, _)) => Some(r),
        None if ty == Ty::Money => Some(policy),
        None => None,
    };
    ir::NamedValue {
        name: Arc::from(v.name.name.as_str()),
        span: v.name.span,
        expr,
        ty,
        rounding,
        whole: matches!(v.ty, Some((ValueType::Integer, _))),
        percent: matches!(v.ty, Some((ValueType::Percent, _))),
        docs: v.docs.clone(),
    }
}

/// Checks a scorecard: metric types, weights adding to exactly 100%, rating order.
pub(crate) fn scorecard(s: &ScorecardDef, typer: &mut Typer<'_>) -> ir::Scorecard {
    let card = &s.name.name;
    if s.metrics.is_empty() {
        typer.errors.push(CheckError::Empty {
            message: format!("scorecard `{card}` has no metrics"),
            span: s.name.span,
        });
    }
    let mut metrics = Vec::with_capacity(s.metrics.len());
    for m in &s.metrics {
        let what = format!("the score of metric `{card}.{}`", m.name.name);
        let score = score_expr(&m.score, &what, typer);
        let cap = m
            .cap
            .as_ref()
            .map(|e| score_expr(e, &format!("the cap of `{card}.{}`", m.name.name), typer));
        let floor = m
            .floor
            .as_ref()
            .map(|e| score_expr(e, &format!("the floor of `{card}.{}`", m.name.name), typer));
        let gate = m
            .gate
            .as_ref()
            .map(|e| typer.condition(e, &format!("the gate of `{card}.{}`", m.name.name)));
        if m.weight.0 < Decimal::ZERO {
            typer.errors.push(CheckError::Type {
                message: format!("the weight of metric `{card}.{}` is negative", m.name.name),
                span: m.weight.1,
            });
        }
        metrics.push(ir::Metric {
            name: Arc::from(m.name.name.as_str()),
            span: m.name.span,
            weight: m.weight.0,
            score,
            floor,
            cap,
            gate,
            doc: m.doc.clone(),
        });
    }
    let total: Decimal = s.metrics.iter().fold(Decimal::ZERO, |acc, m| {
        acc.checked_add(m.weight.0).unwrap_or(acc)
    });
    if !s.metrics.is_empty() && total != Decimal::ONE {
        let listed = s
            .metrics
            .iter()
            .map(|m| format!("{} {}", m.name.name, percent(m.weight.0)))
            .collect::<Vec<_>>()
            .join(" + ");
        typer.errors.push(CheckError::Weights {
            scorecard: card.clone(),
            total: percent(total),
            listed,
            span: s.name.span,
        });
    }
    for pair in s.ratings.windows(2) {
        if pair[1].min >= pair[0].min {
            typer.errors.push(CheckError::Order {
                what: format!("ratings of scorecard `{card}`"),
                detail: format!(
                    "grade {} (min {}) must have a lower min than grade {} (min {}); list bands from the highest min down",
                    pair[1].grade, pair[1].min, pair[0].grade, pair[0].min
                ),
                span: pair[1].span,
            });
        }
    }
    ir::Scorecard {
        name: Arc::from(card.as_str()),
        span: s.name.span,
        metrics,
        ratings: s
            .ratings
            .iter()
            .map(|r| (r.min, Arc::from(r.grade.as_str())))
            .collect(),
        docs: s.docs.clone(),
    }
}

fn score_expr(e: &Expr, what: &str, typer: &mut Typer<'_>) -> TExpr {
    let t = typer.expr(e);
    match t.ty {
        Ty::Number | Ty::Flex | Ty::Error => {}
        Ty::Money => typer.errors.push(CheckError::Type {
            message: format!("{what} is money; a score must be a number (divide by a target: `sales_amount / sales_target * 100`)"),
            span: e.span,
        }),
        other => typer.errors.push(CheckError::Type {
            message: format!("{what} must be a number, found {other}"),
            span: e.span,
        }),
    }
    t
}

/// Checks a tier: base type, bracket order, amount type, cap.
pub(crate) fn tier(t: &TierDef, sig: TierSig, policy: Rounding, typer: &mut Typer<'_>) -> ir::Tier {
    let name = &t.name.name;
    let on = typer.numeric(&t.on, &format!("the base of tier `{name}`"));
    if t.brackets.is_empty() {
        typer.errors.push(CheckError::Empty {
            message: format!("tier `{name}` has no brackets"),
            span: t.name.span,
        });
    }
    for pair in t.brackets.windows(2) {
        if pair[1].start <= pair[0].start {
            let word = |inclusive: bool| if inclusive { "from" } else { "above" };
            typer.errors.push(CheckError::Order {
                what: format!("brackets of tier `{name}`"),
                detail: format!(
                    "`{} = {}` comes after `{} = {}`; starts must be strictly ascending",
                    word(pair[1].inclusive),
                    pair[1].start,
                    word(pair[0].inclusive),
                    pair[0].start
                ),
                span: pair[1].span,
            });
        }
    }
    let ty = sig.amount_ty(on.ty);
    if let (Some((vt, span)), true) = (t.ty, sig.has_rates) {
        let declared = Ty::of(vt);
        if on.ty != Ty::Error && on.ty != Ty::Flex && on.ty != declared {
            typer.errors.push(CheckError::Type {
                message: format!(
                    "tier `{name}` pays rates on {} but is declared {}; a rate times {} is {}",
                    on.ty,
                    vt.name(),
                    on.ty,
                    on.ty
                ),
                span,
            });
        }
    }
    let cap = t.cap.as_ref().map(|e| {
        let c = typer.expr(e);
        if c.ty.unify(ty).is_none() || !c.ty.is_numeric() {
            typer.errors.push(CheckError::Type {
                message: format!(
                    "the cap of tier `{name}` is {} but the tier pays {ty}",
                    c.ty
                ),
                span: e.span,
            });
        }
        c
    });
    let rounding = match t.rounding {
        Some((r, _)) => Some(r),
        None if ty == Ty::Money => Some(policy),
        None => None,
    };
    ir::Tier {
        name: Arc::from(name.as_str()),
        span: t.name.span,
        on,
        mode: t.mode,
        brackets: t
            .brackets
            .iter()
            .map(|b| ir::Bracket {
                start: b.start,
                inclusive: b.inclusive,
                rate: b.rate.unwrap_or(Decimal::ZERO),
                amount: b.amount.unwrap_or(Decimal::ZERO),
            })
            .collect(),
        cap,
        ty,
        rounding,
        docs: t.docs.clone(),
    }
}

/// Checks a curve: input type and point order.
pub(crate) fn curve(
    c: &crate::policy::CurveDef,
    policy: Rounding,
    typer: &mut Typer<'_>,
) -> ir::Curve {
    let name = &c.name.name;
    let on = typer.numeric(&c.on, &format!("the input of curve `{name}`"));
    if c.points.is_empty() {
        typer.errors.push(CheckError::Empty {
            message: format!("curve `{name}` has no points"),
            span: c.name.span,
        });
    }
    for pair in c.points.windows(2) {
        if pair[1].x <= pair[0].x {
            typer.errors.push(CheckError::Order {
                what: format!("points of curve `{name}`"),
                detail: format!(
                    "x = {} comes after x = {}; x must be strictly ascending",
                    pair[1].x, pair[0].x
                ),
                span: pair[1].span,
            });
        }
    }
    let ty = match c.ty {
        Some((vt, span)) => {
            let t = Ty::of(vt);
            if !matches!(t, Ty::Money | Ty::Number) {
                typer.errors.push(CheckError::Type {
                    message: format!(
                        "curve `{name}` must give money or a number, not {}",
                        vt.name()
                    ),
                    span,
                });
            }
            t
        }
        None => Ty::Number,
    };
    ir::Curve {
        name: Arc::from(name.as_str()),
        span: c.name.span,
        on,
        points: c.points.iter().map(|p| (p.x, p.y)).collect(),
        ty,
        rounding: (ty == Ty::Money).then_some(policy),
        docs: c.docs.clone(),
    }
}

/// The columns shown: `[outputs] show`, or every scorecard, tier, curve and value.
pub(crate) fn outputs(
    def: &PolicyDef,
    names: &Names,
    errors: &mut Vec<CheckError>,
) -> Vec<(Arc<str>, Symbol)> {
    if let Some(show) = &def.outputs {
        let mut out = Vec::with_capacity(show.len());
        for n in show {
            match names.get(&n.name) {
                Some(sym) => out.push((Arc::from(n.name.as_str()), sym)),
                None if names.is_broken(&n.name) => {}
                None => errors.push(names.unknown(&n.name, n.span)),
            }
        }
        return out;
    }
    super::names::declared(def)
        .into_iter()
        .filter(|(_, sym)| {
            matches!(
                sym,
                Symbol::Score(_)
                    | Symbol::Metric(..)
                    | Symbol::Grade(_)
                    | Symbol::Tier(_)
                    | Symbol::Curve(_)
                    | Symbol::Value(_)
            )
        })
        .map(|(name, sym)| (Arc::from(name.as_str()), sym))
        .collect()
}

/// Checks that each `[[tests]]` entry names real inputs and figures and a valid period.
pub(crate) fn tests(def: &PolicyDef, names: &Names, errors: &mut Vec<CheckError>) {
    for t in &def.tests {
        if let Some((period, span)) = &t.period {
            if let Err(message) = period.parse::<crate::date::Period>() {
                errors.push(CheckError::BadTest {
                    message: format!("test \"{}\": {message}", t.name),
                    span: *span,
                    suggestion: None,
                });
            }
        }
        for (n, _) in &t.inputs {
            if !matches!(names.get(&n.name), Some(Symbol::Input(_))) {
                errors.push(CheckError::BadTest {
                    message: format!(
                        "test \"{}\" gives `{}`, which is not an input",
                        t.name, n.name
                    ),
                    span: n.span,
                    suggestion: names.nearest_where(&n.name, |s| matches!(s, Symbol::Input(_))),
                });
            }
        }
        for (n, _) in &t.expect {
            if names.get(&n.name).is_none() && !names.is_broken(&n.name) {
                errors.push(CheckError::BadTest {
                    message: format!(
                        "test \"{}\" expects `{}`, which the policy does not compute",
                        t.name, n.name
                    ),
                    span: n.span,
                    suggestion: names.nearest(&n.name),
                });
            }
        }
    }
}
