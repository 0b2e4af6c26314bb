//! Rebalance proposals: the unit head's request turned into the domain's
//! goals, solved exactly, and told back with names.

use kumppani_domain::Invalid;
use kumppani_domain::balance::{
    self as domain, CustomerSlot, DeputyReason, Goals, Infeasible, Method, Reason, Rejection,
};
use kumppani_store::Db;
use kumppani_store::balance::{self as store, Holding, Person};
use kumppani_store::catalog::{self, Kind};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::AppError;
use crate::policy::Permit;
use crate::policy::cap::EditCustomers;

/// The widest tolerance one may ask for, in per cent.
const MAX_TOLERANCE: u32 = 1_000;

/// The tolerance asked for when none is given, in per cent.
pub const DEFAULT_TOLERANCE: u32 = 20;

fn yes() -> bool {
    true
}

fn default_tolerance() -> u32 {
    DEFAULT_TOLERANCE
}

/// What the unit head asks of a rebalance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Request {
    /// Every manager holds at least one customer of every segment that has
    /// at least as many customers as there are managers.
    #[serde(default = "yes")]
    pub every_segment: bool,
    /// Workloads within fair share ± this percentage (0–1000; default 20).
    #[serde(default = "default_tolerance")]
    pub tolerance_percent: u32,
    /// Workload is the sum of the customers' workload weights rather than
    /// their number; the objective is then the weight moved.
    #[serde(default)]
    pub by_weight: bool,
    /// Customers (ids) that keep their manager.
    #[serde(default)]
    pub pinned: Vec<i64>,
    /// Managers (user ids) who hold no customers afterwards.
    #[serde(default)]
    pub leaving: Vec<i64>,
    /// People (user ids) who start holding customers.
    #[serde(default)]
    pub joining: Vec<i64>,
    /// Also propose a deputy for every customer.
    #[serde(default)]
    pub deputies: bool,
}

impl Default for Request {
    fn default() -> Self {
        Request {
            every_segment: true,
            tolerance_percent: DEFAULT_TOLERANCE,
            by_weight: false,
            pinned: Vec::new(),
            leaving: Vec::new(),
            joining: Vec::new(),
            deputies: false,
        }
    }
}

/// A customer changing manager, with names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct PlannedMove {
    pub customer_id: i64,
    pub customer_name: String,
    /// The customer's version the proposal is based on.
    pub version: i64,
    pub segment_name: String,
    pub from: Option<i64>,
    pub from_name: Option<String>,
    pub to: i64,
    pub to_name: String,
    #[schema(value_type = String)]
    pub reason: Reason,
    /// The new manager is the customer's deputy now, and no new deputy is
    /// proposed: applying leaves the customer without a deputy.
    pub clears_deputy: bool,
}

/// A customer getting a new deputy, with names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct PlannedDeputy {
    pub customer_id: i64,
    pub customer_name: String,
    pub version: i64,
    pub from: Option<i64>,
    pub from_name: Option<String>,
    pub to: i64,
    pub to_name: String,
    #[schema(value_type = String)]
    pub reason: DeputyReason,
}

/// A manager's workload (customers held, their workload weights, customers
/// deputised) before and after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Load {
    pub manager_id: i64,
    pub name: String,
    pub before: u64,
    pub after: u64,
    /// The sum of the workload weights of the customers held.
    pub weight_before: u64,
    pub weight_after: u64,
    pub deputy_before: u64,
    pub deputy_after: u64,
    /// Among the managers afterwards (false for those leaving).
    pub stays: bool,
}

/// A proposal, ready to show and to apply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Plan {
    pub request: Request,
    /// The managers who hold customers afterwards.
    pub managers: Vec<i64>,
    #[schema(value_type = String)]
    pub method: Method,
    /// No assignment meeting the goals moves fewer customers.
    pub proven_optimal: bool,
    /// Customers moved (weight moved, by weight).
    pub objective: u64,
    pub lower_bound: u64,
    /// The part of the objective that had to move anyway (leaving managers, unassigned customers).
    pub unavoidable: u64,
    /// The workload band every manager is held to, inclusive.
    pub load_min: u64,
    pub load_max: u64,
    pub moves: Vec<PlannedMove>,
    pub deputy_changes: Vec<PlannedDeputy>,
    /// Customers nobody can deputise for (their manager is the only one).
    pub without_candidate: Vec<i64>,
    pub loads: Vec<Load>,
}

