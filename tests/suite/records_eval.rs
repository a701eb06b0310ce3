//! Records to pay (issue 8): every records fixture (tests/fixtures/records and
//! tests/fixtures/records_eval) classified and evaluated with a small production pay policy
//! (tests/fixtures/records_eval/pay.toml: comprehensive hours, 150%/300% overtime, a night
//! allowance). Each snapshot is the `eval` table: a bad record makes its employee an error row
//! naming file, row and column, records of someone not in the data are error rows after the
//! others, and an employee without records is an error row (`records = "required"`).
//!
//! And the promise behind it: **other employees' pay is unchanged by a bad record**. For every
//! fixture, the employees in error are taken out of the records and the data, the rest is
//! evaluated again, and every other employee's figures must be the same.

use hrrules::attendance::Timesheets;
use hrrules::data::{self, DataFile};
use hrrules::{evaluate_all, Binding, EmployeeError, Format, LoadOptions, Outcome, Policy};
use hrrules::{Period, Renderer};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;

fn policy() -> Policy {
    LoadOptions::new()
        .allow_root("rules/calendars")
        .load("tests/fixtures/records_eval/pay.toml")
        .unwrap_or_else(|e| panic!("{e}"))
}

/// What an evaluation gave: the table, and each employee's figures or error.
struct Run {
    table: String,
    results: BTreeMap<String, Result<String, String>>,
}

fn run(policy: &Policy, hr: &str, name: &str, records: &[u8]) -> Result<Run, String> {
    let period: Period = "2023-10".parse().unwrap();
    let plan = policy.plan(period).unwrap();
    let team = data::join(
        vec![DataFile::from_csv_str("hr.csv", hr).unwrap()],
        "employee_id",
    )
    .unwrap();
    let file = DataFile::from_csv_bytes(name, records).map_err(|e| e.to_string())?;
    let att = policy.attendance().unwrap();
    let sheets = Arc::new(Timesheets::read(att, period, &[file]).map_err(|e| e.to_string())?);
    let binding = Binding::new(policy, &team)
        .unwrap()
        .with_timesheets(sheets.clone());
    let columns = plan.outputs().map(str::to_string).collect();
    let mut out = Renderer::new(Vec::new(), Format::Table, "employee_id", columns).unwrap();
    let mut results = BTreeMap::new();
    let mut seen = BTreeSet::new();
    evaluate_all((&plan, &binding), team.records(), |o| {
        seen.insert(o.employee.clone());
        let r = match &o.result {
            Ok(e) => Ok(format!("{:?}", e.all())),
            Err(e) => Err(e.to_string()),
        };
        results.insert(o.employee.clone(), r);
        out.push(&o).unwrap();
    });
    for (employee, at) in sheets.strangers(|id| seen.contains(id)) {
        let o = Outcome {
            employee: employee.clone(),
            origin: at.row_ref(),
            result: Err(EmployeeError::Records(
                hrrules::attendance::RecordError::UnknownEmployee { at, employee },
            )),
        };
        results.insert(
            o.employee.clone(),
            Err(o.result.as_ref().unwrap_err().to_string()),
        );
        out.push(&o).unwrap();
    }
    let table = String::from_utf8(out.finish().unwrap()).unwrap();
    Ok(Run { table, results })
}

/// The employee ids of a records file's rows (the first cell of each line).
fn ids(records: &str) -> BTreeSet<String> {
    (records.lines().skip(1))
        .filter_map(|l| l.split(',').next())
        .map(|id| id.trim().to_string())
        .filter(|id| id.starts_with('E'))
        .collect()
}

fn hr_for(ids: &BTreeSet<String>) -> String {
    let mut hr = String::from("employee_id,base_salary\n");
    for id in ids {
        hr.push_str(&format!("{id},6960\n"));
    }
    hr
}

fn check(path: &Path, hr: Option<&str>) -> String {
    let policy = policy();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let name = path
        .strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string();
    let records = std::fs::read(path).unwrap();
    // Not UTF-8 (a GBK export): the bad cells are that employee's error; ids read lossily.
    let text = String::from_utf8_lossy(&records).into_owned();
    let hr = hr.map_or_else(|| hr_for(&ids(&text)), str::to_string);
    let first = match run(&policy, &hr, &name, &records) {
        Ok(r) => r,
        Err(e) => return format!("file error: {e}\n"),
    };
    // The same without the employees in error: everyone else's figures are unchanged.
    let failed: BTreeSet<String> = (first.results.iter())
        .filter(|(_, r)| r.is_err())
        .map(|(e, _)| e.clone())
        .collect();
    if !failed.is_empty() {
        let keep = |l: &&str| !failed.iter().any(|f| l.starts_with(&format!("{f},")));
        let records: Vec<&str> = text
            .lines()
            .enumerate()
            .filter(|(i, l)| *i == 0 || keep(l))
            .map(|(_, l)| l)
            .collect();
        let hr: Vec<&str> = hr
            .lines()
            .enumerate()
            .filter(|(i, l)| *i == 0 || keep(l))
            .map(|(_, l)| l)
            .collect();
        let second = run(
            &policy,
            &(hr.join("\n") + "\n"),
            &name,
            (records.join("\n") + "\n").as_bytes(),
        )
        .unwrap_or_else(|e| panic!("{name} without {failed:?}: {e}"));
        for (employee, result) in &second.results {
            assert_eq!(
                first.results.get(employee),
                Some(result),
                "{name}: {employee} changed when {failed:?} were taken out"
            );
        }
        assert!(
            second.results.values().all(Result::is_ok),
            "{name}: {:?}",
            second.results
        );
    }
    first.table
}

#[test]
fn records_eval_fixtures() {
    insta::glob!("../fixtures/records_eval", "{err,good}_*.csv", |path| {
        let hr = std::fs::read_to_string("tests/fixtures/records_eval/hr.csv").unwrap();
        let out = check(path, Some(&hr));
        let name = path.file_name().unwrap().to_string_lossy();
        assert_eq!(name.starts_with("err_"), out.contains("error"), "{out}");
        insta::assert_snapshot!(out);
    });
}

#[test]
fn records_reader_fixtures_to_pay() {
    insta::glob!("../fixtures/records", "*.csv", |path| {
        let out = check(path, None);
        insta::assert_snapshot!(out);
    });
}
