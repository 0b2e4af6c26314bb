//! The harness shared by the feature suites (trimmed from the API suite's): a fresh
//! database with demo data, the real server on a loopback port, and HTTP
//! clients signed in as demo users. PostgreSQL when
//! `KUMPPANI_TEST_POSTGRES_URL` names an admin URL; the database is dropped
//! afterwards, also when a test panics.

/// Runs each `check(&TestApp)` twice: on SQLite, and on PostgreSQL when
/// `KUMPPANI_TEST_POSTGRES_URL` is set. Test files declare this module as
/// `harness` with `#[macro_use]`.
macro_rules! on_both_backends {
    ($($check:ident => $sqlite:ident, $postgres:ident;)*) => {$(
        #[tokio::test]
        async fn $sqlite() {
            let app = harness::TestApp::spawn().await;
            $check(&app).await;
            app.finish().await;
        }

        #[tokio::test]
        async fn $postgres() {
            let Some(app) = harness::TestApp::postgres().await else { return };
            $check(&app).await;
            app.finish().await;
        }
    )*};
}
use kumppani_store::testing::RawSql;

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use kumppani_app::demo::{DEMO_PASSWORD, DemoOptions};
use kumppani_store::{Backend, Db};
use kumppani_web::{AppState, WebConfig};
use reqwest::header::{HeaderMap, HeaderValue};
use reqwest::{Method, RequestBuilder, StatusCode};
use serde_json::{Value, json};

const PG_ENV: &str = "KUMPPANI_TEST_POSTGRES_URL";

/// Customers in every test's demo data.
pub const CUSTOMERS: usize = 60;

pub struct TestApp {
    pub base: String,
    pub db: Db,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    server: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
    _dir: Option<tempfile::TempDir>,
    _pg: Option<PgDatabase>,
}

impl TestApp {
    pub async fn spawn() -> TestApp {
        let dir = tempfile::TempDir::new().expect("temp dir");
        let url = format!("sqlite://{}/kumppani.db", dir.path().display());
        let db = Db::connect(&url).await.expect("connect to SQLite");
        assert_eq!(db.backend(), Backend::Sqlite);
        Self::start(db, Some(dir), None).await
    }

    pub async fn postgres() -> Option<TestApp> {
        let admin_url = match std::env::var(PG_ENV) {
            Ok(url) if !url.trim().is_empty() => url,
            _ => {
                eprintln!("SKIPPED PostgreSQL half: set {PG_ENV}");
                return None;
            }
        };
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.subsec_nanos()).unwrap_or(0);
        let name = format!("kwb_{}_{}_{}", std::process::id(), COUNTER.fetch_add(1, Ordering::Relaxed), nanos);
        let admin = Db::connect(&admin_url).await.expect("connect to the PostgreSQL admin URL");
        admin.execute(&format!("CREATE DATABASE {name}"), &[]).await.expect("create the test database");
        admin.close().await;
        let guard = PgDatabase { url: with_database(&admin_url, &name), admin_url, name };
        let db = Db::connect(&guard.url).await.expect("connect to the test database");
        assert_eq!(db.backend(), Backend::Postgres);
        Some(Self::start(db, None, Some(guard)).await)
    }

    async fn start(db: Db, dir: Option<tempfile::TempDir>, pg: Option<PgDatabase>) -> TestApp {
        db.migrate().await.expect("migrate");
        let opts = DemoOptions { customers: CUSTOMERS, seed: 2026 };
        kumppani_app::demo::generate(&db, &opts, &|_| {}).await.expect("demo data");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind a loopback port");
        let base = format!("http://{}", listener.local_addr().expect("local address"));
        // Feed URLs point at this server, as `kumppani serve` does when
        // listening on a specific address.
        let config = WebConfig { public_url: Some(base.clone()), ..WebConfig::default() };
        let state = AppState { db: db.clone(), config };
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let server = tokio::spawn(kumppani_web::serve(listener, state, async {
            let _ = rx.await;
        }));
        TestApp { base, db, shutdown: Some(tx), server: Some(server), _dir: dir, _pg: pg }
    }

    pub async fn finish(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(server) = self.server.take()
            && let Ok(joined) = tokio::time::timeout(std::time::Duration::from_secs(5), server).await
        {
            joined.expect("server task").expect("server ran without I/O errors");
        }
        self.db.close().await;
    }

    /// A client signed in (over the API) as a demo user.
    pub async fn client_as(&self, username: &str) -> Client {
        let r = Client::new(&self.base, &[])
            .json(Method::POST, "/api/v1/session", &json!({ "username": username, "password": DEMO_PASSWORD }))
            .await;
        assert_eq!(r.status, StatusCode::OK, "sign-in of {username}: {}", r.body);
        let token = r
            .headers
            .get_all(reqwest::header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .filter_map(|v| v.split(';').next())
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(k, v)| *k == "kumppani_session" && !v.is_empty())
            .map(|(_, v)| v.to_owned())
            .expect("a session cookie");
        Client::new(&self.base, &[("kumppani_session", &token)])
    }

    pub async fn audit_mark(&self) -> i64 {
        let row = self.db.fetch_one("SELECT COALESCE(MAX(id), 0) AS n FROM audit_log", &[]).await.expect("audit mark");
        row.get("n").expect("audit mark")
    }

    /// (actor, action, entity, entity id, changes JSON) of the rows after `mark`.
    pub async fn audit_since(&self, mark: i64) -> Vec<(String, String, String, Option<i64>, Value)> {
        let rows = self
            .db
            .fetch_all(
                "SELECT actor_name, action, entity, entity_id, changes FROM audit_log WHERE id > $1 ORDER BY id",
                &[mark.into()],
            )
            .await
            .expect("audit rows");
        rows.iter()
            .map(|r| {
                let changes: String = r.get("changes").expect("changes");
                (
                    r.get("actor_name").expect("actor"),
                    r.get("action").expect("action"),
                    r.get("entity").expect("entity"),
                    r.get("entity_id").expect("entity id"),
                    serde_json::from_str(&changes).expect("changes JSON"),
                )
            })
            .collect()
    }

    pub async fn user_id(&self, username: &str) -> i64 {
        let found = kumppani_store::users::credentials(&self.db, username).await.expect("look up user");
        found.map(|(u, _)| u.id).unwrap_or_else(|| panic!("no demo user {username}"))
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

struct PgDatabase {
    admin_url: String,
    url: String,
    name: String,
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        let (admin_url, name) = (self.admin_url.clone(), self.name.clone());
        let cleanup = std::thread::spawn(move || {
            let Ok(rt) = tokio::runtime::Builder::new_current_thread().enable_all().build() else { return };
            rt.block_on(async {
                if let Ok(admin) = Db::connect(&admin_url).await {
                    if let Err(e) = admin.execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"), &[]).await {
                        eprintln!("could not drop test database {name}: {e}");
                    }
                    admin.close().await;
                }
            });
        });
        let _ = cleanup.join();
    }
}

