//! Peak memory of `hrrules eval`'s pipeline, counted by a global allocator that records the
//! most bytes ever allocated at once. A separate test binary, so no other test's
//! allocations are counted, and one test function, so its runs do not overlap.
//!
//! The policy is wide (200 figures per employee) and the chunks small, so that at a small
//! scale the byte bound is what cuts the chunks: holding every employee of a run, as a
//! 4,096-employee chunk or an unbounded table did, would cost megabytes per thousand rows.
//! Each format must peak at about the same height for 1,200 rows as for 4,800.

#[path = "support/sample.rs"]
mod sample;

use hrrules::diff::{Columns, Comparison};
use hrrules::report::diff::DiffWriter;
use hrrules::{data, Binding, Format, Policy, Renderer};
use hrrules::{evaluate_all_in, Chunks};
use std::alloc::{GlobalAlloc, Layout, System};
use std::io::{self, Write};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The system allocator, counting the bytes in use and their peak.
struct Counting;

static IN_USE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is passed on to `System` unchanged; only the counters are added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let now = IN_USE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        IN_USE.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            if new_size >= layout.size() {
                let grown = new_size - layout.size();
                let now = IN_USE.fetch_add(grown, Ordering::Relaxed) + grown;
                PEAK.fetch_max(now, Ordering::Relaxed);
            } else {
                IN_USE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Output that counts its bytes and keeps none, like a pipe to another program.
struct Sink(usize);

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0 += buf.len();
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

const VALUES: usize = 200;
const INPUTS: usize = 12;
/// Small chunks, so that 1,200 rows already span many of them.
const CHUNKS: Chunks = Chunks {
    employees: 4096,
    bytes: 256 << 10,
};

/// Peak bytes above what was in use before, for one run over `rows` employees, with the
/// number of output bytes and of employees written.
fn peak_of_run(policy: &Policy, rows: usize, format: Format) -> (usize, usize, usize) {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("memory");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("wide_{rows}.csv"));
    if !path.exists() {
        let file = std::fs::File::create(&path).unwrap();
        sample::write_wide_csv(io::BufWriter::new(file), rows, INPUTS, 7).unwrap();
    }
    let plan = policy.plan(policy.default_period().unwrap()).unwrap();
    let columns: Vec<String> = plan.outputs().map(str::to_string).collect();
    let base = IN_USE.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let file = data::open(&path).unwrap();
    let dataset = data::join(vec![file], "employee_id").unwrap();
    let binding = Binding::new(policy, &dataset).unwrap();
    let mut out = Renderer::new(Sink(0), format, "employee_id", columns).unwrap();
    let mut count = 0;
    evaluate_all_in((&plan, &binding), dataset.records(), CHUNKS, |o| {
        assert!(
            o.result.is_ok(),
            "{}: {:?}",
            o.employee,
            o.result.as_ref().err()
        );
        count += 1;
        out.push(&o).unwrap();
    });
    let written = out.finish().unwrap().0;
    (PEAK.load(Ordering::Relaxed) - base, written, count)
}

/// Peak bytes of one `hrrules diff` run over `rows` employees (every figure changes), with
/// the number of output bytes.
fn peak_of_diff(old: &Policy, new: &Policy, rows: usize, format: Format) -> (usize, usize) {
    let path = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("memory")
        .join(format!("wide_{rows}.csv"));
    let period = old.default_period().unwrap();
    let (old_plan, new_plan) = (old.plan(period).unwrap(), new.plan(period).unwrap());
    let base = IN_USE.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let dataset = data::join(vec![data::open(&path).unwrap()], "employee_id").unwrap();
    let (ob, nb) = (
        Binding::new(old, &dataset).unwrap(),
        Binding::new(new, &dataset).unwrap(),
    );
    let columns = Columns::new(&old_plan, &new_plan, &[]).unwrap();
    let mut comparison = Comparison::new(columns, None).unwrap();
    let mut out = DiffWriter::new(Sink(0), format, "employee_id", comparison.columns()).unwrap();
    let sides = [(&old_plan, &ob), (&new_plan, &nb)];
    evaluate_all_in(sides, dataset.records(), CHUNKS, |o| {
        let [a, b] = &o.result;
        let e = comparison.employee(&o.employee, &o.origin, a, b);
        assert!(e.error.is_none() && !e.changes.is_empty(), "{}", o.employee);
        out.push(&e).unwrap();
    });
    let written = out.finish(&comparison.finish()).unwrap().0;
    (PEAK.load(Ordering::Relaxed) - base, written)
}

