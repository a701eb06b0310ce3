//! Running the `[[tests]]` a rule file keeps next to its rules.
//!
//! Each file's cases run against that file and what it includes, not against a policy that
//! includes it: a payroll tail wrapped around a department policy has inputs and values of
//! its own that the department's cases know nothing of. A file included by the policy is
//! loaded again on its own (from the text already read, under the same limits) with the
//! including policy's `[policy]` settings. A building block that uses names only its includer
//! declares cannot be checked alone; its cases run against the including policy.

mod case;
mod months;
mod team;

use crate::date::Period;
use crate::engine::Policy;
use crate::error::{FileId, Location};
use crate::value::Value;
use crate::vocab;
use rust_decimal::Decimal;
use serde::ser::{SerializeStruct, Serializer};
use std::fmt;

/// The result of one `[[tests]]` entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TestResult {
    /// The test's `name`.
    pub name: String,
    /// Where the test is written.
    pub at: Location,
    /// The test's `expect_error`: text the error of the case must contain.
    pub expect_error: Option<String>,
    /// Every expectation that did not hold; empty when the test passed.
    pub failures: Vec<Failure>,
    /// The error the case stopped with, rendered as `hrrules` prints it (with its place):
    /// for a case with `expect_error`, whether or not it contains the expected text.
    pub error: Option<String>,
    /// How the first differing value was computed, when the case computed its figures and one
    /// differs from its expectation.
    pub explanation: Option<String>,
}

impl TestResult {
    /// Whether every expectation held.
    pub fn passed(&self) -> bool {
        self.failures.is_empty()
    }
}

/// One expectation of a test that did not hold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Failure {
    /// `expect = { commission = "6000.00" }` where the policy computes 8000.00.
    Mismatch {
        /// The name as the test writes it.
        name: String,
        /// The expected value as the test writes it.
        expected: String,
        /// The value computed.
        actual: Value,
        /// `actual - expected` when both are numbers (`2000.00`).
        difference: Option<Decimal>,
        /// Whether the policy declares the figure a percentage (`type = "percent"`): people
        /// see `0.92` as `92%` and a difference of `-0.03` as `-3%`.
        percent: bool,
    },
    /// `expect = { hire_date = "2023-09-11" }` for an input the test does not give and that
    /// has no default.
    NoValue {
        /// The name as the test writes it.
        name: String,
    },
    /// A case with `expect` that stopped with an error: an input out of bounds, a division by
    /// zero (one failure for each input refused).
    Error {
        /// The error as `hrrules` prints it, with its place.
        message: String,
    },
    /// `expect_error = "division by zero"` for a case that computed its figures.
    NoError {
        /// The text the error should contain.
        expected: String,
    },
    /// `expect_error = "division by zero"` for a case that stopped with another error.
    OtherError {
        /// The text the error should contain.
        expected: String,
        /// The error as `hrrules` prints it, with its place.
        message: String,
    },
    /// A failure of one member of a team test (`[[tests.team]]`): `E002: `share`: expected
    /// 4000.00, got 4000.01`.
    Member {
        /// The member's key, as the test writes it.
        employee: String,
        /// What failed for them.
        failure: Box<Failure>,
    },
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Mismatch {
                name,
                expected,
                actual,
                percent,
                ..
            } => match actual {
                Value::Number(d) if *percent => {
                    write!(
                        f,
                        "`{name}`: expected {expected}, got {}",
                        vocab::percent(*d)
                    )
                }
                _ => write!(f, "`{name}`: expected {expected}, got {actual}"),
            },
            Failure::NoValue { name } => write!(f, "`{name}` has no value"),
            Failure::Error { message } => f.write_str(message),
            Failure::NoError { expected } => write!(
                f,
                "expected an error containing \"{expected}\", but the case computed its figures"
            ),
            Failure::OtherError { expected, message } => write!(
                f,
                "expected an error containing \"{expected}\", but got another error: {message}"
            ),
            Failure::Member { employee, failure } => write!(f, "{employee}: {failure}"),
        }
    }
}

