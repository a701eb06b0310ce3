//! The one evaluation driver: items (data records, or an embedder's own [`Inputs`]) are taken
//! in chunks bounded by count and by estimated bytes, computed on a pool of worker threads
//! started once for the run, and handed back in input order. `eval`, `diff` and
//! [`evaluate_inputs`] all go through [`drive`].

use super::team::TeamFigures;
use super::{evaluate_record, Binding, EmployeeError, Outcome};
use crate::data::Record;
use crate::eval::{EvalError, Evaluation, Inputs, Plan};
use std::num::NonZeroUsize;
use std::sync::mpsc;

/// What one record is evaluated with: one `(plan, binding)` pair, or several (two for a diff,
/// one per month for a payroll run), each giving its own result for the same record.
///
/// - `(&plan, &binding)` gives one `Result` per record;
/// - `[(&old, &old_binding), (&new, &new_binding)]` gives an array of as many results;
/// - a slice `&[(&plan, &binding)]` gives a `Vec` of one result per pair.
pub trait Pairs: Sync {
    /// What a record gives: one result, or one per pair in the order given.
    type Results: Send;

    /// Evaluates `record` with every pair. A panic inside hrrules becomes that pair's
    /// [`EvalError::Panicked`] for this employee.
    fn evaluate(&self, record: &Record) -> Self::Results;

    /// Every pair's result when computing a record panicked outside any one pair.
    fn panicked(&self) -> Self::Results;

    /// Figures one record computes over all pairs (slots of every plan), for chunk sizing.
    fn slots(&self) -> usize;

    /// The pairs, in the order given.
    fn each(&self) -> Vec<(&Plan, &Binding)>;

    /// A record's results, one per pair in the order given, as [`Pairs::Results`].
    fn assemble(&self, results: Vec<Result<Evaluation, EmployeeError>>) -> Self::Results;
}

/// One pair's result for one record, a panic contained.
fn one(plan: &Plan, binding: &Binding, record: &Record) -> Result<Evaluation, EmployeeError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let inputs = binding.inputs(record)?;
        plan.evaluate(&inputs)
            .map_err(|e| super::locate(e, binding, record))
    }))
    .unwrap_or_else(|_| Err(panicked()))
}

/// A panic while computing one employee: a bug in hrrules, reported for that employee.
pub(super) fn panicked() -> EmployeeError {
    EmployeeError::Eval(EvalError::Panicked)
}

impl Pairs for (&Plan, &Binding) {
    type Results = Result<Evaluation, EmployeeError>;

    fn evaluate(&self, record: &Record) -> Self::Results {
        one(self.0, self.1, record)
    }

    fn panicked(&self) -> Self::Results {
        Err(panicked())
    }

    fn slots(&self) -> usize {
        self.0.layout.per_employee
    }

    fn each(&self) -> Vec<(&Plan, &Binding)> {
        vec![(self.0, self.1)]
    }

    fn assemble(&self, mut results: Vec<Result<Evaluation, EmployeeError>>) -> Self::Results {
        results.pop().unwrap_or_else(|| Err(panicked()))
    }
}

impl<const N: usize> Pairs for [(&Plan, &Binding); N] {
    type Results = [Result<Evaluation, EmployeeError>; N];

    fn evaluate(&self, record: &Record) -> Self::Results {
        self.each_ref().map(|pair| pair.evaluate(record))
    }

    fn panicked(&self) -> Self::Results {
        std::array::from_fn(|_| Err(panicked()))
    }

    fn slots(&self) -> usize {
        self.iter().map(Pairs::slots).sum()
    }

    fn each(&self) -> Vec<(&Plan, &Binding)> {
        self.iter().map(|&(p, b)| (p, b)).collect()
    }

    fn assemble(&self, results: Vec<Result<Evaluation, EmployeeError>>) -> Self::Results {
        let mut results = results.into_iter();
        std::array::from_fn(|_| results.next().unwrap_or_else(|| Err(panicked())))
    }
}

impl Pairs for &[(&Plan, &Binding)] {
    type Results = Vec<Result<Evaluation, EmployeeError>>;

    fn evaluate(&self, record: &Record) -> Self::Results {
        self.iter().map(|pair| pair.evaluate(record)).collect()
    }

    fn panicked(&self) -> Self::Results {
        self.iter().map(|_| Err(panicked())).collect()
    }

