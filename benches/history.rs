//! A month with a year of history (issue 9): 100,000 employees paid in Shanghai under the
//! China payroll pack (rules/payroll_cn.toml, rules/cities/shanghai.toml), December 2023
//! computed with January-November read back from JSON lines (about 1.1 million history
//! lines), as `hrrules eval --history DIR` does it. Prints the wall time of each stage and the
//! peak memory of the process that does them; then times the CLI on the same files.
//!
//! ```sh
//! cargo bench --bench history                          # 100,000 employees
//! HRRULES_BENCH_EMPLOYEES=10000 cargo bench --bench history
//! HRRULES_BENCH_KEEP=1 cargo bench --bench history     # keep the files afterwards
//! ```
//!
//! The history is REAL: January to November are computed by the library itself, month by
//! month, each month reading the months before it (as a payroll department runs them) and
//! written with the renderer `hrrules eval --format jsonl` uses. That part is not timed (it
//! is eleven monthly runs, reading 5.5 million history lines between them). The measured
//! stages then run in a fresh process (this executable again), so that its peak memory
//! (`VmHWM`) is December's alone; the CLI run is a third process, under `/usr/bin/time`
//! when the machine has it.

#[path = "scale.rs"]
mod scale;
use scale::{peak_memory, Rng};

use hrrules::history::History;
use hrrules::{data, evaluate_all, Binding, Format, Period, Policy, Renderer};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// The department: gross pay is the base salary and the month's performance bonus; the pack
/// does the rest (social insurance, housing fund, cumulative income tax, annual bonus, net).
const POLICY: &str = r#"
[policy]
name = "Hengkang Orthopaedics — payroll bench, Shanghai"
currency = "CNY"
effective = 2023-12-01
rounding = { places = 2, mode = "half_up" }
include = ["payroll_cn.toml", "cities/shanghai.toml"]

[inputs]
base_salary = { type = "money", min = 0 }
performance_bonus = { type = "money", min = 0, default = 0 }

[values]
gross_pay = { expr = "base_salary + performance_bonus", type = "money", doc = "应发工资" }

[outputs]
show = ["gross_pay", "social_insurance_employee", "housing_fund_employee", "wage_tax", "net_pay"]
"#;

/// The environment variable telling this executable to run the measured stages on a folder.
const MEASURE: &str = "HRRULES_BENCH_HISTORY_DIR";

/// Who is paid which months of 2023: most of the year; one in twenty hired in February to
/// December, one in fifty leaving after January to November (in the history, not December).
fn months_paid(e: usize) -> std::ops::RangeInclusive<u32> {
    if e % 20 == 7 {
        2 + (e / 20 % 11) as u32..=12
    } else if e % 50 == 13 {
        1..=1 + (e / 50 % 11) as u32
    } else {
        1..=12
    }
}

/// Writes one month's HR export: every employee paid that month, with what HR declares.
fn write_month(path: &Path, employees: usize, month: u32) -> std::io::Result<usize> {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
    writeln!(
        out,
        "employee_id,name,base_salary,performance_bonus,contribution_wage,housing_fund_rate,\
         child_education,infant_care,elderly_support,housing_deduction,continuing_education,\
         annual_bonus,bonus_merged"
    )?;
    let mut rows = 0;
    for e in 0..employees {
        if !months_paid(e).contains(&month) {
            continue;
        }
        // The employee's own figures, the same every month.
        let mut own = Rng(e as u64 * 7919 + 1);
        let base = 4500 + own.below(60) * 500 + if own.below(25) == 0 { 30000 } else { 0 };
        let declared = base * (88 + own.below(13)) / 100;
        let fund_rate = 5 + own.below(8);
        let child = [0, 0, 1000, 2000][own.below(4) as usize];
        let infant = [0, 0, 0, 2000][own.below(4) as usize];
        let elderly = [0, 0, 1500, 3000][own.below(4) as usize];
        let housing = [0, 0, 1000, 1500][own.below(4) as usize];
        let study = [0, 0, 0, 0, 0, 0, 0, 0, 0, 400][own.below(10) as usize];
        let bonus_paid = own.below(10) < 3;
        let merged = own.below(10) == 0;
        // The month's: a performance bonus; the annual bonus with February's pay (春节).
        let mut this = Rng(((e as u64) << 8) | u64::from(month));
        let performance = this.below(101) * 50;
        let annual = if bonus_paid && month == 2 {
            base * (1 + this.below(3))
        } else {
            0
        };
        writeln!(
            out,
            "E{e:06},员工 {e},{base},{performance},{declared},{fund_rate}%,{child},{infant},\
             {elderly},{housing},{study},{annual},{merged}"
        )?;
        rows += 1;
    }
    out.flush()?;
    Ok(rows)
}

