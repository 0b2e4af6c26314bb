//! Absences: while a partnership manager is away, deputies stand in.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::{Db, StoreError, Tx, check_updated, now};

#[derive(Debug, Clone, Serialize, utoipa::ToSchema, sqlx::FromRow)]
pub struct Absence {
    pub id: i64,
    pub user_id: i64,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub note: String,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Absence {
    pub fn audit_fields(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("starts_on", Some(self.starts_on.to_string())),
            ("ends_on", Some(self.ends_on.to_string())),
            ("note", Some(self.note.clone()).filter(|n| !n.is_empty())),
        ]
    }
}

const SELECT: &str = "SELECT id, user_id, starts_on, ends_on, note, version, created_at, updated_at FROM absences";

/// A person's absences that have not ended before `from`, soonest first.
pub async fn for_user(db: &Db, user_id: i64, from: NaiveDate) -> Result<Vec<Absence>, StoreError> {
    let sql = format!("{SELECT} WHERE user_id = $1 AND ends_on >= $2 ORDER BY starts_on, id");
    db.fetch_all_as(&sql, &[user_id.into(), from.into()]).await
}

pub async fn get_in(tx: &mut Tx, id: i64) -> Result<Absence, StoreError> {
    tx.fetch_one_as(&format!("{SELECT} WHERE id = $1"), &[id.into()]).await
}

pub async fn insert(
    tx: &mut Tx,
    user_id: i64,
    starts: NaiveDate,
    ends: NaiveDate,
    note: &str,
) -> Result<i64, StoreError> {
    tx.fetch_scalar(
        "INSERT INTO absences (user_id, starts_on, ends_on, note, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
        &[user_id.into(), starts.into(), ends.into(), note.into(), now().into()],
    )
    .await
}

pub async fn delete(tx: &mut Tx, id: i64, version: i64) -> Result<(), StoreError> {
    let rows = tx.execute("DELETE FROM absences WHERE id = $1 AND version = $2", &[id.into(), version.into()]).await?;
    check_updated(tx, "absences", id, rows).await
}

/// The SQL condition "user `$n` is away on day `$m`", for record-level rules.
pub fn away_condition(user_column: &str, day_param: usize) -> String {
    format!(
        "EXISTS (SELECT 1 FROM absences a WHERE a.user_id = {user_column} \
         AND a.starts_on <= ${day_param} AND a.ends_on >= ${day_param})"
    )
}

/// Whether a person is away on a day (read inside the write that routes).
pub async fn is_away(tx: &mut Tx, user_id: i64, day: NaiveDate) -> Result<bool, StoreError> {
    let sql = "SELECT id FROM absences WHERE user_id = $1 AND starts_on <= $2 AND ends_on >= $2";
    Ok(tx.fetch_optional(sql, &[user_id.into(), day.into()]).await?.is_some())
}
