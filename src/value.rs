//! Runtime values: what inputs hold and formulas produce.
//!
//! Money and numbers are both exact [`Decimal`]s at run time; the checker has already made
//! sure they are combined correctly, so the evaluator need not carry the distinction.

use crate::date::Date;
use rust_decimal::Decimal;
use std::fmt;
use std::sync::Arc;

/// One value of an input, param or formula.
// `repr(u32)` puts every variant's data at an aligned offset (a decimal at 4, text at 8):
// with the default layout a `bool` sits at offset 1 and moving a number copies unaligned,
// overlapping pieces of it, which stalls the CPU on every figure an evaluation stores.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[repr(u32)]
pub enum Value {
    /// Money, number, percent or integer: an exact decimal.
    Number(Decimal),
    /// `true` / `false`.
    Bool(bool),
    /// A calendar day.
    Date(Date),
    /// Text (a grade, a department).
    Text(Arc<str>),
}

impl Value {
    /// The decimal, if this is a number.
    pub fn as_decimal(&self) -> Option<Decimal> {
        match self {
            Value::Number(d) => Some(*d),
            _ => None,
        }
    }

    /// The boolean, if this is one.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }
}

impl From<Decimal> for Value {
    fn from(d: Decimal) -> Value {
        Value::Number(d)
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value::Bool(b)
    }
}

impl From<Date> for Value {
    fn from(d: Date) -> Value {
        Value::Date(d)
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::Text(Arc::from(s))
    }
}

/// Decimals print as computed: `6000.00` keeps its two places, `87.5` is not padded.
impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Number(d) => write!(f, "{d}"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Date(d) => write!(f, "{d}"),
            Value::Text(t) => f.write_str(t),
        }
    }
}

/// Serialized as a string (every decimal exactly as computed), or a JSON boolean.
impl serde::Serialize for Value {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Bool(b) => s.serialize_bool(*b),
            other => s.collect_str(other),
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_value_and_a_missing_one_take_three_words() {
        assert_eq!(std::mem::size_of::<super::Value>(), 24);
        assert_eq!(std::mem::size_of::<Option<super::Value>>(), 24);
    }
}
