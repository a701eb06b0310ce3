//! Mapping files: one system's export renamed to the policy's inputs before the join.
//!
//! A mapping file is TOML with one table, `[columns]`, mapping a column as the system writes
//! it to the name the policy reads:
//!
//! ```toml
//! # 销售易 CRM, export "客户满意度月报"
//! [columns]
//! "员工编号" = "employee_id"     # the key column may be mapped too
//! "客户满意度" = "satisfaction"
//! ```
//!
//! Every data file's header goes through the mapping (names compared after NFKC); a column
//! the mapping does not name keeps its name. Errors and messages about a cell still name the
//! column as the file writes it.

use super::error::MappingProblem;
use super::{join, DataError, DataFile, DataLimits, Dataset};
use crate::error::{nearest, Location, Sources, Span};
use crate::shape;
use crate::text::{escape_controls, name_key};
use std::collections::HashMap;
use std::fmt;
use std::path::Path;
use std::sync::Arc;
use toml::de::{DeTable, DeValue};

/// How large a mapping file may be: a mapping names a few hundred columns at most.
const MAX_MAPPING_BYTES: usize = 1 << 20;

/// Column renamings read from one or more mapping files, applied to every data file when
/// the files are joined ([`Mapping::join`]).
///
/// ```
/// use hrrules::data::{DataFile, Mapping};
///
/// let mapping = Mapping::parse(
///     "mapping_crm.toml",
///     "[columns]\n\"员工编号\" = \"employee_id\"\n\"客户满意度\" = \"satisfaction\"\n",
/// )?;
/// let crm = DataFile::from_csv_str("crm.csv", "员工编号,客户满意度\nE001,9.2\n")?;
/// let data = mapping.join(vec![crm], "employee_id")?;
/// assert_eq!(data.column_index("satisfaction"), Some(1));
/// // The policy's inputs (and the key) are what the targets should name.
/// let warnings = mapping.warnings(&data, &["satisfaction", "complaints"]);
/// assert!(warnings.is_empty());
/// # Ok::<(), hrrules::data::DataError>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct Mapping {
    entries: Vec<Entry>,
    /// Each entry's position by its column's NFKC form.
    by_key: HashMap<String, usize>,
    /// Each mapping file's name and text, in the order added (the entries' spans point
    /// into them).
    files: Vec<(String, String)>,
    /// The same files, for locations.
    sources: Arc<Sources>,
}

/// One `"客户满意度" = "satisfaction"`.
#[derive(Clone, Debug)]
struct Entry {
    /// The column as the file's system writes it.
    source: String,
    /// The name the policy reads.
    target: Arc<str>,
    /// Where the source is written.
    span: Span,
}

/// Something about a mapping worth a look that does not stop the run: returned by
/// [`Mapping::warnings`] (the CLI prints each on stderr).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MappingWarning {
    /// An entry whose column is in no data file: `"投诉次数" = "complaints"` for a CRM
    /// export without that column (renamed by the system, or another export).
    SourceNotInData {
        /// The column as the mapping writes it.
        column: String,
        /// Where the entry is.
        at: Location,
    },
    /// An entry whose target is neither an input (nor one of its `columns`) nor the key:
    /// `"客户满意度" = "satisfacton"`.
    UnknownTarget {
        /// The target as written.
        target: String,
        /// The nearest input name.
        suggestion: Option<String>,
        /// Where the entry is.
        at: Location,
    },
}

impl fmt::Display for MappingWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MappingWarning::SourceNotInData { column, at } => write!(
                f,
                "{at}: column `{}` is in no data file; the entry maps nothing",
                escape_controls(column)
            ),
            MappingWarning::UnknownTarget {
                target,
                suggestion,
                at,
            } => {
                write!(
                    f,
                    "{at}: `{}` is neither an input of the policy nor the key column",
                    escape_controls(target)
                )?;
                match suggestion {
                    Some(s) => write!(f, " (did you mean `{}`?)", escape_controls(s)),
                    None => Ok(()),
                }
            }
        }
    }
}

impl Mapping {
    /// A mapping that renames nothing.
    pub fn new() -> Mapping {
        Mapping::default()
    }