/// Runs every test of a policy: the root file's against the policy, an included file's
/// against that file and what it includes. Numbers are compared by value (`6000` equals
/// `6000.00`); text, booleans and dates by their text. A test without `period` runs in the
/// month of `policy.effective` (of the policy given here, for an included file's tests).
/// A test with `months` gives one result per month, in order, named `NAME, 2023-02` and
/// placed at the month; each month's figures are the history of the months after it.
pub fn run_tests(policy: &Policy) -> Vec<TestResult> {
    let fallback = policy.default_period();
    let tests = policy.tests();
    let mut results = Vec::with_capacity(tests.len());
    let mut start = 0;
    while start < tests.len() {
        // The tests of one file are together, in the order the files were loaded.
        let file = tests[start].span.file;
        let len = tests[start..]
            .iter()
            .take_while(|t| t.span.file == file)
            .count();
        let own = match file {
            FileId(0) => None,
            file => policy.part(file).and_then(Result::ok),
        };
        match &own {
            Some(part) => {
                let mine = part.tests().iter().filter(|t| t.span.file == FileId(0));
                results.extend(mine.flat_map(|t| run_one(part, t, fallback)));
            }
            None => {
                let mine = tests[start..start + len].iter();
                results.extend(mine.flat_map(|t| run_one(policy, t, fallback)));
            }
        }
        start += len;
    }
    results
}

/// One test: one result (for a team test, with each member's failures), or one per month
/// for a test with `months`.
fn run_one(
    policy: &Policy,
    t: &crate::policy::TestDef,
    fallback: Option<Period>,
) -> Vec<TestResult> {
    if !t.team.is_empty() {
        vec![team::run(policy, t, fallback)]
    } else if t.months.is_empty() {
        vec![case::run(policy, t, fallback)]
    } else {
        months::run(policy, t)
    }
}

/// `{"file", "line", "column", "name", "passed", "expect_error", "failures", "error",
/// "explanation"}`; a failure is `{"kind", "name", "expected", "actual", "difference",
/// "percent", "message"}` with the fields its kind has (a team member's:
/// `{"kind": "member", "employee", "failure"}`), decimals as strings (exact fractions
/// for a percentage: `"0.92"`, with `"percent": true`).
impl serde::Serialize for TestResult {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut o = s.serialize_struct("TestResult", 9)?;
        o.serialize_field("file", &self.at.file)?;
        o.serialize_field("line", &self.at.line)?;
        o.serialize_field("column", &self.at.col)?;
        o.serialize_field("name", &self.name)?;
        o.serialize_field("passed", &self.passed())?;
        o.serialize_field("expect_error", &self.expect_error)?;
        o.serialize_field("failures", &self.failures)?;
        o.serialize_field("error", &self.error)?;
        o.serialize_field("explanation", &self.explanation)?;
        o.end()
    }
}

impl serde::Serialize for Failure {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut o = s.serialize_struct("Failure", 6)?;
        match self {
            Failure::Mismatch {
                name,
                expected,
                actual,
                difference,
                percent,
            } => {
                o.serialize_field("kind", "mismatch")?;
                o.serialize_field("name", name)?;
                o.serialize_field("expected", expected)?;
                o.serialize_field("actual", actual)?;
                o.serialize_field("difference", difference)?;
                o.serialize_field("percent", percent)?;
            }
            Failure::NoValue { name } => {
                o.serialize_field("kind", "no_value")?;
                o.serialize_field("name", name)?;
            }
            Failure::Error { message } => {
                o.serialize_field("kind", "error")?;
                o.serialize_field("message", message)?;
            }
            Failure::NoError { expected } => {
                o.serialize_field("kind", "no_error")?;
                o.serialize_field("expected", expected)?;
            }
            Failure::OtherError { expected, message } => {
                o.serialize_field("kind", "other_error")?;
                o.serialize_field("expected", expected)?;
                o.serialize_field("message", message)?;
            }
            Failure::Member { employee, failure } => {
                o.serialize_field("kind", "member")?;
                o.serialize_field("employee", employee)?;
                o.serialize_field("failure", failure)?;
            }
        }
        o.end()
    }
}
