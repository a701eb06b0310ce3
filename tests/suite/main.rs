//! The one integration-test binary: one module per area.

mod api;
mod bench_policy;
mod check;
mod data;
mod eval;
mod policy;
mod rules;
mod syntax;
