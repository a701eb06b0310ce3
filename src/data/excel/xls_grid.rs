//! The `.xls` guard against sheets laid out too large: calamine lays out every `.xls` sheet
//! as one dense grid from its first cell to its last (`Range::from_sparse`), for the values
//! and again for the formulas, when the workbook is opened. Two cells far apart in a small
//! file (row 0 column 0 and row 65,535 column 65,535: cell records carry 16-bit columns, though
//! Excel's own sheets stop at 256) make it reserve billions of cells, and the allocation
//! failure aborts the process, which nothing can catch.
//!
//! So before calamine runs, its reading is replayed: the workbook stream as calamine takes
//! it out of the compound file (`xls_cfb`), the `BOUNDSHEET` records of the workbook's
//! globals, then each sheet read from its `BOUNDSHEET` offset to its `EOF`, skipping nested
//! substreams (embedded charts), with the same records calamine turns into cells. The memory
//! calamine would hold at its peak (the grids of the sheets read so far, the cells of the
//! sheet being read and the room a `DIMENSIONS` record makes it reserve, and the copy of the
//! sheet handed over) must stay within [`DataLimits::max_whole_file_bytes`], or the file is
//! refused ([`DataError::SheetTooLarge`], naming the sheet that passes the limit).
//!
//! The sheets of a well-formed workbook are disjoint parts of its stream. Offsets that make
//! sheets overlap would make calamine read the same records again for every `BOUNDSHEET`
//! (a small file could cost it minutes): the records read for all sheets together must not
//! pass the stream's own length ([`DataError::Workbook`]). The walk stops there too, so the
//! guard's own work stays linear.

use super::xls_cfb::{self, Stop};
use crate::data::excel::WorkbookFormat;
use crate::data::{DataError, DataLimits};
use std::sync::Arc;

/// Bytes of a value in calamine's grid.
const VALUE_BYTES: u64 = std::mem::size_of::<calamine::Data>() as u64;
/// Bytes of a formula text in calamine's formula grid.
const FORMULA_BYTES: u64 = std::mem::size_of::<String>() as u64;
/// Bytes of a cell calamine collects before laying a sheet out (a value and its place).
const CELL_BYTES: u64 = VALUE_BYTES + 8;

/// Refuses a workbook whose sheets calamine would lay out beyond `limits`.
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
    let stream = match xls_cfb::workbook_stream(bytes) {
        Ok(stream) => stream,
        Err(Stop::Refuse(reason)) => return Err(refuse(reason)),
        // calamine stops on its own before it lays out any sheet.
        Err(Stop::Error | Stop::Panic) => return Ok(()),
    };
    let limit = limits.max_whole_file_bytes as u64;
    let mut budget = stream.len();
    let mut held = 0u64;
    let mut largest_values = 0u64;
    for (offset, sheet) in bound_sheets(&stream) {
        // An offset past the stream: calamine panics there (caught), and stops.
        let Some(from) = stream.get(offset..) else {
            break;
        };
        let Some(read) = read_sheet(from, budget) else {
            return Err(refuse(format!(
                "its sheets overlap: reading them all would read more than the {} bytes of its workbook stream",
                stream.len()
            )));
        };
        budget -= read.length;
        let grids = read.values.cells() * VALUE_BYTES + read.formulas.cells() * FORMULA_BYTES;
        let peak = held.saturating_add(read.collected).saturating_add(grids);
        held = held.saturating_add(grids);
        largest_values = largest_values.max(read.values.cells() * VALUE_BYTES);
        if peak > limit || held.saturating_add(largest_values) > limit {
            return Err(DataError::SheetTooLarge {
                file: name.clone(),
                sheet,
                limit: limits.max_whole_file_bytes,
            });
        }
        if read.failed {
            break;
        }
    }
    Ok(())
}

/// The rows and columns a sheet's cells span.
#[derive(Default)]
struct Extent {
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

/// One sheet as calamine reads it.
#[derive(Default)]
struct Sheet {
    values: Extent,
    formulas: Extent,
    /// Bytes of the cells collected before the grid is laid out, with the room reserved.
    collected: u64,
    /// Bytes of records read.
    length: usize,
    /// calamine stops with an error in this sheet: no grid, and no sheet after it.
    failed: bool,
}

/// The BIFF records of a stream as calamine's `RecordIter` yields them: (offset, type,
/// data), then `Err` where a record is cut short (calamine's error). `CONTINUE` records come
/// as records of their own; calamine appends them to the record before, and neither reading
/// looks at them.
fn records(stream: &[u8]) -> impl Iterator<Item = Result<(usize, u16, &[u8]), ()>> {
    let mut at = 0;
    let mut done = false;
    std::iter::from_fn(move || {
        if done || at == stream.len() {
            return None;
        }
        let record = stream.get(at..at + 4).and_then(|head| {
            let kind = u16::from_le_bytes([head[0], head[1]]);
            let len = usize::from(u16::from_le_bytes([head[2], head[3]]));
            Some((kind, stream.get(at + 4..at + 4 + len)?))
        });
        let Some((kind, data)) = record else {
            done = true;
            return Some(Err(()));
        };
        let start = at;
        at += 4 + data.len();
        Some(Ok((start, kind, data)))
    })
}

fn word(data: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes([*data.get(at)?, *data.get(at + 1)?]))
}

