//! A stable text rendering of a diff for snapshot tests (`insta::assert_snapshot!`): no
//! times, no paths, employees sorted by key and figures by name, columns aligned, so a
//! reviewed snapshot changes only where the policy change's effect changes. A figure declared
//! a percentage shows as one (`92%`, change `+4%`), as in the table.

use super::{number, shown_as, signed_as, signed_percent};
use crate::diff::{Columns, Diff, EmployeeDiff};
use crate::error::display_width as width;
use crate::report::table::printable;
use rust_decimal::Decimal;

/// One line of the snapshot: the figure (or key) and seven columns, right-aligned.
type Row = [String; 8];

/// The lines of the snapshot being built: aligned rows, and notes (an error, `(no change)`)
/// that take a row's place without counting for the widths.
#[derive(Default)]
struct Rows {
    rows: Vec<Row>,
    /// (index of the row it replaces, the note)
    notes: Vec<(usize, String)>,
}

impl Rows {
    fn note(&mut self, note: String) {
        self.notes.push((self.rows.len(), note));
        self.rows.push(blank());
    }

    fn note_at(&self, i: usize) -> Option<&str> {
        let note = self.notes.iter().find(|(n, _)| *n == i);
        note.map(|(_, note)| note.as_str())
    }
}

fn blank() -> Row {
    std::array::from_fn(|_| String::new())
}

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
    let mut rows = Rows::default();
    totals(&mut rows, diff);
    rows.rows.push(blank());
    let mut employees: Vec<_> = diff.employees.iter().collect();
    employees.sort_by(|a, b| a.employee.cmp(&b.employee));
    for e in employees {
        employee(&mut rows, e, &diff.columns);
    }
    let mut out = aligned(&rows);
    movers(&mut out, diff);
    out
}

/// The header and one row per total, sorted by figure.
fn totals(rows: &mut Rows, diff: &Diff) {
    let header = ["totals", "old", "new", "change", "%", "up", "down", "same"];
    rows.rows.push(header.map(String::from));
    let mut totals: Vec<_> = diff.totals.iter().collect();
    totals.sort_by(|a, b| a.name.cmp(&b.name));
    for t in totals {
        let p = diff.columns.is_percent(&t.name);
        let dec = |d: Option<Decimal>| d.map_or("too large".into(), |d| number(d, p));
        rows.rows.push([
            format!("  {}", printable(&t.name)),
            dec(t.old),
            dec(t.new),
            t.delta.map(|d| signed_as(d, p)).unwrap_or_default(),
            signed_percent(t.percent),
            t.up.to_string(),
            t.down.to_string(),
            t.same.to_string(),
        ]);
    }
}

/// One employee: the key, then `(no change)`, each side's error, or the figures that
/// differ, sorted by name.
fn employee(rows: &mut Rows, e: &EmployeeDiff, columns: &Columns) {
    let unchanged = e.changes.is_empty() && e.only_old.is_empty() && e.only_new.is_empty();
    if unchanged && e.error.is_none() {
        // In place of the key's row.
        let note = format!("{} (no change)", printable(&e.employee));
        rows.notes.push((rows.rows.len(), note));
    }
    let mut key = blank();
    key[0] = printable(&e.employee);
    rows.rows.push(key);
    if let Some(f) = &e.error {
        for (side, err) in [("old", &f.old), ("new", &f.new)] {
            if let Some(err) = err {
                rows.note(format!("  error ({side}): {}", printable(&err.to_string())));
            }
        }
    }
    let mut figures: Vec<Row> = Vec::new();
    for c in &e.changes {
        let p = columns.is_percent(&c.name);
        let mut r = blank();
        r[0] = format!("  {}", printable(&c.name));
        r[1] = printable(&shown_as(c.old.as_ref(), p));
        r[2] = printable(&shown_as(c.new.as_ref(), p));
        r[3] = c.delta.map(|d| signed_as(d, p)).unwrap_or_default();
        r[4] = signed_percent(c.percent);
        figures.push(r);
    }
    let one_side =
        (e.only_old.iter().map(|f| (f, 1, 2))).chain(e.only_new.iter().map(|f| (f, 2, 1)));
    for ((name, v), value, dash) in one_side {
        let mut r = blank();
        r[0] = format!("  {}", printable(name));
        r[value] = printable(&shown_as(v.as_ref(), columns.is_percent(name)));
        r[dash] = "-".into();
        figures.push(r);
    }
    figures.sort_by(|a, b| a[0].cmp(&b[0]));
    rows.rows.extend(figures);
}

/// The rows, columns aligned over every row but the notes, which are written as they are.
fn aligned(rows: &Rows) -> String {
    let mut widths = [0usize; 8];
    for (i, r) in rows.rows.iter().enumerate() {
        if rows.note_at(i).is_some() {
            continue;
        }
        for (w, c) in widths.iter_mut().zip(r) {
            *w = (*w).max(width(c));
        }
    }
    let mut out = String::new();
    for (i, r) in rows.rows.iter().enumerate() {
        if let Some(note) = rows.note_at(i) {
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
    out
}

/// Who gains and who loses most by the ranking figure, one line each.
fn movers(out: &mut String, diff: &Diff) {
    let Some(by) = &diff.by else {
        return;
    };
    let percent = diff.columns.is_percent(by);
    for (title, m) in [
        ("largest gains", &diff.winners),
        ("largest losses", &diff.losers),
    ] {
        let list: Vec<String> = m
            .iter()
            .map(|m| format!("{} {}", printable(&m.employee), signed_as(m.delta, percent)))
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
