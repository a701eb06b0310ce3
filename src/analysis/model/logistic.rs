//! Standardising features and fitting a logistic regression with smartcore.

use super::AttritionError;
use smartcore::linalg::basic::arrays::Array;
use smartcore::linalg::basic::matrix::DenseMatrix;
use smartcore::linear::logistic_regression::{LogisticRegression, LogisticRegressionParameters};

/// The ridge penalty ½·α·‖β‖² on the standardised coefficients (not the intercept): light
/// beside hundreds of rows, and it keeps the coefficients finite when one feature separates
/// leavers from stayers perfectly (a small table can).
pub const RIDGE_ALPHA: f64 = 1.0;

/// Each feature's mean and standard deviation (population, over the rows fitted).
#[derive(Clone, Debug)]
pub(crate) struct Scale {
    pub(crate) mean: Vec<f64>,
    pub(crate) sd: Vec<f64>,
}

impl Scale {
    /// The means and standard deviations of the `rows` of `x`; `Err(j)` for a feature `j`
    /// with the same value on every row.
    pub(crate) fn of(x: &[Vec<f64>], rows: &[usize], features: usize) -> Result<Scale, usize> {
        let n = rows.len().max(1) as f64;
        let mut mean = vec![0.0; features];
        let mut sd = vec![0.0; features];
        for j in 0..features {
            mean[j] = rows.iter().map(|&i| x[i][j]).sum::<f64>() / n;
            let var = rows
                .iter()
                .map(|&i| (x[i][j] - mean[j]).powi(2))
                .sum::<f64>()
                / n;
            sd[j] = var.sqrt();
            if sd[j] <= f64::EPSILON * mean[j].abs().max(1.0) {
                return Err(j);
            }
        }
        Ok(Scale { mean, sd })
    }

    fn z(&self, row: &[f64]) -> Vec<f64> {
        row.iter()
            .zip(self.mean.iter().zip(&self.sd))
            .map(|(v, (m, s))| (v - m) / s)
            .collect()
    }
}

/// A fitted model on standardised features.
#[derive(Clone, Debug)]
pub(crate) struct Fitted {
    pub(crate) scale: Scale,
    /// Coefficient per standard deviation of each feature.
    pub(crate) beta: Vec<f64>,
    pub(crate) intercept: f64,
}

impl Fitted {
    /// The predicted probability of leaving for a row of raw features.
    pub(crate) fn probability(&self, row: &[f64]) -> f64 {
        let z = self.scale.z(row);
        let eta = self.intercept + z.iter().zip(&self.beta).map(|(a, b)| a * b).sum::<f64>();
        1.0 / (1.0 + (-eta).exp())
    }
}

/// Fits on the `rows` of `x` with outcomes `y` (true = left), standardised by those rows.
pub(crate) fn fit(
    x: &[Vec<f64>],
    y: &[bool],
    rows: &[usize],
    fold: Option<usize>,
) -> Result<Fitted, FitError> {
    let p = x.first().map_or(0, Vec::len);
    let scale = Scale::of(x, rows, p).map_err(FitError::Constant)?;
    let mut values = Vec::with_capacity(rows.len() * p);
    for &i in rows {
        values.extend(scale.z(&x[i]));
    }
    let failed = |e: smartcore::error::Failed| {
        FitError::Solver(AttritionError::Fit {
            fold,
            reason: e.to_string(),
        })
    };
    let matrix = DenseMatrix::new(rows.len(), p, values, false).map_err(failed)?;
    let labels: Vec<i32> = rows.iter().map(|&i| i32::from(y[i])).collect();
    let params = LogisticRegressionParameters::default().with_alpha(RIDGE_ALPHA);
    let model = LogisticRegression::fit(&matrix, &labels, params).map_err(failed)?;
    let beta = (0..p).map(|j| *model.coefficients().get((0, j))).collect();
    let intercept = *model.intercept().get((0, 0));
    Ok(Fitted {
        scale,
        beta,
        intercept,
    })
}

/// Why a fit failed: a constant feature (by index), or the solver.
#[derive(Debug)]
pub(crate) enum FitError {
    Constant(usize),
    Solver(AttritionError),
}