/// The HR export of month `m`.
fn data_file(dir: &Path, m: u32) -> PathBuf {
    dir.join("data").join(format!("hr-2023-{m:02}.csv"))
}

/// Computes month `m` with the library, reading the history written so far, and writes its
/// JSON lines to `history/2023-MM.jsonl` exactly as `hrrules eval --format jsonl` does.
fn run_month(dir: &Path, m: u32) -> (usize, usize) {
    let policy = Policy::load(dir.join("payroll.toml")).unwrap_or_else(|e| panic!("{e}"));
    let period = Period::month(2023, m).expect("month");
    let plan = policy.plan(period).unwrap_or_else(|e| panic!("{e}"));
    let team = data::join(
        vec![data::open(&data_file(dir, m)).expect("hr")],
        "employee_id",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let needs = policy.lookbacks();
    let history = if m == 1 {
        History::from_months([], &needs, period)
    } else {
        History::read(&[dir.join("history")], "employee_id", &needs, period)
    }
    .unwrap_or_else(|e| panic!("{e}"));
    let binding = Binding::new(&policy, &team)
        .unwrap()
        .with_history(std::sync::Arc::new(history));
    let file = std::fs::File::create(dir.join("history").join(format!("2023-{m:02}.jsonl")))
        .expect("history file");
    let columns = plan.outputs().map(str::to_string).collect();
    let out = std::io::BufWriter::new(file);
    let mut out = Renderer::new(out, Format::Jsonl, "employee_id", columns)
        .expect("renderer")
        .with_period(period);
    let (mut lines, mut failed) = (0, 0);
    evaluate_all((&plan, &binding), team.records(), |o| {
        lines += 1;
        if let Err(e) = &o.result {
            if failed == 0 {
                eprintln!("2023-{m:02}: first failure: {}: {e}", o.employee);
            }
            failed += 1;
        }
        out.push(&o).expect("write history");
    });
    out.finish().expect("write history").flush().expect("flush");
    (lines, failed)
}

/// Writes the policy, the pack, the twelve HR exports and the eleven months of history.
fn generate(dir: &Path, employees: usize) -> std::io::Result<()> {
    let rules = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    std::fs::create_dir_all(dir.join("cities"))?;
    std::fs::create_dir_all(dir.join("data"))?;
    std::fs::create_dir_all(dir.join("history"))?;
    std::fs::write(dir.join("payroll.toml"), POLICY)?;
    std::fs::copy(rules.join("payroll_cn.toml"), dir.join("payroll_cn.toml"))?;
    std::fs::copy(
        rules.join("cities/shanghai.toml"),
        dir.join("cities/shanghai.toml"),
    )?;
    let start = Instant::now();
    let mut history_lines = 0;
    for m in 1..=12 {
        write_month(&data_file(dir, m), employees, m)?;
        if m == 12 {
            break;
        }
        let (lines, failed) = run_month(dir, m);
        assert_eq!(failed, 0, "every employee computes in 2023-{m:02}");
        history_lines += lines;
    }
    println!(
        "history: {employees} employees, January-November computed month by month: \
         {history_lines} history lines, {:.1} MB, in {:.1} s (not timed below)",
        folder_bytes(&dir.join("history")) as f64 / 1e6,
        start.elapsed().as_secs_f64()
    );
    Ok(())
}

/// The bytes of the files in `dir`.
fn folder_bytes(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok()?.metadata().ok())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0)
}

