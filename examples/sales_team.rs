//! Embedding hrrules in an HR product: load the sales policy once, read the month's data from
//! the three systems, and print each sales rep's KPI, grade and pay.
//!
//! ```sh
//! cargo run --example sales_team
//! cargo run --example sales_team -- 2023-09
//! ```

use hrrules::data::{join, open};
use hrrules::{evaluate_all, Binding, Period, Policy};
use std::path::Path;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let period: Period = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "2023-09".to_string())
        .parse()?;

    // Check and compile once per period...
    let policy = Policy::load(root.join("rules/sales_2023h2.toml"))?;
    let plan = policy.plan(period)?;
    println!("{} — {period}", policy.meta().name);
    for (name, value, from) in plan.params() {
        match from {
            Some(from) => println!("  param {name} = {value} (from {from})"),
            None => println!("  param {name} = {value}"),
        }
    }

    // ...then evaluate every employee: ERP, CRM and HR exports joined on employee_id.
    let files = ["sales_2023-09.csv", "crm_2023-09.json", "hr_2023-09.csv"]
        .iter()
        .map(|f| open(&root.join("examples/data").join(f)))
        .collect::<Result<Vec<_>, _>>()?;
    let data = join(files, "employee_id")?;
    let binding = Binding::new(&policy, &data)?;

    let mut total_gross = rust_decimal::Decimal::ZERO;
    evaluate_all(
        (&plan, &binding),
        data.records(),
        |outcome| match &outcome.result {
            Ok(figures) => {
                let get = |n: &str| figures.get(n).map(|v| v.to_string()).unwrap_or_default();
                if let Some(g) = figures.get("gross_pay").and_then(|v| v.as_decimal()) {
                    total_gross += g;
                }
                println!(
                    "{:<5} kpi {:>10}  grade {}  commission {:>9}  bonus {:>8}  gross {:>9}",
                    outcome.employee,
                    get("kpi"),
                    get("kpi.grade"),
                    get("commission"),
                    get("performance_bonus"),
                    get("gross_pay"),
                );
            }
            Err(e) => println!("{:<5} error: {e}", outcome.employee),
        },
    );
    println!("team gross pay: {total_gross}");
    Ok(())
}
