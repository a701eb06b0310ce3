//! Reading employee data: single files, joins, and typed conversion of cell text.

mod props;

use hrrules::data::{self, join, parse_cell, parse_text, DataError, DataFile, Dataset};
use hrrules::vocab::ValueType;
use std::fmt::Write;
use std::path::Path;

/// Every record of a dataset, one block each: key, origin, non-blank cells, error.
fn render(data: Dataset) -> String {
    let mut out = format!("columns: {}\n", data.columns.join(", "));
    let columns = data.columns.clone();
    for record in data.records() {
        let _ = writeln!(out, "\n{:?} from {}", record.key, record.origin);
        for (column, cell) in columns.iter().zip(record.cells()) {
            if let Some(cell) = cell {
                let _ = writeln!(out, "  {column} = {:?}  @ {}", cell.text, cell.at());
                if let Some(problem) = cell.problem() {
                    let _ = writeln!(out, "    cell problem: {problem}");
                }
            }
        }
        if let Some(error) = &record.error {
            let _ = writeln!(out, "  error: {error}");
        }
    }
    out
}

fn render_result(result: Result<Dataset, DataError>) -> String {
    match result {
        Ok(data) => render(data),
        Err(e) => format!("file error: {e}\n"),
    }
}

/// A fixture path as a user would type it, relative to the package root (the tests' cwd).
fn relative(path: &Path) -> &Path {
    path.strip_prefix(env!("CARGO_MANIFEST_DIR"))
        .unwrap_or(path)
}

#[test]
fn single_files() {
    insta::glob!("../fixtures/data", "*.{csv,json}", |path| {
        let result = data::open(relative(path)).and_then(|file| join(vec![file], "employee_id"));
        insta::assert_snapshot!(render_result(result));
    });
}

/// Each `join/<case>/join.txt` lists the files to join, first file first, and optionally
/// `key = COLUMN` (default `employee_id`). Files are named by their bare file names.
#[test]
fn joins() {
    insta::glob!("../fixtures/data/join", "*/join.txt", |manifest| {
        let dir = manifest.parent().expect("case folder");
        let text = std::fs::read_to_string(manifest).expect("manifest");
        let mut key = "employee_id".to_string();
        let mut files = Vec::new();
        for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
            if let Some(k) = line.strip_prefix("key =") {
                key = k.trim().to_string();
                continue;
            }
            let bytes = std::fs::read(dir.join(line)).expect("fixture file");
            let text = String::from_utf8(bytes).expect("join fixtures are UTF-8");
            let file = if line.ends_with(".json") {
                DataFile::from_json_str(line, &text)
            } else {
                DataFile::from_csv_str(line, &text)
            };
            files.push(file);
        }
        let result = files
            .into_iter()
            .collect::<Result<Vec<_>, _>>()
            .and_then(|files| join(files, &key));
        insta::assert_snapshot!(render_result(result));
    });
}

#[test]
fn unknown_format_and_missing_file() {
    let err = data::open(Path::new("examples/data/sales.numbers")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "examples/data/sales.numbers: cannot read `.numbers` files; save the data as CSV (UTF-8), JSON, .xlsx or .ods"
    );
    let err = data::open(Path::new("tests/fixtures/data/no_such_file.csv")).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("tests/fixtures/data/no_such_file.csv: cannot read the file: "),
        "{err}"
    );
    assert!(err.is_file_error());
    let err = join(Vec::new(), "employee_id").unwrap_err();
    assert_eq!(err.to_string(), "no data files given");
}

#[test]
fn parse_cell_names_file_row_and_column() {
    let file = DataFile::from_csv_str(
        "examples/data/sales.csv",
        "employee_id,sales_target\nE001,200000\nE002,\nE003,1000\nE004,abc\n",
    )
    .unwrap();
    let data = join(vec![file], "employee_id").unwrap();
    let target = data.column_index("sales_target").unwrap();
    let records: Vec<_> = data.records().collect();
    assert_eq!(records.len(), 4);
    assert!(records[1].cell(target).is_none(), "blank is missing");
    let bad = records[3].cell(target).unwrap();
    let err = parse_cell(&bad, ValueType::Money).unwrap_err();
    assert_eq!(
        err.to_string(),
        "examples/data/sales.csv:5: column `sales_target`: \"abc\" is not a number"
    );
    assert!(!err.is_file_error());
}

/// A large file streams through without trouble; every row comes back, in order.
#[test]
fn many_rows_stream_in_order() {
    let mut text = String::from("employee_id,sales_amount\n");
    for i in 0..20_000 {
        let _ = writeln!(text, "E{i:06},{i}.50");
    }
    let file = DataFile::from_csv_str("big.csv", &text).unwrap();
    let data = join(vec![file], "employee_id").unwrap();
    let mut n = 0u64;
    for record in data.records() {
        assert!(record.error.is_none());
        assert_eq!(record.origin.row, n + 2);
        n += 1;
    }
    assert_eq!(n, 20_000);
}

