//! Decimals as integers at a common scale, for the exact arithmetic of `allocate` and
//! `distribute`.

use super::GroupProblem;
use rust_decimal::Decimal;

/// `d`'s mantissa at `scale` decimal places (`scale` at least `d`'s own): 0.2 at scale 2 is
/// 20. Past i128, [`GroupProblem::TooLarge`].
pub(super) fn at_scale(d: Decimal, scale: u32) -> Result<i128, GroupProblem> {
    let factor = scale
        .checked_sub(d.scale())
        .and_then(|up| 10i128.checked_pow(up))
        .ok_or(GroupProblem::TooLarge)?;
    d.mantissa()
        .checked_mul(factor)
        .ok_or(GroupProblem::TooLarge)
}

/// `(a * b / c, a * b % c)` for `a, b >= 0` and `c > 0`, exactly, when the quotient fits
/// i128: through i128 where `a * b` fits, else through a 256-bit product (long division).
pub(super) fn mul_div_rem(a: i128, b: i128, c: i128) -> Result<(i128, i128), GroupProblem> {
    if let Some(product) = a.checked_mul(b) {
        return Ok((product / c, product % c));
    }
    let (a, b, c) = (a.unsigned_abs(), b.unsigned_abs(), c.unsigned_abs());
    let (high, low) = wide_mul(a, b);
    if high >= c {
        return Err(GroupProblem::TooLarge); // the quotient needs more than 128 bits
    }
    // Shift-subtract division of (high, low) by c; the running remainder stays below c.
    let (mut remainder, mut quotient) = (high, 0u128);
    for bit in (0..128).rev() {
        let carry = remainder >> 127;
        remainder = (remainder << 1) | ((low >> bit) & 1);
        quotient <<= 1;
        if carry == 1 || remainder >= c {
            remainder = remainder.wrapping_sub(c);
            quotient |= 1;
        }
    }
    let quotient = i128::try_from(quotient).map_err(|_| GroupProblem::TooLarge)?;
    let remainder = i128::try_from(remainder).map_err(|_| GroupProblem::TooLarge)?;
    Ok((quotient, remainder))
}

/// The 256-bit product of `a` and `b` as (high, low) 128-bit halves.
fn wide_mul(a: u128, b: u128) -> (u128, u128) {
    const HALF: u32 = 64;
    const MASK: u128 = u64::MAX as u128;
    let (a_hi, a_lo, b_hi, b_lo) = (a >> HALF, a & MASK, b >> HALF, b & MASK);
    let lo_lo = a_lo * b_lo;
    let hi_lo = a_hi * b_lo;
    let lo_hi = a_lo * b_hi;
    let hi_hi = a_hi * b_hi;
    let middle = (lo_lo >> HALF) + (hi_lo & MASK) + (lo_hi & MASK);
    let low = (lo_lo & MASK) | (middle << HALF);
    let high = hi_hi + (hi_lo >> HALF) + (lo_hi >> HALF) + (middle >> HALF);
    (high, low)
}

/// `xs` as integers at their common scale, so that they sort by integer comparison (much
/// cheaper than comparing decimals of different scales); `None` when one does not fit, and
/// the caller compares the decimals themselves.
pub(super) fn sort_keys(xs: &[Decimal]) -> Option<Vec<i128>> {
    let scale = xs.iter().map(Decimal::scale).max().unwrap_or(0);
    xs.iter().map(|x| at_scale(*x, scale).ok()).collect()
}

/// Each member's position in employee-key order (byte order; equal keys in the order
/// given). Data exports are usually sorted by key already: then this is one pass of
/// comparisons and no sort.
pub(super) fn key_positions(keys: &[&str]) -> Vec<u32> {
    let n = keys.len();
    let sorted = keys.windows(2).all(|w| w[0].as_bytes() <= w[1].as_bytes());
    let mut order: Vec<usize> = (0..n).collect();
    if !sorted {
        order.sort_by(|&a, &b| keys[a].as_bytes().cmp(keys[b].as_bytes()));
    }
    let mut at = vec![0u32; n];
    for (p, &m) in order.iter().enumerate() {
        at[m] = u32::try_from(p).unwrap_or(u32::MAX);
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_division_agrees_with_narrow() {
        let cases = [
            (7, 9, 4),
            (i128::MAX, 3, 7),
            (i128::MAX, i128::MAX, i128::MAX),
            (10i128.pow(30), 10i128.pow(20), 10i128.pow(19) + 7),
        ];
        for (a, b, c) in cases {
            let got = mul_div_rem(a, b, c);
            if let Some(p) = a.checked_mul(b) {
                assert_eq!(got, Ok((p / c, p % c)));
            } else if let Ok((q, r)) = got {
                // q * c + r == a * b, checked in 256 bits
                let (qh, ql) = wide_mul(q as u128, c as u128);
                let (sum_low, carry) = ql.overflowing_add(r as u128);
                assert_eq!(
                    (qh + carry as u128, sum_low),
                    wide_mul(a as u128, b as u128)
                );
                assert!(r < c);
            }
        }
        assert_eq!(
            mul_div_rem(i128::MAX, i128::MAX, 1),
            Err(GroupProblem::TooLarge)
        );
        assert_eq!(
            mul_div_rem(i128::MAX, i128::MAX, i128::MAX),
            Ok((i128::MAX, 0))
        );
    }
}
