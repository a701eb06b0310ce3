//! The synthetic team of `tests/support/sample.rs`, shared by benches, tests and examples:
//! deterministic and within its ranges. (Its tests live here, not in the shared file, so that
//! a test binary including it, such as `tests/memory.rs`, runs no test but its own.)

use crate::sample::*;
use hrrules::Policy;
use rust_decimal::Decimal;

#[test]
fn the_same_seed_gives_the_same_employees_and_csv() {
    let first: Vec<_> = Employees::new(7).take(2).collect();
    assert_eq!(first[0].employee_id, "E0000001");
    assert_eq!(first, Employees::new(7).take(2).collect::<Vec<_>>());
    let mut csv = Vec::new();
    write_csv(&mut csv, 3, 7).unwrap();
    let text = String::from_utf8(csv).unwrap();
    assert_eq!(text.lines().count(), 4); // header and three employees
    assert!(text.starts_with("employee_id,name,region,base_salary,"));
}

#[test]
fn the_wide_policy_shows_every_figure() {
    let policy = Policy::from_source("wide.toml", &wide_policy(30, 4)).unwrap();
    assert_eq!(policy.outputs().count(), 30);
}

#[test]
fn ranges_hold() {
    for e in Employees::new(1).take(2000) {
        assert!(e.base_salary >= Decimal::from(6000) && e.base_salary <= Decimal::from(20000));
        assert!(e.sales_amount >= e.sales_target / Decimal::from(5));
        assert!(e.compliance >= Decimal::new(6, 1) && e.compliance <= Decimal::ONE);
        assert!(e.overtime_hours <= Decimal::from(36));
        assert!(e.absence_days <= Decimal::from(5));
        assert!(e.satisfaction <= Decimal::TEN);
    }
}

#[test]
fn range_is_inclusive_and_total() {
    let mut r = SplitMix64::new(3);
    let mut seen = [false; 5];
    for _ in 0..200 {
        seen[r.range(0, 4) as usize] = true;
    }
    assert!(seen.iter().all(|s| *s));
    assert_eq!(r.range(5, 5), 5);
    assert_eq!(r.range(9, 2), 9);
    assert_eq!(r.pick::<u8>(&[]), None);
}
