//! `allocate`: a pool split in proportion to weights, in whole units, to the exact total.

use super::integer::{at_scale, key_positions, mul_div_rem};
use super::GroupProblem;
use rust_decimal::Decimal;

/// allocate: splits `pool` among members in proportion to their weight, in whole `unit`s
/// (unit = 0.01 for cents), so that the parts sum EXACTLY to pool.
///
/// Method: each member gets floor(pool * w / W) units; the units left over go one each to the
/// members with the largest remainders, ties broken by employee key (ascending, byte order;
/// members with the same key, in the order given). Computed in integers (i128: pool in
/// units, weights scaled to a common scale; a 256-bit product where pool × weight passes
/// i128), never by decimal division, so the remainders compare exactly; an overflow is
/// Err(TooLarge), never a panic. Each part is within one unit of the exact proportional
/// share, and a larger weight never gets a smaller part.
///
/// `members` are `(employee key, weight)`; the parts come back in the same order, each at
/// the unit's scale (`33.34`, `0.00` for cents).
///
/// Errors: the total weight is zero -> ZeroWeight (also for no members); a negative weight
/// -> NegativeWeight{key}; pool negative -> NegativePool; pool not a whole number of units ->
/// PoolNotWhole; a unit of zero or less -> UnitNotPositive. O(n log n).
pub(crate) fn allocate(
    pool: Decimal,
    unit: Decimal,
    members: &[(&str, Decimal)],
) -> Result<Vec<Decimal>, GroupProblem> {
    let units = pool_in_units(pool, unit)?;
    let weights = integer_weights(members)?;
    let total = weights
        .iter()
        .try_fold(0i128, |sum, w| sum.checked_add(*w))
        .ok_or(GroupProblem::TooLarge)?;
    if total == 0 {
        return Err(GroupProblem::ZeroWeight);
    }
    let mut parts = Vec::with_capacity(weights.len());
    let mut remainders = Vec::with_capacity(weights.len());
    let mut handed_out = 0i128;
    for &weight in &weights {
        let (part, remainder) = mul_div_rem(units, weight, total)?;
        handed_out += part; // at most `units`: the floors of shares that add up to it
        parts.push(part);
        remainders.push(remainder);
    }
    // What is left is fewer than the members (each floor lost less than one unit).
    let left = usize::try_from(units - handed_out).map_err(|_| GroupProblem::TooLarge)?;
    if left > 0 {
        // The `left` largest remainders, ties by key position: a selection, not a sort.
        let keys: Vec<&str> = members.iter().map(|(k, _)| *k).collect();
        let at = key_positions(&keys);
        let mut order: Vec<usize> = (0..members.len()).collect();
        let by = |&a: &usize, &b: &usize| remainders[b].cmp(&remainders[a]).then(at[a].cmp(&at[b]));
        if left < order.len() {
            order.select_nth_unstable_by(left, by);
        }
        for &member in order.iter().take(left) {
            parts[member] += 1;
        }
    }
    parts
        .into_iter()
        .map(|part| {
            let amount = part
                .checked_mul(unit.mantissa())
                .ok_or(GroupProblem::TooLarge)?;
            part_at_scale(amount, unit.scale())
        })
        .collect()
}

/// `amount × 10^-scale` as a decimal: at the unit's scale when it fits, else with its
/// trailing zeros dropped (a part of 26409387504754779197847983445.00 has 31 digits at
/// cents but is exactly 26409387504754779197847983445), else TooLarge.
fn part_at_scale(mut amount: i128, mut scale: u32) -> Result<Decimal, GroupProblem> {
    loop {
        match Decimal::try_from_i128_with_scale(amount, scale) {
            Ok(d) => return Ok(d),
            Err(_) if scale > 0 && amount % 10 == 0 => {
                amount /= 10;
                scale -= 1;
            }
            Err(_) => return Err(GroupProblem::TooLarge),
        }
    }
}

/// The pool as a whole number of units, checked: not negative, a whole number of a unit
/// above zero.
fn pool_in_units(pool: Decimal, unit: Decimal) -> Result<i128, GroupProblem> {
    if unit <= Decimal::ZERO {
        return Err(GroupProblem::UnitNotPositive { unit });
    }
    if pool < Decimal::ZERO {
        return Err(GroupProblem::NegativePool { pool });
    }
    let scale = pool.scale().max(unit.scale());
    let (pool_at, unit_at) = (at_scale(pool, scale)?, at_scale(unit, scale)?);
    if pool_at % unit_at != 0 {
        return Err(GroupProblem::PoolNotWhole { pool, unit });
    }
    Ok(pool_at / unit_at)
}

