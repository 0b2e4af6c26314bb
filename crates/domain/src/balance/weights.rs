//! Solving a [`Problem`]: one flow when every customer is one unit, branch
//! and bound when weights differ.
//!
//! With weights a unit of flow is a unit of weight, so the min-cost flow may
//! send part of a customer; it is the relaxation, and its cost a lower bound.
//! The arcs of a weight class (unit `u` > 1) must carry whole customers. Each
//! search node solves the relaxation under tightened arc bounds and branches
//! on an arc whose flow `f` is not a multiple of `u`: `f ≤ u·⌊f/u⌋` or
//! `f ≥ u·⌈f/u⌉`. Every plan lies in a branch with its true cost, so when the
//! search finishes the best plan found is optimal (or none exists). Plans
//! come from rounding each node's flow (a small flow rounds every class's
//! customer counts up or down, the unit class absorbs the rest) and, when
//! that fails, from local search (`repair.rs`). The work is limited (see
//! `assign::WORK_LIMIT`); a search cut short says so.

use super::flow::{Arc, Network, Solution};
use super::problem::{Net, Plan, Problem};
use super::repair::repair;
use std::collections::BTreeMap;

/// What a search found.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The best plan found within the bounds.
    pub plan: Option<Plan>,
    /// The search finished: the plan is optimal, or no plan exists.
    pub complete: bool,
    /// Search nodes explored.
    pub nodes: u64,
    /// No plan costs less (in units): the best plan's cost when complete.
    pub bound: i64,
}

/// An arc of a weight class: its flow must be a multiple of `unit`.
#[derive(Debug, Clone, Copy)]
struct ClassArc {
    arc: usize,
    unit: i64,
    /// Branched on; the pool arcs of groups follow from these.
    branch: bool,
}

/// A search node's bound changes from the root: (arc, lower, upper). The
/// stack holds each node with its parent's cost, a bound on its own.
type Changes = Vec<(usize, i64, i64)>;

fn classed(p: &Problem, n: &Net) -> Vec<ClassArc> {
    let mut arcs = Vec::new();
    for (g, grp) in p.groups.iter().enumerate().filter(|(_, grp)| grp.unit > 1) {
        arcs.extend(n.stay[g].map(|arc| ClassArc { arc, unit: grp.unit, branch: true }));
        arcs.push(ClassArc { arc: n.go[g], unit: grp.unit, branch: false });
    }
    for (&(_, unit), out) in n.pools.iter().filter(|((_, unit), _)| *unit > 1) {
        arcs.extend(out.iter().map(|&arc| ClassArc { arc, unit, branch: true }));
    }
    arcs
}

/// Searches for the cheapest plan, spending at most `limit` work in total
/// (`work` carries what was spent before). With `first`, stops at the first
/// plan: enough to show that one exists.
pub fn solve(p: &Problem, work: &mut u64, limit: u64, first: bool) -> Outcome {
    let n = p.network();
    let classed = classed(p, &n);
    let root = n.net.solve_counted();
    *work += root.work;
    let Some(relaxed) = root.solution else {
        return Outcome { plan: None, complete: true, nodes: 1, bound: 0 };
    };
    let mut best: Option<(i64, Plan)> = None;
    let offer = |best: &mut Option<(i64, Plan)>, plan: Plan| {
        let cost = p.cost(&plan);
        if p.feasible(&plan) && best.as_ref().is_none_or(|(c, _)| cost < *c) {
            *best = Some((cost, plan));
        }
    };
    let mut stack: Vec<(Changes, i64)> = vec![(Vec::new(), relaxed.cost)];
    let mut net = n.net.clone();
    let mut applied: Changes = Vec::new();
    let mut nodes = 0;
    while let Some((changes, parent)) = stack.pop() {
        let done = first && best.is_some();
        if done || *work >= limit {
            let open = stack.iter().map(|e| e.1).chain([parent]).min().unwrap_or(parent);
            let bound = best.as_ref().map_or(open, |(c, _)| open.min(*c));
            return Outcome { plan: best.map(|(_, plan)| plan), complete: false, nodes, bound };
        }
        nodes += 1;
        for &(arc, _, _) in &applied {
            if let Some(a) = n.net.arcs().get(arc) {
                net.set_bounds(arc, a.lower, a.upper);
            }
        }
        for &(arc, lower, upper) in &changes {
            net.set_bounds(arc, lower, upper);
        }
        applied = changes;
        let sol = if nodes == 1 {
            relaxed.clone()
        } else {
            let counted = net.solve_counted();
            *work += counted.work;
            match counted.solution {
                Some(sol) => sol,
                None => continue,
            }
        };
        if best.as_ref().is_some_and(|(c, _)| sol.cost >= *c) {
            continue;
        }
        let split = classed
            .iter()
            .filter(|c| c.branch)
            .map(|c| (c.arc, c.unit, sol.flow[c.arc] % c.unit))
            .filter(|&(_, _, r)| r != 0)
            .max_by_key(|&(arc, u, r)| (r.min(u - r) * 1_000 / u, std::cmp::Reverse(arc)));
        let Some((arc, u, r)) = split else {
            offer(&mut best, n.plan(p, &sol));
            continue;
        };
        let (rounded, absorbed) = round(p, &n, &net, &classed, &sol, work);
        match absorbed {
            Some(plan) => offer(&mut best, plan),
            None if best.is_none() => {
                if let Some(plan) = rounded.and_then(|start| repair(p, &start, work, limit)) {
                    offer(&mut best, plan);
                }
            }
            None => {}
        }
        if best.as_ref().is_some_and(|(c, _)| sol.cost >= *c) {
            continue;
        }
        let Some(&a) = net.arcs().get(arc) else { continue };
        let down = sol.flow[arc] - r;
        let child = |lower: i64, upper: i64| {
            let mut c = applied.clone();
            c.push((arc, lower, upper));
            (c, sol.cost)
        };
        let (low, high) = (child(a.lower, down), child(down + u, a.upper));
        // Explore the nearer rounding first (pushed last).
        if 2 * r < u {
            stack.extend([high, low]);
        } else {
            stack.extend([low, high]);
        }
    }
    let bound = best.as_ref().map_or(relaxed.cost, |(c, _)| *c);
    Outcome { plan: best.map(|(_, plan)| plan), complete: true, nodes, bound }
}