/// `(input, type, expected)`: `Ok(display of the value)` or `Err(message)`.
const CASES: &[(&str, ValueType, Result<&str, &str>)] = {
    use ValueType::*;
    &[
        // money / number: exact decimals, scale kept
        ("215000", Money, Ok("215000")),
        ("215000.00", Money, Ok("215000.00")),
        ("186500.5", Money, Ok("186500.5")),
        ("  98000 ", Money, Ok("98000")),
        ("+12.5", Number, Ok("12.5")),
        ("-12.5", Number, Ok("-12.5")),
        ("-0", Number, Ok("0")),
        ("-0.00", Money, Ok("0.00")),
        (".5", Number, Ok("0.5")),
        ("007", Number, Ok("7")),
        // thousands separators, correctly grouped only
        ("1,234,567.50", Money, Ok("1234567.50")),
        ("123,456", Money, Ok("123456")),
        ("-1,000", Money, Ok("-1000")),
        ("1,23", Money, Err("\"1,23\" is not a number (thousands separators must group 3 digits)")),
        ("1234,567", Money, Err("\"1234,567\" is not a number (thousands separators must group 3 digits)")),
        ("1,234.5,6", Money, Err("\"1,234.5,6\" is not a number (a comma after the point: the point is the decimal point and commas group thousands, 1,234.50)")),
        (",123", Money, Err("\",123\" is not a number (thousands separators must group 3 digits)")),
        // currency signs
        ("¥8,000.00", Money, Ok("8000.00")),
        ("￥8000", Money, Ok("8000")),
        ("-¥500", Money, Ok("-500")),
        ("¥-500", Money, Ok("-500")),
        ("¥ 500", Money, Ok("500")),
        ("$500", Money, Err("\"$500\" is not a number (only amounts in yuan are read: ¥, ￥, RMB, CNY or 元)")),
        ("500¥", Money, Err("\"500¥\" is not a number")),
        // full-width digits
        ("１２３４．５０", Money, Ok("1234.50")),
        ("－１２", Number, Ok("-12")),
        ("１，２３４", Number, Ok("1234")),
        // exactness: tiny, 28 digits, 29 digits
        ("0.00000000000000000001", Number, Ok("0.00000000000000000001")),
        ("0.0000000000000000000000000001", Number, Ok("0.0000000000000000000000000001")),
        ("1234567890123456789012345678", Number, Ok("1234567890123456789012345678")),
        ("0.1234567890123456789012345678", Number, Ok("0.1234567890123456789012345678")),
        ("0.12345678901234567890123456789", Number, Err("\"0.12345678901234567890123456789\" has more than 28 digits after the point, more than an exact number holds")),
        ("99999999999999999999999999999", Number, Err("\"99999999999999999999999999999\" is too large: exact numbers go up to 79228162514264337593543950335 (about 7.9e28)")),
        ("123456789012345678901234567890", Number, Err("\"123456789012345678901234567890\" is too large: exact numbers go up to 79228162514264337593543950335 (about 7.9e28)")),
        ("1e-20", Number, Err("\"1e-20\" is not a number (write the digits out, without an exponent)")),
        ("2.15E+05", Money, Err("\"2.15E+05\" is not a number (write the digits out, without an exponent)")),
        // not numbers
        ("abc", Number, Err("\"abc\" is not a number")),
        ("E001", Number, Err("\"E001\" is not a number")),
        ("85%", Number, Err("\"85%\" is not a number (a percent sign belongs only in percent inputs)")),
        ("1.2.3", Number, Err("\"1.2.3\" is not a number")),
        ("-", Number, Err("\"-\" is not a number")),
        ("¥", Money, Err("\"¥\" is not a number")),
        ("1 000", Number, Err("\"1 000\" is not a number")),
        ("", Money, Err("the value is blank; expected a number")),
        ("   ", Number, Err("the value is blank; expected a number")),
        ("\u{3000}", Number, Err("the value is blank; expected a number")),
        // integer
        ("22", Integer, Ok("22")),
        ("1,260", Integer, Ok("1260")),
        ("12.00", Integer, Ok("12")),
        ("-3", Integer, Ok("-3")),
        ("12.5", Integer, Err("\"12.5\" is not a whole number")),
        ("twelve", Integer, Err("\"twelve\" is not a whole number")),
        ("", Integer, Err("the value is blank; expected a whole number")),
        // percent
        ("85%", Percent, Ok("0.85")),
        ("0.85", Percent, Ok("0.85")),
        ("100%", Percent, Ok("1.00")),
        ("12.5%", Percent, Ok("0.125")),
        ("0.8 %", Percent, Ok("0.008")),
        ("-5%", Percent, Ok("-0.05")),
        ("８５％", Percent, Ok("0.85")),
        ("1,200%", Percent, Ok("12.00")),
        ("0.00000000000000000000000001%", Percent, Ok("0.0000000000000000000000000001")),
        ("0.000000000000000000000000001%", Percent, Err("\"0.000000000000000000000000001%\" has more than 28 digits after the point, more than an exact number holds (a percentage is a fraction with two more places: 7.5% is 0.075)")),
        ("85%%", Percent, Err("\"85%%\" is not a percentage (expected 85% or 0.85)")),
        ("high", Percent, Err("\"high\" is not a percentage (expected 85% or 0.85)")),
        ("¥85", Percent, Err("\"¥85\" is not a percentage (expected 85% or 0.85)")),
        // bool
        ("true", Bool, Ok("true")),
        ("TRUE", Bool, Ok("true")),
        ("Yes", Bool, Ok("true")),
        ("1", Bool, Ok("true")),
        ("１", Bool, Ok("true")),
        ("是", Bool, Ok("true")),
        ("false", Bool, Ok("false")),
        ("No", Bool, Ok("false")),
        ("0", Bool, Ok("false")),
        ("否", Bool, Ok("false")),
        ("maybe", Bool, Err("\"maybe\" is not true or false (expected true/false, yes/no, 1/0 or 是/否)")),
        ("2", Bool, Err("\"2\" is not true or false (expected true/false, yes/no, 1/0 or 是/否)")),
        // date
        ("2023-09-01", Date, Ok("2023-09-01")),
        ("2023/09/01", Date, Ok("2023-09-01")),
        ("2023/9/1", Date, Ok("2023-09-01")),
        ("2023年9月1日", Date, Ok("2023-09-01")),
        ("２０２３－０９－０１", Date, Ok("2023-09-01")),
        ("2024-02-29", Date, Ok("2024-02-29")),
        ("2023-02-30", Date, Err("\"2023-02-30\" is not a date")),
        ("2023-13-01", Date, Err("\"2023-13-01\" is not a date")),
        ("2023-9", Date, Err("\"2023-9\" is not a date (expected YYYY-MM-DD)")),
        ("9/1/2023", Date, Err("\"9/1/2023\" is not a date (expected YYYY-MM-DD)")),
        ("2023-09/01", Date, Err("\"2023-09/01\" is not a date (expected YYYY-MM-DD)")),
        ("2023-09-01 08:00", Date, Err("\"2023-09-01 08:00\" is not a date (expected YYYY-MM-DD)")),
        ("0000-01-01", Date, Err("\"0000-01-01\" is not a date")),
        // text: as is
        ("华东销售部", Text, Ok("华东销售部")),
        (" A ", Text, Ok(" A ")),
        ("", Text, Ok("")),
    ]
};

