//! `hrrules check` on policies with `[attendance]`: a good one, one with mistakes, and the
//! shipped calendars read through `--include-root`.

use crate::cli_support::hrrules;
use insta_cmd::assert_cmd_snapshot;
use std::process::Command;

/// `hrrules CMD tests/fixtures/records_eval/pay.toml BEFORE... --include-root rules/calendars
/// --data DATA --records RECORDS AFTER...`: the records-to-pay policy on its fixtures.
fn pay(cmd: &str, before: &[&str], data: &str, records: &str, after: &[&str]) -> Command {
    let mut c = hrrules();
    c.args([cmd, "tests/fixtures/records_eval/pay.toml"])
        .args(before)
        .args([
            "--include-root",
            "rules/calendars",
            "--data",
            data,
            "--records",
            records,
        ])
        .args(after);
    c
}

#[test]
fn check_attendance_good() {
    assert_cmd_snapshot!(
        hrrules().args(["check", "tests/fixtures/attendance/good_production.toml"])
    );
}

#[test]
fn check_attendance_mistakes() {
    assert_cmd_snapshot!(hrrules().args(["check", "tests/fixtures/attendance/err_unknown.toml"]));
}

#[test]
fn check_attendance_include_root() {
    assert_cmd_snapshot!(hrrules().args([
        "check",
        "--include-root",
        "rules/calendars",
        "tests/fixtures/attendance/with_root/production.toml"
    ]));
}

/// `eval --records`: an employee with overlapping punches and one with none are error rows
/// with their places (exit status 2); the others are computed.
#[test]
fn eval_records_with_error_rows() {
    assert_cmd_snapshot!(pay(
        "eval",
        &[],
        "tests/fixtures/records_eval/hr.csv",
        "tests/fixtures/records_eval/err_overlap.csv",
        &["--period", "2023-10"]
    ));
}

/// Records of someone not in the data come after the others, as error rows; CSV output.
#[test]
fn eval_records_unknown_employee_csv() {
    assert_cmd_snapshot!(pay(
        "eval",
        &[],
        "tests/fixtures/records_eval/hr.csv",
        "tests/fixtures/records_eval/err_unknown_employee.csv",
        &["--period", "2023-10", "--format", "json"]
    ));
}

/// A records file the reader cannot use at all (no `date` column) stops the run (status 1).
#[test]
fn eval_records_file_error() {
    assert_cmd_snapshot!(pay(
        "eval",
        &[],
        "tests/fixtures/records_eval/hr.csv",
        "tests/fixtures/records/err_no_date_column.csv",
        &["--period", "2023-10"]
    ));
}

/// Records files given to a policy without `[attendance]`: nothing to classify them by.
#[test]
fn eval_records_without_attendance() {
    assert_cmd_snapshot!(hrrules().args([
        "eval",
        "rules/sales_2023h2.toml",
        "--data",
        "examples/data/sales_2023-09.csv",
        "--records",
        "tests/fixtures/records_eval/good_october.csv",
    ]));
}

/// Records not grouped by employee are still classified; the run says they were held in
/// memory.
#[test]
fn eval_records_unsorted_note() {
    assert_cmd_snapshot!(pay(
        "eval",
        &[],
        "tests/fixtures/records_eval/hr.csv",
        "tests/fixtures/records/good_unsorted.csv",
        &["--period", "2023-10"]
    ));
}

/// `explain --records`: the formula tree, each measure traced to "attendance records, below",
/// then the employee's classified month, record by record.
#[test]
fn explain_records_month() {
    assert_cmd_snapshot!(pay(
        "explain",
        &["overtime_pay"],
        "tests/fixtures/records_eval/hr.csv",
        "tests/fixtures/records_eval/good_october.csv",
        &["--employee", "E102", "--period", "2023-10"]
    ));
}

/// `explain` of an employee whose records are wrong: the located error, status 2.
#[test]
fn explain_records_error() {
    assert_cmd_snapshot!(pay(
        "explain",
        &[],
        "tests/fixtures/records_eval/hr.csv",
        "tests/fixtures/records_eval/err_overlap.csv",
        &["--employee", "E101", "--period", "2023-10"]
    ));
}

/// `explain --records --format json`: the tree and the classified month as data.
#[test]
fn explain_records_json() {
    assert_cmd_snapshot!(pay(
        "explain",
        &["night_pay"],
        "tests/fixtures/records_eval/hr.csv",
        "tests/fixtures/records_eval/good_october.csv",
        &[
            "--employee",
            "E102",
            "--period",
            "2023-10",
            "--format",
            "json"
        ]
    ));
}

/// `hours_from`: an HR cell that names no working-hours system is that employee's error,
/// located; the others are computed.
#[test]
fn eval_records_unknown_hours_system() {
    assert_cmd_snapshot!(pay(
        "eval",
        &[],
        "tests/fixtures/records_eval/hr_bad_hours.csv",
        "tests/fixtures/records_eval/good_hours_systems.csv",
        &["--period", "2023-10"]
    ));
}

/// `explain` of a fitter on standard hours: the month classified under their own system.
#[test]
fn explain_records_own_hours_system() {
    assert_cmd_snapshot!(pay(
        "explain",
        &["overtime_pay"],
        "tests/fixtures/records_eval/hr.csv",
        "tests/fixtures/records_eval/good_hours_systems.csv",
        &["--employee", "E104", "--period", "2023-10"]
    ));
}

/// `diff --records`: a what-if on the holiday rate, October 2023's punches classified for
/// both sides; only the workers of National Day change.
#[test]
fn diff_with_records() {
    assert_cmd_snapshot!(hrrules().args([
        "diff",
        "rules/production_2023.toml",
        "--set",
        "ot_holiday_rate=400%",
        "--period",
        "2023-10",
        "--data",
        "examples/attendance/hr_production_2023-10.csv",
        "--records",
        "examples/attendance/punches_production_2023-10.csv",
    ]));
}
