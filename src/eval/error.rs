//! Errors while evaluating one employee: each names the value being computed and the place in
//! the rule file; the other employees are still computed.

use crate::error::Location;
use rust_decimal::Decimal;
use std::sync::Arc;

/// Why one employee's figures could not be computed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EvalError {
    /// `sales_amount / sales_target` with a target of 0.
    #[error("division by zero in `{value}` at {at}: `{divisor}` is 0")]
    DivisionByZero {
        /// The named value being computed.
        value: Arc<str>,
        /// The division.
        at: Location,
        /// The divisor as written in the formula (`sales_target`).
        divisor: String,
    },
    /// A result beyond what an exact decimal holds (about 7.9e28): `sales_amount * 1e20`.
    #[error("number too large in `{value}` at {at}")]
    Overflow {
        /// The named value being computed.
        value: Arc<str>,
        /// The operation.
        at: Location,
    },
    /// A sum, difference or product whose exact value needs more than 28 significant digits
    /// (or more than 28 places), which an exact decimal cannot hold: with
    /// `a = 10000000000000000000000000000`, `a + 0.1`; or `0.0000000000000000000000000001 * 0.1`.
    /// Never rounded silently: only division and rounding may round.
    #[error("result needs more than 28 significant digits in `{value}` at {at} (only division and rounding may round)")]
    Inexact {
        /// The named value being computed.
        value: Arc<str>,
        /// The operation.
        at: Location,
    },
    /// A rounded value too large to be written with its declared places: with
    /// `rounding = { places = 28 }`, a money value of 12000 (an exact decimal holds 28
    /// significant digits, so 28 places leave room for values below 7.9 only).
    #[error("`{value}` is too large to keep {places} decimal places at {at}: an exact decimal holds 28 significant digits in all; declare fewer places")]
    TooManyPlaces {
        /// The named value being computed.
        value: Arc<str>,
        /// The places declared (or asked of `round`).
        places: u32,
        /// The formula.
        at: Location,
    },
    /// A formula uses an input the data does not give, and the input has no default.
    #[error("missing input `{input}`, needed by `{value}` at {at}")]
    MissingInput {
        /// The input.
        input: Arc<str>,
        /// The named value being computed.
        value: Arc<str>,
        /// Where the input is used.
        at: Location,
    },
    /// An input outside its declared `min`/`max`: satisfaction 11 where max is 10.
    #[error("input `{input}` is {}, {} its {} {}{} ({at})",
        shown(*given, *percent),
        if *above { "above" } else { "below" },
        if *above { "max" } else { "min" },
        shown(*bound, *percent),
        if *percent && *above && *given >= Decimal::ONE { "; a bare number is a fraction (0.85), write a percentage as 85%" } else { "" })]
    OutOfRange {
        /// The input.
        input: Arc<str>,
        /// The value given.
        given: Decimal,
        /// The bound it crosses.
        bound: Decimal,
        /// `true` for above the max, `false` for below the min.
        above: bool,
        /// Whether the input is a percentage (then both are shown as percentages).
        percent: bool,
        /// Where the bound is declared.
        at: Location,
    },
    /// An integer input or value that is not whole: headcount 2.5.
    #[error("`{name}` must be a whole number, found {given} ({at})")]
    NotWhole {
        /// The input or value.
        name: Arc<str>,
        /// What it was.
        given: Decimal,
        /// Where it is declared.
        at: Location,
    },
    /// A scorecard total below every rating band's `min` (no band with `min = 0` and a negative score).
    #[error("`{scorecard}` is {score}, below every rating band (lowest min {lowest}) ({at})")]
    NoGrade {
        /// The scorecard.
        scorecard: Arc<str>,
        /// Its total.
        score: Decimal,
        /// The lowest band's min.
        lowest: Decimal,
        /// Where the scorecard is declared.
        at: Location,
    },
    /// An employee whose inputs no row of a decision table matches, in a table without
    /// `default`: `claim_amount = 50000` where the last row stops at 20000.
    #[error("no row of table `{table}` matches {} ({at})", values.iter().map(|(n, v)| format!("{n} = {v}")).collect::<Vec<_>>().join(", "))]
    NoRow {
        /// The table.
        table: Arc<str>,
        /// Each input the rows test, with the employee's value.
        values: Vec<(Arc<str>, crate::value::Value)>,
        /// Where the table is declared.
        at: Location,
    },
    /// `clamp(x, lo, hi)` with `lo` above `hi` for this employee.
    #[error("clamp bounds cross in `{value}`: low {lo} is above high {hi} at {at}")]
    ClampBounds {
        /// The named value being computed.
        value: Arc<str>,
        /// The low bound.
        lo: Decimal,
        /// The high bound.
        hi: Decimal,
        /// The call.
        at: Location,
    },
    /// A bug in hrrules: a formula met a value of a type the checker ruled out. Reported for
    /// the employee instead of crashing the run; please report it.
    #[error("internal error in `{value}`: {message}")]
    Internal {
        /// The named value being computed.
        value: Arc<str>,
        /// What happened.
        message: String,
    },
    /// A bug in hrrules: computing this employee panicked (no rule file is known to trigger
    /// it; the batch driver turns such a panic into this error for the one employee, and the
    /// others are still computed). Please report it.
    #[error("evaluation panicked (a bug in hrrules; please report it)")]
    Panicked,
    /// A value given for an input that does not fit its type (from the library API or a test).
    #[error("input `{input}`: {message}")]
    InvalidInput {
        /// The input.
        input: Arc<str>,
        /// What is wrong.
        message: String,
    },
    /// Inputs built for another policy (from another policy's `Policy::inputs`), given to a
    /// plan that declares a different number of inputs.
    #[error("these inputs were built for another policy: it declares {declared} inputs, they hold {given}")]
    ForeignInputs {
        /// How many inputs this plan's policy declares.
        declared: usize,
        /// How many the inputs given hold.
        given: usize,
    },
    /// A figure asked of [`Plan::explain`](super::Plan::explain) that the policy does not
    /// define: `comission` where the tier is `commission`.
    #[error("the policy has no figure `{name}`{}", match nearest { Some(n) => format!(" (did you mean `{n}`?)"), None => String::new() })]
    UnknownName {
        /// The name asked for.
        name: Arc<str>,
        /// The nearest name the policy defines, if one is close.
        nearest: Option<Arc<str>>,
    },
    /// A record given to `Policy::inputs_from` that is not a struct or map of named fields
    /// (a `Vec`, a number), or whose own `Serialize` fails outside any field.
    #[error("the record {reason}")]
    BadRecord {
        /// What the record is, or the message of its `Serialize`.
        reason: String,
    },
}

