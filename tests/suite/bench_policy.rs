//! The benchmark reference policy (benches/reference.toml): its [[tests]] pass, and the
//! hand-written Rust and zen-expression versions the benchmark compares with compute exactly
//! what hrrules computes for generated employees.

#[path = "../../benches/handwritten.rs"]
mod handwritten;
#[path = "../../benches/zen.rs"]
mod zen;

use crate::sample::{Employees, SampleEmployee};
use hrrules::{Period, Policy, Value};
use std::path::Path;

fn reference() -> Policy {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/reference.toml");
    Policy::load(path).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn reference_policy_passes_its_tests() {
    let results = hrrules::run_tests(&reference());
    assert!(results.len() >= 6, "only {} tests", results.len());
    let failed: Vec<_> = results.iter().filter(|r| !r.passed()).collect();
    assert!(failed.is_empty(), "{failed:#?}");
}

/// Every figure of the hand-written payslip equals hrrules' figure of the same name, for
/// a summer month (heat allowance due) and a winter one.
#[test]
fn handwritten_rust_computes_what_hrrules_computes() {
    let policy = reference();
    for (period, month) in [("2023-09", 9), ("2023-12", 12)] {
        let plan = policy.plan(period.parse::<Period>().unwrap()).unwrap();
        for e in Employees::new(11).take(5_000) {
            let ours = plan.evaluate(&e.inputs(&policy).unwrap()).unwrap();
            let theirs = handwritten::pay(&e, month).unwrap();
            for (name, want) in theirs.named() {
                assert_eq!(
                    ours.get(name),
                    Some(&want),
                    "{} {name} in {period}",
                    e.employee_id
                );
            }
        }
    }
}

#[test]
fn zen_formulas_compute_what_hrrules_computes() {
    let policy = reference();
    let plan = policy.plan("2023-09".parse::<Period>().unwrap()).unwrap();
    let zen = zen::ZenPolicy::new(9);
    let mut vm = zen_expression::vm::VM::new();
    for e in Employees::new(12).take(500) {
        let ours = plan.evaluate(&e.inputs(&policy).unwrap()).unwrap();
        let context = zen.evaluate(&e, &mut vm).unwrap();
        for (name, _) in zen::FORMULAS {
            let hr_name = match name {
                "kpi_sales" | "kpi_satisfaction" | "kpi_compliance" | "kpi_teamwork"
                | "kpi_grade" => name.replacen('_', ".", 1),
                "commission_rate" => "commission.rate".into(),
                "income_tax_rate" => "income_tax.rate".into(),
                other => other.to_string(),
            };
            let got = context.dot(name).unwrap();
            let got = match got.as_number() {
                Some(d) => Value::Number(d),
                None => Value::from(got.as_str().unwrap()),
            };
            assert_eq!(ours.get(&hr_name), Some(&got), "{} {name}", e.employee_id);
        }
    }
}

/// The generated CSV, read back through the data layer, gives the same figures as the
/// generated structs.
#[test]
fn generated_csv_reads_back_as_the_same_employees() {
    let policy = reference();
    let plan = policy.plan("2023-09".parse::<Period>().unwrap()).unwrap();
    let mut csv = Vec::new();
    crate::sample::write_csv(&mut csv, 300, 13).unwrap();
    let file =
        hrrules::data::DataFile::from_csv_str("staff.csv", std::str::from_utf8(&csv).unwrap())
            .unwrap();
    let data = hrrules::data::join(vec![file], "employee_id").unwrap();
    let binding = hrrules::Binding::new(&policy, &data).unwrap();
    assert!(binding.unbound(&policy).is_empty());
    let staff: Vec<SampleEmployee> = Employees::new(13).take(300).collect();
    let mut n = 0;
    hrrules::evaluate_all((&plan, &binding), data.records(), |o| {
        let e = &staff[n];
        n += 1;
        assert_eq!(o.employee, e.employee_id);
        let from_csv = o.result.unwrap();
        let direct = plan.evaluate(&e.inputs(&policy).unwrap()).unwrap();
        assert_eq!(from_csv.all(), direct.all(), "{}", e.employee_id);
    });
    assert_eq!(n, 300);
}
