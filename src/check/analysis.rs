//! Checks `[analysis]`: every name is a figure the policy computes (an input, a param, a
//! value, a scorecard, a tier, ...) that is a number (or a condition, read as 0 or 1), and
//! every comparison's `where` is a condition.

use super::error::{CheckError, Place};
use super::exprs::Typer;
use super::names::Names;
use super::types::Ty;
use crate::policy::PolicyDef;

/// Reports the names `[analysis]` gives that the policy does not define (with the nearest
/// suggested) and each `where` that is not a condition.
pub(crate) fn analysis<'d>(def: &'d PolicyDef, names: &Names, typer: &mut Typer<'d>) {
    let Some(a) = &def.analysis else {
        return;
    };
    for n in a.names() {
        let Some(sym) = names.get(&n.name) else {
            let error = names.unknown(&n.name, n.span);
            typer.errors.push(names.follows(&n.name, error));
            continue;
        };
        if let Some(found @ (Ty::Text | Ty::Date)) = typer.tys.get(&sym).copied() {
            typer.errors.push(CheckError::NotNumeric {
                place: Place::AnalysisFigure {
                    name: n.name.clone(),
                },
                found,
                span: n.span,
            });
        }
    }
    for c in &a.compare {
        let place = Place::CompareWhere {
            compare: c.name.clone(),
        };
        typer.condition(&c.condition, place);
    }
}

/// The name of the hidden value computing comparison `i`'s `where` in the policy
/// `hrrules analyze` evaluates: `compare(1)` for the first.
pub(crate) fn compare_value(i: usize) -> String {
    format!("compare({})", i + 1)
}
