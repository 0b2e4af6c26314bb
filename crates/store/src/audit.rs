//! The audit trail: append-only, written in the same transaction as the change.

use chrono::{DateTime, Utc};
use kumppani_domain::{Actor, Change};
use serde::Serialize;

use crate::{Db, StoreError, Tx, now};

/// What an audit row says happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Create,
    Update,
    Delete,
    SignIn,
    SignInFailed,
    SignInThrottled,
    SignOut,
    /// A request the policy refused.
    Denied,
    /// One batch of a CSV import: a summary row, not one per record.
    Import,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Create => "create",
            Action::Update => "update",
            Action::Delete => "delete",
            Action::SignIn => "sign_in",
            Action::SignInFailed => "sign_in_failed",
            Action::SignInThrottled => "sign_in_throttled",
            Action::Denied => "denied",
            Action::SignOut => "sign_out",
            Action::Import => "import",
        }
    }
}

/// The record an audit row is about, and the record whose history shows it.
pub struct Target<'a> {
    pub entity: &'a str,
    pub entity_id: Option<i64>,
    pub subject: Option<(&'a str, i64)>,
}

pub async fn record(
    tx: &mut Tx,
    actor: &Actor,
    action: Action,
    target: Target<'_>,
    changes: &[Change],
) -> Result<(), StoreError> {
    let changes = serde_json::to_string(changes).map_err(|e| StoreError::Malformed(e.to_string()))?;
    let (subject_type, subject_id) = target.subject.map_or((None, None), |(t, id)| (Some(t), Some(id)));
    tx.execute(
        "INSERT INTO audit_log (at, actor_id, actor_name, action, entity, entity_id, subject_type, subject_id, changes)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        &[
            now().into(),
            actor.id().into(),
            actor.name().into(),
            action.as_str().into(),
            target.entity.into(),
            target.entity_id.into(),
            subject_type.into(),
            subject_id.into(),
            changes.into(),
        ],
    )
    .await?;
    Ok(())
}

/// One entry of a record's history.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema, sqlx::FromRow)]
pub struct AuditEntry {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub actor_name: String,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<i64>,
    #[schema(value_type = Vec<Object>)]
    #[sqlx(flatten, try_from = "StoredChanges")]
    pub changes: Vec<Change>,
}

/// The changes as stored: a JSON array in a TEXT column.
#[derive(sqlx::FromRow)]
pub struct StoredChanges {
    changes: String,
}

impl TryFrom<StoredChanges> for Vec<Change> {
    type Error = StoreError;

    fn try_from(stored: StoredChanges) -> Result<Self, StoreError> {
        serde_json::from_str(&stored.changes).map_err(|e| StoreError::Malformed(e.to_string()))
    }
}

const COLUMNS: &str = "id, at, actor_name, action, entity, entity_id, changes";

/// The newest `limit` entries shown in a record's history, newest first.
pub async fn history(db: &Db, subject_type: &str, subject_id: i64, limit: i64) -> Result<Vec<AuditEntry>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM audit_log WHERE subject_type = $1 AND subject_id = $2 ORDER BY id DESC LIMIT $3"
    );
    db.fetch_all_as(&sql, &[subject_type.into(), subject_id.into(), limit.into()]).await
}

/// Every entry about one entity, oldest first (for tests and exports).
pub async fn for_entity(db: &Db, entity: &str, entity_id: i64) -> Result<Vec<AuditEntry>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM audit_log WHERE entity = $1 AND entity_id = $2 ORDER BY id");
    db.fetch_all_as(&sql, &[entity.into(), entity_id.into()]).await
}

pub async fn count(db: &Db) -> Result<i64, StoreError> {
    db.fetch_scalar("SELECT COUNT(*) AS n FROM audit_log", &[]).await
}
