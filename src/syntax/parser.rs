//! The pest grammar, and pest's failures turned into [`SyntaxError`]s in plain words.
//!
//! Nothing pest-made leaves this module and `build.rs`: the rest of the crate sees only
//! our own AST and errors.

use super::error::SyntaxError;
use super::scan::Origin;
use pest::error::{ErrorVariant, InputLocation};
use pest::iterators::Pair;
use pest::Parser;

#[derive(pest_derive::Parser)]
#[grammar = "grammar/expr.pest"]
struct ExprParser;

pub(crate) use self::Rule as R;

/// Runs the grammar over a whole formula; returns its `expr` pair.
pub(crate) fn parse_formula(text: &str, at: Origin) -> Result<Pair<'_, R>, SyntaxError> {
    let mut pairs = ExprParser::parse(R::formula, text).map_err(|e| invalid(&e, text, at))?;
    let formula = pairs.next();
    formula
        .and_then(|f| f.into_inner().find(|p| p.as_rule() == R::expr))
        .ok_or(SyntaxError::TooComplex {
            span: at.span(0, text.len()),
        })
}

/// Says in words what went wrong where pest stopped.
fn invalid(err: &pest::error::Error<R>, text: &str, at: Origin) -> SyntaxError {
    let pos = match err.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((s, _)) => s,
    }
    .min(text.len());
    let positives = match &err.variant {
        ErrorVariant::ParsingError { positives, .. } => positives,
        ErrorVariant::CustomError { .. } => {
            return SyntaxError::TooComplex {
                span: at.span(pos, pos),
            }
        }
    };
    let rest = text.get(pos..).unwrap_or("");
    let wants_operator = positives.iter().any(|r| is_operator(*r));
    let wants_operand = positives.iter().any(|r| is_operand(*r));
    let hint = |len: usize| at.span(pos, pos + len);
    if wants_operator && rest.starts_with("&&") {
        return SyntaxError::UseWord {
            found: "&&",
            word: "and",
            span: hint(2),
        };
    }
    if wants_operator && rest.starts_with("||") {
        return SyntaxError::UseWord {
            found: "||",
            word: "or",
            span: hint(2),
        };
    }
    if wants_operator && rest.starts_with('=') {
        return SyntaxError::UseDoubleEquals { span: hint(1) };
    }
    if wants_operand && rest.starts_with('!') && !rest.starts_with("!=") {
        return SyntaxError::UseWord {
            found: "!",
            word: "not",
            span: hint(1),
        };
    }
    let (found, len) = describe(rest);
    SyntaxError::Invalid {
        expected: expected_words(positives),
        found,
        span: at.span(pos, pos + len),
    }
}

fn is_operator(rule: R) -> bool {
    matches!(
        rule,
        R::or
            | R::and
            | R::eq
            | R::ne
            | R::le
            | R::ge
            | R::lt
            | R::gt
            | R::add
            | R::sub
            | R::mul
            | R::div
    )
}

fn is_operand(rule: R) -> bool {
    matches!(
        rule,
        R::expr
            | R::operand
            | R::neg
            | R::not
            | R::paren
            | R::if_expr
            | R::kw_if
            | R::call
            | R::date
            | R::number
            | R::percent
            | R::string
            | R::boolean
            | R::name
            | R::ident
    )
}

/// "an expression", "`)`", "an operator, `,` or `)`", ...
fn expected_words(positives: &[R]) -> String {
    let wants = |f: &dyn Fn(R) -> bool| positives.iter().any(|r| f(*r));
    let mut words: Vec<&str> = Vec::new();
    let table: [(&dyn Fn(R) -> bool, &str); 8] = [
        (&is_operand, "an expression"),
        (&is_operator, "an operator"),
        (&|r| r == R::comma, "`,`"),
        (&|r| r == R::rparen, "`)`"),
        (&|r| r == R::kw_then, "`then`"),
        (&|r| r == R::kw_elif, "`elif`"),
        (&|r| r == R::kw_else, "`else`"),
        (&|r| r == R::EOI, "the end of the formula"),
    ];
    for (test, word) in table {
        if wants(test) {
            words.push(word);
        }
    }
    match words.as_slice() {
        [] => "an expression".to_string(),
        [one] => (*one).to_string(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// What the text starts with, for "found ...", and how many bytes that is.
fn describe(rest: &str) -> (String, usize) {
    let Some(first) = rest.chars().next() else {
        return ("the end of the formula".to_string(), 0);
    };
    let len = if first.is_alphanumeric() || first == '_' {
        rest.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.'))
            .unwrap_or(rest.len())
    } else if ["==", "!=", "<=", ">=", "&&", "||"]
        .iter()
        .any(|op| rest.starts_with(op))
    {
        2
    } else {
        first.len_utf8()
    };
    let token = rest.get(..len).unwrap_or("");
    let shown: String = token.chars().take(30).collect();
    let ellipsis = if shown.len() < token.len() { "…" } else { "" };
    let found = match first {
        '\n' | '\r' => "a line break".to_string(),
        '\t' => "a tab".to_string(),
        _ => format!("`{shown}{ellipsis}`"),
    };
    (found, len)
}
