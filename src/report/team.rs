//! The population figures of a run, reconciled: for each figure, each group's members, who
//! failed or was left out, and the totals (a pool split sums to the pool; a forced
//! distribution's counts against their targets). Written under the table, and by the CLI to
//! stderr for the other formats.

use super::table::printable as escape_controls;
use crate::batch::{FigureSummary, GroupFigure};
use crate::vocab::PopFunc;
use std::io::{self, Write};

/// Groups listed per figure; the rest are summed in one line.
const LISTED: usize = 20;

/// Writes the reconciliation of `figures` (one plan's), one block per figure.
pub fn write_figures(out: &mut dyn Write, figures: &[FigureSummary]) -> io::Result<()> {
    if figures.is_empty() {
        return Ok(());
    }
    writeln!(out, "\nPopulation figures:")?;
    for f in figures {
        let excl = if f.exclude_failed {
            " (exclude_failed)"
        } else {
            ""
        };
        writeln!(out, "  {}{excl}", escape_controls(&f.text))?;
        for g in f.groups.iter().take(LISTED) {
            writeln!(out, "    {}", group_line(f, g))?;
        }
        if f.groups.len() > LISTED {
            let rest = &f.groups[LISTED..];
            let members: usize = rest.iter().map(|g| g.members).sum();
            let failed = rest.iter().filter(|g| g.error.is_some()).count();
            writeln!(
                out,
                "    ... and {} more groups: {members} members, {failed} groups not computed",
                rest.len()
            )?;
        }
    }
    Ok(())
}

