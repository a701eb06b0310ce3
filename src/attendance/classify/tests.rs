//! Hand-built punches through each working-hours system, on the 2023 calendar around the
//! National Day block: 2023-10-01 a statutory holiday, 2023-10-04 a rest day (freed by the
//! adjustment), 2023-10-07 a make-up working day (a Saturday worked), 2023-10-09 a Monday.

use std::sync::Arc;

use super::{classify, Contribution};
use crate::attendance::{Attendance, Punch, PunchKind, PunchTime, RecordAt, RecordError, Tally};
use crate::policy::{MeasureOf, MemorySource};
use crate::vocab::LeaveKind;
use crate::{Date, Period, Policy};

const CN_2023: &str = include_str!("../../../rules/calendars/cn-2023.toml");

/// A production policy with the given extra `[attendance]` keys, its day and night shifts,
/// and two projects.
fn policy(extra: &str) -> Policy {
    let text = format!(
        "[policy]\nname = \"Hengkang production\"\n[attendance]\n\
         calendars = [\"calendars/cn-2023.toml\"]\nprojects = [\"knee_gen3\", \"spine_cage\"]\n\
         night = {{ start = \"22:00\", end = \"06:00\" }}\nlate_tolerance_minutes = 5\n{extra}\n\
         [attendance.shifts.day]\nstart = \"08:00\"\nend = \"17:00\"\nbreak_minutes = 60\n\
         [attendance.shifts.night]\nstart = \"22:00\"\nend = \"06:00\"\nbreak_minutes = 45\n"
    );
    let files = MemorySource::new([
        ("production.toml", text.as_str()),
        ("calendars/cn-2023.toml", CN_2023),
    ]);
    Policy::from_sources(&files, "production.toml").unwrap_or_else(|e| panic!("{e}"))
}

fn october() -> Period {
    Period::month(2023, 10).unwrap()
}

/// Punches on row 2, 3, ... of `records.csv`.
struct Rows(Vec<Punch>);

impl Rows {
    fn new() -> Rows {
        Rows(Vec::new())
    }

    fn push(&mut self, date: &str, time: PunchTime, kind: PunchKind) -> &mut Punch {
        let row = self.0.len() as u64 + 2;
        self.0.push(Punch {
            date: date.parse::<Date>().unwrap(),
            time,
            kind,
            shift: None,
            project: None,
            break_minutes: None,
            at: RecordAt { file: 0, row },
        });
        self.0.last_mut().unwrap()
    }

    fn clock(&mut self, date: &str, start: &str, end: &str) -> &mut Punch {
        let time = PunchTime::Clock {
            start: start.parse().unwrap(),
            end: end.parse().unwrap(),
        };
        self.push(date, time, PunchKind::Work)
    }

    fn hours(&mut self, date: &str, minutes: u32) -> &mut Punch {
        self.push(date, PunchTime::Minutes(minutes), PunchKind::Work)
    }
}

fn files() -> Vec<Arc<str>> {
    vec![Arc::from("records.csv")]
}

fn run(att: &Attendance, rows: &mut Rows) -> Result<(Tally, Vec<Contribution>), RecordError> {
    let mut trace = Vec::new();
    let tally = classify(
        att,
        october(),
        "E004",
        &mut rows.0,
        &files(),
        Some(&mut trace),
    )?;
    // The trace adds up to the tally, and the invariant holds.
    let sum =
        |of: MeasureOf| -> u64 { trace.iter().filter(|c| c.of == of).map(|c| c.amount).sum() };
    assert_eq!(sum(MeasureOf::HoursWorked), tally.worked);
    assert_eq!(sum(MeasureOf::RegularHours), tally.regular);
    assert_eq!(sum(MeasureOf::OtWorkdayHours), tally.ot_workday);
    assert_eq!(sum(MeasureOf::NightHours), tally.night);
    assert_eq!(sum(MeasureOf::DaysWorked), u64::from(tally.days_worked));
    assert_eq!(
        tally.regular + tally.ot_workday + tally.ot_restday + tally.ot_holiday,
        tally.worked
    );
    Ok((tally, trace))
}

/// The four kinds of day, each worked 08:00-19:00 (11 h less the hour's break: 600 minutes).
fn national_day_block() -> Rows {
    let mut rows = Rows::new();
    for date in ["2023-10-01", "2023-10-04", "2023-10-07", "2023-10-09"] {
        rows.clock(date, "08:00", "19:00").break_minutes = Some(60);
    }
    rows
}

#[test]
fn standard_hours_by_kind_of_day() {
    let p = policy("hours = \"standard\"");
    let (t, _) = run(p.attendance().unwrap(), &mut national_day_block()).unwrap();
    assert_eq!(t.worked, 2400);
    assert_eq!(t.ot_holiday, 600); // 10-01
    assert_eq!(t.ot_restday, 600); // 10-04
    assert_eq!(t.regular, 960); // 480 on 10-07 (make-up day) and 10-09
    assert_eq!(t.ot_workday, 240); // 120 each
    assert_eq!(t.days_worked, 4);
    assert_eq!(t.night, 0);
}

