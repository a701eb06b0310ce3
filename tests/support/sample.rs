//! Deterministic sample employees: sales representatives of an orthopaedic-implant maker,
//! with the inputs of the benchmark reference policy (`benches/reference.toml`).
//!
//! The same seed always gives the same employees, on every machine: benchmarks, tests and
//! the million-row end-to-end run all draw from here. There is no `rand` dependency; a
//! SplitMix64 generator is all that sample data needs.
//!
//! Not part of the library: each bench, test and example that needs it includes this file
//! with `#[path = ".../tests/support/sample.rs"] mod sample;` at its crate root (so
//! `crate::sample` names it, also in `benches/handwritten.rs` and `benches/zen.rs`).
#![allow(dead_code)] // each includer uses a different part

use hrrules::{EvalError, Inputs, Policy};
use rust_decimal::Decimal;
use std::io::{self, Write};

/// SplitMix64: a tiny, fast, well-mixed 64-bit generator (Steele, Lea and Flood, 2014).
/// Not for anything secret; plenty for sample data.
#[derive(Clone, Debug)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    /// A generator starting from `seed`.
    pub fn new(seed: u64) -> SplitMix64 {
        SplitMix64(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A whole number in `lo..=hi` (`lo` if the range is empty).
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            return lo;
        }
        let span = (hi - lo) as u64 + 1;
        // Multiply-shift keeps the bias far below anything sample data could show.
        lo + ((u128::from(self.next_u64()) * u128::from(span)) >> 64) as i64
    }

    /// `true` with probability `percent`/100.
    pub fn chance(&mut self, percent: i64) -> bool {
        self.range(0, 99) < percent
    }

    /// One element of a non-empty slice (`None` for an empty one).
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        let last = i64::try_from(items.len()).ok()? - 1;
        items.get(usize::try_from(self.range(0, last)).ok()?)
    }
}

/// One sales representative's month: the inputs of the reference policy, plus a name and a
/// region as an HR export has them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SampleEmployee {
    /// `E0000001`, `E0000002`, ... in generation order.
    pub employee_id: String,
    /// A Chinese name.
    pub name: String,
    /// The sales region (华东, 华北, ...).
    pub region: &'static str,
    /// Monthly base salary, 6,000 to 20,000 yuan in steps of 500.
    pub base_salary: Decimal,
    /// The month's sales target, 100,000 to 500,000 yuan in steps of 10,000.
    pub sales_target: Decimal,
    /// Invoiced sales: 20% to 220% of target, to the fen.
    pub sales_amount: Decimal,
    /// CRM survey average, 4.0 to 10.0.
    pub satisfaction: Decimal,
    /// Audit pass rate as a fraction, 0.600 to 1.000 in steps of 0.5%.
    pub compliance: Decimal,
    /// Peer review score, 50 to 100.
    pub teamwork: Decimal,
    /// Overtime hours: none for 60% of reps, else 0.5 to 36 in half hours.
    pub overtime_hours: Decimal,
    /// Days of unpaid leave: none for 80% of reps, else 0.5 to 5 in half days.
    pub absence_days: Decimal,
    /// Days travelling, 0 to 12.
    pub travel_days: Decimal,
    /// Declared contribution wage: 60% to 180% of base salary, to the yuan (so some reps
    /// are below the contribution floor and some above the ceiling).
    pub contribution_wage: Decimal,
    /// Special additional deductions: 0 to 5,000 a month in the usual combinations.
    pub special_deductions: Decimal,
}

/// The CSV columns [`write_csv`] writes, in order.
pub const CSV_COLUMNS: [&str; 14] = [
    "employee_id",
    "name",
    "region",
    "base_salary",
    "sales_target",
    "sales_amount",
    "satisfaction",
    "compliance",
    "teamwork",
    "overtime_hours",
    "absence_days",
    "travel_days",
    "contribution_wage",
    "special_deductions",
];

const SURNAMES: [&str; 16] = [
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "朱", "马", "胡", "郭",
];
const GIVEN: [&str; 20] = [
    "芳", "伟", "娜", "敏", "静", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛", "明", "超",
    "秀英", "晓东", "建华", "丽萍", "志强",
];
const REGIONS: [&str; 6] = ["华东", "华北", "华南", "华中", "西南", "东北"];
const SPECIAL_DEDUCTIONS: [i64; 8] = [0, 0, 1000, 1500, 2000, 3000, 4000, 5000];

/// An endless, deterministic stream of sample employees.
#[derive(Clone, Debug)]
pub struct Employees {
    rng: SplitMix64,
    next_id: u64,
}

impl Employees {
    /// The employees of seed `seed`.
    pub fn new(seed: u64) -> Employees {
        Employees {
            rng: SplitMix64::new(seed),
            next_id: 1,
        }
    }
}

impl Iterator for Employees {
    type Item = SampleEmployee;

