//! Evaluating one employee: fill the slots from the inputs, then run each step in order.

use super::error::EvalError;
use super::exact::Loss;
use super::inputs::Inputs;
use super::plan::{Layout, Plan, Step};
use super::round::{keeps_places, shortest, store};
use super::tiers::curve;
use super::trace::{NoTrace, Trace};
use crate::value::Value;
use crate::vocab::Rounding;
use rust_decimal::Decimal;
use std::sync::Arc;

/// One employee's computed figures.
#[derive(Clone, Debug)]
pub struct Evaluation {
    layout: Arc<Layout>,
    slots: Vec<Option<Value>>,
}

impl Evaluation {
    /// The value of slot `slot`: per employee, or a param's, kept once in the layout.
    pub(crate) fn slot_value(&self, slot: u32) -> Option<&Value> {
        self.slot(slot)
    }

    /// An evaluation of `slots` (every per-employee slot).
    pub(crate) fn from_slots(layout: Arc<Layout>, slots: Vec<Option<Value>>) -> Evaluation {
        Evaluation { layout, slots }
    }

    /// The first `n` per-employee slots, for a later pass to resume from.
    pub(crate) fn into_slots(mut self, n: usize) -> Vec<Option<Value>> {
        self.slots.truncate(n);
        self.slots
    }

    /// The value of slot `slot`: per employee, or a param's, kept once in the layout.
    fn slot(&self, slot: u32) -> Option<&Value> {
        let s = slot as usize;
        match self.slots.get(s) {
            Some(v) => v.as_ref(),
            None => self.layout.constants.get(s - self.slots.len())?.as_ref(),
        }
    }

    /// Any named figure: an input, param, value, `kpi`, `kpi.sales`, `kpi.grade`,
    /// `commission`, `commission.rate`, ... `None` if the name is unknown or the input missing.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.slot(*self.layout.index.get(name)?)
    }

    /// The shown columns, in order, with their values (`None` for a missing input).
    pub fn outputs(&self) -> impl ExactSizeIterator<Item = (&str, Option<&Value>)> {
        self.layout
            .outputs
            .iter()
            .map(|(n, s)| (&**n, self.slot(*s)))
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
            .enumerate()
            .filter_map(|(i, n)| self.slot(i as u32).map(|v| (&**n, v)))
            .collect();
        v.sort_by(|a, b| a.0.cmp(b.0));
        v
    }
}

