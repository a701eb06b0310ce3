//! What is kept of each month (the needed values, parsed once), and one employee's lookback
//! computed from it.

use super::{History, HistoryError, LineRef};
use crate::date::Period;
use crate::value::Value;
use crate::vocab::{parse_text, Lookback, ValueType};
use rust_decimal::Decimal;
use std::sync::Arc;

/// A month as a number: `year * 12 + month - 1`, so that one month back is one less.
pub(super) fn index(p: Period) -> i32 {
    let (y, m, _) = p.start().ymd();
    y * 12 + m as i32 - 1
}

/// The month numbered `i` (see [`index`]); `i` is always a month the history was asked about.
fn period(i: i32) -> Period {
    Period::month(i.div_euclid(12), i.rem_euclid(12) as u32 + 1)
        .unwrap_or_else(|| Period::month(1, 1).expect("January of year 1"))
}

/// One month of one employee: the needed values in the order of [`Names`], or the month's
/// error.
#[derive(Debug)]
pub(super) struct Month {
    pub month: i32,
    pub at: Option<LineRef>,
    pub values: Result<Box<[Value]>, Box<str>>,
    /// What the line says of the months before it: its own `ytd_months_before`, when the
    /// policy that wrote it used `ytd_months()`. Lets the first month given be checked.
    pub months_before: Option<u32>,
}

/// The name of the hidden input behind `ytd_months()` in a history line.
pub(super) const MONTHS_BEFORE: &str = "ytd_months_before";

/// The distinct names the needs read, each with its type and the first need reading it.
#[derive(Debug)]
pub(super) struct Names {
    names: Vec<(Arc<str>, ValueType, String)>,
    /// How many months before the period `prev` reaches back at most.
    max_prev: u32,
}

impl Names {
    pub fn new(needs: &[(Lookback, ValueType)]) -> Names {
        let mut names: Vec<(Arc<str>, ValueType, String)> = Vec::new();
        let mut max_prev = 0;
        for (need, ty) in needs {
            if let Lookback::Prev(_, n) = need {
                max_prev = max_prev.max(*n);
            }
            let name = match need {
                Lookback::YtdBefore(n) | Lookback::Prev(n, _) => n,
                Lookback::MonthsBefore => continue,
            };
            if !names.iter().any(|(n, _, _)| n == name) {
                names.push((name.clone(), *ty, need.to_string()));
            }
        }
        Names { names, max_prev }
    }

    /// The position of `name`, if a need reads it; [`MONTHS_BEFORE`] comes after the
    /// needed names ([`Names::slots`]), read when a line has it.
    pub fn position(&self, name: &str) -> Option<usize> {
        if name == MONTHS_BEFORE {
            return Some(self.names.len());
        }
        self.names.iter().position(|(n, _, _)| **n == *name)
    }

    /// How many texts a line gives: the needed names, then [`MONTHS_BEFORE`].
    pub fn slots(&self) -> usize {
        self.names.len() + 1
    }

    /// The line's own count of earlier months, from the text of [`MONTHS_BEFORE`].
    pub fn months_before<'t>(&self, text: impl Fn(usize) -> Option<&'t str>) -> Option<u32> {
        text(self.names.len())?.trim().parse().ok()
    }

    /// The `i`-th name.
    pub fn name(&self, i: usize) -> Option<&str> {
        self.names.get(i).map(|(n, _, _)| &**n)
    }

    /// Each name's value parsed from `text(i)`, the text of the `i`-th name (`None`: the
    /// month has no value of it).
    pub fn parse<'t>(
        &self,
        text: impl Fn(usize) -> Option<&'t str>,
        employee: &str,
        month: Period,
        at: &Option<LineRef>,
    ) -> Result<Box<[Value]>, HistoryError> {
        let mut values = Vec::with_capacity(self.names.len());
        for (i, (name, ty, need)) in self.names.iter().enumerate() {
            let Some(t) = text(i) else {
                return Err(HistoryError::MissingName {
                    at: at.clone(),
                    employee: employee.to_string(),
                    period: month,
                    name: name.clone(),
                    need: need.clone(),
                });
            };
            let value = parse_text(t, *ty).map_err(|source| HistoryError::BadValue {
                at: at.clone(),
                employee: employee.to_string(),
                period: month,
                name: name.clone(),
                ty: *ty,
                source,
            })?;
            values.push(value);
        }
        Ok(values.into_boxed_slice())
    }
}

