//! The rule-file model: what a policy declares, after TOML is read and includes are joined.
//!
//! Every entry keeps the [`Span`] of its name (and of its parts) so that the checker and the
//! evaluator can point back into the `.toml` file. Formulas are already parsed into [`Expr`].

use crate::date::Date;
use crate::error::Span;
use crate::syntax::Expr;
use rust_decimal::Decimal;

pub use crate::vocab::{Docs, Rounding, RoundingMode, TierMode, ValueType};

/// A rule file and everything it includes, joined.
#[derive(Clone, Debug, Default)]
pub struct PolicyDef {
    /// The `[policy]` table of the root file.
    pub meta: Meta,
    /// `[inputs]`, in declaration order (root file first, then includes in order).
    pub inputs: Vec<InputDef>,
    /// `[params]`.
    pub params: Vec<ParamDef>,
    /// `[values]`.
    pub values: Vec<ValueDef>,
    /// `[scorecards.NAME]`.
    pub scorecards: Vec<ScorecardDef>,
    /// `[tiers.NAME]`.
    pub tiers: Vec<TierDef>,
    /// `[curves.NAME]`.
    pub curves: Vec<CurveDef>,
    /// `[tables.NAME]`: decision tables.
    pub decisions: Vec<super::DecisionDef>,
    /// `[outputs] show = [...]` of the root file; `None` means every value, scorecard and tier.
    pub outputs: Option<Vec<Named>>,
    /// `[[tests]]` of the root file and its includes.
    pub tests: Vec<TestDef>,
    /// `[attendance]` of the root file, checked.
    pub attendance: Option<super::AttendanceDef>,
    /// `[payslip]` of the root file or, when it has none, of the first included file that
    /// has one.
    pub payslip: Option<super::PayslipDef>,
    /// `[analysis]` of the root file or, when it has none, of the first included file that
    /// has one: what `hrrules analyze` looks at.
    pub analysis: Option<super::AnalysisDef>,
}

/// A name with the place it is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Named {
    /// The name.
    pub name: String,
    /// Where it is written (the key, or the string in a list).
    pub span: Span,
}

/// The `[policy]` table.
#[derive(Clone, Debug, Default)]
pub struct Meta {
    /// `name` (required).
    pub name: String,
    /// `department`.
    pub department: Option<String>,
    /// `version`.
    pub version: Option<String>,
    /// `effective`: the first day this policy applies.
    pub effective: Option<Date>,
    /// `currency`, default `CNY`.
    pub currency: String,
    /// `rounding`, default 2 places `half_up`: how every money value is stored.
    pub rounding: Rounding,
    /// `doc`: what the policy is, in words.
    pub doc: Option<String>,
    /// Where the `[policy]` table is (its header), for messages about the policy as a whole.
    pub span: Span,
}

/// A constant written in a table (not a formula): a default, a bound, a test input.
#[derive(Clone, Debug, PartialEq)]
pub enum Literal {
    /// A number (`7.5`, `"7.5"`, `60000`).
    Number(Decimal),
    /// A percentage (`"85%"`), stored as a fraction (0.85).
    Percent(Decimal),
    /// `true` / `false`.
    Bool(bool),
    /// A TOML date.
    Date(Date),
    /// Any other string.
    Text(String),
}

/// One `[inputs]` entry: a per-employee fact read from the data.
#[derive(Clone, Debug)]
pub struct InputDef {
    /// The input's name and where it is declared.
    pub name: Named,
    /// Its type.
    pub ty: ValueType,
    /// Where the type is written.
    pub ty_span: Span,
    /// `doc`.
    pub doc: Option<String>,
    /// `min`: smaller values are an error for that employee.
    pub min: Option<(Decimal, Span)>,
    /// `max`: larger values are an error for that employee.
    pub max: Option<(Decimal, Span)>,
    /// `default`: used when the data has no value.
    pub default: Option<(Literal, Span)>,
    /// `columns`: the other names the input's data column may have (`["销售额", "Sales
    /// amount"]`), in the order written, each trimmed; read when the data has no column
    /// named like the input.
    pub columns: Vec<Named>,
}

