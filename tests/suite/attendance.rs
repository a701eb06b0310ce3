//! A policy's `[attendance]` rules (issue 8, item 2): every fixture in
//! tests/fixtures/attendance loaded from disk, good ones summarized through
//! `Policy::attendance`, `err_*` ones rendered with their places. The calendars are copies of
//! rules/calendars kept in the fixture folder, since calendars are confined to the policy's
//! tree like includes.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use hrrules::attendance::Attendance;
use hrrules::calendar::DayKind;
use hrrules::policy::{HoursSystem, MemorySource};
use hrrules::{Date, LoadOptions, Policy};
use proptest::prelude::*;

/// The path relative to the package root, so snapshots do not depend on the checkout.
fn relative(path: &Path) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

fn summarize(att: &Attendance) -> String {
    let mut out = String::new();
    let years: Vec<String> = att
        .calendars()
        .iter()
        .map(|c| c.year().to_string())
        .collect();
    let _ = writeln!(out, "calendars: {}", years.join(", "));
    let _ = writeln!(
        out,
        "hours: {:?}, day_hours: {}",
        att.hours(),
        att.day_hours()
    );
    match att.night() {
        Some(n) => {
            let _ = writeln!(out, "night: {}-{} ({} min)", n.start, n.end, n.minutes());
        }
        None => out.push_str("night: none\n"),
    }
    let _ = writeln!(out, "punch_rounding: {:?}", att.punch_rounding());
    let _ = writeln!(
        out,
        "late_tolerance_minutes: {}",
        att.late_tolerance_minutes()
    );
    for s in att.shifts() {
        let w = s.window;
        let _ = writeln!(
            out,
            "shift {}: {}-{}{}, break {} min, paid {} min",
            s.name.name,
            w.start,
            w.end,
            if w.crosses_midnight() {
                " (next day)"
            } else {
                ""
            },
            s.break_minutes,
            s.paid_minutes()
        );
    }
    let projects: Vec<&str> = att.projects().collect();
    let _ = writeln!(out, "projects: {projects:?}, records: {:?}", att.records());
    let measures: Vec<String> = (att.measures().iter())
        .map(|m| format!("{} ({})", m.name, m.ty.name()))
        .collect();
    let _ = writeln!(out, "measures: {}", measures.join(", "));
    for d in [
        "2023-10-01",
        "2023-10-04",
        "2023-10-07",
        "2024-02-04",
        "2025-01-01",
    ] {
        let day = att.day(d.parse::<Date>().unwrap());
        let _ = writeln!(out, "{d}: {day:?}");
    }
    out
}

#[test]
fn fixtures() {
    insta::glob!("../fixtures/attendance", "*.toml", |path| {
        let name = path.file_name().unwrap().to_string_lossy();
        let out = match LoadOptions::new().load(relative(path)) {
            Ok(p) => {
                let att = p.attendance().expect("an [attendance] table");
                summarize(att)
            }
            Err(e) => e.to_string(),
        };
        assert_eq!(name.starts_with("err_"), out.contains("error"), "{out}");
        assert!(!out.contains("MARKER"), "{out}");
        insta::assert_snapshot!(out);
    });
}

#[test]
fn a_policy_without_attendance_has_none() {
    let p = Policy::from_source("p.toml", "[policy]\nname = \"Sales\"\n").unwrap();
    assert!(p.attendance().is_none());
}

#[test]
fn a_calendar_needs_a_folder() {
    let text = "[policy]\nname = \"P\"\n[attendance]\ncalendars = [\"cn-2023.toml\"]\n";
    let err = Policy::from_source("p.toml", text).unwrap_err().to_string();
    assert!(
        err.contains("p.toml:4:14: cannot read calendar `cn-2023.toml`"),
        "{err}"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]
    /// Reading any `[attendance]` text never panics: keys and values drawn from the format's
    /// own words and from noise.
    #[test]
    fn reading_attendance_never_panics(
        lines in proptest::collection::vec(
            (
                prop::sample::select(vec![
                    "calendars", "hours", "day_hours", "night", "punch_rounding",
                    "late_tolerance_minutes", "shifts.a", "shifts.b.start", "start", "end",
                    "break_minutes", "x",
                ]),
                prop::sample::select(vec![
                    "\"22:00\"", "\"24:00\"", "\"8:5\"", "\"00:00\"", "0", "-1", "7", "15",
                    "60", "99999999999999999999", "\"standard\"", "\"flexble\"", "[]",
                    "[\"cn.toml\"]", "[1]", "{ start = \"22:00\", end = \"06:00\" }",
                    "{ minutes = 15, mode = \"up\" }", "{ start = \"x\" }", "true", "1.5",
                ]),
            ),
            0..8,
        ),
        noise in "[ -~\n]{0,40}",
    ) {
        let mut text = String::from("[policy]\nname = \"P\"\n[attendance]\n");
        for (k, v) in &lines {
            let _ = writeln!(text, "{k} = {v}");
        }
        text.push_str(&noise);
        let _ = Policy::from_source("p.toml", &text);
    }
}

/// The shipped calendars in rules/calendars, outside the policy's folder, are read only when
/// that folder is allowed (`--include-root`).
#[test]
fn shipped_calendars_through_an_include_root() {
    let path = Path::new("tests/fixtures/attendance/with_root/production.toml");
    let refused = LoadOptions::new().load(path).unwrap_err().to_string();
    assert!(
        refused.contains("it leaves the policy's folder"),
        "{refused}"
    );
    let policy = LoadOptions::new()
        .allow_root("rules/calendars")
        .load(path)
        .unwrap_or_else(|e| panic!("{e}"));
    let att = policy.attendance().unwrap();
    let years: Vec<i32> = att.calendars().iter().map(|c| c.year()).collect();
    assert_eq!(years, [2023, 2024, 2025]);
    let day = |d: &str| att.day(d.parse::<Date>().unwrap());
    assert_eq!(day("2023-10-07"), Some(DayKind::Workday));
    assert_eq!(day("2025-01-28"), Some(DayKind::Holiday)); // 除夕, statutory from 2025
    assert_eq!(day("2026-01-01"), None);
    assert_eq!(att.shift("day").unwrap().paid_minutes(), 480);
}

/// An embedder's own store: the calendars come from the same `RuleSource` as the policy.
#[test]
fn calendars_from_memory() {
    let cal = std::fs::read_to_string("rules/calendars/cn-2023.toml").unwrap();
    let files = MemorySource::new([
        (
            "hr/production.toml",
            "[policy]\nname = \"P\"\n[attendance]\ncalendars = [\"../calendars/cn-2023.toml\"]\n",
        ),
        ("calendars/cn-2023.toml", cal.as_str()),
    ]);
    let policy =
        Policy::from_sources(&files, "hr/production.toml").unwrap_or_else(|e| panic!("{e}"));
    let att = policy.attendance().unwrap();
    assert_eq!(att.hours(), HoursSystem::Standard);
    assert_eq!(att.day_hours(), 8);
    assert_eq!(att.calendar(2023).unwrap().workdays_in_year(), 249);
}
