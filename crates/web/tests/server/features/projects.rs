//! The project register and status history (issue 5, first slice) over real
//! HTTP: CRUD with ETags, the status history that only grows (one audit row
//! per change), validation, the portfolio filters, who may do what, and the
//! pages. Every check runs on SQLite and, with `KUMPPANI_TEST_POSTGRES_URL`,
//! on PostgreSQL.

use kumppani_testkit::RawSql;

use crate::harness::{Client, Resp, TestApp, html};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

on_both_backends! { TestApp;
    crud_with_etags_and_one_audit_row_per_change => crud_sqlite, crud_postgres;
    status_history_only_grows => status_history_sqlite, status_history_postgres;
    validation_names_every_bad_field => validation_sqlite, validation_postgres;
    portfolio_filters => filters_sqlite, filters_postgres;
    roles_decide_who_reads_and_edits => roles_sqlite, roles_postgres;
    pages_render_and_post => pages_sqlite, pages_postgres;
}

/// Two customers in different segments: (id, segment id) each.
async fn two_customers(app: &TestApp) -> ((i64, i64), (i64, i64)) {
    let rows = app.db.fetch_all("SELECT id, segment_id FROM customers ORDER BY id", &[]).await.expect("customers");
    let all: Vec<(i64, i64)> = rows.iter().map(|r| (r.get("id").unwrap(), r.get("segment_id").unwrap())).collect();
    let first = all[0];
    let second = *all.iter().find(|c| c.1 != first.1).expect("customers in two segments");
    (first, second)
}

async fn body(app: &TestApp, name: &str, customer: Option<i64>, executive: &str, manager: &str) -> Value {
    json!({
        "name": name,
        "customer_id": customer,
        "executive_id": app.user_id(executive).await,
        "project_manager_id": app.user_id(manager).await,
        "stage": "initiating",
        "starts_on": "2026-02-01",
        "ends_on": "2026-11-30",
        "tolerance_time": "± 2 weeks",
        "tolerance_cost": "± 10 %",
        "tolerance_scope": "Must-haves only",
    })
}

