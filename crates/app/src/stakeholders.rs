//! Stakeholder register and communication plan use cases (SPEC §4). Who may
//! change them is who may change the project; the project's own id is part
//! of every lookup, so another project's record answers NotFound.

use kumppani_domain::stakeholder::{CommunicationDraft, StakeholderDraft, ValidCommunication};
use kumppani_domain::{Invalid, diff};
use kumppani_store::audit::{Action, Target};
use kumppani_store::projects::Child;
use kumppani_store::stakeholders;
pub use kumppani_store::stakeholders::{CommunicationLine, Stakeholder};
use kumppani_store::{Db, StoreError, Tx, projects, users};

use crate::error::reference;
use crate::policy::Permit;
use crate::policy::cap::{EditProjects, ReadProjects};
use crate::projects::check_editable;
use crate::{AppError, audit_change};

/// A project's register and plan, together.
pub async fn of_project(
    db: &Db,
    _: &Permit<ReadProjects>,
    project_id: i64,
) -> Result<(Vec<Stakeholder>, Vec<CommunicationLine>), AppError> {
    projects::get(db, project_id).await?;
    Ok((stakeholders::list(db, project_id).await?, stakeholders::lines(db, project_id).await?))
}

pub async fn get(db: &Db, _: &Permit<ReadProjects>, id: i64) -> Result<Stakeholder, AppError> {
    Ok(stakeholders::get(db, id).await?)
}

pub async fn get_line(db: &Db, _: &Permit<ReadProjects>, id: i64) -> Result<CommunicationLine, AppError> {
    Ok(stakeholders::line(db, id).await?)
}

/// A transaction on the project `id` belongs to, if the permit may change
/// it, with the project's id.
async fn editable_parent(db: &Db, permit: &Permit<EditProjects>, child: Child, id: i64) -> Result<(Tx, i64), AppError> {
    let mut tx = db.begin().await?;
    let project_id = projects::project_of(&mut tx, child, id).await?;
    Ok((check_editable(db, tx, permit, project_id).await?, project_id))
}

