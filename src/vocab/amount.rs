//! A decimal as people type it in a money or number cell: `¥1,234.50`, `1,234.50元`,
//! `RMB 1,234.50`, `(100.00)`; each read exactly or refused with the reason, never guessed.
//!
//! The rule (docs/rules.md, section 17.2), on the text after full-width forms are made ASCII:
//! `[sign] [mark] [sign] amount [mark]`, or with the amount in parentheses (an accounting
//! negative) and no sign: `[mark] ( [mark] amount [mark] ) [mark]`, where
//! - a mark is the currency, at most one in all: `¥` (or `￥`), `RMB` or `CNY` (any case)
//!   before the amount, or `元`, `RMB` or `CNY` after it, spaces allowed beside it;
//! - an amount is digits with at most one point (`.` is always the decimal point), the
//!   digits before it either plain or grouped by commas in threes (`1,234,567.50`).
//!
//! Refused with a reason: another currency (`$`, `US$`, `€`, `HKD`, `美元`, ...), two marks
//! (`¥100元`), a comma after the point (`1.234,50`), commas not grouping threes (`1,23.4`),
//! a sign with parentheses (`(-5)`, `-(5)`), a parenthesis alone, a percent sign, an exponent.

use super::text_error::{NumberHint, TextError};
use super::NumberLimit;
use rust_decimal::Decimal;

/// The value of `plain` (the trimmed text with full-width forms made ASCII; `original` as
/// written, for the error). With `currency` (money, number, integer), the currency marks and
/// parentheses of the rule above are read; without (percent), only a sign and the amount.
/// `extra_places` (2 for a percentage) are the places the point will move left by, counted
/// against the 28 an exact decimal holds.
pub(super) fn number(
    original: &str,
    plain: &str,
    currency: bool,
    extra_places: usize,
) -> Result<Decimal, TextError> {
    let not_a_number = |hint: NumberHint| TextError::NotANumber {
        text: original.to_string(),
        hint,
    };
    let (negative, rest) = if currency {
        undecorated(plain).map_err(not_a_number)?
    } else {
        let (sign, rest) = sign(plain);
        (sign == Some(true), rest)
    };
    let mut d = amount(original, rest, extra_places)?;
    if negative && !d.is_zero() {
        d.set_sign_negative(true);
    }
    Ok(d)
}

/// The amount without its sign, currency marks and parentheses, and whether it is negative.
fn undecorated(plain: &str) -> Result<(bool, &str), NumberHint> {
    if is_foreign(plain) {
        return Err(NumberHint::ForeignCurrency);
    }
    let mut marks = 0;
    let (outer_sign, rest) = sign(plain);
    let (mark, rest) = prefix_mark(rest);
    marks += mark;
    let (inner_sign, rest) = match (outer_sign, mark) {
        (None, 1) => sign(rest),
        _ => (None, rest),
    };
    let (mark, rest) = suffix_mark(rest);
    marks += mark;
    let signed = outer_sign.or(inner_sign);
    let (negative, rest) = match (rest.strip_prefix('('), rest.strip_suffix(')')) {
        (Some(_), Some(_)) => {
            let inside = rest.get(1..rest.len() - 1).unwrap_or_default().trim();
            let (before, inside) = prefix_mark(inside);
            let (after, inside) = suffix_mark(inside);
            marks += before + after;
            if signed.is_some() || inside.starts_with(['-', '+']) {
                return Err(NumberHint::SignInParentheses);
            }
            (true, inside)
        }
        (None, None) => (signed == Some(true), rest),
        _ => return Err(NumberHint::Parentheses),
    };
    let more = prefix_mark(rest).0 + suffix_mark(rest).0 > 0 || rest.contains(['¥', '元']);
    if marks > 1 || (marks == 1 && more) {
        return Err(NumberHint::TwoCurrencies);
    }
    Ok((negative, rest))
}

/// `¥`, `RMB` or `CNY` (any case) at the start: 1 and the rest, trimmed; else 0 and `s`.
fn prefix_mark(s: &str) -> (usize, &str) {
    if let Some(rest) = s.strip_prefix('¥') {
        return (1, rest.trim_start());
    }
    match (s.get(..3), s.get(3..)) {
        (Some(code), Some(rest)) if is_code(code) => (1, rest.trim_start()),
        _ => (0, s),
    }
}

