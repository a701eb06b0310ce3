//! `hrrules attrition` on the example company's employee-months (examples/risk/): the model's
//! coefficients, cross-validated AUC and ranking as a table and as JSON, and the refusal
//! when there are too few leavers.

use crate::cli_support::hrrules;
use insta_cmd::assert_cmd_snapshot;

#[test]
fn attrition_example_table() {
    assert_cmd_snapshot!(hrrules().args([
        "attrition",
        "examples/risk/employee_months.csv",
        "--rules",
        "examples/risk/model.toml"
    ]));
}

#[test]
fn attrition_example_json() {
    assert_cmd_snapshot!(hrrules().args([
        "attrition",
        "examples/risk/employee_months.csv",
        "--left",
        "left_within_6m",
        "--features",
        "attainment_change_3m,pay_vs_band",
        "--top",
        "3",
        "--format",
        "json"
    ]));
}

/// Eight leavers: a clear refusal, status 1, no coefficients.
#[test]
fn attrition_refuses_too_few_leavers() {
    assert_cmd_snapshot!(hrrules().args([
        "attrition",
        "tests/fixtures/attrition/err_too_few_leavers/data.csv",
        "--features",
        "pay_vs_band"
    ]));
}

/// Four features need 40 leaving rows; the example's 108 are enough, but a feature that is
/// not a column is named with the nearest one.
#[test]
fn attrition_unknown_feature() {
    assert_cmd_snapshot!(hrrules().args([
        "attrition",
        "examples/risk/employee_months.csv",
        "--left",
        "left_within_6m",
        "--features",
        "pay_vs_bnad"
    ]));
}

/// The committed history of examples/risk/ is what the flags compute month by month: each
/// month run with the folder as history (its own line and later months are ignored, section
/// 25.1) gives its own file, line for line.
#[test]
fn risk_history_is_what_the_flags_compute() {
    for m in 1..=12 {
        let period = format!("2023-{m:02}");
        let out = hrrules()
            .args([
                "eval",
                "rules/analytics/attrition.toml",
                "--period",
                &period,
            ])
            .args([
                "--data",
                &format!("examples/risk/monthly/sales_{period}.csv"),
            ])
            .args(["--history", "examples/risk/history", "--format", "jsonl"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{period}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let committed =
            std::fs::read_to_string(format!("examples/risk/history/{period}.jsonl")).unwrap();
        assert_eq!(
            String::from_utf8(out.stdout).unwrap(),
            committed,
            "{period}"
        );
    }
}

/// December's flags of three reps, and why E021 is high: each flag is explained like any
/// value, down to the months before read from the history.
#[test]
fn risk_flags_december() {
    assert_cmd_snapshot!(hrrules()
        .args([
            "eval",
            "rules/analytics/attrition.toml",
            "--period",
            "2023-12"
        ])
        .args(["--data", "examples/risk/monthly/sales_2023-12.csv"])
        .args(["--history", "examples/risk/history"])
        .args([
            "--employee",
            "E001",
            "--employee",
            "E014",
            "--employee",
            "E021"
        ]));
}

#[test]
fn risk_flags_explained() {
    assert_cmd_snapshot!(hrrules()
        .args([
            "explain",
            "rules/analytics/attrition.toml",
            "--period",
            "2023-12"
        ])
        .args(["--data", "examples/risk/monthly/sales_2023-12.csv"])
        .args(["--history", "examples/risk/history", "--employee", "E021"])
        .args([
            "attainment_falling",
            "leave_high",
            "pay_below_band",
            "complaints_up",
            "risk_level"
        ]));
}
