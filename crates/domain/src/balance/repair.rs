//! Local search on plans: repair the bounds a rounded plan breaks, then
//! send customers home while the plan stays within bounds.
//!
//! A step moves one customer to another manager, or swaps two customers
//! between two managers. Repair takes the step that most reduces the
//! violation (load outside its band, in units, plus cell counts outside
//! theirs, weighted by the largest unit), the cheaper of equals first, and
//! fails when no step reduces it. This is a heuristic: it only supplies the
//! exact search with good plans; proofs come from the flow bounds.

use super::problem::{Plan, Problem};
use std::collections::BTreeMap;

/// The state of a search: the plan and its tallies.
struct State<'a> {
    p: &'a Problem,
    x: Vec<i64>,
    load: Vec<i64>,
    cell: Vec<i64>,
    cell_weight: i64,
}

/// A step: customers of group `g` (and `h`, for a swap) change manager.
#[derive(Debug, Clone, Copy)]
struct Step {
    g: usize,
    from: usize,
    to: usize,
    back: Option<usize>,
}

fn outside(x: i64, (lo, hi): (i64, i64)) -> i64 {
    (lo - x).max(0) + (x - hi).max(0)
}

impl State<'_> {
    fn violation_at(&self, m: usize) -> i64 {
        let s = self.p.segments;
        let cells: i64 = (0..s).map(|k| outside(self.cell[m * s + k], self.p.cell[m * s + k])).sum();
        outside(self.load[m], self.p.load[m]) + cells * self.cell_weight
    }

    fn shift(&mut self, g: usize, from: usize, to: usize, sign: i64) {
        let (m, s) = (self.p.managers, self.p.segments);
        let grp = &self.p.groups[g];
        self.x[g * m + from] -= sign;
        self.x[g * m + to] += sign;
        self.load[from] -= sign * grp.unit;
        self.load[to] += sign * grp.unit;
        self.cell[from * s + grp.segment] -= sign;
        self.cell[to * s + grp.segment] += sign;
    }

    fn apply(&mut self, st: Step, sign: i64) {
        self.shift(st.g, st.from, st.to, sign);
        if let Some(h) = st.back {
            self.shift(h, st.to, st.from, sign);
        }
    }

    fn away(&self, g: usize, m: usize) -> i64 {
        let grp = &self.p.groups[g];
        if grp.current == Some(m) { 0 } else { grp.unit }
    }

    /// (change in violation, change in cost) of a step.
    fn delta(&mut self, st: Step) -> (i64, i64) {
        let before = self.violation_at(st.from) + self.violation_at(st.to);
        let mut cost = self.away(st.g, st.to) - self.away(st.g, st.from);
        if let Some(h) = st.back {
            cost += self.away(h, st.from) - self.away(h, st.to);
        }
        self.apply(st, 1);
        let after = self.violation_at(st.from) + self.violation_at(st.to);
        self.apply(st, -1);
        (after - before, cost)
    }

    /// Per manager: for each (segment, unit) held, the groups holding it.
    fn kinds(&self, work: &mut u64) -> Vec<BTreeMap<(usize, i64), Vec<usize>>> {
        let m = self.p.managers;
        *work += (self.p.groups.len() * m) as u64;
        let mut kinds = vec![BTreeMap::new(); m];
        for (g, grp) in self.p.groups.iter().enumerate() {
            for (k, kind) in kinds.iter_mut().enumerate() {
                if self.x[g * m + k] > 0 {
                    kind.entry((grp.segment, grp.unit)).or_insert_with(Vec::new).push(g);
                }
            }
        }
        kinds
    }

    /// The cheapest of `groups` to move from `from` to `to`.
    fn pick(&self, groups: impl Iterator<Item = usize>, from: usize, to: usize) -> Option<usize> {
        groups.min_by_key(|&g| (self.away(g, to) - self.away(g, from), g))
    }

    /// The cheapest group per unit held by a manager, to move to `to`.
    fn per_unit(&self, kinds: &BTreeMap<(usize, i64), Vec<usize>>, from: usize, to: usize) -> BTreeMap<i64, usize> {
        let mut best: BTreeMap<i64, usize> = BTreeMap::new();
        for (&(_, unit), groups) in kinds {
            let Some(g) = self.pick(groups.iter().copied(), from, to) else { continue };
            let cost = |g: usize| self.away(g, to) - self.away(g, from);
            best.entry(unit).and_modify(|b| *b = if cost(g) < cost(*b) { g } else { *b }).or_insert(g);
        }
        best
    }
}

