//! Activities with a customer, newest first.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::{Db, Page, StoreError};

#[derive(Debug, Clone, Serialize, utoipa::ToSchema, sqlx::FromRow)]
pub struct Activity {
    pub id: i64,
    pub customer_id: i64,
    pub occurred_on: NaiveDate,
    /// meeting, call, email, task or other.
    pub kind: String,
    pub title: String,
    pub owner_id: Option<i64>,
    pub owner_name: Option<String>,
    pub notes: String,
    pub external_id: Option<String>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
}

const SELECT: &str = "SELECT a.id, a.customer_id, a.occurred_on, a.kind, a.title, a.owner_id,
        u.display_name AS owner_name, a.notes, a.external_id, a.version, a.created_at
    FROM customer_activities a LEFT JOIN users u ON u.id = a.owner_id";

/// One page of a customer's activities, newest first. `after` is the id of
/// the last activity of the previous page.
pub async fn for_customer(
    db: &Db,
    customer_id: i64,
    after: Option<i64>,
    limit: i64,
) -> Result<Page<Activity>, StoreError> {
    let limit = limit.clamp(1, 100);
    let total: i64 = db
        .fetch_scalar("SELECT COUNT(*) AS n FROM customer_activities WHERE customer_id = $1", &[customer_id.into()])
        .await?;
    let mut params = vec![customer_id.into()];
    let mut sql = format!("{SELECT} WHERE a.customer_id = $1");
    if let Some(id) = after {
        params.push(id.into());
        sql.push_str(
            " AND (a.occurred_on, a.id) < (SELECT occurred_on, id FROM customer_activities
                                          WHERE id = $2 AND customer_id = $1)",
        );
    }
    params.push((limit + 1).into());
    sql.push_str(&format!(" ORDER BY a.occurred_on DESC, a.id DESC LIMIT ${}", params.len()));
    let mut items = db.fetch_all_as::<Activity>(&sql, &params).await?;
    let more = items.len() as i64 > limit;
    items.truncate(limit as usize);
    let next_cursor = items.last().map(|a| a.id).filter(|_| more);
    Ok(Page { items, total, next_cursor, prev_cursor: None })
}

pub async fn count(db: &Db) -> Result<i64, StoreError> {
    db.fetch_scalar("SELECT COUNT(*) AS n FROM customer_activities", &[]).await
}
