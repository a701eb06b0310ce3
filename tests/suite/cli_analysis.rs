//! `hrrules analyze` on the example company (rules/analytics/sales_analysis.toml over
//! examples/analysis): the table, JSON and HTML reports, the command line's own settings
//! (`--compare`, `--correlate`, ...), its errors, and the HTML page rendered in headless
//! Chromium when it is on the machine.

use crate::cli_support::{hiding_scratch, hrrules, scratch};
use insta_cmd::assert_cmd_snapshot;
use std::path::Path;
use std::process::Command;

const RULES: &str = "rules/analytics/sales_analysis.toml";

/// `hrrules analyze` on the example company's CRM, sales and quality exports and leavers.
fn analyze() -> Command {
    let mut cmd = hrrules();
    cmd.args(["analyze", RULES]);
    for f in ["crm", "sales", "quality"] {
        cmd.args(["--data", &format!("examples/analysis/{f}.csv")]);
    }
    cmd.args(["--leavers", "examples/analysis/leavers.csv"]);
    cmd
}

#[test]
fn analyze_table() {
    assert_cmd_snapshot!(analyze());
}

#[test]
fn analyze_json() {
    assert_cmd_snapshot!(analyze().args(["--format", "json"]));
}

/// The command line replaces the correlated figures and adds a comparison of its own.
#[test]
fn analyze_command_line_settings() {
    assert_cmd_snapshot!(analyze().args([
        "--correlate",
        "compliance,complaint_rate",
        "--compare",
        "orders >= 45",
        "--against",
        "rest",
        "--measures",
        "repeat_rate,sales_amount",
        "--trends",
        "satisfaction",
        "--change",
        "2023-01",
    ]));
}

/// A misspelt figure on the command line: located in the `--correlate` text, the nearest
/// suggested.
#[test]
fn analyze_unknown_figure() {
    assert_cmd_snapshot!(analyze().args(["--correlate", "satisfaction,sales_atainment"]));
}

/// A `--compare` that is not a condition.
#[test]
fn analyze_compare_not_a_condition() {
    assert_cmd_snapshot!(analyze().args(["--compare", "satisfaction + 1"]));
}

#[test]
fn analyze_bad_change() {
    assert_cmd_snapshot!(analyze().args(["--change", "2023-13"]));
}

/// Data without the period column.
#[test]
fn analyze_data_without_months() {
    let mut cmd = hrrules();
    cmd.args([
        "analyze",
        RULES,
        "--data",
        "examples/data/sales_2023-09.csv",
    ]);
    assert_cmd_snapshot!(cmd);
}

/// The HTML page: one self-contained file (inline CSS and SVG; no script, nothing fetched),
/// with the three kinds of chart. Rendered in headless Chromium when it is on the machine:
/// the screenshot goes to the test's scratch folder, or to docs/analysis.png with
/// `HRRULES_SCREENSHOT=docs` (how docs/analysis.png is made).
#[test]
fn analyze_html_renders() {
    let dir = scratch("analyze_html");
    let page = dir.join("analysis.html");
    hiding_scratch(&dir, || {
        assert_cmd_snapshot!(analyze().args(["--format", "html", "--out"]).arg(&page));
    });
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let html = std::fs::read_to_string(root.join(&page)).unwrap();
    for banned in ["<script", "src=", "href=", "url(", "@import"] {
        assert!(!html.contains(banned), "the page has `{banned}`");
    }
    assert_eq!(
        html.matches("<svg").count(),
        1 + 2 + 5,
        "scatter, 2 bar charts, 4 trends + attrition"
    );
    assert!(html.contains("sales_attainment against satisfaction"));
    assert!(html.contains("change 2023-07"));
    let shot = match std::env::var("HRRULES_SCREENSHOT").as_deref() {
        Ok("docs") => root.join("docs/analysis.png"),
        _ => root.join(&dir).join("analysis.png"),
    };
    screenshot(&root.join(&page), &shot);
}

