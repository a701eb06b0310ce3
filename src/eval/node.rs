//! The compiled form of formulas: a flat array of nodes over slot indices, and the
//! interpreter that runs them. No names, no strings, no allocation per arithmetic step.
//!
//! The checker has typed every formula, so the interpreter need not carry types at run time:
//! a number is computed by [`Program::num`] straight to a [`Decimal`], a condition by
//! [`Program::cond`] straight to a `bool`, and only the rare text or date result goes through
//! the general [`Program::eval`] and a [`Value`]. Numeric constants are stored unwrapped
//! ([`Node::Num`]) and comparisons of numbers are marked as such when compiled, so the
//! arithmetic of a payroll formula never builds, matches or clones a `Value`.

use super::exact::{self, Arith, Loss};
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
    /// A numeric constant.
    Num(Decimal),
    /// Any other constant: text, a date, a boolean.
    Const(Value),
    /// Read a slot (an input or something computed earlier).
    Slot(u32),
    Neg(NodeId),
    Not(NodeId),
    /// `a + b`, exact or [`Fault::Inexact`].
    Add(NodeId, NodeId),
    Sub(NodeId, NodeId),
    Mul(NodeId, NodeId),
    /// `a + b` where an operand is the rounded result of a division: to 28 significant
    /// digits, like that division (see [`Arith::Rounded`]).
    AddRounded(NodeId, NodeId),
    SubRounded(NodeId, NodeId),
    MulRounded(NodeId, NodeId),
    Div(NodeId, NodeId),
    /// A comparison; `numeric` when both sides are numbers, compared as decimals.
    Cmp {
        op: Cmp,
        numeric: bool,
        a: NodeId,
        b: NodeId,
    },
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
    /// `tier(NAME, base)`; `arith` rounded when the base is a division's rounded result.
    TierOn {
        tier: u32,
        base: NodeId,
        arith: Arith,
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

impl Cmp {
    /// Whether the comparison holds for two operands ordered `o`.
    fn holds(self, o: Ordering) -> bool {
        match self {
            Cmp::Eq => o == Ordering::Equal,
            Cmp::Ne => o != Ordering::Equal,
            Cmp::Lt => o == Ordering::Less,
            Cmp::Le => o != Ordering::Greater,
            Cmp::Gt => o == Ordering::Greater,
            Cmp::Ge => o != Ordering::Less,
        }
    }
}

/// What went wrong, and at which node; turned into an `EvalError` with a location outside the
/// hot path. Small (no decimals inside) so that `Result<Decimal, Fault>` stays small.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Fault {
    DivisionByZero(NodeId),
    Overflow(NodeId),
    /// An exact sum, difference or product that needs more than 28 significant digits.
    Inexact(NodeId),
    /// `round(x, places)` of an `x` too large to be written with `places` places.
    Places {
        node: NodeId,
        places: u32,
    },
    /// A slot with no value (an input missing from the data, without default).
    Missing {
        slot: u32,
        node: NodeId,
    },
    /// `clamp(x, lo, hi)` with `lo > hi`; the bounds are evaluated again for the message.
    ClampBounds(NodeId),
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

type Slots = [Option<Value>];

/// One formula being evaluated: the slots it reads and the first fault met.
///
/// The interpreter returns plain decimals (which travel in registers) rather than
/// `Result`s (which travel through memory): a fault is recorded here and the formula goes
/// on with a zero, its result to be discarded. Formulas have no loops, so this costs nothing
/// but the rest of one formula, and only for an employee that fails anyway.
pub(crate) struct Frame<'a> {
    slots: &'a Slots,
    fault: Option<Fault>,
}

impl<'a> Frame<'a> {
    #[inline]
    pub(crate) fn new(slots: &'a Slots) -> Frame<'a> {
        Frame { slots, fault: None }
    }

    /// Records `f` unless a fault came first.
    #[cold]
    #[inline(never)]
    fn fail(&mut self, f: Fault) {
        self.fault.get_or_insert(f);
    }

    /// `x`, or the first fault met while computing it.
    #[inline]
    pub(crate) fn finish<T>(self, x: T) -> Result<T, Fault> {
        match self.fault {
            None => Ok(x),
            Some(f) => Err(f),
        }
    }
}

impl Program {
    fn node(&self, id: NodeId, fr: &mut Frame<'_>) -> Option<&Node> {
        let node = self.nodes.get(id as usize);
        if node.is_none() {
            fr.fail(Fault::Internal(id));
        }
        node
    }

