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

const RUN: &str = "tests/fixtures/history_run";
const TAX: &str = "tests/fixtures/tests/cumulative_tax.toml";

/// `hrrules eval cumulative_tax.toml --period MONTH --data wages_MONTH.csv [--history ...]`.
fn month(period: &str, history: &[&str]) -> Command {
    let mut cmd = hrrules();
    cmd.args(["eval", TAX, "--period", period])
        .args(["--data", &format!("{RUN}/wages_{period}.csv")]);
    for h in history {
        cmd.args(["--history", &format!("{RUN}/{h}")]);
    }
    cmd
}

fn stdout(mut cmd: Command) -> String {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The State Taxation Administration's cumulative-withholding example month after month
/// through history (tests/fixtures/history_run/README.md): each month's run writes exactly
/// the committed lines that the next month reads, and March withholds 1,850 (January 555,
/// February 625). E002, hired in February, starts the year then.
#[test]
fn sta_example_through_history() {
    let lines = |m: &str| std::fs::read_to_string(format!("{RUN}/months/{m}.jsonl")).unwrap();
    let jsonl = |mut c: Command| {
        c.args(["--format", "jsonl"]);
        stdout(c)
    };
    assert_eq!(jsonl(month("2023-01", &[])), lines("2023-01"));
    assert_eq!(
        jsonl(month("2023-02", &["months/2023-01.jsonl"])),
        lines("2023-02")
    );
    let march = lines("2023-03");
    assert_eq!(
        jsonl(month(
            "2023-03",
            &["months/2023-01.jsonl", "months/2023-02.jsonl"]
        )),
        march
    );
    // Re-running March with its own line in the folder gives the same March.
    assert_eq!(jsonl(month("2023-03", &["months"])), march);
    for (m, tax) in [
        ("2023-01", "555.00"),
        ("2023-02", "625.00"),
        ("2023-03", "1850.00"),
    ] {
        let first = lines(m).lines().next().unwrap().to_string();
        assert!(
            first.contains(&format!("\"tax_this_month\":\"{tax}\"")),
            "{m}: {first}"
        );
    }
    assert_cmd_snapshot!(month("2023-03", &["months"]).args([
        "--show",
        "ytd_months_before,cumulative_income,cumulative_deductions,cumulative_taxable,annual_tax,tax_this_month,last_month_tax"
    ]));
}

/// A month missing from the history (February) is an error for the employees paid before it,
/// naming the month; E002, hired in February, has no earlier month and is computed.
#[test]
fn history_gap_is_an_error_row() {
    assert_cmd_snapshot!(month(
        "2023-04",
        &["months/2023-01.jsonl", "months/2023-03.jsonl"]
    ));
}

/// A history file that is not JSON lines stops the run, with file and line.
#[test]
fn history_unreadable_stops_the_run() {
    assert_cmd_snapshot!(month("2023-02", &["wages_2023-01.csv"]));
}

/// `diff --history`: one policy, March against February, each month reading its own past
/// from the same history files.
#[test]
fn diff_with_history() {
    assert_cmd_snapshot!(hrrules().args([
        "diff",
        TAX,
        "--period",
        "2023-03",
        "--old-period",
        "2023-02",
        "--data",
        &format!("{RUN}/wages_2023-03.csv"),
        "--history",
        &format!("{RUN}/months"),
        "tax_this_month",
        "cumulative_taxable",
    ]));
}

/// `explain --history`: each past part says which months of which history it sums.
#[test]
fn explain_with_history() {
    assert_cmd_snapshot!(hrrules().args([
        "explain",
        TAX,
        "tax_this_month",
        "--period",
        "2023-03",
        "--data",
        &format!("{RUN}/wages_2023-03.csv"),
        "--history",
        &format!("{RUN}/months"),
        "--employee",
        "E001",
    ]));
}
