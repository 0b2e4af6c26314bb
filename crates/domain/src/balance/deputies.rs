//! Deputies (SPEC §6): every customer gets a deputy other than its manager.
//!
//! The network: customers alike to the optimizer (same manager, segment and
//! current valid deputy) form a group; a group keeps its deputy along one arc
//! or goes through the pool of its (manager, segment) to any other manager,
//! and each deputy drains into the sink within the band. The cost of a
//! customer is `big` for a change plus 1 when the deputy holds no customer of
//! its segment, with `big` larger than every possible count of such
//! deputies, so the order of priorities is exact: first the narrowest band
//! around fair share (found by bisection, feasibility being monotone), then
//! the fewest changes, then the fewest deputies unfamiliar with the segment.

use super::CustomerSlot;
use super::flow::{Network, Solution, UNBOUNDED};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The deputies proposed for a set of customers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeputyProposal {
    /// Customers whose deputy changes, by customer id.
    pub changes: Vec<DeputyChange>,
    /// Customers nobody can deputise for (their manager is the only one).
    pub without_candidate: Vec<i64>,
    /// How many customers each manager deputises for afterwards.
    pub counts: Vec<(i64, u64)>,
    /// The band every count lies in, inclusive.
    pub band: (u64, u64),
    /// How far the band had to widen beyond the floor and ceiling of fair share.
    pub widened_by: u64,
    /// Deputies afterwards who hold no customer of that customer's segment.
    pub unfamiliar: u64,
}

impl DeputyProposal {
    /// The customers with the new deputies set (managers untouched).
    pub fn apply(&self, customers: &[CustomerSlot]) -> Vec<CustomerSlot> {
        let to: BTreeMap<i64, i64> = self.changes.iter().map(|c| (c.customer_id, c.to)).collect();
        customers
            .iter()
            .map(|c| CustomerSlot { deputy_id: to.get(&c.customer_id).copied().or(c.deputy_id), ..c.clone() })
            .collect()
    }
}

/// One customer getting a new deputy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeputyChange {
    pub customer_id: i64,
    pub from: Option<i64>,
    pub to: i64,
    pub reason: DeputyReason,
}

/// Why a deputy changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DeputyReason {
    /// The customer had no deputy.
    Missing,
    /// The deputy was the customer's manager.
    SameAsManager,
    /// The deputy is not among the managers.
    Unavailable,
    /// To keep deputy counts within the band.
    Balance,
}

impl DeputyReason {
    /// The Fluent message id.
    pub fn code(self) -> &'static str {
        match self {
            DeputyReason::Missing => "balance-deputy-missing",
            DeputyReason::SameAsManager => "balance-deputy-same-as-manager",
            DeputyReason::Unavailable => "balance-deputy-unavailable",
            DeputyReason::Balance => "balance-deputy-balance",
        }
    }
}

struct Group {
    members: Vec<usize>,
    /// The current deputy (index) and the arc that keeps it.
    keep: Option<(usize, usize)>,
    pool: PoolKey,
}

/// A pool's key: the manager it excludes (index, if among the managers) and the segment.
type PoolKey = (Option<usize>, i64);

/// A pool's arcs: (deputy index, arc) for each manager it may go to.
type PoolArcs = Vec<(usize, usize)>;

struct Built {
    net: Network,
    groups: Vec<Group>,
    pools: BTreeMap<PoolKey, PoolArcs>,
}

