//! The typed parts of checker errors: where a value of some type is needed, why a name is
//! missing, what is wrong with a function's arguments, how to make a number money.

use crate::check::types::Ty;
use crate::vocab::ValueType;
use std::fmt;

/// A kind of definition, as messages name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Definition {
    /// `[params]`.
    Param,
    /// `[values]`.
    Value,
    /// `[scorecards.NAME]`.
    Scorecard,
    /// `[tiers.NAME]`.
    Tier,
    /// `[curves.NAME]`.
    Curve,
}

impl Definition {
    /// What a definition of this kind is made of: a scorecard's metrics, a tier's brackets.
    pub fn parts(self) -> &'static str {
        match self {
            Definition::Scorecard => "metrics",
            Definition::Tier => "brackets",
            Definition::Curve => "points",
            Definition::Param | Definition::Value => "formula",
        }
    }
}

impl fmt::Display for Definition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Definition::Param => "param",
            Definition::Value => "value",
            Definition::Scorecard => "scorecard",
            Definition::Tier => "tier",
            Definition::Curve => "curve",
        })
    }
}

/// Why a name is not defined, beyond "no such name".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameHint {
    /// `kpi.grade` on a scorecard without `ratings`.
    NoRatings {
        /// The scorecard.
        scorecard: String,
    },
    /// `tier(comission, x)`: the first argument of `tier` names no tier.
    NotATier,
    /// `attendance.ot_workday_hours` in a policy without an `[attendance]` table.
    NoAttendance,
}

impl fmt::Display for NameHint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NameHint::NoRatings { scorecard } => write!(
                f,
                "scorecard `{scorecard}` has no `ratings`, so it has no grade"
            ),
            NameHint::NotATier => {
                f.write_str("the first argument of `tier` must name a [tiers] table")
            }
            NameHint::NoAttendance => f.write_str(
                "the `attendance.*` measures come from records classified by an [attendance] \
                 table, and this policy has none",
            ),
        }
    }
}

/// A place in a definition or a formula that needs a value of some type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// The test of an `if` or `elif`.
    IfTest,
    /// A tier's `on`.
    TierBase {
        /// The tier.
        tier: String,
    },
    /// A curve's `on`.
    CurveInput {
        /// The curve.
        curve: String,
    },
    /// A metric's `score`, `cap`, `floor` or `gate` (`part`).
    Metric {
        /// "score", "cap", "floor" or "gate".
        part: &'static str,
        /// The scorecard.
        scorecard: String,
        /// The metric.
        metric: String,
    },
    /// The argument of a one-argument function: `abs`, `floor`, `ceil`.
    Argument {
        /// The function.
        func: &'static str,
    },
    /// The first argument of `round`.
    RoundValue,
    /// The second argument of `tier(NAME, base)`.
    TierCallBase,
    /// A figure named in `[analysis]` (or on `hrrules analyze`'s command line).
    AnalysisFigure {
        /// The figure.
        name: String,
    },
    /// The `where` of an `[[analysis.compare]]` entry (or of `--compare`).
    CompareWhere {
        /// The comparison's name.
        compare: String,
    },
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Place::IfTest => f.write_str("an `if` test"),
            Place::TierBase { tier } => write!(f, "the base of tier `{tier}`"),
            Place::CurveInput { curve } => write!(f, "the input of curve `{curve}`"),
            Place::Metric {
                part: "score",
                scorecard,
                metric,
            } => write!(f, "the score of metric `{scorecard}.{metric}`"),
            Place::Metric {
                part,
                scorecard,
                metric,
            } => write!(f, "the {part} of `{scorecard}.{metric}`"),
            Place::Argument { func } => write!(f, "the argument of `{func}`"),
            Place::RoundValue => f.write_str("the value to round"),
            Place::TierCallBase => f.write_str("the base of `tier`"),
            Place::AnalysisFigure { name } => write!(f, "the analysed figure `{name}`"),
            Place::CompareWhere { compare } => {
                write!(f, "the `where` of comparison \"{compare}\"")
            }
        }
    }
}

