//! Rendering a project cost split (`hrrules split`): one row per employee and project with
//! hours, then each project's total and the grand total.
//!
//! - **table**: the rows (an employee whose figures failed shows `error: ...` instead), a blank
//!   line, then a second block of one row per project and a `TOTAL` row, then a count line.
//! - **csv**: exactly `employee_id,project,hours,amount`; after the employees' rows, one row per
//!   project with `employee_id` [`TOTAL`] and a last row `TOTAL` with an empty `project` (the
//!   grand total). A spreadsheet user filters `employee_id` on `TOTAL` to keep either. An
//!   employee whose id is `TOTAL` is written `'TOTAL` so it cannot be taken for a total. Errors
//!   have no column: [`SplitWriter::error`] writes nothing in CSV, and the caller reports them
//!   elsewhere (the CLI on stderr).
//! - **json**: `{"rows": [...], "projects": [...], "total": {...}}`; a row is
//!   `{"employee_id", "project", "hours", "amount"}` or `{"employee_id", "error"}`, every
//!   decimal a string.
//!
//! Rows are written as they arrive; only the table holds its first rows back to fix the widths.

use super::csv::{csv_field, csv_line, neutralize};
use super::json::{json_str, write_decimal};
use super::table::{printable, Row, Table};
use super::Format;
use crate::attendance::{CostSplit, ProjectShare};
use std::io::{self, Write};

/// The `employee_id` of the totals in CSV output, and the label of the grand total in a table.
pub const TOTAL: &str = "TOTAL";

/// The key column of the split's output.
const KEY: &str = "employee_id";

/// Writes a cost split in one format.
pub struct SplitWriter<W: Write> {
    out: W,
    format: Format,
    rows: Table,
    employees: usize,
    failed: usize,
    /// JSON: whether a row was written (a comma goes before the next).
    any_row: bool,
}

impl<W: Write> SplitWriter<W> {
    /// A writer of `format` to `out`.
    pub fn new(out: W, format: Format) -> SplitWriter<W> {
        SplitWriter {
            out,
            format,
            rows: Table::new(KEY, &columns(&["project", "hours", "amount"])),
            employees: 0,
            failed: 0,
            any_row: false,
        }
    }

