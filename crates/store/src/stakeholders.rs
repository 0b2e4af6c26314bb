//! A project's stakeholder register and communication plan.

use chrono::{DateTime, Utc};
use kumppani_domain::stakeholder::{BoardRole, Level, Side, ValidCommunication, ValidStakeholder};
use serde::Serialize;

use crate::{Db, StoreError, Tx, Value, check_updated, now};

#[derive(Debug, Clone, Serialize, utoipa::ToSchema, sqlx::FromRow)]
pub struct Stakeholder {
    pub id: i64,
    pub project_id: i64,
    pub name: String,
    pub organisation: String,
    /// `customer`, `supplier` or `centre`
    #[schema(value_type = String)]
    #[sqlx(try_from = "crate::StoredKey<Side>")]
    pub side: Side,
    #[schema(value_type = Option<String>)]
    #[sqlx(try_from = "crate::NullableKey<Level>")]
    pub interest: Option<Level>,
    #[schema(value_type = Option<String>)]
    #[sqlx(try_from = "crate::NullableKey<Level>")]
    pub influence: Option<Level>,
    pub note: String,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Stakeholder {
    pub fn audit_fields(&self) -> Vec<(&'static str, Option<String>)> {
        let text = |t: &str| Some(t.to_owned()).filter(|t| !t.is_empty());
        vec![
            ("name", Some(self.name.clone())),
            ("organisation", text(&self.organisation)),
            ("side", Some(self.side.as_str().to_owned())),
            ("interest", self.interest.map(|l| l.as_str().to_owned())),
            ("influence", self.influence.map(|l| l.as_str().to_owned())),
            ("note", text(&self.note)),
        ]
    }
}

/// One line of the communication plan, with people by name.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema, sqlx::FromRow)]
pub struct CommunicationLine {
    pub id: i64,
    pub project_id: i64,
    pub stakeholder_id: i64,
    pub stakeholder_name: String,
    pub responsible_id: i64,
    pub responsible_name: String,
    /// The responsible member's PRINCE2 role (a glossary key).
    #[schema(value_type = String)]
    #[sqlx(try_from = "crate::StoredKey<BoardRole>")]
    pub responsible_role: BoardRole,
    pub delegated_to_id: Option<i64>,
    pub delegated_to_name: Option<String>,
    pub channel: String,
    pub frequency: String,
    pub content: String,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl CommunicationLine {
    pub fn audit_fields(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("stakeholder", Some(self.stakeholder_name.clone())),
            ("responsible", Some(self.responsible_name.clone())),
            ("responsible_role", Some(self.responsible_role.as_str().to_owned())),
            ("delegated_to", self.delegated_to_name.clone()),
            ("channel", Some(self.channel.clone())),
            ("frequency", Some(self.frequency.clone())),
            ("content", Some(self.content.clone())),
        ]
    }
}

const STAKEHOLDER: &str = "SELECT id, project_id, name, organisation, side, interest, influence, note, version,
        created_at, updated_at FROM stakeholders";

/// A project's stakeholders in the order they were added.
pub async fn list(db: &Db, project_id: i64) -> Result<Vec<Stakeholder>, StoreError> {
    let sql = format!("{STAKEHOLDER} WHERE project_id = $1 ORDER BY id");
    db.fetch_all_as(&sql, &[project_id.into()]).await
}

/// A stakeholder of this project (another project's answers NotFound).
pub async fn get_in(tx: &mut Tx, project_id: i64, id: i64) -> Result<Stakeholder, StoreError> {
    let sql = format!("{STAKEHOLDER} WHERE id = $1 AND project_id = $2");
    tx.fetch_one_as(&sql, &[id.into(), project_id.into()]).await
}

pub async fn get(db: &Db, id: i64) -> Result<Stakeholder, StoreError> {
    db.fetch_one_as(&format!("{STAKEHOLDER} WHERE id = $1"), &[id.into()]).await
}

fn stakeholder_values(s: &ValidStakeholder) -> Vec<Value> {
    vec![
        s.name.as_str().into(),
        s.organisation.as_str().into(),
        s.side.as_str().into(),
        s.interest.map(Level::as_str).into(),
        s.influence.map(Level::as_str).into(),
        s.note.as_str().into(),
    ]
}

pub async fn insert(tx: &mut Tx, project_id: i64, s: &ValidStakeholder) -> Result<i64, StoreError> {
    let mut params = vec![project_id.into()];
    params.extend(stakeholder_values(s));
    params.push(now().into());
    tx.fetch_scalar(
        "INSERT INTO stakeholders (project_id, name, organisation, side, interest, influence, note, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
        &params,
    )
.await
}

pub async fn update(tx: &mut Tx, id: i64, version: i64, s: &ValidStakeholder) -> Result<(), StoreError> {
    let mut params = vec![id.into(), version.into()];
    params.extend(stakeholder_values(s));
    params.push(now().into());
    let rows = tx
        .execute(
            "UPDATE stakeholders SET name = $3, organisation = $4, side = $5, interest = $6, influence = $7, note = $8,
                    version = version + 1, updated_at = $9
             WHERE id = $1 AND version = $2",
            &params,
        )
        .await?;
    check_updated(tx, "stakeholders", id, rows).await
}

/// Deletes a stakeholder at this version.
pub async fn delete(tx: &mut Tx, id: i64, version: i64) -> Result<(), StoreError> {
    let rows =
        tx.execute("DELETE FROM stakeholders WHERE id = $1 AND version = $2", &[id.into(), version.into()]).await?;
    check_updated(tx, "stakeholders", id, rows).await
}

/// How many communication lines name the stakeholder.
pub async fn lines_of(tx: &mut Tx, stakeholder_id: i64) -> Result<i64, StoreError> {
    tx.fetch_scalar("SELECT COUNT(*) AS n FROM communication_lines WHERE stakeholder_id = $1", &[stakeholder_id.into()])
        .await
}

const LINE: &str = "SELECT l.id, l.project_id, l.stakeholder_id, s.name AS stakeholder_name, l.responsible_id,
        r.display_name AS responsible_name, l.responsible_role, l.delegated_to_id, d.display_name AS delegated_to_name,
        l.channel, l.frequency, l.content, l.version, l.created_at, l.updated_at
    FROM communication_lines l
    JOIN stakeholders s ON s.id = l.stakeholder_id
    JOIN users r ON r.id = l.responsible_id
    LEFT JOIN users d ON d.id = l.delegated_to_id";

/// A project's communication plan in the order lines were added.
pub async fn lines(db: &Db, project_id: i64) -> Result<Vec<CommunicationLine>, StoreError> {
    let sql = format!("{LINE} WHERE l.project_id = $1 ORDER BY l.id");
    db.fetch_all_as(&sql, &[project_id.into()]).await
}

pub async fn line_in(tx: &mut Tx, project_id: i64, id: i64) -> Result<CommunicationLine, StoreError> {
    let sql = format!("{LINE} WHERE l.id = $1 AND l.project_id = $2");
    tx.fetch_one_as(&sql, &[id.into(), project_id.into()]).await
}

pub async fn line(db: &Db, id: i64) -> Result<CommunicationLine, StoreError> {
    db.fetch_one_as(&format!("{LINE} WHERE l.id = $1"), &[id.into()]).await
}

fn line_values(c: &ValidCommunication) -> Vec<Value> {
    vec![
        c.stakeholder_id.into(),
        c.responsible_id.into(),
        c.responsible_role.as_str().into(),
        c.delegated_to_id.into(),
        c.channel.as_str().into(),
        c.frequency.as_str().into(),
        c.content.as_str().into(),
    ]
}

pub async fn insert_line(tx: &mut Tx, project_id: i64, c: &ValidCommunication) -> Result<i64, StoreError> {
    let mut params = vec![project_id.into()];
    params.extend(line_values(c));
    params.push(now().into());
    tx.fetch_scalar(
        "INSERT INTO communication_lines (project_id, stakeholder_id, responsible_id, responsible_role, delegated_to_id,
                                          channel, frequency, content, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id",
        &params,
    )
.await
}

pub async fn update_line(tx: &mut Tx, id: i64, version: i64, c: &ValidCommunication) -> Result<(), StoreError> {
    let mut params = vec![id.into(), version.into()];
    params.extend(line_values(c));
    params.push(now().into());
    let rows = tx
        .execute(
            "UPDATE communication_lines SET stakeholder_id = $3, responsible_id = $4, responsible_role = $5,
                    delegated_to_id = $6, channel = $7, frequency = $8, content = $9, version = version + 1,
                    updated_at = $10
             WHERE id = $1 AND version = $2",
            &params,
        )
        .await?;
    check_updated(tx, "communication_lines", id, rows).await
}

pub async fn delete_line(tx: &mut Tx, id: i64, version: i64) -> Result<(), StoreError> {
    let rows = tx
        .execute("DELETE FROM communication_lines WHERE id = $1 AND version = $2", &[id.into(), version.into()])
        .await?;
    check_updated(tx, "communication_lines", id, rows).await
}