    /// A mapping read from a file.
    pub fn from_path(path: &Path) -> Result<Mapping, DataError> {
        let mut mapping = Mapping::new();
        mapping.add_path(path)?;
        Ok(mapping)
    }

    /// A mapping read from text; `name` is shown in messages.
    pub fn parse(name: &str, text: &str) -> Result<Mapping, DataError> {
        let mut mapping = Mapping::new();
        mapping.add_str(name, text)?;
        Ok(mapping)
    }

    /// Adds the entries of the mapping file at `path` (`--mapping` repeated).
    pub fn add_path(&mut self, path: &Path) -> Result<(), DataError> {
        let name: Arc<str> = Arc::from(path.display().to_string());
        let file = super::source::open_regular(&name, path)?;
        let limits = DataLimits {
            max_whole_file_bytes: MAX_MAPPING_BYTES,
            ..DataLimits::DEFAULT
        };
        let bytes = super::source::read_whole(&name, file, &limits)?;
        let text = String::from_utf8_lossy(&bytes);
        match std::str::from_utf8(&bytes) {
            Ok(text) => self.add_str(&name, text),
            Err(e) => {
                let start = e.valid_up_to();
                let mut sources = Sources::new();
                let id = sources.add(name.to_string(), text.into_owned());
                Err(DataError::Mapping {
                    problem: Box::new(MappingProblem::NotUtf8),
                    at: Span::new(id, start, start + 1),
                    sources: Arc::new(sources),
                })
            }
        }
    }

    /// Adds the entries of a mapping file held in a string. A column another mapping file
    /// already maps to a different name is an error ([`MappingProblem::Conflict`]).
    pub fn add_str(&mut self, name: &str, text: &str) -> Result<(), DataError> {
        let mut sources = Sources::new();
        for (name, text) in &self.files {
            sources.add(name.as_str(), text.as_str());
        }
        let file = sources.add(name, text);
        let sources = Arc::new(sources);
        let fail = |problem, at| DataError::Mapping {
            problem: Box::new(problem),
            at,
            sources: sources.clone(),
        };
        let entries = read(file, text).map_err(|(p, at)| fail(p, at))?;
        let mut all = self.entries.clone();
        let mut by_key = self.by_key.clone();
        for entry in entries {
            let key = name_key(&entry.source).into_owned();
            match by_key.get(&key).and_then(|&i| all.get(i)) {
                Some(first) if first.target != entry.target => {
                    let problem = MappingProblem::Conflict {
                        column: entry.source.clone(),
                        target: entry.target.to_string(),
                        first_target: first.target.to_string(),
                        first: first.span,
                    };
                    return Err(fail(problem, entry.span));
                }
                // The same renaming twice (two mapping files of one system): once is enough.
                Some(_) => {}
                None => {
                    by_key.insert(key, all.len());
                    all.push(entry);
                }
            }
        }
        self.entries = all;
        self.by_key = by_key;
        self.files.push((name.to_string(), text.to_string()));
        self.sources = sources;
        Ok(())
    }

    /// Whether the mapping renames nothing.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The name column `column` gets: its target, or `None` when the mapping leaves it.
    pub fn target(&self, column: &str) -> Option<&str> {
        Some(&self.entry(column)?.target)
    }

    /// The entry renaming `column`, if any.
    fn entry(&self, column: &str) -> Option<&Entry> {
        let &i = self.by_key.get(&*name_key(column))?;
        self.entries.get(i)
    }

    /// Joins `files` on the `key` column (as [`join`](super::join)) after renaming every
    /// file's columns. A file in which two columns would get one name (`客户满意度` mapped to
    /// `satisfaction` beside a column `satisfaction`) fails ([`DataError::MappingCollision`]);
    /// across files, a mapped column joins the column of that name in the other files like
    /// any column does (the key, for one).
    pub fn join(&self, files: Vec<DataFile>, key: &str) -> Result<Dataset, DataError> {
        join::join_mapped(files, key, self)
    }

