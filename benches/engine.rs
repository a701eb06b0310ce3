//! hrrules against the same policy hand-written in Rust and written for zen-expression,
//! all in one run so that the ratios come from one machine at one moment.
//!
//! ```sh
//! cargo bench --bench engine            # criterion groups, then the ratios
//! cargo bench --bench engine -- ratios   # the equality check and the ratios only
//! ```
//!
//! Groups (criterion reports time per iteration and, with the throughput set, employees/s):
//! - `per_employee/{hrrules,handwritten,zen}`: 1,000 pre-built employees of the reference
//!   policy (benches/reference.toml), evaluated one after another on one core;
//! - `startup/check_and_compile`: `Policy::from_source` + `Policy::plan`;
//! - `batch/evaluate_batch_100k`: 100,000 employees on all cores (`hrrules::evaluate_inputs`).
//!
//! Before anything is timed, every variant is checked to compute the same figures as hrrules
//! for every generated employee. After the groups, a plain `Instant` loop interleaves the
//! three variants and prints the ratios: first three seconds of untimed rounds (as long as
//! criterion's warm-up), then 41 timed rounds in which the variants take turns pass by pass
//! (5 passes over the employees each), the medians kept. Run alone (`cargo bench --bench
//! engine -- ratios`, a few seconds) it measures what the full run measures.

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

/// How long the interleaved rounds run, untimed, before the timed ones: as long as criterion
/// warms up each function in the full run. Without it, `cargo bench --bench engine -- ratios`
/// timed the first milliseconds after start-up (caches, branch predictors, the allocator's
/// free lists and the CPU's clock still settling) and printed 1.64-1.89 where the full run,
/// which comes to the ratios after a minute of criterion, printed 1.45.
const WARM_UP: Duration = Duration::from_secs(3);
/// Timed rounds; the medians are kept, so a round disturbed by another process does not count.
const ROUNDS: usize = 41;
/// Passes over the employees per variant and round. The three variants take turns pass by
/// pass (hrrules, hand-written, zen, hrrules, ...), so that within a round both sides of a
/// ratio see the same machine; a round is then about 7 ms of hrrules, 5 ms hand-written and
/// 37 ms of zen on the reference machine, long enough that one interruption is a small part
/// of it.
const PASSES: usize = 5;

/// One pass of `variant` (0 hrrules, 1 hand-written, 2 zen) over every employee: nanoseconds
/// per employee.
fn pass(s: &Setup, vm: &mut zen_expression::vm::VM, variant: usize) -> f64 {
    let t = Instant::now();
    match variant {
        0 => {
            for i in &s.inputs {
                black_box(s.plan.evaluate(black_box(i)).is_ok());
            }
        }
        1 => {
            for e in &s.staff {
                black_box(handwritten::pay(black_box(e), MONTH).is_ok());
            }
        }
        _ => {
            for e in &s.staff {
                black_box(s.zen.evaluate(black_box(e), vm).is_ok());
            }
        }
    }
    t.elapsed().as_nanos() as f64 / s.staff.len() as f64
}

/// One round: `PASSES` passes of each variant, taking turns, the first variant changing from
/// round to round and pass to pass so that none always follows zen. Nanoseconds per employee
/// of each variant.
fn round(s: &Setup, vm: &mut zen_expression::vm::VM, r: usize) -> [f64; 3] {
    let mut t = [0.0; 3];
    for p in 0..PASSES {
        for k in 0..3 {
            let variant = (r + p + k) % 3;
            t[variant] += pass(s, vm, variant);
        }
    }
    t.map(|ns| ns / PASSES as f64)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Nanoseconds per employee of each variant, and their ratios: rounds of the variants taking
/// turns, after a warm-up of the same rounds; the median of the rounds is printed. The ratios
/// are the medians of each round's own ratio, whose two times were taken moments apart.
fn ratios(s: &Setup) {
    let mut vm = zen_expression::vm::VM::new();
    let start = Instant::now();
    let mut warm_rounds = 0usize;
    while start.elapsed() < WARM_UP {
        black_box(round(s, &mut vm, warm_rounds));
        warm_rounds += 1;
    }
    let mut times: [Vec<f64>; 3] = Default::default();
    for r in 0..ROUNDS {
        for (variant, ns) in round(s, &mut vm, r).into_iter().enumerate() {
            times[variant].push(ns);
        }
    }
    let per_round = |a: usize, b: usize| -> Vec<f64> {
        times[a].iter().zip(&times[b]).map(|(x, y)| x / y).collect()
    };
    let ours_hand = per_round(0, 1);
    let zen_ours = per_round(2, 0);
    let mut sorted = ours_hand.clone();
    sorted.sort_by(f64::total_cmp);
    let (q1, q3) = (sorted[sorted.len() / 4], sorted[sorted.len() * 3 / 4]);
    let [ours, hand, zen] = times.map(median);
    println!(
        "\nper employee, median of {ROUNDS} rounds of {PASSES} interleaved passes over {} \
         employees (after {warm_rounds} rounds of warm-up, {:.1} s):",
        s.staff.len(),
        WARM_UP.as_secs_f64()
    );
    println!("  hrrules      {ours:>9.0} ns");
    println!("  hand-written {hand:>9.0} ns");
    println!("  zen          {zen:>9.0} ns");
    println!("ratios (median of the rounds' own ratios):");
    println!(
        "  hrrules / hand-written = {:.2}  (target <= 1.5; middle half of rounds {q1:.2}-{q3:.2})",
        median(ours_hand)
    );
    println!(
        "  zen / hrrules          = {:.2}  (target >= 3)",
        median(zen_ours)
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
