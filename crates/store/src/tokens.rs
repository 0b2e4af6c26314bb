//! Personal API tokens.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::{Db, StoreError, Tx, check_updated, now};

#[derive(Debug, Clone, Serialize, utoipa::ToSchema, sqlx::FromRow)]
pub struct ApiToken {
    pub id: i64,
    pub user_id: i64,
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
    /// The token stops working at this moment. Chosen at creation.
    #[sqlx(flatten, try_from = "StoredExpiry")]
    pub expires_at: DateTime<Utc>,
    pub version: i64,
}

const SELECT: &str =
    "SELECT id, user_id, name, created_at, last_used_at, revoked_at, expires_at, version FROM api_tokens";

/// The stored expiry. Every token gets a date at creation (and older ones
/// at the upgrade to 0010); a missing one reads as already expired, never
/// as "never".
#[derive(sqlx::FromRow)]
pub struct StoredExpiry {
    expires_at: Option<DateTime<Utc>>,
}

impl From<StoredExpiry> for DateTime<Utc> {
    fn from(stored: StoredExpiry) -> Self {
        stored.expires_at.unwrap_or(DateTime::<Utc>::UNIX_EPOCH)
    }
}

pub async fn for_user(db: &Db, user_id: i64) -> Result<Vec<ApiToken>, StoreError> {
    let sql = format!("{SELECT} WHERE user_id = $1 ORDER BY id DESC");
    db.fetch_all_as(&sql, &[user_id.into()]).await
}

pub async fn get_in(tx: &mut Tx, id: i64) -> Result<ApiToken, StoreError> {
    tx.fetch_one_as(&format!("{SELECT} WHERE id = $1"), &[id.into()]).await
}

pub async fn insert(
    tx: &mut Tx,
    user_id: i64,
    name: &str,
    token_hash: &str,
    expires_at: DateTime<Utc>,
) -> Result<i64, StoreError> {
    tx.fetch_scalar(
        "INSERT INTO api_tokens (user_id, name, token_hash, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
        &[user_id.into(), name.into(), token_hash.into(), now().into(), expires_at.into()],
    )
    .await
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

/// Revokes every live token of a user (on a password change) and returns
/// the revoked tokens as they are now, for the audit trail.
pub async fn revoke_all_for_user(tx: &mut Tx, user_id: i64) -> Result<Vec<ApiToken>, StoreError> {
    let at = now();
    let live = format!("{SELECT} WHERE user_id = $1 AND revoked_at IS NULL ORDER BY id");
    let ids: Vec<i64> = tx.fetch_all_scalar(&live, &[user_id.into()]).await?;
    let mut revoked = Vec::with_capacity(ids.len());
    for id in ids {
        tx.execute(
            "UPDATE api_tokens SET revoked_at = $2, version = version + 1 WHERE id = $1 AND revoked_at IS NULL",
            &[id.into(), at.into()],
        )
        .await?;
        revoked.push(get_in(tx, id).await?);
    }
    Ok(revoked)
}

/// The token id, user id and last use of a live token of an active user:
/// not revoked and not expired at `at`.
pub async fn lookup(
    db: &Db,
    token_hash: &str,
    at: DateTime<Utc>,
) -> Result<Option<(i64, i64, Option<DateTime<Utc>>)>, StoreError> {
    db.fetch_optional_as(
        "SELECT t.id, t.user_id, t.last_used_at FROM api_tokens t JOIN users u ON u.id = t.user_id
             WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND t.expires_at > $2 AND u.active",
        &[token_hash.into(), at.into()],
    )
    .await
}

/// Records a use; called at most once a minute per token.
pub async fn touch(db: &Db, id: i64) -> Result<(), StoreError> {
    db.execute("UPDATE api_tokens SET last_used_at = $2 WHERE id = $1", &[id.into(), now().into()]).await?;
    Ok(())
}
