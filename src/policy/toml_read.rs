//! Reading typed values out of the TOML tree: every read keeps its span, and every
//! problem becomes a [`PolicyError`] collected in the [`Reader`], never a panic or an early
//! return of the whole load.

use std::ops::Range;

use rust_decimal::Decimal;
use toml::de::{DeArray, DeString, DeTable, DeValue};
use toml::Spanned;

use super::error::{DateProblem, PolicyError};
use super::model::Named;
use crate::date::Date;
use crate::error::{nearest, FileId, Span};
use crate::limits::Limits;
use crate::shape::{self, Table};
use crate::syntax::{parse_expr, parse_number, Expr, ExprKind};
use crate::vocab::{Rounding, RoundingMode, ValueType};

/// A TOML value with its byte range.
pub(crate) type Item<'i> = Spanned<DeValue<'i>>;
/// A TOML key with its byte range.
pub(crate) type Key<'i> = Spanned<DeString<'i>>;

/// Words that cannot be names: the expression language's keywords and `period`.
const RESERVED: [&str; 9] = [
    "and", "or", "not", "if", "then", "elif", "else", "true", "false",
];

/// A number read from a table.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Number {
    /// The value; a percentage as a fraction.
    pub value: Decimal,
    /// Written with `%`.
    pub percent: bool,
    /// Where it is written.
    pub span: Span,
}

/// Reads one file's TOML tree and collects the problems found.
pub(crate) struct Reader<'a> {
    /// The file being read.
    pub file: FileId,
    /// Its text, to find formulas' offsets.
    pub text: &'a str,
    /// Limits passed on to the formula parser.
    pub limits: &'a Limits,
    /// Every problem found so far.
    pub errors: Vec<PolicyError>,
    /// Names whose definitions had errors and were left out of the model.
    pub broken: Vec<Named>,
    /// Required keys found missing but not reported, because a misspelt key already was.
    pub silent: usize,
}

/// A point in the reading of a file, to ask whether anything went wrong since.
#[derive(Clone, Copy)]
pub(crate) struct Mark {
    errors: usize,
    silent: usize,
}

/// The TOML type of a value, in words.
pub(crate) fn found(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

/// Reads a bare TOML number from its source text, exactly. `None` for `inf` and `nan`
/// and for numbers too large for a decimal.
pub(crate) fn bare_number(v: &DeValue<'_>) -> Option<Decimal> {
    match v {
        DeValue::Integer(i) if i.radix() == 10 => i.as_str().parse().ok(),
        DeValue::Integer(i) => i128::from_str_radix(i.as_str(), i.radix())
            .ok()
            .and_then(|n| Decimal::try_from_i128_with_scale(n, 0).ok()),
        DeValue::Float(f) => {
            let t = f.as_str();
            if t.contains(['e', 'E']) {
                Decimal::from_scientific(t).ok()
            } else {
                t.parse().ok()
            }
        }
        _ => None,
    }
}

/// A key as shown in a message: `weight` in backquotes; a description such as
/// "each entry of `include`" as it is.
pub(crate) fn quoted(key: &str) -> String {
    if key.contains(' ') {
        key.to_string()
    } else {
        format!("`{key}`")
    }
}

/// Why `name` cannot be a name, or `None` when it can.
pub(crate) fn name_problem(name: &str) -> Option<&'static str> {
    let mut chars = name.chars();
    match chars.next() {
        None => return Some("it is empty"),
        Some(c) if c.is_numeric() => return Some("it starts with a digit"),
        Some(_) => {}
    }
    if !name.chars().all(|c| c.is_alphanumeric() || c == '_') {
        return Some("it may hold only letters, digits and `_`");
    }
    if RESERVED.contains(&name) {
        return Some("it is a keyword of the formula language");
    }
    if name == "period" {
        return Some("`period` is reserved for the period evaluated (`period.start`, ...)");
    }
    None
}

