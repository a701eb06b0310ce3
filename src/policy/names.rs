//! Names across the whole policy: each defined once, and not too many.

use std::borrow::Cow;
use std::collections::hash_map::Entry;
use std::collections::HashMap;

use super::error::PolicyError;
use super::model::{Named, PolicyDef};
use crate::error::Span;
use crate::limits::Limits;
use crate::text::name_key;

/// The tables whose names share one namespace. A new kind of definition is one variant
/// here, in [`Table::ALL`], and one arm in each of [`Table::names`] and [`Table::drop_entries`]
/// (the compiler points at both).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Table {
    Input,
    Param,
    Value,
    Scorecard,
    Tier,
    Curve,
    Decision,
    /// Metrics are named within their scorecard: a duplicate is reported, not dropped.
    Metric,
}

impl Table {
    /// Every table, in the order their names are collected.
    const ALL: [Table; 8] = [
        Table::Input,
        Table::Param,
        Table::Value,
        Table::Scorecard,
        Table::Tier,
        Table::Curve,
        Table::Decision,
        Table::Metric,
    ];

    /// The names of the table's entries, in order.
    fn names(self, def: &PolicyDef) -> Vec<&Named> {
        match self {
            Table::Input => def.inputs.iter().map(|d| &d.name).collect(),
            Table::Param => def.params.iter().map(|d| &d.name).collect(),
            Table::Value => def.values.iter().map(|d| &d.name).collect(),
            Table::Scorecard => def.scorecards.iter().map(|d| &d.name).collect(),
            Table::Tier => def.tiers.iter().map(|d| &d.name).collect(),
            Table::Curve => def.curves.iter().map(|d| &d.name).collect(),
            Table::Decision => def.decisions.iter().map(|d| &d.name).collect(),
            Table::Metric => (def.scorecards.iter())
                .flat_map(|s| s.metrics.iter().map(|m| &m.name))
                .collect(),
        }
    }

    /// Drops the entries of the table listed in `dropped`.
    fn drop_entries(self, def: &mut PolicyDef, dropped: &[(Table, usize)]) {
        match self {
            Table::Input => keep(&mut def.inputs, self, dropped),
            Table::Param => keep(&mut def.params, self, dropped),
            Table::Value => keep(&mut def.values, self, dropped),
            Table::Scorecard => keep(&mut def.scorecards, self, dropped),
            Table::Tier => keep(&mut def.tiers, self, dropped),
            Table::Curve => keep(&mut def.curves, self, dropped),
            Table::Decision => keep(&mut def.decisions, self, dropped),
            Table::Metric => {}
        }
    }
}

/// Reports names defined twice (keeping the first definition, by file and position, and
/// dropping the others) and a policy with more than `limits.max_names` names.
///
/// Each dropped definition is added to `broken`, with its own place: what it would have
/// defined (`kpi.sales` of a dropped scorecard `kpi`) is missing because of the duplicate,
/// and the checker folds errors about it under the duplicate's error.
pub(crate) fn check_names(
    def: &mut PolicyDef,
    limits: &Limits,
    errors: &mut Vec<PolicyError>,
    broken: &mut Vec<Named>,
) {
    let mut all: Vec<Name<'_>> = Vec::new();
    for table in Table::ALL {
        entries(&mut all, table, table.names(def).into_iter());
    }
    all.sort_by_key(|(span, ..)| (span.file, span.start));

    if let Some((span, ..)) = all.get(limits.max_names) {
        errors.push(PolicyError::TooManyNames {
            limit: limits.max_names,
            span: *span,
        });
    }

    // Names are compared in NFKC form: `Ω` (U+2126) and `Ω` (U+03A9), or `ｆｕｌｌ` and
    // `full`, are one name, so the second is a duplicate naming both spellings.
    let mut first: HashMap<Key<'_>, (Span, &str)> = HashMap::new();
    let mut dropped: Vec<(Table, usize)> = Vec::new();
    let mut metric_of = metric_cards(def);
    for (span, name, table, index) in &all {
        // Metrics share a namespace only with the other metrics of their scorecard.
        let scope = (*table == Table::Metric).then(|| metric_of(*index));
        match first.entry((name_key(name), scope)) {
            Entry::Occupied(seen) => {
                let (first, first_name) = *seen.get();
                errors.push(PolicyError::Duplicate {
                    name: name.to_string(),
                    first_name: first_name.to_string(),
                    span: *span,
                    first,
                });
                if *table != Table::Metric {
                    dropped.push((*table, *index));
                    broken.push(Named {
                        name: name.to_string(),
                        span: *span,
                    });
                }
            }
            Entry::Vacant(slot) => {
                slot.insert((*span, name));
            }
        }
    }
    drop(all);
    drop(first);
    for table in Table::ALL {
        table.drop_entries(def, &dropped);
    }
}

type Name<'a> = (Span, &'a str, Table, usize);

/// A name as compared: its NFKC form, and for a metric, its scorecard.
type Key<'a> = (Cow<'a, str>, Option<usize>);

/// For the index of a metric among all metrics (in the order of `entries`), its scorecard.
fn metric_cards(def: &PolicyDef) -> impl FnMut(usize) -> usize {
    let cards: Vec<usize> = (def.scorecards.iter().enumerate())
        .flat_map(|(i, s)| std::iter::repeat_n(i, s.metrics.len()))
        .collect();
    move |metric| cards.get(metric).copied().unwrap_or(usize::MAX)
}

/// Adds one table's names, with their index in the table.
fn entries<'a>(all: &mut Vec<Name<'a>>, table: Table, names: impl Iterator<Item = &'a Named>) {
    all.extend(
        names
            .enumerate()
            .map(|(i, n)| (n.span, n.name.as_str(), table, i)),
    );
}

/// Drops the entries of `list` listed in `dropped`.
fn keep<T>(list: &mut Vec<T>, table: Table, dropped: &[(Table, usize)]) {
    let mut index = 0;
    list.retain(|_| {
        index += 1;
        !dropped.contains(&(table, index - 1))
    });
}
