//! CSV import and customer activities (issue 8) over real HTTP: the API
//! endpoint and the upload page, bad rows reported by line, idempotent
//! re-import, one audit row per batch, who may import, and the "Recent
//! activities" of a customer's page and API. Every check runs on SQLite and,
//! with `KUMPPANI_TEST_POSTGRES_URL`, on PostgreSQL.

use kumppani_testkit::RawSql;

use crate::harness::{Client, TestApp};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

on_both_backends! { TestApp;
    api_imports_reports_and_is_idempotent => api_sqlite, api_postgres;
    only_heads_and_admins_import => roles_sqlite, roles_postgres;
    upload_page_imports_a_file => page_sqlite, page_postgres;
    customer_page_lists_recent_activities => activities_sqlite, activities_postgres;
}

const CUSTOMERS: &str = "external_id,name,segment,manager,business_id\n\
    ext-1,Tuontikunta,Tuodut,kp.virtanen,\n\
    ext-2,,Tuodut,,\n\
    ext-3,Toinen Tuontikunta,Tuodut,marko.ahonen,\n\
    ext-4,Kolmas Oy,Tuodut,,0737546-2\n";

async fn import(client: &Client, kind: &str, csv: &str) -> crate::harness::Resp {
    client.json(Method::POST, "/api/v1/imports", &json!({"kind": kind, "file_name": "t.csv", "csv": csv})).await
}

async fn customer_id(app: &TestApp, external_id: &str) -> i64 {
    let row = app.db.fetch_one("SELECT id FROM customers WHERE external_id = $1", &[external_id.into()]).await;
    row.expect("imported customer").get("id").expect("id")
}

async fn api_imports_reports_and_is_idempotent(app: &TestApp) {
    let head = app.client_as("esimies").await;
    let mark = app.audit_mark().await;
    let r = import(&head, "customers", CUSTOMERS).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let report = r.json();
    assert_eq!(
        (report["rows"].as_i64(), report["created"].as_i64(), report["rejected"].as_i64()),
        (Some(4), Some(2), Some(2))
    );
    assert_eq!(report["segments_created"], 1);
    let errors: Vec<(i64, String, String)> = report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["line"].as_i64().unwrap(), e["field"].as_str().unwrap().into(), e["code"].as_str().unwrap().into()))
        .collect();
    assert_eq!(
        errors,
        [(3, "name".into(), "error-required".into()), (4, "manager".into(), "error-not-a-manager".into())]
    );
    // One summary row for the batch: who, which file, what happened.
    let audit = app.audit_since(mark).await;
    assert_eq!(audit.len(), 1, "{audit:?}");
    let row = &audit[0];
    assert_eq!((row.action.as_str(), row.entity.as_str()), ("import", "import"));
    assert!(!row.actor_name.is_empty());
    let change = |f: &str| row.changes.as_array().unwrap().iter().find(|c| c["field"] == f).map(|c| c["new"].clone());
    assert_eq!(change("file"), Some(json!("t.csv")));
    assert_eq!(change("created"), Some(json!("2")));
    assert_eq!(change("rejected"), Some(json!("2")));

    // The imported customer is a customer like any other: found by search.
    let found = head.get("/api/v1/customers?q=tuontikunta").await.json();
    assert_eq!(found["total"], 1);

    let again = import(&head, "customers", CUSTOMERS).await.json();
    assert_eq!((again["created"].as_i64(), again["unchanged"].as_i64()), (Some(0), Some(2)));

    // A file without the required columns is refused whole, naming them.
    let p = import(&head, "contacts", "name\nX\n").await.problem(422);
    let fields: Vec<&str> = p["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["external_id", "customer"]);
    let p = import(&head, "invoices", CUSTOMERS).await.problem(422);
    assert_eq!(p["errors"][0]["field"], "kind");
}

async fn only_heads_and_admins_import(app: &TestApp) {
    let csv = "external_id,name,segment\nr-1,Roolikunta,Tuodut\n";
    assert_eq!(import(&app.client_as("admin").await, "customers", csv).await.status, StatusCode::OK);
    import(&app.client_as("kp.virtanen").await, "customers", csv).await.problem(403);
    import(&app.client_as("marko.ahonen").await, "customers", csv).await.problem(403);
    // External board members must not learn that customer data exists.
    import(&app.client_as("ulkoinen").await, "customers", csv).await.problem(404);
    assert_eq!(app.client_as("kp.virtanen").await.get("/import").await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.client_as("ulkoinen").await.get("/import").await.status, StatusCode::NOT_FOUND);
    // Navigation shows the page only to those who may use it.
    assert!(app.client_as("esimies").await.get("/customers").await.body.contains("href=\"/import\""));
    assert!(!app.client_as("kp.virtanen").await.get("/customers").await.body.contains("href=\"/import\""));
}