impl History {
    /// Whether month `m` is kept: before the period, and in its year or within `prev`'s reach.
    pub(super) fn keeps(&self, m: i32) -> bool {
        let year_start = self.period - self.period.rem_euclid(12);
        let from = year_start.min(self.period - self.names.max_prev as i32);
        m < self.period && m >= from
    }

    /// Keeps one month of `employee`.
    pub(super) fn add(
        &mut self,
        employee: &str,
        month: i32,
        values: Result<Box<[Value]>, Box<str>>,
        at: Option<LineRef>,
        months_before: Option<u32>,
    ) {
        let m = Month {
            month,
            at,
            values,
            months_before,
        };
        match self.employees.get_mut(employee) {
            Some(months) => months.push(m),
            None => {
                self.employees.insert(employee.into(), vec![m]);
            }
        }
    }

    /// Sorts each employee's months and drops lines that repeat another exactly (the same
    /// file given twice): what is left twice for one month differs.
    pub(super) fn settle(&mut self) {
        for months in self.employees.values_mut() {
            months.sort_by_key(|m| m.month);
            months.dedup_by(|b, a| {
                a.month == b.month && a.values == b.values && a.months_before == b.months_before
            });
            months.shrink_to_fit();
        }
    }
}

/// One employee's lookback (see [`History::lookback`]); `months` sorted by month.
pub(super) fn lookback(
    h: &History,
    employee: &str,
    months: &[Month],
) -> Result<Vec<Option<Value>>, HistoryError> {
    let year_start = h.period - h.period.rem_euclid(12);
    let this_year: &[Month] = {
        let from = months.partition_point(|m| m.month < year_start);
        let to = months.partition_point(|m| m.month < h.period);
        months.get(from..to).unwrap_or(&[])
    };
    check_year(h, employee, this_year)?;
    let mut out = Vec::with_capacity(h.needs.len());
    for (need, _) in &h.needs {
        let value = match need {
            Lookback::YtdBefore(name) => Some(sum(h, employee, this_year, name, need)?),
            Lookback::Prev(name, n) => prev(h, employee, months, name, *n)?,
            Lookback::MonthsBefore => {
                let count = this_year.len() as u32;
                Some(Value::Number(Decimal::from(count)))
            }
        };
        out.push(value);
    }
    Ok(out)
}

/// This year's months before the period: one line each, contiguous up to the month before
/// the period, none failed.
fn check_year(h: &History, employee: &str, this_year: &[Month]) -> Result<(), HistoryError> {
    for pair in this_year.windows(2) {
        if let [a, b] = pair {
            if a.month == b.month {
                return Err(conflict(employee, a, b));
            }
        }
    }
    if let Some(first) = this_year.first() {
        // The first month given says how many came before it this year: none, or the
        // history lacks them.
        if let Some(k) = first.months_before.filter(|k| *k > 0) {
            return Err(HistoryError::EarlierMonths {
                employee: employee.to_string(),
                first: period(first.month),
                at: first.at.clone(),
                said: k,
            });
        }
        let months = this_year.iter().map(|m| m.month).chain([h.period]);
        for (expected, m) in (first.month..).zip(months) {
            if m != expected {
                return Err(HistoryError::Gap {
                    employee: employee.to_string(),
                    missing: period(expected),
                    first: period(first.month),
                    period: period(h.period),
                });
            }
        }
    }
    let ytd = h
        .needs
        .iter()
        .any(|(n, _)| matches!(n, Lookback::YtdBefore(_) | Lookback::MonthsBefore));
    if ytd {
        if let Some(m) = this_year.iter().find(|m| m.values.is_err()) {
            return Err(failed(employee, m));
        }
    }
    Ok(())
}

/// The sum of `name` over `this_year`'s months, all computed.
fn sum(
    h: &History,
    employee: &str,
    this_year: &[Month],
    name: &str,
    need: &Lookback,
) -> Result<Value, HistoryError> {
    let mut total = Decimal::ZERO;
    let Some(i) = h.names.position(name) else {
        return Ok(Value::Number(total));
    };
    for m in this_year {
        let Ok(values) = &m.values else {
            return Err(failed(employee, m));
        };
        let d = values
            .get(i)
            .and_then(Value::as_decimal)
            .unwrap_or_default();
        total = total
            .checked_add(d)
            .ok_or_else(|| HistoryError::SumTooLarge {
                employee: employee.to_string(),
                need: need.to_string(),
            })?;
    }
    Ok(Value::Number(total))
}