/// Rounds a node's flow, the largest units first: the customer counts of
/// the larger half of the units not yet fixed are rounded by a flow on their
/// arcs alone (one always exists, the flow divided by the units being a
/// fractional one) and fixed, the relaxation is solved again so the smaller
/// units absorb the rounding, and so on. Returns the plan where that ended
/// (bounds may be broken there, for repair), and the plan if every unit
/// could be fixed within the bounds.
fn round(
    p: &Problem,
    n: &Net,
    net: &Network,
    classed: &[ClassArc],
    sol: &Solution,
    work: &mut u64,
) -> (Option<Plan>, Option<Plan>) {
    let mut units: Vec<i64> = classed.iter().map(|c| c.unit).collect();
    units.sort_unstable_by(|a, b| b.cmp(a));
    units.dedup();
    let mut fixed = net.clone();
    let mut sol = sol.clone();
    let mut left = units.as_slice();
    while !left.is_empty() {
        let (now, later) = left.split_at(left.len().div_ceil(2));
        let batch: Vec<ClassArc> = classed.iter().filter(|c| now.contains(&c.unit)).copied().collect();
        let Some((r, rounded)) = rounding_network(fixed.arcs(), &batch, &sol) else { return (None, None) };
        let counted = r.solve_counted();
        *work += counted.work;
        let Some(y) = counted.solution else { return (None, None) };
        let mut flow = sol.flow.clone();
        for (c, &a) in batch.iter().zip(&rounded) {
            let f = y.flow[a] * c.unit;
            fixed.set_bounds(c.arc, f, f);
            flow[c.arc] = f;
        }
        let counted = fixed.solve_counted();
        *work += counted.work;
        match counted.solution {
            Some(next) => sol = next,
            None if later.is_empty() => return (Some(n.plan(p, &Solution { flow, cost: 0 })), None),
            None => {
                // Round what is left at once, for repair.
                let rest: Vec<ClassArc> = classed.iter().filter(|c| later.contains(&c.unit)).copied().collect();
                let Some((r, rounded)) = rounding_network(fixed.arcs(), &rest, &sol) else { return (None, None) };
                let counted = r.solve_counted();
                *work += counted.work;
                let Some(y) = counted.solution else { return (None, None) };
                for (c, &a) in rest.iter().zip(&rounded) {
                    flow[c.arc] = y.flow[a] * c.unit;
                }
                return (Some(n.plan(p, &Solution { flow, cost: 0 })), None);
            }
        }
        left = later;
    }
    let plan = n.plan(p, &sol);
    (Some(plan.clone()), Some(plan))
}

/// The classes' arcs in customers, each between the floor and the ceiling
/// of its flow in `sol`, and each class's share of a node likewise.
fn rounding_network(arcs: &[Arc], classed: &[ClassArc], sol: &Solution) -> Option<(Network, Vec<usize>)> {
    let mut r = Network::default();
    let sink = r.node();
    let mut node: BTreeMap<(usize, i64), usize> = BTreeMap::new();
    let mut inflow: BTreeMap<usize, i64> = BTreeMap::new();
    let mut rounded = Vec::with_capacity(classed.len());
    for c in classed {
        let a = arcs.get(c.arc)?;
        let f = sol.flow[c.arc];
        let from = *node.entry((a.from, c.unit)).or_insert_with(|| r.node());
        let to = *node.entry((a.to, c.unit)).or_insert_with(|| r.node());
        *inflow.entry(to).or_default() += f;
        *inflow.entry(from).or_default() -= f;
        let cost = a.cost.saturating_mul(u32::try_from(c.unit).unwrap_or(u32::MAX));
        rounded.push(r.arc(from, to, f / c.unit, (f + c.unit - 1) / c.unit, cost));
    }
    for (&(_, unit), &v) in &node {
        let net_in = inflow.get(&v).copied().unwrap_or(0);
        if net_in < 0 {
            // A group: its customers, a whole number.
            (net_in % unit == 0).then_some(())?;
            r.supply(v, -net_in / unit);
            r.supply(sink, net_in / unit);
        } else if net_in > 0 {
            r.arc(v, sink, net_in / unit, (net_in + unit - 1) / unit, 0);
        }
    }
    Some((r, rounded))
}
