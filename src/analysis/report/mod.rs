//! The findings written out: an aligned table, JSON, or one self-contained HTML page with
//! SVG charts.

mod charts;
mod html;
mod table;

pub use html::write_html;
pub use table::write_table;

use super::Findings;
use std::io::Write;

/// The findings as JSON: statistics as numbers (not rounded), months as `"2023-07"`.
pub fn write_json(out: &mut impl Write, findings: &Findings) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, findings)?;
    writeln!(out)
}

/// `x` to 4 significant places: `0.6123`, `25.31`, `312500` (whole digits are kept).
pub fn sig4(x: f64) -> String {
    if x == 0.0 || !x.is_finite() {
        return if x.is_finite() {
            "0".into()
        } else {
            x.to_string()
        };
    }
    let magnitude = x.abs().log10().floor() as i32;
    let places = (3 - magnitude).clamp(0, 12) as usize;
    format!("{x:.places$}")
}

/// A p-value: 4 significant places, or `<0.0001`.
pub fn p_value(p: f64) -> String {
    if p < 0.0001 {
        "<0.0001".into()
    } else {
        sig4(p)
    }
}

/// A relative difference as a signed percentage: `+25.31%`.
pub fn percent(rel: f64) -> String {
    let s = sig4(rel * 100.0);
    if rel > 0.0 {
        format!("+{s}%")
    } else {
        format!("{s}%")
    }
}

/// A comparison's `where`, unless it is its name (a `--compare`).
fn condition(c: &crate::analysis::Comparison) -> Option<&str> {
    (c.condition.trim() != c.name).then_some(c.condition.as_str())
}

/// `1 month`, `18 months`.
fn months(n: usize) -> String {
    format!("{n} month{}", if n == 1 { "" } else { "s" })
}

/// A correlation's statistics as every format shows them: r, its 95% interval, p, rho and
/// p (rho).
fn correlation_cells(c: &crate::analysis::CorrelationRow) -> [String; 5] {
    let s = &c.stats;
    let interval = (s.ci_low.zip(s.ci_high)).map(|(l, h)| format!("{} .. {}", sig4(l), sig4(h)));
    [
        or_dash(s.pearson.map(sig4)),
        or_dash(interval),
        or_dash(s.p_pearson.map(p_value)),
        or_dash(s.spearman.map(sig4)),
        or_dash(s.p_spearman.map(p_value)),
    ]
}

/// A compared measure as every format shows it: group mean, baseline mean, difference,
/// ratio and Welch's p.
fn measure_cells(m: &crate::analysis::MeasureComparison) -> [String; 5] {
    [
        or_dash(m.group_mean.map(sig4)),
        or_dash(m.base_mean.map(sig4)),
        or_dash(m.relative.map(percent)),
        or_dash(m.ratio.map(|r| format!("{}x", sig4(r)))),
        or_dash(m.p_value.map(p_value)),
    ]
}

/// `—` for a statistic that cannot be computed.
fn or_dash(x: Option<String>) -> String {
    x.unwrap_or_else(|| "—".into())
}