/// Proposes a deputy for every customer (given after the manager
/// assignment), other than its manager and among `managers`: deputy counts
/// as even as possible, then the fewest changes, then deputies who hold the
/// customer's segment. Exact (see the module notes).
pub fn propose_deputies(customers: &[CustomerSlot], managers: &[i64]) -> DeputyProposal {
    let managers = super::distinct(managers);
    let index: HashMap<i64, usize> = managers.iter().enumerate().map(|(i, &m)| (m, i)).collect();
    let own = |c: &CustomerSlot| c.manager_id.and_then(|m| index.get(&m).copied());
    let (served, without): (Vec<usize>, Vec<usize>) =
        (0..customers.len()).partition(|&i| managers.len() > usize::from(own(&customers[i]).is_some()));
    let familiar: BTreeSet<(i64, i64)> =
        customers.iter().filter_map(|c| c.manager_id.map(|m| (m, c.segment_id))).collect();
    let n = served.len() as u64;
    let m = (managers.len() as u64).max(1);
    let (floor, ceil) = (n / m, n.div_ceil(m));
    let band = |k: u64| (floor.saturating_sub(k), ceil + k);
    let solve = |k: u64| {
        let built = build(customers, &managers, &index, &served, &familiar, band(k));
        built.net.solve().map(|sol| (built, sol))
    };
    // The even band usually works; otherwise bisect for the narrowest that does.
    let (mut hi, mut found) = (0, solve(0));
    if found.is_none() {
        let mut lo = 1;
        hi = floor.max(n - ceil);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if solve(mid).is_some() { hi = mid } else { lo = mid + 1 }
        }
        found = solve(hi);
    }
    let mut deputy: Vec<Option<usize>> = customers.iter().map(|_| None).collect();
    if let Some((built, sol)) = &found {
        extract(customers, &index, built, sol, &mut deputy);
    }
    let mut counts = vec![0u64; managers.len()];
    let mut changes = Vec::new();
    let mut unfamiliar = 0;
    for &i in &served {
        let (c, Some(d)) = (&customers[i], deputy[i]) else { continue };
        counts[d] += 1;
        let to = managers[d];
        unfamiliar += u64::from(!familiar.contains(&(to, c.segment_id)));
        if c.deputy_id != Some(to) {
            let reason = match c.deputy_id {
                None => DeputyReason::Missing,
                Some(x) if Some(x) == c.manager_id => DeputyReason::SameAsManager,
                Some(x) if !index.contains_key(&x) => DeputyReason::Unavailable,
                Some(_) => DeputyReason::Balance,
            };
            changes.push(DeputyChange { customer_id: c.customer_id, from: c.deputy_id, to, reason });
        }
    }
    changes.sort_by_key(|c| c.customer_id);
    let mut without_candidate: Vec<i64> = without.iter().map(|&i| customers[i].customer_id).collect();
    without_candidate.sort_unstable();
    DeputyProposal {
        changes,
        without_candidate,
        counts: managers.iter().copied().zip(counts).collect(),
        band: band(hi),
        widened_by: hi,
        unfamiliar,
    }
}

fn build(
    customers: &[CustomerSlot],
    managers: &[i64],
    index: &HashMap<i64, usize>,
    served: &[usize],
    familiar: &BTreeSet<(i64, i64)>,
    band: (u64, u64),
) -> Built {
    let big = u32::try_from(served.len() + 1).unwrap_or(u32::MAX);
    let unknown = |d: usize, s: i64| u32::from(!familiar.contains(&(managers[d], s)));
    let mut net = Network::default();
    let sink = net.node();
    let deputies: Vec<usize> = managers.iter().map(|_| net.node()).collect();
    let to_units = |x: u64| i64::try_from(x).unwrap_or(UNBOUNDED).min(UNBOUNDED);
    for &d in &deputies {
        net.arc(d, sink, to_units(band.0), to_units(band.1), 0);
    }
    let mut members: BTreeMap<(Option<usize>, i64, Option<usize>), Vec<usize>> = BTreeMap::new();
    for &i in served {
        let c = &customers[i];
        let own = c.manager_id.and_then(|m| index.get(&m).copied());
        let keep = c.deputy_id.and_then(|d| index.get(&d).copied()).filter(|&d| Some(d) != own);
        members.entry((own, c.segment_id, keep)).or_default().push(i);
    }
    let mut pools: BTreeMap<PoolKey, (usize, PoolArcs)> = BTreeMap::new();
    let mut groups = Vec::new();
    for ((own, s, keep), list) in members {
        let node = net.node();
        let size = list.len() as i64;
        net.supply(node, size);
        net.supply(sink, -size);
        let keep = keep.map(|d| (d, net.arc(node, deputies[d], 0, size, unknown(d, s))));
        let pool = match pools.get(&(own, s)) {
            Some(p) => p.0,
            None => {
                let p = net.node();
                let arcs = (0..managers.len())
                    .filter(|&d| Some(d) != own)
                    .map(|d| (d, net.arc(p, deputies[d], 0, UNBOUNDED, unknown(d, s))))
                    .collect();
                pools.insert((own, s), (p, arcs));
                p
            }
        };
        net.arc(node, pool, 0, size, big);
        groups.push(Group { members: list, keep, pool: (own, s) });
    }
    Built { net, groups, pools: pools.into_iter().map(|(k, (_, arcs))| (k, arcs)).collect() }
}