fn target(entity: &'static str, id: i64, project_id: i64) -> Target<'static> {
    Target { entity, entity_id: Some(id), subject: Some(("project", project_id)) }
}

/// A record of this project, or NotFound (also for another project's).
fn found<T>(r: Result<T, StoreError>) -> Result<T, AppError> {
    r.map_err(AppError::from)
}

pub async fn create(
    db: &Db,
    permit: &Permit<EditProjects>,
    project_id: i64,
    draft: &StakeholderDraft,
) -> Result<Stakeholder, AppError> {
    let mut tx = check_editable(db, db.begin().await?, permit, project_id).await?;
    let valid = draft.validate()?;
    let id = stakeholders::insert(&mut tx, project_id, &valid).await?;
    let created = stakeholders::get_in(&mut tx, project_id, id).await?;
    let changes = diff(None, Some(&created.audit_fields()));
    audit_change(&mut tx, permit.actor(), Action::Create, target("stakeholder", id, project_id), &changes).await?;
    tx.commit().await?;
    Ok(created)
}

pub async fn update(
    db: &Db,
    permit: &Permit<EditProjects>,
    id: i64,
    version: i64,
    draft: &StakeholderDraft,
) -> Result<Stakeholder, AppError> {
    let (mut tx, project_id) = editable_parent(db, permit, Child::Stakeholder, id).await?;
    let before = found(stakeholders::get_in(&mut tx, project_id, id).await)?;
    let valid = draft.validate()?;
    if before.version != version {
        return Err(AppError::Conflict { current: before.version });
    }
    stakeholders::update(&mut tx, id, version, &valid).await?;
    let after = stakeholders::get_in(&mut tx, project_id, id).await?;
    let changes = diff(Some(&before.audit_fields()), Some(&after.audit_fields()));
    audit_change(&mut tx, permit.actor(), Action::Update, target("stakeholder", id, project_id), &changes).await?;
    tx.commit().await?;
    Ok(after)
}

/// Removes a stakeholder no communication line names any more.
pub async fn delete(db: &Db, permit: &Permit<EditProjects>, id: i64, version: i64) -> Result<(), AppError> {
    let (mut tx, project_id) = editable_parent(db, permit, Child::Stakeholder, id).await?;
    let before = found(stakeholders::get_in(&mut tx, project_id, id).await)?;
    if before.version != version {
        return Err(AppError::Conflict { current: before.version });
    }
    if stakeholders::lines_of(&mut tx, id).await? > 0 {
        return Err(Invalid::one("stakeholder_id", "error-stakeholder-in-use").into());
    }
    stakeholders::delete(&mut tx, id, version).await?;
    let changes = diff(Some(&before.audit_fields()), None);
    audit_change(&mut tx, permit.actor(), Action::Delete, target("stakeholder", id, project_id), &changes).await?;
    tx.commit().await?;
    Ok(())
}

/// The stakeholder is this project's; the people are active staff.
async fn check_line(tx: &mut Tx, project_id: i64, c: &ValidCommunication) -> Result<(), AppError> {
    let mut errors = Invalid::default();
    match stakeholders::get_in(tx, project_id, c.stakeholder_id).await {
        Ok(_) => {}
        Err(StoreError::NotFound) => errors.push("stakeholder_id", "error-not-found"),
        Err(e) => return Err(e.into()),
    }
    let people = [("responsible_id", Some(c.responsible_id)), ("delegated_to_id", c.delegated_to_id)];
    for (field, id) in people {
        let Some(id) = id else { continue };
        match reference(users::get_in(tx, id).await, field) {
            Ok(u) if !u.is_active_staff() => errors.push(field, "error-not-staff"),
            Ok(_) => {}
            Err(AppError::Invalid(e)) => errors.0.extend(e.0),
            Err(other) => return Err(other),
        }
    }
    Ok(errors.into_result()?)
}

pub async fn create_line(
    db: &Db,
    permit: &Permit<EditProjects>,
    project_id: i64,
    draft: &CommunicationDraft,
) -> Result<CommunicationLine, AppError> {
    let mut tx = check_editable(db, db.begin().await?, permit, project_id).await?;
    let valid = draft.validate()?;
    check_line(&mut tx, project_id, &valid).await?;
    let id = stakeholders::insert_line(&mut tx, project_id, &valid).await?;
    let created = stakeholders::line_in(&mut tx, project_id, id).await?;
    let changes = diff(None, Some(&created.audit_fields()));
    audit_change(&mut tx, permit.actor(), Action::Create, target("communication_line", id, project_id), &changes)
        .await?;
    tx.commit().await?;
    Ok(created)
}

pub async fn update_line(
    db: &Db,
    permit: &Permit<EditProjects>,
    id: i64,
    version: i64,
    draft: &CommunicationDraft,
) -> Result<CommunicationLine, AppError> {
    let (mut tx, project_id) = editable_parent(db, permit, Child::CommunicationLine, id).await?;
    let before = found(stakeholders::line_in(&mut tx, project_id, id).await)?;
    let valid = draft.validate()?;
    if before.version != version {
        return Err(AppError::Conflict { current: before.version });
    }
    check_line(&mut tx, project_id, &valid).await?;
    stakeholders::update_line(&mut tx, id, version, &valid).await?;
    let after = stakeholders::line_in(&mut tx, project_id, id).await?;
    let changes = diff(Some(&before.audit_fields()), Some(&after.audit_fields()));
    audit_change(&mut tx, permit.actor(), Action::Update, target("communication_line", id, project_id), &changes)
        .await?;
    tx.commit().await?;
    Ok(after)
}

pub async fn delete_line(db: &Db, permit: &Permit<EditProjects>, id: i64, version: i64) -> Result<(), AppError> {
    let (mut tx, project_id) = editable_parent(db, permit, Child::CommunicationLine, id).await?;
    let before = found(stakeholders::line_in(&mut tx, project_id, id).await)?;
    if before.version != version {
        return Err(AppError::Conflict { current: before.version });
    }
    stakeholders::delete_line(&mut tx, id, version).await?;
    let changes = diff(Some(&before.audit_fields()), None);
    audit_change(&mut tx, permit.actor(), Action::Delete, target("communication_line", id, project_id), &changes)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// The draft a stakeholder's edit form starts from.
pub fn draft_of(s: &Stakeholder) -> StakeholderDraft {
    let text = |t: &str| Some(t.to_owned()).filter(|t| !t.is_empty());
    StakeholderDraft {
        name: s.name.clone(),
        organisation: text(&s.organisation),
        side: s.side.as_str().to_owned(),
        interest: s.interest.map(|l| l.as_str().to_owned()),
        influence: s.influence.map(|l| l.as_str().to_owned()),
        note: text(&s.note),
    }
}

pub fn line_draft_of(l: &CommunicationLine) -> CommunicationDraft {
    CommunicationDraft {
        stakeholder_id: Some(l.stakeholder_id),
        responsible_id: Some(l.responsible_id),
        responsible_role: l.responsible_role.as_str().to_owned(),
        delegated_to_id: l.delegated_to_id,
        channel: l.channel.clone(),
        frequency: l.frequency.clone(),
        content: l.content.clone(),
    }
}
