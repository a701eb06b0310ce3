//! A policy compiled for one period: params resolved and folded, names turned into slots,
//! the order of computation fixed. Evaluating an employee walks the steps over a slot vector.

use super::compile::Compiler;
use super::error::{EvalError, PlanError};
use super::exact::Arith;
use super::node::{Fault, Node, NodeId, Program};
use super::round::{keeps_places, shortest, store};
use super::tiers::TierTable;
use crate::check::ir::{Checked, Symbol, Unit};
use crate::date::Period;
use crate::error::{Location, Sources, Span};
use crate::policy::Rounding;
use crate::value::Value;
use rust_decimal::Decimal;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// Names of the slots of an evaluation and which of them are shown.
///
/// Slots are numbered inputs first, then everything computed per employee, then the params.
/// An evaluation stores only the per-employee slots; the params' values live here, once per
/// plan, so that evaluating an employee never copies them.
#[derive(Clone, Debug)]
pub struct Layout {
    /// The name of every slot.
    pub(crate) names: Vec<Arc<str>>,
    pub(crate) index: HashMap<Arc<str>, u32>,
    /// The shown columns, in order.
    pub(crate) outputs: Vec<(Arc<str>, u32)>,
    /// How many slots are computed per employee (inputs included); the constants follow.
    pub(crate) per_employee: usize,
    /// The values of the constants (params, the period), for slots `per_employee..`.
    pub(crate) constants: Vec<Option<Value>>,
    /// For each shown column, whether it is a percentage (shown as `92%` in tables).
    pub(crate) percent: Vec<bool>,
    /// For each slot, whether it is a percentage (for columns chosen later, `eval::show`).
    pub(crate) slot_percent: Vec<bool>,
}

impl Layout {
    /// The shown columns, in order.
    pub fn outputs(&self) -> impl ExactSizeIterator<Item = &str> {
        self.outputs.iter().map(|(n, _)| &**n)
    }
}

/// One slice of a marginal tier: the part of the base inside one bracket.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TierSlice {
    /// Index of the bracket.
    pub bracket: usize,
    /// The bracket's rate.
    pub rate: Decimal,
    /// How much of the base falls in the bracket.
    pub width: Decimal,
    /// `width × rate`, exact.
    pub pay: Decimal,
}

/// One thing to compute per employee.
#[derive(Clone, Debug)]
pub(crate) enum Step {
    Value {
        slot: u32,
        node: NodeId,
        rounding: Option<Rounding>,
        whole: bool,
        /// A number, computed straight to a decimal.
        numeric: bool,
    },
    /// A number that does not depend on the employee (its formula folded to a constant),
    /// rounded once when the plan is compiled.
    Fixed {
        slot: u32,
        exact: Decimal,
        stored: Decimal,
    },
    Scorecard(usize),
    Tier {
        /// Rounded when the base is a division's rounded result.
        arith: Arith,
        tier: usize,
        slot: u32,
        on: NodeId,
        cap: Option<NodeId>,
        rounding: Option<Rounding>,
    },
    Curve {
        slot: u32,
        on: NodeId,
        points: Arc<[(Decimal, Decimal)]>,
        rounding: Option<Rounding>,
    },
}

