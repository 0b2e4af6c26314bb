//! Bulk writes for CSV imports: many rows per statement, so that 100,000
//! customers take seconds rather than minutes. Each call runs inside the
//! caller's transaction (one per import batch).

use std::collections::{HashMap, HashSet};

use kumppani_domain::{ValidActivity, ValidContact, ValidCustomer, search};

use crate::{Backend, Db, StoreError, Tx, Value, contacts, customers, now};

/// Parameters per statement: well under SQLite's 32,766 and PostgreSQL's
/// 65,535, and large enough that per-statement overhead stops mattering.
const MAX_PARAMS: usize = 8_000;

/// The placeholder of the `n`th parameter. These statements are built here,
/// so on SQLite they use anonymous `?`: sqlx-sqlite looks up each `$N` by
/// name (`sqlite3_bind_parameter_name`, a linear scan), which made binding
/// quadratic in the parameters per statement — three quarters of a
/// 100,000-customer import's CPU time at 8,000 per statement.
fn placeholder(backend: Backend, n: usize) -> String {
    match backend {
        Backend::Sqlite => "?".to_owned(),
        Backend::Postgres => format!("${n}"),
    }
}

/// Which imported table an external id belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    Customers,
    Contacts,
    Activities,
}

impl Table {
    fn name(self) -> &'static str {
        match self {
            Table::Customers => "customers",
            Table::Contacts => "contacts",
            Table::Activities => "customer_activities",
        }
    }
}

/// `INSERT INTO head VALUES (…), (…) [RETURNING …]` in chunks; returns the
/// rows of RETURNING, if asked for, as `(id, external_id)`.
async fn insert_rows(
    tx: &mut Tx,
    head: &str,
    width: usize,
    rows: Vec<Vec<Value>>,
    returning: bool,
) -> Result<Vec<(i64, String)>, StoreError> {
    let per_statement = (MAX_PARAMS / width).max(1);
    let backend = tx.backend();
    let mut out = Vec::new();
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<Vec<Value>> = rows.by_ref().take(per_statement).collect();
        let mut sql = String::with_capacity(head.len() + chunk.len() * width * 5);
        sql.push_str(head);
        sql.push_str(" VALUES ");
        let mut params = Vec::with_capacity(chunk.len() * width);
        for (r, row) in chunk.into_iter().enumerate() {
            sql.push_str(if r == 0 { "(" } else { ", (" });
            for (c, v) in row.into_iter().enumerate() {
                params.push(v);
                if c > 0 {
                    sql.push_str(", ");
                }
                sql.push_str(&placeholder(backend, params.len()));
            }
            sql.push(')');
        }
        if returning {
            sql.push_str(" RETURNING id, external_id");
            out.extend(tx.fetch_all_as::<(i64, String)>(&sql, &params).await?);
        } else {
            tx.execute(&sql, &params).await?;
        }
    }
    Ok(out)
}

/// `SELECT id, key FROM table WHERE key IN (…)` in chunks, as a map.
async fn lookup(tx: &mut Tx, table: &str, key: &str, keys: &[&str]) -> Result<HashMap<String, i64>, StoreError> {
    let mut found = HashMap::new();
    let backend = tx.backend();
    for chunk in keys.chunks(MAX_PARAMS) {
        let marks: Vec<String> = (1..=chunk.len()).map(|i| placeholder(backend, i)).collect();
        // Table and column names are this crate's constants; keys are parameters.
        let sql = format!("SELECT {key}, id FROM {table} WHERE {key} IN ({})", marks.join(", "));
        let params: Vec<Value> = chunk.iter().map(|k| (*k).into()).collect();
        found.extend(tx.fetch_all_as::<(String, i64)>(&sql, &params).await?);
    }
    Ok(found)
}

/// Lets SQLite keep up to 64 MiB of pages for the rest of this connection's
/// life while a batch is written: the batch inserts into several indexes at
/// random places (search terms above all), and with the default 2 MiB most
/// of those pages are read back from the OS on every batch.
pub async fn widen_cache(tx: &mut Tx) -> Result<(), StoreError> {
    if tx.backend() == Backend::Sqlite {
        tx.execute("PRAGMA cache_size = -65536", &[]).await?;
    }
    Ok(())
}

/// After a bulk load, refreshes PostgreSQL's planner statistics of the
/// tables written, rather than waiting for autovacuum: with the statistics
/// of an empty table, a one-word customer search over 100,000 imported
/// customers took 440 ms instead of 16 ms. (SQLite's planner chose well
/// without statistics in the same benchmark, so it is left as it is.)
pub async fn refresh_statistics(db: &Db, table: Table) -> Result<(), StoreError> {
    if db.backend() == Backend::Postgres {
        let tables = match table {
            Table::Customers => "customers, customer_terms",
            other => other.name(),
        };
        // Table names are this module's constants.
        db.execute(&format!("ANALYZE {tables}"), &[]).await?;
    }
    Ok(())
}

/// Ids of the records of `table` that carry these external ids.
pub async fn existing(tx: &mut Tx, table: Table, external_ids: &[&str]) -> Result<HashMap<String, i64>, StoreError> {
    lookup(tx, table.name(), "external_id", external_ids).await
}