/// One group's line: `North: 4 members, 50000.00 of pool 50000.00 (weights 324.75)`.
pub fn group_line(f: &FigureSummary, g: &GroupFigure) -> String {
    let name = match &g.group {
        Some(n) => format!(
            "{} \"{}\"",
            f.by.as_deref().unwrap_or("group"),
            escape_controls(n)
        ),
        None => "everyone".to_string(),
    };
    let mut s = format!("{name}: {} member{}", g.members, plural(g.members));
    if g.excluded > 0 {
        let named: Vec<String> = g
            .excluded_named
            .iter()
            .map(|k| escape_controls(k))
            .collect();
        let more = if g.excluded > named.len() {
            ", ..."
        } else {
            ""
        };
        s.push_str(&format!(
            ", {} excluded ({}{more})",
            g.excluded,
            named.join(", ")
        ));
    }
    if let Some(e) = &g.error {
        s.push_str(&format!("; not computed: {}", e.problem));
        return s;
    }
    match f.func {
        PopFunc::Allocate => {
            if let (Some(total), Some((mut pool, weights))) = (g.total, g.pool) {
                pool.rescale(total.scale().max(pool.scale()));
                let check = if total == pool { "" } else { "  MISMATCH" };
                s.push_str(&format!(
                    ", split {total} of pool {pool} (weights sum to {}){check}",
                    weights_text(weights)
                ));
            }
        }
        PopFunc::Distribute => {
            let counts: Vec<String> = (g.counts.iter())
                .map(|(grade, n, target)| {
                    format!(
                        "{} {n} (target {})",
                        escape_controls(grade),
                        target.normalize()
                    )
                })
                .collect();
            s.push_str(&format!(": {}", counts.join(", ")));
        }
        PopFunc::Rank | PopFunc::Percentile => {}
        func => {
            if let Some(v) = &g.value {
                let v = match v {
                    crate::value::Value::Number(d) => d.normalize().to_string(),
                    v => v.to_string(),
                };
                s.push_str(&format!(", {func} {v}"));
            }
            if let (Some(t), false) = (g.total, matches!(func, PopFunc::Sum | PopFunc::Count)) {
                s.push_str(&format!(" (total {})", t.normalize()));
            }
        }
    }
    s
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// What one employee's population figures came from: for each figure of pair `pair`, its
/// value, the employee's group with its members and totals, and the employee's own part
/// (their weight against the group's, their value against the others').
pub fn write_member(
    out: &mut dyn Write,
    figures: &crate::batch::TeamFigures,
    (pair, ordinal): (usize, usize),
    own: &[[rust_decimal::Decimal; 2]],
) -> io::Result<()> {
    let Some(list) = figures.pairs.get(pair).filter(|l| !l.is_empty()) else {
        return Ok(());
    };
    writeln!(
        out,
        "\npopulation figures (computed over everyone in the data):"
    )?;
    for (f, s) in list.iter().enumerate() {
        let value = match figures.value(pair, f, ordinal) {
            Some(Ok(v)) => v.to_string(),
            Some(Err(e)) => format!("(not computed: {})", e.problem),
            None => "(not computed: this employee's own figures failed)".into(),
        };
        writeln!(
            out,
            "  {} = {}",
            escape_controls(&s.text),
            escape_controls(&value)
        )?;
        let Some(g) = s.member(ordinal) else {
            continue;
        };
        writeln!(out, "    {}", group_line(s, g))?;
        if let Some(own) = own.get(f).and_then(|args| own_part(s, g, *args)) {
            writeln!(out, "    {own}")?;
        }
    }
    Ok(())
}

/// A sum of weights, or that it has more digits than a decimal holds.
fn weights_text(w: Option<rust_decimal::Decimal>) -> String {
    w.map_or_else(|| "more than 28 digits".to_string(), |w| w.to_string())
}

/// The employee's own part of a figure, in words.
fn own_part(
    s: &FigureSummary,
    g: &GroupFigure,
    args: [rust_decimal::Decimal; 2],
) -> Option<String> {
    if g.error.is_some() {
        return None;
    }
    Some(match s.func {
        PopFunc::Allocate => {
            let (mut pool, weights) = g.pool?;
            let weights = weights?;
            if let Some(t) = g.total {
                pool.rescale(t.scale().max(pool.scale()));
            }
            let exact = pool
                .checked_mul(args[1])
                .and_then(|x| x.checked_div(weights))
                .map_or_else(
                    || "?".to_string(),
                    |d| d.round_dp(6).normalize().to_string(),
                );
            format!(
                "this employee's weight {}: {pool} x {} / {weights} = {exact}; the parts are whole units, rounded down, and the units left over go to the largest remainders (ties: the lower employee key)",
                args[1], args[1]
            )
        }
        PopFunc::Count => return None,
        _ => format!("this employee's value: {}", args[0]),
    })
}

/// [`write_member`] as JSON: one object per figure.
pub fn member_json(
    figures: &crate::batch::TeamFigures,
    (pair, ordinal): (usize, usize),
    own: &[[rust_decimal::Decimal; 2]],
) -> serde_json::Value {
    use serde_json::json;
    let list = figures.pairs.get(pair).map_or(&[][..], Vec::as_slice);
    let items: Vec<serde_json::Value> = (list.iter().enumerate())
        .map(|(f, s)| {
            let (value, error) = match figures.value(pair, f, ordinal) {
                Some(Ok(v)) => (Some(v.to_string()), None),
                Some(Err(e)) => (None, Some(e.to_string())),
                None => (None, Some("this employee's own figures failed".to_string())),
            };
            let args = own.get(f).copied().unwrap_or_default();
            let group = s.member(ordinal).map(|g| {
                json!({
                    "group": g.group.as_deref(),
                    "members": g.members,
                    "excluded": g.excluded,
                    "total": g.total.map(|t| t.to_string()),
                    "pool": g.pool.map(|(p, _)| p.to_string()),
                    "weights": g.pool.and_then(|(_, w)| w).map(|w| w.to_string()),
                    "counts": g.counts.iter().map(|(grade, n, t)| json!({"grade": &**grade, "count": n, "target": t.normalize().to_string()})).collect::<Vec<_>>(),
                    "own": match s.func {
                        PopFunc::Allocate => args[1].to_string(),
                        _ => args[0].to_string(),
                    },
                    "error": g.error.as_ref().map(|e| e.to_string()),
                })
            });
            json!({ "figure": &*s.text, "value": value, "error": error, "group": group })
        })
        .collect();
    serde_json::Value::Array(items)
}

/// The employee's own arguments of each population figure of `plan` (`x`; `pool, weight`),
/// from their evaluation, for [`write_member`] and [`member_json`].
pub fn own_args(
    plan: &crate::eval::Plan,
    e: &crate::eval::Evaluation,
) -> Vec<[rust_decimal::Decimal; 2]> {
    (plan.populations().iter())
        .map(|p| {
            let mut args = [rust_decimal::Decimal::ZERO; 2];
            for (k, a) in p.args.iter().enumerate().take(2) {
                if let Some(crate::value::Value::Number(d)) = plan.argument(a, e) {
                    args[k] = *d;
                }
            }
            args
        })
        .collect()
}
