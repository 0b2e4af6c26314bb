//! Customer events: critical-service updates, budget and finance meetings,
//! development needs and marketing actions, each with a date, an owner and
//! a status. The account plan, calendars and the annual clock read them.

use chrono::{DateTime, NaiveDate, Utc};
use kumppani_domain::plan::{EventKind, EventStatus, ValidEvent};
use serde::Serialize;

use crate::plans::Which;
use crate::{Db, StoreError, Tx, Value, check_updated, now};

#[derive(Debug, Clone, Serialize, serde::Deserialize, utoipa::ToSchema, sqlx::FromRow)]
pub struct Event {
    pub id: i64,
    pub customer_id: i64,
    pub customer_name: String,
    #[schema(value_type = String)]
    #[sqlx(try_from = "crate::StoredKey<EventKind>")]
    pub kind: EventKind,
    pub title: String,
    pub on_date: NaiveDate,
    /// The catalogue service a critical update updates.
    pub service_id: Option<i64>,
    pub service_name: Option<String>,
    pub owner_id: Option<i64>,
    pub owner_name: Option<String>,
    #[schema(value_type = String)]
    #[sqlx(try_from = "crate::StoredKey<EventStatus>")]
    pub status: EventStatus,
    pub notes: String,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Event {
    /// Fields as the history shows them: people and services by name.
    pub fn audit_fields(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("kind", Some(self.kind.as_str().to_owned())),
            ("title", Some(self.title.clone())),
            ("on_date", Some(self.on_date.to_string())),
            ("service", self.service_name.clone()),
            ("owner", self.owner_name.clone()),
            ("status", Some(self.status.as_str().to_owned())),
            ("notes", Some(self.notes.clone()).filter(|n| !n.is_empty())),
        ]
    }
}

const SELECT: &str = "SELECT e.id, e.customer_id, c.name AS customer_name, e.kind, e.title, e.on_date, e.service_id,
        s.name AS service_name, e.owner_id, u.display_name AS owner_name, e.status, e.notes, e.version,
        e.created_at, e.updated_at
    FROM customer_events e
    JOIN customers c ON c.id = e.customer_id
    LEFT JOIN services s ON s.id = e.service_id
    LEFT JOIN users u ON u.id = e.owner_id";

pub async fn get(db: &Db, id: i64) -> Result<Event, StoreError> {
    db.fetch_one_as(&format!("{SELECT} WHERE e.id = $1"), &[id.into()]).await
}

pub async fn get_in(tx: &mut Tx, id: i64) -> Result<Event, StoreError> {
    tx.fetch_one_as(&format!("{SELECT} WHERE e.id = $1"), &[id.into()]).await
}

/// The events of one customer or a portfolio, by customer and date.
pub async fn list(db: &Db, which: Which<'_>) -> Result<Vec<Event>, StoreError> {
    let mut params = Vec::new();
    let cond = which.condition(&mut params);
    let sql = format!("{SELECT} WHERE {cond} ORDER BY e.customer_id, e.on_date, e.id");
    db.fetch_all_as(&sql, &params).await
}

/// The condition for events not cancelled dated `from`–`to` of the
/// customers `which` covers.
fn in_period(which: Which<'_>, from: NaiveDate, to: NaiveDate, params: &mut Vec<Value>) -> String {
    let cond = which.condition(params);
    params.push(EventStatus::Cancelled.as_str().into());
    params.push(from.into());
    params.push(to.into());
    let n = params.len();
    format!("{cond} AND e.status <> ${} AND e.on_date >= ${} AND e.on_date <= ${n}", n - 2, n - 1)
}

/// How many events (not cancelled) of the customers fall on `from`–`to`.
pub async fn count_between(db: &Db, which: Which<'_>, from: NaiveDate, to: NaiveDate) -> Result<i64, StoreError> {
    let mut params = Vec::new();
    let cond = in_period(which, from, to, &mut params);
    let sql =
        format!("SELECT COUNT(*) AS n FROM customer_events e JOIN customers c ON c.id = e.customer_id WHERE {cond}");
    db.fetch_scalar(&sql, &params).await
}

/// The events (not cancelled) of the customers on `from`–`to`, by date, at
/// most `limit`.
pub async fn between(
    db: &Db,
    which: Which<'_>,
    from: NaiveDate,
    to: NaiveDate,
    limit: i64,
) -> Result<Vec<Event>, StoreError> {
    let mut params = Vec::new();
    let cond = in_period(which, from, to, &mut params);
    params.push(limit.into());
    let sql = format!("{SELECT} WHERE {cond} ORDER BY e.on_date, e.id LIMIT ${}", params.len());
    db.fetch_all_as(&sql, &params).await
}

/// Events (not cancelled) of the customers on `from`–`to` counted per day
/// and kind: (day, kind, count), by day.
pub async fn per_day(
    db: &Db,
    which: Which<'_>,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<(NaiveDate, EventKind, i64)>, StoreError> {
    let mut params = Vec::new();
    let cond = in_period(which, from, to, &mut params);
    let sql = format!(
        "SELECT e.on_date, e.kind, COUNT(*) AS n FROM customer_events e JOIN customers c ON c.id = e.customer_id
         WHERE {cond} GROUP BY e.on_date, e.kind ORDER BY e.on_date, e.kind"
    );
    #[derive(sqlx::FromRow)]
    struct DayCount {
        on_date: NaiveDate,
        #[sqlx(try_from = "crate::StoredKey<EventKind>")]
        kind: EventKind,
        n: i64,
    }
    let counts: Vec<DayCount> = db.fetch_all_as(&sql, &params).await?;
    Ok(counts.into_iter().map(|c| (c.on_date, c.kind, c.n)).collect())
}

fn values(e: &ValidEvent) -> Vec<Value> {
    vec![
        e.kind.as_str().into(),
        e.title.as_str().into(),
        e.on_date.into(),
        e.service_id.into(),
        e.owner_id.into(),
        e.status.as_str().into(),
        e.notes.as_str().into(),
    ]
}

pub async fn insert(tx: &mut Tx, customer_id: i64, e: &ValidEvent) -> Result<i64, StoreError> {
    let mut params = vec![customer_id.into()];
    params.extend(values(e));
    params.push(now().into());
    tx.fetch_scalar(
        "INSERT INTO customer_events (customer_id, kind, title, on_date, service_id, owner_id, status, notes,
                                      created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id",
        &params,
    )
    .await
}

/// Updates an event at `version`. The customer is not among the fields: an
/// event stays with its customer.
pub async fn update(tx: &mut Tx, id: i64, version: i64, e: &ValidEvent) -> Result<(), StoreError> {
    let mut params = vec![id.into(), version.into()];
    params.extend(values(e));
    params.push(now().into());
    let rows = tx
        .execute(
            "UPDATE customer_events SET kind = $3, title = $4, on_date = $5, service_id = $6, owner_id = $7,
                    status = $8, notes = $9, version = version + 1, updated_at = $10
             WHERE id = $1 AND version = $2",
            &params,
        )
        .await?;
    check_updated(tx, "customer_events", id, rows).await
}

pub async fn count(db: &Db) -> Result<i64, StoreError> {
    db.fetch_scalar("SELECT COUNT(*) AS n FROM customer_events", &[]).await
}
