//! Overlaps, gaps and rows that never fire, decided exactly.
//!
//! Each input's values are cut into cells that every condition treats alike: for a numeric
//! input, each number a range names and each open interval between them (and beyond them);
//! for text, each value some set lists plus one "any other text"; for true/false, both.
//! Every combination of one cell per input is then tried against every row, so what is
//! reported is exact. Tables whose combinations exceed [`MAX_COMBINATIONS`] are not
//! analysed (docs/rules.md, section 28.3, says so); they still run, and an employee no row
//! matches is an error then.

use crate::check::error::{Example, TableProblem};
use crate::check::ir::{Cond, Row};
use crate::check::types::Ty;
use crate::error::Span;
use crate::policy::HitPolicy;
use crate::value::Value;
use rust_decimal::Decimal;

/// Beyond this many input combinations a table is not analysed.
pub(crate) const MAX_COMBINATIONS: usize = 200_000;

/// One cell of an input: the value that stands for it and how it is shown.
#[derive(Clone, Debug)]
struct Cell {
    value: Value,
    shown: String,
}

/// Reports overlaps (under `unique`), gaps (without a default) and rows that never fire
/// (under `first`), each with an example combination.
pub(crate) fn analyse(
    hit: HitPolicy,
    names: &[&str],
    types: &[Ty],
    rows: &[Row],
    (has_default, table): (bool, Span),
    errs: &mut Vec<(TableProblem, Span)>,
) {
    let cells: Vec<Vec<Cell>> = (0..names.len()).map(|k| cells(k, types[k], rows)).collect();
    let total = cells.iter().try_fold(1usize, |n, c| n.checked_mul(c.len()));
    if total.is_none_or(|n| n > MAX_COMBINATIONS) || rows.is_empty() {
        return;
    }
    let mut pick = vec![0usize; names.len()];
    let mut gap: Option<Example> = None;
    let mut overlaps: Vec<(usize, usize, Example)> = Vec::new();
    // for each row: whether it ever fires first, and which rows took it when it did not
    let mut fires = vec![false; rows.len()];
    let mut takers: Vec<Vec<usize>> = vec![Vec::new(); rows.len()];
    loop {
        let values: Vec<&Value> = pick
            .iter()
            .enumerate()
            .map(|(k, &c)| &cells[k][c].value)
            .collect();
        let example = || -> Example {
            pick.iter()
                .enumerate()
                .map(|(k, &c)| (names[k].to_string(), cells[k][c].shown.clone()))
                .collect()
        };
        let hits: Vec<usize> = (0..rows.len())
            .filter(|&r| rows[r].when.iter().zip(&values).all(|(c, v)| c.matches(v)))
            .collect();
        match hits.as_slice() {
            [] if gap.is_none() && !has_default => gap = Some(example()),
            [] => {}
            [first, rest @ ..] => {
                fires[*first] = true;
                for &r in rest {
                    if !takers[r].contains(first) {
                        takers[r].push(*first);
                    }
                    if hit == HitPolicy::Unique
                        && !overlaps.iter().any(|o| (o.0, o.1) == (*first, r))
                    {
                        overlaps.push((*first, r, example()));
                    }
                }
            }
        }
        if !advance(&mut pick, &cells) {
            break;
        }
    }
    for (a, b, example) in overlaps {
        let problem = TableProblem::Overlap {
            first: a + 1,
            second: b + 1,
            example,
        };
        errs.push((problem, rows[b].span));
    }
    if hit == HitPolicy::First {
        for (r, fired) in fires.iter().enumerate() {
            if !fired {
                let mut earlier: Vec<usize> = takers[r].iter().map(|t| t + 1).collect();
                earlier.sort_unstable();
                errs.push((
                    TableProblem::NeverFires {
                        row: r + 1,
                        earlier,
                    },
                    rows[r].span,
                ));
            }
        }
    }
    if let Some(example) = gap {
        errs.push((TableProblem::Gap { example }, table));
    }
}

/// The next combination, or `false` after the last.
fn advance(pick: &mut [usize], cells: &[Vec<Cell>]) -> bool {
    for k in (0..pick.len()).rev() {
        pick[k] += 1;
        if pick[k] < cells[k].len() {
            return true;
        }
        pick[k] = 0;
    }
    false
}

/// The cells of input `k`.
fn cells(k: usize, ty: Ty, rows: &[Row]) -> Vec<Cell> {
    let conds = rows.iter().map(|r| &r.when[k]);
    if ty.is_numeric() {
        let mut points: Vec<Decimal> = Vec::new();
        for c in conds {
            match c {
                Cond::Range(lo, hi) => points.extend(lo.iter().chain(hi.iter()).map(|b| b.at)),
                Cond::Set(set) => points.extend(set.iter().filter_map(Value::as_decimal)),
                Cond::Any => {}
            }
        }
        points.sort_unstable();
        points.dedup();
        let cell = |d: Decimal| Cell {
            value: Value::Number(d),
            shown: d.normalize().to_string(),
        };
        let Some((first, last)) = points.first().zip(points.last()) else {
            return vec![cell(Decimal::ZERO)];
        };
        let mut out = vec![cell(*first - Decimal::ONE)];
        for (i, p) in points.iter().enumerate() {
            out.push(cell(*p));
            if let Some(next) = points.get(i + 1) {
                out.push(cell((*p + *next) / Decimal::TWO));
            }
        }
        out.push(cell(*last + Decimal::ONE));
        return out;
    }
    if ty == Ty::Bool {
        return [true, false]
            .map(|b| Cell {
                value: Value::Bool(b),
                shown: b.to_string(),
            })
            .to_vec();
    }
    let mut texts: Vec<Value> = Vec::new();
    for c in conds {
        if let Cond::Set(set) = c {
            for v in set {
                if !texts.contains(v) {
                    texts.push(v.clone());
                }
            }
        }
    }
    let mut out: Vec<Cell> = texts
        .into_iter()
        .map(|v| Cell {
            shown: format!("\"{v}\""),
            value: v,
        })
        .collect();
    out.push(Cell {
        value: Value::from("\u{0}other"),
        shown: "any other text".to_string(),
    });
    out
}

#[cfg(test)]
#[path = "decision_gaps_props.rs"]
mod props;
