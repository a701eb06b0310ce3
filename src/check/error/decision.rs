//! What can be wrong with a `[tables.NAME]` decision table, found before any run.

use crate::vocab::ValueType;

use super::super::types::Ty;

/// One input value of an example combination: the input's name and its value in words
/// (`5000`, `"sales"`, `any other text`).
pub type Example = Vec<(String, String)>;

/// Puts an example combination in words: `claim_amount = 5000, department = "sales"`.
pub(crate) fn in_words(e: &Example) -> String {
    e.iter()
        .map(|(n, v)| format!("{n} = {v}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A problem with one decision table. Rows are numbered from 1, as a consultant counts them.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum TableProblem {
    /// A row tests a name the table does not list in `inputs`: `when = { departmnet = "sales" }`.
    #[error("row {row} tests `{name}`, which is not among the table's inputs")]
    UnknownWhen {
        /// The row.
        row: usize,
        /// The name as written.
        name: String,
        /// The nearest input.
        suggestion: Option<String>,
    },
    /// A row gives an output the table does not declare: `then = { approver = "cfo" }`.
    #[error("row {row} gives `{name}`, which is not among the table's outputs")]
    UnknownThen {
        /// The row (0 for `default`).
        row: usize,
        /// The name as written.
        name: String,
        /// The nearest output.
        suggestion: Option<String>,
    },
    /// A row leaves out an output: `then = { approvers = "manager" }` without `levels`.
    #[error("row {row} does not give output `{output}`")]
    MissingThen {
        /// The row (0 for `default`).
        row: usize,
        /// The output.
        output: String,
    },
    /// A condition that does not fit its input's type: `claim_amount = "travel"` on money,
    /// `department = "< 5"` on text.
    #[error("row {row}: the condition on `{input}` does not fit its type ({ty})")]
    ConditionType {
        /// The row.
        row: usize,
        /// The input.
        input: String,
        /// The input's type.
        ty: Ty,
    },
    /// An output value of the wrong type: `levels = "two"` where `levels = "integer"`.
    #[error("row {row}: `{output}` is declared {}, but this value is not", declared.name())]
    OutputType {
        /// The row (0 for `default`).
        row: usize,
        /// The output.
        output: String,
        /// Its declared type.
        declared: ValueType,
    },
    /// An input of a type a table cannot test: a date.
    #[error("input `{input}` is {ty}: a table tests numbers, text and true/false")]
    InputType {
        /// The input.
        input: String,
        /// Its type.
        ty: Ty,
    },
    /// Under `hit = "unique"`, two rows that match the same employee.
    #[error("rows {first} and {second} both match {}", in_words(example))]
    Overlap {
        /// The earlier row.
        first: usize,
        /// The later row.
        second: usize,
        /// An input combination both match.
        example: Example,
    },
    /// An input combination no row covers, in a table without `default`.
    #[error("no row matches {}", in_words(example))]
    Gap {
        /// The combination.
        example: Example,
    },
    /// Under `hit = "first"`, a row every employee it matches is taken by earlier rows.
    #[error("row {row} can never fire: rows {} match first", earlier.iter().map(ToString::to_string).collect::<Vec<_>>().join(", "))]
    NeverFires {
        /// The row.
        row: usize,
        /// The earlier rows that take its employees.
        earlier: Vec<usize>,
    },
    /// A table with no rows.
    #[error("the table has no rows")]
    NoRows,
}
