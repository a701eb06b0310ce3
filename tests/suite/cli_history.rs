//! `hrrules eval --format jsonl` (issue 9, item 1): one line per employee with the period
//! and every named value, the history later months read. Run on the example team
//! (examples/data), September 2023.

use crate::cli_support::{hrrules, SEPTEMBER};
use insta_cmd::assert_cmd_snapshot;
use std::process::Command;

/// `hrrules eval rules/sales_2023h2.toml --period 2023-09 --format jsonl` on the ERP, CRM
/// and HR exports.
fn september_jsonl() -> Command {
    let mut cmd = hrrules();
    cmd.args(["eval", "rules/sales_2023h2.toml", "--period", "2023-09"])
        .args(SEPTEMBER)
        .args(["--format", "jsonl"]);
    cmd
}

/// Every named value (inputs, params, values, scorecard parts, the tier's rate), not only
/// the shown ones; the key first, then the period.
#[test]
fn jsonl_every_named_value() {
    assert_cmd_snapshot!(september_jsonl().args(["--employee", "E004,E012"]));
}

/// `--show` changes the shown columns, not what a history line holds.
#[test]
fn jsonl_ignores_show() {
    assert_cmd_snapshot!(september_jsonl().args(["--employee", "E044", "--show", "kpi"]));
}

/// The broken rows of the example data: an error line each, with the period, status 2.
#[test]
fn jsonl_error_lines() {
    let mut cmd = hrrules();
    cmd.args(["eval", "rules/sales_2023h2.toml", "--period", "2023-09"])
        .args(["--data", "examples/data/bad_rows.csv"])
        .args(["--data", "examples/data/bad_crm.json"])
        .args(["--data", "examples/data/hr_2023-09.csv"])
        .args(["--format", "jsonl", "--employee", "E021,E036,E040"]);
    assert_cmd_snapshot!(cmd);
}

/// A key column named `period` would give each line two `period` fields: refused before
/// anything is written.
#[test]
fn jsonl_key_named_period() {
    let mut cmd = hrrules();
    cmd.args(["eval", "rules/sales_2023h2.toml", "--period", "2023-09"])
        .args(["--data", "tests/fixtures/history_cli/key_named_period.csv"])
        .args(["--key", "period", "--format", "jsonl"]);
    assert_cmd_snapshot!(cmd);
}
