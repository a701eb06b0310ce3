//! `hrrules test` on team tests (`[[tests.team]]`): each member's failures named by key, in
//! text and JSON.

use crate::cli_support::hrrules;
use insta_cmd::assert_cmd_snapshot;

#[test]
fn team_tests_text() {
    assert_cmd_snapshot!(hrrules().args(["test", "tests/fixtures/tests/team.toml"]));
}

#[test]
fn team_tests_json() {
    assert_cmd_snapshot!(hrrules().args([
        "test",
        "--format",
        "json",
        "tests/fixtures/tests/team.toml"
    ]));
}
