//! Calendar dates and pay periods, without time zones or clocks.
//!
//! Payroll works in whole days: a [`Date`] is a proleptic Gregorian day, stored as the
//! number of days since 1970-01-01 so that comparisons and `days_between` are integer
//! arithmetic. A [`Period`] is one calendar month, as chosen by `--period 2023-09`.

use std::fmt;
use std::str::FromStr;

/// A calendar day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    days: i32,
}

impl Date {
    /// The date for a year, month (1-12) and day (1-31), or `None` if no such day exists.
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(1..=9999).contains(&year) || !(1..=12).contains(&month) {
            return None;
        }
        if day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date {
            days: days_from_civil(year, month, day),
        })
    }

    /// Year, month, day.
    pub fn ymd(self) -> (i32, u32, u32) {
        civil_from_days(self.days)
    }

    /// The year.
    pub fn year(self) -> i32 {
        self.ymd().0
    }

    /// The month, 1 to 12.
    pub fn month(self) -> u32 {
        self.ymd().1
    }

    /// Days from `self` to `other` (positive when `other` is later).
    pub fn days_until(self, other: Date) -> i64 {
        i64::from(other.days) - i64::from(self.days)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

/// Why a text is not a [`Date`].
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// Not written `YYYY-MM-DD`: `2023/9/1`, `July`, `2023-9-1`.
    #[error("`{text}` is not a date (expected YYYY-MM-DD)")]
    NotYmd {
        /// The text as written.
        text: String,
    },
    /// Written `YYYY-MM-DD`, but no day of the calendar: `2023-02-30`, `2023-13-01`.
    #[error("`{text}` is not a day of the calendar")]
    NoSuchDay {
        /// The text as written.
        text: String,
    },
}

impl FromStr for Date {
    type Err = DateError;

    /// Parses `YYYY-MM-DD`.
    fn from_str(s: &str) -> Result<Date, DateError> {
        let bad = || DateError::NotYmd {
            text: s.to_string(),
        };
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(bad());
        }
        let num = |r: std::ops::Range<usize>| -> Option<u32> {
            let part = &s[r];
            if part.bytes().all(|c| c.is_ascii_digit()) {
                part.parse().ok()
            } else {
                None
            }
        };
        let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else {
            return Err(bad());
        };
        Date::from_ymd(y as i32, m, d).ok_or_else(|| DateError::NoSuchDay {
            text: s.to_string(),
        })
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Number of days in a month of a year.
pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

// Howard Hinnant's civil-from-days algorithms, in i64 so no input can overflow.
fn days_from_civil(y: i32, m: u32, d: u32) -> i32 {
    let y = i64::from(y) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    (era * 146_097 + doe - 719_468) as i32
}

fn civil_from_days(z: i32) -> (i32, u32, u32) {
    let z = i64::from(z) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    ((y + i64::from(m <= 2)) as i32, m, d)
}

/// The pay period evaluated: one calendar month.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    start: Date,
}

impl Period {
    /// The month containing `date`.
    pub fn containing(date: Date) -> Period {
        let (y, m, _) = date.ymd();
        Period::month(y, m).expect("a valid date's month is valid")
    }

    /// The period for a year and month.
    pub fn month(year: i32, month: u32) -> Option<Period> {
        Date::from_ymd(year, month, 1).map(|start| Period { start })
    }

    /// First day of the period (`period.start`).
    pub fn start(self) -> Date {
        self.start
    }

    /// Last day of the period (`period.end`).
    pub fn end(self) -> Date {
        let (y, m, _) = self.start.ymd();
        Date::from_ymd(y, m, days_in_month(y, m)).expect("last day of a valid month")
    }

    /// Number of calendar days in the period (`period.days`).
    pub fn days(self) -> u32 {
        let (y, m, _) = self.start.ymd();
        days_in_month(y, m)
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, _) = self.start.ymd();
        write!(f, "{y:04}-{m:02}")
    }
}

/// Why a text is not a [`Period`]. Both kinds read the same to a user, who is shown the form
/// expected; the variants tell an embedder which check failed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PeriodError {
    /// Not written `YYYY-MM`: `2023-9`, `2023-09-01`, `Sept 2023`.
    #[error("`{text}` is not a period (expected YYYY-MM, like 2023-09)")]
    NotYearMonth {
        /// The text as written.
        text: String,
    },
    /// Written `YYYY-MM`, but no month of the calendar: `2023-13`, `2023-00`, `0000-01`.
    #[error("`{text}` is not a period (expected YYYY-MM, like 2023-09)")]
    NoSuchMonth {
        /// The text as written.
        text: String,
    },
}

impl FromStr for Period {
    type Err = PeriodError;

    /// Parses `YYYY-MM`.
    fn from_str(s: &str) -> Result<Period, PeriodError> {
        let b = s.as_bytes();
        let digits = |part: &str| !part.is_empty() && part.bytes().all(|c| c.is_ascii_digit());
        if b.len() != 7 || b[4] != b'-' || !digits(&s[..4]) || !digits(&s[5..]) {
            return Err(PeriodError::NotYearMonth {
                text: s.to_string(),
            });
        }
        // Four and two ASCII digits: both parse.
        let (y, m) = (s[..4].parse::<i32>(), s[5..].parse::<u32>());
        match (y, m) {
            (Ok(y), Ok(m)) => Period::month(y, m),
            _ => None,
        }
        .ok_or_else(|| PeriodError::NoSuchMonth {
            text: s.to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_days() {
        for s in [
            "1970-01-01",
            "2000-02-29",
            "2023-12-31",
            "0001-01-01",
            "9999-12-31",
        ] {
            let d: Date = s.parse().unwrap();
            assert_eq!(d.to_string(), s);
        }
        assert!("2023-02-29".parse::<Date>().is_err());
        assert!("2023-13-01".parse::<Date>().is_err());
    }

    #[test]
    fn period_bounds() {
        let p: Period = "2024-02".parse().unwrap();
        assert_eq!(p.start().to_string(), "2024-02-01");
        assert_eq!(p.end().to_string(), "2024-02-29");
        assert_eq!(p.days(), 29);
        let a: Date = "2023-07-01".parse().unwrap();
        let b: Date = "2023-09-30".parse().unwrap();
        assert_eq!(a.days_until(b), 91);
        assert!("2023-9".parse::<Period>().is_err());
    }

    #[test]
    fn period_errors_say_which_check_failed() {
        let not = |text: &str| PeriodError::NotYearMonth { text: text.into() };
        let no_such = |text: &str| PeriodError::NoSuchMonth { text: text.into() };
        for text in [
            "2023-9",
            "2023-09-01",
            "Sept 2023",
            "2023/09",
            "202３-09",
            "",
        ] {
            assert_eq!(text.parse::<Period>(), Err(not(text)), "{text}");
        }
        for text in ["2023-13", "2023-00", "0000-01"] {
            assert_eq!(text.parse::<Period>(), Err(no_such(text)), "{text}");
        }
        assert_eq!(
            no_such("2023-13").to_string(),
            "`2023-13` is not a period (expected YYYY-MM, like 2023-09)"
        );
    }
}
