//! The million-row job of docs/performance.md written by hand, without hrrules: read the
//! generated staff CSV with `csv`, compute each employee's pay with the hand-written version
//! of `benches/reference.toml` (`benches/handwritten.rs`, checked equal to hrrules by the test
//! suite), write the shown figures as JSON with `serde_json`, in the same shape as
//! `hrrules eval --format json`. One thread, as a programmer would first write it.
//!
//! ```sh
//! cargo run --release --example generate -- 1000000 > /tmp/staff.csv
//! cargo run --release --example handwritten_pipeline -- /tmp/staff.csv 9 > /tmp/pay_hand.json
//! ```
//! The second argument is the month (default 9: September).
//! `benches/pipeline_ratio.sh` runs this and `hrrules eval` in turn and prints the ratio.

#[path = "../benches/handwritten.rs"]
#[allow(dead_code)]
mod handwritten;
#[path = "../tests/support/sample.rs"]
mod sample;

use rust_decimal::Decimal;
use sample::SampleEmployee;
use serde::Serialize;
use std::io::{BufWriter, Write};
use std::str::FromStr;

/// The shown outputs of the reference policy, in its `[outputs]` order.
#[derive(Serialize)]
struct Shown<'a> {
    kpi: Decimal,
    #[serde(rename = "kpi.grade")]
    grade: &'a str,
    commission: Decimal,
    performance_bonus: Decimal,
    overtime_pay: Decimal,
    allowances: Decimal,
    gross_pay: Decimal,
    social_insurance: Decimal,
    housing_fund: Decimal,
    taxable_income: Decimal,
    income_tax: Decimal,
    net_pay: Decimal,
}

#[derive(Serialize)]
struct Line<'a> {
    employee_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    values: Option<Shown<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

fn number(record: &csv::StringRecord, i: usize, row: u64) -> Result<Decimal, String> {
    let text = record.get(i).unwrap_or("").trim();
    let parsed = match text.strip_suffix('%') {
        Some(p) => Decimal::from_str(p.trim()).map(|d| d / Decimal::ONE_HUNDRED),
        None => Decimal::from_str(text),
    };
    parsed.map_err(|e| format!("row {row}, column {}: {text:?}: {e}", i + 1))
}

fn employee(record: &csv::StringRecord, row: u64) -> Result<SampleEmployee, String> {
    let n = |i| number(record, i, row);
    Ok(SampleEmployee {
        employee_id: record.get(0).unwrap_or("").to_string(),
        name: String::new(),
        region: "",
        base_salary: n(3)?,
        sales_target: n(4)?,
        sales_amount: n(5)?,
        satisfaction: n(6)?,
        compliance: n(7)?,
        teamwork: n(8)?,
        overtime_hours: n(9)?,
        absence_days: n(10)?,
        travel_days: n(11)?,
        contribution_wage: n(12)?,
        special_deductions: n(13)?,
    })
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .ok_or("usage: handwritten_pipeline STAFF.csv [MONTH]")?;
    let month: u32 = args.next().as_deref().unwrap_or("9").parse()?;
    let mut reader = csv::Reader::from_path(&path)?;
    let mut out = BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let mut record = csv::StringRecord::new();
    let mut row = 1u64;
    while reader.read_record(&mut record)? {
        row += 1;
        out.write_all(if row == 2 { b"[\n  " } else { b",\n  " })?;
        let id = record.get(0).unwrap_or("").trim();
        let line = match employee(&record, row)
            .and_then(|e| handwritten::pay(&e, month).map_err(|e| format!("{e:?}")))
        {
            Ok(p) => Line {
                employee_id: id,
                values: Some(Shown {
                    kpi: p.kpi,
                    grade: p.grade,
                    commission: p.commission,
                    performance_bonus: p.performance_bonus,
                    overtime_pay: p.overtime_pay,
                    allowances: p.allowances,
                    gross_pay: p.gross_pay,
                    social_insurance: p.social_insurance,
                    housing_fund: p.housing_fund,
                    taxable_income: p.taxable_income,
                    income_tax: p.income_tax,
                    net_pay: p.net_pay,
                }),
                error: None,
            },
            Err(e) => Line {
                employee_id: id,
                values: None,
                error: Some(e),
            },
        };
        serde_json::to_writer(&mut out, &line)?;
    }
    out.write_all(if row == 1 { b"[]\n" } else { b"\n]\n" })?;
    out.flush()?;
    Ok(())
}
