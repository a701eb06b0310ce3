//! Exact addition, subtraction and multiplication of decimals: the exact result, or the
//! reason there is none.
//!
//! rust_decimal's `checked_add`/`checked_mul` return `None` only when the integer part
//! overflows; when the exact result needs more than 28 significant digits (about 96 bits of
//! mantissa) or more than 28 places, they **round** it silently (`1e28 + 0.1` is `1e28`,
//! `1e-28 * 0.1` is `0`). These wrappers turn that rounding into [`Loss::Inexact`].
//!
//! The check is one comparison on the common path: a sum keeps the larger scale of its
//! operands and a product the sum of their scales exactly when nothing was rounded away.
//! Only when the scale shrank (a result near 28 digits) does a cold path decide whether the
//! digits dropped were zeros (`0.5 + 0.5` at the limit, `2 * 0.5`), exactly, in integers.

use rust_decimal::Decimal;

/// Why an operation has no exact decimal result.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Loss {
    /// The integer part exceeds what a decimal holds (about 7.9e28).
    Overflow,
    /// The exact result needs more than 28 significant digits, or more than 28 places.
    Inexact,
}

/// How a sum, difference or product is computed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Arith {
    /// Exactly, or [`Loss::Inexact`]: operands that are exact (inputs, literals, params and
    /// values not computed by a division).
    Exact,
    /// To 28 significant digits, like the division one operand was computed by (`100 / 3`
    /// is already rounded; `100 / 3 * 3` is 99.99...99 with as many digits as fit). Only
    /// overflow is an error.
    Rounded,
}

impl Arith {
    /// `Rounded` when either operand is the rounded result of a division.
    pub(crate) fn of(rounded_operand: bool) -> Arith {
        if rounded_operand {
            Arith::Rounded
        } else {
            Arith::Exact
        }
    }

    /// `a + b`.
    #[inline(always)]
    pub(crate) fn add(self, a: Decimal, b: Decimal) -> Result<Decimal, Loss> {
        match self {
            Arith::Exact => add(a, b),
            Arith::Rounded => a.checked_add(b).ok_or(Loss::Overflow),
        }
    }

    /// `a - b`.
    #[inline(always)]
    pub(crate) fn sub(self, a: Decimal, b: Decimal) -> Result<Decimal, Loss> {
        match self {
            Arith::Exact => sub(a, b),
            Arith::Rounded => a.checked_sub(b).ok_or(Loss::Overflow),
        }
    }

    /// `a * b`.
    #[inline(always)]
    pub(crate) fn mul(self, a: Decimal, b: Decimal) -> Result<Decimal, Loss> {
        match self {
            Arith::Exact => mul(a, b),
            Arith::Rounded => a.checked_mul(b).ok_or(Loss::Overflow),
        }
    }
}

// The three below are on every employee's path: always inlined, and only the common case
// (one comparison of scales, from the flags next to rust_decimal's own operation) is inline;
// the rest is decided out of line.

/// `a + b`, exactly.
#[inline(always)]
pub(crate) fn add(a: Decimal, b: Decimal) -> Result<Decimal, Loss> {
    match a.checked_add(b) {
        Some(r) if r.scale() == a.scale().max(b.scale()) => Ok(r),
        _ => add_slow(a, b),
    }
}

/// `a - b`, exactly.
#[inline(always)]
pub(crate) fn sub(a: Decimal, b: Decimal) -> Result<Decimal, Loss> {
    match a.checked_sub(b) {
        Some(r) if r.scale() == a.scale().max(b.scale()) => Ok(r),
        _ => add_slow(a, -b),
    }
}

/// `a * b`, exactly.
#[inline(always)]
pub(crate) fn mul(a: Decimal, b: Decimal) -> Result<Decimal, Loss> {
    match a.checked_mul(b) {
        Some(r) if r.scale() == a.scale() + b.scale() => Ok(r),
        _ => mul_slow(a, b),
    }
}

/// [`add`] when the common case did not apply.
#[cold]
#[inline(never)]
pub(crate) fn add_slow(a: Decimal, b: Decimal) -> Result<Decimal, Loss> {
    match a.checked_add(b) {
        None => Err(Loss::Overflow),
        Some(r) if r.scale() == a.scale().max(b.scale()) => Ok(r),
        // rust_decimal returns `x` itself for `x + 0`, at its own scale
        Some(r) if a.is_zero() || b.is_zero() => Ok(r),
        Some(_) => add_cold(a, b),
    }
}

/// [`sub`] when the common case did not apply.
#[cold]
#[inline(never)]
pub(crate) fn sub_slow(a: Decimal, b: Decimal) -> Result<Decimal, Loss> {
    add_slow(a, -b)
}

/// [`mul`] when the common case did not apply.
#[cold]
#[inline(never)]
pub(crate) fn mul_slow(a: Decimal, b: Decimal) -> Result<Decimal, Loss> {
    match a.checked_mul(b) {
        None => Err(Loss::Overflow),
        Some(r) if r.scale() == a.scale() + b.scale() => Ok(r),
        // rust_decimal returns a plain 0 (scale 0) for `x * 0`
        Some(r) if r.is_zero() && (a.is_zero() || b.is_zero()) => Ok(r),
        Some(r) => mul_cold(a, b, r),
    }
}

