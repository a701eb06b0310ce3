//! Rendering outcomes for people (an aligned table) and machines (CSV, JSON).
//!
//! Every format is streamed: CSV, JSON and JSON lines rows are written as outcomes arrive, and the table
//! takes its column widths from its first rows ([`table::SAMPLE_ROWS`]) and then writes each
//! row as it comes, so output memory stays flat however many rows there are.
//!
//! The output's own names are reserved: a JSON object holds the key column, then `values`
//! or `error` (in JSON lines also `period`); a CSV header holds the key column, the shown values and `error`. A key
//! column (or a shown value, in CSV) that would repeat one of these names is refused with
//! an [`OutputError`] before anything is written.

pub mod attendance;
mod csv;
pub mod diff;
mod json;
pub mod payslip;
mod snapshot;
pub mod split;
pub mod table;
pub mod team;

use crate::batch::Outcome;
use crate::date::Period;
use crate::text::Quoted;
use crate::value::Value;
use csv::{csv_field, csv_line, neutralize};
use json::{json_str, json_value};
use std::io::{self, Write};
use table::{printable, Row, Table};

pub use snapshot::{Snapshot, SnapshotOrder};

/// Output formats of `hrrules eval`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// An aligned table for a terminal.
    Table,
    /// CSV with a header row and an `error` column.
    Csv,
    /// `[{"employee_id": ..., "values": {...}}, ...]`, every decimal as a string.
    Json,
    /// JSON lines, one object a line, for the history of later months:
    /// `{"employee_id": "E004", "period": "2023-07", "values": {...}}` with EVERY named value
    /// of the evaluation ([`Evaluation::all`](crate::Evaluation::all)), not only the shown
    /// ones, or `{"employee_id": ..., "period": ..., "error": "..."}`. The period is the one
    /// given to [`Renderer::with_period`] (no `period` field without it). Writers other than
    /// [`Renderer`] (split, diff) write their JSON for it.
    Jsonl,
}

/// Fields every JSON object of the output may have besides the key column.
pub const JSON_FIELDS: [&str; 2] = ["values", "error"];

/// Fields every JSON lines object of the output may have besides the key column.
pub const JSONL_FIELDS: [&str; 3] = ["period", "values", "error"];

/// The CSV output's own column, after the shown values.
pub const CSV_ERROR_COLUMN: &str = "error";

/// Why the output cannot be written with these names.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OutputError {
    /// `--key error --format json` (or `--key values`): the key column's name is one of the
    /// fields hrrules writes in every JSON object, so objects would have two fields of one
    /// name.
    #[error(
        "the key column {} has the name of a field of hrrules' JSON output (`values` holds \
         the figures, `error` what went wrong), so objects would have two {} fields. Rename \
         the column in the data file and give its new name with --key",
        Quoted(key),
        Quoted(key)
    )]
    JsonKeyReserved {
        /// The key column's name.
        key: String,
    },
    /// `--key period --format jsonl` (or `values`, `error`): the key column's name is one of
    /// the fields hrrules writes in every JSON line.
    #[error(
        "the key column {} has the name of a field of hrrules' JSON lines output (`period` \
         holds the month, `values` the figures, `error` what went wrong), so lines would have \
         two {} fields. Rename the column in the data file and give its new name with --key",
        Quoted(key),
        Quoted(key)
    )]
    JsonlKeyReserved {
        /// The key column's name.
        key: String,
    },
    /// `--key error --format csv`, a shown value named `error`, or a shown value named like
    /// the key column: the CSV header would name two columns alike.
    #[error(
        "the CSV output would have two columns named {} (its header holds the key column, \
         the policy's shown values, then `error`). Rename the data column (and --key) or the \
         value in the rule file, or use --format json",
        Quoted(name)
    )]
    CsvColumnTwice {
        /// The name that would head two columns.
        name: String,
    },
}

/// Checks that the output's own names and the given ones do not collide (see the module's
/// documentation).
fn check_names(format: Format, key: &str, columns: &[String]) -> Result<(), OutputError> {
    match format {
        Format::Table => Ok(()),
        Format::Json if JSON_FIELDS.contains(&key) => Err(OutputError::JsonKeyReserved {
            key: key.to_string(),
        }),
        Format::Json => Ok(()),
        Format::Jsonl if JSONL_FIELDS.contains(&key) => Err(OutputError::JsonlKeyReserved {
            key: key.to_string(),
        }),
        Format::Jsonl => Ok(()),
        Format::Csv => {
            let mut seen = std::collections::HashSet::new();
            let header = std::iter::once(key)
                .chain(columns.iter().map(String::as_str))
                .chain([CSV_ERROR_COLUMN]);
            for name in header {
                if !seen.insert(name) {
                    return Err(OutputError::CsvColumnTwice {
                        name: name.to_string(),
                    });
                }
            }
            Ok(())
        }
    }
}

/// Writes outcomes in one format.
pub struct Renderer<W: Write> {
    out: W,
    format: Format,
    key: String,
    columns: Vec<String>,
    table: Table,
    count: usize,
    failed: usize,
    /// JSON: each column's `"name":`, escaped once.
    json_keys: Vec<Vec<u8>>,
    /// JSON: the row being written, reused from row to row.
    line: Vec<u8>,
    /// JSON lines: `,"period":"2023-07"` when a period is given.
    period: Vec<u8>,
    /// The population figures, reconciled under the table.
    team: Vec<crate::batch::FigureSummary>,
}

