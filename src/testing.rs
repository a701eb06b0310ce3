//! Running the `[[tests]]` a rule file keeps next to its rules.

use crate::date::Period;
use crate::engine::Policy;
use crate::error::Location;
use crate::value::Value;
use crate::vocab::ValueType;

/// The result of one `[[tests]]` entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TestResult {
    /// The test's `name`.
    pub name: String,
    /// Where the test is written.
    pub at: Location,
    /// Every mismatch or error; empty when the test passed.
    pub failures: Vec<String>,
}

impl TestResult {
    /// Whether every expectation held.
    pub fn passed(&self) -> bool {
        self.failures.is_empty()
    }
}

/// Runs every test of a policy. Numbers are compared by value (`6000` equals `6000.00`);
/// text, booleans and dates by their text.
pub fn run_tests(policy: &Policy) -> Vec<TestResult> {
    policy
        .tests()
        .iter()
        .map(|t| {
            let at = policy.sources().locate(t.span);
            let failures = run_one(policy, t);
            TestResult {
                name: t.name.clone(),
                at,
                failures,
            }
        })
        .collect()
}

fn run_one(policy: &Policy, t: &crate::policy::TestDef) -> Vec<String> {
    let period = match &t.period {
        Some((text, _)) => match text.parse::<Period>() {
            Ok(p) => p,
            Err(e) => return vec![e],
        },
        None => match policy.default_period() {
            Some(p) => p,
            None => {
                return vec!["the test has no `period` and the policy no `effective` date".into()]
            }
        },
    };
    let plan = match policy.plan(period) {
        Ok(p) => p,
        Err(e) => return vec![e.to_string()],
    };
    let mut inputs = policy.inputs();
    let mut failures = Vec::new();
    for (name, text) in &t.inputs {
        if let Err(e) = inputs.set_text(&name.name, text) {
            failures.push(e.to_string());
        }
    }
    if !failures.is_empty() {
        return failures;
    }
    let eval = match plan.evaluate(&inputs) {
        Ok(e) => e,
        Err(e) => return vec![e.to_string()],
    };
    for (name, want) in &t.expect {
        // By the name's NFKC key when not written as declared (`ｄｏｕｂｌｅ` for `double`).
        let got = eval.get(&name.name).or_else(|| {
            let key = crate::text::name_key(&name.name);
            eval.all()
                .into_iter()
                .find(|(n, _)| crate::text::name_key(n) == key)
                .map(|(_, v)| v)
        });
        match got {
            None => failures.push(format!("`{}` has no value", name.name)),
            Some(got) if !matches(got, want) => {
                failures.push(format!("`{}`: expected {want}, got {got}", name.name))
            }
            Some(_) => {}
        }
    }
    failures
}

fn matches(got: &Value, want: &str) -> bool {
    let want = want.trim();
    match got {
        // Read as a data cell of a percent input would be: `6000.00`, `0.04` and `4%` all work.
        Value::Number(d) => {
            crate::vocab::parse_text(want, ValueType::Percent).ok() == Some(Value::Number(*d))
        }
        other => other.to_string() == want,
    }
}
