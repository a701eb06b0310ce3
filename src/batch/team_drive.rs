//! The driver's population mode over data records. A policy with population figures
//! (`rank(kpi)`, `allocate(pool, kpi) by team`) needs everyone before anyone's figures are
//! final, so the first pass reads the records as a streaming run would (on all cores, while
//! the next chunk is read) and evaluates each employee up to the first figures; it keeps, of
//! each employee, never the record but their key, their row and that evaluation's slots, in
//! flat arrays (no allocation per employee is kept), plus the columns the figures of pass 1
//! read (a group id and two decimals each). The figures are computed over each group, one
//! figure per core; each later pass resumes everyone's kept evaluation up to the next
//! figures; the last resumes it to the end and hands the outcomes back in input order.

use super::driver::{drive, drive_parts, panicked, Chunks, Pairs};
use super::figures::{compute, Column, Gathered, Keys};
use super::team::{figures, group_in, group_input, member, Fills, KeyList, TeamFigures};
use super::{Binding, EmployeeError, Outcome};
use crate::data::{Record, RowRef};
use crate::eval::{Evaluation, Inputs, Plan};
use crate::value::Value;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;

/// An employee whose result is final after the first pass: the record could not be bound;
/// their figures failed before the first population figure (the error located in the data,
/// as a streaming run locates it); or the plan has no population figures.
struct Done {
    result: Result<Evaluation, EmployeeError>,
    /// Their inputs, when read: the group of a failed employee in later passes.
    inputs: Option<Inputs>,
}

/// What a worker makes of its part of a chunk in the first pass, flat: per pair the kept
/// slots (`width` per employee, empty ones for an employee whose result is done) and the
/// done results; and every employee's parts of the first figures, `due` per employee.
#[derive(Default)]
struct FirstPart {
    pairs: Vec<Block>,
    parts: Vec<Gathered>,
}

/// One pair's kept evaluations of one part of a chunk: `width` slots per employee, and per
/// employee the final result when it is done already.
#[derive(Default)]
struct Block {
    slots: Vec<Option<Value>>,
    done: Vec<Option<Box<Done>>>,
}

/// Everyone as kept between passes, flat: the keys in one string, the rows, and per pair the
/// kept evaluations in blocks, one block per part of a chunk as the workers made them (a
/// block is moved in whole: nothing is copied or freed per employee on this thread).
#[derive(Default)]
struct Store {
    keys: KeyList,
    origins: Vec<RowRef>,
    /// The first employee of each block.
    starts: Vec<usize>,
    pairs: Vec<PairStore>,
}

/// One pair's kept evaluations: `width` slots per employee, in blocks.
#[derive(Default)]
struct PairStore {
    width: usize,
    blocks: Vec<Block>,
}

impl Store {
    fn new(list: &[(&Plan, &Binding)]) -> Store {
        Store {
            pairs: (list.iter())
                .map(|(plan, _)| PairStore {
                    width: width(plan),
                    ..PairStore::default()
                })
                .collect(),
            ..Store::default()
        }
    }

    fn len(&self) -> usize {
        self.keys.len()
    }

    fn key(&self, i: usize) -> &str {
        self.keys.get(i).unwrap_or("")
    }

    /// Adds a part's employees: their keys and rows from the records, their kept
    /// evaluations as the worker made them.
    fn push(&mut self, records: &[Record], out: &mut FirstPart) {
        self.starts.push(self.len());
        for r in records {
            self.keys.push(&r.key);
            self.origins.push(r.origin.clone());
        }
        for (p, block) in self.pairs.iter_mut().zip(&mut out.pairs) {
            p.blocks.push(std::mem::take(block));
        }
    }

    /// Pair `k`'s kept evaluation of employee `i`, or their final result.
    fn side(&self, k: usize, i: usize) -> Result<&[Option<Value>], &Done> {
        let p = &self.pairs[k];
        let b = self.starts.partition_point(|&s| s <= i).saturating_sub(1);
        let at = i - self.starts.get(b).copied().unwrap_or(0);
        let Some(block) = p.blocks.get(b) else {
            return Ok(&[]);
        };
        match block.done.get(at) {
            Some(Some(d)) => Err(d),
            _ => Ok((block.slots)
                .get(at * p.width..(at + 1) * p.width)
                .unwrap_or(&[])),
        }
    }
}

/// The slots of a plan's evaluation the store keeps: those its first figures leave.
fn width(plan: &Plan) -> usize {
    if plan.passes() == 0 {
        0
    } else {
        plan.pass_slots(0)
    }
}

