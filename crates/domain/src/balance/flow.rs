//! An exact min-cost flow solver for small, aggregated networks.
//!
//! The problem: node supplies (positive) and demands (negative) that sum to
//! zero, arcs with integer lower and upper bounds and non-negative integer
//! costs per unit. Lower bounds are removed by the standard transformation
//! (the lower bound is sent up front and the node balances adjusted), a
//! super source and super sink carry the balances, and the primal-dual
//! method (Dijkstra with potentials, then a blocking flow on the arcs of zero
//! reduced cost) finds a minimum-cost maximum flow. The balances are met iff
//! that flow saturates the super source, and then the flow is a min-cost
//! feasible flow: integral, and exact because all arithmetic is on integers.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// An arc as the caller sees it: flow between `lower` and `upper`, `cost` per unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Arc {
    pub from: usize,
    pub to: usize,
    pub lower: i64,
    pub upper: i64,
    pub cost: u32,
}

/// A flow network: nodes with balances and arcs with bounds and costs.
#[derive(Debug, Clone, Default)]
pub struct Network {
    balance: Vec<i64>,
    arcs: Vec<Arc>,
}

/// A min-cost feasible flow: the flow on each arc, in the order added, and its cost.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Solution {
    pub flow: Vec<i64>,
    pub cost: i64,
}

/// The outcome of [`Network::solve_counted`]: the solution if any, and the
/// work spent (edges scanned), a deterministic measure of time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counted {
    pub solution: Option<Solution>,
    pub work: u64,
}

/// Large enough to stand for "no upper bound" in these networks, small
/// enough that sums of a few thousand of them cannot overflow `i64`.
pub const UNBOUNDED: i64 = 1 << 40;

impl Network {
    /// Adds a node with zero balance and returns its index.
    pub fn node(&mut self) -> usize {
        self.balance.push(0);
        self.balance.len() - 1
    }

    /// Adds `amount` to the node's supply (negative: demand).
    pub fn supply(&mut self, node: usize, amount: i64) {
        if let Some(b) = self.balance.get_mut(node) {
            *b += amount;
        }
    }

    /// Adds an arc and returns its index.
    pub fn arc(&mut self, from: usize, to: usize, lower: i64, upper: i64, cost: u32) -> usize {
        self.arcs.push(Arc { from, to, lower, upper, cost });
        self.arcs.len() - 1
    }

    /// The arcs, in the order added.
    pub fn arcs(&self) -> &[Arc] {
        &self.arcs
    }

    /// Replaces an arc's bounds (used by branch and bound).
    pub fn set_bounds(&mut self, arc: usize, lower: i64, upper: i64) {
        if let Some(a) = self.arcs.get_mut(arc) {
            a.lower = lower;
            a.upper = upper;
        }
    }

    /// A min-cost flow meeting every balance and bound, or None when there is none.
    pub fn solve(&self) -> Option<Solution> {
        self.solve_counted().solution
    }

    /// [`Network::solve`], also telling the work spent.
    pub fn solve_counted(&self) -> Counted {
        let mut r = Residual::new(self.balance.len() + 2);
        let solution = self.solve_in(&mut r);
        Counted { solution, work: r.work }
    }

    fn solve_in(&self, r: &mut Residual) -> Option<Solution> {
        let n = self.balance.len();
        if self.balance.iter().sum::<i64>() != 0 {
            return None;
        }
        let mut excess = self.balance.clone();
        let mut base_cost = 0i64;
        for a in &self.arcs {
            if a.lower < 0 || a.lower > a.upper || a.from >= n || a.to >= n {
                return None;
            }
            excess[a.from] -= a.lower;
            excess[a.to] += a.lower;
            base_cost += a.lower * i64::from(a.cost);
            r.add(a.from, a.to, a.upper - a.lower, i64::from(a.cost));
        }
        let (source, sink) = (n, n + 1);
        let mut need = 0;
        for (v, &e) in excess.iter().enumerate() {
            if e > 0 {
                r.add(source, v, e, 0);
                need += e;
            } else if e < 0 {
                r.add(v, sink, -e, 0);
            }
        }
        if r.min_cost_flow(source, sink, need) < need {
            return None;
        }
        let mut cost = base_cost;
        let flow: Vec<i64> = self
            .arcs
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let pushed = r.cap[2 * i + 1];
                cost += pushed * i64::from(a.cost);
                a.lower + pushed
            })
            .collect();
        Some(Solution { flow, cost })
    }
}

