//! Evaluating every employee of a dataset: bind data columns to inputs once, then evaluate
//! records in parallel chunks, handing outcomes back in input order.

use crate::data::{parse_cell, CellRef, DataError, Dataset, Record, RowRef};
use crate::engine::Policy;
use crate::eval::{EvalError, Evaluation, Inputs, Plan};
use crate::vocab::ValueType;
use std::num::NonZeroUsize;
use std::sync::mpsc;

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
            .filter_map(|(i, (name, ty, _))| column(data, name).map(|c| (i, c, ty)))
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
    pub fn cell(&self, policy: &Policy, record: &Record, name: &str) -> Option<CellRef> {
        let input = policy.input_schema().position(name)?;
        let &(_, column, _) = self.columns.iter().find(|(i, _, _)| *i == input)?;
        record.cell(column).map(|c| c.at())
    }

    /// One record's inputs.
    pub fn inputs(&self, policy: &Policy, record: &Record) -> Result<Inputs, DataError> {
        if let Some(e) = &record.error {
            return Err(e.clone());
        }
        let mut inputs = policy.inputs();
        for &(input, column, ty) in &self.columns {
            if let Some(cell) = record.cell(column) {
                let cell = cell.checked()?;
                inputs.set_at(input, Some(parse_cell(&cell, ty)?));
            }
        }
        Ok(inputs)
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
            at,
            source: Box::new(e),
        },
        None => EmployeeError::Eval(e),
    }
}

/// How many records `evaluate_all` takes at a time. A chunk ends at `employees` records or,
/// sooner, when the estimated memory of its records and their evaluations reaches `bytes`:
/// a policy of 2,000 values keeps far fewer employees in flight than one of 20. About three
/// chunks are alive at once (one being read, one computed, one written), so peak memory is
/// about three times `bytes`, whatever the number of rows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Chunks {
    /// Most employees in one chunk.
    pub employees: usize,
    /// Most estimated bytes (records and evaluations) in one chunk; a chunk always holds at
    /// least one employee.
    pub bytes: usize,
}

impl Default for Chunks {
    /// 1,024 employees or 4 MiB, whichever comes first. Smaller chunks stay in the caches
    /// (4,096 employees took 20-30% more CPU time in the million-row run); much smaller ones
    /// spend more on starting threads.
    fn default() -> Chunks {
        Chunks {
            employees: 1024,
            bytes: 4 << 20,
        }
    }
}

/// Estimated bytes one record and its evaluation hold: the record's cells and their texts,
/// plus one slot per figure the plan computes for an employee.
fn footprint(record: &Record, evaluation: usize) -> usize {
    std::mem::size_of::<Record>() + record.heap_bytes() + evaluation
}

/// The next chunk of records: up to `limits.employees`, and no more than `limits.bytes` by
/// [`footprint`] (at least one record). Also says whether the chunk is full (ended by a
/// limit, not by the end of the records).
/// `chunk` is cleared and reused: its memory serves chunk after chunk.
fn take_chunk(
    records: &mut impl Iterator<Item = Record>,
    limits: Chunks,
    evaluation: usize,
    chunk: &mut Vec<Record>,
) -> bool {
    chunk.clear();
    let mut bytes = 0usize;
    while chunk.len() < limits.employees.max(1) && (chunk.is_empty() || bytes < limits.bytes) {
        let Some(r) = records.next() else { break };
        bytes = bytes.saturating_add(footprint(&r, evaluation));
        chunk.push(r);
    }
    chunk.len() >= limits.employees.max(1) || bytes >= limits.bytes
}

/// Evaluates every record on all cores, calling `emit` with each outcome in input order,
/// in chunks of the default size ([`Chunks::default`]). See [`evaluate_all_in`].
pub fn evaluate_all(
    plan: &Plan,
    policy: &Policy,
    binding: &Binding,
    records: impl Iterator<Item = Record>,
    emit: impl FnMut(Outcome),
) {
    evaluate_all_in(plan, policy, binding, records, Chunks::default(), emit);
}

