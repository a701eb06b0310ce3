//! Evaluating every employee of a dataset: bind data columns to inputs once, then evaluate
//! records in parallel chunks, handing outcomes back in input order.

use crate::data::{parse_cell, CellRef, DataError, Dataset, Record, RowRef};
use crate::engine::Policy;
use crate::eval::{EvalError, Evaluation, Inputs, Plan};
use crate::policy::ValueType;
use std::num::NonZeroUsize;

/// One employee's result: figures, or the reason there are none.
#[derive(Debug)]
pub struct Outcome {
    /// The employee's key (`employee_id`).
    pub employee: String,
    /// Where the employee's row is in the data.
    pub origin: RowRef,
    /// The figures, or what went wrong for this employee.
    pub result: Result<Evaluation, EmployeeError>,
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

/// Which data column feeds which input.
#[derive(Clone, Debug)]
pub struct Binding {
    columns: Vec<(usize, usize, ValueType)>,
}

impl Binding {
    /// Matches the dataset's columns to the policy's inputs by name. Columns that are not
    /// inputs (a name, a region) are ignored; inputs with no column are missing for everyone
    /// (an error only for employees whose figures need them and where there is no default).
    pub fn new(policy: &Policy, data: &Dataset) -> Binding {
        let columns = policy
            .input_schema()
            .iter()
            .enumerate()
            .filter_map(|(i, (name, ty, _))| data.column_index(name).map(|c| (i, c, ty)))
            .collect();
        Binding { columns }
    }

    /// Inputs not fed by any column.
    pub fn unbound<'p>(&self, policy: &'p Policy) -> Vec<&'p str> {
        policy
            .input_schema()
            .iter()
            .enumerate()
            .filter(|(i, _)| !self.columns.iter().any(|(j, _, _)| j == i))
            .map(|(_, (name, _, _))| name)
            .collect()
    }

    /// The cell that feeds input `name` in `record`, if any.
    pub fn cell<'r>(&self, policy: &Policy, record: &'r Record, name: &str) -> Option<&'r CellRef> {
        let input = policy.input_schema().position(name)?;
        let &(_, column, _) = self.columns.iter().find(|(i, _, _)| *i == input)?;
        record.cells.get(column)?.as_ref().map(|c| &c.at)
    }

    /// One record's inputs.
    pub fn inputs(&self, policy: &Policy, record: &Record) -> Result<Inputs, DataError> {
        if let Some(e) = &record.error {
            return Err(e.clone());
        }
        let mut inputs = policy.inputs();
        for &(input, column, ty) in &self.columns {
            if let Some(Some(cell)) = record.cells.get(column) {
                inputs.set_at(input, Some(parse_cell(cell.checked()?, ty)?));
            }
        }
        Ok(inputs)
    }
}

/// Evaluates one record. A panic inside hrrules becomes this employee's
/// [`EvalError::Internal`] instead of ending the run.
pub fn evaluate_record(
    plan: &Plan,
    policy: &Policy,
    binding: &Binding,
    record: &Record,
) -> Outcome {
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let inputs = binding.inputs(policy, record)?;
        plan.evaluate(&inputs)
            .map_err(|e| locate(e, policy, binding, record))
    }))
    .unwrap_or_else(|_| Err(internal()));
    Outcome {
        employee: record.key.clone(),
        origin: record.origin.clone(),
        result,
    }
}

/// A panic while computing one employee: a bug in hrrules, reported for that employee.
fn internal() -> EmployeeError {
    EmployeeError::Eval(EvalError::Internal {
        value: std::sync::Arc::from("*"),
        message: "evaluation panicked (a bug in hrrules; please report it)".into(),
    })
}

/// Adds the data cell to errors about one input's value.
fn locate(e: EvalError, policy: &Policy, binding: &Binding, record: &Record) -> EmployeeError {
    let input = match &e {
        EvalError::OutOfRange { input, .. } | EvalError::InvalidInput { input, .. } => input,
        EvalError::NotWhole { name, .. } => name,
        _ => return EmployeeError::Eval(e),
    };
    match binding.cell(policy, record, input) {
        Some(at) => EmployeeError::Input {
            at: at.clone(),
            source: Box::new(e),
        },
        None => EmployeeError::Eval(e),
    }
}

/// Evaluates every record on all cores, calling `emit` with each outcome in input order.
/// Records are taken in chunks, so memory stays flat however many rows there are. While
/// worker threads compute one chunk, this thread reads the next and emits the one before:
/// reading, computing and writing overlap.
pub fn evaluate_all(
    plan: &Plan,
    policy: &Policy,
    binding: &Binding,
    records: impl Iterator<Item = Record>,
    mut emit: impl FnMut(Outcome),
) {
    const CHUNK: usize = 4096;
    let threads = std::thread::available_parallelism().map_or(1, NonZeroUsize::get);
    let mut records = records;
    let mut current: Vec<Record> = records.by_ref().take(CHUNK).collect();
    if threads == 1 || current.len() < 64 {
        for r in current.into_iter().chain(records) {
            emit(evaluate_record(plan, policy, binding, &r));
        }
        return;
    }
    let mut done: Vec<Outcome> = Vec::new();
    while !current.is_empty() {
        let per = current.len().div_ceil(threads);
        let (next, outcomes) = std::thread::scope(|s| {
            let handles: Vec<_> = current
                .chunks(per)
                .map(|part| {
                    let h = s.spawn(move || {
                        part.iter()
                            .map(|r| evaluate_record(plan, policy, binding, r))
                            .collect::<Vec<_>>()
                    });
                    (part, h)
                })
                .collect();
            for o in done.drain(..) {
                emit(o);
            }
            let next: Vec<Record> = records.by_ref().take(CHUNK).collect();
            let outcomes: Vec<Outcome> = handles
                .into_iter()
                .flat_map(|(part, h)| {
                    // evaluate_record catches panics; should one escape anyway, the part's
                    // employees still appear, each with the error.
                    h.join().unwrap_or_else(|_| {
                        part.iter()
                            .map(|r| Outcome {
                                employee: r.key.clone(),
                                origin: r.origin.clone(),
                                result: Err(internal()),
                            })
                            .collect()
                    })
                })
                .collect();
            (next, outcomes)
        });
        done = outcomes;
        current = next;
    }
    for o in done {
        emit(o);
    }
}
