//! The compiled form of formulas: a flat array of nodes over slot indices, and the
//! interpreter that runs them. No names, no strings, no allocation per arithmetic step.

use super::round::round;
use super::tiers::TierTable;
use crate::check::ir::Func;
use crate::value::Value;
use rust_decimal::Decimal;
use std::cmp::Ordering;

/// Index of a node in [`Program::nodes`].
pub(crate) type NodeId = u32;

/// One step of a formula.
#[derive(Clone, Debug)]
pub(crate) enum Node {
    Const(Value),
    /// Read a slot (an input or something computed earlier).
    Slot(u32),
    Neg(NodeId),
    Not(NodeId),
    Add(NodeId, NodeId),
    Sub(NodeId, NodeId),
    Mul(NodeId, NodeId),
    Div(NodeId, NodeId),
    Cmp(Cmp, NodeId, NodeId),
    And(NodeId, NodeId),
    Or(NodeId, NodeId),
    /// `if`: pairs `(condition, result)` at `args[start..start + 2 * pairs]`, then `otherwise`.
    If {
        start: u32,
        pairs: u32,
        otherwise: NodeId,
    },
    /// A function over `args[start..start + len]`.
    Call {
        func: Func,
        start: u32,
        len: u32,
    },
    /// `tier(NAME, base)`.
    TierOn {
        tier: u32,
        base: NodeId,
    },
}

/// Comparison operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Cmp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

/// What went wrong, and at which node; turned into an `EvalError` with a location outside the
/// hot path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Fault {
    DivisionByZero(NodeId),
    Overflow(NodeId),
    /// A slot with no value (an input missing from the data, without default).
    Missing {
        slot: u32,
        node: NodeId,
    },
    ClampBounds {
        lo: Decimal,
        hi: Decimal,
        node: NodeId,
    },
    /// A value of a type the checker ruled out: a bug in hrrules, reported, never a panic.
    Internal(NodeId),
}

/// All compiled formulas of a plan.
#[derive(Clone, Debug, Default)]
pub(crate) struct Program {
    pub nodes: Vec<Node>,
    /// Operands of `If` and `Call` nodes.
    pub args: Vec<NodeId>,
    pub tiers: Vec<TierTable>,
}

impl Program {
    /// Evaluates node `id` over `slots`.
    pub(crate) fn eval(&self, id: NodeId, slots: &[Option<Value>]) -> Result<Value, Fault> {
        let node = match self.nodes.get(id as usize) {
            Some(n) => n,
            None => return Err(Fault::Internal(id)),
        };
        Ok(match node {
            Node::Const(v) => v.clone(),
            Node::Slot(s) => match slots.get(*s as usize) {
                Some(Some(v)) => v.clone(),
                _ => return Err(Fault::Missing { slot: *s, node: id }),
            },
            Node::Neg(x) => Value::Number(-self.num(*x, slots)?),
            Node::Not(x) => Value::Bool(!self.bool(*x, slots)?),
            Node::Add(a, b) => {
                let r = self.num(*a, slots)?.checked_add(self.num(*b, slots)?);
                Value::Number(r.ok_or(Fault::Overflow(id))?)
            }
            Node::Sub(a, b) => {
                let r = self.num(*a, slots)?.checked_sub(self.num(*b, slots)?);
                Value::Number(r.ok_or(Fault::Overflow(id))?)
            }
            Node::Mul(a, b) => {
                let r = self.num(*a, slots)?.checked_mul(self.num(*b, slots)?);
                Value::Number(r.ok_or(Fault::Overflow(id))?)
            }
            Node::Div(a, b) => {
                let x = self.num(*a, slots)?;
                Value::Number(divide(x, self.num(*b, slots)?, id)?)
            }
            Node::Cmp(op, a, b) => {
                let x = self.eval(*a, slots)?;
                let y = self.eval(*b, slots)?;
                Value::Bool(compare(*op, &x, &y))
            }
            Node::And(a, b) => Value::Bool(self.bool(*a, slots)? && self.bool(*b, slots)?),
            Node::Or(a, b) => Value::Bool(self.bool(*a, slots)? || self.bool(*b, slots)?),
            Node::If {
                start,
                pairs,
                otherwise,
            } => {
                let s = *start as usize;
                for k in 0..*pairs as usize {
                    let (c, r) = (self.arg(s + 2 * k), self.arg(s + 2 * k + 1));
                    if self.bool(c, slots)? {
                        return self.eval(r, slots);
                    }
                }
                return self.eval(*otherwise, slots);
            }
            Node::Call { func, start, len } => {
                let args = self
                    .args
                    .get(*start as usize..(*start + *len) as usize)
                    .unwrap_or(&[]);
                return self.call(*func, args, slots, id);
            }
            Node::TierOn { tier, base } => {
                let b = self.num(*base, slots)?;
                let table = &self.tiers[*tier as usize];
                Value::Number(table.pay(b).map_err(|()| Fault::Overflow(id))?.amount)
            }
        })
    }

