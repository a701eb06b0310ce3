//! Which column of a records file holds what, found once per file from its header.

use crate::attendance::RecordError;
use crate::data::DataFile;
use crate::text::name_key;

/// The positions of the columns the reader uses, among the file's columns. Names are
/// compared after Unicode normalization (NFKC), as for data columns; other columns (`name`,
/// `device`, `remark`, `client`) are ignored.
#[derive(Clone, Copy, Debug)]
pub(super) struct Columns {
    pub(super) employee: usize,
    pub(super) date: usize,
    pub(super) start: Option<usize>,
    pub(super) end: Option<usize>,
    pub(super) hours: Option<usize>,
    pub(super) shift: Option<usize>,
    pub(super) break_minutes: Option<usize>,
    pub(super) project: Option<usize>,
    pub(super) kind: Option<usize>,
    pub(super) checked_in: Option<usize>,
}

impl Columns {
    /// Finds the columns of `file`; a file without `employee_id` or `date` cannot be read.
    pub(super) fn find(file: &DataFile) -> Result<Columns, RecordError> {
        let names = file.columns();
        let find = |wanted: &str| names.iter().position(|c| name_key(c) == wanted);
        let required = |wanted: &'static str| {
            find(wanted).ok_or_else(|| RecordError::MissingColumn {
                file: file.shared_name().clone(),
                column: wanted,
                suggestion: crate::error::nearest(wanted, names.iter().map(|c| &**c))
                    .map(str::to_string),
            })
        };
        Ok(Columns {
            employee: required("employee_id")?,
            date: required("date")?,
            start: find("start"),
            end: find("end"),
            hours: find("hours"),
            shift: find("shift"),
            break_minutes: find("break_minutes"),
            project: find("project"),
            kind: find("kind"),
            checked_in: find("checked_in"),
        })
    }
}
