//! Project boards: members, how the board works, the guidance delivery
//! steps (migration 0005). Meetings and decisions are in `board_log`.

use chrono::{DateTime, Utc};
use kumppani_domain::board::guidance::Step;
use kumppani_domain::board::{BoardRole, Person, Seat, Side, ValidBoard};
use serde::Serialize;

use crate::{Db, StoreError, Tx, Value, now};

/// A board as stored, with its members' names resolved. A project without a
/// saved board has an empty one at version 0.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Board {
    pub project_id: i64,
    pub meeting_interval: String,
    pub ways_of_working: String,
    pub affects_customer_base: bool,
    pub members: Vec<Member>,
    /// The guidance steps done so far.
    pub guidance: Vec<StepDone>,
    /// 0 until the board is first saved.
    pub version: i64,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema, sqlx::FromRow)]
pub struct Member {
    pub id: i64,
    pub user_id: Option<i64>,
    pub contact_id: Option<i64>,
    pub name: String,
    #[schema(value_type = String)]
    #[sqlx(try_from = "crate::StoredKey<BoardRole>")]
    pub role: BoardRole,
    #[schema(value_type = String)]
    #[sqlx(try_from = "crate::StoredKey<Side>")]
    pub side: Side,
}

impl Member {
    pub fn seat(&self) -> Seat {
        let person = match (self.user_id, self.contact_id) {
            (Some(u), _) => Person::User(u),
            (None, c) => Person::Contact(c.unwrap_or_default()),
        };
        Seat { person, role: self.role, side: self.side }
    }
}

/// One guidance step done: when, and by whom (the name as it was then).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct StepDone {
    #[schema(value_type = String)]
    pub step: Step,
    pub at: DateTime<Utc>,
    pub by: String,
}

impl Board {
    pub fn done(&self, step: Step) -> Option<&StepDone> {
        self.guidance.iter().find(|d| d.step == step)
    }

    /// Fields as the history shows them: members by name and role.
    pub fn audit_fields(&self) -> Vec<(&'static str, Option<String>)> {
        let text = |t: &str| Some(t.to_owned()).filter(|t| !t.is_empty());
        let members: Vec<String> =
            self.members.iter().map(|m| format!("{} ({}, {})", m.name, m.role.as_str(), m.side.as_str())).collect();
        vec![
            ("members", text(&members.join("; "))),
            ("meeting_interval", text(&self.meeting_interval)),
            ("ways_of_working", text(&self.ways_of_working)),
            ("affects_customer_base", Some(self.affects_customer_base.to_string())),
        ]
    }
}

/// The step columns of `boards`: (step, time column, name column). Column
/// names come from here only, never from input.
const STEP_COLUMNS: [(Step, &str, &str); 3] = [
    (Step::SentToCustomer, "sent_to_customer_at", "sent_to_customer_by"),
    (Step::SentToMembers, "sent_to_members_at", "sent_to_members_by"),
    (Step::ReviewedAtFirstMeeting, "reviewed_at", "reviewed_by"),
];

const BOARD: &str = "SELECT project_id, meeting_interval, ways_of_working, affects_customer_base,
        sent_to_customer_at, sent_to_customer_by, sent_to_members_at, sent_to_members_by, reviewed_at, reviewed_by,
        version
    FROM boards WHERE project_id = $1";

const MEMBERS: &str =
    "SELECT bm.id, bm.user_id, bm.contact_id, COALESCE(u.display_name, c.name) AS name, bm.role, bm.side
    FROM board_members bm
    LEFT JOIN users u ON u.id = bm.user_id
    LEFT JOIN contacts c ON c.id = bm.contact_id
    WHERE bm.project_id = $1 ORDER BY bm.id";

/// A `boards` row. The step columns are those of [`STEP_COLUMNS`].
#[derive(sqlx::FromRow)]
struct StoredBoard {
    meeting_interval: String,
    ways_of_working: String,
    affects_customer_base: bool,
    sent_to_customer_at: Option<DateTime<Utc>>,
    sent_to_customer_by: Option<String>,
    sent_to_members_at: Option<DateTime<Utc>>,
    sent_to_members_by: Option<String>,
    reviewed_at: Option<DateTime<Utc>>,
    reviewed_by: Option<String>,
    version: i64,
}

fn board(project_id: i64, stored: Option<StoredBoard>, members: Vec<Member>) -> Board {
    let Some(b) = stored else {
        return Board {
            project_id,
            meeting_interval: String::new(),
            ways_of_working: String::new(),
            affects_customer_base: false,
            members,
            guidance: Vec::new(),
            version: 0,
        };
    };
    let steps = [
        (Step::SentToCustomer, b.sent_to_customer_at, b.sent_to_customer_by),
        (Step::SentToMembers, b.sent_to_members_at, b.sent_to_members_by),
        (Step::ReviewedAtFirstMeeting, b.reviewed_at, b.reviewed_by),
    ];
    let guidance = steps
        .into_iter()
        .filter_map(|(step, at, by)| at.map(|at| StepDone { step, at, by: by.unwrap_or_default() }))
        .collect();
    Board {
        project_id,
        meeting_interval: b.meeting_interval,
        ways_of_working: b.ways_of_working,
        affects_customer_base: b.affects_customer_base,
        members,
        guidance,
        version: b.version,
    }
}

pub async fn get(db: &Db, project_id: i64) -> Result<Board, StoreError> {
    let stored = db.fetch_optional_as(BOARD, &[project_id.into()]).await?;
    Ok(board(project_id, stored, db.fetch_all_as(MEMBERS, &[project_id.into()]).await?))
}

