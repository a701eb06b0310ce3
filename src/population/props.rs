//! Property tests of the population figures: what must hold for any group.

use super::{allocate, distribute, rank};
use proptest::prelude::*;
use rust_decimal::Decimal;

/// A weight or value: 0 to 1000 with up to 3 decimals, often repeated (small range) so that
/// ties happen.
fn value() -> impl Strategy<Value = Decimal> {
    prop_oneof![
        (0i64..1_000_000, 0u32..=3).prop_map(|(m, s)| Decimal::new(m, s)),
        (0i64..4).prop_map(Decimal::from),
    ]
}

/// Members E000.. with values; keys in a shuffled order so that the key tie-break is not the
/// member order.
fn members(max: usize) -> impl Strategy<Value = Vec<(String, Decimal)>> {
    prop::collection::vec(value(), 1..=max).prop_flat_map(|values| {
        let n = values.len();
        Just((0..n).map(|i| format!("E{i:03}")).collect::<Vec<_>>())
            .prop_shuffle()
            .prop_map(move |keys| keys.into_iter().zip(values.clone()).collect())
    })
}

/// A pool of up to 1,000,000.00 in cents.
fn pool() -> impl Strategy<Value = Decimal> {
    (0i64..100_000_000).prop_map(|cents| Decimal::new(cents, 2))
}

/// Grade shares in hundredths adding up to 1: cut points in 0..=100.
fn shares() -> impl Strategy<Value = Vec<Decimal>> {
    prop::collection::vec(0i64..=100, 0..5).prop_map(|mut cuts| {
        cuts.push(0);
        cuts.push(100);
        cuts.sort_unstable();
        cuts.windows(2)
            .map(|w| Decimal::new(w[1] - w[0], 2))
            .collect()
    })
}

fn borrowed(members: &[(String, Decimal)]) -> Vec<(&str, Decimal)> {
    members.iter().map(|(k, v)| (k.as_str(), *v)).collect()
}

proptest! {
    #[test]
    fn allocations_sum_to_the_pool_in_whole_cents(pool in pool(), team in members(50)) {
        let cent = Decimal::new(1, 2);
        let team = borrowed(&team);
        let total: Decimal = team.iter().map(|m| m.1).sum();
        let Ok(parts) = allocate(pool, cent, &team) else {
            prop_assert!(total.is_zero());
            return Ok(());
        };
        prop_assert_eq!(parts.iter().copied().sum::<Decimal>(), pool);
        for (part, (_, weight)) in parts.iter().zip(&team) {
            prop_assert!((*part % cent).is_zero());
            prop_assert!(*part >= Decimal::ZERO);
            // within one cent of the exact share: |part × W - pool × w| < cent × W
            let off = (*part * total - pool * *weight).abs();
            prop_assert!(off < cent * total, "{part} for {weight} of {total}");
        }
    }

    #[test]
    fn allocations_are_monotone_in_the_weight(
        pool in pool(),
        team in members(50),
        raised in any::<prop::sample::Index>(),
        by in value(),
    ) {
        let cent = Decimal::new(1, 2);
        let mut team = borrowed(&team);
        let Ok(parts) = allocate(pool, cent, &team) else { return Ok(()) };
        let mut by_weight: Vec<(Decimal, Decimal)> =
            team.iter().map(|m| m.1).zip(parts.iter().copied()).collect();
        by_weight.sort();
        for pair in by_weight.windows(2) {
            prop_assert!(pair[0].0 == pair[1].0 || pair[0].1 <= pair[1].1, "{pair:?}");
        }
        let who = raised.index(team.len());
        team[who].1 += by;
        let after = allocate(pool, cent, &team).unwrap();
        prop_assert!(after[who] >= parts[who], "{} -> {}", parts[who], after[who]);
    }

    #[test]
    fn distribute_grades_everyone_once_near_the_shares(team in members(50), shares in shares()) {
        let team = borrowed(&team);
        let n = team.len();
        let got = distribute(&team, &shares).unwrap();
        prop_assert_eq!(got.grades.len(), n);
        prop_assert_eq!(got.counts.iter().sum::<usize>(), n);
        for (grade, (&count, share)) in got.counts.iter().zip(&shares).enumerate() {
            prop_assert_eq!(got.grades.iter().filter(|&&g| g == grade).count(), count);
            let target = Decimal::from(n) * *share;
            prop_assert!((Decimal::from(count) - target).abs() < Decimal::ONE);
        }
        for (a, (key_a, value_a)) in team.iter().enumerate() {
            let mut split = false;
            for (b, (key_b, value_b)) in team.iter().enumerate() {
                // The grades are those of a sort by value, then key.
                if value_a > value_b || (value_a == value_b && key_a < key_b) {
                    prop_assert!(got.grades[a] <= got.grades[b]);
                }
                split |= value_a == value_b && got.grades[a] != got.grades[b];
            }
            // Marked exactly when someone with the same value got another grade.
            prop_assert_eq!(got.tie_broken[a], split, "member {}", a);
        }
    }

    #[test]
    fn rank_is_a_permutation_up_to_ties(team in members(50)) {
        let values: Vec<Decimal> = team.iter().map(|m| m.1).collect();
        let ranks = rank(&values);
        let mut sorted = ranks.clone();
        sorted.sort_unstable();
        for (i, r) in sorted.iter().enumerate() {
            // competition ranking: a rank is its position unless it repeats the one before
            prop_assert!(*r as usize == i + 1 || (i > 0 && *r == sorted[i - 1]));
        }
        for (a, value_a) in values.iter().enumerate() {
            for (b, value_b) in values.iter().enumerate() {
                prop_assert_eq!(value_a == value_b, ranks[a] == ranks[b]);
                prop_assert_eq!(value_a > value_b, ranks[a] < ranks[b]);
            }
        }
    }
}

