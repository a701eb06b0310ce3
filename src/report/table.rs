//! The aligned table for a terminal, streamed: column widths come from the first rows (a
//! bounded sample), then every row is written as it arrives.
//!
//! A later cell wider than its column is printed in full (a figure is never cut), which
//! shifts the rest of that one row to the right; the columns of the other rows stay aligned.

use crate::error::display_width as width;
use crate::text::escape_controls;
use std::io::{self, Write};

/// Rows read before the widths are fixed.
pub const SAMPLE_ROWS: usize = 1000;
/// Bytes of cell text read before the widths are fixed, if that comes first (wide policies).
pub const SAMPLE_BYTES: usize = 4 << 20;

/// One employee's row, its cells already made printable.
pub(super) enum Row {
    /// The key and the shown figures.
    Values(String, Vec<String>),
    /// The key and what went wrong.
    Error(String, String),
}

impl Row {
    fn bytes(&self) -> usize {
        match self {
            Row::Values(k, vs) => k.len() + vs.iter().map(|v| v.len() + 24).sum::<usize>(),
            Row::Error(k, e) => k.len() + e.len(),
        }
    }
}

/// The table being written.
pub(super) struct Table {
    key: String,
    headers: Vec<String>,
    sample: Vec<Row>,
    sample_bytes: usize,
    /// Once fixed: each column's width (key first) and whether a column is right-aligned.
    layout: Option<(Vec<usize>, Vec<bool>)>,
}

impl Table {
    pub(super) fn new(key: &str, columns: &[String]) -> Table {
        Table {
            key: printable(key),
            headers: columns.iter().map(|c| printable(c)).collect(),
            sample: Vec::new(),
            sample_bytes: 0,
            layout: None,
        }
    }

    /// Writes one row, or keeps it in the sample while the widths are not fixed.
    pub(super) fn push<W: Write>(&mut self, out: &mut W, row: Row) -> io::Result<()> {
        if self.layout.is_some() {
            return self.write_row(out, &row);
        }
        self.sample_bytes += row.bytes();
        self.sample.push(row);
        if self.sample.len() >= SAMPLE_ROWS || self.sample_bytes >= SAMPLE_BYTES {
            self.fix(out)?;
        }
        Ok(())
    }

    /// Writes what is still in the sample (all of a short table).
    pub(super) fn finish<W: Write>(&mut self, out: &mut W) -> io::Result<()> {
        if self.layout.is_none() {
            self.fix(out)?;
        }
        Ok(())
    }

    /// Fixes the widths from the sample, writes the header and the sampled rows.
    fn fix<W: Write>(&mut self, out: &mut W) -> io::Result<()> {
        let mut widths: Vec<usize> = std::iter::once(&self.key)
            .chain(&self.headers)
            .map(|c| width(c))
            .collect();
        // A column is right-aligned (numbers) unless some sampled value in it is not a number.
        let mut numeric = vec![true; self.headers.len()];
        for row in &self.sample {
            let k = match row {
                Row::Values(k, vs) => {
                    for (i, v) in vs.iter().enumerate() {
                        if let Some(w) = widths.get_mut(i + 1) {
                            *w = (*w).max(width(v));
                        }
                        if let Some(n) = numeric.get_mut(i) {
                            *n &= v.is_empty()
                                || v.strip_suffix('%')
                                    .unwrap_or(v)
                                    .parse::<rust_decimal::Decimal>()
                                    .is_ok();
                        }
                    }
                    k
                }
                Row::Error(k, _) => k,
            };
            widths[0] = widths[0].max(width(k));
        }
        let mut header = vec![pad(&self.key, widths[0], false)];
        for (i, c) in self.headers.iter().enumerate() {
            let right = numeric.get(i).copied().unwrap_or(false);
            header.push(pad(c, widths.get(i + 1).copied().unwrap_or(0), right));
        }
        writeln!(out, "{}", header.join("  ").trim_end())?;
        let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
        writeln!(out, "{}", rule.join("  "))?;
        self.layout = Some((widths, numeric));
        for row in std::mem::take(&mut self.sample) {
            self.write_row(out, &row)?;
        }
        self.sample_bytes = 0;
        Ok(())
    }

    fn write_row<W: Write>(&self, out: &mut W, row: &Row) -> io::Result<()> {
        let Some((widths, numeric)) = &self.layout else {
            return Ok(());
        };
        let key_width = widths.first().copied().unwrap_or(0);
        match row {
            Row::Values(k, vs) => {
                // Trailing blanks are not written: the last non-empty cell ends the line.
                let last = vs.iter().rposition(|v| !v.is_empty());
                let Some(last) = last else {
                    return writeln!(out, "{k}");
                };
                write_padded(out, k, key_width, false)?;
                for (i, v) in vs.iter().enumerate().take(last + 1) {
                    out.write_all(b"  ")?;
                    let right = numeric.get(i).copied().unwrap_or(false);
                    let w = widths.get(i + 1).copied().unwrap_or(0);
                    // The last cell, left-aligned, needs no padding after it.
                    let w = if i == last && !right { 0 } else { w };
                    write_padded(out, v, w, right)?;
                }
                out.write_all(b"\n")
            }
            Row::Error(k, e) => {
                write_padded(out, k, key_width, false)?;
                writeln!(out, "  error: {e}")
            }
        }
    }
}

/// Writes `s` padded with spaces to `w` columns, on the left when `right`.
fn write_padded<W: Write>(out: &mut W, s: &str, w: usize, right: bool) -> io::Result<()> {
    const SPACES: &[u8] = &[b' '; 64];
    let mut fill = w.saturating_sub(width(s));
    if !right {
        out.write_all(s.as_bytes())?;
    }
    while fill > 0 {
        let n = fill.min(SPACES.len());
        out.write_all(SPACES.get(..n).unwrap_or(&[]))?;
        fill -= n;
    }
    if right {
        out.write_all(s.as_bytes())?;
    }
    Ok(())
}

/// Text as a table shows it: on one line, with control characters (a newline inside a quoted
/// CSV cell, a terminal escape sequence, a tab) escaped, so every employee stays on one row
/// and nothing in the data can move the terminal's cursor or change its colours.
pub(super) fn printable(s: &str) -> String {
    let escaped = escape_controls(s);
    if escaped.contains('\t') {
        escaped.replace('\t', "\\u{9}")
    } else {
        escaped.into_owned()
    }
}

fn pad(s: &str, w: usize, right: bool) -> String {
    let fill = " ".repeat(w.saturating_sub(width(s)));
    if right {
        format!("{fill}{s}")
    } else {
        format!("{s}{fill}")
    }
}
