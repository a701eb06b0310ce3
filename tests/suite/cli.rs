//! The command line, snapshot-tested with insta-cmd: every subcommand, every output format,
//! the error paths and the exit statuses (0 all ok, 2 some employees failed, 1 rules or
//! usage wrong). Commands run in the crate root, so paths in the output are relative.

use crate::cli_support::{hiding_scratch, hrrules, scratch, write, SEPTEMBER};
use insta_cmd::assert_cmd_snapshot;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

// ---------------------------------------------------------------------------------------
// check

#[test]
fn check_shipped_policies() {
    assert_cmd_snapshot!(hrrules().args([
        "check",
        "rules/sales_2022.toml",
        "rules/sales_2023h2.toml"
    ]));
}

#[test]
fn check_building_block_alone() {
    // rules/common/ holds files that other policies include; on their own they have no
    // [policy] table, and `check` says so.
    assert_cmd_snapshot!(hrrules().args(["check", "rules/common/erp_sales.toml"]));
}

#[test]
fn check_broken_policy_reports_every_mistake() {
    assert_cmd_snapshot!(hrrules().args(["check", "tests/fixtures/cli/broken_policy.toml"]));
}

#[test]
fn check_good_and_broken_together() {
    // One broken file makes the run fail, but the good one is still reported.
    assert_cmd_snapshot!(hrrules().args([
        "check",
        "rules/sales_2023h2.toml",
        "tests/fixtures/cli/broken_policy.toml"
    ]));
}

#[test]
fn check_invalid_utf8() {
    assert_cmd_snapshot!(hrrules().args(["check", "tests/fixtures/cli/invalid_utf8.toml"]));
}

#[test]
fn check_missing_file() {
    assert_cmd_snapshot!(hrrules().args(["check", "rules/sales_2024.toml"]));
}

#[test]
fn check_empty_file() {
    let dir = scratch("check_empty_file");
    let path = write(&dir, "empty.toml", b"");
    hiding_scratch(&dir, || {
        assert_cmd_snapshot!(hrrules().arg("check").arg(&path));
    });
}

#[test]
fn check_formula_ten_thousand_parentheses_deep() {
    let dir = scratch("check_deep");
    let formula = format!("{}base_salary{}", "(".repeat(10_000), ")".repeat(10_000));
    let text = format!(
        "[policy]\nname = \"deep\"\n\n[inputs]\nbase_salary = \"money\"\n\n[values]\npay = \"{formula}\"\n"
    );
    let path = write(&dir, "deep.toml", text.as_bytes());
    let output = hrrules().arg("check").arg(&path).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("more than the limit"), "{stderr}");
    // The message, without the 20,000-character source line under it.
    let first = stderr.lines().next().unwrap_or_default();
    hiding_scratch(&dir, || insta::assert_snapshot!(first));
}

#[test]
fn check_formula_nested_past_the_depth_limit() {
    // Short enough to pass the length limit, so the nesting limit is what refuses it.
    let dir = scratch("check_nested");
    let formula = format!("{}base_salary{}", "(".repeat(1_000), ")".repeat(1_000));
    let text = format!(
        "[policy]\nname = \"deep\"\n\n[inputs]\nbase_salary = \"money\"\n\n[values]\npay = \"{formula}\"\n"
    );
    let path = write(&dir, "nested.toml", text.as_bytes());
    let output = hrrules().arg("check").arg(&path).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    let first = stderr.lines().next().unwrap_or_default();
    hiding_scratch(&dir, || insta::assert_snapshot!(first));
}

#[test]
fn check_ten_megabyte_file_is_refused_quickly() {
    let dir = scratch("check_huge");
    let mut text = String::from("[policy]\nname = \"huge\"\n\n[values]\n");
    let mut i = 0;
    while text.len() < 10 * 1024 * 1024 {
        text.push_str(&format!("bonus_{i} = \"1000 + {i}\"\n"));
        i += 1;
    }
    let path = write(&dir, "huge.toml", text.as_bytes());
    let started = Instant::now();
    hiding_scratch(&dir, || {
        assert_cmd_snapshot!(hrrules().arg("check").arg(&path));
    });
    // A ceiling only a hang would reach, not a speed test (refusing takes well under a
    // second): a busy machine must not fail it.
    let elapsed = started.elapsed();
    assert!(
        elapsed < Duration::from_secs(60),
        "refusing a 10 MB file took {elapsed:?}"
    );
}

