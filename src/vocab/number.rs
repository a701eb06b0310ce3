//! The limits of an exact decimal, as a reason a written number cannot be held.

/// Why written digits cannot be held by an exact decimal (which is never rounded instead).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NumberLimit {
    /// The whole part is above 79228162514264337593543950335: `99999999999999999999999999999`.
    TooLarge,
    /// More than 28 digits after the point (as written, a percentage's two more included).
    TooManyPlaces,
    /// Both parts fit, but not together: `79228162514264337593543950334.5` has 30
    /// significant digits; an exact decimal holds 28 (and 29 up to 79228162514264337593543950335).
    TooManyDigits,
}

/// The largest mantissa of an exact decimal, as digits.
const MAX_DIGITS: &str = "79228162514264337593543950335";

impl NumberLimit {
    /// Why the digits `int.frac` (ASCII digits only), with `extra_places` more places (2 for a
    /// percentage), cannot be held exactly; `None` if they can.
    pub fn of(int: &str, frac: &str, extra_places: usize) -> Option<NumberLimit> {
        let above_max = |digits: &str| {
            let digits = digits.trim_start_matches('0');
            digits.len() > MAX_DIGITS.len()
                || (digits.len() == MAX_DIGITS.len() && digits > MAX_DIGITS)
        };
        if above_max(int) {
            Some(NumberLimit::TooLarge)
        } else if frac.len() + extra_places > 28 {
            Some(NumberLimit::TooManyPlaces)
        } else if above_max(&format!("{int}{frac}")) {
            Some(NumberLimit::TooManyDigits)
        } else {
            None
        }
    }
}

impl std::fmt::Display for NumberLimit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            NumberLimit::TooLarge => {
                "is too large: exact numbers go up to 79228162514264337593543950335 (about 7.9e28)"
            }
            NumberLimit::TooManyPlaces => {
                "has more than 28 digits after the point, more than an exact number holds"
            }
            NumberLimit::TooManyDigits => {
                "needs more than 28 significant digits, more than an exact number holds"
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn says_why_digits_cannot_be_held() {
        use NumberLimit::*;
        let max = "79228162514264337593543950335";
        assert_eq!(
            NumberLimit::of("99999999999999999999999999999", "", 0),
            Some(TooLarge)
        );
        assert_eq!(
            NumberLimit::of("79228162514264337593543950336", "", 0),
            Some(TooLarge)
        );
        assert_eq!(NumberLimit::of(max, "", 0), None);
        assert_eq!(NumberLimit::of(&format!("000{max}"), "", 0), None);
        assert_eq!(
            NumberLimit::of("79228162514264337593543950334", "5", 0),
            Some(TooManyDigits)
        );
        assert_eq!(NumberLimit::of("0", &"0".repeat(28), 0), None);
        assert_eq!(
            NumberLimit::of("0", &"0".repeat(29), 0),
            Some(TooManyPlaces)
        );
        assert_eq!(
            NumberLimit::of("0", &"0".repeat(27), 2),
            Some(TooManyPlaces)
        );
        assert_eq!(
            NumberLimit::of("9", &"9".repeat(28), 0),
            Some(TooManyDigits)
        );
        assert_eq!(NumberLimit::of("1", &"1".repeat(28), 0), None);
    }
}
