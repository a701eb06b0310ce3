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
    let (ob, nb) = (
        Binding::new(old, &dataset).unwrap(),
        Binding::new(new, &dataset).unwrap(),
    );
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

/// A diff's employees come back in input order, with both sides' results for the same row,
/// across the driver's chunks and worker threads (3,000 rows, in chunks of 1,024).
#[test]
fn many_employees_in_input_order_with_both_sides() {
    let dir = Path::new("tests/fixtures/diff/commission_mode");
    let load = |f: &str| Policy::load(dir.join(f)).unwrap();
    let scratch = Path::new(env!("CARGO_TARGET_TMPDIR")).join("diff_many.csv");
    let mut csv = String::from("employee_id,base_salary,sales_amount\n");
    for i in 0..3000u32 {
        csv.push_str(&format!("E{i:05},{}.00,{}.00\n", 5000 + i, i * 300));
    }
    std::fs::write(&scratch, csv).unwrap();
    let d = diff(
        &load("old.toml"),
        &load("new.toml"),
        "2023-09",
        &[&scratch],
        &[],
        None,
    )
    .unwrap();
    assert_eq!(d.employees.len(), 3000);
    for (i, e) in d.employees.iter().enumerate() {
        assert_eq!(e.employee, format!("E{i:05}"));
        // Both sides computed this row's base salary: gross_pay - commission is the same.
        let get = |n: &str| e.changes.iter().find(|c| c.name == n);
        if let (Some(c), Some(g)) = (get("commission"), get("gross_pay")) {
            assert_eq!(c.delta, g.delta, "{}", e.employee);
        }
    }
    let total = d.totals.iter().find(|t| t.name == "gross_pay").unwrap();
    assert_eq!(total.up + total.down + total.same, 3000);
}

mod percent {
    use hrrules::diff::percent_change;
    use proptest::prelude::*;
    use rust_decimal::Decimal;

    /// The percentage by integers: `delta / old` in hundredths of a percent, rounded half-up
    /// (away from zero) from the exact remainder.
    fn reference(old: i64, delta: i64) -> Option<Decimal> {
        if old == 0 {
            return None;
        }
        let (a, b) = (i128::from(delta).abs() * 10_000, i128::from(old).abs());
        let (mut k, r) = (a / b, a % b);
        if 2 * r >= b {
            k += 1;
        }
        let negative = (old < 0) != (delta < 0) && delta != 0;
        let k = if negative { -k } else { k };
        Some(Decimal::from_i128_with_scale(k, 2))
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

        /// Exact on amounts in fen (2 places), whatever the quotient's length.
        #[test]
        fn percent_is_exact_half_up(old in -10_000_000_000i64..10_000_000_000, delta in -10_000_000_000i64..10_000_000_000) {
            let got = percent_change(Decimal::new(old, 2), Decimal::new(delta, 2));
            prop_assert_eq!(got, reference(old, delta));
        }

        /// Ties are rounded away from zero: 1/8 of a percent is 0.13%, -1/8 is -0.13%.
        #[test]
        fn ties_round_away_from_zero(n in 1i64..1_000_000) {
            // delta / old = (2n + 1) / 2 hundredths of a percent, an exact tie.
            let old = 20_000i64;
            let delta = 2 * n + 1;
            let up = percent_change(Decimal::from(old), Decimal::from(delta)).unwrap();
            let down = percent_change(Decimal::from(old), Decimal::from(-delta)).unwrap();
            prop_assert_eq!(up, Decimal::new(n + 1, 2));
            prop_assert_eq!(down, -Decimal::new(n + 1, 2));
        }
    }
}

/// Percent-typed figures are percentages where people read them (the table: `123.046%`,
/// change `-3.046%`) and exact fractions in CSV and JSON (`1.23046`).
#[test]
fn percent_figures_stay_fractions_in_csv() {
    let dir = Path::new("tests/fixtures/diff/percent_figures");
    let load = |f: &str| Policy::load(dir.join(f)).unwrap();
    let data = dir.join("data.csv");
    let d = diff(
        &load("old.toml"),
        &load("new.toml"),
        "2023-09",
        &[&data],
        &[],
        None,
    )
    .unwrap();
    let csv = render(&d, Format::Csv);
    let e004 = csv.lines().find(|l| l.starts_with("E004,")).unwrap();
    assert!(
        e004.starts_with("E004,0.92,0.92,0,1.23046,1.2,-0.03046,"),
        "{e004}"
    );
    assert!(!csv.contains('%'), "{csv}");
    let table = render(&d, Format::Table);
    assert!(table.contains("123.046%"), "{table}");
}

/// A shared figure is a percentage only when both policies declare it one; a figure one
/// side has, when that side declares it one.
#[test]
fn a_figure_is_a_percentage_when_each_side_having_it_says_so() {
    let policy = |name: &str, ty: &str, extra: &str| {
        let text = format!(
            "[policy]\nname = \"{name}\"\neffective = 2023-07-01\n\n[inputs]\n\
             compliance = \"percent\"\nsales_amount = \"number\"\n\n[values]\n\
             attainment = {{ expr = \"sales_amount / 500000\", type = \"{ty}\" }}\n{extra}\n\
             [outputs]\nshow = [\"compliance\", \"attainment\"]\n"
        );
        let policy = Policy::from_source(&format!("{name}.toml"), &text).unwrap();
        policy.plan("2023-09".parse().unwrap()).unwrap()
    };
    let old = policy("old", "percent", "");
    let new = policy(
        "new",
        "number",
        "share = { expr = \"compliance\", type = \"percent\" }",
    );
    let names = ["compliance", "attainment", "share"].map(String::from);
    let columns = hrrules::diff::Columns::new(&old, &new, &names).unwrap();
    assert!(columns.is_percent("compliance"));
    assert!(!columns.is_percent("attainment"));
    assert!(columns.is_percent("share"));
}
