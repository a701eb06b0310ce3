//! What the checker hands to the planner: every name resolved to a [`Symbol`], every
//! expression typed, and the order in which named things must be computed.

use crate::date::Date;
use crate::error::{Sources, Span};
use crate::policy::{Docs, Meta, TestDef};
use crate::value::Value;
use crate::vocab::{Rounding, TierMode};
use rust_decimal::Decimal;
use std::sync::Arc;

use super::types::Ty;

/// Something a formula can name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Symbol {
    /// `[inputs]` entry, by index.
    Input(usize),
    /// `[params]` entry.
    Param(usize),
    /// `[values]` entry.
    Value(usize),
    /// A scorecard's total: `kpi`.
    Score(usize),
    /// One metric's score: `kpi.sales` (scorecard, metric).
    Metric(usize, usize),
    /// A scorecard's rating: `kpi.grade`.
    Grade(usize),
    /// A tier's amount: `commission`.
    Tier(usize),
    /// The rate of the bracket reached: `commission.rate`.
    TierRate(usize),
    /// The amount of the bracket reached: `commission.amount`.
    TierAmount(usize),
    /// A curve's value.
    Curve(usize),
    /// One output of a decision table: `approval_route.approvers` (table, output).
    TableOut(usize, usize),
    /// A population figure (`rank(kpi)`, `allocate(pool, kpi) by team`), by index into
    /// [`Checked::populations`]: a hidden input filled from a pass over every employee.
    Pop(usize),
    /// Argument `k` of population figure `i`, when it is a formula (not a bare name or a
    /// constant): computed for each employee before the figure's pass.
    PopArg(usize, usize),
    /// `period.start`.
    PeriodStart,
    /// `period.end`.
    PeriodEnd,
    /// `period.days`.
    PeriodDays,
}

/// Built-in functions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Func {
    /// `min(a, b, ...)`
    Min,
    /// `max(a, b, ...)`
    Max,
    /// `clamp(x, lo, hi)`
    Clamp,
    /// `abs(x)`
    Abs,
    /// `round(x, places)` / `round(x, places, "mode")`: places and mode are constants.
    Round(Rounding),
    /// `floor(x)`
    Floor,
    /// `ceil(x)`
    Ceil,
    /// `div(a, b, default)`
    Div,
    /// `days_between(a, b)`
    DaysBetween,
    /// `year(d)`
    Year,
    /// `month(d)`
    Month,
}

/// A typed expression with resolved names.
#[derive(Clone, Debug)]
pub struct TExpr {
    /// What it computes.
    pub kind: TKind,
    /// Its type.
    pub ty: Ty,
    /// Where it is written.
    pub span: Span,
}

/// The forms of a typed expression.
#[derive(Clone, Debug)]
pub enum TKind {
    /// A constant.
    Const(Value),
    /// A named thing.
    Sym(Symbol),
    /// `-x`
    Neg(Box<TExpr>),
    /// `not x`
    Not(Box<TExpr>),
    /// Arithmetic or comparison.
    Binary(crate::syntax::BinaryOp, Box<TExpr>, Box<TExpr>),
    /// `if`/`elif`/`else`.
    If(Vec<(TExpr, TExpr)>, Box<TExpr>),
    /// A built-in function call (the `Round` arguments other than `x` are folded in).
    Call(Func, Vec<TExpr>),
    /// `tier(NAME, base)`.
    TierOn(usize, Box<TExpr>),
}

/// A checked input.
#[derive(Clone, Debug)]
pub struct Input {
    /// Name.
    pub name: Arc<str>,
    /// Declared type.
    pub ty: crate::vocab::ValueType,
    /// Where it is declared.
    pub span: Span,
    /// `doc`.
    pub doc: Option<String>,
    /// Least allowed value, with where it is written.
    pub min: Option<(Decimal, Span)>,
    /// Greatest allowed value.
    pub max: Option<(Decimal, Span)>,
    /// Value used when the data has none.
    pub default: Option<Value>,
    /// What it measures, for an `attendance.*` measure (filled from records, not declared in
    /// `[inputs]`).
    pub measure: Option<crate::policy::MeasureOf>,
    /// What it reads from earlier months, for the hidden input of `ytd`, `ytd_before`,
    /// `prev` or `ytd_months` (filled from history, not declared in `[inputs]`).
    pub lookback: Option<crate::vocab::Lookback>,
    /// Which population figure it is, for the hidden input of `sum(x) by team`, `rank(x)`,
    /// ... (filled by the batch driver from a pass over every employee).
    pub population: Option<usize>,
}

