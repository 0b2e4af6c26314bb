//! Hostile import files over real HTTP: a project file nested thousands of
//! levels deep, an element with 100,000 attributes and entity definitions
//! are each refused quickly with a translated error (and the server lives
//! on). Every check runs on SQLite and, with `KUMPPANI_TEST_POSTGRES_URL`,
//! on PostgreSQL.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[macro_use]
#[path = "common/harness.rs"]
#[allow(dead_code, reason = "shared by several test binaries; each uses a part")]
mod harness;

use std::time::{Duration, Instant};

use harness::{Client, Resp, TestApp};
use reqwest::{Method, StatusCode};
use serde_json::json;

on_both_backends! {
    hostile_project_files_are_refused_quickly => hostile_sqlite, hostile_postgres;
}

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
