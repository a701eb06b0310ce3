//! The statistics: means, Pearson and Spearman correlations with a 95% interval (Fisher z)
//! and a two-sided p-value (Student's t), Welch's t-test. Distributions come from `statrs`;
//! the formulas here are the textbook ones, each named.

use statrs::distribution::{ContinuousCDF, Normal, StudentsT};
use statrs::statistics::Statistics;

/// The mean of `xs`; `None` when there are none.
pub fn mean(xs: &[f64]) -> Option<f64> {
    (!xs.is_empty()).then(|| xs.mean())
}

/// A correlation between two columns over the rows having both.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Correlation {
    /// Rows with both values.
    pub n: usize,
    /// Pearson's r; `None` with fewer than 3 pairs or a column that does not vary.
    pub pearson: Option<f64>,
    /// Spearman's rho (Pearson's r of the ranks, ties given their mean rank).
    pub spearman: Option<f64>,
    /// The 95% confidence interval of Pearson's r by Fisher's z (needs at least 4 pairs).
    pub interval: Option<(f64, f64)>,
    /// Two-sided p-value of Pearson's r against 0: t = r √((n−2)/(1−r²)), n−2 degrees.
    pub p_pearson: Option<f64>,
    /// The same test for Spearman's rho (the t approximation).
    pub p_spearman: Option<f64>,
}

/// Correlates `x` and `y` over the pairs where both are present (pairwise deletion).
pub fn correlate(x: &[Option<f64>], y: &[Option<f64>]) -> Correlation {
    let (xs, ys): (Vec<f64>, Vec<f64>) = (x.iter().zip(y))
        .filter_map(|(a, b)| Some(((*a)?, (*b)?)))
        .unzip();
    let n = xs.len();
    let pearson = pearson(&xs, &ys);
    let spearman = pearson_of(&ranks(&xs), &ranks(&ys));
    Correlation {
        n,
        pearson,
        spearman,
        interval: pearson.and_then(|r| fisher_interval(r, n)),
        p_pearson: pearson.and_then(|r| p_of_r(r, n)),
        p_spearman: spearman.and_then(|r| p_of_r(r, n)),
    }
}

fn pearson(xs: &[f64], ys: &[f64]) -> Option<f64> {
    if xs.len() < 3 {
        return None;
    }
    pearson_of(xs, ys)
}

/// Pearson's r = Σ(x−x̄)(y−ȳ) / √(Σ(x−x̄)² Σ(y−ȳ)²); `None` when a column does not vary.
fn pearson_of(xs: &[f64], ys: &[f64]) -> Option<f64> {
    if xs.len() < 3 {
        return None;
    }
    let (mx, my) = (xs.mean(), ys.mean());
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (x, y) in xs.iter().zip(ys) {
        sxy += (x - mx) * (y - my);
        sxx += (x - mx) * (x - mx);
        syy += (y - my) * (y - my);
    }
    let r = sxy / (sxx * syy).sqrt();
    r.is_finite().then(|| r.clamp(-1.0, 1.0))
}

/// The ranks of `xs` (1 for the smallest), tied values sharing the mean of their ranks.
pub fn ranks(xs: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..xs.len()).collect();
    order.sort_by(|&a, &b| xs[a].total_cmp(&xs[b]));
    let mut out = vec![0.0; xs.len()];
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && xs[order[j + 1]] == xs[order[i]] {
            j += 1;
        }
        // Positions i..=j hold ranks i+1..=j+1: their mean.
        let rank = (i + j) as f64 / 2.0 + 1.0;
        for &k in &order[i..=j] {
            out[k] = rank;
        }
        i = j + 1;
    }
    out
}

/// 95% interval of r: tanh(atanh(r) ± 1.96 / √(n−3)).
fn fisher_interval(r: f64, n: usize) -> Option<(f64, f64)> {
    if n < 4 {
        return None;
    }
    let z = r.clamp(-0.999_999_999, 0.999_999_999).atanh();
    let se = 1.0 / ((n - 3) as f64).sqrt();
    let q = Normal::new(0.0, 1.0).ok()?.inverse_cdf(0.975);
    Some(((z - q * se).tanh(), (z + q * se).tanh()))
}

/// Two-sided p-value of a correlation r over n pairs against none.
fn p_of_r(r: f64, n: usize) -> Option<f64> {
    if n < 3 {
        return None;
    }
    let df = (n - 2) as f64;
    if r.abs() >= 1.0 {
        return Some(0.0);
    }
    let t = r * (df / (1.0 - r * r)).sqrt();
    two_sided(t, df)
}

