//! Column names as people write them: each folder of `tests/fixtures/columns/` holds a
//! `policy.toml` (inputs with `columns = [...]`), data files joined in name order
//! (`1_sales.csv`, `2_crm.json`) and mapping files (`mapping*.toml`). The snapshot is the
//! rule-file error, the mapping error, or the mapping's warnings and the evaluated table
//! (or the binding's error); `err_*` folders fail somewhere on the way.

use hrrules::data::{DataFile, Mapping};
use hrrules::{evaluate_all, Binding, Format, Policy, Renderer};
use std::path::Path;

/// The folder's files of one kind, sorted by name.
fn files(dir: &Path, keep: impl Fn(&str) -> bool) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| keep(n))
        .map(|n| {
            let text = std::fs::read_to_string(dir.join(&n)).unwrap();
            (n, text)
        })
        .collect();
    out.sort();
    out
}

/// What happens to one fixture folder, as text.
fn run(dir: &Path) -> String {
    let rel = dir.strip_prefix(env!("CARGO_MANIFEST_DIR")).unwrap_or(dir);
    let policy = match Policy::load(rel.join("policy.toml")) {
        Ok(p) => p,
        Err(e) => return format!("rule file:\n{e}"),
    };
    let mut mapping = Mapping::new();
    for (name, text) in files(dir, |n| n.starts_with("mapping") && n.ends_with(".toml")) {
        if let Err(e) = mapping.add_str(&name, &text) {
            return format!("mapping:\n{e}");
        }
    }
    let data: Vec<DataFile> = files(dir, |n| n.ends_with(".csv") || n.ends_with(".json"))
        .into_iter()
        .map(|(name, text)| match name.ends_with(".csv") {
            true => DataFile::from_csv_str(&name, &text).unwrap(),
            false => DataFile::from_json_str(&name, &text).unwrap(),
        })
        .collect();
    let dataset = match mapping.join(data, "employee_id") {
        Ok(d) => d,
        Err(e) => return format!("join:\n{e}"),
    };
    let mut out = String::new();
    for w in mapping.warnings(&dataset, &Binding::column_names(&policy)) {
        out.push_str(&format!("warning: {w}\n"));
    }
    let binding = match Binding::new(&policy, &dataset) {
        Ok(b) => b,
        Err(e) => return format!("{out}binding:\n{e}"),
    };
    let plan = policy.plan(policy.default_period().unwrap()).unwrap();
    let plan = plan
        .showing(&["sales_amount", "satisfaction", "commission", "csat_bonus"])
        .unwrap();
    let columns = plan.outputs().map(str::to_string).collect();
    let mut table = Renderer::new(Vec::new(), Format::Table, "employee_id", columns).unwrap();
    let mut io = Ok(());
    evaluate_all((&plan, &binding), dataset.records(), |o| {
        if io.is_ok() {
            io = table.push(&o);
        }
    });
    io.unwrap();
    out.push_str(&String::from_utf8(table.finish().unwrap()).unwrap());
    out
}

#[test]
fn columns_fixtures() {
    insta::glob!("../fixtures/columns", "*/policy.toml", |path| {
        let dir = path.parent().unwrap();
        let name = dir.file_name().unwrap().to_string_lossy().to_string();
        let text = run(dir);
        let failed = ["rule file:", "mapping:", "join:"]
            .iter()
            .any(|p| text.starts_with(p))
            || text.contains("binding:\n");
        assert_eq!(failed, name.starts_with("err_"), "{name}: {text}");
        insta::assert_snapshot!(text);
    });
}

/// A mapping read from a path is the one read from its text; two mapping files of one
/// system may repeat an entry.
#[test]
fn mapping_from_path_and_repeated() {
    let path = Path::new("tests/fixtures/columns/mapping_applied/mapping.toml");
    let mut mapping = Mapping::from_path(path).unwrap();
    assert_eq!(mapping.target("员工编号"), Some("employee_id"));
    // NFKC: the half-width parentheses find the full-width ones.
    assert_eq!(mapping.target("客户满意度(分)"), Some("satisfaction"));
    assert_eq!(mapping.target("投诉次数"), None);
    mapping.add_path(path).unwrap();
    assert!(!mapping.is_empty());
}

/// The program of docs/rules.md section 17.5: the CRM's Chinese-headed export through its
/// mapping, no warnings, and E004's satisfaction read from `客户满意度`.
#[test]
fn library_example_from_docs() -> Result<(), Box<dyn std::error::Error>> {
    use hrrules::data;
    let policy = Policy::load("rules/sales_2023h2.toml")?;
    let mapping = Mapping::from_path("examples/company/mapping_crm.toml".as_ref())?;
    let files = [
        "examples/data/sales_2023-09.csv",
        "examples/company/crm_sales_2023-09_cn.csv",
    ]
    .map(|f| data::open(f.as_ref()));
    let team = mapping.join(files.into_iter().collect::<Result<_, _>>()?, "employee_id")?;
    assert!(mapping
        .warnings(&team, &Binding::column_names(&policy))
        .is_empty());
    let binding = Binding::new(&policy, &team)?;
    let e004 = team.records().next().unwrap();
    let cell = binding.cell(&e004, "satisfaction").unwrap();
    assert_eq!(
        cell.to_string(),
        "examples/company/crm_sales_2023-09_cn.csv:2: column `客户满意度`"
    );
    Ok(())
}

mod props {
    use hrrules::data::{DataFile, Mapping};
    use proptest::prelude::*;

    /// Column names drawn from a few that collide after NFKC (`Ｅ１` is `E1`).
    fn name() -> impl Strategy<Value = String> {
        prop::sample::select(vec![
            "employee_id",
            "ｅｍｐｌｏｙｅｅ＿ｉｄ",
            "a",
            "b",
            "ａ",
            "销售额",
            "x y",
        ])
        .prop_map(str::to_string)
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

        /// Any text is a mapping or a located error, never a panic.
        #[test]
        fn any_text_is_a_mapping_or_an_error(text in "\\PC{0,200}") {
            let _ = Mapping::parse("m.toml", &text).map_err(|e| e.to_string());
        }

        /// Whatever the entries and the header, the join either fails naming a collision (or
        /// a missing key), or every joined column has a name no other has after NFKC.
        #[test]
        fn renamed_columns_are_distinct(
            entries in prop::collection::vec((name(), name()), 0..4),
            header in prop::collection::btree_set(name(), 1..5),
        ) {
            let text: String = std::iter::once("[columns]\n".to_string())
                .chain(entries.iter().map(|(s, t)| format!("{s:?} = {t:?}\n")))
                .collect();
            let Ok(mapping) = Mapping::parse("m.toml", &text) else { return Ok(()) };
            let csv = format!("{}\n", header.iter().cloned().collect::<Vec<_>>().join(","));
            let Ok(file) = DataFile::from_csv_str("d.csv", &csv) else { return Ok(()) };
            if let Ok(data) = mapping.join(vec![file], "employee_id") {
                let keys: std::collections::HashSet<_> =
                    data.columns.iter().map(|c| hrrules::text::name_key(c).into_owned()).collect();
                prop_assert_eq!(keys.len(), data.columns.len());
            }
        }
    }
}