pub async fn get_in(tx: &mut Tx, project_id: i64) -> Result<Board, StoreError> {
    let stored = tx.fetch_optional_as(BOARD, &[project_id.into()]).await?;
    Ok(board(project_id, stored, tx.fetch_all_as(MEMBERS, &[project_id.into()]).await?))
}

/// Bumps the board's version if it is at `version`; a board not yet saved
/// (version 0) is created. Zero rows: someone else saved first.
async fn advance(tx: &mut Tx, project_id: i64, version: i64) -> Result<(), StoreError> {
    let at = now();
    let rows = if version == 0 {
        tx.execute(
            "INSERT INTO boards (project_id, created_at, updated_at) VALUES ($1, $2, $2)
             ON CONFLICT (project_id) DO NOTHING",
            &[project_id.into(), at.into()],
        )
        .await?
    } else {
        tx.execute(
            "UPDATE boards SET version = version + 1, updated_at = $3 WHERE project_id = $1 AND version = $2",
            &[project_id.into(), version.into(), at.into()],
        )
        .await?
    };
    if rows == 1 {
        return Ok(());
    }
    match tx.fetch_optional_scalar("SELECT version FROM boards WHERE project_id = $1", &[project_id.into()]).await? {
        Some(current) => Err(StoreError::Conflict { current }),
        None => Err(StoreError::NotFound),
    }
}

/// Replaces the board's members and settings, if it is still at `version`.
pub async fn save(tx: &mut Tx, project_id: i64, version: i64, b: &ValidBoard) -> Result<(), StoreError> {
    advance(tx, project_id, version).await?;
    tx.execute(
        "UPDATE boards SET meeting_interval = $2, ways_of_working = $3, affects_customer_base = $4
         WHERE project_id = $1",
        &[
            project_id.into(),
            b.meeting_interval.as_str().into(),
            b.ways_of_working.as_str().into(),
            b.affects_customer_base.into(),
        ],
    )
    .await?;
    // Members who stay keep their row (and id): a page's row forms name them.
    let before: Vec<Member> = tx.fetch_all_as(MEMBERS, &[project_id.into()]).await?;
    for m in &before {
        let seat = m.seat();
        match b.seats.iter().find(|s| s.person == seat.person) {
            Some(s) => {
                let sql = "UPDATE board_members SET role = $2, side = $3 WHERE id = $1";
                tx.execute(sql, &[m.id.into(), s.role.as_str().into(), s.side.as_str().into()]).await?;
            }
            None => {
                tx.execute("DELETE FROM board_members WHERE id = $1", &[m.id.into()]).await?;
            }
        }
    }
    for s in b.seats.iter().filter(|s| !before.iter().any(|m| m.seat().person == s.person)) {
        let (user, contact): (Option<i64>, Option<i64>) = match s.person {
            Person::User(id) => (Some(id), None),
            Person::Contact(id) => (None, Some(id)),
        };
        tx.execute(
            "INSERT INTO board_members (project_id, user_id, contact_id, role, side) VALUES ($1, $2, $3, $4, $5)",
            &[project_id.into(), user.into(), contact.into(), s.role.as_str().into(), s.side.as_str().into()],
        )
        .await?;
    }
    Ok(())
}

/// Records a guidance step as done now by `by`, if the board is still at
/// `version`.
pub async fn record_step(tx: &mut Tx, project_id: i64, version: i64, step: Step, by: &str) -> Result<(), StoreError> {
    advance(tx, project_id, version).await?;
    let Some((_, at, name)) = STEP_COLUMNS.iter().find(|(s, _, _)| *s == step) else {
        return Err(StoreError::Malformed(format!("step {}", step.as_str())));
    };
    let sql = format!("UPDATE boards SET {at} = $2, {name} = $3 WHERE project_id = $1");
    let params: [Value; 3] = [project_id.into(), now().into(), by.into()];
    tx.execute(&sql, &params).await?;
    Ok(())
}

/// The projects whose board has this user as a member, by project name.
pub async fn projects_of(db: &Db, user_id: i64) -> Result<Vec<i64>, StoreError> {
    db.fetch_all_scalar(
        "SELECT p.id FROM projects p WHERE EXISTS
                (SELECT 1 FROM board_members bm WHERE bm.project_id = p.id AND bm.user_id = $1)
             ORDER BY p.name_key, p.id",
        &[user_id.into()],
    )
    .await
}

/// The name of the project customer's partnership manager, if any.
pub async fn partnership_manager(db: &Db, project_id: i64) -> Result<Option<String>, StoreError> {
    db.fetch_optional_scalar(
        "SELECT u.display_name FROM projects p JOIN customers c ON c.id = p.customer_id
             JOIN users u ON u.id = c.manager_id WHERE p.id = $1",
        &[project_id.into()],
    )
    .await
}

/// Whose boards a reader sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BoardScope {
    All,
    /// Only the boards this user sits on.
    Member {
        user_id: i64,
    },
}

/// Whether the project exists and the scope may read its board. A board
/// the scope may not read looks like a missing project.
pub async fn visible(db: &Db, project_id: i64, scope: &BoardScope) -> Result<bool, StoreError> {
    let row = match *scope {
        BoardScope::All => db.fetch_optional("SELECT id FROM projects WHERE id = $1", &[project_id.into()]).await?,
        BoardScope::Member { user_id } => {
            let sql = "SELECT project_id FROM board_members WHERE project_id = $1 AND user_id = $2";
            db.fetch_optional(sql, &[project_id.into(), user_id.into()]).await?
        }
    };
    Ok(row.is_some())
}
