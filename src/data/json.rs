//! JSON files: an array of objects, one per employee, read whole.
//!
//! Numbers keep their exact source text (serde_json's `arbitrary_precision`), so `1234.50`
//! reaches the typed conversion as `1234.50`, never through a binary float.

use super::file::RawRow;
use super::{CellRef, DataError, RowRef};
use serde_json::Value as Json;
use std::collections::HashMap;
use std::sync::Arc;

/// Parses a JSON data file into its columns (every key of every object, in order of first
/// appearance) and its rows.
pub(crate) fn read(
    name: &Arc<str>,
    bytes: &[u8],
) -> Result<(Vec<Arc<str>>, Vec<RawRow>), DataError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(DataError::Empty {
            file: name.clone(),
            expected: "a JSON array of objects",
        });
    }
    let json: Json = serde_json::from_slice(bytes).map_err(|e| {
        let full = e.to_string();
        let suffix = format!(" at line {} column {}", e.line(), e.column());
        DataError::InvalidJson {
            file: name.clone(),
            line: e.line(),
            column: e.column(),
            message: full.strip_suffix(&suffix).unwrap_or(&full).to_string(),
        }
    })?;
    let Json::Array(items) = json else {
        return Err(DataError::NotAnArray {
            file: name.clone(),
            found: kind(&json),
        });
    };

    let mut columns: Vec<Arc<str>> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for item in &items {
        if let Json::Object(map) = item {
            for key in map.keys() {
                if !key.trim().is_empty() && !index.contains_key(key) {
                    index.insert(key.clone(), columns.len());
                    columns.push(Arc::from(key.as_str()));
                }
            }
        }
    }

    let rows = items
        .into_iter()
        .zip(1u64..)
        .map(|(item, row)| to_row(name, &columns, &index, item, row))
        .collect();
    Ok((columns, rows))
}

fn to_row(
    name: &Arc<str>,
    columns: &[Arc<str>],
    index: &HashMap<String, usize>,
    item: Json,
    row: u64,
) -> RawRow {
    let mut cells = vec![None; columns.len()];
    let Json::Object(map) = item else {
        return RawRow {
            row,
            cells,
            error: Some(DataError::NotAnObject {
                at: RowRef {
                    file: name.clone(),
                    row,
                },
                found: kind(&item),
            }),
        };
    };
    let mut error = None;
    for (key, value) in map {
        let Some(&i) = index.get(&key) else {
            continue;
        };
        let text = match value {
            Json::Null => None,
            Json::Bool(b) => Some(b.to_string()),
            Json::Number(n) => Some(n.to_string()),
            Json::String(s) => Some(s.trim().to_string()).filter(|t| !t.is_empty()),
            nested @ (Json::Array(_) | Json::Object(_)) => {
                if error.is_none() {
                    error = Some(DataError::NestedValue {
                        at: CellRef {
                            file: name.clone(),
                            row,
                            column: columns.get(i).cloned().unwrap_or_default(),
                        },
                        found: kind(&nested),
                    });
                }
                None
            }
        };
        if let Some(slot) = cells.get_mut(i) {
            *slot = text;
        }
    }
    RawRow { row, cells, error }
}

/// `an array`, `a string`: what a JSON value is, in words.
fn kind(value: &Json) -> &'static str {
    match value {
        Json::Null => "null",
        Json::Bool(_) => "a boolean",
        Json::Number(_) => "a number",
        Json::String(_) => "a string",
        Json::Array(_) => "an array",
        Json::Object(_) => "an object",
    }
}
