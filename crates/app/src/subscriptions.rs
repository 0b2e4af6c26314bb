//! The services each customer buys (its subscriptions to catalogue
//! services), and which of them are critical to it.

use kumppani_domain::{Invalid, diff};
use kumppani_store::audit::{Action, Target};
use kumppani_store::catalog::{self, Kind};
use kumppani_store::subscriptions;
pub use kumppani_store::subscriptions::Subscription;
use kumppani_store::{Db, StoreError, customers};

use crate::customers::check_editable;
use crate::error::reference;
use crate::policy::Permit;
use crate::policy::cap::{EditCustomers, ReadCustomers};
use crate::{AppError, audit_change};

fn target(id: i64, customer_id: i64) -> Target<'static> {
    Target { entity: "customer_service", entity_id: Some(id), subject: Some(("customer", customer_id)) }
}

/// The services the customer buys.
pub async fn of_customer(db: &Db, _: &Permit<ReadCustomers>, customer_id: i64) -> Result<Vec<Subscription>, AppError> {
    customers::get(db, customer_id).await?;
    Ok(subscriptions::for_customer(db, customer_id).await?)
}

pub async fn get(db: &Db, _: &Permit<ReadCustomers>, id: i64) -> Result<Subscription, AppError> {
    Ok(subscriptions::get(db, id).await?)
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
    reference(catalog::get_in(&mut tx, Kind::Service, service_id).await, "service_id")?;
    let id = match subscriptions::insert(&mut tx, customer_id, service_id, critical).await {
        Err(StoreError::Duplicate { .. }) => return Err(Invalid::one("service_id", "error-already-subscribed").into()),
        other => other?,
    };
    let created = subscriptions::get_in(&mut tx, id).await?;
    let changes = diff(None, Some(&created.audit_fields()));
    audit_change(&mut tx, actor, Action::Create, target(id, customer_id), &changes).await?;
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
    let before = subscriptions::get_in(&mut tx, id).await?;
    let mut tx = check_editable(db, tx, permit, before.customer_id).await?;
    subscriptions::set_critical(&mut tx, id, version, critical).await?;
    let after = subscriptions::get_in(&mut tx, id).await?;
    let changes = diff(Some(&before.audit_fields()), Some(&after.audit_fields()));
    audit_change(&mut tx, actor, Action::Update, target(id, before.customer_id), &changes).await?;
    tx.commit().await?;
    Ok(after)
}

pub async fn unsubscribe(db: &Db, permit: &Permit<EditCustomers>, id: i64, version: i64) -> Result<(), AppError> {
    let actor = permit.actor();
    let mut tx = db.begin().await?;
    let before = subscriptions::get_in(&mut tx, id).await?;
    let mut tx = check_editable(db, tx, permit, before.customer_id).await?;
    subscriptions::delete(&mut tx, id, version).await?;
    let changes = diff(Some(&before.audit_fields()), None);
    audit_change(&mut tx, actor, Action::Delete, target(id, before.customer_id), &changes).await?;
    tx.commit().await?;
    Ok(())
}
