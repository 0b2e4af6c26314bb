//! Portfolio balance (issue 6; SPEC §2 and §6): which partnership manager
//! holds which customer, and who deputises for whom.
//!
//! [`propose`] reassigns customers so that the unit head's [`Goals`] hold
//! (every manager holds every segment; workload within a tolerance of fair
//! share; pinned customers stay; joining and leaving managers) while moving
//! the fewest customers, or the least weight. [`propose_deputies`] names a
//! deputy for every customer, balanced and with the fewest changes.
//!
//! Both are min-cost flows on networks aggregated by segment and current
//! manager (`problem.rs`, `deputies.rs`), solved exactly by our own integer
//! solver (`flow.rs`); the network's size depends on the managers, segments
//! and distinct weights, not on the number of customers. Counting customers,
//! one flow is the proven optimum.
//! With differing weights a flow may split a customer, so `weights.rs`
//! searches (branch and bound on whole customers, with rounding and local
//! search for good assignments) within a work limit, and the proposal says
//! whether it is proven optimal and how far from optimal it can be at most.
//! Nothing here does I/O; results are deterministic.

mod assign;
pub mod coverage;
mod deputies;
mod flow;
mod problem;
#[cfg(test)]
mod proptests;
mod repair;
#[cfg(test)]
mod tests;
mod weights;

pub use assign::{Bounds, propose_with_bounds};
pub use deputies::{DeputyChange, DeputyProposal, DeputyReason, propose_deputies};

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};

/// One customer as the optimizer sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerSlot {
    pub customer_id: i64,
    pub segment_id: i64,
    /// The current partnership manager, if any.
    pub manager_id: Option<i64>,
    /// The current deputy, if any.
    pub deputy_id: Option<i64>,
    /// Workload weight; used when [`Goals::by_weight`]. Weights below 1 count as 1.
    pub weight: u32,
    /// A pinned customer keeps its manager.
    pub pinned: bool,
}

/// What the unit head asks of a rebalance.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Goals {
    /// The managers who hold customers afterwards: joining ones included,
    /// leaving ones left out. Duplicates are ignored.
    pub managers: Vec<i64>,
    /// Every manager holds at least one customer of every segment that has
    /// at least as many customers as there are managers.
    pub every_segment: bool,
    /// Each manager's workload lies within fair share (total ÷ managers) ±
    /// this percentage, rounded outwards to whole units; see [`load_band`].
    pub tolerance_percent: u32,
    /// Workload is the sum of weights rather than the number of customers;
    /// the objective is then the weight moved.
    pub by_weight: bool,
}

/// A rebalance that meets the goals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Proposal {
    /// Customers that change manager, by customer id.
    pub moves: Vec<Move>,
    pub method: Method,
    /// True when no assignment meeting the goals moves fewer customers (less weight).
    pub proven_optimal: bool,
    /// Customers moved, or weight moved when by weight.
    pub objective: u64,
    /// No assignment meeting the goals moves less; equal to `objective`
    /// when proven optimal, otherwise the gap is at most the difference.
    pub lower_bound: u64,
    /// The part of `objective` that had to move anyway: customers of leaving
    /// managers and customers without a manager.
    pub unavoidable: u64,
    /// Each manager's workload afterwards, in the order of the goals.
    pub loads: Vec<(i64, u64)>,
    /// The workload band every manager was held to, inclusive.
    pub load_band: (u64, u64),
}

impl Proposal {
    /// The customers with the proposal applied (new managers; deputies untouched).
    pub fn apply(&self, customers: &[CustomerSlot]) -> Vec<CustomerSlot> {
        let to: BTreeMap<i64, i64> = self.moves.iter().map(|m| (m.customer_id, m.to)).collect();
        customers
            .iter()
            .map(|c| CustomerSlot { manager_id: to.get(&c.customer_id).copied().or(c.manager_id), ..c.clone() })
            .collect()
    }
}

/// One customer changing manager.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Move {
    pub customer_id: i64,
    pub from: Option<i64>,
    pub to: i64,
    pub reason: Reason,
}

/// Why a customer moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// Its manager is leaving.
    ManagerLeaving,
    /// It had no manager.
    Unassigned,
    /// The new manager held no customer of its segment.
    SegmentCoverage,
    /// To bring workloads within the band.
    Workload,
}

impl Reason {
    /// The Fluent message id.
    pub fn code(self) -> &'static str {
        match self {
            Reason::ManagerLeaving => "balance-reason-manager-leaving",
            Reason::Unassigned => "balance-reason-unassigned",
            Reason::SegmentCoverage => "balance-reason-segment-coverage",
            Reason::Workload => "balance-reason-workload",
        }
    }
}

/// How a proposal was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// One min-cost flow: exact, since every customer is one unit of flow
    /// (counting, or all weights equal).
    MinCostFlow,
    /// Min-cost flows in branch and bound over weight classes (customers
    /// grouped by exact weight). Exact when the search finished or the
    /// assignment meets the flow's lower bound, which `proven_optimal`
    /// tells; otherwise `lower_bound` limits the gap.
    MinCostFlowWeightClasses,
}

