//! The `.xls` guard against a sheet laid out too large: calamine lays out every `.xls` sheet
//! as one dense grid from its first cell to its last (`Range::from_sparse`), for the values
//! and again for the formulas, when the workbook is opened. Two cells far apart in a small
//! file (row 0 column 0 and row 65,535 column 65,535: cell records carry 16-bit columns, though
//! Excel's own sheets stop at 256) make it reserve billions of cells, and the allocation
//! failure aborts the process, which nothing can catch. So before calamine runs, the
//! workbook stream is read out of the compound file (by the `cfb` crate, which checks the
//! file's chains) and its cell records walked: a sheet whose grid would need more than
//! [`DataLimits::max_whole_file_bytes`] refuses the file ([`DataError::SheetTooLarge`]).
//! A compound file `cfb` cannot read, or one without a workbook stream, is refused too
//! ([`DataError::Workbook`]): calamine would read it less carefully.

use crate::data::excel::WorkbookFormat;
use crate::data::{DataError, DataLimits};
use std::collections::HashMap;
use std::io::{Cursor, Read};
use std::sync::Arc;

/// Bytes calamine keeps per cell of a sheet's grid: a value and a formula text.
const GRID_CELL_BYTES: usize =
    std::mem::size_of::<calamine::Data>() + std::mem::size_of::<String>();

/// Refuses a workbook with a sheet whose grid calamine would lay out beyond `limits`.
pub(super) fn check_grid(
    name: &Arc<str>,
    bytes: &[u8],
    limits: &DataLimits,
) -> Result<(), DataError> {
    let refuse = |reason: String| DataError::Workbook {
        file: name.clone(),
        format: WorkbookFormat::Xls,
        reason,
    };
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes))
        .map_err(|e| refuse(format!("its compound file cannot be read ({e})")))?;
    let path = ["/Workbook", "/Book"]
        .into_iter()
        .find(|p| file.is_stream(p))
        .ok_or_else(|| refuse("it has no workbook stream".to_string()))?;
    let mut stream = Vec::new();
    file.open_stream(path)
        .and_then(|s| s.take(bytes.len() as u64 * 8).read_to_end(&mut stream))
        .map_err(|e| refuse(format!("its workbook stream cannot be read ({e})")))?;
    for sheet in sheets(&stream) {
        let cells = sheet.cells();
        if cells.saturating_mul(GRID_CELL_BYTES as u64) > limits.max_whole_file_bytes as u64 {
            return Err(DataError::SheetTooLarge {
                file: name.clone(),
                sheet: sheet.name,
                limit: limits.max_whole_file_bytes,
            });
        }
    }
    Ok(())
}

/// One sheet's substream: its name and the rows and columns its cell records span.
struct Extent {
    name: String,
    rows: Option<(u16, u16)>,
    columns: Option<(u16, u16)>,
}

impl Extent {
    fn cell(&mut self, row: u16, first: u16, last: u16) {
        let widen = |span: &mut Option<(u16, u16)>, lo: u16, hi: u16| {
            *span = Some(span.map_or((lo, hi), |(a, b)| (a.min(lo), b.max(hi))));
        };
        widen(&mut self.rows, row, row);
        widen(&mut self.columns, first.min(last), first.max(last));
    }

    /// The cells of the grid from the first cell to the last.
    fn cells(&self) -> u64 {
        match (self.rows, self.columns) {
            (Some((r0, r1)), Some((c0, c1))) => (u64::from(r1 - r0) + 1) * (u64::from(c1 - c0) + 1),
            _ => 0,
        }
    }
}

/// The BIFF records of a stream: (type, data), until the stream or a record ends short.
fn records(stream: &[u8]) -> impl Iterator<Item = (usize, u16, &[u8])> {
    let mut at = 0;
    std::iter::from_fn(move || {
        let head = stream.get(at..at + 4)?;
        let kind = u16::from_le_bytes([head[0], head[1]]);
        let len = usize::from(u16::from_le_bytes([head[2], head[3]]));
        let data = stream.get(at + 4..at + 4 + len)?;
        let start = at;
        at += 4 + len;
        Some((start, kind, data))
    })
}

