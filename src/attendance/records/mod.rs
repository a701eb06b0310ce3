//! The records reader: attendance records files (CSV or JSON) read into validated
//! [`Punch`]es, one [`Group`] per employee.
//!
//! Columns (names compared after NFKC, like data columns; others such as `name`, `device`,
//! `remark` or `client` are ignored): `employee_id` and `date` (required), then `start` and
//! `end` (`HH:MM`) or `hours`, and optional `shift`, `break_minutes`, `project`, `kind` and
//! `checked_in`. See docs/rules.md §24.4 for every rule and error.
//!
//! Memory: each file is first read for its `employee_id` column alone. When every file
//! keeps each employee's rows together and no employee is in two files, or when every file
//! is sorted ascending by `employee_id` (as text), the records are **streamed**: one
//! employee's records are held at a time ([`Grouping::Streamed`]). Otherwise every record is
//! held until the end, grouped by employee ([`Grouping::Buffered`]).
//!
//! ```
//! use hrrules::attendance::{read_records, PunchTime};
//! use hrrules::data::DataFile;
//! use hrrules::policy::MemorySource;
//! use hrrules::{Period, Policy};
//!
//! let cal = std::fs::read_to_string("rules/calendars/cn-2023.toml")?;
//! let files = MemorySource::new([
//!     ("hr/p.toml", "[policy]\nname = \"P\"\n[attendance]\ncalendars = [\"../calendars/cn-2023.toml\"]\n"),
//!     ("calendars/cn-2023.toml", cal.as_str()),
//! ]);
//! let policy = Policy::from_sources(&files, "hr/p.toml")?;
//! let records = DataFile::from_csv_str(
//!     "punches.csv",
//!     "employee_id,date,start,end\nE101,2023-10-09,08:00,17:00\nE101,2023-10-10,22:00,06:00\n",
//! )?;
//! let period: Period = "2023-10".parse()?;
//! let mut seen = Vec::new();
//! read_records(policy.attendance().unwrap(), period, &[records], |g| seen.push(g))?;
//! assert_eq!(seen.len(), 1);
//! let punches = seen[0].punches.as_ref().unwrap();
//! assert!(matches!(punches[1].time, PunchTime::Clock { .. }));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod columns;
mod group;
mod record;
mod scan;

use super::{Attendance, Punch, RecordError};
use crate::data::{CellRef, DataFile};
use crate::date::Period;
use group::Cursor;
use record::Reader;

/// How records were grouped by [`read_records`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Grouping {
    /// Each file's rows were already grouped by employee (and no employee was in two files,
    /// or every file was sorted ascending by `employee_id`): memory held one employee's
    /// records at a time.
    Streamed,
    /// An employee's rows were spread out: every record was held in memory, grouped, until
    /// the files were read.
    Buffered,
}

/// One employee's records: every file's rows for that employee together.
#[derive(Clone, Debug)]
pub struct Group {
    /// The employee id, as written (trimmed).
    pub employee: String,
    /// The `employee_id` cell of the employee's first row.
    pub first: CellRef,
    /// The records in file order, then row order; or the error of the FIRST bad record (the
    /// employee's later rows are then not checked).
    pub punches: Result<Vec<Punch>, RecordError>,
}

/// Reads `files` (records files opened with [`crate::data::open`],
/// [`DataFile::from_csv_str`] or [`DataFile::from_json_str`]), calling `each` once per
/// employee. [`RecordAt::file`](super::RecordAt::file) is the position of the file in
/// `files`.
///
/// Order: when the files are streamed from one file, or from files that share no
/// employee, employees come in order of first appearance (file by file, row by row); when
/// streamed from several files sorted by `employee_id`, in ascending order of the id (as
/// text); when buffered, in order of first appearance.
///
/// Whole-file problems stop the read and are returned (before any employee is handed over,
/// since the first pass finds them): an unreadable file or header, a quote never closed, no
/// `employee_id` or `date` column ([`RecordError::MissingColumn`]), and a row whose
/// `employee_id` is blank ([`RecordError::NoEmployee`]) or unreadable
/// ([`RecordError::Data`]). A bad record only makes its employee's [`Group::punches`] an
/// error; the other employees are read as usual. Overlapping records and employees missing
/// from the data are not checked here.
pub fn read_records(
    att: &Attendance,
    period: Period,
    files: &[DataFile],
    mut each: impl FnMut(Group),
) -> Result<Grouping, RecordError> {
    let readers = files
        .iter()
        .enumerate()
        .map(|(i, f)| Reader::new(att, period, f, i))
        .collect::<Result<Vec<_>, _>>()?;
    let scans = readers
        .iter()
        .zip(files)
        .map(|(r, f)| scan::scan(r, f))
        .collect::<Result<Vec<_>, _>>()?;
    if scans.iter().all(|s| s.grouped) && scan::disjoint(&scans) {
        drop(scans);
        for (reader, file) in readers.iter().zip(files) {
            group::stream(&mut [Cursor::new(reader, file)?], &mut each)?;
        }
        Ok(Grouping::Streamed)
    } else if scans.iter().all(|s| s.sorted) {
        drop(scans);
        let mut cursors = readers
            .iter()
            .zip(files)
            .map(|(r, f)| Cursor::new(r, f))
            .collect::<Result<Vec<_>, _>>()?;
        group::stream(&mut cursors, &mut each)?;
        Ok(Grouping::Streamed)
    } else {
        drop(scans);
        group::buffer(&readers, files, &mut each)?;
        Ok(Grouping::Buffered)
    }
}
