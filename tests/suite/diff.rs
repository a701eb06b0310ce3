//! `hrrules diff` in the library: fixtures under tests/fixtures/diff/ (see its README), each
//! rendered as the table, the JSON and the stable snapshot text; and the 2022 -> 2023 H2
//! change of the shipped policies on the example team, pinned as an embedder would pin it.

use hrrules::diff::{compare_all, Diff};
use hrrules::report::diff::{snapshot, write_diff};
use hrrules::{data, Binding, Format, Policy};
use std::path::Path;

/// Compares `old` and `new` (both for `period`) over `files` joined on `employee_id`.
fn diff(
    old: &Policy,
    new: &Policy,
    period: &str,
    files: &[&Path],
    names: &[String],
    by: Option<&str>,
) -> Result<Diff, hrrules::diff::DiffError> {
    let period = period.parse().unwrap();
    let (old_plan, new_plan) = (old.plan(period).unwrap(), new.plan(period).unwrap());
    let files = files.iter().map(|f| data::open(f).unwrap()).collect();
    let dataset = data::join(files, "employee_id").unwrap();
    let (ob, nb) = (Binding::new(old, &dataset), Binding::new(new, &dataset));
    compare_all(
        (&old_plan, &ob),
        (&new_plan, &nb),
        names,
        by,
        dataset.records(),
    )
}

fn render(diff: &Diff, format: Format) -> String {
    let mut out = Vec::new();
    write_diff(&mut out, diff, format, "employee_id").unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn diff_fixtures() {
    insta::glob!("../fixtures/diff", "*/old.toml", |path| {
        let dir = path.parent().unwrap();
        let case = dir.file_name().unwrap().to_string_lossy().to_string();
        let load = |f: &str| {
            let text = std::fs::read_to_string(dir.join(f)).unwrap();
            Policy::from_source(&format!("{case}/{f}"), &text).unwrap_or_else(|e| panic!("{e}"))
        };
        let args = std::fs::read_to_string(dir.join("args.txt")).unwrap_or_default();
        let by = args.lines().find_map(|l| l.strip_prefix("by = "));
        let names: Vec<String> = (args.lines())
            .filter(|l| !l.starts_with("by = ") && !l.is_empty())
            .map(str::to_string)
            .collect();
        // Relative to the crate root (the tests' working directory), as paths in messages.
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let data = dir.strip_prefix(root).unwrap_or(dir).join("data.csv");
        let result = diff(
            &load("old.toml"),
            &load("new.toml"),
            "2023-09",
            &[&data],
            &names,
            by,
        );
        let out = match result {
            Ok(d) => {
                assert!(!case.starts_with("err_"), "{case} should fail");
                format!(
                    "## table\n{}\n## json\n{}\n## snapshot\n{}",
                    render(&d, Format::Table),
                    render(&d, Format::Json),
                    snapshot(&d)
                )
            }
            Err(e) => {
                assert!(case.starts_with("err_"), "{case}: {e}");
                e.to_string()
            }
        };
        insta::assert_snapshot!(out);
    });
}

/// The review of the 2022 -> 2023 H2 sales policy change on the September 2023 team, as an
/// HR product pins it: a change to either policy shows up here as a snapshot diff to review
/// (`cargo insta review`).
#[test]
fn sales_2022_to_2023h2_on_the_example_team() {
    let old = Policy::load("rules/sales_2022.toml").unwrap();
    let new = Policy::load("rules/sales_2023h2.toml").unwrap();
    let files = [
        "sales_2023-09.csv",
        "crm_2023-09.json",
        "hr_2023-09.csv",
        "scores_2023-09.csv",
    ]
    .map(|f| Path::new("examples/data").join(f));
    let files: Vec<&Path> = files.iter().map(|p| p.as_path()).collect();
    let d = diff(&old, &new, "2023-09", &files, &[], None).unwrap();
    assert_eq!(d.failed(), (0, 0));
    insta::assert_snapshot!(snapshot(&d));
}

/// A what-if on the commission cap: only those above the old cap gain, by exactly the
/// difference their marginal commission allows.
#[test]
fn commission_cap_what_if_costs_what_the_cap_held_back() {
    let policy = Policy::load("rules/sales_2023h2.toml").unwrap();
    let what_if = policy
        .with_params(&[("commission_cap".into(), "40000".into())])
        .unwrap();
    let files = ["sales_2023-09.csv", "crm_2023-09.json", "hr_2023-09.csv"]
        .map(|f| Path::new("examples/data").join(f));
    let files: Vec<&Path> = files.iter().map(|p| p.as_path()).collect();
    let names = ["commission".to_string()];
    let d = diff(&policy, &what_if, "2023-09", &files, &names, None).unwrap();
    let total = &d.totals[0];
    assert_eq!(total.name, "commission");
    // 黄丽 (E027), 782600 of sales: 2000 + 8000 + 482600 x 6% = 38956, no longer capped.
    assert_eq!(total.delta.unwrap().to_string(), "8956.00");
    assert_eq!((total.up, total.down, total.same), (1, 0, 11));
    assert_eq!(d.winners.len(), 1);
    assert_eq!(d.winners[0].employee, "E027");
    assert!(d.losers.is_empty());
}