    fn arg(&self, i: usize) -> NodeId {
        self.args.get(i).copied().unwrap_or(u32::MAX)
    }

    fn args(&self, start: u32, len: u32) -> &[NodeId] {
        let start = start as usize;
        self.args.get(start..start + len as usize).unwrap_or(&[])
    }

    /// Evaluates node `id`, of any type, over `slots`.
    pub(crate) fn value(&self, id: NodeId, slots: &Slots) -> Result<Value, Fault> {
        let mut fr = Frame::new(slots);
        let v = self.eval(id, &mut fr);
        fr.finish(v)
    }

    /// Evaluates node `id`, a number, over `slots`.
    #[inline]
    pub(crate) fn number(&self, id: NodeId, slots: &Slots) -> Result<Decimal, Fault> {
        let mut fr = Frame::new(slots);
        let d = self.num(id, &mut fr);
        fr.finish(d)
    }

    /// Evaluates node `id`, a condition, over `slots`.
    #[inline]
    pub(crate) fn condition(&self, id: NodeId, slots: &Slots) -> Result<bool, Fault> {
        let mut fr = Frame::new(slots);
        let b = self.cond(id, &mut fr);
        fr.finish(b)
    }

    /// Evaluates a node of any type. On a fault, `false`.
    fn eval(&self, id: NodeId, fr: &mut Frame<'_>) -> Value {
        let Some(node) = self.node(id, fr) else {
            return Value::Bool(false);
        };
        match node {
            Node::Num(d) => Value::Number(*d),
            Node::Const(v) => v.clone(),
            Node::Slot(s) => match fr.slots.get(*s as usize) {
                Some(Some(v)) => v.clone(),
                _ => {
                    fr.fail(Fault::Missing { slot: *s, node: id });
                    Value::Bool(false)
                }
            },
            Node::If {
                start,
                pairs,
                otherwise,
            } => {
                let s = *start as usize;
                for k in 0..*pairs as usize {
                    if self.cond(self.arg(s + 2 * k), fr) {
                        return self.eval(self.arg(s + 2 * k + 1), fr);
                    }
                }
                self.eval(*otherwise, fr)
            }
            Node::Call {
                func: func @ (Func::Min | Func::Max),
                start,
                len,
            } => {
                // min/max also order dates and text.
                let mut best: Option<Value> = None;
                for a in self.args(*start, *len) {
                    let v = self.eval(*a, fr);
                    let better = match &best {
                        None => true,
                        Some(b) => match order(&v, b) {
                            Some(Ordering::Less) => *func == Func::Min,
                            Some(Ordering::Greater) => *func == Func::Max,
                            _ => false,
                        },
                    };
                    if better {
                        best = Some(v);
                    }
                }
                best.unwrap_or_else(|| {
                    fr.fail(Fault::Internal(id));
                    Value::Bool(false)
                })
            }
            Node::Not(_) | Node::And(..) | Node::Or(..) | Node::Cmp { .. } => {
                Value::Bool(self.cond(id, fr))
            }
            Node::Neg(_)
            | Node::Add(..)
            | Node::Sub(..)
            | Node::Mul(..)
            | Node::AddRounded(..)
            | Node::SubRounded(..)
            | Node::MulRounded(..)
            | Node::Div(..)
            | Node::Call { .. }
            | Node::TierOn { .. } => Value::Number(self.num(id, fr)),
        }
    }

    /// Evaluates a node the checker typed as a number. Leaves — constants and slot reads,
    /// about half of all nodes — are read in place, without a call. On a fault, zero.
    #[inline(always)]
    fn num(&self, id: NodeId, fr: &mut Frame<'_>) -> Decimal {
        match self.nodes.get(id as usize) {
            Some(Node::Num(d)) => *d,
            Some(Node::Slot(s)) => match fr.slots.get(*s as usize) {
                Some(Some(Value::Number(d))) => *d,
                _ => self.inner(id, fr),
            },
            _ => self.inner(id, fr),
        }
    }

