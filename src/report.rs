//! Rendering outcomes for people (an aligned table) and machines (CSV, JSON).
//!
//! CSV and JSON are written as outcomes arrive, so output memory stays flat; the table keeps
//! its rows to align the columns.

use crate::batch::Outcome;
use crate::error::display_width as width;
use crate::value::Value;
use rust_decimal::Decimal;
use std::io::{self, Write};

/// Output formats of `hrrules eval`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// An aligned table for a terminal.
    Table,
    /// CSV with a header row and an `error` column.
    Csv,
    /// `[{"employee_id": ..., "values": {...}}, ...]`, every decimal as a string.
    Json,
}

/// Writes outcomes in one format.
pub struct Renderer<W: Write> {
    out: W,
    format: Format,
    key: String,
    columns: Vec<String>,
    rows: Vec<Row>,
    count: usize,
    failed: usize,
    /// JSON: each column's `"name":`, escaped once.
    json_keys: Vec<Vec<u8>>,
    /// JSON: the row being written, reused from row to row.
    line: Vec<u8>,
}

enum Row {
    Values(String, Vec<String>),
    Error(String, String),
}

impl<W: Write> Renderer<W> {
    /// A renderer for columns `columns` (the policy's shown outputs), with the key column
    /// named `key`.
    pub fn new(out: W, format: Format, key: &str, columns: Vec<String>) -> Renderer<W> {
        let json_keys = columns
            .iter()
            .map(|c| {
                let mut k = Vec::new();
                // Writing to a Vec cannot fail.
                let _ = json_str(&mut k, c);
                k.push(b':');
                k
            })
            .collect();
        Renderer {
            out,
            format,
            key: key.to_string(),
            columns,
            rows: Vec::new(),
            count: 0,
            failed: 0,
            json_keys,
            line: Vec::new(),
        }
    }

    /// Writes one outcome.
    pub fn push(&mut self, o: &Outcome) -> io::Result<()> {
        let first = self.count == 0;
        self.count += 1;
        if o.result.is_err() {
            self.failed += 1;
        }
        match self.format {
            Format::Table => {
                self.rows.push(match &o.result {
                    Ok(e) => Row::Values(
                        one_line(&o.employee),
                        e.outputs()
                            .zip(e.percent_outputs())
                            .map(|((_, v), pct)| one_line(&shown(v, *pct)))
                            .collect(),
                    ),
                    Err(err) => Row::Error(one_line(&o.employee), one_line(&err.to_string())),
                });
                Ok(())
            }
            Format::Csv => {
                if first {
                    let mut header = vec![self.key.as_str()];
                    header.extend(self.columns.iter().map(String::as_str));
                    header.push("error");
                    csv_line(&mut self.out, header)?;
                }
                let mut line: Vec<String> = vec![o.employee.clone()];
                match &o.result {
                    Ok(e) => {
                        line.extend(e.outputs().map(|(_, v)| cell(v)));
                        line.push(String::new());
                    }
                    Err(err) => {
                        line.extend(self.columns.iter().map(|_| String::new()));
                        line.push(err.to_string());
                    }
                }
                csv_line(&mut self.out, line.iter().map(String::as_str))
            }
            Format::Json => {
                // Written directly, as serde_json would write the object, without building it:
                // the row in a reused buffer, then one write.
                let mut line = std::mem::take(&mut self.line);
                line.clear();
                line.extend_from_slice(if first { b"[\n  {" } else { b",\n  {" });
                json_str(&mut line, &self.key)?;
                line.push(b':');
                json_str(&mut line, &o.employee)?;
                match &o.result {
                    Ok(e) => {
                        line.extend_from_slice(b",\"values\":{");
                        for (i, (name, value)) in e.outputs().enumerate() {
                            if i > 0 {
                                line.push(b',');
                            }
                            match self.json_keys.get(i) {
                                Some(k) if self.columns.get(i).is_some_and(|c| c == name) => {
                                    line.extend_from_slice(k);
                                }
                                _ => {
                                    json_str(&mut line, name)?;
                                    line.push(b':');
                                }
                            }
                            json_value(&mut line, value)?;
                        }
                        line.extend_from_slice(b"}}");
                    }
                    Err(err) => {
                        line.extend_from_slice(b",\"error\":");
                        json_str(&mut line, &err.to_string())?;
                        line.push(b'}');
                    }
                }
                let written = self.out.write_all(&line);
                self.line = line;
                written
            }
        }
    }

