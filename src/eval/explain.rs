//! Why one employee's figures are what they are: [`Plan::explain`] evaluates the employee
//! with a recording [`Trace`] and builds a tree per figure asked for, each figure with its
//! value as stored, its formula as written and where, the names it uses (each explained once,
//! later uses referring back), tier brackets, scorecard metrics, rounding, `doc` and
//! `reference`. The text rendering is in `explain_text.rs`.

use super::error::EvalError;
use super::inputs::Inputs;
use super::plan::{About, Plan, SlotKind, Step};
use super::trace::Trace;
use crate::date::Date;
use crate::error::Location;
use crate::value::Value;
use crate::vocab::TierMode;
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// How one employee's figures were derived: one tree per figure asked for. Serialized with
/// every decimal as a string, for an HR product's payslip screen; `Display` prints the
/// indented tree.
#[derive(Clone, Debug, Serialize)]
pub struct Explanation {
    /// The pay period computed (`2023-09`).
    pub period: String,
    /// The figures asked for, in order, each with what it was computed from.
    pub figures: Vec<Derivation>,
    /// Why the evaluation stopped, when it failed: the figures are then explained up to the
    /// failure.
    #[serde(serialize_with = "display_opt")]
    pub error: Option<EvalError>,
}

/// How one figure was derived.
#[derive(Clone, Debug, Serialize)]
pub struct Derivation {
    /// Its name: `commission`, `kpi.sales`, `sales_amount`.
    pub name: String,
    /// What it is.
    pub kind: SlotKind,
    /// The value as stored (rounded as declared); `None` for a missing input or a figure not
    /// computed because the evaluation failed first.
    pub value: Option<Value>,
    /// Declared a percentage: the value `0.96` is `96%`.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub percent: bool,
    /// Explained earlier in the same explanation: only the name and value are repeated.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub shown_above: bool,
    /// Where it is defined.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub defined: Option<Location>,
    /// The formula as written (for a tier or curve, its `on`; for a metric, its `score`;
    /// for a param, the chosen entry's value).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub formula: Option<Formula>,
    /// Where an input's value came from: the data cell (when the caller knows it), `given`
    /// (by the caller), `default` (the input's), `missing`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
    /// For a param: the `from` date of the dated entry chosen for the period.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<Date>,
    /// For a tier: the base, the brackets and the cap.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tier: Option<TierWork>,
    /// For a curve: where its input fell among the points.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub curve: Option<CurveWork>,
    /// For a decision-table output: the row that matched and what it tested.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row: Option<super::RowWork>,
    /// For a scorecard metric: raw score, floor, cap, gate, weight.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metric: Option<MetricWork>,
    /// For a scorecard total: the weighted scores summed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total: Option<TotalWork>,
    /// For a scorecard grade: the band reached.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grade: Option<GradeBand>,
    /// The rounding applied when the figure was stored.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rounding: Option<RoundingWork>,
    /// `doc` of its definition.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    /// `reference` of its definition (for a param, of the entry chosen).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// The figure whose computation failed: the error (also in [`Explanation::error`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The names its formulas use, each derived in turn.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub uses: Vec<Derivation>,
    /// The names its formulas use when the tree is already [`DEEPEST`] levels deep: not
    /// derived here (explain them on their own), so that a long chain of values in an
    /// untrusted rule file cannot make the tree deeper than that.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub not_expanded: Vec<String>,
}

/// How many levels of uses an explanation shows below each figure asked for.
pub const DEEPEST: usize = 32;

/// A formula as written, and where.
#[derive(Clone, Debug, Serialize)]
pub struct Formula {
    /// The text, on one line.
    pub text: String,
    /// Where it is written.
    pub at: Location,
}

/// What a tier did with its base.
#[derive(Clone, Debug, Serialize)]
pub struct TierWork {
    /// `marginal` or `flat`.
    pub mode: &'static str,
    /// The base the tier was applied to.
    pub base: Decimal,
    /// Marginal: each bracket's slice of the base and what it pays.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub slices: Vec<Slice>,
    /// The bracket reached, counted from 1; `None` below the first.
    pub bracket: Option<usize>,
    /// The reached bracket's rate.
    pub rate: Decimal,
    /// The reached bracket's fixed amount.
    pub amount: Decimal,
    /// What the brackets pay, before any cap.
    pub paid: Decimal,
    /// The cap's value, if the tier has one.
    pub cap: Option<Decimal>,
    /// Whether the cap cut the pay.
    pub capped: bool,
}

/// One bracket's slice of a marginal tier's base: `100000 × 2% = 2000`.
#[derive(Clone, Debug, Serialize)]
pub struct Slice {
    /// The bracket, counted from 1.
    pub bracket: usize,
    /// Where the bracket starts.
    pub from: Decimal,
    /// How much of the base is in it.
    pub width: Decimal,
    /// Its rate.
    pub rate: Decimal,
    /// `width × rate`, exact.
    pub pay: Decimal,
}

