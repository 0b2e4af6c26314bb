//! Fresh databases for the conformance suite (from the shared test kit),
//! and small builders of valid records. Each test gets its own database: a
//! temp-file SQLite, or a newly created PostgreSQL database that is dropped
//! again at the end (also when the test panics).

use chrono::{DateTime, SubsecRound, Utc};
use kumppani_domain::{CatalogEntryDraft, CustomerDraft, UserDraft, ValidUser};
use kumppani_store::catalog::{self, Kind};
use kumppani_store::{Db, StoreError, customers, users};
pub use kumppani_testkit::{TestDb, postgres, sqlite};

// ---- builders of valid records (each commits its own transaction) ----

pub fn valid_user(username: &str, display_name: &str, role: &str, active: bool) -> ValidUser {
    let draft = UserDraft {
        username: username.into(),
        display_name: display_name.into(),
        email: None,
        role: role.into(),
        active,
    };
    draft.validate().expect("valid user draft")
}

pub async fn add_user(db: &Db, username: &str, display_name: &str, active: bool) -> i64 {
    let mut tx = db.begin().await.expect("begin");
    let id = users::insert(&mut tx, &valid_user(username, display_name, "partnership_manager", active), None)
        .await
        .expect("insert user");
    tx.commit().await.expect("commit");
    id
}

pub async fn add_catalog_entry(db: &Db, kind: Kind, name: &str) -> i64 {
    try_add_catalog_entry(db, kind, name).await.expect("insert named record")
}

pub async fn try_add_catalog_entry(db: &Db, kind: Kind, name: &str) -> Result<i64, StoreError> {
    let valid = CatalogEntryDraft { name: name.into(), description: Some(format!("Kuvaus: {name}")) }
        .validate()
        .expect("valid named draft");
    let mut tx = db.begin().await?;
    let id = catalog::insert(&mut tx, kind, &valid).await?;
    tx.commit().await?;
    Ok(id)
}

pub fn customer_draft(name: &str, business_id: Option<&str>, org_type: &str, segment_id: i64) -> CustomerDraft {
    CustomerDraft {
        name: name.into(),
        business_id: business_id.map(Into::into),
        org_type: org_type.into(),
        segment_id: Some(segment_id),
        ..CustomerDraft::default()
    }
}

pub async fn try_add_customer(db: &Db, draft: &CustomerDraft) -> Result<i64, StoreError> {
    let valid = draft.validate().expect("valid customer draft");
    let mut tx = db.begin().await?;
    let id = customers::insert(&mut tx, &valid).await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn add_customer(db: &Db, draft: &CustomerDraft) -> i64 {
    try_add_customer(db, draft).await.expect("insert customer")
}

/// A clock reading to compare stored timestamps with. PostgreSQL keeps
/// microseconds, so the lower bound is cut to whole microseconds.
pub fn clock() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(6)
}

/// Asserts that `t` was taken between `since` and now.
pub fn assert_recent(t: DateTime<Utc>, since: DateTime<Utc>) {
    let now = Utc::now();
    assert!(since <= t && t <= now, "timestamp {t} is not between {since} and {now}");
}

/// Whether an error is the database refusing with the given kind.
pub fn is_db_error(e: &StoreError, kind: sqlx::error::ErrorKind) -> bool {
    match e {
        StoreError::Database(err) => err.as_database_error().is_some_and(|d| d.kind() == kind),
        _ => false,
    }
}
