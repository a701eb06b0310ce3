//! Official calendars (rules/calendars/): the shipped years against the State Council notices,
//! and every fixture in tests/fixtures/calendar loaded, `err_*` ones rendered with their places.

use std::path::{Path, PathBuf};

use hrrules::calendar::{weekday, Calendar, DayKind};
use hrrules::{Date, Period};
use proptest::prelude::*;

fn shipped(year: i32) -> Calendar {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("rules/calendars/cn-{year}.toml"));
    Calendar::load(&path).unwrap_or_else(|e| panic!("cn-{year}.toml: {e}"))
}

fn date(s: &str) -> Date {
    s.parse().unwrap()
}

fn month_counts(cal: &Calendar) -> Vec<u32> {
    (1..=12)
        .map(|m| cal.workdays(Period::month(cal.year(), m).unwrap()).unwrap())
        .collect()
}

/// A second count, independent of the day table: Monday to Friday, minus the weekdays the
/// notice frees (statutory holidays and rest days on weekdays), plus the make-up days.
fn counted_by_hand(year: i32, holidays: &[&str], rest: &[&str], make_up: &[&str]) -> Vec<u32> {
    (1..=12u32)
        .map(|m| {
            let p = Period::month(year, m).unwrap();
            let in_month = |d: &&&str| date(d).month() == m;
            let weekdays = (1..=p.days())
                .filter(|&d| weekday(Date::from_ymd(year, m, d).unwrap()) < 5)
                .count();
            let freed = holidays
                .iter()
                .chain(rest)
                .filter(in_month)
                .filter(|d| weekday(date(d)) < 5)
                .count();
            (weekdays - freed + make_up.iter().filter(in_month).count()) as u32
        })
        .collect()
}

#[test]
fn cn_2023_working_days_per_month_match_the_notice() {
    let cal = shipped(2023);
    assert_eq!(cal.reference(), Some("国办发明电〔2022〕16号"));
    assert_eq!(
        month_counts(&cal),
        [18, 20, 23, 20, 21, 21, 21, 23, 20, 19, 22, 21]
    );
    assert_eq!(cal.holidays().count(), 11);
    assert_eq!(cal.workdays_in_year(), 249);
}

#[test]
fn cn_2023_mid_autumn_and_national_day() {
    let cal = shipped(2023);
    let day = |s| cal.day(date(s)).unwrap();
    assert_eq!(day("2023-09-29"), DayKind::Holiday);
    assert_eq!(
        cal.holiday_name(date("2023-09-29")),
        Some("中秋节 Mid-Autumn Festival")
    );
    assert_eq!(day("2023-09-30"), DayKind::RestDay); // a Saturday
    assert_eq!(day("2023-10-01"), DayKind::Holiday);
    assert_eq!(day("2023-10-04"), DayKind::RestDay); // a Wednesday freed
    assert_eq!(day("2023-10-07"), DayKind::Workday); // Saturday, 调休上班
    assert_eq!(day("2023-10-08"), DayKind::Workday); // Sunday, 调休上班
    assert!(cal.is_make_up_day(date("2023-10-07")));
    assert!(!cal.is_make_up_day(date("2023-10-09")));
    assert_eq!(cal.holiday_name(date("2023-10-04")), None);
    assert_eq!(cal.day(date("2024-01-01")), None);
    assert_eq!(cal.workdays(Period::month(2024, 1).unwrap()), None);
}

#[test]
fn cn_2024_counts_agree_with_a_count_by_hand() {
    let cal = shipped(2024);
    assert_eq!(cal.reference(), Some("国办发明电〔2023〕7号"));
    assert_eq!(cal.holidays().count(), 11);
    let holidays = [
        "2024-01-01",
        "2024-02-10",
        "2024-02-11",
        "2024-02-12",
        "2024-04-04",
        "2024-05-01",
        "2024-06-10",
        "2024-09-17",
        "2024-10-01",
        "2024-10-02",
        "2024-10-03",
    ];
    let rest = [
        "2024-02-13",
        "2024-02-14",
        "2024-02-15",
        "2024-02-16",
        "2024-04-05",
        "2024-05-02",
        "2024-05-03",
        "2024-09-16",
        "2024-10-04",
        "2024-10-07",
    ];
    let make_up = [
        "2024-02-04",
        "2024-02-18",
        "2024-04-07",
        "2024-04-28",
        "2024-05-11",
        "2024-09-14",
        "2024-09-29",
        "2024-10-12",
    ];
    let by_hand = counted_by_hand(2024, &holidays, &rest, &make_up);
    assert_eq!(month_counts(&cal), by_hand);
    assert_eq!(by_hand, [22, 18, 21, 22, 21, 19, 23, 22, 21, 19, 21, 22]);
    assert_eq!(cal.day(date("2024-02-09")), Some(DayKind::Workday)); // 除夕, not freed
}

