//! The evaluator: a checked policy compiled for a period into a [`Plan`], then run over each
//! employee's [`Inputs`] with exact decimals.

mod compile;
mod error;
mod exact;
mod explain;
mod explain_table;
mod explain_text;
mod inputs;
mod kinds;
mod node;
mod plan;
mod population;
pub(crate) mod record;
pub mod round;
mod run;
mod serial;
mod show;
mod tiers;
pub mod trace;

pub use error::{EvalError, PlanError};
pub use explain::{
    CurveWork, Derivation, Explanation, Formula, GradeBand, MetricWork, RoundingWork, Slice,
    TierWork, TotalWork, DEEPEST,
};
pub use explain_table::{RowWork, Tested};
pub use inputs::{InputSchema, Inputs};
pub use plan::{Layout, Plan, SlotKind, TierSlice};
pub use population::{Arg, PopPlan};
pub use record::LenientInputs;
pub use run::Evaluation;
pub use serial::AllValues;
pub use show::ShowError;
pub use trace::{NoTrace, Recorder, Trace, TraceEvent};
