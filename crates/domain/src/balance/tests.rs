//! Checks of `propose` and `propose_deputies`: hand-made cases with known
//! optima, and a randomized cross-check against brute force on tiny instances.

use super::*;

pub(super) fn slot(customer_id: i64, segment_id: i64, manager_id: Option<i64>) -> CustomerSlot {
    CustomerSlot { customer_id, segment_id, manager_id, deputy_id: None, weight: 1, pinned: false }
}

pub(super) fn goals(managers: &[i64], every_segment: bool, tolerance_percent: u32, by_weight: bool) -> Goals {
    Goals { managers: managers.to_vec(), every_segment, tolerance_percent, by_weight }
}

/// A small deterministic PRNG (xorshift64*).
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33) % n.max(1)
    }
}

fn weight(c: &CustomerSlot, g: &Goals) -> u64 {
    if g.by_weight { u64::from(c.weight.max(1)) } else { 1 }
}

/// Whether giving customer i the manager `to[i]` meets every goal, written
/// from the definitions independently of the solver.
pub(super) fn meets(customers: &[CustomerSlot], g: &Goals, to: &[i64]) -> bool {
    let managers = distinct(&g.managers);
    let m = managers.len() as u64;
    let total: u64 = customers.iter().map(|c| weight(c, g)).sum();
    let t = u64::from(g.tolerance_percent);
    let lo = if t >= 100 { 0 } else { total * (100 - t) / (100 * m) };
    let hi = (total * (100 + t)).div_ceil(100 * m);
    let pins_ok = customers.iter().zip(to).all(|(c, &d)| !c.pinned || c.manager_id == Some(d));
    let loads_ok = managers.iter().all(|&x| {
        let load: u64 = customers.iter().zip(to).filter(|&(_, &d)| d == x).map(|(c, _)| weight(c, g)).sum();
        (lo..=hi).contains(&load)
    });
    let covered = !g.every_segment
        || customers.iter().all(|c| {
            let size = customers.iter().filter(|o| o.segment_id == c.segment_id).count() as u64;
            size < m
                || managers
                    .iter()
                    .all(|&x| customers.iter().zip(to).any(|(o, &d)| d == x && o.segment_id == c.segment_id))
        });
    to.iter().all(|d| managers.contains(d)) && pins_ok && loads_ok && covered
}

pub(super) fn moved(customers: &[CustomerSlot], g: &Goals, to: &[i64]) -> u64 {
    customers.iter().zip(to).filter(|(c, d)| c.manager_id != Some(**d)).map(|(c, _)| weight(c, g)).sum()
}

/// The least weight (customers) moved over every assignment, if any is feasible.
pub(super) fn brute(customers: &[CustomerSlot], g: &Goals) -> Option<u64> {
    brute_with(customers, &distinct(&g.managers), |to| meets(customers, g, to).then(|| moved(customers, g, to)))
}

/// The least cost over every assignment to `managers` that `cost` accepts.
pub(super) fn brute_with(
    customers: &[CustomerSlot],
    managers: &[i64],
    cost: impl Fn(&[i64]) -> Option<u64>,
) -> Option<u64> {
    let first = *managers.first()?;
    let mut to = vec![first; customers.len()];
    let mut best = None;
    for mut code in 0..managers.len().pow(customers.len() as u32) {
        for d in to.iter_mut() {
            *d = managers[code % managers.len()];
            code /= managers.len();
        }
        if let Some(c) = cost(&to) {
            best = Some(best.map_or(c, |b: u64| b.min(c)));
        }
    }
    best
}

pub(super) fn check(customers: &[CustomerSlot], g: &Goals, p: &Proposal) {
    let after = p.apply(customers);
    let to: Vec<i64> = after.iter().map(|c| c.manager_id.unwrap_or(-1)).collect();
    assert!(meets(customers, g, &to), "{customers:?} {g:?} {p:?}");
    assert_eq!(p.objective, moved(customers, g, &to));
    assert!(p.lower_bound <= p.objective && (!p.proven_optimal || p.lower_bound == p.objective), "{p:?}");
    for c in customers.iter().filter(|c| c.pinned) {
        assert!(p.moves.iter().all(|m| m.customer_id != c.customer_id), "pinned {c:?} moved");
    }
    for &(m, load) in &p.loads {
        let want: u64 = customers.iter().zip(&to).filter(|&(_, &d)| d == m).map(|(c, _)| weight(c, g)).sum();
        assert_eq!(load, want);
        assert!((p.load_band.0..=p.load_band.1).contains(&load));
    }
}

