//! The JSON Schemas under `schema/` (generated from `hrrules::shape`, the loader's own list of
//! keys): current, and every shipped rule, calendar and mapping file valid against them; the
//! mistakes an editor should underline (`tests/fixtures/schema/err_*.toml`) are refused by the
//! schema and by the loader alike.

use hrrules::shape::{schema_text, SCHEMAS};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// `UPDATE_SCHEMA=1 cargo test --test suite schema` rewrites the committed schemas.
#[test]
fn the_committed_schemas_are_current() {
    for (name, _) in SCHEMAS {
        let path = Path::new("schema").join(name);
        let current = schema_text(name).unwrap();
        if std::env::var_os("UPDATE_SCHEMA").is_some() {
            std::fs::create_dir_all("schema").unwrap();
            std::fs::write(&path, &current).unwrap();
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == current,
            "{} is not the schema `hrrules schema` prints: run `UPDATE_SCHEMA=1 cargo test --test suite schema` and commit it",
            path.display()
        );
    }
}

/// A TOML document as JSON, as taplo gives it to the schema: dates as their text.
fn to_json(v: toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => Value::from(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.into_iter().map(to_json).collect()),
        toml::Value::Table(t) => {
            Value::Object(t.into_iter().map(|(k, v)| (k, to_json(v))).collect())
        }
    }
}

/// The schema a TOML file is written against: by its name as `.taplo.toml` associates them
/// (`mapping*.toml`), then by its top-level table.
fn schema_for(path: &Path, doc: &Value) -> &'static str {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if name.starts_with("mapping") || name.contains("_mapping") {
        "mapping.schema.json"
    } else if doc.get("calendar").is_some() {
        "calendar.schema.json"
    } else if doc.get("columns").is_some() {
        "mapping.schema.json"
    } else {
        "rules.schema.json"
    }
}

/// What the schema says of `path`: nothing, or its errors, one a line.
fn validate(path: &Path) -> (String, &'static str, String) {
    let text = std::fs::read_to_string(path).unwrap();
    let doc = to_json(toml::from_str(&text).unwrap());
    let name = schema_for(path, &doc);
    let schema: Value = serde_json::from_str(&schema_text(name).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let mut errors: Vec<String> = validator
        .iter_errors(&doc)
        .map(|e| format!("{}: {}", e.instance_path(), e))
        .collect();
    errors.sort();
    (path.display().to_string(), name, errors.join("\n"))
}

fn toml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            toml_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "toml") {
            out.push(path);
        }
    }
}

#[test]
fn every_shipped_file_is_valid() {
    let mut files = Vec::new();
    toml_files(Path::new("rules"), &mut files);
    toml_files(Path::new("examples"), &mut files);
    files.sort();
    let mut kinds = std::collections::BTreeMap::new();
    let mut bad = Vec::new();
    for path in &files {
        let (shown, name, errors) = validate(path);
        *kinds.entry(name).or_insert(0) += 1;
        if !errors.is_empty() {
            bad.push(format!("{shown} ({name}):\n{errors}"));
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n\n"));
    // Rule files, the shipped calendars and the example mapping files are all covered.
    assert!(kinds["rules.schema.json"] >= 15, "{kinds:?}");
    assert!(kinds["calendar.schema.json"] >= 3, "{kinds:?}");
    assert!(kinds["mapping.schema.json"] >= 2, "{kinds:?}");
}

/// The test fixtures the loader reads without an error are valid too.
#[test]
fn the_valid_fixtures_are_valid() {
    let mut files = Vec::new();
    toml_files(Path::new("tests/fixtures"), &mut files);
    files.sort();
    let mut checked = 0;
    let mut bad = Vec::new();
    for path in &files {
        // Fixtures of bad bytes or bad TOML are the loader's business, not the schema's.
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        let Ok(doc) = toml::from_str::<toml::Value>(&text) else {
            continue;
        };
        let loads = match schema_for(path, &to_json(doc)) {
            "rules.schema.json" => hrrules::Policy::load(path).is_ok(),
            _ => continue,
        };
        if !loads {
            continue;
        }
        checked += 1;
        let (shown, _, errors) = validate(path);
        if !errors.is_empty() {
            bad.push(format!("{shown}:\n{errors}"));
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n\n"));
    assert!(checked >= 50, "{checked}");
}

/// Mistakes an editor should underline while typing: the schema's errors (snapshot), and the
/// loader refuses the same file.
#[test]
fn mistakes_are_refused() {
    insta::glob!("../fixtures/schema", "err_*.toml", |path| {
        // Relative, as a consultant runs it, so the snapshot holds no machine's directory.
        let path = path
            .strip_prefix(env!("CARGO_MANIFEST_DIR"))
            .unwrap_or(path);
        let (_, name, errors) = validate(path);
        assert!(!errors.is_empty(), "{} passes {name}", path.display());
        let loader = match name {
            "rules.schema.json" => hrrules::Policy::load(path).err().map(|e| e.to_string()),
            "calendar.schema.json" => hrrules::calendar::Calendar::load(path)
                .err()
                .map(|e| e.to_string()),
            _ => hrrules::data::Mapping::from_path(path)
                .err()
                .map(|e| e.to_string()),
        };
        let loader = loader.expect("the loader refuses it too");
        insta::assert_snapshot!(format!("schema ({name}):\n{errors}\n\nloader:\n{loader}"));
    });
}

/// `hrrules schema KIND` prints the committed schema, byte for byte; an unknown kind is a
/// usage error (status 1) naming the kinds.
#[test]
fn the_command_prints_the_committed_schemas() {
    for (kind, file) in [
        ("rules", "rules.schema.json"),
        ("calendar", "calendar.schema.json"),
        ("mapping", "mapping.schema.json"),
    ] {
        let out = crate::cli_support::hrrules()
            .args(["schema", kind])
            .output()
            .unwrap();
        assert!(out.status.success(), "{kind}");
        let committed = std::fs::read(Path::new("schema").join(file)).unwrap();
        assert!(
            out.stdout == committed,
            "`hrrules schema {kind}` differs from schema/{file}"
        );
    }
    let out = crate::cli_support::hrrules()
        .args(["schema", "payslip"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "usage errors exit 1");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("possible values: rules, calendar, mapping"),
        "{err}"
    );
}
