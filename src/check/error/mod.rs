//! Errors found by the checker: every one is reported, each located in the rule file.
//!
//! This module knows no other part of the checker but its types: the typer and the kinds
//! build these values, and [`CheckError::diagnostic`] puts them in words. The typed parts
//! of the variants (places, hints, argument problems) are in `parts.rs`.

use crate::error::{Diagnostic, Span};
use crate::syntax::{BinaryOp, UnaryOp};
use crate::vocab::ValueType;
use rust_decimal::Decimal;

use super::types::Ty;

mod decision;
mod parts;
mod population;
pub use decision::{Example, TableProblem};
pub(crate) use parts::{article, from_or_above, percent};
pub use parts::{ArgumentProblem, Definition, MoneyHint, NameHint, Place};
pub use population::PopulationProblem;

/// A mistake in a policy found before any employee is evaluated.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CheckError {
    /// A formula names something not defined: `sales_amout * 2%`.
    #[error("unknown name `{name}`")]
    UnknownName {
        /// The name as written.
        name: String,
        /// Where.
        span: Span,
        /// The nearest defined name.
        suggestion: Option<String>,
        /// Why the name is not there, when more can be said than "no such name".
        hint: Option<NameHint>,
    },
    /// A call to a function that does not exist: `maximum(a, b)`.
    #[error("unknown function `{name}`")]
    UnknownFunction {
        /// The name as written.
        name: String,
        /// Where.
        span: Span,
        /// The nearest built-in function.
        suggestion: Option<&'static str>,
        /// Every built-in function, listed when none is near.
        functions: Vec<&'static str>,
    },
    /// A function called with the wrong number of arguments: `clamp(x, 0)`.
    #[error("`{func}` takes {expected}, found {found}")]
    ArgumentCount {
        /// The function.
        func: &'static str,
        /// What it takes, in words.
        expected: &'static str,
        /// How many were given.
        found: usize,
        /// Where.
        span: Span,
    },
    /// Names that depend on each other in a circle: `a = "b + 1"`, `b = "a * 2"`.
    #[error("dependency cycle: {}", cycle.iter().map(|(n, _)| n.as_str()).chain(cycle.first().map(|(n, _)| n.as_str())).collect::<Vec<_>>().join(" -> "))]
    Cycle {
        /// Each name in the cycle with where it is defined, in order.
        cycle: Vec<(String, Span)>,
        /// The population figure the cycle passes through, if any (`allocate(pool, kpi)`
        /// in `share`, when `pool = sum(share)`): a pool cannot depend on the shares it pays.
        through: Option<String>,
    },
    /// Operands that do not fit their operator: `base_salary + satisfaction` (money +
    /// number), `base_salary * base_salary`, `hire_date + 1`.
    #[error("{}", Ty::clash(*op, *left, *right))]
    Operands {
        /// The operator.
        op: BinaryOp,
        /// The left operand's type.
        left: Ty,
        /// The right operand's type.
        right: Ty,
        /// The tier of amounts on a number base, without a `type`, that gives the number
        /// where money was meant: `base_salary + step_bonus`.
        untyped_tier: Option<String>,
        /// The whole operation.
        span: Span,
    },
    /// A unary operator on the wrong type: `-hire_date`, `not sales_amount`.
    #[error("{}", match op { UnaryOp::Neg => format!("cannot negate {found}"), UnaryOp::Not => format!("`not` needs a condition, found {found}") })]
    Unary {
        /// The operator.
        op: UnaryOp,
        /// The operand's type.
        found: Ty,
        /// Where.
        span: Span,
    },
    /// A place that needs a condition given something else: `if sales_amount then 1 else 0`,
    /// `gate = "compliance"`.
    #[error("{place} must be a condition, found {found}")]
    NotCondition {
        /// Which place.
        place: Place,
        /// What it is.
        found: Ty,
        /// Where.
        span: Span,
    },
    /// A place that needs money or a number given something else: `on = "hire_date"`,
    /// `abs(region)`.
    #[error("{place} must be money or a number, found {found}")]
    NotNumeric {
        /// Which place.
        place: Place,
        /// What it is.
        found: Ty,
        /// Where.
        span: Span,
    },
    /// A metric score, floor or cap that is not a number: `score = "sales_amount"` (money).
    #[error("{}", match found { Ty::Money => format!("{place} is money; a score must be a number (divide by a target: `sales_amount / sales_target * 100`)"), _ => format!("{place} must be a number, found {found}") })]
    NotScore {
        /// Which place.
        place: Place,
        /// What it is.
        found: Ty,
        /// Where.
        span: Span,
    },
    /// A function argument of the wrong type: `year(sales_amount)`, `min(region, 1)`,
    /// `min(base_salary, satisfaction)`, `clamp(hire_date, a, b)`, `div(a, b, "none")`.
    #[error("{problem}")]
    Argument {
        /// What is wrong with it.
        problem: ArgumentProblem,
        /// Where.
        span: Span,
    },
    /// `if` branches of different types: `if a then base_salary else satisfaction`.
    #[error("the branches of this `if` give {first} and {other}; they must agree")]
    Branches {
        /// The type of the branches before.
        first: Ty,
        /// The type of this branch.
        other: Ty,
        /// The branch that disagrees.
        span: Span,
    },
    /// A formula whose type is not the one declared: `type = "money"` on `night_shifts * 50`.
    #[error("{kind} `{name}` is declared {} but its formula gives {found}", declared.name())]
    Declared {
        /// A value or a param.
        kind: Definition,
        /// Its name.
        name: String,
        /// The declared type.
        declared: ValueType,
        /// What the formula gives.
        found: Ty,
        /// How to make a number money, when the formula's shape tells.
        hint: Option<MoneyHint>,
        /// Where the type is declared.
        span: Span,
    },
    /// Dated entries of a param of different types: `{ value = "30%" }` and
    /// `{ value = "3000" }` under a param declared nowhere.
    #[error("the dated values of param `{param}` disagree: {first} and {other}")]
    DatedParam {
        /// The param.
        param: String,
        /// The type of the latest entries.
        first: Ty,
        /// The type of this one.
        other: Ty,
        /// This entry's value.
        span: Span,
    },
    /// A metric weight below zero: `weight = "-10%"`.
    #[error("the weight of metric `{scorecard}.{metric}` is negative")]
    NegativeWeight {
        /// The scorecard.
        scorecard: String,
        /// The metric.
        metric: String,
        /// Where the weight is written.
        span: Span,
    },
    /// A tier with rates declared of a type its base is not: `on = "kpi"`, `type = "money"`,
    /// `rate = "10%"`.
    #[error("tier `{tier}` pays rates on {base} but is declared {}; a rate times {base} is {base}", declared.name())]
    TierRates {
        /// The tier.
        tier: String,
        /// The base's type.
        base: Ty,
        /// The declared type.
        declared: ValueType,
        /// Where the type is declared.
        span: Span,
    },
    /// A tier cap of another type than the tier pays: `cap = "points_cap"` (a number) on a
    /// tier of money.
    #[error("the cap of tier `{tier}` is {cap} but the tier pays {pays}")]
    TierCap {
        /// The tier.
        tier: String,
        /// The cap's type.
        cap: Ty,
        /// What the tier pays.
        pays: Ty,
        /// The cap.
        span: Span,
    },
    /// A curve declared to give something other than money or a number: `type = "date"`.
    #[error("curve `{curve}` must give money or a number, not {}", declared.name())]
    CurveType {
        /// The curve.
        curve: String,
        /// The declared type.
        declared: ValueType,
        /// Where the type is declared.
        span: Span,
    },
    /// Scorecard weights that do not add up to exactly 100%: 60% + 20% + 10% + 5%.
    #[error("weights of scorecard `{scorecard}` add up to {}, not 100%: {}", percent(*total), weights.iter().map(|(m, w)| format!("{m} {}", percent(*w))).collect::<Vec<_>>().join(" + "))]
    Weights {
        /// The scorecard.
        scorecard: String,
        /// The sum, as a fraction.
        total: Decimal,
        /// Each metric with its weight, in the order written.
        weights: Vec<(String, Decimal)>,
        /// Where the scorecard is declared.
        span: Span,
    },
    /// Tier brackets whose starts do not ascend: `{ from = "300000" }` then
    /// `{ above = "300000" }`.
    #[error("brackets of tier `{tier}` out of order: `{} = {start}` comes after `{} = {after}`; starts must be strictly ascending", from_or_above(*inclusive), from_or_above(*after_inclusive))]
    BracketOrder {
        /// The tier.
        tier: String,
        /// This bracket's start.
        start: Decimal,
        /// Whether it is written `from` (else `above`).
        inclusive: bool,
        /// The start of the bracket before it.
        after: Decimal,
        /// Whether that one is written `from`.
        after_inclusive: bool,
        /// This bracket.
        span: Span,
    },
    /// Curve points whose x do not ascend: `x = 50` after `x = 80`.
    #[error("points of curve `{curve}` out of order: x = {x} comes after x = {after}; x must be strictly ascending")]
    PointOrder {
        /// The curve.
        curve: String,
        /// This point's x.
        x: Decimal,
        /// The x of the point before it.
        after: Decimal,
        /// This point.
        span: Span,
    },
    /// Rating bands not listed from the highest `min` down: `{ min = 60, grade = "C" }` before
    /// `{ min = 75, grade = "B" }`.
    #[error("ratings of scorecard `{scorecard}` out of order: grade {grade} (min {min}) must have a lower min than grade {above} (min {above_min}); list bands from the highest min down")]
    RatingOrder {
        /// The scorecard.
        scorecard: String,
        /// This band's grade.
        grade: String,
        /// This band's min.
        min: Decimal,
        /// The grade of the band before it.
        above: String,
        /// That band's min.
        above_min: Decimal,
        /// This band.
        span: Span,
    },
    /// A param whose formula names something that is not a param: `cap = "base_salary * 3"`.
    #[error("param `{param}` uses `{name}`: params may only use other params and `period`")]
    ParamNotConstant {
        /// The param.
        param: String,
        /// What it names.
        name: String,
        /// Where the name is written.
        span: Span,
    },
    /// `round(x, places)` with `places` a formula, a fraction or more than 28.
    #[error("the places of `round` must be a whole number from 0 to 28, written as a number")]
    RoundPlaces {
        /// Where the places are written.
        span: Span,
    },
    /// `round(x, 2, "halfup")` or `round(x, 2, mode)`: the mode must be a known mode, as text.
    #[error("{}", match written { Some(m) => format!("unknown rounding mode \"{m}\"{}; modes are {}", suggestion.map(|s| format!(" (did you mean \"{s}\"?)")).unwrap_or_default(), modes.join(", ")), None => "the mode of `round` must be written as text, like \"half_even\"".to_string() })]
    RoundMode {
        /// The text written; `None` when the mode is not written as text.
        written: Option<String>,
        /// The nearest mode.
        suggestion: Option<&'static str>,
        /// Every mode.
        modes: Vec<&'static str>,
        /// Where the mode is written.
        span: Span,
    },
    /// A scorecard without metrics, a tier without brackets, a curve without points.
    #[error("{kind} `{name}` has no {}", kind.parts())]
    Empty {
        /// A scorecard, a tier or a curve.
        kind: Definition,
        /// Its name.
        name: String,
        /// Where it is declared.
        span: Span,
    },
    /// A `[[tests]]` entry with a period that is not one: `period = "2023-13"`.
    #[error("test \"{test}\": {problem}")]
    TestPeriod {
        /// The test's name.
        test: String,
        /// Why the period is not one, from the period parser.
        problem: crate::date::PeriodError,
        /// Where the period is written.
        span: Span,
    },
    /// A `[[tests]]` entry giving something that is not an input: `inputs = { kpi = "90" }`.
    #[error("test \"{test}\" gives `{name}`, which is not an input")]
    TestNotInput {
        /// The test's name.
        test: String,
        /// The name given.
        name: String,
        /// Where.
        span: Span,
        /// The nearest input.
        suggestion: Option<String>,
    },
    /// A test with `months` giving the past itself: `inputs = { "ytd_before(wage)" = "30000" }`
    /// (the months before give it).
    #[error("test \"{test}\" gives `{name}`, which its earlier months give: in a test with `months`, remove it")]
    TestMonthsPast {
        /// The test's name.
        test: String,
        /// The hidden input given: `ytd_before(wage)`, `ytd_months_before`.
        name: String,
        /// Where.
        span: Span,
    },
    /// A test's `months` out of order: `{ period = "2023-02" }` after `{ period = "2023-03" }`,
    /// or the same month twice.
    #[error("test \"{test}\": month {period} is written after {previous}; months run in order, each once")]
    TestMonthOrder {
        /// The test's name.
        test: String,
        /// The month out of order.
        period: crate::date::Period,
        /// The month written before it.
        previous: crate::date::Period,
        /// Where its period is written.
        span: Span,
    },
    /// `[attendance] hours_from` naming something that is not a text input:
    /// `hours_from = "hours_sytem"`, or a money input.
    #[error("`hours_from` must name a text input holding each employee's working-hours system; {}", hours_from_found(.found, .name))]
    HoursFrom {
        /// The name given.
        name: String,
        /// The type of the input it names, when it names one.
        found: Option<ValueType>,
        /// Where.
        span: Span,
        /// The nearest text input.
        suggestion: Option<String>,
    },
    /// `[payslip] bank_account` naming something that is not a text input:
    /// `bank_account = "bank_acount"`, or a money input.
    #[error("`bank_account` must name a text input holding each employee's bank account; {}", hours_from_found(.found, .name))]
    PayslipAccount {
        /// The name given.
        name: String,
        /// The type of the input it names, when it names one.
        found: Option<ValueType>,
        /// Where.
        span: Span,
        /// The nearest text input.
        suggestion: Option<String>,
    },
    /// A `[[tests]]` entry expecting a figure the policy does not compute:
    /// `expect = { comission = "6000.00" }`.
    #[error("test \"{test}\" expects `{name}`, which the policy does not compute")]
    TestUnknownName {
        /// The test's name.
        test: String,
        /// The name expected.
        name: String,
        /// Where.
        span: Span,
        /// The nearest name.
        suggestion: Option<String>,
    },
    /// An input bound on an input that is not numeric: `hire_date = { type = "date", min = 0 }`.
    #[error("input `{input}` is {}; only numeric inputs have a `{bound}`", ty.name())]
    BoundNotNumeric {
        /// The input.
        input: String,
        /// Its type.
        ty: ValueType,
        /// `min` or `max`.
        bound: &'static str,
        /// Where the bound is written.
        span: Span,
    },
    /// An input whose bounds cannot hold together: `min = 10, max = 0`.
    #[error("input `{input}` has min {min} above its max {max}")]
    MinAboveMax {
        /// The input.
        input: String,
        /// Its min.
        min: Decimal,
        /// Its max.
        max: Decimal,
        /// Where the max is written.
        span: Span,
    },
    /// An input default of another type: `default = "none"` on a money input.
    #[error("the default of input `{input}` is not {}", article(*ty))]
    DefaultType {
        /// The input.
        input: String,
        /// Its type.
        ty: ValueType,
        /// Where the default is written.
        span: Span,
    },
    /// An error that only follows from a definition the loader reported and left out:
    /// `expect = { "kpi.sales" = "100" }` in a test, when a second `[scorecards.kpi]` was
    /// dropped as a duplicate of a value `kpi`. Shown folded under the loader's error.
    #[error("{error}")]
    FollowsFrom {
        /// The name of the definition left out: `kpi`.
        definition: String,
        /// The error as it would be shown on its own.
        error: Box<CheckError>,
    },
    /// A mistake in a decision table: see [`TableProblem`] for each, with an input that
    /// triggers it (`[tables.route]` with two `unique` rows matching one claim).
    #[error("table `{table}`: {problem}")]
    Table {
        /// The table.
        table: String,
        /// What is wrong.
        problem: TableProblem,
        /// Where: the row, condition or value.
        span: Span,
    },
    /// A mistake in a population figure: see [`PopulationProblem`] for each, with an input
    /// that triggers it (`sum(sales) by kpi`, where `kpi` is a number).
    #[error("{problem}")]
    Population {
        /// What is wrong.
        problem: PopulationProblem,
        /// Where: the call, argument or grade.
        span: Span,
    },
    /// An input default outside its bounds: `{ min = 0, max = 10, default = 11 }`.
    #[error("the default of input `{input}` is outside its min/max")]
    DefaultOutOfBounds {
        /// The input.
        input: String,
        /// Where the default is written.
        span: Span,
    },
}

