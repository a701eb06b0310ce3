//! A test of several months (`months = [...]`): one employee's monthly cases run in order,
//! each month's figures (every named value, as a `--format jsonl` line holds them) the
//! history of the months after it, as a monthly run with `--history` would read them.

use super::case::{compare, Case};
use super::{Failure, TestResult};
use crate::date::Period;
use crate::engine::Policy;
use crate::eval::{Evaluation, Inputs, Plan};
use crate::history::{History, PastMonth};
use crate::policy::{Named, TestDef};
use std::collections::HashMap;

/// The employee every month of a test is for, in the history it builds.
const EMPLOYEE: &str = "test";

/// Runs the months of test `t` in order: one result per month, named `NAME, 2023-02` and
/// placed at the month. A month that stops with an error fails, and the months after it run
/// with that month failed in their history (as `--history` reads an error line).
pub(super) fn run(policy: &Policy, t: &TestDef) -> Vec<TestResult> {
    let needs = policy.lookbacks();
    let schema = policy.input_schema();
    // Each hidden input of `ytd`, `prev`, ... with its position in `needs`.
    let slots: Vec<(usize, usize)> = (0..schema.len())
        .filter_map(|i| {
            let l = schema.lookback(i)?;
            Some((i, needs.iter().position(|(n, _)| n == l)?))
        })
        .collect();
    let mut past: Vec<PastMonth> = Vec::with_capacity(t.months.len());
    let mut results = Vec::with_capacity(t.months.len());
    for m in &t.months {
        let mut result = TestResult {
            name: format!("{}, {}", t.name, m.period.0),
            at: policy.sources().locate(m.span),
            expect_error: None,
            failures: Vec::new(),
            error: None,
            explanation: None,
        };
        let given = overlay(&t.inputs, &m.inputs);
        let month = Month {
            policy,
            needs: &needs,
            slots: &slots,
            given: &given,
        };
        let period = m.period.0.parse::<Period>();
        let outcome = match &period {
            Ok(period) => month.evaluate(*period, &past),
            Err(e) => Err(vec![e.to_string()]),
        };
        let values = match outcome {
            Ok((plan, inputs, figures)) => {
                let case = Case {
                    expect: &m.expect,
                    inputs: &given,
                    history: true,
                };
                compare(&mut result, policy, &case, (&plan, &inputs, &figures));
                let all = figures.all().into_iter();
                Ok(all.map(|(n, v)| (n.to_string(), v.to_string())).collect())
            }
            Err(errors) => {
                let error = errors.join("\n");
                let each = errors.into_iter().map(|message| Failure::Error { message });
                result.failures.extend(each);
                result.error = Some(error.clone());
                Err(error)
            }
        };
        if let Ok(period) = period {
            past.push(PastMonth {
                employee: EMPLOYEE.to_string(),
                period,
                values,
                at: None,
            });
        }
        results.push(result);
    }
    results
}

/// The test's inputs with the month's over them (by name, compared after NFKC).
fn overlay(shared: &[(Named, String)], month: &[(Named, String)]) -> Vec<(Named, String)> {
    let key = |n: &Named| crate::text::name_key(&n.name).into_owned();
    let own: HashMap<String, ()> = month.iter().map(|(n, _)| (key(n), ())).collect();
    let kept = shared.iter().filter(|(n, _)| !own.contains_key(&key(n)));
    kept.chain(month).cloned().collect()
}

/// What one month of a test is evaluated with.
struct Month<'a> {
    policy: &'a Policy,
    needs: &'a [(crate::vocab::Lookback, crate::vocab::ValueType)],
    slots: &'a [(usize, usize)],
    given: &'a [(Named, String)],
}

impl Month<'_> {
    /// The month's plan, inputs and figures, or the errors that stopped it (each input
    /// refused, the history's error, or the evaluation's), rendered.
    fn evaluate(
        &self,
        period: Period,
        past: &[PastMonth],
    ) -> Result<(Plan, Inputs, Evaluation), Vec<String>> {
        let one = |e: &dyn std::fmt::Display| vec![e.to_string()];
        let plan = self.policy.plan(period).map_err(|e| one(&e))?;
        let mut inputs = self.policy.inputs();
        let mut refused = Vec::new();
        for (name, text) in self.given {
            if let Err(e) = inputs.set_text(&name.name, text) {
                refused.push(e.to_string());
            }
        }
        if !refused.is_empty() {
            return Err(refused);
        }
        if !self.slots.is_empty() {
            let history = History::from_months(past.iter().cloned(), self.needs, period)
                .map_err(|e| one(&e))?;
            let values = history.lookback(EMPLOYEE).map_err(|e| one(&e))?;
            for &(input, k) in self.slots {
                if let Some(Some(v)) = values.get(k) {
                    inputs.set_at(input, Some(v.clone()));
                }
            }
        }
        let figures = plan.evaluate(&inputs).map_err(|e| one(&e))?;
        Ok((plan, inputs, figures))
    }
}