/// `元`, `RMB` or `CNY` (any case) at the end: 1 and the rest, trimmed; else 0 and `s`.
fn suffix_mark(s: &str) -> (usize, &str) {
    if let Some(rest) = s.strip_suffix('元') {
        return (1, rest.trim_end());
    }
    let cut = s.len().saturating_sub(3);
    match (s.get(..cut), s.get(cut..)) {
        (Some(rest), Some(code)) if is_code(code) => (1, rest.trim_end()),
        _ => (0, s),
    }
}

fn is_code(s: &str) -> bool {
    s.eq_ignore_ascii_case("RMB") || s.eq_ignore_ascii_case("CNY")
}

/// Whether the text names another currency than the yuan: a sign (`$`, `€`, `£`, ...), an
/// ISO code written in letters (`USD`, `HKD`, ...) or a Chinese name (`美元`, `港币`, ...).
fn is_foreign(s: &str) -> bool {
    const SIGNS: [char; 7] = ['$', '€', '£', '₩', '₹', '₽', '฿'];
    const CODES: [&str; 8] = ["USD", "HKD", "EUR", "GBP", "JPY", "TWD", "MOP", "SGD"];
    const NAMES: [&str; 7] = ["美元", "港元", "港币", "欧元", "日元", "英镑", "台币"];
    s.contains(SIGNS)
        || NAMES.iter().any(|n| s.contains(n))
        || s.split(|c: char| !c.is_ascii_alphabetic())
            .any(|word| CODES.iter().any(|code| word.eq_ignore_ascii_case(code)))
}

/// `-` (`Some(true)`) or `+` (`Some(false)`) at the start, and the rest trimmed.
fn sign(s: &str) -> (Option<bool>, &str) {
    if let Some(rest) = s.strip_prefix('-') {
        (Some(true), rest.trim_start())
    } else if let Some(rest) = s.strip_prefix('+') {
        (Some(false), rest.trim_start())
    } else {
        (None, s)
    }
}

/// Digits with at most one point, those before it plain or grouped in threes: the decimal.
fn amount(original: &str, rest: &str, extra_places: usize) -> Result<Decimal, TextError> {
    let not_a_number = |hint: NumberHint| TextError::NotANumber {
        text: original.to_string(),
        hint,
    };
    let too_exact = |limit: NumberLimit, percent: bool| TextError::TooExact {
        text: original.to_string(),
        limit,
        percent,
    };
    if rest.ends_with('%') {
        return Err(not_a_number(NumberHint::PercentSign));
    }
    if is_scientific(rest) {
        return Err(not_a_number(NumberHint::Exponent));
    }
    if let (Some(point), Some(comma)) = (rest.find('.'), rest.rfind(',')) {
        if comma > point {
            return Err(not_a_number(NumberHint::DecimalComma));
        }
    }
    let (int, frac) = match rest.split_once('.') {
        Some((int, frac)) => (int, Some(frac)),
        None => (rest, None),
    };
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let frac_ok = frac.is_none_or(all_digits);
    let has_digits = !int.is_empty() || frac.is_some_and(|f| !f.is_empty());
    if !frac_ok || !has_digits {
        return Err(not_a_number(NumberHint::None));
    }
    let int = if int.contains(',') {
        let mut groups = int.split(',');
        let lead = groups.next().unwrap_or("");
        let lead_ok = (1..=3).contains(&lead.len()) && all_digits(lead);
        if !lead_ok || !groups.all(|g| g.len() == 3 && all_digits(g)) {
            return Err(not_a_number(NumberHint::Grouping));
        }
        int.replace(',', "")
    } else if all_digits(int) {
        int.to_string()
    } else {
        return Err(not_a_number(NumberHint::None));
    };
    let frac = frac.unwrap_or("");
    if let Some(limit) = NumberLimit::of(&int, frac, extra_places) {
        return Err(too_exact(limit, extra_places > 0));
    }
    let digits = format!("{}.{frac}", if int.is_empty() { "0" } else { &int });
    Decimal::from_str_exact(digits.trim_end_matches('.'))
        .map_err(|_| too_exact(NumberLimit::TooManyDigits, false))
}

/// `1.5e-20`, `2E+11`: how spreadsheets show very small and very large numbers.
fn is_scientific(s: &str) -> bool {
    let Some((mantissa, exponent)) = s.split_once(['e', 'E']) else {
        return false;
    };
    let exponent = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
    mantissa.bytes().any(|b| b.is_ascii_digit())
        && mantissa.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && !exponent.is_empty()
        && exponent.bytes().all(|b| b.is_ascii_digit())
}