/// Evaluates every record with `pairs`, population figures first (see the module's doc).
pub(crate) fn evaluate_team<P: Pairs>(
    pairs: &P,
    records: impl Iterator<Item = Record>,
    limits: Chunks,
    emit: &mut dyn FnMut(Outcome<P::Results>),
) -> TeamFigures {
    let list = pairs.each();
    let mut fills: Vec<Fills> = list.iter().map(|(plan, _)| Fills::new(plan)).collect();
    let passes = list.iter().map(|(p, _)| p.passes()).max().unwrap_or(0);
    let mut store = Store::new(&list);
    let first = due(&list, 1);
    let mut columns: Vec<Column> = first.iter().map(|_| Column::default()).collect();
    let size = |r: &Record| std::mem::size_of::<Record>() + r.heap_bytes() + 512;
    let work = |records: &[Record], out: &mut FirstPart| {
        out.pairs.resize_with(list.len(), Block::default);
        for (block, (plan, _)) in out.pairs.iter_mut().zip(&list) {
            block.slots.reserve_exact(records.len() * width(plan));
            block.done.reserve_exact(records.len());
        }
        out.parts.reserve_exact(records.len() * first.len());
        for r in records {
            first_pass(&list, &first, r, out);
        }
    };
    let broken = |records: &[Record], out: &mut FirstPart| {
        out.pairs.resize_with(list.len(), Block::default);
        for _ in records {
            for (block, (plan, _)) in out.pairs.iter_mut().zip(&list) {
                block.slots.extend(std::iter::repeat_n(None, width(plan)));
                block.done.push(Some(Box::new(Done {
                    result: Err(panicked()),
                    inputs: None,
                })));
            }
            out.parts.extend(panicked_parts(first.len()));
        }
    };
    drive_parts(records, limits, size, &work, &broken, |records, out| {
        store.push(records, out);
        push_parts(&list, &first, &mut columns, &mut out.parts);
    });
    compute_all(&list, &first, columns, &store, &mut fills);
    for pass in 2..=passes {
        let due = due(&list, pass);
        let mut columns: Vec<Column> = due.iter().map(|_| Column::default()).collect();
        let gather = |is: &[usize], out: &mut Vec<Gathered>| {
            for &i in is {
                later_pass(&list, &fills, &due, pass, i, &store, out);
            }
        };
        let broken = |is: &[usize], out: &mut Vec<Gathered>| {
            out.extend(is.iter().flat_map(|_| panicked_parts(due.len())));
        };
        drive_parts(
            0..store.len(),
            limits,
            |_| 512,
            &gather,
            &broken,
            |_, out| {
                push_parts(&list, &due, &mut columns, out);
            },
        );
        compute_all(&list, &due, columns, &store, &mut fills);
    }
    let last = |i: &usize| Outcome {
        employee: store.key(*i).to_string(),
        origin: store.origins[*i].clone(),
        result: pairs.assemble(
            (list.iter().zip(&fills).enumerate())
                .map(|(k, (&(plan, _), fill))| last_pass(plan, fill, *i, store.side(k, *i)))
                .collect(),
        ),
    };
    let broken = |i: &usize| Outcome {
        employee: store.key(*i).to_string(),
        origin: store.origins[*i].clone(),
        result: pairs.panicked(),
    };
    drive(0..store.len(), limits, |_| 512, &last, &broken, emit);
    let employees = std::mem::take(&mut store.keys);
    // Freeing a million employees' kept evaluations takes a while; the caller need not wait.
    std::thread::spawn(move || drop(store));
    figures(fills, employees)
}

/// Which figures a pass computes: (pair, figure).
fn due(list: &[(&Plan, &Binding)], pass: usize) -> Vec<(usize, usize)> {
    (list.iter().enumerate())
        .flat_map(|(k, (plan, _))| {
            (plan.populations().iter().enumerate())
                .filter(move |(_, p)| p.pass == pass)
                .map(move |(f, _)| (k, f))
        })
        .collect()
}

/// Every part of a pass for an employee whose computing panicked.
fn panicked_parts(n: usize) -> Vec<Gathered> {
    (0..n)
        .map(|_| Gathered::Failed {
            group: None,
            error: Arc::from("hrrules failed while computing this employee"),
            own: true,
        })
        .collect()
}

/// Adds a part's employees' parts (`due.len()` per employee, in order) to the pass's
/// columns, leaving `parts` empty.
fn push_parts(
    list: &[(&Plan, &Binding)],
    due: &[(usize, usize)],
    columns: &mut [Column],
    parts: &mut Vec<Gathered>,
) {
    let grouped: Vec<bool> = (due.iter())
        .map(|(k, f)| list[*k].0.populations()[*f].by.is_some())
        .collect();
    let n = due.len().max(1);
    for (at, g) in parts.drain(..).enumerate() {
        let c = at % n;
        if let Some(column) = columns.get_mut(c) {
            column.push(g, grouped[c]);
        }
    }
}

/// Computes the pass's figures over their columns, one figure per core.
fn compute_all(
    list: &[(&Plan, &Binding)],
    due: &[(usize, usize)],
    columns: Vec<Column>,
    store: &Store,
    fills: &mut [Fills],
) {
    let key = |i: usize| if i < store.len() { store.key(i) } else { "" };
    let key: Keys<'_> = &key;
    let done = std::thread::scope(|s| {
        let handles: Vec<_> = (due.iter().zip(columns))
            .map(|(&(k, f), col)| {
                let p = &list[k].0.populations()[f];
                s.spawn(move || compute(p, col, key))
            })
            .collect();
        handles.into_iter().map(|h| h.join()).collect::<Vec<_>>()
    });
    for (&(k, f), result) in due.iter().zip(done) {
        // `compute` does not panic (no indexing out of its own vectors); should it, the
        // figure is left empty and everyone who uses it fails with a missing input.
        if let Ok((values, summary)) = result {
            fills[k].values[f] = Some(values);
            fills[k].summaries[f] = Some(summary);
        }
    }
}

