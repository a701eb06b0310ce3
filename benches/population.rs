//! Population figures at scale (issue 10, "Speed and memory"): 1,000,000 sales employees in
//! about 50 teams, CSV to JSON, with a policy A that has no population figures (it streams)
//! and a policy B that is A plus a team bonus pool `allocate(team_pool, kpi) by team`, a rank
//! in the team `rank(kpi) by team` and a forced distribution over everyone
//! `distribute(kpi, "A" = 20%, "B" = 70%, "C" = 10%)` (it keeps the records and makes a
//! second pass). A and B are run interleaved, several rounds, each run in a process of its
//! own so that its peak memory is its own:
//!
//! - the CLI, `hrrules eval POLICY --data staff.csv --period 2023-12 --format json >
//!   /dev/null`, under `/usr/bin/time` when the machine has it (wall time, CPU, peak RSS);
//! - the library, `evaluate_all` with a JSON `Renderer` writing to a sink, in a fresh
//!   process (this executable again) that reports its wall time and `VmHWM`; it also checks
//!   that nobody failed and that every team's pool sums to 50,000.00 exactly.
//!
//! Then it prints B/A per round (wall time of the same path in the same round) and the
//! spread.
//!
//! ```sh
//! cargo bench --bench population                          # 1,000,000 employees, 3 rounds
//! HRRULES_BENCH_EMPLOYEES=100000 HRRULES_BENCH_ROUNDS=2 cargo bench --bench population
//! HRRULES_BENCH_KEEP=1 cargo bench --bench population     # keep the files afterwards
//! ```

#[path = "scale.rs"]
mod scale;
use scale::{peak_memory, Rng};

use hrrules::{data, evaluate_all, Binding, Format, Period, Policy, Renderer};
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Policy A: a sales KPI and a bonus on it, nothing over the team.
const POLICY_A: &str = r#"
[policy]
name = "Hengkang Orthopaedics — sales team bonus, population bench (A: per employee)"
department = "sales"
effective = 2023-12-01
currency = "CNY"
rounding = { places = 2, mode = "half_up" }

[inputs]
team = { type = "text", doc = "sales team (销售组)" }
region = { type = "text", doc = "sales region (大区)" }
base_salary = { type = "money", min = 0, doc = "monthly base salary (基本工资)" }
sales_target = { type = "money", min = 1, doc = "the month's sales target (月度销售指标)" }
sales_amount = { type = "money", min = 0, doc = "invoiced sales of the month (开票销售额)" }
satisfaction = { type = "number", min = 0, max = 10, doc = "CRM survey average, 0 to 10" }
compliance = { type = "percent", min = "0%", max = "100%", doc = "deals that passed the audit" }
teamwork = { type = "number", min = 0, max = 100, doc = "peer review score" }

[params]
bonus_rate = { value = "30%", type = "percent", doc = "bonus as a share of base salary at KPI 100" }
team_pool = { value = "50000.00", type = "money", doc = "each team's December bonus pool" }

