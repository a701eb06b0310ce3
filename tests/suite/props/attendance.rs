//! Properties of the attendance classifier (issue 8): for any set of non-overlapping
//! punches, regular and overtime minutes add up to the minutes worked; and on a calendar
//! without holidays, moving every punch a week later changes no total. Through the public
//! API only: a policy read from a `MemorySource`, punches built by hand.

use super::config;
use hrrules::attendance::{classify, Attendance, Punch, PunchKind, PunchTime, RecordAt, Tally};
use hrrules::calendar::Calendar;
use hrrules::vocab::{ClockTime, LeaveKind};
use hrrules::{Date, MemorySource, Period, Policy};
use proptest::prelude::*;
use std::sync::Arc;

const CN_2023: &str = include_str!("../../../rules/calendars/cn-2023.toml");

/// 2023 with weekends and nothing else: no holiday, no adjustment.
const PLAIN_2023: &str = "[calendar]\nname = \"Plain 2023\"\nyear = 2023\n\
                          weekend = [\"sat\", \"sun\"]\nholidays = []\nrest_days = []\nworkdays = []\n";

/// The knobs of a generated policy.
#[derive(Clone, Debug)]
struct Rules {
    hours: &'static str,
    day_hours: u8,
    rounding: Option<(u16, &'static str)>,
    tolerance: u16,
    night: (u16, u16),
}

fn rules() -> impl Strategy<Value = Rules> {
    (
        prop::sample::select(vec!["standard", "comprehensive", "flexible"]),
        1u8..=12,
        prop::option::of((
            prop::sample::select(vec![1u16, 5, 6, 15]),
            prop::sample::select(vec!["down", "up", "nearest"]),
        )),
        0u16..30,
        (0u16..1440, 1u16..1440),
    )
        .prop_map(|(hours, day_hours, rounding, tolerance, night)| Rules {
            hours,
            day_hours,
            rounding,
            tolerance,
            night,
        })
}

fn clock(minutes: u16) -> ClockTime {
    ClockTime::from_minutes(minutes % 1440).expect("within the day")
}

fn policy(r: &Rules, calendar: &str) -> Policy {
    let rounding = r.rounding.map_or(String::new(), |(m, mode)| {
        format!("punch_rounding = {{ minutes = {m}, mode = \"{mode}\" }}\n")
    });
    let (ns, nl) = r.night;
    let text = format!(
        "[policy]\nname = \"prop\"\n[attendance]\ncalendars = [\"cal.toml\"]\n\
         projects = [\"knee_gen3\", \"spine_cage\"]\nhours = \"{}\"\nday_hours = {}\n{rounding}\
         late_tolerance_minutes = {}\nnight = {{ start = \"{}\", end = \"{}\" }}\n\
         [attendance.shifts.day]\nstart = \"08:00\"\nend = \"17:00\"\nbreak_minutes = 60\n\
         [attendance.shifts.night]\nstart = \"22:00\"\nend = \"06:00\"\nbreak_minutes = 45\n",
        r.hours,
        r.day_hours,
        r.tolerance,
        clock(ns),
        clock(ns + nl),
    );
    let files = MemorySource::new([("p.toml", text.as_str()), ("cal.toml", calendar)]);
    Policy::from_sources(&files, "p.toml").unwrap_or_else(|e| panic!("{e}\n{text}"))
}

/// One generated record: a gap after the previous one, a length, what it is.
type Step = (u64, u64, u8, Option<u16>, Option<u16>, Option<u16>);

fn steps() -> impl Strategy<Value = Vec<Step>> {
    prop::collection::vec(
        (
            0u64..900,
            1u64..=720,
            0u8..12,
            prop::option::of(0u16..2),
            prop::option::of(0u16..2),
            prop::option::of(0u16..90),
        ),
        0..40,
    )
}

/// Records laid end to end from the first midnight of `period` (never overlapping), none
/// dated on or after day `last_day`, at most 24 hours of work a day even rounded up.
fn punches(period: Period, steps: &[Step], last_day: u32) -> Vec<Punch> {
    let (y, m, _) = period.start().ymd();
    let mut out = Vec::new();
    let mut t = 0u64;
    let mut day_load = (u64::MAX, 0u64);
    for (row, &(gap, len, what, shift, project, brk)) in steps.iter().enumerate() {
        t += gap;
        let day = t / 1440;
        let Some(date) = u32::try_from(day + 1)
            .ok()
            .filter(|d| *d < last_day)
            .and_then(|d| Date::from_ymd(y, m, d))
        else {
            break;
        };
        if day_load.0 != day {
            day_load = (day, 0);
        }
        let start = clock(u16::try_from(t % 1440).expect("under a day"));
        let (time, kind) = match what {
            0..=7 => (
                PunchTime::Clock {
                    start,
                    end: clock(u16::try_from((t + len) % 1440).expect("under a day")),
                },
                PunchKind::Work,
            ),
            8 => (PunchTime::Minutes(len as u32), PunchKind::Work),
            9 => (PunchTime::None, PunchKind::Leave(LeaveKind::Annual)),
            10 => (
                PunchTime::Minutes(len as u32),
                PunchKind::Leave(LeaveKind::Sick),
            ),
            _ => (
                PunchTime::None,
                PunchKind::Visit {
                    checked_in: len % 2 == 0,
                },
            ),
        };
        if kind == PunchKind::Work {
            // Room for the record and for rounding up by a step.
            if day_load.1 + len + 15 > 1440 {
                continue;
            }
            day_load.1 += len + 15;
            t += len;
        }
        out.push(Punch {
            date,
            time,
            kind,
            shift,
            project,
            break_minutes: brk,
            at: RecordAt {
                file: 0,
                row: row as u64 + 2,
            },
        });
    }
    out
}

fn run(att: &Attendance, period: Period, punches: &mut [Punch]) -> Tally {
    let files: Vec<Arc<str>> = vec![Arc::from("records.csv")];
    classify(att, period, "E004", punches, &files, None)
        .unwrap_or_else(|e| panic!("non-overlapping punches should classify: {e}\n{punches:#?}"))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..config() })]

    /// Regular plus all overtime is the time worked, under every system, on the 2023
    /// calendar with its holidays, rest days and make-up days, whatever the order given.
    #[test]
    fn regular_and_overtime_add_up_to_worked(
        r in rules(),
        month in 1u32..=12,
        steps in steps(),
        reversed in any::<bool>(),
    ) {
        let p = policy(&r, CN_2023);
        let att = p.attendance().expect("[attendance]");
        let period = Period::month(2023, month).expect("a month");
        let mut punches = punches(period, &steps, 32);
        if reversed {
            punches.reverse();
        }
        let t = run(att, period, &mut punches);
        prop_assert_eq!(t.regular + t.ot_workday + t.ot_restday + t.ot_holiday, t.worked);
        prop_assert!(t.night <= t.worked);
        prop_assert!(t.projects.iter().sum::<u64>() <= t.worked);
    }

    /// On a calendar without holidays, every punch a week later gives the same tally.
    #[test]
    fn a_week_later_changes_no_total(
        r in rules(),
        month in 1u32..=12,
        steps in steps(),
    ) {
        Calendar::from_text("plain.toml", PLAIN_2023).expect("a calendar");
        let p = policy(&r, PLAIN_2023);
        let att = p.attendance().expect("[attendance]");
        let period = Period::month(2023, month).expect("a month");
        let mut punches = punches(period, &steps, period.days() - 7);
        let before = run(att, period, &mut punches);
        for punch in &mut punches {
            let (y, m, d) = punch.date.ymd();
            punch.date = Date::from_ymd(y, m, d + 7).expect("within the month");
        }
        let after = run(att, period, &mut punches);
        prop_assert_eq!(before, after);
    }
}
