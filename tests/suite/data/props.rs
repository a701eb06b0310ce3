//! Property tests of the data readers: no row merged or dropped without an error, every
//! duplicate JSON key found, and no input making the reader hold more than its limits.

use hrrules::data::{join, read_stream, DataError, DataFile, DataLimits};
use proptest::prelude::*;
use std::io::Read;

/// A cell as written in the file, and whether it is quoted.
fn cell() -> impl Strategy<Value = (String, bool)> {
    prop_oneof![
        "[0-9]{1,7}(\\.[0-9]{2})?".prop_map(|s| (s, false)),
        prop::sample::select(vec!["华东", "王芳", "", " ", "¥8,000", "ok"])
            .prop_map(|s| (s.to_string(), s.contains(','))),
        // Quoted text with line breaks, quotes and at most two commas (a line with as many
        // commas as the header has separators looks like a swallowed row).
        prop::collection::vec(
            prop::sample::select(vec!["备注", "a", "\n", "\r\n", "\"", ",", " ", "x"]),
            0..8
        )
        .prop_filter("at most two commas", |parts| {
            parts.iter().filter(|p| **p == ",").count() <= 2
        })
        .prop_map(|parts| (parts.concat(), true)),
    ]
}

/// How the file is damaged, if at all.
#[derive(Clone, Debug)]
enum Damage {
    None,
    /// A `"` inserted at this byte offset (of the data rows).
    Quote(usize),
    /// The last quote of the data rows removed: a quote never closed.
    DropLastQuote,
    /// A NUL byte inserted.
    Nul(usize),
    /// A line end removed: two rows run together.
    JoinLines(usize),
}

fn damage() -> impl Strategy<Value = Damage> {
    prop_oneof![
        2 => Just(Damage::None),
        1 => any::<usize>().prop_map(Damage::Quote),
        1 => Just(Damage::DropLastQuote),
        1 => any::<usize>().prop_map(Damage::Nul),
        1 => any::<usize>().prop_map(Damage::JoinLines),
    ]
}

fn write_rows(rows: &[Vec<(String, bool)>], ends: &[&str]) -> (Vec<u8>, Vec<String>) {
    let mut out = Vec::new();
    let mut keys = Vec::new();
    for (i, (cells, end)) in rows.iter().zip(ends.iter().cycle()).enumerate() {
        let key = format!("E{i:03}");
        let mut line = vec![key.clone()];
        for (text, quoted) in cells.iter().take(3) {
            line.push(if *quoted {
                format!("\"{}\"", text.replace('"', "\"\""))
            } else {
                text.clone()
            });
        }
        while line.len() < 4 {
            line.push(String::new());
        }
        out.extend_from_slice(line.join(",").as_bytes());
        out.extend_from_slice(end.as_bytes());
        keys.push(key);
    }
    (out, keys)
}

fn apply(mut body: Vec<u8>, damage: &Damage) -> Vec<u8> {
    let at = |n: usize, len: usize| if len == 0 { 0 } else { n % len };
    match *damage {
        Damage::None => {}
        Damage::Quote(n) => body.insert(at(n, body.len()), b'"'),
        Damage::Nul(n) => body.insert(at(n, body.len()), 0),
        Damage::DropLastQuote => {
            if let Some(i) = body.iter().rposition(|&b| b == b'"') {
                body.remove(i);
            }
        }
        Damage::JoinLines(n) => {
            let ends: Vec<usize> = (0..body.len()).filter(|&i| body[i] == b'\n').collect();
            if !ends.is_empty() {
                body.remove(ends[n % ends.len()]);
            }
        }
    }
    body
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// Every row of a well-formed file is one record, in order, without errors. A damaged
    /// file (a stray or missing quote, a NUL, two lines run together) may lose the shape of
    /// its rows, but never silently: either the file fails with an error naming a row, or
    /// some record carries an error, or every row is still there.
    #[test]
    fn rows_are_never_merged_silently(
        rows in prop::collection::vec(prop::collection::vec(cell(), 3), 1..12),
        ends in prop::collection::vec(prop::sample::select(vec!["\n", "\r\n", "\r"]), 1..4),
        damage in damage(),
    ) {
        let (body, keys) = write_rows(&rows, &ends);
        let body = apply(body, &damage);
        let mut file = b"employee_id,sales_amount,note,region\n".to_vec();
        file.extend_from_slice(&body);
        let data = DataFile::from_csv_bytes("prop.csv", &file).and_then(|f| join(vec![f], "employee_id"));
        let data = match data {
            Ok(data) => data,
            Err(e) => {
                prop_assert!(!matches!(damage, Damage::None), "{e}");
                prop_assert!(e.to_string().starts_with("prop.csv:"), "not located: {e}");
                return Ok(());
            }
        };
        let records: Vec<_> = data.records().collect();
        let errors = records.iter().filter(|r| r.error.is_some()).count();
        let got: Vec<&str> = records.iter().map(|r| r.key.as_str()).collect();
        if matches!(damage, Damage::None) {
            prop_assert_eq!(errors, 0, "{:?}", records.iter().find_map(|r| r.error.as_ref()).map(ToString::to_string));
            prop_assert!(records.iter().all(|r| r.cells().flatten().all(|c| c.problem().is_none())));
        }
        if matches!(damage, Damage::None) {
            prop_assert_eq!(&got, &keys);
        }
        if errors == 0 {
            // A damaged cell may change a key (`"E003,",` is a quoted key `E003,`), but
            // never the number of rows.
            prop_assert_eq!(got.len(), keys.len(), "rows lost or merged without an error: {:?}", got);
        }
    }

    /// A key twice in one JSON object (the same spelling, or one equal after Unicode
    /// normalization) is an error for that object, naming the key; other objects are fine.
    #[test]
    fn duplicate_json_keys_are_always_found(
        objects in prop::collection::vec(
            prop::collection::vec((0usize..5, 0u32..100_000), 0..5), 1..8),
        victim in any::<usize>(),
        twin in 0usize..5,
        spelling in 0usize..2,
    ) {
        const NAMES: [[&str; 2]; 5] = [
            ["sales_amount", "ｓａｌｅｓ＿ａｍｏｕｎｔ"],
            ["\u{2126}", "\u{3a9}"],
            ["satisfaction", "satisfaction"],
            ["区域", "区域"],
            ["ﬁ", "fi"],
        ];
        let victim = victim % objects.len();
        let mut json = String::from("[");
        for (i, fields) in objects.iter().enumerate() {
            let mut seen = std::collections::HashSet::new();
            let mut parts = vec![format!("\"employee_id\": \"E{i:03}\"")];
            for &(name, value) in fields {
                if seen.insert(name) {
                    parts.push(format!("\"{}\": {value}", NAMES[name][0]));
                }
            }
            if i == victim {
                parts.push(format!("\"{}\": 1", NAMES[twin][0]));
                parts.push(format!("\"{}\": 2", NAMES[twin][spelling]));
            }
            json.push_str(&format!("{}{{{}}}", if i > 0 { "," } else { "" }, parts.join(", ")));
        }
        json.push(']');
        let file = DataFile::from_json_str("prop.json", &json).expect("valid JSON");
        let records: Vec<_> = join(vec![file], "employee_id").expect("joins").records().collect();
        prop_assert_eq!(records.len(), objects.len());
        for (i, record) in records.iter().enumerate() {
            let duplicate = matches!(&record.error, Some(DataError::DuplicateField { .. }));
            prop_assert_eq!(duplicate, i == victim, "{:?}", record.error);
        }
    }
}

