//! Guards around calamine's `.xls` reader, which trusts the file more than hrrules can.
//!
//! Three kinds of hostile `.xls` input hurt it (calamine 0.38; fixtures
//! `tests/fixtures/data_excel/err_xls_*.xls` and `found/xls_*.xls`):
//! - a `DIMENSIONS` record (0x0200) declaring an impossible range makes it reserve room for
//!   every cell of that range at once: with rows `0..0xFFFFFFF0`, a terabyte, and the
//!   allocation failure aborts the process; with a last row before the first, a subtraction
//!   overflows (a panic in a debug build, the same huge reservation in a release build);
//! - a compound file whose allocation table leads a sector back to itself makes it append the
//!   same sector forever, until memory runs out (found by the fuzz target `excel`);
//! - short records (a `BOUNDSHEET` of fewer than 6 bytes), a table sector cut short by the end
//!   of the file, sheet offsets past the end of the stream are indexed without a check, and
//!   panic.
//!
//! An abort or an endless allocation cannot be caught, so the first two are checked before
//! calamine runs. The allocation table is rebuilt as calamine builds it and any cycle in it
//! refuses the file. Every place in the file that looks like a `DIMENSIONS` record is read as
//! calamine would read it, and an impossible range refuses the file: a guard, not a proof, as
//! a record split across two non-adjacent sectors of the compound file is not seen whole. The
//! panics of the third kind are caught (see `workbook::Guard`) and become an error for the
//! file; the panic's message is still printed by the program's panic hook. A fourth kind,
//! cells far apart laid out as one dense grid, is refused by `xls_grid`.

use crate::data::excel::WorkbookFormat;
use crate::data::DataError;
use std::sync::Arc;

/// The most cells an `.xls` sheet has: 65,536 rows of 256 columns.
const MAX_CELLS: u64 = 65_536 * 256;

/// Refuses a file with a `DIMENSIONS` record that would make calamine reserve more cells than
/// an `.xls` sheet holds, or compute a negative size.
pub(super) fn check_dimensions(name: &Arc<str>, bytes: &[u8]) -> Result<(), DataError> {
    for at in memchr::memmem::find_iter(bytes, b"\x00\x02") {
        let Some(len) = bytes.get(at + 2..at + 4) else {
            break;
        };
        let len = usize::from(u16::from_le_bytes([len[0], len[1]]));
        let Some(data) = bytes.get(at + 4..at + 4 + len) else {
            continue;
        };
        if let Some((rows, columns)) = declared(data) {
            if !fits(rows, columns) {
                return Err(DataError::Workbook {
                    file: name.clone(),
                    format: WorkbookFormat::Xls,
                    reason: format!(
                        "a DIMENSIONS record declares rows {} to {} and columns {} to {}, which no sheet holds",
                        rows.0, rows.1, columns.0, columns.1
                    ),
                });
            }
        }
    }
    Ok(())
}

