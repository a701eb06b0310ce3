//! An input's `columns = ["销售额", "Sales amount"]`: the other names its data column may
//! have, read and checked (a column listed twice, or for two inputs, is an error).

use std::collections::HashMap;

use toml::de::DeValue;

use super::error::PolicyError;
use super::model::{InputDef, Named};
use super::toml_read::{Item, Reader};
use crate::error::{Diagnostic, Span};
use crate::text::{escape_controls, name_key};

/// A mistake in an input's `columns` list.
///
/// Each variant's doc names an input that triggers it; it reaches the caller as
/// [`PolicyError::Columns`](super::PolicyError::Columns).
#[derive(Debug, thiserror::Error)]
pub enum ColumnsRuleError {
    /// A blank column name: `columns = ["销售额", ""]` or `columns = ["  "]`.
    #[error("a column name of input `{}` is blank", escape_controls(input))]
    Blank {
        /// The input.
        input: String,
        /// Where the blank name is written.
        span: Span,
    },
    /// One column for two inputs, or twice for one: `sales_amount = { columns = ["销售额"] }`
    /// and `target = { columns = ["销售额"] }`, `columns = ["销售额", "销售额"]`, or a
    /// column named like another input (`columns = ["sales_target"]` beside an input
    /// `sales_target`). Names are compared after Unicode normalization (NFKC).
    #[error("{}", listed_twice(column, input, first_input, *own_name))]
    ListedTwice {
        /// The column as written the second time.
        column: String,
        /// The input it is listed for the second time.
        input: String,
        /// The input it was first listed for (or the input of that name).
        first_input: String,
        /// Where it is written the second time.
        span: Span,
        /// Where it is first written (or the input of that name is declared).
        first: Span,
        /// Whether the column is the name of the input `first_input`, not one of its
        /// `columns`.
        own_name: bool,
    },
}

fn listed_twice(column: &str, input: &str, first: &str, own_name: bool) -> String {
    let (column, input_e, first_e) = (
        escape_controls(column),
        escape_controls(input),
        escape_controls(first),
    );
    if input == first {
        format!("column `{column}` is listed twice for input `{input_e}`")
    } else if own_name {
        format!(
            "column `{column}` is listed for input `{input_e}` but is the name of input \
             `{first_e}`: a data column feeds one input"
        )
    } else {
        format!(
            "column `{column}` is listed for input `{input_e}` but already feeds input \
             `{first_e}`: a data column feeds one input"
        )
    }
}

impl ColumnsRuleError {
    /// The error as a located diagnostic.
    pub fn diagnostic(&self) -> Diagnostic {
        let message = self.to_string();
        match self {
            ColumnsRuleError::Blank { span, .. } => Diagnostic::new(*span, message),
            ColumnsRuleError::ListedTwice {
                span,
                first,
                own_name,
                ..
            } => {
                let note = if *own_name {
                    "declared here"
                } else {
                    "first here"
                };
                Diagnostic::new(*span, message).with_note(*first, note)
            }
        }
    }
}

/// Reads `columns = [...]` of input `input`: a list of non-blank strings.
pub(super) fn read(r: &mut Reader<'_>, input: &Named, item: &Item<'_>) -> Option<Vec<Named>> {
    const EXPECTED: &str = "a list of column names like [\"销售额\", \"Sales amount\"]";
    let list = r.array(item, "columns", EXPECTED)?;
    let mut out = Vec::new();
    let mut ok = true;
    for entry in list.iter() {
        match entry.get_ref() {
            DeValue::String(s) if s.trim().is_empty() => {
                r.error(PolicyError::Columns(ColumnsRuleError::Blank {
                    input: input.name.clone(),
                    span: r.at(entry),
                }));
                ok = false;
            }
            DeValue::String(s) => out.push(Named {
                name: s.trim().to_string(),
                span: r.at(entry),
            }),
            _ => {
                r.wrong_type(entry, "each entry of `columns`", "a string");
                ok = false;
            }
        }
    }
    ok.then_some(out)
}

/// Every input's `columns` against the others and the inputs' own names, once the rule file
/// and its includes are joined: a column may feed one input only.
pub(super) fn check(inputs: &[InputDef], errors: &mut Vec<PolicyError>) {
    // Each column name (NFKC) with the input it feeds, where, and whether it is that
    // input's own name.
    let mut first: HashMap<String, (&str, Span, bool)> = HashMap::new();
    for input in inputs {
        first
            .entry(name_key(&input.name.name).into_owned())
            .or_insert((&input.name.name, input.name.span, true));
    }
    for input in inputs {
        for column in &input.columns {
            let key = name_key(&column.name).into_owned();
            match first.get(&key) {
                // Listing an input's own name is harmless: it is read first anyway.
                Some(&(owner, _, true)) if owner == input.name.name => {}
                Some(&(owner, span, own_name)) => {
                    errors.push(PolicyError::Columns(ColumnsRuleError::ListedTwice {
                        column: column.name.clone(),
                        input: input.name.name.clone(),
                        first_input: owner.to_string(),
                        span: column.span,
                        first: span,
                        own_name,
                    }))
                }
                None => {
                    first.insert(key, (&input.name.name, column.span, false));
                }
            }
        }
    }
}
