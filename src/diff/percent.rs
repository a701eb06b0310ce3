//! Exact sums and percentages for a diff: nothing is rounded except a percentage, and that
//! once, to 2 places half-up, from the exact quotient.

use rust_decimal::Decimal;

/// `delta` as a percentage of `old`, rounded to 2 places half-up (away from zero on a tie:
/// `2/3` of a percent is `0.67`, `-0.125` is `-0.13`), computed exactly: the rounding decision
/// is taken on the exact remainder, not on a 28-digit quotient. `None` when `old` is zero (no
/// percentage of nothing) or a figure is too large for an exact decimal.
pub fn percent_change(old: Decimal, delta: Decimal) -> Option<Decimal> {
    if old.is_zero() {
        return None;
    }
    let negative = old.is_sign_negative() != delta.is_sign_negative() && !delta.is_zero();
    // |delta| × 100 × 100 / |old| in hundredths of a percent: k, the truncated quotient, and
    // the exact remainder decide the rounding.
    let a = delta.abs().checked_mul(Decimal::from(10_000))?;
    let b = old.abs();
    let mut k = a.checked_div(b)?.trunc();
    // The quotient above is rounded to 28 digits, so its integer part may be one off: put
    // it right against the exact product.
    while k.checked_mul(b)? > a {
        k -= Decimal::ONE;
    }
    while (k + Decimal::ONE).checked_mul(b)? <= a {
        k += Decimal::ONE;
    }
    let remainder = a.checked_sub(k.checked_mul(b)?)?;
    if remainder.checked_mul(Decimal::TWO)? >= b {
        k += Decimal::ONE;
    }
    let mut p = k.checked_div(Decimal::ONE_HUNDRED)?;
    p.rescale(2);
    Some(if negative { -p } else { p })
}

#[cfg(test)]
mod tests {
    use super::percent_change;
    use rust_decimal::Decimal;

    fn p(old: &str, delta: &str) -> Option<String> {
        percent_change(old.parse().unwrap(), delta.parse().unwrap()).map(|d| d.to_string())
    }

    #[test]
    fn rounds_half_up_from_the_exact_quotient() {
        assert_eq!(p("17627.40", "11286.40").as_deref(), Some("64.03"));
        assert_eq!(p("3", "2").as_deref(), Some("66.67"));
        assert_eq!(p("3", "-2").as_deref(), Some("-66.67"));
        assert_eq!(p("800", "1").as_deref(), Some("0.13")); // 0.125 -> 0.13
        assert_eq!(p("800", "-1").as_deref(), Some("-0.13"));
        assert_eq!(p("100", "0").as_deref(), Some("0.00"));
        assert_eq!(p("-200", "50").as_deref(), Some("-25.00"));
        assert_eq!(p("0", "5"), None);
        // A quotient that is not exact in 28 digits: 1/3 of a cent on a huge base.
        assert_eq!(p("300000000000000000000", "1").as_deref(), Some("0.00"));
        assert_eq!(
            percent_change(Decimal::MAX, Decimal::MAX).map(|d| d.to_string()),
            None
        );
    }
}