[values]
attainment = "min(sales_amount / sales_target * 100, 120)"
kpi = "round(attainment * 0.6 + satisfaction * 2 + compliance * 10 + teamwork * 0.1, 2)"
bonus = { expr = "base_salary * bonus_rate * kpi / 100", type = "money" }
#POPULATION#
[outputs]
show = [#SHOW#]
"#;

/// What policy B adds to A: a pool, a rank and a forced distribution.
const POPULATION: &str = r#"team_share = { expr = "allocate(team_pool, kpi) by team", type = "money" }
team_rank = "rank(kpi) by team"
grade = 'distribute(kpi, "A" = 20%, "B" = 70%, "C" = 10%)'
"#;

/// The policy's text: A, or B with the population figures.
fn policy(population: bool) -> String {
    let (extra, show) = if population {
        (
            POPULATION,
            r#""kpi", "bonus", "team_share", "team_rank", "grade""#,
        )
    } else {
        ("", r#""kpi", "bonus""#)
    };
    POLICY_A
        .replace("#POPULATION#\n", extra)
        .replace("#SHOW#", show)
        .replace(
            "(A: per employee)",
            if population {
                "(B: A + team)"
            } else {
                "(A: per employee)"
            },
        )
}

/// The environment variable telling this executable to run the library on one policy:
/// `DIR/POLICY.toml`.
const MEASURE: &str = "HRRULES_BENCH_POPULATION_RUN";

const REGIONS: [&str; 10] = [
    "华东", "华北", "华南", "华中", "西南", "西北", "东北", "苏州", "上海", "浙江",
];
const GROUPS: [&str; 5] = ["一组", "二组", "三组", "四组", "五组"];

/// Writes the CRM/HR export: `employees` sales reps in 50 teams (10 regions x 5 teams).
fn write_staff(path: &Path, employees: usize) -> std::io::Result<u64> {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
    writeln!(
        out,
        "employee_id,name,team,region,base_salary,sales_target,sales_amount,satisfaction,\
         compliance,teamwork"
    )?;
    let mut rng = Rng(20231201);
    for e in 0..employees {
        let t = rng.below(50) as usize;
        let (region, group) = (REGIONS[t / 5], GROUPS[t % 5]);
        let base = 6000 + rng.below(60) * 250;
        let target = 100_000 + rng.below(40) * 10_000;
        let amount = target * (50 + rng.below(80)) / 100 + rng.below(100);
        let satisfaction = 50 + rng.below(51);
        let compliance = 70 + rng.below(31);
        let teamwork = 40 + rng.below(61);
        writeln!(
            out,
            "E{e:07},员工 {e},{region}{group},{region},{base},{target},{amount},{}.{},{compliance}%,\
             {teamwork}",
            satisfaction / 10,
            satisfaction % 10
        )?;
    }
    out.flush()?;
    Ok(std::fs::metadata(path)?.len())
}

/// Output that counts its bytes and keeps none.
struct Sink(u64);

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len() as u64;
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The library path, in this (fresh) process: load, read, evaluate, render JSON to a sink.
/// Prints `wall_seconds peak_kb bytes_written` on the last line for the parent.
fn measure(dir: &Path, name: &str) {
    let start = Instant::now();
    let policy = Policy::load(dir.join(format!("{name}.toml"))).unwrap_or_else(|e| panic!("{e}"));
    let plan = policy
        .plan(Period::month(2023, 12).expect("December"))
        .unwrap_or_else(|e| panic!("{e}"));
    let team = data::join(
        vec![data::open(&dir.join("staff.csv")).expect("staff")],
        "employee_id",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let binding = Binding::new(&policy, &team).unwrap();
    let columns = plan.outputs().map(str::to_string).collect();
    let mut out = Renderer::new(Sink(0), Format::Json, "employee_id", columns).expect("renderer");
    let (mut ok, mut failed) = (0usize, 0usize);
    let mut pools: HashMap<String, Decimal> = HashMap::new();
    let figures = evaluate_all((&plan, &binding), team.records(), |o| {
        match &o.result {
            Ok(e) => {
                ok += 1;
                if let (Some(hrrules::Value::Number(s)), Some(hrrules::Value::Text(t))) =
                    (e.get("team_share"), e.get("team"))
                {
                    *pools.entry(t.to_string()).or_default() += *s;
                }
            }
            Err(e) => {
                if failed == 0 {
                    eprintln!("first failure: {}: {e}", o.employee);
                }
                failed += 1;
            }
        }
        out.push(&o).expect("render");
    });
    let written = out.finish().expect("render").0;
    let wall = start.elapsed().as_secs_f64();
    assert_eq!(failed, 0, "every employee computes");
    if name == "b" {
        assert_eq!(pools.len(), 50, "50 teams");
        let pool = Decimal::new(5_000_000, 2);
        assert!(
            pools.values().all(|s| *s == pool),
            "every team's pool sums to 50,000.00"
        );
        assert!(!figures.pairs[0].is_empty(), "figures summarised");
    }
    let peak: u64 = peak_memory()
        .split_whitespace()
        .next()
        .and_then(|k| k.parse().ok())
        .unwrap_or(0);
    println!("{wall:.3} {peak} {written} {ok}");
}

/// One measured run: wall seconds, CPU seconds (user + system, when known), peak kB.
#[derive(Clone, Copy, Default)]
struct Run {
    wall: f64,
    cpu: Option<f64>,
    peak_kb: u64,
}

/// Runs the library path for policy `name` in a fresh process.
fn library_run(dir: &Path, name: &str) -> Run {
    let exe = std::env::current_exe().expect("this executable");
    let out = std::process::Command::new(exe)
        .env(MEASURE, format!("{}\n{name}", dir.display()))
        .output()
        .expect("run the library path");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "library run {name} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let last: Vec<&str> = stdout.lines().last().unwrap_or("").split(' ').collect();
    Run {
        wall: last.first().and_then(|w| w.parse().ok()).unwrap_or(0.0),
        cpu: None,
        peak_kb: last.get(1).and_then(|k| k.parse().ok()).unwrap_or(0),
    }
}

/// `hrrules eval NAME.toml --data staff.csv --period 2023-12 --format json > /dev/null`,
/// under `/usr/bin/time` when there is one.
fn cli_run(dir: &Path, name: &str) -> Run {
    let hrrules = env!("CARGO_BIN_EXE_hrrules");
    let policy = format!("{name}.toml");
    let args = [
        "eval",
        &policy,
        "--data",
        "staff.csv",
        "--period",
        "2023-12",
        "--format",
        "json",
    ];
    let timer = Path::new("/usr/bin/time");
    let mut command = if timer.exists() {
        let mut c = std::process::Command::new(timer);
        c.args(["-f", "%e %U %S %M", hrrules]);
        c
    } else {
        std::process::Command::new(hrrules)
    };
    let start = Instant::now();
    let out = command
        .args(args)
        .current_dir(dir)
        .stdout(std::process::Stdio::null())
        .output()
        .expect("run hrrules");
    let wall = start.elapsed().as_secs_f64();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "hrrules eval {policy} failed: {stderr}"
    );
    let last: Vec<f64> = (stderr.lines().last().unwrap_or("").split(' '))
        .filter_map(|x| x.parse().ok())
        .collect();
    match last[..] {
        [_, user, system, kb] => Run {
            wall,
            cpu: Some(user + system),
            peak_kb: kb as u64,
        },
        _ => Run {
            wall,
            ..Run::default()
        },
    }
}

fn show(path: &str, name: &str, round: usize, r: Run) {
    let cpu = r.cpu.map_or(String::new(), |c| format!(", {c:.2} s CPU"));
    println!(
        "population: round {round} {path:<7} {:<26} {:6.2} s wall{cpu}, peak {:.1} MB",
        if name == "a" {
            "A (no population figures)"
        } else {
            "B (pool + rank + grades)"
        },
        r.wall,
        r.peak_kb as f64 / 1024.0
    );
}

/// The least, the median and the greatest of `xs`.
fn spread(xs: &mut [f64]) -> String {
    xs.sort_by(|a, b| a.total_cmp(b));
    format!(
        "min {:.2}, median {:.2}, max {:.2}",
        xs[0],
        xs[xs.len() / 2],
        xs[xs.len() - 1]
    )
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    if let Some(what) = std::env::var_os(MEASURE) {
        let what = what.to_string_lossy().to_string();
        let (dir, name) = what.split_once('\n').expect("DIR\\nNAME");
        measure(Path::new(dir), name);
        return;
    }
    let env = |k: &str, d: usize| {
        std::env::var(k)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(d)
    };
    let employees = env("HRRULES_BENCH_EMPLOYEES", 1_000_000);
    let rounds = env("HRRULES_BENCH_ROUNDS", 3).max(1);
    let dir: PathBuf =
        std::env::temp_dir().join(format!("hrrules-population-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    std::fs::write(dir.join("a.toml"), policy(false)).expect("policy A");
    std::fs::write(dir.join("b.toml"), policy(true)).expect("policy B");
    let start = Instant::now();
    let bytes = write_staff(&dir.join("staff.csv"), employees).expect("staff.csv");
    println!(
        "population: {employees} employees in 50 teams, {:.1} MB of CSV written in {:.1} s to {}",
        bytes as f64 / 1e6,
        start.elapsed().as_secs_f64(),
        dir.display()
    );
    let mut ratios: HashMap<&str, Vec<f64>> = HashMap::new();
    let mut peaks: HashMap<(&str, &str), Vec<f64>> = HashMap::new();
    for round in 1..=rounds {
        for (path, run) in [
            ("CLI", cli_run as fn(&Path, &str) -> Run),
            ("library", library_run),
        ] {
            // Alternate which policy goes first, so that neither always follows the other.
            let order = if round % 2 == 1 {
                ["a", "b"]
            } else {
                ["b", "a"]
            };
            let mut walls = [0.0; 2];
            for name in order {
                let r = run(&dir, name);
                show(path, name, round, r);
                walls[usize::from(name == "b")] = r.wall;
                peaks
                    .entry((path, name))
                    .or_default()
                    .push(r.peak_kb as f64 / 1024.0);
            }
            let ratio = walls[1] / walls[0];
            println!("population: round {round} {path:<7} B/A = {ratio:.2}");
            ratios.entry(path).or_default().push(ratio);
        }
    }
    for path in ["CLI", "library"] {
        let r = ratios.get_mut(path).expect("ratios");
        println!(
            "population: {path:<7} B/A over {rounds} rounds: {}",
            spread(r)
        );
        for (name, label) in [("a", "A"), ("b", "B")] {
            let p = peaks.get_mut(&(path, name)).expect("peaks");
            println!("population: {path:<7} {label} peak MB: {}", spread(p));
        }
    }
    if std::env::var_os("HRRULES_BENCH_KEEP").is_none() {
        let _ = std::fs::remove_dir_all(&dir);
    }
}
