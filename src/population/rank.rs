//! `rank` and `percentile`: where each member stands in the group.

use super::integer::sort_keys;
use rust_decimal::Decimal;

/// Member positions sorted by value, highest first (`descending`) or lowest first: by the
/// values as integers at their common scale when they fit, else by the decimals.
fn by_value(xs: &[Decimal], descending: bool) -> Vec<usize> {
    let mut order: Vec<usize> = (0..xs.len()).collect();
    match sort_keys(xs) {
        Some(k) if descending => order.sort_unstable_by(|&a, &b| k[b].cmp(&k[a])),
        Some(k) => order.sort_unstable_by_key(|&m| k[m]),
        None if descending => order.sort_unstable_by(|&a, &b| xs[b].cmp(&xs[a])),
        None => order.sort_unstable_by(|&a, &b| xs[a].cmp(&xs[b])),
    }
    order
}

/// rank: 1 = highest; ties share the best rank of the tie ("competition" ranking 1,2,2,4).
///
/// One rank per member, in member order. O(n log n). A group of more than 4,294,967,295
/// members (past u32) ranks the rest at u32::MAX rather than panicking.
pub(crate) fn rank(xs: &[Decimal]) -> Vec<u32> {
    let order = by_value(xs, true);
    let mut ranks = vec![0u32; xs.len()];
    let mut tie_start = 0;
    for (position, &member) in order.iter().enumerate() {
        if position > 0 && xs[order[position - 1]] != xs[member] {
            tie_start = position;
        }
        ranks[member] = u32::try_from(tie_start + 1).unwrap_or(u32::MAX);
    }
    ranks
}

/// percentile: for each member, (number of members with a strictly lower value) / (n - 1):
/// 0 for the lowest, 1 for the highest, ties share; a group of one gives 1.
///
/// Equal values share the figure of the members below them all, so two members tied at the
/// top of a group of five both get 3/4.
///
/// Exact where the division ends (1/4 is 0.25); else rust_decimal's 28 significant digits,
/// rounded half to even (1/3 is 0.3333333333333333333333333333, 2/3 is
/// 0.6666666666666666666666666667). O(n log n).
pub(crate) fn percentile(xs: &[Decimal]) -> Vec<Decimal> {
    if xs.len() == 1 {
        return vec![Decimal::ONE];
    }
    let order = by_value(xs, false);
    let others = Decimal::from(xs.len().saturating_sub(1));
    let mut percentiles = vec![Decimal::ZERO; xs.len()];
    let mut share = Decimal::ZERO; // of the lowest value and its ties
    for (position, &member) in order.iter().enumerate() {
        if position > 0 && xs[order[position - 1]] != xs[member] {
            // position <= n - 1 and n >= 2 here: at most 1, never an overflow.
            share = Decimal::from(position)
                .checked_div(others)
                .map_or(Decimal::ONE, |p| p.normalize());
        }
        percentiles[member] = share;
    }
    percentiles
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(xs: &[&str]) -> Vec<Decimal> {
        xs.iter().map(|x| x.parse().unwrap()).collect()
    }

    fn shown(xs: Vec<Decimal>) -> Vec<String> {
        xs.iter().map(Decimal::to_string).collect()
    }

    #[test]
    fn ranks_share_the_best_rank_of_a_tie() {
        // E001 87.5, E002 92, E003 64.25, E004 92, E005 87.50
        let kpis = all(&["87.5", "92", "64.25", "92", "87.50"]);
        assert_eq!(rank(&kpis), vec![3, 1, 5, 1, 3]);
        assert_eq!(rank(&all(&["5", "5", "5"])), vec![1, 1, 1]);
        assert_eq!(rank(&all(&["1"])), vec![1]);
        assert_eq!(rank(&[]), Vec::<u32>::new());
    }

    #[test]
    fn percentiles_of_one_ties_and_thirds() {
        assert_eq!(shown(percentile(&all(&["64.25"]))), ["1"]);
        assert_eq!(percentile(&[]), Vec::<Decimal>::new());
        let kpis = all(&["87.5", "92", "64.25", "92", "70"]);
        assert_eq!(
            shown(percentile(&kpis)),
            ["0.5", "0.75", "0", "0.75", "0.25"]
        );
        assert_eq!(
            shown(percentile(&all(&["1", "2", "3", "4"]))),
            [
                "0",
                "0.3333333333333333333333333333",
                "0.6666666666666666666666666667",
                "1"
            ]
        );
        assert_eq!(shown(percentile(&all(&["3", "3"]))), ["0", "0"]);
    }
}
