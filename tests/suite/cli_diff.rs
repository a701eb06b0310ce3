//! `hrrules diff` on the command line, snapshot-tested with insta-cmd: the formats, the
//! what-if (`--set`), and the exit statuses (0 everyone computed on both sides, 2 some
//! employee failed on either side, 1 a policy or the command is wrong).

use crate::cli_support::{hrrules, SCORES, SEPTEMBER};
use insta_cmd::assert_cmd_snapshot;

const SHIPPED: [&str; 3] = ["diff", "rules/sales_2022.toml", "rules/sales_2023h2.toml"];

#[test]
fn diff_2022_to_2023h2_table() {
    assert_cmd_snapshot!(hrrules()
        .args(SHIPPED)
        .args(["--period", "2023-09"])
        .args(SEPTEMBER)
        .args(SCORES));
}

#[test]
fn diff_json_of_named_figures() {
    assert_cmd_snapshot!(hrrules()
        .args(SHIPPED)
        .args([
            "--period",
            "2023-09",
            "--format",
            "json",
            "--by",
            "commission"
        ])
        .args(SEPTEMBER)
        .args(SCORES)
        .args(["commission", "kpi.grade"]));
}

#[test]
fn diff_csv() {
    assert_cmd_snapshot!(hrrules()
        .args(SHIPPED)
        .args(["--period", "2023-09", "--format", "csv"])
        .args(SEPTEMBER)
        .args(SCORES));
}

#[test]
fn diff_some_employees_fail_exit_2() {
    assert_cmd_snapshot!(hrrules().args([
        "diff",
        "tests/fixtures/diff/failures/old.toml",
        "tests/fixtures/diff/failures/new.toml",
        "--data",
        "tests/fixtures/diff/failures/data.csv",
        "--period",
        "2023-09",
    ]));
}

#[test]
fn diff_broken_policy_exit_1() {
    assert_cmd_snapshot!(hrrules()
        .args([
            "diff",
            "rules/sales_2023h2.toml",
            "tests/fixtures/cli/broken_policy.toml",
        ])
        .args(SEPTEMBER)
        .args(SCORES));
}

#[test]
fn diff_old_period_before_the_bonus_rate_change() {
    // One policy, two months: June 2023 (bonus_rate 20%) against September (30%).
    assert_cmd_snapshot!(hrrules()
        .args(["diff", "rules/sales_2023h2.toml"])
        .args(["--old-period", "2023-06", "--period", "2023-09"])
        .args(SEPTEMBER)
        .args(SCORES)
        .args(["performance_bonus"]));
}

#[test]
fn diff_what_if_commission_cap() {
    assert_cmd_snapshot!(hrrules()
        .args(["diff", "rules/sales_2023h2.toml", "--period", "2023-09"])
        .args(["--set", "commission_cap=40000", "--set", "bonus_rate=25%"])
        .args(SEPTEMBER)
        .args(SCORES));
}

#[test]
fn diff_what_if_not_a_param_exit_1() {
    assert_cmd_snapshot!(hrrules()
        .args(["diff", "rules/sales_2023h2.toml", "--period", "2023-09"])
        .args(["--set", "commision_cap=40000"])
        .args(SEPTEMBER)
        .args(SCORES));
}

#[test]
fn diff_what_if_wrong_type_exit_1() {
    assert_cmd_snapshot!(hrrules()
        .args(["diff", "rules/sales_2023h2.toml", "--period", "2023-09"])
        .args(["--set", "commission_cap=25%"])
        .args(SEPTEMBER)
        .args(SCORES));
}

#[test]
fn diff_what_if_without_equals_exit_1() {
    assert_cmd_snapshot!(hrrules()
        .args(["diff", "rules/sales_2023h2.toml", "--set", "commission_cap"])
        .args(SEPTEMBER)
        .args(SCORES));
}

#[test]
fn diff_one_policy_without_set_exit_1() {
    assert_cmd_snapshot!(hrrules()
        .args(["diff", "rules/sales_2023h2.toml"])
        .args(SEPTEMBER)
        .args(SCORES));
}

#[test]
fn diff_unknown_figure_exit_1() {
    assert_cmd_snapshot!(hrrules()
        .args(SHIPPED)
        .args(["--period", "2023-09"])
        .args(SEPTEMBER)
        .args(SCORES)
        .args(["gros_pay"]));
}

#[test]
fn diff_json_key_named_like_a_field_exit_1() {
    assert_cmd_snapshot!(hrrules().args([
        "diff",
        "tests/fixtures/diff/commission_mode/old.toml",
        "tests/fixtures/diff/commission_mode/new.toml",
        "--data",
        "tests/fixtures/diff/cli/key_changes.csv",
        "--key",
        "changes",
        "--format",
        "json",
        "--period",
        "2023-09",
    ]));
}
