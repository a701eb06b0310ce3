//! `[params]`: constants and effective-dated constants. A param may only use other params
//! and `period`, so every param is known once the period is.

use super::{declared_type, Built, Kind};
use crate::check::error::{CheckError, Definition};
use crate::check::exprs::Typer;
use crate::check::ir::{self, Symbol, TExpr};
use crate::check::types::Ty;
use crate::date::Date;
use crate::policy::{Named, ParamValue, PolicyDef};
use crate::syntax::Expr;
use crate::vocab::ValueType;
use std::sync::Arc;

/// The param kind.
pub(crate) struct Param;

impl Kind for Param {
    fn count(&self, def: &PolicyDef) -> usize {
        def.params.len()
    }

    fn name<'d>(&self, def: &'d PolicyDef, i: usize) -> &'d Named {
        &def.params[i].name
    }

    fn symbols(&self, def: &PolicyDef, i: usize, out: &mut Vec<(String, Symbol)>) {
        out.push((def.params[i].name.name.clone(), Symbol::Param(i)));
    }

    fn owner(&self, sym: Symbol) -> Option<usize> {
        match sym {
            Symbol::Param(i) => Some(i),
            _ => None,
        }
    }

    fn formulas<'d>(&self, def: &'d PolicyDef, i: usize) -> Vec<&'d Expr> {
        match &def.params[i].value {
            ParamValue::Constant(e) => vec![e],
            ParamValue::Dated(vs) => vs.iter().map(|v| &v.value).collect(),
        }
    }

    fn check<'d>(&self, def: &'d PolicyDef, i: usize, typer: &mut Typer<'d>, out: &mut Built) {
        let p = &def.params[i];
        typer.param = Some(&p.name.name);
        let mut versions: Vec<(Option<Date>, TExpr, Option<String>)> = match &p.value {
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
            ty = Some(match ty {
                None => e.ty,
                Some(t) => t.unify(e.ty).unwrap_or_else(|| {
                    typer.errors.push(CheckError::DatedParam {
                        param: p.name.name.clone(),
                        first: t,
                        other: e.ty,
                        span: e.span,
                    });
                    Ty::Error
                }),
            });
        }
        let mut ty = ty.unwrap_or(Ty::Error);
        if let Some(vt) = p.ty {
            let named = (Definition::Param, p.name.name.as_str());
            ty = declared_type(typer, named, vt, (ty, None));
        }
        typer.tys.insert(Symbol::Param(i), ty);
        out.params[i] = Some(ir::Param {
            name: Arc::from(p.name.name.as_str()),
            span: p.name.span,
            ty,
            percent: matches!(p.ty, Some((ValueType::Percent, _))),
            versions,
            docs: p.docs.clone(),
        });
        out.param_order.push(i);
    }
}
