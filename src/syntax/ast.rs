//! The expression tree: our own types, with a span on every node. No pest type appears here.

use crate::date::Date;
use crate::error::Span;
use rust_decimal::Decimal;

/// One expression, as written in a formula, condition or score.
#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    /// What the expression is.
    pub kind: ExprKind,
    /// Where it is written, in the rule file (not in the formula string alone).
    pub span: Span,
}

/// The forms of expression.
#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    /// A number as written: `1234`, `1234.56`. Read from its text, exactly.
    Number(Decimal),
    /// A percentage: `20%` is stored as `0.20`.
    Percent(Decimal),
    /// `true` or `false`.
    Bool(bool),
    /// `"text"`, escapes resolved.
    Text(String),
    /// `2023-07-01`.
    Date(Date),
    /// A name, possibly dotted: `sales_amount`, `kpi.sales`, `period.start`.
    Name(String),
    /// `-x` or `not x`.
    Unary(UnaryOp, Box<Expr>),
    /// `a + b`, `a and b`, `a <= b`, ...
    Binary(BinaryOp, Box<Expr>, Box<Expr>),
    /// `if C then A elif D then B else E`: one `(condition, result)` per `if`/`elif`.
    If {
        /// The `if` and each `elif`, in order.
        branches: Vec<(Expr, Expr)>,
        /// The required `else`.
        otherwise: Box<Expr>,
    },
    /// `min(a, b)`, `tier(commission, x)`, ...
    Call {
        /// Function name as written.
        name: String,
        /// Where the function name is written.
        name_span: Span,
        /// Arguments in order.
        args: Vec<Expr>,
        /// `by team`: the name whose value groups the employees of a population figure
        /// (`sum(sales) by team`), as a [`ExprKind::Name`].
        by: Option<Box<Expr>>,
    },
    /// `"A" = 20%`: a labelled argument (the grades of `distribute`). Only a call's argument.
    Labelled {
        /// The label, escapes resolved.
        label: String,
        /// Where the label is written.
        label_span: Span,
        /// The value.
        value: Box<Expr>,
    },
}

/// Prefix operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UnaryOp {
    /// `-x`
    Neg,
    /// `not x`
    Not,
}

/// Infix operators, loosest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BinaryOp {
    /// `or`
    Or,
    /// `and`
    And,
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
}

impl BinaryOp {
    /// The operator as written.
    pub fn symbol(self) -> &'static str {
        match self {
            BinaryOp::Or => "or",
            BinaryOp::And => "and",
            BinaryOp::Eq => "==",
            BinaryOp::Ne => "!=",
            BinaryOp::Lt => "<",
            BinaryOp::Le => "<=",
            BinaryOp::Gt => ">",
            BinaryOp::Ge => ">=",
            BinaryOp::Add => "+",
            BinaryOp::Sub => "-",
            BinaryOp::Mul => "*",
            BinaryOp::Div => "/",
        }
    }
}

impl Expr {
    /// Calls `f` on this expression and every sub-expression, parents first.
    ///
    /// Iterative, so even a very deep tree cannot overflow the stack here.
    pub fn walk<'a>(&'a self, mut f: impl FnMut(&'a Expr)) {
        let mut stack = vec![self];
        while let Some(e) = stack.pop() {
            f(e);
            match &e.kind {
                ExprKind::Unary(_, x) => stack.push(x),
                ExprKind::Binary(_, a, b) => {
                    stack.push(b);
                    stack.push(a);
                }
                ExprKind::If {
                    branches,
                    otherwise,
                } => {
                    stack.push(otherwise);
                    for (c, r) in branches.iter().rev() {
                        stack.push(r);
                        stack.push(c);
                    }
                }
                ExprKind::Call { args, by, .. } => {
                    stack.extend(by.as_deref());
                    stack.extend(args.iter().rev());
                }
                ExprKind::Labelled { value, .. } => stack.push(value),
                _ => {}
            }
        }
    }

    /// Levels of the tree: 1 for a literal or a name, 2 for `a + b`, 3 for `a + b * c`.
    ///
    /// Iterative, so even a very deep tree cannot overflow the stack here.
    pub fn depth(&self) -> usize {
        let mut deepest = 0;
        let mut stack = vec![(self, 1usize)];
        while let Some((e, d)) = stack.pop() {
            deepest = deepest.max(d);
            let below = d.saturating_add(1);
            match &e.kind {
                ExprKind::Unary(_, x) => stack.push((x, below)),
                ExprKind::Binary(_, a, b) => {
                    stack.push((a, below));
                    stack.push((b, below));
                }
                ExprKind::If {
                    branches,
                    otherwise,
                } => {
                    stack.push((otherwise, below));
                    for (c, r) in branches {
                        stack.push((c, below));
                        stack.push((r, below));
                    }
                }
                ExprKind::Call { args, by, .. } => {
                    stack.extend(args.iter().map(|a| (a, below)));
                    stack.extend(by.as_deref().map(|b| (b, below)));
                }
                ExprKind::Labelled { value, .. } => stack.push((value, below)),
                _ => {}
            }
        }
        deepest
    }
}
