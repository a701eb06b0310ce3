//! The one integration-test binary: one module per area.

mod analysis;
mod api;
mod attendance;
#[cfg(feature = "cli")]
mod attendance_examples;
mod attrition;
mod batch;
mod bench_policy;
mod calendar;
mod check;
#[cfg(feature = "cli")]
mod cli;
#[cfg(feature = "cli")]
mod cli_analysis;
#[cfg(feature = "cli")]
mod cli_attendance;
#[cfg(feature = "cli")]
mod cli_attrition;
#[cfg(feature = "cli")]
mod cli_columns;
#[cfg(feature = "cli")]
mod cli_diff;
#[cfg(feature = "cli")]
mod cli_encoding;
#[cfg(feature = "cli")]
mod cli_eval;
#[cfg(feature = "cli")]
mod cli_excel;
#[cfg(feature = "cli")]
mod cli_explain;
#[cfg(feature = "cli")]
mod cli_forecast;
#[cfg(feature = "cli")]
mod cli_history;
#[cfg(feature = "cli")]
mod cli_payslip;
#[cfg(feature = "cli")]
mod cli_population;
#[cfg(feature = "cli")]
mod cli_split;
#[cfg(feature = "cli")]
mod cli_support;
#[cfg(feature = "cli")]
mod cli_tables;
mod cli_team_tests;
#[cfg(feature = "cli")]
mod cli_test;
mod columns;
#[cfg(feature = "cli")]
mod company;
mod data;
mod data_encoding;
mod data_excel;
mod diff;
mod eval;
mod explain;
mod forecast;
mod history;
mod includes;
mod lsp;
mod payroll_cn;
mod policy;
mod population;
mod population_hostile;
mod props;
mod records;
mod records_eval;
mod review;
mod rules;
#[path = "../support/sample.rs"]
mod sample;
mod sample_data;
mod schema;
mod split;
mod syntax;
mod tables;
mod test_runner;
mod whatif;
