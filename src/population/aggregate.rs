//! `sum`, `count`, `avg`, `min_of`, `max_of` and `median` of a group.

use super::GroupProblem;
use rust_decimal::Decimal;
use std::fmt;

/// An aggregate over a group, named as in formulas.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Aggregate {
    /// `sum(x)`: 0 for an empty group.
    Sum,
    /// `count()`: the number of members, 0 for an empty group.
    Count,
    /// `avg(x)`: the sum divided by the count, to 28 significant digits where the division
    /// does not end (`avg` of 1, 1, 2 is 1.3333333333333333333333333333).
    Avg,
    /// `min_of(x)`: the lowest value.
    MinOf,
    /// `max_of(x)`: the highest value.
    MaxOf,
    /// `median(x)`: the middle value; of an even count, the mean of the two middle values.
    Median,
}

impl Aggregate {
    /// The name of the function in formulas (`min_of`).
    pub(crate) fn name(self) -> &'static str {
        match self {
            Aggregate::Sum => "sum",
            Aggregate::Count => "count",
            Aggregate::Avg => "avg",
            Aggregate::MinOf => "min_of",
            Aggregate::MaxOf => "max_of",
            Aggregate::Median => "median",
        }
    }
}

impl fmt::Display for Aggregate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// sum, count, avg, min_of, max_of, median of `xs` (one value per member, in member order).
///
/// `count` ignores xs' values and gives xs.len(). An empty slice: Sum→0, Count→0, and
/// Avg/MinOf/MaxOf/Median → Err(GroupProblem::Empty). A sum past the decimal range is
/// [`GroupProblem::Overflow`]; an average of values whose sum passes it is too. Sums are
/// exact unless a total needs more than 28 significant digits (as with any decimal sum here).
pub(crate) fn aggregate(f: Aggregate, xs: &[Decimal]) -> Result<Decimal, GroupProblem> {
    let empty = GroupProblem::Empty { figure: f };
    match f {
        Aggregate::Sum => sum(xs).ok_or(GroupProblem::Overflow { figure: f }),
        Aggregate::Count => Ok(Decimal::from(xs.len())),
        Aggregate::Avg if xs.is_empty() => Err(empty),
        Aggregate::Avg => sum(xs)
            .and_then(|total| total.checked_div(Decimal::from(xs.len())))
            .ok_or(GroupProblem::Overflow { figure: f }),
        Aggregate::MinOf => xs.iter().copied().min().ok_or(empty),
        Aggregate::MaxOf => xs.iter().copied().max().ok_or(empty),
        Aggregate::Median => median(xs).ok_or(empty),
    }
}

/// The sum, or `None` past the decimal range.
fn sum(xs: &[Decimal]) -> Option<Decimal> {
    xs.iter()
        .try_fold(Decimal::ZERO, |total, x| total.checked_add(*x))
}

/// The median, `None` of no values. O(n) selection on a copy, not a sort.
fn median(xs: &[Decimal]) -> Option<Decimal> {
    let mut values = xs.to_vec();
    let n = values.len();
    if n == 0 {
        return None;
    }
    let (below, upper, _) = values.select_nth_unstable(n / 2);
    let upper = *upper;
    if n % 2 == 1 {
        return Some(upper);
    }
    let lower = below.iter().copied().max()?;
    // The mean of the two middle values. Where their sum overflows they have the same sign,
    // so their difference does not, and lower + (upper - lower) / 2 stays within them.
    match lower.checked_add(upper) {
        Some(both) => both.checked_div(Decimal::TWO),
        None => (upper.checked_sub(lower)?.checked_div(Decimal::TWO)?).checked_add(lower),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn all(xs: &[&str]) -> Vec<Decimal> {
        xs.iter().map(|x| d(x)).collect()
    }

    #[test]
    fn worked_examples() {
        let kpis = all(&["87.5", "92", "64.25", "92"]);
        assert_eq!(aggregate(Aggregate::Sum, &kpis), Ok(d("335.75")));
        assert_eq!(aggregate(Aggregate::Count, &kpis), Ok(d("4")));
        assert_eq!(aggregate(Aggregate::Avg, &kpis), Ok(d("83.9375")));
        assert_eq!(aggregate(Aggregate::MinOf, &kpis), Ok(d("64.25")));
        assert_eq!(aggregate(Aggregate::MaxOf, &kpis), Ok(d("92")));
        // even count: the mean of 87.5 and 92
        assert_eq!(aggregate(Aggregate::Median, &kpis), Ok(d("89.75")));
        assert_eq!(aggregate(Aggregate::Median, &kpis[..3]), Ok(d("87.5")));
        let thirds = all(&["1", "1", "2"]);
        assert_eq!(
            aggregate(Aggregate::Avg, &thirds).unwrap().to_string(),
            "1.3333333333333333333333333333"
        );
    }

    #[test]
    fn empty_groups() {
        assert_eq!(aggregate(Aggregate::Sum, &[]), Ok(Decimal::ZERO));
        assert_eq!(aggregate(Aggregate::Count, &[]), Ok(Decimal::ZERO));
        for f in [
            Aggregate::Avg,
            Aggregate::MinOf,
            Aggregate::MaxOf,
            Aggregate::Median,
        ] {
            let err = aggregate(f, &[]).unwrap_err();
            assert_eq!(err, GroupProblem::Empty { figure: f });
        }
        let err = aggregate(Aggregate::Avg, &[]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the group has no members, so its avg is undefined"
        );
    }

    #[test]
    fn extremes_do_not_panic() {
        let huge = [Decimal::MAX, Decimal::MAX];
        assert_eq!(
            aggregate(Aggregate::Sum, &huge),
            Err(GroupProblem::Overflow {
                figure: Aggregate::Sum
            })
        );
        assert_eq!(aggregate(Aggregate::Median, &huge), Ok(Decimal::MAX));
        let tiny = all(&[
            "0.0000000000000000000000000001",
            "0.0000000000000000000000000002",
        ]);
        assert!(aggregate(Aggregate::Median, &tiny).is_ok());
        assert_eq!(
            aggregate(Aggregate::Median, &[Decimal::MIN, Decimal::MAX]),
            Ok(Decimal::ZERO)
        );
    }
}