    /// Writes one employee's parts (the projects with hours, as [`CostSplit::add`] returns
    /// them).
    pub fn employee(&mut self, employee: &str, parts: &[ProjectShare<'_>]) -> io::Result<()> {
        self.employees += 1;
        for part in parts {
            match self.format {
                Format::Table => {
                    let cells = vec![
                        printable(part.project),
                        part.hours().to_string(),
                        part.amount.to_string(),
                    ];
                    self.rows
                        .push(&mut self.out, Row::Values(printable(employee), cells))?;
                }
                Format::Csv => {
                    self.csv_header()?;
                    let id = if employee == TOTAL {
                        format!("'{TOTAL}")
                    } else {
                        neutralize(employee).into_owned()
                    };
                    csv_share(&mut self.out, &id, part)?;
                }
                Format::Json | Format::Jsonl => {
                    self.json_open()?;
                    self.out.write_all(b"{")?;
                    json_str(&mut self.out, KEY)?;
                    self.out.write_all(b":")?;
                    json_str(&mut self.out, employee)?;
                    self.out.write_all(b",")?;
                    json_share(&mut self.out, part)?;
                    self.out.write_all(b"}")?;
                }
            }
        }
        Ok(())
    }

    /// Writes an employee whose amount could not be split (or computed), with why. Nothing
    /// in CSV (see the module's documentation).
    pub fn error(&mut self, employee: &str, error: &str) -> io::Result<()> {
        self.employees += 1;
        self.failed += 1;
        match self.format {
            Format::Table => self.rows.push(
                &mut self.out,
                Row::Error(printable(employee), printable(error)),
            ),
            Format::Csv => self.csv_header(),
            Format::Json | Format::Jsonl => {
                self.json_open()?;
                self.out.write_all(b"{")?;
                json_str(&mut self.out, KEY)?;
                self.out.write_all(b":")?;
                json_str(&mut self.out, employee)?;
                self.out.write_all(b",\"error\":")?;
                json_str(&mut self.out, error)?;
                self.out.write_all(b"}")
            }
        }
    }

    /// Writes the totals of `split` and returns the writer.
    pub fn finish(mut self, split: &CostSplit) -> io::Result<W> {
        match self.format {
            Format::Table => self.table_totals(split)?,
            Format::Csv => {
                self.csv_header()?;
                for project in split.projects() {
                    csv_share(&mut self.out, TOTAL, &project)?;
                }
                csv_share(&mut self.out, TOTAL, &split.total())?;
            }
            Format::Json | Format::Jsonl => self.json_totals(split)?,
        }
        self.out.flush()?;
        Ok(self.out)
    }

    fn table_totals(&mut self, split: &CostSplit) -> io::Result<()> {
        self.rows.finish(&mut self.out)?;
        writeln!(self.out)?;
        let mut totals = Table::new("project", &columns(&["hours", "amount"]));
        let total = split.total();
        let rows = split
            .projects()
            .map(|p| (printable(p.project), p))
            .chain([(TOTAL.to_string(), total)]);
        for (label, share) in rows {
            let cells = vec![share.hours().to_string(), share.amount.to_string()];
            totals.push(&mut self.out, Row::Values(label, cells))?;
        }
        totals.finish(&mut self.out)?;
        let n = self.employees;
        writeln!(
            self.out,
            "\n{n} employee{}: {} split, {} failed",
            if n == 1 { "" } else { "s" },
            n - self.failed,
            self.failed
        )
    }

    fn json_totals(&mut self, split: &CostSplit) -> io::Result<()> {
        self.out.write_all(if self.any_row {
            b"\n  ],\n  \"projects\": ["
        } else {
            b"{\n  \"rows\": [],\n  \"projects\": ["
        })?;
        for (i, project) in split.projects().enumerate() {
            self.out
                .write_all(if i == 0 { b"\n    {" } else { b",\n    {" })?;
            json_share(&mut self.out, &project)?;
            self.out.write_all(b"}")?;
        }
        if split.projects().len() > 0 {
            self.out.write_all(b"\n  ")?;
        }
        let total = split.total();
        write!(
            self.out,
            "],\n  \"total\": {{\"employees\":{},",
            split.employees()
        )?;
        json_share(&mut self.out, &total)?;
        self.out.write_all(b"}\n}\n")
    }

    /// CSV: the header, before the first line.
    fn csv_header(&mut self) -> io::Result<()> {
        if self.any_row {
            return Ok(());
        }
        self.any_row = true;
        csv_line(&mut self.out, [KEY, "project", "hours", "amount"])
    }

    /// JSON: the opening of the document before the first row, a comma before the others.
    fn json_open(&mut self) -> io::Result<()> {
        let first = !self.any_row;
        self.any_row = true;
        self.out.write_all(if first {
            b"{\n  \"rows\": [\n    "
        } else {
            b",\n    "
        })
    }
}

fn columns(names: &[&str]) -> Vec<String> {
    names.iter().map(|n| n.to_string()).collect()
}

/// One CSV line: `id,project,hours,amount`.
fn csv_share<W: Write>(out: &mut W, id: &str, share: &ProjectShare<'_>) -> io::Result<()> {
    let mut line = Vec::new();
    csv_field(&mut line, id)?;
    line.push(b',');
    csv_field(&mut line, &neutralize(share.project))?;
    line.push(b',');
    write_decimal(&mut line, share.hours())?;
    line.push(b',');
    write_decimal(&mut line, share.amount)?;
    line.push(b'\n');
    out.write_all(&line)
}

/// The fields of a share: `"project":"..",` (left out for the grand total, whose project is
/// empty), then `"hours":"..","amount":".."`.
fn json_share<W: Write>(out: &mut W, share: &ProjectShare<'_>) -> io::Result<()> {
    if !share.project.is_empty() {
        out.write_all(b"\"project\":")?;
        json_str(out, share.project)?;
        out.write_all(b",")?;
    }
    out.write_all(b"\"hours\":\"")?;
    write_decimal(out, share.hours())?;
    out.write_all(b"\",\"amount\":\"")?;
    write_decimal(out, share.amount)?;
    out.write_all(b"\"")
}