/// The measured stages, in a fresh process: load, read the history, evaluate December.
fn measure(dir: &Path) {
    let start = Instant::now();
    let policy = Policy::load(dir.join("payroll.toml")).unwrap_or_else(|e| panic!("{e}"));
    let period = Period::month(2023, 12).expect("December");
    let plan = policy.plan(period).unwrap_or_else(|e| panic!("{e}"));
    let team = data::join(
        vec![data::open(&data_file(dir, 12)).expect("hr")],
        "employee_id",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let loaded = start.elapsed();
    let needs = policy.lookbacks();
    let history = History::read(&[dir.join("history")], "employee_id", &needs, period)
        .unwrap_or_else(|e| panic!("{e}"));
    let kept = history.employees();
    let read = start.elapsed();
    let binding = Binding::new(&policy, &team)
        .unwrap()
        .with_history(std::sync::Arc::new(history));
    let (mut ok, mut failed) = (0usize, 0usize);
    let (mut tax, mut net) = (rust_decimal::Decimal::ZERO, rust_decimal::Decimal::ZERO);
    evaluate_all((&plan, &binding), team.records(), |o| match o.result {
        Ok(e) => {
            ok += 1;
            if let Some(hrrules::Value::Number(d)) = e.get("wage_tax") {
                tax += *d;
            }
            if let Some(hrrules::Value::Number(d)) = e.get("net_pay") {
                net += *d;
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
    println!(
        "history: loaded policy + HR file in {:.2} s, read history ({} needs, {kept} \
         employees kept) in {:.2} s, evaluated December in {:.2} s, total {:.2} s; \
         {ok} computed, {failed} failed, wage tax {tax}, net pay {net}; peak memory {}",
        loaded.as_secs_f64(),
        needs.len(),
        (read - loaded).as_secs_f64(),
        (all - read).as_secs_f64(),
        all.as_secs_f64(),
        peak_memory()
    );
    assert_eq!(failed, 0, "every employee computes");
}

/// Runs the measured stages in a fresh process (this executable, told so by [`MEASURE`]).
fn measure_in_child(dir: &Path) {
    let exe = std::env::current_exe().expect("this executable");
    let status = std::process::Command::new(exe)
        .env(MEASURE, dir)
        .status()
        .expect("run the measured stages");
    assert!(status.success(), "the measured stages failed");
}

/// `hrrules eval payroll.toml --data data/hr-2023-12.csv --period 2023-12 --history history
/// --format jsonl > december.jsonl`, under `/usr/bin/time` when there is one.
fn time_cli(dir: &Path) {
    let hrrules = env!("CARGO_BIN_EXE_hrrules");
    let args = [
        "eval",
        "payroll.toml",
        "--data",
        "data/hr-2023-12.csv",
        "--period",
        "2023-12",
        "--history",
        "history",
        "--format",
        "jsonl",
    ];
    let timer = Path::new("/usr/bin/time");
    let mut command = if timer.exists() {
        let mut c = std::process::Command::new(timer);
        c.args(["-f", "%e s wall, %M kB peak resident", hrrules]);
        c
    } else {
        std::process::Command::new(hrrules)
    };
    let out = std::fs::File::create(dir.join("december.jsonl")).expect("output file");
    let start = Instant::now();
    let run = command
        .args(args)
        .current_dir(dir)
        .stdout(out)
        .output()
        .expect("run hrrules");
    let wall = start.elapsed();
    let stderr = String::from_utf8_lossy(&run.stderr);
    let lines = std::fs::read_to_string(dir.join("december.jsonl"))
        .map(|t| t.lines().count())
        .unwrap_or(0);
    println!(
        "history: CLI `hrrules {}` in {:.2} s, {lines} lines written; {}",
        args.join(" "),
        wall.as_secs_f64(),
        stderr.trim().replace('\n', "; ")
    );
    assert!(run.status.success(), "hrrules eval failed: {stderr}");
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    if let Some(dir) = std::env::var_os(MEASURE) {
        measure(Path::new(&dir));
        return;
    }
    let employees: usize = std::env::var("HRRULES_BENCH_EMPLOYEES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let dir = std::env::temp_dir().join(format!("hrrules-history-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    println!("history: files in {}", dir.display());
    generate(&dir, employees).expect("generate");
    measure_in_child(&dir);
    time_cli(&dir);
    if std::env::var_os("HRRULES_BENCH_KEEP").is_none() {
        let _ = std::fs::remove_dir_all(&dir);
    }
}
