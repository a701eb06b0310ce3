//! Tiers and curves at run time.

use super::exact::{add, mul, sub, Arith, Loss};
use crate::check::ir::Bracket;
use crate::vocab::TierMode;
use rust_decimal::Decimal;

/// A tier's brackets, with the pay of every full marginal slice summed in advance.
#[derive(Clone, Debug)]
pub(crate) struct TierTable {
    pub mode: TierMode,
    pub brackets: Vec<Bracket>,
    /// `below[i]`: the marginal pay of all slices before bracket `i`, or why it has no exact
    /// value.
    below: Vec<Result<Decimal, Loss>>,
}

/// What a tier pays on one base.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Payment {
    /// The tier's amount (before any cap).
    pub amount: Decimal,
    /// The rate of the bracket reached (0 below the first).
    pub rate: Decimal,
    /// The amount of the bracket reached (0 below the first).
    pub bracket_amount: Decimal,
    /// Index of the bracket reached.
    pub bracket: Option<usize>,
}

impl TierTable {
    pub(crate) fn new(mode: TierMode, brackets: Vec<Bracket>) -> TierTable {
        let mut below = Vec::with_capacity(brackets.len());
        let mut acc = Ok(Decimal::ZERO);
        for (i, b) in brackets.iter().enumerate() {
            below.push(acc);
            if let Some(next) = brackets.get(i + 1) {
                acc = acc.and_then(|a| {
                    sub(next.start, b.start)
                        .and_then(|w| mul(w, b.rate))
                        .and_then(|p| add(a, p))
                });
            }
        }
        TierTable {
            mode,
            brackets,
            below,
        }
    }

    /// The bracket `base` falls in: the last one whose start it reaches (`from`: at least the
    /// start; `above`: more than the start).
    pub(crate) fn bracket_of(&self, base: Decimal) -> Option<usize> {
        // Starts are strictly ascending, so the brackets reached are a prefix: a binary
        // search finds its end (three comparisons for a seven-bracket tax table).
        let reached = self.brackets.partition_point(|b| {
            if b.inclusive {
                base >= b.start
            } else {
                base > b.start
            }
        });
        reached.checked_sub(1)
    }

    /// What the tier pays on `base`: exactly (`Err` when that has no exact decimal value),
    /// or, for a base that is a division's rounded result, to 28 significant digits.
    pub(crate) fn pay(&self, base: Decimal, arith: Arith) -> Result<Payment, Loss> {
        let Some(k) = self.bracket_of(base) else {
            return Ok(Payment {
                amount: Decimal::ZERO,
                rate: Decimal::ZERO,
                bracket_amount: Decimal::ZERO,
                bracket: None,
            });
        };
        let b = self.brackets[k];
        let amount = match self.mode {
            TierMode::Flat => arith.mul(base, b.rate).and_then(|p| arith.add(p, b.amount)),
            TierMode::Marginal => self.below[k].and_then(|below| {
                arith
                    .sub(base, b.start)
                    .and_then(|w| arith.mul(w, b.rate))
                    .and_then(|p| arith.add(p, below))
                    .and_then(|p| arith.add(p, b.amount))
            }),
        }?;
        Ok(Payment {
            amount,
            rate: b.rate,
            bracket_amount: b.amount,
            bracket: Some(k),
        })
    }

    /// The marginal slices paid on `base`: `(bracket index, width, pay)`. For explanations.
    /// Stops before the first slice without an exact value (where [`TierTable::pay`] fails).
    pub(crate) fn slices(&self, base: Decimal) -> Vec<(usize, Decimal, Decimal)> {
        let Some(k) = self.bracket_of(base) else {
            return Vec::new();
        };
        (0..=k)
            .map_while(|i| {
                let b = self.brackets.get(i)?;
                let top = if i == k {
                    base
                } else {
                    self.brackets.get(i + 1)?.start
                };
                let width = sub(top, b.start).ok()?;
                Some((i, width, mul(width, b.rate).ok()?))
            })
            .collect()
    }
}