/// The sheets calamine reads: the `BOUNDSHEET` records of the workbook's globals, up to
/// their `EOF`, as (offset, name). None where calamine fails on the globals.
fn bound_sheets(stream: &[u8]) -> Vec<(usize, String)> {
    let mut sheets = Vec::new();
    for record in records(stream) {
        let Ok((_, kind, data)) = record else {
            return Vec::new();
        };
        match kind {
            0x0085 => {
                // calamine reads the offset, the visibility and the kind unchecked (a panic
                // when short) and refuses a visibility or kind it does not know.
                let (Some(offset), Some(&visible), Some(&kind)) =
                    (data.get(0..4), data.get(4), data.get(5))
                else {
                    return Vec::new();
                };
                if visible & 0x3F > 2 || ![0, 1, 2, 6].contains(&kind) {
                    return Vec::new();
                }
                let offset = u32::from_le_bytes([offset[0], offset[1], offset[2], offset[3]]);
                let name = sheet_name(data).unwrap_or_else(|| format!("sheet at byte {offset}"));
                sheets.push((offset as usize, name));
            }
            0x000A => break,
            _ => {}
        }
    }
    sheets
}

/// Reads a sheet from its offset as calamine does, or `None` when it reads more than
/// `budget` bytes of records.
fn read_sheet(from: &[u8], budget: usize) -> Option<Sheet> {
    let mut sheet = Sheet::default();
    let (mut seen_bof, mut depth) = (false, 0usize);
    let mut formula_at = (0u16, 0u16);
    let mut cells = 0u64;
    let mut reserved = 0u64;
    for record in records(from) {
        let Ok((start, kind, data)) = record else {
            sheet.failed = true;
            break;
        };
        sheet.length = start + 4 + data.len();
        if sheet.length > budget {
            return None;
        }
        if depth > 0 {
            match kind {
                0x0809 => depth += 1,
                0x000A => depth -= 1,
                _ => {}
            }
            continue;
        }
        let at = (word(data, 0), word(data, 2));
        match kind {
            0x0809 if seen_bof => depth += 1,
            0x0809 => seen_bof = true,
            0x000A => break,
            // DIMENSIONS: calamine reserves room for every cell it declares.
            0x0200 => match dimensions(data) {
                Some(declared) => reserved = reserved.max(declared),
                None => {
                    sheet.failed = true;
                    break;
                }
            },
            // NUMBER, LABEL, RSTRING, BOOLERR, RK, LABELSST: a row and a column.
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD => {
                if let (Some(row), Some(column)) = at {
                    sheet.values.cell(row, column, column);
                    cells += 1;
                }
            }
            // STRING: a formula's text value, at the last formula's cell ((0, 0) before any).
            0x0207 => {
                sheet.values.cell(formula_at.0, formula_at.1, formula_at.1);
                cells += 1;
            }
            // MULRK: a row, the first column, ..., the last column.
            0x00BD => {
                let last = data.len().checked_sub(2).and_then(|l| word(data, l));
                match (at, last) {
                    ((Some(row), Some(first)), Some(last)) if data.len() >= 6 && last >= first => {
                        sheet.values.cell(row, first, last);
                        cells += u64::from(last - first) + 1;
                    }
                    _ => {
                        sheet.failed = true;
                        break;
                    }
                }
            }
            // FORMULA: a value (maybe) and a formula text.
            0x0006 => match at {
                (Some(row), Some(column)) if data.len() >= 20 => {
                    formula_at = (row, column);
                    sheet.values.cell(row, column, column);
                    sheet.formulas.cell(row, column, column);
                    cells += 2;
                }
                _ => {
                    sheet.failed = true;
                    break;
                }
            },
            _ => {}
        }
    }
    // The cells are collected in a vector that doubles as it grows, beside the room reserved.
    sheet.collected = (cells.saturating_mul(2).saturating_add(reserved)).saturating_mul(CELL_BYTES);
    Some(sheet)
}

