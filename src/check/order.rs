//! The order of computation: which named things each one uses, cycles, and a topological order.

pub(crate) use super::kinds::Node;
use super::names::Names;
use crate::syntax::{Expr, ExprKind};

/// Adds the nodes `e` depends on to `out`. `tier(NAME, base)` uses NAME's brackets, not its
/// computed amount, so it adds no dependency on NAME.
pub(crate) fn deps_of(e: &Expr, names: &Names, out: &mut Vec<Node>) {
    // `walk` visits a call before its arguments, so the tier's name is known to skip in time.
    let mut tier_names: Vec<crate::error::Span> = Vec::new();
    e.walk(|x| match &x.kind {
        ExprKind::Call { name, args, .. } if name == "tier" && args.len() == 2 => {
            tier_names.push(args[0].span);
        }
        // The past is not a dependency: `tax = cumulative_tax - ytd_before(tax)`.
        ExprKind::Call { name, args, .. }
            if (name == "ytd_before" || name == "prev") && !args.is_empty() =>
        {
            tier_names.push(args[0].span);
        }
        ExprKind::Name(n) if !tier_names.contains(&x.span) => {
            out.extend(names.get(n).and_then(Node::of));
        }
        _ => {}
    });
}

/// The result of ordering: nodes in an order where each comes after what it uses, and the
/// cycles that prevent such an order for some nodes (those come last, in declaration order).
pub(crate) struct Ordering {
    pub order: Vec<Node>,
    pub cycles: Vec<Vec<Node>>,
}

/// Orders `nodes` (in declaration order) given each one's dependencies.
pub(crate) fn order(nodes: &[Node], deps: &[Vec<Node>]) -> Ordering {
    use std::collections::HashMap;
    let index: HashMap<Node, usize> = nodes.iter().enumerate().map(|(i, n)| (*n, i)).collect();
    let edges: Vec<Vec<usize>> = deps
        .iter()
        .map(|ds| {
            let mut v: Vec<usize> = ds.iter().filter_map(|d| index.get(d).copied()).collect();
            v.sort_unstable();
            v.dedup();
            v
        })
        .collect();
    let n = nodes.len();
    let mut users: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut pending: Vec<usize> = vec![0; n];
    for (i, ds) in edges.iter().enumerate() {
        pending[i] = ds.len();
        for &d in ds {
            users[d].push(i);
        }
    }
    // Kahn's algorithm, always taking the earliest-declared ready node, so the order is stable.
    let mut ready: std::collections::BTreeSet<usize> =
        (0..n).filter(|&i| pending[i] == 0).collect();
    let mut done = vec![false; n];
    let mut order = Vec::with_capacity(n);
    while let Some(i) = ready.pop_first() {
        done[i] = true;
        order.push(nodes[i]);
        for &u in &users[i] {
            pending[u] -= 1;
            if pending[u] == 0 {
                ready.insert(u);
            }
        }
    }
    // Every node left has a dependency left: walking dependencies from it must loop.
    let mut cycles: Vec<Vec<Node>> = Vec::new();
    let mut in_reported = vec![false; n];
    for start in 0..n {
        if done[start] || in_reported[start] {
            continue;
        }
        let mut path: Vec<usize> = Vec::new();
        let mut pos: HashMap<usize, usize> = HashMap::new();
        let mut cur = start;
        loop {
            if let Some(&p) = pos.get(&cur) {
                let cycle = &path[p..];
                if !cycle.iter().any(|&c| in_reported[c]) {
                    // Start the cycle at its earliest-declared member, for stable messages.
                    let min_at = cycle
                        .iter()
                        .enumerate()
                        .min_by_key(|(_, &c)| c)
                        .map(|(k, _)| k)
                        .unwrap_or(0);
                    let mut c: Vec<usize> = cycle[min_at..].to_vec();
                    c.extend_from_slice(&cycle[..min_at]);
                    for &m in &c {
                        in_reported[m] = true;
                    }
                    cycles.push(c.into_iter().map(|i| nodes[i]).collect());
                }
                break;
            }
            if in_reported[cur] && cur != start {
                break;
            }
            pos.insert(cur, path.len());
            path.push(cur);
            match edges[cur].iter().find(|&&d| !done[d]) {
                Some(&next) => cur = next,
                None => break,
            }
        }
    }
    for i in 0..n {
        if !done[i] {
            order.push(nodes[i]);
        }
    }
    Ordering { order, cycles }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orders_and_finds_cycles() {
        let value = |index| Node { kind: 4, index };
        let nodes = [value(0), value(1), value(2), value(3)];
        // v0 uses v1, v1 uses v2, v2 uses v1, v3 uses nothing
        let deps = vec![vec![value(1)], vec![value(2)], vec![value(1)], vec![]];
        let o = order(&nodes, &deps);
        assert_eq!(o.cycles, vec![vec![value(1), value(2)]]);
        assert_eq!(o.order[0], value(3));
        let deps = vec![vec![value(1)], vec![], vec![value(0)], vec![]];
        let o = order(&nodes, &deps);
        assert!(o.cycles.is_empty());
        assert_eq!(o.order, vec![value(1), value(0), value(2), value(3)]);
    }
}