    /// Finishes the output and returns the writer.
    pub fn finish(mut self) -> io::Result<W> {
        match self.format {
            Format::Json => {
                self.out
                    .write_all(if self.count == 0 { b"[]\n" } else { b"\n]\n" })?;
            }
            Format::Csv => {
                if self.count == 0 {
                    let mut header = vec![self.key.as_str()];
                    header.extend(self.columns.iter().map(String::as_str));
                    header.push("error");
                    csv_line(&mut self.out, header)?;
                }
            }
            Format::Table => self.table()?,
        }
        self.out.flush()?;
        Ok(self.out)
    }

    fn table(&mut self) -> io::Result<()> {
        let key = one_line(&self.key);
        let headers: Vec<String> = self.columns.iter().map(|c| one_line(c)).collect();
        let mut widths: Vec<usize> = std::iter::once(&key)
            .chain(&headers)
            .map(|c| width(c))
            .collect();
        // A column is right-aligned (numbers) unless some value in it is not a number.
        let mut numeric = vec![true; headers.len()];
        for row in &self.rows {
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
        let right = |i: usize| numeric.get(i).copied().unwrap_or(false);
        let mut header = vec![pad(&key, widths[0], false)];
        for (i, c) in headers.iter().enumerate() {
            header.push(pad(c, widths[i + 1], right(i)));
        }
        writeln!(self.out, "{}", header.join("  ").trim_end())?;
        let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
        writeln!(self.out, "{}", rule.join("  "))?;
        for row in &self.rows {
            match row {
                Row::Values(k, vs) => {
                    let mut line = vec![pad(k, widths[0], false)];
                    for (i, v) in vs.iter().enumerate() {
                        line.push(pad(v, widths.get(i + 1).copied().unwrap_or(0), right(i)));
                    }
                    writeln!(self.out, "{}", line.join("  ").trim_end())?;
                }
                Row::Error(k, e) => {
                    writeln!(self.out, "{}  error: {e}", pad(k, widths[0], false))?;
                }
            }
        }
        writeln!(
            self.out,
            "\n{} employee{}: {} computed, {} failed",
            self.count,
            if self.count == 1 { "" } else { "s" },
            self.count - self.failed,
            self.failed
        )
    }
}

/// A cell for people: a percentage as `92%` (exactly: `0.925` is `92.5%`).
fn shown(v: Option<&Value>, percent: bool) -> String {
    match (v, percent) {
        (Some(Value::Number(d)), true) => match d.checked_mul(rust_decimal::Decimal::ONE_HUNDRED) {
            Some(p) => format!("{}%", p.normalize()),
            None => d.to_string(),
        },
        _ => cell(v),
    }
}

/// A JSON string. Names, keys and grades rarely need escaping; those that do are escaped by
/// serde_json.
fn json_str<W: Write>(out: &mut W, s: &str) -> io::Result<()> {
    if s.bytes().any(|b| b == b'"' || b == b'\\' || b < 0x20) {
        return serde_json::to_writer(out, s).map_err(io::Error::other);
    }
    out.write_all(b"\"")?;
    out.write_all(s.as_bytes())?;
    out.write_all(b"\"")
}

/// A figure in JSON: decimals, dates and text as strings (exactly as computed), booleans as
/// `true`/`false`, a missing input as `null`.
fn json_value<W: Write>(out: &mut W, v: Option<&Value>) -> io::Result<()> {
    match v {
        None => out.write_all(b"null"),
        Some(Value::Bool(b)) => out.write_all(if *b { b"true" } else { b"false" }),
        // Digits, a point and a sign: nothing to escape.
        Some(Value::Number(d)) => {
            out.write_all(b"\"")?;
            write_decimal(out, *d)?;
            out.write_all(b"\"")
        }
        Some(Value::Text(t)) => json_str(out, t),
        Some(other) => json_str(out, &other.to_string()),
    }
}

/// Writes `d` exactly as its `Display` writes it (`6000.00`, `-12.5`, `0.035`), straight from
/// its mantissa and scale: a million rows of a dozen figures each spend much of their output
/// time formatting decimals.
fn write_decimal<W: Write>(out: &mut W, d: Decimal) -> io::Result<()> {
    // Mantissas of money fit in 64 bits (hardware division); others, and the odd negative
    // zero (shown as `-0` or `0.00` depending on its scale), go through `Display`.
    let Ok(mut n) = u64::try_from(d.mantissa().unsigned_abs()) else {
        return write!(out, "{d}");
    };
    if n == 0 && d.is_sign_negative() {
        return write!(out, "{d}");
    }
    let scale = d.scale() as usize;
    // 20 digits of a u64, or 28 zeros and a `0.` for the smallest scale-28 number.
    let mut buf = [b'0'; 32];
    let mut start = buf.len();
    while n > 0 && start > 0 {
        start -= 1;
        if let Some(b) = buf.get_mut(start) {
            *b = b'0' + (n % 10) as u8;
        }
        n /= 10;
    }
    // At least one digit before the point: `0.035`, `0`.
    start = start.min(buf.len().saturating_sub(scale + 1));
    let digits = buf.get(start..).unwrap_or(&[]);
    let point = digits.len().saturating_sub(scale);
    if d.is_sign_negative() {
        out.write_all(b"-")?;
    }
    out.write_all(digits.get(..point).unwrap_or(&[]))?;
    if scale > 0 {
        out.write_all(b".")?;
        out.write_all(digits.get(point..).unwrap_or(&[]))?;
    }
    Ok(())
}

fn cell(v: Option<&Value>) -> String {
    v.map(Value::to_string).unwrap_or_default()
}

/// The text on one line: control characters (a newline inside a quoted CSV cell, a tab)
/// are shown escaped, so every employee stays on one row of the table.
fn one_line(s: &str) -> String {
    if !s.chars().any(char::is_control) {
        return s.to_string();
    }
    s.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().collect()
            } else {
                c.to_string()
            }
        })
        .collect()
}

