//! Account plans (issue 4) over real HTTP: assembly from live data per
//! section, a changed source changing the plan, narrative and review with
//! the diff since it, staleness and cadence on the dashboard, the template,
//! history, who may do what, and the pages. Every check runs on SQLite and,
//! with `KUMPPANI_TEST_POSTGRES_URL`, on PostgreSQL.

use kumppani_testkit::RawSql;

use crate::harness::{Client, Resp, TestApp};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

on_both_backends! { TestApp;
    plan_is_assembled_from_live_data => assembly_sqlite, assembly_postgres;
    narrative_review_and_changes => review_sqlite, review_postgres;
    dashboard_staleness_and_cadence => dashboard_sqlite, dashboard_postgres;
    template_edits_change_every_plan => template_sqlite, template_postgres;
    roles_decide_who_reads_and_writes => roles_sqlite, roles_postgres;
    pages_render_and_post => pages_sqlite, pages_postgres;
}

const PARTNER: &str = "kp.virtanen";

fn etag(r: &Resp) -> i64 {
    r.header("etag").expect("ETag").trim_matches('"').parse().expect("numeric ETag")
}

fn fields(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
}

/// A customer of `manager` that buys a critical service: (customer, service).
async fn customer_of(app: &TestApp, manager: &str) -> (i64, i64) {
    let m = app.user_id(manager).await;
    let row = app
        .db
        .fetch_one(
            "SELECT c.id, MIN(cs.service_id) AS service FROM customers c
             JOIN customer_services cs ON cs.customer_id = c.id AND cs.critical = TRUE
             WHERE c.manager_id = $1 GROUP BY c.id ORDER BY c.id LIMIT 1",
            &[m.into()],
        )
        .await
        .expect("a customer with a critical service");
    (row.get("id").unwrap(), row.get("service").unwrap())
}

async fn plan(c: &Client, customer: i64) -> (Value, i64) {
    let r = c.get(&format!("/api/v1/customers/{customer}/plan")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let v = etag(&r);
    (r.json(), v)
}

/// The lines of the section filled from `source`.
fn lines<'a>(view: &'a Value, source: &str) -> &'a Vec<Value> {
    let sections = view["plan"]["sections"].as_array().expect("sections");
    let s = sections.iter().find(|s| s["source"] == source).unwrap_or_else(|| panic!("no {source} section"));
    s["lines"].as_array().expect("lines")
}

fn event_body(kind: &str, title: &str, on: &str, service: Option<i64>, status: &str) -> Value {
    json!({"kind": kind, "title": title, "on_date": on, "service_id": service, "owner_id": null, "status": status, "notes": ""})
}

