//! The diff as an aligned table for HR: per employee, each figure that changed (old, new,
//! change, percent), a failure on either side, then the totals and who gains and loses most.

use super::{shown, signed, signed_percent};
use crate::diff::{Diff, EmployeeDiff, Mover};
use crate::error::display_width as width;
use crate::report::table::printable;
use rust_decimal::Decimal;
use std::io::{self, Write};

/// One line of a block: cells, and which are right-aligned.
type Line = Vec<String>;

/// Writes the whole table.
pub(super) fn write<W: Write>(out: &mut W, diff: &Diff, key: &str) -> io::Result<()> {
    let mut lines: Vec<Line> = Vec::new();
    for e in &diff.employees {
        employee_lines(e, &mut lines);
    }
    let header = [key, "figure", "old", "new", "change", "%"].map(printable);
    block(
        out,
        &header,
        &lines,
        &[false, false, true, true, true, true],
    )?;

    if let Some(by) = &diff.by {
        movers(out, &format!("largest gains in {by}"), &diff.winners, key)?;
        movers(out, &format!("largest losses in {by}"), &diff.losers, key)?;
    }
    for (side, names) in [
        ("old", &diff.columns.only_old),
        ("new", &diff.columns.only_new),
    ] {
        if !names.is_empty() {
            let names: Vec<String> = names.iter().map(|n| printable(n)).collect();
            writeln!(out, "\nonly the {side} policy has: {}", names.join(", "))?;
        }
    }
    totals(out, diff)?;
    let n = diff.employees.len();
    let changed = (diff.employees.iter())
        .filter(|e| e.error.is_none() && !e.changes.is_empty())
        .count();
    let failed = n - diff.employees.iter().filter(|e| e.error.is_none()).count();
    writeln!(
        out,
        "\n{n} employee{}: {changed} changed, {} unchanged, {failed} failed",
        plural(n),
        n - changed - failed
    )
}

/// The totals per figure, at the bottom, with the employees left out of them.
fn totals<W: Write>(out: &mut W, diff: &Diff) -> io::Result<()> {
    if diff.totals.is_empty() {
        return Ok(());
    }
    let (old_failed, new_failed) = diff.failed();
    let both = diff.employees.iter().filter(|e| e.error.is_none()).count();
    writeln!(
        out,
        "\ntotals over the {both} employee{} computed on both sides",
        plural(both)
    )?;
    let lines: Vec<Line> = (diff.totals.iter())
        .map(|t| {
            let dec = |d: Option<Decimal>| d.map_or("too large".into(), |d| d.to_string());
            vec![
                printable(&t.name),
                dec(t.old),
                dec(t.new),
                t.delta.map_or("".into(), signed),
                signed_percent(t.percent),
                t.up.to_string(),
                t.down.to_string(),
                t.same.to_string(),
            ]
        })
        .collect();
    let header = ["figure", "old", "new", "change", "%", "up", "down", "same"].map(String::from);
    let right = [false, true, true, true, true, true, true, true];
    block(out, &header, &lines, &right)?;
    if old_failed + new_failed > 0 {
        writeln!(
            out,
            "(not counted: {old_failed} failed with the old policy, {new_failed} with the new)"
        )?;
    }
    Ok(())
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// One employee's lines: a line per changed figure and per figure only one side has, or
/// `(no change)`, or each side's error. The key only on the first line.
fn employee_lines(e: &EmployeeDiff, lines: &mut Vec<Line>) {
    let first = lines.len();
    if let Some(f) = &e.error {
        for (side, err) in [("old", &f.old), ("new", &f.new)] {
            let text = match err {
                Some(err) => format!("error ({side} policy): {err}"),
                None => format!("computed with the {side} policy"),
            };
            lines.push(vec![String::new(), printable(&text)]);
        }
    } else {
        for c in &e.changes {
            lines.push(vec![
                String::new(),
                printable(&c.name),
                printable(&shown(c.old.as_ref())),
                printable(&shown(c.new.as_ref())),
                c.delta.map(signed).unwrap_or_default(),
                signed_percent(c.percent),
            ]);
        }
        for (name, v) in &e.only_old {
            let old = printable(&shown(v.as_ref()));
            lines.push(vec![String::new(), printable(name), old, "-".into()]);
        }
        for (name, v) in &e.only_new {
            let new = printable(&shown(v.as_ref()));
            lines.push(vec![String::new(), printable(name), "-".into(), new]);
        }
        if lines.len() == first {
            lines.push(vec![String::new(), "(no change)".into()]);
        }
    }
    lines[first][0] = printable(&e.employee);
}

/// The employees who gain or lose most.
fn movers<W: Write>(out: &mut W, title: &str, m: &[Mover], key: &str) -> io::Result<()> {
    if m.is_empty() {
        return Ok(());
    }
    writeln!(out, "\n{}", printable(title))?;
    let lines: Vec<Line> = m
        .iter()
        .map(|m| {
            vec![
                printable(&m.employee),
                m.old.to_string(),
                m.new.to_string(),
                signed(m.delta),
                signed_percent(m.percent),
            ]
        })
        .collect();
    let header = [key, "old", "new", "change", "%"].map(printable);
    block(out, &header, &lines, &[false, true, true, true, true])
}

/// An aligned block: the header, a rule, the lines. A line's last cell, when it is the only
/// text after the key (an error), is not padded or aligned.
fn block<W: Write>(
    out: &mut W,
    header: &[String],
    lines: &[Line],
    right: &[bool],
) -> io::Result<()> {
    let mut widths: Vec<usize> = header.iter().map(|h| width(h)).collect();
    for line in lines {
        if line.len() == 2 && right.len() > 2 {
            widths[0] = widths[0].max(width(&line[0]));
            continue;
        }
        for (w, cell) in widths.iter_mut().zip(line) {
            *w = (*w).max(width(cell));
        }
    }
    let row = |cells: &[String]| -> String {
        let mut s = String::new();
        for (i, cell) in cells.iter().enumerate() {
            if i > 0 {
                s.push_str("  ");
            }
            let w = if cells.len() == 2 && i == 1 {
                0
            } else {
                widths[i]
            };
            let fill = " ".repeat(w.saturating_sub(width(cell)));
            if right[i] {
                s.push_str(&fill);
                s.push_str(cell);
            } else {
                s.push_str(cell);
                s.push_str(&fill);
            }
        }
        s.trim_end().to_string()
    };
    writeln!(out, "{}", row(header))?;
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    writeln!(out, "{}", rule.join("  "))?;
    for line in lines {
        writeln!(out, "{}", row(line))?;
    }
    Ok(())
}
