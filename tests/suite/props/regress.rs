//! Regression tests for problems found while fuzzing (see `fuzz/README.md`), and numbers at
//! the edges of what data cells can hold.

use super::tier_plan;
use hrrules::{EvalError, Policy};
use rust_decimal::Decimal;
use std::fmt::Write;

/// A rule file with thousands of definitions and tens of thousands of unknown names used to
/// take minutes: each unknown name was compared with every defined name for "did you mean".
/// Suggestions now have a budget per check, and a report shows its first
/// [`hrrules::error::MAX_SHOWN`] diagnostics, so this is quick.
#[test]
fn many_unknown_names_check_quickly() {
    let mut text = String::from("[policy]\nname = \"Huge\"\n\n[inputs]\n");
    for i in 0..3000 {
        let _ = writeln!(text, "operator_hours_line_{i:04} = \"number\"");
    }
    text.push_str("\n[values]\n");
    for v in 0..100 {
        let args: Vec<String> = (0..150).map(|r| format!("operator_hour_{v}_{r}")).collect();
        let _ = writeln!(text, "shift_{v} = \"min({})\"", args.join(", "));
    }
    let shown = Policy::from_source("huge.toml", &text)
        .expect_err("unknown names")
        .to_string();
    assert!(
        shown.ends_with("\n... and 14900 more\n15000 errors found"),
        "{shown}"
    );
    assert!(shown.contains("huge.toml:3007:16: unknown name `operator_hour_0_0`"));
    assert_eq!(
        shown.matches("unknown name").count(),
        hrrules::error::MAX_SHOWN
    );
}

/// The same for one long line with a hundred thousand problems: each shown diagnostic counts
/// the characters of its line, so showing all of them was quadratic.
#[test]
fn many_errors_on_one_long_line_render_quickly() {
    let keys: Vec<String> = (0..100_000).map(|i| format!("k{i} = 1")).collect();
    let text = format!(
        "[policy]\nname = \"x\"\n\n[inputs]\nsales_amount = {{ type = \"money\", {} }}\n",
        keys.join(", ")
    );
    let shown = Policy::from_source("long.toml", &text)
        .expect_err("unknown keys")
        .to_string();
    assert!(
        shown.ends_with("\n... and 99900 more\n100000 errors found"),
        "{shown:.300}"
    );
}

/// `Plan::tier_slices` (for explanations) subtracted and multiplied unchecked, so a base near
/// the largest decimal panicked; it now stops before the first slice that does not fit.
#[test]
fn tier_slices_stop_before_an_overflowing_slice() {
    let max = Decimal::MAX;
    let (policy, plan) = tier_plan(
        "marginal",
        "  { from = \"-79228162514264337593543950335\", rate = \"2%\" },\n  { from = 1, rate = \"300%\" },\n",
    );
    // The first slice, from -max to 1, is already wider than the largest decimal.
    assert!(plan.tier_slices(0, max).is_empty());
    let slices = plan.tier_slices(0, Decimal::ZERO);
    assert_eq!(slices.len(), 1);
    assert_eq!(slices[0].width, max);
    let mut inputs = policy.inputs();
    inputs.set("base", max).expect("a number");
    assert!(matches!(
        plan.evaluate(&inputs),
        Err(EvalError::Overflow { .. })
    ));

    let (_, plan) = tier_plan(
        "marginal",
        "  { from = 0, rate = \"2%\" },\n  { from = 1, rate = \"300%\" },\n",
    );
    // The 300% slice of the largest decimal does not fit; the 2% slice below it does.
    let slices = plan.tier_slices(0, max);
    assert_eq!(slices.len(), 1);
    assert_eq!(slices[0].pay, Decimal::new(2, 2));
    let slices = plan.tier_slices(0, Decimal::TWO);
    assert_eq!(slices.len(), 2);
    assert_eq!(slices[1].pay, Decimal::new(3, 0));
}

/// `hrrules check rules.toml | head -0` panicked: `println!` panics when the reader of stdout
/// has gone. The CLI now ignores failed writes (the exit status still says what happened).
#[test]
fn cli_survives_a_closed_pipe() {
    use std::process::{Command, Stdio};
    for args in [
        &["check", "rules/sales_2023h2.toml", "rules/sales_2022.toml"][..],
        &["test", "rules/sales_2023h2.toml"][..],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_hrrules"))
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("runs");
        // Close the reading ends before hrrules has written anything.
        drop(child.stdout.take());
        drop(child.stderr.take());
        let status = child.wait().expect("exits");
        assert_eq!(status.code(), Some(0), "hrrules {args:?}");
    }
}

