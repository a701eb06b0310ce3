//! The driver's population mode over data records. A policy with population figures
//! (`rank(kpi)`, `allocate(pool, kpi) by team`) needs everyone before anyone's figures are
//! final, so the first pass reads the records as a streaming run would (on all cores, while
//! the next chunk is read) and evaluates each employee up to the first figures; it keeps, of
//! each employee, never the record but their key, their row and that evaluation's slots, in
//! flat arrays (no allocation per employee is kept), plus the columns the figures of pass 1
//! read (a group id and two decimals each). The figures are computed over each group, one
//! figure per core; each later pass resumes everyone's kept evaluation up to the next
//! figures; the last resumes it to the end and hands the outcomes back in input order.

use super::driver::{drive, panicked, Chunks, Pairs};
use super::figures::{compute, Column, Gathered, Keys};
use super::team::{figures, group_in, group_input, member, Fills, TeamFigures};
use super::{Binding, EmployeeError, Outcome};
use crate::data::{Record, RowRef};
use crate::eval::{Evaluation, Inputs, Plan};
use crate::value::Value;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;

/// What one pair gives for an employee in the first pass.
enum First {
    /// Their evaluation up to the first figures (every slot; the store keeps the first
    /// [`Plan::pass_slots`]).
    Kept(Evaluation),
    /// Their result is final already (see [`Done`]).
    Done(Box<Done>),
}

/// An employee whose result is final after the first pass: the record could not be bound;
/// their figures failed before the first population figure (the error located in the data,
/// as a streaming run locates it); or the plan has no population figures.
struct Done {
    result: Result<Evaluation, EmployeeError>,
    /// Their inputs, when read: the group of a failed employee in later passes.
    inputs: Option<Inputs>,
}

/// Everyone as kept between passes, flat: the keys in one string, the rows, and per pair the
/// kept evaluations `width` slots each (empty for an employee whose result is done).
#[derive(Default)]
struct Store {
    keys: String,
    ends: Vec<usize>,
    origins: Vec<RowRef>,
    pairs: Vec<PairStore>,
}

/// One pair's kept evaluations, in blocks of [`BLOCK`] employees (a growing array of a
/// million employees' slots would be copied each time it doubles).
#[derive(Default)]
struct PairStore {
    width: usize,
    blocks: Vec<Vec<Option<Value>>>,
    done: Vec<Option<Box<Done>>>,
}

/// Employees per block of kept evaluations.
const BLOCK: usize = 4096;

impl PairStore {
    /// The block the next employee's slots go to.
    fn block(&mut self) -> &mut Vec<Option<Value>> {
        let width = self.width;
        if self.blocks.last().is_none_or(|b| b.len() >= BLOCK * width) {
            self.blocks.push(Vec::with_capacity(BLOCK * width));
        }
        let last = self.blocks.len() - 1;
        &mut self.blocks[last]
    }
}

impl Store {
    fn new(list: &[(&Plan, &Binding)]) -> Store {
        Store {
            pairs: (list.iter())
                .map(|(plan, _)| PairStore {
                    width: if plan.passes() == 0 {
                        0
                    } else {
                        plan.pass_slots(0)
                    },
                    ..PairStore::default()
                })
                .collect(),
            ..Store::default()
        }
    }

    fn len(&self) -> usize {
        self.ends.len()
    }

    fn key(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        self.keys.get(start..self.ends[i]).unwrap_or("")
    }

    fn push(&mut self, key: &str, origin: RowRef, sides: Vec<First>) {
        self.keys.push_str(key);
        self.ends.push(self.keys.len());
        self.origins.push(origin);
        for (p, side) in self.pairs.iter_mut().zip(sides) {
            let width = p.width;
            match side {
                First::Kept(e) => {
                    p.block().extend(e.into_slots(width));
                    p.done.push(None);
                }
                First::Done(d) => {
                    p.block().extend(std::iter::repeat_n(None, width));
                    p.done.push(Some(d));
                }
            }
        }
    }

    /// Pair `k`'s kept evaluation of employee `i`, or their final result.
    fn side(&self, k: usize, i: usize) -> Result<&[Option<Value>], &Done> {
        let p = &self.pairs[k];
        match p.done.get(i) {
            Some(Some(d)) => Err(d),
            _ => {
                let at = (i % BLOCK) * p.width;
                let block = p.blocks.get(i / BLOCK).map_or(&[][..], Vec::as_slice);
                Ok(block.get(at..at + p.width).unwrap_or(&[]))
            }
        }
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
    let read = |r: &Record| {
        (
            r.key.clone(),
            r.origin.clone(),
            first_pass(&list, &first, r),
        )
    };
    let broken = |r: &Record| {
        let sides = (list.iter())
            .map(|_| {
                First::Done(Box::new(Done {
                    result: Err(panicked()),
                    inputs: None,
                }))
            })
            .collect();
        (
            r.key.clone(),
            r.origin.clone(),
            (sides, panicked_parts(first.len())),
        )
    };
    drive(
        records,
        limits,
        size,
        &read,
        &broken,
        |(key, origin, (sides, parts))| {
            store.push(&key, origin, sides);
            push_parts(&list, &first, &mut columns, parts);
        },
    );
    compute_all(&list, &first, columns, &store, &mut fills);
    for pass in 2..=passes {
        let due = due(&list, pass);
        let mut columns: Vec<Column> = due.iter().map(|_| Column::default()).collect();
        let gather = |i: &usize| later_pass(&list, &fills, &due, pass, *i, &store);
        let broken = |_: &usize| panicked_parts(due.len());
        drive(
            0..store.len(),
            limits,
            |_| 512,
            &gather,
            &broken,
            |parts| {
                push_parts(&list, &due, &mut columns, parts);
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
    let employees = (0..store.len()).map(|i| store.key(i).to_string()).collect();
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

/// Adds an employee's parts to the pass's columns.
fn push_parts(
    list: &[(&Plan, &Binding)],
    due: &[(usize, usize)],
    columns: &mut [Column],
    parts: Vec<Gathered>,
) {
    for ((c, g), (k, f)) in columns.iter_mut().zip(parts).zip(due) {
        c.push(g, list[*k].0.populations()[*f].by.is_some());
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
/// figures, and gather what they read.
fn first_pass(
    list: &[(&Plan, &Binding)],
    due: &[(usize, usize)],
    record: &Record,
) -> (Vec<First>, Vec<Gathered>) {
    let mut parts = Vec::with_capacity(due.len());
    let mut sides = Vec::with_capacity(list.len());
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
            parts.push(part(plan, p, shown.as_ref().map(|e| *e), &group));
        }
        sides.push(match (plan.passes(), evaluated) {
            (0, result) => First::Done(Box::new(Done {
                result,
                inputs: None,
            })),
            (_, Err(e)) => First::Done(Box::new(Done {
                result: Err(e),
                inputs,
            })),
            (_, Ok(e)) => First::Kept(e),
        });
    }
    (sides, parts)
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
) -> Vec<Gathered> {
    let mut parts = Vec::with_capacity(due.len());
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
    parts
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