/// What is wrong with the arguments of a built-in function.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArgumentProblem {
    /// `year(sales_amount)`: the function needs a date.
    NotDate {
        /// The function.
        func: &'static str,
        /// What the argument is.
        found: Ty,
    },
    /// `min(region, 1)`: `min`, `max` and `clamp` need money, numbers or dates.
    NotOrdered {
        /// The function.
        func: &'static str,
        /// What the argument is.
        found: Ty,
    },
    /// `min(base_salary, satisfaction)`: the arguments must agree.
    Mixed {
        /// The function.
        func: &'static str,
        /// This argument's type.
        this: Ty,
        /// An earlier argument's type.
        earlier: Ty,
    },
    /// `clamp(hire_date, a, b)`.
    ClampDates,
    /// `div(sales_amount, sales_target, "none")`: the default must be of the quotient's type.
    DivDefault {
        /// The default's type.
        default: Ty,
        /// The quotient's type.
        quotient: Ty,
    },
    /// `ytd(base_salary * 2)`, `prev("tax")`: a function reading earlier months takes the
    /// name of a figure, as written, not a formula.
    NotAName {
        /// The function.
        func: &'static str,
    },
    /// `ytd(grade)`: a sum over months needs money or a number.
    NotSummable {
        /// The function.
        func: &'static str,
        /// The name.
        name: String,
        /// Its type.
        found: Ty,
    },
    /// `prev(tax, 0)`, `prev(tax, 1.5)`, `prev(tax, months)`: how many months back is a whole
    /// number from 1 to 120, written as such.
    MonthsBack,
    /// `prev(tax, 1, "none")`: the default is a constant of the figure's type.
    PrevDefault {
        /// The default's type (or `Error` when it is no constant).
        default: Ty,
        /// The figure's type.
        figure: Ty,
    },
    /// `ytd_before(net_pay)` where `net_pay` is defined later without a declared type: its
    /// type is not known yet.
    UntypedPast {
        /// The function.
        func: &'static str,
        /// The name.
        name: String,
    },
    /// `ytd(period.start)`: the period itself has no history.
    PeriodPast {
        /// The function.
        func: &'static str,
    },
}

impl fmt::Display for ArgumentProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ArgumentProblem::NotDate { func, found } => {
                write!(f, "`{func}` needs a date, found {found}")
            }
            ArgumentProblem::NotOrdered { func, found } => {
                write!(f, "`{func}` needs money, numbers or dates, found {found}")
            }
            ArgumentProblem::Mixed {
                func,
                this,
                earlier,
            } => write!(
                f,
                "the arguments of `{func}` must all be money or all numbers; this one is {this} where an earlier one is {earlier}"
            ),
            ArgumentProblem::ClampDates => {
                f.write_str("`clamp` needs money or numbers; use min and max for dates")
            }
            ArgumentProblem::DivDefault { default, quotient } => write!(
                f,
                "the default of `div` is {default} but the quotient is {quotient}"
            ),
            ArgumentProblem::NotAName { func } => write!(
                f,
                "`{func}` takes the name of a figure (`{func}(gross_pay)`), not a formula"
            ),
            ArgumentProblem::NotSummable { func, name, found } => write!(
                f,
                "`{func}` adds up months, so it needs money or a number; `{name}` is {found}"
            ),
            ArgumentProblem::MonthsBack => f.write_str(
                "how many months back `prev` looks is a whole number from 1 to 120, like `prev(tax, 2)`",
            ),
            ArgumentProblem::PrevDefault { default, figure } => write!(
                f,
                "the default of `prev` must be a constant of the figure's type ({figure}), found {default}"
            ),
            ArgumentProblem::UntypedPast { func, name } => write!(
                f,
                "`{func}({name})` reads `{name}` of earlier months, whose type is not known here; declare it (`type = \"money\"`)"
            ),
            ArgumentProblem::PeriodPast { func } => {
                write!(f, "`{func}` reads figures of earlier months; the period has none")
            }
        }
    }
}

/// How to make a formula of the shape `count * 50` money: the bare number is a rate per
/// unit, so it belongs in a money param.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MoneyHint {
    /// The number as written: `50`.
    pub literal: String,
    /// The count it multiplies, as written: `night_shifts`.
    pub count: String,
    /// A name for the param: `night_shift_rate`.
    pub param: String,
}

impl fmt::Display for MoneyHint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let MoneyHint {
            literal,
            count,
            param,
        } = self;
        write!(
            f,
            "`{count}` is a number and `{literal}` a bare number, so their product is a number; \
             write the rate as a money param `{param} = {{ type = \"money\", value = \"{literal}\" }}` \
             and use `{count} * {param}`, or multiply by a money value"
        )
    }
}

/// A value type with its article, for messages: "money", "a number", "a date".
pub(crate) fn article(ty: ValueType) -> &'static str {
    match ty {
        ValueType::Money => "money",
        ValueType::Number => "a number",
        ValueType::Percent => "a percentage",
        ValueType::Integer => "a whole number",
        ValueType::Bool => "true or false",
        ValueType::Date => "a date",
        ValueType::Text => "text",
    }
}

/// How a bracket's start is written: `from` (inclusive) or `above`.
pub(crate) fn from_or_above(inclusive: bool) -> &'static str {
    if inclusive {
        "from"
    } else {
        "above"
    }
}

/// Formats a fraction as a percentage: the vocabulary's one formatter.
pub(crate) use crate::vocab::percent;
