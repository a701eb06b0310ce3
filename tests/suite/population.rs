//! Population figures end to end: each `tests/fixtures/population/NAME.toml` is checked;
//! an `err_*` file's snapshot is its errors, any other is evaluated for its default period
//! over `NAME.csv` and its snapshot is the `--format json` output, the table a person reads,
//! and each figure's groups (members, excluded, total, pool and weights, grade counts, error).

use hrrules::data::{self, DataFile};
use hrrules::{evaluate_all_in, Binding, Chunks, Format, Policy, Renderer, TeamFigures};
use rust_decimal::Decimal;
use std::fmt::Write;
use std::path::Path;

/// The rendered output in `format`, and the run's population figures.
fn render(policy: &Policy, path: &Path, format: Format) -> (String, TeamFigures) {
    render_in(policy, path, format, Chunks::default())
}

/// [`render`] in chunks of `limits`.
fn render_in(
    policy: &Policy,
    path: &Path,
    format: Format,
    limits: Chunks,
) -> (String, TeamFigures) {
    let period = policy.default_period().expect("fixtures have `effective`");
    let plan = policy.plan(period).unwrap_or_else(|e| panic!("{e}"));
    let csv = path.with_extension("csv");
    let shown = csv.file_name().unwrap().to_string_lossy().to_string();
    let text = std::fs::read_to_string(&csv).unwrap();
    let file = DataFile::from_csv_str(&shown, &text).unwrap();
    let dataset = data::join(vec![file], "employee_id").unwrap_or_else(|e| panic!("{e}"));
    let binding = Binding::new(policy, &dataset).unwrap();
    let columns = plan.outputs().map(str::to_string).collect();
    let mut out = Renderer::new(Vec::new(), format, "employee_id", columns).unwrap();
    let mut io = Ok(());
    let figures = evaluate_all_in((&plan, &binding), dataset.records(), limits, |o| {
        if io.is_ok() {
            io = out.push(&o);
        }
    });
    io.unwrap();
    (String::from_utf8(out.finish().unwrap()).unwrap(), figures)
}

/// Each figure's groups, one line each.
fn groups(figures: &TeamFigures) -> String {
    let mut out = String::new();
    for f in figures.pairs.iter().flatten() {
        let excluded = if f.exclude_failed {
            " (exclude_failed)"
        } else {
            ""
        };
        writeln!(out, "{}{excluded}:", f.text).unwrap();
        for g in &f.groups {
            let name = g.group.as_deref().unwrap_or("everyone");
            write!(out, "  {name}: {} members", g.members).unwrap();
            if g.excluded > 0 {
                write!(out, ", {} excluded {:?}", g.excluded, g.excluded_named).unwrap();
            }
            if let Some(t) = g.total {
                write!(out, ", total {t}").unwrap();
            }
            if let Some((pool, weights)) = g.pool {
                let weights = weights.map_or("past 28 digits".to_string(), |w| w.to_string());
                write!(out, ", pool {pool}, weights {weights}").unwrap();
            }
            for (grade, count, target) in &g.counts {
                write!(out, ", {grade} {count} (target {target})").unwrap();
            }
            if let Some(v) = &g.value {
                write!(out, ", value {v}").unwrap();
            }
            if let Some(e) = &g.error {
                write!(out, ", error: {e}").unwrap();
            }
            writeln!(out).unwrap();
        }
    }
    out
}

#[test]
fn population_fixtures() {
    insta::glob!("../fixtures/population", "*.toml", |path| {
        // Relative to the crate root, so locations read `tests/fixtures/population/...`.
        let rel = path
            .strip_prefix(env!("CARGO_MANIFEST_DIR"))
            .unwrap_or(path);
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let policy = match Policy::load(rel) {
            Ok(policy) => {
                assert!(!name.starts_with("err_"), "{name} should fail to check");
                policy
            }
            Err(e) => {
                assert!(name.starts_with("err_"), "{name} should check:\n{e}");
                insta::assert_snapshot!(e.to_string());
                return;
            }
        };
        let (json, figures) = render(&policy, rel, Format::Json);
        let parsed: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert!(parsed.is_array());
        let (table, _) = render(&policy, rel, Format::Table);
        let groups = groups(&figures);
        insta::assert_snapshot!(format!("{json}\n{table}\n{groups}"));
    });
}

/// Each employee's `share` of `NAME.csv`'s run, by team, from the JSON output.
fn shares(name: &str) -> Vec<(String, String, Decimal)> {
    let rel = format!("tests/fixtures/population/{name}.toml");
    let policy = Policy::load(&rel).unwrap_or_else(|e| panic!("{e}"));
    let (json, _) = render(&policy, Path::new(&rel), Format::Json);
    let csv = std::fs::read_to_string(format!("tests/fixtures/population/{name}.csv")).unwrap();
    let teams: Vec<String> = (csv.lines().skip(1))
        .map(|l| l.split(',').nth(1).unwrap().to_string())
        .collect();
    let rows: Vec<serde_json::Value> = serde_json::from_str(&json).unwrap();
    (rows.iter().zip(teams))
        .filter_map(|(row, team)| {
            let share = row["values"]["share"].as_str()?;
            let key = row["employee_id"].as_str().unwrap().to_string();
            Some((key, team, share.parse().unwrap()))
        })
        .collect()
}

/// The 50,000.00 pool split among 12 sums to the pool to the cent, each share in cents.
#[test]
fn pool_of_12_sums_exactly() {
    let shares = shares("pool_12");
    assert_eq!(shares.len(), 12);
    let total: Decimal = shares.iter().map(|(_, _, s)| *s).sum();
    assert_eq!(total, Decimal::new(5_000_000, 2));
    assert!(shares.iter().all(|(_, _, s)| s.scale() <= 2));
}

/// Over the survivors: North's two computed shares sum to the pool, and so do South's.
#[test]
fn excluded_member_survivors_sum_to_the_pool() {
    let shares = shares("exclude_failed");
    for team in ["North", "South"] {
        let total: Decimal = (shares.iter())
            .filter(|(_, t, _)| t == team)
            .map(|(_, _, s)| *s)
            .sum();
        assert_eq!(total, Decimal::new(5_000_000, 2), "{team}");
    }
}

/// Every fixture gives the same output and figures in chunks of 1, 2 and 3 employees (many
/// parts and blocks of kept evaluations, each pass's parts gathered across them) as in one.
#[test]
fn chunks_of_any_size_give_the_same() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/population");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if !name.ends_with(".toml") || name.starts_with("err_") {
            continue;
        }
        let policy = Policy::load(&path).unwrap_or_else(|e| panic!("{e}"));
        let (whole, figures) = render(&policy, &path, Format::Json);
        for employees in 1..=3 {
            let limits = Chunks {
                employees,
                bytes: usize::MAX,
            };
            let (parts, in_parts) = render_in(&policy, &path, Format::Json, limits);
            assert_eq!(parts, whole, "{name} in chunks of {employees}");
            assert_eq!(
                groups(&in_parts),
                groups(&figures),
                "{name} in chunks of {employees}"
            );
        }
        seen += 1;
    }
    assert!(seen >= 10, "{seen} fixtures");
}