/// A population figure: one distinct call of `sum`, `count`, `avg`, `min_of`, `max_of`,
/// `median`, `rank`, `percentile`, `allocate` or `distribute`, with its group.
#[derive(Clone, Debug)]
pub struct Population {
    /// The function.
    pub func: crate::vocab::PopFunc,
    /// `x`; `pool, weight` for `allocate`; none for `count`.
    pub args: Vec<TExpr>,
    /// `distribute`'s grades, best first, with their shares (summing to 1).
    pub grades: Vec<(Arc<str>, Decimal)>,
    /// `by GROUP`: the group's symbol (a text input or value) and where it is written.
    pub by: Option<(Symbol, Span)>,
    /// `exclude_failed = true` on the value whose formula has the call.
    pub exclude_failed: bool,
    /// The result's type.
    pub ty: crate::vocab::ValueType,
    /// The call as written (normalized): the name of its hidden input.
    pub text: Arc<str>,
    /// Where the call is first written.
    pub span: Span,
    /// Its hidden input's position among the inputs.
    pub input: usize,
    /// The pass that computes it (1 for a figure over per-employee figures, 2 for one over
    /// figures that use pass-1 figures, ...).
    pub pass: usize,
}

/// A checked param: one constant, or several dated ones.
#[derive(Clone, Debug)]
pub struct Param {
    /// Name.
    pub name: Arc<str>,
    /// Where it is declared.
    pub span: Span,
    /// Its type.
    pub ty: Ty,
    /// Whether it is shown as a percentage (`type = "percent"`).
    pub percent: bool,
    /// `(from, formula, reference)`, latest first; a constant has one entry with no date.
    pub versions: Vec<(Option<Date>, TExpr, Option<String>)>,
    /// `doc` and `reference`.
    pub docs: Docs,
}

/// A checked named value.
#[derive(Clone, Debug)]
pub struct NamedValue {
    /// Where it is declared.
    pub span: Span,
    /// The formula.
    pub expr: TExpr,
    /// The value's type (declared or inferred).
    pub ty: Ty,
    /// How it is rounded when stored, if at all.
    pub rounding: Option<Rounding>,
    /// Whether it must be a whole number (`type = "integer"`).
    pub whole: bool,
    /// Whether it is shown as a percentage (`type = "percent"`).
    pub percent: bool,
    /// `doc` and `reference`.
    pub docs: Docs,
}

/// A checked scorecard.
#[derive(Clone, Debug)]
pub struct Scorecard {
    /// Where it is declared.
    pub span: Span,
    /// The metrics, in the order written.
    pub metrics: Vec<Metric>,
    /// Rating bands, highest `min` first.
    pub ratings: Vec<(Decimal, Arc<str>)>,
    /// `doc` and `reference`.
    pub docs: Docs,
}

/// A checked metric.
#[derive(Clone, Debug)]
pub struct Metric {
    /// Where it is declared.
    pub span: Span,
    /// Weight, as a fraction.
    pub weight: Decimal,
    /// Raw score.
    pub score: TExpr,
    /// Floor, cap, gate.
    pub floor: Option<TExpr>,
    /// Most the score can be.
    pub cap: Option<TExpr>,
    /// When false, the metric scores 0.
    pub gate: Option<TExpr>,
    /// `doc`.
    pub doc: Option<String>,
}

/// A checked tier.
#[derive(Clone, Debug)]
pub struct Tier {
    /// Where it is declared.
    pub span: Span,
    /// The base.
    pub on: TExpr,
    /// Marginal or flat.
    pub mode: TierMode,
    /// Brackets, strictly ascending.
    pub brackets: Vec<Bracket>,
    /// The most the tier pays.
    pub cap: Option<TExpr>,
    /// Rounding of the amount when stored.
    pub rounding: Option<Rounding>,
    /// `doc` and `reference`.
    pub docs: Docs,
}

/// One bracket of a checked tier.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Bracket {
    /// Where it starts.
    pub start: Decimal,
    /// `from` (true) or `above` (false).
    pub inclusive: bool,
    /// Rate, 0 when none.
    pub rate: Decimal,
    /// Amount, 0 when none.
    pub amount: Decimal,
}

/// A checked curve.
#[derive(Clone, Debug)]
pub struct Curve {
    /// Where it is declared.
    pub span: Span,
    /// The input.
    pub on: TExpr,
    /// Points, strictly ascending in x.
    pub points: Vec<(Decimal, Decimal)>,
    /// Rounding of y when stored (money curves).
    pub rounding: Option<Rounding>,
    /// `doc` and `reference`.
    pub docs: Docs,
}

