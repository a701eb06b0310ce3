//! Joining data files on the key column into one record per employee.

use super::file::{DataFile, Rows};
use super::row::RawRow;
use super::{CellRef, CellText, DataError, Mapping, Place, Record, RowRef, Slot};
use crate::text::name_key;
use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::collections::HashSet;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

/// The joined view of one or more data files, ready to be read record by record.
#[derive(Debug)]
pub struct Dataset {
    /// Every column of every file: the first file's, in order, then each later file's new ones.
    pub columns: Vec<Arc<str>>,
    key_column: Arc<str>,
    files: Vec<Arc<str>>,
    first: Part,
    /// Keys that occur more than once in the first file, with their rows.
    first_duplicates: HashMap<String, Vec<u64>>,
    others: Vec<Indexed>,
    /// Each file's name and columns, first file first, shared by the records.
    places: Arc<[Place]>,
}

/// A file's place in the joined columns.
#[derive(Debug)]
struct Part {
    /// Its index in [`Dataset::files`] (and the places).
    index: usize,
    name: Arc<str>,
    columns: Arc<[Arc<str>]>,
    /// Joined column of each of the file's columns.
    to_joined: Vec<usize>,
    /// The key's position among the file's columns.
    key: usize,
    rows: Option<DataFile>,
}

/// A later file, read whole and indexed by key.
#[derive(Debug)]
struct Indexed {
    part: Part,
    rows: Vec<RawRow>,
    keys: Vec<String>,
    by_key: HashMap<String, Vec<usize>>,
}

/// Joins data files on the `key` column (`employee_id`).
///
/// The first file decides the employees and their order; the others add columns. Fails only
/// for problems with a whole file: a file without the key column, or (from
/// [`open`](super::open)) an unreadable header or a repeated column name. Row problems are
/// reported on the records.
pub fn join(files: Vec<DataFile>, key: &str) -> Result<Dataset, DataError> {
    join_mapped(files, key, &Mapping::new())
}

/// [`join`] with every file's columns renamed by `mapping` first ([`Mapping::join`]).
pub(crate) fn join_mapped(
    files: Vec<DataFile>,
    key: &str,
    mapping: &Mapping,
) -> Result<Dataset, DataError> {
    let mut files = files.into_iter();
    let first = files.next().ok_or(DataError::NoFiles)?;
    let mut columns: Vec<Arc<str>> = Vec::new();
    let mut by_name: HashMap<String, usize> = HashMap::new();
    let mut names = Vec::new();

    let first = place(first, 0, (key, mapping), &mut columns, &mut by_name)?;
    // The first file's rows become records as they are (Records::first_record): its columns
    // are the first joined ones, in its order (a file never names a column twice).
    debug_assert!(first.to_joined.iter().enumerate().all(|(i, &j)| i == j));
    names.push(first.name.clone());
    let first_duplicates = match &first.rows {
        Some(file) => duplicates(file, first.key)?,
        None => HashMap::new(),
    };

    let mut others = Vec::new();
    for file in files {
        let mut part = place(
            file,
            names.len(),
            (key, mapping),
            &mut columns,
            &mut by_name,
        )?;
        names.push(part.name.clone());
        let rows: Vec<RawRow> = match part.rows.take() {
            Some(file) => file.rows(None)?.collect(),
            None => Vec::new(),
        };
        if let Some(e) = rows.last().and_then(|r| r.error.as_ref()) {
            if e.is_file_error() {
                return Err(e.clone());
            }
        }
        let keys: Vec<String> = rows
            .iter()
            .map(|r| key_of(r, part.key).to_string())
            .collect();
        let mut by_key: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, k) in keys.iter().enumerate() {
            if !k.is_empty() {
                by_key.entry(k.clone()).or_default().push(i);
            }
        }
        others.push(Indexed {
            part,
            rows,
            keys,
            by_key,
        });
    }

    let places = std::iter::once(&first)
        .chain(others.iter().map(|o| &o.part))
        .map(|part| Place {
            file: part.name.clone(),
            columns: part.columns.clone(),
        })
        .collect();
    Ok(Dataset {
        places,
        columns,
        key_column: Arc::from(key),
        files: names,
        first,
        first_duplicates,
        others,
    })
}

