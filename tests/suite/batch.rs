//! End to end through the library: each `tests/fixtures/batch/NAME.toml` is evaluated for its
//! default period over `NAME.csv` (joined with `NAME.json` on `employee_id` when there is
//! one); the snapshot is the `--format json` output, then the table a person would read.

use hrrules::data::{self, DataFile};
use hrrules::{evaluate_all, Binding, Format, Outcome, Policy, Renderer};
use rust_decimal::Decimal;
use std::path::Path;

fn render(policy: &Policy, files: Vec<DataFile>, format: Format) -> String {
    let period = policy.default_period().expect("fixtures have `effective`");
    let plan = policy.plan(period).unwrap_or_else(|e| panic!("{e}"));
    let dataset = data::join(files, "employee_id").unwrap_or_else(|e| panic!("{e}"));
    let binding = Binding::new(policy, &dataset).unwrap();
    let columns = plan.outputs().map(str::to_string).collect();
    let mut out = Renderer::new(Vec::new(), format, "employee_id", columns).unwrap();
    let mut io = Ok(());
    evaluate_all((&plan, &binding), dataset.records(), |o| {
        if io.is_ok() {
            io = out.push(&o);
        }
    });
    io.unwrap();
    String::from_utf8(out.finish().unwrap()).unwrap()
}

fn open_all(path: &Path) -> impl Fn() -> Vec<DataFile> + '_ {
    move || {
        // Read under their bare names, so messages in snapshots do not depend on the checkout.
        let name = |ext: &str| {
            let p = path.with_extension(ext);
            let shown = p.file_name().unwrap().to_string_lossy().to_string();
            (p, shown)
        };
        let (csv, csv_name) = name("csv");
        let text = std::fs::read_to_string(&csv).unwrap();
        let mut files = vec![DataFile::from_csv_str(&csv_name, &text).unwrap()];
        let (json, json_name) = name("json");
        if json.exists() {
            let text = std::fs::read_to_string(&json).unwrap();
            files.push(DataFile::from_json_str(&json_name, &text).unwrap());
        }
        files
    }
}

#[test]
fn batch_fixtures() {
    insta::glob!("../fixtures/batch", "*.toml", |path| {
        // Relative to the crate root (the tests' working directory), so rule locations in
        // messages are `tests/fixtures/batch/NAME.toml:LINE:COL` on every machine.
        let rel = path
            .strip_prefix(env!("CARGO_MANIFEST_DIR"))
            .unwrap_or(path);
        let policy = Policy::load(rel).unwrap_or_else(|e| panic!("{e}"));
        let files = open_all(path);
        let json = render(&policy, files(), Format::Json);
        // Every line between the brackets is one employee, and it is valid JSON.
        let parsed: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert!(parsed.is_array());
        let table = render(&policy, files(), Format::Table);
        insta::assert_snapshot!(format!("{json}\n{table}"));
    });
}

/// Output order is input order, across several chunks (1,024 rows each) evaluated in parallel, and
/// no row is dropped, failed or not.
#[test]
fn order_and_count_across_chunks() {
    let policy = Policy::from_source(
        "order.toml",
        r#"
[policy]
name = "order"
effective = 2023-09-01

[inputs]
sales_target = "money"
sales_amount = "money"

[values]
attainment = "sales_amount / sales_target * 100"
"#,
    )
    .unwrap();
    const ROWS: usize = 4096 * 2 + 1000;
    let mut csv = String::from("employee_id,sales_target,sales_amount\n");
    for i in 0..ROWS {
        // Every 7th employee has no target: an error row, still in its place.
        let target = if i % 7 == 3 { 0 } else { 1000 + i };
        csv.push_str(&format!("E{i:06},{target},{}\n", i * 3));
    }
    let file = DataFile::from_csv_str("order.csv", &csv).unwrap();
    let dataset = data::join(vec![file], "employee_id").unwrap();
    let binding = Binding::new(&policy, &dataset).unwrap();
    let plan = policy.plan(policy.default_period().unwrap()).unwrap();
    let mut seen: Vec<Outcome> = Vec::new();
    evaluate_all((&plan, &binding), dataset.records(), |o| seen.push(o));
    assert_eq!(seen.len(), ROWS);
    for (i, o) in seen.iter().enumerate() {
        assert_eq!(o.employee, format!("E{i:06}"));
        assert_eq!(o.origin.row, i as u64 + 2, "{}", o.employee);
        assert_eq!(o.result.is_err(), i % 7 == 3, "{}", o.employee);
        if let Ok(e) = &o.result {
            // The formula's order: divide, then multiply.
            let expected = Decimal::from(i * 3) / Decimal::from(1000 + i) * Decimal::from(100);
            assert_eq!(
                e.get("attainment").unwrap().to_string(),
                expected.normalize().to_string()
            );
        }
    }

    // The same through the JSON renderer: one line per employee, in order.
    let mut out = Renderer::new(
        Vec::new(),
        Format::Json,
        "employee_id",
        vec!["attainment".into()],
    )
    .unwrap();
    for o in &seen {
        out.push(o).unwrap();
    }
    let text = String::from_utf8(out.finish().unwrap()).unwrap();
    let parsed: Vec<serde_json::Value> = serde_json::from_str(&text).unwrap();
    assert_eq!(parsed.len(), ROWS);
    for (i, v) in parsed.iter().enumerate() {
        assert_eq!(v["employee_id"], format!("E{i:06}"));
    }
}

