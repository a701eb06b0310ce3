//! Compiling a checked policy into a [`Plan`]: the eval stage's one list of definition kinds.
//!
//! Each kind (param, value, scorecard, tier, curve) has one function here that compiles it to
//! a [`Step`] and describes its slots for explanations ([`About`]); [`filled`] says which slots
//! each kind fills, in the order its step computes them. Adding a kind means adding a case to
//! [`filled`] and to [`Builder::unit`], both below.

use super::compile::Compiler;
use super::error::PlanError;
use super::exact::Arith;
use super::node::{Fault, Node, Program};
use super::plan::{About, CardPlan, InputRule, Layout, MetricPlan, Plan, SlotKind, Step};
use super::round::{keeps_places, shortest, store};
use super::tiers::TierTable;
use crate::check::ir::{Checked, Symbol, TExpr, TKind, Unit};
use crate::date::{Date, Period};
use crate::error::Span;
use crate::value::Value;
use crate::vocab::Docs;
use crate::vocab::ValueType;
use rust_decimal::Decimal;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

#[path = "kinds_decision.rs"]
mod decision;
#[path = "kinds_population.rs"]
mod population;

/// The symbols a unit fills, in the order its step computes them (so that an evaluation
/// builds its slots by pushing each figure as it comes).
fn filled(c: &Checked, unit: Unit) -> Vec<Symbol> {
    match unit {
        Unit::Value(i) => vec![Symbol::Value(i)],
        Unit::Scorecard(i) => {
            let metrics = (0..c.scorecards[i].metrics.len()).map(|m| Symbol::Metric(i, m));
            metrics
                .chain([Symbol::Score(i), Symbol::Grade(i)])
                .collect()
        }
        Unit::Tier(i) => vec![Symbol::Tier(i), Symbol::TierRate(i), Symbol::TierAmount(i)],
        Unit::Curve(i) => vec![Symbol::Curve(i)],
        Unit::Decision(i) => (0..c.decisions[i].outputs.len())
            .map(|j| Symbol::TableOut(i, j))
            .collect(),
        Unit::Gather(i) => population::gathered(c, i),
    }
}

/// Each param's value for a period, folded to a constant.
struct Params {
    /// `(name, value, from)`, in dependency order.
    values: Vec<(Arc<str>, Value, Option<Date>)>,
    /// Params whose value is a division's rounded result.
    rounded: HashSet<Symbol>,
    /// For each param (by index), the entry chosen: its formula and reference.
    chosen: HashMap<usize, (Option<Date>, Span, Option<String>)>,
}

