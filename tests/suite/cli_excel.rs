//! `hrrules eval --data sales.xlsx`: the example company's September sales as its ERP exports
//! them to Excel (examples/data/sales_2023-09.xlsx, made from the CSV of the same name by
//! tests/fixtures/data_excel/make.py), joined with the CRM and HR exports.

use crate::cli_support::hrrules;
use insta_cmd::assert_cmd_snapshot;
use std::process::Command;

/// `hrrules eval rules/sales_2023h2.toml --period 2023-09` with the sales data from `sales`
/// (the workbook has the ERP's Chinese headers: examples/data/mapping_erp.toml maps them).
fn september(sales: &str) -> Command {
    let mut cmd = hrrules();
    cmd.args(["eval", "rules/sales_2023h2.toml", "--period", "2023-09"])
        .args(["--data", sales])
        .args(["--mapping", "examples/data/mapping_erp.toml"])
        .args(["--data", "examples/data/crm_2023-09.json"])
        .args(["--data", "examples/data/hr_2023-09.csv"]);
    cmd
}

#[test]
fn eval_the_sales_sheet() {
    assert_cmd_snapshot!(september("examples/data/sales_2023-09.xlsx#销售明细"));
}

/// The workbook gives every figure the CSV gives, to the cent, in every output format.
#[test]
fn the_workbook_and_the_csv_agree() {
    for format in ["table", "json"] {
        let run = |sales: &str| {
            let out = september(sales)
                .args(["--format", format])
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            String::from_utf8(out.stdout).unwrap()
        };
        let csv = run("examples/data/sales_2023-09.csv");
        // The first sheet is 销售明细, so naming it changes nothing.
        for sales in [
            "examples/data/sales_2023-09.xlsx",
            "examples/data/sales_2023-09.xlsx#销售明细",
        ] {
            assert_eq!(run(sales), csv, "{sales}, --format {format}");
        }
    }
}

#[test]
fn a_sheet_that_is_not_there() {
    assert_cmd_snapshot!(september("examples/data/sales_2023-09.xlsx#销售"));
}

/// An error value in a column an input reads fails that employee, located at the cell.
#[test]
fn an_error_cell_fails_its_employee() {
    let mut cmd = hrrules();
    cmd.args(["eval", "rules/sales_2023h2.toml", "--period", "2023-09"])
        .args(["--data", "tests/fixtures/data_excel/error_cells.xlsx"])
        .args(["--employee", "E100,E200", "--show", "sales_amount"]);
    assert_cmd_snapshot!(cmd);
}