/// Where a curve's input fell: between two points (the value read off the line between
/// them), or before the first or after the last (the curve is flat there).
#[derive(Clone, Debug, Serialize)]
pub struct CurveWork {
    /// The input's value (`on`).
    pub at: Decimal,
    /// The point at or before it, if any: `(x, y)`.
    pub from: Option<(Decimal, Decimal)>,
    /// The point after it, if any.
    pub to: Option<(Decimal, Decimal)>,
}

/// How a metric was scored: raw score, then floor, cap and gate, then weighed.
#[derive(Clone, Debug, Serialize)]
pub struct MetricWork {
    /// The score formula's result.
    pub raw: Decimal,
    /// The floor's value, if any.
    pub floor: Option<Decimal>,
    /// The cap's value, if any.
    pub cap: Option<Decimal>,
    /// Whether the gate was open; `None` without a gate.
    pub gate: Option<bool>,
    /// The score after floor, cap and gate.
    pub score: Decimal,
    /// The metric's weight, as a fraction.
    pub weight: Decimal,
    /// `weight × score`, what it adds to the total.
    pub weighted: Decimal,
}

/// A scorecard's total: the sum of its metrics' weighted scores.
#[derive(Clone, Debug, Serialize)]
pub struct TotalWork {
    /// Each metric's `weight × score`, in the order written.
    pub weighted: Vec<Decimal>,
    /// Their sum.
    pub total: Decimal,
}

/// The rating band a scorecard total reached.
#[derive(Clone, Debug, Serialize)]
pub struct GradeBand {
    /// The total.
    pub score: Decimal,
    /// The band's `min`.
    pub min: Decimal,
    /// The band's grade.
    pub grade: String,
}

/// A figure rounded when stored: `8912.345 -> 8912.35, half_up`.
#[derive(Clone, Debug, Serialize)]
pub struct RoundingWork {
    /// The exact value.
    pub exact: Decimal,
    /// As stored.
    pub stored: Decimal,
    /// Places kept.
    pub places: u32,
    /// The mode's rule-file name.
    pub mode: &'static str,
}

fn display_opt<S: serde::Serializer>(e: &Option<EvalError>, s: S) -> Result<S::Ok, S::Error> {
    match e {
        Some(e) => s.collect_str(e),
        None => s.serialize_none(),
    }
}

/// What the evaluation reported, kept for the explanation.
#[derive(Default)]
struct Recording {
    exact: HashMap<usize, Decimal>,
    metrics: HashMap<usize, (Decimal, Decimal, bool)>,
    tiers: HashMap<usize, Decimal>,
    slots: Vec<Option<Value>>,
}

impl Trace for Recording {
    fn computed(&mut self, slot: usize, exact: &Value, _stored: &Value) {
        if let Value::Number(d) = exact {
            self.exact.insert(slot, *d);
        }
    }
    fn metric(&mut self, slot: usize, raw: Decimal, scored: Decimal, gate_open: bool) {
        self.metrics.insert(slot, (raw, scored, gate_open));
    }
    fn tier(&mut self, tier: usize, base: Decimal, _bracket: Option<usize>) {
        self.tiers.insert(tier, base);
    }
    fn settled(&mut self, slots: &[Option<Value>]) {
        self.slots = slots.to_vec();
    }
}

