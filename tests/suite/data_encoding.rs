//! Data files as Chinese systems export them: CSV in UTF-8 (with or without a byte-order
//! mark), UTF-16 and GBK/GB18030, found or named (`tests/fixtures/data_encoding/`); and money
//! as people type it (`tests/fixtures/money_text/`).
//!
//! A data fixture named `force-<encoding>_...` (after an `err_` prefix, if any) is read in that
//! encoding; any other is read in the encoding found from its first bytes.

use hrrules::data::{join, parse_cell, DataError, DataFile, Encoding, OpenOptions};
use hrrules::vocab::ValueType;
use std::fmt::Write;
use std::path::Path;

/// The encoding a fixture's name forces, if any.
fn forced(path: &Path) -> Option<Encoding> {
    let stem = path.file_stem()?.to_str()?;
    let stem = stem.strip_prefix("err_").unwrap_or(stem);
    let label = stem.strip_prefix("force-")?.split('_').next()?;
    Some(Encoding::from_label(label).expect("a known encoding in the fixture's name"))
}

/// The file's encoding, then every record: key, origin, non-blank cells with their
/// problems, the record's error; or the file's error.
fn render(file: Result<DataFile, DataError>) -> String {
    let file = match file {
        Ok(file) => file,
        Err(e) => return format!("file error: {e}\n"),
    };
    let mut out = match file.encoding() {
        Some(e) => format!("encoding: {e}\n"),
        None => "encoding: (JSON)\n".to_string(),
    };
    let data = match join(vec![file], "employee_id") {
        Ok(data) => data,
        Err(e) => return format!("{out}file error: {e}\n"),
    };
    let _ = writeln!(out, "columns: {}", data.columns.join(", "));
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

/// A fixture path as a user would type it, relative to the package root (the tests' cwd).
fn relative(path: &Path) -> &Path {
    path.strip_prefix(env!("CARGO_MANIFEST_DIR"))
        .unwrap_or(path)
}

#[test]
fn encodings() {
    insta::glob!("../fixtures/data_encoding", "*.csv", |path| {
        let options = OpenOptions {
            encoding: forced(path),
            ..OpenOptions::default()
        };
        insta::assert_snapshot!(render(options.open(relative(path))));
    });
}

/// A stream (standard input) is read in the encoding found or named, as a file is.
#[test]
fn streams_in_other_encodings() {
    let bytes = std::fs::read("tests/fixtures/data_encoding/gbk_detected.csv").unwrap();
    let found = OpenOptions::default().read_stream("<stdin>", &bytes[..]);
    let file = std::fs::File::open("tests/fixtures/data_encoding/gbk_detected.csv").unwrap();
    let named = OpenOptions::default()
        .with_encoding(Encoding::Gbk)
        .read_stream("<stdin>", file);
    assert_eq!(render(found).replace("GB18030", "GBK"), render(named));
}

/// A file whose first 64 KiB are UTF-8 is read as UTF-8: a GBK cell after them is a
/// problem of its cell, with a hint to name the encoding, and its neighbours are read.
#[test]
fn gbk_after_a_utf8_start_is_a_located_cell_problem() {
    let mut text = b"employee_id,name,sales_amount\n".to_vec();
    let mut row = 1;
    while text.len() < 70 * 1024 {
        row += 1;
        text.extend_from_slice(format!("E{row:05},Wang,1000.00\n").as_bytes());
    }
    text.extend_from_slice(b"E99999,\xcd\xf5\xb7\xbc,2000.00\nE99998,Li,3000.00\n");
    let file = DataFile::from_csv_bytes("sales.csv", &text).unwrap();
    assert_eq!(file.encoding(), Some(Encoding::Utf8));
    let data = join(vec![file], "employee_id").unwrap();
    let records: Vec<_> = data.records().collect();
    let [.., gbk, after] = records.as_slice() else {
        panic!("rows")
    };
    assert!(after.error.is_none());
    let name = gbk.cell(1).unwrap();
    assert_eq!(name.text, "����");
    assert_eq!(
        name.problem().unwrap().to_string(),
        format!(
            "sales.csv:{}: column `name`: the cell is not UTF-8 text; if the file is GBK (Chinese Excel's \"CSV\"), read it with `--encoding gbk`, or save it as \"CSV UTF-8\"",
            row + 1
        )
    );
}

/// A transcoded file streams: a large GBK file is read with its row numbers right, whatever
/// the blocks it is decoded in.
#[test]
fn a_large_gbk_file_streams_with_its_row_numbers() {
    let mut text = "employee_id,name,note\n".to_string();
    for i in 0..20_000 {
        let note = if i % 1000 == 7 {
            "\"跨行\n备注\""
        } else {
            "正常"
        };
        let _ = writeln!(text, "P{i:05},周建国,{note}");
    }
    let gbk = gb18030(&text);
    let file = OpenOptions::default().read_stream("punches.csv", &gbk[..]);
    let data = join(vec![file.unwrap()], "employee_id").unwrap();
    let mut n = 0;
    // A quoted cell spanning lines is still one row, as Excel numbers them.
    for (expected_row, record) in (2..).zip(data.records()) {
        assert!(record.error.is_none(), "{:?}", record.error);
        assert_eq!(record.origin.row, expected_row);
        assert_eq!(record.cell(1).unwrap().text, "周建国");
        n += 1;
    }
    assert_eq!(n, 20_000);
}

/// `tests/fixtures/money_text/*.txt`: one text per line for a `money` input (blank lines
/// and lines starting with `#` skipped); the snapshot shows each with its value or error.
#[test]
fn money_texts() {
    insta::glob!("../fixtures/money_text", "*.txt", |path| {
        let text = std::fs::read_to_string(path).unwrap();
        let mut out = String::new();
        for line in text.lines() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let shown = match hrrules::data::parse_text(line, ValueType::Money) {
                Ok(v) => format!("= {v}"),
                Err(e) => format!("error: {e}"),
            };
            let _ = writeln!(out, "{line:?}  {shown}");
        }
        insta::assert_snapshot!(out);
    });
}