impl CheckError {
    /// Where the error is.
    pub fn span(&self) -> Span {
        use CheckError as E;
        match self {
            E::Cycle { cycle, .. } => cycle.first().map(|(_, s)| *s).unwrap_or_default(),
            E::FollowsFrom { error, .. } => error.span(),
            E::UnknownName { span, .. }
            | E::UnknownFunction { span, .. }
            | E::ArgumentCount { span, .. }
            | E::Operands { span, .. }
            | E::Unary { span, .. }
            | E::NotCondition { span, .. }
            | E::NotNumeric { span, .. }
            | E::NotScore { span, .. }
            | E::Argument { span, .. }
            | E::Branches { span, .. }
            | E::Declared { span, .. }
            | E::DatedParam { span, .. }
            | E::NegativeWeight { span, .. }
            | E::TierRates { span, .. }
            | E::TierCap { span, .. }
            | E::CurveType { span, .. }
            | E::Weights { span, .. }
            | E::BracketOrder { span, .. }
            | E::PointOrder { span, .. }
            | E::RatingOrder { span, .. }
            | E::ParamNotConstant { span, .. }
            | E::RoundPlaces { span }
            | E::RoundMode { span, .. }
            | E::Empty { span, .. }
            | E::TestPeriod { span, .. }
            | E::TestNotInput { span, .. }
            | E::TestMonthsPast { span, .. }
            | E::TestMonthOrder { span, .. }
            | E::TestUnknownName { span, .. }
            | E::HoursFrom { span, .. }
            | E::PayslipAccount { span, .. }
            | E::BoundNotNumeric { span, .. }
            | E::MinAboveMax { span, .. }
            | E::DefaultType { span, .. }
            | E::Table { span, .. }
            | E::Population { span, .. }
            | E::DefaultOutOfBounds { span, .. } => *span,
        }
    }