/// Folds every param to its value for `period`, adding it to `consts`.
fn params(
    c: &Checked,
    period: Period,
    consts: &mut HashMap<Symbol, Value>,
) -> Result<Params, PlanError> {
    let mut out = Params {
        values: Vec::with_capacity(c.param_order.len()),
        rounded: HashSet::new(),
        chosen: HashMap::new(),
    };
    for &i in &c.param_order {
        let p = &c.params[i];
        let chosen = p
            .versions
            .iter()
            .find(|(from, _, _)| from.is_none_or(|f| f <= period.start()));
        let Some((from, expr, reference)) = chosen else {
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
            consts,
            &empty,
            std::mem::take(&mut out.rounded),
        );
        let node = comp.expr(expr);
        let result = comp.program.value(node, &[]);
        let is_rounded = comp.is_rounded(node);
        out.rounded = comp.rounded;
        if is_rounded {
            out.rounded.insert(Symbol::Param(i));
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
        let reference = reference.clone().or_else(|| p.docs.reference.clone());
        out.chosen.insert(i, (*from, expr.span, reference));
        out.values.push((p.name.clone(), value, *from));
    }
    Ok(out)
}

/// The slots of a plan: inputs first (input `i` is slot `i`), then everything computed per
/// employee in the order it is computed, then the constants (params, the period).
struct Slots {
    names: Vec<Arc<str>>,
    map: HashMap<Symbol, u32>,
    per_employee: usize,
    constants: Vec<Option<Value>>,
}

impl Slots {
    fn lay_out(c: &Checked, consts: &HashMap<Symbol, Value>) -> Slots {
        let gathered = population::arg_names(c);
        let mut name_of: HashMap<Symbol, &Arc<str>> =
            c.names.iter().map(|(n, s)| (*s, n)).collect();
        for (sym, name) in &gathered {
            name_of.insert(*sym, name);
        }
        // The hidden inputs of `ytd`, `prev`, ... are named by what they read.
        for (i, input) in c.inputs.iter().enumerate() {
            name_of.entry(Symbol::Input(i)).or_insert(&input.name);
        }
        let mut s = Slots {
            names: Vec::with_capacity(c.names.len()),
            map: HashMap::with_capacity(c.names.len()),
            per_employee: 0,
            constants: Vec::new(),
        };
        let add = |sym: Symbol, s: &mut Slots| {
            if s.map.contains_key(&sym) {
                return false;
            }
            let Some(name) = name_of.get(&sym) else {
                return false;
            };
            s.map
                .insert(sym, u32::try_from(s.names.len()).unwrap_or(u32::MAX));
            s.names.push(Arc::clone(name));
            true
        };
        for i in 0..c.inputs.len() {
            add(Symbol::Input(i), &mut s);
        }
        // A population figure is its hidden input's slot.
        for (i, p) in c.populations.iter().enumerate() {
            s.map
                .insert(Symbol::Pop(i), u32::try_from(p.input).unwrap_or(u32::MAX));
        }
        for unit in &c.order {
            for sym in filled(c, *unit) {
                add(sym, &mut s);
            }
        }
        // Anything else computed per employee (nothing, for a checked policy).
        for (_, sym) in &c.names {
            if !consts.contains_key(sym) {
                add(*sym, &mut s);
            }
        }
        s.per_employee = s.names.len();
        for (_, sym) in &c.names {
            if let Some(v) = consts.get(sym) {
                if add(*sym, &mut s) {
                    s.constants.push(Some(v.clone()));
                }
            }
        }
        debug_assert!(
            (0..c.inputs.len()).all(|i| s.map.get(&Symbol::Input(i)) == Some(&(i as u32)))
        );
        s
    }

    fn slot(&self, sym: Symbol) -> u32 {
        self.map.get(&sym).copied().unwrap_or(u32::MAX)
    }
}

/// Compiles the per-employee units, one function per kind.
struct Builder<'a> {
    c: &'a Checked,
    slots: &'a Slots,
    comp: Compiler<'a>,
    steps: Vec<Step>,
    cards: Vec<Option<CardPlan>>,
    about: Vec<About>,
}