async fn plan_is_assembled_from_live_data(app: &TestApp) {
    let pm = app.client_as(PARTNER).await;
    let head = app.client_as("esimies").await;
    let (customer, service) = customer_of(app, PARTNER).await;
    let (view, version) = plan(&pm, customer).await;
    let sources: Vec<&str> =
        view["plan"]["sections"].as_array().unwrap().iter().map(|s| s["source"].as_str().unwrap()).collect();
    assert_eq!(
        sources,
        ["basic", "projects", "critical_updates", "budget_meetings", "development_needs", "marketing_actions"]
    );
    assert_eq!(view["plan"]["sections"][0]["title_fi"], "Asiakkaan perustiedot");
    assert_eq!(view["plan"]["version"], version);
    // Basic information: from the customer register, each line linked there.
    let basic = lines(&view, "basic");
    assert!(basic.iter().any(|l| l["kind"] == "manager" && l["text"] == "Sanna Virtanen"), "{basic:?}");
    assert!(basic.iter().any(|l| l["kind"] == "service" && l["flag"] == "critical"));
    assert!(basic.iter().filter(|l| l["kind"] != "narrative").all(|l| l["derived"] == true && l["href"].is_string()));
    // Demo meetings are there, one planned ahead.
    assert!(lines(&view, "budget_meetings").iter().any(|l| l["status"] == "planned"));

    // A new critical update: recorded where it belongs, shown in the plan.
    let mark = app.audit_mark().await;
    let r = pm
        .json(
            Method::POST,
            &format!("/api/v1/customers/{customer}/events"),
            &event_body("critical_update", "Versiopäivitys 5.2", "2099-03-14", Some(service), "planned"),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let event = r.json()["id"].as_i64().unwrap();
    let audit = app.audit_since(mark).await;
    assert_eq!(audit.len(), 1, "{audit:?}");
    assert_eq!(
        (audit[0].action.as_str(), audit[0].entity.as_str(), audit[0].entity_id),
        ("create", "customer_event", Some(event))
    );
    let (view, _) = plan(&pm, customer).await;
    let line = lines(&view, "critical_updates").iter().find(|l| l["source_id"] == event).expect("the update").clone();
    assert_eq!(line["href"], format!("/events/{event}/edit"));
    assert_eq!((line["date"].as_str(), line["status"].as_str()), (Some("2099-03-14"), Some("planned")));

    // Changing the source changes the plan.
    let path = format!("/api/v1/events/{event}");
    let done = event_body("critical_update", "Versiopäivitys 5.2", "2099-03-14", Some(service), "done");
    assert_eq!(pm.json(Method::PUT, &path, &done).await.problem(428)["status"], 428);
    let r = pm.json_if(Method::PUT, &path, 1, &done).await;
    assert_eq!((r.status, etag(&r)), (StatusCode::OK, 2), "{}", r.body);
    assert_eq!(pm.json_if(Method::PUT, &path, 1, &done).await.problem(412)["status"], 412);
    let (view, _) = plan(&pm, customer).await;
    let line = lines(&view, "critical_updates").iter().find(|l| l["source_id"] == event).unwrap().clone();
    assert_eq!(line["status"], "done");

    // A project of the customer appears with its stage; a closed one goes.
    let body = json!({"name": "Arkistonmuodostus", "customer_id": customer,
        "executive_id": app.user_id("esimies").await, "project_manager_id": app.user_id("pp.jokinen").await,
        "stage": "delivery", "stage_number": 2});
    let r = head.json(Method::POST, "/api/v1/projects", &body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let project = r.json()["id"].as_i64().unwrap();
    let (view, _) = plan(&pm, customer).await;
    let p = lines(&view, "projects").iter().find(|l| l["source_id"] == project).expect("the project").clone();
    assert_eq!(
        (p["status"].as_str(), p["href"].as_str()),
        (Some("delivery-2"), Some(&*format!("/projects/{project}")))
    );

    // Validation: every bad field at once; a service the customer does not buy.
    let r = pm
        .json(
            Method::POST,
            &format!("/api/v1/customers/{customer}/events"),
            &event_body("x", " ", "1.1.2027", None, ""),
        )
        .await;
    let p = r.problem(422);
    let names: Vec<&str> = p["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(names, ["kind", "title", "on_date", "status"]);
    let unbought = app.db.fetch_one("SELECT MAX(id) AS id FROM services", &[]).await.unwrap().get::<i64>("id").unwrap();
    let bought = app
        .db
        .fetch_optional(
            "SELECT id FROM customer_services WHERE customer_id = $1 AND service_id = $2",
            &[customer.into(), unbought.into()],
        )
        .await
        .unwrap();
    if bought.is_none() {
        let b = event_body("critical_update", "Päivitys", "2099-01-01", Some(unbought), "planned");
        let r = pm.json(Method::POST, &format!("/api/v1/customers/{customer}/events"), &b).await;
        assert_eq!(r.problem(422)["errors"][0]["field"], "service_id");
    }
}

async fn narrative_review_and_changes(app: &TestApp) {
    let pm = app.client_as(PARTNER).await;
    let (customer, _) = customer_of(app, PARTNER).await;
    let (view, version) = plan(&pm, customer).await;
    let needs_section = view["plan"]["sections"][4]["section_id"].as_i64().unwrap();
    let notes_path = format!("/api/v1/customers/{customer}/plan/notes");
    let body = json!({"notes": [{"section_id": needs_section, "body": "Kysy arkistoinnista.\nSeuraava tapaaminen tammikuussa."}]});
    assert_eq!(pm.json(Method::PUT, &notes_path, &body).await.problem(428)["status"], 428);
    let mark = app.audit_mark().await;
    let r = pm.json_if(Method::PUT, &notes_path, version, &body).await;
    assert_eq!((r.status, etag(&r)), (StatusCode::OK, version + 1), "{}", r.body);
    let saved = r.json();
    let typed = lines(&saved, "development_needs").iter().filter(|l| l["derived"] == false).count();
    assert_eq!(typed, 2);
    assert_eq!(app.audit_since(mark).await.len(), 1);
    assert_eq!(pm.json_if(Method::PUT, &notes_path, version, &body).await.problem(412)["status"], 412);

    // Review: the plan as it stands is frozen; the version moves on.
    let review_path = format!("/api/v1/customers/{customer}/plan/review");
    let r = pm.request_review(&review_path, None).await;
    assert_eq!(r.problem(428)["status"], 428);
    let r = pm.request_review(&review_path, Some(version)).await;
    assert_eq!(r.problem(412)["status"], 412);
    let r = pm.request_review(&review_path, Some(version + 1)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["plan_version"], version + 2);
    let (view, now) = plan(&pm, customer).await;
    assert_eq!(now, version + 2);
    assert_eq!((view["staleness"].as_str(), view["changes_since_review"].as_i64()), (Some("current"), Some(0)));
    assert_eq!(view["reviewed_by"], "Sanna Virtanen");
    let r = pm.get(&format!("/api/v1/customers/{customer}/plan/changes")).await;
    assert_eq!(r.json()["sections"], json!([]));

    // A need comes up and a narrative line goes: the diff says so.
    let r = pm
        .json(
            Method::POST,
            &format!("/api/v1/customers/{customer}/events"),
            &event_body("development_need", "Sähköinen allekirjoitus", "2026-12-01", None, "planned"),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
    let body = json!({"notes": [{"section_id": needs_section, "body": "Kysy arkistoinnista."}]});
    assert_eq!(pm.json_if(Method::PUT, &notes_path, now, &body).await.status, StatusCode::OK);
    let changes = pm.get(&format!("/api/v1/customers/{customer}/plan/changes")).await.json();
    assert_eq!(changes["since"]["reviewer_name"], "Sanna Virtanen");
    let s = &changes["sections"][0];
    assert_eq!(s["section_id"], needs_section);
    let kinds: Vec<(&str, &str)> = s["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["change"].as_str().unwrap(), c["old"]["text"].as_str().or(c["new"]["text"].as_str()).unwrap()))
        .collect();
    assert_eq!(kinds, [("removed", "Seuraava tapaaminen tammikuussa."), ("added", "Sähköinen allekirjoitus")]);
    assert_eq!(plan(&pm, customer).await.0["changes_since_review"], 2);

    // History: the review with its snapshot, and who changed what.
    let h = pm.get(&format!("/api/v1/customers/{customer}/plan/history")).await.json();
    let reviews = h["reviews"].as_array().unwrap();
    assert!(reviews[0]["plan_version"] == version + 2 && reviews[0]["reviewer_name"] == "Sanna Virtanen");
    let entities: Vec<&str> = h["changes"].as_array().unwrap().iter().map(|e| e["entity"].as_str().unwrap()).collect();
    assert_eq!(&entities[..4], ["account_plan", "customer_event", "plan_review", "account_plan"]);
}

async fn dashboard_staleness_and_cadence(app: &TestApp) {
    let pm = app.client_as(PARTNER).await;
    let head = app.client_as("esimies").await;
    let me = app.user_id(PARTNER).await;
    let board = pm.get(&format!("/api/v1/plans?manager_id={me}")).await.json();
    let rows = board["rows"].as_array().unwrap();
    assert!(!rows.is_empty());
    assert!(rows.iter().all(|r| r["manager_id"] == me));
    // Stalest first: never reviewed, then overdue by most days, then by due date.
    let rank = |r: &Value| match r["staleness"].as_str().unwrap() {
        "never" => (0, 0),
        "overdue" => (1, -r["overdue_days"].as_i64().unwrap()),
        "due_soon" => (2, 0),
        _ => (3, 0),
    };
    assert!(
        rows.windows(2).all(|w| rank(&w[0]).0 <= rank(&w[1]).0 && (rank(&w[0]).0 != 1 || rank(&w[0]) <= rank(&w[1])))
    );
    // The automation goal of the demo data.
    let pct = board["automation_percent"].as_u64().unwrap();
    assert!(pct >= 80, "only {pct} % derived: {}", board["automation"]);
    // The whole centre comes a page at a time; the figures cover every page.
    let all = head.get("/api/v1/plans").await.json();
    assert_eq!(all["rows"].as_array().unwrap().len(), 50);
    assert_eq!(all["total"].as_u64(), Some(crate::harness::CUSTOMERS as u64));
    let rest = head.get(&format!("/api/v1/plans?after={}", all["next_cursor"].as_i64().unwrap())).await.json();
    assert_eq!(rest["rows"].as_array().unwrap().len(), crate::harness::CUSTOMERS - 50);
    assert!(rest["next_cursor"].is_null() && rest["automation"] == all["automation"]);

    // Reviewing moves a plan to the end; a longer cadence postpones its due date.
    let customer = rows[0]["customer_id"].as_i64().unwrap();
    let (view, v) = plan(&pm, customer).await;
    let r = pm.request_review(&format!("/api/v1/customers/{customer}/plan/review"), Some(v)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let (after, _) = plan(&pm, customer).await;
    assert_eq!(after["staleness"], "current");
    let due = after["review_due_on"].as_str().unwrap().to_owned();
    let t = head.get("/api/v1/plan-template").await;
    let tv = etag(&t);
    let tpl = t.json();
    let segment =
        tpl["cadences"].as_array().unwrap().iter().find(|c| c["segment_name"] == view["segment_name"]).unwrap().clone();
    assert_eq!(segment["months"], 3);
    let draft = json!({
        "sections": tpl["sections"].as_array().unwrap().iter().map(|s| json!({"id": s["id"], "source": s["source"],
            "title_fi": s["title_fi"], "title_sv": s["title_sv"], "title_en": s["title_en"]})).collect::<Vec<_>>(),
        "cadences": [{"segment_id": segment["segment_id"], "months": 12}],
    });
    let r = head.json_if(Method::PUT, "/api/v1/plan-template", tv, &draft).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let (after, _) = plan(&pm, customer).await;
    assert_eq!(after["cadence_months"], 12);
    assert!(after["review_due_on"].as_str().unwrap() > due.as_str());
}

async fn template_edits_change_every_plan(app: &TestApp) {
    let head = app.client_as("esimies").await;
    let pm = app.client_as(PARTNER).await;
    let (customer, _) = customer_of(app, PARTNER).await;
    let t = head.get("/api/v1/plan-template").await;
    let version = etag(&t);
    let tpl = t.json();
    let mut sections: Vec<Value> = tpl["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| json!({"id": s["id"], "source": s["source"], "title_fi": s["title_fi"], "title_sv": s["title_sv"], "title_en": s["title_en"]}))
        .collect();
    // Marketing first, renamed; a new text-only section; budgeting retired.
    let mut marketing = sections.pop().unwrap();
    marketing["title_sv"] = json!("Marknadsföring");
    sections.insert(0, marketing);
    sections.retain(|s| s["source"] != "budget_meetings");
    sections.push(json!({"source": "narrative", "title_fi": "Riskit", "title_sv": "Risker", "title_en": "Risks"}));
    let draft = json!({"sections": sections});
    assert_eq!(pm.json_if(Method::PUT, "/api/v1/plan-template", version, &draft).await.problem(403)["status"], 403);
    let mark = app.audit_mark().await;
    let r = head.json_if(Method::PUT, "/api/v1/plan-template", version, &draft).await;
    assert_eq!((r.status, etag(&r)), (StatusCode::OK, version + 1), "{}", r.body);
    let audit = app.audit_since(mark).await;
    assert_eq!(audit.len(), 1, "{audit:?}");
    assert_eq!(audit[0].entity, "plan_template");
    assert_eq!(head.json_if(Method::PUT, "/api/v1/plan-template", version, &draft).await.problem(412)["status"], 412);
    let (view, _) = plan(&pm, customer).await;
    let titles: Vec<&str> =
        view["plan"]["sections"].as_array().unwrap().iter().map(|s| s["title_sv"].as_str().unwrap()).collect();
    assert_eq!(titles.len(), 6);
    assert_eq!((titles[0], titles[5]), ("Marknadsföring", "Risker"));
    assert!(!titles.contains(&"Möten om budgetering och ekonomi"));
    // Bad rows are named by their place in the list.
    let bad = json!({"sections": [{"source": "weather", "title_fi": "", "title_sv": "x", "title_en": "x"}],
        "cadences": [{"segment_id": 1, "months": 99}]});
    let r = head.json_if(Method::PUT, "/api/v1/plan-template", version + 1, &bad).await;
    let names: Vec<String> =
        r.problem(422)["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap().to_owned()).collect();
    assert_eq!(names, ["source-0", "title_fi-0", "months-1"]);
}

async fn roles_decide_who_reads_and_writes(app: &TestApp) {
    let (customer, _) = customer_of(app, PARTNER).await;
    let path = format!("/api/v1/customers/{customer}/plan");
    // Plans are for those who look after customers.
    for user in ["marko.ahonen", "pp.jokinen", "ulkoinen"] {
        let c = app.client_as(user).await;
        assert_eq!(c.get(&path).await.problem(404)["status"], 404, "{user}");
        assert_eq!(c.get("/api/v1/plans").await.problem(404)["status"], 404, "{user}");
        let r = c
            .json(
                Method::POST,
                &format!("/api/v1/customers/{customer}/events"),
                &event_body("budget_meeting", "x", "2099-01-01", None, "planned"),
            )
            .await;
        assert_eq!(r.problem(404)["status"], 404, "{user}");
    }
    // Another partnership manager reads, but writes only their own.
    let other = app.client_as("kp.korhonen").await;
    let (_, v) = plan(&other, customer).await;
    let mark = app.audit_mark().await;
    let r = other
        .json(
            Method::POST,
            &format!("/api/v1/customers/{customer}/events"),
            &event_body("budget_meeting", "x", "2099-01-01", None, "planned"),
        )
        .await;
    assert_eq!(r.problem(403)["status"], 403);
    let r = other.request_review(&format!("{path}/review"), Some(v)).await;
    assert_eq!(r.problem(403)["status"], 403);
    let denied = app.audit_since(mark).await.iter().filter(|a| a.action == "denied").count();
    assert_eq!(denied, 2);
    // The deputy writes the plan while the manager is away, not before.
    let row = app
        .db
        .fetch_one(
            "SELECT c.id, u.username FROM customers c JOIN users u ON u.id = c.deputy_id
             WHERE c.manager_id = $1 ORDER BY c.id LIMIT 1",
            &[app.user_id(PARTNER).await.into()],
        )
        .await
        .unwrap();
    let (deputised, deputy): (i64, String) = (row.get("id").unwrap(), row.get("username").unwrap());
    let deputy = app.client_as(&deputy).await;
    let need = event_body("development_need", "Sijaisen kirjaama", "2099-01-01", None, "planned");
    let events_path = format!("/api/v1/customers/{deputised}/events");
    assert_eq!(deputy.json(Method::POST, &events_path, &need).await.problem(403)["status"], 403);
    let head = app.client_as("esimies").await;
    let today = chrono::Utc::now().date_naive();
    let away = json!({"starts_on": (today - chrono::Duration::days(2)).to_string(),
        "ends_on": (today + chrono::Duration::days(2)).to_string(), "note": "loma"});
    let r = head.json(Method::POST, &format!("/api/v1/users/{}/absences", app.user_id(PARTNER).await), &away).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(deputy.json(Method::POST, &events_path, &need).await.status, StatusCode::CREATED);

    // The unit head writes any plan.
    assert_eq!(head.request_review(&format!("{path}/review"), Some(v)).await.status, StatusCode::OK);
    assert_eq!(head.get("/api/v1/customers/999999999/plan").await.problem(404)["status"], 404);
}

async fn pages_render_and_post(app: &TestApp) {
    let pm = app.client_as(PARTNER).await;
    let (customer, service) = customer_of(app, PARTNER).await;
    let page = format!("/customers/{customer}/plan");
    let r = pm.get(&page).await;
    assert_eq!(r.status, StatusCode::OK);
    for text in [
        "Asiakkaan perustiedot",
        "Pienemmät kehittämistarpeet",
        "Merkitse katselmoiduksi",
        "asiakasrekisteri",
        "Automaatioaste",
    ] {
        assert!(r.body.contains(text), "the plan page lacks {text}");
    }
    let (_, version) = plan(&pm, customer).await;
    // A bad event re-renders what was typed, with the errors.
    let r = pm
        .form_fields(
            &format!("{page}/events"),
            &fields(&[
                ("kind", "critical_update"),
                ("title", "Typed päivitys"),
                ("on_date", "huomenna"),
                ("status", "planned"),
            ]),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("Typed päivitys") && r.body.contains("aria-invalid=\"true\""));
    let svc = service.to_string();
    let r = pm
        .form_fields(
            &format!("{page}/events"),
            &fields(&[
                ("kind", "critical_update"),
                ("title", "Lomakkeelta"),
                ("on_date", "2099-05-01"),
                ("service_id", &svc),
                ("status", "planned"),
                ("section_id", "3"),
            ]),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let event: i64 =
        app.db.fetch_one("SELECT MAX(id) AS id FROM customer_events", &[]).await.unwrap().get("id").unwrap();
    let r = pm.get(&format!("/events/{event}/edit")).await;
    assert!(r.status == StatusCode::OK && r.body.contains("Lomakkeelta"));
    let r = pm
        .form_fields(
            &format!("/events/{event}"),
            &fields(&[
                ("version", "1"),
                ("kind", "critical_update"),
                ("title", "Lomakkeelta"),
                ("on_date", "2099-05-01"),
                ("service_id", &svc),
                ("status", "done"),
            ]),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = pm
        .form_fields(
            &format!("/events/{event}"),
            &fields(&[
                ("version", "1"),
                ("kind", "critical_update"),
                ("title", "Myöhässä"),
                ("on_date", "2099-05-01"),
                ("service_id", &svc),
                ("status", "done"),
            ]),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.body.contains("Myöhässä"));
    // Narrative and review from the page.
    let v = version.to_string();
    let r = pm
        .form_fields(
            &format!("{page}/notes"),
            &fields(&[("version", &v), ("section_id", "1"), ("note", "Sivulta kirjoitettu huomio")]),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = pm
        .form_fields(
            &format!("{page}/notes"),
            &fields(&[("version", &v), ("section_id", "1"), ("note", "Vanhalla versiolla")]),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.body.contains("Vanhalla versiolla") && r.body.contains("Sivulta kirjoitettu huomio"));
    let v2 = (version + 1).to_string();
    assert_eq!(
        pm.form_fields(&format!("{page}/review"), &fields(&[("version", &v2)])).await.status,
        StatusCode::SEE_OTHER
    );
    let r = pm.get(&format!("{page}/history")).await;
    assert!(
        r.status == StatusCode::OK
            && r.body.contains("Sivulta kirjoitettu huomio")
            && r.body.contains("Sanna Virtanen")
    );
    assert_eq!(pm.get(&format!("{page}/changes")).await.status, StatusCode::OK);
    let r = pm.get("/plans").await;
    assert!(r.status == StatusCode::OK && r.body.contains(&format!("/customers/{customer}/plan")));
    // The template page is the unit head's.
    assert_eq!(pm.get("/plans/template").await.status, StatusCode::FORBIDDEN);
    let head = app.client_as("esimies").await;
    let r = head.get("/plans/template").await;
    assert_eq!(r.status, StatusCode::OK);
    let tv = app
        .db
        .fetch_one("SELECT version FROM plan_template", &[])
        .await
        .unwrap()
        .get::<i64>("version")
        .unwrap()
        .to_string();
    let mut f =
        vec![("version", tv.as_str()), ("rows", "2"), ("id-0", "1"), ("position-0", "1"), ("source-0", "basic")];
    f.extend([("title_fi-0", "Perustiedot"), ("title_sv-0", "Grunduppgifter"), ("title_en-0", "Basics")]);
    f.extend([
        ("position-1", "2"),
        ("source-1", "narrative"),
        ("title_fi-1", ""),
        ("title_sv-1", "Risker"),
        ("title_en-1", "Risks"),
    ]);
    let r = head.form_fields("/plans/template", &fields(&f)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("f-title_fi-1"));
    f.retain(|(k, _)| *k != "title_fi-1");
    f.push(("title_fi-1", "Riskit"));
    assert_eq!(head.form_fields("/plans/template", &fields(&f)).await.status, StatusCode::SEE_OTHER);
    let r = pm.get(&page).await;
    assert!(
        r.body.contains("Perustiedot") && r.body.contains("Riskit") && !r.body.contains("Pienemmät kehittämistarpeet")
    );
}

trait Review {
    async fn request_review(&self, path: &str, version: Option<i64>) -> Resp;
}

impl Review for Client {
    async fn request_review(&self, path: &str, version: Option<i64>) -> Resp {
        match version {
            Some(v) => self.json_if(Method::PUT, path, v, &json!(null)).await,
            None => self.json(Method::PUT, path, &json!(null)).await,
        }
    }
}