#[test]
fn a_balanced_portfolio_moves_nobody() {
    let cs = [slot(1, 10, Some(1)), slot(2, 20, Some(1)), slot(3, 10, Some(2)), slot(4, 20, Some(2))];
    let p = propose(&cs, &goals(&[1, 2], true, 0, false)).expect("feasible");
    assert!(p.moves.is_empty());
    assert_eq!((p.objective, p.method, p.proven_optimal), (0, Method::MinCostFlow, true));
    assert_eq!(p.loads, [(1, 2), (2, 2)]);
}

#[test]
fn segment_coverage_swaps_one_customer_each_way() {
    let cs = [slot(1, 10, Some(1)), slot(2, 10, Some(1)), slot(3, 20, Some(2)), slot(4, 20, Some(2))];
    let p = propose(&cs, &goals(&[1, 2], true, 0, false)).expect("feasible");
    assert_eq!(p.objective, 2);
    assert!(p.moves.iter().all(|m| m.reason == Reason::SegmentCoverage), "{p:?}");
    check(&cs, &goals(&[1, 2], true, 0, false), &p);
}

#[test]
fn customers_of_a_leaving_manager_are_shared_out() {
    // Manager 3 leaves with 3 customers; 1 and 2 hold 2 each: 7 over 2 → 3..4.
    let mut cs: Vec<_> = (0..4).map(|i| slot(i, 10, Some(1 + i % 2))).collect();
    cs.extend((4..7).map(|i| slot(i, 10, Some(3))));
    cs.push(slot(7, 10, None));
    let p = propose(&cs, &goals(&[1, 2], false, 0, false)).expect("feasible");
    assert_eq!((p.objective, p.unavoidable), (4, 4));
    assert_eq!(p.moves.iter().filter(|m| m.reason == Reason::ManagerLeaving).count(), 3);
    assert_eq!(p.moves.iter().filter(|m| m.reason == Reason::Unassigned).count(), 1);
    assert_eq!(p.loads, [(1, 4), (2, 4)]);
}

#[test]
fn a_joining_manager_gets_a_fair_share_with_few_moves() {
    let cs: Vec<_> = (0..9).map(|i| slot(i, 10 + i % 3, Some(1 + i % 2))).collect();
    let g = goals(&[1, 2, 9], true, 0, false);
    let p = propose(&cs, &g).expect("feasible");
    assert_eq!(p.objective, 3);
    assert_eq!(brute(&cs, &g), Some(3));
    check(&cs, &g, &p);
}

#[test]
fn pinned_customers_stay_even_when_costly() {
    let mut cs: Vec<_> = (0..4).map(|i| slot(i, 10, Some(1))).collect();
    cs[0].pinned = true;
    cs[1].pinned = true;
    let g = goals(&[1, 2], false, 0, false);
    let p = propose(&cs, &g).expect("feasible");
    assert_eq!(p.objective, 2);
    assert!(p.moves.iter().all(|m| m.customer_id >= 2));
}

#[test]
fn pinned_overload_is_reported_with_the_smallest_loosening() {
    let mut cs: Vec<_> = (0..4).map(|i| slot(i, 10, Some(1))).collect();
    cs.iter_mut().take(3).for_each(|c| c.pinned = true);
    let err = propose(&cs, &goals(&[1, 2], false, 0, false)).expect_err("infeasible");
    assert_eq!(err.reason, Infeasible::PinnedExceedsCapacity { manager_id: 1, pinned_load: 3, max: 2 });
    assert_eq!(err.reason.code(), "balance-infeasible-pinned-capacity");
    let nearest = err.nearest.expect("a nearest goal");
    assert_eq!(nearest.tolerance_percent, 1);
    assert!(propose(&cs, &nearest).is_ok());
}

#[test]
fn coverage_blocked_by_pins_suggests_dropping_coverage() {
    let mut cs = vec![slot(1, 10, Some(1)), slot(2, 10, Some(1)), slot(3, 20, Some(2)), slot(4, 20, Some(1))];
    cs[0].pinned = true;
    cs[1].pinned = true;
    let err = propose(&cs, &goals(&[1, 2], true, 0, false)).expect_err("infeasible");
    assert_eq!(err.reason, Infeasible::SegmentCoverageBlocked { segment_id: 10, movable: 0, needed: 1 });
    let nearest = err.nearest.expect("a nearest goal");
    assert!(!nearest.every_segment);
    assert!(propose(&cs, &nearest).is_ok());
}

