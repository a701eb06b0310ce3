//! A date or time cell's serial number to text: `2023-09-30`, `2023-09-30 14:30`, `08:30`.
//!
//! A spreadsheet stores a date as a number of days since an epoch, the time of day as the
//! fraction. In the 1900 system (Excel's default) day 1 is 1900-01-01 and day 60 is the
//! phantom 1900-02-29 Excel keeps for compatibility with Lotus 1-2-3 (it is shown, and is not
//! a date when read as one); in the 1904 system (old Mac workbooks, when the workbook says so)
//! day 0 is 1904-01-01. The serial is rounded to the second once, here, and never used again.

/// Which day a workbook's serial numbers count from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Epoch {
    /// Day 1 is 1900-01-01, with the phantom 1900-02-29 as day 60.
    Excel1900,
    /// Day 0 is 1904-01-01.
    Excel1904,
}

const SECONDS_PER_DAY: i64 = 86_400;
/// The first serial past 9999-12-31 in the 1900 system (the last day Excel shows).
const END_1900: i64 = 2_958_466;
/// Days from 1900's day 0 to 1904-01-01.
const OFFSET_1904: i64 = 1_462;

/// The text of a date cell: `YYYY-MM-DD`, with ` HH:MM` when there is a time of day (and
/// `:SS` when the seconds are not zero); a serial below 1 (a time of day without a date) is
/// `HH:MM` alone. `None` when the serial is not a day Excel shows (negative, past
/// 9999-12-31, not a number).
pub(super) fn date_text(serial: f64, epoch: Epoch) -> Option<String> {
    let end = match epoch {
        Epoch::Excel1900 => END_1900,
        Epoch::Excel1904 => END_1900 - OFFSET_1904,
    };
    if !(0.0..end as f64).contains(&serial) {
        return None;
    }
    let seconds = (serial * SECONDS_PER_DAY as f64).round() as i64;
    let (days, time) = (seconds / SECONDS_PER_DAY, seconds % SECONDS_PER_DAY);
    if days == 0 {
        return Some(clock(time));
    }
    let (y, m, d) = match epoch {
        Epoch::Excel1900 if days == 60 => (1900, 2, 29),
        Epoch::Excel1900 if days < 60 => civil(days - 1, (1900, 1, 1))?,
        Epoch::Excel1900 => civil(days - 61, (1900, 3, 1))?,
        Epoch::Excel1904 => civil(days, (1904, 1, 1))?,
    };
    if y > 9999 {
        return None;
    }
    let date = format!("{y:04}-{m:02}-{d:02}");
    Some(match time {
        0 => date,
        _ => format!("{date} {}", clock(time)),
    })
}

/// The text of a duration cell (a format like `[h]:mm`): `HH:MM`, hours past 24 kept
/// (`37:30`), `:SS` when the seconds are not zero, `-` before a negative one. `None` beyond a
/// million days.
pub(super) fn duration_text(days: f64) -> Option<String> {
    // NaN fails this test too.
    if days.is_nan() || days.abs() >= 1e6 {
        return None;
    }
    let seconds = (days * SECONDS_PER_DAY as f64).round() as i64;
    let sign = if seconds < 0 { "-" } else { "" };
    Some(format!("{sign}{}", clock(seconds.abs())))
}

/// `08:30`, `08:30:15`, `37:30` from seconds.
fn clock(seconds: i64) -> String {
    let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    match s {
        0 => format!("{h:02}:{m:02}"),
        _ => format!("{h:02}:{m:02}:{s:02}"),
    }
}

/// The day `days` after `start` (proleptic Gregorian).
fn civil(days: i64, (y, m, d): (i64, i64, i64)) -> Option<(i64, i64, i64)> {
    from_days(to_days(y, m, d).checked_add(days)?)
}

/// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
fn to_days(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Year, month, day of a day since 1970-01-01 (Howard Hinnant's `civil_from_days`).
fn from_days(z: i64) -> Option<(i64, i64, i64)> {
    let z = z.checked_add(719_468)?;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    Some((y, m, d))
}

/// The text of an ISO 8601 date-time as OpenDocument stores it (`2023-09-30`,
/// `2023-09-30T14:30:00`, `2023-09-30T14:30:00.000`): the same shape as a date cell's text.
pub(super) fn iso_date_text(iso: &str) -> String {
    let iso = iso.trim();
    let Some((date, time)) = iso.split_once('T') else {
        return iso.to_string();
    };
    let time = time.split('.').next().unwrap_or(time);
    // Only a well-formed date and time is reshaped; anything else (`2023-09-30T14:3 :00`
    // in a damaged file) is kept as written, to be refused where a date is read.
    if !shaped(date, "9999-99-99") || !(shaped(time, "99:99:99") || shaped(time, "99:99")) {
        return iso.to_string();
    }
    match time {
        "00:00:00" | "00:00" => date.to_string(),
        _ => format!("{date} {}", time.strip_suffix(":00").unwrap_or(time)),
    }
}

/// Whether `text` has the shape of `pattern`, where `9` stands for any ASCII digit.
fn shaped(text: &str, pattern: &str) -> bool {
    text.len() == pattern.len()
        && (text.bytes().zip(pattern.bytes())).all(|(c, p)| {
            if p == b'9' {
                c.is_ascii_digit()
            } else {
                c == p
            }
        })
}

/// The text of an ISO 8601 duration as OpenDocument stores a time cell (`PT08H30M00S`):
/// `08:30`, like a duration cell's text. Anything else is kept as written.
pub(super) fn iso_duration_text(iso: &str) -> String {
    let parse = || -> Option<String> {
        let (sign, rest) = match iso.strip_prefix('-') {
            Some(rest) => ("-", rest),
            None => ("", iso),
        };
        let rest = rest.strip_prefix("PT")?;
        let (h, rest) = rest.split_once('H')?;
        let (m, rest) = rest.split_once('M')?;
        let s = rest.strip_suffix('S')?;
        let s = s.split('.').next()?;
        let (h, m, s): (u64, u64, u64) = (h.parse().ok()?, m.parse().ok()?, s.parse().ok()?);
        let seconds = i64::try_from(h.checked_mul(3600)?.checked_add(m * 60 + s)?).ok()?;
        Some(format!("{sign}{}", clock(seconds)))
    };
    parse().unwrap_or_else(|| iso.trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A damaged date value is kept as written, trimmed (found by the fuzz target `excel`).
    #[test]
    fn iso_texts_that_are_not_dates_are_kept() {
        assert_eq!(iso_date_text("2023-09-30T14:30:00"), "2023-09-30 14:30");
        assert_eq!(iso_date_text("2023-09-30T00:00:00"), "2023-09-30");
        assert_eq!(iso_date_text("2023-09-30T14:3 :00"), "2023-09-30T14:3 :00");
        assert_eq!(iso_date_text(" 2023-09-30 "), "2023-09-30");
        assert_eq!(iso_duration_text(" PT8H "), "PT8H");
    }

    #[test]
    fn serials_of_the_1900_system() {
        let text = |s| date_text(s, Epoch::Excel1900);
        assert_eq!(text(1.0).as_deref(), Some("1900-01-01"));
        assert_eq!(text(59.0).as_deref(), Some("1900-02-28"));
        assert_eq!(text(60.0).as_deref(), Some("1900-02-29"));
        assert_eq!(text(61.0).as_deref(), Some("1900-03-01"));
        assert_eq!(text(45199.0).as_deref(), Some("2023-09-30"));
        assert_eq!(
            text(45199.604166666664).as_deref(),
            Some("2023-09-30 14:30")
        );
        assert_eq!(text(0.3541666666666667).as_deref(), Some("08:30"));
        assert_eq!(text(2958465.0).as_deref(), Some("9999-12-31"));
        assert_eq!(text(2958466.0), None);
        assert_eq!(text(-1.0), None);
        assert_eq!(text(f64::NAN), None);
    }

    #[test]
    fn serials_of_the_1904_system() {
        let text = |s| date_text(s, Epoch::Excel1904);
        assert_eq!(text(1.0).as_deref(), Some("1904-01-02"));
        assert_eq!(text(43737.0).as_deref(), Some("2023-09-30"));
        assert_eq!(text(2957003.0).as_deref(), Some("9999-12-31"));
        assert_eq!(text(2957004.0), None);
    }

    #[test]
    fn durations_and_iso_text() {
        assert_eq!(duration_text(1.5625).as_deref(), Some("37:30"));
        assert_eq!(duration_text(-0.5).as_deref(), Some("-12:00"));
        assert_eq!(duration_text(1e300), None);
        assert_eq!(iso_date_text("2023-09-30"), "2023-09-30");
        assert_eq!(iso_date_text("2023-09-30T00:00:00"), "2023-09-30");
        assert_eq!(iso_date_text("2023-09-30T14:30:00.000"), "2023-09-30 14:30");
        assert_eq!(iso_duration_text("PT08H30M00S"), "08:30");
        assert_eq!(iso_duration_text("PT37H30M15.5S"), "37:30:15");
        assert_eq!(iso_duration_text("P1D"), "P1D");
    }
}
