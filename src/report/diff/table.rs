//! The diff as an aligned table for HR: per employee, each figure that changed (old, new,
//! change, percent) or a failure on either side; then who gains and loses most, and the
//! totals at the bottom.
//!
//! Streamed like `eval`'s table: the column widths come from the first employees' lines (a
//! bounded sample), then every employee is written as it arrives; a later cell wider than
//! its column is printed in full and shifts the rest of that one line.

use super::{number, shown_as, signed_as, signed_percent, Counts};
use crate::diff::{Columns, EmployeeDiff, Mover, Summary};
use crate::error::display_width as width;
use crate::report::table::{printable, SAMPLE_ROWS};
use rust_decimal::Decimal;
use std::io::{self, Write};

/// One line: its cells. A line of two cells (the key and a note: an error, `(no change)`) is
/// not aligned after the key.
type Line = Vec<String>;

/// Which columns of the employee lines are right-aligned (the amounts).
const RIGHT: [bool; 6] = [false, false, true, true, true, true];

/// The employee lines being written.
pub(super) struct Stream {
    header: Line,
    sample: Vec<Line>,
    widths: Option<Vec<usize>>,
}

/// What the end of the table shows.
pub(super) struct End<'a> {
    pub summary: &'a Summary,
    pub columns: &'a Columns,
    pub counts: Counts,
    pub key: &'a str,
}

impl Stream {
    pub(super) fn new(key: &str) -> Stream {
        Stream {
            header: [key, "figure", "old", "new", "change", "%"]
                .map(printable)
                .to_vec(),
            sample: Vec::new(),
            widths: None,
        }
    }

    /// Writes one employee's lines, or keeps them in the sample while the widths are not
    /// fixed.
    pub(super) fn push<W: Write>(
        &mut self,
        out: &mut W,
        e: &EmployeeDiff,
        columns: &Columns,
    ) -> io::Result<()> {
        let mut lines = Vec::new();
        employee_lines(e, columns, &mut lines);
        match &self.widths {
            Some(widths) => lines
                .iter()
                .try_for_each(|l| write_line(out, l, widths, &RIGHT)),
            None => {
                self.sample.extend(lines);
                if self.sample.len() >= SAMPLE_ROWS {
                    self.fix(out)?;
                }
                Ok(())
            }
        }
    }

    /// Fixes the widths from the sample; writes the header and the sampled lines.
    fn fix<W: Write>(&mut self, out: &mut W) -> io::Result<()> {
        let widths = widths(&self.header, &self.sample);
        head(out, &self.header, &widths, &RIGHT)?;
        for line in std::mem::take(&mut self.sample) {
            write_line(out, &line, &widths, &RIGHT)?;
        }
        self.widths = Some(widths);
        Ok(())
    }

    /// Writes what is left of the sample, who gains and loses most, the figures one side
    /// has, the totals and a count.
    pub(super) fn finish<W: Write>(&mut self, out: &mut W, end: &End) -> io::Result<()> {
        if self.widths.is_none() {
            self.fix(out)?;
        }
        let (s, key) = (end.summary, end.key);
        if let Some(by) = &s.by {
            let percent = end.columns.is_percent(by);
            let gains = (format!("largest gains in {by}"), &s.winners[..]);
            movers(out, gains, key, percent)?;
            let losses = (format!("largest losses in {by}"), &s.losers[..]);
            movers(out, losses, key, percent)?;
        }
        for (side, names) in [
            ("old", &end.columns.only_old),
            ("new", &end.columns.only_new),
        ] {
            if !names.is_empty() {
                let names: Vec<String> = names.iter().map(|n| printable(n)).collect();
                writeln!(out, "\nonly the {side} policy has: {}", names.join(", "))?;
            }
        }
        totals(out, s, end.columns, end.counts)?;
        let c = end.counts;
        writeln!(
            out,
            "\n{} employee{}: {} changed, {} unchanged, {} failed",
            c.employees,
            plural(c.employees),
            c.changed,
            c.employees - c.changed - c.failed,
            c.failed
        )
    }
}