/// Why no proposal meets the goals, and the nearest goals that have one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Refusal {
    /// The constraint that fails, as the optimizer says it (ids).
    #[schema(value_type = Object)]
    pub reason: Infeasible,
    /// The message id for the reason.
    pub code: String,
    /// The message's arguments, people and segments by name.
    pub args: BTreeMap<String, String>,
    /// The least loosening of the request that has a proposal; none when
    /// only unpinning customers or adding managers helps.
    pub nearest: Option<Request>,
}

/// A proposal, or why there is none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Proposed(Plan),
    Infeasible(Refusal),
}

/// What the optimizer's ids stand for.
struct Names {
    customers: HashMap<i64, (String, i64, i64)>,
    people: HashMap<i64, String>,
    segments: HashMap<i64, String>,
}

impl Names {
    fn person(&self, id: i64) -> String {
        self.people.get(&id).cloned().unwrap_or_else(|| id.to_string())
    }

    fn segment(&self, id: i64) -> String {
        self.segments.get(&id).cloned().unwrap_or_else(|| id.to_string())
    }

    fn customer(&self, id: i64) -> (String, i64, i64) {
        self.customers.get(&id).cloned().unwrap_or_else(|| (id.to_string(), 0, 0))
    }
}

/// Checks the request against the data and builds the domain's goals.
fn goals(req: &Request, holdings: &[Holding], people: &[Person]) -> Result<Goals, Invalid> {
    let mut errors = Invalid::default();
    if req.tolerance_percent > MAX_TOLERANCE {
        errors.push("tolerance_percent", "balance-error-tolerance");
    }
    let known: BTreeSet<i64> = holdings.iter().map(|h| h.id).collect();
    if req.pinned.iter().any(|id| !known.contains(id)) {
        errors.push("pinned", "balance-error-unknown-customer");
    }
    let person = |id: &i64| people.iter().find(|p| p.id == *id);
    if req.leaving.iter().any(|id| person(id).is_none()) {
        errors.push("leaving", "error-not-found");
    }
    for id in &req.joining {
        match person(id) {
            Some(p) if p.active && p.role.can_hold_customers() => {}
            Some(_) => errors.push("joining", "error-not-a-manager"),
            None => errors.push("joining", "error-not-found"),
        }
    }
    if req.joining.iter().any(|id| req.leaving.contains(id)) {
        errors.push("joining", "balance-error-joining-and-leaving");
    }
    errors.into_result()?;
    let mut managers: Vec<i64> =
        super::current_managers(people).into_iter().filter(|id| !req.leaving.contains(id)).collect();
    managers.extend(req.joining.iter().filter(|id| !managers.contains(id)).copied().collect::<Vec<_>>());
    Ok(Goals {
        managers,
        every_segment: req.every_segment,
        tolerance_percent: req.tolerance_percent,
        by_weight: req.by_weight,
    })
}

/// Proposes the rebalance that meets the request while moving the fewest
/// customers (see `kumppani_domain::balance::propose`).
pub async fn propose(db: &Db, _: &Permit<EditCustomers>, req: &Request) -> Result<Outcome, AppError> {
    let holdings = store::holdings(db).await?;
    let people = store::people(db).await?;
    let goals = goals(req, &holdings, &people)?;
    let segments = catalog::list(db, Kind::Segment).await?;
    let names = Names {
        customers: holdings.iter().map(|h| (h.id, (h.name.clone(), h.version, h.segment_id))).collect(),
        people: people.iter().map(|p| (p.id, p.display_name.clone())).collect(),
        segments: segments.iter().map(|s| (s.id, s.name.clone())).collect(),
    };
    let pinned: BTreeSet<i64> = req.pinned.iter().copied().collect();
    let slots: Vec<CustomerSlot> =
        holdings.iter().map(|h| CustomerSlot { pinned: pinned.contains(&h.id), ..h.slot() }).collect();
    match domain::propose(&slots, &goals) {
        Ok(p) => Ok(Outcome::Proposed(plan(req, &goals, &slots, &p, &names, &people))),
        Err(rejection) => Ok(Outcome::Infeasible(refusal(req, rejection, &names))),
    }
}

