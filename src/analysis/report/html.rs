//! The findings as one self-contained HTML page: inline CSS, inline SVG charts, no script and
//! nothing fetched from the network.

use super::{charts, correlation_cells, measure_cells, or_dash, percent, sig4};
use crate::analysis::Findings;
use std::io::Write;

const STYLE: &str = "body{font-family:sans-serif;margin:24px auto;max-width:1260px;color:#222}\
h1{font-size:22px}h2{font-size:18px;margin-top:28px;border-bottom:1px solid #ddd}\
table{border-collapse:collapse;margin:8px 0;font-size:13px}\
th,td{padding:3px 10px;border-bottom:1px solid #eee;text-align:right}\
th:first-child,td:first-child,th.t,td.t{text-align:left}\
th{background:#f4f6f8}.few{color:#b45309}.warn{color:#b45309}\
.charts{display:flex;flex-wrap:wrap;gap:12px}figure{margin:0;border:1px solid #eee}";

/// Writes the page: a summary, the tables of [`write_table`](super::write_table), and the
/// charts: the first two correlated figures as a scatter with its fit line, one bar chart per
/// comparison, and each trend figure (and attrition) by month with the change marked.
pub fn write_html(out: &mut impl Write, f: &Findings) -> std::io::Result<()> {
    writeln!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
    )?;
    writeln!(
        out,
        "<title>{}</title><style>{STYLE}</style></head><body>",
        esc(&f.policy)
    )?;
    writeln!(out, "<h1>What the data tells: {}</h1>", esc(&f.policy))?;
    writeln!(out, "<p>{} rows computed, {} failed.</p>", f.rows, f.failed)?;
    for w in &f.warnings {
        writeln!(out, "<p class=\"warn\">warning: {}</p>", esc(w))?;
    }
    correlations(out, f)?;
    comparisons(out, f)?;
    trends(out, f)?;
    writeln!(out, "</body></html>")
}

fn correlations(out: &mut impl Write, f: &Findings) -> std::io::Result<()> {
    if f.correlations.is_empty() {
        return Ok(());
    }
    writeln!(out, "<h2>Correlations</h2>")?;
    let head = [
        "a",
        "b",
        "n",
        "Pearson r",
        "95% interval",
        "p",
        "Spearman rho",
        "p (rho)",
    ];
    table_head(out, &head, 2)?;
    for c in &f.correlations {
        let n = if c.few {
            format!("<span class=\"few\">{} (few)</span>", c.stats.n)
        } else {
            c.stats.n.to_string()
        };
        let mut cells = vec![esc(&c.a), esc(&c.b), n];
        cells.extend(correlation_cells(c));
        table_row(out, &cells, 2)?;
    }
    writeln!(out, "</table>")?;
    let names: Vec<&str> = f
        .correlations
        .first()
        .map(|c| vec![&*c.a, &*c.b])
        .unwrap_or_default();
    if let [x, y] = names[..] {
        if let Some(svg) = charts::scatter(&f.frame, x, y) {
            writeln!(out, "<div class=\"charts\"><figure>{svg}</figure></div>")?;
        }
    }
    Ok(())
}

fn comparisons(out: &mut impl Write, f: &Findings) -> std::io::Result<()> {
    if f.comparisons.is_empty() {
        return Ok(());
    }
    writeln!(out, "<h2>Group comparisons</h2>")?;
    let mut svgs = Vec::new();
    for c in &f.comparisons {
        writeln!(
            out,
            "<h3>{} <small>{} against {}: {} rows in the group, {} in the baseline</small></h3>",
            esc(&c.name),
            super::condition(c).map_or(String::new(), |w| format!("({})", esc(w))),
            c.against,
            c.n_group,
            c.n_base
        )?;
        let head = [
            "measure",
            "group mean",
            "baseline mean",
            "difference",
            "ratio",
            "p (Welch)",
        ];
        table_head(out, &head, 1)?;
        for m in &c.measures {
            let mut cells = vec![esc(&m.measure)];
            cells.extend(measure_cells(m));
            table_row(out, &cells, 1)?;
        }
        writeln!(out, "</table>")?;
        svgs.extend(charts::group_bars(c));
    }
    charts_div(out, &svgs)
}

fn trends(out: &mut impl Write, f: &Findings) -> std::io::Result<()> {
    let Some(t) = &f.trends else { return Ok(()) };
    match t.change {
        Some(c) => writeln!(out, "<h2>Before and after the change in {c}</h2>")?,
        None => writeln!(out, "<h2>Month by month</h2>")?,
    }
    let leavers = t.months.iter().any(|m| m.leavers.is_some());
    let mut head: Vec<&str> = vec!["", "months"];
    head.extend(t.columns.iter().map(String::as_str));
    if leavers {
        head.extend(["leavers", "attrition / year"]);
    }
    table_head(out, &head, 1)?;
    for (label, span) in [("before", &t.before), ("after", &t.after)] {
        let Some(s) = span else { continue };
        let mut cells = vec![label.to_string(), s.months.to_string()];
        cells.extend(s.means.iter().map(|v| or_dash(v.map(sig4))));
        if leavers {
            cells.push(or_dash(s.leavers.map(|l| l.to_string())));
            cells.push(or_dash(
                s.attrition.map(|a| format!("{}%", sig4(a * 100.0))),
            ));
        }
        table_row(out, &cells, 1)?;
    }
    if !t.growth.is_empty() {
        let mut cells = vec!["after / before".to_string(), String::new()];
        cells.extend(t.growth.iter().map(|g| or_dash(g.map(percent))));
        if leavers {
            cells.extend([String::new(), String::new()]);
        }
        table_row(out, &cells, 1)?;
    }
    writeln!(out, "</table>")?;
    let mut svgs: Vec<String> = (0..t.columns.len())
        .filter_map(|i| charts::trend(t, Some(i)))
        .collect();
    if leavers {
        svgs.extend(charts::trend(t, None));
    }
    charts_div(out, &svgs)
}

fn charts_div(out: &mut impl Write, svgs: &[String]) -> std::io::Result<()> {
    if svgs.is_empty() {
        return Ok(());
    }
    writeln!(out, "<div class=\"charts\">")?;
    for svg in svgs {
        writeln!(out, "<figure>{svg}</figure>")?;
    }
    writeln!(out, "</div>")
}

fn table_head(out: &mut impl Write, cells: &[&str], text: usize) -> std::io::Result<()> {
    write!(out, "<table><tr>")?;
    for (i, c) in cells.iter().enumerate() {
        let class = if i < text { " class=\"t\"" } else { "" };
        write!(out, "<th{class}>{}</th>", esc(c))?;
    }
    writeln!(out, "</tr>")
}

fn table_row(out: &mut impl Write, cells: &[String], text: usize) -> std::io::Result<()> {
    write!(out, "<tr>")?;
    for (i, c) in cells.iter().enumerate() {
        let class = if i < text { " class=\"t\"" } else { "" };
        write!(out, "<td{class}>{c}</td>")?;
    }
    writeln!(out, "</tr>")
}

/// Text for HTML: `<`, `>`, `&` and quotes escaped, control characters shown escaped.
fn esc(s: &str) -> String {
    let s = crate::text::escape_controls(s);
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