impl Builder<'_> {
    /// The one dispatch on a unit's kind.
    fn unit(&mut self, unit: Unit) {
        match unit {
            Unit::Value(i) => self.value(i),
            Unit::Scorecard(i) => self.scorecard(i),
            Unit::Tier(i) => self.tier(i),
            Unit::Curve(i) => self.curve(i),
            Unit::Decision(i) => self.decision(i),
            Unit::Gather(i) => self.gather(i),
        }
    }

    /// What is known of slot `sym` so far (`None` only for a symbol without a slot, which a
    /// checked policy does not have).
    fn about(&mut self, sym: Symbol) -> Option<&mut About> {
        self.about.get_mut(self.slots.slot(sym) as usize)
    }

    /// Describes slot `sym` for explanations.
    fn describe(&mut self, sym: Symbol, kind: SlotKind, span: Span, docs: Docs, uses: Vec<u32>) {
        if let Some(a) = self.about(sym) {
            *a = About::new(kind, span, None, docs, uses);
        }
    }

    /// Describes slot `sym`, computed by formula `e`, for explanations.
    fn describe_formula(&mut self, sym: Symbol, kind: SlotKind, span: Span, docs: Docs, e: &TExpr) {
        let uses = uses(e, self.slots);
        self.describe(sym, kind, span, docs, uses);
        let text = formula_text(self.c, e.span);
        if let Some(a) = self.about(sym) {
            a.formula = Some((e.span, text));
        }
    }

    /// Adds the slots `e` reads to those slot `sym` uses.
    fn also_uses(&mut self, sym: Symbol, e: &TExpr) {
        let more = uses(e, self.slots);
        if let Some(a) = self.about(sym) {
            for u in more {
                if !a.uses.contains(&u) {
                    a.uses.push(u);
                }
            }
        }
    }

    fn value(&mut self, i: usize) {
        let v = &self.c.values[i];
        let slot = self.slots.slot(Symbol::Value(i));
        self.describe_formula(
            Symbol::Value(i),
            SlotKind::Value,
            v.span,
            v.docs.clone(),
            &v.expr,
        );
        if let Some(a) = self.about(Symbol::Value(i)) {
            a.rounding = v.rounding;
            a.percent = v.percent;
        }
        let comp = &mut self.comp;
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
            if (!v.whole || stored.fract().is_zero()) && keeps_places(stored, v.rounding) {
                self.steps.push(Step::Fixed {
                    slot,
                    exact,
                    stored,
                });
                return;
            }
        }
        self.steps.push(Step::Value {
            slot,
            node,
            rounding: v.rounding,
            whole: v.whole,
            numeric: v.ty.is_numeric(),
        });
    }

    fn scorecard(&mut self, i: usize) {
        let s = &self.c.scorecards[i];
        let mut metrics = Vec::with_capacity(s.metrics.len());
        let mut arith = Arith::Exact;
        let mut metric_slots = Vec::with_capacity(s.metrics.len());
        for (m, metric) in s.metrics.iter().enumerate() {
            let sym = Symbol::Metric(i, m);
            let docs = Docs {
                doc: metric.doc.clone(),
                reference: None,
            };
            self.describe_formula(sym, SlotKind::Metric, metric.span, docs, &metric.score);
            for e in [&metric.floor, &metric.cap, &metric.gate]
                .into_iter()
                .flatten()
            {
                self.also_uses(sym, e);
            }
            metric_slots.push(self.slots.slot(sym));
            let comp = &mut self.comp;
            let plan = MetricPlan {
                slot: self.slots.slot(sym),
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
        let total = self.slots.slot(Symbol::Score(i));
        let (kind, docs) = (SlotKind::Score, s.docs.clone());
        self.describe(Symbol::Score(i), kind, s.span, docs, metric_slots);
        let grade = (!s.ratings.is_empty()).then(|| self.slots.slot(Symbol::Grade(i)));
        let docs = Docs::default();
        self.describe(Symbol::Grade(i), SlotKind::Grade, s.span, docs, vec![total]);
        self.cards[i] = Some(CardPlan {
            arith,
            total,
            grade,
            metrics,
            ratings: s
                .ratings
                .iter()
                .map(|(min, g)| (*min, Value::Text(g.clone())))
                .collect(),
            span: s.span,
        });
        self.steps.push(Step::Scorecard(i));
    }

    fn tier(&mut self, i: usize) {
        let t = &self.c.tiers[i];
        let slot = self.slots.slot(Symbol::Tier(i));
        let (kind, docs) = (SlotKind::Tier, t.docs.clone());
        self.describe_formula(Symbol::Tier(i), kind, t.span, docs, &t.on);
        if let Some(cap) = &t.cap {
            self.also_uses(Symbol::Tier(i), cap);
        }
        if let Some(a) = self.about(Symbol::Tier(i)) {
            a.rounding = t.rounding;
        }
        for (sym, kind) in [
            (Symbol::TierRate(i), SlotKind::TierRate),
            (Symbol::TierAmount(i), SlotKind::TierAmount),
        ] {
            self.describe(sym, kind, t.span, Docs::default(), vec![slot]);
        }
        let comp = &mut self.comp;
        let on = comp.expr(&t.on);
        let cap = t.cap.as_ref().map(|e| comp.expr(e));
        let arith = Arith::of(comp.is_rounded(on));
        let capped = cap.is_some_and(|n| comp.is_rounded(n));
        if (arith == Arith::Rounded || capped) && t.rounding.is_none() {
            comp.rounded.insert(Symbol::Tier(i));
        }
        self.steps.push(Step::Tier {
            arith,
            tier: i,
            slot,
            on,
            cap,
            rounding: t.rounding,
        });
    }

    fn curve(&mut self, i: usize) {
        let cv = &self.c.curves[i];
        let slot = self.slots.slot(Symbol::Curve(i));
        let (kind, docs) = (SlotKind::Curve, cv.docs.clone());
        self.describe_formula(Symbol::Curve(i), kind, cv.span, docs, &cv.on);
        if let Some(a) = self.about(Symbol::Curve(i)) {
            a.rounding = cv.rounding;
        }
        let on = self.comp.expr(&cv.on);
        if cv.rounding.is_none() {
            self.comp.rounded.insert(Symbol::Curve(i));
        }
        self.steps.push(Step::Curve {
            slot,
            on,
            points: cv.points.clone().into(),
            rounding: cv.rounding,
        });
    }

    /// Describes the inputs, params and the period, which no step computes.
    fn describe_given(&mut self, chosen: &HashMap<usize, (Option<Date>, Span, Option<String>)>) {
        for (i, input) in self.c.inputs.iter().enumerate() {
            let docs = Docs {
                doc: input.doc.clone(),
                reference: None,
            };
            let sym = Symbol::Input(i);
            let kind = match (input.measure, &input.lookback, input.population) {
                (Some(_), _, _) => SlotKind::Measure,
                (None, Some(_), _) => SlotKind::Past,
                (None, None, Some(_)) => SlotKind::Population,
                (None, None, None) => SlotKind::Input,
            };
            self.describe(sym, kind, input.span, docs, Vec::new());
            if let Some(a) = self.about(sym) {
                a.percent = input.ty == ValueType::Percent;
            }
        }
        for (i, p) in self.c.params.iter().enumerate() {
            let Some((from, span, reference)) = chosen.get(&i) else {
                continue;
            };
            let docs = Docs {
                doc: p.docs.doc.clone(),
                reference: reference.clone(),
            };
            let expr = p.versions.iter().find(|v| v.1.span == *span).map(|v| &v.1);
            match expr {
                Some(e) => {
                    self.describe_formula(Symbol::Param(i), SlotKind::Param, p.span, docs, e)
                }
                None => self.describe(Symbol::Param(i), SlotKind::Param, p.span, docs, Vec::new()),
            }
            if let Some(a) = self.about(Symbol::Param(i)) {
                a.from = *from;
                a.percent = p.percent;
            }
        }
        for sym in [Symbol::PeriodStart, Symbol::PeriodEnd, Symbol::PeriodDays] {
            if let Some(a) = self.about(sym) {
                a.kind = SlotKind::Period;
            }
        }
    }
}

/// The slots formula `e` reads, each once, in the order first read.
fn uses(e: &TExpr, slots: &Slots) -> Vec<u32> {
    let mut out = Vec::new();
    let mut stack = vec![e];
    while let Some(e) = stack.pop() {
        match &e.kind {
            TKind::Const(_) => {}
            TKind::Sym(sym) => {
                if let Some(&s) = slots.map.get(sym) {
                    if !out.contains(&s) {
                        out.push(s);
                    }
                }
            }
            TKind::Neg(x) | TKind::Not(x) | TKind::TierOn(_, x) => stack.push(x),
            TKind::Binary(_, a, b) => {
                stack.push(b);
                stack.push(a);
            }
            TKind::If(branches, otherwise) => {
                stack.push(otherwise);
                for (c, r) in branches.iter().rev() {
                    stack.push(r);
                    stack.push(c);
                }
            }
            TKind::Call(_, args) => stack.extend(args.iter().rev()),
        }
    }
    out
}

/// A formula's text as written in the rule file, on one line.
fn formula_text(c: &Checked, span: Span) -> Arc<str> {
    let text = c
        .sources
        .get(span.file)
        .and_then(|f| f.text().get(span.start as usize..span.end as usize))
        .unwrap_or("");
    Arc::from(text.split_whitespace().collect::<Vec<_>>().join(" "))
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
        let params = params(c, period, &mut consts)?;
        let slots = Slots::lay_out(c, &consts);
        let program = Program {
            tiers: c
                .tiers
                .iter()
                .map(|t| TierTable::new(t.mode, t.brackets.clone()))
                .collect(),
            ..Program::default()
        };
        let mut b = Builder {
            c,
            slots: &slots,
            comp: Compiler::new(program, &consts, &slots.map, params.rounded),
            steps: Vec::with_capacity(c.order.len()),
            cards: vec![None; c.scorecards.len()],
            about: vec![About::default(); slots.names.len()],
        };
        b.describe_given(&params.chosen);
        for (i, p) in c.populations.iter().enumerate() {
            if p.func.divides() {
                b.comp.rounded.insert(Symbol::Pop(i));
            }
        }
        let mut pass_ends = Vec::with_capacity(c.pass_ends.len());
        let mut pass_slots = Vec::with_capacity(c.pass_ends.len());
        let mut filled_to = c.inputs.len();
        for (k, unit) in c.order.iter().enumerate() {
            b.unit(*unit);
            for sym in filled(c, *unit) {
                let s = slots.slot(sym) as usize;
                if s < slots.per_employee {
                    filled_to = filled_to.max(s + 1);
                }
            }
            if c.pass_ends.contains(&(k + 1)) {
                pass_ends.push(b.steps.len());
                pass_slots.push(filled_to);
            }
        }
        let populations = population::plans(c, &slots);
        // A figure's explanation lists what it is computed from: its arguments and group.
        for p in &populations {
            let uses = (p.args.iter())
                .filter_map(|a| match a {
                    super::population::Arg::Slot(s) => Some(*s),
                    super::population::Arg::Const(_) => None,
                })
                .chain(p.by)
                .collect();
            if let Some(a) = b.about.get_mut(p.input) {
                a.uses = uses;
            }
        }
        let Builder {
            comp,
            steps,
            cards,
            about,
            ..
        } = b;
        let Compiler { program, spans, .. } = comp;
        Ok(Plan {
            period,
            program,
            spans,
            steps,
            cards: cards.into_iter().flatten().collect(),
            inputs: input_rules(c),
            layout: Arc::new(layout(c, slots, about)),
            sources: c.sources.clone(),
            params: params.values,
            populations,
            pass_ends,
            pass_slots,
        })
    }
}

