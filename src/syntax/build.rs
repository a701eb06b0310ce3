//! From pest's pairs to our own [`Expr`] tree, folding operators by precedence.
//!
//! Recursion here follows the nesting the pre-scan has already bounded (parentheses,
//! `if`s, calls, runs of prefix operators). Operator chains such as `a + a + a + ...` are
//! folded in a loop, but they make the tree deeper, so every node's depth is known as it
//! is made, and building stops with [`SyntaxError::TooDeep`] as soon as it passes the
//! limit: no tree deeper than the limit ever exists, not even to be dropped.

use super::ast::{BinaryOp, Expr, ExprKind, UnaryOp};
use super::error::SyntaxError;
use super::number::{exact_decimal, percent_of};
use super::parser::R;
use super::scan::Origin;
use crate::date::Date;
use crate::error::Span;
use crate::vocab::NumberLimit;
use pest::iterators::Pair;
use pest::pratt_parser::{Assoc, Op, PrattParser};
use std::sync::LazyLock;

/// Operators, loosest first. `not` sits between `and` and the comparisons, so that
/// `not a == b` is `not (a == b)`; unary `-` binds tightest.
static PRATT: LazyLock<PrattParser<R>> = LazyLock::new(|| {
    PrattParser::new()
        .op(Op::infix(R::or, Assoc::Left))
        .op(Op::infix(R::and, Assoc::Left))
        .op(Op::prefix(R::not))
        .op(Op::infix(R::eq, Assoc::Left)
            | Op::infix(R::ne, Assoc::Left)
            | Op::infix(R::lt, Assoc::Left)
            | Op::infix(R::le, Assoc::Left)
            | Op::infix(R::gt, Assoc::Left)
            | Op::infix(R::ge, Assoc::Left))
        .op(Op::infix(R::add, Assoc::Left) | Op::infix(R::sub, Assoc::Left))
        .op(Op::infix(R::mul, Assoc::Left) | Op::infix(R::div, Assoc::Left))
        .op(Op::prefix(R::neg))
});

/// What the builder needs to know besides the pairs.
pub(crate) struct Builder {
    pub at: Origin,
    pub max_depth: usize,
}

/// An expression being built, with what the next step up needs to know.
struct Built {
    expr: Expr,
    /// Levels of the tree, a leaf being 1.
    depth: usize,
    /// Written in parentheses: `(a < b) < c` is not a chained comparison.
    grouped: bool,
}

type Res = Result<Built, SyntaxError>;

impl Builder {
    /// Builds the tree of an `expr` pair.
    pub fn expr(&self, pair: Pair<'_, R>) -> Result<Expr, SyntaxError> {
        self.fold(pair).map(|b| b.expr)
    }

    fn span(&self, pair: &Pair<'_, R>) -> Span {
        let s = pair.as_span();
        self.at.span(s.start(), s.end())
    }

    /// A new node over children of the given depth, unless it would be too deep; `token`
    /// is its operator, keyword or function name, where a "too deep" error points.
    fn node(&self, kind: ExprKind, span: Span, child_depth: usize, token: Span) -> Res {
        let depth = child_depth.saturating_add(1);
        if depth > self.max_depth {
            return Err(SyntaxError::TooDeep {
                limit: self.max_depth,
                span: token,
            });
        }
        Ok(Built {
            expr: Expr { kind, span },
            depth,
            grouped: false,
        })
    }

    fn leaf(&self, kind: ExprKind, span: Span) -> Res {
        self.node(kind, span, 0, span)
    }

