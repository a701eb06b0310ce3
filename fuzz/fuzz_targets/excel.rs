//! Any bytes as a workbook: the workbook reader (calamine, then hrrules' own conversion of
//! cells, header detection and rows) must return a table or an error, never panic, hang or
//! grow without bound; every record it gives joins, and each cell reads (or fails) as every
//! value type, with every message rendered.
//!
//! Byte 0 chooses how the rest is used (`(byte & 7) % 5`), and whether the sheet `销售明细`
//! is asked for by name (`& 8`) or the first visible worksheet read:
//! - 0, 1, 2: the bytes are an `.xlsx`, `.xls`, `.ods` file as they are (mostly damaged
//!   archives: the reader's first line of defence);
//! - 3: an `.xlsx` built around them: the bytes, split at NUL bytes, are the worksheet's XML,
//!   the shared strings' XML and the styles' XML, in a valid archive whose workbook uses the
//!   1904 date system when `byte 0 & 16`. This reaches the cell parsing that a damaged
//!   archive never does;
//! - 4: an `.ods` built around them: the bytes are `content.xml`.
#![no_main]

use hrrules::data::{join, DataFile, WorkbookFormat};
use hrrules::vocab::ValueType;
use libfuzzer_sys::fuzz_target;
use std::io::{Cursor, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Once;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

const SHEET: &str = "销售明细";

/// Whether a workbook is being read: calamine panics on some damaged files, and hrrules
/// catches those panics (`Guard` in src/data/excel/workbook.rs). libFuzzer's panic hook would
/// abort on them even so; while a workbook is read, the hook lets them unwind to hrrules'
/// `catch_unwind`. A panic that escapes it still aborts (libfuzzer-sys catches the target's
/// panics and aborts), so a panic in hrrules' own code is still a finding.
static READING_WORKBOOK: AtomicBool = AtomicBool::new(false);

fn let_caught_panics_unwind() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let libfuzzer = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !READING_WORKBOOK.load(Ordering::Relaxed) {
                libfuzzer(info);
            }
        }));
    });
}

fuzz_target!(|data: &[u8]| {
    let_caught_panics_unwind();
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let sheet = (selector & 8 != 0).then_some(SHEET);
    if (selector & 7) % 5 == 1 && std::env::var_os("HRRULES_FUZZ_SKIP_XLS").is_some() {
        // Set to fuzz the other formats only (the .xls dense grid of README.md round 7 is
        // refused by src/data/excel/xls_grid.rs since).
        return;
    }
    let (format, bytes) = match (selector & 7) % 5 {
        0 => (WorkbookFormat::Xlsx, rest.to_vec()),
        1 => (WorkbookFormat::Xls, rest.to_vec()),
        2 => (WorkbookFormat::Ods, rest.to_vec()),
        3 => (WorkbookFormat::Xlsx, xlsx(rest, selector & 16 != 0)),
        _ => (WorkbookFormat::Ods, ods(rest)),
    };
    READING_WORKBOOK.store(true, Ordering::Relaxed);
    let file = DataFile::from_workbook_bytes("fuzz", &bytes, format, sheet);
    READING_WORKBOOK.store(false, Ordering::Relaxed);
    let file = match file {
        Ok(file) => file,
        Err(e) => {
            assert!(e.is_file_error(), "a file's error: {e}");
            let _ = e.to_string();
            return;
        }
    };
    let width = file.columns().len();
    assert!(width >= 2, "a header has two or more columns");
    let dataset = match join(vec![file], "employee_id") {
        Ok(d) => d,
        Err(e) => {
            let _ = e.to_string();
            return;
        }
    };
    for record in dataset.records() {
        if let Some(e) = &record.error {
            let _ = e.to_string();
        }
        for cell in record.cells().flatten() {
            assert_eq!(cell.text, cell.text.trim(), "cells are trimmed");
            if let Some(problem) = cell.problem() {
                assert!(!problem.is_file_error(), "a cell's problem: {problem}");
                let _ = problem.to_string();
                continue;
            }
            assert!(!cell.text.is_empty(), "a blank cell is no cell");
            for (_, ty) in ValueType::ALL {
                if let Err(e) = hrrules::data::parse_cell(&cell, ty) {
                    let _ = e.to_string();
                }
            }
        }
    }
});

/// A minimal valid `.xlsx` whose sheet, shared strings and styles are parts of `rest`.
fn xlsx(rest: &[u8], date1904: bool) -> Vec<u8> {
    let mut parts = rest.splitn(3, |b| *b == 0);
    let sheet = parts.next().unwrap_or_default();
    let strings = parts.next();
    let styles = parts.next();
    let pr = if date1904 {
        r#"<workbookPr date1904="1"/>"#
    } else {
        ""
    };
    let workbook = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">{pr}<sheets><sheet name="{SHEET}" sheetId="1" r:id="rId1"/></sheets></workbook>"#
    );
    let mut rels = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>"#,
    );
    if strings.is_some() {
        rels.push_str(r#"<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>"#);
    }
    if styles.is_some() {
        rels.push_str(r#"<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>"#);
    }
    rels.push_str("</Relationships>");
    let mut files: Vec<(&str, &[u8])> = vec![
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", ROOT_RELS.as_bytes()),
        ("xl/workbook.xml", workbook.as_bytes()),
        ("xl/_rels/workbook.xml.rels", rels.as_bytes()),
        ("xl/worksheets/sheet1.xml", sheet),
    ];
    if let Some(strings) = strings {
        files.push(("xl/sharedStrings.xml", strings));
    }
    if let Some(styles) = styles {
        files.push(("xl/styles.xml", styles));
    }
    archive(&files)
}

/// A minimal `.ods` whose `content.xml` is `rest`.
fn ods(rest: &[u8]) -> Vec<u8> {
    archive(&[
        (
            "mimetype",
            b"application/vnd.oasis.opendocument.spreadsheet",
        ),
        ("META-INF/manifest.xml", ODS_MANIFEST.as_bytes()),
        ("content.xml", rest),
    ])
}

fn archive(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
    for (name, bytes) in files {
        zip.start_file(*name, options).expect("in memory");
        zip.write_all(bytes).expect("in memory");
    }
    zip.finish().expect("in memory").into_inner()
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#;

const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;

const ODS_MANIFEST: &str = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
