//! Property tests: tiers, rounding, and the promise that no rule file or data file makes
//! hrrules panic or drop an employee. Kept small (a few hundred cases each) so the suite stays
//! fast; the fuzz targets in `fuzz/` search the same ground for much longer.
//!
//! Also runs `tests/fixtures/regress/`: inputs that crashed, hung or blew up hrrules, each
//! kept (after the fix) as a fixture that must now give a clean answer; the other regression
//! tests are in `props/regress.rs`.

use hrrules::data::{join, DataFile};
use hrrules::error::FileId;
use hrrules::eval::round::round;
use hrrules::vocab::{Rounding, RoundingMode};
use hrrules::Limits;
use hrrules::{evaluate_all, Binding};
use hrrules::{EvalError, Period, Plan, Policy, Value};
use proptest::prelude::*;
use rust_decimal::Decimal;
use std::fmt::Write;

mod attendance;
mod display;
mod exact;
mod includes;
mod regress;

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 256,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

fn period() -> Period {
    Period::month(2024, 1).expect("valid period")
}

/// A decimal with `scale` places from an integer mantissa.
fn dec(mantissa: i64, scale: u32) -> Decimal {
    Decimal::new(mantissa, scale)
}

/// Builds and plans a one-input policy whose only table is the given tier.
fn tier_plan(mode: &str, brackets: &str) -> (Policy, Plan) {
    let text = format!(
        "[policy]\nname = \"prop\"\neffective = 2024-01-01\n\n[inputs]\nbase = \"number\"\n\n\
         [tiers.pay]\non = \"base\"\nmode = \"{mode}\"\nbrackets = [\n{brackets}]\n"
    );
    let policy = Policy::from_source("prop.toml", &text)
        .unwrap_or_else(|e| panic!("generated policy should check:\n{text}\n{e}"));
    let plan = policy.plan(period()).expect("plans");
    (policy, plan)
}

/// The tier's amount, `pay.rate` and `pay.amount` for one base.
fn pay(policy: &Policy, plan: &Plan, base: Decimal) -> (Decimal, Decimal, Decimal) {
    let mut inputs = policy.inputs();
    inputs.set("base", base).expect("base is a number");
    let figures = plan
        .evaluate(&inputs)
        .unwrap_or_else(|e| panic!("pay({base}): {e}"));
    let number = |name: &str| match figures.get(name) {
        Some(Value::Number(d)) => *d,
        other => panic!("`{name}` should be a number, got {other:?}"),
    };
    (number("pay"), number("pay.rate"), number("pay.amount"))
}

/// Ascending bracket starts (two places) and rates (a percent with up to two places).
fn brackets() -> impl Strategy<Value = Vec<(Decimal, Decimal)>> {
    prop::collection::vec((1i64..5_000_000, 0i64..5_000), 1..6).prop_map(|steps| {
        let mut start = 0i64;
        steps
            .into_iter()
            .enumerate()
            .map(|(i, (step, rate))| {
                if i > 0 {
                    start += step;
                }
                // cents and hundredths of a percent: rates 0% to 50%
                (dec(start, 2), dec(rate, 4))
            })
            .collect()
    })
}

fn bracket_lines(brackets: &[(Decimal, Decimal)], extra: impl Fn(usize) -> String) -> String {
    let mut out = String::new();
    for (i, (from, rate)) in brackets.iter().enumerate() {
        let _ = writeln!(
            out,
            "  {{ from = \"{from}\", rate = \"{rate}\"{} }},",
            extra(i)
        );
    }
    out
}

/// What a marginal tier pays, computed the slow way: each slice at its own rate.
fn marginal_by_hand(brackets: &[(Decimal, Decimal)], base: Decimal) -> Decimal {
    let mut total = Decimal::ZERO;
    for (i, (from, rate)) in brackets.iter().enumerate() {
        if base <= *from {
            break;
        }
        let top = brackets
            .get(i + 1)
            .map_or(base, |(next, _)| base.min(*next));
        total += (top - from) * rate;
    }
    total
}