/// A sales team policy with population figures: a pool per team, a rank per team and a
/// forced distribution over everyone (as benches/population.rs, smaller).
const TEAM_POLICY: &str = r#"
[policy]
name = "Hengkang Orthopaedics — team pool, memory test"
effective = 2023-12-01
currency = "CNY"
rounding = { places = 2, mode = "half_up" }
[inputs]
team = { type = "text" }
region = { type = "text" }
base_salary = { type = "money", min = 0 }
sales_target = { type = "money", min = 1 }
sales_amount = { type = "money", min = 0 }
[params]
team_pool = { value = "50000.00", type = "money" }
[values]
kpi = "round(min(sales_amount / sales_target * 100, 120), 2)"
bonus = { expr = "base_salary * 0.3 * kpi / 100", type = "money" }
team_share = { expr = "allocate(team_pool, kpi) by team", type = "money" }
team_rank = "rank(kpi) by team"
grade = 'distribute(kpi, "A" = 20%, "B" = 70%, "C" = 10%)'
[outputs]
show = ["kpi", "bonus", "team_share", "team_rank", "grade"]
"#;

/// Writes `rows` sales reps in 50 teams.
fn write_team_csv(path: &Path, rows: usize) {
    let mut out = io::BufWriter::new(std::fs::File::create(path).unwrap());
    writeln!(
        out,
        "employee_id,name,team,region,base_salary,sales_target,sales_amount"
    )
    .unwrap();
    for e in 0..rows {
        let t = e * 7 % 50;
        let target = 100_000 + (e * 13 % 40) * 10_000;
        let amount = target * (50 + e * 31 % 80) / 100 + e % 97;
        writeln!(
            out,
            "E{e:07},员工 {e},华东{t}组,华东,{},{target},{amount}",
            6000 + e * 17 % 60 * 250
        )
        .unwrap();
    }
    out.flush().unwrap();
}

/// Peak bytes of a team run over `rows` employees (JSON to a sink), and the peak of only
/// reading every record into memory, as the team mode keeps them.
fn peak_of_team_run(policy: &Policy, rows: usize) -> (usize, usize) {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("memory");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("team_{rows}.csv"));
    if !path.exists() {
        write_team_csv(&path, rows);
    }
    let base = IN_USE.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let dataset = data::join(vec![data::open(&path).unwrap()], "employee_id").unwrap();
    let kept: Vec<_> = dataset.records().collect();
    assert_eq!(kept.len(), rows);
    let records = PEAK.load(Ordering::Relaxed) - base;
    drop(kept);
    let plan = policy.plan(policy.default_period().unwrap()).unwrap();
    let columns: Vec<String> = plan.outputs().map(str::to_string).collect();
    let base = IN_USE.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let dataset = data::join(vec![data::open(&path).unwrap()], "employee_id").unwrap();
    let binding = Binding::new(policy, &dataset).unwrap();
    let mut out = Renderer::new(Sink(0), Format::Json, "employee_id", columns).unwrap();
    let mut count = 0;
    evaluate_all_in((&plan, &binding), dataset.records(), CHUNKS, |o| {
        assert!(
            o.result.is_ok(),
            "{}: {:?}",
            o.employee,
            o.result.as_ref().err()
        );
        count += 1;
        out.push(&o).unwrap();
    });
    assert!(out.finish().unwrap().0 > rows * 60);
    assert_eq!(count, rows);
    (PEAK.load(Ordering::Relaxed) - base, records)
}

