//! Guards around calamine's `.xls` reader, which trusts the file more than hrrules can.
//!
//! Four kinds of hostile `.xls` input hurt it (calamine 0.38; fixtures
//! `tests/fixtures/data_excel/err_xls_*.xls` and `found/xls_*.xls`):
//! - a `DIMENSIONS` record (0x0200) declaring an impossible range makes it reserve room for
//!   every cell of that range at once: with rows `0..0xFFFFFFF0`, a terabyte, and the
//!   allocation failure aborts the process; with a last row before the first, a subtraction
//!   overflows (a panic in a debug build, the same huge reservation in a release build);
//! - a compound file whose allocation table leads a sector back to itself makes it append the
//!   same sector forever, until memory runs out (found by the fuzz target `excel`);
//! - cells far apart are laid out as one dense grid: billions of cells from a small file;
//! - short records (a `BOUNDSHEET` of fewer than 6 bytes), a table sector cut short by the end
//!   of the file, sheet offsets past the end of the stream are indexed without a check, and
//!   panic.
//!
//! An abort or an endless allocation cannot be caught, so the first three are checked before
//! calamine runs. Every place in the file that looks like a `DIMENSIONS` record is read as
//! calamine would read it, and an impossible range refuses the file (here; it also sees a
//! record that the compound file's sectors split). calamine's reading of the compound file is
//! replayed (`xls_cfb`), which refuses a chain of sectors that comes back on itself, and its
//! reading of every sheet (`xls_grid`), which refuses sheets whose grids, or the room
//! reserved for them, would pass the memory limit. The panics of the last kind are caught (see
//! `workbook::Guard`) and become an error for the file; the panic's message is still printed
//! by the program's panic hook.

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
pub(super) fn declared(data: &[u8]) -> Option<((u32, u32), (u32, u32))> {
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
