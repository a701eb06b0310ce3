//! The text rendering of an [`Explanation`]: an indented tree, one figure per line, what it
//! was computed from below it.
//!
//! ```text
//! commission = 28913.80  tier (rules/sales.toml:95)
//!   on: sales_amount
//!   marginal on 615230.00:
//!     bracket 1 from 0: 100000 × 2% = 2000.00
//! ```

use super::explain::{CurveWork, Derivation, Explanation, MetricWork, TierWork};
use super::plan::SlotKind;
use crate::error::Location;
use crate::text::escape_controls;
use crate::value::Value;
use crate::vocab::percent;
use std::fmt::{self, Write};

/// The indented tree; figures explained earlier are marked `(see above)`.
impl fmt::Display for Explanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.figures {
            derivation(f, d, 0)?;
        }
        if let Some(e) = &self.error {
            writeln!(f, "error: {}", escape_controls(&e.to_string()))?;
        }
        Ok(())
    }
}

/// `file:line`, without the column: where a definition or formula is.
fn line(at: &Location) -> String {
    format!("{}:{}", escape_controls(&at.file), at.line)
}

fn derivation(f: &mut fmt::Formatter<'_>, d: &Derivation, depth: usize) -> fmt::Result {
    let pad = "  ".repeat(depth);
    let value = match &d.value {
        Some(Value::Number(n)) if d.percent => format!("{n} ({})", percent(*n)),
        Some(v) => escape_controls(&v.to_string()).into_owned(),
        None if d.error.is_some() => "(failed)".into(),
        None if matches!(
            d.kind,
            SlotKind::Input | SlotKind::Measure | SlotKind::Past | SlotKind::Population
        ) =>
        {
            "(missing)".into()
        }
        None => "(not computed)".into(),
    };
    write!(f, "{pad}{} = {value}", escape_controls(&d.name))?;
    if d.shown_above {
        return writeln!(f, "  (see above)");
    }
    let mut head = String::from(SlotKind::word(d.kind));
    if let Some(at) = &d.defined {
        let _ = write!(head, " ({})", line(at));
    }
    match (d.kind, &d.origin, d.from) {
        (
            SlotKind::Input | SlotKind::Measure | SlotKind::Past | SlotKind::Population,
            Some(o),
            _,
        ) if ["given", "default", "missing"].contains(&&**o) => {
            let _ = write!(head, ", {o}");
        }
        (
            SlotKind::Input | SlotKind::Measure | SlotKind::Past | SlotKind::Population,
            Some(o),
            _,
        ) => {
            let _ = write!(head, ", from {}", escape_controls(o));
        }
        (SlotKind::Param, _, Some(from)) => {
            let _ = write!(head, ", entry from {from}");
        }
        _ => {}
    }
    writeln!(f, "  {head}")?;
    let pad = "  ".repeat(depth + 1);
    if let Some(fm) = &d.formula {
        let label = match d.kind {
            SlotKind::Metric => "score",
            SlotKind::Tier | SlotKind::Curve => "on",
            SlotKind::Param => "value",
            _ => "formula",
        };
        if d.kind != SlotKind::Param || fm.text.parse::<rust_decimal::Decimal>().is_err() {
            let text = escape_controls(&fm.text);
            writeln!(f, "{pad}{label}: {text}  ({})", line(&fm.at))?;
        }
    }
    if let Some(m) = &d.metric {
        metric(f, &pad, m)?;
    }
    if let Some(t) = &d.tier {
        tier(f, &pad, t)?;
    }
    if let (Some(c), Some(v)) = (&d.curve, &d.value) {
        curve(f, &pad, c, v)?;
    }
    if let Some(r) = &d.row {
        super::explain_table::render(f, &pad, r)?;
    }
    if let Some(t) = &d.total {
        let parts: Vec<String> = t.weighted.iter().map(ToString::to_string).collect();
        writeln!(f, "{pad}total: {} = {}", parts.join(" + "), t.total)?;
    }
    if let Some(g) = &d.grade {
        let grade = escape_controls(&g.grade);
        writeln!(f, "{pad}band: {} >= {} -> {grade}", g.score, g.min)?;
    }
    if let Some(r) = &d.rounding {
        let places = if r.places == 1 { "place" } else { "places" };
        writeln!(
            f,
            "{pad}rounding: {} -> {}, {} {places}, {}",
            r.exact, r.stored, r.places, r.mode
        )?;
    }
    for (label, text) in [("doc", &d.doc), ("reference", &d.reference)] {
        if let Some(t) = text {
            writeln!(f, "{pad}{label}: {}", escape_controls(t))?;
        }
    }
    if let Some(e) = &d.error {
        writeln!(f, "{pad}error: {}", escape_controls(e))?;
    }
    for u in &d.uses {
        derivation(f, u, depth + 1)?;
    }
    if !d.not_expanded.is_empty() {
        let names: Vec<String> = (d.not_expanded.iter())
            .map(|n| format!("`{}`", escape_controls(n)))
            .collect();
        writeln!(
            f,
            "{pad}  uses {} (not expanded: the tree stops {} levels deep; explain them on their own)",
            names.join(", "),
            super::explain::DEEPEST
        )?;
    }
    Ok(())
}

