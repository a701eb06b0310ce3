//! The attendance records reader (issue 8, item 3): every records file in
//! tests/fixtures/records read against one small Hengkang policy (tests/fixtures/records/
//! policy.toml: shifts day and night, projects knee_gen3 and spine_cage, the shipped 2023
//! calendar through an include root), for October 2023 unless a `<case>.period` file says
//! otherwise. Each snapshot shows how the records were grouped and each employee's punches,
//! one line each, or the employee's error; `err_*` cases have an error somewhere.
//! Several files read together are a folder `sets/<case>/` whose files are read in name order.

use hrrules::attendance::{read_records, Group, Punch, PunchKind, PunchTime, RecordError};
use hrrules::attendance::{Attendance, Grouping};
use hrrules::data::{self, DataFile};
use hrrules::{LoadOptions, Period, Policy};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn policy() -> Policy {
    LoadOptions::new()
        .allow_root("rules/calendars")
        .load("tests/fixtures/records/policy.toml")
        .unwrap_or_else(|e| panic!("{e}"))
}

/// The path relative to the package root, so snapshots do not depend on the checkout.
fn relative(path: &Path) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

fn punch_line(att: &Attendance, p: &Punch) -> String {
    let mut line = format!("{} ", p.date);
    match p.kind {
        PunchKind::Work => line.push_str("work"),
        PunchKind::Leave(k) => line.push_str(k.name()),
        PunchKind::Visit { checked_in } => line.push_str(if checked_in {
            "visit+checked_in"
        } else {
            "visit"
        }),
    }
    match p.time {
        PunchTime::Clock { start, end } => {
            let next = if end < start { " (next day)" } else { "" };
            let _ = write!(line, " {start}-{end}{next}");
        }
        PunchTime::Minutes(m) => {
            let _ = write!(line, " {m} min");
        }
        PunchTime::None => line.push_str(" (no time)"),
    }
    if let Some(s) = p.shift {
        let _ = write!(line, " shift={}", att.shifts()[usize::from(s)].name.name);
    }
    if let Some(b) = p.break_minutes {
        let _ = write!(line, " break={b}");
    }
    if let Some(i) = p.project {
        let name = att.projects().nth(usize::from(i)).unwrap();
        let _ = write!(line, " project={name}");
    }
    let _ = write!(line, "  @{}:{}", p.at.file, p.at.row);
    line
}

fn render(att: &Attendance, result: Result<(Grouping, Vec<Group>), RecordError>) -> String {
    let (grouping, groups) = match result {
        Ok(r) => r,
        Err(e) => return format!("file error: {e}\n"),
    };
    let mut out = format!("grouping: {grouping:?}\n");
    for g in groups {
        let _ = writeln!(out, "\n{} (first at {})", g.employee, g.first);
        match g.punches {
            Ok(ps) => {
                for p in &ps {
                    let _ = writeln!(out, "  {}", punch_line(att, p));
                }
            }
            Err(e) => {
                let _ = writeln!(out, "  error: {e}");
            }
        }
    }
    out
}

fn read(att: &Attendance, period: Period, files: &[DataFile]) -> String {
    let mut groups = Vec::new();
    let result = read_records(att, period, files, |g| groups.push(g)).map(|g| (g, groups));
    render(att, result)
}

fn period_of(case: &Path) -> Period {
    let text = std::fs::read_to_string(case.with_extension("period"));
    text.map_or("2023-10".to_string(), |t| t.trim().to_string())
        .parse()
        .unwrap()
}

fn check(name: &str, out: &str) {
    assert_eq!(name.starts_with("err_"), out.contains("error"), "{out}");
}

#[test]
fn single_files() {
    let policy = policy();
    let att = policy.attendance().unwrap();
    insta::glob!("../fixtures/records", "*.{csv,json}", |path| {
        let name = path.file_name().unwrap().to_string_lossy();
        let out = match data::open(&relative(path)) {
            Ok(file) => read(att, period_of(path), &[file]),
            Err(e) => format!("open error: {e}\n"),
        };
        check(&name, &out);
        insta::assert_snapshot!(out);
    });
}