/// Sets every span in `expr` to `span`. Iterative, so no formula can overflow the stack.
fn point_all_at(expr: &mut Expr, span: Span) {
    let mut stack = vec![expr];
    while let Some(e) = stack.pop() {
        e.span = span;
        match &mut e.kind {
            ExprKind::Unary(_, x) => stack.push(x),
            ExprKind::Binary(_, a, b) => {
                stack.push(a);
                stack.push(b);
            }
            ExprKind::If {
                branches,
                otherwise,
            } => {
                stack.push(otherwise);
                for (c, r) in branches.iter_mut() {
                    stack.push(c);
                    stack.push(r);
                }
            }
            ExprKind::Call {
                name_span, args, ..
            } => {
                *name_span = span;
                stack.extend(args.iter_mut());
            }
            _ => {}
        }
    }
}

impl<'a> Reader<'a> {
    /// A span in this file.
    pub fn span(&self, r: Range<usize>) -> Span {
        Span::new(self.file, r.start, r.end)
    }

    /// Where a value is written.
    pub fn at<T>(&self, item: &Spanned<T>) -> Span {
        self.span(item.span())
    }

    /// Records a problem.
    pub fn error(&mut self, e: PolicyError) {
        self.errors.push(e);
    }

    /// The current point, for [`Reader::clean_since`].
    pub fn mark(&self) -> Mark {
        Mark {
            errors: self.errors.len(),
            silent: self.silent,
        }
    }

    /// Whether every problem recorded since `before` is only an unknown key, which leaves
    /// the definition usable.
    pub fn clean_since(&self, before: Mark) -> bool {
        self.silent == before.silent
            && self
                .errors
                .get(before.errors..)
                .unwrap_or_default()
                .iter()
                .all(|e| matches!(e, PolicyError::UnknownKey { .. }))
    }

    /// Records that a definition was left out because of an error.
    pub fn broken(&mut self, name: &Named) {
        self.broken.push(name.clone());
    }

    /// Reports every key of `table` not in `known`.
    pub fn check_keys(&mut self, table: &DeTable<'_>, shape: &Table, place: &str) {
        for key in table.keys() {
            let k: &str = key.get_ref();
            if !shape.has(k) {
                let e = PolicyError::UnknownKey {
                    key: k.to_string(),
                    place: place.to_string(),
                    suggestion: nearest(k, shape.names()),
                    span: self.at(key),
                };
                self.error(e);
            }
        }
    }

    /// Reports a value of the wrong TOML type.
    pub fn wrong_type(&mut self, item: &Item<'_>, key: &str, expected: &'static str) {
        let e = PolicyError::WrongType {
            what: quoted(key),
            expected,
            found: found(item.get_ref()),
            span: self.at(item),
        };
        self.error(e);
    }

    /// `table[key]`, reporting it missing.
    pub fn required<'t, 'i>(
        &mut self,
        table: &'t DeTable<'i>,
        key: &'static str,
        place: &str,
        span: Span,
    ) -> Option<&'t Item<'i>> {
        let item = table.get(key);
        // `wieght = ...` is already reported as an unknown key, with `weight` suggested
        let misspelt = || table.keys().any(|k| nearest(k.get_ref(), [key]).is_some());
        if item.is_none() && misspelt() {
            self.silent += 1;
        } else if item.is_none() {
            self.error(PolicyError::MissingKey {
                key,
                place: place.to_string(),
                span,
            });
        }
        item
    }

    /// The value as a table.
    pub fn table<'t, 'i>(&mut self, item: &'t Item<'i>, key: &str) -> Option<&'t DeTable<'i>> {
        match item.get_ref() {
            DeValue::Table(t) => Some(t),
            _ => {
                self.wrong_type(item, key, "a table");
                None
            }
        }
    }

    /// The value as an array.
    pub fn array<'t, 'i>(
        &mut self,
        item: &'t Item<'i>,
        key: &str,
        expected: &'static str,
    ) -> Option<&'t DeArray<'i>> {
        match item.get_ref() {
            DeValue::Array(a) => Some(a),
            _ => {
                self.wrong_type(item, key, expected);
                None
            }
        }
    }