/// One `[params]` entry: a constant or an effective-dated list.
#[derive(Clone, Debug)]
pub struct ParamDef {
    /// The param's name and where it is declared.
    pub name: Named,
    /// `type`, when the author gives one (`{ value = "60000", type = "money" }`).
    pub ty: Option<(ValueType, Span)>,
    /// The value or values.
    pub value: ParamValue,
    /// `doc` and `reference`.
    pub docs: Docs,
}

/// A param's definition.
#[derive(Clone, Debug)]
pub enum ParamValue {
    /// `name = "EXPR"` or `{ value = "EXPR" }`.
    Constant(Expr),
    /// `name = [{ from = DATE, value = "EXPR" }, ...]`, in the order written.
    Dated(Vec<DatedValue>),
}

/// One entry of an effective-dated param.
#[derive(Clone, Debug)]
pub struct DatedValue {
    /// The first day it applies.
    pub from: Date,
    /// Where `from` is written.
    pub from_span: Span,
    /// The value from that day on.
    pub value: Expr,
    /// `reference` of this entry (the circular that set this rate).
    pub reference: Option<String>,
}

/// One `[values]` entry: a named formula.
#[derive(Clone, Debug)]
pub struct ValueDef {
    /// The value's name and where it is declared.
    pub name: Named,
    /// The formula.
    pub expr: Expr,
    /// `type`, when given; otherwise inferred from the formula.
    pub ty: Option<(ValueType, Span)>,
    /// `rounding`, when given; otherwise money values use the policy's rounding.
    pub rounding: Option<(Rounding, Span)>,
    /// `exclude_failed = true`: the population figures in the formula leave out employees
    /// whose figures failed (and say so), instead of failing for their whole group.
    pub exclude_failed: bool,
    /// `doc` and `reference`.
    pub docs: Docs,
}

/// `[scorecards.NAME]`.
#[derive(Clone, Debug)]
pub struct ScorecardDef {
    /// The scorecard's name and where it is declared.
    pub name: Named,
    /// `[scorecards.NAME.metrics]`, in the order written.
    pub metrics: Vec<MetricDef>,
    /// `ratings`, in the order written (must be descending `min`).
    pub ratings: Vec<RatingDef>,
    /// `doc` and `reference`.
    pub docs: Docs,
}

/// One metric of a scorecard.
#[derive(Clone, Debug)]
pub struct MetricDef {
    /// The metric's name and where it is declared.
    pub name: Named,
    /// `weight`, as a fraction (`"60%"` is 0.6), and where it is written.
    pub weight: (Decimal, Span),
    /// `score`: the metric's raw score.
    pub score: Expr,
    /// `cap`: the most the score can be.
    pub cap: Option<Expr>,
    /// `floor`: the least the score can be.
    pub floor: Option<Expr>,
    /// `gate`: when false, the metric scores 0.
    pub gate: Option<Expr>,
    /// `doc`.
    pub doc: Option<String>,
}

/// One rating band: `{ min = 90, grade = "A" }`.
#[derive(Clone, Debug)]
pub struct RatingDef {
    /// The least score for this grade.
    pub min: Decimal,
    /// The grade's label.
    pub grade: String,
    /// Where the band is written.
    pub span: Span,
}

/// `[tiers.NAME]`.
#[derive(Clone, Debug)]
pub struct TierDef {
    /// The tier's name and where it is declared.
    pub name: Named,
    /// `on`: the base.
    pub on: Expr,
    /// `mode`, `marginal` when not given.
    pub mode: TierMode,
    /// `brackets`, in the order written (must be strictly ascending).
    pub brackets: Vec<BracketDef>,
    /// `cap`: the most the tier pays.
    pub cap: Option<Expr>,
    /// `type`: the amount's type for a tier of amounts on a number base.
    pub ty: Option<(ValueType, Span)>,
    /// `rounding` of the amount, when given.
    pub rounding: Option<(Rounding, Span)>,
    /// `doc` and `reference`.
    pub docs: Docs,
}

