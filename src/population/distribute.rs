//! `distribute`: forced distribution of grades by shares of the group.

use super::integer::{at_scale, key_positions, sort_keys};
use super::GroupProblem;
use rust_decimal::Decimal;
use std::cmp::Ordering;

/// The outcome of [`distribute`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Distribution {
    /// Per member, in the order given, the grade index (0 = the best grade).
    pub grades: Vec<usize>,
    /// Per grade, how many members got it; they add up to the number of members.
    pub counts: Vec<usize>,
    /// for each member, whether their grade was decided by the key tie-break (someone with the
    /// same value got another grade): so explain can say so.
    pub tie_broken: Vec<bool>,
}

/// distribute (forced distribution): grades in the order given (best first) with shares
/// (fractions summing to 1; the checker guarantees that, but return Err(SharesNotWhole) if
/// not, and Err(NegativeShare) for a share below zero).
///
/// Counts: n * share each, rounded by largest remainder so they sum to n: each grade gets the
/// whole part of n × share, and the members left over go one each to the grades with the
/// largest fractional parts; a tie in fractional part goes to the grade with the larger
/// share, then to the later grade. So 20% / 70% / 10% of 12 is 2.4 / 8.4 / 1.2: 2 / 8 / 1
/// and one left, which A and B tie for (.4 each) and B, the larger, gets: 2 / 9 / 1 (the top
/// grade is not inflated by a tie). Each count is within one of n × share. Computed in
/// integers, exactly.
///
/// Members ordered by value descending; ties in value broken by employee key ascending (byte
/// order; the same key, in the order given); the first counts[0] get grade 0, and so on, so
/// a member with a higher value never gets a worse grade. O(n) on average (each grade's
/// members are selected, not sorted).
pub(crate) fn distribute(
    members: &[(&str, Decimal)],
    shares: &[Decimal],
) -> Result<Distribution, GroupProblem> {
    let counts = grade_counts(members.len(), shares)?;
    // By value, highest first; equal values by their place in key order. The values are
    // compared as integers at their common scale when they fit (a million decimals of mixed
    // scales sort several times faster so), the keys once, by their positions.
    let keys: Vec<&str> = members.iter().map(|(k, _)| *k).collect();
    let at = key_positions(&keys);
    let values: Vec<Decimal> = members.iter().map(|(_, v)| *v).collect();
    let (grades, tie_broken) = match sort_keys(&values) {
        Some(k) => place(
            &counts,
            |a, b| k[b].cmp(&k[a]).then(at[a].cmp(&at[b])),
            |a, b| k[a] == k[b],
        ),
        None => place(
            &counts,
            |a, b| (values[b].cmp(&values[a])).then(at[a].cmp(&at[b])),
            |a, b| values[a] == values[b],
        ),
    };
    Ok(Distribution {
        grades,
        counts,
        tie_broken,
    })
}

/// Each member's grade and whether it was split from an equal value by the key: the first
/// `counts[0]` members in the order `cmp` (a total order: value descending, then key) get
/// grade 0, and so on. Each grade's members are selected (`select_nth_unstable_by`, O(n) on
/// average), not sorted: the grades are those of a sort, as only the boundaries matter. A
/// value is split when the last member of one grade and the first of the next have it: then
/// every member with that value is marked.
fn place(
    counts: &[usize],
    cmp: impl Fn(usize, usize) -> Ordering,
    same: impl Fn(usize, usize) -> bool,
) -> (Vec<usize>, Vec<bool>) {
    let n = counts.iter().sum();
    let mut order: Vec<usize> = (0..n).collect();
    let mut grades = vec![0; n];
    // The last member of each grade but the last, and the first of the next, when both have
    // members: the boundaries to look for split values at.
    let mut boundaries = Vec::new();
    let mut rest = &mut order[..];
    for (grade, &count) in counts.iter().enumerate() {
        let count = count.min(rest.len());
        if count > 0 && count < rest.len() {
            rest.select_nth_unstable_by(count, |&a, &b| cmp(a, b));
        }
        let (head, tail) = rest.split_at_mut(count);
        for &m in head.iter() {
            grades[m] = grade;
        }
        let last = head.iter().copied().max_by(|&a, &b| cmp(a, b));
        let first = tail.iter().copied().min_by(|&a, &b| cmp(a, b));
        if let (Some(last), Some(first)) = (last, first) {
            boundaries.push((last, first));
        }
        rest = tail;
    }
    let mut tie_broken = vec![false; n];
    for (last, first) in boundaries {
        if same(last, first) {
            for (m, t) in tie_broken.iter_mut().enumerate() {
                *t |= same(m, last);
            }
        }
    }
    (grades, tie_broken)
}

