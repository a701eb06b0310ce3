//! hrrules: HR policy as code.
//!
//! A department's policy (KPI weights, commission tiers, overtime and payroll rules) is a TOML
//! rule file with formulas in a small expression language. hrrules checks the file once —
//! names, types (money never mixes with plain numbers by accident), dependency order, scorecard
//! weights — and compiles it for a pay period into a [`Plan`] that evaluates any number of
//! employees with exact decimals and declared rounding. Errors in rule files are located
//! (`file:line:col` with a caret); an employee whose figures fail carries the error while the
//! others are still computed.
//!
//! The pipeline, one module per stage: [`syntax`] (formulas) → [`policy`] (rule files) →
//! `check` (internal) → [`eval`] (plan and evaluation) → [`report`]; [`data`] reads employee
//! records; [`history`] reads earlier months (what `ytd_before` and `prev` see); [`analysis`] tells what the data says (correlations, group comparisons, before and after a change); [`vocab`] holds the words every stage shares (value types, rounding).
//!
//! ```
//! use hrrules::{Period, Policy};
//!
//! let rules = r#"
//! [policy]
//! name = "Sales, 2023 H2"
//! effective = 2023-07-01
//!
//! [inputs]
//! sales_amount = "money"
//! sales_target = "money"
//! satisfaction = { type = "number", min = 0, max = 10 }
//! base_salary = "money"
//!
//! [params]
//! bonus_rate = [{ from = 2023-07-01, value = "30%" }, { from = 2022-01-01, value = "20%" }]
//!
//! [scorecards.kpi.metrics]
//! sales = { weight = "80%", score = "sales_amount / sales_target * 100", cap = "120" }
//! satisfaction = { weight = "20%", score = "satisfaction * 10" }
//!
//! [tiers.commission]
//! on = "sales_amount"
//! mode = "marginal"
//! brackets = [{ from = 0, rate = "2%" }, { from = 100000, rate = "4%" }]
//!
//! [values]
//! performance_bonus = "base_salary * bonus_rate * kpi / 100"
//! gross_pay = "base_salary + commission + performance_bonus"
//! "#;
//!
//! let policy = Policy::from_source("sales.toml", rules)?;
//! let plan = policy.plan("2023-09".parse::<Period>()?)?;
//!
//! let mut wang_fang = policy.inputs();
//! wang_fang
//!     .set_text("sales_amount", "250,000.00")?
//!     .set_text("sales_target", "200000")?
//!     .set_text("satisfaction", "9.5")?
//!     .set_text("base_salary", "12000")?;
//! let figures = plan.evaluate(&wang_fang)?;
//!
//! // sales 250000 / 200000 × 100 = 125, capped at 120; kpi = 0.8 × 120 + 0.2 × 95 = 115
//! assert_eq!(figures.get("kpi").unwrap().to_string(), "115");
//! // 100000 × 2% + 150000 × 4%
//! assert_eq!(figures.get("commission").unwrap().to_string(), "8000.00");
//! // 12000 × 30% × 115 / 100, rounded to the policy's 2 places
//! assert_eq!(figures.get("performance_bonus").unwrap().to_string(), "4140.00");
//! assert_eq!(figures.get("gross_pay").unwrap().to_string(), "24140.00");
//!
//! // A typo is reported with its place and the nearest name.
//! let err = Policy::from_source("typo.toml", &rules.replace("kpi / 100", "kpj / 100")).unwrap_err();
//! assert!(err.to_string().contains("typo.toml:25:49: unknown name `kpj`"));
//! assert!(err.to_string().contains("did you mean `kpi`?"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

// The public modules are what an embedder (or the `hrrules` binary) names: reading data,
// located errors, the compiled plan and its trace, rule sources, rendering, formulas, the
// shared vocabulary. The rest is reached through the re-exports below.
pub mod analysis;
pub mod attendance;
pub mod batch;
pub mod calendar;
mod check;
pub mod data;
mod date;
pub mod diff;
mod engine;
pub mod error;
pub mod eval;
mod files;
pub mod forecast;
pub mod history;
mod limits;
pub mod outline;
pub mod policy;
pub mod population;
pub mod report;
pub mod shape;
pub mod syntax;
mod testing;
pub mod text;
mod value;
pub mod vocab;

pub use batch::{
    evaluate_all, evaluate_all_in, evaluate_inputs, evaluate_team_inputs, evaluate_team_members,
    Binding, Chunks, DataSources, EmployeeError, FigureSummary, GroupFigure, Outcome, Pairs,
    TeamError, TeamFigures, TeamProblem,
};
pub use date::{Date, DateError, Period, PeriodError};
pub use engine::{Error, LoadOptions, Policy};
pub use eval::{AllValues, EvalError, Evaluation, Inputs, LenientInputs, Plan};
pub use limits::Limits;
pub use policy::{FsSource, MemorySource, RulePath, RuleSource, SourceError};
pub use report::{Format, Renderer};
pub use report::{Snapshot, SnapshotOrder};
pub use testing::{run_tests, Failure, TestResult};
pub use value::Value;
