//! Personal API tokens.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::{Db, Row, StoreError, Tx, check_updated, now};

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ApiToken {
    pub id: i64,
    pub user_id: i64,
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub version: i64,
}

const SELECT: &str = "SELECT id, user_id, name, created_at, last_used_at, revoked_at, version FROM api_tokens";

fn token(row: &Row) -> Result<ApiToken, StoreError> {
    Ok(ApiToken {
        id: row.get("id")?,
        user_id: row.get("user_id")?,
        name: row.get("name")?,
        created_at: row.get("created_at")?,
        last_used_at: row.get("last_used_at")?,
        revoked_at: row.get("revoked_at")?,
        version: row.get("version")?,
    })
}

pub async fn for_user(db: &Db, user_id: i64) -> Result<Vec<ApiToken>, StoreError> {
    let sql = format!("{SELECT} WHERE user_id = $1 ORDER BY id DESC");
    db.fetch_all(&sql, &[user_id.into()]).await?.iter().map(token).collect()
}

pub async fn get_in(tx: &mut Tx, id: i64) -> Result<ApiToken, StoreError> {
    token(&tx.fetch_one(&format!("{SELECT} WHERE id = $1"), &[id.into()]).await?)
}

pub async fn insert(tx: &mut Tx, user_id: i64, name: &str, token_hash: &str) -> Result<i64, StoreError> {
    tx.fetch_one(
        "INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
        &[user_id.into(), name.into(), token_hash.into(), now().into()],
    )
    .await?
    .get("id")
}

pub async fn revoke(tx: &mut Tx, id: i64, version: i64) -> Result<(), StoreError> {
    let rows = tx
        .execute(
            "UPDATE api_tokens SET revoked_at = $3, version = version + 1
             WHERE id = $1 AND version = $2 AND revoked_at IS NULL",
            &[id.into(), version.into(), now().into()],
        )
        .await?;
    check_updated(tx, "api_tokens", id, rows).await
}

/// The user id and token id of a live token of an active user.
pub async fn lookup(db: &Db, token_hash: &str) -> Result<Option<(i64, i64, Option<DateTime<Utc>>)>, StoreError> {
    let row = db
        .fetch_optional(
            "SELECT t.id, t.user_id, t.last_used_at FROM api_tokens t JOIN users u ON u.id = t.user_id
             WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND u.active",
            &[token_hash.into()],
        )
        .await?;
    match row {
        Some(r) => Ok(Some((r.get("id")?, r.get("user_id")?, r.get("last_used_at")?))),
        None => Ok(None),
    }
}

/// Records a use; called at most once a minute per token.
pub async fn touch(db: &Db, id: i64) -> Result<(), StoreError> {
    db.execute("UPDATE api_tokens SET last_used_at = $2 WHERE id = $1", &[id.into(), now().into()]).await?;
    Ok(())
}
