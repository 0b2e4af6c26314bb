//! Absences. A person records their own; the unit head and administrators
//! record anyone's. While a manager is away, their customers' deputies may
//! edit those customers (see `customers::edit_scope`).

use chrono::NaiveDate;
use kumppani_domain::{Actor, Invalid, Role, Text, date, diff};
use kumppani_store::absences;
pub use kumppani_store::absences::Absence;
use kumppani_store::audit::{Action, Target};
use kumppani_store::{Db, users};

use crate::policy::cap::ReadUsers;
use crate::policy::{Permit, deny};
use crate::{AppError, audit_change};

fn may_manage(actor: &Actor, user_id: i64) -> bool {
    actor.id() == Some(user_id) || matches!(actor.role(), Role::Administrator | Role::UnitHead)
}

fn target(user_id: i64, id: i64) -> Target<'static> {
    Target { entity: "absence", entity_id: Some(id), subject: Some(("user", user_id)) }
}

/// Current and future absences of a person.
pub async fn list(
    db: &Db,
    permit: &Permit<ReadUsers>,
    user_id: i64,
    today: NaiveDate,
) -> Result<Vec<Absence>, AppError> {
    crate::users::get(db, permit, user_id).await?;
    Ok(absences::for_user(db, user_id, today).await?)
}

pub async fn create(
    db: &Db,
    permit: &Permit<ReadUsers>,
    user_id: i64,
    starts: &str,
    ends: &str,
    note: &str,
) -> Result<Absence, AppError> {
    let actor = permit.actor();
    if !may_manage(actor, user_id) {
        crate::users::get(db, permit, user_id).await?;
        return Err(deny(db, actor, "absence", None, AppError::Forbidden).await);
    }
    let mut errors = Invalid::default();
    let starts = errors.check("starts_on", date::parse(starts));
    let ends = errors.check("ends_on", date::parse(ends));
    let note = errors.check("note", Text::parse(note));
    if let (Some(s), Some(e)) = (starts, ends)
        && e < s
    {
        errors.push("ends_on", "error-ends-before-start");
    }
    let (Some(starts), Some(ends), Some(note)) = (starts, ends, note) else { return Err(errors.into()) };
    errors.into_result()?;
    let mut tx = db.begin().await?;
    users::get_in(&mut tx, user_id).await?;
    let id = absences::insert(&mut tx, user_id, starts, ends, note.as_str()).await?;
    let created = absences::get_in(&mut tx, id).await?;
    audit_change(&mut tx, actor, Action::Create, target(user_id, id), &diff(None, Some(&created.audit_fields())))
        .await?;
    tx.commit().await?;
    Ok(created)
}

pub async fn delete(db: &Db, permit: &Permit<ReadUsers>, id: i64, version: i64) -> Result<(), AppError> {
    let actor = permit.actor();
    let mut tx = db.begin().await?;
    let before = absences::get_in(&mut tx, id).await?;
    if !may_manage(actor, before.user_id) {
        // Absences are readable by staff, so this is a refusal, not a miss.
        drop(tx);
        return Err(deny(db, actor, "absence", Some(id), AppError::Forbidden).await);
    }
    absences::delete(&mut tx, id, version).await?;
    let changes = diff(Some(&before.audit_fields()), None);
    audit_change(&mut tx, actor, Action::Delete, target(before.user_id, id), &changes).await?;
    tx.commit().await?;
    Ok(())
}
