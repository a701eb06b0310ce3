//! The attrition model as a table for people and as JSON for tools. Statistics are shown to
//! 3 places (4 for probabilities): enough to read, and the same on every machine.

use crate::analysis::attrition::{AttritionModel, RIDGE_ALPHA};
use serde_json::{json, Value as Json};
use std::fmt::Write;

impl AttritionModel {
    /// The fit, the coefficients, the cross-validated AUC, and the `top` employees at risk.
    pub fn to_table(&self, top: usize) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "attrition model: {} rows ({} employees), {} leavers, {} leaving rows; logistic regression on standardised features (ridge alpha {RIDGE_ALPHA})",
            self.rows, self.employees, self.leavers, self.events
        );
        let _ = writeln!(
            out,
            "\n{:<24} {:>10} {:>10} {:>10} {:>10}",
            "feature", "mean", "sd", "per_sd", "odds_ratio"
        );
        for c in &self.coefficients {
            let _ = writeln!(
                out,
                "{:<24} {:>10.3} {:>10.3} {:>+10.3} {:>10.3}",
                c.feature, c.mean, c.sd, c.per_sd, c.odds_ratio
            );
        }
        let _ = writeln!(
            out,
            "{:<24} {:>10} {:>10} {:>+10.3}",
            "(intercept)", "", "", self.intercept
        );
        let folds: Vec<String> = self
            .fold_auc
            .iter()
            .map(|a| a.map_or("-".to_string(), |a| format!("{a:.3}")))
            .collect();
        let _ = writeln!(
            out,
            "\ncross-validated AUC (5 folds by employee): {:.3}   folds: {}",
            self.cv_auc,
            folds.join(" ")
        );
        if let Some(period) = self.current_period {
            let _ = writeln!(
                out,
                "\nhighest predicted risk, {period} (probability of leaving within the horizon):"
            );
            for (i, r) in self.ranking.iter().take(top).enumerate() {
                let _ = writeln!(out, "{:>3}. {:<12} {:.4}", i + 1, r.employee, r.probability);
            }
            if self.ranking.len() > top {
                let _ = writeln!(
                    out,
                    "     ... {} more (--top N, or --format json for all)",
                    self.ranking.len() - top
                );
            }
        }
        out
    }

    /// Everything, numbers as JSON numbers rounded as the table shows them.
    pub fn to_json(&self) -> Json {
        let r3 = |v: f64| (v * 1000.0).round() / 1000.0;
        let r4 = |v: f64| (v * 10000.0).round() / 10000.0;
        json!({
            "file": self.file,
            "rows": self.rows,
            "employees": self.employees,
            "leavers": self.leavers,
            "leaving_rows": self.events,
            "ridge_alpha": RIDGE_ALPHA,
            "coefficients": self.coefficients.iter().map(|c| json!({
                "feature": c.feature,
                "mean": r3(c.mean),
                "sd": r3(c.sd),
                "per_sd": r3(c.per_sd),
                "odds_ratio": r3(c.odds_ratio),
            })).collect::<Vec<_>>(),
            "intercept": r3(self.intercept),
            "cv_auc": r3(self.cv_auc),
            "fold_auc": self.fold_auc.iter().map(|a| a.map(r3)).collect::<Vec<_>>(),
            "period": self.current_period.map(|p| p.to_string()),
            "ranking": self.ranking.iter().map(|r| json!({
                "employee_id": r.employee,
                "probability": r4(r.probability),
            })).collect::<Vec<_>>(),
        })
    }
}
