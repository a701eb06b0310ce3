//! What a mapping file can get wrong ([`DataError::Mapping`](super::DataError::Mapping)),
//! and the data column an input reads ([`ColumnRef`]).

use crate::error::{Diagnostic, Sources, Span};
use crate::text::{escape_controls, Quoted};
use std::sync::Arc;

/// A data file's column, as the file writes it: `` `销售额` (sales.csv) ``.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ColumnRef {
    /// The file's display name.
    pub file: Arc<str>,
    /// The column as written in the file's header.
    pub column: Arc<str>,
}

impl std::fmt::Display for ColumnRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", Quoted(&self.column), self.file)
    }
}

/// What is wrong with a mapping file ([`DataError::Mapping`](super::DataError::Mapping)).
///
/// Each variant's doc names an input that triggers it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MappingProblem {
    /// TOML that does not parse: `"客户满意度" satisfaction`, a key written twice. Holds the
    /// TOML parser's message.
    Toml(String),
    /// A file that is not UTF-8 text: a mapping saved as GBK.
    NotUtf8,
    /// A table or key other than `[columns]`: `[colums]`, `name = "CRM"` at the top.
    UnknownTable {
        /// The name as written.
        name: String,
        /// Whether it looks like a misspelt `columns`.
        suggestion: bool,
    },
    /// A file without `[columns]`: an empty file, a rule file given as a mapping.
    NoColumns,
    /// `columns = "客户满意度"`: `columns` is not a table.
    NotATable,
    /// A blank column: `"" = "satisfaction"`.
    BlankSource,
    /// A blank target: `"客户满意度" = ""`.
    BlankTarget,
    /// A target that is not a string: `"投诉次数" = 3`.
    NotAName {
        /// What it is instead ("an integer").
        found: &'static str,
    },
    /// One column mapped to two names: `"客户满意度" = "satisfaction"` in one mapping file and
    /// `"客户满意度" = "csat"` in another (or a full-width spelling of the column in the same
    /// file).
    Conflict {
        /// The column as written the second time.
        column: String,
        /// The second target.
        target: String,
        /// The first target.
        first_target: String,
        /// Where the first entry is.
        first: Span,
    },
}

impl std::fmt::Display for MappingProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use MappingProblem as P;
        match self {
            P::Toml(message) => write!(f, "TOML syntax: {}", message.trim_end()),
            P::NotUtf8 => write!(f, "the mapping file is not UTF-8 text; save it as UTF-8"),
            P::UnknownTable { name, .. } => write!(
                f,
                "unknown table `{}`: a mapping file has one table, [columns]",
                escape_controls(name)
            ),
            P::NoColumns => write!(
                f,
                "missing [columns] table: a mapping file maps columns like `\"客户满意度\" = \"satisfaction\"` under [columns]"
            ),
            P::NotATable => write!(f, "`columns` must be a table: [columns]"),
            P::BlankSource => write!(f, "a column name is blank"),
            P::BlankTarget => write!(f, "the name a column is mapped to is blank"),
            P::NotAName { found } => {
                write!(f, "a column must be mapped to a name in quotes, not {found}")
            }
            P::Conflict {
                column,
                target,
                first_target,
                ..
            } => write!(
                f,
                "column `{}` is mapped to `{}` here but to `{}` before",
                escape_controls(column),
                escape_controls(target),
                escape_controls(first_target)
            ),
        }
    }
}

impl MappingProblem {
    /// The problem at `at` as a located diagnostic, with its note or help.
    pub fn diagnostic(&self, at: Span) -> Diagnostic {
        let d = Diagnostic::new(at, self.to_string());
        match self {
            MappingProblem::Conflict { first, .. } => d.with_note(*first, "first mapped here"),
            MappingProblem::UnknownTable {
                suggestion: true, ..
            } => d.with_help(Some("did you mean `columns`?".to_string())),
            _ => d,
        }
    }
}

/// A mapping problem with its place: `file:line:col: message`, the line and a caret.
pub(super) fn mapping_message(problem: &MappingProblem, at: Span, sources: &Sources) -> String {
    problem
        .diagnostic(at)
        .render(sources)
        .trim_end()
        .to_string()
}
