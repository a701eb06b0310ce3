//! A stable text rendering of a diff for snapshot tests (`insta::assert_snapshot!`): no
//! times, no paths, employees sorted by key and figures by name, columns aligned, so a
//! reviewed snapshot changes only where the policy change's effect changes.

use super::{shown, signed, signed_percent};
use crate::diff::Diff;
use crate::error::display_width as width;
use crate::report::table::printable;

/// The diff as stable, sorted, aligned text:
///
/// ```text
/// totals                 old        new     change        %  up  down  same
///   commission     146231.00  153210.93   +6979.93   +4.77%   7     4     1
///
/// E004
///   commission      17627.40   28913.80  +11286.40  +64.03%
///   kpi.grade              -          A
/// E011
///   error (new): missing input `satisfaction`, ...
/// ```
pub fn snapshot(diff: &Diff) -> String {
    let mut rows: Vec<[String; 8]> = Vec::new();
    let blank = || std::array::from_fn::<String, 8, _>(|_| String::new());
    let mut head = blank();
    for (i, h) in ["totals", "old", "new", "change", "%", "up", "down", "same"]
        .iter()
        .enumerate()
    {
        head[i] = h.to_string();
    }
    rows.push(head);
    let mut totals: Vec<_> = diff.totals.iter().collect();
    totals.sort_by(|a, b| a.name.cmp(&b.name));
    for t in totals {
        let dec =
            |d: Option<rust_decimal::Decimal>| d.map_or("too large".into(), |d| d.to_string());
        rows.push([
            format!("  {}", printable(&t.name)),
            dec(t.old),
            dec(t.new),
            t.delta.map(signed).unwrap_or_default(),
            signed_percent(t.percent),
            t.up.to_string(),
            t.down.to_string(),
            t.same.to_string(),
        ]);
    }
    let mut notes: Vec<(usize, String)> = Vec::new();
    rows.push(blank());
    let mut employees: Vec<_> = diff.employees.iter().collect();
    employees.sort_by(|a, b| a.employee.cmp(&b.employee));
    for e in employees {
        let unchanged = e.changes.is_empty() && e.only_old.is_empty() && e.only_new.is_empty();
        if unchanged && e.error.is_none() {
            notes.push((
                rows.len(),
                format!("{} (no change)", printable(&e.employee)),
            ));
        }
        let mut key = blank();
        key[0] = printable(&e.employee);
        rows.push(key);
        if let Some(f) = &e.error {
            for (side, err) in [("old", &f.old), ("new", &f.new)] {
                if let Some(err) = err {
                    notes.push((
                        rows.len(),
                        format!("  error ({side}): {}", printable(&err.to_string())),
                    ));
                    rows.push(blank());
                }
            }
        }
        let mut figures: Vec<[String; 8]> = Vec::new();
        for c in &e.changes {
            let mut r = blank();
            r[0] = format!("  {}", printable(&c.name));
            r[1] = printable(&shown(c.old.as_ref()));
            r[2] = printable(&shown(c.new.as_ref()));
            r[3] = c.delta.map(signed).unwrap_or_default();
            r[4] = signed_percent(c.percent);
            figures.push(r);
        }
        for (name, v) in &e.only_old {
            let mut r = blank();
            r[0] = format!("  {}", printable(name));
            r[1] = printable(&shown(v.as_ref()));
            r[2] = "-".into();
            figures.push(r);
        }
        for (name, v) in &e.only_new {
            let mut r = blank();
            r[0] = format!("  {}", printable(name));
            r[1] = "-".into();
            r[2] = printable(&shown(v.as_ref()));
            figures.push(r);
        }
        figures.sort_by(|a, b| a[0].cmp(&b[0]));
        rows.extend(figures);
    }
    let mut widths = [0usize; 8];
    for (i, r) in rows.iter().enumerate() {
        if notes.iter().any(|(n, _)| *n == i) {
            continue;
        }
        for (w, c) in widths.iter_mut().zip(r) {
            *w = (*w).max(width(c));
        }
    }
    let mut out = String::new();
    for (i, r) in rows.iter().enumerate() {
        if let Some((_, note)) = notes.iter().find(|(n, _)| *n == i) {
            out.push_str(note);
            out.push('\n');
            continue;
        }
        let mut line = String::new();
        for (j, (c, w)) in r.iter().zip(widths).enumerate() {
            let fill = " ".repeat(w.saturating_sub(width(c)));
            if j == 0 {
                line.push_str(c);
                line.push_str(&fill);
            } else {
                line.push_str("  ");
                line.push_str(&fill);
                line.push_str(c);
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    if let Some(by) = &diff.by {
        for (title, m) in [
            ("largest gains", &diff.winners),
            ("largest losses", &diff.losers),
        ] {
            let list: Vec<String> = m
                .iter()
                .map(|m| format!("{} {}", printable(&m.employee), signed(m.delta)))
                .collect();
            let list = if list.is_empty() {
                "(none)".to_string()
            } else {
                list.join(", ")
            };
            out.push_str(&format!("\n{title} in {}: {list}", printable(by)));
        }
        out.push('\n');
    }
    out
}
