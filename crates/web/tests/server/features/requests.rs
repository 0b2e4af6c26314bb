//! Customer contacts (issue 15): recorded over the API and the pages,
//! routed by the unit head's rules or the kind's default, given to the
//! manager or (while away) the deputy, re-routed by hand, moved to an
//! answer, every step on the timeline and in the audit trail.

use chrono::Duration;
use kumppani_app::centre_time::today;
use kumppani_testkit::RawSql;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::harness::{Resp, TestApp, create_customer_for};

on_both_backends! { TestApp;
    contacts_are_routed_held_and_followed => routed_sqlite, routed_postgres;
    routing_rules_decide_and_only_the_head_keeps_them => rules_sqlite, rules_postgres;
    contact_pages_record_show_and_move_on => pages_sqlite, pages_postgres;
    both_processes_run_from_the_customer_to_the_customer => processes_sqlite, processes_postgres;
    follow_up_counts_open_late_and_lead_times => follow_up_sqlite, follow_up_postgres;
    mail_becomes_contacts_once => mail_sqlite, mail_postgres;
    hand_overs_are_pushed_signed_and_retried => webhook_sqlite, webhook_postgres;
}

fn etag(r: &Resp) -> i64 {
    r.header("etag").expect("ETag").trim_matches('"').parse().expect("numeric ETag")
}

fn id(v: &Value) -> i64 {
    v["id"].as_i64().expect("id")
}

fn need(customer: i64, subject: &str) -> Value {
    json!({"customer_id": customer, "kind": "development_need", "received_via": "phone", "subject": subject})
}