/// Numbers at the edges that `tests/suite/data.rs` does not already pin down: each parses
/// exactly or is refused with a message naming the text (the data reader adds file, row and
/// column; see `regress/numbers_at_the_edges.csv`).
#[test]
fn numbers_at_the_edges_parse_exactly_or_are_refused() {
    use hrrules::data::parse_text;
    use hrrules::vocab::ValueType::{Integer, Money, Number, Percent};
    let cases = [
        ("-0%", Percent, Ok("0.00")),
        ("-0.00%", Percent, Ok("0.0000")),
        ("-０", Number, Ok("0")),
        ("\t1,234.50\t", Money, Ok("1234.50")),
        ("\u{3000}12\u{3000}", Number, Ok("12")),
        ("-0.0000000000000000000000000001", Number, Ok("-0.0000000000000000000000000001")),
        ("79228162514264337593543950335", Money, Ok("79228162514264337593543950335")),
        ("-79228162514264337593543950335", Money, Ok("-79228162514264337593543950335")),
        ("79228162514264337593543950335%", Percent, Ok("792281625142643375935439503.35")),
        ("12,345,678,901,234,567,890,123,456,789", Number, Ok("12345678901234567890123456789")),
        ("+0", Integer, Ok("0")),
        ("9999999999999999999999999999.5", Number, Err("\"9999999999999999999999999999.5\" needs more than 28 significant digits, more than an exact number holds")),
        ("79228162514264337593543950336", Money, Err("\"79228162514264337593543950336\" is too large: exact numbers go up to 79228162514264337593543950335 (about 7.9e28)")),
        ("1,234.50", Integer, Err("\"1,234.50\" is not a whole number")),
        // a byte-order mark inside a cell (not at the start of the file) is not whitespace
        ("\u{feff}1", Number, Err("\"\\u{feff}1\" is not a number")),
        ("1\u{a0}000", Number, Err("\"1\\u{a0}000\" is not a number")),
        ("٣", Number, Err("\"٣\" is not a number")),
    ];
    for (text, ty, expected) in cases {
        let got = parse_text(text, ty)
            .map(|v| v.to_string())
            .map_err(|e| e.to_string());
        assert_eq!(
            got.as_deref().map_err(String::as_str),
            expected,
            "{text:?} as {ty:?}"
        );
    }
}

/// A formula that fails inside nested `if`s: each `else` branch took the trailing `- (...)`,
/// failed, gave it back, and the enclosing branch tried it again, so the bad tail was re-read
/// about 2.6 times per level. A 900-byte formula found by fuzzing took seconds; this one, 20
/// levels and 800 bytes, would have taken hours. The grammar now fails such a formula once
/// (`!infix` after an expression, `grammar/expr.pest`). The ceiling is one only a hang
/// would reach; parsing takes well under a millisecond.
#[test]
fn a_failing_tail_in_nested_ifs_is_read_once() {
    fn nested(levels: usize) -> String {
        match levels {
            0 => "x y".to_string(),
            _ => format!(
                "if a then 1 else if b then 2 else 3 - ({})",
                nested(levels - 1)
            ),
        }
    }
    let formula = nested(20);
    let started = std::time::Instant::now();
    let err = hrrules::syntax::parse_expr(
        &formula,
        hrrules::error::FileId(0),
        0,
        &hrrules::Limits::default(),
    )
    .expect_err("`x y` is not a formula");
    assert_eq!(err.to_string(), "expected an operator or `)`, found `y`");
    assert!(started.elapsed() < std::time::Duration::from_secs(60));
    // The fuzzer's own find, as it was.
    let found = include_str!("../../../fuzz/corpus/parse_expr/found_slow_failing_tail_nested_ifs");
    let started = std::time::Instant::now();
    assert!(hrrules::syntax::parse_expr(
        found,
        hrrules::error::FileId(0),
        0,
        &hrrules::Limits::default()
    )
    .is_err());
    assert!(started.elapsed() < std::time::Duration::from_secs(60));
}
