//! Formulas: pest parse -> our own AST, with spans into the rule file.

pub mod ast;

pub use ast::{BinaryOp, Expr, ExprKind, UnaryOp};
