//! Customers: the list with search, filters and keyset pagination, and writes.

use chrono::{DateTime, NaiveDate, Utc};
use kumppani_domain::{OrgType, ValidCustomer, search};
use serde::{Deserialize, Serialize};

use crate::{Db, Page, StoreError, Tx, Value, check_updated, now};

#[derive(Debug, Clone, Serialize, utoipa::ToSchema, sqlx::FromRow)]
pub struct Customer {
    pub id: i64,
    pub name: String,
    pub business_id: Option<String>,
    #[schema(value_type = String)]
    #[sqlx(try_from = "crate::StoredKey<OrgType>")]
    pub org_type: OrgType,
    pub segment_id: i64,
    pub segment_name: String,
    pub manager_id: Option<i64>,
    pub manager_name: Option<String>,
    pub deputy_id: Option<i64>,
    pub deputy_name: Option<String>,
    pub notes: String,
    /// Relative effort, 1–100 (default 1).
    pub workload_weight: i64,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Customer {
    /// Fields as the history shows them: people and segments by name.
    pub fn audit_fields(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("name", Some(self.name.clone())),
            ("business_id", self.business_id.clone()),
            ("org_type", Some(self.org_type.as_str().to_owned())),
            ("segment", Some(self.segment_name.clone())),
            ("manager", self.manager_name.clone()),
            ("deputy", self.deputy_name.clone()),
            ("notes", Some(self.notes.clone()).filter(|n| !n.is_empty())),
            ("workload_weight", Some(self.workload_weight.to_string())),
        ]
    }
}

/// Which customers a writer may change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditScope {
    All,
    /// A partnership manager's own customers, and those whose manager is
    /// away on `today` and who have this person as deputy.
    Own {
        user_id: i64,
        today: NaiveDate,
    },
}

impl EditScope {
    /// The condition on a `customers` row named `table`; values go to `params`.
    fn condition(&self, table: &str, params: &mut Vec<Value>) -> String {
        match *self {
            EditScope::All => "1 = 1".to_owned(),
            EditScope::Own { user_id, today } => {
                params.push(user_id.into());
                let user = params.len();
                params.push(today.into());
                let away = crate::absences::away_condition(&format!("{table}.manager_id"), params.len());
                format!("({table}.manager_id = ${user} OR ({table}.deputy_id = ${user} AND {away}))")
            }
        }
    }
}

/// Whether the customer exists and the scope may change it.
pub async fn editable(tx: &mut Tx, id: i64, scope: &EditScope) -> Result<bool, StoreError> {
    let mut params = vec![id.into()];
    let condition = scope.condition("customers", &mut params);
    let sql = format!("SELECT id FROM customers WHERE id = $1 AND {condition}");
    Ok(tx.fetch_optional(&sql, &params).await?.is_some())
}

/// The same check outside a transaction, for showing edit controls: a page
/// view must not take SQLite's write lock (`BEGIN IMMEDIATE`).
pub async fn editable_now(db: &Db, id: i64, scope: &EditScope) -> Result<bool, StoreError> {
    let mut params = vec![id.into()];
    let condition = scope.condition("customers", &mut params);
    let sql = format!("SELECT id FROM customers WHERE id = $1 AND {condition}");
    Ok(db.fetch_optional(&sql, &params).await?.is_some())
}

/// What the customer list is narrowed by. All parts are optional.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
pub struct Filter {
    /// Words matched by prefix against the name's words and the business ID.
    pub q: Option<String>,
    pub segment_id: Option<i64>,
    pub manager_id: Option<i64>,
    pub org_type: Option<String>,
    /// Return the page after the customer with this id.
    pub after: Option<i64>,
    /// Return the page before the customer with this id.
    pub before: Option<i64>,
    /// Page size, 1–100 (default 25).
    pub limit: Option<i64>,
}

const SELECT: &str = "SELECT c.id, c.name, c.business_id, c.org_type, c.segment_id, s.name AS segment_name,
        c.manager_id, m.display_name AS manager_name, c.deputy_id, d.display_name AS deputy_name,
        c.notes, c.workload_weight, c.version, c.created_at, c.updated_at, c.name_key
    FROM customers c
    JOIN segments s ON s.id = c.segment_id
    LEFT JOIN users m ON m.id = c.manager_id
    LEFT JOIN users d ON d.id = c.deputy_id";