impl Plan {
    /// Evaluates one employee and explains the figures `names` (all the shown columns when
    /// empty), each with everything it depends on. `origin` says where an input's value came
    /// from (`sales.csv:5: column sales_amount`), when the caller knows: the plan does not
    /// know data files.
    ///
    /// An employee whose evaluation fails gets the figures up to the failure, the failing one
    /// marked with the error, in [`Explanation::error`]. An unknown name is
    /// [`EvalError::UnknownName`], with the nearest name.
    pub fn explain(
        &self,
        inputs: &Inputs,
        names: &[&str],
        origin: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Explanation, EvalError> {
        let roots = self.roots(names)?;
        let mut rec = Recording::default();
        let error = self.evaluate_with(inputs, &mut rec).err();
        let failed = error.as_ref().and_then(|_| self.failed_slot(&rec.slots));
        let mut tree = Tree {
            plan: self,
            rec: &rec,
            inputs,
            origin,
            seen: HashSet::new(),
            failed: failed.map(|s| (s, error.as_ref().map(ToString::to_string))),
        };
        let mut figures: Vec<Derivation> = roots.iter().map(|&s| tree.derive(s, 0)).collect();
        if let Some(f) = failed {
            if !tree.seen.contains(&f) {
                figures.push(tree.derive(f, 0));
            }
        }
        Ok(Explanation {
            period: self.period.to_string(),
            figures,
            error,
        })
    }

    /// The slots of `names`, or of the shown columns.
    fn roots(&self, names: &[&str]) -> Result<Vec<u32>, EvalError> {
        if names.is_empty() {
            return Ok(self.layout.outputs.iter().map(|(_, s)| *s).collect());
        }
        names
            .iter()
            .map(|n| match self.layout.index.get(*n) {
                Some(&s) => Ok(s),
                None => Err(EvalError::UnknownName {
                    name: Arc::from(*n),
                    nearest: crate::error::nearest(n, self.layout.names.iter().map(|n| &**n))
                        .map(Arc::from),
                }),
            })
            .collect()
    }

    /// The first slot a step should have filled and did not: where the evaluation stopped.
    /// `None` when it stopped before the steps (an input out of range).
    fn failed_slot(&self, slots: &[Option<Value>]) -> Option<u32> {
        let filled = |s: u32| matches!(slots.get(s as usize), Some(Some(_)));
        if slots.len() < self.inputs.len() {
            return None;
        }
        self.steps.iter().find_map(|step| {
            let candidates: Vec<u32> = match step {
                Step::Value { slot, .. } | Step::Fixed { slot, .. } => vec![*slot],
                Step::Tier { slot, .. } | Step::Curve { slot, .. } => vec![*slot],
                Step::Decision { slot, table, .. } => {
                    (*slot..*slot + table.outputs.len() as u32).collect()
                }
                Step::Scorecard(i) => {
                    let card = self.cards.get(*i)?;
                    let metrics = card.metrics.iter().map(|m| m.slot);
                    metrics.chain([card.total]).chain(card.grade).collect()
                }
            };
            candidates.into_iter().find(|s| !filled(*s))
        })
    }
}

/// Builds derivations, each slot explained once.
struct Tree<'a> {
    plan: &'a Plan,
    rec: &'a Recording,
    inputs: &'a Inputs,
    origin: &'a dyn Fn(&str) -> Option<String>,
    seen: HashSet<u32>,
    /// The slot whose computation failed, with the error.
    failed: Option<(u32, Option<String>)>,
}