async fn create(c: &Client, body: &Value) -> Value {
    let r = c.json(Method::POST, "/api/v1/projects", body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    r.json()
}

fn etag(r: &Resp) -> i64 {
    r.header("etag").expect("ETag").trim_matches('"').parse().expect("numeric ETag")
}

async fn crud_with_etags_and_one_audit_row_per_change(app: &TestApp) {
    let head = app.client_as("esimies").await;
    let ((customer, _), _) = two_customers(app).await;
    let mark = app.audit_mark().await;
    let b = body(app, "Asianhallinnan uudistus", Some(customer), "esimies", "pp.jokinen").await;
    let r = head.json(Method::POST, "/api/v1/projects", &b).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(etag(&r), 1);
    let p = r.json();
    let id = p["id"].as_i64().unwrap();
    assert_eq!(p["customer_id"], customer);
    assert_eq!(p["project_manager_name"], "Katja Jokinen");
    assert_eq!(p["stage"], "initiating");
    assert_eq!(p["status"], Value::Null);
    let audit = app.audit_since(mark).await;
    assert_eq!(audit.len(), 1, "{audit:?}");
    assert_eq!(
        (audit[0].action.as_str(), audit[0].entity.as_str(), audit[0].entity_id),
        ("create", "project", Some(id))
    );

    let r = head.get(&format!("/api/v1/projects/{id}")).await;
    assert_eq!((r.status, etag(&r)), (StatusCode::OK, 1));

    // Into delivery stage 2; an internal project now.
    let mut changed = b.clone();
    changed["stage"] = json!("delivery");
    changed["stage_number"] = json!(2);
    changed["customer_id"] = Value::Null;
    let path = format!("/api/v1/projects/{id}");
    let r = head.json(Method::PUT, &path, &changed).await;
    assert_eq!(r.problem(428)["status"], 428);
    let mark = app.audit_mark().await;
    let r = head.json_if(Method::PUT, &path, 1, &changed).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(etag(&r), 2);
    assert_eq!(r.json()["customer_id"], Value::Null);
    let audit = app.audit_since(mark).await;
    assert_eq!(audit.len(), 1, "{audit:?}");
    let fields: Vec<&str> = audit[0].changes.as_array().unwrap().iter().map(|c| c["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["customer", "stage", "stage_number"]);

    // The same version again is stale and changes nothing.
    let mark = app.audit_mark().await;
    let r = head.json_if(Method::PUT, &path, 1, &b).await;
    assert_eq!(r.problem(412)["status"], 412);
    assert!(app.audit_since(mark).await.is_empty());
    assert_eq!(head.get(&path).await.json()["stage"], "delivery");

    // Saving what is saved records nothing.
    let r = head.json_if(Method::PUT, &path, 2, &changed).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(app.audit_since(mark).await.is_empty());
    assert_eq!(head.get("/api/v1/projects/999999999").await.problem(404)["status"], 404);
}

async fn status_history_only_grows(app: &TestApp) {
    let pm = app.client_as("pp.jokinen").await;
    let p = create(&pm, &body(app, "Intranetin uudistus", None, "esimies", "pp.jokinen").await).await;
    let id = p["id"].as_i64().unwrap();
    let path = format!("/api/v1/projects/{id}/status");
    assert_eq!(pm.get(&path).await.json(), json!([]));
    for (rag, text) in [("green", "Käynnistys sujui."), ("amber", "Testaus kaksi viikkoa myöhässä.")] {
        let mark = app.audit_mark().await;
        let r = pm.json(Method::POST, &path, &json!({"rag": rag, "highlight": text})).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        let s = r.json();
        assert_eq!((s["rag"].as_str(), s["author_name"].as_str()), (Some(rag), Some("Katja Jokinen")));
        let audit = app.audit_since(mark).await;
        assert_eq!(audit.len(), 1, "exactly one audit row per status update: {audit:?}");
        assert_eq!((audit[0].action.as_str(), audit[0].entity.as_str()), ("create", "project_status"));
        assert_eq!(audit[0].entity_id, s["id"].as_i64());
    }
    let history = pm.get(&path).await.json();
    let rags: Vec<&str> = history.as_array().unwrap().iter().map(|s| s["rag"].as_str().unwrap()).collect();
    assert_eq!(rags, ["amber", "green"], "newest first, the older one kept");
    let project = pm.get(&format!("/api/v1/projects/{id}")).await.json();
    assert_eq!(project["status"]["rag"], "amber");
    assert_eq!(project["status"]["highlight"], "Testaus kaksi viikkoa myöhässä.");
    assert_eq!(project["version"], 1, "a status update does not move the project's version");
    // The database refuses to rewrite history.
    assert!(app.db.execute("UPDATE project_status SET rag = 'green'", &[]).await.is_err());
    assert!(app.db.execute("DELETE FROM project_status", &[]).await.is_err());
    // A bad update is refused whole.
    let r = pm.json(Method::POST, &path, &json!({"rag": "blue", "highlight": " "})).await;
    let problem = r.problem(422);
    let fields: Vec<&str> =
        problem["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["rag", "highlight"]);
    assert_eq!(pm.get(&path).await.json().as_array().unwrap().len(), 2);
    assert_eq!(pm.get("/api/v1/projects/999999999/status").await.problem(404)["status"], 404);
}

async fn validation_names_every_bad_field(app: &TestApp) {
    let head = app.client_as("esimies").await;
    let fields = |r: &Resp| -> Vec<String> {
        r.problem(422)["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap().to_owned()).collect()
    };
    let mut b = body(app, " ", None, "esimies", "pp.jokinen").await;
    b["stage"] = json!("delivery");
    b["ends_on"] = json!("2026-01-01");
    b["tolerance_cost"] = json!("x".repeat(501));
    let r = head.json(Method::POST, "/api/v1/projects", &b).await;
    assert_eq!(fields(&r), ["name", "stage_number", "ends_on", "tolerance_cost"]);
    // References: a customer that does not exist, an external member as Executive.
    let mut b = body(app, "Viittaukset", Some(999_999_999), "ulkoinen", "pp.jokinen").await;
    let r = head.json(Method::POST, "/api/v1/projects", &b).await;
    assert_eq!(fields(&r), ["customer_id", "executive_id"]);
    b["stage"] = json!("stage_7");
    let r = head.json(Method::POST, "/api/v1/projects", &b).await;
    assert_eq!(fields(&r), ["stage"]);
    let r = head.get("/api/v1/projects?rag=purple").await;
    assert_eq!(fields(&r), ["rag"]);
    assert_eq!(app.db.fetch_one("SELECT COUNT(*) AS n FROM projects", &[]).await.unwrap().get::<i64>("n").unwrap(), 0);
}

fn names(r: &Resp) -> Vec<String> {
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.json()["items"].as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap().to_owned()).collect()
}

async fn portfolio_filters(app: &TestApp) {
    let head = app.client_as("esimies").await;
    let ((c1, s1), (c2, s2)) = two_customers(app).await;
    let a = create(&head, &body(app, "A-projekti", Some(c1), "esimies", "pp.jokinen").await).await;
    let mut bb = body(app, "B-projekti", Some(c2), "esimies", "pp.lahtinen").await;
    bb["stage"] = json!("closing");
    let b = create(&head, &bb).await;
    create(&head, &body(app, "C-sisäinen", None, "esimies", "pp.lahtinen").await).await;
    for (p, rag) in [(&a, "green"), (&a, "red"), (&b, "green")] {
        let path = format!("/api/v1/projects/{}/status", p["id"]);
        let r = head.json(Method::POST, &path, &json!({"rag": rag, "highlight": "x"})).await;
        assert_eq!(r.status, StatusCode::CREATED);
    }
    let get = |q: String| {
        let head = &head;
        async move { names(&head.get(&format!("/api/v1/projects{q}")).await) }
    };
    assert_eq!(get(String::new()).await, ["A-projekti", "B-projekti", "C-sisäinen"]);
    assert_eq!(get(format!("?customer_id={c1}")).await, ["A-projekti"]);
    assert_eq!(get(format!("?segment_id={s2}")).await, ["B-projekti"]);
    assert_ne!(s1, s2);
    let lahtinen = app.user_id("pp.lahtinen").await;
    assert_eq!(get(format!("?project_manager_id={lahtinen}")).await, ["B-projekti", "C-sisäinen"]);
    assert_eq!(get("?stage=closing".into()).await, ["B-projekti"]);
    // By the latest status only: A went from green to red.
    assert_eq!(get("?rag=red".into()).await, ["A-projekti"]);
    assert_eq!(get("?rag=green".into()).await, ["B-projekti"]);
    assert_eq!(get("?rag=none".into()).await, ["C-sisäinen"]);
    assert_eq!(get(format!("?rag=green&project_manager_id={lahtinen}&stage=initiating")).await, Vec::<String>::new());
}

async fn denied_rows(app: &TestApp, mark: i64) -> usize {
    app.audit_since(mark).await.iter().filter(|r| r.action == "denied").count()
}

async fn roles_decide_who_reads_and_edits(app: &TestApp) {
    let head = app.client_as("esimies").await;
    let jokinen = app.client_as("pp.jokinen").await;
    let staff = app.client_as("marko.ahonen").await;
    let external = app.client_as("ulkoinen").await;
    let partner = app.client_as("kp.virtanen").await;

    let theirs = create(&head, &body(app, "Lahtisen projekti", None, "esimies", "pp.lahtinen").await).await;
    let theirs_id = theirs["id"].as_i64().unwrap();
    // A project manager creates projects they run; not others'.
    let own_body = body(app, "Jokisen projekti", None, "esimies", "pp.jokinen").await;
    let own = create(&jokinen, &own_body).await;
    let own_id = own["id"].as_i64().unwrap();
    let r = jokinen
        .json(Method::POST, "/api/v1/projects", &body(app, "Ei oma", None, "esimies", "pp.lahtinen").await)
        .await;
    assert_eq!(r.problem(422)["errors"][0]["field"], "project_manager_id");
    // A partnership manager creates one they own as Executive.
    create(&partner, &body(app, "Virtasen projekti", None, "kp.virtanen", "pp.lahtinen").await).await;

    // Every staff role reads every project and its history.
    for c in [&staff, &jokinen, &partner] {
        assert_eq!(names(&c.get("/api/v1/projects").await).len(), 3);
        assert_eq!(c.get(&format!("/api/v1/projects/{theirs_id}")).await.status, StatusCode::OK);
        assert_eq!(c.get(&format!("/api/v1/projects/{theirs_id}/status")).await.status, StatusCode::OK);
    }

    // Staff cannot edit: 403, and the refusal is audited.
    let mark = app.audit_mark().await;
    let r = staff.json_if(Method::PUT, &format!("/api/v1/projects/{own_id}"), 1, &own_body).await;
    r.problem(403);
    let r = staff
        .json(Method::POST, &format!("/api/v1/projects/{own_id}/status"), &json!({"rag": "red", "highlight": "x"}))
        .await;
    r.problem(403);
    let r = staff.json(Method::POST, "/api/v1/projects", &own_body).await;
    r.problem(403);
    assert_eq!(denied_rows(app, mark).await, 3);

    // External board members see nothing yet: every project looks missing.
    let mark = app.audit_mark().await;
    for path in [
        "/api/v1/projects".to_owned(),
        format!("/api/v1/projects/{own_id}"),
        format!("/api/v1/projects/{own_id}/status"),
    ] {
        external.get(&path).await.problem(404);
    }
    assert_eq!(external.get("/projects").await.status, StatusCode::NOT_FOUND);
    assert_eq!(external.get(&format!("/projects/{own_id}")).await.status, StatusCode::NOT_FOUND);
    assert!(denied_rows(app, mark).await >= 3);

    // The project manager edits their own project only.
    let mut changed = own_body.clone();
    changed["tolerance_time"] = json!("± 1 week");
    let r = jokinen.json_if(Method::PUT, &format!("/api/v1/projects/{own_id}"), 1, &changed).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let status = json!({"rag": "green", "highlight": "Hyvin menee."});
    let r = jokinen.json(Method::POST, &format!("/api/v1/projects/{own_id}/status"), &status).await;
    assert_eq!(r.status, StatusCode::CREATED);
    let mark = app.audit_mark().await;
    let theirs_body = body(app, "Lahtisen projekti", None, "esimies", "pp.lahtinen").await;
    jokinen.json_if(Method::PUT, &format!("/api/v1/projects/{theirs_id}"), 1, &theirs_body).await.problem(403);
    jokinen.json(Method::POST, &format!("/api/v1/projects/{theirs_id}/status"), &status).await.problem(403);
    assert_eq!(denied_rows(app, mark).await, 2);
    // Nor hand their own to someone else.
    let mut away = changed.clone();
    away["project_manager_id"] = json!(app.user_id("pp.lahtinen").await);
    let r = jokinen.json_if(Method::PUT, &format!("/api/v1/projects/{own_id}"), 2, &away).await;
    assert_eq!(r.problem(422)["errors"][0]["code"], "error-assign-forbidden");
    // The unit head edits any.
    let r = head.json_if(Method::PUT, &format!("/api/v1/projects/{theirs_id}"), 1, &theirs_body).await;
    assert_eq!(r.status, StatusCode::OK);
}

async fn pages_render_and_post(app: &TestApp) {
    let head = app.client_as("esimies").await;
    let staff = app.client_as("marko.ahonen").await;
    let ((customer, _), _) = two_customers(app).await;
    let p = create(&head, &body(app, "Sähköinen <asiointi>", Some(customer), "esimies", "pp.jokinen").await).await;
    let id = p["id"].as_i64().unwrap();

    // The status form on the project page appends to the history.
    let fields = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    };
    let r = head
        .form_fields(
            &format!("/projects/{id}/status"),
            &fields(&[("rag", "amber"), ("highlight", "Riski & myöhästyminen")]),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = head.form_fields(&format!("/projects/{id}/status"), &fields(&[("rag", ""), ("highlight", "")])).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("id=\"form-alert\""));

    // Portfolio and project page, for any staff member; no edit controls for staff.
    let r = staff.get("/projects").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Sähköinen") && !r.body.contains("<asiointi>"), "escaped: {}", r.body);
    assert!(r.body.contains("rag-amber"));
    assert!(r.body.contains("Riski &#38; myöhästyminen") || r.body.contains(&html("Riski & myöhästyminen")));
    assert!(r.body.contains("href=\"/projects\""), "nav link");
    assert!(!r.body.contains("/projects/new"));
    // The customer filter offers the customers that have projects, no others.
    let with_projects: i64 = app
        .db
        .fetch_one("SELECT COUNT(DISTINCT customer_id) AS n FROM projects WHERE customer_id IS NOT NULL", &[])
        .await
        .unwrap()
        .get("n")
        .unwrap();
    let filter = r.body.split("id=\"f-customer_id\"").nth(1).unwrap().split("</select>").next().unwrap();
    assert_eq!(filter.matches("<option").count() as i64, with_projects + 1, "one option each, and 'all'");
    assert!(filter.contains(&format!("value=\"{customer}\"")));
    let r = staff.get("/projects?rag=green").await;
    assert!(!r.body.contains("Sähköinen"));
    let r = staff.get(&format!("/projects/{id}")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Riski &#38; myöhästyminen") || r.body.contains(&html("Riski & myöhästyminen")));
    assert!(!r.body.contains(&format!("/projects/{id}/edit")));
    assert!(!r.body.contains(&format!("action=\"/projects/{id}/status\"")));
    let r = staff.get("/projects?lang=sv").await;
    assert_eq!(r.status, StatusCode::OK);

    // The unit head edits; a stale form is a conflict that keeps what was typed.
    let r = head.get(&format!("/projects/{id}")).await;
    assert!(r.body.contains(&format!("/projects/{id}/edit")));
    let r = head.get(&format!("/projects/{id}/edit")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("name=\"_csrf\""));
    let executive = app.user_id("esimies").await.to_string();
    let manager = app.user_id("pp.jokinen").await.to_string();
    let form = |name: &str, version: &str| {
        fields(&[
            ("name", name),
            ("executive_id", &executive),
            ("project_manager_id", &manager),
            ("stage", "delivery"),
            ("stage_number", "3"),
            ("version", version),
        ])
    };
    let r = head.form_fields(&format!("/projects/{id}"), &form("Uusi nimi", "1")).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = head.form_fields(&format!("/projects/{id}"), &form("Myöhässä kirjoitettu", "1")).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.body.contains("Myöhässä kirjoitettu"));
    assert!(r.body.contains("Uusi nimi"), "the current values beside");
    assert!(r.body.contains("name=\"version\" value=\"2\""));
    let saved = head.get(&format!("/api/v1/projects/{id}")).await.json();
    assert_eq!((saved["name"].as_str(), saved["stage_number"].as_i64()), (Some("Uusi nimi"), Some(3)));

    // A new project through the page form.
    let r = head.get("/projects/new").await;
    assert_eq!(r.status, StatusCode::OK);
    let r = head.form_fields("/projects", &form("Lomakkeelta", "0")).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = head.form_fields("/projects", &form("", "0")).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(staff.get("/projects/new").await.status, StatusCode::FORBIDDEN);
}
