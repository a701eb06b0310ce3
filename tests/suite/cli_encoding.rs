//! `--encoding` and the encodings found: the production team's October punches exported by
//! the attendance system as GBK (`examples/attendance/punches_production_2023-10_gbk.csv`,
//! the same punches as the UTF-8 file, with the workers' names and remarks in Chinese).

use crate::cli_support::hrrules;
use insta_cmd::assert_cmd_snapshot;
use std::process::Command;

/// `hrrules eval rules/production_2023.toml` for October 2023 with `records` and `more`.
fn production(records: &str, more: &[&str]) -> Command {
    let mut c = hrrules();
    c.args([
        "eval",
        "rules/production_2023.toml",
        "--period",
        "2023-10",
        "--data",
        "examples/attendance/hr_production_2023-10.csv",
        "--records",
        records,
    ])
    .args(more);
    c
}

const GBK: &str = "examples/attendance/punches_production_2023-10_gbk.csv";

/// The encoding named for the one GBK file.
#[test]
fn eval_records_in_gbk() {
    let named = format!("{GBK}=gbk");
    assert_cmd_snapshot!(production(GBK, &["--encoding", &named]));
}

/// GBK named for every file: the HR export, plainly UTF-8, would be garbled, so the run
/// stops and says how to name one file's encoding.
#[test]
fn eval_gbk_for_every_file_refuses_a_utf8_file() {
    assert_cmd_snapshot!(production(GBK, &["--encoding", "gbk"]));
}

/// Found from the bytes, the GBK file gives the figures the UTF-8 file gives, and stderr
/// says which encoding was taken.
#[test]
fn gbk_found_gives_the_utf8_figures() {
    let utf8 = production("examples/attendance/punches_production_2023-10.csv", &[])
        .output()
        .unwrap();
    let found = production(GBK, &[]).output().unwrap();
    assert!(utf8.status.success());
    assert_eq!(found.status.code(), utf8.status.code());
    assert_eq!(
        String::from_utf8(found.stdout).unwrap(),
        String::from_utf8(utf8.stdout).unwrap()
    );
    let stderr = String::from_utf8(found.stderr).unwrap();
    assert!(
        stderr.contains(&format!(
            "note: {GBK}: read as GB18030 (found from its bytes; name another with --encoding)"
        )),
        "{stderr}"
    );
}

/// A byte-order mark that contradicts `--encoding` stops the run.
#[test]
fn eval_bom_against_encoding() {
    let file = "tests/fixtures/data_encoding/utf16le_bom.csv";
    let named = format!("{file}=gbk");
    assert_cmd_snapshot!(production(file, &["--encoding", &named]));
}

#[test]
fn eval_unknown_encoding() {
    assert_cmd_snapshot!(production(GBK, &["--encoding", "latin1"]));
}

/// `--encoding FILE=gbk` for a file the command is not given (a misspelt name) is said, not
/// silently unused; the file given is read by its bytes, as GB18030.
#[test]
fn an_encoding_for_a_file_not_given_is_a_warning() {
    let misspelt = "examples/attendance/punches_production_2023-10_gkb.csv=gbk";
    let out = production(GBK, &["--encoding", misspelt]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            "warning: --encoding examples/attendance/punches_production_2023-10_gkb.csv=gbk: \
             no --data or --records file is named"
        ),
        "{stderr}"
    );
    assert!(out.status.success(), "{stderr}");
}