/// The best step found by (violation, cost) change, if it beats `accept`.
struct Search {
    accept: (i64, i64),
    best: Option<((i64, i64), Step)>,
    /// Work per evaluation: the cells of two managers, twice.
    each: u64,
}

impl Search {
    fn consider(&mut self, state: &mut State, st: Step, work: &mut u64) {
        *work += self.each;
        let d = state.delta(st);
        if d < self.accept && self.best.is_none_or(|(b, _)| d < b) {
            self.best = Some((d, st));
        }
    }
}

/// Repairing: moves from and to the managers in `bad`, swaps of different
/// units with them, and swaps of segments within a unit.
fn repair_step(state: &mut State, bad: &[usize], search: &mut Search, work: &mut u64) {
    let kinds = state.kinds(work);
    for &a in bad {
        for b in (0..state.p.managers).filter(|&b| b != a) {
            for (from, to) in [(a, b), (b, a)] {
                for groups in kinds[from].values() {
                    if let Some(g) = state.pick(groups.iter().copied(), from, to) {
                        search.consider(state, Step { g, from, to, back: None }, work);
                    }
                }
            }
            let (out, back) = (state.per_unit(&kinds[a], a, b), state.per_unit(&kinds[b], b, a));
            for (ug, &g) in &out {
                for (uh, &h) in &back {
                    if ug != uh {
                        search.consider(state, Step { g, from: a, to: b, back: Some(h) }, work);
                    }
                }
            }
            for (&(sg, ug), gs) in &kinds[a] {
                for (_, hs) in kinds[b].range((0, ug)..).filter(|((sh, uh), _)| *uh == ug && *sh != sg) {
                    if let (Some(g), Some(h)) =
                        (state.pick(gs.iter().copied(), a, b), state.pick(hs.iter().copied(), b, a))
                    {
                        search.consider(state, Step { g, from: a, to: b, back: Some(h) }, work);
                    }
                }
            }
        }
    }
}

/// Improving: a customer held away from its current manager goes back,
/// alone or swapped with one of that manager's customers.
fn improve_step(state: &mut State, search: &mut Search, work: &mut u64) {
    let kinds = state.kinds(work);
    let m = state.p.managers;
    let mut away = Vec::new();
    for (g, grp) in state.p.groups.iter().enumerate() {
        let Some(home) = grp.current else { continue };
        away.extend((0..m).filter(|&a| a != home && state.x[g * m + a] > 0).map(|a| (g, a, home)));
    }
    for (g, a, home) in away {
        search.consider(state, Step { g, from: a, to: home, back: None }, work);
        for h in state.per_unit(&kinds[home], home, a).into_values() {
            if h != g {
                search.consider(state, Step { g, from: a, to: home, back: Some(h) }, work);
            }
        }
    }
}

/// A plan within every bound, found from `start` by local steps, then
/// improved; None when the repair gets stuck or the work runs out.
pub fn repair(p: &Problem, start: &Plan, work: &mut u64, limit: u64) -> Option<Plan> {
    let (load, cell) = p.tally(start);
    let cell_weight = p.groups.iter().map(|g| g.unit).max().unwrap_or(1);
    let mut st = State { p, x: start.0.clone(), load, cell, cell_weight };
    let each = 4 * p.segments as u64 + 8;
    loop {
        let bad: Vec<usize> = (0..p.managers).filter(|&m| st.violation_at(m) > 0).collect();
        if bad.is_empty() {
            break;
        }
        if *work >= limit {
            return None;
        }
        let mut search = Search { accept: (0, i64::MIN), best: None, each };
        repair_step(&mut st, &bad, &mut search, work);
        let (_, step) = search.best?;
        st.apply(step, 1);
    }
    // Steps that keep every bound and lower the cost.
    while *work < limit {
        let mut search = Search { accept: (0, 0), best: None, each };
        improve_step(&mut st, &mut search, work);
        match search.best {
            Some((_, step)) => st.apply(step, 1),
            None => break,
        }
    }
    let plan = Plan(st.x);
    p.feasible(&plan).then_some(plan)
}
