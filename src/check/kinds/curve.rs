//! `[curves.NAME]`: a piecewise-linear lookup on one input.

use super::{Built, Kind};
use crate::check::error::{CheckError, Definition, Place};
use crate::check::exprs::Typer;
use crate::check::ir::{self, Symbol, Unit};
use crate::check::types::Ty;
use crate::policy::{Named, PolicyDef};
use crate::syntax::Expr;

/// The curve kind.
pub(crate) struct Curve;

impl Kind for Curve {
    fn count(&self, def: &PolicyDef) -> usize {
        def.curves.len()
    }

    fn name<'d>(&self, def: &'d PolicyDef, i: usize) -> &'d Named {
        &def.curves[i].name
    }

    fn symbols(&self, def: &PolicyDef, i: usize, out: &mut Vec<(String, Symbol)>) {
        out.push((def.curves[i].name.name.clone(), Symbol::Curve(i)));
    }

    fn owner(&self, sym: Symbol) -> Option<usize> {
        match sym {
            Symbol::Curve(i) => Some(i),
            _ => None,
        }
    }

    fn formulas<'d>(&self, def: &'d PolicyDef, i: usize) -> Vec<&'d Expr> {
        vec![&def.curves[i].on]
    }

    /// Checks a curve: input type and point order.
    fn check<'d>(&self, def: &'d PolicyDef, i: usize, typer: &mut Typer<'d>, out: &mut Built) {
        let c = &def.curves[i];
        let name = &c.name.name;
        let on = typer.numeric(
            &c.on,
            Place::CurveInput {
                curve: name.clone(),
            },
        );
        if c.points.is_empty() {
            typer.errors.push(CheckError::Empty {
                kind: Definition::Curve,
                name: name.clone(),
                span: c.name.span,
            });
        }
        for pair in c.points.windows(2) {
            if pair[1].x <= pair[0].x {
                typer.errors.push(CheckError::PointOrder {
                    curve: name.clone(),
                    x: pair[1].x,
                    after: pair[0].x,
                    span: pair[1].span,
                });
            }
        }
        let ty = match c.ty {
            Some((declared, span)) => {
                let t = Ty::of(declared);
                if !matches!(t, Ty::Money | Ty::Number) {
                    typer.errors.push(CheckError::CurveType {
                        curve: name.clone(),
                        declared,
                        span,
                    });
                }
                t
            }
            None => Ty::Number,
        };
        typer.tys.insert(Symbol::Curve(i), ty);
        out.curves[i] = Some(ir::Curve {
            span: c.name.span,
            on,
            points: c.points.iter().map(|p| (p.x, p.y)).collect(),
            rounding: (ty == Ty::Money).then_some(def.meta.rounding),
            docs: c.docs.clone(),
        });
        out.order.push(Unit::Curve(i));
    }
}
