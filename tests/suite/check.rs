//! Checker fixtures: each `tests/fixtures/check/*.toml` is loaded and checked. Good files
//! snapshot their inputs and outputs; `err_*` files snapshot every rendered error.

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
                format!(
                    "ok: {}\ninputs: {}\noutputs: {}\n",
                    p.meta().name,
                    inputs.join(", "),
                    p.outputs().collect::<Vec<_>>().join(", ")
                )
            }
            Err(e) => {
                assert!(name.starts_with("err_"), "{name} should check:\n{e}");
                e.to_string()
            }
        };
        insta::assert_snapshot!(out);
    });
}