    fn arg(&self, i: usize) -> NodeId {
        self.args.get(i).copied().unwrap_or(u32::MAX)
    }

    /// Evaluates a node known (by the checker) to be a number.
    pub(crate) fn num(&self, id: NodeId, slots: &[Option<Value>]) -> Result<Decimal, Fault> {
        match self.eval(id, slots)? {
            Value::Number(d) => Ok(d),
            _ => Err(Fault::Internal(id)),
        }
    }

    /// Evaluates a node known (by the checker) to be a condition.
    pub(crate) fn bool(&self, id: NodeId, slots: &[Option<Value>]) -> Result<bool, Fault> {
        match self.eval(id, slots)? {
            Value::Bool(b) => Ok(b),
            _ => Err(Fault::Internal(id)),
        }
    }

    fn call(
        &self,
        func: Func,
        args: &[NodeId],
        slots: &[Option<Value>],
        id: NodeId,
    ) -> Result<Value, Fault> {
        let first = *args.first().ok_or(Fault::Internal(id))?;
        Ok(match func {
            Func::Min | Func::Max => {
                let mut best = self.eval(first, slots)?;
                for a in &args[1..] {
                    let v = self.eval(*a, slots)?;
                    let better = match order(&v, &best) {
                        Some(Ordering::Less) => func == Func::Min,
                        Some(Ordering::Greater) => func == Func::Max,
                        _ => false,
                    };
                    if better {
                        best = v;
                    }
                }
                best
            }
            Func::Clamp => {
                let x = self.num(first, slots)?;
                let lo = self.num(*args.get(1).ok_or(Fault::Internal(id))?, slots)?;
                let hi = self.num(*args.get(2).ok_or(Fault::Internal(id))?, slots)?;
                if lo > hi {
                    return Err(Fault::ClampBounds { lo, hi, node: id });
                }
                Value::Number(x.max(lo).min(hi))
            }
            Func::Abs => Value::Number(self.num(first, slots)?.abs()),
            Func::Floor => Value::Number(self.num(first, slots)?.floor()),
            Func::Ceil => Value::Number(self.num(first, slots)?.ceil()),
            Func::Round(r) => Value::Number(round(self.num(first, slots)?, r)),
            Func::Div => {
                let a = self.num(first, slots)?;
                let b = self.num(*args.get(1).ok_or(Fault::Internal(id))?, slots)?;
                if b.is_zero() {
                    self.eval(*args.get(2).ok_or(Fault::Internal(id))?, slots)?
                } else {
                    Value::Number(divide(a, b, id)?)
                }
            }
            Func::DaysBetween => {
                let a = self.date(first, slots)?;
                let b = self.date(*args.get(1).ok_or(Fault::Internal(id))?, slots)?;
                Value::Number(Decimal::from(a.days_until(b)))
            }
            Func::Year => Value::Number(Decimal::from(self.date(first, slots)?.year())),
            Func::Month => Value::Number(Decimal::from(self.date(first, slots)?.month())),
        })
    }

    fn date(&self, id: NodeId, slots: &[Option<Value>]) -> Result<crate::date::Date, Fault> {
        match self.eval(id, slots)? {
            Value::Date(d) => Ok(d),
            _ => Err(Fault::Internal(id)),
        }
    }
}

/// `a / b`, with division by zero and overflow as faults.
pub(crate) fn divide(a: Decimal, b: Decimal, id: NodeId) -> Result<Decimal, Fault> {
    if b.is_zero() {
        return Err(Fault::DivisionByZero(id));
    }
    a.checked_div(b).ok_or(Fault::Overflow(id))
}

fn order(a: &Value, b: &Value) -> Option<Ordering> {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => Some(x.cmp(y)),
        (Value::Date(x), Value::Date(y)) => Some(x.cmp(y)),
        (Value::Text(x), Value::Text(y)) => Some(x.cmp(y)),
        (Value::Bool(x), Value::Bool(y)) => Some(x.cmp(y)),
        _ => None,
    }
}

fn compare(op: Cmp, a: &Value, b: &Value) -> bool {
    let Some(o) = order(a, b) else {
        return op == Cmp::Ne;
    };
    match op {
        Cmp::Eq => o == Ordering::Equal,
        Cmp::Ne => o != Ordering::Equal,
        Cmp::Lt => o == Ordering::Less,
        Cmp::Le => o != Ordering::Greater,
        Cmp::Gt => o == Ordering::Greater,
        Cmp::Ge => o != Ordering::Less,
    }
}
