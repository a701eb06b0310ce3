//! Why a text is not a value of the type asked for: the typed error of
//! [`parse_text`](super::parse_text). The message names the text as written (cut when long).

use super::{NumberLimit, ValueType};
use crate::text::Quoted;

/// Why a text (a data cell, a test input) is not a value of the type asked for.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    /// Nothing but spaces where a value is needed: `"  "` for a `money` input.
    #[error("the value is blank; expected {}", expected(*ty))]
    Blank {
        /// The type asked for.
        ty: ValueType,
    },
    /// Not a decimal: `abc`, `1,23,456` or `1.5e3` for a `money` input, `85%` for a `number`.
    #[error("{} is not a number{}", Quoted(text), hint.words())]
    NotANumber {
        /// The text as written.
        text: String,
        /// What in it looks wrong, when something does.
        hint: NumberHint,
    },
    /// A number with a fraction, or no number, for an `integer` input: `12.5`, `abc`.
    #[error("{} is not a whole number", Quoted(text))]
    NotWhole {
        /// The text as written.
        text: String,
    },
    /// Neither `85%` nor a fraction for a `percent` input: `abc`, `85 percent`.
    #[error("{} is not a percentage (expected 85% or 0.85)", Quoted(text))]
    NotAPercentage {
        /// The text as written.
        text: String,
    },
    /// Not a yes or no for a `bool` input: `maybe`, `2`.
    #[error(
        "{} is not true or false (expected true/false, yes/no, 1/0 or 是/否)",
        Quoted(text)
    )]
    NotABool {
        /// The text as written.
        text: String,
    },
    /// Not written as a date for a `date` input: `Sept 1`, `2023-9`.
    #[error("{} is not a date (expected YYYY-MM-DD)", Quoted(text))]
    NotADate {
        /// The text as written.
        text: String,
    },
    /// Written as a date, but no day of the calendar: `2023-02-30`.
    #[error("{} is not a date", Quoted(text))]
    NoSuchDay {
        /// The text as written.
        text: String,
    },
    /// Digits an exact decimal cannot hold, which is never rounded instead:
    /// `99999999999999999999999999999`, `0.00000000000000000000000000001`.
    #[error("{} {limit}{}", Quoted(text), if *percent && *limit == NumberLimit::TooManyPlaces {
        " (a percentage is a fraction with two more places: 7.5% is 0.075)"
    } else {
        ""
    })]
    TooExact {
        /// The text as written.
        text: String,
        /// Which limit it passes.
        limit: NumberLimit,
        /// Whether it was written as a percentage (`7.5%` needs two more places).
        percent: bool,
    },
}

/// What makes a text that is not a number look wrong, for the message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NumberHint {
    /// Nothing in particular: `abc`, `1.2.3`.
    None,
    /// A percent sign outside a `percent` input: `85%` for a `number`.
    PercentSign,
    /// Scientific notation, as spreadsheets show very large and small numbers: `1.5e-20`.
    Exponent,
    /// Thousands separators that do not group three digits: `1,23,456`, `1,23.4`.
    Grouping,
    /// A comma after the point, as some European systems write decimals: `1.234,50`.
    DecimalComma,
    /// Two currency marks: `¥100元`, `RMB ¥100`.
    TwoCurrencies,
    /// Another currency than the yuan: `$100`, `¥100 USD`, `100美元`.
    ForeignCurrency,
    /// A sign with an accounting negative's parentheses: `(-5)`, `-(5)`, `(−5)`.
    SignInParentheses,
    /// A parenthesis without its pair, or not around the whole amount: `(100`, `1(00)`.
    Parentheses,
}

impl NumberHint {
    /// The words added to the message, with a leading space (none for [`NumberHint::None`]).
    pub fn words(self) -> &'static str {
        match self {
            NumberHint::None => "",
            NumberHint::PercentSign => " (a percent sign belongs only in percent inputs)",
            NumberHint::Exponent => " (write the digits out, without an exponent)",
            NumberHint::Grouping => " (thousands separators must group 3 digits)",
            NumberHint::DecimalComma => {
                " (a comma after the point: the point is the decimal point and commas group thousands, 1,234.50)"
            }
            NumberHint::TwoCurrencies => {
                " (one currency mark at most: ¥1,234.50 or 1,234.50元, not both)"
            }
            NumberHint::ForeignCurrency => {
                " (only amounts in yuan are read: ¥, ￥, RMB, CNY or 元)"
            }
            NumberHint::SignInParentheses => {
                " (parentheses already make the amount negative: write (100.00) or -100.00, not both)"
            }
            NumberHint::Parentheses => {
                " (an accounting negative puts the whole amount in parentheses: (100.00))"
            }
        }
    }
}

/// What a type's values look like, in words.
fn expected(ty: ValueType) -> &'static str {
    match ty {
        ValueType::Money | ValueType::Number => "a number",
        ValueType::Integer => "a whole number",
        ValueType::Percent => "a percentage",
        ValueType::Bool => "true or false",
        ValueType::Date => "a date",
        ValueType::Text => "text",
    }
}
