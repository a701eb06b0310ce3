//! Choosing the shown columns after the fact: the same plan, other columns.
//!
//! `[outputs]` is the policy's own choice of columns. A consultant checking one person, or an
//! HR product building a screen, often wants other ones: an input beside the figure it feeds,
//! a param, a scorecard metric, a tier's rate. [`Plan::showing`] gives a plan that computes
//! exactly what the original does and shows the named figures instead, in the order given.

use super::plan::{Layout, Plan};
use crate::text::{escape_controls, name_key};
use std::sync::Arc;

/// Why a list of names cannot be shown.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ShowError {
    /// `showing(&["kpj"])` on a policy that computes `kpi`: no input, param, value, scorecard,
    /// metric, grade, tier, tier rate or curve has that name.
    #[error(
        "the policy has no figure `{}`{}",
        escape_controls(name),
        match nearest {
            Some(n) => format!(" (did you mean `{n}`?)"),
            None => String::new(),
        }
    )]
    UnknownName {
        /// The name asked for.
        name: String,
        /// The nearest name the policy has, if one is close.
        nearest: Option<Arc<str>>,
    },
    /// `showing(&["kpi", "commission", "kpi"])`: a name given twice, which would head two
    /// columns alike.
    #[error(
        "`{}` is asked for twice; each figure can be shown once",
        escape_controls(name)
    )]
    Repeated {
        /// The name given twice.
        name: String,
    },
    /// `showing(&[])`: no names at all.
    #[error("no names to show; give at least one")]
    NoNames,
}

impl Plan {
    /// This plan, showing the figures named `names` in that order instead of `[outputs]`.
    ///
    /// Any name the policy defines may be shown: inputs, params, values, scorecard totals
    /// and metrics (`kpi`, `kpi.sales`), grades (`kpi.grade`), tiers and their rates and
    /// amounts (`commission`, `commission.rate`), curves, `period.start`. Names are compared
    /// as everywhere in hrrules (after NFKC normalization). The new plan computes exactly
    /// what this one computes: only the shown columns (what [`Evaluation::outputs`] gives,
    /// what a report prints) change.
    ///
    /// ```
    /// # let policy = hrrules::Policy::load("rules/sales_2023h2.toml")?;
    /// let plan = policy.plan("2023-09".parse()?)?;
    /// let plan = plan.showing(&["sales_amount", "commission.rate", "commission"])?;
    /// assert_eq!(plan.outputs().collect::<Vec<_>>(), ["sales_amount", "commission.rate", "commission"]);
    ///
    /// let err = plan.showing(&["comission"]).unwrap_err();
    /// assert_eq!(err.to_string(), "the policy has no figure `comission` (did you mean `commission`?)");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// [`Evaluation::outputs`]: super::Evaluation::outputs
    pub fn showing(&self, names: &[&str]) -> Result<Plan, ShowError> {
        if names.is_empty() {
            return Err(ShowError::NoNames);
        }
        let layout = &self.layout;
        let mut outputs: Vec<(Arc<str>, u32)> = Vec::with_capacity(names.len());
        for &name in names {
            let slot = self.slot_named(name)?;
            if outputs.iter().any(|&(_, s)| s == slot) {
                return Err(ShowError::Repeated {
                    name: name.to_string(),
                });
            }
            outputs.push((layout.names[slot as usize].clone(), slot));
        }
        let percent = outputs
            .iter()
            .map(|&(_, s)| (layout.about.get(s as usize)).is_some_and(|a| a.percent))
            .collect();
        let mut shown = Layout::clone(layout);
        shown.outputs = outputs;
        shown.percent = percent;
        let mut plan = self.clone();
        plan.layout = Arc::new(shown);
        Ok(plan)
    }

    /// The slot of the figure `name`: by its exact name, else by its NFKC form.
    fn slot_named(&self, name: &str) -> Result<u32, ShowError> {
        let layout = &self.layout;
        if let Some(&slot) = layout.index.get(name) {
            return Ok(slot);
        }
        let key = name_key(name);
        if let Some(slot) = layout.names.iter().position(|n| name_key(n) == key) {
            return Ok(slot as u32);
        }
        let nearest = crate::error::nearest(name, layout.names.iter().map(|n| &**n));
        Err(ShowError::UnknownName {
            name: name.to_string(),
            nearest: nearest.map(Arc::from),
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::Policy;

    const RULES: &str = r#"
[policy]
name = "p"
[inputs]
sales = "money"
share = "percent"
[params]
rate = { value = "5%", type = "percent" }
[values]
pay = "sales * rate"
[outputs]
show = ["pay"]
"#;

    #[test]
    fn shown_columns_change_and_figures_do_not() {
        let policy = Policy::from_source("p.toml", RULES).unwrap();
        let plan = policy.plan("2023-09".parse().unwrap()).unwrap();
        let shown = plan.showing(&["rate", "share", "sales", "pay"]).unwrap();
        let mut inputs = policy.inputs();
        inputs.set_text("sales", "1000").unwrap();
        let before = plan.evaluate(&inputs).unwrap();
        let after = shown.evaluate(&inputs).unwrap();
        assert_eq!(before.all(), after.all());
        let columns: Vec<_> = after.outputs().map(|(n, v)| (n, v.cloned())).collect();
        assert_eq!(
            format!("{columns:?}"),
            r#"[("rate", Some(Number(0.05))), ("share", None), ("sales", Some(Number(1000))), ("pay", Some(Number(50.00)))]"#
        );
        assert_eq!(after.percent_outputs(), [true, true, false, false]);
        assert_eq!(plan.outputs().collect::<Vec<_>>(), ["pay"]);
    }

    #[test]
    fn mistakes() {
        let policy = Policy::from_source("p.toml", RULES).unwrap();
        let plan = policy.plan("2023-09".parse().unwrap()).unwrap();
        let err = |names: &[&str]| plan.showing(names).unwrap_err().to_string();
        assert_eq!(
            err(&["pay", "sale"]),
            "the policy has no figure `sale` (did you mean `sales`?)"
        );
        assert_eq!(err(&["bonus"]), "the policy has no figure `bonus`");
        assert_eq!(
            err(&["pay", "pay"]),
            "`pay` is asked for twice; each figure can be shown once"
        );
        assert_eq!(err(&[]), "no names to show; give at least one");
        assert_eq!(
            err(&["\u{1b}[31m"]),
            "the policy has no figure `\\u{1b}[31m`"
        );
    }
}
