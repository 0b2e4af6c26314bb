//! The store's conformance suite: every check is written once, as
//! `async fn check_xxx(db: &Db)`, and runs against both backends.
//!
//! The databases come from `kumppani-testkit`:
//! - SQLite: a fresh temp-file database per test.
//! - PostgreSQL: a fresh database per test on the server named by
//!   `KUMPPANI_TEST_POSTGRES_URL` (an admin URL, e.g.
//!   `postgres://postgres@127.0.0.1:5432/postgres`), dropped afterwards.
//!   Without the variable the PostgreSQL half says so on stderr and passes.
//!
//! A check that passes on one backend and fails on the other is drift
//! between `migrations/sqlite` and `migrations/postgres`, or SQL that means
//! different things on the two.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "conformance/access.rs"]
mod access;
#[path = "conformance/harness.rs"]
mod harness;
#[path = "conformance/list.rs"]
mod list;
#[path = "conformance/parity.rs"]
mod parity;
#[path = "conformance/records.rs"]
mod records;
#[path = "conformance/trail.rs"]
mod trail;

use harness::TestDb;
use kumppani_testkit::on_both_backends;

// `check => sqlite_test, postgres_test;` makes the two tests of one check
// (`async fn check(db: &Db)`), each on a fresh database of its own.
on_both_backends! { TestDb;
    records::check_migrations_are_idempotent => sqlite_migrations_are_idempotent, postgres_migrations_are_idempotent;
    records::check_values_round_trip => sqlite_values_round_trip, postgres_values_round_trip;
    records::check_users => sqlite_users, postgres_users;
    records::check_named_records => sqlite_named_records, postgres_named_records;
    records::check_customers => sqlite_customers, postgres_customers;
    records::check_contacts => sqlite_contacts, postgres_contacts;
    records::check_subscriptions => sqlite_subscriptions, postgres_subscriptions;
    records::check_lists_order_by_code_point => sqlite_lists_order_by_code_point, postgres_lists_order_by_code_point;
    list::check_customer_search_and_filters => sqlite_customer_search_and_filters, postgres_customer_search_and_filters;
    list::check_keyset_pagination => sqlite_keyset_pagination, postgres_keyset_pagination;
    trail::check_audit_trail => sqlite_audit_trail, postgres_audit_trail;
    trail::check_dropped_transaction_leaves_nothing => sqlite_dropped_transaction_leaves_nothing, postgres_dropped_transaction_leaves_nothing;
    trail::check_sessions => sqlite_sessions, postgres_sessions;
    access::check_edit_scope_follows_managers_and_absences => sqlite_edit_scope, postgres_edit_scope;
    access::check_api_tokens => sqlite_api_tokens, postgres_api_tokens;
    access::check_sign_in_attempts => sqlite_sign_in_attempts, postgres_sign_in_attempts;
}

#[path = "conformance/boards.rs"]
mod boards;
#[path = "conformance/catalogue.rs"]
mod catalogue;
#[path = "conformance/fixtures.rs"]
mod fixtures;
#[path = "conformance/lessons.rs"]
mod lessons;
#[path = "conformance/plans.rs"]
mod plans;
#[path = "conformance/projects.rs"]
mod projects;
#[path = "conformance/rows.rs"]
mod rows;
#[path = "conformance/uniques.rs"]
mod uniques;