    /// Folds an `expr` pair's run of operands and operators by precedence.
    fn fold(&self, pair: Pair<'_, R>) -> Res {
        PRATT
            .map_primary(|operand| self.operand(operand))
            .map_prefix(|op, rhs| {
                let rhs = rhs?;
                let unary = if op.as_rule() == R::not {
                    UnaryOp::Not
                } else {
                    UnaryOp::Neg
                };
                let token = self.span(&op);
                let span = token.to(rhs.expr.span);
                self.node(
                    ExprKind::Unary(unary, Box::new(rhs.expr)),
                    span,
                    rhs.depth,
                    token,
                )
            })
            .map_infix(|lhs, op, rhs| {
                let (lhs, rhs) = (lhs?, rhs?);
                let binary = binary_op(op.as_rule());
                let span = lhs.expr.span.to(rhs.expr.span);
                if is_comparison(binary) && !lhs.grouped {
                    if let ExprKind::Binary(first, ..) = lhs.expr.kind {
                        if is_comparison(first) {
                            return Err(SyntaxError::ChainedComparison {
                                op: binary.symbol(),
                                span,
                            });
                        }
                    }
                }
                let depth = lhs.depth.max(rhs.depth);
                let kind = ExprKind::Binary(binary, Box::new(lhs.expr), Box::new(rhs.expr));
                self.node(kind, span, depth, self.span(&op))
            })
            .parse(pair.into_inner())
    }

    /// One operand: the `operand` pair wraps exactly one alternative.
    fn operand(&self, pair: Pair<'_, R>) -> Res {
        let span = self.span(&pair);
        let Some(inner) = pair.into_inner().next() else {
            return Err(SyntaxError::TooComplex { span });
        };
        let text = inner.as_str();
        match inner.as_rule() {
            R::paren => {
                let Some(expr) = inner.into_inner().find(|p| p.as_rule() == R::expr) else {
                    return Err(SyntaxError::TooComplex { span });
                };
                let mut built = self.fold(expr)?;
                built.expr.span = span;
                built.grouped = true;
                Ok(built)
            }
            R::if_expr => self.if_expr(inner, span),
            R::call => self.call(inner, span),
            R::number => match exact_decimal(text) {
                Some(d) => self.leaf(ExprKind::Number(d), span),
                None => Err(out_of_range(text, 0, span)),
            },
            R::percent => {
                let digits = text.strip_suffix('%').unwrap_or(text);
                match exact_decimal(digits).and_then(percent_of) {
                    Some(d) => self.leaf(ExprKind::Percent(d), span),
                    None => Err(out_of_range(digits, 2, span)),
                }
            }
            R::date => self.leaf(ExprKind::Date(date(text, span)?), span),
            R::boolean => self.leaf(ExprKind::Bool(text == "true"), span),
            R::string => self.leaf(ExprKind::Text(unescape(text, span)?), span),
            R::name => self.leaf(ExprKind::Name(text.to_string()), span),
            _ => Err(SyntaxError::TooComplex { span }),
        }
    }

    /// `if C then A elif D then B else E`: the exprs come in order C, A, D, B, ..., E.
    fn if_expr(&self, pair: Pair<'_, R>, span: Span) -> Res {
        let mut parts = Vec::new();
        let mut depth = 0;
        for part in pair.into_inner().filter(|p| p.as_rule() == R::expr) {
            let built = self.fold(part)?;
            depth = depth.max(built.depth);
            parts.push(built.expr);
        }
        let Some(otherwise) = parts.pop() else {
            return Err(SyntaxError::TooComplex { span });
        };
        let mut branches = Vec::with_capacity(parts.len() / 2);
        let mut parts = parts.into_iter();
        while let (Some(cond), Some(then)) = (parts.next(), parts.next()) {
            branches.push((cond, then));
        }
        let kind = ExprKind::If {
            branches,
            otherwise: Box::new(otherwise),
        };
        let keyword = Span::new(span.file, span.start as usize, span.start as usize + 2);
        self.node(kind, span, depth, keyword)
    }

    /// `name(arg, ...)`.
    fn call(&self, pair: Pair<'_, R>, span: Span) -> Res {
        let mut name = None;
        let mut args = Vec::new();
        let mut by = None;
        let mut depth = 0;
        for part in pair.into_inner() {
            match part.as_rule() {
                R::ident => name = Some((part.as_str().to_string(), self.span(&part))),
                R::expr => {
                    let built = self.fold(part)?;
                    depth = depth.max(built.depth);
                    args.push(built.expr);
                }
                R::labelled => {
                    let built = self.labelled(part)?;
                    depth = depth.max(built.depth);
                    args.push(built.expr);
                }
                R::by_clause => {
                    let group = part.into_inner().find(|p| p.as_rule() == R::name);
                    if let Some(g) = group {
                        let s = self.span(&g);
                        by = Some(Box::new(Expr {
                            kind: ExprKind::Name(g.as_str().to_string()),
                            span: s,
                        }));
                    }
                }
                _ => {}
            }
        }
        let Some((name, name_span)) = name else {
            return Err(SyntaxError::TooComplex { span });
        };
        let kind = ExprKind::Call {
            name,
            name_span,
            args,
            by,
        };
        self.node(kind, span, depth, name_span)
    }

