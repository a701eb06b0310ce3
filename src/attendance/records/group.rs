//! Reading rows into one [`Group`] per employee: streamed (one employee held at a time) or
//! buffered (every record held, grouped).

use super::record::Reader;
use super::Group;
use crate::attendance::{Punch, RecordError};
use crate::data::{DataFile, RawRow, Rows};
use std::collections::HashMap;

/// One file being read: its reader, its rows, and the row read last.
pub(super) struct Cursor<'a> {
    reader: &'a Reader<'a>,
    rows: Rows,
    row: RawRow,
    /// Whether `row` holds a row not yet taken.
    live: bool,
}

impl<'a> Cursor<'a> {
    /// A cursor at the first row of `file`.
    pub(super) fn new(reader: &'a Reader<'a>, file: &DataFile) -> Result<Cursor<'a>, RecordError> {
        let mut cursor = Cursor {
            reader,
            rows: file.rows(None)?,
            row: RawRow::default(),
            live: false,
        };
        cursor.advance()?;
        Ok(cursor)
    }

    fn advance(&mut self) -> Result<(), RecordError> {
        self.live = self.rows.next_into(&mut self.row);
        if self.live {
            self.reader.key(&self.row)?;
        }
        Ok(())
    }

    /// The current row's employee id (checked by [`Cursor::advance`]).
    fn key(&self) -> &str {
        self.reader.key(&self.row).unwrap_or_default()
    }
}

/// Streams employees out of `cursors`, each file grouped by employee: the next employee is
/// the smallest id among the files' current rows (the only one, for one file), and every
/// file's rows for that employee are taken before moving on. With one file this is the
/// file's own order; with several, each must be sorted ascending.
pub(super) fn stream(
    cursors: &mut [Cursor<'_>],
    each: &mut impl FnMut(Group),
) -> Result<(), RecordError> {
    loop {
        let mut next: Option<usize> = None;
        for (i, c) in cursors.iter().enumerate() {
            if c.live && next.is_none_or(|n| c.key() < cursors[n].key()) {
                next = Some(i);
            }
        }
        let Some(n) = next else { return Ok(()) };
        let employee = cursors[n].key().to_string();
        let first = cursors[n]
            .reader
            .cell_at(cursors[n].row.row, cursors[n].reader.cols.employee);
        let mut punches = Ok(Vec::new());
        for c in cursors.iter_mut() {
            while c.live && c.key() == employee {
                add(&mut punches, c.reader, &c.row);
                c.advance()?;
            }
        }
        each(Group {
            employee,
            first,
            punches,
        });
    }
}

/// Reads every file whole, holding each employee's records until the end, then hands the
/// employees over in order of first appearance (file by file, row by row).
pub(super) fn buffer(
    readers: &[Reader<'_>],
    files: &[DataFile],
    each: &mut impl FnMut(Group),
) -> Result<(), RecordError> {
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut groups: Vec<Group> = Vec::new();
    let mut row = RawRow::default();
    for (reader, file) in readers.iter().zip(files) {
        let mut rows = file.rows(None)?;
        while rows.next_into(&mut row) {
            let key = reader.key(&row)?;
            let g = match index.get(key) {
                Some(&g) => g,
                None => {
                    index.insert(key.to_string(), groups.len());
                    groups.push(Group {
                        employee: key.to_string(),
                        first: reader.cell_at(row.row, reader.cols.employee),
                        punches: Ok(Vec::new()),
                    });
                    groups.len() - 1
                }
            };
            add(&mut groups[g].punches, reader, &row);
        }
    }
    drop(index);
    groups.into_iter().for_each(each);
    Ok(())
}

/// Adds a row's record to an employee's; the first bad record replaces them with its error,
/// and later rows are not read further.
fn add(punches: &mut Result<Vec<Punch>, RecordError>, reader: &Reader<'_>, row: &RawRow) {
    if let Ok(list) = punches {
        match reader.punch(row) {
            Ok(p) => list.push(p),
            Err(e) => *punches = Err(e),
        }
    }
}
