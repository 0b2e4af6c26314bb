//! Customer event use cases: critical-service updates, budget meetings,
//! development needs and marketing actions, recorded from the plan page
//! and read by the plan. Who may write them: whoever may write the
//! customer's plan.

use kumppani_domain::plan::{EventDraft, EventKind, ValidEvent};
use kumppani_domain::{Invalid, diff};
use kumppani_store::audit::Action;
use kumppani_store::events;
pub use kumppani_store::events::Event;
use kumppani_store::plans::{self, Which};
use kumppani_store::{Db, Tx, users};

use crate::error::reference;
use crate::plans::{check_editable, plan_target};
use crate::policy::Permit;
use crate::policy::cap::{EditPlans, ReadPlans};
use crate::{AppError, audit_change};

pub async fn get(db: &Db, _: &Permit<ReadPlans>, id: i64) -> Result<Event, AppError> {
    Ok(events::get(db, id).await?)
}

/// A customer's events by date.
pub async fn list(db: &Db, _: &Permit<ReadPlans>, customer_id: i64) -> Result<Vec<Event>, AppError> {
    kumppani_store::customers::get(db, customer_id).await?;
    Ok(events::list(db, Which::Customer(customer_id)).await?)
}

/// Checks what only the database knows: a critical update's service is
/// one the customer buys, and the owner is an active staff member.
async fn check_references(tx: &mut Tx, customer_id: i64, e: &ValidEvent) -> Result<(), AppError> {
    let mut errors = Invalid::default();
    if let (EventKind::CriticalUpdate, Some(service_id)) = (e.kind, e.service_id)
        && !plans::buys(tx, customer_id, service_id).await?
    {
        errors.push("service_id", "error-service-not-bought");
    }
    if let Some(owner) = e.owner_id {
        match reference(users::get_in(tx, owner).await, "owner_id") {
            Ok(u) if !u.is_active_staff() => errors.push("owner_id", "error-not-staff"),
            Ok(_) => {}
            Err(AppError::Invalid(e)) => errors.0.extend(e.0),
            Err(other) => return Err(other),
        }
    }
    Ok(errors.into_result()?)
}

pub async fn create(
    db: &Db,
    permit: &Permit<EditPlans>,
    customer_id: i64,
    draft: &EventDraft,
) -> Result<Event, AppError> {
    let mut tx = check_editable(db, db.begin().await?, permit, customer_id).await?;
    let valid = draft.validate()?;
    check_references(&mut tx, customer_id, &valid).await?;
    let id = events::insert(&mut tx, customer_id, &valid).await?;
    let created = events::get_in(&mut tx, id).await?;
    let target = plan_target("customer_event", id, customer_id);
    audit_change(&mut tx, permit.actor(), Action::Create, target, &diff(None, Some(&created.audit_fields()))).await?;
    tx.commit().await?;
    Ok(created)
}

pub async fn update(
    db: &Db,
    permit: &Permit<EditPlans>,
    id: i64,
    version: i64,
    draft: &EventDraft,
) -> Result<Event, AppError> {
    let customer_id = events::get(db, id).await?.customer_id;
    let mut tx = check_editable(db, db.begin().await?, permit, customer_id).await?;
    let before = events::get_in(&mut tx, id).await?;
    let valid = draft.validate()?;
    if before.version != version {
        return Err(AppError::Conflict { current: before.version });
    }
    check_references(&mut tx, customer_id, &valid).await?;
    events::update(&mut tx, id, version, &valid).await?;
    let after = events::get_in(&mut tx, id).await?;
    let changes = diff(Some(&before.audit_fields()), Some(&after.audit_fields()));
    audit_change(&mut tx, permit.actor(), Action::Update, plan_target("customer_event", id, customer_id), &changes)
        .await?;
    tx.commit().await?;
    Ok(after)
}

/// The draft an event's edit form starts from.
pub fn draft_of(e: &Event) -> EventDraft {
    EventDraft {
        kind: e.kind.as_str().to_owned(),
        title: e.title.clone(),
        on_date: e.on_date.to_string(),
        service_id: e.service_id,
        owner_id: e.owner_id,
        status: e.status.as_str().to_owned(),
        notes: Some(e.notes.clone()).filter(|n| !n.is_empty()),
    }
}
