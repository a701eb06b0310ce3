//! Evaluating one employee: fill the slots from the inputs, then run each step in order.

use super::error::EvalError;
use super::inputs::Inputs;
use super::plan::{Layout, Plan, Step};
use super::round::{round, shortest};
use super::tiers::curve;
use super::trace::{NoTrace, Trace};
use crate::value::Value;
use rust_decimal::Decimal;
use std::sync::Arc;

/// One employee's computed figures.
#[derive(Clone, Debug)]
pub struct Evaluation {
    layout: Arc<Layout>,
    slots: Vec<Option<Value>>,
}

impl Evaluation {
    /// Any named figure: an input, param, value, `kpi`, `kpi.sales`, `kpi.grade`,
    /// `commission`, `commission.rate`, ... `None` if the name is unknown or the input missing.
    pub fn get(&self, name: &str) -> Option<&Value> {
        let slot = *self.layout.index.get(name)?;
        self.slots.get(slot as usize)?.as_ref()
    }

    /// The shown columns, in order, with their values (`None` for a missing input).
    pub fn outputs(&self) -> impl ExactSizeIterator<Item = (&str, Option<&Value>)> {
        self.layout
            .outputs
            .iter()
            .map(|(n, s)| (&**n, self.slots.get(*s as usize).and_then(Option::as_ref)))
    }

    /// For each shown column, whether the policy declares it a percentage (an input or value
    /// of type `percent`): tables show `0.92` as `92%`; CSV and JSON keep the fraction.
    pub fn percent_outputs(&self) -> &[bool] {
        &self.layout.percent
    }

    /// Every named figure, sorted by name.
    pub fn all(&self) -> Vec<(&str, &Value)> {
        let mut v: Vec<(&str, &Value)> = self
            .layout
            .names
            .iter()
            .zip(&self.slots)
            .filter_map(|(n, v)| v.as_ref().map(|v| (&**n, v)))
            .collect();
        v.sort_by(|a, b| a.0.cmp(b.0));
        v
    }
}

/// Serialized as a map of the shown columns, in order, every decimal as a string.
impl serde::Serialize for Evaluation {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(self.layout.outputs.len()))?;
        for (name, value) in self.outputs() {
            map.serialize_entry(name, &value)?;
        }
        map.end()
    }
}

impl Plan {
    /// Computes one employee's figures.
    pub fn evaluate(&self, inputs: &Inputs) -> Result<Evaluation, EvalError> {
        self.evaluate_with(inputs, &mut NoTrace)
    }

    /// Computes one employee's figures, reporting each step to `trace`.
    pub fn evaluate_with<T: Trace>(
        &self,
        inputs: &Inputs,
        trace: &mut T,
    ) -> Result<Evaluation, EvalError> {
        let given = inputs.values();
        if given.len() != self.inputs.len() {
            return Err(EvalError::InvalidInput {
                input: Arc::from("*"),
                message: "these inputs were built for another policy".into(),
            });
        }
        let mut slots = self.template.clone();
        for (i, (rule, value)) in self.inputs.iter().zip(given).enumerate() {
            let value = match value {
                Some(v) => v,
                None => match &rule.default {
                    Some(d) => d,
                    None => continue,
                },
            };
            if let Value::Number(x) = value {
                self.check_input(i, rule, *x)?;
            }
            slots[i] = Some(value.clone());
        }
        for step in &self.steps {
            match step {
                Step::Value {
                    slot,
                    node,
                    rounding,
                    whole,
                } => {
                    let name = &self.layout.names[*slot as usize];
                    let exact = self
                        .program
                        .eval(*node, &slots)
                        .map_err(|f| self.fault(f, name))?;
                    let stored = match (&exact, rounding) {
                        (Value::Number(d), Some(r)) => Value::Number(round(*d, *r)),
                        (Value::Number(d), None) => Value::Number(shortest(*d)),
                        _ => exact.clone(),
                    };
                    if let (true, Value::Number(d)) = (*whole, &stored) {
                        if !d.fract().is_zero() {
                            return Err(EvalError::NotWhole {
                                name: name.clone(),
                                given: *d,
                                at: self.locate(*node),
                            });
                        }
                    }
                    trace.computed(*slot as usize, &exact, &stored);
                    slots[*slot as usize] = Some(stored);
                }
                Step::Scorecard(i) => self.scorecard(*i, &mut slots, trace)?,
                Step::Tier {
                    tier,
                    slot,
                    on,
                    cap,
                    rounding,
                } => {
                    let name = &self.layout.names[*slot as usize];
                    let base = self
                        .program
                        .num(*on, &slots)
                        .map_err(|f| self.fault(f, name))?;
                    let pay =
                        self.program.tiers[*tier]
                            .pay(base)
                            .map_err(|()| EvalError::Overflow {
                                value: name.clone(),
                                at: self.locate(*on),
                            })?;
                    trace.tier(*tier, base, pay.bracket);
                    let mut amount = pay.amount;
                    if let Some(cap) = cap {
                        let c = self
                            .program
                            .num(*cap, &slots)
                            .map_err(|f| self.fault(f, name))?;
                        amount = amount.min(c);
                    }
                    let stored = match rounding {
                        Some(r) => round(amount, *r),
                        None => shortest(amount),
                    };
                    trace.computed(
                        *slot as usize,
                        &Value::Number(amount),
                        &Value::Number(stored),
                    );
                    let s = *slot as usize;
                    slots[s] = Some(Value::Number(stored));
                    slots[s + 1] = Some(Value::Number(pay.rate));
                    slots[s + 2] = Some(Value::Number(pay.bracket_amount));
                }
                Step::Curve {
                    slot,
                    on,
                    points,
                    rounding,
                } => {
                    let name = &self.layout.names[*slot as usize];
                    let x = self
                        .program
                        .num(*on, &slots)
                        .map_err(|f| self.fault(f, name))?;
                    let y = curve(points, x).ok_or_else(|| EvalError::Overflow {
                        value: name.clone(),
                        at: self.locate(*on),
                    })?;
                    let stored = match rounding {
                        Some(r) => round(y, *r),
                        None => shortest(y),
                    };
                    trace.computed(*slot as usize, &Value::Number(y), &Value::Number(stored));
                    slots[*slot as usize] = Some(Value::Number(stored));
                }
            }
        }
        Ok(Evaluation {
            layout: self.layout.clone(),
            slots,
        })
    }

