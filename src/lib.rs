//! hrrules: HR policy as code.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod data;
pub mod date;
pub mod error;
pub mod limits;
pub mod policy;
pub mod syntax;
pub mod value;