/// The first pass for one record: bind each pair's inputs once, evaluate up to the first
/// figures, keep what the later passes need in `out`, and gather what the figures read.
fn first_pass(
    list: &[(&Plan, &Binding)],
    due: &[(usize, usize)],
    record: &Record,
    out: &mut FirstPart,
) {
    for (k, &(plan, binding)) in list.iter().enumerate() {
        let caught = catch_unwind(AssertUnwindSafe(|| {
            let inputs = match binding.inputs(record) {
                Ok(i) => i,
                Err(e) => return (None, Err(e)),
            };
            let end = if plan.passes() == 0 { usize::MAX } else { 0 };
            let e = plan.evaluate_pass(&inputs, end);
            (
                Some(inputs),
                e.map_err(|e| super::locate(e, binding, record)),
            )
        }));
        let (inputs, evaluated) = caught.unwrap_or_else(|_| (None, Err(panicked())));
        // The group of an employee who failed: from their inputs, or, when their record
        // could not be read as inputs (a bad cell elsewhere), from the group's own cell.
        let group = |p: &crate::eval::PopPlan| {
            group_input(p, inputs.as_ref())
                .or_else(|| p.by_input.and_then(|i| binding.text_of(record, i)))
        };
        let shown = evaluated.as_ref().map_err(ToString::to_string);
        for &(_, f) in due.iter().filter(|(j, _)| *j == k) {
            let p = &plan.populations()[f];
            out.parts
                .push(part(plan, p, shown.as_ref().map(|e| *e), &group));
        }
        let block = &mut out.pairs[k];
        let width = width(plan);
        let done = match (plan.passes(), evaluated) {
            (0, result) => Done {
                result,
                inputs: None,
            },
            (_, Err(e)) => Done {
                result: Err(e),
                inputs,
            },
            (_, Ok(e)) => {
                block.slots.extend(e.into_slots(width));
                block.done.push(None);
                continue;
            }
        };
        block.slots.extend(std::iter::repeat_n(None, width));
        block.done.push(Some(Box::new(done)));
    }
}

/// A later pass for one employee: their kept evaluation with the figures so far, resumed up
/// to this pass's figures.
fn later_pass(
    list: &[(&Plan, &Binding)],
    fills: &[Fills],
    due: &[(usize, usize)],
    pass: usize,
    i: usize,
    store: &Store,
    parts: &mut Vec<Gathered>,
) {
    for (k, &(plan, _)) in list.iter().enumerate() {
        let mine: Vec<usize> = (due.iter())
            .filter(|(j, _)| *j == k)
            .map(|(_, f)| *f)
            .collect();
        if mine.is_empty() {
            continue;
        }
        let side = store.side(k, i);
        let evaluated = match side {
            Err(done) => Err(match &done.result {
                Err(e) => e.to_string(),
                Ok(_) => String::new(),
            }),
            Ok(slots) => catch_unwind(AssertUnwindSafe(|| {
                let fill = |s: &mut [Option<Value>]| fills[k].fill_slots(plan, i, s);
                plan.resume(slots, fill, 0, Some(pass - 1))
            }))
            .unwrap_or_else(|_| Err(panicked()))
            .map_err(|e: EmployeeError| e.to_string()),
        };
        let group = |p: &crate::eval::PopPlan| match side {
            Ok(s) => group_in(p, s),
            Err(done) => group_input(p, done.inputs.as_ref()),
        };
        for f in mine {
            let p = &plan.populations()[f];
            parts.push(part(plan, p, evaluated.as_ref(), &group));
        }
    }
}

/// An employee's part of figure `p`: their group and arguments from their evaluation, or
/// why they have none (`own`: their evaluation failed; otherwise only this figure cannot
/// count them), with their group as far as it is known.
fn part(
    plan: &Plan,
    p: &crate::eval::PopPlan,
    evaluated: Result<&Evaluation, &String>,
    group: &dyn Fn(&crate::eval::PopPlan) -> Option<Arc<str>>,
) -> Gathered {
    match evaluated {
        Ok(e) => member(plan, p, e).unwrap_or_else(|error| Gathered::Failed {
            group: group(p),
            error,
            own: false,
        }),
        Err(err) => Gathered::Failed {
            group: group(p),
            error: Arc::from(err.as_str()),
            own: true,
        },
    }
}

/// The last pass for one employee and pair: their final result.
fn last_pass(
    plan: &Plan,
    fill: &Fills,
    i: usize,
    side: Result<&[Option<Value>], &Done>,
) -> Result<Evaluation, EmployeeError> {
    match side {
        Err(done) => done.result.clone(),
        Ok(slots) => catch_unwind(AssertUnwindSafe(|| {
            plan.resume(slots, |s| fill.fill_slots(plan, i, s), 0, None)
        }))
        .unwrap_or_else(|_| Err(panicked())),
    }
}