#[test]
fn check_param_formula_failing() {
    assert_cmd_snapshot!(hrrules().args([
        "check",
        "tests/fixtures/cli/param_division_by_zero.toml",
        "tests/fixtures/cli/param_not_yet_dated.toml",
        "rules/sales_2022.toml"
    ]));
}

#[test]
fn check_escapes_control_characters_from_the_rule_file() {
    // The policy's name holds escape sequences (red text, a window title); a comment holds a
    // raw ESC and BEL that appear in the error's snippet; a quoted key holds an escape too.
    // Everything printed shows them escaped (`\u{1b}`), carets still under the place.
    assert_cmd_snapshot!(hrrules().args([
        "check",
        "tests/fixtures/cli/escape_sequences.toml",
        "tests/fixtures/cli/err_control_characters.toml",
        "tests/fixtures/cli/err_escape_in_names.toml"
    ]));
}

#[test]
fn check_without_files() {
    assert_cmd_snapshot!(hrrules().arg("check"));
}

// ---------------------------------------------------------------------------------------
// eval

#[test]
fn eval_table() {
    assert_cmd_snapshot!(hrrules()
        .args(["eval", "rules/sales_2023h2.toml", "--period", "2023-09"])
        .args(SEPTEMBER));
}

#[test]
fn eval_csv() {
    assert_cmd_snapshot!(hrrules()
        .args(["eval", "rules/sales_2023h2.toml", "--period", "2023-09"])
        .args(SEPTEMBER)
        .args(["--format", "csv"]));
}

#[test]
fn eval_json() {
    assert_cmd_snapshot!(hrrules()
        .args(["eval", "rules/sales_2023h2.toml", "--period", "2023-09"])
        .args(SEPTEMBER)
        .args(["--format", "json"]));
}

#[test]
fn eval_default_period_is_the_effective_month() {
    // No --period: July 2023, the month of `effective = 2023-07-01`.
    assert_cmd_snapshot!(hrrules()
        .args(["eval", "rules/sales_2023h2.toml", "--format", "csv"])
        .args(SEPTEMBER));
}

#[test]
fn eval_2022_policy() {
    assert_cmd_snapshot!(hrrules().args([
        "eval",
        "rules/sales_2022.toml",
        "--period",
        "2022-12",
        "--data",
        "examples/data/sales_2022-12.csv"
    ]));
}

const BAD_DATA: [&str; 6] = [
    "--data",
    "examples/data/bad_rows.csv",
    "--data",
    "examples/data/bad_crm.json",
    "--data",
    "examples/data/hr_2023-09.csv",
];

#[test]
fn eval_bad_rows_table() {
    assert_cmd_snapshot!(hrrules()
        .args(["eval", "rules/sales_2023h2.toml", "--period", "2023-09"])
        .args(BAD_DATA));
}

#[test]
fn eval_bad_rows_csv() {
    assert_cmd_snapshot!(hrrules()
        .args(["eval", "rules/sales_2023h2.toml", "--period", "2023-09"])
        .args(BAD_DATA)
        .args(["--format", "csv"]));
}

#[test]
fn eval_bad_rows_json() {
    assert_cmd_snapshot!(hrrules()
        .args(["eval", "rules/sales_2023h2.toml", "--period", "2023-09"])
        .args(BAD_DATA)
        .args(["--format", "json"]));
}

#[test]
fn eval_missing_data_columns() {
    // Only the ERP file: satisfaction, compliance and teamwork have no column at all.
    assert_cmd_snapshot!(hrrules().args([
        "eval",
        "rules/sales_2023h2.toml",
        "--period",
        "2023-09",
        "--data",
        "examples/data/sales_2023-09.csv"
    ]));
}

