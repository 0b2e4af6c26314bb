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

/// The columns every contact write sets, in the order of [`written`]:
/// the form, the API and the bulk import all write this one list.
pub(crate) const WRITTEN: &[&str] = &["name", "title", "email", "phone"];

/// The values of [`WRITTEN`] for a contact.
pub(crate) fn written(c: &ValidContact) -> Vec<Value> {
    vec![
        c.name.as_str().into(),
        c.title.as_str().into(),
        c.email.as_ref().map(|e| e.as_str()).into(),
        c.phone.as_ref().map(|p| p.as_str()).into(),
    ]
}

pub async fn insert(tx: &mut Tx, customer_id: i64, c: &ValidContact) -> Result<i64, StoreError> {
    let mut params = vec![customer_id.into()];
    params.extend(written(c));
    params.push(now().into());
    // $1 is the customer; the written columns follow, then the time.
    let marks: Vec<String> = (2..=WRITTEN.len() + 1).map(|i| format!("${i}")).collect();
    let at = params.len();
    let sql = format!(
        "INSERT INTO contacts (customer_id, {}, created_at, updated_at) VALUES ($1, {}, ${at}, ${at}) RETURNING id",
        WRITTEN.join(", "),
        marks.join(", ")
    );
    tx.fetch_scalar(&sql, &params).await
}

pub async fn update(tx: &mut Tx, id: i64, version: i64, c: &ValidContact) -> Result<(), StoreError> {
    let mut params = vec![id.into(), version.into()];
    params.extend(written(c));
    params.push(now().into());
    let at = params.len();
    // $1 and $2 are the id and version; the written columns follow.
    let set: Vec<String> = WRITTEN.iter().enumerate().map(|(i, column)| format!("{column} = ${}", i + 3)).collect();
    let sql = format!(
        "UPDATE contacts SET {}, version = version + 1, updated_at = ${at} WHERE id = $1 AND version = $2",
        set.join(", ")
    );
    let rows = tx.execute(&sql, &params).await?;
    check_updated(tx, "contacts", id, rows).await
}

pub async fn delete(tx: &mut Tx, id: i64, version: i64) -> Result<(), StoreError> {
    let rows = tx.execute("DELETE FROM contacts WHERE id = $1 AND version = $2", &[id.into(), version.into()]).await?;
    check_updated(tx, "contacts", id, rows).await
}

/// The contact people with this e-mail address (any case): (contact id,
/// customer id), oldest first.
pub async fn by_email(tx: &mut Tx, email: &str) -> Result<Vec<(i64, i64)>, StoreError> {
    let rows = tx
        .fetch_all(
            "SELECT id, customer_id FROM contacts WHERE LOWER(email) = $1 ORDER BY id",
            &[email.to_lowercase().into()],
        )
        .await?;
    rows.iter().map(|r| Ok((r.get("id")?, r.get("customer_id")?))).collect()
}

/// The customers with a contact person at this e-mail domain.
pub async fn customers_at_domain(tx: &mut Tx, domain: &str) -> Result<Vec<i64>, StoreError> {
    let rows = tx
        .fetch_all(
            "SELECT DISTINCT customer_id FROM contacts WHERE LOWER(email) LIKE $1 ESCAPE '\\' ORDER BY customer_id",
            &[format!("%@{}", escape_like(&domain.to_lowercase())).into()],
        )
        .await?;
    rows.iter().map(|r| r.get("customer_id")).collect()
}

/// A text matched literally inside a LIKE pattern.
fn escape_like(s: &str) -> String {
    s.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}