fn pad(s: &str, w: usize, right: bool) -> String {
    let fill = " ".repeat(w.saturating_sub(width(s)));
    if right {
        format!("{fill}{s}")
    } else {
        format!("{s}{fill}")
    }
}

fn csv_line<'a, W: Write>(
    out: &mut W,
    fields: impl IntoIterator<Item = &'a str>,
) -> io::Result<()> {
    let mut first = true;
    for f in fields {
        if !first {
            out.write_all(b",")?;
        }
        first = false;
        if f.contains([',', '"', '\n', '\r']) {
            write!(out, "\"{}\"", f.replace('"', "\"\""))?;
        } else {
            out.write_all(f.as_bytes())?;
        }
    }
    out.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::write_decimal;
    use rust_decimal::Decimal;
    use std::str::FromStr;

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        for s in [
            "E001",
            "王芳",
            "say \"hi\"",
            "a\\b",
            "tab\there",
            "\u{1}",
            "",
        ] {
            let mut out = Vec::new();
            super::json_str(&mut out, s).unwrap();
            assert_eq!(
                String::from_utf8(out).unwrap(),
                serde_json::to_string(s).unwrap()
            );
        }
    }

    #[test]
    fn decimals_are_written_as_display_writes_them() {
        let mut texts: Vec<String> = [
            "0",
            "0.00",
            "6000.00",
            "-12.5",
            "0.035",
            "0.0000000000000000000000000001",
            "18446744073709551615",
            "18446744073709551616",
            "-18446744073709551615.5",
            "79228162514264337593543950335",
            "54.112140689655172413793103446",
            "-0.5",
            "7",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..2000 {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let m = (x >> 20) as i64 * if x & 1 == 0 { 1 } else { -1 };
            texts.push(Decimal::new(m, (x % 29) as u32).to_string());
        }
        let mut negative_zero = Decimal::ZERO;
        negative_zero.set_sign_negative(true);
        let mut negative_zero_2 = Decimal::new(0, 2);
        negative_zero_2.set_sign_negative(true);
        let decimals = texts
            .iter()
            .map(|t| Decimal::from_str(t).unwrap())
            .chain([negative_zero, negative_zero_2]);
        for d in decimals {
            let mut out = Vec::new();
            write_decimal(&mut out, d).unwrap();
            assert_eq!(String::from_utf8(out).unwrap(), d.to_string());
        }
    }
}