    fn next(&mut self) -> Option<SampleEmployee> {
        let r = &mut self.rng;
        let id = self.next_id;
        self.next_id += 1;
        let name = format!(
            "{}{}",
            r.pick(&SURNAMES).copied().unwrap_or("王"),
            r.pick(&GIVEN).copied().unwrap_or("芳")
        );
        let region = r.pick(&REGIONS).copied().unwrap_or("华东");
        let base = r.range(12, 40) * 500;
        let target = r.range(10, 50) * 10_000;
        // Attainment in basis points, then the amount to the fen.
        let attainment = r.range(2_000, 22_000);
        let sales_fen = target * attainment / 100 + r.range(0, 99);
        let overtime = if r.chance(40) { r.range(1, 72) } else { 0 };
        let absence = if r.chance(20) { r.range(1, 10) } else { 0 };
        Some(SampleEmployee {
            employee_id: format!("E{id:07}"),
            name,
            region,
            base_salary: Decimal::from(base),
            sales_target: Decimal::from(target),
            sales_amount: Decimal::new(sales_fen, 2),
            satisfaction: Decimal::new(r.range(40, 100), 1),
            compliance: Decimal::new(r.range(120, 200) * 5, 3),
            teamwork: Decimal::from(r.range(50, 100)),
            overtime_hours: Decimal::new(overtime * 5, 1).normalize(),
            absence_days: Decimal::new(absence * 5, 1).normalize(),
            travel_days: Decimal::from(r.range(0, 12)),
            contribution_wage: Decimal::from(base * r.range(60, 180) / 100),
            special_deductions: Decimal::from(
                r.pick(&SPECIAL_DEDUCTIONS).copied().unwrap_or_default(),
            ),
        })
    }
}

impl SampleEmployee {
    /// The numeric inputs, named as the reference policy names them.
    pub fn fields(&self) -> [(&'static str, Decimal); 11] {
        [
            ("base_salary", self.base_salary),
            ("sales_target", self.sales_target),
            ("sales_amount", self.sales_amount),
            ("satisfaction", self.satisfaction),
            ("compliance", self.compliance),
            ("teamwork", self.teamwork),
            ("overtime_hours", self.overtime_hours),
            ("absence_days", self.absence_days),
            ("travel_days", self.travel_days),
            ("contribution_wage", self.contribution_wage),
            ("special_deductions", self.special_deductions),
        ]
    }

    /// This employee's inputs for `policy`. Fields the policy does not declare are skipped,
    /// so any policy over a subset of these inputs works.
    pub fn inputs(&self, policy: &Policy) -> Result<Inputs, EvalError> {
        let mut inputs = policy.inputs();
        for (name, value) in self.fields() {
            if policy.input_schema().position(name).is_some() {
                inputs.set(name, value)?;
            }
        }
        Ok(inputs)
    }

    /// Writes this employee as one CSV row (columns as [`CSV_COLUMNS`]), compliance as a
    /// percentage (`93.5%`), as HR exports write it.
    pub fn write_csv_row<W: Write>(&self, out: &mut W) -> io::Result<()> {
        writeln!(
            out,
            "{},{},{},{},{},{},{},{},{},{},{},{},{},{}",
            self.employee_id,
            self.name,
            self.region,
            self.base_salary,
            self.sales_target,
            self.sales_amount,
            self.satisfaction,
            hrrules::vocab::percent(self.compliance),
            self.teamwork,
            self.overtime_hours,
            self.absence_days,
            self.travel_days,
            self.contribution_wage,
            self.special_deductions,
        )
    }
}

/// Writes a header and `n` employees of seed `seed` as CSV, streaming: memory stays flat
/// however large `n` is. Wrap `out` in a `BufWriter` when it is a file or stdout.
pub fn write_csv<W: Write>(mut out: W, n: usize, seed: u64) -> io::Result<()> {
    writeln!(out, "{}", CSV_COLUMNS.join(","))?;
    for e in Employees::new(seed).take(n) {
        e.write_csv_row(&mut out)?;
    }
    out.flush()
}

/// A wide policy for memory tests and measurements: `values` money figures over `inputs`
/// money inputs (`metric_01`, ...), every figure shown. Figure `n` is
/// `metric_k * 1.0m + n` rounded to the fen, so each employee's output has `values` cells of
/// about ten characters: the shape of a group-wide payroll with hundreds of allowance,
/// deduction and bonus lines. Its columns are written by [`write_wide_csv`].
pub fn wide_policy(values: usize, inputs: usize) -> String {
    let inputs = inputs.max(1);
    let mut text = String::from(
        "# Generated by wide_policy (tests/support/sample.rs): one figure per allowance, deduction and\n\
         # bonus line of a group-wide payroll.\n\
         [policy]\nname = \"恒康骨科 — wide payroll\"\neffective = 2023-09-01\n\n[inputs]\n",
    );
    for k in 1..=inputs {
        text.push_str(&format!(
            "metric_{k:02} = {{ type = \"money\", min = 0 }}\n"
        ));
    }
    text.push_str("\n[values]\n");
    for n in 1..=values {
        let k = (n - 1) % inputs + 1;
        let m = n % 9 + 1;
        text.push_str(&format!(
            "line_{n:04} = {{ expr = \"metric_{k:02} * 1.0{m} + {n}\", type = \"money\" }}\n"
        ));
    }
    text
}

/// Writes a header and `rows` employees for [`wide_policy`] with `inputs` inputs: an
/// `employee_id` and one amount (0 to 20,000.00) per input, seeded by `seed`. Streaming.
pub fn write_wide_csv<W: Write>(
    mut out: W,
    rows: usize,
    inputs: usize,
    seed: u64,
) -> io::Result<()> {
    let inputs = inputs.max(1);
    write!(out, "employee_id")?;
    for k in 1..=inputs {
        write!(out, ",metric_{k:02}")?;
    }
    writeln!(out)?;
    let mut random = SplitMix64::new(seed);
    for r in 1..=rows {
        write!(out, "E{r:07}")?;
        for _ in 0..inputs {
            write!(out, ",{}", Decimal::new(random.range(0, 2_000_000), 2))?;
        }
        writeln!(out)?;
    }
    out.flush()
}
