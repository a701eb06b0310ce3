//! `--mapping FILE`: a CRM export with its own Chinese headers (`员工编号`, `客户满意度`)
//! read through `examples/company/mapping_crm.toml`, giving what the JSON export gives; the
//! mapping's warnings and errors as a user sees them.

use crate::cli_support::{hrrules, scratch};
use insta_cmd::assert_cmd_snapshot;
use std::process::Command;

/// `hrrules eval rules/sales_2023h2.toml --period 2023-09` on the ERP export, `crm` and the
/// HR export.
fn september_with(crm: &str) -> Command {
    let mut cmd = hrrules();
    cmd.args(["eval", "rules/sales_2023h2.toml", "--period", "2023-09"])
        .args(["--data", "examples/data/sales_2023-09.csv", "--data", crm])
        .args(["--data", "examples/data/hr_2023-09.csv"]);
    cmd
}

/// The Chinese-headed CSV through the mapping: the same figures as the JSON export.
#[test]
fn crm_export_with_mapping() {
    let mapped = september_with("examples/company/crm_sales_2023-09_cn.csv")
        .args(["--mapping", "examples/company/mapping_crm.toml"])
        .output()
        .unwrap();
    let json = september_with("examples/data/crm_2023-09.json")
        .output()
        .unwrap();
    assert!(
        mapped.status.success(),
        "{}",
        String::from_utf8_lossy(&mapped.stderr)
    );
    assert_eq!(
        String::from_utf8(mapped.stdout).unwrap(),
        String::from_utf8(json.stdout).unwrap()
    );
    assert_cmd_snapshot!(september_with("examples/company/crm_sales_2023-09_cn.csv")
        .args(["--mapping", "examples/company/mapping_crm.toml"]));
}

/// Without the mapping the export has no `employee_id`: the error names the file.
#[test]
fn crm_export_without_mapping() {
    assert_cmd_snapshot!(september_with("examples/company/crm_sales_2023-09_cn.csv"));
}

/// A second mapping file with a misspelt target and a column no file has: warnings on
/// stderr, and the run goes on (`satisfaction` is read through the first mapping).
#[test]
fn mapping_warnings() {
    let dir = scratch("columns_warnings");
    let extra = dir.join("mapping_extra.toml");
    std::fs::write(
        &extra,
        "[columns]\n\"客户满意度\" = \"satisfaction\"\n\"投诉次数\" = \"complaints\"\n\"统计月份\" = \"perod\"\n",
    )
    .unwrap();
    crate::cli_support::hiding_scratch(&dir, || {
        assert_cmd_snapshot!(september_with("examples/company/crm_sales_2023-09_cn.csv")
            .args([
                "--mapping",
                "examples/company/mapping_crm.toml",
                "--mapping"
            ])
            .arg(&extra)
            .args(["--employee", "E004"]));
    });
}

/// A mapping that does not parse: located, with a caret; status 1.
#[test]
fn mapping_syntax_error() {
    assert_cmd_snapshot!(
        september_with("examples/company/crm_sales_2023-09_cn.csv").args([
            "--mapping",
            "tests/fixtures/columns/err_mapping_syntax/mapping.toml"
        ])
    );
}

/// `explain` takes `--mapping` too, and names the cell as the export writes it.
#[test]
fn explain_with_mapping() {
    assert_cmd_snapshot!(hrrules()
        .args(["explain", "rules/sales_2023h2.toml", "--period", "2023-09"])
        .args(["--data", "examples/data/sales_2023-09.csv"])
        .args(["--data", "examples/company/crm_sales_2023-09_cn.csv"])
        .args(["--data", "examples/data/hr_2023-09.csv"])
        .args(["--mapping", "examples/company/mapping_crm.toml"])
        .args(["--employee", "E004", "kpi.satisfaction"]));
}