/// Population figures cannot stream: everyone is kept between the passes, but as the key,
/// the row and the first pass's evaluation in flat arrays, plus the gathered columns, never
/// the records: about what the records alone would take (827 bytes an employee in a release
/// build, 921 in debug, against 832 for the records).
fn team_mode_keeps_records_and_columns_only() {
    let policy = Policy::from_source("team.toml", TEAM_POLICY).unwrap();
    let rows = 10_000;
    let start = std::time::Instant::now();
    let (peak, records) = peak_of_team_run(&policy, rows);
    eprintln!(
        "team mode: peak {peak} bytes for {rows} rows ({} per employee); \
         the records alone {records} ({} per employee); in {:.1} s",
        peak / rows,
        records / rows,
        start.elapsed().as_secs_f64()
    );
    assert!(
        peak < rows * 1_000,
        "team mode: {} bytes per employee, the records alone {}",
        peak / rows,
        records / rows
    );
}

#[test]
fn peak_memory_is_flat_in_rows_and_bounded_for_wide_policies() {
    team_mode_keeps_records_and_columns_only();
    let policy = Policy::from_source("wide.toml", &sample::wide_policy(VALUES, INPUTS)).unwrap();
    // What holding every employee's figures would take: at least one slot of 24 bytes for
    // each figure of each employee.
    let per_employee = VALUES * 24;
    for format in [Format::Csv, Format::Json, Format::Table] {
        let (small, _, n) = peak_of_run(&policy, 1_200, format);
        assert_eq!(n, 1_200);
        let (large, written, n) = peak_of_run(&policy, 4_800, format);
        assert_eq!(n, 4_800);
        assert!(
            written > 4_800 * VALUES * 4,
            "{format:?}: {written} bytes written"
        );
        // Flat: 3,600 more employees may cost what a few of them hold (the data layer keeps
        // a small hash of each key to find duplicates), not 3,600 × 4.8 KB = 17 MB; plus one
        // chunk, since whether two or three chunks are alive at the peak depends on how the
        // threads happen to be scheduled (a loaded machine once gave the smaller run two).
        assert!(
            large < small + CHUNKS.bytes + 40 * per_employee,
            "{format:?}: peak {small} bytes for 1,200 rows, {large} for 4,800"
        );
        // Bounded: about three chunks of 256 KiB for CSV and JSON, plus the table's sample
        // of at most 4 MiB of cells.
        let bound = match format {
            Format::Table => 8 << 20,
            _ => 3 << 20,
        };
        assert!(
            large < bound,
            "{format:?}: peak {large} bytes, over {bound}"
        );
        eprintln!("{format:?}: peak {small} bytes for 1,200 rows, {large} for 4,800");
    }
    // `hrrules diff` over the same files (written above), every figure changed: flat too,
    // though each employee is computed twice and written as 200 changes.
    let text = sample::wide_policy(VALUES, INPUTS).replace("* 1.0", "* 1.1");
    let new = Policy::from_source("wide_new.toml", &text).unwrap();
    for format in [Format::Csv, Format::Json, Format::Table] {
        let (small, _) = peak_of_diff(&policy, &new, 1_200, format);
        let (large, written) = peak_of_diff(&policy, &new, 4_800, format);
        assert!(
            written > 4_800 * VALUES * 8,
            "diff {format:?}: {written} bytes written"
        );
        assert!(
            large < small + CHUNKS.bytes + 40 * per_employee,
            "diff {format:?}: peak {small} bytes for 1,200 rows, {large} for 4,800"
        );
        let bound = match format {
            Format::Table => 8 << 20,
            _ => 4 << 20,
        };
        assert!(
            large < bound,
            "diff {format:?}: peak {large} bytes, over {bound}"
        );
        eprintln!("diff {format:?}: peak {small} bytes for 1,200 rows, {large} for 4,800");
    }
}