/// Per grade, how many of `n` members get it (largest remainder, as [`distribute`] says).
fn grade_counts(n: usize, shares: &[Decimal]) -> Result<Vec<usize>, GroupProblem> {
    if let Some((grade, share)) = shares.iter().enumerate().find(|(_, s)| **s < Decimal::ZERO) {
        return Err(GroupProblem::NegativeShare {
            grade,
            share: *share,
        });
    }
    let total = shares
        .iter()
        .try_fold(Decimal::ZERO, |sum, s| sum.checked_add(*s))
        .ok_or(GroupProblem::TooLarge)?;
    if total != Decimal::ONE {
        return Err(GroupProblem::SharesNotWhole { total });
    }
    // Each share is at most 1, so at the common scale (at most 28) it is at most 10^28.
    let scale = shares.iter().map(Decimal::scale).max().unwrap_or(0);
    let whole = 10i128.pow(scale);
    let members = i128::try_from(n).map_err(|_| GroupProblem::TooLarge)?;
    let mut counts = Vec::with_capacity(shares.len());
    let mut remainders = Vec::with_capacity(shares.len());
    for share in shares {
        let exact = members
            .checked_mul(at_scale(*share, scale)?)
            .ok_or(GroupProblem::TooLarge)?;
        counts.push(usize::try_from(exact / whole).map_err(|_| GroupProblem::TooLarge)?);
        remainders.push(exact % whole);
    }
    // The shares add up to 1, so the floors add up to n less fewer than one per grade.
    let left = n - counts.iter().sum::<usize>();
    let mut order: Vec<usize> = (0..shares.len()).collect();
    order.sort_by(|&a, &b| {
        (remainders[b].cmp(&remainders[a]))
            .then(shares[b].cmp(&shares[a]))
            .then(b.cmp(&a))
    });
    for &grade in order.iter().take(left) {
        counts[grade] += 1;
    }
    Ok(counts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn shares(xs: &[&str]) -> Vec<Decimal> {
        xs.iter().map(|x| d(x)).collect()
    }

    #[test]
    fn twenty_seventy_ten_of_twelve_is_two_nine_one() {
        assert_eq!(
            grade_counts(12, &shares(&["0.2", "0.7", "0.1"])),
            Ok(vec![2, 9, 1])
        );
        // a tie between equal shares goes to the later (lower) grade
        assert_eq!(grade_counts(3, &shares(&["0.5", "0.5"])), Ok(vec![1, 2]));
        assert_eq!(grade_counts(0, &shares(&["0.2", "0.8"])), Ok(vec![0, 0]));
        assert_eq!(
            grade_counts(10, &shares(&["0.2", "0.70", "0.1"])),
            Ok(vec![2, 7, 1])
        );
    }

    #[test]
    fn grades_by_value_then_key_and_ties_at_a_boundary_are_marked() {
        let team = [
            ("E001", "87.5"),
            ("E002", "92"),
            ("E003", "64.25"),
            ("E004", "101.3"),
            ("E005", "78"),
            ("E006", "92"),
            ("E007", "55.5"),
            ("E008", "88.75"),
            ("E009", "70"),
            ("E010", "95.25"),
            ("E011", "81"),
            ("E012", "92"),
        ];
        let members: Vec<(&str, Decimal)> = team.iter().map(|(k, v)| (*k, d(v))).collect();
        let got = distribute(&members, &shares(&["0.2", "0.7", "0.1"])).unwrap();
        assert_eq!(got.counts, [2, 9, 1]);
        // 101.3 (E004) and 95.25 (E010) are the two A's; the 92s all B; 55.5 (E007) the C.
        assert_eq!(got.grades, [1, 1, 1, 0, 1, 1, 2, 1, 1, 0, 1, 1]);
        assert!(got.tie_broken.iter().all(|t| !t));
        // Four grades of a quarter, 3 each: the 92s (E002, E006, E012) straddle A and B; the
        // key puts E002 in A with 101.3 (E004) and 95.25 (E010), E006 and E012 in B.
        let third = d("0.25");
        let got = distribute(&members, &[third, third, third, third]).unwrap();
        assert_eq!(got.counts, [3, 3, 3, 3]);
        assert_eq!(&got.grades[..], [2, 0, 3, 0, 2, 1, 3, 1, 3, 0, 2, 1]);
        let marked: Vec<&str> = (0..12)
            .filter(|&i| got.tie_broken[i])
            .map(|i| team[i].0)
            .collect();
        assert_eq!(marked, ["E002", "E006", "E012"]);
    }

    #[test]
    fn shares_that_are_not_whole() {
        let members = [("E001", d("1"))];
        assert_eq!(
            distribute(&members, &shares(&["0.2", "0.7", "0.2"]))
                .unwrap_err()
                .to_string(),
            "the grade shares add up to 1.1, not 1 (100%)"
        );
        assert_eq!(
            distribute(&members, &[]).unwrap_err(),
            GroupProblem::SharesNotWhole {
                total: Decimal::ZERO
            }
        );
        assert_eq!(
            distribute(&members, &shares(&["1.2", "-0.2"]))
                .unwrap_err()
                .to_string(),
            "grade 2 (counting from the best) has a negative share (-0.2)"
        );
        assert_eq!(
            distribute(&members, &[Decimal::MAX, Decimal::MAX]).unwrap_err(),
            GroupProblem::TooLarge
        );
        let tiny = d("0.0000000000000000000000000001");
        let rest = Decimal::ONE - tiny;
        let got = distribute(&members, &[rest, tiny]).unwrap();
        assert_eq!(got.counts, [1, 0]);
    }
}
