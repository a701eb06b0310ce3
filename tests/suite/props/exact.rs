//! The exactness rule (issue 6, defect 6): for any decimals `a` and `b`, `a + b`, `a - b` and
//! `a * b` evaluate to the exact mathematical result, or fail with the "needs more than 28
//! significant digits" error (or overflow, for results of 29 integer digits and more).
//! Checked against an independent exact method: schoolbook decimal arithmetic on digit
//! vectors, sharing nothing with rust_decimal.

use super::{config, period};
use hrrules::{EvalError, Plan, Policy, Value};
use proptest::prelude::*;
use rust_decimal::Decimal;
use std::cmp::Ordering;

/// An exact decimal: sign, magnitude digits (least significant first), scale.
#[derive(Clone, Debug)]
struct Big {
    negative: bool,
    digits: Vec<u8>,
    scale: u32,
}

impl Big {
    fn of(d: Decimal) -> Big {
        let m = d.mantissa();
        let digits = m
            .unsigned_abs()
            .to_string()
            .bytes()
            .rev()
            .map(|b| b - b'0')
            .collect();
        Big {
            negative: m < 0,
            digits,
            scale: d.scale(),
        }
        .trimmed()
    }

    /// Without leading zeros, without trailing zeros after the point; zero is positive.
    fn trimmed(mut self) -> Big {
        while self.scale > 0 && self.digits.first() == Some(&0) {
            self.digits.remove(0);
            self.scale -= 1;
        }
        while self.digits.last() == Some(&0) {
            self.digits.pop();
        }
        if self.digits.is_empty() {
            self.negative = false;
            self.scale = 0;
        }
        self
    }

    fn at_scale(&self, scale: u32) -> Vec<u8> {
        let mut v = vec![0; (scale - self.scale) as usize];
        v.extend_from_slice(&self.digits);
        v
    }

    fn add(&self, other: &Big) -> Big {
        let scale = self.scale.max(other.scale);
        let (x, y) = (self.at_scale(scale), other.at_scale(scale));
        let (digits, negative) = if self.negative == other.negative {
            (add_mag(&x, &y), self.negative)
        } else if cmp_mag(&x, &y) != Ordering::Less {
            (sub_mag(&x, &y), self.negative)
        } else {
            (sub_mag(&y, &x), other.negative)
        };
        Big {
            negative,
            digits,
            scale,
        }
        .trimmed()
    }

    fn neg(&self) -> Big {
        Big {
            negative: !self.negative,
            ..self.clone()
        }
        .trimmed()
    }

    fn mul(&self, other: &Big) -> Big {
        let mut out = vec![0u32; self.digits.len() + other.digits.len() + 1];
        for (i, &a) in self.digits.iter().enumerate() {
            for (j, &b) in other.digits.iter().enumerate() {
                out[i + j] += u32::from(a) * u32::from(b);
            }
        }
        let mut digits = Vec::with_capacity(out.len());
        let mut carry = 0;
        for v in out {
            let t = v + carry;
            digits.push((t % 10) as u8);
            carry = t / 10;
        }
        Big {
            negative: self.negative != other.negative,
            digits,
            scale: self.scale + other.scale,
        }
        .trimmed()
    }

    /// Whether a decimal holds this value exactly: at most 28 places and a mantissa of at
    /// most 79228162514264337593543950335.
    fn fits(&self) -> bool {
        let max = Big::of(Decimal::MAX).digits;
        self.scale <= 28 && cmp_mag(&self.digits, &max) != Ordering::Greater
    }

    /// Digits before the point.
    fn integer_digits(&self) -> usize {
        self.digits.len().saturating_sub(self.scale as usize)
    }

    fn same(&self, other: &Big) -> bool {
        self.negative == other.negative && self.scale == other.scale && self.digits == other.digits
    }
}

fn cmp_mag(x: &[u8], y: &[u8]) -> Ordering {
    let len = |v: &[u8]| v.iter().rposition(|&d| d != 0).map_or(0, |p| p + 1);
    let (lx, ly) = (len(x), len(y));
    lx.cmp(&ly)
        .then_with(|| x[..lx].iter().rev().cmp(y[..ly].iter().rev()))
}

