//! `[values]`: named formulas, computed per employee.

use super::{declared_type, rounding, Built, Kind};
use crate::check::error::Definition;
use crate::check::exprs::Typer;
use crate::check::ir::{self, Symbol, Unit};
use crate::check::types::Ty;
use crate::policy::{Named, PolicyDef};
use crate::syntax::Expr;
use crate::vocab::ValueType;

/// The value kind.
pub(crate) struct Value;

impl Kind for Value {
    fn count(&self, def: &PolicyDef) -> usize {
        def.values.len()
    }

    fn name<'d>(&self, def: &'d PolicyDef, i: usize) -> &'d Named {
        &def.values[i].name
    }

    fn symbols(&self, def: &PolicyDef, i: usize, out: &mut Vec<(String, Symbol)>) {
        out.push((def.values[i].name.name.clone(), Symbol::Value(i)));
    }

    fn owner(&self, sym: Symbol) -> Option<usize> {
        match sym {
            Symbol::Value(i) => Some(i),
            _ => None,
        }
    }

    fn formulas<'d>(&self, def: &'d PolicyDef, i: usize) -> Vec<&'d Expr> {
        vec![&def.values[i].expr]
    }

    /// A declared type is known before any formula is typed: `ytd_before(tax)` and
    /// `prev(tax)` may name a value typed later, or the value being defined.
    fn prepare(&self, def: &PolicyDef, i: usize, typer: &mut Typer<'_>) {
        if let Some((vt, _)) = def.values[i].ty {
            typer.tys.insert(Symbol::Value(i), Ty::of(vt));
        }
    }

    fn check<'d>(&self, def: &'d PolicyDef, i: usize, typer: &mut Typer<'d>, out: &mut Built) {
        let v = &def.values[i];
        typer.exclude_failed = v.exclude_failed;
        let expr = typer.expr(&v.expr);
        typer.exclude_failed = false;
        let mut ty = expr.ty;
        if let Some(vt) = v.ty {
            let named = (Definition::Value, v.name.name.as_str());
            ty = declared_type(typer, named, vt, (ty, Some(&v.expr)));
        }
        typer.tys.insert(Symbol::Value(i), ty);
        out.values[i] = Some(ir::NamedValue {
            span: v.name.span,
            expr,
            ty,
            rounding: rounding(v.rounding, ty, def.meta.rounding),
            whole: matches!(v.ty, Some((ValueType::Integer, _))),
            percent: matches!(v.ty, Some((ValueType::Percent, _))),
            docs: v.docs.clone(),
        });
        out.order.push(Unit::Value(i));
    }
}
