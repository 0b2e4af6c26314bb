//! Fresh, migrated databases: one per test, on either backend.

use kumppani_store::{Backend, Db};

use crate::PG_ENV;
use crate::fixture::Fixture;
use crate::postgres::PgDatabase;

/// A fresh, migrated database that goes away with this value: the temp
/// directory is removed, or the PostgreSQL database dropped.
pub struct TestDb {
    pub db: Db,
    // Dropped after `db`'s last user is done with it (see `finish`).
    _dir: Option<tempfile::TempDir>,
    _pg: Option<PgDatabase>,
}

impl TestDb {
    /// Closes the pool; then the temp dir is removed or the database dropped.
    pub async fn finish(self) {
        self.db.close().await;
    }
}

/// Checks written as `async fn check(db: &Db)` take `&TestDb` as it is.
impl std::ops::Deref for TestDb {
    type Target = Db;

    fn deref(&self) -> &Db {
        &self.db
    }
}

/// A migrated SQLite database in a fresh temp file.
pub async fn sqlite() -> TestDb {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let url = format!("sqlite://{}/kumppani.db", dir.path().display());
    let db = Db::connect(&url).await.expect("connect to SQLite");
    assert_eq!(db.backend(), Backend::Sqlite);
    db.migrate().await.expect("migrate SQLite");
    TestDb { db, _dir: Some(dir), _pg: None }
}

/// A migrated PostgreSQL database, newly created on the server that
/// [`PG_ENV`] names; None (after saying so on stderr) when it names none.
pub async fn postgres() -> Option<TestDb> {
    let admin_url = match std::env::var(PG_ENV) {
        Ok(url) if !url.trim().is_empty() => url,
        _ => {
            eprintln!("SKIPPED PostgreSQL half: set {PG_ENV} (e.g. postgres://postgres@127.0.0.1:5432/postgres)");
            return None;
        }
    };
    let guard = PgDatabase::create(&admin_url).await;
    let db = Db::connect(guard.url()).await.expect("connect to the test database");
    assert_eq!(db.backend(), Backend::Postgres);
    db.migrate().await.expect("migrate PostgreSQL");
    Some(TestDb { db, _dir: None, _pg: Some(guard) })
}

impl Fixture for TestDb {
    type Setup = ();

    async fn on_sqlite((): ()) -> Self {
        sqlite().await
    }

    async fn on_postgres((): ()) -> Option<Self> {
        postgres().await
    }

    async fn finish(self) {
        TestDb::finish(self).await;
    }
}
