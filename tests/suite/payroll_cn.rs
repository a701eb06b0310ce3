//! The China payroll pack (issue 9 item 2): `rules/payroll_cn.toml` with each city file, through
//! the small policies of `tests/fixtures/payroll_cn/` that include them (the pack uses its
//! includer's `gross_pay` and the city's params, so it is checked through them). Each
//! fixture is loaded with `rules/` allowed as an include root, every case must pass, and the
//! snapshot lists the cases with their figures' verdicts. The State Taxation Administration's
//! example runs month after month as a test with `months` in `shanghai.toml` (each month's
//! figures the history of the next).

use hrrules::{LoadOptions, Policy};
use std::fmt::Write;
use std::path::Path;

fn load(path: &Path) -> Policy {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    LoadOptions::new()
        .allow_root(root.join("rules"))
        .load(path)
        .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn payroll_pack_worked_examples() {
    insta::glob!("../fixtures/payroll_cn", "*.toml", |path| {
        let policy = load(path);
        let mut out = String::new();
        let mut failed = String::new();
        for r in hrrules::run_tests(&policy) {
            let verdict = if r.passed() { "ok" } else { "FAIL" };
            writeln!(out, "{verdict} {}", r.name).unwrap();
            if !r.passed() {
                writeln!(
                    failed,
                    "{} ({}): {:?} {:?}",
                    r.name, r.at, r.failures, r.error
                )
                .unwrap();
            }
        }
        assert!(failed.is_empty(), "{}", failed);
        insta::assert_snapshot!(out);
    });
}
