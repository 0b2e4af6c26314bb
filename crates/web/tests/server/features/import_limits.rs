//! Hostile and oversized import files over real HTTP: a project file nested
//! thousands of levels deep, an element with 100,000 attributes, entity
//! definitions and files over the size limit are each refused quickly with
//! a translated error (and the server lives on); an import is refused on
//! the caller's role before its body is read; an oversized CSV import
//! answers 413; the file name kept in the audit trail is a bounded base
//! name. Every check runs on SQLite and, with `KUMPPANI_TEST_POSTGRES_URL`,
//! on PostgreSQL.

use kumppani_testkit::RawSql;

use std::time::{Duration, Instant};

use crate::harness::{Client, Resp, TestApp};
use reqwest::{Method, StatusCode};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

on_both_backends! { TestApp;
    hostile_project_files_are_refused_quickly => hostile_sqlite, hostile_postgres;
    oversized_project_files_are_refused => oversized_sqlite, oversized_postgres;
    imports_check_the_role_before_reading_the_body => role_first_sqlite, role_first_postgres;
    oversized_csv_import_is_413 => csv_413_sqlite, csv_413_postgres;
    file_names_are_kept_as_bounded_base_names => file_name_sqlite, file_name_postgres;
}

/// Largest CSV import request (`api/data_import.rs`).
const MAX_CSV_REQUEST: usize = 32 * 1024 * 1024 + 64 * 1024;
/// Largest project file (`kumppani_domain::project_import::MAX_BYTES`).
const MAX_PROJECT_FILE: usize = kumppani_domain::project_import::MAX_BYTES;

async fn import_projects(client: &Client, content: &str) -> (Resp, Duration) {
    let started = Instant::now();
    let r = client.json(Method::POST, "/api/v1/projects/import", &json!({"content": content})).await;
    (r, started.elapsed())
}

fn code(r: &Resp) -> String {
    r.problem(422)["errors"][0]["code"].as_str().unwrap().to_owned()
}

fn billion_laughs() -> String {
    let mut xml = String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n");
    for i in 1..10 {
        let prev = if i == 1 { "lol".to_owned() } else { format!("lol{}", i - 1) };
        xml.push_str(&format!(" <!ENTITY lol{i} \"{}\">\n", format!("&{prev};").repeat(10)));
    }
    xml.push_str("]>\n<Project><Name>&lol9;</Name><Manager>Katja Jokinen</Manager></Project>");
    xml
}

async fn hostile_project_files_are_refused_quickly(app: &TestApp) {
    let head = app.client_as("esimies").await;
    let before: i64 = app.db.fetch_one("SELECT COUNT(*) AS n FROM projects", &[]).await.unwrap().get("n").unwrap();
    // 28 KB nested 4,000 levels deep overflowed the parser's stack and
    // ended the whole process.
    let deep = format!("<Project>{}{}</Project>", "<a>".repeat(4_000), "</a>".repeat(4_000));
    // 100,000 attributes on one element took 24 s to check.
    let attributes: String = (0..100_000).map(|i| format!(" a{i}=\"{i}\"")).collect();
    let wide = format!("<Project{attributes}><Name>Leveä</Name></Project>");
    let laughs = billion_laughs();
    for (content, expected) in [
        (deep.as_str(), "error-import-xml-depth"),
        (wide.as_str(), "error-import-xml-attributes"),
        (laughs.as_str(), "error-import-xml-dtd"),
    ] {
        let (r, took) = import_projects(&head, content).await;
        assert_eq!(code(&r), expected);
        assert!(took < Duration::from_secs(5), "{expected} took {took:?}");
        // Translated, like every error.
        assert!(!r.json()["errors"][0]["detail"].as_str().unwrap().starts_with("error-"), "{}", r.body);
    }
    // The server lives on, and nothing was written.
    assert_eq!(head.get("/healthz").await.status, StatusCode::OK);
    let after: i64 = app.db.fetch_one("SELECT COUNT(*) AS n FROM projects", &[]).await.unwrap().get("n").unwrap();
    assert_eq!(after, before);

    // The upload page says so in the reader's language.
    let r = head.upload("/projects/import", &[], ("file", "syva.xml", deep.as_bytes())).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("XML-tiedoston rakenne on liian syvä"), "{}", r.body);
}

async fn oversized_project_files_are_refused(app: &TestApp) {
    let head = app.client_as("esimies").await;
    // Over the file limit but within the request limit: the file's error.
    let big = format!("<Project>{}</Project>", " ".repeat(MAX_PROJECT_FILE));
    let (r, took) = import_projects(&head, &big).await;
    assert_eq!(code(&r), "error-import-too-large");
    assert!(took < Duration::from_secs(10), "{took:?}");
    // Over the request limit: 413, as problem+json.
    let huge = " ".repeat(2 * MAX_PROJECT_FILE + 128 * 1024);
    let (r, _) = import_projects(&head, &huge).await;
    assert_eq!(r.problem(413)["status"], 413);
}