/// A scorecard's slots and compiled metrics.
#[derive(Clone, Debug)]
pub(crate) struct CardPlan {
    /// Rounded when a metric's score is a division's rounded result.
    pub arith: Arith,
    pub total: u32,
    pub grade: Option<u32>,
    pub metrics: Vec<MetricPlan>,
    pub ratings: Vec<(Decimal, Value)>,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub(crate) struct MetricPlan {
    pub slot: u32,
    pub weight: Decimal,
    pub score: NodeId,
    pub floor: Option<NodeId>,
    pub cap: Option<NodeId>,
    pub gate: Option<NodeId>,
}

/// Checks applied to an input before evaluation.
#[derive(Clone, Debug)]
pub(crate) struct InputRule {
    pub default: Option<Value>,
    pub min: Option<(Decimal, Span)>,
    pub max: Option<(Decimal, Span)>,
    pub whole: bool,
    pub percent: bool,
    pub span: Span,
}

/// A policy compiled for one period. `Send + Sync`: evaluate from as many threads as you like.
#[derive(Clone, Debug)]
pub struct Plan {
    pub(crate) period: Period,
    pub(crate) program: Program,
    pub(crate) spans: Vec<Span>,
    pub(crate) steps: Vec<Step>,
    pub(crate) cards: Vec<CardPlan>,
    pub(crate) inputs: Vec<InputRule>,
    pub(crate) layout: Arc<Layout>,
    pub(crate) sources: Arc<Sources>,
    /// Each param's value for this period, with the `from` date chosen.
    pub(crate) params: Vec<(Arc<str>, Value, Option<crate::date::Date>)>,
}

impl Plan {
    /// Compiles a checked policy for `period`.
    pub(crate) fn compile(c: &Checked, period: Period) -> Result<Plan, PlanError> {
        let mut consts: HashMap<Symbol, Value> = HashMap::new();
        consts.insert(Symbol::PeriodStart, Value::Date(period.start()));
        consts.insert(Symbol::PeriodEnd, Value::Date(period.end()));
        consts.insert(
            Symbol::PeriodDays,
            Value::Number(Decimal::from(period.days())),
        );

        // Params, in dependency order, each folded to a constant.
        let mut params = Vec::new();
        let mut rounded: HashSet<Symbol> = HashSet::new();
        for &i in &c.param_order {
            let p = &c.params[i];
            let chosen = p
                .versions
                .iter()
                .find(|(from, _, _)| from.is_none_or(|f| f <= period.start()));
            let Some((from, expr, _)) = chosen else {
                let earliest = p.versions.iter().filter_map(|v| v.0).min();
                return Err(PlanError::NoParamValue {
                    param: p.name.to_string(),
                    period,
                    earliest,
                    at: c.sources.locate(p.span),
                    span: p.span,
                });
            };
            let empty = HashMap::new();
            let mut comp = Compiler::new(
                Program::default(),
                &consts,
                &empty,
                std::mem::take(&mut rounded),
            );
            let node = comp.expr(expr);
            let result = comp.program.value(node, &[]);
            let is_rounded = comp.is_rounded(node);
            rounded = comp.rounded;
            if is_rounded {
                rounded.insert(Symbol::Param(i));
            }
            let value = result.map_err(|f| PlanError::Param {
                param: p.name.to_string(),
                problem: match f {
                    Fault::DivisionByZero(_) => "division by zero",
                    Fault::ClampBounds(_) => "clamp bounds in the wrong order",
                    Fault::Inexact(_) => "result needs more than 28 significant digits",
                    Fault::Places { .. } => "too large to keep the places `round` asks for",
                    _ => "number too large",
                },
                at: c.sources.locate(expr.span),
                span: expr.span,
            })?;
            let value = match value {
                Value::Number(d) => Value::Number(shortest(d)),
                other => other,
            };
            consts.insert(Symbol::Param(i), value.clone());
            params.push((p.name.clone(), value, *from));
        }

        // Slots: inputs first (input `i` is slot `i`), then everything computed per employee
        // in the order it is computed, so that an evaluation builds its slots by pushing each
        // figure as it comes (no slot is initialised empty and overwritten); then the
        // constants (params, the period), whose values live once in the layout.
        let name_of: HashMap<Symbol, &Arc<str>> = c.names.iter().map(|(n, s)| (*s, n)).collect();
        let mut names: Vec<Arc<str>> = Vec::with_capacity(c.names.len());
        let mut slots: HashMap<Symbol, u32> = HashMap::with_capacity(c.names.len());
        let mut add = |sym: Symbol, names: &mut Vec<Arc<str>>| {
            if slots.contains_key(&sym) {
                return false;
            }
            let Some(name) = name_of.get(&sym) else {
                return false;
            };
            slots.insert(sym, u32::try_from(names.len()).unwrap_or(u32::MAX));
            names.push(Arc::clone(name));
            true
        };
        for i in 0..c.inputs.len() {
            add(Symbol::Input(i), &mut names);
        }
        for unit in &c.order {
            match *unit {
                Unit::Value(i) => {
                    add(Symbol::Value(i), &mut names);
                }
                Unit::Scorecard(i) => {
                    // In the order the scorecard step computes them.
                    for m in 0..c.scorecards[i].metrics.len() {
                        add(Symbol::Metric(i, m), &mut names);
                    }
                    add(Symbol::Score(i), &mut names);
                    add(Symbol::Grade(i), &mut names);
                }
                Unit::Tier(i) => {
                    add(Symbol::Tier(i), &mut names);
                    add(Symbol::TierRate(i), &mut names);
                    add(Symbol::TierAmount(i), &mut names);
                }
                Unit::Curve(i) => {
                    add(Symbol::Curve(i), &mut names);
                }
            }
        }
        // Anything else computed per employee (nothing, for a checked policy).
        for (_, sym) in &c.names {
            if !consts.contains_key(sym) {
                add(*sym, &mut names);
            }
        }
        let per_employee = names.len();
        let mut constants = Vec::with_capacity(c.names.len() - per_employee.min(c.names.len()));
        for (_, sym) in &c.names {
            if let Some(v) = consts.get(sym) {
                if add(*sym, &mut names) {
                    constants.push(Some(v.clone()));
                }
            }
        }
        debug_assert!(
            (0..c.inputs.len()).all(|i| slots.get(&Symbol::Input(i)) == Some(&(i as u32)))
        );
        let program = Program {
            tiers: c
                .tiers
                .iter()
                .map(|t| TierTable::new(t.mode, t.brackets.clone()))
                .collect(),
            ..Program::default()
        };
        let mut comp = Compiler::new(program, &consts, &slots, rounded);
        let slot = |sym: Symbol| slots.get(&sym).copied().unwrap_or(u32::MAX);
        let mut steps = Vec::with_capacity(c.order.len());
        let mut cards: Vec<Option<CardPlan>> = vec![None; c.scorecards.len()];
        for unit in &c.order {
            match *unit {
                Unit::Value(i) => {
                    let v = &c.values[i];
                    let node = comp.expr(&v.expr);
                    if comp.is_rounded(node) && v.rounding.is_none() {
                        comp.rounded.insert(Symbol::Value(i));
                    }
                    let folded = match comp.program.nodes.get(node as usize) {
                        Some(Node::Num(d)) if v.ty.is_numeric() => Some(*d),
                        _ => None,
                    };
                    if let Some(exact) = folded {
                        let stored = store(exact, v.rounding);
                        // a value that fails for every employee is left to fail, located
                        if (!v.whole || stored.fract().is_zero())
                            && keeps_places(stored, v.rounding)
                        {
                            steps.push(Step::Fixed {
                                slot: slot(Symbol::Value(i)),
                                exact,
                                stored,
                            });
                            continue;
                        }
                    }
                    steps.push(Step::Value {
                        slot: slot(Symbol::Value(i)),
                        node,
                        rounding: v.rounding,
                        whole: v.whole,
                        numeric: v.ty.is_numeric(),
                    });
                }
                Unit::Scorecard(i) => {
                    let s = &c.scorecards[i];
                    let mut metrics = Vec::with_capacity(s.metrics.len());
                    let mut arith = Arith::Exact;
                    for (m, metric) in s.metrics.iter().enumerate() {
                        let plan = MetricPlan {
                            slot: slot(Symbol::Metric(i, m)),
                            weight: metric.weight,
                            score: comp.expr(&metric.score),
                            floor: metric.floor.as_ref().map(|e| comp.expr(e)),
                            cap: metric.cap.as_ref().map(|e| comp.expr(e)),
                            gate: metric.gate.as_ref().map(|e| comp.expr(e)),
                        };
                        let scored = [Some(plan.score), plan.floor, plan.cap];
                        if scored.into_iter().flatten().any(|n| comp.is_rounded(n)) {
                            comp.rounded.insert(Symbol::Metric(i, m));
                            comp.rounded.insert(Symbol::Score(i));
                            arith = Arith::Rounded;
                        }
                        metrics.push(plan);
                    }
                    cards[i] = Some(CardPlan {
                        arith,
                        total: slot(Symbol::Score(i)),
                        grade: (!s.ratings.is_empty()).then(|| slot(Symbol::Grade(i))),
                        metrics,
                        ratings: s
                            .ratings
                            .iter()
                            .map(|(min, g)| (*min, Value::Text(g.clone())))
                            .collect(),
                        span: s.span,
                    });
                    steps.push(Step::Scorecard(i));
                }
                Unit::Tier(i) => {
                    let t = &c.tiers[i];
                    let on = comp.expr(&t.on);
                    let cap = t.cap.as_ref().map(|e| comp.expr(e));
                    let arith = Arith::of(comp.is_rounded(on));
                    let capped = cap.is_some_and(|n| comp.is_rounded(n));
                    if (arith == Arith::Rounded || capped) && t.rounding.is_none() {
                        comp.rounded.insert(Symbol::Tier(i));
                    }
                    steps.push(Step::Tier {
                        arith,
                        tier: i,
                        slot: slot(Symbol::Tier(i)),
                        on,
                        cap,
                        rounding: t.rounding,
                    });
                }
                Unit::Curve(i) => {
                    let cv = &c.curves[i];
                    let on = comp.expr(&cv.on);
                    if cv.rounding.is_none() {
                        comp.rounded.insert(Symbol::Curve(i));
                    }
                    steps.push(Step::Curve {
                        slot: slot(Symbol::Curve(i)),
                        on,
                        points: cv.points.clone().into(),
                        rounding: cv.rounding,
                    });
                }
            }
        }
        let outputs: Vec<(Arc<str>, u32)> = c
            .outputs
            .iter()
            .map(|(n, sym)| (n.clone(), slots.get(sym).copied().unwrap_or(u32::MAX)))
            .collect();
        let is_percent = |sym: &Symbol| match sym {
            Symbol::Input(i) => c.inputs[*i].ty == crate::policy::ValueType::Percent,
            Symbol::Param(i) => c.params[*i].percent,
            Symbol::Value(i) => c.values[*i].percent,
            _ => false,
        };
        let percent = c.outputs.iter().map(|(_, sym)| is_percent(sym)).collect();
        let mut slot_percent = vec![false; names.len()];
        for (sym, &s) in &slots {
            if let Some(p) = slot_percent.get_mut(s as usize) {
                *p = is_percent(sym);
            }
        }
        let index = names
            .iter()
            .enumerate()
            .map(|(i, n)| (n.clone(), i as u32))
            .collect();
        let inputs = c
            .inputs
            .iter()
            .map(|i| InputRule {
                default: i.default.clone(),
                min: i.min,
                max: i.max,
                whole: i.ty == crate::policy::ValueType::Integer,
                percent: i.ty == crate::policy::ValueType::Percent,
                span: i.span,
            })
            .collect();
        let Compiler { program, spans, .. } = comp;
        let plan = Plan {
            period,
            program,
            spans,
            steps,
            cards: cards.into_iter().flatten().collect(),
            inputs,
            layout: Arc::new(Layout {
                names,
                index,
                outputs,
                per_employee,
                constants,
                percent,
                slot_percent,
            }),
            sources: c.sources.clone(),
            params,
        };
        Ok(plan)
    }