    /// A file's column names after renaming, in the file's order.
    pub(crate) fn rename(
        &self,
        file: &Arc<str>,
        columns: &Arc<[Arc<str>]>,
    ) -> Result<Arc<[Arc<str>]>, DataError> {
        if self.is_empty() {
            return Ok(columns.clone());
        }
        let mut out: Vec<Arc<str>> = Vec::with_capacity(columns.len());
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (i, column) in columns.iter().enumerate() {
            let entry = self.entry(column);
            let name = entry.map_or_else(|| column.clone(), |e| e.target.clone());
            if let Some(&j) = seen.get(&*name_key(&name)) {
                // The mapped one of the two names the entry; a file never names a column twice.
                let (mapped, other) = match entry {
                    Some(_) => (i, j),
                    None => (j, i),
                };
                let column = &columns[mapped];
                let entry = self.entry(column);
                return Err(DataError::MappingCollision {
                    file: file.clone(),
                    column: column.to_string(),
                    target: name.to_string(),
                    other: columns[other].to_string(),
                    entry: entry.map(|e| Box::new(self.sources.locate(e.span))),
                });
            }
            seen.insert(name_key(&name).into_owned(), i);
            out.push(name);
        }
        Ok(out.into())
    }

    /// What is worth a look: entries whose column is in no file of `data`, and entries whose
    /// target is not in `inputs` (the policy's inputs and their `columns`:
    /// [`Binding::column_names`](crate::Binding::column_names)) nor the key. (Inputs that no
    /// column feeds are another matter: [`Binding::unbound`](crate::Binding::unbound).)
    pub fn warnings(&self, data: &Dataset, inputs: &[&str]) -> Vec<MappingWarning> {
        let key = name_key(data.key_column()).into_owned();
        let known = |name: &str| {
            let k = name_key(name);
            k == key || inputs.iter().any(|i| name_key(i) == k)
        };
        let headers: std::collections::HashSet<_> =
            data.headers().map(|(_, c)| name_key(c)).collect();
        let mut out = Vec::new();
        for entry in &self.entries {
            let at = self.sources.locate(entry.span);
            let in_data = headers.contains(&name_key(&entry.source));
            if !in_data {
                let column = entry.source.clone();
                out.push(MappingWarning::SourceNotInData { column, at });
            } else if !known(&entry.target) {
                out.push(MappingWarning::UnknownTarget {
                    target: entry.target.to_string(),
                    suggestion: nearest(&entry.target, inputs.iter().copied()).map(str::to_string),
                    at,
                });
            }
        }
        out
    }
}

/// Reads one mapping file's entries; the first problem and where it is.
fn read(file: crate::error::FileId, text: &str) -> Result<Vec<Entry>, (MappingProblem, Span)> {
    let span = |r: std::ops::Range<usize>| Span::new(file, r.start, r.end);
    let doc = DeTable::parse(text).map_err(|e| {
        let at = span(e.span().unwrap_or(0..0));
        (MappingProblem::Toml(e.message().to_string()), at)
    })?;
    let mut columns = None;
    for (key, item) in doc.get_ref().iter() {
        let name: &str = key.get_ref().as_ref();
        if !shape::MAPPING_FILE.has(name) {
            let suggestion = nearest(name, shape::MAPPING_FILE.names()).is_some();
            let problem = MappingProblem::UnknownTable {
                name: name.to_string(),
                suggestion,
            };
            return Err((problem, span(key.span())));
        }
        columns = Some(item);
    }
    let Some(columns) = columns else {
        return Err((MappingProblem::NoColumns, span(0..0)));
    };
    let DeValue::Table(table) = columns.get_ref() else {
        return Err((MappingProblem::NotATable, span(columns.span())));
    };
    let mut entries = Vec::new();
    for (key, item) in table.iter() {
        let source: &str = key.get_ref().as_ref();
        if source.trim().is_empty() {
            return Err((MappingProblem::BlankSource, span(key.span())));
        }
        let target = match item.get_ref() {
            DeValue::String(s) if !s.trim().is_empty() => s.trim(),
            DeValue::String(_) => return Err((MappingProblem::BlankTarget, span(item.span()))),
            other => {
                let found = crate::policy::toml_type(other);
                return Err((MappingProblem::NotAName { found }, span(item.span())));
            }
        };
        entries.push(Entry {
            source: source.trim().to_string(),
            target: Arc::from(target),
            span: span(key.span()),
        });
    }
    Ok(entries)
}
