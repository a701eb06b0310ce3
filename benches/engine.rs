//! hrrules against the same policy hand-written in Rust and written for zen-expression,
//! all in one run so that the ratios come from one machine at one moment.
//!
//! ```sh
//! cargo bench --bench engine            # criterion groups, then the ratios
//! ```
//!
//! Groups (criterion reports time per iteration and, with the throughput set, employees/s):
//! - `per_employee/{hrrules,handwritten,zen}`: 1,000 pre-built employees of the reference
//!   policy (benches/reference.toml), evaluated one after another on one core;
//! - `startup/check_and_compile`: `Policy::from_source` + `Policy::plan`;
//! - `batch/evaluate_batch_100k`: 100,000 employees on all cores (`batch::evaluate_inputs`).
//!
//! Before anything is timed, every variant is checked to compute the same figures as hrrules
//! for every generated employee. After the groups, a plain `Instant` loop interleaves the
//! three variants and prints the ratios.

#[path = "handwritten.rs"]
mod handwritten;
#[path = "../tests/support/sample.rs"]
mod sample;
#[path = "zen.rs"]
mod zen;

use criterion::{BenchmarkId, Criterion, Throughput};
use hrrules::{Inputs, Period, Plan, Policy, Value};
use sample::{Employees, SampleEmployee};
use std::hint::black_box;
use std::time::{Duration, Instant};

const REFERENCE: &str = include_str!("reference.toml");
const SEED: u64 = 2023;
const EMPLOYEES: usize = 1_000;
const BATCH: usize = 100_000;
const MONTH: u32 = 9;

struct Setup {
    policy: Policy,
    plan: Plan,
    staff: Vec<SampleEmployee>,
    inputs: Vec<Inputs>,
    zen: zen::ZenPolicy,
}

fn setup(n: usize) -> Setup {
    let policy = Policy::from_source("reference.toml", REFERENCE).unwrap_or_else(|e| panic!("{e}"));
    let period: Period = "2023-09".parse().expect("period");
    let plan = policy.plan(period).unwrap_or_else(|e| panic!("{e}"));
    let staff: Vec<SampleEmployee> = Employees::new(SEED).take(n).collect();
    let inputs = staff
        .iter()
        .map(|e| e.inputs(&policy).expect("inputs"))
        .collect();
    Setup {
        policy,
        plan,
        staff,
        inputs,
        zen: zen::ZenPolicy::new(MONTH),
    }
}

/// Asserts that the hand-written and zen versions compute what hrrules computes.
fn assert_same_results(s: &Setup) {
    let mut vm = zen_expression::vm::VM::new();
    for (e, inputs) in s.staff.iter().zip(&s.inputs) {
        let ours = s.plan.evaluate(inputs).expect("hrrules evaluates");
        let theirs = handwritten::pay(e, MONTH).expect("hand-written evaluates");
        let context = s.zen.evaluate(e, &mut vm).expect("zen evaluates");
        for (name, want) in theirs.named() {
            assert_eq!(ours.get(name), Some(&want), "{} {name}", e.employee_id);
            let zen_name = name.replace('.', "_");
            let got = context.dot(&zen_name).expect("zen figure");
            let got = match got.as_number() {
                Some(d) => Value::Number(d),
                None => Value::from(got.as_str().unwrap_or("?")),
            };
            assert_eq!(got, want, "zen: {} {name}", e.employee_id);
        }
    }
}

fn per_employee(c: &mut Criterion, s: &Setup) {
    let mut g = c.benchmark_group("per_employee");
    g.throughput(Throughput::Elements(s.staff.len() as u64));
    g.measurement_time(Duration::from_secs(4));
    g.bench_function(BenchmarkId::new("hrrules", s.staff.len()), |b| {
        b.iter(|| {
            for i in &s.inputs {
                black_box(s.plan.evaluate(black_box(i)).is_ok());
            }
        })
    });
    g.bench_function(BenchmarkId::new("handwritten", s.staff.len()), |b| {
        b.iter(|| {
            for e in &s.staff {
                black_box(handwritten::pay(black_box(e), MONTH).is_ok());
            }
        })
    });
    let mut vm = zen_expression::vm::VM::new();
    g.bench_function(BenchmarkId::new("zen", s.staff.len()), |b| {
        b.iter(|| {
            for e in &s.staff {
                black_box(s.zen.evaluate(black_box(e), &mut vm).is_ok());
            }
        })
    });
    g.finish();
}

fn startup(c: &mut Criterion) {
    let period: Period = "2023-09".parse().expect("period");
    let mut g = c.benchmark_group("startup");
    g.measurement_time(Duration::from_secs(3));
    g.bench_function("check_and_compile", |b| {
        b.iter(|| {
            let policy = Policy::from_source("reference.toml", black_box(REFERENCE))
                .unwrap_or_else(|e| panic!("{e}"));
            black_box(policy.plan(period).is_ok())
        })
    });
    g.finish();
}

fn batch(c: &mut Criterion, s: &Setup) {
    let inputs: Vec<Inputs> = Employees::new(SEED + 1)
        .take(BATCH)
        .map(|e| e.inputs(&s.policy).expect("inputs"))
        .collect();
    let mut g = c.benchmark_group("batch");
    g.throughput(Throughput::Elements(BATCH as u64));
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(8));
    g.bench_function("evaluate_batch_100k", |b| {
        b.iter(|| {
            let mut n = 0usize;
            hrrules::evaluate_inputs(&s.plan, black_box(&inputs), |r| {
                n += usize::from(black_box(r).is_ok())
            });
            n
        })
    });
    g.finish();
}

/// Nanoseconds per employee of each variant: rounds interleaved, the median round kept.
fn ratios(s: &Setup) {
    const ROUNDS: usize = 15;
    let mut vm = zen_expression::vm::VM::new();
    let mut times: [Vec<f64>; 3] = Default::default();
    let per = |start: Instant| start.elapsed().as_nanos() as f64 / s.staff.len() as f64;
    for _ in 0..ROUNDS {
        let t = Instant::now();
        for i in &s.inputs {
            black_box(s.plan.evaluate(black_box(i)).is_ok());
        }
        times[0].push(per(t));
        let t = Instant::now();
        for e in &s.staff {
            black_box(handwritten::pay(black_box(e), MONTH).is_ok());
        }
        times[1].push(per(t));
        let t = Instant::now();
        for e in &s.staff {
            black_box(s.zen.evaluate(black_box(e), &mut vm).is_ok());
        }
        times[2].push(per(t));
    }
    let [ours, hand, zen] = times.map(|mut v| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    });
    println!(
        "\nper employee, median of {ROUNDS} interleaved rounds of {} employees:",
        s.staff.len()
    );
    println!("  hrrules      {ours:>9.0} ns");
    println!("  hand-written {hand:>9.0} ns");
    println!("  zen          {zen:>9.0} ns");
    println!("ratios:");
    println!(
        "  hrrules / hand-written = {:.2}  (target <= 1.5)",
        ours / hand
    );
    println!(
        "  zen / hrrules          = {:.2}  (target >= 3)",
        zen / ours
    );
}

fn main() {
    let s = setup(EMPLOYEES);
    assert_same_results(&s);
    let mut c = Criterion::default().configure_from_args();
    per_employee(&mut c, &s);
    startup(&mut c);
    batch(&mut c, &s);
    c.final_summary();
    // `cargo bench -- FILTER` and `cargo test --benches` skip the ratios unless asked.
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let quick = std::env::args().any(|a| a == "--test" || a == "--list");
    if !quick && (args.is_empty() || args.iter().any(|a| a == "ratios")) {
        ratios(&s);
    }
}
