//! Any bytes as a data file, evaluated against a fixed policy that uses every input type,
//! a scorecard, tiers, a curve and every function; the outcomes are rendered as JSON and CSV.
//! Every row must come back, with figures or an error.
//!
//! The bytes are a CSV file, or a JSON file when they start with `[`; a NUL byte splits them
//! into two files (each CSV or JSON the same way) joined on `employee_id`.
//!
//! For one file simple enough to count its records independently (a CSV without quotes or
//! carriage returns, or JSON that serde_json parses), the number of outcomes must be exactly
//! that count: a row merged into another or dropped is a finding.
#![no_main]

use hrrules::{evaluate_all, Binding};
use hrrules::data::{join, DataFile, Encoding};
use hrrules::{Format, Period, Plan, Policy, Renderer};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

const RULES: &str = include_str!("../fixtures/sales_fuzz.toml");

fn fixture() -> &'static (Policy, Plan) {
    static FIXTURE: OnceLock<(Policy, Plan)> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let policy = Policy::from_source("sales_fuzz.toml", RULES).expect("fixture checks");
        let period = Period::month(2023, 9).expect("valid period");
        let plan = policy.plan(period).expect("fixture plans");
        (policy, plan)
    })
}

fuzz_target!(|data: &[u8]| {
    let (policy, plan) = fixture();
    let expected = if data.contains(&0) { None } else { independent_count(data) };
    let mut files = Vec::new();
    for (i, part) in data.splitn(2, |b| *b == 0).enumerate() {
        let file = if part.trim_ascii_start().first() == Some(&b'[') {
            DataFile::from_json_str(&format!("data{i}.json"), &String::from_utf8_lossy(part))
        } else {
            DataFile::from_csv_bytes(&format!("data{i}.csv"), part)
        };
        match file {
            Ok(f) => files.push(f),
            Err(e) => {
                let _ = e.to_string();
                return;
            }
        }
    }
    // The count is of the bytes' own lines: a file read in another encoding than UTF-8
    // (UTF-16, GB18030, where `A1 A1` is a blank ideographic space) is not counted.
    let utf8 = |f: &DataFile| matches!(f.encoding(), None | Some(Encoding::Utf8));
    let expected = expected.filter(|_| files.iter().all(utf8));
    let dataset = match join(files, "employee_id") {
        Ok(d) => d,
        Err(e) => {
            let _ = e.to_string();
            return;
        }
    };
    let binding = Binding::new(policy, &dataset).unwrap();
    let columns: Vec<String> = policy.outputs().map(str::to_string).collect();
    let Ok(mut json) = Renderer::new(Vec::new(), Format::Json, "employee_id", columns.clone())
    else {
        return;
    };
    let Ok(mut csv) = Renderer::new(Vec::new(), Format::Csv, "employee_id", columns) else {
        return;
    };
    let mut rows = 0usize;
    evaluate_all((plan, &binding), dataset.records(), |outcome| {
        rows += 1;
        json.push(&outcome).expect("writing to a Vec");
        csv.push(&outcome).expect("writing to a Vec");
    });
    let json = json.finish().expect("writing to a Vec");
    let parsed: serde_json::Value = serde_json::from_slice(&json).expect("valid JSON");
    assert_eq!(
        parsed.as_array().map(Vec::len),
        Some(rows),
        "one JSON object per row"
    );
    let _ = csv.finish().expect("writing to a Vec");
    if let Some(expected) = expected {
        assert_eq!(rows, expected, "rows merged or dropped");
    }
});

/// The number of records of a single data file, counted without the data layer: the
/// elements of a JSON array, or the non-blank lines after the header of a CSV file without
/// quotes or carriage returns. `None` when the input is not that simple.
fn independent_count(data: &[u8]) -> Option<usize> {
    if data.trim_ascii_start().first() == Some(&b'[') {
        let text = String::from_utf8_lossy(data);
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        return match serde_json::from_str::<serde_json::Value>(text) {
            Ok(serde_json::Value::Array(items)) => Some(items.len()),
            _ => None,
        };
    }
    if data.iter().any(|&b| b == b'"' || b == b'\r') {
        return None;
    }
    let data = data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data);
    let blank = |line: &[u8]| {
        line.split(|&b| b == b',')
            .all(|cell| std::str::from_utf8(cell).is_ok_and(|t| t.trim().is_empty()))
    };
    let mut lines = data.split(|&b| b == b'\n').skip_while(|line| blank(line));
    lines.next()?;
    Some(lines.filter(|line| !blank(line)).count())
}
