//! Printing a formula as written: `Display` for [`Expr`], with the fewest parentheses that
//! keep its meaning (the precedence of `grammar/expr.pest` and `build.rs`, loosest first:
//! `or`; `and`; `not`; comparisons; `+ -`; `* /`; unary `-`). Parsing what it prints gives
//! the same tree again, up to spans.

use super::ast::{BinaryOp, Expr, ExprKind, UnaryOp};
use std::fmt;

/// How tightly a form binds; an operand binding looser than its place needs parentheses.
fn level(e: &Expr) -> u8 {
    match &e.kind {
        // `if ... else x` takes everything after `else`: parenthesized inside any operator.
        ExprKind::If { .. } => 0,
        ExprKind::Binary(op, ..) => binary_level(*op),
        ExprKind::Unary(UnaryOp::Not, _) => 3,
        ExprKind::Unary(UnaryOp::Neg, _) => 7,
        _ => 8,
    }
}

fn binary_level(op: BinaryOp) -> u8 {
    match op {
        BinaryOp::Or => 1,
        BinaryOp::And => 2,
        BinaryOp::Eq | BinaryOp::Ne | BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge => {
            4
        }
        BinaryOp::Add | BinaryOp::Sub => 5,
        BinaryOp::Mul | BinaryOp::Div => 6,
    }
}

/// `e`, in parentheses unless it binds at least as tightly as `least`.
struct Operand<'a> {
    e: &'a Expr,
    least: u8,
}

impl fmt::Display for Operand<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if level(self.e) >= self.least {
            write!(f, "{}", self.e)
        } else {
            write!(f, "({})", self.e)
        }
    }
}

/// A formula as a consultant would write it: `base_salary * bonus_rate * kpi / 100`,
/// `if kpi.grade != "D" then 500 else 0`, `20%`. Parentheses only where precedence needs
/// them: `(a + b) * c`, `a - (b - c)`, `(a < b) == c`.
impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ExprKind::Number(d) => write!(f, "{d}"),
            ExprKind::Percent(p) => write!(f, "{}%", percent_text(*p)),
            ExprKind::Bool(b) => write!(f, "{b}"),
            ExprKind::Text(t) => text(f, t),
            ExprKind::Date(d) => write!(f, "{d}"),
            ExprKind::Name(n) => f.write_str(n),
            ExprKind::Unary(UnaryOp::Neg, x) => write!(f, "-{}", Operand { e: x, least: 7 }),
            ExprKind::Unary(UnaryOp::Not, x) => write!(f, "not {}", Operand { e: x, least: 3 }),
            ExprKind::Binary(op, a, b) => {
                let l = binary_level(*op);
                // Left-associative: the left operand may be the same operator, the right one
                // may not. Comparisons do not chain, so neither side may be one.
                let left = if l == 4 { l + 1 } else { l };
                write!(
                    f,
                    "{} {} {}",
                    Operand { e: a, least: left },
                    op.symbol(),
                    Operand { e: b, least: l + 1 }
                )
            }
            ExprKind::If {
                branches,
                otherwise,
            } => {
                for (k, (c, r)) in branches.iter().enumerate() {
                    let word = if k == 0 { "if" } else { " elif" };
                    write!(f, "{word} {c} then {r}")?;
                }
                write!(f, " else {otherwise}")
            }
            ExprKind::Call { name, args, by, .. } => {
                write!(f, "{name}(")?;
                for (k, a) in args.iter().enumerate() {
                    if k > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{a}")?;
                }
                f.write_str(")")?;
                match by {
                    Some(b) => write!(f, " by {b}"),
                    None => Ok(()),
                }
            }
            ExprKind::Labelled { label, value, .. } => {
                text(f, label)?;
                write!(f, " = {value}")
            }
        }
    }
}

/// The digits of a percentage stored as a fraction: `0.20` is `20`, `0.025` is `2.5`.
fn percent_text(p: rust_decimal::Decimal) -> rust_decimal::Decimal {
    let mut shown = p;
    if p.scale() >= 2 && shown.set_scale(p.scale() - 2).is_ok() {
        return shown;
    }
    p.checked_mul(rust_decimal::Decimal::ONE_HUNDRED)
        .map_or(p, |d| d.normalize())
}

/// A text literal in double quotes, with `\\`, `\"`, newlines and tabs escaped.
fn text(f: &mut fmt::Formatter<'_>, t: &str) -> fmt::Result {
    f.write_str("\"")?;
    for c in t.chars() {
        match c {
            '\\' => f.write_str("\\\\")?,
            '"' => f.write_str("\\\"")?,
            '\n' => f.write_str("\\n")?,
            '\t' => f.write_str("\\t")?,
            c => write!(f, "{c}")?,
        }
    }
    f.write_str("\"")
}
