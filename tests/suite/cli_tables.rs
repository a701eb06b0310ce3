//! Decision tables on the command line: a few expense claims of January 2024 routed by
//! `rules/common/expense_approval.toml`, and one claim's route explained row by row.

use crate::cli_support::hrrules;
use insta_cmd::assert_cmd_snapshot;

const RULES: &str = "rules/common/expense_approval.toml";
const CLAIMS: &str = "tests/fixtures/tables/claims_2024-01.csv";

#[test]
fn eval_routes_claims() {
    let mut cmd = hrrules();
    cmd.args(["eval", RULES, "--period", "2024-01", "--data", CLAIMS]);
    assert_cmd_snapshot!(cmd);
}

#[test]
fn explain_a_sales_claim() {
    let mut cmd = hrrules();
    cmd.args(["explain", RULES, "--period", "2024-01", "--data", CLAIMS]);
    cmd.args(["--employee", "E004", "approval_route.approvers"]);
    assert_cmd_snapshot!(cmd);
}

#[test]
fn explain_a_collected_chain() {
    let mut cmd = hrrules();
    cmd.args([
        "explain",
        "tests/fixtures/tables/collect.toml",
        "--period",
        "2024-01",
    ]);
    cmd.args(["--data", "tests/fixtures/tables/chain_claims_2024-01.csv"]);
    cmd.args(["--employee", "E004", "chain.approvers"]);
    assert_cmd_snapshot!(cmd);
}