pub async fn get(db: &Db, id: i64) -> Result<Customer, StoreError> {
    db.fetch_one_as(&format!("{SELECT} WHERE c.id = $1"), &[id.into()]).await
}

pub async fn get_in(tx: &mut Tx, id: i64) -> Result<Customer, StoreError> {
    tx.fetch_one_as(&format!("{SELECT} WHERE c.id = $1"), &[id.into()]).await
}

/// Builds the WHERE clause of a filter; `params` receives the values.
fn conditions(f: &Filter, params: &mut Vec<Value>) -> String {
    let mut sql = String::from(" WHERE 1 = 1");
    let mut bind = |sql: &mut String, clause: &str, v: Value| {
        params.push(v);
        sql.push_str(&clause.replace('?', &format!("${}", params.len())));
    };
    for word in search::query_words(f.q.as_deref().unwrap_or("")) {
        match search::prefix_upper_bound(&word) {
            Some(upper) => {
                bind(&mut sql, " AND c.id IN (SELECT customer_id FROM customer_terms WHERE term >= ?", word.into());
                bind(&mut sql, " AND term < ?)", upper.into());
            }
            None => {
                bind(&mut sql, " AND c.id IN (SELECT customer_id FROM customer_terms WHERE term >= ?)", word.into())
            }
        }
    }
    if let Some(id) = f.segment_id {
        bind(&mut sql, " AND c.segment_id = ?", id.into());
    }
    if let Some(id) = f.manager_id {
        bind(&mut sql, " AND c.manager_id = ?", id.into());
    }
    if let Some(t) = f.org_type.as_deref().filter(|t| !t.is_empty()) {
        bind(&mut sql, " AND c.org_type = ?", t.into());
    }
    sql
}

/// One page of customers in name order.
pub async fn list(db: &Db, f: &Filter) -> Result<Page<Customer>, StoreError> {
    let limit = f.limit.unwrap_or(25).clamp(1, 100);
    let mut params = Vec::new();
    let base = conditions(f, &mut params);
    let total: i64 = db.fetch_scalar(&format!("SELECT COUNT(*) AS n FROM customers c{base}"), &params).await?;

    let (cursor, backwards) = match (f.after, f.before) {
        (Some(id), _) => (Some(id), false),
        (None, Some(id)) => (Some(id), true),
        (None, None) => (None, false),
    };
    let mut sql = format!("{SELECT}{base}");
    if let Some(id) = cursor {
        params.push(id.into());
        let op = if backwards { "<" } else { ">" };
        sql.push_str(&format!(
            " AND (c.name_key, c.id) {op} (SELECT name_key, id FROM customers WHERE id = ${})",
            params.len()
        ));
    }
    let order = if backwards { "DESC" } else { "ASC" };
    // One row more than asked tells whether another page follows.
    params.push((limit + 1).into());
    sql.push_str(&format!(" ORDER BY c.name_key {order}, c.id {order} LIMIT ${}", params.len()));

    let mut items: Vec<Customer> = db.fetch_all_as(&sql, &params).await?;
    let more = items.len() as i64 > limit;
    items.truncate(limit as usize);
    if backwards {
        items.reverse();
    }
    let (first, last) = (items.first().map(|c| c.id), items.last().map(|c| c.id));
    let (has_next, has_prev) = if backwards { (true, more) } else { (more, cursor.is_some()) };
    Ok(Page { total, next_cursor: last.filter(|_| has_next), prev_cursor: first.filter(|_| has_prev), items })
}

/// The columns every customer write sets, in the order of [`written`]:
/// insert, update and the bulk import all write this one list.
pub(crate) const WRITTEN: &[&str] = &[
    "name",
    "name_key",
    "business_id",
    "org_type",
    "segment_id",
    "manager_id",
    "deputy_id",
    "notes",
    "workload_weight",
];

/// The values of [`WRITTEN`] for a customer.
pub(crate) fn written(c: &ValidCustomer) -> Vec<Value> {
    vec![
        c.name.as_str().into(),
        search::sort_key(c.name.as_str()).into(),
        c.business_id.as_ref().map(|b| b.as_str()).into(),
        c.org_type.as_str().into(),
        c.segment_id.into(),
        c.manager_id.into(),
        c.deputy_id.into(),
        c.notes.as_str().into(),
        i64::from(c.workload_weight).into(),
    ]
}

