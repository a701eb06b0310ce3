//! Any bytes as a CSV data file, evaluated against a fixed policy that uses every input type,
//! a scorecard, tiers, a curve and every function; the outcomes are rendered as JSON and CSV.
//! Every row must come back, with figures or an error.
#![no_main]

use hrrules::batch::{evaluate_all, Binding};
use hrrules::data::{join, DataFile};
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
    let Ok(file) = DataFile::from_csv_bytes("data.csv", data) else {
        return;
    };
    let Ok(dataset) = join(vec![file], "employee_id") else {
        return;
    };
    let binding = Binding::new(policy, &dataset);
    let columns: Vec<String> = policy.outputs().map(str::to_string).collect();
    let mut json = Renderer::new(Vec::new(), Format::Json, "employee_id", columns.clone());
    let mut csv = Renderer::new(Vec::new(), Format::Csv, "employee_id", columns);
    let mut rows = 0usize;
    evaluate_all(plan, policy, &binding, dataset.records(), |outcome| {
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
});
