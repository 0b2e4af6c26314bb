//! `kumppani assign --instance IN.json --out OUT.json`: the optimizer on a
//! benchmark instance, with no database. The formats are those of the
//! HiGHS reference model (`bench/assign_ilp.py` in the shared benchmark
//! folder), so both can be run on the same instance and compared:
//!
//! - in: `{"n_managers": M, "customers": [{"id": 0, "segment": 3, "current_manager": 17}, …]}`
//!   (other fields are ignored; managers are `0..M`);
//! - out: `{"objective": moved, "assignment": [manager of customer 0, 1, …]}`,
//!   customers in the order of the input.
//!
//! The bounds are the model's: every manager holds the floor or ceiling of
//! each segment's size ÷ managers, and of all customers ÷ managers.

use anyhow::{Context, Result, bail};
use kumppani_domain::balance::{Bounds, CustomerSlot, Proposal, propose_with_bounds};
use serde::{Deserialize, Serialize};
use std::path::Path;
use std::time::Instant;

#[derive(Debug, Deserialize)]
pub struct Instance {
    pub n_managers: usize,
    pub customers: Vec<InstanceCustomer>,
}

#[derive(Debug, Deserialize)]
pub struct InstanceCustomer {
    pub segment: i64,
    /// None, or a number outside `0..n_managers`: the customer must move.
    #[serde(default)]
    pub current_manager: Option<i64>,
}

#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct Solution {
    pub objective: u64,
    pub assignment: Vec<i64>,
}

/// Solves an instance exactly: the domain's min-cost flow under the
/// model's bounds. Customers are numbered by their position.
pub fn solve(instance: &Instance) -> Result<(Solution, Proposal)> {
    if instance.n_managers == 0 {
        bail!("the instance has no managers");
    }
    let slots: Vec<CustomerSlot> = instance
        .customers
        .iter()
        .enumerate()
        .map(|(i, c)| CustomerSlot {
            customer_id: i as i64,
            segment_id: c.segment,
            manager_id: c.current_manager,
            deputy_id: None,
            weight: 1,
            pinned: false,
        })
        .collect();
    let managers: Vec<i64> = (0..instance.n_managers as i64).collect();
    let bounds = Bounds::even(&slots, managers.len());
    let proposal = propose_with_bounds(&slots, &managers, &bounds)
        .map_err(|e| anyhow::anyhow!("no assignment meets the bounds: {e}"))?;
    let assignment = proposal
        .apply(&slots)
        .iter()
        .map(|c| c.manager_id.context("a customer was left without a manager"))
        .collect::<Result<Vec<i64>>>()?;
    Ok((Solution { objective: proposal.objective, assignment }, proposal))
}

/// Reads the instance, solves it, writes the solution, and tells on
/// standard error how long each step took.
pub fn run(input: &Path, output: &Path) -> Result<()> {
    let started = Instant::now();
    let text = std::fs::read_to_string(input).with_context(|| format!("reading {}", input.display()))?;
    let instance: Instance =
        serde_json::from_str(&text).with_context(|| format!("{} is not an instance", input.display()))?;
    let read = started.elapsed();
    let solving = Instant::now();
    let (solution, proposal) = solve(&instance)?;
    let solved = solving.elapsed();
    let writing = Instant::now();
    let json = serde_json::to_string(&solution)?;
    std::fs::write(output, json).with_context(|| format!("writing {}", output.display()))?;
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1e3;
    eprintln!(
        "{} customers, {} managers: solved in {:.3} ms (read {:.3} ms, write {:.3} ms); \
         objective {} moved, method {:?}, proven optimal: {}",
        instance.customers.len(),
        instance.n_managers,
        ms(solved),
        ms(read),
        ms(writing.elapsed()),
        solution.objective,
        proposal.method,
        proposal.proven_optimal
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_small_instance_moves_the_fewest() {
        // Two managers, six customers all with manager 0: three must move,
        // one of each segment that manager 0 has two of.
        let json = r#"{"n_managers": 2, "customers": [
            {"id": 0, "segment": 0, "current_manager": 0}, {"id": 1, "segment": 0, "current_manager": 0},
            {"id": 2, "segment": 1, "current_manager": 0}, {"id": 3, "segment": 1, "current_manager": 0},
            {"id": 4, "segment": 2, "current_manager": 0}, {"id": 5, "segment": 2, "current_manager": 0}]}"#;
        let instance: Instance = serde_json::from_str(json).expect("an instance");
        let (solution, proposal) = solve(&instance).expect("feasible");
        assert_eq!(solution.objective, 3);
        assert!(proposal.proven_optimal);
        for segment in 0..3 {
            let at1 = (0..6).filter(|&i| i / 2 == segment && solution.assignment[i] == 1).count();
            assert_eq!(at1, 1, "segment {segment}");
        }
    }

    #[test]
    fn an_instance_without_managers_is_refused() {
        let instance = Instance { n_managers: 0, customers: vec![] };
        assert!(solve(&instance).is_err());
    }
}
