//! `hrrules eval --employee ID... --show NAME...`: one person, or a few, and the figures asked
//! for instead of `[outputs]`. Run on the example team (examples/data), September 2023.

use crate::cli_support::{hrrules, SEPTEMBER};
use insta_cmd::assert_cmd_snapshot;
use std::process::Command;

/// `hrrules eval rules/sales_2023h2.toml --period 2023-09` on the ERP, CRM and HR exports.
fn september() -> Command {
    let mut cmd = hrrules();
    cmd.args(["eval", "rules/sales_2023h2.toml", "--period", "2023-09"])
        .args(SEPTEMBER);
    cmd
}

#[test]
fn one_employee() {
    assert_cmd_snapshot!(september().args(["--employee", "E012"]));
}

/// Repeated and comma-separated; printed in the order of the data, not of the arguments.
#[test]
fn employees_in_the_order_of_the_data() {
    assert_cmd_snapshot!(september().args(["--employee", "E044,E004", "--employee", "E027"]));
}

/// Every id the data lacks is named, with the nearest one it has; nothing is printed on
/// stdout and the status is 1.
#[test]
fn unknown_employees() {
    assert_cmd_snapshot!(september().args(["--employee", "E004,E05", "--employee", "e027,ZZZZZZ"]));
}

/// Inputs, a param, scorecard metrics, a grade and a tier's rate, in the order given;
/// `compliance` is a percentage, shown as one in the table.
#[test]
fn show_any_named_figure() {
    assert_cmd_snapshot!(september().args([
        "--show",
        "sales_amount,sales_target,kpi.sales",
        "--show",
        "compliance,kpi.compliance,kpi.grade,commission_cap,commission.rate,commission",
    ]));
}

#[test]
fn show_one_employee_json() {
    assert_cmd_snapshot!(september().args([
        "--employee",
        "E024",
        "--show",
        "compliance,kpi.compliance,kpi,period.start,bonus_rate",
        "--format",
        "json",
    ]));
}

#[test]
fn show_csv() {
    assert_cmd_snapshot!(september().args([
        "--employee",
        "E004,E044",
        "--show",
        "kpi.grade,performance_bonus",
        "--format",
        "csv",
    ]));
}

/// A misspelt name stops the run before any data is read, with the nearest name.
#[test]
fn show_unknown_name() {
    assert_cmd_snapshot!(september().args(["--show", "kpi,comission.rate"]));
}

#[test]
fn show_a_name_twice() {
    assert_cmd_snapshot!(september().args(["--show", "kpi,commission,kpi"]));
}

/// An employee whose row is broken keeps its located error; the status is 2.
#[test]
fn employee_with_a_bad_row() {
    assert_cmd_snapshot!(hrrules()
        .args(["eval", "rules/sales_2023h2.toml", "--period", "2023-09"])
        .args(["--data", "examples/data/bad_rows.csv"])
        .args(["--data", "examples/data/bad_crm.json"])
        .args(["--data", "examples/data/hr_2023-09.csv"])
        .args([
            "--employee",
            "E018,E021,E036",
            "--show",
            "sales_amount,commission"
        ]));
}

/// The 2022 policy's own figures for one person, in its own month; its `bonus_rate` is a
/// percent param, shown as one.
#[test]
fn show_under_the_2022_policy() {
    assert_cmd_snapshot!(hrrules()
        .args(["eval", "rules/sales_2022.toml", "--period", "2022-12"])
        .args(["--data", "examples/data/sales_2022-12.csv"])
        .args(["--employee", "E024"])
        .args([
            "--show",
            "sales_amount,commission.rate,commission,kpi.revenue,kpi.other,kpi"
        ])
        .args(["--show", "bonus_rate"]));
}
