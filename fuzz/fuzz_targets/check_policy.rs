//! Any bytes as a whole rule file: loading and checking must return a policy or a report of
//! located diagnostics (rendered here, so the snippet and caret code is fuzzed too). A
//! policy that checks is also compiled for a few periods and its `[[tests]]` are run.
#![no_main]

use hrrules::{Period, Policy};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    match Policy::from_source("fuzz.toml", &text) {
        Ok(policy) => {
            let _ = policy.outputs().count();
            let periods = [
                Period::month(2023, 9),
                Period::month(1, 1),
                Period::month(9999, 12),
            ];
            for period in policy
                .default_period()
                .into_iter()
                .chain(periods.into_iter().flatten())
            {
                match policy.plan(period) {
                    Ok(plan) => {
                        let _ = plan.outputs().count();
                        // Every input missing: values or a located error.
                        let _ = plan.evaluate(&policy.inputs()).map_err(|e| e.to_string());
                    }
                    Err(e) => {
                        let _ = e.to_string();
                    }
                }
            }
            for result in hrrules::run_tests(&policy) {
                let _ = (result.at.to_string(), result.failures);
            }
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
});