#[test]
fn eval_misnamed_data_columns() {
    // `Base_Salary` and `night_shift` in the export: the warning points at the near miss.
    assert_cmd_snapshot!(hrrules().args([
        "eval",
        "tests/fixtures/cli/production.toml",
        "--period",
        "2024-03",
        "--data",
        "tests/fixtures/cli/production_misnamed_columns.csv"
    ]));
}

#[test]
fn eval_malformed_period() {
    assert_cmd_snapshot!(hrrules()
        .args(["eval", "rules/sales_2023h2.toml", "--period", "2023-13"])
        .args(SEPTEMBER));
}

#[test]
fn eval_period_with_day() {
    assert_cmd_snapshot!(hrrules()
        .args(["eval", "rules/sales_2023h2.toml", "--period", "2023-09-01"])
        .args(SEPTEMBER));
}

#[test]
fn eval_period_before_dated_param() {
    assert_cmd_snapshot!(hrrules()
        .args(["eval", "rules/sales_2023h2.toml", "--period", "2021-06"])
        .args(SEPTEMBER));
}

#[test]
fn eval_broken_rules() {
    assert_cmd_snapshot!(hrrules()
        .args(["eval", "tests/fixtures/cli/broken_policy.toml"])
        .args(SEPTEMBER));
}

#[test]
fn eval_unknown_format() {
    assert_cmd_snapshot!(hrrules()
        .args(["eval", "rules/sales_2023h2.toml", "--format", "xlsx"])
        .args(SEPTEMBER));
}

#[test]
fn eval_without_data() {
    assert_cmd_snapshot!(hrrules().args(["eval", "rules/sales_2023h2.toml"]));
}

#[test]
fn eval_key_column_missing() {
    assert_cmd_snapshot!(hrrules()
        .args(["eval", "rules/sales_2023h2.toml", "--key", "工号"])
        .args(SEPTEMBER));
}

#[test]
fn eval_data_file_missing() {
    assert_cmd_snapshot!(hrrules().args([
        "eval",
        "rules/sales_2023h2.toml",
        "--data",
        "examples/data/sales_2023-10.csv"
    ]));
}

#[test]
fn eval_data_file_of_unknown_format() {
    assert_cmd_snapshot!(hrrules().args([
        "eval",
        "rules/sales_2023h2.toml",
        "--data",
        "examples/data/README.md"
    ]));
}

#[test]
fn eval_chinese_keys_and_cells_table() {
    // Keys and grades in Chinese (one name with a CJK Extension B character), a shift name
    // with a line break inside its quoted cell, one bad row: the columns stay aligned.
    assert_cmd_snapshot!(hrrules().args([
        "eval",
        "tests/fixtures/cli/production.toml",
        "--period",
        "2024-03",
        "--data",
        "tests/fixtures/cli/production.csv",
        "--key",
        "姓名"
    ]));
}

#[test]
fn eval_chinese_keys_and_cells_csv() {
    assert_cmd_snapshot!(hrrules().args([
        "eval",
        "tests/fixtures/cli/production.toml",
        "--period",
        "2024-03",
        "--data",
        "tests/fixtures/cli/production.csv",
        "--format",
        "csv"
    ]));
}

#[test]
fn eval_chinese_keys_and_cells_json() {
    assert_cmd_snapshot!(hrrules().args([
        "eval",
        "tests/fixtures/cli/production.toml",
        "--period",
        "2024-03",
        "--data",
        "tests/fixtures/cli/production.csv",
        "--key",
        "姓名",
        "--format",
        "json"
    ]));
}

#[test]
fn eval_no_employees() {
    for format in ["table", "csv", "json"] {
        insta::with_settings!({ snapshot_suffix => format }, {
            assert_cmd_snapshot!(hrrules().args([
                "eval",
                "tests/fixtures/cli/production.toml",
                "--data",
                "tests/fixtures/cli/no_employees.csv",
                "--format",
                format
            ]));
        });
    }
}

#[test]
fn eval_param_failing_for_the_period() {
    assert_cmd_snapshot!(hrrules().args([
        "eval",
        "tests/fixtures/cli/param_division_by_zero.toml",
        "--data",
        "tests/fixtures/cli/production.csv"
    ]));
}

// ---------------------------------------------------------------------------------------
// test

