//! The static types of expressions and the rules for combining them.
//!
//! Money and numbers never mix by accident: money ± money is money, money × number is money,
//! money ÷ money is a number, and money + number is an error found before any employee is
//! evaluated. A bare numeric literal has the flexible type [`Ty::Flex`] and takes the type its
//! neighbour needs.

use crate::syntax::BinaryOp;
use crate::vocab::ValueType;
use std::fmt;

/// The type of an expression.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Ty {
    /// An amount of money.
    Money,
    /// A number (score, rate, count, percentage).
    Number,
    /// A bare numeric literal (or a name defined by one): becomes money or number as needed.
    Flex,
    /// `true` / `false`.
    Bool,
    /// A calendar date.
    Date,
    /// Text.
    Text,
    /// The type of something already reported as wrong; combines with anything silently,
    /// so one mistake is reported once.
    Error,
}

impl Ty {
    /// The static type of a declared value type.
    pub fn of(vt: ValueType) -> Ty {
        match vt {
            ValueType::Money => Ty::Money,
            ValueType::Number | ValueType::Percent | ValueType::Integer => Ty::Number,
            ValueType::Bool => Ty::Bool,
            ValueType::Date => Ty::Date,
            ValueType::Text => Ty::Text,
        }
    }

    /// Money, number or flexible.
    pub fn is_numeric(self) -> bool {
        matches!(self, Ty::Money | Ty::Number | Ty::Flex | Ty::Error)
    }

    /// Whether a value of type `self` may be stored where `want` is declared.
    pub fn fits(self, want: Ty) -> bool {
        self == want
            || self == Ty::Error
            || want == Ty::Error
            || (self == Ty::Flex && matches!(want, Ty::Money | Ty::Number))
    }

    /// The common type of two branches or arguments (`if`, `min`, `max`, `clamp`), if any.
    pub fn unify(self, other: Ty) -> Option<Ty> {
        match (self, other) {
            (Ty::Error, t) | (t, Ty::Error) => Some(t),
            (a, b) if a == b => Some(a),
            (Ty::Flex, t @ (Ty::Money | Ty::Number)) | (t @ (Ty::Money | Ty::Number), Ty::Flex) => {
                Some(t)
            }
            _ => None,
        }
    }

    /// The type of `a op b` for arithmetic and comparison operators, or `None` when the
    /// operands do not fit ([`Ty::clash`] says why).
    pub fn binary(op: BinaryOp, a: Ty, b: Ty) -> Option<Ty> {
        use Ty::*;
        if a == Error || b == Error {
            return Some(match op {
                BinaryOp::Add | BinaryOp::Sub | BinaryOp::Mul | BinaryOp::Div => Error,
                _ => Bool,
            });
        }
        match op {
            BinaryOp::And | BinaryOp::Or => (a == Bool && b == Bool).then_some(Bool),
            BinaryOp::Eq | BinaryOp::Ne => a.unify(b).map(|_| Bool),
            BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge => match a.unify(b) {
                Some(Bool | Text) | None => None,
                Some(_) => Some(Bool),
            },
            BinaryOp::Add | BinaryOp::Sub => match (a, b) {
                (Money, Money | Flex) | (Flex, Money) => Some(Money),
                (Number, Number | Flex) | (Flex, Number) => Some(Number),
                (Flex, Flex) => Some(Flex),
                _ => None,
            },
            BinaryOp::Mul => match (a, b) {
                (Money, Number | Flex) | (Number | Flex, Money) => Some(Money),
                (Number, Number | Flex) | (Flex, Number) => Some(Number),
                (Flex, Flex) => Some(Flex),
                _ => None,
            },
            BinaryOp::Div => match (a, b) {
                (Money, Number | Flex) => Some(Money),
                (Money, Money) => Some(Number),
                (Number, Number | Flex) | (Flex, Number) => Some(Number),
                (Flex, Flex) => Some(Flex),
                _ => None,
            },
        }
    }

    /// Why `a op b` does not fit, in words, for operands [`Ty::binary`] refuses.
    pub fn clash(op: BinaryOp, a: Ty, b: Ty) -> String {
        use Ty::*;
        let sym = op.symbol();
        match op {
            BinaryOp::And | BinaryOp::Or => {
                format!("`{sym}` needs two conditions, found {a} and {b}")
            }
            BinaryOp::Eq | BinaryOp::Ne => format!("cannot compare {a} with {b}"),
            BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge => match a.unify(b) {
                Some(_) => format!("`{sym}` cannot order {a} values"),
                None => format!("cannot compare {a} with {b}"),
            },
            BinaryOp::Add | BinaryOp::Sub => match (a, b) {
                (Money, Number) | (Number, Money) => format!(
                    "cannot {} money and a number: `{sym}` needs both sides money or both numbers",
                    if op == BinaryOp::Add { "add" } else { "subtract" }
                ),
                (Date, _) | (_, Date) => format!(
                    "cannot `{sym}` with a date; use days_between(a, b) for the days between two dates"
                ),
                _ => format!("`{sym}` needs numbers or money, found {a} and {b}"),
            },
            BinaryOp::Mul => match (a, b) {
                (Money, Money) => "cannot multiply money by money".to_string(),
                _ => format!("`*` needs numbers or money, found {a} and {b}"),
            },
            BinaryOp::Div => match (a, b) {
                (Number | Flex, Money) => {
                    "cannot divide a number by money (money ÷ money is a number; money ÷ number is money)"
                        .to_string()
                }
                _ => format!("`/` needs numbers or money, found {a} and {b}"),
            },
        }
    }
}

impl fmt::Display for Ty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Ty::Money => "money",
            Ty::Number => "a number",
            Ty::Flex => "a number",
            Ty::Bool => "a condition (bool)",
            Ty::Date => "a date",
            Ty::Text => "text",
            Ty::Error => "an unknown type",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_rules() {
        use BinaryOp::*;
        use Ty::*;
        assert_eq!(Ty::binary(Add, Money, Money), Some(Money));
        assert_eq!(Ty::binary(Add, Money, Flex), Some(Money));
        assert!(Ty::binary(Add, Money, Number).is_none());
        assert_eq!(Ty::binary(Mul, Money, Number), Some(Money));
        assert!(Ty::binary(Mul, Money, Money).is_none());
        assert_eq!(Ty::binary(Div, Money, Money), Some(Number));
        assert_eq!(Ty::binary(Div, Money, Number), Some(Money));
        assert!(Ty::binary(Div, Number, Money).is_none());
        assert!(Ty::binary(Lt, Money, Date).is_none());
        assert_eq!(Ty::binary(Ge, Money, Flex), Some(Bool));
        assert_eq!(Ty::binary(Eq, Text, Text), Some(Bool));
        assert!(Ty::binary(Lt, Text, Text).is_none());
        assert!(Ty::binary(And, Bool, Number).is_none());
    }
}
