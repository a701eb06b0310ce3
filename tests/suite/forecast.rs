//! The R&D headcount forecast (src/forecast/): every case of tests/fixtures/forecast, a folder
//! of `plan.csv`, `capacity.csv` and `case.toml` (`from`, `months`, `calendars`), computed and
//! printed as `hrrules forecast` prints it; `err_*` cases print their error.

use hrrules::calendar::Calendar;
use hrrules::forecast::{forecast, read_capacity, read_plan, ForecastError};
use std::path::Path;

fn run(dir: &Path, case: &toml::Table) -> Result<String, ForecastError> {
    let from = case["from"].as_str().unwrap().parse().unwrap();
    let months = case["months"].as_integer().unwrap() as u32;
    let calendars: Vec<Calendar> = case
        .get("calendars")
        .and_then(|c| c.as_array())
        .map(|list| {
            list.iter()
                .map(|p| Calendar::load(p.as_str().unwrap()).unwrap())
                .collect()
        })
        .unwrap_or_default();
    let plan = read_plan(&dir.join("plan.csv"))?;
    let team = read_capacity(&dir.join("capacity.csv"))?;
    Ok(forecast(&plan, &team, from, months, &calendars)?.to_table())
}

#[test]
fn forecast_fixtures() {
    insta::glob!("../fixtures/forecast", "*/case.toml", |path| {
        let dir = path.parent().unwrap();
        let name = dir.file_name().unwrap().to_string_lossy().to_string();
        let rel = Path::new("tests/fixtures/forecast").join(&name);
        let case: toml::Table = std::fs::read_to_string(path).unwrap().parse().unwrap();
        let out = match run(&rel, &case) {
            Ok(table) => {
                assert!(!name.starts_with("err_"), "{name} should fail");
                table
            }
            Err(e) => {
                assert!(name.starts_with("err_"), "{name} failed: {e}");
                format!("error: {e}")
            }
        };
        insta::assert_snapshot!(out);
    });
}

/// The people needed are the hours needed over the standard hours, rounded up, and the gap
/// in hours is exactly needed minus available, in every month of the example plan.
#[test]
fn example_plan_adds_up() {
    let plan = read_plan(Path::new("examples/risk/rnd_projects.csv")).unwrap();
    let team = read_capacity(Path::new("examples/risk/rnd_capacity.csv")).unwrap();
    let cal = Calendar::load("rules/calendars/cn-2024.toml").unwrap();
    let f = forecast(&plan, &team, "2024-01".parse().unwrap(), 6, &[cal]).unwrap();
    assert_eq!(f.months.len(), 6);
    for m in &f.months {
        let needed: rust_decimal::Decimal = plan
            .iter()
            .filter(|r| r.month == m.month)
            .map(|r| r.hours_needed)
            .sum();
        assert_eq!(m.hours_needed, needed);
        assert_eq!(m.gap_hours, m.hours_needed - m.hours_available);
        assert_eq!(
            rust_decimal::Decimal::from(m.people_needed),
            (m.hours_needed / m.standard_hours).ceil()
        );
    }
}
