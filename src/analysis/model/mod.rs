//! The attrition model's parts: reading the table, cross-validation, the fit, its errors.

pub(crate) mod cv;
mod error;
pub(crate) mod logistic;
mod render;
pub(crate) mod table;

pub use error::AttritionError;
