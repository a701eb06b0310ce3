//! Figures over a group of employees: aggregates, ranks, percentiles, pools split to the cent
//! and forced distributions (issue 10).
//!
//! Pure functions over one group's values, given in member order (one value per member); the
//! checker, plan and driver decide which members form a group and what a failed member means.
//! Everything is exact decimal or integer arithmetic (no floating point), at most
//! O(n log n), and never panics: a figure that cannot be computed is a [`GroupProblem`].
//!
//! The rules, as a consultant reads them:
//! - `rank(x)`: 1 is the highest value; equal values share the best rank of their tie and the
//!   next rank skips ("competition" ranking: 1, 2, 2, 4).
//! - `percentile(x)`: the share of the rest of the group with a strictly lower value: 0 for the
//!   lowest, 1 for the highest, equal values share; a group of one gives 1.
//! - `allocate(pool, weight)`: each member gets the whole units (cents) of their exact
//!   proportional share, rounded down; the cents left over go one each to the members with the
//!   largest remainders, a tie in remainder to the lower employee key. The parts add up to the
//!   pool exactly, and each is within one cent of the exact share.
//! - `distribute(x, grades)`: the grade counts are n × share rounded by largest remainder (a
//!   tie in remainder goes to the grade with the larger share, then to the later, lower grade,
//!   so the top grade is not inflated by a tie); members are ordered by value, highest first,
//!   equal values by employee key, and take the grades in that order.

mod aggregate;
mod allocate;
mod distribute;
mod error;
mod integer;
#[cfg(test)]
mod props;
mod rank;

pub(crate) use aggregate::aggregate;
pub use aggregate::Aggregate;
pub(crate) use allocate::allocate;
pub(crate) use distribute::distribute;
pub use error::GroupProblem;
pub(crate) use rank::{percentile, rank};