/// Business ids among `ids` that some customer already has.
pub async fn taken_business_ids(tx: &mut Tx, ids: &[&str]) -> Result<HashSet<String>, StoreError> {
    Ok(lookup(tx, "customers", "business_id", ids).await?.into_keys().collect())
}

/// Every segment by name.
pub async fn segments(tx: &mut Tx) -> Result<HashMap<String, i64>, StoreError> {
    Ok(tx.fetch_all_as::<(String, i64)>("SELECT name, id FROM segments", &[]).await?.into_iter().collect())
}

/// Creates a segment named in an import file; returns its id.
pub async fn create_segment(tx: &mut Tx, name: &str) -> Result<i64, StoreError> {
    tx.fetch_scalar(
        "INSERT INTO segments (name, description, created_at, updated_at) VALUES ($1, '', $2, $2) RETURNING id",
        &[name.into(), now().into()],
    )
    .await
}

/// A user as an import refers to them: by username.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct UserRef {
    pub id: i64,
    pub role: String,
    pub active: bool,
}

pub async fn users_by_username(tx: &mut Tx) -> Result<HashMap<String, UserRef>, StoreError> {
    #[derive(sqlx::FromRow)]
    struct CatalogEntry {
        username: String,
        #[sqlx(flatten)]
        user: UserRef,
    }
    let users: Vec<CatalogEntry> = tx.fetch_all_as("SELECT id, username, role, active FROM users", &[]).await?;
    Ok(users.into_iter().map(|u| (u.username, u.user)).collect())
}

/// Inserts customers with their search terms; returns `(id, external_id)`.
pub async fn insert_customers(tx: &mut Tx, rows: &[(String, ValidCustomer)]) -> Result<Vec<(i64, String)>, StoreError> {
    let at = now();
    let mut values: Vec<Vec<Value>> = Vec::with_capacity(rows.len());
    for (ext, c) in rows {
        // Sort and search keys of a whole batch are CPU work on the async
        // worker: let other requests in between rows.
        tokio::task::coop::consume_budget().await;
        let mut row = customers::written(c);
        row.extend([ext.as_str().into(), at.into(), at.into()]);
        values.push(row);
    }
    // The same columns as a customer saved through the form, and three more.
    let head =
        format!("INSERT INTO customers ({}, external_id, created_at, updated_at)", customers::WRITTEN.join(", "));
    let ids = insert_rows(tx, &head, customers::WRITTEN.len() + 3, values, true).await?;
    let by_ext: HashMap<&str, &ValidCustomer> = rows.iter().map(|(e, c)| (e.as_str(), c)).collect();
    let mut terms = Vec::new();
    for (id, ext) in &ids {
        tokio::task::coop::consume_budget().await;
        let Some(c) = by_ext.get(ext.as_str()) else { continue };
        for term in search::terms(c.name.as_str(), c.business_id.as_ref().map(|b| b.as_str())) {
            terms.push(vec![(*id).into(), term.into()]);
        }
    }
    insert_rows(tx, "INSERT INTO customer_terms (customer_id, term)", 2, terms, false).await?;
    Ok(ids)
}

/// Inserts contacts, each with its customer's id.
pub async fn insert_contacts(tx: &mut Tx, rows: &[(String, i64, ValidContact)]) -> Result<usize, StoreError> {
    let at = now();
    let values: Vec<Vec<Value>> = rows
        .iter()
        .map(|(ext, customer_id, c)| {
            let mut row = vec![(*customer_id).into()];
            row.extend(contacts::written(c));
            row.extend([ext.as_str().into(), at.into(), at.into()]);
            row
        })
        .collect();
    let head = format!(
        "INSERT INTO contacts (customer_id, {}, external_id, created_at, updated_at)",
        contacts::WRITTEN.join(", ")
    );
    insert_rows(tx, &head, contacts::WRITTEN.len() + 4, values, false).await?;
    Ok(rows.len())
}

/// An activity ready to insert: external id, customer, owner and content.
pub struct NewActivity {
    pub external_id: Option<String>,
    pub customer_id: i64,
    pub owner_id: Option<i64>,
    pub activity: ValidActivity,
}

pub async fn insert_activities(tx: &mut Tx, rows: &[NewActivity]) -> Result<usize, StoreError> {
    let at = now();
    let values: Vec<Vec<Value>> = rows
        .iter()
        .map(|r| {
            vec![
                r.customer_id.into(),
                r.activity.occurred_on.into(),
                r.activity.kind.as_str().into(),
                r.activity.title.as_str().into(),
                r.owner_id.into(),
                r.activity.notes.as_str().into(),
                r.external_id.as_deref().into(),
                at.into(),
                at.into(),
            ]
        })
        .collect();
    let head = "INSERT INTO customer_activities (customer_id, occurred_on, kind, title, owner_id, notes, external_id,
                                                 created_at, updated_at)";
    insert_rows(tx, head, 9, values, false).await?;
    Ok(rows.len())
}
