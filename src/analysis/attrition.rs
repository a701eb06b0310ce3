//! The attrition model: a logistic regression of "left within N months" on features of
//! employee-months, with coefficients per standard deviation, odds ratios, a cross-validated
//! AUC, and today's employees ranked by predicted risk.
//!
//! The table has one row per employee and month: the employee id, the period (`YYYY-MM`),
//! the features (numbers; `85%` reads as 0.85) and the outcome column: `1` (or true/是) when
//! the employee left within the horizon the table was built with, `0` when they did not, and
//! **blank when it is not known yet** (the last months). Rows with a known outcome are fitted;
//! the rows of the latest period are ranked. A blank feature is an error naming the cell:
//! the model does not guess a missing value.
//!
//! **When it refuses.** A model is fitted only when there are at least 10 employees who left
//! (five folds of cross-validation, two leavers each) and at least 10 leaving rows per
//! feature: the "events per variable" rule of thumb (Peduzzi et al. 1996, J. Clin. Epidemiol.
//! 49(12):1373-1379), below which logistic coefficients are biased and their signs
//! unreliable. Leaving rows are counted as events because they are what the model fits; the
//! leavers rule keeps a handful of people from passing as many events.
//!
//! **How.** Features are standardised (mean 0, standard deviation 1, over the rows fitted),
//! so each coefficient is the change in log-odds of leaving per standard deviation and its
//! odds ratio `exp(β)` compares features in different units. smartcore's logistic regression
//! (L-BFGS) fits them with a light ridge penalty ([`RIDGE_ALPHA`]). The AUC is that of
//! out-of-fold predictions over 5 deterministic folds that keep each employee's months
//! together and deal the leavers evenly; each fold is standardised on its own training rows.
//! `f64` throughout: this is statistics, and never feeds pay.

use super::model::cv::{auc, folds, FOLDS};
pub use super::model::logistic::RIDGE_ALPHA;
use super::model::logistic::{fit as fit_rows, FitError, Fitted};
use super::model::table::{read, Observations};
pub use super::model::AttritionError;
use crate::Period;
use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;

/// Which columns of the table play which part.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttritionSpec {
    /// The feature columns, in the order shown.
    pub features: Vec<String>,
    /// The outcome column (default `left`).
    pub left: String,
    /// The employee id column (default `employee_id`).
    pub key: String,
    /// The period column (default `period`).
    pub period: String,
}

impl AttritionSpec {
    /// A spec with these features and the default column names.
    pub fn new(features: Vec<String>) -> AttritionSpec {
        AttritionSpec {
            features,
            left: "left".to_string(),
            key: "employee_id".to_string(),
            period: "period".to_string(),
        }
    }

    /// The `[analysis.attrition]` table of a rule file, if it has one: `features = [...]`,
    /// and optionally `left`, `key`, `period` (column names).
    pub fn from_rules(file: &str, text: &str) -> Result<Option<AttritionSpec>, AttritionError> {
        let spec_error = |problem| AttritionError::Spec {
            file: Arc::from(file),
            problem,
        };
        let doc: toml::Table = text.parse().map_err(|source| AttritionError::SpecToml {
            file: Arc::from(file),
            source,
        })?;
        let Some(table) = doc.get("analysis").and_then(|a| a.get("attrition")) else {
            return Ok(None);
        };
        let table = table.as_table().ok_or(spec_error("it must be a table"))?;
        let features = table
            .get("features")
            .and_then(|f| f.as_array())
            .and_then(|f| {
                f.iter()
                    .map(|v| v.as_str().map(str::to_string))
                    .collect::<Option<Vec<_>>>()
            })
            .ok_or(spec_error("`features` must be a list of column names"))?;
        let mut spec = AttritionSpec::new(features);
        for (key, slot) in [
            ("left", &mut spec.left),
            ("key", &mut spec.key),
            ("period", &mut spec.period),
        ] {
            if let Some(v) = table.get(key) {
                *slot = v
                    .as_str()
                    .ok_or(spec_error(
                        "`left`, `key` and `period` are column names (strings)",
                    ))?
                    .to_string();
            }
        }
        Ok(Some(spec))
    }

