//! Reading history files: JSON lines, each parsed without building it, keeping only the
//! values the policy reads.
//!
//! A line is read into a reused buffer (at most [`MAX_LINE_BYTES`]), then parsed by a serde
//! visitor that keeps the key, `period`, `error`, and of `values` only the needed names,
//! borrowed from the line; every other value is skipped unparsed (`IgnoredAny`).

use super::{History, HistoryError, LineRef};
use crate::files::{self, OpenError};
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::fmt;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The longest history line, in bytes: a month of one employee is a few kilobytes at most.
pub const MAX_LINE_BYTES: usize = 256 * 1024;

/// The files to read: each path, or a folder's `*.jsonl` files in name order.
pub(super) fn files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, HistoryError> {
    let mut out = Vec::new();
    for path in paths {
        let name = || Arc::from(path.display().to_string());
        let meta = std::fs::metadata(path).map_err(|source| HistoryError::Io {
            file: name(),
            source: Arc::new(source),
        })?;
        if !meta.is_dir() {
            out.push(path.clone());
            continue;
        }
        let entries = std::fs::read_dir(path).map_err(|source| HistoryError::Io {
            file: name(),
            source: Arc::new(source),
        })?;
        let mut found = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|source| HistoryError::Io {
                file: name(),
                source: Arc::new(source),
            })?;
            let p = entry.path();
            if p.extension().is_some_and(|e| e == "jsonl") {
                found.push(p);
            }
        }
        if found.is_empty() {
            return Err(HistoryError::EmptyFolder { dir: name() });
        }
        found.sort();
        out.extend(found);
    }
    Ok(out)
}

/// Reads one file's lines into `history`.
pub(super) fn file(history: &mut History, path: &Path, key: &str) -> Result<(), HistoryError> {
    let name: Arc<str> = Arc::from(path.display().to_string());
    let file = files::open_regular(path).map_err(|e| match e {
        OpenError::Io(source) => HistoryError::Io {
            file: name.clone(),
            source: Arc::new(source),
        },
        OpenError::NotRegular(kind) => HistoryError::NotRegularFile {
            file: name.clone(),
            kind,
        },
    })?;
    let mut reader = BufReader::with_capacity(64 * 1024, file);
    let mut buf = Vec::new();
    let mut line = 0u64;
    loop {
        line += 1;
        let at = || LineRef {
            file: name.clone(),
            line,
        };
        let more = next_line(&mut reader, &mut buf).map_err(|source| HistoryError::Io {
            file: name.clone(),
            source: Arc::new(source),
        })?;
        match more {
            None => return Ok(()),
            Some(false) => {
                return Err(HistoryError::LineTooLong {
                    at: at(),
                    limit: MAX_LINE_BYTES,
                })
            }
            Some(true) => {}
        }
        let text = buf.strip_suffix(b"\r").unwrap_or(&buf);
        let text = if line == 1 {
            text.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(text)
        } else {
            text
        };
        if text.trim_ascii().is_empty() {
            continue;
        }
        one_line(history, text, key, at)?;
    }
}

/// Reads the next line (without its `\n`) into `buf`: `None` at the end, `Some(false)` when
/// it is longer than [`MAX_LINE_BYTES`] (nothing more is read).
fn next_line<R: BufRead>(r: &mut R, buf: &mut Vec<u8>) -> std::io::Result<Option<bool>> {
    buf.clear();
    let mut any = false;
    loop {
        let chunk = r.fill_buf()?;
        if chunk.is_empty() {
            return Ok(any.then_some(true));
        }
        any = true;
        let end = memchr::memchr(b'\n', chunk);
        let part = chunk.get(..end.unwrap_or(chunk.len())).unwrap_or(&[]);
        if buf.len() + part.len() > MAX_LINE_BYTES {
            return Ok(Some(false));
        }
        buf.extend_from_slice(part);
        match end {
            Some(i) => {
                r.consume(i + 1);
                return Ok(Some(true));
            }
            None => {
                let n = chunk.len();
                r.consume(n);
            }
        }
    }
}

/// Parses one line and keeps it if its month is one the history keeps.
fn one_line(
    history: &mut History,
    text: &[u8],
    key: &str,
    at: impl Fn() -> LineRef,
) -> Result<(), HistoryError> {
    let seed = LineSeed {
        key,
        names: &history.names,
    };
    let mut de = serde_json::Deserializer::from_slice(text);
    let parsed = seed
        .deserialize(&mut de)
        .and_then(|p| de.end().map(|()| p))
        .map_err(|e| {
            let text = e.to_string();
            let place = format!(" at line {} column {}", e.line(), e.column());
            HistoryError::NotJson {
                at: at(),
                column: e.column(),
                reason: text.strip_suffix(&place).unwrap_or(&text).to_string(),
            }
        })?;
    let Some(employee) = parsed.employee else {
        return Err(HistoryError::NoEmployee {
            at: at(),
            key: key.to_string(),
        });
    };
    let Some(period) = parsed.period else {
        return Err(HistoryError::NoPeriod { at: at() });
    };
    let period = period
        .parse()
        .map_err(|source| HistoryError::BadPeriod { at: at(), source })?;
    let month = super::store::index(period);
    if !history.keeps(month) {
        return Ok(());
    }
    let where_ = Some(at());
    let mut months_before = None;
    let values = match (parsed.error, parsed.values) {
        (Some(error), _) => Err(Box::from(&*error)),
        (None, Some(texts)) => {
            let text = |i: usize| texts.get(i).and_then(|t| t.as_deref());
            months_before = history.names.months_before(text);
            Ok(history.names.parse(text, &employee, period, &where_)?)
        }
        (None, None) => return Err(HistoryError::NoValues { at: at() }),
    };
    history.add(&employee, month, values, where_, months_before);
    Ok(())
}

