//! The project cost split (issue 8, item 5): `attendance::split` on the cases in
//! tests/fixtures/split/cases (`err_*` ones show the error), properties of the rule, and the
//! renderer `report::split::SplitWriter` in its three formats.
//!
//! A case file is `# comments`, `amount = D`, `scale = N`, then one `name = minutes` per part.

use std::fmt::Write as _;

use hrrules::attendance::{split, CostSplit, SplitError};
use hrrules::report::split::SplitWriter;
use hrrules::Format;
use proptest::prelude::*;
use rust_decimal::Decimal;

struct Case {
    amount: Decimal,
    scale: u32,
    parts: Vec<(String, u64)>,
}

fn read_case(text: &str) -> Case {
    let mut case = Case {
        amount: Decimal::ZERO,
        scale: 2,
        parts: Vec::new(),
    };
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (name, value) = line.split_once('=').expect("name = value");
        let (name, value) = (name.trim(), value.trim());
        match name {
            "amount" => case.amount = value.parse().expect("amount"),
            "scale" => case.scale = value.parse().expect("scale"),
            _ => case
                .parts
                .push((name.to_string(), value.parse().expect("minutes"))),
        }
    }
    case
}

fn show(case: &Case) -> String {
    let parts: Vec<(&str, u64)> = case.parts.iter().map(|(n, w)| (n.as_str(), *w)).collect();
    let mut out = format!("amount {} at {} places\n", case.amount, case.scale);
    match split(case.amount, case.scale, &parts) {
        Ok(shares) => {
            let total: u64 = parts.iter().map(|(_, w)| w).sum();
            for ((name, minutes), share) in parts.iter().zip(&shares) {
                let exact = if total == 0 {
                    Decimal::ZERO
                } else {
                    case.amount * Decimal::from(*minutes) / Decimal::from(total)
                };
                let _ = writeln!(
                    out,
                    "{name:<12} {minutes:>6} min  exact {:<14} part {share}",
                    exact.round_dp(6).normalize()
                );
            }
            let sum: Decimal = shares.iter().sum();
            let _ = writeln!(out, "sum {sum}");
        }
        Err(e) => {
            let _ = writeln!(out, "error: {e}");
        }
    }
    out
}

#[test]
fn cases() {
    insta::glob!("../fixtures/split/cases", "*.txt", |path| {
        let text = std::fs::read_to_string(path).expect("fixture");
        insta::assert_snapshot!(show(&read_case(&text)));
    });
}

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

#[test]
fn errors_carry_what_triggered_them() {
    assert_eq!(
        split(dec("8000.00"), 2, &[]),
        Err(SplitError::NothingToSplitOver {
            amount: dec("8000.00")
        })
    );
    assert_eq!(split(Decimal::ZERO, 2, &[]), Ok(vec![]));
    assert_eq!(
        split(dec("1"), 29, &[("a", 1)]),
        Err(SplitError::OutOfRange {
            amount: dec("1"),
            scale: 29
        })
    );
    assert_eq!(
        split(dec("1"), 0, &[("a", u64::MAX), ("b", 1)]),
        Err(SplitError::TooMuchWeight {
            total: u128::from(u64::MAX) + 1
        })
    );
    // Trailing zeros are no extra places: 100.500 is 100.50.
    assert_eq!(
        split(dec("100.500"), 2, &[("a", 1)]),
        Ok(vec![dec("100.50")])
    );
}

#[test]
fn parts_have_the_split_scale_and_no_negative_zero() {
    let shares = split(dec("-0.01"), 2, &[("a", 1), ("b", 1), ("c", 0)]).unwrap();
    let shown: Vec<String> = shares.iter().map(Decimal::to_string).collect();
    assert_eq!(shown, ["-0.01", "0.00", "0.00"]);
    let shares = split(dec("7"), 2, &[("a", 1), ("b", 2)]).unwrap();
    let shown: Vec<String> = shares.iter().map(Decimal::to_string).collect();
    assert_eq!(shown, ["2.33", "4.67"]);
}

#[test]
fn the_largest_amount_splits() {
    let max = Decimal::MAX;
    let shares = split(max, 0, &[("a", u64::MAX - 1), ("b", 1)]).unwrap();
    assert_eq!(shares.iter().sum::<Decimal>(), max);
}

