//! The driver's population mode: for a policy with population figures (`rank(kpi)`,
//! `allocate(pool, kpi) by team`), every record is kept (the records, not their
//! evaluations), each pass gathers the columns its figures read from every employee on all
//! cores, the figures are computed over each group, and the last pass evaluates everyone
//! with them and hands the outcomes back in input order. A policy without population
//! figures never comes here: it streams.

use super::driver::{drive, one_filled, Chunks, Pairs};
use super::figures::{compute, Column, FigureSummary, Filled, Gathered};
use super::{Binding, EmployeeError, Outcome};
use crate::data::Record;
use crate::eval::{Inputs, Plan, PopPlan};
use crate::value::Value;
use rust_decimal::Decimal;
use std::sync::Arc;

/// The population figures of a run: for each (plan, binding) pair, each figure of its plan
/// over every group. Empty for a run without population figures.
#[derive(Clone, Debug, Default)]
pub struct TeamFigures {
    /// Per pair, in the order given; per figure, in the plan's order.
    pub pairs: Vec<Vec<FigureSummary>>,
    /// Each employee's key, in data order (`FigureSummary::member` takes the position).
    pub employees: Vec<String>,
    /// Per pair, per figure, each employee's value.
    values: Vec<Vec<Option<Vec<Filled>>>>,
}

impl TeamFigures {
    /// The position of `employee` in the data.
    pub fn ordinal(&self, employee: &str) -> Option<usize> {
        self.employees.iter().position(|e| e == employee)
    }

    /// Figure `figure` of pair `pair` for the employee at `ordinal`: its value, or why its
    /// group has none; `None` when the employee's own figures failed before it.
    pub fn value(
        &self,
        pair: usize,
        figure: usize,
        ordinal: usize,
    ) -> Option<Result<&Value, &super::TeamError>> {
        match self.values.get(pair)?.get(figure)?.as_ref()?.get(ordinal)? {
            Filled::Value(v) => Some(Ok(v)),
            Filled::Err(e) => Some(Err(e)),
            Filled::Own => None,
        }
    }

    /// Puts the population figures of pair `pair` (computed with `plan`) for the employee at
    /// `ordinal` into `inputs`, to evaluate or explain them alone; an error when a figure
    /// failed for their group.
    pub fn fill(
        &self,
        pair: usize,
        plan: &Plan,
        ordinal: usize,
        inputs: &mut Inputs,
    ) -> Result<(), EmployeeError> {
        for (f, p) in plan.populations().iter().enumerate() {
            match self.value(pair, f, ordinal) {
                Some(Ok(v)) => inputs.set_at(p.input, Some(v.clone())),
                Some(Err(e)) => return Err(EmployeeError::Team(e.clone())),
                None => {}
            }
        }
        Ok(())
    }
}

/// One pair's figures, filled pass by pass: per figure, per employee.
struct Fills {
    values: Vec<Option<Vec<Filled>>>,
    summaries: Vec<Option<FigureSummary>>,
}

impl Fills {
    fn new(plan: &Plan) -> Fills {
        let n = plan.populations().len();
        Fills {
            values: (0..n).map(|_| None).collect(),
            summaries: (0..n).map(|_| None).collect(),
        }
    }

    /// Puts employee `i`'s figures computed so far into `inputs`. An employee whose group's
    /// figure failed is that error.
    fn fill(&self, plan: &Plan, i: usize, inputs: &mut Inputs) -> Result<(), EmployeeError> {
        for (f, p) in plan.populations().iter().enumerate() {
            match self.values[f].as_ref().and_then(|v| v.get(i)) {
                Some(Filled::Value(v)) => inputs.set_at(p.input, Some(v.clone())),
                Some(Filled::Err(e)) => return Err(EmployeeError::Team((**e).clone())),
                Some(Filled::Own) | None => {}
            }
        }
        Ok(())
    }
}

