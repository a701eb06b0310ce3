//! The shape of every file a consultant writes: rule files, calendars and mapping files.
//!
//! One description per table — its keys, what each holds, whether it is required, and a line
//! of documentation — used by the loaders for their unknown-key errors and suggestions
//! (`policy::toml_read::Reader::check_keys`, the calendar and mapping readers), and turned
//! into the JSON Schemas under `schema/` that editors use to complete keys, show their
//! documentation and underline a misspelt key while typing ([`json_schema`]). A key added
//! here is known to both at once, so the schema cannot drift from the loader.
//!
//! This module is a leaf of the pipeline, like [`vocab`](crate::vocab): it knows nothing of
//! the stages that use it.

mod json;
mod rules;
mod side;

pub use json::json_schema;
pub use rules::*;
pub use side::{CALENDAR_FILE, CALENDAR_TABLE, HOLIDAY, MAPPING_FILE};

/// The schemas published under `schema/`: each file's name and the shape it describes.
pub const SCHEMAS: [(&str, &Table); 3] = [
    ("rules.schema.json", &RULE_FILE),
    ("calendar.schema.json", &CALENDAR_FILE),
    ("mapping.schema.json", &MAPPING_FILE),
];

/// The text of the schema `name` (one of [`SCHEMAS`]) as `schema/` holds it: pretty JSON
/// with a final newline.
pub fn schema_text(name: &str) -> Option<String> {
    let (_, table) = SCHEMAS.iter().find(|(n, _)| *n == name)?;
    let schema = json_schema(table);
    Some(serde_json::to_string_pretty(&schema).ok()? + "\n")
}

/// A TOML table: the keys it may hold.
#[derive(Debug)]
pub struct Table {
    /// How the table is named in messages and documentation (`[scorecards.NAME]`).
    pub title: &'static str,
    /// What it is, in a line.
    pub doc: &'static str,
    /// Its keys, in the order the documentation gives them.
    pub keys: &'static [Key],
}

/// A key of a table.
#[derive(Debug)]
pub struct Key {
    /// The key as written.
    pub name: &'static str,
    /// What its value may be.
    pub holds: Holds,
    /// Whether the table must have it.
    pub required: bool,
    /// What it is, in a line (shown by editors on hover).
    pub doc: &'static str,
}

/// What a key's value may be.
#[derive(Debug)]
pub enum Holds {
    /// A string.
    Text,
    /// A string naming one of the policy's figures (`"kpi.grade"` in `show`).
    Name,
    /// A formula in the expression language: a string, or a bare number, boolean or date
    /// taken as that literal.
    Formula,
    /// A number constant: a bare number, or a string holding one (`"20%"`, `"100000"`).
    Constant,
    /// A whole number.
    Whole,
    /// `true` or `false`.
    Bool,
    /// A TOML date, or a string holding one (`"2023-07-01"`).
    Date,
    /// A month as a string, `"YYYY-MM"`.
    Month,
    /// A clock time as a string, `"HH:MM"`.
    Clock,
    /// One of these words.
    Words(&'static [&'static str]),
    /// A list of these.
    List(&'static Holds),
    /// A table of this shape.
    Table(&'static Table),
    /// A list of tables of this shape.
    Tables(&'static Table),
    /// A table of names, each holding this.
    Named(&'static Holds),
    /// A list of `[x, y]` pairs of number constants.
    Pairs,
    /// Any of these.
    AnyOf(&'static [Holds]),
    /// Any value (test inputs and expectations, decision-table cells).
    Any,
}

impl Table {
    /// Whether `name` is one of its keys.
    pub fn has(&self, name: &str) -> bool {
        self.keys.iter().any(|k| k.name == name)
    }

    /// Its keys' names.
    pub fn names(&self) -> impl Iterator<Item = &'static str> + Clone {
        self.keys.iter().map(|k| k.name)
    }

    /// The key named `name`.
    pub fn key(&self, name: &str) -> Option<&'static Key>
    where
        Self: 'static,
    {
        self.keys.iter().find(|k| k.name == name)
    }
}

/// A key that must be given.
pub(crate) const fn required(name: &'static str, holds: Holds, doc: &'static str) -> Key {
    Key {
        name,
        holds,
        required: true,
        doc,
    }
}

/// A key that may be left out.
pub(crate) const fn optional(name: &'static str, holds: Holds, doc: &'static str) -> Key {
    Key {
        name,
        holds,
        required: false,
        doc,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every table reachable from a file's shape, once.
    fn tables(root: &'static Table, out: &mut Vec<&'static Table>) {
        if out.iter().any(|t| std::ptr::eq(*t, root)) {
            return;
        }
        out.push(root);
        fn walk(h: &'static Holds, out: &mut Vec<&'static Table>) {
            match h {
                Holds::Table(t) | Holds::Tables(t) => tables(t, out),
                Holds::Named(h) | Holds::List(h) => walk(h, out),
                Holds::AnyOf(hs) => hs.iter().for_each(|h| walk(h, out)),
                _ => {}
            }
        }
        for k in root.keys {
            walk(&k.holds, out);
        }
    }

    #[test]
    fn every_table_documents_distinct_keys() {
        let mut all = Vec::new();
        for file in [&RULE_FILE, &CALENDAR_FILE, &MAPPING_FILE] {
            tables(file, &mut all);
        }
        assert!(all.len() > 25, "{}", all.len());
        for t in all {
            assert!(!t.doc.is_empty(), "{}", t.title);
            for (i, k) in t.keys.iter().enumerate() {
                assert!(!k.doc.is_empty(), "{}: {}", t.title, k.name);
                assert!(!t.keys[..i].iter().any(|o| o.name == k.name), "{}", k.name);
            }
        }
    }
}
