//! The one integration-test binary.

mod data;