#[test]
fn standard_overtime_is_the_days_last_minutes() {
    let p = policy("");
    let mut rows = Rows::new();
    rows.clock("2023-10-09", "13:00", "19:00"); // row 2, sorted after row 3
    rows.clock("2023-10-09", "08:00", "12:00"); // row 3
    let (t, trace) = run(p.attendance().unwrap(), &mut rows).unwrap();
    assert_eq!((t.regular, t.ot_workday), (480, 120));
    let ot: Vec<u64> = trace
        .iter()
        .filter(|c| c.of == MeasureOf::OtWorkdayHours)
        .map(|c| c.at.row)
        .collect();
    assert_eq!(ot, [2]);
}

#[test]
fn comprehensive_hours_over_the_period() {
    let p = policy("hours = \"comprehensive\"\nday_hours = 1");
    let att = p.attendance().unwrap();
    assert_eq!(att.workdays(october()), Some(19));
    // Budget: 19 working days x 1 hour = 1140 minutes; 1800 worked on ordinary days.
    let (t, trace) = run(att, &mut national_day_block()).unwrap();
    assert_eq!(t.ot_holiday, 600);
    assert_eq!(t.ot_restday, 0); // rest days are ordinary days
    assert_eq!((t.regular, t.ot_workday), (1140, 660));
    // The overtime is the last records' in time order: 60 of 10-07's, all of 10-09's.
    let ot: Vec<(u64, u64)> = trace
        .iter()
        .filter(|c| c.of == MeasureOf::OtWorkdayHours)
        .map(|c| (c.at.row, c.amount))
        .collect();
    assert_eq!(ot, [(4, 60), (5, 600)]);
}

#[test]
fn flexible_hours_only_holidays_are_overtime() {
    let p = policy("hours = \"flexible\"");
    let (t, _) = run(p.attendance().unwrap(), &mut national_day_block()).unwrap();
    assert_eq!((t.regular, t.ot_holiday), (1800, 600));
    assert_eq!(t.ot_workday + t.ot_restday, 0);
}

#[test]
fn a_night_shift_late_and_its_night_minutes() {
    let p = policy("");
    let att = p.attendance().unwrap();
    let mut rows = Rows::new();
    rows.clock("2023-10-09", "22:10", "06:00").shift = Some(1); // 470 - 45 = 425
    rows.clock("2023-10-10", "22:05", "06:00").shift = Some(1); // within tolerance
    rows.clock("2023-10-12", "07:50", "17:00").shift = Some(0); // early: not late
    let (t, _) = run(att, &mut rows).unwrap();
    assert_eq!(t.shifts, [1, 2]);
    assert_eq!(t.late, 1);
    // Night minutes capped at worked: the break is taken out of the night last.
    assert_eq!(t.night, 425 + 430);
    assert_eq!(t.worked, 425 + 430 + 490);
    assert_eq!(t.days_worked, 3);
}

#[test]
fn punch_rounding_rounds_the_duration() {
    let p = policy("punch_rounding = { minutes = 15, mode = \"down\" }");
    let mut rows = Rows::new();
    rows.clock("2023-10-09", "08:07", "17:05").shift = Some(0); // 538 -> 525, less 60
    let (t, _) = run(p.attendance().unwrap(), &mut rows).unwrap();
    assert_eq!(t.worked, 465);
    assert_eq!(t.late, 1); // lateness is judged on the clock-in as punched
    let p = policy("punch_rounding = { minutes = 30, mode = \"up\" }");
    let mut rows = Rows::new();
    rows.clock("2023-10-09", "08:00", "08:20").break_minutes = Some(45);
    let (t, _) = run(p.attendance().unwrap(), &mut rows).unwrap();
    assert_eq!(t.worked, 0); // 30 less a 45-minute break: never below zero
    assert_eq!(t.days_worked, 1);
}

#[test]
fn leave_visits_and_projects() {
    let p = policy("");
    let mut rows = Rows::new();
    rows.push(
        "2023-10-10",
        PunchTime::None,
        PunchKind::Leave(LeaveKind::Annual),
    );
    rows.push(
        "2023-10-11",
        PunchTime::Minutes(240),
        PunchKind::Leave(LeaveKind::Sick),
    );
    rows.push(
        "2023-10-12",
        PunchTime::None,
        PunchKind::Visit { checked_in: true },
    );
    rows.push(
        "2023-10-12",
        PunchTime::None,
        PunchKind::Visit { checked_in: false },
    );
    rows.hours("2023-10-13", 300).project = Some(1);
    rows.clock("2023-10-13", "08:00", "10:00").project = Some(0);
    let (t, _) = run(p.attendance().unwrap(), &mut rows).unwrap();
    assert_eq!(t.leave[LeaveKind::Annual.index()], 480);
    assert_eq!(t.leave[LeaveKind::Sick.index()], 240);
    assert_eq!((t.visits, t.visits_checked_in), (2, 1));
    assert_eq!(t.projects, [120, 300]);
    assert_eq!((t.worked, t.days_worked), (420, 1)); // leave and visits are not work
}