/// `tests/fixtures/money_text/*.csv`: every cell of the `amount` column read as money, with
/// its place: the value, or the located error a user sees.
#[test]
fn money_cells() {
    insta::glob!("../fixtures/money_text", "*.csv", |path| {
        let file = hrrules::data::open(relative(path)).unwrap();
        let data = join(vec![file], "employee_id").unwrap();
        let amount = data.column_index("amount").expect("an amount column");
        let mut out = String::new();
        for record in data.records() {
            let Some(cell) = record.cell(amount) else {
                let _ = writeln!(out, "{}: blank", record.key);
                continue;
            };
            let _ = match parse_cell(&cell, ValueType::Money) {
                Ok(v) => writeln!(out, "{}: {:?} = {v}", record.key, cell.text),
                Err(e) => writeln!(out, "{}: {e}", record.key),
            };
        }
        insta::assert_snapshot!(out);
    });
}

/// How a money amount is decorated, as people type it.
#[derive(Clone, Copy, Debug)]
struct Decoration {
    /// 0: none, 1: `¥`, 2: `￥`, 3: `RMB `, 4: `cny`, 5: `元` after, 6: ` CNY` after.
    mark: u8,
    /// A negative as `(..)` (accounting), else with `-` (before the mark when `sign_first`).
    parentheses: bool,
    sign_first: bool,
    /// Thousands separators.
    grouped: bool,
    full_width: bool,
}

/// `d` written with `how`'s decorations.
fn decorated(d: rust_decimal::Decimal, how: Decoration) -> String {
    let digits = d.abs().to_string();
    let (int, frac) = match digits.split_once('.') {
        Some((i, f)) => (i.to_string(), format!(".{f}")),
        None => (digits.clone(), String::new()),
    };
    let int = if how.grouped {
        let bytes: Vec<char> = int.chars().collect();
        let groups: Vec<String> = bytes.rchunks(3).rev().map(|g| g.iter().collect()).collect();
        groups.join(",")
    } else {
        int
    };
    let amount = format!("{int}{frac}");
    let (before, after) = match how.mark {
        1 => ("¥", ""),
        2 => ("￥", ""),
        3 => ("RMB ", ""),
        4 => ("cny", ""),
        5 => ("", "元"),
        6 => ("", " CNY"),
        _ => ("", ""),
    };
    let negative = d.is_sign_negative() && !d.is_zero();
    let text = match (negative, how.parentheses, how.sign_first) {
        (false, _, _) => format!("{before}{amount}{after}"),
        (true, true, _) => format!("({before}{amount}{after})"),
        (true, false, true) => format!("-{before}{amount}{after}"),
        (true, false, false) => format!("{before}-{amount}{after}"),
    };
    if how.full_width {
        text.chars()
            .map(|c| match c {
                '0'..='9' | ',' | '.' | '(' | ')' | '-' => {
                    char::from_u32(u32::from(c) + 0xFEE0).unwrap_or(c)
                }
                _ => c,
            })
            .collect()
    } else {
        text
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig {
        cases: 512,
        failure_persistence: None,
        ..proptest::prelude::ProptestConfig::default()
    })]

    /// Any decimal, written with any of the accepted decorations, reads back as itself, to
    /// the last place (`100.00` stays `100.00`).
    #[test]
    fn decorated_money_reads_back_exactly(
        mantissa in proptest::prelude::any::<i64>(),
        scale in 0u32..=12,
        mark in 0u8..=6,
        parentheses: bool,
        sign_first: bool,
        grouped: bool,
        full_width: bool,
    ) {
        let d = rust_decimal::Decimal::new(mantissa, scale);
        let how = Decoration { mark, parentheses, sign_first, grouped, full_width };
        let text = decorated(d, how);
        let read = hrrules::data::parse_text(&text, ValueType::Money);
        let expected = if d.is_zero() { d.abs() } else { d };
        proptest::prop_assert_eq!(
            read.as_ref().map(|v| v.to_string()),
            Ok(expected.to_string()),
            "{:?}",
            text
        );
    }
}

