//! A guard in front of calamine's `.ods` reader: it reads a sheet's XML until the end tag of
//! the table (and of a cell's note), and at an end of file before that tag it reads again,
//! forever (calamine 0.38; found by the fuzz target `excel`, fixture
//! `tests/fixtures/data_excel/err_ods_unclosed_table.ods`). So `content.xml` is checked to be
//! well-formed XML first: every element closed, in order. A document saved by a spreadsheet
//! always is. Unpacking `content.xml` is bounded by [`DataLimits::max_whole_file_bytes`].

use crate::data::excel::WorkbookFormat;
use crate::data::{DataError, DataLimits};
use quick_xml::events::Event;
use std::io::{Cursor, Read};
use std::sync::Arc;

/// Refuses an `.ods` file whose `content.xml` is not well-formed or unpacks to more than the
/// limit. An archive calamine cannot open, or without `content.xml`, is left for it to report.
pub(super) fn check_content(
    name: &Arc<str>,
    bytes: &[u8],
    limits: &DataLimits,
) -> Result<(), DataError> {
    let broken = |reason: String| DataError::Workbook {
        file: name.clone(),
        format: WorkbookFormat::Ods,
        reason,
    };
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    let Ok(entry) = archive.by_name("content.xml") else {
        return Ok(());
    };
    let limit = limits.max_whole_file_bytes;
    let mut content = Vec::new();
    if entry
        .take(limit as u64 + 1)
        .read_to_end(&mut content)
        .is_err()
    {
        return Ok(());
    }
    if content.len() > limit {
        return Err(broken(format!(
            "its content.xml unpacks to more than {limit} bytes"
        )));
    }
    let mut reader = quick_xml::Reader::from_reader(&content[..]);
    let mut buf = Vec::new();
    let mut depth = 0usize;
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(_)) => depth += 1,
            Ok(Event::End(_)) => depth = depth.saturating_sub(1),
            Ok(Event::Eof) if depth == 0 => return Ok(()),
            Ok(Event::Eof) => {
                return Err(broken(format!(
                    "its content.xml ends with {depth} element{} never closed",
                    if depth == 1 { "" } else { "s" }
                )))
            }
            Ok(_) => {}
            Err(e) => {
                return Err(broken(format!(
                    "its content.xml is not well-formed XML at byte {}: {e}",
                    reader.error_position()
                )))
            }
        }
        buf.clear();
    }
}