impl Method {
    /// The Fluent message id.
    pub fn code(self) -> &'static str {
        match self {
            Method::MinCostFlow => "balance-method-min-cost-flow",
            Method::MinCostFlowWeightClasses => "balance-method-weight-classes",
        }
    }
}

/// The constraint that cannot be met, with the numbers that show why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Infeasible {
    /// The goals name no manager.
    #[error("no managers to hold the customers")]
    NoManagers,
    /// A pinned customer's manager is leaving (or it has none).
    #[error("customer {customer_id} is pinned to {manager_id:?}, who holds no customers afterwards")]
    PinnedToAbsentManager { customer_id: i64, manager_id: Option<i64> },
    /// A manager's pinned customers alone exceed the workload band.
    #[error("manager {manager_id} has pinned workload {pinned_load}, above the maximum {max}")]
    PinnedExceedsCapacity { manager_id: i64, pinned_load: u64, max: u64 },
    /// A manager's pinned customers of a segment exceed its share (explicit [`Bounds`] only).
    #[error("manager {manager_id} has {pinned} pinned customers of segment {segment_id}, above {max}")]
    PinnedExceedsSegmentShare { manager_id: i64, segment_id: i64, pinned: u64, max: u64 },
    /// Too few unpinned customers of a segment to give every manager one.
    #[error("segment {segment_id}: {movable} movable customers, {needed} needed to cover every manager")]
    SegmentCoverageBlocked { segment_id: i64, movable: u64, needed: u64 },
    /// No assignment keeps every workload within the band (pins, or weights
    /// that cannot add up to a load within it).
    #[error("no assignment keeps every workload within {min_load}..={max_load} (total {total}, {managers} managers)")]
    ToleranceTooTight { min_load: u64, max_load: u64, total: u64, managers: u64 },
    /// The workload band alone can be met, but not together with coverage.
    #[error("every segment can be covered, but not with workloads within {min_load}..={max_load}")]
    CoverageConflictsWithWorkload { min_load: u64, max_load: u64 },
    /// The weight-class search ran out of work before finding an assignment
    /// or proving there is none (not seen in practice: rounding and local
    /// search find one early).
    #[error("the weight-class search stopped after {nodes} nodes without an assignment")]
    Undecided { nodes: u64 },
}

impl Infeasible {
    /// The Fluent message id.
    pub fn code(&self) -> &'static str {
        match self {
            Infeasible::NoManagers => "balance-infeasible-no-managers",
            Infeasible::PinnedToAbsentManager { .. } => "balance-infeasible-pinned-to-absent",
            Infeasible::PinnedExceedsCapacity { .. } => "balance-infeasible-pinned-capacity",
            Infeasible::PinnedExceedsSegmentShare { .. } => "balance-infeasible-pinned-segment",
            Infeasible::SegmentCoverageBlocked { .. } => "balance-infeasible-segment-coverage",
            Infeasible::ToleranceTooTight { .. } => "balance-infeasible-tolerance",
            Infeasible::CoverageConflictsWithWorkload { .. } => "balance-infeasible-coverage-workload",
            Infeasible::Undecided { .. } => "balance-infeasible-undecided",
        }
    }

    /// The message's arguments (an absent manager id is left out).
    pub fn args(&self) -> Vec<(&'static str, i64)> {
        let n = |x: u64| i64::try_from(x).unwrap_or(i64::MAX);
        match *self {
            Infeasible::NoManagers => vec![],
            Infeasible::PinnedToAbsentManager { customer_id, manager_id } => {
                let mut a = vec![("customer", customer_id)];
                a.extend(manager_id.map(|m| ("manager", m)));
                a
            }
            Infeasible::PinnedExceedsCapacity { manager_id, pinned_load, max } => {
                vec![("manager", manager_id), ("pinned", n(pinned_load)), ("max", n(max))]
            }
            Infeasible::PinnedExceedsSegmentShare { manager_id, segment_id, pinned, max } => {
                vec![("manager", manager_id), ("segment", segment_id), ("pinned", n(pinned)), ("max", n(max))]
            }
            Infeasible::SegmentCoverageBlocked { segment_id, movable, needed } => {
                vec![("segment", segment_id), ("movable", n(movable)), ("needed", n(needed))]
            }
            Infeasible::ToleranceTooTight { min_load, max_load, total, managers } => {
                vec![("min", n(min_load)), ("max", n(max_load)), ("total", n(total)), ("managers", n(managers))]
            }
            Infeasible::CoverageConflictsWithWorkload { min_load, max_load } => {
                vec![("min", n(min_load)), ("max", n(max_load))]
            }
            Infeasible::Undecided { nodes } => vec![("nodes", n(nodes))],
        }
    }
}

