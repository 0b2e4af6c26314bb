//! The harness: a fresh database filled with demo data, the real server on
//! a loopback port, and HTTP clients signed in as demo users.
//!
//! - SQLite: a temp-file database per test.
//! - PostgreSQL: a fresh database per test on the server named by
//!   `KUMPPANI_TEST_POSTGRES_URL` (an admin URL), dropped again afterwards
//!   (also when the test panics).
use kumppani_store::testing::RawSql;

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use kumppani_app::demo::{DEMO_PASSWORD, DemoOptions};
use kumppani_store::{Backend, Db};
use kumppani_web::{AppState, WebConfig};
use reqwest::header::{HeaderMap, HeaderValue};
use reqwest::{Method, RequestBuilder, StatusCode};
use serde_json::{Value, json};

pub const PG_ENV: &str = "KUMPPANI_TEST_POSTGRES_URL";

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
    _dir: Option<tempfile::TempDir>,
    _pg: Option<PgDatabase>,
}

impl TestApp {
    /// A server on a fresh SQLite database.
    pub async fn spawn() -> TestApp {
        Self::spawn_with(|c| c).await
    }

    /// A server on a fresh SQLite database, configured by `configure` from
    /// the defaults (with the public URL set to the server's own address).
    pub async fn spawn_with(configure: impl FnOnce(WebConfig) -> WebConfig) -> TestApp {
        let dir = tempfile::TempDir::new().expect("temp dir");
        let url = format!("sqlite://{}/kumppani.db", dir.path().display());
        let db = Db::connect(&url).await.expect("connect to SQLite");
        assert_eq!(db.backend(), Backend::Sqlite);
        Self::start(db, Some(dir), None, configure).await
    }

    /// A server on a fresh PostgreSQL database, or None (after saying so on
    /// stderr) when no server is configured.
    pub async fn postgres() -> Option<TestApp> {
        Self::postgres_with(|c| c).await
    }

    /// [`TestApp::postgres`], configured as [`TestApp::spawn_with`] is.
    pub async fn postgres_with(configure: impl FnOnce(WebConfig) -> WebConfig) -> Option<TestApp> {
        let admin_url = match std::env::var(PG_ENV) {
            Ok(url) if !url.trim().is_empty() => url,
            _ => {
                eprintln!("SKIPPED PostgreSQL half: set {PG_ENV}");
                return None;
            }
        };
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.subsec_nanos()).unwrap_or(0);
        let name = format!("kwt_{}_{}_{}", std::process::id(), COUNTER.fetch_add(1, Ordering::Relaxed), nanos);
        let admin = Db::connect(&admin_url).await.expect("connect to the PostgreSQL admin URL");
        admin.execute(&format!("CREATE DATABASE {name}"), &[]).await.expect("create the test database");
        admin.close().await;
        let guard = PgDatabase { url: with_database(&admin_url, &name), admin_url, name };
        let db = Db::connect(&guard.url).await.expect("connect to the test database");
        assert_eq!(db.backend(), Backend::Postgres);
        Some(Self::start(db, None, Some(guard), configure).await)
    }

    async fn start(
        db: Db,
        dir: Option<tempfile::TempDir>,
        pg: Option<PgDatabase>,
        configure: impl FnOnce(WebConfig) -> WebConfig,
    ) -> TestApp {
        db.migrate().await.expect("migrate");
        let opts = DemoOptions { customers: CUSTOMERS, seed: 2026 };
        kumppani_app::demo::generate(&db, &opts, &|_| {}).await.expect("demo data");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind a loopback port");
        let base = format!("http://{}", listener.local_addr().expect("local address"));
        let config = configure(WebConfig { public_url: Some(base.clone()), ..WebConfig::default() });
        let state = AppState { db: db.clone(), config };
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let server = tokio::spawn(kumppani_web::serve(listener, state, async {
            let _ = rx.await;
        }));
        TestApp { base, db, shutdown: Some(tx), server: Some(server), _dir: dir, _pg: pg }
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

    pub async fn audit_rows(&self) -> i64 {
        kumppani_store::audit::count(&self.db).await.expect("count audit rows")
    }

    /// Where the audit trail ends now: the newest row's id (0 when empty).
    /// Pass it to [`TestApp::audit_since`] to see what a request wrote.
    pub async fn audit_mark(&self) -> i64 {
        let row = self.db.fetch_one("SELECT COALESCE(MAX(id), 0) AS n FROM audit_log", &[]).await.expect("audit mark");
        row.get("n").expect("audit mark")
    }

    /// The audit rows written after `mark`, oldest first.
    pub async fn audit_since(&self, mark: i64) -> Vec<AuditRow> {
        let rows = self
            .db
            .fetch_all(
                "SELECT id, actor_name, action, entity, entity_id FROM audit_log WHERE id > $1 ORDER BY id",
                &[mark.into()],
            )
            .await
            .expect("audit rows");
        rows.iter()
            .map(|r| AuditRow {
                id: r.get("id").expect("id"),
                actor_name: r.get("actor_name").expect("actor_name"),
                action: r.get("action").expect("action"),
                entity: r.get("entity").expect("entity"),
                entity_id: r.get("entity_id").expect("entity_id"),
            })
            .collect()
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
        let found = kumppani_store::users::credentials(&self.db, username).await.expect("look up user");
        found.map(|(u, _)| u.id).unwrap_or_else(|| panic!("no demo user {username}"))
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

/// The session token a response sets, if any.
pub fn session_token(r: &Resp) -> Option<String> {
    r.headers
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|v| v.split(';').next())
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, v)| *k == "kumppani_session" && !v.is_empty())
        .map(|(_, v)| v.to_owned())
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
        // Drop may run inside the test's runtime (or while it unwinds), so the
        // cleanup gets a thread and a runtime of its own.
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

