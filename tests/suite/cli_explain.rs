//! `hrrules explain` on the shipped 2023 H2 sales policy and the example team: E004's
//! commission bracket by bracket and KPI metric by metric, JSON, a failing employee (exit 2),
//! an unknown employee or name (exit 1, with the nearest one).

use crate::cli_support::hrrules;
use insta_cmd::assert_cmd_snapshot;
use std::process::Command;

/// `hrrules explain` of `employee` in September 2023, with `data` as the sales export.
fn explain(employee: &str, data: &str, more: &[&str]) -> Command {
    let mut cmd = hrrules();
    cmd.args(["explain", "rules/sales_2023h2.toml", "--period", "2023-09"]);
    cmd.args(["--data", data]);
    cmd.args(["--data", "examples/data/crm_2023-09.json"]);
    cmd.args(["--data", "examples/data/hr_2023-09.csv"]);
    cmd.args(["--employee", employee]);
    cmd.args(more);
    cmd
}

const SEPTEMBER: &str = "examples/data/sales_2023-09.csv";
const BAD_ROWS: &str = "examples/data/bad_rows.csv";

#[test]
fn explain_e004_commission_and_kpi() {
    assert_cmd_snapshot!(explain("E004", SEPTEMBER, &["commission", "kpi"]));
}

#[test]
fn explain_e004_every_shown_figure() {
    assert_cmd_snapshot!(explain("E004", SEPTEMBER, &[]));
}

#[test]
fn explain_e004_commission_json() {
    assert_cmd_snapshot!(explain(
        "E004",
        SEPTEMBER,
        &["commission", "--format", "json"]
    ));
}

#[test]
fn explain_failing_employee_exits_2_with_the_tree_up_to_the_failure() {
    assert_cmd_snapshot!(explain("E036", BAD_ROWS, &["gross_pay"]));
}

#[test]
fn explain_employee_with_a_bad_cell_exits_2() {
    assert_cmd_snapshot!(explain("E021", BAD_ROWS, &[]));
}

#[test]
fn explain_unknown_employee_or_name_exits_1() {
    assert_cmd_snapshot!(explain("E40", SEPTEMBER, &[]));
    assert_cmd_snapshot!(explain("E040", SEPTEMBER, &["comission"]));
}

#[test]
fn help_explain() {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_hrrules"));
    assert_cmd_snapshot!(cmd.args(["explain", "--help"]));
}