fn add_mag(x: &[u8], y: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut carry = 0;
    for i in 0..x.len().max(y.len()) + 1 {
        let t = x.get(i).copied().unwrap_or(0) + y.get(i).copied().unwrap_or(0) + carry;
        out.push(t % 10);
        carry = t / 10;
    }
    out
}

/// `x - y` for `x >= y`.
fn sub_mag(x: &[u8], y: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut borrow = 0i8;
    for (i, &xd) in x.iter().enumerate() {
        let mut t = xd as i8 - y.get(i).copied().unwrap_or(0) as i8 - borrow;
        borrow = i8::from(t < 0);
        if t < 0 {
            t += 10;
        }
        out.push(t as u8);
    }
    out
}

/// Decimals of every size: small amounts, mantissas near 96 bits, 0 to 28 places.
fn any_decimal() -> impl Strategy<Value = Decimal> {
    let max = Decimal::MAX.mantissa();
    let mantissa = prop_oneof![
        -1_000_000i128..1_000_000,
        0i128..=max,
        (0i128..10).prop_map(|k| 10i128.pow(28) + k),
        (0i128..1_000).prop_map(move |k| max - k),
        Just(1i128),
    ];
    (mantissa, 0u32..=28, any::<bool>()).prop_map(|(m, scale, negative)| {
        let m = if negative { -m } else { m };
        Decimal::from_i128_with_scale(m, scale)
    })
}

fn plan_for(op: &str) -> (Policy, Plan) {
    let text = format!(
        "[policy]\nname = \"exact\"\neffective = 2024-01-01\n\n[inputs]\na = \"number\"\n\
         b = \"number\"\n\n[values]\nr = \"a {op} b\"\n"
    );
    let policy = Policy::from_source("exact.toml", &text).expect("checks");
    let plan = policy.plan(period()).expect("plans");
    (policy, plan)
}

fn check(policy: &Policy, plan: &Plan, a: Decimal, b: Decimal, exact: &Big) {
    let mut inputs = policy.inputs();
    inputs.set("a", a).expect("a number");
    inputs.set("b", b).expect("a number");
    match plan.evaluate(&inputs) {
        Ok(e) => {
            let Some(Value::Number(r)) = e.get("r") else {
                panic!("no result for {a}, {b}");
            };
            assert!(
                Big::of(*r).same(exact),
                "{a}, {b}: got {r}, exact {exact:?}"
            );
        }
        Err(EvalError::Inexact { .. }) => {
            assert!(
                !exact.fits(),
                "{a}, {b}: exact {exact:?} fits, reported inexact"
            );
        }
        Err(EvalError::Overflow { .. }) => {
            assert!(
                exact.integer_digits() >= 29,
                "{a}, {b}: overflow for {exact:?}"
            );
        }
        Err(e) => panic!("{a}, {b}: {e}"),
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn sums_differences_and_products_are_exact_or_an_error(
        a in any_decimal(),
        b in any_decimal(),
    ) {
        thread_local! {
            static PLANS: [(Policy, Plan); 3] = [plan_for("+"), plan_for("-"), plan_for("*")];
        }
        let (x, y) = (Big::of(a), Big::of(b));
        PLANS.with(|plans| {
            check(&plans[0].0, &plans[0].1, a, b, &x.add(&y));
            check(&plans[1].0, &plans[1].1, a, b, &x.add(&y.neg()));
            check(&plans[2].0, &plans[2].1, a, b, &x.mul(&y));
        });
    }
}

#[test]
fn the_independent_arithmetic_agrees_on_small_cases() {
    let d = |s: &str| Big::of(s.parse::<Decimal>().unwrap());
    assert!(d("0.1").add(&d("0.2")).same(&d("0.3")));
    assert!(d("1.5").add(&d("-2.25")).same(&d("-0.75")));
    assert!(d("-1.5").mul(&d("0.20")).same(&d("-0.3")));
    assert!(d("100").add(&d("-100.00")).same(&d("0")));
    assert!(!d("10000000000000000000000000000").add(&d("0.1")).fits());
    assert!(d("79228162514264337593543950335").fits());
}