#[test]
fn no_managers_and_pins_to_leavers_cannot_be_loosened() {
    let mut cs = vec![slot(1, 10, Some(5))];
    assert_eq!(propose(&cs, &goals(&[], false, 0, false)).map_err(|e| e.reason), Err(Infeasible::NoManagers));
    cs[0].pinned = true;
    let err = propose(&cs, &goals(&[1], false, 0, false)).expect_err("infeasible");
    assert_eq!(err.reason, Infeasible::PinnedToAbsentManager { customer_id: 1, manager_id: Some(5) });
    assert_eq!(err.nearest, None);
}

#[test]
fn weight_classes_find_the_integral_optimum() {
    // Weights 2, 2, 2 at manager 1: loads 3 and 3 would need half a customer.
    let mut cs: Vec<_> = (0..3).map(|i| CustomerSlot { weight: 2, ..slot(i, 10, Some(1)) }).collect();
    let g = goals(&[1, 2], false, 0, true);
    let err = propose(&cs, &g).expect_err("no integral split");
    assert!(matches!(err.reason, Infeasible::ToleranceTooTight { min_load: 3, max_load: 3, .. }), "{err:?}");
    assert_eq!(err.nearest.as_ref().map(|g| g.tolerance_percent), Some(1));
    // With weights 3 and 1 too, half of 10 is reachable: 2 + 3 or 2 + 2 + 1 move.
    cs.push(CustomerSlot { weight: 3, ..slot(3, 10, Some(1)) });
    cs.push(CustomerSlot { weight: 1, ..slot(4, 10, Some(1)) });
    let p = propose(&cs, &g).expect("feasible");
    assert_eq!((p.method, p.proven_optimal), (Method::MinCostFlowWeightClasses, true));
    assert_eq!(Some(p.objective), brute(&cs, &g));
    check(&cs, &g, &p);
}

#[test]
fn explicit_even_bounds_match_the_benchmark_model() {
    let cs: Vec<_> = (0..12).map(|i| slot(i, 10 + i % 3, Some(1 + i64::from(i < 9)))).collect();
    let bounds = Bounds::even(&cs, 3);
    assert_eq!(bounds.load, (4, 4));
    let p = propose_with_bounds(&cs, &[1, 2, 3], &bounds).expect("feasible");
    assert_eq!(p.objective, 5);
    let after = p.apply(&cs);
    for m in 1..=3 {
        for s in 10..13 {
            let k = after.iter().filter(|c| c.manager_id == Some(m) && c.segment_id == s).count();
            assert!((1..=2).contains(&k), "manager {m} segment {s}: {k}");
        }
    }
}

#[test]
fn even_bounds_match_brute_force_on_random_tiny_instances() {
    let mut rng = Rng(0xb0b);
    for _ in 0..1_500 {
        let (mut cs, g) = random_instance(&mut rng);
        cs.iter_mut().for_each(|c| c.pinned = false);
        let managers = distinct(&g.managers);
        let bounds = Bounds::even(&cs, managers.len());
        let best = brute_with(&cs, &managers, |to| {
            let count = |m: i64, s: Option<i64>| {
                cs.iter().zip(to).filter(|&(c, &d)| d == m && s.is_none_or(|s| s == c.segment_id)).count() as u64
            };
            let within = |x: u64, (lo, hi): (u64, u64)| lo <= x && x <= hi;
            let ok = managers.iter().all(|&m| {
                within(count(m, None), bounds.load)
                    && bounds.per_segment.iter().all(|(&s, &b)| within(count(m, Some(s)), b))
            });
            ok.then(|| cs.iter().zip(to).filter(|&(c, &d)| c.manager_id != Some(d)).count() as u64)
        });
        let got = propose_with_bounds(&cs, &managers, &bounds);
        assert_eq!(got.as_ref().ok().map(|p| p.objective), best, "{cs:?} {managers:?} {got:?}");
    }
}