async fn write_terms(tx: &mut Tx, id: i64, c: &ValidCustomer) -> Result<(), StoreError> {
    tx.execute("DELETE FROM customer_terms WHERE customer_id = $1", &[id.into()]).await?;
    for term in search::terms(c.name.as_str(), c.business_id.as_ref().map(|b| b.as_str())) {
        tx.execute("INSERT INTO customer_terms (customer_id, term) VALUES ($1, $2)", &[id.into(), term.into()]).await?;
    }
    Ok(())
}

pub async fn insert(tx: &mut Tx, c: &ValidCustomer) -> Result<i64, StoreError> {
    let mut params = written(c);
    params.push(now().into());
    let marks: Vec<String> = (1..=WRITTEN.len()).map(|i| format!("${i}")).collect();
    let at = WRITTEN.len() + 1;
    let sql = format!(
        "INSERT INTO customers ({}, created_at, updated_at) VALUES ({}, ${at}, ${at}) RETURNING id",
        WRITTEN.join(", "),
        marks.join(", ")
    );
    let id = tx.fetch_scalar(&sql, &params).await?;
    write_terms(tx, id, c).await?;
    Ok(id)
}

/// Updates a customer the scope may change (the scope is part of the
/// statement, so a reassignment cannot slip in between check and write).
pub async fn update(
    tx: &mut Tx,
    id: i64,
    version: i64,
    c: &ValidCustomer,
    scope: &EditScope,
) -> Result<(), StoreError> {
    let mut params = vec![id.into(), version.into()];
    params.extend(written(c));
    params.push(now().into());
    let at = params.len();
    let condition = scope.condition("customers", &mut params);
    // $1 and $2 are the id and version; the written columns follow.
    let set: Vec<String> = WRITTEN.iter().enumerate().map(|(i, column)| format!("{column} = ${}", i + 3)).collect();
    let sql = format!(
        "UPDATE customers SET {}, version = version + 1, updated_at = ${at}
         WHERE id = $1 AND version = $2 AND {condition}",
        set.join(", ")
    );
    let rows = tx.execute(&sql, &params).await?;
    check_updated(tx, "customers", id, rows).await?;
    write_terms(tx, id, c).await
}

/// Customers whose deputy is `user_id` and whose manager is away on `today`:
/// the work that routes to this person now.
pub async fn deputising(db: &Db, user_id: i64, today: NaiveDate) -> Result<Vec<Customer>, StoreError> {
    let away = crate::absences::away_condition("c.manager_id", 2);
    let sql = format!("{SELECT} WHERE c.deputy_id = $1 AND {away} ORDER BY c.name_key, c.id LIMIT 200");
    db.fetch_all_as(&sql, &[user_id.into(), today.into()]).await
}

/// Whether another customer already has this business ID.
pub async fn business_id_taken(tx: &mut Tx, business_id: &str, except: Option<i64>) -> Result<bool, StoreError> {
    let row = tx
        .fetch_optional(
            "SELECT id FROM customers WHERE business_id = $1 AND id <> $2",
            &[business_id.into(), except.unwrap_or(0).into()],
        )
        .await?;
    Ok(row.is_some())
}

pub async fn count(db: &Db) -> Result<i64, StoreError> {
    db.fetch_scalar("SELECT COUNT(*) AS n FROM customers", &[]).await
}

/// The highest customer id, 0 when there are none (for walking every
/// customer in id batches).
pub async fn max_id(db: &Db) -> Result<i64, StoreError> {
    db.fetch_scalar("SELECT COALESCE(MAX(id), 0) AS n FROM customers", &[]).await
}

/// Customers that have at least one contact person, by id, with their
/// names: the demo's boards seat a contact of the customer.
pub async fn with_contacts(db: &Db) -> Result<Vec<(i64, String)>, StoreError> {
    let sql = "SELECT c.id, c.name FROM customers c
        WHERE EXISTS (SELECT 1 FROM contacts k WHERE k.customer_id = c.id) ORDER BY c.id";
    db.fetch_all_as(sql, &[]).await
}
