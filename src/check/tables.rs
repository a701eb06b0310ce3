//! Checking what is not computed from formulas: inputs, `[outputs]` and `[[tests]]`.

use super::error::{CheckError, PopulationProblem};
use super::ir::{self, Symbol};
use super::names::Names;
use crate::policy::{InputDef, Literal, Named, PolicyDef, TestDef};
use crate::value::Value;
use crate::vocab::ValueType;
use std::sync::Arc;

/// Checks an input's bounds and default.
pub(crate) fn input(d: &InputDef, errors: &mut Vec<CheckError>) -> ir::Input {
    let numeric = matches!(
        d.ty,
        ValueType::Money | ValueType::Number | ValueType::Percent | ValueType::Integer
    );
    let input = || d.name.name.clone();
    for (bound, value) in [("min", &d.min), ("max", &d.max)] {
        if let (Some((_, span)), false) = (value, numeric) {
            errors.push(CheckError::BoundNotNumeric {
                input: input(),
                ty: d.ty,
                bound,
                span: *span,
            });
        }
    }
    if let (Some((min, _)), Some((max, span))) = (&d.min, &d.max) {
        if min > max {
            errors.push(CheckError::MinAboveMax {
                input: input(),
                min: *min,
                max: *max,
                span: *span,
            });
        }
    }
    let default = d.default.as_ref().and_then(|(lit, span)| {
        let v = literal_as(lit, d.ty);
        if v.is_none() {
            errors.push(CheckError::DefaultType {
                input: input(),
                ty: d.ty,
                span: *span,
            });
        }
        if let Some(Value::Number(x)) = &v {
            let below = d.min.as_ref().is_some_and(|(lo, _)| x < lo);
            let above = d.max.as_ref().is_some_and(|(hi, _)| x > hi);
            if below || above {
                errors.push(CheckError::DefaultOutOfBounds {
                    input: input(),
                    span: *span,
                });
            }
        }
        v
    });
    ir::Input {
        name: Arc::from(d.name.name.as_str()),
        ty: d.ty,
        span: d.name.span,
        doc: d.doc.clone(),
        min: d.min,
        max: d.max,
        default,
        measure: None,
        lookback: None,
        population: None,
    }
}

/// The `attendance.*` measures of a policy with `[attendance]`, as inputs after the declared
/// ones: filled from the employee's records (or, without records, from data columns of the
/// same name, and in `[[tests]]` given like any input).
pub(crate) fn measures(def: &crate::policy::PolicyDef) -> Vec<ir::Input> {
    let Some(att) = &def.attendance else {
        return Vec::new();
    };
    (att.measures().into_iter())
        .map(|m| ir::Input {
            name: Arc::from(m.name.as_str()),
            ty: m.ty,
            span: m.span,
            doc: Some(m.doc),
            min: None,
            max: None,
            default: None,
            measure: Some(m.of),
            lookback: None,
            population: None,
        })
        .collect()
}

/// A table constant as a value of `ty`, if it is one.
fn literal_as(lit: &Literal, ty: ValueType) -> Option<Value> {
    use ValueType as T;
    match (lit, ty) {
        (Literal::Number(d), T::Money | T::Number | T::Percent) => Some(Value::Number(*d)),
        (Literal::Number(d), T::Integer) if d.fract().is_zero() => Some(Value::Number(*d)),
        (Literal::Percent(d), T::Number | T::Percent) => Some(Value::Number(*d)),
        (Literal::Bool(b), T::Bool) => Some(Value::Bool(*b)),
        (Literal::Date(d), T::Date) => Some(Value::Date(*d)),
        (Literal::Text(s), T::Text) => Some(Value::from(s.as_str())),
        _ => None,
    }
}

/// The columns shown: `[outputs] show`, or every scorecard, tier, curve and value.
pub(crate) fn outputs(
    def: &PolicyDef,
    names: &Names,
    errors: &mut Vec<CheckError>,
) -> Vec<(Arc<str>, Symbol)> {
    if let Some(show) = &def.outputs {
        let mut out = Vec::with_capacity(show.len());
        for n in show {
            match names.get(&n.name) {
                Some(sym) => out.push((Arc::from(n.name.as_str()), sym)),
                None => errors.push(names.unknown(&n.name, n.span)),
            }
        }
        return out;
    }
    super::kinds::declared(def)
        .into_iter()
        .filter(|(_, sym)| {
            matches!(
                sym,
                Symbol::Score(_)
                    | Symbol::Metric(..)
                    | Symbol::Grade(_)
                    | Symbol::Tier(_)
                    | Symbol::Curve(_)
                    | Symbol::TableOut(..)
                    | Symbol::Value(_)
            )
        })
        .map(|(name, sym)| (Arc::from(name.as_str()), sym))
        .collect()
}

/// Checks that `[attendance] hours_from` names a text input.
pub(crate) fn hours_from(def: &PolicyDef, errors: &mut Vec<CheckError>) {
    let Some(from) = def.attendance.as_ref().and_then(|a| a.hours_from.as_ref()) else {
        return;
    };
    if let Some((found, suggestion)) = not_a_text_input(def, &from.name) {
        errors.push(CheckError::HoursFrom {
            name: from.name.clone(),
            found,
            span: from.span,
            suggestion,
        });
    }
}

