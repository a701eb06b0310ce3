//! `hrrules payslip` (issue 9 item 3): payslips laid out by a policy's `[payslip]` table, on
//! the Shanghai office of tests/fixtures/payslip/ (the payroll pack and the Shanghai figures,
//! included with `--include-root rules`), September 2023, with July and August as history.
//! Also the loader's and checker's verdicts on the `[payslip]` tables of that folder.

use crate::cli_support::{hiding_scratch, hrrules, scratch};
use insta_cmd::assert_cmd_snapshot;
use std::path::Path;
use std::process::Command;

const DIR: &str = "tests/fixtures/payslip";

/// `hrrules payslip hengkang_shanghai.toml --period 2023-09 --data ... --history ...`.
fn september() -> Command {
    let mut cmd = hrrules();
    cmd.args(["--include-root", "rules", "payslip"])
        .arg(format!("{DIR}/hengkang_shanghai.toml"))
        .args(["--period", "2023-09"])
        .args(["--data", &format!("{DIR}/data/staff_2023-09.csv")])
        .args(["--history", &format!("{DIR}/history")]);
    cmd
}

/// Chinese and English labels; figures as stored; the net line between what is paid and
/// what is for information; year to date through July and August's history.
#[test]
fn text_both_languages() {
    assert_cmd_snapshot!(september().args(["--employee", "E004"]));
}

/// Over the social insurance ceiling (48,000 declared, 36,549 used).
#[test]
fn text_chinese() {
    assert_cmd_snapshot!(september().args(["--employee", "E027", "--lang", "zh"]));
}

#[test]
fn text_english() {
    assert_cmd_snapshot!(september().args(["--employee", "E012", "--lang", "en"]));
}

/// A printable page: inline CSS, no external assets, every text escaped.
#[test]
fn html_page() {
    let out = september()
        .args(["--employee", "E004", "--format", "html"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let page = String::from_utf8(out.stdout).unwrap();
    for external in ["src=", "href=", "<script", "@import", "url("] {
        assert!(!page.contains(external), "{external} in the page");
    }
    insta::assert_snapshot!(page);
}

/// The bank file of every employee; E031's error goes to stderr, and the status is 2.
#[test]
fn bank_file_csv() {
    assert_cmd_snapshot!(september().args(["--format", "csv"]));
}

/// One text file per employee; each is what `--employee` prints. E031 has none (status 2).
#[test]
fn all_into_a_folder() {
    let dir = scratch("payslip_all");
    let abs = Path::new(env!("CARGO_MANIFEST_DIR")).join(&dir);
    for entry in std::fs::read_dir(&abs).unwrap() {
        std::fs::remove_file(entry.unwrap().path()).unwrap();
    }
    hiding_scratch(&dir, || {
        assert_cmd_snapshot!(september().arg("--all").arg(&dir));
    });
    let mut files: Vec<String> = std::fs::read_dir(&abs)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(files, ["E004.txt", "E012.txt", "E027.txt"]);
    let one = september().args(["--employee", "E012"]).output().unwrap();
    assert_eq!(std::fs::read(abs.join("E012.txt")).unwrap(), one.stdout);
}

/// The bank file into the folder too: DIR/bank_2023-09.csv.
#[test]
fn all_csv_into_a_folder() {
    let dir = scratch("payslip_bank");
    let abs = Path::new(env!("CARGO_MANIFEST_DIR")).join(&dir);
    let out = september()
        .args(["--format", "csv", "--all"])
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let bank = std::fs::read_to_string(abs.join("bank_2023-09.csv")).unwrap();
    let stdout = september().args(["--format", "csv"]).output().unwrap();
    assert_eq!(bank, String::from_utf8(stdout.stdout).unwrap());
}

/// An id the data lacks: the nearest one, status 1, nothing on stdout.
#[test]
fn unknown_employee() {
    assert_cmd_snapshot!(september().args(["--employee", "E04"]));
}

/// An employee whose figures cannot be computed: the error, status 2, no payslip.
#[test]
fn error_employee() {
    assert_cmd_snapshot!(september().args(["--employee", "E031"]));
}

/// A policy without a [payslip] table.
#[test]
fn policy_without_payslip() {
    let mut cmd = hrrules();
    cmd.args(["payslip", "rules/sales_2023h2.toml", "--period", "2023-09"])
        .args([
            "--data",
            "examples/data/sales_2023-09.csv",
            "--employee",
            "E004",
        ]);
    assert_cmd_snapshot!(cmd);
}

/// Each rule file of the folder: the payslip's sections, or the errors (`err_*`).
#[test]
fn payslip_tables() {
    insta::glob!("../fixtures/payslip", "*.toml", |path| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let shown = path.strip_prefix(root).unwrap_or(path);
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let loaded = hrrules::LoadOptions::new()
            .allow_root(root.join("rules"))
            .load(shown);
        let out = match loaded {
            Ok(p) => {
                assert!(!name.starts_with("err_"), "{name} should fail to check");
                let slip = p.payslip().expect("a [payslip] table");
                let names = |lines: &[hrrules::policy::PayslipLine]| {
                    let n: Vec<&str> = lines.iter().map(|l| l.name.name.as_str()).collect();
                    n.join(", ")
                };
                format!(
                    "title: {} / {}\nearnings: {}\ndeductions: {}\nemployer: {}\nnet: {}\nytd: {}\nbank_account: {:?}\n",
                    slip.title.zh,
                    slip.title.en,
                    names(&slip.earnings),
                    names(&slip.deductions),
                    names(&slip.employer),
                    slip.net.name.name,
                    names(&slip.ytd),
                    slip.bank_account.as_ref().map(|n| &n.name),
                )
            }
            Err(e) => {
                assert!(name.starts_with("err_"), "{name}:\n{e}");
                e.to_string()
            }
        };
        insta::assert_snapshot!(out);
    });
}

/// A name and an account from the data that would be markup in HTML or a formula in a
/// spreadsheet: escaped in the page, neutralized in the bank file.
#[test]
fn hostile_cells_are_escaped() {
    let dir = scratch("payslip_hostile");
    let header = "employee_id,name,base_salary,contribution_wage,housing_fund_rate,bank_account\n";
    let row = "E004,<b onclick='x'>张&伟</b>,18000,19500,7%,\"=HYPERLINK(\"\"http://x\"\")\"\n";
    let data = crate::cli_support::write(&dir, "staff.csv", format!("{header}{row}").as_bytes());
    let run = |format: &str| {
        let mut cmd = hrrules();
        cmd.args(["--include-root", "rules", "payslip"])
            .arg(format!("{DIR}/hengkang_shanghai.toml"))
            .args([
                "--period",
                "2023-07",
                "--employee",
                "E004",
                "--format",
                format,
            ])
            .arg("--data")
            .arg(&data);
        let out = cmd.output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let page = run("html");
    assert!(
        page.contains("<dd>E004 &lt;b onclick=&#39;x&#39;&gt;张&amp;伟&lt;/b&gt;</dd>"),
        "{page}"
    );
    assert!(!page.contains("<b "), "{page}");
    let bank = run("csv");
    assert!(
        bank.contains("E004,<b onclick='x'>张&伟</b>,\"'=HYPERLINK(\"\"http://x\"\")\","),
        "{bank}"
    );
}