/// Adds a file's new columns (renamed by the mapping) to the joined columns and finds its
/// key column.
fn place(
    file: DataFile,
    index: usize,
    (key, mapping): (&str, &Mapping),
    columns: &mut Vec<Arc<str>>,
    by_name: &mut HashMap<String, usize>,
) -> Result<Part, DataError> {
    // The file's headers as written name its cells in messages; the renamed ones join.
    let own = file.shared_columns().clone();
    let renamed = mapping.rename(file.shared_name(), &own)?;
    let key_at = renamed.iter().position(|c| name_key(c) == name_key(key));
    let key_at = match key_at {
        Some(i) => i,
        // A JSON file without a single key (an empty array, an array of arrays) has no key
        // column, and each of its rows says what is wrong with it.
        None if file.is_keyless_json() => usize::MAX,
        None => {
            return Err(DataError::MissingKeyColumn {
                file: file.shared_name().clone(),
                key: key.to_string(),
                suggestion: crate::error::nearest(key, renamed.iter().map(|c| &**c))
                    .map(str::to_string),
            })
        }
    };
    let to_joined = renamed
        .iter()
        .map(|c| {
            *by_name.entry(name_key(c).into_owned()).or_insert_with(|| {
                columns.push(c.clone());
                columns.len() - 1
            })
        })
        .collect();
    Ok(Part {
        index,
        name: file.shared_name().clone(),
        columns: own,
        to_joined,
        key: key_at,
        rows: Some(file),
    })
}

/// The keys found more than once in a file, each with all its rows, ascending.
///
/// Reads the key column only, keeping 16 bytes per row (a hash of the key and the row), so a
/// million-row file costs a few megabytes. Rows whose hashes collide are read once more to
/// compare the keys themselves; that pass happens only when the file has likely duplicates.
fn duplicates(file: &DataFile, key: usize) -> Result<HashMap<String, Vec<u64>>, DataError> {
    let mut hashes: Vec<(u64, u64)> = Vec::new();
    let mut rows = file.rows(Some(key))?;
    let mut row = RawRow::default();
    while rows.next_into(&mut row) {
        // This pass reads the whole file first: a quote never closed, or a read error, stops
        // the file here, before any record is produced.
        if let Some(e) = row.error.as_ref().filter(|e| e.is_file_error()) {
            return Err(e.clone());
        }
        let k = key_of(&row, key);
        if !k.is_empty() {
            hashes.push((hash(k), row.row));
        }
    }
    hashes.sort_unstable();
    let mut candidates = HashSet::new();
    for pair in hashes.windows(2) {
        if let [(a, row_a), (b, row_b)] = pair {
            if a == b {
                candidates.insert(*row_a);
                candidates.insert(*row_b);
            }
        }
    }
    drop(hashes);
    let mut by_key: HashMap<String, Vec<u64>> = HashMap::new();
    if !candidates.is_empty() {
        let mut rows = file.rows(Some(key))?;
        while rows.next_into(&mut row) {
            if candidates.contains(&row.row) {
                by_key
                    .entry(key_of(&row, key).to_string())
                    .or_default()
                    .push(row.row);
            }
        }
    }
    by_key.retain(|k, rows| !k.is_empty() && rows.len() > 1);
    Ok(by_key)
}

fn hash(key: &str) -> u64 {
    let mut hasher = DefaultHasher::new();
    key.hash(&mut hasher);
    hasher.finish()
}

/// The row's key; blank when the key cell has a problem (its text is not to be trusted).
fn key_of(row: &RawRow, key: usize) -> &str {
    match row.cells.get(key) {
        Some(Some(cell)) if cell.problem.is_none() => row.text_of(cell),
        _ => "",
    }
}