/// The session cookie of a demo user, for requests written by hand.
async fn session_cookie(app: &TestApp, username: &str) -> String {
    let r = reqwest::Client::new()
        .post(format!("{}/api/v1/session", app.base))
        .json(&json!({"username": username, "password": kumppani_app::demo::DEMO_PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    r.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok()?.split(';').next())
        .find(|c| c.starts_with("kumppani_session=") && c.len() > "kumppani_session=".len())
        .expect("a session cookie")
        .to_owned()
}

/// Sends the head of a request announcing a body of `length` bytes, and
/// only the first bytes of that body; returns the status line of the
/// answer, if one comes while the rest of the body is still owed.
async fn answer_before_body(app: &TestApp, path: &str, cookie: &str, length: usize, start: &str) -> Option<String> {
    let address = app.base.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {address}\r\nCookie: {cookie}\r\nContent-Type: application/json\r\n\
         Content-Length: {length}\r\n\r\n{start}"
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let mut answer = vec![0u8; 4096];
    let n = tokio::time::timeout(Duration::from_secs(10), stream.read(&mut answer)).await.ok()?.ok()?;
    String::from_utf8_lossy(&answer[..n]).lines().next().map(str::to_owned)
}

async fn imports_check_the_role_before_reading_the_body(app: &TestApp) {
    // An external board member announces 40 MiB and sends a few bytes: the
    // answer is 404 at once (not 413 after reading it, nor a wait for it).
    let cookie = session_cookie(app, "ulkoinen").await;
    let start = r#"{"kind": "customers", "csv": "external_id,name,segment\n"#;
    let status = answer_before_body(app, "/api/v1/imports", &cookie, 40 << 20, start).await;
    assert_eq!(status.as_deref(), Some("HTTP/1.1 404 Not Found"));
    let status = answer_before_body(app, "/api/v1/projects/import", &cookie, 40 << 20, r#"{"content": ""#).await;
    assert_eq!(status.as_deref(), Some("HTTP/1.1 404 Not Found"));
    // Staff who may not import: 403, also before the body.
    let cookie = session_cookie(app, "kp.virtanen").await;
    let status = answer_before_body(app, "/api/v1/imports", &cookie, 40 << 20, start).await;
    assert_eq!(status.as_deref(), Some("HTTP/1.1 403 Forbidden"));

    // The JSON-only rule still holds for those who may import.
    let head = app.client_as("esimies").await;
    let r = head.post_bytes("/api/v1/imports", "text/plain", b"kind=customers".to_vec()).await;
    assert_eq!(r.problem(415)["status"], 415);
}

async fn oversized_csv_import_is_413(app: &TestApp) {
    let head = app.client_as("esimies").await;
    let mark = app.audit_mark().await;
    let mut csv = String::from("external_id,name,segment\n");
    csv.push_str(&"x".repeat(MAX_CSV_REQUEST));
    let r = head.json(Method::POST, "/api/v1/imports", &json!({"kind": "customers", "csv": csv})).await;
    let p = r.problem(413);
    assert!(p["detail"].as_str().unwrap().contains("liian suuri"), "{p}");
    assert!(app.audit_since(mark).await.iter().all(|a| a.action != "import"), "nothing imported");
}

async fn file_names_are_kept_as_bounded_base_names(app: &TestApp) {
    let head = app.client_as("esimies").await;
    let csv = "external_id,name,segment\nfn-1,Nimikunta,Tuodut\n";
    let long = format!("C:\\Users\\esimies\\Lataukset/{}.csv", "ä".repeat(100_000));
    let r =
        head.json(Method::POST, "/api/v1/imports", &json!({"kind": "customers", "file_name": long, "csv": csv})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let expected = "ä".repeat(200);
    // Compared as a verdict: a failure must not print 100,000 characters.
    assert!(r.json()["file"] == expected.as_str(), "the report's file name is the capped base name");
    let row = app
        .db
        .fetch_one("SELECT changes FROM audit_log WHERE action = 'import' ORDER BY id DESC LIMIT 1", &[])
        .await
        .unwrap();
    let changes: serde_json::Value = serde_json::from_str(&row.get::<String>("changes").unwrap()).unwrap();
    let file = changes.as_array().unwrap().iter().find(|c| c["field"] == "file").expect("the file's name");
    assert!(file["new"] == expected.as_str(), "the audit row keeps the capped base name");

    let r = head
        .json(
            Method::POST,
            "/api/v1/imports",
            &json!({"kind": "customers", "file_name": "/home/esimies/asiakkaat.csv", "csv": csv}),
        )
        .await;
    assert_eq!(r.json()["file"], "asiakkaat.csv");
}
