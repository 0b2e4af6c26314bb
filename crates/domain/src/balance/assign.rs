//! The manager assignment: from customers to the aggregated [`Problem`]
//! and back.
//!
//! Customers that the optimizer cannot tell apart (same current manager,
//! segment and, when workload is weighted, weight) form one group; pinned
//! customers are fixed in advance and only shrink the bounds. Weights are
//! divided by their common divisor, so equal weights make one unit class
//! and the problem a single min-cost flow (`problem.rs`, exact); differing
//! weights need the search of `weights.rs`.

use super::flow::UNBOUNDED;
use super::problem::{Group, Plan, Problem};
use super::{CustomerSlot, Infeasible, Method, Move, Proposal, Reason, weights};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Work one assignment may spend searching over weight classes: edges
/// scanned by the flow solver and steps of local search, a few times 10⁷ a
/// second in a release build, so about half a second.
pub(super) const WORK_LIMIT: u64 = 20_000_000;

/// Explicit bounds for [`propose_with_bounds`]: customer counts, not weight.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Bounds {
    /// Customers per manager, inclusive.
    pub load: (u64, u64),
    /// Customers of a segment per manager, inclusive; segments not listed are free.
    pub per_segment: BTreeMap<i64, (u64, u64)>,
}

impl Bounds {
    /// The peer benchmark's bounds (`bench/assign_ilp.py`): every manager
    /// holds the floor or ceiling of each segment's size ÷ managers, and of
    /// all customers ÷ managers.
    pub fn even(customers: &[CustomerSlot], managers: usize) -> Bounds {
        let m = managers.max(1) as u64;
        let mut sizes: BTreeMap<i64, u64> = BTreeMap::new();
        for c in customers {
            *sizes.entry(c.segment_id).or_default() += 1;
        }
        let n = customers.len() as u64;
        Bounds {
            load: (n / m, n.div_ceil(m)),
            per_segment: sizes.into_iter().map(|(s, k)| (s, (k / m, k.div_ceil(m)))).collect(),
        }
    }
}

/// The exact assignment under explicit count bounds, moving the fewest
/// customers. Weights are ignored. Used by the benchmark entry of the CLI.
pub fn propose_with_bounds(
    customers: &[CustomerSlot],
    managers: &[i64],
    bounds: &Bounds,
) -> Result<Proposal, Infeasible> {
    let managers = super::distinct(managers);
    let spec = Spec { managers: &managers, by_weight: false, load: bounds.load, segments: &bounds.per_segment };
    solve(customers, &spec, &mut 0, WORK_LIMIT, false)
}

/// What [`solve`] must meet. With `by_weight`, segment bounds may only ask
/// for coverage: a lower bound of at most one and no upper bound.
pub(super) struct Spec<'a> {
    pub managers: &'a [i64],
    pub by_weight: bool,
    pub load: (u64, u64),
    pub segments: &'a BTreeMap<i64, (u64, u64)>,
}

impl Spec<'_> {
    fn weight(&self, c: &CustomerSlot) -> u64 {
        if self.by_weight { u64::from(c.weight.max(1)) } else { 1 }
    }

    fn segment(&self, s: i64) -> (u64, u64) {
        self.segments.get(&s).copied().unwrap_or((0, u64::MAX))
    }
}

/// Pinned load and per-segment counts, checked against the bounds: first
/// what no tolerance can fix (pins to absent managers, segments that cannot
/// be covered), then the pins' share of the bounds.
struct Fixed {
    load: Vec<u64>,
    count: BTreeMap<(usize, i64), u64>,
}

