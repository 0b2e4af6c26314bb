//! Calendar feeds: secret ICS subscription URLs, stored as hashes.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::{Db, Row, StoreError, Tx, check_updated, now};

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

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Feed {
    pub id: i64,
    pub user_id: i64,
    #[serde(flatten)]
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

fn feed(row: &Row) -> Result<Feed, StoreError> {
    let scope: String = row.get("scope")?;
    let scope = match (scope.as_str(), row.get::<Option<i64>>("customer_id")?, row.get::<Option<i64>>("manager_id")?) {
        ("customer", Some(customer_id), _) => FeedScope::Customer { customer_id },
        ("manager", _, Some(manager_id)) => FeedScope::Manager { manager_id },
        ("centre", _, _) => FeedScope::Centre,
        _ => return Err(StoreError::Malformed(format!("calendar feed scope {scope}"))),
    };
    Ok(Feed {
        id: row.get("id")?,
        user_id: row.get("user_id")?,
        scope,
        scope_name: row.get("scope_name")?,
        lang: row.get("lang")?,
        created_at: row.get("created_at")?,
        last_used_at: row.get("last_used_at")?,
        revoked_at: row.get("revoked_at")?,
        version: row.get("version")?,
    })
}

pub async fn for_user(db: &Db, user_id: i64) -> Result<Vec<Feed>, StoreError> {
    let sql = format!("{SELECT} WHERE f.user_id = $1 ORDER BY f.id DESC");
    db.fetch_all(&sql, &[user_id.into()]).await?.iter().map(feed).collect()
}

pub async fn get_in(tx: &mut Tx, id: i64) -> Result<Feed, StoreError> {
    feed(&tx.fetch_one(&format!("{SELECT} WHERE f.id = $1"), &[id.into()]).await?)
}

pub async fn insert(
    tx: &mut Tx,
    user_id: i64,
    scope: FeedScope,
    lang: &str,
    token_hash: &str,
) -> Result<i64, StoreError> {
    let (kind, customer_id, manager_id) = scope.parts();
    tx.fetch_one(
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
    .await?
    .get("id")
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
    db.fetch_optional(&sql, &[token_hash.into()]).await?.as_ref().map(feed).transpose()
}

/// Records a fetch; called at most once a minute per feed.
pub async fn touch(db: &Db, id: i64) -> Result<(), StoreError> {
    db.execute("UPDATE calendar_feeds SET last_used_at = $2 WHERE id = $1", &[id.into(), now().into()]).await?;
    Ok(())
}