/// A piecewise-linear curve: flat before the first point and after the last.
///
/// Between two points the value is `y0 + (x - x0) * (y1 - y0) / (x1 - x0)`, computed as one
/// division: like `/` in a formula it may round, to the digits a decimal holds (about 28
/// significant digits). Points far apart overflow, reported as [`Loss::Overflow`].
pub(crate) fn curve(points: &[(Decimal, Decimal)], x: Decimal) -> Result<Decimal, Loss> {
    let (Some(first), Some(last)) = (points.first(), points.last()) else {
        return Err(Loss::Overflow);
    };
    if x <= first.0 {
        return Ok(first.1);
    }
    if x >= last.0 {
        return Ok(last.1);
    }
    let Some(i) = points.windows(2).position(|w| x < w[1].0) else {
        return Err(Loss::Overflow);
    };
    let ((x0, y0), (x1, y1)) = (points[i], points[i + 1]);
    // Multiplying before dividing keeps digits; every step is checked for overflow.
    let interpolated = || {
        let rise = x.checked_sub(x0)?.checked_mul(y1.checked_sub(y0)?)?;
        y0.checked_add(rise.checked_div(x1.checked_sub(x0)?)?)
    };
    interpolated().ok_or(Loss::Overflow)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn commission(mode: TierMode) -> TierTable {
        let b = |start: &str, rate: &str| Bracket {
            start: d(start),
            inclusive: true,
            rate: d(rate),
            amount: Decimal::ZERO,
        };
        TierTable::new(
            mode,
            vec![b("0", "0.02"), b("100000", "0.04"), b("300000", "0.06")],
        )
    }

    #[test]
    fn marginal_slices() {
        let t = commission(TierMode::Marginal);
        // 100000 * 2% + 100000 * 4%
        assert_eq!(t.pay(d("200000"), Arith::Exact).unwrap().amount, d("6000"));
        // 2000 + 8000 + 100000 * 6%
        assert_eq!(t.pay(d("400000"), Arith::Exact).unwrap().amount, d("16000"));
        assert_eq!(t.pay(d("-5"), Arith::Exact).unwrap().amount, d("0"));
        let s: Decimal = t.slices(d("400000")).iter().map(|x| x.2).sum();
        assert_eq!(s, d("16000"));
    }

    #[test]
    fn flat_whole_base_at_reached_rate() {
        let t = commission(TierMode::Flat);
        assert_eq!(t.pay(d("200000"), Arith::Exact).unwrap().amount, d("8000"));
        assert_eq!(
            t.pay(d("99999.99"), Arith::Exact).unwrap().amount,
            d("1999.9998")
        );
    }

    #[test]
    fn from_versus_above_at_the_boundary() {
        let mk = |inclusive| {
            TierTable::new(
                TierMode::Flat,
                vec![
                    Bracket {
                        start: d("0"),
                        inclusive: true,
                        rate: d("0.03"),
                        amount: d("0"),
                    },
                    Bracket {
                        start: d("36000"),
                        inclusive,
                        rate: d("0.1"),
                        amount: d("-2520"),
                    },
                ],
            )
        };
        // `from = 36000`: exactly 36000 is in the second bracket
        assert_eq!(
            mk(true).pay(d("36000"), Arith::Exact).unwrap().rate,
            d("0.1")
        );
        // `above = 36000` (tax tables): exactly 36000 stays in the first
        assert_eq!(
            mk(false).pay(d("36000"), Arith::Exact).unwrap().rate,
            d("0.03")
        );
        assert_eq!(
            mk(false).pay(d("36000"), Arith::Exact).unwrap().amount,
            d("1080")
        );
        assert_eq!(
            mk(false).pay(d("36000.01"), Arith::Exact).unwrap().amount,
            d("1080.0010")
        );
    }

    #[test]
    fn extreme_points_overflow_without_panicking() {
        let p = [(Decimal::MIN, Decimal::MIN), (Decimal::MAX, Decimal::MAX)];
        assert_eq!(curve(&p, d("1")), Err(Loss::Overflow));
        let t = TierTable::new(
            TierMode::Marginal,
            vec![
                Bracket {
                    start: Decimal::MIN,
                    inclusive: true,
                    rate: d("2"),
                    amount: d("0"),
                },
                Bracket {
                    start: Decimal::MAX,
                    inclusive: true,
                    rate: d("2"),
                    amount: d("0"),
                },
            ],
        );
        assert!(t.pay(d("5"), Arith::Exact).is_err());
        assert!(t.slices(d("5")).is_empty());
    }

    #[test]
    fn curve_between_and_beyond_points() {
        let p = [
            (d("0.8"), d("50")),
            (d("1.0"), d("100")),
            (d("1.2"), d("150")),
        ];
        assert_eq!(curve(&p, d("0.5")), Ok(d("50")));
        assert_eq!(curve(&p, d("0.9")), Ok(d("75")));
        assert_eq!(curve(&p, d("1.0")), Ok(d("100")));
        assert_eq!(curve(&p, d("1.1")), Ok(d("125")));
        assert_eq!(curve(&p, d("2")), Ok(d("150")));
    }
}
