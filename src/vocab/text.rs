//! Text to a value of a given type, exactly: no binary floating point, nothing rounded. The
//! data layer reads its cells with it, and so do a test's inputs and `Inputs::set_text`.

use super::amount::number;
use super::text_error::TextError;
use super::{NumberLimit, ValueType};
use crate::date::Date;
use crate::value::Value;
use rust_decimal::Decimal;
use std::sync::Arc;

/// Converts text to a value of type `ty`, as written in a data file or a test's inputs.
///
/// - `money`, `number`, `integer`: an exact decimal with an optional sign, optional
///   thousands separators when correctly grouped (`1,234,567.50`), and the decorations of
///   money as people type it: one currency mark (`¥1,234.50`, `￥1,234.50`, `1,234.50元`,
///   `RMB 1,234.50`, `CNY 1,234.50`) and parentheses for a negative (`(100.00)` is -100.00).
///   Anything ambiguous is refused with the reason: another currency, two marks, a comma
///   after the point (`1.234,50`), a sign with parentheses. More digits than a decimal holds
///   exactly is an error, never a rounding. `integer` must be whole (`12.0` is 12).
/// - `percent`: `85%` is 0.85; without a percent sign the number is the fraction (`0.85`).
/// - `bool`: `true`/`false`, `yes`/`no`, `1`/`0`, `是`/`否`, in any case.
/// - `date`: `2023-09-01`, `2023/9/1` or `2023年9月1日`.
/// - `text`: the text as is.
///
/// Full-width characters (`１２３４．５０`, `８５％`, `￥`) are read as their ASCII forms, and
/// `-0` is 0. The error names the text and what was expected: `"abc" is not a number`.
// `inline`: the data layer calls this once per cell from another module; the plain-decimal
// shortcut below must stay as cheap as when both lived in one file.
#[inline]
pub fn parse_text(text: &str, ty: ValueType) -> Result<Value, TextError> {
    match plain_decimal(text, ty) {
        Some(value) => Ok(value),
        None => parse_general(text, ty),
    }
}

/// The value of a plain decimal cell (`6000.00`, `15`, `0.5`) for a `money`, `number` or
/// `percent` input (`95%`, `92.5%`, `0.95`), or an `integer` one without a point (`12`): ASCII digits with at most one point, between
/// digits, no sign, no leading zero (but `0.5`), at most 28 digits. Such a cell means
/// exactly what the general path makes of it (a unit test compares the two); it skips that
/// path (full-width forms, `¥`, thousands separators, the error messages), which in
/// a million-row run cost several times the decimal parse itself. `None`: anything else,
/// for the general path.
#[inline]
fn plain_decimal(text: &str, ty: ValueType) -> Option<Value> {
    let (text, percent) = match ty {
        ValueType::Money | ValueType::Number => (text, false),
        // A whole number written without a point (`12`, not `12.0`).
        ValueType::Integer if !text.contains('.') => (text, false),
        ValueType::Percent => match text.strip_suffix('%') {
            Some(number) => (number, true),
            None => (text, false),
        },
        _ => return None,
    };
    if text.len() > 28 {
        return None;
    }
    let (whole, fraction) = match text.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (text, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let leading_zero = whole.len() > 1 && whole.starts_with('0');
    if !digits(whole) || leading_zero || !fraction.is_none_or(digits) {
        return None;
    }
    let mut d = Decimal::from_str_exact(text).ok()?;
    if percent {
        // `95%` is 0.95: the point moved two places, exactly.
        d.set_scale(d.scale() + 2).ok()?;
    }
    Some(Value::Number(d))
}

/// [`parse_text`] for any text: full-width forms, `¥`, thousands separators, every type, and
/// the error messages.
fn parse_general(text: &str, ty: ValueType) -> Result<Value, TextError> {
    if ty == ValueType::Text {
        return Ok(Value::Text(Arc::from(text)));
    }
    let plain = halfwidth(text.trim());
    if plain.is_empty() {
        return Err(TextError::Blank { ty });
    }
    let value = match ty {
        ValueType::Money | ValueType::Number => Value::Number(number(text, &plain, true, 0)?),
        ValueType::Integer => {
            let not_whole = || TextError::NotWhole {
                text: text.to_string(),
            };
            // a number too large or too long says so; anything else is not a whole number
            let d = number(text, &plain, true, 0).map_err(|e| match e {
                TextError::TooExact { .. } => e,
                _ => not_whole(),
            })?;
            if !d.fract().is_zero() {
                return Err(not_whole());
            }
            Value::Number(d.trunc())
        }
        ValueType::Percent => Value::Number(percent(text, &plain)?),
        ValueType::Bool => Value::Bool(boolean(&plain).ok_or_else(|| TextError::NotABool {
            text: text.to_string(),
        })?),
        ValueType::Date => Value::Date(date(text, &plain)?),
        ValueType::Text => Value::Text(Arc::from(text)),
    };
    Ok(value)
}

/// Full-width forms (`０`-`９`, `．`, `－`, `％`, `／`, ideographic space) as ASCII, `￥` as `¥`,
/// and the minus sign `−` as `-`.
fn halfwidth(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            '\u{FFE5}' => '¥',
            '\u{2212}' => '-',
            _ => c,
        })
        .collect()
}