#[test]
fn overlapping_clock_records() {
    let p = policy("");
    let att = p.attendance().unwrap();
    let mut rows = Rows::new();
    rows.clock("2023-10-09", "16:00", "20:00");
    rows.clock("2023-10-09", "08:00", "17:00");
    let e = run(att, &mut rows).unwrap_err().to_string();
    assert_eq!(
        e,
        "records.csv:2: overlaps the record at records.csv:3 (E004, 2023-10-09)"
    );
    // A night shift running into the next morning's punch.
    let mut rows = Rows::new();
    rows.clock("2023-10-09", "22:00", "06:00");
    rows.clock("2023-10-10", "05:30", "09:00");
    let e = run(att, &mut rows).unwrap_err().to_string();
    assert!(
        e.starts_with("records.csv:3: overlaps the record at records.csv:2"),
        "{e}"
    );
    // Touching is not overlapping; timesheet lines have no clock times.
    let mut rows = Rows::new();
    rows.clock("2023-10-09", "08:00", "12:00");
    rows.clock("2023-10-09", "12:00", "13:00");
    rows.hours("2023-10-09", 60);
    assert_eq!(run(att, &mut rows).unwrap().0.worked, 360);
}

#[test]
fn more_than_a_day_of_work() {
    let p = policy("");
    let mut rows = Rows::new();
    rows.hours("2023-10-09", 600);
    rows.hours("2023-10-09", 480);
    rows.hours("2023-10-09", 420);
    let e = run(p.attendance().unwrap(), &mut rows).unwrap_err();
    assert!(
        matches!(e, RecordError::DayTooLong { minutes: 1500, .. }),
        "{e:?}"
    );
    assert_eq!(
        e.to_string(),
        "records.csv:4: E004 has 1500 minutes of work on 2023-10-09, more than a day (1440)"
    );
}

#[test]
fn dates_outside_the_period_or_the_calendars() {
    let p = policy("");
    let att = p.attendance().unwrap();
    let mut rows = Rows::new();
    rows.clock("2023-09-30", "08:00", "12:00");
    let e = run(att, &mut rows).unwrap_err().to_string();
    assert_eq!(
        e,
        "records.csv:2: column `date`: 2023-09-30 is outside the period 2023-10"
    );
    let mut rows = Rows::new();
    rows.clock("2024-01-02", "08:00", "12:00");
    let jan = Period::month(2024, 1).unwrap();
    let e = classify(att, jan, "E004", &mut rows.0, &files(), None).unwrap_err();
    assert!(
        matches!(e, RecordError::NoCalendar { year: 2024, .. }),
        "{e:?}"
    );
    assert_eq!(att.workdays(jan), None);
}

#[test]
fn no_panic_on_indexes_the_policy_lacks() {
    let p = policy("");
    let mut rows = Rows::new();
    let r = rows.clock("2023-10-09", "08:00", "12:00");
    r.shift = Some(9);
    r.project = Some(9);
    r.at.file = 7;
    rows.clock("2023-10-09", "11:00", "12:00").at.file = 7;
    let e = classify(
        p.attendance().unwrap(),
        october(),
        "E004",
        &mut rows.0,
        &[],
        None,
    );
    let e = e.unwrap_err().to_string();
    assert!(
        e.starts_with("records file 8:3: overlaps the record at records file 8:2"),
        "{e}"
    );
}

/// The worked example of docs/rules.md §24.5, figure for figure.
#[test]
fn the_worked_example_of_rules_md() {
    let example = || {
        let mut rows = Rows::new();
        rows.clock("2023-10-01", "08:00", "12:00");
        rows.clock("2023-10-04", "08:00", "17:00").shift = Some(0);
        rows.clock("2023-10-07", "08:03", "19:10").shift = Some(0);
        rows.clock("2023-10-09", "22:10", "06:02").shift = Some(1);
        rows
    };
    let rounding = "punch_rounding = { minutes = 15, mode = \"down\" }\n";
    let p = policy(&format!("{rounding}hours = \"standard\""));
    let (t, _) = run(p.attendance().unwrap(), &mut example()).unwrap();
    assert_eq!(t.worked, 1740);
    assert_eq!(
        (t.regular, t.ot_workday, t.ot_restday, t.ot_holiday),
        (900, 120, 480, 240)
    );
    assert_eq!((t.night, t.days_worked, t.late), (420, 4, 1));
    assert_eq!(t.shifts, [2, 1]);
    for system in ["comprehensive", "flexible"] {
        let p = policy(&format!("{rounding}hours = \"{system}\""));
        let (t, _) = run(p.attendance().unwrap(), &mut example()).unwrap();
        assert_eq!(
            (t.regular, t.ot_workday, t.ot_restday, t.ot_holiday),
            (1500, 0, 0, 240),
            "{system}"
        );
    }
}
