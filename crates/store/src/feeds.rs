//! Calendar feeds: secret ICS subscription URLs, stored as hashes.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::{Db, StoreError, Tx, check_updated, now};

/// What a feed covers. Stored as `scope` plus the customer or manager id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(tag = "scope", rename_all = "snake_case")]
pub enum FeedScope {
    Customer { customer_id: i64 },
    Manager { manager_id: i64 },
    Centre,
}

impl FeedScope {
    fn parts(self) -> (&'static str, Option<i64>, Option<i64>) {
        match self {
            FeedScope::Customer { customer_id } => ("customer", Some(customer_id), None),
            FeedScope::Manager { manager_id } => ("manager", None, Some(manager_id)),
            FeedScope::Centre => ("centre", None, None),
        }
    }
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema, sqlx::FromRow)]
pub struct Feed {
    pub id: i64,
    pub user_id: i64,
    #[serde(flatten)]
    #[sqlx(flatten, try_from = "StoredScope")]
    pub scope: FeedScope,
    /// The customer's or the manager's name, for lists.
    pub scope_name: Option<String>,
    /// The language the feed's titles are written in.
    pub lang: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub version: i64,
}

const SELECT: &str = "SELECT f.id, f.user_id, f.scope, f.customer_id, f.manager_id, f.lang, f.created_at,
        f.last_used_at, f.revoked_at, f.version, COALESCE(c.name, m.display_name) AS scope_name
    FROM calendar_feeds f
    LEFT JOIN customers c ON c.id = f.customer_id
    LEFT JOIN users m ON m.id = f.manager_id";

/// A feed's scope as stored: the key and the id its key needs.
#[derive(sqlx::FromRow)]
pub struct StoredScope {
    scope: String,
    customer_id: Option<i64>,
    manager_id: Option<i64>,
}

impl TryFrom<StoredScope> for FeedScope {
    type Error = StoreError;

    fn try_from(stored: StoredScope) -> Result<Self, StoreError> {
        match (stored.scope.as_str(), stored.customer_id, stored.manager_id) {
            ("customer", Some(customer_id), _) => Ok(FeedScope::Customer { customer_id }),
            ("manager", _, Some(manager_id)) => Ok(FeedScope::Manager { manager_id }),
            ("centre", _, _) => Ok(FeedScope::Centre),
            _ => Err(StoreError::Malformed(format!("calendar feed scope {}", stored.scope))),
        }
    }
}

pub async fn for_user(db: &Db, user_id: i64) -> Result<Vec<Feed>, StoreError> {
    let sql = format!("{SELECT} WHERE f.user_id = $1 ORDER BY f.id DESC");
    db.fetch_all_as(&sql, &[user_id.into()]).await
}

pub async fn get_in(tx: &mut Tx, id: i64) -> Result<Feed, StoreError> {
    tx.fetch_one_as(&format!("{SELECT} WHERE f.id = $1"), &[id.into()]).await
}

pub async fn insert(
    tx: &mut Tx,
    user_id: i64,
    scope: FeedScope,
    lang: &str,
    token_hash: &str,
) -> Result<i64, StoreError> {
    let (kind, customer_id, manager_id) = scope.parts();
    tx.fetch_scalar(
        "INSERT INTO calendar_feeds (user_id, scope, customer_id, manager_id, lang, token_hash, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        &[
            user_id.into(),
            kind.into(),
            customer_id.into(),
            manager_id.into(),
            lang.into(),
            token_hash.into(),
            now().into(),
        ],
    )
    .await
}

pub async fn revoke(tx: &mut Tx, id: i64, version: i64) -> Result<(), StoreError> {
    let rows = tx
        .execute(
            "UPDATE calendar_feeds SET revoked_at = $3, version = version + 1
             WHERE id = $1 AND version = $2 AND revoked_at IS NULL",
            &[id.into(), version.into(), now().into()],
        )
        .await?;
    check_updated(tx, "calendar_feeds", id, rows).await
}

/// The live feed with this secret's hash, if its owner is active.
pub async fn lookup(db: &Db, token_hash: &str) -> Result<Option<Feed>, StoreError> {
    let sql = format!(
        "{SELECT} JOIN users o ON o.id = f.user_id
         WHERE f.token_hash = $1 AND f.revoked_at IS NULL AND o.active"
    );
    db.fetch_optional_as(&sql, &[token_hash.into()]).await
}

/// Records a fetch; called at most once a minute per feed.
pub async fn touch(db: &Db, id: i64) -> Result<(), StoreError> {
    db.execute("UPDATE calendar_feeds SET last_used_at = $2 WHERE id = $1", &[id.into(), now().into()]).await?;
    Ok(())
}