#[test]
fn cn_2025_counts_agree_with_a_count_by_hand() {
    let cal = shipped(2025);
    assert_eq!(cal.reference(), Some("国办发明电〔2024〕12号"));
    assert_eq!(cal.holidays().count(), 13);
    let holidays = [
        "2025-01-01",
        "2025-01-28",
        "2025-01-29",
        "2025-01-30",
        "2025-01-31",
        "2025-04-04",
        "2025-05-01",
        "2025-05-02",
        "2025-05-31",
        "2025-10-01",
        "2025-10-02",
        "2025-10-03",
        "2025-10-06",
    ];
    let rest = [
        "2025-02-03",
        "2025-02-04",
        "2025-05-05",
        "2025-06-02",
        "2025-10-07",
        "2025-10-08",
    ];
    let make_up = [
        "2025-01-26",
        "2025-02-08",
        "2025-04-27",
        "2025-09-28",
        "2025-10-11",
    ];
    let by_hand = counted_by_hand(2025, &holidays, &rest, &make_up);
    assert_eq!(month_counts(&cal), by_hand);
    assert_eq!(by_hand, [19, 19, 21, 22, 19, 20, 23, 21, 23, 18, 20, 23]);
    assert_eq!(cal.day(date("2025-05-31")), Some(DayKind::Holiday)); // 端午 on a Saturday
}

#[test]
fn every_shipped_calendar_loads() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/calendars");
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let cal = Calendar::load(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let (days, year) = (cal.workdays_in_year(), cal.year());
        assert!((240..=260).contains(&days), "{year}: {days} working days");
        n += 1;
    }
    assert_eq!(n, 3);
}

fn relative(path: &Path) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

fn summarize(cal: &Calendar) -> String {
    let mut out = format!(
        "{} ({}): {} working days\n",
        cal.name(),
        cal.year(),
        cal.workdays_in_year()
    );
    for m in 1..=12 {
        let p = Period::month(cal.year(), m).unwrap();
        out.push_str(&format!("  {p}: {}\n", cal.workdays(p).unwrap()));
    }
    out
}

#[test]
fn fixtures() {
    insta::glob!("../fixtures/calendar", "*.toml", |path| {
        let name = path.file_name().unwrap().to_string_lossy();
        let out = match Calendar::load(relative(path)) {
            Ok(cal) => {
                assert!(!name.starts_with("err_"), "{name} should have errors");
                summarize(&cal)
            }
            Err(e) => {
                assert!(name.starts_with("err_"), "{name}: unexpected errors:\n{e}");
                e.to_string()
            }
        };
        insta::assert_snapshot!(out);
    });
}

#[test]
fn unreadable_and_misnamed_files() {
    let err = Calendar::load("rules/calendars/cn-2031.toml")
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("cannot read `rules/calendars/cn-2031.toml`"),
        "{err}"
    );
    let err = Calendar::load("Cargo.lock").unwrap_err().to_string();
    assert!(err.contains("is not a calendar file"), "{err}");
    // A calendar saved as GBK by a spreadsheet tool.
    let dir = std::env::temp_dir().join(format!("hrrules-calendar-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("gbk.toml");
    std::fs::write(&path, b"[calendar]\nname = \"\xcf\xfa\"\nyear = 2023\n").unwrap();
    let err = Calendar::load(&path).unwrap_err().to_string();
    assert!(
        err.contains("gbk.toml:2:9: the file is not UTF-8 text: invalid byte at offset 19"),
        "{err}"
    );
}

#[test]
fn from_a_memory_source() {
    let files = hrrules::MemorySource::new([(
        "calendars/cn.toml",
        "[calendar]\nname = \"x\"\nyear = 2023\n",
    )]);
    let cal = Calendar::from_source(&files, "calendars/cn.toml").unwrap();
    assert_eq!(cal.workdays(Period::month(2023, 10).unwrap()), Some(22));
    let err = Calendar::from_source(&files, "../etc/cn.toml")
        .unwrap_err()
        .to_string();
    assert!(err.contains("is not a calendar file"), "{err}");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// No text makes loading panic, whatever it holds.
    #[test]
    fn loading_never_panics_on_any_text(text in any::<String>()) {
        let _ = Calendar::from_text("fuzz.toml", &text);
    }

    /// Nor does a calendar-shaped text with random dates, weekends and lists.
    #[test]
    fn loading_never_panics_on_calendar_shaped_text(
        year in prop_oneof![Just("2023".to_string()), "-?[0-9]{1,6}"],
        days in prop::collection::vec((1u32..=13, 0u32..=32, 0usize..3), 0..12),
        weekend in prop::collection::vec("(mon|tue|wed|thu|fri|sat|sun|x)", 0..9),
    ) {
        let mut lists = [String::new(), String::new(), String::new()];
        for (m, d, l) in days {
            let item = format!("2023-{m:02}-{d:02}");
            lists[l].push_str(&if l == 0 { format!("{{ date = {item}, name = \"h\" }},") } else { format!("{item},") });
        }
        let weekend: Vec<String> = weekend.iter().map(|w| format!("\"{w}\"")).collect();
        let text = format!(
            "[calendar]\nname = \"p\"\nyear = {year}\nweekend = [{}]\nholidays = [{}]\nrest_days = [{}]\nworkdays = [{}]\n",
            weekend.join(","), lists[0], lists[1], lists[2]
        );
        if let Ok(cal) = Calendar::from_text("p.toml", &text) {
            let total: u32 = (1..=12).map(|m| cal.workdays(Period::month(cal.year(), m).unwrap()).unwrap()).sum();
            prop_assert_eq!(total, cal.workdays_in_year());
        }
    }
}