    /// The value as a string.
    pub fn string(&mut self, item: &Item<'_>, key: &str) -> Option<String> {
        match item.get_ref() {
            DeValue::String(s) => Some(s.to_string()),
            _ => {
                self.wrong_type(item, key, "a string");
                None
            }
        }
    }

    /// The value as a boolean: `exclude_failed = true`.
    pub fn boolean(&mut self, item: &Item<'_>, key: &str) -> Option<bool> {
        match item.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            _ => {
                self.wrong_type(item, key, "true or false");
                None
            }
        }
    }

    /// An optional string: `doc`, `reference`.
    pub fn opt_string(&mut self, table: &DeTable<'_>, key: &str) -> Option<String> {
        table.get(key).and_then(|item| self.string(item, key))
    }

    /// A number written bare (`7.5`) or quoted (`"7.5"`, `"20%"`).
    pub fn number(&mut self, item: &Item<'_>, key: &str) -> Option<Number> {
        let span = self.at(item);
        let (parsed, text) = match item.get_ref() {
            DeValue::String(s) => (parse_number(s), s.to_string()),
            v @ (DeValue::Integer(_) | DeValue::Float(_)) => (
                bare_number(v).map(|d| (d, false)),
                self.text.get(item.span()).unwrap_or_default().to_string(),
            ),
            _ => {
                self.wrong_type(item, key, "a number like 7.5 or \"20%\"");
                return None;
            }
        };
        match parsed {
            Some((value, percent)) => Some(Number {
                value,
                percent,
                span,
            }),
            None => {
                self.error(PolicyError::BadNumber {
                    key: key.to_string(),
                    text,
                    span,
                });
                None
            }
        }
    }

    /// A calendar day: a TOML date (`2023-07-01`) or a string holding one.
    pub fn date(&mut self, item: &Item<'_>, key: &str) -> Option<(Date, Span)> {
        let span = self.at(item);
        let result = match item.get_ref() {
            DeValue::Datetime(dt) => match (dt.date, dt.time, dt.offset) {
                (Some(d), None, None) => {
                    Date::from_ymd(i32::from(d.year), u32::from(d.month), u32::from(d.day))
                        .ok_or(DateProblem::NoSuchDay)
                }
                (Some(_), _, _) => Err(DateProblem::WithTime),
                (None, _, _) => Err(DateProblem::TimeOnly),
            },
            DeValue::String(s) => s.parse::<Date>().map_err(DateProblem::Text),
            _ => {
                self.wrong_type(item, key, "a date like 2023-07-01");
                return None;
            }
        };
        match result {
            Ok(d) => Some((d, span)),
            Err(reason) => {
                self.error(PolicyError::BadDate {
                    key: key.to_string(),
                    reason,
                    span,
                });
                None
            }
        }
    }

    /// A formula: a string parsed as an expression, or a bare number, boolean or date
    /// taken as that literal.
    pub fn formula(&mut self, item: &Item<'_>, key: &str) -> Option<Expr> {
        let span = self.at(item);
        let kind = match item.get_ref() {
            DeValue::String(s) => {
                let offset = self.formula_offset(item.span(), s);
                return match parse_expr(s, self.file, offset, self.limits) {
                    Ok(mut e) if offset == item.span().start => {
                        // escapes: places inside the value are not places in the file
                        point_all_at(&mut e, span);
                        Some(e)
                    }
                    Ok(e) => Some(e),
                    Err(error) if offset == item.span().start => {
                        self.error(PolicyError::SyntaxInString { error, span });
                        None
                    }
                    Err(e) => {
                        self.error(PolicyError::Syntax(e));
                        None
                    }
                };
            }
            v @ (DeValue::Integer(_) | DeValue::Float(_)) => match bare_number(v) {
                Some(d) => ExprKind::Number(d),
                None => {
                    self.number(item, key);
                    return None;
                }
            },
            DeValue::Boolean(b) => ExprKind::Bool(*b),
            DeValue::Datetime(_) => ExprKind::Date(self.date(item, key)?.0),
            _ => {
                self.wrong_type(item, key, "a formula string like \"base_salary * 10%\"");
                return None;
            }
        };
        Some(Expr { kind, span })
    }

    /// Byte offset in the file of the first character of a string's value.
    ///
    /// When the string's source is exactly its value between the quotes, the formula's
    /// spans point at each character; when escapes or line-ending backslashes make them
    /// differ, everything points at the string's start.
    pub fn formula_offset(&self, span: Range<usize>, value: &str) -> usize {
        let raw = self.text.get(span.clone()).unwrap_or_default();
        let quote = if raw.starts_with("\"\"\"") || raw.starts_with("'''") {
            3
        } else if raw.starts_with('"') || raw.starts_with('\'') {
            1
        } else {
            return span.start;
        };
        let Some(inner) = raw
            .get(quote..raw.len().saturating_sub(quote))
            .filter(|_| raw.len() >= 2 * quote)
        else {
            return span.start;
        };
        let mut skip = 0;
        if quote == 3 {
            if inner.starts_with("\r\n") {
                skip = 2;
            } else if inner.starts_with('\n') {
                skip = 1;
            }
        }
        let content = inner.get(skip..).unwrap_or_default();
        if content == value {
            span.start + quote + skip
        } else {
            span.start
        }
    }

    /// `type = "money"`.
    pub fn value_type(&mut self, item: &Item<'_>) -> Option<(ValueType, Span)> {
        let name = self.string(item, "type")?;
        let span = self.at(item);
        match ValueType::from_name(&name) {
            Some(t) => Some((t, span)),
            None => {
                let suggestion = nearest(&name, ValueType::ALL.iter().map(|(n, _)| *n));
                self.error(PolicyError::UnknownType {
                    name,
                    suggestion,
                    span,
                });
                None
            }
        }
    }

    /// `rounding = { places = 2, mode = "half_up" }`; `mode` defaults to `half_up`.
    pub fn rounding(&mut self, item: &Item<'_>) -> Option<(Rounding, Span)> {
        let span = self.at(item);
        let table = self.table(item, "rounding")?;
        self.check_keys(table, &shape::ROUNDING, "`rounding`");
        let mut rounding = Rounding::default();
        let mut ok = true;
        match self.required(table, "places", "`rounding`", span) {
            Some(p) => match p.get_ref() {
                DeValue::Integer(i) if i.radix() == 10 => {
                    match i.as_str().parse::<u32>().ok().filter(|n| *n <= 28) {
                        Some(n) => rounding.places = n,
                        None => {
                            ok = false;
                            self.error(PolicyError::BadPlaces {
                                text: i.as_str().to_string(),
                                span: self.at(p),
                            });
                        }
                    }
                }
                _ => {
                    ok = false;
                    self.wrong_type(p, "places", "a whole number from 0 to 28");
                }
            },
            None => ok = false,
        }
        if let Some(m) = table.get("mode") {
            match self.string(m, "mode") {
                Some(name) => match RoundingMode::from_name(&name) {
                    Some(mode) => rounding.mode = mode,
                    None => {
                        ok = false;
                        let suggestion = nearest(&name, RoundingMode::ALL.iter().map(|(n, _)| *n));
                        self.error(PolicyError::UnknownRoundingMode {
                            name,
                            suggestion,
                            span: self.at(m),
                        });
                    }
                },
                None => ok = false,
            }
        }
        ok.then_some((rounding, span))
    }

    /// A key used as a name: checked to be an identifier.
    pub fn name(&mut self, key: &Key<'_>) -> Option<Named> {
        let name: &str = key.get_ref();
        let span = self.at(key);
        match name_problem(name) {
            None => Some(Named {
                name: name.to_string(),
                span,
            }),
            Some(reason) => {
                self.error(PolicyError::InvalidName {
                    name: name.to_string(),
                    reason,
                    span,
                });
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        for ok in ["sales_amount", "绩效系数", "_x", "kpi2", "periods"] {
            assert_eq!(name_problem(ok), None, "{ok}");
        }
        for bad in [
            "", "2nd", "a-b", "a.b", "if", "else", "true", "period", "a b",
        ] {
            assert!(name_problem(bad).is_some(), "{bad}");
        }
    }
}