/// P(|T| ≥ |t|) for Student's t with `df` degrees of freedom.
fn two_sided(t: f64, df: f64) -> Option<f64> {
    let dist = StudentsT::new(0.0, 1.0, df).ok()?;
    // The survival function, not 1 − cdf: a tiny p keeps its digits.
    let p = 2.0 * dist.sf(t.abs());
    p.is_finite().then(|| p.clamp(0.0, 1.0))
}

/// Welch's t-test of two samples' means (unequal variances): t = (m₁−m₂) / √(s₁²/n₁ + s₂²/n₂),
/// degrees of freedom by Welch–Satterthwaite. The two-sided p-value; `None` with fewer than
/// two values in a sample, or when neither varies.
pub fn welch(a: &[f64], b: &[f64]) -> Option<f64> {
    if a.len() < 2 || b.len() < 2 {
        return None;
    }
    let (na, nb) = (a.len() as f64, b.len() as f64);
    let (va, vb) = (a.variance() / na, b.variance() / nb);
    let se = (va + vb).sqrt();
    if se == 0.0 || !se.is_finite() {
        return None;
    }
    let t = (a.mean() - b.mean()) / se;
    let df = (va + vb).powi(2) / (va * va / (na - 1.0) + vb * vb / (nb - 1.0));
    two_sided(t, df)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn some(xs: &[f64]) -> Vec<Option<f64>> {
        xs.iter().copied().map(Some).collect()
    }

    #[test]
    fn perfect_and_none() {
        let x = some(&[1.0, 2.0, 3.0, 4.0, 5.0]);
        let c = correlate(&x, &some(&[2.0, 4.0, 6.0, 8.0, 10.0]));
        assert!((c.pearson.unwrap() - 1.0).abs() < 1e-12);
        assert_eq!(c.p_pearson, Some(0.0)); // |r| = 1
        let flat = correlate(&x, &some(&[3.0; 5]));
        assert_eq!(flat.pearson, None);
    }

    #[test]
    fn known_values() {
        // r = 0.8 over 10 pairs: t = 0.8 √(8 / 0.36) = 3.771, p = 0.00546 (two-sided).
        assert!((p_of_r(0.8, 10).unwrap() - 0.005_46).abs() < 1e-4);
        // Fisher z interval of r = 0.5, n = 30: (0.170, 0.729).
        let (lo, hi) = fisher_interval(0.5, 30).unwrap();
        assert!(
            (lo - 0.1697).abs() < 1e-3 && (hi - 0.7283).abs() < 1e-3,
            "{lo} {hi}"
        );
    }

    #[test]
    fn ties_share_ranks() {
        assert_eq!(ranks(&[10.0, 20.0, 20.0, 5.0]), [2.0, 3.5, 3.5, 1.0]);
    }

    #[test]
    fn pairwise_deletion() {
        let c = correlate(&[Some(1.0), None, Some(3.0)], &[Some(1.0), Some(2.0), None]);
        assert_eq!(c.n, 1);
        assert_eq!(c.pearson, None);
    }

    proptest::proptest! {
        /// r and rho lie in −1..1, do not depend on the order of the columns, and rho does
        /// not change when one column is transformed by an increasing function.
        #[test]
        fn bounded_symmetric_rank_invariant(
            pairs in proptest::collection::vec((-1e3f64..1e3, -1e3f64..1e3), 3..40)
        ) {
            let x: Vec<Option<f64>> = pairs.iter().map(|p| Some(p.0)).collect();
            let y: Vec<Option<f64>> = pairs.iter().map(|p| Some(p.1)).collect();
            let (a, b) = (correlate(&x, &y), correlate(&y, &x));
            proptest::prop_assert_eq!(a.pearson, b.pearson);
            if let Some(r) = a.pearson {
                proptest::prop_assert!((-1.0..=1.0).contains(&r));
            }
            let cubed: Vec<Option<f64>> = x.iter().map(|v| v.map(|v| v * v * v)).collect();
            let c = correlate(&cubed, &y);
            if let (Some(s), Some(t)) = (a.spearman, c.spearman) {
                proptest::prop_assert!((s - t).abs() < 1e-9, "{} {}", s, t);
            }
            if let Some(p) = a.p_pearson {
                proptest::prop_assert!((0.0..=1.0).contains(&p));
            }
        }
    }

    #[test]
    fn welch_known() {
        // Two samples with clearly different means.
        let p = welch(&[1.0, 2.0, 3.0, 4.0], &[10.0, 11.0, 12.0, 13.0]).unwrap();
        assert!(p < 1e-4, "{p}");
        assert!(welch(&[1.0], &[2.0, 3.0]).is_none());
    }
}
