//! `hrrules attrition` on the example company's employee-months (examples/risk/): the model's
//! coefficients, cross-validated AUC and ranking as a table and as JSON, and the refusal
//! when there are too few leavers.

use crate::cli_support::hrrules;
use insta_cmd::assert_cmd_snapshot;

#[test]
fn attrition_example_table() {
    assert_cmd_snapshot!(hrrules().args([
        "attrition",
        "examples/risk/employee_months.csv",
        "--rules",
        "examples/risk/model.toml"
    ]));
}

#[test]
fn attrition_example_json() {
    assert_cmd_snapshot!(hrrules().args([
        "attrition",
        "examples/risk/employee_months.csv",
        "--left",
        "left_within_6m",
        "--features",
        "attainment_change_3m,pay_vs_band",
        "--top",
        "3",
        "--format",
        "json"
    ]));
}

/// Eight leavers: a clear refusal, status 1, no coefficients.
#[test]
fn attrition_refuses_too_few_leavers() {
    assert_cmd_snapshot!(hrrules().args([
        "attrition",
        "tests/fixtures/attrition/err_too_few_leavers/data.csv",
        "--features",
        "pay_vs_band"
    ]));
}

/// Four features need 40 leaving rows; the example's 108 are enough, but a feature that is
/// not a column is named with the nearest one.
#[test]
fn attrition_unknown_feature() {
    assert_cmd_snapshot!(hrrules().args([
        "attrition",
        "examples/risk/employee_months.csv",
        "--left",
        "left_within_6m",
        "--features",
        "pay_vs_bnad"
    ]));
}
