//! What the rows tell: correlations, group comparisons, months before and after a change.

use super::frame::Frame;
use super::stats;
use crate::date::Period;
use crate::policy::{Against, AnalysisDef};
use serde::Serialize;
use std::collections::BTreeMap;

/// Below this many pairs a correlation is flagged: its 95% interval then spans most of
/// −1..1 whatever r is (at n = 9 and r = 0.5, from −0.23 to 0.87).
pub const FEW_PAIRS: usize = 10;

/// One pair of figures correlated.
#[derive(Clone, Debug, Serialize)]
pub struct CorrelationRow {
    /// The first figure.
    pub a: String,
    /// The second figure.
    pub b: String,
    /// The statistics.
    #[serde(flatten)]
    pub stats: CorrelationStats,
    /// Fewer than [`FEW_PAIRS`] pairs.
    pub few: bool,
}

/// A correlation as the report shows it.
#[derive(Clone, Debug, Serialize)]
pub struct CorrelationStats {
    /// Pairs with both values.
    pub n: usize,
    /// Pearson's r.
    pub pearson: Option<f64>,
    /// Lower end of r's 95% interval.
    pub ci_low: Option<f64>,
    /// Upper end of r's 95% interval.
    pub ci_high: Option<f64>,
    /// Two-sided p-value of r.
    pub p_pearson: Option<f64>,
    /// Spearman's rho.
    pub spearman: Option<f64>,
    /// Two-sided p-value of rho.
    pub p_spearman: Option<f64>,
}

/// One measure compared between a group and its baseline.
#[derive(Clone, Debug, Serialize)]
pub struct MeasureComparison {
    /// The figure.
    pub measure: String,
    /// Its mean over the group's rows (where present).
    pub group_mean: Option<f64>,
    /// Its mean over the baseline's rows.
    pub base_mean: Option<f64>,
    /// group / baseline − 1: `0.25` is 25% above.
    pub relative: Option<f64>,
    /// group / baseline: `3.0` is three times.
    pub ratio: Option<f64>,
    /// Rows of the group with the figure.
    pub n_group: usize,
    /// Rows of the baseline with the figure.
    pub n_base: usize,
    /// Welch's t-test of the group against the rows outside it (against `everyone` too,
    /// where the group is part of the baseline), two-sided.
    pub p_value: Option<f64>,
}

/// One `[[analysis.compare]]`.
#[derive(Clone, Debug, Serialize)]
pub struct Comparison {
    /// Its name.
    pub name: String,
    /// Its `where`, as written.
    pub condition: String,
    /// `everyone` or `rest`.
    pub against: &'static str,
    /// Rows in the group.
    pub n_group: usize,
    /// Rows in the baseline.
    pub n_base: usize,
    /// Each measure.
    pub measures: Vec<MeasureComparison>,
}

/// One month of the trends.
#[derive(Clone, Debug, Serialize)]
pub struct Month {
    /// The month.
    #[serde(serialize_with = "as_text")]
    pub period: Period,
    /// Rows that month (the headcount), failed ones included.
    pub headcount: usize,
    /// Each trend figure's mean that month.
    pub means: Vec<Option<f64>>,
    /// Leavers that month (with a leavers file).
    pub leavers: Option<usize>,
    /// Yearly attrition up to this month: the leavers of the 12 months ending with it over
    /// their mean headcount (fewer months at the start of the data: annualised, × 12 / months).
    pub attrition: Option<f64>,
}

/// The months before the change, or after it, together.
#[derive(Clone, Debug, Serialize)]
pub struct Span {
    /// Months in it.
    pub months: usize,
    /// Each trend figure's mean over every row of those months.
    pub means: Vec<Option<f64>>,
    /// Leavers in those months.
    pub leavers: Option<usize>,
    /// Leavers / the sum of the months' headcounts × 12: the mean monthly rate, annualised.
    pub attrition: Option<f64>,
}

/// The trend figures month by month, and before against after the change.
#[derive(Clone, Debug, Serialize)]
pub struct Trends {
    /// The figures followed.
    pub columns: Vec<String>,
    /// The first month under the new policy.
    #[serde(serialize_with = "opt_text")]
    pub change: Option<Period>,
    /// Every month of the data.
    pub months: Vec<Month>,
    /// The months before `change`.
    pub before: Option<Span>,
    /// `change` and the months after.
    pub after: Option<Span>,
    /// after / before − 1, per figure (the sales growth, for sales).
    pub growth: Vec<Option<f64>>,
}

fn as_text<S: serde::Serializer>(p: &Period, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(p)
}

fn opt_text<S: serde::Serializer>(p: &Option<Period>, s: S) -> Result<S::Ok, S::Error> {
    match p {
        Some(p) => s.collect_str(p),
        None => s.serialize_none(),
    }
}

/// Every pair of `def.correlate`, in order.
pub(crate) fn correlations(frame: &Frame, def: &AnalysisDef) -> Vec<CorrelationRow> {
    let names: Vec<&str> = def.correlate.iter().map(|n| n.name.as_str()).collect();
    let mut out = Vec::new();
    for (i, a) in names.iter().enumerate() {
        for b in &names[i + 1..] {
            let c = stats::correlate(&frame.column(a), &frame.column(b));
            out.push(CorrelationRow {
                a: a.to_string(),
                b: b.to_string(),
                few: c.n < FEW_PAIRS,
                stats: CorrelationStats {
                    n: c.n,
                    pearson: c.pearson,
                    ci_low: c.interval.map(|i| i.0),
                    ci_high: c.interval.map(|i| i.1),
                    p_pearson: c.p_pearson,
                    spearman: c.spearman,
                    p_spearman: c.p_spearman,
                },
            });
        }
    }
    out
}