    fn slots(&self) -> usize {
        self.iter().map(Pairs::slots).sum()
    }

    fn each(&self) -> Vec<(&Plan, &Binding)> {
        self.iter().map(|&(p, b)| (p, b)).collect()
    }

    fn assemble(&self, results: Vec<Result<Evaluation, EmployeeError>>) -> Self::Results {
        results
    }
}

/// How many records the driver takes at a time. A chunk ends at `employees` records or,
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

/// Evaluates every record with `pairs` on all cores, calling `emit` with each outcome in
/// input order, in chunks of the default size ([`Chunks::default`]). See [`evaluate_all_in`].
///
/// ```
/// use hrrules::{data, evaluate_all, Binding, Policy};
///
/// // One policy, two months: June 2023 (bonus_rate 20%) against September (30%).
/// let policy = Policy::load("rules/sales_2023h2.toml")?;
/// let (june, september) = (policy.plan("2023-06".parse().unwrap())?, policy.plan("2023-09".parse().unwrap())?);
/// let files = ["sales_2023-09.csv", "crm_2023-09.json", "hr_2023-09.csv"]
///     .map(|f| data::open(&std::path::Path::new("examples/data").join(f)).unwrap());
/// let team = data::join(files.into(), "employee_id")?;
/// let binding = Binding::new(&policy, &team)?;
/// let mut raises = Vec::new();
/// evaluate_all([(&june, &binding), (&september, &binding)], team.records(), |o| {
///     let [old, new] = o.result.map(|r| r.unwrap().get("performance_bonus").unwrap().clone());
///     raises.push(format!("{} {old} -> {new}", o.employee));
/// });
/// assert_eq!(raises[0], "E004 3276.00 -> 4914.00");
/// assert_eq!(raises.len(), 12);
/// # Ok::<(), hrrules::Error>(())
/// ```
pub fn evaluate_all<P: Pairs>(
    pairs: P,
    records: impl Iterator<Item = Record>,
    emit: impl FnMut(Outcome<P::Results>),
) -> TeamFigures {
    evaluate_all_in(pairs, records, Chunks::default(), emit)
}

/// Evaluates every record with `pairs` on all cores, calling `emit` with each outcome (one
/// result per pair) in input order. Records are taken in chunks bounded by count and by
/// estimated bytes, so memory stays flat however many rows there are and however wide the
/// policies are. A panic inside hrrules becomes the employee's [`EvalError::Panicked`]; the
/// others are still computed.
///
/// A plan with population figures (`rank(kpi)`, `allocate(pool, kpi) by team`) needs
/// everyone before anyone's figures are final: then the records are kept, each pass over
/// them computes the figures of the next, and the last evaluates everyone (see
/// [`TeamFigures`], which is returned, for the figures of each group). Without population
/// figures the records stream and the result is empty.
pub fn evaluate_all_in<P: Pairs>(
    pairs: P,
    records: impl Iterator<Item = Record>,
    limits: Chunks,
    mut emit: impl FnMut(Outcome<P::Results>),
) -> TeamFigures {
    if pairs.each().iter().any(|(plan, _)| plan.passes() > 0) {
        return super::team_drive::evaluate_team(&pairs, records, limits, &mut emit);
    }
    let evaluation = std::mem::size_of::<Outcome<P::Results>>()
        + pairs.slots() * std::mem::size_of::<Option<crate::value::Value>>();
    let size = |r: &Record| std::mem::size_of::<Record>() + r.heap_bytes() + evaluation;
    let panicked = |r: &Record| Outcome {
        employee: r.key.clone(),
        origin: r.origin.clone(),
        result: pairs.panicked(),
    };
    drive(
        records,
        limits,
        size,
        &|r: &Record| evaluate_record(&pairs, r),
        &panicked,
        emit,
    );
    TeamFigures::default()
}

