//! Workbooks as data files (`.xlsx`, `.xls`, `.ods`): the fixtures of
//! tests/fixtures/data_excel/ (made by its `make.py`), each read as `hrrules eval --data`
//! reads it and shown cell by cell, or its error for the file.

use hrrules::data::{self, join, DataError, DataFile, Dataset, WorkbookFormat};
use std::fmt::Write;
use std::path::{Path, PathBuf};

/// Every record: key, origin, each non-blank cell's text (Debug-quoted, so trailing spaces
/// and the exact digits show) and place, its problem, and the row's error.
fn render(data: Dataset) -> String {
    let mut out = format!("columns: {}\n", data.columns.join(", "));
    let columns = data.columns.clone();
    for record in data.records() {
        let _ = writeln!(out, "\n{:?} from {}", record.key, record.origin);
        for (column, cell) in columns.iter().zip(record.cells()) {
            if let Some(cell) = cell {
                let _ = writeln!(out, "  {column} = {:?}", cell.text);
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

/// The path as `--data` takes it: relative to the package root, with `#SHEET` when a
/// `<file>.sheet` beside it names one.
fn data_argument(path: &Path) -> PathBuf {
    let relative = path
        .strip_prefix(env!("CARGO_MANIFEST_DIR"))
        .unwrap_or(path);
    let sheet_file = PathBuf::from(format!("{}.sheet", path.display()));
    match std::fs::read_to_string(sheet_file) {
        Ok(sheet) => PathBuf::from(format!("{}#{}", relative.display(), sheet.trim())),
        Err(_) => relative.to_path_buf(),
    }
}

#[test]
fn workbooks() {
    insta::glob!("../fixtures/data_excel", "*.{xlsx,xls,ods}", |path| {
        let argument = data_argument(path);
        let result = data::open(&argument).and_then(|file| join(vec![file], "employee_id"));
        let shown = match result {
            Ok(data) => format!("--data {}\n{}", argument.display(), render(data)),
            Err(e) => format!("--data {}\nfile error: {e}\n", argument.display()),
        };
        insta::assert_snapshot!(shown);
    });
}

/// A problem of one cell fails the employee only where the column is used: the error value
/// in `note` never stops E200, the one in `sales_amount` stops E100 with a located error.
#[test]
fn error_cells_fail_only_where_used() {
    let file = data::open(Path::new("tests/fixtures/data_excel/error_cells.xlsx")).unwrap();
    let data = join(vec![file], "employee_id").unwrap();
    let amount = data.column_index("sales_amount").unwrap();
    let note = data.column_index("note").unwrap();
    let records: Vec<_> = data.records().collect();
    let first = records[0].cell(amount).unwrap();
    let err = first.checked().unwrap_err();
    assert_eq!(
        err.to_string(),
        "tests/fixtures/data_excel/error_cells.xlsx: 销售明细!B2: column `sales_amount`: the cell \
         holds the error #DIV/0! (a formula divides by zero or by an empty cell); correct it in \
         the workbook, or clear the cell"
    );
    assert!(!err.is_file_error());
    let last = records.last().unwrap();
    assert!(last.error.is_none());
    assert!(last.cell(amount).unwrap().checked().is_ok());
    assert!(last.cell(note).unwrap().problem().is_some());
}

/// The `#` rule: a path naming an existing file is that file, whatever it holds; otherwise
/// the last `#` splits off the sheet, and only after a workbook's extension.
#[test]
fn hash_splits_off_a_sheet_only_when_no_file_has_the_whole_name() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("data_excel_hash");
    std::fs::create_dir_all(&dir).unwrap();
    let named = dir.join("a#销售明细.xlsx");
    std::fs::copy("tests/fixtures/data_excel/normal.xlsx", &named).unwrap();
    let file = data::open(&named).unwrap();
    assert_eq!(file.columns().len(), 5);

    let two = dir.join("b#1.xlsx");
    std::fs::copy("tests/fixtures/data_excel/named_sheet.xlsx", &two).unwrap();
    let file = data::open(&dir.join("b#1.xlsx#销售明细")).unwrap();
    assert!(file.name().ends_with("b#1.xlsx#销售明细"));
    assert_eq!(file.columns()[0].as_ref(), "employee_id");

    let err = data::open(Path::new("tests/fixtures/data/crm.json#x")).unwrap_err();
    assert!(matches!(err, DataError::UnknownFormat { .. }), "{err}");
}

/// A workbook in memory, and one piped to standard input (sniffed by its signature).
#[test]
fn workbooks_from_bytes_and_streams() {
    let bytes = std::fs::read("tests/fixtures/data_excel/sheet.ods").unwrap();
    let file =
        DataFile::from_workbook_bytes("upload.ods", &bytes, WorkbookFormat::Ods, None).unwrap();
    assert_eq!(file.columns()[2].as_ref(), "sales_amount");
    let file = data::read_stream("-", &bytes[..], &Default::default()).unwrap();
    assert_eq!(file.columns().len(), 6);
    for fixture in ["normal.xlsx", "sheet.xls"] {
        let bytes = std::fs::read(Path::new("tests/fixtures/data_excel").join(fixture)).unwrap();
        let file = data::read_stream("-", &bytes[..], &Default::default()).unwrap();
        assert_eq!(file.columns()[0].as_ref(), "employee_id", "{fixture}");
    }
    let err = DataFile::from_workbook_bytes("x.xls", b"", WorkbookFormat::Xls, None).unwrap_err();
    assert!(err.is_file_error(), "{err}");
}

/// A workbook is read whole: one larger than the limit is refused before it is parsed.
#[test]
fn a_workbook_over_the_limit_is_refused() {
    let limits = data::DataLimits {
        max_whole_file_bytes: 1000,
        ..Default::default()
    };
    let err =
        data::open_with(Path::new("tests/fixtures/data_excel/normal.xlsx"), &limits).unwrap_err();
    assert_eq!(
        err.to_string(),
        "tests/fixtures/data_excel/normal.xlsx: the file is larger than 1000 bytes, the most read at once; split it or use CSV"
    );
    let limits = data::DataLimits {
        max_cell_bytes: 4,
        ..Default::default()
    };
    let file =
        data::open_with(Path::new("tests/fixtures/data_excel/normal.xlsx"), &limits).unwrap();
    let data = join(vec![file], "employee_id").unwrap();
    let name = data.column_index("name").unwrap();
    let first = data.records().next().unwrap();
    let problem = first.cell(name).unwrap().checked().unwrap_err();
    assert_eq!(
        problem.to_string(),
        "tests/fixtures/data_excel/normal.xlsx:2: column `name`: the cell is 6 bytes long, more than the limit of 4 bytes"
    );
}

/// Inputs the fuzz target `excel` found (tests/fixtures/data_excel/found/): each is read
/// without a panic escaping, a hang or an abort. Whether calamine panics on them (caught, an
/// error for the file) or reads them depends on the build (overflow checks), so only that
/// is asserted; the inputs that must be refused are `err_*` snapshots above.
#[test]
fn what_the_fuzzer_found_is_read_or_refused() {
    insta::glob!("../fixtures/data_excel/found", "*.{xlsx,xls,ods}", |path| {
        if let Err(e) = data::open(path) {
            assert!(e.is_file_error(), "{e}");
        }
    });
}

/// A compound file named `.xlsx` (the fuzzer's: a looping sector chain, which calamine's
/// password check followed until memory ran out) is refused before calamine reads it.
#[test]
fn a_compound_file_named_xlsx_is_refused() {
    let path = Path::new("tests/fixtures/data_excel/found/xlsx_compound_file.xlsx");
    let e = data::open(path).unwrap_err().to_string();
    assert!(
        e.contains("it is an OLE compound file, not a .xlsx archive"),
        "{e}"
    );
}