proptest! {
    #![proptest_config(config())]

    /// A marginal tier with non-negative rates pays more (or the same) for a larger base,
    /// and has no jump at a bracket start: pay(s) = pay(s − ε) + ε × the rate below s.
    #[test]
    fn marginal_tiers_are_monotone_and_continuous(
        brackets in brackets(),
        base in 0i64..3_000_000_000,
        delta in 0i64..10_000_000,
        eps in 1i64..1_000,
    ) {
        let (policy, plan) = tier_plan("marginal", &bracket_lines(&brackets, |_| String::new()));
        let base = dec(base, 2);
        let (at_base, _, _) = pay(&policy, &plan, base);
        let (above, _, _) = pay(&policy, &plan, base + dec(delta, 2));
        prop_assert!(at_base <= above, "pay({base}) = {at_base} > pay({base} + {delta}c) = {above}");
        prop_assert_eq!(at_base, marginal_by_hand(&brackets, base));
        for pair in brackets.windows(2) {
            let ((start_below, rate_below), (start, _)) = (pair[0], pair[1]);
            // stay inside the bracket below
            let eps = dec(eps, 4).min(start - start_below);
            let (at_start, _, _) = pay(&policy, &plan, start);
            let (just_below, _, _) = pay(&policy, &plan, start - eps);
            prop_assert_eq!(at_start, just_below + eps * rate_below, "jump at {}", start);
        }
    }

    /// A flat tier pays the whole base at the rate of the highest bracket reached, plus that
    /// bracket's amount; below the first bracket it pays nothing.
    #[test]
    fn flat_tier_is_base_times_its_bracket_rate_plus_amount(
        brackets in brackets(),
        amounts in prop::collection::vec(-100_000i64..100_000, 6),
        above in prop::collection::vec(any::<bool>(), 6),
        base in -1_000_000i64..3_000_000_000,
    ) {
        let bound = |i: usize| if i > 0 && above[i] { "above" } else { "from" };
        let mut lines = String::new();
        for (i, (start, rate)) in brackets.iter().enumerate() {
            let _ = writeln!(
                lines,
                "  {{ {} = \"{start}\", rate = \"{rate}\", amount = \"{}\" }},",
                bound(i),
                dec(amounts[i], 2)
            );
        }
        let (policy, plan) = tier_plan("flat", &lines);
        let base = dec(base, 2);
        let reached = brackets.iter().enumerate().rev().find(|(i, (start, _))| {
            if bound(*i) == "above" { base > *start } else { base >= *start }
        });
        let expected = match reached {
            Some((i, (_, rate))) => (base * rate + dec(amounts[i], 2), *rate, dec(amounts[i], 2)),
            None => (Decimal::ZERO, Decimal::ZERO, Decimal::ZERO),
        };
        prop_assert_eq!(pay(&policy, &plan, base), expected);
    }
}

fn any_decimal() -> impl Strategy<Value = Decimal> {
    prop_oneof![
        (any::<i64>(), 0u32..=18).prop_map(|(m, s)| dec(m, s)),
        (
            any::<u32>(),
            any::<u32>(),
            any::<u32>(),
            any::<bool>(),
            0u32..=28
        )
            .prop_map(|(lo, mid, hi, neg, scale)| Decimal::from_parts(lo, mid, hi, neg, scale)),
    ]
}

fn any_mode() -> impl Strategy<Value = RoundingMode> {
    prop::sample::select(vec![
        RoundingMode::HalfUp,
        RoundingMode::HalfEven,
        RoundingMode::Down,
        RoundingMode::Up,
        RoundingMode::Floor,
        RoundingMode::Ceiling,
    ])
}

proptest! {
    #![proptest_config(config())]

    /// Rounding to `places` moves a value by at most half a unit in the half modes and by
    /// less than one unit in the directed ones, always in the mode's direction; the result
    /// has at most `places` places, and is never negative zero.
    #[test]
    fn rounding_moves_a_value_by_at_most_its_mode_allows(
        d in any_decimal(),
        places in 0u32..=28,
        mode in any_mode(),
    ) {
        let out = round(d, Rounding { places, mode });
        let unit = Decimal::new(1, places);
        let moved = (out - d).abs();
        match mode {
            RoundingMode::HalfUp | RoundingMode::HalfEven => {
                prop_assert!(moved * Decimal::TWO <= unit, "{d} -> {out} at {places} ({mode:?})");
            }
            _ => prop_assert!(moved < unit, "{d} -> {out} at {places} ({mode:?})"),
        }
        match mode {
            RoundingMode::Down => prop_assert!(out.abs() <= d.abs()),
            RoundingMode::Up => prop_assert!(out.abs() >= d.abs()),
            RoundingMode::Floor => prop_assert!(out <= d),
            RoundingMode::Ceiling => prop_assert!(out >= d),
            _ => {}
        }
        prop_assert!(out.scale() <= places.max(d.scale()));
        prop_assert!(out.normalize().scale() <= places);
        prop_assert!(!(out.is_zero() && out.is_sign_negative()));
        // Rounding a rounded value again changes nothing.
        prop_assert_eq!(round(out, Rounding { places, mode }), out);
    }
}