    /// The period this plan computes.
    pub fn period(&self) -> Period {
        self.period
    }

    /// The names of the shown columns, in order.
    pub fn outputs(&self) -> impl ExactSizeIterator<Item = &str> {
        self.layout.outputs()
    }

    /// Each param's value for this period, with the `from` date of the entry chosen.
    pub fn params(&self) -> impl Iterator<Item = (&str, &Value, Option<crate::date::Date>)> {
        self.params.iter().map(|(n, v, d)| (&**n, v, *d))
    }

    /// The marginal slices tier number `tier` pays on `base`: each bracket reached, the width of
    /// the base in it, and what that width pays at the bracket's rate. For explanations.
    pub fn tier_slices(&self, tier: usize, base: Decimal) -> Vec<TierSlice> {
        self.program
            .tiers
            .get(tier)
            .map(|t| {
                t.slices(base)
                    .into_iter()
                    .map(|(bracket, width, pay)| TierSlice {
                        bracket,
                        rate: t.brackets[bracket].rate,
                        width,
                        pay,
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The name of slot `slot`, for messages.
    pub(crate) fn name(&self, slot: u32) -> Arc<str> {
        match self.layout.names.get(slot as usize) {
            Some(n) => n.clone(),
            None => Arc::from("?"),
        }
    }

    pub(crate) fn locate(&self, node: NodeId) -> Location {
        let span = self.spans.get(node as usize).copied().unwrap_or_default();
        self.sources.locate(span)
    }

    /// The divisor of division node `n` as written in the rule file, shortened if long.
    fn divisor_text(&self, n: NodeId) -> String {
        let Some(super::node::Node::Div(_, b)) = self.program.nodes.get(n as usize) else {
            return String::from("the divisor");
        };
        let span = self.spans.get(*b as usize).copied().unwrap_or_default();
        let text = self
            .sources
            .get(span.file)
            .and_then(|f| f.text().get(span.start as usize..span.end as usize))
            .unwrap_or("the divisor");
        let short: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if short.chars().count() > 40 {
            format!("{}…", short.chars().take(40).collect::<String>())
        } else {
            short
        }
    }

    /// The error for an operation at node `at` (computing `value`) without an exact result.
    #[cold]
    pub(crate) fn loss(&self, loss: super::exact::Loss, value: &Arc<str>, at: NodeId) -> EvalError {
        self.fault(super::node::fault_of(loss, at), value, &[])
    }

    /// Turns a fault while computing `value` over `slots` into an error naming it.
    pub(crate) fn fault(&self, f: Fault, value: &Arc<str>, slots: &[Option<Value>]) -> EvalError {
        let value = value.clone();
        match f {
            Fault::DivisionByZero(n) => EvalError::DivisionByZero {
                value,
                at: self.locate(n),
                divisor: self.divisor_text(n),
            },
            Fault::Overflow(n) => EvalError::Overflow {
                value,
                at: self.locate(n),
            },
            Fault::Inexact(n) => EvalError::Inexact {
                value,
                at: self.locate(n),
            },
            Fault::Places { node, places } => EvalError::TooManyPlaces {
                value,
                places,
                at: self.locate(node),
            },
            Fault::Internal(n) => EvalError::Internal {
                value,
                message: format!("unexpected value type at {}", self.locate(n)),
            },
            Fault::Missing { slot, node } => EvalError::MissingInput {
                input: self
                    .layout
                    .names
                    .get(slot as usize)
                    .cloned()
                    .unwrap_or_else(|| Arc::from("?")),
                value,
                at: self.locate(node),
            },
            Fault::ClampBounds(node) => {
                let (lo, hi) = self.program.clamp_bounds(node, slots);
                EvalError::ClampBounds {
                    value,
                    lo,
                    hi,
                    at: self.locate(node),
                }
            }
        }
    }
}
