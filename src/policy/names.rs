//! Names across the whole policy: each defined once, and not too many.

use std::collections::HashMap;

use super::error::PolicyError;
use super::model::{Named, PolicyDef};
use crate::error::Span;
use crate::limits::Limits;

/// The tables whose names share one namespace.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Table {
    Input,
    Param,
    Value,
    Scorecard,
    Tier,
    Curve,
    /// Metrics are named within their scorecard; counted, not checked for duplicates.
    Metric,
}

/// Reports names defined twice (keeping the first definition, by file and position, and
/// dropping the others) and a policy with more than `limits.max_names` names.
pub(crate) fn check_names(def: &mut PolicyDef, limits: &Limits, errors: &mut Vec<PolicyError>) {
    let mut all: Vec<Entry<'_>> = Vec::new();
    entries(&mut all, Table::Input, def.inputs.iter().map(|d| &d.name));
    entries(&mut all, Table::Param, def.params.iter().map(|d| &d.name));
    entries(&mut all, Table::Value, def.values.iter().map(|d| &d.name));
    entries(
        &mut all,
        Table::Scorecard,
        def.scorecards.iter().map(|d| &d.name),
    );
    entries(&mut all, Table::Tier, def.tiers.iter().map(|d| &d.name));
    entries(&mut all, Table::Curve, def.curves.iter().map(|d| &d.name));
    let metrics = def.scorecards.iter().flat_map(|s| &s.metrics);
    entries(&mut all, Table::Metric, metrics.map(|m| &m.name));
    all.sort_by_key(|(span, ..)| (span.file, span.start));

    if let Some((span, ..)) = all.get(limits.max_names) {
        errors.push(PolicyError::TooManyNames {
            limit: limits.max_names,
            span: *span,
        });
    }

    let mut first: HashMap<&str, Span> = HashMap::new();
    let mut dropped: Vec<(Table, usize)> = Vec::new();
    for (span, name, table, index) in &all {
        if *table == Table::Metric {
            continue;
        }
        match first.get(name) {
            Some(first) => {
                errors.push(PolicyError::Duplicate {
                    name: name.to_string(),
                    span: *span,
                    first: *first,
                });
                dropped.push((*table, *index));
            }
            None => {
                first.insert(name, *span);
            }
        }
    }
    drop(all);
    drop(first);
    keep(&mut def.inputs, Table::Input, &dropped);
    keep(&mut def.params, Table::Param, &dropped);
    keep(&mut def.values, Table::Value, &dropped);
    keep(&mut def.scorecards, Table::Scorecard, &dropped);
    keep(&mut def.tiers, Table::Tier, &dropped);
    keep(&mut def.curves, Table::Curve, &dropped);
}

type Entry<'a> = (Span, &'a str, Table, usize);

/// Adds one table's names, with their index in the table.
fn entries<'a>(all: &mut Vec<Entry<'a>>, table: Table, names: impl Iterator<Item = &'a Named>) {
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
