//! The symbol table: every name a formula can use, resolved once.

use super::ir::Symbol;
use crate::policy::PolicyDef;
use std::cell::Cell;
use std::collections::HashMap;

/// How many "did you mean" suggestions one check looks for. Each compares the name with every
/// defined name, so without a budget a file with thousands of unknown names and thousands of
/// definitions takes quadratic time; nobody reads that many suggestions anyway.
const SUGGESTIONS: usize = 20;

/// Every name a formula can use, with its symbol.
pub(crate) struct Names {
    map: HashMap<String, Symbol>,
    broken: std::collections::HashSet<String>,
    /// Suggestions still to be given (see [`SUGGESTIONS`]).
    suggestions: Cell<usize>,
}

impl Names {
    /// Collects the names of a policy. The first definition of a name wins; the loader has
    /// already reported duplicates.
    pub(crate) fn build(def: &PolicyDef, broken: &[String]) -> Names {
        let mut map = HashMap::new();
        let mut add = |name: String, sym: Symbol| {
            map.entry(name).or_insert(sym);
        };
        add("period.start".into(), Symbol::PeriodStart);
        add("period.end".into(), Symbol::PeriodEnd);
        add("period.days".into(), Symbol::PeriodDays);
        for (i, d) in def.inputs.iter().enumerate() {
            add(d.name.name.clone(), Symbol::Input(i));
        }
        for (i, d) in def.params.iter().enumerate() {
            add(d.name.name.clone(), Symbol::Param(i));
        }
        for (i, d) in def.values.iter().enumerate() {
            add(d.name.name.clone(), Symbol::Value(i));
        }
        for (i, s) in def.scorecards.iter().enumerate() {
            add(s.name.name.clone(), Symbol::Score(i));
            for (m, metric) in s.metrics.iter().enumerate() {
                add(
                    format!("{}.{}", s.name.name, metric.name.name),
                    Symbol::Metric(i, m),
                );
            }
            if !s.ratings.is_empty() {
                add(format!("{}.grade", s.name.name), Symbol::Grade(i));
            }
        }
        for (i, t) in def.tiers.iter().enumerate() {
            add(t.name.name.clone(), Symbol::Tier(i));
            add(format!("{}.rate", t.name.name), Symbol::TierRate(i));
            add(format!("{}.amount", t.name.name), Symbol::TierAmount(i));
        }
        for (i, c) in def.curves.iter().enumerate() {
            add(c.name.name.clone(), Symbol::Curve(i));
        }
        Names {
            map,
            broken: broken.iter().cloned().collect(),
            suggestions: Cell::new(SUGGESTIONS),
        }
    }

    /// Whether `name` (or the table it belongs to, for `kpi.sales`) was defined with errors
    /// already reported.
    pub(crate) fn is_broken(&self, name: &str) -> bool {
        self.broken.contains(name)
            || name
                .split_once('.')
                .is_some_and(|(head, _)| self.broken.contains(head))
    }

    /// The symbol a name stands for.
    pub(crate) fn get(&self, name: &str) -> Option<Symbol> {
        self.map.get(name).copied()
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
        let candidates = self.map.iter().filter(|(_, s)| keep(**s));
        crate::error::nearest(name, candidates.map(|(n, _)| n.as_str())).map(str::to_string)
    }

    /// All names, sorted.
    pub(crate) fn sorted(&self) -> Vec<(String, Symbol)> {
        let mut v: Vec<_> = self.map.iter().map(|(k, s)| (k.clone(), *s)).collect();
        v.sort();
        v
    }
}
