//! The driver's population mode: for a policy with population figures (`rank(kpi)`,
//! `allocate(pool, kpi) by team`), every record is kept (the records, not their
//! evaluations), each pass gathers the columns its figures read from every employee on all
//! cores, the figures are computed over each group, and the last pass evaluates everyone
//! with them and hands the outcomes back in input order. A policy without population
//! figures never comes here: it streams.

use super::figures::{compute, Column, FigureSummary, Filled, Gathered};
use super::EmployeeError;
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
    employees: KeyList,
    /// Per pair, per figure, each employee's value.
    values: Vec<Vec<Option<Vec<Filled>>>>,
}

/// Every employee's key, in data order, kept in one string (a million keys are not a
/// million allocations).
#[derive(Clone, Debug, Default)]
pub(crate) struct KeyList {
    text: String,
    ends: Vec<usize>,
}

impl KeyList {
    /// Adds the next employee's key.
    pub(crate) fn push(&mut self, key: &str) {
        self.text.push_str(key);
        self.ends.push(self.text.len());
    }

    /// How many keys there are.
    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    /// The key of the employee at `i`.
    pub(crate) fn get(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)?;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        self.text.get(start..end)
    }
}

impl TeamFigures {
    /// The position of `employee` in the data.
    pub fn ordinal(&self, employee: &str) -> Option<usize> {
        self.employees().position(|e| e == employee)
    }

    /// Each employee's key, in data order (the position is what
    /// [`FigureSummary::member`] and [`TeamFigures::value`] take).
    pub fn employees(&self) -> impl ExactSizeIterator<Item = &str> + '_ {
        (0..self.employees.len()).map(|i| self.employees.get(i).unwrap_or(""))
    }

    /// The key of the employee at `ordinal`.
    pub fn employee(&self, ordinal: usize) -> Option<&str> {
        self.employees.get(ordinal)
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
        let values = self.values.get(pair).map_or(&[][..], Vec::as_slice);
        put_figures(values, plan, ordinal, |input, v| {
            inputs.set_at(input, Some(v.clone()))
        })
    }
}

/// Hands each population figure's value for employee `i` to `put` (with its input's
/// position); a figure that failed for their group is that error. A figure their own
/// failure left empty is left out, so that their own error shows.
fn put_figures(
    values: &[Option<Vec<Filled>>],
    plan: &Plan,
    i: usize,
    mut put: impl FnMut(usize, &Value),
) -> Result<(), EmployeeError> {
    for (f, p) in plan.populations().iter().enumerate() {
        match values
            .get(f)
            .and_then(Option::as_ref)
            .and_then(|v| v.get(i))
        {
            Some(Filled::Value(v)) => put(p.input, v),
            Some(Filled::Err(e)) => return Err(EmployeeError::Team((**e).clone())),
            Some(Filled::Own) | None => {}
        }
    }
    Ok(())
}

/// One pair's figures, filled pass by pass: per figure, per employee.
pub(super) struct Fills {
    pub(super) values: Vec<Option<Vec<Filled>>>,
    pub(super) summaries: Vec<Option<FigureSummary>>,
}

impl Fills {
    pub(super) fn new(plan: &Plan) -> Fills {
        let n = plan.populations().len();
        Fills {
            values: (0..n).map(|_| None).collect(),
            summaries: (0..n).map(|_| None).collect(),
        }
    }

    /// Puts employee `i`'s figures computed so far into the slots of their inputs (a kept
    /// evaluation). An employee whose group's figure failed is that error.
    pub(super) fn fill_slots(
        &self,
        plan: &Plan,
        i: usize,
        slots: &mut [Option<Value>],
    ) -> Result<(), EmployeeError> {
        put_figures(&self.values, plan, i, |input, v| {
            if let Some(s) = slots.get_mut(input) {
                *s = Some(v.clone());
            }
        })
    }

    /// Puts employee `i`'s figures computed so far into `inputs`. An employee whose group's
    /// figure failed is that error.
    pub(super) fn fill(
        &self,
        plan: &Plan,
        i: usize,
        inputs: &mut Inputs,
    ) -> Result<(), EmployeeError> {
        put_figures(&self.values, plan, i, |input, v| {
            inputs.set_at(input, Some(v.clone()))
        })
    }
}