/// Evaluates an embedder's own employees, already read into [`Inputs`], on all cores: `emit`
/// is called with each result in the order given. Each employee is computed alone: for a
/// plan with population figures ([`Plan::passes`] above 0), use
/// [`evaluate_team_inputs`](crate::evaluate_team_inputs), which computes them over everyone. The same driver as [`evaluate_all`]
/// (chunks, worker pool, a panic contained to its employee as [`EvalError::Panicked`]).
///
/// ```
/// # use hrrules::Policy;
/// let policy = Policy::load("rules/sales_2023h2.toml")?;
/// let plan = policy.plan("2023-09".parse().unwrap())?;
/// let mut staff = Vec::new();
/// for sales in ["150000", "450000"] {
///     let mut e = policy.inputs();
///     e.set_text("base_salary", "10000").unwrap().set_text("sales_target", "300000").unwrap();
///     e.set_text("sales_amount", sales).unwrap().set_text("satisfaction", "9").unwrap();
///     e.set_text("compliance", "95%").unwrap().set_text("teamwork", "80").unwrap();
///     staff.push(e);
/// }
/// let mut commissions = Vec::new();
/// hrrules::evaluate_inputs(&plan, &staff, |r| {
///     commissions.push(r.unwrap().get("commission").unwrap().to_string())
/// });
/// assert_eq!(commissions, ["4000.00", "19000.00"]);
/// # Ok::<(), hrrules::Error>(())
/// ```
pub fn evaluate_inputs<'a>(
    plan: &Plan,
    employees: impl IntoIterator<Item = &'a Inputs>,
    emit: impl FnMut(Result<Evaluation, EvalError>),
) {
    let size = std::mem::size_of::<Result<Evaluation, EvalError>>()
        + plan.layout.per_employee * std::mem::size_of::<Option<crate::value::Value>>();
    let compute = |i: &&Inputs| {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| plan.evaluate(i)))
            .unwrap_or(Err(EvalError::Panicked))
    };
    drive(
        employees.into_iter(),
        Chunks::default(),
        |_| size,
        &compute,
        &|_| Err(EvalError::Panicked),
        emit,
    );
}

/// The next chunk of items: up to `limits.employees`, and no more than `limits.bytes` by
/// `size` (at least one item). Also says whether the chunk is full (ended by a limit, not by
/// the end of the items). `chunk` is cleared and reused: its memory serves chunk after chunk.
fn take_chunk<T>(
    items: &mut impl Iterator<Item = T>,
    limits: Chunks,
    size: &impl Fn(&T) -> usize,
    chunk: &mut Vec<T>,
) -> bool {
    chunk.clear();
    let mut bytes = 0usize;
    while chunk.len() < limits.employees.max(1) && (chunk.is_empty() || bytes < limits.bytes) {
        let Some(r) = items.next() else { break };
        bytes = bytes.saturating_add(size(&r));
        chunk.push(r);
    }
    chunk.len() >= limits.employees.max(1) || bytes >= limits.bytes
}

/// Computes every item on all cores, calling `emit` with each outcome in input order.
/// `compute` must contain its own panics; should one escape, every item of its part gets
/// `panicked`. See [`drive_parts`], which this is the per-item form of.
pub(super) fn drive<T: Send, O: Send>(
    items: impl Iterator<Item = T>,
    limits: Chunks,
    size: impl Fn(&T) -> usize,
    compute: &(impl Fn(&T) -> O + Sync),
    panicked: &(impl Fn(&T) -> O + Sync),
    mut emit: impl FnMut(O),
) {
    drive_parts(
        items,
        limits,
        size,
        &|items: &[T], out: &mut Vec<O>| out.extend(items.iter().map(compute)),
        &|items: &[T], out: &mut Vec<O>| out.extend(items.iter().map(panicked)),
        |_, out: &mut Vec<O>| out.drain(..).for_each(&mut emit),
    );
}

