//! JSON files: an array of objects, one per employee, read whole.
//!
//! Each value is taken as its raw source text ([`RawValue`]), so numbers keep their exact text
//! (`1234.50` reaches the typed conversion as `1234.50`, `1e+400` is quoted as written), never
//! through a binary float, and keys keep the order in which they are written, without changing
//! how serde_json behaves for the program embedding hrrules. A key twice in one object is an
//! error for that object, not the last one silently winning.

use super::row::RawRow;
use super::{CellRef, DataError, DataLimits, RowRef, Slot};
use crate::text::name_key;
use serde::de::{Deserialize, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_json::value::RawValue;
use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

/// Parses a JSON data file into its columns (every key of every object, in order of first
/// appearance; keys equal after Unicode normalization are one column) and its rows.
pub(crate) fn read(
    name: &Arc<str>,
    bytes: &[u8],
    limits: &DataLimits,
) -> Result<(Vec<Arc<str>>, Vec<RawRow>), DataError> {
    if bytes.starts_with(b"\xFF\xFE")
        || bytes.starts_with(b"\xFE\xFF")
        || bytes.iter().take(4).any(|&b| b == 0)
    {
        return Err(DataError::Utf16 { file: name.clone() });
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(DataError::Empty {
            file: name.clone(),
            expected: "a JSON array of objects",
        });
    }
    let top = bytes.trim_ascii_start().first().copied();
    if top != Some(b'[') {
        // Valid JSON of another kind is "not an array"; anything else is invalid JSON.
        serde_json::from_slice::<IgnoredAny>(bytes).map_err(|e| invalid(name, &e))?;
        return Err(DataError::NotAnArray {
            file: name.clone(),
            found: kind(top),
        });
    }
    let items: Vec<&RawValue> = serde_json::from_slice(bytes).map_err(|e| {
        // Skipping over a value explains less ("key must be a string") than parsing it
        // ("trailing comma"): on an error, ask the full parser for its words.
        match serde_json::from_slice::<serde_json::Value>(bytes) {
            Err(full) if (full.line(), full.column()) == (e.line(), e.column()) => {
                invalid(name, &full)
            }
            _ => invalid(name, &e),
        }
    })?;

    let mut columns: Vec<Arc<str>> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut rows = Vec::with_capacity(items.len());
    for (item, row) in items.into_iter().zip(1u64..) {
        let at = RowRef {
            file: name.clone(),
            row,
        };
        let text = item.get();
        if !text.starts_with('{') {
            rows.push(RawRow {
                row,
                text: String::new(),
                cells: Vec::new(),
                error: Some(DataError::NotAnObject {
                    at,
                    found: kind(text.bytes().next()),
                }),
            });
            continue;
        }
        let Fields(fields) = serde_json::from_str(text).map_err(|e| invalid(name, &e))?;
        let mut out = RawRow {
            row,
            ..RawRow::default()
        };
        let mut error = None;
        let mut seen: HashMap<usize, &str> = HashMap::new();
        for (key, value) in &fields {
            if key.trim().is_empty() {
                continue;
            }
            let normal = name_key(key);
            let i = match index.get(normal.as_ref()) {
                Some(&i) => i,
                None => {
                    index.insert(normal.into_owned(), columns.len());
                    columns.push(Arc::from(key.as_str()));
                    columns.len() - 1
                }
            };
            if let Some(first) = seen.insert(i, key) {
                if error.is_none() {
                    error = Some(DataError::DuplicateField {
                        at: at.clone(),
                        key: first.to_string(),
                        other_spelling: (first != key).then(|| key.clone()),
                    });
                }
                continue;
            }
            if out.cells.len() <= i {
                out.cells.resize(i + 1, None);
            }
            let column = columns.get(i).cloned().unwrap_or_default();
            let cell_at = || CellRef {
                file: name.clone(),
                row,
                column,
            };
            let cell = cell(&mut out, i, value, cell_at, limits);
            if let Some(slot) = out.cells.get_mut(i) {
                *slot = cell;
            }
        }
        out.error = error;
        rows.push(out);
    }
    for row in &mut rows {
        row.cells.resize(columns.len(), None);
    }
    Ok((columns, rows))
}

/// A value's text as a cell: `null` is blank, a string is unescaped and trimmed, a number or
/// a boolean is its source text. An array or object, or a value over the cell limit, is a
/// problem of the cell.
fn cell(
    out: &mut RawRow,
    column: usize,
    value: &RawValue,
    at: impl FnOnce() -> CellRef,
    limits: &DataLimits,
) -> Option<Slot> {
    let raw = value.get();
    let first = raw.bytes().next();
    if raw.len() > limits.max_cell_bytes {
        let problem = DataError::CellTooLong {
            at: at(),
            bytes: raw.len() as u64,
            limit: limits.max_cell_bytes,
        };
        return Some(out.push(
            column,
            cut(raw, limits.max_cell_bytes),
            Some(Box::new(problem)),
        ));
    }
    match first {
        Some(b'n') => None,
        Some(b'"') => match serde_json::from_str::<String>(raw) {
            Ok(text) => {
                let text = text.trim();
                (!text.is_empty()).then(|| out.push(column, text, None))
            }
            // A lone surrogate (`"\ud800"`) is no text at all: never a silent blank.
            Err(_) => Some(out.push(column, raw, Some(Box::new(DataError::NotUtf8 { at: at() })))),
        },
        Some(b'[' | b'{') => {
            let problem = DataError::NestedValue {
                at: at(),
                found: kind(first),
            };
            Some(out.push(column, cut(raw, 200), Some(Box::new(problem))))
        }
        _ => Some(out.push(column, raw, None)),
    }
}

/// The longest prefix of `text` of at most `max` bytes ending on a character boundary.
fn cut(text: &str, max: usize) -> &str {
    let mut end = max.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.get(..end).unwrap_or_default()
}

fn invalid(name: &Arc<str>, e: &serde_json::Error) -> DataError {
    let full = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    DataError::InvalidJson {
        file: name.clone(),
        line: e.line(),
        column: e.column(),
        message: full.strip_suffix(&suffix).unwrap_or(&full).to_string(),
    }
}

/// `an array`, `a string`: what a JSON value is, in words, by its first character.
fn kind(first: Option<u8>) -> &'static str {
    match first {
        Some(b'n') => "null",
        Some(b't' | b'f') => "a boolean",
        Some(b'"') => "a string",
        Some(b'[') => "an array",
        Some(b'{') => "an object",
        _ => "a number",
    }
}

