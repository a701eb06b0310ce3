//! Any bytes as attendance records, read and classified against a production-floor policy
//! that sets every `[attendance]` key and uses every `attendance.*` measure, then evaluated
//! for a small HR dataset (E101..E105 with `base_salary`).
//!
//! Byte 0 picks the hours system (`% 3`: standard, comprehensive, flexible: the three
//! `fixtures/production_fuzz*.toml`), byte 1 the period (`% 5`: 2023-09, 2023-10, 2023-01,
//! 2022-12 which has no calendar, 2023-12). The rest is a records file: CSV, or JSON when it
//! starts with `[`; a NUL byte splits it into two files (each CSV or JSON the same way).
//!
//! Asserts, beyond "no panic": every data employee gets exactly one outcome and none is a
//! caught panic; for every employee with a tally, regular + the three overtimes == worked,
//! night <= worked, project minutes <= worked; `Month::read` for E101 agrees with the
//! timesheets (same tally, or same error).
#![no_main]

use hrrules::attendance::{Attendance, Month, RecordError, Tally, Timesheets};
use hrrules::data::{join, DataFile, Dataset};
use hrrules::eval::EvalError;
use hrrules::policy::MeasureOf;
use hrrules::{evaluate_all, Binding, EmployeeError, LoadOptions, Period, Plan, Policy};
use libfuzzer_sys::fuzz_target;
use std::path::Path;
use std::sync::{Arc, OnceLock};

const HR: &str = "employee_id,name,base_salary\n\
E101,刘建国,6960\nE102,陈秀英,7395\nE103,王志强,6525\nE104,李娟,6960\nE105,张伟,8700\n";
const EMPLOYEES: [&str; 5] = ["E101", "E102", "E103", "E104", "E105"];
const PERIODS: [(i32, u32); 5] = [(2023, 9), (2023, 10), (2023, 1), (2022, 12), (2023, 12)];
const POLICIES: [&str; 3] = [
    "production_fuzz_standard.toml",
    "production_fuzz.toml",
    "production_fuzz_flexible.toml",
];

/// The three policies, each with a plan for each period.
fn fixtures() -> &'static Vec<(Policy, Vec<Plan>)> {
    static FIXTURES: OnceLock<Vec<(Policy, Vec<Plan>)>> = OnceLock::new();
    FIXTURES.get_or_init(|| {
        let here = Path::new(env!("CARGO_MANIFEST_DIR"));
        let options = LoadOptions::new().allow_root(here.join("../rules/calendars"));
        POLICIES
            .iter()
            .map(|name| {
                let policy = options
                    .load(here.join("fixtures").join(name))
                    .unwrap_or_else(|e| panic!("fixture {name} checks: {e}"));
                let plans = PERIODS
                    .iter()
                    .map(|&(y, m)| policy.plan(Period::month(y, m).unwrap()).unwrap())
                    .collect();
                (policy, plans)
            })
            .collect()
    })
}

fn hr() -> Dataset {
    let file = DataFile::from_csv_str("hr.csv", HR).expect("HR fixture reads");
    join(vec![file], "employee_id").expect("HR fixture joins")
}

fn records_files(data: &[u8]) -> Option<Vec<DataFile>> {
    let mut files = Vec::new();
    for (i, part) in data.splitn(2, |b| *b == 0).enumerate() {
        let file = if part.trim_ascii_start().first() == Some(&b'[') {
            DataFile::from_json_str(&format!("records{i}.json"), &String::from_utf8_lossy(part))
        } else {
            DataFile::from_csv_bytes(&format!("records{i}.csv"), part)
        };
        match file {
            Ok(f) => files.push(f),
            Err(e) => {
                let _ = e.to_string();
                return None;
            }
        }
    }
    Some(files)
}

fn check_tally(employee: &str, t: &Tally) {
    let split = t.regular + t.ot_workday + t.ot_restday + t.ot_holiday;
    assert_eq!(
        split, t.worked,
        "{employee}: regular + overtime != worked: {t:?}"
    );
    assert!(t.night <= t.worked, "{employee}: night > worked: {t:?}");
    let projects: u64 = t.projects.iter().sum();
    assert!(
        projects <= t.worked,
        "{employee}: project minutes > worked: {t:?}"
    );
}