impl<W: Write> Renderer<W> {
    /// A renderer for columns `columns` (the policy's shown outputs), with the key column
    /// named `key`. Refuses names that collide with the output's own (see [`OutputError`]).
    pub fn new(
        out: W,
        format: Format,
        key: &str,
        columns: Vec<String>,
    ) -> Result<Renderer<W>, OutputError> {
        check_names(format, key, &columns)?;
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
        Ok(Renderer {
            out,
            format,
            key: key.to_string(),
            table: Table::new(key, &columns),
            columns,
            count: 0,
            failed: 0,
            json_keys,
            line: Vec::new(),
            period: Vec::new(),
            team: Vec::new(),
        })
    }

    /// The same renderer, writing `period` in each JSON line (`"period": "2023-07"`); other
    /// formats do not show it.
    pub fn with_period(mut self, period: Period) -> Renderer<W> {
        self.period = format!(",\"period\":\"{period}\"").into_bytes();
        self
    }

    /// The population figures of the run (`TeamFigures::pairs[0]` for one plan), which the
    /// table reconciles under its last line: each figure's groups, members, failures and
    /// totals. Other formats leave them out (the CLI writes them to stderr).
    pub fn team(&mut self, figures: &[crate::batch::FigureSummary]) {
        self.team = figures.to_vec();
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
                let row = match &o.result {
                    Ok(e) => Row::Values(
                        printable(&o.employee),
                        e.outputs()
                            .zip(e.percent_outputs())
                            .map(|((_, v), pct)| printable(&shown(v, *pct)))
                            .collect(),
                    ),
                    Err(err) => Row::Error(printable(&o.employee), printable(&err.to_string())),
                };
                self.table.push(&mut self.out, row)
            }
            Format::Csv => {
                if first {
                    self.csv_header()?;
                }
                self.csv_row(o)
            }
            Format::Json => self.json_row(o, first),
            Format::Jsonl => self.jsonl_row(o),
        }
    }

    fn csv_header(&mut self) -> io::Result<()> {
        let header = std::iter::once(self.key.as_str())
            .chain(self.columns.iter().map(String::as_str))
            .chain([CSV_ERROR_COLUMN])
            .map(neutralize);
        let header: Vec<_> = header.collect();
        csv_line(&mut self.out, header.iter().map(|c| &**c))
    }

    /// One CSV row: text (the key, text figures, the error) neutralized, numbers as they are
    /// (written straight from their digits: they never need quotes). The row goes into a
    /// reused buffer, then one write.
    fn csv_row(&mut self, o: &Outcome) -> io::Result<()> {
        let mut line = std::mem::take(&mut self.line);
        line.clear();
        csv_field(&mut line, &neutralize(&o.employee))?;
        match &o.result {
            Ok(e) => {
                for (_, v) in e.outputs() {
                    line.push(b',');
                    match v {
                        None => {}
                        Some(Value::Number(d)) => json::write_decimal(&mut line, *d)?,
                        Some(Value::Text(t)) => csv_field(&mut line, &neutralize(t))?,
                        Some(other) => csv_field(&mut line, &neutralize(&other.to_string()))?,
                    }
                }
                line.extend_from_slice(b",\n");
            }
            Err(err) => {
                line.extend(std::iter::repeat_n(b',', self.columns.len() + 1));
                csv_field(&mut line, &neutralize(&err.to_string()))?;
                line.push(b'\n');
            }
        }
        let written = self.out.write_all(&line);
        self.line = line;
        written
    }

    /// One JSON object, written directly as serde_json would write it, without building it:
    /// the row in a reused buffer, then one write.
    fn json_row(&mut self, o: &Outcome, first: bool) -> io::Result<()> {
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

    /// One JSON line: the key, the period, then every named value (sorted by name) or the
    /// error.
    fn jsonl_row(&mut self, o: &Outcome) -> io::Result<()> {
        let mut line = std::mem::take(&mut self.line);
        line.clear();
        line.push(b'{');
        json_str(&mut line, &self.key)?;
        line.push(b':');
        json_str(&mut line, &o.employee)?;
        line.extend_from_slice(&self.period);
        match &o.result {
            Ok(e) => {
                line.extend_from_slice(b",\"values\":{");
                for (i, (name, value)) in e.all().into_iter().enumerate() {
                    if i > 0 {
                        line.push(b',');
                    }
                    json_str(&mut line, name)?;
                    line.push(b':');
                    json_value(&mut line, Some(value))?;
                }
                line.extend_from_slice(b"}}\n");
            }
            Err(err) => {
                line.extend_from_slice(b",\"error\":");
                json_str(&mut line, &err.to_string())?;
                line.extend_from_slice(b"}\n");
            }
        }
        let written = self.out.write_all(&line);
        self.line = line;
        written
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
                    self.csv_header()?;
                }
            }
            Format::Jsonl => {}
            Format::Table => {
                self.table.finish(&mut self.out)?;
                // Rows keyed by something else (`--key claim_id`) are not employees.
                let noun = if self.key == "employee_id" {
                    "employee"
                } else {
                    "row"
                };
                writeln!(
                    self.out,
                    "\n{} {noun}{}: {} computed, {} failed",
                    self.count,
                    if self.count == 1 { "" } else { "s" },
                    self.count - self.failed,
                    self.failed
                )?;
                team::write_figures(&mut self.out, &self.team)?;
            }
        }
        self.out.flush()?;
        Ok(self.out)
    }
}

/// A cell for people: a percentage as `92%` (exactly: `0.925` is `92.5%`).
fn shown(v: Option<&Value>, percent: bool) -> String {
    match (v, percent) {
        (Some(Value::Number(d)), true) => crate::vocab::percent(*d),
        _ => cell(v),
    }
}

fn cell(v: Option<&Value>) -> String {
    v.map(Value::to_string).unwrap_or_default()
}