    /// `"A" = 20%`: a label and an expression.
    fn labelled(&self, pair: Pair<'_, R>) -> Res {
        let span = self.span(&pair);
        let mut label = None;
        let mut value = None;
        for part in pair.into_inner() {
            match part.as_rule() {
                R::string => {
                    let s = self.span(&part);
                    label = Some((unescape(part.as_str(), s)?, s));
                }
                R::expr => value = Some(self.fold(part)?),
                _ => {}
            }
        }
        let (Some((label, label_span)), Some(value)) = (label, value) else {
            return Err(SyntaxError::TooComplex { span });
        };
        let kind = ExprKind::Labelled {
            label,
            label_span,
            value: Box::new(value.expr),
        };
        self.node(kind, span, value.depth, label_span)
    }
}

fn binary_op(rule: R) -> BinaryOp {
    match rule {
        R::or => BinaryOp::Or,
        R::and => BinaryOp::And,
        R::eq => BinaryOp::Eq,
        R::ne => BinaryOp::Ne,
        R::lt => BinaryOp::Lt,
        R::le => BinaryOp::Le,
        R::gt => BinaryOp::Gt,
        R::ge => BinaryOp::Ge,
        R::add => BinaryOp::Add,
        R::sub => BinaryOp::Sub,
        R::mul => BinaryOp::Mul,
        // the grammar's `infix` has no other rule
        _ => BinaryOp::Div,
    }
}

fn is_comparison(op: BinaryOp) -> bool {
    matches!(
        op,
        BinaryOp::Eq | BinaryOp::Ne | BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge
    )
}

/// The error for a number literal (`digits`, with `extra_places` more for a percentage)
/// that an exact decimal cannot hold, saying why.
fn out_of_range(digits: &str, extra_places: usize, span: Span) -> SyntaxError {
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let limit = NumberLimit::of(int, frac, extra_places).unwrap_or(NumberLimit::TooManyDigits);
    let text = if extra_places > 0 {
        format!("{digits}%")
    } else {
        digits.to_string()
    };
    let mut shown: String = text.chars().take(40).collect();
    if shown.len() < text.len() {
        shown.push('…');
    }
    SyntaxError::NumberOutOfRange {
        text: shown,
        limit,
        span,
    }
}

/// A date literal, which the grammar only roughly shapes: `2023-07-01` exactly.
fn date(text: &str, span: Span) -> Result<Date, SyntaxError> {
    let b = text.as_bytes();
    if b.len() != 10 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return Err(SyntaxError::DateFormat {
            text: text.chars().take(40).collect(),
            span,
        });
    }
    text.parse().map_err(|_| SyntaxError::NoSuchDay {
        text: text.to_string(),
        span,
    })
}

/// A string literal's value: quotes removed, escapes resolved. `span` is the literal's.
fn unescape(literal: &str, span: Span) -> Result<String, SyntaxError> {
    let start = span.start as usize;
    let body = literal
        .get(1..literal.len().saturating_sub(1))
        .unwrap_or("");
    let mut out = String::with_capacity(body.len());
    let mut chars = body.char_indices();
    while let Some((i, c)) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let next = chars.next().map(|(_, n)| n);
        let resolved = match next {
            Some('\\') => '\\',
            Some('"') => '"',
            Some('\'') => '\'',
            Some('n') => '\n',
            Some('t') => '\t',
            _ => {
                let len = 1 + next.map_or(0, char::len_utf8);
                let at = start + 1 + i;
                return Err(SyntaxError::BadEscape {
                    escape: body.get(i..i + len).unwrap_or("\\").to_string(),
                    span: Span::new(span.file, at, at + len),
                });
            }
        };
        out.push(resolved);
    }
    Ok(out)
}