/// What a line holds that the history reads.
struct Parsed<'de> {
    employee: Option<Cow<'de, str>>,
    period: Option<Cow<'de, str>>,
    error: Option<Cow<'de, str>>,
    /// The text of each needed name (in the order of [`super::store::Names`]), `None` when
    /// the line has no value (or `null`) for it.
    values: Option<Vec<Option<Cow<'de, str>>>>,
}

/// Parses a line: an object with the key column, `period`, and `values` or `error`.
struct LineSeed<'s> {
    key: &'s str,
    names: &'s super::store::Names,
}

/// A top-level field of a line.
enum Field {
    Key,
    Period,
    Values,
    Error,
    Other,
}

impl<'de> DeserializeSeed<'de> for LineSeed<'_> {
    type Value = Parsed<'de>;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Parsed<'de>, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for LineSeed<'_> {
    type Value = Parsed<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object like {\"employee_id\": ..., \"period\": ..., \"values\": {...}}")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Parsed<'de>, A::Error> {
        let mut p = Parsed {
            employee: None,
            period: None,
            error: None,
            values: None,
        };
        while let Some(field) = map.next_key_seed(FieldSeed(self.key))? {
            match field {
                Field::Key => p.employee = map.next_value::<Option<Text<'de>>>()?.map(|t| t.0),
                Field::Period => p.period = map.next_value::<Option<Text<'de>>>()?.map(|t| t.0),
                Field::Error => p.error = map.next_value::<Option<Text<'de>>>()?.map(|t| t.0),
                Field::Values => p.values = Some(map.next_value_seed(ValuesSeed(self.names))?),
                Field::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(p)
    }
}

/// Tells the fields of a line apart without allocating their names.
struct FieldSeed<'s>(&'s str);

impl<'de> DeserializeSeed<'de> for FieldSeed<'_> {
    type Value = Field;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Field, D::Error> {
        d.deserialize_str(self)
    }
}

impl Visitor<'_> for FieldSeed<'_> {
    type Value = Field;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Field, E> {
        Ok(if s == self.0 {
            Field::Key
        } else {
            match s {
                "period" => Field::Period,
                "values" => Field::Values,
                "error" => Field::Error,
                _ => Field::Other,
            }
        })
    }
}

/// A JSON string, borrowed from the line unless it has escapes.
struct Text<'de>(Cow<'de, str>);

impl<'de> de::Deserialize<'de> for Text<'de> {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Text<'de>, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Text<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Borrowed(s)))
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(s.to_string())))
            }
        }
        d.deserialize_str(V)
    }
}

/// The `values` object: the needed names' texts, every other value skipped.
struct ValuesSeed<'s>(&'s super::store::Names);

impl<'de> DeserializeSeed<'de> for ValuesSeed<'_> {
    type Value = Vec<Option<Cow<'de, str>>>;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for ValuesSeed<'_> {
    type Value = Vec<Option<Cow<'de, str>>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object of named values")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut texts: Vec<Option<Cow<'de, str>>> = vec![None; self.0.slots()];
        while let Some(i) = map.next_key_seed(NameSeed(self.0))? {
            match i.and_then(|i| texts.get_mut(i)) {
                Some(slot) => {
                    let raw: &'de RawValue = map.next_value()?;
                    *slot = raw_text(raw).map_err(de::Error::custom)?;
                }
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(texts)
    }
}

/// The text of a value as the history reads it: a string's contents, `true`/`false` and
/// numbers as written (never through binary floating point), `None` for `null`.
fn raw_text(raw: &RawValue) -> Result<Option<Cow<'_, str>>, serde_json::Error> {
    let text = raw.get();
    if text == "null" {
        return Ok(None);
    }
    match text.strip_prefix('"').and_then(|t| t.strip_suffix('"')) {
        Some(inner) if !inner.contains('\\') => Ok(Some(Cow::Borrowed(inner))),
        Some(_) => serde_json::from_str::<String>(text).map(|s| Some(Cow::Owned(s))),
        None => Ok(Some(Cow::Borrowed(text))),
    }
}

/// A name in `values`: its position among the needed names, if it is one.
struct NameSeed<'s>(&'s super::store::Names);

impl<'de> DeserializeSeed<'de> for NameSeed<'_> {
    type Value = Option<usize>;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Option<usize>, D::Error> {
        d.deserialize_str(self)
    }
}

impl Visitor<'_> for NameSeed<'_> {
    type Value = Option<usize>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a name")
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Option<usize>, E> {
        Ok(self.0.position(s))
    }
}
