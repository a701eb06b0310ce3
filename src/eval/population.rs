//! What a plan says of its population figures, and evaluating an employee up to a pass.

use super::error::EvalError;
use super::inputs::Inputs;
use super::plan::Plan;
use super::run::Evaluation;
use crate::error::Span;
use crate::value::Value;
use crate::vocab::{Grades, PopFunc};
use std::sync::Arc;

/// Where a population figure's argument comes from, per employee.
#[derive(Clone, Debug)]
pub enum Arg {
    /// An evaluation's slot.
    Slot(u32),
    /// A constant (`allocate(50000, kpi)`... after folding).
    Const(Value),
}

/// One population figure, as the driver computes it.
#[derive(Clone, Debug)]
pub struct PopPlan {
    /// The function.
    pub func: PopFunc,
    /// `x`; `pool, weight`; none for `count`.
    pub args: Vec<Arg>,
    /// `distribute`'s grades, best first.
    pub grades: Grades,
    /// The slot of the group (`by team`), if grouped.
    pub by: Option<u32>,
    /// The group's input position, when the group is an input (read from the data even for
    /// an employee whose figures failed).
    pub by_input: Option<usize>,
    /// The group's name (`team`).
    pub by_name: Option<Arc<str>>,
    /// `exclude_failed = true`.
    pub exclude_failed: bool,
    /// The hidden input it fills.
    pub input: usize,
    /// The pass that computes it (from 1).
    pub pass: usize,
    /// The call as written: `allocate(team_pool, kpi) by team`.
    pub text: Arc<str>,
    /// Where it is written.
    pub span: Span,
    /// What `allocate` splits a pool into: the policy's rounding unit (0.01 for cents).
    pub unit: rust_decimal::Decimal,
}

impl Plan {
    /// How many passes over everyone the plan needs before the last: 0 for a policy without
    /// population figures (evaluated in one pass, streaming).
    pub fn passes(&self) -> usize {
        self.pass_ends.len().saturating_sub(1)
    }

    /// The population figures, each a hidden input the driver fills.
    pub fn populations(&self) -> &[PopPlan] {
        &self.populations
    }

    /// Computes one employee's figures up to the end of pass `pass` (0: everything computed
    /// from the employee's own data, and the arguments of the figures of pass 1). The
    /// figures of later passes are left empty.
    pub fn evaluate_pass(&self, inputs: &Inputs, pass: usize) -> Result<Evaluation, EvalError> {
        let end = self
            .pass_ends
            .get(pass)
            .copied()
            .unwrap_or(self.steps.len());
        self.evaluate_steps(inputs, end)
    }

    /// How many per-employee slots pass `pass` fills (inputs included): what a later pass
    /// resumes from ([`Plan::resume`]).
    pub(crate) fn pass_slots(&self, pass: usize) -> usize {
        self.pass_slots
            .get(pass)
            .copied()
            .unwrap_or(self.layout.per_employee)
    }

    /// Resumes an evaluation kept after pass `from` (its first [`Plan::pass_slots`] slots)
    /// with the population figures `fill` puts in (at their inputs' positions), running the
    /// steps of the passes after it up to the end of pass `to` (`None`: to the end). The
    /// steps of pass `from` and before do not read those figures, so the result is the
    /// evaluation from scratch, without computing them again.
    pub(crate) fn resume<E: From<EvalError>>(
        &self,
        kept: &[Option<Value>],
        fill: impl FnOnce(&mut [Option<Value>]) -> Result<(), E>,
        from: usize,
        to: Option<usize>,
    ) -> Result<Evaluation, E> {
        let mut slots = Vec::with_capacity(self.layout.per_employee);
        slots.extend_from_slice(kept);
        slots.resize(self.layout.per_employee, None);
        fill(&mut slots)?;
        let start = self.pass_ends.get(from).copied().unwrap_or(0);
        let end = to
            .and_then(|t| self.pass_ends.get(t).copied())
            .unwrap_or(self.steps.len());
        let steps = self.steps.get(start..end).unwrap_or(&[]);
        self.run_steps(&mut slots, &mut super::trace::NoTrace, steps)?;
        Ok(Evaluation::from_slots(self.layout.clone(), slots))
    }

    /// The value of an argument of a figure for an employee, from their evaluation.
    pub fn argument<'e>(&'e self, arg: &'e Arg, e: &'e Evaluation) -> Option<&'e Value> {
        match arg {
            Arg::Slot(s) => e.slot_value(*s),
            Arg::Const(v) => Some(v),
        }
    }
}
