//! Applying a rebalance: every change in one transaction, one audit row per
//! changed customer, nothing at all when any customer changed since the
//! proposal.

use kumppani_domain::{Invalid, diff};
use kumppani_store::audit::{Action, Target};
use kumppani_store::balance::{self as store, Assignment};
use kumppani_store::customers::{self, Customer};
use kumppani_store::{Db, StoreError, Tx, users};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

use crate::policy::cap::EditCustomers;
use crate::policy::{Permit, deny};
use crate::{AppError, audit_change};

/// One change: customer `customer_id` gets `to`, based on its `version`.
/// A proposal's moves and deputy changes can be sent back as they are.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ApplyChange {
    pub customer_id: i64,
    /// The user id of the new manager (in `moves`) or deputy (in `deputy_changes`).
    pub to: i64,
    /// The customer's version the change is based on.
    pub version: i64,
}

/// The changes to apply, as proposed (and perhaps adjusted).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ApplyRequest {
    #[serde(default)]
    pub moves: Vec<ApplyChange>,
    #[serde(default)]
    pub deputy_changes: Vec<ApplyChange>,
}

/// What applying changed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Applied {
    /// Customers whose manager or deputy changed (one audit row each).
    pub changed: Vec<i64>,
    /// Customers left without a deputy because their deputy became their manager.
    pub deputies_cleared: Vec<i64>,
}

/// One customer's part of the request.
#[derive(Debug, Default)]
struct Wanted {
    version: i64,
    manager: Option<i64>,
    deputy: Option<i64>,
}

/// Merges moves and deputy changes per customer; a customer named twice in
/// one list, or with two versions, makes the request invalid.
fn merge(req: &ApplyRequest) -> Result<BTreeMap<i64, Wanted>, Invalid> {
    let mut errors = Invalid::default();
    let mut wanted: BTreeMap<i64, Wanted> = BTreeMap::new();
    for (field, list) in [("moves", &req.moves), ("deputy_changes", &req.deputy_changes)] {
        for c in list {
            let w = wanted.entry(c.customer_id).or_insert_with(|| Wanted { version: c.version, ..Wanted::default() });
            let slot = if field == "moves" { &mut w.manager } else { &mut w.deputy };
            if slot.replace(c.to).is_some() || w.version != c.version {
                errors.push(field, "balance-error-duplicate");
            }
        }
    }
    errors.into_result()?;
    Ok(wanted)
}

/// Checks that every new manager and deputy may hold customers; returns their names.
async fn people(tx: &mut Tx, wanted: &BTreeMap<i64, Wanted>) -> Result<HashMap<i64, String>, AppError> {
    let mut names = HashMap::new();
    let mut errors = Invalid::default();
    for (field, id) in wanted.values().flat_map(|w| [("moves", w.manager), ("deputy_changes", w.deputy)]) {
        let Some(id) = id else { continue };
        if names.contains_key(&id) {
            continue;
        }
        match users::get_in(tx, id).await {
            Ok(u) if u.active && u.role.can_hold_customers() => {
                names.insert(id, u.display_name);
            }
            Ok(_) => errors.push(field, "error-not-a-manager"),
            Err(StoreError::NotFound) => errors.push(field, "error-not-found"),
            Err(e) => return Err(e.into()),
        }
    }
    errors.into_result()?;
    Ok(names)
}

fn target(id: i64) -> Target<'static> {
    Target { entity: "customer", entity_id: Some(id), subject: Some(("customer", id)) }
}

/// Applies moves and deputy changes in one transaction with one audit row
/// per changed customer (manager and deputy, old → new, by name). Only the
/// unit head and administrators may; a customer whose version moved since
/// the proposal answers Conflict and nothing is applied.
pub async fn apply(db: &Db, permit: &Permit<EditCustomers>, req: &ApplyRequest) -> Result<Applied, AppError> {
    let actor = permit.actor();
    if !permit.may_assign() {
        return Err(deny(db, actor, "balance", None, AppError::Forbidden).await);
    }
    let wanted = merge(req)?;
    let mut tx = db.begin().await?;
    let names = people(&mut tx, &wanted).await?;
    let mut applied = Applied::default();
    let mut assignments = Vec::new();
    let mut audits: Vec<(Customer, Customer)> = Vec::new();
    for (&id, w) in &wanted {
        let before = customers::get_in(&mut tx, id).await?;
        if before.version != w.version {
            return Err(AppError::Conflict { current: before.version });
        }
        let manager = w.manager.or(before.manager_id);
        let mut deputy = w.deputy.or(before.deputy_id);
        if deputy.is_some() && deputy == manager {
            deputy = None;
            applied.deputies_cleared.push(id);
        }
        if (manager, deputy) == (before.manager_id, before.deputy_id) {
            continue;
        }
        let name = |new: Option<i64>, old: Option<i64>, old_name: &Option<String>| {
            if new == old { old_name.clone() } else { new.and_then(|n| names.get(&n).cloned()) }
        };
        let after = Customer {
            manager_id: manager,
            manager_name: name(manager, before.manager_id, &before.manager_name),
            deputy_id: deputy,
            deputy_name: name(deputy, before.deputy_id, &before.deputy_name),
            version: before.version + 1,
            ..before.clone()
        };
        assignments.push(Assignment { customer_id: id, version: w.version, manager_id: manager, deputy_id: deputy });
        audits.push((before, after));
    }
    store::apply_assignments(&mut tx, &assignments).await?;
    for (before, after) in &audits {
        let changes = diff(Some(&before.audit_fields()), Some(&after.audit_fields()));
        if audit_change(&mut tx, actor, Action::Update, target(before.id), &changes).await? {
            applied.changed.push(before.id);
        }
    }
    tx.commit().await?;
    Ok(applied)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(customer_id: i64, to: i64, version: i64) -> ApplyChange {
        ApplyChange { customer_id, to, version }
    }

    #[test]
    fn moves_and_deputies_merge_per_customer() {
        let req =
            ApplyRequest { moves: vec![change(1, 10, 3)], deputy_changes: vec![change(1, 11, 3), change(2, 12, 1)] };
        let merged = merge(&req).unwrap_or_default();
        assert_eq!(merged.len(), 2);
        assert_eq!(merged.get(&1).map(|w| (w.manager, w.deputy)), Some((Some(10), Some(11))));
    }

    #[test]
    fn a_customer_twice_or_with_two_versions_is_invalid() {
        let twice = ApplyRequest { moves: vec![change(1, 10, 3), change(1, 11, 3)], ..ApplyRequest::default() };
        assert!(merge(&twice).is_err());
        let versions = ApplyRequest { moves: vec![change(1, 10, 3)], deputy_changes: vec![change(1, 11, 4)] };
        assert!(merge(&versions).is_err());
    }
}
