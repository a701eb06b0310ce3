//! Every shipped rule file in `rules/` checks, and its `[[tests]]` pass.

use hrrules::{LoadOptions, Policy};
use std::path::Path;

fn rule_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rule_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "toml") {
            out.push(path);
        }
    }
}

#[test]
fn shipped_rules_check_and_pass_their_tests() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rule_files(&root.join("rules"), &mut files);
    files.sort();
    assert!(
        files.len() >= 2,
        "rules/ should hold the company's policies"
    );
    let mut report = String::new();
    let mut tests = 0;
    for file in &files {
        let rel = file.strip_prefix(root).unwrap();
        // Building blocks under rules/common/ are checked through the files that include them.
        if rel.starts_with("rules/common") {
            continue;
        }
        // The China payroll pack uses its includer's `gross_pay` and a city file's params:
        // tests/suite/payroll_cn.rs checks it and runs its worked examples through the
        // policies of tests/fixtures/payroll_cn/ (the city files are checked here).
        if rel == Path::new("rules/payroll_cn.toml") {
            continue;
        }
        // Calendars are not policies: tests/suite/calendar.rs loads each of them.
        if rel.starts_with("rules/calendars") {
            continue;
        }
        // rules/company/ includes the pack, the city files and the calendars of rules/:
        // `rules` is an include root, as `--include-root rules` on the command line.
        let policy = match LoadOptions::new().allow_root(root.join("rules")).load(file) {
            Ok(p) => p,
            Err(e) => {
                report.push_str(&format!("{}:\n{e}\n", rel.display()));
                continue;
            }
        };
        assert!(
            !policy.tests().is_empty(),
            "{} has no [[tests]]",
            rel.display()
        );
        for r in hrrules::run_tests(&policy) {
            tests += 1;
            if !r.passed() {
                report.push_str(&format!("{} ({}): {:?}\n", r.name, r.at, r.failures));
            }
        }
    }
    assert!(report.is_empty(), "{report}");
    assert!(tests >= 10, "only {tests} tests ran");
}

/// The rule file in the README's tour checks and its test passes.
#[test]
fn readme_tour_is_a_working_policy() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let start = readme.find("```toml\n").expect("README has a toml block") + 8;
    let end = start + readme[start..].find("```").unwrap();
    let policy =
        Policy::from_source("README.md", &readme[start..end]).unwrap_or_else(|e| panic!("{e}"));
    let results = hrrules::run_tests(&policy);
    assert_eq!(results.len(), 1);
    assert!(results[0].passed(), "{:?}", results[0].failures);
}
