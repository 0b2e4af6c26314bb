//! Customer use cases.

use kumppani_domain::{Actor, CustomerDraft, Invalid, ValidCustomer, diff};
use kumppani_store::audit::{Action, Target};
use kumppani_store::catalog::{self, Kind};
use kumppani_store::customers;
pub use kumppani_store::customers::{Customer, Filter};
use kumppani_store::{Db, Page, Tx, users};

use crate::centre_time::today;
use crate::error::reference;
use crate::policy;
use crate::policy::cap::{EditCustomers, ReadCustomers};
use crate::policy::{Permit, deny};
use crate::{AppError, audit_change};

pub async fn list(db: &Db, _: &Permit<ReadCustomers>, filter: &Filter) -> Result<Page<Customer>, AppError> {
    Ok(customers::list(db, filter).await?)
}

pub async fn get(db: &Db, _: &Permit<ReadCustomers>, id: i64) -> Result<Customer, AppError> {
    Ok(customers::get(db, id).await?)
}

/// Checks what only the database knows: the segment and people exist, the
/// people can hold customers, and the business ID is free.
async fn check_references(tx: &mut Tx, c: &ValidCustomer, except: Option<i64>) -> Result<(), AppError> {
    let mut errors = Invalid::default();
    if let Err(AppError::Invalid(e)) = reference(catalog::get_in(tx, Kind::Segment, c.segment_id).await, "segment_id") {
        errors.0.extend(e.0);
    }
    for (field, id) in [("manager_id", c.manager_id), ("deputy_id", c.deputy_id)] {
        let Some(id) = id else { continue };
        match reference(users::get_in(tx, id).await, field) {
            Ok(u) if !u.active || !u.role.can_hold_customers() => errors.push(field, "error-not-a-manager"),
            Ok(_) => {}
            Err(AppError::Invalid(e)) => errors.0.extend(e.0),
            Err(other) => return Err(other),
        }
    }
    if let Some(b) = &c.business_id
        && customers::business_id_taken(tx, b.as_str(), except).await?
    {
        errors.push("business_id", "error-business-id-taken");
    }
    Ok(errors.into_result()?)
}

fn target(id: i64) -> Target<'static> {
    Target { entity: "customer", entity_id: Some(id), subject: Some(("customer", id)) }
}

pub async fn create(db: &Db, permit: &Permit<EditCustomers>, draft: &CustomerDraft) -> Result<Customer, AppError> {
    let actor = permit.actor();
    let valid = draft.validate()?;
    // A partnership manager's new customer is their own, without a deputy;
    // managers and deputies are assigned by the unit head.
    if !permit.may_assign() && valid.manager_id != actor.id() {
        return Err(Invalid::one("manager_id", "error-own-customers-only").into());
    }
    if !permit.may_assign() && valid.deputy_id.is_some() {
        return Err(Invalid::one("deputy_id", "error-assign-forbidden").into());
    }
    let mut tx = db.begin().await?;
    check_references(&mut tx, &valid, None).await?;
    let id = customers::insert(&mut tx, &valid).await?;
    let created = customers::get_in(&mut tx, id).await?;
    audit_change(&mut tx, actor, Action::Create, target(id), &diff(None, Some(&created.audit_fields()))).await?;
    tx.commit().await?;
    Ok(created)
}

/// Whether `actor` may change the customer: the role check without an
/// audited refusal (a page asks this to decide which buttons to show), then
/// the record-level scope. A database error is an error, not a "no".
pub async fn may_edit(db: &Db, actor: &Actor, id: i64) -> Result<bool, AppError> {
    match policy::offered::<EditCustomers>(actor) {
        Some(permit) => editable(db, &permit, id).await,
        None => Ok(false),
    }
}

/// Whether the permit may change this customer (for showing edit controls;
/// the writes check again in their own queries).
pub async fn editable(db: &Db, permit: &Permit<EditCustomers>, id: i64) -> Result<bool, AppError> {
    Ok(customers::editable_now(db, id, &permit.customer_scope(today())).await?)
}

/// Passes the transaction on if the permit may change the customer; else
/// answers NotFound (no such customer) or an audited Forbidden.
pub(crate) async fn check_editable(
    db: &Db,
    mut tx: Tx,
    permit: &Permit<EditCustomers>,
    customer_id: i64,
) -> Result<Tx, AppError> {
    let scope = permit.customer_scope(today());
    if customers::editable(&mut tx, customer_id, &scope).await? {
        return Ok(tx);
    }
    let exists = customers::get_in(&mut tx, customer_id).await.is_ok();
    // Release the write lock before the refusal is audited in its own transaction.
    drop(tx);
    if !exists {
        return Err(AppError::NotFound);
    }
    Err(deny(db, permit.actor(), "customer", Some(customer_id), AppError::Forbidden).await)
}

pub async fn update(
    db: &Db,
    permit: &Permit<EditCustomers>,
    id: i64,
    version: i64,
    draft: &CustomerDraft,
) -> Result<Customer, AppError> {
    let actor = permit.actor();
    let mut tx = check_editable(db, db.begin().await?, permit, id).await?;
    let before = customers::get_in(&mut tx, id).await?;
    // A client that does not know about workload weights keeps the current one.
    let draft =
        CustomerDraft { workload_weight: draft.workload_weight.or(Some(before.workload_weight)), ..draft.clone() };
    let valid = draft.validate()?;
    if !permit.may_assign() && (valid.manager_id, valid.deputy_id) != (before.manager_id, before.deputy_id) {
        return Err(Invalid::one("manager_id", "error-assign-forbidden").into());
    }
    if before.version != version {
        return Err(AppError::Conflict { current: before.version });
    }
    check_references(&mut tx, &valid, Some(id)).await?;
    customers::update(&mut tx, id, version, &valid, &permit.customer_scope(today())).await?;
    let after = customers::get_in(&mut tx, id).await?;
    let changes = diff(Some(&before.audit_fields()), Some(&after.audit_fields()));
    audit_change(&mut tx, actor, Action::Update, target(id), &changes).await?;
    tx.commit().await?;
    Ok(after)
}

/// The customers the actor stands in for today (their manager is away).
pub async fn deputising(db: &Db, permit: &Permit<ReadCustomers>) -> Result<Vec<Customer>, AppError> {
    match permit.actor().id() {
        Some(id) => Ok(customers::deputising(db, id, today()).await?),
        None => Ok(Vec::new()),
    }
}

/// The draft a customer's edit form starts from.
pub fn draft_of(c: &Customer) -> CustomerDraft {
    CustomerDraft {
        name: c.name.clone(),
        business_id: c.business_id.clone(),
        org_type: c.org_type.as_str().to_owned(),
        segment_id: Some(c.segment_id),
        manager_id: c.manager_id,
        deputy_id: c.deputy_id,
        notes: Some(c.notes.clone()),
        workload_weight: Some(c.workload_weight),
    }
}

/// A customer's history: its own changes and those of its contacts and services.
pub async fn history(
    db: &Db,
    permit: &Permit<ReadCustomers>,
    id: i64,
    limit: i64,
) -> Result<Vec<kumppani_store::audit::AuditEntry>, AppError> {
    get(db, permit, id).await?;
    Ok(kumppani_store::audit::history(db, "customer", id, limit).await?)
}