/// An HTTP client that never follows redirects and sends fixed cookies.
#[derive(Clone)]
pub struct Client {
    base: String,
    http: reqwest::Client,
    signed_in: bool,
}

impl Client {
    pub fn new(base: &str, cookies: &[(&str, &str)]) -> Client {
        let mut headers = HeaderMap::new();
        if !cookies.is_empty() {
            let line = cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ");
            headers.insert(reqwest::header::COOKIE, HeaderValue::from_str(&line).expect("cookie header"));
        }
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .default_headers(headers)
            .build()
            .expect("HTTP client");
        let signed_in = cookies.iter().any(|(k, _)| *k == "kumppani_session");
        Client { base: base.to_owned(), http, signed_in }
    }

    pub fn request(&self, method: Method, path: &str) -> RequestBuilder {
        self.http.request(method, format!("{}{path}", self.base))
    }

    pub async fn get(&self, path: &str) -> Resp {
        send(self.request(Method::GET, path)).await
    }

    pub async fn json(&self, method: Method, path: &str, body: &Value) -> Resp {
        send(self.request(method, path).json(body)).await
    }

    /// A JSON write with `If-Match: "version"`.
    pub async fn json_if(&self, method: Method, path: &str, version: i64, body: &Value) -> Resp {
        send(self.request(method, path).header("if-match", format!("\"{version}\"")).json(body)).await
    }

    pub async fn delete_if(&self, path: &str, version: i64) -> Resp {
        send(self.request(Method::DELETE, path).header("if-match", format!("\"{version}\""))).await
    }

    /// A form post, as a browser sends it from one of our pages: with the
    /// page's anti-forgery field when our pages carry one.
    pub async fn form(&self, path: &str, fields: &[(&str, &str)]) -> Resp {
        let owned: Vec<(String, String)> = fields.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        self.form_fields(path, &owned).await
    }

    pub async fn form_fields(&self, path: &str, fields: &[(String, String)]) -> Resp {
        let mut fields = fields.to_vec();
        if self.signed_in
            && let Some(token) = self.page_csrf_token().await
        {
            fields.push(("_csrf".to_owned(), token));
        }
        send(self.request(Method::POST, path).form(&fields)).await
    }

    /// The `_csrf` value the signed-in user's pages carry, read from a form
    /// page as a browser would have it (None while pages carry none).
    pub async fn page_csrf_token(&self) -> Option<String> {
        let page = self.get("/account/password").await;
        let at = page.body.find("name=\"_csrf\"")?;
        let start = page.body[..at].rfind('<')?;
        let end = at + page.body[at..].find('>')?;
        let tag = &page.body[start..end];
        let value = tag.split("value=\"").nth(1)?;
        value.split('"').next().map(str::to_owned)
    }
}