fn random_instance(rng: &mut Rng) -> (Vec<CustomerSlot>, Goals) {
    let managers = [[1].as_slice(), &[1, 2], &[1, 2, 3], &[2, 3], &[3, 1, 3]][rng.below(5) as usize];
    let n = rng.below(8) as i64;
    let segments = 1 + rng.below(3);
    let customers = (0..n)
        .map(|i| {
            // Manager 4 is leaving; None is unassigned.
            let mut manager_id = [None, Some(1), Some(2), Some(3), Some(4), Some(1)][rng.below(6) as usize];
            let pinned = rng.below(4) == 0;
            if pinned && rng.below(12) != 0 {
                manager_id = Some(managers[rng.below(managers.len() as u64) as usize]);
            }
            let segment_id = rng.below(segments) as i64;
            CustomerSlot {
                customer_id: 100 + i,
                segment_id,
                manager_id,
                deputy_id: None,
                weight: 1 + rng.below(4) as u32,
                pinned,
            }
        })
        .collect();
    let tolerance = [0, 0, 10, 25, 50, 100][rng.below(6) as usize];
    (customers, goals(managers, rng.below(2) == 0, tolerance, rng.below(3) == 0))
}

#[test]
fn matches_brute_force_on_random_tiny_instances() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let (mut feasible, mut infeasible) = (0, 0);
    for _ in 0..4_000 {
        let (cs, g) = random_instance(&mut rng);
        match (brute(&cs, &g), propose(&cs, &g)) {
            (Some(best), Ok(p)) => {
                feasible += 1;
                assert_eq!(p.objective, best, "{cs:?} {g:?} {p:?}");
                assert!(p.proven_optimal);
                check(&cs, &g, &p);
                // Applied, the proposal is balanced: nothing more moves.
                let again = propose(&p.apply(&cs), &g).expect("still feasible");
                assert!(again.moves.is_empty(), "{again:?}");
            }
            (None, Err(r)) => {
                infeasible += 1;
                check_rejection(&cs, &g, &r);
            }
            (best, got) => panic!("brute force {best:?}, solver {got:?} on {cs:?} {g:?}"),
        }
    }
    assert!(feasible > 1_000 && infeasible > 200, "{feasible} feasible, {infeasible} infeasible");
}

/// The reason names a constraint that loosening fixes, and the nearest goals
/// are feasible and minimal.
fn check_rejection(cs: &[CustomerSlot], g: &Goals, r: &Rejection) {
    let loose = |every_segment: bool, t: u32| Goals { every_segment, tolerance_percent: t, ..g.clone() };
    match &r.reason {
        Infeasible::NoManagers => assert!(distinct(&g.managers).is_empty()),
        Infeasible::PinnedToAbsentManager { customer_id, manager_id } => {
            let c = cs.iter().find(|c| c.customer_id == *customer_id).expect("the customer");
            assert!(c.pinned && c.manager_id == *manager_id);
            assert!(manager_id.is_none_or(|m| !g.managers.contains(&m)));
        }
        Infeasible::SegmentCoverageBlocked { .. } => {
            assert!(brute(cs, &loose(true, 10_000)).is_none());
            assert!(brute(cs, &loose(false, 10_000)).is_some());
        }
        Infeasible::CoverageConflictsWithWorkload { .. } => {
            assert!(brute(cs, &loose(false, g.tolerance_percent)).is_some())
        }
        Infeasible::PinnedExceedsCapacity { .. } | Infeasible::ToleranceTooTight { .. } => {
            assert!(brute(cs, &loose(g.every_segment, 10_000)).is_some());
        }
        other => panic!("unexpected {other:?}"),
    }
    match &r.nearest {
        Some(near) => {
            assert!(brute(cs, near).is_some(), "{near:?} infeasible");
            assert!(near.tolerance_percent >= g.tolerance_percent);
            if near.tolerance_percent > g.tolerance_percent {
                assert!(brute(cs, &loose(near.every_segment, near.tolerance_percent - 1)).is_none());
            }
            if !near.every_segment && g.every_segment {
                assert!(brute(cs, &loose(true, 10_000)).is_none());
            }
        }
        None => assert!(matches!(r.reason, Infeasible::NoManagers | Infeasible::PinnedToAbsentManager { .. })),
    }
}

