//! Board meetings (with a snapshot of who attended) and the decision log,
//! which only grows.

use chrono::{DateTime, NaiveDate, Utc};
use kumppani_domain::board::meeting::{Category, ValidDecision, ValidMeeting};
use serde::Serialize;

use crate::{Db, Row, StoreError, Tx, now};

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Meeting {
    pub id: i64,
    pub project_id: i64,
    pub held_on: NaiveDate,
    pub agenda: String,
    /// Who attended, as they sat on the board that day.
    pub attendees: Vec<Attendee>,
    pub recorded_by: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Attendee {
    pub name: String,
    /// The board role (`executive`, `senior_user`, …).
    pub role: String,
    /// `customer`, `supplier` or `centre`
    pub side: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Decision {
    pub id: i64,
    pub project_id: i64,
    pub meeting_id: i64,
    /// The date of the meeting where it was decided.
    pub held_on: NaiveDate,
    pub what: String,
    pub decided_by: String,
    #[schema(value_type = String)]
    pub category: Category,
    pub recorded_by: String,
    pub at: DateTime<Utc>,
}

const MEETINGS: &str = "SELECT id, project_id, held_on, agenda, recorded_by, created_at FROM board_meetings";

fn meeting(row: &Row, attendees: Vec<Attendee>) -> Result<Meeting, StoreError> {
    Ok(Meeting {
        id: row.get("id")?,
        project_id: row.get("project_id")?,
        held_on: row.get("held_on")?,
        agenda: row.get("agenda")?,
        attendees,
        recorded_by: row.get("recorded_by")?,
        created_at: row.get("created_at")?,
    })
}

fn attendee(row: &Row) -> Result<(i64, Attendee), StoreError> {
    Ok((row.get("meeting_id")?, Attendee { name: row.get("name")?, role: row.get("role")?, side: row.get("side")? }))
}

/// A project's meetings, the latest first.
pub async fn meetings(db: &Db, project_id: i64) -> Result<Vec<Meeting>, StoreError> {
    let rows = db
        .fetch_all(&format!("{MEETINGS} WHERE project_id = $1 ORDER BY held_on DESC, id DESC"), &[project_id.into()])
        .await?;
    let people = db
        .fetch_all(
            "SELECT a.meeting_id, a.name, a.role, a.side FROM board_meeting_attendees a
             JOIN board_meetings m ON m.id = a.meeting_id WHERE m.project_id = $1 ORDER BY a.meeting_id, a.position",
            &[project_id.into()],
        )
        .await?
        .iter()
        .map(attendee)
        .collect::<Result<Vec<_>, _>>()?;
    rows.iter()
        .map(|r| {
            let id: i64 = r.get("id")?;
            meeting(r, people.iter().filter(|(m, _)| *m == id).map(|(_, a)| a.clone()).collect())
        })
        .collect()
}

pub async fn meeting_in(tx: &mut Tx, id: i64) -> Result<Meeting, StoreError> {
    let row = tx.fetch_one(&format!("{MEETINGS} WHERE id = $1"), &[id.into()]).await?;
    let people = tx
        .fetch_all(
            "SELECT meeting_id, name, role, side FROM board_meeting_attendees WHERE meeting_id = $1 ORDER BY position",
            &[id.into()],
        )
        .await?
        .iter()
        .map(|r| attendee(r).map(|(_, a)| a))
        .collect::<Result<Vec<_>, _>>()?;
    meeting(&row, people)
}

/// The earliest meeting's date: the guidance is reviewed at the first one.
pub async fn first_meeting(db: &Db, project_id: i64) -> Result<Option<NaiveDate>, StoreError> {
    let sql = "SELECT held_on FROM board_meetings WHERE project_id = $1 ORDER BY held_on, id";
    db.fetch_optional(sql, &[project_id.into()]).await?.map(|r| r.get("held_on")).transpose()
}

pub async fn first_meeting_in(tx: &mut Tx, project_id: i64) -> Result<Option<NaiveDate>, StoreError> {
    let sql = "SELECT held_on FROM board_meetings WHERE project_id = $1 ORDER BY held_on, id";
    tx.fetch_optional(sql, &[project_id.into()]).await?.map(|r| r.get("held_on")).transpose()
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
        .fetch_one(
            "INSERT INTO board_meetings (project_id, held_on, agenda, recorded_by, created_at)
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
            &[project_id.into(), m.held_on.into(), m.agenda.as_str().into(), by.into(), now().into()],
        )
        .await?
        .get("id")?;
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

fn decision(row: &Row) -> Result<Decision, StoreError> {
    let category: String = row.get("category")?;
    Ok(Decision {
        id: row.get("id")?,
        project_id: row.get("project_id")?,
        meeting_id: row.get("meeting_id")?,
        held_on: row.get("held_on")?,
        what: row.get("what")?,
        decided_by: row.get("decided_by")?,
        category: Category::parse(&category).map_err(|_| StoreError::Malformed(format!("category {category}")))?,
        recorded_by: row.get("recorded_by")?,
        at: row.get("at")?,
    })
}

/// The decision log of a project, the latest meeting first.
pub async fn decisions(db: &Db, project_id: i64) -> Result<Vec<Decision>, StoreError> {
    let sql = format!("{DECISIONS} WHERE d.project_id = $1 ORDER BY m.held_on DESC, d.id DESC");
    db.fetch_all(&sql, &[project_id.into()]).await?.iter().map(decision).collect()
}

pub async fn decision_in(tx: &mut Tx, id: i64) -> Result<Decision, StoreError> {
    decision(&tx.fetch_one(&format!("{DECISIONS} WHERE d.id = $1"), &[id.into()]).await?)
}

/// The project a meeting belongs to, if the meeting exists.
pub async fn meeting_project_in(tx: &mut Tx, meeting_id: i64) -> Result<Option<i64>, StoreError> {
    let row = tx.fetch_optional("SELECT project_id FROM board_meetings WHERE id = $1", &[meeting_id.into()]).await?;
    row.map(|r| r.get("project_id")).transpose()
}

pub async fn add_decision(tx: &mut Tx, project_id: i64, d: &ValidDecision, by: &str) -> Result<i64, StoreError> {
    tx.fetch_one(
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
    .await?
    .get("id")
}