/// Words a rule file is made of: table headers, keys, values, formula tokens.
const RULE_TOKENS: &[&str] = &[
    "[policy]\n",
    "[inputs]\n",
    "[params]\n",
    "[values]\n",
    "[outputs]\n",
    "[[tests]]\n",
    "[scorecards.kpi]\n",
    "[scorecards.kpi.metrics]\n",
    "[scorecards.kpi.metrics.sales]\n",
    "[tiers.commission]\n",
    "[curves.payout]\n",
    "\n",
    "name = \"Sales\"\n",
    "effective = 2023-07-01\n",
    "include = [\"x.toml\"]\n",
    "rounding = { places = 2, mode = \"half_even\" }\n",
    "rounding = { places = 29 }\n",
    "sales_amount = \"money\"\n",
    "sales_target = { type = \"money\", min = 0, max = \"1e9\" }\n",
    "satisfaction = { type = \"number\", default = 5 }\n",
    "flag = \"bool\"\n",
    "hired = \"date\"\n",
    "region = { type = \"text\", default = \"华东\" }\n",
    "headcount = \"integer\"\n",
    "rate = \"20%\"\n",
    "rate = [{ from = 2023-07-01, value = \"30%\" }, { from = 2022-01-01, value = \"20%\" }]\n",
    "bonus = \"",
    "\"\n",
    "gross = { expr = \"",
    "\", type = \"money\" }\n",
    "weight = \"60%\"\n",
    "weight = \"40%\"\n",
    "score = \"",
    "cap = \"120\"\n",
    "gate = \"",
    "ratings = [{ min = 90, grade = \"A\" }, { min = 0, grade = \"D\" }]\n",
    "sales = { weight = \"100%\", score = \"sales_amount / sales_target * 100\" }\n",
    "on = \"sales_amount\"\n",
    "on = \"kpi\"\n",
    "mode = \"marginal\"\n",
    "mode = \"flat\"\n",
    "brackets = [{ from = 0, rate = \"2%\" }, { above = 100000, rate = \"4%\", amount = 10 }]\n",
    "brackets = [{ from = 5, rate = \"2%\" }, { from = 1, rate = \"4%\" }]\n",
    "points = [[\"80%\", \"50\"], [\"100%\", \"100\"]]\n",
    "points = [[\"1\", \"2\"]]\n",
    "show = [\"kpi\", \"commission\", \"bonus\"]\n",
    "period = \"2023-09\"\n",
    "inputs = { sales_amount = \"1,000\", sales_target = \"0\" }\n",
    "expect = { bonus = \"1.00\", kpi = \"x\" }\n",
    "sales_amount",
    "sales_target",
    "kpi",
    "kpi.grade",
    "kpi.sales",
    "commission",
    "commission.rate",
    "payout",
    "bonus",
    "rate",
    "flag",
    "hired",
    "region",
    "headcount",
    "period.start",
    "period.days",
    " + ",
    " - ",
    " * ",
    " / ",
    " == ",
    " != ",
    " < ",
    " >= ",
    " and ",
    " or ",
    "not ",
    "if ",
    " then ",
    " elif ",
    " else ",
    "(",
    ")",
    ", ",
    "min(",
    "max(",
    "clamp(",
    "abs(",
    "round(",
    "floor(",
    "ceil(",
    "div(",
    "tier(commission, ",
    "days_between(",
    "year(",
    "month(",
    "0",
    "1",
    "100",
    "20%",
    "0.5",
    "2023-07-01",
    "'D'",
    "\\\"text\\\"",
    "99999999999999999999999999999",
    "0.0000000000000000000000000001",
    "true",
    "false",
    "=",
    "\"",
    "'",
    "{",
    "}",
    "[",
    "]",
    "#",
    "\u{3000}",
    "（",
    "×",
];

fn rule_text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(RULE_TOKENS), 0..80).prop_map(|t| t.concat())
}