/// A skewed portfolio: `n` customers over `segments` segments of uneven
/// size, held by managers 1..=`held_by` with a few heavy ones, some
/// unassigned, some pinned, weights 1..=5.
fn portfolio(rng: &mut Rng, n: i64, held_by: i64, segments: u64) -> Vec<CustomerSlot> {
    (0..n)
        .map(|i| {
            let segment_id = (rng.below(segments * segments) as f64).sqrt() as i64;
            let heavy = rng.below(3) == 0;
            let manager = if heavy { 1 + rng.below(2) as i64 } else { 1 + rng.below(held_by as u64) as i64 };
            let manager_id = (rng.below(50) != 0).then_some(manager);
            let pinned = manager_id.is_some() && manager != held_by && rng.below(100) == 0;
            CustomerSlot {
                customer_id: i,
                segment_id,
                manager_id,
                deputy_id: None,
                weight: 1 + rng.below(5) as u32,
                pinned,
            }
        })
        .collect()
}

#[test]
#[ignore = "timing; run with --release -- --ignored --nocapture"]
fn performance_10k_customers() {
    use std::time::Instant;
    let mut rng = Rng(42);
    // Managers 1..=9 hold customers now; 9 leaves.
    let cs = portfolio(&mut rng, 10_000, 9, 6);
    let managers: Vec<i64> = (1..=8).collect();
    let mut wide = cs.clone();
    wide.iter_mut().for_each(|c| c.weight = 1 + rng.below(100) as u32);
    for (label, cs, by_weight) in
        [("count", &cs, false), ("weights 1..=5", &cs, true), ("weights 1..=100", &wide, true)]
    {
        let g = goals(&managers, true, 10, by_weight);
        let t = Instant::now();
        let p = propose(cs, &g).expect("feasible");
        let took = t.elapsed();
        check(cs, &g, &p);
        println!(
            "10,000 x 8 x 6, {label}: {took:?}, {:?}, proven_optimal={}, objective={} (lower bound {}, unavoidable {}), band={:?}",
            p.method, p.proven_optimal, p.objective, p.lower_bound, p.unavoidable, p.load_band
        );
        assert!(took.as_millis() < 1_000);
        let after = p.apply(cs);
        let t = Instant::now();
        let d = propose_deputies(&after, &managers);
        let took = t.elapsed();
        println!(
            "  deputies: {took:?}, {} changes, band {:?}, widened by {}, unfamiliar {}",
            d.changes.len(),
            d.band,
            d.widened_by,
            d.unfamiliar
        );
        assert!(took.as_millis() < 1_000);
    }
    for (n, m, s) in [(1_000, 20, 5), (10_000, 100, 8)] {
        let cs = portfolio(&mut rng, n, m, s);
        let managers: Vec<i64> = (1..=m).collect();
        let t = Instant::now();
        let p = propose_with_bounds(&cs, &managers, &Bounds::even(&cs, managers.len())).expect("feasible");
        println!("benchmark bounds {n} x {m} x {s}: {:?}, objective={}", t.elapsed(), p.objective);
        let t = Instant::now();
        let p = propose(&cs, &goals(&managers, true, 0, false)).expect("feasible");
        println!("  propose (every segment, tolerance 0): {:?}, objective={}", t.elapsed(), p.objective);
        let t = Instant::now();
        let d = propose_deputies(&p.apply(&cs), &managers);
        println!("  deputies: {:?}, {} changes, widened by {}", t.elapsed(), d.changes.len(), d.widened_by);
    }
}

#[test]
fn weighted_proposals_meet_their_goals_on_mid_sized_instances() {
    let mut rng = Rng(0x5eed);
    for round in 0..16u64 {
        let n = 30 + rng.below(150) as i64;
        let mut cs = portfolio(&mut rng, n, 5, 4);
        let weights: &[u32] = [&[1, 2, 3, 5][..], &[2, 3], &[1, 1, 4, 9], &[3, 4, 5]][(round % 4) as usize];
        cs.iter_mut().for_each(|c| c.weight = weights[rng.below(weights.len() as u64) as usize]);
        let g = goals(&[1, 2, 3, 4], round % 2 == 0, [0, 5, 20][(round % 3) as usize], true);
        match propose(&cs, &g) {
            Ok(p) => check(&cs, &g, &p),
            Err(r) => {
                assert!(!matches!(r.reason, Infeasible::Undecided { .. }), "{r:?}");
                if let Some(near) = &r.nearest {
                    check(&cs, near, &propose(&cs, near).expect("the nearest goals are feasible"));
                }
            }
        }
    }
}