/// The figures of a run from each pair's fills.
pub(super) fn figures(fills: Vec<Fills>, employees: KeyList) -> TeamFigures {
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

/// A member's group and arguments from their evaluation.
pub(super) fn member(
    plan: &Plan,
    p: &PopPlan,
    e: &crate::eval::Evaluation,
) -> Result<Gathered, Arc<str>> {
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
pub(super) fn group_input(p: &PopPlan, inputs: Option<&Inputs>) -> Option<Arc<str>> {
    group_in(p, inputs?.values())
}

/// The group of an employee whose figures failed, from their inputs' values (or a kept
/// evaluation's slots, which start with them), when the group is an input they have.
pub(super) fn group_in(p: &PopPlan, values: &[Option<Value>]) -> Option<Arc<str>> {
    match values.get(p.by_input?) {
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
    evaluate_team(plan, team.len(), |i| (team[i].0.as_str(), Ok(&team[i].1)))
}

/// [`evaluate_team_inputs`] for a team some of whose members' inputs could not be read (a
/// record of the wrong shape, earlier months with a gap): such a member is a failed member of the population figures,
/// as a row with a bad cell is for `hrrules eval` (their group fails, unless the figure
/// `exclude_failed`), and their result is their error.
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
///     share = { expr = "allocate(pool, kpi)", type = "money", exclude_failed = true }
/// "#)?;
/// let plan = policy.plan("2023-09".parse().unwrap())?;
/// let mut one = policy.inputs();
/// one.set_text("kpi", "1").unwrap();
/// let unread = one.clone().set_text("kpi", "one").map(|_| ()).unwrap_err();
/// let team = vec![
///     ("E001".to_string(), Ok(one.clone())),
///     ("E002".to_string(), Err(unread.into())),
///     ("E003".to_string(), Ok(one)),
/// ];
/// let (results, _) = hrrules::evaluate_team_members(&plan, &team);
/// assert_eq!(results[0].as_ref().unwrap().get("share").unwrap().to_string(), "50.00");
/// assert!(results[1].is_err());
/// # Ok::<(), hrrules::Error>(())
/// ```
pub fn evaluate_team_members(
    plan: &Plan,
    team: &[(String, Result<Inputs, EmployeeError>)],
) -> (
    Vec<Result<crate::eval::Evaluation, EmployeeError>>,
    TeamFigures,
) {
    evaluate_team(plan, team.len(), |i| {
        (team[i].0.as_str(), team[i].1.as_ref())
    })
}

/// The team of `n` members, `at(i)` being member `i`'s key and inputs, or why they are
/// missing.
fn evaluate_team<'t>(
    plan: &Plan,
    n: usize,
    at: impl Fn(usize) -> (&'t str, Result<&'t Inputs, &'t EmployeeError>) + Sync,
) -> (
    Vec<Result<crate::eval::Evaluation, EmployeeError>>,
    TeamFigures,
) {
    let mut fills = Fills::new(plan);
    let key = |i: usize| if i < n { at(i).0 } else { "" };
    for pass in 1..=plan.passes() {
        let due: Vec<usize> = (plan.populations().iter().enumerate())
            .filter(|(_, p)| p.pass == pass)
            .map(|(f, _)| f)
            .collect();
        let mut columns: Vec<Column> = due.iter().map(|_| Column::default()).collect();
        for i in 0..n {
            let given = at(i).1;
            let evaluated = given.map_err(EmployeeError::clone).and_then(|given| {
                let mut inputs = given.clone();
                fills.fill(plan, i, &mut inputs)?;
                Ok(plan.evaluate_pass(&inputs, pass - 1)?)
            });
            for (c, &f) in columns.iter_mut().zip(&due) {
                let p = &plan.populations()[f];
                let part = match &evaluated {
                    Ok(e) => member(plan, p, e).map_err(|error| (error, false)),
                    Err(err) => Err((Arc::from(err.to_string()), true)),
                };
                c.push(
                    part.unwrap_or_else(|(error, own)| Gathered::Failed {
                        group: group_input(p, given.ok()),
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
    let results = (0..n)
        .map(|i| {
            let mut inputs = at(i).1.map_err(EmployeeError::clone)?.clone();
            fills.fill(plan, i, &mut inputs)?;
            Ok(plan.evaluate(&inputs)?)
        })
        .collect();
    let mut employees = KeyList::default();
    for i in 0..n {
        employees.push(at(i).0);
    }
    (results, figures(vec![fills], employees))
}