/// Loads, checks, plans and evaluates a rule file: nothing may panic, and every error
/// message must render.
fn exercise(text: &str) {
    match Policy::from_source("prop.toml", text) {
        Ok(policy) => {
            for period in policy.default_period().into_iter().chain([period()]) {
                match policy.plan(period) {
                    Ok(plan) => {
                        let _ = plan.evaluate(&policy.inputs()).map_err(|e| e.to_string());
                    }
                    Err(e) => {
                        let _ = e.to_string();
                    }
                }
            }
            for result in hrrules::run_tests(&policy) {
                let _ = result.failures;
            }
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
}

proptest! {
    #![proptest_config(config())]

    /// Checking never panics on text made of plausible rule-file pieces.
    #[test]
    fn check_never_panics_on_plausible_rule_files(text in rule_text()) {
        exercise(&text);
    }

    /// A well-formed skeleton with a random formula: the formula parses or fails with a
    /// message located in the file.
    #[test]
    fn random_formulas_in_a_valid_file_check_or_are_located(
        formula in prop::collection::vec(prop::sample::select(RULE_TOKENS), 1..30)
    ) {
        let formula: String = formula.concat().replace(['"', '\n'], " ");
        let text = format!(
            "[policy]\nname = \"p\"\neffective = 2023-07-01\n\n[inputs]\nsales_amount = \"money\"\n\
             sales_target = \"money\"\n\n[values]\nbonus = \"{formula}\"\n"
        );
        match Policy::from_source("prop.toml", &text) {
            Ok(_) => {}
            Err(e) => {
                let shown = e.to_string();
                prop_assert!(shown.contains("prop.toml:"), "unlocated:\n{}", shown);
            }
        }
        let _ = hrrules::syntax::parse_expr(&formula, FileId(0), 0, &Limits::default());
    }
}

/// The fuzzing policy: every input type, a scorecard, two tiers, a curve, every function.
const FUZZ_RULES: &str = include_str!("../../fuzz/fixtures/sales_fuzz.toml");

/// The fuzzing policy, checked once, and its plan for 2023-09.
fn fuzz_policy() -> &'static (Policy, Plan) {
    static FIXTURE: std::sync::OnceLock<(Policy, Plan)> = std::sync::OnceLock::new();
    FIXTURE.get_or_init(|| {
        let policy = Policy::from_source("sales_fuzz.toml", FUZZ_RULES).expect("fixture checks");
        let plan = policy
            .plan(Period::month(2023, 9).expect("valid period"))
            .expect("plans");
        (policy, plan)
    })
}

/// Plausible and implausible cell texts, for any column.
fn cell_text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just(" ".to_string()),
        (0i64..100_000_000, 0u32..4).prop_map(|(m, s)| dec(m, s).to_string()),
        (-1000i64..1000).prop_map(|n| n.to_string()),
        (0u32..=150).prop_map(|n| format!("{n}%")),
        (1i32..3000, 1u32..13, 1u32..32).prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}")),
        prop::sample::select(vec![
            "是",
            "否",
            "true",
            "no",
            "华东",
            "1,234.50",
            "¥8,000",
            "１２３",
            "-0",
            "-0%",
            "1e-20",
            "99999999999999999999999999999",
            "0.0000000000000000000000000001",
            "79228162514264337593543950335",
            "abc",
            "2024-02-29",
            "2023-02-30",
            "\u{feff}1",
        ])
        .prop_map(str::to_string),
    ]
}

proptest! {
    #![proptest_config(config())]

    /// An employee's figures come back, or an error that says where in the rule file it
    /// arose (only an input that does not fit its type is not located: it is the data's).
    #[test]
    fn evaluation_gives_values_or_a_located_error(texts in prop::collection::vec(cell_text(), 11)) {
        let (policy, plan) = fuzz_policy();
        let names: Vec<String> = policy.input_schema().iter().map(|(n, _, _)| n.to_string()).collect();
        let mut inputs = policy.inputs();
        let mut rejected = false;
        for (name, text) in names.iter().zip(&texts) {
            if let Err(e) = inputs.set_text(name, text) {
                prop_assert!(matches!(e, EvalError::InvalidInput { .. }), "{e:?}");
                rejected = true;
            }
        }
        match plan.evaluate(&inputs) {
            Ok(figures) => prop_assert_eq!(figures.outputs().len(), plan.outputs().len()),
            Err(EvalError::InvalidInput { .. }) => prop_assert!(rejected),
            Err(e) => {
                let shown = e.to_string();
                let located = shown.split("sales_fuzz.toml:").nth(1).is_some_and(|rest| {
                    let mut parts = rest.splitn(3, ':');
                    let line = parts.next().is_some_and(|l| l.parse::<usize>().is_ok());
                    let col = parts.next().is_some_and(|c| {
                        c.trim_end_matches(|ch: char| !ch.is_ascii_digit()).parse::<usize>().is_ok()
                    });
                    line && col
                });
                prop_assert!(located, "not located: {shown}");
            }
        }
    }
}