/// An object's fields in the order written, duplicates included, each value as raw text.
struct Fields<'a>(Vec<(String, &'a RawValue)>);

impl<'de: 'a, 'a> Deserialize<'de> for Fields<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(FieldsVisitor(std::marker::PhantomData))
    }
}

struct FieldsVisitor<'a>(std::marker::PhantomData<&'a ()>);

impl<'de: 'a, 'a> Visitor<'de> for FieldsVisitor<'a> {
    type Value = Fields<'a>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Fields<'a>, M::Error> {
        let mut fields = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            let value: &'de RawValue = map.next_value()?;
            fields.push((key, value));
        }
        Ok(Fields(fields))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_keep_their_text_and_keys_their_order() {
        let name: Arc<str> = Arc::from("t.json");
        let text = br#"[{"z": 1e+400, "a": 1234.50, "m": -0.0}]"#;
        let (columns, rows) = read(&name, text, &DataLimits::DEFAULT).unwrap();
        let columns: Vec<&str> = columns.iter().map(|c| &**c).collect();
        assert_eq!(columns, ["z", "a", "m"]);
        let texts: Vec<&str> = rows[0]
            .cells
            .iter()
            .map(|c| rows[0].text_of(c.as_ref().unwrap()))
            .collect();
        assert_eq!(texts, ["1e+400", "1234.50", "-0.0"]);
    }

    #[test]
    fn a_lone_surrogate_is_a_problem_not_a_blank() {
        let name: Arc<str> = Arc::from("t.json");
        let text = br#"[{"employee_id": "E001", "name": "\ud800"}]"#;
        match read(&name, text, &DataLimits::DEFAULT) {
            Ok((_, rows)) => assert!(rows[0].cells[1].as_ref().unwrap().problem.is_some()),
            Err(e) => assert!(e.is_file_error()),
        }
    }
}
