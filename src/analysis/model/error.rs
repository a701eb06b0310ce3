//! The one error type of the attrition model.

use crate::data::{CellRef, DataError};
use crate::vocab::TextError;
use std::sync::Arc;

/// Why no model was fitted: a file or cell that does not read, or too little to learn from.
#[derive(Debug, thiserror::Error)]
pub enum AttritionError {
    /// The table cannot be read: missing, not CSV/JSON, a malformed row.
    #[error(transparent)]
    Data(#[from] DataError),
    /// A column the model needs is not in the header: `--features pay_ratio` on a table whose
    /// column is `pay_vs_band`.
    #[error("{file}: no column `{column}` ({role}){}", did_you_mean(.nearest))]
    MissingColumn {
        /// The file.
        file: Arc<str>,
        /// The column looked for.
        column: String,
        /// What it is for: a feature, the outcome, the key or the period.
        role: &'static str,
        /// A column with a near name, if any.
        nearest: Option<String>,
    },
    /// No feature chosen: neither `--features` nor `[analysis.attrition] features`.
    #[error("no features chosen: give --features (columns of the table, like attainment_change_3m,pay_vs_band) or `features = [...]` under [analysis.attrition] of --rules")]
    NoFeatures,
    /// One column named twice among the features or as a feature and the outcome.
    #[error("`{column}` is chosen twice (as a feature and {other}); each column plays one part")]
    RepeatedColumn {
        /// The column.
        column: String,
        /// Its other part: "a feature" or "the outcome".
        other: &'static str,
    },
    /// A blank key, period or feature cell in a row: the model does not guess a missing value.
    #[error("{at}: the cell is blank; the model needs {expected} on every row (remove the row or fill the cell)")]
    Blank {
        /// The cell.
        at: CellRef,
        /// What it should hold.
        expected: &'static str,
    },
    /// A feature cell that is not a number (`高`), an outcome that is not yes or no (`maybe`).
    #[error("{at}: {source}")]
    Cell {
        /// The cell.
        at: CellRef,
        /// Why it does not read.
        source: TextError,
    },
    /// A period cell that is not `YYYY-MM`.
    #[error("{at}: `{text}` is not a period (expected YYYY-MM, like 2023-12)")]
    NotAPeriod {
        /// The cell.
        at: CellRef,
        /// The text as written.
        text: String,
    },
    /// Fewer than 10 employees who left among the rows with a known outcome: five folds of
    /// cross-validation need at least two leavers each to say anything.
    #[error("too few leavers to learn from: {leavers} employee(s) left in this history; the model needs at least {minimum} (5 folds of cross-validation, 2 leavers each), so no model is fitted")]
    TooFewLeavers {
        /// Distinct employees with a row whose outcome is "left".
        leavers: usize,
        /// The minimum, 10.
        minimum: usize,
    },
    /// Fewer than 10 leaving rows per feature: the "events per variable" rule of thumb
    /// (Peduzzi et al. 1996, J. Clin. Epidemiol. 49(12):1373-1379): below it, coefficients are
    /// biased and their signs unreliable.
    #[error("too few leaving months for {features} feature(s): {events} row(s) say the employee left, and the model needs at least 10 per feature ({minimum}: the events-per-variable rule, Peduzzi et al. 1996); use fewer features or a longer history")]
    TooFewEvents {
        /// Rows whose outcome is "left".
        events: usize,
        /// Features chosen.
        features: usize,
        /// 10 × features.
        minimum: usize,
    },
    /// No row with a known outcome of "stayed": every employee in the table left.
    #[error("every row with a known outcome says the employee left; the model needs employees who stayed too")]
    NoStayers,
    /// A feature with the same value on every row: it cannot be standardised or tell anyone
    /// apart.
    #[error("{file}: feature `{feature}` has the same value ({value}) on every row; it tells no one apart, so leave it out")]
    ConstantFeature {
        /// The table.
        file: Arc<str>,
        /// The feature.
        feature: String,
        /// Its one value.
        value: f64,
    },
    /// The solver failed (it should not, with standardised features and the ridge penalty).
    #[error("the logistic regression could not be fitted{}: {reason}", fold.map(|k| format!(" on cross-validation fold {}", k + 1)).unwrap_or_default())]
    Fit {
        /// The fold being fitted, or `None` for the final model.
        fold: Option<usize>,
        /// smartcore's message.
        reason: String,
    },
    /// `--rules` that is not TOML: `features = [pay_vs_band]` (a bare word).
    #[error("{file}: not TOML: {source}")]
    SpecToml {
        /// The file.
        file: Arc<str>,
        /// The TOML reader's message, with line and column.
        source: toml::de::Error,
    },
    /// `--rules` whose `[analysis.attrition]` is not a table of the expected keys:
    /// `features = "pay_vs_band"` (a string, not a list).
    #[error("{file}: [analysis.attrition]: {problem}")]
    Spec {
        /// The rule file.
        file: Arc<str>,
        /// What is wrong, e.g. "`features` must be a list of column names".
        problem: &'static str,
    },
}

fn did_you_mean(nearest: &Option<String>) -> String {
    match nearest {
        Some(n) => format!("; did you mean `{n}`?"),
        None => String::new(),
    }
}