fn fixed(customers: &[CustomerSlot], spec: &Spec, index: &HashMap<i64, usize>) -> Result<Fixed, Infeasible> {
    let mut f = Fixed { load: vec![0; spec.managers.len()], count: BTreeMap::new() };
    for c in customers.iter().filter(|c| c.pinned) {
        let Some(&m) = c.manager_id.and_then(|id| index.get(&id)) else {
            return Err(Infeasible::PinnedToAbsentManager { customer_id: c.customer_id, manager_id: c.manager_id });
        };
        f.load[m] += spec.weight(c);
        *f.count.entry((m, c.segment_id)).or_default() += 1;
    }
    let mut movable: BTreeMap<i64, u64> = BTreeMap::new();
    for c in customers {
        *movable.entry(c.segment_id).or_default() += u64::from(!c.pinned);
    }
    for (&s, &movable) in &movable {
        let lo = spec.segment(s).0;
        let needed: u64 =
            (0..spec.managers.len()).map(|m| lo.saturating_sub(f.count.get(&(m, s)).copied().unwrap_or(0))).sum();
        if movable < needed {
            return Err(Infeasible::SegmentCoverageBlocked { segment_id: s, movable, needed });
        }
    }
    for (m, &load) in f.load.iter().enumerate() {
        if load > spec.load.1 {
            return Err(Infeasible::PinnedExceedsCapacity {
                manager_id: spec.managers[m],
                pinned_load: load,
                max: spec.load.1,
            });
        }
    }
    for (&(m, s), &pinned) in &f.count {
        let max = spec.segment(s).1;
        if pinned > max {
            return Err(Infeasible::PinnedExceedsSegmentShare {
                manager_id: spec.managers[m],
                segment_id: s,
                pinned,
                max,
            });
        }
    }
    Ok(f)
}

/// Finds the assignment that meets `spec` and moves the fewest customers
/// (least weight), spending at most `limit` work (`work` carries what was
/// spent before). With `first`, any assignment that meets `spec` will do.
pub(super) fn solve(
    customers: &[CustomerSlot],
    spec: &Spec,
    work: &mut u64,
    limit: u64,
    first: bool,
) -> Result<Proposal, Infeasible> {
    if spec.managers.is_empty() {
        return Err(Infeasible::NoManagers);
    }
    let index: HashMap<i64, usize> = spec.managers.iter().enumerate().map(|(i, &m)| (m, i)).collect();
    let pins = fixed(customers, spec, &index)?;
    let (problem, members, unit) = problem(customers, spec, &index, &pins);
    let method =
        if problem.groups.iter().all(|g| g.unit == 1) { Method::MinCostFlow } else { Method::MinCostFlowWeightClasses };
    let outcome = weights::solve(&problem, work, limit, first);
    let plan = match outcome.plan {
        Some(plan) => plan,
        None if outcome.complete => {
            return Err(Infeasible::ToleranceTooTight {
                min_load: spec.load.0,
                max_load: spec.load.1,
                total: customers.iter().map(|c| spec.weight(c)).sum(),
                managers: spec.managers.len() as u64,
            });
        }
        None => return Err(Infeasible::Undecided { nodes: outcome.nodes }),
    };
    let assignment = assignment(customers, &index, &problem, &members, &plan);
    let mut proposal = proposal(customers, spec, &assignment, method);
    proposal.lower_bound = u64::try_from(outcome.bound).unwrap_or(0).saturating_mul(unit).min(proposal.objective);
    proposal.proven_optimal = outcome.complete || proposal.lower_bound == proposal.objective;
    Ok(proposal)
}

fn gcd(a: u64, b: u64) -> u64 {
    if b == 0 { a } else { gcd(b, a % b) }
}

fn units(x: u64) -> i64 {
    i64::try_from(x).unwrap_or(UNBOUNDED).min(UNBOUNDED)
}

