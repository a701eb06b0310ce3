//! Arbitrary text for each input of the fixed fuzzing policy, set with `Inputs::set_text`
//! and evaluated for an arbitrary period: values, or an error that says where. Also asks
//! for the marginal slices of each tier on an arbitrary base (as `explain` shows them).
#![no_main]

use arbitrary::Arbitrary;
use hrrules::{EvalError, Period, Policy};
use libfuzzer_sys::fuzz_target;
use rust_decimal::Decimal;
use std::sync::OnceLock;

const RULES: &str = include_str!("../fixtures/sales_fuzz.toml");

fn policy() -> &'static Policy {
    static POLICY: OnceLock<Policy> = OnceLock::new();
    POLICY.get_or_init(|| Policy::from_source("sales_fuzz.toml", RULES).expect("fixture checks"))
}

#[derive(Arbitrary, Debug)]
struct Case<'a> {
    year: i16,
    month: u8,
    /// `(input number, text)`: the number picks one of the policy's inputs.
    texts: Vec<(u8, &'a str)>,
    /// A tier base: the 96-bit mantissa, its sign and its scale.
    base: (u32, u32, u32, bool, u8),
}

fuzz_target!(|case: Case<'_>| {
    let policy = policy();
    let names: Vec<&str> = policy.input_schema().iter().map(|(n, _, _)| n).collect();
    let period = Period::month(i32::from(case.year), u32::from(case.month))
        .or_else(|| Period::month(2023, 9))
        .expect("valid period");
    let Ok(plan) = policy.plan(period) else {
        return;
    };
    let (lo, mid, hi, negative, scale) = case.base;
    let base = Decimal::from_parts(lo, mid, hi, negative, u32::from(scale % 29));
    for tier in 0..3 {
        let _ = plan.tier_slices(tier, base);
    }
    let mut inputs = policy.inputs();
    for (i, text) in case.texts {
        let name = names[usize::from(i) % names.len()];
        if let Err(e) = inputs.set_text(name, text) {
            assert!(matches!(e, EvalError::InvalidInput { .. }), "{e:?}");
            let _ = e.to_string();
        }
    }
    match plan.evaluate(&inputs) {
        Ok(figures) => {
            for (_, value) in figures.outputs() {
                let _ = value.map(ToString::to_string);
            }
            let _ = serde_json::to_string(&figures).expect("serializable");
        }
        Err(e) => {
            let shown = e.to_string();
            if !matches!(e, EvalError::InvalidInput { .. }) {
                assert!(
                    shown.contains("sales_fuzz.toml:"),
                    "unlocated error: {shown}"
                );
            }
        }
    }
});
