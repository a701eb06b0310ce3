//! `hrrules forecast` on the example R&D plan of examples/risk/ (2024 H1): with the China 2024
//! calendar, without it (174 hours a month), as JSON, and a plan with a bad row.

use crate::cli_support::hrrules;
use insta_cmd::assert_cmd_snapshot;
use std::process::Command;

fn example() -> Command {
    let mut cmd = hrrules();
    cmd.args(["forecast", "--plan", "examples/risk/rnd_projects.csv"])
        .args(["--capacity", "examples/risk/rnd_capacity.csv"])
        .args(["--from", "2024-01", "--months", "6"]);
    cmd
}

/// R004's contract ends in April and R008 returns in March: spare hours until April, then
/// hip_stem and the printed cup need people to be hired (+2 in May, +4 in June).
#[test]
fn forecast_with_calendar() {
    assert_cmd_snapshot!(example().args(["--calendar", "rules/calendars/cn-2024.toml"]));
}

#[test]
fn forecast_174_hours() {
    assert_cmd_snapshot!(example());
}

#[test]
fn forecast_json() {
    assert_cmd_snapshot!(example().args([
        "--calendar",
        "rules/calendars/cn-2024.toml",
        "--format",
        "json"
    ]));
}

/// A month written 2024-13 is named with its file, row and column; status 1.
#[test]
fn forecast_bad_plan_row() {
    assert_cmd_snapshot!(hrrules()
        .args([
            "forecast",
            "--plan",
            "tests/fixtures/forecast/err_bad_month/plan.csv"
        ])
        .args([
            "--capacity",
            "examples/risk/rnd_capacity.csv",
            "--from",
            "2024-01"
        ]));
}
