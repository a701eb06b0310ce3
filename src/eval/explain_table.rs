//! How a decision table explains itself: the row that matched (or the default) and, for
//! each input the table tests, the employee's value and the row's condition on it.

use super::plan::{Plan, Step};
use crate::check::ir::Cond;
use crate::error::Location;
use crate::value::Value;
use serde::Serialize;

/// Which row of a decision table gave an output, and why.
#[derive(Clone, Debug, Serialize)]
pub struct RowWork {
    /// The table.
    pub table: String,
    /// The row that matched, counted from 1; `None` when the table's `default` gave it.
    pub row: Option<usize>,
    /// Under `hit = "collect"`: the other matching rows, whose outputs were added.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub also: Vec<usize>,
    /// Where that row (or the table) is written.
    pub at: Location,
    /// Each input the table tests: its name, the employee's value and the row's condition.
    pub tested: Vec<Tested>,
}

/// One input a decision table tested.
#[derive(Clone, Debug, Serialize)]
pub struct Tested {
    /// The input's name.
    pub input: String,
    /// The employee's value.
    pub value: Value,
    /// The matching row's condition on it, in words (`< 5000`, `"sales" or "rnd"`, `any`).
    pub condition: String,
}

/// The row behind output `slot`, if `slot` is a decision-table output and its inputs are known.
pub(crate) fn row_work(plan: &Plan, slots: &[Option<Value>], slot: u32) -> Option<RowWork> {
    let (table, inputs) = plan.steps.iter().find_map(|s| match s {
        Step::Decision {
            slot: first,
            table,
            inputs,
        } if (*first..*first + table.outputs.len() as u32).contains(&slot) => Some((table, inputs)),
        _ => None,
    })?;
    let values: Vec<Value> = inputs
        .iter()
        .map(|&id| plan.program.value(id, slots).ok())
        .collect::<Option<_>>()?;
    let matched: Vec<usize> = (0..table.rows.len())
        .filter(|&r| (table.rows[r].when.iter().zip(&values)).all(|(c, v)| c.matches(v)))
        .collect();
    let row = matched.first().copied();
    let also = match table.collect {
        true => matched.iter().skip(1).map(|r| r + 1).collect(),
        false => Vec::new(),
    };
    let conds = row.map(|r| &table.rows[r].when);
    let tested = table
        .inputs
        .iter()
        .zip(values)
        .enumerate()
        .map(|(k, ((name, _), value))| Tested {
            input: name.to_string(),
            value,
            condition: conds.map_or("(no row)".to_string(), |c| words(&c[k])),
        })
        .collect();
    let span = row.map_or(table.span, |r| table.rows[r].span);
    Some(RowWork {
        table: table.name.to_string(),
        row: row.map(|r| r + 1),
        also,
        at: plan.sources.locate(span),
        tested,
    })
}

/// A condition in words, as a consultant writes it.
fn words(c: &Cond) -> String {
    match c {
        Cond::Any => "any".to_string(),
        Cond::Set(set) => set
            .iter()
            .map(|v| match v {
                Value::Text(t) => format!("\"{t}\""),
                v => v.to_string(),
            })
            .collect::<Vec<_>>()
            .join(" or "),
        Cond::Range(Some(lo), Some(hi)) if lo == hi => format!("= {}", lo.at),
        Cond::Range(Some(lo), Some(hi)) => format!("{} .. {}", lo.at, hi.at),
        Cond::Range(Some(lo), None) => {
            format!("{} {}", if lo.inclusive { ">=" } else { ">" }, lo.at)
        }
        Cond::Range(None, Some(hi)) => {
            format!("{} {}", if hi.inclusive { "<=" } else { "<" }, hi.at)
        }
        Cond::Range(None, None) => "any".to_string(),
    }
}

/// The row in text: `row 3 of approval_route (file:line:col): claim_amount = 8000 (5000 .. 20000), ...`.
pub(crate) fn render(f: &mut std::fmt::Formatter<'_>, pad: &str, r: &RowWork) -> std::fmt::Result {
    let which = match r.row {
        Some(n) => format!("row {n}"),
        None => "no row matched; the default".to_string(),
    };
    writeln!(f, "{pad}{which} of table `{}` ({})", r.table, r.at)?;
    if !r.also.is_empty() {
        let rows: Vec<String> = r.also.iter().map(ToString::to_string).collect();
        writeln!(f, "{pad}  collected with rows {}", rows.join(", "))?;
    }
    for t in &r.tested {
        let value = match &t.value {
            Value::Text(s) => format!("\"{}\"", crate::text::escape_controls(s)),
            v => v.to_string(),
        };
        writeln!(f, "{pad}  {} = {value}: {}", t.input, t.condition)?;
    }
    Ok(())
}
