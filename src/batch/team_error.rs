//! Why a population figure has no value for an employee.

use std::fmt;
use std::sync::Arc;

/// A population figure that could not be computed for a group, and so for every member of
/// it: `allocate(team_pool, kpi) by team` for team "North", because E021 failed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("`{figure}`{}: not computed: {problem}", group_words(group))]
pub struct TeamError {
    /// The figure as written.
    pub figure: Arc<str>,
    /// The group (`by team`'s value), or `None` for a figure over everyone.
    pub group: Option<Arc<str>>,
    /// What went wrong.
    pub problem: TeamProblem,
}

fn group_words(group: &Option<Arc<str>>) -> String {
    match group {
        Some(g) => format!(" for group \"{}\"", crate::text::escape_controls(g)),
        None => String::new(),
    }
}

/// What stopped a population figure for a group.
#[derive(Debug, Clone, PartialEq)]
pub enum TeamProblem {
    /// A member's own figures failed (E021's `kpi` divides by zero), and the policy does
    /// not say `exclude_failed = true`: the figure is not computed over the others silently.
    MemberFailed {
        /// The first member that failed, in data order.
        employee: String,
        /// Their error.
        error: Arc<str>,
        /// How many members failed in all.
        count: usize,
    },
    /// An employee whose figures failed before their group was known (their `team` is a
    /// value that failed), so every group may be missing them.
    GroupUnknown {
        /// The first such employee.
        employee: String,
        /// Their error.
        error: Arc<str>,
    },
    /// The members of one group give different pools: `allocate(pool, kpi) by team` where
    /// `pool` is 50,000 for E001 and 40,000 for E002.
    PoolDiffers {
        /// The first member and their pool.
        first: (String, rust_decimal::Decimal),
        /// A member whose pool differs, and it.
        other: (String, rust_decimal::Decimal),
    },
    /// The employee has no group or no argument for the figure (a blank `team` or `kpi`
    /// cell), so the figure cannot count them.
    NotCounted {
        /// Why: `missing input \`kpi\``.
        reason: Arc<str>,
    },
    /// The group's figures cannot be computed: the weights sum to zero, a negative weight,
    /// a pool that is not whole cents, ...
    Group(crate::population::GroupProblem),
}

impl fmt::Display for TeamProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let esc = |s: &str| crate::text::escape_controls(s).into_owned();
        match self {
            TeamProblem::MemberFailed {
                employee,
                error,
                count,
            } => {
                write!(f, "{} failed ({})", esc(employee), esc(error))?;
                if *count > 1 {
                    write!(f, ", and {} more", count - 1)?;
                }
                f.write_str("; say `exclude_failed = true` on the value to compute it without them")
            }
            TeamProblem::GroupUnknown { employee, error } => write!(
                f,
                "{} failed before their group was known ({})",
                esc(employee),
                esc(error)
            ),
            TeamProblem::PoolDiffers { first, other } => write!(
                f,
                "the pool differs within the group: {} for {}, {} for {}",
                first.1,
                esc(&first.0),
                other.1,
                esc(&other.0)
            ),
            TeamProblem::NotCounted { reason } => {
                write!(f, "this employee is not counted: {}", esc(reason))
            }
            TeamProblem::Group(p) => write!(f, "{p}"),
        }
    }
}
