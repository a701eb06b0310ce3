//! Reviewing a policy change as a snapshot diff, the way an HR product embedding hrrules
//! pins its customers' policies: evaluate a known team, render it with
//! [`hrrules::Snapshot`], keep the text under `insta::assert_snapshot!`.
//!
//! The September 2023 team of Hengkang Orthopaedics (examples/data, with the director's
//! scores of examples/data/scores_2023-09.csv for the 2022 policy, as `hrrules diff` uses
//! them) is pinned under
//! `rules/sales_2022.toml` and under `rules/sales_2023h2.toml`, showing the same figures. An
//! edit to either rule file fails its test, and `cargo insta review` shows each figure that
//! moved, employee by employee. The 2022 -> 2023 H2 change itself is the difference of the
//! two snapshot files:
//!
//! ```sh
//! diff tests/suite/snapshots/suite__review__september_team_under_sales_2022.snap \
//!      tests/suite/snapshots/suite__review__september_team_under_sales_2023h2.snap
//! ```

use hrrules::{data, Binding, Period, Policy, Snapshot, SnapshotOrder};

/// The ERP, CRM and HR exports of September 2023, and the director's scores.
const SEPTEMBER: [&str; 4] = [
    "examples/data/sales_2023-09.csv",
    "examples/data/crm_2023-09.json",
    "examples/data/hr_2023-09.csv",
    "examples/data/scores_2023-09.csv",
];

/// What both policies compute, shown instead of their own `[outputs]`.
const SHOWN: [&str; 6] = [
    "kpi",
    "commission.rate",
    "commission",
    "bonus_rate",
    "performance_bonus",
    "gross_pay",
];

/// The team of `files` under the rule file `rules` for September 2023, as a snapshot.
fn team(rules: &str, files: &[&str], shown: Option<&[&str]>, order: SnapshotOrder) -> String {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let policy = Policy::load(root.join(rules)).unwrap_or_else(|e| panic!("{e}"));
    let period: Period = "2023-09".parse().unwrap();
    let plan = policy.plan(period).unwrap_or_else(|e| panic!("{e}"));
    let plan = match shown {
        Some(names) => plan.showing(names).unwrap_or_else(|e| panic!("{e}")),
        None => plan,
    };
    let files = files
        .iter()
        .map(|f| data::open(&root.join(f)))
        .collect::<Result<Vec<_>, _>>()
        .unwrap_or_else(|e| panic!("{e}"));
    let dataset = data::join(files, "employee_id").unwrap_or_else(|e| panic!("{e}"));
    let binding = Binding::new(&policy, &dataset).unwrap();
    assert!(
        binding.unbound(&policy).is_empty(),
        "every input has a column"
    );
    let mut snapshot = Snapshot::new(order);
    hrrules::evaluate_all((&plan, &binding), dataset.records(), |o| snapshot.push(&o));
    // Paths in messages relative to the crate root, as a consultant sees them.
    snapshot
        .to_string()
        .replace(&format!("{}/", root.display()), "")
}

#[test]
fn september_team_under_sales_2022() {
    let text = team(
        "rules/sales_2022.toml",
        &SEPTEMBER,
        Some(&SHOWN),
        SnapshotOrder::Input,
    );
    insta::assert_snapshot!(text);
}

#[test]
fn september_team_under_sales_2023h2() {
    let text = team(
        "rules/sales_2023h2.toml",
        &SEPTEMBER,
        Some(&SHOWN),
        SnapshotOrder::Input,
    );
    insta::assert_snapshot!(text);
}

/// The policy's own `[outputs]`, the employees sorted by key.
#[test]
fn september_team_own_outputs_by_key() {
    let text = team(
        "rules/sales_2023h2.toml",
        &SEPTEMBER[..3],
        None,
        SnapshotOrder::Key,
    );
    insta::assert_snapshot!(text);
}

/// Error rows keep their located errors: a cell that is not a number (file, row, column), a
/// division by zero (the rule file's place), a value above its input's `max` (the cell and
/// the declaration).
#[test]
fn error_rows_are_pinned_with_their_places() {
    let text = team(
        "rules/sales_2023h2.toml",
        &[
            "examples/data/bad_rows.csv",
            "examples/data/bad_crm.json",
            "examples/data/hr_2023-09.csv",
        ],
        Some(&["sales_amount", "kpi", "commission"]),
        SnapshotOrder::Input,
    );
    insta::assert_snapshot!(text);
}

/// The example of README.md's "Reviewing a policy change", as written there. Paths are
/// relative to the crate root, where cargo runs tests.
#[test]
fn sales_team_september() -> Result<(), Box<dyn std::error::Error>> {
    use hrrules::{data, Binding, Policy, Snapshot, SnapshotOrder};
    let policy = Policy::load("rules/sales_2023h2.toml")?;
    let plan = policy.plan("2023-09".parse()?)?.showing(&[
        "kpi",
        "commission.rate",
        "commission",
        "performance_bonus",
        "gross_pay",
    ])?;
    let files = ["sales_2023-09.csv", "crm_2023-09.json", "hr_2023-09.csv"]
        .map(|f| data::open(format!("examples/data/{f}").as_ref()));
    let dataset = data::join(files.into_iter().collect::<Result<_, _>>()?, "employee_id")?;
    let binding = Binding::new(&policy, &dataset).unwrap();
    let mut snapshot = Snapshot::new(SnapshotOrder::Input);
    hrrules::evaluate_all((&plan, &binding), dataset.records(), |o| snapshot.push(&o));
    insta::assert_snapshot!(snapshot.to_string());
    Ok(())
}
