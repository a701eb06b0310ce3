//! `hrrules check` on policies with `[attendance]`: a good one, one with mistakes, and the
//! shipped calendars read through `--include-root`.

use crate::cli_support::hrrules;
use insta_cmd::assert_cmd_snapshot;

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
