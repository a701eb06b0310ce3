//! The population figures: functions whose value for one employee is computed over everyone
//! in the run (or in the employee's group, `by team`), in a pass after the per-employee
//! figures they read.

use rust_decimal::Decimal;
use std::fmt;
use std::sync::Arc;

/// One population function.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PopFunc {
    /// `sum(x)`: the group's total.
    Sum,
    /// `count()`: how many employees the group has.
    Count,
    /// `avg(x)`: the group's mean.
    Avg,
    /// `min_of(x)`: the group's least value.
    MinOf,
    /// `max_of(x)`: the group's greatest value.
    MaxOf,
    /// `median(x)`: the middle value (the mean of the two middle ones for an even count).
    Median,
    /// `rank(x)`: 1 for the highest; ties share the best rank (1, 2, 2, 4).
    Rank,
    /// `percentile(x)`: the share of the others with a lower value, 0% to 100%.
    Percentile,
    /// `allocate(pool, weight)`: the pool split in proportion to the weights, to the cent.
    Allocate,
    /// `distribute(x, "A" = 20%, ...)`: forced distribution of grades by `x`.
    Distribute,
}

impl PopFunc {
    /// Every population function, by the name written in formulas.
    pub const ALL: [(&'static str, PopFunc); 10] = [
        ("sum", PopFunc::Sum),
        ("count", PopFunc::Count),
        ("avg", PopFunc::Avg),
        ("min_of", PopFunc::MinOf),
        ("max_of", PopFunc::MaxOf),
        ("median", PopFunc::Median),
        ("rank", PopFunc::Rank),
        ("percentile", PopFunc::Percentile),
        ("allocate", PopFunc::Allocate),
        ("distribute", PopFunc::Distribute),
    ];

    /// The function named `name` in a formula.
    pub fn named(name: &str) -> Option<PopFunc> {
        Self::ALL.iter().find(|(n, _)| *n == name).map(|(_, f)| *f)
    }

    /// Its name in formulas.
    pub fn name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, f)| *f == self)
            .map_or("sum", |(n, _)| n)
    }

    /// Whether its result comes from a division (an average, a percentile), so that
    /// arithmetic on it rounds to 28 significant digits like a division's.
    pub fn divides(self) -> bool {
        matches!(self, PopFunc::Avg | PopFunc::Percentile)
    }
}

impl fmt::Display for PopFunc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The grades of a forced distribution, best first, each with its share (fractions summing
/// to 1).
pub type Grades = Arc<[(Arc<str>, Decimal)]>;
