//! Formulas: text -> our own AST, with spans into the rule file.
//!
//! A formula goes through four steps, each bounded so that no text, however hostile, can
//! make parsing panic, hang or exhaust the stack:
//!
//! 1. its length is checked against [`Limits::max_formula_len`];
//! 2. a flat scan of its characters bounds nesting (parentheses, `if`s, runs of prefix
//!    operators) by [`Limits::max_depth`], before anything recursive runs;
//! 3. the pest grammar (`grammar/expr.pest`) reads it, and its failures are put in words;
//! 4. the pairs are folded into an [`Expr`] by operator precedence, stopping as soon as the
//!    tree would be deeper than [`Limits::max_depth`] (long chains like `a + a + ...`).
//!
//! The grammar never re-reads nested text after a failure (an expression is never followed
//! by an infix operator, so a branch that fails does not hand its tail to the enclosing
//! expression to fail again: see `grammar/expr.pest`), so parsing time is linear in the
//! formula's length, also for formulas that fail; pest's own stack guard is a last line of defence. We do
//! not set `pest::set_call_limit`: it is process-wide state, and the steps above already
//! bound the work.
//!
//! ```
//! use hrrules::error::FileId;
//! use hrrules::limits::Limits;
//! use hrrules::syntax::{parse_expr, ExprKind, BinaryOp};
//!
//! let expr = parse_expr("base_salary * 20% + 500", FileId(0), 0, &Limits::default()).unwrap();
//! assert!(matches!(expr.kind, ExprKind::Binary(BinaryOp::Add, ..)));
//! ```

pub mod ast;
mod build;
mod display;
mod error;
mod number;
mod parser;
mod scan;

pub use ast::{BinaryOp, Expr, ExprKind, UnaryOp};
pub use error::SyntaxError;
pub use number::{parse_number, NumberLimit};

use crate::error::FileId;
use crate::limits::Limits;

/// Parses one formula. `offset` is the byte position of the formula's first character in
/// file `file`, so that every span points into the rule file.
pub fn parse_expr(
    text: &str,
    file: FileId,
    offset: usize,
    limits: &Limits,
) -> Result<Expr, SyntaxError> {
    let at = scan::Origin { file, offset };
    if text.len() > limits.max_formula_len {
        return Err(SyntaxError::TooLong {
            len: text.len(),
            limit: limits.max_formula_len,
            span: at.span(0, text.len()),
        });
    }
    if text.trim().is_empty() {
        return Err(SyntaxError::EmptyFormula {
            span: at.span(0, text.len()),
        });
    }
    scan::prescan(text, limits.max_depth, at)?;
    let pair = parser::parse_formula(text, at)?;
    let builder = build::Builder {
        at,
        max_depth: limits.max_depth,
    };
    let expr = builder.expr(pair)?;
    // The builder already stops at the limit; this re-check walks the finished tree
    // without recursion, so that no later (recursive) pass can ever see a deeper one.
    if expr.depth() > limits.max_depth {
        return Err(SyntaxError::TooDeep {
            limit: limits.max_depth,
            span: expr.span,
        });
    }
    Ok(expr)
}
