//! Computing population figures over the gathered columns: members grouped, failures
//! kept visible, each group's figure computed by `crate::population`, and a summary per
//! group that the output footer and `explain` reconcile against.

use super::team_error::{TeamError, TeamProblem};
use crate::eval::PopPlan;
use crate::population::{self, Aggregate};
use crate::value::Value;
use crate::vocab::PopFunc;
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::sync::Arc;

/// Each employee's key by their position in the data (it breaks ties in `allocate` and
/// `distribute`, and names failed members).
pub(crate) type Keys<'k> = &'k (dyn Fn(usize) -> &'k str + Sync);

/// A member's group is not known (their figures failed before it was computed).
const UNKNOWN: u32 = u32::MAX;
/// How many excluded members a summary names.
const NAMED: usize = 10;

/// What one employee gives a figure's pass.
pub(crate) enum Gathered {
    /// Their group and arguments (`x`; `pool, weight`).
    Member {
        group: Option<Arc<str>>,
        args: [Decimal; 2],
    },
    /// Their figures failed, or they have no group or argument for this figure: the group
    /// when known (an input), and why. `own` when their own evaluation failed (their last
    /// pass shows that error again); otherwise only this figure cannot count them.
    Failed {
        group: Option<Arc<str>>,
        error: Arc<str>,
        own: bool,
    },
}

/// One figure's arguments for everyone, in data order, kept flat: the group's id and two
/// decimals per employee.
#[derive(Default)]
pub(crate) struct Column {
    names: Vec<Option<Arc<str>>>,
    index: HashMap<Arc<str>, u32>,
    group: Vec<u32>,
    args: Vec<[Decimal; 2]>,
    failed: Vec<(u32, Arc<str>)>,
    /// The failed who are not counted for this figure alone (no group, no argument).
    uncounted: Vec<u32>,
}

impl Column {
    fn group_id(&mut self, g: Option<Arc<str>>) -> u32 {
        let Some(g) = g else {
            if self.names.is_empty() {
                self.names.push(None);
            }
            return 0;
        };
        if let Some(&i) = self.index.get(&g) {
            return i;
        }
        let i = u32::try_from(self.names.len()).unwrap_or(UNKNOWN - 1);
        self.names.push(Some(g.clone()));
        self.index.insert(g, i);
        i
    }

    /// Adds the next employee's part.
    pub(crate) fn push(&mut self, g: Gathered, grouped: bool) {
        let ordinal = u32::try_from(self.group.len()).unwrap_or(u32::MAX);
        match g {
            Gathered::Member { group, args } => {
                let id = self.group_id(group);
                self.group.push(id);
                self.args.push(args);
            }
            Gathered::Failed { group, error, own } => {
                if !own {
                    self.uncounted.push(ordinal);
                }
                let id = match (grouped, group) {
                    (true, None) => UNKNOWN,
                    (_, g) => self.group_id(g),
                };
                self.group.push(id);
                self.args.push([Decimal::ZERO; 2]);
                self.failed.push((ordinal, error));
            }
        }
    }
}

/// A figure's value for one employee, as the last pass fills it.
#[derive(Clone, Debug)]
pub(crate) enum Filled {
    /// The value.
    Value(Value),
    /// The employee's own figures failed: left empty, so the employee's own error shows.
    Own,
    /// The figure failed for the employee's group.
    Err(Arc<TeamError>),
}

/// A population figure over one group, for the footer and `explain`.
#[derive(Clone, Debug)]
pub struct GroupFigure {
    /// The group (`by team`'s value), `None` for a figure over everyone.
    pub group: Option<Arc<str>>,
    /// Members counted in.
    pub members: usize,
    /// Members whose figures failed and were left out (`exclude_failed`): how many.
    pub excluded: usize,
    /// The first few of them.
    pub excluded_named: Vec<String>,
    /// Why the figure was not computed for the group.
    pub error: Option<Arc<TeamError>>,
    /// The sum of `x` (aggregates, ranks), or of the parts (`allocate`).
    pub total: Option<Decimal>,
    /// `allocate`: the pool and the sum of the weights (`None` past 28 digits).
    pub pool: Option<(Decimal, Option<Decimal>)>,
    /// `distribute`: each grade with its count and its target (`n * share`).
    pub counts: Vec<(Arc<str>, usize, Decimal)>,
    /// The figure's one value for the group (an aggregate).
    pub value: Option<Value>,
}

/// One population figure over every group of a run.
#[derive(Clone, Debug)]
pub struct FigureSummary {
    /// The figure as written.
    pub text: Arc<str>,
    /// The function.
    pub func: PopFunc,
    /// The group's name (`team`).
    pub by: Option<Arc<str>>,
    /// `exclude_failed = true`.
    pub exclude_failed: bool,
    /// Each group, in the order first met in the data.
    pub groups: Vec<GroupFigure>,
    /// Each employee's group (index into `groups`), in data order.
    pub(crate) member_group: Vec<u32>,
}

impl FigureSummary {
    /// The group of the employee at `ordinal` (their position in the data).
    pub fn member(&self, ordinal: usize) -> Option<&GroupFigure> {
        let g = *self.member_group.get(ordinal)?;
        self.groups.get(g as usize)
    }
}

/// Computes figure `p` over `col`; `key(i)` is employee `i`'s key. Returns each employee's
/// value and the summary.
pub(crate) fn compute(p: &PopPlan, col: Column, key: Keys<'_>) -> (Vec<Filled>, FigureSummary) {
    let n = col.group.len();
    let groups = col.names.len();
    let mut members: Vec<Vec<u32>> = vec![Vec::new(); groups];
    let mut failed: Vec<Vec<(u32, Arc<str>)>> = vec![Vec::new(); groups];
    let mut unknown: Vec<(u32, Arc<str>)> = Vec::new();
    let mut is_failed = vec![false; n];
    for (i, e) in col.failed {
        is_failed[i as usize] = true;
        match col.group[i as usize] {
            UNKNOWN => unknown.push((i, e)),
            g => failed[g as usize].push((i, e)),
        }
    }
    for (i, &g) in col.group.iter().enumerate() {
        if g != UNKNOWN && !is_failed[i] {
            members[g as usize].push(u32::try_from(i).unwrap_or(u32::MAX));
        }
    }
    let mut filled: Vec<Filled> = vec![Filled::Own; n];
    let mut summary = FigureSummary {
        text: p.text.clone(),
        func: p.func,
        by: p.by_name.clone(),
        exclude_failed: p.exclude_failed,
        groups: Vec::with_capacity(groups),
        member_group: col.group,
    };
    for g in 0..groups {
        let name = col.names[g].clone();
        let out = group(
            p,
            (&name, &members[g], &failed[g], &unknown),
            &col.args,
            key,
        );
        for (&m, v) in members[g].iter().zip(out.values) {
            filled[m as usize] = v;
        }
        summary.groups.push(out.figure);
    }
    for i in col.uncounted {
        let i = i as usize;
        let group = match summary.member_group.get(i) {
            Some(&g) if g != UNKNOWN => col.names.get(g as usize).cloned().flatten(),
            _ => None,
        };
        let reason = failed_reason(&failed, &unknown, i);
        filled[i] = Filled::Err(Arc::new(TeamError {
            figure: p.text.clone(),
            group,
            problem: TeamProblem::NotCounted { reason },
        }));
    }
    (filled, summary)
}

/// The members who failed (their position in the data, their error).
type Failures = [(u32, Arc<str>)];

/// One group as computed: its name, its members, its failed members, and those failed
/// before any group was known.
type Group<'a> = (&'a Option<Arc<str>>, &'a [u32], &'a Failures, &'a Failures);

/// What one group gives: each member's value, in member order, and the group's summary.
struct GroupOut {
    values: Vec<Filled>,
    figure: GroupFigure,
}

/// Computes the figure over one group.
fn group(
    p: &PopPlan,
    (name, members, failed, unknown): Group<'_>,
    args: &[[Decimal; 2]],
    key: Keys<'_>,
) -> GroupOut {
    let mut figure = GroupFigure {
        group: name.clone(),
        members: members.len(),
        excluded: 0,
        excluded_named: Vec::new(),
        error: None,
        total: None,
        pool: None,
        counts: Vec::new(),
        value: None,
    };
    let fail = |problem: TeamProblem, figure: &mut GroupFigure| {
        let e = Arc::new(TeamError {
            figure: p.text.clone(),
            group: name.clone(),
            problem,
        });
        figure.error = Some(e.clone());
        GroupOut {
            values: vec![Filled::Err(e); members.len()],
            figure: figure.clone(),
        }
    };
    let out_of: Vec<&(u32, Arc<str>)> = failed.iter().chain(unknown).collect();
    if p.exclude_failed {
        figure.excluded = out_of.len();
        figure.excluded_named = out_of
            .iter()
            .take(NAMED)
            .map(|(i, _)| key(*i as usize).to_string())
            .collect();
    } else if let Some((i, e)) = failed.first() {
        let problem = TeamProblem::MemberFailed {
            employee: key(*i as usize).to_string(),
            error: e.clone(),
            count: failed.len(),
        };
        return fail(problem, &mut figure);
    } else if let Some((i, e)) = unknown.first() {
        let problem = TeamProblem::GroupUnknown {
            employee: key(*i as usize).to_string(),
            error: e.clone(),
        };
        return fail(problem, &mut figure);
    }
    let xs: Vec<Decimal> = members.iter().map(|&m| args[m as usize][0]).collect();
    let result = match p.func {
        PopFunc::Allocate => allocate(p, members, args, key, &mut figure),
        PopFunc::Distribute => distribute(p, members, &xs, key, &mut figure),
        PopFunc::Rank | PopFunc::Percentile => {
            figure.total = sum(&xs);
            Ok(if p.func == PopFunc::Rank {
                population::rank(&xs)
                    .into_iter()
                    .map(|r| Value::Number(r.into()))
                    .collect()
            } else {
                population::percentile(&xs)
                    .into_iter()
                    .map(Value::Number)
                    .collect()
            })
        }
        f => {
            figure.total = sum(&xs);
            population::aggregate(aggregate(f), &xs)
                .map(|v| {
                    figure.value = Some(Value::Number(v));
                    vec![Value::Number(v); members.len()]
                })
                .map_err(TeamProblem::Group)
        }
    };
    match result {
        Ok(values) => GroupOut {
            values: values.into_iter().map(Filled::Value).collect(),
            figure,
        },
        Err(problem) => fail(problem, &mut figure),
    }
}

/// Why the employee at `i` was left out, from the failure lists.
fn failed_reason(failed: &[Vec<(u32, Arc<str>)>], unknown: &Failures, i: usize) -> Arc<str> {
    (failed.iter().flatten().chain(unknown))
        .find(|(j, _)| *j as usize == i)
        .map_or_else(|| Arc::from(""), |(_, e)| e.clone())
}

fn sum(xs: &[Decimal]) -> Option<Decimal> {
    xs.iter().try_fold(Decimal::ZERO, |a, x| a.checked_add(*x))
}

fn aggregate(f: PopFunc) -> Aggregate {
    match f {
        PopFunc::Count => Aggregate::Count,
        PopFunc::Avg => Aggregate::Avg,
        PopFunc::MinOf => Aggregate::MinOf,
        PopFunc::MaxOf => Aggregate::MaxOf,
        PopFunc::Median => Aggregate::Median,
        _ => Aggregate::Sum,
    }
}

/// `allocate(pool, weight)` over one group: one pool for all, split by weight to the unit.
fn allocate(
    p: &PopPlan,
    members: &[u32],
    args: &[[Decimal; 2]],
    key: Keys<'_>,
    figure: &mut GroupFigure,
) -> Result<Vec<Value>, TeamProblem> {
    let Some(&first) = members.first() else {
        return Ok(Vec::new());
    };
    let pool = args[first as usize][0];
    if let Some(&other) = members.iter().find(|&&m| args[m as usize][0] != pool) {
        return Err(TeamProblem::PoolDiffers {
            first: (key(first as usize).to_string(), pool),
            other: (key(other as usize).to_string(), args[other as usize][0]),
        });
    }
    let weighted: Vec<(&str, Decimal)> = (members.iter())
        .map(|&m| (key(m as usize), args[m as usize][1]))
        .collect();
    let weights = weighted
        .iter()
        .try_fold(Decimal::ZERO, |a, (_, w)| a.checked_add(*w));
    figure.pool = Some((pool, weights));
    let parts = population::allocate(pool, p.unit, &weighted).map_err(TeamProblem::Group)?;
    figure.total = sum(&parts);
    Ok(parts.into_iter().map(Value::Number).collect())
}

/// `distribute(x, "A" = 20%, ...)` over one group.
fn distribute(
    p: &PopPlan,
    members: &[u32],
    xs: &[Decimal],
    key: Keys<'_>,
    figure: &mut GroupFigure,
) -> Result<Vec<Value>, TeamProblem> {
    let valued: Vec<(&str, Decimal)> = (members.iter())
        .map(|&m| key(m as usize))
        .zip(xs.iter().copied())
        .collect();
    let shares: Vec<Decimal> = p.grades.iter().map(|(_, s)| *s).collect();
    let d = population::distribute(&valued, &shares).map_err(TeamProblem::Group)?;
    let n = Decimal::from(members.len());
    figure.counts = (p.grades.iter().zip(&d.counts))
        .map(|((g, s), &c)| (g.clone(), c, n * s))
        .collect();
    Ok(d.grades
        .iter()
        .map(|&g| {
            Value::Text(
                p.grades
                    .get(g)
                    .map_or_else(|| Arc::from(""), |(l, _)| l.clone()),
            )
        })
        .collect())
}