fn word(data: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes([*data.get(at)?, *data.get(at + 1)?]))
}

/// Every substream that holds cells, named by the workbook's `BOUNDSHEET` records where they
/// point at it (`sheet at byte N` otherwise).
fn sheets(stream: &[u8]) -> Vec<Extent> {
    let mut names: HashMap<usize, String> = HashMap::new();
    let mut out: Vec<Extent> = Vec::new();
    let mut current: Option<Extent> = None;
    for (start, kind, data) in records(stream) {
        match kind {
            // BOUNDSHEET: the offset of the sheet's BOF, then its name.
            0x0085 => {
                if let (Some(offset), Some(name)) = (data.get(0..4), sheet_name(data)) {
                    let offset = u32::from_le_bytes([offset[0], offset[1], offset[2], offset[3]]);
                    names.insert(offset as usize, name);
                }
            }
            // BOF: a substream starts (a sheet, or the workbook's globals).
            0x0809 => {
                out.extend(current.take());
                current = Some(Extent {
                    name: names
                        .get(&start)
                        .cloned()
                        .unwrap_or_else(|| format!("sheet at byte {start}")),
                    rows: None,
                    columns: None,
                });
            }
            // EOF
            0x000A => out.extend(current.take()),
            // MULRK, MULBLANK: a row, the first column, ..., the last column.
            0x00BD | 0x00BE => {
                if let (Some(e), Some(row), Some(first)) =
                    (current.as_mut(), word(data, 0), word(data, 2))
                {
                    let last = data.len().checked_sub(2).and_then(|at| word(data, at));
                    e.cell(row, first, last.unwrap_or(first));
                }
            }
            // NUMBER, LABEL, RSTRING, BOOLERR, RK, LABELSST, FORMULA, BLANK: a row and a column.
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 | 0x0201 => {
                if let (Some(e), Some(row), Some(column)) =
                    (current.as_mut(), word(data, 0), word(data, 2))
                {
                    e.cell(row, column, column);
                }
            }
            _ => {}
        }
    }
    out.extend(current);
    out.retain(|e| e.rows.is_some());
    out
}

/// A `BOUNDSHEET` record's name: a count, a flag (1 for UTF-16), then the characters.
fn sheet_name(data: &[u8]) -> Option<String> {
    let count = usize::from(*data.get(6)?);
    let wide = data.get(7)? & 1 == 1;
    let text = data.get(8..)?;
    Some(if wide {
        let units: Vec<u16> = (text.chunks_exact(2).take(count))
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        text.iter().take(count).map(|&b| char::from(b)).collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(kind: u16, data: &[u8]) -> Vec<u8> {
        let mut r = kind.to_le_bytes().to_vec();
        r.extend((data.len() as u16).to_le_bytes());
        r.extend(data);
        r
    }

    fn number(row: u16, column: u16) -> Vec<u8> {
        let mut d = row.to_le_bytes().to_vec();
        d.extend(column.to_le_bytes());
        d.extend([0u8; 10]);
        record(0x0203, &d)
    }

    #[test]
    fn a_sheet_spans_its_first_to_its_last_cell() {
        let mut s = record(0x0809, &[0; 16]);
        s.extend(number(3, 1));
        s.extend(number(65_535, 65_535));
        s.extend(record(0x000A, &[]));
        let sheets = sheets(&s);
        assert_eq!(sheets.len(), 1);
        assert_eq!(sheets[0].cells(), 65_533 * 65_535);
        assert_eq!(sheets[0].name, "sheet at byte 0");
    }

    #[test]
    fn mulrk_spans_its_columns_and_a_short_record_ends_the_walk() {
        let mut s = record(0x0809, &[0; 16]);
        s.extend(record(0x00BD, &[0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 9, 0]));
        s.extend([0x03, 0x02, 0xFF]); // a record cut short
        assert_eq!(sheets(&s)[0].cells(), 8);
    }
}