/// The problem of a row's key cell (not UTF-8, ...): a problem of the whole row, since the
/// key names the employee.
fn key_problem(row: &RawRow, key: usize) -> Option<DataError> {
    match row.cells.get(key) {
        Some(Some(cell)) => cell.problem.as_deref().cloned(),
        _ => None,
    }
}

impl Dataset {
    /// The key column's name.
    pub fn key_column(&self) -> &str {
        &self.key_column
    }

    /// The files joined, first file first.
    pub fn files(&self) -> &[Arc<str>] {
        &self.files
    }

    /// Every file's columns as the file writes them (before any mapping), with the file:
    /// first file first, each in its order.
    pub fn headers(&self) -> impl Iterator<Item = (&Arc<str>, &Arc<str>)> {
        (self.places.iter()).flat_map(|p| p.columns.iter().map(move |c| (&p.file, c)))
    }

    /// Column `i` of [`Dataset::columns`] as the first file having it writes it, with that
    /// file: what a message about the column names.
    pub fn column_source(&self, i: usize) -> Option<super::ColumnRef> {
        let parts = std::iter::once(&self.first).chain(self.others.iter().map(|o| &o.part));
        for part in parts {
            if let Some(at) = part.to_joined.iter().position(|&j| j == i) {
                return Some(super::ColumnRef {
                    file: part.name.clone(),
                    column: part.columns.get(at)?.clone(),
                });
            }
        }
        None
    }

    /// The position of a column in [`Dataset::columns`] and [`Record::cells`]. Names are
    /// compared after Unicode normalization (NFKC): `ｅｍｐｌｏｙｅｅ＿ｉｄ` finds `employee_id`.
    pub fn column_index(&self, name: &str) -> Option<usize> {
        let wanted = name_key(name);
        self.columns.iter().position(|c| name_key(c) == wanted)
    }

    /// The records: one per row of the first file, in order, then one per row of a later
    /// file whose key the first file lacks. The first file is read as the iterator advances.
    pub fn records(mut self) -> Records {
        let rows = self.first.rows.take().map(|file| file.rows(None));
        let (first_rows, pending) = match rows {
            Some(Ok(rows)) => (Some(rows), None),
            Some(Err(e)) => (None, Some(e)),
            None => (None, None),
        };
        let used = self
            .others
            .iter()
            .map(|o| vec![false; o.rows.len()])
            .collect();
        Records {
            places: self.places,
            width: self.columns.len(),
            key_column: self.key_column,
            first: self.first,
            first_rows,
            pending,
            first_duplicates: self.first_duplicates,
            others: self.others,
            used,
            extra: (0, 0),
        }
    }
}

/// The iterator of [`Dataset::records`].
pub struct Records {
    places: Arc<[Place]>,
    width: usize,
    key_column: Arc<str>,
    first: Part,
    first_rows: Option<Rows>,
    /// An error starting the first file's second pass, reported as one record.
    pending: Option<DataError>,
    first_duplicates: HashMap<String, Vec<u64>>,
    others: Vec<Indexed>,
    /// Which rows of each later file have been joined or reported.
    used: Vec<Vec<bool>>,
    /// Next (later file, row) to consider for an extra record.
    extra: (usize, usize),
}

impl Iterator for Records {
    type Item = Record;

    fn next(&mut self) -> Option<Record> {
        if let Some(error) = self.pending.take() {
            let origin = RowRef {
                file: self.first.name.clone(),
                row: 1,
            };
            return Some(Record::new(
                String::new(),
                origin,
                self.places.clone(),
                String::new(),
                vec![None; self.width],
                Some(error),
            ));
        }
        if let Some(rows) = &mut self.first_rows {
            match rows.next() {
                Some(row) => return Some(self.first_record(row)),
                None => self.first_rows = None,
            }
        }
        self.next_extra()
    }
}