fn metric(f: &mut fmt::Formatter<'_>, pad: &str, m: &MetricWork) -> fmt::Result {
    let mut steps = format!("raw {}", m.raw);
    if let Some(floor) = m.floor {
        let _ = write!(steps, ", floor {floor}");
    }
    if let Some(cap) = m.cap {
        let cut = if m.raw > cap { " (applied)" } else { "" };
        let _ = write!(steps, ", cap {cap}{cut}");
    }
    match m.gate {
        Some(true) => steps.push_str(", gate open"),
        Some(false) => steps.push_str(", gate closed: scores 0"),
        None => {}
    }
    writeln!(f, "{pad}{steps} -> score {}", m.score)?;
    writeln!(
        f,
        "{pad}weight {} × {} = {}",
        percent(m.weight),
        m.score,
        m.weighted
    )
}

fn tier(f: &mut fmt::Formatter<'_>, pad: &str, t: &TierWork) -> fmt::Result {
    writeln!(f, "{pad}base {} ({})", t.base, t.mode)?;
    for s in &t.slices {
        writeln!(
            f,
            "{pad}  bracket {} from {}: {} × {} = {}",
            s.bracket,
            s.from,
            s.width,
            percent(s.rate),
            s.pay
        )?;
    }
    match t.bracket {
        Some(b) if t.mode == "flat" => {
            let plus = if t.amount.is_zero() {
                String::new()
            } else {
                format!(" + {}", t.amount)
            };
            writeln!(
                f,
                "{pad}bracket {b} reached: {} × {}{plus} = {}",
                t.base,
                percent(t.rate),
                t.paid
            )?;
        }
        Some(b) => writeln!(
            f,
            "{pad}bracket {b} reached (rate {}): pays {}",
            percent(t.rate),
            t.paid
        )?,
        None => writeln!(f, "{pad}below the first bracket: pays {}", t.paid)?,
    }
    match t.cap {
        Some(cap) if t.capped => writeln!(f, "{pad}cap {cap}: applied, {} -> {cap}", t.paid),
        Some(cap) => writeln!(f, "{pad}cap {cap}: not reached"),
        None => Ok(()),
    }
}

fn curve(f: &mut fmt::Formatter<'_>, pad: &str, c: &CurveWork, v: &Value) -> fmt::Result {
    let at = c.at;
    match (c.from, c.to) {
        (Some((x0, y0)), Some((x1, y1))) if x0 != at => writeln!(
            f,
            "{pad}at {at}, between points ({x0}, {y0}) and ({x1}, {y1}): \
             {y0} + ({at} - {x0}) × ({y1} - {y0}) / ({x1} - {x0}) = {v}"
        ),
        (Some((x0, y0)), _) if x0 == at => writeln!(f, "{pad}at {at}, on point ({x0}, {y0})"),
        (Some((x0, y0)), _) => writeln!(f, "{pad}at {at}, after the last point ({x0}, {y0})"),
        (None, Some((x1, y1))) => writeln!(f, "{pad}at {at}, before the first point ({x1}, {y1})"),
        (None, None) => Ok(()),
    }
}
