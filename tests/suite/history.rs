//! Earlier months (issue 9, item 1): every folder under tests/fixtures/history is one case,
//! its `case.toml` giving the period computed, what the policy reads (`needs`, written as in
//! a formula with the type after a colon: `"ytd_before(gross_pay): money"`), the employees to
//! look back for, and the history files (`history`, relative to the folder; by default the
//! folder itself, i.e. its `*.jsonl` files in name order). Each snapshot shows every
//! employee's lookback, one line each, or the employee's error, or the error of the whole
//! read. `err_*` cases have an error somewhere.

use hrrules::history::{History, HistoryError, LineRef, PastMonth, MAX_LINE_BYTES};
use hrrules::vocab::{Lookback, ValueType};
use hrrules::{Format, Period, Policy, Renderer};
use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The path relative to the package root, so snapshots do not depend on the checkout.
fn relative(path: &Path) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    period: String,
    needs: Vec<String>,
    employees: Vec<String>,
    #[serde(default)]
    history: Vec<String>,
    #[serde(default)]
    key: Option<String>,
}

/// `ytd_before(NAME): TYPE`, `prev(NAME): TYPE`, `prev(NAME, n): TYPE`, `ytd_months()`.
fn need(text: &str) -> (Lookback, ValueType) {
    let (call, ty) = text.split_once(':').unwrap_or((text, "integer"));
    let ty = ValueType::from_name(ty.trim()).unwrap_or_else(|| panic!("type in {text}"));
    let call = call.trim();
    let (f, args) = call.split_once('(').unwrap_or_else(|| panic!("{text}"));
    let args: Vec<&str> = args
        .trim_end_matches(')')
        .split(',')
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .collect();
    let need = match (f, args.as_slice()) {
        ("ytd_before", [name]) => Lookback::YtdBefore((*name).into()),
        ("prev", [name]) => Lookback::Prev((*name).into(), 1),
        ("prev", [name, n]) => Lookback::Prev((*name).into(), n.parse().unwrap()),
        ("ytd_months", []) => Lookback::MonthsBefore,
        _ => panic!("not a need: {text}"),
    };
    (need, ty)
}

/// Each employee's lookback, one line each.
fn lookbacks(history: &History, employees: &[String]) -> String {
    let mut out = format!("employees with months kept: {}\n", history.employees());
    for e in employees {
        match history.lookback(e) {
            Ok(values) => {
                let shown: Vec<String> = history
                    .needs()
                    .iter()
                    .zip(&values)
                    .map(|((need, _), v)| match v {
                        Some(v) => format!("{need} = {v}"),
                        None => format!("{need} = (absent)"),
                    })
                    .collect();
                let _ = writeln!(out, "{e}: {}", shown.join(", "));
            }
            Err(err) => {
                let _ = writeln!(out, "{e}: error: {err}");
            }
        }
    }
    out
}

fn run(case_file: &Path) -> String {
    let dir = relative(case_file.parent().unwrap());
    let text = std::fs::read_to_string(case_file).unwrap();
    let case: Case = toml::from_str(&text).unwrap_or_else(|e| panic!("{e}"));
    let period: Period = case.period.parse().unwrap();
    let needs: Vec<_> = case.needs.iter().map(|n| need(n)).collect();
    let paths: Vec<PathBuf> = if case.history.is_empty() {
        vec![dir.clone()]
    } else {
        case.history.iter().map(|h| dir.join(h)).collect()
    };
    let key = case.key.as_deref().unwrap_or("employee_id");
    match History::read(&paths, key, &needs, period) {
        Ok(history) => lookbacks(&history, &case.employees),
        Err(e) => format!("error: {e}\n"),
    }
}

#[test]
fn cases() {
    insta::glob!("../fixtures/history", "*/case.toml", |path| {
        let name = path
            .parent()
            .unwrap()
            .file_name()
            .unwrap()
            .to_string_lossy();
        let out = run(path);
        assert_eq!(name.starts_with("err_"), out.contains("error"), "{out}");
        insta::assert_snapshot!(out);
    });
}

fn needs() -> Vec<(Lookback, ValueType)> {
    vec![
        (Lookback::YtdBefore("gross_pay".into()), ValueType::Money),
        (Lookback::Prev("gross_pay".into(), 1), ValueType::Money),
        (Lookback::MonthsBefore, ValueType::Integer),
    ]
}

