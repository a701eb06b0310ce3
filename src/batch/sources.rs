//! What a month's evaluation reads besides the policy: data files joined on their key
//! through mapping files, attendance records classified into the `attendance.*` measures,
//! and the earlier months `ytd` and `prev` read. `hrrules eval` and its siblings read their
//! command lines into [`DataSources`]; the Python package reads its keyword arguments into it.
//! What is worth saying but is not an error (an encoding found from the bytes, an input no
//! column feeds, no history for a policy that reads earlier months) comes back as
//! [`Notice`]s for the caller to show: the library prints nothing.

use super::{Binding, EmployeeError, Outcome};
use crate::attendance::{Grouping, RecordError, Timesheets};
use crate::data::{DataError, DataFile, Dataset, Encoding, Mapping, OpenOptions};
use crate::date::Period;
use crate::engine::Policy;
use crate::history::{History, HistoryError};
use crate::text::escape_controls;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// How data, records and history files are found and read for a month's evaluation.
///
/// ```
/// use hrrules::batch::DataSources;
/// let policy = hrrules::Policy::load("rules/sales_2023h2.toml")?;
/// let month = "2023-09".parse()?;
/// let sources = DataSources::new("employee_id");
/// let mut notices = Vec::new();
/// let files = ["sales_2023-09.csv", "crm_2023-09.json", "hr_2023-09.csv"]
///     .map(|f| std::path::Path::new("examples/data").join(f));
/// let data = sources.read_data(&files, &[&policy], &mut notices)?;
/// let binding = sources.bind(&policy, &data, month, &[], &mut notices)?;
/// assert!(notices.is_empty(), "every input has a column");
/// let plan = policy.plan(month)?;
/// let mut pay = Vec::new();
/// hrrules::evaluate_all((&plan, &binding), data.records(), |o| pay.push(o));
/// assert_eq!(pay.len(), 12);
/// let wang_fang = pay[0].result.as_ref().unwrap();
/// assert_eq!(wang_fang.get("gross_pay").unwrap().to_string(), "48827.80");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct DataSources {
    /// The column joining several data files and naming each employee.
    pub key: String,
    /// The text encodings named: for one file (as the path is written) or, with `None`, for
    /// every file. For a file, the last naming it wins, then the last for every file; else
    /// each file's encoding is found from its bytes.
    pub encodings: Vec<(Option<PathBuf>, Encoding)>,
    /// Mapping files, renaming one system's columns to the policy's inputs before the data
    /// files are joined.
    pub mappings: Vec<PathBuf>,
    /// Earlier months, as `hrrules eval --format jsonl` wrote them: files, or folders of
    /// `.jsonl` files.
    pub history: Vec<PathBuf>,
    /// Earlier months already at hand (an embedder's own, [`History::from_months`]): used
    /// instead of reading [`DataSources::history`].
    pub past: Option<Arc<History>>,
    /// How notices name the options, so that they read right where they are shown.
    pub spelling: Spelling,
}

/// How the caller spells the options a notice may name: `--records` on the command line,
/// `records=` in Python.
#[derive(Clone, Copy, Debug)]
pub struct Spelling {
    /// The encodings (`--encoding`).
    pub encoding: &'static str,
    /// The attendance records files (`--records`).
    pub records: &'static str,
    /// The history (`--history`).
    pub history: &'static str,
    /// The data files (`--data`).
    pub data: &'static str,
}

impl Spelling {
    /// The command line's: `--encoding`, `--records`, `--history`, `--data`.
    pub const COMMAND_LINE: Spelling = Spelling {
        encoding: "--encoding",
        records: "--records",
        history: "--history",
        data: "--data",
    };
}

/// Something worth saying about the sources that is not an error.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Notice {
    /// A warning (something is probably wrong: an input no column feeds) or a note (a
    /// default was taken: no history, an encoding found from the bytes).
    pub level: Level,
    /// What to say, with the options spelt as [`DataSources::spelling`] says; control
    /// characters from files are escaped.
    pub text: String,
}

/// How much a [`Notice`] matters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Level {
    /// Something is probably wrong.
    Warning,
    /// A default was taken.
    Note,
}

impl std::fmt::Display for Notice {
    /// `warning: ...` or `note: ...`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let level = match self.level {
            Level::Warning => "warning",
            Level::Note => "note",
        };
        write!(f, "{level}: {}", self.text)
    }
}

impl Notice {
    fn warning(text: String) -> Notice {
        Notice {
            level: Level::Warning,
            text,
        }
    }

    fn note(text: String) -> Notice {
        Notice {
            level: Level::Note,
            text,
        }
    }
}

