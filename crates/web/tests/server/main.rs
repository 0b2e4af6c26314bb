//! The web crate's integration suite, one test binary: the real server on a
//! loopback port, spoken to over HTTP. Every check is written once, as
//! `async fn xxx(app: &TestApp)`, and `on_both_backends!` runs it on a fresh
//! SQLite database and, when `KUMPPANI_TEST_POSTGRES_URL` names an admin URL
//! (e.g. `postgres://postgres@127.0.0.1:5432/postgres`), on a fresh
//! PostgreSQL database as well. Without the variable the PostgreSQL half
//! says so on stderr and passes.
//!
//! One binary, because each links the whole server: a new suite is a module
//! here (`api`, `authz`, `features`), not a file in `tests/`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[macro_use]
extern crate kumppani_testkit;

mod harness;

mod api;
mod authz;
mod features;
