//! `[tiers.NAME]`: a bracket table on a base. A tier pays in its base's type; a tier of
//! amounts only may declare another.

use super::{rounding, Built, Kind};
use crate::check::error::{CheckError, Definition, Place};
use crate::check::exprs::{TierSig, Typer};
use crate::check::ir::{self, Symbol, Unit};
use crate::check::types::Ty;
use crate::policy::{Named, PolicyDef, TierDef};
use crate::syntax::Expr;
use rust_decimal::Decimal;

/// The tier kind.
pub(crate) struct Tier;

impl Kind for Tier {
    fn count(&self, def: &PolicyDef) -> usize {
        def.tiers.len()
    }

    fn name<'d>(&self, def: &'d PolicyDef, i: usize) -> &'d Named {
        &def.tiers[i].name
    }

    /// The amount (`commission`), the rate and the amount of the bracket reached.
    fn symbols(&self, def: &PolicyDef, i: usize, out: &mut Vec<(String, Symbol)>) {
        let name = &def.tiers[i].name.name;
        out.push((name.clone(), Symbol::Tier(i)));
        out.push((format!("{name}.rate"), Symbol::TierRate(i)));
        out.push((format!("{name}.amount"), Symbol::TierAmount(i)));
    }

    fn owner(&self, sym: Symbol) -> Option<usize> {
        match sym {
            Symbol::Tier(i) | Symbol::TierRate(i) | Symbol::TierAmount(i) => Some(i),
            _ => None,
        }
    }

    fn formulas<'d>(&self, def: &'d PolicyDef, i: usize) -> Vec<&'d Expr> {
        let t = &def.tiers[i];
        let mut es = vec![&t.on];
        es.extend(t.cap.iter());
        es
    }

    /// `tier(NAME, base)` may be typed before the tier itself: it needs only the brackets.
    fn prepare(&self, def: &PolicyDef, i: usize, typer: &mut Typer<'_>) {
        let t = &def.tiers[i];
        let sig = TierSig {
            has_rates: t.brackets.iter().any(|b| b.rate.is_some()),
            declared: t.ty.map(|(vt, _)| Ty::of(vt)),
        };
        typer.tiers.insert(i, sig);
    }

    /// Checks a tier: base type, bracket order, amount type, cap.
    fn check<'d>(&self, def: &'d PolicyDef, i: usize, typer: &mut Typer<'d>, out: &mut Built) {
        let t = &def.tiers[i];
        let name = &t.name.name;
        let on = typer.numeric(&t.on, Place::TierBase { tier: name.clone() });
        brackets(t, typer);
        let sig = typer.tiers[&i];
        let ty = sig.amount_ty(on.ty);
        // Amounts are constants, so a tier of amounts only may declare the type it pays (a
        // step bonus by KPI pays money); a rate times the base has the base's type.
        if let (Some((declared, span)), true) = (t.ty, sig.has_rates) {
            if on.ty != Ty::Error && on.ty != Ty::Flex && on.ty != Ty::of(declared) {
                typer.errors.push(CheckError::TierRates {
                    tier: name.clone(),
                    base: on.ty,
                    declared,
                    span,
                });
            }
        }
        let cap = t.cap.as_ref().map(|e| {
            let c = typer.expr(e);
            if c.ty.unify(ty).is_none() || !c.ty.is_numeric() {
                typer.errors.push(CheckError::TierCap {
                    tier: name.clone(),
                    cap: c.ty,
                    pays: ty,
                    span: e.span,
                });
            }
            c
        });
        typer.tys.insert(Symbol::Tier(i), ty);
        typer.tys.insert(Symbol::TierRate(i), Ty::Number);
        typer.tys.insert(Symbol::TierAmount(i), ty);
        out.tiers[i] = Some(ir::Tier {
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
            rounding: rounding(t.rounding, ty, def.meta.rounding),
            docs: t.docs.clone(),
        });
        out.order.push(Unit::Tier(i));
    }
}

/// A tier has brackets, with strictly ascending starts.
fn brackets(t: &TierDef, typer: &mut Typer<'_>) {
    let name = &t.name.name;
    if t.brackets.is_empty() {
        typer.errors.push(CheckError::Empty {
            kind: Definition::Tier,
            name: name.clone(),
            span: t.name.span,
        });
    }
    for pair in t.brackets.windows(2) {
        if pair[1].start <= pair[0].start {
            typer.errors.push(CheckError::BracketOrder {
                tier: name.clone(),
                start: pair[1].start,
                inclusive: pair[1].inclusive,
                after: pair[0].start,
                after_inclusive: pair[0].inclusive,
                span: pair[1].span,
            });
        }
    }
}