/// Evaluates every record on all cores, calling `emit` with each outcome in input order.
/// Records are taken in chunks bounded by count and by estimated bytes, so memory stays flat
/// however many rows there are and however wide the policy is. While worker threads compute
/// one chunk, this thread reads the next and emits the one before: reading, computing and
/// writing overlap. The workers are started once for the run and fed each chunk's parts over
/// channels (starting threads per chunk cost a million-row run a few tenths of a second of
/// system time, and each new thread starts with an empty allocator cache).
pub fn evaluate_all_in(
    plan: &Plan,
    policy: &Policy,
    binding: &Binding,
    records: impl Iterator<Item = Record>,
    limits: Chunks,
    mut emit: impl FnMut(Outcome),
) {
    let evaluation = std::mem::size_of::<Outcome>()
        + plan.layout.per_employee * std::mem::size_of::<Option<crate::value::Value>>();
    let threads = std::thread::available_parallelism().map_or(1, NonZeroUsize::get);
    let mut records = records;
    let mut current = Vec::new();
    let full = take_chunk(&mut records, limits, evaluation, &mut current);
    // A few employees are quicker computed here than handed to threads.
    if threads == 1 || (current.len() < 64 && !full) {
        for r in current.into_iter().chain(records) {
            emit(evaluate_record(plan, policy, binding, &r));
        }
        return;
    }
    std::thread::scope(|s| {
        let (done_tx, done_rx) = mpsc::channel::<Part>();
        let workers: Vec<mpsc::Sender<Part>> = (0..threads)
            .map(|_| {
                let (tx, rx) = mpsc::channel::<Part>();
                let done_tx = done_tx.clone();
                s.spawn(move || {
                    for mut part in rx {
                        compute(plan, policy, binding, &mut part);
                        if done_tx.send(part).is_err() {
                            break;
                        }
                    }
                });
                tx
            })
            .collect();
        drop(done_tx);
        // Buffers are reused from chunk to chunk, so that a run does not allocate and free a
        // few hundred kilobytes per chunk (which costs glibc's malloc a consolidation each
        // time): the parts' record and outcome vectors come back with the results.
        let mut spare: Vec<Part> = Vec::new();
        let mut done: Vec<Part> = Vec::new();
        let mut next: Vec<Record> = Vec::new();
        while !current.is_empty() {
            let per = current.len().div_ceil(threads);
            let mut sent = 0;
            let mut here = Vec::new();
            for (index, worker) in workers.iter().enumerate() {
                if current.is_empty() {
                    break;
                }
                let mut part = spare.pop().unwrap_or_default();
                part.index = index;
                part.records.extend(current.drain(..per.min(current.len())));
                match worker.send(part) {
                    Ok(()) => sent += 1,
                    // The worker is gone (it cannot panic: `compute` catches that); compute
                    // its part here rather than lose it.
                    Err(mpsc::SendError(mut part)) => {
                        compute(plan, policy, binding, &mut part);
                        here.push(part);
                    }
                }
            }
            for mut part in done.drain(..) {
                for o in part.outcomes.drain(..) {
                    emit(o);
                }
                part.records.clear();
                spare.push(part);
            }
            take_chunk(&mut records, limits, evaluation, &mut next);
            let mut computed: Vec<Part> = done_rx.iter().take(sent).chain(here).collect();
            computed.sort_by_key(|p| p.index);
            done = computed;
            std::mem::swap(&mut current, &mut next);
        }
        drop(workers);
        for part in done {
            for o in part.outcomes {
                emit(o);
            }
        }
    });
}

/// A worker's share of a chunk: its place in the chunk, its records, and their outcomes.
#[derive(Default)]
struct Part {
    index: usize,
    records: Vec<Record>,
    outcomes: Vec<Outcome>,
}

/// Computes a part's outcomes. [`evaluate_record`] catches a panic of one employee; should
/// one escape anyway, every employee of the part still appears, each with the error.
fn compute(plan: &Plan, policy: &Policy, binding: &Binding, part: &mut Part) {
    let Part {
        records, outcomes, ..
    } = part;
    let ok = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        outcomes.extend(
            records
                .iter()
                .map(|r| evaluate_record(plan, policy, binding, r)),
        );
    }));
    if ok.is_err() {
        outcomes.clear();
        outcomes.extend(records.iter().map(|r| Outcome {
            employee: r.key.clone(),
            origin: r.origin.clone(),
            result: Err(internal()),
        }));
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
