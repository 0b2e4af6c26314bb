//! Property tests of the optimizer (proptest): whatever the portfolio and
//! the goals, a proposal meets every bound it claims, never moves a pinned
//! customer, and on instances small enough to enumerate, no assignment
//! meeting the goals moves less. Failing cases shrink to a minimal one.

use super::tests::{brute, brute_with, check, meets};
use super::*;
use proptest::prelude::*;
use proptest::sample::{select, subsequence};

/// Managers 1..=3 may hold customers now; 4 is leaving; None is unassigned.
fn customers(max: usize, segments: i64, weights: u32) -> impl Strategy<Value = Vec<CustomerSlot>> {
    let one = (0..segments, prop_oneof![Just(None), (1i64..=4).prop_map(Some)], 1..=weights, prop::bool::weighted(0.2));
    prop::collection::vec(one, 0..=max).prop_map(|cs| {
        cs.into_iter()
            .enumerate()
            .map(|(i, (segment_id, manager_id, weight, pinned))| CustomerSlot {
                customer_id: 100 + i as i64,
                segment_id,
                manager_id,
                deputy_id: None,
                weight,
                pinned,
            })
            .collect()
    })
}

fn goals(max_managers: usize) -> impl Strategy<Value = Goals> {
    (
        subsequence(vec![1i64, 2, 3, 5], 1..=max_managers),
        any::<bool>(),
        select(vec![0u32, 0, 5, 10, 25, 50, 100]),
        any::<bool>(),
    )
        .prop_map(|(managers, every_segment, tolerance_percent, by_weight)| Goals {
            managers,
            every_segment,
            tolerance_percent,
            by_weight,
        })
}

/// Every claim of a proposal, recomputed from the assignment it makes.
fn claims_hold(cs: &[CustomerSlot], g: &Goals, p: &Proposal) -> Result<(), TestCaseError> {
    let after = p.apply(cs);
    for (before, now) in cs.iter().zip(&after) {
        let moved = p.moves.iter().any(|m| m.customer_id == before.customer_id);
        prop_assert!(!(before.pinned && moved), "pinned customer {} moves", before.customer_id);
        prop_assert!(!before.pinned || now.manager_id == before.manager_id);
        prop_assert!(now.manager_id.is_some_and(|m| g.managers.contains(&m)), "{now:?} has no manager of the goals");
    }
    let weight = |c: &CustomerSlot| if g.by_weight { u64::from(c.weight.max(1)) } else { 1 };
    let total: u64 = cs.iter().map(weight).sum();
    let managers = distinct(&g.managers);
    prop_assert_eq!(p.load_band, load_band(total, managers.len() as u64, g.tolerance_percent));
    prop_assert_eq!(p.loads.len(), managers.len());
    for &(m, load) in &p.loads {
        let held: u64 = after.iter().filter(|c| c.manager_id == Some(m)).map(weight).sum();
        prop_assert_eq!(load, held, "manager {}", m);
        prop_assert!(p.load_band.0 <= load && load <= p.load_band.1, "manager {m}: {load} outside {:?}", p.load_band);
    }
    if g.every_segment {
        for s in cs.iter().map(|c| c.segment_id).collect::<BTreeSet<_>>() {
            if cs.iter().filter(|c| c.segment_id == s).count() >= managers.len() {
                for &m in &managers {
                    prop_assert!(after.iter().any(|c| c.segment_id == s && c.manager_id == Some(m)), "{m} lacks {s}");
                }
            }
        }
    }
    let moved: u64 = cs.iter().zip(&after).filter(|(b, a)| b.manager_id != a.manager_id).map(|(b, _)| weight(b)).sum();
    prop_assert_eq!(p.objective, moved);
    prop_assert_eq!(p.moves.len(), cs.iter().zip(&after).filter(|(b, a)| b.manager_id != a.manager_id).count());
    prop_assert!(p.unavoidable <= p.objective && p.lower_bound <= p.objective);
    prop_assert!(!p.proven_optimal || p.lower_bound == p.objective);
    Ok(())
}

use std::collections::BTreeSet;

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// Mid-sized portfolios, counting or weighted: every claim holds.
    #[test]
    fn proposals_meet_every_bound_they_claim(cs in customers(60, 5, 5), g in goals(4)) {
        if let Ok(p) = propose(&cs, &g) {
            claims_hold(&cs, &g, &p)?;
            check(&cs, &g, &p);
        }
    }

    /// Small enough to try every assignment: the proposal moves the least,
    /// and there is a proposal exactly when some assignment meets the goals.
    #[test]
    fn no_assignment_moves_less(cs in customers(7, 3, 4), g in goals(3)) {
        let best = brute(&cs, &g);
        match propose(&cs, &g) {
            Ok(p) => {
                claims_hold(&cs, &g, &p)?;
                prop_assert_eq!(Some(p.objective), best, "{:?}", p);
                prop_assert!(p.proven_optimal);
            }
            Err(r) => prop_assert_eq!(best, None, "rejected with {:?}", r),
        }
    }

    /// The benchmark model's explicit bounds: per manager and per manager ×
    /// segment, with pins; the fewest moves, checked by enumeration.
    #[test]
    fn explicit_bounds_hold_and_are_optimal(cs in customers(7, 3, 1), m in 1usize..=3) {
        let managers: Vec<i64> = (1..=m as i64).collect();
        let bounds = Bounds::even(&cs, m);
        let within = |x: u64, (lo, hi): (u64, u64)| lo <= x && x <= hi;
        let meets_bounds = |to: &[i64]| {
            let count = |m: i64, s: Option<i64>| {
                cs.iter().zip(to).filter(|&(c, &d)| d == m && s.is_none_or(|s| s == c.segment_id)).count() as u64
            };
            let pins = cs.iter().zip(to).all(|(c, &d)| !c.pinned || c.manager_id == Some(d));
            pins && managers.iter().all(|&m| {
                within(count(m, None), bounds.load)
                    && bounds.per_segment.iter().all(|(&s, &b)| within(count(m, Some(s)), b))
            })
        };
        let best = brute_with(&cs, &managers, |to| {
            meets_bounds(to).then(|| cs.iter().zip(to).filter(|&(c, &d)| c.manager_id != Some(d)).count() as u64)
        });
        match propose_with_bounds(&cs, &managers, &bounds) {
            Ok(p) => {
                let to: Vec<i64> = p.apply(&cs).iter().map(|c| c.manager_id.unwrap_or(-1)).collect();
                prop_assert!(meets_bounds(&to), "{:?} breaks {:?}", to, bounds);
                prop_assert!(p.moves.iter().all(|mv| cs.iter().any(|c| c.customer_id == mv.customer_id && !c.pinned)));
                prop_assert_eq!(Some(p.objective), best);
            }
            Err(e) => prop_assert_eq!(best, None, "rejected with {:?}", e),
        }
    }

    /// A proposal applied is balanced: asked again, nothing moves.
    #[test]
    fn an_applied_proposal_is_stable(cs in customers(40, 4, 3), g in goals(4)) {
        if let Ok(p) = propose(&cs, &g) {
            let again = propose(&p.apply(&cs), &g);
            prop_assert!(again.as_ref().is_ok_and(|a| a.moves.is_empty()), "{:?}", again);
            let after = p.apply(&cs);
            let to: Vec<i64> = after.iter().map(|c| c.manager_id.unwrap_or(-1)).collect();
            prop_assert!(meets(&cs, &g, &to));
        }
    }
}
