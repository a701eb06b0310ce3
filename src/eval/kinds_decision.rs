//! Compiling a decision table: its inputs' formulas, and one step that fills all its outputs.

use super::{uses, Builder};
use crate::check::ir::Symbol;
use crate::eval::plan::{SlotKind, Step};
use std::sync::Arc;

impl Builder<'_> {
    /// Compiles decision table `i`: its inputs, and one step filling every output.
    pub(super) fn decision(&mut self, i: usize) {
        let d = &self.c.decisions[i];
        let slot = self.slots.slot(Symbol::TableOut(i, 0));
        let used: Vec<u32> = d
            .inputs
            .iter()
            .flat_map(|(_, e)| uses(e, self.slots))
            .collect();
        for j in 0..d.outputs.len() {
            let sym = Symbol::TableOut(i, j);
            self.describe(
                sym,
                SlotKind::TableOut,
                d.span,
                d.docs.clone(),
                used.clone(),
            );
            self.comp.rounded.insert(sym);
        }
        let inputs = d.inputs.iter().map(|(_, e)| self.comp.expr(e)).collect();
        self.steps.push(Step::Decision {
            slot,
            table: Arc::new(d.clone()),
            inputs,
        });
    }
}