#[test]
fn cost_split_totals_and_leaves_totals_alone_on_an_error() {
    let mut run = CostSplit::new(["knee_gen3", "spine_cage", "hip_stem"], 2);
    run.add(dec("1000.00"), &[60, 60, 60]).unwrap();
    let err = run.add(dec("8000.00"), &[0, 0, 0]).unwrap_err();
    assert_eq!(err.to_string(), "no project hours to split 8000.00 over");
    run.add(dec("0.02"), &[0, 60, 60]).unwrap();
    let totals: Vec<String> = run
        .projects()
        .map(|p| format!("{} {} {}", p.project, p.hours(), p.amount))
        .collect();
    assert_eq!(
        totals,
        [
            "knee_gen3 1 333.33",
            "spine_cage 2 333.34",
            "hip_stem 2 333.35"
        ]
    );
    assert_eq!(run.total().amount.to_string(), "1000.02");
    assert_eq!(run.employees(), 2);
    let mut big = CostSplit::new(["knee_gen3"], 0);
    big.add(Decimal::MAX, &[1]).unwrap();
    assert_eq!(
        big.add(Decimal::MAX, &[1]),
        Err(SplitError::TotalTooLarge {
            project: Some("knee_gen3".to_string())
        })
    );
    assert_eq!(big.total().amount, Decimal::MAX);
}

/// A small run rendered in `format`: two engineers, one error, a clawback.
fn rendered(format: Format) -> String {
    let mut run = CostSplit::new(["knee_gen3", "spine_cage", "hip_stem"], 2);
    let mut out = SplitWriter::new(Vec::new(), format);
    let rows = [
        ("E201", "8888.88", [4200u64, 3000, 2400]),
        ("E202", "1000.00", [0, 4800, 0]),
        ("E203", "500.00", [0, 0, 0]),
        ("TOTAL", "-100.00", [60, 60, 60]),
    ];
    for (id, amount, minutes) in rows {
        match run.add(dec(amount), &minutes) {
            Ok(parts) => out.employee(id, &parts).unwrap(),
            Err(e) => out.error(id, &e.to_string()).unwrap(),
        }
    }
    String::from_utf8(out.finish(&run).unwrap()).unwrap()
}

#[test]
fn rendered_as_a_table() {
    insta::assert_snapshot!(rendered(Format::Table));
}

#[test]
fn rendered_as_csv() {
    insta::assert_snapshot!(rendered(Format::Csv));
}

#[test]
fn rendered_as_json() {
    let text = rendered(Format::Json);
    let parsed: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    assert_eq!(parsed["total"]["amount"], "9788.88");
    insta::assert_snapshot!(text);
}

#[test]
fn nothing_to_render() {
    let run = CostSplit::new(["knee_gen3"], 2);
    let shown: Vec<String> = [Format::Table, Format::Csv, Format::Json]
        .into_iter()
        .map(|format| {
            let out = SplitWriter::new(Vec::new(), format).finish(&run).unwrap();
            String::from_utf8(out).unwrap()
        })
        .collect();
    let _: serde_json::Value = serde_json::from_str(&shown[2]).expect("valid JSON");
    insta::assert_snapshot!(shown.join("=====\n"));
}

/// Weights of parts, often 0 or equal so ties happen; [`named`] gives them distinct names
/// that sort in the reverse of their order (`z_0`, `y_1`, ...).
fn parts() -> impl Strategy<Value = Vec<u64>> {
    prop::collection::vec(
        prop_oneof![Just(0u64), Just(60), Just(90), 0u64..10_000, any::<u64>()],
        1..8,
    )
    .prop_filter("weights fit u64 in total", |ws| {
        ws.iter().map(|w| u128::from(*w)).sum::<u128>() <= u128::from(u64::MAX)
    })
}

fn named(weights: &[u64]) -> Vec<(String, u64)> {
    weights
        .iter()
        .enumerate()
        .map(|(i, w)| (format!("{}_{i}", char::from(b'z' - i as u8)), *w))
        .collect()
}