/// Endless bytes, counting how many were read.
struct Endless {
    byte: u8,
    read: u64,
}

impl Read for Endless {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        buf.fill(self.byte);
        self.read += buf.len() as u64;
        Ok(buf.len())
    }
}

const SMALL: DataLimits = DataLimits {
    max_cell_bytes: 1024,
    max_row_bytes: 4096,
    max_header_bytes: 2048,
    max_whole_file_bytes: 1 << 20,
};

/// A stream that never ends (standard input from `/dev/zero`) stops at the limit.
#[test]
fn an_endless_stream_stops_at_the_limit() {
    let mut zero = Endless { byte: 0, read: 0 };
    let err = read_stream("<stdin>", &mut zero, &SMALL).unwrap_err();
    assert_eq!(
        err.to_string(),
        "<stdin>: the file is larger than 1 MiB, the most read at once; split it or use CSV"
    );
    assert!(
        zero.read <= (1 << 20) + 64 * 1024,
        "read {} bytes",
        zero.read
    );
}

/// A header without a line end is refused after the header limit, without reading on.
#[test]
fn a_header_without_end_is_refused() {
    let mut text = vec![b'a'; 100_000];
    text.extend_from_slice(b"\nE001\n");
    let err = read_stream("big.csv", &text[..], &SMALL).unwrap_err();
    assert_eq!(
        err.to_string(),
        "big.csv:1: the header row is longer than 2 KiB; is this a CSV file?"
    );
}

/// Cells and rows over the limits are errors of the cell and the row; what is kept of them
/// stays within the limits, and the rows after them are read as usual.
#[test]
fn long_cells_and_rows_are_bounded() {
    let mut text = b"employee_id,note,sales_amount\n".to_vec();
    text.extend_from_slice(b"E001,");
    text.extend(std::iter::repeat_n(b'x', 3000));
    text.extend_from_slice(b",215000.00\nE002,\"");
    text.extend(std::iter::repeat_n(b'y', 900));
    text.extend_from_slice(b"\",");
    text.extend(std::iter::repeat_n(b'9', 5000));
    text.extend_from_slice(b"\nE003,ok,98000\n");
    let file = read_stream("long.csv", &text[..], &SMALL).unwrap();
    let records: Vec<_> = join(vec![file], "employee_id").unwrap().records().collect();
    let keys: Vec<&str> = records.iter().map(|r| r.key.as_str()).collect();
    assert_eq!(keys, ["E001", "E002", "E003"]);
    let note = records[0].cell(1).unwrap();
    assert!(note.text.len() <= SMALL.max_cell_bytes);
    assert_eq!(
        note.problem().unwrap().to_string(),
        "long.csv:2: column `note`: the cell is 3000 bytes long, more than the limit of 1 KiB"
    );
    assert!(records[0].error.is_none(), "the note is not an input");
    assert_eq!(
        records[1].error.as_ref().unwrap().to_string(),
        "long.csv:3: the row holds 5904 bytes of text, more than the limit of 4 KiB"
    );
    assert!(records[2].error.is_none());
}

/// A quote opened at the start of a huge file keeps at most one cell's worth of it.
#[test]
fn an_unclosed_quote_in_a_huge_file_is_bounded() {
    let mut text = b"employee_id,note\nE001,\"".to_vec();
    text.extend(std::iter::repeat_n(b"E002,x\n", 100_000).flatten());
    let err = read_stream(
        "huge.csv",
        &text[..],
        &DataLimits {
            max_whole_file_bytes: 1 << 24,
            ..SMALL
        },
    )
    .and_then(|f| join(vec![f], "employee_id"))
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "huge.csv:2: column `note`: the quote that opens this cell is never closed, so the 99999 lines after it, to the end of the file, would all be one cell"
    );
}
