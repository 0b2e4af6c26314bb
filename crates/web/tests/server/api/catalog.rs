//! Segments and the service catalogue: created and edited by unit heads
//! and administrators only.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::harness::{Client, TestApp};

on_both_backends! { TestApp;
    segments_create_and_update => sqlite_segments_create_and_update, postgres_segments_create_and_update;
    services_create_and_update => sqlite_services_create_and_update, postgres_services_create_and_update;
    only_heads_and_admins_edit_the_catalog => sqlite_only_heads_and_admins_edit_the_catalog, postgres_only_heads_and_admins_edit_the_catalog;
}

/// Create, read, update, conflicts and validation of one kind of record.
async fn named_lifecycle(app: &TestApp, c: &Client, base: &str) {
    let start = app.audit_rows().await;
    let r = c.json(Method::POST, base, &json!({"name": "  Uusi   toimintamalli ", "description": "Kokeilu"})).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.etag(), Some("\"1\""));
    let created = r.json();
    assert_eq!(created["name"], "Uusi toimintamalli");
    assert_eq!(created["description"], "Kokeilu");
    assert_eq!(created["customer_count"], 0);
    assert_eq!(app.audit_rows().await, start + 1);
    let id = created["id"].as_i64().expect("id");
    let path = format!("{base}/{id}");

    let r = c.get(&path).await;
    assert_eq!((r.status, r.etag()), (StatusCode::OK, Some("\"1\"")));
    let listed = c.get(base).await.json();
    assert!(listed.as_array().expect("list").iter().any(|n| n["id"] == id));

    let renamed = json!({"name": "Uudistettu toimintamalli", "description": "Vakiintunut"});
    c.json(Method::PUT, &path, &renamed).await.problem(428);
    assert_eq!(c.json_if(Method::PUT, &path, 3, &renamed).await.problem(412)["current_version"], 1);
    let r = c.json_if(Method::PUT, &path, 1, &json!({"name": " "})).await;
    assert_eq!(r.field_errors(), [("name".to_owned(), "error-required".to_owned())]);
    assert_eq!(app.audit_rows().await, start + 1, "refused updates");

    let r = c.json_if(Method::PUT, &path, 1, &renamed).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.etag(), Some("\"2\""));
    assert_eq!(r.json()["name"], "Uudistettu toimintamalli");
    assert_eq!(app.audit_rows().await, start + 2);

    // Names are unique within a kind.
    let existing = listed.as_array().expect("list").iter().find(|n| n["id"] != id).expect("a demo record").clone();
    let dup = c.json(Method::POST, base, &json!({"name": existing["name"]})).await;
    assert_eq!(dup.field_errors(), [("name".to_owned(), "error-name-taken".to_owned())]);
    let dup = c.json_if(Method::PUT, &path, 2, &json!({"name": existing["name"]})).await;
    assert_eq!(dup.field_errors(), [("name".to_owned(), "error-name-taken".to_owned())]);
    assert_eq!(app.audit_rows().await, start + 2, "refused duplicates");

    c.get(&format!("{base}/999999")).await.problem(404);
    c.get(&format!("{base}/x")).await.problem(404);
    c.json_if(Method::PUT, &format!("{base}/999999"), 1, &renamed).await.problem(404);
}

async fn segments_create_and_update(app: &TestApp) {
    let head = app.client_as("esimies").await;
    named_lifecycle(app, &head, "/api/v1/segments").await;
    // Customer counts follow the customers.
    let segments = head.get("/api/v1/segments").await.json();
    let total: i64 = segments.as_array().expect("list").iter().filter_map(|s| s["customer_count"].as_i64()).sum();
    assert_eq!(total, crate::harness::CUSTOMERS as i64);
}

async fn services_create_and_update(app: &TestApp) {
    let admin = app.client_as("admin").await;
    named_lifecycle(app, &admin, "/api/v1/services").await;
}

async fn only_heads_and_admins_edit_the_catalog(app: &TestApp) {
    let start = app.audit_rows().await;
    for (user, name) in
        [("marko.ahonen", "Marko Ahonen"), ("pp.jokinen", "Katja Jokinen"), ("kp.virtanen", "Sanna Virtanen")]
    {
        let c = app.client_as(user).await;
        let after_sign_in = app.audit_rows().await;
        for base in ["/api/v1/segments", "/api/v1/services"] {
            let list = c.get(base).await;
            assert_eq!(list.status, StatusCode::OK, "{user} reads {base}");
            let before = list.json();
            let first = before[0].clone();
            // Each refusal is audited: one `denied` row, and nothing else.
            let mark = app.audit_mark().await;
            let r = c.json(Method::POST, base, &json!({"name": format!("{user} loi tämän")})).await;
            assert_eq!(r.problem(403)["type"], "https://kumppani.fi/problems/forbidden", "{user} POST {base}");
            let mark = app.one_denial_since(mark, name, &format!("{user} POST {base}")).await.id;
            let path = format!("{base}/{}", first["id"]);
            let v = first["version"].as_i64().expect("version");
            c.json_if(Method::PUT, &path, v, &json!({"name": "Muutettu"})).await.problem(403);
            app.one_denial_since(mark, name, &format!("{user} PUT {path}")).await;
            let still = c.get(&path).await;
            assert_eq!(still.json()["name"], first["name"], "{user} changed nothing");
            assert_eq!(still.etag(), Some(format!("\"{v}\"").as_str()), "{user} changed nothing");
            assert_eq!(c.get(base).await.json(), before, "{user} added nothing to {base}");
        }
        assert_eq!(app.audit_rows().await, after_sign_in + 4, "{user}: one row per refused write");
    }
    assert!(app.audit_rows().await > start, "sign-ins are recorded");
}
