//! A number cell's IEEE double to the text Excel shows for it, so that it is read exactly.
//!
//! Excel stores every number as a binary double and shows at most 15 significant digits; the
//! digits a user typed are those 15 digits, never the double's full binary expansion. So the
//! double is formatted to 15 significant digits and trailing zeros are dropped: the double
//! nearest 0.1 (0.1000000000000000055511151231257827…) is `0.1`, the sum 0.1 + 0.2 stored as
//! 0.30000000000000004 is `0.3`, 215000 is `215000`. The text is then read like a CSV cell,
//! as an exact decimal. This is the only place a workbook's numbers are binary.

/// The 15-significant-digit text of `value`, without an exponent (`1e20` is
/// `100000000000000000000`, `1e-10` is `0.0000000001`) or trailing zeros; `None` for an
/// infinity or NaN, which no spreadsheet cell holds but a damaged file may.
pub(super) fn number_text(value: f64) -> Option<String> {
    if !value.is_finite() {
        return None;
    }
    if value == 0.0 {
        return Some("0".to_string());
    }
    // `-1.23450000000000e3`: one digit, the point, 14 digits, the exponent.
    let scientific = format!("{value:.14e}");
    let (mantissa, exponent) = scientific.split_once('e')?;
    let exponent: i64 = exponent.parse().ok()?;
    let (negative, mantissa) = match mantissa.strip_prefix('-') {
        Some(m) => (true, m),
        None => (false, mantissa),
    };
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let digits = digits.trim_end_matches('0');
    // How many of the digits come before the decimal point (0 or less: none).
    let point = exponent + 1;
    let mut out = String::with_capacity(digits.len() + point.unsigned_abs() as usize + 3);
    if negative {
        out.push('-');
    }
    let zeros = |out: &mut String, n: i64| out.extend(std::iter::repeat_n('0', n as usize));
    if point <= 0 {
        out.push_str("0.");
        zeros(&mut out, -point);
        out.push_str(digits);
    } else if point as usize >= digits.len() {
        out.push_str(digits);
        zeros(&mut out, point - digits.len() as i64);
    } else {
        let (whole, fraction) = digits.split_at(point as usize);
        out.push_str(whole);
        out.push('.');
        out.push_str(fraction);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::number_text;

    fn text(v: f64) -> String {
        number_text(v).unwrap()
    }

    #[test]
    fn fifteen_significant_digits() {
        assert_eq!(text(0.1), "0.1");
        assert_eq!(text(0.1 + 0.2), "0.3");
        assert_eq!(text(1234.5), "1234.5");
        assert_eq!(text(215000.0), "215000");
        assert_eq!(text(-186500.5), "-186500.5");
        assert_eq!(text(1e20), "100000000000000000000");
        assert_eq!(text(1e-10), "0.0000000001");
        assert_eq!(text(0.0), "0");
        assert_eq!(text(-0.0), "0");
        assert_eq!(text(0.85), "0.85");
        // Above 2^53 a double cannot hold every integer; Excel shows 15 digits.
        assert_eq!(text(12345678901234567890.0), "12345678901234600000");
        assert_eq!(text(9007199254740993.0), "9007199254740990");
        assert_eq!(text(123456789012345.0), "123456789012345");
        assert_eq!(text(1.0 / 3.0), "0.333333333333333");
        assert_eq!(text(2.0 / 3.0), "0.666666666666667");
        assert!(text(f64::MAX).starts_with("17976931348623200"));
        assert!(text(f64::MIN_POSITIVE / 4.0).starts_with("0.000"));
        assert_eq!(number_text(f64::NAN), None);
        assert_eq!(number_text(f64::NEG_INFINITY), None);
    }
}
