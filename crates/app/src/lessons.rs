//! Lessons log use cases (SPEC §4): logged per project by those who may
//! change the project, read and searched by everyone internal.

use kumppani_domain::lesson::{Category, LessonDraft};
use kumppani_domain::{Invalid, ProjectType, diff};
use kumppani_store::audit::{Action, Target};
use kumppani_store::lessons;
pub use kumppani_store::lessons::{Lesson, Query};
use kumppani_store::projects::Child;
use kumppani_store::{Db, projects};

use crate::policy::Permit;
use crate::policy::cap::{EditProjects, ReadProjects};
use crate::projects::check_editable;
use crate::{AppError, audit_change};

/// How many lessons of similar projects a project page shows.
pub const SIMILAR: i64 = 5;

pub async fn of_project(db: &Db, _: &Permit<ReadProjects>, project_id: i64) -> Result<Vec<Lesson>, AppError> {
    projects::get(db, project_id).await?;
    Ok(lessons::of_project(db, project_id).await?)
}

pub async fn get(db: &Db, _: &Permit<ReadProjects>, id: i64) -> Result<Lesson, AppError> {
    Ok(lessons::get(db, id).await?)
}

/// Searches every project's lessons. Filter values no option offers are
/// field errors, not empty results.
pub async fn search(db: &Db, _: &Permit<ReadProjects>, q: &Query) -> Result<Vec<Lesson>, AppError> {
    let mut e = Invalid::default();
    e.check("project_type", ProjectType::parse_opt(q.project_type.as_deref()));
    e.check("category", Category::parse_opt(q.category.as_deref()));
    e.into_result()?;
    Ok(lessons::search(db, q).await?)
}

/// Lessons from projects like this one (same type or customer segment),
/// best text match on the project's name first.
pub async fn similar(db: &Db, _: &Permit<ReadProjects>, project_id: i64) -> Result<Vec<Lesson>, AppError> {
    let p = projects::get(db, project_id).await?;
    Ok(lessons::similar(db, p.id, p.project_type, p.segment_id, &p.name, SIMILAR).await?)
}

fn target(id: i64, project_id: i64) -> Target<'static> {
    Target { entity: "lesson", entity_id: Some(id), subject: Some(("project", project_id)) }
}

pub async fn create(
    db: &Db,
    permit: &Permit<EditProjects>,
    project_id: i64,
    draft: &LessonDraft,
) -> Result<Lesson, AppError> {
    let mut tx = check_editable(db, db.begin().await?, permit, project_id).await?;
    let valid = draft.validate()?;
    let id = lessons::insert(&mut tx, project_id, &valid, permit.actor()).await?;
    let created = lessons::get_in(&mut tx, project_id, id).await?;
    let changes = diff(None, Some(&created.audit_fields()));
    audit_change(&mut tx, permit.actor(), Action::Create, target(id, project_id), &changes).await?;
    tx.commit().await?;
    Ok(created)
}

pub async fn update(
    db: &Db,
    permit: &Permit<EditProjects>,
    id: i64,
    version: i64,
    draft: &LessonDraft,
) -> Result<Lesson, AppError> {
    let mut tx = db.begin().await?;
    let project_id = projects::project_of(&mut tx, Child::Lesson, id).await?;
    let mut tx = check_editable(db, tx, permit, project_id).await?;
    let before = lessons::get_in(&mut tx, project_id, id).await?;
    let valid = draft.validate()?;
    if before.version != version {
        return Err(AppError::Conflict { current: before.version });
    }
    lessons::update(&mut tx, id, version, &valid).await?;
    let after = lessons::get_in(&mut tx, project_id, id).await?;
    let changes = diff(Some(&before.audit_fields()), Some(&after.audit_fields()));
    audit_change(&mut tx, permit.actor(), Action::Update, target(id, project_id), &changes).await?;
    tx.commit().await?;
    Ok(after)
}

pub fn draft_of(l: &Lesson) -> LessonDraft {
    LessonDraft {
        summary: l.summary.clone(),
        happened: l.happened.clone(),
        advice: Some(l.advice.clone()).filter(|a| !a.is_empty()),
        kind: l.kind.as_str().to_owned(),
        category: l.category.as_str().to_owned(),
    }
}
