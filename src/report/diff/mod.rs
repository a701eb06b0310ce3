//! Rendering a diff for people (an aligned table), spreadsheets (CSV), machines (JSON) and
//! snapshot tests (a stable, sorted text: [`snapshot`]).
//!
//! A figure declared a percentage ([`Columns::percent`]) shows as one where people read it
//! (the table, the snapshot text: `92%`, `96%`, change `+4%`); CSV and JSON keep the exact
//! fraction (`0.92`), as `eval`'s do.
//!
//! [`DiffWriter`] streams: each employee is written as it is compared, the totals at the
//! end, so memory stays flat however many employees there are (the table fixes its column
//! widths from its first employees, as `eval`'s does). [`write_diff`] writes a whole [`Diff`].

mod csv;
mod json;
mod table;
mod text;

use crate::diff::{Columns, Diff, EmployeeDiff, Summary};
// A value as people see it: a figure declared a percentage as `92%` when `percent`.
use crate::report::shown as shown_as;
use crate::report::Format;
use crate::value::Value;
use rust_decimal::Decimal;
use std::io::{self, Write};

pub use text::snapshot;

/// Writes a whole diff in `format`, naming the key column `key` (`employee_id`). A key that
/// collides with the output's own names ([`check_names`]) is an `InvalidInput` error.
pub fn write_diff<W: Write>(out: W, diff: &Diff, format: Format, key: &str) -> io::Result<()> {
    let mut writer = DiffWriter::new(out, format, key, &diff.columns)
        .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))?;
    for e in &diff.employees {
        writer.push(e)?;
    }
    let summary = Summary {
        totals: diff.totals.clone(),
        by: diff.by.clone(),
        winners: diff.winners.clone(),
        losers: diff.losers.clone(),
    };
    writer.finish(&summary).map(drop)
}

/// How many employees were written, and how they fared.
#[derive(Clone, Copy, Debug, Default)]
struct Counts {
    employees: usize,
    changed: usize,
    failed_old: usize,
    failed_new: usize,
    failed: usize,
}

impl Counts {
    fn add(&mut self, e: &EmployeeDiff) {
        self.employees += 1;
        match &e.error {
            Some(f) => {
                self.failed += 1;
                self.failed_old += usize::from(f.old.is_some());
                self.failed_new += usize::from(f.new.is_some());
            }
            None => self.changed += usize::from(!e.changes.is_empty()),
        }
    }
}

/// Writes a diff as it is computed: [`DiffWriter::push`] each employee in order, then
/// [`DiffWriter::finish`] with the totals.
pub struct DiffWriter<W: Write> {
    out: W,
    format: Format,
    key: String,
    columns: Columns,
    counts: Counts,
    table: table::Stream,
}

impl<W: Write> DiffWriter<W> {
    /// A writer for `columns` (from [`crate::diff::Comparison::columns`]). Refuses a key that
    /// collides with the output's own names before anything is written.
    pub fn new(
        out: W,
        format: Format,
        key: &str,
        columns: &Columns,
    ) -> Result<DiffWriter<W>, DiffOutputError> {
        check_names(columns, format, key)?;
        Ok(DiffWriter {
            out,
            format,
            key: key.to_string(),
            columns: columns.clone(),
            counts: Counts::default(),
            table: table::Stream::new(key),
        })
    }

    /// The writer, to write before the diff (a heading above the table).
    pub fn get_mut(&mut self) -> &mut W {
        &mut self.out
    }

    /// Writes one employee.
    pub fn push(&mut self, e: &EmployeeDiff) -> io::Result<()> {
        let first = self.counts.employees == 0;
        self.counts.add(e);
        match self.format {
            Format::Table => self.table.push(&mut self.out, e, &self.columns),
            Format::Csv => {
                if first {
                    csv::header_line(&mut self.out, &self.columns, &self.key)?;
                }
                csv::row(&mut self.out, &self.columns, e)
            }
            Format::Json | Format::Jsonl => json::employee(&mut self.out, e, &self.key, first),
        }
    }

    /// Writes the end (the totals, who gains and loses most), flushes, and returns the writer.
    pub fn finish(mut self, summary: &Summary) -> io::Result<W> {
        let empty = self.counts.employees == 0;
        match self.format {
            Format::Table => {
                let columns = &self.columns;
                let end = table::End {
                    summary,
                    columns,
                    counts: self.counts,
                    key: &self.key,
                };
                self.table.finish(&mut self.out, &end)?;
            }
            Format::Csv if empty => csv::header_line(&mut self.out, &self.columns, &self.key)?,
            Format::Csv => {}
            Format::Json | Format::Jsonl => {
                json::end(&mut self.out, summary, &self.columns, &self.key, empty)?
            }
        }
        self.out.flush()?;
        Ok(self.out)
    }
}

/// Fields every employee object of the JSON output may have besides the key column.
pub const JSON_FIELDS: [&str; 4] = ["changes", "only_old", "only_new", "error"];

/// Why a diff cannot be written with these names.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DiffOutputError {
    /// `--key error --format json` (or `changes`, `only_old`, `only_new`): the key column has
    /// the name of a field hrrules writes in every employee object.
    #[error("the key column `{key}` has the name of a field of the diff's JSON output ({}), so objects would have two `{key}` fields. Rename the column in the data file and give its new name with --key", JSON_FIELDS.join(", "))]
    JsonKeyReserved {
        /// The key column's name.
        key: String,
    },
    /// `--key error.old --format csv`, or a key named like `commission.old`: the CSV header
    /// would name two columns alike.
    #[error("the CSV output would have two columns named `{name}`. Rename the data column (and --key) or use --format json")]
    CsvColumnTwice {
        /// The name that would head two columns.
        name: String,
    },
}

/// Checks, before anything is written, that the key column's name does not collide with a
/// name the output writes itself.
pub fn check_names(columns: &Columns, format: Format, key: &str) -> Result<(), DiffOutputError> {
    match format {
        Format::Json if JSON_FIELDS.contains(&key) => Err(DiffOutputError::JsonKeyReserved {
            key: key.to_string(),
        }),
        Format::Csv => {
            let header = csv::header(columns, key);
            let mut seen = std::collections::HashSet::new();
            match header.iter().find(|h| !seen.insert(h.as_str())) {
                Some(name) => Err(DiffOutputError::CsvColumnTwice { name: name.clone() }),
                None => Ok(()),
            }
        }
        _ => Ok(()),
    }
}

/// A value as shown (`""` for a missing input).
fn shown(v: Option<&Value>) -> String {
    v.map(Value::to_string).unwrap_or_default()
}

/// A number as people see it: `0.92` as `92%` when `percent` (a value: `shown_as`).
fn number(d: Decimal, percent: bool) -> String {
    if percent {
        crate::vocab::percent(d)
    } else {
        d.to_string()
    }
}

/// A delta with its sign, as a percentage when `percent`: `+4%`, `-2.5%`, `0%`.
fn signed_as(d: Decimal, percent: bool) -> String {
    if d > Decimal::ZERO {
        format!("+{}", number(d, percent))
    } else {
        number(d, percent)
    }
}

/// A delta with its sign: `+11286.40`, `-520.00`, `0`.
fn signed(d: Decimal) -> String {
    if d > Decimal::ZERO {
        format!("+{d}")
    } else {
        d.to_string()
    }
}

/// A percentage with its sign: `+64.03%`.
fn signed_percent(p: Option<Decimal>) -> String {
    p.map(|p| format!("{}%", signed(p))).unwrap_or_default()
}