/// A scratch file for a generated history.
fn scratch(name: &str, text: &[u8]) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("history");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// A line of a megabyte is refused at its line, without being held.
#[test]
fn a_huge_line_is_an_error() {
    let mut text =
        br#"{"employee_id":"E004","period":"2023-07","values":{"gross_pay":"1.00"}}"#.to_vec();
    text.push(b'\n');
    text.extend_from_slice(br#"{"employee_id":"E012","period":"2023-07","values":{"x":""#);
    text.extend(std::iter::repeat_n(b'9', 1_000_000));
    text.extend_from_slice(b"\"}}\n");
    let path = scratch("huge_line.jsonl", &text);
    let period: Period = "2023-08".parse().unwrap();
    let err = History::read(&[path], "employee_id", &needs(), period).unwrap_err();
    assert!(matches!(
        &err,
        HistoryError::LineTooLong { at, limit } if at.line == 2 && *limit == MAX_LINE_BYTES
    ));
    assert!(err
        .to_string()
        .contains("huge_line.jsonl:2: the line is longer than"));
}

/// Months from another source (an HR product's database) follow the same rules, and an
/// error names no file.
#[test]
fn months_from_any_source() {
    let month = |employee: &str, p: &str, pay: Option<&str>| PastMonth {
        employee: employee.into(),
        period: p.parse().unwrap(),
        values: match pay {
            Some(pay) => Ok(HashMap::from([("gross_pay".to_string(), pay.to_string())])),
            None => Err("missing input `base_salary`".to_string()),
        },
        at: None,
    };
    let months = vec![
        month("E004", "2023-07", Some("31430.80")),
        month("E004", "2023-08", Some("33464.72")),
        month("E012", "2023-07", Some("12000.00")),
        month("E012", "2023-08", None),
    ];
    let period: Period = "2023-09".parse().unwrap();
    let history = History::from_months(months, &needs(), period).unwrap();
    let ids = ["E004".to_string(), "E012".to_string()];
    insta::assert_snapshot!(lookbacks(&history, &ids), @r#"
    employees with months kept: 2
    E004: ytd_before(gross_pay) = 64895.52, prev(gross_pay) = 33464.72, ytd_months_before = 2
    E012: error: employee "E012" 2023-08 failed, so its figures are unknown: missing input `base_salary`
    "#);
    let missing = PastMonth {
        values: Ok(HashMap::new()),
        at: Some(LineRef {
            file: "payroll_db".into(),
            line: 7,
        }),
        ..month("E004", "2023-07", None)
    };
    let err = History::from_months([missing], &needs(), period).unwrap_err();
    assert_eq!(
        err.to_string(),
        "payroll_db:7: employee \"E004\" 2023-07: the line has no value of \"gross_pay\" \
         (read by ytd_before(gross_pay))"
    );
}

/// What `--format jsonl` writes is what the history reads: the example team's September
/// run, written by the library's renderer, read back for October.
#[test]
fn jsonl_output_is_read_back() {
    let policy = Policy::load("rules/sales_2023h2.toml").unwrap_or_else(|e| panic!("{e}"));
    let september: Period = "2023-09".parse().unwrap();
    let plan = policy.plan(september).unwrap();
    let files = [
        "examples/data/sales_2023-09.csv",
        "examples/data/crm_2023-09.json",
        "examples/data/hr_2023-09.csv",
    ]
    .iter()
    .map(|f| hrrules::data::open(Path::new(f)).unwrap())
    .collect();
    let dataset = hrrules::data::join(files, "employee_id").unwrap();
    let binding = hrrules::Binding::new(&policy, &dataset).unwrap();
    let columns = plan.outputs().map(str::to_string).collect();
    let mut out = Renderer::new(Vec::new(), Format::Jsonl, "employee_id", columns)
        .unwrap()
        .with_period(september);
    let mut gross = HashMap::new();
    hrrules::evaluate_all((&plan, &binding), dataset.records(), |o| {
        if let Ok(e) = &o.result {
            gross.insert(o.employee.clone(), e.get("gross_pay").unwrap().to_string());
        }
        out.push(&o).unwrap();
    });
    let text = out.finish().unwrap();
    let path = scratch("september.jsonl", &text);
    let needs = vec![
        (Lookback::Prev("gross_pay".into(), 1), ValueType::Money),
        (Lookback::YtdBefore("kpi".into()), ValueType::Number),
        (Lookback::Prev("kpi.grade".into(), 1), ValueType::Text),
        (Lookback::Prev("period.end".into(), 1), ValueType::Date),
        (Lookback::MonthsBefore, ValueType::Integer),
    ];
    let october: Period = "2023-10".parse().unwrap();
    let history = History::read(&[path], "employee_id", &needs, october).unwrap();
    assert_eq!(history.employees(), gross.len());
    for (employee, pay) in &gross {
        let values = history.lookback(employee).unwrap();
        assert_eq!(values[0].as_ref().unwrap().to_string(), *pay);
        assert_eq!(values[3].as_ref().unwrap().to_string(), "2023-09-30");
        assert_eq!(values[4].as_ref().unwrap().to_string(), "1");
    }
    let e004 = history.lookback("E004").unwrap();
    let shown: Vec<String> = e004
        .iter()
        .map(|v| v.as_ref().unwrap().to_string())
        .collect();
    assert_eq!(shown, ["48827.80", "109.2", "A", "2023-09-30", "1"]);
}

/// Only regular files (or folders of them) are read: a device is refused before it is read.
#[cfg(unix)]
#[test]
fn a_device_is_not_a_history_file() {
    let period: Period = "2023-08".parse().unwrap();
    let err = History::read(&["/dev/zero".into()], "employee_id", &needs(), period).unwrap_err();
    assert_eq!(
        err.to_string(),
        "/dev/zero: not a history file: it is a device"
    );
}
