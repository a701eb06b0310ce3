//! `hrrules test` on the command line: text and JSON, passing and failing cases, cases that
//! expect an error, a wrapper around an included policy, rule files with errors.

use crate::cli_support::hrrules;
use insta_cmd::assert_cmd_snapshot;

#[test]
fn test_failures_text() {
    assert_cmd_snapshot!(hrrules().args(["test", "tests/fixtures/tests/failures.toml"]));
}

#[test]
fn test_failures_json() {
    assert_cmd_snapshot!(hrrules().args([
        "test",
        "--format",
        "json",
        "tests/fixtures/tests/failures.toml"
    ]));
}

#[test]
fn test_expect_error_text() {
    assert_cmd_snapshot!(hrrules().args(["test", "tests/fixtures/tests/expect_error.toml"]));
}

#[test]
fn test_expect_error_json() {
    assert_cmd_snapshot!(hrrules().args([
        "test",
        "tests/fixtures/tests/expect_error.toml",
        "--format",
        "json"
    ]));
}

/// The production file's cases run against that file, not the payroll tail around it.
#[test]
fn test_wrapper_runs_each_file_on_its_own() {
    assert_cmd_snapshot!(hrrules().args([
        "test",
        "tests/fixtures/tests/wrapper.toml",
        "tests/fixtures/tests/pack_needs_includer.toml"
    ]));
}

/// A file with errors is not tested: in JSON its errors are in `errors`, exit status 1.
#[test]
fn test_broken_and_passing_json() {
    assert_cmd_snapshot!(hrrules().args([
        "test",
        "--format",
        "json",
        "tests/fixtures/tests/err_expects_both.toml",
        "tests/fixtures/tests/wrapper.toml"
    ]));
}

#[test]
fn test_shipped_policies_json() {
    assert_cmd_snapshot!(hrrules().args([
        "test",
        "--format",
        "json",
        "rules/sales_2022.toml",
        "rules/sales_2023h2.toml"
    ]));
}

/// A test with `months`: one result per month (`NAME, 2023-02`), a wrong expectation
/// explained with the past taken from the months before, a month refused, and the month
/// after it failing on that month's error in its history.
#[test]
fn test_months_one_failing() {
    assert_cmd_snapshot!(hrrules().args(["test", "tests/fixtures/tests/months_failures.toml"]));
}
