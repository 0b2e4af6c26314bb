//! The harness: a fresh database filled with demo data (from
//! `kumppani-testkit`), the real server on a loopback port, and HTTP clients
//! signed in as demo users. Tests take everything from here:
//! `use crate::harness::{Client, TestApp, ...}`.

mod client;
mod customers;

pub use client::*;
pub use customers::*;

use chrono::{NaiveDate, Utc};
use kumppani_app::Db;
use kumppani_app::demo::{DEMO_PASSWORD, DemoOptions};
use kumppani_testkit::{Fixture, RawSql, Row, TestDb, Value};
use kumppani_web::{AppState, WebConfig};
use reqwest::{Method, StatusCode};
use serde_json::json;

/// Customers in every test's demo data.
pub const CUSTOMERS: usize = 60;

pub struct TestApp {
    /// `http://127.0.0.1:PORT`
    pub base: String,
    pub db: Db,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    server: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
    // Dropped after the fields above: the server is gone before the
    // database goes.
    _database: TestDb,
}

/// How a group of tests configures its server: a change to the defaults
/// (`on_both_backends! { TestApp, Configure(proxied); ... }`).
pub struct Configure(pub fn(WebConfig) -> WebConfig);

impl Default for Configure {
    fn default() -> Self {
        Configure(|c| c)
    }
}

impl Fixture for TestApp {
    type Setup = Configure;

    async fn on_sqlite(setup: Configure) -> Self {
        TestApp::spawn_with(setup.0).await
    }

    async fn on_postgres(setup: Configure) -> Option<Self> {
        TestApp::postgres_with(setup.0).await
    }

    async fn finish(self) {
        TestApp::finish(self).await;
    }
}

impl TestApp {
    /// A server on a fresh SQLite database, configured by `configure` from
    /// the defaults (with the public URL set to the server's own address).
    pub async fn spawn_with(configure: impl FnOnce(WebConfig) -> WebConfig) -> TestApp {
        Self::start(kumppani_testkit::sqlite().await, configure).await
    }

    /// A server on a fresh PostgreSQL database, configured as
    /// [`TestApp::spawn_with`] is; None (after saying so on stderr) when no
    /// server is configured.
    pub async fn postgres_with(configure: impl FnOnce(WebConfig) -> WebConfig) -> Option<TestApp> {
        Some(Self::start(kumppani_testkit::postgres().await?, configure).await)
    }

    async fn start(database: TestDb, configure: impl FnOnce(WebConfig) -> WebConfig) -> TestApp {
        let db = database.db.clone();
        let opts = DemoOptions { customers: CUSTOMERS, seed: 2026 };
        kumppani_app::demo::generate(&db, &opts, &|_| {}).await.expect("demo data");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind a loopback port");
        let base = format!("http://{}", listener.local_addr().expect("local address"));
        // Feed URLs point at this server, as `kumppani serve` does when
        // listening on a specific address.
        let config = configure(WebConfig { public_url: Some(base.clone()), ..WebConfig::default() });
        let state = AppState { db: db.clone(), config };
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let server = tokio::spawn(kumppani_web::serve(listener, state, async {
            let _ = rx.await;
        }));
        TestApp { base, db, shutdown: Some(tx), server: Some(server), _database: database }
    }

    /// Stops the server gracefully and closes the pool.
    pub async fn finish(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(server) = self.server.take() {
            let stopped = tokio::time::timeout(std::time::Duration::from_secs(5), server).await;
            // On a timeout a keep-alive connection held it open: dropping the
            // runtime ends it.
            if let Ok(joined) = stopped {
                joined.expect("server task").expect("server ran without I/O errors");
            }
        }
        self.db.close().await;
    }

    /// A client with no session.
    pub fn anonymous(&self) -> Client {
        Client::new(&self.base, &[])
    }

    /// A client signed in (over the API) as a demo user.
    pub async fn client_as(&self, username: &str) -> Client {
        let token = self.sign_in(username, DEMO_PASSWORD).await;
        Client::new(&self.base, &[("kumppani_session", &token)])
    }

    /// Signs in over the API and returns the session token from Set-Cookie.
    pub async fn sign_in(&self, username: &str, password: &str) -> String {
        let r = self
            .anonymous()
            .json(Method::POST, "/api/v1/session", &json!({ "username": username, "password": password }))
            .await;
        assert_eq!(r.status, StatusCode::OK, "sign-in of {username}: {}", r.body);
        session_token(&r).expect("a session cookie")
    }

    /// The rows of a table, counted directly.
    pub async fn count(&self, table: &str) -> i64 {
        let row = self.db.fetch_one(&format!("SELECT COUNT(*) AS n FROM {table}"), &[]).await.expect("count rows");
        row.get("n").expect("count")
    }

    pub async fn audit_rows(&self) -> i64 {
        self.count("audit_log").await
    }

