//! Board meetings, the decision log, and what a board member sees of a
//! project: "my projects" and a project's summary (name, stage, latest
//! status; nothing of the register's internal fields).

use chrono::{DateTime, Utc};
use kumppani_domain::board::meeting::{DecisionDraft, MeetingDraft};
use kumppani_domain::{Invalid, diff};
use kumppani_store::audit::{Action, Target};
use kumppani_store::board_log::{self, Attendee};
pub use kumppani_store::board_log::{Decision, Meeting};
use kumppani_store::boards::BoardScope;
use kumppani_store::projects::{self, Project};
use kumppani_store::{Db, boards};
use serde::Serialize;

use crate::boards::check_visible;
use crate::policy::Permit;
use crate::policy::cap::{EditProjects, ReadBoards};
use crate::projects::check_editable;
use crate::{AppError, audit_change};

/// Whether the reader is staff: who at the centre recorded a meeting or a
/// decision is internal, so external members get it blank.
fn staff(permit: &Permit<ReadBoards>) -> bool {
    permit.board_scope() == BoardScope::All
}

pub async fn meetings(db: &Db, permit: &Permit<ReadBoards>, project_id: i64) -> Result<Vec<Meeting>, AppError> {
    check_visible(db, permit, project_id).await?;
    let mut list = board_log::meetings(db, project_id).await?;
    if !staff(permit) {
        list.iter_mut().for_each(|m| m.recorded_by.clear());
    }
    Ok(list)
}

pub async fn decisions(db: &Db, permit: &Permit<ReadBoards>, project_id: i64) -> Result<Vec<Decision>, AppError> {
    check_visible(db, permit, project_id).await?;
    let mut list = board_log::decisions(db, project_id).await?;
    if !staff(permit) {
        list.iter_mut().for_each(|d| d.recorded_by.clear());
    }
    Ok(list)
}

fn target(entity: &'static str, id: i64, project_id: i64) -> Target<'static> {
    Target { entity, entity_id: Some(id), subject: Some(("project", project_id)) }
}

/// Records a meeting. Attendees are ids of the board's current members;
/// the meeting keeps their names and roles as they are today.
pub async fn add_meeting(
    db: &Db,
    permit: &Permit<EditProjects>,
    project_id: i64,
    draft: &MeetingDraft,
) -> Result<Meeting, AppError> {
    let actor = permit.actor();
    let mut tx = check_editable(db, db.begin().await?, permit, project_id).await?;
    let valid = draft.validate()?;
    let board = boards::get_in(&mut tx, project_id).await?;
    let mut attendees = Vec::new();
    for id in &valid.attendee_ids {
        let Some(m) = board.members.iter().find(|m| m.id == *id) else {
            return Err(Invalid::one("attendee_ids", "meeting-error-not-member").into());
        };
        attendees.push(Attendee {
            name: m.name.clone(),
            role: m.role.as_str().to_owned(),
            side: m.side.as_str().to_owned(),
        });
    }
    let id = board_log::add_meeting(&mut tx, project_id, &valid, &attendees, actor.name()).await?;
    let m = board_log::meeting_in(&mut tx, id).await?;
    let names: Vec<&str> = m.attendees.iter().map(|a| a.name.as_str()).collect();
    let fields = [
        ("held_on", Some(m.held_on.to_string())),
        ("agenda", Some(m.agenda.clone())),
        ("attendees", Some(names.join(", "))),
    ];
    audit_change(&mut tx, actor, Action::Create, target("board_meeting", id, project_id), &diff(None, Some(&fields)))
        .await?;
    tx.commit().await?;
    Ok(m)
}

/// Adds a decision to the log. The log only grows, so there is no version.
pub async fn add_decision(
    db: &Db,
    permit: &Permit<EditProjects>,
    project_id: i64,
    draft: &DecisionDraft,
) -> Result<Decision, AppError> {
    let actor = permit.actor();
    let mut tx = check_editable(db, db.begin().await?, permit, project_id).await?;
    let valid = draft.validate()?;
    // A meeting of another project names nothing here.
    if board_log::meeting_project_in(&mut tx, valid.meeting_id).await? != Some(project_id) {
        return Err(Invalid::one("meeting_id", "error-not-found").into());
    }
    let id = board_log::add_decision(&mut tx, project_id, &valid, actor.name()).await?;
    let d = board_log::decision_in(&mut tx, id).await?;
    let fields = [
        ("what", Some(d.what.clone())),
        ("decided_by", Some(d.decided_by.clone())),
        ("category", Some(d.category.as_str().to_owned())),
        ("meeting", Some(d.held_on.to_string())),
    ];
    audit_change(&mut tx, actor, Action::Create, target("board_decision", id, project_id), &diff(None, Some(&fields)))
        .await?;
    tx.commit().await?;
    Ok(d)
}

/// What every board member may see of a project: no customer, tolerances,
/// register people or status authors.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Summary {
    pub id: i64,
    pub name: String,
    /// `starting_up`, `initiating`, `delivery`, `closing` or `closed`
    pub stage: String,
    pub stage_number: Option<i64>,
    /// The latest status colour, if any: `red`, `amber`, `green`.
    pub rag: Option<String>,
    pub highlight: Option<String>,
    pub status_at: Option<DateTime<Utc>>,
}

fn summary_of(p: &Project) -> Summary {
    Summary {
        id: p.id,
        name: p.name.clone(),
        stage: p.stage.as_str().to_owned(),
        stage_number: p.stage_number,
        rag: p.status.as_ref().map(|s| s.rag.as_str().to_owned()),
        highlight: p.status.as_ref().map(|s| s.highlight.clone()),
        status_at: p.status.as_ref().map(|s| s.at),
    }
}

pub async fn summary(db: &Db, permit: &Permit<ReadBoards>, project_id: i64) -> Result<Summary, AppError> {
    check_visible(db, permit, project_id).await?;
    Ok(summary_of(&projects::get(db, project_id).await?))
}

/// The projects whose board the signed-in person sits on.
pub async fn my_projects(db: &Db, permit: &Permit<ReadBoards>) -> Result<Vec<Summary>, AppError> {
    let Some(user_id) = permit.actor().id() else { return Ok(Vec::new()) };
    let mut out = Vec::new();
    for id in boards::projects_of(db, user_id).await? {
        out.push(summary_of(&projects::get(db, id).await?));
    }
    Ok(out)
}
