//! A policy compiled for one period: params resolved and folded, names turned into slots,
//! the order of computation fixed. Evaluating an employee walks the steps over a slot vector.

use super::error::EvalError;
use super::exact::Arith;
use super::node::{Fault, NodeId, Program};
use crate::date::Period;
use crate::error::{Location, Sources, Span};
use crate::value::Value;
use crate::vocab::Rounding;
use rust_decimal::Decimal;
use std::collections::HashMap;
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
    /// What each slot is, for explanations: once per plan, never per employee.
    pub(crate) about: Vec<About>,
}

/// What a slot holds, as a consultant names it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SlotKind {
    /// An `[inputs]` entry: a fact from the data.
    #[default]
    Input,
    /// A `[params]` entry: the dated entry chosen for the period.
    Param,
    /// A `[values]` entry.
    Value,
    /// A scorecard's total: `kpi`.
    Score,
    /// One metric of a scorecard: `kpi.sales`.
    Metric,
    /// A scorecard's grade: `kpi.grade`.
    Grade,
    /// A tier's amount: `commission`.
    Tier,
    /// The rate of the bracket a tier reached: `commission.rate`.
    TierRate,
    /// The amount of the bracket a tier reached: `commission.amount`.
    TierAmount,
    /// A curve's value.
    Curve,
    /// A decision table's output: `approval_route.approvers`.
    TableOut,
    /// `period.start`, `period.end`, `period.days`.
    Period,
    /// An `attendance.*` measure: an input filled from the employee's attendance records.
    Measure,
    /// The past part of `ytd`, `ytd_before`, `prev` or `ytd_months`: an input filled from
    /// the employee's earlier months.
    Past,
    /// A population figure (`rank(kpi)`, `allocate(pool, kpi) by team`): an input filled
    /// from a pass over every employee of the run.
    Population,
    /// A formula given to a population figure (`kpi * base_salary` in
    /// `allocate(pool, kpi * base_salary)`), computed for each employee.
    Gathered,
}

impl SlotKind {
    /// The kind in a consultant's words (`explain` and the language server's hover).
    pub fn word(self) -> &'static str {
        match self {
            SlotKind::Input => "input",
            SlotKind::Param => "param",
            SlotKind::Value => "value",
            SlotKind::Score => "scorecard",
            SlotKind::Metric => "metric",
            SlotKind::Grade => "grade",
            SlotKind::Tier => "tier",
            SlotKind::TierRate => "rate of the bracket reached",
            SlotKind::TierAmount => "amount of the bracket reached",
            SlotKind::Curve => "curve",
            SlotKind::TableOut => "decision table output",
            SlotKind::Period => "period",
            SlotKind::Measure => "attendance measure",
            SlotKind::Past => "from earlier months",
            SlotKind::Population => "population figure",
            SlotKind::Gathered => "given to a population figure",
        }
    }
}

/// What one slot is: kept once per plan so that an explanation can show where each figure
/// comes from without going back to the rule files' model.
#[derive(Clone, Debug, Default)]
pub(crate) struct About {
    pub kind: SlotKind,
    /// Where it is declared.
    pub span: Span,
    /// The formula (for a param, the chosen entry's), with its text as written on one line.
    pub formula: Option<(Span, Arc<str>)>,
    pub doc: Option<Arc<str>>,
    pub reference: Option<Arc<str>>,
    /// The slots its formulas read, each once, in the order first read.
    pub uses: Vec<u32>,
    /// How it is rounded when stored.
    pub rounding: Option<Rounding>,
    /// For a param: the `from` date of the entry chosen.
    pub from: Option<crate::date::Date>,
    /// Declared a percentage (`type = "percent"`): `0.96` is shown as `96%` too.
    pub percent: bool,
}

impl About {
    pub(crate) fn new(
        kind: SlotKind,
        span: Span,
        formula: Option<(Span, Arc<str>)>,
        docs: crate::vocab::Docs,
        uses: Vec<u32>,
    ) -> About {
        About {
            kind,
            span,
            formula,
            doc: docs.doc.map(Arc::from),
            reference: docs.reference.map(Arc::from),
            uses,
            rounding: None,
            from: None,
            percent: false,
        }
    }
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
    /// A decision table: its outputs fill `slot..`.
    Decision {
        slot: u32,
        table: Arc<crate::check::ir::Decision>,
        inputs: Vec<NodeId>,
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
    /// The population figures, each a hidden input filled from a pass over everyone.
    pub(crate) populations: Vec<super::population::PopPlan>,
    /// Where each pass ends in `steps` (one entry without population figures).
    pub(crate) pass_ends: Vec<usize>,
    /// How many per-employee slots (inputs included) each pass has filled at its end.
    pub(crate) pass_slots: Vec<usize>,
}

impl Plan {
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

    /// The name of slot `slot` (as a [`Trace`](super::Trace) reports it): `commission`,
    /// `kpi.sales`. `None` for a number that is not a slot of this plan.
    pub fn slot_name(&self, slot: usize) -> Option<&str> {
        self.layout.names.get(slot).map(|n| &**n)
    }

    /// What slot `slot` holds: an input, a param, a metric, ... `None` past the last slot.
    pub fn slot_kind(&self, slot: usize) -> Option<SlotKind> {
        self.layout.about.get(slot).map(|a| a.kind)
    }

    /// Whether the figure `name` is declared a percentage (an input, param or value of
    /// `type = "percent"`): tables show its `0.92` as `92%`. `false` for a name the plan does
    /// not have.
    ///
    /// ```
    /// let policy = hrrules::Policy::from_source("rules.toml", r#"
    /// [policy]
    /// name = "Hengkang Orthopaedics — Sales"
    ///
    /// [inputs]
    /// compliance = "percent"
    /// sales_amount = "money"
    /// "#)?;
    /// let plan = policy.plan("2023-09".parse()?)?;
    /// assert!(plan.is_percent("compliance"));
    /// assert!(!plan.is_percent("sales_amount"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn is_percent(&self, name: &str) -> bool {
        let slot = self.layout.index.get(name);
        slot.and_then(|&s| self.layout.about.get(s as usize))
            .is_some_and(|a| a.percent)
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
