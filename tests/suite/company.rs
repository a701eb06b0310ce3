//! The whole company month after month (issue 9, item 4): `examples/company/run.sh` through
//! the CLI. Each department's months run in order, January to June from the Excel payroll
//! (`rules/company/opening.toml`), July to September from the HR exports and the attendance
//! records, each month reading only the months written before it; every month's JSON lines
//! must be exactly the committed `examples/company/history/<dept>/2023-MM.jsonl`. September's
//! table of each department is a snapshot, and P007's September tax is checked against her
//! earlier months (the cumulative withholding identity).

use crate::cli_support::{hrrules, scratch};
use insta_cmd::assert_cmd_snapshot;
use rust_decimal::Decimal;
use std::path::Path;
use std::process::Command;

const A: &str = "examples/attendance";
const C: &str = "examples/company";

/// The data of one department's month, as `examples/company/run.sh` gives it.
fn month_args(dept: &str, month: u32) -> (String, Vec<String>) {
    let m = format!("2023-{month:02}");
    let args: Vec<String> = match (dept, month) {
        (_, 1..=6) => vec!["--data".into(), format!("{C}/opening/{dept}_{m}.csv")],
        ("production", _) => {
            let mut a = vec![
                "--data".into(),
                format!("{A}/hr_production_{m}.csv"),
                "--data".into(),
                format!("{C}/payroll_production_{m}.csv"),
                "--records".into(),
                format!("{A}/punches_production_{m}.csv"),
                "--records".into(),
                format!("{A}/leave_production_{m}.csv"),
            ];
            if month == 9 {
                a.push("--records".into());
                a.push(format!("{C}/punches_production_2023-09-29.csv"));
            }
            a
        }
        ("rnd", _) => vec![
            "--data".into(),
            format!("{A}/hr_rnd_{m}.csv"),
            "--data".into(),
            format!("{C}/payroll_rnd_{m}.csv"),
            "--records".into(),
            format!("{A}/timesheets_rnd_{m}.csv"),
            "--records".into(),
            format!("{A}/leave_rnd_{m}.csv"),
        ],
        ("sales", 9) => [
            "examples/data/sales_2023-09.csv",
            "examples/data/crm_2023-09.json",
            "examples/data/hr_2023-09.csv",
            "examples/company/payroll_sales_2023-09.csv",
        ]
        .iter()
        .flat_map(|f| ["--data".to_string(), f.to_string()])
        .collect(),
        ("sales", _) => [
            format!("{C}/erp_sales_{m}.csv"),
            format!("{C}/crm_sales_{m}.json"),
            format!("{C}/quality_sales_{m}.csv"),
            format!("{C}/payroll_sales_{m}.csv"),
        ]
        .into_iter()
        .flat_map(|f| ["--data".to_string(), f])
        .collect(),
        _ => vec!["--data".into(), format!("{C}/hr_office_{m}.csv")],
    };
    let policy = if month <= 6 { "opening" } else { dept };
    (format!("rules/company/{policy}.toml"), args)
}

/// `hrrules eval --include-root rules POLICY --period 2023-MM DATA... [--history DIR]`.
fn eval(dept: &str, month: u32, history: Option<&Path>) -> Command {
    let (policy, args) = month_args(dept, month);
    let mut cmd = hrrules();
    cmd.args(["eval", "--include-root", "rules", &policy])
        .args(["--period", &format!("2023-{month:02}")])
        .args(&args);
    if let Some(h) = history {
        cmd.arg("--history").arg(h);
    }
    cmd
}

fn committed(dept: &str, month: u32) -> String {
    std::fs::read_to_string(format!("{C}/history/{dept}/2023-{month:02}.jsonl"))
        .unwrap_or_else(|e| panic!("{dept} 2023-{month:02}: {e}"))
}