fn borrowed(parts: &[(String, u64)]) -> Vec<(&str, u64)> {
    parts.iter().map(|(n, w)| (n.as_str(), *w)).collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

    /// The parts sum exactly to the amount; each is within one unit of the last place of its
    /// exact share, and on the same side of zero; parts of weight 0 are 0.
    #[test]
    fn parts_sum_exactly_and_stay_within_a_unit(
        units in prop_oneof![-1_000_000_000i64..1_000_000_000, any::<i64>()],
        scale in prop::sample::select(vec![0u32, 2]),
        weights in parts(),
    ) {
        let amount = Decimal::new(units, scale);
        let parts = named(&weights);
        let shares = split(amount, scale, &borrowed(&parts));
        let total: u128 = weights.iter().map(|w| u128::from(*w)).sum();
        if total == 0 {
            prop_assert_eq!(shares.is_err(), units != 0);
            return Ok(());
        }
        let shares = shares.unwrap();
        prop_assert_eq!(shares.iter().sum::<Decimal>(), amount);
        for (share, w) in shares.iter().zip(&weights) {
            prop_assert_eq!(share.scale(), scale);
            // |share - amount * w / total| < 1 unit, in integers: |share * total - units * w| < total.
            let share_units = share.mantissa();
            let off = share_units * total as i128 - i128::from(units) * i128::from(*w);
            prop_assert!(off.unsigned_abs() < total, "{share} for weight {w} of {total}");
            if *w == 0 {
                prop_assert!(share.is_zero());
            }
            prop_assert!(share.is_zero() || share.is_sign_negative() == amount.is_sign_negative());
        }
    }

    /// Reordering the parts (the same names and weights) changes no part's amount.
    #[test]
    fn order_of_parts_changes_nothing(
        units in any::<i64>(),
        scale in prop::sample::select(vec![0u32, 2]),
        weights in parts(),
        seed in any::<u64>(),
    ) {
        let amount = Decimal::new(units, scale);
        let parts = named(&weights);
        let Ok(shares) = split(amount, scale, &borrowed(&parts)) else { return Ok(()); };
        let mut shuffled: Vec<usize> = (0..parts.len()).collect();
        let mut x = seed | 1;
        for i in (1..shuffled.len()).rev() {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            shuffled.swap(i, (x % (i as u64 + 1)) as usize);
        }
        let reordered: Vec<(String, u64)> = shuffled.iter().map(|&i| parts[i].clone()).collect();
        let again = split(amount, scale, &borrowed(&reordered)).unwrap();
        for (k, &i) in shuffled.iter().enumerate() {
            prop_assert_eq!(again[k], shares[i], "part {}", parts[i].0);
        }
    }

    /// A clawback is the amount's split negated.
    #[test]
    fn negative_amounts_split_symmetrically(units in 0i64..i64::MAX, weights in parts()) {
        let parts = named(&weights);
        let up = split(Decimal::new(units, 2), 2, &borrowed(&parts));
        let down = split(Decimal::new(-units, 2), 2, &borrowed(&parts));
        match (up, down) {
            (Ok(up), Ok(down)) => {
                let negated: Vec<Decimal> = up.iter().map(|d| if d.is_zero() { *d } else { -d }).collect();
                prop_assert_eq!(negated, down);
            }
            (up, down) => prop_assert_eq!(up.is_err(), down.is_err()),
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, failure_persistence: None, ..ProptestConfig::default() })]

    /// Over a run, each project's total is the sum of its parts, and the projects' totals
    /// sum to the grand total, which is the sum of the amounts split (employees with no
    /// hours are left out of every total).
    #[test]
    fn run_totals_add_up(
        employees in prop::collection::vec(
            (-10_000_000i64..100_000_000, prop::collection::vec(prop_oneof![Just(0u64), 0u64..20_000], 3)),
            0..20,
        ),
    ) {
        let mut run = CostSplit::new(["knee_gen3", "spine_cage", "hip_stem"], 2);
        let mut by_project = [Decimal::ZERO; 3];
        let mut split_total = Decimal::ZERO;
        for (cents, minutes) in &employees {
            let amount = Decimal::new(*cents, 2);
            let Ok(parts) = run.add(amount, minutes) else {
                prop_assert!(minutes.iter().all(|m| *m == 0));
                continue;
            };
            split_total += amount;
            for part in parts {
                let i = ["knee_gen3", "spine_cage", "hip_stem"].iter().position(|p| *p == part.project).unwrap();
                prop_assert!(part.minutes > 0);
                by_project[i] += part.amount;
            }
        }
        let totals: Vec<Decimal> = run.projects().map(|p| p.amount).collect();
        prop_assert_eq!(&totals, &by_project.to_vec());
        prop_assert_eq!(run.total().amount, split_total);
        prop_assert_eq!(totals.iter().sum::<Decimal>(), split_total);
    }
}
