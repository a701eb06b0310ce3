//! The one integration-test binary: one module per area.

mod check;
mod data;
mod eval;
mod policy;
mod props;
mod rules;
mod syntax;
