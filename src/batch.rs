//! Evaluating every employee of a dataset: bind data columns to inputs once, then evaluate
//! records in parallel chunks with one or more (plan, binding) pairs, handing outcomes back
//! in input order (the driver: [`evaluate_all`]).

mod driver;
mod explain_one;
mod figures;
pub mod sources;
mod team;
mod team_drive;
mod team_error;

use crate::attendance::{RecordError, Timesheets};
use crate::data::{parse_cell, CellRef, DataError, Dataset, Record, RowRef};
use crate::engine::Policy;
use crate::eval::{EvalError, Evaluation, InputSchema, Inputs};
use crate::history::{History, HistoryError};
use crate::policy::{HoursSystem, MeasureOf};
use crate::value::Value;
use crate::vocab::ValueType;
use std::sync::Arc;

pub use driver::{evaluate_all, evaluate_all_in, evaluate_inputs, Chunks, Pairs};
pub use explain_one::{ExplainError, Explained, ExplainedJson};
pub use figures::{FigureSummary, GroupFigure};
pub use sources::{DataSources, Notice, SourceError};
pub use team::{evaluate_team_inputs, evaluate_team_members, TeamFigures};
pub use team_error::{TeamError, TeamProblem};

/// One employee's result: figures, or the reason there are none. `R` is what the
/// [`Pairs`] evaluated give: one `Result` for one (plan, binding) pair (the default), an
/// array or a `Vec` of them, one per pair in the order given, for several.
#[derive(Debug)]
pub struct Outcome<R = Result<Evaluation, EmployeeError>> {
    /// The employee's key (`employee_id`).
    pub employee: String,
    /// Where the employee's row is in the data.
    pub origin: RowRef,
    /// The figures, or what went wrong for this employee: one per pair.
    pub result: R,
}

