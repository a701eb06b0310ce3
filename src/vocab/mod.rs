//! The words every stage shares: value types, rounding, tier modes, exact-number limits, and
//! reading a value of a given type from text.
//!
//! This module is a leaf of the pipeline: it knows [`Value`](crate::value::Value) and
//! [`Date`](crate::date::Date) and nothing of `syntax`, `policy`, `check`, `eval`, `data` or
//! `report`, so each of those can use it without reaching into another stage.

mod amount;
mod clock;
mod docs;
mod leave;
mod lookback;
mod number;
mod percent;
mod population;
mod rounding;
mod text;
mod text_error;

pub use clock::{ClockError, ClockTime, DAY_MINUTES};
pub use docs::Docs;
pub use leave::LeaveKind;
pub use lookback::Lookback;
pub use number::NumberLimit;
pub use percent::percent;
pub use population::{Grades, PopFunc};
pub use rounding::{Rounding, RoundingMode};
pub use text::parse_text;
pub use text_error::{NumberHint, TextError};

/// The types a value, input or param can have.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ValueType {
    /// An amount of the policy's currency; rounded when stored in a named value.
    Money,
    /// An exact decimal number (a score, a rate, a count).
    Number,
    /// A number shown as a percentage; `85%` or `0.85` in data.
    Percent,
    /// A whole number.
    Integer,
    /// `true` or `false`.
    Bool,
    /// A calendar date.
    Date,
    /// Text.
    Text,
}

impl ValueType {
    /// Every type with its rule-file name.
    pub const ALL: [(&'static str, ValueType); 7] = [
        ("money", ValueType::Money),
        ("number", ValueType::Number),
        ("percent", ValueType::Percent),
        ("integer", ValueType::Integer),
        ("bool", ValueType::Bool),
        ("date", ValueType::Date),
        ("text", ValueType::Text),
    ];

    /// The type named `name` in a rule file.
    pub fn from_name(name: &str) -> Option<ValueType> {
        ValueType::ALL
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, t)| *t)
    }

    /// The rule-file name of the type.
    pub fn name(self) -> &'static str {
        ValueType::ALL
            .iter()
            .find(|(_, t)| *t == self)
            .map(|(n, _)| *n)
            .unwrap_or("number")
    }
}

/// How a tier pays.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TierMode {
    /// Each slice of the base at its own bracket's rate (progressive tax, tiered commission).
    Marginal,
    /// The whole base at the rate of the highest bracket reached, plus its amount.
    Flat,
}
