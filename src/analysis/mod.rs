//! What the data tells: statistics over employee figures. `f64` is allowed here and only
//! here: nothing in this module feeds pay.

pub mod attrition;
mod model;