/// An HTTP client that never follows redirects and sends fixed cookies.
pub struct Client {
    base: String,
    http: reqwest::Client,
}

impl Client {
    fn new(base: &str, cookies: &[(&str, &str)]) -> Client {
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
        Client { base: base.to_owned(), http }
    }

    fn request(&self, method: Method, path: &str) -> RequestBuilder {
        self.http.request(method, format!("{}{path}", self.base))
    }

    pub async fn get(&self, path: &str) -> Resp {
        send(self.request(Method::GET, path)).await
    }

    pub async fn json(&self, method: Method, path: &str, body: &Value) -> Resp {
        send(self.request(method, path).json(body)).await
    }

    /// A GET whose body is a file: status, content type and the bytes.
    pub async fn download(&self, path: &str, lang: &str) -> (StatusCode, Option<String>, Vec<u8>) {
        let r = self.request(Method::GET, path).header("accept-language", lang).send().await.expect("request");
        let kind = r.headers().get("content-type").and_then(|v| v.to_str().ok()).map(str::to_owned);
        (r.status(), kind, r.bytes().await.expect("body").to_vec())
    }

    /// A GET in a language the browser asks for (`Accept-Language`).
    pub async fn get_lang(&self, path: &str, lang: &str) -> Resp {
        send(self.request(Method::GET, path).header("accept-language", lang)).await
    }

    pub async fn json_if(&self, method: Method, path: &str, version: i64, body: &Value) -> Resp {
        send(self.request(method, path).header("if-match", format!("\"{version}\"")).json(body)).await
    }

    /// The `_csrf` value the signed-in user's pages carry.
    pub async fn csrf(&self) -> String {
        let page = self.get("/account/password").await;
        let at = page.body.find("name=\"_csrf\" value=\"").expect("a CSRF field") + 20;
        page.body[at..].split('"').next().expect("CSRF value").to_owned()
    }

    /// A `multipart/form-data` post (an upload form) with the `_csrf` field
    /// first, then `fields`, then one file.
    pub async fn upload(&self, path: &str, fields: &[(&str, &str)], file: (&str, &str, &[u8])) -> Resp {
        let boundary = "kumppani-test-boundary-7d1f";
        let mut body = Vec::new();
        let token = self.csrf().await;
        for (name, value) in [("_csrf", token.as_str())].iter().chain(fields) {
            body.extend(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").bytes(),
            );
        }
        let (name, filename, data) = file;
        body.extend(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{filename}\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .bytes(),
        );
        body.extend_from_slice(data);
        body.extend(format!("\r\n--{boundary}--\r\n").bytes());
        let content_type = format!("multipart/form-data; boundary={boundary}");
        send(self.request(Method::POST, path).header("content-type", content_type).body(body)).await
    }

    /// A form post with the `_csrf` field the signed-in user's pages carry.
    pub async fn form(&self, path: &str, fields: &[(String, String)]) -> Resp {
        let token = self.csrf().await;
        let mut fields = fields.to_vec();
        fields.push(("_csrf".to_owned(), token));
        send(self.request(Method::POST, path).form(&fields)).await
    }

    /// A POST with a body of the given content type (file uploads).
    pub async fn post_bytes(&self, path: &str, content_type: &str, body: Vec<u8>) -> Resp {
        send(self.request(Method::POST, path).header("content-type", content_type).body(body)).await
    }
}

pub struct Resp {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

async fn send(rb: RequestBuilder) -> Resp {
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

    /// Asserts a problem+json response with this status; returns the body.
    pub fn problem(&self, status: u16) -> Value {
        assert_eq!(self.status.as_u16(), status, "body: {}", self.body);
        assert_eq!(self.header("content-type"), Some("application/problem+json"), "problem content type");
        self.json()
    }
}

/// A value as askama writes it into HTML.
pub fn html(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#x27;")
}
