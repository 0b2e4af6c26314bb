//! Fresh databases for the conformance suite, and small builders of valid
//! records. Each test gets its own database: a temp-file SQLite, or a newly
//! created PostgreSQL database that is dropped again at the end (also when
//! the test panics).

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use chrono::{DateTime, SubsecRound, Utc};
use kumppani_domain::{CustomerDraft, NamedDraft, UserDraft, ValidUser};
use kumppani_store::named::{self, Kind};
use kumppani_store::testing::RawSql;
use kumppani_store::{Backend, Db, StoreError, customers, users};

pub const PG_ENV: &str = "KUMPPANI_TEST_POSTGRES_URL";

pub struct TestDb {
    pub db: Db,
    _dir: Option<tempfile::TempDir>,
    _pg: Option<PgDatabase>,
}

impl TestDb {
    /// Closes the pool; then the temp dir is removed or the database dropped.
    pub async fn finish(self) {
        self.db.close().await;
    }
}

pub async fn sqlite() -> TestDb {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let url = format!("sqlite://{}/t.db", dir.path().display());
    let db = Db::connect(&url).await.expect("connect to SQLite");
    assert_eq!(db.backend(), Backend::Sqlite);
    db.migrate().await.expect("migrate SQLite");
    TestDb { db, _dir: Some(dir), _pg: None }
}

/// None (after saying so on stderr) when no PostgreSQL server is configured.
pub async fn postgres() -> Option<TestDb> {
    let admin_url = match std::env::var(PG_ENV) {
        Ok(url) if !url.trim().is_empty() => url,
        _ => {
            eprintln!("SKIPPED PostgreSQL half: set {PG_ENV} (e.g. postgres://postgres@127.0.0.1:5432/postgres)");
            return None;
        }
    };
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.subsec_nanos()).unwrap_or(0);
    let name = format!("kt_{}_{}_{}", std::process::id(), COUNTER.fetch_add(1, Ordering::Relaxed), nanos);

    let admin = Db::connect(&admin_url).await.expect("connect to the PostgreSQL admin URL");
    // Deliberately not the C collation (when the server has ICU): SQL whose
    // result order depends on the server's locale then fails as drift from
    // SQLite, instead of passing here and drifting on a production server.
    let localized = format!("CREATE DATABASE {name} TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'fi-FI'");
    if let Err(e) = admin.execute(&localized, &[]).await {
        eprintln!("note: no ICU fi-FI database ({e}); using the server's default locale");
        admin.execute(&format!("CREATE DATABASE {name}"), &[]).await.expect("create the test database");
    }
    admin.close().await;
    let guard = PgDatabase { url: with_database(&admin_url, &name), admin_url, name };

    let db = Db::connect(&guard.url).await.expect("connect to the test database");
    assert_eq!(db.backend(), Backend::Postgres);
    db.migrate().await.expect("migrate PostgreSQL");
    Some(TestDb { db, _dir: None, _pg: Some(guard) })
}

/// `postgres://user@host:port/db?opts` with `db` replaced by `name`.
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = url.split_once('?').map_or((url, None), |(b, q)| (b, Some(q)));
    let authority_start = base.find("://").map_or(0, |i| i + 3);
    let base = match base[authority_start..].find('/') {
        Some(slash) => &base[..authority_start + slash],
        None => base,
    };
    match query {
        Some(q) => format!("{base}/{name}?{q}"),
        None => format!("{base}/{name}"),
    }
}

/// A test database that is dropped (best effort) when this goes out of scope.
struct PgDatabase {
    admin_url: String,
    url: String,
    name: String,
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        let (admin_url, name) = (self.admin_url.clone(), self.name.clone());
        // Drop may run inside the test's runtime (or while it unwinds), so
        // the cleanup gets a thread and a runtime of its own.
        let cleanup = std::thread::spawn(move || {
            let Ok(rt) = tokio::runtime::Builder::new_current_thread().enable_all().build() else { return };
            rt.block_on(async {
                match Db::connect(&admin_url).await {
                    Ok(admin) => {
                        let sql = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
                        if let Err(e) = admin.execute(&sql, &[]).await {
                            eprintln!("could not drop test database {name}: {e}");
                        }
                        admin.close().await;
                    }
                    Err(e) => eprintln!("could not drop test database {name}: {e}"),
                }
            });
        });
        let _ = cleanup.join();
    }
}

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

pub async fn add_named(db: &Db, kind: Kind, name: &str) -> i64 {
    try_add_named(db, kind, name).await.expect("insert named record")
}

pub async fn try_add_named(db: &Db, kind: Kind, name: &str) -> Result<i64, StoreError> {
    let valid = NamedDraft { name: name.into(), description: Some(format!("Kuvaus: {name}")) }
        .validate()
        .expect("valid named draft");
    let mut tx = db.begin().await?;
    let id = named::insert(&mut tx, kind, &valid).await?;
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

#[test]
fn database_name_replaces_the_path() {
    assert_eq!(
        with_database("postgres://postgres@127.0.0.1:5432/postgres", "kt_1"),
        "postgres://postgres@127.0.0.1:5432/kt_1"
    );
    assert_eq!(with_database("postgres://u:p@h/db?sslmode=disable", "kt_2"), "postgres://u:p@h/kt_2?sslmode=disable");
    assert_eq!(with_database("postgresql://h:5432", "kt_3"), "postgresql://h:5432/kt_3");
}