#[test]
fn run_tests_shipped_policies() {
    assert_cmd_snapshot!(hrrules().args([
        "test",
        "rules/sales_2022.toml",
        "rules/sales_2023h2.toml"
    ]));
}

#[test]
fn run_tests_failing_expectation() {
    assert_cmd_snapshot!(hrrules().args(["test", "tests/fixtures/cli/failing_test.toml"]));
}

#[test]
fn run_tests_good_and_broken() {
    assert_cmd_snapshot!(hrrules().args([
        "test",
        "tests/fixtures/cli/failing_test.toml",
        "tests/fixtures/cli/broken_policy.toml",
        "rules/sales_2022.toml"
    ]));
}

#[test]
fn run_tests_escape_control_characters_in_names() {
    assert_cmd_snapshot!(hrrules().args(["test", "tests/fixtures/cli/escape_sequences.toml"]));
}

#[test]
fn run_tests_broken_policy() {
    assert_cmd_snapshot!(hrrules().args(["test", "tests/fixtures/cli/broken_policy.toml"]));
}

// ---------------------------------------------------------------------------------------
// a reader that closes the pipe early (`| head`)

/// Runs `cmd` with its standard output a pipe whose reader is closed without reading: every
/// command writes more than a pipe holds (64 KiB), so a write fails with "broken pipe" whichever
/// happens first. Returns the exit status and standard error.
fn with_stdout_closed(mut cmd: Command) -> (Option<i32>, String) {
    use std::process::Stdio;
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn closed_pipe_keeps_the_exit_status_of_each_command() {
    // docs/rules.md, "Exit status": a closed pipe is not an error; the status is what the run
    // would have given, and nothing is said about the pipe.
    let dir = scratch("closed_pipe");
    let name = "恒康".repeat(2_000);
    let rules = write(
        &dir,
        "long_name.toml",
        format!("[policy]\nname = \"{name}\"\n").as_bytes(),
    );
    let mut check = hrrules();
    check.arg("check");
    for _ in 0..20 {
        check.arg(&rules);
    }
    assert_eq!(with_stdout_closed(check), (Some(0), String::new()));

    let mut tests =
        String::from("[policy]\nname = \"t\"\n[inputs]\nx = \"number\"\n[values]\ny = \"x + 1\"\n");
    for i in 0..1_000 {
        let want = if i == 999 { 0 } else { i + 1 };
        tests.push_str(&format!(
            "[[tests]]\nname = \"{i} {}\"\ninputs = {{ x = \"{i}\" }}\nexpect = {{ y = \"{want}\" }}\n",
            "x".repeat(200)
        ));
    }
    let tests = write(&dir, "many_tests.toml", tests.as_bytes());
    let mut test = hrrules();
    test.arg("test").arg(&tests);
    // the last test fails: status 1, closed pipe or not
    assert_eq!(with_stdout_closed(test), (Some(1), String::new()));

    let mut csv =
        String::from("employee_id,base_salary,night_shifts,first_pass_yield,attendance,shift\n");
    for i in 0..3_000 {
        let nights = if i == 7 { "x" } else { "3" };
        csv.push_str(&format!("P{i:04},6800.00,{nights},99%,100%,甲班\n"));
    }
    let data = write(&dir, "production.csv", csv.as_bytes());
    let mut eval = hrrules();
    eval.args([
        "eval",
        "tests/fixtures/cli/production.toml",
        "--period",
        "2024-03",
        "--data",
    ])
    .arg(&data);
    // one bad row: status 2, closed pipe or not
    let (code, stderr) = with_stdout_closed(eval);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(!stderr.contains("error"), "{stderr}");
}

#[cfg(target_os = "linux")]
#[test]
fn output_that_cannot_be_written_is_status_1() {
    // A full disk is not a closed pipe: the output is lost, so the run fails, for each command.
    for args in [
        &["check", "rules/sales_2022.toml"][..],
        &["test", "rules/sales_2022.toml"],
        &[
            "eval",
            "rules/sales_2022.toml",
            "--data",
            "examples/data/sales_2022-12.csv",
        ],
    ] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let output = hrrules().args(args).stdout(full).output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(
            stderr.contains("error: writing the output: No space left on device"),
            "{stderr}"
        );
    }
}

