//! A PostgreSQL database of a test's own, created on the admin URL's server
//! and dropped again when the guard goes.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use kumppani_store::Db;
use kumppani_store::testing::RawSql;

/// A test database that is dropped (best effort) when this goes out of scope.
pub(crate) struct PgDatabase {
    admin_url: String,
    url: String,
    name: String,
}

impl PgDatabase {
    /// Creates a database with a name no other test (or test process) uses.
    pub(crate) async fn create(admin_url: &str) -> PgDatabase {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.subsec_nanos()).unwrap_or(0);
        let name = format!("kt_{}_{}_{}", std::process::id(), COUNTER.fetch_add(1, Ordering::Relaxed), nanos);
        let admin = Db::connect(admin_url).await.expect("connect to the PostgreSQL admin URL");
        // Deliberately not the C collation (when the server has ICU): SQL
        // whose result order depends on the server's locale then fails as
        // drift from SQLite, instead of passing here and drifting on a
        // production server.
        let localized = format!("CREATE DATABASE {name} TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'fi-FI'");
        if let Err(e) = admin.execute(&localized, &[]).await {
            eprintln!("note: no ICU fi-FI database ({e}); using the server's default locale");
            admin.execute(&format!("CREATE DATABASE {name}"), &[]).await.expect("create the test database");
        }
        admin.close().await;
        PgDatabase { url: with_database(admin_url, &name), admin_url: admin_url.to_owned(), name }
    }

    pub(crate) fn url(&self) -> &str {
        &self.url
    }
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

#[test]
fn database_name_replaces_the_path() {
    assert_eq!(
        with_database("postgres://postgres@127.0.0.1:5432/postgres", "kt_1"),
        "postgres://postgres@127.0.0.1:5432/kt_1"
    );
    assert_eq!(with_database("postgres://u:p@h/db?sslmode=disable", "kt_2"), "postgres://u:p@h/kt_2?sslmode=disable");
    assert_eq!(with_database("postgresql://h:5432", "kt_3"), "postgresql://h:5432/kt_3");
}
