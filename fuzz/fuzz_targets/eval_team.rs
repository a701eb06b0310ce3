//! A team built from the fuzz input (team names of any bytes, KPI and weight decimals of
//! any scale and sign, or text, or missing) evaluated through `evaluate_team_inputs` over
//! the fixed policy `fixtures/team_fuzz.toml`: a pool split by team, a rank, a forced
//! distribution, an average by team and a figure nested in another. Asserts: no panic;
//! one result per member, each a value for every shown column or an error; every group's
//! shares of the pool add up to the pool exactly whenever the split was computed; the
//! summaries' totals agree with the members' own values.
#![no_main]

use arbitrary::Arbitrary;
use hrrules::vocab::PopFunc;
use hrrules::{evaluate_team_inputs, Inputs, Period, Plan, Policy, Value};
use libfuzzer_sys::fuzz_target;
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

const RULES: &str = include_str!("../fixtures/team_fuzz.toml");

fn plan() -> &'static (Policy, Plan) {
    static PLAN: OnceLock<(Policy, Plan)> = OnceLock::new();
    PLAN.get_or_init(|| {
        let policy = Policy::from_source("team_fuzz.toml", RULES).expect("fixture checks");
        let plan = policy
            .plan(Period::month(2023, 9).expect("valid period"))
            .expect("fixture plans");
        (policy, plan)
    })
}

/// A number as the fuzzer gives it.
#[derive(Arbitrary, Debug)]
enum Num<'a> {
    /// Missing.
    Missing,
    /// A decimal: the 96-bit mantissa, its sign and its scale (0..=28).
    Parts(u32, u32, u32, bool, u8),
    /// A small integer (so that ties and equal weights are frequent).
    Small(i8),
    /// Text, as a data file would give it.
    Text(&'a str),
}

/// One member: a team (one of a few names, or any text), a KPI and a weight.
#[derive(Arbitrary, Debug)]
struct Member<'a> {
    team: Option<Result<u8, &'a str>>,
    kpi: Num<'a>,
    weight: Num<'a>,
}

const TEAMS: [&str; 4] = ["North", "South", "华东", ""];

fn set(inputs: &mut Inputs, name: &str, n: &Num<'_>) {
    let r = match *n {
        Num::Missing => return,
        Num::Parts(lo, mid, hi, neg, scale) => inputs.set(
            name,
            Value::Number(Decimal::from_parts(lo, mid, hi, neg, u32::from(scale % 29))),
        ),
        Num::Small(i) => inputs.set(name, Value::Number(Decimal::from(i))),
        Num::Text(t) => inputs.set_text(name, t),
    };
    if let Err(e) = r {
        let _ = e.to_string();
    }
}

fuzz_target!(|members: Vec<Member<'_>>| {
    let (policy, plan) = plan();
    let team: Vec<(String, Inputs)> = members
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let mut inputs = policy.inputs();
            match m.team {
                None => {}
                Some(Ok(t)) => {
                    let _ = inputs.set_text("team", TEAMS[usize::from(t) % TEAMS.len()]);
                }
                Some(Err(t)) => {
                    let _ = inputs.set("team", Value::Text(Arc::from(t)));
                }
            }
            set(&mut inputs, "kpi", &m.kpi);
            set(&mut inputs, "weight", &m.weight);
            (format!("E{i:03}"), inputs)
        })
        .collect();
    let (results, figures) = evaluate_team_inputs(plan, &team);
    assert_eq!(results.len(), team.len(), "one result per member");
    for r in &results {
        match r {
            Ok(e) => {
                for (name, value) in e.outputs() {
                    let v = value.unwrap_or_else(|| panic!("`{name}` has neither value nor error"));
                    let _ = v.to_string();
                }
            }
            Err(e) => {
                let _ = e.to_string();
            }
        }
    }
    assert_eq!(figures.employees().len(), team.len());
    let Some(summaries) = figures.pairs.first() else {
        return;
    };
    for (f, s) in summaries.iter().enumerate() {
        let _ = s
            .groups
            .iter()
            .map(|g| g.error.as_ref().map(ToString::to_string))
            .count();
        if s.func != PopFunc::Allocate {
            continue;
        }
        // Each group's parts as the members got them, against the pool.
        let mut parts: HashMap<usize, Decimal> = HashMap::new();
        for ordinal in 0..team.len() {
            let Some((group, _)) = s.member(ordinal) else {
                continue;
            };
            let g = s
                .groups
                .iter()
                .position(|x| std::ptr::eq(x, group))
                .expect("member's group is listed");
            if let Some(Ok(v)) = figures.value(0, f, ordinal) {
                let d = v.as_decimal().expect("a share is a number");
                let sum = parts.entry(g).or_insert(Decimal::ZERO);
                *sum = sum.checked_add(d).expect("parts of a pool fit a decimal");
            }
        }
        for (g, group) in s.groups.iter().enumerate() {
            if group.error.is_some() {
                assert!(
                    !parts.contains_key(&g),
                    "a failed group has parts: {group:?}"
                );
                continue;
            }
            let Some((pool, _)) = group.pool else {
                assert!(
                    group.members == 0,
                    "a computed split without its pool: {group:?}"
                );
                continue;
            };
            let got = parts.get(&g).copied().unwrap_or(Decimal::ZERO);
            if group.members > 0 {
                assert_eq!(got, pool, "parts do not sum to the pool: {group:?}");
                assert_eq!(group.total, Some(pool), "summary total: {group:?}");
            }
        }
    }
});