/// `None` when `name` is a text input; else the type of the input it names (if any) and the
/// nearest text input, for the error.
fn not_a_text_input(def: &PolicyDef, name: &str) -> Option<(Option<ValueType>, Option<String>)> {
    let key = crate::text::name_key(name);
    let input = (def.inputs.iter()).find(|i| crate::text::name_key(&i.name.name) == key);
    if input.is_some_and(|i| i.ty == ValueType::Text) {
        return None;
    }
    let texts = (def.inputs.iter())
        .filter(|i| i.ty == ValueType::Text)
        .map(|i| i.name.name.as_str());
    let suggestion = crate::error::nearest(name, texts).map(str::to_string);
    Some((input.map(|i| i.ty), suggestion))
}

/// Checks `[payslip]`: every line names a figure the policy defines, and `bank_account` a
/// text input.
pub(crate) fn payslip(def: &PolicyDef, names: &Names, errors: &mut Vec<CheckError>) {
    let Some(slip) = &def.payslip else {
        return;
    };
    for line in slip.lines() {
        if names.get(&line.name.name).is_none() {
            let error = names.unknown(&line.name.name, line.name.span);
            errors.push(names.follows(&line.name.name, error));
        }
    }
    let Some(account) = &slip.bank_account else {
        return;
    };
    if let Some((found, suggestion)) = not_a_text_input(def, &account.name) {
        errors.push(CheckError::PayslipAccount {
            name: account.name.clone(),
            found,
            span: account.span,
            suggestion,
        });
    }
}

/// Checks that each `[[tests]]` entry names real inputs and figures and a valid period.
/// A test of one month may give the hidden inputs of `inputs` (the functions reading earlier
/// months, `ytd_before(tax)`, and the population figures, `rank(kpi) by team`) like inputs; a
/// test of several months gives neither past nor population figures, a team test no
/// population figure (its team computes them).
pub(crate) fn tests(
    def: &PolicyDef,
    names: &Names,
    inputs: &[ir::Input],
    errors: &mut Vec<CheckError>,
) {
    let past: Vec<&str> = (inputs.iter())
        .filter(|i| i.lookback.is_some())
        .map(|i| &*i.name)
        .collect();
    let figures: Vec<&str> = (inputs.iter())
        .filter(|i| i.population.is_some())
        .map(|i| &*i.name)
        .collect();
    let hidden: Vec<&str> = past.iter().chain(&figures).copied().collect();
    for t in &def.tests {
        if let Some((period, span)) = &t.period {
            if let Err(problem) = period.parse::<crate::date::Period>() {
                errors.push(CheckError::TestPeriod {
                    test: t.name.clone(),
                    problem,
                    span: *span,
                });
            }
        }
        // In a test of several months the past comes from the months before, not the test;
        // in a team test the population figures come from the team.
        let allowed: &[&str] = match (t.months.is_empty(), t.team.is_empty()) {
            (true, true) => &hidden,
            (true, false) => &past,
            (false, _) => &[],
        };
        let given = (t.inputs.iter())
            .chain(t.months.iter().flat_map(|m| &m.inputs))
            .chain(t.team.iter().flat_map(|m| &m.inputs));
        for (n, _) in given {
            if !t.team.is_empty() && figures.contains(&n.name.as_str()) {
                let problem = PopulationProblem::GivenInTeamTest {
                    test: t.name.clone(),
                    name: n.name.clone(),
                };
                let span = n.span;
                errors.push(CheckError::Population { problem, span });
                continue;
            }
            test_input(&t.name, n, names, (&hidden, allowed), errors);
        }
        let expect = (t.expect.iter())
            .chain(t.months.iter().flat_map(|m| &m.expect))
            .chain(t.team.iter().flat_map(|m| &m.expect));
        for (n, _) in expect {
            if names.get(&n.name).is_none() {
                let error = CheckError::TestUnknownName {
                    test: t.name.clone(),
                    name: n.name.clone(),
                    span: n.span,
                    suggestion: names.nearest(&n.name),
                };
                errors.push(names.follows(&n.name, error));
            }
        }
        test_months(t, errors);
    }
}

/// One name a test gives in `inputs`: an input, or (in a test of one month) the hidden input
/// of `ytd_before`, `prev` or `ytd_months` (`hidden`: all of them, `allowed`: those the test
/// may give).
fn test_input(
    test: &str,
    n: &Named,
    names: &Names,
    (hidden, allowed): (&[&str], &[&str]),
    errors: &mut Vec<CheckError>,
) {
    if hidden.contains(&n.name.as_str()) && !allowed.contains(&n.name.as_str()) {
        errors.push(CheckError::TestMonthsPast {
            test: test.to_string(),
            name: n.name.clone(),
            span: n.span,
        });
        return;
    }
    let found = names.get(&n.name);
    if !allowed.contains(&n.name.as_str()) && !matches!(found, Some(Symbol::Input(_))) {
        let error = CheckError::TestNotInput {
            test: test.to_string(),
            name: n.name.clone(),
            span: n.span,
            suggestion: names.nearest_where(&n.name, |s| matches!(s, Symbol::Input(_))),
        };
        errors.push(match found {
            None => names.follows(&n.name, error),
            Some(_) => error,
        });
    }
}

/// The months of a test: each period a month, strictly after the one before.
fn test_months(t: &TestDef, errors: &mut Vec<CheckError>) {
    let mut previous: Option<crate::date::Period> = None;
    for m in &t.months {
        let (text, span) = &m.period;
        match text.parse::<crate::date::Period>() {
            Err(problem) => errors.push(CheckError::TestPeriod {
                test: t.name.clone(),
                problem,
                span: *span,
            }),
            Ok(period) => {
                if let Some(before) = previous.filter(|b| b.start() >= period.start()) {
                    errors.push(CheckError::TestMonthOrder {
                        test: t.name.clone(),
                        period,
                        previous: before,
                        span: *span,
                    });
                }
                previous = Some(period);
            }
        }
    }
}