// ---------------------------------------------------------------------------------------
// usage

#[test]
fn help() {
    assert_cmd_snapshot!(hrrules().arg("--help"));
}

#[test]
fn help_check() {
    assert_cmd_snapshot!(hrrules().args(["check", "--help"]));
}

#[test]
fn help_eval() {
    assert_cmd_snapshot!(hrrules().args(["eval", "--help"]));
}

#[test]
fn help_test() {
    assert_cmd_snapshot!(hrrules().args(["test", "--help"]));
}

#[test]
fn no_subcommand() {
    assert_cmd_snapshot!(hrrules());
}

#[test]
fn unknown_subcommand() {
    assert_cmd_snapshot!(hrrules().args(["explian", "rules/sales_2023h2.toml"]));
}

// ---------------------------------------------------------------------------------------
// data files: standard input, streams refused, rows never merged or dropped silently

/// The September CRM and HR files, joined to a sales file read from standard input.
const CRM_AND_HR: [&str; 4] = [
    "--data",
    "examples/data/crm_2023-09.json",
    "--data",
    "examples/data/hr_2023-09.csv",
];

fn september_sales() -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data/sales_2023-09.csv"))
        .unwrap()
}

#[test]
fn eval_data_from_standard_input_csv() {
    assert_cmd_snapshot!(hrrules()
        .args([
            "eval",
            "rules/sales_2023h2.toml",
            "--period",
            "2023-09",
            "--format",
            "csv"
        ])
        .args(["--data", "-"])
        .args(CRM_AND_HR)
        .pass_stdin(september_sales()));
}

#[test]
fn eval_data_from_standard_input_json() {
    // E009's satisfaction twice (the last one used to win silently); E012's as the CRM
    // wrote it, `1e+400`, is quoted as written.
    let crm = r#"[
  {"employee_id": "E004", "satisfaction": 9.40},
  {"employee_id": "E009", "satisfaction": 8.8, "satisfaction": 9.9},
  {"employee_id": "E012", "satisfaction": 1e+400}
]"#;
    let sales = "employee_id,name,region,base_salary,sales_target,sales_amount\n\
                 E004,王芳,华东,15000.00,500000.00,615230.00\n\
                 E009,李强,华东,12000.00,400000.00,400000.00\n\
                 E012,张伟,华北,11000.00,400000.00,452180.50\n";
    let dir = scratch("eval_data_from_standard_input_json");
    let sales = write(&dir, "sales.csv", sales.as_bytes());
    let hr = "employee_id,compliance,teamwork\nE004,96%,88\nE009,92%,85\nE012,90%,78\n";
    let hr = write(&dir, "hr.csv", hr.as_bytes());
    hiding_scratch(&dir, || {
        assert_cmd_snapshot!(hrrules()
            .args([
                "eval",
                "rules/sales_2023h2.toml",
                "--period",
                "2023-09",
                "--format",
                "csv"
            ])
            .arg("--data")
            .arg(&sales)
            .args(["--data", "-", "--data"])
            .arg(&hr)
            .pass_stdin(crm));
    });
}

#[test]
fn eval_data_standard_input_twice() {
    assert_cmd_snapshot!(hrrules().args([
        "eval",
        "rules/sales_2023h2.toml",
        "--data",
        "-",
        "--data",
        "-"
    ]));
}

/// The audit's reproduction: a quote never closed used to swallow E2 and E3 (exit 0).
#[test]
fn eval_unclosed_quote_stops_the_file() {
    let dir = scratch("eval_unclosed_quote_stops_the_file");
    let csv = write(
        &dir,
        "sales.csv",
        b"employee_id,sales_amount,note\nE1,1000,\"oops\nE2,2000,x\nE3,3000,y\n",
    );
    hiding_scratch(&dir, || {
        assert_cmd_snapshot!(hrrules()
            .args([
                "eval",
                "rules/sales_2023h2.toml",
                "--period",
                "2023-09",
                "--data"
            ])
            .arg(&csv));
    });
}

