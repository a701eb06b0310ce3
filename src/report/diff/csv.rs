//! The diff as CSV for a spreadsheet: one row per employee in input order; for each shared
//! figure its `old`, `new` and `delta` columns, for a figure one side only has that side's
//! column, then `error.old` and `error.new`. Text is neutralized against formula injection;
//! a percentage stays its exact fraction (`0.92`), for the spreadsheet to format.

use crate::diff::{Columns, EmployeeDiff};
use crate::report::csv::{csv_line, neutralize};
use std::io::{self, Write};

/// The header: the key, each shared figure's `old`, `new`, `delta`, each one-side figure's
/// side, then `error.old` and `error.new`.
pub(super) fn header(c: &Columns, key: &str) -> Vec<String> {
    let mut header = vec![key.to_string()];
    for n in &c.shared {
        header.extend(["old", "new", "delta"].map(|s| format!("{n}.{s}")));
    }
    header.extend(c.only_old.iter().map(|n| format!("{n}.old")));
    header.extend(c.only_new.iter().map(|n| format!("{n}.new")));
    header.extend(["error.old", "error.new"].map(String::from));
    header
}

/// Writes the header line.
pub(super) fn header_line<W: Write>(out: &mut W, c: &Columns, key: &str) -> io::Result<()> {
    let header: Vec<_> = (header(c, key).iter())
        .map(|h| neutralize(h).into_owned())
        .collect();
    csv_line(out, header.iter().map(String::as_str))
}

/// Writes one employee's row.
pub(super) fn row<W: Write>(out: &mut W, c: &Columns, e: &EmployeeDiff) -> io::Result<()> {
    let mut row = vec![neutralize(&e.employee).into_owned()];
    for n in &c.shared {
        match e.changes.iter().find(|ch| &ch.name == n) {
            Some(ch) => {
                row.push(cell(ch.old.as_ref()));
                row.push(cell(ch.new.as_ref()));
                row.push(ch.delta.map(|d| d.to_string()).unwrap_or_default());
            }
            None => match e.same.iter().find(|(name, _)| name == n) {
                Some((_, v)) => row.extend([cell(v.as_ref()), cell(v.as_ref()), "0".into()]),
                // Not computed on a side.
                None => row.extend(["", "", ""].map(String::from)),
            },
        }
    }
    for (_, v) in e.only_old.iter().chain(&e.only_new) {
        row.push(cell(v.as_ref()));
    }
    let pad = c.only_old.len() + c.only_new.len() - e.only_old.len() - e.only_new.len();
    row.extend(std::iter::repeat_n(String::new(), pad));
    let message = |x: Option<&crate::batch::EmployeeError>| {
        x.map(|e| neutralize(&e.to_string()).into_owned())
            .unwrap_or_default()
    };
    let f = e.error.as_ref();
    row.push(message(f.and_then(|f| f.old.as_ref())));
    row.push(message(f.and_then(|f| f.new.as_ref())));
    csv_line(out, row.iter().map(String::as_str))
}

fn cell(v: Option<&crate::value::Value>) -> String {
    neutralize(&super::shown(v)).into_owned()
}