/// The checks applied to each input before evaluation.
fn input_rules(c: &Checked) -> Vec<InputRule> {
    c.inputs
        .iter()
        .map(|i| InputRule {
            default: i.default.clone(),
            min: i.min,
            max: i.max,
            whole: i.ty == ValueType::Integer,
            percent: i.ty == ValueType::Percent,
            span: i.span,
        })
        .collect()
}

/// The names of the slots, the shown columns and what each slot is.
fn layout(c: &Checked, slots: Slots, about: Vec<About>) -> Layout {
    let outputs: Vec<(Arc<str>, u32)> = c
        .outputs
        .iter()
        .map(|(n, sym)| (n.clone(), slots.slot(*sym)))
        .collect();
    let percent = c
        .outputs
        .iter()
        .map(|(_, sym)| match sym {
            Symbol::Input(i) => c.inputs[*i].ty == ValueType::Percent,
            Symbol::Param(i) => c.params[*i].percent,
            Symbol::Value(i) => c.values[*i].percent,
            _ => false,
        })
        .collect();
    let index = slots
        .names
        .iter()
        .enumerate()
        .map(|(i, n)| (n.clone(), i as u32))
        .collect();
    Layout {
        names: slots.names,
        index,
        outputs,
        per_employee: slots.per_employee,
        constants: slots.constants,
        percent,
        about,
    }
}
