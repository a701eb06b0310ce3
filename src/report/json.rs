//! JSON output pieces: strings escaped as serde_json escapes them, figures, and decimals
//! written straight from their mantissa.

use crate::value::Value;
use rust_decimal::Decimal;
use std::io::{self, Write};

/// A JSON string. Names, keys and grades rarely need escaping; those that do are escaped by
/// serde_json.
pub(super) fn json_str<W: Write>(out: &mut W, s: &str) -> io::Result<()> {
    if s.bytes().any(|b| b == b'"' || b == b'\\' || b < 0x20) {
        return serde_json::to_writer(out, s).map_err(io::Error::other);
    }
    out.write_all(b"\"")?;
    out.write_all(s.as_bytes())?;
    out.write_all(b"\"")
}

/// A figure in JSON: decimals, dates and text as strings (exactly as computed), booleans as
/// `true`/`false`, a missing input as `null`.
pub(super) fn json_value<W: Write>(out: &mut W, v: Option<&Value>) -> io::Result<()> {
    match v {
        None => out.write_all(b"null"),
        Some(Value::Bool(b)) => out.write_all(if *b { b"true" } else { b"false" }),
        // Digits, a point and a sign: nothing to escape.
        Some(Value::Number(d)) => {
            out.write_all(b"\"")?;
            write_decimal(out, *d)?;
            out.write_all(b"\"")
        }
        Some(Value::Text(t)) => json_str(out, t),
        Some(other) => json_str(out, &other.to_string()),
    }
}

/// Writes `d` exactly as its `Display` writes it (`6000.00`, `-12.5`, `0.035`), straight from
/// its mantissa and scale: a million rows of a dozen figures each spend much of their output
/// time formatting decimals.
pub(super) fn write_decimal<W: Write>(out: &mut W, d: Decimal) -> io::Result<()> {
    // Mantissas of money fit in 64 bits (hardware division); others, and the odd negative
    // zero (shown as `-0` or `0.00` depending on its scale), go through `Display`.
    let Ok(mut n) = u64::try_from(d.mantissa().unsigned_abs()) else {
        return write!(out, "{d}");
    };
    if n == 0 && d.is_sign_negative() {
        return write!(out, "{d}");
    }
    let scale = d.scale() as usize;
    // 20 digits of a u64, or 28 zeros and a `0.` for the smallest scale-28 number.
    let mut buf = [b'0'; 32];
    let mut start = buf.len();
    while n > 0 && start > 0 {
        start -= 1;
        if let Some(b) = buf.get_mut(start) {
            *b = b'0' + (n % 10) as u8;
        }
        n /= 10;
    }
    // At least one digit before the point: `0.035`, `0`.
    start = start.min(buf.len().saturating_sub(scale + 1));
    let digits = buf.get(start..).unwrap_or(&[]);
    let point = digits.len().saturating_sub(scale);
    if d.is_sign_negative() {
        out.write_all(b"-")?;
    }
    out.write_all(digits.get(..point).unwrap_or(&[]))?;
    if scale > 0 {
        out.write_all(b".")?;
        out.write_all(digits.get(point..).unwrap_or(&[]))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::write_decimal;
    use rust_decimal::Decimal;
    use std::str::FromStr;

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        for s in [
            "E001",
            "王芳",
            "say \"hi\"",
            "a\\b",
            "tab\there",
            "\u{1}",
            "",
        ] {
            let mut out = Vec::new();
            super::json_str(&mut out, s).unwrap();
            assert_eq!(
                String::from_utf8(out).unwrap(),
                serde_json::to_string(s).unwrap()
            );
        }
    }

    #[test]
    fn decimals_are_written_as_display_writes_them() {
        let mut texts: Vec<String> = [
            "0",
            "0.00",
            "6000.00",
            "-12.5",
            "0.035",
            "0.0000000000000000000000000001",
            "18446744073709551615",
            "18446744073709551616",
            "-18446744073709551615.5",
            "79228162514264337593543950335",
            "54.112140689655172413793103446",
            "-0.5",
            "7",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..2000 {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let m = (x >> 20) as i64 * if x & 1 == 0 { 1 } else { -1 };
            texts.push(Decimal::new(m, (x % 29) as u32).to_string());
        }
        let mut negative_zero = Decimal::ZERO;
        negative_zero.set_sign_negative(true);
        let mut negative_zero_2 = Decimal::new(0, 2);
        negative_zero_2.set_sign_negative(true);
        let decimals = texts
            .iter()
            .map(|t| Decimal::from_str(t).unwrap())
            .chain([negative_zero, negative_zero_2]);
        for d in decimals {
            let mut out = Vec::new();
            write_decimal(&mut out, d).unwrap();
            assert_eq!(String::from_utf8(out).unwrap(), d.to_string());
        }
    }
}