    /// [`Program::num`] for inner nodes.
    fn inner(&self, id: NodeId, fr: &mut Frame<'_>) -> Decimal {
        let Some(node) = self.node(id, fr) else {
            return Decimal::ZERO;
        };
        let checked = |r: Result<Decimal, Loss>, fr: &mut Frame<'_>| match r {
            Ok(d) => d,
            Err(loss) => {
                fr.fail(fault_of(loss, id));
                Decimal::ZERO
            }
        };
        match node {
            Node::Num(d) | Node::Const(Value::Number(d)) => *d,
            Node::Slot(s) => {
                let fault = match fr.slots.get(*s as usize) {
                    Some(Some(Value::Number(d))) => return *d,
                    Some(None) | None => Fault::Missing { slot: *s, node: id },
                    Some(Some(_)) => Fault::Internal(id),
                };
                fr.fail(fault);
                Decimal::ZERO
            }
            Node::Neg(x) => -self.num(*x, fr),
            // The common case is one comparison of scales here; anything else (zeros,
            // results near 28 digits, overflow) is decided out of line.
            Node::Add(a, b) => {
                let x = self.num(*a, fr);
                let y = self.num(*b, fr);
                match x.checked_add(y) {
                    Some(r) if r.scale() == x.scale().max(y.scale()) => r,
                    _ => checked(exact::add_slow(x, y), fr),
                }
            }
            Node::Sub(a, b) => {
                let x = self.num(*a, fr);
                let y = self.num(*b, fr);
                match x.checked_sub(y) {
                    Some(r) if r.scale() == x.scale().max(y.scale()) => r,
                    _ => checked(exact::sub_slow(x, y), fr),
                }
            }
            Node::Mul(a, b) => {
                let x = self.num(*a, fr);
                let y = self.num(*b, fr);
                match x.checked_mul(y) {
                    Some(r) if r.scale() == x.scale() + y.scale() => r,
                    // `x * 0` is a plain 0, at scale 0
                    Some(r) if r.is_zero() && (x.is_zero() || y.is_zero()) => r,
                    _ => checked(exact::mul_slow(x, y), fr),
                }
            }
            Node::AddRounded(a, b) => {
                let x = self.num(*a, fr);
                checked(Arith::Rounded.add(x, self.num(*b, fr)), fr)
            }
            Node::SubRounded(a, b) => {
                let x = self.num(*a, fr);
                checked(Arith::Rounded.sub(x, self.num(*b, fr)), fr)
            }
            Node::MulRounded(a, b) => {
                let x = self.num(*a, fr);
                checked(Arith::Rounded.mul(x, self.num(*b, fr)), fr)
            }
            Node::Div(a, b) => {
                let x = self.num(*a, fr);
                let y = self.num(*b, fr);
                divide(x, y, id).unwrap_or_else(|f| {
                    fr.fail(f);
                    Decimal::ZERO
                })
            }
            Node::If {
                start,
                pairs,
                otherwise,
            } => {
                let s = *start as usize;
                for k in 0..*pairs as usize {
                    if self.cond(self.arg(s + 2 * k), fr) {
                        return self.num(self.arg(s + 2 * k + 1), fr);
                    }
                }
                self.num(*otherwise, fr)
            }
            Node::Call { func, start, len } => self.call(*func, self.args(*start, *len), fr, id),
            Node::TierOn { tier, base, arith } => {
                let b = self.num(*base, fr);
                let pay = self.tiers.get(*tier as usize).map(|t| t.pay(b, *arith));
                match pay {
                    Some(Ok(p)) => p.amount,
                    Some(Err(loss)) => checked(Err(loss), fr),
                    None => {
                        fr.fail(Fault::Internal(id));
                        Decimal::ZERO
                    }
                }
            }
            Node::Const(_) | Node::Not(_) | Node::And(..) | Node::Or(..) | Node::Cmp { .. } => {
                fr.fail(Fault::Internal(id));
                Decimal::ZERO
            }
        }
    }

    /// Evaluates a node the checker typed as a condition. On a fault, `false`.
    fn cond(&self, id: NodeId, fr: &mut Frame<'_>) -> bool {
        let Some(node) = self.node(id, fr) else {
            return false;
        };
        match node {
            Node::Cmp {
                op,
                numeric: true,
                a,
                b,
            } => {
                let x = self.num(*a, fr);
                op.holds(x.cmp(&self.num(*b, fr)))
            }
            Node::Cmp { op, a, b, .. } => {
                let x = self.eval(*a, fr);
                let y = self.eval(*b, fr);
                match order(&x, &y) {
                    Some(o) => op.holds(o),
                    None => *op == Cmp::Ne,
                }
            }
            Node::And(a, b) => self.cond(*a, fr) && self.cond(*b, fr),
            Node::Or(a, b) => self.cond(*a, fr) || self.cond(*b, fr),
            Node::Not(x) => !self.cond(*x, fr),
            Node::Const(Value::Bool(b)) => *b,
            Node::If {
                start,
                pairs,
                otherwise,
            } => {
                let s = *start as usize;
                for k in 0..*pairs as usize {
                    if self.cond(self.arg(s + 2 * k), fr) {
                        return self.cond(self.arg(s + 2 * k + 1), fr);
                    }
                }
                self.cond(*otherwise, fr)
            }
            Node::Slot(s) => {
                let fault = match fr.slots.get(*s as usize) {
                    Some(Some(Value::Bool(b))) => return *b,
                    Some(None) | None => Fault::Missing { slot: *s, node: id },
                    Some(Some(_)) => Fault::Internal(id),
                };
                fr.fail(fault);
                false
            }
            _ => {
                fr.fail(Fault::Internal(id));
                false
            }
        }
    }

