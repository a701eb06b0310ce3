//! The cheap first pass: the `employee_id` column alone, to learn how a file is grouped, and
//! to find whole-file problems before any employee is handed over.

use super::record::Reader;
use crate::attendance::RecordError;
use crate::data::{DataFile, RawRow};
use std::collections::hash_map::DefaultHasher;
use std::collections::HashSet;
use std::hash::{Hash, Hasher};

/// How one file's rows are ordered by employee.
#[derive(Debug)]
pub(super) struct Scan {
    /// Each employee's rows are contiguous.
    pub(super) grouped: bool,
    /// Each change of employee goes to a greater id (as text): ascending, hence grouped.
    pub(super) sorted: bool,
    /// A hash of each employee's id, while `grouped` (emptied when not).
    pub(super) seen: HashSet<u64>,
}

/// Reads the `employee_id` column of `file`. A file error (a quote never closed) or a row
/// without an employee stops here, before any employee is read.
pub(super) fn scan(reader: &Reader<'_>, file: &DataFile) -> Result<Scan, RecordError> {
    let mut rows = file.rows(Some(reader.cols.employee))?;
    let mut row = RawRow::default();
    let mut prev = String::new();
    let mut scan = Scan {
        grouped: true,
        sorted: true,
        seen: HashSet::new(),
    };
    let mut started = false;
    while rows.next_into(&mut row) {
        let key = reader.key(&row)?;
        if started && key == prev {
            continue;
        }
        if started && key < prev.as_str() {
            scan.sorted = false;
        }
        // A hash collision only makes the file look ungrouped: it is then read buffered,
        // which is slower but still right.
        if scan.grouped && !scan.seen.insert(hash(key)) {
            scan.grouped = false;
            scan.seen = HashSet::new();
        }
        prev.clear();
        prev.push_str(key);
        started = true;
    }
    Ok(scan)
}

/// Whether no employee id is in two of the sets (again, a collision only costs speed).
pub(super) fn disjoint(scans: &[Scan]) -> bool {
    let mut all: HashSet<u64> = HashSet::new();
    scans.iter().all(|s| s.seen.iter().all(|h| all.insert(*h)))
}

fn hash(key: &str) -> u64 {
    let mut hasher = DefaultHasher::new();
    key.hash(&mut hasher);
    hasher.finish()
}