/// A cell that is not UTF-8 in a column no input uses (`name`, GBK from an old Excel) does
/// not fail the employee; the same in `sales_amount` does.
#[test]
fn eval_bad_cell_only_fails_a_used_column() {
    let mut sales = b"employee_id,name,region,base_salary,sales_target,sales_amount\n".to_vec();
    sales.extend_from_slice(
        b"E004,\xcd\xf5\xb7\xbc,\xbb\xaa\xb6\xab,15000.00,500000.00,615230.00\n",
    );
    sales.extend_from_slice(b"E009,\xc0\xee,\xbb\xaa\xb6\xab,12000.00,400000.00,4000\xa3\xb0\n");
    assert_cmd_snapshot!(hrrules()
        .args([
            "eval",
            "rules/sales_2023h2.toml",
            "--period",
            "2023-09",
            "--format",
            "csv"
        ])
        .args(["--data", "-", "--encoding", "utf-8"])
        .args(CRM_AND_HR)
        .pass_stdin(sales));
}

/// A FIFO and a symlink to `/dev/zero` are refused at once, never read (no hang, no memory
/// growth); standard input is the way to read a stream.
#[cfg(unix)]
#[test]
fn eval_data_fifo_and_device_are_refused() {
    let dir = scratch("eval_data_fifo_and_device_are_refused");
    let abs = Path::new(env!("CARGO_MANIFEST_DIR")).join(&dir);
    let fifo = abs.join("sales.csv");
    let zero = abs.join("crm.json");
    let _ = std::fs::remove_file(&fifo);
    let _ = std::fs::remove_file(&zero);
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
    hiding_scratch(&dir, || {
        assert_cmd_snapshot!(
            "eval_data_fifo_refused",
            hrrules()
                .args(["eval", "rules/sales_2023h2.toml", "--data"])
                .arg(dir.join("sales.csv"))
        );
        assert_cmd_snapshot!(
            "eval_data_dev_zero_refused",
            hrrules()
                .args([
                    "eval",
                    "rules/sales_2023h2.toml",
                    "--data",
                    "examples/data/sales_2023-09.csv",
                    "--data"
                ])
                .arg(dir.join("crm.json"))
        );
    });
}

// ---------------------------------------------------------------------------------------
// where rule files may be read from

/// A department's policy that includes the company's shared payroll pack from a sibling
/// folder: refused until `--include-root` names that folder, then checked.
#[test]
fn include_root_allows_a_shared_pack() {
    let dir = scratch("include_root");
    std::fs::create_dir_all(Path::new(env!("CARGO_MANIFEST_DIR")).join(dir.join("packs"))).unwrap();
    std::fs::create_dir_all(Path::new(env!("CARGO_MANIFEST_DIR")).join(dir.join("sales"))).unwrap();
    write(
        &dir,
        "packs/social_cn.toml",
        b"[params]\nsocial_rate = { value = \"10.5%\", reference = \"Shanghai 2023: pension 8%, medical 2%, unemployment 0.5%\" }\n",
    );
    let rules = write(
        &dir,
        "sales/sales.toml",
        b"[policy]\nname = \"Hengkang sales\"\neffective = 2023-07-01\ninclude = [\"../packs/social_cn.toml\"]\n\n[inputs]\nbase_salary = \"money\"\n\n[values]\nsocial_insurance = \"base_salary * social_rate\"\n",
    );
    hiding_scratch(&dir, || {
        assert_cmd_snapshot!("include_root_refused", hrrules().arg("check").arg(&rules));
        assert_cmd_snapshot!(
            "include_root_allowed",
            hrrules()
                .arg("check")
                .arg("--include-root")
                .arg(dir.join("packs"))
                .arg(&rules)
        );
    });
}

/// A device or a FIFO named as the rule file is refused at once, never read (a FIFO would
/// block, `/dev/zero` would never end).
#[cfg(unix)]
#[test]
fn check_refuses_devices_and_fifos() {
    let dir = scratch("check_special");
    let fifo = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir.join("rules.toml"));
    let _ = std::fs::remove_file(&fifo);
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo");
    hiding_scratch(&dir, || {
        assert_cmd_snapshot!(hrrules()
            .arg("check")
            .arg("/dev/zero")
            .arg(dir.join("rules.toml")));
    });
}