/// `85%` is 0.85 (the decimal point moved, exactly); a bare number is the fraction itself.
fn percent(original: &str, plain: &str) -> Result<Decimal, TextError> {
    let keep_limit = |e: TextError| match e {
        TextError::TooExact { .. } => e,
        _ => TextError::NotAPercentage {
            text: original.to_string(),
        },
    };
    let Some(number_part) = plain.strip_suffix('%') else {
        return number(original, plain, false, 0).map_err(keep_limit);
    };
    let mut d = number(original, number_part.trim_end(), false, 2).map_err(keep_limit)?;
    d.set_scale(d.scale() + 2)
        .map_err(|_| TextError::TooExact {
            text: original.to_string(),
            limit: NumberLimit::TooManyPlaces,
            percent: false,
        })?;
    Ok(d)
}

fn boolean(plain: &str) -> Option<bool> {
    match plain.to_lowercase().as_str() {
        "true" | "yes" | "1" | "是" => Some(true),
        "false" | "no" | "0" | "否" => Some(false),
        _ => None,
    }
}

/// `2023-09-01`, `2023/09/01`, `2023/9/1`, `2023年9月1日`.
fn date(original: &str, plain: &str) -> Result<Date, TextError> {
    let format = || TextError::NotADate {
        text: original.to_string(),
    };
    let parts: Vec<&str> = if let Some(rest) = plain.strip_suffix('日') {
        rest.split(['年', '月']).collect()
    } else if plain.contains('-') {
        plain.split('-').collect()
    } else {
        plain.split('/').collect()
    };
    let [y, m, d] = parts.as_slice() else {
        return Err(format());
    };
    let field = |s: &str, len: std::ops::RangeInclusive<usize>| -> Option<u32> {
        if len.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()) {
            s.parse().ok()
        } else {
            None
        }
    };
    let (Some(y), Some(m), Some(d)) = (field(y, 4..=4), field(m, 1..=2), field(d, 1..=2)) else {
        return Err(format());
    };
    let year = i32::try_from(y).map_err(|_| format())?;
    Date::from_ymd(year, m, d).ok_or_else(|| TextError::NoSuchDay {
        text: original.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str, ty: ValueType) -> String {
        parse_text(text, ty).expect_err(text).to_string()
    }

    #[test]
    fn numbers_too_large_or_too_long_say_which() {
        let max = "79228162514264337593543950335";
        assert_eq!(
            err("99999999999999999999999999999", ValueType::Integer),
            "\"99999999999999999999999999999\" is too large: exact numbers go up to 79228162514264337593543950335 (about 7.9e28)"
        );
        assert!(err("79228162514264337593543950336", ValueType::Money).contains("is too large"));
        assert_eq!(
            err("79228162514264337593543950334.5", ValueType::Number),
            "\"79228162514264337593543950334.5\" needs more than 28 significant digits, more than an exact number holds"
        );
        assert!(err("0.00000000000000000000000000001", ValueType::Number)
            .contains("more than 28 digits after the point"));
        assert!(err("0.000000000000000000000000001%", ValueType::Percent)
            .contains("more than 28 digits after the point"));
        assert!(err("99999999999999999999999999999%", ValueType::Percent).contains("too large"));
        assert!(err("9.9999999999999999999999999999", ValueType::Percent)
            .contains("significant digits"));
        assert_eq!(
            parse_text(max, ValueType::Integer),
            Ok(Value::Number(Decimal::MAX))
        );
        assert_eq!(
            parse_text("¥79,228,162,514,264,337,593,543,950,335", ValueType::Money),
            Ok(Value::Number(Decimal::MAX))
        );
        // malformed numbers keep their own messages
        assert_eq!(
            err("12.5", ValueType::Integer),
            "\"12.5\" is not a whole number"
        );
        assert_eq!(
            err("abc", ValueType::Integer),
            "\"abc\" is not a whole number"
        );
        assert!(err("abc", ValueType::Percent).contains("is not a percentage"));
    }

    #[test]
    fn long_cells_are_cut_in_messages() {
        let long = "9".repeat(5000);
        let e = err(&long, ValueType::Number);
        assert!(e.ends_with(
            "is too large: exact numbers go up to 79228162514264337593543950335 (about 7.9e28)"
        ));
        assert!(e.contains("(5000 characters)"), "{e}");
        assert!(e.len() < 200, "{e}");
        let e = err(&format!("x{long}"), ValueType::Date);
        assert!(e.len() < 200, "{e}");
    }
}

