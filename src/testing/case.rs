//! One `[[tests]]` case: its period, its inputs, the evaluation, and each expectation.

use super::{Failure, TestResult};
use crate::date::Period;
use crate::engine::Policy;
use crate::eval::{Evaluation, Inputs, Plan};
use crate::policy::{Named, TestDef, ValueType};
use crate::value::Value;

/// Runs test `t` of `policy`; `fallback` is the period of a test without one when `policy`
/// has no `effective` date (an included file's tests, in the including policy's month).
pub(super) fn run(policy: &Policy, t: &TestDef, fallback: Option<Period>) -> TestResult {
    let mut result = TestResult {
        name: t.name.clone(),
        at: policy.sources().locate(t.span),
        expect_error: t.expect_error.as_ref().map(|(e, _)| e.clone()),
        failures: Vec::new(),
        error: None,
        explanation: None,
    };
    match evaluate(policy, t, fallback) {
        Ok((plan, inputs, figures)) => {
            let case = Case {
                expect: &t.expect,
                inputs: &t.inputs,
                history: false,
            };
            computed(&mut result, policy, &case, (&plan, &inputs, &figures));
        }
        Err(errors) => stopped(&mut result, errors),
    }
    result
}

/// A case that computed its figures: a failure if it expects an error, else each expected
/// value compared.
pub(super) fn computed(
    result: &mut TestResult,
    policy: &Policy,
    case: &Case<'_>,
    evaluated: (&Plan, &Inputs, &Evaluation),
) {
    match &result.expect_error {
        Some(expected) => result.failures.push(Failure::NoError {
            expected: expected.clone(),
        }),
        None => compare(result, policy, case, evaluated),
    }
}

/// A case that stopped with `errors` (rendered): as expected if it expects an error
/// containing the text, else a failure for each error.
pub(super) fn stopped(result: &mut TestResult, errors: Vec<String>) {
    let error = errors.join("\n");
    match &result.expect_error {
        Some(expected) if error.contains(expected.as_str()) => {}
        Some(expected) => result.failures.push(Failure::OtherError {
            expected: expected.clone(),
            message: error.clone(),
        }),
        None => {
            let each = errors.into_iter().map(|message| Failure::Error { message });
            result.failures.extend(each);
        }
    }
    result.error = Some(error);
}

/// The month a test runs in: its `period`, or the policy's `effective` month, or
/// `fallback`.
pub(super) fn period(
    policy: &Policy,
    period: Option<&(String, crate::error::Span)>,
    fallback: Option<Period>,
) -> Result<Period, String> {
    match period {
        Some((text, _)) => text.parse::<Period>().map_err(|e| e.to_string()),
        None => policy.default_period().or(fallback).ok_or_else(|| {
            "the test has no `period` and the policy no `effective` date".to_string()
        }),
    }
}

/// The case's plan, inputs and figures, or the errors that stopped it (each input refused,
/// or the one error), rendered.
fn evaluate(
    policy: &Policy,
    t: &TestDef,
    fallback: Option<Period>,
) -> Result<(Plan, Inputs, Evaluation), Vec<String>> {
    let period = period(policy, t.period.as_ref(), fallback).map_err(|e| vec![e])?;
    let plan = policy.plan(period).map_err(|e| vec![e.to_string()])?;
    let inputs = given(policy, &t.inputs)?;
    let figures = plan.evaluate(&inputs).map_err(|e| vec![e.to_string()])?;
    Ok((plan, inputs, figures))
}

/// The policy's inputs with those `given` set, or each one refused, rendered.
pub(super) fn given(policy: &Policy, given: &[(Named, String)]) -> Result<Inputs, Vec<String>> {
    let mut inputs = policy.inputs();
    let mut refused = Vec::new();
    for (name, text) in given {
        if let Err(e) = inputs.set_text(&name.name, text) {
            refused.push(e.to_string());
        }
    }
    match refused.is_empty() {
        true => Ok(inputs),
        false => Err(refused),
    }
}

/// What one evaluation of a test expects, and what it was given.
pub(super) struct Case<'a> {
    /// The expected values, as written.
    pub expect: &'a [(Named, String)],
    /// The inputs given, as written.
    pub inputs: &'a [(Named, String)],
    /// Whether the past parts of `ytd`, `prev`, ... came from the test's months before.
    pub history: bool,
}

/// Compares each expected value; explains the first that differs.
pub(super) fn compare(
    r: &mut TestResult,
    policy: &Policy,
    t: &Case<'_>,
    (plan, inputs, figures): (&Plan, &Inputs, &Evaluation),
) {
    for (name, want) in t.expect {
        // By the name's NFKC key when not written as declared (`ｄｏｕｂｌｅ` for `double`).
        let got = figures.get(&name.name).map(|v| (name.name.as_str(), v));
        let got = got.or_else(|| {
            let key = crate::text::name_key(&name.name);
            let mut all = figures.all().into_iter();
            all.find(|(n, _)| crate::text::name_key(n) == key)
        });
        let Some((declared, got)) = got else {
            r.failures.push(Failure::NoValue {
                name: name.name.clone(),
            });
            continue;
        };
        let expected = want.trim();
        let wanted = expected_number(got, expected);
        let same = match (got, wanted) {
            (Value::Number(d), Some(w)) => *d == w,
            (Value::Number(_), None) => false,
            (other, _) => other.to_string() == expected,
        };
        if same {
            continue;
        }
        if r.explanation.is_none() {
            r.explanation = explain(policy, t, plan, inputs, declared);
        }
        let difference = match (got, wanted) {
            (Value::Number(d), Some(w)) => d.checked_sub(w),
            _ => None,
        };
        r.failures.push(Failure::Mismatch {
            name: name.name.clone(),
            expected: want.clone(),
            actual: got.clone(),
            difference,
            percent: plan.is_percent(declared),
        });
    }
}

/// The expected number for a computed number, read as a data cell of a percent input would
/// be: `6000.00`, `0.04` and `4%` all work.
fn expected_number(got: &Value, want: &str) -> Option<rust_decimal::Decimal> {
    match (got, crate::data::parse_text(want, ValueType::Percent)) {
        (Value::Number(_), Ok(Value::Number(d))) => Some(d),
        _ => None,
    }
}

/// How `name` was computed for this case, to show under a failed expectation: the tree of
/// [`Plan::explain`], each input marked with its place in the test's `inputs` (or as taken
/// from the test's months before).
fn explain(
    policy: &Policy,
    t: &Case<'_>,
    plan: &Plan,
    inputs: &Inputs,
    name: &str,
) -> Option<String> {
    let schema = policy.input_schema();
    let origin = |input: &str| {
        let past = schema.position(input).and_then(|i| schema.lookback(i));
        if t.history && past.is_some() {
            return Some("the test's months before".to_string());
        }
        let key = crate::text::name_key(input);
        let (given, _) = t
            .inputs
            .iter()
            .find(|(n, _)| crate::text::name_key(&n.name) == key)?;
        Some(format!(
            "test input ({})",
            policy.sources().locate(given.span)
        ))
    };
    plan.explain(inputs, &[name], &origin)
        .ok()
        .map(|why| why.to_string())
}