    /// A numeric function.
    fn call(&self, func: Func, args: &[NodeId], fr: &mut Frame<'_>, id: NodeId) -> Decimal {
        let arg = |i: usize| args.get(i).copied().unwrap_or(u32::MAX);
        match func {
            Func::Min | Func::Max => {
                let Some((&first, rest)) = args.split_first() else {
                    fr.fail(Fault::Internal(id));
                    return Decimal::ZERO;
                };
                let mut best = self.num(first, fr);
                for a in rest {
                    let v = self.num(*a, fr);
                    if (func == Func::Min && v < best) || (func == Func::Max && v > best) {
                        best = v;
                    }
                }
                best
            }
            Func::Clamp => {
                let x = self.num(arg(0), fr);
                let lo = self.num(arg(1), fr);
                let hi = self.num(arg(2), fr);
                if lo > hi {
                    fr.fail(Fault::ClampBounds(id));
                }
                x.max(lo).min(hi)
            }
            Func::Abs => self.num(arg(0), fr).abs(),
            Func::Floor => self.num(arg(0), fr).floor(),
            Func::Ceil => self.num(arg(0), fr).ceil(),
            Func::Round(r) => {
                let rounded = round(self.num(arg(0), fr), r);
                if rounded.scale() != r.places {
                    fr.fail(Fault::Places {
                        node: id,
                        places: r.places,
                    });
                }
                rounded
            }
            Func::Div => {
                let a = self.num(arg(0), fr);
                let b = self.num(arg(1), fr);
                if b.is_zero() {
                    self.num(arg(2), fr)
                } else {
                    divide(a, b, id).unwrap_or_else(|f| {
                        fr.fail(f);
                        Decimal::ZERO
                    })
                }
            }
            Func::DaysBetween => {
                let a = self.date(arg(0), fr);
                let b = self.date(arg(1), fr);
                match (a, b) {
                    (Some(a), Some(b)) => Decimal::from(a.days_until(b)),
                    _ => Decimal::ZERO,
                }
            }
            Func::Year => self
                .date(arg(0), fr)
                .map_or(Decimal::ZERO, |d| d.year().into()),
            Func::Month => self
                .date(arg(0), fr)
                .map_or(Decimal::ZERO, |d| d.month().into()),
        }
    }

    fn date(&self, id: NodeId, fr: &mut Frame<'_>) -> Option<crate::date::Date> {
        match self.eval(id, fr) {
            Value::Date(d) => Some(d),
            _ => {
                fr.fail(Fault::Internal(id));
                None
            }
        }
    }

    /// The bounds of the `clamp` at node `id`, for the message of [`Fault::ClampBounds`].
    pub(crate) fn clamp_bounds(&self, id: NodeId, slots: &Slots) -> (Decimal, Decimal) {
        let bound = |i: usize| match self.nodes.get(id as usize) {
            Some(Node::Call { start, len, .. }) => self
                .args(*start, *len)
                .get(i)
                .and_then(|a| self.number(*a, slots).ok())
                .unwrap_or_default(),
            _ => Decimal::ZERO,
        };
        (bound(1), bound(2))
    }
}

/// `a / b`, with division by zero and overflow as faults.
pub(crate) fn divide(a: Decimal, b: Decimal, id: NodeId) -> Result<Decimal, Fault> {
    if b.is_zero() {
        return Err(Fault::DivisionByZero(id));
    }
    a.checked_div(b).ok_or(Fault::Overflow(id))
}

/// The fault for an operation at node `id` without an exact result.
#[cold]
pub(crate) fn fault_of(loss: Loss, id: NodeId) -> Fault {
    match loss {
        Loss::Overflow => Fault::Overflow(id),
        Loss::Inexact => Fault::Inexact(id),
    }
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
