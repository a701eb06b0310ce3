//! Embedding hrrules with the product's own record types: an HR product holds each sales rep's
//! month as a Rust struct (from its database, not from files), reads it into the policy's
//! inputs with `inputs_from`, and stores the figures and the errors as JSON.
//!
//! ```sh
//! cargo run --example crm_records
//! ```
//!
//! The library alone is enough for this (`default-features = false`: no command line).

use hrrules::{Period, Policy};
use rust_decimal::Decimal;
use std::path::Path;

/// One rep's month as the product stores it. Money and rates as `Decimal` (exact); the
/// compliance share as the text the quality ledger holds.
#[derive(serde::Serialize)]
struct RepMonth {
    employee_id: &'static str,
    base_salary: Decimal,
    sales_target: Decimal,
    sales_amount: Decimal,
    satisfaction: Decimal,
    compliance: &'static str,
    teamwork: Option<u32>,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let policy = Policy::load(root.join("rules/sales_2023h2.toml"))?;
    let plan = policy.plan("2023-09".parse::<Period>()?)?;

    let d = |s: &str| s.parse::<Decimal>();
    let reps = [
        RepMonth {
            employee_id: "E004",
            base_salary: d("15000.00")?,
            sales_target: d("500000.00")?,
            sales_amount: d("615230.00")?,
            satisfaction: d("9.4")?,
            compliance: "96%",
            teamwork: Some(88),
        },
        RepMonth {
            employee_id: "E027",
            base_salary: d("9000.00")?,
            sales_target: d("0")?, // a newcomer whose target is not set yet
            sales_amount: d("86400.00")?,
            satisfaction: d("8.1")?,
            compliance: "100%",
            teamwork: None,
        },
    ];

    for rep in &reps {
        // `employee_id` is not an input: the lenient form returns it among the unknown
        // fields; anything else there is a typo in the product's struct.
        let read = policy.inputs_from_lenient(rep)?;
        if read.unknown != ["employee_id"] {
            return Err(format!("fields that name no input: {:?}", read.unknown).into());
        }
        let stored = match plan.evaluate(&read.inputs) {
            // every figure, not only the shown columns
            Ok(figures) => serde_json::to_string(&figures.all_values())?,
            // {"kind": "...", "message": "...", "at": {"file", "line", "column"}}
            Err(error) => serde_json::to_string(&error)?,
        };
        println!("{}: {stored}", rep.employee_id);
    }
    Ok(())
}