/// Evaluates every record with `pairs`, population figures first (see the module's doc).
pub(crate) fn evaluate_team<P: Pairs>(
    pairs: &P,
    records: impl Iterator<Item = Record>,
    limits: Chunks,
    emit: &mut dyn FnMut(Outcome<P::Results>),
) -> TeamFigures {
    let records: Vec<Record> = records.collect();
    let list = pairs.each();
    let mut fills: Vec<Fills> = list.iter().map(|(plan, _)| Fills::new(plan)).collect();
    let passes = list.iter().map(|(p, _)| p.passes()).max().unwrap_or(0);
    let key = |i: usize| records.get(i).map(|r| r.key.clone()).unwrap_or_default();
    let size = |_: &(usize, &Record)| 512;
    for pass in 1..=passes {
        // Which figures this pass computes: (pair, figure).
        let due: Vec<(usize, usize)> = (list.iter().enumerate())
            .flat_map(|(k, (plan, _))| {
                (plan.populations().iter().enumerate())
                    .filter(move |(_, p)| p.pass == pass)
                    .map(move |(f, _)| (k, f))
            })
            .collect();
        let mut columns: Vec<Column> = due.iter().map(|_| Column::default()).collect();
        let gather = |(i, r): &(usize, &Record)| gather(&list, &fills, &due, pass, *i, r);
        let failed = |(_, _): &(usize, &Record)| {
            (due.iter())
                .map(|_| Gathered::Failed {
                    group: None,
                    error: Arc::from("hrrules failed while computing this employee"),
                    own: true,
                })
                .collect()
        };
        drive(
            records.iter().enumerate(),
            limits,
            size,
            &gather,
            &failed,
            |parts: Vec<Gathered>| {
                for ((c, g), (k, f)) in columns.iter_mut().zip(parts).zip(&due) {
                    c.push(g, list[*k].0.populations()[*f].by.is_some());
                }
            },
        );
        for ((k, f), col) in due.iter().zip(columns) {
            let plan = list[*k].0;
            let (values, summary) = compute(&plan.populations()[*f], col, &key);
            fills[*k].values[*f] = Some(values);
            fills[*k].summaries[*f] = Some(summary);
        }
    }
    let last = |(i, r): &(usize, &Record)| {
        let results = (list.iter().zip(&fills))
            .map(|((plan, binding), fill)| {
                one_filled(plan, binding, r, &|inputs: &mut Inputs| {
                    fill.fill(plan, *i, inputs)
                })
            })
            .collect();
        Outcome {
            employee: r.key.clone(),
            origin: r.origin.clone(),
            result: pairs.assemble(results),
        }
    };
    let panicked = |(_, r): &(usize, &Record)| Outcome {
        employee: r.key.clone(),
        origin: r.origin.clone(),
        result: pairs.panicked(),
    };
    drive(
        records.iter().enumerate(),
        limits,
        size,
        &last,
        &panicked,
        emit,
    );
    figures(fills, records.into_iter().map(|r| r.key).collect())
}

/// The figures of a run from each pair's fills.
fn figures(fills: Vec<Fills>, employees: Vec<String>) -> TeamFigures {
    let (pairs, values) = fills
        .into_iter()
        .map(|f| (f.summaries.into_iter().flatten().collect(), f.values))
        .unzip();
    TeamFigures {
        pairs,
        employees,
        values,
    }
}

/// One employee's part of this pass's figures: their group and arguments, or their error.
fn gather(
    list: &[(&Plan, &Binding)],
    fills: &[Fills],
    due: &[(usize, usize)],
    pass: usize,
    i: usize,
    record: &Record,
) -> Vec<Gathered> {
    let mut out = Vec::with_capacity(due.len());
    let mut k_done = usize::MAX;
    let mut evaluation = None;
    let mut inputs_kept = None;
    for &(k, f) in due {
        let (plan, binding) = list[k];
        if k != k_done {
            k_done = k;
            let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                let inputs = binding.inputs(record);
                let evaluated = inputs.as_ref().map_err(Clone::clone).and_then(|inputs| {
                    let mut inputs = inputs.clone();
                    fills[k].fill(plan, i, &mut inputs)?;
                    plan.evaluate_pass(&inputs, pass - 1)
                        .map_err(|e| super::locate(e, binding, record))
                });
                (inputs.ok(), evaluated)
            }));
            let (inputs, evaluated) =
                caught.unwrap_or_else(|_| (None, Err(super::driver::panicked())));
            inputs_kept = inputs;
            evaluation = Some(evaluated);
        }
        let p = &plan.populations()[f];
        let part = match evaluation.as_ref() {
            Some(Ok(e)) => member(plan, p, e).map_err(|error| (error, false)),
            Some(Err(err)) => Err((Arc::from(err.to_string()), true)),
            None => Err((Arc::from("not evaluated"), true)),
        };
        out.push(match part {
            Ok(g) => g,
            Err((error, own)) => Gathered::Failed {
                group: group_input(p, inputs_kept.as_ref()),
                error,
                own,
            },
        });
    }
    out
}