    fn check_input(
        &self,
        i: usize,
        rule: &super::plan::InputRule,
        x: Decimal,
    ) -> Result<(), EvalError> {
        let name = || self.layout.names[i].clone();
        if let Some((lo, span)) = rule.min {
            if x < lo {
                return Err(EvalError::OutOfRange {
                    input: name(),
                    given: x,
                    bound: lo,
                    above: false,
                    percent: rule.percent,
                    at: self.sources.locate(span),
                });
            }
        }
        if let Some((hi, span)) = rule.max {
            if x > hi {
                return Err(EvalError::OutOfRange {
                    input: name(),
                    given: x,
                    bound: hi,
                    above: true,
                    percent: rule.percent,
                    at: self.sources.locate(span),
                });
            }
        }
        if rule.whole && !x.fract().is_zero() {
            return Err(EvalError::NotWhole {
                name: name(),
                given: x,
                at: self.sources.locate(rule.span),
            });
        }
        Ok(())
    }

    fn scorecard<T: Trace>(
        &self,
        i: usize,
        slots: &mut [Option<Value>],
        trace: &mut T,
    ) -> Result<(), EvalError> {
        let card = &self.cards[i];
        let mut total = Decimal::ZERO;
        for m in &card.metrics {
            let name = &self.layout.names[m.slot as usize];
            let fail = |f| self.fault(f, name);
            let raw = self.program.num(m.score, slots).map_err(fail)?;
            let mut score = raw;
            if let Some(floor) = m.floor {
                score = score.max(self.program.num(floor, slots).map_err(fail)?);
            }
            if let Some(cap) = m.cap {
                score = score.min(self.program.num(cap, slots).map_err(fail)?);
            }
            let open = match m.gate {
                Some(g) => self.program.bool(g, slots).map_err(fail)?,
                None => true,
            };
            if !open {
                score = Decimal::ZERO;
            }
            let score = shortest(score);
            trace.metric(m.slot as usize, raw, score, open);
            let overflow = || EvalError::Overflow {
                value: name.clone(),
                at: self.locate(m.score),
            };
            let weighted = score.checked_mul(m.weight).ok_or_else(overflow)?;
            total = total.checked_add(weighted).ok_or_else(overflow)?;
            slots[m.slot as usize] = Some(Value::Number(score));
        }
        let total = shortest(total);
        let v = Value::Number(total);
        trace.computed(card.total as usize, &v, &v);
        slots[card.total as usize] = Some(v);
        if let Some(grade_slot) = card.grade {
            let grade = card.ratings.iter().find(|(min, _)| total >= *min);
            match grade {
                Some((_, g)) => slots[grade_slot as usize] = Some(g.clone()),
                None => {
                    return Err(EvalError::NoGrade {
                        scorecard: self.layout.names[card.total as usize].clone(),
                        score: total,
                        lowest: card.ratings.last().map(|r| r.0).unwrap_or_default(),
                        at: self.sources.locate(card.span),
                    })
                }
            }
        }
        Ok(())
    }
}

impl Plan {
    /// Evaluates many employees on all cores; results come back in the order given.
    pub fn evaluate_batch(&self, employees: &[Inputs]) -> Vec<Result<Evaluation, EvalError>> {
        let threads = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
        if threads == 1 || employees.len() < 64 {
            return employees.iter().map(|i| self.evaluate(i)).collect();
        }
        let per = employees.len().div_ceil(threads);
        std::thread::scope(|s| {
            let handles: Vec<_> = employees
                .chunks(per)
                .map(|part| {
                    (
                        part,
                        s.spawn(move || part.iter().map(|i| self.evaluate(i)).collect::<Vec<_>>()),
                    )
                })
                .collect();
            handles
                .into_iter()
                .flat_map(|(part, h)| {
                    // Evaluation does not panic; if it ever did, its employees still get a
                    // result: the error.
                    h.join().unwrap_or_else(|_| {
                        part.iter()
                            .map(|_| {
                                Err(EvalError::Internal {
                                    value: Arc::from("*"),
                                    message: "evaluation panicked".into(),
                                })
                            })
                            .collect()
                    })
                })
                .collect()
        })
    }
}
