//! The driver's population mode over data records. A policy with population figures
//! (`rank(kpi)`, `allocate(pool, kpi) by team`) needs everyone before anyone's figures are
//! final, so the first pass reads the records as a streaming run would (on all cores, while
//! the next chunk is read) but keeps, of each employee, only their key, their row and their
//! parsed inputs, never the record, plus the columns the figures of pass 1 read (a group id
//! and two decimals each). The figures are computed over each group, on all cores; each
//! later pass evaluates everyone from their kept inputs up to the next figures; the last
//! evaluates everyone with every figure and hands the outcomes back in input order.

use super::driver::{drive, panicked, Chunks, Pairs};
use super::figures::{compute, Column, Gathered, Keys};
use super::team::{figures, group_in, group_input, member, Fills, TeamFigures};
use super::{Binding, EmployeeError, Outcome};
use crate::data::{Record, RowRef};
use crate::eval::{Evaluation, Inputs, Plan};
use crate::value::Value;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;

/// One employee as kept between passes.
struct Kept {
    employee: String,
    origin: RowRef,
    /// Per pair, in the order given.
    sides: Vec<Side>,
}

/// What one pair keeps of an employee.
struct Side {
    /// Their evaluation after the first pass (inputs and everything computed before the
    /// first population figure, [`Plan::pass_slots`]): the later passes resume from it
    /// instead of computing it again. `None` when the record could not be bound or the
    /// result is already final.
    slots: Option<Vec<Option<Value>>>,
    /// What the first pass read of the employee's group, for the figures whose group is an
    /// input, when the evaluation failed (so their failure counts in their own group).
    inputs: Option<Inputs>,
    /// Their result when it is final already: the record could not be bound; their figures
    /// failed before the first population figure (the error located in the data, as a
    /// streaming run locates it); or the plan has no population figures.
    done: Option<Box<Result<Evaluation, EmployeeError>>>,
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
    let mut kept: Vec<Kept> = Vec::new();
    let first = due(&list, 1);
    let mut columns: Vec<Column> = first.iter().map(|_| Column::default()).collect();
    let size = |r: &Record| std::mem::size_of::<Record>() + r.heap_bytes() + 512;
    let read = |r: &Record| first_pass(&list, &first, r);
    let broken = |r: &Record| {
        let k = Kept {
            employee: r.key.clone(),
            origin: r.origin.clone(),
            sides: (list.iter())
                .map(|_| Side {
                    slots: None,
                    inputs: None,
                    done: Some(Box::new(Err(panicked()))),
                })
                .collect(),
        };
        (k, panicked_parts(first.len()))
    };
    drive(records, limits, size, &read, &broken, |(k, parts)| {
        kept.push(k);
        push_parts(&list, &first, &mut columns, parts);
    });
    compute_all(&list, &first, columns, &kept, &mut fills);
    for pass in 2..=passes {
        let due = due(&list, pass);
        let mut columns: Vec<Column> = due.iter().map(|_| Column::default()).collect();
        let gather = |(i, k): &(usize, &Kept)| later_pass(&list, &fills, &due, pass, *i, k);
        let broken = |_: &(usize, &Kept)| panicked_parts(due.len());
        let items = kept.iter().enumerate();
        drive(
            items,
            limits,
            |_| 512,
            &gather,
            &broken,
            |parts| {
                push_parts(&list, &due, &mut columns, parts);
            },
        );
        compute_all(&list, &due, columns, &kept, &mut fills);
    }
    // The keys move out of the kept employees, to stay in the figures after the run.
    let employees: Vec<String> = (kept.iter_mut())
        .map(|k| std::mem::take(&mut k.employee))
        .collect();
    let last = |(i, k): &(usize, Kept)| Outcome {
        employee: employees[*i].clone(),
        origin: k.origin.clone(),
        result: pairs.assemble(
            (list.iter().zip(&fills).zip(&k.sides))
                .map(|((&(plan, _), fill), side)| last_pass(plan, fill, *i, side))
                .collect(),
        ),
    };
    let broken = |(i, k): &(usize, Kept)| Outcome {
        employee: employees[*i].clone(),
        origin: k.origin.clone(),
        result: pairs.panicked(),
    };
    let size = |_: &(usize, Kept)| 512;
    drive(
        kept.into_iter().enumerate(),
        limits,
        size,
        &last,
        &broken,
        emit,
    );
    figures(fills, employees)
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
    kept: &[Kept],
    fills: &mut [Fills],
) {
    let key = |i: usize| kept.get(i).map_or("", |k| k.employee.as_str());
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
) -> (Kept, Vec<Gathered>) {
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
        for &(_, f) in due.iter().filter(|(j, _)| *j == k) {
            let p = &plan.populations()[f];
            parts.push(match &evaluated {
                Ok(e) => member(plan, p, e).unwrap_or_else(|error| Gathered::Failed {
                    group: group(p),
                    error,
                    own: false,
                }),
                Err(err) => Gathered::Failed {
                    group: group(p),
                    error: Arc::from(err.to_string()),
                    own: true,
                },
            });
        }
        sides.push(match (plan.passes(), evaluated) {
            (0, result) => Side {
                slots: None,
                inputs: None,
                done: Some(Box::new(result)),
            },
            (_, Err(e)) => Side {
                slots: None,
                inputs,
                done: Some(Box::new(Err(e))),
            },
            (_, Ok(e)) => Side {
                slots: Some(e.into_slots(plan.pass_slots(0))),
                inputs: None,
                done: None,
            },
        });
    }
    let kept = Kept {
        employee: record.key.clone(),
        origin: record.origin.clone(),
        sides,
    };
    (kept, parts)
}

/// A later pass for one employee: their kept inputs with the figures so far, evaluated up to
/// this pass's figures.
fn later_pass(
    list: &[(&Plan, &Binding)],
    fills: &[Fills],
    due: &[(usize, usize)],
    pass: usize,
    i: usize,
    kept: &Kept,
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
        let side = &kept.sides[k];
        let evaluated = match (&side.done, &side.slots) {
            (Some(done), _) => Err(match &**done {
                Err(e) => e.to_string(),
                Ok(_) => String::new(),
            }),
            (None, None) => Err("no inputs".to_string()),
            (None, Some(slots)) => catch_unwind(AssertUnwindSafe(|| {
                let fill = |s: &mut [Option<Value>]| fills[k].fill_slots(plan, i, s);
                plan.resume(slots, fill, 0, Some(pass - 1))
            }))
            .unwrap_or_else(|_| Err(panicked()))
            .map_err(|e: EmployeeError| e.to_string()),
        };
        let group = |p: &crate::eval::PopPlan| match (&side.slots, &side.inputs) {
            (Some(s), _) => group_in(p, s),
            (None, i) => group_input(p, i.as_ref()),
        };
        for f in mine {
            let p = &plan.populations()[f];
            parts.push(match &evaluated {
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
            });
        }
    }
    parts
}

/// The last pass for one employee and pair: their final result.
fn last_pass(
    plan: &Plan,
    fill: &Fills,
    i: usize,
    side: &Side,
) -> Result<Evaluation, EmployeeError> {
    if let Some(done) = &side.done {
        return (**done).clone();
    }
    let Some(slots) = &side.slots else {
        return Err(panicked());
    };
    catch_unwind(AssertUnwindSafe(|| {
        plan.resume(slots, |s| fill.fill_slots(plan, i, s), 0, None)
    }))
    .unwrap_or_else(|_| Err(panicked()))
}
