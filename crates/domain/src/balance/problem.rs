//! The aggregated assignment problem, in flow units, and its network.
//!
//! Customers alike to the optimizer (same current manager, segment and
//! weight) form a group. A plan says how many customers of each group each
//! manager holds; its cost is the weight (in units) held by a manager who is
//! not the group's current one. The network: a group sends its customers
//! along a "stay" arc to its own manager's cell (cost 0) or into the pool of
//! its segment and weight (cost 1 per unit); a pool feeds every manager's
//! cell of that segment (cost 0); a cell (manager × segment) drains into its
//! manager within the cell bounds, and a manager into the sink within the
//! load band. Flow units are weight units (1 per customer when counting).

use super::flow::{Network, Solution, UNBOUNDED};
use std::collections::BTreeMap;

/// Customers alike to the optimizer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// The current manager (index), when one who stays.
    pub current: Option<usize>,
    pub segment: usize,
    /// Flow units per customer.
    pub unit: i64,
    /// Customers in the group.
    pub size: i64,
}

/// What a plan must meet. Pinned customers are already subtracted.
#[derive(Debug, Clone, Default)]
pub struct Problem {
    pub managers: usize,
    pub segments: usize,
    pub groups: Vec<Group>,
    /// Load per manager in units, inclusive.
    pub load: Vec<(i64, i64)>,
    /// Customers per cell (`m * segments + s`), inclusive. With more than
    /// one unit size only (0 or 1, UNBOUNDED) is meaningful: the network
    /// reads the lower bound as units, which is exact for plans.
    pub cell: Vec<(i64, i64)>,
}

/// Customers of group `g` held by manager `m`, at `g * managers + m`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan(pub Vec<i64>);

/// The network of a problem, and where its arcs are.
pub struct Net {
    pub net: Network,
    /// Per group: its stay arc (if it has a current manager) and its pool arc.
    pub stay: Vec<Option<usize>>,
    pub go: Vec<usize>,
    /// Per (segment, unit): the pool's arc to each manager's cell.
    pub pools: BTreeMap<(usize, i64), Vec<usize>>,
}

impl Problem {
    /// A plan's cost: units held away from the group's current manager.
    pub fn cost(&self, plan: &Plan) -> i64 {
        let m = self.managers;
        self.groups
            .iter()
            .enumerate()
            .map(|(g, grp)| {
                let away: i64 = (0..m).filter(|&k| Some(k) != grp.current).map(|k| plan.0[g * m + k]).sum();
                away * grp.unit
            })
            .sum()
    }

    /// Load (units) and cell counts of a plan.
    pub fn tally(&self, plan: &Plan) -> (Vec<i64>, Vec<i64>) {
        let (m, s) = (self.managers, self.segments);
        let mut load = vec![0; m];
        let mut cell = vec![0; m * s];
        for (g, grp) in self.groups.iter().enumerate() {
            for k in 0..m {
                let x = plan.0[g * m + k];
                load[k] += x * grp.unit;
                cell[k * s + grp.segment] += x;
            }
        }
        (load, cell)
    }

    /// Whether a plan places every customer and meets every bound.
    pub fn feasible(&self, plan: &Plan) -> bool {
        let m = self.managers;
        let placed = self.groups.iter().enumerate().all(|(g, grp)| {
            let row = &plan.0[g * m..(g + 1) * m];
            row.iter().all(|&x| x >= 0) && row.iter().sum::<i64>() == grp.size
        });
        let (load, cell) = self.tally(plan);
        let within = |x: i64, (lo, hi): (i64, i64)| lo <= x && x <= hi;
        placed
            && load.iter().zip(&self.load).all(|(&x, &b)| within(x, b))
            && cell.iter().zip(&self.cell).all(|(&x, &b)| within(x, b))
    }

    /// The flow network (see the module notes).
    pub fn network(&self) -> Net {
        let mut net = Network::default();
        let sink = net.node();
        let managers: Vec<usize> = (0..self.managers).map(|_| net.node()).collect();
        for (&node, &(lo, hi)) in managers.iter().zip(&self.load) {
            net.arc(node, sink, lo, hi, 0);
        }
        let mut cells = Vec::with_capacity(self.managers * self.segments);
        for &mnode in &managers {
            for _ in 0..self.segments {
                let node = net.node();
                let (lo, hi) = self.cell.get(cells.len()).copied().unwrap_or((0, UNBOUNDED));
                net.arc(node, mnode, lo, hi.min(UNBOUNDED), 0);
                cells.push(node);
            }
        }
        let cell = |m: usize, s: usize| cells.get(m * self.segments + s).copied().unwrap_or(sink);
        let mut pools: BTreeMap<(usize, i64), (usize, Vec<usize>)> = BTreeMap::new();
        let (mut stay, mut go) = (Vec::new(), Vec::new());
        for grp in &self.groups {
            let node = net.node();
            let size = grp.size * grp.unit;
            net.supply(node, size);
            net.supply(sink, -size);
            stay.push(grp.current.map(|m| net.arc(node, cell(m, grp.segment), 0, size, 0)));
            let key = (grp.segment, grp.unit);
            let pool = match pools.get(&key) {
                Some(p) => p.0,
                None => {
                    let p = net.node();
                    let arcs = (0..self.managers).map(|m| net.arc(p, cell(m, grp.segment), 0, UNBOUNDED, 0)).collect();
                    pools.insert(key, (p, arcs));
                    p
                }
            };
            go.push(net.arc(node, pool, 0, size, 1));
        }
        Net { net, stay, go, pools: pools.into_iter().map(|(k, (_, arcs))| (k, arcs)).collect() }
    }
}

impl Net {
    /// The plan of a flow whose class arcs carry whole customers. A pool's
    /// customers go back to their own manager first, where the flow allows.
    pub fn plan(&self, p: &Problem, sol: &Solution) -> Plan {
        let m = p.managers;
        let mut plan = Plan(vec![0; p.groups.len() * m]);
        let mut waiting: BTreeMap<(usize, i64), Vec<(usize, i64)>> = BTreeMap::new();
        for (g, grp) in p.groups.iter().enumerate() {
            let stays = self.stay[g].map_or(0, |a| sol.flow[a] / grp.unit);
            if let Some(k) = grp.current {
                plan.0[g * m + k] += stays;
            }
            waiting.entry((grp.segment, grp.unit)).or_default().push((g, grp.size - stays));
        }
        for (key, arcs) in &self.pools {
            let Some(queue) = waiting.get_mut(key) else { continue };
            let mut wanted: Vec<i64> = arcs.iter().map(|&a| sol.flow[a] / key.1).collect();
            for (g, left) in queue.iter_mut() {
                if let Some(k) = p.groups[*g].current {
                    let back = (*left).min(wanted[k]);
                    plan.0[*g * m + k] += back;
                    wanted[k] -= back;
                    *left -= back;
                }
            }
            let mut queue = queue.iter_mut().filter(|(_, left)| *left > 0);
            let mut cur = queue.next();
            for (k, want) in wanted.iter_mut().enumerate() {
                while *want > 0 {
                    let Some((g, left)) = cur.as_mut() else { break };
                    let take = (*left).min(*want);
                    plan.0[*g * m + k] += take;
                    *left -= take;
                    *want -= take;
                    if *left == 0 {
                        cur = queue.next();
                    }
                }
            }
        }
        plan
    }
}