/// The cells a `DIMENSIONS` record makes calamine reserve room for, or `None` where calamine
/// fails on it. A range that ends before it starts, an overflow in calamine, counts as every
/// cell there is.
fn dimensions(data: &[u8]) -> Option<u64> {
    if ![10, 14, 16].contains(&data.len()) {
        return None;
    }
    Some(match super::xls::declared(data) {
        None => 1,
        Some(((r0, r1), (c0, c1))) => match (r1.checked_sub(r0), c1.checked_sub(c0)) {
            (Some(rows), Some(columns)) => (u64::from(rows) + 1) * (u64::from(columns) + 1),
            _ => u64::MAX,
        },
    })
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

    fn boundsheet(offset: u32, name: &str) -> Vec<u8> {
        let mut d = offset.to_le_bytes().to_vec();
        d.extend([0, 0, name.len() as u8, 0]);
        d.extend(name.bytes());
        record(0x0085, &d)
    }

    #[test]
    fn a_sheet_spans_its_first_to_its_last_cell() {
        let mut s = record(0x0809, &[0; 16]);
        s.extend(number(3, 1));
        s.extend(number(65_535, 65_535));
        s.extend(record(0x000A, &[]));
        let sheet = read_sheet(&s, s.len()).unwrap();
        assert_eq!(sheet.values.cells(), 65_533 * 65_535);
        assert_eq!(sheet.length, s.len());
        assert!(!sheet.failed);
    }

    #[test]
    fn mulrk_spans_its_columns_and_a_short_record_fails_the_sheet() {
        let mut s = record(0x0809, &[0; 16]);
        s.extend(record(0x00BD, &[0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 9, 0]));
        s.extend([0x03, 0x02, 0xFF]); // a record cut short
        let sheet = read_sheet(&s, s.len()).unwrap();
        assert_eq!(sheet.values.cells(), 8);
        assert!(sheet.failed);
    }

    #[test]
    fn a_nested_substream_is_skipped_and_the_sheet_ends_at_its_eof() {
        let mut s = record(0x0809, &[0; 16]);
        s.extend(number(0, 0));
        s.extend(record(0x0809, &[0; 16])); // an embedded chart
        s.extend(number(60_000, 200));
        s.extend(record(0x000A, &[]));
        s.extend(record(0x000A, &[]));
        s.extend(number(65_000, 250)); // after the sheet's EOF
        let sheet = read_sheet(&s, s.len()).unwrap();
        assert_eq!(sheet.values.cells(), 1);
    }

    /// The fuzzer's file: cells calamine reads from a sheet's offset, which a walk of the
    /// stream from its start never sees as records.
    #[test]
    fn each_sheet_is_read_from_its_own_offset() {
        let mut sheet = record(0x0809, &[0; 16]);
        sheet.extend(number(0, 0));
        sheet.extend(number(65_535, 255));
        sheet.extend(record(0x000A, &[]));
        // Globals: a BOUNDSHEET pointing past its EOF into an SST record hiding the sheet.
        let globals_len = boundsheet(0, "Sheet1").len() + record(0x000A, &[]).len();
        let hidden_at = globals_len + 4;
        let mut globals = boundsheet(hidden_at as u32, "Sheet1");
        globals.extend(record(0x000A, &[]));
        let mut stream = globals.clone();
        stream.extend(record(0x00FC, &sheet)); // an SST record wrapping the sheet's bytes
        assert_eq!(
            bound_sheets(&stream),
            vec![(hidden_at, "Sheet1".to_string())]
        );
        let read = read_sheet(&stream[hidden_at..], stream.len()).unwrap();
        assert_eq!(read.values.cells(), 65_536 * 256);
    }

    #[test]
    fn overlapping_sheets_pass_the_budget() {
        let mut s = record(0x0809, &[0; 16]);
        s.extend(number(1, 1));
        s.extend(record(0x000A, &[]));
        assert!(read_sheet(&s, s.len()).is_some());
        assert!(read_sheet(&s, s.len() - 1).is_none());
    }

    #[test]
    fn dimensions_reserve_their_cells() {
        let d = |rf: u32, rl: u32, cf: u16, cl: u16| {
            let mut v = rf.to_le_bytes().to_vec();
            v.extend(rl.to_le_bytes());
            v.extend(cf.to_le_bytes());
            v.extend(cl.to_le_bytes());
            v.extend([0, 0]);
            v
        };
        assert_eq!(dimensions(&d(0, 10, 0, 4)), Some(40));
        assert_eq!(dimensions(&d(0, 0, 0, 0)), Some(1));
        assert_eq!(dimensions(&d(10, 3, 0, 4)), Some(u64::MAX));
        assert_eq!(dimensions(&[0; 7]), None);
    }
}
