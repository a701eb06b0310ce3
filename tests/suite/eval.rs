//! Evaluation fixtures: each `tests/fixtures/eval/*.toml` holds rules and `[[tests]]`. Every
//! test is evaluated; the snapshot shows each figure (sorted by name) and whether the test's
//! expectations held, so a wrong figure shows up in review even where no `expect` names it.

use hrrules::{Period, Policy};
use std::fmt::Write;

#[test]
fn eval_fixtures() {
    insta::glob!("../fixtures/eval", "*.toml", |path| {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let policy = Policy::load(path).unwrap_or_else(|e| panic!("{name}:\n{e}"));
        let results = hrrules::run_tests(&policy);
        let mut out = String::new();
        for (t, r) in policy.tests().iter().zip(&results) {
            writeln!(out, "## {}", t.name).unwrap();
            let period: Period = match &t.period {
                Some((p, _)) => p.parse().unwrap(),
                None => policy.default_period().unwrap(),
            };
            let plan = match policy.plan(period) {
                Ok(plan) => plan,
                Err(e) => {
                    writeln!(out, "plan error: {e}\n").unwrap();
                    continue;
                }
            };
            let mut inputs = policy.inputs();
            let mut refused = Vec::new();
            for (n, v) in &t.inputs {
                if let Err(e) = inputs.set_text(&n.name, v) {
                    refused.push(e.to_string());
                }
            }
            if !refused.is_empty() {
                // a cell the data layer refuses, as in `err_cell_29_digits.toml`
                for e in refused {
                    writeln!(out, "input refused: {e}").unwrap();
                }
            } else {
                evaluated(&plan, &inputs, &mut out);
            }
            if r.passed() {
                writeln!(out, "expectations: ok").unwrap();
            } else {
                for f in &r.failures {
                    writeln!(out, "expectation FAILED: {f}").unwrap();
                }
            }
            writeln!(out).unwrap();
        }
        let expect_failures = name.starts_with("fail_") || name.starts_with("err_");
        assert_eq!(
            results.iter().any(|r| !r.passed()),
            expect_failures,
            "{name}: {results:#?}"
        );
        // Locations relative to the fixtures folder, the same on every machine.
        let dir = format!("{}/", path.parent().unwrap().display());
        let out = out.replace(&dir, "");
        insta::assert_snapshot!(out);
    });
}

/// Every figure of one evaluation, sorted by name, or its error.
fn evaluated(plan: &hrrules::Plan, inputs: &hrrules::Inputs, out: &mut String) {
    match plan.evaluate(inputs) {
        Ok(e) => {
            for (n, v) in e.all() {
                writeln!(out, "{n} = {v}").unwrap();
            }
        }
        Err(e) => writeln!(out, "error: {e}").unwrap(),
    }
}
