//! Project use cases: the register and the status history (SPEC §4).

use kumppani_domain::{Actor, Invalid, ProjectDraft, StatusDraft, ValidProject, diff};
use kumppani_store::audit::{Action, Target};
use kumppani_store::projects;
pub use kumppani_store::projects::{Filter, Project, StatusUpdate};
use kumppani_store::{Db, Page, Tx, customers, users};

use crate::error::reference;
use crate::policy;
use crate::policy::cap::{EditProjects, ReadProjects};
use crate::policy::{Permit, deny};
use crate::{AppError, audit_change};

/// The portfolio: a page of the projects matching the filter, with their
/// latest status.
pub async fn list(db: &Db, _: &Permit<ReadProjects>, filter: &Filter) -> Result<Page<Project>, AppError> {
    kumppani_domain::ProjectType::parse_opt(filter.project_type.as_deref())
        .map_err(|code| Invalid::one("project_type", code))?;
    if let Some(stage) = filter.stage.as_deref().filter(|s| !s.trim().is_empty()) {
        kumppani_domain::Stage::parse(stage).map_err(|code| Invalid::one("stage", code))?;
    }
    if let Some(rag) = filter.rag.as_deref().filter(|s| !s.trim().is_empty() && s.trim() != "none") {
        kumppani_domain::Rag::parse(rag).map_err(|code| Invalid::one("rag", code))?;
    }
    Ok(projects::list(db, filter).await?)
}

pub async fn get(db: &Db, _: &Permit<ReadProjects>, id: i64) -> Result<Project, AppError> {
    Ok(projects::get(db, id).await?)
}

/// A project's status updates, newest first.
pub async fn statuses(db: &Db, permit: &Permit<ReadProjects>, id: i64) -> Result<Vec<StatusUpdate>, AppError> {
    get(db, permit, id).await?;
    Ok(projects::statuses(db, id).await?)
}

/// Checks what only the database knows: the customer exists, and the
/// Executive and the project manager are active internal users.
async fn check_references(tx: &mut Tx, p: &ValidProject) -> Result<(), AppError> {
    let mut errors = Invalid::default();
    if let Some(id) = p.customer_id {
        match reference(customers::get_in(tx, id).await, "customer_id") {
            Ok(_) => {}
            Err(AppError::Invalid(e)) => errors.0.extend(e.0),
            Err(other) => return Err(other),
        }
    }
    for (field, id) in [("executive_id", p.executive_id), ("project_manager_id", p.project_manager_id)] {
        match reference(users::get_in(tx, id).await, field) {
            Ok(u) if !u.is_active_staff() => errors.push(field, "error-not-staff"),
            Ok(_) => {}
            Err(AppError::Invalid(e)) => errors.0.extend(e.0),
            Err(other) => return Err(other),
        }
    }
    Ok(errors.into_result()?)
}

fn target(id: i64) -> Target<'static> {
    Target { entity: "project", entity_id: Some(id), subject: Some(("project", id)) }
}

pub async fn create(db: &Db, permit: &Permit<EditProjects>, draft: &ProjectDraft) -> Result<Project, AppError> {
    let mut tx = db.begin().await?;
    let created = create_in(&mut tx, permit, draft).await?;
    tx.commit().await?;
    Ok(created)
}

/// [`create`] inside the caller's transaction (a process step that makes a
/// contact a project writes both or neither).
pub(crate) async fn create_in(
    tx: &mut Tx,
    permit: &Permit<EditProjects>,
    draft: &ProjectDraft,
) -> Result<Project, AppError> {
    let actor = permit.actor();
    let valid = draft.validate()?;
    // Anyone but the unit head and administrators creates projects they
    // themselves run or own, so that they can go on editing them.
    if !permit.may_assign() && ![Some(valid.executive_id), Some(valid.project_manager_id)].contains(&actor.id()) {
        return Err(Invalid::one("project_manager_id", "error-own-projects-only").into());
    }
    check_references(tx, &valid).await?;
    let id = projects::insert(tx, &valid).await?;
    let created = projects::get_in(tx, id).await?;
    audit_change(tx, actor, Action::Create, target(id), &diff(None, Some(&created.audit_fields()))).await?;
    Ok(created)
}

/// Whether `actor` may change the project (and so its board): the role check without an
/// audited refusal (a page asks this to decide which buttons to show), then
/// the record-level scope. A database error is an error, not a "no".
pub async fn may_edit(db: &Db, actor: &Actor, id: i64) -> Result<bool, AppError> {
    match policy::offered::<EditProjects>(actor) {
        Some(permit) => editable(db, &permit, id).await,
        None => Ok(false),
    }
}

