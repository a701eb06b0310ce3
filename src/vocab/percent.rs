//! A fraction shown as a percentage, the one way every message and table writes it.

use rust_decimal::Decimal;

/// Formats a fraction as a percentage: 0.6 is `60%`, 0.925 is `92.5%`, 1.5 is `150%`.
///
/// Exact for any decimal: the point moves two places in the digits (never a multiplication
/// that could overflow near the largest decimal), and trailing zeros are dropped.
pub fn percent(fraction: Decimal) -> String {
    let d = fraction.normalize();
    let (mantissa, scale) = (d.mantissa(), d.scale());
    let shown = match scale.checked_sub(2) {
        Some(s) => Decimal::try_from_i128_with_scale(mantissa, s)
            .map_or_else(|_| format!("{mantissa}e-{s}"), |p| p.to_string()),
        // |mantissa| < 2^96, so this stays far inside i128
        None => (mantissa * 10i128.pow(2 - scale)).to_string(),
    };
    format!("{shown}%")
}

#[cfg(test)]
mod tests {
    use super::percent;
    use rust_decimal::Decimal;
    use std::str::FromStr;

    fn p(s: &str) -> String {
        percent(Decimal::from_str(s).unwrap())
    }

    #[test]
    fn fractions_show_as_percentages_exactly() {
        assert_eq!(p("0.6"), "60%");
        assert_eq!(p("0.60"), "60%");
        assert_eq!(p("0.925"), "92.5%");
        assert_eq!(p("1.5"), "150%");
        assert_eq!(p("0"), "0%");
        assert_eq!(p("-0.025"), "-2.5%");
        assert_eq!(p("12"), "1200%");
        assert_eq!(
            p("0.0000000000000000000000000001"),
            "0.00000000000000000000000001%"
        );
        // the largest decimal does not overflow: its digits move
        assert_eq!(percent(Decimal::MAX), "7922816251426433759354395033500%");
    }
}
