//! The services each customer buys, and which of them are critical to it.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::{Db, StoreError, Tx, check_updated, now};

#[derive(Debug, Clone, Serialize, utoipa::ToSchema, sqlx::FromRow)]
pub struct Subscription {
    pub id: i64,
    pub customer_id: i64,
    pub service_id: i64,
    pub service_name: String,
    pub critical: bool,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Subscription {
    pub fn audit_fields(&self) -> Vec<(&'static str, Option<String>)> {
        vec![("service", Some(self.service_name.clone())), ("critical", Some(self.critical.to_string()))]
    }
}

const SELECT: &str = "SELECT cs.id, cs.customer_id, cs.service_id, s.name AS service_name, cs.critical,
        cs.version, cs.created_at, cs.updated_at
    FROM customer_services cs JOIN services s ON s.id = cs.service_id";

/// A customer's services, critical ones first.
pub async fn for_customer(db: &Db, customer_id: i64) -> Result<Vec<Subscription>, StoreError> {
    let sql = format!("{SELECT} WHERE cs.customer_id = $1 ORDER BY cs.critical DESC, s.name COLLATE \"C\", cs.id");
    db.fetch_all_as(&sql, &[customer_id.into()]).await
}

pub async fn get(db: &Db, id: i64) -> Result<Subscription, StoreError> {
    db.fetch_one_as(&format!("{SELECT} WHERE cs.id = $1"), &[id.into()]).await
}

pub async fn get_in(tx: &mut Tx, id: i64) -> Result<Subscription, StoreError> {
    tx.fetch_one_as(&format!("{SELECT} WHERE cs.id = $1"), &[id.into()]).await
}

pub async fn insert(tx: &mut Tx, customer_id: i64, service_id: i64, critical: bool) -> Result<i64, StoreError> {
    tx.fetch_scalar(
        "INSERT INTO customer_services (customer_id, service_id, critical, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $4) RETURNING id",
        &[customer_id.into(), service_id.into(), critical.into(), now().into()],
    )
    .await
}

pub async fn set_critical(tx: &mut Tx, id: i64, version: i64, critical: bool) -> Result<(), StoreError> {
    let rows = tx
        .execute(
            "UPDATE customer_services SET critical = $3, version = version + 1, updated_at = $4
             WHERE id = $1 AND version = $2",
            &[id.into(), version.into(), critical.into(), now().into()],
        )
        .await?;
    check_updated(tx, "customer_services", id, rows).await
}

pub async fn delete(tx: &mut Tx, id: i64, version: i64) -> Result<(), StoreError> {
    let rows = tx
        .execute("DELETE FROM customer_services WHERE id = $1 AND version = $2", &[id.into(), version.into()])
        .await?;
    check_updated(tx, "customer_services", id, rows).await
}