proptest! {
    // Each case evaluates up to a hundred employees: fewer cases.
    #![proptest_config(ProptestConfig { cases: 64, ..config() })]

    /// Every employee row of a CSV (not a blank one) gives exactly one outcome, in order,
    /// whatever the cells hold: bad rows carry their error instead of being dropped.
    #[test]
    fn one_outcome_per_data_row(
        rows in prop::collection::vec(
            (prop::option::of("[A-Z][0-9]{1,3}"), prop::collection::vec(cell_text(), 0..14)),
            0..100,
        ),
    ) {
        let (policy, plan) = fuzz_policy();
        let header = "employee_id,base_salary,sales_target,sales_amount,satisfaction,compliance,\
                      teamwork,overtime_hours,hire_date,is_manager,region,attainment,name";
        let mut csv = format!("{header}\n");
        let mut expected = 0usize;
        for (key, cells) in &rows {
            let mut line: Vec<String> = vec![key.clone().unwrap_or_default()];
            line.extend(cells.iter().cloned());
            if line.iter().any(|c| !c.trim().is_empty()) {
                expected += 1;
            }
            let quoted: Vec<String> = line.iter().map(|c| format!("\"{}\"", c.replace('"', "\"\""))).collect();
            let _ = writeln!(csv, "{}", quoted.join(","));
        }
        let file = DataFile::from_csv_str("prop.csv", &csv).expect("header reads");
        let data = join(vec![file], "employee_id").expect("joins");
        let binding = Binding::new(policy, &data).unwrap();
        let mut origins = Vec::new();
        evaluate_all((plan, &binding), data.records(), |o| origins.push(o.origin.row));
        prop_assert_eq!(origins.len(), expected);
        prop_assert!(origins.windows(2).all(|w| w[0] < w[1]), "out of order: {:?}", origins);
    }
}

/// Each `regress/*.toml` is a rule file and each `regress/*.csv` a data file for the fuzzing
/// policy that once crashed, hung or ran out of memory. Now each must give a clean answer;
/// the snapshot records which.
#[test]
fn regressions() {
    insta::glob!("../fixtures/regress", "*.{toml,txt,csv}", |path| {
        let bytes = std::fs::read(path).expect("fixture");
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("fixture");
        let shown = match path.extension().and_then(|e| e.to_str()) {
            Some("toml") => regress_rules(name, &String::from_utf8_lossy(&bytes)),
            Some("csv") => regress_data(name, &bytes),
            _ => regress_formula(&String::from_utf8_lossy(&bytes)),
        };
        insta::assert_snapshot!(shown);
    });
}

fn regress_rules(name: &str, text: &str) -> String {
    exercise(text);
    match Policy::from_source(name, text) {
        Ok(policy) => {
            let mut out = format!("ok: {}\n", policy.meta().name);
            for result in hrrules::run_tests(&policy) {
                let _ = writeln!(out, "test {:?}: {:?}", result.name, result.failures);
            }
            out
        }
        Err(e) => e.to_string(),
    }
}

fn regress_formula(text: &str) -> String {
    let formula = text.strip_suffix('\n').unwrap_or(text);
    match hrrules::syntax::parse_expr(formula, FileId(0), 0, &Limits::default()) {
        Ok(expr) => format!("ok, depth {}\n", expr.depth()),
        Err(e) => format!("error: {e}\n"),
    }
}

fn regress_data(name: &str, bytes: &[u8]) -> String {
    let (policy, plan) = fuzz_policy();
    let data =
        match DataFile::from_csv_bytes(name, bytes).and_then(|f| join(vec![f], "employee_id")) {
            Ok(data) => data,
            Err(e) => return format!("file error: {e}\n"),
        };
    let binding = Binding::new(policy, &data).unwrap();
    let mut out = String::new();
    evaluate_all((plan, &binding), data.records(), |o| {
        let _ = match &o.result {
            Ok(figures) => writeln!(
                out,
                "{} ({}): gross_pay {}",
                o.employee,
                o.origin,
                figures
                    .get("gross_pay")
                    .map_or("-".to_string(), ToString::to_string)
            ),
            Err(e) => writeln!(out, "{} ({}): {e}", o.employee, o.origin),
        };
    });
    out
}