/// `name` `n` months before the period; `None` when that month is absent.
fn prev(
    h: &History,
    employee: &str,
    months: &[Month],
    name: &str,
    n: u32,
) -> Result<Option<Value>, HistoryError> {
    let target = h.period - n as i32;
    let at = months.partition_point(|m| m.month < target);
    let found: Vec<&Month> = months
        .get(at..)
        .unwrap_or(&[])
        .iter()
        .take_while(|m| m.month == target)
        .collect();
    match found.as_slice() {
        [] => Ok(None),
        [a, b, ..] => Err(conflict(employee, a, b)),
        [m] => match &m.values {
            Err(_) => Err(failed(employee, m)),
            Ok(values) => Ok(h.names.position(name).and_then(|i| values.get(i).cloned())),
        },
    }
}

fn conflict(employee: &str, a: &Month, b: &Month) -> HistoryError {
    HistoryError::Conflict {
        employee: employee.to_string(),
        month: period(a.month),
        first: a.at.clone(),
        second: b.at.clone(),
    }
}

fn failed(employee: &str, m: &Month) -> HistoryError {
    HistoryError::FailedMonth {
        at: m.at.clone(),
        employee: employee.to_string(),
        month: period(m.month),
        error: m
            .values
            .as_ref()
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::{History, PastMonth};
    use crate::date::Period;
    use crate::vocab::{Lookback, ValueType};
    use std::collections::HashMap;

    fn month(employee: &str, p: &str, pay: &str) -> PastMonth {
        PastMonth {
            employee: employee.into(),
            period: p.parse().unwrap(),
            values: Ok(HashMap::from([("pay".to_string(), pay.to_string())])),
            at: None,
        }
    }

    fn needs() -> Vec<(Lookback, ValueType)> {
        vec![
            (Lookback::YtdBefore("pay".into()), ValueType::Money),
            (Lookback::Prev("pay".into(), 1), ValueType::Money),
            (Lookback::MonthsBefore, ValueType::Integer),
        ]
    }

    fn shown(h: &History, employee: &str) -> String {
        match h.lookback(employee) {
            Ok(values) => values
                .iter()
                .map(|v| v.as_ref().map_or("none".to_string(), |v| v.to_string()))
                .collect::<Vec<_>>()
                .join(" "),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn sums_this_years_months_exactly() {
        let months = [
            month("E004", "2022-12", "99999.99"),
            month("E004", "2023-01", "30000.10"),
            month("E004", "2023-02", "0.05"),
            month("E004", "2023-03", "-1000.00"),
            month("E004", "2023-04", "5"),
        ];
        let p: Period = "2023-04".parse().unwrap();
        let h = History::from_months(months, &needs(), p).unwrap();
        // 30000.10 + 0.05 - 1000.00; April is the period (a re-run): ignored.
        assert_eq!(shown(&h, "E004"), "29000.15 -1000.00 3");
        assert_eq!(shown(&h, "E099"), "0 none 0");
    }

    #[test]
    fn january_sums_nothing_but_reads_december() {
        let months = [month("E004", "2022-11", "1"), month("E004", "2022-12", "2")];
        let p: Period = "2023-01".parse().unwrap();
        let h = History::from_months(months, &needs(), p).unwrap();
        assert_eq!(shown(&h, "E004"), "0 2 0");
    }

    #[test]
    fn a_sum_too_large_is_an_error_not_a_wrap() {
        let big = "79228162514264337593543950335";
        let months = [month("E004", "2023-01", big), month("E004", "2023-02", big)];
        let p: Period = "2023-03".parse().unwrap();
        let h = History::from_months(months, &needs(), p).unwrap();
        assert_eq!(
            shown(&h, "E004"),
            "employee \"E004\": ytd_before(pay) is too large to compute exactly"
        );
    }

    /// A history is read once and shared by the threads evaluating employees.
    #[test]
    fn history_is_shared_between_threads() {
        fn shared<T: Send + Sync>() {}
        shared::<History>();
    }

    #[test]
    fn month_numbers_round_trip() {
        for p in ["0001-01", "2023-01", "2023-12", "9999-12"] {
            let p: Period = p.parse().unwrap();
            assert_eq!(super::period(super::index(p)), p);
        }
    }
}
