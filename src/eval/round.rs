//! Rounding exact decimals as a rule file declares.

use crate::vocab::{Rounding, RoundingMode};
use rust_decimal::Decimal;

/// Rounds `d` to `r.places` places in `r.mode`, keeping exactly that many places
/// (`6000` rounded to 2 places is `6000.00`) and never producing negative zero.
///
/// A figure is rounded at every named money value, so this is on every employee's path. It
/// works on the mantissa: one division by the unit of the places dropped and one comparison
/// of the remainder with half of it, in `u64` when the mantissa fits (every amount below 18
/// million million yuan at 2 places), else in `u128` (a decimal's mantissa has 96 bits and
/// at most 28 places are dropped, so both fit). rust_decimal's own rounding, which works
/// place by place on 96-bit words, is the reference in the tests.
#[inline]
pub fn round(d: Decimal, r: Rounding) -> Decimal {
    let Some(drop) = d.scale().checked_sub(r.places).filter(|&k| k > 0) else {
        return positive_zero(pad(d, r.places));
    };
    let negative = d.is_sign_negative();
    let m = d.mantissa().unsigned_abs();
    let q = match u64::try_from(m) {
        Ok(m) if drop <= 19 => {
            let unit = 10u64.pow(drop);
            let (q, rem) = (m / unit, m % unit);
            // `rem` against half a unit without overflow: 2 rem >= unit <=> rem >= unit - rem.
            let up = rounds_up(
                r.mode,
                negative,
                q % 2 == 1,
                rem.cmp(&(unit - rem)),
                rem != 0,
            );
            u128::from(q + u64::from(up))
        }
        _ => {
            let unit = 10u128.pow(drop);
            let (q, rem) = (m / unit, m % unit);
            let up = rounds_up(
                r.mode,
                negative,
                q % 2 == 1,
                rem.cmp(&(unit - rem)),
                rem != 0,
            );
            q + u128::from(up)
        }
    };
    // q <= m / 10 < 2^96 / 10, so q (plus one) has at most 96 bits.
    let out = Decimal::from_parts(
        q as u32,
        (q >> 32) as u32,
        (q >> 64) as u32,
        negative,
        r.places,
    );
    positive_zero(out)
}

/// Whether dropping the places moves the kept digits one unit away from zero: `half` is the
/// dropped part against half a unit, `odd` whether the kept digits are odd (for half-even),
/// `inexact` whether anything but zeros is dropped.
#[inline]
fn rounds_up(
    mode: RoundingMode,
    negative: bool,
    odd: bool,
    half: std::cmp::Ordering,
    inexact: bool,
) -> bool {
    use std::cmp::Ordering::{Equal, Greater, Less};
    match mode {
        RoundingMode::HalfUp => half != Less,
        RoundingMode::HalfEven => half == Greater || (half == Equal && odd),
        RoundingMode::Down => false,
        RoundingMode::Up => inexact,
        RoundingMode::Floor => negative && inexact,
        RoundingMode::Ceiling => !negative && inexact,
    }
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
    use rust_decimal::RoundingStrategy;
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

    /// rust_decimal's own rounding, padded to the places as [`round`] does: the reference.
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
    fn both_paths_meet_their_edges() {
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
            "79228162514264337593543950335",
            "7.9228162514264337593543950335",
            "-7922816251426433759354395033.5",
            "0.0000000000000000000000000005",
            "123.04600000000000000000000000",
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
        /// [`round`] gives what rust_decimal's rounding gives, value and places, for every
        /// mode; mantissas up to 2^70 and of all 96 bits cover both paths and the border.
        #[test]
        fn equals_rust_decimals_rounding(
            mantissa in proptest::prop_oneof![
                -(1i128 << 70)..(1i128 << 70),
                -((1i128 << 96) - 1)..(1i128 << 96),
            ],
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
