//! Exact decimals from their written form: never binary floating point, never rounding.

use rust_decimal::Decimal;

/// The value of plain digits with an optional fraction (`1234`, `1234.56`), exactly, or
/// `None` if the text is not in that form or has more digits than a [`Decimal`] holds.
pub(crate) fn exact_decimal(digits: &str) -> Option<Decimal> {
    let (int, frac) = match digits.split_once('.') {
        Some((int, frac)) => (int, Some(frac)),
        None => (digits, None),
    };
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(int) || frac.is_some_and(|f| !all_digits(f)) {
        return None;
    }
    Decimal::from_str_exact(digits).ok()
}

/// `value / 100`, exactly (the digits stay, the scale grows by two), or `None` when the
/// result would need more than 28 decimal places.
pub(crate) fn percent_of(value: Decimal) -> Option<Decimal> {
    let mut p = value;
    p.set_scale(value.scale().checked_add(2)?).ok()?;
    Some(p)
}

/// Reads a constant number as written in a table: `7.5`, `-3`, `60000`, `20%`.
/// Returns the value (a percentage as a fraction: `20%` is `0.20`) and whether it was
/// written as a percent. Exact; `None` if the text is not such a number (`1e3`, `1,234`,
/// `.5`) or has more digits than an exact decimal holds.
pub fn parse_number(text: &str) -> Option<(Decimal, bool)> {
    let t = text.trim();
    let (t, is_percent) = match t.strip_suffix('%') {
        Some(rest) => (rest, true),
        None => (t, false),
    };
    let (digits, negative) = match t.strip_prefix('-') {
        Some(rest) => (rest, true),
        None => (t, false),
    };
    let mut value = exact_decimal(digits)?;
    if is_percent {
        value = percent_of(value)?;
    }
    if negative && !value.is_zero() {
        value.set_sign_negative(true);
    }
    Some((value, is_percent))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn reads_plain_numbers_exactly() {
        assert_eq!(parse_number("0.1"), Some((dec("0.1"), false)));
        assert_eq!(parse_number("7.5"), Some((dec("7.5"), false)));
        assert_eq!(parse_number("-3"), Some((dec("-3"), false)));
        assert_eq!(parse_number("60000"), Some((dec("60000"), false)));
        assert_eq!(parse_number(" 42 "), Some((dec("42"), false)));
        // the scale as written is kept: 1234.50 shows as 1234.50
        assert_eq!(parse_number("1234.50").unwrap().0.to_string(), "1234.50");
        // the largest decimal
        assert_eq!(
            parse_number("79228162514264337593543950335").map(|(d, _)| d),
            Some(Decimal::MAX)
        );
    }

    #[test]
    fn reads_percentages_as_fractions() {
        assert_eq!(parse_number("20%"), Some((dec("0.20"), true)));
        assert_eq!(parse_number("20%").unwrap().0.to_string(), "0.20");
        assert_eq!(parse_number("7.5%"), Some((dec("0.075"), true)));
        assert_eq!(parse_number("100%"), Some((Decimal::ONE, true)));
        assert_eq!(parse_number("-2.5%"), Some((dec("-0.025"), true)));
        let (zero, pct) = parse_number("-0%").unwrap();
        assert!(pct && zero.is_zero() && !zero.is_sign_negative());
        assert_eq!(zero.to_string(), "0.00");
    }

    #[test]
    fn rejects_what_is_not_a_plain_number() {
        for bad in [
            "", "-", "%", "1e3", "1E3", "1,234", ".5", "5.", "+5", "--5", "1_000", "0x10", "1.2.3",
            "NaN", "inf", "20 %x", "%20", "12a", "一二",
        ] {
            assert_eq!(parse_number(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn rejects_more_digits_than_exact_decimals_hold_instead_of_rounding() {
        // 29 digits: more than Decimal::MAX (some 29-digit numbers fit, up to 7.9e28)
        assert_eq!(parse_number("79228162514264337593543950336"), None);
        assert_eq!(parse_number("99999999999999999999999999999"), None);
        assert!(parse_number("12345678901234567890123456789").is_some());
        // a fraction on the largest integer part cannot be held without rounding
        assert_eq!(parse_number("79228162514264337593543950335.5"), None);
        // 29 decimal places
        assert_eq!(parse_number("0.00000000000000000000000000001"), None);
        // 27 places fit, but not as a percentage (29 places)
        assert!(parse_number("0.000000000000000000000000001").is_some());
        assert_eq!(parse_number("0.000000000000000000000000001%"), None);
    }
}
