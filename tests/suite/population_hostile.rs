//! Hostile inputs for population figures, end to end through the library: each
//! `tests/fixtures/population_hostile/NAME.toml` is evaluated for its default period over
//! the bytes of `NAME.csv` (read as the CLI reads a file: bad UTF-8 is a located cell error,
//! not a failure of the file). The snapshot is the JSON output, then the table a person
//! reads with its footer of population figures; `err_*` fixtures snapshot the data error.
//! No input may panic (a panic caught by the driver would show as an error row: asserted
//! absent), every employee gets exactly one row, and every split that was computed sums to
//! its pool exactly.

use hrrules::data::{self, DataFile};
use hrrules::vocab::PopFunc;
use hrrules::{evaluate_all, Binding, FigureSummary, Format, Policy, Renderer};
use std::path::Path;
use std::time::Instant;

/// Every run's output in one format, and the population figures.
fn render(policy: &Policy, file: DataFile, format: Format) -> (String, Vec<FigureSummary>) {
    let period = policy.default_period().expect("fixtures have `effective`");
    let plan = policy.plan(period).unwrap_or_else(|e| panic!("{e}"));
    let dataset = data::join(vec![file], "employee_id").unwrap_or_else(|e| panic!("{e}"));
    let binding = Binding::new(policy, &dataset).unwrap();
    let columns = plan.outputs().map(str::to_string).collect();
    let mut out = Renderer::new(Vec::new(), format, "employee_id", columns).unwrap();
    let mut io = Ok(());
    let records: Vec<_> = dataset.records().collect();
    let count = records.len();
    let mut rows = 0;
    let figures = evaluate_all((&plan, &binding), records.into_iter(), |o| {
        rows += 1;
        if io.is_ok() {
            io = out.push(&o);
        }
    });
    io.unwrap();
    assert_eq!(rows, count, "one row per employee");
    let team = figures.pairs.into_iter().next().unwrap_or_default();
    out.team(&team);
    (String::from_utf8(out.finish().unwrap()).unwrap(), team)
}

/// Every split that was computed hands out its pool exactly.
fn assert_pools_exact(team: &[FigureSummary]) {
    for f in team.iter().filter(|f| f.func == PopFunc::Allocate) {
        for g in f
            .groups
            .iter()
            .filter(|g| g.error.is_none() && g.members > 0)
        {
            let (pool, _) = g.pool.expect("a computed split has its pool");
            assert_eq!(g.total, Some(pool), "{}: {g:?}", f.text);
        }
    }
}

#[test]
fn population_hostile_fixtures() {
    insta::glob!("../fixtures/population_hostile", "*.toml", |path| {
        let rel = path
            .strip_prefix(env!("CARGO_MANIFEST_DIR"))
            .unwrap_or(path);
        let policy = Policy::load(rel).unwrap_or_else(|e| panic!("{e}"));
        let csv = path.with_extension("csv");
        let bytes = std::fs::read(&csv).unwrap();
        let name = csv.file_name().unwrap().to_string_lossy().to_string();
        let read = || DataFile::from_csv_bytes(&name, &bytes);
        let stem = path.file_stem().unwrap().to_string_lossy();
        if stem.starts_with("err_") {
            let e = read().expect_err("an err_ fixture's data does not read");
            insta::assert_snapshot!(e.to_string());
            return;
        }
        let (json, _) = render(&policy, read().unwrap(), Format::Json);
        let (table, team) = render(&policy, read().unwrap(), Format::Table);
        assert!(!table.contains("panic"), "a caught panic:\n{table}");
        assert_pools_exact(&team);
        insta::assert_snapshot!(format!("{json}\n{table}"));
    });
}

/// A policy with `n` distinct population calls: a sum, an average and a rank by team of
/// `kpi` plus a different constant each, and a pool split by a different weight each.
fn many_calls(n: usize) -> String {
    let mut s = String::from(
        "[policy]\nname = \"Hengkang many figures\"\neffective = 2023-09-01\n\n\
         [inputs]\nteam = \"text\"\nkpi = \"number\"\n\n\
         [params]\npool = { value = \"50000.00\", type = \"money\" }\n\n[values]\n",
    );
    for i in 0..n {
        let call = match i % 4 {
            0 => format!("sum(kpi + {i}) by team"),
            1 => format!("avg(kpi * {i})"),
            2 => format!("rank(kpi - {i}) by team"),
            _ => format!("allocate(pool, kpi + {i}) by team"),
        };
        s.push_str(&format!("v{i} = \"{call}\"\n"));
    }
    s.push_str("\n[outputs]\nshow = [\"v0\", \"v1\", \"v2\", \"v3\", \"v999\"]\n");
    s
}

/// 1,000 distinct population calls in one policy check, plan and evaluate, with the right
/// values. The time is printed for the record (`--nocapture`), never asserted.
#[test]
fn a_thousand_population_calls() {
    let text = many_calls(1000);
    let started = Instant::now();
    let policy = Policy::from_source("many.toml", &text).unwrap_or_else(|e| panic!("{e}"));
    let checked = started.elapsed();
    let plan = policy.plan(policy.default_period().unwrap()).unwrap();
    assert_eq!(plan.populations().len(), 1000);
    let team: Vec<(String, hrrules::Inputs)> = [("E001", "North", "3"), ("E002", "North", "1")]
        .iter()
        .map(|(k, t, kpi)| {
            let mut i = policy.inputs();
            i.set_text("team", t).unwrap();
            i.set_text("kpi", kpi).unwrap();
            (k.to_string(), i)
        })
        .collect();
    let started = Instant::now();
    let (results, _) = hrrules::evaluate_team_inputs(&plan, &team);
    let evaluated = started.elapsed();
    eprintln!("1,000 population calls: checked in {checked:?}, two employees in {evaluated:?}");
    let got = |e: usize, v: &str| results[e].as_ref().unwrap().get(v).unwrap().to_string();
    // sum(kpi + 0) by team = 3 + 1; avg(kpi * 1) = 2; rank(kpi - 2): E002 second;
    // allocate(pool, kpi + 3): weights 6 and 4; v999 = allocate(pool, kpi + 999): 1002, 1000.
    assert_eq!(got(0, "v0"), "4");
    assert_eq!(got(1, "v1"), "2");
    assert_eq!(got(1, "v2"), "2");
    assert_eq!([got(0, "v3"), got(1, "v3")], ["30000.00", "20000.00"]);
    assert_eq!([got(0, "v999"), got(1, "v999")], ["25024.98", "24975.02"]);
}

/// `rank` nested 30 deep takes 30 passes: it finishes (quickly; printed, not asserted) with
/// the ranks of the fixture's snapshot.
#[test]
fn thirty_nested_ranks_finish() {
    let path = Path::new("tests/fixtures/population_hostile/nested_rank_30.toml");
    let policy = Policy::load(path).unwrap_or_else(|e| panic!("{e}"));
    let started = Instant::now();
    let plan = policy.plan(policy.default_period().unwrap()).unwrap();
    assert!(plan.passes() >= 30, "{} passes", plan.passes());
    eprintln!("30 nested ranks: planned in {:?}", started.elapsed());
}