impl Records {
    /// The record of a row of the first file, joined with the other files.
    fn first_record(&mut self, row: RawRow) -> Record {
        let key = key_of(&row, self.first.key).to_string();
        let key_error = key_problem(&row, self.first.key);
        let origin = RowRef {
            file: self.first.name.clone(),
            row: row.row,
        };
        let mut conflict = None;
        // The streamed row is not needed after this: its text and cells become the record's.
        // Its cells are already in place: the first file's columns are the first joined
        // columns, in its order, and it is file 0.
        let RawRow {
            text,
            mut cells,
            error: row_error,
            ..
        } = row;
        cells.resize(self.width, None);
        let mut out = Joined { text, cells };
        let mut error = row_error.or(key_error);
        if key.is_empty() {
            note(&mut error, || DataError::BlankKey {
                at: origin.clone(),
                key_column: self.key_column.clone(),
            });
            return out.record(key, origin, &self.places, error);
        }
        if let Some(rows) = self.first_duplicates.get(&key) {
            note(&mut error, || DataError::DuplicateKey {
                file: self.first.name.clone(),
                key_column: self.key_column.clone(),
                key: key.clone(),
                rows: rows.clone(),
            });
        }
        let mut missing = Vec::new();
        for (other, used) in self.others.iter().zip(&mut self.used) {
            if !join_from(
                other,
                used,
                &key,
                &mut out,
                &self.places,
                &mut error,
                &mut conflict,
            ) {
                missing.push(other.part.name.clone());
            }
        }
        if !missing.is_empty() {
            note(&mut error, || DataError::MissingFrom {
                at: origin.clone(),
                key: key.clone(),
                files: missing,
            });
        }
        if let Some(c) = conflict {
            note(&mut error, || c);
        }
        out.record(key, origin, &self.places, error)
    }

    /// The next row of a later file that no record has taken yet: its key is not in the first
    /// file (or is blank). Rows with the same key in files after it are joined to it.
    fn next_extra(&mut self) -> Option<Record> {
        loop {
            let (f, r) = self.extra;
            let other = self.others.get(f)?;
            let Some(row) = other.rows.get(r) else {
                self.extra = (f + 1, 0);
                continue;
            };
            self.extra = (f, r + 1);
            let Some(used) = self.used.get_mut(f).and_then(|u| u.get_mut(r)) else {
                continue;
            };
            if std::mem::replace(used, true) {
                continue;
            }
            let key = other.keys.get(r).cloned().unwrap_or_default();
            let origin = RowRef {
                file: other.part.name.clone(),
                row: row.row,
            };
            let mut out = Joined {
                text: String::new(),
                cells: vec![None; self.width],
            };
            let mut conflict = None;
            let places = &self.places;
            fill(
                &mut out,
                places,
                &other.part,
                row,
                None,
                &key,
                &mut conflict,
            );
            let mut error = row
                .error
                .clone()
                .or_else(|| key_problem(row, other.part.key));
            if key.is_empty() {
                note(&mut error, || DataError::BlankKey {
                    at: origin.clone(),
                    key_column: self.key_column.clone(),
                });
            } else {
                note(&mut error, || DataError::NotInFirst {
                    at: origin.clone(),
                    key: key.clone(),
                    first: self.first.name.clone(),
                });
                let later = self.others.iter().zip(&mut self.used).skip(f + 1);
                for (other, used) in later {
                    join_from(
                        other,
                        used,
                        &key,
                        &mut out,
                        places,
                        &mut error,
                        &mut conflict,
                    );
                }
            }
            if let Some(c) = conflict {
                note(&mut error, || c);
            }
            return Some(out.record(key, origin, places, error));
        }
    }
}

