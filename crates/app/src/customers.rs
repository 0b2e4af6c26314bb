//! Customer use cases.

use kumppani_domain::{Actor, CustomerDraft, Invalid, ValidCustomer, diff};
use kumppani_store::audit::{Action, Target};
use kumppani_store::customers::{self, Customer, Filter};
use kumppani_store::named::{self, Kind};
use kumppani_store::{Db, Page, Tx, users};

use crate::error::reference;
use crate::policy::{Capability, require};
use crate::{AppError, audit_change};

pub async fn list(db: &Db, actor: &Actor, filter: &Filter) -> Result<Page<Customer>, AppError> {
    require(actor, Capability::ReadCustomers)?;
    Ok(customers::list(db, filter).await?)
}

pub async fn get(db: &Db, actor: &Actor, id: i64) -> Result<Customer, AppError> {
    require(actor, Capability::ReadCustomers)?;
    Ok(customers::get(db, id).await?)
}

/// Checks what only the database knows: the segment and people exist, the
/// people can hold customers, and the business ID is free.
async fn check_references(tx: &mut Tx, c: &ValidCustomer, except: Option<i64>) -> Result<(), AppError> {
    let mut errors = Invalid::default();
    if let Err(AppError::Invalid(e)) = reference(named::get_in(tx, Kind::Segment, c.segment_id).await, "segment_id") {
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

pub async fn create(db: &Db, actor: &Actor, draft: &CustomerDraft) -> Result<Customer, AppError> {
    require(actor, Capability::EditCustomers)?;
    let valid = draft.validate()?;
    let mut tx = db.begin().await?;
    check_references(&mut tx, &valid, None).await?;
    let id = customers::insert(&mut tx, &valid).await?;
    let created = customers::get_in(&mut tx, id).await?;
    audit_change(&mut tx, actor, Action::Create, target(id), &diff(None, Some(&created.audit_fields()))).await?;
    tx.commit().await?;
    Ok(created)
}

pub async fn update(
    db: &Db,
    actor: &Actor,
    id: i64,
    version: i64,
    draft: &CustomerDraft,
) -> Result<Customer, AppError> {
    require(actor, Capability::EditCustomers)?;
    let valid = draft.validate()?;
    let mut tx = db.begin().await?;
    let before = customers::get_in(&mut tx, id).await?;
    if before.version != version {
        return Err(AppError::Conflict { current: before.version });
    }
    check_references(&mut tx, &valid, Some(id)).await?;
    customers::update(&mut tx, id, version, &valid).await?;
    let after = customers::get_in(&mut tx, id).await?;
    let changes = diff(Some(&before.audit_fields()), Some(&after.audit_fields()));
    audit_change(&mut tx, actor, Action::Update, target(id), &changes).await?;
    tx.commit().await?;
    Ok(after)
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
    }
}

/// A customer's history: its own changes and those of its contacts and services.
pub async fn history(
    db: &Db,
    actor: &Actor,
    id: i64,
    limit: i64,
) -> Result<Vec<kumppani_store::audit::AuditEntry>, AppError> {
    get(db, actor, id).await?;
    Ok(kumppani_store::audit::history(db, "customer", id, limit).await?)
}