/// One bracket of a tier.
#[derive(Clone, Debug)]
pub struct BracketDef {
    /// Where the bracket starts.
    pub start: Decimal,
    /// `true` for `from` (the base is at least `start`), `false` for `above` (more than).
    pub inclusive: bool,
    /// `rate`, as a fraction.
    pub rate: Option<Decimal>,
    /// `amount`.
    pub amount: Option<Decimal>,
    /// Where the bracket is written.
    pub span: Span,
}

/// `[curves.NAME]`.
#[derive(Clone, Debug)]
pub struct CurveDef {
    /// The curve's name and where it is declared.
    pub name: Named,
    /// `on`: the input expression.
    pub on: Expr,
    /// `points`: (x, y) pairs in the order written (must be strictly ascending in x).
    pub points: Vec<CurvePoint>,
    /// `type` of y, when it is money.
    pub ty: Option<(ValueType, Span)>,
    /// `doc` and `reference`.
    pub docs: Docs,
}

/// One point of a curve.
#[derive(Clone, Debug)]
pub struct CurvePoint {
    /// x, exact (`"80%"` is 0.8).
    pub x: Decimal,
    /// y, exact.
    pub y: Decimal,
    /// Where the point is written.
    pub span: Span,
}

/// One `[[tests]]` entry.
#[derive(Clone, Debug)]
pub struct TestDef {
    /// `name`.
    pub name: String,
    /// `period` as written (`"2023-09"`), parsed when the test runs.
    pub period: Option<(String, Span)>,
    /// `inputs`: each as the text a data file would hold (`"85%"`, `"200000"`, `"true"`).
    pub inputs: Vec<(Named, String)>,
    /// `expect`: each expected value as text, compared after rounding.
    pub expect: Vec<(Named, String)>,
    /// `expect_error`: text the error of a case that must fail contains
    /// (`"division by zero"`), and where it is written. A test has `expect` or this.
    pub expect_error: Option<(String, Span)>,
    /// `months`: monthly cases run in order for one employee, each month's figures the
    /// history of the next ones. Empty for a test of one month; a test with months has no
    /// top-level `period`, `expect` or `expect_error`.
    pub months: Vec<MonthCase>,
    /// `[[tests.team]]`: the members of a team evaluated together, so that population
    /// figures (`allocate(team_pool, kpi) by team`) are computed over them. Empty for a test
    /// of one employee; a team test has no top-level `inputs`, `expect`, `expect_error` or
    /// `months`.
    pub team: Vec<TeamMember>,
    /// Where the test is written.
    pub span: Span,
}

/// One `[[tests.team]]` entry: `employee = "E002"`, `inputs = { ... }`, and `expect` or
/// `expect_error` (or neither, for a member only there to be counted).
#[derive(Clone, Debug)]
pub struct TeamMember {
    /// `employee`: the member's key, and where it is written.
    pub employee: (String, Span),
    /// `inputs`: the member's inputs as the text a data file would hold.
    pub inputs: Vec<(Named, String)>,
    /// `expect`: the member's expected values as text.
    pub expect: Vec<(Named, String)>,
    /// `expect_error`: text the member's error must contain, and where it is written.
    pub expect_error: Option<(String, Span)>,
    /// Where the member is written.
    pub span: Span,
}

/// One entry of a test's `months`: `{ period = "2023-02", inputs = { ... }, expect = { ... } }`.
#[derive(Clone, Debug)]
pub struct MonthCase {
    /// `period` as written (`"2023-02"`), parsed when the test is checked.
    pub period: (String, Span),
    /// `inputs`: this month's, over the test's own `inputs`.
    pub inputs: Vec<(Named, String)>,
    /// `expect`: the month's expected values as text.
    pub expect: Vec<(Named, String)>,
    /// Where the month is written.
    pub span: Span,
}
