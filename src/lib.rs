//! hrrules: HR policy as code.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod batch;
pub mod check;
pub mod data;
pub mod date;
mod engine;
pub mod error;
pub mod eval;
pub mod limits;
pub mod policy;
pub mod report;
pub mod syntax;
mod testing;
pub mod value;

pub use batch::{evaluate_all, Binding, EmployeeError, Outcome};
pub use date::{Date, Period};
pub use engine::{Error, Policy};
pub use eval::{EvalError, Evaluation, Inputs, Plan};
pub use limits::Limits;
pub use report::{Format, Renderer};
pub use testing::{run_tests, TestResult};
pub use value::Value;
