//! Customers' contact people.

use chrono::{DateTime, Utc};
use kumppani_domain::ValidContact;
use serde::Serialize;

use crate::{Db, StoreError, Tx, Value, check_updated, now};

#[derive(Debug, Clone, Serialize, utoipa::ToSchema, sqlx::FromRow)]
pub struct Contact {
    pub id: i64,
    pub customer_id: i64,
    pub name: String,
    pub title: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Contact {
    pub fn audit_fields(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("name", Some(self.name.clone())),
            ("title", Some(self.title.clone())),
            ("email", self.email.clone()),
            ("phone", self.phone.clone()),
        ]
    }
}

const SELECT: &str = "SELECT id, customer_id, name, title, email, phone, version, created_at, updated_at FROM contacts";

pub async fn for_customer(db: &Db, customer_id: i64) -> Result<Vec<Contact>, StoreError> {
    let sql = format!("{SELECT} WHERE customer_id = $1 ORDER BY name COLLATE \"C\", id");
    db.fetch_all_as(&sql, &[customer_id.into()]).await
}

pub async fn get(db: &Db, id: i64) -> Result<Contact, StoreError> {
    db.fetch_one_as(&format!("{SELECT} WHERE id = $1"), &[id.into()]).await
}

pub async fn get_in(tx: &mut Tx, id: i64) -> Result<Contact, StoreError> {
    tx.fetch_one_as(&format!("{SELECT} WHERE id = $1"), &[id.into()]).await
}

fn values(c: &ValidContact) -> [Value; 4] {
    [
        c.name.as_str().into(),
        c.title.as_str().into(),
        c.email.as_ref().map(|e| e.as_str()).into(),
        c.phone.as_ref().map(|p| p.as_str()).into(),
    ]
}

pub async fn insert(tx: &mut Tx, customer_id: i64, c: &ValidContact) -> Result<i64, StoreError> {
    let [name, title, email, phone] = values(c);
    tx.fetch_scalar(
        "INSERT INTO contacts (customer_id, name, title, email, phone, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
        &[customer_id.into(), name, title, email, phone, now().into()],
    )
    .await
}

pub async fn update(tx: &mut Tx, id: i64, version: i64, c: &ValidContact) -> Result<(), StoreError> {
    let [name, title, email, phone] = values(c);
    let rows = tx
        .execute(
            "UPDATE contacts SET name = $3, title = $4, email = $5, phone = $6, version = version + 1,
                    updated_at = $7
             WHERE id = $1 AND version = $2",
            &[id.into(), version.into(), name, title, email, phone, now().into()],
        )
        .await?;
    check_updated(tx, "contacts", id, rows).await
}

pub async fn delete(tx: &mut Tx, id: i64, version: i64) -> Result<(), StoreError> {
    let rows = tx.execute("DELETE FROM contacts WHERE id = $1 AND version = $2", &[id.into(), version.into()]).await?;
    check_updated(tx, "contacts", id, rows).await
}
