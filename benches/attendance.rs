//! Attendance at scale: 100,000 production workers and a month of punches (about 2.2
//! million records) read, classified and evaluated end to end, as `hrrules eval --records`
//! does it. Prints the wall time of each stage and the peak memory of the process.
//!
//! ```sh
//! cargo bench --bench attendance             # 100,000 employees, records sorted by employee
//! HRRULES_BENCH_EMPLOYEES=10000 cargo bench --bench attendance
//! HRRULES_BENCH_UNSORTED=1 cargo bench --bench attendance   # records in date order instead
//! HRRULES_BENCH_KEEP=1 cargo bench --bench attendance        # keep the files, to time the CLI
//! ```
//!
//! Not a criterion bench: one run of this size takes seconds, and what matters is the whole
//! run's time and its peak memory (`VmHWM`), which only a fresh process can report. The files
//! are generated (seeded) into a temporary folder first and are not timed.

#[path = "scale.rs"]
mod scale;
use scale::{peak_memory, Rng};

use hrrules::attendance::Timesheets;
use hrrules::{data, evaluate_all, Binding, Period, Policy};
use std::io::Write;
use std::path::Path;
use std::time::Instant;

const POLICY: &str = r#"
[policy]
name = "Production floor, bench"
currency = "CNY"
effective = 2023-10-01

[attendance]
calendars = ["cn-2023.toml"]
hours = "comprehensive"
night = { start = "22:00", end = "06:00" }
punch_rounding = { minutes = 15, mode = "down" }
late_tolerance_minutes = 5

[attendance.shifts.early]
start = "06:00"
end = "14:00"
break_minutes = 30

[attendance.shifts.middle]
start = "14:00"
end = "22:00"
break_minutes = 30

[attendance.shifts.night]
start = "22:00"
end = "06:00"
break_minutes = 45

[inputs]
base_salary = "money"

[params]
ot_workday_rate = "150%"
ot_holiday_rate = "300%"
night_allowance = { value = "30", type = "money" }

[values]
hourly_rate = { expr = "base_salary / 21.75 / 8", type = "money" }
overtime_pay = { expr = "hourly_rate * (attendance.ot_workday_hours * ot_workday_rate + attendance.ot_holiday_hours * ot_holiday_rate)", type = "money" }
night_pay = { expr = "attendance.shifts.night * night_allowance", type = "money" }
gross_pay = { expr = "base_salary + overtime_pay + night_pay", type = "money" }

[outputs]
show = ["overtime_pay", "night_pay", "gross_pay"]
"#;

/// Writes the policy, its calendar, the HR file and the punches; returns the record count.
fn generate(dir: &Path, employees: usize, sorted: bool) -> std::io::Result<usize> {
    std::fs::write(dir.join("production.toml"), POLICY)?;
    let calendar = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/calendars/cn-2023.toml");
    std::fs::copy(calendar, dir.join("cn-2023.toml"))?;
    let mut rng = Rng(2023);
    let mut hr = std::io::BufWriter::new(std::fs::File::create(dir.join("hr.csv"))?);
    writeln!(hr, "employee_id,name,base_salary")?;
    for e in 0..employees {
        writeln!(hr, "P{e:06},worker {e},{}", 5200 + rng.below(40) * 100)?;
    }
    hr.flush()?;
    // October 2023: every day but the worker's two rest days a week (and a day off now and
    // then), holidays included. Shifts rotate weekly backwards (night, middle, early), so a
    // night shift is never followed by the next morning's early one.
    let shifts = [("early", 6 * 60), ("middle", 14 * 60), ("night", 22 * 60)];
    let mut rows: Vec<(u32, usize, String)> = Vec::new();
    let mut count = 0;
    let mut out = std::io::BufWriter::new(std::fs::File::create(dir.join("punches.csv"))?);
    writeln!(out, "employee_id,date,shift,start,end,break_minutes")?;
    for e in 0..employees {
        let rest = rng.below(7) as u32;
        for day in 1..=31u32 {
            let weekday = (day + 6) % 7; // 2023-10-01 is a Sunday
            if weekday == rest || weekday == (rest + 1) % 7 || rng.below(20) == 0 {
                continue;
            }
            let (shift, start) = shifts[2 - (e + day as usize / 7) % 3];
            let clock_in = start as i64 - 10 + rng.below(25) as i64;
            let clock_out = start as i64 + 8 * 60 + rng.below(60) as i64;
            let t = |m: i64| {
                let m = m.rem_euclid(24 * 60);
                format!("{:02}:{:02}", m / 60, m % 60)
            };
            let line = format!(
                "P{e:06},2023-10-{day:02},{shift},{},{},\n",
                t(clock_in),
                t(clock_out)
            );
            count += 1;
            if sorted {
                out.write_all(line.as_bytes())?;
            } else {
                rows.push((day, e, line));
            }
        }
    }
    rows.sort_unstable_by_key(|(d, e, _)| (*d, *e));
    for (_, _, line) in rows {
        out.write_all(line.as_bytes())?;
    }
    out.flush()?;
    Ok(count)
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let employees: usize = std::env::var("HRRULES_BENCH_EMPLOYEES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let sorted = std::env::var_os("HRRULES_BENCH_UNSORTED").is_none();
    let dir = std::env::temp_dir().join(format!("hrrules-attendance-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let records = generate(&dir, employees, sorted).expect("generate");
    println!(
        "attendance: {employees} employees, {records} records ({}), files in {}",
        if sorted {
            "sorted by employee"
        } else {
            "in date order"
        },
        dir.display()
    );

    let start = Instant::now();
    let policy = Policy::load(dir.join("production.toml")).unwrap_or_else(|e| panic!("{e}"));
    let period: Period = "2023-10".parse().expect("period");
    let plan = policy.plan(period).unwrap_or_else(|e| panic!("{e}"));
    let team = data::join(
        vec![data::open(&dir.join("hr.csv")).expect("hr")],
        "employee_id",
    )
    .expect("join");
    let punches = data::open(&dir.join("punches.csv")).expect("punches");
    let att = policy.attendance().expect("attendance");
    let sheets = Timesheets::read(att, period, &[punches]).unwrap_or_else(|e| panic!("{e}"));
    let classified = start.elapsed();
    let binding = Binding::new(&policy, &team)
        .unwrap()
        .with_timesheets(std::sync::Arc::new(sheets));
    let mut ok = 0usize;
    let mut failed = 0usize;
    let mut total = rust_decimal::Decimal::ZERO;
    evaluate_all((&plan, &binding), team.records(), |o| match o.result {
        Ok(e) => {
            ok += 1;
            if let Some(hrrules::Value::Number(d)) = e.get("gross_pay") {
                total += *d;
            }
        }
        Err(e) => {
            if failed == 0 {
                eprintln!("first failure: {}: {e}", o.employee);
            }
            failed += 1;
        }
    });
    let all = start.elapsed();
    if std::env::var_os("HRRULES_BENCH_KEEP").is_none() {
        let _ = std::fs::remove_dir_all(&dir);
    }
    println!(
        "attendance: read + classified in {:.2} s, evaluated in {:.2} s, total {:.2} s; \
         {ok} computed, {failed} failed, gross pay {total}; peak memory {}",
        classified.as_secs_f64(),
        (all - classified).as_secs_f64(),
        all.as_secs_f64(),
        peak_memory()
    );
    assert_eq!(failed, 0, "every worker computes");
}
