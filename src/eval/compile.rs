//! Compiling typed formulas into the node array, folding constants as it goes.

use super::exact::Arith;
use super::node::{Cmp, Node, NodeId, Program};
use crate::check::ir::{Func, Symbol, TExpr, TKind};
use crate::error::Span;
use crate::syntax::BinaryOp;
use crate::value::Value;
use std::collections::{HashMap, HashSet};

/// Builds a [`Program`]: every symbol maps to a constant (params, the period) or a slot.
///
/// It also tracks which numbers are **rounded**: a division's result (which may have been
/// rounded to 28 significant digits), and anything computed from one without a declared
/// rounding. A sum, difference or product with a rounded operand is compiled to round to 28
/// significant digits like the division did ([`Node::AddRounded`]); every other one is
/// exact or an error ([`Node::Add`]).
pub(crate) struct Compiler<'a> {
    pub program: Program,
    pub spans: Vec<Span>,
    pub consts: &'a HashMap<Symbol, Value>,
    pub slots: &'a HashMap<Symbol, u32>,
    /// Params and values whose figure is a division's rounded result (see above).
    pub rounded: HashSet<Symbol>,
    /// For each node, whether its result is rounded (see above).
    pub rounded_nodes: Vec<bool>,
}

impl Compiler<'_> {
    /// A compiler over `consts` and `slots`, with the rounded symbols known so far.
    pub(crate) fn new<'a>(
        program: Program,
        consts: &'a HashMap<Symbol, Value>,
        slots: &'a HashMap<Symbol, u32>,
        rounded: HashSet<Symbol>,
    ) -> Compiler<'a> {
        Compiler {
            program,
            spans: Vec::new(),
            consts,
            slots,
            rounded,
            rounded_nodes: Vec::new(),
        }
    }

    fn push(&mut self, node: Node, span: Span) -> NodeId {
        let rounded = self.rounds(&node);
        let id = u32::try_from(self.program.nodes.len()).unwrap_or(u32::MAX);
        self.program.nodes.push(node);
        self.spans.push(span);
        self.rounded_nodes.push(rounded);
        id
    }

    /// Whether node `id`'s result may be a division's rounded result.
    pub(crate) fn is_rounded(&self, id: NodeId) -> bool {
        self.rounded_nodes
            .get(id as usize)
            .copied()
            .unwrap_or(false)
    }

    /// Whether a new `node` gives a rounded result.
    fn rounds(&self, node: &Node) -> bool {
        let any = |ids: &[NodeId]| ids.iter().any(|&i| self.is_rounded(i));
        match node {
            Node::Div(..) => true,
            Node::Num(_) | Node::Const(_) | Node::Slot(_) => false,
            Node::Not(_) | Node::Cmp { .. } | Node::And(..) | Node::Or(..) => false,
            Node::Neg(x) => self.is_rounded(*x),
            Node::Add(a, b)
            | Node::Sub(a, b)
            | Node::Mul(a, b)
            | Node::AddRounded(a, b)
            | Node::SubRounded(a, b)
            | Node::MulRounded(a, b) => any(&[*a, *b]),
            Node::If {
                start,
                pairs,
                otherwise,
            } => {
                let s = *start as usize;
                let n = 2 * *pairs as usize;
                any(self.program.args.get(s..s + n).unwrap_or(&[])) || self.is_rounded(*otherwise)
            }
            Node::Call { func, start, len } => match func {
                Func::Div => true,
                Func::Round(_) | Func::Floor | Func::Ceil => false,
                Func::DaysBetween | Func::Year | Func::Month => false,
                Func::Min | Func::Max | Func::Clamp | Func::Abs => {
                    let s = *start as usize;
                    any(self.program.args.get(s..s + *len as usize).unwrap_or(&[]))
                }
            },
            Node::TierOn { base, .. } => self.is_rounded(*base),
        }
    }

    fn is_const(&self, id: NodeId) -> bool {
        matches!(
            self.program.nodes.get(id as usize),
            Some(Node::Const(_) | Node::Num(_))
        )
    }

    /// Replaces node `id` by its value when all its operands are constants and it evaluates
    /// without a fault (a faulting constant, like `1 / 0`, stays, to fault with its location
    /// for each employee).
    fn fold(&mut self, id: NodeId, operands: &[NodeId]) -> NodeId {
        if operands.iter().all(|&o| self.is_const(o)) {
            if let Ok(v) = self.program.value(id, &[]) {
                self.program.nodes[id as usize] = constant(v);
            }
        }
        id
    }

    /// Compiles `e`, returning its node.
    pub(crate) fn expr(&mut self, e: &TExpr) -> NodeId {
        let span = e.span;
        match &e.kind {
            TKind::Const(v) => self.push(constant(v.clone()), span),
            TKind::Sym(sym) => {
                let id = if let Some(v) = self.consts.get(sym) {
                    self.push(constant(v.clone()), span)
                } else if let Some(&s) = self.slots.get(sym) {
                    self.push(Node::Slot(s), span)
                } else {
                    // Unreachable for a checked policy; a missing slot faults at run time.
                    self.push(Node::Slot(u32::MAX), span)
                };
                if self.rounded.contains(sym) {
                    if let Some(r) = self.rounded_nodes.get_mut(id as usize) {
                        *r = true;
                    }
                }
                id
            }
            TKind::Neg(x) => {
                let x = self.expr(x);
                let id = self.push(Node::Neg(x), span);
                self.fold(id, &[x])
            }
            TKind::Not(x) => {
                let x = self.expr(x);
                let id = self.push(Node::Not(x), span);
                self.fold(id, &[x])
            }
            TKind::Binary(op, a, b) => {
                // Numbers are compared as decimals, without building values.
                let numeric = a.ty.is_numeric() && b.ty.is_numeric();
                let cmp = |op, a, b| Node::Cmp { op, numeric, a, b };
                let a = self.expr(a);
                let b = self.expr(b);
                let rounded = self.is_rounded(a) || self.is_rounded(b);
                let node = match op {
                    BinaryOp::Add if rounded => Node::AddRounded(a, b),
                    BinaryOp::Sub if rounded => Node::SubRounded(a, b),
                    BinaryOp::Mul if rounded => Node::MulRounded(a, b),
                    BinaryOp::Add => Node::Add(a, b),
                    BinaryOp::Sub => Node::Sub(a, b),
                    BinaryOp::Mul => Node::Mul(a, b),
                    BinaryOp::Div => Node::Div(a, b),
                    BinaryOp::And => Node::And(a, b),
                    BinaryOp::Or => Node::Or(a, b),
                    BinaryOp::Eq => cmp(Cmp::Eq, a, b),
                    BinaryOp::Ne => cmp(Cmp::Ne, a, b),
                    BinaryOp::Lt => cmp(Cmp::Lt, a, b),
                    BinaryOp::Le => cmp(Cmp::Le, a, b),
                    BinaryOp::Gt => cmp(Cmp::Gt, a, b),
                    BinaryOp::Ge => cmp(Cmp::Ge, a, b),
                };
                let id = self.push(node, span);
                self.fold(id, &[a, b])
            }
            TKind::If(branches, otherwise) => {
                let mut ops = Vec::with_capacity(branches.len() * 2);
                for (c, r) in branches {
                    ops.push(self.expr(c));
                    ops.push(self.expr(r));
                }
                let otherwise = self.expr(otherwise);
                let start = u32::try_from(self.program.args.len()).unwrap_or(u32::MAX);
                self.program.args.extend_from_slice(&ops);
                let pairs = u32::try_from(branches.len()).unwrap_or(0);
                let id = self.push(
                    Node::If {
                        start,
                        pairs,
                        otherwise,
                    },
                    span,
                );
                ops.push(otherwise);
                self.fold(id, &ops)
            }
            TKind::Call(func, args) => {
                let ops: Vec<NodeId> = args.iter().map(|a| self.expr(a)).collect();
                let start = u32::try_from(self.program.args.len()).unwrap_or(u32::MAX);
                self.program.args.extend_from_slice(&ops);
                let len = u32::try_from(ops.len()).unwrap_or(0);
                let id = self.push(
                    Node::Call {
                        func: *func,
                        start,
                        len,
                    },
                    span,
                );
                self.fold(id, &ops)
            }
            TKind::TierOn(tier, base) => {
                let base = self.expr(base);
                let tier = u32::try_from(*tier).unwrap_or(u32::MAX);
                let arith = Arith::of(self.is_rounded(base));
                let id = self.push(Node::TierOn { tier, base, arith }, span);
                self.fold(id, &[base])
            }
        }
    }
}

/// The node for a constant: numbers unwrapped, so that arithmetic reads them directly.
fn constant(v: Value) -> Node {
    match v {
        Value::Number(d) => Node::Num(d),
        other => Node::Const(other),
    }
}