#[test]
fn parse_text_table() {
    let mut failures = Vec::new();
    for &(input, ty, expected) in CASES {
        let got = parse_text(input, ty)
            .map(|v| v.to_string())
            .map_err(|e| e.to_string());
        let expected = expected.map(str::to_string).map_err(str::to_string);
        if got != expected {
            failures.push(format!(
                "{input:?} as {}: expected {expected:?}, got {got:?}",
                ty.name()
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// `-0` is plain zero, not a negative zero that prints as `-0`.
#[test]
fn negative_zero_is_zero() {
    let v = parse_text("-0.00", ValueType::Money).unwrap();
    let d = v.as_decimal().unwrap();
    assert!(d.is_zero() && d.is_sign_positive());
}

/// A quoted cell far longer than the reader's buffer, holding line breaks, does not throw
/// off the row numbers of the rows after it.
#[test]
fn row_numbers_after_a_huge_multiline_cell() {
    let note = "备注\r\n".repeat(20_000);
    let text =
        format!("employee_id,note\r\nE001,\"{note}\"\r\n\r\nE002,ok\r\nE003,\"a\nb\"\nE004,x");
    let file = DataFile::from_csv_str("notes.csv", &text).unwrap();
    let rows: Vec<_> = join(vec![file], "employee_id")
        .unwrap()
        .records()
        .map(|r| (r.key, r.origin.row))
        .collect();
    let expected = [("E001", 2), ("E002", 4), ("E003", 5), ("E004", 6)];
    let expected: Vec<_> = expected.iter().map(|(k, r)| (k.to_string(), *r)).collect();
    assert_eq!(rows, expected);
}
