//! Decision-table fixtures: each `tests/fixtures/tables/*.toml` is loaded and checked. Good
//! files snapshot their outputs and must pass their own `[[tests]]`; `err_*` files snapshot
//! every rendered error (overlaps, gaps, rows that never fire, names and types).

use hrrules::Policy;

#[test]
fn table_fixtures() {
    insta::glob!("../fixtures/tables", "*.toml", |path| {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let display = format!("fixtures/tables/{name}");
        let text = std::fs::read_to_string(path).unwrap();
        let out = match Policy::from_source(&display, &text) {
            Ok(p) => {
                assert!(!name.starts_with("err_"), "{name} should fail to check");
                let mut out = format!(
                    "ok: {}\noutputs: {}\n",
                    p.meta().name,
                    p.outputs().collect::<Vec<_>>().join(", ")
                );
                for r in hrrules::run_tests(&p) {
                    assert!(r.passed(), "{name}: test {:?}: {:?}", r.name, r.failures);
                    out.push_str(&format!("test ok: {}\n", r.name));
                }
                out
            }
            Err(e) => {
                assert!(name.starts_with("err_"), "{name} should check:\n{e}");
                e.to_string()
            }
        };
        insta::assert_snapshot!(out);
    });
}

/// The reference company's approval routing checks and passes its own `[[tests]]` (files
/// under `rules/common/` are otherwise checked only through the files that include them).
#[test]
fn expense_approval_routing_passes_its_tests() {
    let path = std::path::Path::new("rules/common/expense_approval.toml");
    let p = Policy::load(path).unwrap_or_else(|e| panic!("{e}"));
    let results = hrrules::run_tests(&p);
    assert_eq!(results.len(), 3);
    for r in results {
        assert!(r.passed(), "test {:?}: {:?}", r.name, r.failures);
    }
}