/// The aggregated problem, the customers (indices, by id) of each group,
/// and the weight of one flow unit.
fn problem(
    customers: &[CustomerSlot],
    spec: &Spec,
    index: &HashMap<i64, usize>,
    pins: &Fixed,
) -> (Problem, Vec<Vec<usize>>, u64) {
    let segments: Vec<i64> = customers.iter().map(|c| c.segment_id).collect::<BTreeSet<_>>().into_iter().collect();
    let unit = customers.iter().filter(|c| !c.pinned).map(|c| spec.weight(c)).fold(0, gcd).max(1);
    let load = pins
        .load
        .iter()
        .map(|&pinned| {
            let lo = spec.load.0.saturating_sub(pinned).div_ceil(unit);
            let hi = spec.load.1.saturating_sub(pinned) / unit;
            (units(lo), units(hi))
        })
        .collect();
    let mut cell = Vec::with_capacity(spec.managers.len() * segments.len());
    for m in 0..spec.managers.len() {
        for &s in &segments {
            let pinned = pins.count.get(&(m, s)).copied().unwrap_or(0);
            let (lo, hi) = spec.segment(s);
            cell.push(if spec.by_weight {
                (i64::from(lo > pinned), UNBOUNDED)
            } else {
                (units(lo.saturating_sub(pinned)), units(hi.saturating_sub(pinned)))
            });
        }
    }
    let mut members: BTreeMap<(Option<usize>, usize, u64), Vec<usize>> = BTreeMap::new();
    for (i, c) in customers.iter().enumerate().filter(|(_, c)| !c.pinned) {
        let current = c.manager_id.and_then(|id| index.get(&id).copied());
        let segment = segments.partition_point(|&s| s < c.segment_id);
        members.entry((current, segment, spec.weight(c) / unit)).or_default().push(i);
    }
    let groups = members
        .iter()
        .map(|(&(current, segment, u), list)| Group { current, segment, unit: units(u), size: list.len() as i64 })
        .collect();
    let mut lists: Vec<Vec<usize>> = members.into_values().collect();
    for list in &mut lists {
        list.sort_by_key(|&i| customers[i].customer_id);
    }
    let problem = Problem { managers: spec.managers.len(), segments: segments.len(), groups, load, cell };
    (problem, lists, unit)
}

/// Each customer's new manager (an index into `spec.managers`): in each
/// group the customers who stay are those with the lowest ids.
fn assignment(
    customers: &[CustomerSlot],
    index: &HashMap<i64, usize>,
    problem: &Problem,
    members: &[Vec<usize>],
    plan: &Plan,
) -> Vec<Option<usize>> {
    let m = problem.managers;
    let mut assignment: Vec<Option<usize>> =
        customers.iter().map(|c| c.manager_id.and_then(|id| index.get(&id).copied())).collect();
    for (g, (grp, list)) in problem.groups.iter().zip(members).enumerate() {
        let row = &plan.0[g * m..(g + 1) * m];
        let staying = grp.current.map_or(0, |k| row[k]) as usize;
        let mut rest = list.iter().skip(staying);
        for (k, &count) in row.iter().enumerate().filter(|&(k, _)| Some(k) != grp.current) {
            for &i in rest.by_ref().take(count as usize) {
                assignment[i] = Some(k);
            }
        }
    }
    assignment
}

fn proposal(customers: &[CustomerSlot], spec: &Spec, assignment: &[Option<usize>], method: Method) -> Proposal {
    let mut held: BTreeSet<(i64, i64)> = BTreeSet::new();
    for c in customers {
        if let Some(m) = c.manager_id {
            held.insert((m, c.segment_id));
        }
    }
    let mut loads = vec![0u64; spec.managers.len()];
    let mut moves = Vec::new();
    let (mut objective, mut unavoidable) = (0, 0);
    let mut order: Vec<usize> = (0..customers.len()).collect();
    order.sort_by_key(|&i| customers[i].customer_id);
    for i in order {
        let c = &customers[i];
        let Some(m) = assignment[i] else { continue };
        let to = spec.managers[m];
        loads[m] += spec.weight(c);
        if c.manager_id == Some(to) {
            continue;
        }
        objective += spec.weight(c);
        let covers = spec.segment(c.segment_id).0 > 0 && held.insert((to, c.segment_id));
        let reason = match c.manager_id {
            None => Reason::Unassigned,
            Some(from) if !spec.managers.contains(&from) => Reason::ManagerLeaving,
            Some(_) if covers => Reason::SegmentCoverage,
            Some(_) => Reason::Workload,
        };
        if matches!(reason, Reason::Unassigned | Reason::ManagerLeaving) {
            unavoidable += spec.weight(c);
        }
        moves.push(Move { customer_id: c.customer_id, from: c.manager_id, to, reason });
    }
    Proposal {
        moves,
        method,
        proven_optimal: false,
        objective,
        lower_bound: 0,
        unavoidable,
        loads: spec.managers.iter().copied().zip(loads).collect(),
        load_band: spec.load,
    }
}
