//! `hrrules split`: Hengkang's R&D labour cost for October 2023 split across knee_gen3,
//! spine_cage and hip_stem by the hours each engineer booked (tests/fixtures/split). The
//! amounts do not divide evenly, so the largest-remainder rule and the tie by name show.

use crate::cli_support::hrrules;
use insta_cmd::assert_cmd_snapshot;
use std::process::Command;

const DIR: &str = "tests/fixtures/split";

/// `hrrules split` on the R&D policy for 2023-10, with the given data and records files (in
/// tests/fixtures/split) and `--value rd_cost`.
fn split(data: &str, records: &[&str]) -> Command {
    split_value(data, records, "rd_cost")
}

/// The same with `--value NAME`.
fn split_value(data: &str, records: &[&str], name: &str) -> Command {
    let mut cmd = hrrules();
    cmd.args(["split", &format!("{DIR}/rnd_2023-10.toml")])
        .args(["--include-root", "rules/calendars", "--period", "2023-10"])
        .args(["--data", &format!("{DIR}/{data}")]);
    for r in records {
        cmd.args(["--records", &format!("{DIR}/{r}")]);
    }
    cmd.args(["--value", name]);
    cmd
}

fn three_engineers() -> Command {
    split("hr_2023-10.csv", &["timesheets_2023-10.csv"])
}

/// E201: 8888.88 over 70/50/40 h, the half-cent tie goes to knee_gen3 (sorts first);
/// E202: 13000.01 in thirds, the two cents to hip_stem and knee_gen3; E203: the cent to the
/// largest remainder (spine_cage). The grand total is the sum of rd_cost, 31888.90.
#[test]
fn split_table() {
    assert_cmd_snapshot!(three_engineers());
}

#[test]
fn split_csv() {
    assert_cmd_snapshot!(three_engineers().args(["--format", "csv"]));
}

#[test]
fn split_json() {
    assert_cmd_snapshot!(three_engineers().args(["--format", "json"]));
}

/// The grand total equals the sum of `rd_cost` as `eval` computes it, to the cent, and each
/// project's total is the sum of its rows.
#[test]
fn split_total_is_the_sum_of_the_figure() {
    let run = |cmd: &mut Command| -> serde_json::Value {
        let out = cmd.args(["--format", "json"]).output().unwrap();
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let dec = |v: &serde_json::Value| {
        v.as_str()
            .unwrap()
            .parse::<rust_decimal::Decimal>()
            .unwrap()
    };
    let split = run(&mut three_engineers());
    let mut eval = hrrules();
    eval.args(["eval", &format!("{DIR}/rnd_2023-10.toml")])
        .args(["--include-root", "rules/calendars", "--period", "2023-10"])
        .args(["--data", &format!("{DIR}/hr_2023-10.csv")])
        .args(["--records", &format!("{DIR}/timesheets_2023-10.csv")]);
    let eval = run(&mut eval);
    let figures: rust_decimal::Decimal = eval
        .as_array()
        .unwrap()
        .iter()
        .map(|e| dec(&e["values"]["rd_cost"]))
        .sum();
    assert_eq!(dec(&split["total"]["amount"]), figures);
    let rows = split["rows"].as_array().unwrap();
    for project in split["projects"].as_array().unwrap() {
        let of_project: rust_decimal::Decimal = rows
            .iter()
            .filter(|r| r["project"] == project["project"])
            .map(|r| dec(&r["amount"]))
            .sum();
        assert_eq!(dec(&project["amount"]), of_project);
    }
}

/// E204 was on leave all month (no project hours), E205 booked time to a project the policy
/// does not have, E206 has records but is not in the data: three error rows, the others are
/// split and totalled without them, status 2.
#[test]
fn split_error_rows() {
    assert_cmd_snapshot!(split(
        "hr_2023-10_all.csv",
        &["timesheets_2023-10.csv", "timesheets_2023-10_more.csv"]
    ));
}

/// CSV keeps its four columns: the errors go to stderr.
#[test]
fn split_error_rows_csv() {
    assert_cmd_snapshot!(split(
        "hr_2023-10_all.csv",
        &["timesheets_2023-10.csv", "timesheets_2023-10_more.csv"]
    )
    .args(["--format", "csv"]));
}

#[test]
fn split_error_rows_json() {
    assert_cmd_snapshot!(split(
        "hr_2023-10_all.csv",
        &["timesheets_2023-10.csv", "timesheets_2023-10_more.csv"]
    )
    .args(["--format", "json"]));
}

/// A misspelt figure stops the run before the data is read, with the nearest name.
#[test]
fn split_unknown_value() {
    assert_cmd_snapshot!(split_value(
        "hr_2023-10.csv",
        &["timesheets_2023-10.csv"],
        "rd_cots"
    ));
}

/// A policy without `[attendance]` has no projects to split over.
#[test]
fn split_without_attendance() {
    assert_cmd_snapshot!(hrrules().args([
        "split",
        "rules/sales_2023h2.toml",
        "--data",
        "examples/data/sales_2023-09.csv",
        "--records",
        "tests/fixtures/split/timesheets_2023-10.csv",
        "--value",
        "commission",
    ]));
}

/// Any money figure can be split: here the base salary alone, and without --period (the
/// month of the policy's `effective` date, with a note).
#[test]
fn split_another_figure_default_period() {
    let mut cmd = hrrules();
    cmd.args(["split", &format!("{DIR}/rnd_2023-10.toml")])
        .args(["--include-root", "rules/calendars"])
        .args(["--data", &format!("{DIR}/hr_2023-10.csv")])
        .args(["--records", &format!("{DIR}/timesheets_2023-10.csv")])
        .args(["--value", "base_salary", "--format", "csv"]);
    assert_cmd_snapshot!(cmd);
}
