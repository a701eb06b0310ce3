//! `[scorecards.NAME]`: weighted metrics, a total and an optional grade.

use super::{Built, Kind};
use crate::check::error::{CheckError, Definition, Place};
use crate::check::exprs::Typer;
use crate::check::ir::{self, Symbol, TExpr, Unit};
use crate::check::types::Ty;
use crate::policy::{Named, PolicyDef, ScorecardDef};
use crate::syntax::Expr;
use rust_decimal::Decimal;
use std::sync::Arc;

/// The scorecard kind.
pub(crate) struct Scorecard;

impl Kind for Scorecard {
    fn count(&self, def: &PolicyDef) -> usize {
        def.scorecards.len()
    }

    fn name<'d>(&self, def: &'d PolicyDef, i: usize) -> &'d Named {
        &def.scorecards[i].name
    }

    /// The total (`kpi`), each metric (`kpi.sales`), and the grade (`kpi.grade`) when the
    /// scorecard has ratings.
    fn symbols(&self, def: &PolicyDef, i: usize, out: &mut Vec<(String, Symbol)>) {
        let s = &def.scorecards[i];
        out.push((s.name.name.clone(), Symbol::Score(i)));
        for (m, metric) in s.metrics.iter().enumerate() {
            let name = format!("{}.{}", s.name.name, metric.name.name);
            out.push((name, Symbol::Metric(i, m)));
        }
        if !s.ratings.is_empty() {
            out.push((format!("{}.grade", s.name.name), Symbol::Grade(i)));
        }
    }

    fn owner(&self, sym: Symbol) -> Option<usize> {
        match sym {
            Symbol::Score(i) | Symbol::Metric(i, _) | Symbol::Grade(i) => Some(i),
            _ => None,
        }
    }

    fn formulas<'d>(&self, def: &'d PolicyDef, i: usize) -> Vec<&'d Expr> {
        let mut es = Vec::new();
        for m in &def.scorecards[i].metrics {
            es.push(&m.score);
            es.extend(m.cap.iter());
            es.extend(m.floor.iter());
            es.extend(m.gate.iter());
        }
        es
    }

    /// A scorecard's names are numbers (and its grade text), whatever its formulas.
    fn prepare(&self, def: &PolicyDef, i: usize, typer: &mut Typer<'_>) {
        typer.tys.insert(Symbol::Score(i), Ty::Number);
        typer.tys.insert(Symbol::Grade(i), Ty::Text);
        for m in 0..def.scorecards[i].metrics.len() {
            typer.tys.insert(Symbol::Metric(i, m), Ty::Number);
        }
    }

    /// Checks a scorecard: metric types, weights adding to exactly 100%, rating order.
    fn check<'d>(&self, def: &'d PolicyDef, i: usize, typer: &mut Typer<'d>, out: &mut Built) {
        let s = &def.scorecards[i];
        let card = &s.name.name;
        if s.metrics.is_empty() {
            typer.errors.push(CheckError::Empty {
                kind: Definition::Scorecard,
                name: card.clone(),
                span: s.name.span,
            });
        }
        let metrics = s.metrics.iter().map(|m| metric(card, m, typer)).collect();
        weights(s, typer);
        ratings(s, typer);
        out.scorecards[i] = Some(ir::Scorecard {
            span: s.name.span,
            metrics,
            ratings: s
                .ratings
                .iter()
                .map(|r| (r.min, Arc::from(r.grade.as_str())))
                .collect(),
            docs: s.docs.clone(),
        });
        out.order.push(Unit::Scorecard(i));
    }
}

/// Checks one metric's score, cap, floor, gate and weight.
fn metric(card: &str, m: &crate::policy::MetricDef, typer: &mut Typer<'_>) -> ir::Metric {
    let place = |part| Place::Metric {
        part,
        scorecard: card.to_string(),
        metric: m.name.name.clone(),
    };
    let score = score_expr(&m.score, place("score"), typer);
    let cap = m.cap.as_ref().map(|e| score_expr(e, place("cap"), typer));
    let floor = (m.floor.as_ref()).map(|e| score_expr(e, place("floor"), typer));
    let gate = m.gate.as_ref().map(|e| typer.condition(e, place("gate")));
    if m.weight.0 < Decimal::ZERO {
        typer.errors.push(CheckError::NegativeWeight {
            scorecard: card.to_string(),
            metric: m.name.name.clone(),
            span: m.weight.1,
        });
    }
    ir::Metric {
        span: m.name.span,
        weight: m.weight.0,
        score,
        floor,
        cap,
        gate,
        doc: m.doc.clone(),
    }
}

fn score_expr(e: &Expr, place: Place, typer: &mut Typer<'_>) -> TExpr {
    let t = typer.expr(e);
    if !matches!(t.ty, Ty::Number | Ty::Flex | Ty::Error) {
        typer.errors.push(CheckError::NotScore {
            place,
            found: t.ty,
            span: e.span,
        });
    }
    t
}

/// Weights must add up to exactly 100%.
fn weights(s: &ScorecardDef, typer: &mut Typer<'_>) {
    let total: Decimal = s.metrics.iter().fold(Decimal::ZERO, |acc, m| {
        acc.checked_add(m.weight.0).unwrap_or(acc)
    });
    if !s.metrics.is_empty() && total != Decimal::ONE {
        typer.errors.push(CheckError::Weights {
            scorecard: s.name.name.clone(),
            total,
            weights: (s.metrics.iter())
                .map(|m| (m.name.name.clone(), m.weight.0))
                .collect(),
            span: s.name.span,
        });
    }
}

/// Rating bands go from the highest `min` down.
fn ratings(s: &ScorecardDef, typer: &mut Typer<'_>) {
    for pair in s.ratings.windows(2) {
        if pair[1].min >= pair[0].min {
            typer.errors.push(CheckError::RatingOrder {
                scorecard: s.name.name.clone(),
                grade: pair[1].grade.clone(),
                min: pair[1].min,
                above: pair[0].grade.clone(),
                above_min: pair[0].min,
                span: pair[1].span,
            });
        }
    }
}
