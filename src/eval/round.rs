//! Rounding exact decimals as a rule file declares.

use crate::vocab::{Rounding, RoundingMode};
use rust_decimal::{Decimal, RoundingStrategy};

/// Rounds `d` to `r.places` places in `r.mode`, keeping exactly that many places
/// (`6000` rounded to 2 places is `6000.00`) and never producing negative zero.
#[inline]
pub fn round(d: Decimal, r: Rounding) -> Decimal {
    let strategy = match r.mode {
        RoundingMode::HalfUp => RoundingStrategy::MidpointAwayFromZero,
        RoundingMode::HalfEven => RoundingStrategy::MidpointNearestEven,
        RoundingMode::Down => RoundingStrategy::ToZero,
        RoundingMode::Up => RoundingStrategy::AwayFromZero,
        RoundingMode::Floor => RoundingStrategy::ToNegativeInfinity,
        RoundingMode::Ceiling => RoundingStrategy::ToPositiveInfinity,
    };
    if let Some(out) = round_small(d, r) {
        return positive_zero(out);
    }
    let out = d.round_dp_with_strategy(r.places, strategy);
    positive_zero(pad(out, r.places))
}

/// [`round`] for the usual case, done in `u64`: a mantissa of at most 64 bits (every amount
/// below 18 million million yuan at 2 places) with up to 19 places to drop. One division
/// and one comparison, where rust_decimal's general rounding works on 96-bit words place by
/// place; a figure is rounded at every named money value, so this is on every employee's
/// path. `None` when the fast path does not apply (the general one is then used).
#[inline]
fn round_small(d: Decimal, r: Rounding) -> Option<Decimal> {
    let drop = d
        .scale()
        .checked_sub(r.places)
        .filter(|k| (1..=19).contains(k))?;
    let m = u64::try_from(d.mantissa().unsigned_abs()).ok()?;
    let unit = 10u64.pow(drop);
    let (q, rem) = (m / unit, m % unit);
    let negative = d.is_sign_negative();
    // `rem` against half a unit, without overflow: rem >= unit - rem  <=>  2 rem >= unit.
    let up = match r.mode {
        RoundingMode::HalfUp => rem >= unit - rem,
        RoundingMode::HalfEven => rem > unit - rem || (rem == unit - rem && q % 2 == 1),
        RoundingMode::Down => false,
        RoundingMode::Up => rem != 0,
        RoundingMode::Floor => negative && rem != 0,
        RoundingMode::Ceiling => !negative && rem != 0,
    };
    // q < 2^64 / 10, so q + 1 fits.
    let q = q + u64::from(up);
    Some(Decimal::from_parts(
        q as u32,
        (q >> 32) as u32,
        0,
        negative,
        r.places,
    ))
}

/// `d` written with `places` decimal places when it has fewer (`300` → `300.00`): the same
/// value, shown as money is. Multiplying by one written with the missing places (`1.00`)
/// widens the scale exactly, on rust_decimal's fast path for small operands; a mantissa that
/// would not fit keeps the widest scale it can.
#[inline]
fn pad(d: Decimal, places: u32) -> Decimal {
    let scale = d.scale();
    if scale >= places {
        return d;
    }
    let missing = places - scale;
    let one = 10u32
        .checked_pow(missing)
        .map(|p| Decimal::from_parts(p, 0, 0, false, missing));
    match one.and_then(|one| d.checked_mul(one)) {
        Some(w) if w.scale() == places => w,
        _ => {
            let mut out = d;
            out.rescale(places);
            out
        }
    }
}

/// A figure as stored: rounded as declared, or, with no rounding, in its shortest exact form.
pub fn store(d: Decimal, rounding: Option<Rounding>) -> Decimal {
    match rounding {
        Some(r) => round(d, r),
        None => shortest(d),
    }
}

/// Whether `stored` (from [`store`]) has exactly the declared places: `false` only when the
/// value is too large to be written with them (an exact decimal holds 28 significant digits,
/// so 12000 cannot have 28 places). The caller reports that; it is never printed short.
#[inline]
pub(crate) fn keeps_places(stored: Decimal, rounding: Option<Rounding>) -> bool {
    rounding.is_none_or(|r| stored.scale() == r.places)
}

/// An unrounded number in its shortest exact form: `90.0000` becomes `90`, `-0` becomes `0`.
pub fn shortest(d: Decimal) -> Decimal {
    positive_zero(d.normalize())
}

