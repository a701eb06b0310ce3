//! The findings as aligned text tables.

use super::{correlation_cells, measure_cells, or_dash, percent, sig4};
use crate::analysis::{Findings, Trends};
use std::io::Write;

/// Writes the findings as text tables: correlations, comparisons, months.
pub fn write_table(out: &mut impl Write, f: &Findings) -> std::io::Result<()> {
    let escape = |s: &str| crate::text::escape_controls(s).into_owned();
    writeln!(
        out,
        "Analysis of \"{}\": {} rows ({} failed){}",
        escape(&f.policy),
        f.rows,
        f.failed,
        months(f)
    )?;
    if !f.correlations.is_empty() {
        writeln!(
            out,
            "\nCorrelations (Pearson r with its 95% interval, Spearman rho; p-values two-sided)"
        )?;
        let mut rows = vec![row(&[
            "a",
            "b",
            "n",
            "r",
            "95% interval",
            "p",
            "rho",
            "p (rho)",
        ])];
        for c in &f.correlations {
            let mut r = vec![
                c.a.clone(),
                c.b.clone(),
                format!("{}{}", c.stats.n, if c.few { " (few)" } else { "" }),
            ];
            r.extend(correlation_cells(c));
            rows.push(r);
        }
        aligned(out, &rows, 2)?;
    }
    for c in &f.comparisons {
        writeln!(
            out,
            "\n{}{} against {}: {} rows in the group, {} in the baseline",
            escape(&c.name),
            super::condition(c).map_or(String::new(), |w| format!(" ({})", escape(w))),
            c.against,
            c.n_group,
            c.n_base
        )?;
        let mut rows = vec![row(&[
            "measure",
            "group mean",
            "baseline mean",
            "difference",
            "ratio",
            "p (Welch)",
        ])];
        for m in &c.measures {
            let mut r = vec![m.measure.clone()];
            r.extend(measure_cells(m));
            rows.push(r);
        }
        aligned(out, &rows, 1)?;
    }
    if let Some(t) = &f.trends {
        trends(out, t)?;
    }
    for w in &f.warnings {
        writeln!(out, "\nwarning: {}", escape(w))?;
    }
    Ok(())
}

fn months(f: &Findings) -> String {
    match (
        f.frame.headcount.keys().next(),
        f.frame.headcount.keys().last(),
    ) {
        (Some(a), Some(b)) if a != b => format!(", {a}..{b}"),
        (Some(a), _) => format!(", {a}"),
        _ => String::new(),
    }
}

fn trends(out: &mut impl Write, t: &Trends) -> std::io::Result<()> {
    let leavers = t.months.iter().any(|m| m.leavers.is_some());
    match t.change {
        Some(c) => writeln!(
            out,
            "\nMonth by month, and before and after the change in {c} (means of the rows)"
        )?,
        None => writeln!(out, "\nMonth by month (means of the rows)")?,
    }
    let mut head = vec!["month".to_string(), "rows".to_string()];
    head.extend(t.columns.iter().cloned());
    if leavers {
        head.extend(["leavers".to_string(), "attrition/yr".to_string()]);
    }
    let mut rows = vec![head];
    for m in &t.months {
        let mut r = vec![m.period.to_string(), m.headcount.to_string()];
        r.extend(m.means.iter().map(|v| or_dash(v.map(sig4))));
        if leavers {
            r.push(or_dash(m.leavers.map(|l| l.to_string())));
            r.push(or_dash(m.attrition.map(percent_plain)));
        }
        rows.push(r);
    }
    for (label, span) in [("before", &t.before), ("after", &t.after)] {
        let Some(s) = span else { continue };
        let mut r = vec![
            format!("{label} ({})", super::months(s.months)),
            String::new(),
        ];
        r.extend(s.means.iter().map(|v| or_dash(v.map(sig4))));
        if leavers {
            r.push(or_dash(s.leavers.map(|l| l.to_string())));
            r.push(or_dash(s.attrition.map(percent_plain)));
        }
        rows.push(r);
    }
    if !t.growth.is_empty() {
        let mut r = vec!["after / before".to_string(), String::new()];
        r.extend(t.growth.iter().map(|g| or_dash(g.map(percent))));
        if leavers {
            r.extend([String::new(), String::new()]);
        }
        rows.push(r);
    }
    aligned(out, &rows, 1)
}

/// A rate as a percentage without a sign: `15.28%`.
fn percent_plain(x: f64) -> String {
    format!("{}%", sig4(x * 100.0))
}

fn row(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|c| c.to_string()).collect()
}

/// Writes `rows` with each column as wide as its widest cell; the first `text` columns are
/// aligned left, the others (numbers) right.
fn aligned(out: &mut impl Write, rows: &[Vec<String>], text: usize) -> std::io::Result<()> {
    let width = |s: &str| s.chars().count();
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|i| {
            rows.iter()
                .filter_map(|r| r.get(i))
                .map(|c| width(c))
                .max()
                .unwrap_or(0)
        })
        .collect();
    for r in rows {
        let mut line = String::new();
        for (i, cell) in r.iter().enumerate() {
            let pad = " ".repeat(widths[i] - width(cell));
            if i > 0 {
                line.push_str("  ");
            }
            if i < text {
                line.push_str(cell);
                line.push_str(&pad);
            } else {
                line.push_str(&pad);
                line.push_str(cell);
            }
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}