/// A sum whose scale shrank: exact only if the digits rounded away were zeros.
#[cold]
#[inline(never)]
fn add_cold(a: Decimal, b: Decimal) -> Result<Decimal, Loss> {
    // Without trailing zeros, a mantissa at a scale above 0 does not end in 0.
    let (a, b) = (a.normalize(), b.normalize());
    let r = a.checked_add(b).ok_or(Loss::Overflow)?;
    let s = a.scale().max(b.scale());
    if r.scale() == s {
        return Ok(r);
    }
    if a.scale() != b.scale() {
        // One mantissa ends in a non-zero digit at scale `s`, the other (scaled up) in 0:
        // the exact sum ends in a non-zero digit, so it needs all `s` places.
        return Err(Loss::Inexact);
    }
    // Same scale: the exact sum of two mantissas below 2^96 fits an i128.
    let exact = a.mantissa() + b.mantissa();
    let k = s - r.scale();
    let shifted = 10i128
        .checked_pow(k)
        .and_then(|p| r.mantissa().checked_mul(p));
    if shifted == Some(exact) {
        Ok(r)
    } else {
        Err(Loss::Inexact)
    }
}

/// A product whose scale shrank (more than 28 places, or a mantissa over 96 bits): exact
/// only if the rounded mantissa times the dropped power of ten is the exact product.
#[cold]
#[inline(never)]
fn mul_cold(a: Decimal, b: Decimal, r: Decimal) -> Result<Decimal, Loss> {
    let k = (a.scale() + b.scale()).saturating_sub(r.scale());
    let exact = Wide::product(a.mantissa().unsigned_abs(), b.mantissa().unsigned_abs());
    let mut got = Wide::from(r.mantissa().unsigned_abs());
    for _ in 0..k {
        if got > exact || !got.times(10) {
            return Err(Loss::Inexact);
        }
    }
    if got == exact {
        Ok(r)
    } else {
        Err(Loss::Inexact)
    }
}

/// A 256-bit unsigned integer, most significant limb first (so that the derived order is
/// the numeric order); enough for a product of two 96-bit mantissas and its checks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Wide([u64; 4]);

impl Wide {
    fn from(x: u128) -> Wide {
        Wide([0, 0, (x >> 64) as u64, x as u64])
    }

    /// `self * m` in place; `false` (and `self` unspecified) on overflow.
    fn times(&mut self, m: u64) -> bool {
        let mut carry: u128 = 0;
        for limb in self.0.iter_mut().rev() {
            let p = u128::from(*limb) * u128::from(m) + carry;
            *limb = p as u64;
            carry = p >> 64;
        }
        carry == 0
    }

    /// `x * y`, exactly (two 128-bit numbers make at most 256 bits).
    fn product(x: u128, y: u128) -> Wide {
        let xs = [(x >> 64) as u64, x as u64];
        let ys = [(y >> 64) as u64, y as u64];
        // limbs least significant first while accumulating
        let mut acc = [0u64; 4];
        for (i, &xl) in xs.iter().rev().enumerate() {
            let mut carry: u128 = 0;
            for (j, &yl) in ys.iter().rev().enumerate() {
                let t = u128::from(xl) * u128::from(yl) + u128::from(acc[i + j]) + carry;
                acc[i + j] = t as u64;
                carry = t >> 64;
            }
            acc[i + 2] = carry as u64;
        }
        acc.reverse();
        Wide(acc)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn sums_near_28_digits() {
        let a = d("10000000000000000000000000000");
        assert_eq!(add(a, d("0.1")), Err(Loss::Inexact));
        assert_eq!(sub(a, d("0.1")), Err(Loss::Inexact));
        assert_eq!(add(a, d("1")), Ok(d("10000000000000000000000000001")));
        // trailing zeros dropped at the limit are no loss
        assert_eq!(add(a, d("0.0")).map(|r| r == a), Ok(true));
        let half = d("3961408125713216879677197516.5");
        assert_eq!(add(half, half), Ok(d("7922816251426433759354395033")));
        assert_eq!(add(Decimal::MAX, d("1")), Err(Loss::Overflow));
        assert!(add(Decimal::MAX, d("0.5")).is_err());
        assert_eq!(add(d("0.1"), d("0.2")), Ok(d("0.3")));
    }

    #[test]
    fn products_near_28_digits_and_28_places() {
        let tiny = d("0.0000000000000000000000000001");
        assert_eq!(mul(tiny, d("0.1")), Err(Loss::Inexact));
        assert_eq!(mul(tiny, d("0.10")), Err(Loss::Inexact));
        assert_eq!(mul(d("0.000000000000000000000000001"), d("0.10")), Ok(tiny));
        assert_eq!(mul(tiny, d("10")), Ok(d("0.000000000000000000000000001")));
        let big = d("1234567890.123456789");
        assert_eq!(mul(big, big), Err(Loss::Inexact));
        assert_eq!(mul(d("2"), d("0.5")), Ok(d("1")));
        assert_eq!(mul(Decimal::MAX, d("2")), Err(Loss::Overflow));
        assert_eq!(mul(d("8500"), d("0.30")), Ok(d("2550")));
    }

    #[test]
    fn zero_operands_take_the_fast_way() {
        assert_eq!(
            add(d("0"), d("1.25")).map(|r| r.to_string()),
            Ok("1.25".into())
        );
        assert_eq!(
            add(d("0.00"), d("5")).map(|r| r.to_string()),
            Ok("5".into())
        );
        assert_eq!(
            sub(d("5"), d("0.000")).map(|r| r.to_string()),
            Ok("5".into())
        );
        assert_eq!(mul(d("0.00"), d("1.5")), Ok(Decimal::ZERO));
        assert_eq!(mul(d("1.5"), d("0")), Ok(Decimal::ZERO));
    }

    #[test]
    fn wide_product() {
        let m = u128::MAX;
        let p = Wide::product(m, m);
        // (2^128 - 1)^2 = 2^256 - 2^129 + 1
        assert_eq!(p, Wide([u64::MAX, u64::MAX - 1, 0, 1]));
        assert_eq!(Wide::product(3, 5), Wide::from(15));
    }
}
