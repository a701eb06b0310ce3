//! Rendering a [`Diff`] for people (an aligned table), spreadsheets (CSV), machines (JSON)
//! and snapshot tests (a stable, sorted text: [`snapshot`]).

mod csv;
mod json;
mod table;
mod text;

use crate::diff::Diff;
use crate::report::Format;
use crate::value::Value;
use rust_decimal::Decimal;
use std::io::{self, Write};

pub use text::snapshot;

/// Writes `diff` in `format`, naming the key column `key` (`employee_id`).
pub fn write_diff<W: Write>(mut out: W, diff: &Diff, format: Format, key: &str) -> io::Result<()> {
    match format {
        Format::Table => table::write(&mut out, diff, key)?,
        Format::Csv => csv::write(&mut out, diff, key)?,
        Format::Json => json::write(&mut out, diff, key)?,
    }
    out.flush()
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
pub fn check_names(diff: &Diff, format: Format, key: &str) -> Result<(), DiffOutputError> {
    match format {
        Format::Json if JSON_FIELDS.contains(&key) => Err(DiffOutputError::JsonKeyReserved {
            key: key.to_string(),
        }),
        Format::Csv => {
            let header = csv::header(diff, key);
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