/// Renders `page` in headless Chromium into `png`; says so and returns when there is none.
fn screenshot(page: &Path, png: &Path) {
    let browser = ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|b| {
            Command::new(b)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        });
    let Some(browser) = browser else {
        eprintln!("note: no chromium on this machine; the HTML report was not rendered");
        return;
    };
    let _ = std::fs::remove_file(png);
    let status = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
        ])
        .args([
            "--no-first-run",
            "--hide-scrollbars",
            "--window-size=1300,2600",
        ])
        .arg(format!("--screenshot={}", png.display()))
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let bytes = std::fs::read(png).unwrap();
    assert!(bytes.starts_with(b"\x89PNG"), "not a PNG");
    assert!(bytes.len() > 50_000, "a blank page? {} bytes", bytes.len());
}

/// Any figure of any policy can be analysed: the shipped 2023 H2 sales policy over the example
/// team's September (one month, no period column), its `kpi`, `commission` and grade.
#[test]
fn analyze_computed_figures_of_the_sales_policy() {
    let mut cmd = hrrules();
    cmd.args(["analyze", "rules/sales_2023h2.toml", "--period", "2023-09"])
        .args(crate::cli_support::SEPTEMBER)
        .args(["--correlate", "kpi,commission,satisfaction"])
        .args([
            "--compare",
            "kpi.grade == \"A\"",
            "--measures",
            "commission,sales_amount",
        ]);
    assert_cmd_snapshot!(cmd);
}

/// The CRM export as the CRM writes it (Chinese headers, GBK) with a mapping file gives the
/// same analysis as the tidy UTF-8 file: `--mapping` and `--encoding` work as for `eval`.
#[test]
fn analyze_reads_the_crm_export_as_written() {
    let dir = scratch("analyze_crm_as_written");
    let text = std::fs::read_to_string("examples/analysis/crm.csv").unwrap();
    let (header, rows) = text.split_once('\n').unwrap();
    assert_eq!(
        header,
        "employee_id,month,satisfaction,complaints,orders,repeat_orders"
    );
    let chinese = format!("员工编号,统计月份,客户满意度,投诉次数,订单数,复购订单数\n{rows}");
    let mut encoder = encoding_rs::GBK.new_encoder();
    let mut gbk = vec![0u8; chinese.len() * 2 + 16];
    let (result, read, written, bad) = encoder.encode_from_utf8(&chinese, &mut gbk, true);
    assert!(matches!(result, encoding_rs::CoderResult::InputEmpty) && !bad);
    assert_eq!(read, chinese.len());
    gbk.truncate(written);
    std::fs::write(dir.join("crm_cn.csv"), &gbk).unwrap();
    std::fs::write(
        dir.join("mapping.toml"),
        "[columns]\n\"员工编号\" = \"employee_id\"\n\"统计月份\" = \"month\"\n\
         \"客户满意度\" = \"satisfaction\"\n\"投诉次数\" = \"complaints\"\n\
         \"订单数\" = \"orders\"\n\"复购订单数\" = \"repeat_orders\"\n",
    )
    .unwrap();
    let run = |crm: &str, extra: &[&str]| {
        let mut cmd = hrrules();
        cmd.args(["analyze", RULES, "--data", crm]);
        for f in ["sales", "quality"] {
            cmd.args(["--data", &format!("examples/analysis/{f}.csv")]);
        }
        cmd.args([
            "--leavers",
            "examples/analysis/leavers.csv",
            "--format",
            "json",
        ]);
        let out = cmd.args(extra).output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let tidy = run("examples/analysis/crm.csv", &[]);
    let crm = dir.join("crm_cn.csv");
    let mapping = dir.join("mapping.toml");
    let crm = crm.to_str().unwrap();
    let gbk = format!("{crm}=gbk");
    let as_written = run(
        crm,
        &["--mapping", mapping.to_str().unwrap(), "--encoding", &gbk],
    );
    assert_eq!(as_written, tidy);
    assert!(tidy.contains("\"correlations\""), "{tidy}");
}