/// January to September in order, each month's `--history` the folder of the months written
/// before it (none for January): each month's lines are the committed ones.
fn run_the_year(dept: &str) {
    let dir = scratch(&format!("company_{dept}"));
    for entry in std::fs::read_dir(&dir).unwrap() {
        std::fs::remove_file(entry.unwrap().path()).unwrap();
    }
    for month in 1..=9 {
        let history = (month > 1).then_some(dir.as_path());
        let out = eval(dept, month, history)
            .args(["--format", "jsonl"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{dept} 2023-{month:02}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let lines = String::from_utf8(out.stdout).unwrap();
        assert_eq!(
            lines,
            committed(dept, month),
            "{dept} 2023-{month:02} differs from the committed history: run examples/company/run.sh"
        );
        std::fs::write(dir.join(format!("2023-{month:02}.jsonl")), lines).unwrap();
    }
}

#[test]
fn production_month_after_month() {
    run_the_year("production");
}

#[test]
fn rnd_month_after_month() {
    run_the_year("rnd");
}

#[test]
fn sales_month_after_month() {
    run_the_year("sales");
}

#[test]
fn office_month_after_month() {
    run_the_year("office");
}

/// September's table of production, January to August read from the committed history.
#[test]
fn production_september_table() {
    let h = Path::new(C).join("history/production");
    assert_cmd_snapshot!(eval("production", 9, Some(&h)));
}

/// September's table of R&D.
#[test]
fn rnd_september_table() {
    let h = Path::new(C).join("history/rnd");
    assert_cmd_snapshot!(eval("rnd", 9, Some(&h)));
}

/// September's table of sales: the KPI and commission of examples/data, E004 and E027 above
/// the ceiling, and from this month the team: the forced grades (2 A, 9 B, 1 C), the bonus
/// times each grade's multiplier, the 50,000.00 pool split by KPI, and the footer that
/// reconciles the pool.
#[test]
fn sales_september_table() {
    let h = Path::new(C).join("history/sales");
    assert_cmd_snapshot!(eval("sales", 9, Some(&h)));
}

/// September's table of the office: O006 leaves (unused leave, the compensation on top),
/// O009 hired in August, O001 above the ceiling.
#[test]
fn office_september_table() {
    let h = Path::new(C).join("history/office");
    assert_cmd_snapshot!(eval("office", 9, Some(&h)));
}

/// `"name":"value"` of a history line.
fn value(line: &str, name: &str) -> Decimal {
    let json: serde_json::Value = serde_json::from_str(line).unwrap();
    let text = json["values"][name]
        .as_str()
        .unwrap_or_else(|| panic!("{name}"));
    text.parse().unwrap()
}

fn line_of(dept: &str, month: u32, id: &str) -> String {
    committed(dept, month)
        .lines()
        .find(|l| l.contains(&format!("\"employee_id\":\"{id}\"")))
        .unwrap_or_else(|| panic!("{id} in 2023-{month:02}"))
        .to_string()
}

/// P007 王秀英, who works the Mid-Autumn holiday: September's tax is the year's cumulative
/// tax less what January to August withheld, her cumulative income is the sum of the months'
/// wages, her deductions count nine months of 5,000, and the holiday is paid at 300%.
#[test]
fn p007_september_tax_follows_from_july_and_august() {
    let months: Vec<String> = (1..=9).map(|m| line_of("production", m, "P007")).collect();
    let sum = |name: &str, upto: usize| -> Decimal {
        months[..upto].iter().map(|l| value(l, name)).sum()
    };
    let sept = &months[8];
    let (july, august) = (&months[6], &months[7]);
    // July and August themselves: each month's tax is its cumulative tax less the months before.
    assert_eq!(
        value(july, "wage_tax"),
        value(july, "cumulative_tax") - sum("wage_tax", 6)
    );
    assert_eq!(
        value(august, "wage_tax"),
        value(august, "cumulative_tax") - sum("wage_tax", 7)
    );
    assert_eq!(value(august, "cumulative_tax"), sum("wage_tax", 8));
    // September: income and deductions of the year, and the tax withheld before.
    assert_eq!(
        value(sept, "cumulative_income"),
        sum("comprehensive_wage", 9)
    );
    assert_eq!(
        value(sept, "cumulative_deductions"),
        Decimal::from(9 * 5000) + sum("special_deductions", 9) + sum("additional_deductions", 9)
    );
    assert_eq!(value(sept, "ytd_months_before"), Decimal::from(8));
    assert_eq!(
        value(sept, "wage_tax"),
        value(sept, "cumulative_tax") - value(august, "cumulative_tax")
    );
    assert_eq!(value(sept, "wage_tax"), "42.78".parse().unwrap());
    assert_eq!(sum("wage_tax", 9), value(sept, "cumulative_tax"));
    // The Mid-Autumn holiday: 7.5 hours at 300% of the hourly rate.
    assert_eq!(
        value(sept, "attendance.ot_holiday_hours"),
        "7.5".parse().unwrap()
    );
    assert_eq!(value(sept, "ot_holiday_rate"), Decimal::from(3));
    assert_eq!(value(sept, "ot_holiday_pay"), "749.93".parse().unwrap());
}

/// README.md's "The whole company, month after month" shows September's production table as
/// `examples/company/run.sh` prints it.
#[test]
fn readme_shows_the_september_production_table() {
    let h = Path::new(C).join("history/production");
    let out = eval("production", 9, Some(&h)).output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let section = &readme[readme
        .find("## The whole company, month after month")
        .expect("README has the company section")..];
    assert!(
        section.contains(&stdout),
        "README.md's September production table is stale; it is now:\n{stdout}"
    );
}

/// `hrrules payslip` for production, September 2023, with the committed history.
fn september_payslip() -> Command {
    let (policy, args) = month_args("production", 9);
    let mut cmd = hrrules();
    cmd.args(["payslip", "--include-root", "rules", &policy])
        .args(["--period", "2023-09"])
        .args(&args)
        .args(["--history", &format!("{C}/history/production")]);
    cmd
}

/// P007's September payslip: the Mid-Autumn holiday at 300%, her tax of the year consistent
/// with July's and August's lines (the year to date: this month plus the months before), and
/// the README shows it as printed.
#[test]
fn p007_september_payslip() {
    let out = september_payslip()
        .args(["--employee", "P007"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let slip = String::from_utf8(out.stdout).unwrap();
    for line in [
        "法定节假日加班 300% Holiday overtime, 300%      749.93",
        "个人所得税 Individual income tax                 42.78",
        "实发工资 Net pay                                 6383.03",
        "累计个人所得税 Income tax                       348.00",
    ] {
        assert!(slip.contains(line), "{line}\n{slip}");
    }
    // The year to date is the months of the history plus September.
    let tax_before: Decimal = (7..=8)
        .map(|m| value(&line_of("production", m, "P007"), "income_tax"))
        .sum::<Decimal>()
        + (1..=6)
            .map(|m| value(&line_of("production", m, "P007"), "income_tax"))
            .sum::<Decimal>();
    assert_eq!(tax_before + Decimal::new(4278, 2), Decimal::new(34800, 2));
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    assert!(
        readme.contains(&slip),
        "README.md's payslip is stale; it is now:\n{slip}"
    );
    insta::assert_snapshot!(slip);
}

/// The bank transfer file of September: one row per worker, net pay to the account.
#[test]
fn production_september_bank_file() {
    let dir = std::env::temp_dir().join(format!("hrrules-bank-{}", std::process::id()));
    let out = september_payslip()
        .args(["--format", "csv", "--all"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bank = std::fs::read_to_string(dir.join("bank_2023-09.csv")).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(bank.lines().count(), 15, "{bank}");
    insta::assert_snapshot!(bank);
}

/// README.md from the section titled `title` to its end.
fn readme_section(title: &str) -> String {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let at = readme
        .find(title)
        .unwrap_or_else(|| panic!("README has the section {title}"));
    readme[at..].to_string()
}

/// September's sales team (issue 10, item 4): the 50,000.00 pool split by KPI adds up to the
/// pool to the fen in the committed history, the forced distribution gives 2 A, 9 B and 1 C,
/// each grade's multiplier is the table's, and the README shows the split as printed.
#[test]
fn sales_september_pool_and_grades() {
    let lines = committed("sales", 9);
    let total: Decimal = lines.lines().map(|l| value(l, "team_share")).sum();
    assert_eq!(total, Decimal::new(5_000_000, 2));
    let grade = |l: &str| -> String {
        let json: serde_json::Value = serde_json::from_str(l).unwrap();
        json["values"]["team_grade"].as_str().unwrap().to_string()
    };
    let grades: Vec<String> = lines.lines().map(grade).collect();
    for (g, n, multiplier) in [("A", 2, "1.2"), ("B", 9, "1.0"), ("C", 1, "0.8")] {
        assert_eq!(grades.iter().filter(|x| *x == g).count(), n, "{g}");
        for l in lines.lines().filter(|l| grade(l) == g) {
            assert_eq!(
                value(l, "grade_multiplier.multiplier"),
                multiplier.parse().unwrap()
            );
        }
    }
    // July and August: no pool, no forced grade.
    for month in [7, 8] {
        for l in committed("sales", month).lines() {
            assert_eq!(value(l, "team_share"), Decimal::ZERO);
            assert_eq!(grade(l), "none");
        }
    }
    let h = Path::new(C).join("history/sales");
    let out = eval("sales", 9, Some(&h))
        .args([
            "--show",
            "name,kpi,team_grade,grade_multiplier.multiplier,performance_bonus,team_share",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("split 50000.00 of pool 50000.00"),
        "{stdout}"
    );
    assert!(
        readme_section("## The sales team").contains(&stdout),
        "README.md's September sales pool is stale; it is now:\n{stdout}"
    );
}

/// September's expense claims routed by `rules/common/expense_approval.toml`, as the README
/// shows them.
#[test]
fn readme_shows_the_claims_routing() {
    let out = hrrules()
        .args([
            "eval",
            "rules/common/expense_approval.toml",
            "--period",
            "2023-09",
        ])
        .args([
            "--data",
            "examples/company/claims_2023-09.csv",
            "--key",
            "claim_id",
        ])
        .args([
            "--show",
            "department,claim_type,claim_amount,approval_route.approvers,approval_route.levels",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("8 computed, 0 failed"), "{stdout}");
    assert!(
        readme_section("## The sales team").contains(&stdout),
        "README.md's claims routing is stale; it is now:\n{stdout}"
    );
}