/// Why the sources cannot be read for the whole run.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    /// A data or records file cannot be opened, read or joined, or a mapping file is wrong.
    #[error("{0}")]
    Data(#[from] DataError),
    /// Records were given but the policy has no `[attendance]` table to classify them by.
    #[error("{records}: the policy has no [attendance] table to classify records by")]
    NoAttendance {
        /// How the records option is spelt.
        records: &'static str,
    },
    /// The records cannot be classified for the month (no calendar covers it, ...).
    #[error("{0}")]
    Records(#[from] RecordError),
    /// The history cannot be read (a file that is not JSON lines, two months disagreeing).
    #[error("{0}")]
    History(#[from] HistoryError),
}

impl DataSources {
    /// DataSources joining data files on `key`, with no encodings named, no mapping files and no
    /// history, spelt as on the command line.
    pub fn new(key: &str) -> DataSources {
        DataSources {
            key: key.to_string(),
            encodings: Vec::new(),
            mappings: Vec::new(),
            history: Vec::new(),
            past: None,
            spelling: Spelling::COMMAND_LINE,
        }
    }

    /// The options for opening `path`: the encoding named for it, else the one named for
    /// every file, else none (found from the file).
    pub fn open_options(&self, path: &Path) -> OpenOptions {
        let named = |c: &&(Option<PathBuf>, Encoding)| c.0.as_deref() == Some(path);
        let every = |c: &&(Option<PathBuf>, Encoding)| c.0.is_none();
        let encoding = (self.encodings.iter().rev().find(named))
            .or_else(|| self.encodings.iter().rev().find(every))
            .map(|c| c.1);
        OpenOptions {
            encoding,
            ..OpenOptions::default()
        }
    }

    /// A warning for each encoding named for a file that is none of `files` (the data and
    /// records files, as written): a misspelt name would otherwise leave the file's encoding
    /// to be found from its bytes without a word.
    pub fn unused_encodings(&self, files: &[&[PathBuf]]) -> Vec<Notice> {
        let given = |f: &Path| files.iter().any(|list| list.iter().any(|p| p == f));
        let s = &self.spelling;
        (self.encodings.iter())
            .filter_map(|(file, encoding)| {
                file.as_deref().filter(|f| !given(f)).zip(Some(encoding))
            })
            .map(|(file, encoding)| {
                let file = escape_controls(&file.display().to_string()).into_owned();
                Notice::warning(format!(
                    "{} {file}={}: no {} or {} file is named {file}; it is not used",
                    s.encoding,
                    encoding.label(),
                    s.data,
                    s.records
                ))
            })
            .collect()
    }

    /// Opens one data or records file as `open` reads it (the file, or a stream of it),
    /// noting an encoding other than UTF-8 found from the file's bytes, so that a wrong
    /// guess can be seen.
    pub fn open_with(
        &self,
        path: &Path,
        open: impl FnOnce(OpenOptions) -> Result<DataFile, DataError>,
        notices: &mut Vec<Notice>,
    ) -> Result<DataFile, DataError> {
        let options = self.open_options(path);
        let file = open(options)?;
        match file.encoding() {
            Some(found) if options.encoding.is_none() && found != Encoding::Utf8 => {
                notices.push(Notice::note(format!(
                    "{}: read as {found} (found from its bytes; name another with {})",
                    escape_controls(file.name()),
                    self.spelling.encoding
                )));
            }
            _ => {}
        }
        Ok(file)
    }

    /// Opens one data or records file from disk ([`DataSources::open_with`]).
    pub fn open(&self, path: &Path, notices: &mut Vec<Notice>) -> Result<DataFile, DataError> {
        self.open_with(path, |options| options.open(path), notices)
    }

    /// Opens the data files and joins them on the key, through the mapping files; what in
    /// the mappings does not fit `policies` (the policies the data feeds) is a warning.
    pub fn read_data(
        &self,
        data: &[PathBuf],
        policies: &[&Policy],
        notices: &mut Vec<Notice>,
    ) -> Result<Dataset, DataError> {
        let files = (data.iter())
            .map(|p| self.open(p, notices))
            .collect::<Result<Vec<_>, _>>()?;
        self.join(files, policies, notices)
    }

    /// Joins opened data files on the key, through the mapping files ([`DataSources::read_data`]).
    pub fn join(
        &self,
        files: Vec<DataFile>,
        policies: &[&Policy],
        notices: &mut Vec<Notice>,
    ) -> Result<Dataset, DataError> {
        if self.mappings.is_empty() {
            return crate::data::join(files, &self.key);
        }
        let mut mapping = Mapping::new();
        for path in &self.mappings {
            mapping.add_path(path)?;
        }
        let data = mapping.join(files, &self.key)?;
        let mut known: Vec<&str> = policies
            .iter()
            .flat_map(|p| Binding::column_names(p))
            .collect();
        known.sort_unstable();
        known.dedup();
        let warnings = mapping.warnings(&data, &known);
        notices.extend(warnings.iter().map(|w| Notice::warning(w.to_string())));
        Ok(data)
    }

    /// The binding of `policy`'s inputs to `dataset` for `month`, with the attendance
    /// `records` classified by the policy's `[attendance]` rules and the earlier months the
    /// policy reads. Inputs no column feeds are a warning; missing records or history where
    /// the policy could use them are notes.
    pub fn bind(
        &self,
        policy: &Policy,
        dataset: &Dataset,
        month: Period,
        records: &[PathBuf],
        notices: &mut Vec<Notice>,
    ) -> Result<Binding, SourceError> {
        let binding = Binding::new(policy, dataset)?;
        notices.extend(unbound(policy, &binding, dataset));
        self.attach(policy, binding, month, records, notices)
    }

    /// `binding` (of `policy`'s inputs, [`Binding::new`]) for `month`, with the attendance
    /// `records` classified and the earlier months attached, as [`DataSources::bind`] does
    /// but without the warning of unbound inputs: the second side of a diff of one policy,
    /// already warned about.
    pub fn attach(
        &self,
        policy: &Policy,
        binding: Binding,
        month: Period,
        records: &[PathBuf],
        notices: &mut Vec<Notice>,
    ) -> Result<Binding, SourceError> {
        let binding = match self.timesheets(policy, month, records, notices)? {
            Some(sheets) => binding.with_timesheets(sheets),
            None => binding,
        };
        self.with_history(policy, month, binding, notices)
    }

    /// The `records` files classified by the policy's `[attendance]` rules for `month`;
    /// `None` when none are given (a note, for a policy with attendance rules). Records for a
    /// policy without `[attendance]` are an error.
    pub fn timesheets(
        &self,
        policy: &Policy,
        month: Period,
        records: &[PathBuf],
        notices: &mut Vec<Notice>,
    ) -> Result<Option<Arc<Timesheets>>, SourceError> {
        let s = &self.spelling;
        let Some(att) = policy.attendance() else {
            if records.is_empty() {
                return Ok(None);
            }
            return Err(SourceError::NoAttendance { records: s.records });
        };
        if records.is_empty() {
            notices.push(Notice::note(format!(
                "no {} given; the attendance.* measures are read from data columns of the \
                 same name, where there are any",
                s.records
            )));
            return Ok(None);
        }
        let opened = (records.iter())
            .map(|p| self.open(p, notices))
            .collect::<Result<Vec<_>, _>>()?;
        let sheets = Timesheets::read(att, month, &opened)?;
        if sheets.grouping() == Grouping::Buffered {
            notices.push(Notice::note(
                "the records are not grouped by employee, so all of them were held in memory; \
                 sort them by employee_id to stream them"
                    .into(),
            ));
        }
        Ok(Some(Arc::new(sheets)))
    }

    /// `binding` with the earlier months the policy reads: [`DataSources::past`], else
    /// [`DataSources::history_for`].
    pub fn with_history(
        &self,
        policy: &Policy,
        month: Period,
        binding: Binding,
        notices: &mut Vec<Notice>,
    ) -> Result<Binding, SourceError> {
        if let Some(past) = &self.past {
            return Ok(binding.with_history(past.clone()));
        }
        Ok(match self.history_for(policy, month, notices)? {
            Some(history) => binding.with_history(Arc::new(history)),
            None => binding,
        })
    }

    /// The earlier months `policy` reads for `month`, from [`DataSources::history`]; `None`
    /// when it reads none (a note, when history was given: files, or [`DataSources::past`]). Without history, a policy that
    /// reads earlier months has none: every employee starts the year (a note).
    pub fn history_for(
        &self,
        policy: &Policy,
        month: Period,
        notices: &mut Vec<Notice>,
    ) -> Result<Option<History>, SourceError> {
        let needs = policy.lookbacks();
        let s = &self.spelling;
        if needs.is_empty() {
            if !self.history.is_empty() || self.past.is_some() {
                notices.push(Notice::note(format!(
                    "the policy reads no earlier months (no ytd, prev or ytd_months); {} is not used",
                    s.history
                )));
            }
            return Ok(None);
        }
        let history = if self.history.is_empty() {
            notices.push(Notice::note(format!(
                "no {} given; every employee starts the year in {month} (no earlier months)",
                s.history
            )));
            History::from_months([], &needs, month)
        } else {
            History::read(&self.history, &self.key, &needs, month)
        }?;
        Ok(Some(history))
    }
}

/// The warning of inputs no data column feeds, each with a similar column where there is
/// one; `None` when every input has a column.
pub fn unbound(policy: &Policy, binding: &Binding, dataset: &Dataset) -> Option<Notice> {
    let unbound = binding.unbound(policy);
    if unbound.is_empty() {
        return None;
    }
    let names: Vec<String> = unbound
        .iter()
        .map(|n| {
            let columns = dataset.columns.iter().map(|c| &**c);
            // A data file's header is untrusted: escaped before it reaches the terminal.
            match crate::error::nearest(n, columns) {
                Some(c) => format!("`{n}` (is column `{}` meant?)", escape_controls(c)),
                None => format!("`{n}`"),
            }
        })
        .collect();
    let one = unbound.len() == 1;
    Some(Notice::warning(format!(
        "no data file has a column for {} {}; {} missing for every employee \
         (an error wherever a figure needs {} and there is no default)",
        if one { "input" } else { "inputs" },
        names.join(", "),
        if one { "it is" } else { "they are" },
        if one { "it" } else { "them" },
    )))
}

/// The error outcomes of employees with records but no row in the data (`seen`: the ids
/// evaluated), in order of their first record: each is a
/// [`RecordError::UnknownEmployee`], so that no one's hours are dropped without a word.
pub fn strangers(sheets: &Timesheets, seen: &HashSet<String>) -> Vec<Outcome> {
    (sheets.strangers(|id| seen.contains(id)).into_iter())
        .map(|(employee, at)| Outcome {
            employee: employee.clone(),
            origin: at.row_ref(),
            result: Err(EmployeeError::Records(RecordError::UnknownEmployee {
                at,
                employee,
            })),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const PYTHON: Spelling = Spelling {
        encoding: "encoding=",
        records: "records=",
        history: "history=",
        data: "data",
    };

    #[test]
    fn a_file_named_wins_over_every_file_and_the_last_naming_wins() {
        let mut s = DataSources::new("employee_id");
        s.encodings = vec![
            (None, Encoding::Gbk),
            (Some("a.csv".into()), Encoding::Utf8),
            (None, Encoding::Gb18030),
            (Some("a.csv".into()), Encoding::Utf16Le),
        ];
        let a = s.open_options(Path::new("a.csv")).encoding;
        let b = s.open_options(Path::new("b.csv")).encoding;
        assert_eq!((a, b), (Some(Encoding::Utf16Le), Some(Encoding::Gb18030)));
        assert_eq!(
            DataSources::new("k")
                .open_options(Path::new("a.csv"))
                .encoding,
            None
        );
    }

    #[test]
    fn an_encoding_for_no_file_given_is_a_warning_spelt_the_callers_way() {
        let mut s = DataSources::new("employee_id");
        s.encodings = vec![(Some("punches.csv".into()), Encoding::Gbk)];
        let data = [PathBuf::from("hr.csv")];
        let records = [PathBuf::from("punches.csv")];
        assert!(s.unused_encodings(&[&data, &records]).is_empty());
        let said = s.unused_encodings(&[&data]);
        assert_eq!(
            said[0].to_string(),
            "warning: --encoding punches.csv=gbk: no --data or --records file is named \
             punches.csv; it is not used"
        );
        s.spelling = PYTHON;
        assert_eq!(
            s.unused_encodings(&[&data])[0].text,
            "encoding= punches.csv=gbk: no data or records= file is named punches.csv; it is \
             not used"
        );
    }

    #[test]
    fn records_for_a_policy_without_attendance_are_refused_and_history_it_does_not_read_noted() {
        let policy = Policy::load("rules/sales_2023h2.toml").unwrap();
        let month: Period = "2023-09".parse().unwrap();
        let mut s = DataSources::new("employee_id");
        s.spelling = PYTHON;
        let mut notices = Vec::new();
        let records = [PathBuf::from(
            "examples/attendance/punches_production_2023-09.csv",
        )];
        let e = s
            .timesheets(&policy, month, &records, &mut notices)
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "records=: the policy has no [attendance] table to classify records by"
        );
        assert!(matches!(
            s.timesheets(&policy, month, &[], &mut notices),
            Ok(None)
        ));
        s.history = vec!["examples/company/history/sales".into()];
        let files = ["sales_2023-09.csv", "crm_2023-09.json", "hr_2023-09.csv"]
            .map(|f| Path::new("examples/data").join(f));
        let data = s.read_data(&files, &[&policy], &mut notices).unwrap();
        s.bind(&policy, &data, month, &[], &mut notices).unwrap();
        assert_eq!(
            notices,
            [Notice::note(
                "the policy reads no earlier months (no ytd, prev or ytd_months); history= is \
                 not used"
                    .into()
            )]
        );
    }
}
