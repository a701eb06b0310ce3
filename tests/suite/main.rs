//! The one integration-test binary: one module per area.

mod api;
mod batch;
mod bench_policy;
mod check;
#[cfg(feature = "cli")]
mod cli;
#[cfg(feature = "cli")]
mod cli_eval;
mod data;
mod eval;
mod includes;
mod policy;
mod props;
mod review;
mod rules;
mod syntax;
