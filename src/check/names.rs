//! The symbol table: every name a formula can use, resolved once.

use super::error::{CheckError, NameHint};
use super::ir::Symbol;
use crate::text::name_key;
use std::cell::Cell;
use std::collections::HashMap;

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
    /// The symbol table of the names a policy declares (see [`super::kinds::declared`]). The
    /// first definition of a name wins; the loader has already reported duplicates.
    pub(crate) fn build(declared: Vec<(String, Symbol)>, broken: &[String]) -> Names {
        let mut map = HashMap::new();
        for (name, sym) in declared {
            map.entry(name_key(&name).into_owned())
                .or_insert((name, sym));
        }
        Names {
            map,
            broken: broken.iter().map(|b| name_key(b).into_owned()).collect(),
            suggestions: Cell::new(SUGGESTIONS),
        }
    }

    /// The definition left out by the loader that `name` belongs to (itself, or the table
    /// of `kpi.sales`), if any.
    fn broken_head(&self, name: &str) -> Option<String> {
        let key = name_key(name);
        if self.broken.contains(&*key) {
            return Some(name.to_string());
        }
        let (head, _) = name.split_once('.')?;
        self.broken
            .contains(&*name_key(head))
            .then(|| head.to_string())
    }

    /// `error`, about the missing `name`, marked as following from the definition the loader
    /// left out when `name` belongs to one (see [`CheckError::FollowsFrom`]).
    pub(crate) fn follows(&self, name: &str, error: CheckError) -> CheckError {
        match self.broken_head(name) {
            Some(definition) => CheckError::FollowsFrom {
                definition,
                error: Box::new(error),
            },
            None => error,
        }
    }

    /// The name `sym` is declared as.
    pub(crate) fn name_of(&self, sym: Symbol) -> Option<String> {
        (self.map.values())
            .find(|(_, s)| *s == sym)
            .map(|(n, _)| n.clone())
    }

    /// The symbol a name stands for.
    pub(crate) fn get(&self, name: &str) -> Option<Symbol> {
        self.map.get(&*name_key(name)).map(|(_, sym)| *sym)
    }

    /// The error for a name that is not defined: the nearest name, or for `kpi.grade` on a
    /// scorecard without ratings, why it has no grade.
    pub(crate) fn unknown(&self, name: &str, span: crate::error::Span) -> CheckError {
        let hint = name.strip_suffix(".grade").and_then(|card| {
            matches!(self.get(card), Some(Symbol::Score(_))).then(|| NameHint::NoRatings {
                scorecard: card.to_string(),
            })
        });
        // Every policy with [attendance] has `attendance.workdays`.
        let hint = hint.or_else(|| {
            (name.starts_with("attendance.") && self.get("attendance.workdays").is_none())
                .then_some(NameHint::NoAttendance)
        });
        let error = CheckError::UnknownName {
            name: name.to_string(),
            span,
            suggestion: if hint.is_some() {
                None
            } else {
                self.nearest(name)
            },
            hint,
        };
        self.follows(name, error)
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
