//! Segments (operating models) and catalogue services: records that are a
//! name and a description, kept in tables of the same shape.

use chrono::{DateTime, Utc};
use kumppani_domain::ValidCatalogEntry;
use serde::Serialize;

use crate::{Db, StoreError, Tx, check_updated, now};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Segment,
    Service,
}

impl Kind {
    fn table(self) -> &'static str {
        match self {
            Kind::Segment => "segments",
            Kind::Service => "services",
        }
    }

    /// The entity name in the audit trail.
    pub fn entity(self) -> &'static str {
        match self {
            Kind::Segment => "segment",
            Kind::Service => "service",
        }
    }

    /// How many customers use a record of this kind.
    fn usage(self) -> &'static str {
        match self {
            Kind::Segment => "(SELECT COUNT(*) FROM customers c WHERE c.segment_id = t.id)",
            Kind::Service => "(SELECT COUNT(*) FROM customer_services cs WHERE cs.service_id = t.id)",
        }
    }
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema, sqlx::FromRow)]
pub struct CatalogEntry {
    pub id: i64,
    pub name: String,
    pub description: String,
    /// Customers in the segment, or customers buying the service.
    pub customer_count: i64,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl CatalogEntry {
    pub fn audit_fields(&self) -> Vec<(&'static str, Option<String>)> {
        vec![("name", Some(self.name.clone())), ("description", Some(self.description.clone()))]
    }
}

fn select(kind: Kind) -> String {
    format!(
        "SELECT t.id, t.name, t.description, t.version, t.created_at, t.updated_at, {} AS customer_count FROM {} t",
        kind.usage(),
        kind.table()
    )
}

pub async fn list(db: &Db, kind: Kind) -> Result<Vec<CatalogEntry>, StoreError> {
    db.fetch_all_as(&format!("{} ORDER BY t.name COLLATE \"C\", t.id", select(kind)), &[]).await
}

/// Every record's id and name, by name: for pickers and filters, without
/// counting each one's customers.
pub async fn names(db: &Db, kind: Kind) -> Result<Vec<(i64, String)>, StoreError> {
    let sql = format!("SELECT t.id, t.name FROM {} t ORDER BY t.name COLLATE \"C\", t.id", kind.table());
    db.fetch_all_as(&sql, &[]).await
}

pub async fn get(db: &Db, kind: Kind, id: i64) -> Result<CatalogEntry, StoreError> {
    db.fetch_one_as(&format!("{} WHERE t.id = $1", select(kind)), &[id.into()]).await
}

pub async fn get_in(tx: &mut Tx, kind: Kind, id: i64) -> Result<CatalogEntry, StoreError> {
    tx.fetch_one_as(&format!("{} WHERE t.id = $1", select(kind)), &[id.into()]).await
}

pub async fn insert(tx: &mut Tx, kind: Kind, v: &ValidCatalogEntry) -> Result<i64, StoreError> {
    let sql = format!(
        "INSERT INTO {} (name, description, created_at, updated_at) VALUES ($1, $2, $3, $3) RETURNING id",
        kind.table()
    );
    tx.fetch_scalar(&sql, &[v.name.as_str().into(), v.description.as_str().into(), now().into()]).await
}

pub async fn update(tx: &mut Tx, kind: Kind, id: i64, version: i64, v: &ValidCatalogEntry) -> Result<(), StoreError> {
    let sql = format!(
        "UPDATE {} SET name = $3, description = $4, version = version + 1, updated_at = $5
         WHERE id = $1 AND version = $2",
        kind.table()
    );
    let rows = tx
        .execute(
            &sql,
            &[id.into(), version.into(), v.name.as_str().into(), v.description.as_str().into(), now().into()],
        )
        .await?;
    check_updated(tx, kind.table(), id, rows).await
}
