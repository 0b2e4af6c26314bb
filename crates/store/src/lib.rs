//! Kumppani's persistence: one code path over SQLite and PostgreSQL.
//!
//! Reads take a [`Db`]; writes take a [`Tx`] so that a change, its version
//! check and its audit row commit together or not at all.

pub mod absences;
pub mod activities;
pub mod attempts;
pub mod audit;
pub mod balance;
pub mod board_log;
pub mod boards;
pub mod catalog;
pub mod contacts;
pub mod customers;
pub mod data_import;
mod db;
pub mod dump;
pub mod events;
pub mod feeds;
pub mod glossary;
mod keys;
pub mod lessons;
pub mod plans;
pub mod processes;
pub mod projects;
pub mod requests;
pub mod routing_rules;
pub mod schema;
pub mod sessions;
pub mod stakeholders;
pub mod subscriptions;
pub mod tokens;
mod uniques;
pub mod users;

#[cfg(feature = "testing")]
pub use db::testing;
pub use db::{Backend, Db, Record, Row, Tx, Value, backend_of};
pub use keys::{NullableKey, StoredKey};

use chrono::{DateTime, Utc};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    /// The record changed since the caller read it (optimistic concurrency).
    #[error("version conflict: the record is now at version {current}")]
    Conflict { current: i64 },
    /// A unique constraint refused the write; `column` is the column it
    /// guards (see `uniques`), when the constraint is known.
    #[error("duplicate value in {column:?}")]
    Duplicate { column: Option<String> },
    #[error("database URL must start with sqlite: or postgres://")]
    UnsupportedUrl,
    #[error("database unavailable: {0}")]
    Unavailable(String),
    #[error(transparent)]
    Database(sqlx::Error),
    #[error(transparent)]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("stored data is malformed: {0}")]
    Malformed(String),
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        match &e {
            sqlx::Error::Database(db) if db.is_unique_violation() => {
                StoreError::Duplicate { column: uniques::duplicate_column(db.constraint(), db.message()) }
            }
            // A column that would not decode: an unknown stored key, a
            // value of the wrong type.
            sqlx::Error::ColumnDecode { .. } => StoreError::Malformed(e.to_string()),
            sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) => {
                StoreError::Unavailable(e.to_string())
            }
            _ => StoreError::Database(e),
        }
    }
}

/// One page of a keyset-paginated list.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Matching records in all pages.
    pub total: i64,
    /// Pass as `after` to get the next page; absent on the last page.
    pub next_cursor: Option<i64>,
    /// Pass as `before` to get the previous page; absent on the first page.
    pub prev_cursor: Option<i64>,
}

pub(crate) fn now() -> DateTime<Utc> {
    Utc::now()
}

/// Finishes an optimistic update: `rows` is what `UPDATE … WHERE id = $1 AND
/// version = $2` touched. Zero rows means the record is gone or has moved on.
pub(crate) async fn check_updated(tx: &mut Tx, table: &str, id: i64, rows: u64) -> Result<(), StoreError> {
    if rows == 1 {
        return Ok(());
    }
    // Table names come from this crate's own constants, never from input.
    let sql = format!("SELECT version FROM {table} WHERE id = $1");
    match tx.fetch_optional_scalar(&sql, &[id.into()]).await? {
        Some(current) => Err(StoreError::Conflict { current }),
        None => Err(StoreError::NotFound),
    }
}
