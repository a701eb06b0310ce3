//! A team test: the `[[tests.team]]` members evaluated together with
//! [`crate::batch::evaluate_team_inputs`], so that population figures (`rank(kpi) by team`,
//! `allocate(team_pool, kpi)`) are computed over the team, then each member's expectations
//! checked like a test of one employee's, its failures marked with the member's key.

use super::case::{self, Case};
use super::{Failure, TestResult};
use crate::date::Period;
use crate::engine::Policy;
use crate::eval::{Inputs, Plan};
use crate::policy::{TeamMember, TestDef};

/// Runs team test `t` of `policy` (`fallback` as for [`case::run`]).
pub(super) fn run(policy: &Policy, t: &TestDef, fallback: Option<Period>) -> TestResult {
    let mut result = TestResult {
        name: t.name.clone(),
        at: policy.sources().locate(t.span),
        expect_error: None,
        failures: Vec::new(),
        error: None,
        explanation: None,
    };
    let plan = case::period(policy, t.period.as_ref(), fallback)
        .and_then(|period| policy.plan(period).map_err(|e| e.to_string()));
    let plan = match plan {
        Ok(plan) => plan,
        Err(error) => {
            case::stopped(&mut result, vec![error]);
            return result;
        }
    };
    // Every member's inputs, or the members' refusals: a team with a bad input is not run.
    let mut team: Vec<(String, Inputs)> = Vec::with_capacity(t.team.len());
    let mut refused = Vec::new();
    for m in &t.team {
        match case::given(policy, &m.inputs) {
            Ok(inputs) => team.push((m.employee.0.clone(), inputs)),
            Err(errors) => refused.extend(errors.into_iter().map(|e| (m, e))),
        }
    }
    if !refused.is_empty() {
        for (m, message) in refused {
            let failure = Failure::Error { message };
            result.failures.push(member_failure(m, failure));
        }
        return result;
    }
    let (outcomes, _) = crate::batch::evaluate_team_inputs(&plan, &team);
    let mut errors = Vec::new();
    for ((m, (_, inputs)), outcome) in t.team.iter().zip(&team).zip(outcomes) {
        let mut own = TestResult {
            expect_error: m.expect_error.as_ref().map(|(e, _)| e.clone()),
            failures: Vec::new(),
            error: None,
            explanation: None,
            ..result.clone()
        };
        match outcome {
            Ok(_) if m.expect.is_empty() && m.expect_error.is_none() => {}
            Ok(figures) => {
                let case = Case {
                    expect: &m.expect,
                    inputs: &m.inputs,
                    history: false,
                };
                let inputs = with_figures(&plan, inputs, &figures);
                case::computed(&mut own, policy, &case, (&plan, &inputs, &figures));
            }
            Err(e) => case::stopped(&mut own, vec![e.to_string()]),
        }
        let failures = own.failures.into_iter().map(|f| member_failure(m, f));
        result.failures.extend(failures);
        if result.explanation.is_none() {
            result.explanation = own.explanation;
        }
        if let Some(e) = own.error {
            errors.push(format!("{}: {e}", m.employee.0));
        }
    }
    if !errors.is_empty() {
        result.error = Some(errors.join("\n"));
    }
    result
}

/// `failure` of member `m`.
fn member_failure(m: &TeamMember, failure: Failure) -> Failure {
    Failure::Member {
        employee: m.employee.0.clone(),
        failure: Box::new(failure),
    }
}

/// A member's inputs with the population figures the team gave them, for the explanation
/// of a differing value.
fn with_figures(plan: &Plan, given: &Inputs, figures: &crate::eval::Evaluation) -> Inputs {
    let mut inputs = given.clone();
    for p in plan.populations() {
        if let Some(v) = figures.get(&p.text) {
            inputs.set_at(p.input, Some(v.clone()));
        }
    }
    inputs
}