/// Each comparison of `def`.
pub(crate) fn comparisons(frame: &Frame, def: &AnalysisDef) -> Vec<Comparison> {
    let mut out = Vec::new();
    for (g, c) in def.compare.iter().enumerate() {
        let in_group = |r: &super::frame::Row| r.groups[g];
        let n_group = frame.rows.iter().filter(|r| in_group(r)).count();
        let n_base = match c.against {
            Against::Everyone => frame.rows.len(),
            Against::Rest => frame.rows.len() - n_group,
        };
        let measures = (c.measures.iter())
            .map(|m| {
                let column = frame.column(&m.name);
                let pick = |want: bool| -> Vec<f64> {
                    (frame.rows.iter().zip(&column))
                        .filter(|(r, _)| in_group(r) == want)
                        .filter_map(|(_, v)| *v)
                        .collect()
                };
                let (group, rest) = (pick(true), pick(false));
                let base: Vec<f64> = match c.against {
                    Against::Everyone => column.iter().flatten().copied().collect(),
                    Against::Rest => rest.clone(),
                };
                let (gm, bm) = (stats::mean(&group), stats::mean(&base));
                let ratio = gm.zip(bm).and_then(|(g, b)| (b != 0.0).then(|| g / b));
                MeasureComparison {
                    measure: m.name.clone(),
                    group_mean: gm,
                    base_mean: bm,
                    relative: ratio.map(|r| r - 1.0),
                    ratio,
                    n_group: group.len(),
                    n_base: base.len(),
                    p_value: stats::welch(&group, &rest),
                }
            })
            .collect();
        out.push(Comparison {
            name: c.name.clone(),
            condition: c.condition_text.clone(),
            against: c.against.word(),
            n_group,
            n_base,
            measures,
        });
    }
    out
}

/// The trend figures per month and around the change; `None` without trends or leavers.
pub(crate) fn trends(
    frame: &Frame,
    def: &AnalysisDef,
    leavers: Option<&BTreeMap<String, Period>>,
) -> Option<Trends> {
    if def.trends.is_empty() && leavers.is_none() {
        return None;
    }
    let columns: Vec<String> = def.trends.iter().map(|n| n.name.clone()).collect();
    let change = def.change.map(|(p, _)| p);
    let left = |months: &dyn Fn(Period) -> bool| {
        leavers.map(|l| l.values().filter(|p| months(**p)).count())
    };
    let mean_over = |keep: &dyn Fn(Period) -> bool| -> Vec<Option<f64>> {
        (columns.iter())
            .map(|c| {
                let col = frame.column(c);
                let xs: Vec<f64> = (frame.rows.iter().zip(&col))
                    .filter(|(r, _)| keep(r.period))
                    .filter_map(|(_, v)| *v)
                    .collect();
                stats::mean(&xs)
            })
            .collect()
    };
    let heads: Vec<(Period, usize)> = frame.headcount.iter().map(|(p, h)| (*p, *h)).collect();
    let months: Vec<Month> = (heads.iter().enumerate())
        .map(|(i, &(p, headcount))| {
            let year = &heads[i.saturating_sub(11)..=i];
            let first = year[0].0;
            let trailing = left(&|m| m >= first && m <= p);
            let total: usize = year.iter().map(|h| h.1).sum();
            Month {
                period: p,
                headcount,
                means: mean_over(&|m| m == p),
                leavers: left(&|m| m == p),
                attrition: trailing.and_then(|l| annualised(l, total)),
            }
        })
        .collect();
    let span = |keep: &dyn Fn(Period) -> bool| -> Option<Span> {
        let chosen: Vec<&Month> = months.iter().filter(|m| keep(m.period)).collect();
        if chosen.is_empty() {
            return None;
        }
        let heads: usize = chosen.iter().map(|m| m.headcount).sum();
        let leavers = left(&|m| keep(m) && frame.headcount.contains_key(&m));
        Some(Span {
            months: chosen.len(),
            means: mean_over(keep),
            leavers,
            attrition: leavers.and_then(|l| annualised(l, heads)),
        })
    };
    let (before, after) = match change {
        Some(c) => (span(&|p| p < c), span(&|p| p >= c)),
        None => (None, None),
    };
    let growth = match (&before, &after) {
        (Some(b), Some(a)) => (b.means.iter().zip(&a.means))
            .map(|(b, a)| b.zip(*a).and_then(|(b, a)| (b != 0.0).then(|| a / b - 1.0)))
            .collect(),
        _ => Vec::new(),
    };
    Some(Trends {
        columns,
        change,
        months,
        before,
        after,
        growth,
    })
}

/// `leavers` of `headcount` in a month (or summed over months), × 12.
fn annualised(leavers: usize, headcount: usize) -> Option<f64> {
    (headcount > 0).then(|| leavers as f64 / headcount as f64 * 12.0)
}