/// Why one employee has no figures.
#[derive(Debug, Clone, thiserror::Error)]
pub enum EmployeeError {
    /// The employee's data is wrong: a bad cell, a duplicate key, a row missing from a file.
    #[error("{0}")]
    Data(#[from] DataError),
    /// The data is readable but a formula failed: division by zero, a missing input, ...
    #[error("{0}")]
    Eval(#[from] EvalError),
    /// The employee's attendance records could not be classified (a clock-out before the
    /// clock-in, an unknown shift, overlapping punches), or they have none where the policy
    /// requires them.
    #[error("{0}")]
    Records(#[from] RecordError),
    /// The employee's earlier months are not usable: a gap (July and September but not
    /// August), a month whose line is an error, two different lines for one month.
    #[error("{0}")]
    History(#[from] HistoryError),
    /// A population figure the employee's formulas use could not be computed for their
    /// group: another member failed, the weights sum to zero, ...
    #[error("{0}")]
    Team(#[from] TeamError),
    /// A cell's value breaks its input's declaration: `11` in `satisfaction` where the rule
    /// file says `max = 10`. Names the cell as well as the rule.
    #[error("{at}: {source}")]
    Input {
        /// The cell the value was read from.
        at: CellRef,
        /// What is wrong with it, naming the declaration.
        source: Box<EvalError>,
    },
}

/// Which data column feeds which input, and where the `attendance.*` measures come from.
#[derive(Clone, Debug)]
pub struct Binding {
    schema: Arc<InputSchema>,
    columns: Vec<(usize, usize, ValueType)>,
    /// The classified records, once given ([`Binding::with_timesheets`]).
    sheets: Option<Arc<Timesheets>>,
    /// The measure inputs, by position, filled from `sheets`.
    measures: Vec<(usize, MeasureOf)>,
    /// The input naming each employee's own working-hours system (`hours_from`).
    hours_input: Option<usize>,
    /// Earlier months, once given ([`Binding::with_history`]).
    history: Option<Arc<History>>,
    /// The hidden inputs of `ytd`, `prev`, ...: (input, position in the history's needs).
    past: Vec<(usize, usize)>,
}

impl Binding {
    /// Matches the dataset's columns to the policy's inputs by name: the column named like
    /// the input, or else the one of its `columns = [...]` the data has. Columns that are
    /// not inputs (a name, a region) are ignored; inputs with no column are missing for
    /// everyone (an error only for employees whose figures need them and where there is no
    /// default).
    ///
    /// Fails for the whole run ([`DataError::AmbiguousColumns`]) when an input has no column
    /// of its own name but two of its `columns` are in the data (`销售额` and `Sales
    /// amount`, in one file or two): which one to read is not for hrrules to guess.
    pub fn new(policy: &Policy, data: &Dataset) -> Result<Binding, DataError> {
        let schema = policy.input_schema();
        let mut columns = Vec::new();
        for (i, (name, ty, _)) in schema.iter().enumerate() {
            if schema.is_population(i) {
                continue;
            }
            if let Some(c) = input_column(policy, data, name)? {
                columns.push((i, c, ty));
            }
        }
        Ok(Binding {
            schema: policy.input_schema().clone(),
            columns,
            sheets: None,
            measures: Vec::new(),
            hours_input: None,
            history: None,
            past: Vec::new(),
        })
    }

    /// Every name a data column feeding `policy`'s inputs may have: each input read from
    /// data, then its `columns = [...]` (what a mapping's targets should be:
    /// [`Mapping::warnings`](crate::data::Mapping::warnings)).
    pub fn column_names(policy: &Policy) -> Vec<&str> {
        let schema = policy.input_schema();
        let mut out = Vec::new();
        for (i, (name, _, _)) in schema.iter().enumerate() {
            let from_data = schema.measure(i).is_none()
                && schema.lookback(i).is_none()
                && !schema.is_population(i);
            if from_data {
                out.push(name);
                out.extend(policy.input_columns(name));
            }
        }
        out
    }

    /// The same binding with the `attendance.*` measures taken from `sheets`, each employee's
    /// from their own records (a data column of the same name is then ignored). An employee
    /// whose records could not be classified, or who has none where the policy requires
    /// them, is an error row ([`EmployeeError::Records`]).
    pub fn with_timesheets(mut self, sheets: Arc<Timesheets>) -> Binding {
        let schema = &self.schema;
        self.measures = (0..schema.len())
            .filter_map(|i| schema.measure(i).map(|m| (i, m)))
            .collect();
        self.columns
            .retain(|(i, _, _)| schema.measure(*i).is_none());
        self.hours_input = sheets.hours_from().and_then(|n| schema.position(n));
        self.sheets = Some(sheets);
        self
    }

    /// The same binding with the past parts of `ytd`, `ytd_before`, `prev` and `ytd_months`
    /// taken from `history` (read for this policy's [`Policy::lookbacks`]). An employee
    /// whose history has a gap, a failed month or two different lines for one month is an
    /// error row ([`EmployeeError::History`]); one without earlier months this year starts
    /// the year. A `prev` of a month not in the history is missing: its default when the
    /// formula gives one, else an error naming it.
    pub fn with_history(mut self, history: Arc<History>) -> Binding {
        self.past = history.slots(&self.schema);
        self.history = Some(history);
        self
    }

    /// The classified records, when given.
    pub fn timesheets(&self) -> Option<&Arc<Timesheets>> {
        self.sheets.as_ref()
    }

    /// Declared inputs without a `default` that no column feeds (the `attendance.*` measures
    /// and the past parts of `ytd`, `prev`, ... are not listed: they come from records and
    /// history).
    pub fn unbound<'p>(&self, policy: &'p Policy) -> Vec<&'p str> {
        let schema = policy.input_schema();
        (schema.iter().enumerate())
            .filter(|(i, _)| schema.measure(*i).is_none() && schema.lookback(*i).is_none())
            .filter(|(i, _)| !schema.is_population(*i))
            .filter(|(i, _)| !policy.input_has_default(*i))
            .filter(|(i, _)| !self.columns.iter().any(|(j, _, _)| j == i))
            .map(|(_, (name, _, _))| name)
            .collect()
    }

    /// The text of the cell that feeds input `input` (by position) in `record`, when it is
    /// a readable text cell: the group of an employee whose other cells are bad.
    pub(crate) fn text_of(&self, record: &Record, input: usize) -> Option<Arc<str>> {
        let &(_, column, ty) = self.columns.iter().find(|(i, _, _)| *i == input)?;
        let cell = record.cell(column)?.checked().ok()?;
        (ty == ValueType::Text).then(|| Arc::from(cell.text))
    }

    /// The cell that feeds input `name` in `record`, if any.
    pub fn cell(&self, record: &Record, name: &str) -> Option<CellRef> {
        let input = self.schema.position(name)?;
        let &(_, column, _) = self.columns.iter().find(|(i, _, _)| *i == input)?;
        record.cell(column).map(|c| c.at())
    }

    /// One record's inputs: its data cells, and with [`Binding::with_timesheets`] its
    /// measures.
    pub fn inputs(&self, record: &Record) -> Result<Inputs, EmployeeError> {
        if let Some(e) = &record.error {
            return Err(e.clone().into());
        }
        let mut inputs = Inputs::new(self.schema.clone());
        for &(input, column, ty) in &self.columns {
            if let Some(cell) = record.cell(column) {
                let cell = cell.checked()?;
                inputs.set_at(input, Some(parse_cell(&cell, ty)?));
            }
        }
        if let Some(history) = &self.history {
            history.fill_slots(&record.key, &self.past, &mut inputs)?;
        }
        if let Some(sheets) = &self.sheets {
            let tally = sheets.tally(&record.key)?;
            let system = self.hours_system(sheets, &inputs, record)?;
            for &(input, of) in &self.measures {
                inputs.set_at(input, Some(sheets.value(tally, of, system)));
            }
        }
        Ok(inputs)
    }

    /// The employee's working-hours system: their `hours_from` input when it has a value,
    /// else the policy's.
    pub fn hours_system(
        &self,
        sheets: &Timesheets,
        inputs: &Inputs,
        record: &Record,
    ) -> Result<HoursSystem, RecordError> {
        let Some(i) = self.hours_input else {
            return Ok(sheets.hours());
        };
        match inputs.values().get(i) {
            Some(Some(Value::Text(t))) => HoursSystem::from_text(t).ok_or_else(|| {
                let input = sheets.hours_from().unwrap_or_default().to_string();
                RecordError::UnknownHoursSystem {
                    at: self.cell(record, &input),
                    input,
                    text: t.to_string(),
                }
            }),
            _ => Ok(sheets.hours()),
        }
    }
}

/// The column of `data` whose header is the input `name` after NFKC on both sides (a
/// full-width `ｆｕｌｌ` header feeds the input `full`); the exact header first. Once per
/// binding, not per employee.
fn column(data: &Dataset, name: &str) -> Option<usize> {
    let key = crate::text::name_key(name);
    data.column_index(name)
        .or_else(|| (data.columns.iter()).position(|c| crate::text::name_key(c) == key))
}

/// The column feeding input `name`: its own, else the only one of its `columns` the data
/// has; two of them is [`DataError::AmbiguousColumns`].
fn input_column(policy: &Policy, data: &Dataset, name: &str) -> Result<Option<usize>, DataError> {
    if let Some(c) = column(data, name) {
        return Ok(Some(c));
    }
    let mut found: Option<usize> = None;
    for alias in policy.input_columns(name) {
        let Some(c) = column(data, alias) else {
            continue;
        };
        match found {
            Some(first) if first != c => {
                let source = |i| data.column_source(i);
                if let (Some(first), Some(second)) = (source(first), source(c)) {
                    return Err(DataError::AmbiguousColumns {
                        input: name.to_string(),
                        first,
                        second,
                    });
                }
            }
            Some(_) => {}
            None => found = Some(c),
        }
    }
    Ok(found)
}

/// Evaluates one record with every pair of `pairs`. A panic inside hrrules becomes that
/// employee's [`EvalError::Panicked`] instead of ending the run.
pub fn evaluate_record<P: Pairs>(pairs: &P, record: &Record) -> Outcome<P::Results> {
    Outcome {
        employee: record.key.clone(),
        origin: record.origin.clone(),
        result: pairs.evaluate(record),
    }
}

/// Adds the data cell to errors about one input's value.
fn locate(e: EvalError, binding: &Binding, record: &Record) -> EmployeeError {
    let input = match &e {
        EvalError::OutOfRange { input, .. } | EvalError::InvalidInput { input, .. } => input,
        EvalError::NotWhole { name, .. } => name,
        _ => return EmployeeError::Eval(e),
    };
    match binding.cell(record, input) {
        Some(at) => EmployeeError::Input {
            at,
            source: Box::new(e),
        },
        None => EmployeeError::Eval(e),
    }
}

/// Serialized like [`EvalError`] (`{"kind", "message", "at"}`), with the data `cell` when the
/// error is about one (`{"file", "row", "column"}`); an unreadable row is `"kind": "data"`.
impl serde::Serialize for EmployeeError {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(None)?;
        match self {
            EmployeeError::Data(e) => {
                map.serialize_entry("kind", "data")?;
                map.serialize_entry("message", &e.to_string())?;
                map.serialize_entry("at", &None::<()>)?;
            }
            EmployeeError::Team(e) => {
                map.serialize_entry("kind", "team")?;
                map.serialize_entry("message", &e.to_string())?;
                map.serialize_entry("at", &None::<()>)?;
            }
            EmployeeError::History(e) => {
                map.serialize_entry("kind", "history")?;
                map.serialize_entry("message", &e.to_string())?;
                map.serialize_entry("at", &None::<()>)?;
            }
            EmployeeError::Records(e) => {
                map.serialize_entry("kind", "records")?;
                map.serialize_entry("message", &e.to_string())?;
                map.serialize_entry("at", &None::<()>)?;
            }
            EmployeeError::Eval(e) => e.serialize_fields(&mut map, &e.to_string())?,
            EmployeeError::Input { at, source } => {
                source.serialize_fields(&mut map, &self.to_string())?;
                let cell = CellShape {
                    file: &at.file,
                    row: at.row,
                    column: Some(&at.column),
                };
                map.serialize_entry("cell", &cell)?;
            }
        }
        map.end()
    }
}

/// A data cell or row as serialized: `{"file": "sales.csv", "row": 5, "column": "sales_amount"}`.
#[derive(serde::Serialize)]
struct CellShape<'a> {
    file: &'a str,
    row: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    column: Option<&'a str>,
}

/// `{"employee": "E004", "row": {"file": "sales.csv", "row": 2}, "values": {...}}` with the
/// shown columns (as [`Evaluation`] serializes), or `"error": {...}` (as [`EmployeeError`]).
impl serde::Serialize for Outcome {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(3))?;
        map.serialize_entry("employee", &self.employee)?;
        let row = CellShape {
            file: &self.origin.file,
            row: self.origin.row,
            column: None,
        };
        map.serialize_entry("row", &row)?;
        match &self.result {
            Ok(figures) => map.serialize_entry("values", figures)?,
            Err(error) => map.serialize_entry("error", error)?,
        }
        map.end()
    }
}