/// Whether the permit may change this project (for showing edit controls;
/// the writes check again in their own queries).
pub async fn editable(db: &Db, permit: &Permit<EditProjects>, id: i64) -> Result<bool, AppError> {
    let mut tx = db.begin().await?;
    let ok = projects::editable(&mut tx, id, &permit.project_scope()).await?;
    drop(tx);
    Ok(ok)
}

/// Passes the transaction on if the permit may change the project; else
/// answers NotFound (no such project) or an audited Forbidden.
pub(crate) async fn check_editable(
    db: &Db,
    mut tx: Tx,
    permit: &Permit<EditProjects>,
    id: i64,
) -> Result<Tx, AppError> {
    if projects::editable(&mut tx, id, &permit.project_scope()).await? {
        return Ok(tx);
    }
    let exists = projects::get_in(&mut tx, id).await.is_ok();
    // Release the write lock before the refusal is audited in its own transaction.
    drop(tx);
    if !exists {
        return Err(AppError::NotFound);
    }
    Err(deny(db, permit.actor(), "project", Some(id), AppError::Forbidden).await)
}

pub async fn update(
    db: &Db,
    permit: &Permit<EditProjects>,
    id: i64,
    version: i64,
    draft: &ProjectDraft,
) -> Result<Project, AppError> {
    let actor = permit.actor();
    let mut tx = check_editable(db, db.begin().await?, permit, id).await?;
    let before = projects::get_in(&mut tx, id).await?;
    let valid = draft.validate()?;
    if !permit.may_assign()
        && (valid.executive_id, valid.project_manager_id) != (before.executive_id, before.project_manager_id)
    {
        return Err(Invalid::one("project_manager_id", "error-assign-forbidden").into());
    }
    if before.version != version {
        return Err(AppError::Conflict { current: before.version });
    }
    check_references(&mut tx, &valid).await?;
    projects::update(&mut tx, id, version, &valid, &permit.project_scope()).await?;
    let after = projects::get_in(&mut tx, id).await?;
    let changes = diff(Some(&before.audit_fields()), Some(&after.audit_fields()));
    audit_change(&mut tx, actor, Action::Update, target(id), &changes).await?;
    tx.commit().await?;
    Ok(after)
}

/// Adds a status update (highlight report) to the project's history. The
/// history only grows, so there is no version to check.
pub async fn add_status(
    db: &Db,
    permit: &Permit<EditProjects>,
    id: i64,
    draft: &StatusDraft,
) -> Result<StatusUpdate, AppError> {
    let actor = permit.actor();
    let mut tx = check_editable(db, db.begin().await?, permit, id).await?;
    let valid = draft.validate()?;
    let status_id = projects::add_status(&mut tx, id, &valid, actor).await?;
    let added = projects::status_in(&mut tx, status_id).await?;
    let fields = [("rag", Some(added.rag.as_str().to_owned())), ("highlight", Some(added.highlight.clone()))];
    let target = Target { entity: "project_status", entity_id: Some(status_id), subject: Some(("project", id)) };
    audit_change(&mut tx, actor, Action::Create, target, &diff(None, Some(&fields))).await?;
    tx.commit().await?;
    Ok(added)
}

/// The draft a project's edit form starts from.
pub fn draft_of(p: &Project) -> ProjectDraft {
    let text = |t: &str| Some(t.to_owned()).filter(|t| !t.is_empty());
    ProjectDraft {
        name: p.name.clone(),
        customer_id: p.customer_id,
        executive_id: Some(p.executive_id),
        project_manager_id: Some(p.project_manager_id),
        stage: p.stage.as_str().to_owned(),
        stage_number: p.stage_number,
        starts_on: p.starts_on.map(|d| d.to_string()),
        ends_on: p.ends_on.map(|d| d.to_string()),
        tolerance_time: text(&p.tolerance_time),
        tolerance_cost: text(&p.tolerance_cost),
        tolerance_scope: text(&p.tolerance_scope),
        project_type: p.project_type.map(|t| t.as_str().to_owned()),
    }
}

/// (id, name) of every customer, for the customer choice of the project
/// forms and the portfolio filter.
pub async fn customer_choices(db: &Db, _: &Permit<ReadProjects>) -> Result<Vec<(i64, String)>, AppError> {
    Ok(projects::customer_choices(db).await?)
}

/// Customers that have projects, by name, at most `limit`; `chosen` first
/// when it has projects (so a filter in use is always offered).
pub async fn customers_with_projects(
    db: &Db,
    _: &Permit<ReadProjects>,
    limit: usize,
    chosen: Option<i64>,
) -> Result<Vec<(i64, String)>, AppError> {
    Ok(projects::customers_with_projects(db, limit, chosen).await?)
}