/// A response read whole.
pub struct Resp {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

pub async fn send(rb: RequestBuilder) -> Resp {
    let r = rb.send().await.expect("request reaches the server");
    let status = r.status();
    let headers = r.headers().clone();
    let body = r.text().await.expect("response body");
    Resp { status, headers, body }
}

impl Resp {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    pub fn etag(&self) -> Option<&str> {
        self.header("etag")
    }

    /// Asserts a problem+json response with this status; returns the body.
    pub fn problem(&self, status: u16) -> Value {
        assert_eq!(self.status.as_u16(), status, "body: {}", self.body);
        let ct = self.header("content-type").unwrap_or("");
        assert_eq!(ct, "application/problem+json", "problem content type");
        let p = self.json();
        assert_eq!(p["status"], status, "problem body status: {p}");
        p
    }

    /// The field errors of a 422 problem as (field, code) pairs.
    pub fn field_errors(&self) -> Vec<(String, String)> {
        let p = self.problem(422);
        p["errors"]
            .as_array()
            .unwrap_or_else(|| panic!("no errors[] in {p}"))
            .iter()
            .map(|e| (e["field"].as_str().unwrap_or("").to_owned(), e["code"].as_str().unwrap_or("").to_owned()))
            .collect()
    }

    pub fn location(&self) -> &str {
        self.header("location").unwrap_or_else(|| panic!("no Location on a {}", self.status))
    }
}

/// A value as askama writes it into HTML.
pub fn html(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#x27;")
}

/// Valid business IDs outside the ranges the demo data draws from.
pub const FREE_BUSINESS_IDS: [&str; 4] = ["0012345-7", "7654321-2", "8765432-1", "9876543-0"];

/// A valid customer body for the API.
pub fn customer_body(name: &str, business_id: Option<&str>, segment_id: i64, manager_id: Option<i64>) -> Value {
    json!({
        "name": name,
        "business_id": business_id,
        "org_type": "municipality",
        "segment_id": segment_id,
        "manager_id": manager_id,
        "deputy_id": null,
        "notes": "Testiasiakas",
    })
}

/// The id of the first segment.
pub async fn a_segment(c: &Client) -> i64 {
    let r = c.get("/api/v1/segments").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.json()[0]["id"].as_i64().expect("a segment")
}

/// Creates a customer managed by `kp.virtanen` as `c` and returns (id, version).
pub async fn create_customer(app: &TestApp, c: &Client, name: &str, business_id: Option<&str>) -> (i64, i64) {
    create_with(app, c, name, business_id, "kp.virtanen", None).await
}

/// Creates a customer as `c` with the demo users `manager` and `deputy`
/// (usernames) and returns (id, version). A partnership manager can create
/// only their own; the unit head and administrators any.
pub async fn create_customer_for(
    app: &TestApp,
    c: &Client,
    name: &str,
    manager: &str,
    deputy: Option<&str>,
) -> (i64, i64) {
    create_with(app, c, name, None, manager, deputy).await
}

async fn create_with(
    app: &TestApp,
    c: &Client,
    name: &str,
    business_id: Option<&str>,
    manager: &str,
    deputy: Option<&str>,
) -> (i64, i64) {
    let segment = a_segment(c).await;
    let mut body = customer_body(name, business_id, segment, Some(app.user_id(manager).await));
    if let Some(deputy) = deputy {
        body["deputy_id"] = json!(app.user_id(deputy).await);
    }
    let r = c.json(Method::POST, "/api/v1/customers", &body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let v = r.json();
    (v["id"].as_i64().expect("id"), v["version"].as_i64().expect("version"))
}

/// Every customer over the API, walking the pages.
pub async fn all_customers(c: &Client, filter: &str) -> Vec<Value> {
    let mut out = Vec::new();
    let mut after: Option<i64> = None;
    for _ in 0..1000 {
        let cursor = after.map(|a| format!("&after={a}")).unwrap_or_default();
        let r = c.get(&format!("/api/v1/customers?limit=100{filter}{cursor}")).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let page = r.json();
        out.extend(page["items"].as_array().expect("items").iter().cloned());
        match page["next_cursor"].as_i64() {
            Some(next) => after = Some(next),
            None => return out,
        }
    }
    panic!("pagination did not end");
}

/// Percent-encodes a query-string value.
pub fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