fn plan(
    req: &Request,
    goals: &Goals,
    slots: &[CustomerSlot],
    p: &domain::Proposal,
    names: &Names,
    people: &[Person],
) -> Plan {
    let after = p.apply(slots);
    let deputies = req.deputies.then(|| domain::propose_deputies(&after, &goals.managers));
    let deputy_to: BTreeMap<i64, i64> =
        deputies.iter().flat_map(|d| d.changes.iter().map(|c| (c.customer_id, c.to))).collect();
    let deputy_of: HashMap<i64, Option<i64>> = slots.iter().map(|s| (s.customer_id, s.deputy_id)).collect();
    let moves = p
        .moves
        .iter()
        .map(|m| {
            let (customer_name, version, segment) = names.customer(m.customer_id);
            PlannedMove {
                customer_id: m.customer_id,
                customer_name,
                version,
                segment_name: names.segment(segment),
                from: m.from,
                from_name: m.from.map(|id| names.person(id)),
                to: m.to,
                to_name: names.person(m.to),
                reason: m.reason,
                clears_deputy: deputy_of.get(&m.customer_id).copied().flatten() == Some(m.to)
                    && !deputy_to.contains_key(&m.customer_id),
            }
        })
        .collect();
    let deputy_changes = deputies
        .iter()
        .flat_map(|d| d.changes.iter())
        .map(|c| {
            let (customer_name, version, _) = names.customer(c.customer_id);
            PlannedDeputy {
                customer_id: c.customer_id,
                customer_name,
                version,
                from: c.from,
                from_name: c.from.map(|id| names.person(id)),
                to: c.to,
                to_name: names.person(c.to),
                reason: c.reason,
            }
        })
        .collect();
    let with_deputies = deputies.as_ref().map_or_else(|| after.clone(), |d| d.apply(&after));
    Plan {
        request: req.clone(),
        managers: goals.managers.clone(),
        method: p.method,
        proven_optimal: p.proven_optimal,
        objective: p.objective,
        lower_bound: p.lower_bound,
        unavoidable: p.unavoidable,
        load_min: p.load_band.0,
        load_max: p.load_band.1,
        moves,
        deputy_changes,
        without_candidate: deputies.map(|d| d.without_candidate).unwrap_or_default(),
        loads: loads(slots, &with_deputies, &goals.managers, people),
    }
}

/// Customers held and deputised per person, before and after: the
/// managers afterwards in the goals' order, then those leaving.
fn loads(before: &[CustomerSlot], after: &[CustomerSlot], managers: &[i64], people: &[Person]) -> Vec<Load> {
    let sum = |slots: &[CustomerSlot], deputy: bool, weighed: bool| {
        let mut n: HashMap<i64, u64> = HashMap::new();
        for s in slots {
            if let Some(id) = if deputy { s.deputy_id } else { s.manager_id } {
                *n.entry(id).or_default() += if weighed { u64::from(s.weight.max(1)) } else { 1 };
            }
        }
        n
    };
    let (held, held_after) = (sum(before, false, false), sum(after, false, false));
    let (weight, weight_after) = (sum(before, false, true), sum(after, false, true));
    let (dep, dep_after) = (sum(before, true, false), sum(after, true, false));
    let mut ids: Vec<i64> = managers.to_vec();
    let mut leaving: Vec<i64> = held.keys().filter(|id| !managers.contains(id)).copied().collect();
    leaving.sort_unstable();
    ids.extend(leaving);
    let get = |m: &HashMap<i64, u64>, id: i64| m.get(&id).copied().unwrap_or(0);
    ids.into_iter()
        .map(|id| Load {
            manager_id: id,
            name: people.iter().find(|p| p.id == id).map_or_else(|| id.to_string(), |p| p.display_name.clone()),
            before: get(&held, id),
            after: get(&held_after, id),
            weight_before: get(&weight, id),
            weight_after: get(&weight_after, id),
            deputy_before: get(&dep, id),
            deputy_after: get(&dep_after, id),
            stays: managers.contains(&id),
        })
        .collect()
}

fn refusal(req: &Request, rejection: Rejection, names: &Names) -> Refusal {
    let mut args: BTreeMap<String, String> = rejection
        .reason
        .args()
        .into_iter()
        .map(|(k, v)| {
            let text = match k {
                "customer" => names.customer(v).0,
                "manager" => names.person(v),
                "segment" => names.segment(v),
                _ => v.to_string(),
            };
            (k.to_owned(), text)
        })
        .collect();
    if matches!(rejection.reason, Infeasible::PinnedToAbsentManager { .. }) {
        // The message always names the manager; "–" when there is none.
        args.entry("manager".to_owned()).or_insert_with(|| "–".to_owned());
    }
    let nearest = rejection.nearest.map(|g| Request {
        every_segment: g.every_segment,
        tolerance_percent: g.tolerance_percent,
        by_weight: g.by_weight,
        ..req.clone()
    });
    Refusal { code: rejection.reason.code().to_owned(), reason: rejection.reason, args, nearest }
}