    /// Where the audit trail ends now: the newest row's id (0 when empty).
    /// Pass it to [`TestApp::audit_since`] to see what a request wrote.
    pub async fn audit_mark(&self) -> i64 {
        let row = self.db.fetch_one("SELECT COALESCE(MAX(id), 0) AS n FROM audit_log", &[]).await.expect("audit mark");
        row.get("n").expect("audit mark")
    }

    /// The audit rows written after `mark`, oldest first.
    pub async fn audit_since(&self, mark: i64) -> Vec<AuditRow> {
        self.audit_where("id > $1", &[mark.into()]).await
    }

    /// The audit rows of one record (`entity` as the trail names it), oldest
    /// first.
    pub async fn audit_of(&self, entity: &str, entity_id: i64) -> Vec<AuditRow> {
        self.audit_where("entity = $1 AND entity_id = $2", &[entity.into(), entity_id.into()]).await
    }

    async fn audit_where(&self, condition: &str, params: &[Value]) -> Vec<AuditRow> {
        let sql = format!(
            "SELECT id, actor_name, action, entity, entity_id, changes FROM audit_log WHERE {condition} ORDER BY id"
        );
        self.db.fetch_all(&sql, params).await.expect("audit rows").iter().map(audit_row).collect()
    }

    /// Asserts that exactly one audit row was written after `mark`, a
    /// `denied` row with `actor_name` as the actor; returns it (its id is
    /// the next mark).
    pub async fn one_denial_since(&self, mark: i64, actor_name: &str, what: &str) -> AuditRow {
        let mut rows = self.audit_since(mark).await;
        assert_eq!(rows.len(), 1, "{what}: exactly one audit row, got {rows:?}");
        let row = rows.remove(0);
        assert_eq!(row.action, "denied", "{what}: {row:?}");
        assert_eq!(row.actor_name, actor_name, "{what}: {row:?}");
        row
    }

    /// A demo user's id.
    pub async fn user_id(&self, username: &str) -> i64 {
        self.user_named(username).await.unwrap_or_else(|| panic!("no demo user {username}"))
    }

    /// The id of the user with this username, if there is one.
    pub async fn user_named(&self, username: &str) -> Option<i64> {
        let found =
            self.db.fetch_optional("SELECT id FROM users WHERE username = $1", &[username.into()]).await.expect("user");
        found.map(|r| r.get("id").expect("id"))
    }

    /// Records an absence directly, as the store does (no use case, no audit
    /// row): `user_id` is away from `starts` to `ends`, inclusive.
    pub async fn add_absence(&self, user_id: i64, starts: NaiveDate, ends: NaiveDate, note: &str) {
        self.db
            .execute(
                "INSERT INTO absences (user_id, starts_on, ends_on, note, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $5)",
                &[user_id.into(), starts.into(), ends.into(), note.into(), Utc::now().into()],
            )
            .await
            .expect("insert an absence");
    }

    /// (manager id, deputy id, version) of a customer, read from the database.
    pub async fn assignment(&self, customer_id: i64) -> (Option<i64>, Option<i64>, i64) {
        let row = self
            .db
            .fetch_one("SELECT manager_id, deputy_id, version FROM customers WHERE id = $1", &[customer_id.into()])
            .await
            .expect("customer");
        (row.get("manager_id").expect("manager"), row.get("deputy_id").expect("deputy"), row.get("version").expect("v"))
    }

    /// Every customer's (id, manager, deputy, version), by id.
    pub async fn assignments(&self) -> Vec<(i64, Option<i64>, Option<i64>, i64)> {
        let rows = self
            .db
            .fetch_all("SELECT id, manager_id, deputy_id, version FROM customers ORDER BY id", &[])
            .await
            .expect("customers");
        rows.iter()
            .map(|r| {
                let get = |c: &str| r.get::<Option<i64>>(c).expect("column");
                (r.get("id").expect("id"), get("manager_id"), get("deputy_id"), r.get("version").expect("version"))
            })
            .collect()
    }
}

/// One row of the audit trail, as the tests look at it.
#[derive(Debug, Clone)]
pub struct AuditRow {
    pub id: i64,
    pub actor_name: String,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<i64>,
    /// The JSON array of changed fields.
    pub changes: serde_json::Value,
}

fn audit_row(r: &Row) -> AuditRow {
    let changes: String = r.get("changes").expect("changes");
    AuditRow {
        id: r.get("id").expect("id"),
        actor_name: r.get("actor_name").expect("actor_name"),
        action: r.get("action").expect("action"),
        entity: r.get("entity").expect("entity"),
        entity_id: r.get("entity_id").expect("entity_id"),
        changes: serde_json::from_str(&changes).expect("changes JSON"),
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(server) = self.server.take() {
            server.abort();
        }
    }
}