    fn check(&self) -> Result<(), AttritionError> {
        if self.features.is_empty() {
            return Err(AttritionError::NoFeatures);
        }
        let mut seen = BTreeSet::new();
        for f in &self.features {
            if !seen.insert(f.as_str()) {
                return Err(AttritionError::RepeatedColumn {
                    column: f.clone(),
                    other: "a feature",
                });
            }
        }
        if seen.contains(self.left.as_str()) {
            return Err(AttritionError::RepeatedColumn {
                column: self.left.clone(),
                other: "the outcome",
            });
        }
        Ok(())
    }
}

/// The fewest employees who left for a model: two per fold.
pub const MIN_LEAVERS: usize = 2 * FOLDS;
/// The fewest leaving rows per feature (events per variable).
pub const EVENTS_PER_FEATURE: usize = 10;

/// A fitted attrition model.
#[derive(Clone, Debug)]
pub struct AttritionModel {
    /// The table's name.
    pub file: String,
    /// Rows fitted (outcome known).
    pub rows: usize,
    /// Distinct employees among them.
    pub employees: usize,
    /// Employees who left.
    pub leavers: usize,
    /// Rows whose outcome is "left".
    pub events: usize,
    /// One per feature, in the spec's order.
    pub coefficients: Vec<Coefficient>,
    /// The intercept (log-odds at every feature's mean).
    pub intercept: f64,
    /// Area under the ROC curve of the out-of-fold predictions, all folds together.
    pub cv_auc: f64,
    /// Each fold's own AUC (`None` for a fold without both outcomes).
    pub fold_auc: Vec<Option<f64>>,
    /// The period ranked: the table's latest.
    pub current_period: Option<Period>,
    /// The employees of that period, highest predicted risk first.
    pub ranking: Vec<Ranked>,
}

/// A feature's coefficient.
#[derive(Clone, Debug)]
pub struct Coefficient {
    /// The column.
    pub feature: String,
    /// Its mean over the rows fitted.
    pub mean: f64,
    /// Its standard deviation.
    pub sd: f64,
    /// The change in log-odds of leaving per standard deviation.
    pub per_sd: f64,
    /// `exp(per_sd)`: how the odds of leaving multiply per standard deviation.
    pub odds_ratio: f64,
}

/// An employee of the latest period and the predicted probability of leaving.
#[derive(Clone, Debug)]
pub struct Ranked {
    /// The employee id.
    pub employee: String,
    /// The probability of leaving within the horizon, 0 to 1.
    pub probability: f64,
}

/// Reads the table at `path` and fits the model, or refuses (see the module's docs).
pub fn fit(path: &Path, spec: &AttritionSpec) -> Result<AttritionModel, AttritionError> {
    spec.check()?;
    let obs = read(path, spec)?;
    fit_observations(&path.display().to_string(), &obs, spec)
}

