//! Why a formula could not be read, in the words of the person who wrote it.

use crate::error::{Diagnostic, Span};

/// A formula that could not be parsed.
///
/// Each variant's doc names an input that triggers it. Messages are plain words; the
/// grammar's rule names never reach the user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SyntaxError {
    /// The formula is not well formed: `sales_amount * ` ("expected an expression, found
    /// the end of the formula"), `(a + b` ("expected an operator or `)`").
    #[error("expected {expected}, found {found}")]
    Invalid {
        /// What would have been understood here, in words: "an expression", "`)`",
        /// "an operator or the end of the formula".
        expected: String,
        /// What is there instead: "`,`", "the end of the formula".
        found: String,
        /// Where.
        span: Span,
    },
    /// Nothing but blanks: `""` or `"   "`.
    #[error("the formula is empty")]
    EmptyFormula {
        /// The blank formula.
        span: Span,
    },
    /// Longer than [`Limits::max_formula_len`](crate::limits::Limits): a formula of 1 MB.
    #[error("the formula is {len} bytes long, more than the limit of {limit}")]
    TooLong {
        /// Length in bytes.
        len: usize,
        /// The limit in force.
        limit: usize,
        /// The whole formula.
        span: Span,
    },
    /// Nested deeper than [`Limits::max_depth`](crate::limits::Limits): 10,000 `(`, 5,000
    /// `-` or `not` in a row, 500 nested `if`s, or a chain `a + a + ...` of 2,000 terms.
    #[error("the formula nests too deeply (more than {limit} levels)")]
    TooDeep {
        /// The limit in force.
        limit: usize,
        /// The place where the limit was passed.
        span: Span,
    },
    /// The parser gave up before finishing (a safety limit on parsing work or stack):
    /// not expected for any formula within the length and depth limits.
    #[error("the formula is too complex to read")]
    TooComplex {
        /// The place where parsing stopped.
        span: Span,
    },
    /// A number that an exact decimal cannot hold without rounding:
    /// `123456789012345678901234567890` or `0.00000000000000000000000000001`.
    #[error("the number `{text}` {limit}{}", if *limit == crate::vocab::NumberLimit::TooManyPlaces && text.ends_with('%') { " (a percentage is a fraction with two more places: 7.5% is 0.075)" } else { "" })]
    NumberOutOfRange {
        /// The number as written (shortened if very long).
        text: String,
        /// Why it cannot be held.
        limit: crate::vocab::NumberLimit,
        /// Where.
        span: Span,
    },
    /// A date in the wrong shape: `2023-7-1`.
    #[error("`{text}` is not a date: write dates as YYYY-MM-DD, like 2023-07-01")]
    DateFormat {
        /// The date as written.
        text: String,
        /// Where.
        span: Span,
    },
    /// A date that is not in the calendar: `2023-02-30`.
    #[error("`{text}` is not a day of the calendar")]
    NoSuchDay {
        /// The date as written.
        text: String,
        /// Where.
        span: Span,
    },
    /// A parenthesis never closed: `(a + b * c` or `max(a, b`.
    #[error("this `(` is never closed")]
    UnclosedParen {
        /// The opening parenthesis.
        span: Span,
    },
    /// A string with no closing quote: `"sales`.
    #[error("unclosed string")]
    UnclosedString {
        /// The opening quote.
        span: Span,
    },
    /// An unknown escape in a string: `"a\qb"`.
    #[error("unknown escape `{escape}` in a string")]
    BadEscape {
        /// The escape as written, backslash included.
        escape: String,
        /// Where.
        span: Span,
    },
    /// Comparisons in a row: `60 <= score < 90`.
    #[error("comparisons cannot be chained")]
    ChainedComparison {
        /// The second comparison operator.
        op: &'static str,
        /// The whole chain.
        span: Span,
    },
    /// A single `=` where a comparison is expected: `grade = "A"`.
    #[error("`=` is not an operator; to compare, write `==`")]
    UseDoubleEquals {
        /// The `=`.
        span: Span,
    },
    /// A full-width or typographic character typed for an ASCII one, as Chinese input
    /// methods do: `min（a，b）`, `grade == “A”`, `kpi ≥ 90`.
    #[error("`{found}` is a full-width or typographic character; write `{ascii}`")]
    FullWidth {
        /// The character as written.
        found: char,
        /// The ASCII character(s) meant.
        ascii: String,
        /// Where.
        span: Span,
    },
    /// A symbol from another language for a word of ours: `a && b`, `a || b`, `!a`.
    #[error("`{found}` is not an operator here; write `{word}`")]
    UseWord {
        /// The symbol as written.
        found: &'static str,
        /// The word to write instead.
        word: &'static str,
        /// Where.
        span: Span,
    },
}

impl SyntaxError {
    /// Where the error is.
    pub fn span(&self) -> Span {
        match self {
            SyntaxError::Invalid { span, .. }
            | SyntaxError::EmptyFormula { span }
            | SyntaxError::TooLong { span, .. }
            | SyntaxError::TooDeep { span, .. }
            | SyntaxError::TooComplex { span }
            | SyntaxError::NumberOutOfRange { span, .. }
            | SyntaxError::DateFormat { span, .. }
            | SyntaxError::NoSuchDay { span, .. }
            | SyntaxError::UnclosedParen { span }
            | SyntaxError::UnclosedString { span }
            | SyntaxError::FullWidth { span, .. }
            | SyntaxError::BadEscape { span, .. }
            | SyntaxError::ChainedComparison { span, .. }
            | SyntaxError::UseDoubleEquals { span }
            | SyntaxError::UseWord { span, .. } => *span,
        }
    }

    /// The error as a located diagnostic, with a hint where one helps.
    pub fn diagnostic(&self) -> Diagnostic {
        Diagnostic::new(self.span(), self.to_string()).with_help(self.help())
    }

    fn help(&self) -> Option<String> {
        let help = match self {
            SyntaxError::TooDeep { .. } | SyntaxError::TooComplex { .. } => {
                "split the formula into named values in [values]".to_string()
            }
            SyntaxError::TooLong { .. } => {
                "split the formula into named values in [values]".to_string()
            }
            SyntaxError::ChainedComparison { op, .. } => {
                format!("write two comparisons joined by `and`, like `a <= b and b {op} c`")
            }
            SyntaxError::BadEscape { .. } => {
                r#"the escapes are \\ \" \' \n \t; inside a TOML "..." string, 'single quotes' need none"#
                    .to_string()
            }
            SyntaxError::NumberOutOfRange { .. } => {
                "exact decimals hold 28 significant digits (29 up to 79228162514264337593543950335) \
                 and at most 28 places; only division and rounding ever round"
                    .to_string()
            }
            SyntaxError::UnclosedParen { .. } => {
                "close it with `)` where the group or the call's arguments end".to_string()
            }
            SyntaxError::FullWidth { .. } => {
                "formulas are written with ASCII punctuation; switch the input method to half-width"
                    .to_string()
            }
            SyntaxError::UnclosedString { .. } => {
                "end the string with the same quote it starts with".to_string()
            }
            _ => return None,
        };
        Some(help)
    }
}
