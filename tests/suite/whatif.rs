//! What-if fixtures: each `tests/fixtures/whatif/*.toml` is a rule file whose `#! set
//! NAME=EXPR` lines are given to [`Policy::with_params`]. A good fixture's `[[tests]]` are
//! written for the what-if: the snapshot shows every figure of each test before and after
//! (`old -> new` where it changed), and the tests must pass under the what-if. An `err_*`
//! fixture snapshots the rendered error.

use hrrules::{Period, Policy};
use std::fmt::Write;

#[test]
fn whatif_fixtures() {
    insta::glob!("../fixtures/whatif", "*.toml", |path| {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let display = format!("fixtures/whatif/{name}");
        let text = std::fs::read_to_string(path).unwrap();
        let sets: Vec<(String, String)> = text
            .lines()
            .filter_map(|l| l.strip_prefix("#! set "))
            .map(|s| {
                let (n, e) = s.split_once('=').unwrap();
                (n.to_string(), e.to_string())
            })
            .collect();
        let policy = Policy::from_source(&display, &text).unwrap_or_else(|e| panic!("{e}"));
        let mut out = String::new();
        for (n, e) in &sets {
            writeln!(out, "--set {n}={e}").unwrap();
        }
        writeln!(out).unwrap();
        match policy.with_params(&sets) {
            Ok(what_if) => {
                assert!(!name.starts_with("err_"), "{name} should fail");
                compare(&policy, &what_if, &mut out);
                let failed: Vec<_> = hrrules::run_tests(&what_if)
                    .into_iter()
                    .filter(|r| !r.passed())
                    .collect();
                assert!(failed.is_empty(), "{name}: {failed:#?}");
            }
            Err(e) => {
                assert!(name.starts_with("err_"), "{name}:\n{e}");
                out.push_str(&e.to_string());
            }
        }
        insta::assert_snapshot!(out);
    });
}

/// Every figure of each test, sorted by name: `name = old -> new` where the what-if changed it.
fn compare(policy: &Policy, what_if: &Policy, out: &mut String) {
    for t in what_if.tests() {
        writeln!(out, "## {}", t.name).unwrap();
        let period: Period = t.period.as_ref().unwrap().0.parse().unwrap();
        let figures = |p: &Policy| {
            let mut inputs = p.inputs();
            for (n, v) in &t.inputs {
                inputs.set_text(&n.name, v).unwrap();
            }
            let e = p.plan(period).unwrap().evaluate(&inputs).unwrap();
            e.all()
                .into_iter()
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect::<Vec<_>>()
        };
        for ((n, old), (_, new)) in figures(policy).into_iter().zip(figures(what_if)) {
            if old == new {
                writeln!(out, "{n} = {old}").unwrap();
            } else {
                writeln!(out, "{n} = {old} -> {new}").unwrap();
            }
        }
        writeln!(out).unwrap();
    }
}