#[cfg(test)]
mod plain_tests {
    use super::{parse_general, plain_decimal};
    use crate::vocab::ValueType;

    /// The shortcut gives exactly what the data layer's parser gives (value and scale), and
    /// leaves everything else to it.
    #[test]
    fn plain_decimals_parse_as_the_data_layer_parses_them() {
        let mut texts: Vec<String> = [
            "0",
            "0.5",
            "6000.00",
            "15",
            "007",
            "0.000",
            "1.",
            ".5",
            "-3",
            "+3",
            "1,000",
            "１２",
            "¥5",
            "12%",
            "1e5",
            "9999999999999999999999999999",
            "0.0000000000000000000000000001",
            "79228162514264337593543950335",
            "1.2.3",
            "",
            " 5",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let mut x: u64 = 0x2545_F491_4F6C_DD1D;
        for _ in 0..5000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let whole = x % 10_000_000;
            let places = (x >> 40) % 5;
            let frac = (x >> 20) % 10u64.pow(places as u32);
            let text = match places {
                0 => whole.to_string(),
                p => format!("{whole}.{frac:0width$}", width = p as usize),
            };
            texts.push(format!("{text}%"));
            texts.push(text);
        }
        for t in &texts {
            for ty in [
                ValueType::Money,
                ValueType::Number,
                ValueType::Integer,
                ValueType::Percent,
            ] {
                if let Some(v) = plain_decimal(t, ty) {
                    let general = parse_general(t, ty).expect(t);
                    assert_eq!(v.to_string(), general.to_string(), "{t:?}");
                    assert_eq!(v, general, "{t:?}");
                }
            }
        }
        assert!(plain_decimal("6000.00", ValueType::Money).is_some());
        assert!(plain_decimal("95%", ValueType::Percent).is_some());
        assert!(plain_decimal("95%", ValueType::Money).is_none());
        assert!(plain_decimal("12", ValueType::Integer).is_some());
        assert!(plain_decimal("12.0", ValueType::Integer).is_none());
        assert!(plain_decimal("-5", ValueType::Money).is_none());
    }
}
