//! An optional record of how each figure was computed. Evaluation is generic over [`Trace`];
//! with [`NoTrace`] every hook is an empty inline function, so tracing costs nothing when off.

use crate::value::Value;
use rust_decimal::Decimal;

/// Hooks called during evaluation.
pub trait Trace {
    /// A named value, scorecard total, tier or curve was computed: its exact value and the
    /// value stored after rounding.
    #[inline(always)]
    fn computed(&mut self, _slot: usize, _exact: &Value, _stored: &Value) {}
    /// A scorecard metric: its raw score, and the score after floor, cap and gate.
    #[inline(always)]
    fn metric(&mut self, _slot: usize, _raw: Decimal, _scored: Decimal, _gate_open: bool) {}
    /// A tier was applied to `base`, reaching bracket `bracket`.
    #[inline(always)]
    fn tier(&mut self, _tier: usize, _base: Decimal, _bracket: Option<usize>) {}
    /// The evaluation ended, computed or failed: `slots` holds every figure computed so far
    /// (inputs first; `None` for a missing input), as [`Plan::slot_name`] numbers them.
    ///
    /// [`Plan::slot_name`]: super::Plan::slot_name
    #[inline(always)]
    fn settled(&mut self, _slots: &[Option<Value>]) {}
}

/// No tracing.
#[derive(Clone, Copy, Debug, Default)]
pub struct NoTrace;

impl Trace for NoTrace {}

/// One recorded step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TraceEvent {
    /// See [`Trace::computed`].
    Computed {
        /// Slot computed.
        slot: usize,
        /// Before rounding.
        exact: Value,
        /// As stored.
        stored: Value,
    },
    /// See [`Trace::metric`].
    Metric {
        /// The metric's slot.
        slot: usize,
        /// Raw score.
        raw: Decimal,
        /// After floor, cap and gate.
        scored: Decimal,
        /// Whether the gate (if any) was open.
        gate_open: bool,
    },
    /// See [`Trace::tier`].
    Tier {
        /// Tier index.
        tier: usize,
        /// Base.
        base: Decimal,
        /// Bracket reached.
        bracket: Option<usize>,
    },
}

/// Records every step, in order.
#[derive(Clone, Debug, Default)]
pub struct Recorder {
    /// The steps.
    pub events: Vec<TraceEvent>,
}

impl Trace for Recorder {
    fn computed(&mut self, slot: usize, exact: &Value, stored: &Value) {
        self.events.push(TraceEvent::Computed {
            slot,
            exact: exact.clone(),
            stored: stored.clone(),
        });
    }
    fn metric(&mut self, slot: usize, raw: Decimal, scored: Decimal, gate_open: bool) {
        self.events.push(TraceEvent::Metric {
            slot,
            raw,
            scored,
            gate_open,
        });
    }
    fn tier(&mut self, tier: usize, base: Decimal, bracket: Option<usize>) {
        self.events.push(TraceEvent::Tier {
            tier,
            base,
            bracket,
        });
    }
}