/// Computes every item on all cores, a part of a chunk at a time: `work` turns a part's
/// items into one output `U` (it appends to a `U` that `emit` has emptied, or a new one),
/// and `emit` is called with each part's items and output in input order. While worker
/// threads compute one chunk, this thread reads the next and emits the one before: reading,
/// computing and writing overlap. The workers are started once for the run and fed each
/// chunk's parts over channels (starting threads per chunk cost a million-row run a few
/// tenths of a second of system time, and each new thread starts with an empty allocator
/// cache).
///
/// A part's output is made on its worker and handed over whole: an output per part (flat
/// vectors) rather than per item spares the run an allocation per employee made on one
/// thread and freed on another, which glibc's malloc pays for with a lock.
/// `work` should contain each item's panics; should one escape, the part's output is
/// made again by `panicked` (every item of the part failed), so no item is lost.
pub(super) fn drive_parts<T: Send, U: Send + Default>(
    items: impl Iterator<Item = T>,
    limits: Chunks,
    size: impl Fn(&T) -> usize,
    work: &(impl Fn(&[T], &mut U) + Sync),
    panicked: &(impl Fn(&[T], &mut U) + Sync),
    mut emit: impl FnMut(&[T], &mut U),
) {
    let work = |items: &[T], out: &mut U| run_part(work, panicked, items, out);
    let threads = std::thread::available_parallelism().map_or(1, NonZeroUsize::get);
    let mut items = items;
    let mut current = Vec::new();
    let full = take_chunk(&mut items, limits, &size, &mut current);
    // A few employees are quicker computed here than handed to threads.
    if threads == 1 || (current.len() < 64 && !full) {
        let mut out = U::default();
        while !current.is_empty() {
            work(&current, &mut out);
            emit(&current, &mut out);
            take_chunk(&mut items, limits, &size, &mut current);
        }
        return;
    }
    std::thread::scope(|s| {
        let (done_tx, done_rx) = mpsc::channel::<Part<T, U>>();
        let workers: Vec<mpsc::Sender<Part<T, U>>> = (0..threads)
            .map(|_| {
                let (tx, rx) = mpsc::channel::<Part<T, U>>();
                let done_tx = done_tx.clone();
                s.spawn(move || {
                    for mut part in rx {
                        work(&part.items, &mut part.out);
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
        // time): the parts' item vectors and outputs come back with the results.
        let mut spare: Vec<Part<T, U>> = Vec::new();
        let mut done: Vec<Part<T, U>> = Vec::new();
        let mut next: Vec<T> = Vec::new();
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
                part.items.extend(current.drain(..per.min(current.len())));
                match worker.send(part) {
                    Ok(()) => sent += 1,
                    // The worker is gone (it cannot panic: `run_part` catches that); compute
                    // its part here rather than lose it.
                    Err(mpsc::SendError(mut part)) => {
                        work(&part.items, &mut part.out);
                        here.push(part);
                    }
                }
            }
            for mut part in done.drain(..) {
                emit(&part.items, &mut part.out);
                part.items.clear();
                spare.push(part);
            }
            take_chunk(&mut items, limits, &size, &mut next);
            let mut computed: Vec<_> = done_rx.iter().take(sent).chain(here).collect();
            computed.sort_by_key(|p| p.index);
            done = computed;
            std::mem::swap(&mut current, &mut next);
        }
        drop(workers);
        for mut part in done {
            emit(&part.items, &mut part.out);
        }
    });
}

/// A worker's share of a chunk: its place in the chunk, its items, and their output.
struct Part<T, U> {
    index: usize,
    items: Vec<T>,
    out: U,
}

impl<T, U: Default> Default for Part<T, U> {
    fn default() -> Self {
        Part {
            index: 0,
            items: Vec::new(),
            out: U::default(),
        }
    }
}

/// Computes a part's output. `work` catches a panic of one employee; should one escape
/// anyway, the output is made again by `panicked`: every employee of the part still appears.
fn run_part<T, U: Default>(
    work: &impl Fn(&[T], &mut U),
    panicked: &impl Fn(&[T], &mut U),
    items: &[T],
    out: &mut U,
) {
    let ok = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(items, out)));
    if ok.is_err() {
        *out = U::default();
        panicked(items, out);
    }
}

#[cfg(test)]
mod tests {
    use super::{drive, Chunks};

    /// Items come back in input order across chunks and threads, and a panic that escapes
    /// `compute` costs only its part: each of its items gets `panicked`, the rest compute.
    #[test]
    fn order_kept_and_an_escaped_panic_contained() {
        let limits = Chunks {
            employees: 100,
            bytes: usize::MAX,
        };
        let mut seen = Vec::new();
        drive(
            0..1000u32,
            limits,
            |_| 1,
            &|i: &u32| if *i == 517 { panic!("bug") } else { Ok(*i) },
            &|i: &u32| Err(*i),
            |o| seen.push(o),
        );
        assert_eq!(seen.len(), 1000);
        let failed: Vec<u32> = seen.iter().filter_map(|o| o.err()).collect();
        assert!(failed.contains(&517), "{failed:?}");
        // Only the panicking item's part (at most one chunk's share) failed.
        assert!(failed.len() <= 100, "{}", failed.len());
        let order: Vec<u32> = seen.iter().map(|o| o.unwrap_or_else(|i| i)).collect();
        assert_eq!(order, (0..1000).collect::<Vec<_>>());
    }
}