/// The residual graph. Edge `2k` is the k-th forward edge, `2k + 1` its reverse.
struct Residual {
    head: Vec<Vec<usize>>,
    to: Vec<usize>,
    cap: Vec<i64>,
    cost: Vec<i64>,
    /// Edges scanned so far.
    work: u64,
}

const INF: i64 = i64::MAX / 4;

impl Residual {
    fn new(n: usize) -> Self {
        Residual { head: vec![Vec::new(); n], to: Vec::new(), cap: Vec::new(), cost: Vec::new(), work: 0 }
    }

    fn add(&mut self, from: usize, to: usize, cap: i64, cost: i64) {
        for (u, v, c, w) in [(from, to, cap, cost), (to, from, 0, -cost)] {
            self.head[u].push(self.to.len());
            self.to.push(v);
            self.cap.push(c);
            self.cost.push(w);
        }
    }

    /// Sends up to `limit` units from `s` to `t` at minimum cost; returns the amount sent.
    fn min_cost_flow(&mut self, s: usize, t: usize, limit: i64) -> i64 {
        let n = self.head.len();
        let mut potential = vec![0i64; n];
        let mut dist = vec![INF; n];
        let mut level = vec![usize::MAX; n];
        let mut next = vec![0usize; n];
        let mut sent = 0;
        while sent < limit {
            if !self.dijkstra(s, t, &potential, &mut dist) {
                break;
            }
            let d_t = dist[t];
            for (p, &d) in potential.iter_mut().zip(&dist) {
                *p += d.min(d_t);
            }
            // Blocking flows on the arcs whose reduced cost is now zero.
            while sent < limit && self.levels(s, t, &potential, &mut level) {
                next.iter_mut().for_each(|x| *x = 0);
                loop {
                    let pushed = self.augment(s, t, limit - sent, &potential, &level, &mut next);
                    if pushed == 0 {
                        break;
                    }
                    sent += pushed;
                }
            }
        }
        sent
    }

    fn reduced(&self, e: usize, from: usize, potential: &[i64]) -> i64 {
        self.cost[e] + potential[from] - potential[self.to[e]]
    }

    /// Shortest reduced-cost distances from `s`; false when `t` is unreachable.
    fn dijkstra(&mut self, s: usize, t: usize, potential: &[i64], dist: &mut [i64]) -> bool {
        dist.iter_mut().for_each(|d| *d = INF);
        dist[s] = 0;
        let mut heap = BinaryHeap::new();
        heap.push(Reverse((0i64, s)));
        while let Some(Reverse((d, u))) = heap.pop() {
            if d > dist[u] {
                continue;
            }
            self.work += self.head[u].len() as u64;
            for &e in &self.head[u] {
                let v = self.to[e];
                if self.cap[e] > 0 {
                    let nd = d + self.reduced(e, u, potential);
                    if nd < dist[v] {
                        dist[v] = nd;
                        heap.push(Reverse((nd, v)));
                    }
                }
            }
        }
        dist[t] < INF
    }

    fn admissible(&self, e: usize, u: usize, potential: &[i64]) -> bool {
        self.cap[e] > 0 && self.reduced(e, u, potential) == 0
    }

    /// Breadth-first levels over admissible edges; true when `t` is reached.
    fn levels(&mut self, s: usize, t: usize, potential: &[i64], level: &mut [usize]) -> bool {
        level.iter_mut().for_each(|l| *l = usize::MAX);
        level[s] = 0;
        let mut queue = std::collections::VecDeque::from([s]);
        while let Some(u) = queue.pop_front() {
            self.work += self.head[u].len() as u64;
            for &e in &self.head[u] {
                let v = self.to[e];
                if level[v] == usize::MAX && self.admissible(e, u, potential) {
                    level[v] = level[u] + 1;
                    queue.push_back(v);
                }
            }
        }
        level[t] != usize::MAX
    }

