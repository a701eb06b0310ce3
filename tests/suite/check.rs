//! Checker fixtures: each `tests/fixtures/check/*.toml` is loaded and checked. Good files
//! snapshot their inputs and outputs (and their own `[[tests]]` must pass); `err_*` files snapshot every rendered error.

use hrrules::Policy;

#[test]
fn check_fixtures() {
    insta::glob!("../fixtures/check", "*.toml", |path| {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let display = format!("fixtures/check/{name}");
        let text = std::fs::read_to_string(path).unwrap();
        let out = match Policy::from_source(&display, &text) {
            Ok(p) => {
                assert!(!name.starts_with("err_"), "{name} should fail to check");
                let inputs: Vec<String> = p
                    .input_schema()
                    .iter()
                    .map(|(n, t, _)| format!("{n}: {}", t.name()))
                    .collect();
                let mut out = format!(
                    "ok: {}\ninputs: {}\noutputs: {}\n",
                    p.meta().name,
                    inputs.join(", "),
                    p.outputs().collect::<Vec<_>>().join(", ")
                );
                // A passing fixture's own `[[tests]]` must pass too.
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

/// Policies wrapped around a department's policy, loaded from disk with their includes
/// (`tests/fixtures/check/wrapped/*.toml`): every error rendered, with the errors that only
/// follow from an earlier one folded under it.
#[test]
fn wrapped_fixtures() {
    insta::glob!("../fixtures/check/wrapped", "*.toml", |path| {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let shown = path.strip_prefix(root).unwrap_or(path);
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let out = match Policy::load(shown) {
            Ok(_) => panic!("{name} should fail to check"),
            Err(e) => e.to_string(),
        };
        assert!(name.starts_with("err_"), "{name}:\n{out}");
        insta::assert_snapshot!(out);
    });
}
