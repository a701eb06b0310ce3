//! Formulas: pest parse -> our own AST, with spans into the rule file.

pub mod ast;

pub use ast::{BinaryOp, Expr, ExprKind, UnaryOp};

use crate::error::{Diagnostic, FileId, Span};
use crate::limits::Limits;
use rust_decimal::Decimal;

/// A formula that could not be parsed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SyntaxError {
    /// The formula is not well formed, e.g. `sales_amount * ` ("expected an expression").
    #[error("{message}")]
    Invalid {
        /// What was expected, in words.
        message: String,
        /// Where.
        span: Span,
    },
}

impl SyntaxError {
    /// Where the error is.
    pub fn span(&self) -> Span {
        match self {
            SyntaxError::Invalid { span, .. } => *span,
        }
    }

    /// The error as a located diagnostic.
    pub fn diagnostic(&self) -> Diagnostic {
        Diagnostic::new(self.span(), self.to_string())
    }
}

/// Parses one formula. `offset` is the byte position of the formula's first character in
/// file `file`, so that every span points into the rule file.
///
/// STUB: returns the whole text as a name until the real parser lands.
pub fn parse_expr(
    text: &str,
    file: FileId,
    offset: usize,
    limits: &Limits,
) -> Result<Expr, SyntaxError> {
    let span = Span::new(file, offset, offset + text.len());
    if text.len() > limits.max_formula_len {
        return Err(SyntaxError::Invalid {
            message: "formula too long".into(),
            span,
        });
    }
    Ok(Expr {
        kind: ExprKind::Name(text.trim().to_string()),
        span,
    })
}

/// Reads a constant number as written in a table: `7.5`, `-3`, `60000`, `20%`.
/// Returns the value (a percentage as a fraction) and whether it was written as a percent.
///
/// STUB until the real parser lands.
pub fn parse_number(text: &str) -> Option<(Decimal, bool)> {
    let t = text.trim();
    if let Some(p) = t.strip_suffix('%') {
        let d: Decimal = p.trim().parse().ok()?;
        return Some((d / Decimal::ONE_HUNDRED, true));
    }
    t.parse().ok().map(|d| (d, false))
}
