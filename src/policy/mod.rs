//! The TOML rule-file model: tables, includes, effective-dated params.

pub mod model;

pub use model::*;
