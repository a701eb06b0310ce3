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

    /// The type of `a op b` for arithmetic and comparison operators, or a message why not.
    pub fn binary(op: BinaryOp, a: Ty, b: Ty) -> Result<Ty, String> {
        use Ty::*;
        if a == Error || b == Error {
            return Ok(match op {
                BinaryOp::Add | BinaryOp::Sub | BinaryOp::Mul | BinaryOp::Div => Error,
                _ => Bool,
            });
        }
        let sym = op.symbol();
        match op {
            BinaryOp::And | BinaryOp::Or => {
                if a == Bool && b == Bool {
                    Ok(Bool)
                } else {
                    Err(format!("`{sym}` needs two conditions, found {a} and {b}"))
                }
            }
            BinaryOp::Eq | BinaryOp::Ne => match a.unify(b) {
                Some(_) => Ok(Bool),
                None => Err(format!("cannot compare {a} with {b}")),
            },
            BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge => match a.unify(b) {
                Some(Bool | Text) => Err(format!("`{sym}` cannot order {a} values")),
                Some(_) => Ok(Bool),
                None => Err(format!("cannot compare {a} with {b}")),
            },
            BinaryOp::Add | BinaryOp::Sub => match (a, b) {
                (Money, Money | Flex) | (Flex, Money) => Ok(Money),
                (Number, Number | Flex) | (Flex, Number) => Ok(Number),
                (Flex, Flex) => Ok(Flex),
                (Money, Number) | (Number, Money) => Err(format!(
                    "cannot {} money and a number: `{sym}` needs both sides money or both numbers",
                    if op == BinaryOp::Add { "add" } else { "subtract" }
                )),
                (Date, _) | (_, Date) => Err(format!(
                    "cannot `{sym}` with a date; use days_between(a, b) for the days between two dates"
                )),
                _ => Err(format!("`{sym}` needs numbers or money, found {a} and {b}")),
            },
            BinaryOp::Mul => match (a, b) {
                (Money, Number | Flex) | (Number | Flex, Money) => Ok(Money),
                (Number, Number | Flex) | (Flex, Number) => Ok(Number),
                (Flex, Flex) => Ok(Flex),
                (Money, Money) => Err("cannot multiply money by money".to_string()),
                _ => Err(format!("`*` needs numbers or money, found {a} and {b}")),
            },
            BinaryOp::Div => match (a, b) {
                (Money, Number | Flex) => Ok(Money),
                (Money, Money) => Ok(Number),
                (Number | Flex, Money) => Err(
                    "cannot divide a number by money (money ÷ money is a number; money ÷ number is money)"
                        .to_string(),
                ),
                (Number, Number | Flex) | (Flex, Number) => Ok(Number),
                (Flex, Flex) => Ok(Flex),
                _ => Err(format!("`/` needs numbers or money, found {a} and {b}")),
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
        assert_eq!(Ty::binary(Add, Money, Money), Ok(Money));
        assert_eq!(Ty::binary(Add, Money, Flex), Ok(Money));
        assert!(Ty::binary(Add, Money, Number).is_err());
        assert_eq!(Ty::binary(Mul, Money, Number), Ok(Money));
        assert!(Ty::binary(Mul, Money, Money).is_err());
        assert_eq!(Ty::binary(Div, Money, Money), Ok(Number));
        assert_eq!(Ty::binary(Div, Money, Number), Ok(Money));
        assert!(Ty::binary(Div, Number, Money).is_err());
        assert!(Ty::binary(Lt, Money, Date).is_err());
        assert_eq!(Ty::binary(Ge, Money, Flex), Ok(Bool));
        assert_eq!(Ty::binary(Eq, Text, Text), Ok(Bool));
        assert!(Ty::binary(Lt, Text, Text).is_err());
        assert!(Ty::binary(And, Bool, Number).is_err());
    }
}
