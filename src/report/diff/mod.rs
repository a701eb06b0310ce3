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