/// Any decimal at all: any 96-bit mantissa, sign and scale 0..=28, zero and the extremes.
fn any_decimal() -> impl Strategy<Value = Decimal> {
    prop_oneof![
        (
            any::<u32>(),
            any::<u32>(),
            any::<u32>(),
            any::<bool>(),
            0u32..=28
        )
            .prop_map(|(lo, mid, hi, negative, scale)| Decimal::from_parts(
                lo, mid, hi, negative, scale
            )),
        Just(Decimal::MAX),
        Just(Decimal::MIN),
        Just(Decimal::ZERO),
        Just(Decimal::new(1, 28)),
    ]
}

proptest! {
    #[test]
    fn nothing_panics_on_any_decimal(
        xs in prop::collection::vec(any_decimal(), 0..8),
        pool in any_decimal(),
        unit in any_decimal(),
        shares in prop::collection::vec(any_decimal(), 0..4),
    ) {
        use super::{aggregate, percentile, Aggregate};
        for f in [Aggregate::Sum, Aggregate::Count, Aggregate::Avg, Aggregate::MinOf,
                  Aggregate::MaxOf, Aggregate::Median] {
            let _ = aggregate(f, &xs);
        }
        let _ = (rank(&xs), percentile(&xs));
        let keys: Vec<String> = (0..xs.len()).map(|i| format!("E{i:03}")).collect();
        let team: Vec<(&str, Decimal)> = keys.iter().map(String::as_str).zip(xs.clone()).collect();
        if let Ok(parts) = allocate(pool, unit, &team) {
            let sum = parts.iter().try_fold(Decimal::ZERO, |s, p| s.checked_add(*p));
            prop_assert_eq!(sum, Some(pool));
        }
        let _ = distribute(&team, &shares);
        let tiny = Decimal::new(1, 28);
        let got = distribute(&team, &[Decimal::ONE - tiny, tiny]).unwrap();
        prop_assert_eq!(got.counts.iter().sum::<usize>(), xs.len());
    }

    #[test]
    fn allocations_in_any_unit_sum_to_the_pool(
        units in 0i64..10_000_000,
        unit in prop_oneof![Just(Decimal::new(5, 2)), Just(Decimal::ONE), Just(Decimal::new(1, 6))],
        team in members(20),
    ) {
        let pool = Decimal::from(units) * unit;
        let team = borrowed(&team);
        if let Ok(parts) = allocate(pool, unit, &team) {
            prop_assert_eq!(parts.iter().copied().sum::<Decimal>(), pool);
            for part in &parts {
                prop_assert!((*part % unit).is_zero());
            }
        }
    }

    #[test]
    fn aggregates_and_percentiles_agree(team in members(50)) {
        use super::{aggregate, percentile, Aggregate};
        let values: Vec<Decimal> = team.iter().map(|m| m.1).collect();
        let of = |f| aggregate(f, &values).unwrap();
        let (low, high) = (of(Aggregate::MinOf), of(Aggregate::MaxOf));
        for middle in [of(Aggregate::Avg), of(Aggregate::Median)] {
            prop_assert!(low <= middle && middle <= high);
        }
        let percentiles = percentile(&values);
        let ranks = rank(&values);
        for (a, p) in percentiles.iter().enumerate() {
            prop_assert!(Decimal::ZERO <= *p && *p <= Decimal::ONE);
            prop_assert_eq!(p.is_zero(), values[a] == low && values.len() > 1);
            for b in 0..values.len() {
                prop_assert_eq!(values[a] < values[b], *p < percentiles[b]);
                prop_assert_eq!(ranks[a] < ranks[b], *p > percentiles[b]);
            }
        }
    }
}
