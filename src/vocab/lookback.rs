//! What a formula reads from an employee's earlier months (issue 9: history).

use std::fmt;
use std::sync::Arc;

/// One thing a policy's formulas read from earlier months. The checker lists them (each is
/// a hidden input of the plan); the history stage gives each employee's value.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lookback {
    /// `ytd_before(NAME)`, and the past part of `ytd(NAME)`: the sum of NAME over the
    /// employee's months of this calendar year before the period.
    YtdBefore(Arc<str>),
    /// `prev(NAME, n)`: NAME `n` months before the period (1 to 120), in any year.
    Prev(Arc<str>, u32),
    /// The past part of `ytd_months()`: how many months of this calendar year before the
    /// period the employee was paid.
    MonthsBefore,
}

impl Lookback {
    /// The named value it reads, if any.
    pub fn name(&self) -> Option<&str> {
        match self {
            Lookback::YtdBefore(n) | Lookback::Prev(n, _) => Some(n),
            Lookback::MonthsBefore => None,
        }
    }
}

/// As written in a formula (`ytd_before(tax)`, `prev(gross_pay, 2)`), and for the past part
/// of `ytd_months()`, `ytd_months_before`: the names of the hidden inputs, which
/// `[[tests]]` may give like any input.
impl fmt::Display for Lookback {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Lookback::YtdBefore(n) => write!(f, "ytd_before({n})"),
            Lookback::Prev(n, 1) => write!(f, "prev({n})"),
            Lookback::Prev(n, k) => write!(f, "prev({n}, {k})"),
            Lookback::MonthsBefore => f.write_str("ytd_months_before"),
        }
    }
}