/// Why a checked policy cannot be compiled for a period: the rules, not the data, are wrong
/// for that month.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    /// `--period 2021-05` for a param whose dated entries all start in 2022.
    #[error("{at}: param `{param}` has no value for {period}{}", match earliest { Some(d) => format!(" (its earliest entry is from {d})"), None => String::new() })]
    NoParamValue {
        /// The param.
        param: String,
        /// The period asked for.
        period: crate::date::Period,
        /// Its earliest `from`.
        earliest: Option<crate::date::Date>,
        /// Where the param is declared.
        at: Location,
        /// The same place, as a span for rendering with a caret.
        span: crate::error::Span,
    },
    /// A param whose formula fails, like `rate = "1 / 0"`.
    #[error("{at}: param `{param}`: {problem}")]
    Param {
        /// The param.
        param: String,
        /// What went wrong.
        problem: &'static str,
        /// The formula.
        at: Location,
        /// The same place, as a span for rendering with a caret.
        span: crate::error::Span,
    },
}

impl PlanError {
    /// The error as a located diagnostic (its message without the location prefix).
    pub fn diagnostic(&self) -> crate::error::Diagnostic {
        let (at, span) = match self {
            PlanError::NoParamValue { at, span, .. } | PlanError::Param { at, span, .. } => {
                (at, *span)
            }
        };
        let text = self.to_string();
        let message = text.strip_prefix(&format!("{at}: ")).unwrap_or(&text);
        crate::error::Diagnostic::new(span, message)
    }
}

/// `d`, as a percentage (`0.06` is `6%`) when `percent`.
fn shown(d: Decimal, percent: bool) -> String {
    if percent {
        crate::vocab::percent(d)
    } else {
        d.to_string()
    }
}