/// The first and last row and column a `DIMENSIONS` record's data declares, as calamine
/// reads them (`parse_dimensions`), or `None` when it is not one calamine would use.
fn declared(data: &[u8]) -> Option<((u32, u32), (u32, u32))> {
    let u16_at = |i: usize| {
        data.get(i..i + 2)
            .map(|b| u32::from(u16::from_le_bytes([b[0], b[1]])))
    };
    let u32_at = |i: usize| {
        data.get(i..i + 4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    };
    let (rf, rl, mut cf, cl) = match data.len() {
        10 => (u16_at(0)?, u16_at(2)?, u16_at(4)?, u16_at(6)?),
        14 | 16 => (u32_at(0)?, u32_at(4)?, u16_at(8)?, u16_at(10)?),
        _ => return None,
    };
    if cf > 0xFF || cl < cf {
        cf = 0;
    }
    // calamine takes `rl - 1` and `cl - 1` as the last row and column when both are 1 or more,
    // and a single cell otherwise.
    (rl >= 1 && cl >= 1).then(|| ((rf, rl - 1), (cf, cl - 1)))
}

/// Whether a declared range is one calamine can lay out: last at or after first, and no
/// more cells than a sheet has.
fn fits((first_row, last_row): (u32, u32), (first_column, last_column): (u32, u32)) -> bool {
    if last_row < first_row || last_column < first_column {
        return false;
    }
    let rows = u64::from(last_row - first_row) + 1;
    let columns = u64::from(last_column - first_column) + 1;
    rows.saturating_mul(columns) <= MAX_CELLS
}

/// The OLE compound file's signature, which every `.xls` file starts with.
const SIGNATURE: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

/// Whether `bytes` are an OLE compound file: an `.xls` workbook, or a password-protected
/// `.xlsx` (which Excel stores encrypted inside one).
pub(super) fn is_compound_file(bytes: &[u8]) -> bool {
    bytes.starts_with(SIGNATURE)
}
/// Sector numbers from here on are markers (end of chain, free, ...), not sectors.
const RESERVED_SECTORS: u32 = 0xFFFF_FFFA;
/// A DIFAT entry at or past this is no FAT sector.
const DIFSECT: u32 = 0xFFFF_FFFC;

/// Refuses a compound file whose allocation table (FAT) has a cycle: calamine follows a chain
/// until its end marker or, for the directory, without any bound, so a sector that leads back
/// to itself makes it append the same sector forever, until memory runs out. The table is
/// rebuilt as calamine builds it (`Cfb::new`); anything calamine itself refuses (a bad
/// header, a sector past the end) is left for it to report.
pub(super) fn check_chains(name: &Arc<str>, bytes: &[u8]) -> Result<(), DataError> {
    let Some(fats) = allocation_table(bytes) else {
        return Ok(());
    };
    // Each sector leads to the next of its chain; a chain ends at a marker or a number past
    // the table. Colour the sectors: 1 while on the chain being walked, 2 once known to end.
    let mut state = vec![0u8; fats.len()];
    for start in 0..fats.len() {
        let mut path = Vec::new();
        let mut at = start;
        while let Some(0) = state.get(at) {
            state[at] = 1;
            path.push(at);
            at = fats[at] as usize;
        }
        if state.get(at) == Some(&1) {
            return Err(DataError::Workbook {
                file: name.clone(),
                format: WorkbookFormat::Xls,
                reason: format!(
                    "its sector {at} leads back to itself through its allocation table"
                ),
            });
        }
        for sector in path {
            state[sector] = 2;
        }
    }
    Ok(())
}

/// The compound file's FAT as calamine reads it, or `None` where calamine stops first.
fn allocation_table(bytes: &[u8]) -> Option<Vec<u32>> {
    if !bytes.starts_with(SIGNATURE) || bytes.len() < 512 {
        return None;
    }
    let u32_at = |b: &[u8], i: usize| {
        b.get(i..i + 4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    };
    let size: usize = match bytes.get(30..32)? {
        [0x09, 0x00] => 512,
        [0x0C, 0x00] => 4096,
        _ => return None,
    };
    let body = bytes.get(size..)?;
    let max_id = bytes.len() / size;
    let sector = |id: u32| -> Option<&[u8]> {
        if id as usize > max_id {
            return None;
        }
        let start = (id as usize).checked_mul(size)?;
        let end = start.checked_add(size)?.min(body.len());
        let found = body.get(start..end).unwrap_or_default();
        // calamine asserts that a table's sector is whole words (a panic, caught).
        (found.len() % 4 == 0).then_some(found)
    };
    let mut difat: Vec<u32> = words(bytes.get(76..512)?).collect();
    let mut next = u32_at(bytes, 68)?;
    let mut followed = 0usize;
    while next < RESERVED_SECTORS {
        followed += 1;
        if followed > max_id + 1 {
            return None;
        }
        difat.extend(words(sector(next)?));
        next = difat.pop()?;
    }
    let mut fats = Vec::new();
    for id in difat.into_iter().filter(|id| *id < DIFSECT) {
        fats.extend(words(sector(id)?));
    }
    Some(fats)
}

/// Little-endian words, as calamine's `to_u32` reads a table's sector.
fn words(b: &[u8]) -> impl Iterator<Item = u32> + '_ {
    b.chunks_exact(4)
        .map(|w| u32::from_le_bytes([w[0], w[1], w[2], w[3]]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(rf: u32, rl: u32, cf: u16, cl: u16) -> Vec<u8> {
        let mut out = vec![0x00, 0x02, 14, 0];
        out.extend(rf.to_le_bytes());
        out.extend(rl.to_le_bytes());
        out.extend(cf.to_le_bytes());
        out.extend(cl.to_le_bytes());
        out.extend([0, 0]);
        out
    }

    #[test]
    fn impossible_dimensions_are_refused() {
        let name: Arc<str> = Arc::from("x.xls");
        assert!(check_dimensions(&name, &record(0, 6, 0, 6)).is_ok());
        assert!(check_dimensions(&name, &record(0, 65_536, 0, 256)).is_ok());
        assert!(check_dimensions(&name, &record(0, 0, 0, 0)).is_ok());
        let huge = check_dimensions(&name, &record(0, 0xFFFF_FFF0, 0, 6)).unwrap_err();
        assert!(huge.to_string().contains("rows 0 to 4294967279"), "{huge}");
        assert!(check_dimensions(&name, &record(10, 3, 0, 6)).is_err());
        assert!(check_dimensions(&name, &record(0, 6, 5, 5)).is_err());
        assert!(check_dimensions(&name, &[0, 2, 14]).is_ok());
    }
}