    /// Finds one admissible path along increasing levels (iteratively, with
    /// current-edge pointers) and pushes its bottleneck; returns the amount.
    fn augment(
        &mut self,
        s: usize,
        t: usize,
        limit: i64,
        potential: &[i64],
        level: &[usize],
        next: &mut [usize],
    ) -> i64 {
        let mut path: Vec<usize> = Vec::new();
        let mut u = s;
        loop {
            if u == t {
                let pushed = path.iter().map(|&e| self.cap[e]).fold(limit, i64::min);
                for &e in &path {
                    self.cap[e] -= pushed;
                    self.cap[e ^ 1] += pushed;
                }
                return pushed;
            }
            let mut found = None;
            self.work += 1;
            while let Some(&e) = self.head[u].get(next[u]) {
                self.work += 1;
                let v = self.to[e];
                if level[v] == level[u].wrapping_add(1) && self.admissible(e, u, potential) {
                    found = Some(e);
                    break;
                }
                next[u] += 1;
            }
            match found {
                Some(e) => {
                    path.push(e);
                    u = self.to[e];
                }
                None => match path.pop() {
                    // Dead end: retreat and skip the edge that led here.
                    Some(e) => {
                        u = self.to[e ^ 1];
                        next[u] += 1;
                    }
                    None => return 0,
                },
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cheapest_route_is_used_within_capacity() {
        let mut net = Network::default();
        let (a, b, c) = (net.node(), net.node(), net.node());
        net.supply(a, 5);
        net.supply(c, -5);
        let direct = net.arc(a, c, 0, 3, 4);
        let via1 = net.arc(a, b, 0, 10, 1);
        let via2 = net.arc(b, c, 0, 10, 1);
        let sol = net.solve().expect("feasible");
        assert_eq!(sol.flow[via1], 5);
        assert_eq!(sol.flow[via2], 5);
        assert_eq!(sol.flow[direct], 0);
        assert_eq!(sol.cost, 10);
    }

    #[test]
    fn lower_bounds_are_met_even_when_costly() {
        let mut net = Network::default();
        let (a, b, c) = (net.node(), net.node(), net.node());
        net.supply(a, 5);
        net.supply(c, -5);
        let direct = net.arc(a, c, 2, 3, 4);
        net.arc(a, b, 0, 10, 1);
        net.arc(b, c, 0, 10, 1);
        let sol = net.solve().expect("feasible");
        assert_eq!(sol.flow[direct], 2);
        assert_eq!(sol.cost, 2 * 4 + 3 * 2);
    }

    #[test]
    fn infeasible_balances_and_bounds_are_detected() {
        let mut net = Network::default();
        let (a, b) = (net.node(), net.node());
        net.supply(a, 5);
        net.supply(b, -5);
        net.arc(a, b, 0, 4, 0);
        assert_eq!(net.solve(), None);
        net.set_bounds(0, 0, 5);
        assert!(net.solve().is_some());
        net.set_bounds(0, 6, 9);
        assert_eq!(net.solve(), None);
        // A lower bound on a cycle with no supply is feasible: it circulates.
        let mut cyc = Network::default();
        let (x, y) = (cyc.node(), cyc.node());
        cyc.arc(x, y, 2, 5, 1);
        cyc.arc(y, x, 0, 5, 0);
        assert_eq!(cyc.solve().map(|s| s.cost), Some(2));
    }

    /// Brute force over every integral flow of a tiny random network.
    #[test]
    fn matches_enumeration_on_tiny_networks() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut rnd = |m: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % m
        };
        for _ in 0..300 {
            let nodes = 2 + rnd(3) as usize;
            let mut net = Network::default();
            (0..nodes).for_each(|_| {
                net.node();
            });
            let supply = rnd(4) as i64;
            net.supply(0, supply);
            net.supply(nodes - 1, -supply);
            for _ in 0..(2 + rnd(4)) {
                let (u, v) = (rnd(nodes as u64) as usize, rnd(nodes as u64) as usize);
                let lower = rnd(2) as i64;
                net.arc(u, v, lower, lower + rnd(4) as i64, rnd(5) as u32);
            }
            let best = enumerate(&net, &mut vec![0; net.arcs().len()], 0);
            assert_eq!(net.solve().map(|s| s.cost), best, "{net:?}");
        }
    }

    fn enumerate(net: &Network, flow: &mut Vec<i64>, i: usize) -> Option<i64> {
        let arcs = net.arcs();
        if i == arcs.len() {
            let mut bal = net.balance.clone();
            for (a, f) in arcs.iter().zip(flow.iter()) {
                bal[a.from] -= f;
                bal[a.to] += f;
            }
            let ok = bal.iter().all(|&b| b == 0);
            return ok.then(|| arcs.iter().zip(flow.iter()).map(|(a, f)| f * i64::from(a.cost)).sum());
        }
        let mut best: Option<i64> = None;
        for f in arcs[i].lower..=arcs[i].upper {
            flow[i] = f;
            if let Some(c) = enumerate(net, flow, i + 1) {
                best = Some(best.map_or(c, |b| b.min(c)));
            }
        }
        best
    }
}
