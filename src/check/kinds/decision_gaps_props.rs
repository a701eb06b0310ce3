//! Property tests: every overlap and gap the analysis reports is real (its example matches
//! two rows / no row), and it misses none that a brute-force search over a fine grid finds.

use super::*;
use crate::policy::Bound;
use proptest::prelude::*;

const NAMES: [&str; 2] = ["amount", "department"];
const TYPES: [Ty; 2] = [Ty::Money, Ty::Text];
const TEXTS: [&str; 3] = ["sales", "production", "rnd"];

fn bound() -> impl Strategy<Value = Option<Bound>> {
    proptest::option::of((0i64..5, any::<bool>()).prop_map(|(at, inclusive)| Bound {
        at: Decimal::from(at),
        inclusive,
    }))
}

fn numeric() -> impl Strategy<Value = Cond> {
    prop_oneof![
        Just(Cond::Any),
        (bound(), bound()).prop_map(|(lo, hi)| Cond::Range(lo, hi)),
        (0i64..5).prop_map(|n| Cond::Set(vec![Value::Number(Decimal::from(n))])),
    ]
}

fn text() -> impl Strategy<Value = Cond> {
    prop_oneof![
        Just(Cond::Any),
        proptest::sample::subsequence(TEXTS.to_vec(), 1..=2)
            .prop_map(|s| Cond::Set(s.into_iter().map(Value::from).collect())),
    ]
}

fn rows() -> impl Strategy<Value = Vec<Row>> {
    proptest::collection::vec((numeric(), text()), 1..5).prop_map(|rs| {
        rs.into_iter()
            .map(|(a, b)| Row {
                when: vec![a, b],
                then: Vec::new(),
                span: Span::default(),
            })
            .collect()
    })
}

/// The values an example shows, read back.
fn values(example: &Example) -> Vec<Value> {
    example
        .iter()
        .map(|(_, shown)| match shown.strip_prefix('"') {
            Some(t) => Value::from(t.trim_end_matches('"')),
            None if shown == "any other text" => Value::from("elsewhere"),
            None => Value::Number(shown.parse().unwrap()),
        })
        .collect()
}

fn matching(rows: &[Row], vs: &[Value]) -> Vec<usize> {
    (0..rows.len())
        .filter(|&r| rows[r].when.iter().zip(vs).all(|(c, v)| c.matches(v)))
        .collect()
}

/// Every combination of a fine grid: each half step from -1 to 6, each text and one other.
fn grid() -> Vec<Vec<Value>> {
    let mut out = Vec::new();
    for half in -2..=12 {
        for t in TEXTS.iter().chain(["elsewhere"].iter()) {
            out.push(vec![
                Value::Number(Decimal::new(half * 5, 1)),
                Value::from(*t),
            ]);
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn reported_overlaps_and_gaps_are_real(rows in rows(), unique in any::<bool>()) {
        let hit = if unique { HitPolicy::Unique } else { HitPolicy::First };
        let mut errs = Vec::new();
        analyse(hit, &NAMES, &TYPES, &rows, (false, Span::default()), &mut errs);
        let mut gap = false;
        let mut overlap = false;
        for (e, _) in &errs {
            match e {
                TableProblem::Overlap { first, second, example } => {
                    let m = matching(&rows, &values(example));
                    prop_assert!(m.contains(&(first - 1)) && m.contains(&(second - 1)), "{e}");
                    overlap = true;
                }
                TableProblem::Gap { example } => {
                    prop_assert!(matching(&rows, &values(example)).is_empty(), "{e}");
                    gap = true;
                }
                TableProblem::NeverFires { row, .. } => {
                    for vs in grid() {
                        let first = matching(&rows, &vs).first().copied();
                        prop_assert_ne!(first, Some(row - 1), "{}", e);
                    }
                }
                _ => {}
            }
        }
        // and none is missed on the grid
        let grid = grid();
        let grid_gap = grid.iter().any(|vs| matching(&rows, vs).is_empty());
        prop_assert_eq!(gap, grid_gap);
        if unique {
            let grid_overlap = grid.iter().any(|vs| matching(&rows, vs).len() > 1);
            prop_assert_eq!(overlap, grid_overlap);
        }
    }
}
