//! The diff as JSON: `{"employees": [...], "totals": {...}, ...}`, every decimal a string,
//! employees in input order, figures in column order.

use crate::diff::{Change, Columns, EmployeeDiff, Failure, Mover, Summary, Total};
use crate::value::Value;
use rust_decimal::Decimal;
use serde::ser::{SerializeMap, SerializeSeq, Serializer};
use serde::Serialize;
use std::io::{self, Write};

/// Writes one employee's object, as the element of the `employees` array it is.
pub(super) fn employee<W: Write>(
    out: &mut W,
    e: &EmployeeDiff,
    key: &str,
    first: bool,
) -> io::Result<()> {
    out.write_all(if first {
        b"{\n  \"employees\": [\n"
    } else {
        b",\n"
    })?;
    out.write_all(b"    ")?;
    pretty(out, &Employee { e, key }, "    ")
}

/// Closes the `employees` array and writes the rest: totals, one-side figures, the ranking
/// figure, winners and losers.
pub(super) fn end<W: Write>(
    out: &mut W,
    summary: &Summary,
    columns: &Columns,
    key: &str,
    empty: bool,
) -> io::Result<()> {
    out.write_all(if empty {
        b"{\n  \"employees\": []"
    } else {
        b"\n  ]"
    })?;
    let (winners, losers) = (&summary.winners, &summary.losers);
    entry(out, "totals", &Totals(&summary.totals))?;
    entry(out, "only_old", &columns.only_old)?;
    entry(out, "only_new", &columns.only_new)?;
    entry(out, "by", &summary.by)?;
    entry(out, "winners", &Movers { m: winners, key })?;
    entry(out, "losers", &Movers { m: losers, key })?;
    out.write_all(b"\n}\n")
}

/// `,\n  "name": value` at the top level of the object.
fn entry<W: Write>(out: &mut W, name: &str, value: &impl Serialize) -> io::Result<()> {
    out.write_all(b",\n  ")?;
    serde_json::to_writer(&mut *out, name).map_err(io::Error::from)?;
    out.write_all(b": ")?;
    pretty(out, value, "  ")
}

/// `value` pretty-printed as serde_json prints it, every line after the first indented by
/// `indent` (a JSON string never holds a raw line break, so lines are the document's own):
/// the whole output reads as one pretty-printed document, written piece by piece.
fn pretty<W: Write>(out: &mut W, value: &impl Serialize, indent: &str) -> io::Result<()> {
    let text = serde_json::to_vec_pretty(value).map_err(io::Error::from)?;
    for (i, line) in text.split(|b| *b == b'\n').enumerate() {
        if i > 0 {
            out.write_all(b"\n")?;
            out.write_all(indent.as_bytes())?;
        }
        out.write_all(line)?;
    }
    Ok(())
}

/// A decimal as a JSON string, or `null`.
struct Dec(Option<Decimal>);

impl Serialize for Dec {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Some(d) => s.collect_str(&d),
            None => s.serialize_none(),
        }
    }
}

struct Employee<'a> {
    e: &'a EmployeeDiff,
    key: &'a str,
}

impl Serialize for Employee<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let e = self.e;
        let mut map = s.serialize_map(None)?;
        map.serialize_entry(self.key, &e.employee)?;
        map.serialize_entry("changes", &Changes(&e.changes))?;
        if !e.only_old.is_empty() {
            map.serialize_entry("only_old", &Values(&e.only_old))?;
        }
        if !e.only_new.is_empty() {
            map.serialize_entry("only_new", &Values(&e.only_new))?;
        }
        match &e.error {
            None => map.serialize_entry("error", &None::<()>)?,
            Some(f) => map.serialize_entry("error", &Sides(f))?,
        }
        map.end()
    }
}

/// `{"old": "message" or null, "new": ...}`.
struct Sides<'a>(&'a Failure);

impl Serialize for Sides<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let message = |x: &Option<crate::batch::EmployeeError>| x.as_ref().map(|e| e.to_string());
        let mut map = s.serialize_map(Some(2))?;
        map.serialize_entry("old", &message(&self.0.old))?;
        map.serialize_entry("new", &message(&self.0.new))?;
        map.end()
    }
}

struct Changes<'a>(&'a [Change]);

impl Serialize for Changes<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for c in self.0 {
            map.serialize_entry(&c.name, &OneChange(c))?;
        }
        map.end()
    }
}

struct OneChange<'a>(&'a Change);

impl Serialize for OneChange<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let c = self.0;
        let mut map = s.serialize_map(Some(4))?;
        map.serialize_entry("old", &c.old)?;
        map.serialize_entry("new", &c.new)?;
        map.serialize_entry("delta", &Dec(c.delta))?;
        map.serialize_entry("percent", &Dec(c.percent))?;
        map.end()
    }
}

struct Values<'a>(&'a [(String, Option<Value>)]);

impl Serialize for Values<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (name, value) in self.0 {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}

struct Totals<'a>(&'a [Total]);

impl Serialize for Totals<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for t in self.0 {
            map.serialize_entry(&t.name, &OneTotal(t))?;
        }
        map.end()
    }
}

struct OneTotal<'a>(&'a Total);

impl Serialize for OneTotal<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let t = self.0;
        let mut map = s.serialize_map(Some(7))?;
        map.serialize_entry("old", &Dec(t.old))?;
        map.serialize_entry("new", &Dec(t.new))?;
        map.serialize_entry("delta", &Dec(t.delta))?;
        map.serialize_entry("percent", &Dec(t.percent))?;
        map.serialize_entry("up", &t.up)?;
        map.serialize_entry("down", &t.down)?;
        map.serialize_entry("same", &t.same)?;
        map.end()
    }
}

struct Movers<'a> {
    m: &'a [Mover],
    key: &'a str,
}

impl Serialize for Movers<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.m.len()))?;
        for m in self.m {
            seq.serialize_element(&Mover1 { m, key: self.key })?;
        }
        seq.end()
    }
}

struct Mover1<'a> {
    m: &'a Mover,
    key: &'a str,
}

impl Serialize for Mover1<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let m = self.m;
        let mut map = s.serialize_map(Some(5))?;
        map.serialize_entry(self.key, &m.employee)?;
        map.serialize_entry("old", &Dec(Some(m.old)))?;
        map.serialize_entry("new", &Dec(Some(m.new)))?;
        map.serialize_entry("delta", &Dec(Some(m.delta)))?;
        map.serialize_entry("percent", &Dec(m.percent))?;
        map.end()
    }
}
