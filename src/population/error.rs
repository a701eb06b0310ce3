//! The one error type of the population figures.

use super::Aggregate;
use rust_decimal::Decimal;

/// Why a figure over a group of employees cannot be computed.
///
/// Each is a problem of the whole group (every member that uses the figure reports it), in
/// words a payroll clerk understands; the caller adds which group and which rule.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum GroupProblem {
    /// `avg`, `min_of`, `max_of` or `median` of a group with no members, e.g. `avg(kpi) by
    /// team` for a team whose every member was filtered out.
    #[error("the group has no members, so its {figure} is undefined")]
    Empty {
        /// The figure asked for (`avg`, `min_of`, `max_of` or `median`).
        figure: Aggregate,
    },
    /// A `sum` or `avg` beyond the largest number a decimal holds (about 7.9 × 10^28), e.g.
    /// the sum of two values of 50,000,000,000,000,000,000,000,000,000.
    #[error("the {figure} is too large (more than 28 digits)")]
    Overflow {
        /// The figure asked for (`sum` or `avg`).
        figure: Aggregate,
    },
    /// `allocate` where every weight is zero, or of a group with no members, e.g. a pool split
    /// by KPI in a team whose KPIs are all 0.
    #[error("the weights sum to zero: nobody to split the pool among")]
    ZeroWeight,
    /// `allocate` where a member's weight is below zero, e.g. E021 with a KPI of -3.
    #[error("{key} has a negative weight ({weight})")]
    NegativeWeight {
        /// The member's employee key (`E021`).
        key: String,
        /// The weight (`-3`).
        weight: Decimal,
    },
    /// `allocate` of a pool below zero, e.g. a pool of -50000.00.
    #[error("the pool {pool} is negative: only a pool of zero or more can be split")]
    NegativePool {
        /// The pool.
        pool: Decimal,
    },
    /// `allocate` of a pool that is not a whole number of the unit it is split in, e.g.
    /// 50000.005 split in cents (0.01).
    #[error("the pool {pool} is not a whole number of {unit}")]
    PoolNotWhole {
        /// The pool (`50000.005`).
        pool: Decimal,
        /// The unit of the parts (`0.01`).
        unit: Decimal,
    },
    /// `allocate` in a unit of zero or less, e.g. parts rounded to `0` or `-0.01`.
    #[error("the pool cannot be split in units of {unit}: the unit must be above zero")]
    UnitNotPositive {
        /// The unit (`0`).
        unit: Decimal,
    },
    /// `allocate` or `distribute` whose exact integer arithmetic would pass 38 digits, e.g. a
    /// pool of 10^28 split in units of 10^-10, or a part that no decimal holds, e.g. half of
    /// a pool of 79228162514264337593543950335 in cents (39614081257132168796771975167.50).
    #[error(
        "the figures are too large to split exactly (a part with more than 28 digits, or \
         arithmetic past 38)"
    )]
    TooLarge,
    /// `distribute` with shares that do not add up to 100%, e.g. A 20%, B 70%, C 20%.
    #[error("the grade shares add up to {total}, not 1 (100%)")]
    SharesNotWhole {
        /// What the shares add up to (`1.1`).
        total: Decimal,
    },
    /// `distribute` with a share below zero, e.g. A 120%, B -20%.
    #[error("grade {} (counting from the best) has a negative share ({share})", .grade + 1)]
    NegativeShare {
        /// The grade's index, 0 for the best.
        grade: usize,
        /// The share (`-0.2`).
        share: Decimal,
    },
}