/// The weights as integers at their common scale (trailing zeros dropped first, so 87.50
/// and 92 are 875 and 920), checked: none negative.
fn integer_weights(members: &[(&str, Decimal)]) -> Result<Vec<i128>, GroupProblem> {
    if let Some((key, weight)) = members.iter().find(|(_, w)| *w < Decimal::ZERO) {
        return Err(GroupProblem::NegativeWeight {
            key: (*key).to_owned(),
            weight: *weight,
        });
    }
    let normal: Vec<Decimal> = members.iter().map(|(_, w)| w.normalize()).collect();
    let scale = normal.iter().map(Decimal::scale).max().unwrap_or(0);
    normal.into_iter().map(|w| at_scale(w, scale)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn split(pool: &str, members: &[(&str, &str)]) -> Result<Vec<String>, GroupProblem> {
        let members: Vec<(&str, Decimal)> = members.iter().map(|(k, w)| (*k, d(w))).collect();
        let parts = allocate(d(pool), d("0.01"), &members)?;
        Ok(parts.iter().map(Decimal::to_string).collect())
    }

    #[test]
    fn a_pool_of_the_largest_decimal_is_split_in_cents() {
        let pool = Decimal::MAX.to_string();
        let parts = split(&pool, &[("E001", "1"), ("E002", "1"), ("E003", "1")]).unwrap();
        // 7,922,816,251,426,433,759,354,395,033,500 cents split three ways exactly; each
        // part is a whole number of yuan, too wide for a decimal with two places.
        assert_eq!(parts, ["26409387504754779197847983445"; 3]);
        let parts = split(&pool, &[("E001", "2"), ("E002", "1")]).unwrap();
        assert_eq!(
            parts,
            [
                "52818775009509558395695966890",
                "26409387504754779197847983445"
            ]
        );
        // Halves end in 0.50 yuan: 39614081257132168796771975167.5 has 30 digits.
        let halves = split(&pool, &[("E001", "1"), ("E002", "1")]);
        assert_eq!(halves.unwrap_err(), GroupProblem::TooLarge);
    }

    #[test]
    fn three_equal_the_extra_cent_to_the_lowest_key() {
        let parts = split("100.00", &[("E007", "1"), ("E002", "1"), ("E004", "1")]).unwrap();
        assert_eq!(parts, ["33.33", "33.34", "33.33"]);
    }

    #[test]
    fn a_team_of_twelve_splits_fifty_thousand_by_kpi() {
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
            ("E012", "54.25"),
        ];
        let parts = split("50000.00", &team).unwrap();
        let total: Decimal = parts.iter().map(|p| d(p)).sum();
        assert_eq!(total.to_string(), "50000.00");
        // W = 959.8. In cents, the exact shares' fractions are E012 .961, E011 .909,
        // E008 .903, E007 .734, E005 .653, then E002 and E006 (92 each: 479266.514) tie on
        // .514; the floors leave 6 cents, so the first five get one and the sixth goes to
        // E002, the lower key: 4792.67 against E006's 4792.66.
        assert_eq!(
            parts,
            [
                "4558.24", "4792.67", "3347.05", "5277.14", "4063.35", "4792.66", "2891.23",
                "4623.36", "3646.59", "4961.97", "4219.63", "2826.11"
            ]
        );
    }

    #[test]
    fn a_tie_in_remainder_goes_to_the_lower_key() {
        // 10.01 by weights 1:2:1:2:1:1 (8 in all) is 1001 cents: 125.125 for each weight of
        // 1, 250.25 for each of 2. The floors give 125×4 + 250×2 = 1000, one cent left; .25
        // beats .125, and E009 and E003 tie on .25: E003, the lower key, gets it.
        let parts = split(
            "10.01",
            &[
                ("E011", "1"),
                ("E009", "2"),
                ("E001", "1"),
                ("E003", "2"),
                ("E005", "1"),
                ("E002", "1"),
            ],
        )
        .unwrap();
        assert_eq!(parts, ["1.25", "2.50", "1.25", "2.51", "1.25", "1.25"]);
    }

    #[test]
    fn errors_in_words() {
        let err = |pool: &str, unit: &str, members: &[(&str, &str)]| {
            let members: Vec<(&str, Decimal)> = members.iter().map(|(k, w)| (*k, d(w))).collect();
            allocate(d(pool), d(unit), &members)
                .unwrap_err()
                .to_string()
        };
        assert_eq!(
            err("50000", "0.01", &[("E001", "0"), ("E002", "0")]),
            "the weights sum to zero: nobody to split the pool among"
        );
        assert_eq!(
            err("50000", "0.01", &[]),
            "the weights sum to zero: nobody to split the pool among"
        );
        assert_eq!(
            err("50000", "0.01", &[("E001", "5"), ("E021", "-3")]),
            "E021 has a negative weight (-3)"
        );
        assert_eq!(
            err("50000.005", "0.01", &[("E001", "1")]),
            "the pool 50000.005 is not a whole number of 0.01"
        );
        assert_eq!(
            err("-50000", "0.01", &[("E001", "1")]),
            "the pool -50000 is negative: only a pool of zero or more can be split"
        );
        assert_eq!(
            err("50000", "0", &[("E001", "1")]),
            "the pool cannot be split in units of 0: the unit must be above zero"
        );
        assert_eq!(
            err(
                "79228162514264337593543950335",
                "0.0000000000001",
                &[("E001", "1")]
            ),
            "the figures are too large to split exactly (a part with more than 28 digits, or arithmetic past 38)"
        );
    }

    #[test]
    fn edges_do_not_panic() {
        let one = [("E001", d("0.0000000000000000000000000001"))];
        assert_eq!(allocate(d("0.00"), d("0.01"), &one), Ok(vec![d("0.00")]));
        let wide = [
            ("E001", Decimal::MAX),
            ("E002", d("0.0000000000000000000000000001")),
        ];
        assert_eq!(
            allocate(d("100"), d("1"), &wide),
            Err(GroupProblem::TooLarge)
        );
        let big = [("E001", Decimal::MAX), ("E002", Decimal::ONE)];
        let parts = allocate(Decimal::MAX, Decimal::ONE, &big).unwrap();
        assert_eq!(parts[0].checked_add(parts[1]), Some(Decimal::MAX));
    }
}