async fn contacts_are_routed_held_and_followed(app: &TestApp) {
    let head = app.client_as("esimies").await;
    let staff = app.client_as("marko.ahonen").await;
    let partner = app.client_as("kp.virtanen").await;
    let other_partner = app.client_as("kp.korhonen").await;
    let (customer, _) = create_customer_for(app, &head, "Kangasalan kunta", "kp.virtanen", Some("kp.makinen")).await;

    // Anyone in the centre records; a development need goes to the manager.
    let mark = app.audit_mark().await;
    let r = staff.json(Method::POST, "/api/v1/requests", &need(customer, "Sähköinen allekirjoitus")).await;
    assert_eq!((r.status, etag(&r)), (StatusCode::CREATED, 1), "{}", r.body);
    let first = r.json();
    assert_eq!(first["channel"], "partnership_manager");
    assert_eq!((first["rule_id"].clone(), first["status"].clone()), (Value::Null, json!("open")));
    assert_eq!(first["holder_id"], app.user_id("kp.virtanen").await);
    let audit = app.audit_since(mark).await;
    assert_eq!(audit.len(), 1, "{audit:?}");
    assert_eq!((audit[0].action.as_str(), audit[0].entity.as_str()), ("create", "customer_request"));

    // While the manager is away, the named deputy is given it.
    let virtanen = app.user_id("kp.virtanen").await;
    app.add_absence(virtanen, today() - Duration::days(1), today() + Duration::days(3), "loma").await;
    let r = staff.json(Method::POST, "/api/v1/requests", &need(customer, "Uusi raportti")).await;
    assert_eq!(r.json()["holder_id"], app.user_id("kp.makinen").await, "{}", r.body);
    assert!(r.json()["holder_name"].is_string());

    // An incident goes to the service desk and nobody holds it.
    let body = json!({"customer_id": customer, "kind": "incident", "received_via": "email",
        "subject": "Verkkolevy", "received_at": "2026-12-01T08:15", "sender": "IT@Kangasala.fi"});
    let r = staff.json(Method::POST, "/api/v1/requests", &body).await;
    let incident = r.json();
    assert_eq!((incident["channel"].clone(), incident["holder_id"].clone()), (json!("service_desk"), Value::Null));
    assert_eq!(incident["sender"], "it@kangasala.fi");
    // 08:15 in Helsinki in December is 06:15 UTC.
    assert!(incident["received_at"].as_str().unwrap_or("").starts_with("2026-12-01T06:15"), "{incident}");

    // Bad input: each field named, nothing stored.
    let before = app.count("customer_requests").await;
    let bad = json!({"customer_id": customer, "kind": "wish", "received_via": "", "subject": " ",
        "received_at": "2099-01-01T10:00", "sender": "ei osoite"});
    let r = staff.json(Method::POST, "/api/v1/requests", &bad).await;
    let fields: Vec<String> = r.problem(422)["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| e["field"].as_str().unwrap_or("").to_owned())
        .collect();
    assert_eq!(fields, ["kind", "received_via", "subject", "sender"]);
    let future = json!({"customer_id": customer, "kind": "question", "received_via": "web", "subject": "x",
        "received_at": "2099-01-01T10:00"});
    assert_eq!(
        staff.json(Method::POST, "/api/v1/requests", &future).await.problem(422)["errors"][0]["field"],
        "received_at"
    );
    let (elsewhere, _) = create_customer_for(app, &head, "Oriveden kaupunki", "kp.korhonen", None).await;
    let r = head
        .json(Method::POST, &format!("/api/v1/customers/{elsewhere}/contacts"), &json!({"name": "Olli Ojala"}))
        .await;
    let contact = id(&r.json());
    let wrong = json!({"customer_id": customer, "contact_id": contact, "kind": "question", "received_via": "web", "subject": "x"});
    assert_eq!(
        staff.json(Method::POST, "/api/v1/requests", &wrong).await.problem(422)["errors"][0]["code"],
        "error-contact-elsewhere"
    );
    let nobody = json!({"customer_id": 999_999_999, "kind": "question", "received_via": "web", "subject": "x"});
    assert_eq!(
        staff.json(Method::POST, "/api/v1/requests", &nobody).await.problem(422)["errors"][0]["field"],
        "customer_id"
    );
    assert_eq!(app.count("customer_requests").await, before);

    // Working it: staff may not; another partner may not touch this customer's.
    let path = format!("/api/v1/requests/{}", id(&first));
    let answered = json!({"status": "answered"});
    staff.json_if(Method::PUT, &format!("{path}/status"), 1, &answered).await.problem(403);
    other_partner.json_if(Method::PUT, &format!("{path}/status"), 1, &answered).await.problem(403);
    // Handing over is for the service desk channel only.
    let r = partner.json_if(Method::PUT, &format!("{path}/status"), 1, &json!({"status": "handed_over"})).await;
    assert_eq!(r.problem(422)["errors"][0]["code"], "error-not-service-desk");

    // Re-routing by hand: the rule no longer decides, the person does.
    let r = partner.json_if(Method::PUT, &format!("{path}/channel"), 1, &json!({"channel": "service_desk"})).await;
    assert_eq!((r.status, etag(&r)), (StatusCode::OK, 2), "{}", r.body);
    let moved = r.json();
    assert_eq!((moved["channel"].clone(), moved["routed_by"].clone()), (json!("service_desk"), json!(virtanen)));
    assert_eq!(moved["holder_id"], Value::Null);
    // A stale version is refused and changes nothing.
    let r = partner.json_if(Method::PUT, &format!("{path}/status"), 1, &answered).await;
    assert_eq!(r.problem(412)["current_version"], 2);
    let r = partner
        .json_if(
            Method::PUT,
            &format!("{path}/status"),
            2,
            &json!({"status": "handed_over", "desk_reference": "INC-4711"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.json()["handed_over_at"].is_string());
    // The hand-over file for the service desk names it by Kumppani's reference.
    let csv = partner.get("/requests/handovers.csv").await;
    assert_eq!(csv.header("content-type"), Some("text/csv; charset=utf-8"));
    let line = csv.body.lines().find(|l| l.starts_with(&format!("KP-{},", id(&first)))).unwrap_or_default();
    assert!(line.contains("Sähköinen allekirjoitus") && line.ends_with(",handed_over,INC-4711"), "{}", csv.body);
    assert!(csv.body.starts_with("reference,handed_over_at,received_at,customer"), "{}", csv.body);
    let r = head.json_if(Method::PUT, &format!("{path}/status"), 3, &answered).await;
    let done = r.json();
    assert_eq!((done["status"].clone(), done["desk_reference"].clone()), (json!("answered"), json!("INC-4711")));
    let answered_at = done["answered_at"].clone();
    assert!(answered_at.is_string(), "{done}");
    // Closing later keeps the time of the first answer.
    let r = head.json_if(Method::PUT, &format!("{path}/status"), 4, &json!({"status": "closed"})).await;
    assert_eq!(r.json()["answered_at"], answered_at);
    // Re-routing what is answered is refused.
    let r = head.json_if(Method::PUT, &format!("{path}/channel"), 5, &json!({"channel": "partnership_manager"})).await;
    assert_eq!(r.problem(422)["errors"][0]["code"], "error-request-done");

    // The timeline tells it in order, with who did what.
    let events: Vec<(String, String)> = head
        .get(&format!("{path}/timeline"))
        .await
        .json()
        .as_array()
        .expect("timeline")
        .iter()
        .map(|e| (e["event"].as_str().unwrap_or("").to_owned(), e["detail"].as_str().unwrap_or("").to_owned()))
        .collect();
    let expected = [
        ("received", "phone"),
        ("routed", "partnership_manager"),
        ("rerouted", "service_desk"),
        ("status", "handed_over"),
        ("status", "answered"),
        ("status", "closed"),
    ];
    assert_eq!(events, expected.map(|(a, b)| (a.to_owned(), b.to_owned())));
    // Every write is in the audit trail, under the customer.
    let trail = app.audit_of("customer_request", id(&first)).await;
    let actions: Vec<&str> = trail.iter().map(|a| a.action.as_str()).collect();
    assert_eq!(
        actions,
        ["create", "denied", "update", "update", "update", "update"],
        "the other partner's try is on record too"
    );

    // The list: what waits for an answer, per channel, per holder.
    let active = head.get(&format!("/api/v1/requests?customer_id={customer}&status=active")).await.json();
    assert_eq!(active["total"], 2, "{active}");
    let desk = head.get(&format!("/api/v1/requests?customer_id={customer}&channel=service_desk")).await.json();
    assert_eq!(desk["total"], 2, "{desk}");
    let held = head.get(&format!("/api/v1/requests?holder_id={}", app.user_id("kp.makinen").await)).await.json();
    assert_eq!(held["items"][0]["subject"], "Uusi raportti");
    // The customer's side sees none of it.
    let external = app.client_as("ulkoinen").await;
    external.get(&path).await.problem(404);
    external.get("/api/v1/requests").await.problem(404);
}

async fn routing_rules_decide_and_only_the_head_keeps_them(app: &TestApp) {
    let head = app.client_as("esimies").await;
    let partner = app.client_as("kp.virtanen").await;
    let (customer, _) = create_customer_for(app, &head, "Lempäälän kunta", "kp.virtanen", None).await;

    // The shipped rule: a question saying a service is broken is an incident.
    let rules = head.get("/api/v1/routing-rules").await.json();
    let shipped = rules[0].clone();
    let q = json!({"customer_id": customer, "kind": "question", "received_via": "email",
        "subject": "Palkanlaskenta ei toimi", "body": "Aamusta asti."});
    let r = partner.json(Method::POST, "/api/v1/requests", &q).await.json();
    assert_eq!((r["channel"].clone(), r["rule_id"].clone()), (json!("service_desk"), shipped["id"].clone()), "{r}");
    let sv = json!({"customer_id": customer, "kind": "feedback", "received_via": "web", "subject": "Systemet fungerar inte"});
    assert_eq!(partner.json(Method::POST, "/api/v1/requests", &sv).await.json()["rule_id"], shipped["id"]);

    // A rule by sender domain, tried first, sends even incidents to the manager.
    let body = json!({"name": "Lempäälän johto", "position": 1, "channel": "partnership_manager",
        "sender": "@Lempaala.fi", "active": true});
    partner.json(Method::POST, "/api/v1/routing-rules", &body).await.problem(403);
    let r = head.json(Method::POST, "/api/v1/routing-rules", &body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let rule = r.json();
    assert_eq!(rule["sender"], "@lempaala.fi");
    let incident = json!({"customer_id": customer, "kind": "incident", "received_via": "email",
        "subject": "Tulostin ei toimi", "sender": "kunnanjohtaja@lempaala.fi"});
    let r = partner.json(Method::POST, "/api/v1/requests", &incident).await.json();
    assert_eq!((r["channel"].clone(), r["rule_id"].clone()), (json!("partnership_manager"), rule["id"].clone()));
    assert_eq!(r["rule_name"], "Lempäälän johto");

    // Switched off, the rule decides nothing; the contact routed before keeps its decision.
    let mut off = body.clone();
    off["active"] = json!(false);
    let path = format!("/api/v1/routing-rules/{}", id(&rule));
    head.json(Method::PUT, &path, &off).await.problem(428);
    let r = head.json_if(Method::PUT, &path, 1, &off).await;
    assert_eq!((r.status, etag(&r)), (StatusCode::OK, 2), "{}", r.body);
    // The shipped rule is for questions and feedback: the incident's kind decides.
    let again = partner.json(Method::POST, "/api/v1/requests", &incident).await.json();
    assert_eq!((again["channel"].clone(), again["rule_id"].clone()), (json!("service_desk"), Value::Null), "{again}");
    let earlier = partner.get(&format!("/api/v1/requests/{}", id(&r_id(&partner, customer).await))).await.json();
    assert_eq!(earlier["rule_id"], rule["id"]);
    assert_eq!(app.audit_of("routing_rule", id(&rule)).await.len(), 2);

    // A rule needs a condition, and sane keywords and senders.
    let bad = json!({"name": "Kaikki", "position": 5, "channel": "service_desk", "sender": "@", "active": true});
    let r = head.json(Method::POST, "/api/v1/routing-rules", &bad).await;
    assert_eq!(r.problem(422)["errors"][0]["code"], "error-sender");
    let empty = json!({"name": "Kaikki", "position": 5, "channel": "service_desk", "active": true});
    let r = head.json(Method::POST, "/api/v1/routing-rules", &empty).await;
    assert_eq!(r.problem(422)["errors"][0]["code"], "error-rule-condition");
}

/// The first contact recorded from the sender rule's domain.
async fn r_id(c: &crate::harness::Client, customer: i64) -> Value {
    let page = c.get(&format!("/api/v1/requests?customer_id={customer}&kind=incident&limit=100")).await.json();
    page["items"].as_array().and_then(|items| items.last().cloned()).expect("an incident")
}

async fn contact_pages_record_show_and_move_on(app: &TestApp) {
    let head = app.client_as("esimies").await;
    let partner = app.client_as("kp.virtanen").await;
    let staff = app.client_as("marko.ahonen").await;
    let (customer, _) = create_customer_for(app, &head, "Pirkkalan kunta", "kp.virtanen", None).await;

    // From the customer: the form offers the customer's contact people.
    let r = head
        .json(Method::POST, &format!("/api/v1/customers/{customer}/contacts"), &json!({"name": "Päivi Pirkkala"}))
        .await;
    let contact = id(&r.json());
    let form = staff.get(&format!("/requests/new?customer_id={customer}")).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("Päivi Pirkkala"), "{}", form.body);

    // A form with errors comes back with the input and a message per field.
    let r = staff
        .form(
            "/requests",
            &[
                ("customer_id", &customer.to_string()),
                ("kind", "development_need"),
                ("received_via", "phone"),
                ("subject", ""),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("f-subject-error"), "{}", r.body);
    let r = staff
        .form(
            "/requests",
            &[
                ("customer_id", &customer.to_string()),
                ("contact_id", &contact.to_string()),
                ("kind", "development_need"),
                ("received_via", "meeting"),
                ("subject", "Asiakaspalautteen keruu"),
                ("body", "Kunta haluaa <b>kyselyn</b>."),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let at = r.location().to_owned();
    assert!(at.starts_with("/requests/"), "{at}");

    // The customer's change history stays about the customer's details: the
    // contact's own trail is on its page.
    let customer_page = partner.get(&format!("/customers/{customer}")).await;
    let raw = ["history-customer-request", "field-customer_request", "history-process-run"];
    assert!(raw.iter().all(|id| !customer_page.body.contains(id)), "{}", customer_page.body);

    // The page names the holder and why it is there, escapes what was typed,
    // and offers the controls only to those who may work it.
    let page = partner.get(&at).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Päivi Pirkkala") && page.body.contains("kyselyn"), "{}", page.body);
    assert!(!page.body.contains("<b>kyselyn"), "typed markup is escaped");
    assert!(page.body.contains(&format!("action=\"{at}/status\"")));
    let viewed = staff.get(&at).await;
    assert!(!viewed.body.contains(&format!("action=\"{at}/status\"")));

    // Moving it on from the page.
    let r = partner.form(&format!("{at}/status"), &[("version", "1"), ("status", "answered")]).await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, at.as_str()));
    let r = partner.form(&format!("{at}/notes"), &[("version", "1"), ("internal_notes", "x")]).await;
    assert!(r.location().ends_with("?notice=conflict"), "{}", r.location());
    let r = partner.form(&format!("{at}/status"), &[("version", "2"), ("status", "")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);

    // The lists in three languages.
    for (lang, word) in [("fi", "Asiakkaiden yhteydenotot"), ("sv", "Kundkontakter"), ("en", "Customer contacts")] {
        let list = partner.get_lang("/requests?status=all", lang).await;
        assert_eq!(list.status, StatusCode::OK);
        assert!(list.body.contains(word) && list.body.contains("Asiakaspalautteen keruu"), "{lang}");
    }
    let rules = staff.get_lang("/routing", "en").await;
    assert!(rules.body.contains("not working") && !rules.body.contains("/routing/new"), "{}", rules.body);
    assert_eq!(head.get("/routing/new").await.status, StatusCode::OK);
    let r = head
        .form(
            "/routing",
            &[
                ("name", "Palkat"),
                ("position", "3"),
                ("channel", "service_desk"),
                ("kind_incident", "on"),
                ("active", "on"),
            ],
        )
        .await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/routing"));
    let r = head.form("/routing", &[("name", "Tyhjä"), ("position", "3"), ("channel", "service_desk")]).await;
    assert!(r.status == StatusCode::UNPROCESSABLE_ENTITY && r.body.contains("f-kinds-error"), "{}", r.body);
}

/// Ends the current step of the contact's process with `outcome`.
async fn step(c: &crate::harness::Client, request: i64, outcome: &str, manager: Option<i64>) -> Resp {
    let path = format!("/api/v1/requests/{request}/process");
    let version = etag(&c.get(&path).await);
    let body = json!({"outcome": outcome, "project_manager_id": manager});
    c.json_if(Method::PUT, &format!("{path}/step"), version, &body).await
}

async fn both_processes_run_from_the_customer_to_the_customer(app: &TestApp) {
    let head = app.client_as("esimies").await;
    let partner = app.client_as("kp.virtanen").await;
    let (customer, _) = create_customer_for(app, &head, "Ylöjärven kaupunki", "kp.virtanen", None).await;
    let processes = partner.get("/api/v1/processes").await.json();
    let key_of = |k: &str| {
        processes.as_array().and_then(|a| a.iter().find(|t| t["template_key"] == k)).map(id).expect("shipped process")
    };
    let (launch, develop) = (key_of("development_project"), key_of("service_development"));

    // Launching a development project: the need becomes a project.
    let r = partner.json(Method::POST, "/api/v1/requests", &need(customer, "Asukaskyselyjen sähköistäminen")).await;
    let request = id(&r.json());
    let path = format!("/api/v1/requests/{request}/process");
    partner.get(&path).await.problem(404);
    // The need is in the customer's plan by itself, linked back.
    let plan_lines = async |kind: &str| -> Vec<i64> {
        let plan = partner.get(&format!("/api/v1/customers/{customer}/plan")).await.json();
        let sections = plan["plan"]["sections"].as_array().cloned().unwrap_or_default();
        sections
            .iter()
            .flat_map(|s| s["lines"].as_array().cloned().unwrap_or_default())
            .filter(|l| l["kind"] == kind)
            .filter_map(|l| l["source_id"].as_i64())
            .collect()
    };
    assert_eq!(plan_lines("request").await, [request]);
    let r = partner.json_if(Method::PUT, &path, 1, &json!({"template_id": launch})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let run = r.json();
    assert_eq!((run["run"]["position"].clone(), run["overdue"].clone()), (json!(1), json!(false)));
    assert!(run["due_on"].is_string());
    // Started once only.
    let r = partner.json_if(Method::PUT, &path, 1, &json!({"template_id": launch})).await;
    assert_eq!(r.problem(422)["errors"][0]["code"], "error-process-running");
    // An outcome the step does not offer is refused.
    assert_eq!(step(&partner, request, "approved", None).await.problem(422)["errors"][0]["code"], "error-outcome");
    for outcome in ["done", "done", "done", "approved"] {
        let r = step(&partner, request, outcome, None).await;
        assert_eq!(r.status, StatusCode::OK, "{outcome}: {}", r.body);
    }
    // The last step makes the project: a project manager is needed.
    let r = step(&partner, request, "done", None).await;
    assert_eq!(r.problem(422)["errors"][0]["field"], "project_manager_id");
    let jokinen = app.user_id("pp.jokinen").await;
    let r = step(&partner, request, "done", Some(jokinen)).await;
    let done = r.json();
    assert_eq!(done["run"]["status"], "finished", "{done}");
    let project = done["run"]["project_id"].as_i64().expect("a project");
    // Now a project, it is the plan's project line, not a need any more.
    assert_eq!((plan_lines("request").await, plan_lines("project").await), (vec![], vec![project]));
    let p = partner.get(&format!("/api/v1/projects/{project}")).await.json();
    assert_eq!(
        (p["name"].clone(), p["customer_id"].clone()),
        (json!("Asukaskyselyjen sähköistäminen"), json!(customer))
    );
    assert_eq!(
        (p["executive_id"].clone(), p["project_manager_id"].clone()),
        (json!(app.user_id("kp.virtanen").await), json!(jokinen))
    );
    // The end of the process is the customer's answer.
    let answered = partner.get(&format!("/api/v1/requests/{request}")).await.json();
    assert_eq!(answered["status"], "answered");
    assert!(answered["answered_at"].is_string());
    assert_eq!(step(&partner, request, "done", None).await.problem(422)["errors"][0]["code"], "error-process-finished");
    let timeline = partner.get(&format!("/api/v1/requests/{request}/timeline")).await.json();
    let events: Vec<&str> = timeline.as_array().expect("timeline").iter().filter_map(|e| e["event"].as_str()).collect();
    assert_eq!(events, ["received", "routed", "process", "step", "step", "step", "step", "step", "project", "status"]);

    // The contact's page draws the run with its current step, as text too.
    let page = partner.get(&format!("/requests/{request}")).await;
    assert!(page.body.contains("<svg") && page.body.contains("role=\"img\""), "{}", page.body);
    assert!(page.body.contains(&format!("/projects/{project}")));

    // Developing an existing service, ended by a no at the decision.
    let r = partner.json(Method::POST, "/api/v1/requests", &need(customer, "Palkkalaskelmien kieliversiot")).await;
    let second = id(&r.json());
    let r = partner
        .json_if(Method::PUT, &format!("/api/v1/requests/{second}/process"), 1, &json!({"template_id": develop}))
        .await;
    assert_eq!(r.json()["steps"].as_array().map(Vec::len), Some(6));
    for outcome in ["done", "done", "rejected"] {
        assert_eq!(step(&partner, second, outcome, None).await.status, StatusCode::OK);
    }
    let run = partner.get(&format!("/api/v1/requests/{second}/process")).await.json();
    assert_eq!((run["run"]["status"].clone(), run["run"]["position"].clone()), (json!("rejected"), json!(3)));
    // And the whole way through: six steps to the customer's confirmation.
    let r = partner.json(Method::POST, "/api/v1/requests", &need(customer, "Raporttipohjan päivitys")).await;
    let third = id(&r.json());
    partner
        .json_if(Method::PUT, &format!("/api/v1/requests/{third}/process"), 1, &json!({"template_id": develop}))
        .await;
    for outcome in ["done", "done", "approved", "done", "done", "done"] {
        assert_eq!(step(&partner, third, outcome, None).await.status, StatusCode::OK, "{outcome}");
    }
    assert_eq!(partner.get(&format!("/api/v1/requests/{third}")).await.json()["status"], "answered");

    // The unit head edits a step; a partner may only read it.
    let t = partner.get(&format!("/api/v1/processes/{develop}")).await.json();
    let s = &t["steps"][1];
    let draft = json!({"lane": "service_owner", "days": 15, "title_fi": "Vaikutukset arvioitu", "title_sv": s["title_sv"],
        "title_en": s["title_en"], "outcomes": ["done", "rejected"]});
    let spath = format!("/api/v1/process-steps/{}", id(s));
    partner.json_if(Method::PUT, &spath, 1, &draft).await.problem(403);
    let r = head.json_if(Method::PUT, &spath, 1, &draft).await;
    assert_eq!((r.status, etag(&r)), (StatusCode::OK, 2), "{}", r.body);
    let page = partner.get(&format!("/processes/{develop}")).await;
    assert!(page.body.contains("Vaikutukset arvioitu") && page.body.contains("<svg"), "{}", page.body);
    assert_eq!(app.audit_of("process_step", id(s)).await.len(), 1);
}

async fn follow_up_counts_open_late_and_lead_times(app: &TestApp) {
    let head = app.client_as("esimies").await;
    let (customer, _) = create_customer_for(app, &head, "Nokian kaupunki", "kp.virtanen", None).await;
    let segment = head.get(&format!("/api/v1/customers/{customer}")).await.json()["segment_name"].clone();
    // Three contacts received 2, 26 and 50 hours ago (typed in the centre's
    // time, as a call taken earlier would be), answered now; one left open.
    let local = chrono::Utc::now().with_timezone(&kumppani_app::centre_time::ZONE);
    for hours in [2, 26, 50] {
        let at = (local - Duration::hours(hours)).format("%Y-%m-%dT%H:%M").to_string();
        let body = json!({"customer_id": customer, "kind": "question", "received_via": "phone",
            "subject": format!("Kysymys {hours} h"), "received_at": at});
        let r = head.json(Method::POST, "/api/v1/requests", &body).await;
        let path = format!("/api/v1/requests/{}/status", id(&r.json()));
        let r = head.json_if(Method::PUT, &path, 1, &json!({"status": "answered"})).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    }
    let reopened = app.count("customer_requests").await;
    let open = head.json(Method::POST, "/api/v1/requests", &need(customer, "Avoin tarve")).await.json();
    // A process step started 30 days ago is late (its step allows 2 days).
    let processes = head.get("/api/v1/processes").await.json();
    let start = json!({"template_id": processes[0]["id"]});
    head.json_if(Method::PUT, &format!("/api/v1/requests/{}/process", id(&open)), 1, &start).await;
    let long_ago = chrono::Utc::now() - Duration::days(30);
    app.db
        .execute(
            "UPDATE process_runs SET step_started_at = $1 WHERE request_id = $2",
            &[long_ago.into(), id(&open).into()],
        )
        .await
        .expect("backdate the step");

    let d = head.get("/api/v1/requests/dashboard").await.json();
    let channel = d["open_by_channel"].as_array().expect("channels");
    assert_eq!(channel.len(), 1, "{d}");
    assert_eq!((channel[0]["key"].clone(), channel[0]["open"].clone()), (json!("partnership_manager"), json!(1)));
    assert_eq!(d["open_by_holder"][0]["open"], 1);
    assert_eq!(d["open_by_customer"][0]["name"], "Nokian kaupunki");
    assert_eq!(d["overdue"][0]["step"]["subject"], "Avoin tarve");
    // Hand-checked: sorted 2, 26, 50 h; the median is the 2nd, the 90th percentile the 3rd.
    let lead = &d["lead_time_by_process"][0];
    assert_eq!(
        (lead["name"].clone(), lead["lead_time"].clone()),
        (json!(""), json!({"count": 3, "median_hours": 26, "p90_hours": 50}))
    );
    let by_segment = &d["lead_time_by_segment"][0];
    assert_eq!((by_segment["name"].clone(), by_segment["lead_time"]["count"].clone()), (segment, json!(3)));

    // Opened again after its answer, a contact waits again; its first answer still counts.
    let again =
        head.json_if(Method::PUT, &format!("/api/v1/requests/{reopened}/status"), 2, &json!({"status": "open"})).await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.body);
    let d2 = head.get("/api/v1/requests/dashboard").await.json();
    assert_eq!(
        (d2["open_by_channel"][0]["open"].clone(), d2["lead_time_by_process"][0]["lead_time"]["count"].clone()),
        (json!(2), json!(3))
    );
    let active = head.get(&format!("/api/v1/requests?customer_id={customer}&status=active")).await.json();
    assert_eq!(active["total"], 2);
    let page = head.get_lang("/requests/dashboard", "en").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("Avoin tarve") && page.body.contains("26 h") && page.body.contains("2.1 days"),
        "{}",
        page.body
    );
    app.client_as("ulkoinen").await.get("/api/v1/requests/dashboard").await.problem(404);
}

const FINNISH_MAIL: &str = include_str!("../fixtures/mail/palkanlaskenta.eml");
const SWEDISH_MAIL: &str = include_str!("../fixtures/mail/rapport.eml");
const BROKEN_MAIL: &str = include_str!("../fixtures/mail/rikki.eml");

async fn mail_becomes_contacts_once(app: &TestApp) {
    let head = app.client_as("esimies").await;
    let staff = app.client_as("marko.ahonen").await;
    let (sastamala, _) = create_customer_for(app, &head, "Sastamalan kaupunki", "kp.virtanen", None).await;
    let (kristinestad, _) = create_customer_for(app, &head, "Kristiinankaupunki", "kp.virtanen", None).await;
    let person = json!({"name": "Päivi Pirkkala", "email": "Paivi.Pirkkala@sastamala.fi"});
    let r = head.json(Method::POST, &format!("/api/v1/customers/{sastamala}/contacts"), &person).await;
    let paivi = id(&r.json());
    let other = json!({"name": "Anna Berg", "email": "anna.berg@kristinestad.fi"});
    head.json(Method::POST, &format!("/api/v1/customers/{kristinestad}/contacts"), &other).await;

    let mbox = format!(
        "From paivi.pirkkala@sastamala.fi Fri Dec  4 07:15:00 2026\n{FINNISH_MAIL}\n\
         From sven.lindholm@kristinestad.fi Thu Dec  3 12:02:11 2026\n{SWEDISH_MAIL}\n\
         From okand@example.com Thu Dec  3 12:00:00 2026\n{BROKEN_MAIL}\n"
    );
    let r = staff.json(Method::POST, "/api/v1/requests/mail", &json!({"content": mbox})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let report = r.json();
    assert_eq!(
        (report["imported"].clone(), report["duplicates"].clone(), report["refused"].clone()),
        (json!(2), json!(0), json!(1))
    );
    assert_eq!(report["messages"][2]["reason"], "error-mail-sender-unknown");

    // By address: the contact person, and the shipped rule sends "ei toimi" to the service desk.
    let fi = head.get(&format!("/api/v1/requests/{}", report["messages"][0]["request_id"])).await.json();
    assert_eq!((fi["customer_id"].clone(), fi["contact_id"].clone()), (json!(sastamala), json!(paivi)));
    assert_eq!((fi["received_via"].clone(), fi["channel"].clone()), (json!("email"), json!("service_desk")));
    assert_eq!(fi["subject"], "Palkanlaskenta ei toimi aamupäivällä");
    let body = fi["body"].as_str().unwrap_or("");
    assert!(body.contains("päättyi virheeseen") && body.contains("virhe.png"), "{body}");
    assert!(!body.contains("<script"), "{body}");
    assert!(fi["received_at"].as_str().unwrap_or("").starts_with("2026-12-04T07:15:00"), "{fi}");
    // By domain: the only customer with contact people there; Latin-1 in base64 read right.
    let sv = head.get(&format!("/api/v1/requests/{}", report["messages"][1]["request_id"])).await.json();
    assert_eq!((sv["customer_id"].clone(), sv["contact_id"].clone()), (json!(kristinestad), Value::Null));
    assert_eq!(sv["subject"], "Förslag: ny rapport för ekonomiförvaltningen");
    assert!(sv["body"].as_str().unwrap_or("").contains("månatlig rapport"), "{sv}");
    assert_eq!(sv["channel"], "partnership_manager");

    // Read again: nothing new.
    let before = app.count("customer_requests").await;
    let again = staff.json(Method::POST, "/api/v1/requests/mail", &json!({"content": mbox})).await.json();
    assert_eq!((again["imported"].clone(), again["duplicates"].clone()), (json!(0), json!(2)));
    assert_eq!(app.count("customer_requests").await, before);
    // A huge message is refused with its reason; the rest still reads.
    let huge = format!("From: paivi.pirkkala@sastamala.fi\r\nSubject: Iso\r\n\r\n{}", "x".repeat(11 * 1024 * 1024));
    let r = staff.json(Method::POST, "/api/v1/requests/mail", &json!({"content": huge})).await.json();
    assert_eq!(r["messages"][0]["reason"], "error-mail-too-big");

    // The page: upload a message file, read the report.
    assert_eq!(staff.get("/requests/import").await.status, StatusCode::OK);
    let r = staff.upload("/requests/import", &[], ("file", "palkanlaskenta.eml", FINNISH_MAIL.as_bytes())).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("jo luettu"), "{}", r.body);
    app.client_as("ulkoinen")
        .await
        .json(Method::POST, "/api/v1/requests/mail", &json!({"content": ""}))
        .await
        .problem(404);
}

async fn hand_overs_are_pushed_signed_and_retried(app: &TestApp) {
    use kumppani_app::requests::handover::{self, Webhook};
    use std::sync::{Arc, Mutex};
    // A service desk that fails the first delivery and accepts the next.
    /// (signature, attempt, body) of each POST the service desk received.
    type Received = Vec<(String, String, Vec<u8>)>;
    let seen: Arc<Mutex<Received>> = Arc::default();
    let log = seen.clone();
    let desk = axum::Router::new().route(
        "/hook",
        axum::routing::post(move |headers: axum::http::HeaderMap, body: axum::body::Bytes| {
            let log = log.clone();
            async move {
                let header = |n: &str| headers.get(n).and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
                let mut log = log.lock().unwrap_or_else(|e| e.into_inner());
                log.push((header("x-kumppani-signature"), header("x-kumppani-attempt"), body.to_vec()));
                if log.len() == 1 { StatusCode::SERVICE_UNAVAILABLE } else { StatusCode::OK }
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a port");
    let address = listener.local_addr().expect("an address");
    tokio::spawn(async move { axum::serve(listener, desk).await });

    let head = app.client_as("esimies").await;
    let (customer, _) = create_customer_for(app, &head, "Hämeenkyrön kunta", "kp.virtanen", None).await;
    let body =
        json!({"customer_id": customer, "kind": "incident", "received_via": "phone", "subject": "Tulostin jumissa"});
    let r = head.json(Method::POST, "/api/v1/requests", &body).await.json();
    let path = format!("/api/v1/requests/{}", id(&r));
    head.json_if(Method::PUT, &format!("{path}/status"), 1, &json!({"status": "handed_over"})).await;

    let secret = "jaettu-salaisuus-2026";
    let hook = Webhook::new(&format!("http://{address}/hook"), secret, None).expect("a webhook");
    let client = handover::client().expect("a client");
    assert_eq!(handover::push_due(&app.db, &hook, &client).await.expect("a round"), 0);
    let log = head.get(&format!("{path}/deliveries")).await.json();
    assert_eq!((log[0]["ok"].clone(), log[0]["result"].clone()), (json!(false), json!("HTTP 503")));
    // Not due again yet: the retry waits.
    assert_eq!(handover::push_due(&app.db, &hook, &client).await.expect("a round"), 0);
    assert_eq!(seen.lock().map(|s| s.len()).unwrap_or(0), 1);
    let past = chrono::Utc::now() - Duration::seconds(1);
    app.db
        .execute("UPDATE customer_requests SET desk_next_push_at = $1 WHERE id = $2", &[past.into(), id(&r).into()])
        .await
        .expect("make the retry due");
    assert_eq!(handover::push_due(&app.db, &hook, &client).await.expect("a round"), 1);
    assert_eq!(handover::push_due(&app.db, &hook, &client).await.expect("a round"), 0, "delivered once");

    let seen = seen.lock().map(|s| s.clone()).unwrap_or_default();
    assert_eq!(seen.len(), 2);
    let (sig, attempt, body) = &seen[1];
    assert_eq!((sig.as_str(), attempt.as_str()), (handover::signature(secret, body).as_str(), "2"));
    let sent: Value = serde_json::from_slice(body).expect("JSON");
    assert_eq!(
        (sent["reference"].clone(), sent["subject"].clone()),
        (json!(format!("KP-{}", id(&r))), json!("Tulostin jumissa"))
    );
    let after = head.get(&path).await.json();
    assert!(after["desk_pushed_at"].is_string(), "{after}");
    assert_eq!(after["version"], 2, "the push does not make anyone's page stale");
    let log = head.get(&format!("{path}/deliveries")).await.json();
    assert_eq!(log.as_array().map(Vec::len), Some(2));
    let page = head.get(&format!("/requests/{}", id(&r))).await;
    assert!(page.body.contains("HTTP 503") && page.body.contains("HTTP 200"), "{}", page.body);
}
