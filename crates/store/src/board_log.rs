//! Board meetings (with a snapshot of who attended) and the decision log,
//! which only grows.

use chrono::{DateTime, NaiveDate, Utc};
use kumppani_domain::board::meeting::{Category, ValidDecision, ValidMeeting};
use serde::Serialize;

use crate::{Db, StoreError, Tx, now};

#[derive(Debug, Clone, Serialize, utoipa::ToSchema, sqlx::FromRow)]
pub struct Meeting {
    pub id: i64,
    pub project_id: i64,
    pub held_on: NaiveDate,
    pub agenda: String,
    /// Who attended, as they sat on the board that day (read separately).
    #[sqlx(skip)]
    pub attendees: Vec<Attendee>,
    pub recorded_by: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema, sqlx::FromRow)]
pub struct Attendee {
    pub name: String,
    /// The board role (`executive`, `senior_user`, …).
    pub role: String,
    /// `customer`, `supplier` or `centre`
    pub side: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema, sqlx::FromRow)]
pub struct Decision {
    pub id: i64,
    pub project_id: i64,
    pub meeting_id: i64,
    /// The date of the meeting where it was decided.
    pub held_on: NaiveDate,
    pub what: String,
    pub decided_by: String,
    #[schema(value_type = String)]
    #[sqlx(try_from = "crate::StoredKey<Category>")]
    pub category: Category,
    pub recorded_by: String,
    pub at: DateTime<Utc>,
}

const MEETINGS: &str = "SELECT id, project_id, held_on, agenda, recorded_by, created_at FROM board_meetings";

/// An attendee with the meeting they attended.
#[derive(sqlx::FromRow)]
struct Attended {
    meeting_id: i64,
    #[sqlx(flatten)]
    attendee: Attendee,
}

/// A project's meetings, the latest first.
pub async fn meetings(db: &Db, project_id: i64) -> Result<Vec<Meeting>, StoreError> {
    let mut meetings: Vec<Meeting> = db
        .fetch_all_as(&format!("{MEETINGS} WHERE project_id = $1 ORDER BY held_on DESC, id DESC"), &[project_id.into()])
        .await?;
    let people: Vec<Attended> = db
        .fetch_all_as(
            "SELECT a.meeting_id, a.name, a.role, a.side FROM board_meeting_attendees a
             JOIN board_meetings m ON m.id = a.meeting_id WHERE m.project_id = $1 ORDER BY a.meeting_id, a.position",
            &[project_id.into()],
        )
        .await?;
    for m in &mut meetings {
        m.attendees = people.iter().filter(|p| p.meeting_id == m.id).map(|p| p.attendee.clone()).collect();
    }
    Ok(meetings)
}

pub async fn meeting_in(tx: &mut Tx, id: i64) -> Result<Meeting, StoreError> {
    let mut meeting: Meeting = tx.fetch_one_as(&format!("{MEETINGS} WHERE id = $1"), &[id.into()]).await?;
    meeting.attendees = tx
        .fetch_all_as(
            "SELECT name, role, side FROM board_meeting_attendees WHERE meeting_id = $1 ORDER BY position",
            &[id.into()],
        )
        .await?;
    Ok(meeting)
}

/// The earliest meeting's date: the guidance is reviewed at the first one.
pub async fn first_meeting(db: &Db, project_id: i64) -> Result<Option<NaiveDate>, StoreError> {
    let sql = "SELECT held_on FROM board_meetings WHERE project_id = $1 ORDER BY held_on, id";
    db.fetch_optional_scalar(sql, &[project_id.into()]).await
}

pub async fn first_meeting_in(tx: &mut Tx, project_id: i64) -> Result<Option<NaiveDate>, StoreError> {
    let sql = "SELECT held_on FROM board_meetings WHERE project_id = $1 ORDER BY held_on, id";
    tx.fetch_optional_scalar(sql, &[project_id.into()]).await
}

/// Adds a meeting with its attendees (name, role, side); returns its id.
pub async fn add_meeting(
    tx: &mut Tx,
    project_id: i64,
    m: &ValidMeeting,
    attendees: &[Attendee],
    by: &str,
) -> Result<i64, StoreError> {
    let id: i64 = tx
        .fetch_scalar(
            "INSERT INTO board_meetings (project_id, held_on, agenda, recorded_by, created_at)
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
            &[project_id.into(), m.held_on.into(), m.agenda.as_str().into(), by.into(), now().into()],
        )
        .await?;
    for (position, a) in (0_i64..).zip(attendees) {
        tx.execute(
            "INSERT INTO board_meeting_attendees (meeting_id, position, name, role, side) VALUES ($1, $2, $3, $4, $5)",
            &[id.into(), position.into(), a.name.as_str().into(), a.role.as_str().into(), a.side.as_str().into()],
        )
        .await?;
    }
    Ok(id)
}

const DECISIONS: &str = "SELECT d.id, d.project_id, d.meeting_id, m.held_on, d.what, d.decided_by, d.category,
        d.recorded_by, d.at
    FROM board_decisions d JOIN board_meetings m ON m.id = d.meeting_id";

/// The decision log of a project, the latest meeting first.
pub async fn decisions(db: &Db, project_id: i64) -> Result<Vec<Decision>, StoreError> {
    let sql = format!("{DECISIONS} WHERE d.project_id = $1 ORDER BY m.held_on DESC, d.id DESC");
    db.fetch_all_as(&sql, &[project_id.into()]).await
}

pub async fn decision_in(tx: &mut Tx, id: i64) -> Result<Decision, StoreError> {
    tx.fetch_one_as(&format!("{DECISIONS} WHERE d.id = $1"), &[id.into()]).await
}

/// The project a meeting belongs to, if the meeting exists.
pub async fn meeting_project_in(tx: &mut Tx, meeting_id: i64) -> Result<Option<i64>, StoreError> {
    tx.fetch_optional_scalar("SELECT project_id FROM board_meetings WHERE id = $1", &[meeting_id.into()]).await
}

pub async fn add_decision(tx: &mut Tx, project_id: i64, d: &ValidDecision, by: &str) -> Result<i64, StoreError> {
    tx.fetch_scalar(
        "INSERT INTO board_decisions (project_id, meeting_id, what, decided_by, category, recorded_by, at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        &[
            project_id.into(),
            d.meeting_id.into(),
            d.what.as_str().into(),
            d.decided_by.as_str().into(),
            d.category.as_str().into(),
            by.into(),
            now().into(),
        ],
    )
    .await
}