/// Characters of the cells the equivalence property writes: ASCII, Chinese (a GB18030-only
/// one among them), full-width forms, and the three that need quoting.
const CELL_CHARS: [char; 16] = [
    'a', 'Z', '0', ' ', '王', '芳', '郑', '𠮷', '䶮', '，', '元', '¥', '€', ',', '"', '\n',
];

/// A CSV file of `rows` (two cells each), quoted where a cell needs it, in UTF-8.
fn csv_of(rows: &[(Vec<usize>, Vec<usize>)]) -> String {
    let cell = |picks: &[usize]| {
        let text: String = picks
            .iter()
            .map(|&i| CELL_CHARS[i % CELL_CHARS.len()])
            .collect();
        if text.contains([',', '"', '\n']) {
            format!("\"{}\"", text.replace('"', "\"\""))
        } else {
            text
        }
    };
    let mut out = "employee_id,name,note\n".to_string();
    for (i, (name, note)) in rows.iter().enumerate() {
        let _ = writeln!(out, "E{i:03},{},{}", cell(name), cell(note));
    }
    out
}

/// `text` in GB18030.
fn gb18030(text: &str) -> Vec<u8> {
    let mut encoder = encoding_rs::GB18030.new_encoder();
    let mut out = vec![0; text.len() * 4 + 16];
    let (result, read, written) =
        encoder.encode_from_utf8_without_replacement(text, &mut out, true);
    assert_eq!(result, encoding_rs::EncoderResult::InputEmpty);
    assert_eq!(read, text.len());
    out.truncate(written);
    out
}

/// `text` in UTF-16 with its byte-order mark.
fn utf16(text: &str, little: bool) -> Vec<u8> {
    let mut out = if little {
        vec![0xFF, 0xFE]
    } else {
        vec![0xFE, 0xFF]
    };
    for unit in text.encode_utf16() {
        out.extend(if little {
            unit.to_le_bytes()
        } else {
            unit.to_be_bytes()
        });
    }
    out
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig {
        cases: 256,
        failure_persistence: None,
        ..proptest::prelude::ProptestConfig::default()
    })]

    /// A CSV file in UTF-16 (either order, with its mark) or GB18030 reads exactly as its
    /// UTF-8 form: the same rows, row numbers, cells and problems.
    #[test]
    fn other_encodings_read_as_their_utf8_form(
        rows in proptest::collection::vec(
            (
                proptest::collection::vec(0usize..64, 0..6),
                proptest::collection::vec(0usize..64, 0..6),
            ),
            1..12,
        ),
    ) {
        let text = csv_of(&rows);
        let body = |file| {
            let out = render(file);
            out.split_once('\n').map(|(_, rest)| rest.to_string()).unwrap_or(out)
        };
        let utf8 = body(OpenOptions::default().read_stream("x.csv", text.as_bytes()));
        for (bytes, forced) in [
            (utf16(&text, true), None),
            (utf16(&text, false), None),
            (gb18030(&text), Some(Encoding::Gb18030)),
        ] {
            let options = OpenOptions { encoding: forced, ..OpenOptions::default() };
            let other = body(options.read_stream("x.csv", &bytes[..]));
            proptest::prop_assert_eq!(&other, &utf8, "{:?}", text);
        }
    }
}

/// JSON is UTF-8 only: UTF-16 JSON on standard input is refused as such, not read as CSV.
#[test]
fn utf16_json_on_a_stream_is_refused() {
    let json = utf16("[{\"employee_id\": \"E001\"}]", true);
    let err = OpenOptions::default()
        .read_stream("<stdin>", &json[..])
        .unwrap_err();
    assert!(matches!(err, DataError::Utf16 { .. }), "{err}");
    let csv = utf16("employee_id\nE001\n", false);
    let file = OpenOptions::default()
        .read_stream("<stdin>", &csv[..])
        .unwrap();
    assert_eq!(file.encoding(), Some(Encoding::Utf16Be));
}
