//! Contact people of a customer.

use kumppani_domain::{ContactDraft, diff};
use kumppani_store::audit::{Action, Target};
use kumppani_store::contacts;
pub use kumppani_store::contacts::Contact;
use kumppani_store::{Db, customers};

use crate::customers::check_editable;
use crate::policy::Permit;
use crate::policy::cap::{EditCustomers, ReadCustomers};
use crate::{AppError, audit_change};

fn target(id: i64, customer_id: i64) -> Target<'static> {
    Target { entity: "contact", entity_id: Some(id), subject: Some(("customer", customer_id)) }
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
    audit_change(&mut tx, actor, Action::Create, target(id, customer_id), &changes).await?;
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
    audit_change(&mut tx, actor, Action::Update, target(id, before.customer_id), &changes).await?;
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
    audit_change(&mut tx, actor, Action::Delete, target(id, before.customer_id), &changes).await?;
    tx.commit().await?;
    Ok(())
}
