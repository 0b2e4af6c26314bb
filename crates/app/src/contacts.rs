//! Contact people of a customer, and the services it buys.

use kumppani_domain::{ContactDraft, Invalid, diff};
use kumppani_store::audit::{Action, Target};
use kumppani_store::contacts;
pub use kumppani_store::contacts::Contact;
use kumppani_store::named::{self, Kind};
use kumppani_store::services;
pub use kumppani_store::services::Subscription;
use kumppani_store::{Db, StoreError, customers};

use crate::customers::check_editable;
use crate::error::reference;
use crate::policy::Permit;
use crate::policy::cap::{EditCustomers, ReadCustomers};
use crate::{AppError, audit_change};

fn target(entity: &'static str, id: i64, customer_id: i64) -> Target<'static> {
    Target { entity, entity_id: Some(id), subject: Some(("customer", customer_id)) }
}

pub async fn for_customer(db: &Db, _: &Permit<ReadCustomers>, customer_id: i64) -> Result<Vec<Contact>, AppError> {
    customers::get(db, customer_id).await?;
    Ok(contacts::for_customer(db, customer_id).await?)
}

pub async fn get(db: &Db, _: &Permit<ReadCustomers>, id: i64) -> Result<Contact, AppError> {
    Ok(contacts::get(db, id).await?)
}

pub async fn create(
    db: &Db,
    permit: &Permit<EditCustomers>,
    customer_id: i64,
    draft: &ContactDraft,
) -> Result<Contact, AppError> {
    let actor = permit.actor();
    let mut tx = check_editable(db, db.begin().await?, permit, customer_id).await?;
    let valid = draft.validate()?;
    let id = contacts::insert(&mut tx, customer_id, &valid).await?;
    let created = contacts::get_in(&mut tx, id).await?;
    let changes = diff(None, Some(&created.audit_fields()));
    audit_change(&mut tx, actor, Action::Create, target("contact", id, customer_id), &changes).await?;
    tx.commit().await?;
    Ok(created)
}

pub async fn update(
    db: &Db,
    permit: &Permit<EditCustomers>,
    id: i64,
    version: i64,
    draft: &ContactDraft,
) -> Result<Contact, AppError> {
    let actor = permit.actor();
    let mut tx = db.begin().await?;
    let before = contacts::get_in(&mut tx, id).await?;
    let mut tx = check_editable(db, tx, permit, before.customer_id).await?;
    let valid = draft.validate()?;
    contacts::update(&mut tx, id, version, &valid).await?;
    let after = contacts::get_in(&mut tx, id).await?;
    let changes = diff(Some(&before.audit_fields()), Some(&after.audit_fields()));
    audit_change(&mut tx, actor, Action::Update, target("contact", id, before.customer_id), &changes).await?;
    tx.commit().await?;
    Ok(after)
}

pub async fn delete(db: &Db, permit: &Permit<EditCustomers>, id: i64, version: i64) -> Result<(), AppError> {
    let actor = permit.actor();
    let mut tx = db.begin().await?;
    let before = contacts::get_in(&mut tx, id).await?;
    let mut tx = check_editable(db, tx, permit, before.customer_id).await?;
    contacts::delete(&mut tx, id, version).await?;
    let changes = diff(Some(&before.audit_fields()), None);
    audit_change(&mut tx, actor, Action::Delete, target("contact", id, before.customer_id), &changes).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn services_of(db: &Db, _: &Permit<ReadCustomers>, customer_id: i64) -> Result<Vec<Subscription>, AppError> {
    customers::get(db, customer_id).await?;
    Ok(services::for_customer(db, customer_id).await?)
}

pub async fn subscription(db: &Db, _: &Permit<ReadCustomers>, id: i64) -> Result<Subscription, AppError> {
    Ok(services::get(db, id).await?)
}

/// Records that a customer buys a service.
pub async fn subscribe(
    db: &Db,
    permit: &Permit<EditCustomers>,
    customer_id: i64,
    service_id: Option<i64>,
    critical: bool,
) -> Result<Subscription, AppError> {
    let actor = permit.actor();
    let mut tx = check_editable(db, db.begin().await?, permit, customer_id).await?;
    let service_id = service_id.ok_or_else(|| Invalid::one("service_id", "error-required"))?;
    reference(named::get_in(&mut tx, Kind::Service, service_id).await, "service_id")?;
    let id = match services::insert(&mut tx, customer_id, service_id, critical).await {
        Err(StoreError::Duplicate { .. }) => return Err(Invalid::one("service_id", "error-already-subscribed").into()),
        other => other?,
    };
    let created = services::get_in(&mut tx, id).await?;
    let changes = diff(None, Some(&created.audit_fields()));
    audit_change(&mut tx, actor, Action::Create, target("customer_service", id, customer_id), &changes).await?;
    tx.commit().await?;
    Ok(created)
}

pub async fn set_critical(
    db: &Db,
    permit: &Permit<EditCustomers>,
    id: i64,
    version: i64,
    critical: bool,
) -> Result<Subscription, AppError> {
    let actor = permit.actor();
    let mut tx = db.begin().await?;
    let before = services::get_in(&mut tx, id).await?;
    let mut tx = check_editable(db, tx, permit, before.customer_id).await?;
    services::set_critical(&mut tx, id, version, critical).await?;
    let after = services::get_in(&mut tx, id).await?;
    let changes = diff(Some(&before.audit_fields()), Some(&after.audit_fields()));
    audit_change(&mut tx, actor, Action::Update, target("customer_service", id, before.customer_id), &changes).await?;
    tx.commit().await?;
    Ok(after)
}

pub async fn unsubscribe(db: &Db, permit: &Permit<EditCustomers>, id: i64, version: i64) -> Result<(), AppError> {
    let actor = permit.actor();
    let mut tx = db.begin().await?;
    let before = services::get_in(&mut tx, id).await?;
    let mut tx = check_editable(db, tx, permit, before.customer_id).await?;
    services::delete(&mut tx, id, version).await?;
    let changes = diff(Some(&before.audit_fields()), None);
    audit_change(&mut tx, actor, Action::Delete, target("customer_service", id, before.customer_id), &changes).await?;
    tx.commit().await?;
    Ok(())
}