/// The `hrrules` command, run in the crate root.
fn hrrules() -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_hrrules"));
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

/// A CRM export with cells that a spreadsheet would run as formulas (`=HYPERLINK(...)`,
/// `@SUM(...)`, `+E029`, full-width `＝`) and a negative figure: the CSV output shows the
/// text with a leading `'`, the numbers as numbers (`-1200.00`, and `-12.50` as typed).
#[test]
fn csv_output_neutralizes_formulas() {
    insta_cmd::assert_cmd_snapshot!(hrrules().args([
        "eval",
        "tests/fixtures/cli/crm_formulas.toml",
        "--data",
        "tests/fixtures/cli/crm_formulas.csv",
        "--format",
        "csv"
    ]));
}

/// The same export as a table: nothing is prefixed (a terminal runs no formulas), but the
/// terminal escape sequences planted in a hospital's name and a key are shown escaped.
#[test]
fn table_escapes_control_characters() {
    insta_cmd::assert_cmd_snapshot!(hrrules().args([
        "eval",
        "tests/fixtures/cli/crm_formulas.toml",
        "--data",
        "tests/fixtures/cli/crm_formulas.csv"
    ]));
}

/// `--key error`: a JSON object would get two `"error"` fields, a CSV header two `error`
/// columns. Both are refused before anything is written; the table has no such field.
#[test]
fn key_named_like_an_output_field() {
    for format in ["json", "csv", "table"] {
        insta::allow_duplicates! {
            insta_cmd::assert_cmd_snapshot!(format!("key_named_error_{format}"), hrrules().args([
                "eval",
                "tests/fixtures/cli/crm_formulas.toml",
                "--data",
                "tests/fixtures/cli/key_named_error.csv",
                "--key",
                "error",
                "--format",
                format
            ]));
        }
    }
}

/// The library refuses the same collisions: `values` as the JSON key, a shown value named
/// `error` or named like the key column in CSV.
#[test]
fn reserved_output_names() {
    use hrrules::report::OutputError;
    let new = |format, key: &str, columns: &[&str]| {
        let columns = columns.iter().map(|c| c.to_string()).collect();
        Renderer::new(Vec::new(), format, key, columns).err()
    };
    assert_eq!(
        new(Format::Json, "values", &["net_pay"]),
        Some(OutputError::JsonKeyReserved {
            key: "values".into()
        })
    );
    // In JSON the figures are nested under `values`: a value may be called `error`.
    assert_eq!(new(Format::Json, "employee_id", &["error"]), None);
    assert_eq!(
        new(Format::Csv, "employee_id", &["net_pay", "error"]),
        Some(OutputError::CsvColumnTwice {
            name: "error".into()
        })
    );
    assert_eq!(
        new(Format::Csv, "net_pay", &["net_pay"]),
        Some(OutputError::CsvColumnTwice {
            name: "net_pay".into()
        })
    );
    assert_eq!(new(Format::Csv, "values", &["net_pay"]), None);
    assert_eq!(new(Format::Table, "error", &["error"]), None);
}

/// The table is streamed: its widths come from the first rows. A later, wider row is printed
/// in full (its figure is never cut), shifting only that row; every row is there, in order.
#[test]
fn table_widths_from_the_first_rows() {
    use hrrules::report::table::SAMPLE_ROWS;
    let policy = Policy::from_source(
        "wide_late.toml",
        r#"
[policy]
name = "wide_late"
effective = 2023-09-01

[inputs]
base_salary = "money"

[values]
gross_pay = "base_salary * 2"
"#,
    )
    .unwrap();
    let mut csv = String::from("employee_id,base_salary\n");
    for i in 0..SAMPLE_ROWS {
        csv.push_str(&format!("E{i:04},{}\n", 6000 + i));
    }
    csv.push_str("E9999-借调-华东区-长期,123456789.50\nE1000,7000\n");
    let file = DataFile::from_csv_str("wide_late.csv", &csv).unwrap();
    let text = render(&policy, vec![file], Format::Table);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2 + SAMPLE_ROWS + 2 + 2);
    let shown: Vec<&str> = lines[..4]
        .iter()
        .chain(&["..."])
        .chain(&lines[lines.len() - 6..])
        .copied()
        .collect();
    insta::assert_snapshot!(shown.join("\n"));
}

/// A data header with a terminal escape sequence, close to an input's name: the warning that
/// suggests it shows it escaped.
#[test]
fn warning_escapes_a_suggested_header() {
    insta_cmd::assert_cmd_snapshot!(hrrules().args([
        "eval",
        "tests/fixtures/cli/crm_formulas.toml",
        "--data",
        "tests/fixtures/cli/escaped_header.csv"
    ]));
}
