//! The test harness every crate's database tests share: a fresh, migrated
//! database per test on SQLite (a temp file) and, when
//! `KUMPPANI_TEST_POSTGRES_URL` names an admin URL (e.g.
//! `postgres://postgres@127.0.0.1:5432/postgres`), on PostgreSQL (a new
//! database, dropped afterwards, also when the test panics), and
//! [`on_both_backends!`], which runs one check on each.
//!
//! Tests reach raw SQL through the re-exported [`RawSql`] / [`RawSqlTx`], so
//! a crate above the store need not depend on it to set up or inspect rows.

#![allow(clippy::expect_used, clippy::panic, reason = "a test harness fails the test it serves by panicking")]

mod backends;
mod fixture;
mod postgres;

pub use backends::{TestDb, postgres, sqlite};
pub use fixture::Fixture;
pub use kumppani_store::testing::{RawSql, RawSqlTx};
/// The parameter and row types of [`RawSql`].
pub use kumppani_store::{Row, Value};

/// The environment variable naming the PostgreSQL admin URL.
pub const PG_ENV: &str = "KUMPPANI_TEST_POSTGRES_URL";