    /// The name this error is about, when it is a name the policy does not define: an
    /// unknown name in a formula or `[outputs]`, a figure a test expects, an input a test
    /// gives.
    pub fn missing_name(&self) -> Option<&str> {
        match self {
            CheckError::UnknownName { name, .. }
            | CheckError::TestUnknownName { name, .. }
            | CheckError::TestNotInput { name, .. } => Some(name),
            CheckError::FollowsFrom { error, .. } => error.missing_name(),
            _ => None,
        }
    }

    /// The error as a located diagnostic with notes and help.
    pub fn diagnostic(&self) -> Diagnostic {
        let d = Diagnostic::new(self.span(), self.to_string());
        let did_you_mean = |s: &Option<String>| s.as_ref().map(|s| format!("did you mean `{s}`?"));
        match self {
            CheckError::UnknownName {
                suggestion, hint, ..
            } => d.with_help(match (suggestion, hint) {
                (Some(s), Some(h)) => Some(format!("did you mean `{s}`? ({h})")),
                (Some(s), None) => Some(format!("did you mean `{s}`?")),
                (None, h) => h.as_ref().map(ToString::to_string),
            }),
            CheckError::TestNotInput { suggestion, .. }
            | CheckError::HoursFrom { suggestion, .. }
            | CheckError::PayslipAccount { suggestion, .. }
            | CheckError::TestUnknownName { suggestion, .. } => {
                d.with_help(did_you_mean(suggestion))
            }
            CheckError::UnknownFunction {
                suggestion,
                functions,
                ..
            } => d.with_help(Some(match suggestion {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("functions are: {}", functions.join(", ")),
            })),
            CheckError::FollowsFrom { error, .. } => error.diagnostic(),
            CheckError::Table {
                problem:
                    TableProblem::UnknownWhen { suggestion, .. }
                    | TableProblem::UnknownThen { suggestion, .. },
                ..
            } => d.with_help(did_you_mean(suggestion)),
            CheckError::Operands { untyped_tier, .. } => d.with_help(untyped_tier.as_ref().map(|t| {
                format!("tier `{t}` pays a number: its base is a number and its brackets give amounts; say `type = \"money\"` in [tiers.{t}] to pay money")
            })),
            CheckError::Declared { hint, .. } => {
                d.with_help(hint.as_ref().map(ToString::to_string))
            }
            CheckError::Cycle { cycle, through } => {
                let mut d = d;
                for (i, (name, span)) in cycle.iter().enumerate().skip(1) {
                    let next = &cycle[(i + 1) % cycle.len()].0;
                    d = d.with_note(*span, format!("`{name}` uses `{next}`"));
                }
                d.with_help(through.as_ref().map(|t| {
                    format!("`{t}` is computed from every employee's figures first, so none of them can use it: a pool cannot depend on the shares it pays")
                }))
            }
            _ => d,
        }
    }
}

/// What `hours_from` names instead of a text input.
fn hours_from_found(found: &Option<ValueType>, name: &str) -> String {
    match found {
        Some(ty) => format!("`{name}` is {}", ty.name()),
        None => format!("there is no input `{name}`"),
    }
}
