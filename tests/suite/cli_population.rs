//! The command line over population figures: the reconciled footer under the table (and on
//! stderr for other formats), `--employee` still computing the figures over everyone,
//! `explain` showing the employee's group, pool and weights, and `diff` across a pool change.

use crate::cli_support::hrrules;
use insta_cmd::assert_cmd_snapshot;

const RULES: &str = "tests/fixtures/population/pool_12.toml";
const DATA: &str = "tests/fixtures/population/pool_12.csv";

#[test]
fn eval_table_reconciles_the_pool() {
    assert_cmd_snapshot!(hrrules().args(["eval", RULES, "--data", DATA]));
}

#[test]
fn eval_one_employee_is_computed_over_everyone() {
    assert_cmd_snapshot!(hrrules().args([
        "eval",
        RULES,
        "--data",
        DATA,
        "--employee",
        "E004",
        "--format",
        "csv"
    ]));
}

#[test]
fn explain_shows_the_group_pool_and_weights() {
    assert_cmd_snapshot!(hrrules().args(["explain", RULES, "--data", DATA, "--employee", "E006"]));
}

#[test]
fn explain_json_has_the_population_part() {
    assert_cmd_snapshot!(hrrules().args([
        "explain",
        RULES,
        "--data",
        DATA,
        "--employee",
        "E006",
        "--format",
        "json"
    ]));
}

#[test]
fn diff_across_a_bigger_pool() {
    assert_cmd_snapshot!(hrrules().args([
        "diff",
        RULES,
        "--set",
        "team_pool=60000.00",
        "--data",
        DATA
    ]));
}

#[test]
fn blank_cells_fail_visibly() {
    assert_cmd_snapshot!(hrrules().args([
        "eval",
        "tests/fixtures/population/blank_cells.toml",
        "--data",
        "tests/fixtures/population/blank_cells.csv"
    ]));
}