/// Serialized as a map of the shown columns, in order, every decimal as a string; serialize
/// [`Evaluation::all_values`] for every named figure.
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
        self.evaluate_traced(inputs, trace, self.steps.len())
    }

    /// Computes one employee's figures with the first `end` steps only.
    pub(crate) fn evaluate_steps(
        &self,
        inputs: &Inputs,
        end: usize,
    ) -> Result<Evaluation, EvalError> {
        self.evaluate_traced(inputs, &mut NoTrace, end)
    }

    #[inline(always)]
    fn evaluate_traced<T: Trace>(
        &self,
        inputs: &Inputs,
        trace: &mut T,
        end: usize,
    ) -> Result<Evaluation, EvalError> {
        let given = inputs.values();
        if given.len() != self.inputs.len() {
            return Err(EvalError::ForeignInputs {
                declared: self.inputs.len(),
                given: given.len(),
            });
        }
        let mut slots: Vec<Option<Value>> = Vec::with_capacity(self.layout.per_employee);
        let steps = self.steps.get(..end).unwrap_or(&self.steps);
        let run = self.run(given, &mut slots, trace, steps);
        trace.settled(&slots);
        run?;
        slots.resize(self.layout.per_employee, None);
        Ok(Evaluation {
            layout: self.layout.clone(),
            slots,
        })
    }

    /// Fills `slots` from the inputs `given`, then runs each step in order.
    #[inline(always)]
    fn run<T: Trace>(
        &self,
        given: &[Option<Value>],
        slots: &mut Vec<Option<Value>>,
        trace: &mut T,
        steps: &[Step],
    ) -> Result<(), EvalError> {
        self.fill_inputs(given, slots)?;
        self.run_steps(slots, trace, steps)
    }

    /// Runs `steps` in order over `slots`.
    #[inline(always)]
    pub(crate) fn run_steps<T: Trace>(
        &self,
        slots: &mut Vec<Option<Value>>,
        trace: &mut T,
        steps: &[Step],
    ) -> Result<(), EvalError> {
        for step in steps {
            match step {
                Step::Value {
                    slot,
                    node,
                    rounding,
                    whole,
                    numeric: true,
                } => {
                    let exact = self
                        .program
                        .number(*node, slots)
                        .map_err(|f| self.fault(f, &self.name(*slot), slots))?;
                    let stored = store(exact, *rounding);
                    self.places(stored, *rounding, *slot, *node)?;
                    if *whole && !stored.fract().is_zero() {
                        return Err(EvalError::NotWhole {
                            name: self.name(*slot),
                            given: stored,
                            at: self.locate(*node),
                        });
                    }
                    trace.computed(
                        *slot as usize,
                        &Value::Number(exact),
                        &Value::Number(stored),
                    );
                    put(slots, *slot, Value::Number(stored));
                }
                Step::Value { slot, node, .. } => {
                    let value = self
                        .program
                        .value(*node, slots)
                        .map_err(|f| self.fault(f, &self.name(*slot), slots))?;
                    trace.computed(*slot as usize, &value, &value);
                    put(slots, *slot, value);
                }
                Step::Fixed {
                    slot,
                    exact,
                    stored,
                } => {
                    trace.computed(
                        *slot as usize,
                        &Value::Number(*exact),
                        &Value::Number(*stored),
                    );
                    put(slots, *slot, Value::Number(*stored));
                }
                Step::Scorecard(i) => self.scorecard(*i, slots, trace)?,
                Step::Tier {
                    arith,
                    tier,
                    slot,
                    on,
                    cap,
                    rounding,
                } => self.tier(*tier, *arith, (*slot, *on, *cap), *rounding, slots, trace)?,
                Step::Curve {
                    slot,
                    on,
                    points,
                    rounding,
                } => self.curve(*slot, *on, points, *rounding, slots, trace)?,
                Step::Decision {
                    slot,
                    table,
                    inputs,
                } => self.decision(*slot, table, inputs, slots, trace)?,
            }
        }
        Ok(())
    }

    /// Puts each input's value (or its default) in its slot, checking bounds.
    #[inline(always)]
    fn fill_inputs(
        &self,
        given: &[Option<Value>],
        slots: &mut Vec<Option<Value>>,
    ) -> Result<(), EvalError> {
        for (i, (rule, value)) in self.inputs.iter().zip(given).enumerate() {
            let value = match value {
                Some(v) => v,
                None => match &rule.default {
                    Some(d) => d,
                    None => {
                        slots.push(None);
                        continue;
                    }
                },
            };
            if let Value::Number(x) = value {
                self.check_input(i, rule, *x)?;
            }
            slots.push(Some(value.clone()));
        }
        Ok(())
    }

    /// A tier step: the base, the brackets' pay, the cap; the amount, rate and bracket
    /// amount stored in `slot` and the two after it.
    #[inline(always)]
    fn tier<T: Trace>(
        &self,
        tier: usize,
        arith: super::exact::Arith,
        (slot, on, cap): (u32, super::node::NodeId, Option<super::node::NodeId>),
        rounding: Option<Rounding>,
        slots: &mut Vec<Option<Value>>,
        trace: &mut T,
    ) -> Result<(), EvalError> {
        let name = &self.layout.names[slot as usize];
        let base = self
            .program
            .number(on, slots)
            .map_err(|f| self.fault(f, name, slots))?;
        let pay = self.program.tiers[tier]
            .pay(base, arith)
            .map_err(|loss| self.loss(loss, name, on))?;
        trace.tier(tier, base, pay.bracket);
        let mut amount = pay.amount;
        if let Some(cap) = cap {
            let c = self
                .program
                .number(cap, slots)
                .map_err(|f| self.fault(f, name, slots))?;
            amount = amount.min(c);
        }
        let stored = store(amount, rounding);
        self.places(stored, rounding, slot, on)?;
        trace.computed(
            slot as usize,
            &Value::Number(amount),
            &Value::Number(stored),
        );
        put(slots, slot, Value::Number(stored));
        put(slots, slot + 1, Value::Number(pay.rate));
        put(slots, slot + 2, Value::Number(pay.bracket_amount));
        Ok(())
    }

    /// A curve step.
    #[inline(always)]
    fn curve<T: Trace>(
        &self,
        slot: u32,
        on: super::node::NodeId,
        points: &[(Decimal, Decimal)],
        rounding: Option<Rounding>,
        slots: &mut Vec<Option<Value>>,
        trace: &mut T,
    ) -> Result<(), EvalError> {
        let name = &self.layout.names[slot as usize];
        let x = self
            .program
            .number(on, slots)
            .map_err(|f| self.fault(f, name, slots))?;
        let y = curve(points, x).map_err(|loss| self.loss(loss, name, on))?;
        let stored = store(y, rounding);
        self.places(stored, rounding, slot, on)?;
        trace.computed(slot as usize, &Value::Number(y), &Value::Number(stored));
        put(slots, slot, Value::Number(stored));
        Ok(())
    }

    /// A decision-table step: the first matching row (a `unique` table has at most one,
    /// as the checker proved), else the default, else an error naming the values. Kept out
    /// of line: the step loop of policies without tables stays as tight as before.
    #[inline(never)]
    fn decision<T: Trace>(
        &self,
        slot: u32,
        table: &crate::check::ir::Decision,
        inputs: &[super::node::NodeId],
        slots: &mut Vec<Option<Value>>,
        trace: &mut T,
    ) -> Result<(), EvalError> {
        let name = &self.layout.names[slot as usize];
        let mut values = Vec::with_capacity(inputs.len());
        for &id in inputs {
            let v = self
                .program
                .value(id, slots)
                .map_err(|f| self.fault(f, name, slots))?;
            values.push(v);
        }
        let mut rows =
            (table.rows.iter()).filter(|r| r.when.iter().zip(&values).all(|(c, v)| c.matches(v)));
        let row = rows.next();
        let collected;
        let then = match (row, &table.default) {
            (Some(r), _) if table.collect => {
                let at = || self.sources.locate(table.span);
                let mut acc = r.then.clone();
                for r in rows {
                    acc = collect(acc, &r.then).map_err(|loss| match loss {
                        Loss::Overflow => EvalError::Overflow {
                            value: name.clone(),
                            at: at(),
                        },
                        Loss::Inexact => EvalError::Inexact {
                            value: name.clone(),
                            at: at(),
                        },
                    })?;
                }
                collected = acc;
                &collected
            }
            (Some(r), _) => &r.then,
            (None, Some(d)) => d,
            (None, None) => {
                return Err(EvalError::NoRow {
                    table: table.name.clone(),
                    values: table
                        .inputs
                        .iter()
                        .map(|(n, _)| n.clone())
                        .zip(values)
                        .collect(),
                    at: self.sources.locate(table.span),
                })
            }
        };
        for (j, v) in then.iter().enumerate() {
            let s = slot + j as u32;
            trace.computed(s as usize, v, v);
            put(slots, s, v.clone());
        }
        Ok(())
    }

    fn check_input(
        &self,
        i: usize,
        rule: &super::plan::InputRule,
        x: Decimal,
    ) -> Result<(), EvalError> {
        let name = || self.layout.names[i].clone();
        if let Some((lo, span)) = rule.min {
            if below(x, lo) {
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

    /// An error unless `stored`, the figure of `slot` computed at `node`, has its declared
    /// places: one comparison, the error built out of line.
    #[inline(always)]
    fn places(
        &self,
        stored: Decimal,
        rounding: Option<Rounding>,
        slot: u32,
        node: u32,
    ) -> Result<(), EvalError> {
        if keeps_places(stored, rounding) {
            Ok(())
        } else {
            Err(self.places_error(rounding, slot, node))
        }
    }

    #[cold]
    #[inline(never)]
    fn places_error(&self, rounding: Option<Rounding>, slot: u32, node: u32) -> EvalError {
        EvalError::TooManyPlaces {
            value: self.name(slot),
            places: rounding.map_or(0, |r| r.places),
            at: self.locate(node),
        }
    }

    fn scorecard<T: Trace>(
        &self,
        i: usize,
        slots: &mut Vec<Option<Value>>,
        trace: &mut T,
    ) -> Result<(), EvalError> {
        let card = &self.cards[i];
        let mut total = Decimal::ZERO;
        for m in &card.metrics {
            let name = &self.layout.names[m.slot as usize];
            let fail = |f| self.fault(f, name, slots);
            let raw = self.program.number(m.score, slots).map_err(fail)?;
            let mut score = raw;
            if let Some(floor) = m.floor {
                score = score.max(self.program.number(floor, slots).map_err(fail)?);
            }
            if let Some(cap) = m.cap {
                score = score.min(self.program.number(cap, slots).map_err(fail)?);
            }
            let open = match m.gate {
                Some(g) => self.program.condition(g, slots).map_err(fail)?,
                None => true,
            };
            if !open {
                score = Decimal::ZERO;
            }
            let score = shortest(score);
            trace.metric(m.slot as usize, raw, score, open);
            let loss = |l| self.loss(l, name, m.score);
            let weighted = card.arith.mul(score, m.weight).map_err(loss)?;
            total = card.arith.add(total, weighted).map_err(loss)?;
            put(slots, m.slot, Value::Number(score));
        }
        let total = shortest(total);
        let v = Value::Number(total);
        trace.computed(card.total as usize, &v, &v);
        put(slots, card.total, v);
        if let Some(grade_slot) = card.grade {
            let grade = card.ratings.iter().find(|(min, _)| total >= *min);
            match grade {
                Some((_, g)) => put(slots, grade_slot, g.clone()),
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

/// Stores `v` in slot `slot`. Slots are numbered in the order they are computed, so for a
/// plan's own layout this is always a push.
#[inline(always)]
/// Adds one more matching row's outputs under `hit = "collect"`: text joined with ", ",
/// numbers summed exactly, true/false or-ed.
fn collect(acc: Vec<Value>, more: &[Value]) -> Result<Vec<Value>, Loss> {
    acc.into_iter()
        .zip(more)
        .map(|(a, b)| match (a, b) {
            (Value::Text(a), Value::Text(b)) => Ok(Value::from(format!("{a}, {b}").as_str())),
            (Value::Number(a), Value::Number(b)) => super::exact::add(a, *b).map(Value::Number),
            (Value::Bool(a), Value::Bool(b)) => Ok(Value::Bool(a || *b)),
            (a, _) => Ok(a),
        })
        .collect()
}

fn put(slots: &mut Vec<Option<Value>>, slot: u32, v: Value) {
    let s = slot as usize;
    if s == slots.len() {
        slots.push(Some(v));
    } else {
        if s > slots.len() {
            slots.resize(s, None);
        }
        match slots.get_mut(s) {
            Some(x) => *x = Some(v),
            None => slots.push(Some(v)),
        }
    }
}

/// `x < lo`. The usual lower bound, zero, is checked on the sign alone, without aligning
/// the scales of the two decimals.
#[inline]
fn below(x: Decimal, lo: Decimal) -> bool {
    if lo.is_zero() {
        x.is_sign_negative() && !x.is_zero()
    } else {
        x < lo
    }
}
