//! A file's shape as a JSON Schema (draft-07, which taplo and Even Better TOML read): every
//! table a definition with `additionalProperties: false`, so a misspelt key is underlined;
//! every key's documentation its `description`, shown on hover and in completion.

use super::{Holds, Table};
use serde_json::{json, Map, Value};

/// The JSON Schema of files of the shape `file`. It has no `$id`: taplo refuses a relative
/// one, and the schema is found by path (`.taplo.toml`, `#:schema`), not by a URL of ours.
pub fn json_schema(file: &'static Table) -> Value {
    let mut defs = Definitions::default();
    let mut root = defs.table(file);
    let root = root.as_object_mut().expect("a table is an object");
    let mut top = Map::new();
    top.insert(
        "$schema".into(),
        json!("http://json-schema.org/draft-07/schema#"),
    );
    top.insert("title".into(), json!(format!("hrrules: {}", file.title)));
    top.append(root);
    let mut names = Map::new();
    for (name, schema) in defs.done {
        names.insert(name, schema);
    }
    top.insert("definitions".into(), Value::Object(names));
    Value::Object(top)
}

/// The tables met so far, each under a name of its own.
#[derive(Default)]
struct Definitions {
    named: Vec<(&'static Table, String)>,
    done: Vec<(String, Value)>,
}

impl Definitions {
    /// A reference to `t`'s definition, made on first use.
    fn reference(&mut self, t: &'static Table) -> Value {
        let name = match self.named.iter().find(|(o, _)| std::ptr::eq(*o, t)) {
            Some((_, name)) => name.clone(),
            None => {
                let mut name = slug(t.title);
                while self.named.iter().any(|(_, n)| *n == name) {
                    name.push('_');
                }
                self.named.push((t, name.clone()));
                let schema = self.table(t);
                self.done.push((name.clone(), schema));
                name
            }
        };
        json!({ "$ref": format!("#/definitions/{name}") })
    }

    /// `t` as an object schema.
    fn table(&mut self, t: &'static Table) -> Value {
        let mut properties = Map::new();
        for key in t.keys {
            let mut schema = self.holds(&key.holds);
            describe(&mut schema, key.doc);
            properties.insert(key.name.into(), schema);
        }
        let required: Vec<&str> = t
            .keys
            .iter()
            .filter(|k| k.required)
            .map(|k| k.name)
            .collect();
        let mut out = json!({
            "type": "object",
            "description": t.doc,
            "properties": properties,
            "additionalProperties": false,
        });
        if !required.is_empty() {
            out["required"] = json!(required);
        }
        out
    }

    fn holds(&mut self, h: &'static Holds) -> Value {
        match h {
            Holds::Text | Holds::Name => json!({ "type": "string" }),
            Holds::Formula => json!({
                "type": ["string", "number", "boolean"],
                "markdownDescription": "a formula in the expression language (docs/rules.md section 13)",
            }),
            Holds::Constant => json!({ "type": ["number", "string"] }),
            Holds::Whole => json!({ "type": "integer" }),
            Holds::Bool => json!({ "type": "boolean" }),
            Holds::Date => json!({ "type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$" }),
            Holds::Month => json!({ "type": "string", "pattern": "^[0-9]{4}-[0-9]{2}$" }),
            Holds::Clock => json!({ "type": "string", "pattern": "^[0-9]{2}:[0-9]{2}$" }),
            Holds::Words(words) => json!({ "type": "string", "enum": words }),
            Holds::List(item) => json!({ "type": "array", "items": self.holds(item) }),
            Holds::Table(t) => self.reference(t),
            Holds::Tables(t) => json!({ "type": "array", "items": self.reference(t) }),
            Holds::Named(item) => {
                json!({ "type": "object", "additionalProperties": self.holds(item) })
            }
            Holds::Pairs => json!({
                "type": "array",
                "items": { "type": "array", "items": { "type": ["number", "string"] }, "minItems": 2, "maxItems": 2 },
            }),
            Holds::AnyOf(all) => {
                json!({ "anyOf": all.iter().map(|h| self.holds(h)).collect::<Vec<_>>() })
            }
            Holds::Any => json!({}),
        }
    }
}

/// Adds a description; a reference is wrapped, since draft-07 ignores a `$ref`'s siblings.
fn describe(schema: &mut Value, doc: &str) {
    if schema.get("$ref").is_some() {
        *schema = json!({ "allOf": [schema.take()] });
    }
    schema["description"] = json!(doc);
}

/// A definition's name from a table's title: `[scorecards.NAME]` → `scorecards.NAME`.
fn slug(title: &str) -> String {
    let words: Vec<String> = title
        .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.'))
        .filter(|w| !w.is_empty() && *w != "a" && *w != "an")
        .map(str::to_string)
        .collect();
    words.join("_")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shape::RULE_FILE;

    #[test]
    fn a_metric_refuses_unknown_keys_and_documents_its_own() {
        let schema = json_schema(&RULE_FILE);
        let metric = &schema["definitions"]["metric"];
        assert_eq!(metric["additionalProperties"], json!(false));
        assert_eq!(metric["required"], json!(["weight", "score"]));
        assert!(metric["properties"]["weight"]["description"]
            .as_str()
            .unwrap()
            .contains("share"));
        assert_eq!(slug("[scorecards.NAME]"), "scorecards.NAME");
        assert_eq!(slug("an effective-dated entry"), "effective_dated_entry");
    }
}