/// What a checked decision-table row asks of one input.
#[derive(Clone, Debug, PartialEq)]
pub enum Cond {
    /// Every value.
    Any,
    /// A numeric range; `None` is open.
    Range(Option<crate::policy::Bound>, Option<crate::policy::Bound>),
    /// One of these values.
    Set(Vec<Value>),
}

impl Cond {
    /// Whether `v` meets the condition.
    pub fn matches(&self, v: &Value) -> bool {
        match self {
            Cond::Any => true,
            Cond::Set(set) => set.contains(v),
            Cond::Range(lo, hi) => {
                let Some(x) = v.as_decimal() else {
                    return false;
                };
                let above = lo.is_none_or(|b| x > b.at || (b.inclusive && x == b.at));
                let below = hi.is_none_or(|b| x < b.at || (b.inclusive && x == b.at));
                above && below
            }
        }
    }
}

/// One checked row of a decision table.
#[derive(Clone, Debug)]
pub struct Row {
    /// One condition per table input, in the order of `inputs`.
    pub when: Vec<Cond>,
    /// One value per output, in the order of `outputs`.
    pub then: Vec<Value>,
    /// Where the row is written.
    pub span: Span,
}

/// A checked decision table.
#[derive(Clone, Debug)]
pub struct Decision {
    /// Its name.
    pub name: Arc<str>,
    /// Where it is declared.
    pub span: Span,
    /// The inputs the rows test.
    pub inputs: Vec<(Arc<str>, TExpr)>,
    /// The outputs' names.
    pub outputs: Vec<Arc<str>>,
    /// The rows, in the order written.
    pub rows: Vec<Row>,
    /// What no row matching gives, if anything.
    pub default: Option<Vec<Value>>,
    /// `hit = "collect"`: every matching row's outputs combined, not the first row's.
    pub collect: bool,
    /// `doc` and `reference`.
    pub docs: Docs,
}

/// One thing to compute, in dependency order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// A named value.
    Value(usize),
    /// A scorecard (its total, metrics and grade).
    Scorecard(usize),
    /// A tier (its amount, rate and bracket amount).
    Tier(usize),
    /// A curve.
    Curve(usize),
    /// A decision table (all its outputs).
    Decision(usize),
    /// The arguments of population figure `i`, computed for each employee before the pass
    /// that computes the figure over everyone.
    Gather(usize),
}

/// A policy that passed every check.
#[derive(Clone, Debug)]
pub struct Checked {
    /// `[policy]`.
    pub meta: Meta,
    /// Inputs in declaration order.
    pub inputs: Vec<Input>,
    /// Params by index.
    pub params: Vec<Param>,
    /// Param indices in dependency order (a param only names params before it).
    pub param_order: Vec<usize>,
    /// Values by index.
    pub values: Vec<NamedValue>,
    /// Scorecards by index.
    pub scorecards: Vec<Scorecard>,
    /// Tiers by index.
    pub tiers: Vec<Tier>,
    /// Curves by index.
    pub curves: Vec<Curve>,
    /// Decision tables by index.
    pub decisions: Vec<Decision>,
    /// What to compute per employee, in order: pass by pass (see [`Checked::pass_ends`]).
    pub order: Vec<Unit>,
    /// Where each pass ends in `order`: `order[..pass_ends[0]]` is computed from the
    /// employee's own data, and gathers the arguments of the figures pass 1 computes over
    /// everyone; `order[pass_ends[0]..pass_ends[1]]` uses those; ... One entry for a policy
    /// without population figures.
    pub pass_ends: Vec<usize>,
    /// The population figures, by index (`Symbol::Pop`).
    pub populations: Vec<Population>,
    /// The columns shown, in order.
    pub outputs: Vec<(Arc<str>, Symbol)>,
    /// Every name the policy defines, in declaration order (inputs first), with its symbol.
    pub names: Vec<(Arc<str>, Symbol)>,
    /// The type of every name, as the checker found it (for editors' hover).
    pub types: std::collections::HashMap<Symbol, crate::check::Ty>,
    /// `[[tests]]`, as written.
    pub tests: Vec<TestDef>,
    /// `[payslip]`, its names checked.
    pub payslip: Option<crate::policy::PayslipDef>,
    /// `[analysis]`, its names and conditions checked.
    pub analysis: Option<crate::policy::AnalysisDef>,
    /// The files the policy came from.
    pub sources: Arc<Sources>,
}