/// Why [`propose`] found no proposal, and the nearest goals that have one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rejection {
    pub reason: Infeasible,
    /// The goals with the smallest loosening that is feasible: the tolerance
    /// raised as little as possible, and `every_segment` dropped only when
    /// no tolerance helps. None when only unpinning or adding managers helps.
    pub nearest: Option<Goals>,
}

/// The inclusive workload band for `total` workload shared by `managers`:
/// fair share ∓ `tolerance_percent`, the lower end rounded down and the upper
/// end rounded up, so that a tolerance of 0 still allows floor and ceiling.
pub fn load_band(total: u64, managers: u64, tolerance_percent: u32) -> (u64, u64) {
    if managers == 0 {
        return (0, total);
    }
    let (t, m, p) = (u128::from(total), u128::from(managers), u128::from(tolerance_percent));
    let lo = t * 100u128.saturating_sub(p) / (100 * m);
    let hi = (t * (100 + p)).div_ceil(100 * m);
    let cap = |x: u128| u64::try_from(x).unwrap_or(u64::MAX);
    (cap(lo), cap(hi))
}

/// Proposes the reassignment that meets `goals` while moving the fewest
/// customers (least weight when `goals.by_weight`). Unassigned customers and
/// customers of leaving managers always move, and count as moves.
pub fn propose(customers: &[CustomerSlot], goals: &Goals) -> Result<Proposal, Rejection> {
    let managers = distinct(&goals.managers);
    let limit = assign::WORK_LIMIT;
    let reason = match attempt(customers, goals, &managers, &mut 0, limit, false) {
        Ok(p) => return Ok(p),
        Err(Infeasible::ToleranceTooTight { min_load, max_load, .. })
            if goals.every_segment
                && attempt(
                    customers,
                    &Goals { every_segment: false, ..goals.clone() },
                    &managers,
                    &mut 0,
                    limit,
                    true,
                )
                .is_ok() =>
        {
            Infeasible::CoverageConflictsWithWorkload { min_load, max_load }
        }
        Err(e) => e,
    };
    let nearest = nearest(customers, goals, &managers, &reason);
    Err(Rejection { reason, nearest })
}

/// Solves `goals` (see `assign::solve` for `work`, `limit` and `first`).
fn attempt(
    customers: &[CustomerSlot],
    goals: &Goals,
    managers: &[i64],
    work: &mut u64,
    limit: u64,
    first: bool,
) -> Result<Proposal, Infeasible> {
    let m = managers.len() as u64;
    let total = if goals.by_weight {
        customers.iter().map(|c| u64::from(c.weight.max(1))).sum()
    } else {
        customers.len() as u64
    };
    let mut segments: BTreeMap<i64, (u64, u64)> = BTreeMap::new();
    if goals.every_segment {
        let mut sizes: BTreeMap<i64, u64> = BTreeMap::new();
        for c in customers {
            *sizes.entry(c.segment_id).or_default() += 1;
        }
        segments = sizes.into_iter().filter(|&(_, k)| k >= m).map(|(s, _)| (s, (1, u64::MAX))).collect();
    }
    let spec = assign::Spec {
        managers,
        by_weight: goals.by_weight,
        load: load_band(total, m, goals.tolerance_percent),
        segments: &segments,
    };
    assign::solve(customers, &spec, work, limit, first)
}

/// The least loosening of `goals` found to have a proposal (see
/// [`Rejection::nearest`]). Exact when counting; with weights a search cut
/// short counts as infeasible, so the loosening found may be larger.
fn nearest(customers: &[CustomerSlot], goals: &Goals, managers: &[i64], reason: &Infeasible) -> Option<Goals> {
    if matches!(reason, Infeasible::NoManagers | Infeasible::PinnedToAbsentManager { .. }) {
        return None;
    }
    let mut options = Vec::new();
    if !matches!(reason, Infeasible::SegmentCoverageBlocked { .. }) {
        options.push(goals.every_segment);
    }
    if goals.every_segment {
        options.push(false);
    }
    // From this tolerance up the band is [0, total]: only coverage and pins remain.
    let widest = 100u32.saturating_mul(managers.len().saturating_sub(1) as u32).max(100);
    let mut work = 0;
    options.into_iter().find_map(|every_segment| {
        let with = |t: u32| Goals { every_segment, tolerance_percent: t, ..goals.clone() };
        let mut feasible = |t: u32| attempt(customers, &with(t), managers, &mut work, assign::WORK_LIMIT, true).is_ok();
        let (mut lo, mut hi) = (goals.tolerance_percent, widest.max(goals.tolerance_percent));
        if !feasible(hi) {
            return None;
        }
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if feasible(mid) { hi = mid } else { lo = mid + 1 }
        }
        Some(with(hi))
    })
}

/// The ids in their first order, without repeats.
fn distinct(ids: &[i64]) -> Vec<i64> {
    let mut seen = HashSet::new();
    ids.iter().copied().filter(|id| seen.insert(*id)).collect()
}
