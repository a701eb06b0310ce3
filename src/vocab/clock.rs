//! A clock time of day, `HH:MM`, as minutes since midnight: shift starts and ends, the night
//! window, punches.

use std::fmt;
use std::str::FromStr;

/// A time of day from `00:00` to `23:59`, kept as minutes since midnight.
///
/// Written strictly as two-digit hours and minutes (`08:30`, `22:00`); `8:5`, `25:00` and
/// `24:00` are refused.
///
/// ```
/// use hrrules::vocab::ClockTime;
///
/// let t: ClockTime = "22:30".parse().unwrap();
/// assert_eq!(t.minutes(), 22 * 60 + 30);
/// assert_eq!(t.to_string(), "22:30");
/// assert!("8:5".parse::<ClockTime>().is_err());
/// assert!("25:00".parse::<ClockTime>().is_err());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ClockTime(u16);

/// Why a text is no clock time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ClockError {
    /// Not of the form `HH:MM` with two digits each: `8:5`, `0830`, `8h30`.
    #[error("a time is written HH:MM with two digits each, like 08:30")]
    Form,
    /// An hour over 23: `25:00`, `24:00`.
    #[error("the hour must be 00 to 23")]
    Hour,
    /// A minute over 59: `08:60`.
    #[error("the minute must be 00 to 59")]
    Minute,
}

/// Minutes in a day.
pub const DAY_MINUTES: u16 = 24 * 60;

impl ClockTime {
    /// The time `minutes` after midnight, if that is within the day (under 1440).
    pub fn from_minutes(minutes: u16) -> Option<ClockTime> {
        (minutes < DAY_MINUTES).then_some(ClockTime(minutes))
    }

    /// Minutes since midnight: 0 to 1439.
    pub fn minutes(self) -> u16 {
        self.0
    }

    /// Minutes from `self` to `later`, going past midnight when `later` is earlier in the
    /// day: 22:00 to 06:00 is 480. Zero when they are equal.
    pub fn minutes_until(self, later: ClockTime) -> u16 {
        (later.0 + DAY_MINUTES - self.0) % DAY_MINUTES
    }
}

impl FromStr for ClockTime {
    type Err = ClockError;

    fn from_str(s: &str) -> Result<ClockTime, ClockError> {
        let b = s.as_bytes();
        let digits = |r: &[u8]| r.iter().all(u8::is_ascii_digit);
        if b.len() != 5 || b[2] != b':' || !digits(&b[..2]) || !digits(&b[3..]) {
            return Err(ClockError::Form);
        }
        let two = |i: usize| u16::from(b[i] - b'0') * 10 + u16::from(b[i + 1] - b'0');
        let (h, m) = (two(0), two(3));
        if h > 23 {
            return Err(ClockError::Hour);
        }
        if m > 59 {
            return Err(ClockError::Minute);
        }
        Ok(ClockTime(h * 60 + m))
    }
}

impl fmt::Display for ClockTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.0 / 60, self.0 % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_shows() {
        for m in 0..DAY_MINUTES {
            let t = ClockTime::from_minutes(m).unwrap();
            assert_eq!(t.to_string().parse::<ClockTime>(), Ok(t));
        }
        assert_eq!("24:00".parse::<ClockTime>(), Err(ClockError::Hour));
        assert_eq!("08:60".parse::<ClockTime>(), Err(ClockError::Minute));
        assert_eq!("8:05".parse::<ClockTime>(), Err(ClockError::Form));
        assert_eq!("０8:00".parse::<ClockTime>(), Err(ClockError::Form));
        let (a, b) = (
            "22:00".parse::<ClockTime>().unwrap(),
            "06:00".parse().unwrap(),
        );
        assert_eq!(a.minutes_until(b), 480);
        assert_eq!(b.minutes_until(a), 960);
        assert_eq!(a.minutes_until(a), 0);
    }
}