/// Joins the rows of `other` with `key` into `cells`, marking them used. Returns whether the
/// key was found.
fn join_from(
    other: &Indexed,
    used: &mut [bool],
    key: &str,
    out: &mut Joined,
    places: &[Place],
    error: &mut Option<DataError>,
    conflict: &mut Option<DataError>,
) -> bool {
    let Some(found) = other.by_key.get(key) else {
        return false;
    };
    for &i in found {
        if let Some(u) = used.get_mut(i) {
            *u = true;
        }
    }
    if let Some(row) = found.first().and_then(|&i| other.rows.get(i)) {
        if let Some(e) = &row.error {
            note(error, || e.clone());
        }
        if let Some(e) = key_problem(row, other.part.key) {
            note(error, || e);
        }
        let skip = Some(other.part.key);
        fill(out, places, &other.part, row, skip, key, conflict);
    }
    if found.len() > 1 {
        note(error, || DataError::DuplicateKey {
            file: other.part.name.clone(),
            key_column: other
                .part
                .columns
                .get(other.part.key)
                .cloned()
                .unwrap_or_default(),
            key: key.to_string(),
            rows: found
                .iter()
                .filter_map(|&i| other.rows.get(i).map(|r| r.row))
                .collect(),
        });
    }
    true
}

/// A record being joined: the cells' texts and where each cell is.
struct Joined {
    text: String,
    cells: Vec<Option<Slot>>,
}

impl Joined {
    fn record(
        self,
        key: String,
        origin: RowRef,
        places: &Arc<[Place]>,
        error: Option<DataError>,
    ) -> Record {
        Record::new(key, origin, places.clone(), self.text, self.cells, error)
    }

    /// The text and place of a filled cell, owned (for a conflict).
    fn owned(&self, slot: &Slot, places: &[Place]) -> CellText {
        let place = places.get(slot.file);
        CellText {
            text: self
                .text
                .get(slot.start..slot.end)
                .unwrap_or_default()
                .to_string(),
            at: CellRef {
                file: place
                    .map(|p| p.file.clone())
                    .unwrap_or_else(|| Arc::from("")),
                row: slot.row,
                column: place
                    .and_then(|p| p.columns.get(slot.column).cloned())
                    .unwrap_or_else(|| Arc::from("")),
            },
        }
    }
}

/// Copies a later file's row into the joined cells. A cell already filled from an earlier file with
/// different text is a conflict; a blank cell never conflicts.
#[allow(clippy::too_many_arguments)]
fn fill(
    out: &mut Joined,
    places: &[Place],
    part: &Part,
    row: &RawRow,
    skip: Option<usize>,
    key: &str,
    conflict: &mut Option<DataError>,
) {
    for (i, cell) in row.cells.iter().enumerate() {
        let Some(cell) = cell else { continue };
        if skip == Some(i) {
            continue;
        }
        let Some(&joined) = part.to_joined.get(i) else {
            continue;
        };
        let text = row.text_of(cell);
        match out.cells.get(joined) {
            None => continue,
            Some(None) => {}
            Some(Some(old)) => {
                let old_text = out.text.get(old.start..old.end).unwrap_or_default();
                // A cell with a problem of its own reports that, not a disagreement.
                if old_text != text && old.problem.is_none() && cell.problem.is_none() {
                    let second = CellText {
                        text: text.to_string(),
                        at: CellRef {
                            file: part.name.clone(),
                            row: row.row,
                            column: part.columns.get(i).cloned().unwrap_or_default(),
                        },
                    };
                    let first = out.owned(old, places);
                    note(conflict, || DataError::Conflict {
                        key: key.to_string(),
                        first: Box::new(first),
                        second: Box::new(second),
                    });
                }
                continue;
            }
        }
        let start = out.text.len();
        out.text.push_str(text);
        let end = out.text.len();
        if let Some(slot) = out.cells.get_mut(joined) {
            *slot = Some(Slot {
                start,
                end,
                file: part.index,
                column: i,
                row: row.row,
                problem: cell.problem.clone(),
            });
        }
    }
}

/// Keeps the first error found for a record.
fn note(slot: &mut Option<DataError>, error: impl FnOnce() -> DataError) {
    if slot.is_none() {
        *slot = Some(error());
    }
}