fn extract(
    customers: &[CustomerSlot],
    index: &HashMap<i64, usize>,
    built: &Built,
    sol: &Solution,
    deputy: &mut [Option<usize>],
) {
    let mut queues: BTreeMap<PoolKey, Vec<usize>> = BTreeMap::new();
    for g in &built.groups {
        let kept = g.keep.map_or(0, |(_, a)| sol.flow[a]) as usize;
        for (k, &i) in g.members.iter().enumerate() {
            match g.keep {
                Some((d, _)) if k < kept => deputy[i] = Some(d),
                _ => queues.entry(g.pool).or_default().push(i),
            }
        }
    }
    for (key, arcs) in &built.pools {
        let queue = queues.remove(key).unwrap_or_default();
        let mut wanted: Vec<(usize, usize)> = arcs.iter().map(|&(d, a)| (d, sol.flow[a] as usize)).collect();
        // A customer routed back to its own deputy keeps it.
        let current = |i: usize| customers[i].deputy_id.and_then(|d| index.get(&d).copied());
        let mut rest = Vec::new();
        for i in queue {
            match wanted.iter_mut().find(|(d, k)| *k > 0 && Some(*d) == current(i)) {
                Some((d, k)) => {
                    *k -= 1;
                    deputy[i] = Some(*d);
                }
                None => rest.push(i),
            }
        }
        let mut rest = rest.into_iter();
        for (d, k) in wanted {
            for i in rest.by_ref().take(k) {
                deputy[i] = Some(d);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slot(customer_id: i64, segment_id: i64, manager_id: Option<i64>, deputy_id: Option<i64>) -> CustomerSlot {
        CustomerSlot { customer_id, segment_id, manager_id, deputy_id, weight: 1, pinned: false }
    }

    #[test]
    fn valid_balanced_deputies_are_kept() {
        let cs = [slot(1, 10, Some(1), Some(2)), slot(2, 10, Some(2), Some(1))];
        let p = propose_deputies(&cs, &[1, 2]);
        assert!(p.changes.is_empty());
        assert_eq!((p.widened_by, p.unfamiliar), (0, 0));
    }

    #[test]
    fn missing_and_invalid_deputies_are_replaced_by_someone_else() {
        let cs = [
            slot(1, 10, Some(1), None),
            slot(2, 10, Some(1), Some(1)),
            slot(3, 20, Some(2), Some(7)),
            slot(4, 20, Some(3), Some(1)),
        ];
        let p = propose_deputies(&cs, &[1, 2, 3]);
        let reasons: Vec<_> = p.changes.iter().map(|c| (c.customer_id, c.reason)).collect();
        assert_eq!(
            reasons,
            [(1, DeputyReason::Missing), (2, DeputyReason::SameAsManager), (3, DeputyReason::Unavailable)]
        );
        for c in p.apply(&cs) {
            assert!(c.deputy_id.is_some() && c.deputy_id != c.manager_id, "{c:?}");
        }
        // 4 customers over 3 deputies: counts 1 or 2.
        assert!(p.counts.iter().all(|&(_, k)| (1..=2).contains(&k)), "{p:?}");
        // Only manager 1 holds segment 10, so customers 1 and 2 get unfamiliar deputies; customer 4
        // keeps deputy 1 (no segment 20) as changes come first; customer 3 gets 3, who holds 20.
        assert_eq!(p.unfamiliar, 3);
        assert!(p.changes.iter().any(|c| c.customer_id == 3 && c.to == 3));
    }

    #[test]
    fn a_lone_manager_has_no_one_to_deputise() {
        let cs = [slot(1, 10, Some(1), None), slot(2, 10, None, None)];
        let p = propose_deputies(&cs, &[1]);
        assert_eq!(p.without_candidate, [1]);
        assert_eq!(p.changes.len(), 1);
        assert_eq!(p.changes[0].to, 1);
    }

    #[test]
    fn the_band_widens_only_as_far_as_needed() {
        // Manager 1 holds 6 of 8 customers: their deputies must be 2 or 3.
        let mut cs: Vec<_> = (0..6).map(|i| slot(i, 10, Some(1), None)).collect();
        cs.push(slot(6, 10, Some(2), None));
        cs.push(slot(7, 10, Some(3), None));
        let p = propose_deputies(&cs, &[1, 2, 3]);
        // Fair 8/3 → 2..3; deputies 2 and 3 take 6 between them, 1 takes 2.
        assert_eq!((p.widened_by, p.band), (0, (2, 3)));
        cs.push(slot(8, 10, Some(1), None));
        cs.push(slot(9, 10, Some(1), None));
        let p = propose_deputies(&cs, &[1, 2, 3]);
        // 8 of 10 at manager 1 need 2 and 3: at least 4 each, fair 3..4 → no widening; 1 takes 2 → widen 1.
        assert_eq!(p.widened_by, 1);
    }

    struct Rng(u64);
    impl Rng {
        fn below(&mut self, n: u64) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0 % n
        }
    }

    /// (widening, changes, unfamiliar), least first, over every assignment.
    fn brute(cs: &[CustomerSlot], managers: &[i64]) -> (u64, u64, u64) {
        let served: Vec<&CustomerSlot> =
            cs.iter().filter(|c| managers.iter().any(|&m| Some(m) != c.manager_id)).collect();
        let (n, m) = (served.len() as u64, managers.len() as u64);
        let familiar = |d: i64, s: i64| cs.iter().any(|c| c.manager_id == Some(d) && c.segment_id == s);
        let mut best = (u64::MAX, 0, 0);
        for mut code in 0..managers.len().pow(served.len() as u32) {
            let mut counts = vec![0u64; managers.len()];
            let (mut changes, mut unfamiliar, mut ok) = (0, 0, true);
            for c in &served {
                let d = code % managers.len();
                code /= managers.len();
                ok &= Some(managers[d]) != c.manager_id;
                counts[d] += 1;
                changes += u64::from(c.deputy_id != Some(managers[d]));
                unfamiliar += u64::from(!familiar(managers[d], c.segment_id));
            }
            let widen = counts.iter().map(|&k| (n / m).saturating_sub(k).max(k.saturating_sub(n.div_ceil(m)))).max();
            if ok {
                best = best.min((widen.unwrap_or(0), changes, unfamiliar));
            }
        }
        best
    }

    #[test]
    fn matches_brute_force_on_random_tiny_instances() {
        let mut rng = Rng(0x853c_49e6_748f_ea9b);
        for _ in 0..2_000 {
            let managers = [[1, 2].as_slice(), &[1, 2, 3], &[2, 3], &[1]][rng.below(4) as usize];
            let people = [None, Some(1), Some(2), Some(3), Some(4)];
            let cs: Vec<_> = (0..rng.below(7) as i64)
                .map(|i| {
                    let manager = people[rng.below(5) as usize];
                    slot(i, rng.below(3) as i64, manager, people[rng.below(5) as usize])
                })
                .collect();
            let p = propose_deputies(&cs, managers);
            for c in p.apply(&cs).iter().filter(|c| !p.without_candidate.contains(&c.customer_id)) {
                assert!(c.deputy_id.is_some_and(|d| Some(d) != c.manager_id && managers.contains(&d)), "{c:?}");
            }
            let again = propose_deputies(&p.apply(&cs), managers);
            assert!(again.changes.is_empty() && again.widened_by == p.widened_by, "{again:?}");
            let got = (p.widened_by, p.changes.len() as u64, p.unfamiliar);
            if managers.len() > 1 {
                assert_eq!(got, brute(&cs, managers), "{cs:?} {managers:?} {p:?}");
            }
        }
    }
}