impl Tree<'_> {
    fn value(&self, slot: u32) -> Option<&Value> {
        let s = slot as usize;
        match self.rec.slots.get(s) {
            Some(v) => v.as_ref(),
            None if s >= self.plan.layout.per_employee => self
                .plan
                .layout
                .constants
                .get(s - self.plan.layout.per_employee)?
                .as_ref(),
            None => None,
        }
    }

    fn number(&self, node: u32) -> Option<Decimal> {
        self.plan.program.number(node, &self.rec.slots).ok()
    }

    /// The derivation of `slot`, `depth` levels below a figure asked for.
    fn derive(&mut self, slot: u32, depth: usize) -> Derivation {
        let plan = self.plan;
        let about = plan
            .layout
            .about
            .get(slot as usize)
            .cloned()
            .unwrap_or_default();
        let mut d = Derivation {
            name: plan.name(slot).to_string(),
            kind: about.kind,
            value: self.value(slot).cloned(),
            percent: about.percent,
            shown_above: !self.seen.insert(slot),
            defined: None,
            formula: None,
            origin: None,
            from: None,
            tier: None,
            curve: None,
            row: None,
            metric: None,
            total: None,
            grade: None,
            rounding: None,
            doc: None,
            reference: None,
            error: None,
            uses: Vec::new(),
            not_expanded: Vec::new(),
        };
        if d.shown_above {
            return d;
        }
        self.fill(&mut d, slot, &about);
        if depth >= DEEPEST {
            d.not_expanded = (about.uses.iter())
                .map(|&u| plan.name(u).to_string())
                .collect();
        } else {
            d.uses = (about.uses.iter())
                .map(|&u| self.derive(u, depth + 1))
                .collect();
        }
        d
    }

    /// Everything but the uses.
    fn fill(&self, d: &mut Derivation, slot: u32, about: &About) {
        let plan = self.plan;
        d.formula = about.formula.as_ref().map(|(span, text)| Formula {
            text: text.to_string(),
            at: plan.sources.locate(*span),
        });
        if about.kind != SlotKind::Period {
            d.defined = Some(plan.sources.locate(about.span));
        }
        d.doc = about.doc.as_deref().map(str::to_string);
        d.reference = about.reference.as_deref().map(str::to_string);
        d.from = about.from;
        if let Some((failed, error)) = &self.failed {
            if *failed == slot {
                d.error = error.clone();
            }
        }
        match about.kind {
            SlotKind::Input | SlotKind::Measure | SlotKind::Past => {
                d.origin = Some(self.input_origin(slot, &d.name))
            }
            SlotKind::Tier => d.tier = self.tier(slot),
            SlotKind::Curve => d.curve = self.curve(slot),
            SlotKind::TableOut => {
                d.row = super::explain_table::row_work(self.plan, &self.rec.slots, slot)
            }
            SlotKind::Metric => d.metric = self.metric(slot),
            SlotKind::Score => d.total = self.total(slot),
            SlotKind::Grade => d.grade = self.grade(slot),
            _ => {}
        }
        if let (Some(r), Some(Value::Number(stored))) = (about.rounding, &d.value) {
            let exact = self.rec.exact.get(&(slot as usize));
            // shown when it changed the figure or cut places (`4914.0000 -> 4914.00`), not
            // when it only wrote a whole number with its places (`15000 -> 15000.00`)
            let cut = |e: &&Decimal| *e != stored || e.scale() > stored.scale();
            if let Some(exact) = exact.filter(cut) {
                d.rounding = Some(RoundingWork {
                    exact: *exact,
                    stored: *stored,
                    places: r.places,
                    mode: r.mode.name(),
                });
            }
        }
    }

    fn input_origin(&self, slot: u32, name: &str) -> String {
        let given = self
            .inputs
            .values()
            .get(slot as usize)
            .and_then(Option::as_ref);
        match given {
            Some(_) => (self.origin)(name).unwrap_or_else(|| "given".into()),
            None if self.value(slot).is_some() => "default".into(),
            None => "missing".into(),
        }
    }

    fn tier(&self, slot: u32) -> Option<TierWork> {
        let (tier, cap) = self.plan.steps.iter().find_map(|s| match s {
            Step::Tier {
                tier,
                slot: t,
                cap,
                arith,
                ..
            } if *t == slot => Some(((*tier, *arith), *cap)),
            _ => None,
        })?;
        let (index, arith) = tier;
        let base = *self.rec.tiers.get(&index)?;
        let table = self.plan.program.tiers.get(index)?;
        let pay = table.pay(base, arith).ok()?;
        let slices = match table.mode {
            TierMode::Marginal => self
                .plan
                .tier_slices(index, base)
                .into_iter()
                .map(|s| Slice {
                    bracket: s.bracket + 1,
                    from: table.brackets[s.bracket].start,
                    width: s.width,
                    rate: s.rate,
                    pay: s.pay,
                })
                .collect(),
            TierMode::Flat => Vec::new(),
        };
        let cap = cap.and_then(|c| self.number(c));
        Some(TierWork {
            mode: match table.mode {
                TierMode::Marginal => "marginal",
                TierMode::Flat => "flat",
            },
            base,
            slices,
            bracket: pay.bracket.map(|b| b + 1),
            rate: pay.rate,
            amount: pay.bracket_amount,
            paid: pay.amount,
            cap,
            capped: cap.is_some_and(|c| c < pay.amount),
        })
    }

    fn curve(&self, slot: u32) -> Option<CurveWork> {
        let (on, points) = self.plan.steps.iter().find_map(|s| match s {
            Step::Curve {
                slot: c,
                on,
                points,
                ..
            } if *c == slot => Some((*on, points)),
            _ => None,
        })?;
        let at = self.number(on)?;
        let after = points.partition_point(|p| p.0 <= at);
        Some(CurveWork {
            at,
            from: after.checked_sub(1).and_then(|i| points.get(i)).copied(),
            to: points.get(after).copied(),
        })
    }

    fn metric(&self, slot: u32) -> Option<MetricWork> {
        let m = (self.plan.cards.iter())
            .flat_map(|c| &c.metrics)
            .find(|m| m.slot == slot)?;
        let &(raw, score, open) = self.rec.metrics.get(&(slot as usize))?;
        Some(MetricWork {
            raw,
            floor: m.floor.and_then(|n| self.number(n)),
            cap: m.cap.and_then(|n| self.number(n)),
            gate: m.gate.map(|_| open),
            score,
            weight: m.weight,
            weighted: score.checked_mul(m.weight)?,
        })
    }

    fn total(&self, slot: u32) -> Option<TotalWork> {
        let card = self.plan.cards.iter().find(|c| c.total == slot)?;
        let weighted = card
            .metrics
            .iter()
            .map(|m| {
                let score = self.rec.metrics.get(&(m.slot as usize))?.1;
                score.checked_mul(m.weight)
            })
            .collect::<Option<Vec<_>>>()?;
        Some(TotalWork {
            weighted,
            total: self.value(slot)?.as_decimal()?,
        })
    }

    fn grade(&self, slot: u32) -> Option<GradeBand> {
        let card = self.plan.cards.iter().find(|c| c.grade == Some(slot))?;
        let score = self.value(card.total)?.as_decimal()?;
        let (min, grade) = card.ratings.iter().find(|(min, _)| score >= *min)?;
        let Value::Text(grade) = grade else {
            return None;
        };
        Some(GradeBand {
            score,
            min: *min,
            grade: grade.to_string(),
        })
    }
}
