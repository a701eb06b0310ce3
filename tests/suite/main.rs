//! The one integration-test binary: one module per area.

mod data;
mod policy;
mod syntax;