#[test]
fn several_files() {
    let policy = policy();
    let att = policy.attendance().unwrap();
    insta::glob!("../fixtures/records/sets", "*/01_*", |first| {
        let dir = first.parent().unwrap();
        let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        paths.sort();
        let files: Vec<DataFile> = paths
            .iter()
            .map(|p| data::open(&relative(p)).unwrap_or_else(|e| panic!("{e}")))
            .collect();
        let out = read(att, "2023-10".parse().unwrap(), &files);
        check(&dir.file_name().unwrap().to_string_lossy(), &out);
        insta::assert_snapshot!(out);
    });
}

/// The same rows, sorted or shuffled, give every employee the same punches; only the
/// grouping (and the order employees come in) differ.
#[test]
fn grouping_does_not_change_punches() {
    let policy = policy();
    let att = policy.attendance().unwrap();
    let sorted = "employee_id,date,start,end\nE101,2023-10-09,08:00,17:00\nE101,2023-10-10,08:00,17:00\nE102,2023-10-09,22:00,06:00\n";
    let shuffled = "employee_id,date,start,end\nE101,2023-10-09,08:00,17:00\nE102,2023-10-09,22:00,06:00\nE101,2023-10-10,08:00,17:00\n";
    let collect = |text: &str| {
        let file = DataFile::from_csv_str("r.csv", text).unwrap();
        let mut groups = Vec::new();
        let grouping = read_records(att, "2023-10".parse().unwrap(), &[file], |g| {
            let ps: Vec<_> = g
                .punches
                .unwrap()
                .into_iter()
                .map(|p| (p.date, p.time))
                .collect();
            groups.push((g.employee, ps));
        })
        .unwrap();
        (grouping, groups)
    };
    let (a, ga) = collect(sorted);
    let (b, gb) = collect(shuffled);
    assert_eq!((a, b), (Grouping::Streamed, Grouping::Buffered));
    assert_eq!(ga, gb);
}

/// No records files: nothing to read, nobody handed over.
#[test]
fn no_files() {
    let policy = policy();
    let mut n = 0;
    let g = read_records(
        policy.attendance().unwrap(),
        "2023-10".parse().unwrap(),
        &[],
        |_| n += 1,
    );
    assert_eq!((g.unwrap(), n), (Grouping::Streamed, 0));
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]
    /// Any rows made of the format's own words and some noise are read without a panic, and
    /// every employee in them is handed over exactly once, however the rows are ordered.
    #[test]
    fn reading_any_rows_never_panics(
        rows in proptest::collection::vec(
            (
                proptest::sample::select(vec!["E101", "E102", "E103", "", " E104 "]),
                proptest::sample::select(vec!["2023-10-09", "2023-10-31", "2023-09-30", "2024-01-02", "2023-02-30", "x"]),
                proptest::sample::select(vec!["08:00", "17:00", "22:00", "06:00", "24:00", ""]),
                proptest::sample::select(vec!["08:00", "17:00", "06:00", "", "8:5"]),
                proptest::sample::select(vec!["", "7.5", "0.001", "24", "-1"]),
                proptest::sample::select(vec!["", "day", "night", "nite"]),
                proptest::sample::select(vec!["", "work", "visit", "annual", "annaul"]),
            ),
            0..12,
        ),
        noise in "[ -~\n\"]{0,12}",
    ) {
        let policy = policy();
        let att = policy.attendance().unwrap();
        let mut text = String::from("employee_id,date,start,end,hours,shift,kind\n");
        for (e, d, s, n, h, sh, k) in &rows {
            text.push_str(&format!("{e},{d},{s},{n},{h},{sh},{k}\n"));
        }
        text.push_str(&noise);
        let Ok(file) = DataFile::from_csv_str("r.csv", &text) else { return Ok(()) };
        let mut seen = Vec::new();
        if read_records(att, "2023-10".parse().unwrap(), &[file], |g| seen.push(g.employee)).is_ok() {
            let mut unique = seen.clone();
            unique.sort();
            unique.dedup();
            proptest::prop_assert_eq!(unique.len(), seen.len(), "{:?}", seen);
        }
    }
}