fn fit_observations(
    file: &str,
    obs: &Observations,
    spec: &AttritionSpec,
) -> Result<AttritionModel, AttritionError> {
    let known: Vec<usize> = (0..obs.left.len())
        .filter(|&i| obs.left[i].is_some())
        .collect();
    let y: Vec<bool> = obs.left.iter().map(|l| l.unwrap_or(false)).collect();
    let events = known.iter().filter(|&&i| y[i]).count();
    let leavers: BTreeSet<&str> = known
        .iter()
        .filter(|&&i| y[i])
        .map(|&i| obs.employees[i].as_str())
        .collect();
    if leavers.len() < MIN_LEAVERS {
        return Err(AttritionError::TooFewLeavers {
            leavers: leavers.len(),
            minimum: MIN_LEAVERS,
        });
    }
    let minimum = EVENTS_PER_FEATURE * spec.features.len();
    if events < minimum {
        return Err(AttritionError::TooFewEvents {
            events,
            features: spec.features.len(),
            minimum,
        });
    }
    if events == known.len() {
        return Err(AttritionError::NoStayers);
    }
    let constant = |j: usize| AttritionError::ConstantFeature {
        file: Arc::from(file),
        feature: spec.features[j].clone(),
        value: obs.x[known[0]][j],
    };
    let fitted = |rows: &[usize], fold| {
        fit_rows(&obs.x, &y, rows, fold).map_err(|e| match e {
            FitError::Constant(j) => constant(j),
            FitError::Solver(e) => e,
        })
    };
    let model = fitted(&known, None)?;
    let (cv_auc, fold_auc) = cross_validate(obs, &y, &known, &fitted)?;
    let employees: BTreeSet<&str> = known.iter().map(|&i| obs.employees[i].as_str()).collect();
    let (current_period, ranking) = rank(obs, &model);
    Ok(AttritionModel {
        file: file.to_string(),
        rows: known.len(),
        employees: employees.len(),
        leavers: leavers.len(),
        events,
        coefficients: coefficients(spec, &model),
        intercept: model.intercept,
        cv_auc,
        fold_auc,
        current_period,
        ranking,
    })
}

type FitFn<'a> = dyn Fn(&[usize], Option<usize>) -> Result<Fitted, AttritionError> + 'a;

/// Out-of-fold predictions of every known row, their AUC, and each fold's.
fn cross_validate(
    obs: &Observations,
    y: &[bool],
    known: &[usize],
    fitted: &FitFn<'_>,
) -> Result<(f64, Vec<Option<f64>>), AttritionError> {
    let ids: Vec<String> = known.iter().map(|&i| obs.employees[i].clone()).collect();
    let outcome: Vec<bool> = known.iter().map(|&i| y[i]).collect();
    let fold_of = folds(&ids, &outcome);
    let mut scores = vec![0.0; known.len()];
    let mut fold_auc = Vec::new();
    for k in 0..FOLDS {
        let train: Vec<usize> = (0..known.len())
            .filter(|&r| fold_of[r] != k)
            .map(|r| known[r])
            .collect();
        let test: Vec<usize> = (0..known.len()).filter(|&r| fold_of[r] == k).collect();
        let model = fitted(&train, Some(k))?;
        for &r in &test {
            scores[r] = model.probability(&obs.x[known[r]]);
        }
        let s: Vec<f64> = test.iter().map(|&r| scores[r]).collect();
        let o: Vec<bool> = test.iter().map(|&r| outcome[r]).collect();
        fold_auc.push(auc(&s, &o));
    }
    let pooled = auc(&scores, &outcome).unwrap_or(0.5);
    Ok((pooled, fold_auc))
}

fn coefficients(spec: &AttritionSpec, model: &Fitted) -> Vec<Coefficient> {
    spec.features
        .iter()
        .enumerate()
        .map(|(j, f)| Coefficient {
            feature: f.clone(),
            mean: model.scale.mean[j],
            sd: model.scale.sd[j],
            per_sd: model.beta[j],
            odds_ratio: model.beta[j].exp(),
        })
        .collect()
}

/// The rows of the latest period, by predicted probability (highest first; ties by id).
fn rank(obs: &Observations, model: &Fitted) -> (Option<Period>, Vec<Ranked>) {
    let Some(latest) = obs.periods.iter().max().copied() else {
        return (None, Vec::new());
    };
    let mut ranking: Vec<Ranked> = (0..obs.periods.len())
        .filter(|&i| obs.periods[i] == latest)
        .map(|i| Ranked {
            employee: obs.employees[i].clone(),
            probability: model.probability(&obs.x[i]),
        })
        .collect();
    ranking.sort_by(|a, b| {
        b.probability
            .total_cmp(&a.probability)
            .then_with(|| a.employee.cmp(&b.employee))
    });
    (Some(latest), ranking)
}