/// A member's group and arguments from their evaluation.
fn member(plan: &Plan, p: &PopPlan, e: &crate::eval::Evaluation) -> Result<Gathered, Arc<str>> {
    let group = match p.by {
        None => None,
        Some(slot) => match e.slot_value(slot) {
            Some(Value::Text(t)) => Some(t.clone()),
            _ => {
                let name = p.by_name.as_deref().unwrap_or("the group");
                return Err(Arc::from(format!(
                    "missing input `{name}`, which `{}` groups by",
                    p.text
                )));
            }
        },
    };
    let mut args = [Decimal::ZERO; 2];
    for (k, a) in p.args.iter().enumerate().take(2) {
        match plan.argument(a, e) {
            Some(Value::Number(d)) => args[k] = *d,
            _ => {
                let name = match a {
                    crate::eval::Arg::Slot(s) => plan.slot_name(*s as usize).unwrap_or("?"),
                    crate::eval::Arg::Const(_) => "?",
                };
                return Err(Arc::from(format!(
                    "missing input `{name}`, which `{}` reads",
                    p.text
                )));
            }
        }
    }
    Ok(Gathered::Member { group, args })
}

/// The group of an employee whose figures failed, when the group is an input they have.
fn group_input(p: &PopPlan, inputs: Option<&Inputs>) -> Option<Arc<str>> {
    let i = p.by_input?;
    match inputs?.values().get(i) {
        Some(Some(Value::Text(t))) => Some(t.clone()),
        _ => None,
    }
}

/// Evaluates an embedder's team with `plan`: each employee's key (which breaks ties in
/// `allocate` and `distribute`) with their [`Inputs`], population figures included, in
/// the order given; also returns the figures of each group. A plan without population
/// figures simply evaluates each employee.
///
/// ```
/// # use hrrules::Policy;
/// let policy = Policy::from_source("pool.toml", r#"
///     [policy]
///     name = "Team pool"
///     [inputs]
///     kpi = { type = "number" }
///     [params]
///     pool = { value = "100.00", type = "money" }
///     [values]
///     share = "allocate(pool, kpi)"
/// "#)?;
/// let plan = policy.plan("2023-09".parse().unwrap())?;
/// let team: Vec<(String, hrrules::Inputs)> = ["E001", "E002", "E003"]
///     .iter()
///     .map(|k| {
///         let mut i = policy.inputs();
///         i.set_text("kpi", "1").unwrap();
///         (k.to_string(), i)
///     })
///     .collect();
/// let (results, _) = hrrules::evaluate_team_inputs(&plan, &team);
/// let shares: Vec<String> =
///     results.iter().map(|r| r.as_ref().unwrap().get("share").unwrap().to_string()).collect();
/// assert_eq!(shares, ["33.34", "33.33", "33.33"]);
/// # Ok::<(), hrrules::Error>(())
/// ```
pub fn evaluate_team_inputs(
    plan: &Plan,
    team: &[(String, Inputs)],
) -> (
    Vec<Result<crate::eval::Evaluation, EmployeeError>>,
    TeamFigures,
) {
    let mut fills = Fills::new(plan);
    let key = |i: usize| team.get(i).map(|(k, _)| k.clone()).unwrap_or_default();
    for pass in 1..=plan.passes() {
        let due: Vec<usize> = (plan.populations().iter().enumerate())
            .filter(|(_, p)| p.pass == pass)
            .map(|(f, _)| f)
            .collect();
        let mut columns: Vec<Column> = due.iter().map(|_| Column::default()).collect();
        for (i, (_, given)) in team.iter().enumerate() {
            let mut inputs = given.clone();
            let evaluated = fills
                .fill(plan, i, &mut inputs)
                .and_then(|()| Ok(plan.evaluate_pass(&inputs, pass - 1)?));
            for (c, &f) in columns.iter_mut().zip(&due) {
                let p = &plan.populations()[f];
                let part = match &evaluated {
                    Ok(e) => member(plan, p, e).map_err(|error| (error, false)),
                    Err(err) => Err((Arc::from(err.to_string()), true)),
                };
                c.push(
                    part.unwrap_or_else(|(error, own)| Gathered::Failed {
                        group: group_input(p, Some(given)),
                        error,
                        own,
                    }),
                    p.by.is_some(),
                );
            }
        }
        for (&f, col) in due.iter().zip(columns) {
            let (values, summary) = compute(&plan.populations()[f], col, &key);
            fills.values[f] = Some(values);
            fills.summaries[f] = Some(summary);
        }
    }
    let results = (team.iter().enumerate())
        .map(|(i, (_, given))| {
            let mut inputs = given.clone();
            fills.fill(plan, i, &mut inputs)?;
            Ok(plan.evaluate(&inputs)?)
        })
        .collect();
    let employees = team.iter().map(|(k, _)| k.clone()).collect();
    (results, figures(vec![fills], employees))
}