/// The same two files read in the other order (so grouped another way: streamed one after
/// the other, merged, or buffered) give every employee the same tally, or an error again.
fn swapped_agrees(
    att: &Attendance,
    period: Period,
    swapped: &[DataFile],
    sheets: &Timesheets,
    every: &[String],
) {
    let other = Timesheets::read(att, period, swapped).expect("read once, so read again");
    for employee in every {
        match (sheets.tally(employee), other.tally(employee)) {
            (Ok(a), Ok(b)) => assert_eq!(a, b, "{employee}: the tally depends on file order"),
            (Err(_), Err(_)) => {}
            (a, b) => panic!("{employee}: {a:?} read one way, {b:?} the other"),
        }
    }
}

/// The trace adds up to the totals: every minute of the hours measures comes from one record.
fn check_trace(m: &Month) {
    let sum = |of: MeasureOf| -> u64 {
        (m.contributions.iter())
            .filter(|c| c.of == of)
            .map(|c| c.amount)
            .sum()
    };
    let t = &m.tally;
    let pairs = [
        (MeasureOf::HoursWorked, t.worked),
        (MeasureOf::RegularHours, t.regular),
        (MeasureOf::OtWorkdayHours, t.ot_workday),
        (MeasureOf::OtRestdayHours, t.ot_restday),
        (MeasureOf::OtHolidayHours, t.ot_holiday),
        (MeasureOf::NightHours, t.night),
        (MeasureOf::DaysWorked, u64::from(t.days_worked)),
        (MeasureOf::LateCount, u64::from(t.late)),
    ];
    for (of, total) in pairs {
        assert_eq!(
            sum(of),
            total,
            "{}: the trace of {of:?} does not add up",
            m.employee
        );
    }
}

fuzz_target!(|data: &[u8]| {
    let [system, period, records @ ..] = data else {
        return;
    };
    let (policy, plans) = &fixtures()[usize::from(*system) % POLICIES.len()];
    let which = usize::from(*period) % PERIODS.len();
    let (year, month) = PERIODS[which];
    let period = Period::month(year, month).unwrap();
    let plan = &plans[which];
    let att = policy.attendance().expect("the fixture has [attendance]");
    let Some(files) = records_files(records) else {
        return;
    };
    let sheets = match Timesheets::read(att, period, &files) {
        Ok(s) => Arc::new(s),
        Err(e) => {
            let _ = e.to_string();
            assert!(
                Month::read(att, att.hours(), period, &files, "E101").is_err(),
                "Timesheets::read failed ({e}) but Month::read did not"
            );
            return;
        }
    };
    let every: Vec<String> = (sheets.strangers(|_| false).into_iter())
        .map(|(e, _)| e)
        .collect();
    let distinct: std::collections::HashSet<&String> = every.iter().collect();
    assert_eq!(
        distinct.len(),
        every.len(),
        "an employee's records split in two groups"
    );
    for employee in &every {
        match sheets.tally(employee) {
            Ok(Some(t)) => check_tally(employee, t),
            Ok(None) => panic!("{employee} has records but no tally"),
            Err(e) => {
                let _ = e.to_string();
            }
        }
    }
    if let Some(mut swapped) = records_files(records).filter(|f| f.len() == 2) {
        swapped.reverse();
        swapped_agrees(att, period, &swapped, &sheets, &every);
    }
    let month = Month::read(att, att.hours(), period, &files, "E101");
    match (&month, sheets.tally("E101")) {
        (Ok(Some(m)), Ok(Some(t))) => {
            assert_eq!(&m.tally, t, "Month and Timesheets differ");
            check_trace(m);
        }
        (Ok(None), Ok(None)) | (Ok(None), Err(RecordError::NoRecords { .. })) => {}
        (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string(), "different errors"),
        (m, t) => panic!("Month::read gave {m:?}, Timesheets {t:?}"),
    }
    let dataset = hr();
    let binding = Binding::new(policy, &dataset).unwrap().with_timesheets(sheets.clone());
    let mut seen = Vec::new();
    evaluate_all((plan, &binding), dataset.records(), |outcome| {
        if let Err(EmployeeError::Eval(EvalError::Panicked)) = &outcome.result {
            panic!("{} panicked while evaluated", outcome.employee);
        }
        if let Err(e) = &outcome.result {
            let _ = e.to_string();
        }
        seen.push(outcome.employee);
    });
    assert_eq!(seen, EMPLOYEES, "one outcome per data employee, in order");
    let strangers = sheets.strangers(|id| EMPLOYEES.contains(&id));
    for (employee, at) in &strangers {
        assert!(!EMPLOYEES.contains(&employee.as_str()));
        let _ = at.to_string();
    }
});
