//! `[[tests]]` fixtures: each `tests/fixtures/tests/*.toml` is loaded and its tests run
//! (files it includes are under `inc/`). The snapshot shows every case: where it is, whether
//! it passed, each failure with the difference for numbers, the error it stopped with, and
//! the explanation of the first differing value. `err_*` files snapshot the rule errors.

use hrrules::{Failure, Policy};
use std::fmt::Write;

#[test]
fn test_runner_fixtures() {
    insta::glob!("../fixtures/tests", "*.toml", |path| {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let out = match Policy::load(path) {
            Ok(policy) => {
                assert!(!name.starts_with("err_"), "{name} should fail to check");
                results(&policy)
            }
            Err(e) => {
                assert!(name.starts_with("err_"), "{name} should check:\n{e}");
                e.to_string()
            }
        };
        // Locations relative to the fixtures folder, the same on every machine.
        let dir = format!("{}/", path.parent().unwrap().display());
        insta::assert_snapshot!(out.replace(&dir, ""));
    });
}

fn results(policy: &Policy) -> String {
    let mut out = String::new();
    for r in hrrules::run_tests(policy) {
        let verdict = if r.passed() { "ok" } else { "FAIL" };
        writeln!(out, "## {verdict} {} ({})", r.name, r.at).unwrap();
        if let Some(e) = &r.expect_error {
            writeln!(out, "expect_error: {e:?}").unwrap();
        }
        for f in &r.failures {
            match f {
                Failure::Mismatch {
                    difference: Some(d),
                    ..
                } => writeln!(out, "failure: {f} (difference {d})").unwrap(),
                _ => writeln!(out, "failure: {f}").unwrap(),
            }
        }
        if let Some(e) = &r.error {
            writeln!(out, "error: {e}").unwrap();
        }
        if let Some(why) = &r.explanation {
            writeln!(out, "explanation:\n{why}").unwrap();
        }
        writeln!(out).unwrap();
    }
    out
}

/// The shipped policies' cases all pass, and none comes from a file loaded twice.
#[test]
fn shipped_policies_pass() {
    for file in ["rules/sales_2022.toml", "rules/sales_2023h2.toml"] {
        let policy = Policy::load(file).unwrap();
        let results = hrrules::run_tests(&policy);
        assert_eq!(results.len(), policy.tests().len(), "{file}");
        for r in results {
            assert!(r.passed(), "{file}: {r:?}");
        }
    }
}