fn multipart(fields: &[(&str, Option<&str>, &str)]) -> (String, Vec<u8>) {
    let boundary = "kumppaniTestBoundary42";
    let mut body = String::new();
    for (name, file, value) in fields {
        body.push_str(&format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\""));
        if let Some(f) = file {
            body.push_str(&format!("; filename=\"{f}\"\r\nContent-Type: text/csv"));
        }
        body.push_str(&format!("\r\n\r\n{value}\r\n"));
    }
    body.push_str(&format!("--{boundary}--\r\n"));
    (format!("multipart/form-data; boundary={boundary}"), body.into_bytes())
}

async fn upload_page_imports_a_file(app: &TestApp) {
    let head = app.client_as("esimies").await;
    let page = head.get("/import").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("enctype=\"multipart/form-data\"") && page.body.contains("name=\"_csrf\""));
    assert!(page.body.contains("<code>external_id</code>"), "the columns are documented on the page");

    let csrf = head.csrf().await;
    let (ct, body) =
        multipart(&[("_csrf", None, &csrf), ("kind", None, "customers"), ("file", Some("asiakkaat.csv"), CUSTOMERS)]);
    let r = head.post_bytes("/import", &ct, body).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("asiakkaat.csv"));
    // The rejected line is listed with its reason, in Finnish by default.
    assert!(r.body.contains("<td class=\"num\">3</td><td>name</td>"), "{}", r.body);
    assert!(r.body.contains("Tieto on pakollinen."), "{}", r.body);

    // No token, no import.
    let (ct, body) = multipart(&[("kind", None, "customers"), ("file", Some("x.csv"), CUSTOMERS)]);
    assert_eq!(head.post_bytes("/import", &ct, body).await.status, StatusCode::FORBIDDEN);
    // No file: the form again, with the problem.
    let (ct, body) = multipart(&[("_csrf", None, &csrf), ("kind", None, "contacts")]);
    let r = head.post_bytes("/import", &ct, body).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("role=\"alert\""));
}

async fn customer_page_lists_recent_activities(app: &TestApp) {
    let head = app.client_as("esimies").await;
    assert_eq!(import(&head, "customers", CUSTOMERS).await.status, StatusCode::OK);
    let mut csv = String::from("external_id,customer,date,kind,title,owner,notes\n");
    for day in 1..=12 {
        csv.push_str(&format!("act-{day},ext-1,2026-03-{day:02},call,Soitto {day},kp.virtanen,\n"));
    }
    csv.push_str("act-x,ext-1,2026-02-30,call,Bad date,,\n");
    let report = import(&head, "activities", &csv).await.json();
    assert_eq!((report["created"].as_i64(), report["rejected"].as_i64()), (Some(12), Some(1)));
    assert_eq!(report["errors"][0], json!({"line": 14, "field": "date", "code": "error-date"}));

    let id = customer_id(app, "ext-1").await;
    let staff = app.client_as("marko.ahonen").await;
    let page: Value = staff.get(&format!("/api/v1/customers/{id}/activities")).await.json();
    assert_eq!(page["total"], 12);
    let titles: Vec<&str> = page["items"].as_array().unwrap().iter().map(|a| a["title"].as_str().unwrap()).collect();
    assert_eq!(titles.len(), 10);
    assert_eq!((titles[0], titles[9]), ("Soitto 12", "Soitto 3"), "newest first");
    let next = page["next_cursor"].as_i64().expect("a second page");
    let rest: Value = staff.get(&format!("/api/v1/customers/{id}/activities?after={next}")).await.json();
    let titles: Vec<&str> = rest["items"].as_array().unwrap().iter().map(|a| a["title"].as_str().unwrap()).collect();
    assert_eq!(titles, ["Soitto 2", "Soitto 1"]);
    assert!(rest["next_cursor"].is_null());
    assert!(page["items"][0]["owner_name"].is_string(), "the owner is named");

    let html = staff.get(&format!("/customers/{id}")).await;
    assert_eq!(html.status, StatusCode::OK);
    assert!(html.body.contains("id=\"activities-h\"") && html.body.contains("Soitto 12"));
    assert!(!html.body.contains("Soitto 2<"), "older ones are on the next page");
    let older = staff.get(&format!("/customers/{id}?activities_after={next}")).await;
    assert!(older.body.contains("Soitto 2") && !older.body.contains("Soitto 12"));
    // External board members see no activity either.
    app.client_as("ulkoinen").await.get(&format!("/api/v1/customers/{id}/activities")).await.problem(404);
    // Activities of a customer that does not exist: 404, not an empty list.
    staff.get("/api/v1/customers/999999/activities").await.problem(404);
}
