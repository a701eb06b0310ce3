//! The arithmetic of one record: its worked minutes (rounded, less its break), its minutes
//! inside the night window, how late it started, its place in time.

use super::super::{Attendance, Punch, PunchTime};
use crate::policy::{ClockWindow, PunchMode, PunchRounding};
use crate::vocab::ClockTime;

/// Minutes in a day.
pub(super) const DAY: u64 = 24 * 60;

/// The minutes a clock record lasts as punched (0 to 1439); `end` before `start` is the next
/// day. Zero for a record without clock times.
pub(super) fn punched(time: PunchTime) -> u64 {
    match time {
        PunchTime::Clock { start, end } => u64::from(start.minutes_until(end)),
        PunchTime::Minutes(_) | PunchTime::None => 0,
    }
}

/// `minutes` rounded to the step of `rounding` in its direction (`nearest`: halves up).
pub(super) fn rounded(minutes: u64, rounding: Option<PunchRounding>) -> u64 {
    let Some(r) = rounding else { return minutes };
    let step = u64::from(r.minutes.max(1));
    let below = minutes - minutes % step;
    let rest = minutes % step;
    match r.mode {
        PunchMode::Down => below,
        PunchMode::Up if rest > 0 => below + step,
        PunchMode::Nearest if rest * 2 >= step => below + step,
        PunchMode::Up | PunchMode::Nearest => below,
    }
}

/// The unpaid break of a record: its own `break_minutes`, else its shift's, else none.
pub(super) fn break_minutes(att: &Attendance, p: &Punch) -> u64 {
    let shift = p
        .shift
        .and_then(|i| att.shifts().get(usize::from(i)))
        .map(|s| s.break_minutes);
    u64::from(p.break_minutes.or(shift).unwrap_or(0))
}

/// The minutes a work record counts: a clock record's punched length rounded per
/// `punch_rounding`, less its break (never below zero); a timesheet line's minutes as given.
pub(super) fn worked(att: &Attendance, p: &Punch) -> u64 {
    match p.time {
        PunchTime::Clock { .. } => {
            rounded(punched(p.time), att.punch_rounding()).saturating_sub(break_minutes(att, p))
        }
        PunchTime::Minutes(m) => u64::from(m),
        PunchTime::None => 0,
    }
}

/// The minutes of a record punched from `start` for `minutes` that fall inside `window`,
/// either window crossing midnight (the record may run into the next day; the window may
/// have opened the evening before).
pub(super) fn night(window: ClockWindow, start: ClockTime, minutes: u64) -> u64 {
    let (s, len) = (i64::from(start.minutes()), i64::from(window.minutes()));
    let e = s + i64::try_from(minutes).unwrap_or(0);
    let day = DAY as i64;
    (-1..=1)
        .map(|d| {
            let ws = d * day + i64::from(window.start.minutes());
            (e.min(ws + len) - s.max(ws)).max(0)
        })
        .map(|m| m.unsigned_abs())
        .sum()
}

/// Minutes from a shift's start to the clock-in: negative when early. A clock-in more than
/// 12 hours after the start is taken as before it (early for the shift, not late).
pub(super) fn minutes_late(shift_start: ClockTime, clock_in: ClockTime) -> i64 {
    let d = i64::from(shift_start.minutes_until(clock_in));
    if d > 720 {
        d - DAY as i64
    } else {
        d
    }
}

/// Where a punch goes in time order: its date, then clock records by clock-in, then the
/// day's other records (timesheet lines, leave, visits), each group in file order.
pub(super) fn order(p: &Punch) -> (crate::date::Date, u16, super::super::RecordAt) {
    let rank = match p.time {
        PunchTime::Clock { start, .. } => start.minutes(),
        PunchTime::Minutes(_) | PunchTime::None => u16::MAX,
    };
    (p.date, rank, p.at)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> ClockTime {
        s.parse().unwrap()
    }

    #[test]
    fn rounding_the_duration() {
        let r = |minutes, mode| Some(PunchRounding { minutes, mode });
        assert_eq!(rounded(487, r(15, PunchMode::Down)), 480);
        assert_eq!(rounded(487, r(15, PunchMode::Up)), 495);
        assert_eq!(rounded(487, r(15, PunchMode::Nearest)), 480);
        assert_eq!(rounded(488, r(15, PunchMode::Nearest)), 495);
        assert_eq!(rounded(480, r(15, PunchMode::Up)), 480);
        assert_eq!(rounded(487, None), 487);
    }

    #[test]
    fn night_minutes_across_midnight() {
        let w = ClockWindow {
            start: t("22:00"),
            end: t("06:00"),
        };
        assert_eq!(night(w, t("22:00"), 480), 480);
        assert_eq!(night(w, t("20:00"), 240), 120);
        assert_eq!(night(w, t("05:00"), 180), 60); // the window opened the evening before
        assert_eq!(night(w, t("08:00"), 540), 0);
        assert_eq!(night(w, t("04:00"), 1439), 120 + 359); // to 03:59 the next day
        let evening = ClockWindow {
            start: t("19:00"),
            end: t("23:00"),
        };
        assert_eq!(night(evening, t("18:00"), 1380), 240);
    }

    #[test]
    fn lateness_wraps_at_midnight() {
        assert_eq!(minutes_late(t("22:00"), t("22:10")), 10);
        assert_eq!(minutes_late(t("22:00"), t("21:55")), -5);
        assert_eq!(minutes_late(t("00:00"), t("23:50")), -10);
        assert_eq!(minutes_late(t("23:55"), t("00:05")), 10);
    }
}