/// The totals per figure, at the bottom, with the employees left out of them.
fn totals<W: Write>(out: &mut W, s: &Summary, columns: &Columns, c: Counts) -> io::Result<()> {
    if s.totals.is_empty() {
        return Ok(());
    }
    let both = c.employees - c.failed;
    writeln!(
        out,
        "\ntotals over the {both} employee{} computed on both sides",
        plural(both)
    )?;
    let lines: Vec<Line> = (s.totals.iter())
        .map(|t| {
            let p = columns.is_percent(&t.name);
            let dec = |d: Option<Decimal>| d.map_or("too large".into(), |d| number(d, p));
            vec![
                printable(&t.name),
                dec(t.old),
                dec(t.new),
                t.delta.map_or("".into(), |d| signed_as(d, p)),
                signed_percent(t.percent),
                t.up.to_string(),
                t.down.to_string(),
                t.same.to_string(),
            ]
        })
        .collect();
    let header = ["figure", "old", "new", "change", "%", "up", "down", "same"].map(String::from);
    block(
        out,
        &header,
        &lines,
        &[false, true, true, true, true, true, true, true],
    )?;
    if c.failed_old + c.failed_new > 0 {
        writeln!(
            out,
            "(not counted: {} failed with the old policy, {} with the new)",
            c.failed_old, c.failed_new
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

/// One employee's lines: each side's error, or each figure that changed (a percentage as
/// `92%`), each figure one side has, or `(no change)`.
fn employee_lines(e: &EmployeeDiff, columns: &Columns, lines: &mut Vec<Line>) {
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
            let p = columns.is_percent(&c.name);
            lines.push(vec![
                String::new(),
                printable(&c.name),
                printable(&shown_as(c.old.as_ref(), p)),
                printable(&shown_as(c.new.as_ref(), p)),
                c.delta.map(|d| signed_as(d, p)).unwrap_or_default(),
                signed_percent(c.percent),
            ]);
        }
        for (name, v) in &e.only_old {
            let old = printable(&shown_as(v.as_ref(), columns.is_percent(name)));
            lines.push(vec![String::new(), printable(name), old, "-".into()]);
        }
        for (name, v) in &e.only_new {
            let new = printable(&shown_as(v.as_ref(), columns.is_percent(name)));
            lines.push(vec![String::new(), printable(name), "-".into(), new]);
        }
        if lines.len() == first {
            lines.push(vec![String::new(), "(no change)".into()]);
        }
    }
    lines[first][0] = printable(&e.employee);
}

/// The employees who gain or lose most, under a title; their figure a percentage when
/// `percent`.
fn movers<W: Write>(
    out: &mut W,
    (title, m): (String, &[Mover]),
    key: &str,
    percent: bool,
) -> io::Result<()> {
    if m.is_empty() {
        return Ok(());
    }
    writeln!(out, "\n{}", printable(&title))?;
    let lines: Vec<Line> = m
        .iter()
        .map(|m| {
            vec![
                printable(&m.employee),
                number(m.old, percent),
                number(m.new, percent),
                signed_as(m.delta, percent),
                signed_percent(m.percent),
            ]
        })
        .collect();
    let header = [key, "old", "new", "change", "%"].map(printable);
    block(out, &header, &lines, &[false, true, true, true, true])
}

/// An aligned block: the header, a rule, the lines.
fn block<W: Write>(
    out: &mut W,
    header: &[String],
    lines: &[Line],
    right: &[bool],
) -> io::Result<()> {
    let widths = widths(header, lines);
    head(out, header, &widths, right)?;
    lines
        .iter()
        .try_for_each(|l| write_line(out, l, &widths, right))
}

/// Each column's width over the header and the lines (a two-cell line counts for its key
/// only).
fn widths(header: &[String], lines: &[Line]) -> Vec<usize> {
    let mut widths: Vec<usize> = header.iter().map(|h| width(h)).collect();
    for line in lines {
        let cells = if line.len() == 2 {
            &line[..1]
        } else {
            &line[..]
        };
        for (w, cell) in widths.iter_mut().zip(cells) {
            *w = (*w).max(width(cell));
        }
    }
    widths
}

/// The header and a rule under it.
fn head<W: Write>(
    out: &mut W,
    header: &[String],
    widths: &[usize],
    right: &[bool],
) -> io::Result<()> {
    write_line(out, header, widths, right)?;
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    writeln!(out, "{}", rule.join("  "))
}

/// One line, padded to the widths; a two-cell line's note is not padded.
fn write_line<W: Write>(
    out: &mut W,
    cells: &[String],
    widths: &[usize],
    right: &[bool],
) -> io::Result<()> {
    let mut s = String::new();
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            s.push_str("  ");
        }
        let w = if cells.len() == 2 && i == 1 {
            0
        } else {
            widths.get(i).copied().unwrap_or(0)
        };
        let fill = " ".repeat(w.saturating_sub(width(cell)));
        if right.get(i).copied().unwrap_or(false) {
            s.push_str(&fill);
            s.push_str(cell);
        } else {
            s.push_str(cell);
            s.push_str(&fill);
        }
    }
    writeln!(out, "{}", s.trim_end())
}
