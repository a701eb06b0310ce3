//! The symbol table: every name a formula can use, resolved once.

use super::ir::Symbol;
use crate::policy::PolicyDef;
use crate::text::name_key;
use std::cell::Cell;
use std::collections::HashMap;

/// Every name a policy defines, in declaration order: inputs, params, scorecards (total,
/// metrics, grade), tiers (amount, rate, bracket amount), curves, values, then the period.
/// The one list from which the symbol table, the default outputs and the plan's slots derive.
pub(crate) fn declared(def: &PolicyDef) -> Vec<(String, Symbol)> {
    let mut out = Vec::new();
    for (i, d) in def.inputs.iter().enumerate() {
        out.push((d.name.name.clone(), Symbol::Input(i)));
    }
    for (i, d) in def.params.iter().enumerate() {
        out.push((d.name.name.clone(), Symbol::Param(i)));
    }
    for (i, s) in def.scorecards.iter().enumerate() {
        out.push((s.name.name.clone(), Symbol::Score(i)));
        for (m, metric) in s.metrics.iter().enumerate() {
            let name = format!("{}.{}", s.name.name, metric.name.name);
            out.push((name, Symbol::Metric(i, m)));
        }
        if !s.ratings.is_empty() {
            out.push((format!("{}.grade", s.name.name), Symbol::Grade(i)));
        }
    }
    for (i, t) in def.tiers.iter().enumerate() {
        out.push((t.name.name.clone(), Symbol::Tier(i)));
        out.push((format!("{}.rate", t.name.name), Symbol::TierRate(i)));
        out.push((format!("{}.amount", t.name.name), Symbol::TierAmount(i)));
    }
    for (i, c) in def.curves.iter().enumerate() {
        out.push((c.name.name.clone(), Symbol::Curve(i)));
    }
    for (i, d) in def.values.iter().enumerate() {
        out.push((d.name.name.clone(), Symbol::Value(i)));
    }
    out.push(("period.start".into(), Symbol::PeriodStart));
    out.push(("period.end".into(), Symbol::PeriodEnd));
    out.push(("period.days".into(), Symbol::PeriodDays));
    out
}

/// How many "did you mean" suggestions one check looks for. Each compares the name with every
/// defined name, so without a budget a file with thousands of unknown names and thousands of
/// definitions takes quadratic time; nobody reads that many suggestions anyway.
const SUGGESTIONS: usize = 20;

/// Every name a formula can use, with its symbol.
pub(crate) struct Names {
    /// By [`name_key`] (NFKC), so that `ｆｕｌｌ` in a formula finds the input `full`: the
    /// name as declared, and its symbol.
    map: HashMap<String, (String, Symbol)>,
    broken: std::collections::HashSet<String>,
    /// Suggestions still to be given (see [`SUGGESTIONS`]).
    suggestions: Cell<usize>,
}

impl Names {
    /// Collects the names of a policy. The first definition of a name wins; the loader has
    /// already reported duplicates.
    pub(crate) fn build(def: &PolicyDef, broken: &[String]) -> Names {
        let mut map = HashMap::new();
        for (name, sym) in declared(def) {
            map.entry(name_key(&name).into_owned())
                .or_insert((name, sym));
        }
        Names {
            map,
            broken: broken.iter().map(|b| name_key(b).into_owned()).collect(),
            suggestions: Cell::new(SUGGESTIONS),
        }
    }

    /// Whether `name` (or the table it belongs to, for `kpi.sales`) was defined with errors
    /// already reported.
    pub(crate) fn is_broken(&self, name: &str) -> bool {
        let name = &*name_key(name);
        self.broken.contains(name)
            || name
                .split_once('.')
                .is_some_and(|(head, _)| self.broken.contains(head))
    }

    /// The symbol a name stands for.
    pub(crate) fn get(&self, name: &str) -> Option<Symbol> {
        self.map.get(&*name_key(name)).map(|(_, sym)| *sym)
    }

    /// The error for a name that is not defined: the nearest name, or for `kpi.grade` on a
    /// scorecard without ratings, why it has no grade.
    pub(crate) fn unknown(&self, name: &str, span: crate::error::Span) -> super::CheckError {
        let hint = name.strip_suffix(".grade").and_then(|card| {
            matches!(self.get(card), Some(Symbol::Score(_)))
                .then(|| format!("scorecard `{card}` has no `ratings`, so it has no grade"))
        });
        super::CheckError::UnknownName {
            name: name.to_string(),
            span,
            suggestion: if hint.is_some() {
                None
            } else {
                self.nearest(name)
            },
            hint,
        }
    }

    /// The nearest defined name, for "did you mean"; `None` once the check has given
    /// [`SUGGESTIONS`] of them.
    pub(crate) fn nearest(&self, name: &str) -> Option<String> {
        self.nearest_where(name, |_| true)
    }

    /// The nearest defined name whose symbol passes `keep`, within the same budget.
    pub(crate) fn nearest_where(
        &self,
        name: &str,
        keep: impl Fn(Symbol) -> bool,
    ) -> Option<String> {
        let left = self.suggestions.get().checked_sub(1)?;
        self.suggestions.set(left);
        let candidates = self.map.values().filter(|(_, s)| keep(*s));
        crate::error::nearest(name, candidates.map(|(n, _)| n.as_str())).map(str::to_string)
    }
}