/// `-0` and `-0.00` become `0` and `0.00`.
pub fn positive_zero(mut d: Decimal) -> Decimal {
    // The sign first: it is one flag, and most figures are positive, so the mantissa (just
    // written, and slow to read back whole) is rarely looked at.
    if d.is_sign_negative() && d.is_zero() {
        d.set_sign_positive(true);
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn r(places: u32, mode: RoundingMode) -> Rounding {
        Rounding { places, mode }
    }

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn every_mode_on_ties_and_signs() {
        use RoundingMode::*;
        // (mode, 2.345, -2.345, 2.5 -> 0 places, -2.5 -> 0 places)
        let cases = [
            (HalfUp, "2.35", "-2.35", "3", "-3"),
            (HalfEven, "2.34", "-2.34", "2", "-2"),
            (Down, "2.34", "-2.34", "2", "-2"),
            (Up, "2.35", "-2.35", "3", "-3"),
            (Floor, "2.34", "-2.35", "2", "-3"),
            (Ceiling, "2.35", "-2.34", "3", "-2"),
        ];
        for (mode, a, b, c, e) in cases {
            assert_eq!(round(d("2.345"), r(2, mode)).to_string(), a, "{mode:?}");
            assert_eq!(round(d("-2.345"), r(2, mode)).to_string(), b, "{mode:?}");
            assert_eq!(round(d("2.5"), r(0, mode)).to_string(), c, "{mode:?}");
            assert_eq!(round(d("-2.5"), r(0, mode)).to_string(), e, "{mode:?}");
        }
    }

    #[test]
    fn pads_to_places_and_drops_negative_zero() {
        assert_eq!(
            round(d("6000"), r(2, RoundingMode::HalfUp)).to_string(),
            "6000.00"
        );
        assert_eq!(
            round(d("-0.001"), r(2, RoundingMode::HalfUp)).to_string(),
            "0.00"
        );
        // social insurance rounded up to the jiao
        assert_eq!(
            round(d("843.21"), r(1, RoundingMode::Up)).to_string(),
            "843.3"
        );
        // too many digits to pad: the value is kept, as wide as it fits
        assert_eq!(
            round(Decimal::MAX, r(2, RoundingMode::HalfUp)),
            Decimal::MAX
        );
        assert_eq!(
            round(d("-12.5"), r(3, RoundingMode::HalfUp)).to_string(),
            "-12.500"
        );
        // housing fund to the yuan
        assert_eq!(
            round(d("1260.5"), r(0, RoundingMode::HalfUp)).to_string(),
            "1261"
        );
    }

    /// The general path [`round`] takes when [`round_small`] does not apply.
    fn general(d: Decimal, r: Rounding) -> Decimal {
        let strategy = match r.mode {
            RoundingMode::HalfUp => RoundingStrategy::MidpointAwayFromZero,
            RoundingMode::HalfEven => RoundingStrategy::MidpointNearestEven,
            RoundingMode::Down => RoundingStrategy::ToZero,
            RoundingMode::Up => RoundingStrategy::AwayFromZero,
            RoundingMode::Floor => RoundingStrategy::ToNegativeInfinity,
            RoundingMode::Ceiling => RoundingStrategy::ToPositiveInfinity,
        };
        positive_zero(pad(d.round_dp_with_strategy(r.places, strategy), r.places))
    }

    const MODES: [RoundingMode; 6] = [
        RoundingMode::HalfUp,
        RoundingMode::HalfEven,
        RoundingMode::Down,
        RoundingMode::Up,
        RoundingMode::Floor,
        RoundingMode::Ceiling,
    ];

    #[test]
    fn the_u64_path_meets_its_edges() {
        // ties, the largest u64 mantissa, 19 places dropped, zero, a unit of 10^19
        for text in [
            "2.345",
            "-2.345",
            "0.005",
            "-0.005",
            "18446744073709551.615",
            "-18446744073709551.615",
            "1.8446744073709551615",
            "0.0000000000000000005",
            "9.9999999999999999999",
            "0.0000",
            "-0.0000",
            "12345.99995",
        ] {
            for places in 0..=4 {
                for mode in MODES {
                    let (x, r) = (d(text), r(places, mode));
                    let (fast, slow) = (round(x, r), general(x, r));
                    assert_eq!((fast, fast.scale()), (slow, slow.scale()), "{text} {r:?}");
                }
            }
        }
    }

    proptest::proptest! {
        /// The `u64` path gives what rust_decimal's general rounding gives, value and places,
        /// for every mode; mantissas up to 2^70 cover both paths and the border between.
        #[test]
        fn the_u64_path_equals_the_general_one(
            mantissa in -(1i128 << 70)..(1i128 << 70),
            scale in 0u32..=28,
            places in 0u32..=8,
            mode in 0usize..6,
        ) {
            let x = Decimal::from_i128_with_scale(mantissa, scale);
            let r = r(places, MODES[mode]);
            let (fast, slow) = (round(x, r), general(x, r));
            proptest::prop_assert_eq!((fast, fast.scale()), (slow, slow.scale()));
        }
    }
}
